/* SPDX-License-Identifier: MIT */
/* page.c - rw_parse_page(): HTML (or XML) pages read with per-site XPath
 * rules and schema.org data; and rw_parse_any(), a feed when the body is
 * one, else a page.  See parse.h for the contracts.
 *
 * The HTML parser runs with network access off and its own charset
 * sniffing off: charset.h decides (BOM, HTTP header, <meta> anywhere in the
 * first megabyte).  XPath errors go to a silent handler, never to stderr.
 */
#include "parse.h"
#include "parse-xml.h"
#include "buf.h"
#include "charset.h"
#include "date.h"
#include "dom.h"
#include "msgid.h"
#include "schemaorg.h"
#include "text.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#define ITEMS_DEFAULT 2000
#define FIELD_MAX (1u << 20)
#define SUBJECT_MAX (8u << 10)   /* a page's subject: a title and a few names */
#define SUBJECT_NAMES 8          /* distinct schema.org names added to it, at most */

enum { R_TITLE, R_LINK, R_DATE, R_TEXT, R_RATING, R_AUTHOR, R_COUNT };

static const char *const rule_names[R_COUNT] = { "title", "link", "date", "text", "rating", "author" };

static void
quiet(void *data, xmlErrorPtr e)
{
	(void)data;
	(void)e;
}

static char *
empty_null(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

/* string() of a compiled expression with n as the context node. */
static char *
eval_string(xmlXPathContextPtr xp, xmlXPathCompExprPtr comp, xmlNode *n)
{
	xmlXPathObjectPtr o;
	xmlChar *s;
	char *out, *plain;

	xp->node = n;
	o = xmlXPathCompiledEval(comp, xp);
	if (!o)
		return NULL;
	s = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	if (!s)
		return NULL;
	if (strlen((const char *)s) > FIELD_MAX)
		s[FIELD_MAX] = '\0';
	out = strdup((const char *)s);
	xmlFree(s);
	plain = rw_text_plain(out);
	free(out);
	return empty_null(plain);
}

static int
apply_rules(xmlDocPtr doc, const rw_page_rules *rules, rw_feed *f, size_t max, const char *url,
            rw_budget *b, rw_err *err)
{
	const char *expr[R_COUNT] = { rules->title, rules->link, rules->date, rules->text,
	                              rules->rating, rules->author };
	xmlXPathCompExprPtr comp[R_COUNT] = { NULL }, items = NULL;
	xmlXPathContextPtr xp = xmlXPathNewContext(doc);
	xmlXPathObjectPtr set = NULL;
	double best = rules->rating_best > 0 ? rules->rating_best : 5;
	int i, rc = -1;

	if (!xp) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return -1;
	}
	xp->error = quiet;
	items = xmlXPathCtxtCompile(xp, (const xmlChar *)rules->items);
	if (!items) {
		rw_err_set(err, RW_E_USAGE, "'%s': the extraction rule items = %s is not valid XPath 1.0", url,
		           rules->items);
		goto out;
	}
	for (i = 0; i < R_COUNT; i++)
		if (expr[i] && *expr[i] && !(comp[i] = xmlXPathCtxtCompile(xp, (const xmlChar *)expr[i]))) {
			rw_err_set(err, RW_E_USAGE, "'%s': the extraction rule %s = %s is not valid XPath 1.0",
			           url, rule_names[i], expr[i]);
			goto out;
		}
	xp->node = xmlDocGetRootElement(doc);
	set = xmlXPathCompiledEval(items, xp);
	if (!set || set->type != XPATH_NODESET) {
		rw_err_set(err, RW_E_USAGE, "'%s': the extraction rule items = %s does not select elements",
		           url, rules->items);
		goto out;
	}
	for (i = 0; set->nodesetval && i < set->nodesetval->nodeNr; i++) {
		xmlNode *n = set->nodesetval->nodeTab[i];
		rw_item *it;
		char *v;
		if (rw_budget_spend(b, RW_BUDGET_HEAVY, N_("items read with the extraction rules"))) {
			rw_budget_error(b, err);
			goto out;
		}
		if (!(it = rw_feed_add_item(f, max)))
			break;
		if (comp[R_TITLE])
			it->title = eval_string(xp, comp[R_TITLE], n);
		if (comp[R_LINK]) {
			v = eval_string(xp, comp[R_LINK], n);
			it->link = rw_dom_resolve(n, v);
			free(v);
			if (it->link)
				it->id = strdup(it->link);
		}
		if (comp[R_DATE]) {
			v = eval_string(xp, comp[R_DATE], n);
			it->published = rw_date_parse(v);
			free(v);
		}
		if (comp[R_TEXT])
			it->content = eval_string(xp, comp[R_TEXT], n);
		if (comp[R_AUTHOR])
			it->author = eval_string(xp, comp[R_AUTHOR], n);
		if (comp[R_RATING]) {
			char why[160] = "";
			double num;
			v = eval_string(xp, comp[R_RATING], n);
			num = rw_schemaorg_number(v);
			if (v && *v && num < 0)
				snprintf(why, sizeof(why), "the rating '%.40s' is not a number (ignored)", v);
			it->rating = rw_schemaorg_rating(num, best, rules->rating_worst >= 0 ? rules->rating_worst : -1,
			                                 why[0] ? NULL : why, sizeof(why));
			if (it->rating < 0 && why[0] && !f->error)
				f->error = strdup(why);
			it->rating_best = it->rating >= 0 ? best : -1;
			free(v);
		}
	}
	rc = 0;
out:
	xmlXPathFreeObject(set);
	xmlXPathFreeCompExpr(items);
	for (i = 0; i < R_COUNT; i++)
		xmlXPathFreeCompExpr(comp[i]);
	xmlXPathFreeContext(xp);
	return rc;
}

static int
same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* A review becomes an item unless the rules already found it; then what
 * the rules missed (a date written as itemprop="dateCreated datePublished",
 * an anchor) is taken from the review. */
static void
reviews_to_items(rw_feed *f, size_t max, double default_best)
{
	size_t i, j;

	for (i = 0; i < f->nreviews; i++) {
		const rw_review *r = &f->reviews[i];
		rw_item *it, *dup = NULL;
		for (j = 0; j < f->nitems && !dup; j++) {
			rw_item *o = &f->items[j];
			if (same(o->link, r->link) ||
			    (same(o->author, r->author) && (o->published == r->date || o->published == RW_NO_DATE) &&
			     same(o->content, r->body)))
				dup = o;
		}
		if (dup) {
			if (dup->published == RW_NO_DATE)
				dup->published = r->date;
			if (!dup->link && r->link && (dup->link = strdup(r->link)) && !dup->id)
				dup->id = strdup(r->link);
			continue;
		}
		if (!(it = rw_feed_add_item(f, max)))
			continue;
		it->title = r->title ? strdup(r->title) : NULL;
		it->link = r->link ? strdup(r->link) : NULL;
		it->id = r->link ? strdup(r->link) : NULL;
		it->author = r->author ? strdup(r->author) : NULL;
		it->content = r->body ? strdup(r->body) : NULL;
		it->published = r->date;
		it->rating = r->rating;
		it->rating_best = r->rating < 0 ? -1 : r->best > 0 ? r->best : default_best;
	}
}

static char *
page_title(xmlDocPtr doc, rw_budget *b)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;

	for (n = root; n && !rw_budget_spend(b, 1, N_("elements")); n = rw_dom_next(n, root, 0))
		if (n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, "title")) {
			char *t = rw_dom_text(n, FIELD_MAX), *p = rw_text_plain(t);
			free(t);
			return empty_null(p);
		}
	return NULL;
}

/* Add line to the subject in b unless it is empty or already there. */
static void
subject_add(rw_buf *b, const char *line)
{
	const char *p = b->data;
	size_t n;

	if (!line || !*line)
		return;
	n = strlen(line);
	while (p && *p) {
		size_t len = strcspn(p, "\n");
		if (len == n && !strncmp(p, line, n))
			return;
		p += len;
		if (*p)
			p++;
	}
	if (b->len)
		rw_buf_addc(b, '\n');
	rw_buf_addstr(b, line);
}

/* f->subject (see rw_parse_page): the subject rule's text, else the page's
 * title, then the names of the things its schema.org data reviews.  -1
 * with err set when the rule is not valid XPath or memory ran out. */
static int
page_subject(xmlDocPtr doc, const rw_page_rules *rules, rw_feed *f, const char *url, rw_err *err)
{
	rw_buf b;
	size_t i, names = 0;

	rw_buf_init(&b, SUBJECT_MAX);
	if (rules->subject && *rules->subject) {
		xmlXPathContextPtr xp = xmlXPathNewContext(doc);
		xmlXPathCompExprPtr comp = NULL;
		char *v;
		if (!xp) {
			rw_err_set(err, RW_E_NOMEM, "out of memory");
			return -1;
		}
		xp->error = quiet;
		if (!(comp = xmlXPathCtxtCompile(xp, (const xmlChar *)rules->subject))) {
			xmlXPathFreeContext(xp);
			rw_err_set(err, RW_E_USAGE, "'%s': the extraction rule subject = %s is not valid XPath 1.0", url,
			           rules->subject);
			return -1;
		}
		v = eval_string(xp, comp, (xmlNode *)doc);
		subject_add(&b, v);
		free(v);
		xmlXPathFreeCompExpr(comp);
		xmlXPathFreeContext(xp);
	} else {
		subject_add(&b, f->title);
	}
	subject_add(&b, f->aggregate.item_reviewed);
	for (i = 0; i < f->nreviews && names < SUBJECT_NAMES; i++)
		if (f->reviews[i].item_reviewed && *f->reviews[i].item_reviewed) {
			subject_add(&b, f->reviews[i].item_reviewed);
			names++;
		}
	f->subject = b.len ? rw_buf_steal(&b) : NULL;
	rw_buf_free(&b);
	return 0;
}

#define LINKS_MAX (16u << 10)   /* f->links: a few boxes of names */

/* Squeezed text of n (runs of white space as one space), at most max bytes. */
static char *
squeezed_text(const xmlNode *n, size_t max)
{
	char *t = rw_dom_text(n, max), *r, *w;

	if (!t)
		return NULL;
	for (r = w = t; *r; r++) {
		if (isspace((unsigned char)*r)) {
			if (w > t && w[-1] != ' ')
				*w++ = ' ';
		} else {
			*w++ = *r;
		}
	}
	while (w > t && w[-1] == ' ')
		w--;
	*w = '\0';
	return t;
}

/* f->links (see rw_feed): each <a href> to another page whose text reads
 * like a name (two to eight words), with the text of the block it sits in,
 * which says who that is ("Dr Marc Exemple — Médecin généraliste,
 * Bordeaux").  A link to the page itself is not another page.  -1 when
 * memory ran out. */
static int
page_links(xmlDocPtr doc, rw_feed *f, const char *url)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;
	size_t self_len = url ? strcspn(url, "#") : 0;
	rw_buf b;

	rw_buf_init(&b, LINKS_MAX);
	for (n = root; n; n = rw_dom_next(n, root, 0)) {
		xmlChar *href;
		char *to, *text, *block = NULL;
		const xmlNode *up;
		size_t words = 0;
		const char *p;
		if (n->type != XML_ELEMENT_NODE || xmlStrcasecmp(n->name, (const xmlChar *)"a") ||
		    !(href = xmlGetProp(n, (const xmlChar *)"href")))
			continue;
		to = href[0] == '#' ? NULL : rw_dom_resolve(n, (const char *)href);
		xmlFree(href);
		if (!to || strncmp(to, "http", 4) || (self_len && strcspn(to, "#") == self_len &&
		                                        !strncmp(to, url, self_len))) {
			free(to);
			continue;
		}
		free(to);
		if (!(text = squeezed_text(n, 200)))
			goto oom;
		for (p = text; *p; p++)
			words += (p == text || p[-1] == ' ') && *p != ' ';
		for (up = n->parent; up && up->type == XML_ELEMENT_NODE && !rw_dom_is_block((const char *)up->name);
		     up = up->parent)
			;
		if (words >= 2 && words <= 8 && !strchr(text, '\t') &&
		    !(block = squeezed_text(up && up->type == XML_ELEMENT_NODE ? up : n, 400))) {
			free(text);
			goto oom;
		}
		if (block && !strchr(block, '\t') && b.len + strlen(text) + strlen(block) + 2 < LINKS_MAX)
			rw_buf_printf(&b, "%s\t%s\n", text, block);
		free(text);
		free(block);
	}
	if (b.len && !(f->links = rw_buf_steal(&b)))
		goto oom;
	rw_buf_free(&b);
	return 0;
oom:
	rw_buf_free(&b);
	return -1;
}

/* f->next: the next rule's text, as written (paging.h resolves and judges
 * it).  -1 with err set when the rule is not valid XPath or memory ran out. */
static int
page_next(xmlDocPtr doc, const rw_page_rules *rules, rw_feed *f, const char *url, rw_err *err)
{
	xmlXPathContextPtr xp;
	xmlXPathCompExprPtr comp;

	if (!rules->next || !*rules->next)
		return 0;
	if (!(xp = xmlXPathNewContext(doc))) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return -1;
	}
	xp->error = quiet;
	if (!(comp = xmlXPathCtxtCompile(xp, (const xmlChar *)rules->next))) {
		xmlXPathFreeContext(xp);
		rw_err_set(err, RW_E_USAGE, "'%s': the extraction rule next = %s is not valid XPath 1.0", url, rules->next);
		return -1;
	}
	f->next = eval_string(xp, comp, (xmlNode *)doc);
	xmlXPathFreeCompExpr(comp);
	xmlXPathFreeContext(xp);
	return 0;
}

static xmlDocPtr
read_html(const char *data, size_t len, const rw_parse_opts *o, rw_feed *f, const char *url, rw_budget *b,
          rw_err *err)
{
	rw_decoded dec;
	htmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;

	if (rw_charset_decode_html(data, len, o->content_type, &dec) < 0) {
		rw_err_set(err, RW_E_NOMEM, "'%s': out of memory decoding the page", url);
		return NULL;
	}
	if (dec.len > INT_MAX) {
		rw_decoded_free(&dec);
		rw_err_set(err, RW_E_PARSE, "'%s': page too large", url);
		return NULL;
	}
	if (rw_budget_census(b, dec.data, dec.len, 1) < 0) {
		rw_decoded_free(&dec);
		rw_budget_error(b, err);
		return NULL;
	}
	ctxt = htmlNewParserCtxt();
	if (ctxt)
		doc = htmlCtxtReadMemory(ctxt, dec.data, (int)dec.len, o->url, "UTF-8",
		                         HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		                         HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
	if (ctxt)
		htmlFreeParserCtxt(ctxt);
	if (!doc || !xmlDocGetRootElement(doc)) {
		xmlFreeDoc(doc);
		rw_decoded_free(&dec);
		rw_err_set(err, RW_E_PARSE, "'%s': the page could not be read as HTML", url);
		return NULL;
	}
	f->encoding = dec.encoding;
	dec.encoding = NULL;
	if (dec.overridden) {
		f->wellformed = 0;
		f->error = strdup(dec.note);
	}
	rw_decoded_free(&dec);
	return doc;
}

/* The budget of one page (b) and the feed its reading fills; NULL with err
 * set when there are no bytes or memory ran out. */
static rw_feed *
page_start(const char *data, size_t len, const rw_parse_opts *opts, rw_budget *b, rw_err *err)
{
	rw_feed *f;

	rw_budget_init(b, opts);
	if (!data || !len) {
		rw_err_set(err, RW_E_PARSE, "'%s': empty page (the server sent nothing)", opts->url ? opts->url : "");
		return NULL;
	}
	if (!(f = rw_feed_new()))
		rw_err_set(err, RW_E_NOMEM, "out of memory");
	return f;
}

rw_feed *
rw_parse_page(const char *data, size_t len, const rw_parse_opts *opts, const rw_page_rules *rules,
              rw_err *err)
{
	static const rw_parse_opts none;
	static const rw_page_rules schema_only = { .schema_org = 1 };
	const char *url;
	xmlDocPtr doc;
	rw_budget b;
	rw_feed *f;
	size_t max;

	if (!opts)
		opts = &none;
	if (!rules)
		rules = &schema_only;
	url = opts->url ? opts->url : "";
	max = opts->max_items ? opts->max_items : ITEMS_DEFAULT;
	if (!(f = page_start(data, len, opts, &b, err)))
		return NULL;
	if (rules->xml && rw_parse_looks_like_html(data, len)) {
		rw_feed_free(f);
		rw_err_set(err, RW_E_PARSE,
		           "'%s': the server sent an HTML page, not the XML the extraction rules read "
		           "(an error page? check the address in a browser)", url);
		return NULL;
	}
	f->format = rules->xml ? "xml" : "html";
	doc = rules->xml ? rw_parse_xml_read(data, len, opts, f, &b, err) : read_html(data, len, opts, f, url, &b, err);
	if (!doc) {
		rw_feed_free(f);
		return NULL;
	}
	f->title = page_title(doc, &b);
	f->link = opts->url ? strdup(opts->url) : NULL;
	if (rules->items && *rules->items && apply_rules(doc, rules, f, max, url, &b, err) < 0) {
		xmlFreeDoc(doc);
		rw_feed_free(f);
		return NULL;
	}
	if (rules->schema_org) {
		if (rw_schemaorg_read(doc, f, max, &b) < 0) {
			xmlFreeDoc(doc);
			rw_feed_free(f);
			if (b.over)
				rw_budget_error(&b, err);
			else
				rw_err_set(err, RW_E_NOMEM, "out of memory");
			return NULL;
		}
		reviews_to_items(f, max, rules->rating_best > 0 ? rules->rating_best : 5);
	}
	if (page_subject(doc, rules, f, url, err) < 0 || page_next(doc, rules, f, url, err) < 0) {
		xmlFreeDoc(doc);
		rw_feed_free(f);
		return NULL;
	}
	if (!rules->xml && page_links(doc, f, url) < 0) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		xmlFreeDoc(doc);
		rw_feed_free(f);
		return NULL;
	}
	xmlFreeDoc(doc);
	if (b.over) {
		rw_feed_free(f);
		rw_budget_error(&b, err);
		return NULL;
	}
	return f;
}

char *
rw_parse_page_graphs(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err)
{
	static const rw_parse_opts none;
	const char *url;
	xmlDocPtr doc;
	rw_budget b;
	rw_feed *f;
	char *out;

	if (!opts)
		opts = &none;
	url = opts->url ? opts->url : "";
	if (!(f = page_start(data, len, opts, &b, err)))
		return NULL;
	doc = read_html(data, len, opts, f, url, &b, err);
	rw_feed_free(f);
	if (!doc)
		return NULL;
	out = rw_schemaorg_graphs(doc, &b);
	xmlFreeDoc(doc);
	if (!out) {
		if (b.over)
			rw_budget_error(&b, err);
		else
			rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	return out;
}

rw_feed *
rw_parse_any(const char *data, size_t len, const rw_parse_opts *opts, rw_err *err)
{
	static const rw_parse_opts none;
	rw_err ignored = { 0 };
	rw_budget b;
	rw_feed *f;

	if (!opts)
		opts = &none;
	if (!data || !len || len > INT_MAX)
		return rw_parse_feed(data, len, opts, err);
	rw_budget_init(&b, opts);
	if (!rw_parse_looks_like_html(data, len) && (f = rw_parse_feed_budgeted(data, len, opts, &b, &ignored)))
		return f;
	if (b.over)   /* the budget is for the body, not for each way of reading it */
		return rw_budget_error(&b, err), NULL;
	return rw_parse_page(data, len, opts, NULL, err);
}
