/* SPDX-License-Identifier: MIT */
/* prefs.c - the Preferences dialog.
 *
 * Edits repwatch.conf as text with the core's editor (conffile.h, the one
 * `repwatch init` and `sources add` use: comments and everything it does
 * not show are kept, the same checks and limits): the practitioner profile ([practitioner] name,
 * variants, specialty, city), the [source NAME] sections (add, remove,
 * test: one fetch read and judged by the scan's own step, read.h), quiet hours ([notify] quiet_hours) and the digest's address and
 * SMTP server ([digest] to, server); and tray.ini's scan interval.
 * Saving (rw_conffile_save) writes a temporary file, has the core load it
 * (rw_config_load: the same checks as every scan), keeps repwatch.conf.bak
 * and renames;
 * then the tray swaps in the new configuration, without a restart.  A
 * refused file changes nothing and the core's message is shown.
 * Sources listed in OPML files ([sources] opml) are not edited here.
 */
#include "tray.h"
#include "collect.h"
#include "conffile.h"
#include "fetch.h"
#include "paging.h"
#include "read.h"
#include "reason.h"
#include "scheduler.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

enum { S_NAME, S_URL, S_CATEGORY, S_NCOLS };

struct prefs {
	struct tray *t;
	GtkWidget *dialog, *error_bar, *error_label;
	GtkWidget *name, *variants, *specialty, *city;
	GtkListStore *sources;
	GtkWidget *source_view, *new_name, *new_url, *new_category, *test_label;
	GtkWidget *interval, *quiet_hours, *digest_to, *smtp_server;
	char *practitioner_section;
	gboolean testing;
};


static void
show_error(struct prefs *p, const char *msg)
{
	gtk_label_set_text(GTK_LABEL(p->error_label), msg);
	gtk_widget_set_visible(p->error_bar, msg != NULL);
}

GtkWidget *
tray_entry_row(GtkWidget *grid, int row, const char *label, const char *id, const char *placeholder, const char *value)
{
	GtkWidget *l = gtk_label_new_with_mnemonic(label), *e = gtk_entry_new();

	gtk_label_set_xalign(GTK_LABEL(l), 1);
	gtk_label_set_mnemonic_widget(GTK_LABEL(l), e);
	gtk_widget_set_name(e, id);
	gtk_widget_set_hexpand(e, TRUE);
	if (placeholder)
		gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
	gtk_entry_set_text(GTK_ENTRY(e), value ? value : "");
	gtk_grid_attach(GTK_GRID(grid), l, 0, row, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), e, 1, row, 1, 1);
	return e;
}

GtkWidget *
tray_form_grid(void)
{
	GtkWidget *g = gtk_grid_new();

	gtk_grid_set_row_spacing(GTK_GRID(g), 6);
	gtk_grid_set_column_spacing(GTK_GRID(g), 10);
	gtk_container_set_border_width(GTK_CONTAINER(g), 12);
	return g;
}

static char *
get(const rw_conffile *f, const char *section, const char *key)
{
	return f ? rw_conffile_get(f, section, key) : NULL;
}

/* A value or name the configuration cannot hold: the core's reason, after
 * words in the user's language. */
static void
show_refused(struct prefs *p, const rw_err *err)
{
	char *msg = g_strdup_printf(_("This cannot be saved in the configuration: %s"), err->msg);

	show_error(p, msg);
	g_free(msg);
}

/* ---- sources ---- */

static void
on_add_source(GtkButton *b, gpointer data)
{
	struct prefs *p = data;
	const char *name = gtk_entry_get_text(GTK_ENTRY(p->new_name));
	const char *url = gtk_entry_get_text(GTK_ENTRY(p->new_url));
	const char *cat = gtk_combo_box_get_active_id(GTK_COMBO_BOX(p->new_category));
	char *n = g_strstrip(g_strdup(name)), *u = g_strstrip(g_strdup(url));
	rw_err err = { 0 };
	GtkTreeIter it;
	gboolean more;

	(void)b;
	if (!*u || rw_conffile_check_url(u, NULL)) {
		show_error(p, _("A source needs an address that starts with https://, http:// or file://."));
		goto out;
	}
	if (!*n) {
		g_free(n);
		n = g_strdup(u);
	}
	/* the checks `repwatch sources add` makes: a name libinih would cut is
	 * refused, not saved cut */
	if (rw_conffile_check_name(n, &err) || rw_conffile_check_url(u, &err)) {
		show_refused(p, &err);
		goto out;
	}
	more = gtk_tree_model_get_iter_first(GTK_TREE_MODEL(p->sources), &it);
	for (; more; more = gtk_tree_model_iter_next(GTK_TREE_MODEL(p->sources), &it)) {
		char *have;
		gboolean same;
		gtk_tree_model_get(GTK_TREE_MODEL(p->sources), &it, S_NAME, &have, -1);
		same = !strcmp(have, n);
		g_free(have);
		if (same) {
			show_error(p, _("There is already a source with this name."));
			goto out;
		}
	}
	gtk_list_store_insert_with_values(p->sources, NULL, -1, S_NAME, n, S_URL, u, S_CATEGORY, cat ? cat : "", -1);
	gtk_entry_set_text(GTK_ENTRY(p->new_name), "");
	gtk_entry_set_text(GTK_ENTRY(p->new_url), "");
	show_error(p, NULL);
out:
	g_free(n);
	g_free(u);
}

/* The Google listing picker saved a source: list it (a later Save keeps
 * its section, whose keys are in the file already). */
static void
on_listing_added(const char *name, const char *url, const char *title, void *data)
{
	struct prefs *p = data;
	char *msg = g_strdup_printf(_("Added source '%s': the Google reviews of %s."), name, title);

	gtk_list_store_insert_with_values(p->sources, NULL, -1, S_NAME, name, S_URL, url, S_CATEGORY, "review", -1);
	gtk_label_set_text(GTK_LABEL(p->test_label), msg);
	show_error(p, NULL);
	g_free(msg);
}

static void
on_add_google(GtkButton *b, gpointer data)
{
	struct prefs *p = data;

	(void)b;
	tray_listing_show(p->t, GTK_WINDOW(p->dialog), on_listing_added, p);
}

static void
on_remove_source(GtkButton *b, gpointer data)
{
	struct prefs *p = data;
	GtkTreeIter it;

	(void)b;
	if (gtk_tree_selection_get_selected(gtk_tree_view_get_selection(GTK_TREE_VIEW(p->source_view)), NULL, &it))
		gtk_list_store_remove(p->sources, &it);
}

/* Testing a source: one fetch, read and judged by the core's rw_read() (the
 * scan's own step), in a worker thread.  The analyser (matchers, myths,
 * lexicons, and the not-me rules from the tray's database) is made on the
 * main thread, which owns that connection. */
#define TEST_ITEMS_SHOWN 5

struct source_test {
	struct prefs *p;
	char *url, *category, *template_id;
	rw_fetch_settings fetch;
	tray_cfg *cfg;              /* a reference; NULL when repwatch.conf does not load */
	rw_config none;             /* no practitioner: the items are read, none is kept */
	rw_analyser *analyser;
	rw_read_source how;
	const rw_source *collected; /* a saved source of a collected kind (collect.h:
	                               a mailbox, her Google listing), in cfg; or NULL */
	char *result;
};

/* How many pages of a list were read, and why no more (paging.h). */
static void
test_pages_words(GString *out, const rw_paging *p)
{
	char *count = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu page read", "%zu pages read", p->pages),
	                              p->pages);
	char *why, err[1400];

	switch (p->end) {
	case RW_PAGING_CAP:
		why = g_strdup(_("the most a scan reads; deleted reviews are not looked for."));
		break;
	case RW_PAGING_ELSEWHERE:
		/* TRANSLATORS: %s is the address of a page of reviews */
		why = g_strdup_printf(_("the next page, %s, is on another site and is not followed."), p->link);
		break;
	case RW_PAGING_LOOP:
		why = g_strdup_printf(_("the next page, %s, was read already (the pages loop)."), p->link);
		break;
	case RW_PAGING_BAD_LINK:
		why = g_strdup(_("the next page's link is not a web address."));
		break;
	case RW_PAGING_FAILED:
		/* TRANSLATORS: the address of a page of reviews, then what went wrong */
		why = g_strdup_printf(_("the next page, %s, could not be read: %s"), p->link,
		                      rw_reason_render(p->error, 1, err, sizeof(err)));
		break;
	default:
		why = g_strdup(_("the whole list."));
		break;
	}
	g_string_append_c(out, ' ');
	g_string_append_printf(out, _("%s: %s"), count, why);
	g_free(count);
	g_free(why);
}

/* What rw_read() made of the body, in a line or a few. */
static char *
test_words(const rw_read_result *rd, const rw_paging *pages)
{
	GString *out;
	size_t i, shown = 0;

	if (!rd->feed || rd->failed)
		return g_strdup_printf(_("Failed: %s"), rd->error);
	out = g_string_new(NULL);
	g_string_append_printf(out, g_dngettext(GETTEXT_PACKAGE, "Works: %zu item (%s).", "Works: %zu items (%s).",
	                                        rd->feed->nitems),
	                       rd->feed->nitems, rd->feed->format ? rd->feed->format : "?");
	if (pages)
		test_pages_words(out, pages);
	if (rd->np) {
		g_string_append_c(out, ' ');
		g_string_append_printf(out, g_dngettext(GETTEXT_PACKAGE, "%zu is about you:", "%zu are about you:",
		                                        rd->kept),
		                       rd->kept);
	}
	for (i = 0; i < rd->feed->nitems && shown < TEST_ITEMS_SHOWN; i++) {
		const rw_item *it = &rd->feed->items[i];
		const rw_analysis *an = NULL;
		size_t p;
		for (p = 0; p < rd->np && !an; p++)
			if (rw_read_analysis(rd, i, p)->store)
				an = rw_read_analysis(rd, i, p);
		if (!an)
			continue;
		g_string_append_c(out, '\n');
		/* TRANSLATORS: an item a test of a source found: its category, its title */
		g_string_append_printf(out, _("%s: %s"), tray_category_label(rw_category_name(an->cl.category)),
		                       it->title && *it->title ? it->title : _("(no title)"));
		shown++;
	}
	if (rd->kept > shown) {
		g_string_append_c(out, '\n');
		g_string_append_printf(out, g_dngettext(GETTEXT_PACKAGE, "and %zu more", "and %zu more", rd->kept - shown),
		                       rd->kept - shown);
	}
	return g_string_free(out, FALSE);
}

static void
test_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	struct source_test *st = data;
	rw_err err = { 0 }, terr = { 0 };
	rw_sources *templates = st->template_id ? rw_read_templates(&terr) : NULL;
	rw_paging_test pt;

	(void)source;
	(void)cancel;
	if (st->collected) {
		/* collected and judged as `repwatch sources test NAME` does: as a
		 * first scan would, nothing remembered, nothing stored */
		const rw_config *cfg = st->cfg->cfg;
		rw_collect_in in = { st->collected, &st->fetch, cfg->path, cfg->digest.password_private, NULL, NULL };
		rw_collect_out out;
		rw_read_result rd;
		char why[1536];

		if (rw_collect_run(&in, &out)) {
			st->result = g_strdup_printf(_("Failed: %s"), rw_reason_render(out.error, 1, why, sizeof(why)));
		} else {
			rw_read_source_init(&st->how, st->url, st->category, NULL, NULL, NULL);
			rw_read_feed(st->analyser, &st->how, out.feed, &rd);   /* rd takes the feed, even on failure */
			out.feed = NULL;
			st->result = test_words(&rd, NULL);
			rw_read_result_clear(&rd);
		}
		rw_collect_out_clear(&out);
		rw_sources_free(&templates);
		g_task_return_boolean(task, TRUE);
		return;
	}
	rw_read_source_init(&st->how, st->url, st->category, st->template_id, templates, terr.msg);
	/* the address the person typed or chose here, as `repwatch sources test
	 * URL` reads it: its own host may be inside (an intranet page); a list's
	 * next pages are followed as the scan follows them (paging.h) */
	if (rw_paging_test_source(st->analyser, &st->how, &st->fetch, st->url,
	                          RW_FETCH_ALLOW_FILE | RW_FETCH_ALLOW_PRIVATE, NULL, &pt, &err) == RW_OK) {
		char why[1536];
		if (!pt.fetched)
			st->result = g_strdup_printf(_("Failed: %s"), rw_reason_render(pt.error, 1, why, sizeof(why)));
		else
			st->result = test_words(&pt.read, st->how.page && st->how.rules.next ? &pt.paging : NULL);
	}
	if (!st->result)
		st->result = g_strdup_printf(_("Failed: %s"), err.code ? err.msg : _("no answer"));
	rw_paging_test_clear(&pt);
	rw_sources_free(&templates);
	g_task_return_boolean(task, TRUE);
}

static void
prefs_free(struct prefs *p)
{
	g_object_unref(p->sources);
	g_free(p->practitioner_section);
	g_free(p);
}

static void
test_done(GObject *source, GAsyncResult *res, gpointer data)
{
	struct source_test *st = data;
	struct prefs *p = st->p;

	(void)source;
	(void)res;
	p->testing = FALSE;
	if (p->dialog) {
		gtk_label_set_text(GTK_LABEL(p->test_label), st->result);
		g_object_set_data(G_OBJECT(p->dialog), "selftest-busy", NULL);
	} else {
		prefs_free(p);   /* the dialog closed meanwhile */
	}
	rw_analyser_free(&st->analyser);
	tray_cfg_unref(st->cfg);
	g_free(st->fetch.user_agent);
	g_free(st->url);
	g_free(st->category);
	g_free(st->template_id);
	g_free(st->result);
	g_free(st);
}

static void
on_test_source(GtkButton *b, gpointer data)
{
	struct prefs *p = data;
	struct source_test *st;
	rw_err problem = { 0 };
	GtkTreeIter it;
	GTask *task;
	char *name = NULL;
	size_t i;

	(void)b;
	if (p->testing)
		return;
	if (!gtk_tree_selection_get_selected(gtk_tree_view_get_selection(GTK_TREE_VIEW(p->source_view)), NULL, &it)) {
		gtk_label_set_text(GTK_LABEL(p->test_label), _("Select a source to test."));
		return;
	}
	st = g_new0(struct source_test, 1);
	st->p = p;
	gtk_tree_model_get(GTK_TREE_MODEL(p->sources), &it, S_NAME, &name, S_URL, &st->url, S_CATEGORY, &st->category,
	                   -1);
	if (st->category && !*st->category)
		g_clear_pointer(&st->category, g_free);
	if (p->t->cfg) {
		const rw_config *cfg = p->t->cfg->cfg;
		st->cfg = tray_cfg_ref(p->t->cfg);
		st->fetch = cfg->fetch;
		st->fetch.user_agent = g_strdup(st->fetch.user_agent);
		/* a saved source is read as its template says (a page or a feed) */
		for (i = 0; i < cfg->nsources; i++)
			if (!g_strcmp0(cfg->sources[i].name, name) && !g_strcmp0(cfg->sources[i].url, st->url)) {
				st->template_id = g_strdup(cfg->sources[i].template_id);
				if (rw_collect_of(&cfg->sources[i]))
					st->collected = &cfg->sources[i];
			}
	} else {
		rw_fetch_settings_default(&st->fetch);
	}
	g_free(name);
	st->analyser = rw_analyser_new(st->cfg ? st->cfg->cfg : &st->none, &problem);
	if (st->analyser && p->t->store && st->cfg && rw_analyser_learn(st->analyser, p->t->store, &problem))
		g_warning("%s", problem.msg);
	if (!st->analyser) {
		char *msg = g_strdup_printf(_("Failed: %s"), _("out of memory"));
		gtk_label_set_text(GTK_LABEL(p->test_label), msg);
		g_free(msg);
		tray_cfg_unref(st->cfg);
		g_free(st->fetch.user_agent);
		g_free(st->url);
		g_free(st->category);
		g_free(st->template_id);
		g_free(st);
		return;
	}
	p->testing = TRUE;
	gtk_label_set_text(GTK_LABEL(p->test_label), _("Testing..."));
	/* the self-test dump waits for the answer (selftest.c) */
	g_object_set_data(G_OBJECT(p->dialog), "selftest-busy", GINT_TO_POINTER(1));
	task = g_task_new(NULL, NULL, test_done, st);
	g_task_set_task_data(task, st, NULL);
	g_task_run_in_thread(task, test_thread);
	g_object_unref(task);
}

static GtkWidget *
build_sources_page(struct prefs *p, const rw_conffile *f)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6), *sc, *row, *grid, *b;
	GtkCellRenderer *cell;
	char **names = f ? rw_conffile_sections(f, "source ") : NULL, **n;
	size_t i;

	gtk_container_set_border_width(GTK_CONTAINER(box), 12);
	p->sources = gtk_list_store_new(S_NCOLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
	for (n = names; n && *n; n++) {
		char *url = get(f, *n, "url"), *cat = get(f, *n, "category");
		gtk_list_store_insert_with_values(p->sources, NULL, -1, S_NAME, *n + 7, S_URL, url ? url : "",
		                                  S_CATEGORY, cat ? cat : "", -1);
		free(url);
		free(cat);
	}
	rw_conffile_names_free(&names);
	p->source_view = gtk_tree_view_new_with_model(GTK_TREE_MODEL(p->sources));
	gtk_widget_set_name(p->source_view, "sources");
	cell = gtk_cell_renderer_text_new();
	gtk_tree_view_append_column(GTK_TREE_VIEW(p->source_view),
	                            gtk_tree_view_column_new_with_attributes(_("Name"), cell, "text", S_NAME, NULL));
	cell = gtk_cell_renderer_text_new();
	g_object_set(cell, "ellipsize", PANGO_ELLIPSIZE_MIDDLE, NULL);
	gtk_tree_view_append_column(GTK_TREE_VIEW(p->source_view),
	                            gtk_tree_view_column_new_with_attributes(_("Address"), cell, "text", S_URL, NULL));
	gtk_tree_view_column_set_expand(gtk_tree_view_get_column(GTK_TREE_VIEW(p->source_view), 1), TRUE);
	cell = gtk_cell_renderer_text_new();
	gtk_tree_view_append_column(GTK_TREE_VIEW(p->source_view),
	                            gtk_tree_view_column_new_with_attributes(_("Kind"), cell, "text", S_CATEGORY, NULL));
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_shadow_type(GTK_SCROLLED_WINDOW(sc), GTK_SHADOW_IN);
	gtk_widget_set_size_request(sc, -1, 150);
	gtk_container_add(GTK_CONTAINER(sc), p->source_view);
	gtk_box_pack_start(GTK_BOX(box), sc, TRUE, TRUE, 0);

	row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	b = gtk_button_new_with_mnemonic(_("_Remove"));
	gtk_widget_set_name(b, "remove-source");
	g_signal_connect(b, "clicked", G_CALLBACK(on_remove_source), p);
	gtk_box_pack_start(GTK_BOX(row), b, FALSE, FALSE, 0);
	b = gtk_button_new_with_mnemonic(_("_Test"));
	gtk_widget_set_name(b, "test-source");
	g_signal_connect(b, "clicked", G_CALLBACK(on_test_source), p);
	gtk_box_pack_start(GTK_BOX(row), b, FALSE, FALSE, 0);
	p->test_label = gtk_label_new(NULL);
	gtk_widget_set_name(p->test_label, "test-result");
	gtk_label_set_ellipsize(GTK_LABEL(p->test_label), PANGO_ELLIPSIZE_END);
	gtk_box_pack_start(GTK_BOX(row), p->test_label, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(box), row, FALSE, FALSE, 0);

	grid = tray_form_grid();
	gtk_container_set_border_width(GTK_CONTAINER(grid), 0);
	p->new_name = tray_entry_row(grid, 0, _("N_ew source:"), "new-source-name", _("a name, e.g. Local news"), NULL);
	p->new_url = tray_entry_row(grid, 1, _("Addr_ess:"), "new-source-url", "https://example.org/feed.xml", NULL);
	p->new_category = gtk_combo_box_text_new();
	gtk_widget_set_name(p->new_category, "new-source-category");
	gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(p->new_category), "", _("(let repwatch decide)"));
	for (i = 0; i < RW_NCATEGORIES; i++) {
		const char *name = rw_category_name(rw_category_at(i));
		if (rw_category_source_ok(name))
			gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(p->new_category), name, tray_category_label(name));
	}
	gtk_combo_box_set_active(GTK_COMBO_BOX(p->new_category), 0);
	gtk_grid_attach(GTK_GRID(grid), p->new_category, 1, 2, 1, 1);
	b = gtk_button_new_with_mnemonic(_("_Add"));
	gtk_widget_set_name(b, "add-source");
	g_signal_connect(b, "clicked", G_CALLBACK(on_add_source), p);
	gtk_grid_attach(GTK_GRID(grid), b, 2, 2, 1, 1);
	gtk_box_pack_start(GTK_BOX(box), grid, FALSE, FALSE, 0);
	row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	b = gtk_button_new_with_mnemonic(_("Add your _Google listing..."));
	gtk_widget_set_name(b, "add-google");
	gtk_widget_set_tooltip_text(b, _("Read the reviews of your own Google Business Profile listing through "
	                                 "Google's API"));
	g_signal_connect(b, "clicked", G_CALLBACK(on_add_google), p);
	gtk_box_pack_end(GTK_BOX(row), b, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), row, FALSE, FALSE, 0);
	return box;
}

/* ---- saving ---- */

static gboolean
set_checked(rw_conffile *f, const char *section, const char *key, const char *value, GString *problems)
{
	char *v = g_strstrip(g_strdup(value ? value : ""));
	rw_err err = { 0 };
	gboolean ok = rw_conffile_set(f, section, key, v, &err) == RW_OK;

	if (!ok)
		g_string_append_printf(problems, "[%s] %s: %s\n", section, key, err.msg);
	g_free(v);
	return ok;
}

/* Set key only when the user typed something or the file had it (so that an
 * untouched empty field adds no section the core may not know). */
static void
set_optional(rw_conffile *f, const char *section, const char *key, GtkWidget *entry, GString *problems)
{
	const char *v = gtk_entry_get_text(GTK_ENTRY(entry));
	char *had = rw_conffile_get(f, section, key);

	if (*v || had)
		set_checked(f, section, key, v, problems);
	free(had);
}

static gboolean
prefs_save(struct prefs *p)
{
	struct tray *t = p->t;
	GString *problems = g_string_new(NULL);
	rw_conffile *f;
	rw_err err = { 0 };
	GError *e = NULL;
	char **old, **o;
	GtkTreeIter it;
	gboolean more, ok = FALSE;
	const char *name = gtk_entry_get_text(GTK_ENTRY(p->name)), *to = gtk_entry_get_text(GTK_ENTRY(p->digest_to));

	{
		char *n = g_strstrip(g_strdup(name));
		gboolean empty = !*n;
		g_free(n);
		if (empty) {
			show_error(p, _("The practitioner needs a name, e.g. Jeanne Dupont."));
			g_string_free(problems, TRUE);
			return FALSE;
		}
	}
	if (*to && !strchr(to, '@')) {
		show_error(p, _("The digest address must be an e-mail address, e.g. jeanne.dupont@example.org."));
		g_string_free(problems, TRUE);
		return FALSE;
	}
	f = rw_conffile_open_or_empty(t->config_path, &err);
	if (!f) {
		show_error(p, err.msg);
		g_string_free(problems, TRUE);
		return FALSE;
	}
	set_checked(f, p->practitioner_section, "name", name, problems);
	set_optional(f, p->practitioner_section, "variants", p->variants, problems);
	set_optional(f, p->practitioner_section, "specialty", p->specialty, problems);
	set_optional(f, p->practitioner_section, "city", p->city, problems);

	/* sources: remove the sections no longer listed, then set the others */
	old = rw_conffile_sections(f, "source ");
	for (o = old; o && *o; o++) {
		gboolean keep = FALSE;
		more = gtk_tree_model_get_iter_first(GTK_TREE_MODEL(p->sources), &it);
		for (; more && !keep; more = gtk_tree_model_iter_next(GTK_TREE_MODEL(p->sources), &it)) {
			char *n;
			gtk_tree_model_get(GTK_TREE_MODEL(p->sources), &it, S_NAME, &n, -1);
			keep = !strcmp(n, *o + 7);
			g_free(n);
		}
		if (!keep && rw_conffile_remove_section(f, *o, &err))
			g_string_append_printf(problems, "[%s]: %s\n", *o, err.msg);
	}
	rw_conffile_names_free(&old);
	more = gtk_tree_model_get_iter_first(GTK_TREE_MODEL(p->sources), &it);
	for (; more; more = gtk_tree_model_iter_next(GTK_TREE_MODEL(p->sources), &it)) {
		char *n, *u, *c, *section;
		gtk_tree_model_get(GTK_TREE_MODEL(p->sources), &it, S_NAME, &n, S_URL, &u, S_CATEGORY, &c, -1);
		section = g_strconcat("source ", n, NULL);
		set_checked(f, section, "url", u, problems);
		set_checked(f, section, "category", c, problems);
		g_free(section);
		g_free(n);
		g_free(u);
		g_free(c);
	}
	set_optional(f, "notify", "quiet_hours", p->quiet_hours, problems);
	set_optional(f, "digest", "to", p->digest_to, problems);
	set_optional(f, "digest", "server", p->smtp_server, problems);

	if (problems->len) {
		show_error(p, problems->str);
	} else if (rw_conffile_save(f, &err)) {
		char *msg = g_strdup_printf(_("Not saved: %s"), err.msg);
		show_error(p, msg);
		g_free(msg);
	} else {
		/* the file loaded once already; reload it as the tray's own */
		if (!tray_reload_config(t, &e)) {
			show_error(p, e->message);
			g_error_free(e);
		} else {
			t->settings.interval_hours = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(p->interval));
			if (!tray_settings_save(t->settings_path, &t->settings, &e)) {
				show_error(p, e->message);
				g_error_free(e);
			} else {
				ok = TRUE;
			}
			tray_set_status_line(t, _("Preferences saved."));
			tray_schedule(t);
			tray_count_changes(t);
			tray_status_update(t);
		}
	}
	rw_conffile_free(&f);
	g_string_free(problems, TRUE);
	return ok;
}

static void
on_response(GtkDialog *d, int response, gpointer data)
{
	struct prefs *p = data;

	if (response == GTK_RESPONSE_ACCEPT && !prefs_save(p))
		return;   /* stay open with the message */
	p->t->prefs_dialog = NULL;
	p->dialog = NULL;
	gtk_widget_destroy(GTK_WIDGET(d));
	if (!p->testing)
		prefs_free(p);
}

void
tray_prefs_show(struct tray *t)
{
	struct prefs *p;
	rw_conffile *f;
	GtkWidget *content, *nb, *grid, *l, *box;
	rw_err err = { 0 };
	char **pracs, *v;

	if (t->prefs_dialog) {
		gtk_window_present(GTK_WINDOW(t->prefs_dialog));
		return;
	}
	p = g_new0(struct prefs, 1);
	p->t = t;
	f = rw_conffile_open_or_empty(t->config_path, &err);
	pracs = f ? rw_conffile_sections(f, "practitioner") : NULL;
	/* the first [practitioner] or [practitioner ID] section */
	p->practitioner_section = g_strdup(pracs && pracs[0] ? pracs[0] : "practitioner");
	rw_conffile_names_free(&pracs);

	p->dialog = gtk_dialog_new_with_buttons(_("Preferences - repwatch"), NULL, 0, _("_Cancel"),
	                                        GTK_RESPONSE_CANCEL, _("_Save"), GTK_RESPONSE_ACCEPT, NULL);
	gtk_application_add_window(t->app, GTK_WINDOW(p->dialog));
	gtk_widget_set_name(gtk_dialog_get_widget_for_response(GTK_DIALOG(p->dialog), GTK_RESPONSE_ACCEPT), "save");
	gtk_dialog_set_default_response(GTK_DIALOG(p->dialog), GTK_RESPONSE_ACCEPT);
	gtk_window_set_default_size(GTK_WINDOW(p->dialog), 620, 480);
	content = gtk_dialog_get_content_area(GTK_DIALOG(p->dialog));

	p->error_bar = gtk_info_bar_new();
	gtk_info_bar_set_message_type(GTK_INFO_BAR(p->error_bar), GTK_MESSAGE_ERROR);
	p->error_label = gtk_label_new(NULL);
	gtk_widget_set_name(p->error_label, "error");
	gtk_label_set_line_wrap(GTK_LABEL(p->error_label), TRUE);
	gtk_label_set_xalign(GTK_LABEL(p->error_label), 0);
	gtk_container_add(GTK_CONTAINER(gtk_info_bar_get_content_area(GTK_INFO_BAR(p->error_bar))), p->error_label);
	gtk_box_pack_start(GTK_BOX(content), p->error_bar, FALSE, FALSE, 0);
	nb = gtk_notebook_new();
	gtk_box_pack_start(GTK_BOX(content), nb, TRUE, TRUE, 0);

	grid = tray_form_grid();
	v = get(f, p->practitioner_section, "name");
	p->name = tray_entry_row(grid, 0, _("_Name:"), "name", _("e.g. Jeanne Dupont"), v);
	free(v);
	v = get(f, p->practitioner_section, "variants");
	p->variants = tray_entry_row(grid, 1, _("Other _spellings:"), "variants", _("comma-separated, e.g. J. Dupont"), v);
	free(v);
	v = get(f, p->practitioner_section, "specialty");
	p->specialty = tray_entry_row(grid, 2, _("S_pecialty:"), "specialty", _("e.g. dermatology"), v);
	free(v);
	v = get(f, p->practitioner_section, "city");
	p->city = tray_entry_row(grid, 3, _("_City:"), "city", _("e.g. Lyon"), v);
	free(v);
	gtk_notebook_append_page(GTK_NOTEBOOK(nb), grid, gtk_label_new(_("Practitioner")));

	gtk_notebook_append_page(GTK_NOTEBOOK(nb), build_sources_page(p, f), gtk_label_new(_("Sources")));

	grid = tray_form_grid();
	l = gtk_label_new_with_mnemonic(_("Scan _every (hours):"));
	gtk_label_set_xalign(GTK_LABEL(l), 1);
	p->interval = gtk_spin_button_new_with_range(TRAY_INTERVAL_MIN, TRAY_INTERVAL_MAX, 1);
	gtk_widget_set_name(p->interval, "interval");
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(p->interval), t->settings.interval_hours);
	gtk_label_set_mnemonic_widget(GTK_LABEL(l), p->interval);
	gtk_grid_attach(GTK_GRID(grid), l, 0, 0, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), p->interval, 1, 0, 1, 1);
	{
		rw_scheduler sch;
		char *who = rw_scheduler_detect(&sch) ? tray_scheduler_text(sch.who) : NULL;
		/* the interval is the tray's own schedule, which then does not run */
		if (who) {
			GtkWidget *sl = gtk_label_new(who);
			gtk_widget_set_name(sl, "scheduler");
			gtk_label_set_line_wrap(GTK_LABEL(sl), TRUE);
			gtk_label_set_xalign(GTK_LABEL(sl), 0);
			gtk_widget_set_sensitive(p->interval, FALSE);
			gtk_grid_attach(GTK_GRID(grid), sl, 0, 5, 2, 1);
			g_free(who);
		}
	}
	v = get(f, "notify", "quiet_hours");
	p->quiet_hours = tray_entry_row(grid, 1, _("_Quiet hours:"), "quiet-hours", _("e.g. Mon-Fri 08:00-19:00"), v);
	free(v);
	v = get(f, "digest", "to");
	p->digest_to = tray_entry_row(grid, 2, _("_Digest to:"), "digest-to", _("e-mail address for the weekly digest"), v);
	free(v);
	v = get(f, "digest", "server");
	p->smtp_server = tray_entry_row(grid, 3, _("SMTP _server:"), "smtp-server", "smtp://mail.example.org:587", v);
	free(v);
	l = gtk_label_new(_("The SMTP password goes in the configuration file (readable only by you) or in a "
	                    "password file; see repwatch.conf(5)."));
	gtk_label_set_line_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_style_context_add_class(gtk_widget_get_style_context(l), "dim-label");
	gtk_grid_attach(GTK_GRID(grid), l, 0, 4, 2, 1);
	box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	gtk_box_pack_start(GTK_BOX(box), grid, FALSE, FALSE, 0);
	gtk_notebook_append_page(GTK_NOTEBOOK(nb), box, gtk_label_new(_("Schedule and digest")));

	g_signal_connect(p->dialog, "response", G_CALLBACK(on_response), p);
	gtk_widget_show_all(p->dialog);
	{
		/* a configuration that does not load says where (file:line), as
		 * a scan would: the dialog edits it, the error stays visible */
		rw_err lerr = { 0 };
		rw_config *lc = NULL;
		char *msg = NULL;
		if (f && g_file_test(t->config_path, G_FILE_TEST_EXISTS) && !(lc = rw_config_load(t->config_path, &lerr)))
			msg = g_strdup_printf(_("The configuration does not load: %s"), lerr.msg);
		rw_config_free(&lc);
		show_error(p, f ? msg : err.msg);
		g_free(msg);
	}
	rw_conffile_free(&f);
	t->prefs_dialog = p->dialog;
}
