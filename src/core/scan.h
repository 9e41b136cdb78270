/* SPDX-License-Identifier: MIT */
/* scan.h - one scan: every source fetched, read, judged, stored.
 *
 * Owns: the pipeline source list -> fetch -> read and judge (read.h, on
 * worker threads: the same step `sources test` and the tray's Test call)
 * -> store/diff (with the evidence of what changed), in the order the
 * bodies were fetched; loading the source templates once per scan for the
 * sources that name one; following a review list's next pages through the
 * same fetcher (which page, paging.h) and storing its pages as one reading; storing what a page source's entries are under
 * the page rules of identity and gone (store.h), and failing a source whose
 * reading read.c says does not count; then the review-page checks
 * (linkcheck.h) and the evidence retention (evidence.h); the
 * one-scan-at-a-time lock, and the events a front-end shows (progress, a
 * source failed, a mention is new/changed/gone).  The CLI and the tray
 * call the same rw_scan_run().  Must not: print, notify or exit; parse,
 * match or classify a body itself (read.c does).
 */
#ifndef RW_SCAN_H
#define RW_SCAN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "store.h"

typedef enum rw_scan_event_type {
	RW_EV_SOURCE_DONE,      /* a source was read (or answered 304) and stored */
	RW_EV_SOURCE_FAILED,    /* a source could not be fetched or read; error says why */
	RW_EV_MENTION,          /* a mention is new, changed or gone (after commit) */
	RW_EV_SOURCE_POSTPONED  /* not fetched this time: its site asked to wait
	                           (Retry-After) or it is backing off after failures;
	                           until says until when, error says why; not a failure */
} rw_scan_event_type;

typedef struct rw_scan_event {
	rw_scan_event_type type;
	const char *source_url, *source_name;
	const char *error;          /* SOURCE_FAILED */
	int failures;               /* SOURCE_FAILED: consecutive failures, this one included */
	int not_modified;           /* SOURCE_DONE: 304 */
	rw_change change;           /* MENTION (gone by a page check: source_url is that page, source_name NULL) */
	int64_t mention_id;         /* MENTION */
	size_t done, total;         /* sources finished so far, of total */
	int64_t until;              /* SOURCE_POSTPONED: not tried before this time */
	int report;                 /* SOURCE_FAILED: failures just reached
	                               [fetch] report_after: the one time a quiet
	                               front-end (cron) names the source */
} rw_scan_event;

typedef void (*rw_scan_event_fn)(const rw_scan_event *ev, void *data);

typedef struct rw_scan_opts {
	volatile sig_atomic_t *stop; /* set by a signal handler to interrupt */
	rw_scan_event_fn on_event;   /* may be NULL; called from the scanning thread */
	void *data;
	const char *lock_path;       /* NULL: "<database>.lock" */
	int lock_wait;               /* seconds to wait for another scan (default 0 = 30) */
	int64_t now;                 /* 0: time(NULL); tests pin it */
	int ignore_backoff;          /* try sources that are backing off after
	                                failures (a site's Retry-After still holds) */
} rw_scan_opts;

typedef struct rw_scan_report {
	int64_t scan_id;
	size_t sources, sources_ok, sources_failed, not_modified;
	size_t items, mentions_new, mentions_changed, mentions_gone;
	int interrupted;
	size_t sources_postponed;    /* not fetched: Retry-After or backoff */
	size_t sources_failing;      /* failed in this scan, and have now failed
	                                [fetch] report_after scans in a row or more */
} rw_scan_report;

/* Run one scan of cfg's sources into store.  Sources whose site asked to
 * wait (Retry-After, per host) or that are backing off after failing
 * (rw_fetch_next_attempt) are not fetched but postponed.  Returns RW_OK
 * when the scan ran to the end, even if some sources failed (report says
 * how many);
 * RW_E_BUSY when another scan holds the lock past lock_wait; RW_E_INTR when
 * stopped (what completed is stored); RW_E_DB when the database refused
 * (what was committed before stays). */
int rw_scan_run(const rw_config *cfg, rw_store *store, const rw_scan_opts *opts,
                rw_scan_report *report, rw_err *err);

#endif
