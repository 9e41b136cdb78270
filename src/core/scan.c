#include "scan.h"
#include "classify.h"
#include "date.h"
#include "evidence.h"
#include "fetch.h"
#include "linkcheck.h"
#include "log.h"
#include "match.h"
#include "parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

struct source_job {
	const rw_source *src;
	rw_source_state state;
};

struct scan_ctx {
	const rw_config *cfg;
	rw_store *store;
	const rw_scan_opts *opts;
	rw_scan_report *report;
	rw_matcher **matchers;
	int64_t scan_id, now;
	size_t done;
	rw_err db_err;           /* first database error */
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

static void
source_failed(struct scan_ctx *c, struct source_job *job, long status, const char *msg)
{
	rw_scan_event ev;
	rw_err e = { 0 };

	c->report->sources_failed++;
	if (rw_store_source_result(c->store, job->state.id, c->now, status, NULL, NULL, msg, &e))
		rw_err_set(&c->db_err, e.code, "%s", e.msg);
	c->done++;
	memset(&ev, 0, sizeof(ev));
	ev.type = RW_EV_SOURCE_FAILED;
	ev.source_url = job->src->url;
	ev.source_name = job->src->name;
	ev.error = msg;
	ev.failures = job->state.failures + 1;
	emit(c, &ev);
}

/* Search one item for every practitioner; store what is found. */
static int
store_item(struct scan_ctx *c, struct source_job *job, const rw_item *it, rw_err *err)
{
	const char *fields[3] = { it->title, it->summary, it->content };
	size_t p, f;

	for (p = 0; p < c->cfg->npractitioners; p++) {
		rw_match m;
		int found = 0;
		for (f = 0; f < 3 && !found; f++) {
			int r = rw_matcher_find(c->matchers[p], fields[f], &m);
			if (r < 0)
				return rw_err_set(err, RW_E_NOMEM, "out of memory");
			found = r;
		}
		if (found) {
			rw_classification cl;
			rw_observation o;
			rw_change change;
			int64_t id;
			char *both = NULL;
			const char *body = it->content ? it->content : it->summary;

			if (asprintf(&both, "%s\n%s", it->title ? it->title : "", body ? body : "") < 0)
				return rw_err_set(err, RW_E_NOMEM, "out of memory");
			rw_classify(both, it->link, job->src->category, it->rating, it->rating_best, &cl);
			free(both);
			memset(&o, 0, sizeof(o));
			o.practitioner = c->cfg->practitioners[p].id;
			o.guid = it->id;
			o.link = it->link;
			o.title = it->title;
			o.body = body;
			o.author = it->author;
			o.variant = m.variant;
			o.category = rw_category_name(cl.category);
			o.reason = cl.reason;
			o.published = it->published != RW_NO_DATE ? it->published : it->updated;
			o.rating = cl.rating;
			o.rating_best = cl.rating_best;
			if (rw_store_observe(c->store, c->scan_id, job->state.id, c->now, &o, &change, &id, err))
				return RW_E_DB;
			if (change != RW_CHANGE_NONE)
				add_pending(c, change, id);
		}
	}
	return RW_OK;
}

/* The fetched response, for the record, when it showed a new, changed or
 * gone mention (same transaction as the mentions). */
static int
keep_evidence(struct scan_ctx *c, struct source_job *job, const rw_fetch_result *r, rw_err *e)
{
	rw_evidence_fetch f = { .url = r->url, .effective_url = r->effective_url, .fetched_at = c->now,
	                        .status = r->status, .headers = r->headers, .body = r->body, .len = r->len };
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

static void
on_fetched(rw_fetch_result *r, void *data)
{
	struct scan_ctx *c = data;
	struct source_job *job = r->user;
	rw_parse_opts po;
	rw_feed *feed;
	rw_err e = { 0 };
	rw_scan_event ev;
	int64_t oldest = RW_NO_DATE;
	size_t i;

	if (!r->ok) {
		rw_log(RW_LOG_INFO, "net", "%s", r->error);
		source_failed(c, job, r->status, r->error);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.type = RW_EV_SOURCE_DONE;
	ev.source_url = job->src->url;
	ev.source_name = job->src->name;
	if (r->not_modified) {
		c->report->not_modified++;
		c->report->sources_ok++;
		if (rw_store_source_result(c->store, job->state.id, c->now, r->status,
		                           r->etag ? r->etag : job->state.etag,
		                           r->last_modified ? r->last_modified : job->state.last_modified,
		                           NULL, &e))
			rw_err_set(&c->db_err, e.code, "%s", e.msg);
		c->done++;
		ev.not_modified = 1;
		emit(c, &ev);
		return;
	}
	memset(&po, 0, sizeof(po));
	po.url = r->effective_url ? r->effective_url : r->url;
	po.content_type = r->content_type;
	feed = rw_parse_feed(r->body, r->len, &po, &e);
	if (!feed) {
		char msg[1200];
		snprintf(msg, sizeof(msg), "cannot read %s", e.msg);
		source_failed(c, job, r->status, msg);
		return;
	}
	if (!feed->wellformed)
		rw_log(RW_LOG_INFO, "parse", "'%s': ill-formed XML read in recover mode: %s", job->src->url,
		       feed->error ? feed->error : "");
	c->npending = 0;
	if (rw_store_begin(c->store, &e))
		goto db_error;
	for (i = 0; i < feed->nitems; i++) {
		const rw_item *it = &feed->items[i];
		int64_t t = it->published != RW_NO_DATE ? it->published : it->updated;
		if (t != RW_NO_DATE && (oldest == RW_NO_DATE || t < oldest))
			oldest = t;
		if (store_item(c, job, it, &e))
			goto db_error;
	}
	c->report->items += feed->nitems;
	/* a page of reviews: "not listed any more" is gone; a feed: only inside its window */
	if ((feed->format && !strcmp(feed->format, "html")
	     ? rw_store_sweep_page(c->store, c->scan_id, job->state.id, feed->nitems, c->now, on_gone, c, &e)
	     : rw_store_sweep(c->store, c->scan_id, job->state.id, oldest, c->now, on_gone, c, &e)) ||
	    keep_evidence(c, job, r, &e) ||
	    rw_store_source_result(c->store, job->state.id, c->now, r->status, r->etag, r->last_modified,
	                           NULL, &e) ||
	    rw_store_commit(c->store, &e))
		goto db_error;
	rw_feed_free(feed);
	c->report->sources_ok++;
	c->done++;
	emit(c, &ev);
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
	rw_store_rollback(c->store);
	rw_feed_free(feed);
	rw_err_set(&c->db_err, e.code, "%s", e.msg);
	{
		char msg[1200];
		snprintf(msg, sizeof(msg), "'%s': not stored: %s", job->src->url, e.msg);
		c->report->sources_failed++;
		c->done++;
		memset(&ev, 0, sizeof(ev));
		ev.type = RW_EV_SOURCE_FAILED;
		ev.source_url = job->src->url;
		ev.source_name = job->src->name;
		ev.error = msg;
		ev.failures = job->state.failures + 1;
		emit(c, &ev);
	}
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

	c.matchers = calloc(cfg->npractitioners ? cfg->npractitioners : 1, sizeof(*c.matchers));
	jobs = calloc(cfg->nsources ? cfg->nsources : 1, sizeof(*jobs));
	if (!c.matchers || !jobs) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < cfg->npractitioners; i++)
		if (!(c.matchers[i] = rw_matcher_new(&cfg->practitioners[i]))) {
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
	for (i = 0; i < cfg->nsources; i++) {
		jobs[i].src = &cfg->sources[i];
		if ((rc = rw_store_source_get(store, jobs[i].src->url, jobs[i].src->name, &jobs[i].state, err)))
			goto out;
		if (rw_fetcher_add(fetcher, jobs[i].src->url, jobs[i].state.etag, jobs[i].state.last_modified,
		                   1, &jobs[i]) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
	}
	rc = rw_fetcher_run(fetcher, on_fetched, &c, opts->stop, err);
	if (!rc && !c.db_err.code)
		rc = rw_linkcheck_run(store, &cfg->fetch, &cfg->store, c.scan_id, c.now, opts->stop, on_link_gone, &c, err);
	if (!rc && !c.db_err.code)
		rw_evidence_prune(store, &cfg->store, c.now, c.scan_id, NULL, NULL, &c.db_err);
	if (rc == RW_E_INTR)
		report->interrupted = 1;
	if (!rc && c.db_err.code) {
		rc = c.db_err.code;
		rw_err_set(err, c.db_err.code, "%s", c.db_err.msg);
	}
out:
	finish_status = rc;
	if (c.scan_id) {
		rw_err ignore = { 0 };
		rw_store_scan_end(store, c.scan_id, (int64_t)time(NULL), finish_status, &ignore);
	}
	rw_fetcher_free(&fetcher);
	for (i = 0; jobs && i < cfg->nsources; i++)
		rw_source_state_clear(&jobs[i].state);
	free(jobs);
	for (i = 0; c.matchers && i < cfg->npractitioners; i++)
		rw_matcher_free(&c.matchers[i]);
	free(c.matchers);
	free(c.pending);
	if (lock_fd >= 0)
		close(lock_fd);
	return rc;
}
