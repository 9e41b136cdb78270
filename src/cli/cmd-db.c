/* SPDX-License-Identifier: MIT */
/* cmd-db.c - `repwatch db check|backup FILE|vacuum|salvage FILE`: looking
 * after the database. */
#include "cli.h"
#include "i18n.h"

#include <string.h>

static void
db_usage(FILE *fp)
{
	fputs(_("usage: repwatch db check\n"
	        "       repwatch db backup FILE\n"
	        "       repwatch db vacuum\n"
	        "       repwatch db salvage FILE\n\n"
	        "  check    check the database without changing it: integrity, schema\n"
	        "           version, what it holds; exit 3 and what to do if it is damaged\n"
	        "  backup   copy the database into the new file FILE, consistent at one\n"
	        "           moment, also while a scan runs (SQLite's online backup)\n"
	        "  vacuum   rebuild the file to give back free space (e.g. after old\n"
	        "           evidence was dropped); needs free disk space about its size\n"
	        "  salvage  copy what can still be read of a damaged database into the new\n"
	        "           file FILE (the damaged one is only read)\n"), fp);
}

static void
human_size(int64_t n, char *buf, size_t size)
{
	if (n < 0)
		snprintf(buf, size, "?");
	else if (n < 10 * 1024)
		snprintf(buf, size, "%lld B", (long long)n);
	else if (n < 10 * 1024 * 1024)
		snprintf(buf, size, "%.1f KiB", n / 1024.0);
	else
		snprintf(buf, size, "%.1f MiB", n / (1024.0 * 1024.0));
}

static int
db_check(struct cli *c)
{
	rw_store_check_report r;
	rw_err err = { 0 };
	char a[32], b[32];
	size_t i;

	if (rw_store_check(c->db_path, &r, &err)) {
		cli_error("%s", err.msg);
		return EXIT_STORE;
	}
	printf(_("database:   %s\n"), c->db_path);
	if (r.read_only)
		printf(_("access:     read-only place: checked as the file stands (not damaged for that)\n"));
	if (r.schema >= 0)
		printf(_("schema:     version %d (this repwatch writes version %d)\n"), r.schema, r.known_schema);
	if (r.intact) {
		human_size(r.file_bytes, a, sizeof(a));
		human_size(r.evidence_bytes, b, sizeof(b));
		printf(_("journal:    %s\n"), r.journal);
		if (r.snapshots >= 0)
			printf(_("size:       %s, of which evidence %s in %lld snapshots\n"), a, b, (long long)r.snapshots);
		else
			printf(_("size:       %s\n"), a);
		if (r.mentions >= 0)
			printf(_("holds:      %lld mentions, %lld versions, %lld sightings, %lld sources\n"),
			       (long long)r.mentions, (long long)r.versions, (long long)r.sightings, (long long)r.sources);
		printf(_("integrity:  ok\n"));
	} else {
		printf(_("integrity:  DAMAGED (%zu problem(s)%s)\n"), r.nproblems, r.nproblems == 100 ? _(" or more") : "");
		for (i = 0; i < r.nproblems; i++)
			printf("  %s\n", r.problems[i]);
	}
	if (!r.intact) {
		cli_error(_("database '%s' is damaged; this check changed nothing, and repwatch\n"
		            "will not write to it.  What to do:\n"
		            "  1. keep a copy of it as it is:  cp '%s' '%s.damaged'\n"
		            "  2. put back your latest backup (made with 'repwatch db backup FILE'):\n"
		            "       cp BACKUP '%s'\n"
		            "  3. or, with no backup, copy what is still readable into a new file:\n"
		            "       repwatch db salvage '%s.salvaged'\n"
		            "     check it with:  repwatch --db '%s.salvaged' db check\n"
		            "     and put it in place:  mv '%s.salvaged' '%s'"),
		          c->db_path, c->db_path, c->db_path, c->db_path, c->db_path, c->db_path, c->db_path,
		          c->db_path);
		rw_store_check_report_clear(&r);
		return EXIT_STORE;
	}
	if (r.schema > r.known_schema)
		cli_warn(_("'%s' was written by a newer repwatch (schema %d): this one will not write to it; upgrade repwatch"),
		         c->db_path, r.schema);
	else if (r.schema < r.known_schema)
		cli_warn(_("'%s' has schema %d: the next repwatch command that opens it upgrades it to %d"),
		         c->db_path, r.schema, r.known_schema);
	rw_store_check_report_clear(&r);
	return EXIT_FINE;
}

static int
db_salvage(struct cli *c, const char *dest)
{
	rw_store_salvage_report r;
	rw_err err = { 0 };
	size_t i;
	int lost = 0, short_ = 0;

	if (rw_store_salvage(c->db_path, dest, &r, &err)) {
		cli_error("%s", err.msg);
		return cli_exit_for(err.code);
	}
	for (i = 0; i < r.ntables; i++) {
		printf(_("%-13s %8lld rows copied of %lld read%s\n"), r.tables[i].name, (long long)r.tables[i].rows,
		       (long long)r.tables[i].read,
		       r.tables[i].damaged ? _("  (damaged: rows on damaged pages are lost)") : "");
		lost |= r.tables[i].damaged;
		short_ |= r.tables[i].rows < r.tables[i].read;
	}
	if (short_) {
		/* never a success when less was written than could be read */
		cli_error(_("salvaged into '%s', but some rows that could be read were not written (see above); "
		            "keep '%s' as it is"), dest, c->db_path);
		return EXIT_STORE;
	}
	cli_warn(_("salvaged into '%s'%s; check it with: repwatch --db '%s' db check; then, when no repwatch runs, "
	           "keep '%s' aside and move '%s' in its place"),
	         dest, lost ? _(" (some rows were lost)") : "", dest, c->db_path, dest);
	return EXIT_FINE;
}

int
cmd_db(struct cli *c, int argc, char **argv)
{
	rw_err err = { 0 };
	rw_store *store;
	const char *what = argc > 1 ? argv[1] : "";
	int rc;

	/* "db backup --help" asks for help: it names no file */
	if (!strcmp(what, "--help") || !strcmp(what, "-h") ||
	    (argc > 2 && (!strcmp(argv[argc - 1], "--help") || !strcmp(argv[argc - 1], "-h")))) {
		db_usage(stdout);
		return EXIT_FINE;
	}
	if (argc == 3 && argv[2][0] == '-') {
		cli_error(_("'%s' is not a file name (a name that starts with '-' would read as an option; write ./%s)"),
		          argv[2], argv[2]);
		return EXIT_USAGE;
	}
	if (!strcmp(what, "check") && argc == 2)
		return db_check(c);
	if (!strcmp(what, "salvage") && argc == 3)
		return db_salvage(c, argv[2]);
	if (!(!strcmp(what, "backup") && argc == 3) && !(!strcmp(what, "vacuum") && argc == 2)) {
		db_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(store = cli_open_store(c)))
		return EXIT_STORE;
	if (!strcmp(what, "backup")) {
		int pages = 0;
		rc = rw_store_backup(store, argv[2], &pages, &err);
		if (!rc && !c->quiet)
			cli_warn(_("backup written to '%s' (%d pages); restore it by copying it over '%s' when no repwatch runs"),
			         argv[2], pages, c->db_path);
	} else {
		int64_t before = 0, after = 0;
		char a[32], b[32];
		rc = rw_store_vacuum(store, &before, &after, &err);
		human_size(before, a, sizeof(a));
		human_size(after, b, sizeof(b));
		if (!rc && !c->quiet)
			cli_warn(_("'%s': %s before, %s after"), c->db_path, a, b);
	}
	rw_store_close(&store);
	if (rc) {
		cli_error("%s", err.msg);
		return cli_exit_for(rc);
	}
	return EXIT_FINE;
}
