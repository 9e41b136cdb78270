/* SPDX-License-Identifier: MIT */
#include "scan.h"
#include "analyse.h"
#include "classify.h"
#include "collect.h"
#include "date.h"
#include "diff.h"
#include "evidence.h"
#include "fetch.h"
#include "linkcheck.h"
#include "log.h"
#include "msgid.h"
#include "paging.h"
#include "reason.h"
#include "parse.h"
#include "read.h"
#include "sources.h"
#include "url.h"
#include "workq.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

struct source_job {
	const rw_source *src;
	rw_source_state state;
	rw_read_source how;         /* how its bytes are read (read.h) */
	const rw_collect_kind *kind;/* a collected source's kind (collect.h); NULL: fetched */
	/* a list of several pages (paging.h): the pages read so far, judged
	 * as one, and the first page's validators (the source's own) */
	rw_paging paging;
	rw_read_result chain;
	char *first_etag, *first_last_modified;
	struct work *read_pages;    /* the pages before the last, for the evidence */
};

struct scan_ctx {
	const rw_config *cfg;
	rw_store *store;
	const rw_scan_opts *opts;
	rw_scan_report *report;
	rw_analyser *analyser;   /* match and classify (analyse.h); loaded with the first body */
	rw_err analyser_err;     /* why it could not be */
	rw_workq *workers;       /* read and analyse fetched bodies (workq.h) */
	rw_fetcher *fetcher;
	/* bodies handed to the workers, stored in the order they were
	 * fetched (a scan's result does not depend on which core was faster) */
	struct work *order_head, *order_tail;
	size_t queued, max_queued;
	/* collected sources (collect.h), handed to the workers before the
	 * fetches start and stored after the fetched bodies, in the order of
	 * the configuration */
	struct work *collected_head, *collected_tail;
	rw_sources *templates;   /* for page sources; NULL when none names one or they cannot be read */
	rw_err templates_err;    /* why they cannot be read */
	int64_t scan_id, now;
	size_t done;
	int pages_added;         /* next pages queued since the fetcher last ran */
	rw_err db_err;           /* first database error */
	size_t batched;          /* writes of the open batch transaction (see batch()) */
	/* mentions changed by the source being processed, emitted after commit */
	struct pending { rw_change change; int64_t id; } *pending;
	size_t npending, pending_alloc;
};

static void
emit(struct scan_ctx *c, rw_scan_event *ev)
{
	ev->done = c->done;
	ev->total = c->report->sources;
	if (c->opts->on_event)
		c->opts->on_event(ev, c->opts->data);
}

/* Small writes (a source answered 304, failed, or asked to wait) share a
 * transaction: one lock and one write to the journal for many sources,
 * not one each.  It is committed before a source's own transaction, when
 * the fetcher waits (at least every 200 ms: other commands may want to
 * write), and every BATCH_MAX writes.  Losing it to a kill loses no
 * mention, only when those sources were last asked. */
#define BATCH_MAX 500

static void
batch_commit(struct scan_ctx *c)
{
	rw_err e = { 0 };

	if (!c->batched)
		return;
	c->batched = 0;
	if (rw_store_commit(c->store, &e))
		rw_err_set(&c->db_err, e.code, "%s", e.msg);
}

/* Open the batch if needed; 0, or -1 when the database refused. */
static int
batch(struct scan_ctx *c)
{
	rw_err e = { 0 };

	if (c->batched >= BATCH_MAX)
		batch_commit(c);
	if (!c->batched && rw_store_begin(c->store, &e)) {
		rw_err_set(&c->db_err, e.code, "%s", e.msg);
		return -1;
	}
	c->batched++;
	return 0;
}

static void
add_pending(struct scan_ctx *c, rw_change change, int64_t id)
{
	if (c->npending == c->pending_alloc) {
		size_t na = c->pending_alloc ? c->pending_alloc * 2 : 16;
		struct pending *np = realloc(c->pending, na * sizeof(*np));
		if (!np)
			return;
		c->pending = np;
		c->pending_alloc = na;
	}
	c->pending[c->npending].change = change;
	c->pending[c->npending].id = id;
	c->npending++;
}

static void
on_gone(int64_t id, void *data)
{
	add_pending(data, RW_CHANGE_GONE, id);
}

/* ---- politeness: Retry-After holds, backoff, quiet failures (fetch) ---- */

static void
source_postponed(struct scan_ctx *c, struct source_job *job, int64_t until, const char *why)
{
	rw_scan_event ev;

	c->report->sources_postponed++;
	c->done++;
	memset(&ev, 0, sizeof(ev));
	ev.type = RW_EV_SOURCE_POSTPONED;
	ev.source_url = job->src->url;
	ev.source_name = job->src->name;
	ev.error = why;
	ev.until = until;
	emit(c, &ev);
}

/* A 429 or 503 with Retry-After: later scans make no request to the host
 * before the time it gave.  The host is the one of the source's address
 * (the one the next scan would ask first). */
static void
remember_hold(struct scan_ctx *c, const rw_fetch_result *r)
{
	char *host = rw_url_host_key(r->url), why[32];
	rw_err e = { 0 };

	snprintf(why, sizeof(why), "HTTP %ld", r->status);
	if (!host)
		rw_err_set(&c->db_err, RW_E_NOMEM, "out of memory");
	else if (batch(c) == 0 && rw_store_host_hold(c->store, host, r->retry_until, why, c->now, &e))
		rw_err_set(&c->db_err, e.code, "%s", e.msg);
	free(host);
}

struct hold_loader { rw_fetcher *fetcher; int oom; };

static int
load_hold(const char *host, int64_t until, const char *reason, void *data)
{
	struct hold_loader *hl = data;

	if (rw_fetcher_hold_host(hl->fetcher, host, until, reason) < 0)
		hl->oom = 1;
	return hl->oom;
}

/* Holds from earlier scans that are still in force, into fetcher. */
static int
load_holds(struct scan_ctx *c, rw_fetcher *fetcher, rw_err *err)
{
	struct hold_loader hl = { fetcher, 0 };
	int rc = rw_store_each_host_hold(c->store, c->now, load_hold, &hl, err);

	if (!rc && hl.oom)
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
	return rc;
}

/* 1 when job is to be fetched now; 0 when it is backing off after failing
 * (the postponement is reported). */
static int
source_due(struct scan_ctx *c, struct source_job *job)
{
	int64_t next = rw_fetch_next_attempt(&c->cfg->fetch, job->state.failures, job->state.last_attempt);
	char why[1200];

	if (!next || next <= c->now || c->opts->ignore_backoff)
		return 1;
	snprintf(why, sizeof(why), "failed %d scans in a row, so it waits longer between tries (last error: %s)",
	         job->state.failures, job->state.last_error ? job->state.last_error : "unknown");
	source_postponed(c, job, next, why);
	return 0;
}

/* The failure threshold: a source that failed fewer than report_after scans
 * in a row is a blip; at report_after it is named once; from then on it
 * counts as failing (the CLI's exit code 1). */
static void
judge_failure(struct scan_ctx *c, rw_scan_event *ev)
{
	int n = c->cfg->fetch.report_after > 0 ? (int)c->cfg->fetch.report_after : 1;

	if (ev->failures >= n)
		c->report->sources_failing++;
	ev->report = ev->failures == n;
}

/* Count and announce a failed source.  always: a failure of the disk or
 * the database, not of the site, is said whatever report_after says. */
static void
emit_failure(struct scan_ctx *c, struct source_job *job, const char *msg, int always)
{
	rw_scan_event ev;

	c->report->sources_failed++;
	c->done++;
	memset(&ev, 0, sizeof(ev));
	ev.type = RW_EV_SOURCE_FAILED;
	ev.source_url = job->src->url;
	ev.source_name = job->src->name;
	ev.error = msg;
	ev.failures = job->state.failures + 1;
	judge_failure(c, &ev);
	if (always)
		ev.report = 1;
	emit(c, &ev);
}

static void
source_failed(struct scan_ctx *c, struct source_job *job, long status, const char *msg)
{
	rw_err e = { 0 };

	if (batch(c) == 0 && rw_store_source_result(c->store, job->state.id, c->now, status, NULL, NULL, msg, &e))
		rw_err_set(&c->db_err, e.code, "%s", e.msg);
	emit_failure(c, job, msg, 0);
}

/* ---- pages that may be a namesake's (read.h, rw_page_doubt) ---- */

#define UNSURE_MAX 600

struct other_claims {
	struct scan_ctx *c;
	int64_t source_id;          /* the page being stored */
	const char *url, *card, *practitioner;
	char *why;                  /* UNSURE_MAX: set when another page differs */
	rw_err *err;
	int rc;
};

/* Another page that claims her: one of this scan's sources, not settled
 * hers by a key, describing someone else than this page does: both are
 * uncertain. */
static int
other_claim(int64_t source_id, const char *url, const char *card, int settled, void *data)
{
	struct other_claims *o = data;
	char why[UNSURE_MAX];
	size_t i;

	if (source_id == o->source_id || !url || !rw_read_cards_differ(o->card, card))
		return 0;
	for (i = 0; i < o->c->cfg->nsources && strcmp(o->c->cfg->sources[i].url, url); i++)
		;
	if (i == o->c->cfg->nsources)
		return 0;   /* no longer watched */
	if (!o->why[0])
		snprintf(o->why, UNSURE_MAX, RW_REASON_WORD ": %.400s",
		         N_("another page names her as surely and describes someone else"), url);
	if (!settled) {
		snprintf(why, sizeof(why), RW_REASON_WORD ": %.400s",
		         N_("another page names her as surely and describes someone else"), o->url);
		if ((o->rc = rw_store_source_uncertain(o->c->store, source_id, o->practitioner, why, o->err)))
			return 1;
	}
	return 0;
}

/* unsure[p] (UNSURE_MAX each): why practitioner p's items of this page may
 * be a namesake's, "" when nothing doubts them; and the page's claim on
 * her recorded.  Inside the source's transaction. */
static int
page_doubts(struct scan_ctx *c, struct source_job *job, const rw_read_result *rd, char *unsure, rw_err *err)
{
	size_t p;

	for (p = 0; p < c->cfg->npractitioners; p++) {
		const rw_page_doubt *d = &rd->page.doubt[p];
		const rw_page_about *ab = &rd->page.about[p];
		const char *pid = c->cfg->practitioners[p].id;
		char *why = unsure + p * UNSURE_MAX;
		int claims = ab->named && !ab->someone_else && d->settled >= 0, mine = -1;
		struct other_claims o = { c, job->state.id, job->src->url, rd->feed->card, pid, why, err, 0 };

		why[0] = '\0';
		if (rw_store_page_claim(c->store, job->state.id, pid, rd->feed->card, claims, d->settled > 0, c->now, err))
			return RW_E_DB;
		if (!claims || d->settled > 0)
			continue;
		if (rw_store_page_owner(c->store, pid, job->src->url, &mine, err))
			return RW_E_DB;
		if (mine == 1)
			continue;   /* she said it is hers (repwatch is-me) */
		if (d->uncertain)
			snprintf(why, UNSURE_MAX, "%s", d->why);
		if (rw_store_each_page_claim(c->store, pid, other_claim, &o, err) || o.rc)
			return RW_E_DB;
	}
	return RW_OK;
}

/* Store what the analyses (one per practitioner) of one item found, with
 * why; unsure: page_doubts' (NULL: nothing doubts them). */
static int
store_item(struct scan_ctx *c, struct source_job *job, const rw_item *it, int rank, const rw_analysis *analyses,
           const char *unsure, rw_err *err)
{
	size_t p;

	for (p = 0; p < c->cfg->npractitioners; p++) {
		const rw_analysis *an = &analyses[p];
		rw_mention_analysis rec;
		rw_observation o;
		rw_change change;
		int64_t id;

		memset(&o, 0, sizeof(o));
		o.practitioner = c->cfg->practitioners[p].id;
		o.guid = it->id;
		o.link = it->link;
		o.title = it->title;
		o.body = it->content ? it->content : it->summary;
		o.author = it->author;
		o.variant = an->named ? an->match.variant : NULL;
		o.category = rw_category_name(an->cl.category);
		o.reason = an->cl.reason;
		o.published = it->published != RW_NO_DATE ? it->published : it->updated;
		o.rating = an->cl.rating;
		o.rating_best = an->cl.rating_best;
		o.listing_entry = job->how.page != NULL;
		o.rank = rank;
		if (!an->store) {
			/* still online but not hers (a not-me rule learned since): not gone */
			if (rw_store_not_hers(c->store, c->scan_id, job->state.id, c->now, &o, NULL, err))
				return RW_E_DB;
			continue;
		}
		if (rw_store_observe(c->store, c->scan_id, job->state.id, c->now, &o, &change, &id, err))
			return RW_E_DB;
		rw_analysis_record(an, &rec);
		if (rw_store_set_analysis(c->store, id, &rec, err) ||
		    rw_store_set_uncertain(c->store, id, unsure ? unsure + p * UNSURE_MAX : NULL, err))
			return RW_E_DB;
		if (change != RW_CHANGE_NONE)
			add_pending(c, change, id);
	}
	return RW_OK;
}

/* The fetched response, for the record, when it showed a new, changed or
 * gone mention (same transaction as the mentions). */
static int
keep_evidence(struct scan_ctx *c, struct source_job *job, const rw_fetch_result *r,
              const rw_evidence_blob *ready, rw_err *e)
{
	rw_evidence_fetch f = { .url = r->url, .effective_url = r->effective_url, .fetched_at = c->now,
	                        .status = r->status, .headers = r->headers, .body = r->body, .len = r->len,
	                        .ready = ready };
	int64_t snap;
	size_t i;

	if (!c->npending)
		return RW_OK;
	if (rw_evidence_add(c->store, c->scan_id, job->state.id, &f, &snap, e))
		return RW_E_DB;
	for (i = 0; i < c->npending; i++)
		if (rw_evidence_link(c->store, snap, c->pending[i].id, c->pending[i].change, e))
			return RW_E_DB;
	return RW_OK;
}

/* ---- page sources ---- */

/* The templates are loaded once per scan, as the `sources` commands load
 * them (the user's overrides included), and only when a source names one:
 * the template a source was made from says whether its address answers a
 * feed or a page, and a page's [extract] rules.  The config keeps only the
 * template's id, so that a fixed rule (a user's override) applies at the
 * next scan and a broken template file troubles the scan alone, not every
 * command that reads the config.  Templates that cannot be loaded do not
 * stop the scan: feed sources do not need theirs, and a page source then
 * fails saying why. */
static void
find_templates(struct scan_ctx *c, struct source_job *jobs, size_t n)
{
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++)
		any |= jobs[i].src->template_id != NULL;
	if (any && !(c->templates = rw_read_templates(&c->templates_err)))
		rw_log(RW_LOG_WARN, "parse", "cannot load the source templates (page sources will fail): %s",
		       c->templates_err.msg);
	for (i = 0; i < n; i++)
		rw_read_source_init(&jobs[i].how, jobs[i].src->url, jobs[i].src->category, jobs[i].src->template_id,
		                    c->templates, c->templates_err.msg);
}

static void
on_link_gone(int64_t id, const char *link, void *data)
{
	struct scan_ctx *c = data;
	rw_scan_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = RW_EV_MENTION;
	ev.source_url = link;
	ev.change = RW_CHANGE_GONE;
	ev.mention_id = id;
	c->report->mentions_gone++;
	emit(c, &ev);
}

/* ---- reading and analysing off the scanning thread (workq.h) ---- */

/* A fetched body on its way: read and analysed by a worker, then stored
 * by the scanning thread, the only one that writes to the database. */
struct work {
	struct source_job *job;
	rw_fetch_result r;        /* the result's strings copied, its body taken over */
	rw_read_result read;      /* items, analyses and the page verdict (read.h) */
	int read_rc;              /* rw_read's status: RW_E_NOMEM when memory ran out */
	rw_evidence_blob blob;    /* the body's evidence, made when an item is kept */
	int collected;            /* a collected source: the worker collects, r is made
	                             from what it gave (collect_into_work) */
	int complete;             /* collected: its items are all it has (collect.h) */
	int ready;                /* the worker is done with it */
	struct work *next;        /* in the scan's order */
};

static void
work_free(struct work *w)
{
	if (!w)
		return;
	free((char *)w->r.url);
	free(w->r.body);
	free(w->r.content_type);
	free(w->r.etag);
	free(w->r.last_modified);
	free(w->r.retry_after);
	free(w->r.effective_url);
	free(w->r.headers);
	rw_read_result_clear(&w->read);
	rw_evidence_blob_clear(&w->blob);
	free(w);
}

static int
dup_opt(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return src && !*dst ? -1 : 0;
}

/* The result r (valid during the fetcher's callback only), kept. */
static struct work *
work_new(struct source_job *job, rw_fetch_result *r)
{
	struct work *w = calloc(1, sizeof(*w));
	char *url = NULL;

	if (!w)
		return NULL;
	w->job = job;
	w->r = *r;
	w->r.url = w->r.content_type = w->r.etag = w->r.last_modified = NULL;
	w->r.retry_after = w->r.effective_url = w->r.headers = NULL;
	w->r.body = r->body;
	r->body = NULL;
	if (dup_opt(&url, r->url) || dup_opt(&w->r.content_type, r->content_type) || dup_opt(&w->r.etag, r->etag) ||
	    dup_opt(&w->r.last_modified, r->last_modified) || dup_opt(&w->r.retry_after, r->retry_after) ||
	    dup_opt(&w->r.effective_url, r->effective_url) || dup_opt(&w->r.headers, r->headers)) {
		w->r.url = url;
		work_free(w);
		return NULL;
	}
	w->r.url = url;
	return w;
}

/* ---- collected sources (collect.h) ---- */

/* In a worker: collect a source of another kind than a fetched one (an
 * IMAP mailbox...) and judge its items with the same step as a fetched
 * body's (rw_read_feed).  What it gives is put where a fetch's result
 * would be: its state as the etag to keep (collect.h), its evidence as
 * the body, so that finish_work stores both as it stores a fetch's. */
static void
collect_run(struct work *w, const struct scan_ctx *c)
{
	const rw_source *src = w->job->src;
	rw_collect_in in = { src, &c->cfg->fetch, c->cfg->path, c->cfg->digest.password_private,
	                     w->job->state.etag, c->opts->stop };
	rw_collect_out out;
	int rc = rw_collect_run(&in, &out);

	if (rc || !out.feed) {
		memset(&w->read, 0, sizeof(w->read));
		w->read.failed = 1;
		if (out.reason[0] || out.error[0])
			snprintf(w->read.error, sizeof(w->read.error), "%s", out.reason[0] ? out.reason : out.error);
		else
			snprintf(w->read.error, sizeof(w->read.error), RW_REASON_WORD, N_("not collected"));
		if (rc == RW_E_NOMEM)
			w->read_rc = rc;
		rw_collect_out_clear(&out);
		return;
	}
	if (out.skipped)
		rw_log(RW_LOG_INFO, "parse", "'%s': %zu things skipped (no template reads them)", src->url, out.skipped);
	w->complete = out.complete;
	w->r.etag = out.state;
	out.state = NULL;
	if (!w->r.etag && w->job->state.etag && !(w->r.etag = strdup(w->job->state.etag)))
		w->read_rc = RW_E_NOMEM;
	w->r.body = out.evidence;
	w->r.len = out.evidence_len;
	out.evidence = NULL;
	w->read_rc |= rw_read_feed(c->analyser, &w->job->how, out.feed, &w->read);
	out.feed = NULL;   /* taken over by w->read */
	rw_collect_out_clear(&out);
	if (!w->read.failed && w->read.kept && w->r.body)
		rw_evidence_blob_make(w->r.body, w->r.len, &w->blob);
}

/* A collected source's work, handed to the workers now and stored after
 * the fetched bodies (store_collected); -1 when memory ran out. */
static int
collect_submit(struct scan_ctx *c, struct source_job *job)
{
	struct work *w = calloc(1, sizeof(*w));

	if (!w)
		return -1;
	w->job = job;
	w->collected = 1;
	if (!(w->r.url = strdup(job->src->url)) || rw_workq_submit(c->workers, w) < 0) {
		free((char *)w->r.url);
		free(w);
		return -1;
	}
	if (c->collected_tail)
		c->collected_tail->next = w;
	else
		c->collected_head = w;
	c->collected_tail = w;
	return 0;
}

/* In a worker: read and judge the body (read.h), and make the evidence
 * ready if anything is kept.  Reads the scan's context, never writes to it. */
static void
work_run(void *item, void *data)
{
	struct work *w = item;
	const struct scan_ctx *c = data;
	rw_read_body body = { w->r.body, w->r.len, w->r.content_type,
	                      w->r.effective_url ? w->r.effective_url : w->r.url, c->opts->stop,
	                      /* a later page of a list is about whom its first page is */
	                      w->job->paging.pages ? w->job->chain.page.subject : NULL };

	if (w->collected) {
		collect_run(w, c);
		return;
	}
	w->read_rc = rw_read(c->analyser, &w->job->how, &body, &w->read);
	/* made here, on a spare core; if memory is short, storing makes it */
	if (!w->read.failed && w->read.kept)
		rw_evidence_blob_make(w->r.body, w->r.len, &w->blob);
}

/* ---- the pages of a list (paging.h) ---- */

static void
pages_clear(struct source_job *job)
{
	while (job->read_pages) {
		struct work *w = job->read_pages;
		job->read_pages = w->next;
		work_free(w);
	}
	rw_paging_clear(&job->paging);
	rw_read_result_clear(&job->chain);
	free(job->first_etag);
	free(job->first_last_modified);
	job->first_etag = job->first_last_modified = NULL;
}

/* 1 when nothing of the source's list is left unread: a source of one
 * page, or a list read to the page that names no next one. */
static int
pages_whole(const struct source_job *job)
{
	return !job->paging.pages || rw_paging_whole(&job->paging);
}

/* The source's error when a page after the first failed, else "". */
static void
pages_error(const struct source_job *job, char *buf, size_t size)
{
	char why[1400];

	buf[0] = '\0';
	if (job->paging.pages && job->paging.end == RW_PAGING_FAILED) {
		rw_paging_reason(&job->paging, why, sizeof(why));
		snprintf(buf, size, RW_FETCH_URL_OPEN "%s" RW_FETCH_URL_CLOSE "%s", job->src->url, why);
	}
}

/* The chain of pages read so far goes back into w, to be stored as one
 * reading; a list not read whole is said (a loop or a link to another
 * site is the template's or the site's problem: a warning). */
static void
pages_done(struct source_job *job, struct work *w)
{
	char why[1400];

	rw_read_result_clear(&w->read);
	w->read = job->chain;
	memset(&job->chain, 0, sizeof(job->chain));
	if (!rw_paging_whole(&job->paging)) {
		rw_paging_describe(&job->paging, why, sizeof(why));
		rw_log(job->paging.end == RW_PAGING_CAP || job->paging.end == RW_PAGING_FAILED ? RW_LOG_INFO
		       : RW_LOG_WARN, "net", "'%s': %s", job->src->url, why);
	}
}

/* The response of a page of a list that is not the last, kept (w gives it
 * up) to be the evidence of what the list showed, with the others.  0, or
 * -1 when memory ran out. */
static int
keep_page(struct source_job *job, struct work *w)
{
	struct work *copy = malloc(sizeof(*copy)), **tail;

	if (!copy)
		return -1;
	*copy = *w;
	memset(&copy->read, 0, sizeof(copy->read));   /* its items are in the chain */
	copy->next = NULL;
	memset(&w->r, 0, sizeof(w->r));
	memset(&w->blob, 0, sizeof(w->blob));
	for (tail = &job->read_pages; *tail; tail = &(*tail)->next)
		;
	*tail = copy;
	return 0;
}

/* Every page of a list read in this scan is the evidence of what it
 * showed (the last one with a body: not a page that failed); a source of
 * one page, its response. */
static int
keep_pages_evidence(struct scan_ctx *c, struct source_job *job, struct work *w, rw_err *e)
{
	const struct work *p;

	for (p = job->read_pages; p; p = p->next)
		if (keep_evidence(c, job, &p->r, p->blob.z ? &p->blob : NULL, e))
			return RW_E_DB;
	if (job->read_pages && !w->r.body)
		return RW_OK;
	return keep_evidence(c, job, &w->r, w->blob.z ? &w->blob : NULL, e);
}

/* A page of a list was read (w): when the source's template has a next
 * rule and the list goes on, its pages so far are kept in the job and the
 * next one is queued (1: w holds nothing to store); otherwise w is left
 * with every page read, as one reading, to store (0). */
static int
follow_pages(struct scan_ctx *c, struct work *w)
{
	struct source_job *job = w->job;
	const char *at = w->r.effective_url ? w->r.effective_url : w->r.url;
	char *next = NULL;
	int more;

	if (!job->how.page || !job->how.rules.next || w->read_rc ||
	    (job->paging.pages && job->paging.end != RW_PAGING_MORE))   /* w holds the whole list */
		return 0;
	if (!job->paging.pages) {
		/* the first page: it decides whether the source counts at all */
		if (w->read.failed)
			return 0;
		rw_paging_init(&job->paging, (size_t)c->cfg->fetch.max_pages);
		job->chain = w->read;
		memset(&w->read, 0, sizeof(w->read));
		if (dup_opt(&job->first_etag, w->r.etag) || dup_opt(&job->first_last_modified, w->r.last_modified))
			goto oom;
	} else if (!w->read.feed) {
		/* a later page that cannot be read: the list is cut there */
		if (rw_paging_failed(&job->paging, at, w->read.error) < 0)
			goto oom;
		pages_done(job, w);
		return 0;
	} else if (rw_read_join(c->analyser, &job->how, &job->chain, &w->read)) {
		goto oom;
	}
	if (rw_paging_read(&job->paging, w->r.url, at) < 0 ||
	    (more = rw_paging_next(&job->paging, at, job->chain.feed->next, &next)) < 0)
		goto oom;
	if (!more) {
		pages_done(job, w);
		return 0;
	}
	rw_log(RW_LOG_DEBUG, "net", "'%s': page %zu is %s", job->src->url, job->paging.pages + 1, next);
	if (keep_page(job, w) < 0) {
		free(next);
		goto oom;
	}
	more = rw_fetcher_add(c->fetcher, next, NULL, NULL,
	                      RW_FETCH_ALLOW_FILE | (job->src->allow_private ? RW_FETCH_ALLOW_PRIVATE : 0), job);
	free(next);
	if (more < 0)
		goto oom;
	c->pages_added = 1;
	return 1;
oom:
	rw_read_result_clear(&w->read);
	w->read = job->chain;
	memset(&job->chain, 0, sizeof(job->chain));
	w->read_rc = RW_E_NOMEM;
	snprintf(w->read.error, sizeof(w->read.error), "'%s': not read: out of memory", job->src->url);
	return 0;
}

static void store_ready(struct scan_ctx *c);

/* w is stored after the bodies fetched before it. */
static void
order_add(struct scan_ctx *c, struct work *w)
{
	if (c->order_tail)
		c->order_tail->next = w;
	else
		c->order_head = w;
	c->order_tail = w;
	c->queued++;
}

/* A later page of a list could not be fetched (r): the pages before it
 * are stored, and the source's error names the page. */
static void
next_page_failed(struct scan_ctx *c, struct source_job *job, rw_fetch_result *r)
{
	struct work *w;

	if (rw_paging_failed(&job->paging, r->url, r->error) < 0 || !(w = work_new(job, r))) {
		rw_read_result_clear(&job->chain);
		emit_failure(c, job, "not read: out of memory", 1);
		return;
	}
	pages_done(job, w);
	w->ready = 1;   /* nothing for a worker to read */
	order_add(c, w);
	store_ready(c);
}

/* In the scanning thread: store what a worker read (one transaction). */
static void
finish_work(struct scan_ctx *c, struct work *w)
{
	struct source_job *job = w->job;
	const rw_fetch_result *r = &w->r;
	const rw_read_result *rd = &w->read;
	const rw_feed *feed = rd->feed;
	rw_err e = { 0 };
	rw_scan_event ev;
	int64_t oldest = RW_NO_DATE;
	int *rank = NULL;
	char *unsure = NULL;   /* page_doubts' */
	char page_error[1600];
	size_t i;

	memset(&ev, 0, sizeof(ev));
	ev.type = RW_EV_SOURCE_DONE;
	ev.source_url = job->src->url;
	ev.source_name = job->src->name;
	if (follow_pages(c, w))
		return;   /* its next page is on its way */
	feed = rd->feed;   /* w may hold every page of a list now */
	if (w->read_rc) {
		emit_failure(c, job, rd->error, 1);
		return;
	}
	if (rd->failed) {
		/* unreadable, or a review page that lists nothing of anyone's: nothing is written */
		if (c->opts->stop && *c->opts->stop)
			return;   /* stopped while it was read: abandoned, not failed */
		source_failed(c, job, r->status, rd->error);
		return;
	}
	if (!feed->wellformed)
		rw_log(RW_LOG_INFO, "parse", "'%s': read in recover mode: %s", job->src->url,
		       feed->error ? feed->error : "");
	c->npending = 0;
	batch_commit(c);
	if (rw_store_begin(c->store, &e))
		goto db_error;
	rank = job->how.page ? rw_diff_listing_ranks(feed->items, feed->nitems) : NULL;
	if (rd->page.doubt && rd->page.about &&
	    (!(unsure = calloc(c->cfg->npractitioners ? c->cfg->npractitioners : 1, UNSURE_MAX)) ||
	     page_doubts(c, job, rd, unsure, &e))) {
		if (!unsure)
			rw_err_set(&e, RW_E_NOMEM, "out of memory");
		free(rank);
		goto db_error;
	}
	if (rd->page.doubt) {
		size_t p;
		const char *verdict = rd->page.whose == RW_PAGE_SOMEONE_ELSE ? "someone-else" : NULL;
		for (p = 0; unsure && p < c->cfg->npractitioners; p++)
			if (unsure[p * UNSURE_MAX])
				verdict = "uncertain";
		if (rw_store_source_verdict(c->store, job->state.id, verdict, &e)) {
			free(rank);
			free(unsure);
			unsure = NULL;
			goto db_error;
		}
	}
	for (i = 0; i < feed->nitems; i++) {
		const rw_item *it = &feed->items[i];
		int64_t t = it->published != RW_NO_DATE ? it->published : it->updated;
		if (t != RW_NO_DATE && (oldest == RW_NO_DATE || t < oldest))
			oldest = t;
		if (store_item(c, job, it, rank ? rank[i] : 0, rw_read_analysis(rd, i, 0), unsure, &e)) {
			free(rank);
			goto db_error;
		}
	}
	free(rank);
	free(unsure);
	unsure = NULL;
	c->report->items += feed->nitems;
	pages_error(job, page_error, sizeof(page_error));
	/* a review page: "not listed any more" is gone, judged on the entries
	 * that are someone's this time, and only when every page of its list
	 * was read; a feed, or a page of search results: only inside its
	 * window; a collected source: as it says (a mailbox only adds: nothing
	 * is gone from it) */
	if ((w->collected && !w->complete ? 0
	     : job->how.complete || w->complete
	     ? pages_whole(job) &&
	       rw_store_sweep_page(c->store, c->scan_id, job->state.id, rd->kept, c->now, on_gone, c, &e)
	     : rw_store_sweep(c->store, c->scan_id, job->state.id, oldest, c->now, on_gone, c, &e)) ||
	    keep_pages_evidence(c, job, w, &e) ||
	    rw_store_source_result(c->store, job->state.id, c->now, r->status,
	                           job->paging.pages > 1 ? job->first_etag : r->etag,
	                           job->paging.pages > 1 ? job->first_last_modified : r->last_modified,
	                           page_error[0] ? page_error : NULL, &e) ||
	    rw_store_commit(c->store, &e))
		goto db_error;
	if (page_error[0]) {
		/* what was read is stored; the page that failed is named */
		emit_failure(c, job, page_error, 0);
	} else {
		c->report->sources_ok++;
		c->done++;
		emit(c, &ev);
	}
	for (i = 0; i < c->npending; i++) {
		rw_scan_event mev;
		memset(&mev, 0, sizeof(mev));
		mev.type = RW_EV_MENTION;
		mev.source_url = job->src->url;
		mev.source_name = job->src->name;
		mev.change = c->pending[i].change;
		mev.mention_id = c->pending[i].id;
		if (mev.change == RW_CHANGE_NEW)
			c->report->mentions_new++;
		else if (mev.change == RW_CHANGE_CHANGED)
			c->report->mentions_changed++;
		else if (mev.change == RW_CHANGE_GONE)
			c->report->mentions_gone++;
		emit(c, &mev);
	}
	return;
db_error:
	free(unsure);
	rw_store_rollback(c->store);
	rw_err_set(&c->db_err, e.code, "%s", e.msg);
	{
		char msg[1200];
		snprintf(msg, sizeof(msg), "'%s': not stored: %s", job->src->url, e.msg);
		emit_failure(c, job, msg, 1);
	}
}

/* The matchers, the myth catalogue and the lexicons, with the not-me
 * rules learned earlier: loaded with the first body to read, so that a
 * scan that hears only 304 (most of them) spends nothing on them. */
static int
load_analyser(struct scan_ctx *c, rw_err *e)
{
	rw_err problem = { 0 };   /* a missing catalogue or lexicon is logged, not fatal */

	if (c->analyser_err.code)
		return rw_err_set(e, c->analyser_err.code, "%s", c->analyser_err.msg);
	if (!(c->analyser = rw_analyser_new(c->cfg, &problem)))
		rw_err_set(&c->analyser_err, RW_E_NOMEM, "out of memory");
	else if (rw_analyser_learn(c->analyser, c->store, &c->analyser_err))
		rw_analyser_free(&c->analyser);
	if (!c->analyser) {
		rw_err_set(&c->db_err, c->analyser_err.code, "%s", c->analyser_err.msg);
		return rw_err_set(e, c->analyser_err.code, "%s", c->analyser_err.msg);
	}
	return RW_OK;
}

/* Store the bodies the workers are done with, in the order fetched. */
static void
store_ready(struct scan_ctx *c)
{
	struct work *w;

	while ((w = c->order_head) && w->ready) {
		c->order_head = w->next;
		if (!c->order_head)
			c->order_tail = NULL;
		c->queued--;
		finish_work(c, w);
		work_free(w);
	}
}

/* The collected sources, once every fetched body is stored: each waited
 * for, then stored in the order of the configuration. */
static void
store_collected(struct scan_ctx *c)
{
	struct work *w, *done;

	while ((w = c->collected_head)) {
		while (!w->ready && (done = rw_workq_take(c->workers, 1)))
			done->ready = 1;
		c->collected_head = w->next;
		if (!c->collected_head)
			c->collected_tail = NULL;
		if (w->ready)
			finish_work(c, w);
		work_free(w);
	}
}

/* What the workers finished, without waiting; stored when its turn comes. */
static void
take_ready(struct scan_ctx *c)
{
	struct work *w;

	while ((w = rw_workq_take(c->workers, 0)))
		w->ready = 1;
	store_ready(c);
}

static void
on_idle(void *data)
{
	batch_commit(data);
	take_ready(data);
}

static void
wake_fetcher(void *item, void *data)
{
	(void)item;
	rw_fetcher_wakeup(((struct scan_ctx *)data)->fetcher);
}

static void
on_fetched(rw_fetch_result *r, void *data)
{
	struct scan_ctx *c = data;
	struct source_job *job = r->user;
	struct work *w, *done;
	rw_err e = { 0 };
	rw_scan_event ev;

	if (job->paging.pages && (r->postponed || !r->ok)) {
		if (!r->postponed && r->retry_until)
			remember_hold(c, r);
		next_page_failed(c, job, r);
		return;
	}
	if (r->postponed) {
		source_postponed(c, job, r->retry_until, r->error);
		return;
	}
	if (r->retry_until)
		remember_hold(c, r);
	if (!r->ok) {
		char why[1536];
		rw_log(RW_LOG_INFO, "net", "%s", rw_reason_render(r->error, 1, why, sizeof(why)));
		source_failed(c, job, r->status, r->error);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.type = RW_EV_SOURCE_DONE;
	ev.source_url = job->src->url;
	ev.source_name = job->src->name;
	if (r->not_modified) {
		rw_log(RW_LOG_DEBUG, "parse", "'%s': not modified (HTTP 304), nothing to parse", job->src->url);
		c->report->not_modified++;
		c->report->sources_ok++;
		if (batch(c) == 0 && rw_store_source_result(c->store, job->state.id, c->now, r->status,
		                           r->etag ? r->etag : job->state.etag,
		                           r->last_modified ? r->last_modified : job->state.last_modified,
		                           NULL, &e))
			rw_err_set(&c->db_err, e.code, "%s", e.msg);
		c->done++;
		ev.not_modified = 1;
		emit(c, &ev);
		return;
	}
	/* a body: read and analysed by a worker, stored here when done;
	 * what follows may wait, so the small writes are committed first */
	batch_commit(c);
	if (!c->analyser && load_analyser(c, &e)) {
		char msg[1200];
		snprintf(msg, sizeof(msg), "'%s': not read: %s", job->src->url, e.msg);
		emit_failure(c, job, msg, 1);
		return;
	}
	if (!(w = work_new(job, r))) {
		emit_failure(c, job, "not read: out of memory", 1);
		return;
	}
	while (c->queued >= c->max_queued && (done = rw_workq_take(c->workers, 1))) {
		done->ready = 1;
		store_ready(c);
	}
	if (rw_workq_submit(c->workers, w) < 0) {
		work_free(w);
		emit_failure(c, job, "not read: out of memory", 1);
		return;
	}
	order_add(c, w);
	take_ready(c);
}

static int
take_lock(const char *path, int wait, int *fd_out, rw_err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	int waited = 0;

	if (fd < 0)
		return rw_err_set(err, RW_E_IO, "cannot create the lock file '%s': %s", path, strerror(errno));
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK) {
			close(fd);
			return rw_err_set(err, RW_E_IO, "cannot lock '%s': %s", path, strerror(errno));
		}
		if (waited >= wait * 10) {
			close(fd);
			return rw_err_set(err, RW_E_BUSY,
			                  "another scan is running (it holds '%s'); waited %d s, giving up: this scan will run next time",
			                  path, wait);
		}
		usleep(100 * 1000);
		waited++;
	}
	*fd_out = fd;
	return RW_OK;
}

int
rw_scan_run(const rw_config *cfg, rw_store *store, const rw_scan_opts *opts_in,
            rw_scan_report *report, rw_err *err)
{
	static const rw_scan_opts defaults;
	const rw_scan_opts *opts = opts_in ? opts_in : &defaults;
	struct scan_ctx c;
	struct source_job *jobs = NULL;
	rw_fetcher *fetcher = NULL;
	char *lock_path = NULL;
	int lock_fd = -1, rc = RW_OK, finish_status;
	size_t i;

	memset(report, 0, sizeof(*report));
	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.store = store;
	c.opts = opts;
	c.report = report;
	c.now = opts->now ? opts->now : (int64_t)time(NULL);

	if (opts->lock_path)
		lock_path = strdup(opts->lock_path);
	else if (asprintf(&lock_path, "%s.lock", rw_store_path(store)) < 0)
		lock_path = NULL;
	if (!lock_path)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	rc = take_lock(lock_path, opts->lock_wait > 0 ? opts->lock_wait : 30, &lock_fd, err);
	free(lock_path);
	if (rc)
		return rc;

	jobs = calloc(cfg->nsources ? cfg->nsources : 1, sizeof(*jobs));
	if (!jobs) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = rw_store_scan_begin(store, c.now, &c.scan_id, err)))
		goto out;
	report->scan_id = c.scan_id;
	report->sources = cfg->nsources;
	fetcher = rw_fetcher_new(&cfg->fetch, err);
	if (!fetcher) {
		rc = err ? err->code : RW_E_NET;
		goto out;
	}
	/* bodies are read on every core while this thread fetches and stores;
	 * libxml2 sets itself up once, before threads use it */
	xmlInitParser();
	c.fetcher = fetcher;
	if (!(c.workers = rw_workq_new(rw_workq_default_threads(), work_run, &c))) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	c.max_queued = 2 * rw_workq_default_threads() + 2;
	rw_workq_set_notify(c.workers, wake_fetcher, &c);
	rw_fetcher_set_idle(fetcher, on_idle, &c);
	if ((rc = load_holds(&c, fetcher, err)))
		goto out;
	for (i = 0; i < cfg->nsources; i++)
		jobs[i].src = &cfg->sources[i];
	find_templates(&c, jobs, cfg->nsources);
	/* every source's state in one transaction, not one each */
	if (batch(&c) < 0) {
		rc = rw_err_set(err, c.db_err.code, "%s", c.db_err.msg);
		goto out;
	}
	for (i = 0; i < cfg->nsources; i++) {
		if ((rc = rw_store_source_get(store, jobs[i].src->url, jobs[i].src->name, &jobs[i].state, err)))
			goto out;
		if (!source_due(&c, &jobs[i]))
			continue;
		if ((jobs[i].kind = rw_collect_of(jobs[i].src))) {
			/* collected by a worker while the others are fetched */
			rw_err ae = { 0 };
			if (!c.analyser && load_analyser(&c, &ae)) {
				char msg[1200];
				snprintf(msg, sizeof(msg), "'%s': not read: %s", jobs[i].src->url, ae.msg);
				emit_failure(&c, &jobs[i], msg, 1);
			} else if (collect_submit(&c, &jobs[i]) < 0) {
				rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
				goto out;
			}
			continue;
		}
		if (rw_fetcher_add(fetcher, jobs[i].src->url, jobs[i].state.etag, jobs[i].state.last_modified,
		                   RW_FETCH_ALLOW_FILE | (jobs[i].src->allow_private ? RW_FETCH_ALLOW_PRIVATE : 0),
		                   &jobs[i]) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
	}
	batch_commit(&c);
	if (c.db_err.code) {
		rc = rw_err_set(err, c.db_err.code, "%s", c.db_err.msg);
		goto out;
	}
	do {
		c.pages_added = 0;
		rc = rw_fetcher_run(fetcher, on_fetched, &c, opts->stop, err);
		/* what was fetched is kept, even when the scan was stopped; a
		 * list's next pages found meanwhile are fetched in one more run */
		{
			struct work *w;
			while ((w = rw_workq_take(c.workers, 1))) {
				w->ready = 1;
				store_ready(&c);
			}
			batch_commit(&c);
		}
	} while (!rc && c.pages_added && !(opts->stop && *opts->stop));
	store_collected(&c);
	batch_commit(&c);   /* a collected source that failed wrote in the batch */
	/* a signal after the last transfer, while bodies were read */
	if (!rc && opts->stop && *opts->stop)
		rc = rw_err_set(err, RW_E_INTR, "interrupted");
	if (!rc && !c.db_err.code)
		rc = rw_linkcheck_run(store, cfg, c.scan_id, c.now, opts->stop, on_link_gone, &c, err);
	if (!rc && !c.db_err.code)
		rw_evidence_prune(store, &cfg->store, c.now, c.scan_id, NULL, NULL, &c.db_err);
	if (rc == RW_E_INTR)
		report->interrupted = 1;
	if (!rc && c.db_err.code) {
		rc = c.db_err.code;
		rw_err_set(err, c.db_err.code, "%s", c.db_err.msg);
	}
out:
	if (c.batched)   /* only when loading the sources failed */
		rw_store_rollback(store);
	finish_status = rc;
	if (c.scan_id) {
		rw_err ignore = { 0 };
		rw_store_scan_end(store, c.scan_id, (int64_t)time(NULL), finish_status, &ignore);
	}
	rw_workq_free(&c.workers);   /* after an error, what is left is dropped */
	while (c.order_head) {
		struct work *w = c.order_head;
		c.order_head = w->next;
		work_free(w);
	}
	while (c.collected_head) {
		struct work *w = c.collected_head;
		c.collected_head = w->next;
		work_free(w);
	}
	rw_fetcher_free(&fetcher);   /* after the workers, which wake it */
	for (i = 0; jobs && i < cfg->nsources; i++) {
		rw_source_state_clear(&jobs[i].state);
		pages_clear(&jobs[i]);
	}
	free(jobs);
	rw_analyser_free(&c.analyser);
	rw_sources_free(&c.templates);
	free(c.pending);
	if (lock_fd >= 0)
		close(lock_fd);
	return rc;
}
