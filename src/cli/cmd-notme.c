/* SPDX-License-Identifier: MIT */
/* cmd-notme.c - `repwatch not-me`: this mention is about someone else, and
 * what tells so; the rule learned applies to later scans.  `repwatch
 * is-me`: this one is mine (an uncertain mention's page settled hers).
 *
 * Also the hook for `repwatch mark ID not-me [options]`: call cmd_not_me()
 * with argv[0] = "not-me", argv[1] = ID and the options after.
 */
#include "cli.h"
#include "date.h"
#include "i18n.h"
#include "notme.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
notme_usage(FILE *fp)
{
	fputs(_("usage: repwatch not-me ID [--word WORD]... [--source] [--dry-run]\n"
	        "       repwatch not-me --undo ID\n"
	        "       repwatch not-me --list [--practitioner ID]\n"
	        "       repwatch not-me --forget RULE\n\n"
	        "Say that mention ID is about someone else (a homonym).  It leaves the\n"
	        "listings, and repwatch learns what told it apart, for later scans:\n"
	        "  --word WORD  a word or phrase of the text that is not about you\n"
	        "               (\"avocate\", \"handball\"); each counts -3 for a later mention\n"
	        "  --source     nothing from this mention's source is about you\n"
	        "Without either, the words of the text that speak against you (another\n"
	        "profession or city, a homonym's words) are learned, when there are any.\n"
	        "A mention marked uncertain (nothing tells you from a namesake) settles\n"
	        "its page: nothing from it is about you, for good ('repwatch is-me ID'\n"
	        "the other way).\n"
	        "--undo shows the mention again (rules stay: --forget them); --list shows\n"
	        "the rules and --forget RULE removes one.\n"), fp);
}

static int
print_rule(int64_t id, const char *practitioner, const char *kind, const char *value, int64_t mention_id,
           int64_t created, void *data)
{
	char d[32];

	(void)data;
	rw_date_format(created, d, sizeof(d));
	printf("%lld\t%s\t%s\t%s\t", (long long)id, practitioner, kind, value);
	if (mention_id)
		printf("#%lld", (long long)mention_id);
	printf("\t%s\n", d);
	return 0;
}

static int
parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s[0] == '#' ? s + 1 : s, &end, 10);

	if (end == s || *end || v <= 0)
		return cli_error(_("'%s' is not a mention number (see 'repwatch list')"), s);
	*id = v;
	return 0;
}

static int
learn(struct cli *c, rw_store *store, int64_t id, char **words, size_t nwords, int source, int dry_run)
{
	rw_notme_result r;
	rw_err err = { 0 };
	rw_config *cfg = NULL;
	size_t i;
	int rc;

	/* the profile tells which words speak against the practitioner */
	if (!nwords && !source)
		cfg = cli_load_config(c);
	rc = rw_notme_learn(store, cfg, id, (const char *const *)words, nwords, source, dry_run, (int64_t)time(NULL),
	                    &r, &err);
	rw_config_free(&cfg);
	if (rc == RW_E_USAGE && !r.found)
		cli_error(_("no mention #%lld (see 'repwatch list')"), (long long)id);
	else if (rc == RW_E_USAGE && source && !r.source_url[0])
		cli_error(_("mention #%lld has no source on record; give a word with --word"), (long long)id);
	else if (rc)
		cli_error("%s", err.msg);
	if (rc) {
		rw_notme_result_clear(&r);
		return rc == RW_E_USAGE ? EXIT_USAGE : EXIT_STORE;
	}
	if (r.uncertain && !nwords)
		source = 1;   /* an uncertain mention: its page is what is settled (notme.h) */
	for (i = 0; i < r.nwords; i++)
		if (dry_run)
			printf(_("would learn: the word '%s' counts against %s\n"), r.words[i], r.practitioner);
		else
			printf(_("learned rule %lld: the word '%s' counts against %s\n"), (long long)r.word_rules[i], r.words[i],
			       r.practitioner);
	if (source && dry_run)
		printf(_("would learn: nothing from %s is about %s\n"), r.source_url, r.practitioner);
	else if (source)
		printf(_("learned rule %lld: nothing from %s is about %s\n"), (long long)r.source_rule, r.source_url,
		       r.practitioner);
	for (i = 0; i < nwords; i++)
		if (!r.text || !strcasestr(r.text, words[i]))
			cli_warn(_("'%s' is not in mention #%lld as written; it is learned anyway"), words[i], (long long)id);
	if (!dry_run)
		printf(_("mention #%lld is marked as not about %s\n"), (long long)id, r.practitioner);
	if (!r.nwords && !source)
		cli_warn(_("nothing in mention #%lld tells the other person apart: no rule learned; "
		           "teach one with --word WORD or --source"), (long long)id);
	rw_notme_result_clear(&r);
	return EXIT_FINE;
}

int
cmd_not_me(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "word", required_argument, NULL, 'w' },
		{ "source", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "undo", no_argument, NULL, 'u' },
		{ "list", no_argument, NULL, 'l' },
		{ "practitioner", required_argument, NULL, 'p' },
		{ "forget", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *words[RW_NOTME_MAX_WORDS];
	size_t nwords = 0;
	const char *practitioner = NULL, *forget = NULL;
	int opt, source = 0, dry_run = 0, undo = 0, list = 0, rc = EXIT_FINE;
	int64_t id = 0;
	rw_store *store;
	rw_err err = { 0 };

	optind = 0;
	while ((opt = getopt_long(argc, argv, "w:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			if (nwords == RW_NOTME_MAX_WORDS) {
				cli_error(_("at most %d words at a time"), RW_NOTME_MAX_WORDS);
				return EXIT_USAGE;
			}
			if (!*optarg || strlen(optarg) > 200) {
				cli_error(_("a word must have 1 to 200 bytes: '%s'"), optarg);
				return EXIT_USAGE;
			}
			words[nwords++] = optarg;
			break;
		case 's': source = 1; break;
		case 'n': dry_run = 1; break;
		case 'u': undo = 1; break;
		case 'l': list = 1; break;
		case 'p': practitioner = optarg; break;
		case 'F': forget = optarg; break;
		case 'h': notme_usage(stdout); return EXIT_FINE;
		default: notme_usage(stderr); return EXIT_USAGE;
		}
	}
	if (list || forget) {
		if (optind != argc || (list && forget)) {
			notme_usage(stderr);
			return EXIT_USAGE;
		}
	} else if (optind != argc - 1 || parse_id(argv[optind], &id) < 0) {
		notme_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	if (list) {
		if (rw_store_each_not_me(store, practitioner, print_rule, NULL, &err)) {
			cli_error("%s", err.msg);
			rc = EXIT_STORE;
		}
	} else if (forget) {
		int64_t rule = 0;
		int gone = 0;
		if (parse_id(forget, &rule) < 0)
			rc = EXIT_USAGE;
		else if (rw_store_forget_not_me(store, rule, &gone, &err)) {
			cli_error("%s", err.msg);
			rc = EXIT_STORE;
		} else if (!gone) {
			cli_error(_("no not-me rule %lld (see 'repwatch not-me --list')"), (long long)rule);
			rc = EXIT_USAGE;
		} else {
			printf(_("rule %lld forgotten\n"), (long long)rule);
		}
	} else if (undo) {
		int r = rw_notme_undo(store, id, &err);
		if (r == RW_E_USAGE) {
			cli_error(_("no mention #%lld (see 'repwatch list')"), (long long)id);
			rc = EXIT_USAGE;
		} else if (r) {
			cli_error("%s", err.msg);
			rc = EXIT_STORE;
		} else {
			printf(_("mention #%lld is listed again\n"), (long long)id);
		}
	} else {
		rc = learn(c, store, id, words, nwords, source, dry_run);
	}
	rw_store_close(&store);
	return rc;
}

static void
isme_usage(FILE *fp)
{
	fputs(_("usage: repwatch is-me ID\n\n"
	        "Say that mention ID is about you after all: a mention marked uncertain\n"
	        "(the same name, city and specialty as another practitioner, and nothing\n"
	        "that tells you apart) or one you marked not-me.  The page it was found\n"
	        "on is yours for good: later scans store what it lists as yours, no\n"
	        "longer uncertain, and a not-me rule on that page is forgotten.  The\n"
	        "other way, 'repwatch not-me ID' settles an uncertain mention's page as\n"
	        "not yours.\n"), fp);
}

int
cmd_is_me(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	rw_notme_result r;
	rw_store *store;
	rw_err err = { 0 };
	int64_t id = 0;
	int opt, rc = EXIT_FINE;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': isme_usage(stdout); return EXIT_FINE;
		default: isme_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || parse_id(argv[optind], &id) < 0) {
		isme_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	rc = rw_notme_is_me(store, id, (int64_t)time(NULL), &r, &err);
	if (rc == RW_E_USAGE) {
		cli_error(_("no mention #%lld (see 'repwatch list')"), (long long)id);
		rc = EXIT_USAGE;
	} else if (rc) {
		cli_error("%s", err.msg);
		rc = EXIT_STORE;
	} else {
		printf(_("mention #%lld is about %s\n"), (long long)id, r.practitioner);
		if (r.source_url[0])
			printf(_("%s is %s's page: later scans store what it lists as hers\n"), r.source_url, r.practitioner);
		rc = EXIT_FINE;
	}
	rw_notme_result_clear(&r);
	rw_store_close(&store);
	return rc;
}
