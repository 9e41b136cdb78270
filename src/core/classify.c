/* SPDX-License-Identifier: MIT */
#include "classify.h"
#include "err.h"
#include "msgid.h"
#include "reason.h"
#include "text.h"
#include "url.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Sites by what they are, sorted (LC_ALL=C) for bsearch; a host matches
 * an entry when it is the entry or ends in "." + entry. */
static const char *const review_domains[] = {
	"healthgrades.com", "jameda.de", "pagesjaunes.fr", "ratemds.com", "trustpilot.com",
	"vitals.com", "yelp.com", "yelp.fr", "zocdoc.com",
};

static const char *const social_domains[] = {
	"atoute.org", "aufeminin.com", "bsky.app", "bsky.social", "carenity.com",
	"dailymotion.com", "doctissimo.fr", "facebook.com", "fb.com", "healthunlocked.com",
	"instagram.com", "journaldesfemmes.fr", "linkedin.com", "mastodon.online", "mastodon.social",
	"mumsnet.com", "patient.info", "pinterest.com", "quora.com", "redd.it",
	"reddit.com", "t.me", "threads.net", "tiktok.com", "twitter.com",
	"vimeo.com", "x.com", "youtu.be", "youtube.com",
};

static const char *const news_domains[] = {
	"20minutes.fr", "actu.fr", "apnews.com", "bbc.co.uk", "bbc.com",
	"bfmtv.com", "cnn.com", "egora.fr", "estrepublicain.fr", "europe1.fr",
	"francebleu.fr", "franceinfo.fr", "francetvinfo.fr", "huffingtonpost.fr", "la-croix.com",
	"ladepeche.fr", "laprovence.com", "lavoixdunord.fr", "lci.fr", "ledauphine.com",
	"lefigaro.fr", "lemonde.fr", "lepoint.fr", "leprogres.fr", "lequotidiendumedecin.fr",
	"letelegramme.fr", "lexpress.fr", "liberation.fr", "medscape.com", "midilibre.fr",
	"news.google.com", "nicematin.com", "nouvelobs.com", "nytimes.com", "ouest-france.fr",
	"radiofrance.fr", "reuters.com", "rtl.fr", "sudouest.fr", "tf1info.fr",
	"theguardian.com", "washingtonpost.com",
};

static int
cmp_domain(const void *a, const void *b)
{
	return strcmp((const char *)a, *(const char *const *)b);
}

/* Is host, or one of its parent domains, in list? */
static int
domain_in(const char *host, const char *const *list, size_t n)
{
	const char *p;

	for (p = host; p; p = strchr(p, '.') ? strchr(p, '.') + 1 : NULL)
		if (bsearch(p, list, n, sizeof(list[0]), cmp_domain))
			return 1;
	return 0;
}

/* Mastodon and the like: a host named "mastodon.*" or a profile path "/@name". */
static int
fediverse(const rw_url_parts *u)
{
	return !strncmp(u->host, "mastodon.", 9) || !strncmp(u->path, "/@", 2);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

rw_category
rw_classify_link(const char *link)
{
	rw_url_parts u;
	rw_category c = RW_CAT_OTHER;

	if (rw_url_split(link, &u))
		return RW_CAT_OTHER;
	if (domain_in(u.host, review_domains, N(review_domains)))
		c = RW_CAT_REVIEW;
	else if (domain_in(u.host, social_domains, N(social_domains)) || fediverse(&u))
		c = RW_CAT_SOCIAL;
	else if (domain_in(u.host, news_domains, N(news_domains)))
		c = RW_CAT_NEWS;
	rw_url_parts_clear(&u);
	return c;
}

static const struct { const char *word; int value; } number_words[] = {
	{ "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 }, { "five", 5 },
	{ "une", 1 }, { "un", 1 }, { "deux", 2 }, { "trois", 3 }, { "quatre", 4 }, { "cinq", 5 },
};

int
rw_classify_rating_in_text(const char *text, double *value, double *best)
{
	const char *p;
	char *tok;
	int filled = 0, empty = 0;

	if (!text)
		return 0;
	/* stars: "★★★★☆" */
	for (p = text; *p; p++) {
		if (!strncmp(p, "\xE2\x98\x85", 3)) {         /* ★ */
			filled++;
			p += 2;
		} else if (!strncmp(p, "\xE2\x98\x86", 3)) {  /* ☆ */
			empty++;
			p += 2;
		}
	}
	if (filled + empty >= 3 && filled + empty <= 10) {
		*value = filled;
		*best = filled + empty;
		return 1;
	}
	/* "4/5", "4,5/5", "9/10" */
	for (p = text; (p = strchr(p, '/')); p++) {
		const char *a = p, *b = p + 1;
		double v, s;
		char *end;
		while (a > text && (isdigit((unsigned char)a[-1]) || a[-1] == ',' || a[-1] == '.'))
			a--;
		if (a == p || !isdigit((unsigned char)*b))
			continue;
		if (a > text && isalnum((unsigned char)a[-1]))
			continue;
		{
			char num[16];
			size_t n = (size_t)(p - a) < sizeof(num) - 1 ? (size_t)(p - a) : sizeof(num) - 1;
			memcpy(num, a, n);
			num[n] = '\0';
			for (char *c = num; *c; c++)
				if (*c == ',')
					*c = '.';
			v = rw_text_strtod(num, NULL);
		}
		s = rw_text_strtod(b, &end);
		if (isalnum((unsigned char)*end))
			continue;
		if ((s == 5 || s == 10 || s == 20) && v >= 0 && v <= s) {
			*value = v;
			*best = s;
			return 1;
		}
	}
	/* "4 étoiles", "one star", "5 stars" on the token form */
	tok = rw_text_tokens(text, NULL);
	if (!tok)
		return 0;
	for (p = tok; *p; p++) {
		const char *w = p + 1, *next;
		int v = -1;
		size_t i, wl;
		if (*p != ' ')
			continue;
		next = strchr(w, ' ');
		if (!next)
			break;
		wl = (size_t)(next - w);
		if (wl == 1 && *w >= '0' && *w <= '5')
			v = *w - '0';
		for (i = 0; v < 0 && i < sizeof(number_words) / sizeof(number_words[0]); i++)
			if (strlen(number_words[i].word) == wl && !strncmp(w, number_words[i].word, wl))
				v = number_words[i].value;
		if (v < 0)
			continue;
		if (!strncmp(next, " star ", 6) || !strncmp(next, " stars ", 7) ||
		    !strncmp(next, " etoile ", 8) || !strncmp(next, " etoiles ", 9)) {
			*value = v;
			*best = 5;
			free(tok);
			return 1;
		}
	}
	free(tok);
	return 0;
}

/* Past participles of rw_stance for the reason. */
static const char *const stance_done[] = {
	[RW_STANCE_ASSERT] = N_("asserted"), [RW_STANCE_REFUTE] = N_("refuted"),
	[RW_STANCE_REPORT] = N_("reported"), [RW_STANCE_QUESTION] = N_("questioned"),
};

#define MYTHS_JUDGED 16  /* myths judged per text, at most */

/* Rule 3's myth: the first myth the text asserts, else the first it
 * carries in another stance (with that stance); none: out->myth NULL.
 * Without stance cues, the first myth found counts as asserted. */
static void
find_myth(const rw_classify_ctx *ctx, const char *text, rw_lang lang, rw_classification *out)
{
	const rw_myth *found[MYTHS_JUDGED];
	char *own = NULL;
	const char *p = ctx->prepared;
	size_t i, n;

	out->stance = RW_STANCE_ASSERT;
	out->stance_reason = RW_STANCE_PLAIN;
	if (!ctx->stance) {
		out->myth = p ? rw_myths_match_prepared(ctx->myths, p, lang, ctx->specialty, ctx->all_myths)
		              : rw_myths_match(ctx->myths, text, lang, ctx->specialty, ctx->all_myths);
		return;
	}
	if (!p && !(p = own = rw_myths_prepare(text))) {
		out->myth = rw_myths_match(ctx->myths, text, lang, ctx->specialty, ctx->all_myths);
		return;
	}
	n = ctx->hits && !own ? rw_myths_match_hits(ctx->myths, p, ctx->hits, lang, ctx->specialty, ctx->all_myths, found,
	                                            MYTHS_JUDGED)
	                      : rw_myths_match_all(ctx->myths, p, lang, ctx->specialty, ctx->all_myths, found, MYTHS_JUDGED);
	for (i = 0; i < n; i++) {
		size_t s = 0, e = strlen(p);
		rw_stance_reason r = RW_STANCE_PLAIN;
		rw_stance st = RW_STANCE_ASSERT;
		if (rw_myth_locate(found[i], p, lang, &s, &e) != 1)
			s = 0, e = strlen(p);  /* not placed: the whole text is judged */
		st = rw_stance_judge(ctx->stance, p, lang, s, e,
		                     found[i]->claim_negative ? RW_STANCE_CLAIM_NEGATIVE : 0, &r);
		if (!out->myth || st == RW_STANCE_ASSERT) {
			out->myth = found[i];
			out->stance = st;
			out->stance_reason = r;
		}
		if (st == RW_STANCE_ASSERT)
			break;
	}
	free(own);
}

void
rw_classify_ex(const rw_classify_ctx *ctx, const char *text, const char *link, const char *hint,
               double item_rating, double item_best, rw_classification *out)
{
	static const char *const site[] = {
		[RW_CAT_REVIEW] = N_("the link is on a review site"),
		[RW_CAT_SOCIAL] = N_("the link is on a social network, video site or forum"),
		[RW_CAT_NEWS] = N_("the link is on a news site"),
	};
	double v, b;
	int c;
	rw_lang lang = ctx ? ctx->lang : RW_LANG_UNKNOWN;

	memset(out, 0, sizeof(*out));
	out->rating = out->rating_best = -1;
	if (lang == RW_LANG_UNKNOWN)
		lang = rw_lang_detect(text);
	if (ctx && ctx->myths && !ctx->no_myth)
		find_myth(ctx, text, lang, out);
	if (ctx && ctx->asserted_myth_only && !(out->myth && out->stance == RW_STANCE_ASSERT))
		return;   /* not kept: the rest would be work for nothing */
	if (item_rating >= 0) {
		out->category = RW_CAT_REVIEW;
		out->rating = item_rating;
		out->rating_best = item_best > 0 ? item_best : 5;
		snprintf(out->reason, sizeof(out->reason), RW_REASON_WORD " (%g/%g)", N_("the item carries a rating"),
		         out->rating, out->rating_best);
	} else if (rw_classify_rating_in_text(text, &v, &b)) {
		out->category = RW_CAT_REVIEW;
		out->rating = v;
		out->rating_best = b;
		snprintf(out->reason, sizeof(out->reason), RW_REASON_WORD " (%g/%g)", N_("the text gives a rating"), v, b);
	} else if (out->myth && out->stance == RW_STANCE_ASSERT) {
		out->category = RW_CAT_MISINFORMATION;
		snprintf(out->reason, sizeof(out->reason), RW_REASON_WORD " '%s' (" RW_REASON_WORD ")", N_("the text asserts the myth"),
		         out->myth->id, rw_stance_reason_name(out->stance_reason));
	} else if (out->myth && ctx->named) {
		out->category = RW_CAT_NEWS;
		snprintf(out->reason, sizeof(out->reason), RW_REASON_WORD ": " RW_REASON_WORD " '%s', " RW_REASON_WORD " (" RW_REASON_WORD ")",
		         /* RW_CLASSIFY_REBUTTAL, as gettext must see it */
		         out->stance == RW_STANCE_REFUTE ? N_("a rebuttal naming you") : N_("names you, does not assert the myth"),
		         N_("myth"), out->myth->id, stance_done[out->stance], rw_stance_reason_name(out->stance_reason));
	} else if (hint && (c = rw_category_from_name(hint)) >= 0) {
		out->category = (rw_category)c;
		snprintf(out->reason, sizeof(out->reason), RW_REASON_WORD " '%s'", N_("the source is marked"), hint);
	} else if ((out->category = rw_classify_link(link)) != RW_CAT_OTHER) {
		snprintf(out->reason, sizeof(out->reason), RW_REASON_WORD, site[out->category]);
	} else {
		snprintf(out->reason, sizeof(out->reason), RW_REASON_WORD, N_("no rule applied"));
	}
	if (out->myth && out->stance != RW_STANCE_ASSERT && out->category != RW_CAT_NEWS) {
		size_t n = strlen(out->reason);
		snprintf(out->reason + n, sizeof(out->reason) - n,
		         "; " RW_REASON_WORD " '%s', " RW_REASON_WORD " (" RW_REASON_WORD "), " RW_REASON_WORD, N_("myth"), out->myth->id,
		         stance_done[out->stance], rw_stance_reason_name(out->stance_reason), N_("not misinformation"));
	}
	rw_sentiment_score(ctx ? ctx->lexicon : NULL, text, lang, out->rating, out->rating_best, &out->sentiment);
}

int
rw_classify_is_rebuttal(const char *category, const char *reason)
{
	if (!category || strcmp(category, "news") || !reason)
		return 0;
	/* stored as a marked phrase (reason.h); rows analysed before, plain */
	if (!strncmp(reason, RW_REASON_OPEN, strlen(RW_REASON_OPEN)))
		reason += strlen(RW_REASON_OPEN);
	return !strncmp(reason, RW_CLASSIFY_REBUTTAL, strlen(RW_CLASSIFY_REBUTTAL));
}

void
rw_classify(const char *text, const char *link, const char *hint,
            double item_rating, double item_best, rw_classification *out)
{
	rw_classify_ex(NULL, text, link, hint, item_rating, item_best, out);
}
