/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static rw_log_sink log_sink;
static void *log_data;
static int log_max = RW_LOG_WARN;
static char log_debug[128];
/* the scan's workers log too: a sink hears one line at a time */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void
rw_log_set_sink(rw_log_sink sink, void *data, int max_level, const char *debug_modules)
{
	log_sink = sink;
	log_data = data;
	log_max = max_level;
	snprintf(log_debug, sizeof(log_debug), "%s", debug_modules ? debug_modules : "");
}

static int
debug_enabled(const char *module)
{
	const char *p = log_debug;
	size_t n = strlen(module);

	if (!strcmp(log_debug, "all"))
		return 1;
	while (*p) {
		if (!strncmp(p, module, n) && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return 0;
}

void
rw_log(int level, const char *module, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	if (!log_sink)
		return;
	if (level == RW_LOG_DEBUG) {
		if (!debug_enabled(module))
			return;
	} else if (level > log_max) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&log_lock);
	log_sink(level, module, msg, log_data);
	pthread_mutex_unlock(&log_lock);
}
