/* SPDX-License-Identifier: MIT */
/* fuzz-page.c - libFuzzer target for the page parser: rw_parse_page()
 * with XPath rules like feeds/templates/example-review-page.ini and
 * schema.org reading (JSON-LD repair, microdata), as HTML and as XML.
 * Built with -Dfuzz=true (clang); replayed over corpus/page/ by replay.c
 * in the normal suite. */
#include "parse.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rw_page_rules r = { 0 };
	rw_parse_opts o = { 0 };
	rw_err err = { 0 };
	rw_feed *f;

	r.schema_org = 1;
	r.items = "//div[@class='review'] | //*[@itemtype='https://schema.org/Review']";
	r.title = ".//h3";
	r.link = ".//h3/a/@href";
	r.date = "(.//time/@datetime | .//*[@itemprop='datePublished']/@content)[1]";
	r.text = ".//p[@class='body']";
	r.rating = ".//span[@class='stars']/@data-rating";
	r.author = ".//span[@class='author']";
	o.url = "https://example.org/avis/page.html";
	o.content_type = size && data[0] == '<' ? "text/html" : NULL;
	o.max_items = 50;
	f = rw_parse_page((const char *)data, size, &o, &r, &err);
	rw_feed_free(f);
	r.xml = 1;
	rw_err_clear(&err);
	f = rw_parse_page((const char *)data, size, &o, &r, &err);
	rw_feed_free(f);
	return 0;
}
