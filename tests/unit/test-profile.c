/* SPDX-License-Identifier: MIT */
/* The [practitioner] keys: every key read, lists, several practitioners,
 * and the errors a user can act on; the specialty table. */
#include "config.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct bad_case {
	const char *key, *value, *why;
};

static const struct bad_case bad[] = {
	{ "rpps", "1234", "an RPPS number has 11 digits" },
	{ "adeli", "12a456789", "an ADELI number has 9 digits" },
	{ "languages", "fr, english", "expected two-letter language codes" },
	{ "watch_myths", "maybe", "expected yes or no" },
	{ "homonym", "lawyer:", "say what tells the other person apart" },
	{ "usage_name", "  ", "one name is needed" },
	{ "name", "Dr. ", "a name is needed" },
	{ "colour", "blue", "unknown key (known: name, usage_name" },
};

static rw_config *
load(const char *text, rw_err *err)
{
	char path[] = "/tmp/rw-profile.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp;
	rw_config *c;

	if (fd < 0 || !(fp = fdopen(fd, "w")))
		return NULL;
	fputs(text, fp);
	fclose(fp);
	c = rw_config_load(path, err);
	unlink(path);
	return c;
}

int
main(void)
{
	rw_practitioner p;
	rw_config *c;
	rw_err err = { 0 };
	char why[512];
	size_t i;
	const rw_specialty *s;

	c = load("[practitioner]\n"
	         "name = Pr Jeanne Dupont\n"
	         "usage_name = Jeanne Martin\n"
	         "maiden_name = Morel\n"
	         "variants = J. Dupont, Jeanne D.\n"
	         "title = Pr\n"
	         "specialty = Dermatologie\n"
	         "city = Lyon, Villeurbanne\n"
	         "practice = Clinique du Parc\n"
	         "hospital = Hôpital Édouard-Herriot\n"
	         "rpps = 100 0123 4567\n"
	         "adeli = 691234567\n"
	         "languages = FR, en\n"
	         "context = laser, mélanome\n"
	         "homonym = lawyer in Paris: avocate, barreau\n"
	         "homonym = handball, volley\n"
	         "watch_myths = no\n"
	         "[practitioner jg]\n"
	         "name = Jean-Guy Martin\n", &err);
	ok(c != NULL, "every key is read: %s", err.msg);
	if (c) {
		const rw_practitioner *j = &c->practitioners[0];
		is_int((long long)c->npractitioners, 2, "two practitioners");
		is_str(j->name, "Jeanne Dupont", "title dropped from the name");
		ok(j->nnames == 2 && !strcmp(j->names[0], "Jeanne Martin") && !strcmp(j->names[1], "Morel"),
		   "usage and maiden names kept as typed");
		ok(j->nvariants == 2 && !strcmp(j->variants[1], "Jeanne D."), "variants");
		is_str(j->title, "Pr", "title");
		ok(j->ncities == 2 && !strcmp(j->cities[1], "Villeurbanne") && j->city == j->cities[0], "cities; city is the first");
		ok(j->npractices == 2 && !strcmp(j->practices[1], "Hôpital Édouard-Herriot"), "practice and hospital");
		is_str(j->rpps, "100 0123 4567", "RPPS with spaces");
		is_str(j->adeli, "691234567", "ADELI");
		ok(j->nlanguages == 2 && !strcmp(j->languages[0], "fr"), "languages, lowercased");
		ok(j->ncontext == 2, "context words");
		ok(j->nhomonyms == 2 && !strcmp(j->homonyms[0].label, "lawyer in Paris") && j->homonyms[0].nwords == 2 &&
		   !j->homonyms[1].label && j->homonyms[1].nwords == 2, "homonyms, with and without a label");
		is_int(j->watch_myths, 0, "watch_myths = no");
		is_str(c->practitioners[1].id, "jg", "second id");
		is_int(c->practitioners[1].watch_myths, 1, "watch_myths defaults to yes");
		rw_config_free(&c);
	}

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&p, 0, sizeof(p));
		why[0] = '\0';
		ok(rw_profile_set(&p, bad[i].key, bad[i].value, why, sizeof(why)) == -1 && strstr(why, bad[i].why),
		   "%s = %s refused: %s", bad[i].key, bad[i].value, why);
		rw_profile_clear(&p);
	}
	memset(&p, 0, sizeof(p));
	for (i = 0; i < RW_PROFILE_MAX_LIST; i++)
		rw_profile_set(&p, "city", "Lyon", why, sizeof(why));
	ok(rw_profile_set(&p, "city", "Paris", why, sizeof(why)) == -1 && strstr(why, "too long"), "lists are capped: %s", why);
	rw_profile_clear(&p);
	ok(p.ncities == 0 && p.cities == NULL, "clear empties the profile");
	rw_profile_clear(NULL);

	c = load("[practitioner]\nname = Jeanne Dupont\nrpps = 42\n", &err);
	ok(!c && strstr(err.msg, ":3: [practitioner].rpps: 42: an RPPS number has 11 digits"), "error points at file:line: %s", err.msg);
	memset(&err, 0, sizeof(err));
	c = load("[practitioner x]\nspecialty = dermatology\n", &err);
	ok(!c && strstr(err.msg, "[practitioner x] has no name = line"), "a profile without a name: %s", err.msg);
	memset(&err, 0, sizeof(err));
	c = load("[practitioner]\nname = Jeanne Dupont\nspecialty = astrologie\n", &err);
	ok(c != NULL, "an unknown specialty is only a warning");
	rw_config_free(&c);

	/* specialties, in English or French, any case and accents */
	s = rw_specialty_find("Dermatologue");
	ok(s && !strcmp(s->id, "dermatology"), "a specialty by its French practitioner's name");
	ok(rw_specialty_find("DERMATOLOGY") == s && rw_specialty_find("dermatologie") == s, "and its other names");
	s = rw_specialty_find("Médecine générale");
	ok(s && !strcmp(s->myths[0], "*"), "general practice watches every myth");
	ok(rw_specialty_find("sage-femme") != NULL, "a hyphenated name");
	ok(rw_specialty_find("astrologie") == NULL && rw_specialty_find(NULL) == NULL, "unknown and NULL");
	{
		size_t n;
		const rw_specialty *all = rw_specialty_all(&n);
		int complete = n > 20;
		for (i = 0; i < n; i++)
			complete &= all[i].names[0] && all[i].people[0] && (all[i].health ? all[i].myths[0] != NULL : !all[i].myths[0]) &&
			            rw_specialty_find(all[i].id) == &all[i];
		ok(complete, "every profession has names and people, every health one myths, and each is found by its id (%zu)", n);
	}
	/* names as people write them: titles before, credentials after */
	{
		static const struct {
			const char *typed, *want;
		} names[] = {
			{ "Anne Fictif, M.A.", "Anne Fictif" },
			{ "Dr Paul Exemple, MD", "Paul Exemple" },
			{ "Paul Exemple MD, FRCPC", "Paul Exemple" },
			{ "Dr. Paul Exemple, M.D., Ph.D.", "Paul Exemple" },
			{ "Anne Fictif, Ph. D.", "Anne Fictif" },
			{ "Anne Fictif MSc", "Anne Fictif" },
			{ "Dr. med. Paul Exemple", "Paul Exemple" },
			{ "Dr méd. Paul Exemple", "Paul Exemple" },
			{ "Prof. Dr. Paul Exemple", "Paul Exemple" },
			{ "Pr Jeanne Dupont", "Jeanne Dupont" },
			{ "Dre Anne Fictif, RN, NP", "Anne Fictif" },
			{ "J.-G. Martin, DDS", "J.-G. Martin" },
			{ "Wei Ma", "Wei Ma" },                 /* a surname that is also a degree */
			{ "Wei MA", "Wei" },                    /* in capitals: the degree */
			{ "Marie Do", "Marie Do" },
			{ "MD", "MD" },                         /* nothing left: kept */
			{ "Med Ali", "Med Ali" },               /* "Med" first is a name */
		};
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			char *got = rw_profile_strip_title(names[i].typed);
			is_str(got, names[i].want, "name '%s'", names[i].typed);
			free(got);
		}
		c = load("[practitioner]\nname = Anne Fictif, M.A.\n", &err);
		ok(c && !strcmp(c->practitioners[0].name, "Anne Fictif"), "name = keeps no credential: '%s'",
		   c ? c->practitioners[0].name : err.msg);
		rw_config_free(&c);
	}
	return tap_done();
}
