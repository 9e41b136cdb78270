/* SPDX-License-Identifier: MIT */
#include "places.h"
#include "datadir.h"
#include "inifile.h"
#include "log.h"
#include "text.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_COORD 999.0
#define MAX_KEY 256          /* bytes of a comparison form looked up */
#define MAX_WORDS_AT 5       /* words of a place name found in running text */

/* A name's comparison form is kept as its 64-bit hash only (the forms
 * themselves would cost megabytes): two of some 100,000 forms sharing a
 * hash is a chance of about one in a billion. */
struct key {
	uint64_t hash;           /* rw_text_hash of the form: the sort order */
	uint32_t place;
} __attribute__((packed));

struct rw_gazetteer {
	char *text;              /* places.tsv, split in place */
	char *names_text;        /* names.tsv, likewise */
	rw_place *places;
	size_t n;
	struct key *keys;        /* sorted by form */
	size_t nkeys, keysalloc;
	struct key *posts;       /* French postcodes ("69003"), sorted */
	size_t nposts, postsalloc;
};

/* ---- comparison form ---- */

static const struct {
	const char *abbr, *word;
} abbrevs[] = {
	{ "st", "saint" }, { "ste", "sainte" }, { "mt", "mount" }, { "ft", "fort" },
};

/* Token form tok (" a b ") rewritten into out as "a b" with the words of
 * abbrevs spelled out; 0, or -1 when it does not fit. */
static int
norm_tokens(const char *tok, char *out, size_t size)
{
	size_t o = 0, i;
	const char *p = tok;

	while (*p == ' ')
		p++;
	while (*p) {
		size_t len = strcspn(p, " ");
		const char *w = p;
		size_t wl = len;
		for (i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++)
			if (strlen(abbrevs[i].abbr) == len && !strncmp(p, abbrevs[i].abbr, len)) {
				w = abbrevs[i].word;
				wl = strlen(w);
				break;
			}
		if (o + wl + 2 > size)
			return -1;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, wl);
		o += wl;
		p += len;
		while (*p == ' ')
			p++;
	}
	out[o] = '\0';
	return 0;
}

/* Comparison form of name into out; ASCII names are folded here (most of
 * the file), others through text.h.  0, or -1 (too long, out of memory). */
static int
norm_into(const char *name, char *out, size_t size)
{
	char buf[MAX_KEY + 2], *tok;
	const unsigned char *s;
	size_t o = 0;
	int rc;

	for (s = (const unsigned char *)name; *s && *s < 0x80; s++)
		;
	if (!*s) {
		buf[o++] = ' ';
		for (s = (const unsigned char *)name; *s; s++) {
			char c = isalnum(*s) ? (char)tolower(*s) : ' ';
			if (c == ' ' && buf[o - 1] == ' ')
				continue;
			if (o + 2 >= sizeof(buf))
				return -1;
			buf[o++] = c;
		}
		if (buf[o - 1] != ' ')
			buf[o++] = ' ';
		buf[o] = '\0';
		return norm_tokens(buf, out, size);
	}
	if (!(tok = rw_text_tokens(name, NULL)))
		return -1;
	rc = norm_tokens(tok, out, size);
	free(tok);
	return rc;
}

char *
rw_places_norm(const char *name)
{
	char out[MAX_KEY];

	if (norm_into(name, out, sizeof(out)) < 0) {
		char *tok = rw_text_tokens(name, NULL);   /* too long to look up: as folded */
		return tok;
	}
	return strdup(out);
}

/* ---- loading ---- */

static int
add_key(rw_gazetteer *g, struct key **tab, size_t *n, size_t *alloc, const char *form, size_t place)
{
	struct key k;

	(void)g;
	if (!*form)
		return 0;
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc + *alloc / 2 : 1024;
		struct key *nt = realloc(*tab, na * sizeof(*nt));
		if (!nt)
			return -1;
		*tab = nt;
		*alloc = na;
	}
	k.hash = rw_text_hash(form);
	k.place = (uint32_t)place;
	memcpy(&(*tab)[*n], &k, sizeof(k));
	(*n)++;
	return 0;
}

static int
cmp_key(const void *a, const void *b)
{
	struct key x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	if (x.hash != y.hash)
		return x.hash < y.hash ? -1 : 1;
	return x.place < y.place ? -1 : x.place > y.place;
}

static void
sort_keys(rw_gazetteer *g, struct key *tab, size_t n)
{
	(void)g;
	qsort(tab, n, sizeof(*tab), cmp_key);
}

/* The keys equal to form in tab (sorted by hash): the first index in
 * *first, and how many; a hash shared by another form is skipped over. */
static size_t
key_run(const rw_gazetteer *g, const struct key *tab, size_t n, const char *form, size_t *first)
{
	uint64_t h = rw_text_hash(form);
	size_t a = 0, b = n, k;

	(void)g;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (tab[m].hash < h)
			a = m + 1;
		else
			b = m;
	}
	*first = a;
	for (k = a; k < n && tab[k].hash == h; k++)
		;
	return k - a;
}

/* Split line into at most max tab-separated fields; returns how many. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');
		f[n++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

/* "-79.6829" as the file writes it (sign, digits, a dot, digits); by hand,
 * as strtod() costs a tenth of the load for 130,000 numbers. */
static double
coord(const char *s)
{
	double v = 0, scale = 1;
	int neg = *s == '-', digits = 0;

	s += neg || *s == '+';
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++)
			v += (*s - '0') * (scale /= 10);
	if (!digits || *s)
		return NO_COORD;
	return neg ? -v : v;
}

static int
cmp_code(const void *a, const void *b)
{
	const rw_place *x = *(const rw_place *const *)a, *y = *(const rw_place *const *)b;

	return strcmp(x->code, y->code);
}

/* parent column (an INSEE code) -> pointer, through a table of the French
 * places sorted by code */
static int
link_parents(rw_gazetteer *g, char **parent_codes)
{
	rw_place **bycode = malloc((g->n ? g->n : 1) * sizeof(*bycode));
	size_t i, nfr = 0;

	if (!bycode)
		return -1;
	for (i = 0; i < g->n; i++)
		if (*g->places[i].code)
			bycode[nfr++] = &g->places[i];
	qsort(bycode, nfr, sizeof(*bycode), cmp_code);
	for (i = 0; i < g->n; i++) {
		rw_place want, *wp = &want, **hit;
		if (!parent_codes[i] || !*parent_codes[i])
			continue;
		memset(&want, 0, sizeof(want));
		want.code = parent_codes[i];
		hit = bsearch(&wp, bycode, nfr, sizeof(*bycode), cmp_code);
		if (hit && *hit != &g->places[i])
			g->places[i].parent = *hit;
	}
	free(bycode);
	return 0;
}

static int
read_places(rw_gazetteer *g, const char *path, rw_err *err)
{
	size_t len, alloc = 0, i;
	char *line, *next, **parents = NULL;
	int rc;

	if ((rc = rw_ini_read_file(path, RW_PLACES_MAX_FILE, &g->text, &len, err)))
		return rc;
	/* one allocation of the right size: doubling would copy megabytes */
	for (line = g->text; (line = strchr(line, '\n')); line++)
		alloc++;
	alloc++;
	g->places = malloc(alloc * sizeof(*g->places));
	parents = malloc(alloc * sizeof(*parents));
	if (!g->places || !parents)
		goto nomem;
	for (line = g->text; line && *line; line = next) {
		char *f[9];
		rw_place *pl;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		if (*line == '#' || !*line)
			continue;
		if (split_tabs(line, f, 9) < 9)
			continue;
		if (g->n == alloc)
			break;
		pl = &g->places[g->n];
		pl->country = f[0];
		pl->code = f[1];
		pl->name = f[2];
		pl->admin1 = f[3];
		pl->admin2 = f[4];
		pl->postcodes = f[5];
		pl->parent = NULL;
		pl->lat = (float)coord(f[7]);
		pl->lon = (float)coord(f[8]);
		parents[g->n] = f[6];
		g->n++;
	}
	if (link_parents(g, parents) < 0)
		goto nomem;
	free(parents);
	parents = NULL;
	for (i = 0; i < g->n; i++) {
		char form[MAX_KEY];
		const char *pc = g->places[i].postcodes;
		if (norm_into(g->places[i].name, form, sizeof(form)) == 0 &&
		    add_key(g, &g->keys, &g->nkeys, &g->keysalloc, form, i) < 0)
			goto nomem;
		while (*pc) {
			size_t n = strcspn(pc, ",");
			char code[16];
			if (n < sizeof(code)) {
				memcpy(code, pc, n);
				code[n] = '\0';
				if (add_key(g, &g->posts, &g->nposts, &g->postsalloc, code, i) < 0)
					goto nomem;
			}
			pc += n + (pc[n] == ',');
		}
	}
	return RW_OK;
nomem:
	free(parents);
	return rw_err_set(err, RW_E_NOMEM, "out of memory");
}

/* names.tsv: "country<TAB>name<TAB>other, names": each other name becomes a
 * key of every place of that country so named. */
static int
read_names(rw_gazetteer *g, const char *path, rw_err *err)
{
	size_t len, nbase = g->nkeys;
	char *line, *next;
	rw_err ignored = { 0 };

	if (rw_ini_read_file(path, RW_PLACES_MAX_FILE, &g->names_text, &len, &ignored))
		return RW_OK;    /* optional */
	sort_keys(g, g->keys, nbase);
	for (line = g->names_text; line && *line; line = next) {
		char *f[3], form[MAX_KEY], *alias, *save = NULL;
		size_t lo;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		if (*line == '#' || !*line || split_tabs(line, f, 3) < 3 || norm_into(f[1], form, sizeof(form)) < 0)
			continue;
		/* the places so named: a run in the sorted base keys */
		if (!key_run(g, g->keys, nbase, form, &lo))
			continue;
		for (alias = strtok_r(f[2], ",", &save); alias; alias = strtok_r(NULL, ",", &save)) {
			char aform[MAX_KEY];
			size_t k;
			if (norm_into(alias, aform, sizeof(aform)) < 0 || !*aform)
				continue;
			for (k = lo; k < nbase && g->keys[k].hash == g->keys[lo].hash; k++) {
				if (strcmp(g->places[g->keys[k].place].country, f[0]))
					continue;
				/* add_key may move keys: indexes only */
				if (add_key(g, &g->keys, &g->nkeys, &g->keysalloc, aform, g->keys[k].place) < 0)
					return rw_err_set(err, RW_E_NOMEM, "out of memory");
			}
		}
	}
	return RW_OK;
}

rw_gazetteer *
rw_gazetteer_load(const char *dir, rw_err *err)
{
	rw_gazetteer *g = calloc(1, sizeof(*g));
	char *path = NULL;
	int rc;

	if (!g) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (asprintf(&path, "%s/places.tsv", dir) < 0) {
		path = NULL;
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto fail;
	}
	if ((rc = read_places(g, path, err)))
		goto fail;
	free(path);
	if (asprintf(&path, "%s/names.tsv", dir) < 0) {
		path = NULL;
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto fail;
	}
	if ((rc = read_names(g, path, err)))
		goto fail;
	free(path);
	sort_keys(g, g->keys, g->nkeys);
	sort_keys(g, g->posts, g->nposts);
	return g;
fail:
	free(path);
	rw_gazetteer_free(&g);
	return NULL;
}

void
rw_gazetteer_free(rw_gazetteer **gp)
{
	rw_gazetteer *g;

	if (!gp || !*gp)
		return;
	g = *gp;
	free(g->text);
	free(g->names_text);
	free(g->places);
	free(g->keys);
	free(g->posts);
	free(g);
	*gp = NULL;
}

static rw_gazetteer *shared;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void
load_shared(void)
{
	char dir[4096];
	rw_err err = { 0 };

	if (!rw_data_path("places", dir, sizeof(dir)))
		return;
	if (!(shared = rw_gazetteer_load(dir, &err)))
		rw_log(RW_LOG_WARN, "match", "%s: places are not known, so a city counts neither for nor against "
		       "anyone (reinstall repwatch?)", err.msg);
}

const rw_gazetteer *
rw_gazetteer_shared(void)
{
	pthread_once(&shared_once, load_shared);
	return shared;
}

size_t
rw_gazetteer_size(const rw_gazetteer *g)
{
	return g ? g->n : 0;
}

/* ---- looking up ---- */

/* Add place i to out once. */
static void
collect(const rw_gazetteer *g, size_t i, const rw_place **out, size_t max, size_t *found)
{
	size_t k;

	for (k = 0; k < *found && k < max; k++)
		if (out[k] == &g->places[i])
			return;
	if (*found < max)
		out[*found] = &g->places[i];
	(*found)++;
}

/* "11e", "1er", "3eme", "xie", "2nd": an arrondissement's ordinal; its
 * number or 0. */
static int
ordinal(const char *w, size_t len)
{
	static const char *const suffixes[] = { "eme", "er", "re", "e", "em", "th", "st", "nd", "rd" };
	size_t digits = 0, i;
	int v = 0;

	while (digits < len && isdigit((unsigned char)w[digits]))
		v = v * 10 + (w[digits++] - '0');
	if (!digits) {
		/* roman, i v x only (arrondissements go up to XX), and it needs
		 * its suffix: "xi" alone is no ordinal */
		int prev = 0;
		while (digits < len && strchr("ivx", w[digits]))
			digits++;
		if (!digits || digits == len)
			return 0;
		for (i = digits; i > 0; i--) {
			int d = w[i - 1] == 'i' ? 1 : w[i - 1] == 'v' ? 5 : 10;
			v += d < prev ? -d : d;
			if (d > prev)
				prev = d;
		}
	}
	if (digits == len)
		return v;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (len - digits == strlen(suffixes[i]) && !strncmp(w + digits, suffixes[i], len - digits))
			return v;
	return 0;
}

/* Is name's comparison form the olen bytes at form? */
static int
same_form(const char *name, const char *form, size_t olen)
{
	char f[MAX_KEY];

	return norm_into(name, f, sizeof(f)) == 0 && strlen(f) == olen && !strncmp(f, form, olen);
}

static size_t
find_form(const rw_gazetteer *g, const char *form, const rw_place **out, size_t max, size_t found)
{
	size_t first, n = key_run(g, g->keys, g->nkeys, form, &first), k;

	for (k = 0; k < n; k++)
		collect(g, g->keys[first + k].place, out, max, &found);
	return found;
}

/* "Lyon Cedex 03", "75014 Paris CEDEX": a post office's business
 * delivery, of the place before it; form loses " cedex" and its number. */
static void
cut_cedex(char *form)
{
	char *c = strstr(form, " cedex");

	if (c && (!c[6] || (c[6] == ' ' && strspn(c + 7, "0123456789") == strlen(c + 7) && c[7])))
		*c = '\0';
}

/* 1 when tail (a comparison form) is a name of the country whose ISO code
 * is country, in French or English ("Genève, Suisse", "Paris, France"). */
static int
names_country(const char *tail, const char *country)
{
	static const char *const names[][2] = {
		{ "FR", "france" }, { "BE", "belgique" }, { "BE", "belgium" }, { "CH", "suisse" },
		{ "CH", "switzerland" }, { "LU", "luxembourg" }, { "CA", "canada" }, { "GB", "royaume uni" },
		{ "GB", "united kingdom" }, { "GB", "uk" }, { "GB", "angleterre" }, { "GB", "england" },
		{ "GB", "ecosse" }, { "GB", "scotland" }, { "GB", "pays de galles" }, { "GB", "wales" },
		{ "IE", "irlande" }, { "IE", "ireland" }, { "US", "etats unis" }, { "US", "united states" },
		{ "US", "usa" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(names[i][0], country) && !strcmp(names[i][1], tail))
			return 1;
	return 0;
}

size_t
rw_places_find(const rw_gazetteer *g, const char *name, const rw_place **out, size_t max)
{
	char form[MAX_KEY], rest[MAX_KEY];
	size_t found = 0, len, first, n, k;
	char *last, *w;

	if (!g || !name || norm_into(name, form, sizeof(form)) < 0 || !*form)
		return 0;
	cut_cedex(form);
	found = find_form(g, form, out, max, 0);
	if (found)
		return found;
	/* a French postcode, alone or before or after the name */
	len = strlen(form);
	if (len >= 5 && (strspn(form, "0123456789") == 5 || (len > 5 && strspn(form + len - 5, "0123456789") == 5 &&
	                                                     form[len - 6] == ' '))) {
		int at_start = strspn(form, "0123456789") == 5 && (form[5] == ' ' || !form[5]);
		char code[6];
		const char *others = at_start ? form + 5 + (form[5] == ' ') : form;
		size_t olen = at_start ? strlen(others) : len - 6;
		memcpy(code, at_start ? form : form + len - 5, 5);
		code[5] = '\0';
		n = key_run(g, g->posts, g->nposts, code, &first);
		for (k = 0; k < n; k++) {
			const rw_place *p = &g->places[g->posts[first + k].place];
			/* "69003 Lyon": Lyon, or the arrondissement whose commune is Lyon */
			if (olen && !same_form(p->name, others, olen) && !(p->parent && same_form(p->parent->name, others, olen)))
				continue;
			collect(g, g->posts[first + k].place, out, max, &found);
		}
		return found;
	}
	/* "Paris 11e", "Lyon 3ème arrondissement", "Paris XIe": the arrondissement */
	snprintf(rest, sizeof(rest), "%s", form);
	len = strlen(rest);
	if (len > 15 && !strcmp(rest + len - 15, " arrondissement"))
		rest[len -= 15] = '\0';
	else if (len > 4 && !strcmp(rest + len - 4, " arr"))
		rest[len -= 4] = '\0';
	if ((last = strrchr(rest, ' ')) && last > rest) {
		int num = ordinal(last + 1, strlen(last + 1));
		if (num > 0 && num < 100) {
			char want[MAX_KEY + 32];
			*last = '\0';
			snprintf(want, sizeof(want), "%s %d%s arrondissement", rest, num, num == 1 ? "er" : "e");
			found = find_form(g, want, out, max, 0);
		}
	}
	/* "Genève, Suisse", "Portland, OR": the place, qualified */
	if (!found && (w = strchr(name, ','))) {
		char head[MAX_KEY];
		size_t hl = (size_t)(w - name);
		if (hl && hl < sizeof(head)) {
			const rw_place *cand[64];
			size_t nc, j;
			char tail[MAX_KEY];
			memcpy(head, name, hl);
			head[hl] = '\0';
			nc = rw_places_find(g, head, cand, 64);
			if (norm_into(w + 1, tail, sizeof(tail)) < 0)
				tail[0] = '\0';
			for (j = 0; j < nc && j < 64; j++) {
				char a1[MAX_KEY];
				if (*tail && norm_into(cand[j]->admin1, a1, sizeof(a1)) == 0 && strcmp(a1, tail) &&
				    strcasecmp(cand[j]->country, tail) && !names_country(tail, cand[j]->country))
					continue;
				if (found < max)
					out[found] = cand[j];
				found++;
			}
		}
	}
	return found;
}

static double
km(const rw_place *a, const rw_place *b)
{
	const double r = 6371.0, rad = M_PI / 180.0;
	double dlat = (b->lat - a->lat) * rad, dlon = (b->lon - a->lon) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) + cos(a->lat * rad) * cos(b->lat * rad) * sin(dlon / 2) * sin(dlon / 2);

	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

int
rw_place_inside(const rw_place *p, const rw_place *q)
{
	const rw_place *up;
	int depth;

	if (!p || !q)
		return 0;
	for (up = p, depth = 0; up && depth < 4; up = up->parent, depth++)
		if (up == q)
			return 1;
	if (strcmp(p->country, q->country) || !strcmp(p->country, "FR"))
		return 0;
	if (p->lat == NO_COORD || q->lat == NO_COORD)
		return 0;
	return km(p, q) <= RW_PLACES_INSIDE_KM;
}

int
rw_place_near(const rw_place *p, const rw_place *q, double limit)
{
	if (!p || !q || strcmp(p->country, q->country) || p->lat == NO_COORD || q->lat == NO_COORD)
		return 0;
	return km(p, q) <= limit;
}

int
rw_places_inside(const rw_gazetteer *g, const char *place, const char *city)
{
	const rw_place *a[64], *b[64];
	size_t na = rw_places_find(g, place, a, 64), nb = rw_places_find(g, city, b, 64), i, j;

	for (i = 0; i < na && i < 64; i++)
		for (j = 0; j < nb && j < 64; j++)
			if (rw_place_inside(a[i], b[j]))
				return 1;
	return 0;
}

const rw_place *
rw_places_at(const rw_gazetteer *g, const char *tok, size_t *len)
{
	const char *end = tok, *ends[MAX_WORDS_AT];
	size_t nw = 0;
	int i;

	if (!g || !*tok || *tok == ' ')
		return NULL;
	while (nw < MAX_WORDS_AT && *end && *end != ' ' ) {
		end += strcspn(end, " ");
		ends[nw++] = end;
		if (*end == ' ')
			end++;
	}
	for (i = (int)nw - 1; i >= 0; i--) {
		char tokbuf[MAX_KEY + 2], form[MAX_KEY];
		size_t n = (size_t)(ends[i] - tok), first;
		if (n + 3 > sizeof(tokbuf))
			continue;
		tokbuf[0] = ' ';
		memcpy(tokbuf + 1, tok, n);
		tokbuf[n + 1] = ' ';
		tokbuf[n + 2] = '\0';
		if (norm_tokens(tokbuf, form, sizeof(form)) < 0)
			continue;
		if (key_run(g, g->keys, g->nkeys, form, &first)) {
			*len = n;
			return &g->places[g->keys[first].place];
		}
	}
	return NULL;
}
