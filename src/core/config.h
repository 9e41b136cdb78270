/* SPDX-License-Identifier: MIT */
/* config.h - the user's configuration.
 *
 * Owns: reading repwatch.conf (INI, through libinih) and the OPML files it
 * names into a plain rw_config.  Errors point at "path:line: [section].key:
 * value: message".  Must not: fetch anything or touch the database.
 *
 * File format (see repwatch.conf(5)):
 *   [practitioner]            or [practitioner ID] for several
 *   name = Jeanne Dupont      (these keys: profile.h)
 *   [source NAME]
 *   url = https://example.org/feed.xml
 *         (a long url may continue on indented lines: joined as is)
 *   category = news|social|review|publication|other   (a hint)
 *   template = google-news-fr (the feeds/templates id it was made from)
 *   allow_private = yes       (its host is inside this machine or network)
 *   kind = feed|page|imap|google-business  (how its items are collected:
 *         feed and page are fetched (the default, told apart by the
 *         template); the other kinds are collected by their module
 *         (collect.h), inferred from an imap:// or imaps:// url, and
 *         their own keys come after kind = and are checked by it)
 *   [sources]
 *   allow_private = yes        (the lists named after it may name inside hosts)
 *   opml = subscriptions.opml  (relative to the config file)
 *   [fetch]  concurrency, per_host, connect_timeout, timeout, low_speed_time,
 *            low_speed_limit, max_size, max_header_size, max_redirects,
 *            user_agent, ca_file, report_after, backoff_base, backoff_max,
 *            max_retry_after  (repwatch(1), FETCHING, says what each does)
 *   [notify]  news, quiet_hours, wait, titles
 *   [digest]  to, from, server, user, password, password_file, day, hour,
 *             lang, failing_after, max_items
 *   [store]  evidence_max (200M, or 365d, or both: "200M, 365d"),
 *            link_checks (20 a scan; 0: none), link_recheck (1d)
 */
#ifndef RW_CONFIG_H
#define RW_CONFIG_H

#include <stddef.h>
#include <string.h>

#include "err.h"
#include "profile.h"
#include "schedule.h"

typedef struct rw_source {
	char *name;          /* section suffix, OPML title, or the URL */
	char *url;
	char *category;      /* classifier hint; NULL when none */
	char *origin;        /* "path:line" that declared it, for messages */
	char *template_id;   /* template it was made from (sources.h); NULL when none */
	int allow_private;   /* allow_private = yes: its own host may be a loopback,
	                        link-local or private address (an intranet page);
	                        nothing else it leads to may (fetch.h) */
	char *kind;          /* a collected kind ("imap"...: collect.h); NULL: fetched,
	                        a feed or a page (its template says which) */
	struct rw_source_opt { char *key, *value; } *opts; /* the kind's own keys, as
	                        written, checked by its module when read */
	size_t nopts;
} rw_source;

/* The value of a kind's own key of src ("folder"), or NULL when not set.
 * Inline: the kinds' modules read their keys without depending on the
 * config reader, which depends on them (collect.h). */
static inline const char *
rw_source_opt_get(const rw_source *src, const char *key)
{
	size_t i;

	for (i = 0; i < src->nopts; i++)
		if (!strcmp(src->opts[i].key, key))
			return src->opts[i].value;
	return NULL;
}

typedef struct rw_fetch_settings {
	long concurrency;    /* transfers at once (16) */
	long per_host;       /* connections per host (2) */
	long connect_timeout;/* seconds (15) */
	long timeout;        /* seconds for a whole transfer (60) */
	long low_speed_time; /* abort below 100 B/s for this many seconds (20) */
	long max_redirects;  /* (5) */
	size_t max_size;     /* bytes after decompression (8 MiB) */
	char *user_agent;    /* NULL: "repwatch/VERSION" */
	long low_speed_limit;  /* bytes per second for low_speed_time (100) */
	size_t max_header_size;/* all header lines of one response (64 KiB) */
	char *ca_file;         /* PEM certificate authorities; NULL: the system's */
	long report_after;     /* failed scans in a row before a quiet scan names a source (3) */
	long backoff_base;     /* seconds a source waits after its 2nd failure in a row,
	                          doubling with each further one; 0: no backoff (15 min) */
	long backoff_max;      /* seconds: the longest backoff (1 day) */
	long max_retry_after;  /* seconds: the longest Retry-After honoured (1 day) */
	long max_pages;        /* pages of one review list followed per scan (10; paging.h) */
} rw_fetch_settings;

typedef struct rw_notify_settings {
	int news;            /* also news, social, publications, other (0) */
	rw_quiet quiet;      /* quiet_hours: notifications are held meanwhile */
	long wait;           /* seconds `scan --notify` waits for a click (0: no actions) */
	long titles;         /* titles named before "and N more" (3) */
} rw_notify_settings;

typedef struct rw_digest_settings {
	char *to;            /* recipients, comma-separated; NULL: none set */
	char *from;          /* NULL: the first recipient */
	char *server;        /* smtp://host:587 (STARTTLS required), smtps://host:465,
	                        smtp://127.0.0.1:PORT (plain, loopback only) */
	char *user;
	char *password;      /* only honoured when password_private */
	int password_private;/* the config file is not readable by group or others */
	char *password_file; /* absolute, or relative to the config file */
	int day;             /* 0 = Sunday .. 6, -1 every day (1: Monday) */
	int hour;            /* 0..23 (8) */
	char *lang;          /* "en" or "fr"; NULL: from the locale */
	long failing_after;  /* a source failing this many scans in a row is listed (3) */
	long max_items;      /* per section (50) */
} rw_digest_settings;
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
	rw_notify_settings notify;
	rw_digest_settings digest;
	rw_store_settings store;
} rw_config;

/* Load path.  Returns NULL and sets err (RW_E_USAGE for content errors,
 * RW_E_IO when the file cannot be read) on failure. */
rw_config *rw_config_load(const char *path, rw_err *err);

/* Free cfg and NULL the pointer; accepts NULL and *cfg == NULL. */
void rw_config_free(rw_config **cfg);

/* name without the title words a user may type ("Dr", "Pr", "Docteur"...),
 * trimmed, as name = is read.  malloc'd; NULL when memory ran out. */
char *rw_config_strip_title(const char *name);

/* Default settings, as used when the file says nothing (the fetch
 * settings' are the fetcher's: fetch.h). */
void rw_notify_settings_default(rw_notify_settings *s);
void rw_digest_settings_default(rw_digest_settings *s);
void rw_store_settings_default(rw_store_settings *s);

#endif
