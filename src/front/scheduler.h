/* SPDX-License-Identifier: MIT */
/* scheduler.h - who runs scheduled scans besides the tray: the systemd user
 * timer or a crontab line, so that only one of them does.
 *
 * Owns: telling, without side effects, whether repwatch-scan.timer is
 * enabled for this user (the unit file state systemctl itself reads: the
 * symlink in timers.target.wants under $XDG_CONFIG_HOME/systemd/user, or
 * under /etc/systemd/user for every account) and whether the user's crontab
 * has a line running `repwatch ... scan` (read with `crontab -l`, which
 * only prints).  It lives with the front-ends, which both ask it (the
 * CLI's `repwatch schedule`, the tray before it schedules scans itself),
 * because it starts a process, which the core library never does.
 * Must not: start, stop or enable anything; print.
 */
#ifndef RW_SCHEDULER_H
#define RW_SCHEDULER_H

#include <stddef.h>

enum {
	RW_SCHEDULER_SYSTEMD = 1,   /* repwatch-scan.timer is enabled */
	RW_SCHEDULER_CRON = 2       /* a crontab line runs repwatch scan */
};

typedef struct rw_scheduler {
	unsigned who;               /* RW_SCHEDULER_* bits; 0: nobody */
	char timer_link[512];       /* SYSTEMD: the enabling symlink */
	char cron_line[512];        /* CRON: the line, as written */
} rw_scheduler;

/* The name of the systemd user timer that scans. */
#define RW_SCHEDULER_TIMER "repwatch-scan.timer"

/* Fill *out with what schedules scans for the user running this process.
 * A crontab that cannot be read (no crontab program, no crontab) counts as
 * no line.  Returns out->who. */
unsigned rw_scheduler_detect(rw_scheduler *out);

/* 1 when line (one crontab line) runs repwatch's scan: not a comment nor
 * an environment setting, a word naming the repwatch program, then a word
 * "scan" among its arguments. */
int rw_scheduler_cron_runs_scan(const char *line);

#endif
