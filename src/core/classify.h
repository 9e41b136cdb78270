/* SPDX-License-Identifier: MIT */
/* classify.h - what kind of mention is this, and how does it feel.
 *
 * Owns: the category of a mention (review, misinformation, news, social,
 * publication, other), the rating a review gives, the myth it carries, its
 * language and sentiment, and the reason for the category, in words stored
 * with the mention.  Rules, in order (repwatch(1) documents them):
 *   1. the item carries a rating (schema.org, a review page rule) -> review;
 *   2. the text gives one ("4/5", "★★★★☆", "4 étoiles", "one star") -> review;
 *   3. the text asserts a myth of the catalogue (stance.h: no denial,
 *      report or question around it) -> misinformation;
 *   4. the text refutes, reports or questions a myth and names the
 *      practitioner (ctx->named) -> news, the reason saying it was a
 *      rebuttal; not named, it goes on to the next rules;
 *   5. the source's category hint (config) -> that category;
 *   6. the link is on a review site -> review; a social network, video site
 *      or health forum -> social; a press site -> news;
 *   7. otherwise -> other.
 * The myth (the first asserted, else the first found), its stance and the
 * sentiment are filled whatever the category; the reason names the myth
 * and its stance ("myth 'x', refuted (denied-before)").  This is
 * the one place a category is decided: callers store or show it as it is.
 * Must not: fetch, store or print.
 */
#ifndef RW_CLASSIFY_H
#define RW_CLASSIFY_H

#include <stddef.h>

#include "category.h"
#include "myths.h"
#include "profile.h"
#include "sentiment.h"
#include "stance.h"


typedef struct rw_classification {
	rw_category category;
	double rating;        /* 0..best, < 0 when none */
	double rating_best;   /* scale of rating (5 unless said otherwise) */
	char reason[160];     /* why, stored with the mention: reason.h (rw_reason_render) */
	const rw_myth *myth;  /* the myth carried, or NULL (owned by the catalogue) */
	rw_stance stance;     /* how the text holds myth (RW_STANCE_ASSERT when none) */
	rw_stance_reason stance_reason; /* what the stance judge saw */
	rw_sentiment sentiment; /* language, score and label (neutral without a lexicon) */
} rw_classification;

/* What classifying may use beyond the text; every field may be NULL. */
typedef struct rw_classify_ctx {
	const rw_myths *myths;        /* no misinformation rule without it */
	const rw_lexicon *lexicon;    /* no sentiment without it */
	const rw_stance_cues *stance; /* NULL: every myth found counts as asserted */
	int named;                    /* 1: the text names the practitioner (rule 4) */
	const rw_specialty *specialty;/* only myths this specialty watches ... */
	int all_myths;                /* ... unless set: every myth counts */
	rw_lang lang;                 /* the text's language if known */
	const char *prepared;         /* the text as rw_myths_prepare made it, or NULL
	                                 (made here): prepared once for many calls */
	int no_myth;                  /* 1: the caller asked the catalogue's filter
	                                 (rw_myths_may_match) and no myth can match */
	const rw_myths_hits *hits;    /* the filter's answer on prepared, or NULL
	                                 (asked here) */
	int asserted_myth_only;       /* 1: the caller keeps the text only if it
	                                 asserts a myth (it names no one): when it
	                                 does not, out has the myth and stance found
	                                 and nothing else (no rating, no sentiment) */
} rw_classify_ctx;

/* text: clean text (title and body); link may be NULL; hint: the source's
 * category from the config or NULL; item_rating < 0 when the item has none.
 * ctx NULL: rules 3, 4 and sentiment are skipped. */
void rw_classify_ex(const rw_classify_ctx *ctx, const char *text, const char *link, const char *hint,
                    double item_rating, double item_best, rw_classification *out);

/* How rule 4's reason starts when the text refutes the myth and names the
 * practitioner; rw_classify_is_rebuttal tells such a stored mention (the
 * digest and the notifications say it was a rebuttal). */
#define RW_CLASSIFY_REBUTTAL "a rebuttal naming you"
int rw_classify_is_rebuttal(const char *category, const char *reason);

/* rw_classify_ex without myths or sentiment. */
void rw_classify(const char *text, const char *link, const char *hint,
                 double item_rating, double item_best, rw_classification *out);

/* Rating found in text: returns 1 and fills value and best, or 0. */
int rw_classify_rating_in_text(const char *text, double *value, double *best);

/* The category a link's site gives (rule 6): RW_CAT_REVIEW, RW_CAT_SOCIAL,
 * RW_CAT_NEWS, or RW_CAT_OTHER when it is none of those. */
rw_category rw_classify_link(const char *link);

#endif
