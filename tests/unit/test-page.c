/* SPDX-License-Identifier: MIT */
/* test-page.c - rw_parse_page(): XPath rules as written in feeds/templates,
 * schema.org JSON-LD (and the broken JSON real pages carry) and microdata,
 * charset sniffing of HTML pages, and the feed/page boundary. */
#include "date.h"
#include "parse.h"
#include "schemaorg.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE TEST_DATA "/../../feeds/templates/examples/review-page.html"
#define PAGE_URL "https://example.org/praticiens/jeanne-dupont/avis"

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	if (buf)
		buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static rw_feed *
page(const char *html, const char *ct, const rw_page_rules *rules, rw_err *err)
{
	rw_parse_opts o;

	memset(&o, 0, sizeof(o));
	o.url = PAGE_URL;
	o.content_type = ct;
	rw_err_clear(err);
	return rw_parse_page(html, strlen(html), &o, rules, err);
}

/* The rules of feeds/templates/example-review-page.ini. */
static void
xpath_rules(const char *html)
{
	rw_page_rules r;
	rw_err err;
	rw_feed *f;
	char d[32];
	static const double ratings[] = { 5, 4, 2, 1 };
	size_t i;

	memset(&r, 0, sizeof(r));
	r.items = "//div[@class='review']";
	r.title = ".//h3";
	r.link = ".//h3/a/@href";
	r.date = ".//time/@datetime";
	r.text = ".//p[@class='body']";
	r.rating = ".//span[@class='stars']/@data-rating";
	r.author = ".//span[@class='author']";
	r.rating_best = 5;
	f = page(html, "text/html; charset=utf-8", &r, &err);
	ok(f != NULL, "fixture read with XPath rules (%s)", err.msg);
	if (!f)
		return;
	is_str(f->format, "html", "format html");
	is_int((long long)f->nitems, 4, "four reviews");
	is_int((long long)f->nreviews, 0, "no schema.org reading when not asked");
	for (i = 0; i < 4 && i < f->nitems; i++)
		ok(f->items[i].rating == ratings[i] && f->items[i].rating_best == 5, "rating %zu is %g/5", i + 1,
		   ratings[i]);
	if (f->nitems >= 1) {
		is_str(f->items[0].title, "Très à l'écoute", "title");
		is_str(f->items[0].link, PAGE_URL "#avis-1", "link resolved against the page URL");
		is_str(f->items[0].author, "Camille R.", "author");
		is_str(rw_date_format(f->items[0].published, d, sizeof(d)), "2025-03-14T00:00:00Z", "date");
		ok(f->items[0].content && !strncmp(f->items[0].content, "Consultation pour un eczéma", 27), "text");
	}
	is_str(f->title, "Avis patients - Dr Jeanne Dupont, dermatologue à Lyon (page de démonstration)",
	       "page title");
	is_str(f->subject, f->title, "subject: the page's title when no rule says otherwise");
	rw_feed_free(f);

	/* both: schema.org reviews that the rules found already are merged */
	r.schema_org = 1;
	f = page(html, NULL, &r, &err);
	ok(f && f->nitems == 4 && f->nreviews == 4, "rules + schema.org: 4 items, 4 reviews");
	is_str(f ? f->subject : NULL,
	       "Avis patients - Dr Jeanne Dupont, dermatologue à Lyon (page de démonstration)\nDr Jeanne Dupont",
	       "subject: the title, then the thing the schema.org data reviews, once");
	rw_feed_free(f);

	r.subject = "//div[@class='header']/h1";
	f = page(html, NULL, &r, &err);
	is_str(f ? f->subject : NULL, "Dr Jeanne Dupont", "a subject rule, evaluated on the page: replaces the title");
	rw_feed_free(f);
	r.subject = "//h1[";
	f = page(html, NULL, &r, &err);
	ok(f == NULL && strstr(err.msg, "subject = //h1[") && strstr(err.msg, "XPath"),
	   "a broken subject rule is refused, naming it: %s", err.msg);
	r.subject = NULL;

	r.rating = ".//span[";
	f = page(html, NULL, &r, &err);
	ok(f == NULL && strstr(err.msg, "rating") && strstr(err.msg, "XPath"),
	   "a broken rule is refused, naming it: %s", err.msg);
}

/* parser = xml, as feeds/templates/pubmed-esearch.ini */
static void
xml_rules(void)
{
	static const char doc[] = "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE eSearchResult PUBLIC "
		"'-//NLM//DTD esearch 20060628//EN' 'https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd'>"
		"<eSearchResult><Count>2</Count><IdList><Id>12345</Id>\n<Id> 67890 </Id></IdList>"
		"<QueryTranslation>\"dupont jeanne\"[Author]</QueryTranslation></eSearchResult>";
	rw_page_rules r;
	rw_err err;
	rw_feed *f;

	memset(&r, 0, sizeof(r));
	r.xml = 1;
	r.items = "//IdList/Id";
	r.title = "concat('PubMed PMID ', normalize-space(.))";
	r.link = "concat('https://pubmed.ncbi.nlm.nih.gov/', normalize-space(.), '/')";
	f = page(doc, "text/xml", &r, &err);
	ok(f && !strcmp(f->format, "xml") && f->nitems == 2, "XML page: two items (%s)", err.msg);
	if (f && f->nitems == 2) {
		is_str(f->items[1].title, "PubMed PMID 67890", "XML page: title from concat()");
		is_str(f->items[1].link, "https://pubmed.ncbi.nlm.nih.gov/67890/", "XML page: link");
	}
	ok(f && f->subject == NULL, "no <title>, no subject rule: no subject");
	rw_feed_free(f);
	r.subject = "//QueryTranslation";
	f = page(doc, "text/xml", &r, &err);
	is_str(f ? f->subject : NULL, "\"dupont jeanne\"[Author]", "subject = //QueryTranslation: whom the search is for");
	rw_feed_free(f);
	f = page("<!DOCTYPE html><html><body><h1>Service indisponible</h1></body></html>", "text/xml", &r, &err);
	ok(f == NULL && err.code == RW_E_PARSE && strstr(err.msg, "HTML page"),
	   "an HTML (error) page where the rules read XML is refused: %s", err.msg);
	rw_feed_free(f);
}

static void
schema_fixture(const char *html)
{
	rw_err err;
	rw_feed *f = page(html, NULL, NULL, &err);

	ok(f != NULL, "fixture read for schema.org (%s)", err.msg);
	if (!f)
		return;
	is_int((long long)f->nreviews, 4, "four JSON-LD reviews");
	ok(f->aggregate.value == 3 && f->aggregate.best == 5 && f->aggregate.count == 4,
	   "aggregate rating 3/5 from 4");
	is_str(f->aggregate.item_reviewed, "Dr Jeanne Dupont", "aggregate: thing reviewed");
	if (f->nreviews == 4) {
		ok(f->reviews[3].rating == 1 && f->reviews[3].best == 5 && f->reviews[3].worst == 1,
		   "review rating with best and worst");
		is_str(f->reviews[0].author, "Camille R.", "review author");
		is_str(f->reviews[0].item_reviewed, "Dr Jeanne Dupont", "review: thing reviewed");
	}
	ok(f->nitems == 4 && f->items[1].rating == 4 && f->items[1].rating_best == 5,
	   "reviews become items carrying their rating");
	rw_feed_free(f);
}

struct ld_case {
	const char *what;
	const char *html;
	double rating, best, agg, count;
	const char *body;
};

#define LD(x) "<html><head><script type='application/ld+json'>" x "</script></head><body></body></html>"

static const struct ld_case ld_cases[] = {
	{ "array of objects", LD("[{\"@type\":\"Review\",\"reviewRating\":{\"ratingValue\":\"4\"}}]"), 4, -1, -1, -1, NULL },
	{ "@graph", LD("{\"@graph\":[{\"@type\":\"LocalBusiness\",\"review\":{\"reviewRating\":{\"ratingValue\":2,"
	  "\"bestRating\":10},\"reviewBody\":\"Bien\"}}]}"), 2, 10, -1, -1, "Bien" },
	{ "full IRI type", LD("{\"@type\":\"http://schema.org/Review\",\"reviewRating\":\"3\"}"), 3, -1, -1, -1, NULL },
	{ "HTML comment wrapper", LD("<!-- {\"@type\":\"Review\",\"reviewRating\":\"5\"} -->"), 5, -1, -1, -1, NULL },
	{ "CDATA wrapper", LD("//<![CDATA[\n{\"@type\":\"Review\",\"reviewRating\":\"1\"}\n//]]>"), 1, -1, -1, -1, NULL },
	{ "JavaScript comments", LD("/* c */ {\"@type\":\"Review\", // x\n \"reviewRating\":\"2\"}"), 2, -1, -1, -1, NULL },
	{ "control characters in strings", LD("{\"@type\":\"Review\",\"reviewBody\":\"a\nb\tc\",\"reviewRating\":\"4\"}"),
	  4, -1, -1, -1, "a b c" },
	{ "trailing brace", LD("{\"@type\":\"Review\",\"reviewRating\":\"4\"}}"), 4, -1, -1, -1, NULL },
	{ "decimal comma, ratingCount", LD("{\"@type\":\"Physician\",\"aggregateRating\":{\"ratingValue\":\"4,5\","
	  "\"ratingCount\":\"12\"}}"), -1, -1, 4.5, 12, NULL },
	{ "not JSON at all", LD("this is not json"), -1, -1, -1, -1, NULL },
	{ "microdata", "<div itemscope itemtype='https://schema.org/MedicalBusiness'><span itemprop='name'>C</span>"
	  "<div itemprop='aggregateRating' itemscope itemtype='https://schema.org/AggregateRating'>"
	  "<meta itemprop='ratingValue' content='3'><span itemprop='reviewCount'>7</span></div>"
	  "<div itemprop='review' itemscope itemtype='https://schema.org/Review'>"
	  "<div itemprop='reviewRating' itemscope itemtype='https://schema.org/Rating'>"
	  "<meta itemprop='ratingValue' content='2'><meta itemprop='bestRating' content='5'></div>"
	  "<p itemprop='reviewBody'>Exp\xC3\xA9" "di\xC3\xA9.</p></div></div>", 2, 5, 3, 7, "Expédié." },
	{ "itemref in a cycle, to itself and to nothing",
	  "<div id='a' itemscope itemtype='https://schema.org/Physician' itemref='a r nowhere'><b itemprop='name'>C</b></div>"
	  "<div id='r' itemprop='review' itemscope itemtype='https://schema.org/Review' itemref='a s'>"
	  "<meta itemprop='reviewRating' content='4'></div>"
	  "<div id='s' itemprop='x' itemscope itemref='r s'></div>", 4, -1, -1, -1, NULL },
	{ "RDFa Lite without vocab is not schema.org",
	  "<div typeof='Review'><span property='reviewRating'>4</span></div>", -1, -1, -1, -1, NULL },
	{ "RDFa Lite review outside any node",
	  "<div vocab='http://schema.org' property='review' typeof='Review'><span property='reviewRating'>2</span>"
	  "<p property='reviewBody'>Bien</p></div>", 2, -1, -1, -1, "Bien" },
};

static void
jsonld_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(ld_cases) / sizeof(ld_cases[0]); i++) {
		const struct ld_case *c = &ld_cases[i];
		rw_err err;
		rw_feed *f = page(c->html, "text/html", NULL, &err);
		if (!f) {
			ok(0, "%s: read (%s)", c->what, err.msg);
			continue;
		}
		if (c->rating < 0)
			is_int((long long)f->nreviews, 0, "%s: no review", c->what);
		else
			ok(f->nreviews == 1 && f->reviews[0].rating == c->rating && f->reviews[0].best == c->best,
			   "%s: rating %g best %g", c->what, c->rating, c->best);
		ok(f->aggregate.value == c->agg && f->aggregate.count == c->count, "%s: aggregate %g (%g)", c->what,
		   c->agg, c->count);
		if (c->body)
			is_str(f->nreviews ? f->reviews[0].body : NULL, c->body, "%s: body", c->what);
		rw_feed_free(f);
	}
	ok(rw_schemaorg_number(" 4,5 / 5") == 4.5, "number with a decimal comma");
	ok(rw_schemaorg_number("none") < 0, "no number");
}

/* tests/data/structured: one review page in each markup form, with the
 * noise real pages carry (breadcrumbs, ads, "similar doctors" boxes). */
struct want_review {
	const char *author, *date, *body;
	double rating;
	const char *link;   /* its url, @id or element id (an anchor): its identity */
};

static void
structured_page(const char *file, const char *url, const char *thing, double agg, double count,
                const struct want_review *want, size_t n)
{
	char path[4096], d[32];
	size_t len = 0, i;
	char *html;
	rw_parse_opts o;
	rw_err err = { 0 };
	rw_feed *f;

	snprintf(path, sizeof(path), "%s/structured/%s", TEST_DATA, file);
	html = slurp(path, &len);
	ok(html != NULL, "%s: fixture", file);
	if (!html)
		return;
	memset(&o, 0, sizeof(o));
	o.url = url;
	o.content_type = "text/html; charset=utf-8";
	f = rw_parse_page(html, len, &o, NULL, &err);
	ok(f != NULL, "%s: read (%s)", file, err.msg);
	free(html);
	if (!f)
		return;
	is_int((long long)f->nreviews, (long long)n, "%s: %zu reviews, none from the similar doctors", file, n);
	for (i = 0; i < n && i < f->nreviews; i++) {
		const rw_review *r = &f->reviews[i];
		is_str(r->author, want[i].author, "%s: review %zu author", file, i);
		rw_date_format(r->date, d, sizeof(d));
		is_str(d, want[i].date, "%s: review %zu date", file, i);
		is_str(r->body, want[i].body, "%s: review %zu body", file, i);
		ok(r->rating == want[i].rating, "%s: review %zu rating %g (%g)", file, i, want[i].rating, r->rating);
		is_str(r->item_reviewed, thing, "%s: review %zu is about %s", file, i, thing);
		is_str(r->link, want[i].link, "%s: review %zu link", file, i);
	}
	ok(f->aggregate.value == agg && f->aggregate.count == count, "%s: aggregate %g from %g (%g from %g)", file, agg,
	   count, f->aggregate.value, f->aggregate.count);
	is_str(f->aggregate.item_reviewed, thing, "%s: aggregate is about %s", file, thing);
	ok(f->subject && strstr(f->subject, thing), "%s: the subject names %s", file, thing);
	rw_feed_free(f);
}

static void
structured(void)
{
	/* itemref, itemtype and itemprop lists, itemid, a review outside any item */
	static const struct want_review md[] = {
		{ "Margaux T.", "2026-09-14T00:00:00Z", "Très à l'écoute, diagnostic rapide.", 5,
		  "https://medavis.example/dr-lea-vautrinot#avis-1001" },
		{ "Hervé L.", "2026-10-02T00:00:00Z", "Excellent médecin.", 2,
		  "https://medavis.example/dr-lea-vautrinot#avis-1002" },
		{ "Sophie K.", "2026-10-20T00:00:00Z", "Excellent médecin.", 4, NULL },
	};
	/* @graph whose Physician lists its reviews by @id; authors and
	 * AggregateRating by reference, relative and absolute @id */
	static const struct want_review ld[] = {
		{ "Gareth P.", "2026-08-03T00:00:00Z", "Explained the operation clearly and calmly.", 4,
		  "https://clinicrate.example/ent/leeds/owen-harrowgate#review-31" },
		{ "Nell W.", "2026-09-11T00:00:00Z", "Long wait, but a good doctor.", 3,
		  "https://clinicrate.example/ent/leeds/owen-harrowgate#review-32" },
		{ "Amira S.", "2026-10-01T00:00:00Z", "Fine.", 3,
		  "https://clinicrate.example/ent/leeds/owen-harrowgate#review-33" },
	};
	/* RDFa Lite: vocab, typeof lists, property lists, resource, prefix,
	 * full IRIs and the initial context's schema: prefix */
	static const struct want_review rdfa[] = {
		{ "Aline B.", "2026-07-19T00:00:00Z", "Suivi de grossesse rassurant, merci !", 5,
		  "https://soinsnote.example/ines-marbodin#avis-501" },
		{ "Julie V.", "2026-08-30T00:00:00Z", "Excellent médecin.", 3,
		  "https://soinsnote.example/ines-marbodin#avis-502" },
		{ "Chloé D.", "2026-10-05T00:00:00Z", "Excellent médecin.", 4, NULL },
	};

	structured_page("itemref.html", "https://medavis.example/dr-lea-vautrinot", "Dr Léa Vautrinot", 3.5, 4, md, 3);
	structured_page("graph-id.html", "https://clinicrate.example/ent/leeds/owen-harrowgate", "Dr Owen Harrowgate",
	                3.5, 3, ld, 3);
	structured_page("rdfa.html", "https://soinsnote.example/ines-marbodin", "Dr Inès Marbodin", 4, 3, rdfa, 3);
}

static void
charsets(void)
{
	char html[2048];
	rw_err err;
	rw_feed *f;

	/* <meta charset> after byte 1024, no HTTP charset */
	snprintf(html, sizeof(html), "<html><head><!-- %01100d --><meta charset='iso-8859-1'>"
	         "<title>Fr\xE9" "d\xE9ric</title></head></html>", 0);
	f = page(html, "text/html", NULL, &err);
	ok(f && f->title && !strcmp(f->title, "Frédéric"), "meta charset after byte 1024");
	if (f)
		is_str(f->encoding, "windows-1252", "page encoding reported");
	rw_feed_free(f);
	f = page("<html><head><meta charset='iso-8859-1'><title>\xC3\xA9t\xC3\xA9</title></head></html>", NULL, NULL, &err);
	ok(f && f->title && !strcmp(f->title, "été"), "valid UTF-8 wins over a lying meta");
	rw_feed_free(f);
	f = page("<html><head><title>\xE9</title></head></html>", "text/html; charset=koi8-r", NULL, &err);
	ok(f && f->title && !strcmp(f->title, "И"), "HTTP charset wins for pages");
	rw_feed_free(f);
}

static void
boundary(const char *html, size_t len)
{
	rw_parse_opts o;
	rw_err err = { 0 };
	rw_feed *f;

	memset(&o, 0, sizeof(o));
	o.url = PAGE_URL;
	f = rw_parse_feed(html, len, &o, &err);
	ok(f == NULL && strstr(err.msg, "HTML page, not a feed"), "rw_parse_feed still refuses a page: %s", err.msg);
	rw_err_clear(&err);
	f = rw_parse_any(html, len, &o, &err);
	ok(f && !strcmp(f->format, "html") && f->nreviews == 4, "rw_parse_any reads it as a page");
	rw_feed_free(f);
	f = rw_parse_page("", 0, &o, NULL, &err);
	ok(f == NULL && err.code == RW_E_PARSE, "an empty page is refused");
}

int
main(void)
{
	size_t len;
	char *html = slurp(FIXTURE, &len);

	ok(html != NULL, "fixture %s", FIXTURE);
	if (html) {
		xpath_rules(html);
		schema_fixture(html);
		boundary(html, len);
	}
	xml_rules();
	jsonld_cases();
	structured();
	charsets();
	free(html);
	return tap_done();
}
