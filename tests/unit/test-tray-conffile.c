/* test-conffile.c - editing repwatch.conf as text (src/tray/conffile.c):
 * comments and unknown keys kept, keys replaced in place, sections added
 * and removed, values that cannot be written refused, and saving that is
 * atomic and validated by the core's own loader. */
#include "conffile.h"
#include "config.h"
#include "tap.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static const char original[] =
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

static gboolean
core_loads(const char *tmp, void *data, char **why)
{
	rw_err err = { 0 };
	rw_config *c = rw_config_load(tmp, &err);

	(void)data;
	if (!c) {
		*why = g_strdup(err.msg);
		return FALSE;
	}
	rw_config_free(&c);
	return TRUE;
}

int
main(void)
{
	tray_conffile *f = tray_conffile_parse(original);
	char *v, *text, **names, *dir, *path, *bak, *back;
	GError *e = NULL;
	struct stat sb;

	v = tray_conffile_get(f, "practitioner", "name");
	is_str(v, "Dr Jeanne Dupont", "a value is read, trimmed");
	g_free(v);
	v = tray_conffile_get(f, "practitioner", "specialty");
	is_str(v, "dermatology", "key: value is read too");
	g_free(v);
	ok(tray_conffile_get(f, "practitioner", "city") == NULL, "an absent key is NULL");

	names = tray_conffile_sections(f, "source ");
	ok(names && names[0] && names[1] && !names[2], "two source sections");
	is_str(names[0], "source Lyon Santé", "in file order (first)");
	is_str(names[1], "source Avis", "in file order (second)");
	g_strfreev(names);

	ok(tray_conffile_set(f, "practitioner", "name", "Jeanne Dupont-Martin"), "replace a key");
	ok(tray_conffile_set(f, "practitioner", "city", "Lyon"), "add a key to a section");
	ok(tray_conffile_set(f, "source Nouveau", "url", "https://new.example/feed"), "add a section");
	ok(tray_conffile_set(f, "fetch", "timeout", NULL), "remove a key");
	tray_conffile_remove_section(f, "source Avis");
	text = tray_conffile_text(f);
	ok(strstr(text, "# My repwatch configuration\n; written by hand\n[practitioner]\n") != NULL,
	   "comments above are kept");
	ok(strstr(text, "name = Jeanne Dupont-Martin\nspecialty: dermatology\ncity = Lyon\n") != NULL,
	   "key replaced in place, new key after the last one: %s", text);
	ok(strstr(text, "# the local paper\n[source Lyon Santé]\n") != NULL, "the next section keeps its comment");
	ok(strstr(text, "Avis") == NULL && strstr(text, "# reviews") == NULL,
	   "a removed section goes with its comment");
	ok(strstr(text, "[fetch]\n") != NULL && strstr(text, "timeout") == NULL, "removed key is gone");
	ok(strstr(text, "\n\n[source Nouveau]\nurl = https://new.example/feed\n") != NULL, "new section appended");
	g_free(text);

	ok(!tray_conffile_set(f, "practitioner", "name", "two\nlines"), "a line break is refused");
	ok(!tray_conffile_set(f, "source a]b", "url", "https://x.example/"), "']' in a section is refused");
	ok(!tray_conffile_set(f, "practitioner", "city", "Lyon ; Villeurbanne"), "' ;' is refused");
	ok(tray_conffile_check("a;b", FALSE) == NULL, "';' without a space before is fine");
	v = tray_conffile_get(f, "practitioner", "city");
	is_str(v, "Lyon", "a refused value changed nothing");
	g_free(v);

	/* saving: validated by the core, atomic, keeps a .bak and the mode */
	dir = g_dir_make_tmp("rw-test-conffile-XXXXXX", NULL);
	path = g_build_filename(dir, "repwatch.conf", NULL);
	bak = g_strconcat(path, ".bak", NULL);
	g_file_set_contents(path, original, -1, NULL);
	g_chmod(path, 0600);
	ok(tray_conffile_save(f, path, core_loads, NULL, &e), "a good file is saved%s%s", e ? ": " : "",
	   e ? e->message : "");
	g_clear_error(&e);
	g_file_get_contents(bak, &back, NULL, NULL);
	is_str(back, original, "the old file is kept as .bak");
	g_free(back);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "the mode is kept (0600)");
	tray_conffile_free(f);

	f = tray_conffile_read(path, &e);
	ok(f != NULL, "read back");
	v = f ? tray_conffile_get(f, "practitioner", "name") : NULL;
	is_str(v, "Jeanne Dupont-Martin", "read back the saved value");
	g_free(v);
	/* a value the core refuses: nothing changes */
	tray_conffile_set(f, "source Nouveau", "category", "gossip");
	g_file_get_contents(path, &back, NULL, NULL);
	ok(!tray_conffile_save(f, path, core_loads, NULL, &e), "a file the core refuses is not saved");
	ok(e && strstr(e->message, "unknown category") != NULL, "the core's message is given: %s",
	   e ? e->message : "(none)");
	g_clear_error(&e);
	text = NULL;
	g_file_get_contents(path, &text, NULL, NULL);
	is_str(text, back, "the file on disk is unchanged");
	g_free(text);
	g_free(back);
	{
		GDir *d = g_dir_open(dir, 0, NULL);
		const char *n;
		int others = 0;
		while ((n = g_dir_read_name(d)))
			others += strcmp(n, "repwatch.conf") && strcmp(n, "repwatch.conf.bak");
		g_dir_close(d);
		is_int(others, 0, "no temporary file is left behind");
	}
	tray_conffile_free(f);

	f = tray_conffile_read("/nonexistent/repwatch.conf", &e);
	ok(f != NULL && e == NULL, "a missing file reads as empty");
	text = f ? tray_conffile_text(f) : NULL;
	is_str(text, "", "empty document");
	g_free(text);
	tray_conffile_free(f);

	g_unlink(path);
	g_unlink(bak);
	g_rmdir(dir);
	g_free(path);
	g_free(bak);
	g_free(dir);
	return tap_done();
}
