/* SPDX-License-Identifier: MIT */
#include "notify.h"
#include "classify.h"
#include "date.h"
#include "log.h"
#include "mythof.h"
#include "rw-config.h"
#include "userlang.h"
#include "when.h"

#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#define _(s) dgettext(GETTEXT_PACKAGE, s)
#define PROBE_TIMEOUT_MS 4000    /* a daemon slower than this counts as absent */
#define MAX_ITEMS 1000           /* the queue holds no more (store.h) */
#define NOTIFY_TIMEOUT_MS 10000  /* Notify itself: a daemon that took the probe answers fast */
#define DESKTOP_ENTRY "org.repwatch.Tray"   /* desktop/org.repwatch.Tray.desktop */

#define FDN_NAME "org.freedesktop.Notifications"
#define FDN_PATH "/org/freedesktop/Notifications"

struct rw_notifier {
	rw_notify_settings s;
	int want_actions;
	char *app_name;
	GDBusConnection *bus;        /* the session bus, once a daemon answered */
	guint32 shown;               /* id of the last notification, while actions may come */
	guint sub_action, sub_closed; /* its signal subscriptions */
	GMainLoop *loop;
	rw_store *store;             /* for "Mark as read" */
	int64_t *ids;                /* mentions in the last notification */
	size_t nids;
	char *open_link;             /* what "Open" opens */
	guint timer;                 /* rw_notifier_wait's time limit, 0 when none */
	const rw_myths *myths;       /* borrowed; NULL: myths by id */
};

void
rw_notifier_set_myths(rw_notifier *n, const rw_myths *catalogue)
{
	n->myths = catalogue;
}

rw_notifier *
rw_notifier_new(const rw_notify_settings *settings, int actions, const char *app_name)
{
	rw_notifier *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	if (settings)
		n->s = *settings;
	else
		rw_notify_settings_default(&n->s);
	if (n->s.titles <= 0)
		n->s.titles = 3;
	n->want_actions = actions;
	n->app_name = strdup(app_name ? app_name : "repwatch");
	if (!n->app_name) {
		free(n);
		return NULL;
	}
	return n;
}

static void
forget_shown(rw_notifier *n)
{
	if (n->sub_action)
		g_dbus_connection_signal_unsubscribe(n->bus, n->sub_action);
	if (n->sub_closed)
		g_dbus_connection_signal_unsubscribe(n->bus, n->sub_closed);
	n->sub_action = n->sub_closed = 0;
	n->shown = 0;
	free(n->ids);
	n->ids = NULL;
	n->nids = 0;
	free(n->open_link);
	n->open_link = NULL;
}

void
rw_notifier_free(rw_notifier **np)
{
	rw_notifier *n;

	if (!np || !*np)
		return;
	n = *np;
	forget_shown(n);
	if (n->loop)
		g_main_loop_unref(n->loop);
	if (n->bus)
		g_object_unref(n->bus);
	free(n->app_name);
	free(n);
	*np = NULL;
}

/* ---- what deserves a notification ---- */

static int
is_review(const char *cat)
{
	return cat && !strcmp(cat, "review");
}

static int
is_myth(const char *cat)
{
	return cat && !strcmp(cat, "misinformation");
}

/* 0: urgent (a review of 2 stars or fewer out of 5, misinformation),
 * 1: another review, 2: news, social and the rest. */
static int
rank(const rw_notify_item *it)
{
	if (is_myth(it->category))
		return 0;
	if (is_review(it->category)) {
		double best = it->best > 0 ? it->best : 5;
		return it->rating >= 0 && it->rating / best * 5 <= 2.0 + 1e-9 ? 0 : 1;
	}
	return 2;
}

struct queue_ctx {
	rw_notifier *n;
	rw_store *s;
	int64_t now;
	rw_err *err;
	int rc;
};

static int
queue_one(const rw_mention *m, void *data)
{
	struct queue_ctx *q = data;
	const char *change = m->last_change;

	if (!change || (strcmp(change, "new") && strcmp(change, "changed")))
		return 0;
	if (!is_review(m->category) && !is_myth(m->category) && !q->n->s.news)
		return 0;
	if (!strcmp(change, "changed") && !is_review(m->category) && !is_myth(m->category))
		return 0;     /* an edited news item is not news */
	q->rc = rw_store_notify_queue(q->s, m->id, change, q->now, q->err);
	return q->rc != RW_OK;
}

int
rw_notifier_queue_scan(rw_notifier *n, rw_store *s, int64_t scan_id, int64_t now, rw_err *err)
{
	struct queue_ctx q = { n, s, now, err, RW_OK };
	rw_mention_filter f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.scan_id = scan_id;
	rc = rw_store_each_mention(s, &f, queue_one, &q, err);
	return rc ? rc : q.rc;
}

/* ---- composing ---- */

static size_t *
order(const rw_notify_item *items, size_t n)
{
	size_t *ix = malloc((n ? n : 1) * sizeof(*ix)), i, j;

	if (!ix)
		return NULL;
	for (i = 0; i < n; i++)
		ix[i] = i;
	/* insertion sort, stable: rank first, then as queued */
	for (i = 1; i < n; i++) {
		size_t v = ix[i];
		for (j = i; j > 0 && rank(&items[ix[j - 1]]) > rank(&items[v]); j--)
			ix[j] = ix[j - 1];
		ix[j] = v;
	}
	return ix;
}

static char *
label_for(const rw_notify_item *it, const char *title, const char *claim)
{
	const char *cat = it->category ? it->category : "other";
	int changed = it->change && !strcmp(it->change, "changed");

	if (is_myth(cat) && claim && it->named)
		return g_strdup_printf(_("Misinformation naming you, claiming “%s”: %s"), claim, title);
	if (is_myth(cat) && claim)
		return g_strdup_printf(_("Misinformation, not naming you, claiming “%s”: %s"), claim, title);
	if (it->rebuttal && claim)
		return g_strdup_printf(_("News naming you, a rebuttal of the claim “%s”: %s"), claim, title);
	if (is_myth(cat) && it->myth && it->named)
		return g_strdup_printf(_("Misinformation naming you (myth %s): %s"), it->myth, title);
	if (is_myth(cat) && it->myth)
		return g_strdup_printf(_("Misinformation, not naming you (myth %s): %s"), it->myth, title);
	if (is_myth(cat))
		return g_strdup_printf(_("Misinformation: %s"), title);
	if (it->rebuttal && it->myth)
		return g_strdup_printf(_("News, a rebuttal naming you (myth %s): %s"), it->myth, title);
	if (is_review(cat)) {
		if (it->rating >= 0) {
			char r[48];
			snprintf(r, sizeof(r), "%g/%g", it->rating, it->best > 0 ? it->best : 5);
			return changed ? g_strdup_printf(_("Edited review %s: %s"), r, title)
			               : g_strdup_printf(_("Review %s: %s"), r, title);
		}
		return changed ? g_strdup_printf(_("Edited review: %s"), title)
		               : g_strdup_printf(_("Review: %s"), title);
	}
	if (!strcmp(cat, "news"))
		return g_strdup_printf(_("News: %s"), title);
	if (!strcmp(cat, "social"))
		return g_strdup_printf(_("Social media: %s"), title);
	return g_strdup_printf(_("Mention: %s"), title);
}

void
rw_notify_compose(const rw_notify_item *items, size_t n, size_t max_titles, int markup,
                  char **summary, char **body, int *urgency, size_t *top)
{
	GString *b = g_string_new(NULL);
	size_t *ix = order(items, n), i, shown = 0;
	int best = 2;

	*top = ix && n ? ix[0] : 0;
	for (i = 0; i < n; i++) {
		int r = rank(&items[i]);
		if (r < best)
			best = r;
	}
	*urgency = n ? (best == 0 ? 2 : best == 1 ? 1 : 0) : 0;
	*summary = g_strdup_printf(dngettext(GETTEXT_PACKAGE, "repwatch: %zu new mention",
	                                     "repwatch: %zu new mentions", n), n);
	for (i = 0; ix && i < n && shown < max_titles; i++) {
		const rw_notify_item *it = &items[ix[i]];
		const char *raw = it->title && *it->title ? it->title : _("(no title)");
		char *title, *line, *claim;
		/* a title is fetched text: never markup, and never a novel */
		title = g_utf8_make_valid(raw, -1);
		if (g_utf8_strlen(title, -1) > 120) {
			char *cut = g_utf8_substring(title, 0, 119);
			g_free(title);
			title = g_strconcat(cut, "\xe2\x80\xa6", NULL);
			g_free(cut);
		}
		if (markup) {
			char *e = g_markup_escape_text(title, -1);
			g_free(title);
			title = e;
		}
		claim = NULL;
		if (it->claim && *it->claim) {
			/* a sentence of the catalogue, inside the line: no final stop */
			size_t len;
			claim = g_utf8_make_valid(it->claim, -1);
			len = strlen(claim);
			while (len && (claim[len - 1] == '.' || claim[len - 1] == ' '))
				claim[--len] = '\0';
			if (markup) {
				char *e = g_markup_escape_text(claim, -1);
				g_free(claim);
				claim = e;
			}
		}
		line = label_for(it, title, claim);
		g_free(claim);
		if (it->uncertain) {
			/* a namesake's, perhaps: never shown as surely hers */
			char *doubt = g_strdup_printf(_("Maybe a namesake: %s"), line);
			g_free(line);
			line = doubt;
		}
		if (it->published && it->published != RW_NO_DATE) {
			char date[64], *dated;
			rw_when_format(it->published, RW_WHEN_WORDS, date, sizeof(date));
			dated = g_strdup_printf(_("%s (%s)"), line, date);
			g_free(line);
			line = dated;
		}
		if (b->len)
			g_string_append_c(b, '\n');
		g_string_append(b, line);
		g_free(line);
		g_free(title);
		shown++;
	}
	if (n > shown) {
		g_string_append_c(b, '\n');
		g_string_append_printf(b, dngettext(GETTEXT_PACKAGE, "and %zu more", "and %zu more", n - shown),
		                       n - shown);
	}
	free(ix);
	*body = g_string_free(b, FALSE);
}

/* ---- talking to the daemon ---- */

/* Ask the daemon for its capabilities with a short timeout (a scan must
 * not wait for a daemon that never answers).  Keeps the session bus in
 * n->bus.  Returns 1 and sets *actions and *markup, or 0 with why filled. */
static int
probe(rw_notifier *n, int *actions, int *markup, char *why, size_t whysize)
{
	GError *e = NULL;
	GVariant *r;
	GVariantIter *it;
	const char *cap;

	*actions = *markup = 0;
	if (!n->bus && !(n->bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &e))) {
		snprintf(why, whysize, "no D-Bus session bus (%s)", e ? e->message : "unknown error");
		g_clear_error(&e);
		return 0;
	}
	r = g_dbus_connection_call_sync(n->bus, FDN_NAME, FDN_PATH, FDN_NAME, "GetCapabilities", NULL,
	                                G_VARIANT_TYPE("(as)"), G_DBUS_CALL_FLAGS_NONE, PROBE_TIMEOUT_MS,
	                                NULL, &e);
	if (!r) {
		char *msg = e ? g_dbus_error_get_remote_error(e) : NULL;
		if (e)
			g_dbus_error_strip_remote_error(e);
		snprintf(why, whysize, "no notification daemon answered (%s)",
		         e ? e->message : msg ? msg : "unknown error");
		g_free(msg);
		g_clear_error(&e);
		return 0;
	}
	g_variant_get(r, "(as)", &it);
	while (g_variant_iter_loop(it, "&s", &cap)) {
		if (!strcmp(cap, "actions"))
			*actions = 1;
		else if (!strcmp(cap, "body-markup"))
			*markup = 1;
	}
	g_variant_iter_free(it);
	g_variant_unref(r);
	return 1;
}

static void
quit_loop(rw_notifier *n)
{
	if (n->loop && g_main_loop_is_running(n->loop))
		g_main_loop_quit(n->loop);
}

static void
run_open(rw_notifier *n)
{
	GError *e = NULL;

	if (n->open_link && !g_app_info_launch_default_for_uri(n->open_link, NULL, &e)) {
		rw_log(RW_LOG_WARN, "notify", "cannot open '%s': %s", n->open_link, e ? e->message : "?");
		g_clear_error(&e);
	} else if (n->open_link) {
		rw_log(RW_LOG_INFO, "notify", "opened '%s'", n->open_link);
	}
}

static void
run_mark_read(rw_notifier *n)
{
	rw_err err = { 0 };
	size_t i;

	for (i = 0; i < n->nids && n->store; i++)
		if (rw_store_mention_set_read(n->store, n->ids[i], 1, &err)) {
			rw_log(RW_LOG_WARN, "notify", "%s", err.msg);
			break;
		}
	if (i == n->nids)
		rw_log(RW_LOG_INFO, "notify", "%zu mentions marked read", n->nids);
}

/* ActionInvoked (us) and NotificationClosed (uu) from the daemon: every
 * client's notifications are broadcast, so only ours (n->shown) count. */
static void
on_signal(GDBusConnection *bus, const char *sender, const char *path, const char *iface,
          const char *signal, GVariant *params, gpointer data)
{
	rw_notifier *n = data;
	guint32 id = 0;

	(void)bus; (void)sender; (void)path; (void)iface;
	if (!n->shown)
		return;
	if (!strcmp(signal, "ActionInvoked") && g_variant_is_of_type(params, G_VARIANT_TYPE("(us)"))) {
		const char *action;
		g_variant_get(params, "(u&s)", &id, &action);
		if (id != n->shown)
			return;
		if (!strcmp(action, "default"))
			run_open(n);
		else if (!strcmp(action, "read"))
			run_mark_read(n);
		quit_loop(n);
	} else if (!strcmp(signal, "NotificationClosed") && g_variant_is_of_type(params, G_VARIANT_TYPE("(uu)"))) {
		g_variant_get(params, "(uu)", &id, NULL);
		if (id == n->shown)
			quit_loop(n);
	}
}

/* Notify(app_name, replaces_id, app_icon, summary, body, actions, hints,
 * expire_timeout) as the Desktop Notifications Specification 1.2 says.
 * Returns the id, 0 with *e set on failure. */
static guint32
send_notify(rw_notifier *n, const char *summary, const char *body, int urgency, int with_open,
            int with_actions, GError **e)
{
	GVariantBuilder acts, hints;
	GVariant *r;
	guint32 id = 0;

	g_variant_builder_init(&acts, G_VARIANT_TYPE("as"));
	if (with_actions) {
		if (with_open) {
			/* "default" is also what a click on the notification does */
			g_variant_builder_add(&acts, "s", "default");
			g_variant_builder_add(&acts, "s", _("Open"));
		}
		g_variant_builder_add(&acts, "s", "read");
		g_variant_builder_add(&acts, "s", _("Mark as read"));
	}
	g_variant_builder_init(&hints, G_VARIANT_TYPE("a{sv}"));
	g_variant_builder_add(&hints, "{sv}", "urgency", g_variant_new_byte((guchar)urgency));
	g_variant_builder_add(&hints, "{sv}", "category", g_variant_new_string("im.received"));
	g_variant_builder_add(&hints, "{sv}", "desktop-entry", g_variant_new_string(DESKTOP_ENTRY));
	r = g_dbus_connection_call_sync(n->bus, FDN_NAME, FDN_PATH, FDN_NAME, "Notify",
	                                g_variant_new("(susssasa{sv}i)", n->app_name, 0u, "", summary, body,
	                                              &acts, &hints, -1),
	                                G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE, NOTIFY_TIMEOUT_MS, NULL, e);
	if (!r)
		return 0;
	g_variant_get(r, "(u)", &id);
	g_variant_unref(r);
	if (!id)
		g_set_error_literal(e, G_IO_ERROR, G_IO_ERROR_FAILED, "the daemon returned no notification id");
	return id;
}

struct gather {
	rw_notify_item *items;
	int64_t *queue_ids;
	size_t n;
	rw_store *s;
	const rw_myths *myths;       /* the notifier's, or NULL */
	/* strings of the items, freed together */
	GPtrArray *strings;
	const char *change;
};

static int
take_mention(const rw_mention *m, void *data)
{
	struct gather *g = data;
	rw_notify_item *it = &g->items[g->n];

	it->mention_id = m->id;
	it->title = m->title ? g_strdup(m->title) : NULL;
	it->link = m->link ? g_strdup(m->link) : NULL;
	it->category = g_strdup(m->category ? m->category : "other");
	it->change = g_strdup(g->change);
	it->rating = m->rating;
	it->best = m->rating_best;
	it->named = m->variant != NULL;
	it->rebuttal = rw_classify_is_rebuttal(m->category, m->reason);
	it->myth = NULL;
	it->claim = NULL;
	if (is_myth(m->category) || it->rebuttal) {
		rw_mention_analysis_row a;
		if (rw_store_get_analysis(g->s, m->id, &a, NULL) == RW_OK && a.found && a.myth[0])
			it->myth = g_strdup(a.myth);
		if (g->myths) {
			/* the myth the digest and `rebut` name for it (mythof.h) */
			const rw_myth *my = rw_mythof_mention(g->myths, g->s, m->id, m->title, m->body, NULL);
			const char *lang = rw_user_lang();
			if (my)
				it->claim = g_strdup(rw_myth_claim(my, lang && !strcmp(lang, "fr") ? RW_LANG_FR : RW_LANG_EN));
			if (my && !it->myth)
				it->myth = g_strdup(my->id);
		}
	}
	g_ptr_array_add(g->strings, (char *)it->myth);
	g_ptr_array_add(g->strings, (char *)it->claim);
	it->published = m->published;
	it->uncertain = m->uncertain != NULL;
	g_ptr_array_add(g->strings, (char *)it->title);
	g_ptr_array_add(g->strings, (char *)it->link);
	g_ptr_array_add(g->strings, (char *)it->category);
	g_ptr_array_add(g->strings, (char *)it->change);
	g->n++;
	return 1;
}

static int
take_queued(int64_t queue_id, int64_t mention_id, const char *change, int64_t queued_at, void *data)
{
	struct gather *g = data;
	rw_mention_filter f;
	size_t before = g->n;

	(void)queued_at;
	if (g->n >= MAX_ITEMS)
		return 1;
	memset(&f, 0, sizeof(f));
	f.id = mention_id;
	g->change = change;
	rw_store_each_mention(g->s, &f, take_mention, g, NULL);
	if (g->n > before)
		g->queue_ids[g->n - 1] = queue_id;
	return 0;
}

static int
safe_link(const char *url)
{
	return url && (!g_ascii_strncasecmp(url, "https://", 8) || !g_ascii_strncasecmp(url, "http://", 7)) &&
	       !strpbrk(url, " \t\r\n\"'<>");
}

int
rw_notifier_flush(rw_notifier *n, rw_store *s, int64_t now, rw_notify_outcome *out, rw_err *err)
{
	struct gather g;
	int64_t last_queue_id = 0;
	char why[512], *summary = NULL, *body = NULL;
	int actions, markup, urgency, rc;
	size_t top, i;
	GError *e = NULL;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.items = calloc(MAX_ITEMS, sizeof(*g.items));
	g.queue_ids = calloc(MAX_ITEMS, sizeof(*g.queue_ids));
	g.strings = g_ptr_array_new_with_free_func(g_free);
	g.s = s;
	g.myths = n->myths;
	if (!g.items || !g.queue_ids) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = rw_store_notify_each_queued(s, take_queued, &g, err)))
		goto out;
	for (i = 0; i < g.n; i++)
		if (g.queue_ids[i] > last_queue_id)
			last_queue_id = g.queue_ids[i];
	if (!g.n)
		goto out;
	if (rw_quiet_active(&n->s.quiet, now)) {
		out->held = g.n;
		out->quiet_until = rw_quiet_end(&n->s.quiet, now);
		rw_log(RW_LOG_INFO, "notify", "quiet hours: %zu mentions held", g.n);
		goto out;
	}
	if (!probe(n, &actions, &markup, why, sizeof(why))) {
		out->unavailable = 1;
		rw_log(RW_LOG_WARN, "notify", "notifications are unavailable: %s; "
		       "the %zu new mentions are in 'repwatch list --new'", why, g.n);
		rc = rw_store_notify_dequeue(s, last_queue_id, err);
		goto out;
	}
	rw_notify_compose(g.items, g.n, (size_t)n->s.titles, markup, &summary, &body, &urgency, &top);
	forget_shown(n);
	if (actions && n->want_actions) {
		n->store = s;
		n->ids = malloc(g.n * sizeof(*n->ids));
		if (n->ids) {
			for (i = 0; i < g.n; i++)
				n->ids[i] = g.items[i].mention_id;
			n->nids = g.n;
		}
		if (safe_link(g.items[top].link))
			n->open_link = strdup(g.items[top].link);
		/* subscribed before Notify, so no early click is lost */
		n->sub_action = g_dbus_connection_signal_subscribe(n->bus, NULL, FDN_NAME, "ActionInvoked", FDN_PATH,
		                                                   NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_signal, n, NULL);
		n->sub_closed = g_dbus_connection_signal_subscribe(n->bus, NULL, FDN_NAME, "NotificationClosed",
		                                                   FDN_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
		                                                   on_signal, n, NULL);
	}
	n->shown = send_notify(n, summary, body, urgency, n->open_link != NULL, actions && n->want_actions, &e);
	if (!n->shown) {
		out->unavailable = 1;
		if (e)
			g_dbus_error_strip_remote_error(e);
		rw_log(RW_LOG_WARN, "notify", "notifications are unavailable: %s", e ? e->message : "?");
		g_clear_error(&e);
		forget_shown(n);
		rc = rw_store_notify_dequeue(s, last_queue_id, err);
		goto out;
	}
	out->shown = g.n;
	out->urgency = urgency;
	if (!n->nids)
		forget_shown(n);      /* nothing can come back from it */
	rc = rw_store_notify_dequeue(s, last_queue_id, err);
out:
	g_free(summary);
	g_free(body);
	free(g.items);
	free(g.queue_ids);
	g_ptr_array_free(g.strings, TRUE);
	return rc;
}

static gboolean
on_timeout(gpointer data)
{
	rw_notifier *n = data;

	n->timer = 0;
	quit_loop(n);
	return G_SOURCE_REMOVE;
}

void
rw_notifier_wait(rw_notifier *n, int seconds)
{
	if (!n->shown || seconds <= 0)
		return;
	if (!n->loop)
		n->loop = g_main_loop_new(NULL, FALSE);
	n->timer = g_timeout_add_seconds((guint)seconds, on_timeout, n);
	g_main_loop_run(n->loop);
	if (n->timer)
		g_source_remove(n->timer);
	n->timer = 0;
	forget_shown(n);
}
