/* SPDX-License-Identifier: MIT */
/* sentiment.h - the language of a mention and what it feels like.
 *
 * Owns: the French and English lexicons of feeds/lexicons/ (general words,
 * doctor-review words and phrases, negators, intensifiers; their README
 * says how they are built and how they must be read), the per-mention
 * language guess (stopword counts), and the lexicon score in [-1, 1] with
 * its label.  Must not: fetch, store, print, or know about categories.
 *
 * Scoring (README.md "Sentiment" gives the measured accuracy):
 *   - tokens: lowercase, runs of letters and digits joined by an inner ' or
 *     - ; French elisions split off (l', d', n', qu' ...);
 *   - a domain phrase ("à l'écoute", "never again") is one unit; otherwise a
 *     token is looked up in the domain words, then the general list, exact
 *     spelling first, then accent-folded; an unknown word is retried
 *     without a plural, feminine or verb ending ("recommended" -> "recommend");
 *   - intensifiers just before a unit multiply it ("très", "very");
 *   - a negator among the 3 tokens before a unit, in the same clause, flips
 *     and damps it ("ne ... pas", "jamais", "not", "never", "-n't");
 *   - after a contrast ("but", "mais", "however", "pourtant") units weigh 1.5,
 *     before it 0.5 (what follows the "but" is what the writer means);
 *   - "!" adds emphasis in the direction of the sum;
 *   - the sum s becomes s / sqrt(s^2 + 1) in [-1, 1]; with a rating, the
 *     score is 0.7 x the rating mapped to [-1, 1] + 0.3 x the text;
 *   - label: positive above 0.05, negative below -0.05, neutral between.
 */
#ifndef RW_SENTIMENT_H
#define RW_SENTIMENT_H

#include <stddef.h>

#include "err.h"

typedef enum rw_lang { RW_LANG_UNKNOWN = 0, RW_LANG_FR, RW_LANG_EN } rw_lang;

/* "fr", "en", or NULL for unknown */
const char *rw_lang_name(rw_lang l);
/* RW_LANG_UNKNOWN unless name is "fr" or "en" */
rw_lang rw_lang_from_name(const char *name);

/* The language of text from its stopwords; RW_LANG_UNKNOWN when there are
 * too few to tell or as many of each. */
rw_lang rw_lang_detect(const char *text);

/* The same as "fr" or "en", or fallback when it cannot be told: the one
 * guess of a text's language (replies, drafts, reviews) every module and
 * front-end asks. */
const char *rw_lang_detect_name(const char *text, const char *fallback);

/* The same from text's token form (rw_text_tokens), for a caller that has
 * it already: its first 3,000 words (16 KiB) are read. */
rw_lang rw_lang_detect_tokens(const char *tok);

typedef struct rw_lexicon rw_lexicon;

/* Load the five files of dir (en.tsv, fr.tsv, domain.tsv, negators.txt,
 * intensifiers.tsv).  NULL with err set (naming the file and line) when one
 * is missing or malformed. */
rw_lexicon *rw_lexicon_load(const char *dir, rw_err *err);
void rw_lexicon_free(rw_lexicon **lx);

typedef enum rw_polarity { RW_NEUTRAL = 0, RW_POSITIVE, RW_NEGATIVE } rw_polarity;

/* "neutral", "positive", "negative" */
const char *rw_polarity_name(rw_polarity p);

typedef struct rw_sentiment {
	rw_lang lang;        /* the language scored (detected when asked) */
	double score;        /* [-1, 1] */
	rw_polarity label;
	double text_sum;     /* the lexicon sum before normalising */
	size_t units;        /* words and phrases that carried a score */
	int from_rating;     /* 1 when a rating took part */
} rw_sentiment;

/* Score text (clean UTF-8).  lang RW_LANG_UNKNOWN: detect it, and when
 * that fails score with both lexicons and keep the one that finds more.
 * rating/best: a rating the mention carries (rating < 0 or best <= 0: none). */
void rw_sentiment_score(const rw_lexicon *lx, const char *text, rw_lang lang,
                        double rating, double best, rw_sentiment *out);

#endif
