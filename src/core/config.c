/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "buf.h"
#include "category.h"
#include "collect.h"
#include "date.h"
#include "fetch.h"
#include "inifile.h"
#include "number.h"
#include "opml.h"
#include "text.h"
#include "url.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>


/* A configuration larger than this is not one. */
#define CONFIG_MAX_SIZE (4u << 20)

struct loader {
	rw_config *cfg;
	char msg[768];       /* message for the line ini_parse reports */
	size_t source_cap, prac_cap;
	char section[128];
	int lineno_hint;
	char prev_section[64], prev_key[64];  /* the previous call: a repeat is a continuation line */
	int opml_allow_private;  /* [sources] allow_private = yes: the OPML lists named after it
	                            are the user's own, inside addresses included */
};

void
rw_store_settings_default(rw_store_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->evidence_max_bytes = 200ull << 20;
	s->link_checks = 20;
	s->link_recheck = 86400;
}

static char *
trimdup(const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

char *
rw_config_strip_title(const char *name)
{
	return rw_profile_strip_title(name);
}

/* "200M", "1.5G", "500K", "8 MiB", "4096" (bytes, binary units, into
 * *bytes) or "365d", "12h", "30s" (into *secs; *bytes is then 0); 0 when
 * it parsed, -1 otherwise. */
static int
parse_amount(const char *v, unsigned long long *bytes, long *secs)
{
	char *end;
	double n, unit = 1;
	int time = 0;

	errno = 0;
	n = rw_text_strtod(v, &end);
	if (errno || end == v || n < 0 || n > 1e12)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	switch (tolower((unsigned char)*end)) {
	case 'k': unit = 1024; end++; break;
	case 'm': unit = 1024 * 1024; end++; break;
	case 'g': unit = 1024.0 * 1024 * 1024; end++; break;
	case 'd': unit = 86400; time = 1; end++; break;
	case 'h': unit = 3600; time = 1; end++; break;
	case 's': time = 1; end++; break;
	default: break;
	}
	if (!time && (*end == 'i' || *end == 'I') && (end[1] == 'B' || end[1] == 'b'))
		end += 2;
	else if (!time && (*end == 'B' || *end == 'b'))
		end++;
	while (isspace((unsigned char)*end))
		end++;
	if (*end || n * unit > 1e15)
		return -1;
	*bytes = time ? 0 : (unsigned long long)(n * unit);
	*secs = time ? (long)(n * unit) : 0;
	return 0;
}

static int
parse_size(const char *v, size_t *out)
{
	unsigned long long bytes;
	long secs;

	if (parse_amount(v, &bytes, &secs) < 0 || secs || bytes < 1024 || bytes > 1024ull * 1024 * 1024)
		return -1;
	*out = (size_t)bytes;
	return 0;
}

static int
fail(struct loader *L, const char *section, const char *key, const char *value, const char *why)
{
	snprintf(L->msg, sizeof(L->msg), "[%s].%s: %s: %s", section, key, value, rw_tr(why));
	return 0;
}

static rw_source *
new_source(struct loader *L)
{
	rw_config *c = L->cfg;

	if (c->nsources == L->source_cap) {
		size_t n = L->source_cap ? L->source_cap * 2 : 16;
		rw_source *ns = realloc(c->sources, n * sizeof(*ns));
		if (!ns)
			return NULL;
		c->sources = ns;
		L->source_cap = n;
	}
	memset(&c->sources[c->nsources], 0, sizeof(rw_source));
	return &c->sources[c->nsources++];
}

static rw_practitioner *
practitioner_for(struct loader *L, const char *id)
{
	rw_config *c = L->cfg;
	size_t i;

	for (i = 0; i < c->npractitioners; i++)
		if (!strcmp(c->practitioners[i].id, id))
			return &c->practitioners[i];
	if (c->npractitioners == L->prac_cap) {
		size_t n = L->prac_cap ? L->prac_cap * 2 : 4;
		rw_practitioner *np = realloc(c->practitioners, n * sizeof(*np));
		if (!np)
			return NULL;
		c->practitioners = np;
		L->prac_cap = n;
	}
	memset(&c->practitioners[c->npractitioners], 0, sizeof(rw_practitioner));
	c->practitioners[c->npractitioners].id = strdup(id);
	c->practitioners[c->npractitioners].watch_myths = 1;
	return &c->practitioners[c->npractitioners++];
}

static rw_source *
source_for(struct loader *L, const char *name)
{
	rw_config *c = L->cfg;
	rw_source *s;
	size_t i;

	for (i = 0; i < c->nsources; i++)
		if (c->sources[i].name && !strcmp(c->sources[i].name, name))
			return &c->sources[i];
	s = new_source(L);
	if (s)
		s->name = strdup(name);
	return s;
}

static int
valid_url(const char *v)
{
	return rw_url_is_source(v);
}

static int read_opml(struct loader *L, const char *path, char *why, size_t whysize);

/* "900", "900s", "15m", "2h", "1d" (date.h) into seconds within [min, max]. */
static int
parse_duration(const char *v, long min, long max, long *out)
{
	int64_t secs;

	if (rw_duration_parse(v, 1, &secs) < 0 || secs < min || secs > max)
		return -1;
	*out = (long)secs;
	return 0;
}

/* One key of [fetch]; the ranges keep a typo from disabling a cap. */
static int
fetch_key(struct loader *L, const char *section, const char *key, const char *value)
{
	rw_fetch_settings *f = &L->cfg->fetch;
	long n;

	if (!strcmp(key, "concurrency")) {
		if (rw_number_parse_long(value, 1, 256, &n) < 0)
			return fail(L, section, key, value, "expected a number from 1 to 256");
		f->concurrency = n;
	} else if (!strcmp(key, "per_host")) {
		if (rw_number_parse_long(value, 1, 16, &n) < 0)
			return fail(L, section, key, value, "expected a number from 1 to 16");
		f->per_host = n;
	} else if (!strcmp(key, "connect_timeout") || !strcmp(key, "timeout") ||
	           !strcmp(key, "low_speed_time")) {
		if (rw_number_parse_long(value, 1, 3600, &n) < 0)
			return fail(L, section, key, value, "expected seconds, from 1 to 3600");
		if (!strcmp(key, "timeout"))
			f->timeout = n;
		else if (!strcmp(key, "connect_timeout"))
			f->connect_timeout = n;
		else
			f->low_speed_time = n;
	} else if (!strcmp(key, "low_speed_limit")) {
		if (rw_number_parse_long(value, 1, 1 << 20, &n) < 0)
			return fail(L, section, key, value, "expected bytes per second, from 1 to 1048576");
		f->low_speed_limit = n;
	} else if (!strcmp(key, "max_redirects")) {
		if (rw_number_parse_long(value, 0, 20, &n) < 0)
			return fail(L, section, key, value, "expected a number from 0 to 20");
		f->max_redirects = n;
	} else if (!strcmp(key, "max_size")) {
		if (parse_size(value, &f->max_size) < 0)
			return fail(L, section, key, value, "expected a size such as 8M (from 1K to 1G)");
	} else if (!strcmp(key, "max_header_size")) {
		size_t sz;
		if (parse_size(value, &sz) < 0 || sz < (4u << 10) || sz > (1u << 20))
			return fail(L, section, key, value, "expected a size such as 64K (from 4K to 1M)");
		f->max_header_size = sz;
	} else if (!strcmp(key, "user_agent")) {
		free(f->user_agent);
		f->user_agent = trimdup(value);
		if (!f->user_agent || !*f->user_agent || strpbrk(f->user_agent, "\r\n"))
			return fail(L, section, key, value, "expected one line of text, e.g. repwatch/1.0 (+mailto:me@example.org)");
	} else if (!strcmp(key, "ca_file")) {
		free(f->ca_file);
		f->ca_file = trimdup(value);
		if (!f->ca_file || !*f->ca_file)
			return fail(L, section, key, value, "expected the path of a PEM file of certificate authorities");
	} else if (!strcmp(key, "report_after")) {
		if (rw_number_parse_long(value, 1, 100, &n) < 0)
			return fail(L, section, key, value, "expected a number of scans, from 1 to 100");
		f->report_after = n;
	} else if (!strcmp(key, "backoff_base")) {
		if (parse_duration(value, 0, 7 * 86400, &n) < 0)
			return fail(L, section, key, value, "expected a duration such as 15m, 1h or 0 (no backoff), up to 7d");
		f->backoff_base = n;
	} else if (!strcmp(key, "backoff_max") || !strcmp(key, "max_retry_after")) {
		if (parse_duration(value, 60, 30 * 86400, &n) < 0)
			return fail(L, section, key, value, "expected a duration such as 12h or 1d, from 1m to 30d");
		if (!strcmp(key, "backoff_max"))
			f->backoff_max = n;
		else
			f->max_retry_after = n;
	} else if (!strcmp(key, "max_pages")) {
		if (rw_number_parse_long(value, 1, 100, &n) < 0)
			return fail(L, section, key, value, "expected a number of pages, from 1 to 100");
		f->max_pages = n;
	} else {
		return fail(L, section, key, value,
		            "unknown key (known: concurrency, per_host, connect_timeout, timeout, low_speed_time, "
		            "low_speed_limit, max_redirects, max_size, max_header_size, user_agent, ca_file, "
		            "report_after, backoff_base, backoff_max, max_retry_after, max_pages)");
	}
	return 1;
}

void
rw_notify_settings_default(rw_notify_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->titles = 3;
}

void
rw_digest_settings_default(rw_digest_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->day = 1;
	s->hour = 8;
	s->failing_after = 3;
	s->max_items = 50;
}

static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", "oui" };
	static const char *const no[] = { "no", "false", "off", "0", "non" };
	size_t i;

	for (i = 0; i < 5; i++) {
		if (!strcasecmp(v, yes[i]))
			return *out = 1, 0;
		if (!strcasecmp(v, no[i]))
			return *out = 0, 0;
	}
	return -1;
}

/* One or more e-mail addresses, comma-separated: something@something, and
 * nothing that could end a header line or open a display name. */
static int
valid_addresses(const char *v)
{
	const char *p = v;
	int seen_at = 0, any = 0;

	for (; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr("<>\"()[];:\\", *p))
			return 0;
		if (*p == '@')
			seen_at = 1;
		if (*p == ',') {
			if (!seen_at)
				return 0;
			seen_at = 0;
		} else if (!isspace((unsigned char)*p)) {
			any = 1;
		}
	}
	return any && seen_at;
}

/* [notify] and [digest]: 1 when the key was taken, 0 after fail(). */
static int
on_notify_digest_key(struct loader *L, const char *section, const char *key, const char *value)
{
	rw_config *c = L->cfg;
	char why[256];
	long n;

	if (!strcmp(section, "notify")) {
		rw_notify_settings *ns = &c->notify;
		if (!strcmp(key, "news")) {
			if (parse_bool(value, &ns->news) < 0)
				return fail(L, section, key, value, "expected yes or no");
		} else if (!strcmp(key, "quiet_hours")) {
			if (rw_quiet_parse(value, &ns->quiet, why, sizeof(why)) < 0)
				return fail(L, section, key, value, why);
		} else if (!strcmp(key, "wait")) {
			if (rw_number_parse_long(value, 0, 3600, &ns->wait) < 0)
				return fail(L, section, key, value, "expected seconds, from 0 to 3600");
		} else if (!strcmp(key, "titles")) {
			if (rw_number_parse_long(value, 1, 10, &ns->titles) < 0)
				return fail(L, section, key, value, "expected a number from 1 to 10");
		} else {
			return fail(L, section, key, value, "unknown key (known: news, quiet_hours, wait, titles)");
		}
		return 1;
	}
	/* section is "digest" */
	{
		rw_digest_settings *d = &c->digest;
		char **str = NULL;
		if (!strcmp(key, "to") || !strcmp(key, "from")) {
			if (!valid_addresses(value))
				return fail(L, section, key, value, "expected e-mail addresses such as jeanne.dupont@example.org, separated by commas");
			str = !strcmp(key, "to") ? &d->to : &d->from;
		} else if (!strcmp(key, "server")) {
			if (strncasecmp(value, "smtp://", 7) && strncasecmp(value, "smtps://", 8))
				return fail(L, section, key, value, "expected smtp://HOST:587 (STARTTLS) or smtps://HOST:465");
			if (rw_url_has_user(value)) {
				/* the value is not repeated: it holds a secret */
				char shown[300], *host = rw_url_host(value, 0);
				snprintf(shown, sizeof(shown), "%.*s…@%.250s", (int)strcspn(value, ":") + 3, value,
				         host ? host : "");
				free(host);
				return fail(L, section, key, shown, "a user name or password in the address is refused (an address "
				            "is shown in messages); write them as user = and password_file =");
			}
			str = &d->server;
		} else if (!strcmp(key, "user")) {
			str = &d->user;
		} else if (!strcmp(key, "password")) {
			str = &d->password;
		} else if (!strcmp(key, "password_file")) {
			const char *slash = strrchr(c->path, '/');
			free(d->password_file);
			if (value[0] == '/' || !slash)
				d->password_file = strdup(value);
			else if (asprintf(&d->password_file, "%.*s/%s", (int)(slash - c->path), c->path, value) < 0)
				d->password_file = NULL;
			if (!d->password_file)
				return fail(L, section, key, value, "out of memory");
			return 1;
		} else if (!strcmp(key, "day")) {
			if (!strcasecmp(value, "daily") || !strcmp(value, "*") || !strcasecmp(value, "tous"))
				d->day = -1;
			else if ((d->day = rw_weekday_from_name(value, strlen(value))) < 0)
				return fail(L, section, key, value, "expected a day of the week (monday, lundi...) or daily");
		} else if (!strcmp(key, "hour")) {
			if (rw_number_parse_long(value, 0, 23, &n) < 0)
				return fail(L, section, key, value, "expected an hour from 0 to 23");
			d->hour = (int)n;
		} else if (!strcmp(key, "lang")) {
			if (strcmp(value, "en") && strcmp(value, "fr"))
				return fail(L, section, key, value, "expected en or fr");
			str = &d->lang;
		} else if (!strcmp(key, "failing_after")) {
			if (rw_number_parse_long(value, 1, 1000, &d->failing_after) < 0)
				return fail(L, section, key, value, "expected a number of scans from 1 to 1000");
		} else if (!strcmp(key, "max_items")) {
			if (rw_number_parse_long(value, 1, 200, &d->max_items) < 0)
				return fail(L, section, key, value, "expected a number from 1 to 200");
		} else {
			return fail(L, section, key, value,
			            "unknown key (known: to, from, server, user, password, password_file, day, hour, lang, failing_after, max_items)");
		}
		if (str) {
			free(*str);
			if (!(*str = trimdup(value)))
				return fail(L, section, key, value, "out of memory");
		}
		return 1;
	}
}

/* Split "a, b, c" into an array of trimmed, non-empty strings. */
static int
split_list(const char *v, char ***out, size_t *n)
{
	const char *p = v;

	while (*p) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		char *one = strndup(p, len), *t, **na;

		if (!one)
			return -1;
		t = trimdup(one);
		free(one);
		if (!t)
			return -1;
		if (!*t) {
			free(t);
		} else {
			na = realloc(*out, (*n + 1) * sizeof(**out));
			if (!na) {
				free(t);
				return -1;
			}
			*out = na;
			(*out)[(*n)++] = t;
		}
		if (!q)
			break;
		p = q + 1;
	}
	return 0;
}

static int
store_key(struct loader *L, const char *section, const char *key, const char *value)
{
	rw_store_settings *st = &L->cfg->store;
	unsigned long long bytes;
	long secs, n;

	if (!strcmp(key, "evidence_max")) {
		char **parts = NULL;
		size_t nparts = 0, i;
		int bad = split_list(value, &parts, &nparts) < 0 || nparts == 0 || nparts > 2;
		st->evidence_max_bytes = 0;
		st->evidence_max_days = 0;
		for (i = 0; i < nparts; i++) {
			if (bad || !strcmp(parts[i], "0"))
				;   /* "0": no bound */
			else if (parse_amount(parts[i], &bytes, &secs) < 0 || (bytes < 1024 && secs < 86400))
				bad = 1;
			else if (bytes)
				st->evidence_max_bytes = bytes;
			else
				st->evidence_max_days = secs / 86400;
			free(parts[i]);
		}
		free(parts);
		if (bad)
			return fail(L, section, key, value,
			            "expected a size (200M), an age in days (365d), both (200M, 365d) or 0 for no bound");
	} else if (!strcmp(key, "link_checks")) {
		if (rw_number_parse_long(value, 0, 1000, &n) < 0)
			return fail(L, section, key, value, "expected a number from 0 to 1000");
		st->link_checks = n;
	} else if (!strcmp(key, "link_recheck")) {
		if (strcmp(value, "0") && (parse_amount(value, &bytes, &secs) < 0 || bytes))
			return fail(L, section, key, value, "expected a duration such as 1d, 12h or 0");
		st->link_recheck = strcmp(value, "0") ? secs : 0;
	} else {
		return fail(L, section, key, value, "unknown key (known: evidence_max, link_checks, link_recheck)");
	}
	return 1;
}

/* kind = and, after it, the keys of a collected kind (collect.h), which
 * its module checks; they are kept as written for it to read. */
static int
source_kind_key(struct loader *L, rw_source *s, const char *section, const char *key, const char *value)
{
	const rw_collect_kind *k;
	struct rw_source_opt *no;
	char why[512];
	size_t i;

	if (!strcmp(key, "kind")) {
		if (!strcmp(value, "feed") || !strcmp(value, "page")) {
			free(s->kind);
			s->kind = NULL;   /* fetched; its template tells a feed from a page */
			return 1;
		}
		if (!(k = rw_collect_find(value))) {
			char names[256];
			rw_collect_kind_names(names, sizeof(names));
			snprintf(why, sizeof(why), "unknown kind (known: feed, page%s%s)", names[0] ? ", " : "", names);
			return fail(L, section, key, value, why);
		}
		free(s->kind);
		if (!(s->kind = strdup(value)))
			return fail(L, section, key, value, "out of memory");
		return 1;
	}
	k = rw_collect_of(s);
	if (k->check_key(key, value, why, sizeof(why)) < 0)
		/* a password is not repeated in a message */
		return fail(L, section, key, strstr(key, "password") ? "…" : value, why);
	for (i = 0; i < s->nopts && strcmp(s->opts[i].key, key); i++)
		;
	if (i == s->nopts) {
		if (!(no = realloc(s->opts, (s->nopts + 1) * sizeof(*no))))
			return fail(L, section, key, value, "out of memory");
		s->opts = no;
		no[i].key = strdup(key);
		no[i].value = NULL;
		s->nopts++;
		if (!no[i].key)
			return fail(L, section, key, value, "out of memory");
	} else if (s->opts[i].value) {
		explicit_bzero(s->opts[i].value, strlen(s->opts[i].value));
		free(s->opts[i].value);
	}
	if (!(s->opts[i].value = trimdup(value)))
		return fail(L, section, key, value, "out of memory");
	return 1;
}

/* A source's kind, inferred from its url when not written (imaps://...),
 * and checked as a whole by its module; 0, or -1 with why. */
static int
check_source_kind(rw_source *s, char *why, size_t whysize)
{
	const rw_collect_kind *k = rw_collect_of(s), *by_url = rw_collect_for_url(s->url);

	if (!k && by_url && !s->kind) {
		if (!(s->kind = strdup(by_url->name))) {
			snprintf(why, whysize, "out of memory");
			return -1;
		}
		k = by_url;
	}
	if (!k && by_url) {
		snprintf(why, whysize, "url = %s is a mailbox address, not a feed or a page: write kind = %s", s->url,
		         by_url->name);
		return -1;
	}
	if (!k)
		return 0;
	if (s->template_id) {
		snprintf(why, whysize, "template = is for feeds and pages, not for a source of kind = %s", k->name);
		return -1;
	}
	return k->check_source(s, why, whysize);
}

static int
on_key(void *user, const char *section, const char *key, const char *value)
{
	struct loader *L = user;
	rw_config *c = L->cfg;
	/* libinih reports an indented line after key = value as the same key again */
	int continued = !strcmp(section, L->prev_section) && !strcmp(key, L->prev_key);

	snprintf(L->prev_section, sizeof(L->prev_section), "%s", section);
	snprintf(L->prev_key, sizeof(L->prev_key), "%s", key);
	if (!strcmp(section, "notify") || !strcmp(section, "digest"))
		return on_notify_digest_key(L, section, key, value);
	if (!strncmp(section, "practitioner", 12) && (!section[12] || section[12] == ' ')) {
		const char *id = section[12] ? section + 13 : "default";
		rw_practitioner *p = practitioner_for(L, *id ? id : "default");
		char why[512];
		if (!p)
			return fail(L, section, key, value, "out of memory");
		if (rw_profile_set(p, key, value, why, sizeof(why)) < 0)
			return fail(L, section, key, value, why);
		return 1;
	}
	if (!strncmp(section, "source ", 7) && section[7]) {
		rw_source *s = source_for(L, section + 7);
		if (!s)
			return fail(L, section, key, value, "out of memory");
		if (!strcmp(key, "url") && continued && s->url && *value && !valid_url(value)) {
			char *joined;
			if (asprintf(&joined, "%s%s", s->url, value) < 0)
				return fail(L, section, key, value, "out of memory");
			free(s->url);
			s->url = joined;
		} else if (!strcmp(key, "url")) {
			if (!valid_url(value) && !rw_collect_for_url(value))
				return fail(L, section, key, value, "not an http://, https:// or file:// address "
				            "(nor imap:// or imaps:// for a mailbox)");
			free(s->url);
			s->url = trimdup(value);
			if (s->url && !s->kind && rw_collect_for_url(s->url) &&
			    !(s->kind = strdup(rw_collect_for_url(s->url)->name)))   /* imaps://: kind = imap */
				return fail(L, section, key, value, "out of memory");
		} else if (!strcmp(key, "category")) {
			char names[64], why[96];
			if (!rw_category_source_ok(value)) {
				snprintf(why, sizeof(why), "unknown category (%s)", rw_category_source_names(names, sizeof(names)));
				return fail(L, section, key, value, why);
			}
			free(s->category);
			s->category = strdup(value);
		} else if (!strcmp(key, "template")) {
			free(s->template_id);
			s->template_id = trimdup(value);
		} else if (!strcmp(key, "allow_private")) {
			if (!strcmp(value, "yes") || !strcmp(value, "no"))
				s->allow_private = !strcmp(value, "yes");
			else
				return fail(L, section, key, value, "expected yes or no");
		} else if (!strcmp(key, "kind") || rw_collect_of(s)) {
			return source_kind_key(L, s, section, key, value);
		} else {
			return fail(L, section, key, value, "unknown key (known: url, category, template, allow_private, kind; "
			            "the keys of a kind such as imap come after its kind = line or its imaps:// url)");
		}
		return 1;
	}
	if (!strcmp(section, "sources")) {
		if (!strcmp(key, "opml")) {
			char why[512], *path;
			const char *slash = strrchr(c->path, '/');
			if (value[0] == '/' || !slash)
				path = strdup(value);
			else if (asprintf(&path, "%.*s/%s", (int)(slash - c->path), c->path, value) < 0)
				path = NULL;
			if (!path)
				return fail(L, section, key, value, "out of memory");
			if (read_opml(L, path, why, sizeof(why)) < 0) {
				free(path);
				return fail(L, section, key, value, why);
			}
			free(path);
			return 1;
		}
		if (!strcmp(key, "allow_private")) {
			if (strcmp(value, "yes") && strcmp(value, "no"))
				return fail(L, section, key, value, "expected yes or no");
			L->opml_allow_private = !strcmp(value, "yes");
			return 1;
		}
		return fail(L, section, key, value, "unknown key (known: opml, allow_private)");
	}
	if (!strcmp(section, "fetch"))
		return fetch_key(L, section, key, value);
	if (!strcmp(section, "store"))
		return store_key(L, section, key, value);
	return fail(L, section, key, value,
	            "unknown section (known: [practitioner], [source NAME], [sources], [fetch], [notify], [digest], [store])");
}

/* The feeds of an OPML list (opml.h: the one reader, with its caps), as
 * sources; each keeps the category the list names and says where it came
 * from. */
static int
read_opml(struct loader *L, const char *path, char *why, size_t whysize)
{
	rw_opml o = { 0 };
	rw_err err = { 0 };
	size_t i;

	if (rw_opml_read(path, &o, &err)) {
		snprintf(why, whysize, "%.500s", err.msg);
		return -1;
	}
	for (i = 0; i < o.n; i++) {
		rw_source *s = new_source(L);
		if (!s) {
			rw_opml_clear(&o);
			snprintf(why, whysize, "out of memory");
			return -1;
		}
		s->name = strdup(o.feeds[i].title);
		s->url = strdup(o.feeds[i].url);
		s->category = o.feeds[i].category ? strdup(o.feeds[i].category) : NULL;
		s->allow_private = L->opml_allow_private;
		if (asprintf(&s->origin, "%s:%d", path, o.feeds[i].line) < 0)
			s->origin = NULL;
	}
	rw_opml_clear(&o);
	return 0;
}

/* Section headers: an unclosed "[source B" and a source or practitioner
 * given twice (whose keys would silently merge, the later url winning) are
 * errors at their line.  A settings section ([fetch], [store]...) may come
 * again: its keys add up, as in every INI file.  0, or -1 with err set. */
static int
check_sections(const char *path, const char *text, size_t len, rw_err *err)
{
	struct seen { char name[64]; int line; } *seen = NULL, *grown;
	size_t n = 0, cap = 0, i;
	rw_ini_scan sc;
	rw_ini_line l;
	int rc = 0;

	rw_ini_scan_init(&sc, text, len);
	while (!rc && rw_ini_scan_next(&sc, &l)) {
		const char *p = text + l.start;
		size_t k = 0;
		while (k < l.len && isspace((unsigned char)p[k]))
			k++;
		if (l.type == RW_INI_JUNK && k < l.len && p[k] == '[') {
			rc = rw_err_set(err, RW_E_USAGE, "%s:%d: section header '%.*s' is not closed (add ']' at its end)",
			                path, l.lineno, (int)(l.len - k > 80 ? 80 : l.len - k), p + k);
			break;
		}
		if (l.type != RW_INI_SECTION ||
		    (strncmp(l.section, "source ", 7) && strncmp(l.section, "practitioner", 12)))
			continue;
		for (i = 0; i < n; i++)
			if (!strcmp(seen[i].name, l.section))
				break;
		if (i < n) {
			rc = rw_err_set(err, RW_E_USAGE, "%s:%d: [%s] appears twice (first at line %d): give each its own "
			                "name, or merge the two", path, l.lineno, l.section, seen[i].line);
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(grown = realloc(seen, cap * sizeof(*seen)))) {
				rc = rw_err_set(err, RW_E_NOMEM, "out of memory reading configuration '%s'", path);
				break;
			}
			seen = grown;
		}
		memcpy(seen[n].name, l.section, sizeof(seen[n].name));
		seen[n++].line = l.lineno;
	}
	free(seen);
	return rc ? -1 : 0;
}

rw_config *
rw_config_load(const char *path, rw_err *err)
{
	struct loader L;
	char *text = NULL;
	size_t len = 0;
	struct stat sb;
	rw_ini_stop stopped;
	rw_err rerr = { 0 };
	int line;
	size_t i;

	memset(&L, 0, sizeof(L));
	if (stat(path, &sb) < 0 && errno == ENOENT) {
		rw_err_set(err, RW_E_IO, "cannot read configuration '%s': %s (create it with 'repwatch init \"Dr Firstname Surname\"')",
		           path, strerror(ENOENT));
		return NULL;
	}
	if (rw_ini_read_file(path, CONFIG_MAX_SIZE, &text, &len, &rerr)) {
		rw_err_set(err, rerr.code, "configuration: %s", rerr.msg);
		return NULL;
	}
	if (check_sections(path, text, len, err) < 0) {
		free(text);
		return NULL;
	}
	L.cfg = calloc(1, sizeof(*L.cfg));
	if (!L.cfg) {
		free(text);
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	L.cfg->path = strdup(path);
	rw_fetch_settings_default(&L.cfg->fetch);
	rw_notify_settings_default(&L.cfg->notify);
	rw_digest_settings_default(&L.cfg->digest);
	L.cfg->digest.password_private = stat(path, &sb) == 0 && !(sb.st_mode & 077);
	rw_store_settings_default(&L.cfg->store);
	line = rw_ini_walk(text, len, on_key, &L, &stopped);
	free(text);
	if (line != 0) {
		if (line < 0)
			rw_err_set(err, RW_E_NOMEM, "out of memory reading configuration '%s'", path);
		else if (stopped == RW_INI_TOO_LONG)
			rw_err_set(err, RW_E_USAGE, "%s:%d: line longer than %d bytes (continue a long value on indented lines)",
			           path, line, RW_INI_READ_MAX_LINE);
		else if (stopped == RW_INI_HANDLER && L.msg[0])
			rw_err_set(err, RW_E_USAGE, "%s:%d: %s", path, line, L.msg);
		else
			rw_err_set(err, RW_E_USAGE, "%s:%d: syntax error (expected [section] or key = value)", path, line);
		rw_config_free(&L.cfg);
		return NULL;
	}
	if (!L.cfg->npractitioners) {
		rw_err_set(err, RW_E_USAGE, "%s: no [practitioner] section: say whom to watch, e.g.\n"
		           "  [practitioner]\n  name = Jeanne Dupont", path);
		rw_config_free(&L.cfg);
		return NULL;
	}
	for (i = 0; i < L.cfg->npractitioners; i++) {
		char why[512];
		if (rw_profile_check(&L.cfg->practitioners[i], why, sizeof(why)) < 0) {
			rw_err_set(err, RW_E_USAGE, "%s: [practitioner%s%s] %s", path,
			           strcmp(L.cfg->practitioners[i].id, "default") ? " " : "",
			           strcmp(L.cfg->practitioners[i].id, "default") ? L.cfg->practitioners[i].id : "", rw_tr(why));
			rw_config_free(&L.cfg);
			return NULL;
		}
	}
	for (i = 0; i < L.cfg->nsources; i++) {
		char why[512];
		if (!L.cfg->sources[i].url) {
			rw_err_set(err, RW_E_USAGE, "%s: [source %s] has no url = line", path, L.cfg->sources[i].name);
			rw_config_free(&L.cfg);
			return NULL;
		}
		if (check_source_kind(&L.cfg->sources[i], why, sizeof(why)) < 0) {
			rw_err_set(err, RW_E_USAGE, "%s: [source %s] %s", path, L.cfg->sources[i].name, why);
			rw_config_free(&L.cfg);
			return NULL;
		}
	}
	return L.cfg;
}

void
rw_config_free(rw_config **cfgp)
{
	rw_config *c;
	size_t i, j;

	if (!cfgp || !*cfgp)
		return;
	c = *cfgp;
	for (i = 0; i < c->npractitioners; i++) {
		rw_profile_clear(&c->practitioners[i]);
	}
	free(c->practitioners);
	for (i = 0; i < c->nsources; i++) {
		free(c->sources[i].name);
		free(c->sources[i].url);
		free(c->sources[i].category);
		free(c->sources[i].origin);
		free(c->sources[i].template_id);
		free(c->sources[i].kind);
		for (j = 0; j < c->sources[i].nopts; j++) {
			struct rw_source_opt *o = &c->sources[i].opts[j];
			if (o->value)   /* a password among them */
				explicit_bzero(o->value, strlen(o->value));
			free(o->key);
			free(o->value);
		}
		free(c->sources[i].opts);
	}
	free(c->sources);
	free(c->fetch.user_agent);
	free(c->fetch.ca_file);
	free(c->digest.to);
	free(c->digest.from);
	free(c->digest.server);
	free(c->digest.user);
	if (c->digest.password) {
		explicit_bzero(c->digest.password, strlen(c->digest.password));
		free(c->digest.password);
	}
	free(c->digest.password_file);
	free(c->digest.lang);
	free(c->path);
	free(c);
	*cfgp = NULL;
}
