/* SPDX-License-Identifier: MIT */
/* cmd-classify.c - `repwatch classify`: what repwatch makes of a text.
 *
 * JSON record: {"lang", "sentiment", "label", "category", "reason",
 * "rating", "best", "myth", "claim", "correction", "sources"}: lang "fr",
 * "en" or null; sentiment in [-1, 1]; label negative|neutral|positive;
 * myth the catalogue id or null, with its claim and correction in the
 * text's language and its sources [{"name", "url", "lang"}] ([] when none).
 */
#include "cli.h"
#include "classify.h"
#include "datadir.h"
#include "i18n.h"
#include "text.h"

#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#define CLASSIFY_TEXT_MAX (16u << 20)

static void
classify_usage(FILE *fp)
{
	fputs(_("usage: repwatch classify [--link URL] [--hint CATEGORY] [--rating N/BEST]\n"
	        "                         [--lang fr|en] [--specialty NAME] [--format plain|json]\n"
	        "                         [TEXT-FILE|-]\n\n"
	        "Classify a text as a scan would (standard input when no file is given,\n"
	        "markup removed first): its language, sentiment score and label, category\n"
	        "with the reason, and the health myth it carries with a correction and\n"
	        "sources.  --link and --hint stand for the item's link and its source's\n"
	        "category; --specialty keeps only the myths that specialty watches.\n"), fp);
}

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static int
parse_rating(const char *s, double *v, double *best)
{
	char *end;

	*v = rw_text_strtod(s, &end);
	if (end == s || *end != '/' || *v < 0)
		return -1;
	*best = rw_text_strtod(end + 1, &end);
	if (*end || *best <= 0 || *v > *best)
		return -1;
	return 0;
}

static void
print_json(const rw_classification *cl)
{
	json_object *j = json_object_new_object(), *sources = json_object_new_array();
	rw_lang lang = cl->sentiment.lang;
	char why[sizeof(cl->reason) * 2];
	size_t i;

	json_object_object_add(j, "lang", jstr(rw_lang_name(lang)));
	json_object_object_add(j, "sentiment", json_object_new_double(cl->sentiment.score));
	json_object_object_add(j, "label", jstr(rw_polarity_name(cl->sentiment.label)));
	json_object_object_add(j, "category", jstr(rw_category_name(cl->category)));
	json_object_object_add(j, "reason", jstr(rw_reason_render(cl->reason, 0, why, sizeof(why))));
	json_object_object_add(j, "rating", cl->rating >= 0 ? json_object_new_double(cl->rating) : NULL);
	json_object_object_add(j, "best", cl->rating >= 0 ? json_object_new_double(cl->rating_best) : NULL);
	json_object_object_add(j, "myth", cl->myth ? jstr(cl->myth->id) : NULL);
	json_object_object_add(j, "stance", cl->myth ? jstr(rw_stance_name(cl->stance)) : NULL);
	json_object_object_add(j, "stance_reason", cl->myth ? jstr(rw_stance_reason_name(cl->stance_reason)) : NULL);
	json_object_object_add(j, "claim", cl->myth ? jstr(rw_myth_claim(cl->myth, lang)) : NULL);
	json_object_object_add(j, "correction", cl->myth ? jstr(rw_myth_correction(cl->myth, lang)) : NULL);
	for (i = 0; cl->myth && i < cl->myth->nsources; i++) {
		json_object *s = json_object_new_object();
		json_object_object_add(s, "name", jstr(cl->myth->sources[i].name));
		json_object_object_add(s, "url", jstr(cl->myth->sources[i].url));
		json_object_object_add(s, "lang", jstr(cl->myth->sources[i].lang));
		json_object_array_add(sources, s);
	}
	json_object_object_add(j, "sources", sources);
	puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
}

/* The stance, in the reader's words. */
static const char *
stance_words(rw_stance st)
{
	switch (st) {
	case RW_STANCE_REFUTE: return _("refutes it");
	case RW_STANCE_REPORT: return _("reports it");
	case RW_STANCE_QUESTION: return _("questions it");
	default: return _("asserts it");
	}
}

static void
print_plain(const rw_classification *cl)
{
	rw_lang lang = cl->sentiment.lang;
	const char *mine = rw_user_lang();   /* the myth in the reader's language */
	rw_lang ml = !mine ? lang : !strcmp(mine, "fr") ? RW_LANG_FR : RW_LANG_EN;
	char why[sizeof(cl->reason) * 2];
	size_t i;

	printf(_("language: %s\n"), rw_lang_name(lang) ? rw_lang_name(lang) : _("unknown"));
	printf(_("sentiment: %+.2f (%s)\n"), cl->sentiment.score, _(rw_polarity_name(cl->sentiment.label)));
	printf(_("category: %s (%s)\n"), _(rw_category_name(cl->category)),
	       rw_reason_render(cl->reason, 1, why, sizeof(why)));
	if (cl->rating >= 0)
		printf(_("rating: %g/%g\n"), cl->rating, cl->rating_best);
	if (!cl->myth)
		return;
	printf(_("myth: %s: %s\n"), cl->myth->id, rw_myth_claim(cl->myth, ml) ? rw_myth_claim(cl->myth, ml) : "");
	printf(_("stance: %s (%s)\n"), stance_words(cl->stance), _(rw_stance_reason_name(cl->stance_reason)));
	if (rw_myth_correction(cl->myth, ml))
		printf(_("correction: %s\n"), rw_myth_correction(cl->myth, ml));
	for (i = 0; i < cl->myth->nsources; i++)
		printf("  - %s <%s>\n", cl->myth->sources[i].name, cl->myth->sources[i].url);
}

int
cmd_classify(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "link", required_argument, NULL, 'l' },
		{ "hint", required_argument, NULL, 'H' },
		{ "rating", required_argument, NULL, 'r' },
		{ "lang", required_argument, NULL, 'L' },
		{ "specialty", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "plain", *link = NULL, *hint = NULL, *path = "-", *specialty = NULL;
	double rating = -1, best = -1;
	rw_classify_ctx ctx;
	rw_classification cl;
	rw_myths *myths = NULL;
	rw_lexicon *lx = NULL;
	rw_stance_cues *cues = NULL;
	rw_err problem = { 0 }, lerr = { 0 }, serr = { 0 };
	char dir[4096], *data, *text;
	size_t len;
	int opt;

	(void)c;
	memset(&ctx, 0, sizeof(ctx));
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': link = optarg; break;
		case 'H':
			if (rw_category_from_name(optarg) < 0) {
				cli_error(_("unknown category '%s' (review, misinformation, news, social, publication, other)"), optarg);
				return EXIT_USAGE;
			}
			hint = optarg;
			break;
		case 'r':
			if (parse_rating(optarg, &rating, &best) < 0) {
				cli_error(_("'%s' is not a rating such as 4/5"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 'L':
			if ((ctx.lang = rw_lang_from_name(optarg)) == RW_LANG_UNKNOWN) {
				cli_error(_("unknown language '%s' (fr or en)"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 's': specialty = optarg; break;
		case 'f': format = optarg; break;
		case 'h': classify_usage(stdout); return EXIT_FINE;
		default: classify_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc - 1 || (strcmp(format, "json") && strcmp(format, "plain"))) {
		classify_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind == argc - 1)
		path = argv[optind];
	if (specialty && !(ctx.specialty = rw_specialty_find(specialty))) {
		cli_error(_("unknown specialty '%s' (see repwatch.conf(5))"), specialty);
		return EXIT_USAGE;
	}
	ctx.all_myths = !specialty;
	data = cli_read_file(path, CLASSIFY_TEXT_MAX, &len);
	if (!data) {
		cli_error(_("cannot read '%s': %s"), path, strerror(errno));
		return EXIT_USAGE;
	}
	text = rw_text_clean(data);
	free(data);
	myths = rw_myths_load_default(&problem);
	if (problem.code)
		cli_warn("%s", problem.msg);
	if (rw_data_path("lexicons", dir, sizeof(dir)) && !(lx = rw_lexicon_load(dir, &lerr)))
		cli_warn(_("%s; the sentiment reads neutral"), lerr.msg);
	if (!(cues = rw_stance_load_default(&serr)))
		cli_warn(_("%s; every myth found counts as asserted"), serr.msg);
	if (!text || !myths) {
		free(text);
		rw_myths_free(&myths);
		rw_lexicon_free(&lx);
		rw_stance_free(&cues);
		cli_error(_("out of memory"));
		return EXIT_STORE;
	}
	ctx.myths = myths;
	ctx.lexicon = lx;
	ctx.stance = cues;
	rw_classify_ex(&ctx, text, link, hint, rating, best, &cl);
	if (!strcmp(format, "json"))
		print_json(&cl);
	else
		print_plain(&cl);
	free(text);
	rw_myths_free(&myths);
	rw_lexicon_free(&lx);
	rw_stance_free(&cues);
	return EXIT_FINE;
}
