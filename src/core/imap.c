/* SPDX-License-Identifier: MIT */
#include "imap.h"
#include "buf.h"
#include "fetch.h"
#include "log.h"
#include "mail.h"
#include "mailread.h"
#include "msgid.h"
#include "number.h"
#include "secret.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define LINE_MAX_BYTES (4u << 20)       /* one response line (a SEARCH of many UIDs) */
#define DEFAULT_MAIL_MAX (4u << 20)     /* the start of a mail read at most */
#define DEFAULT_MAILS 200               /* mails read in one scan; the rest next time */
#define DEFAULT_SINCE_DAYS 30           /* a first scan reads the mails of the last days */
#define EVIDENCE_MAX (16u << 20)

/* ---- configuration ---- */

/* "4M", "512K", "4194304": bytes from 64 KiB to 64 MiB. */
static int
parse_mail_size(const char *v, size_t *out)
{
	char *end;
	double n = strtod(v, &end), unit = 1;

	if (end == v || n <= 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		unit = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		unit = 1024 * 1024, end++;
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end || n * unit < 65536 || n * unit > 64.0 * 1024 * 1024)
		return -1;
	*out = (size_t)(n * unit);
	return 0;
}

int
rw_imap_check_key(const char *key, const char *value, char *why, size_t whysize)
{
	long n;
	size_t sz;

	if (!strcmp(key, "folder") || !strcmp(key, "user") || !strcmp(key, "password") ||
	    !strcmp(key, "password_file")) {
		if (!*value) {
			snprintf(why, whysize, rw_tr(N_("empty")));
			return -1;
		}
		if (!strcmp(key, "folder") && strpbrk(value, "\r\n")) {
			snprintf(why, whysize, rw_tr(N_("a folder name is one line")));
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "mark_seen")) {
		if (strcmp(value, "yes") && strcmp(value, "no")) {
			snprintf(why, whysize, rw_tr(N_("expected yes or no")));
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "max_mail_size")) {
		if (parse_mail_size(value, &sz) < 0) {
			snprintf(why, whysize, rw_tr(N_("expected a size from 64K to 64M (4M)")));
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "max_mails") || !strcmp(key, "since_days")) {
		if (rw_number_parse_long(value, 1, !strcmp(key, "max_mails") ? 10000 : 3650, &n) < 0) {
			snprintf(why, whysize, rw_tr(N_("expected a number from 1 to %d")), !strcmp(key, "max_mails") ? 10000 : 3650);
			return -1;
		}
		return 0;
	}
	snprintf(why, whysize, rw_tr(N_("unknown key (known: url, category, allow_private, kind, and for kind = imap: %s)")),
	         RW_IMAP_KEYS);
	return -1;
}

/* The server part of src->url and its folder (the url's path, else
 * folder =, else INBOX); -1 with why when the url is not an IMAP one. */
static int
split_url(const rw_source *src, char **server, char **folder, int *plain_ok, char *why, size_t whysize)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *userpart = NULL;
	const char *f = rw_source_opt_get(src, "folder");
	int rc = -1;

	*server = *folder = NULL;
	if (!u || curl_url_set(u, CURLUPART_URL, src->url, 0) || curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		snprintf(why, whysize, rw_tr(N_("url = %s is not a mailbox address such as imaps://mail.example.org/Alerts")), src->url);
		goto out;
	}
	if (strcasecmp(scheme, "imap") && strcasecmp(scheme, "imaps")) {
		snprintf(why, whysize, rw_tr(N_("kind = imap reads imaps://HOST (or imap://HOST, with STARTTLS), not %s")), src->url);
		goto out;
	}
	if (!curl_url_get(u, CURLUPART_USER, &userpart, 0) && userpart) {
		snprintf(why, whysize, "%s", rw_tr(N_("a user name or password in the url is refused (the url is shown in "
		                                      "messages): write them as user = and password_file =")));
		goto out;
	}
	curl_url_get(u, CURLUPART_PORT, &port, 0);
	if (!f && !curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) && path && path[0] == '/' && path[1]) {
		f = path + 1;
		f = f[strlen(f) - 1] == '/' ? NULL : f;
	}
	*plain_ok = rw_mail_plain_allowed(host);
	if (asprintf(server, "%s://%s%s%s/", scheme, host, port ? ":" : "", port ? port : "") < 0)
		*server = NULL;
	*folder = strdup(f ? f : "INBOX");
	if (!*server || !*folder) {
		snprintf(why, whysize, rw_tr(N_("out of memory")));
		free(*server);
		free(*folder);
		*server = *folder = NULL;
		goto out;
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(userpart);
	curl_url_cleanup(u);
	return rc;
}

int
rw_imap_check_source(const rw_source *src, char *why, size_t whysize)
{
	char *server = NULL, *folder = NULL;
	int plain_ok;

	if (split_url(src, &server, &folder, &plain_ok, why, whysize) < 0)
		return -1;
	free(server);
	free(folder);
	if (!rw_source_opt_get(src, "user")) {
		snprintf(why, whysize, rw_tr(N_("kind = imap needs user = (the mailbox's login)")));
		return -1;
	}
	if (!rw_source_opt_get(src, "password") && !rw_source_opt_get(src, "password_file")) {
		snprintf(why, whysize, rw_tr(N_("kind = imap needs password_file = (a file only you can read) or password =")));
		return -1;
	}
	return 0;
}

/* The password: from password_file (relative to the configuration; not
 * readable by others), else password = when the configuration is private. */
static int
read_password(const rw_collect_in *in, char **out, char *why, size_t whysize)
{
	const char *file = rw_source_opt_get(in->src, "password_file"), *pw = rw_source_opt_get(in->src, "password");
	const char *slash = in->config_path ? strrchr(in->config_path, '/') : NULL;
	char *path = NULL;
	rw_err e = { 0 };

	*out = NULL;
	if (file) {
		if (file[0] == '/' || !slash)
			path = strdup(file);
		else if (asprintf(&path, "%.*s/%s", (int)(slash - in->config_path), in->config_path, file) < 0)
			path = NULL;
		if (!path || rw_secret_read_file(path, out, &e)) {
			snprintf(why, whysize, "%s", path ? e.msg : rw_tr(N_("out of memory")));
			free(path);
			return -1;
		}
		free(path);
		return 0;
	}
	if (pw && !in->config_private) {
		snprintf(why, whysize, rw_tr(N_("'%s' is readable by other users, so the password of [source %s] is not used: "
		                                "run chmod 600 '%s', or put the password in a file named by password_file")),
		         in->config_path, in->src->name, in->config_path);
		return -1;
	}
	if (!(*out = strdup(pw ? pw : ""))) {
		snprintf(why, whysize, "%s", rw_tr(N_("out of memory")));
		return -1;
	}
	return 0;
}

/* ---- modified UTF-7 folder names ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/* The next code point of UTF-8 s, advancing *s; -1 when not UTF-8. */
static long
utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	long c;
	int n, i;

	if (p[0] < 0x80)
		n = 0, c = p[0];
	else if ((p[0] & 0xE0) == 0xC0)
		n = 1, c = p[0] & 0x1F;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 2, c = p[0] & 0x0F;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 3, c = p[0] & 0x07;
	else
		return -1;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3F);
	}
	*s = p + n + 1;
	return c;
}

char *
rw_imap_quote_folder(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	rw_buf b;

	rw_buf_init(&b, 4096);
	if (rw_buf_addc(&b, '"') < 0)
		goto fail;
	while (*p) {
		if (*p >= 0x20 && *p < 0x7f) {
			if ((*p == '"' || *p == '\\') && rw_buf_addc(&b, '\\') < 0)
				goto fail;
			if (rw_buf_addc(&b, (char)*p) < 0 || (*p == '&' && rw_buf_addc(&b, '-') < 0))
				goto fail;
			p++;
			continue;
		}
		/* a run of other characters: UTF-16 in base64 between & and - */
		{
			uint32_t bits = 0;
			int nbits = 0;
			if (rw_buf_addc(&b, '&') < 0)
				goto fail;
			while (*p && !(*p >= 0x20 && *p < 0x7f)) {
				long c = utf8_next(&p);
				unsigned units[2];
				int nu = 1, k;
				if (c < 0)
					goto fail;
				if (c >= 0x10000) {
					c -= 0x10000;
					units[0] = 0xD800 | (unsigned)(c >> 10);
					units[1] = 0xDC00 | (unsigned)(c & 0x3FF);
					nu = 2;
				} else {
					units[0] = (unsigned)c;
				}
				for (k = 0; k < nu; k++) {
					bits = (bits << 16) | units[k];
					nbits += 16;
					while (nbits >= 6) {
						nbits -= 6;
						if (rw_buf_addc(&b, b64[(bits >> nbits) & 0x3F]) < 0)
							goto fail;
					}
				}
			}
			if (nbits && rw_buf_addc(&b, b64[(bits << (6 - nbits)) & 0x3F]) < 0)
				goto fail;
			if (rw_buf_addc(&b, '-') < 0)
				goto fail;
		}
	}
	if (rw_buf_addc(&b, '"') < 0)
		goto fail;
	return rw_buf_steal(&b);
fail:
	rw_buf_free(&b);
	return NULL;
}

/* ---- one IMAP session over libcurl's connection ---- */

/* A failure is kept as a reason (reason.h): stored with the source, read
 * in the reader's language; the start of each, the source's address. */
#define AT RW_FETCH_URL_OPEN "%s" RW_FETCH_URL_CLOSE
#define W RW_REASON_WORD
#define COLON RW_FETCH_COLON

struct conn {
	CURL *e;
	curl_socket_t sock;
	const char *url;          /* the source, for messages */
	char *in;                 /* received, not yet consumed: in[pos..len) */
	size_t len, pos, cap;
	unsigned tag;
	time_t deadline;          /* of the whole session */
	volatile sig_atomic_t *stop;
	char last[300];           /* the last tagged answer, for messages */
	char *error;              /* out->reason */
	size_t errsize;
	int failed;               /* the session is unusable */
};

static int conn_fail(struct conn *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
conn_fail(struct conn *c, int code, const char *fmt, ...)
{
	va_list ap;

	if (!c->failed) {
		va_start(ap, fmt);
		vsnprintf(c->error, c->errsize, fmt, ap);
		va_end(ap);
	}
	c->failed = 1;
	return code;
}

/* The session broke below IMAP: curl's code in words. */
static int
curl_fail(struct conn *c, CURLcode cc)
{
	char detail[CURL_ERROR_SIZE + 128];

	return conn_fail(c, RW_E_NET, AT "%s", c->url,
	                 rw_fetch_curl_detail(cc, 0, curl_easy_strerror(cc), 1, detail, sizeof(detail)));
}

/* More bytes into c->in; waits for the socket up to the deadline. */
static int
recv_more(struct conn *c)
{
	for (;;) {
		size_t n = 0;
		CURLcode cc;

		if (c->pos && c->pos == c->len)
			c->pos = c->len = 0;
		if (c->len == c->cap) {
			size_t nc = c->cap ? c->cap * 2 : 65536;
			char *ni;
			if (c->pos) {
				memmove(c->in, c->in + c->pos, c->len - c->pos);
				c->len -= c->pos;
				c->pos = 0;
				continue;
			}
			if (nc > LINE_MAX_BYTES + (64u << 20) || !(ni = realloc(c->in, nc)))
				return conn_fail(c, RW_E_NOMEM, AT W, c->url, N_("the server's answer is too large"));
			c->in = ni;
			c->cap = nc;
		}
		cc = curl_easy_recv(c->e, c->in + c->len, c->cap - c->len, &n);
		if (cc == CURLE_OK && n == 0)
			return c->last[0] ? conn_fail(c, RW_E_NET, AT W " (%s)", c->url, N_("the server closed the connection"),
			                              c->last)
			                  : conn_fail(c, RW_E_NET, AT W, c->url,
			                              N_("the server closed the connection without an answer"));
		if (cc == CURLE_OK) {
			c->len += n;
			return RW_OK;
		}
		if (cc != CURLE_AGAIN)
			return curl_fail(c, cc);
		if (c->stop && *c->stop)
			return conn_fail(c, RW_E_INTR, AT W, c->url, N_("interrupted"));
		if (time(NULL) > c->deadline)
			return conn_fail(c, RW_E_NET, AT W, c->url, N_("the mail server did not answer in time ([fetch] timeout)"));
		{
			struct pollfd pfd = { c->sock, POLLIN, 0 };
			poll(&pfd, 1, 200);
		}
	}
}

static int
send_all(struct conn *c, const char *s, size_t len)
{
	while (len) {
		size_t n = 0;
		CURLcode cc = curl_easy_send(c->e, s, len, &n);
		if (cc == CURLE_AGAIN) {
			struct pollfd pfd = { c->sock, POLLOUT, 0 };
			if (time(NULL) > c->deadline)
				return conn_fail(c, RW_E_NET, AT W, c->url, N_("the mail server did not take the command in time"));
			poll(&pfd, 1, 200);
			continue;
		}
		if (cc != CURLE_OK)
			return curl_fail(c, cc);
		s += n;
		len -= n;
	}
	return RW_OK;
}

/* The next line, without its CRLF, NUL-terminated in c->in (valid until
 * the next read); *n its length. */
static int
read_line(struct conn *c, char **line, size_t *n)
{
	for (;;) {
		char *start = c->in + c->pos, *nl = c->len > c->pos ? memchr(start, '\n', c->len - c->pos) : NULL;
		if (nl) {
			size_t l = (size_t)(nl - start);
			c->pos += l + 1;
			if (l && start[l - 1] == '\r')
				l--;
			start[l] = '\0';
			*line = start;
			*n = l;
			return RW_OK;
		}
		if (c->len - c->pos > LINE_MAX_BYTES)
			return conn_fail(c, RW_E_NET, AT W " (%u " W ")", c->url, N_("the server sent a line longer than the limit"),
			                 LINE_MAX_BYTES, N_("bytes"));
		if (recv_more(c))
			return RW_E_NET;
	}
}

/* Exactly n bytes (a literal) appended to dst. */
static int
read_bytes(struct conn *c, size_t n, rw_buf *dst)
{
	while (n) {
		size_t have = c->len - c->pos, take = have < n ? have : n;
		if (take) {
			if (rw_buf_add(dst, c->in + c->pos, take) < 0)
				return conn_fail(c, RW_E_NOMEM, W, N_("out of memory"));
			c->pos += take;
			n -= take;
		} else if (recv_more(c)) {
			return RW_E_NET;
		}
	}
	return RW_OK;
}

/* One response: "* ..." untagged ones are given to fn with their text
 * (literals replaced by "{}") and the bytes of their first literal. */
typedef int (*untagged_fn)(struct conn *c, const char *text, const char *literal, size_t lit_len, void *data);

static int
command(struct conn *c, untagged_fn fn, void *data, size_t literal_max, const char *fmt, ...)
{
	char cmd[1024], tag[16], *line;
	size_t n;
	va_list ap;
	int len;

	if (c->failed)
		return RW_E_NET;
	snprintf(tag, sizeof(tag), "R%u", ++c->tag);
	va_start(ap, fmt);
	len = vsnprintf(cmd, sizeof(cmd) - 2, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(cmd) - 2 - strlen(tag) - 1)
		return conn_fail(c, RW_E_USAGE, AT W, c->url, N_("command too long"));
	{
		char full[1100];
		int fl = snprintf(full, sizeof(full), "%s %s\r\n", tag, cmd);
		rw_log(RW_LOG_DEBUG, "mail", "'%s': > %s %s", c->url, tag, cmd);
		if (send_all(c, full, (size_t)fl))
			return RW_E_NET;
	}
	for (;;) {
		if (read_line(c, &line, &n))
			return RW_E_NET;
		if (!strncmp(line, tag, strlen(tag)) && line[strlen(tag)] == ' ') {
			const char *st = line + strlen(tag) + 1;
			snprintf(c->last, sizeof(c->last), "%.280s", st);
			rw_log(RW_LOG_DEBUG, "mail", "'%s': < %s %.200s", c->url, tag, st);
			return !strncasecmp(st, "OK", 2) ? RW_OK : RW_E_NET;
		}
		if (line[0] == '*') {
			rw_buf text, lit;
			int rc = RW_OK;
			rw_buf_init(&text, LINE_MAX_BYTES);
			rw_buf_init(&lit, literal_max ? literal_max : 1);
			for (;;) {
				size_t ll = strlen(line), litn;
				char *open = ll && line[ll - 1] == '}' ? strrchr(line, '{') : NULL, *end;
				if (!open) {
					if (rw_buf_add(&text, line, ll) < 0)
						rc = conn_fail(c, RW_E_NOMEM, W, N_("out of memory"));
					break;
				}
				errno = 0;
				litn = strtoul(open + 1, &end, 10);
				if (errno || *end != '}' || rw_buf_add(&text, line, (size_t)(open - line)) < 0 ||
				    rw_buf_addstr(&text, "{}") < 0) {
					rc = conn_fail(c, RW_E_NET, AT W, c->url, N_("the server's answer is not IMAP"));
					break;
				}
				if (lit.len == 0 && litn > literal_max) {
					rc = conn_fail(c, RW_E_NET, AT W " (%zu > %zu)", c->url,
					               N_("the server sent more bytes than were asked"), litn, literal_max);
					break;
				}
				if (lit.len == 0 ? read_bytes(c, litn, &lit) : read_bytes(c, litn, &text)) {
					rc = RW_E_NET;
					break;
				}
				if (read_line(c, &line, &n)) {
					rc = RW_E_NET;
					break;
				}
			}
			if (!rc && fn)
				rc = fn(c, text.data ? text.data : "", lit.data ? lit.data : "", lit.len, data);
			rw_buf_free(&text);
			rw_buf_free(&lit);
			if (rc)
				return rc;
		}
		/* a "+" continuation is never asked for: ignored */
	}
}

/* ---- the collection ---- */

struct mailbox {
	unsigned long long uidvalidity, uidnext;
	unsigned long *uids;
	size_t nuids, alloc;
};

static int
on_select(struct conn *c, const char *text, const char *lit, size_t ll, void *data)
{
	struct mailbox *mb = data;
	const char *p;

	(void)c; (void)lit; (void)ll;
	if ((p = strstr(text, "[UIDVALIDITY ")))
		mb->uidvalidity = strtoull(p + 13, NULL, 10);
	if ((p = strstr(text, "[UIDNEXT ")))
		mb->uidnext = strtoull(p + 9, NULL, 10);
	return RW_OK;
}

static int
on_search(struct conn *c, const char *text, const char *lit, size_t ll, void *data)
{
	struct mailbox *mb = data;
	const char *p = text;
	char *end;

	(void)lit; (void)ll;
	if (strncasecmp(p, "* SEARCH", 8))
		return RW_OK;
	for (p += 8;; p = end) {
		unsigned long u;
		while (*p == ' ')
			p++;
		if (!isdigit((unsigned char)*p))
			break;
		u = strtoul(p, &end, 10);
		if (mb->nuids == mb->alloc) {
			size_t na = mb->alloc ? mb->alloc * 2 : 64;
			unsigned long *nu = realloc(mb->uids, na * sizeof(*nu));
			if (!nu)
				return conn_fail(c, RW_E_NOMEM, W, N_("out of memory"));
			mb->uids = nu;
			mb->alloc = na;
		}
		mb->uids[mb->nuids++] = u;
	}
	return RW_OK;
}

struct fetched {
	unsigned long uid;
	unsigned long long size;   /* RFC822.SIZE */
	rw_buf raw;
	int got;
};

static int
on_fetch(struct conn *c, const char *text, const char *lit, size_t ll, void *data)
{
	struct fetched *f = data;
	const char *p;

	if (!strstr(text, " FETCH "))
		return RW_OK;
	if ((p = strstr(text, "UID ")) && strtoul(p + 4, NULL, 10) != f->uid)
		return RW_OK;   /* an unsolicited FETCH of another mail */
	if ((p = strstr(text, "RFC822.SIZE ")))
		f->size = strtoull(p + 12, NULL, 10);
	if (strstr(text, "BODY[]")) {
		f->raw.len = 0;
		if (rw_buf_add(&f->raw, lit, ll) < 0)
			return conn_fail(c, RW_E_NOMEM, W, N_("out of memory"));
		f->got = 1;
	}
	return RW_OK;
}

static int
cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Lines for `sources test`, at most a few KiB. */
static void
note(rw_buf *notes, const char *fmt, ...)
{
	char line[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), rw_tr(fmt), ap);
	va_end(ap);
	if (notes->len < 16384) {
		rw_buf_addstr(notes, line);
		rw_buf_addc(notes, '\n');
	}
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

int
rw_imap_collect(const rw_collect_in *in, rw_collect_out *out)
{
	const rw_source *src = in->src;
	const char *v;
	char why[1024], *server = NULL, *folder = NULL, *quoted = NULL, *password = NULL, since[32];
	unsigned long long old_validity = 0;
	unsigned long last = 0, max_uid;
	struct conn c;
	struct mailbox mb;
	struct fetched f;
	rw_buf notes, evidence, seen_set;
	size_t mail_max = DEFAULT_MAIL_MAX, i, nread = 0, max_items;
	long max_mails = DEFAULT_MAILS, since_days = DEFAULT_SINCE_DAYS;
	int plain_ok, mark_seen = (v = rw_source_opt_get(src, "mark_seen")) && !strcmp(v, "yes");
	int rc = RW_OK;
	rw_mail_templates *templates = NULL;
	rw_err terr = { 0 };
	CURLcode cc;

	memset(&c, 0, sizeof(c));
	memset(&mb, 0, sizeof(mb));
	memset(&f, 0, sizeof(f));
	rw_buf_init(&notes, 32768);
	rw_buf_init(&evidence, EVIDENCE_MAX);
	rw_buf_init(&seen_set, 65536);
	c.url = src->url;
	c.error = out->reason;
	c.errsize = sizeof(out->reason);
	c.stop = in->stop;
	if ((v = rw_source_opt_get(src, "max_mail_size")))
		parse_mail_size(v, &mail_max);
	if ((v = rw_source_opt_get(src, "max_mails")))
		rw_number_parse_long(v, 1, 10000, &max_mails);
	if ((v = rw_source_opt_get(src, "since_days")))
		rw_number_parse_long(v, 1, 3650, &since_days);
	rw_buf_init(&f.raw, mail_max + 1);
	if (in->state && sscanf(in->state, "imap %llu %lu", &old_validity, &last) != 2)
		old_validity = last = 0;   /* another kind's state, or an older form: from the start */
	if (split_url(src, &server, &folder, &plain_ok, why, sizeof(why)) < 0) {
		rc = conn_fail(&c, RW_E_USAGE, AT "%s", src->url, why);
		goto out;
	}
	if (!(quoted = rw_imap_quote_folder(folder))) {
		rc = conn_fail(&c, RW_E_USAGE, AT W " '%s'", src->url, N_("this folder name is not UTF-8:"), folder);
		goto out;
	}
	if (read_password(in, &password, why, sizeof(why)) < 0) {
		rc = conn_fail(&c, RW_E_USAGE, AT "%s", src->url, why);
		goto out;
	}
	if (!(templates = rw_mail_templates_default(&terr))) {
		rc = conn_fail(&c, terr.code ? terr.code : RW_E_IO, AT W COLON "%s", src->url,
		               N_("cannot load the mail templates"), terr.msg);
		goto out;
	}
	if (!(out->feed = calloc(1, sizeof(*out->feed)))) {
		rc = conn_fail(&c, RW_E_NOMEM, W, N_("out of memory"));
		goto out;
	}
	out->feed->format = "mail";
	out->feed->wellformed = 1;
	if (!(c.e = curl_easy_init())) {
		rc = conn_fail(&c, RW_E_NOMEM, W, N_("out of memory"));
		goto out;
	}
	c.deadline = time(NULL) + (in->fetch->timeout > 0 ? in->fetch->timeout : 60) * 4;
	curl_easy_setopt(c.e, CURLOPT_URL, server);
	curl_easy_setopt(c.e, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	curl_easy_setopt(c.e, CURLOPT_CONNECT_ONLY, 1L);
	/* STARTTLS required unless the server is this machine (as the digest's SMTP) */
	if (!strncasecmp(server, "imap:", 5))
		curl_easy_setopt(c.e, CURLOPT_USE_SSL, (long)(plain_ok ? CURLUSESSL_TRY : CURLUSESSL_ALL));
	curl_easy_setopt(c.e, CURLOPT_USERNAME, rw_source_opt_get(src, "user"));
	curl_easy_setopt(c.e, CURLOPT_PASSWORD, password);
	curl_easy_setopt(c.e, CURLOPT_CONNECTTIMEOUT, in->fetch->connect_timeout > 0 ? in->fetch->connect_timeout : 15L);
	curl_easy_setopt(c.e, CURLOPT_TIMEOUT, in->fetch->timeout > 0 ? in->fetch->timeout : 60L);
	curl_easy_setopt(c.e, CURLOPT_NOSIGNAL, 1L);
	if (in->fetch->ca_file)
		curl_easy_setopt(c.e, CURLOPT_CAINFO, in->fetch->ca_file);
	{
		char errbuf[CURL_ERROR_SIZE] = "";
		curl_easy_setopt(c.e, CURLOPT_ERRORBUFFER, errbuf);
		cc = curl_easy_perform(c.e);
		curl_easy_setopt(c.e, CURLOPT_ERRORBUFFER, NULL);
		if (cc != CURLE_OK) {
			char detail[CURL_ERROR_SIZE + 128];
			long oserr = 0;
			curl_easy_getinfo(c.e, CURLINFO_OS_ERRNO, &oserr);
			const char *hint = cc == CURLE_LOGIN_DENIED ? N_(" (the server refused the login: check user = and the "
			                                                 "password of this source)")
			                   : cc == CURLE_USE_SSL_FAILED ? N_(" (the server offers no STARTTLS: use imaps://)")
			                   : NULL;
			rw_fetch_curl_detail(cc, oserr, errbuf[0] ? errbuf : curl_easy_strerror(cc), 1, detail, sizeof(detail));
			rc = conn_fail(&c, cc == CURLE_LOGIN_DENIED ? RW_E_USAGE : RW_E_NET, AT W COLON "%s%s%s%s", src->url,
			               N_("cannot read the mailbox"), detail, hint ? RW_REASON_OPEN : "", hint ? hint : "",
			               hint ? RW_REASON_CLOSE : "");
			goto out;
		}
	}
	if (curl_easy_getinfo(c.e, CURLINFO_ACTIVESOCKET, &c.sock) != CURLE_OK || c.sock == CURL_SOCKET_BAD) {
		rc = conn_fail(&c, RW_E_NET, AT W, src->url, N_("no connection to the mail server"));
		goto out;
	}
	/* read-only unless the mails read are to be marked seen */
	if ((rc = command(&c, on_select, &mb, 0, "%s %s", mark_seen ? "SELECT" : "EXAMINE", quoted))) {
		if (!c.failed)
			conn_fail(&c, RW_E_USAGE, AT W " '%s'" COLON W " \"%s\"", src->url, N_("cannot open the folder"), folder,
			          N_("the server said"), c.last);
		goto out;
	}
	if (!mb.uidvalidity) {
		rc = conn_fail(&c, RW_E_NET, AT W " '%s'", src->url, N_("the server gave no UIDVALIDITY for"), folder);
		goto out;
	}
	if (old_validity && old_validity != mb.uidvalidity) {
		rw_log(RW_LOG_INFO, "mail", "'%s': the folder '%s' was renumbered (UIDVALIDITY %llu, was %llu): "
		       "read again from the start", src->url, folder, mb.uidvalidity, old_validity);
		note(&notes, N_("folder renumbered (UIDVALIDITY %llu, was %llu): read again"), mb.uidvalidity, old_validity);
		last = 0;
	}
	if (old_validity != mb.uidvalidity || !old_validity) {
		/* from the start: only the mails of the last days */
		time_t t = time(NULL) - (time_t)since_days * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		snprintf(since, sizeof(since), " SINCE %d-%s-%d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
		last = 0;
	} else {
		since[0] = '\0';
	}
	if ((rc = command(&c, on_search, &mb, 0, "UID SEARCH UID %lu:*%s", last + 1, since))) {
		if (!c.failed)
			conn_fail(&c, RW_E_NET, AT W " '%s'" COLON W " \"%s\"", src->url, N_("cannot list the mails of"), folder,
			          N_("the server said"), c.last);
		goto out;
	}
	qsort(mb.uids, mb.nuids, sizeof(*mb.uids), cmp_ulong);
	max_uid = last;
	max_items = 2000;
	for (i = 0; i < mb.nuids && nread < (size_t)max_mails; i++) {
		rw_mail_seen seen;
		rw_err me = { 0 };
		int truncated, mrc;

		if (mb.uids[i] <= last || (i && mb.uids[i] == mb.uids[i - 1]))
			continue;   /* "N:*" also lists the last mail when none is newer */
		f.uid = mb.uids[i];
		f.size = 0;
		f.got = 0;
		if ((rc = command(&c, on_fetch, &f, mail_max, "UID FETCH %lu (UID RFC822.SIZE BODY.PEEK[]<0.%zu>)", f.uid,
		                  mail_max))) {
			if (!c.failed)
				conn_fail(&c, RW_E_NET, AT W " %lu" COLON W " \"%s\"", src->url, N_("cannot fetch mail"), f.uid,
				          N_("the server said"), c.last);
			goto out;
		}
		nread++;
		max_uid = f.uid;
		if (!f.got) {
			note(&notes, N_("mail %lu: gone before it was read"), f.uid);
			continue;
		}
		truncated = f.size > f.raw.len;
		if (truncated) {
			rw_log(RW_LOG_WARN, "mail", "'%s': mail %lu is %llu bytes: only its first %zu are read (max_mail_size)",
			       src->url, f.uid, f.size, f.raw.len);
			note(&notes, N_("mail %lu: %llu bytes, capped at %zu (max_mail_size)"), f.uid, f.size, f.raw.len);
		}
		mrc = rw_mail_read(templates, f.raw.data ? f.raw.data : "", f.raw.len, truncated, out->feed, max_items, &seen,
		                   &me);
		if (mrc == RW_E_NOMEM) {
			rc = conn_fail(&c, RW_E_NOMEM, W, N_("out of memory"));
			goto out;
		}
		if (mrc) {
			out->skipped++;
			rw_log(RW_LOG_WARN, "mail", "'%s': mail %lu (from %s, \"%s\") not read: %s", src->url, f.uid,
			       seen.from[0] ? seen.from : "?", seen.subject, me.msg);
			note(&notes, N_("mail %lu (from %s, \"%s\"): not read: %s"), f.uid, seen.from[0] ? seen.from : "?",
			     seen.subject, me.msg);
			continue;
		}
		if (!seen.template_id) {
			out->skipped++;
			note(&notes, N_("mail %lu (from %s, \"%s\"): no mail template knows this sender: skipped"), f.uid,
			     seen.from[0] ? seen.from : "?", seen.subject);
			continue;
		}
		note(&notes, N_("mail %lu (from %s, \"%s\"): read by template '%s'%s: %zu items"), f.uid, seen.from,
		     seen.subject, seen.template_id, seen.verified && !strcmp(seen.verified, "no") ? " (verified = no)" : "",
		     seen.items);
		if (mark_seen)
			rw_buf_printf(&seen_set, "%s%lu", seen_set.len ? "," : "", f.uid);
		if (seen.items) {
			/* the evidence: the mails that gave items, mbox style */
			rw_buf_printf(&evidence, "From repwatch UID %lu\n", f.uid);
			rw_buf_add(&evidence, f.raw.data, f.raw.len);
			rw_buf_addstr(&evidence, "\n");
		}
	}
	if (mark_seen && seen_set.len &&
	    command(&c, NULL, NULL, 0, "UID STORE %s +FLAGS.SILENT (\\Seen)", seen_set.data) && !c.failed)
		rw_log(RW_LOG_WARN, "mail", "'%s': cannot mark the mails read as seen: the server said \"%s\"", src->url,
		       c.last);
	command(&c, NULL, NULL, 0, "LOGOUT");
	c.failed = 0;   /* the session's end is not the collection's */
	out->reason[0] = '\0';
	if (asprintf(&out->state, "imap %llu %lu", mb.uidvalidity, max_uid) < 0) {
		out->state = NULL;
		rc = conn_fail(&c, RW_E_NOMEM, W, N_("out of memory"));
		goto out;
	}
	if (evidence.len) {
		out->evidence_len = evidence.len;
		out->evidence = rw_buf_steal(&evidence);
	}
	if (notes.len)
		out->notes = rw_buf_steal(&notes);
	rw_log(RW_LOG_INFO, "mail", "'%s': %zu mails read in '%s', %zu items, %zu skipped", src->url, nread, folder,
	       out->feed->nitems, out->skipped);
	rc = RW_OK;
out:
	if (rc) {
		rw_feed_free(out->feed);
		out->feed = NULL;
		rw_reason_render(out->reason, 1, out->error, sizeof(out->error));
	}
	if (c.e)
		curl_easy_cleanup(c.e);
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	rw_mail_templates_free(&templates);
	free(c.in);
	free(mb.uids);
	rw_buf_free(&f.raw);
	rw_buf_free(&notes);
	rw_buf_free(&evidence);
	rw_buf_free(&seen_set);
	free(server);
	free(folder);
	free(quoted);
	return rc;
}
