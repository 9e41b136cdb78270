/* SPDX-License-Identifier: MIT */
#include "mythof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const rw_myth *
rw_mythof_mention(const rw_myths *cat, rw_store *s, int64_t id, const char *title, const char *body, int *stored)
{
	rw_mention_analysis_row a;
	rw_err err = { 0 };
	const rw_myth *my = NULL;
	char *text = NULL;

	if (stored)
		*stored = 0;
	if (s && id > 0 && rw_store_get_analysis(s, id, &a, &err) == RW_OK && a.found && a.myth[0]) {
		if (stored)
			*stored = 1;
		my = cat ? rw_myths_find(cat, a.myth) : NULL;
	}
	if (my || !cat)
		return my;
	if (asprintf(&text, "%s\n%s", title ? title : "", body ? body : "") < 0)
		return NULL;
	my = rw_myths_match(cat, text, RW_LANG_UNKNOWN, NULL, 1);
	free(text);
	return my;
}
