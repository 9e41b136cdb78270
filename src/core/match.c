/* SPDX-License-Identifier: MIT */
#include "match.h"
#include "places.h"
#include "professions.h"
#include "msgid.h"
#include "reason.h"
#include "text.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#define MAX_WORD 256          /* bytes in one word or phrase searched */
#define MAX_SOURCE_URL 8192   /* a source rule's URL, at most */
#define CONTEXT_WORDS 40      /* words each side of a hit that count as its context */
#define ATTACHED_BEFORE 3     /* words before a hit, and after it, that describe the */
#define ATTACHED_AFTER 6      /* person named ("Dr X, naturopath in Oakville") */
#define ATTACHED_PROFESSION 4 /* after the name: "Dr X, MD, FRCPC, allergist" */
#define ATTACHED_PLACE 12     /* after the name, same sentence, nobody else between */
#define MAX_CITY_PLACES 16    /* places a city of hers may be (Portland: many) */
#define NEIGHBOUR_KM 5.0      /* a town this close to hers is her town's area: neither for nor against */

enum kind { K_TITLE_FULL, K_FULL, K_USER, K_INITIALS, K_TITLE, K_SURNAME };

static const struct {
	const char *name;
	int base;
} kinds[] = {
	[K_TITLE_FULL] = { N_("title and full name"), 3 },
	[K_FULL] = { N_("full name"), 2 },
	[K_USER] = { N_("your variant"), 2 },
	[K_INITIALS] = { N_("initials and surname"), 1 },
	[K_TITLE] = { N_("title and surname"), 1 },
	[K_SURNAME] = { N_("surname alone"), 0 },
};

/* Titles always recognised; a profile's title = adds its own. */
static const char *const titles[] = {
	"dr", "docteur", "doctor", "doctoresse", "docteure", "dre", "pr", "professeur", "professor",
	"prof", "professeure", "dr med", "prof dr", "pr dr",
};

/* Words that may stand capitalised before a surname without being another
 * first name: titles, civilities, and words that start sentences. */
static const char *const not_first_names[] = {
	"a", "according", "and", "au", "aupres", "avec", "but", "by", "c", "ce", "cet", "cette",
	"chez", "d", "de", "des", "doc", "docteur", "doctor", "doctoresse", "docteure", "dr", "dre", "du",
	"en", "et", "for", "from", "l", "la", "le", "les", "m", "madame", "mademoiselle", "maitre",
	"mais", "me", "med", "merci", "miss", "mlle", "mme", "monsieur", "mr", "mrs", "ms", "notre", "of",
	"ou", "par", "pour", "pr", "prof", "professeur", "professeure", "professor", "selon", "sir",
	"thanks", "the", "to", "un", "une", "votre", "with",
};

/* Words before a place that say "this is where": "in Oakville", "à Liège",
 * "de Lyon" (folded). */
static const char *const locatives[] = {
	"a", "at", "au", "aux", "based", "de", "du", "en", "from", "in", "near", "pres", "sur",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int
in_list(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

static int
in_list_sorted(const char *w)
{
	size_t i;

	for (i = 0; i < N(locatives); i++)
		if (!strcmp(w, locatives[i]))
			return 1;
	return 0;
}

struct variant {
	char *tok;           /* " jeanne dupont " */
	char *bare;          /* "jeanne dupont" */
	enum kind kind;
	size_t key;          /* its longest word, in keys: a text without it
	                        cannot hold the variant */
};

struct wordlist {
	char **w;            /* folded token forms, without the outer spaces */
	size_t n, alloc;
};

struct homonym {
	const char *label;   /* owned by the profile */
	struct wordlist words;
};

struct rw_matcher {
	const rw_practitioner *p;
	struct variant *v;
	size_t n, alloc;
	char **keys;         /* " dupont ", " jeanne ": each variant's longest word, once */
	size_t nkeys;
	char **surnames;     /* token forms " dupont " of every surname, for case checks */
	char **given;        /* folded given-name words, for "another first name" */
	size_t nsurnames, ngiven;
	struct wordlist specialty, cities, practices, context, numbers, notme_words, notme_sources;
	struct homonym *homonyms;
	size_t nhomonyms;
	const rw_specialty *spec;
	const rw_professions *prof;     /* shared; NULL: professions count neither way */
	/* Places are looked up on the first hit that needs them (most scans
	 * find no hit; the gazetteer is megabytes): under places_lock, once. */
	pthread_mutex_t places_lock;
	int places_ready;               /* read with __atomic_load_n */
	const rw_gazetteer *gaz;        /* shared; NULL: places count neither way */
	const rw_place *city_places[MAX_CITY_PLACES];  /* the places her cities may be */
	size_t ncity_places;
};

const char *
rw_confidence_name(rw_confidence c)
{
	switch (c) {
	case RW_CONF_LOW: return "low";
	case RW_CONF_MEDIUM: return "medium";
	case RW_CONF_HIGH: return "high";
	default: return "none";
	}
}

static char *
bare_tokens(const char *s)
{
	return rw_professions_fold(s);
}

/* Add s to l once; longer than max: ignored (a word that long is never
 * searched). */
static int
wl_add_max(struct wordlist *l, const char *s, size_t max)
{
	size_t i;

	if (!*s || strlen(s) > max)
		return 0;
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->w[i], s))
			return 0;
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 8;
		char **nw = realloc(l->w, na * sizeof(*nw));
		if (!nw)
			return -1;
		l->w = nw;
		l->alloc = na;
	}
	if (!(l->w[l->n] = strdup(s)))
		return -1;
	l->n++;
	return 0;
}

static int
wl_add_folded(struct wordlist *l, const char *folded)
{
	return wl_add_max(l, folded, MAX_WORD);
}

static int
wl_add(struct wordlist *l, const char *s)
{
	char *t = bare_tokens(s);
	int rc;

	if (!t)
		return -1;
	rc = wl_add_folded(l, t);
	free(t);
	return rc;
}

static void
wl_free(struct wordlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->w[i]);
	free(l->w);
	memset(l, 0, sizeof(*l));
}

/* Whole-word search of word (folded, no outer spaces) in the token form
 * tok; returns the position of the leading space, or NULL. */
static const char *
find_word(const char *tok, const char *word, const char *from)
{
	char buf[MAX_WORD + 3];
	size_t n = strlen(word);

	if (!n || n > MAX_WORD)
		return NULL;
	buf[0] = ' ';
	memcpy(buf + 1, word, n);
	buf[n + 1] = ' ';
	buf[n + 2] = '\0';
	return strstr(from ? from : tok, buf);
}

/* The longest word of v, as " word ", among m's keys. */
static int
variant_key(rw_matcher *m, struct variant *v)
{
	const char *p = v->tok + 1, *best = p;
	size_t best_len = 0, i;
	char *key, **nk;

	while (*p) {
		size_t len = strcspn(p, " ");
		if (len > best_len) {
			best = p;
			best_len = len;
		}
		p += len;
		p += *p == ' ';
	}
	if (asprintf(&key, " %.*s ", (int)best_len, best) < 0)
		return -1;
	for (i = 0; i < m->nkeys; i++)
		if (!strcmp(m->keys[i], key)) {
			free(key);
			v->key = i;
			return 0;
		}
	if (!(nk = realloc(m->keys, (m->nkeys + 1) * sizeof(*nk)))) {
		free(key);
		return -1;
	}
	m->keys = nk;
	m->keys[m->nkeys] = key;
	v->key = m->nkeys++;
	return 0;
}

static int
add_variant(rw_matcher *m, const char *folded_words, enum kind kind)
{
	char *t;
	size_t i, n = strlen(folded_words);

	if (!n)
		return 0;
	for (i = 0; i < m->n; i++)
		if (!strncmp(m->v[i].tok + 1, folded_words, n) && m->v[i].tok[n + 1] == ' ' &&
		    !m->v[i].tok[n + 2]) {
			if (kinds[kind].base > kinds[m->v[i].kind].base)
				m->v[i].kind = kind;
			return 0;
		}
	if (m->n == m->alloc) {
		size_t na = m->alloc ? m->alloc * 2 : 32;
		struct variant *nv = realloc(m->v, na * sizeof(*nv));
		if (!nv)
			return -1;
		m->v = nv;
		m->alloc = na;
	}
	if (asprintf(&t, " %s ", folded_words) < 0)
		return -1;
	if (!(m->v[m->n].bare = strdup(folded_words))) {
		free(t);
		return -1;
	}
	m->v[m->n].tok = t;
	m->v[m->n].kind = kind;
	if (variant_key(m, &m->v[m->n]) < 0) {
		free(m->v[m->n].bare);
		free(t);
		return -1;
	}
	m->n++;
	return 0;
}

static int
addf(rw_matcher *m, enum kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
addf(rw_matcher *m, enum kind kind, const char *fmt, ...)
{
	char buf[4 * MAX_WORD];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return 0;        /* a name this long is not searched in this form */
	return add_variant(m, buf, kind);
}

static int
is_particle(const char *w)
{
	static const char *const particles[] = {
		"d", "da", "de", "del", "della", "der", "des", "di", "du", "el", "la", "le", "van", "von",
	};
	size_t i;

	for (i = 0; i < N(particles); i++)
		if (!strcmp(w, particles[i]))
			return 1;
	return 0;
}

static int
all_upper_word(const char *w, size_t n)
{
	int letters = 0;
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)w + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			return 0;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LL: return 0;
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: letters++; break;
		default: break;
		}
		i += (size_t)k;
	}
	return letters >= 2;
}

/* Split a typed name into given names and surname, both in folded token
 * form.  The surname is the words in capitals when some are ("Jean-Guy
 * DUPONT MARTIN"), else the last word with the particles before it ("Marie
 * de La Fontaine").  given may come back empty ("Martin" alone). */
static int
split_name(const char *name, char **given, char **surname)
{
	char *copy = strdup(name), *words[32], *save = NULL, *w;
	size_t nw = 0, i, first_sur, caps = 0;
	int upper[32];
	char g[4 * MAX_WORD] = "", s[4 * MAX_WORD] = "";

	*given = *surname = NULL;
	if (!copy)
		return -1;
	for (w = strtok_r(copy, " \t", &save); w && nw < 32; w = strtok_r(NULL, " \t", &save)) {
		upper[nw] = all_upper_word(w, strlen(w));
		caps += (size_t)upper[nw];
		words[nw++] = w;
	}
	if (!nw) {
		free(copy);
		return 0;
	}
	if (caps && caps < nw) {
		for (first_sur = 0; first_sur < nw && !upper[first_sur]; first_sur++)
			;
	} else {
		first_sur = nw - 1;
		while (first_sur > 1) {       /* keep one given name at least */
			char *f = bare_tokens(words[first_sur - 1]);
			int part = f && is_particle(f);
			free(f);
			if (!part)
				break;
			first_sur--;
		}
	}
	for (i = 0; i < nw; i++) {
		char *dst = i < first_sur ? g : s;
		if (*dst)
			strncat(dst, " ", sizeof(g) - strlen(dst) - 1);
		strncat(dst, words[i], sizeof(g) - strlen(dst) - 1);
	}
	free(copy);
	*given = bare_tokens(g);
	*surname = bare_tokens(s);
	if (!*given || !*surname) {
		free(*given);
		free(*surname);
		*given = *surname = NULL;
		return -1;
	}
	return 0;
}

static int
remember(char ***list, size_t *n, const char *s)
{
	char **nl = realloc(*list, (*n + 1) * sizeof(**list));

	if (!nl)
		return -1;
	*list = nl;
	if (!(nl[*n] = strdup(s)))
		return -1;
	(*n)++;
	return 0;
}

/* All spellings of one name: given = "jean guy" (folded tokens), surname =
 * "dupont". */
static int
generate(rw_matcher *m, const char *given, const char *surname)
{
	char initials_sp[64] = "", initials[32] = "", first[MAX_WORD + 1];
	const char *p;
	size_t i, ni = 0;
	int rc = 0;

	if (!*surname)
		return 0;
	rc |= remember(&m->surnames, &m->nsurnames, surname);
	rc |= add_variant(m, surname, K_SURNAME);
	for (i = 0; i < N(titles); i++)
		rc |= addf(m, K_TITLE, "%s %s", titles[i], surname);
	if (m->p->title) {
		char *t = bare_tokens(m->p->title);
		if (!t)
			return -1;
		if (*t && strlen(t) < MAX_WORD) {
			rc |= addf(m, K_TITLE, "%s %s", t, surname);
			if (*given)
				rc |= addf(m, K_TITLE_FULL, "%s %s %s", t, given, surname);
		}
		free(t);
	}
	if (!*given)
		return rc;
	/* given names, one by one, and their initials: "jean guy" -> "j g", "jg" */
	for (p = given; *p && ni < 16; ) {
		size_t len = strcspn(p, " ");
		char word[MAX_WORD + 1];
		snprintf(word, sizeof(word), "%.*s", (int)len, p);
		rc |= remember(&m->given, &m->ngiven, word);
		initials[ni] = *p;
		initials[ni + 1] = '\0';
		snprintf(initials_sp + strlen(initials_sp), sizeof(initials_sp) - strlen(initials_sp),
		         "%s%c", ni ? " " : "", *p);
		ni++;
		p += len;
		while (*p == ' ')
			p++;
	}
	snprintf(first, sizeof(first), "%.*s", (int)strcspn(given, " "), given);
	rc |= addf(m, K_FULL, "%s %s", given, surname);
	rc |= addf(m, K_FULL, "%s %s", surname, given);
	for (i = 0; i < N(titles); i++) {
		rc |= addf(m, K_TITLE_FULL, "%s %s %s", titles[i], given, surname);
		rc |= addf(m, K_TITLE_FULL, "%s %s %s", titles[i], surname, given);
	}
	rc |= addf(m, K_INITIALS, "%s %s", initials_sp, surname);
	rc |= addf(m, K_INITIALS, "%s %s", surname, initials_sp);
	if (ni > 1) {
		/* "Jean-Guy" is also written "JG" */
		rc |= addf(m, K_INITIALS, "%s %s", initials, surname);
		rc |= addf(m, K_INITIALS, "%s %s", surname, initials);
	}
	for (i = 0; i < N(titles); i++)
		rc |= addf(m, K_TITLE_FULL, "%s %s %s", titles[i], initials_sp, surname);
	return rc;
}

static int
generate_name(rw_matcher *m, const char *name, const char *main_given)
{
	char *given, *surname;
	int rc;

	if (split_name(name, &given, &surname) < 0)
		return -1;
	if (!surname)
		return 0;
	/* a usage or maiden name given as a surname alone takes her first names */
	rc = generate(m, *given ? given : main_given ? main_given : "", surname);
	free(given);
	free(surname);
	return rc;
}

/* A city entry that is a region or country code qualifying the entry
 * before it ("Portland, OR", "London, ON", "Paris, FR"): 2 or 3 capitals. */
static int
region_code(const char *v)
{
	size_t n = strlen(v), i;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (v[i] < 'A' || v[i] > 'Z')
			return 0;
	return 1;
}

/* The places her cities may be, on first need (see places_lock). */
static void
places_ready(const rw_matcher *cm)
{
	rw_matcher *m = (rw_matcher *)cm;   /* logically const: filled once */
	const rw_practitioner *p = m->p;
	size_t i;

	if (__atomic_load_n(&m->places_ready, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&m->places_lock);
	if (!m->places_ready) {
		/* without a city of hers no place counts either way: the
		 * gazetteer (some 13 MB) is not read for her */
		m->gaz = p->ncities || p->city ? rw_gazetteer_shared() : NULL;
		for (i = 0; i < p->ncities && m->gaz; i++) {
			size_t before = m->ncity_places, got, k, kept;
			const char *code = i + 1 < p->ncities && region_code(p->cities[i + 1]) ? p->cities[i + 1] : NULL;
			if (i > 0 && region_code(p->cities[i]))
				continue;
			got = rw_places_find(m->gaz, p->cities[i], m->city_places + before, MAX_CITY_PLACES - before);
			if (got > MAX_CITY_PLACES - before)
				got = MAX_CITY_PLACES - before;
			for (k = kept = before; k < before + got; k++)
				if (!code || !strcasecmp(m->city_places[k]->admin1, code) ||
				    !strcasecmp(m->city_places[k]->country, code))
					m->city_places[kept++] = m->city_places[k];
			m->ncity_places = kept;
		}
		if (!p->ncities && p->city && m->gaz) {
			m->ncity_places = rw_places_find(m->gaz, p->city, m->city_places, MAX_CITY_PLACES);
			if (m->ncity_places > MAX_CITY_PLACES)
				m->ncity_places = MAX_CITY_PLACES;
		}
		__atomic_store_n(&m->places_ready, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&m->places_lock);
}

static int
learn_profile_words(rw_matcher *m)
{
	const rw_practitioner *p = m->p;
	size_t i;
	int rc = 0;

	m->spec = rw_specialty_find(p->specialty);
	if (m->spec) {
		for (i = 0; m->spec->people[i]; i++)
			rc |= wl_add_folded(&m->specialty, m->spec->people[i]);
		for (i = 0; m->spec->words[i]; i++)
			rc |= wl_add_folded(&m->specialty, m->spec->words[i]);
		for (i = 0; m->spec->names[i]; i++)
			rc |= wl_add_folded(&m->specialty, m->spec->names[i]);
	} else if (p->specialty) {
		rc |= wl_add(&m->specialty, p->specialty);
	}
	m->prof = rw_professions_shared();
	for (i = 0; i < p->ncities; i++)
		if (i == 0 || !region_code(p->cities[i]))   /* "Portland, OR": OR says which Portland */
			rc |= wl_add(&m->cities, p->cities[i]);
	if (!p->ncities && p->city)
		rc |= wl_add(&m->cities, p->city);
	for (i = 0; i < p->npractices; i++)
		rc |= wl_add(&m->practices, p->practices[i]);
	for (i = 0; i < p->ncontext; i++)
		rc |= wl_add(&m->context, p->context[i]);
	if (p->rpps)
		rc |= wl_add(&m->numbers, p->rpps);
	if (p->adeli)
		rc |= wl_add(&m->numbers, p->adeli);
	/* "100 0123 4567" as typed is also searched without its spaces */
	for (i = 0; i < m->numbers.n; i++)
		if (strchr(m->numbers.w[i], ' ')) {
			char d[MAX_WORD + 1], *o = d;
			const char *s;
			for (s = m->numbers.w[i]; *s; s++)
				if (*s != ' ')
					*o++ = *s;
			*o = '\0';
			rc |= wl_add_folded(&m->numbers, d);
		}
	if (p->nhomonyms) {
		m->homonyms = calloc(p->nhomonyms, sizeof(*m->homonyms));
		if (!m->homonyms)
			return -1;
		m->nhomonyms = p->nhomonyms;
		for (i = 0; i < p->nhomonyms; i++) {
			size_t j;
			m->homonyms[i].label = p->homonyms[i].label;
			for (j = 0; j < p->homonyms[i].nwords; j++)
				rc |= wl_add(&m->homonyms[i].words, p->homonyms[i].words[j]);
		}
	}
	return rc;
}

rw_matcher *
rw_matcher_new(const rw_practitioner *p)
{
	rw_matcher *m = calloc(1, sizeof(*m));
	char *main_given = NULL, *main_surname = NULL;
	size_t i;

	if (!m)
		return NULL;
	m->p = p;
	pthread_mutex_init(&m->places_lock, NULL);
	if (!p->name || split_name(p->name, &main_given, &main_surname) < 0)
		goto oom;
	if (generate(m, main_given ? main_given : "", main_surname ? main_surname : "") < 0)
		goto oom;
	for (i = 0; i < p->nnames; i++)
		if (generate_name(m, p->names[i], main_given) < 0)
			goto oom;
	for (i = 0; i < p->nvariants; i++) {
		char *t = bare_tokens(p->variants[i]);
		int rc;
		if (!t)
			goto oom;
		/* one word typed as a variant is a surname: it needs a title or context */
		rc = add_variant(m, t, strchr(t, ' ') ? K_USER : K_SURNAME);
		if (rc == 0 && !strchr(t, ' '))
			rc = remember(&m->surnames, &m->nsurnames, t);
		free(t);
		if (rc < 0)
			goto oom;
	}
	if (learn_profile_words(m) < 0)
		goto oom;
	free(main_given);
	free(main_surname);
	return m;
oom:
	free(main_given);
	free(main_surname);
	rw_matcher_free(&m);
	return NULL;
}

void
rw_matcher_free(rw_matcher **mp)
{
	rw_matcher *m;
	size_t i;

	if (!mp || !*mp)
		return;
	m = *mp;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].tok);
		free(m->v[i].bare);
	}
	free(m->v);
	for (i = 0; i < m->nkeys; i++)
		free(m->keys[i]);
	free(m->keys);
	for (i = 0; i < m->nsurnames; i++)
		free(m->surnames[i]);
	free(m->surnames);
	for (i = 0; i < m->ngiven; i++)
		free(m->given[i]);
	free(m->given);
	wl_free(&m->specialty);
	wl_free(&m->cities);
	wl_free(&m->practices);
	wl_free(&m->context);
	wl_free(&m->numbers);
	wl_free(&m->notme_words);
	wl_free(&m->notme_sources);
	for (i = 0; i < m->nhomonyms; i++)
		wl_free(&m->homonyms[i].words);
	free(m->homonyms);
	pthread_mutex_destroy(&m->places_lock);
	free(m);
	*mp = NULL;
}

size_t
rw_matcher_nvariants(const rw_matcher *m)
{
	return m->n;
}

const char *
rw_matcher_variant(const rw_matcher *m, size_t i)
{
	return i < m->n ? m->v[i].bare : NULL;
}

const char *
rw_matcher_variant_kind(const rw_matcher *m, size_t i)
{
	return i < m->n ? kinds[m->v[i].kind].name : NULL;
}

int
rw_matcher_add_rule(rw_matcher *m, const char *kind, const char *value)
{
	if (!strcmp(kind, "word"))
		return wl_add(&m->notme_words, value);
	if (!strcmp(kind, "source"))
		return wl_add_max(&m->notme_sources, value, MAX_SOURCE_URL) < 0 ? -1 : 0;
	return -1;
}

/* ---- context ---- */

struct scan_state {
	const rw_matcher *m;
	const char *text, *tok;
	const size_t *map;
	size_t hit_pos, hit_len;     /* the hit in tok (" variant "); 0, 0: none */
	const char *text_named_as;   /* another hit of the text was said to be this */
	const char *named_as;        /* out: what this hit is said to be, if not hers */
	int pro, con;                /* context for and against, whole text */
	int homonym_word;            /* a homonym's or a not-me word is in the text */
	char why_for[160], why_against[160];
};

static void
note(char *buf, size_t size, const char *what, const char *word)
{
	size_t n = strlen(buf);

	if (n + 4 >= size)
		return;
	snprintf(buf + n, size - n, "%s" RW_REASON_WORD " '%s'", n ? ", " : "", what, word);
}

/* The byte after the character of text that starts at off. */
static size_t
char_end(const char *text, size_t off)
{
	if (text[off])
		off++;
	while (text[off] && ((unsigned char)text[off] & 0xC0) == 0x80)
		off++;
	return off;
}

/* Is the character of the original text at byte off a capital letter? */
static int
capital_at(const char *text, size_t off)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + off, -1, &cp);

	if (k <= 0)
		return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int
any_word(const struct scan_state *st, const struct wordlist *l, const char **which)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (find_word(st->tok, l->w[i], NULL)) {
			*which = l->w[i];
			return 1;
		}
	return 0;
}

/* Is word (len bytes at w) a word of one of her surnames? */
static int
her_surname_word(const rw_matcher *m, const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < m->nsurnames; i++) {
		const char *s = m->surnames[i];
		while (*s) {
			size_t n = strcspn(s, " ");
			if (n == len && !strncmp(s, w, len))
				return 1;
			s += n + (s[n] == ' ');
		}
	}
	return 0;
}

/* ... or one of her given names? */
static int
her_given_word(const rw_matcher *m, const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < m->ngiven; i++)
		if (strlen(m->given[i]) == len && !strncmp(m->given[i], w, len))
			return 1;
	return 0;
}

/* Is word (len bytes at w) one of the words of her names?  A surname that
 * is also a place or a trade ("Dr Jeanne Paris", "Dr Boulanger") says
 * nothing of where or what. */
static int
her_name_word(const rw_matcher *m, const char *w, size_t len)
{
	return her_surname_word(m, w, len) || her_given_word(m, w, len);
}

/* Does the original text end a sentence between token positions a < b of
 * the window?  "!", "?", ";", a line break, or a dot after a word of three
 * letters or more ("Dr.", "N.D." and "M.A." end nothing). */
static int
sentence_ends(const struct scan_state *st, size_t a, size_t b)
{
	size_t i, from = st->map[a], to = st->map[b], letters = 0;

	for (i = from; i < to && st->text[i]; i++) {
		char c = st->text[i];
		if (c == '!' || c == '?' || c == ';' || c == '\n' || c == '|')
			return 1;
		if (c == '.' && letters >= 3)
			return 1;
		letters = (unsigned char)c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? letters + 1 : 0;
	}
	return 0;
}

/* Is the word at token position w "attached" to the hit: among the few
 * words just before or after it, in the same sentence? */
static int
attached(const struct scan_state *st, size_t w)
{
	size_t i, words = 0;

	if (!st->hit_len)
		return 0;
	if (w >= st->hit_pos + st->hit_len - 1) {
		for (i = st->hit_pos + st->hit_len - 1; i < w; i++)
			words += st->tok[i] == ' ';
		return words <= ATTACHED_AFTER && !sentence_ends(st, st->hit_pos + st->hit_len - 1, w);
	}
	if (w < st->hit_pos) {
		for (i = w; i < st->hit_pos; i++)
			words += st->tok[i] == ' ';
		return words <= ATTACHED_BEFORE && !sentence_ends(st, w, st->hit_pos + 1);
	}
	return 0;
}

/* The folded word before token position w (a word start), or "". */
static void
prev_word(const char *tok, size_t w, char *out, size_t size)
{
	size_t end = w ? w - 1 : 0, start = end;

	out[0] = '\0';
	while (start > 0 && tok[start - 1] != ' ')
		start--;
	if (end > start && end - start < size) {
		memcpy(out, tok + start, end - start);
		out[end - start] = '\0';
	}
}

/* Is the profession at token position w said with a determiner that
 * points at someone already known ("le notaire", "my lawyer", "the
 * pharmacist"), not of the person reviewed ("Excellent ostéopathe")? */
static int
someone_elses(const char *tok, size_t w)
{
	static const char *const dets[] = {
		"her", "his", "l", "la", "le", "ma", "mon", "my", "notre", "our", "sa", "son", "the", "their", "votre", "your",
	};
	char before[MAX_WORD];

	prev_word(tok, w, before, sizeof(before));
	return in_list(before, dets, N(dets));
}

/* Is a place found in the text (its name: len bytes at w) one of hers
 * (1: one of her cities, inside one, or one containing hers), a neighbour
 * of hers (2: within NEIGHBOUR_KM, "Lyon" for a doctor in Villeurbanne),
 * or neither (0)? */
static int
her_place(const rw_matcher *m, const char *w, size_t len)
{
	const rw_place *cand[32];
	char name[MAX_WORD + 1];
	size_t n, i, j;
	int near = 0;

	if (len > MAX_WORD)
		return 0;
	memcpy(name, w, len);
	name[len] = '\0';
	for (i = 0; i < m->cities.n; i++)
		if (!strcmp(m->cities.w[i], name))
			return 1;
	n = rw_places_find(m->gaz, name, cand, 32);
	for (i = 0; i < n && i < 32; i++)
		for (j = 0; j < m->ncity_places; j++) {
			if (rw_place_inside(cand[i], m->city_places[j]) || rw_place_inside(m->city_places[j], cand[i]))
				return 1;
			near |= rw_place_near(cand[i], m->city_places[j], NEIGHBOUR_KM);
		}
	return near ? 2 : 0;
}

/* What the words of the window say of where and what the person named is:
 * her places, other places (said as places: after "in", "à", "de"...,
 * or followed by their region's code), other professions (a non-health
 * one, or another specialty's practitioner when hers is known), each
 * attached to the hit or only nearby.  Words of her names are skipped. */
struct around {
	const char *own_place;        /* a place of hers, as found */
	int own_prof_attached;        /* her specialty said of the person named */
	const char *other_place, *other_place_near;
	const char *other_prof, *other_prof_near;
};

/* Words between the end of the hit and token position w (after it). */
static size_t
words_after_hit(const struct scan_state *st, size_t w)
{
	size_t i, words = 0;

	for (i = st->hit_pos + st->hit_len - 1; i < w; i++)
		words += st->tok[i] == ' ';
	return words;
}

static void
look_around(const struct scan_state *st, struct around *ar, const char **words, size_t max, size_t *nwords)
{
	static _Thread_local char place_word[MAX_WORD + 1], place_near[MAX_WORD + 1];
	const rw_matcher *m = st->m;
	size_t w;
	int blocked = 0;      /* after the hit, another person came in: a title, another practitioner */

	memset(ar, 0, sizeof(*ar));
	places_ready(m);
	for (w = 1; st->tok[w]; w++) {
		size_t len = 0, k;
		const rw_specialty *sp;
		const rw_place *pl;
		int after = st->hit_len && w >= st->hit_pos + st->hit_len - 1;
		if (st->tok[w - 1] != ' ' || st->tok[w] == ' ')
			continue;
		if (st->hit_len && w > st->hit_pos && w < st->hit_pos + st->hit_len - 1)
			continue;     /* inside the hit */
		len = strcspn(st->tok + w, " ");
		if (her_name_word(m, st->tok + w, len))
			continue;
		if (after) {
			char word[MAX_WORD + 1];
			snprintf(word, sizeof(word), "%.*s", (int)len, st->tok + w);
			if (in_list(word, titles, N(titles)))
				blocked = 1;
		}
		if (m->prof && (sp = rw_professions_at(m->prof, st->tok + w, &len)) && (!sp->health || m->spec)) {
			int shared = sp == m->spec;
			char word[MAX_WORD + 1];
			snprintf(word, sizeof(word), "%.*s", (int)len, st->tok + w);
			for (k = 0; k < m->specialty.n && !shared; k++)
				shared = !strcmp(m->specialty.w[k], word);
			if (shared) {
				if (attached(st, w))
					ar->own_prof_attached = 1;
			} else {
				const char *name = NULL;
				for (k = 0; sp->people[k] && !name; k++)
					if (strlen(sp->people[k]) == len && !strncmp(sp->people[k], st->tok + w, len))
						name = sp->people[k];
				if (name && words && *nwords < max && !in_list(name, words, *nwords))
					words[(*nwords)++] = name;
				/* "RN", "ND" after a name are letters of a degree as much as a trade */
				if (name && len > 3 && attached(st, w) && (!after || words_after_hit(st, w) <= ATTACHED_PROFESSION))
					ar->other_prof = name;
				else if (name) {
					if (!ar->other_prof_near && !someone_elses(st->tok, w))
						ar->other_prof_near = name;
					if (after)
						blocked = 1;
				}
			}
		}
		if (m->gaz && capital_at(st->text, st->map[w]) && (pl = rw_places_at(m->gaz, st->tok + w, &len))) {
			char before[MAX_WORD], next[16];
			size_t a = w + len;
			int said_as_place, near;
			int hers = her_place(m, st->tok + w, len);
			if (hers == 2)
				continue;
			if (hers) {
				if (!ar->own_place) {
					snprintf(place_word, sizeof(place_word), "%.*s", (int)len, st->tok + w);
					ar->own_place = place_word;
				}
				continue;
			}
			prev_word(st->tok, w, before, sizeof(before));
			next[0] = '\0';
			if (st->tok[a] == ' ' && st->tok[a + 1])
				snprintf(next, sizeof(next), "%.*s", (int)strcspn(st->tok + a + 1, " "), st->tok + a + 1);
			/* "à Lyon", "Lyon 69003", "Portland OR": a word that is a place
			 * name too ("Avis 3 sur le Dr X") is not said as one by a number
			 * too short to be a postcode (4 digits in BE, CH, LU; 5 in FR, US) */
			said_as_place = in_list_sorted(before) ||
			                (*next && (!strcasecmp(next, pl->admin1) ||
			                           (strlen(next) >= 4 && strspn(next, "0123456789") == strlen(next))));
			if (!said_as_place)
				continue;
			if (words && *nwords < max && !in_list(pl->name, words, *nwords))
				words[(*nwords)++] = pl->name;
			if (!m->ncity_places)
				continue;
			/* where the person named is: before the name, close; after it,
			 * in the same sentence before anyone else comes in */
			near = after ? !blocked && words_after_hit(st, w) <= ATTACHED_PLACE &&
			               !sentence_ends(st, st->hit_pos + st->hit_len - 1, w)
			             : attached(st, w);
			if (near) {
				snprintf(place_near, sizeof(place_near), "%.*s", (int)len, st->tok + w);
				ar->other_place = place_near;
			} else if (!ar->other_place_near && !ar->other_place) {
				snprintf(place_near, sizeof(place_near), "%.*s", (int)len, st->tok + w);
				ar->other_place_near = place_near;
			}
		}
	}
}

static void
context(struct scan_state *st)
{
	const rw_matcher *m = st->m;
	const char *w;
	struct around ar;
	size_t i;
	int own_city, against_attached = 0;

	look_around(st, &ar, NULL, 0, NULL);
	if (any_word(st, &m->specialty, &w)) {
		st->pro += 1;
		note(st->why_for, sizeof(st->why_for), N_("specialty"), w);
	}
	own_city = any_word(st, &m->cities, &w);
	if (!own_city && ar.own_place) {
		own_city = 1;
		w = ar.own_place;
	}
	if (own_city) {
		st->pro += 1;
		note(st->why_for, sizeof(st->why_for), N_("city"), w);
	}
	if (any_word(st, &m->practices, &w)) {
		st->pro += 2;
		note(st->why_for, sizeof(st->why_for), N_("practice"), w);
	}
	if (any_word(st, &m->numbers, &w)) {
		st->pro += 3;
		note(st->why_for, sizeof(st->why_for), N_("number"), w);
	}
	if (any_word(st, &m->context, &w)) {
		st->pro += 1;
		note(st->why_for, sizeof(st->why_for), N_("context word"), w);
	}
	for (i = 0; i < m->nhomonyms; i++)
		if (any_word(st, &m->homonyms[i].words, &w)) {
			st->con += 3;
			st->homonym_word = 1;
			note(st->why_against, sizeof(st->why_against),
			     m->homonyms[i].label ? m->homonyms[i].label : N_("homonym"), w);
		}
	for (i = 0; i < m->notme_words.n; i++)
		if (find_word(st->tok, m->notme_words.w[i], NULL)) {
			st->con += 3;
			st->homonym_word = 1;
			note(st->why_against, sizeof(st->why_against), N_("not-me word"), m->notme_words.w[i]);
		}
	/* another profession or place said of the person named is someone
	 * else: -4 once, whatever else is said of them; only nearby, -1 */
	if (ar.other_prof && ar.own_prof_attached) {
		st->con += 1;    /* "Dr X, cardiologue, ancienne dermatologue": both said */
		note(st->why_against, sizeof(st->why_against), N_("also named as"), ar.other_prof);
	} else if (ar.other_prof) {
		against_attached = 1;
		st->named_as = ar.other_prof;
		note(st->why_against, sizeof(st->why_against), N_("named as"), ar.other_prof);
	} else if (ar.other_prof_near) {
		st->con += 1;
		note(st->why_against, sizeof(st->why_against), N_("other profession"), ar.other_prof_near);
	}
	/* a place counts against only when hers are known and none is named */
	if (!own_city && ar.other_place) {
		against_attached = 1;
		if (!st->named_as)
			st->named_as = ar.other_place;
		note(st->why_against, sizeof(st->why_against), N_("placed in"), ar.other_place);
	} else if (!own_city && ar.other_place_near) {
		st->con += 1;
		note(st->why_against, sizeof(st->why_against), N_("other city"), ar.other_place_near);
	}
	if (!against_attached && st->text_named_as) {
		against_attached = 1;
		note(st->why_against, sizeof(st->why_against), N_("named in this text as"), st->text_named_as);
	}
	if (against_attached)
		st->con += 4;
}

/* The token before token position pos (pos is a space), as a folded word,
 * and its offset in the original text; 0 when there is none. */
static int
word_before(const struct scan_state *st, size_t pos, char *word, size_t size, size_t *orig)
{
	size_t end = pos, start;

	if (pos == 0)
		return 0;
	start = end;
	while (start > 0 && st->tok[start - 1] != ' ')
		start--;
	if (start == end || end - start >= size)
		return 0;
	memcpy(word, st->tok + start, end - start);
	word[end - start] = '\0';
	*orig = st->map[start];
	return 1;
}

static int
word_after(const struct scan_state *st, size_t pos, char *word, size_t size, size_t *orig)
{
	size_t start = pos + 1, end;

	if (!st->tok[pos] || !st->tok[start])
		return 0;
	end = start + strcspn(st->tok + start, " ");
	if (end - start >= size)
		return 0;
	memcpy(word, st->tok + start, end - start);
	word[end - start] = '\0';
	*orig = st->map[start];
	return 1;
}


/* A capitalised word that is none of hers next to a surname: "Marie
 * Dupont", "DUPONT Marie".  before: look at the word before the hit too
 * (not after a title: "Contacté, Dr Dupont" names no Contacté). */
static const char *
other_first_name(const struct scan_state *st, size_t pos, size_t len, const char *surname_tok, int before)
{
	static _Thread_local char word[MAX_WORD];   /* returned; the scan analyses on several threads */
	size_t orig, i;

	if (before && word_before(st, pos, word, sizeof(word), &orig) && capital_at(st->text, orig) &&
	    !in_list(word, not_first_names, N(not_first_names)) &&
	    !in_list(word, titles, N(titles))) {
		int hers = 0;
		for (i = 0; i < st->m->ngiven && !hers; i++)
			hers = !strcmp(word, st->m->given[i]);
		if (!hers)
			return word;
	}
	/* "DUPONT Marie": a surname in capitals followed by a capitalised word */
	if (word_after(st, pos + len - 1, word, sizeof(word), &orig) && capital_at(st->text, orig) &&
	    !all_upper_word(st->text + orig, strcspn(st->text + orig, " ,.;:!?")) &&
	    !in_list(word, not_first_names, N(not_first_names))) {
		size_t s = st->map[pos + len - 1 - strlen(surname_tok)];
		int hers = 0;
		if (!all_upper_word(st->text + s, char_end(st->text, st->map[pos + len - 2]) - s))
			return NULL;
		for (i = 0; i < st->m->ngiven && !hers; i++)
			hers = !strcmp(word, st->m->given[i]);
		if (!hers)
			return word;
	}
	return NULL;
}

/* "Marie-Jeanne Dupont", "Jeanne Dupont-Lefort": the name is glued to
 * another word by a hyphen, so it is another name. */
static int
glued(const char *text, size_t start, size_t end)
{
	if (start >= 2 && text[start - 1] == '-' && text[start - 2] != ' ' && text[start - 2] != '-')
		return 1;
	if (text[end] == '-' && text[end + 1] && text[end + 1] != ' ' && text[end + 1] != '-')
		return 1;
	return 0;
}

struct raw_hit {
	size_t pos, len, v;
};

/* A given name of hers that is also a word ("Claire", "Hope", "Pierre")
 * is not her given name beside her surname when it is written in
 * lowercase while the surname is capitalised ("Dr Fictif, claire et
 * nette", "I hope Tenbury"), or when a sentence ends between them ("Dr
 * Fictif. Claire et précise").  1: the hit r (a spelling with her given
 * names) is not hers as spelled; a shorter spelling inside it may be. */
static int
given_misread(const rw_matcher *m, const char *text, const char *tok, const size_t *map, const struct raw_hit *r)
{
	struct scan_state st;
	size_t w, end = r->pos + r->len - 1, prev = 0;
	int prev_class = 0, given_lower = 0, surname_upper = 0;   /* class: 1 given, 2 surname, 0 other */

	if (m->v[r->v].kind != K_FULL && m->v[r->v].kind != K_TITLE_FULL)
		return 0;
	memset(&st, 0, sizeof(st));
	st.text = text;
	st.tok = tok;
	st.map = map;
	for (w = r->pos + 1; w < end; w += strcspn(tok + w, " ") + 1) {
		size_t len = strcspn(tok + w, " ");
		int cls = her_surname_word(m, tok + w, len) ? 2 : her_given_word(m, tok + w, len) ? 1 : 0;
		if (cls == 1 && !capital_at(text, map[w]))
			given_lower = 1;
		if (cls == 2 && capital_at(text, map[w]))
			surname_upper = 1;
		if (cls && prev_class && cls != prev_class && sentence_ends(&st, prev, w))
			return 1;
		if (cls) {
			prev_class = cls;
			prev = w;
		}
	}
	return given_lower && surname_upper;
}

static void
judge(struct scan_state *st, const struct variant *v, size_t pos, rw_match *h, int rejected_source)
{
	const char *tok = v->tok, *other;
	size_t len = strlen(tok);
	int base = kinds[v->kind].base, score;
	char surname[MAX_WORD];

	h->score = score = base + st->pro - st->con;
	h->elsewhere = st->named_as || st->text_named_as || st->homonym_word;
	h->confidence = score >= 3 ? RW_CONF_HIGH : score == 2 ? RW_CONF_MEDIUM : score == 1 ? RW_CONF_LOW : RW_CONF_NONE;
	snprintf(h->reason, sizeof(h->reason), RW_REASON_WORD " '%.*s' (%+d)", kinds[v->kind].name, (int)len - 2,
	         tok + 1, base);
	if (*st->why_for)
		snprintf(h->reason + strlen(h->reason), sizeof(h->reason) - strlen(h->reason),
		         "; " RW_REASON_WORD " %s (%+d)", N_("for:"), st->why_for, st->pro);
	if (*st->why_against)
		snprintf(h->reason + strlen(h->reason), sizeof(h->reason) - strlen(h->reason),
		         "; " RW_REASON_WORD " %s (-%d)", N_("against:"), st->why_against, st->con);
	if (rejected_source) {
		h->confidence = RW_CONF_NONE;
		h->elsewhere = 1;
		snprintf(h->reason + strlen(h->reason), sizeof(h->reason) - strlen(h->reason),
		         "; " RW_REASON_WORD, N_("rejected: you marked this source as not you"));
		return;
	}
	if (glued(st->text, h->start, h->end)) {
		h->confidence = RW_CONF_NONE;
		snprintf(h->reason + strlen(h->reason), sizeof(h->reason) - strlen(h->reason),
		         "; " RW_REASON_WORD, N_("rejected: part of a longer hyphenated name"));
		return;
	}
	snprintf(surname, sizeof(surname), "%.*s", (int)len - 2, tok + 1);
	if ((v->kind == K_SURNAME || v->kind == K_TITLE) &&
	    (other = other_first_name(st, pos, len, v->kind == K_SURNAME ? surname : strchr(surname, ' ') + 1,
	                              v->kind == K_SURNAME))) {
		h->confidence = RW_CONF_NONE;
		h->elsewhere = 1;
		snprintf(h->reason + strlen(h->reason), sizeof(h->reason) - strlen(h->reason),
		         "; " RW_REASON_WORD " '%s'", N_("rejected: next to another first name"), other);
		return;
	}
	if (v->kind == K_SURNAME && st->pro < 1) {
		h->confidence = RW_CONF_NONE;
		snprintf(h->reason + strlen(h->reason), sizeof(h->reason) - strlen(h->reason),
		         "; " RW_REASON_WORD, N_("rejected: a surname alone needs a title or context"));
		return;
	}
	snprintf(h->reason + strlen(h->reason), sizeof(h->reason) - strlen(h->reason),
	         "; " RW_REASON_WORD " %d: " RW_REASON_WORD, N_("score"), score,
	         h->confidence ? rw_confidence_name(h->confidence) : N_("rejected"));
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct raw_hit *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return 0;
}

/* The context of hit r in text (tok its token form, map back to text):
 * the words around it, not the whole text (an article may name several
 * people).  named_as: what another hit of the same text was said to be, or
 * NULL.  Returns the window st->tok points into (free it after judge()),
 * or NULL when memory ran out. */
static char *
hit_context(const rw_matcher *m, const char *text, const char *tok, const size_t *map, const struct raw_hit *r,
            struct scan_state *st, const char *named_as)
{
	size_t ws = r->pos, we = r->pos + r->len - 1, words;
	char *window;

	for (words = 0; ws > 0 && words <= CONTEXT_WORDS; ws--)
		words += tok[ws - 1] == ' ';
	for (words = 0; tok[we + 1] && words <= CONTEXT_WORDS; we++)
		words += tok[we + 1] == ' ';
	if (!(window = strndup(tok + ws, we + 1 - ws)))
		return NULL;
	memset(st, 0, sizeof(*st));
	st->m = m;
	st->text = text;
	st->tok = window;
	st->map = map + ws;
	st->hit_pos = r->pos - ws;
	st->hit_len = r->len;
	st->text_named_as = named_as;
	context(st);
	return window;
}

int
rw_matcher_scan(const rw_matcher *m, const char *text, const char *source, rw_match_set *out)
{
	char *tok;
	int r;

	out->n = 0;
	out->best = -1;
	if (!text || !*text)
		return 0;
	if (!(tok = rw_text_tokens(text, NULL)))
		return -1;
	r = rw_matcher_scan_tokens(m, text, tok, source, out);
	free(tok);
	return r;
}

int
rw_matcher_scan_tokens(const rw_matcher *m, const char *text, const char *shared_tok, const char *source,
                       rw_match_set *out)
{
	struct scan_state st;
	struct raw_hit raw[4 * RW_MATCH_MAX_HITS];
	size_t *map = NULL, nraw = 0, i, j, covered_to = 0;
	char named_as[MAX_WORD + 1] = "", *window;
	unsigned char key_seen[256];
	char *tok;
	int accepted = 0, rejected_source = 0;

	out->n = 0;
	out->best = -1;
	if (!text || !*text || !shared_tok)
		return 0;
	/* most texts hold none of her words: one search per key word, not
	 * one per variant (there are dozens) */
	if (m->nkeys > sizeof(key_seen))
		memset(key_seen, 1, sizeof(key_seen));
	else
		for (i = 0; i < m->nkeys; i++)
			key_seen[i] = strstr(shared_tok, m->keys[i]) != NULL;
	for (i = 0; i < m->n && nraw < N(raw); i++) {
		const char *hit = shared_tok;
		if (m->v[i].key < sizeof(key_seen) && !key_seen[m->v[i].key])
			continue;
		while (nraw < N(raw) && (hit = strstr(hit, m->v[i].tok))) {
			raw[nraw].pos = (size_t)(hit - shared_tok);
			raw[nraw].len = strlen(m->v[i].tok);
			raw[nraw].v = i;
			nraw++;
			hit++;
		}
	}
	if (!nraw)
		return 0;
	/* found: the same token form again, with its map back to text */
	if (!(tok = rw_text_tokens(text, &map)))
		return -1;
	for (i = j = 0; i < nraw; i++)
		if (!given_misread(m, text, tok, map, &raw[i]))
			raw[j++] = raw[i];
	if (!(nraw = j)) {
		free(tok);
		free(map);
		return 0;
	}
	/* longest first at each place; a hit inside a kept one is dropped */
	qsort(raw, nraw, sizeof(raw[0]), cmp_hit);
	if (source)
		for (i = 0; i < m->notme_sources.n && !rejected_source; i++)
			rejected_source = !strcmp(m->notme_sources.w[i], source);
	/* a text names one person: another profession or place said of one of
	 * its hits is said of all of them ("Dr X, naturopath in Oakville" in a
	 * page's title, "Dr X" alone on the next line) */
	if (nraw > 1)
		for (i = 0, covered_to = 0; i < nraw && !*named_as; i++) {
			if (raw[i].pos + 1 < covered_to)
				continue;
			covered_to = raw[i].pos + raw[i].len;
			if (!(window = hit_context(m, text, tok, map, &raw[i], &st, NULL)))
				goto oom;
			if (st.named_as)
				snprintf(named_as, sizeof(named_as), "%s", st.named_as);
			free(window);
		}
	for (i = 0, covered_to = 0; i < nraw && out->n < RW_MATCH_MAX_HITS; i++) {
		rw_match *h = &out->hits[out->n];
		if (raw[i].pos + 1 < covered_to)
			continue;
		covered_to = raw[i].pos + raw[i].len;
		/* the token form is " variant ": its first and last letters are at
		 * pos + 1 and pos + len - 2 */
		memset(h, 0, sizeof(*h));
		h->start = map[raw[i].pos + 1];
		h->end = char_end(text, map[raw[i].pos + raw[i].len - 2]);
		h->variant = m->v[raw[i].v].bare;
		h->kind = kinds[m->v[raw[i].v].kind].name;
		h->practitioner = m->p->id;
		if (!(window = hit_context(m, text, tok, map, &raw[i], &st, *named_as ? named_as : NULL)))
			goto oom;
		judge(&st, &m->v[raw[i].v], st.hit_pos, h, rejected_source);
		free(window);
		if (h->confidence != RW_CONF_NONE) {
			accepted++;
			if (out->best < 0 || h->score > out->hits[out->best].score)
				out->best = (int)out->n;
		}
		out->n++;
	}
	free(tok);
	free(map);
	return accepted;
oom:
	free(tok);
	free(map);
	return -1;
}

int
rw_matcher_find(const rw_matcher *m, const char *text, rw_match *out)
{
	rw_match_set *set = malloc(sizeof(*set));
	int r;

	if (!set)
		return -1;
	r = rw_matcher_scan(m, text, NULL, set);
	if (r > 0 && out)
		*out = set->hits[set->best];
	free(set);
	return r < 0 ? -1 : r > 0;
}

size_t
rw_matcher_words_against(const rw_matcher *m, const char *text, const char **words, size_t max)
{
	struct scan_state st;
	struct around ar;
	size_t *map = NULL, n = 0, i, j;
	char *tok;

	if (!text || !max || !(tok = rw_text_tokens(text, &map)))
		return 0;
	memset(&st, 0, sizeof(st));
	st.m = m;
	st.text = text;
	st.tok = tok;
	st.map = map;
	for (i = 0; i < m->nhomonyms; i++)
		for (j = 0; j < m->homonyms[i].words.n && n < max; j++)
			if (find_word(tok, m->homonyms[i].words.w[j], NULL))
				words[n++] = m->homonyms[i].words.w[j];
	look_around(&st, &ar, words, max, &n);
	free(tok);
	free(map);
	return n;
}
