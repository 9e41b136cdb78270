/* SPDX-License-Identifier: MIT */
/* test-paging.c - following a review list's pages: the next rule as a
 * template writes it (tests/data/paging), links resolved against the
 * page's address (url.h, curl_url), the site rule, loops however spelt,
 * the cap, and whether a list was read whole. */
#include "date.h"
#include "paging.h"
#include "parse.h"
#include "reason.h"
#include "sources.h"
#include "tap.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE "https://annuaire.example/dr-jeanne-dupont/avis?page=1"

/* rw_paging_reason, read in English (it marks its phrases: reason.h) */
static void
describe(const rw_paging *p, char *why, size_t size)
{
	char raw[2000];

	char shown[2000];

	rw_paging_reason(p, raw, sizeof(raw));
	ok(strchr(raw, RW_REASON_OPEN[0]) != NULL, "the reason marks its phrases");
	rw_reason_render(raw, 0, why, size);
	rw_paging_describe(p, shown, sizeof(shown));
	is_str(shown, why, "described as the reason reads (no translator installed)");
}

static void
test_resolve(void)
{
	static const struct { const char *base, *ref, *want; } t[] = {
		{ BASE, "?page=2", "https://annuaire.example/dr-jeanne-dupont/avis?page=2" },
		{ BASE, "avis-p2.html", "https://annuaire.example/dr-jeanne-dupont/avis-p2.html" },
		{ BASE, "  avis-p2.html\n ", "https://annuaire.example/dr-jeanne-dupont/avis-p2.html" },
		{ BASE, "/dr-jeanne-dupont/avis/2", "https://annuaire.example/dr-jeanne-dupont/avis/2" },
		{ BASE, "../liste?p=3", "https://annuaire.example/liste?p=3" },
		{ BASE, "//autre.example/p2", "https://autre.example/p2" },
		{ BASE, "http://annuaire.example/p2", "http://annuaire.example/p2" },
		{ BASE, "#haut", "https://annuaire.example/dr-jeanne-dupont/avis?page=1#haut" },
		{ "http://127.0.0.1:8080/a/b.html", "c.html", "http://127.0.0.1:8080/a/c.html" },
		{ BASE, "", NULL },
		{ BASE, NULL, NULL },
		{ "pas une adresse", "p2", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = rw_url_resolve(t[i].base, t[i].ref);
		if (t[i].want)
			is_str(got, t[i].want, "resolve '%s' against '%s'", t[i].ref, t[i].base);
		else
			ok(got == NULL, "'%s' against '%s' is no address", t[i].ref ? t[i].ref : "(null)", t[i].base);
		free(got);
	}
}

static void
test_origin(void)
{
	static const struct { const char *url, *want; } t[] = {
		{ "https://Annuaire.Example./a?b#c", "https://annuaire.example:443" },
		{ "HTTPS://annuaire.example:443/x", "https://annuaire.example:443" },
		{ "http://annuaire.example/x", "http://annuaire.example:80" },
		{ "http://127.0.0.1:8080/x", "http://127.0.0.1:8080" },
		{ "http://user:pw@annuaire.example:8080/", "http://annuaire.example:8080" },
		{ "pas une adresse", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = rw_url_origin(t[i].url);
		if (t[i].want)
			is_str(got, t[i].want, "origin of '%s'", t[i].url);
		else
			ok(got == NULL, "'%s' has no origin", t[i].url);
		free(got);
	}
}

/* One step: after the page at `at`, whose rule found href, expect rc and
 * (rc 1) the next address or (rc 0) the end and the link not followed. */
static void
step(rw_paging *p, const char *at, const char *href, int want_rc, const char *want, rw_paging_end want_end)
{
	char *next = NULL;
	int rc = rw_paging_next(p, at, href, &next);

	is_int(rc, want_rc, "after '%s', next '%s': %s", at, href ? href : "(none)", rc == 1 ? "followed" : "ends");
	if (want_rc == 1)
		is_str(next, want, "  to '%s'", want);
	else {
		is_int(p->end, want_end, "  why it ends");
		if (want)
			is_str(p->link, want, "  the link not followed is named");
	}
	free(next);
}

static void
test_rules(void)
{
	rw_paging p;
	char why[2000];

	/* a whole list: page 1, 2, then a page that names no next one */
	rw_paging_init(&p, 10);
	ok(rw_paging_read(&p, BASE, NULL) == 0, "page 1 read");
	step(&p, BASE, "?page=2", 1, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", 0);
	ok(rw_paging_read(&p, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", NULL) == 0, "page 2 read");
	step(&p, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", NULL, 0, NULL, RW_PAGING_LAST);
	ok(rw_paging_whole(&p), "a list read to its last page is whole");
	is_int((long long)p.pages, 2, "two pages");
	rw_paging_clear(&p);

	/* what is never followed */
	rw_paging_init(&p, 10);
	rw_paging_read(&p, BASE, "https://annuaire.example/dr-jeanne-dupont/avis?page=1");
	step(&p, BASE, "https://ANNUAIRE.example.:443/dr-jeanne-dupont/avis?page=%31#haut", 0,
	     "https://ANNUAIRE.example.:443/dr-jeanne-dupont/avis?page=%31#haut", RW_PAGING_LOOP);
	ok(!rw_paging_whole(&p), "a loop: not whole");
	step(&p, BASE, "http://annuaire.example/dr-jeanne-dupont/avis?page=2", 0,
	     "http://annuaire.example/dr-jeanne-dupont/avis?page=2", RW_PAGING_ELSEWHERE);
	step(&p, BASE, "https://autre.example/dr-jeanne-dupont/avis?page=2", 0, NULL, RW_PAGING_ELSEWHERE);
	step(&p, BASE, "https://annuaire.example:8443/avis?page=2", 0, NULL, RW_PAGING_ELSEWHERE);
	step(&p, BASE, "//cdn.annuaire.example/avis?page=2", 0, "https://cdn.annuaire.example/avis?page=2",
	     RW_PAGING_ELSEWHERE);
	step(&p, BASE, "javascript:suivant()", 0, NULL, RW_PAGING_BAD_LINK);
	step(&p, BASE, "mailto:contact@annuaire.example", 0, NULL, RW_PAGING_BAD_LINK);
	ok(!rw_paging_whole(&p), "another site, a bad link: not whole");
	describe(&p, why, sizeof(why));
	ok(strstr(why, "not a web address") && strstr(why, "no review is judged deleted"), "said: %s", why);
	rw_paging_clear(&p);

	/* a redirect: the address it came from counts as read too */
	rw_paging_init(&p, 10);
	rw_paging_read(&p, "https://annuaire.example/avis", "https://annuaire.example/avis/jeanne-dupont");
	step(&p, "https://annuaire.example/avis/jeanne-dupont", "/avis", 0, "https://annuaire.example/avis",
	     RW_PAGING_LOOP);
	rw_paging_clear(&p);

	/* the cap */
	rw_paging_init(&p, 2);
	rw_paging_read(&p, BASE, NULL);
	step(&p, BASE, "?page=2", 1, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", 0);
	rw_paging_read(&p, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", NULL);
	step(&p, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", "?page=3", 0,
	     "https://annuaire.example/dr-jeanne-dupont/avis?page=3", RW_PAGING_CAP);
	ok(!rw_paging_whole(&p), "the cap: not whole");
	describe(&p, why, sizeof(why));
	ok(strstr(why, "2 pages read") && strstr(why, "max_pages"), "said: %s", why);
	rw_paging_clear(&p);

	/* max_pages = 1: a list is its first page, never whole when it goes on */
	rw_paging_init(&p, 0);
	is_int((long long)p.max_pages, 1, "0 pages counts as 1");
	rw_paging_read(&p, BASE, NULL);
	step(&p, BASE, "?page=2", 0, NULL, RW_PAGING_CAP);
	rw_paging_clear(&p);

	/* a failed page */
	rw_paging_init(&p, 10);
	rw_paging_read(&p, BASE, NULL);
	step(&p, BASE, "?page=2", 1, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", 0);
	ok(rw_paging_failed(&p, "https://annuaire.example/dr-jeanne-dupont/avis?page=2", "HTTP 503") == 0, "page 2 fails");
	ok(!rw_paging_whole(&p), "a failed page: not whole");
	describe(&p, why, sizeof(why));
	ok(strstr(why, "page 2 of the list, 'https://annuaire.example/dr-jeanne-dupont/avis?page=2', could not be read: "
	              "HTTP 503") != NULL, "said: %s", why);
	rw_paging_clear(&p);
	rw_paging_clear(NULL);
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, fp) == (size_t)n)
		buf[n] = '\0';
	else {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

/* The template's next rule on a page written as real sites write them: a
 * "similar doctors" box with rel=next links of its own comes first. */
static void
test_next_rule(void)
{
	rw_err err = { 0 };
	rw_sources *s = rw_sources_load(FEEDS_DIR, TEST_DATA "/paging", &err);
	const rw_template *t = s ? rw_sources_find(s, "paged-review-test") : NULL;
	char *box = slurp(TEST_DATA "/paging/similar.html"), *r1 = slurp(TEST_DATA "/paging/r01.html");
	char *r2 = slurp(TEST_DATA "/paging/r03.html"), page[16384];
	rw_parse_opts o = { .url = BASE };
	rw_page_rules rules, bad;
	rw_feed *f;

	ok(t != NULL, "the test template loads (%s)", err.msg);
	if (!t || !box || !r1 || !r2) {
		rw_sources_free(&s);
		free(box);
		free(r1);
		free(r2);
		return;
	}
	ok(rw_template_page_rules(t, &rules) == 0 && rules.next != NULL, "its [extract] next rule is read");
	snprintf(page, sizeof(page),
	         "<!DOCTYPE html><html><head><title>Avis</title><link rel=\"next\" href=\"avis-p2.html\"></head><body>"
	         "<h1>Dr Jeanne Dupont</h1>%s<section>%s%s</section><footer><nav class=\"nav pagination\">"
	         "<a rel=\"prev\" href=\"avis.html\">1</a> <a class=\"suivant\" rel=\"nofollow next\" href=\" avis-p2.html \">"
	         "Page suivante</a></nav></footer></body></html>", box, r1, r2);
	f = rw_parse_page(page, strlen(page), &o, &rules, &err);
	ok(f != NULL, "the page reads (%s)", err.msg);
	if (f) {
		is_str(f->next, "avis-p2.html", "next: the pagination's rel=next link, not the similar doctors' box");
		is_int((long long)f->nitems, 2, "her two reviews, not the box's nor the ad");
		is_str(f->nitems ? f->items[0].author : NULL, "Clément R.", "the first review's author");
		ok(f->nitems && f->items[0].published == rw_date_parse("2029-12-30"),
		   "its date, from itemprop=\"dateCreated datePublished\"");
	}
	rw_feed_free(f);

	/* the last page: no next link */
	snprintf(page, sizeof(page), "<html><body><h1>Dr Jeanne Dupont</h1>%s%s<nav class=\"pagination\">"
	         "<a rel=\"prev\" href=\"avis-p2.html\">2</a></nav></body></html>", box, r1);
	f = rw_parse_page(page, strlen(page), &o, &rules, &err);
	ok(f && f->next == NULL, "the last page names no next page (the box's links are not it)");
	rw_feed_free(f);

	/* a rule that is not XPath is named */
	bad = rules;
	bad.next = "//a[@rel='next'";
	f = rw_parse_page(page, strlen(page), &o, &bad, &err);
	ok(!f && strstr(err.msg, "the extraction rule next = ") != NULL, "a broken next rule is named: %s", err.msg);
	rw_feed_free(f);

	/* no rule: no next, whatever the page says */
	bad = rules;
	bad.next = NULL;
	snprintf(page, sizeof(page), "<html><body>%s<nav class=\"pagination\"><a rel=\"next\" href=\"p2\">2</a></nav>"
	         "</body></html>", r1);
	f = rw_parse_page(page, strlen(page), &o, &bad, &err);
	ok(f && f->next == NULL, "without a next rule the page is the whole list");
	rw_feed_free(f);
	rw_sources_free(&s);
	free(box);
	free(r1);
	free(r2);
}

int
main(void)
{
	test_resolve();
	test_origin();
	test_rules();
	test_next_rule();
	return tap_done();
}
