/* SPDX-License-Identifier: MIT */
#include "mail.h"
#include "base64.h"
#include "buf.h"
#include "curlinit.h"
#include "fetch.h"
#include "log.h"
#include "msgid.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

/* The buffer's text, "" when nothing was added; NULL when memory ran out. */
static char *
steal(rw_buf *b)
{
	if (!b->data && rw_buf_addstr(b, ""))
		return NULL;
	return rw_buf_steal(b);
}

char *
rw_mail_encode_header(const char *utf8)
{
	/* 39 bytes become 52 base64 characters: "=?UTF-8?B?" + 52 + "?=" is 64,
	 * so "Subject: " and the first word stay within 78 columns. */
	enum { CHUNK = 39 };
	const unsigned char *s = (const unsigned char *)utf8;
	unsigned char clean[4096];
	size_t n = 0, i, start;
	int ascii = 1;
	rw_buf b;

	for (i = 0; s[i] && n < sizeof(clean) - 1; i++) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			continue;            /* no CR, LF or other control can end the header */
		if (s[i] >= 0x80)
			ascii = 0;
		clean[n++] = s[i];
	}
	if (s[i]) {                  /* cut at the cap: drop the last, maybe partial, character */
		while (n && (clean[n - 1] & 0xc0) == 0x80)
			n--;
		if (n && clean[n - 1] >= 0xc0)
			n--;
	}
	clean[n] = '\0';
	/* "=?" in plain text would read as the start of an encoded word */
	if (ascii && !strstr((char *)clean, "=?"))
		return strdup((char *)clean);
	rw_buf_init(&b, 16384);
	for (start = 0; start < n;) {
		size_t end = start + CHUNK < n ? start + CHUNK : n;
		while (end < n && end > start && (clean[end] & 0xc0) == 0x80)
			end--;            /* back to the first byte of a character */
		if (end == start)
			end = start + 1;
		if ((start && rw_buf_add(&b, "\r\n ", 3)) || rw_buf_addstr(&b, "=?UTF-8?B?") ||
		    rw_base64_encode(&b, clean + start, end - start) || rw_buf_addstr(&b, "?="))
			goto nomem;
		start = end;
	}
	return steal(&b);
nomem:
	rw_buf_free(&b);
	return NULL;
}

char *
rw_mail_quoted_printable(const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)text;
	rw_buf b;
	size_t col = 0;

	rw_buf_init(&b, RW_MAIL_MAX);
	for (;;) {
		unsigned char c = *p;
		char enc[3];
		size_t len;
		int at_eol = !c || c == '\n' || (c == '\r' && p[1] == '\n');

		if (at_eol) {
			if (!c)
				break;
			if (rw_buf_add(&b, "\r\n", 2))
				goto nomem;
			col = 0;
			p += c == '\r' ? 2 : 1;
			continue;
		}
		if (c >= 33 && c <= 126 && c != '=' && !(c == '.' && col == 0) &&
		    !(c == 'F' && col == 0 && !strncmp((const char *)p, "From ", 5))) {
			enc[0] = (char)c;
			len = 1;
		} else if ((c == ' ' || c == '\t') && p[1] && p[1] != '\n' && !(p[1] == '\r' && p[2] == '\n')) {
			enc[0] = (char)c;     /* inner space; a trailing one is encoded */
			len = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			len = 3;
		}
		if (col + len > 75) {      /* soft break: "=" ends the line at 76 */
			if (rw_buf_add(&b, "=\r\n", 3))
				goto nomem;
			col = 0;
			if (len == 1 && (enc[0] == '.' || enc[0] == 'F')) {
				/* the character now starts a line: re-check it */
				continue;
			}
		}
		if (rw_buf_add(&b, enc, len))
			goto nomem;
		col += len;
		p++;
	}
	return steal(&b);
nomem:
	rw_buf_free(&b);
	return NULL;
}

char *
rw_mail_date(int64_t t, char *buf, size_t size)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	long off;

	if (!localtime_r(&tt, &tm)) {
		snprintf(buf, size, "Thu, 01 Jan 1970 00:00:00 +0000");
		return buf;
	}
	off = tm.tm_gmtoff / 60;
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday], tm.tm_mday,
	         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
	         labs(off) / 60, labs(off) % 60);
	return buf;
}

char *
rw_mail_message_id(const char *from, int64_t t)
{
	unsigned char rnd[8];
	char hex[17], *out = NULL;
	const char *at = from ? strrchr(from, '@') : NULL;
	char domain[256];
	size_t i, n = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, rnd, sizeof(rnd)) != (ssize_t)sizeof(rnd)) {
		/* unique enough without: the time, the process and the address */
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)(((uint64_t)t * 2654435761u + (uint64_t)getpid() * 40503u) >> (i % 8 * 8));
	}
	if (fd >= 0)
		close(fd);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	if (at)
		for (at++; *at && n < sizeof(domain) - 1; at++)
			if (isalnum((unsigned char)*at) || *at == '.' || *at == '-')
				domain[n++] = *at;
	domain[n] = '\0';
	if (asprintf(&out, "<repwatch.%lld.%s@%s>", (long long)t, hex, n ? domain : "repwatch.invalid") < 0)
		return NULL;
	return out;
}

size_t
rw_mail_each_address(const char *list, void (*fn)(const char *, void *), void *data)
{
	const char *p = list;
	size_t count = 0;

	while (p && *p) {
		const char *q = strchr(p, ',');
		const char *e = q ? q : p + strlen(p);
		char one[320];
		while (p < e && isspace((unsigned char)*p))
			p++;
		while (e > p && isspace((unsigned char)e[-1]))
			e--;
		if (e > p && (size_t)(e - p) < sizeof(one)) {
			memcpy(one, p, (size_t)(e - p));
			one[e - p] = '\0';
			if (fn)
				fn(one, data);
			count++;
		}
		if (!q)
			break;
		p = q + 1;
	}
	return count;
}

static void
join_address(const char *addr, void *data)
{
	rw_buf *b = data;

	if (b->len)
		rw_buf_addstr(b, ",\r\n ");
	rw_buf_addstr(b, addr);
}

char *
rw_mail_build_alternative(const rw_mail_headers *h, const char *text, const char *html, rw_err *err)
{
	unsigned char rnd[12];
	char boundary[64], date[64];
	char *subject = NULL, *name = NULL, *qtext = NULL, *qhtml = NULL, *out = NULL;
	rw_buf b, to;
	size_t i;
	int fd;

	rw_buf_init(&b, RW_MAIL_MAX);
	rw_buf_init(&to, 64 * 1024);
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, rnd, sizeof(rnd)) != (ssize_t)sizeof(rnd))
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)((uint64_t)h->date >> (i % 8 * 8) ^ (uint64_t)(uintptr_t)&b >> (i % 4 * 8));
	if (fd >= 0)
		close(fd);
	/* "=_" never occurs in quoted-printable text, so the boundary cannot */
	strcpy(boundary, "=_repwatch_");
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(boundary + strlen(boundary), 3, "%02x", rnd[i]);

	subject = rw_mail_encode_header(h->subject ? h->subject : "");
	name = h->from_name ? rw_mail_encode_header(h->from_name) : NULL;
	qtext = rw_mail_quoted_printable(text ? text : "");
	qhtml = rw_mail_quoted_printable(html ? html : "");
	rw_mail_each_address(h->to, join_address, &to);
	if (!subject || (h->from_name && !name) || !qtext || !qhtml || !to.data) {
		rw_err_set(err, RW_E_NOMEM, "cannot build the message: out of memory or larger than %u bytes",
		           RW_MAIL_MAX);
		goto out;
	}
	rw_mail_date(h->date, date, sizeof(date));
	if (name)
		rw_buf_printf(&b, "From: %s <%s>\r\n", name, h->from);
	else
		rw_buf_printf(&b, "From: %s\r\n", h->from);
	rw_buf_printf(&b, "To: %s\r\n", to.data);
	rw_buf_printf(&b, "Subject: %s\r\n", subject);
	rw_buf_printf(&b, "Date: %s\r\n", date);
	rw_buf_printf(&b, "Message-ID: %s\r\n", h->message_id);
	rw_buf_printf(&b, "MIME-Version: 1.0\r\n");
	rw_buf_printf(&b, "Auto-Submitted: auto-generated\r\n");
	rw_buf_printf(&b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", boundary);
	rw_buf_printf(&b, "This is a message in MIME format: a plain text part and an HTML part.\r\n\r\n");
	rw_buf_printf(&b, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	                  "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	rw_buf_addstr(&b, qtext);
	rw_buf_printf(&b, "\r\n--%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
	                  "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	rw_buf_addstr(&b, qhtml);
	if (rw_buf_printf(&b, "\r\n--%s--\r\n", boundary)) {
		rw_err_set(err, RW_E_NOMEM, "cannot build the message: larger than %u bytes", RW_MAIL_MAX);
		goto out;
	}
	out = rw_buf_steal(&b);
out:
	rw_buf_free(&b);
	rw_buf_free(&to);
	free(subject);
	free(name);
	free(qtext);
	free(qhtml);
	return out;
}

/* ---- delivery ---- */

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *userp)
{
	struct upload *u = userp;
	size_t room = size * nmemb, n = u->len - u->pos;

	if (n > room)
		n = room;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* --debug=mail: the server's answers and libcurl's notes, never what the
 * client sends (AUTH lines carry the password in base64).  The server's
 * last answer is kept for the error message. */
static int
debug_cb(CURL *e, curl_infotype type, char *data, size_t size, void *userp)
{
	char *last = userp;

	(void)e;
	if (type == CURLINFO_TEXT || type == CURLINFO_HEADER_IN) {
		while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
			size--;
		if (size > 400)
			size = 400;
		rw_log(RW_LOG_DEBUG, "mail", "%s%.*s", type == CURLINFO_HEADER_IN ? "< " : "* ", (int)size, data);
		if (type == CURLINFO_HEADER_IN) {
			size_t i, n = size < 255 ? size : 255;
			for (i = 0; i < n; i++)
				last[i] = (unsigned char)data[i] < 0x20 ? ' ' : data[i];
			last[n] = '\0';
		}
	}
	return 0;
}

/* Only a literal loopback address or "localhost": "127.0.0.1.example.org"
 * is a name like any other and gets no exemption from TLS. */
static int
is_loopback(const char *host)
{
	struct in_addr a4;

	if (!strcasecmp(host, "localhost") || !strcmp(host, "::1") || !strcmp(host, "[::1]"))
		return 1;
	return inet_pton(AF_INET, host, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

int
rw_mail_plain_allowed(const char *host)
{
	return is_loopback(host);
}

static void
add_rcpt(const char *addr, void *data)
{
	struct curl_slist **l = data, *n;
	char *one = NULL;

	if (asprintf(&one, "<%s>", addr) < 0)
		return;
	n = curl_slist_append(*l, one);
	free(one);
	if (n)
		*l = n;
}

int
rw_mail_send(const rw_smtp *smtp, const char *message, size_t len, rw_err *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", last[256] = "", *from = NULL, *host = NULL, *scheme = NULL;
	struct curl_slist *rcpt = NULL;
	struct upload up = { message, len, 0 };
	CURLU *u = NULL;
	CURL *e = NULL;
	CURLcode cc;
	long code = 0;
	int rc = RW_E_USAGE, plain;

	if (!smtp->server || !*smtp->server)
		return rw_err_set(err, RW_E_USAGE, "no mail server: set server = smtp://HOST:587 in [digest]");
	if (!smtp->to || !rw_mail_each_address(smtp->to, NULL, NULL))
		return rw_err_set(err, RW_E_USAGE, "no recipient: set to = ADDRESS in [digest]");
	u = curl_url();
	if (!u || curl_url_set(u, CURLUPART_URL, smtp->server, 0) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) || curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		rw_err_set(err, RW_E_USAGE, "mail server '%s' is not an address such as smtp://mail.example.org:587",
		           smtp->server);
		goto out;
	}
	plain = !strcasecmp(scheme, "smtp");
	if (!plain && strcasecmp(scheme, "smtps")) {
		rw_err_set(err, RW_E_USAGE, "mail server '%s': only smtp:// (STARTTLS) and smtps:// are used",
		           smtp->server);
		goto out;
	}
	if ((rc = rw_curlinit(err)))
		goto out;
	if (!(e = curl_easy_init()) || asprintf(&from, "<%s>", smtp->from) < 0) {
		from = NULL;
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	rw_mail_each_address(smtp->to, add_rcpt, &rcpt);
	curl_easy_setopt(e, CURLOPT_URL, smtp->server);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* STARTTLS is required unless the server is this machine; there a
	 * local relay (or the test server) may not offer TLS at all. */
	if (plain)
		curl_easy_setopt(e, CURLOPT_USE_SSL, (long)(is_loopback(host) ? CURLUSESSL_TRY : CURLUSESSL_ALL));
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt);
	if (smtp->user && *smtp->user) {
		curl_easy_setopt(e, CURLOPT_USERNAME, smtp->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, smtp->password ? smtp->password : "");
	}
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(e, CURLOPT_READDATA, &up);
	curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, smtp->timeout > 0 ? smtp->timeout : 120L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, last);
	cc = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	if (cc != CURLE_OK) {
		char answered[sizeof(last) + 64] = "", detail[CURL_ERROR_SIZE + 128];
		long oserr = 0;

		curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &oserr);
		if (code >= 400 && last[0])
			snprintf(answered, sizeof(answered), rw_tr(N_(" (it answered \"%s\")")), last);
		rc = rw_err_set(err, RW_E_NET, "mail server '%s' did not take the message: %s%s%s%s", smtp->server,
		                rw_fetch_curl_detail(cc, oserr, errbuf[0] ? errbuf : curl_easy_strerror(cc), 0, detail,
		                                     sizeof(detail)), answered,
		                cc == CURLE_USE_SSL_FAILED
		                ? rw_tr(N_(" (the server offers no STARTTLS: use smtps:// or another server)")) : "",
		                cc == CURLE_LOGIN_DENIED ? rw_tr(N_(" (check user and password in [digest])")) : "");
		goto out;
	}
	rw_log(RW_LOG_INFO, "mail", "'%s' accepted the message (%ld)", smtp->server, code);
	rc = RW_OK;
out:
	curl_easy_cleanup(e);
	curl_slist_free_all(rcpt);
	curl_url_cleanup(u);
	curl_free(scheme);
	curl_free(host);
	free(from);
	return rc;
}
