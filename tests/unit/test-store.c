#include "date.h"
#include "store.h"
#include "tap.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-store-XXXXXX";

struct seen { int n; char change[16][16]; char title[16][64]; };

static int
collect(const rw_mention *m, void *data)
{
	struct seen *s = data;
	if (s->n < 16) {
		snprintf(s->change[s->n], 16, "%s", m->last_change);
		snprintf(s->title[s->n], 64, "%s", m->title ? m->title : "");
		s->n++;
	}
	return 0;
}

static int gone_count;
static void on_gone(int64_t id, void *data) { (void)id; (void)data; gone_count++; }

static rw_observation
obs(const char *guid, const char *title, const char *body, int64_t published)
{
	rw_observation o;
	memset(&o, 0, sizeof(o));
	o.practitioner = "default";
	o.guid = guid;
	o.title = title;
	o.body = body;
	o.category = "review";
	o.published = published;
	o.rating = -1;
	o.rating_best = -1;
	return o;
}

int
main(void)
{
	rw_err err = { 0 };
	rw_store *s;
	rw_source_state st;
	rw_observation o;
	rw_change ch;
	int64_t scan1, scan2, mid, mid2;
	char *path;
	struct seen seen;
	rw_mention_filter f;

	if (!mkdtemp(dir))
		return 99;
	if (asprintf(&path, "%s/r.db", dir) < 0)
		return 99;
	s = rw_store_open(path, &err);
	ok(s != NULL, "store opens and migrates: %s", err.msg);
	if (!s)
		return tap_done();
	ok(rw_store_source_get(s, "https://x.example/feed", "X", &st, &err) == RW_OK && st.id > 0, "source row created");
	ok(st.etag == NULL && st.failures == 0, "fresh source has no state");

	rw_store_scan_begin(s, 1000, &scan1, &err);
	rw_store_begin(s, &err);
	o = obs("g1", "Avis 1", "Très bien", 500);
	ok(rw_store_observe(s, scan1, st.id, 1000, &o, &ch, &mid, &err) == RW_OK && ch == RW_CHANGE_NEW, "first sighting is new");
	o = obs("g2", "Avis 2", "Moyen", 600);
	rw_store_observe(s, scan1, st.id, 1000, &o, &ch, &mid2, &err);
	o = obs("g3", "Avis 3", "Ancien", 100);
	rw_store_observe(s, scan1, st.id, 1000, &o, &ch, &mid2, &err);
	rw_store_source_result(s, st.id, 1000, 200, "\"etag1\"", "Mon, 06 Jan 2025 08:00:00 GMT", NULL, &err);
	ok(rw_store_commit(s, &err) == RW_OK, "commit");
	rw_source_state_clear(&st);

	rw_store_source_get(s, "https://x.example/feed", "X", &st, &err);
	is_str(st.etag, "\"etag1\"", "ETag stored");
	is_str(st.last_modified, "Mon, 06 Jan 2025 08:00:00 GMT", "Last-Modified stored");

	/* scan 2: g1 edited, g2 deleted inside the window, g3 scrolled out (older than the window) */
	rw_store_scan_begin(s, 2000, &scan2, &err);
	rw_store_begin(s, &err);
	o = obs("g1", "Avis 1", "Très   bien", 500);
	rw_store_observe(s, scan2, st.id, 2000, &o, &ch, &mid, &err);
	is_int(ch, RW_CHANGE_NONE, "whitespace-only difference is no change (text arrives clean)");
	o = obs("g1", "Avis 1", "Finalement décevant", 500);
	rw_store_observe(s, scan2, st.id, 2000, &o, &ch, &mid, &err);
	is_int(ch, RW_CHANGE_CHANGED, "edited text is a change");
	o = obs("g4", "Avis 4", "Nouveau", 700);
	rw_store_observe(s, scan2, st.id, 2000, &o, &ch, &mid2, &err);
	is_int(ch, RW_CHANGE_NEW, "new item");
	gone_count = 0;
	ok(rw_store_sweep(s, scan2, st.id, 500, 2000, on_gone, NULL, &err) == RW_OK, "sweep");
	is_int(gone_count, 1, "one mention gone (g2); g3 scrolled out of the window and is kept");
	rw_store_commit(s, &err);

	memset(&seen, 0, sizeof(seen));
	memset(&f, 0, sizeof(f));
	f.scan_id = scan2;
	rw_store_each_mention(s, &f, collect, &seen, &err);
	is_int(seen.n, 3, "three changes in scan 2");
	memset(&seen, 0, sizeof(seen));
	f.scan_id = 0;
	f.change = "gone";
	rw_store_each_mention(s, &f, collect, &seen, &err);
	ok(seen.n == 1 && !strcmp(seen.title[0], "Avis 2"), "the gone one is Avis 2");

	{
		sqlite3 *db;
		sqlite3_stmt *q;
		int versions = 0;
		sqlite3_open(path, &db);
		sqlite3_prepare_v2(db, "SELECT count(*) FROM versions WHERE mention_id = 1", -1, &q, NULL);
		if (sqlite3_step(q) == SQLITE_ROW)
			versions = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		is_int(versions, 2, "both versions of the edited review kept");
		sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
		sqlite3_close(db);
	}

	/* a failure is counted, then reset by a success */
	rw_store_source_result(s, st.id, 3000, 503, NULL, NULL, "'https://x.example/feed': HTTP 503", &err);
	rw_store_source_result(s, st.id, 3100, 503, NULL, NULL, "'https://x.example/feed': HTTP 503", &err);
	rw_source_state_clear(&st);
	rw_store_source_get(s, "https://x.example/feed", "X", &st, &err);
	is_int(st.failures, 2, "consecutive failures counted");
	is_str(st.etag, "\"etag1\"", "a failure keeps the ETag");
	rw_source_state_clear(&st);
	rw_store_close(&s);

	rw_err_clear(&err);
	s = rw_store_open(path, &err);
	ok(s == NULL && strstr(err.msg, "newer repwatch"), "database from a newer version refused: %s", err.msg);
	rw_store_close(&s);

	{
		char *junk;
		FILE *fp;
		if (asprintf(&junk, "%s/junk.db", dir) >= 0) {
			fp = fopen(junk, "w");
			fputs("this is not a database, just text that is long enough to have a header...........", fp);
			fclose(fp);
			rw_err_clear(&err);
			s = rw_store_open(junk, &err);
			ok(s == NULL && err.code == RW_E_DB && strstr(err.msg, "junk.db"), "not a database: named: %s", err.msg);
			rw_store_close(&s);
			free(junk);
		}
	}
	free(path);
	return tap_done();
}
