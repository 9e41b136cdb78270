/* SPDX-License-Identifier: MIT */
/* curlinit.h - libcurl's global initialisation, once per process.
 *
 * Owns: the one call of curl_global_init(), made once whatever the number
 * of threads that ask at the same time (pthread_once), and its result.
 * Every module that makes a curl handle (fetch.c, mail.c) asks here first.
 * Must not: clean libcurl up (curl_global_cleanup is not called: handles
 * may live until the process exits) or make handles itself.
 */
#ifndef RW_CURLINIT_H
#define RW_CURLINIT_H

#include "err.h"

/* RW_OK when libcurl is initialised (now or by an earlier call);
 * RW_E_NET with err set when it could not be, on this and every later call. */
int rw_curlinit(rw_err *err);

#endif
