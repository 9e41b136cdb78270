/* SPDX-License-Identifier: MIT */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};

static int
month_index(const char *s, size_t n)
{
	int i;

	if (n < 3)
		return -1;
	for (i = 0; i < 12; i++)
		if (!strncasecmp(s, months[i], 3))
			return i;
	return -1;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m];
}

static int64_t
make_time(int y, int mon, int d, int h, int mi, int s, long off)
{
	struct tm tm;

	if (y < 1 || y > 9999 || mon < 0 || mon > 11 || d < 1 || d > days_in_month(y, mon) ||
	    h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60)
		return RW_NO_DATE;
	if (h == 24 && (mi || s))
		return RW_NO_DATE;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s == 60 ? 59 : s;
	return (int64_t)timegm(&tm) - off;
}

/* Zone names: RFC 822's and the military letters (RFC 1123 says their signs
 * were defined backwards; like most readers we take them as 0 offset except
 * Z, since no sign can be trusted). */
static int
zone_offset(const char *z, size_t n, long *off)
{
	static const struct { const char *name; int hours; } zones[] = {
		{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
		{ "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
		{ "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
		{ "cet", 1 }, { "cest", 2 }, { "bst", 1 }, { "met", 1 }, { "mest", 2 },
		/* North American zones without daylight saving given */
		{ "at", -4 }, { "et", -5 }, { "ct", -6 }, { "mt", -7 }, { "pt", -8 },
		{ "ast", -4 }, { "adt", -3 }, { "hst", -10 }, { "akst", -9 }, { "akdt", -8 },
		{ "kst", 9 }, { "jst", 9 }, { "eet", 2 }, { "eest", 3 }, { "wet", 0 }, { "west", 1 },
	};
	size_t i;

	/* "Etc/GMT", "Etc/UTC": the IANA names of UTC */
	if (n > 4 && !strncasecmp(z, "etc/", 4)) {
		z += 4;
		n -= 4;
	}
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strlen(zones[i].name) == n && !strncasecmp(z, zones[i].name, n)) {
			*off = zones[i].hours * 3600L;
			return 0;
		}
	if (n == 1 && isalpha((unsigned char)*z) && tolower((unsigned char)*z) != 'j') {
		*off = 0;
		return 0;
	}
	return -1;
}

/* "+hhmm", "-hh:mm", "+hh" */
static int
numeric_zone(const char *p, long *off, const char **end)
{
	int sign, h, m = 0;

	if (*p != '+' && *p != '-')
		return -1;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return -1;
	h = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])) {
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	}
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600L + m * 60L);
	if (end)
		*end = p;
	return 0;
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static int
read_int(const char **pp, int maxdigits, int *out)
{
	const char *p = *pp;
	int v = 0, n = 0;

	while (n < maxdigits && isdigit((unsigned char)*p)) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (!n)
		return 0;
	*out = v;
	*pp = p;
	return n;
}

static int
digit_run(const char *p)
{
	int n = 0;
	while (isdigit((unsigned char)p[n]))
		n++;
	return n;
}

/* "HH:MM[:SS[.fff]] [zone]" where zone is numeric, a name, or a name
 * followed by an offset ("GMT+0200"); 0, or -1 when malformed. */
static int
time_and_zone(const char **pp, int *h, int *mi, int *sec, long *off)
{
	const char *p = *pp, *w;

	if (!read_int(&p, 2, h) || *p != ':')
		return -1;
	p++;
	if (!read_int(&p, 2, mi))
		return -1;
	if (*p == ':') {
		p++;
		if (!read_int(&p, 2, sec))
			return -1;
		if (*p == '.') {            /* fractions: ignored */
			p++;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	p = skip_space(p);
	if (*p == '+' || *p == '-') {
		if (numeric_zone(p, off, &p) < 0)
			return -1;
	} else if (isalpha((unsigned char)*p)) {
		w = p;
		while (isalpha((unsigned char)*p) || (*p == '/' && p - w == 3))
			p++;
		if (zone_offset(w, (size_t)(p - w), off) < 0)
			return -1;
		p = skip_space(p);
		if (*p == '+' || *p == '-') {   /* "GMT+0200" */
			long extra;
			if (numeric_zone(p, &extra, &p) < 0)
				return -1;
			*off += extra;
		}
	}
	*pp = p;
	return 0;
}

/* What may follow a date: spaces, a "(CET)" comment; 0 when nothing else. */
static int
at_end(const char *p)
{
	p = skip_space(p);
	if (*p == '(') {
		const char *close = strchr(p, ')');
		if (close)
			p = skip_space(close + 1);
	}
	return *p ? -1 : 0;
}

/* What may follow a date: a time and a zone, then nothing (or a comment). */
static int64_t
date_then_time(const char *p, int y, int mon, int d)
{
	int h = 0, mi = 0, sec = 0;
	long off = 0;

	p = skip_space(p);
	if (isdigit((unsigned char)*p) && time_and_zone(&p, &h, &mi, &sec, &off) < 0)
		return RW_NO_DATE;
	if (at_end(p) < 0)
		return RW_NO_DATE;
	return make_time(y, mon, d, h, mi, sec, off);
}

/* asctime and its Twitter variant: "Jan  4 16:29:06 2004",
 * "Jul 15 01:16:00 +0000 2012" (the weekday already skipped). */
static int64_t
asctime_form(const char *p, int mon, int d)
{
	int y, h = 0, mi = 0, sec = 0;
	long off = 0;

	if (time_and_zone(&p, &h, &mi, &sec, &off) < 0)
		return RW_NO_DATE;
	p = skip_space(p);
	if (read_int(&p, 4, &y) != 4 || at_end(p) < 0)
		return RW_NO_DATE;
	return make_time(y, mon, d, h, mi, sec, off);
}

/* Perforce's "2006/09/15 08:19:53 EDT" (the weekday already skipped). */
static int64_t
slashed_form(const char *p)
{
	int y, mon, d;

	if (read_int(&p, 4, &y) != 4 || *p++ != '/' || read_int(&p, 2, &mon) != 2 || *p++ != '/' ||
	    read_int(&p, 2, &d) != 2)
		return RW_NO_DATE;
	return date_then_time(p, y, mon - 1, d);
}

int64_t
rw_date_parse_rfc822(const char *s)
{
	const char *p = skip_space(s), *w;
	int d, mon, y, ny;

	/* optional weekday, in any case, short or long */
	if (isalpha((unsigned char)*p)) {
		w = p;
		while (isalpha((unsigned char)*p))
			p++;
		if (p - w < 3 || month_index(w, (size_t)(p - w)) >= 0) {
			p = w;   /* no weekday: "Mon YYYY"-style handled below */
		} else {
			if (*p == '.')
				p++;
			p = skip_space(p);
		}
	}
	if (digit_run(p) == 4 && p[4] == '/')
		return slashed_form(p);
	if (isdigit((unsigned char)*p)) {
		if (!read_int(&p, 2, &d))
			return RW_NO_DATE;
		while (*p == ' ' || *p == '-')
			p++;
		w = p;
		while (isalpha((unsigned char)*p))
			p++;
		if ((mon = month_index(w, (size_t)(p - w))) < 0)
			return RW_NO_DATE;
	} else {
		/* month first: "Jan 02 2004", asctime */
		w = p;
		while (isalpha((unsigned char)*p))
			p++;
		if ((mon = month_index(w, (size_t)(p - w))) < 0)
			return RW_NO_DATE;
		while (*p == ' ' || *p == '-' || *p == '.')
			p++;
		if (!read_int(&p, 2, &d))
			return RW_NO_DATE;
		p = skip_space(p);
		if (digit_run(p) <= 2 && p[digit_run(p)] == ':')
			return asctime_form(p, mon, d);
	}
	if (*p == '.')
		p++;
	while (*p == ' ' || *p == '-' || *p == ',')
		p++;
	if (!(ny = read_int(&p, 4, &y)))
		return RW_NO_DATE;
	if (ny == 2)
		y += y < 50 ? 2000 : 1900;
	else if (ny == 3)
		y += 1900;
	else if (ny != 4)
		return RW_NO_DATE;
	return date_then_time(p, y, mon, d);
}

/* Day of year (1..366) into month (1-based) and day; -1 when out of range. */
static int
ordinal(int y, int doy, int *mon, int *d)
{
	int m;

	for (m = 0; m < 12; m++) {
		if (doy <= days_in_month(y, m)) {
			*mon = m + 1;
			*d = doy;
			return doy >= 1 ? 0 : -1;
		}
		doy -= days_in_month(y, m);
	}
	return -1;
}

/* The date of an ISO 8601 / W3CDTF string: YYYY, YYYY-MM, YYYY-MM-DD,
 * YYYYMMDD, YYYY-DDD and YYYYDDD (ordinal), and the truncated two-digit
 * year forms ISO 8601:1988 allowed and feedparser reads (YY-MM-DD, YYMMDD,
 * -YYMM, -YY-MM, YYDDD), a YY being in this century. */
static int
date_part(const char **pp, int *y, int *mon, int *d)
{
	const char *p = *pp;
	int n = digit_run(p), k = 0, yy = 0;

	*mon = *d = 1;
	if (*p == '-' && digit_run(p + 1) >= 2) {         /* -YYMM, -YY-MM */
		p++;
		read_int(&p, 2, &yy);
		if (*p == '-')
			p++;
		if (read_int(&p, 2, mon) != 2)
			return -1;
		*y = 2000 + yy;
	} else if (n == 2 && p[2] == '-') {                /* YY-MM-DD */
		read_int(&p, 2, &yy);
		p++;
		if (read_int(&p, 2, mon) != 2 || *p++ != '-' || read_int(&p, 2, d) != 2)
			return -1;
		*y = 2000 + yy;
	} else if (n == 6 || n == 5) {                     /* YYMMDD, YYDDD */
		read_int(&p, 2, &yy);
		*y = 2000 + yy;
		if (n == 6) {
			read_int(&p, 2, mon);
			read_int(&p, 2, d);
		} else {
			/* a day of year below 100 would rather be a mistyped
			 * five-digit year ("22013"): refused, absent not wrong */
			read_int(&p, 3, &k);
			if (k < 100 || ordinal(*y, k, mon, d) < 0)
				return -1;
		}
	} else if (n == 4 || n == 7 || n == 8) {
		read_int(&p, 4, y);
		if (n == 8) {
			read_int(&p, 2, mon);
			read_int(&p, 2, d);
		} else if (n == 7) {
			read_int(&p, 3, &k);
			if (ordinal(*y, k, mon, d) < 0)
				return -1;
		} else if (*p == '-' && isdigit((unsigned char)p[1])) {
			p++;
			k = digit_run(p);
			if (k == 3 && p[0] == '0' && p[3] == '-') {   /* "2003-012-31": a padded month */
				p++;
				k = 2;
			}
			if (k == 3) {
				read_int(&p, 3, &k);
				if (ordinal(*y, k, mon, d) < 0)
					return -1;
			} else {
				if (read_int(&p, 2, mon) != 2 || k != 2)
					return -1;
				if (*p == '-') {
					p++;
					if (read_int(&p, 2, d) != 2 || isdigit((unsigned char)*p))
						return -1;
				}
			}
		}
	} else {
		return -1;
	}
	*pp = p;
	return 0;
}

int64_t
rw_date_parse_iso8601(const char *s)
{
	const char *p = skip_space(s);
	int y = 0, mon = 1, d = 1, h = 0, mi = 0, sec = 0;
	long off = 0;

	if (date_part(&p, &y, &mon, &d) < 0)
		return RW_NO_DATE;
	if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
		p++;
		if (read_int(&p, 2, &h) != 2)
			return RW_NO_DATE;
		if (*p == ':')
			p++;
		if (read_int(&p, 2, &mi) != 2)
			return RW_NO_DATE;
		if (*p == ':' || isdigit((unsigned char)*p)) {
			if (*p == ':')
				p++;
			if (read_int(&p, 2, &sec) != 2)
				return RW_NO_DATE;
		}
		if (*p == '.' || *p == ',') {
			p++;
			while (isdigit((unsigned char)*p))
				p++;
		}
		p = skip_space(p);
		if (*p == 'Z' || *p == 'z')
			p++;
		else if (*p == '+' || *p == '-') {
			if (numeric_zone(p, &off, &p) < 0)
				return RW_NO_DATE;
		} else if (isalpha((unsigned char)*p)) {
			const char *w = p;
			while (isalpha((unsigned char)*p))
				p++;
			if (zone_offset(w, (size_t)(p - w), &off) < 0)
				return RW_NO_DATE;
		}
	}
	p = skip_space(p);
	if (*p)
		return RW_NO_DATE;
	return make_time(y, mon - 1, d, h, mi, sec, off);
}

int64_t
rw_date_parse(const char *s)
{
	int64_t t;

	if (!s || !*s)
		return RW_NO_DATE;
	t = rw_date_parse_iso8601(s);
	if (t != RW_NO_DATE)
		return t;
	return rw_date_parse_rfc822(s);
}

char *
rw_date_format(int64_t t, char *buf, size_t size)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == RW_NO_DATE || !gmtime_r(&tt, &tm)) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

int
rw_duration_parse(const char *s, int64_t bare_unit, int64_t *secs)
{
	static const struct {
		const char *name;
		int64_t secs;
	} units[] = {
		{ "s", 1 }, { "sec", 1 }, { "second", 1 }, { "seconds", 1 }, { "seconde", 1 }, { "secondes", 1 },
		{ "m", 60 }, { "min", 60 }, { "minute", 60 }, { "minutes", 60 },
		{ "h", 3600 }, { "hour", 3600 }, { "hours", 3600 }, { "heure", 3600 }, { "heures", 3600 },
		{ "d", 86400 }, { "j", 86400 }, { "day", 86400 }, { "days", 86400 }, { "jour", 86400 },
		{ "jours", 86400 },
		{ "w", 604800 }, { "sem", 604800 }, { "week", 604800 }, { "weeks", 604800 },
		{ "semaine", 604800 }, { "semaines", 604800 },
	};
	const char *p = s, *word;
	int64_t n = 0, unit = bare_unit;
	size_t len, i;

	if (!s)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (n > (INT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*p - '0');
	}
	while (isspace((unsigned char)*p))
		p++;
	for (word = p; isalpha((unsigned char)*p); p++)
		;
	len = (size_t)(p - word);
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return -1;
	if (len) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i].name) == len && !strncasecmp(units[i].name, word, len))
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return -1;
		unit = units[i].secs;
	}
	if (unit <= 0 || n > INT64_MAX / unit)
		return -1;
	*secs = n * unit;
	return 0;
}
