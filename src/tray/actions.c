/* SPDX-License-Identifier: MIT */
/* actions.c - what the detail pane and the menu do with one mention, and
 * the digest preview.
 *
 * Each action is a call into the core (or the text layer both front-ends
 * share, record.h), on the tray's own store connection, the same calls the
 * `repwatch` subcommands make; nothing runs the CLI:
 *   Mark as read / unread   rw_store_mark                 (repwatch mark)
 *   Not about me            rw_notme_learn                (repwatch not-me)
 *   History...              rw_store_each_version + rw_diff_words, in a
 *                           window of its own, the changes in colour
 *   Evidence...             rw_record_evidence            (repwatch evidence)
 *   Correction...           rw_record_rebut               (repwatch rebut)
 *   Digest preview          rw_digestrun_collect + text   (repwatch digest --print)
 * The text windows are named "output" (their text view "output-text") for
 * the self-test dump.
 */
#include "tray.h"
#include "diff.h"
#include "digestrun.h"
#include "notme.h"
#include "record.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OUTPUT_SHOWN_MAX (4u << 20)
#define DIGEST_PREVIEW_DAYS 7     /* as `repwatch digest --print` */

/* ---- showing text ---- */

/* view in a scrolled sc under what box holds, a Close button (named
 * close_name) under it, all of it in win, shown */
static void
finish_window(GtkWidget *win, GtkWidget *box, GtkWidget *sc, GtkWidget *view, const char *close_name)
{
	GtkWidget *row = gtk_button_box_new(GTK_ORIENTATION_HORIZONTAL), *close = gtk_button_new_with_mnemonic(_("_Close"));

	gtk_widget_set_name(close, close_name);
	gtk_container_add(GTK_CONTAINER(sc), view);
	gtk_box_pack_start(GTK_BOX(box), sc, TRUE, TRUE, 0);
	gtk_button_box_set_layout(GTK_BUTTON_BOX(row), GTK_BUTTONBOX_END);
	gtk_container_set_border_width(GTK_CONTAINER(row), 6);
	g_signal_connect_swapped(close, "clicked", G_CALLBACK(gtk_widget_destroy), win);
	gtk_container_add(GTK_CONTAINER(row), close);
	gtk_box_pack_start(GTK_BOX(box), row, FALSE, FALSE, 0);
	gtk_container_add(GTK_CONTAINER(win), box);
	gtk_widget_show_all(win);
}

static void
show_text(GtkWindow *parent, const char *title, const char *text)
{
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL), *sc = gtk_scrolled_window_new(NULL, NULL);
	GtkWidget *view = gtk_text_view_new(), *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	size_t len = strlen(text);

	gtk_window_set_title(GTK_WINDOW(win), title);
	gtk_widget_set_name(win, "output");
	gtk_widget_set_name(view, "output-text");
	gtk_window_set_default_size(GTK_WINDOW(win), 720, 520);
	if (parent)
		gtk_window_set_transient_for(GTK_WINDOW(win), parent);
	gtk_text_view_set_editable(GTK_TEXT_VIEW(view), FALSE);
	gtk_text_view_set_monospace(GTK_TEXT_VIEW(view), TRUE);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(view), GTK_WRAP_WORD_CHAR);
	gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(view)), text,
	                         len > OUTPUT_SHOWN_MAX ? (gint)OUTPUT_SHOWN_MAX : (gint)len);
	finish_window(win, box, sc, view, "output-close");
}

static void
show_error(GtkWindow *parent, const char *what, const char *detail)
{
	GtkWidget *d = gtk_message_dialog_new(parent, GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_ERROR,
	                                      GTK_BUTTONS_CLOSE, "%s", what);

	if (detail && *detail)
		gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s", detail);
	gtk_widget_set_name(gtk_dialog_get_widget_for_response(GTK_DIALOG(d), GTK_RESPONSE_CLOSE), "message-close");
	g_signal_connect(d, "response", G_CALLBACK(gtk_widget_destroy), NULL);
	gtk_widget_show(d);
}

/* ---- the actions ---- */

/* The store, or an error shown and NULL. */
static rw_store *
store_or_say(struct tray *t, GtkWindow *parent, const char *title)
{
	if (!t->store)
		show_error(parent, title, _("The database is not open; see the status window."));
	return t->store;
}

/* After a change to the store: the lists and the icon say it. */
static void
refresh(struct tray *t)
{
	tray_count_changes(t);
	tray_recent_refresh(t);
	tray_status_update(t);
}

/* A text made by fill on a memory stream, shown in a window. */
typedef int (*text_fn)(FILE *out, struct tray *t, int64_t id, rw_err *err);

static void
show_made_text(struct tray *t, GtkWindow *parent, const char *title, const char *failed, text_fn fill, int64_t id)
{
	rw_err err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	int rc;

	if (!store_or_say(t, parent, failed))
		return;
	if (!(mem = open_memstream(&text, &len))) {
		show_error(parent, failed, g_strerror(ENOMEM));
		return;
	}
	rc = fill(mem, t, id, &err);
	if (fclose(mem) != 0 && !rc)
		rc = rw_err_set(&err, RW_E_NOMEM, "%s", g_strerror(ENOMEM));
	if (rc)
		show_error(parent, failed, err.msg);
	else
		show_text(parent, title, text && *text ? text : _("(nothing to show)"));
	free(text);
}

static int
fill_digest(FILE *out, struct tray *t, int64_t id, rw_err *err)
{
	int64_t now = (int64_t)time(NULL);
	rw_digest *d;
	char *text;

	(void)id;
	if (!t->cfg)
		return rw_err_set(err, RW_E_USAGE, "%s", t->config_error ? t->config_error : _("the configuration does not load"));
	d = rw_digestrun_collect(t->cfg->cfg, t->store, now - DIGEST_PREVIEW_DAYS * 86400, now,
	                         tray_ui_lang(), NULL, err);
	if (!d)
		return err->code ? err->code : RW_E_NOMEM;
	text = rw_digest_text(d);
	rw_digest_free(&d);
	if (!text)
		return rw_err_set(err, RW_E_NOMEM, "%s", g_strerror(ENOMEM));
	fputs(text, out);
	free(text);
	return RW_OK;
}

void
tray_digest_preview(struct tray *t, GtkWindow *parent)
{
	show_made_text(t, parent, _("Digest preview"), _("No digest preview"), fill_digest, 0);
}

void
tray_action_mark_many(struct tray *t, GtkWindow *parent, const int64_t *ids, size_t n, const char *mark)
{
	rw_err err = { 0 };
	size_t i;

	if (!n || !store_or_say(t, parent, _("Cannot mark the mention")))
		return;
	for (i = 0; i < n; i++)
		if (rw_store_mark(t->store, ids[i], !strcmp(mark, "unread") ? RW_MARK_UNREAD : RW_MARK_READ, &err)) {
			show_error(parent, _("Cannot mark the mention"), err.msg);
			break;
		}
	refresh(t);
}

void
tray_action_mark(struct tray *t, GtkWindow *parent, int64_t id, const char *mark)
{
	if (id)
		tray_action_mark_many(t, parent, &id, 1, mark);
}

/* One mention "not about me": what told the homonym apart (the words of its
 * text that speak against the profile) is learned for later scans, as
 * `repwatch not-me ID` does.  The line to show, g_free; NULL on error. */
static char *
not_me_one(struct tray *t, GtkWindow *parent, int64_t id)
{
	rw_notme_result r;
	rw_err err = { 0 };
	char *line = NULL;

	if (rw_notme_learn(t->store, t->cfg ? t->cfg->cfg : NULL, id, NULL, 0, 0, 0, (int64_t)time(NULL), &r, &err)) {
		show_error(parent, _("Cannot mark the mention"), err.msg);
	} else if (r.uncertain && r.source_url[0]) {
		/* it was uncertain: its page is settled not hers (notme.h) */
		line = g_strdup_printf(_("Mention #%lld is not about %s; nothing from its page, %s, is, for good."),
		                       (long long)id, r.practitioner, r.source_url);
	} else if (r.nwords) {
		GString *w = g_string_new(NULL);
		char *words;
		size_t i;
		for (i = 0; i < r.nwords; i++)
			g_string_append_printf(w, "%s%s", i ? ", " : "", r.words[i]);
		words = g_string_free(w, FALSE);
		line = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
		                                   "Mention #%lld is not about %s; learned the word: %s.",
		                                   "Mention #%lld is not about %s; learned the words: %s.", r.nwords),
		                       (long long)id, r.practitioner, words);
		g_free(words);
	} else {
		line = g_strdup_printf(_("Mention #%lld is not about %s; nothing in it tells the other person apart."),
		                       (long long)id, r.practitioner);
	}
	rw_notme_result_clear(&r);
	return line;
}

/* Each of ids through one (its line, g_free; NULL: it said why and the
 * rest is left), the lines joined in the status line, one refresh. */
static void
each_mention(struct tray *t, GtkWindow *parent, const int64_t *ids, size_t n,
             char *(*one)(struct tray *, GtkWindow *, int64_t))
{
	GString *all = g_string_new(NULL);
	size_t i;

	if (!n || !store_or_say(t, parent, _("Cannot mark the mention"))) {
		g_string_free(all, TRUE);
		return;
	}
	for (i = 0; i < n; i++) {
		char *line = one(t, parent, ids[i]);
		if (!line)
			break;
		g_string_append_printf(all, "%s%s", all->len ? " " : "", line);
		g_free(line);
	}
	if (all->len)
		tray_set_status_line(t, all->str);
	g_string_free(all, TRUE);
	refresh(t);
}

void
tray_action_not_me_many(struct tray *t, GtkWindow *parent, const int64_t *ids, size_t n)
{
	each_mention(t, parent, ids, n, not_me_one);
}

/* One mention "it's me": hers after all, its page settled hers for good
 * (`repwatch is-me ID`).  The line to show, g_free; NULL on error. */
static char *
is_me_one(struct tray *t, GtkWindow *parent, int64_t id)
{
	rw_notme_result r;
	rw_err err = { 0 };
	char *line = NULL;

	if (rw_notme_is_me(t->store, id, (int64_t)time(NULL), &r, &err))
		show_error(parent, _("Cannot mark the mention"), err.msg);
	else if (r.source_url[0])
		line = g_strdup_printf(_("Mention #%lld is about %s; so is everything its page, %s, lists."),
		                       (long long)id, r.practitioner, r.source_url);
	else
		line = g_strdup_printf(_("Mention #%lld is about %s."), (long long)id, r.practitioner);
	rw_notme_result_clear(&r);
	return line;
}

void
tray_action_is_me_many(struct tray *t, GtkWindow *parent, const int64_t *ids, size_t n)
{
	each_mention(t, parent, ids, n, is_me_one);
}

void
tray_action_not_me(struct tray *t, GtkWindow *parent, int64_t id)
{
	if (id)
		tray_action_not_me_many(t, parent, &id, 1);
}

/* ---- History: a window of its own ---- */

struct history {
	GtkTextBuffer *buf;
	char *prev_title, *prev_body;
	double prev_rating;
	int n;
};

static int
put_diff_run(rw_diff_op op, const char *text, size_t len, void *data)
{
	GtkTextBuffer *b = data;
	GtkTextIter end;

	gtk_text_buffer_get_end_iter(b, &end);
	if (op == RW_DIFF_SAME)
		gtk_text_buffer_insert(b, &end, text, (gint)len);
	else
		gtk_text_buffer_insert_with_tags_by_name(b, &end, text, (gint)len,
		                                         op == RW_DIFF_INSERT ? "added" : "removed", NULL);
	gtk_text_buffer_get_end_iter(b, &end);
	gtk_text_buffer_insert(b, &end, " ", 1);
	return 0;
}

/* the words of text, or (for a later version) its difference from prev */
static void
put_text(GtkTextBuffer *b, const char *prev, const char *text, gboolean first)
{
	GtkTextIter end;

	if (first || rw_diff_words(prev, text, put_diff_run, b) < 0) {
		gtk_text_buffer_get_end_iter(b, &end);
		gtk_text_buffer_insert(b, &end, text ? text : "", -1);
	}
	gtk_text_buffer_get_end_iter(b, &end);
	gtk_text_buffer_insert(b, &end, "\n", 1);
}

static int
put_version(const rw_version *v, void *data)
{
	struct history *h = data;
	GtkTextBuffer *b = h->buf;
	GtkTextIter end;
	char date[64], *head;
	GString *meta = g_string_new(NULL);
	gboolean first = h->n == 0;

	rw_when_format(v->seen_at, RW_WHEN_TIME | RW_WHEN_WORDS, date, sizeof(date));
	head = g_strdup_printf(_("Version %d, seen %s"), v->version, date);
	gtk_text_buffer_get_end_iter(b, &end);
	if (!first)
		gtk_text_buffer_insert(b, &end, "\n", 1);
	gtk_text_buffer_insert_with_tags_by_name(b, &end, head, -1, "heading", NULL);
	gtk_text_buffer_insert(b, &end, "\n", 1);
	if (v->rating >= 0)
		g_string_append_printf(meta, _("Rating: %g"), v->rating);
	else
		g_string_append(meta, _("No rating"));
	if (!first && v->rating != h->prev_rating) {
		if (h->prev_rating >= 0)
			g_string_append_printf(meta, _(" (was %g)"), h->prev_rating);
		else
			g_string_append(meta, _(" (had none)"));
	}
	if (v->source)
		g_string_append_printf(meta, "  \xc2\xb7  %s", v->source);
	gtk_text_buffer_insert_with_tags_by_name(b, &end, meta->str, -1, "meta", NULL);
	gtk_text_buffer_insert(b, &end, "\n", 1);
	gtk_text_buffer_get_end_iter(b, &end);
	gtk_text_buffer_insert_with_tags_by_name(b, &end, _("Title: "), -1, "meta", NULL);
	put_text(b, h->prev_title, v->title, first);
	put_text(b, h->prev_body, v->body, first);
	g_free(h->prev_title);
	g_free(h->prev_body);
	h->prev_title = g_strdup(v->title);
	h->prev_body = g_strdup(v->body);
	h->prev_rating = v->rating;
	h->n++;
	g_free(head);
	g_string_free(meta, TRUE);
	return 0;
}

/* Each version with its date, rating and text; from the second on, the
 * words removed and added since the one before (the core's word diff,
 * diff.h) in colour. */
void
tray_action_history(struct tray *t, GtkWindow *parent, int64_t id)
{
	struct history h = { NULL, NULL, NULL, -1, 0 };
	GtkWidget *win, *sc, *view, *box, *legend;
	rw_err err = { 0 };
	char *title, *markup;

	if (!id || !store_or_say(t, parent, _("No history")))
		return;
	win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	title = g_strdup_printf(_("History of mention #%lld"), (long long)id);
	gtk_window_set_title(GTK_WINDOW(win), title);
	g_free(title);
	gtk_widget_set_name(win, "history");
	gtk_window_set_default_size(GTK_WINDOW(win), 720, 520);
	if (parent)
		gtk_window_set_transient_for(GTK_WINDOW(win), parent);
	view = gtk_text_view_new();
	gtk_widget_set_name(view, "history-text");
	gtk_text_view_set_editable(GTK_TEXT_VIEW(view), FALSE);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(view), GTK_WRAP_WORD_CHAR);
	gtk_text_view_set_left_margin(GTK_TEXT_VIEW(view), 10);
	gtk_text_view_set_right_margin(GTK_TEXT_VIEW(view), 10);
	gtk_text_view_set_pixels_below_lines(GTK_TEXT_VIEW(view), 3);
	h.buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(view));
	gtk_text_buffer_create_tag(h.buf, "heading", "weight", PANGO_WEIGHT_BOLD, "scale", 1.15, NULL);
	gtk_text_buffer_create_tag(h.buf, "meta", "foreground", "#555555", NULL);
	gtk_text_buffer_create_tag(h.buf, "added", "background", "#c8f0c8", "foreground", "#0b5d1e", NULL);
	gtk_text_buffer_create_tag(h.buf, "removed", "background", "#f8d0d0", "foreground", "#8e1111",
	                           "strikethrough", TRUE, NULL);
	/* the self-test dump lists these tags' ranges */
	g_object_set_data(G_OBJECT(view), "selftest-tags", (gpointer) "added removed");
	if (rw_store_each_version(t->store, id, put_version, &h, &err)) {
		gtk_widget_destroy(win);
		show_error(parent, _("No history"), err.msg);
		g_free(h.prev_title);
		g_free(h.prev_body);
		return;
	}
	if (!h.n)
		gtk_text_buffer_set_text(h.buf, _("(nothing to show)"), -1);
	g_free(h.prev_title);
	g_free(h.prev_body);

	box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	legend = gtk_label_new(NULL);
	markup = g_markup_printf_escaped("<span background=\"#c8f0c8\" foreground=\"#0b5d1e\"> %s </span>  "
	                                 "<span background=\"#f8d0d0\" foreground=\"#8e1111\" strikethrough=\"true\"> %s </span>",
	                                 _("added"), _("removed"));
	gtk_label_set_markup(GTK_LABEL(legend), markup);
	g_free(markup);
	gtk_label_set_xalign(GTK_LABEL(legend), 0);
	gtk_widget_set_margin_start(legend, 10);
	gtk_widget_set_margin_top(legend, 6);
	gtk_box_pack_start(GTK_BOX(box), legend, FALSE, FALSE, 0);
	sc = gtk_scrolled_window_new(NULL, NULL);
	finish_window(win, box, sc, view, "history-close");
}

static int
fill_rebut(FILE *out, struct tray *t, int64_t id, rw_err *err)
{
	/* the catalogue's warnings are the CLI's business: the note is shown */
	return rw_record_rebut(out, t->store, id, NULL, NULL, NULL, NULL, err);
}

void
tray_action_correction(struct tray *t, GtkWindow *parent, int64_t id)
{
	char idtext[24], *title;

	if (!id)
		return;
	g_snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	title = g_strdup_printf(_("Correction and sources for mention #%s"), idtext);
	show_made_text(t, parent, title, _("No correction"), fill_rebut, id);
	g_free(title);
}

void
tray_action_evidence(struct tray *t, GtkWindow *parent, int64_t id)
{
	GtkFileChooserNative *fc;
	char *name;

	if (!id || !store_or_say(t, parent, _("Cannot save the evidence")))
		return;
	fc = gtk_file_chooser_native_new(_("Save the evidence"), parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
	                                 _("_Cancel"));
	gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(fc), TRUE);
	/* a new folder: snapshots, the record, the manifest (evidence.h) */
	name = g_strdup_printf("repwatch-evidence-%lld", (long long)id);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(fc), name);
	g_free(name);
	if (gtk_native_dialog_run(GTK_NATIVE_DIALOG(fc)) == GTK_RESPONSE_ACCEPT) {
		char *dir = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(fc));
		rw_err err = { 0 };
		size_t files = 0;
		if (rw_record_evidence(t->store, id, dir, (int64_t)time(NULL), &files, &err)) {
			show_error(parent, _("Cannot save the evidence"), err.msg);
		} else {
			char *line = g_strdup_printf(_("Evidence saved to '%s'."), dir);
			tray_set_status_line(t, line);
			tray_status_update(t);
			g_free(line);
		}
		g_free(dir);
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
