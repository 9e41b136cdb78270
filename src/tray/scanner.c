/* SPDX-License-Identifier: MIT */
/* scanner.c - scans from the tray: the core's rw_scan_run() in a worker
 * thread (a GTask), with its events copied and posted back to the GTK main
 * loop, so the UI never waits on the network or the database lock.
 *
 * A scan refused because another one holds the lock (a cron or systemd
 * scan: RW_E_BUSY after a short wait) is retried after TRAY_RETRY seconds;
 * meanwhile the tray says a scan is in progress elsewhere.
 *
 * REPWATCH_TRAY_HOUR_SECONDS (tests only) makes an "hour" of the schedule
 * that many seconds, and REPWATCH_TRAY_RETRY_SECONDS sets the retry delay.
 */
#include "tray.h"
#include "rw-config.h"
#include "scheduler.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRAY_LOCK_WAIT 2         /* seconds a tray scan waits for the lock */
#define TRAY_RETRY_DEFAULT 300   /* seconds before retrying a refused scan */
#define TRAY_FIRST_SCAN_DELAY 60 /* a tray that never scanned waits this long after start */

struct scan_job {
	struct tray *t;
	tray_cfg *cfg;
	char *db_path;
	volatile sig_atomic_t *stop;
	gboolean scheduled;
	rw_scan_report report;
	rw_err err;
	int rc;
};

/* One event, copied out of the scanning thread. */
struct posted_event {
	struct tray *t;
	rw_scan_event_type type;
	char *source, *error;
	size_t done, total;
};

static long
env_seconds(const char *name, long fallback)
{
	const char *v = getenv(name);
	long n;

	if (!v || !*v)
		return fallback;
	n = strtol(v, NULL, 10);
	return n > 0 && n < 86400 * 7 ? n : fallback;
}

static void
posted_event_free(gpointer p)
{
	struct posted_event *pe = p;

	g_free(pe->source);
	g_free(pe->error);
	g_free(pe);
}

static gboolean
on_event_main(gpointer p)
{
	struct posted_event *pe = p;
	struct tray *t = pe->t;

	t->scan_done = pe->done;
	t->scan_total = pe->total;
	if (pe->type == RW_EV_SOURCE_FAILED) {
		char *line = g_strdup_printf(_("Source '%s' failed: %s"), pe->source, pe->error);
		tray_set_status_line(t, line);
		g_free(line);
	}
	tray_status_update(t);
	return G_SOURCE_REMOVE;
}

/* Called in the scanning thread: copy what the main loop needs. */
static void
on_event_thread(const rw_scan_event *ev, void *data)
{
	struct scan_job *job = data;
	struct posted_event *pe;

	if (ev->type == RW_EV_MENTION)
		return;   /* the counts are re-read from the store when the scan ends */
	pe = g_new0(struct posted_event, 1);
	pe->t = job->t;
	pe->type = ev->type;
	pe->source = g_strdup(ev->source_name ? ev->source_name : ev->source_url);
	if (ev->error) {
		char why[1536];
		pe->error = g_strdup(rw_reason_render(ev->error, 1, why, sizeof(why)));   /* fetch.c marks its phrases */
	}
	pe->done = ev->done;
	pe->total = ev->total;
	g_main_context_invoke_full(NULL, G_PRIORITY_DEFAULT, on_event_main, pe, posted_event_free);
}

static void
scan_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	struct scan_job *job = data;
	rw_scan_opts opts;
	rw_store *store;

	(void)source;
	(void)cancel;
	store = rw_store_open(job->db_path, &job->err);
	if (!store) {
		job->rc = job->err.code ? job->err.code : RW_E_DB;
		g_task_return_boolean(task, FALSE);
		return;
	}
	memset(&opts, 0, sizeof(opts));
	opts.stop = job->stop;
	opts.on_event = on_event_thread;
	opts.data = job;
	opts.lock_wait = TRAY_LOCK_WAIT;
	job->rc = rw_scan_run(job->cfg->cfg, store, &opts, &job->report, &job->err);
	rw_store_close(&store);
	g_task_return_boolean(task, job->rc == RW_OK);
}

static gboolean
retry_cb(gpointer data)
{
	struct tray *t = data;

	t->retry_id = 0;
	tray_scan_start(t, FALSE);
	return G_SOURCE_REMOVE;
}

static void
scan_done(GObject *source, GAsyncResult *res, gpointer data)
{
	struct scan_job *job = data;
	struct tray *t = job->t;
	char *line = NULL;

	(void)source;
	(void)res;
	t->scanning = FALSE;
	t->scan_elsewhere = job->rc == RW_E_BUSY;
	if (job->rc == RW_E_BUSY) {
		long retry = env_seconds("REPWATCH_TRAY_RETRY_SECONDS", TRAY_RETRY_DEFAULT);
		line = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
		                                   "Another scan is in progress (started outside the tray); "
		                                   "trying again in %ld second.",
		                                   "Another scan is in progress (started outside the tray); "
		                                   "trying again in %ld seconds.", (gulong)retry),
		                       retry);
		if (!t->retry_id && !t->scan_stop)
			t->retry_id = g_timeout_add_seconds((guint)retry, retry_cb, t);
	} else if (job->rc == RW_E_INTR) {
		line = g_strdup(_("Scan interrupted; what was read so far is stored."));
	} else if (job->rc != RW_OK) {
		line = g_strdup_printf(_("Scan failed: %s"), job->err.msg);
	} else {
		GError *e = NULL;
		line = g_strdup_printf(_("Scan finished: %zu new, %zu changed, %zu gone; %zu of %zu sources failed."),
		                       job->report.mentions_new, job->report.mentions_changed,
		                       job->report.mentions_gone, job->report.sources_failed, job->report.sources);
		t->settings.last_scan = (int64_t)time(NULL);
		if (!tray_settings_save(t->settings_path, &t->settings, &e)) {
			g_warning("%s", e->message);
			g_error_free(e);
		}
	}
	tray_set_status_line(t, line);
	g_free(line);
	if (job->rc == RW_OK || job->rc == RW_E_INTR) {
		tray_count_changes(t);
		tray_recent_refresh(t);
		if (job->rc == RW_OK)
			tray_after_scan(t, &job->report);
	}
	tray_status_update(t);
	if (job->rc != RW_E_BUSY && !t->scan_stop)
		tray_schedule(t);
	tray_cfg_unref(job->cfg);
	g_free(job->db_path);
	g_free(job);
}

void
tray_scan_start(struct tray *t, gboolean scheduled)
{
	struct scan_job *job;
	GTask *task;

	if (t->scanning)
		return;
	if (!t->cfg) {
		tray_set_status_line(t, t->config_error);
		tray_status_update(t);
		return;
	}
	if (t->retry_id) {
		g_source_remove(t->retry_id);
		t->retry_id = 0;
	}
	job = g_new0(struct scan_job, 1);
	job->t = t;
	job->cfg = tray_cfg_ref(t->cfg);
	job->db_path = g_strdup(t->db_path);
	job->stop = &t->scan_stop;
	job->scheduled = scheduled;
	t->scan_stop = 0;
	t->scanning = TRUE;
	t->scan_done = 0;
	t->scan_total = t->cfg->cfg->nsources;
	tray_set_status_line(t, _("Scanning..."));
	tray_status_update(t);
	task = g_task_new(NULL, NULL, scan_done, job);
	g_task_set_task_data(task, job, NULL);
	g_task_run_in_thread(task, scan_thread);
	g_object_unref(task);
}

static gboolean
schedule_cb(gpointer data)
{
	struct tray *t = data;

	t->schedule_id = 0;
	t->next_scan = 0;
	if (!t->settings.paused)
		tray_scan_start(t, TRUE);
	return G_SOURCE_REMOVE;
}

char *
tray_scheduler_text(unsigned who)
{
	if ((who & RW_SCHEDULER_SYSTEMD) && (who & RW_SCHEDULER_CRON))
		return g_strdup(_("Scans run from the systemd user timer (repwatch-scan.timer) and from a crontab line: "
		                  "keep one of them. The tray does not schedule scans of its own."));
	if (who & RW_SCHEDULER_SYSTEMD)
		return g_strdup(_("Scans run from the systemd user timer (repwatch-scan.timer): the tray does not "
		                  "schedule scans of its own."));
	if (who & RW_SCHEDULER_CRON)
		return g_strdup(_("Scans run from a crontab line: the tray does not schedule scans of its own."));
	return NULL;
}

void
tray_schedule(struct tray *t)
{
	long hour = env_seconds("REPWATCH_TRAY_HOUR_SECONDS", 3600);
	int64_t now = (int64_t)time(NULL), due, wait;

	if (t->schedule_id) {
		g_source_remove(t->schedule_id);
		t->schedule_id = 0;
	}
	t->next_scan = 0;
	t->scheduled_by = 0;
	if (t->settings.paused || !t->cfg)
		return;
	/* one scheduler at a time: an enabled timer or a crontab line scans
	 * on its own, the tray would only scan twice as often */
	{
		rw_scheduler sch;
		if ((t->scheduled_by = rw_scheduler_detect(&sch)))
			return;
	}
	due = t->settings.last_scan + (int64_t)t->settings.interval_hours * hour;
	wait = due - now;
	if (!t->settings.last_scan)
		wait = TRAY_FIRST_SCAN_DELAY;
	if (wait < 1 || t->settings.last_scan > now)
		wait = 1;
	if (wait > (int64_t)TRAY_INTERVAL_MAX * hour)
		wait = (int64_t)TRAY_INTERVAL_MAX * hour;
	t->next_scan = now + wait;
	t->schedule_id = g_timeout_add_seconds((guint)wait, schedule_cb, t);
}

void
tray_scan_stop_and_wait(struct tray *t)
{
	if (t->schedule_id) {
		g_source_remove(t->schedule_id);
		t->schedule_id = 0;
	}
	if (t->retry_id) {
		g_source_remove(t->retry_id);
		t->retry_id = 0;
	}
	t->scan_stop = 1;
	/* the worker checks stop between transfers; its completion callback
	 * runs on this context, so iterate until it has */
	while (t->scanning)
		g_main_context_iteration(NULL, TRUE);
}
