/* SPDX-License-Identifier: MIT */
/* Source templates, routes and placeholders: the shipped data loads and
 * passes every check; placeholders are encoded as RFC 3986 wants (a table
 * of names with accents, spaces, apostrophes); user overrides replace by
 * id; broken templates are refused with file:line. */
#include "config.h"
#include "inifile.h"
#include "rw-config.h"
#include "sources.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-sources-XXXXXX";

static void
write_file(const char *name, const char *text)
{
	char *path;
	FILE *fp;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return;
	fp = fopen(path, "w");
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
	free(path);
}

static void
remove_file(const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return;
	unlink(path);
	free(path);
}

static void
encoding_table(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Jeanne Dupont", "Jeanne%20Dupont" },
		{ "\"Jeanne Dupont\"", "%22Jeanne%20Dupont%22" },
		{ "Hélène-Marie Vautrin", "H%C3%A9l%C3%A8ne-Marie%20Vautrin" },
		/* the same name typed in decomposed form (e + combining accent): NFC first */
		{ "He\xcc\x81le\xcc\x80ne-Marie Vautrin", "H%C3%A9l%C3%A8ne-Marie%20Vautrin" },
		{ "Lyon 3e", "Lyon%203e" },
		{ "Jeanne D'Arc", "Jeanne%20D%27Arc" },
		{ "Jeanne D\xe2\x80\x99" "Arc", "Jeanne%20D%E2%80%99Arc" },
		{ "Saint-Étienne", "Saint-%C3%89tienne" },
		{ "Zoë Çelik", "Zo%C3%AB%20%C3%87elik" },
		{ "a+b&c=d/e?f#g", "a%2Bb%26c%3Dd%2Fe%3Ff%23g" },
		{ "unreserved-._~AZaz09", "unreserved-._~AZaz09" },
		{ "100%", "100%25" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = rw_sources_percent_encode(cases[i].in);
		is_str(got, cases[i].want, "percent-encode '%s'", cases[i].in);
		free(got);
	}
}

static void
derived_table(void)
{
	static const struct { const char *name, *tag, *surname; } cases[] = {
		{ "Jeanne Dupont", "jeannedupont", "Dupont" },
		{ "Hélène-Marie Vautrin", "helenemarievautrin", "Vautrin" },
		{ "Anne-Sophie Lefèvre", "annesophielefevre", "Lefèvre" },
		{ "Jeanne D'Arc", "jeannedarc", "D'Arc" },
		{ "Marie de La Tour", "mariedelatour", "de La Tour" },
		{ "Yann Le Gall", "yannlegall", "Le Gall" },
		{ "Œdipe Straße", "oedipestrasse", "Straße" },
		{ "Le Gall", "legall", "Gall" },
		{ "Dupont", "dupont", "Dupont" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *tag = rw_sources_tag(cases[i].name), *sur = rw_sources_surname(cases[i].name);
		is_str(tag, cases[i].tag, "{tag} of '%s'", cases[i].name);
		is_str(sur, cases[i].surname, "{surname} of '%s'", cases[i].name);
		free(tag);
		free(sur);
	}
}

static rw_practitioner
practitioner(const char *name, const char *specialty, const char *city, char **langs, size_t nlangs)
{
	rw_practitioner p;

	memset(&p, 0, sizeof(p));
	p.id = (char *)"default";
	p.name = (char *)name;
	p.specialty = (char *)specialty;
	p.city = (char *)city;
	p.languages = langs;
	p.nlanguages = nlangs;
	return p;
}

static char *
url_of(const rw_sources *s, const char *id, const rw_practitioner *p)
{
	const rw_template *t = rw_sources_find(s, id);
	rw_vars *v;
	rw_err err = { 0 };
	char *url;

	if (!t)
		return NULL;
	v = rw_sources_vars(s, p, t->lang);
	url = rw_sources_expand_url(t, v, &err);
	rw_vars_free(&v);
	return url;
}

/* The ids init would choose for p, space-separated, into got[600]. */
static const char *
selected(const rw_sources *s, const rw_practitioner *p, char *got)
{
	const rw_template *sel[64];
	size_t n = rw_sources_select_defaults(s, p, sel, 64), j;

	got[0] = '\0';
	for (j = 0; j < n && j < 64; j++) {
		strcat(got, sel[j]->id);
		strcat(got, " ");
	}
	return got;
}

static void
shipped(void)
{
	rw_err err = { 0 };
	rw_sources *s = rw_sources_load(FEEDS_DIR, NULL, &err);
	char *fr_en[] = { "fr", "en" }, *fr[] = { "fr" }, got[600];
	rw_practitioner p;
	char *url;
	size_t i;

	ok(s != NULL, "the shipped templates, routes and specialties load and pass every check: %s", err.msg);
	if (!s)
		return;
	ok(rw_sources_ntemplates(s) >= 17, "the 17 shipped templates at least (%zu)", rw_sources_ntemplates(s));
	ok(rw_sources_nroutes(s) >= 18, "the 18 shipped routes at least (%zu)", rw_sources_nroutes(s));
	for (i = 0; i + 1 < rw_sources_ntemplates(s); i++)
		ok(strcmp(rw_sources_template(s, i)->id, rw_sources_template(s, i + 1)->id) < 0,
		   "templates sorted by id (%s)", rw_sources_template(s, i)->id);
	is_str(rw_sources_route(s, 0)->id, "twitter-x", "routes in file order: twitter-x first");
	is_str(rw_sources_route(s, 1)->id, "facebook", "facebook second");
	{
		const rw_route *doctolib = NULL;
		for (i = 0; i < rw_sources_nroutes(s); i++)
			if (!strcmp(rw_sources_route(s, i)->id, "doctolib"))
				doctolib = rw_sources_route(s, i);
		ok(doctolib && !strcmp(doctolib->route, "none") && doctolib->ntemplates == 0 &&
		   strstr(doctolib->why_fr, "Doctolib ne publie"), "doctolib: route none, French reason read");
	}
	{
		const rw_template *g = rw_sources_find(s, "google-alerts");
		ok(g && g->kind == RW_KIND_ALERT_SLOT && g->instructions && strstr(g->instructions, "\n2) Type the query"),
		   "continuation lines joined with a newline");
		g = rw_sources_find(s, "pubmed-esearch");
		ok(g && g->kind == RW_KIND_PAGE && g->nextract == 6 && !strcmp(g->extract[0].key, "parser") &&
		   !strcmp(g->extract[1].value, "//IdList/Id"), "page template with its [extract] rules in order");
	}
	is_str(rw_sources_specialty(s, "dermatologue", "en"), "dermatologist", "specialty fr -> en");
	is_str(rw_sources_specialty(s, "Dermatology", "fr"), "dermatologue", "specialty alias, any case -> fr");
	is_str(rw_sources_specialty(s, "gynecologue", "fr"), "gynécologue", "specialty typed without accents");
	is_str(rw_sources_specialty(s, "astrologue", "en"), "astrologue", "unknown specialty kept as typed");

	p = practitioner("Jeanne Dupont", "dermatologue", "Lyon", fr_en, 2);
	url = url_of(s, "google-news-fr", &p);
	is_str(url, "https://news.google.com/rss/search?q=%22Jeanne%20Dupont%22&hl=fr&gl=FR&ceid=FR:fr",
	       "google-news-fr for Jeanne Dupont");
	free(url);
	p = practitioner("Hélène-Marie Vautrin", "dermatologist", "Lyon 3e", fr_en, 2);
	url = url_of(s, "google-news-fr-practice", &p);
	is_str(url, "https://news.google.com/rss/search?q=%22Vautrin%22%20dermatologue%20Lyon%203e&hl=fr&gl=FR&ceid=FR:fr",
	       "surname, specialty in French, city with a space");
	free(url);
	url = url_of(s, "pubmed-esearch", &p);
	is_str(url, "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed&term="
	       "%22H%C3%A9l%C3%A8ne-Marie%20Vautrin%22%5Bau%5D&sort=pub_date&retmax=20&tool=repwatch",
	       "accents in a name, inside literal percent-encoding");
	free(url);
	url = url_of(s, "mastodon-tag", &p);
	is_str(url, "https://mastodon.social/tags/helenemarievautrin.rss", "{tag}");
	free(url);
	url = url_of(s, "custom-feed", &p);
	ok(url == NULL, "a template needing {url} is not expanded without one");
	free(url);
	{
		rw_vars *v = rw_sources_vars(s, &p, "fr");
		rw_err e2 = { 0 };
		const rw_template *t = rw_sources_find(s, "custom-feed");
		rw_vars_set(v, "url", "https://blog.example/feed?a=1&b=%20x");
		url = rw_sources_expand_url(t, v, &e2);
		is_str(url, "https://blog.example/feed?a=1&b=%20x", "{url} inserted verbatim");
		free(url);
		rw_vars_set(v, "url", "https://blog.example/my feed");
		url = rw_sources_expand_url(t, v, &e2);
		ok(url == NULL && strstr(e2.msg, "space"), "a {url} with a space is refused: %s", e2.msg);
		free(url);
		url = rw_sources_expand_text(rw_sources_find(s, "google-alerts")->instructions_fr, v);
		ok(url && strstr(url, "Saisissez la requête : \"Hélène-Marie Vautrin\"\n"),
		   "instructions: placeholders verbatim, not encoded");
		free(url);
		url = rw_sources_expand_text("site:doctissimo.fr \"Dr {surname}\" {city} {nothing}", v);
		is_str(url, "site:doctissimo.fr \"Dr Vautrin\" Lyon 3e ", "text expansion; unknown placeholder empty");
		free(url);
		rw_vars_free(&v);
	}

	p = practitioner("Jeanne Dupont", NULL, NULL, fr_en, 2);
	is_str(selected(s, &p, got), "bing-news-en bing-news-fr google-alerts google-news-en google-news-fr "
	       "hal-search pubmed-esearch reddit-search ", "defaults for fr,en");
	p = practitioner("Jeanne Dupont", NULL, NULL, fr, 1);
	is_str(selected(s, &p, got), "bing-news-fr google-alerts google-news-fr hal-search pubmed-esearch "
	       "reddit-search ", "defaults for fr only: no English editions");
	rw_sources_free(&s);
	ok(s == NULL, "free NULLs the pointer");
	rw_sources_free(NULL);
}

static void
refused(const char *file, const char *text, const char *want)
{
	rw_err err = { 0 };
	char *user;
	rw_sources *s;

	if (asprintf(&user, "%s/user", dir) < 0)
		return;
	mkdir(user, 0700);
	{
		char *name;
		if (asprintf(&name, "user/%s", file) < 0)
			return;
		write_file(name, text);
		s = rw_sources_load(FEEDS_DIR, user, &err);
		ok(s == NULL && strstr(err.msg, want), "refused: want '%s' in: %s", want, err.msg);
		rw_sources_free(&s);
		remove_file(name);
		free(name);
	}
	free(user);
}

#define T_HEAD "[template]\nid = mine\nname = Mine\nkind = feed\n"
#define T_TAIL "lang = fr\ncategory = news\nrequires = name\ndefault = yes\nverified = yes\n" \
               "description = d\ndescription_fr = d\n"

static void
overrides(void)
{
	rw_err err = { 0 };
	rw_sources *s;
	char *user, *long_line;
	const rw_template *t;
	size_t nshipped;

	s = rw_sources_load(FEEDS_DIR, NULL, &err);
	nshipped = s ? rw_sources_ntemplates(s) : 0;
	rw_sources_free(&s);
	if (asprintf(&user, "%s/user", dir) < 0)
		return;
	mkdir(user, 0700);
	write_file("user/google-news-fr.ini",
	           "[template]\nid = google-news-fr\nname = Google News (UK)\nkind = feed\n"
	           "url = https://news.google.com/rss/search?q={quoted_name}&hl=en-GB&gl=GB&ceid=GB:en\n"
	           "lang = any\ncategory = news\nrequires = name\ndefault = no\nverified = yes\n"
	           "description = UK\ndescription_fr = R-U\n");
	write_file("user/mine.ini", T_HEAD "url = https://example.org/?q={quoted_name}\n" T_TAIL);
	s = rw_sources_load(FEEDS_DIR, user, &err);
	ok(s != NULL, "user templates load: %s", err.msg);
	if (s) {
		is_int((long long)rw_sources_ntemplates(s), (long long)nshipped + 1,
		       "a new id adds a template, a known id replaces");
		t = rw_sources_find(s, "google-news-fr");
		ok(t && t->user && !t->is_default && !strcmp(t->name, "Google News (UK)"),
		   "the user's google-news-fr replaced the shipped one as a whole");
		t = rw_sources_find(s, "mine");
		ok(t && t->user, "the user's own template is there");
	}
	rw_sources_free(&s);
	remove_file("user/google-news-fr.ini");
	remove_file("user/mine.ini");

	refused("mine.ini", T_HEAD "url = https://example.org/?q={quoted_name}\nlang = fr\ncategory = news\n"
	        "requires = name\ndefault = maybe\nverified = yes\ndescription = d\ndescription_fr = d\n",
	        "mine.ini:9: [template].default: 'maybe': expected yes or no");
	refused("mine.ini", T_HEAD "url = https://example.org/?q={quoted_name}\nlang = fr\ncategory = news\n"
	        "requires = name\ndefault = yes\nverified = yes\ndescription = d ; e\ndescription_fr = d\n",
	        "mine.ini:11: ' ;' in a value");
	refused("mine.ini", T_HEAD "url = https://example.org/?q={city}\n" T_TAIL,
	        "mine.ini:8: [template].requires: {city} is used in url but not listed in requires");
	refused("mine.ini", T_HEAD "url = https://example.org/?q={town}\n" T_TAIL,
	        "mine.ini:5: [template].url: unknown placeholder {town}");
	refused("other.ini", T_HEAD "url = https://example.org/?q={quoted_name}\n" T_TAIL,
	        "other.ini:2: [template].id: 'mine' differs from the file name");
	refused("mine.ini", "[template]\nid = mine\nname = Mine\nkind = rss\nurl = https://example.org/\n" T_TAIL,
	        "mine.ini:4: [template].kind: 'rss': expected feed, page or alert-slot");
	refused("mine.ini", "[template]\nid = mine\nname = Mine\nurl = https://example.org/\n" T_TAIL,
	        "mine.ini: [template] has no 'kind' key");
	refused("mine.ini", T_HEAD "url = https://example.org/?q={quoted_name}\n" T_TAIL "[extract]\nitems = //a\n",
	        "mine.ini: [extract]: only kind = page templates have extraction rules");
	refused("mine.ini", T_HEAD "url = {url}/feed\n" T_TAIL, "{url} must be the whole value");
	refused("mine.ini", "[template]\nid = mine\nname = Mine\nkind = page\nurl = https://example.org/\n" T_TAIL
	        "[extract]\nitems = //div\nrating_best = cinq\n",
	        "mine.ini:15: [extract].rating_best: 'cinq': expected a number");
	refused("mine.ini", T_HEAD "url = https://example.org/\nthis line has no equals sign\n" T_TAIL,
	        "mine.ini:6: expected [section], key = value, or a comment");
	long_line = malloc(9001);
	if (long_line) {
		char *text;
		memset(long_line, 'a', 9000);
		long_line[9000] = '\0';
		if (asprintf(&text, T_HEAD "url = https://example.org/%s\n" T_TAIL, long_line) >= 0) {
			refused("mine.ini", text, "mine.ini:5: line of 9026 bytes: lines are read up to 8192 bytes");
			free(text);
		}
		free(long_line);
	}
	free(user);
}

/* The [extract] rules as the page reader takes them. */
static void
page_rules(void)
{
	rw_err err = { 0 };
	rw_sources *s = rw_sources_load(FEEDS_DIR, NULL, &err);
	rw_page_rules r;
	const rw_template *t;

	ok(s != NULL, "shipped templates: %s", err.msg);
	if (!s)
		return;
	t = rw_sources_find(s, "example-review-page");
	ok(t && rw_template_page_rules(t, &r) == 0, "example-review-page has page rules");
	if (t) {
		ok(!r.xml && !r.schema_org && r.rating_best == 5 && r.rating_worst == 1, "parser html, no schema.org, scale 1-5");
		is_str(r.items, "//div[@class='review']", "items");
		is_str(r.rating, ".//span[@class='stars']/@data-rating", "rating");
		ok(r.subject == NULL, "no subject rule: the page's title says whom it is about");
	}
	t = rw_sources_find(s, "pubmed-esearch");
	ok(t && rw_template_page_rules(t, &r) == 0 && r.xml && r.rating_best == 0 && r.rating_worst == -1,
	   "pubmed-esearch: parser xml, no scale given");
	is_str(t ? r.subject : NULL, "//QueryTranslation", "its subject: the search as PubMed read it");
	t = rw_sources_find(s, "review-page-schema");
	ok(t && rw_template_page_rules(t, &r) == 0 && r.schema_org && r.items, "review-page-schema: schema.org and microdata");
	t = rw_sources_find(s, "google-news-fr");
	ok(t && rw_template_page_rules(t, &r) == -1 && r.items == NULL, "a feed template has none");
	rw_sources_free(&s);
}

static void
data_dir(void)
{
	rw_err err = { 0 };
	char *d;

	setenv("REPWATCH_DATADIR", FEEDS_DIR, 1);
	d = rw_sources_data_dir(&err);
	is_str(d, FEEDS_DIR, "REPWATCH_DATADIR is used first");
	free(d);
	setenv("REPWATCH_DATADIR", dir, 1);
	d = rw_sources_data_dir(&err);
	ok(d == NULL && strstr(err.msg, "has no templates/ folder"), "a REPWATCH_DATADIR without templates: %s",
	   err.msg);
	free(d);
	unsetenv("REPWATCH_DATADIR");
	rw_err_clear(&err);
	d = rw_sources_data_dir(&err);
	/* never the source tree's: no build path is compiled in */
	ok(d ? !strcmp(d, RW_PKGDATADIR) : !!strstr(err.msg, "set REPWATCH_DATADIR"),
	   "without it: the installed data, or an error that says to set it: %s", d ? d : err.msg);
	free(d);
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	d = rw_sources_user_dir(&err);
	is_str(d, "/x/conf/repwatch/templates", "user templates under XDG_CONFIG_HOME");
	free(d);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/j", 1);
	d = rw_sources_user_dir(&err);
	is_str(d, "/home/j/.config/repwatch/templates", "a relative XDG_CONFIG_HOME is ignored");
	free(d);
}

int
main(void)
{
	if (!mkdtemp(dir))
		return 99;
	encoding_table();
	derived_table();
	shipped();
	overrides();
	page_rules();
	data_dir();
	{
		char *cmd;
		if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0) {
			if (system(cmd) != 0)
				fprintf(stderr, "# could not remove %s\n", dir);
			free(cmd);
		}
	}
	return tap_done();
}
