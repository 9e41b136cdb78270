/* SPDX-License-Identifier: MIT */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
rw_buf_init(rw_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

int
rw_buf_room(rw_buf *b, size_t n)
{
	size_t need;
	char *np;

	if (n > b->max || b->len > b->max - n)
		return -1;
	need = b->len + n + 1;
	if (need > b->alloc) {
		size_t a = b->alloc ? b->alloc : 64;
		while (a < need)
			a *= 2;
		np = realloc(b->data, a);
		if (!np)
			return -1;
		b->data = np;
		b->alloc = a;
	}
	return 0;
}

int
rw_buf_add(rw_buf *b, const void *p, size_t n)
{
	if (rw_buf_room(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
rw_buf_addstr(rw_buf *b, const char *s)
{
	return rw_buf_add(b, s, strlen(s));
}

int
rw_buf_addc_slow(rw_buf *b, char c)
{
	return rw_buf_add(b, &c, 1);
}

int
rw_buf_printf(rw_buf *b, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap;
	int n, r;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return rw_buf_add(b, small, (size_t)n);
	big = malloc((size_t)n + 1);
	if (!big)
		return -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	r = rw_buf_add(b, big, (size_t)n);
	free(big);
	return r;
}

char *
rw_buf_steal(rw_buf *b)
{
	char *p = b->data;

	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}

void
rw_buf_reset(rw_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
rw_buf_free(rw_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}
