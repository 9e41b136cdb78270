/* SPDX-License-Identifier: MIT */
/* recent.c - the Recent mentions window, a reader: one row per stored
 * mention (newest change first until a column header is clicked, at most
 * RECENT_MAX), sortable columns, several rows selected at once, a search
 * box over title, text, author and source, filters by change, category,
 * source and practitioner, the unread count of what the filters show, and
 * a detail pane for the selected row with its actions.  Double-click or
 * Enter opens the link (tray_action_open: http(s) only).  The sort, the
 * filters and the window size survive a restart (view.ini under
 * $XDG_STATE_HOME/repwatch, written atomically).
 * Rows are read from the store on the main thread (a read on a WAL
 * database does not wait for a scan that is writing).
 */
#include "tray.h"
#include "date.h"
#include "record.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <time.h>

#define RECENT_MAX 5000

enum {
	COL_ID, COL_CHANGE, COL_CHANGE_RAW, COL_CATEGORY, COL_CATEGORY_RAW, COL_STARS, COL_SENTIMENT,
	COL_SOURCE, COL_DATE, COL_TITLE, COL_WEIGHT,
	/* not shown as columns: for sorting, searching, filtering, tooltips */
	COL_ORDER, COL_WHEN, COL_RATING, COL_SCORE, COL_MARKER_COLOUR, COL_TIP, COL_BODY, COL_AUTHOR,
	COL_PRACTITIONER, COL_READ, COL_LINK, NCOLS
};

/* what survives a restart */
#define VIEW_GROUP "view"

struct recent {
	GtkListStore *store;
	GtkTreeModel *filter, *sort;
	GtkWidget *view, *change_combo, *category_combo, *source_combo, *practitioner_combo, *search, *count_label;
	GtkWidget *b_all_read;
	GtkTreeViewColumn *sentiment_col;
	char *view_path;
	gboolean restoring;
	/* detail pane */
	GtkWidget *d_title, *d_meta, *d_state, *d_analysis, *d_why, *d_link, *d_text, *d_buttons;
	GtkWidget *b_open, *b_read, *b_irrelevant, *b_is_me, *b_history, *b_evidence, *b_correction, *b_reply;
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

/* The sentiment in words ("positive"), g_free; NULL when the scan stored
 * none.  *colour: the marker's colour; *tip: the score, for a tooltip. */
static char *
sentiment_text(const rw_mention_analysis_row *a, const char **colour, char **tip)
{
	if (colour)
		*colour = NULL;
	if (tip)
		*tip = NULL;
	if (!a->found || !a->has_sentiment || !*a->label)
		return NULL;
	if (colour)
		*colour = !strcmp(a->label, "positive") ? "#2e7d32" : !strcmp(a->label, "negative") ? "#c62828" : "#8a8a8a";
	if (tip)
		*tip = g_strdup_printf(_("Sentiment score: %.2f (from -1, negative, to 1, positive)"), a->sentiment);
	return g_strdup(store_word("sentiment", a->label));
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
	char date[64], *stars = stars_text(m->rating, m->rating_best), *sentiment, *tip, *title;
	const char *colour;
	rw_mention_analysis_row a;
	int64_t when = m->published != RW_NO_DATE ? m->published : m->first_seen;

	/* a row the store cannot analyse still shows, without its sentiment */
	if (rw_store_get_analysis(f->store, m->id, &a, NULL))
		a.found = 0;
	sentiment = sentiment_text(&a, &colour, &tip);

	rw_when_format(when, RW_WHEN_WORDS, date, sizeof(date));
	/* TRANSLATORS: the title of a mention that may be a namesake's, in the list of recent mentions */
	title = m->uncertain ? g_strdup_printf(_("(uncertain) %s"), m->title && *m->title ? m->title : _("(no title)"))
	                     : g_strdup(m->title && *m->title ? m->title : _("(no title)"));
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
		COL_TITLE, title,
		COL_WEIGHT, m->read ? PANGO_WEIGHT_NORMAL : PANGO_WEIGHT_BOLD,
		COL_ORDER, (gint)f->n,
		COL_WHEN, (gint64)(when == RW_NO_DATE ? 0 : when),
		COL_RATING, m->rating >= 0 && m->rating_best > 0 ? m->rating / m->rating_best : m->rating,
		COL_SCORE, a.found && a.has_sentiment ? a.sentiment : -2.0,
		COL_MARKER_COLOUR, colour,
		COL_TIP, tip,
		COL_BODY, m->body,
		COL_AUTHOR, m->author,
		COL_PRACTITIONER, m->practitioner,
		COL_READ, (gboolean)(m->read != 0),
		COL_LINK, m->link,
		-1);
	g_free(stars);
	g_free(title);
	g_free(tip);
	f->any_sentiment |= sentiment != NULL;
	g_free(sentiment);
	return ++f->n >= RECENT_MAX;
}

/* haystack contains every word of needle, case and accents folded */
static gboolean
matches_words(const char *const *fields, size_t n, char **words)
{
	size_t i;
	char **w;

	for (w = words; *w; w++) {
		gboolean found = FALSE;
		if (!**w)
			continue;
		for (i = 0; i < n && !found; i++) {
			char *f;
			if (!fields[i])
				continue;
			f = g_utf8_casefold(fields[i], -1);
			found = strstr(f, *w) != NULL;
			g_free(f);
		}
		if (!found)
			return FALSE;
	}
	return TRUE;
}

static gboolean
same_or_any(const char *want, const char *have)
{
	return !want || !*want || (have && !strcmp(have, want));
}

static gboolean
row_visible(GtkTreeModel *model, GtkTreeIter *it, gpointer data)
{
	struct recent *r = data;
	const char *search = gtk_entry_get_text(GTK_ENTRY(r->search));
	char *v[NCOLS] = { NULL };
	gboolean ok;
	int i;

	gtk_tree_model_get(model, it, COL_CHANGE_RAW, &v[COL_CHANGE_RAW], COL_CATEGORY_RAW, &v[COL_CATEGORY_RAW],
	                   COL_SOURCE, &v[COL_SOURCE], COL_PRACTITIONER, &v[COL_PRACTITIONER], COL_TITLE, &v[COL_TITLE],
	                   COL_BODY, &v[COL_BODY], COL_AUTHOR, &v[COL_AUTHOR], -1);
	ok = same_or_any(gtk_combo_box_get_active_id(GTK_COMBO_BOX(r->change_combo)), v[COL_CHANGE_RAW]) &&
	     same_or_any(gtk_combo_box_get_active_id(GTK_COMBO_BOX(r->category_combo)), v[COL_CATEGORY_RAW]) &&
	     same_or_any(gtk_combo_box_get_active_id(GTK_COMBO_BOX(r->source_combo)), v[COL_SOURCE]) &&
	     same_or_any(gtk_combo_box_get_active_id(GTK_COMBO_BOX(r->practitioner_combo)), v[COL_PRACTITIONER]);
	if (ok && *search) {
		char *folded = g_utf8_casefold(search, -1), **words = g_strsplit_set(folded, " \t", -1);
		const char *fields[] = { v[COL_TITLE], v[COL_BODY], v[COL_AUTHOR], v[COL_SOURCE] };
		ok = matches_words(fields, G_N_ELEMENTS(fields), words);
		g_strfreev(words);
		g_free(folded);
	}
	for (i = 0; i < NCOLS; i++)
		g_free(v[i]);
	return ok;
}

static void
update_count(struct recent *r)
{
	int shown = gtk_tree_model_iter_n_children(r->filter, NULL);
	int all = gtk_tree_model_iter_n_children(GTK_TREE_MODEL(r->store), NULL);
	int unread = 0;
	GtkTreeIter it;
	gboolean more = gtk_tree_model_get_iter_first(r->filter, &it);
	char *s, *u;

	for (; more; more = gtk_tree_model_iter_next(r->filter, &it)) {
		gboolean read;
		gtk_tree_model_get(r->filter, &it, COL_READ, &read, -1);
		unread += !read;
	}
	s = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%d of %d mention shown", "%d of %d mentions shown", all),
	                    shown, all);
	u = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%s, %d unread", "%s, %d unread", unread), s, unread);
	gtk_label_set_text(GTK_LABEL(r->count_label), u);
	gtk_widget_set_sensitive(r->b_all_read, unread > 0);
	g_free(u);
	g_free(s);
}

static void view_state_save(struct recent *r, GtkWindow *win);

static void
on_filter_changed(GtkWidget *w, gpointer data)
{
	struct tray *t = data;
	struct recent *r = t->recent;

	(void)w;
	if (!r)
		return;
	gtk_tree_model_filter_refilter(GTK_TREE_MODEL_FILTER(r->filter));
	update_count(r);
	view_state_save(r, GTK_WINDOW(t->recent_window));
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
	char *sentiment, *tip;

	if (rw_store_get_analysis(t->store, id, &a, &err)) {
		gtk_label_set_text(GTK_LABEL(r->d_analysis), err.msg);
		gtk_widget_hide(r->d_why);
		g_string_free(s, TRUE);
		return;
	}
	sentiment = sentiment_text(&a, NULL, &tip);
	g_string_printf(s, _("Sentiment: %s"), sentiment ? sentiment : _("not scored"));
	gtk_widget_set_tooltip_text(r->d_analysis, tip);
	g_free(tip);
	if (a.found && *a.confidence) {
		g_string_append(s, "  \xc2\xb7  ");
		g_string_append_printf(s, _("match confidence: %s"), store_word("match confidence", a.confidence));
	}
	gtk_label_set_text(GTK_LABEL(r->d_analysis), s->str);
	if (a.found && *a.match_reason) {
		char why[sizeof(a.match_reason) * 2];
		g_string_printf(s, _("Why it matched: %s"), rw_reason_render(a.match_reason, 1, why, sizeof(why)));
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
	char date[64], *stars = stars_text(m->rating, m->rating_best), *markup;
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
	rw_when_format(m->published, RW_WHEN_WORDS, date, sizeof(date));
	if (*date)
		g_string_append_printf(meta, "  \xc2\xb7  %s", date);
	gtk_label_set_text(GTK_LABEL(r->d_meta), meta->str);

	rw_when_format(m->first_seen, RW_WHEN_TIME | RW_WHEN_WORDS, date, sizeof(date));
	g_string_append_printf(state, _("State: %s, last change: %s, version %d; first seen %s"),
	                       !strcmp(m->state ? m->state : "", "gone") ? _("gone") : _("online"),
	                       tray_change_label(m->last_change), m->version, date);
	rw_when_format(m->last_seen, RW_WHEN_TIME | RW_WHEN_WORDS, date, sizeof(date));
	g_string_append_printf(state, _(", last seen %s"), date);
	g_string_append(state, m->read ? _("; read") : _("; unread"));
	if (m->uncertain) {
		char why[900];
		g_string_append_printf(state, "\n%s", rw_record_uncertain(m->uncertain, m->id, why, sizeof(why)));
	}
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
	gtk_widget_set_visible(r->b_is_me, m->uncertain != 0);
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

/* The ids of the selected rows, in the order shown; *n their count. */
static int64_t *
selected_ids(struct recent *r, size_t *n)
{
	GtkTreeModel *model;
	GList *rows = gtk_tree_selection_get_selected_rows(gtk_tree_view_get_selection(GTK_TREE_VIEW(r->view)), &model);
	GList *l;
	int64_t *ids = g_new0(int64_t, g_list_length(rows) + 1);

	*n = 0;
	for (l = rows; l; l = l->next) {
		GtkTreeIter it;
		gint64 id;
		if (gtk_tree_model_get_iter(model, &it, l->data)) {
			gtk_tree_model_get(model, &it, COL_ID, &id, -1);
			ids[(*n)++] = id;
		}
	}
	g_list_free_full(rows, (GDestroyNotify)gtk_tree_path_free);
	return ids;
}

static void
on_selection_changed(GtkTreeSelection *sel, gpointer data)
{
	struct tray *t = data;
	size_t n;
	int64_t *ids = selected_ids(t->recent, &n);

	(void)sel;
	/* the detail pane shows the first of the selected rows; the mark
	 * buttons act on all of them */
	show_detail(t, n ? ids[0] : 0);
	if (n > 1) {
		char *l = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu mention selected", "%zu mentions selected", n), n);
		gtk_label_set_text(GTK_LABEL(t->recent->d_state), l);
		g_free(l);
	}
	g_free(ids);
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

/* a click on the detail pane's link: through the same filter as Open, never
 * GTK's default handler (which would launch any scheme's program) */
static gboolean
on_activate_link(GtkLabel *label, gchar *uri, gpointer data)
{
	struct tray *t = data;

	(void)label;
	tray_action_open(recent_parent(t), uri);
	return TRUE;
}

/* double-click or Enter on a row: its link, through the same filter */
static void
on_row_activated(GtkTreeView *v, GtkTreePath *path, GtkTreeViewColumn *col, gpointer data)
{
	struct tray *t = data;
	GtkTreeModel *model = gtk_tree_view_get_model(v);
	GtkTreeIter it;
	char *link = NULL;

	(void)col;
	if (!gtk_tree_model_get_iter(model, &it, path))
		return;
	gtk_tree_model_get(model, &it, COL_LINK, &link, -1);
	tray_action_open(recent_parent(t), link);
	g_free(link);
}

static void
on_read(GtkButton *b, gpointer data)
{
	struct tray *t = data;
	const char *label = gtk_button_get_label(b);
	size_t n;
	int64_t *ids = selected_ids(t->recent, &n);

	/* the label says which way the mark goes */
	tray_action_mark_many(t, recent_parent(t), ids, n,
	                      label && !strcmp(label, _("Mark as _unread")) ? "unread" : "read");
	g_free(ids);
}

/* every row the filters and the search show */
static void
on_all_read(GtkButton *b, gpointer data)
{
	struct tray *t = data;
	struct recent *r = t->recent;
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	GtkTreeIter it;
	gboolean more = gtk_tree_model_get_iter_first(r->filter, &it);

	(void)b;
	for (; more; more = gtk_tree_model_iter_next(r->filter, &it)) {
		gint64 id;
		gboolean read;
		gtk_tree_model_get(r->filter, &it, COL_ID, &id, COL_READ, &read, -1);
		if (!read) {
			int64_t v = id;
			g_array_append_val(ids, v);
		}
	}
	tray_action_mark_many(t, recent_parent(t), (int64_t *)(void *)ids->data, ids->len, "read");
	g_array_free(ids, TRUE);
}

static void
on_irrelevant(GtkButton *b, gpointer data)
{
	struct tray *t = data;
	size_t n;
	int64_t *ids = selected_ids(t->recent, &n);

	(void)b;
	tray_action_not_me_many(t, recent_parent(t), ids, n);
	g_free(ids);
}

static void
on_is_me(GtkButton *b, gpointer data)
{
	struct tray *t = data;
	size_t n;
	int64_t *ids = selected_ids(t->recent, &n);

	(void)b;
	tray_action_is_me_many(t, recent_parent(t), ids, n);
	g_free(ids);
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
	g_signal_connect(r->d_link, "activate-link", G_CALLBACK(on_activate_link), t);
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
	r->b_is_me = detail_button(r, _("It's _me"), "is-me", t, G_CALLBACK(on_is_me));
	gtk_widget_set_no_show_all(r->b_is_me, TRUE);
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

/* A column; its header (named "sort-NAME" for the self-test) sorts by
 * sort_col. */
static GtkTreeViewColumn *
text_column(GtkWidget *view, const char *name, const char *title, int col, int sort_col, gboolean expand)
{
	char *button_name = g_strconcat("sort-", name, NULL);
	GtkCellRenderer *cell = gtk_cell_renderer_text_new();
	GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(title, cell, "text", col,
	                                                                "weight", COL_WEIGHT, NULL);

	gtk_tree_view_column_set_resizable(c, TRUE);
	gtk_tree_view_column_set_expand(c, expand);
	gtk_tree_view_column_set_sort_column_id(c, sort_col);
	if (expand)
		g_object_set(cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
	gtk_tree_view_append_column(GTK_TREE_VIEW(view), c);
	gtk_widget_set_name(gtk_tree_view_column_get_button(c), button_name);
	g_free(button_name);
	return c;
}

/* a dot in the sentiment's colour; none when there is no sentiment */
static void
marker_data(GtkTreeViewColumn *c, GtkCellRenderer *cell, GtkTreeModel *m, GtkTreeIter *it, gpointer data)
{
	char *colour;

	(void)c;
	(void)data;
	gtk_tree_model_get(m, it, COL_MARKER_COLOUR, &colour, -1);
	g_object_set(cell, "text", colour ? "\xe2\x97\x8f" : "", "foreground", colour, NULL);
	g_free(colour);
}

/* the sentiment: a coloured dot, then the word */
static GtkTreeViewColumn *
sentiment_column(GtkWidget *view, const char *title)
{
	GtkTreeViewColumn *c = text_column(view, "sentiment", title, COL_SENTIMENT, COL_SCORE, FALSE);
	GtkCellRenderer *dot = gtk_cell_renderer_text_new();

	gtk_tree_view_column_pack_start(c, dot, FALSE);
	gtk_cell_layout_reorder(GTK_CELL_LAYOUT(c), dot, 0);
	gtk_tree_view_column_set_cell_data_func(c, dot, marker_data, NULL, NULL);
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

/* ---- what survives a restart ---- */

static void
view_state_save(struct recent *r, GtkWindow *win)
{
	static const char *const combos[] = { "change", "category", "source", "practitioner" };
	GtkWidget *w[4];
	GKeyFile *k;
	GError *e = NULL;
	gint col, w_, h_, i;
	GtkSortType order;
	char *dir, *data;
	gsize len;

	if (!r || r->restoring || !win || !r->view_path)
		return;
	w[0] = r->change_combo, w[1] = r->category_combo, w[2] = r->source_combo, w[3] = r->practitioner_combo;
	k = g_key_file_new();
	for (i = 0; i < 4; i++) {
		const char *id = gtk_combo_box_get_active_id(GTK_COMBO_BOX(w[i]));
		g_key_file_set_string(k, VIEW_GROUP, combos[i], id ? id : "");
	}
	if (gtk_tree_sortable_get_sort_column_id(GTK_TREE_SORTABLE(r->sort), &col, &order) && col >= 0) {
		g_key_file_set_integer(k, VIEW_GROUP, "sort_column", col);
		g_key_file_set_boolean(k, VIEW_GROUP, "sort_descending", order == GTK_SORT_DESCENDING);
	}
	gtk_window_get_size(win, &w_, &h_);
	g_key_file_set_integer(k, VIEW_GROUP, "width", w_);
	g_key_file_set_integer(k, VIEW_GROUP, "height", h_);
	data = g_key_file_to_data(k, &len, NULL);
	dir = g_path_get_dirname(r->view_path);
	/* g_file_set_contents writes a temporary file and renames it */
	if (g_mkdir_with_parents(dir, 0700) < 0 || !g_file_set_contents(r->view_path, data, (gssize)len, &e)) {
		g_printerr("repwatch-tray: cannot save '%s': %s\n", r->view_path, e ? e->message : g_strerror(errno));
		g_clear_error(&e);
	}
	g_free(dir);
	g_free(data);
	g_key_file_free(k);
}

/* a combo's id, or the first entry when it has no such id (yet) */
static void
combo_restore(GtkWidget *c, const char *id)
{
	if (!id || !gtk_combo_box_set_active_id(GTK_COMBO_BOX(c), id))
		gtk_combo_box_set_active(GTK_COMBO_BOX(c), 0);
}

static void
view_state_load(struct recent *r, GtkWindow *win, gboolean filters)
{
	GKeyFile *k = g_key_file_new();
	GError *e = NULL;
	char *v;
	gint col, w, h;

	if (!r->view_path || !g_key_file_load_from_file(k, r->view_path, G_KEY_FILE_NONE, NULL)) {
		g_key_file_free(k);
		return;
	}
	r->restoring = TRUE;
	if (filters) {
		GtkWidget *combos[] = { r->change_combo, r->category_combo, r->source_combo, r->practitioner_combo };
		const char *keys[] = { "change", "category", "source", "practitioner" };
		size_t i;
		for (i = 0; i < G_N_ELEMENTS(keys); i++) {
			v = g_key_file_get_string(k, VIEW_GROUP, keys[i], NULL);
			combo_restore(combos[i], v);
			/* a source or practitioner not listed yet: kept for refresh */
			if (v && *v && i >= 2)
				g_object_set_data_full(G_OBJECT(combos[i]), "wanted", g_strdup(v), g_free);
			g_free(v);
		}
	}
	col = g_key_file_get_integer(k, VIEW_GROUP, "sort_column", &e);
	if (!e && col >= 0 && col < NCOLS)
		gtk_tree_sortable_set_sort_column_id(GTK_TREE_SORTABLE(r->sort), col,
		                                     g_key_file_get_boolean(k, VIEW_GROUP, "sort_descending", NULL)
		                                         ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
	g_clear_error(&e);
	w = g_key_file_get_integer(k, VIEW_GROUP, "width", NULL);
	h = g_key_file_get_integer(k, VIEW_GROUP, "height", NULL);
	if (w >= 300 && h >= 200 && w <= 10000 && h <= 10000)
		gtk_window_set_default_size(win, w, h);
	r->restoring = FALSE;
	g_key_file_free(k);
}

static gboolean
on_recent_delete(GtkWidget *w, GdkEvent *ev, gpointer data)
{
	struct tray *t = data;

	(void)ev;
	view_state_save(t->recent, GTK_WINDOW(w));
	gtk_widget_hide(w);
	return TRUE;
}

static void
on_sort_changed(GtkTreeSortable *s, gpointer data)
{
	struct tray *t = data;

	(void)s;
	if (t->recent_window)
		view_state_save(t->recent, GTK_WINDOW(t->recent_window));
}

/* the size is saved once the user stops resizing */
static gboolean
save_size_later(gpointer data)
{
	struct tray *t = data;

	g_object_set_data(G_OBJECT(t->recent_window), "size-save", NULL);
	view_state_save(t->recent, GTK_WINDOW(t->recent_window));
	return G_SOURCE_REMOVE;
}

static gboolean
on_configure(GtkWidget *w, GdkEvent *ev, gpointer data)
{
	(void)ev;
	if (!g_object_get_data(G_OBJECT(w), "size-save")) {
		g_object_set_data(G_OBJECT(w), "size-save", GINT_TO_POINTER(1));
		g_timeout_add(500, save_size_later, data);
	}
	return FALSE;
}

/* Ctrl+F: to the search box */
static gboolean
on_key(GtkWidget *w, GdkEventKey *ev, gpointer data)
{
	struct recent *r = data;

	(void)w;
	if ((ev->state & GDK_CONTROL_MASK) && (ev->keyval == GDK_KEY_f || ev->keyval == GDK_KEY_F)) {
		gtk_widget_grab_focus(r->search);
		return TRUE;
	}
	if (ev->keyval == GDK_KEY_Escape && gtk_widget_has_focus(r->search)) {
		gtk_entry_set_text(GTK_ENTRY(r->search), "");
		gtk_widget_grab_focus(r->view);
		return TRUE;
	}
	return FALSE;
}

static GtkWidget *
bar_combo(GtkWidget *bar, GtkWidget *c, const char *name, const char *tip, struct tray *t)
{
	gtk_widget_set_name(c, name);
	gtk_widget_set_tooltip_text(c, tip);
	gtk_box_pack_start(GTK_BOX(bar), c, FALSE, FALSE, 0);
	g_signal_connect(c, "changed", G_CALLBACK(on_filter_changed), t);
	return c;
}

static void
build_window(struct tray *t, gboolean restore_filters)
{
	struct recent *r = g_new0(struct recent, 1);
	const char *const changes[][2] = {
		{ "", _("Every change") },
		{ "new", _("New") },
		{ "changed", _("Changed") },
		{ "gone", _("Gone") },
	};
	const char *const every_category[][2] = { { "", _("Every category") } };
	const char *const sources[][2] = { { "", _("Every source") } };
	const char *const practitioners[][2] = { { "", _("Every practitioner") } };
	GtkWidget *win, *outer, *bar, *bar2, *paned, *sc, *cats;
	size_t i;

	t->recent = r;
	r->view_path = tray_user_file(RW_DIR_STATE, "view.ini");
	win = gtk_application_window_new(t->app);
	t->recent_window = win;
	gtk_window_set_title(GTK_WINDOW(win), _("Recent mentions - repwatch"));
	gtk_window_set_default_size(GTK_WINDOW(win), 900, 600);
	g_signal_connect(win, "delete-event", G_CALLBACK(on_recent_delete), t);
	g_signal_connect(win, "configure-event", G_CALLBACK(on_configure), t);
	g_signal_connect(win, "key-press-event", G_CALLBACK(on_key), r);

	r->store = gtk_list_store_new(NCOLS, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
	                              G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
	                              G_TYPE_INT,
	                              G_TYPE_INT, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_STRING,
	                              G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN,
	                              G_TYPE_STRING);
	r->filter = gtk_tree_model_filter_new(GTK_TREE_MODEL(r->store), NULL);
	r->sort = gtk_tree_model_sort_new_with_model(r->filter);

	outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	gtk_container_set_border_width(GTK_CONTAINER(bar), 8);
	r->search = gtk_entry_new();
	gtk_widget_set_name(r->search, "search");
	gtk_entry_set_placeholder_text(GTK_ENTRY(r->search), _("Search title, text, author, source"));
	gtk_entry_set_icon_from_icon_name(GTK_ENTRY(r->search), GTK_ENTRY_ICON_PRIMARY, "edit-find-symbolic");
	gtk_entry_set_width_chars(GTK_ENTRY(r->search), 28);
	gtk_box_pack_start(GTK_BOX(bar), r->search, TRUE, TRUE, 0);
	r->b_all_read = gtk_button_new_with_mnemonic(_("Mark _all as read"));
	gtk_widget_set_name(r->b_all_read, "mark-all-read");
	gtk_widget_set_tooltip_text(r->b_all_read, _("Mark every mention the filters show as read"));
	g_signal_connect(r->b_all_read, "clicked", G_CALLBACK(on_all_read), t);
	gtk_box_pack_end(GTK_BOX(bar), r->b_all_read, FALSE, FALSE, 0);
	r->count_label = gtk_label_new(NULL);
	gtk_widget_set_name(r->count_label, "count");
	gtk_style_context_add_class(gtk_widget_get_style_context(r->count_label), "dim-label");
	gtk_box_pack_end(GTK_BOX(bar), r->count_label, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(outer), bar, FALSE, FALSE, 0);

	bar2 = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	gtk_container_set_border_width(GTK_CONTAINER(bar2), 8);
	gtk_widget_set_margin_top(bar2, 0);
	gtk_box_pack_start(GTK_BOX(bar2), gtk_label_new(_("Show:")), FALSE, FALSE, 0);
	r->change_combo = bar_combo(bar2, combo(changes, G_N_ELEMENTS(changes)), "filter-change", NULL, t);
	cats = combo(every_category, 1);
	for (i = 0; i < RW_NCATEGORIES; i++) {
		const char *name = rw_category_name(rw_category_at(i));
		gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(cats), name, tray_category_label(name));
	}
	r->category_combo = bar_combo(bar2, cats, "filter-category", NULL, t);
	r->source_combo = bar_combo(bar2, combo(sources, 1), "filter-source", NULL, t);
	r->practitioner_combo = bar_combo(bar2, combo(practitioners, 1), "filter-practitioner",
	                                  _("In a group practice: the mentions of one practitioner"), t);
	gtk_box_pack_start(GTK_BOX(outer), bar2, FALSE, FALSE, 0);
	gtk_tree_model_filter_set_visible_func(GTK_TREE_MODEL_FILTER(r->filter), row_visible, r, NULL);
	g_signal_connect(r->search, "changed", G_CALLBACK(on_filter_changed), t);

	r->view = gtk_tree_view_new_with_model(r->sort);
	gtk_widget_set_name(r->view, "mentions");
	/* --self-test-set mentions=TITLE selects by title (mentions+=TITLE adds) */
	g_object_set_data(G_OBJECT(r->view), "selftest-column", GINT_TO_POINTER(COL_TITLE));
	/* the search box filters; typing in the list does not start another search */
	gtk_tree_view_set_enable_search(GTK_TREE_VIEW(r->view), FALSE);
	gtk_tree_view_set_tooltip_column(GTK_TREE_VIEW(r->view), COL_TIP);
	gtk_tree_selection_set_mode(gtk_tree_view_get_selection(GTK_TREE_VIEW(r->view)), GTK_SELECTION_MULTIPLE);
	gtk_tree_view_set_rubber_banding(GTK_TREE_VIEW(r->view), TRUE);
	text_column(r->view, "change", _("Change"), COL_CHANGE, COL_CHANGE, FALSE);
	text_column(r->view, "category", _("Category"), COL_CATEGORY, COL_CATEGORY, FALSE);
	text_column(r->view, "stars", _("Stars"), COL_STARS, COL_RATING, FALSE);
	r->sentiment_col = sentiment_column(r->view, _("Sentiment"));
	text_column(r->view, "source", _("Source"), COL_SOURCE, COL_SOURCE, FALSE);
	text_column(r->view, "date", _("Date"), COL_DATE, COL_WHEN, FALSE);
	text_column(r->view, "title", _("Title"), COL_TITLE, COL_TITLE, TRUE);
	g_signal_connect(gtk_tree_view_get_selection(GTK_TREE_VIEW(r->view)), "changed",
	                 G_CALLBACK(on_selection_changed), t);
	g_signal_connect(r->view, "row-activated", G_CALLBACK(on_row_activated), t);
	sc = gtk_scrolled_window_new(NULL, NULL);
	gtk_container_add(GTK_CONTAINER(sc), r->view);

	paned = gtk_paned_new(GTK_ORIENTATION_VERTICAL);
	gtk_paned_pack1(GTK_PANED(paned), sc, TRUE, FALSE);
	gtk_paned_pack2(GTK_PANED(paned), build_detail(t), TRUE, FALSE);
	gtk_paned_set_position(GTK_PANED(paned), 280);
	gtk_box_pack_start(GTK_BOX(outer), paned, TRUE, TRUE, 0);
	gtk_container_add(GTK_CONTAINER(win), outer);
	gtk_widget_show_all(outer);
	view_state_load(r, GTK_WINDOW(win), restore_filters);
	g_signal_connect(r->sort, "sort-column-changed", G_CALLBACK(on_sort_changed), t);
}

void
tray_recent_set_filters(struct tray *t, const char *change, const char *category)
{
	struct recent *r = t->recent;

	if (!r)
		return;
	combo_restore(r->change_combo, change ? change : "");
	combo_restore(r->category_combo, category ? category : "");
}

/* The source and practitioner combos list what the rows have; the choice
 * made (or restored) stays when it is still there. */
static void
fill_value_combo(struct recent *r, GtkWidget *c, int col, const char *every)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GList *keys, *k;
	GtkTreeIter it;
	gboolean more = gtk_tree_model_get_iter_first(GTK_TREE_MODEL(r->store), &it);
	const char *now = gtk_combo_box_get_active_id(GTK_COMBO_BOX(c));
	char *want = g_strdup(now && *now ? now : g_object_get_data(G_OBJECT(c), "wanted"));

	for (; more; more = gtk_tree_model_iter_next(GTK_TREE_MODEL(r->store), &it)) {
		char *v;
		gtk_tree_model_get(GTK_TREE_MODEL(r->store), &it, col, &v, -1);
		if (v && *v && !g_hash_table_contains(seen, v))
			g_hash_table_add(seen, v);
		else
			g_free(v);
	}
	r->restoring = TRUE;
	g_signal_handlers_block_matched(c, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, (gpointer)on_filter_changed, NULL);
	gtk_combo_box_text_remove_all(GTK_COMBO_BOX_TEXT(c));
	gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(c), "", every);
	keys = g_list_sort(g_hash_table_get_keys(seen), (GCompareFunc)g_utf8_collate);
	for (k = keys; k; k = k->next)
		gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(c), k->data, k->data);
	g_list_free(keys);
	combo_restore(c, want);
	g_signal_handlers_unblock_matched(c, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, (gpointer)on_filter_changed, NULL);
	r->restoring = FALSE;
	/* a group practice has several practitioners; one alone needs no filter */
	if (col == COL_PRACTITIONER)
		gtk_widget_set_visible(c, g_hash_table_size(seen) > 1);
	g_free(want);
	g_hash_table_destroy(seen);
}

void
tray_recent_refresh(struct tray *t)
{
	struct recent *r = t->recent;
	struct fill f = { r, t->store, 0, FALSE };
	rw_err err = { 0 };
	size_t n, i;
	int64_t *keep;
	GtkTreeSelection *sel;
	GtkTreeIter it;
	gboolean more;

	if (!r)
		return;
	keep = selected_ids(r, &n);
	sel = gtk_tree_view_get_selection(GTK_TREE_VIEW(r->view));
	g_signal_handlers_block_by_func(sel, on_selection_changed, t);
	gtk_list_store_clear(r->store);
	if (t->store && rw_store_each_mention(t->store, NULL, add_row, &f, &err))
		tray_set_status_line(t, err.msg);
	fill_value_combo(r, r->source_combo, COL_SOURCE, _("Every source"));
	fill_value_combo(r, r->practitioner_combo, COL_PRACTITIONER, _("Every practitioner"));
	gtk_tree_model_filter_refilter(GTK_TREE_MODEL_FILTER(r->filter));
	gtk_tree_view_column_set_visible(r->sentiment_col, f.any_sentiment);
	update_count(r);
	/* the rows selected before stay selected */
	more = gtk_tree_model_get_iter_first(r->sort, &it);
	for (; more && n; more = gtk_tree_model_iter_next(r->sort, &it)) {
		gint64 id;
		gtk_tree_model_get(r->sort, &it, COL_ID, &id, -1);
		for (i = 0; i < n; i++)
			if (keep[i] == id)
				gtk_tree_selection_select_iter(sel, &it);
	}
	g_signal_handlers_unblock_by_func(sel, on_selection_changed, t);
	/* open on the first row rather than on an empty pane */
	if (!gtk_tree_selection_count_selected_rows(sel) && gtk_tree_model_get_iter_first(r->sort, &it))
		gtk_tree_selection_select_iter(sel, &it);
	on_selection_changed(sel, t);
	g_free(keep);
}

void
tray_recent_show(struct tray *t)
{
	GError *e = NULL;

	if (!t->recent_window) {
		/* filters given on the command line win over the saved ones */
		gboolean given = t->filter_change || t->filter_category;
		build_window(t, !given);
		if (given)
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
	more = gtk_tree_model_get_iter_first(r->sort, &it);
	for (; more; more = gtk_tree_model_iter_next(r->sort, &it)) {
		char *v[NCOLS] = { NULL };
		int i;
		gtk_tree_model_get(r->sort, &it, COL_CHANGE, &v[COL_CHANGE], COL_CATEGORY, &v[COL_CATEGORY],
		                   COL_STARS, &v[COL_STARS], COL_SENTIMENT, &v[COL_SENTIMENT], COL_SOURCE,
		                   &v[COL_SOURCE], COL_DATE, &v[COL_DATE], COL_TITLE, &v[COL_TITLE], -1);
		g_string_append(out, "row");
		for (i = COL_CHANGE; i < NCOLS; i++) {
			if (i == COL_CHANGE_RAW || i == COL_CATEGORY_RAW || i >= COL_WEIGHT)
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
	g_object_unref(r->sort);
	g_object_unref(r->filter);
	g_object_unref(r->store);
	g_free(r->view_path);
	g_free(r->selected_link);
	g_free(r);
	t->recent = NULL;
}
