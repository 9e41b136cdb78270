/* SPDX-License-Identifier: MIT */
#include "when.h"

#include "date.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* LC_TIME is the C or POSIX locale: nobody chose a language for dates. */
static int
plain_c_time(void)
{
	const char *l = setlocale(LC_TIME, NULL);

	return !l || !strcmp(l, "C") || !strcmp(l, "POSIX") || !strncmp(l, "C.", 2);
}

char *
rw_when_format(int64_t t, int flags, char *buf, size_t size)
{
	struct tm tm;
	time_t tt = (time_t)t;
	const char *fmt;

	if (!size)
		return buf;
	buf[0] = '\0';
	if (t == RW_NO_DATE || t == 0)
		return buf;
	if (!(flags & RW_WHEN_WORDS) && plain_c_time()) {
		char iso[32];
		rw_date_format(t, iso, sizeof(iso));
		if (!(flags & RW_WHEN_TIME))
			iso[10] = '\0';
		snprintf(buf, size, "%s", iso);
		return buf;
	}
	if (!localtime_r(&tt, &tm))
		return buf;
	/* TRANSLATORS: strftime(3) format of a date with its time, in local
	 * time ("Dec 7, 2026, 2:05 PM"; French: "%-d %b %Y à %H:%M"). */
	fmt = flags & RW_WHEN_TIME ? _("%b %-d, %Y, %-I:%M %p")
	/* TRANSLATORS: strftime(3) format of a date alone ("Dec 7, 2026"). */
	                : _("%b %-d, %Y");
	/* the format is the catalogue's: checked by msgfmt, not the compiler */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (!strftime(buf, size, fmt, &tm))
		buf[0] = '\0';
#pragma GCC diagnostic pop
	return buf;
}
