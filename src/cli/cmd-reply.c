/* SPDX-License-Identifier: MIT */
/* cmd-reply.c - `repwatch reply-check`, `reply-draft` and `rebut`: answering
 * without breaking medical secrecy.
 *
 * reply-check reads a draft and prints what replycheck.h flags; its exit
 * code says whether anything was flagged (0 clean, 1 flagged), so a script
 * can refuse to publish.  reply-draft prints, for a stored review, the
 * answer choices of feeds/replycheck/choices.ini with their drafts, each
 * checked.  rebut prints a myth's neutral correction and its sources.
 * Record formats (repwatch(1)):
 *   reply-check --format=json: {"lang", "clean", "truncated", "flags": [{"start",
 *   "end", "text", "kind", "detail", "reason", "rule"}]}; offsets are bytes.
 *   reply-draft --format=json: {"id", "category", "author", "title", "lang",
 *   "choices": [{"id", "public", "title", "advice", "draft", "check"}]}, where
 *   check is reply-check's object for the draft, or null.
 */
#include "cli.h"
#include "i18n.h"
#include "record.h"
#include "replycheck.h"
#include "sentiment.h"
#include "rw-config.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Exit codes of reply-check (they differ from scan's, see --help). */
enum { REPLY_CLEAN = 0, REPLY_FLAGGED = 1 };

/* The shipped rules, then the user's: NULL (reported) when they do not load. */
static rw_replycheck *
load_checker(void)
{
	rw_err err = { 0 };
	rw_replycheck *rc = rw_replycheck_load_default(&err);

	if (!rc)
		cli_error("%s", err.msg);
	return rc;
}

static int
parse_lang_opt(const char *s, const char **out)
{
	if (strcmp(s, "fr") && strcmp(s, "en"))
		return cli_error(_("unknown language '%s' (fr or en)"), s);
	*out = s;
	return 0;
}

/* --format plain|json: *json is set to 1 for json */
static int
parse_format_opt(const char *s, int *json)
{
	if (strcmp(s, "plain") && strcmp(s, "json"))
		return cli_error(_("unknown format '%s' (plain or json)"), s);
	*json = !strcmp(s, "json");
	return 0;
}

/* Read all of path ("-": standard input), at most max bytes. */
static char *
read_input(const char *path, size_t max)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t len = 0, alloc = 8192, n;
	char *buf;

	if (!fp) {
		cli_error(_("cannot read '%s': %s"), path, strerror(errno));
		return NULL;
	}
	buf = malloc(alloc);
	while (buf && (n = fread(buf + len, 1, alloc - len - 1, fp)) > 0) {
		len += n;
		if (len > max) {
			cli_error(_("'%s' is longer than %zu bytes: a reply to a review is shorter"), path, max);
			free(buf);
			buf = NULL;
			break;
		}
		if (alloc - len - 1 == 0) {
			char *grown = realloc(buf, alloc * 2);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
			alloc *= 2;
		}
	}
	if (buf && ferror(fp)) {
		cli_error(_("cannot read '%s': %s"), path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (fp != stdin)
		fclose(fp);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static const char *
kind_label(rw_reply_kind k)
{
	switch (k) {
	case RW_REPLY_CARE: return _("care relationship");
	case RW_REPLY_MEDICAL: return _("medical term");
	case RW_REPLY_DATE: return _("date or time");
	case RW_REPLY_RELATIVE: return _("relative");
	case RW_REPLY_NAME: return _("reviewer's name");
	case RW_REPLY_PROMO: return _("promotional");
	default: return "?";
	}
}

/* The draft with each flagged part in [[ ]] followed by its number. */
static void
print_marked(FILE *fp, const char *draft, const rw_reply_report *r)
{
	size_t pos, len = strlen(draft), i;

	for (pos = 0; pos <= len; pos++) {
		for (i = r->count; i-- > 0;)
			if (r->flags[i].end == pos)
				fprintf(fp, "]]%zu", i + 1);
		for (i = 0; i < r->count; i++)
			if (r->flags[i].start == pos)
				fputs("[[", fp);
		if (pos < len)
			fputc(draft[pos], fp);
	}
	if (len && draft[len - 1] != '\n')
		fputc('\n', fp);
}

static void
print_flags(FILE *fp, const char *draft, const rw_reply_report *r, const char *indent)
{
	size_t i;

	for (i = 0; i < r->count; i++) {
		const rw_reply_flag *f = &r->flags[i];
		fprintf(fp, "%s%zu. %s (%zu-%zu) \"%.*s\": %s\n", indent, i + 1, kind_label(f->kind),
		        f->start, f->end, (int)(f->end - f->start), draft + f->start, f->reason);
	}
	if (r->truncated)
		fprintf(fp, _("%s(more flags than shown: the draft is not a reply)\n"), indent);
}

static json_object *
report_json(const char *draft, const rw_reply_report *r)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	size_t i;

	json_object_object_add(o, "lang", json_object_new_string(r->lang));
	json_object_object_add(o, "clean", json_object_new_boolean(r->count == 0));
	json_object_object_add(o, "truncated", json_object_new_boolean(r->truncated));
	for (i = 0; i < r->count; i++) {
		const rw_reply_flag *f = &r->flags[i];
		json_object *j = json_object_new_object();
		json_object_object_add(j, "start", json_object_new_int64((int64_t)f->start));
		json_object_object_add(j, "end", json_object_new_int64((int64_t)f->end));
		json_object_object_add(j, "text", json_object_new_string_len(draft + f->start, (int)(f->end - f->start)));
		json_object_object_add(j, "kind", json_object_new_string(rw_reply_kind_name(f->kind)));
		json_object_object_add(j, "detail", f->detail ? json_object_new_string(f->detail) : NULL);
		json_object_object_add(j, "reason", json_object_new_string(f->reason));
		json_object_object_add(j, "rule", json_object_new_string(f->origin));
		json_object_array_add(a, j);
	}
	json_object_object_add(o, "flags", a);
	return o;
}

static void
reply_check_usage(FILE *fp)
{
	fputs(_("usage: repwatch reply-check [FILE|-] [--lang fr|en] [--reviewer NAME]\n"
	        "                            [--format plain|json]\n\n"
	        "Check a draft reply to a review (standard input when no FILE, or '-') for what\n"
	        "would breach medical secrecy or advertise: a care relationship (\"lors de votre\n"
	        "consultation\", \"your procedure\"), a condition, symptom, treatment or drug, a date\n"
	        "or time of a visit, a relative, the reviewer's name (--reviewer), promotional\n"
	        "wording.  Each flag comes with its span (byte offsets) and a reason in the\n"
	        "draft's language (detected, or --lang).  The rules are data files: see\n"
	        "repwatch(1); add yours under $XDG_CONFIG_HOME/repwatch/replycheck/.\n\n"
	        "Exit codes (for scripts; they differ from scan's):\n"
	        "  0  nothing flagged\n"
	        "  1  something was flagged: do not publish the draft as it is\n"
	        "  2  usage error, unreadable draft, or a rule file with an error (file:line)\n"
	        "  3  out of memory\n"), fp);
}

int
cmd_reply_check(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "reviewer", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	rw_replycheck_opts o = { 0 };
	const char *path = "-";
	rw_reply_report *rep = NULL;
	rw_replycheck *rc;
	rw_err err = { 0 };
	char *draft;
	int opt, json = 0, status;

	(void)c;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (parse_lang_opt(optarg, &o.lang) < 0)
				return EXIT_USAGE;
			break;
		case 'r': o.reviewer = optarg; break;
		case 'f':
			if (parse_format_opt(optarg, &json) < 0)
				return EXIT_USAGE;
			break;
		case 'h': reply_check_usage(stdout); return EXIT_FINE;
		default: reply_check_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc) {
		reply_check_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(draft = read_input(path, RW_REPLY_MAX_DRAFT)))
		return EXIT_USAGE;
	if (!(rc = load_checker())) {
		free(draft);
		return EXIT_USAGE;
	}
	status = rw_replycheck_run(rc, draft, &o, &rep, &err);
	if (status) {
		cli_error("%s", err.msg);
		rw_replycheck_free(rc);
		free(draft);
		return status == RW_E_NOMEM ? EXIT_STORE : EXIT_USAGE;
	}
	if (json) {
		json_object *j = report_json(draft, rep);
		puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(j);
	} else if (rep->count) {
		print_marked(stdout, draft, rep);
		putchar('\n');
		print_flags(stdout, draft, rep, "");
	} else {
		printf(_("nothing flagged (checked as %s)\n"), rep->lang);
	}
	status = rep->count ? REPLY_FLAGGED : REPLY_CLEAN;
	rw_reply_report_free(rep);
	rw_replycheck_free(rc);
	free(draft);
	return status;
}

/* ---- a stored mention ---- */

/* Mention arg ("12" or "#12") from the store; the exit code on failure. */
/* The mention id arg ("12" or "#12") names: *id; the exit code on failure. */
static int
parse_mention_id(const char *arg, int64_t *id)
{
	char *end;
	long long n = strtoll(arg[0] == '#' ? arg + 1 : arg, &end, 10);

	if (*end || n <= 0)
		return cli_error(_("'%s' is not a mention id (see 'repwatch list')"), arg), EXIT_USAGE;
	*id = n;
	return EXIT_FINE;
}

static int
load_mention(struct cli *c, const char *arg, rw_record_brief *out)
{
	rw_err err = { 0 };
	rw_store *store;
	int64_t id;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = parse_mention_id(arg, &id)))
		return rc;
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	rc = rw_record_brief_load(store, id, out, &err);
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		rw_record_brief_clear(out);
		return cli_exit_for(rc);
	}
	return EXIT_FINE;
}

static void
reply_draft_usage(FILE *fp)
{
	fputs(_("usage: repwatch reply-draft ID [--lang fr|en] [--format plain|json]\n\n"
	        "For a stored review (ID from 'repwatch list'), print the ways to answer that the\n"
	        "medical council describes: not answering; a general public reply that confirms\n"
	        "nothing; an invitation to contact the practice privately; asking the platform to\n"
	        "remove an unlawful review; the insurer and legal routes.  Each public choice\n"
	        "comes with a neutral draft, checked by reply-check with the reviewer's name.\n"
	        "The language is the review's (detected), or --lang.  The choices are data:\n"
	        "feeds/replycheck/choices.ini, overridden by\n"
	        "$XDG_CONFIG_HOME/repwatch/replycheck/choices.ini.  --format json prints one\n"
	        "object for tools (see repwatch(1)).\n\n"
	        "Exit codes: 0 every draft passes reply-check; 1 a draft was flagged (an edited\n"
	        "choices.ini); 2 usage or rule file error, or no such mention; 3 the database\n"
	        "refused.\n"), fp);
}

int
cmd_reply_draft(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	rw_record_brief s;
	rw_replycheck_opts o = { 0 };
	rw_replycheck *rc;
	json_object *jroot = NULL, *jchoices = NULL;
	char *text;
	size_t i;
	int opt, status, flagged = 0, json = 0;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (parse_lang_opt(optarg, &o.lang) < 0)
				return EXIT_USAGE;
			break;
		case 'f':
			if (parse_format_opt(optarg, &json) < 0)
				return EXIT_USAGE;
			break;
		case 'h': reply_draft_usage(stdout); return EXIT_FINE;
		default: reply_draft_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		reply_draft_usage(stderr);
		return EXIT_USAGE;
	}
	if ((status = load_mention(c, argv[optind], &s)))
		return status;
	if (!(rc = load_checker())) {
		rw_record_brief_clear(&s);
		return EXIT_USAGE;
	}
	if (!rw_replycheck_choice_count(rc)) {
		cli_error(_("no answer choices: choices.ini is missing from the reply rules folder"));
		rw_replycheck_free(rc);
		rw_record_brief_clear(&s);
		return EXIT_USAGE;
	}
	text = rw_record_brief_text(&s);
	if (!o.lang)
		o.lang = rw_lang_detect_name(text, "fr");
	o.reviewer = s.author;
	if (s.category && strcmp(s.category, "review"))
		cli_warn(_("mention #%lld is classified '%s', not 'review': the choices are written for reviews"),
		         (long long)s.id, s.category);
	if (json) {
		jroot = json_object_new_object();
		jchoices = json_object_new_array();
		json_object_object_add(jroot, "id", json_object_new_int64(s.id));
		json_object_object_add(jroot, "category", s.category ? json_object_new_string(s.category) : NULL);
		json_object_object_add(jroot, "author", s.author ? json_object_new_string(s.author) : NULL);
		json_object_object_add(jroot, "title", s.title ? json_object_new_string(s.title) : NULL);
		json_object_object_add(jroot, "lang", json_object_new_string(o.lang));
	} else {
		rw_record_brief_header(stdout, &s);
		putchar('\n');
	}
	for (i = 0; i < rw_replycheck_choice_count(rc); i++) {
		rw_reply_choice ch;
		rw_reply_report *rep = NULL;
		rw_err err = { 0 };

		rw_replycheck_choice(rc, i, o.lang, &ch);
		if (json) {
			json_object *j = json_object_new_object();
			json_object_object_add(j, "id", json_object_new_string(ch.id));
			json_object_object_add(j, "public", json_object_new_boolean(ch.is_public));
			json_object_object_add(j, "title", json_object_new_string(ch.title));
			json_object_object_add(j, "advice", json_object_new_string(ch.advice));
			json_object_object_add(j, "draft", ch.draft ? json_object_new_string(ch.draft) : NULL);
			if (ch.draft && rw_replycheck_run(rc, ch.draft, &o, &rep, &err) == RW_OK) {
				json_object_object_add(j, "check", report_json(ch.draft, rep));
				flagged |= rep->count > 0;
			} else {
				if (ch.draft) {
					cli_error("%s", err.msg);
					flagged = 1;
				}
				json_object_object_add(j, "check", NULL);
			}
			rw_reply_report_free(rep);
			json_object_array_add(jchoices, j);
			continue;
		}
		printf("%zu. %s%s\n", i + 1, ch.title, ch.is_public ? _(" [public reply]") : "");
		if (*ch.advice)
			rw_record_wrapped(stdout, ch.advice, "   ");
		if (!ch.draft) {
			putchar('\n');
			continue;
		}
		printf(_("   Draft:\n"));
		rw_record_wrapped(stdout, ch.draft, "     ");
		if (rw_replycheck_run(rc, ch.draft, &o, &rep, &err)) {
			cli_error("%s", err.msg);
			flagged = 1;
		} else if (rep->count) {
			printf(_("   reply-check flags this draft:\n"));
			print_flags(stdout, ch.draft, rep, "     ");
			flagged = 1;
		} else {
			printf(_("   reply-check: nothing flagged\n"));
		}
		rw_reply_report_free(rep);
		putchar('\n');
	}
	if (json) {
		json_object_object_add(jroot, "choices", jchoices);
		puts(json_object_to_json_string_ext(jroot, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(jroot);
	}
	free(text);
	rw_replycheck_free(rc);
	rw_record_brief_clear(&s);
	return flagged ? REPLY_FLAGGED : EXIT_FINE;
}

/* ---- the myth note (record.h) ---- */

static void
warn_msg(const char *msg, void *data)
{
	(void)data;
	cli_warn("%s", msg);
}

static void
rebut_usage(FILE *fp)
{
	fputs(_("usage: repwatch rebut ID [--myth MYTH-ID] [--lang fr|en]\n"
	        "       repwatch rebut --myth MYTH-ID [--lang fr|en]\n\n"
	        "For a stored mention that carries a health myth (ID from 'repwatch list\n"
	        "--type misinformation'), print the myth's neutral correction and reputable\n"
	        "sources from the catalogue (feeds/myths/, and yours under\n"
	        "$XDG_CONFIG_HOME/repwatch/myths/) as a note to adapt before publishing.\n"
	        "The myth is the one the mention's text carries, or --myth.  The language is\n"
	        "yours (LANG), or --lang; in the C locale, the mention's (detected).\n\n"
	        "Exit codes: 0 a note was printed; 2 usage error, no such mention, or no myth\n"
	        "of the catalogue matches; 3 the database refused.\n"), fp);
}

int
cmd_rebut(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "myth", required_argument, NULL, 'm' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *myth = NULL, *lang = NULL;
	rw_store *store = NULL;
	rw_err err = { 0 };
	int64_t id = 0;
	int opt, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'm': myth = optarg; break;
		case 'l':
			if (parse_lang_opt(optarg, &lang) < 0)
				return EXIT_USAGE;
			break;
		case 'h': rebut_usage(stdout); return EXIT_FINE;
		default: rebut_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind + 1 < argc || (optind == argc && !myth)) {
		rebut_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind < argc) {
		if ((rc = parse_mention_id(argv[optind], &id)))
			return rc;
		if (!(store = cli_open_store(c)))
			return EXIT_STORE;
	}
	rc = rw_record_rebut(stdout, store, id, myth, lang, warn_msg, NULL, &err);
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		return cli_exit_for(rc);
	}
	return EXIT_FINE;
}
