/* SPDX-License-Identifier: MIT */
/* cmd-evidence.c - `repwatch evidence ID --out DIR`: one mention's evidence,
 * written out for the record (files described in evidence.h and repwatch(1)). */
#include "cli.h"
#include "i18n.h"
#include "record.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
evidence_usage(FILE *fp)
{
	fputs(_("usage: repwatch evidence ID --out DIR\n\n"
	        "Write what repwatch kept of mention ID into the new folder DIR: the fetched\n"
	        "responses byte for byte (snapshot-N.*) with their headers, a readable record\n"
	        "of the mention and its versions (mention-ID.txt), manifest.json (URLs, UTC\n"
	        "fetch times, HTTP statuses, SHA-256 sums) and SHA256SUMS; check the copy\n"
	        "with: cd DIR && sha256sum -c SHA256SUMS\n"), fp);
}

int
cmd_evidence(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	size_t files = 0;
	rw_err err = { 0 };
	rw_store *store;
	int64_t id;
	int opt, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': dir = optarg; break;
		case 'h': evidence_usage(stdout); return EXIT_FINE;
		default: evidence_usage(stderr); return EXIT_USAGE;
		}
	}
	if (!dir || optind != argc - 1) {
		evidence_usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_parse_id(argv[optind], &id) < 0)
		return EXIT_USAGE;
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	rc = rw_record_evidence(store, id, dir, (int64_t)time(NULL), &files, &err);
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		return cli_exit_for(rc);
	}
	if (!c->quiet)
		cli_warn(_("wrote %zu files to '%s'; check them with: cd '%s' && sha256sum -c SHA256SUMS"), files, dir, dir);
	return EXIT_FINE;
}
