#include "match.h"
#include "tap.h"

#include <string.h>

static rw_practitioner prac = { "default", "Jeanne Dupont", NULL, 0, "dermatology", "Lyon" };

static void
expect(rw_matcher *m, const char *text, int want, const char *span)
{
	rw_match hit;
	int got = rw_matcher_find(m, text, &hit);

	ok(got == want, "%s: '%s'", want ? "found" : "not found", text);
	if (got == 1 && want == 1 && span) {
		char buf[128];
		size_t n = hit.end - hit.start < sizeof(buf) - 1 ? hit.end - hit.start : sizeof(buf) - 1;
		memcpy(buf, text + hit.start, n);
		buf[n] = '\0';
		is_str(buf, span, "span of the match in '%s'", text);
	}
}

int
main(void)
{
	char *variants[] = { "Jeanne Dupont-Martin" };
	rw_matcher *m = rw_matcher_new(&prac), *mv;
	rw_practitioner pv = prac;

	ok(m != NULL, "matcher built");
	ok(rw_matcher_nvariants(m) >= 3, "several spellings generated");
	expect(m, "Avis sur Jeanne Dupont, dermatologue", 1, "Jeanne Dupont");
	expect(m, "JEANNE DUPONT répond", 1, "JEANNE DUPONT");
	expect(m, "Le docteur DUPONT Jeanne", 1, "docteur DUPONT");
	expect(m, "Avis : DUPONT Jeanne, Lyon", 1, "DUPONT Jeanne");
	expect(m, "Très bien reçue par le Dr Dupont.", 1, "Dr Dupont");
	expect(m, "Dr. Dupont", 1, "Dr. Dupont");
	expect(m, "Docteur Dupont", 1, "Docteur Dupont");
	expect(m, "Jeanne\xC2\xA0" "Dupont", 1, NULL);
	expect(m, "Jéanne Dupont", 1, NULL);
	expect(m, "Pr Dupont a publié", 1, "Pr Dupont");
	/* decoys */
	expect(m, "Jeanne Dupontel", 0, NULL);
	expect(m, "Dr Dupond", 0, NULL);
	expect(m, "Dupont tout seul", 0, NULL);
	expect(m, "Marie Dupont", 0, NULL);
	expect(m, "Jeanne Dupuis", 0, NULL);
	expect(m, "", 0, NULL);
	rw_matcher_free(&m);
	ok(m == NULL, "free NULLs the pointer");
	rw_matcher_free(&m);

	pv.variants = variants;
	pv.nvariants = 1;
	mv = rw_matcher_new(&pv);
	expect(mv, "Jeanne DUPONT-MARTIN", 1, "Jeanne DUPONT-MARTIN");
	rw_matcher_free(&mv);
	return tap_done();
}
