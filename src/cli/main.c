/* SPDX-License-Identifier: MIT */
/* main.c - `repwatch`: the command-line front-end on the core library.
 *
 * A table of subcommands (git's commands[]) says what each needs; every
 * subcommand returns an exit code.  Messages go to stderr, records to stdout.
 */
#include "cli.h"
#include "record.h"
#include "text.h"
#include "i18n.h"
#include "log.h"
#include "paths.h"
#include "rw-config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

volatile sig_atomic_t cli_stop;

/* The subcommands.  words: what `repwatch __complete` (the bash and zsh
 * completion, doc/ and tests/integration/completion.sh) offers after the
 * command: its options ("--name=" when it takes a value, then the values
 * it knows, comma-separated) and its keywords (sub-commands, states).  The
 * completion test checks them against each command's --help. */
static const struct command {
	const char *name;
	int (*fn)(struct cli *, int, char **);
	const char *summary;
	const char *words;
} commands[] = {
	{ "scan", cmd_scan, N_("fetch every source, find and store mentions, report what changed"),
	  "--summary --verbose --force --wait= --notify --help" },
	{ "list", cmd_list, N_("print stored mentions (--format=plain|tsv|json)"),
	  "--new --changed --gone --type=review,misinformation,news,social,publication,other --since= --practitioner= "
	  "--all --format=plain,tsv,json --help" },
	{ "sources", cmd_sources, N_("show each source's state (--format=plain|tsv|json); ls, suggest, add, rm, test, import, export"),
	  "status ls suggest add rm test import export --format=plain,tsv,json --practitioner= --name= "
	  "--category=review,news,social,publication,other --template= --all --help" },
	{ "parse", cmd_parse, N_("read a feed file and print what repwatch sees in it (--format=json)"),
	  "--url= --content-type= --format=plain,json --help" },
	{ "parse-date", cmd_parse_date, N_("print a feed date as UTC ISO 8601 (for checking)"), "--help" },
	{ "init", cmd_init, N_("write a configuration for a practitioner, with sources from templates"),
	  "--specialty= --city= --rpps= --lang=fr,en --force --help" },
	{ "match", cmd_match, N_("find the practitioners in a text: spans, spelling, confidence, why"),
	  "--config= --practitioner= --source= --all --variants --format=plain,json --page --help" },
	{ "classify", cmd_classify, N_("classify a text: language, sentiment, category, health myth"),
	  "--link= --hint= --rating= --lang=fr,en --specialty= --format=plain,json --help" },
	{ "not-me", cmd_not_me, N_("say a mention is about a homonym; learn what told it apart"),
	  "--word= --source --dry-run --undo --list --practitioner= --forget= --help" },
	{ "is-me", cmd_is_me, N_("say an uncertain mention is yours; its page is yours for good"), "--help" },
	{ "reply-check", cmd_reply_check, N_("check a draft reply for breaches of medical secrecy and adverts"),
	  "--lang=fr,en --reviewer= --format=plain,json --help" },
	{ "reply-draft", cmd_reply_draft, N_("the ways to answer a stored review, with safe drafts"),
	  "--lang=fr,en --format=plain,json --help" },
	{ "rebut", cmd_rebut, N_("a myth's neutral correction and sources, for a misinformation mention"),
	  "--myth= --lang=fr,en --help" },
	{ "digest", cmd_digest, N_("print or e-mail the summary of what changed (--print|--send)"),
	  "--print --send --since= --if-due --format=text,html,mime --help" },
	{ "show", cmd_show, N_("print one mention with its sources, versions (word diff) and evidence"),
	  "--color=auto,always,never --help" },
	{ "mark", cmd_mark, N_("mark mentions read, unread, irrelevant or relevant"),
	  "read unread irrelevant relevant not-me --help" },
	{ "export", cmd_export, N_("write everything stored as JSON lines (versions included)"), "--out= --help" },
	{ "evidence", cmd_evidence, N_("write a mention's evidence into a folder, with SHA-256 sums"), "--out= --help" },
	{ "db", cmd_db, N_("check, back up or vacuum the database"), "check backup vacuum salvage --help" },
	{ "schedule", cmd_schedule, N_("say what runs scheduled scans: the systemd timer, cron or the tray"), "--help" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The options before the command, for completion (usage() explains them). */
static const char global_words[] = "--config= --db= --verbose --quiet --debug=net,parse,db,match,mail,all "
                                   "--help --version";

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* Print the words of list (space-separated, "--opt=v1,v2" style) that
 * complete cur, one a line.  An option's values are offered once cur
 * holds "--opt="; strip: leave out that many first characters of an
 * option's values (the value of "--opt VALUE" is a word of its own). */
static void
complete_from(const char *list, const char *cur, size_t strip)
{
	const char *w = list;
	size_t curlen = strlen(cur);
	const char *eq = strchr(cur, '=');
	/* an empty word is completed with the keywords when there are some */
	int keywords_only = !*cur && list[0] != '-';

	while (*w) {
		size_t len = strcspn(w, " ");
		const char *weq = memchr(w, '=', len);
		if (eq && weq && (size_t)(weq - w) == (size_t)(eq - cur) && !strncmp(w, cur, (size_t)(eq - cur))) {
			/* values: --opt=a,b,c */
			const char *v = weq + 1, *end = w + len;
			while (v < end) {
				size_t vl = strcspn(v, ", ");
				if (vl > (size_t)(end - v))
					vl = (size_t)(end - v);
				if (!strncmp(v, eq + 1, strlen(eq + 1)) && vl >= strlen(eq + 1))
					printf("%.*s%.*s\n", (int)(weq - w + 1 - (long)strip), w + strip, (int)vl, v);
				v += vl + (v + vl < end);
			}
		} else if (!eq && len >= curlen && !strncmp(w, cur, curlen) && !(keywords_only && *w == '-')) {
			printf("%.*s\n", (int)(weq ? (size_t)(weq - w + 1) : len), w);
		}
		w += len;
		while (*w == ' ')
			w++;
	}
}

/* `repwatch __complete WORD... CURRENT`: the words that may follow, for the
 * shell completion scripts (desktop/completion/).  Hidden from --help. */
/* The names of the configuration's sources that start with cur (for
 * `sources rm` and `sources test`).  A configuration that does not load
 * offers nothing and says nothing: completion must not print errors. */
static void
complete_source_names(const char *config_path, const char *cur)
{
	rw_err err = { 0 };
	rw_config *cfg = rw_config_load(config_path, &err);
	size_t i;

	for (i = 0; cfg && i < cfg->nsources; i++)
		if (cfg->sources[i].name && !strncmp(cfg->sources[i].name, cur, strlen(cur)) &&
		    !strchr(cfg->sources[i].name, '\n'))
			puts(cfg->sources[i].name);
	rw_config_free(&cfg);
}

static int
complete(struct cli *c, int argc, char **argv)
{
	const char *cur = argc > 1 ? argv[argc - 1] : "";
	const char *config_path = c->config_path;
	const struct command *cmd = NULL;
	int i = 1, help = 0;
	size_t k;

	/* global options with a separate value: -c FILE, --config FILE, --db FILE */
	for (; i < argc - 1 && argv[i][0] == '-'; i++)
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config") || !strcmp(argv[i], "--db") ||
		     !strcmp(argv[i], "--debug")) && i + 1 < argc - 1) {
			if (argv[i][1] == 'c' || !strcmp(argv[i], "--config"))
				config_path = argv[i + 1];
			i++;
		} else if (!strncmp(argv[i], "--config=", 9)) {
			config_path = argv[i] + 9;
		} else if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config") || !strcmp(argv[i], "--db"))
			return EXIT_FINE;        /* completing a file name: the shell's own */
	if (i < argc - 1 && !strcmp(argv[i], "help")) {
		help = 1;
		i++;
	}
	if (i < argc - 1) {
		if (help || !(cmd = find_command(argv[i])))
			return EXIT_FINE;
		if (argc >= 3 && argv[argc - 2][0] == '-' && !strchr(argv[argc - 2], '=')) {
			/* the value of an option that takes one: its known values */
			char opt[64];
			const char *w;
			snprintf(opt, sizeof(opt), "%s=", argv[argc - 2]);
			if ((w = strstr(cmd->words, opt)) && (w == cmd->words || w[-1] == ' ')) {
				char *one = strndup(w, strcspn(w, " ")), *with = NULL;
				if (one && asprintf(&with, "%s%s", opt, cur) >= 0) {
					complete_from(one, with, strlen(opt));
					free(with);
				}
				free(one);
				return EXIT_FINE;
			}
		}
		if (!strcmp(cmd->name, "sources") && i + 2 == argc - 1 &&
		    (!strcmp(argv[i + 1], "rm") || !strcmp(argv[i + 1], "test")) && cur[0] != '-') {
			complete_source_names(config_path, cur);
			return EXIT_FINE;
		}
		complete_from(cmd->words, cur, 0);
		return EXIT_FINE;
	}
	if (cur[0] == '-' && !help) {
		complete_from(global_words, cur, 0);
		return EXIT_FINE;
	}
	for (k = 0; k < NCOMMANDS; k++)
		if (!strncmp(commands[k].name, cur, strlen(cur)))
			puts(commands[k].name);
	if (!help && !strncmp("help", cur, strlen(cur)))
		puts("help");
	return EXIT_FINE;
}

/* A message on stderr after "repwatch: ", with what came from the network
 * inside it made harmless for the terminal (text.h: rw_text_printable). */
static void
say(const char *fmt, va_list ap)
{
	char *msg = NULL, *safe;

	if (vasprintf(&msg, fmt, ap) < 0) {
		fputs("repwatch: out of memory\n", stderr);
		return;
	}
	safe = rw_text_printable(msg, 1);
	fprintf(stderr, "repwatch: %s\n", safe ? safe : msg);
	free(safe);
	free(msg);
}

int
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	return -1;
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

int
cli_exit_for(int status)
{
	switch (status) {
	case RW_OK: return EXIT_FINE;
	case RW_E_USAGE: return EXIT_USAGE;
	case RW_E_BUSY: return EXIT_BUSY;
	case RW_E_INTR: return EXIT_INTR;
	case RW_E_DB: case RW_E_IO: case RW_E_NOMEM: return EXIT_STORE;
	default: return EXIT_SOURCES;
	}
}

static void
log_to_stderr(int level, const char *module, const char *msg, void *data)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	(void)data;
	fprintf(stderr, "repwatch: %s: %s: %s\n", names[level], module, cli_safe(msg));
}

/* mkdir -p for the folders of path, mode 0700 */
static int
make_parent(const char *path)
{
	char *dir = strdup(path), *p;

	if (!dir)
		return -1;
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

rw_config *
cli_load_config(struct cli *c)
{
	rw_err err = { 0 };
	rw_config *cfg = rw_config_load(c->config_path, &err);

	if (!cfg)
		cli_error("%s", err.msg);
	return cfg;
}

rw_store *
cli_open_store(struct cli *c)
{
	rw_err err = { 0 };
	rw_store *s;

	if (make_parent(c->db_path) < 0) {
		cli_error(_("cannot create the folder of '%s': %s"), c->db_path, strerror(errno));
		return NULL;
	}
	s = rw_store_open(c->db_path, &err);
	if (!s)
		cli_error("%s", err.msg);
	return s;
}

/* The commands (argv[0], then their arguments) that only read the
 * database: given a --db FILE that does not exist, a mistyped path, they
 * refuse instead of creating an empty database there.  --help never
 * needs the database. */
static int
reads_only(const char *name, int argc, char **argv)
{
	static const char *const readers[] = { "list", "show", "export", "evidence", "reply-draft", "rebut" };
	size_t i;
	int a;

	for (a = 1; a < argc; a++)
		if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h"))
			return 0;
	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (!strcmp(name, readers[i]))
			return 1;
	if (!strcmp(name, "sources"))
		return argc < 2 || argv[1][0] == '-' || !strcmp(argv[1], "status");
	if (!strcmp(name, "db"))
		return argc >= 2 && !strcmp(argv[1], "backup");   /* db check says it itself (exit 3) */
	if (!strcmp(name, "digest"))
		for (a = 1; a < argc; a++)
			if (!strcmp(argv[a], "--print"))
				return 1;
	return 0;
}

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, _("usage: repwatch [-c FILE] [--db FILE] [-v] [-q] [--debug=LIST] COMMAND [ARGS]\n\n"
	              "Watch what is said online about a practitioner: reviews, news, posts,\n"
	              "health myths; keep the history; say what is new, changed or gone.\n\n"
	              "Commands:\n"));
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(fp, _("\nOptions:\n"
	              "  -c, --config FILE  configuration (default: $XDG_CONFIG_HOME/repwatch/repwatch.conf)\n"
	              "      --db FILE      database (default: $XDG_DATA_HOME/repwatch/repwatch.db)\n"
	              "  -v, --verbose      say more (a summary even when not on a terminal)\n"
	              "  -q, --quiet        say only what went wrong\n"
	              "      --debug=LIST   debug lines for modules: net,parse,db,match,all\n"
	              "  -h, --help         this help;  repwatch COMMAND --help for a command\n"
	              "      --version      print the version\n\n"
	              "Exit codes:\n"
	              "  0    everything worked\n"
	              "  1    a source has now failed [fetch] report_after scans in a row (3),\n"
	              "       named on stderr the first time; the rest was stored.  Fewer\n"
	              "       failures in a row, or a postponed source, leave it 0\n"
	              "       (reply-check, reply-draft: something was flagged, see their --help)\n"
	              "  2    usage or configuration error\n"
	              "  3    the database or the disk refused (nothing already stored is lost),\n"
	              "       or the output could not be written (a full disk)\n"
	              "  4    another scan is running\n"
	              "  130  interrupted; what completed is stored\n\n"
	              "See repwatch(1) and repwatch.conf(5).\n"));
}

static int
run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'D' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "debug", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c;
	const struct command *cmd;
	const char *debug = NULL;
	rw_err perr = { 0 };
	int opt, rc;

	setlocale(LC_ALL, "");
	/* numbers stay "4.5": records (TSV, JSON) and config values are read by
	 * programs, whatever the language of the messages */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(GETTEXT_PACKAGE, getenv("REPWATCH_LOCALEDIR") ? getenv("REPWATCH_LOCALEDIR") : RW_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	rw_err_set_translator(rw_user_gettext);   /* the core's messages too */

	memset(&c, 0, sizeof(c));
	c.tty = isatty(STDERR_FILENO);
	while ((opt = getopt_long(argc, argv, "+c:vqh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config_path = optarg; break;
		case 'D': c.db_path = optarg; c.db_given = 1; break;
		case 'v': c.verbose++; break;
		case 'q': c.quiet = 1; break;
		case 'd': debug = optarg; break;
		case 'h': usage(stdout); return EXIT_FINE;
		case 'V': printf("repwatch %s\n", RW_VERSION); return EXIT_FINE;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	rw_log_set_sink(log_to_stderr, NULL, c.quiet ? RW_LOG_ERROR : c.verbose > 1 ? RW_LOG_INFO : RW_LOG_WARN,
	                debug);
	if (!c.config_path)
		c.config_path = c.owned_config = rw_paths_user(RW_DIR_CONFIG, "repwatch.conf", &perr);
	if (!c.db_path && c.config_path)
		c.db_path = c.owned_db = rw_paths_user(RW_DIR_DATA, "repwatch.db", &perr);
	if (!c.config_path || !c.db_path) {
		cli_error("%s", perr.msg);
		rc = cli_exit_for(perr.code);
		goto out;
	}
	if (!strcmp(argv[optind], "__complete")) {
		rc = complete(&c, argc - optind, argv + optind);
		goto out;
	}
	if (!strcmp(argv[optind], "help") && optind + 1 >= argc) {
		usage(stdout);
		rc = EXIT_FINE;
		goto out;
	}
	if (!strcmp(argv[optind], "help")) {
		/* repwatch help CMD is repwatch CMD --help */
		char *help_argv[] = { argv[optind + 1], (char *)"--help", NULL };
		if (!(cmd = find_command(argv[optind + 1]))) {
			cli_error(_("'%s' is not a repwatch command; see 'repwatch --help'"), argv[optind + 1]);
			rc = EXIT_USAGE;
			goto out;
		}
		rc = cmd->fn(&c, 2, help_argv);
		goto out;
	}
	if ((cmd = find_command(argv[optind]))) {
		optind++;
		if (c.db_given && reads_only(cmd->name, argc - optind + 1, argv + optind - 1) &&
		    access(c.db_path, F_OK) != 0 && errno == ENOENT) {
			cli_error(_("no database at '%s' (--db): check the path; 'repwatch scan' creates the database"),
			          c.db_path);
			rc = EXIT_USAGE;
			goto out;
		}
		rc = cmd->fn(&c, argc - optind + 1, argv + optind - 1);
		goto out;
	}
	cli_error(_("'%s' is not a repwatch command; see 'repwatch --help'"), argv[optind]);
	rc = EXIT_USAGE;
out:
	free(c.owned_config);
	free(c.owned_db);
	return rc;
}

int
main(int argc, char **argv)
{
	int rc = run(argc, argv);

	/* Output errors are checked once, here, for every command: a full disk
	 * must not pass for success (sfeed's checkfileerror).  Exit 3, as
	 * --help and repwatch(1) say. */
	errno = 0;
	if ((fflush(stdout) != 0 || ferror(stdout)) && (rc == EXIT_FINE || rc == EXIT_SOURCES)) {
		/* a command that failed has said why already */
		cli_error(_("cannot write the output: %s"), strerror(errno ? errno : EIO));
		rc = EXIT_STORE;
	}
	return rc;
}
