/* SPDX-License-Identifier: MIT */
/* The vocabulary of specialties and professions: one canonical id from any
 * name, French or English, synonym or abbreviation; practitioner words in
 * running text; a broken file said so. */
#include "professions.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *
id_of(const rw_professions *p, const char *name)
{
	const rw_specialty *s = rw_professions_find(p, name);

	return s ? s->id : "(none)";
}

int
main(void)
{
	rw_err err = { 0 };
	rw_professions *p = rw_professions_load(FEEDS_DIR "/specialties.tsv", &err);
	static const struct {
		const char *name, *id;
	} cases[] = {
		{ "naturopath", "naturopathy" }, { "Naturopathe", "naturopathy" }, { "N.D.", "naturopathy" },
		{ "naturopathic doctor", "naturopathy" },
		{ "allergist", "allergology" }, { "Allergologue", "allergology" },
		{ "ENT", "ent" }, { "ORL", "ent" }, { "oto-rhino-laryngologiste", "ent" }, { "otolaryngologist", "ent" },
		{ "physiatrist", "physiatry" }, { "médecine physique et de réadaptation", "physiatry" },
		{ "midwife", "midwifery" }, { "sage-femme", "midwifery" }, { "Sages Femmes", "midwifery" },
		{ "optometrist", "optometry" }, { "OPTOMÉTRISTE", "optometry" },
		{ "nurse practitioner", "nurse-practitioner" }, { "infirmière praticienne spécialisée", "nurse-practitioner" },
		{ "IPS", "nurse-practitioner" },
		{ "kiné", "physiotherapy" }, { "kine", "physiotherapy" }, { "physiotherapist", "physiotherapy" },
		{ "masseur-kinésithérapeute", "physiotherapy" },
		{ "GP", "general-practice" }, { "médecin de famille", "general-practice" },
		{ "dermatologist", "dermatology" }, { "dermatologues", "dermatology" },
		{ "chiropractor", "chiropractic" }, { "ostéopathe", "osteopathy" }, { "psychologue", "psychology" },
		{ "general-practice", "general-practice" }, { "avocate", "law" },
	};
	size_t i, n, len = 0;
	const rw_specialty *s, *all;
	char path[] = "/tmp/rw-professions.XXXXXX";
	int fd;
	FILE *fp;

	ok(p != NULL, "load: %s", err.msg);
	if (!p)
		return tap_done();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(id_of(p, cases[i].name), cases[i].id, "'%s' is %s", cases[i].name, cases[i].id);
	ok(rw_professions_find(p, "astrologie") == NULL, "an unknown name is none");
	ok(rw_professions_find(p, "") == NULL && rw_professions_find(p, NULL) == NULL && rw_professions_find(NULL, "ORL") == NULL,
	   "empty, NULL, no vocabulary");
	s = rw_professions_find(p, "dermatologue");
	ok(s && s->health && s->myths[0] && !strcmp(s->myths[0], "dermatology"), "dermatology watches its myths");
	s = rw_professions_find(p, "lawyer");
	ok(s && !s->health && !s->myths[0], "a lawyer is not a health profession and has no myths");
	all = rw_professions_all(p, &n);
	ok(all && n > 60, "every row (%zu)", n);

	/* practitioner words at a place in a text (token form) */
	s = rw_professions_at(p, "naturopath in oakville", &len);
	ok(s && !strcmp(s->id, "naturopathy") && len == strlen("naturopath"), "naturopath in running text");
	s = rw_professions_at(p, "chirurgien dentiste a montreal", &len);
	ok(s && !strcmp(s->id, "dentistry") && len == strlen("chirurgien dentiste"),
	   "the longest: chirurgien dentiste, not chirurgien");
	s = rw_professions_at(p, "ent specialist", &len);
	ok(s && !strcmp(s->id, "ent"), "ENT specialist");
	ok(rw_professions_at(p, "great doctor", &len) == NULL, "a word that is no profession");
	ok(rw_professions_at(p, " orl", &len) == NULL, "not at a space");
	rw_professions_free(&p);
	ok(p == NULL, "free NULLs the pointer");

	/* broken files */
	ok(rw_professions_load("/nonexistent/specialties.tsv", &err) == NULL && err.code == RW_E_IO,
	   "a missing file: %s", err.msg);
	fd = mkstemp(path);
	fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fp) {
		fputs("# no id column\nen\tfr\naa\tbb\n", fp);
		fclose(fp);
		memset(&err, 0, sizeof(err));
		ok(rw_professions_load(path, &err) == NULL && strstr(err.msg, "no id column"), "no id column: %s",
		   err.msg);
		unlink(path);
	}
	/* the shared one is the data folder's */
	ok(rw_specialty_find("ORL") && !strcmp(rw_specialty_find("ORL")->id, "ent"), "the shared vocabulary");
	return tap_done();
}
