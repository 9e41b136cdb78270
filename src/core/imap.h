/* SPDX-License-Identifier: MIT */
/* imap.h - an alert mailbox (kind = imap, collect.h): its keys and its
 * collection over IMAP.
 *
 * Owns: the [source] keys of kind = imap; the IMAP session through
 * libcurl: libcurl connects (STARTTLS required for imap://, except to the
 * loopback address as for the digest's SMTP, mail.h; implicit TLS for
 * imaps://) and logs in (CURLOPT_CONNECT_ONLY), the commands after that
 * are this module's, so that the folder is opened read-only (EXAMINE) and
 * every mail is fetched with BODY.PEEK (no flag changes; only with
 * mark_seen = yes is the folder SELECTed and the mails that a template read
 * marked \Seen); the mails since the last UID seen, the folder's
 * UIDVALIDITY respected (a new one: read again from the start, the
 * store's identities keeping what was known); a cap per mail (the start
 * of a larger one is read, and it is named); the password from
 * password_file (not readable by others) or from the configuration when
 * that file is private (read by secret.h), given to libcurl only, never
 * logged.  A failure is kept as a reason to store (collect.h: reason,
 * reason.h) and said in the reader's words (error).  Each mail is read by
 * mailread.h.  State kept between scans (collect.h):
 * "imap UIDVALIDITY LAST-UID".
 * Must not: judge items, write to the store, print.
 */
#ifndef RW_IMAP_H
#define RW_IMAP_H

#include <stddef.h>

#include "collect.h"

#define RW_IMAP_KEYS "folder, user, password, password_file, mark_seen, max_mail_size, max_mails, since_days"

/* collect.h's kind functions for kind = imap. */
int rw_imap_check_key(const char *key, const char *value, char *why, size_t whysize);
int rw_imap_check_source(const rw_source *src, char *why, size_t whysize);
int rw_imap_collect(const rw_collect_in *in, rw_collect_out *out);

/* The folder name in IMAP's modified UTF-7 (RFC 3501 5.1.3) as a quoted
 * string ("\"Re&AOc-us\""), malloc'd; NULL when memory ran out or name
 * is not UTF-8. */
char *rw_imap_quote_folder(const char *name);

#endif
