/* SPDX-License-Identifier: MIT */
/* err.h - error values with a message for the user.
 *
 * Owns: rw_err, the caller-owned error record every core function fills
 * (curl's failf idea: the FIRST message wins, later ones are ignored so the
 * root cause is what the user reads).  Messages are in the user's language:
 * the core writes its message templates in English, marked N_() for
 * xgettext (msgid.h; po/POTFILES lists the core files that have some), and
 * rw_err_set looks every template up through the translator a front-end
 * installed (gettext); with none (unit tests, other programs) they stay
 * English.  Must not: print, exit or allocate.
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

/* msgid in the user's language, or msgid itself. */
typedef const char *(*rw_translate_fn)(const char *msgid);

/* Install the process-wide translator (NULL: none) before any thread
 * starts; the front-ends install gettext. */
void rw_err_set_translator(rw_translate_fn fn);

/* msgid ("" and NULL as they are) through the installed translator: for
 * core messages composed before they reach rw_err_set or an event. */
const char *rw_tr(const char *msgid) __attribute__((format_arg(1)));

/* Set *e (if e is non-NULL and not already set) to code and the formatted
 * message, fmt translated (rw_tr).  Returns code, so callers can
 * `return rw_err_set(...)`. */
int rw_err_set(rw_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset e to RW_OK with an empty message.  Accepts NULL. */
void rw_err_clear(rw_err *e);

#endif
