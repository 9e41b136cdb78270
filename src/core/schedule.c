/* SPDX-License-Identifier: MIT */
#include "schedule.h"
#include "err.h"
#include "msgid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const day_names[][4] = {
	/* English, abbreviation, French, abbreviation */
	{ "sunday", "sun", "dimanche", "dim" },
	{ "monday", "mon", "lundi", "lun" },
	{ "tuesday", "tue", "mardi", "mar" },
	{ "wednesday", "wed", "mercredi", "mer" },
	{ "thursday", "thu", "jeudi", "jeu" },
	{ "friday", "fri", "vendredi", "ven" },
	{ "saturday", "sat", "samedi", "sam" },
};

int
rw_weekday_from_name(const char *name, size_t len)
{
	int d, k;

	for (d = 0; d < 7; d++)
		for (k = 0; k < 4; k++)
			if (strlen(day_names[d][k]) == len && !strncasecmp(name, day_names[d][k], len))
				return d;
	return -1;
}

/* "HH:MM" or "HHhMM" or "HH" at *p; advances *p.  -1 when malformed. */
static int
parse_clock(const char **p)
{
	const char *s = *p;
	int h = 0, m = 0, digits = 0;

	while (isdigit((unsigned char)*s) && digits < 2) {
		h = h * 10 + (*s++ - '0');
		digits++;
	}
	if (!digits || h > 24)
		return -1;
	if (*s == ':' || *s == 'h' || *s == 'H') {
		s++;
		if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
	}
	if (m > 59 || (h == 24 && m))
		return -1;
	*p = s;
	return h * 60 + m;
}

static int
parse_days(const char *s, size_t len, unsigned *days, char *why, size_t whysize)
{
	const char *dash = memchr(s, '-', len);
	int a, b;

	*days = 0;
	if (dash) {
		a = rw_weekday_from_name(s, (size_t)(dash - s));
		b = rw_weekday_from_name(dash + 1, len - (size_t)(dash - s) - 1);
		if (a < 0 || b < 0)
			goto bad;
		for (;; a = (a + 1) % 7) {
			*days |= 1u << a;
			if (a == b)
				break;
		}
		return 0;
	}
	while (len) {
		const char *plus = memchr(s, '+', len);
		size_t n = plus ? (size_t)(plus - s) : len;
		a = rw_weekday_from_name(s, n);
		if (a < 0)
			goto bad;
		*days |= 1u << a;
		if (!plus)
			break;
		len -= n + 1;
		s = plus + 1;
	}
	return 0;
bad:
	snprintf(why, whysize, rw_tr(N_("'%.*s' is not a day or a span of days (e.g. Mon-Fri, Sat+Sun, lun-ven)")),
	         (int)len, s);
	return -1;
}

int
rw_quiet_parse(const char *spec, rw_quiet *out, char *why, size_t whysize)
{
	const char *p = spec;

	memset(out, 0, sizeof(*out));
	while (isspace((unsigned char)*p))
		p++;
	if (!*p || !strcasecmp(p, "no") || !strcasecmp(p, "none"))
		return 0;
	while (*p) {
		rw_quiet_range r;
		const char *end = p + strcspn(p, ";,");
		const char *q = p;
		while (isspace((unsigned char)*q))
			q++;
		if (q == end) {
			p = *end ? end + 1 : end;
			continue;
		}
		if (out->n == RW_QUIET_MAX) {
			snprintf(why, whysize, rw_tr(N_("at most %d ranges")), RW_QUIET_MAX);
			return -1;
		}
		r.days = 0x7f;
		if (!isdigit((unsigned char)*q)) {
			const char *w = q;
			while (w < end && !isspace((unsigned char)*w))
				w++;
			if (parse_days(q, (size_t)(w - q), &r.days, why, whysize) < 0)
				return -1;
			q = w;
			while (q < end && isspace((unsigned char)*q))
				q++;
		}
		if ((r.start = parse_clock(&q)) < 0 || *q++ != '-' || (r.end = parse_clock(&q)) < 0)
			goto bad;
		while (q < end && isspace((unsigned char)*q))
			q++;
		if (q != end)
			goto bad;
		if (r.start == 24 * 60)
			r.start = 0;
		out->ranges[out->n++] = r;
		p = *end ? end + 1 : end;
	}
	return 0;
bad:
	snprintf(why, whysize, "%s", rw_tr(N_("expected ranges such as 'Mon-Fri 08:00-19:00; Sat 09:00-12:00'")));
	return -1;
}

int
rw_quiet_active(const rw_quiet *q, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t i;
	int m, today, yesterday;

	if (!q || !q->n || !localtime_r(&tt, &tm))
		return 0;
	m = tm.tm_hour * 60 + tm.tm_min;
	today = tm.tm_wday;
	yesterday = (today + 6) % 7;
	for (i = 0; i < q->n; i++) {
		const rw_quiet_range *r = &q->ranges[i];
		if (r->start < r->end) {
			if ((r->days >> today & 1) && m >= r->start && m < r->end)
				return 1;
		} else {  /* wraps past midnight; start == end is a whole day from start */
			if ((r->days >> today & 1) && m >= r->start)
				return 1;
			if ((r->days >> yesterday & 1) && m < r->end)
				return 1;
		}
	}
	return 0;
}

int64_t
rw_quiet_end(const rw_quiet *q, int64_t t)
{
	int64_t u, limit = t + 8 * 86400;

	if (!rw_quiet_active(q, t))
		return t;
	for (u = t - (t % 60 + 60) % 60 + 60; u <= limit; u += 60)
		if (!rw_quiet_active(q, u))
			return u;
	return limit;
}

int64_t
rw_schedule_last_slot(int day, int hour, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm now, c;
	int k;

	if (!localtime_r(&tt, &now))
		return t;
	for (k = 0; k <= 7; k++) {
		time_t slot;
		c = now;
		c.tm_mday -= k;
		c.tm_hour = hour;
		c.tm_min = 0;
		c.tm_sec = 0;
		c.tm_isdst = -1;
		slot = mktime(&c);
		if (slot == (time_t)-1)
			continue;
		if ((day < 0 || c.tm_wday == day) && (int64_t)slot <= t)
			return (int64_t)slot;
	}
	return t - 7 * 86400;
}
