/* SPDX-License-Identifier: MIT */
/* log.h - leveled logging with a pluggable sink.
 *
 * Owns: the process-wide log sink and the enabled debug modules.  The core
 * logs through rw_log() only; with no sink installed nothing is written, so
 * the core never prints on its own.  Front-ends install a sink.
 */
#ifndef RW_LOG_H
#define RW_LOG_H

enum rw_log_level { RW_LOG_ERROR, RW_LOG_WARN, RW_LOG_INFO, RW_LOG_DEBUG };

typedef void (*rw_log_sink)(int level, const char *module, const char *msg, void *data);

/* Install sink (NULL: discard everything).  max_level: the most verbose level
 * passed on.  debug_modules: comma list ("net,parse,db,match,mail", "all")
 * whose RW_LOG_DEBUG lines are passed on; NULL for none. */
void rw_log_set_sink(rw_log_sink sink, void *data, int max_level, const char *debug_modules);

void rw_log(int level, const char *module, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
