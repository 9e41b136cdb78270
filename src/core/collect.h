/* SPDX-License-Identifier: MIT */
/* collect.h - sources that are not one HTTP GET: the table of kinds.
 *
 * Owns: the list of collected source kinds (kind = imap, ...), each with
 * the checker of its own configuration keys and its collect function,
 * which gathers the source's items into a plain rw_feed (parse.h) and
 * says what to remember until the next scan.  What it collects then goes
 * through the same read-and-judge step (rw_read_feed, read.h) and the same
 * store path as a fetched body (scan.c).  Adding a kind is one entry in
 * the table (collect.c) and its own module.
 * Must not: judge items, write to the store, print; each kind's module
 * keeps its protocol to itself.
 *
 * State between scans: a collected source's state string (an IMAP
 * mailbox's UIDVALIDITY and last UID...) is kept in the store's etag
 * column of the source (a collected source has no ETag); like an ETag it
 * is replaced only when the collection was stored, so a failed scan
 * collects the same things again next time.
 */
#ifndef RW_COLLECT_H
#define RW_COLLECT_H

#include <signal.h>
#include <stddef.h>

#include "config.h"
#include "parse.h"

/* What a collection starts from. */
typedef struct rw_collect_in {
	const rw_source *src;
	const rw_fetch_settings *fetch; /* timeouts, size cap, CA file, user agent */
	const char *config_path;        /* the configuration (relative password files) */
	int config_private;             /* it is not readable by group or others: a
	                                   password written in it may be used */
	const char *state;              /* what the last stored collection said to
	                                   keep; NULL the first time */
	volatile sig_atomic_t *stop;    /* may be NULL; set: give up soon (RW_E_INTR) */
} rw_collect_in;

/* What it gives back; every pointer owned by it (rw_collect_out_clear). */
typedef struct rw_collect_out {
	rw_feed *feed;          /* the items collected (possibly none); NULL on failure */
	char *state;            /* to keep once stored; NULL: keep the old one */
	int complete;           /* 1: the items are all the source has, so one it
	                           listed before and lists no more is gone (as on
	                           a review page); 0: it only adds (a mailbox) */
	char *evidence;         /* the bytes the items were read from, for the
	                           record (e.g. the mails, mbox style); may be NULL */
	size_t evidence_len;
	size_t skipped;         /* things seen and not read (mails from no known sender) */
	char *notes;            /* lines saying what was skipped and why, for
	                           `sources test`; NULL when none */
	char error[1200];       /* why it failed, naming the source and what to
	                           do, in the reader's words (rw_tr) */
	char reason[1200];      /* the same as a reason to store (reason.h: read
	                           later, in the reader's language), or "" when
	                           the kind gives none (then store error) */
} rw_collect_out;

typedef struct rw_collect_kind {
	const char *name;                 /* as written after kind = */
	const char *keys;                 /* its own keys, for messages ("folder, user, ...") */
	const char *scheme;               /* an url scheme that implies it ("imap"), or NULL */
	/* 0 when key = value is one of the kind's own and valid; -1 with why
	 * ("unknown key (known: ...)" or what is wrong with the value). */
	int (*check_key)(const char *key, const char *value, char *why, size_t whysize);
	/* 0 when the source as a whole is usable (url, required keys); -1 with why. */
	int (*check_source)(const rw_source *src, char *why, size_t whysize);
	/* RW_OK with out->feed set; else an error code with out->error. */
	int (*collect)(const rw_collect_in *in, rw_collect_out *out);
} rw_collect_kind;

/* The kind named name ("imap"), or NULL when it is not a collected one
 * (feed, page or unknown). */
const rw_collect_kind *rw_collect_find(const char *name);

/* The kind an url's scheme implies (imaps://... -> imap), or NULL. */
const rw_collect_kind *rw_collect_for_url(const char *url);

/* The kind of src, or NULL when it is fetched. */
const rw_collect_kind *rw_collect_of(const rw_source *src);

/* The names of the collected kinds, comma-separated ("imap, ..."), into buf. */
void rw_collect_kind_names(char *buf, size_t size);

/* Collect in->src with its kind's module.  out is cleared first.  RW_OK
 * with out->feed; RW_E_USAGE when the source is not a collected one. */
int rw_collect_run(const rw_collect_in *in, rw_collect_out *out);

/* Frees what out holds and zeroes it; accepts NULL. */
void rw_collect_out_clear(rw_collect_out *out);

#endif
