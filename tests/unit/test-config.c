/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-config-XXXXXX";

static char *
write_conf(const char *name, const char *text)
{
	char *path;
	FILE *fp;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return NULL;
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
load_fails(const char *text, const char *want_in_msg)
{
	rw_err err = { 0 };
	char *p = write_conf("bad.conf", text);
	rw_config *c = rw_config_load(p, &err);
	ok(c == NULL && strstr(err.msg, want_in_msg) != NULL, "refused with '%s': %s", want_in_msg, err.msg);
	rw_config_free(&c);
	free(p);
}

int
main(void)
{
	rw_err err = { 0 };
	rw_config *c;
	char *p;

	if (!mkdtemp(dir))
		return 99;
	p = write_conf("subs.opml",
	               "<?xml version='1.0'?><opml version='2.0'><body>"
	               "<outline text='Folder'><outline text='Blog' category='review' xmlUrl='https://blog.example/rss'/></outline>"
	               "<outline title='News' xmlUrl='https://news.example/atom'/>"
	               "<outline text='no url'/></body></opml>");
	free(p);
	p = write_conf("ok.conf",
	               "; a comment\n[practitioner]\nname = Dr Jeanne Dupont\nvariants = Jeanne Dupont-Martin, J. Dupont\n"
	               "specialty = dermatology\ncity = Lyon\n\n"
	               "[source demo]\nurl = https://example.org/feed.xml\ncategory = news\n"
	               "[sources]\nopml = subs.opml\n"
	               "[fetch]\nconcurrency = 4\nmax_size = 2M\ntimeout = 30\n");
	c = rw_config_load(p, &err);
	ok(c != NULL, "config loads: %s", err.msg);
	if (c) {
		is_int((long long)c->npractitioners, 1, "one practitioner");
		is_str(c->practitioners[0].name, "Jeanne Dupont", "title stripped from the name");
		is_str(c->practitioners[0].id, "default", "default id");
		is_int((long long)c->practitioners[0].nvariants, 2, "two variants");
		is_str(c->practitioners[0].variants[1], "J. Dupont", "variants trimmed");
		is_int((long long)c->nsources, 3, "one source + two from OPML");
		is_str(c->sources[0].category, "news", "category hint");
		is_str(c->sources[1].url, "https://blog.example/rss", "nested OPML outline");
		is_str(c->sources[2].name, "News", "OPML title");
		is_str(c->sources[1].category, "review", "the OPML list's category is kept (opml.c reads it)");
		ok(c->sources[2].category == NULL, "no category in the list: none");
		ok(c->sources[1].origin && strstr(c->sources[1].origin, "subs.opml:1"), "origin names the list and line: %s",
		   c->sources[1].origin ? c->sources[1].origin : "none");
		is_int(c->fetch.concurrency, 4, "concurrency");
		is_int((long long)c->fetch.max_size, 2 << 20, "size with unit");
		is_int(c->fetch.per_host, 2, "default per_host");
	}
	rw_config_free(&c);
	ok(c == NULL, "free NULLs the pointer");
	free(p);

	load_fails("[practitioner]\nname = X Y\n[fetch]\nconcurrency = lots\n", "bad.conf:4: [fetch].concurrency: lots: expected a number");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = gopher://x\n", ":4: [source a].url");
	load_fails("[source a]\nurl = https://x.example/\n", "no [practitioner] section");
	load_fails("[practitioner]\nname = X Y\n[source a]\ncategory = news\n", "[source a] has no url");
	load_fails("[practitioner]\nname = X Y\n[colour]\nx = 1\n", "unknown section");
	load_fails("[practitioner]\nname = X Y\nthis line is wrong\n", ":3: syntax error");
	load_fails("[practitioner]\nname = X Y\n[sources]\nopml = missing.opml\n", "cannot read the OPML file");
	load_fails("[practitioner]\nname = X Y\n[digest]\nserver = smtps://jeanne:s3cret@mail.example.org:465\n",
	           "[digest].server: smtps://…@mail.example.org: a user name or password in the address is refused");
	c = rw_config_load("/nonexistent/repwatch.conf", &err);
	ok(c == NULL && err.code == RW_E_IO && strstr(err.msg, "repwatch init"), "missing file says how to create one");

	/* what `repwatch init` and `repwatch sources add` write */
	rw_err_clear(&err);
	p = write_conf("init.conf",
	               "[practitioner]\nname = Dr Jeanne Dupont\nrpps = 10000000000\nlanguages = fr, en\n"
	               "[source long]\ntemplate = pubmed-esearch\nurl = https://example.org/search?q=%22\n"
	               "  H%C3%A9l%C3%A8ne%22&x=1\n  &y=2\ncategory = publication\n");
	c = rw_config_load(p, &err);
	ok(c != NULL, "rpps, languages, template and a url on continuation lines load: %s", err.msg);
	if (c) {
		is_str(c->practitioners[0].rpps, "10000000000", "rpps");
		is_int((long long)c->practitioners[0].nlanguages, 2, "two languages");
		is_str(c->practitioners[0].languages[1], "en", "languages in order");
		is_str(c->sources[0].template_id, "pubmed-esearch", "template id");
		is_str(c->sources[0].url, "https://example.org/search?q=%22H%C3%A9l%C3%A8ne%22&x=1&y=2",
		       "url continuation lines joined without a separator");
	}
	rw_config_free(&c);
	free(p);
	load_fails("[practitioner]\nname = X Y\nrpps = 123\n", "bad.conf:3: [practitioner].rpps: 123: an RPPS number has 11 digits");
	load_fails("[practitioner]\nname = X Y\nlanguages = fr, english\n", "expected two-letter language codes");

	/* source kinds (collect.h): feed and page are fetched, as without kind = */
	p = write_conf("kind.conf", "[practitioner]\nname = X Y\n[source a]\nkind = feed\nurl = https://x.example/\n"
	               "[source b]\nurl = https://y.example/\nkind = page\ntemplate = t\n");
	c = rw_config_load(p, &err);
	ok(c && !c->sources[0].kind && !c->sources[1].kind, "kind = feed and kind = page are fetched: %s", err.msg);
	rw_config_free(&c);
	free(p);
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = https://x.example/\nkind = carrier-pigeon\n",
	           "bad.conf:5: [source a].kind: carrier-pigeon: unknown kind (known: feed, page");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = https://x.example/\nfolder = INBOX\n",
	           "bad.conf:5: [source a].folder: INBOX: unknown key (known: url, category, template, allow_private, kind;");

	/* kind = imap (imap.h): its keys after kind =, or implied by an imaps:// url */
	p = write_conf("imap.conf", "[practitioner]\nname = X Y\n[source Avis]\nurl = imaps://imap.example.org/Avis\n"
	               "user = cabinet\npassword_file = pw\nmark_seen = yes\nmax_mail_size = 2M\n");
	c = rw_config_load(p, &err);
	ok(c && c->sources[0].kind && !strcmp(c->sources[0].kind, "imap") &&
	   !strcmp(rw_source_opt_get(&c->sources[0], "user"), "cabinet"),
	   "an imaps:// url says kind = imap by itself, its keys may follow: %s", err.msg);
	rw_config_free(&c);
	free(p);
	p = write_conf("imap.conf", "[practitioner]\nname = X Y\n[source Avis]\nurl = imaps://imap.example.org/Avis\n"
	               "kind = imap\nuser = cabinet\npassword_file = pw\nmark_seen = yes\nmax_mail_size = 2M\n"
	               "[source Boîte]\nurl = imap://127.0.0.1:1143/\nkind = imap\nuser = u\npassword = secret\n");
	c = rw_config_load(p, &err);
	ok(c != NULL, "kind = imap with its keys: %s", err.msg);
	if (c) {
		is_str(c->sources[0].kind, "imap", "its kind");
		is_str(rw_source_opt_get(&c->sources[0], "mark_seen"), "yes", "its own keys kept for its module");
		ok(rw_source_opt_get(&c->sources[0], "folder") == NULL, "a key not written is NULL");
	}
	rw_config_free(&c);
	free(p);
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = imaps://h.example/\nkind = imap\nuser = u\n"
	           "password_file = p\ncolour = red\n", "bad.conf:8: [source a].colour: red: unknown key (known: url, category, "
	           "allow_private, kind, and for kind = imap: folder, user,");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = imaps://h.example/\nkind = imap\nuser = u\n"
	           "password_file = p\nmark_seen = often\n", "bad.conf:8: [source a].mark_seen: often: expected yes or no");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = imaps://h.example/\nkind = imap\nuser = u\n"
	           "password = hunter2-secret\nmax_mails = 0\n", "bad.conf:8: [source a].max_mails: 0: expected a number");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = imaps://h.example/\nkind = imap\npassword_file = p\n",
	           "[source a] kind = imap needs user =");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = imaps://u:pw@h.example/\nkind = imap\nuser = u\n"
	           "password_file = p\n", "a user name or password in the url is refused");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = https://h.example/\nkind = imap\nuser = u\n"
	           "password_file = p\n", "kind = imap reads imaps://HOST");
	load_fails("[practitioner]\nname = X Y\n[source a]\nurl = imaps://h.example/\nkind = imap\nuser = u\n"
	           "password_file = p\ntemplate = google-alerts\n", "template = is for feeds and pages");
	return tap_done();
}
