/* SPDX-License-Identifier: MIT */
/* Finding a practitioner: every generated spelling, the decoys, accents and
 * case, and the confidence from the context in both directions. */
#include "match.h"
#include "tap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* expected confidence: NULL = not found at all (or rejected) */
struct match_case {
	const char *text;
	const char *span;        /* what the best hit covers; NULL: don't check */
	const char *confidence;  /* "low", "medium", "high", or NULL: no accepted hit */
};

static void
run(const char *who, rw_matcher *m, const struct match_case *cases, size_t n, const char *source)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct match_case *c = &cases[i];
		rw_match_set set;
		char *clean = rw_text_clean(c->text);
		int r = rw_matcher_scan(m, clean, source, &set);
		const rw_match *b = set.best >= 0 ? &set.hits[set.best] : NULL;

		if (!c->confidence) {
			ok(r == 0 && !b, "%s: not found in '%s'%s%s", who, c->text, b ? " - got: " : "",
			   b ? b->reason : "");
		} else {
			ok(r > 0 && b, "%s: found in '%s'", who, c->text);
			if (b) {
				is_str(rw_confidence_name(b->confidence), c->confidence, "%s: confidence for '%s' (%s)",
				       who, c->text, b->reason);
				if (c->span) {
					char span[256];
					snprintf(span, sizeof(span), "%.*s", (int)(b->end - b->start), clean + b->start);
					is_str(span, c->span, "%s: span in '%s'", who, c->text);
				}
				ok(b->reason[0] && b->variant && b->kind, "%s: reason, variant and kind for '%s'", who, c->text);
			}
		}
		free(clean);
	}
}

#define RUN(who, m, cases, src) run(who, m, cases, sizeof(cases) / sizeof(cases[0]), src)

static const struct match_case jeanne_cases[] = {
	/* spellings generated from "Dr Jeanne Dupont" */
	{ "Avis sur Jeanne Dupont, dermatologue", "Jeanne Dupont", "high" },
	{ "JEANNE DUPONT répond", "JEANNE DUPONT", "medium" },
	{ "jeanne dupont", "jeanne dupont", "medium" },
	{ "Le docteur DUPONT Jeanne", "docteur DUPONT Jeanne", "high" },
	{ "Avis : DUPONT Jeanne, Lyon", "DUPONT Jeanne", "high" },
	{ "Très bien reçue par le Dr Dupont.", "Dr Dupont", "low" },
	{ "Dr. Dupont", "Dr. Dupont", "low" },
	{ "Docteur Dupont", "Docteur Dupont", "low" },
	{ "Doctor Dupont was kind", "Doctor Dupont", "low" },
	{ "Pr Dupont a publié", "Pr Dupont", "low" },
	{ "Pr. Dupont", "Pr. Dupont", "low" },
	{ "Professeur Dupont", "Professeur Dupont", "low" },
	{ "Prof. Dupont", "Prof. Dupont", "low" },
	{ "Le Dr Jeanne Dupont rejoint la clinique", "Dr Jeanne Dupont", "high" },
	{ "Jeanne\xC2\xA0" "Dupont", "Jeanne Dupont", "medium" },
	{ "Jeanne\xE2\x80\xAF" "Dupont", NULL, "medium" },
	{ "Dr\xC2\xA0" "Dupont", NULL, "low" },
	{ "Jéanne Dupônt", "Jéanne Dupônt", "medium" },
	{ "JÉANNE DUPONT", NULL, "medium" },
	{ "Dr <strong>Dupont</strong> est très bien", "Dr Dupont", "low" },
	{ "<p>Jeanne <em>Du</em>pont</p>", "Jeanne Dupont", "medium" },
	{ "J. Dupont, dermatologue", "J. Dupont", "medium" },
	{ "Dupont J.", NULL, "low" },
	{ "Dupont, dermatologue à Lyon", "Dupont", "medium" },
	{ "le Dr Dupont (Lyon)", "Dr Dupont", "medium" },
	{ "Jeanne Dupont, dermatologue à Lyon, Clinique du Parc", NULL, "high" },
	{ "Dr Dupont, RPPS 10001234567", NULL, "high" },
	{ "Jeanne Dupont-Martin, ma dermatologue", "Jeanne Dupont-Martin", "high" },
	/* decoys */
	{ "Jeanne Dupontel", NULL, NULL },
	{ "Dr Dupond", NULL, NULL },
	{ "Dupont tout seul", NULL, NULL },
	{ "Marie Dupont", NULL, NULL },
	{ "Marie Dupont, dermatologue à Lyon", NULL, NULL },
	{ "DUPONT Marie, dermatologue à Lyon", NULL, NULL },
	{ "Marie-Jeanne Dupont, à Lyon", NULL, NULL },
	{ "Jeanne Dupont-Lefort à Lyon", NULL, NULL },
	{ "Jeanne Dupuis", NULL, NULL },
	{ "Les ponts de Lyon", NULL, NULL },
	{ "", NULL, NULL },
	/* homonyms: context against */
	{ "Jeanne Dupont, avocate au barreau de Paris", NULL, NULL },
	{ "Jeanne Dupont, footballeuse", "Jeanne Dupont", "medium" },
	/* another profession or city said of the person named: someone else */
	{ "Jeanne Dupont, chanteuse, en concert", NULL, NULL },
	{ "Jeanne Dupont en concert à Marseille", NULL, NULL },
	{ "Dr Jeanne Dupont, cardiologue à Paris", NULL, NULL },
	{ "Dr Dupont, cardiologue à Paris", NULL, NULL },
	{ "Jeanne Dupont vit à Nice, la dermatologue", NULL, NULL },
	{ "Jeanne Dupont, dermatologue à Lyon 3e", NULL, "high" },
	{ "Jeanne Dupont, dermatologue, 69003 Lyon", NULL, "high" },
	/* a neighbouring town (3 km) is her town's area: neither for nor against */
	{ "Jeanne Dupont, dermatologue à Villeurbanne", NULL, "high" },
	{ "Jeanne Dupont, dermatologue à Grenoble", NULL, NULL },
	/* a profession or a place further away, or in another sentence, only lowers */
	{ "Dr Jeanne Dupont m'a bien soignée. Ensuite chez un cardiologue à Marseille.", NULL, "low" },
	{ "Merci au Dr Jeanne Dupont qui m'a envoyée chez un cardiologue", NULL, "medium" },
	{ "Jeanne Dupont est nice, a nice doctor", NULL, "medium" },
	/* a word that is also a town (Avis, PA) before a number is no place */
	{ "Avis 3 sur le Dr Jeanne Dupont", NULL, "high" },
	/* and for: something strong (her practice) says otherwise */
	{ "Dr Jeanne Dupont, cardiologue à Paris, ancienne dermatologue de la Clinique du Parc", NULL, "low" },
};

static const struct match_case jg_cases[] = {
	{ "Jean-Guy Martin", "Jean-Guy Martin", "medium" },
	{ "Jean Guy Martin", "Jean Guy Martin", "medium" },
	{ "Jean-Guy MARTIN", NULL, "medium" },
	{ "MARTIN Jean-Guy", "MARTIN Jean-Guy", "medium" },
	{ "J.-G. Martin, cardiologue", "J.-G. Martin", "medium" },
	{ "J-G Martin, cardiologue", "J-G Martin", "medium" },
	{ "JG Martin, cardiologue", "JG Martin", "medium" },
	{ "J.G. Martin", "J.G. Martin", "low" },
	{ "Dr J.-G. Martin", "Dr J.-G. Martin", "high" },
	{ "Dr Martin", "Dr Martin", "low" },
	{ "Le Dr Martin-Lefort", NULL, NULL },
	{ "Jean Martin", NULL, NULL },
	{ "Guy Martin", NULL, NULL },
	/* the usage and maiden names, with the first names of name = */
	{ "Jean-Guy Bernard, cardiologue", "Jean-Guy Bernard", "high" },
	{ "Dr Morel", "Dr Morel", "low" },
	{ "Jean-Guy Morel", "Jean-Guy Morel", "medium" },
};

/* an allergist in Toronto, and the naturopath who shares her name */
static const struct match_case paul_cases[] = {
	{ "Dr. Paul Exemple, a naturopath in Oakville", NULL, NULL },
	{ "Paul Exemple, ND - Naturopathic Doctor - Oakville, ON", NULL, NULL },
	{ "Dr Paul Exemple, MD, FRCPC, allergist in Toronto", NULL, "high" },
	{ "Dr Paul Exemple, Toronto ON", NULL, "high" },
	{ "Saw Dr Paul Exemple in Oakville last week", NULL, NULL },
	{ "Dr Paul Exemple sorted out my hay fever. My sister now sees a naturopath in Oakville.", NULL, "low" },
	{ "Dr. med. Paul Exemple", "Dr. med. Paul Exemple", "high" },
	{ "Prof. Dr. Paul Exemple", NULL, "high" },
	{ "Paul Exemple, allergologue à Montréal", NULL, NULL },
};

/* her city written in the other language, and a quarter of it */
static const struct match_case sophie_cases[] = {
	{ "Dre Sophie Lanternier, ORL à Bruxelles", NULL, "high" },
	{ "Dre Sophie Lanternier, ORL à Ixelles", NULL, "high" },
	{ "Pr Sophie Lanternier, ORL à Liège", NULL, NULL },
	{ "Dr Sophie Lanternier, otolaryngologist, Brussels", NULL, "high" },
};

int
main(void)
{
	char *cities[] = { "Lyon" }, *practices[] = { "Clinique du Parc" };
	char *variants[] = { "Jeanne Dupont-Martin" };
	char *hwords[] = { "avocate", "barreau" };
	rw_homonym hom = { "lawyer in Paris", hwords, 2 };
	rw_practitioner jeanne = { 0 }, jg = { 0 };
	char *jg_names[] = { "Bernard", "Morel" }, *jg_cities[] = { "Paris" };
	rw_matcher *m;
	rw_match hit;
	rw_match_set set;
	size_t i;
	int seen_initials = 0, r;

	jeanne.id = "default";
	jeanne.name = "Jeanne Dupont";
	jeanne.variants = variants;
	jeanne.nvariants = 1;
	jeanne.specialty = "dermatologie";
	jeanne.cities = cities;
	jeanne.ncities = 1;
	jeanne.practices = practices;
	jeanne.npractices = 1;
	jeanne.rpps = "10001234567";
	jeanne.homonyms = &hom;
	jeanne.nhomonyms = 1;

	m = rw_matcher_new(&jeanne);
	ok(m != NULL, "matcher built");
	ok(rw_matcher_nvariants(m) >= 20, "spellings generated (%zu)", rw_matcher_nvariants(m));
	for (i = 0; i < rw_matcher_nvariants(m); i++)
		if (!strcmp(rw_matcher_variant(m, i), "j dupont"))
			seen_initials = !strcmp(rw_matcher_variant_kind(m, i), "initials and surname");
	ok(seen_initials, "'j dupont' is generated as initials and surname");
	RUN("jeanne", m, jeanne_cases, NULL);

	/* rules taught by not-me */
	ok(rw_matcher_find(m, "Jeanne Dupont marque un but au handball", &hit) == 1, "found before the rule");
	ok(rw_matcher_add_rule(m, "word", "Handball") == 0, "a word rule is taught");
	ok(rw_matcher_find(m, "Jeanne Dupont marque un but au handball", &hit) == 0, "a taught word rejects");
	r = rw_matcher_find(m, "Dr Jeanne Dupont, dermatologue à Lyon, aime le HANDBALL", &hit);
	ok(r == 1 && hit.confidence == RW_CONF_MEDIUM, "a taught word lowers: '%s'", r == 1 ? hit.reason : "");
	/* the token form without cleaning: a no-break space is a separator too */
	r = rw_matcher_find(m, "Dr\xC2\xA0Jeanne\xE2\x80\xAF" "Dupont", &hit);
	ok(r == 1 && hit.start == 0 && hit.end == strlen("Dr\xC2\xA0Jeanne\xE2\x80\xAF" "Dupont"),
	   "no-break spaces in raw text, span covers them");
	ok(rw_matcher_add_rule(m, "source", "https://sport.example/feed") == 0, "a source rule is taught");
	is_int(rw_matcher_scan(m, "Dr Jeanne Dupont, dermatologue", "https://sport.example/feed", &set), 0,
	       "a taught source rejects even a strong hit");
	ok(set.n == 1 && strstr(set.hits[0].reason, "not you"), "and says why: '%s'", set.n ? set.hits[0].reason : "");
	is_int(rw_matcher_scan(m, "Dr Jeanne Dupont, dermatologue", "https://other.example/feed", &set), 1,
	       "other sources are not affected");
	ok(rw_matcher_add_rule(m, "colour", "x") == -1, "unknown rule kind refused");
	{
		char url[700];
		memset(url, 'q', sizeof(url) - 1);
		memcpy(url, "https://news.example/rss?q=", 27);
		url[sizeof(url) - 1] = '\0';
		ok(rw_matcher_add_rule(m, "source", url) == 0 &&
		   rw_matcher_scan(m, "Dr Jeanne Dupont, dermatologue", url, &set) == 0, "a long source address is a rule too");
	}
	{
		const char *w[8];
		size_t n = rw_matcher_words_against(m, "Jeanne Dupont, avocate au barreau de Paris", w, 8);
		int has_avocate = 0, has_paris = 0;
		for (i = 0; i < n; i++) {
			has_avocate |= !strcmp(w[i], "avocate");
			has_paris |= !strcasecmp(w[i], "paris");
		}
		ok(has_avocate && has_paris, "words against: the homonym's word and the other city (%zu)", n);
	}
	/* several hits: the best one is chosen */
	is_int(rw_matcher_scan(m, "Dr Dupont ... plus tard, Dr Jeanne Dupont, dermatologue", NULL, &set), 2, "two hits");
	ok(set.best == 1 && set.hits[1].confidence == RW_CONF_HIGH, "the best is the strongest");
	rw_matcher_free(&m);
	ok(m == NULL, "free NULLs the pointer");
	rw_matcher_free(&m);

	jg.id = "jg";
	jg.name = "Jean-Guy MARTIN";
	jg.names = jg_names;
	jg.nnames = 2;
	jg.specialty = "cardiologue";
	jg.cities = jg_cities;
	jg.ncities = 1;
	m = rw_matcher_new(&jg);
	ok(m != NULL, "matcher for a hyphenated first name");
	RUN("jean-guy", m, jg_cases, NULL);
	ok(rw_matcher_find(m, "JG Martin", &hit) == 1 && !strcmp(hit.practitioner, "jg"), "the hit says whom it is about");
	rw_matcher_free(&m);

	{
		rw_practitioner paul = { 0 }, sophie = { 0 };
		char *toronto[] = { "Toronto" }, *brussels[] = { "Brussels" };
		paul.id = "paul";
		paul.name = "Paul Exemple";
		paul.specialty = "allergist";
		paul.cities = toronto;
		paul.ncities = 1;
		m = rw_matcher_new(&paul);
		RUN("paul", m, paul_cases, NULL);
		rw_matcher_free(&m);
		sophie.id = "sophie";
		sophie.name = "Sophie Lanternier";
		sophie.specialty = "ORL";
		sophie.cities = brussels;
		sophie.ncities = 1;
		m = rw_matcher_new(&sophie);
		RUN("sophie", m, sophie_cases, NULL);
		rw_matcher_free(&m);
	}
	{
		/* "Portland, OR" as a user types it: OR says which Portland, and is no city word */
		rw_practitioner k = { 0 };
		char *portland[] = { "Portland", "OR" };
		k.id = "k";
		k.name = "Kevin Aldermoor";
		k.specialty = "chiropractor";
		k.cities = portland;
		k.ncities = 2;
		m = rw_matcher_new(&k);
		r = rw_matcher_find(m, "Kevin Aldermoor, chiropractor, or so they say", &hit);
		ok(r == 1 && !strstr(hit.reason, "city"), "'or' is no city of his: %s", r == 1 ? hit.reason : "");
		r = rw_matcher_find(m, "Kevin Aldermoor, chiropractor in Portland, ME", &hit);
		ok(r == 1 && hit.confidence == RW_CONF_HIGH, "Portland named: %s", r == 1 ? hit.reason : "");
		rw_matcher_free(&m);
	}

	/* a name with a particle; surname in capitals marks where it starts */
	{
		rw_practitioner p = { 0 };
		p.id = "p";
		/* a profile built by hand (repwatch init) may give city alone */
		p.name = "Jeanne Dupont";
		p.city = "Lyon";
		m = rw_matcher_new(&p);
		r = rw_matcher_find(m, "Le Dr Dupont de Lyon", &hit);
		ok(r == 1 && hit.confidence == RW_CONF_MEDIUM, "city alone counts as her city");
		rw_matcher_free(&m);
		p.name = "Marie de La Fontaine";
		m = rw_matcher_new(&p);
		ok(rw_matcher_find(m, "Dr de la Fontaine", &hit) == 1, "title + surname with particles");
		ok(rw_matcher_find(m, "Dr Fontaine", &hit) == 0, "not the last word alone");
		rw_matcher_free(&m);
		p.name = "Anne Sophie LE GALL";
		m = rw_matcher_new(&p);
		ok(rw_matcher_find(m, "Anne-Sophie Le Gall", &hit) == 1, "capitals mark the surname");
		ok(rw_matcher_find(m, "Dr Le Gall", &hit) == 1, "title + two-word surname");
		ok(rw_matcher_find(m, "AS Le Gall", &hit) == 1, "initials of two first names");
		rw_matcher_free(&m);
	}

	/* a given name that is also a word ("claire", "hope") is hers only
	 * written as a name: capitalised like her surname, in the same sentence */
	{
		static const struct match_case claire_cases[] = {
			{ "Le Dr Claire Fictif, à l'écoute", "Dr Claire Fictif", "high" },
			{ "FICTIF Claire, cabinet propre", "FICTIF Claire", "medium" },
			{ "rdv avec claire fictif ce matin", "claire fictif", "medium" },
			{ "Dr C. Fictif", "Dr C. Fictif", "high" },
			{ "L'explication du Dr Fictif, claire et nette", "Dr Fictif", "low" },
			{ "Merci au Dr Fictif. Claire et précise, elle explique.", "Dr Fictif", "low" },
			{ "Une explication claire Fictif a donné", NULL, NULL },
			{ "La consigne était claire", NULL, NULL },
		};
		rw_practitioner p = { 0 };
		p.id = "c";
		p.name = "Claire Fictif";
		m = rw_matcher_new(&p);
		RUN("Claire Fictif", m, claire_cases, NULL);
		rw_matcher_free(&m);
	}

	/* another profession nearby lowers, unless said of someone already
	 * known ("the notary", "mon avocat") */
	{
		static const struct match_case owen_cases[] = {
			{ "The notary read the deed. My mother was tired. Reached for comment, Dr Thistlebury declined.",
			  "Dr Thistlebury", "low" },
			{ "Mon avocat m'a conseillé de consulter. Le Dr Thistlebury a été clair.", "Dr Thistlebury", "low" },
			{ "Great naturopath. Dr Thistlebury prescribed herbs.", NULL, NULL },
		};
		rw_practitioner p = { 0 };
		p.id = "o";
		p.name = "Owen Thistlebury";
		p.specialty = "allergist";
		p.city = "Halifax";
		m = rw_matcher_new(&p);
		RUN("Owen Thistlebury", m, owen_cases, NULL);
		rw_matcher_free(&m);
	}
	return tap_done();
}
