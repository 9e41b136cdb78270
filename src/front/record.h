/* SPDX-License-Identifier: MIT */
/* record.h - stored mentions as text for people, in their language.
 *
 * Owns: what both front-ends (`repwatch`, `repwatch-tray`) show a person
 * the same way: the readable record of a mention (its sightings, every
 * version with the word-level difference between consecutive ones, the
 * evidence kept), which `repwatch show` prints, `repwatch evidence` and the
 * tray's Evidence... write as mention-ID.txt and the tray's History...
 * shows; a mention's one-line header; the myth note that `repwatch rebut`
 * prints and the tray's Correction... shows.  Words go through gettext (the
 * program set the locale and text domain); messages in rw_err are in the
 * user's language too.
 * Must not: open the store or the configuration, exit, or write anywhere
 * but the FILE it is given (and, for evidence, the folder it is given).
 */
#ifndef RW_RECORD_H
#define RW_RECORD_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "store.h"

/* s (from the network or the store) made safe to print on one line of a
 * terminal or a log: control characters, bidi overrides and bad bytes
 * shown as escapes (text.h: rw_text_printable).  The string lives until
 * eight more calls have been made (one thread); NULL gives "". */
const char *rw_safe(const char *s);

/* Mention id with its sightings, versions (and the word diff between
 * consecutive ones) and evidence, on out.  color: ANSI colours around the
 * diff marks.  RW_E_USAGE when there is no mention id. */
int rw_record_mention(FILE *out, rw_store *s, int64_t id, int color, rw_err *err);
/* The same as a malloc'd string (*len bytes); NULL with err set. */
char *rw_record_mention_text(rw_store *s, int64_t id, size_t *len, rw_err *err);

/* Write mention id's evidence to the new folder dir (evidence.h) with its
 * record as mention-ID.txt; *files gets how many files were written. */
int rw_record_evidence(rw_store *s, int64_t id, const char *dir, int64_t now, size_t *files, rw_err *err);

/* Why a mention may be a namesake's (rw_mention.uncertain, stored form),
 * in the reader's words, with the commands that settle it; in buf. */
const char *rw_record_uncertain(const char *stored, int64_t id, char *buf, size_t size);

/* For each practitioner of cfg, whose page it is and the evidence for and
 * against (name, city, specialty: the match's reason; phone, postcode,
 * registry numbers, a namesake the page lists: rw_page_doubt), one line
 * each, in the reader's words.  about: rw_analyse_page's; doubt:
 * rw_read_page_doubt's, or NULL (not a review page). */
struct rw_config;
struct rw_page_about;
struct rw_page_doubt;
void rw_record_page_verdict(FILE *out, const struct rw_config *cfg, const struct rw_page_about *about,
                            const struct rw_page_doubt *doubt);

/* A stored mention, copied out of the store. */
typedef struct rw_record_brief {
	int found;
	int64_t id;
	double rating, best;
	char *title, *body, *author, *category, *link;
} rw_record_brief;

/* Mention id from s into *out.  RW_E_USAGE when it is not stored; store
 * errors as they come.  Clear *out in every case. */
int rw_record_brief_load(rw_store *s, int64_t id, rw_record_brief *out, rw_err *err);
void rw_record_brief_clear(rw_record_brief *b);
/* Its title and text, for language detection and myth matching (malloc'd). */
char *rw_record_brief_text(const rw_record_brief *b);
/* "Mention #12 (review) 2/5 by Lou: title" and its link. */
void rw_record_brief_header(FILE *out, const rw_record_brief *b);
/* s wrapped at about 76 columns, each line after indent. */
void rw_record_wrapped(FILE *out, const char *s, const char *indent);

/* Called with a warning worth showing (the catalogue had a problem, the
 * mention is not classified as misinformation). */
typedef void (*rw_record_warn_fn)(const char *msg, void *data);

/* The myth note for stored mention id (0: none, then myth must be given):
 * the mention's header, the myth, its neutral correction and reputable
 * sources.  The myth is myth (an id of the catalogue) or the one the
 * mention carries (mythof.h); lang "fr" or "en", NULL for the reader's
 * (rw_user_lang), or in the C locale the mention's (detected); the
 * catalogue falls back to its other language.  RW_E_USAGE when there is no such mention or no myth. */
int rw_record_rebut(FILE *out, rw_store *s, int64_t id, const char *myth, const char *lang, rw_record_warn_fn warn,
                    void *data, rw_err *err);

#endif
