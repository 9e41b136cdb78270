/* SPDX-License-Identifier: MIT */
/* listing.c - Preferences' "Add your Google listing": the owner's consent
 * in her browser (the loopback flow of oauth.h: the address opened in the
 * desktop's browser and shown to copy), the listings her account can read
 * (gbp.h), her pick, and the source written with the core's editor
 * (conffile.h, rw_gbpadd_source: the keys `repwatch sources add
 * --google-business` writes).  The waiting and the API calls run in a
 * worker thread; the dialog stays responsive and Cancel stops the wait.
 */
#include "tray.h"
#include "conffile.h"
#include "fetch.h"
#include "gbp.h"
#include "gbpadd.h"
#include "oauth.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#define CONSENT_TIMEOUT 600   /* seconds the loopback waits for the browser */

enum { L_TITLE, L_ADDRESS, L_NAME, L_NCOLS };

struct picker {
	gint refs;                  /* the dialog's, and a running worker's */
	struct tray *t;
	tray_listing_added_fn added;
	void *added_data;
	GtkWidget *dialog;          /* NULL once closed */
	GtkWidget *client_file, *name, *keys[4], *allow_private;
	GtkWidget *connect, *status, *url, *open, *listings_box, *listings, *pick;
	GtkListStore *store;

	/* the flow (worker thread while running) */
	volatile sig_atomic_t stop;
	tray_cfg *cfg;              /* a reference, for its fetch settings; NULL: defaults */
	rw_fetch_settings defaults;
	char *src_name, *api_base, *auth_url, *token_url, *revoke_url;
	rw_gbp_conf g;
	rw_oauth_tokens client;
	rw_oauth_wait *w;
	char *token_path;           /* written, not yet used by a saved source */
	rw_gbp_location *locs;
	size_t nlocs;
	rw_err err;
	int rc;
};

static const char *const key_names[4] = { "api_base", "auth_url", "token_url", "revoke_url" };

static void
flow_clear(struct picker *p)
{
	if (p->token_path)
		rw_oauth_token_remove(p->token_path, NULL);
	g_clear_pointer(&p->token_path, free);
	rw_gbp_locations_free(&p->locs, p->nlocs);
	p->nlocs = 0;
	rw_oauth_wait_free(&p->w);
	rw_oauth_tokens_clear(&p->client);
	g_clear_pointer(&p->src_name, g_free);
	g_clear_pointer(&p->api_base, g_free);
	g_clear_pointer(&p->auth_url, g_free);
	g_clear_pointer(&p->token_url, g_free);
	g_clear_pointer(&p->revoke_url, g_free);
	tray_cfg_unref(p->cfg);
	p->cfg = NULL;
	memset(&p->g, 0, sizeof(p->g));
}

static void
picker_unref(struct picker *p)
{
	if (!g_atomic_int_dec_and_test(&p->refs))
		return;
	flow_clear(p);
	g_object_unref(p->store);
	g_free(p);
}

static void
say(struct picker *p, const char *msg)
{
	gtk_label_set_text(GTK_LABEL(p->status), msg ? msg : "");
}

static void
say_failed(struct picker *p, const char *why)
{
	char *msg = g_strdup_printf(_("Failed: %s"), why);

	say(p, msg);
	g_free(msg);
}

static const rw_fetch_settings *
fetch_of(const struct picker *p)
{
	return p->cfg ? &p->cfg->cfg->fetch : &p->defaults;
}

/* ---- the worker: consent, tokens, listings ---- */

static void
flow_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	struct picker *p = data;

	(void)source;
	(void)cancel;
	p->rc = rw_gbp_authorise(p->w, &p->g, fetch_of(p), CONSENT_TIMEOUT, &p->stop, &p->token_path, &p->err);
	if (p->rc == RW_OK)
		p->rc = rw_gbp_locations(&p->g, fetch_of(p), &p->stop, &p->locs, &p->nlocs, &p->err);
	g_task_return_boolean(task, TRUE);
}

static void
flow_done(GObject *source, GAsyncResult *res, gpointer data)
{
	struct picker *p = data;
	size_t i;

	(void)source;
	(void)res;
	if (!p->dialog) {
		picker_unref(p);   /* closed meanwhile: the token file goes too */
		return;
	}
	g_object_set_data(G_OBJECT(p->dialog), "selftest-busy", NULL);
	gtk_widget_set_sensitive(p->connect, TRUE);
	if (p->rc != RW_OK) {
		say_failed(p, p->err.msg);
		flow_clear(p);
	} else if (!p->nlocs) {
		say(p, _("This Google account can read no Business Profile listing: sign in with the account that owns "
		         "or manages yours."));
		flow_clear(p);
	} else {
		gtk_list_store_clear(p->store);
		for (i = 0; i < p->nlocs; i++)
			gtk_list_store_insert_with_values(p->store, NULL, -1, L_TITLE,
			                                  p->locs[i].title ? p->locs[i].title : p->locs[i].name, L_ADDRESS,
			                                  p->locs[i].address ? p->locs[i].address : "", L_NAME,
			                                  p->locs[i].name, -1);
		{
			GtkTreePath *first = gtk_tree_path_new_first();
			gtk_tree_selection_select_path(gtk_tree_view_get_selection(GTK_TREE_VIEW(p->listings)), first);
			gtk_tree_path_free(first);
		}
		gtk_widget_show_all(p->listings_box);
		gtk_widget_set_sensitive(p->pick, TRUE);
		say(p, g_dngettext(GETTEXT_PACKAGE, "Access granted. This account can read one listing: follow it?",
		                   "Access granted. Pick the listing to follow.", p->nlocs));
	}
	picker_unref(p);
}

/* ---- the dialog ---- */

static char *
entry_text(GtkWidget *e)
{
	char *s = g_strstrip(g_strdup(gtk_entry_get_text(GTK_ENTRY(e))));

	if (!*s)
		g_clear_pointer(&s, g_free);
	return s;
}

/* Is name free for a new source (neither in the file nor being added)? */
static gboolean
name_taken(struct picker *p, const char *name)
{
	rw_err err = { 0 };
	rw_conffile *f = rw_conffile_open_or_empty(p->t->config_path, &err);
	char *section = g_strconcat("source ", name, NULL), *url = f ? rw_conffile_get(f, section, "url") : NULL;
	gboolean taken = url != NULL;

	free(url);
	g_free(section);
	rw_conffile_free(&f);
	return taken;
}

static void
on_connect(GtkButton *b, gpointer data)
{
	struct picker *p = data;
	char *file = entry_text(p->client_file), why[512];
	char **keys[4] = { &p->api_base, &p->auth_url, &p->token_url, &p->revoke_url };
	rw_oauth_client oc;
	rw_err err = { 0 };
	GError *e = NULL;
	GTask *task;
	size_t i;

	(void)b;
	flow_clear(p);
	gtk_list_store_clear(p->store);
	gtk_widget_hide(p->listings_box);
	gtk_widget_set_sensitive(p->pick, FALSE);
	p->src_name = entry_text(p->name);
	if (!p->src_name)
		p->src_name = g_strdup(RW_GBP_KIND);
	if (rw_conffile_check_name(p->src_name, &err)) {
		say_failed(p, err.msg);
		goto out;
	}
	if (name_taken(p, p->src_name)) {
		say(p, _("There is already a source with this name."));
		goto out;
	}
	if (!file) {
		say(p, _("Choose the OAuth client file (JSON) of your Google Cloud project first."));
		goto out;
	}
	for (i = 0; i < 4; i++) {
		*keys[i] = entry_text(p->keys[i]);
		if (*keys[i] && rw_gbp_check_key(key_names[i], *keys[i], why, sizeof(why)) < 0) {
			say_failed(p, why);
			goto out;
		}
	}
	if (rw_oauth_client_file(file, &p->client, &err) != RW_OK) {
		say_failed(p, err.msg);
		goto out;
	}
	p->g.name = p->src_name;
	p->g.api_base = p->api_base;
	p->g.auth_url = p->auth_url;
	p->g.token_url = p->token_url;
	p->g.revoke_url = p->revoke_url;
	p->g.fetch_flags = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(p->allow_private)) ? RW_FETCH_ALLOW_PRIVATE : 0;
	rw_gbp_client(&p->g, &p->client, &oc);
	if (!(p->w = rw_oauth_listen(&oc, &err))) {
		say_failed(p, err.msg);
		goto out;
	}
	p->cfg = p->t->cfg ? tray_cfg_ref(p->t->cfg) : NULL;
	gtk_entry_set_text(GTK_ENTRY(p->url), rw_oauth_wait_url(p->w));
	gtk_widget_show(p->url);
	gtk_widget_show(p->open);
	if (gtk_show_uri_on_window(GTK_WINDOW(p->dialog), rw_oauth_wait_url(p->w), GDK_CURRENT_TIME, &e)) {
		say(p, _("Your browser shows Google's page: sign in with the account that owns the listing and allow "
		         "access. Waiting for the browser..."));
	} else {
		char *msg = g_strdup_printf(_("No browser could be opened (%s): open the address below yourself, sign in "
		                              "with the account that owns the listing and allow access. Waiting..."),
		                            e->message);
		say(p, msg);
		g_free(msg);
		g_error_free(e);
	}
	gtk_widget_set_sensitive(p->connect, FALSE);
	p->stop = 0;
	rw_err_clear(&p->err);
	g_atomic_int_inc(&p->refs);
	/* the self-test dump waits for the listings (selftest.c) */
	g_object_set_data(G_OBJECT(p->dialog), "selftest-busy", GINT_TO_POINTER(1));
	task = g_task_new(NULL, NULL, flow_done, p);
	g_task_set_task_data(task, p, NULL);
	g_task_run_in_thread(task, flow_thread);
	g_object_unref(task);
out:
	g_free(file);
}

static void
on_open(GtkButton *b, gpointer data)
{
	struct picker *p = data;
	GError *e = NULL;

	(void)b;
	if (!gtk_show_uri_on_window(GTK_WINDOW(p->dialog), gtk_entry_get_text(GTK_ENTRY(p->url)), GDK_CURRENT_TIME,
	                            &e)) {
		say_failed(p, e->message);
		g_error_free(e);
	}
}

static void
on_browse(GtkButton *b, gpointer data)
{
	struct picker *p = data;
	GtkFileChooserNative *fc = gtk_file_chooser_native_new(_("OAuth client file - repwatch"),
	                                                       GTK_WINDOW(p->dialog), GTK_FILE_CHOOSER_ACTION_OPEN,
	                                                       _("_Open"), _("_Cancel"));
	GtkFileFilter *json = gtk_file_filter_new();

	(void)b;
	gtk_file_filter_set_name(json, _("JSON files"));
	gtk_file_filter_add_pattern(json, "*.json");
	gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(fc), json);
	if (gtk_native_dialog_run(GTK_NATIVE_DIALOG(fc)) == GTK_RESPONSE_ACCEPT) {
		char *path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(fc));
		gtk_entry_set_text(GTK_ENTRY(p->client_file), path ? path : "");
		g_free(path);
	}
	g_object_unref(fc);
}

/* Write the source for the selected listing; TRUE when saved. */
static gboolean
save_pick(struct picker *p)
{
	GtkTreeModel *m;
	GtkTreeIter it;
	char *name = NULL, *comment = NULL, *url = NULL;
	const rw_gbp_location *loc = NULL;
	rw_conffile *f = NULL;
	rw_err err = { 0 };
	GError *e = NULL;
	gboolean ok = FALSE;
	size_t i;

	if (!gtk_tree_selection_get_selected(gtk_tree_view_get_selection(GTK_TREE_VIEW(p->listings)), &m, &it)) {
		say(p, _("Pick the listing to follow."));
		return FALSE;
	}
	gtk_tree_model_get(m, &it, L_NAME, &name, -1);
	for (i = 0; i < p->nlocs && !loc; i++)
		if (!g_strcmp0(p->locs[i].name, name))
			loc = &p->locs[i];
	g_free(name);
	if (!loc)
		return FALSE;
	comment = g_strdup_printf(_("Google Business Profile: the reviews of %s"), loc->title ? loc->title : loc->name);
	if (!(f = rw_conffile_open_or_empty(p->t->config_path, &err)) || rw_gbpadd_source(f, &p->g, loc, comment, &err) ||
	    rw_conffile_save(f, &err)) {
		char *msg = g_strdup_printf(_("Not saved: %s"), err.msg);
		say(p, msg);
		g_free(msg);
		goto out;
	}
	g_clear_pointer(&p->token_path, free);   /* kept: the source uses it */
	if (!tray_reload_config(p->t, &e)) {
		say(p, e->message);
		g_error_free(e);
	}
	url = rw_gbp_reviews_url(p->api_base, loc->name);
	if (p->added)
		p->added(p->src_name, url ? url : "", loc->title ? loc->title : loc->name, p->added_data);
	ok = TRUE;
out:
	free(url);
	g_free(comment);
	rw_conffile_free(&f);
	return ok;
}

static void
on_response(GtkDialog *d, int response, gpointer data)
{
	struct picker *p = data;

	if (response == GTK_RESPONSE_ACCEPT && !save_pick(p))
		return;   /* stay open with the message */
	gtk_widget_destroy(GTK_WIDGET(d));
}

/* closed, or gone with Preferences */
static void
on_destroy(GtkWidget *w, gpointer data)
{
	struct picker *p = data;

	(void)w;
	p->stop = 1;     /* a wait still running ends (RW_E_INTR) */
	p->dialog = NULL;
	picker_unref(p);
}

void
tray_listing_show(struct tray *t, GtkWindow *parent, tray_listing_added_fn added, void *data)
{
	static const char *const key_labels[4] = { N_("_API address:"), N_("A_uthorisation address:"),
		                                   N_("_Token address:"), N_("_Revocation address:") };
	static const char *const key_ids[4] = { "gbp-api-base", "gbp-auth-url", "gbp-token-url", "gbp-revoke-url" };
	struct picker *p = g_new0(struct picker, 1);
	GtkWidget *content, *intro, *grid, *b, *exp, *sub, *sc, *row;
	GtkCellRenderer *cell;
	size_t i;

	p->refs = 1;
	p->t = t;
	p->added = added;
	p->added_data = data;
	rw_fetch_settings_default(&p->defaults);
	p->dialog = gtk_dialog_new_with_buttons(_("Your Google listing - repwatch"), parent,
	                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, _("_Cancel"),
	                                        GTK_RESPONSE_CANCEL, _("_Follow this listing"), GTK_RESPONSE_ACCEPT, NULL);
	gtk_window_set_default_size(GTK_WINDOW(p->dialog), 640, 520);
	p->pick = gtk_dialog_get_widget_for_response(GTK_DIALOG(p->dialog), GTK_RESPONSE_ACCEPT);
	gtk_widget_set_name(p->pick, "gbp-pick");
	gtk_widget_set_name(gtk_dialog_get_widget_for_response(GTK_DIALOG(p->dialog), GTK_RESPONSE_CANCEL), "gbp-cancel");
	gtk_widget_set_sensitive(p->pick, FALSE);
	content = gtk_dialog_get_content_area(GTK_DIALOG(p->dialog));
	gtk_box_set_spacing(GTK_BOX(content), 8);
	gtk_container_set_border_width(GTK_CONTAINER(content), 12);

	intro = gtk_label_new(_("repwatch reads the reviews of your own Google Business Profile listing through "
	                        "Google's API. You need the file of an OAuth client of type \"Desktop app\" made in your "
	                        "Google Cloud project, with the Business Profile APIs enabled (its \"Download JSON\"). "
	                        "Your browser then asks you to sign in and to allow access; the access is kept in a file "
	                        "only you can read."));
	gtk_label_set_line_wrap(GTK_LABEL(intro), TRUE);
	gtk_label_set_xalign(GTK_LABEL(intro), 0);
	gtk_box_pack_start(GTK_BOX(content), intro, FALSE, FALSE, 0);

	grid = tray_form_grid();
	gtk_container_set_border_width(GTK_CONTAINER(grid), 0);
	p->client_file = tray_entry_row(grid, 0, _("OAuth client _file:"), "gbp-client-file", "client_secret_….json", NULL);
	b = gtk_button_new_with_mnemonic(_("_Browse..."));
	gtk_widget_set_name(b, "gbp-browse");
	g_signal_connect(b, "clicked", G_CALLBACK(on_browse), p);
	gtk_grid_attach(GTK_GRID(grid), b, 2, 0, 1, 1);
	p->name = tray_entry_row(grid, 1, _("Source _name:"), "gbp-name", NULL, RW_GBP_KIND);
	gtk_box_pack_start(GTK_BOX(content), grid, FALSE, FALSE, 0);

	exp = gtk_expander_new_with_mnemonic(_("_Other addresses than Google's (a server standing in for it, for tests)"));
	gtk_widget_set_name(exp, "gbp-other");
	sub = tray_form_grid();
	for (i = 0; i < 4; i++)
		p->keys[i] = tray_entry_row(sub, (int)i, _(key_labels[i]), key_ids[i], NULL, NULL);
	p->allow_private = gtk_check_button_new_with_mnemonic(_("Addresses on this _machine are allowed"));
	gtk_widget_set_name(p->allow_private, "gbp-allow-private");
	gtk_grid_attach(GTK_GRID(sub), p->allow_private, 1, 4, 1, 1);
	gtk_container_add(GTK_CONTAINER(exp), sub);
	gtk_box_pack_start(GTK_BOX(content), exp, FALSE, FALSE, 0);

	row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	p->connect = gtk_button_new_with_mnemonic(_("_Connect to Google"));
	gtk_widget_set_name(p->connect, "gbp-connect");
	g_signal_connect(p->connect, "clicked", G_CALLBACK(on_connect), p);
	gtk_box_pack_start(GTK_BOX(row), p->connect, FALSE, FALSE, 0);
	p->open = gtk_button_new_with_mnemonic(_("_Open in the browser"));
	gtk_widget_set_name(p->open, "gbp-open");
	g_signal_connect(p->open, "clicked", G_CALLBACK(on_open), p);
	gtk_box_pack_start(GTK_BOX(row), p->open, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(content), row, FALSE, FALSE, 0);
	p->url = gtk_entry_new();
	gtk_widget_set_name(p->url, "gbp-url");
	gtk_editable_set_editable(GTK_EDITABLE(p->url), FALSE);
	gtk_box_pack_start(GTK_BOX(content), p->url, FALSE, FALSE, 0);
	p->status = gtk_label_new(NULL);
	gtk_widget_set_name(p->status, "gbp-status");
	gtk_label_set_line_wrap(GTK_LABEL(p->status), TRUE);
	gtk_label_set_xalign(GTK_LABEL(p->status), 0);
	gtk_label_set_selectable(GTK_LABEL(p->status), TRUE);
	gtk_box_pack_start(GTK_BOX(content), p->status, FALSE, FALSE, 0);

	p->store = gtk_list_store_new(L_NCOLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
	p->listings = gtk_tree_view_new_with_model(GTK_TREE_MODEL(p->store));
	gtk_widget_set_name(p->listings, "gbp-listings");
	g_object_set_data(G_OBJECT(p->listings), "selftest-column", GINT_TO_POINTER(L_TITLE));
	g_object_set_data(G_OBJECT(p->listings), "selftest-rows", GINT_TO_POINTER(L_NCOLS));
	cell = gtk_cell_renderer_text_new();
	gtk_tree_view_append_column(GTK_TREE_VIEW(p->listings),
	                            gtk_tree_view_column_new_with_attributes(_("Listing"), cell, "text", L_TITLE, NULL));
	cell = gtk_cell_renderer_text_new();
	g_object_set(cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
	gtk_tree_view_append_column(GTK_TREE_VIEW(p->listings),
	                            gtk_tree_view_column_new_with_attributes(_("Address"), cell, "text", L_ADDRESS, NULL));
	gtk_tree_view_column_set_expand(gtk_tree_view_get_column(GTK_TREE_VIEW(p->listings), 1), TRUE);
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_shadow_type(GTK_SCROLLED_WINDOW(sc), GTK_SHADOW_IN);
	gtk_widget_set_size_request(sc, -1, 120);
	gtk_container_add(GTK_CONTAINER(sc), p->listings);
	p->listings_box = sc;
	gtk_box_pack_start(GTK_BOX(content), sc, TRUE, TRUE, 0);

	g_signal_connect(p->dialog, "response", G_CALLBACK(on_response), p);
	g_signal_connect(p->dialog, "destroy", G_CALLBACK(on_destroy), p);
	gtk_widget_show_all(p->dialog);
	gtk_widget_hide(p->url);
	gtk_widget_hide(p->open);
	gtk_widget_hide(p->listings_box);
}
