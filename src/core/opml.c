/* SPDX-License-Identifier: MIT */
#include "opml.h"
#include "category.h"
#include "text.h"
#include "url.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/* The first entry of an OPML 2.0 category list ("/news,/Tags/x") that names
 * a category a [source] may carry (config.h). */
static char *
pick_category(const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL, *out = NULL;

	if (!copy)
		return NULL;
	for (tok = strtok_r(copy, ",", &save); tok && !out; tok = strtok_r(NULL, ",", &save)) {
		char *slash;
		while (*tok == ' ' || *tok == '/')
			tok++;
		if ((slash = strrchr(tok, '/')))
			tok = slash + 1;
		tok[strcspn(tok, " ")] = '\0';
		if (rw_category_source_ok(tok))
			out = strdup(tok);
	}
	free(copy);
	return out;
}

struct walk {
	rw_opml *o;
	size_t alloc;
	rw_err *err;
	const char *path;
	int rc;
};

static void
walk(struct walk *w, xmlNode *n)
{
	for (; n && !w->rc; n = n->next) {
		xmlChar *url;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "outline")) {
			walk(w, n->children);
			continue;
		}
		url = xmlGetProp(n, (const xmlChar *)"xmlUrl");
		if (url && !rw_url_is_source((const char *)url)) {
			w->o->skipped++;
		} else if (url) {
			xmlChar *title = xmlGetProp(n, (const xmlChar *)"title");
			xmlChar *text = xmlGetProp(n, (const xmlChar *)"text");
			xmlChar *cat = xmlGetProp(n, (const xmlChar *)"category");
			const char *name = title && *title ? (const char *)title : text && *text ? (const char *)text
			                                                                        : (const char *)url;
			rw_opml_feed *f;
			if (w->o->n >= RW_OPML_MAX_OUTLINES) {
				w->rc = rw_err_set(w->err, RW_E_USAGE, "'%s' lists more than %d feeds: split it", w->path,
				                   RW_OPML_MAX_OUTLINES);
			} else if (w->o->n == w->alloc) {
				size_t na = w->alloc ? w->alloc * 2 : 32;
				rw_opml_feed *nf = realloc(w->o->feeds, na * sizeof(*nf));
				if (!nf)
					w->rc = rw_err_set(w->err, RW_E_NOMEM, "out of memory");
				else {
					w->o->feeds = nf;
					w->alloc = na;
				}
			}
			if (!w->rc) {
				f = &w->o->feeds[w->o->n++];
				memset(f, 0, sizeof(*f));
				f->title = rw_text_squeeze(name);
				f->url = strdup((const char *)url);
				f->category = cat ? pick_category((const char *)cat) : NULL;
				f->line = (int)xmlGetLineNo(n);
				if (!f->title || !f->url)
					w->rc = rw_err_set(w->err, RW_E_NOMEM, "out of memory");
			}
			xmlFree(title);
			xmlFree(text);
			xmlFree(cat);
		}
		xmlFree(url);
		walk(w, n->children);
	}
}

int
rw_opml_read(const char *path, rw_opml *out, rw_err *err)
{
	struct stat st;
	struct walk w;
	xmlDocPtr doc;
	xmlNode *root;

	memset(out, 0, sizeof(*out));
	if (stat(path, &st) < 0)
		return rw_err_set(err, RW_E_IO, "cannot read the OPML file '%s': %s", path, strerror(errno));
	if (st.st_size > (off_t)RW_OPML_MAX_FILE)
		return rw_err_set(err, RW_E_USAGE, "'%s' is larger than %u MiB: not an OPML subscription list?", path,
		                  RW_OPML_MAX_FILE >> 20);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		rw_err_set(err, RW_E_PARSE, "cannot read '%s' as XML: %.200s", path,
		           e && e->message ? e->message : "not well-formed");
		if (err)
			err->msg[strcspn(err->msg, "\n")] = '\0';
		return RW_E_PARSE;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "opml")) {
		xmlFreeDoc(doc);
		return rw_err_set(err, RW_E_PARSE, "'%s' is not an OPML file (its root element is not <opml>)", path);
	}
	memset(&w, 0, sizeof(w));
	w.o = out;
	w.err = err;
	w.path = path;
	walk(&w, root->children);
	xmlFreeDoc(doc);
	if (w.rc)
		rw_opml_clear(out);
	return w.rc;
}

void
rw_opml_clear(rw_opml *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->n; i++) {
		free(o->feeds[i].title);
		free(o->feeds[i].url);
		free(o->feeds[i].category);
	}
	free(o->feeds);
	memset(o, 0, sizeof(*o));
}

/* An attribute value libxml2 can write: valid UTF-8, no control character. */
static xmlChar *
clean(const char *s)
{
	char *c = rw_text_squeeze(s ? s : "");
	xmlChar *x;

	if (!c)
		return NULL;
	x = xmlStrdup((const xmlChar *)c);
	free(c);
	return x;
}

static int
set_attr(xmlNode *n, const char *name, const char *value)
{
	xmlChar *v = clean(value);
	int ok = v && xmlSetProp(n, (const xmlChar *)name, v) != NULL;

	xmlFree(v);
	return ok ? 0 : -1;
}

char *
rw_opml_write(const rw_source *sources, size_t n, const char *title, long long now, rw_err *err)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root, *head, *body;
	xmlChar *mem = NULL;
	char date[64], *out = NULL;
	time_t t = (time_t)now;
	struct tm tm;
	size_t i;
	int size = 0, bad = !doc;

	if (!bad) {
		root = xmlNewNode(NULL, (const xmlChar *)"opml");
		bad = !root;
	}
	if (!bad) {
		xmlDocSetRootElement(doc, root);
		gmtime_r(&t, &tm);
		snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
		         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
		head = xmlNewChild(root, NULL, (const xmlChar *)"head", NULL);
		body = xmlNewChild(root, NULL, (const xmlChar *)"body", NULL);
		bad = !head || !body || set_attr(root, "version", "2.0") < 0 ||
		      !xmlNewTextChild(head, NULL, (const xmlChar *)"title", (const xmlChar *)(title ? title : "")) ||
		      !xmlNewTextChild(head, NULL, (const xmlChar *)"dateCreated", (const xmlChar *)date);
		for (i = 0; i < n && !bad; i++) {
			xmlNode *o = xmlNewChild(body, NULL, (const xmlChar *)"outline", NULL);
			const char *name = sources[i].name ? sources[i].name : sources[i].url;
			bad = !o || set_attr(o, "type", "rss") < 0 || set_attr(o, "text", name) < 0 ||
			      set_attr(o, "title", name) < 0 || set_attr(o, "xmlUrl", sources[i].url) < 0 ||
			      (sources[i].category && set_attr(o, "category", sources[i].category) < 0);
		}
	}
	if (!bad) {
		xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
		if (mem && (out = malloc((size_t)size + 1))) {
			memcpy(out, mem, (size_t)size);
			out[size] = '\0';
		}
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	if (!out)
		rw_err_set(err, RW_E_NOMEM, "out of memory");
	return out;
}
