/* SPDX-License-Identifier: MIT */
/* eval-names - given names that are also common words ("Claire", "Hope",
 * "Pierre"): is a common word next to her surname taken for her given name?
 *
 *   eval-names LABELLED.TSV [--floor X] [--max-taken N] [--min-lines N] [--show-errors]
 *
 * LABELLED.TSV is tests/data/names/labelled.tsv (its README.md says what it
 * holds).  Each line's text is scanned (rw_text_clean, rw_matcher_scan) for
 * the practitioner of the line, and the best accepted hit is put in a class:
 * "full" (a spelling with her given name or its initials), "surname" (a
 * title and her surname, or her surname with context) or "none".  The
 * figures of dev, blind and all are printed as comments; the floor (share
 * of lines of the expected class) applies to all, and --max-taken to the
 * lines where a common word was read as her given name.  Exits 77 (skip)
 * when the file is absent.
 */
#include "match.h"
#include "profile.h"
#include "tap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	int n, right, taken;   /* taken: "surname" or "none" read as "full" */
};

static const char *
class_of(const rw_match *b)
{
	if (!b)
		return "none";
	if (!strcmp(b->kind, "title and surname") || !strcmp(b->kind, "surname alone"))
		return "surname";
	return "full";
}

int
main(int argc, char **argv)
{
	struct tally t[3] = { { 0, 0, 0 } };   /* dev, blind, all */
	const char *names[3] = { "dev", "blind", "all" };
	double floor_acc = 0.0;
	int max_taken = -1, show = 0, i, rule_kept = 1, min_lines = 60;
	char line[4096];
	FILE *fp;

	if (argc < 2) {
		fprintf(stderr, "usage: eval-names LABELLED.TSV [--floor X] [--max-taken N] [--min-lines N] "
		        "[--show-errors]\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--floor") && i + 1 < argc)
			floor_acc = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--max-taken") && i + 1 < argc)
			max_taken = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--min-lines") && i + 1 < argc)
			min_lines = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--show-errors"))
			show = 1;
	}
	if (!(fp = fopen(argv[1], "r"))) {
		printf("1..0 # SKIP %s not found\n", argv[1]);
		return 77;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *f[7], *save = NULL, *s = line;
		rw_practitioner p;
		rw_matcher *m;
		rw_match_set set;
		const rw_match *b;
		const char *got;
		char *clean;
		int k, id, blind, right;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (k = 0; k < 7 && (f[k] = strtok_r(s, "\t", &save)); k++)
			s = NULL;
		if (k != 7) {
			ok(0, "a line of 7 columns: '%s'", line);
			continue;
		}
		id = atoi(f[0]);
		blind = !strcmp(f[1], "blind");
		if (blind != (id % 3 == 0))
			rule_kept = 0;
		memset(&p, 0, sizeof(p));
		p.id = "default";
		p.name = f[2];
		p.specialty = strcmp(f[3], "-") ? f[3] : NULL;
		p.city = strcmp(f[4], "-") ? f[4] : NULL;
		if (!(m = rw_matcher_new(&p)) || !(clean = rw_text_clean(f[6]))) {
			ok(0, "out of memory");
			rw_matcher_free(&m);
			break;
		}
		if (rw_matcher_scan(m, clean, NULL, &set) < 0)
			set.best = -1;
		b = set.best >= 0 ? &set.hits[set.best] : NULL;
		got = class_of(b);
		right = !strcmp(got, f[5]);
		for (k = 0; k < 3; k++) {
			if (k < 2 && k != blind)
				continue;
			t[k].n++;
			t[k].right += right;
			t[k].taken += strcmp(f[5], "full") && !strcmp(got, "full");
		}
		if (show && !right)
			printf("# %s %d: expected %s, got %s: %s [%s]\n", f[1], id, f[5], got, f[6],
			       b ? b->reason : "no hit");
		free(clean);
		rw_matcher_free(&m);
	}
	fclose(fp);
	for (i = 0; i < 3; i++)
		printf("# %s: %d/%d of the expected class (%.1f %%), a common word taken for her given name %d\n",
		       names[i], t[i].right, t[i].n, t[i].n ? 100.0 * t[i].right / t[i].n : 0.0, t[i].taken);
	ok(t[2].n >= min_lines, "at least %d labelled lines (%d)", min_lines, t[2].n);
	ok(rule_kept, "blind is exactly the lines whose id is divisible by 3");
	ok(t[2].n && (double)t[2].right / t[2].n >= floor_acc, "all: %.3f of the expected class >= %.3f",
	   t[2].n ? (double)t[2].right / t[2].n : 0.0, floor_acc);
	if (max_taken >= 0)
		ok(t[2].taken <= max_taken, "all: a common word taken for her given name %d times <= %d",
		   t[2].taken, max_taken);
	return tap_done();
}
