/* SPDX-License-Identifier: MIT */
/* eval-homonyms - is a review on a homonym's page stored as hers?
 *
 *   eval-homonyms HOMONYMS-DIR [--floor-precision X] [--floor-recall X]
 *                 [--floor-pages X] [--split dev|blind|all] [--show-errors]
 *
 * HOMONYMS-DIR is tests/data/homonyms (its README.md says what it holds).
 * Each page is read as `repwatch scan` reads a page source without a
 * template (rw_parse_page, schema.org only) and each of its reviews goes
 * through the analyser with the page's subject, as scan.c does; a review is
 * attributed when the analysis says store for the watched practitioner of
 * the page's group (configs/gNN.conf).  Precision and recall are counted on
 * the groups whose practitioners differ by city or specialty, for dev,
 * blind and all; "neither" groups are counted apart (how many of the other
 * practitioner's reviews were silently attributed).  Reviews the page
 * reader did not find count as not attributed.
 * The floors apply to all the groups with a difference; the figures of dev
 * and blind are printed as comments.  Exits 77 (skip) when the folder is
 * absent.
 */
#include "analyse.h"
#include "match.h"
#include "config.h"
#include "parse.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAGES 256
#define MAX_REVIEWS 32

struct page {
	char name[64], group[16], split[8], differs[16], format[16];
	int watched;
	int truth[MAX_REVIEWS];   /* 1: the review is about the watched practitioner */
	int nreviews;
};

struct tally {
	long tp, fp, fn, tn;
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, fp);
		buf[*len] = '\0';
	}
	fclose(fp);
	return buf;
}

static int
load_pages(const char *dir, struct page *pages, int max)
{
	char path[4096], line[1024];
	FILE *fp;
	int n = 0, i;

	snprintf(path, sizeof(path), "%s/pages.tsv", dir);
	if (!(fp = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), fp) && n < max) {
		char watched[8];
		if (line[0] == '#')
			continue;
		memset(&pages[n], 0, sizeof(pages[n]));
		if (sscanf(line, "%63[^\t]\t%15[^\t]\t%*[^\t]\t%7[^\t]\t%7[^\t]\t%15[^\t]\t%15[^\t]", pages[n].name,
		           pages[n].group, watched, pages[n].split, pages[n].differs, pages[n].format) != 6)
			continue;
		pages[n].watched = !strcmp(watched, "yes");
		n++;
	}
	fclose(fp);
	snprintf(path, sizeof(path), "%s/reviews.tsv", dir);
	if (!(fp = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		char page[64], watched[8];
		int k;
		if (line[0] == '#' || sscanf(line, "%63[^\t]\t%d\t%*[^\t]\t%7s", page, &k, watched) != 3)
			continue;
		for (i = 0; i < n; i++)
			if (!strcmp(pages[i].name, page) && k >= 0 && k < MAX_REVIEWS) {
				pages[i].truth[k] = !strcmp(watched, "yes");
				if (k + 1 > pages[i].nreviews)
					pages[i].nreviews = k + 1;
			}
	}
	fclose(fp);
	return n;
}

static void
count(struct tally *t, int truth, int said)
{
	if (truth && said)
		t->tp++;
	else if (!truth && said)
		t->fp++;
	else if (truth)
		t->fn++;
	else
		t->tn++;
}

static double
precision(const struct tally *t)
{
	return t->tp + t->fp ? (double)t->tp / (double)(t->tp + t->fp) : 1.0;
}

static double
recall(const struct tally *t)
{
	return t->tp + t->fn ? (double)t->tp / (double)(t->tp + t->fn) : 1.0;
}

static void
show(const char *what, const struct tally *t)
{
	printf("# %-22s precision %5.1f %% (%ld/%ld)  recall %5.1f %% (%ld/%ld)\n", what, 100 * precision(t), t->tp,
	       t->tp + t->fp, 100 * recall(t), t->tp, t->tp + t->fn);
}

int
main(int argc, char **argv)
{
	static struct page pages[MAX_PAGES];
	const char *dir, *only = "all";
	double floor_p = 0, floor_r = 0, floor_pages = 0;
	int npages, i, show_errors = 0;
	/* [split dev=0 blind=1][differ=0 neither=1] */
	struct tally t[2][2], pagetally[2][2], readtally[2], verdict[2];
	long missed_reviews = 0, found_reviews = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: eval-homonyms HOMONYMS-DIR [--floor-precision X] [--floor-recall X] "
		        "[--floor-pages X] [--split dev|blind|all] [--show-errors]\n");
		return 2;
	}
	dir = argv[1];
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--floor-precision") && i + 1 < argc)
			floor_p = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--floor-recall") && i + 1 < argc)
			floor_r = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--floor-pages") && i + 1 < argc)
			floor_pages = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--split") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--show-errors"))
			show_errors = 1;
	}
	memset(t, 0, sizeof(t));
	memset(pagetally, 0, sizeof(pagetally));
	memset(readtally, 0, sizeof(readtally));
	memset(verdict, 0, sizeof(verdict));
	npages = load_pages(dir, pages, MAX_PAGES);
	if (npages < 0) {
		printf("1..0 # SKIP %s/pages.tsv is absent\n", dir);
		return 77;
	}
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	/* one analyser per group (its pages follow each other) */
	rw_config *cfg = NULL;
	rw_analyser *a = NULL;
	char group[16] = "";
	for (i = 0; i < npages; i++) {
		struct page *pg = &pages[i];
		char path[4096], url[256];
		rw_err err = { 0 };
		rw_parse_opts o;
		rw_feed *f;
		char *data;
		size_t len = 0, k;
		int blind = !strcmp(pg->split, "blind"), neither = !strcmp(pg->differs, "neither");

		if (strcmp(only, "all") && strcmp(only, pg->split))
			continue;
		if (strcmp(group, pg->group)) {
			rw_analyser_free(&a);
			rw_config_free(&cfg);
			snprintf(group, sizeof(group), "%s", pg->group);
			snprintf(path, sizeof(path), "%s/configs/%s.conf", dir, pg->group);
			cfg = rw_config_load(path, &err);
			ok(cfg != NULL, "%s: config: %s", pg->group, err.msg);
			if (cfg)
				a = rw_analyser_new(cfg, &err);
		}
		if (!cfg)
			continue;
		snprintf(path, sizeof(path), "%s/pages/%s", dir, pg->name);
		snprintf(url, sizeof(url), "https://reviews.example/%s", pg->name);
		data = slurp(path, &len);
		memset(&o, 0, sizeof(o));
		o.url = url;
		o.content_type = "text/html; charset=utf-8";
		o.text_only = 1;
		f = data && a ? rw_parse_page(data, len, &o, NULL, &err) : NULL;
		ok(f != NULL, "%s: read: %s", pg->name, err.msg);
		int page_said = 0;
		if (f) {
			rw_matcher *mt = rw_matcher_new(&cfg->practitioners[0]);
			rw_match_set *set = malloc(sizeof(*set));
			int said = mt && set && f->subject && rw_matcher_scan(mt, f->subject, url, set) > 0;
			count(&pagetally[blind][neither], pg->watched, said);
			page_said = said;
			if (show_errors && said != pg->watched && set)
				printf("# %s %s page: %s (%s) [%s]\n", pg->split, pg->name,
				       said ? "taken as hers" : "not taken as hers",
				       set->best >= 0 ? set->hits[set->best].reason : set->n ? set->hits[0].reason : "",
				       f->subject ? f->subject : "");
			free(set);
			rw_matcher_free(&mt);
		}
		rw_page_about about[1];
		memset(about, 0, sizeof(about));
		if (f && rw_analyse_page(a, f->subject, url, about) < 0) {
			ok(0, "%s: out of memory", pg->name);
			break;
		}
		for (k = 0; f && k < (size_t)pg->nreviews; k++) {
			rw_analysis out[1];
			int said = 0;
			if (k < f->nitems) {
				const rw_item *it = &f->items[k];
				rw_item_view v = { it->title, it->summary, it->content, it->link, url, "reviews",
				                   it->rating, it->rating_best, about };
				if (rw_analyse_item(a, &v, out) < 0) {
					ok(0, "%s: out of memory", pg->name);
					break;
				}
				said = out[0].store;
				found_reviews++;
				if (!neither) {
					count(&readtally[blind], pg->truth[k], said);
					/* a verdict from the subject, once for the page: every
					 * review it lists is hers, or none is */
					count(&verdict[blind], pg->truth[k], page_said);
				}
				if (show_errors && said != pg->truth[k])
					printf("# %s %s review %zu: %s (%s) [%s]\n", pg->split, pg->name, k,
					       said ? "attributed, not hers" : "missed", out[0].why,
					       it->summary ? it->summary : it->content ? it->content : "");
			} else {
				missed_reviews++;
				if (show_errors && pg->truth[k])
					printf("# %s %s review %zu: missed (the page reader did not find it, %s)\n",
					       pg->split, pg->name, k, pg->format);
			}
			count(&t[blind][neither], pg->truth[k], said);
		}
		rw_feed_free(f);
		free(data);
	}
	rw_analyser_free(&a);
	rw_config_free(&cfg);
	{
		struct tally all = t[0][0], alln = t[0][1];
		all.tp += t[1][0].tp; all.fp += t[1][0].fp; all.fn += t[1][0].fn; all.tn += t[1][0].tn;
		alln.tp += t[1][1].tp; alln.fp += t[1][1].fp; alln.fn += t[1][1].fn; alln.tn += t[1][1].tn;
		printf("# reviews read %ld, not found by the page reader %ld\n", found_reviews, missed_reviews);
		printf("# city or specialty differ:\n");
		show("dev", &t[0][0]);
		show("blind", &t[1][0]);
		show("all", &all);
		printf("# nothing differs (same name, city, specialty): the other's reviews attributed "
		       "silently: dev %ld/%ld, blind %ld/%ld; hers found: %ld/%ld\n",
		       t[0][1].fp, t[0][1].fp + t[0][1].tn, t[1][1].fp, t[1][1].fp + t[1][1].tn, alln.tp,
		       alln.tp + alln.fn);
		{
			struct tally r = readtally[0];
			r.tp += readtally[1].tp; r.fp += readtally[1].fp; r.fn += readtally[1].fn; r.tn += readtally[1].tn;
			printf("# the reviews the page reader found:\n");
			show("dev", &readtally[0]);
			show("blind", &readtally[1]);
			show("all", &r);
		}
		{
			struct tally pa = pagetally[0][0];
			pa.tp += pagetally[1][0].tp; pa.fp += pagetally[1][0].fp; pa.fn += pagetally[1][0].fn;
			pa.tn += pagetally[1][0].tn;
			printf("# pages whose subject the matcher takes as hers (city or specialty differ):\n");
			show("dev", &pagetally[0][0]);
			show("blind", &pagetally[1][0]);
			show("all", &pa);
			printf("# if the subject's verdict decided for every review it lists (reviews found):\n");
			show("dev", &verdict[0]);
			show("blind", &verdict[1]);
			printf("# pages where nothing differs taken as hers: %ld of %ld not hers, %ld of %ld hers\n",
			       pagetally[0][1].fp + pagetally[1][1].fp,
			       pagetally[0][1].fp + pagetally[1][1].fp + pagetally[0][1].tn + pagetally[1][1].tn,
			       pagetally[0][1].tp + pagetally[1][1].tp,
			       pagetally[0][1].tp + pagetally[1][1].tp + pagetally[0][1].fn + pagetally[1][1].fn);
			ok(precision(&pa) >= floor_pages && recall(&pa) >= floor_pages,
			   "pages: precision %.3f and recall %.3f >= %.3f where city or specialty differ", precision(&pa),
			   recall(&pa), floor_pages);
		}
		ok(precision(&all) >= floor_p, "precision %.3f >= %.3f where city or specialty differ",
		   precision(&all), floor_p);
		ok(recall(&all) >= floor_r, "recall %.3f >= %.3f where city or specialty differ", recall(&all),
		   floor_r);
	}
	return tap_done();
}
