#include "diff.h"
#include "buf.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
is_tracking(const char *param, size_t n)
{
	static const char *const exact[] = {
		"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
		"_hsenc", "_hsmi", "ref_src", "oc", "ved", "ei",
	};
	size_t i;

	if (n > 4 && !strncasecmp(param, "utm_", 4))
		return 1;
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strlen(exact[i]) == n && !strncasecmp(param, exact[i], n))
			return 1;
	return 0;
}

char *
rw_diff_canonical_link(const char *url)
{
	const char *p, *host, *path, *query, *frag;
	rw_buf b;
	int first = 1;

	if (!url)
		return NULL;
	while (isspace((unsigned char)*url))
		url++;
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
		return NULL;
	rw_buf_init(&b, 64 * 1024);
	host = strstr(url, "://") + 3;
	/* scheme lowercased; http and https are the same page */
	rw_buf_addstr(&b, "https://");
	path = host + strcspn(host, "/?#");
	for (p = host; p < path; p++)
		rw_buf_addc(&b, (char)tolower((unsigned char)*p));
	if (b.len > 8 + 4 && !strncmp(b.data + 8, "www.", 4))
		memmove(b.data + 8, b.data + 12, b.len - 12 + 1), b.len -= 4;
	frag = strchr(path, '#');
	query = strchr(path, '?');
	if (frag && query && query > frag)
		query = NULL;
	{
		const char *pend = query ? query : frag ? frag : path + strlen(path);
		if (pend == path)
			rw_buf_addc(&b, '/');
		else
			rw_buf_add(&b, path, (size_t)(pend - path));
	}
	if (query) {
		const char *q = query + 1, *qend = frag ? frag : query + strlen(query);
		while (q < qend) {
			const char *amp = memchr(q, '&', (size_t)(qend - q));
			const char *e = amp ? amp : qend;
			size_t namelen = strcspn(q, "=&#");
			if (namelen > (size_t)(e - q))
				namelen = (size_t)(e - q);
			if (e > q && !is_tracking(q, namelen)) {
				rw_buf_addc(&b, first ? '?' : '&');
				rw_buf_add(&b, q, (size_t)(e - q));
				first = 0;
			}
			q = amp ? amp + 1 : qend;
		}
	}
	return rw_buf_steal(&b);
}

/* whitespace runs count as one space, ends trimmed */
static void
add_squeezed(rw_buf *b, const char *s)
{
	int space = 0;

	if (!s)
		return;
	while (isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space)
			rw_buf_addc(b, ' ');
		space = 0;
		rw_buf_addc(b, *s);
	}
}

void
rw_diff_fingerprint(const char *title, const char *body, double rating, char out[17])
{
	rw_buf b;
	uint64_t h;

	rw_buf_init(&b, (size_t)-1 / 2);
	add_squeezed(&b, title);
	rw_buf_addc(&b, '\x1f');
	add_squeezed(&b, body);
	rw_buf_printf(&b, "\x1f%g", rating < 0 ? -1.0 : rating);
	h = rw_text_hash(b.data);
	rw_buf_free(&b);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}
