/* SPDX-License-Identifier: MIT */
/* replycheck.h - what a doctor's reply to a review must not say.
 *
 * Owns: the reply rules (data files, feeds/replycheck/README.md documents
 * their format), checking a draft reply against them, and the answer
 * choices the medical council describes (choices.ini), with their drafts.
 * A flag is a byte span of the draft, a kind (confirms a care relationship,
 * names a condition or drug, dates the visit, names a relative, names the
 * reviewer, advertises) and a reason in the draft's language (fr or en).
 * Matching is on folded tokens (text.h: case and accents ignored, whole
 * words), mapped back to byte offsets of the draft.
 * Must not: print, read the store or the network, or decide what to do
 * with a flag (front-ends show them; a script may refuse to publish).
 */
#ifndef RW_REPLYCHECK_H
#define RW_REPLYCHECK_H

#include <stddef.h>

#include "err.h"

/* Caps on what input can grow.  A draft is a reply to one review. */
#define RW_REPLY_MAX_DRAFT   (256u << 10)  /* bytes of one draft */
#define RW_REPLY_MAX_FLAGS   1000          /* flags reported for one draft */
#define RW_REPLY_MAX_RULES   200000        /* rules from all files together */
#define RW_REPLY_MAX_FILE    (8u << 20)    /* bytes of one rule file */

typedef enum rw_reply_kind {
	RW_REPLY_CARE = 0,   /* confirms a care relationship: "lors de votre consultation" */
	RW_REPLY_MEDICAL,    /* a condition, symptom, treatment, procedure or drug */
	RW_REPLY_DATE,       /* a date or time that can date the visit */
	RW_REPLY_RELATIVE,   /* a relative of the reviewer: "votre mère" */
	RW_REPLY_NAME,       /* the reviewer's name (given by the caller) */
	RW_REPLY_PROMO,      /* promotional wording (a French doctor may not advertise) */
	RW_REPLY_KINDS       /* number of kinds that can be flagged */
} rw_reply_kind;

/* "care", "medical", "date", "relative", "name", "promo"; NULL if out of range. */
const char *rw_reply_kind_name(rw_reply_kind k);
/* The kind called name, or -1. */
int rw_reply_kind_from_name(const char *name);

typedef struct rw_replycheck rw_replycheck;

/* An empty checker: no rules, no choices.  NULL when memory ran out. */
rw_replycheck *rw_replycheck_new(void);
void rw_replycheck_free(rw_replycheck *rc);

/* Load every "*.tsv" rule file of dir in name order, then its
 * "choices.ini" if there is one (sections of a later directory replace those
 * of an earlier one with the same name).  A missing dir is an error unless
 * optional is non-zero.  Errors name file:line and what is wrong there. */
int rw_replycheck_load_dir(rw_replycheck *rc, const char *dir, int optional, rw_err *err);
/* The rules every front-end uses: the shipped folder (datadir.h's data
 * folder, "replycheck/"), then the user's ($XDG_CONFIG_HOME/repwatch/
 * replycheck/, or ~/.config/..., optional), which adds rules and replaces
 * choices by id.  NULL with err set (file:line) when either does not load
 * or memory ran out.  Reads files only: safe in a worker thread. */
rw_replycheck *rw_replycheck_load_default(rw_err *err);
/* Load one rule file (the format of feeds/replycheck/README.md). */
int rw_replycheck_load_file(rw_replycheck *rc, const char *path, rw_err *err);
/* Load rules from text; name is used in error messages and flag origins. */
int rw_replycheck_load_string(rw_replycheck *rc, const char *name, const char *text, rw_err *err);
/* Load answer choices (an INI file, see README.md). */
int rw_replycheck_load_choices(rw_replycheck *rc, const char *path, rw_err *err);

/* Number of rules loaded (patterns, not counting classes and reasons). */
size_t rw_replycheck_rule_count(const rw_replycheck *rc);

typedef struct rw_reply_flag {
	size_t start, end;      /* byte span [start, end) in the draft */
	rw_reply_kind kind;
	const char *detail;     /* finer kind from the rule ("drug", "condition"…) or NULL */
	const char *reason;     /* why, in the draft's language */
	const char *origin;     /* "file:line" of the rule, or "reviewer name", "date shape" */
} rw_reply_flag;

typedef struct rw_reply_report {
	char lang[3];           /* the language the draft was checked in */
	size_t count;           /* flags, in draft order */
	rw_reply_flag *flags;   /* strings are owned by the checker: valid while it lives */
	int truncated;          /* more than RW_REPLY_MAX_FLAGS were found */
} rw_reply_report;

typedef struct rw_replycheck_opts {
	const char *lang;       /* "fr", "en", or NULL to detect */
	const char *reviewer;   /* the reviewer's name as published, or NULL */
} rw_replycheck_opts;

/* Check draft (UTF-8; invalid bytes are skipped, never matched).  On success
 * *out is a report the caller frees with rw_reply_report_free (count 0: the
 * draft passes).  Fails (RW_E_USAGE) on a draft over RW_REPLY_MAX_DRAFT or an
 * unknown language, RW_E_NOMEM when memory ran out. */
int rw_replycheck_run(const rw_replycheck *rc, const char *draft, const rw_replycheck_opts *o,
                      rw_reply_report **out, rw_err *err);
void rw_reply_report_free(rw_reply_report *r);

/* ---- answer choices (choices.ini) ---- */
typedef struct rw_reply_choice {
	const char *id;         /* section name: "silence", "generic", … */
	int is_public;          /* the choice publishes a reply under the review */
	const char *title;      /* in the requested language */
	const char *advice;     /* what to do and why; may be empty */
	const char *draft;      /* a neutral draft, or NULL for private routes */
} rw_reply_choice;

/* Number of choices loaded. */
size_t rw_replycheck_choice_count(const rw_replycheck *rc);
/* Choice i (in file order) in lang ("fr"/"en"; a text missing in lang falls
 * back to the other language).  Returns 0, or -1 when i is out of range. */
int rw_replycheck_choice(const rw_replycheck *rc, size_t i, const char *lang, rw_reply_choice *out);

#endif
