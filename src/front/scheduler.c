/* SPDX-License-Identifier: MIT */
#include "scheduler.h"
#include "paths.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* the unit file state: an enabling symlink that leads to a unit file (a
 * dangling one enables nothing) */
static int
timer_enabled_in(const char *dir, char *link, size_t size)
{
	struct stat st;
	int n = snprintf(link, size, "%s/timers.target.wants/%s", dir, RW_SCHEDULER_TIMER);

	if (n < 0 || (size_t)n >= size)
		return 0;
	return stat(link, &st) == 0 && S_ISREG(st.st_mode);
}

static int
timer_enabled(char *link, size_t size)
{
	rw_err ignored = { 0 };
	char *dir = rw_paths_base(RW_DIR_CONFIG, "systemd/user", &ignored);   /* NULL: no home */
	int on = dir && timer_enabled_in(dir, link, size);

	free(dir);
	if (on)
		return 1;
	return timer_enabled_in("/etc/systemd/user", link, size);
}

int
rw_scheduler_cron_runs_scan(const char *line)
{
	const char *p = line, *w;
	size_t len;
	int seen_repwatch = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (!*p || *p == '#')
		return 0;
	/* NAME=value lines set the environment of the jobs */
	len = strcspn(p, " \t=");
	if (p[len] == '=')
		return 0;
	while (*p) {
		len = strcspn(p, " \t\n;&|");
		w = p;
		if (len) {
			const char *slash = memrchr(w, '/', len);
			const char *base = slash ? slash + 1 : w;
			size_t blen = len - (size_t)(base - w);
			if (blen == 8 && !strncmp(base, "repwatch", 8))
				seen_repwatch = 1;
			else if (seen_repwatch && len == 4 && !strncmp(w, "scan", 4))
				return 1;
		}
		p += len;
		if (*p && strchr(";&|", *p))
			seen_repwatch = 0;
		if (*p)
			p++;
	}
	return 0;
}

static int
cron_runs_scan(char *line, size_t size)
{
	char buf[1024];
	FILE *fp = popen("crontab -l 2>/dev/null </dev/null", "r");
	int found = 0;

	if (!fp)
		return 0;
	while (fgets(buf, sizeof(buf), fp)) {
		if (!found && rw_scheduler_cron_runs_scan(buf)) {
			size_t n = strcspn(buf, "\n");
			if (n >= size)
				n = size - 1;
			memcpy(line, buf, n);
			line[n] = '\0';
			found = 1;
		}
	}
	pclose(fp);
	return found;
}

unsigned
rw_scheduler_detect(rw_scheduler *out)
{
	memset(out, 0, sizeof(*out));
	if (timer_enabled(out->timer_link, sizeof(out->timer_link)))
		out->who |= RW_SCHEDULER_SYSTEMD;
	else
		out->timer_link[0] = '\0';
	if (cron_runs_scan(out->cron_line, sizeof(out->cron_line)))
		out->who |= RW_SCHEDULER_CRON;
	return out->who;
}
