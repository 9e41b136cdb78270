/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "date.h"
#include "diff.h"
#include "evidence.h"
#include "store.h"
#include "tap.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

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

/* ---- helpers for the tests below ---- */

static char *
in_dir(const char *name)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

/* first column of the first row of sql, through a connection of its own */
static long long
sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -2;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static int
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static rw_observation
obs_link(const char *guid, const char *link, const char *title, const char *body, int64_t published)
{
	rw_observation o = obs(guid, title, body, published);
	o.link = link;
	return o;
}

static int64_t
source_id(rw_store *s, const char *url)
{
	rw_source_state st;
	rw_err err = { 0 };
	int64_t id = 0;

	if (rw_store_source_get(s, url, NULL, &st, &err) == RW_OK)
		id = st.id;
	rw_source_state_clear(&st);
	return id;
}

/* observe o, return the change; *id receives the mention */
static rw_change
see(rw_store *s, int64_t scan, int64_t src, int64_t now, const rw_observation *o, int64_t *id)
{
	rw_err err = { 0 };
	rw_change ch = RW_CHANGE_NONE;
	int64_t mid = 0;

	if (rw_store_observe(s, scan, src, now, o, &ch, &mid, &err) != RW_OK)
		printf("# observe failed: %s\n", err.msg);
	if (id)
		*id = mid;
	return ch;
}

static int
count_sighting(const rw_sighting *si, void *data)
{
	(void)si;
	(*(int *)data)++;
	return 0;
}

static int
count_version(const rw_version *v, void *data)
{
	(void)v;
	(*(int *)data)++;
	return 0;
}

struct one { int found; char state[16], reason[32]; int read, irrelevant, version; };

static int
get_one(const rw_mention *m, void *data)
{
	struct one *o = data;
	o->found = 1;
	snprintf(o->state, sizeof(o->state), "%s", m->state);
	snprintf(o->reason, sizeof(o->reason), "%s", m->gone_reason ? m->gone_reason : "");
	o->read = m->read;
	o->irrelevant = m->irrelevant;
	o->version = m->version;
	return 1;
}

static struct one
mention(rw_store *s, int64_t id, int hide_irrelevant)
{
	rw_mention_filter f;
	struct one o;
	rw_err err = { 0 };

	memset(&f, 0, sizeof(f));
	memset(&o, 0, sizeof(o));
	f.id = id;
	f.hide_irrelevant = hide_irrelevant;
	rw_store_each_mention(s, &f, get_one, &o, &err);
	return o;
}

/* ---- a database written before schema 3 is upgraded in place ---- */

static void
test_migration_from_v1(void)
{
	char *path = in_dir("v1.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation o1 = obs_link("g1", "https://avis.example/a/1?utm_source=rss", "Avis 1", "Bien", 500);
	rw_observation o2 = obs("g2", "Avis 2", "Moyen", 600);
	int64_t scan, src, id1, id2;

	if (!s)
		return;
	src = source_id(s, "https://avis.example/feed");
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	see(s, scan, src, 1000, &o1, &id1);
	see(s, scan, src, 1000, &o2, &id2);
	rw_store_commit(s, &err);
	rw_store_close(&s);
	/* back to the shape schema 1 had: what slots 2 to 5 add, taken away */
	ok(sql_exec(path, "DROP TABLE page_owner; DROP TABLE page_claims; ALTER TABLE mentions DROP COLUMN uncertain;"
	                  "ALTER TABLE sources DROP COLUMN verdict;"
	                  "DROP TABLE hosts; DROP TABLE notify_queue; DROP TABLE digests; DROP TABLE not_me_rules;"
	                  "DROP INDEX mentions_myth;"
	                  "ALTER TABLE mentions DROP COLUMN confidence; ALTER TABLE mentions DROP COLUMN match_reason;"
	                  "ALTER TABLE mentions DROP COLUMN lang; ALTER TABLE mentions DROP COLUMN sentiment;"
	                  "ALTER TABLE mentions DROP COLUMN sentiment_label; ALTER TABLE mentions DROP COLUMN myth;"
	                  "ALTER TABLE mentions DROP COLUMN not_me;"
	                  "DROP TABLE mention_keys; DROP TABLE evidence; DROP TABLE snapshots; DROP TABLE blobs;"
	                  "DROP INDEX sightings_source;"
	                  "ALTER TABLE sightings DROP COLUMN hash; ALTER TABLE sightings DROP COLUMN link;"
	                  "ALTER TABLE sightings DROP COLUMN gone_scan; ALTER TABLE versions DROP COLUMN source_id;"
	                  "ALTER TABLE mentions DROP COLUMN gone_reason; ALTER TABLE mentions DROP COLUMN irrelevant;"
	                  "ALTER TABLE mentions DROP COLUMN link_checked; ALTER TABLE mentions DROP COLUMN link_status;"
	                  "PRAGMA user_version = 1;") == 0, "a schema-1 database made");
	s = rw_store_open(path, &err);
	ok(s != NULL, "schema 1 opens and is upgraded: %s", err.msg);
	if (!s)
		goto out;
	is_int(sql_int(path, "PRAGMA user_version"), RW_STORE_SCHEMA_VERSION, "now at schema %d", RW_STORE_SCHEMA_VERSION);
	is_int(sql_int(path, "SELECT count(*) FROM mention_keys"), 3, "keys taken over: two guids, one link");
	is_int(sql_int(path, "SELECT count(*) FROM sightings WHERE hash IS NULL"), 0, "each sighting has its text fingerprint");
	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, src, 2000, &o1, NULL), RW_CHANGE_NONE, "the same item after the upgrade: no change");
	is_int(see(s, scan, src, 2000, &o2, NULL), RW_CHANGE_NONE, "nor for the other");
	{
		/* found by its old canonical link from another source */
		int64_t other = source_id(s, "https://agregateur.example/rss"), id;
		rw_observation o3 = obs_link(NULL, "https://www.avis.example/a/1", "Avis 1", "Bien", 500);
		is_int(see(s, scan, other, 2000, &o3, &id), RW_CHANGE_NONE, "another source with the same link: no new mention");
		is_int(id, id1, "it is the same mention");
	}
	rw_store_commit(s, &err);
	rw_store_close(&s);
out:
	free(path);
}

/* ---- the same story from several sources is one mention ---- */

static void
test_identity(void)
{
	char *path = in_dir("identity.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	int64_t gnews, bing, direct, scan, id, id2;
	int n;
	rw_observation g = obs_link("tag:news.google.com,2026:CAIiEabc",
	                            "https://www.google.com/url?rct=j&sa=t&url=https://www.journal.example/sante/dupont%3Futm_source%3Dgn&ct=ga",
	                            "Le Dr Jeanne Dupont à l'honneur", "Extrait Google", 900);
	rw_observation b = obs_link("bing-4711",
	                            "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=X&url=https%3a%2f%2fjournal.example%2fsante%2fdupont&c=1",
	                            "Le Dr Jeanne Dupont à l'honneur", "Extrait Bing", 900);
	rw_observation d = obs_link(NULL, "https://journal.example/sante/dupont#haut",
	                            "Le Dr Jeanne Dupont à l'honneur - Journal", "Article complet", 900);

	if (!s)
		return;
	gnews = source_id(s, "https://news.google.com/rss/search?q=dupont");
	bing = source_id(s, "https://www.bing.com/news/search?q=dupont&format=rss");
	direct = source_id(s, "https://journal.example/rss");
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, gnews, 1000, &g, &id), RW_CHANGE_NEW, "Google News: new");
	is_int(see(s, scan, bing, 1000, &b, &id2), RW_CHANGE_NONE, "Bing News, same story: no new mention");
	is_int(id2, id, "the same mention");
	is_int(see(s, scan, direct, 1000, &d, &id2), RW_CHANGE_NONE, "the journal's own feed: no new mention");
	is_int(id2, id, "the same mention again");
	rw_store_commit(s, &err);
	n = 0;
	rw_store_each_sighting(s, id, count_sighting, &n, &err);
	is_int(n, 3, "one mention, three sightings");
	is_int(sql_int(path, "SELECT count(*) FROM mentions"), 1, "one mention stored");
	is_int(sql_int(path, "SELECT count(*) FROM mentions WHERE link = 'https://www.journal.example/sante/dupont?utm_source=gn'"), 1,
	       "its link is the story's, not Google's redirect");

	/* three different snippets, every scan: not a change */
	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	n = see(s, scan, gnews, 2000, &g, NULL) + see(s, scan, bing, 2000, &b, NULL) + see(s, scan, direct, 2000, &d, NULL);
	rw_store_commit(s, &err);
	is_int(n, RW_CHANGE_NONE, "each source says what it said before: no change");
	n = 0;
	rw_store_each_version(s, id, count_version, &n, &err);
	is_int(n, 1, "still one version");

	/* one source edits its text: a new version */
	b.body = "Extrait Bing, corrigé";
	rw_store_scan_begin(s, 3000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, bing, 3000, &b, NULL), RW_CHANGE_CHANGED, "a source that changes its text makes a version");
	is_int(see(s, scan, gnews, 3000, &g, NULL), RW_CHANGE_NONE, "the others, unchanged, do not");
	gone_count = 0;
	rw_store_sweep(s, scan, direct, 800, 3000, on_gone, NULL, &err);
	rw_store_commit(s, &err);
	is_int(gone_count, 0, "one source dropping the story does not make it gone while others list it");
	is_str(mention(s, id, 0).state, "active", "still active");
	n = 0;
	rw_store_each_version(s, id, count_version, &n, &err);
	is_int(n, 2, "two versions");

	/* another practitioner's mention of the same link is another mention */
	g.practitioner = "other";
	rw_store_scan_begin(s, 4000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, gnews, 4000, &g, &id2), RW_CHANGE_NEW, "same story, other practitioner: a mention of its own");
	rw_store_commit(s, &err);
	ok(id2 != id, "with its own id");
	rw_store_close(&s);
	free(path);
}

/* ---- a page of reviews: not listed any more is gone, whatever its date ---- */

static void
test_page_sweep(void)
{
	char *path = in_dir("page.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation p1 = obs("p1", "Avis récent", "Très bien", 1000);
	rw_observation p2 = obs("p2", "Avis ancien", "Déçu", 50);
	rw_observation p3 = obs("p3", "Avis sans date", "Correct", RW_NO_DATE);
	int64_t page, scan, id2;

	if (!s)
		return;
	page = source_id(s, "https://avis.example/praticien/dupont");
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	see(s, scan, page, 1000, &p1, NULL);
	see(s, scan, page, 1000, &p2, &id2);
	see(s, scan, page, 1000, &p3, NULL);
	rw_store_commit(s, &err);

	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	see(s, scan, page, 2000, &p1, NULL);
	see(s, scan, page, 2000, &p3, NULL);
	gone_count = 0;
	rw_store_sweep(s, scan, page, 1000, 2000, on_gone, NULL, &err);
	is_int(gone_count, 0, "the feed rule would keep the old review (older than the window)");
	ok(rw_store_sweep_page(s, scan, page, 2, 2000, on_gone, NULL, &err) == RW_OK, "page sweep");
	rw_store_commit(s, &err);
	is_int(gone_count, 1, "the page rule: the review it no longer lists is gone");
	is_str(mention(s, id2, 0).state, "gone", "it is the old review");
	is_str(mention(s, id2, 0).reason, "unlisted", "gone because not listed any more");

	rw_store_scan_begin(s, 3000, &scan, &err);
	rw_store_begin(s, &err);
	gone_count = 0;
	rw_store_sweep_page(s, scan, page, 0, 3000, on_gone, NULL, &err);
	rw_store_commit(s, &err);
	is_int(gone_count, 0, "a page that lists nothing at all judges nothing gone");
	is_int(sql_int(path, "SELECT count(*) FROM mentions WHERE state = 'active'"), 2, "the two others stay");

	rw_store_scan_begin(s, 4000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, page, 4000, &p2, NULL), RW_CHANGE_CHANGED, "listed again: back (changed)");
	rw_store_commit(s, &err);
	is_str(mention(s, id2, 0).state, "active", "active again");
	rw_store_close(&s);
	free(path);
}

/* Entries of one review page share its address up to the fragment: their
 * guid tells them apart, their link never merges them. */
static void
test_listing_entries(void)
{
	char *path = in_dir("entries.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
#define PG "https://avis.example/praticien/dupont"
	rw_observation a = obs_link(PG "#avis-1", PG "#avis-1", "Très à l'écoute", "Un eczéma soigné.", 100);
	rw_observation b = obs_link(PG "#avis-2", PG "#avis-2", "Attente longue", "Suivi de qualité.", 200);
	rw_observation f = obs_link("urn:feed:1", PG "#avis-2", "Attente longue", "Suivi de qualité.", 200);
	rw_observation u1 = obs(NULL, NULL, "Bien.", 300), u2 = obs(NULL, NULL, "Bien.", 300);
	int64_t page, feed, scan, ida, idb, idf, idu;

	if (!s)
		return;
	page = source_id(s, PG);
#undef PG
	feed = source_id(s, "https://agregateur.example/feed");
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	a.listing_entry = b.listing_entry = 1;
	is_int(see(s, scan, page, 1000, &a, &ida), RW_CHANGE_NEW, "first entry of the page: new");
	is_int(see(s, scan, page, 1000, &b, &idb), RW_CHANGE_NEW, "second entry, same page up to the fragment: new too");
	ok(ida != idb, "two mentions");
	rw_store_commit(s, &err);
	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	b.body = "Suivi de qualité, mais une heure d'attente.";
	is_int(see(s, scan, page, 2000, &b, &idf), RW_CHANGE_CHANGED, "the edited entry is found by its guid: changed");
	is_int(idf, idb, "the same mention");
	is_int(see(s, scan, page, 2000, &a, NULL), RW_CHANGE_NONE, "the other is untouched");
	/* a feed item linking to the page (fragment dropped: the page) is not
	 * taken for whichever entry of the page came first */
	is_int(see(s, scan, feed, 2000, &f, &idf), RW_CHANGE_NEW, "a feed item linking into the page: its own mention");
	ok(idf != ida && idf != idb, "joined to neither entry");
	rw_store_commit(s, &err);
	/* entries with neither id nor link: the author tells two of a day apart */
	u1.listing_entry = u2.listing_entry = 1;
	u1.author = "Camille R.";
	u2.author = "Thomas B.";
	is_int(see(s, scan, page, 2000, &u1, &idu), RW_CHANGE_NEW, "an untitled, unlinked entry: new");
	is_int(see(s, scan, page, 2000, &u2, &idf), RW_CHANGE_NEW, "another of the same day by someone else: new too");
	ok(idu != idf, "two mentions");
	rw_store_commit(s, &err);
	rw_store_scan_begin(s, 3000, &scan, &err);
	rw_store_begin(s, &err);
	u1.body = "Bien, mais cher.";
	is_int(see(s, scan, page, 3000, &u1, &idf), RW_CHANGE_CHANGED, "edited: the same mention, changed");
	is_int(idf, idu, "found by source, date and author");
	rw_store_commit(s, &err);
	is_int(sql_int(path, "SELECT count(*) FROM mentions"), 5, "five mentions in all");
	rw_store_close(&s);
	free(path);
}

/* a database whose link keys were written before links went through
 * libcurl's URL API: the upgrade teaches it the new form of each */
/* Schema 7: mentions that may be a namesake's, and the pages settled
 * hers or not; a schema-6 database keeps its mentions, all certain. */
static int
uncertain_of(const rw_mention *m, void *data)
{
	snprintf(data, 200, "%s", m->uncertain ? m->uncertain : "(certain)");
	return 1;
}

static void
test_uncertain(void)
{
	char *path = in_dir("uncertain.db"), got[200];
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation o = obs("u1", "Avis", "Très bien", 500);
	rw_mention_filter f;
	int64_t scan, src, id;
	int mine = 7;

	if (!s)
		return;
	src = source_id(s, "https://avis.example/dr-x");
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	see(s, scan, src, 1000, &o, &id);
	rw_store_commit(s, &err);
	rw_store_close(&s);
	ok(sql_exec(path, "DROP TABLE page_owner; DROP TABLE page_claims; ALTER TABLE mentions DROP COLUMN uncertain;"
	                  "ALTER TABLE sources DROP COLUMN verdict;"
	                  "PRAGMA user_version = 6;") == 0, "a schema-6 database made");
	s = rw_store_open(path, &err);
	ok(s != NULL, "schema 6 opens and is upgraded: %s", err.msg);
	if (!s)
		goto out;
	is_int(sql_int(path, "PRAGMA user_version"), RW_STORE_SCHEMA_VERSION, "now at schema %d", RW_STORE_SCHEMA_VERSION);
	memset(&f, 0, sizeof(f));
	f.id = id;
	rw_store_each_mention(s, &f, uncertain_of, got, &err);
	is_str(got, "(certain)", "a mention stored before is certain");
	ok(rw_store_set_uncertain(s, id, "two pages", &err) == 0, "marked uncertain");
	rw_store_each_mention(s, &f, uncertain_of, got, &err);
	is_str(got, "two pages", "it reads back with why");
	ok(rw_store_page_owner(s, "default", "https://avis.example/dr-x", &mine, &err) == 0 && mine == -1,
	   "nothing settled yet");
	ok(rw_store_add_not_me(s, id, "default", "source", "https://avis.example/dr-x", 1100, &scan, &err) == 0,
	   "a not-me rule on the page");
	ok(rw_store_set_page_owner(s, "default", "https://avis.example/dr-x", 1, id, 1200, &err) == 0, "settled hers");
	ok(rw_store_page_owner(s, "default", "https://avis.example/dr-x", &mine, &err) == 0 && mine == 1, "reads hers");
	rw_store_each_mention(s, &f, uncertain_of, got, &err);
	is_str(got, "(certain)", "her mentions from that page are no longer uncertain");
	is_int(sql_int(path, "SELECT count(*) FROM not_me_rules"), 0, "the not-me rule on that page is forgotten");
	ok(rw_store_set_page_owner(s, "default", "https://avis.example/dr-x", 0, id, 1300, &err) == 0,
	   "settled not hers after all");
	is_int(sql_int(path, "SELECT not_me FROM mentions"), 2, "her mention from that page leaves her lists at once");
	ok(rw_store_page_claim(s, src, "default", "telephone=0478\n", 1, 0, 1400, &err) == 0, "a page claims her");
	is_int(sql_int(path, "SELECT count(*) FROM page_claims"), 1, "recorded");
	ok(rw_store_page_claim(s, src, "default", NULL, 0, 0, 1500, &err) == 0, "it no longer does");
	is_int(sql_int(path, "SELECT count(*) FROM page_claims"), 0, "forgotten");
	rw_store_close(&s);
out:
	free(path);
}

static void
test_link_key_migration(void)
{
	char *path = in_dir("linkkeys.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation o = obs_link(NULL, "https://journal.example/%7emartin/portrait", "Portrait du Dr Martin",
	                            "Texte", 900);
	int64_t src, scan, id, id2;

	if (!s)
		return;
	src = source_id(s, "https://journal.example/rss");
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, src, 1000, &o, &id), RW_CHANGE_NEW, "a linked story: new");
	rw_store_commit(s, &err);
	rw_store_close(&s);
	is_int(sql_int(path, "SELECT count(*) FROM mention_keys WHERE key = 'https://journal.example/~martin/portrait'"), 1,
	       "its link key is in normal form");
	/* as schema 5 wrote it: the link as it came, hex and all */
	ok(sql_exec(path, "UPDATE mention_keys SET key = 'https://journal.example/%7emartin/portrait' WHERE kind = 'link';"
	                  "DROP TABLE page_owner; DROP TABLE page_claims; ALTER TABLE mentions DROP COLUMN uncertain;"
	                  "ALTER TABLE sources DROP COLUMN verdict;"
	                  "PRAGMA user_version = 5;") == 0, "an older database, made by hand");
	s = rw_store_open(path, &err);
	ok(s != NULL, "it opens: %s", err.msg);
	if (!s)
		goto out;
	is_int(sql_int(path, "PRAGMA user_version"), RW_STORE_SCHEMA_VERSION, "upgraded");
	o.link = "HTTPS://journal.example:443/~martin/portrait";
	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, src, 2000, &o, &id2), RW_CHANGE_NONE, "the next scan finds it again: no new mention");
	is_int(id2, id, "the same mention");
	rw_store_commit(s, &err);
	is_int(sql_int(path, "SELECT count(*) FROM mentions"), 1, "one mention in all");
	rw_store_close(&s);
out:
	free(path);
}

/* an entry a learned not-me rule now excludes is still online: it leaves
 * the lists as "not about me", never as gone */
static int
count_listed(const rw_mention *m, void *data)
{
	(void)m;
	(*(int *)data)++;
	return 0;
}

static void
test_not_hers(void)
{
	char *path = in_dir("nothers.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation a = obs(NULL, NULL, "Excellent médecin.", 100), b = obs(NULL, NULL, "Excellent médecin.", 100);
	rw_mention_analysis_row row;
	int64_t page, scan, ida, idb, id;
	int n;

	if (!s)
		return;
	page = source_id(s, "https://avis.example/praticien/martin");
	a.listing_entry = b.listing_entry = 1;
	a.author = "Lucie V.";
	b.author = "Hugo T.";
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, page, 1000, &a, &ida), RW_CHANGE_NEW, "first review: new");
	is_int(see(s, scan, page, 1000, &b, &idb), RW_CHANGE_NEW, "the same text by someone else: new too");
	ok(ida != idb, "identical texts by two authors are two mentions");
	rw_store_commit(s, &err);

	/* next scan: b is now excluded (a not-me rule), a is still hers */
	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, page, 2000, &a, NULL), RW_CHANGE_NONE, "a: unchanged");
	ok(rw_store_not_hers(s, scan, page, 2000, &b, &id, &err) == RW_OK, "b: listed, not hers");
	is_int(id, idb, "b is found by its identity");
	gone_count = 0;
	rw_store_sweep_page(s, scan, page, 1, 2000, on_gone, NULL, &err);
	rw_store_commit(s, &err);
	is_int(gone_count, 0, "nothing is gone: b is still online");
	is_str(mention(s, idb, 0).state, "active", "b stays active");
	memset(&row, 0, sizeof(row));
	rw_store_get_analysis(s, idb, &row, &err);
	is_int(row.not_me, 2, "b is not about me");
	n = 0;
	rw_store_each_mention(s, NULL, count_listed, &n, &err);
	is_int(n, 1, "the list shows a only");
	ok(rw_store_not_hers(s, scan, page, 2000, &(rw_observation){ .practitioner = "default", .body = "Inconnu.",
	                     .published = RW_NO_DATE, .listing_entry = 1, .rating = -1, .rating_best = -1 },
	                     &id, &err) == RW_OK && id == 0, "an item never hers: nothing to do");

	/* the rule is forgotten: b is stored for her again, and listed */
	rw_store_scan_begin(s, 3000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, page, 3000, &b, NULL), RW_CHANGE_NONE, "b is hers again: no change");
	rw_store_commit(s, &err);
	memset(&row, 0, sizeof(row));
	rw_store_get_analysis(s, idb, &row, &err);
	is_int(row.not_me, 0, "about me again");
	/* a mark by the user stays */
	rw_store_set_not_me(s, ida, 1, &err);
	rw_store_scan_begin(s, 4000, &scan, &err);
	rw_store_begin(s, &err);
	see(s, scan, page, 4000, &a, NULL);
	rw_store_commit(s, &err);
	memset(&row, 0, sizeof(row));
	rw_store_get_analysis(s, ida, &row, &err);
	is_int(row.not_me, 1, "a mention the user marked not-me stays marked when seen again");
	rw_store_close(&s);
	free(path);
}

/* a titled review stored under the key of schema 6's first release (source,
 * title, date, author) is found again, and its title may change */
static void
test_old_entry_key(void)
{
	char *path = in_dir("oldkey.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation o = obs(NULL, "Parfait", "Très bien reçue.", 500);
	rw_diff_entry e;
	rw_diff_keys k;
	int64_t page, scan, id, id2;
	char *sql = NULL;

	if (!s)
		return;
	page = source_id(s, "https://avis.example/praticien/fontaine");
	o.listing_entry = 1;
	o.author = "Nora S.";
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, page, 1000, &o, &id), RW_CHANGE_NEW, "a titled review: new");
	rw_store_commit(s, &err);
	rw_store_close(&s);
	e = (rw_diff_entry){ .source_id = page, .title = o.title, .body = o.body, .author = o.author,
	                     .published = o.published, .listing_entry = 1 };
	ok(rw_diff_identity(&e, &k) == 0 && k.old_key, "it has an older key");
	if (asprintf(&sql, "UPDATE mention_keys SET key = '%s' WHERE key = '%s'", k.old_key, k.guid_key) < 0)
		abort();
	rw_diff_keys_clear(&k);
	ok(sql_exec(path, sql) == 0, "the database as an older repwatch wrote it");
	free(sql);
	s = rw_store_open(path, &err);
	if (!s)
		goto out;
	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, page, 2000, &o, &id2), RW_CHANGE_NONE, "found by its older key: no change");
	is_int(id2, id, "the same mention");
	rw_store_commit(s, &err);
	o.title = "Parfait, rien à redire";
	rw_store_scan_begin(s, 3000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, page, 3000, &o, &id2), RW_CHANGE_CHANGED, "retitled: changed, not new");
	is_int(id2, id, "still the same mention");
	rw_store_commit(s, &err);
	rw_store_close(&s);
out:
	free(path);
}

static void
test_marks(void)
{
	char *path = in_dir("marks.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation o = obs("m1", "Homonyme", "Un autre Dupont", 100);
	int64_t src, scan, id;

	if (!s)
		return;
	src = source_id(s, "https://x.example/feed");
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	see(s, scan, src, 1000, &o, &id);
	rw_store_commit(s, &err);
	ok(rw_store_mark(s, id, RW_MARK_READ, &err) == RW_OK && mention(s, id, 0).read == 1, "mark read");
	ok(rw_store_mark(s, id, RW_MARK_UNREAD, &err) == RW_OK && mention(s, id, 0).read == 0, "mark unread");
	ok(rw_store_mark(s, id, RW_MARK_IRRELEVANT, &err) == RW_OK && mention(s, id, 0).irrelevant == 1, "mark irrelevant");
	ok(!mention(s, id, 1).found, "hidden from lists that leave irrelevant mentions out");
	ok(mention(s, id, 0).found, "still stored");
	ok(rw_store_mark(s, id, RW_MARK_RELEVANT, &err) == RW_OK && mention(s, id, 1).found, "relevant again");
	rw_err_clear(&err);
	ok(rw_store_mark(s, 999, RW_MARK_READ, &err) == RW_E_USAGE && strstr(err.msg, "no mention #999"),
	   "an unknown id is named: %s", err.msg);
	rw_store_close(&s);
	free(path);
}

static int
count_snapshot(const rw_snapshot *sn, void *data)
{
	int *n = data;
	n[0]++;
	n[1] += sn->dropped_at != 0;
	return 0;
}

static void
test_evidence(void)
{
	char *path = in_dir("evidence.db"), *out = in_dir("ev"), *data = NULL, sha[65];
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_evidence_fetch f;
	rw_store_settings set;
	rw_observation o = obs("e1", "Avis", "Texte", 100);
	int64_t src, scan1, scan2, scan3, id, snap1, snap2, snap3, old;
	int n[2];
	size_t len = 0, dropped = 0, files = 0;
	const char *body1 = "<rss><item>version 1</item></rss>";

	rw_evidence_sha256("abc", 3, sha);
	is_str(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256 of 'abc' (FIPS 180-2)");
	if (!s)
		return;
	src = source_id(s, "https://avis.example/feed");
	memset(&f, 0, sizeof(f));
	f.url = "https://avis.example/feed";
	f.effective_url = "https://www.avis.example/feed";
	f.status = 200;
	f.headers = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n";

	rw_store_scan_begin(s, 1000, &scan1, &err);
	rw_store_begin(s, &err);
	see(s, scan1, src, 1000, &o, &id);
	f.fetched_at = 1000;
	f.body = body1;
	f.len = strlen(body1);
	ok(rw_evidence_add(s, scan1, src, &f, &snap1, &err) == RW_OK && rw_evidence_link(s, snap1, id, RW_CHANGE_NEW, &err) == RW_OK,
	   "snapshot stored: %s", err.msg);
	rw_store_commit(s, &err);
	rw_store_scan_begin(s, 2000, &scan2, &err);
	rw_store_begin(s, &err);
	f.fetched_at = 2000;
	rw_evidence_add(s, scan2, src, &f, &snap2, &err);
	rw_evidence_link(s, snap2, id, RW_CHANGE_CHANGED, &err);
	rw_store_commit(s, &err);
	is_int(sql_int(path, "SELECT count(*) FROM blobs"), 1, "the same bytes twice: stored once");
	is_int(sql_int(path, "SELECT count(*) FROM snapshots"), 2, "two snapshots");
	ok(sql_int(path, "SELECT stored_size FROM blobs") > 0, "compressed bytes kept");
	rw_evidence_sha256(body1, strlen(body1), sha);
	ok(rw_evidence_read(s, sha, &data, &len, &err) == RW_OK && len == strlen(body1) && !memcmp(data, body1, len),
	   "read back byte for byte, checked against its sum");
	free(data);
	ok(sql_int(path, "SELECT hex(substr(data, 1, 4)) = '28B52FFD' FROM blobs") == 1, "kept as a zstd frame");
	{
		/* a blob an earlier version wrote: a zlib stream, still read */
		static const char old_body[] = "<rss><item>kept by repwatch 0.1, zlib</item></rss>";
		unsigned char z[256];
		uLongf zlen = sizeof(z);
		char old_sha[65], sql[1024], hexz[520];
		size_t k;
		compress2(z, &zlen, (const Bytef *)old_body, sizeof(old_body) - 1, 6);
		for (k = 0; k < zlen; k++)
			snprintf(hexz + 2 * k, 3, "%02X", z[k]);
		rw_evidence_sha256(old_body, sizeof(old_body) - 1, old_sha);
		snprintf(sql, sizeof(sql), "INSERT INTO blobs(sha256, size, stored_size, data) VALUES ('%s', %zu, %lu, x'%s')",
		         old_sha, sizeof(old_body) - 1, (unsigned long)zlen, hexz);
		ok(sql_exec(path, sql) == 0 && rw_evidence_read(s, old_sha, &data, &len, &err) == RW_OK &&
		   len == sizeof(old_body) - 1 && !memcmp(data, old_body, len), "a zlib blob of an earlier version is read");
		free(data);
		snprintf(sql, sizeof(sql), "DELETE FROM blobs WHERE sha256 = '%s'", old_sha);
		sql_exec(path, sql);
	}

	rw_store_scan_begin(s, 3000, &scan3, &err);
	rw_store_begin(s, &err);
	f.fetched_at = 3000;
	f.body = "<rss><item>version 2, a longer text so that it takes more room</item></rss>";
	f.len = strlen(f.body);
	rw_evidence_add(s, scan3, src, &f, &snap3, &err);
	rw_evidence_link(s, snap3, id, RW_CHANGE_CHANGED, &err);
	f.fetched_at = 3000 - 400 * 86400;   /* a snapshot from long ago */
	f.body = "old";
	f.len = 3;
	rw_evidence_add(s, 0, src, &f, &old, &err);
	rw_evidence_link(s, old, id, RW_CHANGE_NEW, &err);
	rw_store_commit(s, &err);

	rw_store_settings_default(&set);
	is_int((long long)set.evidence_max_bytes, 200ll << 20, "default bound: 200 MiB");
	set.evidence_max_bytes = 0;
	set.evidence_max_days = 365;
	ok(rw_evidence_prune(s, &set, 3000, scan3, &dropped, NULL, &err) == RW_OK && dropped == 1, "by age: one dropped (%zu)", dropped);
	set.evidence_max_days = 0;
	set.evidence_max_bytes = 1;
	ok(rw_evidence_prune(s, &set, 3000, scan3, &dropped, NULL, &err) == RW_OK && dropped == 2,
	   "by size: the two older snapshots dropped, the one just taken kept (%zu)", dropped);
	is_int(sql_int(path, "SELECT count(*) FROM blobs"), 1, "one body left");
	is_int(sql_int(path, "SELECT count(*) FROM snapshots"), 4, "every snapshot's record kept (URL, time, status, sum)");
	memset(n, 0, sizeof(n));
	rw_evidence_each(s, id, count_snapshot, n, &err);
	ok(n[0] == 4 && n[1] == 3, "listed: 4 snapshots, 3 without their body");
	rw_err_clear(&err);
	ok(rw_evidence_read(s, sha, &data, &len, &err) == RW_E_USAGE && strstr(err.msg, "evidence_max"),
	   "a dropped body says why: %s", err.msg);

	ok(rw_evidence_export(s, id, out, "record\n", 7, 4000, &files, &err) == RW_OK, "export: %s", err.msg);
	is_int((long long)files, 5, "rendering, the kept snapshot, its headers, manifest, SHA256SUMS (%zu)", files);
	{
		char *p = NULL, line[200];
		FILE *fp;
		int lines = 0;
		if (asprintf(&p, "%s/SHA256SUMS", out) >= 0 && (fp = fopen(p, "r"))) {
			while (fgets(line, sizeof(line), fp))
				lines++;
			fclose(fp);
		}
		free(p);
		is_int(lines, 4, "SHA256SUMS lists the four other files");
	}
	rw_err_clear(&err);
	ok(rw_evidence_export(s, id, out, "x", 1, 4000, NULL, &err) == RW_E_USAGE && strstr(err.msg, "not empty"),
	   "never into a folder that is not empty: %s", err.msg);

	/* a body that no longer matches its sum is reported, not handed out */
	sql_exec(path, "UPDATE blobs SET data = x'789c4b2c2e0600042a01d1'");
	rw_evidence_sha256(f.body, 0, sha);
	{
		char *sum = NULL;
		sqlite3 *db;
		sqlite3_stmt *q;
		sqlite3_open(path, &db);
		sqlite3_prepare_v2(db, "SELECT sha256 FROM blobs", -1, &q, NULL);
		if (sqlite3_step(q) == SQLITE_ROW)
			sum = strdup((const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		sqlite3_close(db);
		rw_err_clear(&err);
		ok(sum && rw_evidence_read(s, sum, &data, &len, &err) == RW_E_DB && strstr(err.msg, "does not match"),
		   "a tampered body is refused: %s", err.msg);
		free(sum);
	}
	rw_store_close(&s);
	free(out);
	free(path);
}

struct cand { int n; int64_t id[8]; };

static void
add_cand(int64_t id, const char *link, void *data)
{
	struct cand *c = data;
	(void)link;
	if (c->n < 8)
		c->id[c->n] = id;
	c->n++;
}

static void
test_link_checks(void)
{
	char *path = in_dir("links.db");
	rw_err err = { 0 };
	rw_store *s = rw_store_open(path, &err);
	rw_observation r1 = obs_link("r1", "https://avis.example/avis/1", "Avis", "Texte", 100);
	rw_observation onpage = obs_link("r2", "https://avis.example/praticien/dupont#avis-2", "Avis 2", "Texte", 100);
	rw_observation news = obs_link("n1", "https://journal.example/a", "Article", "Texte", 100);
	struct cand c;
	int64_t feed, page, scan, id;
	int gone = -1;

	if (!s)
		return;
	feed = source_id(s, "https://avis.example/feed");
	page = source_id(s, "https://avis.example/praticien/dupont");
	news.category = "news";
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	see(s, scan, feed, 1000, &r1, &id);
	see(s, scan, page, 1000, &onpage, NULL);
	see(s, scan, feed, 1000, &news, NULL);
	rw_store_commit(s, &err);

	memset(&c, 0, sizeof(c));
	rw_store_link_candidates(s, 1000, 0, 10, add_cand, &c, &err);
	is_int(c.n, 0, "nothing checked in the scan that first saw it");
	memset(&c, 0, sizeof(c));
	rw_store_link_candidates(s, 1010, 100, 10, add_cand, &c, &err);
	ok(c.n == 1 && c.id[0] == id, "only the review with a page of its own (not the news, not the page source's own address)");
	rw_store_begin(s, &err);
	ok(rw_store_link_result(s, id, scan, 1010, 200, &gone, &err) == RW_OK && !gone, "200: not gone");
	rw_store_commit(s, &err);
	memset(&c, 0, sizeof(c));
	rw_store_link_candidates(s, 1050, 100, 10, add_cand, &c, &err);
	is_int(c.n, 0, "not checked again before link_recheck");
	memset(&c, 0, sizeof(c));
	rw_store_link_candidates(s, 1200, 100, 10, add_cand, &c, &err);
	is_int(c.n, 1, "checked again after it");
	rw_store_begin(s, &err);
	ok(rw_store_link_result(s, id, scan, 1200, 503, &gone, &err) == RW_OK && !gone, "503 proves nothing");
	ok(rw_store_link_result(s, id, scan, 1200, 404, &gone, &err) == RW_OK && gone, "404: gone");
	rw_store_commit(s, &err);
	is_str(mention(s, id, 0).state, "gone", "the review is gone");
	is_str(mention(s, id, 0).reason, "http:404", "because its page answered 404");
	is_int(sql_int(path, "SELECT count(*) FROM sightings WHERE state = 'active' AND mention_id = 1"), 0,
	       "with all its sightings");
	rw_store_scan_begin(s, 2000, &scan, &err);
	rw_store_begin(s, &err);
	is_int(see(s, scan, feed, 2000, &r1, NULL), RW_CHANGE_NONE, "a feed that still lists it unchanged does not bring it back");
	r1.body = "Texte modifié";
	is_int(see(s, scan, feed, 2000, &r1, NULL), RW_CHANGE_CHANGED, "an edited text does");
	rw_store_commit(s, &err);
	is_str(mention(s, id, 0).state, "active", "active again");
	rw_store_close(&s);
	free(path);
}

static void
test_maintenance(void)
{
	char *path = in_dir("r.db"), *bk = in_dir("backup.db"), *missing = in_dir("missing.db");
	rw_store_check_report r;
	rw_err err = { 0 };
	rw_store *s;
	int64_t before = 0, after = 0;
	int pages = 0;

	ok(rw_store_check(path, &r, &err) == RW_OK && r.intact && r.schema == 99, "check: ok, reports the file's schema (%d)", r.schema);
	rw_store_check_report_clear(&r);
	{
		char back[64];
		snprintf(back, sizeof(back), "PRAGMA user_version = %d", RW_STORE_SCHEMA_VERSION);
		sql_exec(path, back);
	}
	s = rw_store_open(path, &err);
	if (!s)
		return;
	ok(rw_store_check(path, &r, &err) == RW_OK && r.intact && r.mentions == 4 && r.versions == 5 && !strcmp(r.journal, "wal"),
	   "check: %lld mentions, %lld versions, journal %s", (long long)r.mentions, (long long)r.versions, r.journal);
	rw_store_check_report_clear(&r);
	ok(rw_store_backup(s, bk, &pages, &err) == RW_OK && pages > 0, "backup: %d pages %s", pages, err.msg);
	is_int(sql_int(bk, "SELECT count(*) FROM mentions"), 4, "the backup holds every mention");
	is_int(sql_int(bk, "PRAGMA user_version"), RW_STORE_SCHEMA_VERSION, "and the schema version");
	is_int(sql_int(bk, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'delete'"), 1, "as a single file");
	rw_err_clear(&err);
	ok(rw_store_backup(s, bk, &pages, &err) == RW_E_USAGE && strstr(err.msg, "already exists"),
	   "never over an existing file: %s", err.msg);
	ok(rw_store_vacuum(s, &before, &after, &err) == RW_OK && before > 0 && after > 0 && after <= before,
	   "vacuum: %lld -> %lld bytes", (long long)before, (long long)after);
	rw_store_close(&s);
	rw_err_clear(&err);
	ok(rw_store_check(missing, &r, &err) == RW_E_DB && strstr(err.msg, "missing.db"), "check of a missing file: %s", err.msg);
	rw_store_check_report_clear(&r);
	free(path);
	free(bk);
	free(missing);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	*len = 0;
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	if (n > 0 && (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, fp) == (size_t)n)
		*len = (size_t)n;
	fclose(fp);
	return buf;
}

static void
test_damaged(void)
{
	char *good = in_dir("backup.db"), *path = in_dir("damaged.db");
	rw_store_check_report r;
	rw_err err = { 0 };
	rw_store *s;
	unsigned char *before, *after;
	size_t blen, alen;
	long long root = sql_int(good, "SELECT rootpage FROM sqlite_schema WHERE name = 'mentions'");
	long long pagesize = sql_int(good, "PRAGMA page_size");
	FILE *fp;

	before = slurp(good, &blen);
	ok(before && root > 1 && pagesize > 0, "a good database to damage (mentions at page %lld)", root);
	if (!before)
		return;
	/* the b-tree page of the mentions table overwritten */
	memset(before + (root - 1) * pagesize, 0xee, 64);
	fp = fopen(path, "wb");
	fwrite(before, 1, blen, fp);
	fclose(fp);
	s = rw_store_open(path, &err);
	ok(!s && err.code == RW_E_DB && strstr(err.msg, "damaged.db") && strstr(err.msg, "is damaged") &&
	   strstr(err.msg, "repwatch db check"), "a damaged file is refused, named, with what to do: %s", err.msg);
	rw_store_close(&s);
	after = slurp(path, &alen);
	ok(after && alen == blen && !memcmp(before, after, blen), "and not written to");
	free(after);
	ok(rw_store_check(path, &r, &err) == RW_OK && !r.intact && r.nproblems > 0,
	   "check finds it damaged: %s", r.nproblems ? r.problems[0] : "");
	rw_store_check_report_clear(&r);
	after = slurp(path, &alen);
	ok(after && alen == blen && !memcmp(before, after, blen), "the check changed nothing");
	free(after);
	{
		char *salvaged = in_dir("salvaged.db");
		rw_store_salvage_report sr;
		size_t i;
		int mentions_damaged = 0;
		long long versions = -1;
		ok(rw_store_salvage(path, salvaged, &sr, &err) == RW_OK, "salvage: %s", err.msg);
		for (i = 0; i < sr.ntables; i++) {
			if (!strcmp(sr.tables[i].name, "mentions"))
				mentions_damaged = sr.tables[i].damaged;
			if (!strcmp(sr.tables[i].name, "versions"))
				versions = sr.tables[i].rows;
		}
		ok(mentions_damaged, "salvage says which table was damaged");
		is_int(versions, 5, "and copied every version of the tables that were not");
		is_int(sql_int(salvaged, "SELECT count(*) FROM versions"), 5, "into a new database");
		ok(rw_store_check(salvaged, &r, &err) == RW_OK && r.intact && r.schema == RW_STORE_SCHEMA_VERSION,
		   "that checks out, at the current schema");
		rw_store_check_report_clear(&r);
		rw_err_clear(&err);
		ok(rw_store_salvage(path, salvaged, &sr, &err) == RW_E_USAGE, "never over an existing file");
		after = slurp(path, &alen);
		ok(after && alen == blen && !memcmp(before, after, blen), "salvage changed nothing in the damaged file");
		free(after);
		free(salvaged);
	}
	free(before);

	/* not a database at all (the junk file of test_basics) */
	free(path);
	path = in_dir("junk.db");
	ok(rw_store_check(path, &r, &err) == RW_OK && !r.intact && r.nproblems == 1 && strstr(r.problems[0], "not a database"),
	   "a file that is no database: %s", r.nproblems ? r.problems[0] : "");
	rw_store_check_report_clear(&r);
	free(path);
	free(good);
}

static void
test_settings(void)
{
	char *path = in_dir("repwatch.conf");
	rw_config *cfg;
	rw_err err = { 0 };
	FILE *fp = fopen(path, "w");

	fputs("[practitioner]\nname = Jeanne Dupont\n[store]\nevidence_max = 50M, 30d\nlink_checks = 5\nlink_recheck = 12h\n", fp);
	fclose(fp);
	cfg = rw_config_load(path, &err);
	ok(cfg && cfg->store.evidence_max_bytes == 50ull << 20 && cfg->store.evidence_max_days == 30 &&
	   cfg->store.link_checks == 5 && cfg->store.link_recheck == 12 * 3600, "[store] read: %s", err.msg);
	rw_config_free(&cfg);
	fp = fopen(path, "w");
	fputs("[practitioner]\nname = Jeanne Dupont\n[store]\nevidence_max = 0\n", fp);
	fclose(fp);
	cfg = rw_config_load(path, &err);
	ok(cfg && !cfg->store.evidence_max_bytes && !cfg->store.evidence_max_days && cfg->store.link_checks == 20,
	   "evidence_max = 0: no bound; link_checks default 20");
	rw_config_free(&cfg);
	fp = fopen(path, "w");
	fputs("[practitioner]\nname = Jeanne Dupont\n[store]\nevidence_max = lots\n", fp);
	fclose(fp);
	cfg = rw_config_load(path, &err);
	ok(!cfg && strstr(err.msg, "repwatch.conf:4: [store].evidence_max: lots: expected a size"), "a bad value points at it: %s", err.msg);
	rw_config_free(&cfg);
	free(path);
}


static void
test_basics(void)
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

	if (asprintf(&path, "%s/r.db", dir) < 0)
		return;
	s = rw_store_open(path, &err);
	ok(s != NULL, "store opens and migrates: %s", err.msg);
	if (!s)
		return;
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
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	if (!mkdtemp(dir))
		return 99;
	test_basics();
	test_migration_from_v1();
	test_identity();
	test_page_sweep();
	test_listing_entries();
	test_link_key_migration();
	test_uncertain();
	test_not_hers();
	test_old_entry_key();
	test_marks();
	test_evidence();
	test_link_checks();
	test_maintenance();
	test_damaged();
	test_settings();
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
