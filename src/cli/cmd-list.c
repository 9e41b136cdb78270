/* cmd-list.c - `repwatch list` and `repwatch sources`: what the store holds.
 *
 * Record formats (repwatch(1) documents them):
 *   tsv:  id, change, state, category, rating, best, published, first_seen,
 *         last_seen, practitioner, source, link, title - tab-separated, one
 *         mention a line, tabs and newlines in fields replaced by spaces,
 *         dates as UTC ISO 8601, empty for absent.
 *   json: an array of objects with the same keys plus "body", "author",
 *         "variant", "reason", "version", "read", "irrelevant" and
 *         "gone_reason" (cli_mention_json; `repwatch export` uses it too).
 */
#include "cli.h"
#include "date.h"
#include "i18n.h"

#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum format { FMT_PLAIN, FMT_TSV, FMT_JSON };

struct list_out {
	enum format fmt;
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

json_object *
cli_mention_json(const rw_mention *m)
{
	json_object *j = json_object_new_object();

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
	json_object_object_add(j, "reason", cli_jstr(m->reason));
	json_object_object_add(j, "version", json_object_new_int(m->version));
	json_object_object_add(j, "read", json_object_new_boolean(m->read));
	json_object_object_add(j, "irrelevant", json_object_new_boolean(m->irrelevant));
	json_object_object_add(j, "gone_reason", cli_jstr(m->gone_reason));
	return j;
}

static int
print_mention(const rw_mention *m, void *data)
{
	struct list_out *o = data;
	char d1[32], d2[32], d3[32];

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
		putchar('\n');
		break;
	case FMT_JSON:
		json_object_array_add(o->array, cli_mention_json(m));
		break;
	default:
		printf("#%-5lld %-8s %-14s", (long long)m->id, _(m->last_change), _(m->category));
		if (m->rating >= 0)
			printf(" %g/%g", m->rating, m->rating_best > 0 ? m->rating_best : 5);
		printf(" %s", m->title && *m->title ? m->title : _("(no title)"));
		if (*d1)
			printf(" (%.10s)", d1);
		putchar('\n');
		if (m->link)
			printf("       %s\n", m->link);
		break;
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

/* "7d", "12h", "30m", or an ISO date */
static int
parse_since(const char *s, int64_t *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	int64_t t;

	if (end != s && n >= 0 && end[0] && !end[1]) {
		int64_t unit = end[0] == 'd' ? 86400 : end[0] == 'h' ? 3600 : end[0] == 'm' ? 60 : 0;
		if (unit) {
			*out = (int64_t)time(NULL) - n * unit;
			return 0;
		}
	}
	t = rw_date_parse(s);
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
		case 't': f.category = optarg; break;
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

static int
print_source(const char *url, const char *name, const rw_source_state *st, void *data)
{
	char d1[32], d2[32];

	(void)data;
	rw_date_format(st->last_attempt ? st->last_attempt : INT64_MIN, d1, sizeof(d1));
	rw_date_format(st->last_success ? st->last_success : INT64_MIN, d2, sizeof(d2));
	printf("%s\n  %s\n", name ? name : url, url);
	printf(_("  last attempt: %s  last success: %s  HTTP %ld\n"), *d1 ? d1 : _("never"),
	       *d2 ? d2 : _("never"), st->last_status);
	if (st->failures)
		printf(_("  failed %d time(s) in a row: %s\n"), st->failures, st->last_error ? st->last_error : "");
	return 0;
}

int
cmd_sources(struct cli *c, int argc, char **argv)
{
	rw_err err = { 0 };
	rw_store *store;
	int rc;

	(void)argc;
	(void)argv;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(_("usage: repwatch sources\n\nShow each source's state: last attempt, last success, HTTP status, errors.\n"), stdout);
		return EXIT_FINE;
	}
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	rc = rw_store_each_source(store, print_source, NULL, &err);
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		return EXIT_STORE;
	}
	return EXIT_FINE;
}
