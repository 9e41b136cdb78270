/* SPDX-License-Identifier: MIT */
#include "sources.h"
#include "buf.h"
#include "category.h"
#include "datadir.h"
#include "inifile.h"
#include "msgid.h"
#include "paths.h"
#include "text.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#define SPECIALTIES_MAX 1000
#define EXPAND_MAX (64u << 10)

const char *const rw_sources_placeholders[] = {
	"name", "quoted_name", "surname", "city", "specialty", "rpps", "tag",
	"url", "bsky_handle", "youtube_channel_id", NULL,
};
/* Placeholders the profile cannot give: the user supplies them per source. */
static const char *const user_placeholders[] = { "url", "bsky_handle", "youtube_channel_id", NULL };

struct var {
	char *name, *value;
};

struct rw_vars {
	struct var *v;
	size_t n;
};

struct specialty {
	char **names;        /* one per language column; "" when none */
	char **folded;       /* folded names and aliases */
	size_t nfolded;
};

struct rw_sources {
	rw_template **templates;
	size_t ntemplates;
	rw_route *routes;
	size_t nroutes;
	char **spec_langs;   /* the language columns of specialties.tsv */
	size_t nspec_langs;
	struct specialty *spec;
	size_t nspec;
};

/* ---------------------------------------------------------------- helpers */

static int
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* "a, b,c" -> trimmed non-empty items */
static int
split_commas(const char *s, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	while (s && *s) {
		const char *q = strchr(s, ',');
		size_t len = q ? (size_t)(q - s) : strlen(s);
		const char *b = s, *e = s + len;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b) {
			char **nv = realloc(*out, (*n + 1) * sizeof(**out));
			if (!nv)
				return -1;
			*out = nv;
			if (!(nv[*n] = strndup(b, (size_t)(e - b))))
				return -1;
			(*n)++;
		}
		if (!q)
			break;
		s = q + 1;
	}
	return 0;
}

/* Find the next {placeholder} (letters, digits, _) in s from *pos: returns 1
 * and its span (braces included) in *b, *e. */
static int
next_placeholder(const char *s, size_t *b, size_t *e)
{
	const char *p = s + *b;

	while ((p = strchr(p, '{'))) {
		const char *q = p + 1;
		while (*q == '_' || islower((unsigned char)*q) || isdigit((unsigned char)*q))
			q++;
		if (*q == '}' && q > p + 1) {
			*b = (size_t)(p - s);
			*e = (size_t)(q - s) + 1;
			return 1;
		}
		p++;
	}
	return 0;
}

static int
has_templates(const char *dir)
{
	struct stat st;
	char *p;
	int r;

	if (asprintf(&p, "%s/templates", dir) < 0)
		return 0;
	r = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	return r;
}

char *
rw_sources_data_dir(rw_err *err)
{
	int from_env;
	const char *dir = rw_data_dir(&from_env);
	char *out;

	if (!has_templates(dir)) {
		if (from_env)
			rw_err_set(err, RW_E_IO, "REPWATCH_DATADIR is '%s', which has no templates/ folder: "
			           "point it at repwatch's feeds/ folder, or unset it", dir);
		else
			rw_err_set(err, RW_E_IO, "repwatch's source templates are missing (looked in '%s/templates'): "
			           "reinstall repwatch, or set REPWATCH_DATADIR to its feeds/ folder (an uninstalled build: "
			           "meson devenv)", dir);
		return NULL;
	}
	if (!(out = strdup(dir)))
		rw_err_set(err, RW_E_NOMEM, "out of memory");
	return out;
}

char *
rw_sources_user_dir(rw_err *err)
{
	return rw_paths_user_optional(RW_DIR_CONFIG, "templates", err);
}

/* ---------------------------------------------------------------- templates */

static void
template_free(rw_template *t)
{
	size_t i;

	if (!t)
		return;
	free(t->id);
	free(t->name);
	free(t->url);
	free(t->lang);
	free(t->category);
	free_list(t->requires, t->nrequires);
	free(t->verified_note);
	free(t->description);
	free(t->description_fr);
	free(t->format_note);
	free(t->note);
	free(t->query);
	free(t->instructions);
	free(t->instructions_fr);
	for (i = 0; i < t->nextract; i++) {
		free(t->extract[i].key);
		free(t->extract[i].value);
	}
	free(t->extract);
	free(t->path);
	free(t);
}

/* What a check of one data file needs to say where a problem is. */
struct checker {
	const char *path;
	const rw_ini *ini;
	rw_err *err;
};

static int
entry_line(const rw_ini *ini, const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < ini->n; i++)
		if (!strcmp(ini->entries[i].section, section) && !strcmp(ini->entries[i].key, key))
			return ini->entries[i].line;
	return 0;
}

static int
bad(struct checker *c, const char *section, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
bad(struct checker *c, const char *section, const char *key, const char *fmt, ...)
{
	char why[600];
	va_list ap;
	int line = key ? entry_line(c->ini, section, key) : 0;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), rw_tr(fmt), ap);
	va_end(ap);
	if (!key)
		return rw_err_set(c->err, RW_E_USAGE, "%s: [%s]: %s", c->path, section, why);
	if (!line)
		return rw_err_set(c->err, RW_E_USAGE, "%s: [%s] has no '%s' key: %s", c->path, section, key, why);
	return rw_err_set(c->err, RW_E_USAGE, "%s:%d: [%s].%s: %s", c->path, line, section, key, why);
}

/* A copy of a key's value; *out NULL when absent.  required: absent is an error. */
static int
take(struct checker *c, const char *section, const char *key, int required, char **out)
{
	const char *v = rw_ini_get(c->ini, section, key);

	*out = NULL;
	if (!v)
		return required ? bad(c, section, key, N_("required (see feeds/templates/README.md)")) : RW_OK;
	if (!(*out = strdup(v)))
		return rw_err_set(c->err, RW_E_NOMEM, "out of memory");
	return RW_OK;
}

static int
yes_no(struct checker *c, const char *section, const char *key, int *out)
{
	const char *v = rw_ini_get(c->ini, section, key);

	if (!v)
		return bad(c, section, key, N_("required: yes or no"));
	if (!strcmp(v, "yes"))
		*out = 1;
	else if (!strcmp(v, "no"))
		*out = 0;
	else
		return bad(c, section, key, N_("'%s': expected yes or no"), v);
	return RW_OK;
}

/* Every {placeholder} in the value of key is known. */
static int
check_placeholders(struct checker *c, const char *section, const char *key, const char *text)
{
	size_t b = 0, e;

	while (text && next_placeholder(text, &b, &e)) {
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)(e - b - 2), text + b + 1);
		if (!in_list(rw_sources_placeholders, name))
			return bad(c, section, key, N_("unknown placeholder {%s}"), name);
		b = e;
	}
	return RW_OK;
}

static int
requires_has(const rw_template *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nrequires; i++)
		if (!strcmp(t->requires[i], name))
			return 1;
	return 0;
}

static int
check_url(struct checker *c, rw_template *t)
{
	size_t b = 0, e;

	if (t->kind == RW_KIND_ALERT_SLOT) {
		if (*t->url)
			return bad(c, "template", "url", N_("must be empty for kind = alert-slot (the user pastes it)"));
		return RW_OK;
	}
	if (!*t->url)
		return bad(c, "template", "url", N_("empty: only kind = alert-slot has no URL"));
	if (strstr(t->url, "{url}") && strcmp(t->url, "{url}"))
		return bad(c, "template", "url", N_("{url} must be the whole value (url = {url})"));
	if (strcmp(t->url, "{url}") && strncmp(t->url, "https://", 8) && strncmp(t->url, "http://", 7))
		return bad(c, "template", "url", N_("'%s' does not start with https:// or http://"), t->url);
	if (strpbrk(t->url, " \t\n\"<>\\^`|"))
		return bad(c, "template", "url", N_("characters that must be percent-encoded (space, quote...)"));
	if (check_placeholders(c, "template", "url", t->url))
		return RW_E_USAGE;
	while (next_placeholder(t->url, &b, &e)) {
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)(e - b - 2), t->url + b + 1);
		if (!requires_has(t, name) && !(!strcmp(name, "quoted_name") && requires_has(t, "name")))
			return bad(c, "template", "requires", N_("{%s} is used in url but not listed in requires"), name);
		b = e;
	}
	return RW_OK;
}

static int
read_extract(struct checker *c, rw_template *t)
{
	const rw_ini *ini = c->ini;
	const char *v;
	size_t i;

	for (i = 0; i < ini->n; i++) {
		rw_extract_rule *nr;
		if (strcmp(ini->entries[i].section, "extract"))
			continue;
		if (!(nr = realloc(t->extract, (t->nextract + 1) * sizeof(*nr))))
			return rw_err_set(c->err, RW_E_NOMEM, "out of memory");
		t->extract = nr;
		nr[t->nextract].key = strdup(ini->entries[i].key);
		nr[t->nextract].value = strdup(ini->entries[i].value);
		t->nextract++;
		if (!nr[t->nextract - 1].key || !nr[t->nextract - 1].value)
			return rw_err_set(c->err, RW_E_NOMEM, "out of memory");
	}
	if (t->kind != RW_KIND_PAGE) {
		if (t->nextract)
			return bad(c, "extract", NULL, N_("only kind = page templates have extraction rules"));
		return RW_OK;
	}
	if ((v = rw_ini_get(ini, "extract", "parser")) && strcmp(v, "html") && strcmp(v, "xml"))
		return bad(c, "extract", "parser", N_("'%s': expected html or xml"), v);
	v = rw_ini_get(ini, "extract", "schema_org");
	if (v && strcmp(v, "yes") && strcmp(v, "no"))
		return bad(c, "extract", "schema_org", N_("'%s': expected yes or no"), v);
	if (!(v && !strcmp(v, "yes")) && !rw_ini_get(ini, "extract", "items"))
		return bad(c, "extract", "items", N_("required unless schema_org = yes: an XPath for the items"));
	for (i = 0; i < 2; i++) {
		const char *k = i ? "rating_worst" : "rating_best";
		char *end;
		double d;
		if (!(v = rw_ini_get(ini, "extract", k)))
			continue;
		d = rw_text_strtod(v, &end);
		if (end == v || *end || !(d >= 0 && d <= 1000) || (!i && d <= 0))
			return bad(c, "extract", k, N_("'%s': expected a number (the rating scale, e.g. 5)"), v);
	}
	return RW_OK;
}

/* Build and check the template of one parsed file.  file_id: the file name
 * without .ini. */
static int
make_template(struct checker *c, const char *file_id, int user, rw_template **out)
{
	rw_template *t = calloc(1, sizeof(*t));
	char *kind = NULL, *requires = NULL;
	const char *id;
	size_t i;
	int rc;

	*out = NULL;
	if (!t)
		return rw_err_set(c->err, RW_E_NOMEM, "out of memory");
	t->user = user;
	for (i = 0; i < c->ini->nsections; i++)
		if (strcmp(c->ini->sections[i], "template") && strcmp(c->ini->sections[i], "extract")) {
			rc = bad(c, c->ini->sections[i], NULL, N_("unknown section (known: [template], [extract])"));
			goto out;
		}
	if ((rc = take(c, "template", "id", 1, &t->id)))
		goto out;
	id = t->id;
	if (!*id || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(id)) {
		rc = bad(c, "template", "id", N_("'%s': use lower-case letters, digits and '-'"), id);
		goto out;
	}
	if (strcmp(id, file_id)) {
		rc = bad(c, "template", "id", N_("'%s' differs from the file name ('%s.ini'): rename one"), id, file_id);
		goto out;
	}
	if ((rc = take(c, "template", "name", 1, &t->name)) || (rc = take(c, "template", "kind", 1, &kind)) ||
	    (rc = take(c, "template", "url", 1, &t->url)) || (rc = take(c, "template", "lang", 1, &t->lang)) ||
	    (rc = take(c, "template", "category", 1, &t->category)) ||
	    (rc = take(c, "template", "requires", 1, &requires)) ||
	    (rc = yes_no(c, "template", "default", &t->is_default)) ||
	    (rc = yes_no(c, "template", "verified", &t->verified)) ||
	    (rc = take(c, "template", "verified_note", !t->verified, &t->verified_note)) ||
	    (rc = take(c, "template", "description", 1, &t->description)) ||
	    (rc = take(c, "template", "description_fr", 1, &t->description_fr)) ||
	    (rc = take(c, "template", "format_note", 0, &t->format_note)) ||
	    (rc = take(c, "template", "note", 0, &t->note)))
		goto out;
	if (!strcmp(kind, "feed"))
		t->kind = RW_KIND_FEED;
	else if (!strcmp(kind, "page"))
		t->kind = RW_KIND_PAGE;
	else if (!strcmp(kind, "alert-slot"))
		t->kind = RW_KIND_ALERT_SLOT;
	else {
		rc = bad(c, "template", "kind", N_("'%s': expected feed, page or alert-slot"), kind);
		goto out;
	}
	if ((rc = take(c, "template", "query", 0, &t->query)) ||
	    (rc = take(c, "template", "instructions", t->kind == RW_KIND_ALERT_SLOT, &t->instructions)) ||
	    (rc = take(c, "template", "instructions_fr", t->kind == RW_KIND_ALERT_SLOT, &t->instructions_fr)))
		goto out;
	if (strcmp(t->lang, "fr") && strcmp(t->lang, "en") && strcmp(t->lang, "any")) {
		rc = bad(c, "template", "lang", N_("'%s': expected fr, en or any"), t->lang);
		goto out;
	}
	if (!rw_category_source_ok(t->category)) {
		char names[64];
		rc = bad(c, "template", "category", N_("'%s': expected one of %s"), t->category,
		         rw_category_source_names(names, sizeof(names)));
		goto out;
	}
	if (split_commas(requires, &t->requires, &t->nrequires) < 0) {
		rc = rw_err_set(c->err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < t->nrequires; i++)
		if (!in_list(rw_sources_placeholders, t->requires[i])) {
			rc = bad(c, "template", "requires", N_("unknown placeholder '%s'"), t->requires[i]);
			goto out;
		}
	if ((rc = check_url(c, t)) || (rc = check_placeholders(c, "template", "query", t->query)) ||
	    (rc = check_placeholders(c, "template", "instructions", t->instructions)) ||
	    (rc = check_placeholders(c, "template", "instructions_fr", t->instructions_fr)) ||
	    (rc = read_extract(c, t)))
		goto out;
	if (!(t->path = strdup(c->path))) {
		rc = rw_err_set(c->err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	*out = t;
	t = NULL;
out:
	free(kind);
	free(requires);
	template_free(t);
	return rc;
}

/* Parse and check one data file: limits first (a line libinih would split
 * or cut must not be read silently wrong), then libinih. */
static int
read_ini(const char *path, rw_ini *ini, char **text, rw_err *err)
{
	size_t len;
	int rc;

	*text = NULL;
	if ((rc = rw_ini_read_file(path, RW_SOURCES_MAX_FILE, text, &len, err)))
		return rc;
	if ((rc = rw_ini_check_limits(path, *text, len, err)) ||
	    (rc = rw_ini_parse(path, *text, len, RW_SOURCES_MAX_VALUE, ini, err))) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
add_template(rw_sources *s, rw_template *t, rw_err *err)
{
	rw_template **nt;
	size_t i;

	for (i = 0; i < s->ntemplates; i++)
		if (!strcmp(s->templates[i]->id, t->id)) {
			template_free(s->templates[i]);
			s->templates[i] = t;
			return RW_OK;
		}
	if (s->ntemplates >= RW_SOURCES_MAX_TEMPLATES) {
		rw_err_set(err, RW_E_USAGE, "more than %d templates (at '%s'): remove some", RW_SOURCES_MAX_TEMPLATES,
		           t->path);
		template_free(t);
		return RW_E_USAGE;
	}
	if (!(nt = realloc(s->templates, (s->ntemplates + 1) * sizeof(*nt)))) {
		template_free(t);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	s->templates = nt;
	nt[s->ntemplates++] = t;
	return RW_OK;
}

/* Every NAME.ini in dir, in name order.  A missing user dir is no error. */
static int
load_template_dir(rw_sources *s, const char *dir, int user, rw_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int rc = RW_OK;

	if (!d) {
		if (user && errno == ENOENT)
			return RW_OK;
		return rw_err_set(err, RW_E_IO, "cannot read the template folder '%s': %s", dir, strerror(errno));
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **nn;
		if (len < 5 || strcmp(de->d_name + len - 4, ".ini") || de->d_name[0] == '.')
			continue;
		if (n >= RW_SOURCES_MAX_TEMPLATES) {
			rc = rw_err_set(err, RW_E_USAGE, "more than %d files in '%s': remove some",
			                RW_SOURCES_MAX_TEMPLATES, dir);
			break;
		}
		if (!(nn = realloc(names, (n + 1) * sizeof(*nn))) || !(nn[n] = strdup(de->d_name))) {
			if (nn)
				names = nn;
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			break;
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n && !rc; i++) {
		char *path = NULL, *text = NULL, *file_id;
		rw_template *t = NULL;
		rw_ini ini;
		struct checker c;
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			break;
		}
		file_id = names[i];
		file_id[strlen(file_id) - 4] = '\0';
		if (!(rc = read_ini(path, &ini, &text, err))) {
			c.path = path;
			c.ini = &ini;
			c.err = err;
			if (!(rc = make_template(&c, file_id, user, &t)))
				rc = add_template(s, t, err);
			rw_ini_clear(&ini);
		}
		free(text);
		free(path);
	}
	free_list(names, n);
	return rc;
}

static int
cmp_template(const void *a, const void *b)
{
	return strcmp((*(rw_template *const *)a)->id, (*(rw_template *const *)b)->id);
}

/* ---------------------------------------------------------------- routes */

static void
route_clear(rw_route *r)
{
	free(r->id);
	free(r->name);
	free(r->route);
	free_list(r->templates, r->ntemplates);
	free(r->alert_query);
	free(r->why);
	free(r->why_fr);
	free(r->instead);
	free(r->instead_fr);
	free(r->origin);
}

static int
load_routes(rw_sources *s, const char *path, rw_err *err)
{
	static const char *const kinds[] = { "feed", "page", "alert", "mailbox", "owner", "none", NULL };
	struct checker c;
	rw_ini ini;
	char *text = NULL, *list = NULL;
	size_t i, j;
	int rc;

	if (access(path, F_OK) < 0 && errno == ENOENT)
		return RW_OK;
	if ((rc = read_ini(path, &ini, &text, err)))
		return rc;
	c.path = path;
	c.ini = &ini;
	c.err = err;
	if (ini.nsections > RW_SOURCES_MAX_ROUTES) {
		rc = rw_err_set(err, RW_E_USAGE, "%s: more than %d places", path, RW_SOURCES_MAX_ROUTES);
		goto out;
	}
	if (!(s->routes = calloc(ini.nsections ? ini.nsections : 1, sizeof(*s->routes)))) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < ini.nsections; i++) {
		const char *sec = ini.sections[i];
		rw_route *r = &s->routes[s->nroutes++];
		int line = 0;
		for (j = 0; j < ini.n && !line; j++)
			if (!strcmp(ini.entries[j].section, sec))
				line = ini.entries[j].line;
		if (!(r->id = strdup(sec)) || asprintf(&r->origin, "%s:%d", path, line) < 0) {
			r->origin = NULL;
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
		if ((rc = take(&c, sec, "name", 1, &r->name)) || (rc = take(&c, sec, "route", 1, &r->route)) ||
		    (rc = take(&c, sec, "alert_query", 0, &r->alert_query)) ||
		    (rc = take(&c, sec, "why", 1, &r->why)) || (rc = take(&c, sec, "why_fr", 1, &r->why_fr)) ||
		    (rc = take(&c, sec, "instead", 1, &r->instead)) ||
		    (rc = take(&c, sec, "instead_fr", 1, &r->instead_fr)) ||
		    (rc = take(&c, sec, "templates",
		               strcmp(r->route, "none") && strcmp(r->route, "mailbox") && strcmp(r->route, "owner"), &list)))
			goto out;
		if (!in_list(kinds, r->route)) {
			rc = bad(&c, sec, "route", "'%s': expected feed, page, alert, mailbox, owner or none", r->route);
			goto out;
		}
		if (split_commas(list, &r->templates, &r->ntemplates) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
		free(list);
		list = NULL;
		for (j = 0; j < r->ntemplates; j++)
			if (!rw_sources_find(s, r->templates[j])) {
				rc = bad(&c, sec, "templates", "no template '%s' in the template folders", r->templates[j]);
				goto out;
			}
		if ((rc = check_placeholders(&c, sec, "alert_query", r->alert_query)) ||
		    (rc = check_placeholders(&c, sec, "instead", r->instead)) ||
		    (rc = check_placeholders(&c, sec, "instead_fr", r->instead_fr)))
			goto out;
	}
out:
	free(list);
	rw_ini_clear(&ini);
	free(text);
	return rc;
}

/* ---------------------------------------------------------------- specialties */

static int
load_specialties(rw_sources *s, const char *path, rw_err *err)
{
	char *text = NULL, *line, *save = NULL;
	size_t len, i;
	int rc, aliases_col = -1;

	if (access(path, F_OK) < 0 && errno == ENOENT)
		return RW_OK;
	if ((rc = rw_ini_read_file(path, RW_SOURCES_MAX_FILE, &text, &len, err)))
		return rc;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char **cols = NULL;
		size_t ncols = 0;
		char *p = line, *tab;
		struct specialty *sp;
		line[strcspn(line, "\r")] = '\0';
		if (!*line || *line == '#')
			continue;
		for (;;) {
			char **nc = realloc(cols, (ncols + 1) * sizeof(*cols));
			if (!nc)
				goto nomem;
			cols = nc;
			tab = strchr(p, '\t');
			if (tab)
				*tab = '\0';
			cols[ncols++] = p;
			if (!tab)
				break;
			p = tab + 1;
		}
		if (!s->spec_langs) {
			/* the header: language columns, then "aliases" */
			for (i = 0; i < ncols; i++) {
				if (!strcmp(cols[i], "aliases")) {
					aliases_col = (int)i;
					break;
				}
			}
			s->nspec_langs = aliases_col >= 0 ? (size_t)aliases_col : ncols;
			if (!(s->spec_langs = calloc(s->nspec_langs + 1, sizeof(char *))))
				goto nomem;
			for (i = 0; i < s->nspec_langs; i++)
				if (!(s->spec_langs[i] = strdup(cols[i])))
					goto nomem;
			free(cols);
			continue;
		}
		if (s->nspec >= SPECIALTIES_MAX) {
			free(cols);
			rc = rw_err_set(err, RW_E_USAGE, "%s: more than %d specialties", path, SPECIALTIES_MAX);
			goto out;
		}
		{
			struct specialty *ns = realloc(s->spec, (s->nspec + 1) * sizeof(*ns));
			if (!ns)
				goto nomem;
			s->spec = ns;
		}
		sp = &s->spec[s->nspec++];
		memset(sp, 0, sizeof(*sp));
		if (!(sp->names = calloc(s->nspec_langs + 1, sizeof(char *))))
			goto nomem;
		for (i = 0; i < s->nspec_langs; i++)
			if (!(sp->names[i] = strdup(i < ncols ? cols[i] : "")))
				goto nomem;
		{
			char **words = NULL;
			size_t nwords = 0;
			if (aliases_col >= 0 && (size_t)aliases_col < ncols &&
			    split_commas(cols[aliases_col], &words, &nwords) < 0) {
				free_list(words, nwords);
				goto nomem;
			}
			if (!(sp->folded = calloc(s->nspec_langs + nwords + 1, sizeof(char *)))) {
				free_list(words, nwords);
				goto nomem;
			}
			for (i = 0; i < s->nspec_langs + nwords; i++) {
				const char *w = i < s->nspec_langs ? sp->names[i] : words[i - s->nspec_langs];
				if (!*w)
					continue;
				if (!(sp->folded[sp->nfolded++] = rw_text_fold(w))) {
					free_list(words, nwords);
					goto nomem;
				}
			}
			free_list(words, nwords);
		}
		free(cols);
		continue;
nomem:
		free(cols);
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
out:
	free(text);
	return rc;
}

const char *
rw_sources_specialty(const rw_sources *s, const char *specialty, const char *lang)
{
	size_t i, j, col;
	char *f;

	if (!specialty || !s || !lang)
		return specialty;
	for (col = 0; col < s->nspec_langs && strcmp(s->spec_langs[col], lang); col++)
		;
	if (col == s->nspec_langs || !(f = rw_text_fold(specialty)))
		return specialty;
	for (i = 0; i < s->nspec; i++)
		for (j = 0; j < s->spec[i].nfolded; j++)
			if (!strcmp(s->spec[i].folded[j], f)) {
				free(f);
				return *s->spec[i].names[col] ? s->spec[i].names[col] : specialty;
			}
	free(f);
	return specialty;
}

/* ---------------------------------------------------------------- the set */

rw_sources *
rw_sources_load(const char *data_dir, const char *user_dir, rw_err *err)
{
	rw_sources *s = calloc(1, sizeof(*s));
	char *path = NULL;
	int rc;

	if (!s) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (asprintf(&path, "%s/templates", data_dir) < 0) {
		path = NULL;
		goto nomem;
	}
	if ((rc = load_template_dir(s, path, 0, err)))
		goto fail;
	if (user_dir && (rc = load_template_dir(s, user_dir, 1, err)))
		goto fail;
	if (s->ntemplates)
		qsort(s->templates, s->ntemplates, sizeof(*s->templates), cmp_template);
	free(path);
	if (asprintf(&path, "%s/routes/routes.ini", data_dir) < 0) {
		path = NULL;
		goto nomem;
	}
	if ((rc = load_routes(s, path, err)))
		goto fail;
	free(path);
	if (asprintf(&path, "%s/specialties.tsv", data_dir) < 0) {
		path = NULL;
		goto nomem;
	}
	if ((rc = load_specialties(s, path, err)))
		goto fail;
	free(path);
	return s;
nomem:
	rw_err_set(err, RW_E_NOMEM, "out of memory");
fail:
	free(path);
	rw_sources_free(&s);
	return NULL;
}

void
rw_sources_free(rw_sources **sp)
{
	rw_sources *s;
	size_t i;

	if (!sp || !*sp)
		return;
	s = *sp;
	for (i = 0; i < s->ntemplates; i++)
		template_free(s->templates[i]);
	free(s->templates);
	for (i = 0; i < s->nroutes; i++)
		route_clear(&s->routes[i]);
	free(s->routes);
	for (i = 0; i < s->nspec; i++) {
		free_list(s->spec[i].names, s->nspec_langs);
		free_list(s->spec[i].folded, s->spec[i].nfolded);
	}
	free(s->spec);
	free_list(s->spec_langs, s->nspec_langs);
	free(s);
	*sp = NULL;
}

size_t
rw_sources_ntemplates(const rw_sources *s)
{
	return s->ntemplates;
}

const rw_template *
rw_sources_template(const rw_sources *s, size_t i)
{
	return i < s->ntemplates ? s->templates[i] : NULL;
}

const rw_template *
rw_sources_find(const rw_sources *s, const char *id)
{
	size_t i;

	for (i = 0; id && i < s->ntemplates; i++)
		if (!strcmp(s->templates[i]->id, id))
			return s->templates[i];
	return NULL;
}

size_t
rw_sources_nroutes(const rw_sources *s)
{
	return s->nroutes;
}

const rw_route *
rw_sources_route(const rw_sources *s, size_t i)
{
	return i < s->nroutes ? &s->routes[i] : NULL;
}

const char *
rw_template_kind_name(rw_template_kind k)
{
	return k == RW_KIND_PAGE ? "page" : k == RW_KIND_ALERT_SLOT ? "alert-slot" : "feed";
}

static const char *
extract_get(const rw_template *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->nextract; i++)
		if (!strcmp(t->extract[i].key, key))
			return t->extract[i].value;
	return NULL;
}

int
rw_template_page_rules(const rw_template *t, rw_page_rules *out)
{
	const char *v;

	memset(out, 0, sizeof(*out));
	if (t->kind != RW_KIND_PAGE)
		return -1;
	out->xml = (v = extract_get(t, "parser")) && !strcmp(v, "xml");
	out->schema_org = (v = extract_get(t, "schema_org")) && !strcmp(v, "yes");
	out->items = extract_get(t, "items");
	out->title = extract_get(t, "title");
	out->link = extract_get(t, "link");
	out->date = extract_get(t, "date");
	out->text = extract_get(t, "text");
	out->rating = extract_get(t, "rating");
	out->author = extract_get(t, "author");
	out->subject = extract_get(t, "subject");
	out->next = extract_get(t, "next");
	/* checked numbers when the template was read (read_extract) */
	out->rating_best = (v = extract_get(t, "rating_best")) ? rw_text_strtod(v, NULL) : 0;
	out->rating_worst = (v = extract_get(t, "rating_worst")) ? rw_text_strtod(v, NULL) : -1;
	return 0;
}

const char *
rw_template_user_placeholder(const rw_template *t)
{
	size_t i;

	for (i = 0; i < t->nrequires; i++)
		if (in_list(user_placeholders, t->requires[i]))
			return t->requires[i];
	return NULL;
}

/* ---------------------------------------------------------------- placeholders */

rw_vars *
rw_vars_new(void)
{
	return calloc(1, sizeof(rw_vars));
}

void
rw_vars_free(rw_vars **vp)
{
	rw_vars *v;
	size_t i;

	if (!vp || !*vp)
		return;
	v = *vp;
	for (i = 0; i < v->n; i++) {
		free(v->v[i].name);
		free(v->v[i].value);
	}
	free(v->v);
	free(v);
	*vp = NULL;
}

int
rw_vars_set(rw_vars *v, const char *name, const char *value)
{
	char *copy = strdup(value ? value : "");
	struct var *nv;
	size_t i;

	if (!copy)
		return -1;
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i].name, name)) {
			free(v->v[i].value);
			v->v[i].value = copy;
			return 0;
		}
	if (!(nv = realloc(v->v, (v->n + 1) * sizeof(*nv)))) {
		free(copy);
		return -1;
	}
	v->v = nv;
	if (!(nv[v->n].name = strdup(name))) {
		free(copy);
		return -1;
	}
	nv[v->n++].value = copy;
	return 0;
}

const char *
rw_vars_get(const rw_vars *v, const char *name)
{
	size_t i;

	for (i = 0; v && i < v->n; i++)
		if (!strcmp(v->v[i].name, name))
			return *v->v[i].value ? v->v[i].value : NULL;
	return NULL;
}

char *
rw_sources_percent_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
	const unsigned char *p = nfc ? nfc : (const unsigned char *)s;
	rw_buf b;

	rw_buf_init(&b, EXPAND_MAX);
	for (; *p; p++) {
		int ok;
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			ok = rw_buf_addc(&b, (char)*p);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			ok = rw_buf_add(&b, e, 3);
		}
		if (ok < 0) {
			free(nfc);
			rw_buf_free(&b);
			return NULL;
		}
	}
	free(nfc);
	return rw_buf_steal(&b);
}

char *
rw_sources_tag(const char *name)
{
	char *f = rw_text_fold(name), *w = f, *r;

	if (!f)
		return NULL;
	for (r = f; *r; r++)
		if ((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9') || *r == '_')
			*w++ = *r;
	*w = '\0';
	return f;
}

char *
rw_sources_surname(const char *name)
{
	static const char *const particles[] = {
		"de", "du", "des", "d'", "le", "la", "les", "van", "von", "der", "den", "ter", "ten",
		"di", "da", "del", "della", "dos", "das", "do", "ben", "ibn", "el", "al", "mac", "st", NULL,
	};
	const char *end = name + strlen(name), *start, *prev;

	while (end > name && isspace((unsigned char)end[-1]))
		end--;
	start = end;
	while (start > name && !isspace((unsigned char)start[-1]))
		start--;
	for (;;) {
		const char *pe = start, *pb;
		char word[16];
		size_t i, n;
		while (pe > name && isspace((unsigned char)pe[-1]))
			pe--;
		pb = pe;
		while (pb > name && !isspace((unsigned char)pb[-1]))
			pb--;
		if (pb == pe || pb == name)   /* no word before, or it is the first name */
			break;
		n = (size_t)(pe - pb);
		if (n >= sizeof(word))
			break;
		for (i = 0; i < n; i++)
			word[i] = (char)tolower((unsigned char)pb[i]);
		word[n] = '\0';
		if (!in_list(particles, word))
			break;
		prev = pb;
		start = prev;
	}
	return strndup(start, (size_t)(end - start));
}

rw_vars *
rw_sources_vars(const rw_sources *s, const rw_practitioner *p, const char *lang)
{
	rw_vars *v = rw_vars_new();
	char *quoted = NULL, *surname = NULL, *tag = NULL;
	int bad_alloc;

	if (!v)
		return NULL;
	if (!lang || !strcmp(lang, "any"))
		lang = p->nlanguages ? p->languages[0] : "fr";
	if (p->name) {
		if (asprintf(&quoted, "\"%s\"", p->name) < 0)
			quoted = NULL;
		surname = rw_sources_surname(p->name);
		tag = rw_sources_tag(p->name);
	}
	bad_alloc = (p->name && (!quoted || !surname || !tag)) ||
	            rw_vars_set(v, "name", p->name) || rw_vars_set(v, "quoted_name", quoted) ||
	            rw_vars_set(v, "surname", surname) || rw_vars_set(v, "tag", tag) ||
	            rw_vars_set(v, "city", p->city) ||
	            rw_vars_set(v, "specialty", rw_sources_specialty(s, p->specialty, lang)) ||
	            rw_vars_set(v, "rpps", p->rpps);
	free(quoted);
	free(surname);
	free(tag);
	if (bad_alloc)
		rw_vars_free(&v);
	return v;
}

int
rw_sources_usable(const rw_template *t, const rw_vars *v, const char **missing)
{
	size_t i;

	for (i = 0; i < t->nrequires; i++)
		if (!rw_vars_get(v, t->requires[i])) {
			if (missing)
				*missing = t->requires[i];
			return 0;
		}
	return 1;
}

/* Replace placeholders in text.  encode: percent-encode values ({url}
 * excepted).  An unknown or empty placeholder gives "" and, if missing is
 * non-NULL, its name the first time. */
static char *
expand(const char *text, const rw_vars *v, int encode, char *missing, size_t missing_size)
{
	size_t pos = 0, b, e;
	rw_buf out;

	rw_buf_init(&out, EXPAND_MAX);
	for (;;) {
		char name[64];
		const char *val;
		char *enc = NULL;
		int r;
		b = pos;
		if (!next_placeholder(text, &b, &e)) {
			if (rw_buf_addstr(&out, text + pos) < 0)
				goto fail;
			break;
		}
		if (rw_buf_add(&out, text + pos, b - pos) < 0)
			goto fail;
		snprintf(name, sizeof(name), "%.*s", (int)(e - b - 2), text + b + 1);
		val = rw_vars_get(v, name);
		if (!val && missing && !*missing)
			snprintf(missing, missing_size, "%s", name);
		if (val && encode && strcmp(name, "url")) {
			if (!(enc = rw_sources_percent_encode(val)))
				goto fail;
			val = enc;
		}
		r = rw_buf_addstr(&out, val ? val : "");
		free(enc);
		if (r < 0)
			goto fail;
		pos = e;
	}
	return rw_buf_steal(&out);
fail:
	rw_buf_free(&out);
	return NULL;
}

char *
rw_sources_expand_text(const char *text, const rw_vars *v)
{
	return text ? expand(text, v, 0, NULL, 0) : NULL;
}

char *
rw_sources_expand_url(const rw_template *t, const rw_vars *v, rw_err *err)
{
	const char *missing = NULL;
	char miss[64] = "", *url;
	const unsigned char *p;

	if (t->kind == RW_KIND_ALERT_SLOT) {
		rw_err_set(err, RW_E_USAGE, "template '%s' is an alert slot: its address comes from the alert "
		           "service (see its instructions), not from the template", t->id);
		return NULL;
	}
	if (!rw_sources_usable(t, v, &missing)) {
		rw_err_set(err, RW_E_USAGE, "template '%s' needs a value for {%s}", t->id, missing);
		return NULL;
	}
	if (!(url = expand(t->url, v, 1, miss, sizeof(miss)))) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (*miss) {
		rw_err_set(err, RW_E_USAGE, "template '%s' needs a value for {%s}", t->id, miss);
		free(url);
		return NULL;
	}
	if (strncasecmp(url, "https://", 8) && strncasecmp(url, "http://", 7) &&
	    !(!strcmp(t->url, "{url}") && !strncasecmp(url, "file://", 7))) {
		rw_err_set(err, RW_E_USAGE, "'%s' is not an http:// or https:// address (template '%s')", url, t->id);
		free(url);
		return NULL;
	}
	for (p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f) {
			rw_err_set(err, RW_E_USAGE, "'%s' holds a space or a control character: "
			           "write spaces as %%20 (template '%s')", url, t->id);
			free(url);
			return NULL;
		}
	return url;
}

size_t
rw_sources_select_defaults(const rw_sources *s, const rw_practitioner *p, const rw_template **out, size_t max)
{
	static char *const fallback[] = { "fr", "en" };
	char *const *langs = p->nlanguages ? p->languages : fallback;
	size_t nlangs = p->nlanguages ? p->nlanguages : 2, i, j, n = 0;

	for (i = 0; i < s->ntemplates; i++) {
		const rw_template *t = s->templates[i];
		rw_vars *v;
		int lang_ok = !strcmp(t->lang, "any"), usable;
		for (j = 0; j < nlangs && !lang_ok; j++)
			lang_ok = !strcmp(t->lang, langs[j]);
		if (!t->is_default || !lang_ok)
			continue;
		if (!(v = rw_sources_vars(s, p, t->lang)))
			continue;
		usable = rw_sources_usable(t, v, NULL);
		rw_vars_free(&v);
		if (!usable)
			continue;
		if (n < max)
			out[n] = t;
		n++;
	}
	return n;
}
