/* SPDX-License-Identifier: MIT */
/* cmd-mark.c - `repwatch mark ID... read|unread|irrelevant|relevant`. */
#include "cli.h"
#include "i18n.h"

#include <string.h>

static void
mark_usage(FILE *fp)
{
	fputs(_("usage: repwatch mark ID [ID...] read|unread|irrelevant|relevant\n\n"
	        "Mark mentions (ids as 'repwatch list' shows them).  An irrelevant mention\n"
	        "(a namesake, say) stays stored with its history and evidence, and is left\n"
	        "out of 'repwatch list' unless --all; 'relevant' undoes it.\n"), fp);
}

int
cmd_mark(struct cli *c, int argc, char **argv)
{
	static const char *const names[] = {
		[RW_MARK_READ] = "read", [RW_MARK_UNREAD] = "unread",
		[RW_MARK_IRRELEVANT] = "irrelevant", [RW_MARK_RELEVANT] = "relevant",
	};
	rw_err err = { 0 };
	rw_store *store;
	int i, rc = RW_OK;
	int64_t id;
	size_t m;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		mark_usage(stdout);
		return EXIT_FINE;
	}
	if (argc < 3) {
		mark_usage(stderr);
		return EXIT_USAGE;
	}
	for (m = 0; m < sizeof(names) / sizeof(names[0]) && strcmp(argv[argc - 1], names[m]); m++)
		;
	if (m == sizeof(names) / sizeof(names[0])) {
		cli_error(_("'%s' is not a mark (read, unread, irrelevant or relevant)"), argv[argc - 1]);
		return EXIT_USAGE;
	}
	for (i = 1; i < argc - 1; i++)
		if (cli_parse_id(argv[i], &id) < 0)
			return EXIT_USAGE;
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	/* one transaction: all marked, or none */
	if (!(rc = rw_store_begin(store, &err))) {
		for (i = 1; i < argc - 1 && !rc; i++) {
			cli_parse_id(argv[i], &id);
			rc = rw_store_mark(store, id, (rw_mark)m, &err);
		}
		if (rc)
			rw_store_rollback(store);
		else
			rc = rw_store_commit(store, &err);
	}
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		return cli_exit_for(rc);
	}
	return EXIT_FINE;
}
