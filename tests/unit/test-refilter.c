/* SPDX-License-Identifier: MIT */
/* The literal filter in front of the myth patterns (refilter.h): the
 * strings it finds for known patterns; that it never rules out a text the
 * regex matches, on random patterns and texts checked against glibc's
 * regexec, and on every pattern of the shipped catalogue against every
 * example sentence of the catalogue; and that it rules most texts out. */
#include "myths.h"
#include "refilter.h"
#include "tap.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define MYTHS TEST_DATA "/../../feeds/myths"

/* "a|b|c": the literals joined in the order found, or "*" for none */
static char *
literals(const char *pattern)
{
	static char out[2048];
	size_t n, i;
	char **v = rw_refilter_literals(pattern, &n);

	if (!v)
		return strcpy(out, "*");
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, v[i]);
	}
	rw_refilter_strings_free(v, n);
	return out;
}

static void
known_patterns(void)
{
	static const struct { const char *pattern, *want; } t[] = {
		{ "cancer", "cancer" },
		{ "(le|un) cancer", "le cancer|un cancer" },
		{ "antibio[a-z]*[ ,:;]{1,4}(soign|guer)", "antibio" },
		{ "(sucre|glucose)s?[ ,]{1,4}x", "sucre|glucose" },
		{ "(rhume|grippe)", "rhume|grippe" },
		{ "(le |la )?(rhume|grippe)", "rhume|grippe" },
		{ "[mtl].{1,3}(a|ont)", "a|ont" },
		{ "vaccin(s)?", "vaccin" },
		{ "x+yz", "yz" },
		{ "(ab)+cdef", "cdef" },
		{ "\\.net", ".net" },
		{ "^abc$", "abc" },
		{ "ab|cd|", "*" },            /* an empty branch matches anywhere */
		{ ".*", "*" },
		{ "[^a]bc", "bc" },
		{ "[a-z]*", "*" },
		{ "a{2,}", "a" },
		{ "a{0,3}b", "b" },
		{ "(a)\\1xyz", "xyz" },      /* the back-reference counts as anything */
		{ "\\bword\\b", "word" },
		{ "a\\wb", "a" },
		{ "[[:alpha:]]+ing", "ing" },
		{ "[a-[.z.]]b", "b" },         /* a range to a collating element: anything */
		{ "*abc", "*" },              /* not modelled: always a candidate */
		{ "abc{", "*" },
		{ "(unclosed", "*" },
		{ "[unclosed", "*" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		is_str(literals(t[i].pattern), t[i].want, "literals of /%s/", t[i].pattern);
}

/* A pattern of several parts needs a string of each. */
static void
conjunctions(void)
{
	static const char pat[] = "vaccin[a-z]*[ ,]{1,4}(provoqu|caus)[a-z]* [^.]{0,25}autis";
	static const struct { const char *text; int cand; } t[] = {
		{ "les vaccins provoquent l'autisme", 1 },
		{ "vaccin, causes et autisme", 1 },         /* a candidate the regex refuses: allowed */
		{ "le vaccin contre la grippe", 0 },
		{ "ce qui cause l'autisme", 0 },
		{ "vaccin et autisme", 0 },
		{ "autisme, vaccins: ils provoquent", 1 },  /* order is the regex's business */
	};
	rw_refilter *f = rw_refilter_new();
	unsigned char cand[1];
	size_t i;

	is_int((long long)rw_refilter_conjuncts(pat), 3, "/%s/ needs three sets", pat);
	is_int((long long)rw_refilter_conjuncts("(le|un) cancer"), 1, "an exact pattern needs one set");
	is_int((long long)rw_refilter_conjuncts(".*"), 0, "'.*' needs nothing");
	ok(f && rw_refilter_add(f, 0, pat) == 1 && rw_refilter_build(f) == 0, "the filter builds");
	for (i = 0; f && i < sizeof(t) / sizeof(t[0]); i++) {
		rw_refilter_scan(f, t[i].text, cand);
		is_int(cand[0], t[i].cand, "'%s': %s", t[i].text, t[i].cand ? "a candidate" : "ruled out");
	}
	rw_refilter_free(&f);
}

/* ---- parts all required: a near rule's groups, in any order ---- */

static void
all_parts(void)
{
	static const char *const part[] = { "vaccin|vax", "provoqu|caus|donn", "autis" };
	static const struct { const char *text; int cand; } t[] = {
		{ "les vaccins provoquent l'autisme", 1 },
		{ "l'autisme, les vax le causent", 1 },     /* any order */
		{ "le vaccin contre la grippe", 0 },        /* one part: not enough */
		{ "vaccin et autisme", 0 },                 /* two of three */
		{ "un enfant, un virus", 0 },
	};
	rw_refilter *f = rw_refilter_new();
	unsigned char cand[2];
	size_t i;

	/* id 1: the same rule as one ERE, every order an alternative, for comparison */
	ok(f && rw_refilter_add_all(f, 0, part, 3) == 1 &&
	   rw_refilter_add(f, 1, "(^|[^a-z0-9])(vaccin|vax)[^.?!]{0,60}(^|[^a-z0-9])(provoqu|caus|donn)[^.?!]{0,60}"
	                         "(^|[^a-z0-9])(autis)|(^|[^a-z0-9])(autis)[^.?!]{0,60}(^|[^a-z0-9])(vaccin|vax)"
	                         "[^.?!]{0,60}(^|[^a-z0-9])(provoqu|caus|donn)") >= 0 &&
	   rw_refilter_build(f) == 0, "a rule of three parts is added");
	for (i = 0; f && i < sizeof(t) / sizeof(t[0]); i++) {
		rw_refilter_scan(f, t[i].text, cand);
		is_int(cand[0], t[i].cand, "all parts: '%s': %s", t[i].text, t[i].cand ? "a candidate" : "ruled out");
	}
	if (f) {
		rw_refilter_scan(f, "l'autisme de mon enfant", cand);
		ok(cand[0] == 0 && cand[1] == 1, "where the ERE of every order lets one part through (%d %d)", cand[0], cand[1]);
	}
	rw_refilter_free(&f);
	f = rw_refilter_new();
	ok(f && rw_refilter_add_all(f, 0, (const char *const[]){ ".*" }, 1) == 0 && rw_refilter_build(f) == 0,
	   "a part with no strings: always a candidate");
	if (f) {
		rw_refilter_scan(f, "rien", cand);
		is_int(cand[0], 1, "and it is one");
	}
	rw_refilter_free(&f);
}

/* ---- soundness on random patterns: regexec says yes => filter says yes ---- */

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
gen_pattern(char *out, size_t size, int depth)
{
	size_t len = strlen(out);
	unsigned pieces = 1 + rnd(4), i;

	for (i = 0; i < pieces && len + 20 < size; i++) {
		switch (rnd(depth < 3 ? 9 : 7)) {
		case 0: case 1: case 2:
			out[len++] = "abc "[rnd(4)];
			out[len] = '\0';
			break;
		case 3:
			strcat(out, (const char *[]){ "[ab]", "[^a]", "[a-c]", ".", "[c ]" }[rnd(5)]);
			break;
		case 4:
			strcat(out, (const char *[]){ "ab", "ba", "cab", "a b" }[rnd(4)]);
			break;
		case 5: case 6:
			strcat(out, (const char *[]){ "b", "c", "ac", "^", "$" }[rnd(5)]);
			break;
		default:
			strcat(out, "(");
			gen_pattern(out, size, depth + 1);
			if (rnd(2)) {
				strcat(out, "|");
				gen_pattern(out, size, depth + 1);
			}
			strcat(out, ")");
			break;
		}
		len = strlen(out);
		if (len + 8 < size && rnd(3) == 0) {
			strcat(out, (const char *[]){ "*", "+", "?", "{1,2}", "{0,2}", "{2}" }[rnd(6)]);
			len = strlen(out);
		}
	}
}

static void
random_soundness(void)
{
	int cases = 0, matched = 0, unsound = 0, filtered = 0, p;

	for (p = 0; p < 3000; p++) {
		char pat[256] = "", text[40];
		regex_t re;
		rw_refilter *f = rw_refilter_new();
		unsigned char cand[1];
		int t;
		gen_pattern(pat, sizeof(pat) - 40, 0);
		if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB)) {
			rw_refilter_free(&f);
			continue;
		}
		if (!f || rw_refilter_add(f, 0, pat) < 0 || rw_refilter_build(f) < 0) {
			ok(0, "memory for /%s/", pat);
			regfree(&re);
			rw_refilter_free(&f);
			return;
		}
		for (t = 0; t < 30; t++) {
			unsigned n = rnd(sizeof(text)), k;
			for (k = 0; k < n; k++)
				text[k] = "abcd "[rnd(5)];
			text[n] = '\0';
			rw_refilter_scan(f, text, cand);
			cases++;
			if (regexec(&re, text, 0, NULL, 0) == 0) {
				matched++;
				if (!cand[0] && unsound++ < 5)
					ok(0, "/%s/ matches '%s' but the filter ruled it out (literals %s)", pat, text,
					   literals(pat));
			} else if (!cand[0]) {
				filtered++;
			}
		}
		regfree(&re);
		rw_refilter_free(&f);
	}
	ok(unsound == 0, "random patterns: no match ruled out (%d texts, %d matched, %d ruled out)", cases,
	   matched, filtered);
	ok(matched > 1000 && filtered > 1000, "random patterns: both outcomes were exercised");
}

/* ---- many rules in one filter sharing their strings: each gets the
 * answer it gets alone (a string looked for once serves them all) ---- */

static void
shared_strings(void)
{
	static const char *const group[] = {
		"vaccin|vax", "autis", "provoqu|caus|donn", "steril|infertil", "cancer", "adn|genes|genome",
		"vaccin", "caus", "mort subite|decede", "lait|fromage", "osteopor",
	};
	static const char *const word[] = {
		"vaccin", "vax", "autisme", "provoque", "cause", "donne", "sterile", "infertile", "cancer",
		"adn", "genes", "genome", "mort subite", "decede", "lait", "fromage", "osteoporose", "le", "un",
	};
	enum { RULES = 40, TEXTS = 400 };
	const char *part[RULES][3];
	size_t nparts[RULES], r, k;
	rw_refilter *all = rw_refilter_new(), *alone[RULES];
	unsigned char cand[RULES], one[1];
	int differ = 0, through = 0, t;

	for (r = 0; r < RULES; r++) {
		nparts[r] = 1 + rnd(3);
		for (k = 0; k < nparts[r]; k++)
			part[r][k] = group[rnd(sizeof(group) / sizeof(group[0]))];
		alone[r] = rw_refilter_new();
		if (!all || !alone[r] || rw_refilter_add_all(all, r, part[r], nparts[r]) < 0 ||
		    rw_refilter_add_all(alone[r], 0, part[r], nparts[r]) < 0 || rw_refilter_build(alone[r]) < 0) {
			ok(0, "memory for rule %zu", r);
			return;
		}
	}
	ok(rw_refilter_build(all) == 0, "%d rules in one automaton", RULES);
	for (t = 0; t < TEXTS; t++) {
		char text[400] = "";
		unsigned n = rnd(12);
		for (k = 0; k < n; k++) {
			strcat(text, word[rnd(sizeof(word) / sizeof(word[0]))]);
			strcat(text, " ");
		}
		rw_refilter_scan(all, text, cand);
		for (r = 0; r < RULES; r++) {
			rw_refilter_scan(alone[r], text, one);
			through += cand[r];
			if (cand[r] != one[0] && differ++ < 5)
				ok(0, "rule %zu on '%s': %d together, %d alone", r, text, cand[r], one[0]);
		}
	}
	ok(differ == 0, "shared strings: every rule answers as alone (%d texts x %d rules, %d let through)", TEXTS,
	   RULES, through);
	ok(through > TEXTS && through < TEXTS * RULES / 2, "shared strings: both answers were exercised");
	for (r = 0; r < RULES; r++)
		rw_refilter_free(&alone[r]);
	rw_refilter_free(&all);
}

/* ---- the shipped catalogue ---- */

struct catalogue {
	char **pats;     /* lowercased, as myths.c compiles them */
	size_t npats;
	char **texts;    /* every example sentence, prepared */
	size_t ntexts;
};

static char *
lower(const char *p)
{
	char *s = strdup(p), *c;

	for (c = s; *c; c++)
		if ((unsigned char)*c < 0x80 && *c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return s;
}

static void
push(char ***v, size_t *n, char *s)
{
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

/* Every pattern of the shipped catalogue as myths.c runs it ("near" rules
 * written out), and every example sentence, prepared. */
static void
read_catalogue(struct catalogue *cat)
{
	rw_myths *c = rw_myths_new();
	rw_err problem = { 0 };
	size_t i, k, n;

	memset(cat, 0, sizeof(*cat));
	rw_myths_load_dir(c, MYTHS, 1, &problem);
	for (i = 0, n = rw_myths_count(c); i < n; i++) {
		const rw_myth *m = rw_myths_get(c, i);
		const char *ex[4] = { m->example_fr, m->example_en, m->example_fr_negative, m->example_en_negative };
		for (k = 0; k < m->npatterns_fr; k++)
			push(&cat->pats, &cat->npats, lower(rw_myth_pattern(m, RW_LANG_FR, k)));
		for (k = 0; k < m->npatterns_en; k++)
			push(&cat->pats, &cat->npats, lower(rw_myth_pattern(m, RW_LANG_EN, k)));
		for (k = 0; k < 4; k++)
			if (ex[k])
				push(&cat->texts, &cat->ntexts, rw_myths_prepare(ex[k]));
	}
	rw_myths_free(&c);
}

static void
catalogue_soundness(void)
{
	struct catalogue cat;
	rw_refilter *f = rw_refilter_new();
	unsigned char *cand;
	size_t i, t, reduced = 0, pairs = 0, matched = 0, ruled_out = 0, unsound = 0;

	read_catalogue(&cat);
	ok(cat.npats >= 200 && cat.ntexts >= 200, "the catalogue: %zu patterns, %zu example sentences", cat.npats,
	   cat.ntexts);
	for (i = 0; i < cat.npats; i++)
		reduced += rw_refilter_add(f, i, cat.pats[i]) == 1;
	ok(rw_refilter_build(f) == 0, "the automaton builds");
	ok(reduced == cat.npats, "every shipped pattern has literals (%zu of %zu)", reduced, cat.npats);
	for (i = 0; i < cat.npats; i++)
		if (strcmp(literals(cat.pats[i]), "*") == 0)
			ok(0, "no literals for /%s/", cat.pats[i]);
	/* one pass of the filter per text, then each pattern compiled once over every text */
	cand = malloc(cat.npats * cat.ntexts);
	for (t = 0; t < cat.ntexts; t++)
		rw_refilter_scan(f, cat.texts[t], cand + t * cat.npats);
	for (i = 0; i < cat.npats; i++) {
		regex_t re;
		if (regcomp(&re, cat.pats[i], REG_EXTENDED | REG_NOSUB))
			continue;
		for (t = 0; t < cat.ntexts; t++) {
			/* every pair the filter lets through, and a fixed eighth of the
			 * others (all of them: 300 myths x 1,200 sentences, too slow) */
			if (!cand[t * cat.npats + i] && (t + i) % 8)
				continue;
			pairs++;
			if (regexec(&re, cat.texts[t], 0, NULL, 0) == 0) {
				matched++;
				if (!cand[t * cat.npats + i] && unsound++ < 5)
					ok(0, "/%s/ matches '%s' but the filter ruled it out", cat.pats[i], cat.texts[t]);
			} else if (!cand[t * cat.npats + i]) {
				ruled_out++;
			}
		}
		regfree(&re);
	}
	ok(unsound == 0, "catalogue: no match ruled out (%zu pattern-text pairs, %zu matched)", pairs, matched);
	ok(matched >= cat.ntexts / 3, "catalogue: the examples do match (%zu)", matched);
	/* the point of it: most pairs never reach the regex engine */
	ok(ruled_out * 10 >= (pairs - matched) * 9, "catalogue: %zu of %zu non-matching pairs ruled out (>= 90 %%)",
	   ruled_out, pairs - matched);
	free(cand);
	for (i = 0; i < cat.npats; i++)
		free(cat.pats[i]);
	for (i = 0; i < cat.ntexts; i++)
		free(cat.texts[i]);
	free(cat.pats);
	free(cat.texts);
	rw_refilter_free(&f);
}

/* The catalogue through myths.h: each example still finds a myth with the
 * filter in front, the same one as without it. */
static void
catalogue_through_myths(void)
{
	rw_myths *c = rw_myths_new();
	rw_err problem = { 0 };
	size_t i, same = 0, found = 0, n;

	rw_myths_load_dir(c, MYTHS, 1, &problem);
	n = rw_myths_count(c);
	ok(n >= 50, "catalogue loads (%zu myths)", n);
	for (i = 0; i < n; i++) {
		const rw_myth *m = rw_myths_get(c, i);
		const char *ex[2] = { m->example_fr, m->example_en };
		rw_lang lang[2] = { RW_LANG_FR, RW_LANG_EN };
		int k;
		for (k = 0; k < 2; k++) {
			char *p = rw_myths_prepare(ex[k]);
			const rw_myth *got = rw_myths_match_prepared(c, p, lang[k], NULL, 1), *slow = NULL;
			size_t j;
			for (j = 0; j < n && !slow; j++)
				if (rw_myth_matches(rw_myths_get(c, j), p, lang[k]))
					slow = rw_myths_get(c, j);
			found += got != NULL;
			same += got == slow;
			free(p);
		}
	}
	ok(found == 2 * n, "every example finds a myth through the filter (%zu of %zu)", found, 2 * n);
	ok(same == 2 * n, "the same myth as trying every pattern in turn (%zu of %zu)", same, 2 * n);
	rw_myths_free(&c);
}

int
main(void)
{
	known_patterns();
	conjunctions();
	all_parts();
	random_soundness();
	shared_strings();
	catalogue_soundness();
	catalogue_through_myths();
	return tap_done();
}
