/* SPDX-License-Identifier: MIT */
/* linkcheck.h - is a review's own page still there?
 *
 * Owns: the second rule for "gone": a review whose own page answers 404 or
 * 410 is gone, with the answer kept as evidence.  Bounded: at most
 * set->link_checks pages per scan, each page at most once per
 * set->link_recheck seconds, least recently checked first, so every review
 * is checked in turn.  Only mentions classified as reviews, and only links
 * that are not the address of a source listing them (a review read from a
 * page of reviews has that page as its link: its answer is the source's).
 * Only links on the host of a source that listed the mention (a feed
 * may not send repwatch to another host of its choosing), and to an
 * inside address only when that source says allow_private = yes (fetch.h).
 * Any other answer - 200, 403, 5xx, a timeout - proves nothing and only
 * records the check.  Must not: print, or judge anything but 404/410.
 */
#ifndef RW_LINKCHECK_H
#define RW_LINKCHECK_H

#include <signal.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "store.h"

/* Check the pages due at now, in scan scan_id, with the fetch settings and
 * sources of cfg (bodies capped at 1 MiB here).  gone_fn is called for each mention
 * this made gone, after its transaction committed.  Returns RW_OK (also
 * when pages did not answer), RW_E_INTR when *stop became non-zero, RW_E_DB
 * when the database refused. */
int rw_linkcheck_run(rw_store *s, const rw_config *cfg, int64_t scan_id, int64_t now, volatile sig_atomic_t *stop,
                     void (*gone_fn)(int64_t mention_id, const char *link, void *data), void *data,
                     rw_err *err);

#endif
