/* SPDX-License-Identifier: MIT */
#include "workq.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct node {
	void *item;
	struct node *next;
};

struct fifo {
	struct node *head, *tail;
};

struct rw_workq {
	rw_work_fn fn;
	void *data;
	rw_work_fn notify;           /* set before any item is submitted */
	void *notify_data;
	pthread_mutex_t lock;
	pthread_cond_t todo_ready;   /* a worker may go on */
	pthread_cond_t done_ready;   /* the submitter may take */
	struct fifo todo, done;
	size_t inflight;             /* submitted, not taken back */
	int quit;
	pthread_t *threads;
	size_t nthreads;
};

static void
push(struct fifo *f, struct node *n)
{
	n->next = NULL;
	if (f->tail)
		f->tail->next = n;
	else
		f->head = n;
	f->tail = n;
}

static struct node *
pop(struct fifo *f)
{
	struct node *n = f->head;

	if (n) {
		f->head = n->next;
		if (!f->head)
			f->tail = NULL;
	}
	return n;
}

static void *
worker(void *arg)
{
	rw_workq *q = arg;
	struct node *n;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->quit && !q->todo.head)
			pthread_cond_wait(&q->todo_ready, &q->lock);
		if (!(n = pop(&q->todo)))
			break;   /* quit, and nothing left to do */
		pthread_mutex_unlock(&q->lock);
		q->fn(n->item, q->data);
		pthread_mutex_lock(&q->lock);
		push(&q->done, n);
		pthread_cond_signal(&q->done_ready);
		if (q->notify) {
			pthread_mutex_unlock(&q->lock);
			q->notify(NULL, q->notify_data);
			pthread_mutex_lock(&q->lock);
		}
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

size_t
rw_workq_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
}

rw_workq *
rw_workq_new(size_t threads, rw_work_fn fn, void *data)
{
	rw_workq *q = calloc(1, sizeof(*q));
	size_t i;

	if (!q)
		return NULL;
	q->fn = fn;
	q->data = data;
	if (pthread_mutex_init(&q->lock, NULL)) {
		free(q);
		return NULL;
	}
	if (pthread_cond_init(&q->todo_ready, NULL)) {
		pthread_mutex_destroy(&q->lock);
		free(q);
		return NULL;
	}
	if (pthread_cond_init(&q->done_ready, NULL)) {
		pthread_cond_destroy(&q->todo_ready);
		pthread_mutex_destroy(&q->lock);
		free(q);
		return NULL;
	}
	if (threads && (q->threads = calloc(threads, sizeof(*q->threads))))
		for (i = 0; i < threads; i++) {
			if (pthread_create(&q->threads[i], NULL, worker, q))
				break;   /* fewer workers, or none: submit does the work */
			q->nthreads++;
		}
	return q;
}

void
rw_workq_set_notify(rw_workq *q, rw_work_fn notify, void *data)
{
	q->notify = notify;
	q->notify_data = data;
}

void
rw_workq_free(rw_workq **qp)
{
	rw_workq *q;
	struct node *n;
	size_t i;

	if (!qp || !*qp)
		return;
	q = *qp;
	pthread_mutex_lock(&q->lock);
	q->quit = 1;
	pthread_cond_broadcast(&q->todo_ready);
	pthread_mutex_unlock(&q->lock);
	for (i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
	while ((n = pop(&q->done)))
		free(n);
	while ((n = pop(&q->todo)))
		free(n);
	free(q->threads);
	pthread_cond_destroy(&q->done_ready);
	pthread_cond_destroy(&q->todo_ready);
	pthread_mutex_destroy(&q->lock);
	free(q);
	*qp = NULL;
}

int
rw_workq_submit(rw_workq *q, void *item)
{
	struct node *n = malloc(sizeof(*n));

	if (!n)
		return -1;
	n->item = item;
	if (!q->nthreads) {
		q->fn(item, q->data);
		push(&q->done, n);
		q->inflight++;
		return 0;
	}
	pthread_mutex_lock(&q->lock);
	push(&q->todo, n);
	q->inflight++;
	pthread_cond_signal(&q->todo_ready);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void *
rw_workq_take(rw_workq *q, int wait)
{
	struct node *n;
	void *item = NULL;

	pthread_mutex_lock(&q->lock);
	while (!(n = pop(&q->done)) && wait && q->inflight && q->nthreads)
		pthread_cond_wait(&q->done_ready, &q->lock);
	if (n) {
		item = n->item;
		q->inflight--;
		free(n);
	}
	pthread_mutex_unlock(&q->lock);
	return item;
}
