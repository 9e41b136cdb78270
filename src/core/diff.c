/* SPDX-License-Identifier: MIT */
#include "diff.h"
#include "base64.h"
#include "buf.h"
#include "date.h"
#include "text.h"
#include "url.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Redirect wrappers: a host, a path, the parameter that carries the target.
 * Host "google." stands for any google.TLD, with or without "www." or
 * "news."; the other hosts match with or without "www.". */
static const struct wrapper {
	const char *host, *path, *param;
	int base64;          /* the value is "a1" + base64url of the target */
} wrappers[] = {
	{ "google.", "/url", "url", 0 },               /* Google Alerts, Google search */
	{ "google.", "/url", "q", 0 },
	{ "google.", "/news/url", "url", 0 },          /* older Google News links */
	{ "bing.com", "/news/apiclick.aspx", "url", 0 },
	{ "bing.com", "/ck/a", "u", 1 },
	{ "l.facebook.com", "/l.php", "u", 0 },
};

static int
host_matches(const char *host, size_t n, const char *want)
{
	size_t wn = strlen(want);

	if (n > 4 && !strncasecmp(host, "www.", 4))
		host += 4, n -= 4;
	else if (!strcmp(want, "google.") && n > 5 && !strncasecmp(host, "news.", 5))
		host += 5, n -= 5;
	if (strcmp(want, "google."))
		return n == wn && !strncasecmp(host, want, n);
	if (n <= wn || strncasecmp(host, want, wn))
		return 0;
	/* Google's own suffixes: com, a country code, com.CC or co.CC */
	host += wn;
	n -= wn;
	if (n == 3 && !strncasecmp(host, "com", 3))
		return 1;
	if (n > 4 && !strncasecmp(host, "com.", 4))
		host += 4, n -= 4;
	else if (n > 3 && !strncasecmp(host, "co.", 3))
		host += 3, n -= 3;
	return n == 2 && isalpha((unsigned char)host[0]) && isalpha((unsigned char)host[1]);
}

/* base64 or base64url, padding optional; NULL on a bad character */
static char *
base64_decode(const char *s)
{
	rw_buf b;

	rw_buf_init(&b, strlen(s) + 1);
	if (rw_base64_decode(&b, s) < 0) {
		rw_buf_free(&b);
		return NULL;
	}
	if (!b.data && rw_buf_addstr(&b, ""))
		return NULL;
	return rw_buf_steal(&b);
}

/* The target of url if it is one of the wrappers, else NULL. */
static char *
unwrap_once(const char *url)
{
	rw_url_parts u;
	const char *query, *end;
	char *target = NULL;
	size_t i;

	if (rw_url_split(url, &u))
		return NULL;
	query = u.query;
	end = query ? query + strlen(query) : NULL;
	for (i = 0; query && i < sizeof(wrappers) / sizeof(wrappers[0]); i++) {
		const struct wrapper *w = &wrappers[i];
		size_t plen = strlen(w->param);
		const char *q = query;
		if (!host_matches(u.host, strlen(u.host), w->host) || strcasecmp(u.path, w->path))
			continue;
		for (; q < end; q += strcspn(q, "&") + 1) {
			size_t n = strcspn(q, "&");
			if (n > plen && !strncmp(q, w->param, plen) && q[plen] == '=') {
				char *v = rw_url_decode(q + plen + 1, n - plen - 1), *t = v;
				const char *c;
				if (v && w->base64) {
					t = strncmp(v, "a1", 2) ? NULL : base64_decode(v + 2);
					free(v);
				}
				if (!t)
					goto out;
				for (c = t; *c && (unsigned char)*c > 0x20; c++)
					;
				if (!*c && rw_url_is_http(t)) {
					target = t;
					goto out;
				}
				free(t);
				break;
			}
		}
	}
out:
	rw_url_parts_clear(&u);
	return target;
}

/* Can url be one of the wrappers?  Not when it names none of their hosts
 * (in any case) and has no %XX that could spell one: then parsing it for
 * its host and path (unwrap_once) is spared, and most links are such. */
static int
may_be_wrapper(const char *url)
{
	return strchr(url, '%') || strcasestr(url, "google.") || strcasestr(url, "bing.com") ||
	       strcasestr(url, "facebook.com");
}

char *
rw_diff_unwrap_link(const char *url)
{
	char *cur, *next;
	int depth;

	if (!url)
		return NULL;
	while (isspace((unsigned char)*url))
		url++;
	if (!(cur = strdup(url)))
		return NULL;
	for (depth = 0; depth < 4 && may_be_wrapper(cur) && rw_url_is_http(cur) && (next = unwrap_once(cur));
	     depth++) {
		free(cur);
		cur = next;
	}
	return cur;
}

char *
rw_diff_canonical_link(const char *url)
{
	char *real = rw_diff_unwrap_link(url), *out = NULL;

	/* an http:// or https:// address (rw_url_is_http) is the one whose
	 * normal form with RW_URL_HTTPS starts "https://": the address is
	 * parsed once, not once more to ask its scheme */
	if (real)
		out = rw_url_normalise(real, RW_URL_DROP_FRAGMENT | RW_URL_DROP_TRACKING |
		                             RW_URL_HTTPS | RW_URL_DROP_WWW);
	if (out && strncmp(out, "https://", 8)) {
		free(out);
		out = NULL;
	}
	free(real);
	return out;
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

void
rw_diff_keys_clear(rw_diff_keys *k)
{
	free(k->guid_key);
	free(k->link_key);
	free(k->old_key);
	k->guid_key = k->link_key = k->old_key = NULL;
}

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

/* "h:" and the fingerprint of the fields that identify an entry without
 * id or link, malloc'd; NULL when memory ran out.  rank: see
 * rw_diff_identity (0 gives the key older versions gave). */
static char *
hash_key(const rw_diff_entry *e, const char *title, int rank)
{
	char *basis = NULL, *key = NULL, h[17];
	int n;

	if (e->listing_entry) {
		int bare = !(title && *title) && !(e->author && *e->author) && e->published == RW_NO_DATE;
		n = asprintf(&basis, "%lld\x1f%s\x1f%lld\x1f%s\x1f%s", (long long)e->source_id, or_empty(title),
		             (long long)e->published, or_empty(e->author), bare ? or_empty(e->body) : "");
		if (n >= 0 && rank > 0) {
			char *ranked = NULL;
			n = asprintf(&ranked, "%s\x1f#%d", basis, rank);
			free(basis);
			basis = n < 0 ? NULL : ranked;
		}
	} else {
		n = asprintf(&basis, "%lld\x1f%s\x1f%lld", (long long)e->source_id, or_empty(title),
		             (long long)e->published);
	}
	if (n < 0)
		return NULL;
	rw_diff_fingerprint(basis, NULL, -1, h);
	free(basis);
	if (asprintf(&key, "h:%s", h) < 0)
		key = NULL;
	return key;
}

int
rw_diff_identity(const rw_diff_entry *e, rw_diff_keys *out)
{
	memset(out, 0, sizeof(*out));
	if (e->link && !(e->listing_entry && strchr(e->link, '#')) &&
	    !(out->link_key = rw_diff_canonical_link(e->link)) && rw_url_is_http(e->link))
		return -1;
	if (e->guid && *e->guid) {
		if (asprintf(&out->guid_key, "%lld:%s", (long long)e->source_id, e->guid) < 0)
			out->guid_key = NULL;
	} else if (out->link_key) {
		return 0;
	} else if (e->listing_entry && e->author && *e->author) {
		/* author and date, else author and rank: a retitled or edited
		 * review is the same one (older versions also hashed the title,
		 * and did not rank: the first of a kind is looked up by that too) */
		out->guid_key = hash_key(e, NULL, e->rank);
		if (out->guid_key && e->rank == 0 && e->title && *e->title &&
		    !(out->old_key = hash_key(e, e->title, 0)))
			rw_diff_keys_clear(out);
	} else {
		out->guid_key = hash_key(e, e->title, 0);
	}
	if (!out->guid_key) {
		rw_diff_keys_clear(out);
		return -1;
	}
	return 0;
}

int *
rw_diff_listing_ranks(const rw_item *items, size_t n)
{
	int *rank = n ? calloc(n, sizeof(*rank)) : NULL;
	size_t i, j;

	if (!rank)
		return NULL;
	/* quadratic in n, which the parse caps (ITEMS_DEFAULT) */
	for (i = n; i-- > 0;) {
		const rw_item *a = &items[i];
		int64_t da = a->published != RW_NO_DATE ? a->published : a->updated;
		if (!a->author || !*a->author)
			continue;
		for (j = i + 1; j < n; j++) {
			const rw_item *b = &items[j];
			int64_t db = b->published != RW_NO_DATE ? b->published : b->updated;
			if (da == db && b->author && !strcmp(a->author, b->author)) {
				rank[i] = rank[j] + 1;
				break;
			}
		}
	}
	return rank;
}

rw_diff_verdict
rw_diff_judge(const rw_diff_known *k, const char *hash)
{
	int edited = k->source_hash && strcmp(k->source_hash, hash) && (!k->hash || strcmp(k->hash, hash));

	if (edited)
		return RW_DIFF_NEW_VERSION;
	return k->gone && !k->gone_by_link ? RW_DIFF_BACK : RW_DIFF_KEEP;
}

/* ---- word diff (Myers, "An O(ND) difference algorithm", 1986) ---- */

struct word { const char *p; size_t n; };

/* Split s into words; *out malloc'd (NULL when there are none).  -1 when
 * memory ran out or there are more than RW_DIFF_MAX_WORDS words (*n says
 * how many were seen, the caller falls back to a whole replacement). */
static int
split_words(const char *s, struct word **out, size_t *n)
{
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	while (s && *s) {
		size_t len;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		for (len = 0; s[len] && !isspace((unsigned char)s[len]); len++)
			;
		if (*n == RW_DIFF_MAX_WORDS)
			return -1;
		if (*n == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			struct word *nw = realloc(*out, na * sizeof(*nw));
			if (!nw)
				return -1;
			*out = nw;
			alloc = na;
		}
		(*out)[*n].p = s;
		(*out)[(*n)++].n = len;
		s += len;
	}
	return 0;
}

static int
same_word(const struct word *a, const struct word *b)
{
	return a->n == b->n && !memcmp(a->p, b->p, a->n);
}

/* ops[0..n+m) receives the edit script, in order; returns its length, or
 * -1 when the texts are further apart than RW_DIFF_MAX_EDITS or memory ran
 * out.  trace[d] holds V[-d-1 .. d+1] as it was before step d. */
static long
myers(const struct word *a, long n, const struct word *b, long m, unsigned char *ops)
{
	long max = n + m < RW_DIFF_MAX_EDITS ? n + m : RW_DIFF_MAX_EDITS;
	long *v, **trace, d, k, x, y, len = 0, found = -1;

	v = calloc((size_t)(2 * max + 3), sizeof(*v));
	trace = calloc((size_t)(max + 1), sizeof(*trace));
	if (!v || !trace) {
		free(v);
		free(trace);
		return -1;
	}
	v += max + 1;   /* v[k] for k in [-max-1, max+1] */
	for (d = 0; d <= max && found < 0; d++) {
		if (!(trace[d] = malloc((size_t)(2 * d + 3) * sizeof(long))))
			break;
		memcpy(trace[d], v - d - 1, (size_t)(2 * d + 3) * sizeof(long));
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[k - 1] < v[k + 1]))
				x = v[k + 1];
			else
				x = v[k - 1] + 1;
			y = x - k;
			while (x < n && y < m && same_word(&a[x], &b[y]))
				x++, y++;
			v[k] = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
	}
	if (found >= 0) {
		/* walk back from (n, m), writing the script from its end */
		long pos = n + m;
		x = n;
		y = m;
		for (d = found; d >= 0; d--) {
			long *tv = trace[d] + d + 1, pk, px, py;
			k = x - y;
			pk = (k == -d || (k != d && tv[k - 1] < tv[k + 1])) ? k + 1 : k - 1;
			px = d ? tv[pk] : 0;
			py = px - pk;
			while (x > px && y > py) {
				ops[--pos] = RW_DIFF_SAME;
				x--, y--;
			}
			if (d > 0)
				ops[--pos] = x == px ? RW_DIFF_INSERT : RW_DIFF_DELETE;
			x = px;
			y = py;
		}
		len = n + m - pos;
		memmove(ops, ops + pos, (size_t)len);
	}
	for (d = 0; d <= max; d++)
		free(trace[d]);
	free(trace);
	free(v - max - 1);
	return found >= 0 ? len : -1;
}

/* Emit words w[0..n) as one run joined by single spaces. */
static int
emit_run(rw_buf *b, rw_diff_op op, const struct word *w, size_t n,
         int (*fn)(rw_diff_op, const char *, size_t, void *), void *data, int *stop)
{
	size_t i;

	if (!n || *stop)
		return 0;
	rw_buf_reset(b);
	for (i = 0; i < n; i++)
		if ((i && rw_buf_addc(b, ' ') < 0) || rw_buf_add(b, w[i].p, w[i].n) < 0)
			return -1;
	*stop = fn(op, b->data ? b->data : "", b->len, data) != 0;
	return 0;
}

int
rw_diff_words(const char *as, const char *bs,
              int (*fn)(rw_diff_op, const char *, size_t, void *), void *data)
{
	struct word *a = NULL, *b = NULL, *del = NULL, *ins = NULL;
	unsigned char *ops = NULL;
	size_t n = 0, m = 0, pre = 0, suf = 0, nd = 0, ni = 0, ns = 0, i, ia, ib;
	long len = -1;
	int rc = -1, stop = 0, too_many;
	rw_buf out;

	rw_buf_init(&out, (size_t)-1 / 2);
	too_many = split_words(as, &a, &n) < 0 || split_words(bs, &b, &m) < 0;
	if (too_many && n < RW_DIFF_MAX_WORDS && m < RW_DIFF_MAX_WORDS)
		goto out;   /* out of memory */
	if (!too_many) {
		/* common ends first: most edits touch a few words in the middle */
		while (pre < n && pre < m && same_word(&a[pre], &b[pre]))
			pre++;
		while (suf < n - pre && suf < m - pre && same_word(&a[n - 1 - suf], &b[m - 1 - suf]))
			suf++;
		if (!(ops = malloc(n + m - 2 * pre - 2 * suf + 1)))
			goto out;
		len = myers(a + pre, (long)(n - pre - suf), b + pre, (long)(m - pre - suf), ops);
	}
	if (len < 0) {
		/* too long or too different: one replacement */
		if (too_many) {
			struct word wa = { as ? as : "", as ? strlen(as) : 0 }, wb = { bs ? bs : "", bs ? strlen(bs) : 0 };
			if (emit_run(&out, RW_DIFF_DELETE, &wa, wa.n ? 1 : 0, fn, data, &stop) < 0 ||
			    emit_run(&out, RW_DIFF_INSERT, &wb, wb.n ? 1 : 0, fn, data, &stop) < 0)
				goto out;
		} else if (emit_run(&out, RW_DIFF_SAME, a, pre, fn, data, &stop) < 0 ||
		           emit_run(&out, RW_DIFF_DELETE, a + pre, n - pre - suf, fn, data, &stop) < 0 ||
		           emit_run(&out, RW_DIFF_INSERT, b + pre, m - pre - suf, fn, data, &stop) < 0 ||
		           emit_run(&out, RW_DIFF_SAME, a + n - suf, suf, fn, data, &stop) < 0) {
			goto out;
		}
		rc = 0;
		goto out;
	}
	del = malloc((n + 1) * sizeof(*del));
	ins = malloc((m + 1) * sizeof(*ins));
	if (!del || !ins)
		goto out;
	if (emit_run(&out, RW_DIFF_SAME, a, pre, fn, data, &stop) < 0)
		goto out;
	ia = pre;
	ib = pre;
	for (i = 0; i <= (size_t)len; i++) {
		int op = i < (size_t)len ? ops[i] : -1;
		if (op != RW_DIFF_SAME && ns) {
			if (emit_run(&out, RW_DIFF_SAME, a + ia - ns, ns, fn, data, &stop) < 0)
				goto out;
			ns = 0;
		}
		if (op == RW_DIFF_SAME || op < 0) {
			if (emit_run(&out, RW_DIFF_DELETE, del, nd, fn, data, &stop) < 0 ||
			    emit_run(&out, RW_DIFF_INSERT, ins, ni, fn, data, &stop) < 0)
				goto out;
			nd = ni = 0;
		}
		if (op == RW_DIFF_SAME) {
			ns++;
			ia++;
			ib++;
		} else if (op == RW_DIFF_DELETE) {
			del[nd++] = a[ia++];
		} else if (op == RW_DIFF_INSERT) {
			ins[ni++] = b[ib++];
		}
	}
	if (emit_run(&out, RW_DIFF_SAME, a + n - suf, suf, fn, data, &stop) < 0)
		goto out;
	rc = 0;
out:
	rw_buf_free(&out);
	free(a);
	free(b);
	free(del);
	free(ins);
	free(ops);
	return rc;
}

struct plain { rw_buf b; int failed; };

static int
add_plain(rw_diff_op op, const char *text, size_t len, void *data)
{
	struct plain *p = data;

	if ((p->b.len && rw_buf_addc(&p->b, ' ') < 0) ||
	    rw_buf_addstr(&p->b, op == RW_DIFF_DELETE ? "[-" : op == RW_DIFF_INSERT ? "{+" : "") < 0 ||
	    rw_buf_add(&p->b, text, len) < 0 ||
	    rw_buf_addstr(&p->b, op == RW_DIFF_DELETE ? "-]" : op == RW_DIFF_INSERT ? "+}" : "") < 0)
		p->failed = 1;
	return p->failed;
}

char *
rw_diff_words_plain(const char *a, const char *b)
{
	struct plain p;

	memset(&p, 0, sizeof(p));
	rw_buf_init(&p.b, (size_t)-1 / 2);
	if (rw_diff_words(a, b, add_plain, &p) < 0 || p.failed || rw_buf_addstr(&p.b, "") < 0) {
		rw_buf_free(&p.b);
		return NULL;
	}
	return rw_buf_steal(&p.b);
}
