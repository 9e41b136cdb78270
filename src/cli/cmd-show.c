/* cmd-show.c - `repwatch show ID`: one mention, its sightings, its versions
 * with a word-level diff between consecutive ones, and its evidence.
 *
 * The same text is the readable record that `repwatch evidence` writes
 * (cli_render_mention, without colours).  Diff notation, as git's
 * --word-diff=plain: [-deleted words-] {+inserted words+}; on a terminal
 * deletions are also red and insertions green.
 */
#include "cli.h"
#include "date.h"
#include "diff.h"
#include "evidence.h"
#include "i18n.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RED "\033[31m"
#define GREEN "\033[32m"
#define RESET "\033[m"

int
cli_parse_id(const char *arg, int64_t *id)
{
	char *end;
	long long n;

	if (*arg == '#')
		arg++;
	errno = 0;
	n = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || n <= 0)
		return cli_error(_("'%s' is not a mention id (a number, as 'repwatch list' shows)"), arg);
	*id = n;
	return 0;
}

/* versions, copied out of the store's callback */
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
	rw_store *s;
	const rw_mention *m;
	int found, rc;
	size_t count;
	rw_err *err;
};

static const char *
date_or(int64_t t, char *buf, size_t size, const char *none)
{
	rw_date_format(t == 0 ? RW_NO_DATE : t, buf, size);
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

	if (r->count++)
		fputc(' ', r->out);
	if (op == RW_DIFF_DELETE)
		fprintf(r->out, "%s[-%.*s-]%s", r->color ? RED : "", (int)len, text, r->color ? RESET : "");
	else if (op == RW_DIFF_INSERT)
		fprintf(r->out, "%s{+%.*s+}%s", r->color ? GREEN : "", (int)len, text, r->color ? RESET : "");
	else
		fprintf(r->out, "%.*s", (int)len, text);
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
	char d1[32], d2[32];

	fprintf(r->out, "  %s <%s>\n", si->source_name ? si->source_name : si->source_url, si->source_url);
	fprintf(r->out, _("      %s; first seen %s, last seen %s\n"),
	        !strcmp(si->state, "gone") ? _("not listed any more") : _("listed"),
	        date_or(si->first_seen, d1, sizeof(d1), "?"), date_or(si->last_seen, d2, sizeof(d2), "?"));
	if (si->link && (!r->m->link || strcmp(si->link, r->m->link)))
		fprintf(r->out, _("      its link: %s\n"), si->link);
	return 0;
}

static int
print_snapshot(const rw_snapshot *sn, void *data)
{
	struct render *r = data;
	char d[32];

	fprintf(r->out, _("  #%lld %s  HTTP %ld  %s  (%s, v%d)  sha256 %.16s"), (long long)sn->id,
	        date_or(sn->fetched_at, d, sizeof(d), "?"), sn->status, sn->effective_url ? sn->effective_url : sn->url,
	        _(sn->change), sn->version, sn->sha256);
	if (sn->dropped_at)
		fprintf(r->out, _("  (body dropped %s)"), date_or(sn->dropped_at, d, sizeof(d), "?"));
	fputc('\n', r->out);
	r->count++;
	return 0;
}

/* sightings, versions with their differences, evidence of r->m */
static int
print_history(struct render *r)
{
	struct vers vl;
	char d[32];
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
		fprintf(r->out, _("  v%d  seen %s"), v->version, date_or(v->seen_at, d, sizeof(d), "?"));
		if (v->source)
			fprintf(r->out, _(" in %s"), v->source);
		fputs(_(", rating "), r->out);
		print_rating(r->out, v->rating, r->m->rating_best);
		fputc('\n', r->out);
		fprintf(r->out, _("      title:  %s\n"), v->title ? v->title : "");
		fprintf(r->out, _("      text:   %s\n"), v->body ? v->body : "");
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

static int
render_one(const rw_mention *m, void *data)
{
	struct render *r = data;
	char d[32];

	r->found = 1;
	r->m = m;
	fprintf(r->out, _("mention #%lld: %s\n"), (long long)m->id, m->title && *m->title ? m->title : _("(no title)"));
	fprintf(r->out, _("  state:        %s (last change: %s, %s)\n"),
	        !strcmp(m->state, "gone") ? gone_words(m->gone_reason) : _("active"), _(m->last_change),
	        date_or(m->last_change_at, d, sizeof(d), "?"));
	fprintf(r->out, _("  category:     %s; rating "), _(m->category));
	print_rating(r->out, m->rating, m->rating_best);
	fputc('\n', r->out);
	fprintf(r->out, _("  practitioner: %s"), m->practitioner);
	if (m->variant)
		fprintf(r->out, _(" (found as \"%s\")"), m->variant);
	fputc('\n', r->out);
	if (m->author)
		fprintf(r->out, _("  author:       %s\n"), m->author);
	if (m->link)
		fprintf(r->out, _("  link:         %s\n"), m->link);
	fprintf(r->out, _("  published:    %s\n"), date_or(m->published, d, sizeof(d), _("unknown")));
	fprintf(r->out, _("  first seen:   %s\n"), date_or(m->first_seen, d, sizeof(d), "?"));
	fprintf(r->out, _("  last seen:    %s\n"), date_or(m->last_seen, d, sizeof(d), "?"));
	fprintf(r->out, _("  marks:        %s%s\n"), m->read ? _("read") : _("unread"),
	        m->irrelevant ? _(", irrelevant") : "");
	r->rc = print_history(r);
	return 1;
}

int
cli_render_mention(FILE *out, rw_store *s, int64_t id, int color, rw_err *err)
{
	rw_mention_filter f;
	struct render r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	r.out = out;
	r.color = color;
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

static void
show_usage(FILE *fp)
{
	fputs(_("usage: repwatch show [--color=auto|always|never] ID\n\n"
	        "Print mention ID (as 'repwatch list' shows it) with the sources that list it,\n"
	        "every stored version of its text with the word-level difference between\n"
	        "consecutive versions ([-deleted-] {+inserted+}), and the evidence kept.\n"), fp);
}

int
cmd_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "color", required_argument, NULL, 'C' },
		{ "colour", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *nc = getenv("NO_COLOR");
	int color = isatty(STDOUT_FILENO) && !(nc && *nc), opt, rc;
	rw_err err = { 0 };
	rw_store *store;
	int64_t id;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'C':
			if (!strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (strcmp(optarg, "auto")) {
				cli_error(_("--color takes auto, always or never, not '%s'"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': show_usage(stdout); return EXIT_FINE;
		default: show_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		show_usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_parse_id(argv[optind], &id) < 0)
		return EXIT_USAGE;
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	rc = cli_render_mention(stdout, store, id, color, &err);
	rw_store_close(&store);
	if (fflush(stdout) != 0 && !rc)
		rc = rw_err_set(&err, RW_E_IO, "cannot write the output: %s", strerror(errno));
	if (rc) {
		cli_error("%s", err.msg);
		return cli_exit_for(rc);
	}
	return EXIT_FINE;
}
