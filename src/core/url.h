/* SPDX-License-Identifier: MIT */
/* url.h - one reading of a web address, on libcurl's URL API.
 *
 * Owns: parsing an address (curl_url(), only the schemes libcurl supports:
 * CURLU_NON_SUPPORT_SCHEME is never set), its scheme, host, path and query,
 * the host key per-host limits are counted on, the schemes a source may
 * have, and one normal form used wherever two spellings of an address must
 * compare equal (link identity in diff.c, host names shown to the user).
 * No other module cuts an address into parts by hand.
 * Must not: fetch, resolve names, or know about feeds, redirect wrappers
 * or the store (diff.c unwraps wrappers before asking for the normal form).
 */
#ifndef RW_URL_H
#define RW_URL_H

#include <stddef.h>

/* Flags of rw_url_normalise. */
enum {
	RW_URL_DROP_FRAGMENT = 1 << 0,  /* "#..." removed */
	RW_URL_DROP_TRACKING = 1 << 1,  /* query parameters of rw_url_is_tracking removed */
	RW_URL_HTTPS         = 1 << 2,  /* http:// written https:// (same page) */
	RW_URL_DROP_WWW      = 1 << 3,  /* a leading "www." of the host removed */
};

/* 1 when url is written with a scheme a source may have: "http://",
 * "https://" or "file://" (any case).  Only the start is read, as config
 * lines are split on it; the fetch reads the rest. */
int rw_url_is_source(const char *url);

/* 1 when url parses as an absolute http:// or https:// address. */
int rw_url_is_http(const char *url);

/* The scheme, lowercased, malloc'd ("https"); NULL when url does not parse
 * (or memory ran out). */
char *rw_url_scheme(const char *url);

/* The host name, lowercased, without a trailing dot (and without "www."
 * when drop_www), malloc'd; NULL when url does not parse or has no host. */
char *rw_url_host(const char *url, int drop_www);

/* The parts of an address as libcurl reads it, each malloc'd: the scheme
 * lowercased; the host as rw_url_host(url, 0) gives it; the path ("/" when
 * empty) and the query (without "?"; NULL when there is none) as written,
 * %XX not decoded; the fragment and user info are not kept. */
typedef struct rw_url_parts {
	char *scheme, *host, *path, *query;
} rw_url_parts;

/* Fill out.  0; -1 when url does not parse, has no host, or memory ran out
 * (out is then empty).  rw_url_parts_clear frees the parts. */
int rw_url_split(const char *url, rw_url_parts *out);
void rw_url_parts_clear(rw_url_parts *p);

/* 1 when url carries a user name (and maybe a password) before its host. */
int rw_url_has_user(const char *url);

/* The key of url's host for per-host limits and Retry-After holds: "host:port"
 * (the host as rw_url_host gives it, IPv6 literals in brackets; the port
 * given, else the scheme's default), malloc'd; "" when url has no host
 * (file://) or does not parse; NULL only when memory ran out. */
char *rw_url_host_key(const char *url);

/* The normal form of url, malloc'd; NULL when url does not parse or memory
 * ran out.  Always: scheme and host lowercased, a trailing dot of the host
 * removed, user and password removed, the scheme's default port (:80 for
 * http, :443 for https) removed, an empty path written "/", and in path
 * and query every %XX of an unreserved character (letters, digits, "-",
 * ".", "_", "~") decoded, every other %XX written with upper-case hex,
 * bytes that must be escaped (spaces, controls, non-ASCII) escaped, an
 * empty query ("?") removed.  flags add the RW_URL_* rules above. */
char *rw_url_normalise(const char *url, unsigned flags);

/* 1 when the query parameter name[0..n) only tracks a click: utm_*,
 * fbclid, gclid, gclsrc, dclid, msclkid, mc_cid, mc_eid, igshid, yclid,
 * _hsenc, _hsmi, _ga, mkt_tok, ref_src, and Google's oc, ved, ei
 * (case-insensitive). */
int rw_url_is_tracking(const char *name, size_t n);

/* ref resolved against base as a browser follows a link (RFC 3986:
 * "?page=2", "/avis/2", "//host/x", "../x" or an absolute address),
 * through curl_url(), malloc'd; NULL when base or ref does not parse or
 * memory ran out.  Surrounding white space of ref is ignored. */
char *rw_url_resolve(const char *base, const char *ref);

/* "scheme://host:port" of url, scheme and host as rw_url_host gives them
 * and the port always written (the scheme's default when the address
 * names none), malloc'd: two addresses are on the same site when their
 * origins are equal.  NULL when url does not parse, has no host, or
 * memory ran out. */
char *rw_url_origin(const char *url);

/* s[0..n) with every %XX decoded (other bytes as they are, "+" too),
 * malloc'd; NULL when memory ran out. */
char *rw_url_decode(const char *s, size_t n);

#endif
