/* SPDX-License-Identifier: MIT */
/* evidence.h - what was fetched, kept for the record.
 *
 * Owns: snapshots of fetched responses - URL, UTC fetch time, HTTP status,
 * response headers, and the body (the bytes the parser read, after HTTP
 * content decoding), zstd-compressed (zlib in databases written before)
 * and stored once per SHA-256 - and which mention each snapshot shows and
 * why (new, changed, gone); the retention bound on their space; writing
 * one mention's evidence into a folder with a manifest of SHA-256 sums and
 * times.  The tables live in the store's
 * database (SQL through store-int.h), written in the transaction of the
 * source they belong to.  Must not: fetch, print, or drop anything but
 * snapshot bodies (URL, time, status, headers and SHA-256 stay forever, as
 * does every version's text in the store).
 */
#ifndef RW_EVIDENCE_H
#define RW_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "store.h"

/* A body's SHA-256 and compressed bytes, made ahead of rw_evidence_add
 * (by a thread that does not hold the database) so that it only writes. */
typedef struct rw_evidence_blob {
	char sha256[65];
	unsigned char *z;            /* zstd frame; NULL when not made */
	size_t zlen, len;            /* compressed and whole sizes */
} rw_evidence_blob;

/* Fill out for body[0..len).  0, or -1 when memory ran out (out is then
 * empty, and rw_evidence_add makes it itself). */
int rw_evidence_blob_make(const char *body, size_t len, rw_evidence_blob *out);
void rw_evidence_blob_clear(rw_evidence_blob *b);

/* One fetched response, as the fetcher handed it over. */
typedef struct rw_evidence_fetch {
	const char *url;             /* as requested */
	const char *effective_url;   /* after redirects; may be NULL */
	int64_t fetched_at;          /* UTC seconds */
	long status;                 /* HTTP status; 0 when none */
	const char *headers;         /* raw response headers; may be NULL */
	const char *body;            /* may be NULL when len is 0 */
	size_t len;
	const rw_evidence_blob *ready;   /* body's blob made ahead; NULL: made here */
} rw_evidence_fetch;

/* Store f as a snapshot of source source_id (0: none, e.g. a review's own
 * page) in scan scan_id; the body is stored once per SHA-256.  Call inside
 * the transaction that stores what f showed.  *snapshot_id receives the id. */
int rw_evidence_add(rw_store *s, int64_t scan_id, int64_t source_id, const rw_evidence_fetch *f,
                    int64_t *snapshot_id, rw_err *err);

/* Record that snapshot_id shows mention_id (at its current version) with
 * this change. */
int rw_evidence_link(rw_store *s, int64_t snapshot_id, int64_t mention_id, rw_change change, rw_err *err);

/* A snapshot as listed for one mention. */
typedef struct rw_snapshot {
	int64_t id, scan_id;
	int64_t fetched_at;
	int64_t dropped_at;          /* when retention dropped the body; 0 when kept */
	long status;
	const char *url, *effective_url, *headers, *sha256;
	const char *source;          /* name (or URL) of the source; NULL for a page check */
	const char *change;          /* "new", "changed" or "gone" */
	int version;                 /* the mention's version it shows */
	size_t size;                 /* body bytes */
} rw_snapshot;

/* Call fn for each snapshot of mention_id, oldest first. */
int rw_evidence_each(rw_store *s, int64_t mention_id, int (*fn)(const rw_snapshot *sn, void *data),
                     void *data, rw_err *err);

/* The body whose SHA-256 is sha256 (64 hex digits), decompressed and
 * checked against the sum: malloc'd into *data (NUL-terminated, *len bytes).
 * RW_E_USAGE when it is not kept (dropped by retention), RW_E_DB when it
 * cannot be read or does not match its sum. */
int rw_evidence_read(rw_store *s, const char *sha256, char **data, size_t *len, rw_err *err);

/* Apply the retention bound of set at now: snapshots older than
 * evidence_max_days lose their body, then the oldest ones until the kept
 * bodies take at most evidence_max_bytes (compressed).  The snapshots of
 * scan keep_scan are never dropped (the evidence just taken).  *dropped and
 * *freed (may be NULL) receive how many snapshots and bytes went.  Runs its
 * own transaction. */
int rw_evidence_prune(rw_store *s, const rw_store_settings *set, int64_t now, int64_t keep_scan,
                      size_t *dropped, int64_t *freed, rw_err *err);

/* Write mention_id's evidence into the folder dir (created; it must not
 * exist or be empty):
 *   mention-ID.txt            rendering[0..len): the readable record the
 *                             caller made (its language, its layout)
 *   snapshot-N.EXT            each kept snapshot body, byte for byte
 *                             (EXT from its Content-Type: xml, html, json,
 *                             txt or bin)
 *   snapshot-N.headers.txt    its response headers as received
 *   manifest.json             every file with its SHA-256, size and role;
 *                             each snapshot's URL, fetch time (UTC), HTTP
 *                             status, source, change and version; dropped
 *                             snapshots with their SHA-256
 *   SHA256SUMS                "sum  name" lines (sha256sum -c checks them)
 * generated_at is written into the manifest.  Every write is checked and
 * synced: a full disk is an error, never a silently short file.
 * *files (may be NULL) receives how many files were written. */
int rw_evidence_export(rw_store *s, int64_t mention_id, const char *dir, const char *rendering,
                       size_t len, int64_t generated_at, size_t *files, rw_err *err);

/* SHA-256 of data[0..len) as 64 lowercase hex digits + NUL into out. */
void rw_evidence_sha256(const void *data, size_t len, char out[65]);

#endif
