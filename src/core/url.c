/* SPDX-License-Identifier: MIT */
#include "url.h"
#include "buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

/* longest address read; longer ones are not addresses we compare */
#define URL_MAX (64 * 1024)

static CURLU *
parse(const char *url)
{
	CURLU *h;

	if (!url || strlen(url) > URL_MAX || !(h = curl_url()))
		return NULL;
	while (isspace((unsigned char)*url))
		url++;
	/* no CURLU_NON_SUPPORT_SCHEME: only schemes libcurl knows parse */
	if (curl_url_set(h, CURLUPART_URL, url, CURLU_URLENCODE) != CURLUE_OK) {
		curl_url_cleanup(h);
		return NULL;
	}
	return h;
}

static char *
part(CURLU *h, CURLUPart what)
{
	char *v = NULL, *copy;

	if (curl_url_get(h, what, &v, 0) != CURLUE_OK || !v)
		return NULL;
	copy = strdup(v);
	curl_free(v);
	return copy;
}

static void
lower(char *s)
{
	for (; s && *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* one part of url, malloc'd; NULL when url does not parse or has none */
static char *
one_part(const char *url, CURLUPart what)
{
	CURLU *h = parse(url);
	char *v;

	if (!h)
		return NULL;
	v = part(h, what);
	curl_url_cleanup(h);
	return v;
}

int
rw_url_is_source(const char *url)
{
	return url && (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8) ||
	               !strncasecmp(url, "file://", 7));
}

char *
rw_url_scheme(const char *url)
{
	char *s = one_part(url, CURLUPART_SCHEME);

	lower(s);
	return s;
}

int
rw_url_is_http(const char *url)
{
	char *s = rw_url_scheme(url);
	int yes = s && (!strcmp(s, "http") || !strcmp(s, "https"));

	free(s);
	return yes;
}

/* lowercased, trailing dot and (drop_www) "www." removed, in place */
static void
tidy_host(char *host, int drop_www)
{
	size_t n;

	lower(host);
	n = strlen(host);
	if (n > 1 && host[n - 1] == '.')
		host[n - 1] = '\0';
	if (drop_www && !strncmp(host, "www.", 4) && host[4])
		memmove(host, host + 4, strlen(host + 4) + 1);
}

char *
rw_url_host(const char *url, int drop_www)
{
	char *host = one_part(url, CURLUPART_HOST);

	if (host && !*host) {
		free(host);
		return NULL;
	}
	if (host)
		tidy_host(host, drop_www);
	return host;
}

void
rw_url_parts_clear(rw_url_parts *p)
{
	if (!p)
		return;
	free(p->scheme);
	free(p->host);
	free(p->path);
	free(p->query);
	memset(p, 0, sizeof(*p));
}

int
rw_url_split(const char *url, rw_url_parts *out)
{
	CURLU *h = parse(url);

	memset(out, 0, sizeof(*out));
	if (!h)
		return -1;
	out->scheme = part(h, CURLUPART_SCHEME);
	out->host = part(h, CURLUPART_HOST);
	out->path = part(h, CURLUPART_PATH);
	out->query = part(h, CURLUPART_QUERY);
	curl_url_cleanup(h);
	if (!out->scheme || !out->host || !*out->host || !out->path) {
		rw_url_parts_clear(out);
		return -1;
	}
	if (out->query && !*out->query) {
		free(out->query);
		out->query = NULL;
	}
	lower(out->scheme);
	tidy_host(out->host, 0);
	return 0;
}

int
rw_url_has_user(const char *url)
{
	CURLU *h = parse(url);
	char *user = h ? part(h, CURLUPART_USER) : NULL;
	int yes = user != NULL;

	free(user);
	curl_url_cleanup(h);
	return yes;
}

char *
rw_url_host_key(const char *url)
{
	CURLU *h = parse(url);
	char *host = h ? part(h, CURLUPART_HOST) : NULL, *port = NULL, *key = NULL;

	if (host && *host && curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK && port) {
		tidy_host(host, 0);
		if (asprintf(&key, "%s:%s", host, port) < 0)
			key = NULL;
	} else {
		key = strdup("");
	}
	curl_free(port);
	free(host);
	curl_url_cleanup(h);
	return key;
}

int
rw_url_is_tracking(const char *name, size_t n)
{
	static const char *const exact[] = {
		"fbclid", "gclid", "gclsrc", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
		"_hsenc", "_hsmi", "_ga", "mkt_tok", "ref_src", "oc", "ved", "ei",
	};
	size_t i;

	if (n > 4 && !strncasecmp(name, "utm_", 4))
		return 1;
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strlen(exact[i]) == n && !strncasecmp(name, exact[i], n))
			return 1;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *
rw_url_decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			*o++ = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static int
unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* s[0..n) with its percent-encoding in normal form (see url.h) */
static int
add_encoded(rw_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n &&
		    hexval((unsigned char)s[i + 1]) >= 0 && hexval((unsigned char)s[i + 2]) >= 0) {
			int v = hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]);
			if (unreserved(v)) {
				bad |= rw_buf_addc(b, (char)v);
			} else {
				bad |= rw_buf_addc(b, '%');
				bad |= rw_buf_addc(b, hex[v >> 4]);
				bad |= rw_buf_addc(b, hex[v & 15]);
			}
			i += 2;
		} else if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' ||
		           c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}' ||
		           c == '%') {
			bad |= rw_buf_addc(b, '%');
			bad |= rw_buf_addc(b, hex[c >> 4]);
			bad |= rw_buf_addc(b, hex[c & 15]);
		} else {
			bad |= rw_buf_addc(b, (char)c);
		}
	}
	return bad ? -1 : 0;
}

char *
rw_url_normalise(const char *url, unsigned flags)
{
	CURLU *h = parse(url);
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL, *frag = NULL;
	char *out = NULL;
	rw_buf b;
	int bad = 0;

	if (!h)
		return NULL;
	rw_buf_init(&b, URL_MAX * 3 + 64);
	scheme = part(h, CURLUPART_SCHEME);
	host = part(h, CURLUPART_HOST);
	port = part(h, CURLUPART_PORT);   /* NULL when the address names none */
	path = part(h, CURLUPART_PATH);
	query = part(h, CURLUPART_QUERY);
	frag = (flags & RW_URL_DROP_FRAGMENT) ? NULL : part(h, CURLUPART_FRAGMENT);
	if (!scheme)
		goto out;
	lower(scheme);
	if (host)
		tidy_host(host, (flags & RW_URL_DROP_WWW) != 0);
	if (port && ((!strcmp(scheme, "https") && !strcmp(port, "443")) ||
	             (!strcmp(scheme, "http") && !strcmp(port, "80")))) {
		free(port);
		port = NULL;
	}
	if ((flags & RW_URL_HTTPS) && !strcmp(scheme, "http"))
		bad |= rw_buf_addstr(&b, "https");
	else
		bad |= rw_buf_addstr(&b, scheme);
	bad |= rw_buf_addstr(&b, "://");
	if (host) {
		bad |= rw_buf_addstr(&b, host);
		if (port) {
			bad |= rw_buf_addc(&b, ':');
			bad |= rw_buf_addstr(&b, port);
		}
	}
	if (!path || !*path)
		bad |= rw_buf_addc(&b, '/');
	else
		bad |= add_encoded(&b, path, strlen(path));
	if (query && *query) {
		const char *q = query;
		int first = 1;
		while (*q) {
			size_t n = strcspn(q, "&"), name = strcspn(q, "=&");
			if (name > n)
				name = n;
			if (n && !((flags & RW_URL_DROP_TRACKING) && rw_url_is_tracking(q, name))) {
				bad |= rw_buf_addc(&b, first ? '?' : '&');
				bad |= add_encoded(&b, q, n);
				first = 0;
			}
			q += n;
			if (*q == '&')
				q++;
		}
	}
	if (frag) {
		bad |= rw_buf_addc(&b, '#');
		bad |= add_encoded(&b, frag, strlen(frag));
	}
	if (!bad)
		out = rw_buf_steal(&b);
out:
	rw_buf_free(&b);
	curl_url_cleanup(h);
	free(scheme);
	free(host);
	free(port);
	free(path);
	free(query);
	free(frag);
	return out;
}

char *
rw_url_resolve(const char *base, const char *ref)
{
	CURLU *h;
	char *out = NULL, *copy;
	size_t n;

	if (!ref || !(h = parse(base)))
		return NULL;
	while (isspace((unsigned char)*ref))
		ref++;
	n = strlen(ref);
	while (n && isspace((unsigned char)ref[n - 1]))
		n--;
	if (n && n <= URL_MAX && (copy = strndup(ref, n))) {
		/* on a handle that holds base, a relative address is resolved
		 * against it; a fragment alone is the same page (RFC 3986 5.2.2),
		 * which some libcurl versions resolve against its folder */
		if (*copy == '#' ? curl_url_set(h, CURLUPART_FRAGMENT, copy[1] ? copy + 1 : NULL, CURLU_URLENCODE)
		                       == CURLUE_OK
		                 : curl_url_set(h, CURLUPART_URL, copy, CURLU_URLENCODE) == CURLUE_OK)
			out = part(h, CURLUPART_URL);
		free(copy);
	}
	curl_url_cleanup(h);
	return out;
}

char *
rw_url_origin(const char *url)
{
	CURLU *h = parse(url);
	char *scheme = NULL, *host = NULL, *port = NULL, *out = NULL;

	if (!h)
		return NULL;
	scheme = part(h, CURLUPART_SCHEME);
	host = part(h, CURLUPART_HOST);
	if (curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
		port = NULL;
	if (scheme && host && *host) {
		size_t n;
		lower(scheme);
		tidy_host(host, 0);
		n = strlen(scheme) + strlen(host) + (port ? strlen(port) : 0) + 5;
		if ((out = malloc(n)))
			snprintf(out, n, "%s://%s:%s", scheme, host, port ? port : "");
	}
	curl_free(port);
	free(scheme);
	free(host);
	curl_url_cleanup(h);
	return out;
}
