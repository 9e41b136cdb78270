/* match.h - finding a practitioner in a text.
 *
 * Owns: the spellings generated from a practitioner's profile (name orders,
 * titles, the user's own variants) and the whole-word, case- and
 * accent-insensitive search for them (text.h's token form).  A surname alone
 * never counts; a surname counts with a title ("Dr Dupont").  Must not: know
 * about feeds, storage or classification.
 */
#ifndef RW_MATCH_H
#define RW_MATCH_H

#include <stddef.h>

#include "config.h"

typedef struct rw_matcher rw_matcher;

typedef struct rw_match {
	size_t start, end;       /* byte span in the searched text */
	const char *variant;     /* the spelling that matched, folded (owned by the matcher) */
	const char *practitioner;/* practitioner id (owned by the matcher's profile) */
} rw_match;

/* A matcher for one practitioner; p must outlive the matcher. */
rw_matcher *rw_matcher_new(const rw_practitioner *p);
void rw_matcher_free(rw_matcher **m);

/* Number of spellings generated, and the i-th (folded token form, without
 * the surrounding spaces). */
size_t rw_matcher_nvariants(const rw_matcher *m);
const char *rw_matcher_variant(const rw_matcher *m, size_t i);

/* Find the first mention in text (clean UTF-8).  Returns 1 and fills *out,
 * 0 when there is none, -1 when memory ran out. */
int rw_matcher_find(const rw_matcher *m, const char *text, rw_match *out);

#endif
