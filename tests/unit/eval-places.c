/* SPDX-License-Identifier: MIT */
/* eval-places - the gazetteer on places as pages write them: is the place
 * on the page her city, inside it, another place, or no place at all?
 *
 *   eval-places LABELLED.TSV [--floor X] [--floor-hers X] [--min-lines N] [--show-errors]
 *
 * LABELLED.TSV is tests/data/places/labelled.tsv (its README.md says what
 * it holds).  Each line's city and page place are looked up as the matcher
 * looks them up (rw_gazetteer_shared, rw_places_find, rw_place_inside) and
 * put in a class: "unknown" (either finds no place), "same" (a place of
 * the page is a place of the city), "inside" (a place of the page is
 * inside one of the city's) or "other".  The figures of dev, blind and all
 * and of each expected class are printed as comments, with the misses when
 * --show-errors is given; the floors (share of lines of the expected class,
 * and of the expected side) apply to all.  "Hers" counts a line right when the answer is of the
 * same side as the label, same and inside being one side: the matcher
 * (her_place in match.c) takes both as her place.  Exits 77 (skip) when
 * the file is absent.
 */
#include "places.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CAND 64

static const char *const classes[] = { "same", "inside", "other", "unknown" };
#define NCLASSES 4

static const char *
class_of(const rw_gazetteer *g, const char *city, const char *page)
{
	const rw_place *c[MAX_CAND], *p[MAX_CAND];
	size_t nc = rw_places_find(g, city, c, MAX_CAND), np = rw_places_find(g, page, p, MAX_CAND), i, j;
	int inside = 0;

	if (nc > MAX_CAND)
		nc = MAX_CAND;
	if (np > MAX_CAND)
		np = MAX_CAND;
	if (!nc || !np)
		return "unknown";
	for (i = 0; i < np; i++)
		for (j = 0; j < nc; j++) {
			if (p[i] == c[j])
				return "same";
			inside |= rw_place_inside(p[i], c[j]);
		}
	return inside ? "inside" : "other";
}

static int
class_index(const char *name)
{
	int k;

	for (k = 0; k < NCLASSES; k++)
		if (!strcmp(classes[k], name))
			return k;
	return -1;
}

int
main(int argc, char **argv)
{
	int n[3] = { 0 }, right[3] = { 0 }, hers[3] = { 0 }; /* dev, blind, all */
	int cn[NCLASSES] = { 0 }, cright[NCLASSES] = { 0 }; /* all, by expected class */
	const char *splits[3] = { "dev", "blind", "all" };
	double floor_acc = 0.0, floor_hers = 0.0;
	int show = 0, i, rule_kept = 1, labels_ok = 1, min_lines = 90;
	const rw_gazetteer *g;
	char line[1024];
	FILE *fp;

	if (argc < 2) {
		fprintf(stderr, "usage: eval-places LABELLED.TSV [--floor X] [--floor-hers X] [--min-lines N] "
		        "[--show-errors]\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--floor") && i + 1 < argc)
			floor_acc = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--floor-hers") && i + 1 < argc)
			floor_hers = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--min-lines") && i + 1 < argc)
			min_lines = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--show-errors"))
			show = 1;
	}
	if (!(fp = fopen(argv[1], "r"))) {
		printf("1..0 # SKIP %s not found\n", argv[1]);
		return 77;
	}
	g = rw_gazetteer_shared();
	ok(g != NULL, "the data folder's gazetteer is read");
	while (g && fgets(line, sizeof(line), fp)) {
		char *f[5], *save = NULL, *s = line;
		const char *got;
		int k, id, blind, good, side, want;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (k = 0; k < 5 && (f[k] = strtok_r(s, "\t", &save)); k++)
			s = NULL;
		if (k != 5 || (want = class_index(f[4])) < 0) {
			ok(0, "a line of 5 columns with a known class: '%s'", line);
			labels_ok = 0;
			continue;
		}
		id = atoi(f[0]);
		blind = !strcmp(f[1], "blind");
		if (blind != (id % 3 == 0))
			rule_kept = 0;
		got = class_of(g, f[2], f[3]);
		good = !strcmp(got, f[4]);
		side = good || (want <= 1 && class_index(got) <= 1);
		for (k = 0; k < 3; k++) {
			if (k < 2 && k != blind)
				continue;
			n[k]++;
			right[k] += good;
			hers[k] += side;
		}
		cn[want]++;
		cright[want] += good;
		if (show && !good)
			printf("# %s %d: %s / %s: expected %s, got %s\n", f[1], id, f[2], f[3], f[4], got);
	}
	fclose(fp);
	for (i = 0; i < 3; i++)
		printf("# %s: %d/%d of the expected class (%.1f %%), %d/%d on the expected side of hers (%.1f %%)\n",
		       splits[i], right[i], n[i], n[i] ? 100.0 * right[i] / n[i] : 0.0, hers[i], n[i],
		       n[i] ? 100.0 * hers[i] / n[i] : 0.0);
	for (i = 0; i < NCLASSES; i++)
		printf("# expected %s: %d/%d\n", classes[i], cright[i], cn[i]);
	ok(labels_ok, "every line well-formed");
	ok(n[2] >= min_lines, "at least %d labelled lines (%d)", min_lines, n[2]);
	ok(rule_kept, "blind is exactly the lines whose id is divisible by 3");
	ok(n[2] && (double)right[2] / n[2] >= floor_acc, "all: %.3f of the expected class >= %.3f",
	   n[2] ? (double)right[2] / n[2] : 0.0, floor_acc);
	ok(n[2] && (double)hers[2] / n[2] >= floor_hers, "all: %.3f on the expected side of hers >= %.3f",
	   n[2] ? (double)hers[2] / n[2] : 0.0, floor_hers);
	return tap_done();
}
