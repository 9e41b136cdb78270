/* SPDX-License-Identifier: MIT */
/* when.h - a date and time as the person reading it writes them.
 *
 * Owns: the one way every front-end (`repwatch`'s plain output, the tray,
 * desktop notifications) turns a stored UTC time into words: in the local
 * time zone, with the month names of LC_TIME and the order of the user's
 * language (the format is a translated string: "7 déc. 2026 à 14:05",
 * "Dec 7, 2026, 2:05 PM").  In the C/POSIX locale (scripts, cron, the
 * tests' default) the CLI's dates stay UTC ISO 8601, as in the records
 * (--format tsv|json), which never come here; a window or a notification
 * asks for words (RW_WHEN_WORDS) and gets the English ones.
 * Must not: be used for records a program reads, or for evidence.
 */
#ifndef RW_WHEN_H
#define RW_WHEN_H

#include <stddef.h>
#include <stdint.h>

enum {
	RW_WHEN_TIME = 1,    /* the time of day too, not only the date */
	RW_WHEN_WORDS = 2,   /* words even in the C locale: a window, never a script */
};

/* t (seconds since the epoch, UTC) in words into buf; flags: RW_WHEN_*
 * (0: the date alone).  "" for RW_NO_DATE (and 0, "never").  Returns buf. */
char *rw_when_format(int64_t t, int flags, char *buf, size_t size);

#endif
