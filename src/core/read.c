/* SPDX-License-Identifier: MIT */
#include "read.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rw_sources *
rw_read_templates(rw_err *err)
{
	rw_err uerr = { 0 };
	char *data_dir = rw_sources_data_dir(err), *user_dir = data_dir ? rw_sources_user_dir(&uerr) : NULL;
	rw_sources *s = NULL;

	if (data_dir && !uerr.code)
		s = rw_sources_load(data_dir, user_dir, err);
	else if (data_dir)
		rw_err_set(err, uerr.code, "%s", uerr.msg);
	free(data_dir);
	free(user_dir);
	return s;
}

void
rw_read_source_init(rw_read_source *rs, const char *url, const char *category, const char *template_id,
                    const rw_sources *templates, const char *templates_problem)
{
	const rw_template *t = NULL;

	memset(rs, 0, sizeof(*rs));
	rs->url = url;
	rs->category = category;
	rs->template_id = template_id;
	if (!template_id)
		return;
	if (!templates) {
		rs->templates_problem = templates_problem ? templates_problem : "no templates";
		return;
	}
	if (!(t = rw_sources_find(templates, template_id))) {
		rs->template_unknown = 1;
		return;
	}
	if (!rs->category)
		rs->category = t->category;
	if (rw_template_page_rules(t, &rs->rules) < 0)
		return;   /* a feed template: read as a feed */
	rs->page = t;
	rs->complete = rs->category && !strcmp(rs->category, "review");
}

/* The bytes, as a feed or as a page; NULL with the reason in out->error. */
static rw_feed *
parse_body(const rw_read_source *src, const rw_read_body *body, rw_read_result *out)
{
	const char *tid = src->template_id;
	rw_parse_opts po;
	rw_feed *feed;
	rw_err e = { 0 };

	memset(&po, 0, sizeof(po));
	po.url = body->url ? body->url : src->url;
	po.content_type = body->content_type;
	po.text_only = 1;
	po.stop = body->stop;   /* a signal stops a long parse too */
	rw_log(RW_LOG_DEBUG, "parse", "'%s': parsing %zu bytes (Content-Type: %s) as %s", src->url, body->len,
	       body->content_type ? body->content_type : "none", src->page ? "a page" : "a feed");
	if (!src->page) {
		if ((feed = rw_parse_feed(body->bytes ? body->bytes : "", body->bytes ? body->len : 0, &po, &e)))
			return feed;
		if (tid && src->templates_problem)
			snprintf(out->error, sizeof(out->error),
			         "cannot read %s; if it is a page, its template '%s' could not be loaded: %s", e.msg, tid,
			         src->templates_problem);
		else if (src->template_unknown)
			snprintf(out->error, sizeof(out->error), "cannot read %s; its template '%s' is not among the templates "
			         "('repwatch sources suggest' lists them)", e.msg, tid);
		else
			snprintf(out->error, sizeof(out->error), "cannot read %s", e.msg);
		return NULL;
	}
	if (!(feed = rw_parse_page(body->bytes ? body->bytes : "", body->bytes ? body->len : 0, &po, &src->rules, &e)))
		snprintf(out->error, sizeof(out->error), "cannot read %s (template '%s', %s)", e.msg, tid, src->page->path);
	return feed;
}

/* Whose page it is, and whether its reading counts: a review page that
 * lists nothing is her page with no review yet (a new profile) when its
 * subject names her, and otherwise an error page or a new layout, not a
 * practitioner whose reviews all vanished; one none of whose reviews is
 * anyone's is not the page of a practitioner of the config, or no longer
 * says whose it is (a new title).  Either way its reviews are not
 * followed, and the doctor must hear it rather than see the source read
 * without a word. */
static void
judge_page(const rw_analyser *a, const rw_read_source *src, const rw_read_body *body, rw_read_result *out)
{
	const rw_config *cfg = rw_analyser_config(a);
	const rw_feed *feed = out->feed;
	rw_page_verdict *v = &out->page;

	if (!src->page) {
		v->whose = RW_PAGE_FEED;
		return;
	}
	if (!src->complete) {
		v->whose = RW_PAGE_LISTING;
		return;
	}
	if (!feed->nitems && v->named) {
		/* her page (its subject names her) with no review yet: a new
		 * profile, read and healthy; the store judges nothing gone on a
		 * page that lists nothing (rw_store_sweep_page) */
		v->whose = RW_PAGE_THEIRS;
	} else if (!feed->nitems) {
		const char *about = feed->subject ? feed->subject : "";
		int about_len = (int)strcspn(about, "\n");
		v->whose = RW_PAGE_EMPTY;
		snprintf(out->error, sizeof(out->error),
		         "cannot read '%s': the page lists no review that the rules of template '%s' find, and it does "
		         "not name %s%s (it says it is about: \"%.*s\"): an error page, or the site changed its layout? "
		         "open it in a browser, then check the [extract] rules in %s", body->url ? body->url : src->url,
		         src->template_id, cfg->npractitioners ? cfg->practitioners[0].name : "the practitioner",
		         cfg->npractitioners > 1 ? " or another practitioner" : "", about_len > 300 ? 300 : about_len,
		         about, src->page->path);
		out->failed = 1;
	} else if (!out->kept) {
		const char *about = feed->subject ? feed->subject : "";
		int about_len = (int)strcspn(about, "\n");
		v->whose = RW_PAGE_NOT_THEIRS;
		snprintf(out->error, sizeof(out->error),
		         "cannot read '%s': the page lists %zu reviews, but neither they nor the page name %s%s "
		         "(the page says it is about: \"%.*s\"); if it is her page, a subject rule in template '%s' (%s) "
		         "can point at where it names her (if you marked this source not you, remove it)", src->url,
		         feed->nitems, cfg->npractitioners ? cfg->practitioners[0].name : "the practitioner",
		         cfg->npractitioners > 1 ? " or another practitioner" : "", about_len > 300 ? 300 : about_len,
		         about, src->template_id, src->page->path);
		out->failed = 1;
	} else {
		v->whose = RW_PAGE_THEIRS;
	}
}

/* Judge out->feed's items for every practitioner, then the page verdict;
 * shown_url: where the items were read from, for messages (NULL: the
 * source's); subject: what the page is about when it is not this body's
 * own (a later page of a list is judged with its first page's: paging.h),
 * else NULL. */
static int
judge_items(const rw_analyser *a, const rw_read_source *src, const char *shown_url, const char *subject,
            rw_read_result *out)
{
	const rw_config *cfg = rw_analyser_config(a);
	size_t np = cfg->npractitioners, i, k;
	rw_read_body shown = { 0 };
	int named;

	out->np = np;
	/* a collected listing that says whose it is (google-business's
	 * subject) is a page about her as well; a parsed feed has no subject */
	if (src->page || out->feed->subject) {
		out->page.subject = subject ? subject : out->feed->subject;
		if (!(out->page.about = calloc(np ? np : 1, sizeof(*out->page.about))) ||
		    (named = rw_analyse_page(a, out->page.subject, src->url, out->page.about)) < 0)
			goto oom;
		out->page.named = (size_t)named;
	}
	if (!(out->an = calloc(out->feed->nitems * np > 0 ? out->feed->nitems * np : 1, sizeof(*out->an))))
		goto oom;
	for (i = 0; i < out->feed->nitems; i++) {
		const rw_item *it = &out->feed->items[i];
		rw_item_view v = { it->title, it->summary, it->content, it->link, src->url,
		                   it->category ? it->category : src->category,
		                   it->rating, it->rating_best, out->page.about };
		int kept = 0;
		if (rw_analyse_item(a, &v, &out->an[i * np]) < 0)
			goto oom;
		for (k = 0; k < np; k++)
			kept |= out->an[i * np + k].store;
		out->kept += (size_t)kept;
	}
	shown.url = shown_url;
	judge_page(a, src, &shown, out);
	return RW_OK;
oom:
	snprintf(out->error, sizeof(out->error), "'%s': not read: out of memory", src->url);
	out->failed = 1;
	return RW_E_NOMEM;
}

int
rw_read(const rw_analyser *a, const rw_read_source *src, const rw_read_body *body, rw_read_result *out)
{
	memset(out, 0, sizeof(*out));
	out->np = rw_analyser_config(a)->npractitioners;
	if (!(out->feed = parse_body(src, body, out))) {
		out->failed = 1;
		return RW_OK;
	}
	return judge_items(a, src, body->url, body->subject, out);
}

int
rw_read_feed(const rw_analyser *a, const rw_read_source *src, rw_feed *feed, rw_read_result *out)
{
	memset(out, 0, sizeof(*out));
	out->np = rw_analyser_config(a)->npractitioners;
	if (!(out->feed = feed)) {
		snprintf(out->error, sizeof(out->error), "'%s': nothing was collected", src->url);
		out->failed = 1;
		return RW_OK;
	}
	return judge_items(a, src, NULL, NULL, out);
}

int
rw_read_join(const rw_analyser *a, const rw_read_source *src, rw_read_result *into, rw_read_result *more)
{
	static const rw_read_body first;   /* messages name the source's address */
	rw_feed *f = into->feed, *g = more->feed;
	size_t np = into->np, n;
	rw_analysis *an;

	if (!f || !g || np != more->np) {
		rw_read_result_clear(more);
		return RW_OK;
	}
	n = f->nitems + g->nitems;
	if (n > f->items_alloc) {
		rw_item *items = realloc(f->items, n * sizeof(*items));
		if (!items) {
			rw_read_result_clear(more);
			return RW_E_NOMEM;
		}
		f->items = items;
		f->items_alloc = n;
	}
	if (!(an = realloc(into->an, (n * np > 0 ? n * np : 1) * sizeof(*an)))) {
		rw_read_result_clear(more);
		return RW_E_NOMEM;
	}
	into->an = an;
	if (g->nitems) {
		memcpy(f->items + f->nitems, g->items, g->nitems * sizeof(*g->items));
		memcpy(an + f->nitems * np, more->an, g->nitems * np * sizeof(*an));
	}
	f->nitems = n;
	g->nitems = 0;   /* the items are into's now */
	free(f->next);   /* the list goes on where its last page says */
	f->next = g->next;
	g->next = NULL;
	into->kept += more->kept;
	rw_read_result_clear(more);
	into->failed = 0;
	into->error[0] = '\0';
	judge_page(a, src, &first, into);
	return RW_OK;
}

const rw_analysis *
rw_read_analysis(const rw_read_result *r, size_t i, size_t p)
{
	return &r->an[i * r->np + p];
}

int
rw_read_item_kept(const rw_read_result *r, size_t i)
{
	size_t p;

	for (p = 0; r->an && p < r->np; p++)
		if (r->an[i * r->np + p].store)
			return 1;
	return 0;
}

void
rw_read_result_clear(rw_read_result *out)
{
	if (!out)
		return;
	rw_feed_free(out->feed);
	free(out->an);
	free(out->page.about);
	memset(out, 0, sizeof(*out));
}
