/* SPDX-License-Identifier: MIT */
#include "parse.h"
#include "parse-xml.h"
#include "base64.h"
#include "buf.h"
#include "charset.h"
#include "date.h"
#include "dom.h"
#include "msgid.h"
#include "text.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#define NS_ATOM10   "http://www.w3.org/2005/Atom"
#define NS_ATOM03   "http://purl.org/atom/ns#"
#define NS_RSS10    "http://purl.org/rss/1.0/"
#define NS_RSS090   "http://my.netscape.com/rdf/simple/0.9/"
#define NS_USERLAND "http://backend.userland.com/rss2"
#define NS_USERLAND_OLD "http://backend.userland.com/rss"
#define NS_RDF      "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC       "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS  "http://purl.org/dc/terms/"
#define NS_CONTENT  "http://purl.org/rss/1.0/modules/content/"
#define NS_XHTML    "http://www.w3.org/1999/xhtml"
#define NS_MEDIA    "http://search.yahoo.com/mrss/"
#define NS_ITUNES   "http://www.itunes.com/dtds/podcast-1.0.dtd"

#define FIELD_MAX  (1u << 20)   /* text kept per field */
#define ITEMS_DEFAULT 2000
#define DOC_MAX    (256u << 20) /* bytes a document may have after rewriting */

/* ---- small tree helpers ---- */

static int
name_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static const char *
ns_of(const xmlNode *n)
{
	return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

static int
ns_is(const xmlNode *n, const char *ns)
{
	return !strcasecmp(ns_of(n), ns);
}

static int
has_element_child(const xmlNode *n)
{
	const xmlNode *c;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
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

static char *
prop(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v) {
		/* CDF and old feeds write attribute names in capitals */
		xmlAttr *a;
		for (a = n->properties; a; a = a->next)
			if (!strcasecmp((const char *)a->name, name)) {
				v = xmlNodeGetContent((xmlNode *)a);
				break;
			}
	}
	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return cap_field(s);
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

static char *
empty_to_null(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

/* href resolved against xml:base and the document URL. */
static char *
resolve(xmlNode *n, const char *href)
{
	return cap_field(rw_dom_resolve(n, href));
}

/* Ids are resolved like links only when they are plainly relative
 * references ("/relative/link"): an opaque "id-1" or "tag:..." stays. */
static char *
resolve_id(xmlNode *n, char *raw)
{
	char *out;

	raw = trim(raw);
	if (!raw || !*raw)
		return empty_to_null(raw);
	if (raw[0] != '/' && strncmp(raw, "./", 2) && strncmp(raw, "../", 3))
		return raw;
	out = resolve(n, raw);
	free(raw);
	return out;
}

/* ---- text constructs ---- */

enum tc_mode { TC_TEXT, TC_HTML, TC_XHTML, TC_BASE64 };

static enum tc_mode
tc_mode_of(xmlNode *n, int atom)
{
	char *type, *mode;
	enum tc_mode m;

	if (!atom)
		return has_element_child(n) ? TC_XHTML : TC_HTML;
	type = prop(n, "type");
	mode = prop(n, "mode");
	if (type)
		trim(type);
	if (mode && !strcasecmp(trim(mode), "base64"))
		m = TC_BASE64;
	else if (has_element_child(n))
		m = TC_XHTML;
	else if (!type || !*type || !strcasecmp(type, "text") || !strcasecmp(type, "text/plain"))
		m = TC_TEXT;
	else if (!strcasecmp(type, "html") || !strcasecmp(type, "text/html"))
		m = TC_HTML;
	else if (!strcasecmp(type, "xhtml") || !strcasecmp(type, "application/xhtml+xml"))
		m = mode && !strcasecmp(mode, "escaped") ? TC_HTML : TC_XHTML;
	else if (!strncasecmp(type, "text/", 5))
		m = TC_TEXT;
	else if (strlen(type) > 4 && (!strcasecmp(type + strlen(type) - 4, "/xml") ||
	                              !strcasecmp(type + strlen(type) - 4, "+xml")))
		m = TC_XHTML;
	else
		m = mode && !strcasecmp(mode, "escaped") ? TC_HTML : TC_BASE64;   /* RFC 4287 4.1.3.3 */
	free(type);
	free(mode);
	return m;
}

/* Feed content marked base64: NULL when it is not base64; cut at
 * FIELD_MAX like every field. */
static char *
base64_decode(const char *s)
{
	rw_buf b;

	rw_buf_init(&b, FIELD_MAX);
	if (rw_base64_decode(&b, s) == -1) {
		rw_buf_free(&b);
		return NULL;
	}
	return rw_buf_steal(&b);
}

/* The inline markup of an element: the children of a lone xhtml <div>
 * wrapper (RFC 4287 4.1.3.3), else the element's own children. */
static xmlNode *
markup_parent(xmlNode *n)
{
	xmlNode *c, *only = NULL;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (only)
				return n;
			only = c;
		} else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const xmlChar *t = c->content;
			while (t && *t && isspace(*t))
				t++;
			if (t && *t)
				return n;
		}
	}
	return only && name_is(only, "div") ? only : n;
}

/* Markup kept for display with its relative href and src made absolute
 * against n's base (xml:base, the feed URL), as feedparser does; takes
 * html.  Markup without a relative reference is returned as it is. */
static char *
absolute_markup(xmlNode *n, char *html)
{
	static const char *const attrs[] = { "href", "src", "cite", "background", "longdesc", "poster" };
	htmlDocPtr doc;
	xmlNode *root, *body = NULL, *e;
	xmlChar *base;
	char *out;
	int changed = 0;
	size_t i;

	if (!html || (!strstr(html, "href") && !strstr(html, "src") && !strstr(html, "HREF") &&
	              !strstr(html, "SRC")))
		return html;
	base = xmlNodeGetBase(n->doc, n);
	if (!base)
		return html;
	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	                     HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                     HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC);
	root = doc ? (xmlNode *)doc : NULL;
	for (e = root; e; e = rw_dom_next(e, root, 0)) {
		if (e->type != XML_ELEMENT_NODE)
			continue;
		if (!body && !strcasecmp((const char *)e->name, "body"))
			body = e;
		for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			xmlChar *v = xmlGetProp(e, (const xmlChar *)attrs[i]), *abs;
			if (!v)
				continue;
			abs = xmlBuildURI(v, base);
			if (abs && xmlStrcmp(abs, v)) {
				xmlSetProp(e, (const xmlChar *)attrs[i], abs);
				changed = 1;
			}
			xmlFree(abs);
			xmlFree(v);
		}
	}
	out = NULL;
	if (changed) {
		xmlBufferPtr xb = xmlBufferCreate();
		xmlNode *c;
		for (c = body ? body->children : doc->children; xb && c; c = c->next)
			if (c->type != XML_DTD_NODE)
				htmlNodeDump(xb, doc, c);
		if (xb && xmlBufferLength(xb) > 0)
			out = cap_field(strdup((const char *)xmlBufferContent(xb)));
		xmlBufferFree(xb);
	}
	xmlFreeDoc(doc);
	xmlFree(base);
	if (!out)
		return html;
	free(html);
	return out;
}

static void
set_pair(char **text, char **html, char *t, char *h)
{
	free(*text);
	*text = empty_to_null(t);
	if (html) {
		free(*html);
		*html = h;
	} else {
		free(h);
	}
}

/* Text construct: fills *text (clean) and optionally *html (markup kept). */
static void
text_construct(xmlNode *n, int atom, char **text, char **html)
{
	enum tc_mode m = tc_mode_of(n, atom);
	char *raw, *dec;

	switch (m) {
	case TC_XHTML: {
		xmlNode *p = markup_parent(n);
		char *t = rw_dom_text(p, FIELD_MAX);
		dec = rw_text_plain(t);
		free(t);
		set_pair(text, html, dec, html ? absolute_markup(n, rw_dom_inner_markup(p, FIELD_MAX)) : NULL);
		return;
	}
	case TC_TEXT:
		raw = node_text_raw(n);
		set_pair(text, html, rw_text_plain(raw), raw);
		return;
	case TC_HTML:
		raw = node_text_raw(n);
		dec = rw_text_clean(raw);     /* before absolute_markup() takes raw */
		set_pair(text, html, dec, html ? absolute_markup(n, raw) : raw);
		return;
	case TC_BASE64:
		raw = node_text_raw(n);
		dec = raw ? base64_decode(raw) : NULL;
		if (dec) {
			char *valid = rw_text_valid_utf8(dec, strlen(dec));
			free(dec);
			free(raw);
			raw = valid;
		}
		dec = rw_text_clean(raw);
		set_pair(text, html, dec, html ? absolute_markup(n, raw) : raw);
		return;
	}
}

static int64_t
node_date(xmlNode *n)
{
	char *s = node_text_raw(n);
	int64_t t = rw_date_parse(s);
	free(s);
	return t;
}

/* Plain text of an element known to hold plain text. */
static char *
node_plain(xmlNode *n)
{
	char *raw = node_text_raw(n), *out = rw_text_plain(raw);
	free(raw);
	return empty_to_null(out);
}

char *
rw_parse_author_name(char *s)
{
	char *open = NULL, *inner, *outer, *name = NULL;
	size_t n;

	s = trim(s);
	if (!s || !*s)
		return empty_to_null(s);
	n = strlen(s);
	if (s[n - 1] == ')')
		open = strrchr(s, '(');
	else if (s[n - 1] == '>')
		open = strrchr(s, '<');
	if (!open)
		return s;
	inner = strndup(open + 1, (size_t)(s + n - 1 - (open + 1)));
	outer = strndup(s, (size_t)(open - s));
	if (inner && outer) {
		trim(inner);
		trim(outer);
		if (strchr(outer, '@') && *inner && !strchr(inner, '@'))
			name = inner, inner = NULL;        /* "e-mail (Name)" */
		else if (strchr(inner, '@') && *outer)
			name = outer, outer = NULL;        /* "Name (e-mail)", "Name <e-mail>" */
	}
	free(inner);
	free(outer);
	if (name) {
		free(s);
		return name;
	}
	return s;
}

/* The name of an Atom person construct, or the element's own text. */
static char *
person_name(xmlNode *n)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (name_is(c, "name"))
			return rw_parse_author_name(node_plain(c));
	if (has_element_child(n)) {
		for (c = n->children; c; c = c->next)
			if (name_is(c, "email"))
				return node_plain(c);
		return NULL;
	}
	return rw_parse_author_name(node_plain(n));
}

/* The href of an Atom link if it is the alternate one, resolved. */
static char *
alternate_href(xmlNode *c)
{
	char *rel = prop(c, "rel"), *href = prop(c, "href"), *out = NULL;

	if (href && (!rel || !*trim(rel) || !strcasecmp(rel, "alternate")))
		out = resolve(c, href);
	free(rel);
	free(href);
	return out;
}

/* ---- priorities: several elements may give one field; the lowest
 * priority number wins whatever the document order. ---- */

struct prio {
	int title, link, id, summary, content, author, published, updated;
};

static void
prio_init(struct prio *p)
{
	p->title = p->link = p->id = p->summary = p->content = p->author = INT_MAX;
	p->published = p->updated = INT_MAX;
}

#define TAKE(slot, p) ((p) < (slot) ? ((slot) = (p), 1) : 0)

static void
take_str(char **dst, int *slot, int p, char *val)
{
	if (val && TAKE(*slot, p)) {
		free(*dst);
		*dst = val;
	} else {
		free(val);
	}
}

static void
take_date(int64_t *dst, int *slot, int p, xmlNode *n)
{
	int64_t t;

	if (p >= *slot)
		return;
	t = node_date(n);
	if (t != RW_NO_DATE) {
		*slot = p;
		*dst = t;
	}
}

static void
take_text(xmlNode *n, int atom, char **text, char **html, int *slot, int p)
{
	char *t = NULL, *h = NULL;

	if (p >= *slot)
		return;
	text_construct(n, atom, &t, html ? &h : NULL);
	if (!t && !h)
		return;
	*slot = p;
	set_pair(text, html, t, h);
}

/* ---- reading one entry/item, whatever the format ---- */

struct reader {
	const char *root_ns;   /* namespace of the root element */
	int atom;              /* the feed is Atom */
	int text_only;         /* the items' markup is not kept (rw_parse_opts) */
	size_t max;
	rw_budget *b;          /* what the walk may still spend */
};

/* Where an item's markup goes: nowhere when only its text is wanted. */
#define MARKUP(r, field) ((r)->text_only ? NULL : (field))

static int
is_core(const struct reader *r, const xmlNode *c)
{
	const char *ns = ns_of(c);
	return !*ns || !strcasecmp(ns, r->root_ns) || !strcasecmp(ns, NS_RSS10) ||
	       !strcasecmp(ns, NS_RSS090) || !strcasecmp(ns, NS_USERLAND) ||
	       !strcasecmp(ns, NS_USERLAND_OLD);
}

static int
is_atom_ns(const xmlNode *c)
{
	return ns_is(c, NS_ATOM10) || ns_is(c, NS_ATOM03);
}

static int
is_itunes_ns(const xmlNode *c)
{
	return ns_is(c, NS_ITUNES) || ns_is(c, "http://www.itunes.com/DTDs/Podcast-1.0.dtd");
}

/* One child of an item or entry.  Atom elements (in an Atom feed, or
 * atom: inside RSS) and RSS core elements, then the modules. */
static void
read_entry_child(const struct reader *r, xmlNode *c, rw_item *it, struct prio *p)
{
	int atom_el = is_atom_ns(c) || (r->atom && is_core(r, c));
	int core = !r->atom && is_core(r, c);

	if (atom_el) {
		if (name_is(c, "title"))
			take_text(c, 1, &it->title, NULL, &p->title, 10);
		else if (name_is(c, "link"))
			take_str(&it->link, &p->link, 10, alternate_href(c));
		else if (name_is(c, "id"))
			take_str(&it->id, &p->id, 10, resolve_id(c, node_text_raw(c)));
		else if (name_is(c, "summary"))
			take_text(c, 1, &it->summary, MARKUP(r, &it->summary_html), &p->summary, 10);
		else if (name_is(c, "content"))
			take_text(c, 1, &it->content, MARKUP(r, &it->content_html), &p->content, 10);
		else if (name_is(c, "author"))
			take_str(&it->author, &p->author, 10, person_name(c));
		else if (name_is(c, "published") || name_is(c, "issued"))
			take_date(&it->published, &p->published, 10, c);
		else if (name_is(c, "created"))
			take_date(&it->published, &p->published, 20, c);
		else if (name_is(c, "updated") || name_is(c, "modified"))
			take_date(&it->updated, &p->updated, 10, c);
		return;
	}
	if (core) {
		if (name_is(c, "title"))
			take_text(c, 0, &it->title, NULL, &p->title, 10);
		else if (name_is(c, "link")) {
			char *raw = trim(node_text_raw(c));
			take_str(&it->link, &p->link, 5, raw && *raw ? resolve(c, raw) : NULL);
			free(raw);
		} else if (name_is(c, "guid")) {
			char *perma = prop(c, "isPermaLink"), *id = resolve_id(c, node_text_raw(c));
			if (id && (!perma || strcasecmp(trim(perma), "false")) &&
			    (!strncmp(id, "http://", 7) || !strncmp(id, "https://", 8)))
				take_str(&it->link, &p->link, 30, strdup(id));
			take_str(&it->id, &p->id, 10, id);
			free(perma);
		} else if (name_is(c, "description"))
			take_text(c, 0, &it->summary, MARKUP(r, &it->summary_html), &p->summary, 10);
		else if (name_is(c, "body"))
			take_text(c, 0, &it->content, MARKUP(r, &it->content_html), &p->content, 15);
		else if (name_is(c, "fullitem"))
			take_text(c, 0, &it->content, MARKUP(r, &it->content_html), &p->content, 20);
		else if (name_is(c, "author"))
			take_str(&it->author, &p->author, 10, rw_parse_author_name(node_plain(c)));
		else if (name_is(c, "pubDate"))
			take_date(&it->published, &p->published, 10, c);
		return;
	}
	if (ns_is(c, NS_CONTENT) && name_is(c, "encoded"))
		take_text(c, 0, &it->content, MARKUP(r, &it->content_html), &p->content, 10);
	else if (ns_is(c, NS_XHTML) && name_is(c, "body"))
		take_text(c, 0, &it->content, MARKUP(r, &it->content_html), &p->content, 15);
	else if (ns_is(c, NS_DC)) {
		if (name_is(c, "title"))
			take_text(c, 0, &it->title, NULL, &p->title, 20);
		else if (name_is(c, "creator") || name_is(c, "author"))
			take_str(&it->author, &p->author, 20, rw_parse_author_name(node_plain(c)));
		else if (name_is(c, "contributor"))
			take_str(&it->author, &p->author, 40, rw_parse_author_name(node_plain(c)));
		else if (name_is(c, "description"))
			take_text(c, 0, &it->summary, MARKUP(r, &it->summary_html), &p->summary, 20);
		else if (name_is(c, "date")) {
			/* feedparser's "updated"; also the publication date RSS 1.0 has */
			take_date(&it->updated, &p->updated, 20, c);
			take_date(&it->published, &p->published, 40, c);
		}
		else if (name_is(c, "identifier"))
			take_str(&it->id, &p->id, 30, resolve_id(c, node_text_raw(c)));
	} else if (ns_is(c, NS_DCTERMS)) {
		if (name_is(c, "issued"))
			take_date(&it->published, &p->published, 20, c);
		else if (name_is(c, "created"))
			take_date(&it->published, &p->published, 30, c);
		else if (name_is(c, "modified"))
			take_date(&it->updated, &p->updated, 15, c);
	} else if (ns_is(c, NS_MEDIA)) {
		if (name_is(c, "title"))
			take_text(c, 0, &it->title, NULL, &p->title, 40);
		else if (name_is(c, "description"))
			take_text(c, 0, &it->summary, MARKUP(r, &it->summary_html), &p->summary, 40);
	} else if (is_itunes_ns(c)) {
		if (name_is(c, "summary"))
			take_text(c, 0, &it->summary, MARKUP(r, &it->summary_html), &p->summary, 30);
		else if (name_is(c, "author"))
			take_str(&it->author, &p->author, 30, rw_parse_author_name(node_plain(c)));
	}
}

static void
finish_item(xmlNode *n, rw_item *it, struct prio *p, int atom)
{
	if (!it->id) {
		char *about = NULL;
		xmlChar *a = xmlGetNsProp(n, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
		if (a)
			about = strdup((const char *)a);
		xmlFree(a);
		it->id = trim(about);
	}
	if (atom && !it->summary && it->content) {
		/* as feedparser: an entry with content only summarises with it */
		it->summary = strdup(it->content);
		if (it->content_html && !it->summary_html)
			it->summary_html = strdup(it->content_html);
	}
	(void)p;
}

static void
read_entry(const struct reader *r, xmlNode *n, rw_item *it)
{
	struct prio p;
	xmlNode *c;

	prio_init(&p);
	for (c = n->children; c && !rw_budget_spend(r->b, 1, N_("elements of one item")); c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			read_entry_child(r, c, it, &p);
	finish_item(n, it, &p, r->atom);
}

/* ---- feed level ---- */

static void
read_feed_child(const struct reader *r, xmlNode *c, rw_feed *f, struct prio *p)
{
	int atom_el = is_atom_ns(c) || (r->atom && is_core(r, c));
	int core = !r->atom && is_core(r, c);

	if (atom_el) {
		if (name_is(c, "title"))
			take_text(c, 1, &f->title, NULL, &p->title, 10);
		else if (name_is(c, "subtitle") || name_is(c, "tagline"))
			take_text(c, 1, &f->subtitle, NULL, &p->summary, 10);
		else if (name_is(c, "link"))
			take_str(&f->link, &p->link, 20, alternate_href(c));
		else if (name_is(c, "author"))
			take_str(&f->author, &p->author, 10, person_name(c));
		return;
	}
	if (core) {
		if (name_is(c, "title"))
			take_text(c, 0, &f->title, NULL, &p->title, 10);
		else if (name_is(c, "link")) {
			char *raw = trim(node_text_raw(c));
			take_str(&f->link, &p->link, 10, raw && *raw ? resolve(c, raw) : NULL);
			free(raw);
		} else if (name_is(c, "description"))
			take_text(c, 0, &f->subtitle, NULL, &p->summary, 10);
		else if (name_is(c, "author"))
			take_str(&f->author, &p->author, 10, rw_parse_author_name(node_plain(c)));
		else if (name_is(c, "managingEditor"))
			take_str(&f->author, &p->author, 15, rw_parse_author_name(node_plain(c)));
		else if (name_is(c, "webMaster"))
			take_str(&f->author, &p->author, 50, rw_parse_author_name(node_plain(c)));
		return;
	}
	if (ns_is(c, NS_DC)) {
		if (name_is(c, "title"))
			take_text(c, 0, &f->title, NULL, &p->title, 20);
		else if (name_is(c, "creator") || name_is(c, "author"))
			take_str(&f->author, &p->author, 20, rw_parse_author_name(node_plain(c)));
		else if (name_is(c, "publisher"))
			take_str(&f->author, &p->author, 40, rw_parse_author_name(node_plain(c)));
		else if (name_is(c, "description"))
			take_text(c, 0, &f->subtitle, NULL, &p->summary, 20);
	} else if (is_itunes_ns(c)) {
		if (name_is(c, "subtitle"))
			take_text(c, 0, &f->subtitle, NULL, &p->summary, 30);
		else if (name_is(c, "summary"))
			take_text(c, 0, &f->subtitle, NULL, &p->summary, 35);
		else if (name_is(c, "author"))
			take_str(&f->author, &p->author, 30, rw_parse_author_name(node_plain(c)));
	}
}

static void
read_items_under(const struct reader *r, xmlNode *parent, rw_feed *f, const char *item_name)
{
	xmlNode *c;

	for (c = parent->children; c && !rw_budget_spend(r->b, 1, N_("elements")); c = c->next) {
		rw_item *it;
		if (!name_is(c, item_name))
			continue;
		if (!(it = rw_feed_add_item(f, r->max)))
			return;
		read_entry(r, c, it);
	}
}

static void
read_rss(const struct reader *r, xmlNode *root, rw_feed *f)
{
	xmlNode *chan = NULL, *c;
	struct prio p;

	prio_init(&p);
	for (c = root->children; c; c = c->next)
		if (name_is(c, "channel")) {
			chan = c;
			break;
		}
	if (chan)
		for (c = chan->children; c && !rw_budget_spend(r->b, 1, N_("elements")); c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				read_feed_child(r, c, f, &p);
	/* RSS 2.0 keeps items inside channel, RSS 1.0 and 0.90 beside it */
	if (chan)
		read_items_under(r, chan, f, "item");
	read_items_under(r, root, f, "item");
}

static void
read_atom(const struct reader *r, xmlNode *root, rw_feed *f)
{
	xmlNode *c;
	struct prio p;

	prio_init(&p);
	for (c = root->children; c && !rw_budget_spend(r->b, 1, N_("elements")); c = c->next) {
		rw_item *it;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(c, "entry") && is_core(r, c)) {
			if (!(it = rw_feed_add_item(f, r->max)))
				break;
			read_entry(r, c, it);
		} else {
			read_feed_child(r, c, f, &p);
		}
	}
}

/* Microsoft's Channel Definition Format: <CHANNEL HREF=...><TITLE>,
 * <ABSTRACT>, <ITEM HREF=... LASTMOD=...>. */
static void
read_cdf_node(xmlNode *n, char **title, char **summary, char **link)
{
	xmlNode *c;
	char *href = prop(n, "href");

	if (href) {
		*link = resolve(n, href);
		free(href);
	}
	for (c = n->children; c; c = c->next) {
		if (name_is(c, "title") && !*title)
			text_construct(c, 0, title, NULL);
		else if (name_is(c, "abstract") && !*summary)
			text_construct(c, 0, summary, NULL);
	}
}

static void
read_cdf(const struct reader *r, xmlNode *root, rw_feed *f)
{
	xmlNode *c;

	read_cdf_node(root, &f->title, &f->subtitle, &f->link);
	for (c = root->children; c && !rw_budget_spend(r->b, 1, N_("elements")); c = c->next) {
		rw_item *it;
		char *mod;
		if (!name_is(c, "item"))
			continue;
		if (!(it = rw_feed_add_item(f, r->max)))
			break;
		read_cdf_node(c, &it->title, &it->summary, &it->link);
		mod = prop(c, "lastmod");
		it->updated = rw_date_parse(mod);
		free(mod);
	}
}

/* ---- items ---- */

void
rw_item_init(rw_item *it)
{
	memset(it, 0, sizeof(*it));
	it->published = it->updated = RW_NO_DATE;
	it->rating = it->rating_best = -1;
}

void
rw_item_clear(rw_item *it)
{
	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->summary_html);
	free(it->content_html);
	free(it->category);
	rw_item_init(it);
}

rw_item *
rw_feed_add_item(rw_feed *f, size_t max)
{
	rw_item *it;

	if (f->nitems >= max)
		return NULL;
	if (f->nitems == f->items_alloc) {
		size_t na = f->items_alloc ? f->items_alloc * 2 : 16;
		rw_item *ni = realloc(f->items, na * sizeof(*ni));
		if (!ni)
			return NULL;
		f->items = ni;
		f->items_alloc = na;
	}
	it = &f->items[f->nitems++];
	rw_item_init(it);
	return it;
}

char *
rw_parse_charset(const char *ct)
{
	return rw_charset_from_content_type(ct);
}

/* ---- entities ---- */

#define DECL_MAX       64          /* internal entities remembered per document */
#define DECL_VALUE_MAX 1024        /* bytes of one entity's replacement text */
#define EXPANSION_MAX  (1u << 20)  /* bytes all references may expand to */

struct decl {
	char name[40];
	char *value;
};

struct rewrite {
	struct decl decls[DECL_MAX];
	size_t ndecls;
	size_t expanded;
	int repairs;
	char *note;
	size_t notesize;
};

static void repaired(struct rewrite *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
repaired(struct rewrite *w, const char *fmt, ...)
{
	va_list ap;

	if (w->repairs++)
		return;
	va_start(ap, fmt);
	vsnprintf(w->note, w->notesize, fmt, ap);
	va_end(ap);
}

/* Remember the internal general entities of a DOCTYPE's internal subset
 * [from, to) whose replacement text is plain text (no '&', '<' or '%'):
 * they expand once, into text, never into other entities.  Parameter and
 * external (SYSTEM/PUBLIC) entities are never read. */
static void
read_decls(struct rewrite *w, const char *from, const char *to)
{
	const char *p = from;

	while (w->ndecls < DECL_MAX && (p = memmem(p, (size_t)(to - p), "<!ENTITY", 8))) {
		const char *q = p + 8, *v;
		size_t n = 0;
		char quote;
		p = q;
		while (q < to && isspace((unsigned char)*q))
			q++;
		if (q >= to || *q == '%')
			continue;
		while (q + n < to && n < sizeof(w->decls[0].name) - 1 &&
		       (isalnum((unsigned char)q[n]) || strchr("._-:", q[n])))
			n++;
		if (!n)
			continue;
		v = q + n;
		while (v < to && isspace((unsigned char)*v))
			v++;
		if (v >= to || (*v != '"' && *v != '\''))
			continue;
		quote = *v++;
		{
			const char *e = memchr(v, quote, (size_t)(to - v));
			struct decl *d = &w->decls[w->ndecls];
			if (!e || (size_t)(e - v) > DECL_VALUE_MAX || memchr(v, '&', (size_t)(e - v)) ||
			    memchr(v, '<', (size_t)(e - v)) || memchr(v, '%', (size_t)(e - v)))
				continue;
			memcpy(d->name, q, n);
			d->name[n] = '\0';
			if (!(d->value = strndup(v, (size_t)(e - v))))
				return;
			w->ndecls++;
			p = e;
		}
	}
}

static const char *
declared(const struct rewrite *w, const char *name)
{
	size_t i;
	for (i = 0; i < w->ndecls; i++)
		if (!strcmp(w->decls[i].name, name))
			return w->decls[i].value;
	return NULL;
}

/* Replacement text as character data: quotes become references so that it
 * is also safe inside an attribute value. */
static int
add_text_value(rw_buf *b, const char *v)
{
	for (; *v; v++) {
		int r = *v == '"' ? rw_buf_addstr(b, "&#34;") : *v == '\'' ? rw_buf_addstr(b, "&#39;")
		      : rw_buf_addc(b, *v);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Before libxml2 sees the text, every entity reference it would drop is
 * rewritten: HTML named entities (&eacute;, never declared in a feed, so
 * libxml2 without NOENT leaves them out) and the five XML ones (libxml2 in
 * recover mode drops every entity reference after the first error, but
 * keeps character references) become character references; the document's
 * own plain-text entities are expanded once, within EXPANSION_MAX; an
 * unknown entity, and a bare '&', become literal text ("&#38;name;").
 * CDATA sections, comments and the DOCTYPE are copied as they are, and
 * libxml2 is told to ignore the DOCTYPE's declarations.  Counts what had
 * to be repaired. */
static char *
rewrite_entities(const char *s, size_t len, size_t *outlen, int *repairs, char *note, size_t notesize)
{
	static const struct { const char *name; const char *ref; } xml5[] = {
		{ "amp", "&#38;" }, { "lt", "&#60;" }, { "gt", "&#62;" }, { "quot", "&#34;" }, { "apos", "&#39;" },
	};
	struct rewrite w;
	rw_buf b;
	size_t i = 0, from = 0, k;
	char *out = NULL;

	memset(&w, 0, sizeof(w));
	w.note = note;
	w.notesize = notesize;
	rw_buf_init(&b, DOC_MAX);
#define FLUSH(to) do { if (rw_buf_add(&b, s + from, (to) - from) < 0) goto done; } while (0)
	while (i < len) {
		const char *close = NULL, *end = s + len, *value;
		size_t n = 0;
		char name[40];

		if (s[i] == '<') {
			const char *what = NULL;
			if (len - i >= 9 && !memcmp(s + i, "<![CDATA[", 9))
				what = "]]>", close = memmem(s + i + 9, len - i - 9, "]]>", 3);
			else if (len - i >= 4 && !memcmp(s + i, "<!--", 4))
				what = "-->", close = memmem(s + i + 4, len - i - 4, "-->", 3);
			else if (len - i >= 9 && !strncasecmp(s + i, "<!DOCTYPE", 9)) {
				const char *gt = memchr(s + i, '>', len - i);
				const char *br = memchr(s + i, '[', len - i);
				if (br && gt && br < gt) {
					const char *sq = memchr(br, ']', (size_t)(end - br));
					if (sq)
						read_decls(&w, br, sq);
					gt = sq ? memchr(sq, '>', (size_t)(end - sq)) : NULL;
				}
				what = ">", close = gt;
			}
			if (what && !close) {
				i = len;     /* unterminated: copied as it is */
				continue;
			}
			i = close ? (size_t)(close - s) + strlen(what) : i + 1;
			continue;
		}
		if (s[i] != '&') {
			i++;
			continue;
		}
		if (i + 2 < len && s[i + 1] == '#') {
			if (s[i + 2] == 'X') {      /* &#X41; is HTML, not XML */
				FLUSH(i);
				if (rw_buf_addstr(&b, "&#x") < 0)
					goto done;
				i += 3;
				from = i;
				repaired(&w, "a character reference written '&#X' (write &#x)");
				continue;
			}
			i++;
			continue;
		}
		while (i + 1 + n < len && n < sizeof(name) - 1 &&
		       (isalnum((unsigned char)s[i + 1 + n]) || (n && strchr("._-:", s[i + 1 + n])))) {
			name[n] = s[i + 1 + n];
			n++;
		}
		name[n] = '\0';
		FLUSH(i);
		if (n && i + 1 + n < len && s[i + 1 + n] == ';') {
			const char *ref = NULL;
			char num[16];
			for (k = 0; k < sizeof(xml5) / sizeof(xml5[0]); k++)
				if (!strcmp(name, xml5[k].name))
					ref = xml5[k].ref;
			if (ref) {
				if (rw_buf_addstr(&b, ref) < 0)
					goto done;
			} else if ((value = declared(&w, name)) && w.expanded + strlen(value) <= EXPANSION_MAX) {
				w.expanded += strlen(value);
				if (add_text_value(&b, value) < 0)
					goto done;
			} else if (value) {
				repaired(&w, "entity expansion limit reached at '&%s;'", name);
				if (rw_buf_printf(&b, "&#38;%s;", name) < 0)
					goto done;
			} else {
				const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
				if (d) {
					snprintf(num, sizeof(num), "&#%u;", d->value);
					repaired(&w, "undeclared entity '&%s;' read as HTML", name);
				} else {
					repaired(&w, "unknown entity '&%s;' kept as text", name);
				}
				if (d ? rw_buf_addstr(&b, num) < 0 : rw_buf_printf(&b, "&#38;%s;", name) < 0)
					goto done;
			}
			i += n + 2;
			from = i;
			continue;
		}
		if (rw_buf_addstr(&b, "&#38;") < 0)
			goto done;
		repaired(&w, "a bare '&' (write &amp;)");
		i++;
		from = i;
	}
	FLUSH(len);
#undef FLUSH
	*outlen = b.len;
	out = rw_buf_steal(&b);
done:
	rw_buf_free(&b);
	for (k = 0; k < w.ndecls; k++)
		free(w.decls[k].value);
	*repairs = w.repairs;
	return out;
}

/* Entity declarations in a document are never used: no external entity is
 * read (XXE), no entity expands into others (billion laughs). */
static void
ignore_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
                   const xmlChar *systemId, xmlChar *content)
{
	(void)ctx; (void)name; (void)type; (void)publicId; (void)systemId; (void)content;
}

static void
ignore_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *publicId,
                       const xmlChar *systemId, const xmlChar *notationName)
{
	(void)ctx; (void)name; (void)publicId; (void)systemId; (void)notationName;
}

static xmlParserInputPtr
refuse_external(void *ctx, const xmlChar *publicId, const xmlChar *systemId)
{
	(void)ctx; (void)publicId; (void)systemId;
	return NULL;
}

/* ---- the budget ---- */

static double
cpu_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) < 0 && clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
rw_budget_init(rw_budget *b, const rw_parse_opts *o)
{
	memset(b, 0, sizeof(*b));
	b->url = o && o->url ? o->url : "";
	b->stop = o ? o->stop : NULL;
	b->max_seconds = o && o->max_seconds > 0 ? o->max_seconds : 5;
	b->deadline = cpu_now() + b->max_seconds;
	b->work = RW_PARSE_MAX_WORK;
}

int
rw_budget_spend(rw_budget *b, unsigned long n, const char *what)
{
	if (!b)
		return 0;
	if (b->over)
		return -1;
	if (b->stop && *b->stop) {
		b->over = RW_E_INTR;
		return -1;
	}
	if (n > b->work) {
		b->work = 0;
		b->over = RW_E_PARSE;
		b->what = what;
		return -1;
	}
	b->work -= n;
	/* the clock every 1024 spends (a few microseconds of work apart), and
	 * at each heavy step */
	if (n >= RW_BUDGET_HEAVY || ++b->ticks >= 1024) {
		b->ticks = 0;
		if (cpu_now() > b->deadline) {
			b->over = RW_E_PARSE;
			b->what = what;
			b->work = 0;
			b->max_seconds = -b->max_seconds;   /* marks: time, not work */
			return -1;
		}
	}
	return 0;
}

int
rw_budget_error(const rw_budget *b, rw_err *err)
{
	if (b->over == RW_E_INTR)
		return rw_err_set(err, RW_E_INTR, "'%s': reading stopped by a signal", b->url);
	if (b->max_seconds < 0)
		return rw_err_set(err, RW_E_PARSE,
		                  "'%s': too much work: reading it took more than %.0f s of processor time (at %s); "
		                  "a hostile or broken document, skipped", b->url, -b->max_seconds, b->what ? rw_tr(b->what) : "?");
	return rw_err_set(err, RW_E_PARSE, "'%s': too much work: too many %s (a hostile or broken document, skipped)",
	                  b->url, rw_tr(b->what ? b->what : N_("nodes")));
}

/* Skip from p (inside markup) past the first occurrence of end; the end
 * of the text when there is none. */
static const char *
skip_past(const char *p, const char *e, const char *end)
{
	const char *q = memmem(p, (size_t)(e - p), end, strlen(end));
	return q ? q + strlen(end) : e;
}

int
rw_budget_census(rw_budget *b, const char *text, size_t len, int html)
{
	static const char *const raw[] = { "script", "style", "textarea", "title", "xmp", "iframe",
	                                    "noembed", "noframes", "plaintext" };
	const char *p = text, *e = text + len;
	unsigned long nodes = 0, pairs = 0;

	while (p < e && (p = memchr(p, '<', (size_t)(e - p)))) {
		const char *name;
		size_t nlen, i;
		unsigned attrs = 0;
		p++;
		if (p < e && *p == '!') {
			p = e - p >= 3 && !memcmp(p, "!--", 3) ? skip_past(p + 3, e, "-->") :
			    e - p >= 8 && !memcmp(p, "![CDATA[", 8) ? skip_past(p + 8, e, "]]>") : skip_past(p, e, ">");
			continue;
		}
		if (p < e && *p == '?') {
			p = skip_past(p, e, ">");
			continue;
		}
		if (p >= e || !(isalpha((unsigned char)*p) || *p == '_' || *p == ':' || (unsigned char)*p >= 0x80))
			continue;
		name = p;
		while (p < e && !isspace((unsigned char)*p) && *p != '>' && *p != '/')
			p++;
		nlen = (size_t)(p - name);
		/* the attributes: a name after white space, a value after '=' */
		while (p < e && *p != '>') {
			if (isspace((unsigned char)*p) || *p == '/') {
				p++;
				continue;
			}
			if (*p == '"' || *p == '\'') {
				const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
				p = q ? q + 1 : e;
				continue;
			}
			if (*p == '=') {
				p++;
				while (p < e && isspace((unsigned char)*p))
					p++;
				if (p < e && (*p == '"' || *p == '\''))
					continue;
				while (p < e && !isspace((unsigned char)*p) && *p != '>')
					p++;
				continue;
			}
			if (++attrs > RW_PARSE_MAX_ATTRS) {
				b->over = RW_E_PARSE;
				b->what = N_("attributes on one element");
				return -1;
			}
			while (p < e && !isspace((unsigned char)*p) && *p != '>' && *p != '=' && *p != '/')
				p++;
		}
		nodes += 1 + attrs;
		pairs += (unsigned long)attrs * attrs / 2;
		if (pairs > RW_PARSE_MAX_ATTR_PAIRS) {
			b->over = RW_E_PARSE;
			b->what = N_("attributes on its elements");
			return -1;
		}
		if (nodes > RW_PARSE_MAX_NODES) {
			b->over = RW_E_PARSE;
			b->what = N_("elements and attributes");
			return -1;
		}
		if (b->stop && *b->stop) {
			b->over = RW_E_INTR;
			return -1;
		}
		for (i = 0; html && i < sizeof(raw) / sizeof(raw[0]); i++)
			if (nlen == strlen(raw[i]) && !strncasecmp(name, raw[i], nlen)) {
				/* its text is not markup: on to its end tag */
				const char *q = p;
				char close[16];
				snprintf(close, sizeof(close), "</%s", raw[i]);
				while (q < e && (q = memchr(q, '<', (size_t)(e - q)))) {
					if ((size_t)(e - q) >= strlen(close) && !strncasecmp(q, close, strlen(close)))
						break;
					q++;
				}
				p = q ? q : e;
				break;
			}
	}
	return 0;
}

/* ---- the document ---- */

static void
chomp(char *s)
{
	size_t l = strlen(s);
	while (l && (s[l - 1] == '\n' || s[l - 1] == '\r'))
		s[--l] = '\0';
}

struct xml_doc {
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	rw_decoded dec;
	int repairs;
	char note[160];
	char first_error[200];   /* "line N: message" of libxml2's first error */
};

/* libxml2's structured error channel: keeps the first error (the root
 * cause; later ones follow from it) and prints nothing. */
static void
keep_first_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct xml_doc *x = ctxt ? ctxt->_private : NULL;

	if (x && e && e->message && e->level >= XML_ERR_ERROR && !x->first_error[0]) {
		snprintf(x->first_error, sizeof(x->first_error), "line %d: %s", e->line, e->message);
		chomp(x->first_error);
	}
}

static void
xml_doc_free(struct xml_doc *x)
{
	if (x->doc)
		xmlFreeDoc(x->doc);
	if (x->ctxt)
		xmlFreeParserCtxt(x->ctxt);
	rw_decoded_free(&x->dec);
	memset(x, 0, sizeof(*x));
}


/* Decode and parse as XML; 0, or -1 with err set. */
static int
xml_doc_read(struct xml_doc *x, const char *data, size_t len, const rw_parse_opts *o,
             const char *url, rw_budget *b, rw_err *err)
{
	char *text;
	size_t tlen;

	memset(x, 0, sizeof(*x));
	if (rw_charset_decode_xml(data, len, o->content_type, &x->dec) < 0)
		return rw_err_set(err, RW_E_NOMEM, "'%s': out of memory decoding the document", url), -1;
	text = rewrite_entities(x->dec.data, x->dec.len, &tlen, &x->repairs, x->note, sizeof(x->note));
	if (!text || tlen > INT_MAX) {
		free(text);
		xml_doc_free(x);
		return rw_err_set(err, RW_E_PARSE, "'%s': document too large", url), -1;
	}
	if (rw_budget_census(b, text, tlen, 0) < 0) {
		free(text);
		xml_doc_free(x);
		return rw_budget_error(b, err), -1;
	}
	x->ctxt = xmlNewParserCtxt();
	if (!x->ctxt) {
		free(text);
		xml_doc_free(x);
		return rw_err_set(err, RW_E_NOMEM, "out of memory"), -1;
	}
	x->ctxt->_private = x;
	x->ctxt->sax->serror = keep_first_error;
	x->ctxt->sax->entityDecl = ignore_entity_decl;
	x->ctxt->sax->unparsedEntityDecl = ignore_unparsed_entity;
	x->ctxt->sax->resolveEntity = refuse_external;
	x->doc = xmlCtxtReadMemory(x->ctxt, text, (int)tlen, o->url, "UTF-8",
	                           XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
	                           XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
	free(text);
	if (!x->doc || !xmlDocGetRootElement(x->doc)) {
		const xmlError *xe = xmlCtxtGetLastError(x->ctxt);
		rw_err_set(err, RW_E_PARSE, "'%s': not XML%s%s", url,
		           xe && xe->message ? ": " : "", xe && xe->message ? xe->message : "");
		if (err)
			chomp(err->msg);
		xml_doc_free(x);
		return -1;
	}
	return 0;
}

static const char *
detect_format(xmlNode *root)
{
	if (name_is(root, "rss")) {
		char *v = prop(root, "version");
		const char *fmt = "rss20";
		if (v) {
			static const char *const old[] = { "0.90", "0.91", "0.92", "0.93", "0.94" };
			static const char *const name[] = { "rss090", "rss091", "rss092", "rss093", "rss094" };
			size_t i;
			trim(v);
			for (i = 0; i < 5; i++)
				if (!strcmp(v, old[i]))
					fmt = name[i];
		}
		free(v);
		return fmt;
	}
	if (name_is(root, "RDF")) {
		xmlNode *c;
		for (c = root->children; c; c = c->next)
			if ((name_is(c, "channel") || name_is(c, "item")) && ns_is(c, NS_RSS090))
				return "rss090";
		return "rss10";
	}
	if (name_is(root, "feed")) {
		char *v = prop(root, "version");
		int old = ns_is(root, NS_ATOM03) || (v && !strncmp(trim(v), "0.", 2));
		free(v);
		return old ? "atom03" : "atom10";
	}
	if (name_is(root, "channel"))
		return "cdf";
	if (name_is(root, "html"))
		return "html";
	return "unknown";
}

int
rw_parse_looks_like_html(const char *d, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && isspace((unsigned char)d[i]))
		i++;
	while (len - i > 4 && !memcmp(d + i, "<!--", 4)) {
		const char *e = memmem(d + i, len - i, "-->", 3);
		if (!e)
			break;
		i = (size_t)(e - d) + 3;
		while (i < len && isspace((unsigned char)d[i]))
			i++;
	}
	return (len - i >= 14 && !strncasecmp(d + i, "<!doctype html", 14)) ||
	       (len - i >= 5 && !strncasecmp(d + i, "<html", 5));
}

rw_feed *
rw_feed_new(void)
{
	rw_feed *f = calloc(1, sizeof(*f));

	if (f) {
		f->aggregate.value = f->aggregate.best = f->aggregate.worst = f->aggregate.count = -1;
		f->wellformed = 1;
	}
	return f;
}

/* wellformed and error from the parser, the charset and the repairs. */
static void
set_quality(rw_feed *f, struct xml_doc *x)
{
	const xmlError *xe = xmlCtxtGetLastError(x->ctxt);
	rw_buf b;

	f->wellformed = x->ctxt->wellFormed && !x->repairs && !x->dec.overridden;
	rw_buf_init(&b, 1024);
	if (!x->ctxt->wellFormed && x->first_error[0])
		rw_buf_printf(&b, "%s", x->first_error);
	else if (!x->ctxt->wellFormed && xe && xe->message)
		rw_buf_printf(&b, "line %d: %s", xe->line, xe->message);
	else if (x->dec.overridden)
		rw_buf_printf(&b, "%s", x->dec.note);
	else if (x->repairs)
		rw_buf_printf(&b, "%s", x->note);
	if (b.len) {
		f->error = rw_buf_steal(&b);
		chomp(f->error);
	} else {
		rw_buf_free(&b);
	}
}

static int
is_feed_format(const char *fmt)
{
	return !strncmp(fmt, "rss", 3) || !strncmp(fmt, "atom", 4) || !strcmp(fmt, "cdf");
}

/* The feed path once the document is read; NULL with err when the root is
 * not a feed. */
static rw_feed *
feed_from_doc(struct xml_doc *x, const rw_parse_opts *o, const char *url, rw_budget *b, rw_err *err)
{
	xmlNode *root = xmlDocGetRootElement(x->doc);
	struct reader r;
	rw_feed *f;
	const char *fmt = detect_format(root);

	if (!is_feed_format(fmt)) {
		rw_err_set(err, RW_E_PARSE,
		           "'%s': not a feed (the document's root element <%.40s> is neither RSS nor Atom)",
		           url, (const char *)root->name);
		return NULL;
	}
	if (!(f = rw_feed_new())) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	f->format = fmt;
	f->encoding = strdup(x->dec.encoding);
	set_quality(f, x);
	r.root_ns = ns_of(root);
	r.atom = !strncmp(fmt, "atom", 4);
	r.text_only = o->text_only;
	r.max = o->max_items ? o->max_items : ITEMS_DEFAULT;
	r.b = b;
	if (r.atom)
		read_atom(&r, root, f);
	else if (!strcmp(fmt, "cdf"))
		read_cdf(&r, root, f);
	else
		read_rss(&r, root, f);
	if (b->over) {
		rw_feed_free(f);
		rw_budget_error(b, err);
		return NULL;
	}
	return f;
}

xmlDocPtr
rw_parse_xml_read(const char *data, size_t len, const rw_parse_opts *opts, rw_feed *f, rw_budget *b, rw_err *err)
{
	const char *url = opts->url ? opts->url : "";
	struct xml_doc x;
	xmlDocPtr doc;

	if (len > INT_MAX) {
		rw_err_set(err, RW_E_PARSE, "'%s': document too large", url);
		return NULL;
	}
	if (xml_doc_read(&x, data, len, opts, url, b, err) < 0)
		return NULL;
	f->encoding = strdup(x.dec.encoding);
	set_quality(f, &x);
	doc = x.doc;
	x.doc = NULL;
	xml_doc_free(&x);
	return doc;
}

rw_feed *
rw_parse_feed(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err)
{
	static const rw_parse_opts none;
	const char *url;
	rw_budget b;

	if (!opts)
		opts = &none;
	url = opts->url ? opts->url : "";
	rw_budget_init(&b, opts);
	if (!data || !len) {
		rw_err_set(err, RW_E_PARSE, "'%s': empty document (the server sent nothing)", url);
		return NULL;
	}
	if (len > INT_MAX) {
		rw_err_set(err, RW_E_PARSE, "'%s': document too large", url);
		return NULL;
	}
	if (rw_parse_looks_like_html(data, len)) {
		rw_err_set(err, RW_E_PARSE,
		           "'%s': the server sent an HTML page, not a feed (an error or login page? check the address in a browser)",
		           url);
		return NULL;
	}
	return rw_parse_feed_budgeted(data, len, opts, &b, err);
}

rw_feed *
rw_parse_feed_budgeted(const char *data, size_t len, const rw_parse_opts *opts, rw_budget *b, rw_err *err)
{
	const char *url = opts->url ? opts->url : "";
	struct xml_doc x;
	rw_feed *f;

	if (xml_doc_read(&x, data, len, opts, url, b, err) < 0)
		return NULL;
	f = feed_from_doc(&x, opts, url, b, err);
	xml_doc_free(&x);
	return f;
}

void
rw_feed_free(rw_feed *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nitems; i++)
		rw_item_clear(&f->items[i]);
	for (i = 0; i < f->nreviews; i++) {
		rw_review *r = &f->reviews[i];
		free(r->author);
		free(r->body);
		free(r->title);
		free(r->link);
		free(r->item_reviewed);
	}
	free(f->reviews);
	free(f->aggregate.item_reviewed);
	free(f->card);
	free(f->links);
	free(f->items);
	free(f->encoding);
	free(f->error);
	free(f->title);
	free(f->link);
	free(f->subtitle);
	free(f->author);
	free(f->subject);
	free(f->next);
	free(f);
}
