/* SPDX-License-Identifier: MIT */
/* date.h - dates as feeds write them.
 *
 * Owns: parsing RFC 822 (with its real-world variants: two-digit years,
 * named, military and numeric zones, missing seconds or weekday) and
 * W3CDTF / ISO 8601 into UTC seconds, and formatting UTC ISO 8601.
 * An unparseable date is absent (RW_NO_DATE), never a wrong date.
 * Also the one reader of a length of time as people write it (--since,
 * the digest's period, the config's intervals).
 */
#ifndef RW_DATE_H
#define RW_DATE_H

#include <stdint.h>
#include <stddef.h>

#define RW_NO_DATE INT64_MIN

/* Seconds since the epoch (UTC), or RW_NO_DATE. */
int64_t rw_date_parse(const char *s);
int64_t rw_date_parse_rfc822(const char *s);
int64_t rw_date_parse_iso8601(const char *s);

/* A length of time: a whole number, optional spaces, a unit in English or
 * French (any case), optional spaces: s, sec, second(s), seconde(s);
 * m, min, minute(s); h, hour(s), heure(s); d, j, day(s), jour(s);
 * w, sem, week(s), semaine(s).  A bare number counts bare_unit seconds each
 * (0: a bare number is refused).  Returns 0 and *secs (>= 0), or -1 when s
 * is not such a length or it overflows; bounds are the caller's. */
int rw_duration_parse(const char *s, int64_t bare_unit, int64_t *secs);

/* "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes); "" for RW_NO_DATE. */
char *rw_date_format(int64_t t, char *buf, size_t size);

#endif
