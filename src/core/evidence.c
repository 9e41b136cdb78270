/* SPDX-License-Identifier: MIT */
/* evidence.c - snapshots of fetched responses, kept for the record.
 * Part of the store's database: SQL helpers from store-int.h. */
#include "evidence.h"
#include "msgid.h"
#include "store-int.h"
#include "buf.h"
#include "date.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/evp.h>
#include <zlib.h>
#include <zstd.h>

void
rw_evidence_sha256(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (!EVP_Digest(data ? data : "", len, md, &n, EVP_sha256(), NULL) || n != 32) {
		/* only when libcrypto itself is broken; an impossible sum, never a wrong one */
		memset(out, '0', 64);
		out[64] = '\0';
		return;
	}
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* zstd at level 1: a cold scan keeps a body per source, and zlib (level 6,
 * then 1) took a sixth, then a tenth of the scan's time (bench/results.md);
 * zstd 1 is several times faster for blobs as small.  Blobs written by
 * earlier versions are zlib streams: rw_evidence_read() tells them apart
 * by their first bytes. */
static unsigned char *
compress_body(const char *body, size_t len, size_t *zlen_out)
{
	size_t cap = ZSTD_compressBound(len), zlen;
	unsigned char *z = malloc(cap ? cap : 1);

	if (z && ZSTD_isError(zlen = ZSTD_compress(z, cap, body ? body : "", len, 1))) {
		free(z);
		z = NULL;
	}
	*zlen_out = z ? zlen : 0;
	return z;
}

/* A blob back into size bytes at out: zstd (its frame's magic number
 * 28 B5 2F FD first) or zlib.  0, or -1 when damaged. */
static int
expand_blob(const unsigned char *z, size_t zlen, char *out, size_t size)
{
	static const unsigned char zstd_magic[4] = { 0x28, 0xB5, 0x2F, 0xFD };

	if (zlen >= 4 && !memcmp(z, zstd_magic, 4)) {
		size_t n = ZSTD_decompress(out, size, z, zlen);
		return !ZSTD_isError(n) && n == size ? 0 : -1;
	} else {
		uLongf n = (uLongf)size;
		return uncompress((Bytef *)out, &n, z, (uLong)zlen) == Z_OK && n == (uLongf)size ? 0 : -1;
	}
}

int
rw_evidence_blob_make(const char *body, size_t len, rw_evidence_blob *out)
{
	memset(out, 0, sizeof(*out));
	rw_evidence_sha256(body ? body : "", len, out->sha256);
	out->len = len;
	if (!(out->z = compress_body(body, len, &out->zlen)))
		return -1;
	return 0;
}

void
rw_evidence_blob_clear(rw_evidence_blob *b)
{
	if (!b)
		return;
	free(b->z);
	memset(b, 0, sizeof(*b));
}

/* Store body under its sum unless a blob with that sum is already kept;
 * ready: its compressed form, when made ahead. */
static int
put_blob(rw_store *s, const char *sha, const char *body, size_t len, const rw_evidence_blob *ready, rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "SELECT 1 FROM blobs WHERE sha256 = ?1", err);
	unsigned char *z;
	size_t zlen;
	int rc;

	if (!st)
		return RW_E_DB;
	rw_store_bind_text(st, 1, sha);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return RW_OK;
	if (rc != SQLITE_DONE)
		return rw_store_fail(s, err, "cannot look evidence up");
	if (ready && ready->z) {
		if (!(z = malloc(ready->zlen ? ready->zlen : 1)))
			return rw_err_set(err, RW_E_NOMEM, "out of memory");
		memcpy(z, ready->z, ready->zlen);
		zlen = ready->zlen;
	} else if (!(z = compress_body(body, len, &zlen))) {
		return rw_err_set(err, RW_E_NOMEM, "cannot compress evidence: out of memory");
	}
	st = rw_store_prep(s, "INSERT INTO blobs(sha256, size, stored_size, data) VALUES (?1, ?2, ?3, ?4)", err);
	if (!st) {
		free(z);
		return RW_E_DB;
	}
	rw_store_bind_text(st, 1, sha);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)len);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)zlen);
	sqlite3_bind_blob64(st, 4, z, zlen, free);
	return rw_store_run(s, st, err, "cannot store evidence");
}

int
rw_evidence_add(rw_store *s, int64_t scan_id, int64_t source_id, const rw_evidence_fetch *f,
                int64_t *snapshot_id, rw_err *err)
{
	char sha[65];
	sqlite3_stmt *st;

	if (f->ready && f->ready->z && f->ready->len == f->len)
		memcpy(sha, f->ready->sha256, sizeof(sha));
	else
		rw_evidence_sha256(f->body, f->len, sha);
	if (put_blob(s, sha, f->body, f->len, f->ready && f->ready->len == f->len ? f->ready : NULL, err))
		return err ? err->code : RW_E_DB;
	st = rw_store_prep(s, "INSERT INTO snapshots(scan_id, source_id, url, effective_url, fetched_at, status, "
	                      "headers, sha256, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (!st)
		return RW_E_DB;
	if (scan_id)
		sqlite3_bind_int64(st, 1, scan_id);
	if (source_id)
		sqlite3_bind_int64(st, 2, source_id);
	rw_store_bind_text(st, 3, f->url ? f->url : "");
	rw_store_bind_text(st, 4, f->effective_url && f->url && strcmp(f->effective_url, f->url) ? f->effective_url : NULL);
	sqlite3_bind_int64(st, 5, f->fetched_at);
	sqlite3_bind_int64(st, 6, f->status);
	rw_store_bind_text(st, 7, f->headers);
	rw_store_bind_text(st, 8, sha);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)f->len);
	if (rw_store_run(s, st, err, "cannot store evidence"))
		return RW_E_DB;
	*snapshot_id = sqlite3_last_insert_rowid(s->db);
	return RW_OK;
}

int
rw_evidence_link(rw_store *s, int64_t snapshot_id, int64_t mention_id, rw_change change, rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "INSERT OR IGNORE INTO evidence(mention_id, snapshot_id, version, change) "
	                                    "SELECT id, ?2, version, ?3 FROM mentions WHERE id = ?1", err);
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	sqlite3_bind_int64(st, 2, snapshot_id);
	rw_store_bind_text(st, 3, rw_change_name(change));
	return rw_store_run(s, st, err, "cannot record evidence");
}

int
rw_evidence_each(rw_store *s, int64_t mention_id, int (*fn)(const rw_snapshot *, void *), void *data,
                 rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "SELECT sn.id, sn.scan_id, sn.fetched_at, sn.dropped_at, sn.status, sn.url, "
	                                    "sn.effective_url, sn.headers, sn.sha256, coalesce(src.name, src.url), "
	                                    "e.change, e.version, sn.size FROM evidence e "
	                                    "JOIN snapshots sn ON sn.id = e.snapshot_id "
	                                    "LEFT JOIN sources src ON src.id = sn.source_id "
	                                    "WHERE e.mention_id = ?1 ORDER BY sn.fetched_at, sn.id", err);
	int rc;

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, mention_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rw_snapshot sn;
		sn.id = sqlite3_column_int64(st, 0);
		sn.scan_id = sqlite3_column_int64(st, 1);
		sn.fetched_at = sqlite3_column_int64(st, 2);
		sn.dropped_at = sqlite3_column_int64(st, 3);
		sn.status = (long)sqlite3_column_int64(st, 4);
		sn.url = (const char *)sqlite3_column_text(st, 5);
		sn.effective_url = (const char *)sqlite3_column_text(st, 6);
		sn.headers = (const char *)sqlite3_column_text(st, 7);
		sn.sha256 = (const char *)sqlite3_column_text(st, 8);
		sn.source = (const char *)sqlite3_column_text(st, 9);
		sn.change = (const char *)sqlite3_column_text(st, 10);
		sn.version = sqlite3_column_int(st, 11);
		sn.size = (size_t)sqlite3_column_int64(st, 12);
		if (fn(&sn, data))
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rw_store_fail(s, err, "cannot read evidence");
	return RW_OK;
}

int
rw_evidence_read(rw_store *s, const char *sha, char **data, size_t *len, rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "SELECT size, data FROM blobs WHERE sha256 = ?1", err);
	char got[65], *out = NULL;
	size_t outlen = 0;
	int rc, z = -1;
	int64_t size;

	*data = NULL;
	*len = 0;
	if (!st)
		return RW_E_DB;
	rw_store_bind_text(st, 1, sha);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return rw_err_set(err, RW_E_USAGE, "snapshot %.12s is not kept any more (dropped by [store] evidence_max)", sha);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rw_store_fail(s, err, "cannot read evidence");
	}
	size = sqlite3_column_int64(st, 0);
	if (size >= 0 && (uint64_t)size < (uint64_t)SIZE_MAX && (out = malloc((size_t)size + 1))) {
		outlen = (size_t)size;
		z = expand_blob(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), out, outlen);
	}
	sqlite3_finalize(st);
	if (!out)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	if (z == 0)
		rw_evidence_sha256(out, outlen, got);
	if (z != 0 || strcmp(got, sha)) {
		free(out);
		return rw_err_set(err, RW_E_DB, "database '%s': snapshot %.12s does not match its SHA-256: the stored copy "
		                  "is damaged (run 'repwatch db check')", s->path, sha);
	}
	out[outlen] = '\0';
	*data = out;
	*len = outlen;
	return RW_OK;
}

/* Drop the body of snapshot id; delete the blob when no kept snapshot
 * needs it any more.  *freed grows by its stored size. */
static int
drop_snapshot(rw_store *s, int64_t id, int64_t now, int64_t *freed, rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "UPDATE snapshots SET dropped_at = ?2 WHERE id = ?1 RETURNING sha256", err);
	char *sha = NULL;
	int rc;

	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		sha = strdup((const char *)sqlite3_column_text(st, 0));
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(sha);
		return rw_store_fail(s, err, "cannot drop old evidence");
	}
	if (!sha)
		return RW_OK;
	st = rw_store_prep(s, "DELETE FROM blobs WHERE sha256 = ?1 AND NOT EXISTS "
	                      "(SELECT 1 FROM snapshots WHERE sha256 = ?1 AND dropped_at IS NULL) RETURNING stored_size", err);
	if (!st) {
		free(sha);
		return RW_E_DB;
	}
	rw_store_bind_text(st, 1, sha);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*freed += sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sha);
	if (rc != SQLITE_DONE)
		return rw_store_fail(s, err, "cannot drop old evidence");
	return RW_OK;
}

/* the oldest kept snapshot that may be dropped (older than before, when
 * before is not 0), 0 when none */
static int
oldest_droppable(rw_store *s, int64_t keep_scan, int64_t before, int64_t *id, rw_err *err)
{
	sqlite3_stmt *st = rw_store_prep(s, "SELECT id FROM snapshots WHERE dropped_at IS NULL "
	                                    "AND (scan_id IS NULL OR scan_id <> ?1) AND (?2 = 0 OR fetched_at < ?2) "
	                                    "ORDER BY fetched_at, id LIMIT 1", err);
	int rc;

	*id = 0;
	if (!st)
		return RW_E_DB;
	sqlite3_bind_int64(st, 1, keep_scan);
	sqlite3_bind_int64(st, 2, before);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rw_store_fail(s, err, "cannot read evidence");
	return RW_OK;
}

static int64_t
kept_bytes(rw_store *s)
{
	sqlite3_stmt *st = rw_store_prep(s, "SELECT coalesce(sum(stored_size), 0) FROM blobs", NULL);
	int64_t v = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
rw_evidence_prune(rw_store *s, const rw_store_settings *set, int64_t now, int64_t keep_scan,
                  size_t *dropped_out, int64_t *freed_out, rw_err *err)
{
	int64_t id, freed = 0, total;
	size_t dropped = 0;

	if (!set->evidence_max_bytes && !set->evidence_max_days)
		goto done;
	if (rw_store_begin(s, err))
		return RW_E_DB;
	/* by age first, then by size, oldest first */
	while (set->evidence_max_days) {
		if (oldest_droppable(s, keep_scan, now - (int64_t)set->evidence_max_days * 86400, &id, err))
			goto fail;
		if (!id)
			break;
		if (drop_snapshot(s, id, now, &freed, err))
			goto fail;
		dropped++;
	}
	while (set->evidence_max_bytes && (total = kept_bytes(s)) >= 0 &&
	       (unsigned long long)total > set->evidence_max_bytes) {
		if (oldest_droppable(s, keep_scan, 0, &id, err))
			goto fail;
		if (!id)
			break;
		if (drop_snapshot(s, id, now, &freed, err))
			goto fail;
		dropped++;
	}
	if (rw_store_commit(s, err))
		return RW_E_DB;
done:
	if (dropped_out)
		*dropped_out = dropped;
	if (freed_out)
		*freed_out = freed;
	return RW_OK;
fail:
	rw_store_rollback(s);
	return err ? err->code : RW_E_DB;
}

/* ---- export ---- */

struct snap_copy {
	int64_t id, fetched_at, dropped_at;
	long status;
	char *url, *effective_url, *headers, *sha256, *source, *change;
	int version;
	size_t size;
};

struct snap_list { struct snap_copy *v; size_t n, alloc; int failed; };

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
copy_snapshot(const rw_snapshot *sn, void *data)
{
	struct snap_list *l = data;
	struct snap_copy *c;

	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 8;
		struct snap_copy *nv = realloc(l->v, na * sizeof(*nv));
		if (!nv) {
			l->failed = 1;
			return 1;
		}
		l->v = nv;
		l->alloc = na;
	}
	c = &l->v[l->n++];
	memset(c, 0, sizeof(*c));
	c->id = sn->id;
	c->fetched_at = sn->fetched_at;
	c->dropped_at = sn->dropped_at;
	c->status = sn->status;
	c->version = sn->version;
	c->size = sn->size;
	c->url = dup_or_null(sn->url);
	c->effective_url = dup_or_null(sn->effective_url);
	c->headers = dup_or_null(sn->headers);
	c->sha256 = dup_or_null(sn->sha256);
	c->source = dup_or_null(sn->source);
	c->change = dup_or_null(sn->change);
	if (!c->sha256 || !c->url)
		l->failed = 1;
	return l->failed;
}

static void
snap_list_free(struct snap_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].url);
		free(l->v[i].effective_url);
		free(l->v[i].headers);
		free(l->v[i].sha256);
		free(l->v[i].source);
		free(l->v[i].change);
	}
	free(l->v);
}

/* file extension for a body, from the Content-Type of its headers */
static const char *
extension_for(const char *headers)
{
	const char *p = headers;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (n > 13 && !strncasecmp(p, "content-type:", 13)) {
			char type[128];
			size_t i, tn = n - 13 < sizeof(type) - 1 ? n - 13 : sizeof(type) - 1;
			for (i = 0; i < tn; i++)
				type[i] = (char)tolower((unsigned char)p[13 + i]);
			type[tn] = '\0';
			if (strstr(type, "html"))
				return "html";
			if (strstr(type, "xml") || strstr(type, "rss") || strstr(type, "atom"))
				return "xml";
			if (strstr(type, "json"))
				return "json";
			if (strstr(type, "text/"))
				return "txt";
			return "bin";
		}
		p = eol ? eol + 1 : NULL;
	}
	return "bin";
}

/* Write data to dir/name (which must not exist), synced; its sum into sha. */
static int
write_file(const char *dir, const char *name, const void *data, size_t len, char sha[65], rw_err *err)
{
	const char *p = data;
	char *path;
	size_t left = len;
	int fd, rc = RW_OK;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);   /* what patients wrote: the owner's only */
	if (fd < 0) {
		rc = rw_err_set(err, RW_E_IO, "cannot create '%s': %s", path, strerror(errno));
		free(path);
		return rc;
	}
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = rw_err_set(err, RW_E_IO, "cannot write '%s': %s", path, w < 0 ? strerror(errno) : rw_tr(N_("short write")));
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	if (!rc && fsync(fd) < 0)
		rc = rw_err_set(err, RW_E_IO, "cannot write '%s': %s", path, strerror(errno));
	if (close(fd) < 0 && !rc)
		rc = rw_err_set(err, RW_E_IO, "cannot write '%s': %s", path, strerror(errno));
	free(path);
	if (!rc)
		rw_evidence_sha256(data, len, sha);
	return rc;
}

/* dir must be new or empty: evidence is never mixed with other files */
static int
make_empty_dir(const char *dir, rw_err *err)
{
	DIR *d;
	struct dirent *e;

	if (mkdir(dir, 0700) == 0)
		return RW_OK;
	if (errno != EEXIST)
		return rw_err_set(err, RW_E_IO, "cannot create the folder '%s': %s", dir, strerror(errno));
	if (!(d = opendir(dir)))
		return rw_err_set(err, RW_E_IO, "cannot open the folder '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(d);
			return rw_err_set(err, RW_E_USAGE, "the folder '%s' is not empty: name a new folder, so that "
			                  "nothing is overwritten or mixed with the evidence", dir);
		}
	closedir(d);
	return RW_OK;
}

static json_object *
jdate(int64_t t)
{
	char buf[32];
	return t ? json_object_new_string(rw_date_format(t, buf, sizeof(buf))) : NULL;
}

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* add {"name", "role", "sha256", "bytes"} to files, and a sums line */
static json_object *
file_entry(json_object *files, rw_buf *sums, const char *name, const char *role, const char *sha, size_t bytes)
{
	json_object *f = json_object_new_object();

	json_object_object_add(f, "name", json_object_new_string(name));
	json_object_object_add(f, "role", json_object_new_string(role));
	json_object_object_add(f, "sha256", json_object_new_string(sha));
	json_object_object_add(f, "bytes", json_object_new_int64((int64_t)bytes));
	json_object_array_add(files, f);
	rw_buf_printf(sums, "%s  %s\n", sha, name);
	return f;
}

int
rw_evidence_export(rw_store *s, int64_t mention_id, const char *dir, const char *rendering, size_t rlen,
                   int64_t generated_at, size_t *nfiles, rw_err *err)
{
	struct snap_list l;
	json_object *man = NULL, *files, *dropped;
	rw_buf sums;
	char sha[65], name[96];
	size_t i, count = 0;
	int rc;

	memset(&l, 0, sizeof(l));
	rw_buf_init(&sums, 1u << 20);
	if ((rc = rw_evidence_each(s, mention_id, copy_snapshot, &l, err)))
		goto out;
	if (l.failed) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = make_empty_dir(dir, err)))
		goto out;
	man = json_object_new_object();
	files = json_object_new_array();
	dropped = json_object_new_array();
	json_object_object_add(man, "format", json_object_new_string("repwatch-evidence 1"));
	json_object_object_add(man, "mention", json_object_new_int64(mention_id));
	json_object_object_add(man, "generated_at", jdate(generated_at));
	json_object_object_add(man, "database", json_object_new_string(s->path));
	json_object_object_add(man, "files", files);
	json_object_object_add(man, "dropped_snapshots", dropped);

	snprintf(name, sizeof(name), "mention-%lld.txt", (long long)mention_id);
	if ((rc = write_file(dir, name, rendering, rlen, sha, err)))
		goto out;
	file_entry(files, &sums, name, "rendering", sha, rlen);
	count++;
	for (i = 0; i < l.n; i++) {
		struct snap_copy *c = &l.v[i];
		json_object *f, *meta = json_object_new_object();
		char *body = NULL;
		size_t len = 0;
		json_object_object_add(meta, "snapshot", json_object_new_int64(c->id));
		json_object_object_add(meta, "url", jstr(c->url));
		json_object_object_add(meta, "effective_url", jstr(c->effective_url));
		json_object_object_add(meta, "fetched_at", jdate(c->fetched_at));
		json_object_object_add(meta, "http_status", json_object_new_int64(c->status));
		json_object_object_add(meta, "source", jstr(c->source));
		json_object_object_add(meta, "change", jstr(c->change));
		json_object_object_add(meta, "version", json_object_new_int(c->version));
		json_object_object_add(meta, "body_sha256", jstr(c->sha256));
		json_object_object_add(meta, "body_bytes", json_object_new_int64((int64_t)c->size));
		if (c->dropped_at) {
			json_object_object_add(meta, "dropped_at", jdate(c->dropped_at));
			json_object_array_add(dropped, meta);
			continue;
		}
		rc = rw_evidence_read(s, c->sha256, &body, &len, err);
		if (rc) {
			json_object_put(meta);
			goto out;
		}
		snprintf(name, sizeof(name), "snapshot-%lld.%s", (long long)c->id, extension_for(c->headers));
		rc = write_file(dir, name, body, len, sha, err);
		free(body);
		if (rc) {
			json_object_put(meta);
			goto out;
		}
		f = file_entry(files, &sums, name, "snapshot", sha, len);
		json_object_object_foreach(meta, k, v)
			json_object_object_add(f, k, json_object_get(v));
		json_object_put(meta);
		count++;
		snprintf(name, sizeof(name), "snapshot-%lld.headers.txt", (long long)c->id);
		len = c->headers ? strlen(c->headers) : 0;
		if ((rc = write_file(dir, name, c->headers ? c->headers : "", len, sha, err)))
			goto out;
		f = file_entry(files, &sums, name, "headers", sha, len);
		json_object_object_add(f, "snapshot", json_object_new_int64(c->id));
		count++;
	}
	{
		const char *text = json_object_to_json_string_ext(man, JSON_C_TO_STRING_PRETTY |
		                                                       JSON_C_TO_STRING_NOSLASHESCAPE);
		size_t tlen = strlen(text);
		char *copy = malloc(tlen + 2);
		if (!copy) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto out;
		}
		memcpy(copy, text, tlen);
		copy[tlen++] = '\n';
		rc = write_file(dir, "manifest.json", copy, tlen, sha, err);
		free(copy);
		if (rc)
			goto out;
		rw_buf_printf(&sums, "%s  %s\n", sha, "manifest.json");
		count++;
	}
	if (!sums.data) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = write_file(dir, "SHA256SUMS", sums.data, sums.len, sha, err)))
		goto out;
	count++;
	if (nfiles)
		*nfiles = count;
out:
	json_object_put(man);
	rw_buf_free(&sums);
	snap_list_free(&l);
	return rc;
}
