#include "classify.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = {
	"other", "review", "misinformation", "news", "social", "publication"
};

const char *
rw_category_name(rw_category c)
{
	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "other";
}

int
rw_category_from_name(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

static const char *const social_domains[] = {
	"bsky.app", "facebook.com", "instagram.com", "linkedin.com", "mastodon.social",
	"reddit.com", "threads.net", "tiktok.com", "twitter.com", "x.com", "youtube.com",
	"doctissimo.fr", "forum.doctissimo.fr", "aufeminin.com", "carenity.com",
};

static const char *const news_domains[] = {
	"20minutes.fr", "bbc.co.uk", "bfmtv.com", "francebleu.fr", "francetvinfo.fr",
	"lefigaro.fr", "lemonde.fr", "leparisien.fr", "leprogres.fr", "liberation.fr",
	"news.google.com", "nytimes.com", "ouest-france.fr", "theguardian.com",
};

static int
domain_in(const char *link, const char *const *list, size_t n)
{
	const char *host, *end;
	size_t i, hl;

	if (!link || !(host = strstr(link, "://")))
		return 0;
	host += 3;
	end = host + strcspn(host, "/:?#");
	hl = (size_t)(end - host);
	for (i = 0; i < n; i++) {
		size_t dl = strlen(list[i]);
		if (hl >= dl && !strncasecmp(end - dl, list[i], dl) && (hl == dl || end[-(long)dl - 1] == '.'))
			return 1;
	}
	return 0;
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
			v = strtod(num, NULL);
		}
		s = strtod(b, &end);
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

void
rw_classify(const char *text, const char *link, const char *hint,
            double item_rating, double item_best, rw_classification *out)
{
	double v, b;
	int c;

	memset(out, 0, sizeof(*out));
	out->rating = out->rating_best = -1;
	if (item_rating >= 0) {
		out->category = RW_CAT_REVIEW;
		out->rating = item_rating;
		out->rating_best = item_best > 0 ? item_best : 5;
		snprintf(out->reason, sizeof(out->reason), "the item carries a rating (%g/%g)",
		         out->rating, out->rating_best);
		return;
	}
	if (rw_classify_rating_in_text(text, &v, &b)) {
		out->category = RW_CAT_REVIEW;
		out->rating = v;
		out->rating_best = b;
		snprintf(out->reason, sizeof(out->reason), "the text gives a rating (%g/%g)", v, b);
		return;
	}
	if (hint && (c = rw_category_from_name(hint)) >= 0) {
		out->category = (rw_category)c;
		snprintf(out->reason, sizeof(out->reason), "the source is marked '%s'", hint);
		return;
	}
	if (domain_in(link, social_domains, sizeof(social_domains) / sizeof(social_domains[0]))) {
		out->category = RW_CAT_SOCIAL;
		snprintf(out->reason, sizeof(out->reason), "the link is on a social or forum site");
		return;
	}
	if (domain_in(link, news_domains, sizeof(news_domains) / sizeof(news_domains[0]))) {
		out->category = RW_CAT_NEWS;
		snprintf(out->reason, sizeof(out->reason), "the link is on a news site");
		return;
	}
	out->category = RW_CAT_OTHER;
	snprintf(out->reason, sizeof(out->reason), "no rule applied");
}
