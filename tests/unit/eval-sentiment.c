/* SPDX-License-Identifier: MIT */
/* eval-sentiment - accuracy of the sentiment score on a labelled set.
 *
 *   eval-sentiment LEXICON-DIR SET.tsv [--lang fr|en] [--floor X]
 *                  [--part all|odd|even] [--show-errors]
 *
 * SET.tsv: "pos<TAB>text" or "neg<TAB>text" lines (tests/data/sentiment/).
 * A text counts as right when its score has the label's sign; a score of 0
 * (no lexicon word found) counts as wrong.  --part odd|even keeps the odd or
 * even lines (1-based) only: a development half and a held-out half.
 * Prints TAP: one test, "accuracy >= floor", with the figures as comments;
 * exits 77 (skip) when SET.tsv is absent.
 */
#include "sentiment.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	const char *dir, *set, *part = "all";
	double floor_ = 0;
	rw_lang lang = RW_LANG_UNKNOWN;
	int show = 0, i;
	rw_lexicon *lx;
	rw_err err = { 0 };
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	long n[2] = { 0, 0 }, right[2] = { 0, 0 }, zero = 0, neutral = 0, wrong_lang = 0;
	double acc;

	if (argc < 3) {
		fprintf(stderr, "usage: eval-sentiment LEXICON-DIR SET.tsv [--lang fr|en] [--floor X] "
		        "[--part all|odd|even] [--show-errors]\n");
		return 2;
	}
	dir = argv[1];
	set = argv[2];
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = rw_lang_from_name(argv[++i]);
		else if (!strcmp(argv[i], "--floor") && i + 1 < argc)
			floor_ = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--part") && i + 1 < argc)
			part = argv[++i];
		else if (!strcmp(argv[i], "--show-errors"))
			show = 1;
	}
	if (!(fp = fopen(set, "r"))) {
		printf("1..0 # SKIP %s is absent\n", set);
		return 77;
	}
	if (!(lx = rw_lexicon_load(dir, &err))) {
		fprintf(stderr, "%s\n", err.msg);
		fclose(fp);
		return 1;
	}
	while (getline(&line, &cap, fp) > 0) {
		char *tab = strchr(line, '\t');
		int pos;
		rw_sentiment s;

		lineno++;
		if (!strcmp(part, "odd") && lineno % 2 == 0)
			continue;
		if (!strcmp(part, "even") && lineno % 2 == 1)
			continue;
		if (!tab)
			continue;
		*tab = '\0';
		tab[1 + strcspn(tab + 1, "\r\n")] = '\0';
		pos = !strcmp(line, "pos");
		rw_sentiment_score(lx, tab + 1, lang, -1, -1, &s);
		if (lang == RW_LANG_UNKNOWN && s.lang == RW_LANG_UNKNOWN)
			wrong_lang++;
		n[pos]++;
		if (s.text_sum == 0)
			zero++;
		if (s.label == RW_NEUTRAL)
			neutral++;
		if ((pos && s.text_sum > 0) || (!pos && s.text_sum < 0))
			right[pos]++;
		else if (show)
			fprintf(stderr, "%s %+.3f %s\n", line, s.text_sum, tab + 1);
	}
	free(line);
	fclose(fp);
	rw_lexicon_free(&lx);
	acc = n[0] + n[1] ? (double)(right[0] + right[1]) / (double)(n[0] + n[1]) : 0;
	printf("# %s (%s lines): %ld texts (%ld pos, %ld neg)\n", set, part, n[0] + n[1], n[1], n[0]);
	printf("# accuracy %.3f; recall pos %.3f, neg %.3f; undecided (score 0) %ld; labelled neutral %ld",
	       acc, n[1] ? (double)right[1] / n[1] : 0, n[0] ? (double)right[0] / n[0] : 0, zero, neutral);
	if (lang == RW_LANG_UNKNOWN)
		printf("; language not detected %ld", wrong_lang);
	printf("\n");
	ok(n[0] + n[1] > 0 && acc >= floor_, "accuracy %.3f >= floor %.3f on %s", acc, floor_, set);
	return tap_done();
}
