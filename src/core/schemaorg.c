/* SPDX-License-Identifier: MIT */
#include "schemaorg.h"
#include "buf.h"
#include "parse-xml.h"
#include "date.h"
#include "dom.h"
#include "text.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#define BLOCK_MAX    (4u << 20)   /* bytes of one JSON-LD block */
#define BLOCKS_MAX   256          /* JSON-LD blocks read per page */
#define JSON_DEPTH   64           /* json-c nesting limit */
#define ITEMS_MAX    2000         /* microdata items read per page */
#define MD_DEPTH     32           /* microdata items nested in items */
#define TEXT_MAX     (256u << 10) /* text kept per review field */

double
rw_schemaorg_number(const char *s)
{
	char buf[64];
	size_t n = 0;
	char *end;
	double v;

	if (!s)
		return -1;
	while (*s && !isdigit((unsigned char)*s) && *s != '.' && *s != ',')
		s++;
	while (n + 1 < sizeof(buf) && (isdigit((unsigned char)s[n]) || s[n] == '.' || s[n] == ',')) {
		buf[n] = s[n] == ',' ? '.' : s[n];
		n++;
	}
	buf[n] = '\0';
	if (!n)
		return -1;
	/* "0x10" is no rating of 0, nor "1e400" one of 1 */
	if (s[n] == 'x' || s[n] == 'X' || s[n] == 'e' || s[n] == 'E')
		return -1;
	v = rw_text_strtod(buf, &end);
	return end == buf || v < 0 || !isfinite(v) ? -1 : v;
}

double
rw_schemaorg_rating(double value, double best, double worst, char *why, size_t size)
{
	double top = best > 0 ? best : 5, bottom = worst >= 0 ? worst : 0;

	if (value < 0)
		return -1;
	if (!isfinite(value) || !isfinite(top) || top > RW_RATING_BEST_MAX || bottom >= top) {
		if (why)
			snprintf(why, size, "a rating of %g on a scale of %g-%g is not a rating (ignored)", value, bottom, top);
		return -1;
	}
	if (value > top || value < bottom) {
		if (why)
			snprintf(why, size, "a rating of %g is outside its scale of %g-%g (ignored)", value, bottom, top);
		return -1;
	}
	return value;
}

/* ---- json helpers ---- */

static json_object *
get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	if (json_object_object_get_ex(o, key, &v))
		return v;
	return NULL;
}

/* First element of an array, or the value itself. */
static json_object *
first(json_object *v)
{
	while (v && json_object_is_type(v, json_type_array))
		v = json_object_array_length(v) ? json_object_array_get_idx(v, 0) : NULL;
	return v;
}

static const char *
str(json_object *v)
{
	v = first(v);
	if (!v || json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_null))
		return NULL;
	return json_object_get_string(v);
}

static double
num(json_object *v)
{
	v = first(v);
	if (!v)
		return -1;
	if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);
		return d < 0 || !isfinite(d) ? -1 : d;   /* json-c reads NaN and Infinity */
	}
	if (json_object_is_type(v, json_type_object))
		return num(get(v, "@value"));
	return rw_schemaorg_number(str(v));
}

/* Does the @type (string or array, full IRI or short) name one of these? */
static int
type_is(json_object *o, int (*match)(const char *))
{
	json_object *t = get(o, "@type");
	size_t i, n;

	if (!t)
		return 0;
	n = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
	for (i = 0; i < n; i++) {
		json_object *e = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
		const char *s = e && json_object_is_type(e, json_type_string) ? json_object_get_string(e) : NULL;
		const char *slash;
		if (!s)
			continue;
		slash = strrchr(s, '/');
		if (match(slash ? slash + 1 : s))
			return 1;
	}
	return 0;
}

static int
is_review_name(const char *s)
{
	return !strcmp(s, "Review") || !strcmp(s, "UserReview") || !strcmp(s, "CriticReview") ||
	       !strcmp(s, "EmployerReview") || !strcmp(s, "ClaimReview");
}

static int
is_aggregate_name(const char *s)
{
	return !strcmp(s, "AggregateRating");
}

/* Clean text of a value that may hold HTML; NULL when empty. */
static char *
clean(json_object *v)
{
	const char *s = str(v);
	char *out;

	if (!s)
		return NULL;
	out = rw_text_clean(s);
	if (out && strlen(out) > TEXT_MAX) {
		size_t n = TEXT_MAX;
		while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
			n--;
		out[n] = '\0';
	}
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	return out;
}

/* A person or organisation: a string, {name}, or an array of those. */
static char *
person(json_object *v)
{
	json_object *o = first(v);

	if (o && json_object_is_type(o, json_type_object))
		return clean(get(o, "name"));
	return clean(o);
}

struct walk {
	xmlDocPtr doc;
	rw_feed *f;
	size_t max;
	int oom;
	int have_aggregate;
	rw_budget *b;
	/* objects walked already: a microdata item named by several
	 * itemprop names ("a b") is one object under each name, and is
	 * walked once, not once per path to it (names^depth) */
	const void **seen;
	size_t nseen, seen_alloc;   /* open addressing; seen_alloc a power of 2 */
};

/* Forget the walked objects: once freed, the next ones may take their
 * addresses. */
static void
seen_clear(struct walk *w)
{
	if (w->nseen) {
		memset(w->seen, 0, w->seen_alloc * sizeof(*w->seen));
		w->nseen = 0;
	}
}

/* Add o to the walked objects; 1 when it was there already, -1 when
 * memory ran out. */
static int
seen_add(struct walk *w, const void *o)
{
	size_t i, mask;

	if (2 * (w->nseen + 1) > w->seen_alloc) {
		size_t na = w->seen_alloc ? 2 * w->seen_alloc : 64, k;
		const void **ns = calloc(na, sizeof(*ns));
		if (!ns)
			return -1;
		for (k = 0; k < w->seen_alloc; k++)
			if (w->seen[k]) {
				for (i = ((uintptr_t)w->seen[k] >> 4) & (na - 1); ns[i]; i = (i + 1) & (na - 1))
					;
				ns[i] = w->seen[k];
			}
		free(w->seen);
		w->seen = ns;
		w->seen_alloc = na;
	}
	mask = w->seen_alloc - 1;
	for (i = ((uintptr_t)o >> 4) & mask; w->seen[i]; i = (i + 1) & mask)
		if (w->seen[i] == o)
			return 1;
	w->seen[i] = o;
	w->nseen++;
	return 0;
}

static void
add_review(struct walk *w, json_object *o, const char *thing)
{
	rw_review *r;
	json_object *rr = get(o, "reviewRating"), *ir = get(o, "itemReviewed");

	if (w->f->nreviews >= w->max)
		return;
	r = realloc(w->f->reviews, (w->f->nreviews + 1) * sizeof(*r));
	if (!r) {
		w->oom = 1;
		return;
	}
	w->f->reviews = r;
	r = &r[w->f->nreviews++];
	memset(r, 0, sizeof(*r));
	r->rating = r->best = r->worst = -1;
	if (rr && json_object_is_type(first(rr), json_type_object)) {
		rr = first(rr);
		r->rating = num(get(rr, "ratingValue"));
		r->best = num(get(rr, "bestRating"));
		r->worst = num(get(rr, "worstRating"));
	} else if (rr) {
		r->rating = num(rr);            /* "reviewRating": "4" */
	}
	if (r->best > RW_RATING_BEST_MAX)
		r->best = -1;
	if (r->rating >= 0) {
		char why[160];
		r->rating = rw_schemaorg_rating(r->rating, r->best, r->worst, why, sizeof(why));
		if (r->rating < 0 && !w->f->error)
			w->f->error = strdup(why);
	}
	r->author = person(get(o, "author"));
	r->body = clean(get(o, "reviewBody"));
	if (!r->body)
		r->body = clean(get(o, "description"));
	r->title = clean(get(o, "name"));
	r->link = rw_dom_resolve(xmlDocGetRootElement(w->doc), str(get(o, "url")));
	r->date = rw_date_parse(str(get(o, "datePublished")));
	if (ir && json_object_is_type(first(ir), json_type_object))
		r->item_reviewed = clean(get(first(ir), "name"));
	else if (ir)
		r->item_reviewed = clean(ir);
	else if (thing)
		r->item_reviewed = strdup(thing);
}

static void
set_aggregate(struct walk *w, json_object *o, const char *thing)
{
	rw_rating_summary *a = &w->f->aggregate;
	double count;

	if (w->have_aggregate)
		return;
	a->value = num(get(o, "ratingValue"));
	if (a->value < 0)
		return;
	a->best = num(get(o, "bestRating"));
	a->worst = num(get(o, "worstRating"));
	{
		char why[160];
		if (rw_schemaorg_rating(a->value, a->best, a->worst, why, sizeof(why)) < 0) {
			if (!w->f->error)
				w->f->error = strdup(why);
			a->value = a->best = a->worst = -1;
			return;
		}
	}
	w->have_aggregate = 1;
	count = num(get(o, "reviewCount"));
	a->count = count >= 0 ? count : num(get(o, "ratingCount"));
	if (a->count > 1e12)
		a->count = -1;
	if (get(o, "itemReviewed"))
		a->item_reviewed = person(get(o, "itemReviewed"));
	else if (thing)
		a->item_reviewed = strdup(thing);
}

/* hint: what the key above said this object is ("review", "aggregateRating");
 * thing: the name of the nearest enclosing object, the thing reviewed.
 * json-c bounds the depth (JSON_DEPTH), so recursion is bounded too. */
static void
walk(struct walk *w, json_object *v, const char *hint, const char *thing)
{
	if (!v || w->oom || rw_budget_spend(w->b, 1, "JSON-LD and microdata nodes"))
		return;
	if (json_object_is_type(v, json_type_array)) {
		size_t i, n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			walk(w, json_object_array_get_idx(v, i), hint, thing);
		return;
	}
	if (!json_object_is_type(v, json_type_object))
		return;
	switch (seen_add(w, v)) {
	case 1:
		return;
	case -1:
		w->oom = 1;
		return;
	}
	{
		int typed = get(v, "@type") != NULL;
		int pass;
		int review = type_is(v, is_review_name) || (!typed && hint && !strcmp(hint, "review"));
		int agg = type_is(v, is_aggregate_name) || (!typed && hint && !strcmp(hint, "aggregateRating"));
		const char *name = str(get(v, "name"));
		const char *inner = review || agg ? thing : (name ? name : thing);

		if (review)
			add_review(w, v, thing);
		if (agg)
			set_aggregate(w, v, thing);
		/* the keys that say what an object is first: an object reached
		 * under several names is read under the telling one */
		for (pass = 0; pass < 2; pass++) {
			json_object_object_foreach(v, key, sub) {
				const char *h = NULL;
				if (key[0] == '@' && strcmp(key, "@graph"))
					continue;
				if (!strcmp(key, "review") || !strcmp(key, "reviews"))
					h = "review";
				else if (!strcmp(key, "aggregateRating"))
					h = "aggregateRating";
				else if (review && !strcmp(key, "reviewRating"))
					continue;    /* a Rating, already read */
				if ((h != NULL) == (pass == 0))
					walk(w, sub, h, inner);
			}
		}
	}
}

/* ---- JSON-LD ---- */

/* Make the JSON real pages carry parseable: drop HTML comment and CDATA
 * wrappers and JavaScript comments, turn raw control characters inside
 * strings into spaces. */
static char *
repair_json(const char *s)
{
	rw_buf b;
	int in_str = 0;

	rw_buf_init(&b, BLOCK_MAX);
	while (isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (in_str) {
			if (*s == '\\' && s[1]) {
				rw_buf_addc(&b, *s++);
				rw_buf_addc(&b, *s);
				continue;
			}
			if (*s == '"')
				in_str = 0;
			rw_buf_addc(&b, (unsigned char)*s < 0x20 ? ' ' : *s);
			continue;
		}
		if (*s == '"') {
			in_str = 1;
		} else if (!strncmp(s, "<!--", 4) || !strncmp(s, "<![CDATA[", 9)) {
			s += s[1] == '!' && s[2] == '-' ? 3 : 8;
			continue;
		} else if (!strncmp(s, "-->", 3) || !strncmp(s, "]]>", 3)) {
			s += 2;
			continue;
		} else if (s[0] == '/' && s[1] == '/') {
			while (s[1] && s[1] != '\n')
				s++;
			continue;
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");
			if (!e)
				break;
			s = e + 1;
			continue;
		}
		if (rw_buf_addc(&b, *s) < 0)
			break;
	}
	return rw_buf_steal(&b);
}

/* Parse every JSON value in text (several may follow each other; text
 * after the last one, such as a stray '}', is ignored). */
static void
read_json_block(struct walk *w, const char *text)
{
	char *fixed = repair_json(text);
	const char *p = fixed;
	size_t left = fixed ? strlen(fixed) : 0;
	int rounds = 0;

	while (fixed && left > 0 && rounds++ < 16 && !w->oom) {
		json_tokener *tok = json_tokener_new_ex(JSON_DEPTH);
		json_object *o;
		size_t used;

		if (!tok)
			break;
		o = json_tokener_parse_ex(tok, p, (int)left);
		used = json_tokener_get_parse_end(tok);
		if (json_tokener_get_error(tok) == json_tokener_continue) {
			/* truncated: close what is open, at most JSON_DEPTH levels */
			json_object_put(o);
			o = NULL;
		}
		json_tokener_free(tok);
		if (o)
			walk(w, o, NULL, NULL);
		json_object_put(o);
		seen_clear(w);
		if (!o || used == 0 || used > left)
			break;
		p += used;
		left -= used;
		while (left && (isspace((unsigned char)*p) || *p == ',' || *p == ';' || *p == '}' || *p == ']'))
			p++, left--;
	}
	free(fixed);
}

static int
is_jsonld_script(xmlNode *n)
{
	xmlChar *type;
	int yes;

	if (n->type != XML_ELEMENT_NODE || strcasecmp((const char *)n->name, "script"))
		return 0;
	type = xmlGetProp(n, (const xmlChar *)"type");
	yes = type && strcasestr((const char *)type, "application/ld+json") != NULL;
	xmlFree(type);
	return yes;
}

/* ---- microdata ---- */

static int
has_attr(xmlNode *n, const char *name)
{
	return xmlHasProp(n, (const xmlChar *)name) != NULL;
}

static char *
attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* The value of a property element that is not an item (HTML microdata). */
static json_object *
md_value(xmlNode *n)
{
	static const struct { const char *tag, *attr; } url_attr[] = {
		{ "meta", "content" }, { "a", "href" }, { "link", "href" }, { "area", "href" },
		{ "img", "src" }, { "audio", "src" }, { "video", "src" }, { "source", "src" },
		{ "iframe", "src" }, { "embed", "src" }, { "track", "src" }, { "object", "data" },
		{ "data", "value" }, { "meter", "value" }, { "time", "datetime" },
	};
	const char *tag = (const char *)n->name;
	char *s = NULL, *t;
	json_object *o;
	size_t i;

	if (has_attr(n, "content"))
		s = attr(n, "content");
	for (i = 0; !s && i < sizeof(url_attr) / sizeof(url_attr[0]); i++)
		if (!strcasecmp(tag, url_attr[i].tag))
			s = attr(n, url_attr[i].attr);
	if (!s) {
		t = rw_dom_text(n, TEXT_MAX);
		s = t ? rw_text_squeeze(t) : NULL;
		free(t);
	}
	o = json_object_new_string(s ? s : "");
	free(s);
	return o;
}

static void
md_add(json_object *item, const char *key, json_object *val)
{
	json_object *old = get(item, key);

	if (!old) {
		json_object_object_add(item, key, val);
	} else if (json_object_is_type(old, json_type_array)) {
		json_object_array_add(old, val);
	} else {
		json_object *arr = json_object_new_array();
		json_object_array_add(arr, json_object_get(old));
		json_object_array_add(arr, val);
		json_object_object_add(item, key, arr);
	}
}

/* Build the JSON form of the item whose itemscope is on n; *budget bounds
 * how many items one page may build, b the elements visited. */
static json_object *
md_item(xmlNode *n, int depth, int *budget, rw_budget *b)
{
	json_object *item = json_object_new_object();
	char *type = attr(n, "itemtype");
	xmlNode *c;

	if (!item) {
		free(type);
		return NULL;
	}
	if (type) {
		/* "https://schema.org/Review other/Type": the first one is enough */
		char *sp = strpbrk(type, " \t\n");
		if (sp)
			*sp = '\0';
		json_object_object_add(item, "@type", json_object_new_string(type));
		free(type);
	}
	for (c = n->children; c && !rw_budget_spend(b, 1, "microdata elements"); ) {
		int skip = 0;
		if (c->type == XML_ELEMENT_NODE) {
			char *props = attr(c, "itemprop");
			int scope = has_attr(c, "itemscope");
			if (props) {
				json_object *val = NULL;
				char *save = NULL, *tok;
				if (scope && depth < MD_DEPTH && --*budget > 0)
					val = md_item(c, depth + 1, budget, b);
				else if (!scope)
					val = md_value(c);
				/* itemprop may name several properties at once */
				for (tok = strtok_r(props, " \t\n", &save); tok && val; tok = strtok_r(NULL, " \t\n", &save)) {
					const char *slash = strrchr(tok, '/');
					md_add(item, slash ? slash + 1 : tok, json_object_get(val));
				}
				json_object_put(val);
				free(props);
			}
			skip = scope;   /* a nested item's properties are its own */
		}
		c = rw_dom_next(c, n, skip);
	}
	return item;
}

/* ---- the page ---- */

int
rw_schemaorg_read(xmlDocPtr doc, rw_feed *f, size_t max, rw_budget *b)
{
	struct walk w;
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL, *n;
	int blocks = 0, budget = ITEMS_MAX;

	memset(&w, 0, sizeof(w));
	w.doc = doc;
	w.f = f;
	w.max = max;
	w.have_aggregate = f->aggregate.value >= 0;
	w.b = b;
	for (n = root; n && !w.oom && !rw_budget_spend(b, 1, "elements"); ) {
		int skip = 0;
		if (is_jsonld_script(n) && blocks++ < BLOCKS_MAX) {
			xmlChar *raw = xmlNodeGetContent(n);
			if (raw && strlen((const char *)raw) <= BLOCK_MAX)
				read_json_block(&w, (const char *)raw);
			xmlFree(raw);
			skip = 1;
		} else if (n->type == XML_ELEMENT_NODE && has_attr(n, "itemscope") &&
		           !has_attr(n, "itemprop") && --budget > 0) {
			json_object *item = md_item(n, 0, &budget, b);
			walk(&w, item, NULL, NULL);
			json_object_put(item);
			seen_clear(&w);
		}
		n = rw_dom_next(n, root, skip);
	}
	free(w.seen);
	return w.oom || (b && b->over) ? -1 : 0;
}
