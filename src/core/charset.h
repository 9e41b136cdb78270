/* SPDX-License-Identifier: MIT */
/* charset.h - from fetched bytes in some charset to UTF-8.
 *
 * Owns: the charset decision for XML (RFC 7303 as feedparser applies it:
 * byte order mark, then the HTTP charset, then UTF-16/32 sniffing and the
 * XML declaration, then UTF-8) and for HTML (BOM, HTTP charset, then a
 * <meta charset> anywhere in the first megabyte, not only in the first 1024
 * bytes), and the conversion (iconv) with its real-world fallbacks:
 * ISO-8859-1 and US-ASCII read as windows-1252 (as browsers do), bytes
 * that are valid UTF-8 win over a declaration that lies when no HTTP
 * charset was given, and bytes invalid in the chosen charset fall back to
 * UTF-8 then windows-1252.  The output is valid UTF-8 with no byte order
 * mark and none of the control characters XML 1.0 forbids.
 * Must not: parse XML or HTML beyond the prolog and <meta> sniffing.
 */
#ifndef RW_CHARSET_H
#define RW_CHARSET_H

#include <stddef.h>

typedef struct rw_decoded {
	char *data;          /* UTF-8, NUL-terminated; free with rw_decoded_free */
	size_t len;
	char *encoding;      /* charset actually used, lowercase ("utf-8", "windows-1252"...) */
	int overridden;      /* 1: a declared charset (HTTP or document) did not fit the bytes */
	char note[256];      /* why, when overridden or when a declared name was unknown; "" otherwise */
} rw_decoded;

/* Decode an XML document.  content_type is the HTTP Content-Type or NULL.
 * Returns 0, or -1 when memory ran out (out is then empty). */
int rw_charset_decode_xml(const char *data, size_t len, const char *content_type, rw_decoded *out);

/* Decode an HTML page (BOM, HTTP charset, <meta>, else UTF-8 when the bytes
 * are valid UTF-8, else windows-1252).  Returns 0 or -1 (out of memory). */
int rw_charset_decode_html(const char *data, size_t len, const char *content_type, rw_decoded *out);

void rw_decoded_free(rw_decoded *d);

/* The charset parameter of a Content-Type header, lowercased, or NULL. */
char *rw_charset_from_content_type(const char *content_type);

#endif
