/* classify.h - what kind of mention is this.
 *
 * Owns: the category of a mention (review, misinformation, news, social,
 * publication, other), the rating a review gives, and the reason for both,
 * in words stored with the mention.  Rules, in order:
 *   1. the item carries a rating (schema.org, a review page rule) -> review;
 *   2. the text gives one ("4/5", "★★★★☆", "4 étoiles", "one star") -> review;
 *   3. the source's category hint (config) -> that category;
 *   4. the link's domain is a known social or press site -> social / news;
 *   5. otherwise -> other.
 * Must not: fetch, store or print.
 */
#ifndef RW_CLASSIFY_H
#define RW_CLASSIFY_H

#include <stddef.h>

typedef enum rw_category {
	RW_CAT_OTHER = 0, RW_CAT_REVIEW, RW_CAT_MISINFORMATION, RW_CAT_NEWS,
	RW_CAT_SOCIAL, RW_CAT_PUBLICATION
} rw_category;

typedef struct rw_classification {
	rw_category category;
	double rating;        /* 0..best, < 0 when none */
	double rating_best;   /* scale of rating (5 unless said otherwise) */
	char reason[160];     /* why, in English words, stored with the mention */
} rw_classification;

/* text: clean text (title and body); link may be NULL; hint: the source's
 * category from the config or NULL; item_rating < 0 when the item has none. */
void rw_classify(const char *text, const char *link, const char *hint,
                 double item_rating, double item_best, rw_classification *out);

/* Rating found in text: returns 1 and fills value and best, or 0. */
int rw_classify_rating_in_text(const char *text, double *value, double *best);

const char *rw_category_name(rw_category c);
/* -1 when name is not a category */
int rw_category_from_name(const char *name);

#endif
