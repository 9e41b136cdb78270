/* SPDX-License-Identifier: MIT */
#include "base64.h"

#include <ctype.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
rw_base64_encode(rw_buf *b, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		char q[4] = { alphabet[p[i] >> 2], alphabet[(p[i] & 3) << 4 | p[i + 1] >> 4],
		              alphabet[(p[i + 1] & 15) << 2 | p[i + 2] >> 6], alphabet[p[i + 2] & 63] };
		if (rw_buf_add(b, q, 4))
			return -1;
	}
	if (n - i == 1) {
		char q[4] = { alphabet[p[i] >> 2], alphabet[(p[i] & 3) << 4], '=', '=' };
		return rw_buf_add(b, q, 4);
	}
	if (n - i == 2) {
		char q[4] = { alphabet[p[i] >> 2], alphabet[(p[i] & 3) << 4 | p[i + 1] >> 4],
		              alphabet[(p[i + 1] & 15) << 2], '=' };
		return rw_buf_add(b, q, 4);
	}
	return 0;
}

/* The value of c in either alphabet, or -1. */
static int
value_of(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int
rw_base64_decode(rw_buf *b, const char *s)
{
	unsigned acc = 0;
	int bits = 0;

	for (; *s && *s != '='; s++) {
		int v;
		if (isspace((unsigned char)*s))
			continue;
		if ((v = value_of((unsigned char)*s)) < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (rw_buf_addc(b, (char)((acc >> bits) & 0xFF)) < 0)
				return -2;
		}
	}
	return 0;
}
