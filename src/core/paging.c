/* SPDX-License-Identifier: MIT */
#include "paging.h"
#include "fetch.h"
#include "log.h"
#include "msgid.h"
#include "reason.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
rw_paging_init(rw_paging *p, size_t max_pages)
{
	memset(p, 0, sizeof(*p));
	p->max_pages = max_pages ? max_pages : 1;
}

static int
seen(const rw_paging *p, const char *norm)
{
	size_t i;

	for (i = 0; i < p->nseen; i++)
		if (!strcmp(p->seen[i], norm))
			return 1;
	return 0;
}

/* The form two spellings of one page share: the fragment is not part of
 * the page. */
static char *
page_key(const char *url)
{
	return rw_url_normalise(url, RW_URL_DROP_FRAGMENT);
}

static int
remember(rw_paging *p, const char *url)
{
	char *k, **ns;

	if (!url || !(k = page_key(url)))
		return 0;   /* not an address: nothing can loop back to it */
	if (seen(p, k)) {
		free(k);
		return 0;
	}
	if (!(ns = realloc(p->seen, (p->nseen + 1) * sizeof(*ns)))) {
		free(k);
		return -1;
	}
	p->seen = ns;
	p->seen[p->nseen++] = k;
	return 0;
}

int
rw_paging_read(rw_paging *p, const char *requested, const char *final)
{
	if (!final)
		final = requested;
	if (!p->pages && !(p->origin = rw_url_origin(final)) && rw_url_is_http(final))
		return -1;
	p->pages++;
	return remember(p, requested) || remember(p, final) ? -1 : 0;
}

static int
end(rw_paging *p, rw_paging_end why, const char *link)
{
	p->end = why;
	free(p->link);
	p->link = NULL;
	if (link && !(p->link = strdup(link)))
		return -1;
	return 0;
}

int
rw_paging_next(rw_paging *p, const char *page_url, const char *href, char **next)
{
	char *abs, *origin = NULL, *key = NULL;
	int rc;

	*next = NULL;
	if (!href || !*href)
		return end(p, RW_PAGING_LAST, NULL);
	if (!(abs = rw_url_resolve(page_url, href)) || !rw_url_is_http(abs)) {
		rc = end(p, RW_PAGING_BAD_LINK, href);
		free(abs);
		return rc;
	}
	origin = rw_url_origin(abs);
	key = page_key(abs);
	if (!origin || !key)
		rc = end(p, RW_PAGING_BAD_LINK, abs);
	else if (!p->origin || strcmp(origin, p->origin))
		rc = end(p, RW_PAGING_ELSEWHERE, abs);
	else if (seen(p, key))
		rc = end(p, RW_PAGING_LOOP, abs);
	else if (p->pages >= p->max_pages)
		rc = end(p, RW_PAGING_CAP, abs);
	else {
		p->end = RW_PAGING_MORE;
		*next = abs;
		abs = NULL;
		rc = 1;
	}
	free(abs);
	free(origin);
	free(key);
	return rc;
}

int
rw_paging_failed(rw_paging *p, const char *url, const char *error)
{
	if (end(p, RW_PAGING_FAILED, url) < 0)
		return -1;
	free(p->error);
	p->error = error ? strdup(error) : NULL;
	return error && !p->error ? -1 : 0;
}

int
rw_paging_whole(const rw_paging *p)
{
	return p->end == RW_PAGING_LAST;
}

void
rw_paging_reason(const rw_paging *p, char *buf, size_t size)
{
	const char *link = p->link ? p->link : "";

	switch (p->end) {
	case RW_PAGING_MORE:
	case RW_PAGING_LAST:
		snprintf(buf, size, "%zu " RW_REASON_WORD, p->pages, N_("pages read, the last names no next page"));
		break;
	case RW_PAGING_CAP:
		snprintf(buf, size, "%zu " RW_REASON_WORD " '%s' " RW_REASON_WORD, p->pages,
		         N_("pages read, the most a scan reads ([fetch] max_pages);"), link,
		         N_("and the pages after it were not read, so no review is judged deleted"));
		break;
	case RW_PAGING_ELSEWHERE:
		snprintf(buf, size, "%zu " RW_REASON_WORD " '%s' " RW_REASON_WORD, p->pages, N_("pages read; the next page"),
		         link, N_("is on another site and is not followed, so no review is judged deleted (check the next "
		                  "rule of the template)"));
		break;
	case RW_PAGING_LOOP:
		snprintf(buf, size, "%zu " RW_REASON_WORD " '%s' " RW_REASON_WORD, p->pages, N_("pages read; the next page"),
		         link, N_("was read already (the pages loop), so no review is judged deleted"));
		break;
	case RW_PAGING_BAD_LINK:
		snprintf(buf, size, "%zu " RW_REASON_WORD " '%.300s' " RW_REASON_WORD, p->pages,
		         N_("pages read; the next page's link"), link,
		         N_("is not a web address, so no review is judged deleted (check the next rule of the template)"));
		break;
	case RW_PAGING_FAILED:
		/* TRANSLATORS: "page 2 of the list, 'URL', could not be read: WHY;
		 * the 1 pages before it were read, and no review is judged deleted",
		 * in pieces */
		snprintf(buf, size, RW_REASON_WORD " %zu " RW_REASON_WORD " '%s', " RW_REASON_WORD " %s" RW_REASON_WORD
		         " %zu " RW_REASON_WORD, N_("page"), p->pages + 1, N_("of the list,"), link, N_("could not be read:"),
		         p->error ? p->error : "?", N_("; the"), p->pages,
		         N_("pages before it were read, and no review is judged deleted"));
		break;
	}
}

void
rw_paging_describe(const rw_paging *p, char *buf, size_t size)
{
	char marked[1400];

	rw_paging_reason(p, marked, sizeof(marked));
	rw_reason_render(marked, 1, buf, size);
}

void
rw_paging_clear(rw_paging *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nseen; i++)
		free(p->seen[i]);
	free(p->seen);
	free(p->link);
	free(p->error);
	free(p->origin);
	memset(p, 0, sizeof(*p));
}

/* ---- a test of one source ---- */

struct one_fetch {
	int done, ok;
	long status;
	char *body, *content_type, *effective_url;
	size_t len;
	double seconds;
	char error[768];
};

static void
one_fetch_clear(struct one_fetch *f)
{
	free(f->body);
	free(f->content_type);
	free(f->effective_url);
	memset(f, 0, sizeof(*f));
}

static void
on_page(rw_fetch_result *r, void *data)
{
	struct one_fetch *f = data;

	f->done = 1;
	f->ok = r->ok && r->body;
	f->status = r->status;
	f->seconds = r->seconds;
	f->len = r->len;
	if (!r->ok)
		snprintf(f->error, sizeof(f->error), "%s", r->error);
	else if (!r->body)
		snprintf(f->error, sizeof(f->error), "'%s': HTTP %ld, " RW_REASON_WORD, r->url, r->status, N_("nothing to read"));
	f->body = r->body;
	r->body = NULL;
	f->content_type = r->content_type ? strdup(r->content_type) : NULL;
	f->effective_url = r->effective_url ? strdup(r->effective_url) : NULL;
}

/* A page whose fetch never ended, as a stored reason (N_ of the same
 * msgid is in rw_paging_test_source) */
#define NO_ANSWER RW_REASON_OPEN "no answer" RW_REASON_CLOSE

int
rw_paging_test_source(const rw_analyser *a, const rw_read_source *how, const rw_fetch_settings *settings,
                      const char *url, unsigned flags, volatile sig_atomic_t *stop, rw_paging_test *out,
                      rw_err *err)
{
	rw_fetcher *fetcher = rw_fetcher_new(settings, err);
	struct one_fetch f;
	char *page = NULL;
	int rc = RW_OK, more;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	rw_paging_init(&out->paging, how->page && how->rules.next ? (size_t)settings->max_pages : 1);
	if (!fetcher)
		return err ? err->code : RW_E_NET;
	if (!(page = strdup(url))) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		rw_read_body body;
		rw_read_result rd;
		const char *at;
		char *next = NULL;

		one_fetch_clear(&f);
		/* a later page is on the first page's site (rw_paging_next): the
		 * same flags hold for it */
		if (rw_fetcher_add(fetcher, page, NULL, NULL, flags, NULL) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
		if ((rc = rw_fetcher_run(fetcher, on_page, &f, stop, err)))
			goto out;
		out->len += f.len;
		out->seconds += f.seconds;
		at = f.effective_url ? f.effective_url : page;   /* stays valid when moved to out */
		if (!out->paging.pages) {
			out->status = f.status;
			out->content_type = f.content_type;
			out->effective_url = f.effective_url;
			f.content_type = f.effective_url = NULL;
			if (!f.ok) {
				snprintf(out->error, sizeof(out->error), f.done ? "%s" : RW_REASON_WORD, f.done ? f.error : N_("no answer"));
				goto out;
			}
			out->fetched = 1;
		} else if (!f.ok) {
			if (rw_paging_failed(&out->paging, page, f.done ? f.error : NO_ANSWER) < 0)
				rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
		memset(&body, 0, sizeof(body));
		body.bytes = f.body;
		body.len = f.len;
		body.content_type = out->paging.pages ? f.content_type : out->content_type;
		body.url = at;
		body.stop = stop;
		body.subject = out->paging.pages ? out->read.page.subject : NULL;
		if (!out->paging.pages) {
			if ((rc = rw_read(a, how, &body, &out->read))) {
				rw_err_set(err, rc, "%s", out->read.error);
				goto out;
			}
		} else {
			if ((rc = rw_read(a, how, &body, &rd))) {
				rw_err_set(err, rc, "%s", rd.error);
				rw_read_result_clear(&rd);
				goto out;
			}
			if (!rd.feed) {
				/* the later page cannot be read: the chain ends there */
				more = rw_paging_failed(&out->paging, at, rd.error);
				rw_read_result_clear(&rd);
				if (more < 0)
					rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
				goto out;
			}
			if ((rc = rw_read_join(a, how, &out->read, &rd))) {
				rw_err_set(err, rc, "out of memory");
				goto out;
			}
		}
		if (rw_paging_read(&out->paging, page, at) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
		/* the first page decides: one that does not count is not followed */
		if (!out->read.feed || (out->paging.pages == 1 && out->read.failed))
			break;
		if ((more = rw_paging_next(&out->paging, at, how->page && how->rules.next ? out->read.feed->next : NULL,
		                           &next)) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
		if (!more)
			break;
		rw_log(RW_LOG_DEBUG, "net", "'%s': next page %s", url, next);
		free(page);
		page = next;
	}
out:
	one_fetch_clear(&f);
	free(page);
	rw_fetcher_free(&fetcher);
	return rc;
}

void
rw_paging_test_clear(rw_paging_test *t)
{
	if (!t)
		return;
	rw_read_result_clear(&t->read);
	rw_paging_clear(&t->paging);
	free(t->content_type);
	free(t->effective_url);
	memset(t, 0, sizeof(*t));
}
