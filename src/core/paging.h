/* SPDX-License-Identifier: MIT */
/* paging.h - the pages of one review list, followed as one reading.
 *
 * Owns: the rule of which next page is followed (the link a template's
 * `next` rule found, resolved against the page's address with url.h: only
 * on the first page's site, same scheme, host and port, so never from
 * https to http; never a page already read, however spelt; at most
 * [fetch] max_pages pages per source per scan), why a chain of pages
 * ended, and whether it was read whole (only then may "no longer listed"
 * mean gone).  And rw_paging_test(): one source's pages fetched (fetch.h)
 * and read as one (read.h) without the store, the call `repwatch sources
 * test` and the tray's Test make, so that they follow the pages the scan
 * follows.
 * Must not: parse a body or judge an item (read.c does), store, print.
 */
#ifndef RW_PAGING_H
#define RW_PAGING_H

#include <signal.h>
#include <stddef.h>

#include "analyse.h"
#include "config.h"
#include "err.h"
#include "read.h"

/* Why a chain of pages ended. */
typedef enum rw_paging_end {
	RW_PAGING_MORE = 0,    /* not ended: a next page is to be read */
	RW_PAGING_LAST,        /* the last page read names no next page: all read */
	RW_PAGING_CAP,         /* max_pages were read and a next page remains */
	RW_PAGING_ELSEWHERE,   /* the next link leaves the site (another host,
	                          port or scheme): not followed */
	RW_PAGING_LOOP,        /* the next link is a page already read */
	RW_PAGING_BAD_LINK,    /* the next link is not an http(s) address */
	RW_PAGING_FAILED       /* a page after the first could not be fetched or read */
} rw_paging_end;

typedef struct rw_paging {
	size_t max_pages;      /* at least 1 */
	size_t pages;          /* pages read so far */
	rw_paging_end end;
	char *link;            /* ELSEWHERE, LOOP, BAD_LINK, CAP: the link not
	                          followed; FAILED: the page that failed */
	char *error;           /* FAILED: what happened to it */
	char *origin;          /* the first page's rw_url_origin */
	char **seen;           /* normal forms of the addresses read */
	size_t nseen;
} rw_paging;

/* Start a chain of at most max_pages pages (0 counts as 1). */
void rw_paging_init(rw_paging *p, size_t max_pages);

/* A page was read: requested is the address asked for, final the one it
 * came from after redirects (NULL: the same).  0, or -1 when memory ran out. */
int rw_paging_read(rw_paging *p, const char *requested, const char *final);

/* After the page at page_url (after redirects), whose next rule found href
 * (NULL or "": none): 1 with *next the absolute address to read next
 * (malloc'd), 0 when the chain ends (p->end says why, p->link what was not
 * followed), -1 when memory ran out. */
int rw_paging_next(rw_paging *p, const char *page_url, const char *href, char **next);

/* The page at url could not be fetched or read (error says why): the
 * chain ends there.  0, or -1 when memory ran out. */
int rw_paging_failed(rw_paging *p, const char *url, const char *error);

/* 1 when every page of the list was read (it ended on a page that names no
 * next one): only then does a review the list no longer shows count as
 * gone.  A chain cut short (the cap, a loop, a link to another site, a
 * failed page) leaves unread pages where any review may be. */
int rw_paging_whole(const rw_paging *p);

/* Why the chain ended ("3 pages read; page 2 ... could not be read:
 * ..."), into buf, as a reason to store (reason.h: its phrases marked, to
 * be read in the reader's language by rw_reason_render). */
void rw_paging_reason(const rw_paging *p, char *buf, size_t size);

/* The same in words now (the installed translator), for a log or a
 * message shown at once. */
void rw_paging_describe(const rw_paging *p, char *buf, size_t size);

/* Frees what p holds and zeroes it; accepts NULL. */
void rw_paging_clear(rw_paging *p);

/* ---- a test of one source, as the scan would read it ---- */

typedef struct rw_paging_test {
	rw_read_result read;   /* every page read, judged as one (read.h) */
	rw_paging paging;      /* how many pages, why it ended */
	int fetched;           /* the first page answered with a body; else error says why */
	long status;           /* the first page's HTTP status */
	size_t len;            /* bytes read, every page */
	double seconds;        /* transfer time, every page */
	char *content_type;    /* the first page's */
	char *effective_url;   /* the first page's address after redirects */
	char error[768];
} rw_paging_test;

/* Fetch url with settings and flags (fetch.h: RW_FETCH_*), read it as how
 * says with a's judgement, and when how is a page template with a next
 * rule follow its next pages as the scan does, page after page through
 * one fetcher: the items of every page are judged as one reading.  Returns
 * RW_OK with out filled (out->fetched 0 when the first page gave no body:
 * out->error says why), RW_E_INTR when *stop was set, RW_E_NOMEM or
 * RW_E_NET (err says why).  Free out with rw_paging_test_clear. */
int rw_paging_test_source(const rw_analyser *a, const rw_read_source *how, const rw_fetch_settings *settings,
                          const char *url, unsigned flags, volatile sig_atomic_t *stop, rw_paging_test *out,
                          rw_err *err);

void rw_paging_test_clear(rw_paging_test *t);

#endif
