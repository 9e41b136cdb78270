/* SPDX-License-Identifier: MIT */
/* Classifying: the rating patterns, each rule in its order with its reason,
 * the sites by kind, myths and sentiment filled whatever the category; a
 * myth refuted, reported or asked is no misinformation (news when named). */
#include "classify.h"
#include "reason.h"
#include "tap.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#define MYTHS TEST_DATA "/../../feeds/myths"
#define LEXICONS TEST_DATA "/../../feeds/lexicons"
#define STANCE TEST_DATA "/../../feeds/stance"

struct rating_case {
	const char *text;
	int found;
	double value, best;
};

/* A reason as a person reads it (English: no translator installed). */
static const char *
said(const char *stored)
{
	static char buf[512];

	return rw_reason_render(stored, 0, buf, sizeof(buf));
}

static const struct rating_case ratings[] = {
	{ "Je mets 5/5 sans hésiter", 1, 5, 5 },
	{ "note 4,5/5", 1, 4.5, 5 },
	{ "4.5/5 for the care", 1, 4.5, 5 },
	{ "0/5, à fuir", 1, 0, 5 },
	{ "\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x86 très bien", 1, 4, 5 },
	{ "\xE2\x98\x85\xE2\x98\x86\xE2\x98\x86\xE2\x98\x86\xE2\x98\x86", 1, 1, 5 },
	{ "4 étoiles pour l'accueil", 1, 4, 5 },
	{ "1 étoile seulement", 1, 1, 5 },
	{ "one star, never again", 1, 1, 5 },
	{ "Five stars!", 1, 5, 5 },
	{ "Deux étoiles seulement", 1, 2, 5 },
	{ "cinq étoiles", 1, 5, 5 },
	{ "9/10", 1, 9, 10 },
	{ "16/20 pour le cabinet", 1, 16, 20 },
	{ "rendez-vous le 12/03", 0, 0, 0 },
	{ "covid-19/2020", 0, 0, 0 },
	{ "7/5 is not a rating", 0, 0, 0 },
	{ "le 3/5e étage", 0, 0, 0 },
	{ "aucune note ici", 0, 0, 0 },
	{ "\xE2\x98\x85 une seule étoile dessinée", 0, 0, 0 },
};

struct link_case {
	const char *link;
	const char *category;
};

static const struct link_case links[] = {
	{ "https://www.reddit.com/r/france/comments/x", "social" },
	{ "https://redd.it/abc", "social" },
	{ "https://x.com/someone/status/1", "social" },
	{ "https://twitter.com/someone", "social" },
	{ "https://bsky.app/profile/someone", "social" },
	{ "https://mastodon.social/@someone/1", "social" },
	{ "https://piaille.fr/@someone/1", "social" },
	{ "https://www.youtube.com/watch?v=x", "social" },
	{ "https://youtu.be/x", "social" },
	{ "https://www.linkedin.com/posts/x", "social" },
	{ "https://www.facebook.com/groups/x", "social" },
	{ "https://forum.doctissimo.fr/sante/x", "social" },
	{ "https://www.atoute.org/x", "social" },
	{ "https://www.trustpilot.com/review/x", "review" },
	{ "https://www.ratemds.com/doctor-ratings/x", "review" },
	{ "https://www.zocdoc.com/doctor/x", "review" },
	{ "https://www.lemonde.fr/sante/x", "news" },
	{ "https://www.leprogres.fr/x", "news" },
	{ "https://www.washingtonpost.com/x", "news" },
	{ "https://www.20minutes.fr/x", "news" },
	{ "https://news.google.com/rss/articles/x", "news" },
	{ "https://notreddit.com/x", "other" },
	{ "https://reddit.com.evil.example/x", "other" },
	{ "https://user@www.lemonde.fr/x", "news" },
	{ "not a link", "other" },
	{ NULL, "other" },
};

int
main(void)
{
	rw_classification c;
	rw_classify_ctx ctx;
	rw_myths *myths = rw_myths_new();
	rw_lexicon *lx;
	rw_err err = { 0 };
	const rw_myth *m;
	size_t i;

	for (i = 0; i < sizeof(ratings) / sizeof(ratings[0]); i++) {
		double gv = -1, gb = -1;
		int r = rw_classify_rating_in_text(ratings[i].text, &gv, &gb);
		ok(r == ratings[i].found && (!r || (gv == ratings[i].value && gb == ratings[i].best)),
		   "rating in '%s' -> %d %g/%g", ratings[i].text, r, gv, gb);
	}
	/* a French doctor's locale writes 4,5 but must still read data's 4.5 */
	if (setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		double gv = -1, gb = -1;
		rw_classify_rating_in_text("note 4,5/5", &gv, &gb);
		ok(gv == 4.5 && gb == 5, "under LC_NUMERIC=fr_FR.UTF-8, 'note 4,5/5' is still 4.5/5 (got %g)", gv);
		setlocale(LC_NUMERIC, "C");
	} else {
		ok(1, "ratings under a French locale # SKIP fr_FR.UTF-8 is not generated (tools/install-deps --tests)");
	}
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		is_str(rw_category_name(rw_classify_link(links[i].link)), links[i].category, "site of %s",
		       links[i].link ? links[i].link : "(none)");

	/* the rules in order, each with its reason */
	rw_classify("Super médecin", "https://x.example/", NULL, 4, 5, &c);
	is_str(rw_category_name(c.category), "review", "item rating makes a review");
	ok(c.rating == 4 && c.rating_best == 5, "rating kept");
	ok(strstr(said(c.reason), "carries a rating") != NULL, "reason: %s", said(c.reason));
	rw_classify("Très bien 5/5", NULL, "news", -1, -1, &c);
	is_str(rw_category_name(c.category), "review", "rating in text beats the hint");
	rw_classify("Un article", "https://example.org/", "news", -1, -1, &c);
	is_str(rw_category_name(c.category), "news", "source hint");
	ok(strstr(said(c.reason), "'news'") != NULL, "reason: %s", said(c.reason));
	rw_classify("Un post", "https://www.reddit.com/r/france/x", NULL, -1, -1, &c);
	is_str(rw_category_name(c.category), "social", "social domain");
	rw_classify("Un post", "https://www.reddit.com/r/france/x", "news", -1, -1, &c);
	is_str(rw_category_name(c.category), "news", "the hint beats the domain");
	rw_classify("Article", "https://www.lemonde.fr/sante/x", NULL, -1, -1, &c);
	is_str(rw_category_name(c.category), "news", "press domain");
	ok(said(c.reason)[0] != '\0', "a reason is given");
	rw_classify("Rien", "https://example.org/", NULL, -1, -1, &c);
	is_str(rw_category_name(c.category), "other", "no rule: other");
	is_str(said(c.reason), "no rule applied", "and says so");
	ok(c.myth == NULL && c.sentiment.label == RW_NEUTRAL, "without a context: no myth, neutral");
	is_int(rw_category_from_name("misinformation"), RW_CAT_MISINFORMATION, "category names round-trip");
	is_int(rw_category_from_name("nonsense"), -1, "unknown category name");

	/* with the catalogue and the lexicons */
	ok(rw_myths_load_dir(myths, MYTHS, 0, &err) > 0, "catalogue loaded");
	lx = rw_lexicon_load(LEXICONS, &err);
	ok(lx != NULL, "lexicons loaded");
	m = rw_myths_get(myths, 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.myths = myths;
	ctx.lexicon = lx;
	ctx.all_myths = 1;
	if (m) {
		rw_classify_ex(&ctx, m->example_fr, "https://www.lemonde.fr/x", "news", -1, -1, &c);
		is_str(rw_category_name(c.category), "misinformation", "a myth beats the hint and the domain: %s", m->example_fr);
		ok(c.myth == m, "the myth is named (%s)", c.myth ? c.myth->id : "none");
		ok(strstr(said(c.reason), m->id) != NULL, "reason: %s", said(c.reason));
		is_str(rw_lang_name(c.sentiment.lang), "fr", "its language");
		rw_classify_ex(&ctx, m->example_en, NULL, NULL, -1, -1, &c);
		ok(c.category == RW_CAT_MISINFORMATION && c.myth == m && c.sentiment.lang == RW_LANG_EN,
		   "in English too: %s", m->example_en);
		rw_classify_ex(&ctx, m->example_fr_negative, NULL, NULL, -1, -1, &c);
		ok(c.myth != m, "the negative example is not this myth: %s", m->example_fr_negative);
		/* a review that repeats a myth stays a review, and keeps the myth */
		{
			char text[1024];
			snprintf(text, sizeof(text), "2/5. %s", m->example_fr);
			rw_classify_ex(&ctx, text, NULL, "review", -1, -1, &c);
			ok(c.category == RW_CAT_REVIEW && c.myth == m, "a rated review keeps its category and its myth");
		}
	}
	/* myths of another specialty do not count unless all are asked for */
	{
		const rw_specialty *derm = rw_specialty_find("dermatology");
		const rw_myth *other = NULL;
		for (i = 0; i < rw_myths_count(myths) && !other; i++)
			if (!rw_myth_concerns(rw_myths_get(myths, i), derm))
				other = rw_myths_get(myths, i);
		if (other) {
			ctx.all_myths = 0;
			ctx.specialty = derm;
			rw_classify_ex(&ctx, other->example_fr, NULL, NULL, -1, -1, &c);
			ok(c.myth == NULL || rw_myth_concerns(c.myth, derm), "a dermatologist is not shown %s", other->id);
			ctx.all_myths = 1;
			ctx.specialty = NULL;
		}
	}
	/* stance: only an asserted myth is misinformation */
	{
		rw_stance_cues *cues = rw_stance_load(STANCE, &err);
		const rw_myth *va = rw_myths_find(myths, "vaccines-autism");
		ok(cues != NULL && va != NULL, "stance cues and the myth vaccines-autism loaded");
		ctx.stance = cues;
		rw_classify_ex(&ctx, "Les vaccins provoquent l'autisme chez les enfants.", NULL, NULL, -1, -1, &c);
		ok(c.category == RW_CAT_MISINFORMATION && c.myth == va && c.stance == RW_STANCE_ASSERT,
		   "asserted: misinformation (%s)", said(c.reason));
		ok(strstr(said(c.reason), "asserts") != NULL, "reason: %s", said(c.reason));
		rw_classify_ex(&ctx, "Il est faux de dire que les vaccins provoquent l'autisme.", NULL, NULL, -1, -1, &c);
		ok(c.category == RW_CAT_OTHER && c.myth == va && c.stance == RW_STANCE_REFUTE,
		   "refuted, not named: other, myth kept (%s)", said(c.reason));
		ok(strstr(said(c.reason), "refuted") && strstr(said(c.reason), "vaccines-autism") && strstr(said(c.reason), "not misinformation"),
		   "reason: %s", said(c.reason));
		rw_classify_ex(&ctx, "Il est faux de dire que les vaccins provoquent l'autisme.", "https://www.reddit.com/r/x",
		               NULL, -1, -1, &c);
		ok(c.category == RW_CAT_SOCIAL && strstr(said(c.reason), "refuted") != NULL,
		   "refuted, not named: the next rules decide (%s)", said(c.reason));
		ctx.named = 1;
		rw_classify_ex(&ctx, "Le Dr Exemple rappelle qu'il est faux de dire que les vaccins provoquent l'autisme.",
		               NULL, "social", -1, -1, &c);
		ok(c.category == RW_CAT_NEWS && c.stance == RW_STANCE_REFUTE, "refuted and named: news before the hint (%s)",
		   said(c.reason));
		ok(strstr(said(c.reason), "rebuttal") && strstr(said(c.reason), "refuted (denied-before)"), "reason: %s", said(c.reason));
		rw_classify_ex(&ctx, "Do vaccines cause autism?", NULL, NULL, -1, -1, &c);
		ok(c.category == RW_CAT_NEWS && c.stance == RW_STANCE_QUESTION && strstr(said(c.reason), "questioned (asked)"),
		   "asked and named: news (%s)", said(c.reason));
		rw_classify_ex(&ctx, "Les vaccins provoquent l'autisme, dit le Dr Exemple.", NULL, NULL, -1, -1, &c);
		ok(c.category == RW_CAT_MISINFORMATION, "asserted and named: still misinformation (%s)", said(c.reason));
		ctx.named = 0;
		ctx.stance = NULL;
		rw_classify_ex(&ctx, "Il est faux de dire que les vaccins provoquent l'autisme.", NULL, NULL, -1, -1, &c);
		ok(c.category == RW_CAT_MISINFORMATION, "without cue lists every myth counts as asserted");
		rw_stance_free(&cues);
	}
	rw_classify_ex(&ctx, "Médecin à l'écoute et très compétent, je recommande.", NULL, "review", -1, -1, &c);
	ok(c.sentiment.label == RW_POSITIVE && c.sentiment.lang == RW_LANG_FR, "sentiment filled (%.2f)", c.sentiment.score);
	rw_classify_ex(&ctx, "Rude and dismissive doctor.", NULL, NULL, -1, -1, &c);
	ok(c.sentiment.label == RW_NEGATIVE && c.sentiment.lang == RW_LANG_EN, "negative in English (%.2f)", c.sentiment.score);
	rw_classify_ex(&ctx, "Rien à signaler.", NULL, NULL, 1, 5, &c);
	ok(c.sentiment.label == RW_NEGATIVE && c.sentiment.from_rating, "the rating carries the sentiment (%.2f)",
	   c.sentiment.score);
	ctx.lang = RW_LANG_EN;
	rw_classify_ex(&ctx, "good", NULL, NULL, -1, -1, &c);
	ok(c.sentiment.lang == RW_LANG_EN && c.sentiment.label == RW_POSITIVE, "a language given is used");
	rw_lexicon_free(&lx);
	rw_myths_free(&myths);
	return tap_done();
}
