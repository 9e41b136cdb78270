/* SPDX-License-Identifier: MIT */
#include "date.h"
#include "tap.h"

static void
check(const char *in, const char *want)
{
	char buf[32];
	int64_t t = rw_date_parse(in);
	is_str(rw_date_format(t, buf, sizeof(buf)), want, "date '%s'", in);
}

/* rw_duration_parse: want -1 when the text is not a length of time */
static void
duration(const char *in, int64_t bare_unit, int64_t want)
{
	int64_t got = -7;
	int rc = rw_duration_parse(in, bare_unit, &got);

	if (want < 0)
		ok(rc == -1, "duration '%s' (bare x%lld) refused", in ? in : "(null)", (long long)bare_unit);
	else
		ok(rc == 0 && got == want, "duration '%s' (bare x%lld) = %lld (got %lld)", in, (long long)bare_unit,
		   (long long)want, (long long)got);
}

static void
durations(void)
{
	/* the forms that worked before one parser: --since of list (d, h, m),
	 * digest's period (s, m, h, d, w, bare days), the config (bare seconds,
	 * spaces around the unit) */
	duration("7d", 0, 7 * 86400);
	duration("12h", 0, 12 * 3600);
	duration("30m", 0, 1800);
	duration("0d", 0, 0);
	duration("45s", 86400, 45);
	duration("2w", 86400, 14 * 86400);
	duration("7", 86400, 7 * 86400);
	duration("900", 1, 900);
	duration("15 m", 1, 900);
	duration(" 2h ", 1, 7200);
	/* French and English words, any case */
	duration("3j", 0, 3 * 86400);
	duration("3 jours", 0, 3 * 86400);
	duration("1 jour", 0, 86400);
	duration("2 semaines", 0, 14 * 86400);
	duration("2sem", 0, 14 * 86400);
	duration("1 heure", 0, 3600);
	duration("36 heures", 0, 36 * 3600);
	duration("90 min", 0, 5400);
	duration("10 secondes", 0, 10);
	duration("2 weeks", 0, 14 * 86400);
	duration("1 Day", 0, 86400);
	duration("7D", 0, 7 * 86400);
	duration("5 minutes", 0, 300);
	/* what is not a length of time */
	duration("7", 0, -1);
	duration("", 86400, -1);
	duration(NULL, 86400, -1);
	duration("d", 86400, -1);
	duration("-3d", 86400, -1);
	duration("3.5d", 86400, -1);
	duration("3x", 86400, -1);
	duration("3 d s", 86400, -1);
	duration("3 months", 86400, -1);
	duration("2026-01-31", 86400, -1);
	duration("99999999999999999999d", 0, -1);
	duration("9223372036854775807w", 0, -1);
}

int
main(void)
{
	durations();
	check("Mon, 06 Jan 2025 08:00:00 GMT", "2025-01-06T08:00:00Z");
	check("Mon, 06 Jan 2025 08:00:00 +0100", "2025-01-06T07:00:00Z");
	check("06 Jan 2025 08:00 EST", "2025-01-06T13:00:00Z");
	check("Mon, 6 Jan 25 08:00:00 GMT", "2025-01-06T08:00:00Z");
	check("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z");
	check("Sun, 31 Dec 1999 23:59:59 -0800", "2000-01-01T07:59:59Z");
	check("Tue, 10 Jun 2003 04:00:00 Z", "2003-06-10T04:00:00Z");
	check("2025-01-06T08:00:00Z", "2025-01-06T08:00:00Z");
	check("2025-01-06T08:00:00+02:00", "2025-01-06T06:00:00Z");
	check("2025-01-06T08:00:00.123-05:00", "2025-01-06T13:00:00Z");
	check("2025-01-06", "2025-01-06T00:00:00Z");
	check("2025-01", "2025-01-01T00:00:00Z");
	check("20250106T080000Z", "2025-01-06T08:00:00Z");
	check("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z");
	/* real-world variants */
	check("Mon, 26 January 2004 16:31:00 ET", "2004-01-26T21:31:00Z");
	check("Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z");
	check("Thu, 01 Jan 0100 00:00:01 +0100", "0099-12-31T23:00:01Z");
	check("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z");
	check("Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z");
	check("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z");
	check("06 Jan 2025", "2025-01-06T00:00:00Z");
	/* ISO 8601 ordinal and truncated forms */
	check("2003-335", "2003-12-01T00:00:00Z");
	check("03335", "2003-12-01T00:00:00Z");
	check("031231", "2003-12-31T00:00:00Z");
	check("-0312", "2003-12-01T00:00:00Z");
	check("2003-012-31T10:14:55+00:00", "2003-12-31T10:14:55Z");
	/* not dates: absent, never wrong */
	check("22013", "");
	check("2003-367", "");
	check("Sun Jan  4 16:29:06", "");
	check("2023-02-29T12:00:00Z", "");
	check("not a date", "");
	check("32 Jan 2025 10:00:00 GMT", "");
	check("Mon, 06 Foo 2025 08:00:00 GMT", "");
	check("2025-13-01", "");
	check("", "");
	return tap_done();
}
