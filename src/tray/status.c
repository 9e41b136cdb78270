/* SPDX-License-Identifier: MIT */
/* status.c - the state at a glance: an Ayatana AppIndicator (a
 * StatusNotifierItem on D-Bus) with its menu, or, when no tray host
 * watches for items (no org.kde.StatusNotifierWatcher on the session bus),
 * a small plain window with the same state and the same commands.
 *
 * Icons by state: repwatch-quiet, repwatch-new (with the count as the
 * indicator's label), repwatch-scanning, repwatch-failing.
 */
#include "tray.h"

#include <glib/gi18n.h>
#include <libayatana-appindicator/app-indicator.h>
#include <string.h>
#include <time.h>

#define SNI_WATCHER "org.kde.StatusNotifierWatcher"
#define TRAY_COUNT_CAP 100000   /* counting stops here ("99999+" is plenty) */

struct status_widgets {
	GtkWidget *menu_status, *menu_pause;
	gulong menu_pause_handler;
	GtkWidget *icon, *headline, *detail, *progress, *pause_button;
	guint watch_id;
};

tray_state
tray_current_state(const struct tray *t)
{
	if (t->scanning || t->scan_elsewhere)
		return TRAY_SCANNING;
	if (t->new_count)
		return TRAY_NEW;
	if (t->failing_count || !t->cfg)
		return TRAY_FAILING;
	return TRAY_QUIET;
}

const char *
tray_state_icon(tray_state s)
{
	switch (s) {
	case TRAY_NEW: return "repwatch-new";
	case TRAY_SCANNING: return "repwatch-scanning";
	case TRAY_FAILING: return "repwatch-failing";
	default: return "repwatch-quiet";
	}
}

/* The headline: what the icon means, in words. */
static char *
headline_text(const struct tray *t)
{
	if (t->scanning)
		return t->scan_total ? g_strdup_printf(_("Scanning: %zu of %zu sources read"), t->scan_done, t->scan_total)
		                     : g_strdup(_("Scanning..."));
	if (t->scan_elsewhere)
		return g_strdup(_("A scan is in progress; the tray will try again"));
	if (!t->cfg)
		return g_strdup(_("The configuration does not load"));
	/* nothing watched is never "all quiet" */
	if (!t->cfg->cfg->nsources)
		return g_strdup(_("Nothing to watch yet: no source is set up. Add one in Preferences (Sources), "
		                  "or with 'repwatch sources add'"));
	if (t->new_count)
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu new or changed mention", "%zu new or changed mentions",
		                                   t->new_count),
		                       t->new_count);
	if (t->failing_count)
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu source failing", "%zu sources failing",
		                                   t->failing_count),
		                       t->failing_count);
	return g_strdup(_("All quiet: nothing new"));
}

char *
tray_status_text(const struct tray *t)
{
	GString *s = g_string_new(NULL);
	char *h = headline_text(t);

	g_string_append(s, h);
	g_free(h);
	if (t->new_count && t->failing_count && !t->scanning) {
		g_string_append(s, "; ");
		g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, "%zu source failing", "%zu sources failing",
		                                      t->failing_count),
		                       t->failing_count);
	}
	if (t->settings.paused)
		g_string_append_printf(s, " (%s)", _("monitoring paused"));
	return g_string_free(s, FALSE);
}

static char *
detail_text(const struct tray *t)
{
	GString *s = g_string_new(NULL);

	if (!t->cfg && t->config_error)
		g_string_append(s, t->config_error);
	else if (t->status_line)
		g_string_append(s, t->status_line);
	if (t->next_scan && !t->scanning) {
		char when[32];
		time_t n = (time_t)t->next_scan;
		struct tm tm;
		localtime_r(&n, &tm);
		strftime(when, sizeof(when), "%H:%M", &tm);
		if (s->len)
			g_string_append_c(s, '\n');
		g_string_append_printf(s, _("Next scan at %s."), when);
	}
	if (t->scheduled_by && !t->scanning && !t->settings.paused) {
		char *who = tray_scheduler_text(t->scheduled_by);
		if (s->len)
			g_string_append_c(s, '\n');
		g_string_append(s, who);
		g_free(who);
	}
	return g_string_free(s, FALSE);
}

static int
count_mention(const rw_mention *m, void *data)
{
	struct tray *t = data;

	if (!m->read)
		t->new_count++;
	return t->new_count >= TRAY_COUNT_CAP;
}

static int
count_source(const char *url, const char *name, const rw_source_state *st, void *data)
{
	struct tray *t = data;
	size_t i;

	(void)name;
	if (st->failures <= 0 || !t->cfg)
		return 0;
	/* only the sources the configuration still lists */
	for (i = 0; i < t->cfg->cfg->nsources; i++)
		if (!strcmp(t->cfg->cfg->sources[i].url, url)) {
			t->failing_count++;
			break;
		}
	return 0;
}

void
tray_count_changes(struct tray *t)
{
	rw_mention_filter f;
	rw_err err = { 0 };

	t->new_count = 0;
	t->failing_count = 0;
	if (!t->store)
		return;
	memset(&f, 0, sizeof(f));
	/* changes since the user last opened Recent mentions */
	f.since = t->settings.last_viewed + (t->settings.last_viewed ? 1 : 0);
	if (rw_store_each_mention(t->store, &f, count_mention, t, &err))
		g_warning("%s", err.msg);
	rw_err_clear(&err);
	if (rw_store_each_source(t->store, count_source, t, &err))
		g_warning("%s", err.msg);
}

/* ---- the menu ---- */

static GtkWidget *
menu_item(GtkWidget *menu, const char *label, const char *action)
{
	GtkWidget *item = gtk_menu_item_new_with_mnemonic(label);

	gtk_actionable_set_action_name(GTK_ACTIONABLE(item), action);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), item);
	return item;
}

static void
on_menu_pause_toggled(GtkCheckMenuItem *item, gpointer data)
{
	struct tray *t = data;

	g_action_group_change_action_state(G_ACTION_GROUP(t->app), "pause",
	                                   g_variant_new_boolean(gtk_check_menu_item_get_active(item)));
}

static GtkWidget *
build_menu(struct tray *t)
{
	struct status_widgets *sw = t->sw;
	GtkWidget *menu = gtk_menu_new();

	gtk_widget_insert_action_group(menu, "app", G_ACTION_GROUP(t->app));
	sw->menu_status = gtk_menu_item_new_with_label("");
	gtk_widget_set_sensitive(sw->menu_status, FALSE);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), sw->menu_status);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), gtk_separator_menu_item_new());
	menu_item(menu, _("_Scan now"), "app.scan-now");
	menu_item(menu, _("_Recent mentions..."), "app.recent");
	menu_item(menu, _("_Preferences..."), "app.preferences");
	menu_item(menu, _("_Digest preview"), "app.digest-preview");
	sw->menu_pause = gtk_check_menu_item_new_with_mnemonic(_("P_ause monitoring"));
	sw->menu_pause_handler = g_signal_connect(sw->menu_pause, "toggled", G_CALLBACK(on_menu_pause_toggled), t);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), sw->menu_pause);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), gtk_separator_menu_item_new());
	menu_item(menu, _("_Quit"), "app.quit");
	gtk_widget_show_all(menu);
	return menu;
}

/* ---- the fallback window ---- */

static gboolean
on_status_window_delete(GtkWidget *w, GdkEvent *ev, gpointer data)
{
	(void)ev;
	(void)data;
	/* closing hides; launching repwatch-tray again brings it back, Quit quits */
	gtk_widget_hide(w);
	return TRUE;
}

static GtkWidget *
action_button(GtkWidget *box, const char *label, const char *action)
{
	GtkWidget *b = gtk_button_new_with_mnemonic(label);

	gtk_actionable_set_action_name(GTK_ACTIONABLE(b), action);
	gtk_container_add(GTK_CONTAINER(box), b);
	return b;
}

static void
build_status_window(struct tray *t)
{
	struct status_widgets *sw = t->sw;
	GtkWidget *win, *outer, *top, *texts, *buttons, *digest;

	win = gtk_application_window_new(t->app);
	gtk_window_set_title(GTK_WINDOW(win), _("repwatch"));
	gtk_window_set_icon_name(GTK_WINDOW(win), "repwatch");
	gtk_window_set_default_size(GTK_WINDOW(win), 460, -1);
	gtk_window_set_resizable(GTK_WINDOW(win), FALSE);
	g_signal_connect(win, "delete-event", G_CALLBACK(on_status_window_delete), t);

	outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	gtk_container_set_border_width(GTK_CONTAINER(outer), 16);
	top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	sw->icon = gtk_image_new_from_icon_name("repwatch-quiet", GTK_ICON_SIZE_DIALOG);
	gtk_image_set_pixel_size(GTK_IMAGE(sw->icon), 48);
	gtk_widget_set_valign(sw->icon, GTK_ALIGN_START);
	texts = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
	sw->headline = gtk_label_new(NULL);
	gtk_label_set_xalign(GTK_LABEL(sw->headline), 0);
	gtk_label_set_line_wrap(GTK_LABEL(sw->headline), TRUE);
	sw->detail = gtk_label_new(NULL);
	gtk_label_set_xalign(GTK_LABEL(sw->detail), 0);
	gtk_label_set_line_wrap(GTK_LABEL(sw->detail), TRUE);
	gtk_label_set_max_width_chars(GTK_LABEL(sw->detail), 60);
	gtk_style_context_add_class(gtk_widget_get_style_context(sw->detail), "dim-label");
	gtk_box_pack_start(GTK_BOX(texts), sw->headline, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(texts), sw->detail, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(top), sw->icon, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(top), texts, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(outer), top, FALSE, FALSE, 0);
	sw->progress = gtk_progress_bar_new();
	gtk_widget_set_no_show_all(sw->progress, TRUE);
	gtk_box_pack_start(GTK_BOX(outer), sw->progress, FALSE, FALSE, 0);

	buttons = gtk_flow_box_new();
	gtk_flow_box_set_selection_mode(GTK_FLOW_BOX(buttons), GTK_SELECTION_NONE);
	gtk_flow_box_set_max_children_per_line(GTK_FLOW_BOX(buttons), 3);
	gtk_flow_box_set_homogeneous(GTK_FLOW_BOX(buttons), TRUE);
	action_button(buttons, _("_Scan now"), "app.scan-now");
	action_button(buttons, _("_Recent mentions..."), "app.recent");
	action_button(buttons, _("_Preferences..."), "app.preferences");
	digest = action_button(buttons, _("_Digest preview"), "app.digest-preview");
	gtk_widget_set_name(digest, "digest-preview");
	sw->pause_button = gtk_check_button_new_with_mnemonic(_("P_ause monitoring"));
	gtk_widget_set_name(sw->pause_button, "pause");
	gtk_actionable_set_action_name(GTK_ACTIONABLE(sw->pause_button), "app.pause");
	gtk_container_add(GTK_CONTAINER(buttons), sw->pause_button);
	action_button(buttons, _("_Quit"), "app.quit");
	gtk_box_pack_start(GTK_BOX(outer), buttons, FALSE, FALSE, 0);
	gtk_container_add(GTK_CONTAINER(win), outer);
	gtk_widget_show_all(outer);
	t->status_window = win;
}

/* Bottom right of the screen, where a tray icon would be; the window
 * manager may place it elsewhere. */
static void
place_status_window(GtkWidget *win)
{
	GdkDisplay *d = gdk_display_get_default();
	GdkMonitor *m = d ? gdk_display_get_primary_monitor(d) : NULL;
	GdkRectangle wa;

	if (!m && d)
		m = gdk_display_get_monitor(d, 0);
	if (!m)
		return;
	gdk_monitor_get_workarea(m, &wa);
	/* the window's own size, so its bottom right corner lands there even
	 * with no window manager to apply a gravity (a window not yet shown
	 * once was placed by its top left corner, off the screen) */
	{
		GtkRequisition nat;
		gtk_widget_get_preferred_size(win, NULL, &nat);
		gtk_window_move(GTK_WINDOW(win), MAX(wa.x, wa.x + wa.width - 16 - nat.width),
		                MAX(wa.y, wa.y + wa.height - 16 - nat.height));
	}
}

static gboolean
use_window(const struct tray *t)
{
	return t->force_window || !t->host_present;
}

static void
on_watcher_appeared(GDBusConnection *c, const char *name, const char *owner, gpointer data)
{
	struct tray *t = data;

	(void)c;
	(void)name;
	(void)owner;
	t->host_present = TRUE;
	if (t->status_window && !t->force_window)
		gtk_widget_hide(t->status_window);
	tray_status_update(t);
}

static void
on_watcher_vanished(GDBusConnection *c, const char *name, gpointer data)
{
	struct tray *t = data;

	(void)c;
	(void)name;
	t->host_present = FALSE;
	tray_status_update(t);
	tray_status_present(t);   /* the tray went away: the window takes over */
}

void
tray_status_init(struct tray *t)
{
	GDBusConnection *bus = g_application_get_dbus_connection(G_APPLICATION(t->app));
	AppIndicator *ind;
	const char *icondir = g_getenv("REPWATCH_TRAY_ICON_DIR");

	t->sw = g_new0(struct status_widgets, 1);
	if (icondir)
		gtk_icon_theme_append_search_path(gtk_icon_theme_get_default(), icondir);
	gtk_window_set_default_icon_name("repwatch");

	/* Is there a tray host?  Asked once synchronously so the first frame
	 * is right, then followed as hosts come and go. */
	if (bus) {
		GVariant *r = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
		                                          "org.freedesktop.DBus", "NameHasOwner",
		                                          g_variant_new("(s)", SNI_WATCHER), G_VARIANT_TYPE("(b)"),
		                                          G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
		if (r) {
			g_variant_get(r, "(b)", &t->host_present);
			g_variant_unref(r);
		}
		t->sw->watch_id = g_bus_watch_name_on_connection(bus, SNI_WATCHER, G_BUS_NAME_WATCHER_FLAGS_NONE,
		                                                 on_watcher_appeared, on_watcher_vanished, t, NULL);
	}

	t->menu = build_menu(t);
	g_object_ref_sink(t->menu);
	ind = app_indicator_new("repwatch-tray", "repwatch-quiet", APP_INDICATOR_CATEGORY_APPLICATION_STATUS);
	if (icondir)
		app_indicator_set_icon_theme_path(ind, icondir);
	app_indicator_set_title(ind, _("repwatch"));
	app_indicator_set_menu(ind, GTK_MENU(t->menu));
	app_indicator_set_status(ind, APP_INDICATOR_STATUS_ACTIVE);
	t->indicator = G_OBJECT(ind);
	build_status_window(t);
	tray_status_update(t);
}

void
tray_status_present(struct tray *t)
{
	if (t->status_window && use_window(t))
		gtk_window_present(GTK_WINDOW(t->status_window));
}

void
tray_status_update(struct tray *t)
{
	struct status_widgets *sw = t->sw;
	tray_state st = tray_current_state(t);
	const char *icon = tray_state_icon(st);
	char *text, *detail, *count = NULL;

	if (!sw)
		return;
	text = tray_status_text(t);
	detail = detail_text(t);
	if (st == TRAY_NEW)
		count = g_strdup_printf("%zu", t->new_count);
	if (t->indicator) {
		AppIndicator *ind = APP_INDICATOR(t->indicator);
		app_indicator_set_icon_full(ind, icon, text);
		app_indicator_set_label(ind, count ? count : "", "99999");
	}
	if (sw->menu_status)
		gtk_menu_item_set_label(GTK_MENU_ITEM(sw->menu_status), text);
	if (sw->menu_pause) {
		g_signal_handler_block(sw->menu_pause, sw->menu_pause_handler);
		gtk_check_menu_item_set_active(GTK_CHECK_MENU_ITEM(sw->menu_pause), t->settings.paused);
		g_signal_handler_unblock(sw->menu_pause, sw->menu_pause_handler);
	}
	if (sw->headline) {
		char *markup = g_markup_printf_escaped("<b>%s</b>", text);
		gtk_label_set_markup(GTK_LABEL(sw->headline), markup);
		g_free(markup);
		gtk_label_set_text(GTK_LABEL(sw->detail), detail);
		gtk_widget_set_visible(sw->detail, *detail != '\0');
		gtk_image_set_from_icon_name(GTK_IMAGE(sw->icon), icon, GTK_ICON_SIZE_DIALOG);
		gtk_image_set_pixel_size(GTK_IMAGE(sw->icon), 48);
		gtk_widget_set_visible(sw->progress, t->scanning);
		if (t->scanning)
			gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(sw->progress),
			                              t->scan_total ? (double)t->scan_done / (double)t->scan_total : 0.0);
	}
	if (t->status_window) {
		char *title = st == TRAY_NEW ? g_strdup_printf(_("repwatch (%zu new)"), t->new_count) : g_strdup(_("repwatch"));
		gtk_window_set_title(GTK_WINDOW(t->status_window), title);
		g_free(title);
		gtk_window_set_icon_name(GTK_WINDOW(t->status_window), icon);
		if (use_window(t) && !gtk_widget_get_visible(t->status_window) &&
		    !g_object_get_data(G_OBJECT(t->status_window), "shown-once")) {
			g_object_set_data(G_OBJECT(t->status_window), "shown-once", GINT_TO_POINTER(1));
			place_status_window(t->status_window);
			gtk_widget_show(t->status_window);
		}
	}
	g_free(count);
	g_free(text);
	g_free(detail);
}

void
tray_status_free(struct tray *t)
{
	if (!t->sw)
		return;
	if (t->sw->watch_id)
		g_bus_unwatch_name(t->sw->watch_id);
	g_clear_object(&t->indicator);
	if (t->menu) {
		gtk_widget_destroy(t->menu);
		g_clear_object(&t->menu);
	}
	if (t->status_window)
		gtk_widget_destroy(t->status_window);
	t->status_window = NULL;
	g_free(t->sw);
	t->sw = NULL;
}
