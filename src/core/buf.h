/* SPDX-License-Identifier: MIT */
/* buf.h - growable byte buffer with a hard cap (curl's dynbuf).
 *
 * Owns: one heap block.  Every buffer that input can grow has a cap; an
 * append past it fails with RW_E_NOMEM-like status -1 and leaves the buffer
 * as it was.  The content is always NUL-terminated.
 */
#ifndef RW_BUF_H
#define RW_BUF_H

#include <stddef.h>

typedef struct rw_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t max;      /* cap on len */
} rw_buf;

void rw_buf_init(rw_buf *b, size_t max);
/* 0 on success, -1 when the cap would be passed or memory ran out. */
int rw_buf_add(rw_buf *b, const void *p, size_t n);
int rw_buf_addstr(rw_buf *b, const char *s);
int rw_buf_addc_slow(rw_buf *b, char c);
/* One byte: in place while there is room, the common case in loops. */
static inline int
rw_buf_addc(rw_buf *b, char c)
{
	if (b->len + 1 < b->alloc && b->len < b->max) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return rw_buf_addc_slow(b, c);
}
/* Room for n more bytes and the NUL at b->data + b->len, for a caller that
 * writes them itself and then adds to len: 0, or -1 as rw_buf_add. */
int rw_buf_room(rw_buf *b, size_t n);
int rw_buf_printf(rw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the data over to the caller (free() it); the buffer is reset. */
char *rw_buf_steal(rw_buf *b);
void rw_buf_reset(rw_buf *b);
void rw_buf_free(rw_buf *b);

#endif
