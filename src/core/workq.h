/* SPDX-License-Identifier: MIT */
/* workq.h - a few worker threads that run one function on items handed to
 * them, and hand the items back as they finish.
 *
 * Owns: the threads, a queue of items to do and a queue of items done.
 * The scan uses it to read and judge fetched bodies (read.h) on every core while
 * its own thread keeps fetching and storing (SQLite has one writer).
 * Must not: know what an item is; the function must be safe to run on
 * several items at once, and touch nothing the submitting thread changes
 * meanwhile.  Items come back in the order they finish, not the order given.
 */
#ifndef RW_WORKQ_H
#define RW_WORKQ_H

#include <stddef.h>

typedef void (*rw_work_fn)(void *item, void *data);

typedef struct rw_workq rw_workq;

/* threads: how many workers (0: none, rw_workq_submit runs fn itself).
 * When threads cannot be started the queue works without them.  NULL only
 * when memory ran out. */
rw_workq *rw_workq_new(size_t threads, rw_work_fn fn, void *data);

/* notify(data) is called from a worker each time it has finished an item
 * (after the item can be taken), e.g. to wake the submitting thread. */
void rw_workq_set_notify(rw_workq *q, rw_work_fn notify, void *data);

/* Joins the workers; items still queued or done are not handed back (take
 * them all first). */
void rw_workq_free(rw_workq **q);

/* Queue item for fn.  0, or -1 when memory ran out (item was not queued). */
int rw_workq_submit(rw_workq *q, void *item);

/* A finished item, or NULL: when wait is 0, none is finished yet; when
 * wait is 1, none is in flight any more (it waits for one otherwise). */
void *rw_workq_take(rw_workq *q, int wait);

/* The number of workers a machine's processors call for (1 to 8). */
size_t rw_workq_default_threads(void);

#endif
