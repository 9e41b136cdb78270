/* SPDX-License-Identifier: MIT */
/* date.h - dates as feeds write them.
 *
 * Owns: parsing RFC 822 (with its real-world variants: two-digit years,
 * named, military and numeric zones, missing seconds or weekday) and
 * W3CDTF / ISO 8601 into UTC seconds, and formatting UTC ISO 8601.
 * An unparseable date is absent (RW_NO_DATE), never a wrong date.
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

/* "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes); "" for RW_NO_DATE. */
char *rw_date_format(int64_t t, char *buf, size_t size);

#endif
