/* SPDX-License-Identifier: MIT */
/* The gazetteer: names as people write them (accents, hyphens, Saint/St,
 * English and French names of one city), arrondissements and postcodes,
 * and what is inside what. */
#include "places.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
known_in(const rw_gazetteer *g, const char *name, const char *country)
{
	const rw_place *out[64];
	size_t n = rw_places_find(g, name, out, 64), i;

	for (i = 0; i < n && i < 64; i++)
		if (!strcmp(out[i]->country, country))
			return 1;
	return 0;
}

int
main(void)
{
	rw_err err = { 0 };
	rw_gazetteer *g = rw_gazetteer_load(FEEDS_DIR "/places", &err);
	const rw_place *out[64];
	size_t n;
	char *f;

	ok(g != NULL, "load: %s", err.msg);
	if (!g)
		return tap_done();
	ok(rw_gazetteer_size(g) > 60000, "tens of thousands of places (%zu)", rw_gazetteer_size(g));

	/* comparison form */
	f = rw_places_norm("St-Étienne");
	is_str(f, "saint etienne", "St-Étienne compares as saint etienne");
	free(f);
	f = rw_places_norm("Ste. Foy");
	is_str(f, "sainte foy", "Ste. Foy compares as sainte foy");
	free(f);

	/* accents, hyphens, Saint/St, apostrophes */
	ok(known_in(g, "Saint-Étienne", "FR"), "Saint-Étienne");
	ok(known_in(g, "saint etienne", "FR"), "saint etienne, no accent, no hyphen");
	ok(known_in(g, "St Etienne", "FR"), "St Etienne");
	ok(known_in(g, "ST-ÉTIENNE", "FR"), "ST-ÉTIENNE in capitals");
	ok(known_in(g, "Aix en Provence", "FR"), "Aix en Provence without hyphens");
	ok(known_in(g, "L'Abergement-Clémenciat", "FR"), "an apostrophe");
	ok(known_in(g, "St Albans", "GB") && known_in(g, "Saint Albans", "GB"), "St Albans (GB) both ways");
	ok(known_in(g, "Trois Rivieres", "CA"), "Trois Rivieres (CA)");

	/* the same city in French and English */
	ok(known_in(g, "Bruxelles", "BE") && known_in(g, "Brussels", "BE") && known_in(g, "Brussel", "BE"),
	   "Bruxelles / Brussels / Brussel");
	ok(rw_places_inside(g, "Bruxelles", "Brussels") && rw_places_inside(g, "Brussels", "Bruxelles"),
	   "Bruxelles is Brussels, both ways");
	ok(rw_places_inside(g, "Genève", "Geneva") && rw_places_inside(g, "Geneve", "Genf"), "Genève / Geneva / Genf");
	ok(rw_places_inside(g, "Montreal", "Montréal"), "Montreal / Montréal");
	ok(rw_places_inside(g, "Anvers", "Antwerpen"), "Anvers / Antwerpen");

	/* arrondissements and postcodes are inside their commune */
	ok(known_in(g, "Paris 11e", "FR"), "Paris 11e is a place");
	ok(rw_places_inside(g, "Paris 11e", "Paris"), "Paris 11e is inside Paris");
	ok(rw_places_inside(g, "Paris XIe", "Paris"), "Paris XIe is inside Paris");
	ok(rw_places_inside(g, "Lyon 3ème arrondissement", "Lyon"), "Lyon 3ème arrondissement is inside Lyon");
	ok(rw_places_inside(g, "Marseille 1er", "Marseille"), "Marseille 1er is inside Marseille");
	ok(rw_places_inside(g, "69003", "Lyon"), "69003 is inside Lyon");
	ok(rw_places_inside(g, "69003 Lyon", "Lyon"), "69003 Lyon is inside Lyon");
	ok(rw_places_inside(g, "Lyon 69003", "Lyon"), "Lyon 69003 is inside Lyon");
	ok(!rw_places_inside(g, "69003", "Marseille"), "69003 is not inside Marseille");
	ok(!rw_places_inside(g, "Paris 11e", "Lyon"), "Paris 11e is not inside Lyon");
	ok(!rw_places_inside(g, "Lyon", "Lyon 3e"), "Lyon is not inside its 3rd arrondissement");
	ok(!rw_places_inside(g, "Villeurbanne", "Lyon"), "Villeurbanne (another commune) is not inside Lyon");
	ok(rw_places_inside(g, "Ixelles", "Bruxelles"), "Ixelles is inside Brussels (a quarter, by distance)");
	ok(!rw_places_inside(g, "Oakville", "Toronto"), "Oakville is not inside Toronto");
	ok(!rw_places_inside(g, "Liège", "Bruxelles"), "Liège is not inside Brussels");

	/* qualified names */
	n = rw_places_find(g, "Portland, OR", out, 64);
	ok(n >= 1 && !strcmp(out[0]->admin1, "OR"), "Portland, OR is Oregon's (%zu)", n);
	ok(!rw_places_inside(g, "Portland, ME", "Portland, OR"), "Portland, ME is not Portland, OR");
	ok(known_in(g, "Paris, France", "FR"), "Paris, France: the country by its name");
	ok(known_in(g, "Genève, Suisse", "CH") && known_in(g, "Geneva, Switzerland", "CH"),
	   "Genève, Suisse and Geneva, Switzerland");
	is_int((long long)rw_places_find(g, "Lyon, Belgique", out, 64), 0, "Lyon, Belgique: no such place");
	ok(known_in(g, "Lyon Cedex 03", "FR") && known_in(g, "75014 PARIS CEDEX", "FR"),
	   "a Cedex and its number are the place before it");
	ok(rw_places_inside(g, "Paris Cedex 15", "Paris"), "Paris Cedex 15 is hers when she is in Paris");
	is_int((long long)rw_places_find(g, "Cedex", out, 64), 0, "Cedex alone is no place");

	/* not places */
	is_int((long long)rw_places_find(g, "dermatologue", out, 64), 0, "dermatologue is no place");
	is_int((long long)rw_places_find(g, "", out, 64), 0, "nothing is no place");
	is_int((long long)rw_places_find(NULL, "Lyon", out, 64), 0, "no gazetteer: nothing is known");

	/* in running text (token form) */
	{
		const char *tok = "saint etienne loire et";
		size_t len = 0;
		const rw_place *p = rw_places_at(g, tok, &len);
		ok(p && len == strlen("saint etienne"), "the longest name at a word: saint etienne (%zu)", len);
		p = rw_places_at(g, "st albans hertfordshire", &len);
		ok(p && len == strlen("st albans"), "st albans in running text");
		ok(!rw_places_at(g, " lyon", &len), "not at a space");
	}
	rw_gazetteer_free(&g);
	ok(g == NULL, "free NULLs the pointer");
	rw_gazetteer_free(&g);
	return tap_done();
}
