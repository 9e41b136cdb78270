/* SPDX-License-Identifier: MIT */
#include "analyse.h"
#include "buf.h"
#include "datadir.h"
#include "log.h"
#include "msgid.h"
#include "reason.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEM_TEXT_MAX (512u << 10)  /* title + summary + content searched, at most */

struct rw_analyser {
	const rw_config *cfg;
	rw_matcher **matchers;
	const rw_specialty **specialties;  /* per practitioner, NULL when unknown */
	rw_myths *myths;
	rw_lexicon *lexicon;
	rw_stance_cues *stance;   /* NULL when the cue lists cannot be read */
	int any_watch_myths;
};

rw_analyser *
rw_analyser_new(const rw_config *cfg, rw_err *problem)
{
	rw_analyser *a = calloc(1, sizeof(*a));
	char dir[4096];
	size_t i, n = cfg->npractitioners;

	if (!a)
		return NULL;
	a->cfg = cfg;
	a->matchers = calloc(n ? n : 1, sizeof(*a->matchers));
	a->specialties = calloc(n ? n : 1, sizeof(*a->specialties));
	if (!a->matchers || !a->specialties)
		goto oom;
	for (i = 0; i < n; i++) {
		if (!(a->matchers[i] = rw_matcher_new(&cfg->practitioners[i])))
			goto oom;
		a->specialties[i] = rw_specialty_find(cfg->practitioners[i].specialty);
		a->any_watch_myths |= cfg->practitioners[i].watch_myths;
	}
	if (!(a->myths = rw_myths_load_default(problem)))
		goto oom;
	{
		rw_err serr = { 0 };
		if (!(a->stance = rw_stance_load_default(&serr))) {
			rw_log(RW_LOG_WARN, "match", "%s: every myth found counts as asserted", serr.msg);
			if (problem && !problem->code)
				rw_err_set(problem, serr.code, "%s", serr.msg);
		}
	}
	if (rw_data_path("lexicons", dir, sizeof(dir))) {
		rw_err lerr = { 0 };
		a->lexicon = rw_lexicon_load(dir, &lerr);
		if (!a->lexicon) {
			rw_log(RW_LOG_WARN, "match", "%s: sentiment will read neutral", lerr.msg);
			rw_err_set(problem, lerr.code, "%s", lerr.msg);
		}
	}
	return a;
oom:
	rw_analyser_free(&a);
	return NULL;
}

void
rw_analyser_free(rw_analyser **ap)
{
	rw_analyser *a;
	size_t i;

	if (!ap || !*ap)
		return;
	a = *ap;
	for (i = 0; a->matchers && i < a->cfg->npractitioners; i++)
		rw_matcher_free(&a->matchers[i]);
	free(a->matchers);
	free(a->specialties);
	rw_myths_free(&a->myths);
	rw_lexicon_free(&a->lexicon);
	rw_stance_free(&a->stance);
	free(a);
	*ap = NULL;
}

const rw_config *
rw_analyser_config(const rw_analyser *a)
{
	return a->cfg;
}

/* one not-me rule read from the store */
static int
learn_rule(int64_t id, const char *practitioner, const char *kind, const char *value, int64_t mention_id,
           int64_t created, void *data)
{
	(void)id;
	(void)mention_id;
	(void)created;
	return rw_analyser_add_rule(data, practitioner, kind, value) < 0;
}

int
rw_analyser_learn(rw_analyser *a, rw_store *store, rw_err *err)
{
	return rw_store_each_not_me(store, NULL, learn_rule, a, err);
}

int
rw_analyser_add_rule(rw_analyser *a, const char *practitioner, const char *kind, const char *value)
{
	size_t i;

	for (i = 0; i < a->cfg->npractitioners; i++)
		if (!strcmp(a->cfg->practitioners[i].id, practitioner))
			return rw_matcher_add_rule(a->matchers[i], kind, value);
	return 0;
}

static char *
join_item(const rw_item_view *it)
{
	const char *parts[3] = { it->title, it->summary, it->content };
	rw_buf b;
	size_t i;

	rw_buf_init(&b, ITEM_TEXT_MAX);
	for (i = 0; i < 3; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		/* a summary that is the start of the content adds nothing */
		if (i == 1 && it->content && !strncmp(it->content, parts[i], strlen(parts[i])))
			continue;
		if (b.len)
			rw_buf_add(&b, "\n", 1);
		{
			/* a text longer than the cap is searched up to the cap, cut
			 * between two characters */
			size_t len = strlen(parts[i]), room = b.max - b.len;
			if (len > room) {
				len = room;
				while (len && ((unsigned char)parts[i][len] & 0xC0) == 0x80)
					len--;
			}
			rw_buf_add(&b, parts[i], len);
		}
	}
	return b.data ? rw_buf_steal(&b) : strdup("");
}

/* What classifying an item needs, worked out once per item on first
 * need: most items name nobody and carry no myth, and need none of it. */
struct item_ctx {
	const rw_analyser *a;
	const char *text, *tok;
	rw_lang lang;
	int lang_known;
	char *prepared;          /* for the myth catalogue */
	int may_carry;           /* the catalogue's literal filter: -1 not asked yet */
	rw_myths_hits *hits;     /* its answer, for every practitioner's classify */
};

static rw_lang
item_lang(struct item_ctx *ic)
{
	if (!ic->lang_known) {
		ic->lang = rw_lang_detect_tokens(ic->tok);
		ic->lang_known = 1;
	}
	return ic->lang;
}

/* 1 when a myth of the catalogue may be in the item, 0 when none can,
 * -1 when memory ran out; the filter is asked once per item. */
static int
may_carry_myth(struct item_ctx *ic)
{
	if (ic->may_carry < 0) {
		if (!rw_myths_count(ic->a->myths)) {
			ic->may_carry = 0;
		} else {
			if (!ic->prepared && !(ic->prepared = rw_myths_prepare(ic->text)))
				return -1;
			if (!(ic->hits = rw_myths_hits_new(ic->a->myths, ic->prepared)))
				return -1;
			ic->may_carry = rw_myths_hits_any(ic->hits);
		}
	}
	return ic->may_carry;
}

/* classify.c's verdict on the item for one practitioner: every myth counts
 * for a mention of her (spec unused), only her specialty's otherwise.
 * 0, or -1 when memory ran out. */
static int
classify_item(struct item_ctx *ic, const rw_item_view *it, int all_myths, const rw_specialty *spec,
              rw_classification *cl)
{
	rw_classify_ctx ctx;
	int may = may_carry_myth(ic);

	if (may < 0)
		return -1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.myths = ic->a->myths;
	ctx.lexicon = ic->a->lexicon;
	ctx.stance = ic->a->stance;
	ctx.named = all_myths;  /* every myth counts only for a mention of her */
	ctx.lang = item_lang(ic);
	ctx.specialty = spec;
	ctx.all_myths = all_myths;
	ctx.prepared = ic->prepared;
	ctx.no_myth = !may;
	ctx.hits = ic->hits;
	ctx.asserted_myth_only = !all_myths;   /* not named: kept only for a myth it asserts */
	rw_classify_ex(&ctx, ic->text, it->link, it->hint, it->rating, it->rating_best, cl);
	return 0;
}

int
rw_analyse_page(const rw_analyser *a, const char *subject, const char *source_url, rw_page_about *about)
{
	rw_match_set *set;
	size_t p, n = a->cfg->npractitioners;
	int named = 0;

	memset(about, 0, n * sizeof(*about));
	if (!subject || !*subject)
		return 0;
	if (!(set = malloc(sizeof(*set))))
		return -1;
	for (p = 0; p < n; p++) {
		int r = rw_matcher_scan(a->matchers[p], subject, source_url, set);
		if (r < 0) {
			named = -1;
			break;
		}
		if (r > 0) {
			about[p].named = 1;
			about[p].match = set->hits[set->best];
			named++;
		} else {
			/* her name, with what tells it is someone else's */
			size_t h;
			for (h = 0; h < set->n && h < RW_MATCH_MAX_HITS; h++)
				if (set->hits[h].elsewhere) {
					about[p].someone_else = 1;
					about[p].match = set->hits[h];
					break;
				}
		}
	}
	free(set);
	return named;
}

int
rw_analyse_item(const rw_analyser *a, const rw_item_view *it, rw_analysis *out)
{
	rw_match_set *set;
	struct item_ctx ic;
	char *text, *tok;
	size_t p, n = a->cfg->npractitioners;
	int stored = 0;

	memset(out, 0, n * sizeof(*out));
	if (!(text = join_item(it)))
		return -1;
	memset(&ic, 0, sizeof(ic));
	/* folded once, for every practitioner's matcher and the language, and,
	 * when a practitioner watches myths (every item is then asked for
	 * them), for the catalogue in the same pass */
	if (a->any_watch_myths && rw_myths_count(a->myths)) {
		tok = rw_text_tokens_fold(text, &ic.prepared);   /* rw_myths_prepare's form */
	} else {
		tok = rw_text_tokens(text, NULL);
	}
	if (!tok || !(set = malloc(sizeof(*set)))) {
		free(ic.prepared);
		free(tok);
		free(text);
		return -1;
	}
	ic.a = a;
	ic.text = text;
	ic.tok = tok;
	ic.may_carry = -1;
	for (p = 0; p < n; p++) {
		rw_analysis *an = &out[p];
		const rw_practitioner *pr = &a->cfg->practitioners[p];
		int r = rw_matcher_scan_tokens(a->matchers[p], text, tok, it->source_url, set);

		if (r < 0) {
			stored = -1;
			break;
		}
		if (it->page && it->page[p].someone_else) {
			/* listed on a homonym's page: not hers, whatever it says */
			continue;
		}
		if (r > 0 && !(it->page && it->page[p].named &&
		               it->page[p].match.confidence > set->hits[set->best].confidence)) {
			an->match = set->hits[set->best];
			snprintf(an->why, sizeof(an->why), "%s", an->match.reason);
		} else if (it->page && it->page[p].named) {
			an->match = it->page[p].match;
			an->by_page = 1;
			snprintf(an->why, sizeof(an->why), RW_REASON_WORD " %s",
			         N_("listed on a page about you, which names you:"), an->match.reason);
		}
		if (r > 0 || an->by_page) {
			/* a mention of her: any myth in it counts */
			if (classify_item(&ic, it, 1, NULL, &an->cl) < 0) {
				stored = -1;
				break;
			}
			an->store = an->named = 1;
			stored++;
			continue;
		}
		if (!pr->watch_myths)
			continue;
		/* not named: only a myth of her specialty makes it hers to rebut */
		r = may_carry_myth(&ic);
		if (r < 0) {
			stored = -1;
			break;
		}
		if (!r)
			continue;
		if (classify_item(&ic, it, 0, a->specialties[p], &an->cl) < 0) {
			stored = -1;
			break;
		}
		if (!an->cl.myth || an->cl.stance != RW_STANCE_ASSERT) {
			/* not named: a rebuttal of a myth is not hers to answer */
			memset(an, 0, sizeof(*an));
			continue;
		}
		snprintf(an->why, sizeof(an->why),
		         "does not name you; carries the myth '%s' (%s), which your specialty watches "
		         "(watch_myths = no turns this off)", an->cl.myth->id, an->cl.myth->topic ? an->cl.myth->topic : "");
		an->store = 1;
		stored++;
	}
	rw_myths_hits_free(&ic.hits);
	free(ic.prepared);
	free(set);
	free(tok);
	free(text);
	return stored;
}

void
rw_analysis_record(const rw_analysis *an, rw_mention_analysis *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->confidence = an->named ? rw_confidence_name(an->match.confidence) : NULL;
	rec->match_reason = an->why;
	rec->lang = rw_lang_name(an->cl.sentiment.lang);
	rec->sentiment = an->cl.sentiment.score;
	rec->label = rw_polarity_name(an->cl.sentiment.label);
	rec->myth = an->cl.myth ? an->cl.myth->id : NULL;
}
