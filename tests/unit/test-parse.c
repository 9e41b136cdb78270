/* SPDX-License-Identifier: MIT */
#include "date.h"
#include "parse.h"
#include "tap.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static rw_feed *
parse(const char *xml, const char *url, const char *ct, rw_err *err)
{
	rw_parse_opts o;
	memset(&o, 0, sizeof(o));
	o.url = url;
	o.content_type = ct;
	rw_err_clear(err);
	return rw_parse_feed(xml, strlen(xml), &o, err);
}

static const char rss20[] =
	"<?xml version='1.0' encoding='utf-8'?>\n"
	"<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/' "
	"xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
	"<title>Le Progrès &amp; santé</title><link>https://example.org/</link>"
	"<description>Actualités</description>"
	"<item><title>Dr Dupont ouvre un cabinet</title><link>/a/1</link>"
	"<guid isPermaLink='false'>id-1</guid>"
	"<description>&lt;p&gt;La &lt;b&gt;dermatologue&lt;/b&gt; caf&amp;eacute;&lt;/p&gt;</description>"
	"<content:encoded><![CDATA[<p>Texte <em>complet</em></p>]]></content:encoded>"
	"<dc:creator>Marie</dc:creator>"
	"<pubDate>Mon, 06 Jan 2025 08:00:00 GMT</pubDate></item>"
	"<item><title>Second</title><pubDate>garbage</pubDate></item>"
	"</channel></rss>";

static const char atom[] =
	"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://blog.example.net/x/'>"
	"<title type='html'>A &lt;i&gt;blog&lt;/i&gt;</title>"
	"<subtitle>1 &lt; 2</subtitle>"
	"<link rel='self' href='/feed'/><link href='/home'/>"
	"<author><name>Paul</name></author>"
	"<entry><id> urn:x:1 </id><title>Entry</title>"
	"<link rel='alternate' href='post.html'/>"
	"<summary type='text'>a &lt;b&gt; not a tag</summary>"
	"<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>Dr <strong>Vautrin</strong></div></content>"
	"<published>2025-01-06T08:00:00+01:00</published><updated>2025-01-07T00:00:00Z</updated>"
	"</entry></feed>";

static const char rss10[] =
	"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/' "
	"xmlns:dc='http://purl.org/dc/elements/1.1/'>"
	"<channel rdf:about='https://r.example/'><title>RDF</title><link>https://r.example/</link></channel>"
	"<item rdf:about='https://r.example/1'><title>One</title><link>https://r.example/1</link>"
	"<dc:date>2025-01-06T08:00:00Z</dc:date></item>"
	"<item rdf:about='https://r.example/2'><title>Two</title><link>https://r.example/2</link></item>"
	"</rdf:RDF>";

/* One field of the first item (or of the feed) after parsing a document. */
struct field_case {
	const char *what;
	const char *doc;
	const char *content_type;
	const char *field;   /* "title", "item.title", "item.author"... */
	const char *want;    /* NULL: absent */
};

static const char *
field_of(const rw_feed *f, const char *name)
{
	const rw_item *it = f->nitems ? &f->items[0] : NULL;
	static char date[32];

	if (!strcmp(name, "title")) return f->title;
	if (!strcmp(name, "link")) return f->link;
	if (!strcmp(name, "subtitle")) return f->subtitle;
	if (!strcmp(name, "author")) return f->author;
	if (!strcmp(name, "encoding")) return f->encoding;
	if (!strcmp(name, "format")) return f->format;
	if (!it) return "(no item)";
	if (!strcmp(name, "item.title")) return it->title;
	if (!strcmp(name, "item.link")) return it->link;
	if (!strcmp(name, "item.id")) return it->id;
	if (!strcmp(name, "item.author")) return it->author;
	if (!strcmp(name, "item.summary")) return it->summary;
	if (!strcmp(name, "item.content")) return it->content;
	if (!strcmp(name, "item.summary_html")) return it->summary_html;
	if (!strcmp(name, "item.updated")) return rw_date_format(it->updated, date, sizeof(date));
	if (!strcmp(name, "item.published")) return rw_date_format(it->published, date, sizeof(date));
	return "(unknown field)";
}

#define RSS(x) "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/' " \
	"xmlns:dcterms='http://purl.org/dc/terms/' xmlns:media='http://search.yahoo.com/mrss/' " \
	"xmlns:atom='http://www.w3.org/2005/Atom'><channel>" x "</channel></rss>"
#define ITEM(x) RSS("<item>" x "</item>")
#define ATOM(x) "<feed xmlns='http://www.w3.org/2005/Atom'>" x "</feed>"
#define ENTRY(x) ATOM("<entry>" x "</entry>")

static const struct field_case field_cases[] = {
	{ "HTML entity in RSS", RSS("<title>caf&eacute; &copy; cr&egrave;me</title>"), NULL, "title", "café © crème" },
	{ "double-escaped entity", ITEM("<description>&amp;amp;eacute;t&amp;amp;eacute;</description>"), NULL,
	  "item.summary", "été" },
	{ "unknown entity kept", RSS("<title>a &nosuch; b</title>"), NULL, "title", "a &nosuch; b" },
	{ "entities after an error", RSS("<title>AT&T &amp; &quot;co&quot;</title>"), NULL, "title", "AT&T & \"co\"" },
	{ "&#X41; read as &#x41;", RSS("<title>&#X41;</title>"), NULL, "title", "A" },
	{ "document's own entity", "<!DOCTYPE rss [<!ENTITY id 'tag:example.com,'>]>" ITEM("<guid>&id;2006</guid>"),
	  NULL, "item.id", "tag:example.com,2006" },
	{ "Atom base64", ENTRY("<title type='image/gif'>RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title>"), NULL,
	  "item.title", "Example Atom" },
	{ "Atom 0.3 mode=base64", "<feed version='0.3' xmlns='http://purl.org/atom/ns#'><title mode='base64'>"
	  "RXhhbXBsZQ==</title></feed>", NULL, "title", "Example" },
	{ "Atom 0.3 format", "<feed version='0.3' xmlns='http://purl.org/atom/ns#'/>", NULL, "format", "atom03" },
	{ "escaped markup shown", ENTRY("<summary type='html'>&lt;p&gt;1 &amp;lt; 2&lt;/p&gt;</summary>"), NULL,
	  "item.summary", "1 < 2" },
	{ "xhtml text", ENTRY("<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>History of "
	  "the &lt;blink&gt; tag</div></title>"), NULL, "item.title", "History of the <blink> tag" },
	{ "content summarises an entry", ENTRY("<content type='html'>&lt;b&gt;x&lt;/b&gt;</content>"), NULL,
	  "item.summary", "x" },
	{ "author Name (e-mail)", ITEM("<author>me@example.com (Jeanne Dupont)</author>"), NULL, "item.author",
	  "Jeanne Dupont" },
	{ "author e-mail (Name)", RSS("<managingEditor>Jeanne Dupont (me@example.com)</managingEditor>"), NULL,
	  "author", "Jeanne Dupont" },
	{ "dc:author", ITEM("<dc:author>Marie</dc:author>"), NULL, "item.author", "Marie" },
	{ "dc:title fallback", ITEM("<dc:title>T</dc:title>"), NULL, "item.title", "T" },
	{ "media:title last", ITEM("<media:title>M</media:title><title>R</title>"), NULL, "item.title", "R" },
	{ "dcterms:modified", ITEM("<dcterms:modified>2003-12-31T10:14:55Z</dcterms:modified>"), NULL,
	  "item.updated", "2003-12-31T10:14:55Z" },
	{ "atom:link in RSS", RSS("<atom:link rel='self' href='/self'/><atom:link href='https://e.org/'/>"), NULL,
	  "link", "https://e.org/" },
	{ "relative id resolved", "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='http://e.org/a/'>"
	  "<entry><id>/relative/link</id></entry></feed>", NULL, "item.id", "http://e.org/relative/link" },
	{ "opaque id kept", ITEM("<guid isPermaLink='false'>id-1</guid>"), NULL, "item.id", "id-1" },
	{ "RSS in a namespace", "<r:rss xmlns:r='http://backend.userland.com/rss2'><r:channel><r:item>"
	  "<r:description>ok</r:description><x:description xmlns:x='urn:x'>no</x:description></r:item>"
	  "</r:channel></r:rss>", NULL, "item.summary", "ok" },
	{ "element names in any case", "<rss><channel><TiTlE>T</TiTlE></channel></rss>", NULL, "title", "T" },
	{ "CDF", "<CHANNEL HREF='http://e.org/'><ITEM HREF='/i' LASTMOD='2004-04-06T23:05:43-05:00'>"
	  "<TITLE>t</TITLE></ITEM></CHANNEL>", NULL, "item.updated", "2004-04-07T04:05:43Z" },
	{ "xhtml body in RSS", ITEM("<body xmlns='http://www.w3.org/1999/xhtml'><p>Example</p></body>"), NULL,
	  "item.content", "Example" },
	{ "relative links in kept markup", "<rss xml:base='https://e.org/feed/'><channel><item><description>"
	  "&lt;a href=\"/rel\"&gt;x&lt;/a&gt; &lt;img src=\"i.png\"&gt;</description></item></channel></rss>", NULL,
	  "item.summary_html", "<a href=\"https://e.org/rel\">x</a> <img src=\"https://e.org/feed/i.png\">" },
	{ "and the text beside them", "<rss xml:base='https://e.org/feed/'><channel><item><description>"
	  "&lt;a href=\"/rel\"&gt;x&lt;/a&gt; y</description></item></channel></rss>", NULL, "item.summary", "x y" },
	/* encodings */
	{ "lying prolog", "<?xml version='1.0' encoding='iso-8859-1'?>" RSS("<title>Caf\xC3\xA9</title>"), NULL,
	  "title", "Café" },
	{ "windows-1252 labelled Latin-1", "<?xml version='1.0' encoding='iso-8859-1'?>" RSS("<title>\x80 \x96</title>"),
	  NULL, "title", "€ –" },
	{ "invalid UTF-8 falls back", RSS("<title>don\x92t</title>"), NULL, "title", "don’t" },
	{ "HTTP charset wins", "<?xml version='1.0' encoding='utf-8'?>" RSS("<title>\xE9</title>"),
	  "text/xml; charset=windows-1252", "title", "é" },
	{ "unknown charset ignored", "<?xml version='1.0' encoding='bogus'?>" RSS("<title>\xC3\xA9</title>"), NULL,
	  "encoding", "utf-8" },
	{ "control characters dropped", RSS("<title>a\x01" "b\x0B</title>"), NULL, "title", "ab" },
};

static void
run_field_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(field_cases) / sizeof(field_cases[0]); i++) {
		const struct field_case *c = &field_cases[i];
		rw_parse_opts o;
		rw_err err = { 0 };
		rw_feed *f;
		const char *got;

		memset(&o, 0, sizeof(o));
		o.content_type = c->content_type;
		f = rw_parse_feed(c->doc, strlen(c->doc), &o, &err);
		if (!f) {
			ok(0, "%s: parses (%s)", c->what, err.msg);
			continue;
		}
		got = field_of(f, c->field);
		if (c->want)
			is_str(got, c->want, "%s: %s", c->what, c->field);
		else
			ok(got == NULL || !*got, "%s: %s absent", c->what, c->field);
		rw_feed_free(f);
	}
}

/* A UTF-16 document with a BOM, and UTF-32 without one. */
static void
wide_encodings(void)
{
	static const char utf16[] = "\xFF\xFE<\0r\0s\0s\0>\0<\0c\0h\0a\0n\0n\0e\0l\0>\0<\0t\0i\0t\0l\0e\0>\0"
	                            "\xE9\0<\0/\0t\0i\0t\0l\0e\0>\0<\0/\0c\0h\0a\0n\0n\0e\0l\0>\0<\0/\0r\0s\0s\0>\0";
	rw_err err = { 0 };
	rw_feed *f = rw_parse_feed(utf16, sizeof(utf16) - 1, NULL, &err);

	ok(f && f->title && !strcmp(f->title, "é"), "UTF-16LE with BOM");
	if (f)
		is_str(f->encoding, "utf-16le", "UTF-16LE reported");
	rw_feed_free(f);
}

/* Nesting far past libxml2's depth limit, and entity tricks: read or
 * refused, never a crash, never unbounded. */
static void
hostile_documents(void)
{
	enum { DEPTH = 100000 };
	char *deep = malloc(DEPTH * 7 + 200);
	size_t n = 0, i;
	rw_err err = { 0 };
	rw_feed *f;

	if (!deep) {
		ok(0, "memory for the deep document");
		return;
	}
	n += (size_t)sprintf(deep, "<rss><channel><item><description>");
	for (i = 0; i < DEPTH; i++)
		n += (size_t)sprintf(deep + n, "<b>");
	n += (size_t)sprintf(deep + n, "deep");
	for (i = 0; i < DEPTH; i++)
		n += (size_t)sprintf(deep + n, "</b>");
	n += (size_t)sprintf(deep + n, "</description></item></channel></rss>");
	f = rw_parse_feed(deep, n, NULL, &err);
	ok(f != NULL && !f->wellformed, "100000 nested elements: read, marked ill-formed (%s)",
	   f && f->error ? f->error : err.msg);
	rw_feed_free(f);
	free(deep);

	/* a parameter entity pointing at the network is never fetched */
	f = parse("<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY % pe SYSTEM 'http://127.0.0.1:1/x.dtd'> %pe;]>"
	          "<rss><channel><title>t</title></channel></rss>", NULL, NULL, &err);
	ok(f && f->title && !strcmp(f->title, "t"), "parameter entity ignored, document read");
	rw_feed_free(f);

	/* quadratic blow-up: one 1000-byte entity referenced 5000 times */
	{
		char *doc = malloc(30000);
		size_t k = 0;
		k += (size_t)sprintf(doc + k, "<!DOCTYPE r [<!ENTITY a '");
		for (i = 0; i < 1000; i++)
			doc[k++] = 'x';
		k += (size_t)sprintf(doc + k, "'>]><rss><channel><title>");
		for (i = 0; i < 5000; i++)
			k += (size_t)sprintf(doc + k, "&a;");
		k += (size_t)sprintf(doc + k, "</title></channel></rss>");
		f = rw_parse_feed(doc, k, NULL, &err);
		ok(f && f->title && strlen(f->title) <= (1u << 20) + 1000 && !f->wellformed,
		   "entity expansion stops at 1 MiB and says so");
		rw_feed_free(f);
		free(doc);
	}
}

static double
seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Issue 17: no body holds a source past its budget, and a signal stops a
 * parse. */
static void
budgets(void)
{
	rw_err err = { 0 };
	rw_parse_opts o = { 0 };
	volatile sig_atomic_t stop = 0;
	rw_feed *f;
	char *doc;
	size_t n = 0, i;
	double t;

	/* 200,000 attributes on one element: libxml2 would take minutes */
	doc = malloc(200000 * 2 + 300);
	n += (size_t)sprintf(doc, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item");
	for (i = 0; i < 200000; i++)
		n += (size_t)sprintf(doc + n, " a");
	n += (size_t)sprintf(doc + n, "><title>t</title></item></channel></rss>");
	t = seconds();
	f = rw_parse_feed(doc, n, NULL, &err);
	ok(!f && err.code == RW_E_PARSE && strstr(err.msg, "too much work: too many attributes on one element"),
	   "200,000 attributes on one element: refused with a named error (%s)", err.msg);
	ok(seconds() - t < 1, "and at once (%.2f s)", seconds() - t);
	rw_feed_free(f);

	/* the same document, once stopped: RW_E_INTR */
	stop = 1;
	o.stop = &stop;
	rw_err_clear(&err);
	f = rw_parse_feed(rss20, strlen(rss20), &o, &err);
	ok(!f && err.code == RW_E_INTR, "a parse whose stop flag is set gives up: %s", err.msg);
	rw_feed_free(f);
	rw_err_clear(&err);
	f = rw_parse_page("<html><body><p>x</p></body></html>", 34, &o, NULL, &err);
	ok(!f && err.code == RW_E_INTR, "a page too: %s", err.msg);
	rw_feed_free(f);
	free(doc);

	/* nested microdata items under several itemprop names: each walked
	 * once (was names^depth: 32 levels, practically forever) */
	{
		size_t cap = 64 * 200 + 1000;
		char *page = malloc(cap);
		int d;
		n = (size_t)sprintf(page, "<html><body><div itemscope itemtype=\"https://schema.org/Physician\">"
		                          "<span itemprop=\"name\">Dr Jeanne Dupont</span>");
		for (d = 0; d < 32; d++)
			n += (size_t)sprintf(page + n, "<div itemscope itemprop=\"review reviews author\" "
			                               "itemtype=\"https://schema.org/Review\">");
		n += (size_t)sprintf(page + n, "<span itemprop=\"reviewBody\">Très bien</span>");
		for (d = 0; d < 32; d++)
			n += (size_t)sprintf(page + n, "</div>");
		n += (size_t)sprintf(page + n, "</div></body></html>");
		rw_err_clear(&err);
		t = seconds();
		f = rw_parse_page(page, n, NULL, NULL, &err);
		ok(f != NULL, "32 nested multi-name microdata items: read (%s)", err.msg);
		ok(seconds() - t < 1, "in linear time (%.3f s)", seconds() - t);
		ok(f && f->nreviews == 32, "each nested review found once: %zu", f ? f->nreviews : 0);
		rw_feed_free(f);
		free(page);
	}
}

/* Issue 17: ratings are numbers within their scale. */
static void
ratings(void)
{
	static const char *const head = "<html><body><script type=\"application/ld+json\">[",
	                  *const tail = "]</script></body></html>";
	static const struct { const char *json; double want; const char *what; } cases[] = {
		{ "{\"@type\":\"Review\",\"reviewBody\":\"a\",\"reviewRating\":{\"ratingValue\":4,\"bestRating\":5}}", 4, "4/5 kept" },
		{ "{\"@type\":\"Review\",\"reviewBody\":\"a\",\"reviewRating\":{\"ratingValue\":50,\"bestRating\":5}}", -1, "50/5 refused" },
		{ "{\"@type\":\"Review\",\"reviewBody\":\"a\",\"reviewRating\":{\"ratingValue\":NaN}}", -1, "NaN refused" },
		{ "{\"@type\":\"Review\",\"reviewBody\":\"a\",\"reviewRating\":{\"ratingValue\":Infinity}}", -1, "Infinity refused" },
		{ "{\"@type\":\"Review\",\"reviewBody\":\"a\",\"reviewRating\":{\"ratingValue\":\"1e400\"}}", -1, "1e400 refused" },
		{ "{\"@type\":\"Review\",\"reviewBody\":\"a\",\"reviewRating\":{\"ratingValue\":\"0x10\"}}", -1, "\"0x10\" is not 0" },
		{ "{\"@type\":\"Review\",\"reviewBody\":\"a\",\"reviewRating\":{\"ratingValue\":\"4,5\",\"bestRating\":\"5\"}}", 4.5, "\"4,5\" kept" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *html;
		rw_err err = { 0 };
		rw_feed *f;
		if (asprintf(&html, "%s%s%s", head, cases[i].json, tail) < 0)
			continue;
		f = rw_parse_page(html, strlen(html), NULL, NULL, &err);
		ok(f && f->nreviews == 1 && isfinite(f->reviews[0].rating) && f->reviews[0].rating == cases[i].want,
		   "rating: %s (%g)", cases[i].what, f && f->nreviews ? f->reviews[0].rating : -2);
		rw_feed_free(f);
		free(html);
	}
}

int
main(void)
{
	rw_err err;
	rw_feed *f;
	char d[32];

	run_field_cases();
	wide_encodings();
	hostile_documents();
	budgets();
	ratings();

	f = parse(rss20, "https://example.org/feed.xml", NULL, &err);
	ok(f != NULL, "RSS 2.0 parses");
	if (f) {
		is_str(f->format, "rss20", "format rss20");
		ok(f->wellformed, "well-formed");
		is_str(f->title, "Le Progrès & santé", "feed title decoded");
		is_str(f->subtitle, "Actualités", "description as subtitle");
		is_int((long long)f->nitems, 2, "two items");
		is_str(f->items[0].id, "id-1", "guid");
		is_str(f->items[0].link, "https://example.org/a/1", "relative link resolved against the feed URL");
		is_str(f->items[0].summary, "La dermatologue café", "escaped HTML description becomes clean text");
		is_str(f->items[0].content, "Texte complet", "content:encoded CDATA becomes clean text");
		ok(f->items[0].content_html && strstr(f->items[0].content_html, "<em>"), "original HTML kept");
		is_str(f->items[0].author, "Marie", "dc:creator");
		is_str(rw_date_format(f->items[0].published, d, sizeof(d)), "2025-01-06T08:00:00Z", "pubDate");
		ok(f->items[1].published == RW_NO_DATE, "bad date is absent, not wrong");
		ok(f->items[1].link == NULL, "absent link is NULL");
	}
	rw_feed_free(f);

	f = parse(atom, "https://blog.example.net/feed", NULL, &err);
	ok(f != NULL, "Atom parses");
	if (f) {
		is_str(f->format, "atom10", "format atom10");
		is_str(f->title, "A blog", "html title cleaned");
		is_str(f->subtitle, "1 < 2", "text subtitle keeps '<'");
		is_str(f->link, "https://blog.example.net/home", "alternate link, xml:base");
		is_str(f->author, "Paul", "author name");
		is_str(f->items[0].id, "urn:x:1", "id trimmed");
		is_str(f->items[0].link, "https://blog.example.net/x/post.html", "xml:base resolves entry link");
		is_str(f->items[0].summary, "a <b> not a tag", "type=text summary is literal");
		is_str(f->items[0].content, "Dr Vautrin", "xhtml content");
		is_str(rw_date_format(f->items[0].published, d, sizeof(d)), "2025-01-06T07:00:00Z", "published");
		is_str(rw_date_format(f->items[0].updated, d, sizeof(d)), "2025-01-07T00:00:00Z", "updated");
	}
	rw_feed_free(f);

	f = parse(rss10, NULL, NULL, &err);
	ok(f != NULL, "RSS 1.0 parses");
	if (f) {
		is_str(f->format, "rss10", "format rss10");
		is_int((long long)f->nitems, 2, "items beside the channel");
		is_str(f->items[1].id, "https://r.example/2", "rdf:about as id");
		is_str(rw_date_format(f->items[0].published, d, sizeof(d)), "2025-01-06T08:00:00Z", "dc:date");
	}
	rw_feed_free(f);

	f = parse("<rss version='2.0'><channel><title>Fish & Chips</title><item><title>Still read</title></item></channel></rss>",
	          NULL, NULL, &err);
	ok(f != NULL, "ill-formed feed still read");
	if (f) {
		ok(!f->wellformed, "and marked ill-formed");
		ok(f->error != NULL, "with the parser's complaint");
		ok(f->nitems == 1 && f->items[0].title && !strcmp(f->items[0].title, "Still read"), "item recovered");
	}
	rw_feed_free(f);

	f = parse("<!DOCTYPE html><html><body>Access denied</body></html>", "https://x.example/feed", NULL, &err);
	ok(f == NULL && err.code == RW_E_PARSE && strstr(err.msg, "HTML page"), "HTML page refused with a clear message: %s", err.msg);
	f = parse("", "https://x.example/feed", NULL, &err);
	ok(f == NULL && strstr(err.msg, "empty"), "empty body refused: %s", err.msg);
	f = parse("<root><child/></root>", "https://x.example/feed", NULL, &err);
	ok(f == NULL && strstr(err.msg, "not a feed"), "other XML refused: %s", err.msg);

	/* external entities are never loaded, nothing reaches the network */
	f = parse("<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
	          "<rss version='2.0'><channel><title>&xxe;</title></channel></rss>", NULL, NULL, &err);
	ok(f != NULL, "feed with an external entity parses");
	if (f)
		ok(!f->title || !strstr(f->title, "root:"), "external entity not expanded");
	rw_feed_free(f);

	/* billion laughs: entities that refer to entities are never expanded */
	f = parse("<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
	          "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>]>"
	          "<rss version='2.0'><channel><title>&d;</title></channel></rss>", NULL, NULL, &err);
	ok(f && (!f->title || strlen(f->title) <= 100), "entity expansion bounded");
	rw_feed_free(f);

	/* the HTTP charset wins over the XML declaration */
	f = parse("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>caf\xE9</title></channel></rss>",
	          NULL, "application/rss+xml; charset=ISO-8859-1", &err);
	ok(f && f->title && !strcmp(f->title, "café"), "HTTP charset applied");
	if (f)
		is_str(f->encoding, "windows-1252", "encoding reported: ISO-8859-1 is read as windows-1252");
	rw_feed_free(f);

	{
		char *cs = rw_parse_charset("text/xml; Charset=\"UTF-8\"");
		is_str(cs, "utf-8", "charset parameter read");
		free(cs);
		cs = rw_parse_charset("text/xml");
		ok(cs == NULL, "no charset parameter");
	}
	return tap_done();
}
