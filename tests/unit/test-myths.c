/* SPDX-License-Identifier: MIT */
/* The myth catalogue: every shipped file validates; each myth's patterns
 * match its own French and English examples and none of its negatives or
 * its own correction; user files add and replace; broken files and
 * patterns are named and skipped; who watches which myth. */
#include "myths.h"
#include "stance.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MYTHS TEST_DATA "/../../feeds/myths"

static int
prepared_match(const rw_myth *m, const char *text, rw_lang lang)
{
	char *p = rw_myths_prepare(text);
	int r = p ? rw_myth_matches(m, p, lang) : -1;

	free(p);
	return r;
}

/* Would the read step flag text with m: does m match, and does the stance
 * judge say the text asserts it?  Negative examples and corrections quote
 * the myth to deny it; the patterns may match them, the verdict must not
 * be "assert". */
static rw_stance_cues *cues;

static int
flagged(const rw_myth *m, const char *text, rw_lang lang)
{
	char *p = rw_myths_prepare(text);
	size_t s = 0, e = 0;
	int r = -1;

	if (p) {
		r = rw_myth_matches(m, p, lang);
		if (r && rw_myth_locate(m, p, lang, &s, &e) == 1)
			r = rw_stance_judge(cues, p, lang, s, e, m->claim_negative ? RW_STANCE_CLAIM_NEGATIVE : 0, NULL) ==
			    RW_STANCE_ASSERT;
	}
	free(p);
	return r;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static const char user_file[] =
	"{\"version\": 1, \"topic\": \"local\", \"myths\": [\n"
	" {\"id\": \"local-garlic-otitis\", \"specialties\": [\"ent\", \"pediatrics\"],\n"
	"  \"patterns\": {\"fr\": [\"ail[ ,:;]{1,4}(ca )?(soign|guer)[a-z]* (les |l.{1,3})?otite\"],\n"
	"               \"en\": [\"garlic (oil )?(cures|treats) (ear infections|otitis)\"]},\n"
	"  \"correction\": {\"fr\": \"Consultez.\", \"en\": \"See a doctor.\"},\n"
	"  \"sources\": [{\"name\": \"NHS\", \"url\": \"https://www.nhs.uk/\", \"lang\": \"en\"}]},\n"
	" {\"id\": \"local-broken\", \"patterns\": {\"fr\": [\"(unclosed\"]}},\n"
	" {\"id\": \"local-bad-specialty\", \"specialties\": [\"astrology\"], \"patterns\": {\"fr\": [\"x\"]}},\n"
	" {\"id\": \"Bad Id\", \"patterns\": {\"fr\": [\"x\"]}},\n"
	" {\"id\": \"local-replaces\", \"patterns\": {\"en\": [\"the moon cures warts\"]}},\n"
	" {\"id\": \"local-backslash\", \"patterns\": {\"fr\": [\"lune\\\\. soleil\"]}}\n"
	"]}\n";

/* One filter pass per text (rw_myths_hits) gives, for every language and
 * specialty, the myths found by trying every pattern of every myth in
 * catalogue order; a myth located twice is placed the same way (its regex
 * compiled once and kept). */
static void
hits_agree(const rw_myths *c)
{
	static const rw_lang langs[] = { RW_LANG_FR, RW_LANG_EN, RW_LANG_UNKNOWN };
	const rw_specialty *derm = rw_specialty_find("dermatology");
	size_t i, k, n = rw_myths_count(c), texts = 0, same = 0, found = 0, placed = 0, located = 0;

	for (i = 0; i < n; i++) {
		const rw_myth *m = rw_myths_get(c, i);
		const char *ex[4] = { m->example_fr, m->example_en, m->example_fr_negative, m->example_en_negative };
		for (k = 0; k < 4; k++) {
			char *p = rw_myths_prepare(ex[k]);
			rw_myths_hits *h = p ? rw_myths_hits_new(c, p) : NULL;
			size_t l;
			if (!h) {
				ok(0, "memory for the filter's answer on '%s'", ex[k]);
				free(p);
				continue;
			}
			for (l = 0; l < 3; l++) {
				const rw_myth *fast[16], *slow[16];
				size_t nf = rw_myths_match_hits(c, p, h, langs[l], l == 2 ? derm : NULL, l != 2, fast, 16), ns = 0, j;
				for (j = 0; j < n && ns < 16; j++)
					if ((l != 2 || rw_myth_concerns(rw_myths_get(c, j), derm)) &&
					    rw_myth_matches(rw_myths_get(c, j), p, langs[l]))
						slow[ns++] = rw_myths_get(c, j);
				texts++;
				found += nf > 0;
				same += nf == ns && !memcmp(fast, slow, nf * sizeof(*fast)) &&
				        rw_myths_hits_any(h) == rw_myths_may_match(c, p) && (!nf || rw_myths_hits_any(h));
				if (nf) {
					size_t s1 = 0, e1 = 0, s2 = 1, e2 = 1;
					located++;
					placed += rw_myth_locate(fast[0], p, langs[l], &s1, &e1) == 1 &&
					          rw_myth_locate(fast[0], p, langs[l], &s2, &e2) == 1 && s1 == s2 && e1 == e2 && s1 < e1;
				}
			}
			rw_myths_hits_free(&h);
			free(p);
		}
	}
	ok(same == texts, "one filter pass per text: the myths of trying every pattern (%zu of %zu, %zu with a myth)", same,
	   texts, found);
	ok(found > texts / 5 && found < texts, "both answers exercised: %zu of %zu find a myth", found, texts);
	ok(placed == located, "a myth located twice is placed the same (%zu of %zu)", placed, located);
	{
		rw_myths_hits *h = rw_myths_hits_new(c, "rien a voir");
		ok(h && !rw_myths_hits_any(h), "a text with no myth's strings: no candidate");
		rw_myths_hits_free(&h);
		ok(h == NULL, "rw_myths_hits_free sets the pointer to NULL");
		rw_myths_hits_free(NULL);
	}
}

/* a translator with po/fr.po's words for the messages of a broken pattern */
static const char *
french(const char *msgid)
{
	static const char *const pairs[][2] = {
		{ "myth catalogue '%s': myth '%s': %s", "catalogue des idées fausses « %s » : idée fausse « %s » : %s" },
		{ "pattern %s #%zu '%s' does not compile: %s", "le motif %s nº %zu « %s » ne se compile pas : %s" },
		{ "near rule %s #%zu does not compile: %s", "la règle de proximité %s nº %zu ne se compile pas : %s" },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (!strcmp(msgid, pairs[i][0]))
			return pairs[i][1];
	return NULL;
}

int
main(void)
{
	rw_myths *c = rw_myths_new();
	rw_err problem = { 0 };
	size_t i, n, topics = 0;
	int loaded;
	char dir[] = "/tmp/rw-myths.XXXXXX", path[256];
	const rw_specialty *derm = rw_specialty_find("dermatology"), *gp = rw_specialty_find("generaliste");
	const rw_specialty *cardio = rw_specialty_find("cardiologie");

	cues = rw_stance_load(TEST_DATA "/../../feeds/stance", &problem);
	ok(cues != NULL, "the stance cues load: %s", problem.msg);
	loaded = rw_myths_load_dir(c, MYTHS, 1, &problem);
	n = rw_myths_count(c);
	ok(loaded > 0 && (size_t)loaded == n, "shipped catalogue loads (%zu myths)", n);
	ok(problem.code == RW_OK, "every shipped file validates strictly: %s", problem.msg[0] ? problem.msg : "no problem");
	ok(n >= 40, "at least 40 myths (%zu)", n);
	for (i = 0; i < n; i++) {
		const rw_myth *m = rw_myths_get(c, i);
		int has_general = 0;
		size_t k;
		if (i == 0 || strcmp(m->topic, rw_myths_get(c, i - 1)->topic))
			topics++;
		is_int(flagged(m, m->example_fr, RW_LANG_FR), 1, "%s: French example is flagged: %s", m->id, m->example_fr);
		is_int(flagged(m, m->example_en, RW_LANG_EN), 1, "%s: English example is flagged: %s", m->id, m->example_en);
		is_int(prepared_match(m, m->example_fr, RW_LANG_UNKNOWN), 1, "%s: French example, language unknown", m->id);
		is_int(flagged(m, m->example_fr_negative, RW_LANG_FR), 0, "%s: French negative is not flagged: %s", m->id,
		       m->example_fr_negative);
		is_int(flagged(m, m->example_en_negative, RW_LANG_EN), 0, "%s: English negative is not flagged: %s", m->id,
		       m->example_en_negative);
		is_int(flagged(m, m->correction_fr, RW_LANG_FR), 0, "%s: its French correction is not flagged", m->id);
		is_int(flagged(m, m->correction_en, RW_LANG_EN), 0, "%s: its English correction is not flagged", m->id);
		ok(m->nsources >= 2 && m->nsources <= 4 && m->sources[0].url && !strncmp(m->sources[0].url, "https://", 8),
		   "%s: 2 to 4 sources with https addresses", m->id);
		for (k = 0; m->specialties[k]; k++)
			has_general |= !strcmp(m->specialties[k], "general");
		ok(rw_myth_concerns(m, gp), "%s: a GP watches it", m->id);
		ok(rw_myths_match(c, m->example_fr, RW_LANG_FR, NULL, 1) != NULL &&
		   rw_myths_match(c, m->example_en, RW_LANG_EN, NULL, 1) != NULL,
		   "%s: the catalogue-wide index lets its examples through", m->id);
		if (has_general)
			ok(rw_myth_concerns(m, cardio), "%s: 'general': everyone watches it", m->id);
	}
	ok(topics >= 10, "myths across specialties (%zu topics)", topics);

	/* a dermatologist watches dermatology myths, not cardiology-only ones */
	{
		const rw_myth *d = NULL, *only_cardio = NULL;
		for (i = 0; i < n; i++) {
			const rw_myth *m = rw_myths_get(c, i);
			size_t k;
			int general = 0, derm_ = 0, card = 0, others = 0;
			for (k = 0; m->specialties[k]; k++) {
				general |= !strcmp(m->specialties[k], "general");
				derm_ |= !strcmp(m->specialties[k], "dermatology");
				card |= !strcmp(m->specialties[k], "cardiology");
				others += strcmp(m->specialties[k], "cardiology") != 0;
			}
			if (derm_ && !d)
				d = m;
			if (card && !others && !general && !only_cardio)
				only_cardio = m;
		}
		ok(d && rw_myth_concerns(d, derm), "a dermatologist watches %s", d ? d->id : "(none)");
		ok(!only_cardio || !rw_myth_concerns(only_cardio, derm), "a dermatologist does not watch %s",
		   only_cardio ? only_cardio->id : "(none)");
		ok(rw_myth_concerns(d ? d : rw_myths_get(c, 0), NULL), "an unknown specialty watches everything");
		if (d) {
			ok(rw_myths_match(c, d->example_fr, RW_LANG_FR, derm, 0) != NULL, "match() finds a dermatology myth in '%s'",
			   d->example_fr);
			ok(rw_myths_match(c, d->example_en, RW_LANG_UNKNOWN, derm, 0) != NULL, "and its English example, language unknown");
		}
		if (only_cardio)
			ok(rw_myths_match(c, only_cardio->example_fr, RW_LANG_FR, derm, 0) == NULL &&
			   rw_myths_match(c, only_cardio->example_fr, RW_LANG_FR, derm, 1) != NULL,
			   "a cardiology myth is not the dermatologist's, unless every myth is asked for");
	}
	ok(rw_myths_match(c, "Bonne consultation, merci docteur.", RW_LANG_FR, NULL, 1) == NULL, "a plain review carries no myth");
	ok(rw_myths_match(c, "", RW_LANG_FR, NULL, 1) == NULL, "empty text");
	hits_agree(c);

	/* user files: add, replace, and skip what is broken */
	if (!mkdtemp(dir))
		return tap_done();
	if (n) {
		char replacing[1024];
		snprintf(path, sizeof(path), "%s/a-replace.json", dir);
		snprintf(replacing, sizeof(replacing),
		         "{\"version\": 1, \"topic\": \"mine\", \"myths\": [{\"id\": \"%s\", "
		         "\"patterns\": {\"fr\": [\"la lune guerit\"]}}]}", rw_myths_get(c, 0)->id);
		write_file(path, replacing);
	}
	snprintf(path, sizeof(path), "%s/b-local.json", dir);
	write_file(path, user_file);
	snprintf(path, sizeof(path), "%s/c-broken.json", dir);
	write_file(path, "{\"version\": 1, \"myths\": [");
	snprintf(path, sizeof(path), "%s/ignored.txt", dir);
	write_file(path, "not json");
	memset(&problem, 0, sizeof(problem));
	loaded = rw_myths_load_dir(c, dir, 0, &problem);
	is_int(loaded, n ? 4 : 3, "user files: 1 replaced + 3 added, broken ones skipped");
	ok(problem.code != RW_OK && strstr(problem.msg, "b-local.json") && strstr(problem.msg, "local-broken") &&
	   strstr(problem.msg, "does not compile"), "the first problem names file, myth and cause: %s", problem.msg);
	ok(rw_myths_find(c, "local-garlic-otitis") != NULL, "a user myth is added");
	ok(!rw_myths_find(c, "local-broken") && !rw_myths_find(c, "local-bad-specialty"), "broken myths are skipped");
	if (n) {
		const rw_myth *r = rw_myths_get(c, 0);
		ok(prepared_match(r, "la lune guerit tout", RW_LANG_FR) == 1 && !r->example_fr,
		   "a user myth with a shipped id replaces it whole");
	}
	{
		const rw_myth *g = rw_myths_find(c, "local-garlic-otitis");
		ok(g && prepared_match(g, "L\xE2\x80\x99" "ail, ça soigne les otites des enfants.", RW_LANG_FR) == 1,
		   "typographic apostrophe and accents are folded for the patterns");
		ok(g && !rw_myth_concerns(g, derm) && rw_myth_concerns(g, rw_specialty_find("pediatre")),
		   "a user myth's specialties count");
		ok(g && !strcmp(rw_myth_correction(g, RW_LANG_EN), "See a doctor.") &&
		   !strcmp(rw_myth_correction(g, RW_LANG_FR), "Consultez."), "corrections in each language");
	}
	/* a pattern the index leaves out (a backslash) is still tried */
	{
		const rw_myth *b = rw_myths_match(c, "la lune. soleil", RW_LANG_FR, NULL, 1);
		ok(b && !strcmp(b->id, "local-backslash"), "a pattern with a backslash still matches (%s)", b ? b->id : "none");
		ok(!rw_myths_match(c, "la lune, soleil", RW_LANG_FR, NULL, 1), "and only where it should");
	}
	/* a lenient myth without specialties concerns everyone */
	{
		const rw_myth *m = rw_myths_find(c, "local-replaces");
		ok(m && rw_myth_concerns(m, cardio), "no specialties: general");
	}
	/* the problem in the user's language, what is wrong with the myth too */
	{
		rw_myths *t = rw_myths_new();
		rw_err fr = { 0 };
		rw_err_set_translator(french);
		rw_myths_load_dir(t, dir, 0, &fr);
		rw_err_set_translator(NULL);
		ok(strstr(fr.msg, "catalogue des idées fausses") && strstr(fr.msg, "ne se compile pas"),
		   "a problem is translated whole: %s", fr.msg);
		rw_myths_free(&t);
	}
	is_int(rw_myths_load_dir(c, "/nonexistent/myths", 0, &problem), 0, "a missing folder adds nothing");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		printf("# could not remove %s\n", dir);
	rw_myths_free(&c);
	ok(c == NULL, "free NULLs the pointer");
	rw_myths_free(&c);
	rw_stance_free(&cues);
	return tap_done();
}
