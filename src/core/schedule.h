/* SPDX-License-Identifier: MIT */
/* schedule.h - calendar rules written by the user: quiet hours and the
 * digest's weekly slot.
 *
 * Owns: parsing "Mon-Fri 08:00-19:00; Sat 09:00-12:00" into a plain
 * rw_quiet, telling whether a moment falls inside it and when the quiet
 * period ends; the most recent digest slot ("monday at 8") at or before a
 * moment.  All in the machine's local time (localtime_r / mktime), so
 * daylight-saving changes are the C library's business.  Pure functions: no
 * I/O, no database.
 */
#ifndef RW_SCHEDULE_H
#define RW_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#define RW_QUIET_MAX 8

typedef struct rw_quiet_range {
	unsigned days;     /* bit d set: the range starts on weekday d (0 = Sunday) */
	int start, end;    /* minutes after midnight; end < start wraps past midnight */
} rw_quiet_range;

typedef struct rw_quiet {
	rw_quiet_range ranges[RW_QUIET_MAX];
	size_t n;          /* 0: never quiet */
} rw_quiet;

/* Parse spec: ranges separated by ';' or ',' each "[DAYS] HH:MM-HH:MM";
 * DAYS is a day ("Mon", "lundi"), a span ("Mon-Fri", "lun-ven") or a list
 * ("Sat+Sun"); no DAYS means every day.  An empty spec, "no" or "none"
 * means never quiet.  Returns 0, or -1 with why filled. */
int rw_quiet_parse(const char *spec, rw_quiet *out, char *why, size_t whysize);

/* 1 when t (UTC seconds) falls in a quiet range, local time. */
int rw_quiet_active(const rw_quiet *q, int64_t t);

/* When the quiet period holding t ends (the first minute after it that is
 * not quiet), or t itself when t is not quiet.  Looks at most 8 days ahead;
 * a schedule quiet all week long returns t + 8 days. */
int64_t rw_quiet_end(const rw_quiet *q, int64_t t);

/* Weekday number from an English or French name or abbreviation
 * ("monday", "Mon", "lundi", "lun"), 0 = Sunday; -1 when unknown. */
int rw_weekday_from_name(const char *name, size_t len);

/* The most recent digest slot at or before t: weekday day (0 = Sunday, or
 * -1 for every day) at hour:00 local time. */
int64_t rw_schedule_last_slot(int day, int hour, int64_t t);

#endif
