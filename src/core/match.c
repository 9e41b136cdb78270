#include "match.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rw_matcher {
	const rw_practitioner *p;
	char **variants;     /* " jeanne dupont " token forms */
	size_t n, alloc;
};

static int
add_variant(rw_matcher *m, const char *spelling)
{
	char *t = rw_text_tokens(spelling, NULL);
	size_t i;

	if (!t)
		return -1;
	if (strlen(t) < 3) {       /* nothing but spaces */
		free(t);
		return 0;
	}
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->variants[i], t)) {
			free(t);
			return 0;
		}
	if (m->n == m->alloc) {
		size_t na = m->alloc ? m->alloc * 2 : 16;
		char **nv = realloc(m->variants, na * sizeof(*nv));
		if (!nv) {
			free(t);
			return -1;
		}
		m->variants = nv;
		m->alloc = na;
	}
	m->variants[m->n++] = t;
	return 0;
}

/* Generate spellings of name "First [Middle] Last". */
static int
generate(rw_matcher *m, const char *name)
{
	static const char *const titles[] = {
		"dr", "docteur", "doctor", "doctoresse", "pr", "professeur", "professor", "prof",
	};
	char *tok = rw_text_tokens(name, NULL), *last, *buf;
	size_t i, n;
	int rc = 0;

	if (!tok)
		return -1;
	/* tok is " first ... last " */
	n = strlen(tok);
	tok[n - 1] = '\0';
	last = strrchr(tok, ' ');
	buf = malloc(n * 2 + 32);
	if (!buf) {
		free(tok);
		return -1;
	}
	rc |= add_variant(m, tok + 1);                       /* first last */
	if (last && last != tok) {
		*last = '\0';
		snprintf(buf, n * 2 + 32, "%s %s", last + 1, tok + 1);   /* LAST First */
		rc |= add_variant(m, buf);
		for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
			snprintf(buf, n * 2 + 32, "%s %s", titles[i], last + 1);
			rc |= add_variant(m, buf);
		}
		*last = ' ';
	}
	free(buf);
	free(tok);
	return rc;
}

rw_matcher *
rw_matcher_new(const rw_practitioner *p)
{
	rw_matcher *m = calloc(1, sizeof(*m));
	size_t i;

	if (!m)
		return NULL;
	m->p = p;
	if (generate(m, p->name) < 0)
		goto oom;
	for (i = 0; i < p->nvariants; i++)
		if (add_variant(m, p->variants[i]) < 0)
			goto oom;
	return m;
oom:
	rw_matcher_free(&m);
	return NULL;
}

void
rw_matcher_free(rw_matcher **mp)
{
	size_t i;

	if (!mp || !*mp)
		return;
	for (i = 0; i < (*mp)->n; i++)
		free((*mp)->variants[i]);
	free((*mp)->variants);
	free(*mp);
	*mp = NULL;
}

size_t
rw_matcher_nvariants(const rw_matcher *m)
{
	return m->n;
}

const char *
rw_matcher_variant(const rw_matcher *m, size_t i)
{
	return i < m->n ? m->variants[i] + 1 : NULL;
}

int
rw_matcher_find(const rw_matcher *m, const char *text, rw_match *out)
{
	size_t *map = NULL, i, best_pos = (size_t)-1, best_len = 0, best = 0;
	char *tok;

	if (!text || !*text)
		return 0;
	tok = rw_text_tokens(text, &map);
	if (!tok)
		return -1;
	for (i = 0; i < m->n; i++) {
		const char *hit = strstr(tok, m->variants[i]);
		size_t pos;
		if (!hit)
			continue;
		pos = (size_t)(hit - tok);
		if (pos < best_pos || (pos == best_pos && strlen(m->variants[i]) > best_len)) {
			best_pos = pos;
			best_len = strlen(m->variants[i]);
			best = i;
		}
	}
	if (best_pos != (size_t)-1 && out) {
		/* the token form is " variant ": its first and last letters are at
		 * best_pos + 1 and best_pos + best_len - 2 */
		size_t e = map[best_pos + best_len - 2];
		out->start = map[best_pos + 1];
		if (text[e])
			e++;
		while (text[e] && ((unsigned char)text[e] & 0xC0) == 0x80)
			e++;
		out->end = e;
		out->variant = m->variants[best] + 1;
		out->practitioner = m->p->id;
	}
	free(tok);
	free(map);
	return best_pos != (size_t)-1;
}
