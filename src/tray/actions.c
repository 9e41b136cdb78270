/* actions.c - what the detail pane and the menu do with one mention, and
 * the digest preview.
 *
 * The core on this branch has no calls for marks, version history,
 * evidence or myth corrections yet, so each action runs the `repwatch`
 * CLI (asynchronously, GSubprocess) on the same configuration and
 * database; each is one small function, to be switched to the core call
 * when it exists:
 *   Mark as read / unread   repwatch mark ID read|unread   (rw_store_mark)
 *   Not about me            repwatch not-me ID             (learns a not-me rule)
 *   History...              repwatch show ID               (rw_store_each_version + diff)
 *   Evidence...             repwatch evidence ID --out FOLDER
 *   Correction...           repwatch rebut ID              (the myth's correction and sources)
 *   Digest preview          repwatch digest --print
 * A command the installed CLI does not know (`repwatch CMD --help` fails)
 * leaves its button insensitive with a tooltip that says so.
 * The CLI is $REPWATCH_CLI, else `repwatch` on PATH, else BINDIR/repwatch.
 */
#include "tray.h"
#include "rw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#define OUTPUT_SHOWN_MAX (4u << 20)

const char *
tray_cli_path(struct tray *t)
{
	if (!t->cli_path) {
		const char *env = g_getenv("REPWATCH_CLI");
		if (env && *env)
			t->cli_path = g_strdup(env);
		else if (!(t->cli_path = g_find_program_in_path("repwatch")))
			t->cli_path = g_build_filename(RW_BINDIR, "repwatch", NULL);
	}
	return t->cli_path;
}

/* Which subcommands the installed CLI has: asked once each, cached. */
gboolean
tray_cli_has_command(struct tray *t, const char *command)
{
	static GHashTable *known;
	gpointer cached;
	char *argv[] = { (char *)tray_cli_path(t), (char *)command, (char *)"--help", NULL };
	int status = -1;

	if (!known)
		known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (g_hash_table_lookup_extended(known, command, NULL, &cached))
		return GPOINTER_TO_INT(cached);
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
	                  NULL, NULL, &status, NULL))
		status = -1;
	g_hash_table_insert(known, g_strdup(command), GINT_TO_POINTER(status == 0));
	return status == 0;
}

/* ---- showing text ---- */

static void
show_text(GtkWindow *parent, const char *title, const char *text)
{
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL), *sc = gtk_scrolled_window_new(NULL, NULL);
	GtkWidget *view = gtk_text_view_new();
	size_t len = strlen(text);

	gtk_window_set_title(GTK_WINDOW(win), title);
	gtk_window_set_default_size(GTK_WINDOW(win), 720, 520);
	if (parent)
		gtk_window_set_transient_for(GTK_WINDOW(win), parent);
	gtk_text_view_set_editable(GTK_TEXT_VIEW(view), FALSE);
	gtk_text_view_set_monospace(GTK_TEXT_VIEW(view), TRUE);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(view), GTK_WRAP_WORD_CHAR);
	gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(view)), text,
	                         len > OUTPUT_SHOWN_MAX ? (gint)OUTPUT_SHOWN_MAX : (gint)len);
	gtk_container_add(GTK_CONTAINER(sc), view);
	gtk_container_add(GTK_CONTAINER(win), sc);
	gtk_widget_show_all(win);
}

static void
show_error(GtkWindow *parent, const char *what, const char *detail)
{
	GtkWidget *d = gtk_message_dialog_new(parent, GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_ERROR,
	                                      GTK_BUTTONS_CLOSE, "%s", what);

	if (detail && *detail)
		gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s", detail);
	g_signal_connect(d, "response", G_CALLBACK(gtk_widget_destroy), NULL);
	gtk_widget_show(d);
}

/* ---- running the CLI ---- */

typedef void (*cli_done_fn)(struct tray *t, GtkWindow *parent, const char *out, const char *title);

struct cli_run {
	struct tray *t;
	GtkWindow *parent;
	char *title;
	cli_done_fn done;
};

static void
cli_finished(GObject *source, GAsyncResult *res, gpointer data)
{
	struct cli_run *run = data;
	GSubprocess *p = G_SUBPROCESS(source);
	char *out = NULL, *err_text = NULL;
	GError *e = NULL;

	if (!g_subprocess_communicate_utf8_finish(p, res, &out, &err_text, &e)) {
		show_error(run->parent, run->title, e->message);
		g_error_free(e);
	} else if (!g_subprocess_get_if_exited(p) || g_subprocess_get_exit_status(p) != 0) {
		show_error(run->parent, run->title, err_text && *err_text ? err_text : _("the command failed"));
	} else {
		run->done(run->t, run->parent, out ? out : "", run->title);
	}
	g_free(out);
	g_free(err_text);
	if (run->parent)
		g_object_unref(run->parent);
	g_free(run->title);
	g_free(run);
}

/* Run `repwatch -c CONFIG --db DB args...` without waiting for it. */
static void
run_cli(struct tray *t, GtkWindow *parent, const char *title, cli_done_fn done, const char *const *args)
{
	GPtrArray *argv = g_ptr_array_new();
	struct cli_run *run;
	GSubprocess *p;
	GError *e = NULL;

	g_ptr_array_add(argv, (gpointer)tray_cli_path(t));
	g_ptr_array_add(argv, (gpointer)"-c");
	g_ptr_array_add(argv, t->config_path);
	g_ptr_array_add(argv, (gpointer)"--db");
	g_ptr_array_add(argv, t->db_path);
	for (; *args; args++)
		g_ptr_array_add(argv, (gpointer)*args);
	g_ptr_array_add(argv, NULL);
	p = g_subprocess_newv((const char *const *)argv->pdata,
	                      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &e);
	g_ptr_array_free(argv, TRUE);
	if (!p) {
		show_error(parent, title, e->message);
		g_error_free(e);
		return;
	}
	run = g_new0(struct cli_run, 1);
	run->t = t;
	run->parent = parent ? g_object_ref(parent) : NULL;
	run->title = g_strdup(title);
	run->done = done;
	g_subprocess_communicate_utf8_async(p, NULL, NULL, cli_finished, run);
	g_object_unref(p);
}

static void
done_show(struct tray *t, GtkWindow *parent, const char *out, const char *title)
{
	(void)t;
	show_text(parent, title, *out ? out : _("(nothing to show)"));
}

static void
done_refresh(struct tray *t, GtkWindow *parent, const char *out, const char *title)
{
	(void)parent;
	(void)out;
	(void)title;
	tray_count_changes(t);
	tray_recent_refresh(t);
	tray_status_update(t);
}

static void
done_saved(struct tray *t, GtkWindow *parent, const char *out, const char *title)
{
	(void)out;
	tray_set_status_line(t, title);
	tray_status_update(t);
	(void)parent;
}

void
tray_digest_preview(struct tray *t, GtkWindow *parent)
{
	const char *args[] = { "digest", "--print", NULL };

	if (!tray_cli_has_command(t, "digest")) {
		show_error(parent, _("No digest preview"), _("Needs 'repwatch digest', which this installation does not have"));
		return;
	}
	run_cli(t, parent, _("Digest preview"), done_show, args);
}

void
tray_action_mark(struct tray *t, GtkWindow *parent, int64_t id, const char *mark)
{
	char idtext[24];
	const char *args[] = { "mark", idtext, mark, NULL };

	if (!id)
		return;
	g_snprintf(idtext, sizeof(idtext), "%" G_GINT64_FORMAT, (gint64)id);
	run_cli(t, parent, _("Cannot mark the mention"), done_refresh, args);
}

/* "Not about me": `repwatch not-me ID` hides the mention and learns what
 * told the homonym apart, for later scans. */
void
tray_action_not_me(struct tray *t, GtkWindow *parent, int64_t id)
{
	char idtext[24];
	const char *args[] = { "not-me", idtext, NULL };

	if (!id)
		return;
	g_snprintf(idtext, sizeof(idtext), "%" G_GINT64_FORMAT, (gint64)id);
	run_cli(t, parent, _("Cannot mark the mention"), done_refresh, args);
}

void
tray_action_history(struct tray *t, GtkWindow *parent, int64_t id)
{
	char idtext[24], *title;
	const char *args[] = { "show", idtext, NULL };

	if (!id)
		return;
	g_snprintf(idtext, sizeof(idtext), "%" G_GINT64_FORMAT, (gint64)id);
	title = g_strdup_printf(_("History of mention #%s"), idtext);
	run_cli(t, parent, title, done_show, args);
	g_free(title);
}

void
tray_action_correction(struct tray *t, GtkWindow *parent, int64_t id)
{
	char idtext[24], *title;
	const char *args[] = { "rebut", idtext, NULL };

	if (!id)
		return;
	g_snprintf(idtext, sizeof(idtext), "%" G_GINT64_FORMAT, (gint64)id);
	title = g_strdup_printf(_("Correction and sources for mention #%s"), idtext);
	run_cli(t, parent, title, done_show, args);
	g_free(title);
}

void
tray_action_evidence(struct tray *t, GtkWindow *parent, int64_t id)
{
	GtkFileChooserNative *fc;
	char idtext[24], *name;

	if (!id)
		return;
	g_snprintf(idtext, sizeof(idtext), "%" G_GINT64_FORMAT, (gint64)id);
	fc = gtk_file_chooser_native_new(_("Save the evidence"), parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
	                                 _("_Cancel"));
	gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(fc), TRUE);
	/* `repwatch evidence` writes a new folder: snapshot, rendering, manifest */
	name = g_strdup_printf("repwatch-evidence-%s", idtext);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(fc), name);
	g_free(name);
	if (gtk_native_dialog_run(GTK_NATIVE_DIALOG(fc)) == GTK_RESPONSE_ACCEPT) {
		char *file = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(fc));
		const char *args[] = { "evidence", idtext, "--out", file, NULL };
		char *title = g_strdup_printf(_("Evidence saved to '%s'."), file);
		run_cli(t, parent, title, done_saved, args);
		g_free(title);
		g_free(file);
	}
	g_object_unref(fc);
}

void
tray_action_open(GtkWindow *parent, const char *link)
{
	GError *e = NULL;

	/* only web addresses: a fetched link is never a file or a script */
	if (!link || (g_ascii_strncasecmp(link, "http://", 7) && g_ascii_strncasecmp(link, "https://", 8))) {
		show_error(parent, _("Cannot open the link"), _("only http:// and https:// links are opened"));
		return;
	}
	if (!gtk_show_uri_on_window(parent, link, GDK_CURRENT_TIME, &e)) {
		show_error(parent, _("Cannot open the link"), e->message);
		g_error_free(e);
	}
}
