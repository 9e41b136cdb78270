/* SPDX-License-Identifier: MIT */
/* schemaorg.h - schema.org reviews and ratings found in a parsed page.
 *
 * Owns: reading every <script type="application/ld+json"> block (json-c,
 * after repairing what real pages break: HTML comment and CDATA wrappers,
 * JavaScript comments, raw control characters in strings, a stray closing
 * brace, several objects in one block), the page's microdata (HTML's
 * "Microdata": itemscope, itemtype and itemprop token lists, itemid,
 * itemref, top-level and nested items, and an itemprop item outside any
 * item, as real review pages write) and its RDFa Lite (vocab, typeof,
 * property, resource, prefix; also about, xmlns: prefixes and a typed
 * <img src>/<a href> as RDFa 1.1 reads them), the latter two turned into
 * the same JSON
 * shape; then walking each graph (a JSON-LD block, the page's microdata,
 * its RDFa) through objects, arrays, @graph and {"@id"} references for
 * Review (and its subtypes), AggregateRating and the thing reviewed
 * (Physician, MedicalBusiness, LocalBusiness, Product...).  An object
 * under a "review" or "aggregateRating" key counts as one even without
 * @type; a review listed by reference is about the thing that lists it.
 * Must not: fetch anything (no @context or RDFa profile is ever loaded;
 * a few prefixes of RDFa's initial context are built in); grow without
 * bound (caps on blocks, objects, reviews and text); walk an object twice
 * (a microdata item under several itemprop names is one object: the walk
 * is linear in the page); spend past the parse's budget (parse-xml.h);
 * leave anything on the document (the elements' _private, which holds
 * their RDFa context while the page is read, is NULL again after).
 */
#ifndef RW_SCHEMAORG_H
#define RW_SCHEMAORG_H

#include <stddef.h>

#include <libxml/tree.h>

#include "parse.h"
#include "parse-xml.h"

/* Add the reviews of doc to f->reviews (at most max) and the first
 * AggregateRating to f->aggregate.  Links resolve against the document's
 * URL / <base>.  Returns 0, or -1 when memory ran out or b is spent
 * (b->over says which). */
int rw_schemaorg_read(xmlDocPtr doc, rw_feed *f, size_t max, rw_budget *b);

/* What rw_schemaorg_read walks, as JSON text: {"json-ld": [each block's
 * value], "microdata": [each top-level item as {"@type": [...], "@id",
 * "prop": [values or items]}], "rdfa": [each top-level node, keys the
 * property IRIs (schema.org's by their short name)]}.  malloc'd; NULL when
 * memory ran out or b is spent. */
char *rw_schemaorg_graphs(xmlDocPtr doc, rw_budget *b);

/* A number as pages write it: 4, "4.5", "4,5", " 4 / 5" (the first
 * number); -1 when there is none, or it is hexadecimal ("0x10"), has an
 * exponent or is not finite. */
double rw_schemaorg_number(const char *s);

/* The widest rating scale taken (percentages fit). */
#define RW_RATING_BEST_MAX 100

/* value when it is a rating on the scale worst..best (absent: 0..5), a
 * finite number; else -1 with the reason in why (may be NULL). */
double rw_schemaorg_rating(double value, double best, double worst, char *why, size_t size);

#endif
