/* SPDX-License-Identifier: MIT */
/* cmd-parse.c - `repwatch parse` and `repwatch parse-date`: the parser's view
 * of a file, for users checking a source and for conformance runs.
 *
 * JSON record: {"format", "encoding", "wellformed", "error", "title", "link",
 * "subtitle", "author", "items": [{"id", "title", "link", "published",
 * "updated", "author", "summary", "content", "rating", "best"}], "reviews":
 * [{"rating", "best", "worst", "author", "date", "body", "title", "link",
 * "item_reviewed"}], "aggregate_rating": {"value", "best", "worst", "count",
 * "item_reviewed"} | null, "structured": a page's JSON-LD, microdata and
 * RDFa as the reader reads them (rw_parse_page_graphs) | null}; dates UTC
 * ISO 8601, null when absent.
 */
#include "cli.h"
#include "date.h"
#include "i18n.h"
#include "parse.h"

#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_FILE_MAX (64u << 20)

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
jdate(int64_t t)
{
	char buf[32];
	return t == RW_NO_DATE ? NULL : json_object_new_string(rw_date_format(t, buf, sizeof(buf)));
}

static json_object *
jnum(double v)
{
	return v < 0 ? NULL : json_object_new_double(v);
}

static json_object *
reviews_json(const rw_feed *feed)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < feed->nreviews; i++) {
		const rw_review *r = &feed->reviews[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "rating", jnum(r->rating));
		json_object_object_add(o, "best", jnum(r->best));
		json_object_object_add(o, "worst", jnum(r->worst));
		json_object_object_add(o, "author", jstr(r->author));
		json_object_object_add(o, "date", jdate(r->date));
		json_object_object_add(o, "body", jstr(r->body));
		json_object_object_add(o, "title", jstr(r->title));
		json_object_object_add(o, "link", jstr(r->link));
		json_object_object_add(o, "item_reviewed", jstr(r->item_reviewed));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *
aggregate_json(const rw_rating_summary *ag)
{
	json_object *o;

	if (ag->value < 0)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "value", jnum(ag->value));
	json_object_object_add(o, "best", jnum(ag->best));
	json_object_object_add(o, "worst", jnum(ag->worst));
	json_object_object_add(o, "count", jnum(ag->count));
	json_object_object_add(o, "item_reviewed", jstr(ag->item_reviewed));
	return o;
}

static void
parse_usage(FILE *fp)
{
	fputs(_("usage: repwatch parse FILE [--url URL] [--content-type TYPE] [--format=json|plain]\n\n"
	        "Read a feed file (or - for standard input) as the scan would, and print what\n"
	        "repwatch sees in it.  A file that is not a feed is read as an HTML page for\n"
	        "its schema.org reviews and ratings.  --url is where it came from (relative\n"
	        "links), and --content-type the HTTP header it came with (its charset counts).\n"), fp);
}

int
cmd_parse(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "content-type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	rw_parse_opts po;
	rw_err err = { 0 };
	rw_feed *feed;
	const char *format = "plain";
	char *data;
	size_t len, i;
	int opt;

	(void)c;
	memset(&po, 0, sizeof(po));
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'u': po.url = optarg; break;
		case 't': po.content_type = optarg; break;
		case 'f': format = optarg; break;
		case 'h': parse_usage(stdout); return EXIT_FINE;
		default: parse_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || (strcmp(format, "json") && strcmp(format, "plain"))) {
		parse_usage(stderr);
		return EXIT_USAGE;
	}
	data = cli_read_file(argv[optind], PARSE_FILE_MAX, &len);
	if (!data) {
		cli_error(_("cannot read '%s': %s"), argv[optind], strerror(errno));
		return EXIT_USAGE;
	}
	if (!po.url)
		po.url = argv[optind];
	feed = rw_parse_any(data, len, &po, &err);
	if (!feed) {
		free(data);
		cli_error("%s", err.msg);
		return EXIT_SOURCES;
	}
	if (!strcmp(format, "json")) {
		json_object *j = json_object_new_object(), *items = json_object_new_array();
		char *graphs = NULL;
		if (!strcmp(feed->format, "html") && !(graphs = rw_parse_page_graphs(data, len, &po, &err))) {
			free(data);
			json_object_put(j);
			json_object_put(items);
			rw_feed_free(feed);
			cli_error("%s", err.msg);
			return EXIT_SOURCES;
		}
		json_object_object_add(j, "format", jstr(feed->format));
		json_object_object_add(j, "encoding", jstr(feed->encoding));
		json_object_object_add(j, "wellformed", json_object_new_boolean(feed->wellformed));
		json_object_object_add(j, "error", jstr(feed->error));
		json_object_object_add(j, "title", jstr(feed->title));
		json_object_object_add(j, "link", jstr(feed->link));
		json_object_object_add(j, "subtitle", jstr(feed->subtitle));
		json_object_object_add(j, "author", jstr(feed->author));
		for (i = 0; i < feed->nitems; i++) {
			const rw_item *it = &feed->items[i];
			json_object *ji = json_object_new_object();
			json_object_object_add(ji, "id", jstr(it->id));
			json_object_object_add(ji, "title", jstr(it->title));
			json_object_object_add(ji, "link", jstr(it->link));
			json_object_object_add(ji, "published", jdate(it->published));
			json_object_object_add(ji, "updated", jdate(it->updated));
			json_object_object_add(ji, "author", jstr(it->author));
			json_object_object_add(ji, "summary", jstr(it->summary));
			json_object_object_add(ji, "content", jstr(it->content));
			json_object_object_add(ji, "rating", jnum(it->rating));
			json_object_object_add(ji, "best", it->rating >= 0 ? jnum(it->rating_best) : NULL);
			json_object_array_add(items, ji);
		}
		json_object_object_add(j, "items", items);
		json_object_object_add(j, "reviews", reviews_json(feed));
		json_object_object_add(j, "aggregate_rating", aggregate_json(&feed->aggregate));
		json_object_object_add(j, "structured", graphs ? json_tokener_parse(graphs) : NULL);
		free(graphs);
		puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(j);
	} else {
		char d[64];
		printf(_("format: %s, encoding: %s%s\n"), feed->format, feed->encoding,
		       feed->wellformed ? "" : _(", ill-formed (read in recover mode)"));
		if (feed->error)
			printf(_("parser said: %s\n"), feed->error);
		printf(_("title: %s\n"), feed->title ? feed->title : "");
		printf(_("%zu items\n"), feed->nitems);
		if (feed->aggregate.value >= 0)
			printf(_("rating: %g/%g from %g reviews\n"), feed->aggregate.value,
			       feed->aggregate.best > 0 ? feed->aggregate.best : 5,
			       feed->aggregate.count > 0 ? feed->aggregate.count : 0);
		for (i = 0; i < feed->nitems; i++) {
			const rw_item *it = &feed->items[i];
			printf("- %s", it->title ? it->title : _("(no title)"));
			if (it->published != RW_NO_DATE)
				printf(" (%s)", rw_when_format(it->published, RW_WHEN_TIME, d, sizeof(d)));
			if (it->rating >= 0)
				printf(" [%g/%g]", it->rating, it->rating_best > 0 ? it->rating_best : 5);
			putchar('\n');
			if (it->link)
				printf("  %s\n", it->link);
		}
	}
	rw_feed_free(feed);
	free(data);
	return EXIT_FINE;
}

int
cmd_parse_date(struct cli *c, int argc, char **argv)
{
	char buf[32];
	int64_t t;

	(void)c;
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(_("usage: repwatch parse-date STRING\n"), stdout);
		return EXIT_FINE;
	}
	if (argc != 2 || !strncmp(argv[1], "--", 2)) {   /* no date starts with "--" */
		if (argc == 2)
			cli_error(_("parse-date: unknown option '%s'"), argv[1]);
		fputs(_("usage: repwatch parse-date STRING\n"), stderr);
		return EXIT_USAGE;
	}
	t = rw_date_parse(argv[1]);
	if (t == RW_NO_DATE) {
		putchar('\n');
		return EXIT_SOURCES;
	}
	puts(rw_date_format(t, buf, sizeof(buf)));
	return EXIT_FINE;
}
