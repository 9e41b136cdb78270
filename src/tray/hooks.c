/* SPDX-License-Identifier: MIT */
/* hooks.c - where the tray hands a finished scan to the rest of repwatch.
 *
 * tray_after_scan() runs on the GTK main thread once per scan that ran to
 * its end (scheduled or "Scan now"; not for a scan refused because another
 * one held the lock).  report->scan_id names the scan: the changes it made
 * are rw_store_each_mention() with filter.scan_id = report->scan_id.
 *
 * Notifications (src/notify/) are sent from here: one
 * call into the notify library with t->cfg->cfg, t->store and report, the
 * same call `repwatch scan --notify` makes, with the myth catalogue (loaded
 * here, once) so that a myth is shown by its claim.  It must not block: the notify
 * library either returns at once or runs in its own thread.
 */
#include "tray.h"
#include "log.h"
#include "notify.h"

#include <time.h>

void
tray_after_scan(struct tray *t, const rw_scan_report *report)
{
	rw_notify_outcome o;
	rw_err err = { 0 };
	int64_t now = (int64_t)time(NULL);

	if (!t->cfg || !t->store || !report->scan_id)
		return;
	/* the tray runs a main loop, so "Open" and "Mark as read" can be offered;
	 * the settings are those of the configuration loaded now */
	if (!t->notifier)
		t->notifier = rw_notifier_new(&t->cfg->cfg->notify, 1, "repwatch");
	if (!t->notifier)
		return;
	/* a myth is shown by its claim: the catalogue is loaded here once,
	 * the notifier borrows it */
	if (!t->myths) {
		rw_err problem = { 0 };
		t->myths = rw_myths_load_default(&problem);
		if (problem.code)
			rw_log(RW_LOG_WARN, "notify", "%s", problem.msg);
		rw_notifier_set_myths(t->notifier, t->myths);
	}
	if (rw_notifier_queue_scan(t->notifier, t->store, report->scan_id, now, &err) ||
	    rw_notifier_flush(t->notifier, t->store, now, &o, &err))
		rw_log(RW_LOG_WARN, "notify", "%s", err.msg);
}
