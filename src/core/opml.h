/* SPDX-License-Identifier: MIT */
/* opml.h - subscription lists in and out (OPML 1.0 and 2.0).
 *
 * Owns: reading the feed outlines of an OPML file (nested folders
 * flattened, only http(s)/file addresses kept) with libxml2, network and
 * DTD loading off, under caps on size and count; writing an OPML 2.0
 * document for a list of sources.  Must not: touch the configuration file
 * (conffile.h does) or fetch.
 */
#ifndef RW_OPML_H
#define RW_OPML_H

#include <stddef.h>

#include "config.h"
#include "err.h"

#define RW_OPML_MAX_FILE (16u << 20)
#define RW_OPML_MAX_OUTLINES 10000

typedef struct rw_opml_feed {
	char *title;         /* title, else text, else the url; clean text */
	char *url;           /* xmlUrl */
	char *category;      /* a repwatch category named in category=, or NULL */
	int line;            /* of the outline, for messages */
} rw_opml_feed;

typedef struct rw_opml {
	rw_opml_feed *feeds;
	size_t n;
	size_t skipped;      /* outlines with an xmlUrl that is not http(s) or file */
} rw_opml;

/* Read path.  RW_E_IO when it cannot be read, RW_E_PARSE when it is not
 * OPML (message says why), RW_E_USAGE past the caps. */
int rw_opml_read(const char *path, rw_opml *out, rw_err *err);
void rw_opml_clear(rw_opml *o);

/* An OPML 2.0 document (UTF-8, malloc'd) listing sources: one outline per
 * source with type="rss", text and title (the name), xmlUrl, and category
 * when the source has one.  NULL with err set when memory ran out. */
char *rw_opml_write(const rw_source *sources, size_t n, const char *title, long long now, rw_err *err);

#endif
