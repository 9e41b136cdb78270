/* store-maint.c - check, backup and vacuum of the database.
 * Part of the store module (store.h); SQL helpers from store-int.h. */
#include "store.h"
#include "store-int.h"

#include <errno.h>
#include <fcntl.h>
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
		                  errno == ENOENT ? " (nothing to check: 'repwatch scan' creates it)" : "");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = rw_err_set(err, RW_E_DB, "database '%s': cannot open: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db, 10000);
	{
		int persist = 1;   /* as rw_store_open: leave -wal and -shm in place */
		sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	}
	r->schema = (int)scalar(db, "PRAGMA user_version");
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(" "100" ")", -1, &st, NULL) != SQLITE_OK) {
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
		rw_err_set(err, RW_E_IO, "backup '%s': cannot create it: %s", dest, out ? sqlite3_errmsg(out) : "out of memory");
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
		           "backup '%s': %s%s", dest, step == SQLITE_BUSY ? "the database stayed busy" : sqlite3_errstr(step),
		           code == SQLITE_FULL ? " (the disk of the backup is full)" : "");
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

/* Copy rows of one table, in rowid order (forwards, or backwards from the
 * end when backwards is set), until the end or the first damage. */
static int
copy_rows(sqlite3 *src, sqlite3 *dest, const char *table, const char *cols, int ncols, int backwards,
          rw_store_salvage_table *t)
{
	char *q = sqlite3_mprintf("SELECT %s FROM \"%w\" ORDER BY %s", cols, table,
	                          !strcmp(table, "mention_keys") ? (backwards ? "1 DESC, 2 DESC, 3 DESC" : "1, 2, 3")
	                                                         : (backwards ? "rowid DESC" : "rowid"));
	char *marks = sqlite3_mprintf("?"), *ins = NULL;
	sqlite3_stmt *rd = NULL, *wr = NULL;
	int rc = SQLITE_NOMEM, i;

	for (i = 1; marks && i < ncols; i++) {
		char *next = sqlite3_mprintf("%s, ?", marks);
		sqlite3_free(marks);
		marks = next;
	}
	if (marks)
		ins = sqlite3_mprintf("INSERT OR IGNORE INTO \"%w\"(%s) VALUES (%s)", table, cols, marks);
	sqlite3_free(marks);
	if (q && ins && sqlite3_prepare_v2(src, q, -1, &rd, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(dest, ins, -1, &wr, NULL) == SQLITE_OK) {
		while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
			for (i = 0; i < ncols; i++)
				sqlite3_bind_value(wr, i + 1, sqlite3_column_value(rd, i));
			if (sqlite3_step(wr) != SQLITE_DONE) {
				rc = SQLITE_ERROR;
				break;
			}
			t->rows += sqlite3_changes(dest);
			sqlite3_reset(wr);
		}
	} else if (rd == NULL && q) {
		rc = sqlite3_errcode(src);   /* damage in the table's first page */
	}
	if (rc != SQLITE_DONE && ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB))
		t->damaged = 1;
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	sqlite3_free(q);
	sqlite3_free(ins);
	return rc == SQLITE_DONE || t->damaged ? 0 : -1;
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
		rc = rw_err_set(err, RW_E_DB, "database '%s': cannot open: %s", path, src ? sqlite3_errmsg(src) : "out of memory");
		sqlite3_close(src);
		return rc;
	}
	sqlite3_extended_result_codes(src, 1);
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
		if (copy_rows(src, dest->db, salvage_tables[i], cols, ncols, 0, t) < 0 ||
		    (t->damaged && copy_rows(src, dest->db, salvage_tables[i], cols, ncols, 1, t) < 0)) {
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
