/* SPDX-License-Identifier: MIT */
/* category.c: the one list of categories, and that the readers of sources
 * (config, templates, OPML) take what it says. */
#include "category.h"
#include "tap.h"

#include <string.h>

int
main(void)
{
	static const char *const want[RW_NCATEGORIES] = {
		"review", "misinformation", "news", "social", "publication", "other"
	};
	char buf[64];
	size_t i;

	for (i = 0; i < RW_NCATEGORIES; i++) {
		const char *name = rw_category_name(rw_category_at(i));
		is_str(name, want[i], "category %zu in list order", i);
		is_int(rw_category_from_name(name), (long long)rw_category_at(i), "'%s' names its own category", name);
	}
	is_str(rw_category_name(RW_CAT_OTHER), "other", "RW_CAT_OTHER is stored as 'other'");
	is_str(rw_category_name((rw_category)42), "other", "out of range: other");
	is_int(rw_category_from_name("Review"), -1, "names are exact (case matters)");
	is_int(rw_category_from_name(NULL), -1, "no name: no category");
	is_int(rw_category_from_name("nonsense"), -1, "unknown name");
	ok(rw_category_at(99) == RW_CAT_OTHER, "past the list: other");
	/* a source may be given any category but misinformation */
	ok(rw_category_source_ok("review") && rw_category_source_ok("news") && rw_category_source_ok("social") &&
	   rw_category_source_ok("publication") && rw_category_source_ok("other"), "source categories");
	ok(!rw_category_source_ok("misinformation"), "misinformation is a judgement, not a source's category");
	ok(!rw_category_source_ok("blog") && !rw_category_source_ok(NULL) && !rw_category_source_ok(""),
	   "unknown source category refused");
	is_str(rw_category_source_names(buf, sizeof(buf)), "review, news, social, publication, other",
	       "the source categories for messages");
	is_str(rw_category_source_names(buf, 14), "review, news", "a short buffer holds whole names");
	return tap_done();
}
