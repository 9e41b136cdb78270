/* SPDX-License-Identifier: MIT */
/* url.c: the parts of an address and its host key, as libcurl reads them;
 * and the readers that ask url.c (classify's sites, the digest's safe
 * links, diff's wrappers) instead of cutting the text themselves. */
#include "classify.h"
#include "diff.h"
#include "digest.h"
#include "url.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static void
split_is(const char *url, const char *scheme, const char *host, const char *path, const char *query)
{
	rw_url_parts u;
	int rc = rw_url_split(url, &u);

	if (!scheme) {
		ok(rc == -1 && !u.scheme && !u.host, "'%s' does not split", url ? url : "(null)");
		return;
	}
	ok(rc == 0 && !strcmp(u.scheme, scheme) && !strcmp(u.host, host) && !strcmp(u.path, path) &&
	   (query ? u.query && !strcmp(u.query, query) : !u.query),
	   "'%s' -> %s | %s | %s | %s", url, rc ? "-" : u.scheme, rc ? "-" : u.host, rc ? "-" : u.path,
	   rc || !u.query ? "(none)" : u.query);
	rw_url_parts_clear(&u);
}

static void
key_is(const char *url, const char *want)
{
	char *k = rw_url_host_key(url);
	is_str(k, want, "host key of '%s'", url);
	free(k);
}

/* want NULL: the link is not a wrapper and comes back as it was */
static void
unwrap_is(const char *link, const char *want, const char *what)
{
	char *t = rw_diff_unwrap_link(link);

	is_str(t, want ? want : link, "%s", what);
	free(t);
}

int
main(void)
{

	split_is("https://Example.ORG./a/b?x=1&y=2#frag", "https", "example.org", "/a/b", "x=1&y=2");
	split_is("HTTP://user:pw@example.org:8080", "http", "example.org", "/", NULL);
	split_is("http://[::1]:8080/feed", "http", "[::1]", "/feed", NULL);
	split_is("http://example.org/?", "http", "example.org", "/", NULL);
	split_is("http://example.org/%41b?q=%2F", "http", "example.org", "/%41b", "q=%2F");
	split_is("file:///home/me/feed.xml", NULL, NULL, NULL, NULL);
	split_is("not a url", NULL, NULL, NULL, NULL);
	split_is("javascript:alert(1)", NULL, NULL, NULL, NULL);
	split_is(NULL, NULL, NULL, NULL, NULL);

	key_is("http://Feeds.Example.ORG/rss", "feeds.example.org:80");
	key_is("https://feeds.example.org/rss", "feeds.example.org:443");
	key_is("https://feeds.example.org:8443/", "feeds.example.org:8443");
	key_is("http://user:pw@127.0.0.1:8080/feed", "127.0.0.1:8080");
	key_is("http://[::1]/feed", "[::1]:80");
	key_is("https://example.org./", "example.org:443");
	key_is("http://[::1]:8080/feed", "[::1]:8080");
	key_is("file:///home/me/feed.xml", "");
	key_is("https://user@example.org@evil.example/x", "");
	key_is("http://example.org#frag@evil.example/", "example.org:80");
	key_is("", "");

	ok(rw_url_is_source("https://a.example/") && rw_url_is_source("HTTP://a.example/") &&
	   rw_url_is_source("file:///tmp/f.xml"), "http, https and file are source schemes");
	ok(!rw_url_is_source("ftp://a.example/") && !rw_url_is_source("javascript:x") && !rw_url_is_source(NULL) &&
	   !rw_url_is_source("https:/a.example"), "others are not");

	/* classify's sites: the host libcurl reads, not the text before a '/' */
	is_int(rw_classify_link("https://www.Yelp.fr/biz/x"), RW_CAT_REVIEW, "a review site, any case, www.");
	is_int(rw_classify_link("https://yelp.fr.evil.example/x"), RW_CAT_OTHER, "a look-alike host is not the site");
	is_int(rw_classify_link("https://evil.example/?u=https://yelp.fr/"), RW_CAT_OTHER, "a site named in the query is not the host");
	is_int(rw_classify_link("https://user@yelp.fr/x"), RW_CAT_REVIEW, "user info is not the host");
	is_int(rw_classify_link("https://social.example/@jeanne"), RW_CAT_SOCIAL, "a fediverse profile path");
	is_int(rw_classify_link("https://mastodon.example/x"), RW_CAT_SOCIAL, "a mastodon.* host");
	is_int(rw_classify_link("not a link"), RW_CAT_OTHER, "not a link: other");
	is_int(rw_classify_link(NULL), RW_CAT_OTHER, "no link: other");

	/* the digest's links */
	ok(rw_digest_safe_link("https://a.example/x?y=1"), "a plain link is safe");
	ok(!rw_digest_safe_link("https:///path") && !rw_digest_safe_link("http://") &&
	   !rw_digest_safe_link("https://a b.example/") && !rw_digest_safe_link("https://a.example:99999/"),
	   "no host, a space, a port out of range: not shown as a link");

	/* diff's wrappers: the host, path and query as libcurl splits them */
	unwrap_is("https://www.google.com/url?sa=t&url=https%3A%2F%2Fnews.example%2Fa#x", "https://news.example/a",
	          "a Google wrapper unwrapped");
	unwrap_is("https://www.GOOGLE.fr/URL?q=https://news.example/b", "https://news.example/b",
	          "host and path compared in any case");
	unwrap_is("https://evil.example/url?url=https://news.example/c", NULL, "another host's /url is not a wrapper");
	unwrap_is("https://www.google.com/url#?url=https://news.example/d", NULL,
	          "a query in the fragment is not the query");
	return tap_done();
}
