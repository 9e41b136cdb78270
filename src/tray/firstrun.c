/* SPDX-License-Identifier: MIT */
/* firstrun.c - the tray's first run: with no repwatch.conf, a set-up
 * dialog asks for the name, specialty, city and languages and writes the
 * configuration `repwatch init` writes (initconf.h: the same text, made in
 * one place; rw_conffile_write_new: atomic, mode 0600, never over a file).
 * It then lists the sources made, the alert slots left to fill in and the
 * other places where patients talk with how to follow them (the routes of
 * `repwatch sources suggest`), and offers a first scan.
 * Widget names, for the self-test: setup-name, setup-specialty,
 * setup-city, setup-languages, setup-save (Set up), setup-error,
 * setup-summary (the text view of the second page), setup-scan,
 * setup-close.
 */
#include "tray.h"
#include "conffile.h"
#include "initconf.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

struct firstrun {
	struct tray *t;
	GtkWidget *dialog, *page, *name, *specialty, *city, *languages, *error;
};

const char *
tray_ui_lang(void)
{
	const char *const *langs = g_get_language_names();

	return langs && langs[0] && !strncmp(langs[0], "fr", 2) ? "fr" : "en";
}

static GtkWidget *
field(GtkWidget *grid, int row, const char *label, const char *name, const char *hint)
{
	GtkWidget *l = gtk_label_new_with_mnemonic(label), *e = gtk_entry_new();

	gtk_label_set_xalign(GTK_LABEL(l), 1);
	gtk_label_set_mnemonic_widget(GTK_LABEL(l), e);
	gtk_widget_set_name(e, name);
	gtk_widget_set_hexpand(e, TRUE);
	gtk_entry_set_placeholder_text(GTK_ENTRY(e), hint);
	gtk_entry_set_activates_default(GTK_ENTRY(e), TRUE);
	gtk_grid_attach(GTK_GRID(grid), l, 0, row, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), e, 1, row, 1, 1);
	return e;
}

/* the second page: what was written and what is left to do */
static char *
summary_text(const rw_initconf *c, const char *path)
{
	GString *s = g_string_new(NULL);
	const char *lang = tray_ui_lang();
	size_t i;

	g_string_append_printf(s, _("Wrote '%s' for %s."), path, c->name);
	g_string_append_c(s, '\n');
	g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, "%zu source is watched:", "%zu sources are watched:",
	                                      c->nactive), c->nactive);
	g_string_append_c(s, '\n');
	for (i = 0; i < c->nactive; i++)
		g_string_append_printf(s, "  \xe2\x80\xa2 %s\n", c->active[i]->name);
	if (c->nslots) {
		g_string_append_printf(s, "\n%s\n", _("Alerts to create (the instructions are in the configuration):"));
		for (i = 0; i < c->nslots; i++)
			g_string_append_printf(s, "  \xe2\x80\xa2 %s\n", c->slots[i]->name);
	}
	if (rw_sources_nroutes(c->templates)) {
		g_string_append_printf(s, "\n%s\n", _("Other places where patients talk, and how to follow them "
		                                      "('repwatch sources suggest' says more):"));
		for (i = 0; i < rw_sources_nroutes(c->templates); i++) {
			const rw_route *r = rw_sources_route(c->templates, i);
			const char *why = !strcmp(lang, "fr") && r->why_fr ? r->why_fr : r->why;
			g_string_append_printf(s, "  \xe2\x80\xa2 %s", r->name);
			if (why && *why) {
				/* the data's lines are wrapped text: one paragraph here */
				char *flat = g_strdelimit(g_strdup(why), "\n", ' ');
				g_string_append_printf(s, ": %s", flat);
				g_free(flat);
			}
			g_string_append_c(s, '\n');
		}
	}
	return g_string_free(s, FALSE);
}

static void
on_scan(GtkButton *b, gpointer data)
{
	struct firstrun *f = data;

	(void)b;
	tray_scan_start(f->t, FALSE);
	gtk_widget_destroy(f->dialog);
}

static void
show_summary(struct firstrun *f, const rw_initconf *c)
{
	GtkWidget *area = gtk_dialog_get_content_area(GTK_DIALOG(f->dialog)), *view, *sc, *row, *scan, *close;
	char *text = summary_text(c, f->t->config_path);

	gtk_widget_destroy(f->page);
	f->page = NULL;
	/* the first page's buttons go; the second page has its own */
	view = gtk_text_view_new();
	gtk_widget_set_name(view, "setup-summary");
	gtk_text_view_set_editable(GTK_TEXT_VIEW(view), FALSE);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(view), GTK_WRAP_WORD_CHAR);
	gtk_text_view_set_left_margin(GTK_TEXT_VIEW(view), 8);
	gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(view)), text, -1);
	g_free(text);
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_widget_set_size_request(sc, 560, 340);
	gtk_container_add(GTK_CONTAINER(sc), view);
	gtk_box_pack_start(GTK_BOX(area), sc, TRUE, TRUE, 0);
	row = gtk_button_box_new(GTK_ORIENTATION_HORIZONTAL);
	gtk_button_box_set_layout(GTK_BUTTON_BOX(row), GTK_BUTTONBOX_END);
	gtk_box_set_spacing(GTK_BOX(row), 6);
	close = gtk_button_new_with_mnemonic(_("_Close"));
	gtk_widget_set_name(close, "setup-close");
	g_signal_connect_swapped(close, "clicked", G_CALLBACK(gtk_widget_destroy), f->dialog);
	scan = gtk_button_new_with_mnemonic(_("_Scan now"));
	gtk_widget_set_name(scan, "setup-scan");
	g_signal_connect(scan, "clicked", G_CALLBACK(on_scan), f);
	gtk_container_add(GTK_CONTAINER(row), close);
	gtk_container_add(GTK_CONTAINER(row), scan);
	gtk_box_pack_start(GTK_BOX(area), row, FALSE, FALSE, 6);
	gtk_window_set_title(GTK_WINDOW(f->dialog), _("repwatch is set up"));
	gtk_widget_show_all(area);
	/* the first page's buttons go; the second page has its own */
	gtk_widget_hide(gtk_dialog_get_widget_for_response(GTK_DIALOG(f->dialog), GTK_RESPONSE_ACCEPT));
	gtk_widget_hide(gtk_dialog_get_widget_for_response(GTK_DIALOG(f->dialog), GTK_RESPONSE_CANCEL));
	gtk_widget_grab_focus(scan);
}

static void
on_response(GtkDialog *d, int response, gpointer data)
{
	struct firstrun *f = data;
	rw_initconf_request rq = { 0 };
	rw_initconf made;
	rw_err err = { 0 };
	GError *e = NULL;
	char *dir;

	if (response != GTK_RESPONSE_ACCEPT) {
		gtk_widget_destroy(GTK_WIDGET(d));
		return;
	}
	rq.name = gtk_entry_get_text(GTK_ENTRY(f->name));
	rq.specialty = gtk_entry_get_text(GTK_ENTRY(f->specialty));
	rq.city = gtk_entry_get_text(GTK_ENTRY(f->city));
	rq.langs = gtk_entry_get_text(GTK_ENTRY(f->languages));
	rq.lang = tray_ui_lang();
	if (rw_initconf_make(&rq, &made, &err)) {
		gtk_label_set_text(GTK_LABEL(f->error), err.msg);
		gtk_widget_show(f->error);
		return;
	}
	dir = g_path_get_dirname(f->t->config_path);
	g_mkdir_with_parents(dir, 0700);
	g_free(dir);
	if (rw_conffile_write_new(f->t->config_path, made.text, 0, &err) || !tray_reload_config(f->t, &e)) {
		gtk_label_set_text(GTK_LABEL(f->error), err.code ? err.msg : e->message);
		gtk_widget_show(f->error);
		g_clear_error(&e);
		rw_initconf_clear(&made);
		return;
	}
	tray_set_status_line(f->t, NULL);
	tray_schedule(f->t);
	tray_status_update(f->t);
	show_summary(f, &made);
	rw_initconf_clear(&made);
}

static void
on_destroy(GtkWidget *w, gpointer data)
{
	struct firstrun *f = data;

	(void)w;
	f->t->firstrun_dialog = NULL;
	/* what the tray says now, where it can be seen */
	tray_status_present(f->t);
	g_free(f);
}

gboolean
tray_firstrun_needed(const struct tray *t)
{
	return !t->cfg && !g_file_test(t->config_path, G_FILE_TEST_EXISTS);
}

void
tray_firstrun_show(struct tray *t)
{
	struct firstrun *f;
	GtkWidget *area, *grid, *intro, *save;

	if (t->firstrun_dialog) {
		gtk_window_present(GTK_WINDOW(t->firstrun_dialog));
		return;
	}
	f = g_new0(struct firstrun, 1);
	f->t = t;
	f->dialog = gtk_dialog_new_with_buttons(_("Set up repwatch"), NULL, 0, _("_Later"), GTK_RESPONSE_CANCEL,
	                                        _("_Set up"), GTK_RESPONSE_ACCEPT, NULL);
	t->firstrun_dialog = f->dialog;
	gtk_widget_set_name(f->dialog, "firstrun");
	save = gtk_dialog_get_widget_for_response(GTK_DIALOG(f->dialog), GTK_RESPONSE_ACCEPT);
	gtk_widget_set_name(save, "setup-save");
	gtk_dialog_set_default_response(GTK_DIALOG(f->dialog), GTK_RESPONSE_ACCEPT);
	area = gtk_dialog_get_content_area(GTK_DIALOG(f->dialog));
	gtk_container_set_border_width(GTK_CONTAINER(area), 12);
	f->page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 10);
	gtk_box_pack_start(GTK_BOX(area), f->page, TRUE, TRUE, 0);
	intro = gtk_label_new(_("repwatch watches what is said about you online: reviews, news, forums. "
	                        "Tell it who you are; it picks the sources for you (the same as 'repwatch init')."));
	gtk_label_set_line_wrap(GTK_LABEL(intro), TRUE);
	gtk_label_set_max_width_chars(GTK_LABEL(intro), 60);
	gtk_label_set_xalign(GTK_LABEL(intro), 0);
	gtk_box_pack_start(GTK_BOX(f->page), intro, FALSE, FALSE, 0);
	grid = gtk_grid_new();
	gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
	f->name = field(grid, 0, _("_Name:"), "setup-name", _("Dr Firstname Surname"));
	f->specialty = field(grid, 1, _("S_pecialty:"), "setup-specialty", _("for example dermatologist"));
	f->city = field(grid, 2, _("_City:"), "setup-city", _("the city of practice"));
	f->languages = field(grid, 3, _("_Languages:"), "setup-languages", "fr,en");
	gtk_entry_set_text(GTK_ENTRY(f->languages), "fr,en");
	gtk_box_pack_start(GTK_BOX(f->page), grid, FALSE, FALSE, 0);
	f->error = gtk_label_new(NULL);
	gtk_widget_set_name(f->error, "setup-error");
	gtk_label_set_line_wrap(GTK_LABEL(f->error), TRUE);
	gtk_label_set_xalign(GTK_LABEL(f->error), 0);
	gtk_style_context_add_class(gtk_widget_get_style_context(f->error), "error");
	gtk_box_pack_start(GTK_BOX(f->page), f->error, FALSE, FALSE, 0);
	g_signal_connect(f->dialog, "response", G_CALLBACK(on_response), f);
	g_signal_connect(f->dialog, "destroy", G_CALLBACK(on_destroy), f);
	gtk_widget_show_all(f->dialog);
	gtk_widget_hide(f->error);
	gtk_application_add_window(t->app, GTK_WINDOW(f->dialog));
}
