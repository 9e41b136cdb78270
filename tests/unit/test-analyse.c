/* SPDX-License-Identifier: MIT */
/* One item, every practitioner: who is named, with what confidence; the
 * myth rule for items that name nobody (and watch_myths = no); not-me
 * rules; the record handed to the store. */
#include "analyse.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char conf[] =
	"[practitioner]\n"
	"name = Dr Jeanne Dupont\n"
	"specialty = dermatologie\n"
	"city = Lyon\n"
	"[practitioner onco]\n"
	"name = Paul Bernard\n"
	"specialty = oncologie\n"
	"[practitioner quiet]\n"
	"name = Anne Petit\n"
	"specialty = oncologie\n"
	"watch_myths = no\n";

/* the item is listed on a page whose subject is s */
#define PAGE(s) (rw_analyse_page(a, (s), v.source_url, about), v.page = about)

int
main(void)
{
	char path[] = "/tmp/rw-analyse.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	rw_config *cfg;
	rw_analyser *a;
	rw_analysis out[3];
	rw_mention_analysis rec;
	rw_err err = { 0 }, problem = { 0 };
	rw_item_view v;
	rw_page_about about[3];
	const rw_myth *onc = NULL, *gen = NULL;
	size_t i;

	setenv("REPWATCH_DATADIR", TEST_DATA "/../../feeds", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	if (!fp)
		return 1;
	fputs(conf, fp);
	fclose(fp);
	cfg = rw_config_load(path, &err);
	unlink(path);
	ok(cfg != NULL, "config: %s", err.msg);
	if (!cfg)
		return tap_done();
	a = rw_analyser_new(cfg, &problem);
	ok(a != NULL && problem.code == RW_OK, "analyser with catalogue and lexicons: %s", problem.msg);

	memset(&v, 0, sizeof(v));
	v.title = "Le Dr Jeanne Dupont, dermatologue à Lyon";
	v.summary = "Très à l'écoute, je recommande. 5/5";
	v.link = "https://avis.example/1";
	v.source_url = "https://avis.example/feed";
	v.rating = v.rating_best = -1;
	is_int(rw_analyse_item(a, &v, out), 1, "a review of her: stored once");
	ok(out[0].store && out[0].named && out[0].match.confidence == RW_CONF_HIGH, "for her, high: %s", out[0].why);
	ok(!out[1].store && !out[2].store, "not for the others");
	is_str(rw_category_name(out[0].cl.category), "review", "a review");
	ok(out[0].cl.sentiment.label == RW_POSITIVE && out[0].cl.sentiment.lang == RW_LANG_FR, "positive, French");
	rw_analysis_record(&out[0], &rec);
	ok(!strcmp(rec.confidence, "high") && !strcmp(rec.lang, "fr") && !strcmp(rec.label, "positive") &&
	   rec.myth == NULL && strstr(rec.match_reason, "title and full name"), "the record for the store");

	/* pick myths from the catalogue: one only oncologists watch, one for all */
	{
		rw_myths *c = rw_myths_new();
		rw_myths_load_dir(c, TEST_DATA "/../../feeds/myths", 0, &err);
		for (i = 0; i < rw_myths_count(c); i++) {
			const rw_myth *m = rw_myths_get(c, i);
			const rw_specialty *derm = rw_specialty_find("dermatologie"), *on = rw_specialty_find("oncologie");
			if (!onc && rw_myth_concerns(m, on) && !rw_myth_concerns(m, derm))
				onc = m;
			if (!gen && rw_myth_concerns(m, on) && rw_myth_concerns(m, derm))
				gen = m;
		}
		ok(onc && gen, "the catalogue has an oncology-only myth and a shared one");
		if (onc && gen) {
			char *onc_fr = strdup(onc->example_fr), *gen_fr = strdup(gen->example_fr);
			char *onc_id_copy = strdup(onc->id), *gen_id_copy = strdup(gen->id);
			rw_myths_free(&c);

			memset(&v, 0, sizeof(v));
			v.title = "Santé";
			v.summary = onc_fr;
			v.rating = v.rating_best = -1;
			v.hint = "news";
			is_int(rw_analyse_item(a, &v, out), 1, "an oncology myth naming nobody: stored once");
			ok(!out[0].store && out[1].store && !out[1].named && !out[2].store,
			   "for the oncologist who watches myths only");
			is_str(rw_category_name(out[1].cl.category), "misinformation", "as misinformation, whatever the hint");
			ok(out[1].cl.myth && !strcmp(out[1].cl.myth->id, onc_id_copy), "naming the myth");
			ok(strstr(out[1].why, "does not name you") != NULL, "and why: %s", out[1].why);
			rw_analysis_record(&out[1], &rec);
			ok(rec.confidence == NULL && rec.myth && !strcmp(rec.myth, onc_id_copy), "record: no confidence, the myth");

			/* the category is classify's, in its order: a rating comes first */
			v.rating = 1;
			v.rating_best = 5;
			is_int(rw_analyse_item(a, &v, out), 1, "a rated review carrying the myth, naming nobody: stored");
			is_str(rw_category_name(out[1].cl.category), "review", "...as a review (rule 1 before rule 3)");
			ok(out[1].cl.myth && !strcmp(out[1].cl.myth->id, onc_id_copy) &&
			   strstr(out[1].cl.reason, "rating"), "...with the myth named and the rating as reason: %s",
			   out[1].cl.reason);
			v.rating = v.rating_best = -1;

			v.summary = gen_fr;
			is_int(rw_analyse_item(a, &v, out), 2, "a shared myth: stored for both who watch myths");
			ok(out[0].store && out[1].store && !out[2].store, "watch_myths = no keeps it from the third");

			/* named and carrying a myth: a mention of her, with the myth */
			{
				char text[1024];
				snprintf(text, sizeof(text), "Dr Jeanne Dupont à Lyon : %s", gen_fr);
				v.summary = text;
				v.hint = NULL;
				rw_analyse_item(a, &v, out);
				ok(out[0].named && out[0].cl.category == RW_CAT_MISINFORMATION && out[0].cl.myth &&
				   !strcmp(out[0].cl.myth->id, gen_id_copy), "named with a myth: misinformation about her");
			}
			free(onc_fr);
			free(gen_fr);
			free(onc_id_copy);
			free(gen_id_copy);
		} else {
			rw_myths_free(&c);
		}
	}

	/* a review on her page does not name her: the page does */
	memset(&v, 0, sizeof(v));
	v.title = "Rendez-vous expédié";
	v.content = "Consultation de cinq minutes, j'aurais aimé plus d'explications.";
	v.link = "https://avis.example/jeanne-dupont#avis-3";
	v.source_url = "https://avis.example/jeanne-dupont";
	v.hint = "review";
	v.rating = 2;
	v.rating_best = 5;
	is_int(rw_analyse_item(a, &v, out), 0, "a review naming nobody, off any page: not stored");
	PAGE("Avis patients - Dr Jeanne Dupont, dermatologue à Lyon");
	is_int(rw_analyse_item(a, &v, out), 1, "on a page about her: stored once");
	ok(out[0].store && out[0].named && out[0].match.confidence == RW_CONF_HIGH && !out[1].store,
	   "for her, with the page's confidence");
	ok(strstr(out[0].why, "listed on a page about you") && strstr(out[0].why, "title and full name"),
	   "and says it was the page: %s", out[0].why);
	is_str(rw_category_name(out[0].cl.category), "review", "classified from its own text and rating");
	ok(out[0].cl.rating == 2 && out[0].cl.sentiment.label != RW_POSITIVE, "its rating, its sentiment");
	PAGE("Avis patients - Dr Paul Martin, cardiologue");
	is_int(rw_analyse_item(a, &v, out), 0, "on a page about someone else: not hers");
	v.content = "Le Dr Paul Bernard m'a reçu vite.";
	PAGE("Avis patients - Dr Jeanne Dupont, dermatologue à Lyon");
	is_int(rw_analyse_item(a, &v, out), 2, "a review naming another practitioner on her page");
	ok(out[0].store && strstr(out[0].why, "page about you") && out[1].store && !strstr(out[1].why, "page"),
	   "is hers by the page and his by name");

	/* not-me rules */
	memset(&v, 0, sizeof(v));
	v.title = "Jeanne Dupont gagne au handball";
	v.source_url = "https://sport.example/feed";
	v.rating = v.rating_best = -1;
	is_int(rw_analyse_item(a, &v, out), 1, "before the rule");
	ok(rw_analyser_add_rule(a, "default", "word", "handball") == 0, "a word rule");
	ok(rw_analyser_add_rule(a, "nobody", "word", "x") == 0, "an unknown practitioner is ignored");
	is_int(rw_analyse_item(a, &v, out), 0, "after the rule: not stored");
	v.title = "Dr Jeanne Dupont, dermatologue à Lyon";
	ok(rw_analyser_add_rule(a, "default", "source", "https://sport.example/feed") == 0, "a source rule");
	is_int(rw_analyse_item(a, &v, out), 0, "nothing from that source");
	v.source_url = "https://other.example/feed";
	is_int(rw_analyse_item(a, &v, out), 1, "other sources still count");

	memset(&v, 0, sizeof(v));
	v.rating = v.rating_best = -1;
	is_int(rw_analyse_item(a, &v, out), 0, "an empty item");
	rw_analyser_free(&a);
	ok(a == NULL, "free NULLs the pointer");
	rw_analyser_free(&a);
	rw_config_free(&cfg);
	return tap_done();
}
