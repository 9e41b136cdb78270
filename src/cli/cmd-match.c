/* SPDX-License-Identifier: MIT */
/* cmd-match.c - `repwatch match`: where a text names the practitioners of a
 * configuration, how sure repwatch is, and why.
 *
 * JSON record: an array of {"practitioner", "start", "end", "text",
 * "variant", "kind", "confidence", "score", "reason"}, one per hit, in text
 * order; start and end are byte offsets in the text after markup is removed
 * (text is that span).  Rejected hits (confidence "none") only with --all.
 */
#include "cli.h"
#include "i18n.h"
#include "match.h"
#include "parse.h"
#include "read.h"
#include "record.h"
#include "text.h"

#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MATCH_TEXT_MAX (16u << 20)

static void
match_usage(FILE *fp)
{
	fputs(_("usage: repwatch match [--config FILE] [--practitioner ID] [--source URL] [--all]\n"
	        "                      [--format plain|json] [--page] [TEXT-FILE|-]\n"
	        "       repwatch match [--config FILE] [--practitioner ID] --variants\n\n"
	        "Find the practitioners of the configuration in a text (standard input when no\n"
	        "file is given, markup removed first): each hit with its span, the spelling\n"
	        "that matched, the confidence (high, medium, low) and the reason.  --all also\n"
	        "shows the hits that were rejected and why.  The rules taught with\n"
	        "'repwatch not-me' apply when the database exists; --source URL says which\n"
	        "source the text came from, for the rules about sources.  --variants lists\n"
	        "the spellings generated from each profile.\n"
	        "--page reads an HTML review page (schema.org) instead of a text: whom it\n"
	        "is about, the page verdict for each practitioner and its evidence for and\n"
	        "against (name, city, specialty, phone, postcode, registry numbers, a\n"
	        "namesake the page lists), then the hits in what the page says it is about.\n"), fp);
}

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

struct rules_for {
	rw_matcher *m;
	const char *practitioner;
};

static int
teach(int64_t id, const char *practitioner, const char *kind, const char *value, int64_t mention_id,
      int64_t created, void *data)
{
	struct rules_for *r = data;

	(void)id;
	(void)mention_id;
	(void)created;
	return !strcmp(practitioner, r->practitioner) && rw_matcher_add_rule(r->m, kind, value) < 0;
}

/* The not-me rules of the database, when there is one (never create it). */
static int
load_rules(struct cli *c, rw_store **store, rw_matcher *m, const char *practitioner)
{
	struct rules_for r = { m, practitioner };
	rw_err err = { 0 };

	if (!*store) {
		if (access(c->db_path, R_OK) != 0)
			return 0;
		if (!(*store = cli_open_store(c)))
			return -1;
	}
	if (rw_store_each_not_me(*store, practitioner, teach, &r, &err)) {
		cli_error("%s", err.msg);
		return -1;
	}
	return 0;
}

static void
print_hit(const rw_match *h, const char *text, json_object *array)
{
	char *span = strndup(text + h->start, h->end - h->start), why[sizeof(h->reason) * 2];

	if (array) {
		json_object *j = json_object_new_object();
		json_object_object_add(j, "practitioner", jstr(h->practitioner));
		json_object_object_add(j, "start", json_object_new_int64((int64_t)h->start));
		json_object_object_add(j, "end", json_object_new_int64((int64_t)h->end));
		json_object_object_add(j, "text", jstr(span));
		json_object_object_add(j, "variant", jstr(h->variant));
		json_object_object_add(j, "kind", jstr(h->kind));
		json_object_object_add(j, "confidence", jstr(rw_confidence_name(h->confidence)));
		json_object_object_add(j, "score", json_object_new_int(h->score));
		json_object_object_add(j, "reason", jstr(rw_reason_render(h->reason, 0, why, sizeof(why))));
		json_object_array_add(array, j);
	} else {
		printf("%s\t%zu-%zu\t%s\t%s\t%s\n", h->practitioner, h->start, h->end,
		       _(rw_confidence_name(h->confidence)), span ? span : "", rw_reason_render(h->reason, 1, why, sizeof(why)));
	}
	free(span);
}

/* --page: data read as a review page; its verdict printed (plain) and
 * what it says it is about in *subject, for the hits.  An exit code. */
static int
page_verdict(const rw_config *cfg, const char *data, size_t len, const char *source, int plain, char **subject)
{
	rw_parse_opts o;
	rw_err err = { 0 };
	rw_feed *f;
	rw_analyser *a = NULL;
	rw_page_about *about = NULL;
	rw_page_doubt *doubt = NULL;
	size_t np = cfg->npractitioners ? cfg->npractitioners : 1;
	int rc = EXIT_FINE;

	memset(&o, 0, sizeof(o));
	o.url = source ? source : "https://page.invalid/";   /* a base for the page's relative links */
	o.content_type = "text/html";
	o.text_only = 1;
	if (!(f = rw_parse_page(data, len, &o, NULL, &err))) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	if (!(a = rw_analyser_new(cfg, NULL)) || !(about = calloc(np, sizeof(*about))) ||
	    !(doubt = calloc(np, sizeof(*doubt))) || rw_analyse_page(a, f->subject, source, about) < 0 ||
	    rw_read_page_doubt(a, f, source, about, doubt) < 0 || !(*subject = strdup(f->subject ? f->subject : ""))) {
		cli_error(_("out of memory"));
		rc = EXIT_STORE;
	} else if (plain) {
		fputs(_("the page is about: "), stdout);
		printf("%s\n", f->subject ? f->subject : "");
		rw_record_page_verdict(stdout, cfg, about, doubt);
	}
	free(doubt);
	free(about);
	rw_analyser_free(&a);
	rw_feed_free(f);
	return rc;
}

int
cmd_match(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "practitioner", required_argument, NULL, 'p' },
		{ "source", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "variants", no_argument, NULL, 'V' },
		{ "format", required_argument, NULL, 'f' },
		{ "page", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "plain", *only = NULL, *source = NULL, *path = "-";
	int opt, all = 0, variants = 0, page = 0, rc = EXIT_FINE, found = 0;
	rw_config *cfg;
	rw_store *store = NULL;
	json_object *array = NULL;
	rw_match_set *set = NULL;
	char *data = NULL, *text = NULL;
	size_t len, i, j;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': c->config_path = optarg; break;
		case 'p': only = optarg; break;
		case 's': source = optarg; break;
		case 'a': all = 1; break;
		case 'V': variants = 1; break;
		case 'f': format = optarg; break;
		case 'P': page = 1; break;
		case 'h': match_usage(stdout); return EXIT_FINE;
		default: match_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc - 1 || (strcmp(format, "json") && strcmp(format, "plain"))) {
		match_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind == argc - 1)
		path = argv[optind];
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	if (only) {
		for (i = 0; i < cfg->npractitioners && strcmp(cfg->practitioners[i].id, only); i++)
			;
		if (i == cfg->npractitioners) {
			cli_error(_("no practitioner '%s' in '%s'"), only, c->config_path);
			rw_config_free(&cfg);
			return EXIT_USAGE;
		}
	}
	if (!strcmp(format, "json"))
		array = json_object_new_array();
	if (!variants) {
		data = cli_read_file(path, MATCH_TEXT_MAX, &len);
		if (!data) {
			cli_error(_("cannot read '%s': %s"), path, strerror(errno));
			rc = EXIT_USAGE;
			goto out;
		}
		if (page && (rc = page_verdict(cfg, data, len, source, array == NULL, &text)))
			goto out;
		if (!page)
			text = rw_text_clean(data);
		set = malloc(sizeof(*set));
		if (!text || !set) {
			cli_error(_("out of memory"));
			rc = EXIT_STORE;
			goto out;
		}
	}
	for (i = 0; i < cfg->npractitioners; i++) {
		rw_matcher *m;
		if (only && strcmp(cfg->practitioners[i].id, only))
			continue;
		if (!(m = rw_matcher_new(&cfg->practitioners[i]))) {
			cli_error(_("out of memory"));
			rc = EXIT_STORE;
			goto out;
		}
		if (variants) {
			for (j = 0; j < rw_matcher_nvariants(m); j++) {
				if (array) {
					json_object *v = json_object_new_object();
					json_object_object_add(v, "practitioner", jstr(cfg->practitioners[i].id));
					json_object_object_add(v, "variant", jstr(rw_matcher_variant(m, j)));
					json_object_object_add(v, "kind", jstr(rw_matcher_variant_kind(m, j)));
					json_object_array_add(array, v);
				} else {
					printf("%s\t%s\t%s\n", cfg->practitioners[i].id, rw_matcher_variant(m, j),
					       rw_matcher_variant_kind(m, j));
				}
			}
		} else {
			int r = load_rules(c, &store, m, cfg->practitioners[i].id);
			if (r == 0)
				r = rw_matcher_scan(m, text, source, set);
			else
				rc = EXIT_STORE;
			if (r < 0 && rc == EXIT_STORE) {
				rw_matcher_free(&m);
				goto out;
			}
			if (r < 0) {
				rw_matcher_free(&m);
				cli_error(_("out of memory"));
				rc = EXIT_STORE;
				goto out;
			}
			found += r;
			for (j = 0; j < set->n; j++)
				if (all || set->hits[j].confidence != RW_CONF_NONE)
					print_hit(&set->hits[j], text, array);
		}
		rw_matcher_free(&m);
	}
	if (!variants && !found && !array && c->tty)
		fputs(_("no mention of the practitioner in this text\n"), stderr);
out:
	if (array) {
		if (rc == EXIT_FINE)
			puts(json_object_to_json_string_ext(array, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(array);
	}
	free(set);
	free(text);
	free(data);
	rw_store_close(&store);
	rw_config_free(&cfg);
	return rc;
}
