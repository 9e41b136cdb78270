/* SPDX-License-Identifier: MIT */
/* dom.h - small helpers over libxml2 trees, shared by the feed parser, the
 * page parser, schema.org extraction and the text cleaner.
 *
 * Owns: reading the text of a subtree the way a reader sees it (block
 * elements separate words, script and style are not text), serializing the
 * markup inside an element, and walking a subtree.  Every walk is iterative
 * (parent/next pointers, no recursion), so a document nested a million
 * levels deep cannot exhaust the stack; every result is capped.
 * Must not: parse documents or know what a feed is.
 */
#ifndef RW_DOM_H
#define RW_DOM_H

#include <stddef.h>

#include <libxml/tree.h>

/* Text of n and its descendants, raw (not squeezed): text and CDATA nodes
 * in document order, a space around each block-level element and <br>,
 * script/style/template content left out.  At most max bytes (cut at a
 * character boundary).  malloc'd; NULL when memory ran out. */
char *rw_dom_text(const xmlNode *n, size_t max);

/* The markup inside n (its children serialized), at most about max bytes.
 * malloc'd; NULL when memory ran out. */
char *rw_dom_inner_markup(xmlNode *n, size_t max);

/* Next node after cur in document order within the subtree of top (top
 * itself is visited first by the caller); NULL at the end.  With
 * skip_children, cur's descendants are not visited. */
xmlNode *rw_dom_next(xmlNode *cur, const xmlNode *top, int skip_children);

/* href (trimmed) made absolute against n's base: xml:base, <base href>,
 * the document URL.  malloc'd; NULL when href is empty or memory ran out. */
char *rw_dom_resolve(xmlNode *n, const char *href);

/* Is this (HTML) element name one that starts a new block of text? */
int rw_dom_is_block(const char *name);

#endif
