/* SPDX-License-Identifier: MIT */
#include "dom.h"
#include "buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
	"div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
	"h3", "h4", "h5", "h6", "head", "header", "hr", "html", "img", "li", "main", "nav",
	"ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
	"title", "tr", "ul",
};

static int
cmp_tag(const void *a, const void *b)
{
	return strcasecmp((const char *)a, *(const char *const *)b);
}

int
rw_dom_is_block(const char *name)
{
	return name && bsearch(name, block_tags, sizeof(block_tags) / sizeof(block_tags[0]),
	                       sizeof(block_tags[0]), cmp_tag) != NULL;
}

static int
not_text(const xmlNode *n)
{
	const char *name = (const char *)n->name;
	return !strcasecmp(name, "script") || !strcasecmp(name, "style") ||
	       !strcasecmp(name, "template");
}

xmlNode *
rw_dom_next(xmlNode *cur, const xmlNode *top, int skip_children)
{
	if (!skip_children && cur->children && cur->type != XML_ENTITY_REF_NODE &&
	    cur->type != XML_ATTRIBUTE_NODE)
		return cur->children;
	while (cur && cur != top) {
		if (cur->next)
			return cur->next;
		cur = cur->parent;
	}
	return NULL;
}

/* Cut s to at most max bytes without splitting a UTF-8 character. */
static void
cut_utf8(rw_buf *b, const char *s, size_t n)
{
	size_t room = b->max - b->len;

	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	rw_buf_add(b, s, n);
}

char *
rw_dom_text(const xmlNode *top, size_t max)
{
	rw_buf b;
	const xmlNode *n = top;

	rw_buf_init(&b, max);
	if (!top)
		return rw_buf_steal(&b);
	for (;;) {
		int descend = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				cut_utf8(&b, (const char *)n->content, strlen((const char *)n->content));
		} else if (n->type == XML_ELEMENT_NODE) {
			descend = !not_text(n);
			if (rw_dom_is_block((const char *)n->name))
				rw_buf_addc(&b, ' ');
		} else if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
			descend = 1;
		}
		if (b.len >= max)
			break;
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && rw_dom_is_block((const char *)n->name))
				rw_buf_addc(&b, ' ');
			if (n == top)
				return rw_buf_steal(&b);
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n)
				return rw_buf_steal(&b);
		}
	}
	return rw_buf_steal(&b);
}

char *
rw_dom_inner_markup(xmlNode *n, size_t max)
{
	xmlBufferPtr xb;
	xmlNode *c;
	rw_buf b;

	if (!n)
		return NULL;
	xb = xmlBufferCreate();
	if (!xb)
		return NULL;
	rw_buf_init(&b, max);
	for (c = n->children; c; c = c->next) {
		xmlBufferEmpty(xb);
		xmlNodeDump(xb, n->doc, c, 0, 0);
		cut_utf8(&b, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
		if (b.len >= max)
			break;
	}
	xmlBufferFree(xb);
	return rw_buf_steal(&b);
}

char *
rw_dom_resolve(xmlNode *n, const char *href)
{
	xmlChar *base, *abs = NULL;
	char *copy, *out;
	size_t len;

	if (!href)
		return NULL;
	while (isspace((unsigned char)*href))
		href++;
	len = strlen(href);
	while (len && isspace((unsigned char)href[len - 1]))
		len--;
	if (!len || !(copy = strndup(href, len)))
		return NULL;
	base = n ? xmlNodeGetBase(n->doc, n) : NULL;
	/* libxml2 gives HTML documents without <base> no base: use their URL */
	if (!base && n && n->doc && n->doc->URL)
		base = xmlStrdup(n->doc->URL);
	if (base)
		abs = xmlBuildURI((const xmlChar *)copy, base);
	out = abs ? strdup((const char *)abs) : copy;
	if (abs)
		free(copy);
	xmlFree(abs);
	xmlFree(base);
	return out;
}
