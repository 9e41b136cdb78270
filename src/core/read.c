/* SPDX-License-Identifier: MIT */
#include "read.h"
#include "log.h"
#include "msgid.h"
#include "reason.h"

#include <ctype.h>
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

/* The page gives her name but is someone else's, for some practitioner: a
 * key she gave settles it, or its subject says so (another city or
 * specialty, a page she said is not hers: the not-me source rule). */
static int
settled_against(const rw_read_result *out)
{
	size_t p;

	for (p = 0; p < out->np; p++)
		if ((out->page.doubt && out->page.doubt[p].settled < 0) ||
		    (out->page.about && out->page.about[p].someone_else))
			return 1;
	return 0;
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
	} else if (!out->kept && settled_against(out)) {
		v->whose = RW_PAGE_SOMEONE_ELSE;
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

/* ---- is a page that names her surely hers (rw_page_doubt) ---- */

/* value of key in a card ("key=value" lines) into buf, normalised: digits
 * only for a telephone or an identifier (a telephone: its last 9, so that
 * +33 4 78... and 04 78... are one), letters and digits in capitals for
 * the rest; "" when absent. */
static const char *
card_get(const char *card, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key), n = 0;
	const char *p = card, *v;
	int digits = !strcmp(key, "telephone") || !strcmp(key, "identifier");

	buf[0] = '\0';
	for (; p && *p; p += strcspn(p, "\n"), p += *p == '\n') {
		if (strncmp(p, key, klen) || p[klen] != '=')
			continue;
		for (v = p + klen + 1; *v && *v != '\n' && n + 1 < size; v++)
			if (isdigit((unsigned char)*v) || (!digits && isalpha((unsigned char)*v)))
				buf[n++] = (char)toupper((unsigned char)*v);
			else if (!digits && ((unsigned char)*v & 0x80))
				buf[n++] = *v;   /* a letter with an accent, kept as is */
		buf[n] = '\0';
		break;
	}
	if (!strcmp(key, "telephone") && n > 9)
		memmove(buf, buf + n - 9, 10);
	return buf;
}

int
rw_read_cards_differ(const char *card1, const char *card2)
{
	static const char *const keys[] = { "identifier", "telephone", "postcode", "street" };
	char a[256], b[256];
	size_t k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (*card_get(card1, keys[k], a, sizeof(a)) && *card_get(card2, keys[k], b, sizeof(b)) && strcmp(a, b))
			return 1;
	return 0;
}

/* A value she gave, as key would normalise it on a card. */
static const char *
given(const char *key, const char *value, char *buf, size_t size)
{
	char card[300];

	snprintf(card, sizeof(card), "%s=%s", key, value);
	return card_get(card, key, buf, size);
}

/* Add to matched (or against) the page's value of key when it is one of
 * hers (or not); nothing when she gave none or the page shows none.
 * matched and against hold 300 bytes. */
static void
judge_list(const char *card, const char *key, char *const *hers, size_t n, char *matched, char *against)
{
	char page[256], h[256];
	char *to;
	size_t i;

	if (!n || !*card_get(card, key, page, sizeof(page)))
		return;
	for (i = 0; i < n && strcmp(page, given(key, hers[i], h, sizeof(h))); i++)
		;
	to = i < n ? matched : against;
	snprintf(to + strlen(to), 300 - strlen(to), "%s%s", *to ? ", " : "", page);
}

/* The keys she gave against the page's card: see rw_page_doubt. */
static void
judge_keys(const rw_practitioner *pr, const char *card, rw_page_doubt *d)
{
	char page[256], hers[256], against[300] = "", matched[300] = "";
	int strong_against = 0;

	if (*card_get(card, "identifier", page, sizeof(page)) && (pr->rpps || pr->adeli)) {
		int same = (pr->rpps && !strcmp(page, given("identifier", pr->rpps, hers, sizeof(hers)))) ||
		           (pr->adeli && !strcmp(page, given("identifier", pr->adeli, hers, sizeof(hers))));
		if (same)
			snprintf(matched, sizeof(matched), "%s", page);
		else if ((strlen(page) == 11 && pr->rpps) || (strlen(page) == 9 && pr->adeli))
			strong_against = 1, snprintf(against, sizeof(against), "%s", page);
	}
	judge_list(card, "telephone", pr->phones, pr->nphones, matched, against);
	judge_list(card, "postcode", pr->postcodes, pr->npostcodes, matched, against);
	if (strong_against || (*against && !*matched)) {
		d->settled = -1;
		snprintf(d->why, sizeof(d->why), RW_REASON_WORD ": %.200s", strong_against
		         ? N_("the page gives another registry number than hers") : N_("the page gives another phone "
		         "or postcode than hers"), against);
	} else if (*matched && !*against) {
		d->settled = 1;
		snprintf(d->why, sizeof(d->why), RW_REASON_WORD ": %.200s",
		         N_("the page gives her registry number, phone or postcode"), matched);
	} else if (*matched) {
		d->uncertain = 1;
		snprintf(d->why, sizeof(d->why), RW_REASON_WORD ": %.150s; %.150s",
		         N_("the page gives some of her details and others that are not hers"), matched, against);
	}
}

int
rw_read_page_doubt(const rw_analyser *a, const rw_feed *feed, const char *url, const rw_page_about *about,
                   rw_page_doubt *doubt)
{
	const rw_config *cfg = rw_analyser_config(a);
	size_t np = cfg->npractitioners, p, named = 0;
	rw_page_about *link = NULL, *block = NULL;
	const char *line;
	int rc = 0;

	memset(doubt, 0, (np ? np : 1) * sizeof(*doubt));
	for (p = 0; p < np; p++)
		if (about[p].named && !about[p].someone_else) {
			judge_keys(&cfg->practitioners[p], feed->card, &doubt[p]);
			named++;
		}
	if (!named || !feed->links)
		return 0;
	if (!(link = calloc(np, sizeof(*link))) || !(block = calloc(np, sizeof(*block)))) {
		rc = -1;
		goto out;
	}
	for (line = feed->links; *line; line += strcspn(line, "\n"), line += *line == '\n') {
		size_t len = strcspn(line, "\n"), tlen = strcspn(line, "\t");
		char text[256], where[512];
		if (tlen >= len)
			continue;
		snprintf(text, sizeof(text), "%.*s", (int)tlen, line);
		snprintf(where, sizeof(where), "%.*s", (int)(len - tlen - 1), line + tlen + 1);
		if (rw_analyse_page(a, text, url, link) < 0) {
			rc = -1;
			goto out;
		}
		for (p = 0; p < np; p++)
			if (link[p].named && about[p].named && !about[p].someone_else && !doubt[p].settled &&
			    !doubt[p].uncertain)
				break;
		if (p == np)
			continue;
		if (rw_analyse_page(a, where, url, block) < 0) {
			rc = -1;
			goto out;
		}
		for (p = 0; p < np; p++) {
			const rw_practitioner *pr = &cfg->practitioners[p];
			char like_her[1024];
			if (!link[p].named || !block[p].named || block[p].someone_else || !about[p].named ||
			    about[p].someone_else || doubt[p].settled || doubt[p].uncertain)
				continue;
			/* the namesake listed must say as much for her as her own name,
			 * specialty and city would: a box that says another city the
			 * matcher does not read as one ("Dermatologue, Rennes") tells
			 * them apart */
			snprintf(like_her, sizeof(like_her), "%s — %s, %s", text, pr->specialty ? pr->specialty : "",
			         pr->city ? pr->city : "");
			if (rw_analyse_page(a, like_her, url, link) < 0) {
				rc = -1;
				goto out;
			}
			if (block[p].match.score < link[p].match.score)
				continue;
			doubt[p].uncertain = 1;
			snprintf(doubt[p].why, sizeof(doubt[p].why), RW_REASON_WORD ": \"%.300s\"",
			         N_("the page links to another practitioner of the same name that nothing tells apart"), where);
		}
	}
out:
	free(link);
	free(block);
	return rc;
}

/* A key she gave says the page is someone else's: none of its items is
 * kept for her. */
static void
drop_settled_against(rw_read_result *out)
{
	size_t np = out->np, i, p, k;

	for (p = 0; p < np; p++) {
		if (out->page.doubt[p].settled >= 0)
			continue;
		for (i = 0; i < out->feed->nitems; i++)
			if (out->an[i * np + p].store) {
				int kept = 0;
				out->an[i * np + p].store = 0;
				for (k = 0; k < np; k++)
					kept |= out->an[i * np + k].store;
				out->kept -= !kept;
			}
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
	if (src->page && src->complete && out->page.about) {
		if (!(out->page.doubt = calloc(np ? np : 1, sizeof(*out->page.doubt))) ||
		    rw_read_page_doubt(a, out->feed, src->url, out->page.about, out->page.doubt) < 0)
			goto oom;
		drop_settled_against(out);
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
	if (into->page.doubt)
		drop_settled_against(into);   /* the first page's keys judge the list */
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
	free(out->page.doubt);
	memset(out, 0, sizeof(*out));
}
