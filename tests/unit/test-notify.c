/* SPDX-License-Identifier: MIT */
/* What one notification says: order by importance, urgency, escaping,
 * "and N more".  English (C locale). */
#include "notify.h"
#include "tap.h"

#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static rw_notify_item
item(const char *title, const char *category, const char *change, double rating)
{
	rw_notify_item it;

	memset(&it, 0, sizeof(it));
	it.title = title;
	it.category = category;
	it.change = change;
	it.rating = rating;
	it.best = rating >= 0 ? 5 : -1;
	it.link = "https://avis.example/x";
	return it;
}

int
main(void)
{
	rw_notify_item items[6];
	char *summary, *body;
	int urgency;
	size_t top;

	setlocale(LC_ALL, "C");
	items[0] = item("Le Dr Dupont rejoint la clinique", "news", "new", -1);
	items[1] = item("Très bonne dermatologue", "review", "new", 5);
	items[2] = item("Tom & Jerry <3 <b>", "review", "new", 1);
	items[3] = item("La crème solaire donne le cancer", "misinformation", "new", -1);
	items[4] = item("Attente", "review", "changed", 3);
	items[5] = item(NULL, "social", "new", -1);

	rw_notify_compose(items, 6, 3, 1, &summary, &body, &urgency, &top);
	is_str(summary, "repwatch: 6 new mentions", "summary counts everything");
	is_str(body, "Review 1/5: Tom &amp; Jerry &lt;3 &lt;b&gt;\nMisinformation: La crème solaire donne le cancer\n"
	             "Review 5/5: Très bonne dermatologue\nand 3 more",
	       "urgent first (queue order kept among equals), escaped, then 'and 3 more'");
	is_int(urgency, 2, "critical");
	is_int((long long)top, 2, "the most important item is the 1-star review");
	g_free(summary);
	g_free(body);

	rw_notify_compose(items, 6, 10, 0, &summary, &body, &urgency, &top);
	ok(strstr(body, "Review 1/5: Tom & Jerry <3 <b>") != NULL, "no markup support: the title as is");
	ok(strstr(body, "Edited review 3/5: Attente") && strstr(body, "News: Le Dr Dupont") &&
	   strstr(body, "Social media: (no title)"), "labels per kind; a missing title says so");
	ok(strstr(body, "more") == NULL, "all shown: no 'more' line");
	g_free(summary);
	g_free(body);

	rw_notify_compose(items + 4, 2, 3, 1, &summary, &body, &urgency, &top);
	is_int(urgency, 1, "a 3-star review: normal");
	g_free(summary);
	g_free(body);
	rw_notify_compose(items, 1, 3, 1, &summary, &body, &urgency, &top);
	is_int(urgency, 0, "news alone: low");
	is_str(summary, "repwatch: 1 new mention", "singular");
	g_free(summary);
	g_free(body);
	items[1] = item("Deux étoiles sur dix", "review", "new", 4);
	items[1].best = 10;
	rw_notify_compose(items + 1, 1, 3, 1, &summary, &body, &urgency, &top);
	is_int(urgency, 2, "4/10 is two stars out of five: critical");
	g_free(summary);
	g_free(body);
	{
		char longtitle[600];
		memset(longtitle, 'x', sizeof(longtitle) - 1);
		longtitle[sizeof(longtitle) - 1] = '\0';
		items[0] = item(longtitle, "review", "new", 4);
		rw_notify_compose(items, 1, 3, 1, &summary, &body, &urgency, &top);
		ok(g_utf8_strlen(body, -1) < 140, "a long title is cut (%ld characters)", (long)g_utf8_strlen(body, -1));
		g_free(summary);
		g_free(body);
	}
	/* which myth, whether she is named; her rebuttal is news and says so */
	items[0] = item("La crème solaire donne le cancer, dit le Dr Dupont", "misinformation", "new", -1);
	items[0].myth = "sunscreen-cancer";
	items[0].named = 1;
	items[1] = item("La crème solaire donne le cancer", "misinformation", "new", -1);
	items[1].myth = "sunscreen-cancer";
	items[2] = item("Le Dr Dupont : non, la crème solaire ne donne pas le cancer", "news", "new", -1);
	items[2].myth = "sunscreen-cancer";
	items[2].named = items[2].rebuttal = 1;
	rw_notify_compose(items, 3, 3, 0, &summary, &body, &urgency, &top);
	is_str(body, "Misinformation naming you (myth sunscreen-cancer): La crème solaire donne le cancer, dit le Dr Dupont\n"
	             "Misinformation, not naming you (myth sunscreen-cancer): La crème solaire donne le cancer\n"
	             "News, a rebuttal naming you (myth sunscreen-cancer): Le Dr Dupont : non, la crème solaire ne donne "
	             "pas le cancer", "the myth, whether it names her; her rebuttal as news");
	is_int(urgency, 2, "misinformation: critical");
	g_free(summary);
	g_free(body);
	/* with the catalogue's claim: said by it, without its final stop, and
	 * escaped where the daemon reads markup */
	items[0].claim = items[1].claim = items[2].claim = "Sunscreen is toxic & causes cancer.";
	rw_notify_compose(items, 3, 3, 1, &summary, &body, &urgency, &top);
	is_str(body, "Misinformation naming you, claiming “Sunscreen is toxic &amp; causes cancer”: La crème solaire donne "
	             "le cancer, dit le Dr Dupont\n"
	             "Misinformation, not naming you, claiming “Sunscreen is toxic &amp; causes cancer”: La crème solaire "
	             "donne le cancer\n"
	             "News naming you, a rebuttal of the claim “Sunscreen is toxic &amp; causes cancer”: Le Dr Dupont : non, "
	             "la crème solaire ne donne pas le cancer", "the myth by its claim, whether it names her");
	g_free(summary);
	g_free(body);
	items[0].claim = items[1].claim = items[2].claim = NULL;
	items[0] = item("Attente interminable", "review", "new", 2);
	items[0].published = 1796652300;   /* 2026-12-07T14:05:00Z */
	setenv("TZ", "UTC", 1);
	tzset();
	rw_notify_compose(items, 1, 3, 1, &summary, &body, &urgency, &top);
	is_str(body, "Review 2/5: Attente interminable (Dec 7, 2026)",
	       "the date of publication after the title, in words (rw_when_format)");
	g_free(summary);
	g_free(body);
	/* a mention that may be a namesake's says so */
	items[0].published = 0;
	items[0].uncertain = 1;
	rw_notify_compose(items, 1, 3, 1, &summary, &body, &urgency, &top);
	is_str(body, "Maybe a namesake: Review 2/5: Attente interminable", "an uncertain mention is said to be so");
	g_free(summary);
	g_free(body);
	return tap_done();
}
