/* SPDX-License-Identifier: MIT */
/* Sentiment: language detection, negation and intensifiers in French and
 * English, contrast, ratings, and the lexicon loader's errors. */
#include "sentiment.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LEXICONS TEST_DATA "/../../feeds/lexicons"

struct polarity_case {
	const char *lang;        /* "fr", "en", or NULL: detect */
	const char *text;
	const char *label;
};

static const struct polarity_case cases[] = {
	/* English: words, negation, intensifiers, phrases */
	{ "en", "The doctor was good.", "positive" },
	{ "en", "The doctor was not good.", "negative" },
	{ "en", "The doctor wasn't good.", "negative" },
	{ "en", "She is never rude.", "positive" },
	{ "en", "She is not rude at all, and caring.", "positive" },
	{ "en", "Rushed, dismissive and condescending.", "negative" },
	{ "en", "Never again.", "negative" },
	{ "en", "I would not recommend him.", "negative" },
	{ "en", "I highly recommend her.", "positive" },
	{ "en", "The prescription didn't work.", "negative" },
	{ "en", "Not only thorough but also kind.", "positive" },
	{ "en", "The waiting room was nice but the doctor was rude.", "negative" },
	{ "en", "The wait was annoying but the doctor was wonderful.", "positive" },
	{ "en", "She took the time to explain.", "positive" },
	/* French: ne ... pas, jamais, sans, élisions, phrases */
	{ "fr", "Le docteur est très compétent.", "positive" },
	{ "fr", "Le docteur n'est pas compétent.", "negative" },
	{ "fr", "Le docteur n\xE2\x80\x99" "est pas comp\xC3\xA9tent.", "negative" },
	{ "fr", "Elle n'est jamais à l'écoute.", "negative" },
	{ "fr", "Elle est toujours à l'écoute.", "positive" },
	{ "fr", "Je ne la recommande pas.", "negative" },
	{ "fr", "Je la recommande vivement !", "positive" },
	{ "fr", "Elle n'est pas désagréable.", "positive" },
	{ "fr", "Consultation sans attente.", "positive" },
	{ "fr", "Médecin à éviter.", "negative" },
	{ "fr", "Expéditif et méprisant.", "negative" },
	{ "fr", "Ponctuelle et rassurante.", "positive" },
	{ "fr", "Accueil agréable mais médecin méprisant.", "negative" },
	{ "fr", "Le traitement ne marche pas.", "negative" },
	{ "fr", "Tres competente et tres a l'ecoute", "positive" },
	{ "fr", "Le rendez-vous a eu lieu le 3 mars.", "neutral" },
	/* language detected */
	{ NULL, "Le docteur n'est pas du tout à l'écoute, je ne reviendrai pas.", "negative" },
	{ NULL, "The doctor is not caring at all and the staff is rude.", "negative" },
	{ NULL, "Une dermatologue formidable, je la recommande.", "positive" },
};

struct lang_case {
	const char *text;
	const char *lang;        /* NULL: unknown */
};

static const struct lang_case langs[] = {
	{ "Le docteur est très à l'écoute et je suis ravie de la consultation.", "fr" },
	{ "C'est une excellente dermatologue, elle prend le temps.", "fr" },
	{ "The doctor is very kind and I am happy with the visit.", "en" },
	{ "She took the time to explain what was wrong with my skin.", "en" },
	{ "Dr Dupont 5/5", NULL },
	{ "", NULL },
};

int
main(void)
{
	rw_lexicon *lx;
	rw_err err = { 0 };
	rw_sentiment s, s2;
	size_t i;

	lx = rw_lexicon_load(LEXICONS, &err);
	ok(lx != NULL, "lexicons load: %s", err.msg);
	if (!lx)
		return tap_done();

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rw_sentiment_score(lx, cases[i].text, rw_lang_from_name(cases[i].lang), -1, -1, &s);
		is_str(rw_polarity_name(s.label), cases[i].label, "%s: '%s' (score %.3f)",
		       cases[i].lang ? cases[i].lang : "detected", cases[i].text, s.score);
		ok(s.score >= -1 && s.score <= 1, "score in [-1, 1] for '%s'", cases[i].text);
	}
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		const char *got = rw_lang_name(rw_lang_detect(langs[i].text));
		if (langs[i].lang)
			is_str(got, langs[i].lang, "language of '%s'", langs[i].text);
		else
			ok(got == NULL, "no language for '%s' (got %s)", langs[i].text, got ? got : "none");
	}
	/* the one guess every front-end asks: short greetings and thanks count,
	 * and the caller's fallback stands where nothing tells */
	is_str(rw_lang_detect_name("Bonjour, merci pour votre avis.", "en"), "fr", "detect name: French thanks");
	is_str(rw_lang_detect_name("Hello, thanks for your review.", "fr"), "en", "detect name: English thanks");
	is_str(rw_lang_detect_name("Merci !", "en"), "fr", "detect name: 'Merci !' alone is French");
	is_str(rw_lang_detect_name("Thank you!", "fr"), "en", "detect name: 'Thank you!' alone is English");
	is_str(rw_lang_detect_name("12345", "fr"), "fr", "detect name: no clue, fallback fr");
	is_str(rw_lang_detect_name("12345", "en"), "en", "detect name: no clue, fallback en");
	is_str(rw_lang_detect_name(NULL, "fr"), "fr", "detect name: no text, fallback");

	/* intensifiers multiply, dampeners soften */
	rw_sentiment_score(lx, "The doctor was rude.", RW_LANG_EN, -1, -1, &s);
	rw_sentiment_score(lx, "The doctor was very rude.", RW_LANG_EN, -1, -1, &s2);
	ok(s2.score < s.score && s.score < 0, "'very rude' (%.3f) is worse than 'rude' (%.3f)", s2.score, s.score);
	rw_sentiment_score(lx, "Elle est compétente.", RW_LANG_FR, -1, -1, &s);
	rw_sentiment_score(lx, "Elle est vraiment très compétente.", RW_LANG_FR, -1, -1, &s2);
	ok(s2.score > s.score && s.score > 0, "'vraiment très compétente' (%.3f) beats 'compétente' (%.3f)", s2.score, s.score);
	rw_sentiment_score(lx, "Elle est assez compétente.", RW_LANG_FR, -1, -1, &s2);
	ok(s2.score < s.score && s2.score > 0, "'assez' damps (%.3f < %.3f)", s2.score, s.score);
	/* a clause break ends the negation: "pas" does not reach past the comma */
	rw_sentiment_score(lx, "Pas de souci, elle est formidable.", RW_LANG_FR, -1, -1, &s);
	is_str(rw_polarity_name(s.label), "positive", "negation stops at a comma (%.3f)", s.score);

	/* ratings */
	rw_sentiment_score(lx, "Rien à dire.", RW_LANG_FR, 5, 5, &s);
	ok(s.label == RW_POSITIVE && s.from_rating && s.score > 0.6, "5/5 with a plain text is positive (%.3f)", s.score);
	rw_sentiment_score(lx, "Très bien, merci.", RW_LANG_FR, 1, 5, &s);
	is_str(rw_polarity_name(s.label), "negative", "1/5 wins over a kind text (%.3f)", s.score);
	rw_sentiment_score(lx, "Excellent!", RW_LANG_EN, 9, 10, &s);
	ok(s.label == RW_POSITIVE && s.score <= 1, "9/10 and a positive word stay within 1 (%.3f)", s.score);
	rw_sentiment_score(lx, "ok", RW_LANG_EN, 3, 0, &s);
	ok(!s.from_rating, "a rating without a scale is ignored");

	/* odd input */
	rw_sentiment_score(lx, NULL, RW_LANG_UNKNOWN, -1, -1, &s);
	ok(s.label == RW_NEUTRAL && s.units == 0, "NULL text is neutral");
	rw_sentiment_score(lx, "'''---''' - ' -", RW_LANG_FR, -1, -1, &s);
	ok(s.label == RW_NEUTRAL, "punctuation alone is neutral");
	rw_sentiment_score(NULL, "good", RW_LANG_EN, -1, -1, &s);
	ok(s.label == RW_NEUTRAL, "no lexicon: neutral, no crash");
	{
		char big[70000];
		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		rw_sentiment_score(lx, big, RW_LANG_EN, -1, -1, &s);
		ok(s.label == RW_NEUTRAL, "one very long word is read without trouble");
		for (i = 0; i + 2 < sizeof(big); i += 2) {
			big[i] = 'a';
			big[i + 1] = (i / 2) % 2 ? '-' : '\'';
		}
		big[sizeof(big) - 1] = '\0';
		rw_sentiment_score(lx, big, RW_LANG_FR, -1, -1, &s);
		ok(s.label == RW_NEUTRAL, "one very long hyphenated word too");
	}

	rw_lexicon_free(&lx);
	ok(lx == NULL, "free NULLs the pointer");
	rw_lexicon_free(&lx);
	lx = rw_lexicon_load("/nonexistent/lexicons", &err);
	ok(!lx && err.code == RW_E_IO && strstr(err.msg, "/nonexistent/lexicons/en.tsv"),
	   "a missing lexicon is named: %s", err.msg);
	return tap_done();
}
