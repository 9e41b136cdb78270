/* SPDX-License-Identifier: MIT */
#include "notme.h"
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct found {
	int seen;
	rw_notme_result *r;
};

static int
grab(const rw_mention *m, void *data)
{
	struct found *f = data;

	f->seen = f->r->found = 1;
	f->r->uncertain = m->uncertain != NULL;
	snprintf(f->r->practitioner, sizeof(f->r->practitioner), "%s", m->practitioner ? m->practitioner : "");
	if (asprintf(&f->r->text, "%s\n%s", m->title ? m->title : "", m->body ? m->body : "") < 0)
		f->r->text = NULL;
	return 1;
}

/* The words of text that speak against practitioner, from cfg's profile. */
static void
auto_words(const rw_config *cfg, rw_notme_result *r)
{
	const char *w[RW_NOTME_AUTO_WORDS];
	size_t i, k;

	for (i = 0; cfg && i < cfg->npractitioners; i++) {
		rw_matcher *m;
		size_t got;
		if (strcmp(cfg->practitioners[i].id, r->practitioner))
			continue;
		m = rw_matcher_new(&cfg->practitioners[i]);
		got = m ? rw_matcher_words_against(m, r->text ? r->text : "", w, RW_NOTME_AUTO_WORDS) : 0;
		for (k = 0; k < got && r->nwords < RW_NOTME_MAX_WORDS; k++)
			if ((r->words[r->nwords] = strdup(w[k])))
				r->nwords++;
		rw_matcher_free(&m);
	}
}

static int
find(rw_store *s, int64_t id, rw_notme_result *r, rw_err *err)
{
	rw_mention_filter f;
	struct found found = { 0, r };
	int rc;

	memset(&f, 0, sizeof(f));
	f.id = id;
	if ((rc = rw_store_each_mention(s, &f, grab, &found, err)))
		return rc;
	if (!found.seen)
		return rw_err_set(err, RW_E_USAGE, "no mention #%lld (see 'repwatch list')", (long long)id);
	return RW_OK;
}

int
rw_notme_learn(rw_store *s, const rw_config *cfg, int64_t id, const char *const *words, size_t nwords,
               int source, int dry_run, int64_t now, rw_notme_result *r, rw_err *err)
{
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	if (nwords > RW_NOTME_MAX_WORDS)
		return rw_err_set(err, RW_E_USAGE, "at most %d words at a time", RW_NOTME_MAX_WORDS);
	if ((rc = find(s, id, r, err)))
		return rc;
	/* an uncertain mention: nothing in it told them apart, its page did
	 * not either; what is learned is that the page is not hers */
	if (r->uncertain && !nwords)
		source = 1;
	if (source && (rc = rw_store_mention_source_url(s, id, r->source_url, sizeof(r->source_url), err)))
		return rc;
	if (source && !r->source_url[0])
		return rw_err_set(err, RW_E_USAGE, "mention #%lld has no source on record; give a word with --word",
		                  (long long)id);
	for (i = 0; i < nwords; i++) {
		if (!(r->words[i] = strdup(words[i])))
			return rw_err_set(err, RW_E_NOMEM, "out of memory");
		r->nwords++;
	}
	if (!nwords && !source) {
		auto_words(cfg, r);
		r->automatic = 1;
	}
	if (dry_run)
		return RW_OK;
	if ((rc = rw_store_begin(s, err)))
		return rc;
	rc = rw_store_set_not_me(s, id, 1, err);
	for (i = 0; !rc && i < r->nwords; i++)
		rc = rw_store_add_not_me(s, id, r->practitioner, "word", r->words[i], now, &r->word_rules[i], err);
	if (!rc && source)
		rc = rw_store_add_not_me(s, id, r->practitioner, "source", r->source_url, now, &r->source_rule, err);
	if (!rc && source)
		rc = rw_store_set_page_owner(s, r->practitioner, r->source_url, 0, id, now, err);
	if (rc || (rc = rw_store_commit(s, err)))
		rw_store_rollback(s);
	return rc;
}

void
rw_notme_result_clear(rw_notme_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nwords; i++)
		free(r->words[i]);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

int
rw_notme_undo(rw_store *s, int64_t id, rw_err *err)
{
	rw_notme_result r;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = find(s, id, &r, err);
	rw_notme_result_clear(&r);
	return rc ? rc : rw_store_set_not_me(s, id, 0, err);
}

int
rw_notme_is_me(rw_store *s, int64_t id, int64_t now, rw_notme_result *r, rw_err *err)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = find(s, id, r, err)) ||
	    (rc = rw_store_mention_source_url(s, id, r->source_url, sizeof(r->source_url), err)) ||
	    (rc = rw_store_begin(s, err)))
		return rc;
	if (r->source_url[0])
		rc = rw_store_set_page_owner(s, r->practitioner, r->source_url, 1, id, now, err);
	if (!rc)
		rc = rw_store_set_not_me(s, id, 0, err);
	if (!rc)
		rc = rw_store_set_uncertain(s, id, NULL, err);
	if (rc || (rc = rw_store_commit(s, err)))
		rw_store_rollback(s);
	return rc;
}
