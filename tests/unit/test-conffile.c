/* SPDX-License-Identifier: MIT */
/* Editing the configuration in place (comments kept, libinih's limits
 * respected, atomic and refusing to clobber) and OPML in and out. */
#include "buf.h"
#include "conffile.h"
#include "config.h"
#include "inifile.h"
#include "opml.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-conffile-XXXXXX";

static char *
path_of(const char *name)
{
	char *p;

	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

static char *
write_file(const char *name, const char *text)
{
	char *p = path_of(name);
	FILE *fp = p ? fopen(p, "w") : NULL;

	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
	return p;
}

static char *
slurp(const char *path)
{
	char *text = NULL;
	size_t len;

	rw_ini_read_file(path, 1 << 20, &text, &len, NULL);
	return text;
}

/* Every line of text at most 198 bytes. */
static int
lines_fit(const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		if (n > RW_INI_MAX_LINE)
			return 0;
		text += n + (text[n] == '\n');
	}
	return 1;
}

static void
names(void)
{
	static const struct { const char *wanted, *safe; } cases[] = {
		{ "Le Progrès", "Le Progrès" },
		{ "Forum [santé]; Lyon", "Forum -santé-- Lyon" },
		{ "  tabs\tand\nnewlines  ", "tabs and newlines" },
		{ "Une source dont le titre est bien trop long pour libinih", "Une source dont le titre est bien trop lon" },
		{ "ééééééééééééééééééééééééé", "ééééééééééééééééééééé" },
		{ "", "source" },
		{ "]]]", "---" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = rw_conffile_safe_name(cases[i].wanted);
		is_str(got, cases[i].safe, "safe name for '%s'", cases[i].wanted);
		ok(rw_conffile_check_name(got, NULL) == RW_OK, "and it is a valid name");
		free(got);
	}
	ok(rw_conffile_check_name("a]b", NULL) == RW_E_USAGE, "']' refused");
	ok(rw_conffile_check_name("a ;b", NULL) == RW_E_USAGE, "';' refused");
	ok(rw_conffile_check_name(" a", NULL) == RW_E_USAGE, "leading space refused");
	ok(rw_conffile_check_name("\xff", NULL) == RW_E_USAGE, "invalid UTF-8 refused");
	ok(rw_conffile_check_name("0123456789012345678901234567890123456789012", NULL) == RW_E_USAGE,
	   "43 bytes refused");
}

static void
writing_lines(void)
{
	rw_buf b;
	char *url, *p, *text;
	rw_config *cfg;
	rw_err err = { 0 };
	size_t i;

	rw_buf_init(&b, 1 << 20);
	rw_conffile_comment(&b, "# ", "Flux RSS de recherche Google News, édition française, recherche exacte sur le nom "
	                    "du praticien. Une adresse https://example.org/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa fin."
	                    "\nSecond paragraphe.");
	ok(lines_fit(b.data), "comment lines fit libinih");
	ok(strstr(b.data, "# Flux RSS de recherche Google News, édition française, recherche exacte sur le\n"
	                  "# nom du praticien.") != NULL, "wrapped at 78 columns (accents count once):\n%s", b.data);
	ok(strstr(b.data, "\n# Second paragraphe.\n") != NULL, "a newline starts a new comment line");
	rw_buf_free(&b);

	/* a url longer than a line, with "https://" just where the first cut would fall */
	url = calloc(1, 512);
	if (!url)
		return;
	strcpy(url, "https://example.org/search?q=%22H%C3%A9l%C3%A8ne%22&x=");
	for (i = strlen(url); i < 192; i++)
		url[i] = (char)('a' + i % 26);
	strcat(url, "https://other.example/;#");
	for (i = strlen(url); i < 400; i++)
		url[i] = (char)('a' + i % 26);
	rw_buf_init(&b, 1 << 20);
	rw_buf_addstr(&b, "[practitioner]\nname = Jeanne Dupont\n[source long]\n");
	rw_conffile_key(&b, "", "url", url);
	ok(lines_fit(b.data) && strstr(b.data, "\n  ") != NULL, "a long url is written on continuation lines");
	p = write_file("long.conf", b.data);
	cfg = rw_config_load(p, &err);
	ok(cfg && cfg->nsources == 1 && !strcmp(cfg->sources[0].url, url), "and config.c reads it back whole: %s",
	   err.msg);
	rw_config_free(&cfg);
	text = slurp(p);
	free(text);
	free(p);
	free(url);
	rw_buf_free(&b);
}

/* the lines an edit below keeps */
#define KEPT \
	"# My configuration\n" \
	"; with my own comments\n" \
	"\n" \
	"[practitioner]\n" \
	"name = Jeanne Dupont   \n" \
	"# a note about the practitioner\n" \
	"\n" \
	"# Google News, French edition\n" \
	"[source google-news-fr]\n" \
	"url = https://news.google.com/rss/search?q=%22Jeanne%20Dupont%22&hl=fr&gl=FR&ceid=FR:fr\n" \
	"category = news\n" \
	"\n"

static const char original[] =
	KEPT
	"# My blog: keep this comment\n"
	"[source Mon blog]\n"
	"url = https://blog.example/feed/\n"
	"\n"
	"# Reddit\n"
	"# second line about Reddit\n"
	"[source reddit]\n"
	"url = https://www.reddit.com/search.rss?q=%22Jeanne%20Dupont%22\n"
	"\n"
	"# closing remarks stay\n";

static void
editing(void)
{
	rw_err err = { 0 };
	rw_conffile *f;
	char *p = write_file("edit.conf", original), *removed = NULL, *text;
	struct stat st;
	int rc;

	f = rw_conffile_open(p, &err);
	ok(f != NULL, "open: %s", err.msg);
	if (!f)
		return;
	rc = rw_conffile_add_source(f, "Added by a test: Lyon Santé.", "Lyon Santé", "https://lyon-sante.example/rss",
	                            "news", NULL, &err);
	is_int(rc, 0, "add: %s", err.msg);
	ok(!strncmp(rw_conffile_text(f), original, sizeof(original) - 1), "every line before is kept byte for byte");
	is_str(rw_conffile_text(f) + sizeof(original) - 1,
	       "\n# Added by a test: Lyon Santé.\n[source Lyon Santé]\nurl = https://lyon-sante.example/rss\ncategory = news\n",
	       "the new section at the end, after a blank line");
	rc = rw_conffile_add_source(f, NULL, "bad]name", "https://x.example/", NULL, NULL, &err);
	ok(rc == RW_E_USAGE, "a bad name is refused");
	rw_err_clear(&err);
	rc = rw_conffile_add_source(f, NULL, "x", "ftp://x.example/", NULL, NULL, &err);
	ok(rc == RW_E_USAGE && strstr(err.msg, "not an http"), "a non-http url is refused: %s", err.msg);
	rw_err_clear(&err);

	rc = rw_conffile_remove_source(f, "Mon blog", &removed, &err);
	ok(rc == 0 && removed && !strcmp(removed, "Mon blog"), "remove by name: %s", err.msg);
	free(removed);
	rc = rw_conffile_remove_source(f, "https://www.reddit.com/search.rss?q=%22Jeanne%20Dupont%22", &removed, &err);
	ok(rc == 0 && removed && !strcmp(removed, "reddit"), "remove by url: %s", err.msg);
	free(removed);
	is_str(rw_conffile_text(f),
	       KEPT
	       "# closing remarks stay\n"
	       "\n"
	       "# Added by a test: Lyon Santé.\n"
	       "[source Lyon Santé]\n"
	       "url = https://lyon-sante.example/rss\n"
	       "category = news\n",
	       "the sections and the comments just above them are gone, every other line kept");
	rc = rw_conffile_remove_source(f, "nothing", &removed, &err);
	ok(rc == RW_E_USAGE && strstr(err.msg, "no [source nothing]") && !removed, "removing what is not there: %s",
	   err.msg);
	rw_err_clear(&err);
	chmod(p, 0644);
	rc = rw_conffile_save(f, &err);
	is_int(rc, 0, "save: %s", err.msg);
	text = slurp(p);
	is_str(text, rw_conffile_text(f), "the file holds the edited text");
	free(text);
	ok(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600, "saved with mode 0600");
	rw_conffile_free(&f);
	ok(f == NULL, "free NULLs the pointer");

	/* an edit that would not load is not written */
	f = rw_conffile_open(p, &err);
	if (f) {
		rc = rw_conffile_add_source(f, NULL, "ok", "https://x.example/", "gossip", NULL, &err);
		if (rc == 0)
			rc = rw_conffile_save(f, &err);
		ok(rc == RW_E_USAGE && strstr(err.msg, "would not load"), "an edit that does not load is not saved: %s",
		   err.msg);
		text = slurp(p);
		ok(text && !strstr(text, "gossip"), "and the file is unchanged");
		free(text);
	}
	rw_conffile_free(&f);
	free(p);
}

static void
write_new(void)
{
	rw_err err = { 0 };
	char *p = path_of("new/sub/repwatch.conf"), *link_path = path_of("link.conf"), *target, *text;
	struct stat st;

	is_int(rw_conffile_write_new(p, "[practitioner]\nname = Jeanne Dupont\n", 0, &err), 0,
	       "a new file in new folders: %s", err.msg);
	ok(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600, "mode 0600");
	ok(rw_conffile_write_new(p, "[practitioner]\nname = Someone Else\n", 0, &err) == RW_E_USAGE &&
	   strstr(err.msg, "already exists"), "an existing file is not overwritten: %s", err.msg);
	text = slurp(p);
	ok(text && strstr(text, "Jeanne Dupont"), "and keeps its text");
	free(text);
	rw_err_clear(&err);
	is_int(rw_conffile_write_new(p, "[practitioner]\nname = Someone Else\n", 1, &err), 0, "unless asked: %s", err.msg);
	text = slurp(p);
	ok(text && strstr(text, "Someone Else"), "then it is replaced");
	free(text);
	{
		char *bak = path_of("new/sub/repwatch.conf.bak");
		text = slurp(bak);
		ok(text && strstr(text, "Jeanne Dupont"), "the file it replaced is kept as .bak");
		ok(stat(bak, &st) == 0 && (st.st_mode & 0777) == 0600, ".bak has mode 0600");
		free(text);
		free(bak);
	}
	ok(rw_conffile_write_new(p, "[practitioner]\nname = X Y\n[source a]\ncategory = news\n", 1, &err) == RW_E_USAGE,
	   "a text that does not load is refused: %s", err.msg);
	rw_err_clear(&err);

	target = path_of("target.conf");
	free(write_file("target.conf", "[practitioner]\nname = A B\n"));
	if (symlink(target, link_path) == 0) {
		is_int(rw_conffile_write_new(link_path, "[practitioner]\nname = C D\n", 1, &err), 0, "through a symlink");
		ok(lstat(link_path, &st) == 0 && S_ISLNK(st.st_mode), "the symlink stays a symlink");
		text = slurp(target);
		ok(text && strstr(text, "C D"), "and its target was replaced");
		free(text);
	}
	free(target);
	free(link_path);
	free(p);
}

static void
opml(void)
{
	rw_err err = { 0 };
	rw_opml o;
	rw_source src[3];
	char *p, *doc;

	p = write_file("in.opml",
	               "<?xml version='1.0' encoding='UTF-8'?>\n<opml version='2.0'><head><title>t</title></head><body>\n"
	               "<outline text='Folder'>\n"
	               "  <outline text='Le Progrès &amp; Lyon' xmlUrl='https://leprogres.example/rss' category='/news'/>\n"
	               "</outline>\n"
	               "<outline title='Forum' text='ignored' xmlUrl='http://forum.example/feed' category='Tags/x,/social'/>\n"
	               "<outline text='gopher' xmlUrl='gopher://old.example/'/>\n"
	               "<outline xmlUrl='https://untitled.example/atom'/>\n"
	               "</body></opml>\n");
	is_int(rw_opml_read(p, &o, &err), 0, "read OPML: %s", err.msg);
	is_int((long long)o.n, 3, "three feeds, nested folders flattened");
	is_int((long long)o.skipped, 1, "the gopher address skipped");
	if (o.n == 3) {
		is_str(o.feeds[0].title, "Le Progrès & Lyon", "text as the title, entities decoded");
		is_str(o.feeds[0].category, "news", "category from a path");
		is_str(o.feeds[1].title, "Forum", "title wins over text");
		is_str(o.feeds[1].category, "social", "the first repwatch category in the list");
		is_str(o.feeds[2].title, "https://untitled.example/atom", "no title: the url");
		is_int(o.feeds[0].line, 4, "line of the outline");
	}
	rw_opml_clear(&o);
	free(p);

	memset(src, 0, sizeof(src));
	src[0].name = "Le Progrès & \"Lyon\" <santé>";
	src[0].url = "https://leprogres.example/rss?a=1&b=2";
	src[0].category = "news";
	src[1].name = "reddit";
	src[1].url = "https://www.reddit.com/search.rss?q=%22Jeanne%20Dupont%22&sort=new";
	doc = rw_opml_write(src, 2, "repwatch sources", 1790000000LL, &err);
	ok(doc && strstr(doc, "<opml version=\"2.0\">") && strstr(doc, "<dateCreated>Mon, 21 Sep 2026 14:13:20 GMT</dateCreated>"),
	   "OPML 2.0 with an RFC 822 date:\n%s", doc ? doc : err.msg);
	p = write_file("out.opml", doc ? doc : "");
	free(doc);
	is_int(rw_opml_read(p, &o, &err), 0, "what we write reads back");
	if (o.n == 2) {
		is_str(o.feeds[0].title, src[0].name, "name with markup characters round-trips");
		is_str(o.feeds[0].url, src[0].url, "url with & round-trips");
		is_str(o.feeds[0].category, "news", "category round-trips");
		is_str(o.feeds[1].url, src[1].url, "second url");
		ok(o.feeds[1].category == NULL, "no category when none");
	}
	rw_opml_clear(&o);
	free(p);
	p = write_file("not.opml", "<rss version='2.0'><channel/></rss>");
	ok(rw_opml_read(p, &o, &err) == RW_E_PARSE && strstr(err.msg, "not an OPML file"), "an RSS file is not OPML: %s",
	   err.msg);
	free(p);
}

/* Keys read and set in place (the tray's Preferences), values that cannot
 * be read back refused, the .bak of every writer. */
static const char prefs_original[] =
	"# My repwatch configuration\n"
	"; written by hand\n"
	"[practitioner]\n"
	"name = Dr Jeanne Dupont   \n"
	"specialty: dermatology\n"
	"\n"
	"# the local paper\n"
	"[source Lyon Santé]\n"
	"url = https://lyon-sante.example/feed.rss\n"
	"category = news\n"
	"\n"
	"# reviews\n"
	"[source Avis]\n"
	"url = https://avis.example/dupont.atom\n"
	"\n"
	"[fetch]\n"
	"timeout = 30\n";

static void
keys(void)
{
	char *path = write_file("prefs.conf", prefs_original), *bak = path_of("prefs.conf.bak"), *v, *text, **n;
	rw_conffile *f;
	rw_err err = { 0 };
	char longname[80], longvalue[300];
	struct stat sb;

	f = rw_conffile_open(path, &err);
	ok(f != NULL, "open for keys");
	if (!f)
		return;
	v = rw_conffile_get(f, "practitioner", "name");
	is_str(v, "Dr Jeanne Dupont", "a value is read, trimmed");
	free(v);
	v = rw_conffile_get(f, "practitioner", "specialty");
	is_str(v, "dermatology", "key: value is read too");
	free(v);
	ok(rw_conffile_get(f, "practitioner", "city") == NULL, "an absent key is NULL");
	n = rw_conffile_sections(f, "source ");
	ok(n && n[0] && n[1] && !n[2], "two source sections");
	is_str(n ? n[0] : NULL, "source Lyon Santé", "in file order (first)");
	is_str(n ? n[1] : NULL, "source Avis", "in file order (second)");
	rw_conffile_names_free(&n);
	ok(n == NULL, "names_free NULLs the pointer");

	ok(!rw_conffile_set(f, "practitioner", "name", "Jeanne Dupont-Martin", &err), "replace a key");
	ok(!rw_conffile_set(f, "practitioner", "city", "Lyon", &err), "add a key to a section");
	ok(!rw_conffile_set(f, "source Nouveau", "url", "https://new.example/feed", &err), "add a section");
	ok(!rw_conffile_set(f, "fetch", "timeout", NULL, &err), "remove a key");
	ok(!rw_conffile_remove_section(f, "source Avis", &err), "remove a section");
	ok(rw_conffile_remove_section(f, "source Avis", &err) == RW_E_USAGE, "a section that is not there: %s", err.msg);
	memset(&err, 0, sizeof(err));
	text = strdup(rw_conffile_text(f));
	ok(strstr(text, "# My repwatch configuration\n; written by hand\n[practitioner]\n") != NULL,
	   "comments above are kept");
	ok(strstr(text, "name = Jeanne Dupont-Martin\nspecialty: dermatology\ncity = Lyon\n") != NULL,
	   "key replaced in place, new key after the last one: %s", text);
	ok(strstr(text, "# the local paper\n[source Lyon Santé]\n") != NULL, "the next section keeps its comment");
	ok(strstr(text, "Avis") == NULL && strstr(text, "# reviews") == NULL, "a removed section goes with its comment");
	ok(strstr(text, "[fetch]\n") != NULL && strstr(text, "timeout") == NULL, "removed key is gone");
	ok(strstr(text, "\n\n[source Nouveau]\nurl = https://new.example/feed\n") != NULL, "new section appended");

	ok(rw_conffile_set(f, "practitioner", "name", "two\nlines", &err) == RW_E_USAGE, "a line break is refused");
	ok(rw_conffile_set(f, "source a]b", "url", "https://x.example/", &err) == RW_E_USAGE,
	   "']' in a source name is refused");
	ok(rw_conffile_set(f, "practitioner", "city", "Lyon ; Villeurbanne", &err) == RW_E_USAGE,
	   "' ;' is refused: %s", err.msg);
	ok(rw_conffile_check_value("city", "a;b", NULL) == RW_OK, "';' without a space before is fine");
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	memcpy(longname, "source ", 7);
	memset(&err, 0, sizeof(err));
	ok(rw_conffile_set(f, longname, "url", "https://x.example/", &err) == RW_E_USAGE &&
	   strstr(err.msg, "longer than"), "a source name libinih would cut is refused, not cut: %s", err.msg);
	memset(longvalue, 'v', sizeof(longvalue) - 1);
	longvalue[sizeof(longvalue) - 1] = '\0';
	memset(&err, 0, sizeof(err));
	ok(rw_conffile_set(f, "practitioner", "city", longvalue, &err) == RW_E_USAGE, "a value longer than a line: %s",
	   err.msg);
	is_str(rw_conffile_text(f), text, "refused values changed nothing");
	free(text);
	{
		char url[300];
		snprintf(url, sizeof(url), "https://long.example/%s", longvalue + 30);
		ok(!rw_conffile_set(f, "source Nouveau", "url", url, &err), "a long url is set");
		ok(lines_fit(rw_conffile_text(f)), "...in lines libinih reads whole");
		v = rw_conffile_get(f, "source Nouveau", "url");
		is_str(v, url, "...and read back joined");
		free(v);
	}

	/* saving: checked by the loader, atomic, the old file kept as .bak */
	ok(!rw_conffile_save(f, &err), "a good file is saved: %s", err.msg);
	text = slurp(bak);
	is_str(text, prefs_original, "the old file is kept as .bak");
	free(text);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "mode 0600");
	rw_conffile_free(&f);
	f = rw_conffile_open(path, &err);
	v = f ? rw_conffile_get(f, "practitioner", "name") : NULL;
	is_str(v, "Jeanne Dupont-Martin", "read back the saved value");
	free(v);
	ok(f && !rw_conffile_set(f, "source Nouveau", "category", "gossip", &err), "a category the loader refuses");
	text = slurp(path);
	memset(&err, 0, sizeof(err));
	ok(f && rw_conffile_save(f, &err) == RW_E_USAGE, "...is not saved");
	ok(strstr(err.msg, "unknown category") != NULL, "the loader's message is given: %s", err.msg);
	ok(strstr(err.msg, path) != NULL && strstr(err.msg, "/.prefs.conf.") == NULL,
	   "...naming the file, not the temporary one");
	v = slurp(path);
	is_str(v, text, "the file on disk is unchanged");
	free(v);
	free(text);
	rw_conffile_free(&f);

	/* a missing file opens empty; saved, it is created */
	{
		char *fresh = path_of("sub/fresh.conf");
		ok(rw_conffile_open(fresh, &err) == NULL, "open refuses a missing file");
		f = rw_conffile_open_or_empty(fresh, &err);
		ok(f != NULL && !*rw_conffile_text(f), "open_or_empty: empty text");
		ok(f && !rw_conffile_set(f, "practitioner", "name", "Jeanne Dupont", &err), "a key in an empty file");
		is_str(f ? rw_conffile_text(f) : NULL, "[practitioner]\nname = Jeanne Dupont\n", "...makes its section");
		ok(f && !rw_conffile_save(f, &err), "saved: %s", err.msg);
		ok(access(fresh, F_OK) == 0, "the file and its folder are created");
		rw_conffile_free(&f);
		free(fresh);
	}
	/* a file without a final newline */
	free(path);
	path = write_file("nonl.conf", "[practitioner]\nname = Jeanne Dupont");
	f = rw_conffile_open(path, &err);
	ok(f && !rw_conffile_set(f, "practitioner", "city", "Lyon", &err), "a key after a last line without newline");
	is_str(f ? rw_conffile_text(f) : NULL, "[practitioner]\nname = Jeanne Dupont\ncity = Lyon\n", "...on its own line");
	ok(f && !rw_conffile_set(f, "practitioner", "city", "Bron", &err), "replace the last key");
	is_str(f ? rw_conffile_text(f) : NULL, "[practitioner]\nname = Jeanne Dupont\ncity = Bron\n", "...in place");
	rw_conffile_free(&f);
	free(path);
	free(bak);
}

int
main(void)
{
	char *cmd;

	if (!mkdtemp(dir))
		return 99;
	names();
	writing_lines();
	editing();
	write_new();
	keys();
	opml();
	if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0) {
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
		free(cmd);
	}
	return tap_done();
}
