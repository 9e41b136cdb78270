/* SPDX-License-Identifier: MIT */
#include "linkcheck.h"
#include "evidence.h"
#include "fetch.h"
#include "log.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_MAX_SIZE (1u << 20)

struct page { int64_t mention_id; char *link; unsigned flags; int listed_here; };

struct check {
	rw_store *s;
	int64_t scan_id, now;
	struct page *pages;
	size_t n, alloc;
	int failed;                /* out of memory while collecting */
	rw_err db_err;
	void (*gone_fn)(int64_t, const char *, void *);
	void *data;
};

static void
add_page(int64_t id, const char *link, void *data)
{
	struct check *c = data;

	if (c->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 16;
		struct page *np = realloc(c->pages, na * sizeof(*np));
		if (!np) {
			c->failed = 1;
			return;
		}
		c->pages = np;
		c->alloc = na;
	}
	if (!(c->pages[c->n].link = strdup(link))) {
		c->failed = 1;
		return;
	}
	c->pages[c->n].flags = 0;
	c->pages[c->n].listed_here = 0;
	c->pages[c->n++].mention_id = id;
}

/* Is this sighting's source on the link's host?  Then the link may be
 * checked, as an inside address too when that source allows it. */
struct listed { const rw_config *cfg; const char *host; struct page *p; };

static int
on_sighting(const rw_sighting *si, void *data)
{
	struct listed *l = data;
	char *h = rw_url_host(si->source_url, 0);
	size_t i;

	if (h && !strcmp(h, l->host)) {
		l->p->listed_here = 1;
		for (i = 0; i < l->cfg->nsources; i++)
			if (!strcmp(l->cfg->sources[i].url, si->source_url) && l->cfg->sources[i].allow_private)
				l->p->flags |= RW_FETCH_ALLOW_PRIVATE;
	}
	free(h);
	return 0;
}

static void
on_checked(rw_fetch_result *r, void *data)
{
	struct check *c = data;
	struct page *p = r->user;
	rw_err e = { 0 };
	int gone = 0;
	long status = r->status;

	if (c->db_err.code)
		return;
	if (!r->ok && status != 404 && status != 410)
		rw_log(RW_LOG_INFO, "net", "page check of mention #%lld: %s", (long long)p->mention_id, r->error);
	if (rw_store_begin(c->s, &e))
		goto fail;
	if (rw_store_link_result(c->s, p->mention_id, c->scan_id, c->now, status, &gone, &e))
		goto fail;
	if (gone) {
		rw_evidence_fetch f;
		int64_t snap;
		memset(&f, 0, sizeof(f));
		f.url = r->url;
		f.effective_url = r->effective_url;
		f.fetched_at = c->now;
		f.status = status;
		f.headers = r->headers;
		f.body = r->body;
		f.len = r->body ? r->len : 0;
		if (rw_evidence_add(c->s, c->scan_id, 0, &f, &snap, &e) ||
		    rw_evidence_link(c->s, snap, p->mention_id, RW_CHANGE_GONE, &e))
			goto fail;
	}
	if (rw_store_commit(c->s, &e))
		goto fail;
	if (gone && c->gone_fn)
		c->gone_fn(p->mention_id, p->link, c->data);
	return;
fail:
	rw_store_rollback(c->s);
	rw_err_set(&c->db_err, e.code ? e.code : RW_E_DB, "%s", e.msg);
}

int
rw_linkcheck_run(rw_store *s, const rw_config *cfg, int64_t scan_id, int64_t now, volatile sig_atomic_t *stop, void (*gone_fn)(int64_t, const char *, void *),
                 void *data, rw_err *err)
{
	const rw_store_settings *set = &cfg->store;
	struct check c;
	rw_fetch_settings fs;
	rw_fetcher *f = NULL;
	size_t i;
	int rc;

	if (set->link_checks <= 0)
		return RW_OK;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.scan_id = scan_id;
	c.now = now;
	c.gone_fn = gone_fn;
	c.data = data;
	if ((rc = rw_store_link_candidates(s, now, set->link_recheck, (size_t)set->link_checks, add_page, &c, err)))
		goto out;
	if (c.failed) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	if (!c.n)
		goto out;
	fs = cfg->fetch;
	if (fs.max_size > PAGE_MAX_SIZE)
		fs.max_size = PAGE_MAX_SIZE;
	if (!(f = rw_fetcher_new(&fs, err))) {
		rc = err ? err->code : RW_E_NET;
		goto out;
	}
	for (i = 0; i < c.n; i++) {
		struct listed l = { cfg, NULL, &c.pages[i] };
		char *host = rw_url_host(c.pages[i].link, 0);
		if (host) {
			l.host = host;
			rc = rw_store_each_sighting(s, c.pages[i].mention_id, on_sighting, &l, err);
			free(host);
			if (rc)
				goto out;
		}
		if (!c.pages[i].listed_here) {
			/* recorded as a check that proved nothing, so that it does
			 * not stay first in the queue */
			int gone = 0;
			rw_log(RW_LOG_INFO, "net", "page check of mention #%lld skipped: '%s' is not on the host of a source that lists it",
			       (long long)c.pages[i].mention_id, c.pages[i].link);
			if ((rc = rw_store_link_result(s, c.pages[i].mention_id, scan_id, now, 0, &gone, err)))
				goto out;
			continue;
		}
		if (rw_fetcher_add(f, c.pages[i].link, NULL, NULL, c.pages[i].flags, &c.pages[i]) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
	}
	rc = rw_fetcher_run(f, on_checked, &c, stop, err);
	if (!rc && c.db_err.code)
		rc = rw_err_set(err, c.db_err.code, "%s", c.db_err.msg);
out:
	rw_fetcher_free(&f);
	for (i = 0; i < c.n; i++)
		free(c.pages[i].link);
	free(c.pages);
	return rc;
}
