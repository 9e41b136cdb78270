/* SPDX-License-Identifier: MIT */
/* digestrun.h - the digest of a period, as the configuration asks for it.
 *
 * Owns: turning [digest] and the practitioners of a configuration into
 * the options of rw_digest_collect (language, whom it is for, caps) with
 * misinformation given its myth's correction and sources (mythof.h), so
 * that `repwatch digest` and the tray's digest preview gather the same
 * digest.
 * Must not: print, send mail, or decide the period (the caller does).
 */
#ifndef RW_DIGESTRUN_H
#define RW_DIGESTRUN_H

#include <stdint.h>

#include "config.h"
#include "digest.h"
#include "err.h"
#include "store.h"

/* The digest of [since, until) from s, in cfg's [digest] lang, else in
 * lang ("fr" or "en").  When the myth catalogue does not load, misinformation
 * is listed with a note and *problem (if non-NULL) says why.  NULL with err
 * set on failure. */
rw_digest *rw_digestrun_collect(const rw_config *cfg, rw_store *s, int64_t since, int64_t until, const char *lang,
                                rw_err *problem, rw_err *err);

#endif
