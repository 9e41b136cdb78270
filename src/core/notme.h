/* SPDX-License-Identifier: MIT */
/* notme.h - "this mention is about someone else": hiding it and learning
 * what told the other person apart, for later scans.
 *
 * Owns: the one way a front-end (`repwatch not-me`, the tray's "Not about
 * me") marks a stored mention as not about the practitioner and learns
 * rules from it: the words given, the mention's source, or, when neither is
 * given, the words of its text that speak against the practitioner's
 * profile (rw_matcher_words_against); all in one transaction.  A
 * mention marked uncertain (nothing told her from a namesake) is settled
 * for its page, for good: not-me teaches its source, is-me records the
 * page as hers (store.h, page_owner), and later scans follow.
 * Must not: print, or decide anything the user did not ask for beyond the
 * words the matcher names.
 */
#ifndef RW_NOTME_H
#define RW_NOTME_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "store.h"

#define RW_NOTME_MAX_WORDS 16
#define RW_NOTME_AUTO_WORDS 3       /* words learned without words given, at most */

typedef struct rw_notme_result {
	int found;                      /* the mention is stored */
	char practitioner[256];         /* whom the mention was matched to */
	char *text;                     /* its title and text, for the caller's checks */
	char source_url[2048];          /* with source: the url learned */
	size_t nwords;
	char *words[RW_NOTME_MAX_WORDS];  /* the words learned (or that would be) */
	int64_t word_rules[RW_NOTME_MAX_WORDS], source_rule;   /* 0 on a dry run */
	int automatic;                  /* the words were found, not given */
	int uncertain;                  /* it was marked uncertain: its page is settled */
} rw_notme_result;

/* Mark mention id as not about its practitioner and learn: each of words
 * (at most RW_NOTME_MAX_WORDS), the mention's source url when source, or
 * (neither given) the words cfg's profile of the practitioner finds against
 * it (cfg may be NULL: nothing is found).  dry_run: nothing is written, *out
 * says what would be learned.  RW_E_USAGE when there is no mention id or
 * (source) it has no source on record; store errors as they come.  Free
 * *out with rw_notme_result_clear in every case. */
int rw_notme_learn(rw_store *s, const rw_config *cfg, int64_t id, const char *const *words, size_t nwords,
                   int source, int dry_run, int64_t now, rw_notme_result *out, rw_err *err);
void rw_notme_result_clear(rw_notme_result *r);

/* `repwatch is-me`: mention id is about its practitioner after all: it is
 * no longer uncertain nor hidden, and the page source that showed it is
 * hers for good (rw_store_set_page_owner; a not-me rule on it is
 * forgotten).  r->source_url: that page ("" when it has none on record).
 * RW_E_USAGE when there is no mention id.  Free r with
 * rw_notme_result_clear. */
int rw_notme_is_me(rw_store *s, int64_t id, int64_t now, rw_notme_result *r, rw_err *err);

/* Show mention id again (its rules stay).  RW_E_USAGE when there is none. */
int rw_notme_undo(rw_store *s, int64_t id, rw_err *err);

#endif
