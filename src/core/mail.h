/* SPDX-License-Identifier: MIT */
/* mail.h - an e-mail message and its delivery.
 *
 * Owns: the MIME building blocks (RFC 2047 encoded words for headers,
 * quoted-printable bodies with CRLF line ends in which no line starts with
 * a dot or "From ", RFC 5322 dates, Message-IDs, a multipart/alternative
 * message of a text and an HTML part) and delivery through libcurl's SMTP:
 * TLS required (STARTTLS or smtps://) except to the loopback address,
 * credentials passed to libcurl only, never logged.  Must not: know what
 * the message says, read the configuration or touch the database.
 */
#ifndef RW_MAIL_H
#define RW_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define RW_MAIL_MAX (4u << 20)  /* a digest larger than this is refused */

/* A header value from UTF-8 text: returned as is when it is printable
 * ASCII, otherwise as RFC 2047 "=?UTF-8?B?...?=" words of at most 64
 * characters folded with CRLF SP, split between characters.  Control
 * characters are dropped.  malloc'd; NULL when memory ran out. */
char *rw_mail_encode_header(const char *utf8);

/* Quoted-printable form of text (LF or CRLF line ends) with CRLF line ends
 * and lines of at most 76 characters.  malloc'd; NULL when memory ran out
 * or the result would pass RW_MAIL_MAX. */
char *rw_mail_quoted_printable(const char *text);

/* RFC 5322 date of t in local time ("Mon, 02 Nov 2026 08:00:00 +0100"). */
char *rw_mail_date(int64_t t, char *buf, size_t size);

/* "<repwatch.T.RANDOM@DOMAIN>" where DOMAIN is from's domain. malloc'd. */
char *rw_mail_message_id(const char *from, int64_t t);

typedef struct rw_mail_headers {
	const char *from;        /* address */
	const char *from_name;   /* display name, UTF-8; may be NULL */
	const char *to;          /* addresses, comma-separated */
	const char *subject;     /* UTF-8 */
	const char *message_id;  /* with its angle brackets */
	int64_t date;
} rw_mail_headers;

/* A complete message: the headers, then multipart/alternative with text
 * (text/plain) and html (text/html), both UTF-8 quoted-printable.  CRLF line
 * ends throughout.  malloc'd; NULL and err set on failure. */
char *rw_mail_build_alternative(const rw_mail_headers *h, const char *text, const char *html,
                                rw_err *err);

typedef struct rw_smtp {
	const char *server;      /* smtp://HOST[:PORT] or smtps://HOST[:PORT] */
	const char *user;        /* NULL: no authentication */
	const char *password;
	const char *from;        /* envelope sender */
	const char *to;          /* recipients, comma-separated */
	long timeout;            /* seconds for the whole exchange (0: 120) */
} rw_smtp;

/* Hand message (len bytes, CRLF) to the server.  Returns RW_OK only once
 * the server accepted it; RW_E_USAGE when the settings are unusable (plain
 * SMTP to a host that is not the loopback is never tried without TLS);
 * RW_E_NET with the server's answer or libcurl's message otherwise. */
int rw_mail_send(const rw_smtp *smtp, const char *message, size_t len, rw_err *err);

/* 1 when host may be reached by SMTP without TLS: 127.0.0.0/8 written as
 * an address, ::1, or localhost. */
int rw_mail_plain_allowed(const char *host);

/* Split "a@x, b@y" into its addresses: calls fn for each (trimmed, NUL-
 * terminated during the call).  Returns how many there were. */
size_t rw_mail_each_address(const char *list, void (*fn)(const char *addr, void *data), void *data);

#endif
