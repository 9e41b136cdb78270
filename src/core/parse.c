#include "parse.h"
#include "buf.h"
#include "date.h"
#include "text.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlsave.h>

#define NS_ATOM10  "http://www.w3.org/2005/Atom"
#define NS_ATOM03  "http://purl.org/atom/ns#"
#define NS_RSS10   "http://purl.org/rss/1.0/"
#define NS_RSS090  "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF     "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC      "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"

#define FIELD_MAX  (1u << 20)   /* text kept per field */
#define ITEMS_DEFAULT 2000

static int
is_named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const char *
ns_of(const xmlNode *n)
{
	return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

/* element child of parent named name in namespace ns ("" = none, NULL = any) */
static xmlNode *
child(const xmlNode *parent, const char *ns, const char *name)
{
	xmlNode *c;

	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (is_named(c, name) && (!ns || !strcmp(ns_of(c), ns)))
			return c;
	return NULL;
}

static char *
cap_field(char *s)
{
	if (s && strlen(s) > FIELD_MAX) {
		size_t n = FIELD_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		s[n] = '\0';
	}
	return s;
}

static char *
node_text_raw(xmlNode *n)
{
	xmlChar *c;
	char *s;

	if (!n)
		return NULL;
	c = xmlNodeGetContent(n);
	if (!c)
		return NULL;
	s = strdup((const char *)c);
	xmlFree(c);
	return cap_field(s);
}

/* Plain text of an element whose content is plain text: squeezed, not
 * entity-decoded a second time. */
static char *
node_plain(xmlNode *n)
{
	char *raw = node_text_raw(n), *out;

	out = rw_text_squeeze(raw);
	free(raw);
	return out;
}

/* Inner markup of an element as an HTML string (for XHTML content). */
static char *
node_inner_markup(xmlNode *n)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlNode *c;
	char *s;

	if (!xb)
		return NULL;
	for (c = n->children; c; c = c->next) {
		xmlNodeDump(xb, n->doc, c, 0, 0);
		if (xmlBufferLength(xb) > (int)FIELD_MAX)
			break;
	}
	s = strdup((const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	return cap_field(s);
}

/* Text construct: fills *text (clean) and optionally *html (markup kept). */
static void
text_construct(xmlNode *n, int atom, char **text, char **html)
{
	xmlChar *type;
	char *markup;

	if (!n)
		return;
	type = atom ? xmlGetProp(n, (const xmlChar *)"type") : NULL;
	if (type && (!strcmp((char *)type, "xhtml") || !strcmp((char *)type, "application/xhtml+xml"))) {
		xmlNode *div = child(n, NULL, "div");
		markup = node_inner_markup(div ? div : n);
	} else if (atom && (!type || !strcmp((char *)type, "text") || !strcmp((char *)type, "text/plain"))) {
		xmlFree(type);
		free(*text);
		*text = node_plain(n);
		if (html) {
			free(*html);
			*html = node_text_raw(n);
		}
		return;
	} else {
		markup = node_text_raw(n);
	}
	xmlFree(type);
	free(*text);
	*text = markup ? rw_text_clean(markup) : NULL;
	if (html) {
		free(*html);
		*html = markup;
	} else {
		free(markup);
	}
}

static char *
resolve(xmlNode *n, const char *href)
{
	xmlChar *base, *abs;
	char *out;

	if (!href)
		return NULL;
	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	base = xmlNodeGetBase(n->doc, n);
	abs = base ? xmlBuildURI((const xmlChar *)href, base) : NULL;
	out = strdup(abs ? (const char *)abs : href);
	xmlFree(abs);
	xmlFree(base);
	if (out) {
		size_t l = strlen(out);
		while (l && isspace((unsigned char)out[l - 1]))
			out[--l] = '\0';
	}
	return out;
}

static char *
trim(char *s)
{
	char *t = s;
	size_t n;

	if (!s)
		return NULL;
	while (isspace((unsigned char)*t))
		t++;
	n = strlen(t);
	while (n && isspace((unsigned char)t[n - 1]))
		n--;
	memmove(s, t, n);
	s[n] = '\0';
	return s;
}

static int64_t
node_date(xmlNode *n)
{
	char *s = node_text_raw(n);
	int64_t t = rw_date_parse(s);
	free(s);
	return t;
}

static void
set_plain(char **dst, xmlNode *n)
{
	if (!n || *dst)
		return;
	*dst = node_plain(n);
	if (*dst && !**dst) {
		free(*dst);
		*dst = NULL;
	}
}

static char *
atom_link(xmlNode *parent)
{
	xmlNode *c;
	for (c = parent->children; c; c = c->next) {
		xmlChar *rel, *href;
		if (!is_named(c, "link"))
			continue;
		rel = xmlGetProp(c, (const xmlChar *)"rel");
		href = xmlGetProp(c, (const xmlChar *)"href");
		if (href && (!rel || !strcmp((char *)rel, "alternate"))) {
			char *found = resolve(c, (const char *)href);
			xmlFree(rel);
			xmlFree(href);
			return found;
		}
		xmlFree(rel);
		xmlFree(href);
	}
	return NULL;
}

static char *
atom_author(xmlNode *parent)
{
	xmlNode *a = child(parent, NULL, "author");
	xmlNode *name = a ? child(a, NULL, "name") : NULL;
	char *s = NULL;

	set_plain(&s, name);
	if (!s)
		set_plain(&s, child(parent, NS_DC, "creator"));
	return s;
}

static void
item_init(rw_item *it)
{
	memset(it, 0, sizeof(*it));
	it->published = it->updated = RW_NO_DATE;
	it->rating = it->rating_best = -1;
}

static void
item_free_fields(rw_item *it)
{
	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->summary_html);
	free(it->content_html);
}

static void
read_rss_item(xmlNode *n, rw_item *it)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next) {
		const char *ns, *name;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		ns = ns_of(c);
		name = (const char *)c->name;
		if (!strcmp(name, "title") && (!*ns || !strcmp(ns, NS_RSS10) || !strcmp(ns, NS_RSS090))) {
			if (!it->title)
				text_construct(c, 0, &it->title, NULL);
		} else if (!strcmp(name, "link") && !strcmp(ns, NS_ATOM10)) {
			if (!it->link) {
				xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
				xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
				if (href && (!rel || !strcmp((char *)rel, "alternate")))
					it->link = resolve(c, (const char *)href);
				xmlFree(href);
				xmlFree(rel);
			}
		} else if (!strcmp(name, "link") && !it->link) {
			char *raw = node_text_raw(c);
			if (raw && *raw)
				it->link = resolve(c, raw);
			free(raw);
		} else if (!strcmp(name, "guid") && !it->id) {
			xmlChar *perma = xmlGetProp(c, (const xmlChar *)"isPermaLink");
			it->id = trim(node_text_raw(c));
			if (it->id && !it->link && (!perma || strcmp((char *)perma, "false")) &&
			    !strncmp(it->id, "http", 4))
				it->link = resolve(c, it->id);
			xmlFree(perma);
		} else if (!strcmp(name, "description") && (!*ns || !strcmp(ns, NS_RSS10) || !strcmp(ns, NS_RSS090))) {
			text_construct(c, 0, &it->summary, &it->summary_html);
		} else if (!strcmp(name, "encoded") && !strcmp(ns, NS_CONTENT)) {
			text_construct(c, 0, &it->content, &it->content_html);
		} else if ((!strcmp(name, "creator") && !strcmp(ns, NS_DC)) ||
		           (!strcmp(name, "author") && !*ns)) {
			set_plain(&it->author, c);
		} else if (!strcmp(name, "pubDate") || (!strcmp(name, "date") && !strcmp(ns, NS_DC))) {
			if (it->published == RW_NO_DATE)
				it->published = node_date(c);
		} else if (!strcmp(name, "updated") && !strcmp(ns, NS_ATOM10)) {
			it->updated = node_date(c);
		}
	}
	if (!it->id) {
		xmlChar *about = xmlGetNsProp(n, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
		if (about)
			it->id = strdup((const char *)about);
		xmlFree(about);
	}
}

static void
read_atom_entry(xmlNode *n, rw_item *it)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next) {
		const char *name;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		name = (const char *)c->name;
		if (!strcmp(name, "title"))
			text_construct(c, 1, &it->title, NULL);
		else if (!strcmp(name, "id") && !it->id)
			it->id = node_text_raw(c);
		else if (!strcmp(name, "summary"))
			text_construct(c, 1, &it->summary, &it->summary_html);
		else if (!strcmp(name, "content"))
			text_construct(c, 1, &it->content, &it->content_html);
		else if ((!strcmp(name, "published") || !strcmp(name, "issued")) && it->published == RW_NO_DATE)
			it->published = node_date(c);
		else if ((!strcmp(name, "updated") || !strcmp(name, "modified")) && it->updated == RW_NO_DATE)
			it->updated = node_date(c);
	}
	it->link = atom_link(n);
	it->author = atom_author(n);
	trim(it->id);
}

static int
add_item(rw_feed *f, size_t *alloc, size_t max, rw_item **out)
{
	if (f->nitems >= max)
		return -1;
	if (f->nitems == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 16;
		rw_item *ni = realloc(f->items, na * sizeof(*ni));
		if (!ni)
			return -1;
		f->items = ni;
		*alloc = na;
	}
	*out = &f->items[f->nitems++];
	item_init(*out);
	return 0;
}

static void
read_rss(xmlNode *root, rw_feed *f, size_t max)
{
	xmlNode *chan = NULL, *c, *parent;
	size_t alloc = 0;

	for (c = root->children; c; c = c->next)
		if (is_named(c, "channel")) {
			chan = c;
			break;
		}
	if (chan) {
		set_plain(&f->title, child(chan, NULL, "title"));
		for (c = chan->children; c && !f->link; c = c->next) {
			const char *ns = ns_of(c);
			if (is_named(c, "link") && (!*ns || !strcmp(ns, NS_RSS10) || !strcmp(ns, NS_RSS090))) {
				char *raw = node_text_raw(c);
				if (raw && *raw)
					f->link = resolve(c, raw);
				free(raw);
			}
		}
		if (!f->link) {
			xmlNode *al = child(chan, NS_ATOM10, "link");
			xmlChar *href = al ? xmlGetProp(al, (const xmlChar *)"href") : NULL;
			if (href)
				f->link = resolve(al, (const char *)href);
			xmlFree(href);
		}
		{
			xmlNode *d = child(chan, NULL, "description");
			if (d)
				text_construct(d, 0, &f->subtitle, NULL);
		}
		set_plain(&f->author, child(chan, NULL, "managingEditor"));
		set_plain(&f->author, child(chan, NS_DC, "creator"));
		set_plain(&f->author, child(chan, NS_DC, "publisher"));
	}
	/* RSS 2.0 keeps items inside channel, RSS 1.0 and 0.90 beside it */
	for (parent = chan ? chan : root; parent; parent = parent == chan ? root : NULL) {
		for (c = parent->children; c; c = c->next) {
			rw_item *it;
			if (!is_named(c, "item"))
				continue;
			if (add_item(f, &alloc, max, &it) < 0)
				return;
			read_rss_item(c, it);
		}
		if (parent == root)
			break;
	}
}

static void
read_atom(xmlNode *root, rw_feed *f, size_t max)
{
	xmlNode *c;
	size_t alloc = 0;

	for (c = root->children; c; c = c->next) {
		rw_item *it;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_named(c, "title"))
			text_construct(c, 1, &f->title, NULL);
		else if (is_named(c, "subtitle") || is_named(c, "tagline"))
			text_construct(c, 1, &f->subtitle, NULL);
		else if (is_named(c, "entry")) {
			if (add_item(f, &alloc, max, &it) < 0)
				return;
			read_atom_entry(c, it);
		}
	}
	f->link = atom_link(root);
	f->author = atom_author(root);
}

char *
rw_parse_charset(const char *ct)
{
	const char *p;
	char *out;
	size_t n = 0;

	if (!ct)
		return NULL;
	p = strcasestr(ct, "charset=");
	if (!p)
		return NULL;
	p += 8;
	while (*p == '"' || *p == '\'' || *p == ' ')
		p++;
	while (p[n] && p[n] != '"' && p[n] != '\'' && p[n] != ';' && p[n] != ' ')
		n++;
	if (!n)
		return NULL;
	out = strndup(p, n);
	for (n = 0; out && out[n]; n++)
		out[n] = (char)tolower((unsigned char)out[n]);
	return out;
}

static const char *
detect_format(xmlNode *root)
{
	const char *ns = ns_of(root);

	if (is_named(root, "rss")) {
		xmlChar *v = xmlGetProp(root, (const xmlChar *)"version");
		const char *fmt = "rss20";
		if (v) {
			if (!strcmp((char *)v, "0.91"))
				fmt = "rss091";
			else if (!strcmp((char *)v, "0.92"))
				fmt = "rss092";
			else if (!strcmp((char *)v, "0.93"))
				fmt = "rss093";
			else if (!strcmp((char *)v, "0.94"))
				fmt = "rss094";
			else if (!strcmp((char *)v, "0.90"))
				fmt = "rss090";
		}
		xmlFree(v);
		return fmt;
	}
	if (is_named(root, "RDF")) {
		xmlNode *c;
		for (c = root->children; c; c = c->next)
			if ((is_named(c, "channel") || is_named(c, "item")) && !strcmp(ns_of(c), NS_RSS090))
				return "rss090";
		return "rss10";
	}
	if (is_named(root, "feed"))
		return !strcmp(ns, NS_ATOM03) ? "atom03" : "atom10";
	if (is_named(root, "html") || is_named(root, "HTML"))
		return "html";
	return "unknown";
}

/* Does the start of the body look like HTML rather than XML? */
static int
looks_like_html(const char *d, size_t len)
{
	size_t i = 0;
	char head[512];

	if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && isspace((unsigned char)d[i]))
		i++;
	snprintf(head, sizeof(head), "%.*s", (int)(len - i < 500 ? len - i : 500), d + i);
	return !strncasecmp(head, "<!doctype html", 14) || !strncasecmp(head, "<html", 5);
}

rw_feed *
rw_parse_feed(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err)
{
	static const rw_parse_opts none;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlNode *root;
	rw_feed *f;
	char *charset;
	const char *url;
	size_t max;
	const xmlError *xe;

	if (!opts)
		opts = &none;
	url = opts->url ? opts->url : "";
	max = opts->max_items ? opts->max_items : ITEMS_DEFAULT;
	if (!data || !len) {
		rw_err_set(err, RW_E_PARSE, "'%s': empty document (the server sent nothing)", url);
		return NULL;
	}
	if (len > INT_MAX) {
		rw_err_set(err, RW_E_PARSE, "'%s': document too large", url);
		return NULL;
	}
	if (looks_like_html(data, len)) {
		rw_err_set(err, RW_E_PARSE,
		           "'%s': the server sent an HTML page, not a feed (an error or login page? check the address in a browser)",
		           url);
		return NULL;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	charset = rw_parse_charset(opts->content_type);
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, opts->url, charset,
	                        XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
	                        XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		xe = xmlCtxtGetLastError(ctxt);
		rw_err_set(err, RW_E_PARSE, "'%s': not XML%s%s", url,
		           xe && xe->message ? ": " : "", xe && xe->message ? xe->message : "");
		if (err) {
			size_t l = strlen(err->msg);
			while (l && (err->msg[l - 1] == '\n'))
				err->msg[--l] = '\0';
		}
		free(charset);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		free(charset);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	f->wellformed = ctxt->wellFormed;
	xe = xmlCtxtGetLastError(ctxt);
	if (!f->wellformed && xe && xe->message) {
		rw_buf b;
		rw_buf_init(&b, 1024);
		rw_buf_printf(&b, "line %d: %s", xe->line, xe->message);
		f->error = rw_buf_steal(&b);
		if (f->error[0] && f->error[strlen(f->error) - 1] == '\n')
			f->error[strlen(f->error) - 1] = '\0';
	}
	if (charset)
		f->encoding = charset;
	else {
		const char *e = doc->encoding ? (const char *)doc->encoding : "utf-8";
		size_t i;
		f->encoding = strdup(e);
		for (i = 0; f->encoding && f->encoding[i]; i++)
			f->encoding[i] = (char)tolower((unsigned char)f->encoding[i]);
	}
	f->format = detect_format(root);
	if (!strncmp(f->format, "rss", 3))
		read_rss(root, f, max);
	else if (!strncmp(f->format, "atom", 4))
		read_atom(root, f, max);
	else {
		rw_err_set(err, RW_E_PARSE,
		           "'%s': not a feed (the document's root element <%.40s> is neither RSS nor Atom)",
		           url, (const char *)root->name);
		rw_feed_free(f);
		f = NULL;
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return f;
}

void
rw_feed_free(rw_feed *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nitems; i++)
		item_free_fields(&f->items[i]);
	free(f->items);
	free(f->encoding);
	free(f->error);
	free(f->title);
	free(f->link);
	free(f->subtitle);
	free(f->author);
	free(f);
}
