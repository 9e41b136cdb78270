/* SPDX-License-Identifier: MIT */
/* The google-business source's pieces that need no network: PKCE (RFC
 * 7636), the reviews JSON as rw_items, its [source] keys, the token file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "gbp.h"
#include "oauth.h"
#include "reason.h"
#include "tap.h"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_pkce(void)
{
	char c[44], r[129];
	size_t i;
	int good = 1;

	/* RFC 7636 appendix B */
	ok(rw_oauth_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", c) == 0, "challenge computed");
	is_str(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "RFC 7636 appendix B: S256 challenge");
	ok(rw_oauth_random(r, 128) == 0, "a 128-character verifier drawn");
	is_int((long long)strlen(r), 128, "of 128 characters");
	for (i = 0; r[i]; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", r[i]))
			good = 0;
	ok(good, "every one unreserved (RFC 7636 4.1)");
	{
		char r2[129];
		rw_oauth_random(r2, 128);
		ok(strcmp(r, r2) != 0, "two draws differ");
	}
}

static void
test_mapping(void)
{
	char *json = slurp(TEST_DATA "/gbp/reviews-page1.json"), *next = NULL, d[32];
	rw_feed *f = calloc(1, sizeof(*f));
	rw_err err = { 0 };

	ok(json != NULL, "sample answer read");
	is_int(rw_gbp_parse_reviews(json, "https://maps.google.com/maps?cid=42", f, &next, &err), RW_OK,
	       "reviews answer parsed");
	is_str(next, "page-2", "nextPageToken kept for the next page");
	is_int((long long)f->nitems, 3, "three reviews (the one with no name nor reviewId is skipped)");
	if (f->nitems == 3) {
		const rw_item *a = &f->items[0], *b = &f->items[1], *c = &f->items[2];
		is_str(a->id, "accounts/111/locations/222/reviews/rev-a", "identity: the review's resource name");
		ok(a->rating == 5 && a->rating_best == 5, "FIVE is 5 on a 5 scale");
		is_str(a->author, "Camille Fictive", "reviewer's display name");
		is_str(a->summary, "Très bon médecin, à l'écoute. Je recommande.", "comment as clean text");
		ok(a->content && strstr(a->content, "Très bon médecin") &&
		   strstr(a->content, "Owner's reply, 2026-10-02]: Merci pour votre retour !"),
		   "the owner's reply follows the comment, with its date");
		is_str(rw_date_format(a->published, d, sizeof(d)), "2026-10-01T09:30:00Z", "createTime");
		is_str(a->title, "Camille Fictive \u2605\u2605\u2605\u2605\u2605", "title: the reviewer and the stars");
		is_str(a->link, "https://maps.google.com/maps?cid=42&" RW_GBP_REVIEW_PARAM
		       "=accounts%2F111%2Flocations%2F222%2Freviews%2Frev-a", "link: the listing on Maps, naming the review");
		ok(b->link && strcmp(a->link, b->link), "each review its own link (the store finds mentions by link)");
		is_str(b->title, "Google \u2605\u2605\u2606\u2606\u2606", "anonymous: Google and the stars");
		is_str(c->title, "Bertrand Imaginaire", "no rating: the reviewer alone");
		is_str(b->id, "accounts/111/locations/222/reviews/rev-b", "second review");
		ok(b->rating == 2, "TWO is 2");
		ok(b->author == NULL, "an anonymous reviewer has no name");
		ok(b->summary == NULL && b->content == NULL, "a rating without a comment has no text");
		is_str(rw_date_format(b->updated, d, sizeof(d)), "2026-10-06T12:00:00Z", "updateTime");
		is_str(c->id, "rev-c", "without a resource name, the reviewId");
		ok(c->rating < 0, "STAR_RATING_UNSPECIFIED: no rating");
		is_str(c->summary, "<b>Attente</b> trop longue", "comment kept literally, control character dropped");
		ok(c->published == RW_NO_DATE, "a bad createTime is no date, not a wrong one");
	}
	free(next);
	next = NULL;
	is_int(rw_gbp_parse_reviews("{\"totalReviewCount\": 0}", NULL, f, &next, &err), RW_OK, "an empty listing parses");
	ok(next == NULL, "and has no next page");
	rw_err_clear(&err);
	is_int(rw_gbp_parse_reviews("[1,2]", NULL, f, &next, &err), RW_E_PARSE, "not an object: a parse error");
	rw_feed_free(f);
	free(json);

	is_int(rw_gbp_stars("ONE"), 1, "ONE");
	is_int(rw_gbp_stars("THREE"), 3, "THREE");
	is_int(rw_gbp_stars("five"), -1, "the enum is upper case");
	is_int(rw_gbp_stars(NULL), -1, "absent");
}

static void
test_keys(void)
{
	char why[256];

	is_int(rw_gbp_check_key("location", "accounts/1/locations/2", why, sizeof(why)), 1, "location");
	is_int(rw_gbp_check_key("location", "locations/2", why, sizeof(why)), -1, "a location without its account");
	is_int(rw_gbp_check_key("token_url", "http://127.0.0.1/token", why, sizeof(why)), -1, "token_url must be https");
	is_int(rw_gbp_check_key("api_base", "https://127.0.0.1:8443", why, sizeof(why)), 1, "api_base");
	is_int(rw_gbp_check_key("url", "https://x", why, sizeof(why)), 0, "url is not this kind's key");
}

/* The token file's folders (secrets/, repwatch/) and dir, once emptied;
 * frees path. */
static void
remove_folders(char *path, const char *dir)
{
	char *d = strdup(path);

	*strrchr(d, '/') = '\0';
	rmdir(d);
	*strrchr(d, '/') = '\0';
	rmdir(d);
	free(d);
	rmdir(dir);
	free(path);
}

static void
test_token_file(void)
{
	char dir[] = "/tmp/rw-gbp-XXXXXX", *path;
	rw_oauth_tokens t = { 0 }, u;
	rw_err err = { 0 };
	struct stat st;

	if (!mkdtemp(dir)) {
		ok(0, "temporary folder");
		return;
	}
	setenv("XDG_DATA_HOME", dir, 1);
	path = rw_oauth_token_path("cabinet");
	ok(path && strstr(path, "/repwatch/secrets/cabinet.json"), "token file under XDG_DATA_HOME");
	ok(rw_oauth_token_path("../x") == NULL && rw_oauth_token_path("a/b") == NULL, "no path out of the folder");
	t.client_id = strdup("id-1.apps.example");
	t.client_secret = strdup("s3cret");
	t.refresh_token = strdup("refresh-1");
	t.access_token = strdup("access-1");
	t.expires_at = 1800000000;
	t.hold_until = 1800000100;
	umask(022);
	is_int(rw_oauth_token_save(path, &t, &err), RW_OK, "saved");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "file 0600 whatever the umask");
	{
		char *d = strdup(path);
		*strrchr(d, '/') = '\0';
		ok(stat(d, &st) == 0 && (st.st_mode & 0777) == 0700, "its folder 0700");
		free(d);
	}
	is_int(rw_oauth_token_load(path, &u, &err), RW_OK, "read back");
	ok(u.client_id && !strcmp(u.client_id, "id-1.apps.example") && u.refresh_token &&
	   !strcmp(u.refresh_token, "refresh-1") && u.expires_at == 1800000000 && u.hold_until == 1800000100,
	   "as written (the provider's Retry-After included)");
	rw_oauth_tokens_clear(&u);
	chmod(path, 0644);
	rw_err_clear(&err);
	is_int(rw_oauth_token_load(path, &u, &err), RW_E_IO, "a file others may read is refused");
	ok(strstr(err.msg, "chmod 600") != NULL, "and the message says what to do");
	rw_oauth_tokens_clear(&u);
	is_int(rw_oauth_token_remove(path, &err), RW_OK, "removed");
	rw_err_clear(&err);
	is_int(rw_oauth_token_load(path, &u, &err), RW_E_USAGE, "a missing file: authorise");
	is_int(rw_oauth_token_remove(path, &err), RW_OK, "removing a missing file is no error");
	rw_oauth_tokens_clear(&t);
	remove_folders(path, dir);
}

/* A failure is kept as a reason (reason.h): its phrases marked, read later
 * in the reader's language; err says the same now. */
static void
test_reasons(void)
{
	char dir[] = "/tmp/rw-gbp-XXXXXX", *path, reason[1200], words[1200];
	rw_gbp_conf g = { .name = "cabinet", .location = "accounts/1/locations/2" };
	rw_fetch_settings fs = { 0 };
	rw_oauth_tokens t = { 0 };
	rw_feed *feed = NULL;
	rw_err err = { 0 };

	if (!mkdtemp(dir)) {
		ok(0, "temporary folder");
		return;
	}
	setenv("XDG_DATA_HOME", dir, 1);
	path = rw_oauth_token_path("cabinet");
	t.client_id = strdup("id-1.apps.example");
	t.refresh_token = strdup("refresh-1");
	t.hold_until = (int64_t)time(NULL) + 3600;   /* Google said wait: nothing is asked */
	is_int(rw_oauth_token_save(path, &t, &err), RW_OK, "token saved, held by a Retry-After");
	reason[0] = '\0';
	is_int(rw_gbp_reviews(&g, &fs, NULL, &feed, NULL, reason, sizeof(reason), &err), RW_E_NET,
	       "held: the source fails without asking");
	ok(feed == NULL, "and gives no feed");
	ok(strstr(reason, RW_REASON_OPEN "Google asked to wait (HTTP 429, Retry-After) until" RW_REASON_CLOSE) != NULL,
	   "the reason keeps the phrase marked, untranslated");
	ok(strstr(reason, RW_REASON_OPEN "google-business source" RW_REASON_CLOSE " " RW_REASON_OPEN "'" RW_REASON_CLOSE
	          "cabinet") == reason, "and names the source first, its name unmarked");
	rw_reason_render(reason, 0, words, sizeof(words));
	{
		static const char start[] = "google-business source 'cabinet': Google asked to wait (HTTP 429, Retry-After) "
		                            "until ";
		ok(!strncmp(words, start, sizeof(start) - 1) && strstr(words, ": not asked again before then"),
		   "rendered, it reads as a sentence");
		if (strncmp(words, start, sizeof(start) - 1))
			fprintf(stderr, "# rendered: %s\n", words);
	}
	is_str(err.msg, words, "err says the same now, in the reader's words (English here)");
	rw_err_clear(&err);
	g.location = NULL;
	is_int(rw_gbp_reviews(&g, &fs, NULL, &feed, NULL, reason, sizeof(reason), &err), RW_E_USAGE,
	       "no location: a usage error");
	ok(strstr(reason, RW_REASON_OPEN "no location = line (choose the listing: repwatch sources add "
	          "--google-business)" RW_REASON_CLOSE) != NULL, "its reason marked too");
	rw_oauth_token_remove(path, &err);
	rw_oauth_tokens_clear(&t);
	remove_folders(path, dir);
}

int
main(void)
{
	test_pkce();
	test_mapping();
	test_keys();
	test_token_file();
	test_reasons();
	return tap_done();
}
