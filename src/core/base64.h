/* SPDX-License-Identifier: MIT */
/* base64.h - base64 both ways (RFC 4648).
 *
 * Owns: the one encoder (the standard alphabet, padded: MIME bodies and
 * encoded words) and the one decoder (the standard and the URL-safe
 * alphabets, padding optional, white space skipped: feed content marked
 * base64, URL wrappers that carry their target in base64url).
 * Must not: know what the bytes are for; it appends to a capped buffer.
 */
#ifndef RW_BASE64_H
#define RW_BASE64_H

#include <stddef.h>

#include "buf.h"

/* Append the base64 of n bytes at p to b.  0, or -1 when b's cap would be
 * passed or memory ran out. */
int rw_base64_encode(rw_buf *b, const void *p, size_t n);

/* Append the bytes s encodes to b; decoding stops at the first '='.
 * 0; -1 when s has a character of neither alphabet (b keeps what came
 * before it); -2 when b's cap was reached or memory ran out (b keeps
 * what fit). */
int rw_base64_decode(rw_buf *b, const char *s);

#endif
