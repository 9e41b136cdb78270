/* SPDX-License-Identifier: MIT */
/* base64.c: RFC 4648's test vectors both ways, the URL-safe alphabet,
 * white space, bad characters and the buffer's cap. */
#include "base64.h"
#include "tap.h"

#include <string.h>

static const char *const vectors[][2] = {
	{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
};

static void
decodes(const char *in, int want_rc, const char *want, size_t max, const char *what)
{
	rw_buf b;
	int rc;

	rw_buf_init(&b, max);
	rc = rw_base64_decode(&b, in);
	ok(rc == want_rc && (!want || !strcmp(b.data ? b.data : "", want)), "%s: '%s' -> rc %d '%s'", what, in, rc,
	   b.data ? b.data : "");
	rw_buf_free(&b);
}

int
main(void)
{
	const unsigned char high[] = { 0xfb, 0xff, 0xfe };
	rw_buf b;
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		rw_buf_init(&b, 100);
		ok(rw_base64_encode(&b, vectors[i][0], strlen(vectors[i][0])) == 0, "encode '%s'", vectors[i][0]);
		is_str(b.data ? b.data : "", vectors[i][1], "encode '%s'", vectors[i][0]);
		rw_buf_free(&b);
		decodes(vectors[i][1], 0, vectors[i][0], 100, "decode");
	}
	/* the two alphabets: "+/" standard, "-_" URL-safe */
	rw_buf_init(&b, 100);
	rw_base64_encode(&b, high, sizeof(high));
	is_str(b.data, "+//+", "bytes 0xfb 0xff 0xfe use the standard alphabet");
	rw_buf_free(&b);
	decodes("+//+", 0, "\xfb\xff\xfe", 100, "standard alphabet");
	decodes("-__-", 0, "\xfb\xff\xfe", 100, "URL-safe alphabet");
	decodes("Zm9vYmFy", 0, "foobar", 100, "no padding needed");
	decodes("Zm9vYg", 0, "foob", 100, "padding optional");
	decodes("Zm9v\n YmFy\r\n", 0, "foobar", 100, "white space (MIME lines) skipped");
	decodes("aHR0cHM6Ly9leGFtcGxlLm9yZy8", 0, "https://example.org/", 100, "a URL in base64url");
	decodes("Zm9v*mFy", -1, "foo", 100, "a bad character: -1, what came before kept");
	decodes("Zm9vYmFy", -2, "foob", 4, "the cap: -2, what fit kept");
	/* encoding respects the cap too */
	rw_buf_init(&b, 5);
	ok(rw_base64_encode(&b, "foobar", 6) == -1 && b.len == 4, "encoding past the cap: -1, whole groups kept");
	rw_buf_free(&b);
	return tap_done();
}
