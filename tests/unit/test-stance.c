/* SPDX-License-Identifier: MIT */
/* The stance judge: a claim asserted, denied (negation, cue before, after,
 * in the next sentence, Myth:/Fact:, Vrai ou faux), reported, asked; the
 * cue files load, and a broken one is named with its line. */
#include "myths.h"
#include "stance.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STANCE TEST_DATA "/../../feeds/stance"

struct row {
	rw_lang lang;
	const char *text, *claim;   /* claim: the matched part, as prepared text spells it */
	int flags;
	rw_stance want;
	rw_stance_reason why;
};

static const struct row rows[] = {
	{ RW_LANG_FR, "Paraît que les vaccins donnent l’autisme.", "vaccins donnent l’autis", 0, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
	{ RW_LANG_EN, "It's proven: vaccines cause autism!", "vaccines cause autis", 0, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
	{ RW_LANG_FR, "Les vaccins ne provoquent pas l’autisme.", "vaccins ne provoquent pas l’autis", 0, RW_STANCE_REFUTE, RW_STANCE_NEGATED },
	{ RW_LANG_EN, "Vaccines do not cause autism.", "vaccines do not cause autis", 0, RW_STANCE_REFUTE, RW_STANCE_NEGATED },
	{ RW_LANG_EN, "Vaccines don't cause autism.", "vaccines don't cause autis", 0, RW_STANCE_REFUTE, RW_STANCE_NEGATED },
	{ RW_LANG_FR, "Ce n’est pas le froid qui donne le rhume.", "froid qui donne le rhume", 0, RW_STANCE_REFUTE, RW_STANCE_NEGATED },
	{ RW_LANG_FR, "Je ne sais pas, mais les vaccins donnent l’autisme.", "vaccins donnent l’autis", 0, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
	{ RW_LANG_FR, "Il est faux de dire que les vaccins provoquent l’autisme.", "vaccins provoquent l’autis", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	{ RW_LANG_EN, "Myth: vaccines cause autism. Fact: they do not.", "vaccines cause autis", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	{ RW_LANG_EN, "There is no evidence that sugar feeds cancer.", "sugar feeds cancer", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	{ RW_LANG_FR, "Rumeur : la 5G propage le covid. Réalité : non.", "5g propage le covid", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	{ RW_LANG_FR, "Le Dr Lefèvre rappelle que l’idée selon laquelle le sucre nourrit le cancer est fausse.", "sucre nourrit le cancer", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_AFTER },
	{ RW_LANG_EN, "\"mRNA vaccines alter your DNA\" is a myth.", "mrna vaccines alter your dna", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_AFTER },
	{ RW_LANG_FR, "Vrai ou faux : le ROR provoque l’autisme ? Faux.", "ror provoque l’autis", 0, RW_STANCE_REFUTE, RW_STANCE_ANSWERED_NO },
	{ RW_LANG_EN, "Do vaccines cause autism? No. Here is why.", "vaccines cause autis", 0, RW_STANCE_REFUTE, RW_STANCE_ANSWERED_NO },
	{ RW_LANG_EN, "Is it true that vaccines cause autism?", "vaccines cause autis", 0, RW_STANCE_QUESTION, RW_STANCE_ASKED },
	/* imperatives: the claim's own advice asserts it, a warning off it denies it */
	{ RW_LANG_EN, "Don't swim after eating, you'll get a cramp.", "swim after eating", 0, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
	{ RW_LANG_EN, "Don't let anyone tell you that vaccines cause autism.", "vaccines cause autis", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	{ RW_LANG_FR, "N’allez pas croire que les vaccins donnent l’autisme.", "vaccins donnent l’autis", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	/* "do not" with its subject denies; a negative claim keeps its own */
	{ RW_LANG_EN, "You do not lose most of your body heat through your head.", "lose most of your body heat", 0, RW_STANCE_REFUTE, RW_STANCE_NEGATED },
	{ RW_LANG_EN, "If you don't poop every day, you're constipated.", "poop every day", RW_STANCE_CLAIM_NEGATIVE, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
	{ RW_LANG_FR, "Le sucre nourrit le cancer. C’est faux, rappelle l’INCa.", "sucre nourrit le cancer", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_NEXT },
	{ RW_LANG_FR, "Certains affirment que le vaccin rend stérile.", "vaccin rend steril", 0, RW_STANCE_REPORT, RW_STANCE_REPORTED },
	{ RW_LANG_FR, "Certains affirment que le vaccin rend stérile, mais les études disent le contraire.", "vaccin rend steril", 0, RW_STANCE_REFUTE, RW_STANCE_REPORTED_DENIED },
	{ RW_LANG_EN, "Some people claim 5G spreads covid, but viruses cannot ride radio waves.", "5g spreads covid", 0, RW_STANCE_REFUTE, RW_STANCE_REPORTED_DENIED },
	{ RW_LANG_FR, "Selon un forum, le vaccin provoquerait des morts subites.", "vaccin provoquerait des morts subites", 0, RW_STANCE_REPORT, RW_STANCE_CONDITIONAL },
	{ RW_LANG_FR, "Si j’avais de la tension je le sentirais.", "tension je le sentirais", 0, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
	/* a claim that is negative itself: its own negation is no denial */
	{ RW_LANG_EN, "You can't get pregnant on your period.", "can't get pregnant on your period", RW_STANCE_CLAIM_NEGATIVE, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
	{ RW_LANG_EN, "It is a myth that you can't get pregnant on your period.", "can't get pregnant on your period", RW_STANCE_CLAIM_NEGATIVE, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	/* "10.5" does not end a sentence; a portrait is no conditional */
	{ RW_LANG_FR, "Il est faux que 10.5 % des vaccins donnent l’autisme.", "vaccins donnent l’autis", 0, RW_STANCE_REFUTE, RW_STANCE_DENIED_BEFORE },
	{ RW_LANG_FR, "Un portrait : le vaccin donne l’autisme.", "vaccin donne l’autis", 0, RW_STANCE_ASSERT, RW_STANCE_PLAIN },
};

int
main(void)
{
	rw_err err = { 0 };
	rw_stance_cues *c = rw_stance_load(STANCE, &err);
	size_t i;
	char dir[] = "/tmp/rw-stance.XXXXXX", path[300];
	rw_stance_reason why = RW_STANCE_PLAIN;

	ok(c != NULL, "the shipped cue lists load: %s", err.msg[0] ? err.msg : "no problem");
	if (!c)
		return tap_done();
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *p = rw_myths_prepare(rows[i].text);
		const char *at = p ? strstr(p, rows[i].claim) : NULL;
		rw_stance got;
		why = RW_STANCE_PLAIN;
		if (!at) {
			ok(0, "row %zu: claim '%s' is in '%s'", i, rows[i].claim, p ? p : "(null)");
			free(p);
			continue;
		}
		got = rw_stance_judge(c, p, rows[i].lang, (size_t)(at - p), (size_t)(at - p) + strlen(rows[i].claim),
		                      rows[i].flags, &why);
		is_str(rw_stance_name(got), rw_stance_name(rows[i].want), "%s", rows[i].text);
		is_str(rw_stance_reason_name(why), rw_stance_reason_name(rows[i].why), "  its reason");
		free(p);
	}
	/* the cautious answers */
	is_int(rw_stance_judge(NULL, "x", RW_LANG_FR, 0, 1, 0, NULL), RW_STANCE_ASSERT, "no cue list: assert");
	is_int(rw_stance_judge(c, "abc", RW_LANG_FR, 2, 9, 0, &why), RW_STANCE_ASSERT, "offsets past the text: assert");
	is_str(rw_stance_name((rw_stance)42), "assert", "an unknown stance has a name");
	rw_stance_free(&c);
	rw_stance_free(&c);
	ok(c == NULL, "free NULLs the pointer and takes NULL");

	/* a broken file names itself and its line */
	if (mkdtemp(dir)) {
		FILE *fp;
		snprintf(path, sizeof(path), "%s/fr.txt", dir);
		if ((fp = fopen(path, "w"))) {
			fputs("# ok\n[negation]\nne\n\n[astrology]\nmercure\n", fp);
			fclose(fp);
		}
		snprintf(path, sizeof(path), "%s/en.txt", dir);
		if ((fp = fopen(path, "w"))) {
			fputs("[negation]\nnot\n", fp);
			fclose(fp);
		}
		memset(&err, 0, sizeof(err));
		c = rw_stance_load(dir, &err);
		ok(c == NULL && strstr(err.msg, "fr.txt:5") && strstr(err.msg, "astrology"), "unknown section named: %s", err.msg);
		rw_stance_free(&c);
		unlink(path);
		snprintf(path, sizeof(path), "%s/fr.txt", dir);
		unlink(path);
		memset(&err, 0, sizeof(err));
		ok(rw_stance_load(dir, &err) == NULL && err.code == RW_E_IO, "a missing file is named: %s", err.msg);
		rmdir(dir);
	}
	return tap_done();
}
