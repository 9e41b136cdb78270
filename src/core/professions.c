/* SPDX-License-Identifier: MIT */
#include "professions.h"
#include "datadir.h"
#include "inifile.h"
#include "log.h"
#include "text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS_AT 5
#define MAX_FORM 256

struct entry {
	const char *form;        /* folded, no outer spaces; owned by the row's lists */
	size_t row;
};

struct row {
	char **lists[4];         /* names, people, words, myths: NULL-terminated, owned */
	char *id;
};

struct rw_professions {
	rw_specialty *spec;
	struct row *rows;
	size_t n;
	struct entry *byname;    /* names and people, sorted */
	size_t nbyname;
	struct entry *people;    /* people, en and fr names, sorted */
	size_t npeople;
};

char *
rw_professions_fold(const char *s)
{
	char *t = rw_text_tokens(s, NULL);
	size_t n;

	if (!t)
		return NULL;
	n = strlen(t);
	if (n && t[n - 1] == ' ')
		t[--n] = '\0';
	memmove(t, t + (t[0] == ' '), n + 1 - (t[0] == ' '));
	return t;
}

/* Append the comma-separated entries of v, folded (fold) or trimmed, to a
 * NULL-terminated list; "-" is no entry.  0 or -1. */
static int
add_entries(char ***list, size_t *n, const char *v, int fold)
{
	const char *p = v;

	while (*p) {
		size_t len = strcspn(p, ",");
		char raw[MAX_FORM], *e, **nl;
		size_t i;
		while (len && (*p == ' '))
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		if (len && len < sizeof(raw) && !(len == 1 && *p == '-')) {
			memcpy(raw, p, len);
			raw[len] = '\0';
			if (!(e = fold ? rw_professions_fold(raw) : strdup(raw)))
				return -1;
			for (i = 0; i < *n && strcmp((*list)[i], e); i++)
				;
			if (!*e || i < *n) {
				free(e);
			} else {
				if (!(nl = realloc(*list, (*n + 2) * sizeof(*nl)))) {
					free(e);
					return -1;
				}
				*list = nl;
				nl[(*n)++] = e;
				nl[*n] = NULL;
			}
		}
		p += strcspn(p, ",");
		p += *p == ',';
	}
	if (!*list && !(*list = calloc(1, sizeof(**list))))
		return -1;
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->form, y->form);

	return c ? c : x->row < y->row ? -1 : x->row > y->row;
}

static int
push(struct entry **tab, size_t *n, const char *form, size_t row)
{
	struct entry *nt = realloc(*tab, (*n + 1) * sizeof(*nt));

	if (!nt)
		return -1;
	*tab = nt;
	nt[*n].form = form;
	nt[*n].row = row;
	(*n)++;
	return 0;
}

enum { C_EN, C_FR, C_ALIASES, C_ID, C_PEOPLE, C_WORDS, C_MYTHS, C_KIND, NCOLS };

static const char *const colnames[NCOLS] = { "en", "fr", "aliases", "id", "people", "words", "myths", "kind" };

rw_professions *
rw_professions_load(const char *path, rw_err *err)
{
	rw_professions *p = calloc(1, sizeof(*p));
	char *text = NULL, *line, *next;
	size_t len, i, j;
	int col[NCOLS], header = 0;

	if (!p) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (rw_ini_read_file(path, RW_PROFESSIONS_MAX_FILE, &text, &len, err))
		goto fail;
	for (i = 0; i < NCOLS; i++)
		col[i] = -1;
	for (line = text; line && *line; line = next) {
		char *f[16];
		size_t nf = 0;
		struct row *r;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		if (!*line || *line == '#')
			continue;
		for (f[nf++] = line; nf < 16 && (line = strchr(line, '\t')); f[nf++] = ++line)
			*line = '\0';
		if (!header) {
			for (i = 0; i < nf; i++)
				for (j = 0; j < NCOLS; j++)
					if (!strcmp(f[i], colnames[j]))
						col[j] = (int)i;
			if (col[C_ID] < 0) {
				rw_err_set(err, RW_E_USAGE, "%s: no id column (the header names the columns: %s)", path,
				           "en, fr, aliases, id, people, words, myths, kind");
				goto fail;
			}
			header = 1;
			continue;
		}
		if (p->n >= RW_PROFESSIONS_MAX) {
			rw_err_set(err, RW_E_USAGE, "%s: more than %d rows", path, RW_PROFESSIONS_MAX);
			goto fail;
		}
		if ((size_t)col[C_ID] >= nf || !*f[col[C_ID]])
			continue;
		{
			struct row *nr = realloc(p->rows, (p->n + 1) * sizeof(*nr));
			if (!nr)
				goto nomem;
			p->rows = nr;
		}
		r = &p->rows[p->n];
		memset(r, 0, sizeof(*r));
		p->n++;
#define COL(c) (col[c] >= 0 && (size_t)col[c] < nf ? f[col[c]] : "")
		{
			size_t nn = 0, np = 0, nw = 0, nm = 0;
			if (!(r->id = strdup(COL(C_ID))) ||
			    add_entries(&r->lists[0], &nn, COL(C_EN), 1) < 0 ||
			    add_entries(&r->lists[0], &nn, COL(C_FR), 1) < 0 ||
			    add_entries(&r->lists[0], &nn, COL(C_ALIASES), 1) < 0 ||
			    add_entries(&r->lists[0], &nn, COL(C_ID), 1) < 0 ||
			    add_entries(&r->lists[1], &np, COL(C_EN), 1) < 0 ||
			    add_entries(&r->lists[1], &np, COL(C_FR), 1) < 0 ||
			    add_entries(&r->lists[1], &np, COL(C_PEOPLE), 1) < 0 ||
			    add_entries(&r->lists[2], &nw, COL(C_WORDS), 1) < 0 ||
			    add_entries(&r->lists[3], &nm, COL(C_MYTHS), 0) < 0)
				goto nomem;
		}
		{
			rw_specialty *ns = realloc(p->spec, p->n * sizeof(*ns));
			if (!ns)
				goto nomem;
			p->spec = ns;
		}
		/* health unless the row says other */
		p->spec[p->n - 1].health = strcmp(COL(C_KIND), "other") != 0;
#undef COL
	}
	if (!header) {
		rw_err_set(err, RW_E_USAGE, "%s: empty (a header line names the columns)", path);
		goto fail;
	}
	for (i = 0; i < p->n; i++) {
		struct row *r = &p->rows[i];
		p->spec[i].id = r->id;
		p->spec[i].names = (const char *const *)r->lists[0];
		p->spec[i].people = (const char *const *)r->lists[1];
		p->spec[i].words = (const char *const *)r->lists[2];
		p->spec[i].myths = (const char *const *)r->lists[3];
		for (j = 0; r->lists[0][j]; j++)
			if (push(&p->byname, &p->nbyname, r->lists[0][j], i) < 0)
				goto nomem;
		for (j = 0; r->lists[1][j]; j++)
			if (push(&p->byname, &p->nbyname, r->lists[1][j], i) < 0 ||
			    push(&p->people, &p->npeople, r->lists[1][j], i) < 0)
				goto nomem;
	}
	if (p->nbyname)
		qsort(p->byname, p->nbyname, sizeof(*p->byname), cmp_entry);
	if (p->npeople)
		qsort(p->people, p->npeople, sizeof(*p->people), cmp_entry);
	free(text);
	return p;
nomem:
	rw_err_set(err, RW_E_NOMEM, "out of memory");
fail:
	free(text);
	rw_professions_free(&p);
	return NULL;
}

void
rw_professions_free(rw_professions **pp)
{
	rw_professions *p;
	size_t i, j, k;

	if (!pp || !*pp)
		return;
	p = *pp;
	for (i = 0; i < p->n; i++) {
		for (k = 0; k < 4; k++) {
			for (j = 0; p->rows[i].lists[k] && p->rows[i].lists[k][j]; j++)
				free(p->rows[i].lists[k][j]);
			free(p->rows[i].lists[k]);
		}
		free(p->rows[i].id);
	}
	free(p->rows);
	free(p->spec);
	free(p->byname);
	free(p->people);
	free(p);
	*pp = NULL;
}

static rw_professions *shared;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void
load_shared(void)
{
	char path[4096];
	rw_err err = { 0 };

	if (!rw_data_path("specialties.tsv", path, sizeof(path)))
		return;
	if (!(shared = rw_professions_load(path, &err)))
		rw_log(RW_LOG_WARN, "match", "%s: specialties are not known, so they count neither for nor against "
		       "anyone (reinstall repwatch?)", err.msg);
}

const rw_professions *
rw_professions_shared(void)
{
	pthread_once(&shared_once, load_shared);
	return shared;
}

/* The first entry of tab whose form is form, or NULL. */
static const struct entry *
lookup(const struct entry *tab, size_t n, const char *form)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (strcmp(tab[m].form, form) < 0)
			a = m + 1;
		else
			b = m;
	}
	return a < n && !strcmp(tab[a].form, form) ? &tab[a] : NULL;
}

const rw_specialty *
rw_professions_find(const rw_professions *p, const char *name)
{
	const struct entry *e;
	char *form;
	size_t i;

	if (!p || !name || !(form = rw_professions_fold(name)))
		return NULL;
	e = lookup(p->byname, p->nbyname, form);
	free(form);
	if (e)
		return &p->spec[e->row];
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->spec[i].id, name))
			return &p->spec[i];
	return NULL;
}

const rw_specialty *
rw_professions_all(const rw_professions *p, size_t *n)
{
	*n = p ? p->n : 0;
	return p ? p->spec : NULL;
}

const rw_specialty *
rw_professions_at(const rw_professions *p, const char *tok, size_t *len)
{
	const char *end = tok, *ends[MAX_WORDS_AT];
	size_t nw = 0;
	int i;

	if (!p || !*tok || *tok == ' ')
		return NULL;
	while (nw < MAX_WORDS_AT && *end && *end != ' ') {
		end += strcspn(end, " ");
		ends[nw++] = end;
		if (*end == ' ')
			end++;
	}
	for (i = (int)nw - 1; i >= 0; i--) {
		char form[MAX_FORM];
		size_t n = (size_t)(ends[i] - tok);
		const struct entry *e;
		if (n >= sizeof(form))
			continue;
		memcpy(form, tok, n);
		form[n] = '\0';
		if ((e = lookup(p->people, p->npeople, form))) {
			*len = n;
			return &p->spec[e->row];
		}
	}
	return NULL;
}

const rw_specialty *
rw_specialty_find(const char *name)
{
	return rw_professions_find(rw_professions_shared(), name);
}

const rw_specialty *
rw_specialty_all(size_t *n)
{
	return rw_professions_all(rw_professions_shared(), n);
}
