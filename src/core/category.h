/* SPDX-License-Identifier: MIT */
/* category.h - what a mention is: the one list of categories.
 *
 * Owns: the category names every part of repwatch stores, checks and shows
 * (review, misinformation, news, social, publication, other), their order in
 * lists, and which of them a source may be given.  Must not: decide a
 * mention's category (classify.h does) or translate the names (front-ends
 * do, from their own message catalogues).
 */
#ifndef RW_CATEGORY_H
#define RW_CATEGORY_H

#include <stddef.h>

typedef enum rw_category {
	RW_CAT_OTHER = 0, RW_CAT_REVIEW, RW_CAT_MISINFORMATION, RW_CAT_NEWS,
	RW_CAT_SOCIAL, RW_CAT_PUBLICATION
} rw_category;

#define RW_NCATEGORIES 6

/* The stored name of c ("review"...); "other" for a value out of range. */
const char *rw_category_name(rw_category c);
/* The category named name, or -1 when name is not a category. */
int rw_category_from_name(const char *name);

/* The i-th category in the order lists show them (review first, other
 * last), for i < RW_NCATEGORIES. */
rw_category rw_category_at(size_t i);

/* Non-zero when a source may be given the category named name: every one
 * but misinformation, which only the judgement of a text gives. */
int rw_category_source_ok(const char *name);

/* "review, news, social, publication, other" into buf: the names a source
 * may be given, for messages (64 bytes are plenty).  Returns buf. */
char *rw_category_source_names(char *buf, size_t size);

#endif
