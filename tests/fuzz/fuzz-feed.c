/* SPDX-License-Identifier: MIT */
/* fuzz-feed.c - libFuzzer target for the feed parser: rw_parse_feed() and
 * rw_parse_any() on arbitrary bytes, with and without an HTTP charset.
 * Built with -Dfuzz=true (clang); replayed over corpus/feed/ by replay.c
 * in the normal suite. */
#include "parse.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {
		NULL, "application/rss+xml; charset=iso-8859-1", "text/xml; charset=utf-16",
		"application/atom+xml", "text/html; charset=koi8-r",
	};
	rw_parse_opts o = { 0 };
	rw_err err = { 0 };
	rw_feed *f;

	o.url = "http://example.org/dir/feed.xml";
	o.content_type = types[size ? data[size - 1] % 5 : 0];
	o.max_items = 50;
	f = rw_parse_feed((const char *)data, size, &o, &err);
	rw_feed_free(f);
	rw_err_clear(&err);
	f = rw_parse_any((const char *)data, size, &o, &err);
	rw_feed_free(f);
	return 0;
}
