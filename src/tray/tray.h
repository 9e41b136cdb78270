/* SPDX-License-Identifier: MIT */
/* tray.h - what the parts of `repwatch-tray` share.
 *
 * Owns: the one tray context (struct tray) that lives on the GTK main
 * thread: paths, the current configuration (reference-counted so a scan in
 * a worker thread keeps the one it started with while Preferences swaps in
 * a new one), the tray's own settings (tray.ini), the status shown by the
 * icon, and the windows.  Each part lives in its own file:
 *   app.c       GtkApplication, options, single instance, actions
 *   status.c    the status icon (Ayatana AppIndicator) or the plain window
 *               used when the desktop has no tray host
 *   scanner.c   scheduled and manual scans: rw_scan_run() in a worker
 *               thread, events posted back to the main loop
 *   recent.c    the Recent mentions window and its detail pane
 *   actions.c   the detail pane's actions and the digest preview: calls
 *               into the core and record.h, never the `repwatch` CLI
 *   reply.c     the reply editor: a reply to a review, checked as it is
 *               typed by the core's reply checker (replycheck.h)
 *   prefs.c     the Preferences dialog (repwatch.conf through the core's editor)
 *   listing.c   Preferences' Google listing picker (OAuth consent, listings)
 *   settings.c  tray.ini: scan interval, pause, what was last seen
 *   firstrun.c  the set-up dialog when there is no repwatch.conf yet
 *   selftest.c  --self-test-dump: what the windows show, for the tests
 *   hooks.c     tray_after_scan(): where notifications plug in
 * Must not: re-implement a step of the scan, write SQL, or block the main
 * loop on the network.
 */
#ifndef RW_TRAY_H
#define RW_TRAY_H

#include <gtk/gtk.h>
#include <signal.h>
#include <stdint.h>

#include "config.h"
#include "category.h"
#include "paths.h"
#include "rw-config.h"
#include "scan.h"
#include "store.h"
#include "when.h"     /* dates in words: rw_when_format */
#include "reason.h"   /* stored reasons in words: rw_reason_render */
#include "userlang.h" /* rw_user_gettext, rw_user_lang */

#define TRAY_APP_ID "org.repwatch.Tray"

/* A loaded configuration shared between the main thread and a scan. */
typedef struct tray_cfg {
	rw_config *cfg;
	gint refs;
} tray_cfg;

tray_cfg *tray_cfg_new(rw_config *cfg);   /* takes cfg */
tray_cfg *tray_cfg_ref(tray_cfg *c);
void tray_cfg_unref(tray_cfg *c);         /* accepts NULL; thread-safe */

/* The tray's own settings, in $XDG_CONFIG_HOME/repwatch/tray.ini
 * (repwatch.conf is the core's and refuses sections it does not know). */
typedef struct tray_settings {
	int interval_hours;      /* scheduled scans; 1..168, default 6 */
	gboolean paused;         /* no scheduled scans */
	int64_t last_viewed;     /* when the user last opened Recent mentions */
	int64_t last_scan;       /* when the tray's last scan ended */
} tray_settings;

#define TRAY_INTERVAL_MIN 1
#define TRAY_INTERVAL_MAX 168
#define TRAY_INTERVAL_DEFAULT 6

void tray_settings_load(const char *path, tray_settings *s);
/* Atomic (g_file_set_contents).  FALSE with *error set on failure. */
gboolean tray_settings_save(const char *path, const tray_settings *s, GError **error);

typedef enum tray_state {
	TRAY_QUIET,              /* nothing new, every source answers */
	TRAY_NEW,                /* changes the user has not seen (new_count) */
	TRAY_SCANNING,
	TRAY_FAILING             /* some sources keep failing (failing_count) */
} tray_state;

struct tray {
	GtkApplication *app;
	char *config_path, *db_path, *settings_path;
	tray_cfg *cfg;           /* NULL when repwatch.conf does not load */
	char *config_error;      /* why, for the status line */
	tray_settings settings;
	rw_store *store;         /* main-thread connection, for reading */

	/* status */
	size_t new_count, failing_count;
	char *status_line;       /* last thing worth saying ("Scan finished: ...") */
	gboolean host_present;   /* a StatusNotifierWatcher owns its name */
	gboolean force_window;   /* --window */

	/* scanning (scanner.c) */
	gboolean scanning;
	gboolean scan_elsewhere; /* the last try found another scan holding the lock */
	size_t scan_done, scan_total;
	volatile sig_atomic_t scan_stop;
	guint schedule_id, retry_id;
	int64_t next_scan;       /* when the next scheduled scan runs (0: none) */
	unsigned scheduled_by;   /* RW_SCHEDULER_* (scheduler.h): who schedules instead */

	/* widgets */
	GObject *indicator;      /* AppIndicator, or NULL */
	GtkWidget *menu;
	GtkWidget *status_window;    /* the fallback window */
	GtkWidget *recent_window;
	GtkWidget *prefs_dialog;
	GtkWidget *firstrun_dialog;
	struct recent *recent;
	struct status_widgets *sw;
	GList *reply_editors;    /* struct reply_editor (reply.c), one per review */

	/* notifications (src/notify/), made at the first scan that has news */
	struct rw_notifier *notifier;
	struct rw_myths *myths;      /* the catalogue it borrows (hooks.c) */

	/* tests */
	guint command_lines;     /* how many launches this instance handled */
	char *dump_path;
	guint dump_id;
	char *filter_change, *filter_category;
};

/* app.c */
void tray_set_status_line(struct tray *t, const char *line);
/* "<XDG base of kind>/repwatch/<leaf>" (paths.h), g_malloc'd; NULL after
 * telling stderr why when there is no home to put it in. */
char *tray_user_file(rw_user_dir kind, const char *leaf);
/* "fr" when the interface is French, else "en": the language of what the
 * tray writes for the user (comments in a new config, the digest preview) */
const char *tray_ui_lang(void);
gboolean tray_reload_config(struct tray *t, GError **error);
void tray_quit(struct tray *t);

/* status.c */
void tray_status_init(struct tray *t);
void tray_status_update(struct tray *t);       /* after any change of state */
void tray_status_present(struct tray *t);      /* raise the fallback window if it is used */
void tray_status_free(struct tray *t);
tray_state tray_current_state(const struct tray *t);
const char *tray_state_icon(tray_state s);
char *tray_status_text(const struct tray *t);  /* g_free */
void tray_count_changes(struct tray *t);        /* new_count, failing_count from the store */

/* scanner.c */
void tray_scan_start(struct tray *t, gboolean scheduled);
void tray_schedule(struct tray *t);            /* (re)arm the next scheduled scan */
/* What schedules scans instead of the tray (who: RW_SCHEDULER_* bits), in
 * a sentence; NULL when who is 0.  g_free it. */
char *tray_scheduler_text(unsigned who);
void tray_scan_stop_and_wait(struct tray *t);

/* recent.c */
void tray_recent_show(struct tray *t);
void tray_recent_refresh(struct tray *t);
void tray_recent_free(struct tray *t);
/* For --self-test-dump: the visible rows, one line each, fields by tab. */
void tray_recent_dump(struct tray *t, GString *out);
void tray_recent_set_filters(struct tray *t, const char *change, const char *category);

/* firstrun.c */
gboolean tray_firstrun_needed(const struct tray *t);   /* no repwatch.conf at all */
void tray_firstrun_show(struct tray *t);

/* prefs.c */
void tray_prefs_show(struct tray *t);
/* A form's grid, and one row of it: a mnemonic label, and an entry named
 * id (for the self-tests) holding value, with a placeholder (may be NULL). */
GtkWidget *tray_form_grid(void);
GtkWidget *tray_entry_row(GtkWidget *grid, int row, const char *label, const char *id, const char *placeholder,
                          const char *value);

/* listing.c */
/* Called once the source of the listing she picked is saved (and the
 * configuration reloaded): its name, url and the listing's title. */
typedef void (*tray_listing_added_fn)(const char *name, const char *url, const char *title, void *data);
/* The Google listing picker, modal over parent. */
void tray_listing_show(struct tray *t, GtkWindow *parent, tray_listing_added_fn added, void *data);

/* actions.c */
void tray_digest_preview(struct tray *t, GtkWindow *parent);
void tray_action_mark(struct tray *t, GtkWindow *parent, int64_t id, const char *mark);
void tray_action_not_me(struct tray *t, GtkWindow *parent, int64_t id);
/* The same for several mentions at once (one refresh at the end). */
void tray_action_mark_many(struct tray *t, GtkWindow *parent, const int64_t *ids, size_t n, const char *mark);
void tray_action_not_me_many(struct tray *t, GtkWindow *parent, const int64_t *ids, size_t n);
/* "It's me" on the selected mentions: each is hers after all, and the page
 * that showed it is settled hers for good (`repwatch is-me ID`, notme.h). */
void tray_action_is_me_many(struct tray *t, GtkWindow *parent, const int64_t *ids, size_t n);
void tray_action_history(struct tray *t, GtkWindow *parent, int64_t id);
void tray_action_evidence(struct tray *t, GtkWindow *parent, int64_t id);
void tray_action_correction(struct tray *t, GtkWindow *parent, int64_t id);
void tray_action_open(GtkWindow *parent, const char *link);

/* reply.c */
/* Open the reply editor on mention id (or raise the one already open). */
void tray_reply_open(struct tray *t, GtkWindow *parent, int64_t id);
/* TRUE while an editor loads its rules or has a check pending. */
gboolean tray_reply_busy(struct tray *t);
/* For --self-test-dump: each editor's last check and its tagged ranges. */
void tray_reply_dump(struct tray *t, GString *out);
void tray_reply_close_all(struct tray *t);

/* selftest.c */
void tray_selftest_request(struct tray *t, const char *path);
gboolean tray_selftest_set(const char *assignment);   /* NAME=VALUE */
gboolean tray_selftest_click(const char *name);

/* hooks.c */
void tray_after_scan(struct tray *t, const rw_scan_report *report);

/* i18n helpers: display names of store values */
const char *tray_change_label(const char *change);
const char *tray_category_label(const char *category);

#endif
