/* SPDX-License-Identifier: MIT */
/* selftest.c - GTK's own introspection for the tests: what the windows of
 * the running instance show, written to a file once they are drawn and no
 * scan is running; and a minimal driver that types into named widgets and
 * clicks named buttons, so a test goes through the same handlers as a
 * person (options --self-test-dump, --self-test-set, --self-test-click).
 *
 * Dump format, one record a line, fields by tab:
 *   pid PID | command-lines N | state NAME ICON | status TEXT | detail TEXT
 *   new N | failing N | tray-host 0|1 | window TITLE
 *   label TEXT (every visible label, buttons' included, in window order)
 *   link X Y TEXT (a label holding a link: where its text starts, in screen
 *                  coordinates, for a pointer click; then its text)
 *   entry NAME TEXT | combo NAME TEXT | toggle NAME 0|1 | text NAME TEXT
 *   columns TITLE... | row FIELD...  (Recent mentions: the visible rows)
 *   tree NAME FIELD...  (the rows of another list that asks for it with
 *                        "selftest-rows", its number of text columns)
 *   reply ID unchecked|error|checked LANG N   (a reply editor, for mention ID)
 *   reply-flag KIND START END TEXT REASON   (its last check; byte offsets)
 *   reply-tag TAG START END TEXT   (a range of the draft that carries TAG,
 *                                   "flag-KIND"; character offsets)
 *   tag NAME TAG TEXT   (a range of text view NAME that carries TAG, for
 *                        the tags it names in "selftest-tags": the History
 *                        window's "added" and "removed")
 *
 * --self-test-set=mentions=TITLE selects the row(s) titled TITLE alone,
 * mentions+=TITLE adds them to the selection; --self-test-click=mentions
 * activates the first selected row (what a double-click or Enter does).
 */
#include "tray.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define DUMP_WAIT_MAX 600   /* tenths of a second */

/* text as the last field of a line: tabs and line breaks become spaces */
static void
last_field(GString *out, const char *text)
{
	const char *p;

	for (p = text ? text : ""; *p; p++)
		g_string_append_c(out, *p == '\n' || *p == '\t' ? ' ' : *p);
	g_string_append_c(out, '\n');
}

static void
one_line(GString *out, const char *tag, const char *text)
{
	g_string_append(out, tag);
	g_string_append_c(out, '\t');
	last_field(out, text);
}

/* the ranges of buf that carry each of the space-separated tags */
static void
dump_tags(GString *out, const char *name, GtkTextBuffer *buf, const char *tags)
{
	char **names, **n;

	if (!tags)
		return;
	names = g_strsplit(tags, " ", -1);
	for (n = names; *n; n++) {
		GtkTextTag *tag = gtk_text_tag_table_lookup(gtk_text_buffer_get_tag_table(buf), *n);
		GtkTextIter it, end;
		if (!tag)
			continue;
		gtk_text_buffer_get_start_iter(buf, &it);
		while (gtk_text_iter_starts_tag(&it, tag) || gtk_text_iter_forward_to_tag_toggle(&it, tag)) {
			char *text;
			if (!gtk_text_iter_starts_tag(&it, tag))
				continue;   /* an end toggle: go on to the next start */
			end = it;
			gtk_text_iter_forward_to_tag_toggle(&end, tag);
			text = gtk_text_iter_get_text(&it, &end);
			g_string_append_printf(out, "tag\t%s\t%s\t", name, *n);
			last_field(out, text);
			g_free(text);
			it = end;
			if (gtk_text_iter_is_end(&it))
				break;
		}
	}
	g_strfreev(names);
}

static void
walk(GtkWidget *w, gpointer data)
{
	GString *out = data;
	const char *name = gtk_widget_get_name(w);

	if (!gtk_widget_get_visible(w))
		return;
	if (GTK_IS_LABEL(w)) {
		if (*gtk_label_get_text(GTK_LABEL(w)))
			one_line(out, "label", gtk_label_get_text(GTK_LABEL(w)));
		if (gtk_label_get_use_markup(GTK_LABEL(w)) && strstr(gtk_label_get_label(GTK_LABEL(w)), "<a href")) {
			/* a point inside the first characters of the text: the
			 * label shares its parent's GdkWindow, and the layout
			 * offsets are in that window's coordinates */
			int lx, ly, ox = 0, oy = 0, pw, ph;
			gtk_label_get_layout_offsets(GTK_LABEL(w), &lx, &ly);
			pango_layout_get_pixel_size(gtk_label_get_layout(GTK_LABEL(w)), &pw, &ph);
			if (gtk_widget_get_window(w))
				gdk_window_get_origin(gtk_widget_get_window(w), &ox, &oy);
			g_string_append_printf(out, "link\t%d\t%d\t", ox + lx + MIN(pw / 2, 12), oy + ly + ph / 2);
			last_field(out, gtk_label_get_text(GTK_LABEL(w)));
		}
	} else if (GTK_IS_ENTRY(w)) {
		g_string_append_printf(out, "entry\t%s\t", name);
		last_field(out, gtk_entry_get_text(GTK_ENTRY(w)));
		return;
	} else if (GTK_IS_COMBO_BOX_TEXT(w)) {
		char *s = gtk_combo_box_text_get_active_text(GTK_COMBO_BOX_TEXT(w));
		g_string_append_printf(out, "combo\t%s\t", name);
		last_field(out, s);
		g_free(s);
		return;
	} else if (GTK_IS_TEXT_VIEW(w)) {
		GtkTextBuffer *b = gtk_text_view_get_buffer(GTK_TEXT_VIEW(w));
		GtkTextIter s, e;
		char *text;
		gtk_text_buffer_get_bounds(b, &s, &e);
		text = gtk_text_buffer_get_text(b, &s, &e, FALSE);
		g_string_append_printf(out, "text\t%s\t", name);
		last_field(out, text);
		g_free(text);
		dump_tags(out, name, b, g_object_get_data(G_OBJECT(w), "selftest-tags"));
		return;
	} else if (GTK_IS_TREE_VIEW(w) && g_object_get_data(G_OBJECT(w), "selftest-rows")) {
		GtkTreeModel *m = gtk_tree_view_get_model(GTK_TREE_VIEW(w));
		int cols = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(w), "selftest-rows")), c;
		GtkTreeIter it;
		gboolean more = gtk_tree_model_get_iter_first(m, &it);
		for (; more; more = gtk_tree_model_iter_next(m, &it)) {
			g_string_append_printf(out, "tree\t%s", name);
			for (c = 0; c < cols; c++) {
				char *v;
				gtk_tree_model_get(m, &it, c, &v, -1);
				g_string_append_c(out, '\t');
				for (const char *q = v ? v : ""; *q; q++)
					g_string_append_c(out, *q == '\n' || *q == '\t' ? ' ' : *q);
				g_free(v);
			}
			g_string_append_c(out, '\n');
		}
		return;
	} else if (GTK_IS_TOGGLE_BUTTON(w)) {
		g_string_append_printf(out, "toggle\t%s\t%d\n", name, gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(w)));
	}
	if (GTK_IS_CONTAINER(w))
		gtk_container_forall(GTK_CONTAINER(w), walk, out);
}

static gboolean
everything_drawn(struct tray *t)
{
	GList *l;

	if (t->scanning || tray_reply_busy(t))
		return FALSE;
	/* a window waiting for work of its own (a source's Test) sets
	 * "selftest-busy" until the answer is shown */
	for (l = gtk_window_list_toplevels(); l; l = g_list_delete_link(l, l))
		if ((gtk_widget_get_visible(l->data) && !gtk_widget_get_mapped(l->data)) ||
		    g_object_get_data(G_OBJECT(l->data), "selftest-busy")) {
			g_list_free(l);
			return FALSE;
		}
	return TRUE;
}

static void
write_dump(struct tray *t)
{
	GString *out = g_string_new(NULL);
	GList *wins, *l;
	char *text, *tmp;
	GError *e = NULL;

	g_string_append_printf(out, "pid\t%ld\ncommand-lines\t%u\n", (long)getpid(), t->command_lines);
	g_string_append_printf(out, "state\t%s\t%s\n",
	                       (const char *const[]){ "quiet", "new", "scanning", "failing" }[tray_current_state(t)],
	                       tray_state_icon(tray_current_state(t)));
	text = tray_status_text(t);
	one_line(out, "status", text);
	g_free(text);
	one_line(out, "detail", t->config_error ? t->config_error : t->status_line);
	g_string_append_printf(out, "new\t%zu\nfailing\t%zu\ntray-host\t%d\n", t->new_count, t->failing_count,
	                       t->host_present);
	wins = gtk_window_list_toplevels();
	for (l = wins; l; l = l->next) {
		GtkWidget *w = l->data;
		/* popup menus are toplevels too; only real windows are dumped */
		if (!gtk_widget_get_visible(w) || gtk_window_get_window_type(GTK_WINDOW(w)) != GTK_WINDOW_TOPLEVEL)
			continue;
		one_line(out, "window", gtk_window_get_title(GTK_WINDOW(w)));
		gtk_container_forall(GTK_CONTAINER(w), walk, out);
	}
	g_list_free(wins);
	tray_recent_dump(t, out);
	tray_reply_dump(t, out);
	tmp = g_strconcat(t->dump_path, ".tmp", NULL);
	if (!g_file_set_contents(tmp, out->str, (gssize)out->len, &e) || g_rename(tmp, t->dump_path) < 0) {
		g_printerr("repwatch-tray: cannot write '%s': %s\n", t->dump_path, e ? e->message : g_strerror(errno));
		g_clear_error(&e);
	}
	g_free(tmp);
	g_string_free(out, TRUE);
}

static gboolean
dump_when_ready(gpointer data)
{
	struct tray *t = data;
	guint tries = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(t->app), "dump-tries"));

	if (!everything_drawn(t) && tries < DUMP_WAIT_MAX) {
		g_object_set_data(G_OBJECT(t->app), "dump-tries", GUINT_TO_POINTER(tries + 1));
		return G_SOURCE_CONTINUE;
	}
	/* one more turn of the loop so pending redraws and resizes are done */
	while (g_main_context_pending(NULL))
		g_main_context_iteration(NULL, FALSE);
	write_dump(t);
	t->dump_id = 0;
	return G_SOURCE_REMOVE;
}

void
tray_selftest_request(struct tray *t, const char *path)
{
	g_free(t->dump_path);
	t->dump_path = g_strdup(path);
	g_object_set_data(G_OBJECT(t->app), "dump-tries", GUINT_TO_POINTER(0));
	if (!t->dump_id)
		t->dump_id = g_timeout_add(100, dump_when_ready, t);
}

/* ---- the driver ---- */

static void
prepend_child(GtkWidget *w, gpointer data)
{
	GList **l = data;

	*l = g_list_prepend(*l, w);
}

static GtkWidget *
find_named(GtkWidget *w, const char *name)
{
	struct { const char *name; GtkWidget *found; } q = { name, NULL };
	GList *kids, *k;

	if (!strcmp(gtk_widget_get_name(w), name) && gtk_widget_get_visible(w))
		return w;
	if (!GTK_IS_CONTAINER(w))
		return NULL;
	/* internal children too: a tree view's column headers */
	kids = NULL;
	gtk_container_forall(GTK_CONTAINER(w), prepend_child, &kids);
	kids = g_list_reverse(kids);
	for (k = kids; k && !q.found; k = k->next)
		q.found = find_named(k->data, name);
	g_list_free(kids);
	/* dialogs keep their action area as an internal child */
	if (!q.found && GTK_IS_DIALOG(w)) {
		static const int responses[] = { GTK_RESPONSE_ACCEPT, GTK_RESPONSE_CANCEL };
		size_t r;
		for (r = 0; r < G_N_ELEMENTS(responses) && !q.found; r++) {
			GtkWidget *b = gtk_dialog_get_widget_for_response(GTK_DIALOG(w), responses[r]);
			if (b && !strcmp(gtk_widget_get_name(b), name))
				q.found = b;
		}
	}
	return q.found;
}

static GtkWidget *
find_anywhere(const char *name)
{
	GList *wins = gtk_window_list_toplevels(), *l;
	GtkWidget *found = NULL;

	for (l = wins; l && !found; l = l->next)
		if (gtk_widget_get_visible(l->data))
			found = find_named(l->data, name);
	g_list_free(wins);
	return found;
}

/* NAME=VALUE: an entry's text, a text view's text, a spin button's value,
 * a combo's id, the row of a tree view whose text column
 * ("selftest-column", else 0) is VALUE.
 * Returns FALSE (and says why on stderr) when there is no such widget. */
gboolean
tray_selftest_set(const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char *name;
	GtkWidget *w;
	gboolean add;

	if (!eq)
		return FALSE;
	name = g_strndup(assignment, (gsize)(eq - assignment));
	if ((add = name[0] && name[strlen(name) - 1] == '+'))
		name[strlen(name) - 1] = '\0';
	w = find_anywhere(name);
	g_free(name);
	if (!w) {
		g_printerr("repwatch-tray: self-test: no visible widget for '%s'\n", assignment);
		return FALSE;
	}
	if (GTK_IS_SPIN_BUTTON(w))
		gtk_spin_button_set_value(GTK_SPIN_BUTTON(w), g_ascii_strtod(eq + 1, NULL));
	else if (GTK_IS_ENTRY(w))
		gtk_entry_set_text(GTK_ENTRY(w), eq + 1);
	else if (GTK_IS_TEXT_VIEW(w))
		gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(w)), eq + 1, -1);
	else if (GTK_IS_COMBO_BOX(w))
		gtk_combo_box_set_active_id(GTK_COMBO_BOX(w), eq + 1);
	else if (GTK_IS_TREE_VIEW(w)) {
		/* select the row whose text column is VALUE (alone, or added
		 * to the selection with NAME+=VALUE) */
		GtkTreeModel *m = gtk_tree_view_get_model(GTK_TREE_VIEW(w));
		GtkTreeSelection *sel = gtk_tree_view_get_selection(GTK_TREE_VIEW(w));
		int col = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(w), "selftest-column"));
		GtkTreeIter it;
		gboolean more = gtk_tree_model_get_iter_first(m, &it), cleared = add;
		for (; more; more = gtk_tree_model_iter_next(m, &it)) {
			char *v;
			gtk_tree_model_get(m, &it, col, &v, -1);
			if (!g_strcmp0(v, eq + 1)) {
				if (!cleared && gtk_tree_selection_get_mode(sel) == GTK_SELECTION_MULTIPLE)
					gtk_tree_selection_unselect_all(sel);
				cleared = TRUE;
				gtk_tree_selection_select_iter(sel, &it);
			}
			g_free(v);
		}
	}
	return TRUE;
}

gboolean
tray_selftest_click(const char *name)
{
	GtkWidget *w = find_anywhere(name);

	if (w && GTK_IS_TREE_VIEW(w)) {
		/* a double-click on the first selected row */
		GtkTreeModel *m;
		GList *rows = gtk_tree_selection_get_selected_rows(gtk_tree_view_get_selection(GTK_TREE_VIEW(w)), &m);
		if (!rows) {
			g_printerr("repwatch-tray: self-test: no row selected in '%s'\n", name);
			return FALSE;
		}
		gtk_tree_view_row_activated(GTK_TREE_VIEW(w), rows->data, gtk_tree_view_get_column(GTK_TREE_VIEW(w), 0));
		g_list_free_full(rows, (GDestroyNotify)gtk_tree_path_free);
		return TRUE;
	}
	if (!w || !GTK_IS_BUTTON(w)) {
		g_printerr("repwatch-tray: self-test: no visible button '%s'\n", name);
		return FALSE;
	}
	/* a person cannot click it either (gtk_button_clicked would) */
	if (!gtk_widget_is_sensitive(w)) {
		g_printerr("repwatch-tray: self-test: button '%s' is insensitive\n", name);
		return FALSE;
	}
	gtk_button_clicked(GTK_BUTTON(w));
	return TRUE;
}
