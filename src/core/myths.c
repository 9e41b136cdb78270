/* SPDX-License-Identifier: MIT */
#include "myths.h"
#include "msgid.h"
#include "datadir.h"
#include "log.h"
#include "paths.h"
#include "refilter.h"
#include "text.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

/* The catalogue's specialty vocabulary (feeds/myths/README.md), sorted. */

/* Patterns run on prepared text, which is already case-folded: compile them
 * lowercased instead of with REG_ICASE, which makes glibc's regexec copy and
 * translate the text at every try (most of a scan's time, see bench/). */
/* Patterns are ASCII and the prepared text has its accents removed, so the
 * regex engine runs byte by byte in the C locale: in a UTF-8 locale glibc
 * decodes the text into wide characters at every try. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t
enter_c_locale(void)
{
	pthread_once(&c_locale_once, make_c_locale);
	return c_locale ? uselocale(c_locale) : (locale_t)0;
}

static void
leave_c_locale(locale_t old)
{
	if (old)
		uselocale(old);
}

static int
run_regex(const regex_t *re, const char *text)
{
	locale_t old = enter_c_locale();
	int rc = regexec(re, text, 0, NULL, 0);

	leave_c_locale(old);
	return rc;
}

/* flags: REG_NOSUB to test, 0 to locate */
static int
compile_lower_with(regex_t *re, const char *pattern, int flags)
{
	locale_t old;
	char *low = strdup(pattern);
	size_t i;
	int rc;

	if (!low)
		return REG_ESPACE;
	for (i = 0; low[i]; i++)
		if ((unsigned char)low[i] < 0x80)
			low[i] = (char)tolower((unsigned char)low[i]);
	old = enter_c_locale();
	rc = regcomp(re, low, REG_EXTENDED | flags);
	leave_c_locale(old);
	free(low);
	return rc;
}

static int
compile_lower(regex_t *re, const char *pattern)
{
	return compile_lower_with(re, pattern, REG_NOSUB);
}

static const char *const vocabulary[] = {
	"cardiology", "dentistry", "dermatology", "endocrinology", "ent", "gastroenterology",
	"general", "gynecology", "infectious-diseases", "neurology", "nutrition",
	"oncology", "ophthalmology", "pediatrics", "pharmacy", "psychiatry", "pulmonology",
	"radiology", "rheumatology", "surgery",
};

/* A pattern is compiled the first time a text gets past the literal
 * filter for it (refilter.h): most never are in a scan, and glibc's compiled
 * regexes are large (~50 KB each).  It was compiled once at load, to say
 * then if it is wrong. */
enum { RE_LATER = 0, RE_READY = 1, RE_BROKEN = -1 };
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;   /* catalogues may be shared by threads */

struct near_rule;
static void near_rule_free(struct near_rule *r);

struct myth {
	rw_myth pub;             /* first: an rw_myth * is a struct myth * */
	regex_t *re[2];          /* [0] French, [1] English */
	signed char *state[2];   /* RE_LATER, RE_READY, RE_BROKEN per pattern */
	regex_t *at[2];          /* the same compiled for positions (rw_myth_locate) */
	signed char *at_state[2];
	const char **src[2];     /* their sources (owned by the parsed file, or by owned[]) */
	size_t nre[2];
	char **owned;            /* patterns written from "near" rules */
	struct near_rule **near[2];  /* per pattern: its "near" rule, NULL for an ERE */
	size_t nowned;
	size_t first_id;         /* the filter's id of its first pattern (fr then en) */
	const char **specialties;
	rw_myth_source *sources;
};

struct rw_myths {
	struct myth *m;
	size_t n, alloc;
	/* The strings each pattern needs, for every pattern of every myth:
	 * one pass over a text tells which patterns are worth running (most
	 * texts carry no myth).  NULL when it could not be built: every
	 * pattern is then tried. */
	rw_refilter *filter;
	size_t npatterns;
	size_t *id_myth;         /* npatterns: the myth each pattern belongs to */
	json_object **roots;     /* parsed files: the myths' strings live in them */
	char **files;
	size_t nroots;
};

rw_myths *
rw_myths_new(void)
{
	return calloc(1, sizeof(rw_myths));
}

static void
myth_clear(struct myth *m)
{
	size_t l, i;

	for (l = 0; l < 2; l++) {
		for (i = 0; i < m->nre[l]; i++) {
			if (m->state[l][i] == RE_READY)
				regfree(&m->re[l][i]);
			if (m->at_state[l] && m->at_state[l][i] == RE_READY)
				regfree(&m->at[l][i]);
		}
		free(m->re[l]);
		free(m->state[l]);
		free(m->at[l]);
		free(m->at_state[l]);
		free(m->src[l]);
		for (i = 0; m->near[l] && i < m->nre[l]; i++)
			near_rule_free(m->near[l][i]);
		free(m->near[l]);
	}
	for (i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	free(m->owned);
	free(m->specialties);
	free(m->sources);
	memset(m, 0, sizeof(*m));
}

void
rw_myths_free(rw_myths **cp)
{
	rw_myths *c;
	size_t i;

	if (!cp || !*cp)
		return;
	c = *cp;
	for (i = 0; i < c->n; i++)
		myth_clear(&c->m[i]);
	free(c->m);
	rw_refilter_free(&c->filter);
	free(c->id_myth);
	for (i = 0; i < c->nroots; i++) {
		json_object_put(c->roots[i]);
		free(c->files[i]);
	}
	free(c->roots);
	free(c->files);
	free(c);
	*cp = NULL;
}

size_t
rw_myths_count(const rw_myths *c)
{
	return c ? c->n : 0;
}

const rw_myth *
rw_myths_get(const rw_myths *c, size_t i)
{
	return c && i < c->n ? &c->m[i].pub : NULL;
}

const rw_myth *
rw_myths_find(const rw_myths *c, const char *id)
{
	size_t i;

	for (i = 0; c && id && i < c->n; i++)
		if (!strcmp(c->m[i].pub.id, id))
			return &c->m[i].pub;
	return NULL;
}

/* ---- reading ---- */

struct reader {
	const char *file;        /* as named in messages */
	const char *myth_id;
	int strict;
	int shipped;             /* the catalogue installed with repwatch: its
	                            patterns are checked by its tests, not at
	                            every load (a third of a scan's start-up) */
	rw_err *problem;
	int failed;              /* this myth cannot be used */
};

static _Thread_local int loading_shipped;   /* set by rw_myths_load_default around the data folder */

static void
problem(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
problem(struct reader *r, const char *fmt, ...)
{
	char msg[700], shown[700];
	va_list ap, again;

	va_start(ap, fmt);
	va_copy(again, ap);
	/* the log in English, the message in the user's language (fmt is
	 * marked N_() at each call, as rw_err_set's templates are) */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	vsnprintf(shown, sizeof(shown), rw_tr(fmt), again);
	va_end(again);
	va_end(ap);
	r->failed = 1;
	if (r->myth_id)
		rw_err_set(r->problem, RW_E_PARSE, "myth catalogue '%s': myth '%s': %s", r->file, r->myth_id, shown);
	else
		rw_err_set(r->problem, RW_E_PARSE, "myth catalogue '%s': %s", r->file, shown);
	rw_log(RW_LOG_WARN, "match", "myth catalogue '%s': %s%s%s%s", r->file, r->myth_id ? "myth '" : "",
	       r->myth_id ? r->myth_id : "", r->myth_id ? "': " : "", msg);
}

static const char *
get_string(struct reader *r, json_object *o, const char *key, int required)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null)) {
		if (required)
			problem(r, N_("'%s' is missing"), key);
		return NULL;
	}
	if (!json_object_is_type(v, json_type_string) || !json_object_get_string_len(v)) {
		problem(r, N_("'%s' must be a non-empty string"), key);
		return NULL;
	}
	return json_object_get_string(v);
}

/* {"fr": "...", "en": "..."}: both required when strict */
static void
get_pair(struct reader *r, json_object *o, const char *key, const char **fr, const char **en)
{
	json_object *v;

	*fr = *en = NULL;
	if (!json_object_object_get_ex(o, key, &v)) {
		if (r->strict)
			problem(r, N_("'%s' is missing"), key);
		return;
	}
	if (!json_object_is_type(v, json_type_object)) {
		problem(r, N_("'%s' must be an object {\"fr\": ..., \"en\": ...}"), key);
		return;
	}
	*fr = get_string(r, v, "fr", r->strict);
	*en = get_string(r, v, "en", r->strict);
}

static int
valid_id(const char *id)
{
	if (!*id)
		return 0;
	for (; *id; id++)
		if (!islower((unsigned char)*id) && !isdigit((unsigned char)*id) && *id != '-')
			return 0;
	return 1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, *(const char *const *)b);
}

/* A "near" rule: 1 to RW_MYTH_NEAR_GROUPS groups, each an ERE fragment
 * (usually word stems: "vaccin|vax"), that must all start a word, in any
 * order, within one sentence, each at most RW_MYTH_NEAR_GAP characters
 * after the one before.  Written as one ERE (every order an alternative),
 * so the literal filter and the regex engine see it like any pattern. */
#define NEAR_WORD "(^|[^a-z0-9])("
#define NEAR_GAP "[^.?!]{0,60}"
#define NEAR_GAP_MAX 61                   /* the gap and the character before a word */
#define NEAR_APOSTROPHE "[^ a-z]{1,3}"    /* ' or ’ (three bytes in the C locale) */
#define NEAR_OCC_MAX 32                   /* places a group is looked for in one text */

/* A near rule as myths.c runs it: groups of alternatives, each a word
 * start in which ' stands for an apostrophe. */
struct near_rule {
	size_t n, nalt[RW_MYTH_NEAR_GROUPS];
	char **alt[RW_MYTH_NEAR_GROUPS];
	char *buf;
};

static void
near_rule_free(struct near_rule *r)
{
	size_t g;

	if (!r)
		return;
	for (g = 0; g < r->n; g++)
		free(r->alt[g]);
	free(r->buf);
	free(r);
}

static struct near_rule *
near_rule_new(const char *const *group, size_t n)
{
	struct near_rule *r = calloc(1, sizeof(*r));
	size_t g, len = 0;
	char *o;

	if (!r)
		return NULL;
	for (g = 0; g < n; g++)
		len += strlen(group[g]) + 1;
	if (!(o = r->buf = malloc(len + 1))) {
		free(r);
		return NULL;
	}
	r->n = n;
	for (g = 0; g < n; g++) {
		size_t k = 1;
		const char *c;
		for (c = group[g]; *c; c++)
			k += *c == '|';
		if (!(r->alt[g] = calloc(k, sizeof(char *)))) {
			near_rule_free(r);
			return NULL;
		}
		strcpy(o, group[g]);
		r->alt[g][r->nalt[g]++] = o;
		for (; *o; o++)
			if (*o == '|') {
				*o = '\0';
				r->alt[g][r->nalt[g]++] = o + 1;
			}
		o++;
	}
	return r;
}

static int
next_perm(size_t *a, size_t n)
{
	size_t i, j, t;

	if (n < 2)
		return 0;
	for (i = n - 1; i > 0 && a[i - 1] >= a[i]; i--)
		;
	if (!i)
		return 0;
	for (j = n - 1; a[j] <= a[i - 1]; j--)
		;
	t = a[i - 1], a[i - 1] = a[j], a[j] = t;
	for (j = n - 1; i < j; i++, j--)
		t = a[i], a[i] = a[j], a[j] = t;
	return 1;
}

/* Append s at *o; returns the new end.  (A catalogue's near rules are
 * written out at every load: sprintf per byte was a tenth of it.) */
static char *
put(char *o, const char *s)
{
	size_t len = strlen(s);

	memcpy(o, s, len + 1);
	return o + len;
}

/* Append a group's alternatives, each ' as NEAR_APOSTROPHE. */
static char *
put_group(char *o, const char *g)
{
	for (; *g; g++)
		if (*g == '\'')
			o = put(o, NEAR_APOSTROPHE);
		else
			*o++ = *g;
	*o = '\0';
	return o;
}

static char *
near_pattern(const char *const *group, size_t n)
{
	size_t order[RW_MYTH_NEAR_GROUPS], i, len = 1;
	char *out, *o;

	for (i = 0; i < n; i++)
		len += 12 * strlen(group[i]) + sizeof(NEAR_WORD) + sizeof(NEAR_GAP) + 2;
	len *= 6;   /* at most 3! orders */
	if (!(o = out = malloc(len + 8)))
		return NULL;
	for (i = 0; i < n; i++)
		order[i] = i;
	do {
		if (o != out)
			*o++ = '|';
		for (i = 0; i < n; i++) {
			o = put(put(o, i ? NEAR_GAP : ""), NEAR_WORD);
			o = put_group(o, group[order[i]]);
			*o++ = ')';
		}
	} while (next_perm(order, n));
	*o = '\0';
	return out;
}

/* Fill group[] from one rule; 0 and a problem when it is not a list of 1
 * to RW_MYTH_NEAR_GROUPS non-empty lowercase strings. */
static int
near_groups(struct reader *r, json_object *rule, const char *lang, size_t k, const char **group, size_t *n)
{
	size_t i, j;

	*n = json_object_is_type(rule, json_type_array) ? json_object_array_length(rule) : 0;
	if (!*n || *n > RW_MYTH_NEAR_GROUPS) {
		problem(r, N_("near rule %s #%zu must be a list of 1 to %d groups of word stems"), lang, k + 1,
		        RW_MYTH_NEAR_GROUPS);
		return 0;
	}
	for (i = 0; i < *n; i++) {
		json_object *g = json_object_array_get_idx(rule, i);
		const char *s = json_object_is_type(g, json_type_string) ? json_object_get_string(g) : NULL;
		if (!s || !*s || strlen(s) > RW_MYTH_PATTERN_MAX / 4) {
			problem(r, N_("near rule %s #%zu: group %zu must be a non-empty string of at most %d bytes"), lang,
			        k + 1, i + 1, RW_MYTH_PATTERN_MAX / 4);
			return 0;
		}
		for (j = 0; s[j]; j++)
			if (isupper((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80 || strchr(".[]{}()*+?^$\\", s[j]) ||
			    (s[j] == '|' && (j == 0 || s[j - 1] == '|' || !s[j + 1]))) {
				problem(r, N_("near rule %s #%zu: group '%s' must be words in lowercase ASCII, "
				        "alternatives separated by | (texts are folded; ' is an apostrophe)"), lang, k + 1, s);
				return 0;
			}
		group[i] = s;
	}
	return 1;
}

static int
read_patterns(struct reader *r, json_object *o, struct myth *m)
{
	static const char *const langs[2] = { "fr", "en" };
	json_object *pats, *near = NULL, *v;
	size_t l, i, total = 0;

	if (json_object_object_get_ex(o, "negative", &v))
		m->pub.claim_negative = json_object_get_boolean(v);
	if (!json_object_object_get_ex(o, "patterns", &pats) || !json_object_is_type(pats, json_type_object)) {
		problem(r, N_("'patterns' must be an object {\"fr\": [...], \"en\": [...]}"));
		return 0;
	}
	if (json_object_object_get_ex(o, "near", &near) && !json_object_is_type(near, json_type_object)) {
		problem(r, N_("'near' must be an object {\"fr\": [[...], ...], \"en\": [[...], ...]}"));
		return 0;
	}
	for (l = 0; l < 2; l++) {
		json_object *list, *nlist = NULL;
		size_t n, nn = 0;
		if (near && json_object_object_get_ex(near, langs[l], &nlist)) {
			if (!json_object_is_type(nlist, json_type_array)) {
				problem(r, N_("'near.%s' must be a list of rules"), langs[l]);
				return 0;
			}
			nn = json_object_array_length(nlist);
		}
		if (!json_object_object_get_ex(pats, langs[l], &list)) {
			if (r->strict)
				problem(r, N_("'patterns.%s' is missing"), langs[l]);
			continue;
		}
		if (!json_object_is_type(list, json_type_array)) {
			problem(r, N_("'patterns.%s' must be a list of regular expressions"), langs[l]);
			return 0;
		}
		n = json_object_array_length(list);
		if (n + nn > RW_MYTH_MAX_PATTERNS) {
			problem(r, N_("'patterns.%s' and 'near.%s' have %zu patterns (at most %d)"), langs[l], langs[l], n + nn,
			        RW_MYTH_MAX_PATTERNS);
			return 0;
		}
		if (!n && !nn && r->strict) {
			problem(r, N_("'patterns.%s' is empty"), langs[l]);
			return 0;
		}
		if (n + nn && (!(m->re[l] = calloc(n + nn, sizeof(regex_t))) || !(m->src[l] = calloc(n + nn, sizeof(char *))) ||
		               !(m->state[l] = calloc(n + nn, 1)) || !(m->near[l] = calloc(n + nn, sizeof(*m->near[l]))) ||
		               !(m->at[l] = calloc(n + nn, sizeof(regex_t))) || !(m->at_state[l] = calloc(n + nn, 1))))
			return -1;
		for (i = 0; i < n + nn; i++) {
			const char *s;
			struct near_rule *nr = NULL;
			int rc;
			if (i < n) {
				json_object *p = json_object_array_get_idx(list, i);
				s = json_object_is_type(p, json_type_string) ? json_object_get_string(p) : NULL;
				if (!s || !*s || strlen(s) > RW_MYTH_PATTERN_MAX) {
					problem(r, N_("pattern %s #%zu must be a non-empty string of at most %d bytes"), langs[l],
					        i + 1, RW_MYTH_PATTERN_MAX);
					return 0;
				}
			} else {
				const char *group[RW_MYTH_NEAR_GROUPS];
				size_t ng;
				char **no;
				if (!near_groups(r, json_object_array_get_idx(nlist, i - n), langs[l], i - n, group, &ng))
					return 0;
				if (!(no = realloc(m->owned, (m->nowned + 1) * sizeof(*no))))
					return -1;
				m->owned = no;
				if (!(m->owned[m->nowned] = near_pattern(group, ng)) || !(nr = near_rule_new(group, ng)))
					return -1;
				s = m->owned[m->nowned++];
			}
			rc = r->shipped ? 0 : compile_lower(&m->re[l][i], s);
			if (rc)
				near_rule_free(nr);
			if (rc) {
				char why[200];
				regerror(rc, &m->re[l][i], why, sizeof(why));
				if (i < n)
					problem(r, N_("pattern %s #%zu '%s' does not compile: %s"), langs[l], i + 1, s, why);
				else
					problem(r, N_("near rule %s #%zu does not compile: %s"), langs[l], i - n + 1, why);
				return 0;
			}
			if (!r->shipped)
				regfree(&m->re[l][i]);   /* compiled again when first needed */
			m->near[l][m->nre[l]] = nr;
			m->src[l][m->nre[l]++] = s;
		}
		total += n + nn;
	}
	if (!total)
		problem(r, N_("no pattern in 'patterns'"));
	m->pub.npatterns_fr = m->nre[0];
	m->pub.npatterns_en = m->nre[1];
	return 0;
}

static int
read_specialties(struct reader *r, json_object *o, struct myth *m)
{
	static const char *const general[] = { "general" };
	json_object *list;
	size_t n, i;

	if (!json_object_object_get_ex(o, "specialties", &list)) {
		if (r->strict)
			problem(r, N_("'specialties' is missing"));
		/* a user myth without specialties concerns everyone */
		if (!(m->specialties = calloc(2, sizeof(*m->specialties))))
			return -1;
		m->specialties[0] = general[0];
		m->pub.specialties = m->specialties;
		return 0;
	}
	if (!json_object_is_type(list, json_type_array) || !(n = json_object_array_length(list)) || n > 32) {
		problem(r, N_("'specialties' must be a list of 1 to 32 specialties"));
		return 0;
	}
	if (!(m->specialties = calloc(n + 1, sizeof(*m->specialties))))
		return -1;
	for (i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(list, i);
		const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
		const char *const *known = bsearch(s, vocabulary, sizeof(vocabulary) / sizeof(vocabulary[0]),
		                                   sizeof(vocabulary[0]), cmp_str);
		if (!known) {
			problem(r, N_("specialty '%s' is not in the catalogue's list (see feeds/myths/README.md)"), s);
			return 0;
		}
		m->specialties[i] = *known;
	}
	m->pub.specialties = m->specialties;
	return 0;
}

static int
read_sources(struct reader *r, json_object *o, struct myth *m)
{
	json_object *list;
	size_t n, i;

	if (!json_object_object_get_ex(o, "sources", &list)) {
		if (r->strict)
			problem(r, N_("'sources' is missing"));
		return 0;
	}
	n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
	if (!json_object_is_type(list, json_type_array) || n > 16 || (r->strict && (n < 2 || n > 4))) {
		if (r->strict)
			problem(r, N_("'sources' must be a list of 2 to 4 sources"));
		else
			problem(r, N_("'sources' must be a list of at most 16 sources"));
		return 0;
	}
	if (n && !(m->sources = calloc(n, sizeof(*m->sources))))
		return -1;
	for (i = 0; i < n && !r->failed; i++) {
		json_object *s = json_object_array_get_idx(list, i);
		rw_myth_source *d = &m->sources[i];
		if (!json_object_is_type(s, json_type_object)) {
			problem(r, N_("source #%zu must be an object {\"name\", \"url\", \"lang\"}"), i + 1);
			return 0;
		}
		d->name = get_string(r, s, "name", 1);
		d->url = get_string(r, s, "url", 1);
		d->lang = get_string(r, s, "lang", r->strict);
		if (d->url && strncmp(d->url, "https://", 8) && strncmp(d->url, "http://", 7))
			problem(r, N_("source #%zu: '%s' is not a web address"), i + 1, d->url);
		if (d->lang && strcmp(d->lang, "fr") && strcmp(d->lang, "en"))
			problem(r, N_("source #%zu: lang '%s' is not fr or en"), i + 1, d->lang);
	}
	m->pub.sources = m->sources;
	m->pub.nsources = n;
	return 0;
}

static int
read_myth(struct reader *r, json_object *o, const char *file_topic, struct myth *m)
{
	static const char *const fields[] = {
		"claim", "correction", "examples", "id", "near", "negative", "patterns", "sources", "specialties", "topic",
	};
	json_object *ex;

	memset(m, 0, sizeof(*m));
	r->failed = 0;
	r->myth_id = NULL;
	if (!json_object_is_type(o, json_type_object)) {
		problem(r, N_("every element of 'myths' must be an object"));
		return 0;
	}
	m->pub.id = get_string(r, o, "id", 1);
	if (!m->pub.id)
		return 0;
	r->myth_id = m->pub.id;
	if (!valid_id(m->pub.id)) {
		problem(r, N_("the id must use only a-z, 0-9 and '-'"));
		return 0;
	}
	if (r->strict) {
		json_object_object_foreach(o, key, val) {
			(void)val;
			if (!bsearch(key, fields, sizeof(fields) / sizeof(fields[0]), sizeof(fields[0]), cmp_str))
				problem(r, N_("unknown field '%s'"), key);
		}
	}
	m->pub.topic = get_string(r, o, "topic", r->strict);
	if (!m->pub.topic)
		m->pub.topic = file_topic;
	else if (r->strict && file_topic && strcmp(m->pub.topic, file_topic))
		problem(r, N_("topic '%s' differs from the file's '%s'"), m->pub.topic, file_topic);
	get_pair(r, o, "claim", &m->pub.claim_fr, &m->pub.claim_en);
	get_pair(r, o, "correction", &m->pub.correction_fr, &m->pub.correction_en);
	if (json_object_object_get_ex(o, "examples", &ex) && json_object_is_type(ex, json_type_object)) {
		m->pub.example_fr = get_string(r, ex, "fr", r->strict);
		m->pub.example_en = get_string(r, ex, "en", r->strict);
		m->pub.example_fr_negative = get_string(r, ex, "fr_negative", r->strict);
		m->pub.example_en_negative = get_string(r, ex, "en_negative", r->strict);
	} else if (r->strict) {
		problem(r, N_("'examples' must be an object {\"fr\", \"en\", \"fr_negative\", \"en_negative\"}"));
	}
	if (read_specialties(r, o, m) < 0 || read_sources(r, o, m) < 0 || read_patterns(r, o, m) < 0)
		return -1;
	return 0;
}

static char *
read_whole(const char *path, rw_err *problem_out, const char *shown)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	size_t n;

	if (!fp) {
		rw_err_set(problem_out, RW_E_IO, "myth catalogue '%s': cannot read: %s", shown, strerror(errno));
		return NULL;
	}
	data = malloc(RW_MYTHS_FILE_MAX + 1);
	if (!data) {
		fclose(fp);
		return NULL;
	}
	n = fread(data, 1, RW_MYTHS_FILE_MAX + 1, fp);
	if (ferror(fp) || n > RW_MYTHS_FILE_MAX) {
		if (n > RW_MYTHS_FILE_MAX)
			rw_err_set(problem_out, RW_E_IO, "myth catalogue '%s': larger than 4 MiB, not read", shown);
		else
			rw_err_set(problem_out, RW_E_IO, "myth catalogue '%s': %s", shown, strerror(errno));
		free(data);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	data[n] = '\0';
	return data;
}

/* "feeds/myths/vaccines.json" -> "vaccines" */
static char *
file_topic(const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 5 && !strcmp(b + n - 5, ".json"))
		n -= 5;
	return strndup(b, n);
}

static int
keep_root(rw_myths *c, json_object *root, const char *path)
{
	json_object **nr = realloc(c->roots, (c->nroots + 1) * sizeof(*nr));
	char **nf;

	if (!nr)
		return -1;
	c->roots = nr;
	nf = realloc(c->files, (c->nroots + 1) * sizeof(*nf));
	if (!nf)
		return -1;
	c->files = nf;
	if (!(c->files[c->nroots] = strdup(path)))
		return -1;
	c->roots[c->nroots++] = root;
	return 0;
}

static int load_one(rw_myths *c, const char *path, int strict, rw_err *problem_out);
static void build_index(rw_myths *c);

int
rw_myths_load_file(rw_myths *c, const char *path, int strict, rw_err *problem_out)
{
	int n = load_one(c, path, strict, problem_out);

	if (n > 0)
		build_index(c);
	return n;
}

static int
load_one(rw_myths *c, const char *path, int strict, rw_err *problem_out)
{
	struct reader r;
	json_tokener *tk;
	json_object *root, *list, *v;
	char *data, *topic = NULL;
	const char *shown;
	size_t i, n;
	int added = 0;

	memset(&r, 0, sizeof(r));
	r.file = path;
	r.strict = strict;
	r.shipped = loading_shipped && !strict;
	r.problem = problem_out;
	data = read_whole(path, problem_out, path);
	if (!data)
		return 0;
	tk = json_tokener_new_ex(64);
	if (!tk) {
		free(data);
		return -1;
	}
	root = json_tokener_parse_ex(tk, data, (int)strlen(data));
	if (!root || json_tokener_get_error(tk) != json_tokener_success) {
		problem(&r, "not valid JSON: %s", json_tokener_error_desc(json_tokener_get_error(tk)));
		json_tokener_free(tk);
		json_object_put(root);
		free(data);
		return 0;
	}
	json_tokener_free(tk);
	free(data);
	if (keep_root(c, root, path) < 0) {
		json_object_put(root);
		return -1;
	}
	shown = c->files[c->nroots - 1];
	r.file = shown;
	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "myths", &list) || !json_object_is_type(list, json_type_array)) {
		problem(&r, "expected {\"version\": 1, \"topic\": ..., \"myths\": [...]}");
		return 0;
	}
	if (!json_object_object_get_ex(root, "version", &v) || json_object_get_int(v) != 1) {
		problem(&r, "'version' must be 1");
		return 0;
	}
	if (!(topic = file_topic(path)))
		return -1;
	if (strict) {
		const char *t = get_string(&r, root, "topic", 1);
		if (t && strcmp(t, topic))
			problem(&r, "topic '%s' differs from the file name", t);
		r.failed = 0;
	}
	n = json_object_array_length(list);
	for (i = 0; i < n; i++) {
		struct myth m;
		const rw_myth *old;
		if (read_myth(&r, json_object_array_get_idx(list, i), topic, &m) < 0) {
			myth_clear(&m);
			free(topic);
			return -1;
		}
		if (r.failed) {
			myth_clear(&m);
			continue;
		}
		m.pub.file = shown;
		old = rw_myths_find(c, m.pub.id);
		if (old) {
			if (strict && strcmp(old->file, shown) == 0) {
				problem(&r, "the id is used twice in this file");
				myth_clear(&m);
				continue;
			}
			if (strict) {
				problem(&r, "the id is also used in '%s'", old->file);
				myth_clear(&m);
				continue;
			}
			/* a user myth replaces the shipped one whole */
			myth_clear((struct myth *)old);
			*(struct myth *)old = m;
			added++;
			continue;
		}
		if (c->n >= RW_MYTHS_MAX) {
			problem(&r, "more than %d myths: the rest are not read", RW_MYTHS_MAX);
			myth_clear(&m);
			break;
		}
		if (c->n == c->alloc) {
			size_t na = c->alloc ? c->alloc * 2 : 64;
			struct myth *nm = realloc(c->m, na * sizeof(*nm));
			if (!nm) {
				myth_clear(&m);
				free(topic);
				return -1;
			}
			c->m = nm;
			c->alloc = na;
		}
		c->m[c->n++] = m;
		added++;
	}
	free(topic);
	return added;
}

/* Give the literal filter near rule r as its groups, each of which a text
 * must hold (not as its ERE, whose every order is an alternative: the
 * filter would then require only one group).  Group alternatives are word
 * starts, ' an apostrophe as NEAR_APOSTROPHE writes it.  As
 * rw_refilter_add_all returns. */
static int
near_filter_add(rw_refilter *f, size_t id, const struct near_rule *r)
{
	char *part[RW_MYTH_NEAR_GROUPS];
	size_t g, a;
	int rc = -1;

	memset(part, 0, sizeof(part));
	for (g = 0; g < r->n; g++) {
		size_t len = 1;
		char *o;
		for (a = 0; a < r->nalt[g]; a++)
			len += strlen(r->alt[g][a]) * sizeof(NEAR_APOSTROPHE) + 1;
		if (!(o = part[g] = malloc(len)))
			goto out;
		for (a = 0; a < r->nalt[g]; a++) {
			if (a)
				*o++ = '|';
			o = put_group(o, r->alt[g][a]);
		}
		*o = '\0';
	}
	rc = rw_refilter_add_all(f, id, (const char *const *)part, r->n);
out:
	for (g = 0; g < r->n; g++)
		free(part[g]);
	return rc;
}

/* Number every pattern (a myth's French then English ones) and rebuild the
 * literal filter over all of them.  Without memory for it the filter is
 * absent and every pattern is tried: slower, same answers. */
static void
build_index(rw_myths *c)
{
	size_t i, l, k, id = 0;

	rw_refilter_free(&c->filter);
	c->filter = rw_refilter_new();
	for (i = 0; i < c->n; i++) {
		struct myth *m = &c->m[i];
		m->first_id = id;
		for (l = 0; l < 2; l++)
			for (k = 0; k < m->nre[l]; k++, id++) {
				char *low;
				size_t j;
				if (!c->filter)
					continue;
				if (m->near[l][k]) {
					if (near_filter_add(c->filter, id, m->near[l][k]) < 0)
						rw_refilter_free(&c->filter);
					continue;
				}
				low = strdup(m->src[l][k]);
				for (j = 0; low && low[j]; j++)   /* as compile_lower sees it */
					if ((unsigned char)low[j] < 0x80)
						low[j] = (char)tolower((unsigned char)low[j]);
				if (!low || rw_refilter_add(c->filter, id, low) < 0)
					rw_refilter_free(&c->filter);
				free(low);
			}
	}
	c->npatterns = id;
	if (c->filter && rw_refilter_build(c->filter) < 0)
		rw_refilter_free(&c->filter);
	/* which myth a candidate pattern is of: without this map (memory),
	 * no filter, and every pattern is tried */
	free(c->id_myth);
	if (!(c->id_myth = malloc((id ? id : 1) * sizeof(*c->id_myth))))
		rw_refilter_free(&c->filter);
	for (i = 0, id = 0; c->id_myth && i < c->n; i++)
		for (k = 0; k < c->m[i].nre[0] + c->m[i].nre[1]; k++)
			c->id_myth[id++] = i;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rw_myths_load_dir(rw_myths *c, const char *dir, int strict, rw_err *problem_out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int total = 0, rc = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < 4096) {
		size_t len = strlen(e->d_name);
		char **nn;
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*nn));
		if (!nn || asprintf(&nn[n], "%s/%s", dir, e->d_name) < 0) {
			names = nn ? nn : names;
			rc = -1;
			break;
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n && rc == 0; i++) {
		int k = load_one(c, names[i], strict, problem_out);
		if (k < 0)
			rc = -1;
		else
			total += k;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (total > 0)
		build_index(c);
	return rc < 0 ? -1 : total;
}

rw_myths *
rw_myths_load_default(rw_err *problem_out)
{
	rw_myths *c = rw_myths_new();
	char dir[4096], *user_dir;
	rw_err uerr = { 0 };

	if (!c)
		return NULL;
	if (rw_data_path("myths", dir, sizeof(dir))) {
		int rc;
		loading_shipped = 1;
		rc = rw_myths_load_dir(c, dir, 0, problem_out);
		loading_shipped = 0;
		if (rc < 0)
			goto oom;
	}
	user_dir = rw_paths_user_optional(RW_DIR_CONFIG, "myths", &uerr);
	if (uerr.code)
		goto oom;
	if (user_dir && rw_myths_load_dir(c, user_dir, 0, problem_out) < 0) {
		free(user_dir);
		goto oom;
	}
	free(user_dir);
	return c;
oom:
	rw_myths_free(&c);
	return NULL;
}

/* ---- matching ---- */

char *
rw_myths_prepare(const char *text)
{
	return rw_text_fold_squeezed(text);
}

/* Is a word of s[from, to) one of words[0..n)?  apostrophes: also a word
 * "n'..." or "...n't" (French and English negations). */
static int
word_between(const char *s, size_t from, size_t to, const char *const *words, size_t n, int apostrophes)
{
	size_t i = from, w, k;

	while (i < to) {
		while (i < to && !isalnum((unsigned char)s[i]))
			i++;
		for (w = i; w < to && (isalnum((unsigned char)s[w]) || (apostrophes && (s[w] == '\'' || (unsigned char)s[w] >= 0x80)));
		     w++)
			;
		for (k = 0; w > i && k < n; k++)
			if (w - i == strlen(words[k]) && !strncmp(s + i, words[k], w - i))
				return 1;
		if (apostrophes && w > i && s[i] == 'n' && (s[i + 1] == '\'' || !strncmp(s + i + 1, "\xe2\x80\x99", 3)))
			return 1;   /* n'a, n’est */
		if (apostrophes && w - i > 3 &&
		    (!strncmp(s + w - 3, "n't", 3) || (w - i > 5 && !strncmp(s + w - 5, "n\xe2\x80\x99t", 5))))
			return 1;   /* don't, can’t */
		i = w + 1;
	}
	return 0;
}

/* Does a word of s[from, to) deny ("ne", "n'...", "pas", "jamais", "aucun",
 * "not", "...n't", "never", "no", "cannot")? */
static int
negation_between(const char *s, size_t from, size_t to)
{
	static const char *const words[] = { "ne", "pas", "jamais", "aucun", "aucune", "not", "never", "no", "cannot" };

	return word_between(s, from, to, words, sizeof(words) / sizeof(words[0]), 1);
}

/* End of alternative a matched at t + p ("'" is 1 to 3 bytes that are
 * neither a space nor a-z), or (size_t)-1. */
static size_t
alt_end(const char *t, size_t p, const char *a)
{
	for (; *a; a++, p++) {
		if (*a == '\'') {
			size_t k, e;
			for (k = 1; k <= 3 && t[p + k - 1] && t[p + k - 1] != ' ' && !(t[p + k - 1] >= 'a' && t[p + k - 1] <= 'z');
			     k++)
				if ((e = alt_end(t, p + k, a + 1)) != (size_t)-1)
					return e;
			return (size_t)-1;
		}
		if (t[p] != *a)
			return (size_t)-1;
	}
	return p;
}

struct occ {
	size_t s, e;
};

static int
word_start(const char *t, size_t p)
{
	return p == 0 || !((t[p - 1] >= 'a' && t[p - 1] <= 'z') || (t[p - 1] >= '0' && t[p - 1] <= '9'));
}

/* Where group g of r starts a word in t, in text order (at most NEAR_OCC_MAX). */
static size_t
group_places(const struct near_rule *r, size_t g, const char *t, size_t from, struct occ *o)
{
	size_t n = 0, k, i;

	for (k = 0; k < r->nalt[g]; k++) {
		const char *a = r->alt[g][k], *q;
		char lead[64];
		size_t ll = strcspn(a, "'");
		if (!ll || ll >= sizeof(lead))
			continue;
		memcpy(lead, a, ll);
		lead[ll] = '\0';
		for (q = strstr(t + from, lead); q && n < NEAR_OCC_MAX; q = strstr(q + 1, lead)) {
			size_t p = (size_t)(q - t), e;
			if (!word_start(t, p) || (e = alt_end(t, p, a)) == (size_t)-1)
				continue;
			for (i = 0; i < n && o[i].s != p; i++)
				;
			if (i < n) {
				if (e > o[i].e)
					o[i].e = e;
				continue;
			}
			for (i = n++; i > 0 && o[i - 1].s > p; i--)
				o[i] = o[i - 1];
			o[i].s = p;
			o[i].e = e;
		}
	}
	return n;
}

/* A word of s[from, to) that opens a contrary clause ("mais", "although")? */
static int
contrast_between(const char *s, size_t from, size_t to)
{
	static const char *const words[] = { "mais", "pourtant", "cependant", "tandis", "but", "although", "however",
		                             "whereas", "though" };

	return word_between(s, from, to, words, sizeof(words) / sizeof(words[0]), 0);
}

/* May [from, to) stand between two words of a rule: short, in one
 * sentence, in one clause as far as "mais" and "but" tell? */
static int
near_gap_ok(const char *t, size_t from, size_t to)
{
	size_t i;

	if (to < from || to - from > NEAR_GAP_MAX)
		return 0;
	for (i = from; i < to; i++)
		if (t[i] == '.' || t[i] == '?' || t[i] == '!')
			return 0;
	return !contrast_between(t, from, to);
}

/* The leftmost match of rule r in t from byte from: every group's word, in
 * any order, in one sentence, each gap at most NEAR_GAP_MAX bytes.  1 with
 * [*ms, *me) and the gaps' ends in gap[] (2 * (r->n - 1) offsets), or 0. */
static int
near_leftmost(const struct near_rule *r, const char *t, size_t from, size_t *ms, size_t *me, size_t *gap)
{
	struct occ o[RW_MYTH_NEAR_GROUPS][NEAR_OCC_MAX];
	size_t n[RW_MYTH_NEAR_GROUPS], order[RW_MYTH_NEAR_GROUPS], g, a, b, c;
	size_t best_s = (size_t)-1, best_e = 0, best_gap[4] = { 0, 0, 0, 0 };

	for (g = 0; g < r->n; g++)
		if (!(n[g] = group_places(r, g, t, from, o[g])))
			return 0;
	for (g = 0; g < r->n; g++)
		order[g] = g;
	do {
		const struct occ *x = o[order[0]], *y = r->n > 1 ? o[order[1]] : NULL, *z = r->n > 2 ? o[order[2]] : NULL;
		for (a = 0; a < n[order[0]] && x[a].s < best_s; a++) {
			int found = 0;
			if (!y) {
				best_s = x[a].s, best_e = x[a].e;
				break;
			}
			for (b = 0; b < n[order[1]] && !found; b++) {
				if (y[b].s < x[a].e || !near_gap_ok(t, x[a].e, y[b].s))
					continue;
				if (!z) {
					best_s = x[a].s, best_e = y[b].e, found = 1;
					best_gap[0] = x[a].e, best_gap[1] = y[b].s;
					break;
				}
				for (c = 0; c < n[order[2]] && !found; c++)
					if (z[c].s >= y[b].e && near_gap_ok(t, y[b].e, z[c].s)) {
						best_s = x[a].s, best_e = z[c].e, found = 1;
						best_gap[0] = x[a].e, best_gap[1] = y[b].s, best_gap[2] = y[b].e, best_gap[3] = z[c].s;
					}
			}
			if (found)
				break;
		}
	} while (next_perm(order, r->n));
	if (best_s == (size_t)-1)
		return 0;
	*ms = best_s, *me = best_e;
	memcpy(gap, best_gap, sizeof(best_gap));
	return 1;
}

/* Rule r in t: its leftmost match; when a negation stands in its gaps
 * (guard: "les antibiotiques ne soignent pas le rhume"), the next one.
 * 1 with [*ms, *me) (when not NULL), or 0. */
static int
near_find(const struct near_rule *r, const char *t, int guard, size_t *ms, size_t *me)
{
	size_t from = 0, s, e, gap[4], k;

	while (near_leftmost(r, t, from, &s, &e, gap)) {
		int denied = 0;
		for (k = 0; guard && k + 1 < 2 * (r->n - 1) + 1 && k < 4; k += 2)
			if (k / 2 + 1 < r->n)
				denied |= negation_between(t, gap[k], gap[k + 1]);
		if (!denied) {
			if (ms)
				*ms = s, *me = e;
			return 1;
		}
		from = e;   /* past the denied words: "margarine is a fat, not a plastic; margarines..." */
	}
	return 0;
}

/* Does pattern k of language l of m match?  Compiled on first use; a
 * pattern that compiled at load and fails now (memory) matches nothing. */
static int
pattern_matches(const struct myth *cm, size_t l, size_t k, const char *prepared)
{
	struct myth *m = (struct myth *)cm;
	int ready;

	if (m->near[l][k])
		return near_find(m->near[l][k], prepared, !m->pub.claim_negative, NULL, NULL);
	/* compiled already (the common case): no lock */
	if (__atomic_load_n(&m->state[l][k], __ATOMIC_ACQUIRE) == RE_READY)
		return run_regex(&m->re[l][k], prepared) == 0;
	pthread_mutex_lock(&compile_lock);
	if (m->state[l][k] == RE_LATER) {
		__atomic_store_n(&m->state[l][k], compile_lower(&m->re[l][k], m->src[l][k]) == 0 ? RE_READY : RE_BROKEN,
		                 __ATOMIC_RELEASE);
		if (m->state[l][k] == RE_BROKEN)
			rw_log(RW_LOG_WARN, "match", "myth '%s': pattern '%s' cannot be compiled now (out of memory?)",
			       m->pub.id, m->src[l][k]);
	}
	ready = m->state[l][k] == RE_READY;
	pthread_mutex_unlock(&compile_lock);
	return ready && run_regex(&m->re[l][k], prepared) == 0;
}

/* Does m match for lang, trying only the patterns cand allows (NULL: all)? */
static int
myth_matches(const struct myth *m, const char *prepared, rw_lang lang, const unsigned char *cand)
{
	size_t l, i, id = m->first_id;

	for (l = 0; l < 2; l++) {
		int skip = (lang == RW_LANG_FR && l == 1) || (lang == RW_LANG_EN && l == 0);
		for (i = 0; i < m->nre[l]; i++, id++)
			if (!skip && (!cand || cand[id]) && pattern_matches(m, l, i, prepared))
				return 1;
	}
	return 0;
}

int
rw_myth_matches(const rw_myth *pub, const char *prepared, rw_lang lang)
{
	return myth_matches((const struct myth *)pub, prepared, lang, NULL);
}

const char *
rw_myth_pattern(const rw_myth *pub, rw_lang lang, size_t k)
{
	const struct myth *m = (const struct myth *)pub;
	size_t l = lang == RW_LANG_EN;

	return (lang == RW_LANG_FR || lang == RW_LANG_EN) && k < m->nre[l] ? m->src[l][k] : NULL;
}

/* Pattern k of language l of m compiled for positions, on first use (a
 * located myth is located again in the next text that carries it): 0 with
 * *re, or regcomp's error (REG_ESPACE: memory, which a next call retries). */
static int
compiled_at(const struct myth *cm, size_t l, size_t k, const regex_t **re)
{
	struct myth *m = (struct myth *)cm;
	int rc = 0;

	*re = &m->at[l][k];
	if (__atomic_load_n(&m->at_state[l][k], __ATOMIC_ACQUIRE) == RE_READY)
		return 0;
	pthread_mutex_lock(&compile_lock);
	if (m->at_state[l][k] == RE_LATER) {
		rc = compile_lower_with(&m->at[l][k], m->src[l][k], 0);
		if (!rc)
			__atomic_store_n(&m->at_state[l][k], RE_READY, __ATOMIC_RELEASE);
		else if (rc != REG_ESPACE)
			m->at_state[l][k] = RE_BROKEN;
	} else if (m->at_state[l][k] == RE_BROKEN) {
		rc = REG_BADPAT;
	}
	pthread_mutex_unlock(&compile_lock);
	return rc;
}

int
rw_myth_locate(const rw_myth *pub, const char *prepared, rw_lang lang, size_t *start, size_t *end)
{
	const struct myth *m = (const struct myth *)pub;
	size_t l, i;

	for (l = 0; l < 2; l++) {
		if ((lang == RW_LANG_FR && l == 1) || (lang == RW_LANG_EN && l == 0))
			continue;
		for (i = 0; i < m->nre[l]; i++) {
			const regex_t *re;
			regmatch_t at[1];
			if (m->near[l][i]) {
				if (near_find(m->near[l][i], prepared, !m->pub.claim_negative, start, end))
					return 1;
				continue;
			}
			locale_t old;
			int rc = compiled_at(m, l, i, &re);
			if (rc == REG_ESPACE)
				return -1;
			if (rc)
				continue;
			old = enter_c_locale();
			rc = regexec(re, prepared, 1, at, 0);
			if (!rc && at[0].rm_so >= 0) {
				size_t from;
				*start = (size_t)at[0].rm_so;
				*end = (size_t)at[0].rm_eo;
				/* the tightest match inside the first: "le vaxx et depuis elle
				 * arrive pas ..., ce vaccin rend sterile" is about the last words */
				for (from = *start + 1; from < *end; from++) {
					regmatch_t in[1];
					if (regexec(re, prepared + from, 1, in, REG_NOTBOL) || from + (size_t)in[0].rm_eo > *end)
						break;
					*start = from + (size_t)in[0].rm_so;
					*end = from + (size_t)in[0].rm_eo;
					from = *start;
				}
				/* a near rule's match starts on the character before its first word */
				while (*start < *end && !isalnum((unsigned char)prepared[*start]))
					(*start)++;
			}
			leave_c_locale(old);
			if (!rc && at[0].rm_so >= 0)
				return 1;
		}
	}
	return 0;
}

int
rw_myth_concerns(const rw_myth *m, const rw_specialty *spec)
{
	size_t i, j;

	if (!spec)
		return 1;
	for (i = 0; m->specialties && m->specialties[i]; i++) {
		if (!strcmp(m->specialties[i], "general"))
			return 1;
		for (j = 0; spec->myths[j]; j++)
			if (!strcmp(spec->myths[j], "*") || !strcmp(spec->myths[j], m->specialties[i]))
				return 1;
	}
	return 0;
}

/* The filter's answer on one text: cand[id] for every pattern (NULL: no
 * filter, every pattern is tried) and the myths that have a candidate, in
 * catalogue order (the only ones that can match). */
struct rw_myths_hits {
	unsigned char *cand;
	size_t *myth, nmyth;
};

rw_myths_hits *
rw_myths_hits_new(const rw_myths *c, const char *prepared)
{
	rw_myths_hits *h;
	size_t id, n;

	if (!(h = calloc(1, sizeof(*h))))
		return NULL;
	if (!c || !c->n || !prepared || !*prepared)
		return h;   /* nothing can match */
	n = c->npatterns;
	if (!c->filter || !n) {
		h->nmyth = c->n;   /* every myth, every pattern */
		return h;
	}
	if (!(h->cand = malloc(n)) || !(h->myth = malloc(c->n * sizeof(*h->myth)))) {
		rw_myths_hits_free(&h);
		return NULL;
	}
	rw_refilter_scan(c->filter, prepared, h->cand);
	for (id = 0; id < n; id++)
		if (h->cand[id] && (!h->nmyth || h->myth[h->nmyth - 1] != c->id_myth[id]))
			h->myth[h->nmyth++] = c->id_myth[id];
	return h;
}

void
rw_myths_hits_free(rw_myths_hits **hp)
{
	if (!hp || !*hp)
		return;
	free((*hp)->cand);
	free((*hp)->myth);
	free(*hp);
	*hp = NULL;
}

int
rw_myths_hits_any(const rw_myths_hits *h)
{
	return h && h->nmyth > 0;
}

int
rw_myths_may_match(const rw_myths *c, const char *prepared)
{
	rw_myths_hits *h = rw_myths_hits_new(c, prepared);
	int any = h ? rw_myths_hits_any(h) : 1;   /* without memory: maybe */

	rw_myths_hits_free(&h);
	return any;
}

size_t
rw_myths_match_hits(const rw_myths *c, const char *prepared, const rw_myths_hits *h, rw_lang lang,
                    const rw_specialty *spec, int all, const rw_myth **out, size_t max)
{
	size_t k, n = 0;

	if (!c || !c->n || !prepared || !*prepared || !h)
		return 0;
	for (k = 0; k < h->nmyth && n < max; k++) {
		const struct myth *m = &c->m[h->cand ? h->myth[k] : k];
		if ((all || rw_myth_concerns(&m->pub, spec)) && myth_matches(m, prepared, lang, h->cand))
			out[n++] = &m->pub;
	}
	return n;
}

size_t
rw_myths_match_all(const rw_myths *c, const char *prepared, rw_lang lang, const rw_specialty *spec, int all,
                   const rw_myth **out, size_t max)
{
	rw_myths_hits *h;
	size_t n;

	if (!c || !c->n || !prepared || !*prepared)
		return 0;
	if (!(h = rw_myths_hits_new(c, prepared))) {
		/* without memory for the filter's answer: every pattern is tried */
		struct rw_myths_hits every = { NULL, NULL, c->n };
		return rw_myths_match_hits(c, prepared, &every, lang, spec, all, out, max);
	}
	n = rw_myths_match_hits(c, prepared, h, lang, spec, all, out, max);
	rw_myths_hits_free(&h);
	return n;
}

const rw_myth *
rw_myths_match_prepared(const rw_myths *c, const char *prepared, rw_lang lang, const rw_specialty *spec, int all)
{
	const rw_myth *found = NULL;

	return rw_myths_match_all(c, prepared, lang, spec, all, &found, 1) ? found : NULL;
}

const rw_myth *
rw_myths_match(const rw_myths *c, const char *text, rw_lang lang, const rw_specialty *spec, int all)
{
	char *prepared;
	const rw_myth *found;

	if (!c || !c->n || !text || !*text || !(prepared = rw_myths_prepare(text)))
		return NULL;
	found = rw_myths_match_prepared(c, prepared, lang, spec, all);
	free(prepared);
	return found;
}

const char *
rw_myth_claim(const rw_myth *m, rw_lang lang)
{
	if (lang == RW_LANG_EN)
		return m->claim_en ? m->claim_en : m->claim_fr;
	return m->claim_fr ? m->claim_fr : m->claim_en;
}

const char *
rw_myth_correction(const rw_myth *m, rw_lang lang)
{
	if (lang == RW_LANG_EN)
		return m->correction_en ? m->correction_en : m->correction_fr;
	return m->correction_fr ? m->correction_fr : m->correction_en;
}
