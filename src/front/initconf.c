/* SPDX-License-Identifier: MIT */
/* initconf.c - the configuration `repwatch init` and the tray's first-run
 * set-up write: see initconf.h. */
#include "initconf.h"
#include "conffile.h"
#include "i18n.h"
#include "read.h"
#include "rw-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROFILE_VALUE_MAX 150
#define MAX_SELECTED 128

/* A profile value the configuration can hold on one line as typed. */
static int
check_value(const char *what, const char *v, rw_err *err)
{
	const unsigned char *p;

	if (!*v)
		return rw_err_set(err, RW_E_USAGE, _("%s is empty"), what);
	if (strlen(v) > PROFILE_VALUE_MAX)
		return rw_err_set(err, RW_E_USAGE, _("%s is longer than %d bytes: '%s'"), what, PROFILE_VALUE_MAX, v);
	for (p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == ';')
			return rw_err_set(err, RW_E_USAGE,
			                  _("%s holds ';' or a control character, which the configuration cannot keep: '%s'"),
			                  what, v);
	return 0;
}

struct init_text {
	rw_buf b;
	const char *lang;     /* "fr" or "en": the comments' language */
	int failed;           /* 1: out of room; 2: a template's address (why in err) */
	rw_err err;
};

static void
comment(struct init_text *o, const char *text)
{
	if (!o->failed && rw_conffile_comment(&o->b, "# ", text) < 0)
		o->failed = 1;
}

/* A template's text as a comment: its continuation lines are wrapped text,
 * so they are joined, except where a numbered step ("2) ...") begins. */
static void
reflowed(struct init_text *o, const char *text)
{
	char *copy = strdup(text), *nl;

	if (!copy) {
		o->failed = 1;
		return;
	}
	for (nl = strchr(copy, '\n'); nl; nl = strchr(nl + 1, '\n')) {
		const char *q = nl + 1;
		while (*q == ' ')
			q++;
		if (!(*q >= '0' && *q <= '9' && (q[1] == ')' || (q[1] >= '0' && q[1] <= '9' && q[2] == ')'))))
			*nl = ' ';
	}
	comment(o, copy);
	free(copy);
}

static void
key(struct init_text *o, const char *prefix, const char *k, const char *v)
{
	if (!o->failed && rw_conffile_key(&o->b, prefix, k, v) < 0)
		o->failed = 1;
}

static void
raw(struct init_text *o, const char *s)
{
	if (!o->failed && rw_buf_addstr(&o->b, s) < 0)
		o->failed = 1;
}

static void
template_heading(struct init_text *o, const rw_template *t)
{
	char *line;

	if (asprintf(&line, "%s - %s", t->name, !strcmp(o->lang, "fr") ? t->description_fr : t->description) < 0) {
		o->failed = 1;
		return;
	}
	reflowed(o, line);
	free(line);
	if (!t->verified)
		comment(o, _("(This address was written from memory and is not verified: if it returns nothing, "
		             "see verified_note in the template.)"));
}

/* [source NAME] with its keys; prefix "#" writes it commented out. */
static void
source_section(struct init_text *o, const char *prefix, const rw_template *t, const char *url)
{
	char *name = rw_conffile_safe_name(t->id);

	if (!name) {
		o->failed = 1;
		return;
	}
	if (!o->failed && rw_buf_printf(&o->b, "%s[source %s]\n", prefix, name) < 0)
		o->failed = 1;
	key(o, prefix, "url", url);
	key(o, prefix, "category", t->category);
	key(o, prefix, "template", t->id);
	free(name);
}

/* The alert queries the routes suggest for slot t (route = alert). */
static void
alert_queries(struct init_text *o, const rw_sources *s, const rw_template *t, const rw_vars *v)
{
	size_t i, j;
	int header = 0;

	for (i = 0; i < rw_sources_nroutes(s); i++) {
		const rw_route *r = rw_sources_route(s, i);
		char *q, *line;
		int serves = 0;
		for (j = 0; j < r->ntemplates; j++)
			serves |= !strcmp(r->templates[j], t->id);
		if (!serves || strcmp(r->route, "alert") || !r->alert_query)
			continue;
		if (!header)
			comment(o, _("Other alerts worth creating, one slot each (see 'repwatch sources suggest'):"));
		header = 1;
		q = rw_sources_expand_text(r->alert_query, v);
		if (!q || asprintf(&line, "- %s  (%s)", q, r->name) < 0) {
			free(q);
			o->failed = 1;
			return;
		}
		comment(o, line);
		free(line);
		free(q);
	}
}

static void
alert_slot(struct init_text *o, const rw_sources *s, const rw_template *t, const rw_vars *v)
{
	char *text, *line;

	template_heading(o, t);
	if (t->query) {
		text = rw_sources_expand_text(t->query, v);
		if (!text || asprintf(&line, _("Query to type: %s"), text) < 0) {
			free(text);
			o->failed = 1;
			return;
		}
		comment(o, line);
		free(line);
		free(text);
	}
	text = rw_sources_expand_text(!strcmp(o->lang, "fr") ? t->instructions_fr : t->instructions, v);
	if (!text) {
		o->failed = 1;
		return;
	}
	reflowed(o, text);
	free(text);
	if (asprintf(&line, _("Then run: repwatch sources add --template %s 'RSS-ADDRESS' (or remove the '#' in "
	                      "front of the four lines below and paste the address after 'url =')."), t->id) < 0) {
		o->failed = 1;
		return;
	}
	comment(o, line);
	free(line);
	alert_queries(o, s, t, v);
	source_section(o, "#", t, "");
	raw(o, "\n");
}

static void
profile(struct init_text *o, const rw_practitioner *p)
{
	raw(o, "[practitioner]\n");
	key(o, "", "name", p->name);
	comment(o, _("Other spellings of the name (maiden or married name, initials), separated by commas:"));
	{
		/* an example to edit: the initial of the first name and the surname */
		char *surname = rw_sources_surname(p->name), *example = NULL;
		size_t first = 1;
		while (((unsigned char)p->name[first] & 0xC0) == 0x80)
			first++;
		if (!surname || asprintf(&example, "%.*s. %s", (int)first, p->name, surname) < 0)
			example = NULL;
		if (example)
			key(o, "# ", "variants", example);
		else
			o->failed = 1;
		free(example);
		free(surname);
	}
	if (p->specialty)
		key(o, "", "specialty", p->specialty);
	else
		comment(o, _("specialty = (for example dermatologue: some sources search with it)"));
	if (p->city)
		key(o, "", "city", p->city);
	else
		comment(o, _("city = (the city of practice: some sources search with it)"));
	if (p->rpps)
		key(o, "", "rpps", p->rpps);
	else
		comment(o, _("rpps = (the RPPS number, 11 digits)"));
	comment(o, _("Languages of the sources chosen by 'repwatch init':"));
	{
		size_t i;
		raw(o, "languages = ");
		for (i = 0; i < p->nlanguages; i++) {
			raw(o, i ? ", " : "");
			raw(o, p->languages[i]);
		}
		raw(o, "\n\n");
	}
}

/* A source made from template t for p, with its description; prefix "#"
 * writes the section commented out. */
static int
template_source(struct init_text *o, const rw_sources *s, const rw_practitioner *p, const rw_template *t,
                const char *prefix)
{
	rw_err err = { 0 };
	rw_vars *v = rw_sources_vars(s, p, t->lang);
	char *url = v ? rw_sources_expand_url(t, v, &err) : NULL;

	rw_vars_free(&v);
	if (!url) {
		o->err = err;
		o->failed = 2;
		return -1;
	}
	template_heading(o, t);
	if (!*prefix && !strcmp(o->lang, "en") && t->note)
		reflowed(o, t->note);
	source_section(o, prefix, t, url);
	raw(o, "\n");
	free(url);
	return 0;
}

struct chosen {
	const rw_template **active, **slots;
	size_t nactive, nslots;
};

static int
build_text(struct init_text *o, const rw_sources *s, const rw_practitioner *p, const char *data_dir,
           struct chosen *ch)
{
	char date[16], *line;
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	if (asprintf(&line, _("repwatch configuration for %s, written by 'repwatch init' on %s."), p->name, date) < 0)
		return -1;
	comment(o, line);
	free(line);
	comment(o, _("Lines starting with # or ; are comments. 'repwatch sources add', 'rm' and 'import' edit this "
	             "file and keep your comments. See repwatch(1) and 'repwatch sources suggest'."));
	raw(o, "\n");
	profile(o, p);

	if (asprintf(&line, _("=== Sources made from the templates in %s/templates"), data_dir) < 0)
		return -1;
	comment(o, line);
	free(line);
	comment(o, _("One [source NAME] section per source: 'repwatch sources test NAME' shows what it finds, "
	             "'repwatch sources rm NAME' removes it."));
	raw(o, "\n");
	for (i = 0; i < ch->nactive; i++)
		if (template_source(o, s, p, ch->active[i], "") < 0)
			return -1;
	if (ch->nslots) {
		comment(o, _("=== Alert slots: active once you paste the RSS address of an alert"));
		raw(o, "\n");
	}
	for (i = 0; i < ch->nslots; i++) {
		rw_vars *v = rw_sources_vars(s, p, ch->slots[i]->lang);
		if (!v)
			return -1;
		alert_slot(o, s, ch->slots[i], v);
		rw_vars_free(&v);
	}
	comment(o, _("=== Fetching: the defaults are shown; remove the '#' in front of [fetch] and of a line "
	             "to change it."));
	raw(o, "#[fetch]\n#concurrency = 16\n#per_host = 2\n#connect_timeout = 15\n#timeout = 60\n#max_size = 8M\n\n");
	comment(o, _("=== More places"));
	comment(o, _("'repwatch sources suggest' lists every place where patients and doctors talk (X, Facebook, "
	             "LinkedIn, YouTube, forums, Google reviews, Doctolib...) and how to follow it; "
	             "'repwatch sources add --template ID' adds one, 'repwatch sources import FILE.opml' adds "
	             "your own feeds."));
	return o->failed ? -1 : 0;
}

static int
parse_langs(const char *list, rw_practitioner *p, rw_err *err)
{
	char *copy = strdup(list), *tok, *save = NULL;

	if (!copy)
		return rw_err_set(err, RW_E_NOMEM, "%s", _("out of memory"));
	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char **nl;
		size_t i;
		int dup = 0;
		if (strlen(tok) != 2 || strspn(tok, "abcdefghijklmnopqrstuvwxyz") != 2) {
			rw_err_set(err, RW_E_USAGE, _("'%s' is not a two-letter language code (fr, en)"), tok);
			free(copy);
			return RW_E_USAGE;
		}
		for (i = 0; i < p->nlanguages; i++)
			dup |= !strcmp(p->languages[i], tok);
		if (dup)
			continue;
		if (!(nl = realloc(p->languages, (p->nlanguages + 1) * sizeof(*nl))) || !(nl[p->nlanguages] = strdup(tok))) {
			if (nl)
				p->languages = nl;
			free(copy);
			return rw_err_set(err, RW_E_NOMEM, "%s", _("out of memory"));
		}
		p->languages = nl;
		p->nlanguages++;
	}
	free(copy);
	if (!p->nlanguages)
		return rw_err_set(err, RW_E_USAGE, "%s", _("give at least one language of the sources, e.g. fr,en"));
	return 0;
}

void
rw_initconf_clear(rw_initconf *c)
{
	size_t i;

	if (!c)
		return;
	free(c->text);
	free(c->name);
	free(c->active);
	free(c->slots);
	for (i = 0; i < c->nunserved; i++)
		free(c->unserved[i]);
	free(c->unserved);
	rw_sources_free(&c->templates);
	memset(c, 0, sizeof(*c));
}

static int
nomem(rw_err *err)
{
	return rw_err_set(err, RW_E_NOMEM, "%s", _("out of memory"));
}

int
rw_initconf_make(const rw_initconf_request *rq, rw_initconf *out, rw_err *err)
{
	const rw_template *sel[MAX_SELECTED];
	struct chosen ch = { NULL, NULL, 0, 0 };
	struct init_text o;
	rw_practitioner p;
	char *data_dir = NULL;
	size_t i, n;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	memset(&o, 0, sizeof(o));
	rw_buf_init(&o.b, RW_CONFFILE_MAX);
	o.lang = rq->lang && !strcmp(rq->lang, "fr") ? "fr" : "en";
	p.id = (char *)"default";
	p.specialty = rq->specialty && *rq->specialty ? (char *)rq->specialty : NULL;
	p.city = rq->city && *rq->city ? (char *)rq->city : NULL;
	p.rpps = rq->rpps && *rq->rpps ? (char *)rq->rpps : NULL;
	if ((rc = check_value(_("the name"), rq->name ? rq->name : "", err)) ||
	    (p.specialty && (rc = check_value(rq->specialty_label ? rq->specialty_label : _("the specialty"), p.specialty, err))) ||
	    (p.city && (rc = check_value(rq->city_label ? rq->city_label : _("the city"), p.city, err))))
		goto out;
	if (p.rpps && (strlen(p.rpps) != 11 || strspn(p.rpps, "0123456789") != 11)) {
		rc = rw_err_set(err, RW_E_USAGE, _("'%s' is not an RPPS number (11 digits)"), p.rpps);
		goto out;
	}
	/* the matcher never counts a surname alone: a first name is needed */
	if (!(p.name = rw_config_strip_title(rq->name))) {
		rc = nomem(err);
		goto out;
	}
	if (!strchr(p.name, ' ')) {
		rc = rw_err_set(err, RW_E_USAGE, _("'%s': give the first name and the surname, e.g. \"Dr Jeanne Dupont\""),
		                rq->name);
		goto out;
	}
	if ((rc = parse_langs(rq->langs && *rq->langs ? rq->langs : "fr,en", &p, err)))
		goto out;
	if (!(data_dir = rw_sources_data_dir(err)) || !(out->templates = rw_read_templates(err))) {
		rc = err->code ? err->code : nomem(err);
		goto out;
	}
	for (i = 0; i < p.nlanguages; i++) {
		size_t k;
		int known = 0;
		char **nu;
		for (k = 0; k < rw_sources_ntemplates(out->templates) && !known; k++)
			known = !strcmp(rw_sources_template(out->templates, k)->lang, p.languages[i]);
		if (known)
			continue;
		if (!(nu = realloc(out->unserved, (out->nunserved + 1) * sizeof(*nu))) ||
		    !(nu[out->nunserved] = strdup(p.languages[i]))) {
			if (nu)
				out->unserved = nu;
			rc = nomem(err);
			goto out;
		}
		out->unserved = nu;
		out->nunserved++;
	}
	n = rw_sources_select_defaults(out->templates, &p, sel, MAX_SELECTED);
	if (n > MAX_SELECTED)
		n = MAX_SELECTED;
	ch.active = calloc(n + 1, sizeof(*ch.active));
	ch.slots = calloc(n + 1, sizeof(*ch.slots));
	if (!ch.active || !ch.slots) {
		free(ch.active);
		free(ch.slots);
		rc = nomem(err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (sel[i]->kind == RW_KIND_ALERT_SLOT)
			ch.slots[ch.nslots++] = sel[i];
		else
			ch.active[ch.nactive++] = sel[i];
	}
	out->active = ch.active;
	out->slots = ch.slots;
	out->nactive = ch.nactive;
	out->nslots = ch.nslots;
	if (build_text(&o, out->templates, &p, data_dir, &ch) < 0) {
		if (o.failed == 2 && o.err.code) {
			*err = o.err;
			rc = o.err.code;
		} else {
			rc = o.failed ? rw_err_set(err, RW_E_IO, _("the configuration would be larger than %u bytes"),
			                           RW_CONFFILE_MAX)
			              : nomem(err);
		}
		goto out;
	}
	if (!(out->text = strdup(o.b.data)) || !(out->name = strdup(p.name))) {
		rc = nomem(err);
		goto out;
	}
	rc = 0;
out:
	if (rc)
		rw_initconf_clear(out);
	for (i = 0; i < p.nlanguages; i++)
		free(p.languages[i]);
	free(p.languages);
	free(p.name);
	free(data_dir);
	rw_buf_free(&o.b);
	return rc;
}
