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

int
main(void)
{
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
