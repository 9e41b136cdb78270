/* SPDX-License-Identifier: MIT */
/* "Not about me" (notme.h) and the myth of a stored mention (mythof.h), on
 * a real store and the shipped myth catalogue. */
#include "config.h"
#include "myths.h"
#include "mythof.h"
#include "notme.h"
#include "store.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MYTHS TEST_DATA "/../../feeds/myths"

static char dir[] = "/tmp/rw-test-notme-XXXXXX";

static char *
in_dir(const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

static int64_t
add_mention(rw_store *s, int64_t scan, int64_t src, const char *practitioner, const char *guid, const char *title,
            const char *body)
{
	rw_observation o;
	rw_change ch = RW_CHANGE_NONE;
	rw_err err = { 0 };
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.practitioner = practitioner;
	o.guid = guid;
	o.title = title;
	o.body = body;
	o.category = "social";
	o.published = 1000;
	o.rating = -1;
	o.rating_best = -1;
	if (rw_store_observe(s, scan, src, 1000, &o, &ch, &id, &err))
		printf("# observe failed: %s\n", err.msg);
	return id;
}

static int
not_me(rw_store *s, int64_t id)
{
	rw_mention_analysis_row a;

	memset(&a, 0, sizeof(a));
	return rw_store_get_analysis(s, id, &a, NULL) == RW_OK ? a.not_me : -1;
}

/* rules of mention id, "kind:value" joined with '|' */
struct rules { int64_t id; char text[512]; };

static int
rule_of(int64_t id, const char *practitioner, const char *kind, const char *value, int64_t mention_id,
        int64_t created, void *data)
{
	struct rules *r = data;

	(void)id;
	(void)practitioner;
	(void)created;
	if (mention_id == r->id)
		snprintf(r->text + strlen(r->text), sizeof(r->text) - strlen(r->text), "%s%s:%s", *r->text ? "|" : "",
		         kind, value);
	return 0;
}

static const char *
rules_of(rw_store *s, int64_t id, struct rules *r)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	rw_store_each_not_me(s, NULL, rule_of, r, NULL);
	return r->text;
}

int
main(void)
{
	char *conf, *db;
	FILE *fp;
	rw_err err = { 0 };
	rw_config *cfg;
	rw_store *s;
	rw_source_state st;
	rw_notme_result r;
	struct rules rl;
	const char *who;
	const char *words[] = { "handball", "Marseille" };
	int64_t scan = 0, src, homonym, other, plain, myth_id;
	rw_myths *cat;
	const rw_myth *m, *got;
	int stored;

	if (!mkdtemp(dir))
		return 99;
	conf = in_dir("repwatch.conf");
	db = in_dir("repwatch.db");
	fp = fopen(conf, "w");
	fputs("[practitioner]\nname = Jeanne Dupont\nspecialty = dermatology\ncity = Lyon\n", fp);
	fclose(fp);
	cfg = rw_config_load(conf, &err);
	ok(cfg && cfg->npractitioners == 1, "configuration loads: %s", err.msg);
	s = rw_store_open(db, &err);
	ok(s != NULL, "store opens: %s", err.msg);
	if (!cfg || !s)
		return tap_done();
	who = cfg->practitioners[0].id;
	rw_store_source_get(s, "https://forum.example/rss", NULL, &st, &err);
	src = st.id;
	rw_source_state_clear(&st);
	rw_store_scan_begin(s, 1000, &scan, &err);
	rw_store_begin(s, &err);
	homonym = add_mention(s, scan, src, who, "g1", "Jeanne Dupont", "Jeanne Dupont, avocate au barreau de Paris");
	other = add_mention(s, scan, src, who, "g2", "Match de handball", "Jeanne Dupont marque trois buts");
	plain = add_mention(s, scan, src, who, "g3", "Une question", "Quelqu'un connaît Jeanne Dupont ?");
	rw_store_commit(s, &err);
	ok(homonym > 0 && other > 0 && plain > 0, "three mentions stored");

	/* nothing given: the words the profile finds against her */
	ok(!rw_notme_learn(s, cfg, homonym, NULL, 0, 0, 1, 2000, &r, &err), "dry run: %s", err.msg);
	ok(r.found && r.automatic && r.nwords >= 2, "it would learn the words against her (%zu)", r.nwords);
	is_str(r.practitioner, who, "for the practitioner the mention was matched to");
	is_int(not_me(s, homonym), 0, "a dry run changes nothing");
	is_str(rules_of(s, homonym, &rl), "", "...and learns nothing");
	rw_notme_result_clear(&r);
	ok(!rw_notme_learn(s, cfg, homonym, NULL, 0, 0, 0, 2000, &r, &err), "learn: %s", err.msg);
	is_int(not_me(s, homonym), 1, "the mention is marked not about her");
	ok(strstr(rules_of(s, homonym, &rl), "word:avocate") && strcasestr(rl.text, "word:paris"),
	   "the homonym's word and the other city are rules: %s", rl.text);
	ok(r.word_rules[0] > 0, "the result has the rules' ids");
	rw_notme_result_clear(&r);

	/* words given, and the source */
	ok(!rw_notme_learn(s, cfg, other, words, 2, 1, 0, 2000, &r, &err), "learn words and source: %s", err.msg);
	is_str(rules_of(s, other, &rl), "word:handball|word:Marseille|source:https://forum.example/rss",
	       "the words given and the source, as given");
	ok(strstr(r.text, "handball") && !strstr(r.text, "Marseille"), "the text is returned for the caller's checks");
	ok(!r.automatic, "nothing was guessed");
	rw_notme_result_clear(&r);

	/* nothing against her: marked, no rule */
	ok(!rw_notme_learn(s, NULL, plain, NULL, 0, 0, 0, 2000, &r, &err), "no profile: %s", err.msg);
	is_int((int)r.nwords, 0, "no word found");
	is_int(not_me(s, plain), 1, "marked all the same");
	rw_notme_result_clear(&r);

	memset(&err, 0, sizeof(err));
	is_int(rw_notme_learn(s, cfg, 999, NULL, 0, 0, 0, 2000, &r, &err), RW_E_USAGE, "no such mention: %s", err.msg);
	ok(!r.found, "...and the result says it was not found");
	rw_notme_result_clear(&r);
	memset(&err, 0, sizeof(err));
	is_int(rw_notme_learn(s, cfg, plain, NULL, 17, 0, 0, 2000, &r, &err), RW_E_USAGE, "too many words: %s", err.msg);
	rw_notme_result_clear(&r);

	ok(!rw_notme_undo(s, homonym, &err), "undo");
	is_int(not_me(s, homonym), 0, "the mention is listed again");
	ok(strstr(rules_of(s, homonym, &rl), "word:avocate") != NULL, "its rules stay");
	memset(&err, 0, sizeof(err));
	is_int(rw_notme_undo(s, 999, &err), RW_E_USAGE, "undo of no mention: %s", err.msg);

	/* the myth of a mention: the stored id first, else the text */
	cat = rw_myths_new();
	rw_myths_load_dir(cat, MYTHS, 1, NULL);
	m = rw_myths_find(cat, "sunscreen-causes-cancer");
	ok(m && m->example_fr, "the catalogue has sunscreen-causes-cancer");
	if (m) {
		rw_store_begin(s, &err);
		myth_id = add_mention(s, scan, src, who, "g4", "Crème solaire", m->example_fr);
		rw_store_commit(s, &err);
		got = rw_mythof_mention(cat, s, myth_id, "Crème solaire", m->example_fr, &stored);
		ok(got == m && !stored, "no stored myth: the text's match");
		{
			rw_mention_analysis a;
			memset(&a, 0, sizeof(a));
			a.myth = "natural-oil-sunscreen";
			a.label = "neutral";
			rw_store_set_analysis(s, myth_id, &a, &err);
		}
		got = rw_mythof_mention(cat, s, myth_id, "Crème solaire", m->example_fr, &stored);
		ok(got && !strcmp(got->id, "natural-oil-sunscreen") && stored, "the stored myth id wins over the text");
		ok(rw_mythof_mention(cat, s, plain, "Une question", "Quelqu'un connaît Jeanne Dupont ?", &stored) == NULL &&
		   !stored, "no myth in a plain question");
		ok(rw_mythof_mention(NULL, s, myth_id, NULL, NULL, &stored) == NULL && stored,
		   "without a catalogue: none, but it says one was stored");
	}
	rw_myths_free(&cat);
	rw_store_close(&s);
	rw_config_free(&cfg);
	unlink(db);
	unlink(conf);
	{
		char *cmd;
		if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0) {
			if (system(cmd) != 0)
				fprintf(stderr, "# could not remove %s\n", dir);
			free(cmd);
		}
	}
	free(db);
	free(conf);
	return tap_done();
}
