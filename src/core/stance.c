/* SPDX-License-Identifier: MIT */
#include "stance.h"
#include "datadir.h"
#include "msgid.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sections of a cue file, in the order of names[] (feeds/stance/README.md). */
enum { S_NEGATION, S_NOT_NEGATION, S_NOT_ONLY, S_NEG_BEFORE, S_BEFORE, S_AFTER, S_NEXT, S_ANSWER, S_QUESTION, S_REPORT, S_CONTRAST, S_COUNT };

static const char *const section_names[S_COUNT] = {
	"negation", "not-negation", "not-only", "negation-before", "refute-before", "refute-after", "refute-next", "answer-no", "question", "report", "contrast",
};

#define CUE_FILE_MAX (256u << 10)   /* bytes in one cue file */
#define CUES_MAX 2000               /* cues in one section */
#define NEXT_REACH 25               /* a cue of the next sentence must begin this close to its start */
#define ANSWER_REACH 12

struct list {
	char **cue;
	size_t n;
};

struct rw_stance_cues {
	struct list s[2][S_COUNT];   /* [0] French, [1] English */
};

void
rw_stance_free(rw_stance_cues **cp)
{
	size_t l, k, i;

	if (!cp || !*cp)
		return;
	for (l = 0; l < 2; l++)
		for (k = 0; k < S_COUNT; k++) {
			for (i = 0; i < (*cp)->s[l][k].n; i++)
				free((*cp)->s[l][k].cue[i]);
			free((*cp)->s[l][k].cue);
		}
	free(*cp);
	*cp = NULL;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Read one cue file into lists; 0, or -1 with err set. */
static int
load_file(struct list *lists, const char *path, rw_err *err)
{
	FILE *fp = fopen(path, "r");
	char line[512];
	int section = -1, lineno = 0;
	long size = 0;

	if (!fp)
		return rw_err_set(err, RW_E_IO, "cannot read stance cues '%s' (is the data folder complete?)", path), -1;
	while (fgets(line, sizeof(line), fp)) {
		char *s = trim(line), *folded;
		struct list *li;
		char **grown;
		int k;
		lineno++;
		size += (long)strlen(line);
		if (size > (long)CUE_FILE_MAX) {
			rw_err_set(err, RW_E_PARSE, "%s: larger than %u bytes", path, CUE_FILE_MAX);
			goto fail;
		}
		if (!*s || *s == '#')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');
			section = -1;
			if (e) {
				*e = '\0';
				for (k = 0; k < S_COUNT; k++)
					if (!strcmp(s + 1, section_names[k]))
						section = k;
			}
			if (section < 0) {
				rw_err_set(err, RW_E_PARSE, "%s:%d: unknown section '%s' (see feeds/stance/README.md)", path,
				           lineno, s);
				goto fail;
			}
			continue;
		}
		if (section < 0) {
			rw_err_set(err, RW_E_PARSE, "%s:%d: cue '%s' before any [section]", path, lineno, s);
			goto fail;
		}
		li = &lists[section];
		if (li->n >= CUES_MAX) {
			rw_err_set(err, RW_E_PARSE, "%s:%d: more than %d cues in [%s]", path, lineno, CUES_MAX,
			           section_names[section]);
			goto fail;
		}
		if (!(folded = rw_text_fold(s)))
			goto oom;
		if (!(grown = realloc(li->cue, (li->n + 1) * sizeof(*grown)))) {
			free(folded);
			goto oom;
		}
		li->cue = grown;
		li->cue[li->n++] = folded;
	}
	if (ferror(fp)) {
		rw_err_set(err, RW_E_IO, "cannot read stance cues '%s'", path);
		goto fail;
	}
	fclose(fp);
	return 0;
oom:
	rw_err_set(err, RW_E_NOMEM, "out of memory reading '%s'", path);
fail:
	fclose(fp);
	return -1;
}

rw_stance_cues *
rw_stance_load(const char *dir, rw_err *err)
{
	static const char *const files[2] = { "fr.txt", "en.txt" };
	rw_stance_cues *c = calloc(1, sizeof(*c));
	char path[4096];
	size_t l;

	if (!c) {
		rw_err_set(err, RW_E_NOMEM, "out of memory reading stance cues");
		return NULL;
	}
	for (l = 0; l < 2; l++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[l]);
		if (load_file(c->s[l], path, err) < 0) {
			rw_stance_free(&c);
			return NULL;
		}
	}
	return c;
}

rw_stance_cues *
rw_stance_load_default(rw_err *err)
{
	char dir[4096];

	if (!rw_data_path("stance", dir, sizeof(dir))) {
		rw_err_set(err, RW_E_USAGE, "the data folder's path is too long");
		return NULL;
	}
	return rw_stance_load(dir, err);
}

/* ---- judging ---- */

static int
word_char(unsigned char ch)
{
	return isalnum(ch) || ch >= 0x80;
}

/* Bytes of text at p that cue matches (whole words; "'" also matches the
 * typographic apostrophe), not reaching past limit; 0 when it does not. */
static size_t
cue_at(const char *text, size_t p, size_t limit, const char *cue)
{
	size_t q = p;
	int suffix = *cue == '-' && cue[1];
	const char *c = suffix ? cue + 1 : cue;

	if (!suffix && word_char((unsigned char)*c) && p > 0 && word_char((unsigned char)text[p - 1]))
		return 0;
	for (; *c; c++) {
		if (q >= limit)
			return 0;
		if (*c == '\'' && !strncmp(text + q, "\xe2\x80\x99", 3))
			q += 3;
		else if (text[q] == *c)
			q++;
		else
			return 0;
	}
	if (q > limit)
		return 0;
	if (word_char((unsigned char)c[-1]) && word_char((unsigned char)text[q]))
		return 0;
	return q - p;
}

/* Does any cue of section k (language list(s) of lang) begin in [from,
 * to) and end by limit?  Its position, or (size_t)-1. */
static size_t
find_cue(const rw_stance_cues *c, rw_lang lang, int k, const char *text, size_t from, size_t to, size_t limit)
{
	size_t p, l, i;

	for (p = from; p < to; p++)
		for (l = 0; l < 2; l++) {
			const struct list *li = &c->s[l][k];
			if ((lang == RW_LANG_FR && l == 1) || (lang == RW_LANG_EN && l == 0))
				continue;
			for (i = 0; i < li->n; i++)
				if (cue_at(text, p, limit, li->cue[i]))
					return p;
		}
	return (size_t)-1;
}

/* French "ne ... que" (only), not a denial: "ne"/"n'" with "que" in the
 * next words before any of pas, jamais, plus, rien, aucun. */
static int
restrictive_ne(const char *t, size_t p, size_t to)
{
	size_t q = p, words = 0;

	if (strncmp(t + p, "ne ", 3) && strncmp(t + p, "n'", 2) && strncmp(t + p, "n\xe2\x80\x99", 4))
		return 0;
	while (q < to && words < 5) {
		while (q < to && word_char((unsigned char)t[q]))
			q++;
		while (q < to && !word_char((unsigned char)t[q]))
			q++;
		words++;
		if (!strncmp(t + q, "pas", 3) || !strncmp(t + q, "jamais", 6) || !strncmp(t + q, "plus ", 5) ||
		    !strncmp(t + q, "rien", 4) || !strncmp(t + q, "aucun", 5))
			return 0;
		if (!strncmp(t + q, "que ", 4) || !strncmp(t + q, "qu'", 3) || !strncmp(t + q, "qu\xe2\x80\x99", 5))
			return 1;
	}
	return 0;
}

/* A negation cue in [from, to) that denies: not part of a phrase of
 * [not-negation] ("no worse than", "pas pire que") nor a French "ne ...
 * que".  Its position, or (size_t)-1. */
static size_t
find_negation(const rw_stance_cues *c, rw_lang lang, int k, const char *t, size_t from, size_t to, size_t limit)
{
	size_t p = from;

	while ((p = find_cue(c, lang, k, t, p, to, limit)) != (size_t)-1) {
		size_t back = p > 24 ? p - 24 : 0, q, l, i, covered = 0;
		for (q = back; q <= p && !covered; q++)
			for (l = 0; l < 2 && !covered; l++)
				for (i = 0; i < c->s[l][S_NOT_NEGATION].n && !covered; i++) {
					size_t n = cue_at(t, q, strlen(t), c->s[l][S_NOT_NEGATION].cue[i]);
					covered = n && q + n > p;
				}
		if (!covered && !restrictive_ne(t, p, limit))
			return p;
		p++;
	}
	return (size_t)-1;
}

static int
sentence_end(const char *t, size_t i)
{
	if (t[i] == '!' || t[i] == '?' || t[i] == '\n')
		return 1;
	/* "10.5", "e.g." do not end a sentence */
	return t[i] == '.' && !(i > 0 && isdigit((unsigned char)t[i - 1]) && isdigit((unsigned char)t[i + 1]));
}

/* Start of the clause that holds position p within [s0, p): after the last
 * ',', ';', ':' or contrast cue. */
static size_t
clause_start(const rw_stance_cues *c, rw_lang lang, const char *t, size_t s0, size_t p)
{
	size_t i = p, k;

	while (i > s0 && !strchr(",;:", t[i - 1]))
		i--;
	k = find_cue(c, lang, S_CONTRAST, t, i, p, p);
	while (k != (size_t)-1) {
		i = k + 1;
		k = find_cue(c, lang, S_CONTRAST, t, i, p, p);
	}
	return i;
}

/* A French conditional ("provoquerait", "rendraient") among the words of
 * [from, to), when no "si" (a hypothesis: "si j'avais ..., je le
 * sentirais") opens the sentence part before it. */
static int
conditional(const char *t, size_t s0, size_t from, size_t to)
{
	size_t i, w;

	for (i = s0; i < from; i++)
		if ((i == s0 || !word_char((unsigned char)t[i - 1])) && !strncmp(t + i, "si ", 3))
			return 0;
	for (i = from; i < to; i = w + 1) {
		size_t len;
		while (i < to && !word_char((unsigned char)t[i]))
			i++;
		for (w = i; w < to && word_char((unsigned char)t[w]); w++)
			;
		len = w - i;
		/* "devrait", "faudrait": advice, not hearsay */
		if (!strncmp(t + i, "devr", 4) || !strncmp(t + i, "faudr", 5))
			continue;
		if ((len >= 6 && !strncmp(t + w - 4, "rait", 4) && strncmp(t + w - 5, "trait", 5)) ||
		    (len >= 7 && !strncmp(t + w - 6, "raient", 6)))
			return 1;
		if (w >= to)
			break;
	}
	return 0;
}

static rw_stance
verdict(rw_stance s, rw_stance_reason why, rw_stance_reason *reason)
{
	if (reason)
		*reason = why;
	return s;
}

rw_stance
rw_stance_judge(const rw_stance_cues *c, const char *t, rw_lang lang, size_t ms, size_t me, int flags,
                rw_stance_reason *reason)
{
	size_t len, s0, e0, n0, n1, at;
	int question;

	if (!c || !t || ms > me || me > (len = strlen(t)))
		return verdict(RW_STANCE_ASSERT, RW_STANCE_PLAIN, reason);
	/* the sentence [s0, e0) that holds the claim, and the next [n0, n1) */
	for (s0 = ms; s0 > 0 && !sentence_end(t, s0 - 1); s0--)
		;
	for (e0 = me; e0 < len && !sentence_end(t, e0); e0++)
		;
	question = e0 < len && t[e0] == '?';
	for (n0 = e0; n0 < len && (sentence_end(t, n0) || !word_char((unsigned char)t[n0])); n0++)
		;
	for (n1 = n0; n1 < len && !sentence_end(t, n1); n1++)
		;

	/* a negative claim keeps its own negation; "not just" still denies it */
	if (find_negation(c, lang, (flags & RW_STANCE_CLAIM_NEGATIVE) ? S_NOT_ONLY : S_NEGATION, t, ms, me, me) !=
	    (size_t)-1)
		return verdict(RW_STANCE_REFUTE, RW_STANCE_NEGATED, reason);
	if (find_cue(c, lang, S_BEFORE, t, s0, ms, ms) != (size_t)-1)
		return verdict(RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE, reason);
	at = clause_start(c, lang, t, s0, ms);
	/* (a negative claim's own "you don't" may come before its words) */
	if (!(flags & RW_STANCE_CLAIM_NEGATIVE) && find_negation(c, lang, S_NEG_BEFORE, t, at, ms, ms) != (size_t)-1)
		return verdict(RW_STANCE_REFUTE, RW_STANCE_NEGATED, reason);
	if (find_cue(c, lang, S_AFTER, t, me, e0, e0) != (size_t)-1)
		return verdict(RW_STANCE_REFUTE, RW_STANCE_DENIED_AFTER, reason);
	if (question || find_cue(c, lang, S_QUESTION, t, s0, s0 + 1, ms) != (size_t)-1) {
		if (n0 < len && find_cue(c, lang, S_ANSWER, t, n0, n0 + ANSWER_REACH < n1 ? n0 + ANSWER_REACH : n1, n1) != (size_t)-1)
			return verdict(RW_STANCE_REFUTE, RW_STANCE_ANSWERED_NO, reason);
		if (n0 < len && find_cue(c, lang, S_NEXT, t, n0, n0 + NEXT_REACH < n1 ? n0 + NEXT_REACH : n1, n1) != (size_t)-1)
			return verdict(RW_STANCE_REFUTE, RW_STANCE_ANSWERED_NO, reason);
		return verdict(RW_STANCE_QUESTION, RW_STANCE_ASKED, reason);
	}
	if (n0 < len && find_cue(c, lang, S_NEXT, t, n0, n0 + NEXT_REACH < n1 ? n0 + NEXT_REACH : n1, n1) != (size_t)-1)
		return verdict(RW_STANCE_REFUTE, RW_STANCE_DENIED_NEXT, reason);
	if (find_cue(c, lang, S_REPORT, t, s0, ms, ms) != (size_t)-1 || find_cue(c, lang, S_REPORT, t, me, e0, e0) != (size_t)-1) {
		if (find_cue(c, lang, S_CONTRAST, t, me, n1, n1) != (size_t)-1)
			return verdict(RW_STANCE_REFUTE, RW_STANCE_REPORTED_DENIED, reason);
		return verdict(RW_STANCE_REPORT, RW_STANCE_REPORTED, reason);
	}
	if (lang != RW_LANG_EN && conditional(t, s0, ms, me))
		return verdict(RW_STANCE_REPORT, RW_STANCE_CONDITIONAL, reason);
	return verdict(RW_STANCE_ASSERT, RW_STANCE_PLAIN, reason);
}

const char *
rw_stance_name(rw_stance s)
{
	static const char *const names[] = { "assert", "refute", "report", "question" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "assert";
}

const char *
rw_stance_reason_name(rw_stance_reason r)
{
	/* TRANSLATORS: why the stance was judged so, shown in brackets after
	 * it ("refuted (denied-before)"): plain = no cue; negated = a negation
	 * in the claim; denied-before/-after/-next = a denial before the claim,
	 * after it, in the next sentence; answered-no = a question answered no;
	 * asked = an open question; reported(-denied) = said to be others'
	 * claim (then contradicted); conditional = the French conditional */
	static const char *const names[] = {
		N_("plain"), N_("negated"), N_("denied-before"), N_("denied-after"), N_("denied-next"),
		N_("answered-no"), N_("asked"), N_("reported"), N_("reported-denied"), N_("conditional"),
	};

	return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] : "plain";
}
