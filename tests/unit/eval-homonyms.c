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
#include "read.h"
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

/* One page of a group, read and judged. */
struct read_page {
	rw_feed *feed;
	char *data;
	rw_page_about about[1];
	rw_page_doubt doubt[1];
	int claimed;      /* the subject names her (not a homonym) */
	int page_said;    /* the matcher takes the subject as hers */
};

int
main(int argc, char **argv)
{
	static struct page pages[MAX_PAGES];
	static struct read_page rp[MAX_PAGES];
	const char *dir, *only = "all";
	double floor_p = 0, floor_r = 0, floor_pages = 0, floor_unsure = -1;
	int npages, i, j, show_errors = 0, use_doubt = 1;
	/* [split dev=0 blind=1][differ=0 neither=1] */
	struct tally t[2][2], pagetally[2][2], readtally[2], verdict[2];
	long missed_reviews = 0, found_reviews = 0;
	/* where nothing differs, [split]: the other's reviews stored silently
	 * (as hers, not uncertain), marked uncertain, left out; hers stored
	 * (certain or uncertain) and of them uncertain */
	long silent[2] = { 0 }, unsure[2] = { 0 }, others[2] = { 0 }, hers_found[2] = { 0 }, hers[2] = { 0 },
	     hers_unsure[2] = { 0 };
	long differ_unsure[2] = { 0 };   /* where city or specialty differ: stored and uncertain */

	if (argc < 2) {
		fprintf(stderr, "usage: eval-homonyms HOMONYMS-DIR [--floor-precision X] [--floor-recall X] "
		        "[--floor-pages X] [--floor-uncertain X] [--split dev|blind|all] [--no-doubt] "
		        "[--show-errors]\n");
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
		else if (!strcmp(argv[i], "--floor-uncertain") && i + 1 < argc)
			floor_unsure = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--split") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--no-doubt"))
			use_doubt = 0;   /* as before uncertain mentions existed */
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
	/* group by group (its pages follow each other): read every page of the
	 * group, judge each page's doubt, then across the group's pages (as
	 * the scan does across her sources: every same-name page is one), then
	 * count the reviews */
	for (i = 0; i < npages;) {
		int end, g;
		rw_config *cfg = NULL;
		rw_analyser *a = NULL;
		rw_err err = { 0 };
		char path[4096];

		for (end = i; end < npages && !strcmp(pages[end].group, pages[i].group); end++)
			;
		if (strcmp(only, "all") && strcmp(only, pages[i].split)) {
			i = end;
			continue;
		}
		snprintf(path, sizeof(path), "%s/configs/%s.conf", dir, pages[i].group);
		cfg = rw_config_load(path, &err);
		ok(cfg != NULL, "%s: config: %s", pages[i].group, err.msg);
		if (cfg)
			a = rw_analyser_new(cfg, &err);
		if (!a) {
			rw_config_free(&cfg);
			i = end;
			continue;
		}
		for (g = i; g < end; g++) {
			struct page *pg = &pages[g];
			struct read_page *r = &rp[g];
			char url[256];
			rw_parse_opts o;
			size_t len = 0;

			memset(r, 0, sizeof(*r));
			snprintf(path, sizeof(path), "%s/pages/%s", dir, pg->name);
			snprintf(url, sizeof(url), "https://reviews.example/%s", pg->name);
			r->data = slurp(path, &len);
			memset(&o, 0, sizeof(o));
			o.url = url;
			o.content_type = "text/html; charset=utf-8";
			o.text_only = 1;
			r->feed = r->data ? rw_parse_page(r->data, len, &o, NULL, &err) : NULL;
			ok(r->feed != NULL, "%s: read: %s", pg->name, err.msg);
			if (!r->feed)
				continue;
			{
				rw_matcher *mt = rw_matcher_new(&cfg->practitioners[0]);
				rw_match_set *set = malloc(sizeof(*set));
				r->page_said = mt && set && r->feed->subject && rw_matcher_scan(mt, r->feed->subject, url, set) > 0;
				if (show_errors && r->page_said != pg->watched && set && strcmp(pg->differs, "neither"))
					printf("# %s %s page: %s (%s) [%s]\n", pg->split, pg->name,
					       r->page_said ? "taken as hers" : "not taken as hers",
					       set->best >= 0 ? set->hits[set->best].reason : set->n ? set->hits[0].reason : "",
					       r->feed->subject ? r->feed->subject : "");
				free(set);
				rw_matcher_free(&mt);
			}
			if (rw_analyse_page(a, r->feed->subject, url, r->about) < 0 ||
			    rw_read_page_doubt(a, r->feed, url, r->about, r->doubt) < 0) {
				ok(0, "%s: out of memory", pg->name);
				return tap_done();
			}
			r->claimed = r->about[0].named && !r->about[0].someone_else && r->doubt[0].settled >= 0;
		}
		/* two pages that claim her as surely but describe different people */
		for (g = i; g < end; g++)
			for (j = i; j < end; j++)
				if (g != j && rp[g].claimed && rp[j].claimed && !rp[g].doubt[0].settled &&
				    !rp[g].doubt[0].uncertain && rw_read_cards_differ(rp[g].feed->card, rp[j].feed->card)) {
					rp[g].doubt[0].uncertain = 1;
					snprintf(rp[g].doubt[0].why, sizeof(rp[g].doubt[0].why),
					         "another page names her as surely and describes someone else (%s)", pages[j].name);
				}
		for (g = i; g < end; g++) {
			struct page *pg = &pages[g];
			struct read_page *r = &rp[g];
			int blind = !strcmp(pg->split, "blind"), neither = !strcmp(pg->differs, "neither");
			int page_unsure = use_doubt && r->doubt[0].uncertain && !r->doubt[0].settled;
			char url[256];
			size_t k;

			if (!r->feed)
				continue;
			snprintf(url, sizeof(url), "https://reviews.example/%s", pg->name);
			count(&pagetally[blind][neither], pg->watched, r->page_said);
			if (show_errors && r->doubt[0].why[0])
				printf("# %s %s page: %s: %s\n", pg->split, pg->name, page_unsure ? "uncertain" : "settled",
				       r->doubt[0].why);
			for (k = 0; k < (size_t)pg->nreviews; k++) {
				rw_analysis out[1];
				int said = 0;
				if (k < r->feed->nitems) {
					const rw_item *it = &r->feed->items[k];
					rw_item_view v = { it->title, it->summary, it->content, it->link, url, "reviews",
					                   it->rating, it->rating_best, r->about };
					if (rw_analyse_item(a, &v, out) < 0) {
						ok(0, "%s: out of memory", pg->name);
						break;
					}
					said = out[0].store && (!use_doubt || r->doubt[0].settled >= 0);
					found_reviews++;
					if (!neither) {
						count(&readtally[blind], pg->truth[k], said);
						/* a verdict from the subject, once for the page: every
						 * review it lists is hers, or none is */
						count(&verdict[blind], pg->truth[k], r->page_said);
						differ_unsure[blind] += said && page_unsure;
					}
					if (show_errors && said != pg->truth[k] && !neither)
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
				if (neither && !pg->truth[k]) {
					others[blind]++;
					silent[blind] += said && !page_unsure;
					unsure[blind] += said && page_unsure;
					if (show_errors && said && !page_unsure)
						printf("# %s %s review %zu: the other's, attributed silently\n", pg->split, pg->name, k);
				} else if (neither) {
					hers[blind]++;
					hers_found[blind] += said;
					hers_unsure[blind] += said && page_unsure;
				}
			}
		}
		for (g = i; g < end; g++) {
			rw_feed_free(rp[g].feed);
			free(rp[g].data);
		}
		rw_analyser_free(&a);
		rw_config_free(&cfg);
		i = end;
	}
	{
		struct tally all = t[0][0];
		all.tp += t[1][0].tp; all.fp += t[1][0].fp; all.fn += t[1][0].fn; all.tn += t[1][0].tn;
		printf("# reviews read %ld, not found by the page reader %ld%s\n", found_reviews, missed_reviews,
		       use_doubt ? "" : " (--no-doubt: uncertain pages not marked)");
		printf("# city or specialty differ (stored for her, certain or uncertain):\n");
		show("dev", &t[0][0]);
		show("blind", &t[1][0]);
		show("all", &all);
		printf("# city or specialty differ: stored for her but marked uncertain: dev %ld, blind %ld\n",
		       differ_unsure[0], differ_unsure[1]);
		printf("# nothing differs (same name, city, specialty): the other's reviews\n");
		printf("#   attributed silently:  dev %ld/%ld, blind %ld/%ld, all %ld/%ld\n", silent[0], others[0],
		       silent[1], others[1], silent[0] + silent[1], others[0] + others[1]);
		printf("#   stored, uncertain:    dev %ld/%ld, blind %ld/%ld, all %ld/%ld\n", unsure[0], others[0],
		       unsure[1], others[1], unsure[0] + unsure[1], others[0] + others[1]);
		printf("# nothing differs: hers found %ld/%ld (dev %ld/%ld, blind %ld/%ld), of them uncertain %ld\n",
		       hers_found[0] + hers_found[1], hers[0] + hers[1], hers_found[0], hers[0], hers_found[1], hers[1],
		       hers_unsure[0] + hers_unsure[1]);
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
		if (floor_unsure >= 0) {
			long n = others[0] + others[1], sure = n - silent[0] - silent[1];
			ok(n > 0 && (double)sure / (double)n >= floor_unsure,
			   "nothing differs: %ld of %ld of the other's reviews not attributed silently (uncertain or "
			   "left out), >= %.3f", sure, n, floor_unsure);
		}
	}
	return tap_done();
}
