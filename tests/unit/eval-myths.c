/* SPDX-License-Identifier: MIT */
/* eval-myths - the myth catalogue and the stance judge on a labelled set.
 *
 *   eval-myths MYTHS-DIR STANCE-DIR SET.tsv [--recall-floor X] [--fp-ceiling X]
 *              [--show-errors]
 *
 * SET.tsv: tests/data/myths/labelled.tsv (its README gives the columns and
 * the fixed blind third).  A line is flagged with a myth when one of that
 * myth's patterns of the line's language matches and the stance judge says
 * the line asserts it.
 *   recall: assert lines whose myth is in the catalogue, flagged with it;
 *   false positives: refute, question and true lines flagged with any myth
 *   (unrelated lines are counted apart).
 * Prints the figures for dev, blind and all as TAP comments, and two tests
 * on the blind part: recall >= floor, false positives <= ceiling.
 * --show-errors lists the misses and false positives of dev lines only:
 * the blind ones are never read to tune (tests/data/myths/README.md).
 * Exits 77 (skip) when SET.tsv is absent.
 */
#include "myths.h"
#include "stance.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEV, BLIND, ALL };

struct tally {
	long covered, hit, uncovered, uncovered_flagged, neg, neg_flagged, unrelated, unrelated_flagged;
};

/* How many myths line asserts; *expected_hit when one of them is want. */
static int
judge_line(const rw_myths *c, const rw_stance_cues *cues, const char *text, rw_lang lang, const char *want,
           int *expected_hit, char *why, size_t whysize)
{
	char *p = rw_myths_prepare(text);
	const rw_myth *found[64];
	size_t i, n, used = 0;
	int flagged = 0;

	*expected_hit = 0;
	why[0] = '\0';
	if (!p)
		return 0;
	n = rw_myths_match_all(c, p, lang, NULL, 1, found, 64);
	for (i = 0; i < n; i++) {
		const rw_myth *m = found[i];
		size_t s = 0, e = 0;
		rw_stance_reason r = RW_STANCE_PLAIN;
		rw_stance st;
		if (rw_myth_locate(m, p, lang, &s, &e) != 1)
			s = 0, e = strlen(p);
		st = rw_stance_judge(cues, p, lang, s, e, m->claim_negative ? RW_STANCE_CLAIM_NEGATIVE : 0, &r);
		if (used < whysize)
			used += (size_t)snprintf(why + used, whysize - used, " %s=%s/%s[%.*s]", m->id, rw_stance_name(st),
			                         rw_stance_reason_name(r), (int)(e - s), p + s);
		if (st == RW_STANCE_ASSERT) {
			flagged++;
			if (!strcmp(m->id, want))
				*expected_hit = 1;
		}
	}
	free(p);
	return flagged;
}

static double
pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

int
main(int argc, char **argv)
{
	double recall_floor = 0, fp_ceiling = 100;
	int show = 0, i, k;
	rw_myths *c;
	rw_stance_cues *cues;
	rw_err err = { 0 };
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	struct tally t[3];
	static const char *const part[3] = { "dev", "blind", "all" };

	if (argc < 4) {
		fprintf(stderr, "usage: eval-myths MYTHS-DIR STANCE-DIR SET.tsv [--recall-floor X] [--fp-ceiling X] "
		        "[--show-errors]\n");
		return 2;
	}
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--recall-floor") && i + 1 < argc)
			recall_floor = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--fp-ceiling") && i + 1 < argc)
			fp_ceiling = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--show-errors"))
			show = 1;
	}
	if (!(fp = fopen(argv[3], "r"))) {
		printf("1..0 # SKIP %s is absent\n", argv[3]);
		return 77;
	}
	c = rw_myths_new();
	if (!c || rw_myths_load_dir(c, argv[1], 0, &err) <= 0 || !(cues = rw_stance_load(argv[2], &err))) {
		fprintf(stderr, "eval-myths: %s\n", err.msg[0] ? err.msg : "no myth loaded");
		fclose(fp);
		rw_myths_free(&c);
		return 1;
	}
	memset(t, 0, sizeof(t));
	while (getline(&line, &cap, fp) > 0) {
		char *f[6], *s = line, why[2048];
		int nf = 0, hit, flagged, blind;
		rw_lang lang;
		line[strcspn(line, "\r\n")] = '\0';
		while (nf < 6 && s) {
			f[nf++] = s;
			if ((s = strchr(s, '\t')))
				*s++ = '\0';
		}
		if (nf < 6 || !strcmp(f[0], "id"))
			continue;
		lang = rw_lang_from_name(f[1]);
		blind = !strcmp(f[4], "blind");
		flagged = judge_line(c, cues, f[5], lang, f[3], &hit, why, sizeof(why));
		for (k = 0; k < 3; k++) {
			struct tally *x = &t[k];
			if (k != ALL && k != (blind ? BLIND : DEV))
				continue;
			if (!strcmp(f[2], "assert")) {
				if (rw_myths_find(c, f[3])) {
					x->covered++;
					x->hit += hit;
				} else {
					x->uncovered++;
					x->uncovered_flagged += flagged > 0;
				}
			} else if (!strcmp(f[2], "unrelated")) {
				x->unrelated++;
				x->unrelated_flagged += flagged > 0;
			} else {
				x->neg++;
				x->neg_flagged += flagged > 0;
			}
		}
		if (show && !blind && ((!strcmp(f[2], "assert") && rw_myths_find(c, f[3]) && !hit) ||
		                       (strcmp(f[2], "assert") && flagged)))
			fprintf(stderr, "%s %s %s %s: %s\n   %s\n", f[0], f[1], f[2], f[3], f[5], why[0] ? why : " (no match)");
	}
	free(line);
	fclose(fp);
	for (k = 0; k < 3; k++)
		printf("# %-5s recall %5.1f %% (%ld/%ld covered asserts; %ld asserts of myths not in the catalogue, "
		       "%ld flagged)  false positives %4.1f %% (%ld/%ld refutations, questions, true)  unrelated "
		       "%ld/%ld\n",
		       part[k], pct(t[k].hit, t[k].covered), t[k].hit, t[k].covered, t[k].uncovered,
		       t[k].uncovered_flagged, pct(t[k].neg_flagged, t[k].neg), t[k].neg_flagged, t[k].neg,
		       t[k].unrelated_flagged, t[k].unrelated);
	ok(t[BLIND].covered > 0 && pct(t[BLIND].hit, t[BLIND].covered) >= recall_floor,
	   "blind recall %.1f %% >= %.1f %%", pct(t[BLIND].hit, t[BLIND].covered), recall_floor);
	ok(t[BLIND].neg > 0 && pct(t[BLIND].neg_flagged, t[BLIND].neg) <= fp_ceiling,
	   "blind false positives %.1f %% <= %.1f %%", pct(t[BLIND].neg_flagged, t[BLIND].neg), fp_ceiling);
	rw_stance_free(&cues);
	rw_myths_free(&c);
	return tap_done();
}
