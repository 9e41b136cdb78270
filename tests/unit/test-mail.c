/* SPDX-License-Identifier: MIT */
/* MIME building blocks: encoded words, quoted-printable with CRLF and no
 * leading dots, the multipart/alternative message, and the delivery
 * settings refused before any connection. */
#include "mail.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Decode a header made of encoded words back to UTF-8 (the test's own,
 * independent decoder). */
static char *
decode_words(const char *h)
{
	char *out = calloc(1, strlen(h) + 1);
	size_t n = 0;
	const char *p = h;

	while ((p = strstr(p, "=?UTF-8?B?"))) {
		unsigned acc = 0;
		int bits = 0;
		for (p += 10; *p && *p != '?'; p++) {
			const char *c = strchr(b64, *p);
			if (*p == '=' || !c)
				continue;
			acc = acc << 6 | (unsigned)(c - b64);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[n++] = (char)(acc >> bits & 0xff);
			}
		}
	}
	out[n] = '\0';
	return out;
}

static int
max_line(const char *s)
{
	int longest = 0;
	const char *p = s;

	while (*p) {
		const char *e = strstr(p, "\r\n");
		int len = e ? (int)(e - p) : (int)strlen(p);
		if (len > longest)
			longest = len;
		if (!e)
			break;
		p = e + 2;
	}
	return longest;
}

static int
bare_lf(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p == '\n' && (p == s || p[-1] != '\r'))
			return 1;
	return 0;
}

int
main(void)
{
	char *h, *d, *q, *m, *id, date[64];
	const char *subject = "Résumé repwatch pour Dr Jeanne Dupont : 5 nouveautés — avis, presse, réseaux";
	rw_mail_headers mh;
	rw_smtp smtp;
	rw_err err = { 0 };

	h = rw_mail_encode_header("repwatch digest");
	is_str(h, "repwatch digest", "ASCII stays as it is");
	free(h);
	h = rw_mail_encode_header("a\r\nBcc: evil@example.org");
	ok(h && !strchr(h, '\r') && !strchr(h, '\n'), "CR and LF cannot end the header: %s", h);
	free(h);
	h = rw_mail_encode_header("looks like =?UTF-8?B?x?= a word");
	ok(h && !strncmp(h, "=?UTF-8?B?", 10), "ASCII that contains =? is encoded too");
	free(h);
	h = rw_mail_encode_header(subject);
	ok(h && !strncmp(h, "=?UTF-8?B?", 10), "non-ASCII is encoded");
	ok(h && max_line(h) <= 65, "encoded words of 64 characters, folded (%d)", h ? max_line(h) : -1);
	d = decode_words(h);
	is_str(d, subject, "the words decode back to the subject, no character split");
	free(d);
	free(h);

	q = rw_mail_quoted_printable(".hidden\nFrom here\nx = y \nété\n");
	is_str(q, "=2Ehidden\r\n=46rom here\r\nx =3D y=20\r\n=C3=A9t=C3=A9\r\n",
	       "leading dot, leading 'From ', '=', trailing space and UTF-8 encoded; LF becomes CRLF");
	free(q);
	q = rw_mail_quoted_printable("Fromage\nFrom\n");
	is_str(q, "Fromage\r\nFrom\r\n", "'From' without a space stays");
	free(q);
	{
		char longline[400];
		memset(longline, 'a', sizeof(longline) - 1);
		longline[sizeof(longline) - 1] = '\0';
		longline[75] = '.';    /* lands at the start of a soft-broken line */
		q = rw_mail_quoted_printable(longline);
		ok(q && max_line(q) <= 76, "soft line breaks keep lines at 76 (%d)", q ? max_line(q) : -1);
		ok(q && !strstr(q, "\r\n."), "no line of the result starts with a dot");
		free(q);
	}

	rw_mail_date(1793606400, date, sizeof(date));
	ok(strlen(date) > 25 && (strstr(date, "+") || strstr(date, "-")), "RFC 5322 date: %s", date);
	id = rw_mail_message_id("repwatch@cd.example", 1793606400);
	ok(id && !strncmp(id, "<repwatch.1793606400.", 21) && strstr(id, "@cd.example>"),
	   "Message-ID in the sender's domain: %s", id);

	memset(&mh, 0, sizeof(mh));
	mh.from = "repwatch@cd.example";
	mh.from_name = "repwatch";
	mh.to = "jeanne.dupont@example.org, secretariat@example.org";
	mh.subject = subject;
	mh.message_id = id;
	mh.date = 1793606400;
	m = rw_mail_build_alternative(&mh, "Bonjour\n.\nfin", "<p>Bonjour</p>\n.\n", &err);
	ok(m != NULL, "message built: %s", err.msg);
	if (m) {
		ok(!bare_lf(m), "CRLF line ends only");
		ok(max_line(m) <= 78, "no line longer than 78 (%d)", max_line(m));
		ok(strstr(m, "\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_repwatch_") != NULL,
		   "multipart/alternative with a =_ boundary");
		ok(strstr(m, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable") &&
		   strstr(m, "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"),
		   "text then HTML, UTF-8, quoted-printable");
		ok(strstr(m, "\r\nTo: jeanne.dupont@example.org,\r\n secretariat@example.org\r\n") != NULL,
		   "recipients folded one a line");
		ok(strstr(m, "\r\n.\r\n") == NULL && strstr(m, "\r\n=2E\r\n") != NULL,
		   "a lone dot line cannot end the SMTP data");
		ok(strstr(m, "Message-ID: <repwatch.") && strstr(m, "Date: ") && strstr(m, "MIME-Version: 1.0"),
		   "Message-ID, Date and MIME-Version");
	}
	free(m);
	free(id);

	memset(&smtp, 0, sizeof(smtp));
	smtp.from = "a@example.org";
	smtp.to = "b@example.org";
	smtp.server = "http://mail.example.org";
	rw_err_clear(&err);
	is_int(rw_mail_send(&smtp, "x", 1, &err), RW_E_USAGE, "http:// is not a mail server: %s", err.msg);
	smtp.server = NULL;
	rw_err_clear(&err);
	is_int(rw_mail_send(&smtp, "x", 1, &err), RW_E_USAGE, "no server: %s", err.msg);
	smtp.server = "smtp://127.0.0.1:1";
	smtp.to = " , ";
	rw_err_clear(&err);
	is_int(rw_mail_send(&smtp, "x", 1, &err), RW_E_USAGE, "no recipient: %s", err.msg);
	ok(rw_mail_plain_allowed("127.0.0.1") && rw_mail_plain_allowed("127.1.2.3") &&
	   rw_mail_plain_allowed("localhost") && rw_mail_plain_allowed("::1"), "loopback: plain SMTP allowed");
	ok(!rw_mail_plain_allowed("127.0.0.1.evil.example") && !rw_mail_plain_allowed("mail.example.org") &&
	   !rw_mail_plain_allowed("10.0.0.1") && !rw_mail_plain_allowed("localhost.example"),
	   "anything else: STARTTLS required");
	return tap_done();
}
