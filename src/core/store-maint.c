/* SPDX-License-Identifier: MIT */
/* store-maint.c - check, backup and vacuum of the database.
 * Part of the store module (store.h); SQL helpers from store-int.h. */
#include "store.h"
#include "store-int.h"
#include "msgid.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PROBLEMS 100

/* first column of the first row of sql as an integer; -1 when it fails */
static int64_t
scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
add_problem(rw_store_check_report *r, const char *text)
{
	char **np;

	if (r->nproblems == MAX_PROBLEMS)
		return 0;
	np = realloc(r->problems, (r->nproblems + 1) * sizeof(*np));
	if (!np)
		return -1;
	r->problems = np;
	if (!(r->problems[r->nproblems] = strdup(text ? text : "?")))
		return -1;
	r->nproblems++;
	return 0;
}

/* Errors that say the place cannot be written, not that the file is damaged. */
static int
not_writable(int code)
{
	code &= 0xff;
	return code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_AUTH;
}

/* path opened read-only as an immutable file (no -shm, no locks): how a
 * database on a read-only mount can be read. */
static int
open_immutable(const char *path, sqlite3 **db)
{
	char *uri = sqlite3_mprintf("file:"), *next;
	const char *p;
	int rc;

	for (p = path; uri && *p; p++) {
		next = *p == '%' || *p == '?' || *p == '#' ? sqlite3_mprintf("%s%%%02X", uri, (unsigned char)*p)
		                                           : sqlite3_mprintf("%s%c", uri, *p);
		sqlite3_free(uri);
		uri = next;
	}
	next = uri ? sqlite3_mprintf("%s?immutable=1", uri) : NULL;
	sqlite3_free(uri);
	if (!next)
		return SQLITE_NOMEM;
	rc = sqlite3_open_v2(next, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	sqlite3_free(next);
	return rc;
}

int
rw_store_check(const char *path, rw_store_check_report *r, rw_err *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct stat sb;
	int rc;

	memset(r, 0, sizeof(*r));
	r->known_schema = RW_STORE_SCHEMA_VERSION;
	r->mentions = r->versions = r->sightings = r->sources = r->snapshots = r->evidence_bytes = -1;
	if (stat(path, &sb) < 0)
		return rw_err_set(err, RW_E_DB, "database '%s': %s%s", path, strerror(errno),
		                  errno == ENOENT ? rw_tr(N_(" (nothing to check: 'repwatch scan' creates it)")) : "");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = rw_err_set(err, RW_E_DB, "database '%s': cannot open: %s", path, db ? sqlite3_errmsg(db) : rw_tr(N_("out of memory")));
		sqlite3_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db, 10000);
	{
		int persist = 1;   /* as rw_store_open: leave -wal and -shm in place */
		sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	}
	r->schema = (int)scalar(db, "PRAGMA user_version");
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(" "100" ")", -1, &st, NULL) != SQLITE_OK &&
	    not_writable(sqlite3_errcode(db))) {
		/* a read-only place (a read-only mount, a folder not ours): a WAL
		 * database cannot make its -shm there; read the file as it stands */
		sqlite3_close(db);
		db = NULL;
		if (open_immutable(path, &db) != SQLITE_OK) {
			rc = rw_err_set(err, RW_E_DB, "database '%s': cannot open it on a read-only place: %s", path,
			                db ? sqlite3_errmsg(db) : rw_tr(N_("out of memory")));
			sqlite3_close(db);
			return rc;
		}
		r->read_only = 1;
		r->schema = (int)scalar(db, "PRAGMA user_version");
		sqlite3_prepare_v2(db, "PRAGMA integrity_check(" "100" ")", -1, &st, NULL);
	}
	if (!st) {
		/* not a database at all, or page 1 is damaged */
		char msg[600];
		snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(db));
		rc = (sqlite3_extended_errcode(db) & 0xff) == SQLITE_BUSY
		     ? rw_err_set(err, RW_E_DB, "database '%s': %s (another repwatch holds it; try again in a moment)", path, msg)
		     : add_problem(r, msg) < 0 ? rw_err_set(err, RW_E_NOMEM, "out of memory") : RW_OK;
		sqlite3_close(db);
		r->schema = -1;
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && !strcmp(line, "ok")) {
			r->intact = 1;
			continue;
		}
		if (add_problem(r, line) < 0) {
			sqlite3_finalize(st);
			sqlite3_close(db);
			return rw_err_set(err, RW_E_NOMEM, "out of memory");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		r->intact = 0;
		if (add_problem(r, sqlite3_errmsg(db)) < 0) {
			sqlite3_close(db);
			return rw_err_set(err, RW_E_NOMEM, "out of memory");
		}
	}
	if (r->intact && r->nproblems)
		r->intact = 0;
	r->mentions = scalar(db, "SELECT count(*) FROM mentions");
	r->versions = scalar(db, "SELECT count(*) FROM versions");
	r->sightings = scalar(db, "SELECT count(*) FROM sightings");
	r->sources = scalar(db, "SELECT count(*) FROM sources");
	r->snapshots = scalar(db, "SELECT count(*) FROM snapshots");
	r->evidence_bytes = scalar(db, "SELECT coalesce(sum(stored_size), 0) FROM blobs");
	r->file_bytes = scalar(db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(r->journal, sizeof(r->journal), "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return RW_OK;
}

void
rw_store_check_report_clear(rw_store_check_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

/* fsync the file at path, then its folder, so a rename is durable */
static int
sync_path(const char *path, int dir_too)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	char *dir, *slash;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	if (rc < 0 || !dir_too)
		return rc;
	if (!(dir = strdup(path)))
		return -1;
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	rc = sync_path(dir, 0);
	free(dir);
	return rc;
}

int
rw_store_backup(rw_store *s, const char *dest, int *pages, rw_err *err)
{
	sqlite3 *out = NULL;
	sqlite3_backup *b;
	char *tmp = NULL;
	struct stat sb;
	int rc = RW_E_DB, step, n = 0;

	if (stat(dest, &sb) == 0)
		return rw_err_set(err, RW_E_USAGE, "'%s' already exists: choose a new file name for the backup", dest);
	if (asprintf(&tmp, "%s.partial-%ld", dest, (long)getpid()) < 0)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	unlink(tmp);
	if (rw_store_create_private(tmp) < 0) {
		rw_err_set(err, RW_E_IO, "backup '%s': cannot create it: %s", dest, strerror(errno));
		goto out;
	}
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rw_err_set(err, RW_E_IO, "backup '%s': cannot create it: %s", dest, out ? sqlite3_errmsg(out) : rw_tr(N_("out of memory")));
		goto out;
	}
	b = sqlite3_backup_init(out, "main", s->db, "main");
	if (!b) {
		rw_err_set(err, RW_E_IO, "backup '%s': %s", dest, sqlite3_errmsg(out));
		goto out;
	}
	/* all pages in one step: one read transaction, one consistent moment;
	 * in WAL mode it does not hold up a scan that writes meanwhile */
	do {
		step = sqlite3_backup_step(b, -1);
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
			sqlite3_sleep(100);
	} while ((step == SQLITE_BUSY || step == SQLITE_LOCKED) && ++n < 100);
	n = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		int code = sqlite3_extended_errcode(out) & 0xff;
		rw_err_set(err, code == SQLITE_FULL || code == SQLITE_IOERR ? RW_E_IO : RW_E_DB,
		           "backup '%s': %s%s", dest, step == SQLITE_BUSY ? rw_tr(N_("the database stayed busy")) : sqlite3_errstr(step),
		           code == SQLITE_FULL ? rw_tr(N_(" (the disk of the backup is full)")) : "");
		goto out;
	}
	if (sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK ||
	    scalar(out, "SELECT count(*) FROM pragma_quick_check WHERE quick_check <> 'ok'") != 0) {
		rw_err_set(err, RW_E_DB, "backup '%s': the copy does not check out: %s", dest, sqlite3_errmsg(out));
		goto out;
	}
	if (sqlite3_close(out) != SQLITE_OK) {
		rw_err_set(err, RW_E_IO, "backup '%s': cannot finish writing it", dest);
		goto out;
	}
	out = NULL;
	if (sync_path(tmp, 0) < 0 || link(tmp, dest) < 0 || sync_path(dest, 1) < 0) {
		/* link, not rename: never replaces a file that appeared meanwhile */
		rw_err_set(err, RW_E_IO, "backup '%s': %s", dest, strerror(errno));
		goto out;
	}
	if (pages)
		*pages = n;
	rc = RW_OK;
out:
	if (out)
		sqlite3_close(out);
	unlink(tmp);
	free(tmp);
	return rc;
}

int
rw_store_vacuum(rw_store *s, int64_t *before, int64_t *after, rw_err *err)
{
	const char *size_sql = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";

	if (s->damaged)
		return rw_err_set(err, RW_E_DB, "database '%s' is damaged: run 'repwatch db check' first", s->path);
	if (before)
		*before = scalar(s->db, size_sql);
	if (rw_store_exec(s, "VACUUM", err) ||
	    rw_store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", err))
		return RW_E_DB;
	if (after)
		*after = scalar(s->db, size_sql);
	return RW_OK;
}

/* ---- salvage ---- */

/* Tables in the order their rows refer to each other. */
static const char *const salvage_tables[] = {
	"sources", "scans", "mentions", "versions", "sightings", "mention_keys", "blobs", "snapshots", "evidence",
};

/* Is column name a column of table in db? */
static int
has_column(sqlite3 *db, const char *table, const char *name)
{
	char *sql = sqlite3_mprintf("SELECT count(*) FROM pragma_table_info(%Q) WHERE name = %Q", table, name);
	int64_t n = sql ? scalar(db, sql) : -1;

	sqlite3_free(sql);
	return n > 0;
}

/* "a, b, c": the columns of table in dest that src has too; NULL when src
 * has none of them (no such table) or memory ran out.  sqlite3_free it. */
static char *
common_columns(sqlite3 *src, sqlite3 *dest, const char *table, int *n)
{
	char *sql = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q) ORDER BY cid", table), *list = NULL;
	sqlite3_stmt *st;

	*n = 0;
	if (!sql || sqlite3_prepare_v2(dest, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return NULL;
	}
	sqlite3_free(sql);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *next;
		if (!name || !has_column(src, table, name))
			continue;
		next = list ? sqlite3_mprintf("%s, \"%w\"", list, name) : sqlite3_mprintf("\"%w\"", name);
		sqlite3_free(list);
		if (!(list = next))
			break;
		(*n)++;
	}
	sqlite3_finalize(st);
	return list;
}

static int
is_damage(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_IOERR;
}

/* One salvage of one table: the statement that writes its rows. */
struct salvage {
	sqlite3 *src, *dest;
	const char *table, *cols;
	int ncols;
	sqlite3_stmt *wr;
	rw_store_salvage_table *t;
	int stop_on_known;   /* a row already copied ends the pass (read from the other end) */
	sqlite3_int64 *ids;  /* the source rowids read (a table whose rowid is not a
	                        column gets new ones in dest) */
	size_t nids, aids;
	int oom;
	sqlite3_stmt *probes[2];   /* upwards, downwards: prepared once a table */
};

/* Copy the rows of rd (rowid first, then the columns) until the end or
 * the first damage; *last: the last rowid read.  SQLITE_DONE at the end,
 * the damage's code, or SQLITE_ERROR when writing failed. */
static int
copy_stmt(struct salvage *sv, sqlite3_stmt *rd, int with_rowid, sqlite3_int64 *last)
{
	int rc, i;

	while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
		for (i = 0; i < sv->ncols; i++)
			sqlite3_bind_value(sv->wr, i + 1, sqlite3_column_value(rd, i + with_rowid));
		if (with_rowid) {
			*last = sqlite3_column_int64(rd, 0);
			if (sv->nids == sv->aids) {
				size_t na = sv->aids ? 2 * sv->aids : 1024;
				sqlite3_int64 *ni = realloc(sv->ids, na * sizeof(*ni));
				if (!ni) {
					sv->oom = 1;
					return SQLITE_ERROR;
				}
				sv->ids = ni;
				sv->aids = na;
			}
			sv->ids[sv->nids++] = *last;
		}
		sv->t->read++;
		if (sqlite3_step(sv->wr) != SQLITE_DONE) {
			int code = sqlite3_extended_errcode(sv->dest);
			sqlite3_reset(sv->wr);
			if (code == SQLITE_CONSTRAINT_NOTNULL || code == SQLITE_CONSTRAINT_CHECK ||
			    code == SQLITE_CONSTRAINT_DATATYPE) {
				sv->t->read--;   /* no row: damage read as one (a rowid 0, empty columns) */
				continue;
			}
			if (code != SQLITE_CONSTRAINT_UNIQUE && code != SQLITE_CONSTRAINT_PRIMARYKEY &&
			    code != SQLITE_CONSTRAINT_ROWID)
				return SQLITE_ERROR;
			if (sv->stop_on_known) {
				sv->t->read--;   /* met what the first pass read */
				return SQLITE_DONE;
			}
			continue;        /* read, not written: the count says so */
		}
		sqlite3_reset(sv->wr);
		sv->t->rows++;
	}
	return rc;
}

/* The first rowid that can be read from from on (down: from from down),
 * within (lo, hi): SQLITE_ROW (*at set), SQLITE_DONE (none), or the
 * damage met looking for it. */
static int
probe(struct salvage *sv, int down, sqlite3_int64 from, sqlite3_int64 lo, sqlite3_int64 hi, sqlite3_int64 *at)
{
	sqlite3_stmt *st = sv->probes[down];
	int rc;

	if (!st) {
		char *q = sqlite3_mprintf(down ? "SELECT rowid FROM \"%w\" WHERE rowid <= ?1 AND rowid > ?2 AND rowid < ?3 "
		                                 "ORDER BY rowid DESC LIMIT 1"
		                               : "SELECT rowid FROM \"%w\" WHERE rowid >= ?1 AND rowid > ?2 AND rowid < ?3 "
		                                 "ORDER BY rowid LIMIT 1", sv->table);
		rc = q ? sqlite3_prepare_v2(sv->src, q, -1, &st, NULL) : SQLITE_NOMEM;
		sqlite3_free(q);
		if (rc != SQLITE_OK)
			return q ? sqlite3_extended_errcode(sv->src) : SQLITE_NOMEM;
		sv->probes[down] = st;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*at = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		rc = sqlite3_extended_errcode(sv->src);
	sqlite3_reset(st);
	return rc;
}

/* One pass over the rowids in (lo, hi), upwards or down: row by row; at
 * damage, the next readable rowid is found by probing further and
 * further on (1, 2, 4... past the last row read) and then back to the
 * first one that reads, so that every leaf page that can still be read
 * is read.  *reached: the last rowid read (lo, or hi going down, when
 * none).  0, or -1 when writing failed. */
static int
copy_rowid_pass(struct salvage *sv, int down, sqlite3_int64 lo, sqlite3_int64 hi, sqlite3_int64 *reached)
{
	char *q = sqlite3_mprintf(down ? "SELECT rowid, %s FROM \"%w\" WHERE rowid < ?1 AND rowid > ?2 ORDER BY rowid DESC"
	                               : "SELECT rowid, %s FROM \"%w\" WHERE rowid > ?1 AND rowid < ?2 ORDER BY rowid",
	                          sv->cols, sv->table);
	sqlite3_int64 from = down ? hi : lo, last = from;
	sqlite3_stmt *rd = NULL;
	int rc = SQLITE_NOMEM, gaps = 0;

	*reached = from;
	if (!q)
		return -1;
	if (sqlite3_prepare_v2(sv->src, q, -1, &rd, NULL) != SQLITE_OK) {
		sqlite3_free(q);
		return 0;   /* the table cannot be read at all */
	}
	for (;;) {
		sqlite3_int64 good = 0, bad, step, at = 0;
		int found = 0;
		sqlite3_bind_int64(rd, 1, from);
		sqlite3_bind_int64(rd, 2, down ? lo : hi);
		rc = copy_stmt(sv, rd, 1, &last);
		if (rc != SQLITE_DONE && rc != SQLITE_ERROR)
			rc = sqlite3_extended_errcode(sv->src);
		sqlite3_reset(rd);
		*reached = last;
		if (rc == SQLITE_DONE || !is_damage(rc) || ++gaps > 100000)
			break;
		sv->t->damaged = 1;
		/* past the damage: the first probe that reads */
		bad = last;
		for (step = 1; step < (INT64_MAX >> 2); step *= 2) {
			sqlite3_int64 p = down ? (bad < lo + step ? lo : bad - step) : (bad > hi - step ? hi : bad + step);
			int pr = (p == lo || p == hi) ? SQLITE_DONE : probe(sv, down, p, lo, hi, &at);
			if (pr == SQLITE_ROW) {
				good = p;
				found = 1;
				break;
			}
			if (pr == SQLITE_DONE)
				break;
			bad = p;
		}
		if (!found) {
			rc = SQLITE_DONE;
			break;
		}
		/* back to the first rowid that reads, between the last probe
		 * that failed and the one that read */
		while (down ? bad - good > 1 : good - bad > 1) {
			sqlite3_int64 mid = down ? good + (bad - good) / 2 : bad + (good - bad) / 2, m;
			if (probe(sv, down, mid, lo, hi, &m) == SQLITE_ROW)
				good = mid;
			else
				bad = mid;
		}
		from = down ? good + 1 : good - 1;
		if (down ? from > last : from < last)
			from = last;
	}
	sqlite3_finalize(rd);
	sqlite3_free(q);
	return rc == SQLITE_DONE || is_damage(rc) ? 0 : -1;
}

/* Every rowid between those copied (and before the first, and a little
 * past the last) that a lookup by rowid can read: a damaged inner page can
 * end a pass without an error, and what lies behind it is then still
 * reachable one rowid at a time.  At most GAP_LOOKUPS lookups, or twice
 * the rows read, a table: linear in the table. */
#define GAP_LOOKUPS 100000

static int
cmp_rowid(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

static int
fill_gaps(struct salvage *sv)
{
	char *qs = sqlite3_mprintf("SELECT rowid, %s FROM \"%w\" WHERE rowid = ?1", sv->cols, sv->table);
	sqlite3_stmt *st = NULL;
	sqlite3_int64 (*gaps)[2] = NULL, prev = 0, budget;
	size_t n = 0, i, nread = sv->nids;
	int rc = -1;

	budget = 2 * (sqlite3_int64)nread > GAP_LOOKUPS ? 2 * (sqlite3_int64)nread : GAP_LOOKUPS;
	if (!qs || !(gaps = malloc((nread + 1) * sizeof(*gaps))))
		goto out;
	if (nread)
		qsort(sv->ids, nread, sizeof(*sv->ids), cmp_rowid);
	for (i = 0; i < nread; i++) {
		sqlite3_int64 r = sv->ids[i];
		if (r - prev > 1 && prev >= 0) {
			gaps[n][0] = prev + 1;
			gaps[n++][1] = r - 1;
		}
		prev = r;
	}
	/* and past the last one read: rows behind a pass that ended early */
	gaps[n][0] = prev + 1;
	gaps[n++][1] = prev > INT64_MAX - 1000 ? INT64_MAX : prev + 1000;
	if (sqlite3_prepare_v2(sv->src, qs, -1, &st, NULL) != SQLITE_OK) {
		rc = 0;   /* the table cannot be read at all */
		goto out;
	}
	for (i = 0; i < n && budget > 0; i++) {
		sqlite3_int64 id;
		for (id = gaps[i][0]; id <= gaps[i][1] && budget-- > 0; id++) {
			sqlite3_int64 last;
			sqlite3_bind_int64(st, 1, id);
			if (copy_stmt(sv, st, 1, &last) == SQLITE_ERROR)
				goto out;
			sqlite3_reset(st);
			if (id == INT64_MAX)
				break;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_free(qs);
	free(gaps);
	return rc;
}

/* A rowid table: upwards from the start, then downwards from the end to
 * where the first pass stopped (a pass can end early at a damaged inner
 * page: rows past it are read from the other side; the two passes read
 * disjoint rows), then the gaps one rowid at a time. */
static int
copy_rowid_table(struct salvage *sv)
{
	sqlite3_int64 up, down;

	if (copy_rowid_pass(sv, 0, INT64_MIN, INT64_MAX, &up) < 0)
		return -1;
	if (up != INT64_MAX && copy_rowid_pass(sv, 1, up, INT64_MAX, &down) < 0)
		return -1;
	return fill_gaps(sv);
}

/* A table without rowid (mention_keys): forwards in key order until the
 * end or the first damage, then backwards from the end. */
static int
copy_keyed_table(struct salvage *sv)
{
	int backwards, rc = SQLITE_DONE;

	for (backwards = 0; backwards < 2; backwards++) {
		char *q = sqlite3_mprintf("SELECT %s FROM \"%w\" ORDER BY %s", sv->cols, sv->table,
		                          backwards ? "1 DESC, 2 DESC, 3 DESC" : "1, 2, 3");
		sqlite3_stmt *rd = NULL;
		sqlite3_int64 unused;
		if (!q)
			return -1;
		if (sqlite3_prepare_v2(sv->src, q, -1, &rd, NULL) == SQLITE_OK)
			rc = copy_stmt(sv, rd, 0, &unused);
		else
			rc = sqlite3_extended_errcode(sv->src);
		if (rc != SQLITE_DONE && rc != SQLITE_ERROR)
			rc = sqlite3_extended_errcode(sv->src);
		sqlite3_finalize(rd);
		sqlite3_free(q);
		if (rc == SQLITE_DONE || !is_damage(rc))
			break;
		sv->t->damaged = 1;
		sv->stop_on_known = 1;
	}
	sv->stop_on_known = 0;
	return rc == SQLITE_DONE || is_damage(rc) ? 0 : -1;
}

/* Copy what can be read of one table; -1 when writing failed. */
static int
copy_rows(sqlite3 *src, sqlite3 *dest, const char *table, const char *cols, int ncols, rw_store_salvage_table *t)
{
	struct salvage sv = { src, dest, table, cols, ncols, NULL, t, 0, NULL, 0, 0, 0, { NULL, NULL } };
	char *marks = sqlite3_mprintf("?"), *ins = NULL;
	int rc = -1, i;

	for (i = 1; marks && i < ncols; i++) {
		char *next = sqlite3_mprintf("%s, ?", marks);
		sqlite3_free(marks);
		marks = next;
	}
	if (marks)
		ins = sqlite3_mprintf("INSERT INTO \"%w\"(%s) VALUES (%s)", table, cols, marks);
	sqlite3_free(marks);
	if (ins && sqlite3_prepare_v2(dest, ins, -1, &sv.wr, NULL) == SQLITE_OK)
		rc = !strcmp(table, "mention_keys") ? copy_keyed_table(&sv) : copy_rowid_table(&sv);
	sqlite3_finalize(sv.wr);
	sqlite3_finalize(sv.probes[0]);
	sqlite3_finalize(sv.probes[1]);
	sqlite3_free(ins);
	free(sv.ids);
	return sv.oom ? -1 : rc;
}

int
rw_store_salvage(const char *path, const char *dest_path, rw_store_salvage_report *r, rw_err *err)
{
	sqlite3 *src = NULL;
	rw_store *dest = NULL;
	struct stat sb;
	size_t i;
	int rc = RW_E_DB;

	memset(r, 0, sizeof(*r));
	if (stat(dest_path, &sb) == 0)
		return rw_err_set(err, RW_E_USAGE, "'%s' already exists: choose a new file name to salvage into", dest_path);
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = rw_err_set(err, RW_E_DB, "database '%s': cannot open: %s", path, src ? sqlite3_errmsg(src) : rw_tr(N_("out of memory")));
		sqlite3_close(src);
		return rc;
	}
	sqlite3_extended_result_codes(src, 1);
	/* a file cut short: read the pages it still has, not none (SQLite
	 * refuses a file shorter than its header says, unless the schema is
	 * writable; nothing is written: the file is opened read-only) */
	sqlite3_exec(src, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
	/* one read transaction for every lookup: no lock taken and released
	 * (and no journal looked for) at each */
	sqlite3_exec(src, "BEGIN", NULL, NULL, NULL);
	if (scalar(src, "PRAGMA user_version") > RW_STORE_SCHEMA_VERSION) {
		sqlite3_close(src);
		return rw_err_set(err, RW_E_DB, "database '%s' was written by a newer repwatch: salvage it with that one", path);
	}
	if (!(dest = rw_store_open(dest_path, err)))
		goto out;
	/* rows whose parent was lost are kept: no foreign key checks */
	if (rw_store_exec(dest, "PRAGMA foreign_keys = OFF", err) || rw_store_begin(dest, err))
		goto out;
	for (i = 0; i < sizeof(salvage_tables) / sizeof(salvage_tables[0]); i++) {
		rw_store_salvage_table *t = &r->tables[r->ntables++];
		int ncols;
		char *cols = common_columns(src, dest->db, salvage_tables[i], &ncols);
		snprintf(t->name, sizeof(t->name), "%s", salvage_tables[i]);
		if (!cols)
			continue;
		if (copy_rows(src, dest->db, salvage_tables[i], cols, ncols, t) < 0) {
			sqlite3_free(cols);
			rw_store_rollback(dest);
			rw_store_fail(dest, err, "cannot write the salvaged rows");
			goto out;
		}
		sqlite3_free(cols);
	}
	if (rw_store_commit(dest, err))
		goto out;
	rc = RW_OK;
out:
	sqlite3_close(src);
	rw_store_close(&dest);
	if (rc) {
		char *side = NULL;
		unlink(dest_path);
		if (asprintf(&side, "%s-wal", dest_path) >= 0)
			unlink(side);
		free(side);
		if (asprintf(&side, "%s-shm", dest_path) >= 0)
			unlink(side);
		free(side);
	}
	return rc;
}
