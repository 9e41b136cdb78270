/* SPDX-License-Identifier: MIT */
/* cmd-init.c - `repwatch init "Dr Jeanne Dupont"`: a complete, commented
 * configuration in one line.
 *
 * The profile comes from the arguments; the text is made by initconf.h
 * (the same the tray's first-run set-up writes).  The file is written
 * atomically, mode 0600, and never over an existing one unless --force.
 */
#include "cli.h"
#include "conffile.h"
#include "i18n.h"
#include "initconf.h"
#include "rw-config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void
init_usage(FILE *fp)
{
	fputs(_("usage: repwatch init \"Dr Firstname Surname\" [--specialty SPECIALTY] [--city CITY]\n"
	        "                     [--rpps NUMBER] [--lang fr,en] [--force]\n\n"
	        "Write a complete, commented configuration for one practitioner: the profile,\n"
	        "sources made from the default templates (news search feeds, Reddit, PubMed,\n"
	        "HAL...) and the alert slots to fill in, with instructions.  An existing\n"
	        "configuration is never replaced unless --force.\n\n"
	        "  --specialty S   specialty, in French or English (dermatologue, dermatologist)\n"
	        "  --city C        city of practice\n"
	        "  --rpps N        RPPS number (11 digits)\n"
	        "  --lang LIST     languages of the sources (default: fr,en)\n"
	        "  --force         replace an existing configuration (the old one is lost)\n"), fp);
}

static void
print_summary(struct cli *c, const rw_initconf *ch)
{
	size_t i;

	if (c->quiet)
		return;
	printf(_("wrote '%s' for %s: %zu sources\n"), c->config_path, ch->name, ch->nactive);
	for (i = 0; i < ch->nactive; i++)
		printf("  %-24s %s\n", ch->active[i]->id, ch->active[i]->name);
	if (ch->nslots) {
		printf(_("to fill in (instructions in the file):\n"));
		for (i = 0; i < ch->nslots; i++)
			printf("  %-24s %s\n", ch->slots[i]->id, ch->slots[i]->name);
	}
	printf(_("next: 'repwatch sources suggest' for every other place where patients talk, "
	         "then 'repwatch scan'\n"));
}

int
cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "specialty", required_argument, NULL, 's' },
		{ "city", required_argument, NULL, 'C' },
		{ "rpps", required_argument, NULL, 'r' },
		{ "lang", required_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	rw_initconf_request rq = { 0 };
	rw_initconf made;
	rw_err err = { 0 };
	size_t i;
	int opt, force = 0, rc;

	memset(&made, 0, sizeof(made));
	rq.lang = cli_lang();
	rq.specialty_label = "--specialty";
	rq.city_label = "--city";
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 's': rq.specialty = optarg; break;
		case 'C': rq.city = optarg; break;
		case 'r': rq.rpps = optarg; break;
		case 'l': rq.langs = optarg; break;
		case 'f': force = 1; break;
		case 'h': init_usage(stdout); return EXIT_FINE;
		default: init_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		init_usage(stderr);
		return EXIT_USAGE;
	}
	rq.name = argv[optind];
	if ((rc = rw_initconf_make(&rq, &made, &err))) {
		cli_error("%s", err.msg);
		return cli_exit_for(rc);
	}
	if (!force && access(c->config_path, F_OK) == 0) {
		cli_error(_("'%s' already exists: repwatch init does not replace a configuration "
		            "(--force does, and the old one is lost); 'repwatch sources add' adds to it"), c->config_path);
		rc = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < made.nunserved; i++)
		cli_warn(_("no template is in language '%s': only language-independent sources serve it"), made.unserved[i]);
	if (rw_conffile_write_new(c->config_path, made.text, force, &err)) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	print_summary(c, &made);
	rc = EXIT_FINE;
out:
	rw_initconf_clear(&made);
	return rc;
}
