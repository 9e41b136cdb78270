/* SPDX-License-Identifier: MIT */
/* cmd-list.c - `repwatch list`: the mentions the store holds.
 * (`repwatch sources` lives in cmd-sources.c.)
 *
 * Record formats (repwatch(1) documents them):
 *   tsv:  id, change, state, category, rating, best, published, first_seen,
 *         last_seen, practitioner, source, link, title, uncertain ("uncertain"
 *         when it may be a namesake's, else empty) - tab-separated, one
 *         mention a line, tabs and newlines in fields replaced by spaces,
 *         dates as UTC ISO 8601, empty for absent.
 *   json: an array of objects with the same keys plus "body", "author",
 *         "variant", "reason", "version", "read", "irrelevant" and
 *         "gone_reason", "uncertain" (why it may be a namesake's, or null)
 *         (cli_mention_json; `repwatch export` uses it too),
 *         and why it matched: "confidence", "match_reason", "lang",
 *         "sentiment", "label", "myth", "not_me" (false, "marked" or
 *         "excluded").
 *   sources tsv: name, url, state, last_attempt, last_success, last_status,
 *         failures, next_attempt, last_error; json: the same keys plus
 *         "wait_reason" and "verdict" (a page read as "someone-else" or
 *         "uncertain", else null).
 */
#include "cli.h"
#include "classify.h"
#include "date.h"
#include "fetch.h"
#include "i18n.h"
#include "record.h"
#include "url.h"

#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum format { FMT_PLAIN, FMT_TSV, FMT_JSON };

struct list_out {
	enum format fmt;
	rw_store *store;         /* for why each mention matched (JSON) */
	json_object *array;
	size_t count;
};

static void
tsv_field(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

json_object *
cli_jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *
cli_jdate(int64_t t)
{
	char buf[32];
	return t == INT64_MIN || t == 0 ? NULL : json_object_new_string(rw_date_format(t, buf, sizeof(buf)));
}

/* not_me as JSON: false (about her), "marked" (the user marked it not-me)
 * or "excluded" (no longer about her: a not-me rule learned since
 * excludes it, or it no longer names her; rw_store_not_hers). */
static json_object *
not_me_json(int not_me)
{
	if (not_me == 1)
		return json_object_new_string("marked");
	if (not_me)
		return json_object_new_string("excluded");
	return json_object_new_boolean(0);
}

void
cli_mention_analysis_json(rw_store *store, int64_t id, json_object *j)
{
	rw_mention_analysis_row a;
	rw_err err = { 0 };
	char why[sizeof(a.match_reason) * 2];

	if (rw_store_get_analysis(store, id, &a, &err) || !a.found)
		return;
	rw_reason_render(a.match_reason, 0, why, sizeof(why));   /* records: in English */
	json_object_object_add(j, "confidence", a.confidence[0] ? cli_jstr(a.confidence) : NULL);
	json_object_object_add(j, "match_reason", a.match_reason[0] ? cli_jstr(why) : NULL);
	json_object_object_add(j, "lang", a.lang[0] ? cli_jstr(a.lang) : NULL);
	json_object_object_add(j, "sentiment", a.has_sentiment ? json_object_new_double(a.sentiment) : NULL);
	json_object_object_add(j, "label", a.label[0] ? cli_jstr(a.label) : NULL);
	json_object_object_add(j, "myth", a.myth[0] ? cli_jstr(a.myth) : NULL);
	json_object_object_add(j, "not_me", not_me_json(a.not_me));
}

json_object *
cli_mention_json(const rw_mention *m)
{
	json_object *j = json_object_new_object();
	char why[512];

	json_object_object_add(j, "id", json_object_new_int64(m->id));
	json_object_object_add(j, "change", cli_jstr(m->last_change));
	json_object_object_add(j, "state", cli_jstr(m->state));
	json_object_object_add(j, "category", cli_jstr(m->category));
	json_object_object_add(j, "rating", m->rating >= 0 ? json_object_new_double(m->rating) : NULL);
	json_object_object_add(j, "best", m->rating_best > 0 ? json_object_new_double(m->rating_best) : NULL);
	json_object_object_add(j, "published", cli_jdate(m->published));
	json_object_object_add(j, "first_seen", cli_jdate(m->first_seen));
	json_object_object_add(j, "last_seen", cli_jdate(m->last_seen));
	json_object_object_add(j, "practitioner", cli_jstr(m->practitioner));
	json_object_object_add(j, "source", cli_jstr(m->source));
	json_object_object_add(j, "link", cli_jstr(m->link));
	json_object_object_add(j, "title", cli_jstr(m->title));
	json_object_object_add(j, "body", cli_jstr(m->body));
	json_object_object_add(j, "author", cli_jstr(m->author));
	json_object_object_add(j, "variant", cli_jstr(m->variant));
	json_object_object_add(j, "reason", m->reason ? cli_jstr(rw_reason_render(m->reason, 0, why, sizeof(why))) : NULL);
	json_object_object_add(j, "version", json_object_new_int(m->version));
	json_object_object_add(j, "read", json_object_new_boolean(m->read));
	json_object_object_add(j, "irrelevant", json_object_new_boolean(m->irrelevant));
	json_object_object_add(j, "gone_reason", cli_jstr(m->gone_reason));
	json_object_object_add(j, "uncertain",
	                       m->uncertain ? cli_jstr(rw_reason_render(m->uncertain, 0, why, sizeof(why))) : NULL);
	return j;
}

static int
print_mention(const rw_mention *m, void *data)
{
	struct list_out *o = data;
	char d1[64], d2[32], d3[32];

	o->count++;
	rw_date_format(m->published, d1, sizeof(d1));
	rw_date_format(m->first_seen, d2, sizeof(d2));
	rw_date_format(m->last_seen, d3, sizeof(d3));
	switch (o->fmt) {
	case FMT_TSV:
		printf("%lld\t%s\t%s\t%s\t", (long long)m->id, m->last_change, m->state, m->category);
		if (m->rating >= 0)
			printf("%g\t%g", m->rating, m->rating_best > 0 ? m->rating_best : 5);
		else
			putchar('\t');
		printf("\t%s\t%s\t%s\t", d1, d2, d3);
		tsv_field(m->practitioner);
		putchar('\t');
		tsv_field(m->source);
		putchar('\t');
		tsv_field(m->link);
		putchar('\t');
		tsv_field(m->title);
		printf("\t%s\n", m->uncertain ? "uncertain" : "");
		break;
	case FMT_JSON: {
		json_object *j = cli_mention_json(m);
		cli_mention_analysis_json(o->store, m->id, j);
		json_object_array_add(o->array, j);
		break;
	}
	default: {
		const char *change = cli_word(m->last_change), *category = cli_word(m->category);

		printf("#%-5lld %-*s %-*s", (long long)m->id, cli_cols(change, 8), change,
		       cli_cols(category, 14), category);
		if (m->rating >= 0)
			printf(" %g/%g", m->rating, m->rating_best > 0 ? m->rating_best : 5);
		printf(" %s", m->title && *m->title ? cli_safe(m->title) : _("(no title)"));
		if (*d1)
			printf(" (%s)", rw_when_format(m->published, 0, d1, sizeof(d1)));
		putchar('\n');
		if (m->link)
			printf("       %s\n", cli_safe(m->link));
		if (m->uncertain) {
			char why[900];
			printf("       %s\n", rw_record_uncertain(m->uncertain, m->id, why, sizeof(why)));
		}
		break;
	}
	}
	return 0;
}

static int
parse_format(const char *s, enum format *f)
{
	if (!strcmp(s, "plain"))
		*f = FMT_PLAIN;
	else if (!strcmp(s, "tsv"))
		*f = FMT_TSV;
	else if (!strcmp(s, "json"))
		*f = FMT_JSON;
	else
		return cli_error(_("unknown format '%s' (plain, tsv or json)"), s);
	return 0;
}

/* "7d", "12h", "30m", "2w", "3 jours" (date.h), an ISO date, or a bare
 * number of days when it is not a date */
static int
parse_since(const char *s, int64_t *out)
{
	int64_t secs, t;

	if (rw_duration_parse(s, 0, &secs) == 0) {
		*out = (int64_t)time(NULL) - secs;
		return 0;
	}
	t = rw_date_parse(s);
	if (t == INT64_MIN && rw_duration_parse(s, 86400, &secs) == 0)
		t = (int64_t)time(NULL) - secs;
	if (t == INT64_MIN)
		return cli_error(_("'%s' is not a duration (7d, 12h) or a date (2026-01-31)"), s);
	*out = t;
	return 0;
}

static void
list_usage(FILE *fp)
{
	fputs(_("usage: repwatch list [--new|--changed|--gone] [--type CATEGORY] [--since 7d]\n"
	        "                     [--practitioner ID] [--all] [--format plain|tsv|json]\n\n"
	        "Print stored mentions, the most recently changed first; mentions marked\n"
	        "irrelevant ('repwatch mark ID irrelevant') only with --all.\n"
	        "'repwatch show ID' prints one with its history.\n"
	        "TSV columns: id, change, state, category, rating, best, published, first_seen,\n"
	        "last_seen, practitioner, source, link, title (see repwatch(1)).\n"), fp);
}

int
cmd_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "new", no_argument, NULL, 'n' },
		{ "changed", no_argument, NULL, 'C' },
		{ "gone", no_argument, NULL, 'g' },
		{ "type", required_argument, NULL, 't' },
		{ "since", required_argument, NULL, 's' },
		{ "practitioner", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_out o;
	rw_mention_filter f;
	rw_err err = { 0 };
	rw_store *store;
	int opt, rc;

	memset(&o, 0, sizeof(o));
	memset(&f, 0, sizeof(f));
	f.hide_irrelevant = 1;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': f.hide_irrelevant = 0; break;
		case 'n': f.change = "new"; break;
		case 'C': f.change = "changed"; break;
		case 'g': f.change = "gone"; break;
		case 't':
			if (rw_category_from_name(optarg) < 0) {
				cli_error(_("unknown type '%s' (review, misinformation, news, social, publication, other)"),
				          optarg);
				return EXIT_USAGE;
			}
			f.category = optarg;
			break;
		case 'p': f.practitioner = optarg; break;
		case 's':
			if (parse_since(optarg, &f.since) < 0)
				return EXIT_USAGE;
			break;
		case 'f':
			if (parse_format(optarg, &o.fmt) < 0)
				return EXIT_USAGE;
			break;
		case 'h': list_usage(stdout); return EXIT_FINE;
		default: list_usage(stderr); return EXIT_USAGE;
		}
	}
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	o.store = store;
	if (o.fmt == FMT_JSON)
		o.array = json_object_new_array();
	rc = rw_store_each_mention(store, &f, print_mention, &o, &err);
	if (o.fmt == FMT_JSON) {
		puts(json_object_to_json_string_ext(o.array, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o.array);
	} else if (o.fmt == FMT_PLAIN && !o.count && !rc && c->tty) {
		fputs(_("no mentions stored yet: run 'repwatch scan'\n"), stderr);
	}
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		return EXIT_STORE;
	}
	return EXIT_FINE;
}

/* ---- repwatch sources ---- */

struct hold_row { char *host, *reason; int64_t until; };

struct sources_out {
	enum format fmt;
	json_object *array;
	const rw_fetch_settings *fs;
	int64_t now;
	struct hold_row *holds;
	size_t nholds;
	int oom;
};

static int
collect_hold(const char *host, int64_t until, const char *reason, void *data)
{
	struct sources_out *o = data;
	struct hold_row *n = realloc(o->holds, (o->nholds + 1) * sizeof(*n));

	if (!n) {
		o->oom = 1;
		return 1;
	}
	o->holds = n;
	n += o->nholds;
	n->host = strdup(host);
	n->reason = strdup(reason ? reason : "");
	n->until = until;
	if (!n->host || !n->reason) {
		free(n->host);
		free(n->reason);
		o->oom = 1;
		return 1;
	}
	o->nholds++;
	return 0;
}

/* What a scan would do with this source now: its state word, and until
 * when it waits (0: it does not) and why. */
static const char *
source_state(const struct sources_out *o, const char *url, const rw_source_state *st,
             int64_t *until, const char **why)
{
	char *host = rw_url_host_key(url);
	int64_t next = rw_fetch_next_attempt(o->fs, st->failures, st->last_attempt);
	size_t i;

	*until = 0;
	*why = NULL;
	for (i = 0; host && i < o->nholds; i++)
		if (!strcmp(o->holds[i].host, host)) {
			*until = o->holds[i].until;
			*why = o->holds[i].reason;
		}
	free(host);
	if (*until)
		return "postponed";
	if (next > o->now) {
		*until = next;
		return "backoff";
	}
	if (!st->last_attempt)
		return "new";
	return st->failures ? "failing" : "ok";
}

static int
print_source(const char *url, const char *name, const rw_source_state *st, void *data)
{
	struct sources_out *o = data;
	char d1[64], d2[64], d3[64], error[1536];
	const char *why, *state;
	int64_t until;

	state = source_state(o, url, st, &until, &why);
	rw_date_format(st->last_attempt ? st->last_attempt : INT64_MIN, d1, sizeof(d1));
	rw_date_format(st->last_success ? st->last_success : INT64_MIN, d2, sizeof(d2));
	rw_date_format(until ? until : INT64_MIN, d3, sizeof(d3));
	switch (o->fmt) {
	case FMT_TSV:
		tsv_field(name ? name : url);
		putchar('\t');
		tsv_field(url);
		printf("\t%s\t%s\t%s\t%ld\t%d\t%s\t", state, d1, d2, st->last_status, st->failures, d3);
		tsv_field(st->last_error ? rw_reason_render(st->last_error, 0, error, sizeof(error)) : NULL);
		putchar('\n');
		break;
	case FMT_JSON: {
		json_object *j = json_object_new_object();
		json_object_object_add(j, "name", cli_jstr(name ? name : url));
		json_object_object_add(j, "url", cli_jstr(url));
		json_object_object_add(j, "state", cli_jstr(state));
		json_object_object_add(j, "last_attempt", cli_jdate(st->last_attempt));
		json_object_object_add(j, "last_success", cli_jdate(st->last_success));
		json_object_object_add(j, "last_status", json_object_new_int64(st->last_status));
		json_object_object_add(j, "failures", json_object_new_int(st->failures));
		json_object_object_add(j, "next_attempt", cli_jdate(until));
		json_object_object_add(j, "wait_reason", cli_jstr(why));
		json_object_object_add(j, "verdict", cli_jstr(st->verdict));
		json_object_object_add(j, "last_error",
		                       st->last_error ? cli_jstr(rw_reason_render(st->last_error, 0, error, sizeof(error))) : NULL);
		json_object_array_add(o->array, j);
		break;
	}
	default:
		rw_when_format(st->last_attempt, RW_WHEN_TIME, d1, sizeof(d1));
		rw_when_format(st->last_success, RW_WHEN_TIME, d2, sizeof(d2));
		rw_when_format(until, RW_WHEN_TIME, d3, sizeof(d3));
		printf("%s\n  %s\n", cli_safe(name ? name : url), cli_safe(url));
		if (st->last_status > 0)
			printf(_("  last attempt: %s  last success: %s  HTTP %ld\n"), *d1 ? d1 : _("never"),
			       *d2 ? d2 : _("never"), st->last_status);
		else   /* no HTTP answer: a mailbox, a file, or nothing heard yet */
			printf(_("  last attempt: %s  last success: %s\n"), *d1 ? d1 : _("never"), *d2 ? d2 : _("never"));
		if (st->failures)
			printf(_("  failed %d time(s) in a row: %s\n"), st->failures,
			       cli_safe(rw_reason_render(st->last_error, 1, error, sizeof(error))));
		if (!strcmp(state, "postponed"))
			printf(_("  postponed until %s: the site answered %s and asked to wait (Retry-After)\n"), d3,
			       cli_safe(why));
		else if (!strcmp(state, "backoff"))
			printf(_("  backing off: not tried again before %s\n"), d3);
		if (st->verdict && !strcmp(st->verdict, "someone-else"))
			printf(_("  someone else's page (a namesake's): read, its reviews are not stored\n"));
		else if (st->verdict && !strcmp(st->verdict, "uncertain"))
			printf(_("  maybe a namesake's page: its mentions are stored uncertain ('repwatch is-me ID' or "
			         "'not-me ID' on one of them settles it)\n"));
		break;
	}
	return 0;
}

static void
sources_usage(FILE *fp)
{
	fputs(_("usage: repwatch sources [status] [--format plain|tsv|json]\n\n"
	        "Show each source's state: last attempt, last success, HTTP status, how many\n"
	        "scans in a row it failed and why, and whether the next scan will wait for it\n"
	        "(the site asked to wait with Retry-After, or the source is backing off).\n"
	        "TSV columns: name, url, state (new|ok|failing|backoff|postponed),\n"
	        "last_attempt, last_success, last_status, failures, next_attempt, last_error\n"
	        "(see repwatch(1)).\n"), fp);
}

int
cmd_sources_status(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sources_out o;
	rw_fetch_settings defaults;
	rw_err err = { 0 };
	rw_config *cfg;
	rw_store *store;
	int opt, rc;
	size_t i;

	memset(&o, 0, sizeof(o));
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (parse_format(optarg, &o.fmt) < 0)
				return EXIT_USAGE;
			break;
		case 'h': sources_usage(stdout); return EXIT_FINE;
		default: sources_usage(stderr); return EXIT_USAGE;
		}
	}
	/* The backoff settings come from the configuration; without one (or
	 * with a broken one, which a scan would refuse anyway) the defaults. */
	cfg = rw_config_load(c->config_path, &err);
	rw_fetch_settings_default(&defaults);
	o.fs = cfg ? &cfg->fetch : &defaults;
	o.now = (int64_t)time(NULL);
	rw_err_clear(&err);
	if (!(store = cli_open_store(c))) {
		rw_config_free(&cfg);
		return EXIT_STORE;
	}
	rc = rw_store_each_host_hold(store, o.now, collect_hold, &o, &err);
	if (!rc && o.oom)
		rc = rw_err_set(&err, RW_E_NOMEM, "out of memory");
	if (o.fmt == FMT_JSON)
		o.array = json_object_new_array();
	if (!rc)
		rc = rw_store_each_source(store, print_source, &o, &err);
	if (o.fmt == FMT_JSON) {
		puts(json_object_to_json_string_ext(o.array, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o.array);
	}
	rw_store_close(&store);
	for (i = 0; i < o.nholds; i++) {
		free(o.holds[i].host);
		free(o.holds[i].reason);
	}
	free(o.holds);
	rw_config_free(&cfg);
	if (rc) {
		cli_error("%s", err.msg);
		return EXIT_STORE;
	}
	return EXIT_FINE;
}
