/* SPDX-License-Identifier: MIT */
/* Quiet hours and digest slots, in a fixed time zone (UTC and Paris, for
 * a daylight-saving change), plus the [notify] and [digest] config keys. */
#include "config.h"
#include "schedule.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-schedule-XXXXXX";

/* 2026-11-02 is a Monday; t(d, h, m) is that week's day d (0 = Monday) */
static int64_t
t(int d, int h, int m)
{
	return (int64_t)1793577600 + d * 86400 + h * 3600 + m * 60;
}

static void
quiet_case(const char *spec, int64_t when, int want, const char *what)
{
	rw_quiet q;
	char why[256] = "";

	if (rw_quiet_parse(spec, &q, why, sizeof(why)) < 0) {
		ok(0, "%s: '%s' parses (%s)", what, spec, why);
		return;
	}
	is_int(rw_quiet_active(&q, when), want, "%s ('%s')", what, spec);
}

static void
parse_fails(const char *spec, const char *want)
{
	rw_quiet q;
	char why[256] = "";

	ok(rw_quiet_parse(spec, &q, why, sizeof(why)) < 0 && strstr(why, want), "'%s' refused: %s", spec, why);
}

static rw_config *
load(const char *text, mode_t mode, rw_err *err)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/c.conf", dir);
	fp = fopen(path, "w");
	fputs("[practitioner]\nname = Jeanne Dupont\n", fp);
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
	return rw_config_load(path, err);
}

int
main(void)
{
	rw_quiet q;
	rw_err err = { 0 };
	rw_config *c;
	char why[256];
	int64_t slot;

	if (!mkdtemp(dir))
		return 99;
	setenv("TZ", "UTC", 1);
	tzset();
	{
		time_t mon = (time_t)t(0, 0, 0);
		struct tm tm;
		gmtime_r(&mon, &tm);
		ok(tm.tm_wday == 1 && tm.tm_mday == 2 && tm.tm_mon == 10, "the fixture's Monday is 2026-11-02");
	}

	quiet_case("Mon-Fri 08:00-19:00", t(0, 10, 0), 1, "Monday 10:00 is quiet");
	quiet_case("Mon-Fri 08:00-19:00", t(0, 7, 59), 0, "Monday 07:59 is not");
	quiet_case("Mon-Fri 08:00-19:00", t(0, 19, 0), 0, "the end minute is not quiet");
	quiet_case("Mon-Fri 08:00-19:00", t(5, 10, 0), 0, "Saturday is not");
	quiet_case("lun-ven 8h00-19h00", t(4, 18, 59), 1, "French day names and 8h00");
	quiet_case("Sat+Sun 09:00-12:00", t(6, 9, 30), 1, "a list of days");
	quiet_case("Sat+Sun 09:00-12:00", t(2, 9, 30), 0, "a list of days: Wednesday is not in it");
	quiet_case("22:00-07:00", t(2, 23, 0), 1, "every day, past midnight: 23:00");
	quiet_case("22:00-07:00", t(3, 6, 59), 1, "every day, past midnight: 06:59 next day");
	quiet_case("22:00-07:00", t(3, 7, 0), 0, "every day, past midnight: 07:00");
	quiet_case("Fri 22:00-07:00", t(5, 3, 0), 1, "a range that starts Friday goes on Saturday night");
	quiet_case("Fri 22:00-07:00", t(6, 3, 0), 0, "but not Sunday night");
	quiet_case("Mon-Sun 00:00-24:00", t(3, 12, 0), 1, "the whole week");
	quiet_case("Fri-Mon 12:00-13:00", t(6, 12, 30), 1, "a span of days across the weekend");
	quiet_case("Mon-Fri 08:00-12:00; Mon-Fri 14:00-19:00", t(1, 13, 0), 0, "two ranges: the lunch break is not quiet");
	quiet_case("Mon-Fri 08:00-12:00; Mon-Fri 14:00-19:00", t(1, 15, 0), 1, "two ranges: the afternoon is");
	quiet_case("", t(1, 15, 0), 0, "empty: never quiet");
	quiet_case("no", t(1, 15, 0), 0, "'no': never quiet");
	parse_fails("Mon-Fry 08:00-19:00", "not a day");
	parse_fails("Mon-Fri 8-19h", "expected ranges");
	parse_fails("Mon-Fri 25:00-26:00", "expected ranges");
	parse_fails("Mon-Fri 08:00-19:00 extra", "expected ranges");

	rw_quiet_parse("Mon-Fri 08:00-19:00", &q, why, sizeof(why));
	is_int(rw_quiet_end(&q, t(0, 10, 17) + 25), t(0, 19, 0), "quiet at 10:17: ends at 19:00");
	is_int(rw_quiet_end(&q, t(0, 20, 0)), t(0, 20, 0), "not quiet: ends now");
	rw_quiet_parse("Fri 18:00-24:00; Sat-Sun 00:00-24:00", &q, why, sizeof(why));
	is_int(rw_quiet_end(&q, t(4, 19, 0)), t(7, 0, 0), "a quiet weekend ends on Monday 00:00");

	is_int(rw_weekday_from_name("Monday", 6), 1, "Monday is 1");
	is_int(rw_weekday_from_name("dimanche", 8), 0, "dimanche is 0");
	is_int(rw_weekday_from_name("xyz", 3), -1, "unknown day");

	slot = rw_schedule_last_slot(1, 8, t(0, 9, 0));
	is_int(slot, t(0, 8, 0), "Monday 09:00: the slot is Monday 08:00");
	is_int(rw_schedule_last_slot(1, 8, t(0, 7, 0)), t(-7, 8, 0), "Monday 07:00: last week's Monday");
	is_int(rw_schedule_last_slot(1, 8, t(3, 12, 0)), t(0, 8, 0), "Thursday: this Monday");
	is_int(rw_schedule_last_slot(-1, 8, t(3, 7, 0)), t(2, 8, 0), "every day at 8, Thursday 07:00: Wednesday 08:00");
	is_int(rw_schedule_last_slot(1, 8, t(0, 8, 0)), t(0, 8, 0), "the slot itself counts");

	if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) == 0) {
		/* 2026-10-25: clocks go back in Paris; Monday 26 at 08:00 is 07:00 UTC */
		setenv("TZ", "Europe/Paris", 1);
		tzset();
		is_int(rw_schedule_last_slot(1, 8, 1792972800 + 12 * 3600), 1792972800 + 7 * 3600,
		       "Paris, after the change to winter time: Monday 08:00 is 07:00 UTC");
		rw_quiet_parse("Mon-Fri 08:00-19:00", &q, why, sizeof(why));
		is_int(rw_quiet_active(&q, 1792972800 + 6 * 3600 + 30 * 60), 0, "Paris: 07:30 local is not quiet");
		is_int(rw_quiet_active(&q, 1792972800 + 7 * 3600 + 30 * 60), 1, "Paris: 08:30 local is quiet");
		setenv("TZ", "UTC", 1);
		tzset();
	} else {
		ok(1, "# SKIP no tzdata for Europe/Paris");
	}

	/* [notify] and [digest] */
	c = load("[notify]\nnews = oui\nquiet_hours = Mon-Fri 08:00-19:00\nwait = 30\ntitles = 5\n"
	         "[digest]\nto = jeanne.dupont@example.org, secretariat@example.org\nserver = smtps://mail.example.org\n"
	         "user = jeanne\npassword = x\nday = lundi\nhour = 7\nlang = fr\npassword_file = pw\n", 0600, &err);
	ok(c != NULL, "[notify] and [digest] load: %s", err.msg);
	if (c) {
		is_int(c->notify.news, 1, "news = oui");
		is_int((long long)c->notify.quiet.n, 1, "one quiet range");
		is_int(c->notify.wait, 30, "wait");
		is_int(c->notify.titles, 5, "titles");
		is_str(c->digest.to, "jeanne.dupont@example.org, secretariat@example.org", "to");
		is_int(c->digest.day, 1, "day = lundi");
		is_int(c->digest.hour, 7, "hour");
		is_str(c->digest.lang, "fr", "lang");
		is_int(c->digest.password_private, 1, "a 0600 config may hold the password");
		ok(c->digest.password_file && strstr(c->digest.password_file, dir) &&
		   !strcmp(strrchr(c->digest.password_file, '/'), "/pw"), "password_file is relative to the config");
	}
	rw_config_free(&c);
	c = load("[digest]\npassword = x\n", 0644, &err);
	ok(c && !c->digest.password_private, "a 0644 config: its password is marked not private");
	rw_config_free(&c);
	c = load("", 0600, &err);
	ok(c && c->digest.day == 1 && c->digest.hour == 8 && c->notify.titles == 3 && !c->notify.news,
	   "defaults: Monday at 8, three titles, no news");
	rw_config_free(&c);
	{
		static const char *const bad[][2] = {
			{ "[notify]\nquiet_hours = tomorrow\n", "[notify].quiet_hours" },
			{ "[notify]\nnews = maybe\n", "expected yes or no" },
			{ "[digest]\nserver = http://mail.example.org\n", "expected smtp://" },
			{ "[digest]\nto = jeanne\n", "expected e-mail addresses" },
			{ "[digest]\nto = a@b.example\\r\\nBcc: x@y\n", "expected e-mail addresses" },
			{ "[digest]\nto = Jeanne <a@b.example>\n", "expected e-mail addresses" },
			{ "[digest]\nday = someday\n", "day of the week" },
			{ "[digest]\nhour = 24\n", "0 to 23" },
			{ "[digest]\nlang = de\n", "en or fr" },
			{ "[digest]\ncolour = blue\n", "unknown key" },
		};
		size_t i;
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			rw_err e2 = { 0 };
			c = load(bad[i][0], 0600, &e2);
			ok(!c && strstr(e2.msg, bad[i][1]), "refused: %s", e2.msg);
			rw_config_free(&c);
		}
	}
	{
		char cmd[160];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
	}
	return tap_done();
}
