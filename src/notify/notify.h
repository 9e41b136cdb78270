/* SPDX-License-Identifier: MIT */
/* notify.h - desktop notifications after a scan (D-Bus, through GIO).
 *
 * Owns: which mentions deserve a notification, the one notification per
 * scan that merges them (the most important titles, then "and N more"),
 * its urgency (critical for reviews of 2 stars or fewer and for
 * misinformation, normal for other reviews, low for news and social, which
 * are shown only when the user asked), its actions ("Open", "Mark as read")
 * when the server has them, and quiet hours: mentions found meanwhile are
 * held in the database and shown as one notification after the quiet
 * period.  Lives outside the core (the core has no UI and no GLib);
 * shared by `repwatch scan --notify` and the tray.  Speaks the
 * org.freedesktop.Notifications interface itself through GDBus (GLib and
 * GIO only, no libnotify), so the headless CLI links no GTK stack; the
 * notifications name the desktop entry org.repwatch.Tray.
 *
 * A missing notification daemon, or one that does not answer within a few
 * seconds, is not an error: it is reported once through rw_log ("notify")
 * and in rw_notify_outcome, and what was queued is dropped (the mentions
 * stay unread in the database).  Must not: print, exit, or fail a scan.
 */
#ifndef RW_NOTIFY_H
#define RW_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "myths.h"
#include "store.h"

typedef struct rw_notifier rw_notifier;

typedef struct rw_notify_outcome {
	size_t shown;           /* mentions merged into the notification shown */
	size_t held;            /* mentions waiting for the end of quiet hours */
	int64_t quiet_until;    /* when held: the end of the quiet period */
	int unavailable;        /* no notification daemon answered */
	int urgency;            /* of the notification shown: 0 low, 1 normal, 2 critical */
} rw_notify_outcome;

/* One entry of a notification, as rw_notify_compose takes it. */
typedef struct rw_notify_item {
	int64_t mention_id;
	const char *title;      /* clean text, not escaped */
	const char *link;
	const char *category;   /* "review", "misinformation", "news", ... */
	const char *change;     /* "new" or "changed" */
	double rating, best;    /* rating < 0 when none */
	const char *myth;       /* the id of the myth it spreads or rebuts, or NULL */
	const char *claim;      /* that myth's claim in the user's language, or NULL
	                           (then the id is shown) */
	int named;              /* the text names the practitioner */
	int rebuttal;           /* news: a rebuttal of the myth, naming her */
	int64_t published;      /* shown after the title (rw_when_format); 0 or RW_NO_DATE: none */
	int uncertain;          /* it may be a namesake's (rw_mention.uncertain): said so */
} rw_notify_item;

/* settings are copied.  actions: the caller will run a GLib main loop (the
 * tray) or call rw_notifier_wait(), so "Open" and "Mark as read" can be
 * offered; 0 shows the notification without buttons.  app_name: "repwatch".
 * Returns NULL when memory ran out. */
rw_notifier *rw_notifier_new(const rw_notify_settings *settings, int actions, const char *app_name);
void rw_notifier_free(rw_notifier **n);

/* The myth catalogue the caller loaded (myths.h; the notifier never loads
 * it), borrowed until rw_notifier_free: misinformation and rebuttals are
 * then shown by the myth's claim, in the user's language (userlang.h) when
 * the catalogue has it, instead of its id.  NULL: by id. */
void rw_notifier_set_myths(rw_notifier *n, const rw_myths *catalogue);

/* Queue the mentions scan scan_id made new or changed that deserve a
 * notification (reviews and misinformation; news, social and the rest only
 * when settings->news). */
int rw_notifier_queue_scan(rw_notifier *n, rw_store *s, int64_t scan_id, int64_t now, rw_err *err);

/* Unless now is in quiet hours, show everything queued as one notification
 * and forget it.  s must stay open while rw_notifier_wait() runs ("Mark as
 * read" writes to it).  Returns an error only when the database refused. */
int rw_notifier_flush(rw_notifier *n, rw_store *s, int64_t now, rw_notify_outcome *out, rw_err *err);

/* Run the GLib main loop until the user clicked an action, the
 * notification was closed, or seconds passed.  Returns at once when the
 * last notification had no actions. */
void rw_notifier_wait(rw_notifier *n, int seconds);

/* Compose the notification for items (in any order): summary, body (one
 * line per item, the most important first, at most max_titles, then "and
 * N more"; titles escaped when markup, each followed by its date of
 * publication in the user's words when known) and urgency (0..2); *top is the
 * index of the most important item.  Strings are g_malloc'd (g_free).
 * Translated through gettext (domain "repwatch"). */
void rw_notify_compose(const rw_notify_item *items, size_t n, size_t max_titles, int markup,
                       char **summary, char **body, int *urgency, size_t *top);

#endif
