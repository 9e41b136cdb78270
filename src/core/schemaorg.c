/* SPDX-License-Identifier: MIT */
#include "schemaorg.h"
#include "buf.h"
#include "parse-xml.h"
#include "date.h"
#include "dom.h"
#include "text.h"
#include "msgid.h"

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

/* A set of pointers (open addressing; alloc a power of 2). */
struct ptrset {
	const void **v;
	size_t n, alloc;
};

/* Forget the pointers: once freed, the next objects may take their
 * addresses. */
static void
ptrset_clear(struct ptrset *s)
{
	if (s->n) {
		memset(s->v, 0, s->alloc * sizeof(*s->v));
		s->n = 0;
	}
}

/* Add p; 1 when it was there already, -1 when memory ran out. */
static int
ptrset_add(struct ptrset *s, const void *p)
{
	size_t i, mask;

	if (2 * (s->n + 1) > s->alloc) {
		size_t na = s->alloc ? 2 * s->alloc : 64, k;
		const void **ns = calloc(na, sizeof(*ns));
		if (!ns)
			return -1;
		for (k = 0; k < s->alloc; k++)
			if (s->v[k]) {
				for (i = ((uintptr_t)s->v[k] >> 4) & (na - 1); ns[i]; i = (i + 1) & (na - 1))
					;
				ns[i] = s->v[k];
			}
		free(s->v);
		s->v = ns;
		s->alloc = na;
	}
	mask = s->alloc - 1;
	for (i = ((uintptr_t)p >> 4) & mask; s->v[i]; i = (i + 1) & mask)
		if (s->v[i] == p)
			return 1;
	s->v[i] = p;
	s->n++;
	return 0;
}

static int
ptrset_has(const struct ptrset *s, const void *p)
{
	size_t i, mask;

	if (!s->alloc)
		return 0;
	mask = s->alloc - 1;
	for (i = ((uintptr_t)p >> 4) & mask; s->v[i]; i = (i + 1) & mask)
		if (s->v[i] == p)
			return 1;
	return 0;
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
	struct ptrset seen;
	/* of the graph being walked (one JSON-LD block, the page's microdata,
	 * its RDFa): @id -> the node that describes it, and @id -> the name
	 * of the thing whose "review" refers to it by {"@id": ...} */
	json_object *ids, *reviewed_by;
	struct ptrset indexed;   /* objects index_ids() has read, as seen */
};

/* The @id of o made absolute against the page (a "#doctor" and the page's
 * URL with "#doctor" are one node); NULL when o has none. malloc'd. */
static char *
node_id(struct walk *w, json_object *o)
{
	json_object *id = get(o, "@id");

	if (!id || !json_object_is_type(id, json_type_string))
		return NULL;
	return rw_dom_resolve(xmlDocGetRootElement(w->doc), json_object_get_string(id));
}

/* {"@id": ...} and nothing else: a reference to a node described elsewhere. */
static int
is_reference(json_object *o)
{
	return o && json_object_is_type(o, json_type_object) && get(o, "@id") &&
	       json_object_object_length(o) == 1 + (get(o, "@context") != NULL);
}

/* The node a reference names, or v itself. */
static json_object *
deref(struct walk *w, json_object *v)
{
	json_object *node;
	char *id;

	if (!w->ids || !is_reference(v) || !(id = node_id(w, v)))
		return v;
	node = get(w->ids, id);
	free(id);
	return node ? node : v;
}

/* Fill w->ids and w->reviewed_by from the graph under v.  The depth is
 * bounded by whoever built v (json-c's JSON_DEPTH, MD_DEPTH). */
static void
index_ids(struct walk *w, json_object *v)
{
	if (!v || w->oom || rw_budget_spend(w->b, 1, N_("JSON-LD and microdata nodes")))
		return;
	if (json_object_is_type(v, json_type_array)) {
		size_t i, n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			index_ids(w, json_object_array_get_idx(v, i));
		return;
	}
	if (!json_object_is_type(v, json_type_object))
		return;
	switch (ptrset_add(&w->indexed, v)) {
	case 1:
		return;
	case -1:
		w->oom = 1;
		return;
	}
	if (!is_reference(v)) {
		char *id = node_id(w, v);
		if (id && !get(w->ids, id))
			json_object_object_add(w->ids, id, json_object_get(v));
		free(id);
	}
	{
		const char *name = str(get(v, "name"));
		json_object_object_foreach(v, key, sub) {
			if (name && (!strcmp(key, "review") || !strcmp(key, "reviews"))) {
				size_t i, n = json_object_is_type(sub, json_type_array) ? json_object_array_length(sub) : 1;
				for (i = 0; i < n; i++) {
					json_object *r = json_object_is_type(sub, json_type_array) ?
					                 json_object_array_get_idx(sub, i) : sub;
					char *id = is_reference(r) ? node_id(w, r) : NULL;
					if (id && !get(w->reviewed_by, id))
						json_object_object_add(w->reviewed_by, id, json_object_new_string(name));
					free(id);
				}
			}
			if (strcmp(key, "@context"))
				index_ids(w, sub);
		}
	}
}

/* Walk the graph under v (see walk()), its references resolved. */
static void walk(struct walk *w, json_object *v, const char *hint, const char *thing);

static void
walk_graph(struct walk *w, json_object *v)
{
	w->ids = json_object_new_object();
	w->reviewed_by = json_object_new_object();
	if (!w->ids || !w->reviewed_by)
		w->oom = 1;
	else
		index_ids(w, v);
	walk(w, v, NULL, NULL);
	json_object_put(w->ids);
	json_object_put(w->reviewed_by);
	w->ids = w->reviewed_by = NULL;
	ptrset_clear(&w->seen);
	ptrset_clear(&w->indexed);
}

/* A person or organisation: a string, {name}, a reference to one, or an
 * array of those. */
static char *
person(struct walk *w, json_object *v)
{
	json_object *o = deref(w, first(v));

	if (o && json_object_is_type(o, json_type_object))
		return clean(get(o, "name"));
	return clean(o);
}

static void
add_review(struct walk *w, json_object *o, const char *thing)
{
	rw_review *r;
	json_object *rr = deref(w, first(get(o, "reviewRating"))), *ir = deref(w, first(get(o, "itemReviewed")));

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
	r->author = person(w, get(o, "author"));
	r->body = clean(get(o, "reviewBody"));
	if (!r->body)
		r->body = clean(get(o, "description"));
	r->title = clean(get(o, "name"));
	r->link = rw_dom_resolve(xmlDocGetRootElement(w->doc), str(get(o, "url")));
	if (!r->link) {
		/* else its @id (JSON-LD, itemid, RDFa resource) or the id of its
		 * element (page#avis-17): what identifies it through an edit */
		const char *id = str(get(o, "@id"));
		if (!id || !strncmp(id, "_:", 2))
			id = str(get(o, "@anchor"));
		r->link = rw_dom_resolve(xmlDocGetRootElement(w->doc), id);
	}
	r->date = rw_date_parse(str(get(o, "datePublished")));
	if (ir && json_object_is_type(ir, json_type_object))
		r->item_reviewed = clean(get(ir, "name"));
	else if (ir)
		r->item_reviewed = clean(ir);
	if (!r->item_reviewed && !thing && w->reviewed_by) {
		/* a node of a graph that a Physician lists by reference */
		char *id = node_id(w, o);
		thing = id ? str(get(w->reviewed_by, id)) : NULL;
		free(id);
	}
	if (!r->item_reviewed && thing)
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
		a->item_reviewed = person(w, get(o, "itemReviewed"));
	else if (thing)
		a->item_reviewed = strdup(thing);
}

/* Add "key=value" to the card when value is a non-empty string. */
static void
card_add(rw_buf *b, const char *key, json_object *v)
{
	const char *s = str(v);
	char *c;

	if (!s && json_object_is_type(first(v), json_type_object))
		s = str(get(first(v), "value"));   /* identifier: a PropertyValue */
	if (!s || !(c = rw_text_clean(s)))
		return;
	if (*c && !strchr(c, '\n') && strlen(c) < 200)
		rw_buf_printf(b, "%s=%s\n", key, c);
	free(c);
}

/* The thing reviewed (an object with reviews or a rating of its own): what
 * it says of itself beyond its name, once per page (the first such thing). */
static void
set_card(struct walk *w, json_object *v)
{
	json_object *addr = first(get(v, "address"));
	rw_buf b;

	if (w->f->card || (!get(v, "review") && !get(v, "reviews") && !get(v, "aggregateRating")))
		return;
	rw_buf_init(&b, 2048);
	card_add(&b, "telephone", get(v, "telephone"));
	if (addr && json_object_is_type(addr, json_type_object)) {
		card_add(&b, "postcode", get(addr, "postalCode"));
		card_add(&b, "street", get(addr, "streetAddress"));
	}
	card_add(&b, "identifier", get(v, "identifier"));
	if (b.len && !(w->f->card = rw_buf_steal(&b)))
		w->oom = 1;
	rw_buf_free(&b);
}

/* hint: what the key above said this object is ("review", "aggregateRating");
 * thing: the name of the nearest enclosing object, the thing reviewed.
 * json-c bounds the depth (JSON_DEPTH), so recursion is bounded too. */
static void
walk(struct walk *w, json_object *v, const char *hint, const char *thing)
{
	if (!v || w->oom || rw_budget_spend(w->b, 1, N_("JSON-LD and microdata nodes")))
		return;
	if (json_object_is_type(v, json_type_array)) {
		size_t i, n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			walk(w, json_object_array_get_idx(v, i), hint, thing);
		return;
	}
	if (!json_object_is_type(v, json_type_object))
		return;
	v = deref(w, v);
	switch (ptrset_add(&w->seen, v)) {
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
		if (!review && !agg)
			set_card(w, v);
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
			const char *in = s + (s[2] == '-' ? 4 : 9), *end;
			while (isspace((unsigned char)*in))
				in++;
			/* a wrapper round the JSON drops its markers; a comment
			 * of words ("<!-- added by the CMS -->") goes whole */
			if (s[2] == '-' && *in != '{' && *in != '[' && (end = strstr(in, "-->"))) {
				s = end + 2;
				continue;
			}
			s += s[2] == '-' ? 3 : 8;
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

/* Parse every JSON value in text into the array graphs (several may
 * follow each other; text after the last one, such as a stray '}', is
 * ignored). */
static void
read_json_block(struct walk *w, const char *text, json_object *graphs)
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
		if (o && json_object_array_add(graphs, json_object_get(o)) < 0)
			w->oom = 1;
		json_object_put(o);
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

static char *
concat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	if (s) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb + 1);
	}
	return s;
}

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

/* The microdata of a page, read as one graph. */
struct md {
	xmlDocPtr doc;
	rw_budget *b;
	int items;                  /* items one page may still build */
	int refs;                   /* itemref names it may still follow */
	struct ptrset referenced;   /* elements an itemref names */
	xmlNode *building[MD_DEPTH + 2];   /* the items being built, outermost first */
	int nbuilding;
	int oom;
};

/* Is n an item being built (an itemref cycle leads back to it)? */
static int
md_building(const struct md *m, const xmlNode *n)
{
	int i;

	for (i = 0; i < m->nbuilding; i++)
		if (m->building[i] == n)
			return 1;
	return 0;
}

static json_object *md_item(struct md *m, xmlNode *n, int depth);

/* Add to item the properties on start and the elements after it inside
 * top, not those of a nested item; self is the item's own element (an
 * itemref that names one of its ancestors does not read it again). */
static void
md_props(struct md *m, json_object *item, xmlNode *start, xmlNode *top, xmlNode *self, int depth)
{
	xmlNode *c;

	for (c = start; c && !rw_budget_spend(m->b, 1, N_("microdata elements")); ) {
		int skip = 0;
		if (c == self) {
			skip = 1;
		} else if (c->type == XML_ELEMENT_NODE) {
			char *props = attr(c, "itemprop");
			int scope = has_attr(c, "itemscope");
			if (props) {
				json_object *val = NULL;
				char *save = NULL, *tok;
				if (scope && depth < MD_DEPTH && !md_building(m, c) && --m->items > 0)
					val = md_item(m, c, depth + 1);
				else if (!scope)
					val = md_value(c);
				/* itemprop may name several properties at once */
				for (tok = strtok_r(props, " \t\n\r\f", &save); tok && val;
				     tok = strtok_r(NULL, " \t\n\r\f", &save)) {
					const char *slash = strrchr(tok, '/');
					md_add(item, slash ? slash + 1 : tok, json_object_get(val));
				}
				json_object_put(val);
				free(props);
			}
			skip = scope;   /* a nested item's properties are its own */
		}
		if (c == top && skip)
			break;
		c = rw_dom_next(c, top, skip);
	}
}

/* Build the JSON form of the item whose itemscope is on n: its itemtype
 * (a list), its itemid as @id, the properties inside it and those of the
 * elements its itemref names (HTML, "Microdata", the properties of an
 * item). */
static json_object *
md_item(struct md *m, xmlNode *n, int depth)
{
	json_object *item = json_object_new_object();
	char *type = attr(n, "itemtype"), *id = attr(n, "itemid"), *refs = attr(n, "itemref");

	if (!item) {
		m->oom = 1;
		goto out;
	}
	if (type) {
		json_object *types = json_object_new_array();
		char *save = NULL, *tok;
		for (tok = strtok_r(type, " \t\n\r\f", &save); tok && types; tok = strtok_r(NULL, " \t\n\r\f", &save))
			json_object_array_add(types, json_object_new_string(tok));
		if (types && json_object_array_length(types))
			json_object_object_add(item, "@type", types);
		else
			json_object_put(types);
	}
	if (id && *id) {
		json_object_object_add(item, "@id", json_object_new_string(id));
	} else {
		/* the element's own id: an anchor in the page (page#avis-17) */
		char *anchor = attr(n, "id"), *frag = anchor && *anchor ? concat("#", anchor) : NULL;
		if (frag)
			json_object_object_add(item, "@anchor", json_object_new_string(frag));
		free(anchor);
		free(frag);
	}
	m->building[m->nbuilding++] = n;   /* depth <= MD_DEPTH: it fits */
	md_props(m, item, n->children, n, n, depth);
	if (refs) {
		char *save = NULL, *tok;
		for (tok = strtok_r(refs, " \t\n\r\f", &save); tok && m->refs > 0; tok = strtok_r(NULL, " \t\n\r\f", &save)) {
			xmlAttrPtr a = xmlGetID(m->doc, (const xmlChar *)tok);
			m->refs--;
			if (!a || !a->parent)
				continue;   /* an itemref to nothing: ignored */
			if (ptrset_add(&m->referenced, a->parent) < 0)
				m->oom = 1;
			md_props(m, item, a->parent, a->parent, n, depth);
		}
	}
	m->nbuilding--;
out:
	free(type);
	free(id);
	free(refs);
	return item;
}

/* n (itemscope and itemprop) is a property of no item: no ancestor is an
 * item and no itemref names it or an ancestor.  Real pages write
 * itemprop="review" blocks so, outside the Physician's item. */
static int
md_orphan(struct md *m, xmlNode *n)
{
	int up;

	if (ptrset_has(&m->referenced, n))
		return 0;
	for (n = n->parent, up = 0; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (++up > 4 * MD_DEPTH || has_attr(n, "itemscope") || ptrset_has(&m->referenced, n))
			return 0;
	return 1;
}

/* The item on an orphan, under its itemprop names: {"review": {...}}. */
static json_object *
md_orphan_item(struct md *m, xmlNode *n)
{
	json_object *holder = json_object_new_object(), *item;
	char *props = attr(n, "itemprop"), *save = NULL, *tok;

	if (!holder || !(item = md_item(m, n, 0))) {
		json_object_put(holder);
		free(props);
		return NULL;
	}
	for (tok = props ? strtok_r(props, " \t\n\r\f", &save) : NULL; tok; tok = strtok_r(NULL, " \t\n\r\f", &save)) {
		const char *slash = strrchr(tok, '/');
		md_add(holder, slash ? slash + 1 : tok, json_object_get(item));
	}
	json_object_put(item);
	free(props);
	return holder;
}

/* ---- RDFa Lite ---- */

/* What an element's RDFa attributes mean depends on its ancestors' (the
 * subject their typeof started, vocab, prefix): each element's context is
 * kept in its _private while the page is read, and cleared after. */
struct rdfa_prefix {
	struct rdfa_prefix *next, *next_alloc;
	char *name, *iri;
};

struct rdfa_ctx {
	struct rdfa_ctx *next_alloc;
	json_object *subject;            /* owned by the graph */
	char *vocab;                     /* owned by the context that set it */
	const char *vocab_in;            /* in force here */
	struct rdfa_prefix *prefixes;    /* in force here (a chain) */
};

#define RDFA_PREFIXES 256    /* prefix mappings read per page */

struct rdfa {
	struct walk *w;
	json_object *graph;              /* the top-level nodes */
	json_object *page;               /* the node of the page itself, made when needed */
	struct rdfa_ctx *ctxs;
	struct rdfa_prefix *prefixes;
	int nprefixes;
	int items;
};

/* The IRI of a term ("name", resolved against vocab), a CURIE
 * ("schema:name", its prefix declared by an ancestor's prefix or xmlns:,
 * or one of RDFa's initial context) or an absolute IRI; NULL when it has none (RDFa Core
 * 1.1, 7.4.3: such a term is ignored).  malloc'd. */
static char *
rdfa_iri(const struct rdfa_ctx *c, const char *t)
{
	/* a few prefixes of RDFa 1.1's initial context (the ones review and
	 * profile pages use) */
	static const struct { const char *name, *iri; } initial[] = {
		{ "schema", "http://schema.org/" }, { "og", "http://ogp.me/ns#" },
		{ "dc", "http://purl.org/dc/terms/" }, { "dcterms", "http://purl.org/dc/terms/" },
		{ "foaf", "http://xmlns.com/foaf/0.1/" }, { "rev", "http://purl.org/stuff/rev#" },
		{ "rdfs", "http://www.w3.org/2000/01/rdf-schema#" }, { "skos", "http://www.w3.org/2004/02/skos/core#" },
		{ "vcard", "http://www.w3.org/2006/vcard/ns#" },
	};
	const char *colon = strchr(t, ':');
	const struct rdfa_prefix *p;
	size_t i;

	if (!colon)
		return c && c->vocab_in ? concat(c->vocab_in, t) : NULL;
	if (colon[1] == '/' && colon[2] == '/')
		return strdup(t);
	for (p = c ? c->prefixes : NULL; p; p = p->next)
		if (strlen(p->name) == (size_t)(colon - t) && !strncasecmp(p->name, t, (size_t)(colon - t)))
			return concat(p->iri, colon + 1);
	for (i = 0; i < sizeof(initial) / sizeof(initial[0]); i++)
		if (strlen(initial[i].name) == (size_t)(colon - t) && !strncasecmp(initial[i].name, t, (size_t)(colon - t)))
			return concat(initial[i].iri, colon + 1);
	return NULL;
}

/* The key of a property IRI in the graph: schema.org's short name, any
 * other vocabulary's full IRI (so that it names no schema.org property). */
static const char *
rdfa_key(const char *iri)
{
	if (!strncmp(iri, "http://schema.org/", 18))
		return iri + 18;
	if (!strncmp(iri, "https://schema.org/", 19))
		return iri + 19;
	return iri;
}

/* The context of n: its parent's, or a new one when n sets a subject, a
 * vocabulary or prefixes.  NULL with r->w->oom set when memory ran out. */
static struct rdfa_ctx *
rdfa_new_ctx(struct rdfa *r, const struct rdfa_ctx *parent)
{
	struct rdfa_ctx *c = calloc(1, sizeof(*c));

	if (!c) {
		r->w->oom = 1;
		return NULL;
	}
	if (parent) {
		c->subject = parent->subject;
		c->vocab_in = parent->vocab_in;
		c->prefixes = parent->prefixes;
	}
	c->next_alloc = r->ctxs;
	r->ctxs = c;
	return c;
}

static void rdfa_add_prefixes(struct rdfa *r, struct rdfa_ctx *c, char *decl);

/* xmlns:foaf="http://xmlns.com/foaf/0.1/" (RDFa 1.1 keeps RDFa 1.0's way
 * of declaring a prefix): as a prefix declaration, malloc'd; NULL when n
 * has none. */
static char *
rdfa_xmlns(xmlNode *n)
{
	rw_buf b;
	xmlAttr *a;

	rw_buf_init(&b, 64u << 10);
	for (a = n->properties; a; a = a->next)
		if (!strncasecmp((const char *)a->name, "xmlns:", 6) && a->name[6]) {
			xmlChar *v = xmlNodeGetContent((xmlNode *)a);
			if (v && *v && !strchr((const char *)a->name + 6, ' '))
				rw_buf_printf(&b, "%s%s: %s", b.len ? " " : "", (const char *)a->name + 6, (const char *)v);
			xmlFree(v);
		}
	if (!b.len) {
		rw_buf_free(&b);
		return NULL;
	}
	return rw_buf_steal(&b);
}

/* prefix="s: https://schema.org/ og: http://ogp.me/ns#" */
static void
rdfa_add_prefixes(struct rdfa *r, struct rdfa_ctx *c, char *decl)
{
	char *save = NULL, *tok, *name = NULL;

	for (tok = strtok_r(decl, " \t\n\r\f", &save); tok; tok = strtok_r(NULL, " \t\n\r\f", &save)) {
		size_t n = strlen(tok);
		struct rdfa_prefix *p;
		if (n > 1 && tok[n - 1] == ':') {
			tok[n - 1] = '\0';
			name = tok;
			continue;
		}
		if (!name || r->nprefixes >= RDFA_PREFIXES)
			continue;
		if (!(p = calloc(1, sizeof(*p))) || !(p->name = strdup(name)) || !(p->iri = strdup(tok))) {
			if (p)
				free(p->name);
			free(p);
			r->w->oom = 1;
			return;
		}
		p->next_alloc = r->prefixes;
		r->prefixes = p;
		r->nprefixes++;
		p->next = c->prefixes;
		c->prefixes = p;
		name = NULL;
	}
}

/* The value of a property element that starts no node (RDFa Core 1.1,
 * 7.5 step 11): content, else the resource, href or src it names, else
 * <time datetime>, else its text. */
static json_object *
rdfa_value(xmlNode *n)
{
	static const char *const src_tags[] = { "img", "audio", "video", "source", "iframe", "embed", "track" };
	const char *tag = (const char *)n->name;
	char *s = NULL, *res;
	size_t i;

	if (has_attr(n, "content"))
		return md_value(n);
	if ((res = attr(n, "resource")) || (res = attr(n, "href")) ||
	    (!strcasecmp(tag, "object") && (res = attr(n, "data")))) {
		json_object *ref;
		s = rw_dom_resolve(n, res);
		free(res);
		if (!s || has_attr(n, "resource") == 0)
			goto string;
		ref = json_object_new_object();
		if (ref)
			json_object_object_add(ref, "@id", json_object_new_string(s));
		free(s);
		return ref;
	}
	for (i = 0; i < sizeof(src_tags) / sizeof(src_tags[0]); i++)
		if (!strcasecmp(tag, src_tags[i]) && (res = attr(n, "src"))) {
			s = rw_dom_resolve(n, res);
			free(res);
			goto string;
		}
	return md_value(n);   /* <time datetime>, <data value>, text */
string:
	{
		json_object *o = json_object_new_string(s ? s : "");
		free(s);
		return o;
	}
}

/* Read the RDFa attributes of element n (vocab, prefix, typeof, property,
 * resource) into r->graph; n's parent was read before it. */
static void
rdfa_element(struct rdfa *r, xmlNode *n)
{
	const struct rdfa_ctx *parent = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent->_private : NULL;
	struct rdfa_ctx *c = (struct rdfa_ctx *)parent;
	char *vocab = attr(n, "vocab"), *prefix = attr(n, "prefix"), *type = attr(n, "typeof");
	char *prop = attr(n, "property"), *res = NULL, *xmlns = n->properties ? rdfa_xmlns(n) : NULL;
	json_object *node = NULL, *subject;
	const struct rdfa_ctx *here;

	n->_private = (void *)parent;
	if (!vocab && !prefix && !xmlns && !type && !prop && !has_attr(n, "resource") && !has_attr(n, "about"))
		return;
	if ((vocab || prefix || xmlns) && (c = rdfa_new_ctx(r, parent))) {
		if (vocab) {
			size_t len = strlen(vocab);
			/* vocab="http://schema.org" names the vocabulary too */
			c->vocab = len && vocab[len - 1] != '/' && vocab[len - 1] != '#' ? concat(vocab, "/") : strdup(vocab);
			c->vocab_in = c->vocab && *c->vocab ? c->vocab : NULL;
		}
		if (xmlns)
			rdfa_add_prefixes(r, c, xmlns);
		if (prefix)
			rdfa_add_prefixes(r, c, prefix);
		n->_private = c;
	}
	here = c;
	subject = c ? c->subject : NULL;
	if (!(res = attr(n, "about")))
		res = attr(n, "resource");
	if (type && !res && !(res = attr(n, "href")))
		res = attr(n, "src");    /* <img typeof="foaf:Image" src=...> is that image */
	if ((type || (res && !prop)) && r->items-- > 0) {
		/* a new node: typeof, or about or resource alone (RDFa Core 1.1,
		 * 7.5 step 5) */
		char *save = NULL, *tok;
		if (!(node = json_object_new_object()) || !(c = rdfa_new_ctx(r, c))) {
			json_object_put(node);
			r->w->oom = 1;
			goto out;
		}
		for (tok = type ? strtok_r(type, " \t\n\r\f", &save) : NULL; tok; tok = strtok_r(NULL, " \t\n\r\f", &save)) {
			char *iri = rdfa_iri(c, tok);
			if (iri)
				md_add(node, "@type", json_object_new_string(iri));
			free(iri);
		}
		if (res) {
			char *id = rw_dom_resolve(n, res);
			if (id)
				json_object_object_add(node, "@id", json_object_new_string(id));
			free(id);
		}
		c->subject = node;
		n->_private = c;
	}
	if (prop) {
		json_object *val = node ? json_object_get(node) : rdfa_value(n);
		char *save = NULL, *tok;
		if (!subject) {
			/* no node above: the property is the page's (a <meta> in <head>) */
			if (!r->page && (r->page = json_object_new_object())) {
				const xmlChar *url = r->w->doc->URL;
				if (url && *url)
					json_object_object_add(r->page, "@id", json_object_new_string((const char *)url));
				json_object_array_add(r->graph, r->page);
			}
			subject = r->page;
		}
		for (tok = strtok_r(prop, " \t\n\r\f", &save); tok && val && subject;
		     tok = strtok_r(NULL, " \t\n\r\f", &save)) {
			char *iri = rdfa_iri(here, tok);
			if (iri)
				md_add(subject, rdfa_key(iri), json_object_get(val));
			free(iri);
		}
		json_object_put(val);
	} else if (node) {
		json_object_array_add(r->graph, json_object_get(node));
	}
	json_object_put(node);
out:
	free(vocab);
	free(prefix);
	free(type);
	free(prop);
	free(res);
	free(xmlns);
}

/* Forget the contexts (r->graph stays). */
static void
rdfa_clear(struct rdfa *r, xmlNode *root)
{
	xmlNode *n;

	for (n = root; n; n = rw_dom_next(n, root, 0))
		if (n->type == XML_ELEMENT_NODE)
			n->_private = NULL;
	while (r->ctxs) {
		struct rdfa_ctx *c = r->ctxs;
		r->ctxs = c->next_alloc;
		free(c->vocab);
		free(c);
	}
	while (r->prefixes) {
		struct rdfa_prefix *p = r->prefixes;
		r->prefixes = p->next_alloc;
		free(p->name);
		free(p->iri);
		free(p);
	}
}

/* ---- the page ---- */

/* The page's structured data, read as three kinds of graph. */
struct graphs {
	json_object *jsonld;      /* one value per JSON-LD block (or per value in it) */
	json_object *microdata;   /* the top-level items, then those outside any item */
	json_object *rdfa;        /* the top-level nodes */
};

static void
graphs_free(struct graphs *g)
{
	json_object_put(g->jsonld);
	json_object_put(g->microdata);
	json_object_put(g->rdfa);
	memset(g, 0, sizeof(*g));
}

/* Read doc's JSON-LD blocks, microdata and RDFa into g (w: the budget, and
 * oom when memory ran out). */
static void
collect(struct walk *w, xmlDocPtr doc, struct graphs *g)
{
	struct md m;
	struct rdfa r;
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL, *n;
	xmlNode **orphans = NULL;
	size_t norphans = 0, i;
	int blocks = 0;
	rw_budget *b = w->b;

	memset(&m, 0, sizeof(m));
	m.doc = doc;
	m.b = b;
	m.items = ITEMS_MAX;
	m.refs = ITEMS_MAX;
	memset(&r, 0, sizeof(r));
	r.w = w;
	r.items = ITEMS_MAX;
	g->jsonld = json_object_new_array();
	g->microdata = json_object_new_array();
	g->rdfa = r.graph = json_object_new_array();
	if (!g->jsonld || !g->microdata || !g->rdfa || !(orphans = calloc(ITEMS_MAX, sizeof(*orphans))))
		w->oom = 1;
	for (n = root; n && !w->oom && !rw_budget_spend(b, 1, N_("elements")); ) {
		int skip = 0;
		if (n->type == XML_ELEMENT_NODE)
			rdfa_element(&r, n);
		if (is_jsonld_script(n) && blocks++ < BLOCKS_MAX) {
			xmlChar *raw = xmlNodeGetContent(n);
			if (raw && strlen((const char *)raw) <= BLOCK_MAX)
				read_json_block(w, (const char *)raw, g->jsonld);
			xmlFree(raw);
			skip = 1;
		} else if (n->type == XML_ELEMENT_NODE && has_attr(n, "itemscope") && m.items > 0) {
			if (!has_attr(n, "itemprop")) {
				m.items--;
				json_object_array_add(g->microdata, md_item(&m, n, 0));
			} else if (norphans < ITEMS_MAX) {
				orphans[norphans++] = n;   /* told once every itemref is known */
			}
		}
		n = rw_dom_next(n, root, skip);
	}
	for (i = 0; i < norphans && !w->oom; i++)
		if (md_orphan(&m, orphans[i]) && m.items-- > 0)
			json_object_array_add(g->microdata, md_orphan_item(&m, orphans[i]));
	if (m.oom)
		w->oom = 1;
	rdfa_clear(&r, root);
	free(m.referenced.v);
	free(orphans);
}

int
rw_schemaorg_read(xmlDocPtr doc, rw_feed *f, size_t max, rw_budget *b)
{
	struct walk w;
	struct graphs g;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.doc = doc;
	w.f = f;
	w.max = max;
	w.have_aggregate = f->aggregate.value >= 0;
	w.b = b;
	memset(&g, 0, sizeof(g));
	collect(&w, doc, &g);
	/* each JSON-LD block is a graph of its own; the page's microdata is
	 * one, its RDFa another */
	for (i = 0; !w.oom && g.jsonld && i < json_object_array_length(g.jsonld); i++)
		walk_graph(&w, json_object_array_get_idx(g.jsonld, i));
	if (!w.oom && g.microdata && json_object_array_length(g.microdata))
		walk_graph(&w, g.microdata);
	if (!w.oom && g.rdfa && json_object_array_length(g.rdfa))
		walk_graph(&w, g.rdfa);
	graphs_free(&g);
	free(w.seen.v);
	free(w.indexed.v);
	return w.oom || (b && b->over) ? -1 : 0;
}

char *
rw_schemaorg_graphs(xmlDocPtr doc, rw_budget *b)
{
	struct walk w;
	struct graphs g;
	json_object *o = json_object_new_object();
	char *out = NULL;

	memset(&w, 0, sizeof(w));
	w.doc = doc;
	w.b = b;
	memset(&g, 0, sizeof(g));
	collect(&w, doc, &g);
	if (o && !w.oom && !(b && b->over)) {
		json_object_object_add(o, "json-ld", json_object_get(g.jsonld));
		json_object_object_add(o, "microdata", json_object_get(g.microdata));
		json_object_object_add(o, "rdfa", json_object_get(g.rdfa));
		out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	}
	json_object_put(o);
	graphs_free(&g);
	return out;
}
