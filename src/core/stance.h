/* SPDX-License-Identifier: MIT */
/* stance.h - does a text assert a claim, or refute, report or question it?
 *
 * Owns: reading the cue lists of feeds/stance/ (fr.txt, en.txt; format in
 * feeds/stance/README.md) and judging, from the words around the place
 * where a myth pattern matched, whether the text asserts the myth ("les
 * vaccins donnent l'autisme"), denies it (negation inside the claim or
 * before it in its clause, "il est faux de dire que", "Myth: ... Fact:",
 * "Vrai ou faux : ... ? Faux.", "... is a myth"), attributes it to others
 * ("certains affirment que ...", French conditional) or asks it ("Do
 * vaccines cause autism?").
 * Must not: find myths (myths.c does), decide what a verdict means for a
 * mention's category (the read step does), print or exit.
 */
#ifndef RW_STANCE_H
#define RW_STANCE_H

#include <stddef.h>

#include "err.h"
#include "sentiment.h"

typedef enum rw_stance {
	RW_STANCE_ASSERT = 0,   /* states the claim as true */
	RW_STANCE_REFUTE,       /* denies it */
	RW_STANCE_REPORT,       /* says that others claim it, without taking it up */
	RW_STANCE_QUESTION,     /* asks whether it is true */
} rw_stance;

/* Why: what the judge saw.  Stable names for storage: rw_stance_reason_name(). */
typedef enum rw_stance_reason {
	RW_STANCE_PLAIN = 0,        /* no cue: a plain statement of the claim */
	RW_STANCE_NEGATED,          /* a negation inside the claim or before it in its clause */
	RW_STANCE_DENIED_BEFORE,    /* "il est faux de dire que", "myth:", "no evidence that" */
	RW_STANCE_DENIED_AFTER,     /* "... est une idée reçue", "... is false" */
	RW_STANCE_DENIED_NEXT,      /* the next sentence denies it ("C'est faux.", "Fact: ...") */
	RW_STANCE_ANSWERED_NO,      /* a question answered no ("Vrai ou faux : ... ? Faux.") */
	RW_STANCE_ASKED,            /* a question left open */
	RW_STANCE_REPORTED,         /* "certains affirment que", "some people claim" */
	RW_STANCE_REPORTED_DENIED,  /* reported, then contradicted ("..., mais ...") */
	RW_STANCE_CONDITIONAL,      /* French conditional: "le vaccin provoquerait" */
} rw_stance_reason;

typedef struct rw_stance_cues rw_stance_cues;

/* Read dir/fr.txt and dir/en.txt.  NULL with err set when a file is
 * missing or wrong ("path:line: ..."), or memory ran out. */
rw_stance_cues *rw_stance_load(const char *dir, rw_err *err);

/* The shipped lists (the data folder's stance/). */
rw_stance_cues *rw_stance_load_default(rw_err *err);

void rw_stance_free(rw_stance_cues **c);

/* Flags for rw_stance_judge. */
#define RW_STANCE_CLAIM_NEGATIVE 1   /* the claim holds a negation itself ("you
                                        can't get pregnant on your period"): a
                                        negation inside the match is no denial */

/* The stance of text towards the claim found at [match_start, match_end).
 * text is as the myth patterns saw it (rw_myths_prepare: folded, spaces
 * collapsed) and the offsets index it; lang picks the cue list
 * (RW_LANG_UNKNOWN: both).  reason, when not NULL, receives why.  A NULL
 * cue list or offsets outside the text give RW_STANCE_ASSERT (the
 * cautious answer: the text is flagged as before). */
rw_stance rw_stance_judge(const rw_stance_cues *c, const char *text, rw_lang lang, size_t match_start,
                          size_t match_end, int flags, rw_stance_reason *reason);

/* "assert", "refute", "report", "question". */
const char *rw_stance_name(rw_stance s);

/* "plain", "negated", "denied-before", ... as in the enum: stable codes,
 * and msgids (N_) that a stored reason marks (reason.h) so that it reads
 * in the reader's words. */
const char *rw_stance_reason_name(rw_stance_reason r);

#endif
