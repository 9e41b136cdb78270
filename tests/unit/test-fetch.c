/* SPDX-License-Identifier: MIT */
/* test-fetch.c - the politeness arithmetic of fetch.h, the [fetch] keys of
 * the configuration and the Retry-After holds of the store.  No network:
 * transfers are tested against real servers in tests/integration/. */
#include "config.h"
#include "fetch.h"
#include "store.h"
#include "tap.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rw-test-fetch-XXXXXX";

static rw_config *
load(const char *fetch_section, rw_err *err)
{
	char *path;
	FILE *fp;
	rw_config *c;

	if (asprintf(&path, "%s/fetch.conf", dir) < 0)
		return NULL;
	fp = fopen(path, "w");
	if (!fp) {
		free(path);
		return NULL;
	}
	fprintf(fp, "[practitioner]\nname = Jeanne Dupont\n[fetch]\n%s", fetch_section);
	fclose(fp);
	c = rw_config_load(path, err);
	free(path);
	return c;
}

static void
key_refused(const char *line, const char *want)
{
	rw_err err = { 0 };
	rw_config *c = load(line, &err);

	ok(!c && strstr(err.msg, want), "refused: %s -> %s", line, err.msg);
	rw_config_free(&c);
}

struct holds { int n; char host[4][64]; int64_t until[4]; char reason[4][32]; };

static int
collect(const char *host, int64_t until, const char *reason, void *data)
{
	struct holds *h = data;
	if (h->n < 4) {
		snprintf(h->host[h->n], 64, "%s", host);
		snprintf(h->reason[h->n], 32, "%s", reason ? reason : "");
		h->until[h->n] = until;
		h->n++;
	}
	return 0;
}

/* The address policy's judgement of resolved addresses (issue 17). */
static void
inside_addresses(void)
{
	static const struct { const char *ip; int inside; } cases[] = {
		{ "127.0.0.1", 1 }, { "127.255.0.9", 1 }, { "0.0.0.0", 1 }, { "10.1.2.3", 1 },
		{ "172.16.0.1", 1 }, { "172.31.255.255", 1 }, { "172.32.0.1", 0 }, { "192.168.1.1", 1 },
		{ "169.254.169.254", 1 }, { "100.64.0.1", 1 }, { "224.0.0.1", 1 }, { "255.255.255.255", 1 },
		{ "::1", 1 }, { "::", 1 }, { "fe80::1", 1 }, { "fd00::1", 1 }, { "ff02::1", 1 },
		{ "::ffff:127.0.0.1", 1 }, { "::ffff:10.0.0.1", 1 }, { "64:ff9b::a9fe:a9fe", 1 },
		{ "93.184.216.34", 0 }, { "8.8.8.8", 0 }, { "2001:4860:4860::8888", 0 }, { "::ffff:8.8.8.8", 0 },
		{ "localhost", 1 }, { "not an address", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(rw_fetch_ip_is_inside(cases[i].ip), cases[i].inside, "%s is %s", cases[i].ip,
		       cases[i].inside ? "inside (refused)" : "outside");
	{
		char *h = rw_url_host("http://User:pw@Example.ORG:8080/feed", 0);
		is_str(h, "example.org", "the host a source vouches for: no user, no port, lowercase");
		free(h);
	}
}

int
main(void)
{
	const int64_t now = 1736150400;   /* Mon, 06 Jan 2025 08:00:00 GMT */
	rw_fetch_settings s;
	rw_err err = { 0 };
	rw_config *c;
	rw_store *st;
	struct holds h;
	char *path;

	if (!mkdtemp(dir))
		return 99;
	inside_addresses();

	/* Retry-After: delay-seconds, the three HTTP-date forms, nonsense */
	is_int(rw_fetch_retry_after("120", now, 86400), now + 120, "Retry-After in seconds");
	is_int(rw_fetch_retry_after(" 120 ", now, 86400), now + 120, "surrounding blanks");
	is_int(rw_fetch_retry_after("999999999999", now, 86400), now + 86400, "a huge delay is capped");
	is_int(rw_fetch_retry_after("0", now, 86400), 0, "0 seconds: no hold");
	is_int(rw_fetch_retry_after("120abc", now, 86400), 0, "digits then junk: unusable");
	is_int(rw_fetch_retry_after("soon", now, 86400), 0, "words: unusable");
	is_int(rw_fetch_retry_after("", now, 86400), 0, "empty: unusable");
	is_int(rw_fetch_retry_after(NULL, now, 86400), 0, "absent");
	is_int(rw_fetch_retry_after("-5", now, 86400), 0, "negative: unusable");
	is_int(rw_fetch_retry_after("Mon, 06 Jan 2025 08:02:00 GMT", now, 86400), now + 120, "IMF-fixdate");
	is_int(rw_fetch_retry_after("Monday, 06-Jan-25 08:02:00 GMT", now, 86400), now + 120, "obsolete RFC 850 date");
	is_int(rw_fetch_retry_after("Mon Jan  6 08:02:00 2025", now, 86400), now + 120, "obsolete asctime date");
	is_int(rw_fetch_retry_after("Mon, 06 Jan 2025 07:00:00 GMT", now, 86400), 0, "a date in the past: no hold");
	is_int(rw_fetch_retry_after("Mon, 06 Jan 2031 08:00:00 GMT", now, 86400), now + 86400, "a far date is capped");

	/* backoff: none after one failure, then base doubling up to max */
	rw_fetch_settings_default(&s);
	is_int(s.backoff_base, 900, "default backoff_base 15 min");
	is_int(s.backoff_max, 86400, "default backoff_max 1 day");
	is_int(s.report_after, 3, "default report_after 3");
	is_int(rw_fetch_backoff(&s, 0), 0, "never failed: no wait");
	is_int(rw_fetch_backoff(&s, 1), 0, "one failure (a blip): no wait");
	is_int(rw_fetch_backoff(&s, 2), 900, "2 in a row: base");
	is_int(rw_fetch_backoff(&s, 3), 1800, "3 in a row: doubled");
	is_int(rw_fetch_backoff(&s, 5), 7200, "5 in a row: 8 x base");
	is_int(rw_fetch_backoff(&s, 9), 86400, "9 in a row: capped at 1 day");
	is_int(rw_fetch_backoff(&s, 100000), 86400, "no overflow after many failures");
	is_int(rw_fetch_next_attempt(&s, 1, now), 0, "next attempt after one failure: no wait");
	is_int(rw_fetch_next_attempt(&s, 2, now), now + 810, "next attempt: a tenth of the wait early is fine");
	s.backoff_base = 0;
	is_int(rw_fetch_backoff(&s, 7), 0, "backoff_base = 0: no backoff");
	s.backoff_base = 7200;
	s.backoff_max = 3600;
	is_int(rw_fetch_backoff(&s, 2), 3600, "a max below the base wins");

	/* the per-host key */

	/* the [fetch] keys */
	c = load("concurrency = 8\nper_host = 1\nlow_speed_limit = 50\nmax_header_size = 32K\n"
	         "user_agent = repwatch-test/1 (+mailto:test@example.org)\nca_file = /tmp/ca.pem\n"
	         "report_after = 5\nbackoff_base = 1h\nbackoff_max = 2d\nmax_retry_after = 90m\n", &err);
	ok(c != NULL, "every [fetch] key loads: %s", err.msg);
	if (c) {
		is_int(c->fetch.concurrency, 8, "concurrency");
		is_int(c->fetch.per_host, 1, "per_host");
		is_int(c->fetch.low_speed_limit, 50, "low_speed_limit");
		is_int((long long)c->fetch.max_header_size, 32 << 10, "max_header_size");
		is_str(c->fetch.user_agent, "repwatch-test/1 (+mailto:test@example.org)", "user_agent");
		is_str(c->fetch.ca_file, "/tmp/ca.pem", "ca_file");
		is_int(c->fetch.report_after, 5, "report_after");
		is_int(c->fetch.backoff_base, 3600, "backoff_base in hours");
		is_int(c->fetch.backoff_max, 2 * 86400, "backoff_max in days");
		is_int(c->fetch.max_retry_after, 90 * 60, "max_retry_after in minutes");
		is_int((long long)c->fetch.max_size, 8 << 20, "max_size keeps its default");
	}
	rw_config_free(&c);
	c = load("backoff_base = 0\nbackoff_max = 3600\n", &err);
	ok(c && c->fetch.backoff_base == 0 && c->fetch.backoff_max == 3600, "backoff_base = 0 and plain seconds");
	rw_config_free(&c);
	key_refused("report_after = 0\n", "[fetch].report_after: 0: expected a number of scans");
	key_refused("backoff_base = soon\n", "[fetch].backoff_base: soon: expected a duration");
	key_refused("backoff_max = 10s\n", "[fetch].backoff_max: 10s: expected a duration");
	key_refused("max_retry_after = 31d\n", "[fetch].max_retry_after: 31d: expected a duration");
	key_refused("max_header_size = 2K\n", "[fetch].max_header_size: 2K: expected a size");
	key_refused("low_speed_limit = 0\n", "[fetch].low_speed_limit: 0: expected bytes per second");
	key_refused("user_agent =\n", "[fetch].user_agent");
	key_refused("retries = 3\n", "unknown key (known: concurrency");

	/* Retry-After holds in the store */
	if (asprintf(&path, "%s/holds.db", dir) < 0)
		return 99;
	st = rw_store_open(path, &err);
	ok(st != NULL, "store opens: %s", err.msg);
	if (st) {
		ok(!rw_store_host_hold(st, "a.example:443", now + 120, "HTTP 429", now, &err), "hold recorded");
		ok(!rw_store_host_hold(st, "a.example:443", now + 60, "HTTP 503", now, &err), "shorter hold recorded");
		ok(!rw_store_host_hold(st, "b.example:80", now + 10, "HTTP 503", now, &err), "second host");
		memset(&h, 0, sizeof(h));
		ok(!rw_store_each_host_hold(st, now, collect, &h, &err), "holds listed");
		is_int(h.n, 2, "two holds in force");
		is_str(h.host[0], "a.example:443", "by host");
		is_int(h.until[0], now + 120, "a later answer never shortens a hold");
		memset(&h, 0, sizeof(h));
		ok(!rw_store_each_host_hold(st, now + 10, collect, &h, &err), "holds listed later");
		is_int(h.n, 1, "a hold ends at its time");
		rw_store_close(&st);
		st = rw_store_open(path, &err);
		memset(&h, 0, sizeof(h));
		ok(st && !rw_store_each_host_hold(st, 0, collect, &h, &err) && h.n == 1,
		   "an ended hold is forgotten, not merely hidden");
		rw_store_close(&st);
	}
	unlink(path);
	free(path);
	if (asprintf(&path, "%s/holds.db-wal", dir) >= 0) {
		unlink(path);
		free(path);
	}
	if (asprintf(&path, "%s/holds.db-shm", dir) >= 0) {
		unlink(path);
		free(path);
	}
	if (asprintf(&path, "%s/fetch.conf", dir) >= 0) {
		unlink(path);
		free(path);
	}
	rmdir(dir);
	return tap_done();
}
