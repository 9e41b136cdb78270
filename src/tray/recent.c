/* recent.c - the Recent mentions window: one row per stored mention
 * (newest change first, at most RECENT_MAX), filters by category and by
 * change, and a detail pane for the selected row with its actions.
 * Rows are read from the store on the main thread (a read on a WAL
 * database does not wait for a scan that is writing).
 */
#include "tray.h"
#include "date.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <time.h>

#define RECENT_MAX 5000

enum {
	COL_ID, COL_CHANGE, COL_CHANGE_RAW, COL_CATEGORY, COL_CATEGORY_RAW, COL_STARS, COL_SENTIMENT,
	COL_SOURCE, COL_DATE, COL_TITLE, COL_WEIGHT, NCOLS
};

struct recent {
	GtkListStore *store;
	GtkTreeModel *filter;
	GtkWidget *view, *change_combo, *category_combo, *count_label;
	GtkTreeViewColumn *sentiment_col;
	/* detail pane */
	GtkWidget *d_title, *d_meta, *d_state, *d_analysis, *d_why, *d_link, *d_text, *d_buttons;
	GtkWidget *b_open, *b_read, *b_irrelevant, *b_history, *b_evidence, *b_correction, *b_reply;
	int64_t selected;
	char *selected_link;
};

const char *
tray_change_label(const char *change)
{
	if (!change)
		return "";
	if (!strcmp(change, "new"))
		return _("New");
	if (!strcmp(change, "changed"))
		return _("Changed");
	if (!strcmp(change, "gone"))
		return _("Gone");
	return change;
}

const char *
tray_category_label(const char *category)
{
	static const struct { const char *id, *label; } names[] = {
		{ "review", N_("Review") },
		{ "misinformation", N_("Misinformation") },
		{ "news", N_("News") },
		{ "social", N_("Social") },
		{ "publication", N_("Publication") },
		{ "other", N_("Other") },
	};
	size_t i;

	for (i = 0; category && i < G_N_ELEMENTS(names); i++)
		if (!strcmp(category, names[i].id))
			return _(names[i].label);
	return category ? category : "";
}

/* "★★★★☆" for a rating scaled to 5; "" when there is none. */
static char *
stars_text(double rating, double best)
{
	GString *s;
	long n, i;

	if (rating < 0)
		return g_strdup("");
	if (best <= 0)
		best = 5;
	n = lround(rating / best * 5.0);
	n = n < 0 ? 0 : n > 5 ? 5 : n;
	s = g_string_new(NULL);
	for (i = 0; i < 5; i++)
		g_string_append(s, i < n ? "\xe2\x98\x85" : "\xe2\x98\x86");
	return g_string_free(s, FALSE);
}

static void
date_text(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (t == RW_NO_DATE || t == 0)
		return;
	localtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* A word the store writes (context "sentiment": a sentiment label,
 * "match confidence": how sure the match is) in the interface's language;
 * a word this version does not know is shown as is. */
static const char *
store_word(const char *context, const char *word)
{
	static const char *const known[][2] = {
		{ "sentiment", NC_("sentiment", "positive") },
		{ "sentiment", NC_("sentiment", "neutral") },
		{ "sentiment", NC_("sentiment", "negative") },
		{ "match confidence", NC_("match confidence", "high") },
		{ "match confidence", NC_("match confidence", "medium") },
		{ "match confidence", NC_("match confidence", "low") },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(known); i++)
		if (!strcmp(known[i][0], context) && !strcmp(known[i][1], word))
			return g_dpgettext2(NULL, context, word);
	return word;
}

/* "positive 0.62" (the label, then the score in [-1, 1] with the locale's
 * decimal mark), g_free; NULL when the scan stored no sentiment. */
static char *
sentiment_text(const rw_mention_analysis_row *a)
{
	if (!a->found || !a->has_sentiment || !*a->label)
		return NULL;
	return g_strdup_printf("%s %.2f", store_word("sentiment", a->label), a->sentiment);
}

struct fill {
	struct recent *r;
	rw_store *store;
	size_t n;
	gboolean any_sentiment;
};

static int
add_row(const rw_mention *m, void *data)
{
	struct fill *f = data;
	GtkTreeIter it;
	char date[32], *stars = stars_text(m->rating, m->rating_best), *sentiment;
	rw_mention_analysis_row a;

	/* a row the store cannot analyse still shows, without its sentiment */
	if (rw_store_get_analysis(f->store, m->id, &a, NULL))
		a.found = 0;
	sentiment = sentiment_text(&a);

	date_text(m->published != RW_NO_DATE ? m->published : m->first_seen, date, sizeof(date));
	gtk_list_store_insert_with_values(f->r->store, &it, -1,
		COL_ID, (gint64)m->id,
		COL_CHANGE, tray_change_label(m->last_change),
		COL_CHANGE_RAW, m->last_change,
		COL_CATEGORY, tray_category_label(m->category),
		COL_CATEGORY_RAW, m->category,
		COL_STARS, stars,
		COL_SENTIMENT, sentiment ? sentiment : "",
		COL_SOURCE, m->source ? m->source : "",
		COL_DATE, date,
		COL_TITLE, m->title && *m->title ? m->title : _("(no title)"),
		COL_WEIGHT, m->read ? PANGO_WEIGHT_NORMAL : PANGO_WEIGHT_BOLD,
		-1);
	g_free(stars);
	f->any_sentiment |= sentiment != NULL;
	g_free(sentiment);
	return ++f->n >= RECENT_MAX;
}

static gboolean
row_visible(GtkTreeModel *model, GtkTreeIter *it, gpointer data)
{
	struct recent *r = data;
	const char *want_change = gtk_combo_box_get_active_id(GTK_COMBO_BOX(r->change_combo));
	const char *want_cat = gtk_combo_box_get_active_id(GTK_COMBO_BOX(r->category_combo));
	char *change, *cat;
	gboolean ok;

	gtk_tree_model_get(model, it, COL_CHANGE_RAW, &change, COL_CATEGORY_RAW, &cat, -1);
	ok = (!want_change || !*want_change || (change && !strcmp(change, want_change))) &&
	     (!want_cat || !*want_cat || (cat && !strcmp(cat, want_cat)));
	g_free(change);
	g_free(cat);
	return ok;
}

static void
update_count(struct recent *r)
{
	int shown = gtk_tree_model_iter_n_children(r->filter, NULL);
	int all = gtk_tree_model_iter_n_children(GTK_TREE_MODEL(r->store), NULL);
	char *s = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%d of %d mention shown", "%d of %d mentions shown", all),
	                          shown, all);

	gtk_label_set_text(GTK_LABEL(r->count_label), s);
	g_free(s);
}

static void
on_filter_changed(GtkComboBox *c, gpointer data)
{
	struct recent *r = data;

	(void)c;
	gtk_tree_model_filter_refilter(GTK_TREE_MODEL_FILTER(r->filter));
	update_count(r);
}

/* ---- detail pane ---- */

struct detail {
	struct recent *r;
	struct tray *t;
	gboolean found;
};

/* The sentiment, the match confidence and why the mention matched, as
 * the scan stored them. */
static void
fill_analysis(struct tray *t, struct recent *r, int64_t id)
{
	rw_mention_analysis_row a;
	rw_err err = { 0 };
	GString *s = g_string_new(NULL);
	char *sentiment;

	if (rw_store_get_analysis(t->store, id, &a, &err)) {
		gtk_label_set_text(GTK_LABEL(r->d_analysis), err.msg);
		gtk_widget_hide(r->d_why);
		g_string_free(s, TRUE);
		return;
	}
	sentiment = sentiment_text(&a);
	g_string_printf(s, _("Sentiment: %s"), sentiment ? sentiment : _("not scored"));
	if (a.found && *a.confidence) {
		g_string_append(s, "  \xc2\xb7  ");
		g_string_append_printf(s, _("match confidence: %s"), store_word("match confidence", a.confidence));
	}
	gtk_label_set_text(GTK_LABEL(r->d_analysis), s->str);
	if (a.found && *a.match_reason) {
		g_string_printf(s, _("Why it matched: %s"), a.match_reason);
		gtk_label_set_text(GTK_LABEL(r->d_why), s->str);
		gtk_widget_show(r->d_why);
	} else {
		gtk_widget_hide(r->d_why);
	}
	g_free(sentiment);
	g_string_free(s, TRUE);
}

static int
fill_detail(const rw_mention *m, void *data)
{
	struct detail *d = data;
	struct recent *r = d->r;
	GString *meta = g_string_new(NULL), *state = g_string_new(NULL);
	char date[32], *stars = stars_text(m->rating, m->rating_best), *markup;
	GtkTextBuffer *buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(r->d_text));

	d->found = TRUE;
	markup = g_markup_printf_escaped("<big><b>%s</b></big>", m->title && *m->title ? m->title : _("(no title)"));
	gtk_label_set_markup(GTK_LABEL(r->d_title), markup);
	g_free(markup);

	g_string_append(meta, tray_category_label(m->category));
	if (*stars)
		g_string_append_printf(meta, "  \xc2\xb7  %s (%g/%g)", stars, m->rating,
		                       m->rating_best > 0 ? m->rating_best : 5);
	if (m->source)
		g_string_append_printf(meta, "  \xc2\xb7  %s", m->source);
	if (m->author && *m->author)
		g_string_append_printf(meta, "  \xc2\xb7  %s", m->author);
	date_text(m->published, date, sizeof(date));
	if (*date)
		g_string_append_printf(meta, "  \xc2\xb7  %s", date);
	gtk_label_set_text(GTK_LABEL(r->d_meta), meta->str);

	date_text(m->first_seen, date, sizeof(date));
	g_string_append_printf(state, _("State: %s, last change: %s, version %d; first seen %s"),
	                       !strcmp(m->state ? m->state : "", "gone") ? _("gone") : _("online"),
	                       tray_change_label(m->last_change), m->version, date);
	date_text(m->last_seen, date, sizeof(date));
	g_string_append_printf(state, _(", last seen %s"), date);
	g_string_append(state, m->read ? _("; read") : _("; unread"));
	gtk_label_set_text(GTK_LABEL(r->d_state), state->str);
	fill_analysis(d->t, r, m->id);

	g_free(r->selected_link);
	r->selected_link = g_strdup(m->link);
	if (m->link) {
		markup = g_markup_printf_escaped("<a href=\"%s\">%s</a>", m->link, m->link);
		gtk_label_set_markup(GTK_LABEL(r->d_link), markup);
		g_free(markup);
	} else {
		gtk_label_set_text(GTK_LABEL(r->d_link), _("(no link)"));
	}
	gtk_text_buffer_set_text(buf, m->body && *m->body ? m->body : _("(no text)"), -1);

	gtk_widget_set_sensitive(r->b_open, m->link != NULL);
	gtk_button_set_label(GTK_BUTTON(r->b_read), m->read ? _("Mark as _unread") : _("Mark as _read"));
	gtk_widget_set_visible(r->b_correction, m->category && !strcmp(m->category, "misinformation"));
	/* the reply editor's rules and drafts are written for reviews */
	gtk_widget_set_sensitive(r->b_reply, m->category && !strcmp(m->category, "review"));
	g_string_free(meta, TRUE);
	g_string_free(state, TRUE);
	g_free(stars);
	return 1;
}

static void
show_detail(struct tray *t, int64_t id)
{
	struct recent *r = t->recent;
	struct detail d = { r, t, FALSE };
	rw_mention_filter f;
	rw_err err = { 0 };

	r->selected = id;
	memset(&f, 0, sizeof(f));
	f.id = id;
	if (id && t->store)
		rw_store_each_mention(t->store, &f, fill_detail, &d, &err);
	gtk_widget_set_visible(r->d_buttons, d.found);
	if (!d.found) {
		gtk_label_set_text(GTK_LABEL(r->d_title), _("Select a mention to see its text."));
		gtk_label_set_text(GTK_LABEL(r->d_meta), err.code ? err.msg : "");
		gtk_label_set_text(GTK_LABEL(r->d_state), "");
		gtk_label_set_text(GTK_LABEL(r->d_analysis), "");
		gtk_widget_hide(r->d_why);
		gtk_label_set_text(GTK_LABEL(r->d_link), "");
		gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(r->d_text)), "", -1);
		r->selected = 0;
	}
}

static void
on_selection_changed(GtkTreeSelection *sel, gpointer data)
{
	struct tray *t = data;
	GtkTreeModel *model;
	GtkTreeIter it;
	gint64 id = 0;

	if (gtk_tree_selection_get_selected(sel, &model, &it))
		gtk_tree_model_get(model, &it, COL_ID, &id, -1);
	show_detail(t, id);
}

static GtkWindow *
recent_parent(struct tray *t)
{
	return GTK_WINDOW(t->recent_window);
}

static void
on_open(GtkButton *b, gpointer data)
{
	struct tray *t = data;

	(void)b;
	tray_action_open(recent_parent(t), t->recent->selected_link);
}

static void
on_read(GtkButton *b, gpointer data)
{
	struct tray *t = data;
	const char *label = gtk_button_get_label(b);

	/* the label says which way the mark goes */
	tray_action_mark(t, recent_parent(t), t->recent->selected,
	                 label && !strcmp(label, _("Mark as _unread")) ? "unread" : "read");
}

static void
on_irrelevant(GtkButton *b, gpointer data)
{
	struct tray *t = data;

	(void)b;
	tray_action_not_me(t, recent_parent(t), t->recent->selected);
}

static void
on_history(GtkButton *b, gpointer data)
{
	struct tray *t = data;

	(void)b;
	tray_action_history(t, recent_parent(t), t->recent->selected);
}

static void
on_evidence(GtkButton *b, gpointer data)
{
	struct tray *t = data;

	(void)b;
	tray_action_evidence(t, recent_parent(t), t->recent->selected);
}

static void
on_correction(GtkButton *b, gpointer data)
{
	struct tray *t = data;

	(void)b;
	tray_action_correction(t, recent_parent(t), t->recent->selected);
}

static void
on_reply(GtkButton *b, gpointer data)
{
	struct tray *t = data;

	(void)b;
	tray_reply_open(t, recent_parent(t), t->recent->selected);
}

static GtkWidget *
detail_label(GtkWidget *box)
{
	GtkWidget *l = gtk_label_new(NULL);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_line_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_selectable(GTK_LABEL(l), TRUE);
	gtk_box_pack_start(GTK_BOX(box), l, FALSE, FALSE, 0);
	return l;
}

static GtkWidget *
detail_button(struct recent *r, const char *label, const char *name, struct tray *t, GCallback cb)
{
	GtkWidget *b = gtk_button_new_with_mnemonic(label);

	g_signal_connect(b, "clicked", cb, t);
	gtk_widget_set_name(b, name);
	gtk_container_add(GTK_CONTAINER(r->d_buttons), b);
	/* each as wide as its label: French labels are long, and equal widths
	 * pushed the window past a 1024-pixel screen */
	gtk_button_box_set_child_non_homogeneous(GTK_BUTTON_BOX(r->d_buttons), b, TRUE);
	return b;
}

static GtkWidget *
build_detail(struct tray *t)
{
	struct recent *r = t->recent;
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6), *sc;

	gtk_container_set_border_width(GTK_CONTAINER(box), 10);
	r->d_title = detail_label(box);
	gtk_widget_set_name(r->d_title, "detail-title");
	r->d_meta = detail_label(box);
	r->d_state = detail_label(box);
	gtk_style_context_add_class(gtk_widget_get_style_context(r->d_state), "dim-label");
	r->d_analysis = detail_label(box);
	gtk_widget_set_name(r->d_analysis, "detail-analysis");
	r->d_why = detail_label(box);
	gtk_widget_set_name(r->d_why, "detail-why");
	gtk_style_context_add_class(gtk_widget_get_style_context(r->d_why), "dim-label");
	gtk_widget_set_no_show_all(r->d_why, TRUE);
	r->d_link = detail_label(box);
	gtk_label_set_ellipsize(GTK_LABEL(r->d_link), PANGO_ELLIPSIZE_MIDDLE);
	gtk_label_set_line_wrap(GTK_LABEL(r->d_link), FALSE);
	r->d_text = gtk_text_view_new();
	gtk_widget_set_name(r->d_text, "detail-text");
	gtk_text_view_set_editable(GTK_TEXT_VIEW(r->d_text), FALSE);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(r->d_text), GTK_WRAP_WORD_CHAR);
	gtk_text_view_set_left_margin(GTK_TEXT_VIEW(r->d_text), 6);
	gtk_text_view_set_right_margin(GTK_TEXT_VIEW(r->d_text), 6);
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_shadow_type(GTK_SCROLLED_WINDOW(sc), GTK_SHADOW_IN);
	gtk_container_add(GTK_CONTAINER(sc), r->d_text);
	gtk_box_pack_start(GTK_BOX(box), sc, TRUE, TRUE, 0);

	r->d_buttons = gtk_button_box_new(GTK_ORIENTATION_HORIZONTAL);
	gtk_button_box_set_layout(GTK_BUTTON_BOX(r->d_buttons), GTK_BUTTONBOX_START);
	gtk_box_set_spacing(GTK_BOX(r->d_buttons), 6);
	r->b_open = detail_button(r, _("_Open"), "open", t, G_CALLBACK(on_open));
	r->b_read = detail_button(r, _("Mark as _read"), "mark-read", t, G_CALLBACK(on_read));
	r->b_irrelevant = detail_button(r, _("_Not about me"), "not-me", t, G_CALLBACK(on_irrelevant));
	r->b_history = detail_button(r, _("_History..."), "history", t, G_CALLBACK(on_history));
	r->b_evidence = detail_button(r, _("_Evidence..."), "evidence", t, G_CALLBACK(on_evidence));
	r->b_correction = detail_button(r, _("_Correction..."), "correction", t, G_CALLBACK(on_correction));
	gtk_widget_set_no_show_all(r->b_correction, TRUE);
	r->b_reply = detail_button(r, _("_Reply..."), "reply", t, G_CALLBACK(on_reply));
	gtk_widget_set_tooltip_text(r->b_reply, _("Write a reply to this review and check, as you type, that it "
	                                          "says nothing covered by medical secrecy"));
	gtk_box_pack_start(GTK_BOX(box), r->d_buttons, FALSE, FALSE, 0);
	gtk_widget_set_no_show_all(r->d_buttons, FALSE);
	return box;
}

/* ---- the window ---- */

static GtkTreeViewColumn *
text_column(GtkWidget *view, const char *title, int col, gboolean expand)
{
	GtkCellRenderer *cell = gtk_cell_renderer_text_new();
	GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(title, cell, "text", col,
	                                                                "weight", COL_WEIGHT, NULL);

	gtk_tree_view_column_set_resizable(c, TRUE);
	gtk_tree_view_column_set_expand(c, expand);
	if (expand)
		g_object_set(cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
	gtk_tree_view_append_column(GTK_TREE_VIEW(view), c);
	return c;
}

static GtkWidget *
combo(const char *const (*items)[2], size_t n)
{
	GtkWidget *c = gtk_combo_box_text_new();
	size_t i;

	for (i = 0; i < n; i++)
		gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(c), items[i][0], items[i][1]);
	gtk_combo_box_set_active(GTK_COMBO_BOX(c), 0);
	return c;
}

static gboolean
on_recent_delete(GtkWidget *w, GdkEvent *ev, gpointer data)
{
	(void)ev;
	(void)data;
	gtk_widget_hide(w);
	return TRUE;
}

static void
build_window(struct tray *t)
{
	struct recent *r = g_new0(struct recent, 1);
	const char *const changes[][2] = {
		{ "", _("Every change") },
		{ "new", _("New") },
		{ "changed", _("Changed") },
		{ "gone", _("Gone") },
	};
	const char *const cats[][2] = {
		{ "", _("Every category") },
		{ "review", _("Review") },
		{ "misinformation", _("Misinformation") },
		{ "news", _("News") },
		{ "social", _("Social") },
		{ "publication", _("Publication") },
		{ "other", _("Other") },
	};
	GtkWidget *win, *outer, *bar, *paned, *sc;

	t->recent = r;
	win = gtk_application_window_new(t->app);
	gtk_window_set_title(GTK_WINDOW(win), _("Recent mentions - repwatch"));
	gtk_window_set_default_size(GTK_WINDOW(win), 900, 600);
	g_signal_connect(win, "delete-event", G_CALLBACK(on_recent_delete), t);

	r->store = gtk_list_store_new(NCOLS, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
	                              G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
	                              G_TYPE_INT);
	r->filter = gtk_tree_model_filter_new(GTK_TREE_MODEL(r->store), NULL);

	outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	gtk_container_set_border_width(GTK_CONTAINER(bar), 8);
	gtk_box_pack_start(GTK_BOX(bar), gtk_label_new(_("Show:")), FALSE, FALSE, 0);
	r->change_combo = combo(changes, G_N_ELEMENTS(changes));
	gtk_widget_set_name(r->change_combo, "filter-change");
	r->category_combo = combo(cats, G_N_ELEMENTS(cats));
	gtk_widget_set_name(r->category_combo, "filter-category");
	gtk_box_pack_start(GTK_BOX(bar), r->change_combo, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), r->category_combo, FALSE, FALSE, 0);
	r->count_label = gtk_label_new(NULL);
	gtk_style_context_add_class(gtk_widget_get_style_context(r->count_label), "dim-label");
	gtk_box_pack_end(GTK_BOX(bar), r->count_label, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(outer), bar, FALSE, FALSE, 0);
	gtk_tree_model_filter_set_visible_func(GTK_TREE_MODEL_FILTER(r->filter), row_visible, r, NULL);
	g_signal_connect(r->change_combo, "changed", G_CALLBACK(on_filter_changed), r);
	g_signal_connect(r->category_combo, "changed", G_CALLBACK(on_filter_changed), r);

	r->view = gtk_tree_view_new_with_model(r->filter);
	gtk_widget_set_name(r->view, "mentions");
	/* --self-test-set mentions=TITLE selects by title */
	g_object_set_data(G_OBJECT(r->view), "selftest-column", GINT_TO_POINTER(COL_TITLE));
	gtk_tree_view_set_enable_search(GTK_TREE_VIEW(r->view), TRUE);
	gtk_tree_view_set_search_column(GTK_TREE_VIEW(r->view), COL_TITLE);
	text_column(r->view, _("Change"), COL_CHANGE, FALSE);
	text_column(r->view, _("Category"), COL_CATEGORY, FALSE);
	text_column(r->view, _("Stars"), COL_STARS, FALSE);
	r->sentiment_col = text_column(r->view, _("Sentiment"), COL_SENTIMENT, FALSE);
	text_column(r->view, _("Source"), COL_SOURCE, FALSE);
	text_column(r->view, _("Date"), COL_DATE, FALSE);
	text_column(r->view, _("Title"), COL_TITLE, TRUE);
	g_signal_connect(gtk_tree_view_get_selection(GTK_TREE_VIEW(r->view)), "changed",
	                 G_CALLBACK(on_selection_changed), t);
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_container_add(GTK_CONTAINER(sc), r->view);

	paned = gtk_paned_new(GTK_ORIENTATION_VERTICAL);
	gtk_paned_pack1(GTK_PANED(paned), sc, TRUE, FALSE);
	gtk_paned_pack2(GTK_PANED(paned), build_detail(t), TRUE, FALSE);
	gtk_paned_set_position(GTK_PANED(paned), 280);
	gtk_box_pack_start(GTK_BOX(outer), paned, TRUE, TRUE, 0);
	gtk_container_add(GTK_CONTAINER(win), outer);
	gtk_widget_show_all(outer);
	t->recent_window = win;
}

void
tray_recent_set_filters(struct tray *t, const char *change, const char *category)
{
	struct recent *r = t->recent;

	if (!r)
		return;
	if (!gtk_combo_box_set_active_id(GTK_COMBO_BOX(r->change_combo), change ? change : ""))
		gtk_combo_box_set_active(GTK_COMBO_BOX(r->change_combo), 0);
	if (!gtk_combo_box_set_active_id(GTK_COMBO_BOX(r->category_combo), category ? category : ""))
		gtk_combo_box_set_active(GTK_COMBO_BOX(r->category_combo), 0);
}

void
tray_recent_refresh(struct tray *t)
{
	struct recent *r = t->recent;
	struct fill f = { r, t->store, 0, FALSE };
	rw_err err = { 0 };
	int64_t keep;

	if (!r)
		return;
	keep = r->selected;
	gtk_list_store_clear(r->store);
	if (t->store && rw_store_each_mention(t->store, NULL, add_row, &f, &err))
		tray_set_status_line(t, err.msg);
	gtk_tree_view_column_set_visible(r->sentiment_col, f.any_sentiment);
	update_count(r);
	show_detail(t, keep);
	if (!keep) {
		/* open on the newest change rather than on an empty pane */
		GtkTreeIter it;
		if (gtk_tree_model_get_iter_first(r->filter, &it))
			gtk_tree_selection_select_iter(gtk_tree_view_get_selection(GTK_TREE_VIEW(r->view)), &it);
	} else {
		GtkTreeIter it;
		gboolean more = gtk_tree_model_get_iter_first(r->filter, &it);
		for (; more; more = gtk_tree_model_iter_next(r->filter, &it)) {
			gint64 id;
			gtk_tree_model_get(r->filter, &it, COL_ID, &id, -1);
			if (id == keep) {
				gtk_tree_selection_select_iter(gtk_tree_view_get_selection(GTK_TREE_VIEW(r->view)), &it);
				break;
			}
		}
	}
}

void
tray_recent_show(struct tray *t)
{
	GError *e = NULL;

	if (!t->recent_window) {
		build_window(t);
		tray_recent_set_filters(t, t->filter_change, t->filter_category);
	}
	tray_recent_refresh(t);
	gtk_window_present(GTK_WINDOW(t->recent_window));
	/* what is listed now counts as seen: the icon stops counting it */
	t->settings.last_viewed = (int64_t)time(NULL);
	if (!tray_settings_save(t->settings_path, &t->settings, &e)) {
		tray_set_status_line(t, e->message);
		g_error_free(e);
	}
	tray_count_changes(t);
	tray_status_update(t);
}

void
tray_recent_dump(struct tray *t, GString *out)
{
	struct recent *r = t->recent;
	GtkTreeIter it;
	gboolean more;
	GList *cols, *c;

	if (!r || !gtk_widget_get_visible(t->recent_window))
		return;
	g_string_append(out, "columns");
	cols = gtk_tree_view_get_columns(GTK_TREE_VIEW(r->view));
	for (c = cols; c; c = c->next)
		if (gtk_tree_view_column_get_visible(c->data))
			g_string_append_printf(out, "\t%s", gtk_tree_view_column_get_title(c->data));
	g_list_free(cols);
	g_string_append_c(out, '\n');
	more = gtk_tree_model_get_iter_first(r->filter, &it);
	for (; more; more = gtk_tree_model_iter_next(r->filter, &it)) {
		char *v[NCOLS] = { NULL };
		int i;
		gtk_tree_model_get(r->filter, &it, COL_CHANGE, &v[COL_CHANGE], COL_CATEGORY, &v[COL_CATEGORY],
		                   COL_STARS, &v[COL_STARS], COL_SENTIMENT, &v[COL_SENTIMENT], COL_SOURCE,
		                   &v[COL_SOURCE], COL_DATE, &v[COL_DATE], COL_TITLE, &v[COL_TITLE], -1);
		g_string_append(out, "row");
		for (i = COL_CHANGE; i < NCOLS; i++) {
			if (i == COL_CHANGE_RAW || i == COL_CATEGORY_RAW || i == COL_WEIGHT)
				continue;
			if (i == COL_SENTIMENT && !gtk_tree_view_column_get_visible(r->sentiment_col))
				continue;
			g_string_append_printf(out, "\t%s", v[i] ? v[i] : "");
		}
		for (i = 0; i < NCOLS; i++)
			g_free(v[i]);
		g_string_append_c(out, '\n');
	}
}

void
tray_recent_free(struct tray *t)
{
	struct recent *r = t->recent;

	if (!r)
		return;
	if (t->recent_window)
		gtk_widget_destroy(t->recent_window);
	t->recent_window = NULL;
	g_object_unref(r->filter);
	g_object_unref(r->store);
	g_free(r->selected_link);
	g_free(r);
	t->recent = NULL;
}
