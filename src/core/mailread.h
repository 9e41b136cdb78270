/* SPDX-License-Identifier: MIT */
/* mailread.h - one e-mail, read by the sender template that knows it.
 *
 * Owns: parsing a raw RFC 5322 message with GMime (the MIME tree, the
 * transfer encodings, the charsets, RFC 2047 headers: all into UTF-8),
 * the mail templates kept as data in feeds/mail/ and the user's
 * $XDG_CONFIG_HOME/repwatch/mail/ (which override them by id): who sends
 * the mail (From address or domain, List-Id, Subject), which part is read
 * (the HTML or the text one) and the XPath rules of a page template's
 * [extract] over it (parse.h, rw_parse_page: a text part is read as one
 * paragraph a line); and the items that makes, with their links unwrapped
 * from redirect wrappers (diff.h) and the mail's date and id where the
 * rules give none.  Knows nothing of IMAP or the network: it takes bytes.
 * Must not: judge items (read.h does), write to the store, print.
 */
#ifndef RW_MAILREAD_H
#define RW_MAILREAD_H

#include <stddef.h>

#include "err.h"
#include "parse.h"

typedef struct rw_mail_templates rw_mail_templates;

/* The shipped mail templates (the data folder's mail/), then the user's
 * (user_dir, may be NULL or missing), which replace those of the same id.
 * NULL with err set when one cannot be read (the message names the file
 * and line). */
rw_mail_templates *rw_mail_templates_load(const char *data_dir, const char *user_dir, rw_err *err);

/* As above from the usual places: the data folder (datadir.h) and
 * $XDG_CONFIG_HOME/repwatch/mail. */
rw_mail_templates *rw_mail_templates_default(rw_err *err);

void rw_mail_templates_free(rw_mail_templates **ts);

size_t rw_mail_templates_count(const rw_mail_templates *ts);

/* What one mail was, for messages and `sources test`. */
typedef struct rw_mail_seen {
	char from[256];        /* the sender's address, "" when none */
	char subject[256];     /* decoded, cut */
	const char *template_id; /* the template that read it; NULL: none knows the sender */
	const char *verified;  /* its verified = value ("yes", "no") */
	size_t items;          /* items it gave */
} rw_mail_seen;

/* Read raw (len bytes) and append its items to feed (at most max items in
 * all).  truncated: the bytes are only the start of the mail (a size cap),
 * so a cut MIME structure is not held against it.  Returns RW_OK, with
 * seen->template_id NULL when no template knows the sender (nothing
 * added); RW_E_PARSE when the mail is not readable MIME (a multipart
 * without boundary, parts without headers, too deep...) or a template's
 * rules fail on it, the message saying which; RW_E_NOMEM. */
int rw_mail_read(const rw_mail_templates *ts, const char *raw, size_t len, int truncated, rw_feed *feed,
                 size_t max, rw_mail_seen *seen, rw_err *err);

#endif
