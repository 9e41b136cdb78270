/* SPDX-License-Identifier: MIT */
/* userlang.h - the language the person reading speaks.
 *
 * Owns: which of the catalogue's languages ("fr", "en") the front-ends pick
 * for texts that exist in both (a myth's claim and correction), from the
 * locale the program set (LANGUAGE, then LC_MESSAGES), as gettext does for
 * the messages.  Must not: change the locale.
 */
#ifndef RW_USERLANG_H
#define RW_USERLANG_H

/* "fr" or "en" (any other language reads the English texts, as it reads
 * the English messages); NULL in the C/POSIX locale, where nobody chose a
 * language (scripts, cron): the caller keeps its own default. */
const char *rw_user_lang(void);

#endif
