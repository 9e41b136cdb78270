/* SPDX-License-Identifier: MIT */
/* fetch.h - getting many documents at once, politely.
 *
 * Owns: the libcurl multi loop for one batch of transfers: concurrency and
 * per-host limits, conditional GET (If-None-Match / If-Modified-Since),
 * every Accept-Encoding libcurl supports, caps on body size (after
 * decompression, in the write callback), header size, redirects and time,
 * and only http/https after redirects; a site's Retry-After (no request to
 * a held host, within a batch and from earlier ones); the politeness
 * arithmetic the scan applies between batches (backoff of a failing
 * source).  The address policy: no connection, first request, redirect
 * or link check, to a loopback, link-local, private (RFC 1918, ULA, shared
 * 100.64/10), unspecified, multicast or reserved address, judged on the
 * address a name resolved to (whatever its spelling: 0x7f000001,
 * 2130706433, [::1], localhost...) when libcurl opens the socket and
 * again before each request (a reused connection included); a transfer
 * added with RW_FETCH_ALLOW_PRIVATE may reach such an address on its own
 * URL's host only; no redirect from https to http.  file:// addresses
 * (RW_FETCH_ALLOW_FILE) are read here, regular files only, never through a
 * FIFO or device that could block.  Turns every failure into a sentence
 * that names the address and says what happened.  Must not: parse, store,
 * print, or retry on its own.
 */
#ifndef RW_FETCH_H
#define RW_FETCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "reason.h"

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
	int64_t retry_until;    /* 429 or 503 with a usable Retry-After: no request to
	                           this host before this time (capped); else 0 */
	int postponed;          /* not requested: the host is held (retry_until says
	                           until when, error says why); not a failure */
	const char *error_body; /* when !ok with an HTTP status >= 400: the body the
	                           server sent (an API's JSON error), NUL-terminated;
	                           NULL when none */
} rw_fetch_result;

/* Called once per transfer as it completes, from rw_fetcher_run().  The
 * result and its strings are valid during the call only; a callback that
 * wants the body may take it (set r->body = NULL after taking it). */
typedef void (*rw_fetch_done_fn)(rw_fetch_result *r, void *data);

/* The fetch settings as used when the configuration says nothing. */
void rw_fetch_settings_default(rw_fetch_settings *s);

/* A fetcher for one batch.  settings are copied.  Returns NULL with err set
 * when libcurl cannot be initialised. */
rw_fetcher *rw_fetcher_new(const rw_fetch_settings *settings, rw_err *err);

/* Flags of rw_fetcher_add. */
enum {
	RW_FETCH_ALLOW_FILE = 1,     /* a file:// url is read (the user's own config) */
	RW_FETCH_ALLOW_PRIVATE = 2   /* url's own host may be an inside address
	                                (allow_private = yes); nothing it redirects to may */
};

/* Queue url.  etag / last_modified (may be NULL) make the request
 * conditional.  file:// addresses are fetched only with
 * RW_FETCH_ALLOW_FILE; redirects never go to them. */
int rw_fetcher_add(rw_fetcher *f, const char *url, const char *etag,
                   const char *last_modified, unsigned flags, void *user);

/* Queue a request that is not a feed's GET (an API call): headers are
 * extra header lines ("Authorization: Bearer ...", "Accept: ..."),
 * NULL-terminated, and replace the feed Accept header; post, when non-NULL,
 * is sent as an application/x-www-form-urlencoded body with POST and no
 * redirect is followed.  Both are copied (post is wiped when freed: it may
 * hold a secret); neither ever reaches a message or the log.  Every other
 * rule of the fetcher holds (address policy, https only after https, caps,
 * Retry-After).  file:// is never read.  -1 when out of memory. */
int rw_fetcher_add_request(rw_fetcher *f, const char *url, const char *const *headers, const char *post,
                           unsigned flags, void *user);

/* The answer to one request made by rw_fetch_once. */
typedef struct rw_fetch_reply {
	int ok;                 /* 1: a 2xx answer */
	long status;            /* HTTP status; 0 when none arrived */
	char *body;             /* the 2xx body, or the error body of a status >= 400;
	                           NUL-terminated, NULL when none */
	size_t len;
	char *retry_after;      /* the Retry-After header, NULL when absent */
	int64_t retry_until;    /* as rw_fetch_result's */
	char error[768];        /* when !ok: what failed, as rw_fetch_result's */
} rw_fetch_reply;

/* One request (rw_fetcher_add_request's headers and post), made now in a
 * batch of its own.  Returns RW_OK when out says what happened (an answer
 * of any status, or a failure described in out->error), else an rw_status
 * (RW_E_INTR on *stop, RW_E_NOMEM) with err set.  Clear out with
 * rw_fetch_reply_clear. */
int rw_fetch_once(const rw_fetch_settings *s, const char *url, const char *const *headers, const char *post,
                  unsigned flags, volatile sig_atomic_t *stop, rw_fetch_reply *out, rw_err *err);
void rw_fetch_reply_clear(rw_fetch_reply *r);

/* Is this resolved address one that no request goes to by default
 * (loopback, link-local, private, unspecified, multicast, reserved; IPv4
 * mapped or NAT64 IPv6 judged on their IPv4)?  addr is a struct sockaddr
 * of family AF_INET or AF_INET6; any other family counts as inside. */
int rw_fetch_addr_is_inside(const void *sockaddr);

/* The same for a numeric address as text ("127.0.0.1", "::1"); 1 for
 * anything that is not a numeric address. */
int rw_fetch_ip_is_inside(const char *ip);

/* Run every queued transfer to completion, calling done for each.  When
 * *stop becomes non-zero (a signal handler), running transfers are
 * abandoned, done is called for none of them, and RW_E_INTR is returned. */
/* fn(data) is called from rw_fetcher_run()'s thread each time its loop
 * wakes: at least every 200 ms, and at once after rw_fetcher_wakeup(). */
typedef void (*rw_fetch_idle_fn)(void *data);
void rw_fetcher_set_idle(rw_fetcher *f, rw_fetch_idle_fn fn, void *data);

/* Wake rw_fetcher_run() from its wait, from any thread. */
void rw_fetcher_wakeup(rw_fetcher *f);

int rw_fetcher_run(rw_fetcher *f, rw_fetch_done_fn done, void *data,
                   volatile sig_atomic_t *stop, rw_err *err);

void rw_fetcher_free(rw_fetcher **f);

/* Make no request to host (as rw_url_host_key gives it) before until:
 * queued transfers to it come back postponed.  why ("HTTP 429") goes into
 * their message.  A 429/503 with Retry-After during the run adds a hold by
 * itself.  Returns -1 when out of memory. */
int rw_fetcher_hold_host(rw_fetcher *f, const char *host, int64_t until, const char *why);

/* When a Retry-After value (delay-seconds or an HTTP-date) allows the next
 * request, as seen at now: capped at now + max_wait; 0 when the value is
 * unusable or already past. */
int64_t rw_fetch_retry_after(const char *value, int64_t now, long max_wait);

/* Seconds a source waits after failures failed scans in a row: none after
 * one (a blip), then backoff_base, doubling, capped at backoff_max. */
long rw_fetch_backoff(const rw_fetch_settings *s, int failures);

/* The earliest time a source that failed failures scans in a row, last
 * tried at last_attempt, is tried again; 0 when it need not wait.  A scan that
 * comes up to a tenth of the wait early still tries it, so an hourly cron
 * job is not skipped for running a few seconds early. */
int64_t rw_fetch_next_attempt(const rw_fetch_settings *s, int failures, int64_t last_attempt);

/* "repwatch/VERSION (+https://...)" */
const char *rw_fetch_default_user_agent(void);

/* The punctuation of a stored error, as phrases (reason.h) so that French
 * reads « url » : ... where English reads 'url': ... (the msgids "'",
 * "': " and ": ", marked in fetch.c). */
#define RW_FETCH_URL_OPEN RW_REASON_OPEN "'" RW_REASON_CLOSE
#define RW_FETCH_URL_CLOSE RW_REASON_OPEN "': " RW_REASON_CLOSE
#define RW_FETCH_COLON RW_REASON_OPEN ": " RW_REASON_CLOSE

/* What libcurl's code curl_code (a CURLcode) means, in words a doctor
 * reads: an English msgid (marked N_) to translate, or NULL for a code too
 * rare to have words (then curl's own text is all there is).  os_errno
 * (CURLINFO_OS_ERRNO, 0 when unknown) tells a refused connection from an
 * unreachable server.  Every transfer of the core (fetch, IMAP, SMTP)
 * says its failure with these words, and keeps the code in the message. */
const char *rw_fetch_curl_words(int curl_code, long os_errno);

/* The words of rw_fetch_curl_words and the code into buf ("timed out
 * (curl 28)"): marked (reason.h) when marked is 1, for a message that is
 * stored and read later, else translated now (rw_tr).  A code without
 * words: curl_text (its error buffer or curl_easy_strerror), with the
 * code.  Returns buf. */
char *rw_fetch_curl_detail(int curl_code, long os_errno, const char *curl_text, int marked, char *buf,
                           size_t size);

#endif
