/* SPDX-License-Identifier: MIT */
#include "refilter.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- what a piece of a pattern says about the text it matches ----
 *
 * For each part of the pattern, either the exact set of strings it can
 * match (small: "(le|un) " is {"le ", "un "}), or a set of strings one of
 * which every match contains, or nothing known.  Concatenation crosses
 * exact sets while they stay small and otherwise keeps the more selective
 * side; alternation unites; an optional part is exact with "" added; a
 * part that repeats at least once keeps what it needs.  Anything else reads
 * as "matches anything", which only makes the filter let more through. */

#define EXACT_MAX 16     /* strings in an exact set */
#define MATCH_MAX 64     /* strings in a "contains one of" set */
#define STR_MAX 64       /* bytes in one string (a prefix of a needed string is needed too) */
#define MORE_MIN_LEN 2   /* the shortest string of a set that is not the best one:
                          * a further set is looked for only where the best is
                          * found, once a text, and "10|dix" or "sep" still rules
                          * out most texts a costly pattern would read whole */
#define CONJ_MAX 4       /* sets a branch needs all of ("vaccin" and "caus|provoqu" and "autis") */

struct sset {
	int valid;
	size_t n;
	char *s[MATCH_MAX];
};

struct info {
	struct sset exact;   /* valid: the part matches exactly one of these */
	struct sset match;   /* valid: any match of the part contains one of these */
	/* and, from a branch of several parts, what else every match
	 * contains one of; any other step drops them (never wrong) */
	struct sset more[CONJ_MAX - 1];
	size_t nmore;
};

/* An empty set, invalid: only the header is written (the strings past n
 * are never read), since a set is half a kilobyte and the parser makes one
 * per byte of a pattern. */
static void
sset_init(struct sset *s)
{
	s->valid = 0;
	s->n = 0;
}

static void
info_init(struct info *in)
{
	sset_init(&in->exact);
	sset_init(&in->match);
	in->nmore = 0;
}

static void
sset_clear(struct sset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->s[i]);
	s->n = 0;
	s->valid = 0;
}

static void
info_clear(struct info *in)
{
	size_t i;

	sset_clear(&in->exact);
	sset_clear(&in->match);
	for (i = 0; i < in->nmore; i++)
		sset_clear(&in->more[i]);
	in->nmore = 0;
}

/* Add str (len bytes) unless already there.  -1 on memory, 1 when full. */
static int
sset_add(struct sset *s, const char *str, size_t len, size_t max)
{
	size_t i;
	char *c;

	for (i = 0; i < s->n; i++)
		if (strlen(s->s[i]) == len && !memcmp(s->s[i], str, len))
			return 0;
	if (s->n >= max)
		return 1;
	if (!(c = malloc(len + 1)))
		return -1;
	memcpy(c, str, len);
	c[len] = '\0';
	s->s[s->n++] = c;
	return 0;
}

/* The part matches anything: nothing known. */
static void
info_any(struct info *in)
{
	info_clear(in);
}

/* The part matches exactly one of the bytes in set (or the empty string). */
static int
info_bytes(struct info *in, const unsigned char *set, size_t nset)
{
	size_t i;

	info_clear(in);
	in->exact.valid = 1;
	for (i = 0; i < nset; i++) {
		char c = (char)set[i];
		if (sset_add(&in->exact, &c, 1, EXACT_MAX))
			return -1;
	}
	return 0;
}

static int
info_empty(struct info *in)
{
	info_clear(in);
	in->exact.valid = 1;
	return sset_add(&in->exact, "", 0, EXACT_MAX) < 0 ? -1 : 0;
}

/* What a match must contain, as a set: from the exact set if known.
 * Invalid when a match can be empty or nothing is known. */
static int
to_match(const struct info *in, struct sset *out)
{
	size_t i;

	sset_init(out);
	if (in->exact.valid) {
		out->valid = 1;
		for (i = 0; i < in->exact.n; i++) {
			size_t len = strlen(in->exact.s[i]);
			if (!len) {
				sset_clear(out);
				return 0;
			}
			if (sset_add(out, in->exact.s[i], len > STR_MAX ? STR_MAX : len, MATCH_MAX) < 0) {
				sset_clear(out);
				return -1;
			}
		}
		return 0;
	}
	if (!in->match.valid)
		return 0;
	out->valid = 1;
	for (i = 0; i < in->match.n; i++)
		if (sset_add(out, in->match.s[i], strlen(in->match.s[i]), MATCH_MAX) < 0) {
			sset_clear(out);
			return -1;
		}
	return 0;
}

/* The shortest string of a set: the larger, the fewer texts let through. */
static size_t
min_len(const struct sset *s)
{
	size_t i, m = SIZE_MAX;

	for (i = 0; i < s->n; i++)
		if (strlen(s->s[i]) < m)
			m = strlen(s->s[i]);
	return s->n ? m : 0;
}

/* Is a more selective than b?  Longer shortest string first, then fewer. */
static int
better(const struct sset *a, const struct sset *b)
{
	size_t la, lb;

	if (!a->valid)
		return 0;
	if (!b->valid)
		return 1;
	la = min_len(a);
	lb = min_len(b);
	if (la != lb)
		return la > lb;
	return a->n < b->n;
}

/* to_match, emptying in: a set that is already "contains one of" is
 * moved, not copied (an alternation of many words adds them one at a
 * time, and would copy the set it grows at each). */
static int
take_match(struct info *in, struct sset *out)
{
	if (in->exact.valid || !in->match.valid)
		return to_match(in, out);
	*out = in->match;
	sset_init(&in->match);
	return 0;
}

/* What a and b need, into ma and mb; a and b are emptied. */
static int
both_match(struct info *a, struct info *b, struct sset *ma, struct sset *mb)
{
	if (take_match(a, ma) < 0 || take_match(b, mb) < 0) {
		sset_clear(ma);
		info_clear(b);
		return -1;
	}
	info_clear(a);
	info_clear(b);
	return 0;
}

/* a = a followed by b; b is consumed. */
static int
info_concat(struct info *a, struct info *b)
{
	struct sset ma, mb;
	size_t i, j;

	if (a->exact.valid && b->exact.valid && b->exact.n == 1 && a->exact.n <= EXACT_MAX) {
		/* one string after each (a literal byte, the common case): appended
		 * in place, as the crossing below would write them, when all fit */
		size_t lb = strlen(b->exact.s[0]);
		for (i = 0; i < a->exact.n && strlen(a->exact.s[i]) + lb <= STR_MAX; i++)
			;
		if (i == a->exact.n) {
			for (i = 0; i < a->exact.n; i++) {
				size_t la = strlen(a->exact.s[i]);
				char *s = realloc(a->exact.s[i], la + lb + 1);
				if (!s) {
					info_clear(b);
					return -1;
				}
				memcpy(s + la, b->exact.s[0], lb + 1);
				a->exact.s[i] = s;
			}
			info_clear(b);
			return 0;
		}
	}
	if (a->exact.valid && b->exact.valid && a->exact.n * b->exact.n <= EXACT_MAX) {
		struct sset x;
		int ok = 1;
		sset_init(&x);
		x.valid = 1;
		for (i = 0; i < a->exact.n && ok; i++)
			for (j = 0; j < b->exact.n && ok; j++) {
				size_t la = strlen(a->exact.s[i]), lb = strlen(b->exact.s[j]);
				char buf[2 * STR_MAX + 1];
				if (la + lb > STR_MAX) {
					ok = 0;
					break;
				}
				memcpy(buf, a->exact.s[i], la);
				memcpy(buf + la, b->exact.s[j], lb);
				if (sset_add(&x, buf, la + lb, EXACT_MAX) < 0) {
					sset_clear(&x);
					info_clear(b);
					return -1;
				}
			}
		if (ok) {
			info_clear(a);
			info_clear(b);
			a->exact = x;
			return 0;
		}
		sset_clear(&x);
	}
	if (both_match(a, b, &ma, &mb) < 0)
		return -1;
	if (better(&mb, &ma)) {
		a->match = mb;
		sset_clear(&ma);
	} else {
		a->match = ma;
		sset_clear(&mb);
	}
	return 0;
}

/* a = a or b; b is consumed. */
static int
info_alt(struct info *a, struct info *b)
{
	struct sset ma, mb;
	size_t i;
	int rc = 0;

	if (a->exact.valid && b->exact.valid && a->exact.n + b->exact.n <= EXACT_MAX) {
		for (i = 0; i < b->exact.n && rc == 0; i++)
			rc = sset_add(&a->exact, b->exact.s[i], strlen(b->exact.s[i]), EXACT_MAX);
		info_clear(b);
		return rc < 0 ? -1 : 0;
	}
	if (both_match(a, b, &ma, &mb) < 0)
		return -1;
	if (ma.valid && mb.valid) {
		for (i = 0; i < mb.n && rc == 0; i++)
			rc = sset_add(&ma, mb.s[i], strlen(mb.s[i]), MATCH_MAX);
		if (rc == 0)
			a->match = ma;
		else
			sset_clear(&ma);
	} else {
		sset_clear(&ma);
	}
	sset_clear(&mb);
	return rc < 0 ? -1 : 0;
}

/* ---- reading the pattern (glibc's POSIX ERE) ---- */

struct rd {
	const char *p;
	int bad;     /* syntax it does not model: the whole pattern is "anything" */
	int oom;
	int depth;
};

static int parse_alt(struct rd *r, struct info *out);

/* A bracket expression after '['; sets *p past ']'. */
static void
parse_bracket(struct rd *r, struct info *out)
{
	unsigned char in[256] = { 0 }, set[8];
	size_t n = 0, i;
	int neg = 0, first = 1, wide = 0;
	const char *p = r->p;

	if (*p == '^') {
		neg = 1;
		p++;
	}
	for (;;) {
		unsigned char c = (unsigned char)*p;
		if (!c) {
			r->bad = 1;
			return;
		}
		if (c == ']' && !first)
			break;
		first = 0;
		if (c == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char close = p[1];
			const char *e = p + 2;
			while (*e && !(e[0] == close && e[1] == ']'))
				e++;
			if (!*e) {
				r->bad = 1;
				return;
			}
			wide = 1;    /* a class or an equivalence: more than we keep */
			p = e + 2;
			continue;
		}
		if (p[1] == '-' && p[2] == '[' && (p[3] == '.' || p[3] == '=' || p[3] == ':')) {
			wide = 1;    /* a range ending in a collating element: not modelled */
			p += 2;
			continue;
		}
		if (p[1] == '-' && p[2] && p[2] != ']') {
			unsigned char hi = (unsigned char)p[2];
			unsigned k;
			for (k = c; k <= hi; k++)
				in[k] = 1;
			p += 3;
			continue;
		}
		in[c] = 1;
		p++;
	}
	r->p = p + 1;
	if (neg || wide) {
		info_any(out);
		return;
	}
	for (i = 1; i < 256; i++)
		if (in[i]) {
			if (n == sizeof(set)) {
				info_any(out);
				return;
			}
			set[n++] = (unsigned char)i;
		}
	if (!n) {
		info_any(out);
		return;
	}
	if (info_bytes(out, set, n) < 0)
		r->oom = 1;
}

static void
parse_atom(struct rd *r, struct info *out)
{
	unsigned char c = (unsigned char)*r->p;

	switch (c) {
	case '(':
		r->p++;
		if (++r->depth > 64) {
			r->bad = 1;
			return;
		}
		if (parse_alt(r, out) < 0)
			return;
		r->depth--;
		if (*r->p != ')') {
			r->bad = 1;
			return;
		}
		r->p++;
		return;
	case '[':
		r->p++;
		parse_bracket(r, out);
		return;
	case '.':
		r->p++;
		info_any(out);
		return;
	case '^': case '$':
		r->p++;
		if (info_empty(out) < 0)
			r->oom = 1;
		return;
	case '\\': {
		unsigned char e = (unsigned char)r->p[1];
		if (!e) {
			r->bad = 1;
			return;
		}
		r->p += 2;
		if (strchr("bB<>`'", e)) {          /* zero-width */
			if (info_empty(out) < 0)
				r->oom = 1;
		} else if (isalnum(e)) {            /* \w \s, back-references, ... */
			info_any(out);
		} else if (info_bytes(out, &e, 1) < 0) {
			r->oom = 1;
		}
		return;
	}
	case '*': case '+': case '?': case '{': case ')': case '|': case '\0':
		r->bad = 1;   /* a quantifier with nothing before it: not modelled */
		return;
	default:
		r->p++;
		if (info_bytes(out, &c, 1) < 0)
			r->oom = 1;
		return;
	}
}

/* "{m}", "{m,}", "{m,n}" after '{'; -1 when it is not one. */
static int
parse_interval(struct rd *r, long *min)
{
	char *end;
	const char *p = r->p;

	if (!isdigit((unsigned char)*p))
		return -1;
	*min = strtol(p, &end, 10);
	p = end;
	if (*p == ',') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '}')
		return -1;
	r->p = p + 1;
	return 0;
}

static void
parse_piece(struct rd *r, struct info *out)
{
	parse_atom(r, out);
	while (!r->bad && !r->oom) {
		char q = *r->p;
		long min;
		struct sset m;
		if (q == '*' || q == '?') {
			r->p++;
			min = 0;
		} else if (q == '+') {
			r->p++;
			min = 1;
		} else if (q == '{') {
			r->p++;
			if (parse_interval(r, &min) < 0) {
				r->bad = 1;
				return;
			}
		} else {
			return;
		}
		if (min == 0) {
			/* optional: exact with "" added, when it was exact */
			if (q == '?' && out->exact.valid && out->exact.n < EXACT_MAX) {
				if (sset_add(&out->exact, "", 0, EXACT_MAX) < 0)
					r->oom = 1;
			} else {
				info_any(out);
			}
			continue;
		}
		/* at least once: what one repetition needs */
		if (to_match(out, &m) < 0) {
			r->oom = 1;
			return;
		}
		info_clear(out);
		out->match = m;
	}
}

/* Keep m among the sets a branch needs all of: the CONJ_MAX most
 * selective.  m is consumed. */
static void
keep(struct sset *conj, size_t *n, struct sset *m)
{
	size_t i, worst = 0;

	if (!m->valid || !m->n) {
		sset_clear(m);
		return;
	}
	if (*n < CONJ_MAX) {
		conj[(*n)++] = *m;
		return;
	}
	for (i = 1; i < *n; i++)
		if (better(&conj[worst], &conj[i]))
			worst = i;
	if (better(m, &conj[worst])) {
		sset_clear(&conj[worst]);
		conj[worst] = *m;
	} else {
		sset_clear(m);
	}
}

/* What a piece that is not exact needs, into conj. */
static int
keep_piece(struct sset *conj, size_t *n, struct info *piece)
{
	struct sset m;
	size_t i;

	if (to_match(piece, &m) < 0)
		return -1;
	keep(conj, n, &m);
	for (i = 0; i < piece->nmore; i++) {
		keep(conj, n, &piece->more[i]);
		sset_init(&piece->more[i]);
	}
	piece->nmore = 0;
	return 0;
}

/* A branch: runs of exact pieces are crossed into one exact set while it
 * stays small ("le " "cancer" is "le cancer"); the branch needs one string
 * of each of its runs and other pieces: the most selective are kept, the
 * best first. */
static int
parse_branch(struct rd *r, struct info *out)
{
	struct info run, piece;
	struct sset conj[CONJ_MAX], m;
	size_t nconj = 0, i, best;
	int all_exact = 1;

	info_init(&run);
	info_init(&piece);
	if (info_empty(&run) < 0)
		goto oom;
	while (*r->p && *r->p != '|' && *r->p != ')') {
		info_init(&piece);
		parse_piece(r, &piece);
		if (r->bad || r->oom)
			goto fail;
		if (piece.exact.valid && run.exact.n * piece.exact.n <= EXACT_MAX) {
			if (info_concat(&run, &piece) < 0)
				goto oom;
			if (run.exact.valid)
				continue;
			/* too long to stay exact: what it needs is kept */
			all_exact = 0;
			keep(conj, &nconj, &run.match);
			sset_init(&run.match);
			if (info_empty(&run) < 0)
				goto oom;
			continue;
		}
		all_exact = 0;
		if (to_match(&run, &m) < 0)
			goto oom;
		keep(conj, &nconj, &m);
		if (piece.exact.valid) {          /* starts a new run */
			info_clear(&run);
			run = piece;
			info_init(&piece);
			continue;
		}
		if (keep_piece(conj, &nconj, &piece) < 0)
			goto oom;
		info_clear(&piece);
		if (info_empty(&run) < 0)
			goto oom;
	}
	info_clear(out);
	if (all_exact) {
		*out = run;
		return 0;
	}
	if (to_match(&run, &m) < 0)
		goto oom;
	keep(conj, &nconj, &m);
	info_clear(&run);
	if (!nconj)
		return 0;
	for (best = 0, i = 1; i < nconj; i++)
		if (better(&conj[i], &conj[best]))
			best = i;
	out->match = conj[best];
	for (i = 0; i < nconj; i++)
		if (i != best)
			out->more[out->nmore++] = conj[i];
	return 0;
oom:
	r->oom = 1;
fail:
	info_clear(&piece);
	info_clear(&run);
	for (i = 0; i < nconj; i++)
		sset_clear(&conj[i]);
	return -1;
}

static int
parse_alt(struct rd *r, struct info *out)
{
	if (parse_branch(r, out) < 0)
		return -1;
	while (*r->p == '|') {
		struct info b;
		r->p++;
		info_init(&b);
		if (parse_branch(r, &b) < 0) {
			info_clear(&b);
			return -1;
		}
		if (info_alt(out, &b) < 0) {
			r->oom = 1;
			return -1;
		}
	}
	return 0;
}

/* "contains 'ab' or 'xaby'" is "contains 'ab'": drop the longer. */
static void
drop_superstrings(struct sset *set)
{
	size_t i, j, k;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->n; j++)
			if (i != j && strlen(set->s[j]) > strlen(set->s[i]) && strstr(set->s[j], set->s[i])) {
				free(set->s[j]);
				for (k = j; k + 1 < set->n; k++)
					set->s[k] = set->s[k + 1];
				set->n--;
				if (j < i)
					i--;
				j--;
			}
}

/* The sets of strings a match of pattern must contain one of each, into
 * sets[0..*n), the most selective first; *n = 0 when nothing is known.
 * -1 on memory. */
static int
needed(const char *pattern, struct sset *sets, size_t *n)
{
	struct rd r = { pattern, 0, 0, 0 };
	struct info in;
	size_t i;

	*n = 0;
	info_init(&in);
	if (parse_alt(&r, &in) < 0 || *r.p) {
		info_clear(&in);
		return r.oom ? -1 : 0;
	}
	if (to_match(&in, &sets[0]) < 0) {
		info_clear(&in);
		return -1;
	}
	if (!sets[0].valid || !sets[0].n) {
		sset_clear(&sets[0]);
		info_clear(&in);
		return 0;
	}
	*n = 1;
	/* a further set of one-byte strings (" ", "a") is in every text: only
	 * the best set may be that short */
	for (i = 0; i < in.nmore; i++)
		if (min_len(&in.more[i]) >= MORE_MIN_LEN) {
			sets[(*n)++] = in.more[i];
			sset_init(&in.more[i]);
		}
	info_clear(&in);
	for (i = 0; i < *n; i++)
		drop_superstrings(&sets[i]);
	return 0;
}

static void
sets_clear(struct sset *sets, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sset_clear(&sets[i]);
}

char **
rw_refilter_literals(const char *pattern, size_t *n)
{
	struct sset sets[CONJ_MAX];
	size_t nsets;
	char **v;

	*n = 0;
	if (needed(pattern, sets, &nsets) < 0 || !nsets)
		return NULL;
	if (!(v = malloc(sets[0].n * sizeof(*v)))) {
		sets_clear(sets, nsets);
		return NULL;
	}
	memcpy(v, sets[0].s, sets[0].n * sizeof(*v));
	*n = sets[0].n;
	sets[0].n = 0;
	sets_clear(sets, nsets);
	return v;
}

size_t
rw_refilter_conjuncts(const char *pattern)
{
	struct sset sets[CONJ_MAX];
	size_t nsets;

	if (needed(pattern, sets, &nsets) < 0)
		return 0;
	sets_clear(sets, nsets);
	return nsets;
}

void
rw_refilter_strings_free(char **s, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

/* ---- many patterns at once: Aho-Corasick over their strings ---- */

struct lit { char *s; size_t id; unsigned bit; };

struct rw_refilter {
	size_t nids;
	struct lit *lits;
	size_t nlits, alloc_lits;
	unsigned char *need;     /* per id: the bit of each set it needs a string of (0: always run) */
	size_t alloc_need;
	/* the automaton: a full transition table over byte classes */
	int built;
	unsigned char cls[256];  /* byte -> class; 0: a byte no string has */
	size_t ncls, nstates;
	uint32_t *delta;         /* nstates * ncls, while building */
	/* for the scan: the target of each edge, with FOUND when reaching it
	 * finds a string (its own or a suffix's), so that a byte costs one
	 * read; 16-bit while the states fit, half the cache */
	uint16_t *small;
	uint32_t *large;
	uint32_t *dict;          /* nearest proper suffix state with output, 0 none */
	uint32_t *out_start;     /* nstates + 1: outputs of s are out[out_start[s]..out_start[s+1]) */
	struct lit *out;         /* .s unused there */
	/* a pattern's further sets are not in the automaton (they made it a
	 * table too large for the caches): they are looked for, with strstr,
	 * in the few texts where its best set was found */
	uint32_t *more_start;    /* nids + 1: lits of id's further sets are more[more_start[id]..] */
	uint32_t *more;
	/* the same further string serves many patterns ("vaccin", "autis"):
	 * numbered once (more_u[k] for more[k]), it is looked for once a text */
	uint32_t *more_u;
	size_t nuniq;
};

rw_refilter *
rw_refilter_new(void)
{
	return calloc(1, sizeof(rw_refilter));
}

static void
drop_automaton(rw_refilter *f)
{
	free(f->delta);
	free(f->small);
	free(f->large);
	f->small = NULL;
	f->large = NULL;
	free(f->dict);
	free(f->out_start);
	free(f->out);
	free(f->more_start);
	free(f->more);
	free(f->more_u);
	f->more_start = f->more = f->more_u = NULL;
	f->nuniq = 0;
	f->delta = f->dict = f->out_start = NULL;
	f->out = NULL;
	f->built = 0;
}

void
rw_refilter_free(rw_refilter **fp)
{
	rw_refilter *f;
	size_t i;

	if (!fp || !*fp)
		return;
	f = *fp;
	for (i = 0; i < f->nlits; i++)
		free(f->lits[i].s);
	free(f->lits);
	free(f->need);
	drop_automaton(f);
	free(f);
	*fp = NULL;
}

size_t
rw_refilter_size(const rw_refilter *f)
{
	return f ? f->nids : 0;
}

/* Make room for id and forget what it needed; 0 or -1 (memory). */
static int
id_reset(rw_refilter *f, size_t id)
{
	if (id >= f->alloc_need) {
		size_t na = (id + 1) * 2;
		unsigned char *nn = realloc(f->need, na);
		if (!nn)
			return -1;
		memset(nn + f->alloc_need, 0, na - f->alloc_need);
		f->need = nn;
		f->alloc_need = na;
	}
	if (id >= f->nids)
		f->nids = id + 1;
	drop_automaton(f);
	f->need[id] = 0;
	return 0;
}

/* id needs a string of each of sets[0..nsets), which are consumed. */
static int
id_needs(rw_refilter *f, size_t id, struct sset *sets, size_t nsets)
{
	size_t i, k, count = 0;

	for (i = 0; i < nsets; i++)
		count += sets[i].n;
	if (f->nlits + count > f->alloc_lits) {
		size_t na = (f->nlits + count) * 2;
		struct lit *nl = realloc(f->lits, na * sizeof(*nl));
		if (!nl) {
			sets_clear(sets, nsets);
			return -1;
		}
		f->lits = nl;
		f->alloc_lits = na;
	}
	for (i = 0; i < nsets; i++) {
		for (k = 0; k < sets[i].n; k++) {
			f->lits[f->nlits].s = sets[i].s[k];
			f->lits[f->nlits].id = id;
			f->lits[f->nlits].bit = 1u << i;
			f->nlits++;
		}
		sets[i].n = 0;
		f->need[id] |= (unsigned char)(1u << i);
	}
	sets_clear(sets, nsets);
	return nsets > 0;
}

int
rw_refilter_add(rw_refilter *f, size_t id, const char *pattern)
{
	struct sset sets[CONJ_MAX];
	size_t nsets;

	if (id_reset(f, id) < 0 || needed(pattern, sets, &nsets) < 0)
		return -1;
	return id_needs(f, id, sets, nsets);
}

int
rw_refilter_add_all(rw_refilter *f, size_t id, const char *const *part, size_t nparts)
{
	struct sset sets[CONJ_MAX];
	size_t nsets = 0, i, j;

	if (id_reset(f, id) < 0)
		return -1;
	for (i = 0; i < nparts; i++) {
		struct sset one[CONJ_MAX];
		size_t n;
		if (needed(part[i], one, &n) < 0) {
			sets_clear(sets, nsets);
			return -1;
		}
		if (!n)
			continue;   /* this part needs nothing known */
		sets_clear(one + 1, n - 1);
		/* keep the CONJ_MAX most selective, best first */
		if (nsets == CONJ_MAX && !better(&one[0], &sets[CONJ_MAX - 1])) {
			sset_clear(&one[0]);
			continue;
		}
		if (nsets == CONJ_MAX)
			sset_clear(&sets[--nsets]);
		for (j = nsets; j > 0 && better(&one[0], &sets[j - 1]); j--)
			sets[j] = sets[j - 1];
		sets[j] = one[0];
		nsets++;
	}
	/* as for one pattern: only the best set may be that short */
	for (i = j = 1; i < nsets; i++)
		if (min_len(&sets[i]) >= MORE_MIN_LEN)
			sets[j++] = sets[i];
		else
			sset_clear(&sets[i]);
	return id_needs(f, id, sets, nsets ? j : 0);
}

struct named { const char *s; uint32_t k; };

static int
cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->s, ((const struct named *)b)->s);
}

/* more_u[k]: the number of more[k]'s string among the distinct ones. */
static int
number_strings(rw_refilter *f)
{
	size_t n = f->more_start[f->nids], k;
	struct named *order;

	if (!(f->more_u = malloc((n ? n : 1) * sizeof(*f->more_u))) || !(order = malloc((n ? n : 1) * sizeof(*order))))
		return -1;
	for (k = 0; k < n; k++) {
		order[k].s = f->lits[f->more[k]].s;
		order[k].k = (uint32_t)k;
	}
	qsort(order, n, sizeof(*order), cmp_named);
	for (k = 0; k < n; k++) {
		if (k && strcmp(order[k].s, order[k - 1].s))
			f->nuniq++;
		f->more_u[order[k].k] = (uint32_t)f->nuniq;
	}
	if (n)
		f->nuniq++;
	free(order);
	return 0;
}

int
rw_refilter_build(rw_refilter *f)
{
	size_t i, max_states = 1, nout = 0, qh = 0, qt = 0;
	uint32_t *fail = NULL, *queue = NULL, *nout_of = NULL;
	struct lit *outs_tmp = NULL;
	size_t *outs_next = NULL, *head = NULL;
	int rc = -1;

	drop_automaton(f);
	memset(f->cls, 0, sizeof(f->cls));
	f->ncls = 1;
	for (i = 0; i < f->nlits; i++) {
		const unsigned char *p;
		if (f->lits[i].bit != 1)
			continue;
		for (p = (const unsigned char *)f->lits[i].s; *p; p++)
			if (!f->cls[*p])
				f->cls[*p] = (unsigned char)f->ncls++;
		max_states += strlen(f->lits[i].s);
	}
	if (max_states >= 0x80000000u)   /* states must fit beside the flag */
		goto out;
	if (!(f->delta = calloc(max_states * f->ncls, sizeof(*f->delta))) ||
	    !(f->dict = calloc(max_states, sizeof(*f->dict))) ||
	    !(fail = calloc(max_states, sizeof(*fail))) || !(queue = calloc(max_states, sizeof(*queue))) ||
	    !(head = malloc(max_states * sizeof(*head))) ||
	    !(outs_tmp = malloc((f->nlits ? f->nlits : 1) * sizeof(*outs_tmp))) ||
	    !(outs_next = malloc((f->nlits ? f->nlits : 1) * sizeof(*outs_next))) ||
	    !(nout_of = calloc(max_states, sizeof(*nout_of))))
		goto out;
	for (i = 0; i < max_states; i++)
		head[i] = SIZE_MAX;
	/* the trie; delta[s][c] == 0 means no edge yet (0 is the root) */
	f->nstates = 1;
	for (i = 0; i < f->nlits; i++) {
		const unsigned char *p;
		uint32_t s = 0;
		if (f->lits[i].bit != 1)
			continue;
		for (p = (const unsigned char *)f->lits[i].s; *p; p++) {
			uint32_t *e = &f->delta[s * f->ncls + f->cls[*p]];
			if (!*e)
				*e = (uint32_t)f->nstates++;
			s = *e;
		}
		outs_tmp[i] = f->lits[i];
		outs_next[i] = head[s];
		head[s] = i;
		nout_of[s]++;
		nout++;
	}
	/* breadth first: failure links, then every missing edge filled in */
	for (i = 1; i < f->ncls; i++) {
		uint32_t t = f->delta[i];
		if (t) {
			fail[t] = 0;
			queue[qt++] = t;
		}
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		uint32_t fs = fail[s];
		f->dict[s] = nout_of[fs] ? fs : f->dict[fs];
		for (i = 1; i < f->ncls; i++) {
			uint32_t *e = &f->delta[s * f->ncls + i];
			if (*e) {
				fail[*e] = f->delta[fs * f->ncls + i];
				queue[qt++] = *e;
			} else {
				*e = f->delta[fs * f->ncls + i];
			}
		}
	}
	/* outputs, flattened */
	if (!(f->out_start = calloc(f->nstates + 1, sizeof(*f->out_start))) ||
	    !(f->out = malloc((nout ? nout : 1) * sizeof(*f->out))))
		goto out;
	{
		size_t k = 0, s;
		for (s = 0; s < f->nstates; s++) {
			size_t l;
			f->out_start[s] = (uint32_t)k;
			for (l = head[s]; l != SIZE_MAX; l = outs_next[l])
				f->out[k++] = outs_tmp[l];
		}
		f->out_start[f->nstates] = (uint32_t)k;
	}
	/* the table the scan reads */
	{
		size_t n = f->nstates * f->ncls;
		int compact = f->nstates < 0x8000;
		if (compact ? !(f->small = malloc(n * sizeof(*f->small))) : !(f->large = malloc(n * sizeof(*f->large))))
			goto out;
		for (i = 0; i < n; i++) {
			uint32_t t = f->delta[i];
			int found = f->out_start[t] != f->out_start[t + 1] || f->dict[t];
			if (compact)
				f->small[i] = (uint16_t)(t | (found ? 0x8000u : 0));
			else
				f->large[i] = t | (found ? 0x80000000u : 0);
		}
		free(f->delta);
		f->delta = NULL;
	}
	/* the further sets, by pattern */
	if (!(f->more_start = calloc(f->nids + 1, sizeof(*f->more_start))) ||
	    !(f->more = malloc((f->nlits ? f->nlits : 1) * sizeof(*f->more))))
		goto out;
	for (i = 0; i < f->nlits; i++)
		if (f->lits[i].bit != 1)
			f->more_start[f->lits[i].id + 1]++;
	for (i = 0; i < f->nids; i++)
		f->more_start[i + 1] += f->more_start[i];
	{
		size_t *fill = calloc(f->nids ? f->nids : 1, sizeof(*fill));
		if (!fill)
			goto out;
		for (i = 0; i < f->nlits; i++)
			if (f->lits[i].bit != 1) {
				size_t id = f->lits[i].id;
				f->more[f->more_start[id] + fill[id]++] = (uint32_t)i;
			}
		free(fill);
		/* each pattern's strings by set, so a set none of whose strings is
		 * in the text ends the look for that pattern (rw_refilter_scan) */
		for (i = 0; i < f->nids; i++) {
			size_t a, b;
			for (a = f->more_start[i] + 1; a < f->more_start[i + 1]; a++) {
				uint32_t v = f->more[a];
				for (b = a; b > f->more_start[i] && f->lits[f->more[b - 1]].bit > f->lits[v].bit; b--)
					f->more[b] = f->more[b - 1];
				f->more[b] = v;
			}
		}
	}
	if (number_strings(f) < 0)
		goto out;
	f->built = 1;
	rc = 0;
out:
	if (rc < 0)
		drop_automaton(f);
	free(fail);
	free(queue);
	free(head);
	free(outs_tmp);
	free(outs_next);
	free(nout_of);
	return rc;
}

/* The three bytes at p as a number below TRI_BITS: a text holds a string
 * only if it holds each of the string's three-byte pieces, so a piece the
 * text lacks rules the string out without reading the text again. */
#define TRI_BITS 65536u
static inline unsigned
tri_key(const unsigned char *p)
{
	return ((unsigned)(p[0] & 0x3F) << 10 | (unsigned)(p[1] & 0x3F) << 4) ^ p[2];
}

/* The pieces of text into tri (TRI_BITS bits). */
static void
tri_fill(uint64_t *tri, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	memset(tri, 0, TRI_BITS / 8);
	if (!p[0] || !p[1])
		return;
	for (; p[2]; p++) {
		unsigned k = tri_key(p);
		tri[k >> 6] |= (uint64_t)1 << (k & 63);
	}
}

/* Is s in text?  The pieces first (tri, filled on first need), strstr for
 * a string they do not rule out. */
static int
in_text(const char *text, const char *s, uint64_t *tri, int *tri_ready)
{
	const unsigned char *q = (const unsigned char *)s;

	if (q[0] && q[1] && q[2]) {
		if (!*tri_ready) {
			tri_fill(tri, text);
			*tri_ready = 1;
		}
		for (; q[2]; q++) {
			unsigned k = tri_key(q);
			if (!(tri[k >> 6] & (uint64_t)1 << (k & 63)))
				return 0;
		}
	}
	return strstr(text, s) != NULL;
}

void
rw_refilter_scan(const rw_refilter *f, const char *text, unsigned char *cand)
{
	const unsigned char *p;
	size_t i, ncls;
	uint32_t s = 0;
	/* per distinct further string: 0 not looked for yet, 1 in the text, 2 not */
	unsigned char small[4096], *seen = NULL;
	int memo = 0, tri_ready = 0;
	uint64_t tri[TRI_BITS / 64];

	if (!f->nids)
		return;
	if (!f->built) {
		memset(cand, 1, f->nids);
		return;
	}
	/* cand first gathers the bits of the sets seen, then says whether
	 * they are all of those its pattern needs */
	memset(cand, 0, f->nids);
	ncls = f->ncls;
	for (p = (const unsigned char *)text; f->nlits && *p; p++) {
		uint32_t t;
		if (f->small) {
			uint16_t e = f->small[s * ncls + f->cls[*p]];
			s = e & 0x7FFFu;
			if (!(e & 0x8000u))
				continue;
		} else {
			uint32_t e = f->large[s * ncls + f->cls[*p]];
			s = e & 0x7FFFFFFFu;
			if (!(e & 0x80000000u))
				continue;
		}
		for (t = f->out_start[s] != f->out_start[s + 1] ? s : f->dict[s]; t; t = f->dict[t]) {
			uint32_t k;
			for (k = f->out_start[t]; k < f->out_start[t + 1]; k++)
				cand[f->out[k].id] |= (unsigned char)f->out[k].bit;
		}
	}
	for (i = 0; i < f->nids; i++) {
		uint32_t k;
		if (cand[i] & 1) {
			unsigned prev = 0;
			for (k = f->more_start[i]; k < f->more_start[i + 1]; k++) {
				const struct lit *l = &f->lits[f->more[k]];
				if (l->bit != prev && prev && !(cand[i] & prev))
					break;   /* a whole set is missing: the pattern cannot match */
				prev = l->bit;
				if (cand[i] & l->bit)
					continue;
				if (!seen) {
					seen = f->nuniq <= sizeof(small) ? small : malloc(f->nuniq);
					memo = seen != NULL;
					if (memo)
						memset(seen, 0, f->nuniq);
					else   /* without memory: each looked for as often as asked */
						seen = small;
				}
				if (memo) {
					unsigned char *v = &seen[f->more_u[k]];
					if (!*v)
						*v = in_text(text, l->s, tri, &tri_ready) ? 1 : 2;
					if (*v == 1)
						cand[i] |= (unsigned char)l->bit;
				} else if (in_text(text, l->s, tri, &tri_ready)) {
					cand[i] |= (unsigned char)l->bit;
				}
			}
		}
		cand[i] = cand[i] == f->need[i];
	}
	if (seen != small)
		free(seen);
}
