/* SPDX-License-Identifier: MIT */
/* digest.h - the periodic summary e-mail.
 *
 * Owns: what goes into a digest for a period (new reviews with stars, an
 * excerpt and the link; edited reviews before and after, even when the
 * first version arrived in the period; deleted reviews with their last
 * text; misinformation with the myth's correction and reputable sources,
 * and removed misinformation that named her; news and social; sources that
 * keep failing), each change once, grouped by practitioner when there are
 * several, in English or French, and its two renderings: plain text
 * wrapped at 72 columns (links kept whole) and an HTML e-mail laid out in
 * tables with inline styles only (what Outlook, Gmail and Apple Mail all
 * render).  Every piece of fetched text is escaped in the
 * HTML; only http(s) links are kept (javascript:, data: and the like are
 * dropped, the text stays).  Must not: send mail (mail.h does), read the
 * configuration or print.
 */
#ifndef RW_DIGEST_H
#define RW_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

#define RW_DIGEST_MYTH_SOURCES 8

/* What the myth catalogue says about the myth a mention spreads.  The
 * digest copies the strings before the callback returns again. */
typedef struct rw_digest_myth {
	const char *claim;        /* the myth in a few words; may be NULL */
	const char *correction;   /* what is true, in the digest's language */
	struct { const char *title, *url; } sources[RW_DIGEST_MYTH_SOURCES];
	size_t nsources;          /* reputable sources; only http(s) urls are linked */
} rw_digest_myth;

/* Look up the myth behind misinformation mention m, for language lang ("en"
 * or "fr"): fill *out and return 1, or return 0 when the catalogue has
 * nothing for it (the digest then says so). */
typedef int (*rw_digest_myth_fn)(const rw_mention *m, const char *lang, rw_digest_myth *out, void *data);

typedef struct rw_digest_opts {
	int64_t since, until;     /* the period: changes at or after since, up to until */
	const char *lang;         /* "fr" or anything else for English */
	const char *whom;         /* "Dr Jeanne Dupont" for the title; may be NULL */
	long failing_after;       /* list sources failing this many scans in a row (3) */
	long max_items;           /* per section; the rest is counted (50) */
	rw_digest_myth_fn myth;   /* may be NULL */
	void *myth_data;
	/* the practitioners, in the config's order (mentions name them by id):
	 * with several, entries are grouped by practitioner and say whom they
	 * are about, and the same text stored for two of them is one entry.
	 * Borrowed during rw_digest_collect only; may be NULL/0. */
	const struct rw_digest_who { const char *id, *name; } *practitioners;
	size_t npractitioners;
} rw_digest_opts;

typedef struct rw_digest rw_digest;

/* Gather the digest for o's period from s.  NULL with err set on failure. */
rw_digest *rw_digest_collect(rw_store *s, const rw_digest_opts *o, rw_err *err);
void rw_digest_free(rw_digest **d);

/* Entries in the digest (every section but failing sources; a text about
 * several practitioners counts once), and failing sources. */
size_t rw_digest_count(const rw_digest *d);
size_t rw_digest_failing(const rw_digest *d);

/* malloc'd UTF-8; NULL when memory ran out. */
char *rw_digest_subject(const rw_digest *d);
char *rw_digest_text(const rw_digest *d);   /* LF line ends */
char *rw_digest_html(const rw_digest *d);   /* a whole document */

/* Only http:// and https:// links without spaces, quotes or controls are
 * linked; 1 when url is one. */
int rw_digest_safe_link(const char *url);

#endif
