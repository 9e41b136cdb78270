/* SPDX-License-Identifier: MIT */
/* store-history.c - reading a mention's history; marks; link-check records.
 * Part of the store module (store.h); SQL helpers from store-int.h. */
#include "store.h"
#include "store-int.h"
#include "date.h"
#include "diff.h"

#include <stdlib.h>
#include <string.h>

int
rw_store_each_sighting(rw_store *s, int64_t mention_id, int (*fn)(const rw_sighting *, void *), void *data,
                       rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "SELECT si.source_id, src.url, src.name, si.link, si.state, "
	                                    "si.first_seen, si.last_seen, si.published "
	                                    "FROM sightings si JOIN sources src ON src.id = si.source_id "
	                                    "WHERE si.mention_id = ?1 ORDER BY si.first_seen, si.source_id", err);
	int rc;

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rw_sighting si;
		si.source_id = sqlite3_column_int64(st, 0);
		si.source_url = (const char *)sqlite3_column_text(st, 1);
		si.source_name = (const char *)sqlite3_column_text(st, 2);
		si.link = (const char *)sqlite3_column_text(st, 3);
		si.state = (const char *)sqlite3_column_text(st, 4);
		si.first_seen = sqlite3_column_int64(st, 5);
		si.last_seen = sqlite3_column_int64(st, 6);
		si.published = rw_store_col_date(st, 7);
		if (fn(&si, data))
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rw_store_fail(s, err, "cannot read sightings");
	return RW_OK;
}

int
rw_store_each_version(rw_store *s, int64_t mention_id, int (*fn)(const rw_version *, void *), void *data,
                      rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "SELECT v.version, v.title, v.body, v.hash, coalesce(src.name, src.url), "
	                                    "v.rating, v.seen_at, v.scan_id FROM versions v "
	                                    "LEFT JOIN sources src ON src.id = v.source_id "
	                                    "WHERE v.mention_id = ?1 ORDER BY v.version", err);
	int rc;

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rw_version v;
		v.version = sqlite3_column_int(st, 0);
		v.title = (const char *)sqlite3_column_text(st, 1);
		v.body = (const char *)sqlite3_column_text(st, 2);
		v.hash = (const char *)sqlite3_column_text(st, 3);
		v.source = (const char *)sqlite3_column_text(st, 4);
		v.rating = rw_store_col_real(st, 5);
		v.seen_at = sqlite3_column_int64(st, 6);
		v.scan_id = sqlite3_column_int64(st, 7);
		if (fn(&v, data))
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rw_store_fail(s, err, "cannot read versions");
	return RW_OK;
}

int
rw_store_mark(rw_store *s, int64_t id, rw_mark mark, rw_err *err)
{
	static const char *const sql[] = {
		[RW_MARK_READ] = "UPDATE mentions SET read = 1 WHERE id = ?1",
		[RW_MARK_UNREAD] = "UPDATE mentions SET read = 0 WHERE id = ?1",
		[RW_MARK_IRRELEVANT] = "UPDATE mentions SET irrelevant = 1, read = 1 WHERE id = ?1",
		[RW_MARK_RELEVANT] = "UPDATE mentions SET irrelevant = 0 WHERE id = ?1",
	};
	sqlite3_stmt *st;

	if ((int)mark < 0 || (size_t)mark >= sizeof(sql) / sizeof(sql[0]))
		return rw_err_set(err, RW_E_USAGE, "unknown mark");
	if (!(st = rw_store_prep(s, sql[mark], err)))
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, id);
	if (rw_store_run(s, st, err, "cannot mark a mention"))
		return RW_E_DB;
	if (sqlite3_changes(s->db) == 0)
		return rw_err_set(err, RW_E_USAGE, "no mention #%lld in '%s' (see 'repwatch list')", (long long)id, s->path);
	return RW_OK;
}

int
rw_store_mention_set_read(rw_store *s, int64_t mention_id, int read, rw_err *err)
{
	return rw_store_mark(s, mention_id, read ? RW_MARK_READ : RW_MARK_UNREAD, err);
}

/* canonical(url): the identity form of a link, for comparing in SQL */
static void
sql_canonical(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *url = sqlite3_value_text(argv[0]);
	char *c = url ? rw_diff_canonical_link((const char *)url) : NULL;

	(void)argc;
	if (c)
		sqlite3_result_text(ctx, c, -1, free);
	else
		sqlite3_result_null(ctx);
}

int
rw_store_link_candidates(rw_store *s, int64_t now, int64_t recheck, size_t max,
                         void (*fn)(int64_t, const char *, void *), void *data, rw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!max)
		return RW_OK;
	if (sqlite3_create_function(s->db, "rw_canonical", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	                            sql_canonical, NULL, NULL) != SQLITE_OK)
		return rw_store_fail(s, err, "cannot prepare link checks");
	st = rw_store_prep(s, "SELECT m.id, m.link FROM mentions m "
	                      "WHERE m.category = 'review' AND (m.link LIKE 'http://%' OR m.link LIKE 'https://%') "
	                      "AND (m.state = 'active' OR m.link_status IN (404, 410)) AND m.first_seen < ?1 "
	                      "AND (m.link_checked IS NULL OR m.link_checked <= ?1 - ?2) "
	                      "AND NOT EXISTS (SELECT 1 FROM sightings si JOIN sources src ON src.id = si.source_id "
	                      "  WHERE si.mention_id = m.id AND rw_canonical(src.url) = rw_canonical(m.link)) "
	                      "ORDER BY m.link_checked IS NOT NULL, m.link_checked, m.id LIMIT ?3", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, recheck);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1), data);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rw_store_fail(s, err, "cannot choose the pages to check");
	return RW_OK;
}

int
rw_store_link_result(rw_store *s, int64_t mention_id, int64_t scan_id, int64_t now, long status, int *gone,
                     rw_err *err)
{
	sqlite3_stmt *st;

	*gone = 0;
	st = rw_store_prep(s, "UPDATE mentions SET link_checked = ?2, link_status = ?3 WHERE id = ?1", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, status);
	if (rw_store_run(s, st, err, "cannot record a page check"))
		return RW_E_DB;
	if (status != 404 && status != 410)
		return RW_OK;
	st = rw_store_prep(s, "UPDATE mentions SET state = 'gone', gone_reason = 'http:' || ?4, last_change = 'gone', "
	                      "last_change_scan = ?2, last_change_at = ?3, read = 0 WHERE id = ?1 AND state = 'active'", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	sqlite3_bind_int64(st, 2, scan_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, status);
	if (rw_store_run(s, st, err, "cannot mark a mention gone"))
		return RW_E_DB;
	if (sqlite3_changes(s->db) == 0)
		return RW_OK;
	*gone = 1;
	st = rw_store_prep(s, "UPDATE sightings SET state = 'gone', gone_scan = ?2 WHERE mention_id = ?1 AND state = 'active'", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	sqlite3_bind_int64(st, 2, scan_id);
	return rw_store_run(s, st, err, "cannot mark sightings gone");
}
