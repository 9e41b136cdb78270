/* SPDX-License-Identifier: MIT */
/* parse.h - from fetched bytes to feed items, page items and reviews.
 *
 * Owns: reading RSS 0.90-0.94/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and CDF
 * with libxml2 into plain rw_feed / rw_item structs, with the common
 * namespaces (dc, dcterms, content, atom in RSS, media, itunes); the
 * charset decision (charset.h); relative links and ids resolved against
 * xml:base and the document URL; HTML pages read with per-site XPath rules
 * (rw_page_rules, filled by whoever loads templates) and their schema.org
 * reviews (schemaorg.h).  Knows nothing of the network: it takes bytes.
 *
 * Hardened: no network access (XML_PARSE_NONET), never XML_PARSE_NOENT or
 * XML_PARSE_DTDLOAD; entity declarations in a document are ignored (no
 * external entity is ever read, no entity expands into another), HTML
 * named entities are resolved by rewriting them to character references;
 * libxml2's depth limit (256) and text-node limit; caps on items, reviews
 * and text per field.  Ill-formed XML is still read in recover mode, and
 * wellformed says so.  Budgeted: before libxml2 sees a body, its markup is
 * counted (at most RW_PARSE_MAX_ATTRS attributes on one element,
 * RW_PARSE_MAX_ATTR_PAIRS pairs of attributes of one element in all,
 * RW_PARSE_MAX_NODES elements and attributes in all: libxml2's duplicate
 * check is quadratic in the attributes of one element); then every walk
 * (items, microdata items, JSON-LD nodes, rule evaluations) spends from
 * one work budget and one CPU-time budget (opts->max_seconds), and looks
 * at opts->stop; a body that spends it all fails with a named error
 * (RW_E_PARSE, "too much work"), a stop with RW_E_INTR.
 */
#ifndef RW_PARSE_H
#define RW_PARSE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct rw_item {
	char *id;            /* guid / atom:id / rdf:about; relative ones resolved; NULL if none */
	char *title;         /* clean text, every field below NULL when absent */
	char *link;          /* absolute URL */
	char *author;        /* a name: "Name (e-mail)" and "e-mail (Name)" become "Name" */
	char *summary;       /* clean text */
	char *content;       /* clean text of the full content */
	char *summary_html;  /* original markup, for display */
	char *content_html;
	int64_t published;   /* UTC seconds or RW_NO_DATE */
	int64_t updated;
	double rating;       /* a rating the item itself carries (schema.org, page rule); < 0 when none */
	double rating_best;  /* its scale; < 0 when none */
	char *category;      /* a category hint for this item alone (a mail
	                        template's, mailread.h); NULL: the source's */
} rw_item;

/* A schema.org Review found in a page. */
typedef struct rw_review {
	double rating, best, worst;  /* reviewRating; < 0 when absent */
	char *author;                /* clean text, NULL when absent */
	char *body;                  /* reviewBody (else description), clean text */
	char *title;                 /* name */
	char *link;                  /* url, absolute */
	char *item_reviewed;         /* name of the thing reviewed (a Physician, a business...) */
	int64_t date;                /* datePublished, UTC seconds or RW_NO_DATE */
} rw_review;

/* A schema.org AggregateRating; value < 0 when the page has none. */
typedef struct rw_rating_summary {
	double value, best, worst;   /* < 0 when absent */
	double count;                /* reviewCount, else ratingCount; < 0 when absent */
	char *item_reviewed;
} rw_rating_summary;

typedef struct rw_feed {
	const char *format;  /* "rss090" .. "rss094", "rss20", "rss10", "atom03", "atom10", "cdf", "html" */
	char *encoding;      /* charset used to decode, lowercase */
	int wellformed;      /* 0: broken XML read in recover mode, or bytes not in the declared charset */
	char *error;         /* first complaint ("line 3: ..."), NULL if none */
	char *title, *link, *subtitle, *author;
	rw_item *items;
	size_t nitems;
	rw_review *reviews;  /* schema.org reviews of a page (also turned into items) */
	size_t nreviews;
	rw_rating_summary aggregate;
	size_t items_alloc;  /* internal: room in items */
	char *subject;       /* pages: text naming whom the page is about (see
	                        rw_parse_page), NULL when nothing does; feeds: NULL */
	char *card;          /* pages: what the schema.org thing reviewed says of
	                        itself beyond its name, one "key=value" a line
	                        (telephone, postcode, street, identifier):
	                        what tells two namesakes apart; NULL when none */
	char *links;         /* pages: the links to other pages that name
	                        someone, one a line: the link's text, a tab, the
	                        text of the block it sits in ("similar doctors"
	                        boxes); NULL when none */
	char *next;          /* pages: the next rule's text (a link as written,
	                        not resolved: paging.h follows it), NULL when
	                        there is no rule or it found nothing */
} rw_feed;

typedef struct rw_parse_opts {
	const char *url;           /* where the bytes came from: base for links; may be NULL */
	const char *content_type;  /* HTTP Content-Type, may be NULL */
	size_t max_items;          /* 0: default (2000) */
	int text_only;             /* 1: the items' summary_html and content_html stay NULL
	                              (a scan reads the text only; each kept markup
	                              costs a second HTML parse of the field) */
	volatile sig_atomic_t *stop; /* may be NULL; non-zero: give up (RW_E_INTR)
	                                within a few milliseconds of work */
	double max_seconds;        /* CPU seconds one parse may take; 0: 5 */
} rw_parse_opts;

#define RW_PARSE_MAX_ATTRS 512          /* attributes on one element */
#define RW_PARSE_MAX_NODES 4000000ul    /* elements and attributes of one body */
#define RW_PARSE_MAX_ATTR_PAIRS 20000000ul /* sum over elements of attributes^2 / 2:
                                              libxml2's duplicate checks */
#define RW_PARSE_MAX_WORK 20000000ul    /* units of walking one body (nodes visited) */

/* Extraction rules for one kind of HTML (or XML) page, as written in the
 * [extract] section of a template file in feeds/templates (see its README).  All
 * strings are borrowed, any may be NULL.  The XPath expressions of an item
 * are evaluated with the item node as context and converted with string(). */
typedef struct rw_page_rules {
	int xml;                 /* parser = xml: read as XML, not HTML */
	int schema_org;          /* schema_org = yes: also read JSON-LD and microdata reviews */
	const char *items;       /* XPath returning one node per item; NULL: schema.org only */
	const char *title, *link, *date, *text, *rating, *author;
	double rating_best;      /* scale of rating; <= 0: 5 */
	double rating_worst;     /* < 0: 1 */
	const char *subject;     /* XPath evaluated once with the document as
	                            context: text naming whom the page is about
	                            (a heading, a search's query); NULL: the
	                            page's <title> */
	const char *next;        /* XPath evaluated once with the document as
	                            context: the link to the next page of the
	                            list (a rel=next link, a "Page suivante"
	                            anchor); NULL: the page is the whole list */
} rw_page_rules;

/* Parse len bytes as a feed.  Returns a feed (free with rw_feed_free)
 * whenever the bytes could be read as XML at all, even ill-formed; returns
 * NULL and sets err (RW_E_PARSE) when they are not a feed at all - empty,
 * not XML, or an HTML page where a feed was expected - with a message
 * saying which; or when reading them spent the budget (see above), and
 * RW_E_INTR when *opts->stop was set. */
rw_feed *rw_parse_feed(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err);

/* Parse len bytes as a page with rules (NULL: schema.org only).  Returns a
 * feed of format "html" (or "xml" with rules->xml) whose items are what the
 * rules and schema.org found, possibly none; NULL with err set only when
 * the bytes are empty, cannot be read, are an HTML page where rules->xml
 * wants XML, or a rule is not valid XPath (the message names the rule).  Its subject is the subject rule's text (else
 * the page's <title>) followed, one a line, by the names of the things its
 * schema.org data reviews: what a reader of the page would take it to be
 * about, for items that do not name anyone themselves (a review listed on
 * a practitioner's page rarely names her). */
rw_feed *rw_parse_page(const char *data, size_t len, const rw_parse_opts *opts,
                       const rw_page_rules *rules, rw_err *err);

/* The structured data of an HTML page as the page reader reads it, before
 * any review is picked out: JSON text {"json-ld", "microdata", "rdfa"}
 * (schemaorg.h, rw_schemaorg_graphs), malloc'd; NULL with err set as
 * rw_parse_page's.  For `repwatch parse --format=json` and conformance. */
char *rw_parse_page_graphs(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err);

/* For `repwatch parse`: a feed when the bytes are one, else a page read
 * for its schema.org data.  NULL with err only when the bytes are empty or
 * unreadable. */
rw_feed *rw_parse_any(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err);

void rw_feed_free(rw_feed *feed);

/* The charset parameter of a Content-Type header, lowercased, or NULL. */
char *rw_parse_charset(const char *content_type);

/* Internal to the parse modules (page.c, schemaorg.c). */
void rw_item_init(rw_item *it);
void rw_item_clear(rw_item *it);
/* Append a zeroed item (rw_item_init) to f, at most max; NULL when full. */
rw_item *rw_feed_add_item(rw_feed *f, size_t max);
/* "Name (e-mail)", "e-mail (Name)", "Name <e-mail>" -> "Name"; takes s. */
char *rw_parse_author_name(char *s);

#endif
