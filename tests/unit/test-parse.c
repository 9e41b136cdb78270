#include "date.h"
#include "parse.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

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

int
main(void)
{
	rw_err err;
	rw_feed *f;
	char d[32];

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

	/* billion laughs: bounded by libxml2, never expanded by us */
	f = parse("<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
	          "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>]>"
	          "<rss version='2.0'><channel><title>&d;</title></channel></rss>", NULL, NULL, &err);
	ok(!f || !f->title || strlen(f->title) <= 10000, "entity expansion bounded");
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
