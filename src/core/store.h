/* SPDX-License-Identifier: MIT */
/* store.h - the mention history, in SQLite.
 *
 * Owns: the database file and every SQL string of the project: schema and
 * its ordered migrations (PRAGMA user_version), per-source fetch state
 * (ETag, Last-Modified, failures), mentions with their versions and
 * sightings, and scans.  WAL mode, a busy timeout, one transaction per
 * source per scan, so a crash loses at most the source being written.
 * A damaged file is refused at open (quick_check) and, when damage shows up
 * later, no longer written to.  The SQL lives in store.c and its private
 * companions (store-int.h): store-history.c, store-maint.c, evidence.c.
 * Must not: decide what counts as a change (diff.h does) or print.
 */
#ifndef RW_STORE_H
#define RW_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct rw_store rw_store;

#define RW_STORE_SCHEMA_VERSION 7

/* Open (creating if needed) the database at path and bring its schema up to
 * date.  A database written by a newer repwatch is refused (RW_E_DB). */
rw_store *rw_store_open(const char *path, rw_err *err);
void rw_store_close(rw_store **s);
const char *rw_store_path(const rw_store *s);

/* Transactions: one per source per scan.  begin takes the write lock at once
 * (BEGIN IMMEDIATE). */
int rw_store_begin(rw_store *s, rw_err *err);
int rw_store_commit(rw_store *s, rw_err *err);
void rw_store_rollback(rw_store *s);

/* ---- sources ---- */
typedef struct rw_source_state {
	int64_t id;
	char *etag;
	char *last_modified;
	int64_t last_attempt, last_success;   /* 0: never */
	long last_status;
	char *last_error;
	int failures;                         /* consecutive */
	const char *verdict;                  /* rw_store_each_source only (borrowed):
	                                         a page read as "someone-else" or
	                                         "uncertain" (rw_store_source_verdict), NULL */
} rw_source_state;

/* State of url (the row is created if absent, so id is always set). */
int rw_store_source_get(rw_store *s, const char *url, const char *name,
                        rw_source_state *out, rw_err *err);
void rw_source_state_clear(rw_source_state *st);

/* Record the outcome of one fetch of source id at time now.  error NULL
 * means success (failures reset); otherwise failures grows by one.
 * etag / last_modified replace the stored ones only on success. */
int rw_store_source_result(rw_store *s, int64_t id, int64_t now, long status,
                           const char *etag, const char *last_modified,
                           const char *error, rw_err *err);

/* ---- scans ---- */
int rw_store_scan_begin(rw_store *s, int64_t now, int64_t *scan_id, rw_err *err);
int rw_store_scan_end(rw_store *s, int64_t scan_id, int64_t now, int status, rw_err *err);

/* ---- mentions ---- */
typedef enum rw_change { RW_CHANGE_NONE = 0, RW_CHANGE_NEW, RW_CHANGE_CHANGED, RW_CHANGE_GONE } rw_change;
const char *rw_change_name(rw_change c);

/* One sighting of a mention in a source, as the scan saw it. */
typedef struct rw_observation {
	const char *practitioner;   /* id */
	const char *guid;           /* the feed's id, may be NULL */
	const char *link;           /* may be NULL */
	const char *title, *body, *author;
	const char *variant;        /* the spelling that matched */
	const char *category, *reason;
	int64_t published;          /* RW_NO_DATE when unknown */
	double rating, rating_best; /* < 0 when none */
	int listing_entry;          /* 1: one entry of a page that lists several
	                               (a review page); identity is diff.h's
	                               rw_diff_identity */
	int rank;                   /* a listing entry's rank (rw_diff_entry) */
} rw_observation;

/* Record o as seen in source source_id during scan scan_id at time now.
 * Which mention it is and whether it is a change are decided by diff.h
 * (rw_diff_identity, rw_diff_judge); this runs the SQL.
 * Returns the change it makes (new, changed: a new version was stored, or
 * none) in *change and the mention's id in *mention_id. */
int rw_store_observe(rw_store *s, int64_t scan_id, int64_t source_id, int64_t now,
                     const rw_observation *o, rw_change *change, int64_t *mention_id,
                     rw_err *err);

/* o was listed by source source_id in scan scan_id but is not (or no longer)
 * about o->practitioner: a not-me rule learned since excludes it, or it no
 * longer names her.  When it is a mention of hers that this source listed,
 * its sighting is renewed (a sweep will not call it gone: it is still
 * online) and, unless another source still lists it as hers, it becomes
 * "not about me" (not_me = 2: hidden from lists and digests like a mention
 * marked not-me, and back to 0 when an observation stores it for her
 * again).  *mention_id (may be NULL): that mention, or 0. */
int rw_store_not_hers(rw_store *s, int64_t scan_id, int64_t source_id, int64_t now,
                      const rw_observation *o, int64_t *mention_id, rw_err *err);

/* After every item of source source_id was observed in scan scan_id: the
 * sightings that this scan did not renew and whose date is not older than
 * window_oldest (the oldest item the source still lists) are gone; a mention
 * none of whose sightings remains becomes gone.  gone_fn is called for each
 * such mention.  window_oldest == RW_NO_DATE: nothing can be judged gone.
 * This is the rule for feeds, whose window slides: an item older than every
 * item still listed only scrolled out. */
int rw_store_sweep(rw_store *s, int64_t scan_id, int64_t source_id, int64_t window_oldest,
                   int64_t now, void (*gone_fn)(int64_t mention_id, void *data), void *data,
                   rw_err *err);

/* The rule for a page that lists reviews (a source read as HTML): every
 * sighting of source_id that scan_id did not renew is gone, whatever its
 * date: the page still answers and no longer lists it.  listed is how many
 * items the page listed in this scan; 0 judges nothing (a page that lists
 * nothing at all is more likely broken or changed than emptied). */
int rw_store_sweep_page(rw_store *s, int64_t scan_id, int64_t source_id, size_t listed,
                        int64_t now, void (*gone_fn)(int64_t mention_id, void *data), void *data,
                        rw_err *err);

typedef struct rw_mention {
	int64_t id;
	const char *practitioner, *link, *title, *body, *author, *variant;
	const char *category, *reason, *state, *last_change, *source;
	int64_t published, first_seen, last_seen;
	double rating, rating_best;
	int version, read;
	int64_t last_change_scan;
	const char *gone_reason;   /* when gone: "unlisted" or "http:404"/"http:410"; else NULL */
	int irrelevant;            /* marked irrelevant by the user */
	int64_t last_change_at;
	const char *uncertain;     /* why it may be a namesake's (reason.h form:
	                              rw_reason_render), NULL: nothing doubts it */
} rw_mention;

typedef struct rw_mention_filter {
	const char *change;        /* "new", "changed", "gone" or NULL for all */
	const char *category;      /* or NULL */
	const char *practitioner;  /* or NULL */
	int64_t since;             /* last change at or after; 0 for all */
	int64_t scan_id;           /* only changes made by this scan; 0 for all */
	int64_t id;                /* one mention; 0 for all */
	int hide_irrelevant;       /* leave out what the user marked irrelevant */
	int with_not_me;           /* also the mentions not about her (not_me 1, 2;
	                              left out otherwise unless asked for by id) */
} rw_mention_filter;

/* Call fn for each mention that passes f (NULL: all), newest first.  fn
 * returns non-zero to stop.  Strings are valid during the call only. */
int rw_store_each_mention(rw_store *s, const rw_mention_filter *f,
                          int (*fn)(const rw_mention *m, void *data), void *data, rw_err *err);

/* ---- history (store-history.c) ---- */

/* One source's sighting of a mention. */
typedef struct rw_sighting {
	int64_t source_id;
	const char *source_url, *source_name;
	const char *link;           /* as that source gave it (maybe a redirect wrapper) */
	const char *state;          /* "active" or "gone" */
	int64_t first_seen, last_seen, published;   /* published: RW_NO_DATE when unknown */
} rw_sighting;

/* Call fn for each sighting of mention_id, the first seen first.  Strings
 * are valid during the call only; fn returns non-zero to stop. */
int rw_store_each_sighting(rw_store *s, int64_t mention_id,
                           int (*fn)(const rw_sighting *si, void *data), void *data, rw_err *err);

/* One stored version of a mention's text. */
typedef struct rw_version {
	int version;                /* 1, 2, ... */
	const char *title, *body, *hash;
	const char *source;         /* name (or URL) of the source that said it; NULL when unknown */
	double rating;              /* < 0 when none */
	int64_t seen_at, scan_id;
} rw_version;

/* Call fn for each version of mention_id, oldest first. */
int rw_store_each_version(rw_store *s, int64_t mention_id,
                          int (*fn)(const rw_version *v, void *data), void *data, rw_err *err);

typedef enum rw_mark { RW_MARK_READ, RW_MARK_UNREAD, RW_MARK_IRRELEVANT, RW_MARK_RELEVANT } rw_mark;

/* Mark mention id.  Irrelevant mentions stay stored (history and evidence
 * included) and are left out of lists that ask so.  RW_E_USAGE when there
 * is no mention id. */
int rw_store_mark(rw_store *s, int64_t id, rw_mark mark, rw_err *err);

/* Link checks (see linkcheck.h).  Call fn(mention_id, link) for at most max
 * mentions whose own page may be checked at now: reviews with an http(s)
 * link that is not the address of a source listing them, active (or gone
 * because their page answered 404/410, to see them come back), not first
 * seen at now, last checked before now - recheck; least recently checked
 * first. */
int rw_store_link_candidates(rw_store *s, int64_t now, int64_t recheck, size_t max,
                             void (*fn)(int64_t mention_id, const char *link, void *data), void *data,
                             rw_err *err);

/* Record that mention_id's page answered status at now (0: no answer).
 * 404 or 410 makes an active mention gone ("http:404") with all its
 * sightings; *gone says whether it did.  Another answer only records the
 * check.  Call inside a transaction (the evidence goes in the same one). */
int rw_store_link_result(rw_store *s, int64_t mention_id, int64_t scan_id, int64_t now, long status,
                         int *gone, rw_err *err);

/* ---- maintenance (store-maint.c) ---- */

typedef struct rw_store_check_report {
	int schema;                /* PRAGMA user_version of the file */
	int known_schema;          /* RW_STORE_SCHEMA_VERSION */
	int intact;                /* 1: integrity_check said "ok" */
	int read_only;             /* 1: on a read-only place, read as the file stands
	                              (what its -wal holds, if anything, was not seen) */
	char **problems;           /* integrity_check's lines when !ok (at most 100) */
	size_t nproblems;
	int64_t mentions, versions, sightings, sources, snapshots;   /* -1 when unreadable */
	int64_t evidence_bytes;    /* compressed snapshot bytes kept; -1 when unreadable */
	int64_t file_bytes;        /* page_count * page_size */
	char journal[16];          /* journal mode: "wal", "delete", ... */
} rw_store_check_report;

/* Check the database at path without changing it: opened read-only, never
 * migrated.  RW_OK when the check could run (r->ok says what it found, and
 * a file that is not a database at all is reported as one problem);
 * RW_E_DB with err set when the file cannot be opened (e.g. missing). */
int rw_store_check(const char *path, rw_store_check_report *r, rw_err *err);
void rw_store_check_report_clear(rw_store_check_report *r);

/* Copy the database, consistent at one moment, into the new file dest with
 * SQLite's online backup API (scans may go on meanwhile).  dest must not
 * exist; the copy is written beside it and renamed into place only once it
 * is complete and passes quick_check, so dest is never half a database.
 * The copy is a single file (rollback journal mode).  *pages, if not NULL,
 * receives its size in pages. */
int rw_store_backup(rw_store *s, const char *dest, int *pages, rw_err *err);

/* Rebuild the file to reclaim free space (after evidence was dropped, say)
 * and truncate the WAL.  before/after (may be NULL) receive the size in
 * bytes.  Needs free disk space about the size of the database. */
int rw_store_vacuum(rw_store *s, int64_t *before, int64_t *after, rw_err *err);

/* What rw_store_salvage copied, table by table. */
typedef struct rw_store_salvage_table {
	char name[32];
	int64_t rows;              /* rows copied */
	int64_t read;              /* rows that could be read (rows < read: some could not be written) */
	int damaged;               /* damage met (rows on damaged pages are lost) */
} rw_store_salvage_table;

typedef struct rw_store_salvage_report {
	rw_store_salvage_table tables[16];
	size_t ntables;
} rw_store_salvage_report;

/* Copy what can still be read of the (damaged) database at path into the
 * new database dest, table by table, row by row in rowid order, stepping
 * over each damaged stretch to the next rowid that can be read, so only
 * the rows on damaged pages are lost (a table without rowid: forwards,
 * then backwards from the end).  r counts, per table, the rows read and
 * the rows written.  The damaged file is opened read-only and never changed.
 * dest must not exist; it gets the current schema.  Rows whose mention was
 * lost are kept (a version's text without its mention is still a record).
 * RW_OK when dest was written (r says what it holds). */
int rw_store_salvage(const char *path, const char *dest, rw_store_salvage_report *r, rw_err *err);

/* Sources as stored, for `repwatch sources`. */
int rw_store_each_source(rw_store *s, int (*fn)(const char *url, const char *name,
                         const rw_source_state *st, void *data), void *data, rw_err *err);

/* ---- hosts that asked us to wait (fetch politeness) ---- */

/* Record that host (rw_url_host_key) asked, at now, for no request
 * before until; a later hold never shortens an earlier one.  reason:
 * "HTTP 429" or "HTTP 503". */
int rw_store_host_hold(rw_store *s, const char *host, int64_t until, const char *reason, int64_t now,
                       rw_err *err);

/* Forget holds that ended at or before now, then call fn for each one still
 * in force (fn returns non-zero to stop).  Strings are valid during the
 * call only. */
int rw_store_each_host_hold(rw_store *s, int64_t now,
                            int (*fn)(const char *host, int64_t until, const char *reason, void *data),
                            void *data, rw_err *err);
/* ---- what matching and classifying found (migration 4) ---- */

/* Why a mention matched and what it says: strings may be NULL. */
typedef struct rw_mention_analysis {
	const char *confidence;    /* "high", "medium", "low"; NULL: stored for its myth only */
	const char *match_reason;  /* the matcher's reason, or why a myth made it stored */
	const char *lang;          /* "fr", "en" or NULL */
	double sentiment;          /* [-1, 1] */
	const char *label;         /* "positive", "neutral", "negative" */
	const char *myth;          /* myth id or NULL */
} rw_mention_analysis;

/* Record a for mention_id (after rw_store_observe). */
int rw_store_set_analysis(rw_store *s, int64_t mention_id, const rw_mention_analysis *a, rw_err *err);

/* The same, read back; empty strings for what is absent, found = 0 when
 * there is no such mention. */
typedef struct rw_mention_analysis_row {
	int found, has_sentiment;
	int not_me;                /* 1: marked not-me; 2: not about her any more (rw_store_not_hers) */
	char confidence[8], lang[4], label[10], myth[96];
	char match_reason[512];
	double sentiment;
} rw_mention_analysis_row;
int rw_store_get_analysis(rw_store *s, int64_t mention_id, rw_mention_analysis_row *out, rw_err *err);

/* `repwatch not-me`: remember a rule (kind "source" or "word") for
 * practitioner, learned from mention_id (0: none); a rule already known is
 * kept once.  *rule_id receives its id. */
int rw_store_add_not_me(rw_store *s, int64_t mention_id, const char *practitioner, const char *kind,
                        const char *value, int64_t now, int64_t *rule_id, rw_err *err);
/* Mark a mention as about someone else (1) or not (0).  Such mentions are
 * left out of rw_store_each_mention unless asked for by id, and never
 * become gone. */
int rw_store_set_not_me(rw_store *s, int64_t mention_id, int not_me, rw_err *err);
/* Every rule (practitioner NULL) or one practitioner's, oldest first; fn
 * returns non-zero to stop. */
int rw_store_each_not_me(rw_store *s, const char *practitioner,
                         int (*fn)(int64_t id, const char *practitioner, const char *kind, const char *value,
                                   int64_t mention_id, int64_t created, void *data),
                         void *data, rw_err *err);
/* The URL of the source that first showed mention_id ("" when none). */
int rw_store_mention_source_url(rw_store *s, int64_t mention_id, char *buf, size_t size, rw_err *err);
/* Forget rule rule_id; *forgotten = 0 when there was none. */
int rw_store_forget_not_me(rw_store *s, int64_t rule_id, int *forgotten, rw_err *err);

/* ---- mentions that may be a namesake's (read.h, rw_page_doubt) ---- */

/* Mark mention_id uncertain, with why (reason.h form), or certain (why
 * NULL or ""). */
int rw_store_set_uncertain(rw_store *s, int64_t mention_id, const char *why, rw_err *err);

/* What `repwatch is-me` / `not-me` settled about the page at source_url for
 * practitioner: *mine 1 hers, 0 not hers, -1 nothing settled. */
int rw_store_page_owner(rw_store *s, const char *practitioner, const char *source_url, int *mine, rw_err *err);

/* Settle it, for good (learned from mention_id, 0: none).  mine: her
 * mentions that source showed are no longer uncertain nor hidden, and a
 * not-me rule on that source is forgotten.  Not mine: her mentions it
 * showed are "not about me" (not_me 2) at once, and the caller also
 * teaches the not-me source rule (notme.h), which keeps its items out. */
int rw_store_set_page_owner(rw_store *s, const char *practitioner, const char *source_url, int mine,
                            int64_t mention_id, int64_t now, rw_err *err);

/* Record (claims) or forget (!claims) that the page of source_id names
 * practitioner as its subject, with what it says of its practitioner
 * (card: rw_feed.card) and whether one of her keys settled it hers
 * (settled 1). */
int rw_store_page_claim(rw_store *s, int64_t source_id, const char *practitioner, const char *card, int claims,
                        int settled, int64_t now, rw_err *err);

/* Call fn for every page claim of practitioner (fn returns non-zero to
 * stop); strings are valid during the call only. */
int rw_store_each_page_claim(rw_store *s, const char *practitioner,
                             int (*fn)(int64_t source_id, const char *url, const char *card, int settled,
                                       void *data),
                             void *data, rw_err *err);

/* What the last reading of source_id's page said of whose it is:
 * "someone-else" (read, nothing kept: read.h RW_PAGE_SOMEONE_ELSE),
 * "uncertain" (maybe a namesake's), or NULL (nothing to say). */
int rw_store_source_verdict(rw_store *s, int64_t source_id, const char *verdict, rw_err *err);

/* Mark practitioner's mentions that source_id showed uncertain (why),
 * unless she settled that page hers (page_owner). */
int rw_store_source_uncertain(rw_store *s, int64_t source_id, const char *practitioner, const char *why,
                              rw_err *err);

/* ---- for notifications and the digest ---- */

/* Set or clear the read flag of a mention ("Mark as read"): rw_store_mark. */
int rw_store_mention_set_read(rw_store *s, int64_t mention_id, int read, rw_err *err);

/* ---- notifications waiting to be shown (quiet hours) ---- */
#define RW_STORE_NOTIFY_QUEUE_MAX 1000   /* the oldest beyond this are dropped */

/* Queue mention_id (change: "new" or "changed"); a mention already queued
 * keeps its first entry. */
int rw_store_notify_queue(rw_store *s, int64_t mention_id, const char *change, int64_t now, rw_err *err);
/* Call fn for each queued entry, oldest first; queue_id orders them. */
int rw_store_notify_each_queued(rw_store *s, int (*fn)(int64_t queue_id, int64_t mention_id,
                                const char *change, int64_t queued_at, void *data),
                                void *data, rw_err *err);
/* Forget entries up to queue_id, once they were shown (or given up). */
int rw_store_notify_dequeue(rw_store *s, int64_t upto_id, rw_err *err);

/* ---- digests ---- */
/* When the last digest the server accepted was sent, and the end of the
 * period it covered; both 0 when none was. */
int rw_store_digest_last_sent(rw_store *s, int64_t *sent_at, int64_t *until, rw_err *err);
/* Record one attempt at attempted_at covering [since, until); sent: the
 * server accepted it (error NULL), else error says why not. */
int rw_store_digest_record(rw_store *s, int64_t attempted_at, int64_t since, int64_t until, int sent,
                           const char *message_id, const char *recipients, const char *error,
                           rw_err *err);

#endif
