/* SPDX-License-Identifier: MIT */
/* Golden tests of the read-and-judge step (read.h): bytes in, result out.
 *
 * Each case reads a file of tests/data/read/ as a source would send it
 * and compares what rw_read() makes of it, written out below one line a
 * record, with the case's .expected file.  Run with REPWATCH_REGEN=1 to
 * write the .expected files anew, then read the diff before committing:
 * a changed verdict must be a wanted one.
 *
 *   result  FORMAT  ITEMS  KEPT  PAGE-VERDICT  SUBJECT-NAMES  FAILED
 *   item    N  TITLE
 *   judged  PRACTITIONER  WHY-KEPT  CONFIDENCE  CATEGORY  RATING  MYTH  LANG  SENTIMENT  REASON
 *   error   MESSAGE (when the reading fails)
 */
#include "read.h"
#include "reason.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the practitioner the data files speak of, and one who watches no myth */
static const char conf[] =
	"[practitioner]\n"
	"name = Dr Jeanne Dupont\n"
	"city = Lyon\n"
	"specialty = dermatologie\n"
	"[practitioner onco]\n"
	"name = Paul Bernard\n"
	"watch_myths = no\n"
	"specialty = oncologie\n"
	"city = Paris\n";

static const char conf_other[] =
	"[practitioner]\n"
	"name = Dr Anne Petit\n"
	"specialty = cardiologie\n"
	"watch_myths = no\n";

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, fp);
		buf[*len] = '\0';
	}
	fclose(fp);
	return buf;
}

static rw_config *
config(const char *text)
{
	char path[] = "/tmp/rw-read.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	rw_config *cfg;
	rw_err err = { 0 };

	if (!fp)
		return NULL;
	fputs(text, fp);
	fclose(fp);
	cfg = rw_config_load(path, &err);
	unlink(path);
	ok(cfg != NULL, "config: %s", err.msg);
	return cfg;
}

/* text on one line: tabs and line breaks become spaces, and the source
 * tree's feeds/ is written $FEEDS (a message names a template's file) */
static void
field(FILE *out, const char *s)
{
	size_t fl = strlen(FEEDS_DIR);

	while (s && *s) {
		if (!strncmp(s, FEEDS_DIR, fl)) {
			fputs("$FEEDS", out);
			s += fl;
			continue;
		}
		fputc(*s == '\t' || *s == '\n' ? ' ' : *s, out);
		s++;
	}
}

static const char *const whose_names[] = { "feed", "listing", "theirs", "empty", "not-theirs" };

/* The result as the golden files hold it; malloc'd. */
static char *
dump(const rw_config *cfg, const rw_read_result *rd)
{
	char *text = NULL;
	size_t size = 0, i, p;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	fprintf(out, "result\t%s\t%zu\t%zu\t%s\t%zu\t%d\n", rd->feed ? rd->feed->format : "-",
	        rd->feed ? rd->feed->nitems : 0, rd->kept, whose_names[rd->page.whose], rd->page.named, rd->failed);
	for (i = 0; rd->feed && i < rd->feed->nitems; i++) {
		fprintf(out, "item\t%zu\t", i);
		field(out, rd->feed->items[i].title);
		fputc('\n', out);
		for (p = 0; p < rd->np; p++) {
			const rw_analysis *an = rw_read_analysis(rd, i, p);
			if (!an->store)
				continue;
			fprintf(out, "judged\t%s\t%s\t%s\t%s\t", cfg->practitioners[p].id,
			        an->by_page ? "page" : an->named ? "named" : "myth",
			        an->named ? rw_confidence_name(an->match.confidence) : "-", rw_category_name(an->cl.category));
			if (an->cl.rating >= 0)
				fprintf(out, "%g/%g", an->cl.rating, an->cl.rating_best);
			else
				fputc('-', out);
			fprintf(out, "\t%s\t%s\t%s %.2f\t", an->cl.myth ? an->cl.myth->id : "-",
			        rw_lang_name(an->cl.sentiment.lang), rw_polarity_name(an->cl.sentiment.label),
			        an->cl.sentiment.score);
			char why[sizeof(an->cl.reason) * 2];
			field(out, rw_reason_render(an->cl.reason, 0, why, sizeof(why)));
			fputc('\n', out);
		}
	}
	if (rd->failed) {
		fputs("error\t", out);
		field(out, rd->error);
		fputc('\n', out);
	}
	fclose(out);
	return text;
}

struct golden {
	const char *file, *url, *content_type, *category, *template_id, *expected;
};

/* Read case g with analyser a, compare with its .expected; the result is
 * left in rd for the case's own checks. */
static void
run(const rw_analyser *a, const rw_sources *templates, const struct golden *g, rw_read_result *rd)
{
	char path[1024], *bytes, *got, *want;
	size_t len = 0, wlen = 0;
	rw_read_source how;
	rw_read_body body;

	snprintf(path, sizeof(path), "%s/read/%s", TEST_DATA, g->file);
	bytes = slurp(path, &len);
	ok(bytes != NULL, "%s: read", g->file);
	rw_read_source_init(&how, g->url, g->category, g->template_id, templates, NULL);
	memset(&body, 0, sizeof(body));
	body.bytes = bytes;
	body.len = len;
	body.content_type = g->content_type;
	body.url = g->url;
	is_int(rw_read(a, &how, &body, rd), RW_OK, "%s: read and judged", g->file);
	got = dump(rw_analyser_config(a), rd);
	snprintf(path, sizeof(path), "%s/read/%s", TEST_DATA, g->expected);
	if (getenv("REPWATCH_REGEN")) {
		FILE *fp = fopen(path, "w");
		if (fp) {
			fputs(got ? got : "", fp);
			fclose(fp);
		}
	}
	want = slurp(path, &wlen);
	is_str(got, want ? want : "(no .expected file)", "%s: the result is %s", g->file, g->expected);
	free(got);
	free(want);
	free(bytes);
}

static const rw_analysis *
judged(const rw_read_result *rd, size_t item, size_t p)
{
	return rw_read_analysis(rd, item, p);
}

/* A homonym fixture page (tests/data/homonyms) read and judged for the
 * practitioner of conf: doubt[0] filled; its card in card (may be NULL). */
static void
page_doubt(const char *conf_text, const char *name, rw_page_doubt *doubt, char *card, size_t size)
{
	char path[4096], url[256];
	rw_config *cfg = config(conf_text);
	rw_analyser *a = cfg ? rw_analyser_new(cfg, NULL) : NULL;
	rw_page_about about[1];
	rw_parse_opts o;
	rw_err err = { 0 };
	size_t len = 0;
	char *data;
	rw_feed *f;

	memset(doubt, 0, sizeof(*doubt));
	if (card)
		card[0] = '\0';
	snprintf(path, sizeof(path), "%s/homonyms/pages/%s", TEST_DATA, name);
	snprintf(url, sizeof(url), "https://reviews.example/%s", name);
	data = slurp(path, &len);
	memset(&o, 0, sizeof(o));
	o.url = url;
	o.content_type = "text/html; charset=utf-8";
	o.text_only = 1;
	f = data && a ? rw_parse_page(data, len, &o, NULL, &err) : NULL;
	ok(f != NULL, "%s read: %s", name, err.msg);
	if (f && rw_analyse_page(a, f->subject, url, about) >= 0)
		ok(rw_read_page_doubt(a, f, url, about, doubt) == 0, "%s judged", name);
	if (f && card)
		snprintf(card, size, "%s", f->card ? f->card : "");
	rw_feed_free(f);
	free(data);
	rw_analyser_free(&a);
	rw_config_free(&cfg);
}

/* Same name, city, specialty: what tells them apart, or says nothing does */
static void
test_doubt(void)
{
	static const char g04[] = "[practitioner]\nname = Marc Brissonnade\nspecialty = médecin généraliste\n"
	                          "city = Bordeaux\n";
	char keys[512], card_a[512], card_b[512];
	rw_page_doubt d;

	page_doubt(g04, "g04-a.html", &d, card_a, sizeof(card_a));
	ok(d.uncertain && !d.settled && strstr(d.why, "Marc Brissonnade — Médecin généraliste, Bordeaux"),
	   "her page lists a namesake with her city and specialty: uncertain (%s)", d.why);
	ok(strstr(card_a, "telephone=04 89 10 53 61\n") && strstr(card_a, "postcode=33000\n"),
	   "the page's card: its phone and postcode (%s)", card_a);
	page_doubt(g04, "g04-b.html", &d, card_b, sizeof(card_b));
	ok(!d.uncertain && !d.settled, "the other page lists no namesake: nothing doubts it on its own");
	ok(rw_read_cards_differ(card_a, card_b), "but the two pages describe different people");
	ok(!rw_read_cards_differ(card_a, card_a), "a page does not differ from itself");
	ok(!rw_read_cards_differ(card_a, NULL) && !rw_read_cards_differ("street=1 rue X\n", "postcode=33000\n"),
	   "nor from a page that shares no key with it");
	ok(!rw_read_cards_differ("telephone=+33 4 89 10 53 61\n", "telephone=04.89.10.53.61\n"),
	   "one phone however written");
	snprintf(keys, sizeof(keys), "%sphone = +33 4 89 10 53 61\n", g04);
	page_doubt(keys, "g04-a.html", &d, NULL, 0);
	ok(d.settled == 1 && !d.uncertain, "her phone on the page settles it hers (%s)", d.why);
	page_doubt(keys, "g04-b.html", &d, NULL, 0);
	ok(d.settled == -1, "another phone settles it someone else's (%s)", d.why);
	snprintf(keys, sizeof(keys), "%sphone = 04 89 10 53 61\npostcode = 33800\n", g04);
	page_doubt(keys, "g04-a.html", &d, NULL, 0);
	ok(d.uncertain && !d.settled, "her phone but another postcode: uncertain (%s)", d.why);
	page_doubt("[practitioner]\nname = Dr Thomas Pellebrune\nspecialty = kiné\ncity = St Etienne\n"
	           "rpps = 10305572959\n", "g07-a.html", &d, card_a, sizeof(card_a));
	ok(d.settled == 1, "her RPPS number on the page settles it hers (%s) [%s]", d.why, card_a);
	page_doubt("[practitioner]\nname = Dr Thomas Pellebrune\nspecialty = kiné\ncity = St Etienne\n"
	           "rpps = 10305572958\nphone = 04 00 00 00 00\n", "g07-a.html", &d, NULL, 0);
	ok(d.settled == -1 && strstr(d.why, "registry"), "another RPPS number: someone else, whatever else (%s)", d.why);
}

int
main(void)
{
	static const struct golden feed = { "feed.rss", "https://lyon-sante.example/feed.rss", "application/rss+xml",
	                                    "news", NULL, "feed.expected" };
	static const struct golden myth = { "myth.atom", "https://beach.example/notes.atom", NULL, NULL, NULL,
	                                    "myth.expected" };
	static const struct golden page = { "page.html", "https://annuaire.example/dr-jeanne-dupont",
	                                    "text/html; charset=utf-8", NULL, "review-page-schema", "page.expected" };
	static const struct golden page_other = { "page.html", "https://annuaire.example/dr-jeanne-dupont",
	                                          "text/html; charset=utf-8", NULL, "review-page-schema",
	                                          "page-not-theirs.expected" };
	static const struct golden empty = { "myth.atom", "https://annuaire.example/vide", "text/html", NULL,
	                                     "review-page-schema", "page-empty.expected" };
	static const struct golden fresh = { "page-new-profile.html", "https://annuaire.example/dr-jeanne-dupont",
	                                     "text/html; charset=utf-8", NULL, "review-page-schema",
	                                     "page-new-profile.expected" };
	static const struct golden broken = { "page.html", "https://lyon-sante.example/feed.rss", "text/html", NULL,
	                                      NULL, "not-a-feed.expected" };
	rw_config *cfg, *other;
	rw_analyser *a = NULL, *b = NULL;
	rw_sources *templates;
	rw_read_result rd;
	rw_err err = { 0 }, problem = { 0 };

	setenv("REPWATCH_DATADIR", FEEDS_DIR, 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	cfg = config(conf);
	other = config(conf_other);
	templates = rw_read_templates(&err);
	ok(templates != NULL, "templates: %s", err.msg);
	if (!cfg || !other || !templates)
		return tap_done();
	a = rw_analyser_new(cfg, &problem);
	b = rw_analyser_new(other, &problem);
	ok(a && b && problem.code == RW_OK, "analysers with catalogue and lexicons: %s", problem.msg);
	if (!a || !b)
		return tap_done();

	/* a feed: her mention, a myth that names no one, noise */
	run(a, templates, &feed, &rd);
	ok(rd.feed && rd.feed->nitems == 3 && rd.kept == 2 && !rd.failed, "feed: 3 items, 2 kept");
	if (rd.kept == 2) {
		ok(judged(&rd, 0, 0)->named && judged(&rd, 0, 0)->cl.category == RW_CAT_REVIEW &&
		   judged(&rd, 0, 0)->cl.rating == 4, "her mention: a review, 4/5 from the text");
		ok(judged(&rd, 1, 0)->store && !judged(&rd, 1, 0)->named &&
		   judged(&rd, 1, 0)->cl.category == RW_CAT_MISINFORMATION,
		   "the myth naming no one: kept for the dermatologist, as misinformation before the source's 'news'");
		ok(!judged(&rd, 1, 1)->store, "...not for the one whose profile says watch_myths = no");
	}
	rw_read_result_clear(&rd);
	ok(rd.feed == NULL && rd.an == NULL, "clear empties the result");

	/* items read another way (a collected source) get the same judgement */
	{
		char path[1024], *bytes, *want = NULL, *got = NULL;
		size_t len = 0;
		rw_read_source how;
		rw_read_body body;
		rw_parse_opts po;
		rw_read_result rf;
		rw_feed *f;

		snprintf(path, sizeof(path), "%s/read/%s", TEST_DATA, feed.file);
		bytes = slurp(path, &len);
		rw_read_source_init(&how, feed.url, feed.category, NULL, templates, NULL);
		memset(&body, 0, sizeof(body));
		body.bytes = bytes;
		body.len = len;
		body.content_type = feed.content_type;
		body.url = feed.url;
		memset(&po, 0, sizeof(po));
		po.url = feed.url;
		po.text_only = 1;
		f = bytes ? rw_parse_feed(bytes, len, &po, &err) : NULL;
		ok(f != NULL, "feed parsed by hand: %s", err.msg);
		is_int(rw_read(a, &how, &body, &rd), RW_OK, "read from bytes");
		is_int(rw_read_feed(a, &how, f, &rf), RW_OK, "read from items");
		want = dump(cfg, &rd);
		got = dump(cfg, &rf);
		is_str(got, want, "rw_read_feed judges the items as rw_read judges the bytes");
		ok(rf.kept == 2 && !rf.failed, "...2 kept");
		rw_read_result_clear(&rf);
		is_int(rw_read_feed(a, &how, NULL, &rf), RW_OK, "nothing collected");
		ok(rf.failed && strstr(rf.error, "nothing was collected"), "...fails, saying so: %s", rf.error);
		rw_read_result_clear(&rf);
		rw_read_result_clear(&rd);
		free(want);
		free(got);
		free(bytes);
	}

	/* an item that only carries a myth, in English */
	run(a, templates, &myth, &rd);
	ok(rd.kept == 1 && judged(&rd, 0, 0)->cl.myth &&
	   !strcmp(judged(&rd, 0, 0)->cl.myth->id, "no-sun-protection-when-cloudy") &&
	   judged(&rd, 0, 0)->cl.sentiment.lang == RW_LANG_EN, "myth-only: the myth, in English");
	rw_read_result_clear(&rd);

	/* a review page with schema.org microdata among noise: her page */
	run(a, templates, &page, &rd);
	ok(rd.page.whose == RW_PAGE_THEIRS && rd.page.named == 1 && rd.page.about && rd.page.about[0].named &&
	   !rd.page.about[1].named, "page: hers, named by its subject, not his");
	ok(rd.feed && rd.feed->nitems == 3 && rd.kept == 3, "page: its three reviews, none of the noise, all hers");
	if (rd.kept == 3) {
		ok(judged(&rd, 0, 0)->by_page && judged(&rd, 0, 0)->cl.rating == 5, "kept by the page, rated 5");
		ok(judged(&rd, 2, 0)->cl.category == RW_CAT_REVIEW && judged(&rd, 2, 0)->cl.myth,
		   "a rated review carrying a myth stays a review, the myth named (classify.h's order)");
	}
	rw_read_result_clear(&rd);

	/* the same page, for someone else: the page verdict fails it */
	run(b, templates, &page_other, &rd);
	ok(rd.failed && rd.page.whose == RW_PAGE_NOT_THEIRS && strstr(rd.error, "neither they nor the page name"),
	   "someone else's review page fails, saying why");
	rw_read_result_clear(&rd);

	/* a review page that lists nothing */
	run(a, templates, &empty, &rd);
	ok(rd.failed && rd.page.whose == RW_PAGE_EMPTY && strstr(rd.error, "lists no review"),
	   "a review page listing nothing fails, saying why");
	ok(strstr(rd.error, "does not name Jeanne Dupont") != NULL, "...it does not name her: %s", rd.error);
	rw_read_result_clear(&rd);

	/* her page with no review yet (a new profile): read, healthy, empty */
	run(a, templates, &fresh, &rd);
	ok(!rd.failed && rd.page.whose == RW_PAGE_THEIRS && rd.feed && rd.feed->nitems == 0 && rd.page.named == 1 &&
	   rd.page.about[0].named, "her new profile listing no review is her page, read without failing");
	rw_read_result_clear(&rd);

	/* the same empty page read for someone else: it names no one of that config */
	run(b, templates, &(struct golden){ "page-new-profile.html", "https://annuaire.example/dr-jeanne-dupont",
	                                    "text/html; charset=utf-8", NULL, "review-page-schema",
	                                    "page-new-profile-other.expected" }, &rd);
	ok(rd.failed && rd.page.whose == RW_PAGE_EMPTY, "an empty page naming none of them still fails");
	rw_read_result_clear(&rd);

	test_doubt();

	/* HTML where a feed is expected */
	run(a, templates, &broken, &rd);
	ok(rd.failed && !rd.feed && !strncmp(rd.error, "cannot read", 11), "a page read as a feed fails: %s", rd.error);
	rw_read_result_clear(&rd);
	rw_read_result_clear(NULL);

	rw_analyser_free(&a);
	rw_analyser_free(&b);
	rw_sources_free(&templates);
	rw_config_free(&cfg);
	rw_config_free(&other);
	return tap_done();
}
