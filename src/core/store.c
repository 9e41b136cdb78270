/* SPDX-License-Identifier: MIT */
#include "store.h"
#include "msgid.h"
#include "store-int.h"
#include "category.h"
#include "date.h"
#include "diff.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <sqlite3.h>

/* Migrations: entry i brings user_version i to i + 1.  Never edit one that
 * has shipped; append. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE sources ("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT NOT NULL UNIQUE,"
	"  name TEXT,"
	"  etag TEXT, last_modified TEXT,"
	"  last_attempt INTEGER NOT NULL DEFAULT 0, last_success INTEGER NOT NULL DEFAULT 0,"
	"  last_status INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
	"  failures INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE scans ("
	"  id INTEGER PRIMARY KEY, started INTEGER NOT NULL, finished INTEGER, status INTEGER);"
	"CREATE TABLE mentions ("
	"  id INTEGER PRIMARY KEY,"
	"  practitioner TEXT NOT NULL,"
	"  guid_key TEXT, link_key TEXT, link TEXT,"
	"  title TEXT, body TEXT, author TEXT, published INTEGER,"
	"  category TEXT NOT NULL, reason TEXT, variant TEXT,"
	"  rating REAL, rating_best REAL,"
	"  hash TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,"
	"  state TEXT NOT NULL DEFAULT 'active',"
	"  last_change TEXT NOT NULL, last_change_scan INTEGER, last_change_at INTEGER NOT NULL,"
	"  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	"  read INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX mentions_guid ON mentions(practitioner, guid_key);"
	"CREATE INDEX mentions_link ON mentions(practitioner, link_key);"
	"CREATE TABLE versions ("
	"  mention_id INTEGER NOT NULL REFERENCES mentions(id),"
	"  version INTEGER NOT NULL,"
	"  title TEXT, body TEXT, rating REAL, hash TEXT NOT NULL,"
	"  seen_at INTEGER NOT NULL, scan_id INTEGER,"
	"  PRIMARY KEY (mention_id, version));"
	"CREATE TABLE sightings ("
	"  mention_id INTEGER NOT NULL REFERENCES mentions(id),"
	"  source_id INTEGER NOT NULL REFERENCES sources(id),"
	"  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	"  last_scan INTEGER, published INTEGER,"
	"  state TEXT NOT NULL DEFAULT 'active',"
	"  PRIMARY KEY (mention_id, source_id));",
	/* 1 -> 2 (fetch): hosts that asked us to wait (Retry-After) */
	"CREATE TABLE hosts ("
	"  host TEXT PRIMARY KEY,"           /* rw_url_host_key(): "name:port" */
	"  not_before INTEGER NOT NULL,"     /* no request before this time */
	"  reason TEXT,"                     /* "HTTP 429" */
	"  set_at INTEGER NOT NULL);",
	/* 2 -> 3: identity keys, per-source text, gone reasons, marks, evidence.
	 * mention_keys: every key a mention was ever found by (the guid of each
	 * source that lists it, its canonical link), so the same story from
	 * several sources is one mention.  sightings.hash: the fingerprint of
	 * what that source last said, so two sources with different snippets do
	 * not make a new version on every scan.  blobs: fetched bytes, zstd (zlib before),
	 * once per SHA-256; snapshots: one fetch (URL, time, status, headers);
	 * evidence: which snapshot shows which mention (and why). */
	"CREATE TABLE mention_keys ("
	"  practitioner TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,"
	"  mention_id INTEGER NOT NULL REFERENCES mentions(id),"
	"  PRIMARY KEY (practitioner, kind, key)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO mention_keys SELECT practitioner, 'guid', guid_key, id FROM mentions "
	"  WHERE guid_key IS NOT NULL ORDER BY id;"
	"INSERT OR IGNORE INTO mention_keys SELECT practitioner, 'link', link_key, id FROM mentions "
	"  WHERE link_key IS NOT NULL ORDER BY id;"
	"ALTER TABLE sightings ADD COLUMN hash TEXT;"
	"ALTER TABLE sightings ADD COLUMN link TEXT;"
	"ALTER TABLE sightings ADD COLUMN gone_scan INTEGER;"
	"UPDATE sightings SET hash = (SELECT hash FROM mentions WHERE id = mention_id);"
	"CREATE INDEX sightings_source ON sightings(source_id, state);"
	"ALTER TABLE versions ADD COLUMN source_id INTEGER;"
	"ALTER TABLE mentions ADD COLUMN gone_reason TEXT;"
	"ALTER TABLE mentions ADD COLUMN irrelevant INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE mentions ADD COLUMN link_checked INTEGER;"
	"ALTER TABLE mentions ADD COLUMN link_status INTEGER;"
	"CREATE TABLE blobs ("
	"  sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, stored_size INTEGER NOT NULL,"
	"  data BLOB NOT NULL);"
	"CREATE TABLE snapshots ("
	"  id INTEGER PRIMARY KEY, scan_id INTEGER, source_id INTEGER REFERENCES sources(id),"
	"  url TEXT NOT NULL, effective_url TEXT, fetched_at INTEGER NOT NULL,"
	"  status INTEGER NOT NULL, headers TEXT, sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
	"  dropped_at INTEGER);"
	"CREATE INDEX snapshots_sha ON snapshots(sha256);"
	"CREATE INDEX snapshots_time ON snapshots(fetched_at);"
	"CREATE TABLE evidence ("
	"  mention_id INTEGER NOT NULL REFERENCES mentions(id),"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),"
	"  version INTEGER NOT NULL, change TEXT NOT NULL,"
	"  PRIMARY KEY (mention_id, snapshot_id));"
	"CREATE INDEX evidence_snapshot ON evidence(snapshot_id);",
	/* 3 -> 4: why a mention matched, how sure, what it says and feels
	 * (match), and the rules learned with `repwatch not-me` */
	"ALTER TABLE mentions ADD COLUMN confidence TEXT;"
	"ALTER TABLE mentions ADD COLUMN match_reason TEXT;"
	"ALTER TABLE mentions ADD COLUMN lang TEXT;"
	"ALTER TABLE mentions ADD COLUMN sentiment REAL;"
	"ALTER TABLE mentions ADD COLUMN sentiment_label TEXT;"
	"ALTER TABLE mentions ADD COLUMN myth TEXT;"
	"ALTER TABLE mentions ADD COLUMN not_me INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX mentions_myth ON mentions(myth);"
	"CREATE TABLE not_me_rules ("
	"  id INTEGER PRIMARY KEY,"
	"  practitioner TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('source', 'word')),"
	"  value TEXT NOT NULL,"
	"  mention_id INTEGER REFERENCES mentions(id),"
	"  created INTEGER NOT NULL,"
	"  UNIQUE (practitioner, kind, value));",
	/* 4 -> 5: notify/digest.  notify_queue: mentions waiting to be shown
	 * (held through quiet hours); digests: every send attempt, sent_at set
	 * only once the server accepted the message. */
	"CREATE TABLE notify_queue ("
	"  id INTEGER PRIMARY KEY,"
	"  mention_id INTEGER NOT NULL UNIQUE REFERENCES mentions(id),"
	"  change TEXT NOT NULL,"
	"  queued_at INTEGER NOT NULL);"
	"CREATE TABLE digests ("
	"  id INTEGER PRIMARY KEY,"
	"  attempted_at INTEGER NOT NULL,"
	"  since INTEGER NOT NULL, until INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  message_id TEXT, recipients TEXT, error TEXT);",
	/* 5 -> 6: canonical links through libcurl's URL API (default ports,
	 * percent-encoding, a trailing dot in the host now normalised): every
	 * mention known by its link is also known by the new form of it, so
	 * the next scan finds it again instead of seeing a new one */
	"INSERT OR IGNORE INTO mention_keys SELECT m.practitioner, 'link', rw_link_key(l.link), m.id "
	"  FROM (SELECT id AS mention_id, link FROM mentions UNION SELECT mention_id, link FROM sightings) l "
	"  JOIN mentions m ON m.id = l.mention_id "
	"  WHERE l.link IS NOT NULL AND rw_link_key(l.link) IS NOT NULL "
	"  AND EXISTS (SELECT 1 FROM mention_keys k WHERE k.mention_id = m.id AND k.kind = 'link') "
	"  ORDER BY m.id;",
	/* 6 -> 7: mentions that may be a namesake's (read.h, rw_page_doubt):
	 * mentions.uncertain says why (NULL: nothing doubts it); page_owner:
	 * what `repwatch is-me` / `not-me` settled about a page source for a
	 * practitioner, for good; page_claims: what each page that claims her
	 * says of its practitioner (rw_feed.card), to see two pages that claim
	 * her as surely but describe different people; sources.verdict: a page
	 * read as someone else's or uncertain (rw_store_source_verdict) */
	"ALTER TABLE mentions ADD COLUMN uncertain TEXT;"
	"CREATE TABLE page_owner ("
	"  practitioner TEXT NOT NULL, source_url TEXT NOT NULL,"
	"  mine INTEGER NOT NULL, mention_id INTEGER, created INTEGER NOT NULL,"
	"  PRIMARY KEY (practitioner, source_url));"
	"CREATE TABLE page_claims ("
	"  source_id INTEGER NOT NULL REFERENCES sources(id), practitioner TEXT NOT NULL,"
	"  card TEXT, settled INTEGER NOT NULL DEFAULT 0, seen INTEGER NOT NULL,"
	"  PRIMARY KEY (source_id, practitioner));"
	"ALTER TABLE sources ADD COLUMN verdict TEXT;",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
_Static_assert(NMIGRATIONS == RW_STORE_SCHEMA_VERSION, "RW_STORE_SCHEMA_VERSION must count the migrations");

/* Is the file system holding path (all but) full?  SQLite reports a full
 * disk as SQLITE_FULL when a write fails, but as an I/O error when its
 * shared-memory file cannot grow; either way the user must hear "full". */
static int
disk_full(const char *path)
{
	char *dir = strdup(path), *slash;
	struct statvfs v;
	int full = 0;

	if (!dir)
		return 0;
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	if (statvfs(slash ? dir : ".", &v) == 0)
		full = (unsigned long long)v.f_bavail * v.f_frsize < 256 * 1024;
	free(dir);
	return full;
}

/* SQLite's messages (sqlite3_errstr) a person meets most, for xgettext:
 * db_fail translates sqlite3_errmsg() through rw_tr. */
static const char *const sqlite_words[] __attribute__((unused)) = {
	N_("file is not a database"), N_("database is locked"), N_("disk I/O error"),
	N_("unable to open database file"), N_("database disk image is malformed"),
	N_("attempt to write a readonly database"), N_("database or disk is full"),
};

static int
db_fail(rw_store *s, rw_err *err, const char *what)
{
	int ext = sqlite3_extended_errcode(s->db);
	const char *hint = "";

	if ((ext & 0xff) == SQLITE_FULL ||
	    (((ext & 0xff) == SQLITE_IOERR || (ext & 0xff) == SQLITE_CANTOPEN) && disk_full(s->path)))
		hint = N_(" (the disk holding it is full: free some space, then scan again; nothing already stored was lost)");
	else if ((ext & 0xff) == SQLITE_IOERR)
		hint = N_(" (the disk or the file system failed: check it, e.g. with dmesg; nothing already stored was lost)");
	else if ((ext & 0xff) == SQLITE_CORRUPT || (ext & 0xff) == SQLITE_NOTADB) {
		/* stop writing to it; see rw_store_close */
		s->damaged = 1;
		hint = N_(" (the database file is damaged; repwatch stopped writing to it: keep a copy of it, "
		          "then run 'repwatch db check', which says how to recover)");
	}
	else if ((ext & 0xff) == SQLITE_READONLY || (ext & 0xff) == SQLITE_CANTOPEN)
		hint = N_(" (check the permissions of the file and its folder)");
	else if ((ext & 0xff) == SQLITE_BUSY)
		hint = N_(" (another repwatch holds the database; try again in a moment)");
	/* what and hint are msgids (db_fail is an xgettext keyword); SQLite's
	 * own words are English, the common ones are translated (sqlite_words) */
	return rw_err_set(err, RW_E_DB, "database '%s': %s: %s%s", s->path, rw_tr(what),
	                  rw_tr(sqlite3_errmsg(s->db)), rw_tr(hint));
}

static int
exec(rw_store *s, const char *sql, rw_err *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, err, "cannot update");
	return RW_OK;
}

/* SQL rw_link_key(link): rw_diff_canonical_link, for migrations */
static void
sql_link_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *link = (const char *)sqlite3_value_text(argv[0]);
	char *key;

	(void)argc;
	if (!link) {
		sqlite3_result_null(ctx);
		return;
	}
	key = rw_diff_canonical_link(link);
	if (key)
		sqlite3_result_text(ctx, key, -1, free);
	else
		sqlite3_result_null(ctx);
}

static int
migrate(rw_store *s, rw_err *err)
{
	sqlite3_stmt *st;
	int version = 0, i;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, err, "cannot read the schema version");
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < NMIGRATIONS &&
	    sqlite3_create_function(s->db, "rw_link_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	                            sql_link_key, NULL, NULL) != SQLITE_OK)
		return db_fail(s, err, "cannot upgrade the schema");
	if (version > NMIGRATIONS)
		return rw_err_set(err, RW_E_DB,
		                  "database '%s' was written by a newer repwatch (schema %d, this one knows up to %d): "
		                  "upgrade repwatch, or point it at another database",
		                  s->path, version, NMIGRATIONS);
	for (i = version; i < NMIGRATIONS; i++) {
		char pragma[64];
		if (exec(s, "BEGIN IMMEDIATE", err))
			return RW_E_DB;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", i + 1);
		if (exec(s, migrations[i], err) || exec(s, pragma, err) || exec(s, "COMMIT", err)) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return RW_E_DB;
		}
		rw_log(RW_LOG_INFO, "db", "schema upgraded to version %d", i + 1);
	}
	return RW_OK;
}

/* A damaged file is refused before anything is written to it.  quick_check
 * reads every page (tens of milliseconds for a hundred megabytes). */
static int
check_intact(rw_store *s, rw_err *err)
{
	sqlite3_stmt *st;
	char first[512] = "";
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, err, "cannot read");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(first, sizeof(first), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "cannot read");
	if (strcmp(first, "ok")) {
		s->damaged = 1;
		return rw_err_set(err, RW_E_DB, "database '%s' is damaged (%s); nothing was written to it: "
		                  "keep a copy of it, then run 'repwatch db check', which says how to recover",
		                  s->path, first);
	}
	return RW_OK;
}

int
rw_store_create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	return close(fd);
}

rw_store *
rw_store_open(const char *path, rw_err *err)
{
	rw_store *s = calloc(1, sizeof(*s));

	if (!s || !(s->path = strdup(path))) {
		free(s);
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (rw_store_create_private(path) < 0) {
		rw_err_set(err, RW_E_IO, "database '%s': cannot create it: %s", path, strerror(errno));
		rw_store_close(&s);
		return NULL;
	}
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		if (s->db)
			db_fail(s, err, "cannot open");
		else
			rw_err_set(err, RW_E_DB, "database '%s': cannot open: out of memory", path);
		rw_store_close(&s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	{
		/* keep the -wal and -shm files when closing: readers (list, the
		 * tray) still work when the disk is full, and a scan reuses the
		 * space the WAL already holds (journal_size_limit bounds it) */
		int persist = 1;
		sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	}
	if (check_intact(s, err) ||
	    exec(s, "PRAGMA journal_mode = WAL", err) ||
	    exec(s, "PRAGMA journal_size_limit = 4194304", err) ||
	    exec(s, "PRAGMA synchronous = NORMAL", err) ||
	    exec(s, "PRAGMA foreign_keys = ON", err) ||
	    migrate(s, err)) {
		rw_store_close(&s);
		return NULL;
	}
	return s;
}

void
rw_store_close(rw_store **sp)
{
	if (!sp || !*sp)
		return;
	sqlite3_finalize((*sp)->source_active);
	sqlite3_finalize((*sp)->find_key);
	if ((*sp)->db) {
		if ((*sp)->damaged)
			sqlite3_db_config((*sp)->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		sqlite3_close_v2((*sp)->db);
	}
	free((*sp)->path);
	free(*sp);
	*sp = NULL;
}

const char *
rw_store_path(const rw_store *s)
{
	return s->path;
}

int
rw_store_begin(rw_store *s, rw_err *err)
{
	if (s->damaged)
		return rw_err_set(err, RW_E_DB, "database '%s' is damaged; repwatch stopped writing to it: "
		                  "keep a copy of it, then run 'repwatch db check', which says how to recover", s->path);
	return exec(s, "BEGIN IMMEDIATE", err);
}

int
rw_store_commit(rw_store *s, rw_err *err)
{
	if (exec(s, "COMMIT", err)) {
		rw_store_rollback(s);
		return RW_E_DB;
	}
	return RW_OK;
}

void
rw_store_rollback(rw_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Prepare sql; on failure set err.  Statements are cheap enough here that
 * caching them is not worth the bookkeeping yet (see bench/). */
static sqlite3_stmt *
prep(rw_store *s, const char *sql, rw_err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(s, err, "cannot prepare a query");
		return NULL;
	}
	return st;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_date(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == RW_NO_DATE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, t);
}

static void
bind_real(sqlite3_stmt *st, int i, double v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

/* step a statement that returns no rows, finalize it */
static int
run(rw_store *s, sqlite3_stmt *st, rw_err *err, const char *what)
{
	int rc;

	if (!st)
		return RW_E_DB;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, what);
	return RW_OK;
}

int
rw_store_source_get(rw_store *s, const char *url, const char *name, rw_source_state *out, rw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = prep(s, "INSERT INTO sources(url, name) VALUES (?1, ?2) "
	             "ON CONFLICT(url) DO UPDATE SET name = excluded.name", err);
	if (!st)
		return RW_E_DB;
	bind_text(st, 1, url);
	bind_text(st, 2, name);
	if (run(s, st, err, "cannot record a source"))
		return RW_E_DB;
	st = prep(s, "SELECT id, etag, last_modified, last_attempt, last_success, last_status, "
	             "last_error, failures FROM sources WHERE url = ?1", err);
	if (!st)
		return RW_E_DB;
	bind_text(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->etag = col_dup(st, 1);
		out->last_modified = col_dup(st, 2);
		out->last_attempt = sqlite3_column_int64(st, 3);
		out->last_success = sqlite3_column_int64(st, 4);
		out->last_status = (long)sqlite3_column_int64(st, 5);
		out->last_error = col_dup(st, 6);
		out->failures = sqlite3_column_int(st, 7);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "cannot read a source");
	return RW_OK;
}

void
rw_source_state_clear(rw_source_state *st)
{
	if (!st)
		return;
	free(st->etag);
	free(st->last_modified);
	free(st->last_error);
	memset(st, 0, sizeof(*st));
}

int
rw_store_source_result(rw_store *s, int64_t id, int64_t now, long status, const char *etag,
                       const char *lm, const char *error, rw_err *err)
{
	sqlite3_stmt *st;

	if (!error)
		st = prep(s, "UPDATE sources SET last_attempt = ?2, last_success = ?2, last_status = ?3, "
		             "etag = ?4, last_modified = ?5, last_error = NULL, failures = 0 WHERE id = ?1", err);
	else
		st = prep(s, "UPDATE sources SET last_attempt = ?2, last_status = ?3, last_error = ?6, "
		             "failures = failures + 1 WHERE id = ?1", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, status);
	if (!error) {
		bind_text(st, 4, etag);
		bind_text(st, 5, lm);
	} else {
		bind_text(st, 6, error);
	}
	return run(s, st, err, "cannot record a fetch");
}

int
rw_store_scan_begin(rw_store *s, int64_t now, int64_t *scan_id, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO scans(started) VALUES (?1)", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, now);
	if (run(s, st, err, "cannot record the scan"))
		return RW_E_DB;
	*scan_id = sqlite3_last_insert_rowid(s->db);
	return RW_OK;
}

int
rw_store_scan_end(rw_store *s, int64_t scan_id, int64_t now, int status, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "UPDATE scans SET finished = ?2, status = ?3 WHERE id = ?1", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, status);
	return run(s, st, err, "cannot record the end of the scan");
}

const char *
rw_change_name(rw_change c)
{
	switch (c) {
	case RW_CHANGE_NEW: return "new";
	case RW_CHANGE_CHANGED: return "changed";
	case RW_CHANGE_GONE: return "gone";
	default: return "none";
	}
}

/* Find an existing mention by one of its keys: the feed's id within its
 * source first, then the canonical link (which may have come from another
 * source: the same story seen twice).  0 when none. */
static int
find_mention(rw_store *s, const char *practitioner, const rw_diff_keys *keys, int64_t *id, rw_err *err)
{
	const char *key[3] = { keys->guid_key, keys->link_key, keys->old_key };
	sqlite3_stmt *st;
	int rc, pass;

	*id = 0;
	for (pass = 0; pass < 3; pass++) {
		if (!key[pass])
			continue;
		if (!s->find_key &&
		    !(s->find_key = prep(s, "SELECT mention_id FROM mention_keys WHERE practitioner = ?1 AND kind = ?2 AND key = ?3", err)))
			return RW_E_DB;
		st = s->find_key;
		bind_text(st, 1, practitioner);
		bind_text(st, 2, pass == 1 ? "link" : "guid");
		bind_text(st, 3, key[pass]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(s, err, "cannot look a mention up");
		if (*id)
			return RW_OK;
	}
	return RW_OK;
}

/* Remember that mention mid is known by these keys (a key already taken by
 * another mention keeps pointing there). */
static int
remember_keys(rw_store *s, const char *practitioner, const char *guid_key, const char *link_key,
              int64_t mid, rw_err *err)
{
	int pass;

	for (pass = 0; pass < 2; pass++) {
		const char *key = pass ? link_key : guid_key;
		sqlite3_stmt *st;
		if (!key)
			continue;
		st = prep(s, "INSERT OR IGNORE INTO mention_keys(practitioner, kind, key, mention_id) VALUES (?1, ?2, ?3, ?4)", err);
		if (!st)
			return RW_E_DB;
		bind_text(st, 1, practitioner);
		bind_text(st, 2, pass ? "link" : "guid");
		bind_text(st, 3, key);
		sqlite3_bind_int64(st, 4, mid);
		if (run(s, st, err, "cannot record how a mention is known"))
			return RW_E_DB;
	}
	return RW_OK;
}

static int
add_version(rw_store *s, int64_t mid, int version, const rw_observation *o, const char *hash,
            int64_t now, int64_t scan_id, int64_t source_id, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO versions(mention_id, version, title, body, rating, hash, seen_at, scan_id, source_id) "
	                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mid);
	sqlite3_bind_int(st, 2, version);
	bind_text(st, 3, o->title);
	bind_text(st, 4, o->body);
	bind_real(st, 5, o->rating);
	bind_text(st, 6, hash);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int64(st, 8, scan_id);
	sqlite3_bind_int64(st, 9, source_id);
	return run(s, st, err, "cannot store a version");
}

/* What the store knows of mention mid as seen from source source_id. */
struct known {
	char *hash;           /* the mention's current fingerprint */
	char *source_hash;    /* what this source last said; NULL: it never listed it */
	int version, gone, gone_by_link;
};

static int
read_known(rw_store *s, int64_t mid, int64_t source_id, struct known *k, rw_err *err)
{
	sqlite3_stmt *st;
	int step;

	memset(k, 0, sizeof(*k));
	st = prep(s, "SELECT m.hash, m.version, m.state = 'gone', coalesce(m.link_status IN (404, 410), 0), "
	             "(SELECT coalesce(si.hash, m.hash) FROM sightings si WHERE si.mention_id = m.id AND si.source_id = ?2) "
	             "FROM mentions m WHERE m.id = ?1", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mid);
	sqlite3_bind_int64(st, 2, source_id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		k->hash = col_dup(st, 0);
		k->version = sqlite3_column_int(st, 1);
		k->gone = sqlite3_column_int(st, 2);
		k->gone_by_link = sqlite3_column_int(st, 3);
		k->source_hash = col_dup(st, 4);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return db_fail(s, err, "cannot read a mention");
	return RW_OK;
}

/* Which mention o is and what it changes are diff.c's rules
 * (rw_diff_identity, rw_diff_judge); this runs the SQL they need. */
int
rw_store_observe(rw_store *s, int64_t scan_id, int64_t source_id, int64_t now,
                 const rw_observation *o, rw_change *change, int64_t *mention_id, rw_err *err)
{
	char hash[17], *real_link = NULL;
	rw_diff_entry entry = { .source_id = source_id, .guid = o->guid, .link = o->link, .title = o->title,
	                        .body = o->body, .author = o->author, .published = o->published,
	                        .listing_entry = o->listing_entry, .rank = o->rank };
	rw_diff_keys keys = { 0 };
	struct known k;
	sqlite3_stmt *st = NULL;
	int64_t mid = 0;
	int rc = RW_E_DB;

	memset(&k, 0, sizeof(k));
	*change = RW_CHANGE_NONE;
	rw_diff_fingerprint(o->title, o->body, o->rating, hash);
	if (rw_diff_identity(&entry, &keys) < 0 || (o->link && !(real_link = rw_diff_unwrap_link(o->link)))) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	if (find_mention(s, o->practitioner, &keys, &mid, err))
		goto out;
	if (!mid) {
		st = prep(s, "INSERT INTO mentions(practitioner, guid_key, link_key, link, title, body, author, "
		             "published, category, reason, variant, rating, rating_best, hash, last_change, "
		             "last_change_scan, last_change_at, first_seen, last_seen) "
		             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'new', ?15, ?16, ?16, ?16)",
		          err);
		if (!st)
			goto out;
		bind_text(st, 1, o->practitioner);
		bind_text(st, 2, keys.guid_key);
		bind_text(st, 3, keys.link_key);
		bind_text(st, 4, real_link);
		bind_text(st, 5, o->title);
		bind_text(st, 6, o->body);
		bind_text(st, 7, o->author);
		bind_date(st, 8, o->published);
		bind_text(st, 9, o->category ? o->category : rw_category_name(RW_CAT_OTHER));
		bind_text(st, 10, o->reason);
		bind_text(st, 11, o->variant);
		bind_real(st, 12, o->rating);
		bind_real(st, 13, o->rating_best);
		bind_text(st, 14, hash);
		sqlite3_bind_int64(st, 15, scan_id);
		sqlite3_bind_int64(st, 16, now);
		if (run(s, st, err, "cannot store a mention"))
			goto out;
		mid = sqlite3_last_insert_rowid(s->db);
		if (add_version(s, mid, 1, o, hash, now, scan_id, source_id, err))
			goto out;
		*change = RW_CHANGE_NEW;
	} else {
		rw_diff_known dk;
		rw_diff_verdict verdict;
		int text_changed, comes_back;
		if (read_known(s, mid, source_id, &k, err))
			goto out;
		dk = (rw_diff_known){ .hash = k.hash, .source_hash = k.source_hash, .gone = k.gone,
		                      .gone_by_link = k.gone_by_link };
		verdict = rw_diff_judge(&dk, hash);
		text_changed = verdict == RW_DIFF_NEW_VERSION;
		comes_back = verdict == RW_DIFF_BACK;
		if (text_changed) {
			if (add_version(s, mid, k.version + 1, o, hash, now, scan_id, source_id, err))
				goto out;
			st = prep(s, "UPDATE mentions SET title = ?2, body = ?3, author = ?4, rating = ?5, "
			             "rating_best = ?6, hash = ?7, version = ?8, state = 'active', gone_reason = NULL, "
			             "last_change = 'changed', last_change_scan = ?9, last_change_at = ?10, "
			             "last_seen = ?10, read = 0, category = ?11, reason = ?12, "
			             "not_me = CASE not_me WHEN 2 THEN 0 ELSE not_me END WHERE id = ?1", err);
			if (!st)
				goto out;
			sqlite3_bind_int64(st, 1, mid);
			bind_text(st, 2, o->title);
			bind_text(st, 3, o->body);
			bind_text(st, 4, o->author);
			bind_real(st, 5, o->rating);
			bind_real(st, 6, o->rating_best);
			bind_text(st, 7, hash);
			sqlite3_bind_int(st, 8, k.version + 1);
			sqlite3_bind_int64(st, 9, scan_id);
			sqlite3_bind_int64(st, 10, now);
			bind_text(st, 11, o->category ? o->category : rw_category_name(RW_CAT_OTHER));
			bind_text(st, 12, o->reason);
		} else if (comes_back) {
			/* listed again without an edit: the stored text stays */
			st = prep(s, "UPDATE mentions SET state = 'active', gone_reason = NULL, last_change = 'changed', "
			             "last_change_scan = ?2, last_change_at = ?3, last_seen = ?3, read = 0, "
			             "not_me = CASE not_me WHEN 2 THEN 0 ELSE not_me END WHERE id = ?1", err);
			if (!st)
				goto out;
			sqlite3_bind_int64(st, 1, mid);
			sqlite3_bind_int64(st, 2, scan_id);
			sqlite3_bind_int64(st, 3, now);
		}
		if (text_changed || comes_back) {
			if (run(s, st, err, "cannot update a mention"))
				goto out;
			*change = RW_CHANGE_CHANGED;
		} else {
			st = prep(s, "UPDATE mentions SET last_seen = ?2, not_me = CASE not_me WHEN 2 THEN 0 ELSE not_me END "
			             "WHERE id = ?1", err);
			if (!st)
				goto out;
			sqlite3_bind_int64(st, 1, mid);
			sqlite3_bind_int64(st, 2, now);
			if (run(s, st, err, "cannot update a mention"))
				goto out;
		}
	}
	if (remember_keys(s, o->practitioner, keys.guid_key, keys.link_key, mid, err))
		goto out;
	st = prep(s, "INSERT INTO sightings(mention_id, source_id, first_seen, last_seen, last_scan, published, hash, link) "
	             "VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(mention_id, source_id) DO UPDATE SET "
	             "last_seen = excluded.last_seen, last_scan = excluded.last_scan, "
	             "published = coalesce(excluded.published, published), state = 'active', gone_scan = NULL, "
	             "hash = excluded.hash, link = coalesce(excluded.link, link)", err);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, mid);
	sqlite3_bind_int64(st, 2, source_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, scan_id);
	bind_date(st, 5, o->published);
	bind_text(st, 6, hash);
	bind_text(st, 7, o->link);
	if (run(s, st, err, "cannot record a sighting"))
		goto out;
	*mention_id = mid;
	rc = RW_OK;
out:
	free(k.hash);
	free(k.source_hash);
	rw_diff_keys_clear(&keys);
	free(real_link);
	return rc;
}

int
rw_store_not_hers(rw_store *s, int64_t scan_id, int64_t source_id, int64_t now, const rw_observation *o,
                  int64_t *mention_id, rw_err *err)
{
	rw_diff_entry entry = { .source_id = source_id, .guid = o->guid, .link = o->link, .title = o->title,
	                        .body = o->body, .author = o->author, .published = o->published,
	                        .listing_entry = o->listing_entry, .rank = o->rank };
	rw_diff_keys keys = { 0 };
	sqlite3_stmt *st;
	int64_t mid = 0;
	int rc = RW_E_DB;

	if (mention_id)
		*mention_id = 0;
	/* a source with no active sighting has none to renew (every item of a
	 * source seen for the first time): nothing to look up */
	if (!s->source_active &&
	    !(s->source_active = prep(s, "SELECT 1 FROM sightings WHERE source_id = ?1 AND state = 'active' LIMIT 1", err)))
		return RW_E_DB;
	sqlite3_bind_int64(s->source_active, 1, source_id);
	rc = sqlite3_step(s->source_active);
	sqlite3_reset(s->source_active);
	if (rc == SQLITE_DONE)
		return RW_OK;
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "cannot look a source's sightings up");
	rc = RW_E_DB;
	if (rw_diff_identity(&entry, &keys) < 0)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	if (find_mention(s, o->practitioner, &keys, &mid, err))
		goto out;
	rc = RW_OK;
	if (!mid)
		goto out;
	/* still listed by this source: its sighting is renewed, so no sweep
	 * takes it for gone */
	rc = RW_E_DB;
	if (!(st = prep(s, "UPDATE sightings SET last_seen = ?3, last_scan = ?4 "
	                   "WHERE mention_id = ?1 AND source_id = ?2 AND state = 'active'", err)))
		goto out;
	sqlite3_bind_int64(st, 1, mid);
	sqlite3_bind_int64(st, 2, source_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, scan_id);
	if (run(s, st, err, "cannot record a sighting"))
		goto out;
	if (sqlite3_changes(s->db) > 0) {
		/* not about her any more, unless another source still says it is */
		if (!(st = prep(s, "UPDATE mentions SET not_me = 2 WHERE id = ?1 AND not_me = 0 AND state <> 'gone' "
		                   "AND NOT EXISTS (SELECT 1 FROM sightings WHERE mention_id = ?1 AND source_id <> ?2 "
		                   "AND state = 'active')", err)))
			goto out;
		sqlite3_bind_int64(st, 1, mid);
		sqlite3_bind_int64(st, 2, source_id);
		if (run(s, st, err, "cannot mark a mention not about her"))
			goto out;
		if (mention_id)
			*mention_id = mid;
	}
	rc = RW_OK;
out:
	rw_diff_keys_clear(&keys);
	return rc;
}

/* Mark gone the sightings of source_id that scan_id did not renew (those
 * dated window_oldest or later, or all of them when window_oldest is
 * RW_NO_DATE and listing says the source is a page), then every mention
 * left with no active sighting. */
static int
sweep(rw_store *s, int64_t scan_id, int64_t source_id, int listing, int64_t window_oldest, int64_t now,
      void (*gone_fn)(int64_t, void *), void *data, rw_err *err)
{
	sqlite3_stmt *st, *upd;
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0, i;
	int rc;

	st = prep(s, "UPDATE sightings SET state = 'gone', gone_scan = ?2 WHERE source_id = ?1 AND state = 'active' "
	             "AND (last_scan IS NULL OR last_scan <> ?2) "
	             "AND (?4 OR (published IS NOT NULL AND published >= ?3)) RETURNING mention_id", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, source_id);
	sqlite3_bind_int64(st, 2, scan_id);
	sqlite3_bind_int64(st, 3, window_oldest);
	sqlite3_bind_int(st, 4, listing);
	/* collect first: RETURNING rows must be read before other writes */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			int64_t *ni = realloc(ids, na * sizeof(*ni));
			if (!ni) {
				sqlite3_finalize(st);
				free(ids);
				return rw_err_set(err, RW_E_NOMEM, "out of memory");
			}
			ids = ni;
			alloc = na;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return db_fail(s, err, "cannot mark gone items");
	}
	for (i = 0; i < n; i++) {
		upd = prep(s, "UPDATE mentions SET state = 'gone', gone_reason = 'unlisted', last_change = 'gone', "
		              "last_change_scan = ?2, last_change_at = ?3, read = 0 WHERE id = ?1 AND state <> 'gone' AND not_me = 0 AND NOT EXISTS "
		              "(SELECT 1 FROM sightings WHERE mention_id = ?1 AND state = 'active')", err);
		if (!upd) {
			free(ids);
			return RW_E_DB;
		}
		sqlite3_bind_int64(upd, 1, ids[i]);
		sqlite3_bind_int64(upd, 2, scan_id);
		sqlite3_bind_int64(upd, 3, now);
		if (run(s, upd, err, "cannot mark a mention gone")) {
			free(ids);
			return RW_E_DB;
		}
		if (sqlite3_changes(s->db) > 0 && gone_fn)
			gone_fn(ids[i], data);
	}
	free(ids);
	return RW_OK;
}

int
rw_store_sweep(rw_store *s, int64_t scan_id, int64_t source_id, int64_t window_oldest, int64_t now,
               void (*gone_fn)(int64_t, void *), void *data, rw_err *err)
{
	if (window_oldest == RW_NO_DATE)
		return RW_OK;
	return sweep(s, scan_id, source_id, 0, window_oldest, now, gone_fn, data, err);
}

int
rw_store_sweep_page(rw_store *s, int64_t scan_id, int64_t source_id, size_t listed, int64_t now,
                    void (*gone_fn)(int64_t, void *), void *data, rw_err *err)
{
	if (!listed)
		return RW_OK;
	return sweep(s, scan_id, source_id, 1, RW_NO_DATE, now, gone_fn, data, err);
}

int
rw_store_each_mention(rw_store *s, const rw_mention_filter *f,
                      int (*fn)(const rw_mention *, void *), void *data, rw_err *err)
{
	static const rw_mention_filter all;
	sqlite3_stmt *st;
	int rc;

	if (!f)
		f = &all;
	st = prep(s, "SELECT m.id, m.practitioner, m.link, m.title, m.body, m.author, m.variant, m.category, "
	             "m.reason, m.state, m.last_change, m.published, m.first_seen, m.last_seen, m.rating, "
	             "m.rating_best, m.version, m.read, m.last_change_scan, "
	             "(SELECT coalesce(src.name, src.url) FROM sightings si JOIN sources src ON src.id = si.source_id "
	             "  WHERE si.mention_id = m.id ORDER BY si.first_seen LIMIT 1), "
	             "m.gone_reason, m.irrelevant, m.last_change_at, m.uncertain "
	             "FROM mentions m WHERE (?1 IS NULL OR m.last_change = ?1) AND (?2 IS NULL OR m.category = ?2) "
	             "AND (?3 IS NULL OR m.practitioner = ?3) AND m.last_change_at >= ?4 "
	             "AND (?5 = 0 OR m.last_change_scan = ?5) AND (?6 = 0 OR m.id = ?6) "
	             "AND (?7 = 0 OR m.irrelevant = 0) AND (?6 <> 0 OR ?8 <> 0 OR m.not_me = 0) "
	             "ORDER BY m.last_change_at DESC, m.id DESC", err);
	if (!st)
		return RW_E_DB;
	bind_text(st, 1, f->change);
	bind_text(st, 2, f->category);
	bind_text(st, 3, f->practitioner);
	sqlite3_bind_int64(st, 4, f->since);
	sqlite3_bind_int64(st, 5, f->scan_id);
	sqlite3_bind_int64(st, 6, f->id);
	sqlite3_bind_int(st, 7, f->hide_irrelevant);
	sqlite3_bind_int(st, 8, f->with_not_me);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rw_mention m;
		memset(&m, 0, sizeof(m));
		m.id = sqlite3_column_int64(st, 0);
		m.practitioner = (const char *)sqlite3_column_text(st, 1);
		m.link = (const char *)sqlite3_column_text(st, 2);
		m.title = (const char *)sqlite3_column_text(st, 3);
		m.body = (const char *)sqlite3_column_text(st, 4);
		m.author = (const char *)sqlite3_column_text(st, 5);
		m.variant = (const char *)sqlite3_column_text(st, 6);
		m.category = (const char *)sqlite3_column_text(st, 7);
		m.reason = (const char *)sqlite3_column_text(st, 8);
		m.state = (const char *)sqlite3_column_text(st, 9);
		m.last_change = (const char *)sqlite3_column_text(st, 10);
		m.published = sqlite3_column_type(st, 11) == SQLITE_NULL ? RW_NO_DATE : sqlite3_column_int64(st, 11);
		m.first_seen = sqlite3_column_int64(st, 12);
		m.last_seen = sqlite3_column_int64(st, 13);
		m.rating = sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 14);
		m.rating_best = sqlite3_column_type(st, 15) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 15);
		m.version = sqlite3_column_int(st, 16);
		m.read = sqlite3_column_int(st, 17);
		m.last_change_scan = sqlite3_column_int64(st, 18);
		m.source = (const char *)sqlite3_column_text(st, 19);
		m.gone_reason = (const char *)sqlite3_column_text(st, 20);
		m.irrelevant = sqlite3_column_int(st, 21);
		m.last_change_at = sqlite3_column_int64(st, 22);
		m.uncertain = (const char *)sqlite3_column_text(st, 23);
		if (fn(&m, data))
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot list mentions");
	return RW_OK;
}

int
rw_store_each_source(rw_store *s, int (*fn)(const char *, const char *, const rw_source_state *, void *),
                     void *data, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT id, url, name, etag, last_modified, last_attempt, last_success, "
	                           "last_status, last_error, failures, verdict FROM sources ORDER BY name, url", err);
	int rc;

	if (!st)
		return RW_E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rw_source_state ss;
		ss.id = sqlite3_column_int64(st, 0);
		ss.etag = (char *)sqlite3_column_text(st, 3);
		ss.last_modified = (char *)sqlite3_column_text(st, 4);
		ss.last_attempt = sqlite3_column_int64(st, 5);
		ss.last_success = sqlite3_column_int64(st, 6);
		ss.last_status = (long)sqlite3_column_int64(st, 7);
		ss.last_error = (char *)sqlite3_column_text(st, 8);
		ss.failures = sqlite3_column_int(st, 9);
		ss.verdict = (const char *)sqlite3_column_text(st, 10);
		if (fn((const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2), &ss, data))
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot list sources");
	return RW_OK;
}

/* ---- for the store's companion files (store-int.h) ---- */

int rw_store_fail(rw_store *s, rw_err *err, const char *what) { return db_fail(s, err, what); }
int rw_store_exec(rw_store *s, const char *sql, rw_err *err) { return exec(s, sql, err); }
sqlite3_stmt *rw_store_prep(rw_store *s, const char *sql, rw_err *err) { return prep(s, sql, err); }
int rw_store_run(rw_store *s, sqlite3_stmt *st, rw_err *err, const char *what) { return run(s, st, err, what); }
void rw_store_bind_text(sqlite3_stmt *st, int i, const char *v) { bind_text(st, i, v); }
void rw_store_bind_date(sqlite3_stmt *st, int i, int64_t t) { bind_date(st, i, t); }
void rw_store_bind_real(sqlite3_stmt *st, int i, double v) { bind_real(st, i, v); }

int64_t
rw_store_col_date(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? RW_NO_DATE : sqlite3_column_int64(st, i);
}

double
rw_store_col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_double(st, i);
}

/* ---- hosts that asked us to wait (fetch politeness) ---- */

int
rw_store_host_hold(rw_store *s, const char *host, int64_t until, const char *reason, int64_t now,
                   rw_err *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO hosts(host, not_before, reason, set_at) VALUES (?1, ?2, ?3, ?4) "
	                           "ON CONFLICT(host) DO UPDATE SET not_before = max(not_before, excluded.not_before), "
	                           "reason = excluded.reason, set_at = excluded.set_at", err);

	if (!st)
		return RW_E_DB;
	bind_text(st, 1, host);
	sqlite3_bind_int64(st, 2, until);
	bind_text(st, 3, reason);
	sqlite3_bind_int64(st, 4, now);
	return run(s, st, err, "cannot record a site's Retry-After");
}

int
rw_store_each_host_hold(rw_store *s, int64_t now,
                        int (*fn)(const char *host, int64_t until, const char *reason, void *data),
                        void *data, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "DELETE FROM hosts WHERE not_before <= ?1", err);
	int rc;

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, now);
	if (run(s, st, err, "cannot forget expired Retry-After holds"))
		return RW_E_DB;
	if (!(st = prep(s, "SELECT host, not_before, reason FROM hosts WHERE not_before > ?1 ORDER BY host", err)))
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
		       (const char *)sqlite3_column_text(st, 2), data))
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read Retry-After holds");
	return RW_OK;
}

/* ---- what matching and classifying found (migration 4) ---- */

int
rw_store_set_analysis(rw_store *s, int64_t mention_id, const rw_mention_analysis *a, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "UPDATE mentions SET confidence = ?2, match_reason = ?3, lang = ?4, "
	                           "sentiment = ?5, sentiment_label = ?6, myth = ?7 WHERE id = ?1", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	bind_text(st, 2, a->confidence);
	bind_text(st, 3, a->match_reason);
	bind_text(st, 4, a->lang);
	sqlite3_bind_double(st, 5, a->sentiment);
	bind_text(st, 6, a->label);
	bind_text(st, 7, a->myth);
	return run(s, st, err, "cannot store why a mention matched");
}

static void
col_copy(sqlite3_stmt *st, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

int
rw_store_get_analysis(rw_store *s, int64_t mention_id, rw_mention_analysis_row *out, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT confidence, match_reason, lang, sentiment, sentiment_label, myth, "
	                           "not_me FROM mentions WHERE id = ?1", err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->found = 1;
		col_copy(st, 0, out->confidence, sizeof(out->confidence));
		col_copy(st, 1, out->match_reason, sizeof(out->match_reason));
		col_copy(st, 2, out->lang, sizeof(out->lang));
		out->has_sentiment = sqlite3_column_type(st, 3) != SQLITE_NULL;
		out->sentiment = sqlite3_column_double(st, 3);
		col_copy(st, 4, out->label, sizeof(out->label));
		col_copy(st, 5, out->myth, sizeof(out->myth));
		out->not_me = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read why a mention matched");
	return RW_OK;
}

int
rw_store_add_not_me(rw_store *s, int64_t mention_id, const char *practitioner, const char *kind,
                    const char *value, int64_t now, int64_t *rule_id, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO not_me_rules(practitioner, kind, value, mention_id, created) "
	                           "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(practitioner, kind, value) "
	                           "DO UPDATE SET mention_id = excluded.mention_id RETURNING id", err);
	int rc;

	if (!st)
		return RW_E_DB;
	bind_text(st, 1, practitioner);
	bind_text(st, 2, kind);
	bind_text(st, 3, value);
	if (mention_id)
		sqlite3_bind_int64(st, 4, mention_id);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && rule_id)
		*rule_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "cannot store a not-me rule");
	return RW_OK;
}

int
rw_store_set_not_me(rw_store *s, int64_t mention_id, int not_me, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "UPDATE mentions SET not_me = ?2 WHERE id = ?1", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	sqlite3_bind_int(st, 2, not_me ? 1 : 0);
	return run(s, st, err, "cannot mark a mention");
}

int
rw_store_each_not_me(rw_store *s, const char *practitioner,
                     int (*fn)(int64_t id, const char *practitioner, const char *kind, const char *value,
                               int64_t mention_id, int64_t created, void *data),
                     void *data, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT id, practitioner, kind, value, mention_id, created FROM not_me_rules "
	                           "WHERE ?1 IS NULL OR practitioner = ?1 ORDER BY id", err);
	int rc;

	if (!st)
		return RW_E_DB;
	bind_text(st, 1, practitioner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
		       sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5), data))
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot list not-me rules");
	return RW_OK;
}

int
rw_store_forget_not_me(rw_store *s, int64_t rule_id, int *forgotten, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "DELETE FROM not_me_rules WHERE id = ?1", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, rule_id);
	if (run(s, st, err, "cannot forget a not-me rule"))
		return RW_E_DB;
	if (forgotten)
		*forgotten = sqlite3_changes(s->db) > 0;
	return RW_OK;
}

int
rw_store_mention_source_url(rw_store *s, int64_t mention_id, char *buf, size_t size, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT src.url FROM sightings si JOIN sources src ON src.id = si.source_id "
	                           "WHERE si.mention_id = ?1 ORDER BY si.first_seen, src.id LIMIT 1", err);
	int rc;

	buf[0] = '\0';
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_copy(st, 0, buf, size);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read where a mention was seen");
	return RW_OK;
}

/* ---- mentions that may be a namesake's (migration 7) ---- */

/* Run sql, an UPDATE of one text column (?2, NULL when v is NULL or "")
 * of the row whose id is ?1. */
static int
update_text(rw_store *s, const char *sql, int64_t id, const char *v, const char *what, rw_err *err)
{
	sqlite3_stmt *st = prep(s, sql, err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, v && *v ? v : NULL);
	return run(s, st, err, what);
}

int
rw_store_set_uncertain(rw_store *s, int64_t mention_id, const char *why, rw_err *err)
{
	return update_text(s, "UPDATE mentions SET uncertain = ?2 WHERE id = ?1 AND uncertain IS NOT ?2", mention_id, why,
	                   "cannot mark a mention uncertain", err);
}

int
rw_store_page_owner(rw_store *s, const char *practitioner, const char *source_url, int *mine, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT mine FROM page_owner WHERE practitioner = ?1 AND source_url = ?2", err);
	int rc;

	*mine = -1;
	if (!st)
		return RW_E_DB;
	bind_text(st, 1, practitioner);
	bind_text(st, 2, source_url);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*mine = sqlite3_column_int(st, 0) ? 1 : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read whose page a source is");
	return RW_OK;
}

int
rw_store_set_page_owner(rw_store *s, const char *practitioner, const char *source_url, int mine,
                        int64_t mention_id, int64_t now, rw_err *err)
{
	static const char *const mine_sql[] = {
		/* hers now: no longer uncertain, no longer hidden as not hers */
		"UPDATE mentions SET uncertain = NULL, not_me = 0 WHERE practitioner = ?1 AND id IN "
		"  (SELECT si.mention_id FROM sightings si JOIN sources src ON src.id = si.source_id "
		"   WHERE src.url = ?2)",
		/* a not-me rule on this page no longer holds */
		"DELETE FROM not_me_rules WHERE practitioner = ?1 AND kind = 'source' AND value = ?2",
	};
	sqlite3_stmt *st = prep(s, "INSERT INTO page_owner(practitioner, source_url, mine, mention_id, created) "
	                           "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(practitioner, source_url) DO UPDATE "
	                           "SET mine = ?3, mention_id = ?4, created = ?5", err);
	/* not hers: what the page showed leaves her lists at once as "not
	 * about me" (not_me = 2, as rw_store_not_hers does), not only once the
	 * page changes and is read again */
	static const char *const not_mine_sql[] = {
		"UPDATE mentions SET not_me = 2 WHERE practitioner = ?1 AND not_me = 0 AND id IN "
		"  (SELECT si.mention_id FROM sightings si JOIN sources src ON src.id = si.source_id "
		"   WHERE src.url = ?2)",
	};
	const char *const *more = mine ? mine_sql : not_mine_sql;
	size_t i, nmore = mine ? sizeof(mine_sql) / sizeof(mine_sql[0]) : sizeof(not_mine_sql) / sizeof(not_mine_sql[0]);
	int rc;

	if (!st)
		return RW_E_DB;
	bind_text(st, 1, practitioner);
	bind_text(st, 2, source_url);
	sqlite3_bind_int(st, 3, mine ? 1 : 0);
	if (mention_id)
		sqlite3_bind_int64(st, 4, mention_id);
	sqlite3_bind_int64(st, 5, now);
	if ((rc = run(s, st, err, "cannot record whose page a source is")))
		return rc;
	for (i = 0; i < nmore; i++) {
		if (!(st = prep(s, more[i], err)))
			return RW_E_DB;
		bind_text(st, 1, practitioner);
		bind_text(st, 2, source_url);
		if ((rc = run(s, st, err, "cannot record whose page a source is")))
			return rc;
	}
	return RW_OK;
}

int
rw_store_page_claim(rw_store *s, int64_t source_id, const char *practitioner, const char *card, int claims,
                    int settled, int64_t now, rw_err *err)
{
	sqlite3_stmt *st = prep(s, claims
	                        ? "INSERT INTO page_claims(source_id, practitioner, card, settled, seen) "
	                          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(source_id, practitioner) DO UPDATE "
	                          "SET card = ?3, settled = ?4, seen = ?5"
	                        : "DELETE FROM page_claims WHERE source_id = ?1 AND practitioner = ?2", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, source_id);
	bind_text(st, 2, practitioner);
	if (claims) {
		bind_text(st, 3, card);
		sqlite3_bind_int(st, 4, settled);
		sqlite3_bind_int64(st, 5, now);
	}
	return run(s, st, err, "cannot record whom a page claims");
}

int
rw_store_each_page_claim(rw_store *s, const char *practitioner,
                         int (*fn)(int64_t source_id, const char *url, const char *card, int settled, void *data),
                         void *data, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT c.source_id, src.url, c.card, c.settled FROM page_claims c "
	                           "JOIN sources src ON src.id = c.source_id WHERE c.practitioner = ?1 ORDER BY c.source_id",
	                        err);
	int rc;

	if (!st)
		return RW_E_DB;
	bind_text(st, 1, practitioner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2), sqlite3_column_int(st, 3), data))
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read whom pages claim");
	return RW_OK;
}

int
rw_store_source_verdict(rw_store *s, int64_t source_id, const char *verdict, rw_err *err)
{
	return update_text(s, "UPDATE sources SET verdict = ?2 WHERE id = ?1 AND verdict IS NOT ?2", source_id, verdict,
	                   "cannot record whose page a source is", err);
}

int
rw_store_source_uncertain(rw_store *s, int64_t source_id, const char *practitioner, const char *why, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "UPDATE mentions SET uncertain = ?3 WHERE practitioner = ?2 AND uncertain IS NULL "
	                           "AND id IN (SELECT mention_id FROM sightings WHERE source_id = ?1) "
	                           "AND NOT EXISTS (SELECT 1 FROM page_owner o JOIN sources src ON src.url = o.source_url "
	                           "  WHERE src.id = ?1 AND o.practitioner = ?2 AND o.mine = 1)", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, source_id);
	bind_text(st, 2, practitioner);
	bind_text(st, 3, why);
	return run(s, st, err, "cannot mark mentions uncertain");
}

/* ---- versions, notification queue, digests (for notifications and the digest) ---- */

int
rw_store_notify_queue(rw_store *s, int64_t mention_id, const char *change, int64_t now, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO notify_queue(mention_id, change, queued_at) VALUES (?1, ?2, ?3) "
	                           "ON CONFLICT(mention_id) DO NOTHING", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	bind_text(st, 2, change);
	sqlite3_bind_int64(st, 3, now);
	if (run(s, st, err, "cannot hold a notification"))
		return RW_E_DB;
	st = prep(s, "DELETE FROM notify_queue WHERE id <= (SELECT max(id) FROM notify_queue) - ?1", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int(st, 1, RW_STORE_NOTIFY_QUEUE_MAX);
	return run(s, st, err, "cannot trim the held notifications");
}

int
rw_store_notify_each_queued(rw_store *s, int (*fn)(int64_t queue_id, int64_t mention_id, const char *change,
                            int64_t queued_at, void *data), void *data, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT q.id, q.mention_id, q.change, q.queued_at FROM notify_queue q "
	                           "JOIN mentions m ON m.id = q.mention_id ORDER BY q.id", err);
	int rc;

	if (!st)
		return RW_E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		       (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3), data))
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read the held notifications");
	return RW_OK;
}

int
rw_store_notify_dequeue(rw_store *s, int64_t upto_id, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "DELETE FROM notify_queue WHERE id <= ?1", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, upto_id);
	return run(s, st, err, "cannot clear the shown notifications");
}

int
rw_store_digest_last_sent(rw_store *s, int64_t *sent_at, int64_t *until, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "SELECT sent_at, until FROM digests WHERE sent_at IS NOT NULL "
	                           "ORDER BY sent_at DESC, id DESC LIMIT 1", err);
	int rc;

	*sent_at = *until = 0;
	if (!st)
		return RW_E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*sent_at = sqlite3_column_int64(st, 0);
		*until = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read when the last digest was sent");
	return RW_OK;
}

int
rw_store_digest_record(rw_store *s, int64_t attempted_at, int64_t since, int64_t until, int sent,
                       const char *message_id, const char *recipients, const char *error, rw_err *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO digests(attempted_at, since, until, sent_at, message_id, "
	                           "recipients, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, attempted_at);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, until);
	if (sent)
		sqlite3_bind_int64(st, 4, attempted_at);
	else
		sqlite3_bind_null(st, 4);
	bind_text(st, 5, message_id);
	bind_text(st, 6, recipients);
	bind_text(st, 7, error);
	return run(s, st, err, "cannot record the digest");
}
