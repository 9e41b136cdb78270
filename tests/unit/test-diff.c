#include "diff.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static void
canon(const char *in, const char *want)
{
	char *got = rw_diff_canonical_link(in);
	is_str(got, want, "canonical '%s'", in ? in : "(null)");
	free(got);
}

int
main(void)
{
	char a[17], b[17];

	canon("https://www.Example.org/a?utm_source=x&id=3&utm_medium=y#top", "https://example.org/a?id=3");
	canon("http://example.org", "https://example.org/");
	canon("https://example.org/p?fbclid=abc", "https://example.org/p");
	canon("https://example.org/p?q=1&gclid=z&r=2", "https://example.org/p?q=1&r=2");
	canon("ftp://example.org/x", NULL);
	canon(NULL, NULL);

	rw_diff_fingerprint("Title", "Body text", 4, a);
	rw_diff_fingerprint("Title", "Body text", 4, b);
	ok(!strcmp(a, b), "same content, same fingerprint");
	rw_diff_fingerprint("Title", "Body text edited", 4, b);
	ok(strcmp(a, b), "edited text, new fingerprint");
	rw_diff_fingerprint("Title", "Body text", 2, b);
	ok(strcmp(a, b), "changed rating, new fingerprint");
	is_int((long long)strlen(a), 16, "16 hex digits");
	return tap_done();
}
