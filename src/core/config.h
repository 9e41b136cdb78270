/* config.h - the user's configuration.
 *
 * Owns: reading repwatch.conf (INI, through libinih) and the OPML files it
 * names into a plain rw_config.  Errors point at "path:line: [section].key:
 * value: message".  Must not: fetch anything or touch the database.
 *
 * File format (see repwatch.conf(5)):
 *   [practitioner]            or [practitioner ID] for several
 *   name = Jeanne Dupont
 *   variants = Jeanne Dupont-Martin, J. Dupont
 *   specialty = dermatology
 *   city = Lyon
 *   [source NAME]
 *   url = https://example.org/feed.xml
 *   category = news|social|review|publication|other   (a hint)
 *   [sources]
 *   opml = subscriptions.opml  (relative to the config file)
 *   [fetch]  concurrency, per_host, connect_timeout, timeout, max_size,
 *            max_redirects, low_speed_time, user_agent
 *   [store]  evidence_max (200M, or 365d, or both: "200M, 365d"),
 *            link_checks (20 a scan; 0: none), link_recheck (1d)
 */
#ifndef RW_CONFIG_H
#define RW_CONFIG_H

#include <stddef.h>

#include "err.h"

typedef struct rw_practitioner {
	char *id;            /* section suffix, or "default" */
	char *name;          /* "Jeanne Dupont" (title words such as Dr are dropped) */
	char **variants;     /* extra spellings the user typed */
	size_t nvariants;
	char *specialty;
	char *city;
} rw_practitioner;

typedef struct rw_source {
	char *name;          /* section suffix, OPML title, or the URL */
	char *url;
	char *category;      /* classifier hint; NULL when none */
	char *origin;        /* "path:line" that declared it, for messages */
} rw_source;

typedef struct rw_fetch_settings {
	long concurrency;    /* transfers at once (16) */
	long per_host;       /* connections per host (2) */
	long connect_timeout;/* seconds (15) */
	long timeout;        /* seconds for a whole transfer (60) */
	long low_speed_time; /* abort below 100 B/s for this many seconds (20) */
	long max_redirects;  /* (5) */
	size_t max_size;     /* bytes after decompression (8 MiB) */
	char *user_agent;    /* NULL: "repwatch/VERSION" */
} rw_fetch_settings;

typedef struct rw_store_settings {
	unsigned long long evidence_max_bytes; /* bound on kept snapshot bytes (200 MiB); 0: none */
	long evidence_max_days;    /* snapshots older than this are dropped; 0: no age bound */
	long link_checks;          /* review pages checked for 404/410 per scan (20); 0: none */
	long link_recheck;         /* seconds before one page is checked again (86400) */
} rw_store_settings;

typedef struct rw_config {
	char *path;
	rw_practitioner *practitioners;
	size_t npractitioners;
	rw_source *sources;
	size_t nsources;
	rw_fetch_settings fetch;
	rw_store_settings store;
} rw_config;

/* Load path.  Returns NULL and sets err (RW_E_USAGE for content errors,
 * RW_E_IO when the file cannot be read) on failure. */
rw_config *rw_config_load(const char *path, rw_err *err);

/* Free cfg and NULL the pointer; accepts NULL and *cfg == NULL. */
void rw_config_free(rw_config **cfg);

/* Default settings, as used when the file says nothing. */
void rw_fetch_settings_default(rw_fetch_settings *s);
void rw_store_settings_default(rw_store_settings *s);

#endif
