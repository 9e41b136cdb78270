#include "analyse.h"
#include "buf.h"
#include "datadir.h"
#include "log.h"
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
	free(a);
	*ap = NULL;
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

/* The language of the item, worked out on first need from its token
 * form: most items name nobody and carry no myth, and need none. */
struct lazy_lang {
	const char *tok;
	rw_lang lang;
	int known;
};

static rw_lang
item_lang(struct lazy_lang *l)
{
	if (!l->known) {
		l->lang = rw_lang_detect_tokens(l->tok);
		l->known = 1;
	}
	return l->lang;
}

int
rw_analyse_item(const rw_analyser *a, const rw_item_view *it, rw_analysis *out)
{
	rw_match_set *set;
	rw_classify_ctx ctx;
	char *text, *tok;
	size_t p, n = a->cfg->npractitioners;
	int stored = 0;
	struct lazy_lang lang = { NULL, RW_LANG_UNKNOWN, 0 };
	char *prepared = NULL;   /* for myths of an item that names nobody, made once */
	int may_carry = -1;      /* can any myth match it (the literal filter), asked once */

	memset(out, 0, n * sizeof(*out));
	if (!(text = join_item(it)))
		return -1;
	/* folded once, for every practitioner's matcher and the language */
	if (!(tok = rw_text_tokens(text, NULL)) || !(set = malloc(sizeof(*set)))) {
		free(tok);
		free(text);
		return -1;
	}
	lang.tok = tok;
	memset(&ctx, 0, sizeof(ctx));
	ctx.myths = a->myths;
	ctx.lexicon = a->lexicon;
	for (p = 0; p < n; p++) {
		rw_analysis *an = &out[p];
		const rw_practitioner *pr = &a->cfg->practitioners[p];
		int r = rw_matcher_scan_tokens(a->matchers[p], text, tok, it->source_url, set), on_page = 0;

		if (r == 0 && it->page_subject && *it->page_subject) {
			r = rw_matcher_scan(a->matchers[p], it->page_subject, it->source_url, set);
			on_page = r > 0;
		}
		if (r < 0) {
			stored = -1;
			break;
		}
		if (r > 0) {
			an->store = an->named = 1;
			an->match = set->hits[set->best];
			if (on_page)
				snprintf(an->why, sizeof(an->why), "listed on a page about you, which names you: %s",
				         an->match.reason);
			else
				snprintf(an->why, sizeof(an->why), "%s", an->match.reason);
			/* a mention of her: any myth in it counts */
			ctx.lang = item_lang(&lang);
			ctx.specialty = NULL;
			ctx.all_myths = 1;
			rw_classify_ex(&ctx, text, it->link, it->hint, it->rating, it->rating_best, &an->cl);
			stored++;
			continue;
		}
		if (!pr->watch_myths || !rw_myths_count(a->myths))
			continue;
		/* not named: only a myth of her specialty makes it hers to rebut */
		if (!prepared && !(prepared = rw_myths_prepare(text))) {
			stored = -1;
			break;
		}
		if (may_carry < 0)
			may_carry = rw_myths_may_match(a->myths, prepared);
		if (!may_carry)
			continue;
		{
			const rw_myth *m = rw_myths_match_prepared(a->myths, prepared, item_lang(&lang), a->specialties[p], 0);
			if (!m)
				continue;
			ctx.lang = item_lang(&lang);
			ctx.specialty = a->specialties[p];
			ctx.all_myths = 0;
			rw_classify_ex(&ctx, text, it->link, it->hint, it->rating, it->rating_best, &an->cl);
			an->cl.myth = m;
			an->cl.category = RW_CAT_MISINFORMATION;
			snprintf(an->cl.reason, sizeof(an->cl.reason), "the text carries the myth '%s'", m->id);
			snprintf(an->why, sizeof(an->why),
			         "does not name you; carries the myth '%s' (%s), which your specialty watches "
			         "(watch_myths = no turns this off)", m->id, m->topic ? m->topic : "");
			an->store = 1;
			stored++;
		}
	}
	free(prepared);
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
