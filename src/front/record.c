/* SPDX-License-Identifier: MIT */
#include "record.h"
#include "userlang.h"
#include "when.h"
#include "text.h"
#include "date.h"
#include "diff.h"
#include "evidence.h"
#include "i18n.h"
#include "myths.h"
#include "mythof.h"
#include "reason.h"
#include "read.h"
#include "replycheck.h"
#include "sentiment.h"

#include <stdlib.h>
#include <string.h>

#define RED "\033[31m"
#define GREEN "\033[32m"
#define RESET "\033[m"

/* ---- the readable record of a mention ---- */

/* versions, copied out of the store's callback */
const char *
rw_safe(const char *s)
{
	static char *ring[8];
	static unsigned next;
	char **slot = &ring[next++ % 8];

	free(*slot);
	*slot = rw_text_printable(s, 0);
	return *slot ? *slot : "";
}

struct ver { int version; char *title, *body, *source; double rating; int64_t seen_at, scan_id; };
struct vers { struct ver *v; size_t n; int failed; };

static int
copy_version(const rw_version *v, void *data)
{
	struct vers *l = data;
	struct ver *nv = realloc(l->v, (l->n + 1) * sizeof(*nv)), *c;

	if (!nv) {
		l->failed = 1;
		return 1;
	}
	l->v = nv;
	c = &l->v[l->n++];
	c->version = v->version;
	c->title = v->title ? strdup(v->title) : NULL;
	c->body = v->body ? strdup(v->body) : NULL;
	c->source = v->source ? strdup(v->source) : NULL;
	c->rating = v->rating;
	c->seen_at = v->seen_at;
	c->scan_id = v->scan_id;
	return 0;
}

static void
free_versions(struct vers *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].title);
		free(l->v[i].body);
		free(l->v[i].source);
	}
	free(l->v);
}

struct render {
	FILE *out;
	int color;
	int iso;        /* dates as UTC ISO 8601 (evidence), else rw_when_format */
	rw_store *s;
	const rw_mention *m;
	int found, rc;
	size_t count;
	rw_err *err;
};

static const char *
date_or(const struct render *r, int64_t t, char *buf, size_t size, const char *none)
{
	if (r->iso)
		rw_date_format(t == 0 ? RW_NO_DATE : t, buf, size);
	else
		rw_when_format(t, RW_WHEN_TIME, buf, size);
	return *buf ? buf : none;
}

static void
print_rating(FILE *out, double rating, double best)
{
	if (rating >= 0)
		fprintf(out, "%g/%g", rating, best > 0 ? best : 5);
	else
		fputs(_("none"), out);
}

static int
print_diff_run(rw_diff_op op, const char *text, size_t len, void *data)
{
	struct render *r = data;
	char *run = strndup(text, len), *safe = rw_text_printable(run, 1);
	const char *t = safe ? safe : "";

	if (r->count++)
		fputc(' ', r->out);
	if (op == RW_DIFF_DELETE)
		fprintf(r->out, "%s[-%s-]%s", r->color ? RED : "", t, r->color ? RESET : "");
	else if (op == RW_DIFF_INSERT)
		fprintf(r->out, "%s{+%s+}%s", r->color ? GREEN : "", t, r->color ? RESET : "");
	else
		fputs(t, r->out);
	free(safe);
	free(run);
	return 0;
}

static void
print_field_diff(struct render *r, const char *label, const char *a, const char *b)
{
	if (!strcmp(a ? a : "", b ? b : ""))
		return;
	fprintf(r->out, "        %-7s ", label);
	r->count = 0;
	if (rw_diff_words(a, b, print_diff_run, r) < 0)
		fputs(_("(out of memory)"), r->out);
	fputc('\n', r->out);
}

static const char *
gone_words(const char *reason)
{
	if (!reason)
		return _("gone");
	if (!strcmp(reason, "unlisted"))
		return _("gone: no source lists it any more");
	if (!strcmp(reason, "http:404"))
		return _("gone: its page answered HTTP 404 (not found)");
	if (!strcmp(reason, "http:410"))
		return _("gone: its page answered HTTP 410 (deleted)");
	return reason;
}

static int
print_sighting(const rw_sighting *si, void *data)
{
	struct render *r = data;
	char d1[64], d2[64];

	fprintf(r->out, "  %s <%s>\n", rw_safe(si->source_name ? si->source_name : si->source_url), rw_safe(si->source_url));
	fprintf(r->out, _("      %s; first seen %s, last seen %s\n"),
	        !strcmp(si->state, "gone") ? _("not listed any more") : _("listed"),
	        date_or(r, si->first_seen, d1, sizeof(d1), "?"), date_or(r, si->last_seen, d2, sizeof(d2), "?"));
	if (si->link && (!r->m->link || strcmp(si->link, r->m->link)))
		fprintf(r->out, _("      its link: %s\n"), rw_safe(si->link));
	return 0;
}

static int
print_snapshot(const rw_snapshot *sn, void *data)
{
	struct render *r = data;
	char d[64];

	fprintf(r->out, _("  #%lld %s  HTTP %ld  %s  (%s, v%d)  sha256 %.16s"), (long long)sn->id,
	        date_or(r, sn->fetched_at, d, sizeof(d), "?"), sn->status, sn->effective_url ? sn->effective_url : sn->url,
	        _(sn->change), sn->version, sn->sha256);
	if (sn->dropped_at)
		fprintf(r->out, _("  (body dropped %s)"), date_or(r, sn->dropped_at, d, sizeof(d), "?"));
	fputc('\n', r->out);
	r->count++;
	return 0;
}

/* sightings, versions with their differences, evidence of r->m */
static int
print_history(struct render *r)
{
	struct vers vl;
	char d[64];
	size_t i;
	int rc;

	fprintf(r->out, _("\nsightings:\n"));
	if ((rc = rw_store_each_sighting(r->s, r->m->id, print_sighting, r, r->err)))
		return rc;
	memset(&vl, 0, sizeof(vl));
	if ((rc = rw_store_each_version(r->s, r->m->id, copy_version, &vl, r->err)) || vl.failed) {
		free_versions(&vl);
		return rc ? rc : rw_err_set(r->err, RW_E_NOMEM, "out of memory");
	}
	fprintf(r->out, _("\nversions (%zu):\n"), vl.n);
	for (i = 0; i < vl.n; i++) {
		struct ver *v = &vl.v[i];
		fprintf(r->out, _("  v%d  seen %s"), v->version, date_or(r, v->seen_at, d, sizeof(d), "?"));
		if (v->source)
			fprintf(r->out, _(" in %s"), rw_safe(v->source));
		fputs(_(", rating "), r->out);
		print_rating(r->out, v->rating, r->m->rating_best);
		fputc('\n', r->out);
		fprintf(r->out, _("      title:  %s\n"), rw_safe(v->title));
		{
			char *body = rw_text_printable(v->body, 1);   /* newlines kept */
			fprintf(r->out, _("      text:   %s\n"), body ? body : "");
			free(body);
		}
		if (i == 0)
			continue;
		fprintf(r->out, _("      changes from v%d:\n"), vl.v[i - 1].version);
		print_field_diff(r, _("title:"), vl.v[i - 1].title, v->title);
		print_field_diff(r, _("text:"), vl.v[i - 1].body, v->body);
		if (vl.v[i - 1].rating != v->rating) {
			fprintf(r->out, "        %-7s ", _("rating:"));
			print_rating(r->out, vl.v[i - 1].rating, r->m->rating_best);
			fputs(" -> ", r->out);
			print_rating(r->out, v->rating, r->m->rating_best);
			fputc('\n', r->out);
		}
	}
	free_versions(&vl);
	fprintf(r->out, _("\nevidence:\n"));
	r->count = 0;
	if ((rc = rw_evidence_each(r->s, r->m->id, print_snapshot, r, r->err)))
		return rc;
	if (!r->count)
		fprintf(r->out, _("  none kept (seen before evidence was kept)\n"));
	else
		fprintf(r->out, _("  'repwatch evidence %lld --out DIR' writes it out with SHA-256 sums\n"), (long long)r->m->id);
	return RW_OK;
}

const char *
rw_record_uncertain(const char *stored, int64_t id, char *buf, size_t size)
{
	char why[600];

	rw_reason_render(stored, 1, why, sizeof(why));
	snprintf(buf, size, _("UNCERTAIN, maybe a namesake's: %s ('repwatch is-me %lld' or 'repwatch not-me %lld' "
	                      "settles its page)"), rw_safe(why), (long long)id, (long long)id);
	return buf;
}

void
rw_record_page_verdict(FILE *out, const rw_config *cfg, const rw_page_about *about, const rw_page_doubt *doubt)
{
	size_t p;

	for (p = 0; about && p < cfg->npractitioners; p++) {
		const rw_page_about *ab = &about[p];
		const rw_page_doubt *d = doubt ? &doubt[p] : NULL;
		const char *name = cfg->practitioners[p].name;
		char why[900], how[900];

		rw_reason_render(ab->match.reason, 1, why, sizeof(why));
		if (d && d->why[0])
			rw_reason_render(d->why, 1, how, sizeof(how));
		else
			how[0] = '\0';
		if (!ab->named && !ab->someone_else)
			fprintf(out, _("page verdict for %s: the page does not name her\n"), name);
		else if (ab->someone_else)
			fprintf(out, _("page verdict for %s: someone else's page; against: %s\n"), name, why);
		else if (d && d->settled < 0)
			fprintf(out, _("page verdict for %s: someone else's page; for: %s; against: %s\n"), name, why, how);
		else if (d && d->settled > 0)
			fprintf(out, _("page verdict for %s: hers, settled by her details; for: %s; %s\n"), name, why, how);
		else if (d && d->uncertain)
			fprintf(out, _("page verdict for %s: UNCERTAIN, maybe a namesake's; for: %s; against: %s\n"), name,
			        why, how);
		else
			fprintf(out, _("page verdict for %s: hers; for: %s\n"), name, why);
	}
}

static int
render_one(const rw_mention *m, void *data)
{
	struct render *r = data;
	char d[64];

	r->found = 1;
	r->m = m;
	fprintf(r->out, _("mention #%lld: %s\n"), (long long)m->id, m->title && *m->title ? rw_safe(m->title) : _("(no title)"));
	fprintf(r->out, _("  state:        %s (last change: %s, %s)\n"),
	        !strcmp(m->state, "gone") ? gone_words(m->gone_reason) : _("active"), _(m->last_change),
	        date_or(r, m->last_change_at, d, sizeof(d), "?"));
	fprintf(r->out, _("  category:     %s; rating "), _(m->category));
	print_rating(r->out, m->rating, m->rating_best);
	fputc('\n', r->out);
	fprintf(r->out, _("  practitioner: %s"), m->practitioner);
	if (m->variant)
		fprintf(r->out, _(" (found as \"%s\")"), m->variant);
	fputc('\n', r->out);
	if (m->uncertain) {
		char why[900];
		fprintf(r->out, _("  certainty:    %s\n"), rw_record_uncertain(m->uncertain, m->id, why, sizeof(why)));
	}
	if (m->author)
		fprintf(r->out, _("  author:       %s\n"), rw_safe(m->author));
	if (m->link)
		fprintf(r->out, _("  link:         %s\n"), rw_safe(m->link));
	fprintf(r->out, _("  published:    %s\n"), date_or(r, m->published, d, sizeof(d), _("unknown")));
	fprintf(r->out, _("  first seen:   %s\n"), date_or(r, m->first_seen, d, sizeof(d), "?"));
	fprintf(r->out, _("  last seen:    %s\n"), date_or(r, m->last_seen, d, sizeof(d), "?"));
	fprintf(r->out, _("  marks:        %s%s\n"), m->read ? _("read") : _("unread"),
	        m->irrelevant ? _(", irrelevant") : "");
	r->rc = print_history(r);
	return 1;
}

static int
record_mention(FILE *out, rw_store *s, int64_t id, int color, int iso, rw_err *err)
{
	rw_mention_filter f;
	struct render r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	r.out = out;
	r.color = color;
	r.iso = iso;
	r.s = s;
	r.err = err;
	f.id = id;
	/* everything is printed from inside render_one: the mention's strings
	 * are valid during that call only */
	if ((rc = rw_store_each_mention(s, &f, render_one, &r, err)))
		return rc;
	if (!r.found)
		return rw_err_set(err, RW_E_USAGE, "no mention #%lld in '%s' (see 'repwatch list')", (long long)id,
		                  rw_store_path(s));
	return r.rc;
}

int
rw_record_mention(FILE *out, rw_store *s, int64_t id, int color, rw_err *err)
{
	return record_mention(out, s, id, color, 0, err);
}

/* The record as text; iso: dates as UTC ISO 8601 (evidence). */
static char *
record_mention_text(rw_store *s, int64_t id, int iso, size_t *len, rw_err *err)
{
	char *text = NULL;
	FILE *mem = open_memstream(&text, len);
	int rc;

	if (!mem) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	rc = record_mention(mem, s, id, 0, iso, err);
	if (fclose(mem) != 0 && !rc)
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
	if (rc) {
		free(text);
		return NULL;
	}
	return text;
}

char *
rw_record_mention_text(rw_store *s, int64_t id, size_t *len, rw_err *err)
{
	return record_mention_text(s, id, 0, len, err);
}

int
rw_record_evidence(rw_store *s, int64_t id, const char *dir, int64_t now, size_t *files, rw_err *err)
{
	size_t len = 0;
	/* a record for a third party (a lawyer, a platform): dates unambiguous */
	char *text = record_mention_text(s, id, 1, &len, err);
	int rc;

	if (!text)
		return err && err->code ? err->code : RW_E_NOMEM;
	rc = rw_evidence_export(s, id, dir, text, len, now, files, err);
	free(text);
	return rc;
}

/* ---- a stored mention ---- */

void
rw_record_brief_clear(rw_record_brief *s)
{
	free(s->title);
	free(s->body);
	free(s->author);
	free(s->category);
	free(s->link);
	memset(s, 0, sizeof(*s));
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
grab_mention(const rw_mention *m, void *data)
{
	rw_record_brief *s = data;

	s->found = 1;
	s->id = m->id;
	s->rating = m->rating;
	s->best = m->rating_best;
	s->title = dup_or_null(m->title);
	s->body = dup_or_null(m->body);
	s->author = dup_or_null(m->author);
	s->category = dup_or_null(m->category);
	s->link = dup_or_null(m->link);
	return 1;
}

int
rw_record_brief_load(rw_store *s, int64_t id, rw_record_brief *out, rw_err *err)
{
	rw_mention_filter f;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.id = id;
	if ((rc = rw_store_each_mention(s, &f, grab_mention, out, err)))
		return rc;
	if (!out->found)
		return rw_err_set(err, RW_E_USAGE, _("no mention #%lld is stored (see 'repwatch list')"), (long long)id);
	return RW_OK;
}

/* title and body, for language detection and myth matching */
char *
rw_record_brief_text(const rw_record_brief *s)
{
	char *t = NULL;

	if (asprintf(&t, "%s\n%s", s->title ? s->title : "", s->body ? s->body : "") < 0)
		return NULL;
	return t;
}

void
rw_record_wrapped(FILE *out, const char *s, const char *indent)
{
	const size_t width = 76;
	size_t col = 0;

	while (*s) {
		size_t wl = strcspn(s, " \n"), cols = 0, i;
		for (i = 0; i < wl; i++)
			cols += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (col && col + 1 + cols > width) {
			fputc('\n', out);
			col = 0;
		}
		if (!col) {
			fputs(indent, out);
			col = strlen(indent);
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(s, 1, wl, out);
		col += cols;
		s += wl;
		if (*s == '\n') {
			fputc('\n', out);
			col = 0;
		}
		if (*s)
			s++;
	}
	if (col)
		fputc('\n', out);
}

void
rw_record_brief_header(FILE *out, const rw_record_brief *s)
{
	fprintf(out, _("Mention #%lld (%s)"), (long long)s->id, s->category ? _(s->category) : "?");
	if (s->rating >= 0)
		fprintf(out, " %g/%g", s->rating, s->best > 0 ? s->best : 5);
	if (s->author && *s->author)
		fprintf(out, _(" by %s"), rw_safe(s->author));
	fprintf(out, ": %s\n", s->title && *s->title ? rw_safe(s->title) : _("(no title)"));
	if (s->link)
		fprintf(out, "  %s\n", rw_safe(s->link));
}

/* ---- the myth note ---- */

#define MYTH_SOURCES_MAX 8

struct myth_note {
	char *id, *claim, *correction;
	size_t nsources;
	struct { char *name, *url, *lang; } sources[MYTH_SOURCES_MAX];
};

static void
myth_note_clear(struct myth_note *n)
{
	size_t i;

	free(n->id);
	free(n->claim);
	free(n->correction);
	for (i = 0; i < n->nsources; i++) {
		free(n->sources[i].name);
		free(n->sources[i].url);
		free(n->sources[i].lang);
	}
	memset(n, 0, sizeof(*n));
}

/* The note of myth m in language lang. */
static void
myth_note_copy(const rw_myth *m, const char *lang, struct myth_note *out)
{
	rw_lang l = !strcmp(lang, "fr") ? RW_LANG_FR : RW_LANG_EN;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->id = dup_or_null(m->id);
	out->claim = dup_or_null(rw_myth_claim(m, l));
	out->correction = dup_or_null(rw_myth_correction(m, l));
	for (i = 0; i < m->nsources && out->nsources < MYTH_SOURCES_MAX; i++, out->nsources++) {
		out->sources[out->nsources].name = dup_or_null(m->sources[i].name);
		out->sources[out->nsources].url = dup_or_null(m->sources[i].url);
		out->sources[out->nsources].lang = dup_or_null(m->sources[i].lang);
	}
}

int
rw_record_rebut(FILE *out, rw_store *s, int64_t id, const char *myth, const char *lang, rw_record_warn_fn warn,
                void *data, rw_err *err)
{
	rw_record_brief b;
	rw_err problem = { 0 };
	rw_myths *cat = NULL;
	const rw_myth *m = NULL;
	struct myth_note note;
	char *text = NULL;
	int rc = RW_OK, stored = 0;
	size_t i;

	memset(&b, 0, sizeof(b));
	if (id > 0 && (rc = rw_record_brief_load(s, id, &b, err)))
		goto out;
	text = b.found ? rw_record_brief_text(&b) : NULL;
	/* the shipped catalogue and the user's ($XDG_CONFIG_HOME/repwatch/myths/,
	 * which may replace a shipped id) */
	cat = rw_myths_load_default(&problem);
	if (problem.code && warn)
		warn(problem.msg, data);
	if (myth)
		m = cat ? rw_myths_find(cat, myth) : NULL;
	else if (b.found)
		m = rw_mythof_mention(cat, s, id, b.title, b.body, &stored);
	if (b.found && b.category && strcmp(b.category, "misinformation") && !myth && !stored && warn) {
		char *msg = NULL;
		if (asprintf(&msg, _("mention #%lld is classified '%s', not 'misinformation'"), (long long)b.id,
		             b.category) >= 0)
			warn(msg, data);
		free(msg);
	}
	if (!m) {
		if (myth)
			rc = rw_err_set(err, RW_E_USAGE,
			                _("no myth '%s' in the catalogue (feeds/myths/ or $XDG_CONFIG_HOME/repwatch/myths/)"),
			                myth);
		else
			rc = rw_err_set(err, RW_E_USAGE, _("no myth of the catalogue matches mention #%lld; name one with --myth"),
			                (long long)id);
		goto out;
	}
	/* the reader's language; in the C locale, the mention's */
	if (!lang && !(lang = rw_user_lang()))
		lang = text ? rw_lang_detect_name(text, "fr") : "fr";
	myth_note_copy(m, lang, &note);
	if (b.found) {
		rw_record_brief_header(out, &b);
		fputc('\n', out);
	}
	fprintf(out, _("Myth: %s\n"), note.id);
	if (note.claim)
		rw_record_wrapped(out, note.claim, "  ");
	fprintf(out, _("\nNote to adapt (general information: check it, and say nothing about a patient):\n"));
	rw_record_wrapped(out, note.correction ? note.correction : "", "  ");
	fprintf(out, _("\nSources:\n"));
	for (i = 0; i < note.nsources; i++)
		fprintf(out, "  - %s%s%s%s: %s\n", note.sources[i].name ? note.sources[i].name : "",
		        note.sources[i].lang ? " (" : "", note.sources[i].lang ? note.sources[i].lang : "",
		        note.sources[i].lang ? ")" : "", note.sources[i].url);
	myth_note_clear(&note);
out:
	rw_myths_free(&cat);
	free(text);
	rw_record_brief_clear(&b);
	return rc;
}
