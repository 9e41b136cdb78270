/* SPDX-License-Identifier: MIT */
/* Who schedules scans: the systemd user timer's unit file state (the
 * enabling symlink, no systemd needed) and crontab lines, read through a
 * `crontab` on PATH that prints a given crontab (as `crontab -l` does). */
#include "scheduler.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-scheduler-XXXXXX";

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
	chmod(path, mode);
}

static void
cron_lines(void)
{
	static const struct { const char *line; int want; } cases[] = {
		{ "17 */6 * * * /usr/local/bin/repwatch --quiet scan\n", 1 },
		{ "17 */6 * * * repwatch scan", 1 },
		{ "@hourly repwatch -c /home/j/rw.conf scan -s", 1 },
		{ "0 8 * * * cd /tmp && repwatch scan >/dev/null 2>&1", 1 },
		{ "# 17 */6 * * * repwatch scan", 0 },
		{ "   #17 * * * * repwatch scan", 0 },
		{ "5 * * * * /usr/local/bin/repwatch --quiet digest --send --if-due", 0 },
		{ "5 * * * * /usr/bin/scan-backup repwatch", 0 },
		{ "5 * * * * repwatch-tray --scan", 0 },
		{ "5 * * * * echo repwatch; scan", 0 },
		{ "MAILTO=repwatch scan", 0 },
		{ "", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tap_is_int(rw_scheduler_cron_runs_scan(cases[i].line), cases[i].want, "cron line '%s'", cases[i].line);
}

int
main(void)
{
	char path[1024], bin[256], units[256], wants[400], link[1024], crontab[1024];
	rw_scheduler s;

	cron_lines();
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/config", dir);
	snprintf(bin, sizeof(bin), "%s/bin", dir);
	snprintf(units, sizeof(units), "%s/config/systemd/user", dir);
	snprintf(wants, sizeof(wants), "%s/timers.target.wants", units);
	mkdir(path, 0700);
	mkdir(bin, 0700);
	snprintf(path, sizeof(path), "%s/config/systemd", dir);
	mkdir(path, 0700);
	mkdir(units, 0700);
	mkdir(wants, 0700);
	snprintf(path, sizeof(path), "%s/config", dir);
	setenv("XDG_CONFIG_HOME", path, 1);
	/* a crontab program that prints the file CRONTAB names, as crontab -l */
	snprintf(crontab, sizeof(crontab), "%s/crontab", bin);
	write_file(crontab, "#!/bin/sh\n[ \"$1\" = -l ] || exit 9\n[ -f \"$CRONTAB\" ] || "
	           "{ echo 'no crontab for you' >&2; exit 1; }\ncat \"$CRONTAB\"\n", 0755);
	snprintf(link, sizeof(link), "%s:/usr/bin:/bin", bin);
	setenv("PATH", link, 1);
	snprintf(crontab, sizeof(crontab), "%s/tab", dir);
	setenv("CRONTAB", crontab, 1);

	tap_is_int(rw_scheduler_detect(&s), 0, "nothing enabled, no crontab: nobody schedules");

	/* enabled as systemctl --user enable does it: a symlink to the unit */
	snprintf(path, sizeof(path), "%s/%s", units, RW_SCHEDULER_TIMER);
	snprintf(link, sizeof(link), "%s/%s", wants, RW_SCHEDULER_TIMER);
	if (symlink(path, link) < 0)
		return 1;
	tap_is_int(rw_scheduler_detect(&s), 0, "a dangling enabling symlink (the unit file removed) enables nothing");
	write_file(path, "[Timer]\nOnCalendar=00/6:17\n", 0644);
	tap_is_int(rw_scheduler_detect(&s), RW_SCHEDULER_SYSTEMD, "an enabled user timer is seen");
	tap_is_str(s.timer_link, link, "and named by its symlink");

	write_file(crontab, "MAILTO=j@example.org\n# m h dom mon dow command\n"
	           "5 * * * * /usr/local/bin/repwatch --quiet digest --send --if-due\n", 0600);
	tap_is_int(rw_scheduler_detect(&s), RW_SCHEDULER_SYSTEMD, "a crontab with only the digest: not a scan");
	write_file(crontab, "17 */6 * * * /usr/local/bin/repwatch --quiet scan\n", 0600);
	tap_is_int(rw_scheduler_detect(&s), RW_SCHEDULER_SYSTEMD | RW_SCHEDULER_CRON, "timer and crontab both seen");
	tap_is_str(s.cron_line, "17 */6 * * * /usr/local/bin/repwatch --quiet scan", "the crontab line, as written");
	unlink(link);
	tap_is_int(rw_scheduler_detect(&s), RW_SCHEDULER_CRON, "disabled timer: the crontab alone");
	unlink(crontab);
	tap_is_int(rw_scheduler_detect(&s), 0, "no crontab any more: nobody");

	unlink(path);
	snprintf(path, sizeof(path), "%s/bin/crontab", dir);
	unlink(path);
	rmdir(bin);
	rmdir(wants);
	rmdir(units);
	snprintf(path, sizeof(path), "%s/config/systemd", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/config", dir);
	rmdir(path);
	rmdir(dir);
	return tap_done();
}
