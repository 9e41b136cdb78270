/* hooks.c - where the tray hands a finished scan to the rest of repwatch.
 *
 * tray_after_scan() runs on the GTK main thread once per scan that ran to
 * its end (scheduled or "Scan now"; not for a scan refused because another
 * one held the lock).  report->scan_id names the scan: the changes it made
 * are rw_store_each_mention() with filter.scan_id = report->scan_id.
 *
 * Notifications (src/notify/, issue 9) are wired here at merge time: one
 * call into the notify library with t->cfg->cfg, t->store and report, the
 * same call `repwatch scan --notify` makes.  It must not block: the notify
 * library either returns at once or runs in its own thread.
 */
#include "tray.h"

void
tray_after_scan(struct tray *t, const rw_scan_report *report)
{
	(void)t;
	(void)report;
}
