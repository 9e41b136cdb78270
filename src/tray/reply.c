/* SPDX-License-Identifier: MIT */
/* reply.c - the reply editor: a draft answer to a review, checked as the
 * doctor types by the core's reply checker (replycheck.h), with what would
 * breach medical secrecy or advertise highlighted and explained.
 *
 * One window per review (Reply... again raises it).  Its rules and answer
 * choices are loaded once per window, in a worker thread, by the same call
 * as `repwatch reply-check` (the shipped folder, then the user's); the
 * draft starts as the "generic" choice of choices.ini in the review's
 * language, or empty when there is none.  Each change of the text re-arms
 * a CHECK_DELAY_MS timer; when it fires, a copy of the text is checked in a
 * worker thread, one check at a time per window.  A result for a text that
 * has changed since is dropped and the newer text checked, so the tags and
 * the list always describe the text they are shown on.
 * Reasons are in the draft's language (the checker detects it); the rest
 * of the window is in the interface's.
 * Must not: post or fetch anything, or write the store.  Copy puts the
 * text on the clipboard; publishing it (or, often better, not) is the
 * doctor's decision.
 */
#include "tray.h"
#include "replycheck.h"
#include "sentiment.h"

#include <glib/gi18n.h>
#include <string.h>

#define CHECK_DELAY_MS 300

/* Shared by the window and its tasks: refs are atomic because a task's
 * last reference may go in its worker thread.  Widget pointers are
 * borrowed, valid until closed is set (main thread only). */
struct reply_editor {
	gint refs;
	struct tray *t;
	int64_t mention_id;
	char *reviewer;          /* the review's author: naming them is flagged */
	char *review_lang;       /* "fr" or "en": the language of the first draft */

	GtkWidget *win, *view, *status, *flags, *copied;
	GtkTextBuffer *buf;
	GtkTextTag *tags[RW_REPLY_KINDS];
	gboolean closed, loading, checking, edited, prefilling;
	guint delay_id;
	guint64 generation;      /* changes of the text since the window opened */

	/* set once by the load task's callback, then only read (by check tasks) */
	rw_replycheck *rc;
	char *load_error;

	/* the last check of the text as it is now, or NULL */
	rw_reply_report *report;
	char *report_text;
	char *check_error;
};

static struct reply_editor *
editor_ref(struct reply_editor *ed)
{
	g_atomic_int_inc(&ed->refs);
	return ed;
}

static void
editor_unref(gpointer data)
{
	struct reply_editor *ed = data;

	if (!ed || !g_atomic_int_dec_and_test(&ed->refs))
		return;
	rw_replycheck_free(ed->rc);
	rw_reply_report_free(ed->report);
	g_free(ed->report_text);
	g_free(ed->check_error);
	g_free(ed->load_error);
	g_free(ed->reviewer);
	g_free(ed->review_lang);
	g_free(ed);
}

/* ---- words ---- */

static const char *
kind_heading(rw_reply_kind k)
{
	switch (k) {
	case RW_REPLY_CARE: return _("Confirms a care relationship");
	case RW_REPLY_MEDICAL: return _("Names a condition, treatment or drug");
	case RW_REPLY_DATE: return _("Dates the visit");
	case RW_REPLY_RELATIVE: return _("Names a relative");
	case RW_REPLY_NAME: return _("Names the reviewer");
	case RW_REPLY_PROMO: return _("Advertises");
	default: return "?";
	}
}

static const char *
lang_label(const char *lang)
{
	return !strcmp(lang, "en") ? C_("language", "English") : C_("language", "French");
}

/* ---- showing a check ---- */

static void
clear_flags(struct reply_editor *ed)
{
	GtkTextIter s, e;
	GList *rows = gtk_container_get_children(GTK_CONTAINER(ed->flags)), *l;
	int k;

	gtk_text_buffer_get_bounds(ed->buf, &s, &e);
	for (k = 0; k < RW_REPLY_KINDS; k++)
		gtk_text_buffer_remove_tag(ed->buf, ed->tags[k], &s, &e);
	for (l = rows; l; l = l->next)
		gtk_widget_destroy(l->data);
	g_list_free(rows);
}

static void
set_status(struct reply_editor *ed, const char *text)
{
	gtk_label_set_text(GTK_LABEL(ed->status), text);
}

/* One row of the list: what kind, the words, and why (in the draft's
 * language).  The row remembers its span in characters for row-activated. */
static void
add_flag_row(struct reply_editor *ed, const char *text, const rw_reply_flag *f, glong cs, glong ce)
{
	GtkWidget *row = gtk_list_box_row_new(), *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
	GtkWidget *head = gtk_label_new(NULL), *why = gtk_label_new(f->reason);
	char *words = g_strndup(text + f->start, f->end - f->start);
	char *quoted = g_strdup_printf(_("“%s”"), words);
	char *markup = g_markup_printf_escaped("<b>%s</b>  %s", kind_heading(f->kind), quoted);

	gtk_label_set_markup(GTK_LABEL(head), markup);
	gtk_label_set_xalign(GTK_LABEL(head), 0);
	gtk_label_set_xalign(GTK_LABEL(why), 0);
	gtk_label_set_line_wrap(GTK_LABEL(why), TRUE);
	gtk_style_context_add_class(gtk_widget_get_style_context(why), "dim-label");
	gtk_container_set_border_width(GTK_CONTAINER(box), 4);
	gtk_box_pack_start(GTK_BOX(box), head, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), why, FALSE, FALSE, 0);
	gtk_container_add(GTK_CONTAINER(row), box);
	g_object_set_data(G_OBJECT(row), "span-start", GINT_TO_POINTER((gint)cs));
	g_object_set_data(G_OBJECT(row), "span-end", GINT_TO_POINTER((gint)ce));
	gtk_widget_show_all(row);
	gtk_container_add(GTK_CONTAINER(ed->flags), row);
	g_free(markup);
	g_free(quoted);
	g_free(words);
}

/* Tags and rows for ed->report, which was made from ed->report_text: the
 * text the buffer holds now (the caller checked the generation). */
static void
show_report(struct reply_editor *ed)
{
	const rw_reply_report *rep = ed->report;
	const char *text = ed->report_text;
	size_t i;
	char *s;

	clear_flags(ed);
	if (!rep) {
		s = g_strdup_printf(_("Not checked: %s"), ed->check_error ? ed->check_error : "?");
		set_status(ed, s);
		g_free(s);
		return;
	}
	for (i = 0; i < rep->count; i++) {
		const rw_reply_flag *f = &rep->flags[i];
		/* the checker counts bytes, the buffer characters */
		glong cs = g_utf8_pointer_to_offset(text, text + f->start);
		glong ce = g_utf8_pointer_to_offset(text, text + f->end);
		GtkTextIter a, b;

		gtk_text_buffer_get_iter_at_offset(ed->buf, &a, (gint)cs);
		gtk_text_buffer_get_iter_at_offset(ed->buf, &b, (gint)ce);
		if (f->kind < RW_REPLY_KINDS)
			gtk_text_buffer_apply_tag(ed->buf, ed->tags[f->kind], &a, &b);
		add_flag_row(ed, text, f, cs, ce);
	}
	if (!rep->count) {
		s = g_strdup_printf(_("Nothing flagged (checked as %s).  That is not a guarantee: read the reply "
		                      "again before you publish it."), lang_label(rep->lang));
	} else {
		s = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
		                                "%d passage would breach medical secrecy or advertise (checked as %s):",
		                                "%d passages would breach medical secrecy or advertise (checked as %s):",
		                                (unsigned long)rep->count),
		                    (int)rep->count, lang_label(rep->lang));
		if (rep->truncated) {
			char *more = g_strconcat(s, " ", _("(more were found than are shown: this is not a reply)"), NULL);
			g_free(s);
			s = more;
		}
	}
	set_status(ed, s);
	g_free(s);
}

/* ---- checking in a worker thread ---- */

struct check_job {
	struct reply_editor *ed;   /* a reference */
	char *text;
	guint64 generation;
	rw_reply_report *report;
	rw_err err;
};

static void
check_job_free(gpointer data)
{
	struct check_job *j = data;

	rw_reply_report_free(j->report);
	g_free(j->text);
	editor_unref(j->ed);
	g_free(j);
}

static void
check_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	struct check_job *j = data;
	rw_replycheck_opts o = { NULL, j->ed->reviewer };

	(void)source;
	(void)cancel;
	rw_replycheck_run(j->ed->rc, j->text, &o, &j->report, &j->err);
	g_task_return_boolean(task, TRUE);
}

static void start_check(struct reply_editor *ed);

static void
check_done(GObject *source, GAsyncResult *res, gpointer data)
{
	struct reply_editor *ed = data;   /* kept alive by the job */
	struct check_job *j = g_task_get_task_data(G_TASK(res));

	(void)source;
	ed->checking = FALSE;
	if (ed->closed)
		return;
	if (j->generation == ed->generation) {
		rw_reply_report_free(ed->report);
		g_free(ed->report_text);
		g_free(ed->check_error);
		ed->report = j->report;
		ed->report_text = j->text;
		ed->check_error = j->report ? NULL : g_strdup(j->err.msg);
		j->report = NULL;
		j->text = NULL;
		show_report(ed);
	} else if (!ed->delay_id) {
		/* typed while it ran, and the delay is over: check the text as it is */
		start_check(ed);
	}
}

static void
start_check(struct reply_editor *ed)
{
	struct check_job *j;
	GtkTextIter s, e;
	GTask *task;

	if (ed->closed || !ed->rc || ed->checking)
		return;   /* check_done or load_done calls again */
	j = g_new0(struct check_job, 1);
	j->ed = editor_ref(ed);
	gtk_text_buffer_get_bounds(ed->buf, &s, &e);
	j->text = gtk_text_buffer_get_text(ed->buf, &s, &e, FALSE);
	j->generation = ed->generation;
	ed->checking = TRUE;
	task = g_task_new(NULL, NULL, check_done, ed);
	g_task_set_task_data(task, j, check_job_free);
	g_task_run_in_thread(task, check_thread);
	g_object_unref(task);
}

static gboolean
on_delay(gpointer data)
{
	struct reply_editor *ed = data;

	ed->delay_id = 0;
	start_check(ed);
	return G_SOURCE_REMOVE;
}

static void
on_changed(GtkTextBuffer *buf, gpointer data)
{
	struct reply_editor *ed = data;

	(void)buf;
	ed->generation++;
	if (!ed->prefilling)
		ed->edited = TRUE;
	gtk_label_set_text(GTK_LABEL(ed->copied), "");
	if (!ed->rc)
		return;   /* load_done checks what is there */
	set_status(ed, _("Checking..."));
	if (ed->delay_id)
		g_source_remove(ed->delay_id);
	ed->delay_id = g_timeout_add(CHECK_DELAY_MS, on_delay, ed);
}

/* ---- loading the rules in a worker thread ---- */

static void
load_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	rw_err err = { 0 };
	rw_replycheck *rc = rw_replycheck_load_default(&err);

	(void)source;
	(void)data;
	(void)cancel;
	if (rc)
		g_task_return_pointer(task, rc, (GDestroyNotify)rw_replycheck_free);
	else
		g_task_return_new_error(task, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", err.msg);
}

/* The draft the window starts with: the "generic" choice, else the first
 * public one with a draft; NULL when choices.ini has none. */
static const char *
first_draft(const rw_replycheck *rc, const char *lang)
{
	const char *fallback = NULL;
	size_t i;

	for (i = 0; i < rw_replycheck_choice_count(rc); i++) {
		rw_reply_choice c;
		if (rw_replycheck_choice(rc, i, lang, &c) || !c.is_public || !c.draft)
			continue;
		if (!strcmp(c.id, "generic"))
			return c.draft;
		if (!fallback)
			fallback = c.draft;
	}
	return fallback;
}

static void
load_done(GObject *source, GAsyncResult *res, gpointer data)
{
	struct reply_editor *ed = data;   /* kept alive by the task's data */
	GError *e = NULL;
	rw_replycheck *rc = g_task_propagate_pointer(G_TASK(res), &e);
	const char *draft;
	char *s;

	(void)source;
	ed->loading = FALSE;
	if (ed->closed) {
		rw_replycheck_free(rc);
		g_clear_error(&e);
		return;
	}
	if (!rc) {
		ed->load_error = g_strdup(e->message);
		s = g_strdup_printf(_("The reply rules did not load, so nothing is checked: %s"), e->message);
		set_status(ed, s);
		g_free(s);
		g_error_free(e);
		return;
	}
	ed->rc = rc;
	if (!ed->edited && (draft = first_draft(rc, ed->review_lang))) {
		ed->prefilling = TRUE;
		gtk_text_buffer_set_text(ed->buf, draft, -1);
		ed->prefilling = FALSE;
	}
	if (ed->delay_id) {
		g_source_remove(ed->delay_id);
		ed->delay_id = 0;
	}
	set_status(ed, _("Checking..."));
	start_check(ed);
}

/* ---- the window ---- */

static void
on_copy(GtkButton *b, gpointer data)
{
	struct reply_editor *ed = data;
	GtkTextIter s, e;
	char *text;
	int flagged;

	(void)b;
	gtk_text_buffer_get_bounds(ed->buf, &s, &e);
	text = gtk_text_buffer_get_text(ed->buf, &s, &e, FALSE);
	gtk_clipboard_set_text(gtk_widget_get_clipboard(ed->win, GDK_SELECTION_CLIPBOARD), text, -1);
	flagged = ed->report && !ed->checking && !ed->delay_id ? (int)ed->report->count : 0;
	if (flagged) {
		char *msg = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
		                                        "Copied, with %d flagged passage: change it before you publish.",
		                                        "Copied, with %d flagged passages: change them before you publish.",
		                                        (unsigned long)flagged),
		                            flagged);
		gtk_label_set_text(GTK_LABEL(ed->copied), msg);
		g_free(msg);
	} else {
		gtk_label_set_text(GTK_LABEL(ed->copied), _("Copied to the clipboard."));
	}
	g_free(text);
}

static void
on_close(GtkButton *b, gpointer data)
{
	struct reply_editor *ed = data;

	(void)b;
	gtk_widget_destroy(ed->win);
}

/* A row of the list selects its words in the draft. */
static void
on_row_activated(GtkListBox *box, GtkListBoxRow *row, gpointer data)
{
	struct reply_editor *ed = data;
	GtkTextIter a, b;

	(void)box;
	gtk_text_buffer_get_iter_at_offset(ed->buf, &a, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "span-start")));
	gtk_text_buffer_get_iter_at_offset(ed->buf, &b, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "span-end")));
	gtk_text_buffer_select_range(ed->buf, &a, &b);
	gtk_text_view_scroll_to_iter(GTK_TEXT_VIEW(ed->view), &a, 0.1, FALSE, 0, 0);
	gtk_widget_grab_focus(ed->view);
}

static void
on_destroy(GtkWidget *w, gpointer data)
{
	struct reply_editor *ed = data;

	(void)w;
	ed->closed = TRUE;
	if (ed->delay_id)
		g_source_remove(ed->delay_id);
	ed->delay_id = 0;
	ed->t->reply_editors = g_list_remove(ed->t->reply_editors, ed);
	editor_unref(ed);
}

/* One background colour per kind, the same wavy red underline for all. */
static void
make_tags(struct reply_editor *ed)
{
	static const char *const background[RW_REPLY_KINDS] = {
		"#ffd5d5", "#ffe2c4", "#fff0a8", "#ead9ff", "#d3e9ff", "#d9f2d0",
	};
	GdkRGBA red = { 0.8, 0.0, 0.0, 1.0 };
	int k;

	for (k = 0; k < RW_REPLY_KINDS; k++) {
		char *name = g_strdup_printf("flag-%s", rw_reply_kind_name((rw_reply_kind)k));
		ed->tags[k] = gtk_text_buffer_create_tag(ed->buf, name, "underline", PANGO_UNDERLINE_ERROR,
		                                         "underline-rgba", &red, "background", background[k], NULL);
		g_free(name);
	}
}

static GtkWidget *
wrapped_label(const char *text)
{
	GtkWidget *l = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_line_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_max_width_chars(GTK_LABEL(l), 90);
	return l;
}

struct review {
	gboolean found;
	char *title, *body, *author, *category;
};

static int
grab_review(const rw_mention *m, void *data)
{
	struct review *rv = data;

	rv->found = TRUE;
	rv->title = g_strdup(m->title);
	rv->body = g_strdup(m->body);
	rv->author = g_strdup(m->author);
	rv->category = g_strdup(m->category);
	return 1;
}

static void
build_editor(struct reply_editor *ed, GtkWindow *parent, const struct review *rv)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8), *bar, *note, *l, *sc, *exp, *b;
	char *markup, *s;

	ed->win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_title(GTK_WINDOW(ed->win), _("Reply to a review - repwatch"));
	gtk_window_set_default_size(GTK_WINDOW(ed->win), 760, 640);
	if (parent)
		gtk_window_set_transient_for(GTK_WINDOW(ed->win), parent);
	gtk_container_set_border_width(GTK_CONTAINER(box), 10);
	/* wrapped labels are as tall as the narrowest width allows: keep it wide */
	gtk_widget_set_size_request(box, 600, -1);

	markup = g_markup_printf_escaped("<big><b>%s</b></big>", rv->title && *rv->title ? rv->title : _("(no title)"));
	l = wrapped_label(NULL);
	gtk_label_set_markup(GTK_LABEL(l), markup);
	gtk_box_pack_start(GTK_BOX(box), l, FALSE, FALSE, 0);
	g_free(markup);
	if (rv->author && *rv->author) {
		s = g_strdup_printf(_("A review by %s"), rv->author);
		gtk_box_pack_start(GTK_BOX(box), wrapped_label(s), FALSE, FALSE, 0);
		g_free(s);
	}
	exp = gtk_expander_new_with_mnemonic(_("_The review"));
	l = wrapped_label(rv->body && *rv->body ? rv->body : _("(no text)"));
	gtk_label_set_selectable(GTK_LABEL(l), TRUE);
	gtk_container_add(GTK_CONTAINER(exp), l);
	gtk_box_pack_start(GTK_BOX(box), exp, FALSE, FALSE, 0);

	note = gtk_info_bar_new();
	gtk_info_bar_set_message_type(GTK_INFO_BAR(note), GTK_MESSAGE_WARNING);
	l = wrapped_label(_("Not answering publicly is often the best answer: a public reply keeps the review "
	                    "visible, and medical secrecy covers even the fact that the reviewer is your patient.  "
	                    "'repwatch reply-draft' lists the private routes (the practice's phone, the "
	                    "platform's reporting form, your insurer, the medical council).\n"
	                    "A reply with nothing flagged is not a guarantee: the check only knows its word "
	                    "lists.  Read it again before you publish it.  repwatch posts nothing: Copy puts "
	                    "the text on the clipboard."));
	gtk_widget_set_name(l, "reply-note");
	gtk_container_add(GTK_CONTAINER(gtk_info_bar_get_content_area(GTK_INFO_BAR(note))), l);
	gtk_box_pack_start(GTK_BOX(box), note, FALSE, FALSE, 0);

	l = gtk_label_new_with_mnemonic(_("_Your reply:"));
	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_box_pack_start(GTK_BOX(box), l, FALSE, FALSE, 0);
	ed->view = gtk_text_view_new();
	gtk_widget_set_name(ed->view, "reply-draft");
	gtk_label_set_mnemonic_widget(GTK_LABEL(l), ed->view);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(ed->view), GTK_WRAP_WORD_CHAR);
	gtk_text_view_set_left_margin(GTK_TEXT_VIEW(ed->view), 6);
	gtk_text_view_set_right_margin(GTK_TEXT_VIEW(ed->view), 6);
	gtk_text_view_set_pixels_below_lines(GTK_TEXT_VIEW(ed->view), 2);
	ed->buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(ed->view));
	make_tags(ed);
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_shadow_type(GTK_SCROLLED_WINDOW(sc), GTK_SHADOW_IN);
	gtk_widget_set_size_request(sc, -1, 160);
	gtk_container_add(GTK_CONTAINER(sc), ed->view);
	gtk_box_pack_start(GTK_BOX(box), sc, TRUE, TRUE, 0);

	ed->status = wrapped_label(_("Loading the reply rules..."));
	gtk_widget_set_name(ed->status, "reply-status");
	gtk_box_pack_start(GTK_BOX(box), ed->status, FALSE, FALSE, 0);
	ed->flags = gtk_list_box_new();
	gtk_widget_set_name(ed->flags, "reply-flags");
	gtk_list_box_set_selection_mode(GTK_LIST_BOX(ed->flags), GTK_SELECTION_SINGLE);
	gtk_list_box_set_activate_on_single_click(GTK_LIST_BOX(ed->flags), TRUE);
	g_signal_connect(ed->flags, "row-activated", G_CALLBACK(on_row_activated), ed);
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(sc), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_widget_set_size_request(sc, -1, 140);
	gtk_container_add(GTK_CONTAINER(sc), ed->flags);
	gtk_box_pack_start(GTK_BOX(box), sc, TRUE, TRUE, 0);

	bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	b = gtk_button_new_with_mnemonic(_("_Copy"));
	gtk_widget_set_name(b, "reply-copy");
	gtk_widget_set_tooltip_text(b, _("Put the reply on the clipboard; nothing is published"));
	g_signal_connect(b, "clicked", G_CALLBACK(on_copy), ed);
	gtk_box_pack_start(GTK_BOX(bar), b, FALSE, FALSE, 0);
	ed->copied = wrapped_label("");
	gtk_widget_set_name(ed->copied, "reply-copied");
	gtk_box_pack_start(GTK_BOX(bar), ed->copied, TRUE, TRUE, 0);
	b = gtk_button_new_with_mnemonic(_("C_lose"));
	gtk_widget_set_name(b, "reply-close");
	g_signal_connect(b, "clicked", G_CALLBACK(on_close), ed);
	gtk_box_pack_end(GTK_BOX(bar), b, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), bar, FALSE, FALSE, 0);

	gtk_container_add(GTK_CONTAINER(ed->win), box);
	g_signal_connect(ed->buf, "changed", G_CALLBACK(on_changed), ed);
	g_signal_connect(ed->win, "destroy", G_CALLBACK(on_destroy), ed);
	gtk_widget_show_all(ed->win);
}

void
tray_reply_open(struct tray *t, GtkWindow *parent, int64_t id)
{
	struct review rv = { 0 };
	rw_mention_filter f = { 0 };
	rw_mention_analysis_row a;
	struct reply_editor *ed;
	rw_err err = { 0 };
	GList *l;
	GTask *task;

	for (l = t->reply_editors; l; l = l->next) {
		ed = l->data;
		if (ed->mention_id == id) {
			gtk_window_present(GTK_WINDOW(ed->win));
			return;
		}
	}
	f.id = id;
	if (!t->store || !id || rw_store_each_mention(t->store, &f, grab_review, &rv, &err) || !rv.found) {
		tray_set_status_line(t, err.code ? err.msg : _("That mention is no longer stored."));
		tray_status_update(t);
		goto out;
	}
	ed = g_new0(struct reply_editor, 1);
	ed->refs = 1;   /* the window's, dropped on destroy */
	ed->t = t;
	ed->mention_id = id;
	ed->reviewer = g_strdup(rv.author);
	/* the first draft speaks the review's language */
	if (rw_store_get_analysis(t->store, id, &a, NULL) == RW_OK && a.found &&
	    (!strcmp(a.lang, "fr") || !strcmp(a.lang, "en"))) {
		ed->review_lang = g_strdup(a.lang);
	} else {
		char *text = g_strconcat(rv.title ? rv.title : "", "\n", rv.body ? rv.body : "", NULL);
		ed->review_lang = g_strdup(rw_lang_detect_name(text, "fr"));
		g_free(text);
	}
	build_editor(ed, parent, &rv);
	t->reply_editors = g_list_prepend(t->reply_editors, ed);
	ed->loading = TRUE;
	task = g_task_new(NULL, NULL, load_done, ed);
	g_task_set_task_data(task, editor_ref(ed), editor_unref);
	g_task_run_in_thread(task, load_thread);
	g_object_unref(task);
out:
	g_free(rv.title);
	g_free(rv.body);
	g_free(rv.author);
	g_free(rv.category);
}

gboolean
tray_reply_busy(struct tray *t)
{
	GList *l;

	for (l = t->reply_editors; l; l = l->next) {
		struct reply_editor *ed = l->data;
		if (ed->loading || ed->checking || ed->delay_id)
			return TRUE;
	}
	return FALSE;
}

/* A field of a dump line: tabs and line breaks become spaces. */
static void
dump_field(GString *out, const char *s, gssize len)
{
	gssize i;

	g_string_append_c(out, '\t');
	for (i = 0; len < 0 ? s[i] != '\0' : i < len; i++)
		g_string_append_c(out, s[i] == '\t' || s[i] == '\n' ? ' ' : s[i]);
}

/* The ranges of the buffer that carry tag, in characters. */
static void
dump_tag(GString *out, GtkTextBuffer *buf, GtkTextTag *tag)
{
	GtkTextIter it, end;
	char *name, *text;

	g_object_get(tag, "name", &name, NULL);
	gtk_text_buffer_get_start_iter(buf, &it);
	for (;;) {
		if (!gtk_text_iter_has_tag(&it, tag) && !gtk_text_iter_forward_to_tag_toggle(&it, tag))
			break;
		end = it;
		gtk_text_iter_forward_to_tag_toggle(&end, tag);
		text = gtk_text_iter_get_text(&it, &end);
		g_string_append_printf(out, "reply-tag\t%s\t%d\t%d", name, gtk_text_iter_get_offset(&it),
		                       gtk_text_iter_get_offset(&end));
		dump_field(out, text, -1);
		g_string_append_c(out, '\n');
		g_free(text);
		if (gtk_text_iter_is_end(&end))
			break;
		it = end;
	}
	g_free(name);
}

void
tray_reply_dump(struct tray *t, GString *out)
{
	GList *l;
	size_t i;
	int k;

	for (l = t->reply_editors; l; l = l->next) {
		struct reply_editor *ed = l->data;
		g_string_append_printf(out, "reply\t%" G_GINT64_FORMAT "\t", (gint64)ed->mention_id);
		if (ed->load_error)
			g_string_append(out, "error\n");
		else if (!ed->report)
			g_string_append(out, ed->check_error ? "error\n" : "unchecked\n");
		else
			g_string_append_printf(out, "checked\t%s\t%zu\n", ed->report->lang, ed->report->count);
		for (i = 0; ed->report && i < ed->report->count; i++) {
			const rw_reply_flag *f = &ed->report->flags[i];
			g_string_append_printf(out, "reply-flag\t%s\t%zu\t%zu", rw_reply_kind_name(f->kind), f->start,
			                       f->end);
			dump_field(out, ed->report_text + f->start, (gssize)(f->end - f->start));
			dump_field(out, f->reason, -1);
			g_string_append_c(out, '\n');
		}
		for (k = 0; k < RW_REPLY_KINDS; k++)
			dump_tag(out, ed->buf, ed->tags[k]);
	}
}

void
tray_reply_close_all(struct tray *t)
{
	while (t->reply_editors) {
		struct reply_editor *ed = t->reply_editors->data;
		gtk_widget_destroy(ed->win);   /* on_destroy takes it off the list */
	}
}
