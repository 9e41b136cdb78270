/* SPDX-License-Identifier: MIT */
/* The digest from a store built here: sections, before/after of an edit,
 * the last text of a deletion, the myth catalogue through its callback
 * (a fixture standing in for feeds/myths/), escaping, link filtering, caps,
 * English and French. */
#include "classify.h"
#include "digest.h"
#include "date.h"
#include "store.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-digest-XXXXXX";
/* the classifier's reason stored with the next observations (NULL: none) */
static const char *observe_reason;

static void
observe_for(rw_store *s, const char *practitioner, const char *variant, int64_t scan, int64_t src, int64_t now,
            const char *guid, const char *title, const char *body, const char *link, const char *category,
            double rating)
{
	rw_observation o;
	rw_change ch;
	int64_t id;
	rw_err err = { 0 };

	memset(&o, 0, sizeof(o));
	o.practitioner = practitioner;
	o.variant = variant;
	o.reason = observe_reason;
	o.guid = guid;
	o.title = title;
	o.body = body;
	o.link = link;
	o.category = category;
	o.published = now - 3600;
	o.rating = rating;
	o.rating_best = rating >= 0 ? 5 : -1;
	if (rw_store_observe(s, scan, src, now, &o, &ch, &id, &err))
		fprintf(stderr, "# observe: %s\n", err.msg);
}

static void
observe(rw_store *s, int64_t scan, int64_t src, int64_t now, const char *guid, const char *title,
        const char *body, const char *link, const char *category, double rating)
{
	observe_for(s, "default", NULL, scan, src, now, guid, title, body, link, category, rating);
}

/* No line of text longer than 78 columns, unless it is one link alone. */
static int
lines_fit(const char *text, int max)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n'), *q;
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		int cols = 0;
		for (q = p; q < p + len; q++)
			cols += ((unsigned char)*q & 0xc0) != 0x80;
		if (cols > max) {
			const char *w = p;
			while (*w == ' ')
				w++;
			if (strncmp(w, "https://", 8) || memchr(w, ' ', len - (size_t)(w - p))) {
				fprintf(stderr, "# too long (%d): %.*s\n", cols, (int)len, p);
				return 0;
			}
		}
		p += len + (nl ? 1 : 0);
	}
	return 1;
}

/* The fixture catalogue: one myth, with a correction, a safe source, a
 * javascript: one and a hostile title. */
static int myth_calls;
static int
myth_lookup(const rw_mention *m, const char *lang, rw_digest_myth *out, void *data)
{
	(void)data;
	myth_calls++;
	if (!m->title || !strstr(m->title, "crème solaire"))
		return 0;
	out->claim = !strcmp(lang, "fr") ? "La crème solaire donne le cancer" : "Sunscreen causes cancer";
	out->correction = !strcmp(lang, "fr")
		? "Aucune étude sérieuse ne le montre ; la crème solaire réduit le risque de mélanome."
		: "No sound study shows it; sunscreen lowers the risk of melanoma.";
	out->sources[0].title = "Institut national du cancer";
	out->sources[0].url = "https://www.e-cancer.fr/";
	out->sources[1].title = "<b>Trick</b>";
	out->sources[1].url = "javascript:alert(1)";
	out->nsources = 2;
	return 1;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

int
main(void)
{
	rw_err err = { 0 };
	rw_store *s;
	rw_source_state st, bad;
	int64_t scan1, scan2, src;
	rw_digest_opts o;
	rw_digest *d;
	char *path, *text, *html, *subject;
	const int64_t day1 = 1793000000, day9 = day1 + 8 * 86400;
	int i;

	if (!mkdtemp(dir) || asprintf(&path, "%s/d.db", dir) < 0)
		return 99;
	setenv("TZ", "UTC", 1);
	s = rw_store_open(path, &err);
	ok(s != NULL, "store: %s", err.msg);
	if (!s)
		return tap_done();
	rw_store_source_get(s, "https://avis.example/feed", "Avis patients", &st, &err);
	src = st.id;
	rw_store_source_get(s, "https://gone.example/feed", "Moved away", &bad, &err);

	/* a week ago: three reviews */
	rw_store_scan_begin(s, day1, &scan1, &err);
	rw_store_begin(s, &err);
	observe(s, scan1, src, day1, "r1", "Attente interminable", "Deux heures d'attente. 2/5",
	        "https://avis.example/a/1", "review", 2);
	observe(s, scan1, src, day1, "r2", "Cabinet bien tenu", "Propre et calme. 4/5", "https://avis.example/a/2",
	        "review", 4);
	observe(s, scan1, src, day1, "r3", "Vieux compliment", "Très bien.", "https://avis.example/a/3", "review", 5);
	observe_for(s, "default", "dupont", scan1, src, day1, "m3", "Le Dr Dupont et le vaccin",
	            "Le Dr Dupont cacherait les effets du vaccin.", "https://rumeurs.example/p/3", "misinformation", -1);
	observe(s, scan1, src, day1, "m4", "Rumeur sans nom", "Personne n'est nommé.", "https://rumeurs.example/p/4",
	        "misinformation", -1);
	rw_store_commit(s, &err);

	/* two days ago: a review arrives at one star */
	rw_store_scan_begin(s, day9 - 2 * 86400, &scan2, &err);
	rw_store_begin(s, &err);
	observe(s, scan2, src, day9 - 2 * 86400, "r5", "Très déçue", "Accueil froid, aucune explication.",
	        "https://avis.example/a/5", "review", 1);
	rw_store_commit(s, &err);
	for (i = 0; i < 3; i++)
		rw_store_source_result(s, bad.id, day1 + i, 404, NULL, NULL, "HTTP 404 <not found>", &err);

	/* this week: r1 edited, r2 deleted, new hostile review, myth, news, 60 posts */
	rw_store_scan_begin(s, day9, &scan2, &err);
	rw_store_begin(s, &err);
	observe(s, scan2, src, day9, "r1", "Attente interminable", "Mise à jour : elle s'est excusée. 4/5",
	        "https://avis.example/a/1", "review", 4);
	observe(s, scan2, src, day9, "r5", "Très déçue", "Accueil froid, mais elle m'a rappelée ensuite pour tout "
	        "m'expliquer, avec patience. Je corrige mon avis : une médecin sérieuse et attentive, je la recommande "
	        "sans hésiter à qui cherche une dermatologue à Lyon.", "https://avis.example/a/5", "review", 3);
	observe(s, scan2, src, day9, "r3", "Vieux compliment", "Très bien.", "https://avis.example/a/3", "review", 5);
	observe(s, scan2, src, day9, "r4", "<script>alert(1)</script> & co", "Nul \"vraiment\" <b>nul</b>. 1/5",
	        "javascript:alert(document.cookie)", "review", 1);
	observe(s, scan2, src, day9, "m1", "Le Dr Dupont et la crème solaire", "Elle dirait que la crème solaire donne le cancer.",
	        "https://rumeurs.example/p/1", "misinformation", -1);
	observe(s, scan2, src, day9, "m2", "Autre rumeur", "Rien dans le catalogue.", "https://rumeurs.example/p/2",
	        "misinformation", -1);
	for (i = 0; i < 60; i++) {
		char guid[16], title[64], link[64];
		snprintf(guid, sizeof(guid), "p%d", i);
		snprintf(title, sizeof(title), "Post %d sur le Dr Dupont", i);
		snprintf(link, sizeof(link), "https://social.example/p/%d", i);
		observe(s, scan2, src, day9, guid, title, "...", link, "social", -1);
	}
	observe(s, scan2, src, day9, "n1", "Un très long titre d'article sur la dermatologie lyonnaise, qui ne tient "
	        "pas sur une ligne de courrier", "...", "https://presse.example/2026/11/03/"
	        "un-tres-long-chemin-d-article-sur-la-dermatologie-lyonnaise-qui-depasse-la-ligne?utm_source=x",
	        "news", -1);
	rw_store_sweep(s, scan2, src, day1 - 7200, day9, NULL, NULL, &err);
	rw_store_commit(s, &err);

	memset(&o, 0, sizeof(o));
	o.since = day9 - 7 * 86400;
	o.until = day9;
	o.lang = "en";
	o.whom = "Dr Jeanne Dupont";
	o.max_items = 50;
	o.myth = myth_lookup;
	d = rw_digest_collect(s, &o, &err);
	ok(d != NULL, "collected: %s", err.msg);
	if (!d)
		return tap_done();
	is_int((long long)rw_digest_count(d), 1 + 2 + 1 + 2 + 1 + 61,
	       "count: new, two edited, deleted, two myths, one removed myth, 61 posts");
	is_int((long long)rw_digest_failing(d), 1, "one failing source");
	subject = rw_digest_subject(d);
	is_str(subject, "repwatch digest for Dr Jeanne Dupont: 1 new review, 2 edited reviews, 1 deleted review, "
	       "2 false claims, 1 false claim removed, 61 news or social mentions",
	       "English subject: new, edited and deleted counted apart");
	text = rw_digest_text(d);
	html = rw_digest_html(d);
	ok(text && html, "rendered");
	if (text && html) {
		ok(strstr(text, "== New reviews (1) ==\n\n- \xe2\x98\x85\xe2\x98\x86\xe2\x98\x86\xe2\x98\x86\xe2\x98\x86 1/5  "
		                "<script>alert(1)</script> & co") != NULL, "text: the new review with its stars, as text");
		ok(strstr(text, "== Edited reviews (2) ==") && strstr(text, "  Before: \xe2\x98\x85\xe2\x98\x85\xe2\x98\x86"
		                "\xe2\x98\x86\xe2\x98\x86 2/5\n    \xc2\xab Deux heures d'attente. 2/5 \xc2\xbb") &&
		   strstr(text, "  After: \xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x86 4/5"),
		   "text: before and after of the edit");
		ok(strstr(text, "- Très déçue\n  Before: \xe2\x98\x85\xe2\x98\x86\xe2\x98\x86\xe2\x98\x86\xe2\x98\x86 1/5\n"
		                "    \xc2\xab Accueil froid, aucune explication. \xc2\xbb\n  After: ") != NULL,
		   "text: a review that arrived at one star and was edited in the period: before and after");
		is_int(count(text, "Très déçue"), 1, "...listed once, not also as new");
		ok(strstr(text, "== Misinformation removed (1) ==\n\n- Le Dr Dupont et le vaccin") != NULL,
		   "text: removed misinformation that named her");
		ok(!strstr(text, "Rumeur sans nom"), "a removed myth that named no one is not listed");
		ok(lines_fit(text, 78), "text: no line over 78 columns but a link alone");
		if (getenv("DIGEST_DUMP"))
			fputs(text, stderr);
		ok(strstr(text, "\n  https://presse.example/2026/11/03/un-tres-long-chemin-d-article-sur-la-dermatologie-"
		                "lyonnaise-qui-depasse-la-ligne?utm_source=x\n") != NULL, "text: a long link kept whole");
		ok(strstr(text, "Un très long titre d'article sur la dermatologie lyonnaise, qui ne\n"
		                "  tient pas sur une ligne de courrier") != NULL, "text: a long title wrapped, indented");
		is_int(count(html, "<div"), 0, "html: no div layout");
		ok(strstr(html, "<table role=\"presentation\" width=\"600\"") &&
		   strstr(html, "max-width:600px"), "html: a 600 px table, max-width for phones");
		is_int(count(html, "<style"), 0, "html: inline styles only");
		ok(strstr(text, "== Deleted reviews (1) ==\n\n- Cabinet bien tenu\n  Last text seen: ") &&
		   strstr(text, "Propre et calme. 4/5"), "text: the deleted review with its last text");
		ok(!strstr(text, "Vieux compliment"), "an unchanged old review is not in the digest");
		ok(strstr(text, "What is true: No sound study shows it") &&
		   strstr(text, "* Institut national du cancer https://www.e-cancer.fr/"),
		   "text: the myth's correction and its source");
		ok(strstr(text, "No correction on file for this claim yet.") != NULL, "text: a myth the catalogue lacks says so");
		ok(strstr(text, "- Le Dr Dupont et la crème solaire\n") &&
		   strstr(text, "  It does not name you (a myth your specialty watches).\n  Claim: Sunscreen causes cancer\n"),
		   "text: which myth an item spreads, and that it does not name her (no spelling matched)");
		ok(strstr(text, "== News and social media (61) ==") && strstr(text, "... and 11 more"),
		   "text: 61 posts, 50 shown, then 'and 11 more'");
		ok(strstr(text, "== Sources that keep failing (1) ==") && strstr(text, "failed 3 scans in a row, never read"),
		   "text: the failing source");
		ok(!strstr(text, "javascript:"), "text: no javascript: link");
		is_int(count(html, "<script"), 0, "html: no <script> tag");
		ok(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") != NULL, "html: the title escaped");
		ok(strstr(html, "Nul &quot;vraiment&quot; &lt;b&gt;nul&lt;/b&gt;") != NULL, "html: the body escaped");
		ok(!strstr(html, "javascript:") && !strstr(html, "alert(document"), "html: the javascript: link dropped");
		ok(strstr(html, "(link removed: not http or https)") != NULL, "html: and said so");
		ok(strstr(html, "<a href=\"https://www.e-cancer.fr/\"") != NULL, "html: the reputable source linked");
		ok(strstr(html, "&lt;b&gt;Trick&lt;/b&gt;") != NULL && !strstr(html, "<b>Trick"),
		   "html: a catalogue source with a javascript: link is shown as text only");
		ok(strstr(html, "HTTP 404 &lt;not found&gt;") != NULL, "html: the source's error escaped");
		ok(strstr(html, "<!DOCTYPE html>") && strstr(html, "<html lang=\"en\">"), "html: a whole document");
		is_int(count(html, "<a href="), 2 + 1 + 2 + 1 + 50 + 1,
		       "html: links for edits, deletion, myths, removed myth, 50 posts, one source");
	}
	free(subject);
	free(text);
	free(html);
	rw_digest_free(&d);
	ok(d == NULL, "free NULLs the pointer");
	rw_digest_free(&d);

	o.lang = "fr";
	o.myth = NULL;
	d = rw_digest_collect(s, &o, &err);
	subject = d ? rw_digest_subject(d) : NULL;
	is_str(subject, "Résumé repwatch pour Dr Jeanne Dupont : 1 nouvel avis, 2 avis modifiés, 1 avis supprimé, "
	       "2 fausses informations, 1 fausse information retirée, 61 mentions presse ou réseaux", "French subject");
	text = d ? rw_digest_text(d) : NULL;
	ok(text && strstr(text, "Avis modifiés") && strstr(text, "Avant\xc2\xa0: "), "French sections and typography");
	ok(text && strstr(text, "Du 27/10/2026 au 03/11/2026\n"), "the period in French dates");
	ok(text && strstr(text, "Pas encore de correction enregistrée"), "no catalogue given: every myth says so");
	free(subject);
	free(text);
	rw_digest_free(&d);

	/* a group practice: an article naming both, a review of his */
	{
		static const struct rw_digest_who two[] = { { "default", "Dr Jeanne Dupont" },
		                                            { "paul", "Dr Paul Martin" } };
		int64_t scan3;
		rw_store_scan_begin(s, day9 + 86400, &scan3, &err);
		rw_store_begin(s, &err);
		observe_for(s, "default", "dupont", scan3, src, day9 + 86400, "a1", "Deux dermatologues lyonnais",
		            "Le Dr Dupont et le Dr Martin ouvrent un cabinet.", "https://presse.example/a1", "news", -1);
		observe_for(s, "paul", "martin", scan3, src, day9 + 86400, "a1", "Deux dermatologues lyonnais",
		            "Le Dr Dupont et le Dr Martin ouvrent un cabinet.", "https://presse.example/a1", "news", -1);
		observe_for(s, "paul", "martin", scan3, src, day9 + 86400, "rp1", "Très bon", "Efficace.",
		            "https://avis.example/p/1", "review", 5);
		observe_for(s, "default", "dupont", scan3, src, day9 + 86400, "rj1", "Parfait", "Merci.",
		            "https://avis.example/j/1", "review", 5);
		rw_store_commit(s, &err);
		o.since = day9 + 1;
		o.until = day9 + 2 * 86400;
		o.lang = "en";
		o.practitioners = two;
		o.npractitioners = 2;
		d = rw_digest_collect(s, &o, &err);
		text = d ? rw_digest_text(d) : NULL;
		html = d ? rw_digest_html(d) : NULL;
		ok(d && rw_digest_count(d) == 3, "group practice: three entries (the article about both is one)");
		ok(text && count(text, "Deux dermatologues lyonnais") == 1 &&
		   strstr(text, "-- About Dr Jeanne Dupont, Dr Paul Martin --\n\n- Deux dermatologues lyonnais"),
		   "text: one entry for the article naming both, saying whom it is about");
		ok(text && strstr(text, "== New reviews (2) ==\n\n-- About Dr Jeanne Dupont --\n\n- ") &&
		   strstr(text, "-- About Dr Paul Martin --\n\n- ") &&
		   strstr(text, "About Dr Jeanne Dupont") < strstr(text, "About Dr Paul Martin"),
		   "text: reviews grouped by practitioner, in the config's order");
		ok(html && count(html, "About Dr Paul Martin") == 1 && count(html, "Deux dermatologues") == 1,
		   "html: the same groups");
		free(text);
		free(html);
		rw_digest_free(&d);
		o.practitioners = NULL;
		o.npractitioners = 0;
		o.lang = "fr";
	}

	/* the next day: a rebuttal naming her (news: classify.h's rule 4) and
	 * a myth naming her */
	{
		int64_t scan3;
		rw_store_scan_begin(s, day9 + 86400, &scan3, &err);
		rw_store_begin(s, &err);
		observe_reason = RW_CLASSIFY_REBUTTAL ": myth 'sunscreen-cancer', refuted (denied-before)";
		observe_for(s, "default", "Dr Dupont", scan3, src, day9 + 86400, "n2",
		            "Le Dr Dupont : non, la crème solaire ne donne pas le cancer",
		            "Elle rappelle qu'aucune étude ne le montre.", "https://presse.example/n2", "news", -1);
		observe_reason = "the text asserts the myth 'sunscreen-cancer' (plain)";
		observe_for(s, "default", "Dr Dupont", scan3, src, day9 + 86400, "m5", "Le Dr Dupont et la crème solaire, encore",
		            "Selon le Dr Dupont, la crème solaire donne le cancer.", "https://rumeurs.example/p/5",
		            "misinformation", -1);
		observe_reason = NULL;
		rw_store_commit(s, &err);
		ok(err.code == RW_OK, "a rebuttal and a myth naming her stored: %s", err.msg);
		o.since = day9 + 43200;
		o.until = day9 + 2 * 86400;
		o.lang = "en";
		o.myth = myth_lookup;
		d = rw_digest_collect(s, &o, &err);
		text = d ? rw_digest_text(d) : NULL;
		html = d ? rw_digest_html(d) : NULL;
		ok(text && strstr(text, "== News and social media (") &&
		   strstr(text, "- Le Dr Dupont : non, la crème solaire") > strstr(text, "== News and social media (") &&
		   strstr(text, "  A rebuttal naming you, of the myth: Sunscreen causes cancer\n"),
		   "text: her rebuttal is news, saying it rebuts which myth");
		ok(text && strstr(text, "== Misinformation to answer (1) ==") &&
		   strstr(text, "  It names you.\n  Claim: Sunscreen causes cancer\n"),
		   "text: the myth a mention naming her spreads, and that it names her");
		ok(html && strstr(html, "<strong>A rebuttal naming you, of the myth:</strong> Sunscreen causes cancer") &&
		   strstr(html, ">It names you.</p>"), "html: the same");
		if (text && getenv("DIGEST_DUMP"))
			fputs(text, stderr);
		free(text);
		free(html);
		rw_digest_free(&d);
		o.lang = "fr";
		d = rw_digest_collect(s, &o, &err);
		text = d ? rw_digest_text(d) : NULL;
		ok(text && strstr(text, "  Une réfutation qui vous nomme, de l'idée reçue\xc2\xa0: La crème solaire") && strstr(text, "  Le texte vous nomme.\n"), "text: in French too");
		if (text && getenv("DIGEST_DUMP"))
			fputs(text, stderr);
		free(text);
		rw_digest_free(&d);
	}

	o.since = day9 + 3 * 86400;
	d = rw_digest_collect(s, &o, &err);
	subject = d ? rw_digest_subject(d) : NULL;
	is_str(subject, "Résumé repwatch pour Dr Jeanne Dupont : rien de nouveau", "an empty period says so");
	free(subject);
	rw_digest_free(&d);

	ok(rw_digest_safe_link("https://a.example/x?y=1") && rw_digest_safe_link("HTTP://A.EXAMPLE/"),
	   "http(s) links are kept");
	ok(!rw_digest_safe_link("javascript:alert(1)") && !rw_digest_safe_link(" https://a.example/") &&
	   !rw_digest_safe_link("https://a.example/\"onmouseover=x") && !rw_digest_safe_link("data:text/html,x") &&
	   !rw_digest_safe_link("https:///path") && !rw_digest_safe_link(NULL),
	   "javascript:, data:, spaces, quotes and hostless links are not");

	rw_source_state_clear(&st);
	rw_source_state_clear(&bad);
	rw_store_close(&s);
	unlink(path);
	free(path);
	{
		char wal[128];
		snprintf(wal, sizeof(wal), "%s/d.db-wal", dir);
		unlink(wal);
		snprintf(wal, sizeof(wal), "%s/d.db-shm", dir);
		unlink(wal);
	}
	rmdir(dir);
	return tap_done();
}
