/* SPDX-License-Identifier: MIT */
/* parse-xml.h - what parse.c shares with page.c and schemaorg.c (not a
 * public interface: front-ends include parse.h only).  The calls go one
 * way: page.c and schemaorg.c call parse.c, never the reverse. */
#ifndef RW_PARSE_XML_H
#define RW_PARSE_XML_H

#include <time.h>

#include <libxml/tree.h>

#include "parse.h"

/* What one parse of one body may still spend (parse.h, "Budgeted"). */
typedef struct rw_budget {
	const char *url;
	volatile sig_atomic_t *stop;
	double deadline;           /* thread CPU seconds */
	double max_seconds;
	unsigned long work;        /* units left */
	unsigned ticks;            /* spends since the clock was last read */
	int over;                  /* 0, RW_E_PARSE (spent) or RW_E_INTR (stopped) */
	const char *what;          /* what spent it: "attributes on one element"... */
} rw_budget;

/* The cost of a step whose work is not counted inside it (an XPath
 * evaluation): the clock is read at each. */
#define RW_BUDGET_HEAVY 1024

void rw_budget_init(rw_budget *b, const rw_parse_opts *o);
/* Spend n units on what: 0 while the budget lasts; -1 once the work or
 * the time is spent or *stop was set (and from then on, every call). */
int rw_budget_spend(rw_budget *b, unsigned long n, const char *what);
/* Set err from a spent budget; returns its code. */
int rw_budget_error(const rw_budget *b, rw_err *err);
/* Count the markup of text (decoded, UTF-8) before libxml2 reads it:
 * 0, or -1 with the budget spent when an element has more than
 * RW_PARSE_MAX_ATTRS attributes or the body more than RW_PARSE_MAX_NODES
 * elements and attributes.  html: script, style and the like hold text. */
int rw_budget_census(rw_budget *b, const char *text, size_t len, int html);

/* Read well-formed bytes (not empty, at most INT_MAX, not HTML: the
 * caller checked) as a feed, spending b: rw_parse_feed's reading, for
 * rw_parse_any (page.c), which tries a body as a feed before a page on one
 * budget.  NULL with err set when it is not a feed. */
rw_feed *rw_parse_feed_budgeted(const char *data, size_t len, const rw_parse_opts *opts, rw_budget *b,
                                rw_err *err);

/* A new empty feed: wellformed, no aggregate rating.  NULL: no memory. */
rw_feed *rw_feed_new(void);

/* Does the start of the body look like HTML rather than XML (a doctype or
 * <html> after a BOM, spaces and comments)? */
int rw_parse_looks_like_html(const char *d, size_t len);

/* Read bytes as XML the hardened way (charset.h decision, entity
 * rewriting, no entity declarations, no network, recover mode); fills
 * f->encoding, f->wellformed and f->error.  NULL with err set when the
 * bytes are not XML at all.  Free the result with xmlFreeDoc. */
xmlDocPtr rw_parse_xml_read(const char *data, size_t len, const rw_parse_opts *opts, rw_feed *f,
                            rw_budget *b, rw_err *err);

#endif
