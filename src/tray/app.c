/* SPDX-License-Identifier: MIT */
/* app.c - `repwatch-tray`: the GtkApplication.
 *
 * One instance per session: GtkApplication owns the D-Bus name
 * org.repwatch.Tray; a second launch hands its command line to the first
 * (which raises its window or does what the options ask) and exits.
 * The primary instance loads repwatch.conf and tray.ini, opens the
 * database for reading, shows the status icon and schedules scans.
 */
#include "tray.h"
#include "notify.h"
#include "log.h"
#include "rw-config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct tray tray_ctx;

char *
tray_user_file(rw_user_dir kind, const char *leaf)
{
	rw_err err = { 0 };
	char *p = rw_paths_user(kind, leaf, &err), *out;

	if (!p) {
		g_printerr("repwatch-tray: %s\n", err.msg);
		return NULL;
	}
	out = g_strdup(p);
	free(p);
	return out;
}

void
tray_set_status_line(struct tray *t, const char *line)
{
	g_free(t->status_line);
	t->status_line = g_strdup(line);
}

gboolean
tray_reload_config(struct tray *t, GError **error)
{
	rw_err err = { 0 };
	rw_config *cfg = rw_config_load(t->config_path, &err);

	if (!cfg) {
		/* the configuration in use stays; only the message changes */
		g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, err.msg);
		if (!t->cfg) {
			g_free(t->config_error);
			t->config_error = g_strdup(err.msg);
		}
		return FALSE;
	}
	tray_cfg_unref(t->cfg);
	t->cfg = tray_cfg_new(cfg);
	g_clear_pointer(&t->config_error, g_free);
	return TRUE;
}

static void
log_sink(int level, const char *module, const char *msg, void *data)
{
	(void)data;
	if (level <= RW_LOG_WARN)
		g_printerr("repwatch-tray: %s: %s\n", module, msg);
}

/* ---- actions ---- */

static void
act_scan_now(GSimpleAction *a, GVariant *p, gpointer data)
{
	(void)a;
	(void)p;
	tray_scan_start(data, FALSE);
}

static void
act_recent(GSimpleAction *a, GVariant *p, gpointer data)
{
	(void)a;
	(void)p;
	tray_recent_show(data);
}

static void
act_preferences(GSimpleAction *a, GVariant *p, gpointer data)
{
	(void)a;
	(void)p;
	tray_prefs_show(data);
}

static void
act_digest(GSimpleAction *a, GVariant *p, gpointer data)
{
	struct tray *t = data;

	(void)a;
	(void)p;
	tray_digest_preview(t, t->recent_window ? GTK_WINDOW(t->recent_window) : NULL);
}

static void
act_pause(GSimpleAction *a, GVariant *state, gpointer data)
{
	struct tray *t = data;
	GError *e = NULL;

	g_simple_action_set_state(a, state);
	t->settings.paused = g_variant_get_boolean(state);
	if (!tray_settings_save(t->settings_path, &t->settings, &e)) {
		tray_set_status_line(t, e->message);
		g_error_free(e);
	}
	tray_schedule(t);
	tray_status_update(t);
}

static void
act_quit(GSimpleAction *a, GVariant *p, gpointer data)
{
	(void)a;
	(void)p;
	tray_quit(data);
}

void
tray_quit(struct tray *t)
{
	tray_scan_stop_and_wait(t);
	g_application_release(G_APPLICATION(t->app));
	g_application_quit(G_APPLICATION(t->app));
}

static void
add_actions(struct tray *t)
{
	const GActionEntry entries[] = {
		{ "scan-now", act_scan_now, NULL, NULL, NULL, { 0 } },
		{ "recent", act_recent, NULL, NULL, NULL, { 0 } },
		{ "preferences", act_preferences, NULL, NULL, NULL, { 0 } },
		{ "digest-preview", act_digest, NULL, NULL, NULL, { 0 } },
		{ "pause", NULL, NULL, "false", act_pause, { 0 } },
		{ "quit", act_quit, NULL, NULL, NULL, { 0 } },
	};
	GAction *a;

	g_action_map_add_action_entries(G_ACTION_MAP(t->app), entries, G_N_ELEMENTS(entries), t);
	a = g_action_map_lookup_action(G_ACTION_MAP(t->app), "pause");
	g_simple_action_set_state(G_SIMPLE_ACTION(a), g_variant_new_boolean(t->settings.paused));
}

/* ---- life cycle ---- */

static void
on_startup(GApplication *app, gpointer data)
{
	struct tray *t = data;
	rw_err err = { 0 };
	char *dir;

	rw_log_set_sink(log_sink, NULL, RW_LOG_WARN, NULL);
	tray_settings_load(t->settings_path, &t->settings);
	tray_reload_config(t, NULL);
	dir = g_path_get_dirname(t->db_path);
	g_mkdir_with_parents(dir, 0700);
	g_free(dir);
	t->store = rw_store_open(t->db_path, &err);
	if (!t->store)
		tray_set_status_line(t, err.msg);
	add_actions(t);
	tray_count_changes(t);
	tray_status_init(t);
	tray_schedule(t);
	tray_status_update(t);
	if (tray_firstrun_needed(t))
		tray_firstrun_show(t);
	/* the tray stays until Quit, with or without windows */
	g_application_hold(app);
}

/* Windows and the menu go while the application is still registered:
 * their action groups ask it for its actions as they are torn down. */
static void
on_shutdown(GApplication *app, gpointer data)
{
	struct tray *t = data;

	(void)app;
	tray_scan_stop_and_wait(t);
	if (t->prefs_dialog)
		gtk_widget_destroy(t->prefs_dialog);
	t->prefs_dialog = NULL;
	tray_reply_close_all(t);
	tray_recent_free(t);
	tray_status_free(t);
}

static int
on_command_line(GApplication *app, GApplicationCommandLine *cl, gpointer data)
{
	struct tray *t = data;
	GVariantDict *o = g_application_command_line_get_options_dict(cl);
	const char *dump = NULL, *change = NULL, *category = NULL;
	const char **sets = NULL, **clicks = NULL, **s;
	gboolean plain = TRUE;
	int rc = 0;

	(void)app;
	t->command_lines++;
	{
		static const char *const doers[] = { "show-recent", "preferences", "scan-now", "filter-change",
		                                     "filter-category", "self-test-set", "self-test-click",
		                                     "self-test-dump" };
		size_t i;
		for (i = 0; i < G_N_ELEMENTS(doers); i++)
			if (g_variant_dict_contains(o, doers[i]))
				plain = FALSE;
	}
	if (g_variant_dict_contains(o, "quit")) {
		tray_quit(t);
		return 0;
	}
	if (g_variant_dict_lookup(o, "filter-change", "&s", &change) |
	    g_variant_dict_lookup(o, "filter-category", "&s", &category)) {
		g_free(t->filter_change);
		g_free(t->filter_category);
		t->filter_change = g_strdup(change);
		t->filter_category = g_strdup(category);
		if (t->recent_window)
			tray_recent_set_filters(t, change, category);
	}
	if (g_variant_dict_contains(o, "show-recent")) {
		tray_recent_show(t);
	}
	if (g_variant_dict_contains(o, "preferences"))
		tray_prefs_show(t);
	if (g_variant_dict_contains(o, "scan-now"))
		tray_scan_start(t, FALSE);
	if (g_variant_dict_lookup(o, "self-test-set", "^a&s", &sets)) {
		for (s = sets; *s; s++)
			if (!tray_selftest_set(*s))
				rc = 1;
		g_free(sets);
	}
	if (g_variant_dict_lookup(o, "self-test-click", "^a&s", &clicks)) {
		for (s = clicks; *s; s++)
			if (!tray_selftest_click(*s))
				rc = 1;
		g_free(clicks);
	}
	/* a second launch with nothing to do raises what there is to raise */
	if (t->command_lines > 1 && plain) {
		if (t->recent_window && gtk_widget_get_visible(t->recent_window))
			gtk_window_present(GTK_WINDOW(t->recent_window));
		else if (t->host_present && !t->force_window)
			tray_recent_show(t);
		else
			tray_status_present(t);
	}
	if (g_variant_dict_lookup(o, "self-test-dump", "^&ay", &dump)) {
		char *abs = g_canonicalize_filename(dump, g_application_command_line_get_cwd(cl));
		tray_selftest_request(t, abs);
		g_free(abs);
	}
	return rc;
}

static int
on_local_options(GApplication *app, GVariantDict *o, gpointer data)
{
	struct tray *t = data;
	const char *cfg = NULL, *db = NULL;

	(void)app;
	if (g_variant_dict_contains(o, "version")) {
		g_print("repwatch-tray %s\n", RW_VERSION);
		return 0;
	}
	/* these only matter to the instance that starts now */
	if (g_variant_dict_lookup(o, "config", "^&ay", &cfg)) {
		g_free(t->config_path);
		t->config_path = g_canonicalize_filename(cfg, NULL);
	}
	if (g_variant_dict_lookup(o, "db", "^&ay", &db)) {
		g_free(t->db_path);
		t->db_path = g_canonicalize_filename(db, NULL);
	}
	t->force_window = g_variant_dict_contains(o, "window");
	return -1;
}

int
main(int argc, char **argv)
{
	static const GOptionEntry options[] = {
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
		  N_("configuration (default: $XDG_CONFIG_HOME/repwatch/repwatch.conf)"), N_("FILE") },
		{ "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("database (default: $XDG_DATA_HOME/repwatch/repwatch.db)"),
		  N_("FILE") },
		{ "show-recent", 0, 0, G_OPTION_ARG_NONE, NULL, N_("open the Recent mentions window"), NULL },
		{ "preferences", 0, 0, G_OPTION_ARG_NONE, NULL, N_("open the Preferences window"), NULL },
		{ "scan-now", 0, 0, G_OPTION_ARG_NONE, NULL, N_("start a scan now"), NULL },
		{ "filter-change", 0, 0, G_OPTION_ARG_STRING, NULL,
		  N_("show only new, changed or gone mentions in Recent mentions"), N_("CHANGE") },
		{ "filter-category", 0, 0, G_OPTION_ARG_STRING, NULL,
		  N_("show only this category in Recent mentions (review, news, ...)"), N_("CATEGORY") },
		{ "window", 0, 0, G_OPTION_ARG_NONE, NULL, N_("show the status window even when there is a tray"), NULL },
		{ "background", 0, 0, G_OPTION_ARG_NONE, NULL, N_("start without opening a window (autostart)"), NULL },
		{ "quit", 0, 0, G_OPTION_ARG_NONE, NULL, N_("ask the running repwatch-tray to quit"), NULL },
		{ "self-test-dump", 0, 0, G_OPTION_ARG_FILENAME, NULL,
		  N_("write what the windows show to FILE once they are drawn (for tests)"), N_("FILE") },
		{ "self-test-set", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
		  N_("set a named field of an open window (for tests)"), N_("NAME=VALUE") },
		{ "self-test-click", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
		  N_("click a named button of an open window (for tests)"), N_("NAME") },
		{ "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("print the version"), NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	struct tray *t = &tray_ctx;
	int rc;

	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, g_getenv("REPWATCH_LOCALEDIR") ? g_getenv("REPWATCH_LOCALEDIR") : RW_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	rw_err_set_translator(rw_user_gettext);   /* the core's messages and reasons too */
	g_set_prgname("repwatch-tray");
	g_set_application_name(_("repwatch"));

	t->app = gtk_application_new(TRAY_APP_ID, G_APPLICATION_HANDLES_COMMAND_LINE);
	g_application_add_main_option_entries(G_APPLICATION(t->app), options);
	g_application_set_option_context_summary(G_APPLICATION(t->app),
		_("The repwatch status icon: what is said online about you, at a glance.\n"
		  "Scans on a schedule, shows recent mentions, edits the configuration.\n"
		  "A second launch raises the running one.  See repwatch-tray(1)."));
	g_signal_connect(t->app, "handle-local-options", G_CALLBACK(on_local_options), t);
	g_signal_connect(t->app, "startup", G_CALLBACK(on_startup), t);
	g_signal_connect(t->app, "command-line", G_CALLBACK(on_command_line), t);
	g_signal_connect(t->app, "shutdown", G_CALLBACK(on_shutdown), t);

	if (!t->config_path)
		t->config_path = tray_user_file(RW_DIR_CONFIG, "repwatch.conf");
	if (!t->db_path)
		t->db_path = tray_user_file(RW_DIR_DATA, "repwatch.db");
	t->settings_path = tray_user_file(RW_DIR_CONFIG, "tray.ini");
	if (!t->config_path || !t->db_path || !t->settings_path)
		rc = 2;
	else
		rc = g_application_run(G_APPLICATION(t->app), argc, argv);

	if (t->dump_id)
		g_source_remove(t->dump_id);
	rw_notifier_free(&t->notifier);
	rw_myths_free(&t->myths);
	rw_store_close(&t->store);
	tray_cfg_unref(t->cfg);
	g_object_unref(t->app);
	g_free(t->config_path);
	g_free(t->db_path);
	g_free(t->settings_path);
	g_free(t->config_error);
	g_free(t->status_line);
	g_free(t->dump_path);
	g_free(t->filter_change);
	g_free(t->filter_category);
	return rc;
}
