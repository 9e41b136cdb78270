/* SPDX-License-Identifier: MIT */
/* gbpadd.h - a google-business source written into repwatch.conf.
 *
 * Owns: the [source NAME] section of the listing the owner picked, as
 * `repwatch sources add --google-business` and the tray's Preferences both
 * write it, through the configuration's text editor (conffile.h).  Kept
 * apart from gbp.h, which the configuration's loader reaches (collect.h),
 * so that the core's files call each other one way.
 * Must not: save the file (the caller does), print, or touch the token.
 */
#ifndef RW_GBPADD_H
#define RW_GBPADD_H

#include "conffile.h"
#include "err.h"
#include "gbp.h"

/* Add [source g->name] for listing loc to f (not saved): its url (the
 * reviews list), category review, kind, location, subject (the listing's
 * title), allow_private when g->fetch_flags has RW_FETCH_ALLOW_PRIVATE,
 * and g's other addresses when set; comment (may be NULL) above it.  0, or
 * an rw_status (conffile.h's checks). */
int rw_gbpadd_source(rw_conffile *f, const rw_gbp_conf *g, const rw_gbp_location *loc, const char *comment,
                     rw_err *err);

#endif
