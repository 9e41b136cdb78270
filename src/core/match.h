/* SPDX-License-Identifier: MIT */
/* match.h - finding a practitioner in a text, and how sure we are.
 *
 * Owns: the spellings generated from a practitioner's profile (name orders,
 * titles, initials of hyphenated first names, usage and maiden names, the
 * user's own variants), the whole-word, case- and accent-insensitive search
 * for them (text.h's token form: hyphens, dots, NBSP and spaces are all one
 * separator), and the confidence of each hit from its context (specialty
 * words, city, practice, RPPS/ADELI number for it; a declared homonym's
 * words, another profession, another place, words the user taught with
 * `repwatch not-me` against it).  Places are places.h's, professions
 * professions.h's.  Must not: know about feeds, storage or classification.
 *
 * Rules (repwatch.conf(5) gives them to users):
 *   - kind of spelling, and its base score: title + first name + surname
 *     ("Dr Jeanne Dupont") 3; first name + surname in either order, a usage
 *     or maiden name, a variant the user typed 2; initials + surname
 *     ("J.-G. Dupont", "JG Dupont") 1; title + surname ("Dr Dupont") 1;
 *     surname alone 0, and it counts only with context for it;
 *   - context, the 40 words on each side of the hit: specialty word +1, her
 *     city +1 (or a place inside it: an arrondissement, a postcode, a
 *     quarter, its name in another language), practice +2, RPPS/ADELI
 *     number +3, a `context =` word +1; a homonym's word -3, a word taught
 *     by not-me -3; a town within 5 km of hers (Lyon for Villeurbanne)
 *     counts neither way;
 *   - another profession or specialty said of the person named (within 4
 *     words after the name or 3 before it, same sentence; not when her own
 *     specialty is said there too, nor letters of 3 or fewer such as "RN"),
 *     or another place said of them (after "in", "à", "de"... or before its
 *     region's code; before the name within 3 words, or after it in the
 *     same sentence within 12 words and before another title or
 *     practitioner; only when her cities are known and none is named):
 *     -4 once; and a text names one person, so the same -4 for its other
 *     hits; such a profession or place only further away: -1 each, not a
 *     profession said of someone already known ("le notaire", "my lawyer",
 *     "the pharmacist": after le, la, l', the, mon, my, our...);
 *   - score >= 3 high, 2 medium, 1 low, <= 0 rejected;
 *   - a given name of hers is hers only written as one: not in lowercase
 *     beside her capitalised surname ("Dr Fictif, claire et nette", "I hope
 *     Tenbury"), nor across a sentence end ("Dr Fictif. Claire et...");
 *     then only the shorter spelling inside counts ("Dr Fictif");
 *   - a surname alone next to another first name ("Marie Dupont",
 *     "DUPONT Marie"), and a name glued by a hyphen to another word
 *     ("Marie-Jeanne Dupont", "Jeanne Dupont-Lefort"), are rejected;
 *   - a source taught by not-me rejects everything it says.
 */
#ifndef RW_MATCH_H
#define RW_MATCH_H

#include <stddef.h>

#include "profile.h"

typedef struct rw_matcher rw_matcher;

typedef enum rw_confidence {
	RW_CONF_NONE = 0,        /* rejected */
	RW_CONF_LOW, RW_CONF_MEDIUM, RW_CONF_HIGH
} rw_confidence;

/* "none", "low", "medium", "high" */
const char *rw_confidence_name(rw_confidence c);

typedef struct rw_match {
	size_t start, end;       /* byte span in the searched text */
	const char *variant;     /* the spelling that matched, folded (owned by the matcher) */
	const char *kind;        /* "title and full name", "full name", ... (static) */
	const char *practitioner;/* practitioner id (owned by the matcher's profile) */
	int score;
	rw_confidence confidence;/* RW_CONF_NONE: rejected, reason says why */
	int elsewhere;           /* 1: what is said of the person named tells
	                            someone else (another profession, place or
	                            first name, a homonym's word, a source marked
	                            not you), not only too little */
	char reason[320];        /* why it matched and this confidence: reason.h (rw_reason_render) */
} rw_match;

#define RW_MATCH_MAX_HITS 32  /* hits kept per text; later ones are ignored */

typedef struct rw_match_set {
	rw_match hits[RW_MATCH_MAX_HITS];
	size_t n;                /* hits found, accepted or not, in text order */
	int best;                /* index of the accepted hit with the best score, -1 if none */
} rw_match_set;

/* A matcher for one practitioner; p must outlive the matcher.  NULL when
 * memory ran out. */
rw_matcher *rw_matcher_new(const rw_practitioner *p);
void rw_matcher_free(rw_matcher **m);

/* Number of spellings generated, and the i-th (folded token form, without
 * the surrounding spaces), and its kind. */
size_t rw_matcher_nvariants(const rw_matcher *m);
const char *rw_matcher_variant(const rw_matcher *m, size_t i);
const char *rw_matcher_variant_kind(const rw_matcher *m, size_t i);

/* Teach a rule learned with `repwatch not-me`: kind "source" (value: a
 * source URL whose items are never her) or "word" (value: a word or phrase
 * that counts -3 against).  0, or -1 when memory ran out or kind is unknown. */
int rw_matcher_add_rule(rw_matcher *m, const char *kind, const char *value);

/* Every hit of the practitioner in text (clean UTF-8), with its confidence.
 * source: the URL of the source the text came from, or NULL.  Returns the
 * number of accepted hits (0 when none), or -1 when memory ran out. */
int rw_matcher_scan(const rw_matcher *m, const char *text, const char *source, rw_match_set *out);

/* The same, for a caller that has text's token form (rw_text_tokens(text,
 * NULL)) already: several practitioners, or the language detector, share
 * it.  The map back to text is made only when a variant is found. */
int rw_matcher_scan_tokens(const rw_matcher *m, const char *text, const char *tok, const char *source,
                           rw_match_set *out);

/* The best accepted hit in text: 1 and *out filled, 0 when none, -1 when
 * memory ran out. */
int rw_matcher_find(const rw_matcher *m, const char *text, rw_match *out);

/* Words of text that count against the practitioner (a homonym's words,
 * another profession, another place said as a place when her cities are
 * known), for `repwatch not-me`
 * to learn: fills at most max pointers to strings that live as long as the
 * matcher (folded words, or a place's name as the gazetteer writes it);
 * returns how many. */
size_t rw_matcher_words_against(const rw_matcher *m, const char *text, const char **words, size_t max);

#endif
