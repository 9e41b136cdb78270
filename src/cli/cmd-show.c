/* SPDX-License-Identifier: MIT */
/* cmd-show.c - `repwatch show ID`: one mention, its sightings, its versions
 * with a word-level diff between consecutive ones, and its evidence.
 *
 * The text is the readable record (record.h) that `repwatch evidence` and
 * the tray write and show.  Diff notation, as git's --word-diff=plain:
 * [-deleted words-] {+inserted words+}; on a terminal deletions are also
 * red and insertions green.
 */
#include "cli.h"
#include "i18n.h"
#include "record.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	int64_t id = 0;

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
	rc = rw_record_mention(stdout, store, id, color, &err);
	rw_store_close(&store);
	if (fflush(stdout) != 0 && !rc)
		rc = rw_err_set(&err, RW_E_IO, "cannot write the output: %s", strerror(errno));
	if (rc) {
		cli_error("%s", err.msg);
		return cli_exit_for(rc);
	}
	return EXIT_FINE;
}
