/* SPDX-License-Identifier: MIT */
/* err.h - error values with a message for the user.
 *
 * Owns: rw_err, the caller-owned error record every core function fills
 * (curl's failf idea: the FIRST message wins, later ones are ignored so the
 * root cause is what the user reads).  Must not: print, exit or allocate.
 */
#ifndef RW_ERR_H
#define RW_ERR_H

#include <stddef.h>

enum rw_status {
	RW_OK = 0,
	RW_E_USAGE,      /* bad arguments or configuration */
	RW_E_IO,         /* file system: missing file, full disk, permissions */
	RW_E_NET,        /* a transfer failed */
	RW_E_PARSE,      /* input could not be read at all */
	RW_E_DB,         /* the database refused */
	RW_E_BUSY,       /* another scan holds the lock */
	RW_E_INTR,       /* interrupted by a signal */
	RW_E_NOMEM,
	RW_E_INTERNAL
};

typedef struct rw_err {
	int code;        /* enum rw_status; RW_OK when nothing was set */
	char msg[1024];
} rw_err;

/* Set *e (if e is non-NULL and not already set) to code and the formatted
 * message.  Returns code, so callers can `return rw_err_set(...)`. */
int rw_err_set(rw_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset e to RW_OK with an empty message.  Accepts NULL. */
void rw_err_clear(rw_err *e);

#endif
