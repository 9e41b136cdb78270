#include "date.h"

#include <ctype.h>
#include <stdio.h>
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
	};
	size_t i;

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

int64_t
rw_date_parse_rfc822(const char *s)
{
	const char *p = skip_space(s), *w;
	int d, mon, y, h = 0, mi = 0, sec = 0, ny;
	long off = 0;

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
		/* asctime-like "Jan 02 2004" order */
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
	p = skip_space(p);
	if (isdigit((unsigned char)*p)) {
		if (!read_int(&p, 2, &h) || *p != ':')
			return RW_NO_DATE;
		p++;
		if (!read_int(&p, 2, &mi))
			return RW_NO_DATE;
		if (*p == ':') {
			p++;
			if (!read_int(&p, 2, &sec))
				return RW_NO_DATE;
			if (*p == '.') {            /* fractions: ignored */
				p++;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		p = skip_space(p);
		if (*p == '+' || *p == '-') {
			if (numeric_zone(p, &off, &p) < 0)
				return RW_NO_DATE;
		} else if (isalpha((unsigned char)*p)) {
			w = p;
			while (isalpha((unsigned char)*p))
				p++;
			if (zone_offset(w, (size_t)(p - w), &off) < 0)
				return RW_NO_DATE;
			p = skip_space(p);
			if (*p == '+' || *p == '-') {   /* "GMT+0200" */
				long extra;
				if (numeric_zone(p, &extra, &p) < 0)
					return RW_NO_DATE;
				off += extra;
			}
		}
	}
	p = skip_space(p);
	if (*p == '(') {          /* "(CET)" comments */
		const char *close = strchr(p, ')');
		if (close)
			p = skip_space(close + 1);
	}
	if (*p)
		return RW_NO_DATE;
	return make_time(y, mon, d, h, mi, sec, off);
}

int64_t
rw_date_parse_iso8601(const char *s)
{
	const char *p = skip_space(s);
	int y, mon = 1, d = 1, h = 0, mi = 0, sec = 0, n;
	long off = 0;

	if ((n = read_int(&p, 4, &y)) != 4)
		return RW_NO_DATE;
	if (*p == '-') {
		p++;
		if (read_int(&p, 2, &mon) != 2)
			return RW_NO_DATE;
		if (*p == '-') {
			p++;
			if (read_int(&p, 2, &d) != 2)
				return RW_NO_DATE;
		}
	} else if (isdigit((unsigned char)*p)) {       /* basic: YYYYMMDD */
		if (read_int(&p, 2, &mon) != 2 || read_int(&p, 2, &d) != 2)
			return RW_NO_DATE;
	}
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
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}
