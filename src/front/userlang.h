/* SPDX-License-Identifier: MIT */
/* userlang.h - the language the person reading speaks.
 *
 * Owns: which of the catalogue's languages ("fr", "en") the front-ends pick
 * for texts that exist in both (a myth's claim and correction), from the
 * locale the program set (LANGUAGE, then LC_MESSAGES), as gettext does for
 * the messages; the translator the front-ends give the core.  Must not:
 * change the locale.
 */
#ifndef RW_USERLANG_H
#define RW_USERLANG_H

/* "fr" or "en" (any other language reads the English texts, as it reads
 * the English messages); NULL in the C/POSIX locale, where nobody chose a
 * language (scripts, cron): the caller keeps its own default. */
const char *rw_user_lang(void);

/* gettext in the program's text domain, as the core's translator
 * (err.h: rw_err_set_translator): its messages and the stored reasons
 * (reason.h) then read in the user's language. */
const char *rw_user_gettext(const char *msgid);

#endif
