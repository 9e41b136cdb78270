/* fetch.h - getting many documents at once, politely.
 *
 * Owns: the libcurl multi loop for one batch of transfers: concurrency and
 * per-host limits, conditional GET (If-None-Match / If-Modified-Since),
 * every Accept-Encoding libcurl supports, caps on body size (after
 * decompression, in the write callback), header size, redirects and time,
 * and only http/https after redirects.  Turns every failure into a sentence
 * that names the address and says what happened.  Must not: parse, store,
 * print, or retry on its own.
 */
#ifndef RW_FETCH_H
#define RW_FETCH_H

#include <signal.h>
#include <stddef.h>

#include "config.h"
#include "err.h"

typedef struct rw_fetcher rw_fetcher;

typedef struct rw_fetch_result {
	const char *url;        /* as requested (owned by the fetcher) */
	void *user;             /* as given to rw_fetcher_add */
	int ok;                 /* 1: a usable answer (2xx with a body, or 304) */
	int not_modified;       /* 1: 304, nothing to parse */
	long status;            /* last HTTP status, 0 when none arrived */
	char *body;             /* NUL-terminated; NULL unless ok and 2xx */
	size_t len;
	char *content_type;     /* headers of the final response; NULL when absent */
	char *etag;
	char *last_modified;
	char *retry_after;
	char *effective_url;    /* after redirects */
	char *headers;          /* raw headers of the final response (capped) */
	double seconds;         /* total transfer time */
	char error[768];        /* when !ok: what failed, for the user */
} rw_fetch_result;

/* Called once per transfer as it completes, from rw_fetcher_run().  The
 * result and its strings are valid during the call only; a callback that
 * wants the body may take it (set r->body = NULL after taking it). */
typedef void (*rw_fetch_done_fn)(rw_fetch_result *r, void *data);

/* A fetcher for one batch.  settings are copied.  Returns NULL with err set
 * when libcurl cannot be initialised. */
rw_fetcher *rw_fetcher_new(const rw_fetch_settings *settings, rw_err *err);

/* Queue url.  etag / last_modified (may be NULL) make the request
 * conditional.  file:// addresses are fetched only when allow_file is set
 * (they come from the user's own config); redirects never go to them. */
int rw_fetcher_add(rw_fetcher *f, const char *url, const char *etag,
                   const char *last_modified, int allow_file, void *user);

/* Run every queued transfer to completion, calling done for each.  When
 * *stop becomes non-zero (a signal handler), running transfers are
 * abandoned, done is called for none of them, and RW_E_INTR is returned. */
int rw_fetcher_run(rw_fetcher *f, rw_fetch_done_fn done, void *data,
                   volatile sig_atomic_t *stop, rw_err *err);

void rw_fetcher_free(rw_fetcher **f);

/* "repwatch/VERSION (+https://...)" */
const char *rw_fetch_default_user_agent(void);

#endif
