/* parse.h - from fetched bytes to feed items.
 *
 * Owns: reading RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 with libxml2 into plain
 * rw_feed / rw_item structs; the charset decision (HTTP header, BOM, XML
 * declaration); relative links resolved against xml:base and the feed URL.
 * Knows nothing of the network: it takes bytes.  Hardened: no network
 * access (XML_PARSE_NONET), never XML_PARSE_NOENT or XML_PARSE_DTDLOAD,
 * libxml2's depth and size limits, a cap on items and on text per field.
 * Ill-formed XML is still read in recover mode; wellformed says so.
 */
#ifndef RW_PARSE_H
#define RW_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct rw_item {
	char *id;            /* guid / atom:id / rdf:about, as written; NULL if none */
	char *title;         /* clean text, every field below NULL when absent */
	char *link;          /* absolute URL */
	char *author;
	char *summary;       /* clean text */
	char *content;       /* clean text of the full content */
	char *summary_html;  /* original markup, for display */
	char *content_html;
	int64_t published;   /* UTC seconds or RW_NO_DATE */
	int64_t updated;
	double rating;       /* a rating the item itself carries; < 0 when none */
	double rating_best;
} rw_item;

typedef struct rw_feed {
	const char *format;  /* "rss090" .. "rss20", "rss10", "atom03", "atom10", "html", "unknown" */
	char *encoding;      /* charset used to decode, lowercase */
	int wellformed;      /* 0: the XML was broken and read in recover mode */
	char *error;         /* first parser complaint ("line 3: ..."), NULL if none */
	char *title, *link, *subtitle, *author;
	rw_item *items;
	size_t nitems;
} rw_feed;

typedef struct rw_parse_opts {
	const char *url;           /* where the bytes came from: base for links; may be NULL */
	const char *content_type;  /* HTTP Content-Type, may be NULL */
	size_t max_items;          /* 0: default (2000) */
} rw_parse_opts;

/* Parse len bytes.  Returns a feed (free with rw_feed_free) whenever the
 * bytes could be read as XML at all, even ill-formed; returns NULL and sets
 * err (RW_E_PARSE) when they are not a feed at all - empty, not XML, or an
 * HTML page where a feed was expected - with a message saying which. */
rw_feed *rw_parse_feed(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err);

void rw_feed_free(rw_feed *feed);

/* The charset parameter of a Content-Type header, lowercased, or NULL. */
char *rw_parse_charset(const char *content_type);

#endif
