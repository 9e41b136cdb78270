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
#include "myths.h"
#include "replycheck.h"
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
struct stored {
	int found;
	int64_t id;
	double rating, best;
	char *title, *body, *author, *category, *link;
};

static void
stored_clear(struct stored *s)
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
	struct stored *s = data;

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

/* Mention arg ("12" or "#12") from the store; the exit code on failure. */
static int
load_mention(struct cli *c, const char *arg, struct stored *out)
{
	rw_mention_filter f = { 0 };
	rw_err err = { 0 };
	rw_store *store;
	char *end;
	long long id = strtoll(arg[0] == '#' ? arg + 1 : arg, &end, 10);
	int rc;

	memset(out, 0, sizeof(*out));
	if (*end || id <= 0)
		return cli_error(_("'%s' is not a mention id (see 'repwatch list')"), arg), EXIT_USAGE;
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	f.id = id;
	rc = rw_store_each_mention(store, &f, grab_mention, out, &err);
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		stored_clear(out);
		return EXIT_STORE;
	}
	if (!out->found)
		return cli_error(_("no mention #%lld is stored (see 'repwatch list')"), id), EXIT_USAGE;
	return EXIT_FINE;
}

/* title and body, for language detection and myth matching */
static char *
mention_text(const struct stored *s)
{
	char *t = NULL;

	if (asprintf(&t, "%s\n%s", s->title ? s->title : "", s->body ? s->body : "") < 0)
		return NULL;
	return t;
}

/* Print s wrapped at about 76 columns, each line after indent. */
static void
print_wrapped(const char *s, const char *indent)
{
	const size_t width = 76;
	size_t col = 0;

	while (*s) {
		size_t wl = strcspn(s, " \n"), cols = 0, i;
		for (i = 0; i < wl; i++)
			cols += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (col && col + 1 + cols > width) {
			putchar('\n');
			col = 0;
		}
		if (!col) {
			fputs(indent, stdout);
			col = strlen(indent);
		} else {
			putchar(' ');
			col++;
		}
		fwrite(s, 1, wl, stdout);
		col += cols;
		s += wl;
		if (*s == '\n') {
			putchar('\n');
			col = 0;
		}
		if (*s)
			s++;
	}
	if (col)
		putchar('\n');
}

static void
print_mention_header(const struct stored *s)
{
	printf(_("Mention #%lld (%s)"), (long long)s->id, s->category ? _(s->category) : "?");
	if (s->rating >= 0)
		printf(" %g/%g", s->rating, s->best > 0 ? s->best : 5);
	if (s->author && *s->author)
		printf(_(" by %s"), s->author);
	printf(": %s\n", s->title && *s->title ? s->title : _("(no title)"));
	if (s->link)
		printf("  %s\n", s->link);
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
	struct stored s;
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
		stored_clear(&s);
		return EXIT_USAGE;
	}
	if (!rw_replycheck_choice_count(rc)) {
		cli_error(_("no answer choices: choices.ini is missing from the reply rules folder"));
		rw_replycheck_free(rc);
		stored_clear(&s);
		return EXIT_USAGE;
	}
	text = mention_text(&s);
	if (!o.lang)
		o.lang = rw_replycheck_detect_lang(text ? text : "");
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
		print_mention_header(&s);
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
			print_wrapped(ch.advice, "   ");
		if (!ch.draft) {
			putchar('\n');
			continue;
		}
		printf(_("   Draft:\n"));
		print_wrapped(ch.draft, "     ");
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
	stored_clear(&s);
	return flagged ? REPLY_FLAGGED : EXIT_FINE;
}

/* ---- the myth catalogue (myths.h): the note rebut prints ---- */

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

/* The note for myth id, or (id NULL) for the myth text carries: the shipped
 * catalogue and the user's ($XDG_CONFIG_HOME/repwatch/myths/, which may
 * replace a shipped id). */
static int
myth_note_lookup(const char *id, const char *text, const char *lang, struct myth_note *out)
{
	rw_err problem = { 0 };
	rw_myths *cat = rw_myths_load_default(&problem);
	const rw_myth *m = NULL;
	rw_lang l = !strcmp(lang, "fr") ? RW_LANG_FR : RW_LANG_EN;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (problem.code)
		cli_warn("%s", problem.msg);
	if (cat)
		m = id ? rw_myths_find(cat, id) : text ? rw_myths_match(cat, text, RW_LANG_UNKNOWN, NULL, 1) : NULL;
	if (m) {
		out->id = dup_or_null(m->id);
		out->claim = dup_or_null(rw_myth_claim(m, l));
		out->correction = dup_or_null(rw_myth_correction(m, l));
		for (i = 0; i < m->nsources && out->nsources < MYTH_SOURCES_MAX; i++, out->nsources++) {
			out->sources[out->nsources].name = dup_or_null(m->sources[i].name);
			out->sources[out->nsources].url = dup_or_null(m->sources[i].url);
			out->sources[out->nsources].lang = dup_or_null(m->sources[i].lang);
		}
	}
	rw_myths_free(&cat);
	return m != NULL;
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
	        "the mention's (detected), or --lang.\n\n"
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
	struct stored s = { 0 };
	struct myth_note note;
	const char *myth = NULL, *lang = NULL;
	char *text = NULL, *stored_myth = NULL;
	size_t i;
	int opt, status;

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
		if ((status = load_mention(c, argv[optind], &s)))
			return status;
		text = mention_text(&s);
		if (!myth) {
			/* the myth the scan found in it, if it stored one */
			rw_store *store = cli_open_store(c);
			rw_mention_analysis_row a;
			rw_err err = { 0 };
			if (store && rw_store_get_analysis(store, s.id, &a, &err) == RW_OK && a.found && a.myth[0])
				myth = stored_myth = strdup(a.myth);
			rw_store_close(&store);
		}
		if (s.category && strcmp(s.category, "misinformation") && !myth)
			cli_warn(_("mention #%lld is classified '%s', not 'misinformation'"), (long long)s.id, s.category);
	}
	if (!lang)
		lang = text ? rw_replycheck_detect_lang(text) : "fr";
	if (!myth_note_lookup(myth, text, lang, &note)) {
		if (myth)
			cli_error(_("no myth '%s' in the catalogue (feeds/myths/ or $XDG_CONFIG_HOME/repwatch/myths/)"), myth);
		else
			cli_error(_("no myth of the catalogue matches mention #%lld; name one with --myth"), (long long)s.id);
		free(stored_myth);
		free(text);
		stored_clear(&s);
		return EXIT_USAGE;
	}
	if (s.found) {
		print_mention_header(&s);
		putchar('\n');
	}
	printf(_("Myth: %s\n"), note.id);
	if (note.claim)
		print_wrapped(note.claim, "  ");
	printf(_("\nNote to adapt (general information: check it, and say nothing about a patient):\n"));
	print_wrapped(note.correction ? note.correction : "", "  ");
	printf(_("\nSources:\n"));
	for (i = 0; i < note.nsources; i++)
		printf("  - %s%s%s%s: %s\n", note.sources[i].name ? note.sources[i].name : "",
		       note.sources[i].lang ? " (" : "", note.sources[i].lang ? note.sources[i].lang : "",
		       note.sources[i].lang ? ")" : "", note.sources[i].url);
	myth_note_clear(&note);
	free(stored_myth);
	free(text);
	stored_clear(&s);
	return EXIT_FINE;
}
