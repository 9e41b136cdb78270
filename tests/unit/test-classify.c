#include "classify.h"
#include "tap.h"

static void
rating(const char *text, int found, double v, double best)
{
	double gv = -1, gb = -1;
	int r = rw_classify_rating_in_text(text, &gv, &gb);
	ok(r == found && (!found || (gv == v && gb == best)), "rating in '%s' -> %d %g/%g", text, r, gv, gb);
}

int
main(void)
{
	rw_classification c;

	rating("Je mets 5/5 sans hésiter", 1, 5, 5);
	rating("note 4,5/5", 1, 4.5, 5);
	rating("\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x86 très bien", 1, 4, 5);
	rating("4 étoiles pour l'accueil", 1, 4, 5);
	rating("one star, never again", 1, 1, 5);
	rating("Deux étoiles seulement", 1, 2, 5);
	rating("9/10", 1, 9, 10);
	rating("rendez-vous le 12/03", 0, 0, 0);
	rating("covid-19/2020", 0, 0, 0);
	rating("aucune note ici", 0, 0, 0);

	rw_classify("Super médecin", "https://x.example/", NULL, 4, 5, &c);
	is_str(rw_category_name(c.category), "review", "item rating makes a review");
	ok(c.rating == 4 && c.rating_best == 5, "rating kept");
	rw_classify("Très bien 5/5", NULL, "news", -1, -1, &c);
	is_str(rw_category_name(c.category), "review", "rating in text beats the hint");
	rw_classify("Un article", "https://example.org/", "news", -1, -1, &c);
	is_str(rw_category_name(c.category), "news", "source hint");
	rw_classify("Un post", "https://www.reddit.com/r/france/x", NULL, -1, -1, &c);
	is_str(rw_category_name(c.category), "social", "social domain");
	rw_classify("Un post", "https://notreddit.com/x", NULL, -1, -1, &c);
	is_str(rw_category_name(c.category), "other", "look-alike domain is not social");
	rw_classify("Article", "https://www.lemonde.fr/sante/x", NULL, -1, -1, &c);
	is_str(rw_category_name(c.category), "news", "press domain");
	ok(c.reason[0] != '\0', "a reason is given");
	is_int(rw_category_from_name("misinformation"), RW_CAT_MISINFORMATION, "category names round-trip");
	is_int(rw_category_from_name("nonsense"), -1, "unknown category name");
	return tap_done();
}
