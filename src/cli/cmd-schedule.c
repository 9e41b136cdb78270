/* SPDX-License-Identifier: MIT */
/* cmd-schedule.c - `repwatch schedule`: what runs scheduled scans (the
 * systemd user timer, a crontab line, or nothing, and then the tray while it
 * runs), as the tray sees it (scheduler.h): one scheduler at a time. */
#include "cli.h"
#include "i18n.h"
#include "scheduler.h"

#include <getopt.h>

static void
schedule_usage(FILE *fp)
{
	fputs(_("usage: repwatch schedule\n\n"
	        "Say what runs scheduled scans: the systemd user timer repwatch-scan.timer when\n"
	        "it is enabled, a crontab line running 'repwatch scan', or else the tray while\n"
	        "it runs. The tray schedules no scan of its own when a timer or a crontab line\n"
	        "does.\n"), fp);
}

int
cmd_schedule(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	rw_scheduler sch;
	int opt;

	(void)c;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': schedule_usage(stdout); return EXIT_FINE;
		default: schedule_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		schedule_usage(stderr);
		return EXIT_USAGE;
	}
	rw_scheduler_detect(&sch);
	if (sch.who & RW_SCHEDULER_SYSTEMD)
		printf(_("systemd: the user timer %s is enabled (%s)\n"), RW_SCHEDULER_TIMER, sch.timer_link);
	if (sch.who & RW_SCHEDULER_CRON)
		printf(_("cron: %s\n"), sch.cron_line);
	if (!sch.who) {
		printf(_("no timer and no crontab line: the tray schedules scans while it runs; without it,\n"
		         "  systemctl --user enable --now %s\n"), RW_SCHEDULER_TIMER);
		return EXIT_FINE;
	}
	printf(_("the tray schedules no scan of its own\n"));
	if ((sch.who & RW_SCHEDULER_SYSTEMD) && (sch.who & RW_SCHEDULER_CRON))
		cli_warn(_("scans are scheduled twice (timer and crontab): keep one"));
	return EXIT_FINE;
}
