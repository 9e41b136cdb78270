/* SPDX-License-Identifier: MIT */
/* reason.h - the "why" the core stores, in no language until it is read.
 *
 * Owns: the form of the reasons stored with a mention (why it matched,
 * mentions.match_reason; why this category, mentions.reason) and of the
 * reasons rw_match and rw_classification carry: English text in which
 * every phrase to translate is a msgid between RW_REASON_OPEN and
 * RW_REASON_CLOSE, written with RW_REASON_WORD ("%s" between the marks)
 * and a string marked N_() so xgettext finds it; what comes from the text
 * or the configuration (a word, a name, a myth id) and the numbers stay
 * as they are.  rw_reason_render turns it into words at display time, in
 * the reader's language (the translator a front-end installed with
 * rw_err_set_translator) or in English.  A reason stored before this form
 * (plain English) reads as it is.
 * Must not: translate when the reason is made (a scan from cron runs in
 * the C locale; the doctor reads it later in French).
 */
#ifndef RW_REASON_H
#define RW_REASON_H

#include <stddef.h>

#define RW_REASON_OPEN "\x1e"
#define RW_REASON_CLOSE "\x1f"
/* A phrase to translate, in a printf format: its msgid is the argument. */
#define RW_REASON_WORD RW_REASON_OPEN "%s" RW_REASON_CLOSE

/* stored (NULL: "") in words into buf: each marked phrase translated
 * (translate 1: by the installed translator; 0: left in English, for
 * records programs read), the marks removed.  Returns buf. */
char *rw_reason_render(const char *stored, int translate, char *buf, size_t size);

#endif
