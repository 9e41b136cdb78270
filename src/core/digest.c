/* SPDX-License-Identifier: MIT */
#include "digest.h"
#include "buf.h"
#include "classify.h"
#include "category.h"
#include "date.h"
#include "reason.h"
#include "text.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DIGEST_MAX (16u << 20)  /* one rendering; mail.h caps the message too */
#define EXCERPT 280             /* bytes of a review shown in the digest */
#define SHORT 200               /* bytes of a title, a name or an error message */
#define URL_MAX 2048            /* a longer link is dropped */

enum section { S_NEW, S_EDITED, S_DELETED, S_MYTH, S_MYTH_GONE, S_NEWS, S_FAILING, S_COUNT };

#define WHO_BITS 64             /* practitioners told apart; the rest share the last bit */

struct item {
	int64_t id;
	uint64_t who;                 /* the practitioners it is about (bit: the opts' index) */
	size_t seq;                   /* order found (newest first), kept within a group */
	char *key;                    /* what makes two practitioners' mentions one entry */
	char *title, *body, *link, *source, *category;
	double rating, best;
	int64_t when;                 /* published, or first seen */
	/* edited: the text before */
	char *before_title, *before_body;
	double before_rating;
	/* misinformation, and news that rebuts a myth */
	int has_myth;
	int named;                    /* the text names the practitioner (a spelling matched) */
	int rebuttal;                 /* news: a rebuttal of a myth naming her */
	int uncertain;                /* maybe a namesake's (rw_mention.uncertain) */
	char *claim, *correction;
	char *src_title[RW_DIGEST_MYTH_SOURCES], *src_url[RW_DIGEST_MYTH_SOURCES];
	size_t nsrc;
	/* failing source */
	int failures;
	int64_t last_success;
};

struct rw_digest {
	rw_digest_opts o;
	char *whom;
	char **names;             /* the practitioners' names, when there are several */
	size_t nnames;
	int fr;
	struct item *items[S_COUNT];
	size_t n[S_COUNT];        /* found: each change once (one entry for several practitioners) */
	size_t alloc[S_COUNT];
	size_t seq;
	char *err_msg;
};

/* The digest's words, English then French. */
enum msg {
	M_TITLE, M_TITLE_FOR, M_PERIOD, M_SUBJ_NONE, M_SUBJ_SOME,
	M_N_NEW_1, M_N_NEW, M_N_EDITED_1, M_N_EDITED, M_N_DELETED_1, M_N_DELETED, M_N_MYTH_1, M_N_MYTH,
	M_N_MYTH_GONE_1, M_N_MYTH_GONE, M_N_NEWS_1, M_N_NEWS,
	M_SEC_NEW, M_SEC_EDITED, M_SEC_DELETED, M_SEC_MYTH, M_SEC_MYTH_GONE, M_SEC_NEWS, M_SEC_FAILING, M_ABOUT,
	M_BEFORE, M_AFTER, M_LAST_TEXT, M_CORRECTION, M_SOURCES, M_NO_CORRECTION, M_CLAIM,
	M_NAMES_YOU, M_NAMES_YOU_NOT, M_REBUTTAL, M_UNCERTAIN,
	M_MORE, M_FAILED_TIMES, M_LAST_OK, M_NEVER_OK, M_NOTHING, M_FOOTER, M_NO_TITLE, M_NO_LINK
};

static const char *const words[][2] = {
	[M_TITLE] = { "repwatch digest", "Résumé repwatch" },
	[M_TITLE_FOR] = { "repwatch digest for %1", "Résumé repwatch pour %1" },
	[M_PERIOD] = { "From %1 to %2", "Du %1 au %2" },
	[M_SUBJ_NONE] = { "%1: nothing new", "%1 : rien de nouveau" },
	[M_SUBJ_SOME] = { "%1: %2", "%1 : %2" },
	[M_N_NEW_1] = { "1 new review", "1 nouvel avis" },
	[M_N_NEW] = { "%1 new reviews", "%1 nouveaux avis" },
	[M_N_EDITED_1] = { "1 edited review", "1 avis modifié" },
	[M_N_EDITED] = { "%1 edited reviews", "%1 avis modifiés" },
	[M_N_DELETED_1] = { "1 deleted review", "1 avis supprimé" },
	[M_N_DELETED] = { "%1 deleted reviews", "%1 avis supprimés" },
	[M_N_MYTH_1] = { "1 false claim", "1 fausse information" },
	[M_N_MYTH] = { "%1 false claims", "%1 fausses informations" },
	[M_N_MYTH_GONE_1] = { "1 false claim removed", "1 fausse information retirée" },
	[M_N_MYTH_GONE] = { "%1 false claims removed", "%1 fausses informations retirées" },
	[M_N_NEWS_1] = { "1 news or social mention", "1 mention presse ou réseaux" },
	[M_N_NEWS] = { "%1 news or social mentions", "%1 mentions presse ou réseaux" },
	[M_SEC_NEW] = { "New reviews", "Nouveaux avis" },
	[M_SEC_EDITED] = { "Edited reviews", "Avis modifiés" },
	[M_SEC_DELETED] = { "Deleted reviews", "Avis supprimés" },
	[M_SEC_MYTH] = { "Misinformation to answer", "Fausses informations à corriger" },
	[M_SEC_MYTH_GONE] = { "Misinformation removed", "Fausses informations retirées" },
	[M_SEC_NEWS] = { "News and social media", "Presse et réseaux sociaux" },
	[M_SEC_FAILING] = { "Sources that keep failing", "Sources en échec répété" },
	[M_ABOUT] = { "About %1", "Concernant %1" },
	[M_BEFORE] = { "Before", "Avant" },
	[M_AFTER] = { "After", "Après" },
	[M_LAST_TEXT] = { "Last text seen", "Dernier texte vu" },
	[M_CORRECTION] = { "What is true", "Ce qui est vrai" },
	[M_SOURCES] = { "Reputable sources", "Sources fiables" },
	[M_NO_CORRECTION] = { "No correction on file for this claim yet.",
	                      "Pas encore de correction enregistrée pour cette affirmation." },
	[M_CLAIM] = { "Claim", "Affirmation" },
	[M_NAMES_YOU] = { "It names you.", "Le texte vous nomme." },
	[M_NAMES_YOU_NOT] = { "It does not name you (a myth your specialty watches).",
	                      "Le texte ne vous nomme pas (une idée reçue que votre spécialité surveille)." },
	[M_REBUTTAL] = { "A rebuttal naming you, of the myth", "Une réfutation qui vous nomme, de l'idée reçue" },
	[M_UNCERTAIN] = { "Uncertain: maybe another practitioner of the same name, city and specialty "
	                  "(repwatch is-me %1, or not-me %1, settles its page).",
	                  "Incertain : peut-être un autre praticien du même nom, de la même ville et de la même "
	                  "spécialité (repwatch is-me %1, ou not-me %1, tranche pour sa page)." },
	[M_MORE] = { "... and %1 more (repwatch list --since)", "... et %1 de plus (repwatch list --since)" },
	[M_FAILED_TIMES] = { "failed %1 scans in a row", "en échec depuis %1 analyses" },
	[M_LAST_OK] = { "last read %1", "dernière lecture le %1" },
	[M_NEVER_OK] = { "never read", "jamais lue" },
	[M_NOTHING] = { "Nothing new in this period.", "Rien de nouveau sur cette période." },
	[M_FOOTER] = { "Sent by repwatch. Texts and links come from the sources as fetched; "
	               "only http(s) links are kept.",
	               "Envoyé par repwatch. Les textes et liens viennent des sources telles que lues ; "
	               "seuls les liens http(s) sont conservés." },
	[M_NO_TITLE] = { "(no title)", "(sans titre)" },
	[M_NO_LINK] = { "(link removed: not http or https)", "(lien retiré : ni http ni https)" },
};

static const enum msg section_title[S_COUNT] = {
	M_SEC_NEW, M_SEC_EDITED, M_SEC_DELETED, M_SEC_MYTH, M_SEC_MYTH_GONE, M_SEC_NEWS, M_SEC_FAILING,
};

/* The subject's count of each section of changes: singular, plural. */
static const enum msg section_count[S_FAILING][2] = {
	{ M_N_NEW_1, M_N_NEW }, { M_N_EDITED_1, M_N_EDITED }, { M_N_DELETED_1, M_N_DELETED },
	{ M_N_MYTH_1, M_N_MYTH }, { M_N_MYTH_GONE_1, M_N_MYTH_GONE }, { M_N_NEWS_1, M_N_NEWS },
};

#define W(d, m) (words[m][(d)->fr])

/* tmpl with %1 and %2 replaced by a and b (the table holds no printf
 * formats, so a translation can never misuse an argument).  malloc'd. */
static char *
fill(const char *tmpl, const char *a, const char *b)
{
	rw_buf out;
	const char *p;

	rw_buf_init(&out, 64 * 1024);
	for (p = tmpl; *p; p++) {
		if (p[0] == '%' && (p[1] == '1' || p[1] == '2')) {
			const char *v = p[1] == '1' ? a : b;
			rw_buf_addstr(&out, v ? v : "");
			p++;
		} else {
			rw_buf_addc(&out, *p);
		}
	}
	if (!out.data)
		rw_buf_addstr(&out, "");
	return rw_buf_steal(&out);
}

/* Append fill(tmpl, a, b) to buf; html: escaped. */
static void esc(rw_buf *b, const char *s);
static void
say(rw_buf *buf, int html, const char *tmpl, const char *a, const char *b)
{
	char *s = fill(tmpl, a, b);

	if (html)
		esc(buf, s);
	else
		rw_buf_addstr(buf, s ? s : "");
	free(s);
}

static const char *
num(size_t n, char *buf, size_t size)
{
	snprintf(buf, size, "%zu", n);
	return buf;
}

int
rw_digest_safe_link(const char *url)
{
	const unsigned char *p;
	rw_url_parts u;

	/* written as a mail reader links it: "http://" or "https://" and the
	 * host right after (libcurl would read "https:///x" as host "x") */
	if (!url || (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) ||
	    strchr("/?#", url[url[4] == ':' ? 7 : 8]))
		return 0;
	for (p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\'' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '`')
			return 0;
	if (rw_url_split(url, &u))   /* libcurl reads an address with a host */
		return 0;
	rw_url_parts_clear(&u);
	return 1;
}

static char *cut(const char *s, size_t max);

/* Fetched text made safe to show: valid UTF-8, no controls, spaces
 * squeezed, at most SHORT bytes (bodies are cut when shown). */
static char *
clean_long(const char *s)
{
	return s ? rw_text_squeeze(s) : NULL;
}

static char *
clean(const char *s)
{
	char *q = clean_long(s), *c;

	if (!q || strlen(q) <= SHORT)
		return q;
	c = cut(q, SHORT);
	free(q);
	return c;
}

static char *
safe_link_dup(const char *url)
{
	return rw_digest_safe_link(url) && strlen(url) <= URL_MAX ? strdup(url) : NULL;
}

static void
item_free(struct item *it)
{
	size_t i;

	free(it->key);
	free(it->title);
	free(it->body);
	free(it->link);
	free(it->source);
	free(it->category);
	free(it->before_title);
	free(it->before_body);
	free(it->claim);
	free(it->correction);
	for (i = 0; i < it->nsrc; i++) {
		free(it->src_title[i]);
		free(it->src_url[i]);
	}
}

void
rw_digest_free(rw_digest **dp)
{
	rw_digest *d;
	size_t s, i;

	if (!dp || !*dp)
		return;
	d = *dp;
	for (s = 0; s < S_COUNT; s++) {
		for (i = 0; i < d->n[s]; i++)
			item_free(&d->items[s][i]);
		free(d->items[s]);
	}
	for (i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	free(d->whom);
	free(d);
	*dp = NULL;
}

/* A new, zeroed slot in section s; NULL when memory ran out.  Every change
 * of the period is kept (the store's period bounds them); rendering shows
 * max_items per section and counts the rest. */
static struct item *
add_item(rw_digest *d, enum section s)
{
	struct item *it;

	if (d->n[s] == d->alloc[s]) {
		size_t na = d->alloc[s] ? 2 * d->alloc[s] : 16;
		struct item *ni = realloc(d->items[s], na * sizeof(*ni));
		if (!ni)
			return NULL;
		d->items[s] = ni;
		d->alloc[s] = na;
	}
	it = &d->items[s][d->n[s]++];
	memset(it, 0, sizeof(*it));
	it->seq = d->seq++;
	return it;
}

/* The index of practitioner id among the opts' (its bit in item.who). */
static unsigned
who_index(const rw_digest *d, const char *id)
{
	size_t i;

	for (i = 0; id && i < d->o.npractitioners; i++)
		if (d->o.practitioners[i].id && !strcmp(d->o.practitioners[i].id, id))
			return i < WHO_BITS ? (unsigned)i : WHO_BITS - 1;
	return 0;
}

/* The entry already made for the same text at the same place (an article
 * naming two practitioners is stored once for each), or NULL. */
static struct item *
find_same(rw_digest *d, const char *key)
{
	size_t s, i;

	for (s = 0; s < S_FAILING; s++)
		for (i = 0; i < d->n[s]; i++)
			if (d->items[s][i].key && !strcmp(d->items[s][i].key, key))
				return &d->items[s][i];
	return NULL;
}

struct before {
	int64_t since;
	int current;
	int found;
	char *title, *body;
	double rating;
};

/* The text before the edit: the last version seen before the period, or the
 * one before the current version when every version is in the period. */
static int
pick_before(const rw_version *v, void *data)
{
	struct before *b = data;

	if (v->version >= b->current)
		return 1;
	if (b->found && v->seen_at >= b->since)
		return 1;
	free(b->title);
	free(b->body);
	b->title = clean(v->title);
	b->body = clean_long(v->body);
	b->rating = v->rating;
	b->found = 1;
	return 0;
}

struct collect {
	rw_digest *d;
	rw_store *s;
	int failed;
};

static void
fill_myth(rw_digest *d, const rw_mention *m, struct item *it)
{
	rw_digest_myth myth;
	size_t i;

	if (!d->o.myth)
		return;
	memset(&myth, 0, sizeof(myth));
	if (!d->o.myth(m, d->fr ? "fr" : "en", &myth, d->o.myth_data))
		return;
	it->has_myth = 1;
	it->claim = clean(myth.claim);
	it->correction = clean_long(myth.correction);
	if (it->correction && strlen(it->correction) > 4 * EXCERPT) {
		char *c = cut(it->correction, 4 * EXCERPT);
		free(it->correction);
		it->correction = c;
	}
	for (i = 0; i < myth.nsources && i < RW_DIGEST_MYTH_SOURCES; i++) {
		it->src_title[it->nsrc] = clean(myth.sources[i].title);
		it->src_url[it->nsrc] = safe_link_dup(myth.sources[i].url);
		it->nsrc++;
	}
}

static int
on_mention(const rw_mention *m, void *data)
{
	struct collect *c = data;
	rw_digest *d = c->d;
	int cat = rw_category_from_name(m->category);
	int gone = m->last_change && !strcmp(m->last_change, "gone");
	int edited = m->last_change && !strcmp(m->last_change, "changed") && m->version > 1;
	uint64_t bit = (uint64_t)1 << who_index(d, m->practitioner);
	enum section s;
	struct item *it;
	char *key = NULL;

	if (cat == RW_CAT_REVIEW) {
		if (gone)
			s = S_DELETED;
		else if (edited)
			s = S_EDITED;   /* before and after, even when it arrived in the period */
		else if (m->first_seen >= d->o.since)
			s = S_NEW;
		else
			return 0;
	} else if (cat == RW_CAT_MISINFORMATION) {
		if (gone && !m->variant)
			return 0;   /* a myth that did not name her: its removal is not hers to hear */
		s = gone ? S_MYTH_GONE : S_MYTH;
	} else if (gone) {
		return 0;      /* a vanished news item or post is not worth a line */
	} else {
		s = S_NEWS;
	}
	/* the same text at the same place, stored for two practitioners: one entry */
	if (d->o.npractitioners > 1) {
		if (asprintf(&key, "%d\n%s\n%s\n%s", (int)s, m->link ? m->link : "", m->title ? m->title : "",
		             m->body ? m->body : "") < 0) {
			c->failed = 1;
			return 1;
		}
		if ((it = find_same(d, key))) {
			it->who |= bit;
			free(key);
			return 0;
		}
	}
	if (!(it = add_item(d, s))) {
		free(key);
		c->failed = 1;
		return 1;
	}
	it->key = key;
	it->who = bit;
	it->id = m->id;
	it->uncertain = m->uncertain != NULL;
	it->title = clean(m->title);
	it->body = clean_long(m->body);
	it->link = safe_link_dup(m->link);
	it->source = clean(m->source);
	it->category = strdup(m->category ? m->category : rw_category_name(RW_CAT_OTHER));
	it->rating = m->rating;
	it->best = m->rating_best > 0 ? m->rating_best : 5;
	it->when = m->published != RW_NO_DATE ? m->published : m->first_seen;
	it->before_rating = -1;
	if (s == S_EDITED) {
		struct before b;
		memset(&b, 0, sizeof(b));
		b.since = d->o.since;
		b.current = m->version;
		b.rating = -1;
		if (rw_store_each_version(c->s, m->id, pick_before, &b, NULL) == RW_OK && b.found) {
			it->before_title = b.title;
			it->before_body = b.body;
			it->before_rating = b.rating;
		} else {
			free(b.title);
			free(b.body);
		}
	}
	it->named = m->variant != NULL;
	if (s == S_MYTH)
		fill_myth(d, m, it);
	else if (s == S_NEWS && rw_classify_is_rebuttal(m->category, m->reason)) {
		it->rebuttal = 1;
		fill_myth(d, m, it);
	}
	return 0;
}

static int
on_source(const char *url, const char *name, const rw_source_state *st, void *data)
{
	struct collect *c = data;
	struct item *it;

	if (st->failures < c->d->o.failing_after)
		return 0;
	if (!(it = add_item(c->d, S_FAILING))) {
		c->failed = 1;
		return 1;
	}
	it->title = clean(name ? name : url);
	it->link = strlen(url) <= URL_MAX ? clean_long(url) : NULL; /* shown as text: the user's own setting */
	{
		/* the digest speaks its own language ([digest] lang), not gettext's */
		char why[1536];
		it->body = clean(st->last_error ? rw_reason_render(st->last_error, 0, why, sizeof(why)) : NULL);
	}
	it->failures = st->failures;
	it->last_success = st->last_success;
	it->rating = it->before_rating = -1;
	return 0;
}

static int
lowest_bit(uint64_t v)
{
	int i = 0;

	while (i < WHO_BITS - 1 && !(v & ((uint64_t)1 << i)))
		i++;
	return i;
}

static int
by_who(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int sa = (a->who & (a->who - 1)) != 0, sb = (b->who & (b->who - 1)) != 0;   /* several */

	if (sa != sb)
		return sa - sb;
	if (a->who != b->who)
		return lowest_bit(a->who) != lowest_bit(b->who) ? lowest_bit(a->who) - lowest_bit(b->who)
		                                                : (a->who < b->who ? -1 : 1);
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* "Dr Jeanne Dupont, Dr Paul Martin": whom an entry is about; malloc'd. */
static char *
who_names(const rw_digest *d, uint64_t who)
{
	rw_buf b;
	size_t i;

	rw_buf_init(&b, 64 * 1024);
	for (i = 0; i < d->nnames && i < WHO_BITS; i++) {
		if (!(who & ((uint64_t)1 << i)))
			continue;
		if (b.len)
			rw_buf_addstr(&b, ", ");
		rw_buf_addstr(&b, d->names[i] ? d->names[i] : "");
	}
	if (!b.data)
		rw_buf_addstr(&b, "");
	return rw_buf_steal(&b);
}

rw_digest *
rw_digest_collect(rw_store *s, const rw_digest_opts *o, rw_err *err)
{
	rw_digest *d = calloc(1, sizeof(*d));
	rw_mention_filter f;
	struct collect c;
	size_t k;

	if (!d) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	d->o = *o;
	if (d->o.max_items <= 0)
		d->o.max_items = 50;
	if (d->o.failing_after <= 0)
		d->o.failing_after = 3;
	d->fr = o->lang && !strncmp(o->lang, "fr", 2);
	d->whom = o->whom ? clean(o->whom) : NULL;
	d->o.whom = NULL;
	if (o->npractitioners > 1) {
		if (!(d->names = calloc(o->npractitioners, sizeof(*d->names)))) {
			rw_digest_free(&d);
			rw_err_set(err, RW_E_NOMEM, "cannot make the digest: out of memory");
			return NULL;
		}
		d->nnames = o->npractitioners;
		for (k = 0; k < o->npractitioners; k++)
			d->names[k] = clean(o->practitioners[k].name ? o->practitioners[k].name : o->practitioners[k].id);
	}
	d->o.lang = NULL;
	memset(&f, 0, sizeof(f));
	f.since = o->since;
	c.d = d;
	c.s = s;
	c.failed = 0;
	if (rw_store_each_mention(s, &f, on_mention, &c, err) ||
	    (!c.failed && rw_store_each_source(s, on_source, &c, err))) {
		rw_digest_free(&d);
		return NULL;
	}
	if (c.failed) {
		rw_digest_free(&d);
		rw_err_set(err, RW_E_NOMEM, "cannot make the digest: out of memory");
		return NULL;
	}
	/* grouped by practitioner: her items first, in the config's order,
	 * then those about several; newest first within a group */
	for (k = 0; d->o.npractitioners > 1 && k < S_FAILING; k++)
		if (d->n[k] > 1)
			qsort(d->items[k], d->n[k], sizeof(struct item), by_who);
	d->o.practitioners = NULL;   /* borrowed: only the names are kept */
	return d;
}

size_t
rw_digest_count(const rw_digest *d)
{
	return d->n[S_NEW] + d->n[S_EDITED] + d->n[S_DELETED] + d->n[S_MYTH] + d->n[S_MYTH_GONE] + d->n[S_NEWS];
}

size_t
rw_digest_failing(const rw_digest *d)
{
	return d->n[S_FAILING];
}

static char *
title_line(const rw_digest *d)
{
	char *out = NULL;

	if (d->whom && *d->whom) {
		out = fill(W(d, M_TITLE_FOR), d->whom, NULL);
	} else {
		out = strdup(W(d, M_TITLE));
	}
	return out;
}

/* "repwatch digest for Dr Jeanne Dupont: 1 new review, 2 edited reviews":
 * each kind of change counted on its own. */
char *
rw_digest_subject(const rw_digest *d)
{
	char *title = title_line(d), *out, nb[32];
	rw_buf counts;
	size_t s;

	if (!title)
		return NULL;
	rw_buf_init(&counts, 64 * 1024);
	for (s = 0; s < S_FAILING; s++) {
		if (!d->n[s])
			continue;
		if (counts.len)
			rw_buf_addstr(&counts, ", ");
		say(&counts, 0, W(d, section_count[s][d->n[s] != 1]), num(d->n[s], nb, sizeof(nb)), NULL);
	}
	out = counts.len ? fill(W(d, M_SUBJ_SOME), title, counts.data) : fill(W(d, M_SUBJ_NONE), title, NULL);
	rw_buf_free(&counts);
	free(title);
	return out;
}

static const char *
day(const rw_digest *d, int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == RW_NO_DATE || t <= 0 || !localtime_r(&tt, &tm))
		return "";
	strftime(buf, size, d->fr ? "%d/%m/%Y" : "%Y-%m-%d", &tm);
	return buf;
}

/* Stars out of five, then the rating as given: "★★☆☆☆ 2/5". */
static const char *
stars(double rating, double best, char *buf, size_t size)
{
	int full, i;
	size_t n = 0;

	if (rating < 0) {
		buf[0] = '\0';
		return buf;
	}
	full = (int)((best > 0 ? rating / best * 5 : rating) + 0.5);
	if (full < 0)
		full = 0;
	if (full > 5)
		full = 5;
	for (i = 0; i < 5 && n + 4 < size; i++) {
		memcpy(buf + n, i < full ? "\xe2\x98\x85" : "\xe2\x98\x86", 3);
		n += 3;
	}
	snprintf(buf + n, size - n, " %g/%g", rating, best > 0 ? best : 5);
	return buf;
}

/* At most max bytes of s, cut at a space (or between characters), with "…". */
static char *
cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *out;

	if (n <= max)
		return strdup(s);
	n = max;
	while (n > max / 2 && s[n] != ' ')
		n--;
	if (s[n] != ' ')
		for (n = max; n && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
			;
	if (!(out = malloc(n + 4)))
		return NULL;
	memcpy(out, s, n);
	memcpy(out + n, "\xe2\x80\xa6", 4);
	return out;
}

static char *
excerpt(const char *s)
{
	return s ? cut(s, EXCERPT) : NULL;
}

/* A rendering that came near the cap may have lost a piece: refuse it. */
static char *
finish(rw_buf *b)
{
	if (!b->data || b->len + 256 > b->max) {
		rw_buf_free(b);
		return NULL;
	}
	return rw_buf_steal(b);
}

#define COLON(d) ((d)->fr ? "\xc2\xa0: " : ": ")

static int
same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* "failed 4 scans in a row, last read 2026-11-02" */
static void
failing_status(rw_buf *b, const rw_digest *d, int html, const struct item *it)
{
	char nb[32], date[32];

	say(b, html, W(d, M_FAILED_TIMES), num((size_t)it->failures, nb, sizeof(nb)), NULL);
	rw_buf_addstr(b, ", ");
	if (it->last_success > 0)
		say(b, html, W(d, M_LAST_OK), day(d, it->last_success, date, sizeof(date)), NULL);
	else
		say(b, html, W(d, M_NEVER_OK), NULL, NULL);
}

/* How many entries of section s are shown (the rest is counted). */
static size_t
shown(const rw_digest *d, size_t s)
{
	return d->n[s] < (size_t)d->o.max_items ? d->n[s] : (size_t)d->o.max_items;
}

/* "About Dr Paul Martin" before entry i of section s when it starts a
 * practitioner's group (several practitioners only); malloc'd or NULL. */
static char *
group_label(const rw_digest *d, enum section s, size_t i)
{
	char *names, *label;

	if (d->nnames < 2 || s == S_FAILING || (i > 0 && d->items[s][i - 1].who == d->items[s][i].who))
		return NULL;
	if (!(names = who_names(d, d->items[s][i].who)))
		return NULL;
	label = fill(W(d, M_ABOUT), names, NULL);
	free(names);
	return label;
}

/* ---- plain text ---- */

#define WRAP 72                 /* columns of the text part */

static size_t
columns(const char *s, size_t n)
{
	size_t c = 0, i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Bytes of s (n bytes) that fill at most cols columns, at a character boundary. */
static size_t
bytes_for(const char *s, size_t n, size_t cols)
{
	size_t i = 0, c = 0;

	while (i < n) {
		size_t j = i + 1;
		while (j < n && ((unsigned char)s[j] & 0xc0) == 0x80)
			j++;
		if (++c > cols)
			break;
		i = j;
	}
	return i;
}

/* One line wrapped at WRAP columns: continuation lines keep its indent
 * (past a "- ", "* " or "« " that opens it); a link is never cut (alone on
 * its line when too long), any other word longer than a line is. */
static void
wrap_line(rw_buf *b, const char *line, size_t len)
{
	size_t ind = 0, hang, col, pos;
	int started = 0;

	if (columns(line, len) <= WRAP) {
		rw_buf_add(b, line, len);
		rw_buf_addc(b, '\n');
		return;
	}
	while (ind < len && line[ind] == ' ')
		ind++;
	hang = ind;
	if (len - ind > 2 && (line[ind] == '-' || line[ind] == '*') && line[ind + 1] == ' ')
		hang += 2;
	else if (len - ind > 3 && !memcmp(line + ind, "\xc2\xab ", 3))
		hang += 2;
	rw_buf_add(b, line, ind);
	col = ind;
	pos = ind;
	while (pos < len) {
		size_t ws = pos, we, wc;
		while (ws < len && line[ws] == ' ')
			ws++;
		if (ws >= len)
			break;
		for (we = ws; we < len && line[we] != ' '; we++)
			;
		wc = columns(line + ws, we - ws);
		if (started && col + 1 + wc > WRAP) {
			rw_buf_addc(b, '\n');
			for (col = 0; col < hang; col++)
				rw_buf_addc(b, ' ');
			started = 0;
		}
		if (started) {
			rw_buf_addc(b, ' ');
			col++;
		}
		if (col + wc > WRAP && strncasecmp(line + ws, "http://", 7) && strncasecmp(line + ws, "https://", 8)) {
			/* a word longer than a line, not a link: cut it */
			size_t room = WRAP > col ? WRAP - col : 1, nb = bytes_for(line + ws, we - ws, room);
			rw_buf_add(b, line + ws, nb ? nb : 1);
			col += room;
			started = 1;
			pos = ws + (nb ? nb : 1);
			if (pos < len && line[pos] != ' ')
				col = WRAP + 1;   /* forces the rest onto the next line */
			continue;
		}
		rw_buf_add(b, line + ws, we - ws);
		col += wc;
		started = 1;
		pos = we;
	}
	rw_buf_addc(b, '\n');
}

/* The text part wrapped at WRAP columns; malloc'd, NULL when memory ran out. */
static char *
wrap(const char *text)
{
	rw_buf b;
	const char *p = text;

	rw_buf_init(&b, DIGEST_MAX);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		wrap_line(&b, p, len);
		p += len + (nl ? 1 : 0);
	}
	return finish(&b);
}

static void
text_review(rw_buf *b, const rw_digest *d, const char *label, const char *title, const char *body,
            double rating, double best)
{
	char st[64];
	char *ex = excerpt(body);
	const char *sep = "";

	rw_buf_addstr(b, label ? "  " : "");
	if (label)
		rw_buf_printf(b, "%s%s", label, COLON(d));
	if (rating >= 0) {
		rw_buf_addstr(b, stars(rating, best, st, sizeof(st)));
		sep = "  ";
	}
	if (!label && !(title && *title))
		title = W(d, M_NO_TITLE);
	if (title && *title)
		rw_buf_printf(b, "%s%s", sep, title);
	rw_buf_addc(b, '\n');
	if (ex && *ex)
		rw_buf_printf(b, "    \xc2\xab %s \xc2\xbb\n", ex);
	free(ex);
}

static void
text_item(rw_buf *b, const rw_digest *d, enum section s, const struct item *it)
{
	char date[32];
	size_t i;

	if (s == S_FAILING) {
		rw_buf_printf(b, "- %s (%s)\n  ", it->title ? it->title : "", it->link ? it->link : "");
		failing_status(b, d, 0, it);
		rw_buf_addc(b, '\n');
		if (it->body && *it->body)
			rw_buf_printf(b, "  %s\n", it->body);
		rw_buf_addc(b, '\n');
		return;
	}
	rw_buf_addstr(b, "- ");
	if (s == S_EDITED) {
		rw_buf_printf(b, "%s\n", it->title && *it->title ? it->title : W(d, M_NO_TITLE));
		int retitled = !same(it->before_title, it->title);
		text_review(b, d, W(d, M_BEFORE), retitled ? it->before_title : NULL, it->before_body,
		            it->before_rating, it->best);
		text_review(b, d, W(d, M_AFTER), retitled ? it->title : NULL, it->body, it->rating, it->best);
	} else if (s == S_DELETED) {
		rw_buf_printf(b, "%s\n", it->title && *it->title ? it->title : W(d, M_NO_TITLE));
		text_review(b, d, W(d, M_LAST_TEXT), NULL, it->body, it->rating, it->best);
	} else {
		text_review(b, d, NULL, it->title, s == S_NEWS ? NULL : it->body, it->rating, it->best);
	}
	rw_buf_printf(b, "  %s%s%s\n", it->source ? it->source : "", it->source ? ", " : "",
	              day(d, it->when, date, sizeof(date)));
	if (it->rebuttal)
		rw_buf_printf(b, "  %s%s%s\n", W(d, M_REBUTTAL), COLON(d),
		              it->claim && *it->claim ? it->claim : "?");
	if (it->uncertain) {
		char id[32];
		rw_buf_addstr(b, "  ");
		say(b, 0, W(d, M_UNCERTAIN), num((size_t)it->id, id, sizeof(id)), NULL);
		rw_buf_addc(b, '\n');
	}
	if (s == S_MYTH) {
		rw_buf_printf(b, "  %s\n", W(d, it->named ? M_NAMES_YOU : M_NAMES_YOU_NOT));
		if (it->has_myth) {
			if (it->claim && *it->claim)
				rw_buf_printf(b, "  %s%s%s\n", W(d, M_CLAIM), COLON(d), it->claim);
			rw_buf_printf(b, "  %s%s%s\n", W(d, M_CORRECTION), COLON(d), it->correction ? it->correction : "");
			if (it->nsrc)
				rw_buf_printf(b, "  %s%s\n", W(d, M_SOURCES), d->fr ? "\xc2\xa0:" : ":");
			for (i = 0; i < it->nsrc; i++)
				rw_buf_printf(b, "    * %s%s%s\n", it->src_title[i] ? it->src_title[i] : "",
				              it->src_url[i] ? " " : "", it->src_url[i] ? it->src_url[i] : "");
		} else {
			rw_buf_printf(b, "  %s\n", W(d, M_NO_CORRECTION));
		}
	}
	if (it->link)
		rw_buf_printf(b, "  %s\n", it->link);
	rw_buf_addc(b, '\n');
}

char *
rw_digest_text(const rw_digest *d)
{
	char from[32], to[32], *title = title_line(d), *out, *wrapped;
	rw_buf b;
	size_t s, i;

	rw_buf_init(&b, DIGEST_MAX);
	rw_buf_printf(&b, "%s\n", title ? title : W(d, M_TITLE));
	say(&b, 0, W(d, M_PERIOD), day(d, d->o.since, from, sizeof(from)), day(d, d->o.until, to, sizeof(to)));
	rw_buf_addstr(&b, "\n\n");
	free(title);
	if (!rw_digest_count(d) && !rw_digest_failing(d))
		rw_buf_printf(&b, "%s\n\n", W(d, M_NOTHING));
	for (s = 0; s < S_COUNT; s++) {
		if (!d->n[s])
			continue;
		rw_buf_printf(&b, "== %s (%zu) ==\n\n", W(d, section_title[s]), d->n[s]);
		for (i = 0; i < shown(d, s); i++) {
			char *about = group_label(d, (enum section)s, i);
			if (about)
				rw_buf_printf(&b, "-- %s --\n\n", about);
			free(about);
			text_item(&b, d, (enum section)s, &d->items[s][i]);
		}
		if (d->n[s] > shown(d, s)) {
			char nb[32];
			say(&b, 0, W(d, M_MORE), num(d->n[s] - shown(d, s), nb, sizeof(nb)), NULL);
			rw_buf_addstr(&b, "\n\n");
		}
	}
	rw_buf_printf(&b, "-- \n%s\n", W(d, M_FOOTER));
	if (!(out = finish(&b)))
		return NULL;
	wrapped = wrap(out);
	free(out);
	return wrapped;
}

/* ---- HTML ---- */

static void
esc(rw_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': rw_buf_addstr(b, "&amp;"); break;
		case '<': rw_buf_addstr(b, "&lt;"); break;
		case '>': rw_buf_addstr(b, "&gt;"); break;
		case '"': rw_buf_addstr(b, "&quot;"); break;
		case '\'': rw_buf_addstr(b, "&#39;"); break;
		default: rw_buf_addc(b, *s); break;
		}
	}
}

/* title as a link when url is a safe link, as text otherwise */
static void
html_link(rw_buf *b, const char *url, const char *text, const char *style)
{
	if (url && rw_digest_safe_link(url)) {
		rw_buf_addstr(b, "<a href=\"");
		esc(b, url);
		rw_buf_printf(b, "\" style=\"%s\">", style);
		esc(b, text);
		rw_buf_addstr(b, "</a>");
	} else {
		esc(b, text);
	}
}

#define LINK_STYLE "color:#1a4d7a;font-weight:bold;text-decoration:underline;"
#define META_STYLE "color:#666666;font-size:13px;margin:2px 0 0 0;"
/* the end of a card, then 12px of space (a row: Outlook ignores margins on tables) */
#define CARD_END "</td></tr>\n<tr><td colspan=\"2\" height=\"12\" style=\"height:12px;font-size:0;line-height:0;\">" \
	"&nbsp;</td></tr>\n</table>\n"

static void
html_stars(rw_buf *b, double rating, double best)
{
	char st[64];

	if (rating < 0)
		return;
	stars(rating, best, st, sizeof(st));
	rw_buf_addstr(b, "<span style=\"color:#d89b00;font-size:16px;\">");
	esc(b, st);
	rw_buf_addstr(b, "</span> ");
}

static void
html_colon(rw_buf *b, const rw_digest *d, const char *label)
{
	rw_buf_addstr(b, "<strong>");
	esc(b, label);
	rw_buf_addstr(b, d->fr ? "&nbsp;:</strong> " : ":</strong> ");
}

static void
html_quote(rw_buf *b, const rw_digest *d, const char *label, const char *title, const char *body, double rating, double best)
{
	char *ex = excerpt(body);

	rw_buf_addstr(b, "<p style=\"margin:6px 0 0 0;\">");
	if (label)
		html_colon(b, d, label);
	html_stars(b, rating, best);
	if (title && *title) {
		rw_buf_addstr(b, "<em>");
		esc(b, title);
		rw_buf_addstr(b, "</em> ");
	}
	if (ex && *ex) {
		rw_buf_addstr(b, "&laquo;&nbsp;");
		esc(b, ex);
		rw_buf_addstr(b, "&nbsp;&raquo;");
	}
	rw_buf_addstr(b, "</p>\n");
	free(ex);
}

static const char *
border_for(enum section s, const struct item *it)
{
	if (s == S_MYTH || s == S_FAILING)
		return "#b03a2e";
	if (it->rating >= 0 && it->rating / it->best <= 0.4)
		return "#b03a2e";
	if (it->rating >= 0 && it->rating / it->best >= 0.8)
		return "#2e7d32";
	return "#9e9e9e";
}

static void
html_item(rw_buf *b, const rw_digest *d, enum section s, const struct item *it)
{
	char date[32];
	const char *title = it->title && *it->title ? it->title : W(d, M_NO_TITLE);
	size_t i;

	/* a card: a coloured bar cell and a content cell, one table per entry
	 * (Outlook desktop draws neither a div's border nor its background) */
	rw_buf_printf(b, "<table role=\"presentation\" width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" "
	                 "border=\"0\" style=\"width:100%%;border-collapse:collapse;\">\n<tr>"
	                 "<td width=\"4\" bgcolor=\"%s\" style=\"width:4px;background:%s;font-size:0;line-height:0;\">"
	                 "&nbsp;</td>\n<td bgcolor=\"#fafafa\" style=\"padding:8px 12px;background:#fafafa;"
	                 "font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#222222;"
	                 "word-wrap:break-word;overflow-wrap:anywhere;\">\n<p style=\"margin:0;font-size:15px;\">",
	              border_for(s, it), border_for(s, it));
	if (s == S_FAILING) {
		rw_buf_addstr(b, "<strong>");
		esc(b, title);
		rw_buf_addstr(b, "</strong></p>\n<p style=\"" META_STYLE "\">");
		esc(b, it->link);
		rw_buf_addstr(b, " &middot; ");
		failing_status(b, d, 1, it);
		rw_buf_addstr(b, "</p>\n");
		if (it->body && *it->body) {
			rw_buf_addstr(b, "<p style=\"margin:6px 0 0 0;font-family:monospace;font-size:13px;\">");
			esc(b, it->body);
			rw_buf_addstr(b, "</p>\n");
		}
		rw_buf_addstr(b, CARD_END);
		return;
	}
	if (s == S_NEW)
		html_stars(b, it->rating, it->best);
	html_link(b, it->link, title, LINK_STYLE);
	rw_buf_addstr(b, "</p>\n<p style=\"" META_STYLE "\">");
	esc(b, it->source);
	if (it->source)
		rw_buf_addstr(b, " &middot; ");
	esc(b, day(d, it->when, date, sizeof(date)));
	if (!it->link) {
		rw_buf_addstr(b, " &middot; ");
		esc(b, W(d, M_NO_LINK));
	}
	rw_buf_addstr(b, "</p>\n");
	if (s == S_NEW || s == S_MYTH)
		html_quote(b, d, NULL, NULL, it->body, -1, it->best);
	else if (s == S_EDITED) {
		int retitled = !same(it->before_title, it->title);
		html_quote(b, d, W(d, M_BEFORE), retitled ? it->before_title : NULL, it->before_body,
		           it->before_rating, it->best);
		html_quote(b, d, W(d, M_AFTER), retitled ? it->title : NULL, it->body, it->rating, it->best);
	} else if (s == S_DELETED) {
		html_quote(b, d, W(d, M_LAST_TEXT), NULL, it->body, it->rating, it->best);
	}
	if (it->uncertain) {
		char id[32];
		rw_buf_addstr(b, "<p style=\"" META_STYLE "\"><strong>");
		say(b, 1, W(d, M_UNCERTAIN), num((size_t)it->id, id, sizeof(id)), NULL);
		rw_buf_addstr(b, "</strong></p>\n");
	}
	if (it->rebuttal || s == S_MYTH) {
		rw_buf_addstr(b, "<p style=\"" META_STYLE "\">");
		if (it->rebuttal) {
			html_colon(b, d, W(d, M_REBUTTAL));
			esc(b, it->claim && *it->claim ? it->claim : "?");
		} else {
			esc(b, W(d, it->named ? M_NAMES_YOU : M_NAMES_YOU_NOT));
		}
		rw_buf_addstr(b, "</p>\n");
	}
	if (s == S_MYTH) {
		rw_buf_addstr(b, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
		                 "border=\"0\" style=\"width:100%;margin:8px 0 0 0;\"><tr><td bgcolor=\"#eef5ee\" "
		                 "style=\"padding:6px 10px;background:#eef5ee;font-family:Arial,Helvetica,sans-serif;"
		                 "font-size:15px;color:#222222;\">\n");
		if (it->has_myth) {
			if (it->claim && *it->claim) {
				rw_buf_addstr(b, "<p style=\"margin:0 0 4px 0;\">");
				html_colon(b, d, W(d, M_CLAIM));
				esc(b, it->claim);
				rw_buf_addstr(b, "</p>");
			}
			rw_buf_addstr(b, "<p style=\"margin:0;\">");
			html_colon(b, d, W(d, M_CORRECTION));
			esc(b, it->correction);
			rw_buf_addstr(b, "</p>\n");
			if (it->nsrc) {
				rw_buf_addstr(b, "<p style=\"margin:6px 0 0 0;\">");
				html_colon(b, d, W(d, M_SOURCES));
				rw_buf_addstr(b, "</p>\n<ul style=\"margin:2px 0 0 0;padding-left:20px;\">\n");
				for (i = 0; i < it->nsrc; i++) {
					rw_buf_addstr(b, "<li>");
					html_link(b, it->src_url[i], it->src_title[i] ? it->src_title[i] : it->src_url[i],
					          "color:#1a4d7a;");
					rw_buf_addstr(b, "</li>\n");
				}
				rw_buf_addstr(b, "</ul>\n");
			}
		} else {
			rw_buf_addstr(b, "<p style=\"margin:0;\">");
			esc(b, W(d, M_NO_CORRECTION));
			rw_buf_addstr(b, "</p>\n");
		}
		rw_buf_addstr(b, "</td></tr></table>\n");
	}
	rw_buf_addstr(b, CARD_END);
}

/* The whole e-mail: a 600 px table centred on a grey background (the width
 * given as an attribute for Outlook desktop, and as max-width over 100 %
 * for phones), every style inline, no div, no style sheet. */
char *
rw_digest_html(const rw_digest *d)
{
	char from[32], to[32], *title = title_line(d), *subject = rw_digest_subject(d);
	rw_buf b;
	size_t s, i;

	rw_buf_init(&b, DIGEST_MAX);
	rw_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	              d->fr ? "fr" : "en");
	esc(&b, subject);
	rw_buf_addstr(&b, "</title>\n</head>\n<body style=\"margin:0;padding:0;background:#f2f2f2;\">\n"
	                  "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
	                  "bgcolor=\"#f2f2f2\" style=\"width:100%;background:#f2f2f2;\">\n<tr><td align=\"center\" "
	                  "style=\"padding:12px 0;\">\n"
	                  "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
	                  "bgcolor=\"#ffffff\" style=\"width:100%;max-width:600px;background:#ffffff;\">\n"
	                  "<tr><td style=\"padding:16px 16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;"
	                  "line-height:1.45;color:#222222;text-align:left;\">\n"
	                  "<h1 style=\"font-size:21px;margin:0 0 4px 0;color:#1a4d7a;font-family:Arial,Helvetica,sans-serif;\">");
	esc(&b, title ? title : W(d, M_TITLE));
	rw_buf_addstr(&b, "</h1>\n<p style=\"margin:0 0 16px 0;color:#666666;font-size:13px;\">");
	say(&b, 1, W(d, M_PERIOD), day(d, d->o.since, from, sizeof(from)), day(d, d->o.until, to, sizeof(to)));
	rw_buf_addstr(&b, "</p>\n");
	free(title);
	free(subject);
	if (!rw_digest_count(d) && !rw_digest_failing(d)) {
		rw_buf_addstr(&b, "<p>");
		esc(&b, W(d, M_NOTHING));
		rw_buf_addstr(&b, "</p>\n");
	}
	for (s = 0; s < S_COUNT; s++) {
		if (!d->n[s])
			continue;
		rw_buf_addstr(&b, "<h2 style=\"font-size:17px;margin:22px 0 10px 0;padding-bottom:4px;"
		                  "border-bottom:2px solid #1a4d7a;color:#1a4d7a;font-family:Arial,Helvetica,sans-serif;\">");
		esc(&b, W(d, section_title[s]));
		rw_buf_printf(&b, " (%zu)</h2>\n", d->n[s]);
		for (i = 0; i < shown(d, s); i++) {
			char *about = group_label(d, (enum section)s, i);
			if (about) {
				rw_buf_addstr(&b, "<p style=\"margin:12px 0 6px 0;font-size:15px;font-weight:bold;color:#444444;\">");
				esc(&b, about);
				rw_buf_addstr(&b, "</p>\n");
			}
			free(about);
			html_item(&b, d, (enum section)s, &d->items[s][i]);
		}
		if (d->n[s] > shown(d, s)) {
			char nb[32];
			rw_buf_addstr(&b, "<p style=\"color:#666666;\">");
			say(&b, 1, W(d, M_MORE), num(d->n[s] - shown(d, s), nb, sizeof(nb)), NULL);
			rw_buf_addstr(&b, "</p>\n");
		}
	}
	rw_buf_addstr(&b, "<p style=\"margin:24px 0 0 0;color:#888888;font-size:12px;\">");
	esc(&b, W(d, M_FOOTER));
	rw_buf_addstr(&b, "</p>\n</td></tr>\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n");
	return finish(&b);
}
