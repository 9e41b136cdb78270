/* parse-xml.h - what parse.c shares with page.c and schemaorg.c (not a
 * public interface: front-ends include parse.h only). */
#ifndef RW_PARSE_XML_H
#define RW_PARSE_XML_H

#include <libxml/tree.h>

#include "parse.h"

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
                            rw_err *err);

#endif
