/* SPDX-License-Identifier: MIT */
#include "diff.h"
#include "date.h"
#include "tap.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
unwrap(const char *in, const char *want)
{
	char *got = rw_diff_unwrap_link(in);
	is_str(got, want, "unwrap '%s'", in ? in : "(null)");
	free(got);
}

static void
wdiff(const char *a, const char *b, const char *want)
{
	char *got = rw_diff_words_plain(a, b);
	is_str(got, want, "word diff '%s' -> '%s'", a ? a : "(null)", b ? b : "(null)");
	free(got);
}

struct runs { int n, del, ins; };

static int
count_runs(rw_diff_op op, const char *text, size_t len, void *data)
{
	struct runs *r = data;
	(void)text;
	(void)len;
	r->n++;
	r->del += op == RW_DIFF_DELETE;
	r->ins += op == RW_DIFF_INSERT;
	return 0;
}

static void
canon(const char *in, const char *want)
{
	char *got = rw_diff_canonical_link(in);
	is_str(got, want, "canonical '%s'", in ? in : "(null)");
	free(got);
}

/* Link identity: each row is two spellings and whether they are one page. */
static const struct { const char *a, *b; int same; } url_table[] = {
	/* equivalent */
	{ "https://example.org/a", "HTTPS://EXAMPLE.ORG/a", 1 },
	{ "https://example.org/a", "https://example.org:443/a", 1 },
	{ "http://example.org/a", "http://example.org:80/a", 1 },
	{ "http://example.org/a", "https://example.org/a", 1 },
	{ "https://example.org/a", "https://example.org./a", 1 },
	{ "https://example.org/a", "https://www.example.org/a", 1 },
	{ "https://example.org/~dupont", "https://example.org/%7Edupont", 1 },
	{ "https://example.org/~dupont", "https://example.org/%7edupont", 1 },
	{ "https://example.org/a%2Fb", "https://example.org/a%2fb", 1 },
	{ "https://example.org/avis-m%C3%A9decin", "https://example.org/avis-m%c3%a9decin", 1 },
	{ "https://example.org/abc", "https://example.org/%61%62%63", 1 },
	{ "https://example.org/", "https://example.org", 1 },
	{ "https://example.org/p?id=3", "https://example.org/p?id=3&utm_source=feed&utm_medium=rss", 1 },
	{ "https://example.org/p?id=3", "https://example.org/p?fbclid=XYZ&id=3", 1 },
	{ "https://example.org/p?id=3", "https://example.org/p?id=3&gclid=1&msclkid=2", 1 },
	{ "https://example.org/p", "https://example.org/p?", 1 },
	{ "https://example.org/p", "https://example.org/p#comments", 1 },
	{ "https://example.org/p", "https://user:secret@example.org/p", 1 },
	{ "https://lyon-sante.example/dupont",
	  "https://www.google.com/url?rct=j&sa=t&url=https://lyon-sante.example/dupont&ct=ga", 1 },
	{ "https://lyon-sante.example/dupont",
	  "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.lyon-sante.example%3A443%2Fdupont%3Futm_source%3Dfb", 1 },
	/* not equivalent */
	{ "https://example.org/a", "https://example.org/A", 0 },
	{ "https://example.org/a", "https://example.org:8443/a", 0 },
	{ "http://example.org:8080/a", "http://example.org/a", 0 },
	{ "https://example.org/a", "https://example.net/a", 0 },
	{ "https://example.org/a", "https://blog.example.org/a", 0 },
	{ "https://example.org/a/b", "https://example.org/a%2Fb", 0 },
	{ "https://example.org/p?id=3", "https://example.org/p?id=4", 0 },
	{ "https://example.org/p?id=3", "https://example.org/p", 0 },
	{ "https://example.org/p?a=1&b=2", "https://example.org/p?b=2&a=1", 0 },
	{ "https://example.org/p?utmx=1", "https://example.org/p", 0 },
	{ "https://example.org/p?q=a+b", "https://example.org/p?q=a%2Bb", 0 },
};

static void
url_equivalence(void)
{
	size_t i;

	for (i = 0; i < sizeof(url_table) / sizeof(url_table[0]); i++) {
		char *a = rw_diff_canonical_link(url_table[i].a), *b = rw_diff_canonical_link(url_table[i].b);
		ok(a && b && (strcmp(a, b) == 0) == url_table[i].same, "'%s' and '%s' are %s (%s | %s)",
		   url_table[i].a, url_table[i].b, url_table[i].same ? "one page" : "two pages",
		   a ? a : "(null)", b ? b : "(null)");
		free(a);
		free(b);
	}
}

static void
url_helper(void)
{
	char *s;

	s = rw_url_host("https://WWW.Cabinet-Martin.example.:8443/x", 0);
	is_str(s, "www.cabinet-martin.example", "host lowercased, trailing dot and port off");
	free(s);
	s = rw_url_host("https://www.cabinet-martin.example/x", 1);
	is_str(s, "cabinet-martin.example", "host without www.");
	free(s);
	s = rw_url_host("not a url", 0);
	is_str(s, NULL, "no host in a non-address");
	free(s);
	s = rw_url_scheme("HTTP://example.org/");
	is_str(s, "http", "scheme lowercased");
	free(s);
	ok(rw_url_is_http("https://example.org/") && !rw_url_is_http("ftp://example.org/") &&
	   !rw_url_is_http("javascript:alert(1)") && !rw_url_is_http("/relative") && !rw_url_is_http(NULL),
	   "only absolute http(s) addresses are http");
	s = rw_url_normalise("https://Example.org:443/a b/%7e?x=%2f#Frag", 0);
	is_str(s, "https://example.org/a%20b/~?x=%2F#Frag", "normal form keeps the fragment without flags");
	free(s);
	s = rw_url_normalise("http://example.org:80/", RW_URL_HTTPS);
	is_str(s, "https://example.org/", "the default port goes before http becomes https");
	free(s);
	s = rw_url_normalise("http://example.org:443/", RW_URL_HTTPS);
	is_str(s, "https://example.org:443/", "443 on http is no default port");
	free(s);
	ok(rw_url_is_tracking("utm_campaign", 12) && rw_url_is_tracking("FBCLID", 6) &&
	   !rw_url_is_tracking("utm_", 4) && !rw_url_is_tracking("id", 2), "tracking parameter names");
}

static char *
key_of(const rw_diff_entry *e)
{
	rw_diff_keys k;
	char *out = NULL;

	if (rw_diff_identity(e, &k) == 0 &&
	    asprintf(&out, "%s|%s", k.guid_key ? k.guid_key : "-", k.link_key ? k.link_key : "-") < 0)
		out = NULL;
	rw_diff_keys_clear(&k);
	return out;
}

/* two entries are one mention when they share a key */
static int
same_mention(const rw_diff_entry *x, const rw_diff_entry *y)
{
	rw_diff_keys a, b;
	int same;

	if (rw_diff_identity(x, &a) || rw_diff_identity(y, &b))
		return -1;
	same = (a.guid_key && b.guid_key && !strcmp(a.guid_key, b.guid_key)) ||
	       (a.link_key && b.link_key && !strcmp(a.link_key, b.link_key));
	rw_diff_keys_clear(&a);
	rw_diff_keys_clear(&b);
	return same;
}

static void
identity(void)
{
	const int64_t d1 = 1780000000, d2 = 1780086400;
	rw_diff_entry r1 = { .source_id = 3, .author = "Jeanne P.", .published = d1, .body = "Excellent médecin.",
	                     .listing_entry = 1 };
	rw_diff_entry r, f;
	char *k;

	r = r1;
	r.body = "Excellent médecin, très à l'écoute.";
	ok(same_mention(&r1, &r) == 1, "an edited review (author and date) is the same review");
	r = r1;
	r.title = "Top";
	f = r;
	f.title = "Très bien, vraiment";
	ok(same_mention(&r, &f) == 1, "a retitled review (author and date) is the same review");
	{
		rw_diff_keys kr, k1;
		ok(rw_diff_identity(&r, &kr) == 0 && rw_diff_identity(&r1, &k1) == 0 && kr.old_key &&
		   !strcmp(kr.guid_key, k1.guid_key) && strcmp(kr.old_key, kr.guid_key) && !k1.old_key,
		   "a titled review also gives the key older versions gave it, to look up");
		rw_diff_keys_clear(&kr);
		rw_diff_keys_clear(&k1);
	}
	r = r1;
	r.author = "Marc D.";
	ok(same_mention(&r1, &r) == 0, "identical texts by two authors are two reviews");
	r = r1;
	r.published = d2;
	ok(same_mention(&r1, &r) == 0, "the same author on another day is another review");
	r = r1;
	r.source_id = 4;
	ok(same_mention(&r1, &r) == 0, "keys of entries without id are per source");
	r = r1;
	r.published = RW_NO_DATE;
	{
		rw_diff_entry r2 = r;
		r2.body = "Edited.";
		ok(same_mention(&r, &r2) == 1, "no date: author alone keeps an edited review");
	}
	/* author and rank: two undated reviews by one author, and by one
	 * author on one date, as rw_diff_listing_ranks ranks them */
	{
		rw_item page1[3] = {
			{ .author = "Anonyme", .published = RW_NO_DATE, .updated = RW_NO_DATE, .content = "Ponctuel." },
			{ .author = "Léon B.", .published = RW_NO_DATE, .updated = RW_NO_DATE, .content = "Bien." },
			{ .author = "Anonyme", .published = RW_NO_DATE, .updated = RW_NO_DATE, .content = "Bien." },
		};
		/* a week later: a new undated review by "Anonyme" on top, the
		 * older one of them edited */
		rw_item page2[4] = {
			{ .author = "Anonyme", .published = RW_NO_DATE, .updated = RW_NO_DATE, .content = "Nouveau." },
			page1[0], page1[1], page1[2],
		};
		rw_item same_day[2] = {
			{ .author = "Anonyme", .published = d1, .updated = RW_NO_DATE, .content = "Bien." },
			{ .author = "Anonyme", .published = RW_NO_DATE, .updated = d1, .content = "Bien." },
		};
		int *r1k = rw_diff_listing_ranks(page1, 3), *r2k = rw_diff_listing_ranks(page2, 4);
		int *sd = rw_diff_listing_ranks(same_day, 2);
		ok(r1k && r1k[0] == 1 && r1k[1] == 0 && r1k[2] == 0, "ranks count the same author's entries after one");
		ok(r2k && r2k[0] == 2 && r2k[1] == 1 && r2k[3] == 0, "a new entry on top moves no older rank");
		ok(sd && sd[0] == 1 && sd[1] == 0, "one author on one date (published, else updated) is ranked too");
		ok(rw_diff_listing_ranks(page1, 0) == NULL, "no items, no ranks");
		if (r1k && r2k && sd) {
			rw_diff_entry a0 = { .source_id = 3, .author = "Anonyme", .published = RW_NO_DATE,
			                     .body = "Ponctuel.", .listing_entry = 1, .rank = r1k[0] };
			rw_diff_entry a2 = a0, n0 = a0, e0 = a0, s0 = a0, s1 = a0;
			a2.body = "Bien.";
			a2.rank = r1k[2];
			ok(same_mention(&a0, &a2) == 0, "two undated reviews by one author are two reviews");
			n0.body = "Nouveau.";
			n0.rank = r2k[0];
			ok(same_mention(&n0, &a0) == 0 && same_mention(&n0, &a2) == 0,
			   "a new one by the same author on top is a third");
			e0.body = "Ponctuel, mais une heure de retard.";
			e0.rank = r2k[1];
			ok(same_mention(&e0, &a0) == 1, "an edited one keeps its identity (author and rank)");
			s0.published = s1.published = d1;
			s0.rank = sd[0];
			s1.rank = sd[1];
			ok(same_mention(&s0, &s1) == 0, "two reviews by one author on one date are two");
			{
				rw_diff_keys k0, kt;
				rw_diff_entry u = a2, t = a2;   /* rank 0 */
				t.title = "Ponctuel";
				ok(rw_diff_identity(&u, &k0) == 0 && rw_diff_identity(&t, &kt) == 0 && kt.old_key &&
				   !strcmp(k0.guid_key, kt.guid_key),
				   "undated and titled: the title is no part of the key, looked up by the older one");
				rw_diff_keys_clear(&k0);
				rw_diff_keys_clear(&kt);
			}
		}
		free(r1k);
		free(r2k);
		free(sd);
	}
	r = (rw_diff_entry){ .source_id = 3, .published = RW_NO_DATE, .body = "Très bien.", .listing_entry = 1 };
	f = r;
	f.body = "Très bien !";
	ok(same_mention(&r, &f) == 0, "nothing but text: the text is the identity (last resort)");
	f = r;
	ok(same_mention(&r, &f) == 1, "nothing but text: the same text is the same entry");
	/* id and anchor first */
	r = r1;
	r.guid = "https://avis.example/dr-martin#avis-17";
	r.link = r.guid;
	f = r;
	f.author = "Jeanne P. (modifié)";
	f.published = d2;
	ok(same_mention(&r, &f) == 1, "the review's anchor identifies it whatever else changes");
	k = key_of(&r);
	is_str(k, "3:https://avis.example/dr-martin#avis-17|-", "an anchor in a listing is no link key");
	free(k);
	f.guid = "https://avis.example/dr-martin#avis-18";
	f.link = f.guid;
	ok(same_mention(&r, &f) == 0, "two anchors on one page are two reviews");
	/* feeds: link across sources */
	r = (rw_diff_entry){ .source_id = 1, .link = "https://www.lyon-sante.example/dr-martin?utm_source=rss",
	                     .title = "Dr Martin", .published = d1 };
	f = (rw_diff_entry){ .source_id = 2, .guid = "tag:feed,2026:9",
	                     .link = "HTTPS://lyon-sante.example:443/dr-martin", .title = "Dr Martin !",
	                     .published = d2 };
	ok(same_mention(&r, &f) == 1, "one story in two feeds is one mention (canonical link)");
	k = key_of(&r);
	is_str(k, "-|https://lyon-sante.example/dr-martin", "a link alone: link key only");
	free(k);
	r = (rw_diff_entry){ .source_id = 1, .title = "Dr Martin", .published = d1 };
	f = r;
	f.body = "other text";
	ok(same_mention(&r, &f) == 1, "a feed item with no id nor link: source, title and date");
}

static void
judge(void)
{
	rw_diff_known k = { .hash = "aaaa", .source_hash = "aaaa" };

	ok(rw_diff_judge(&k, "aaaa") == RW_DIFF_KEEP, "same text: no change");
	ok(rw_diff_judge(&k, "bbbb") == RW_DIFF_NEW_VERSION, "other text from the same source: a new version");
	k.source_hash = NULL;
	ok(rw_diff_judge(&k, "bbbb") == RW_DIFF_KEEP, "another source's first snippet: no version");
	k.source_hash = "cccc";
	ok(rw_diff_judge(&k, "aaaa") == RW_DIFF_KEEP, "a source catching up with the mention's text: no version");
	k = (rw_diff_known){ .hash = "aaaa", .source_hash = "aaaa", .gone = 1 };
	ok(rw_diff_judge(&k, "aaaa") == RW_DIFF_BACK, "gone and listed again unedited: back");
	k.gone_by_link = 1;
	ok(rw_diff_judge(&k, "aaaa") == RW_DIFF_KEEP, "its page answers 404 and a feed lags: still gone");
	ok(rw_diff_judge(&k, "bbbb") == RW_DIFF_NEW_VERSION, "its page answers 404 but the text changed: back, edited");
}

int
main(void)
{
	char a[17], b[17];

	identity();
	judge();

	url_equivalence();
	url_helper();

	canon("https://www.Example.org/a?utm_source=x&id=3&utm_medium=y#top", "https://example.org/a?id=3");
	canon("http://example.org", "https://example.org/");
	canon("https://example.org/p?fbclid=abc", "https://example.org/p");
	canon("https://example.org/p?q=1&gclid=z&r=2", "https://example.org/p?q=1&r=2");
	canon("ftp://example.org/x", NULL);
	canon(NULL, NULL);

	/* redirect wrappers of aggregators and alerts */
	unwrap("https://www.google.com/url?rct=j&sa=t&url=https://www.lyon-sante.example/2026/10/dupont%3Fid%3D7&ct=ga&cd=CAIyGjk&usg=AOvVaw3",
	       "https://www.lyon-sante.example/2026/10/dupont?id=7");
	unwrap("https://www.google.fr/url?sa=t&q=https%3A%2F%2Favis.example%2Fa%2F1&ved=0ah",
	       "https://avis.example/a/1");
	unwrap("https://news.google.com/news/url?sa=t&fd=R&url=http://journal.example/story.html&usg=x",
	       "http://journal.example/story.html");
	unwrap("http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=9C3F&url=https%3a%2f%2fjournal.example%2fsante%2fdupont&c=1&mkt=fr-fr",
	       "https://journal.example/sante/dupont");
	unwrap("https://www.bing.com/ck/a?!&&p=abc&ptn=3&u=a1aHR0cHM6Ly9qb3VybmFsLmV4YW1wbGUvc2FudGUvZHVwb250&ntb=1",
	       "https://journal.example/sante/dupont");
	unwrap("https://l.facebook.com/l.php?u=https%3A%2F%2Fjournal.example%2Fx&h=AT0",
	       "https://journal.example/x");
	unwrap("https://www.google.co.uk/url?q=https://x.example/a&sa=U", "https://x.example/a");
	/* nested: an alert that wraps a Bing link */
	unwrap("https://www.google.com/url?url=https%3A%2F%2Fwww.bing.com%2Fnews%2Fapiclick.aspx%3Furl%3Dhttps%253A%252F%252Fjournal.example%252Fn",
	       "https://journal.example/n");
	/* not wrappers, or wrappers of something that is not a web page */
	unwrap("https://www.google.com/search?q=https://x.example/", "https://www.google.com/search?q=https://x.example/");
	unwrap("https://www.google.com/url?url=javascript:alert(1)", "https://www.google.com/url?url=javascript:alert(1)");
	unwrap("https://notgoogle.com/url?url=https://x.example/", "https://notgoogle.com/url?url=https://x.example/");
	unwrap("https://www.google.evil.example/url?url=https://x.example/", "https://www.google.evil.example/url?url=https://x.example/");
	unwrap("https://news.google.com/rss/articles/CBMiK2h0dHBzOi8v?oc=5", "https://news.google.com/rss/articles/CBMiK2h0dHBzOi8v?oc=5");
	unwrap(NULL, NULL);
	/* so the same story through three wrappers has one identity */
	{
		char *g = rw_diff_canonical_link("https://www.google.com/url?rct=j&url=https://www.journal.example/sante/dupont%3Futm_source%3Dalert&ct=ga");
		char *bn = rw_diff_canonical_link("http://www.bing.com/news/apiclick.aspx?ref=FexRss&url=https%3a%2f%2fjournal.example%2fsante%2fdupont&mkt=fr-fr");
		char *d = rw_diff_canonical_link("https://journal.example/sante/dupont#comments");
		is_str(g, "https://journal.example/sante/dupont", "Google Alerts link: canonical is the story's");
		is_str(bn, g, "Bing News link: the same canonical link");
		is_str(d, g, "the story's own link: the same");
		free(g);
		free(bn);
		free(d);
	}

	/* word diff */
	wdiff("Deux heures d'attente, consultation expédiée. 2/5",
	      "Mise à jour : deux heures d'attente, consultation expédiée. 3/5",
	      "[-Deux-] {+Mise à jour : deux+} heures d'attente, consultation expédiée. [-2/5-] {+3/5+}");
	wdiff("a b c", "a b c", "a b c");
	wdiff("a  b\n c", "a b c", "a b c");
	wdiff("", "new text", "{+new text+}");
	wdiff(NULL, "x", "{+x+}");
	wdiff("old text", "", "[-old text-]");
	wdiff("a b c d e", "a c d f e", "a [-b-] c d {+f+} e");
	wdiff("the quick brown fox", "the slow brown dog", "the [-quick-] {+slow+} brown [-fox-] {+dog+}");
	wdiff("x y z", "z y x", "[-x y-] z {+y x+}");
	{
		/* past the edit bound: one replacement, still correct */
		char *x = malloc(RW_DIFF_MAX_EDITS * 8), *y = malloc(RW_DIFF_MAX_EDITS * 8), *px = x, *py = y;
		struct runs r = { 0, 0, 0 };
		int i;
		for (i = 0; i < RW_DIFF_MAX_EDITS; i++) {
			px += sprintf(px, "a%d ", i);
			py += sprintf(py, "b%d ", i);
		}
		ok(rw_diff_words(x, y, count_runs, &r) == 0 && r.n == 2 && r.del == 1 && r.ins == 1,
		   "%d words all different: one deletion, one insertion (%d runs)", RW_DIFF_MAX_EDITS, r.n);
		memcpy(y, x, strlen(x) + 1);
		y[strlen(y) / 2] = 'Q';
		memset(&r, 0, sizeof(r));
		ok(rw_diff_words(x, y, count_runs, &r) == 0 && r.del == 1 && r.ins == 1 && r.n == 4,
		   "one word changed in a long text: same, deleted, inserted, same (%d runs)", r.n);
		free(x);
		free(y);
	}

	rw_diff_fingerprint("Title", "Body text", 4, a);
	rw_diff_fingerprint("Title", "Body text", 4, b);
	ok(!strcmp(a, b), "same content, same fingerprint");
	rw_diff_fingerprint("Title", "Body text edited", 4, b);
	ok(strcmp(a, b), "edited text, new fingerprint");
	rw_diff_fingerprint("Title", "Body text", 2, b);
	ok(strcmp(a, b), "changed rating, new fingerprint");
	is_int((long long)strlen(a), 16, "16 hex digits");
	return tap_done();
}
