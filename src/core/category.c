/* SPDX-License-Identifier: MIT */
#include "category.h"

#include <stdio.h>
#include <string.h>

static const char *const names[RW_NCATEGORIES] = {
	[RW_CAT_OTHER] = "other",
	[RW_CAT_REVIEW] = "review",
	[RW_CAT_MISINFORMATION] = "misinformation",
	[RW_CAT_NEWS] = "news",
	[RW_CAT_SOCIAL] = "social",
	[RW_CAT_PUBLICATION] = "publication",
};

static const rw_category shown[RW_NCATEGORIES] = {
	RW_CAT_REVIEW, RW_CAT_MISINFORMATION, RW_CAT_NEWS, RW_CAT_SOCIAL, RW_CAT_PUBLICATION, RW_CAT_OTHER,
};

const char *
rw_category_name(rw_category c)
{
	return (unsigned)c < RW_NCATEGORIES ? names[c] : names[RW_CAT_OTHER];
}

int
rw_category_from_name(const char *name)
{
	size_t i;

	for (i = 0; name && i < RW_NCATEGORIES; i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

rw_category
rw_category_at(size_t i)
{
	return i < RW_NCATEGORIES ? shown[i] : RW_CAT_OTHER;
}

int
rw_category_source_ok(const char *name)
{
	int c = rw_category_from_name(name);

	return c >= 0 && c != RW_CAT_MISINFORMATION;
}

char *
rw_category_source_names(char *buf, size_t size)
{
	size_t i, len = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < RW_NCATEGORIES; i++) {
		const char *name = names[shown[i]];
		int n;
		if (!rw_category_source_ok(name))
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0';   /* whole names only */
			break;
		}
		len += (size_t)n;
	}
	return buf;
}
