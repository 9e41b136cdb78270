/* SPDX-License-Identifier: MIT */
/* store-int.h - private to the store module (store.c and its companions
 * store-history.c, store-maint.c, evidence.c).
 *
 * The store's SQL lives in these files only.  The helpers below are store.c's
 * own, shared so the companions prepare, bind and report errors the same way:
 * every database error becomes "database 'PATH': WHAT: sqlite's message
 * (what to do)".
 */
#ifndef RW_STORE_INT_H
#define RW_STORE_INT_H

#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

struct rw_store {
	sqlite3 *db;
	char *path;
	/* set when SQLite reported the file damaged: no more writes, and no
	 * checkpoint on close, so the file is not made worse */
	int damaged;
	/* kept prepared: asked for most items of a scan (rw_store_not_hers,
	 * find_mention) */
	sqlite3_stmt *source_active, *find_key;
};

/* Set err from the connection's last error, with a hint; returns RW_E_DB. */
int rw_store_fail(rw_store *s, rw_err *err, const char *what);
/* Create path empty with mode 0600 when it does not exist, before SQLite
 * opens it: a database holds what patients wrote, and SQLite gives its
 * -wal and -shm files the database's mode.  0, or -1 with errno. */
int rw_store_create_private(const char *path);
/* Run sql (no rows), err set on failure. */
int rw_store_exec(rw_store *s, const char *sql, rw_err *err);
/* Prepare sql; NULL with err set on failure. */
sqlite3_stmt *rw_store_prep(rw_store *s, const char *sql, rw_err *err);
/* Step st (a statement that returns no rows), finalize it. */
int rw_store_run(rw_store *s, sqlite3_stmt *st, rw_err *err, const char *what);
/* NULL, RW_NO_DATE and ratings < 0 are bound as SQL NULL. */
void rw_store_bind_text(sqlite3_stmt *st, int i, const char *v);
void rw_store_bind_date(sqlite3_stmt *st, int i, int64_t t);
void rw_store_bind_real(sqlite3_stmt *st, int i, double v);
int64_t rw_store_col_date(sqlite3_stmt *st, int i);    /* NULL -> RW_NO_DATE */
double rw_store_col_real(sqlite3_stmt *st, int i);     /* NULL -> -1 */

#endif
