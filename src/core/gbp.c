/* SPDX-License-Identifier: MIT */
/* gbp.c - the owner's Google Business Profile reviews (see gbp.h). */
#include "gbp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "buf.h"
#include "collect.h"
#include "date.h"
#include "fetch.h"
#include "log.h"
#include "msgid.h"
#include "reason.h"
#include "text.h"

#define MAX_LOCATIONS 1000
#define GOOGLE_MESSAGE_MAX 300      /* bytes of Google's own explanation quoted */

int
rw_gbp_check_key(const char *key, const char *value, char *why, size_t size)
{
	if (!strcmp(key, "location")) {
		if (strncmp(value, "accounts/", 9) || !strstr(value + 9, "/locations/") || strchr(value, '?') ||
		    strchr(value, ' ')) {
			snprintf(why, size, "expected accounts/ACCOUNT/locations/LOCATION");
			return -1;
		}
		return 1;
	}
	if (!strcmp(key, "subject")) {
		if (!*value) {
			snprintf(why, size, "expected the text that names whom the listing is about");
			return -1;
		}
		return 1;
	}
	if (!strcmp(key, "api_base") || !strcmp(key, "auth_url") || !strcmp(key, "token_url") ||
	    !strcmp(key, "revoke_url")) {
		if (strncmp(value, "https://", 8)) {
			snprintf(why, size, "not an https:// address (the token travels with every request)");
			return -1;
		}
		return 1;
	}
	return 0;
}

void
rw_gbp_client(const rw_gbp_conf *g, const rw_oauth_tokens *t, rw_oauth_client *out)
{
	memset(out, 0, sizeof(*out));
	out->client_id = t ? t->client_id : NULL;
	out->client_secret = t ? t->client_secret : NULL;
	out->auth_url = g->auth_url ? g->auth_url : RW_GBP_AUTH_URL;
	out->token_url = g->token_url ? g->token_url : RW_GBP_TOKEN_URL;
	out->revoke_url = g->revoke_url ? g->revoke_url : RW_GBP_REVOKE_URL;
	out->scope = RW_GBP_SCOPE;
	out->fetch_flags = g->fetch_flags;
}

int
rw_gbp_stars(const char *r)
{
	static const char *const names[] = { "ONE", "TWO", "THREE", "FOUR", "FIVE" };
	int i;

	for (i = 0; r && i < 5; i++)
		if (!strcmp(r, names[i]))
			return i + 1;
	return -1;
}

/* ---- failures: kept as reasons (reason.h) ---- */

/* A failure of a source is stored with it and read later, in the reader's
 * language: its phrases are marked (W), the source's name and Google's own
 * words are not.  The start of each: the source. */
#define W RW_REASON_WORD
#define SRC W " " RW_FETCH_URL_OPEN "%s" RW_FETCH_URL_CLOSE
#define SRC_WORD N_("google-business source")
#define COLON RW_FETCH_COLON

static int gfail(char *reason, size_t size, rw_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The first failure (as rw_err_set): its reason, marked, into reason
 * (size bytes; NULL: not kept) and in the reader's words into err. */
static int
gfail(char *reason, size_t size, rw_err *err, int code, const char *fmt, ...)
{
	char marked[sizeof(((rw_err *)0)->msg)];
	va_list ap;

	if (err && err->code != RW_OK)
		return code;
	va_start(ap, fmt);
	vsnprintf(marked, sizeof(marked), fmt, ap);
	va_end(ap);
	if (reason && size)
		snprintf(reason, size, "%s", marked);
	if (err) {
		err->code = code;
		rw_reason_render(marked, 1, err->msg, sizeof(err->msg));
	}
	return code;
}

/* ---- calls with the token ---- */

struct session {
	const rw_gbp_conf *g;
	const rw_fetch_settings *fs;
	volatile sig_atomic_t *stop;
	char *path;              /* the token file */
	rw_oauth_tokens t;
	rw_oauth_client c;
	rw_buf *record;          /* the answers, for the evidence; NULL: not kept */
	int record_full;
	char *reason;            /* the failure as a reason (gfail); NULL: not kept */
	size_t reasonsize;
};

#define FAIL(s, err, code, ...) gfail((s)->reason, (s)->reasonsize, err, code, __VA_ARGS__)

/* reason: where a failure is kept as a reason (reasonsize bytes), or NULL. */
static int
session_open(struct session *s, const rw_gbp_conf *g, const rw_fetch_settings *fs, volatile sig_atomic_t *stop,
             char *reason, size_t reasonsize, rw_err *err)
{
	rw_err e = { 0 };

	memset(s, 0, sizeof(*s));
	s->g = g;
	s->fs = fs;
	s->stop = stop;
	s->reason = reason;
	s->reasonsize = reasonsize;
	if (!(s->path = rw_oauth_token_path(g->name)))
		return FAIL(s, err, RW_E_USAGE, SRC W, SRC_WORD, g->name, N_("no token file can be named after it"));
	if (rw_oauth_token_load(s->path, &s->t, &e) != RW_OK)
		return FAIL(s, err, e.code, SRC "%s", SRC_WORD, g->name, e.msg);
	rw_gbp_client(g, &s->t, &s->c);
	if (s->t.hold_until > (int64_t)time(NULL)) {
		char until[32];
		rw_date_format(s->t.hold_until, until, sizeof(until));
		return FAIL(s, err, RW_E_NET, SRC W " %s" W, SRC_WORD, g->name,
		            N_("Google asked to wait (HTTP 429, Retry-After) until"), until,
		            N_(": not asked again before then"));
	}
	return RW_OK;
}

static void
session_close(struct session *s)
{
	rw_oauth_tokens_clear(&s->t);
	free(s->path);
	s->path = NULL;
}

static int
refresh(struct session *s, rw_err *err)
{
	rw_err e = { 0 };
	int rc = rw_oauth_refresh(&s->c, s->fs, &s->t, &e);

	if (rc == RW_OK)
		rc = rw_oauth_token_save(s->path, &s->t, &e);
	if (rc != RW_OK)
		return FAIL(s, err, rc, SRC "%s", SRC_WORD, s->g->name, e.msg);
	return RW_OK;
}

/* Google's error body: {"error": {"code", "message", "status", "details"}}. */
static void
google_error(const char *body, char *msg, size_t size, int *disabled)
{
	json_object *j = body ? json_tokener_parse(body) : NULL, *e, *v;

	msg[0] = '\0';
	*disabled = 0;
	if (j && json_object_object_get_ex(j, "error", &e) && json_object_is_type(e, json_type_object)) {
		if (json_object_object_get_ex(e, "message", &v) && json_object_is_type(v, json_type_string)) {
			char *p = rw_text_printable(json_object_get_string(v), 0);
			if (p)
				snprintf(msg, size, "%.*s", GOOGLE_MESSAGE_MAX, p);
			free(p);
		}
		/* SERVICE_DISABLED (details[].reason) or the message that goes with it */
		if (strstr(body, "SERVICE_DISABLED") || strstr(msg, "has not been used") || strstr(msg, "is disabled"))
			*disabled = 1;
	}
	json_object_put(j);
}

/* What a refusal means for the doctor, as err. */
static int
refused(struct session *s, const char *url, const rw_fetch_reply *r, rw_err *err)
{
	char msg[GOOGLE_MESSAGE_MAX + 8], until[32];
	int disabled;
	const char *name = s->g->name, *sep;

	if (!r->status)   /* the fetcher's own words, already marked */
		return FAIL(s, err, RW_E_NET, SRC "%s", SRC_WORD, name, r->error);
	google_error(r->body, msg, sizeof(msg), &disabled);
	sep = *msg ? COLON : "";
	switch (r->status) {
	case 401:
		return FAIL(s, err, RW_E_USAGE, SRC W " (HTTP 401%s%s); " W, SRC_WORD, name,
		            N_("Google refused the access token even after a refresh"), sep, msg,
		            N_("authorise again: repwatch sources add --google-business"));
	case 403:
		if (disabled)
			return FAIL(s, err, RW_E_USAGE, SRC W " (HTTP 403%s%s); " W, SRC_WORD, name,
			            N_("the Business Profile APIs are not enabled for your OAuth client's Google Cloud "
			               "project"), sep, msg,
			            N_("enable 'My Business Account Management API', 'My Business Business Information API' "
			               "and 'Google My Business API' in the Cloud console (APIs & Services, Library), after "
			               "Google has granted the project Business Profile API access"));
		return FAIL(s, err, RW_E_USAGE, SRC W " (HTTP 403%s%s); " W, SRC_WORD, name, N_("no access"), sep, msg,
		            N_("sign in with an account that owns or manages the listing, and check that the project has "
		               "Business Profile API access"));
	case 404:
		return FAIL(s, err, RW_E_USAGE, SRC "%s " W "; " W, SRC_WORD, name, url, N_("is not found (HTTP 404)"),
		            N_("the listing was removed or moved: choose it again with repwatch sources add "
		               "--google-business"));
	case 429:
		if (r->retry_until) {
			/* kept with the token: the next scans ask nothing before then */
			rw_err e = { 0 };
			s->t.hold_until = r->retry_until;
			if (rw_oauth_token_save(s->path, &s->t, &e) != RW_OK)
				rw_log(RW_LOG_WARN, "net", "google-business source '%s': %s", name, e.msg);
		}
		rw_date_format(r->retry_until ? r->retry_until : RW_NO_DATE, until, sizeof(until));
		if (*until)
			return FAIL(s, err, RW_E_NET, SRC W " (HTTP 429%s%s); " W " %s", SRC_WORD, name,
			            N_("Google's request quota is used up"), sep, msg, N_("next try after"), until);
		return FAIL(s, err, RW_E_NET, SRC W " (HTTP 429%s%s); " W, SRC_WORD, name,
		            N_("Google's request quota is used up"), sep, msg, N_("tried again later"));
	default:
		if (r->status >= 500)
			return FAIL(s, err, RW_E_NET, SRC W " (HTTP %ld%s%s); " W, SRC_WORD, name,
			            N_("a problem on Google's side"), r->status, sep, msg, N_("tried again at the next scan"));
		return FAIL(s, err, RW_E_NET, SRC "HTTP %ld%s%s", SRC_WORD, name, r->status, sep, msg);
	}
}

/* GET url with the access token: refreshed first when expired, and once
 * more on a 401.  A 2xx answer is left in *r (cleared by the caller). */
static int
api_get(struct session *s, const char *url, rw_fetch_reply *r, rw_err *err)
{
	rw_err e = { 0 };
	int attempt, rc;

	memset(r, 0, sizeof(*r));
	if ((!s->t.access_token || s->t.expires_at <= (int64_t)time(NULL)) && (rc = refresh(s, err)) != RW_OK)
		return rc;
	for (attempt = 0;; attempt++) {
		char *auth = NULL;
		const char *headers[3] = { NULL, "Accept: application/json", NULL };
		if (asprintf(&auth, "Authorization: Bearer %s", s->t.access_token) < 0)
			return FAIL(s, err, RW_E_NOMEM, W, N_("out of memory"));
		headers[0] = auth;
		rc = rw_fetch_once(s->fs, url, headers, NULL, s->g->fetch_flags, s->stop, r, &e);
		explicit_bzero(auth, strlen(auth));
		free(auth);
		if (rc != RW_OK)
			return FAIL(s, err, rc, SRC "%s", SRC_WORD, s->g->name, e.msg);
		if (r->ok)
			return RW_OK;
		if (r->status == 401 && attempt == 0) {
			rw_fetch_reply_clear(r);
			if ((rc = refresh(s, err)) != RW_OK)
				return rc;
			continue;
		}
		rc = refused(s, url, r, err);
		rw_fetch_reply_clear(r);
		return rc;
	}
}

static json_object *
parse_json(struct session *s, const char *url, const rw_fetch_reply *r, rw_err *err)
{
	json_object *j = r->body ? json_tokener_parse(r->body) : NULL;

	if (!j || !json_object_is_type(j, json_type_object)) {
		json_object_put(j);
		FAIL(s, err, RW_E_PARSE, SRC "%s " W, SRC_WORD, s->g->name, url, N_("did not answer with a JSON object"));
		return NULL;
	}
	return j;
}

static const char *
str_of(json_object *j, const char *key)
{
	json_object *v;

	if (!j || !json_object_object_get_ex(j, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int64_t
date_of(json_object *j, const char *key)
{
	const char *v = str_of(j, key);

	return v ? rw_date_parse_iso8601(v) : RW_NO_DATE;
}

static char *
clean(const char *s)
{
	return s && *s ? rw_text_plain(s) : NULL;
}

/* base + path + "?" + query, with pageToken when token is non-NULL. */
static char *
page_url(const char *base, const char *path, const char *query, const char *token)
{
	char *url = NULL, *t = NULL;

	if (token && !(t = curl_easy_escape(NULL, token, 0)))
		return NULL;
	if (asprintf(&url, "%s/%s?%s%s%s", base, path, query, t ? "&pageToken=" : "", t ? t : "") < 0)
		url = NULL;
	curl_free(t);
	return url;
}

/* One page of a list, as JSON; 0, or an rw_status with err set. */
typedef int (*page_fn)(struct session *s, json_object *page, void *data, rw_err *err);

/* GET base/path?query and every next page (pageToken), handing each to fn.
 * More than RW_GBP_MAX_PAGES pages is an error, not a partial list: a
 * review missing from one would look deleted. */
static int
each_page(struct session *s, const char *base, const char *path, const char *query, page_fn fn, void *data,
          rw_err *err)
{
	char *token = NULL;
	int pages, rc = RW_OK;

	for (pages = 0;; pages++) {
		char *url;
		rw_fetch_reply r;
		json_object *j;
		if (pages == RW_GBP_MAX_PAGES) {
			rc = FAIL(s, err, RW_E_PARSE, SRC "%s/%s " W " (> %d)", SRC_WORD, s->g->name, base, path,
			          N_("has too many pages; not read (a partial list would make the others look deleted)"),
			          RW_GBP_MAX_PAGES);
			break;
		}
		url = page_url(base, path, query, token);
		free(token);
		token = NULL;
		if (!url) {
			rc = FAIL(s, err, RW_E_NOMEM, W, N_("out of memory"));
			break;
		}
		rc = api_get(s, url, &r, err);
		j = rc == RW_OK ? parse_json(s, url, &r, err) : NULL;
		free(url);
		if (j && s->record && !s->record_full &&
		    (rw_buf_add(s->record, r.body, r.len) < 0 || rw_buf_addc(s->record, '\n') < 0)) {
			s->record_full = 1;   /* the evidence only: the reviews are read all the same */
			rw_buf_reset(s->record);
		}
		rw_fetch_reply_clear(&r);
		if (!j) {
			rc = rc != RW_OK ? rc : RW_E_PARSE;
			break;
		}
		rc = fn(s, j, data, err);
		if (rc == RW_OK && str_of(j, "nextPageToken") && *str_of(j, "nextPageToken") &&
		    !(token = strdup(str_of(j, "nextPageToken"))))
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		json_object_put(j);
		if (rc != RW_OK || !token)
			break;
	}
	free(token);
	return rc;
}

/* ---- locations ---- */

void
rw_gbp_locations_free(rw_gbp_location **lp, size_t n)
{
	size_t i;

	if (!lp || !*lp)
		return;
	for (i = 0; i < n; i++) {
		free((*lp)[i].name);
		free((*lp)[i].title);
		free((*lp)[i].address);
		free((*lp)[i].account);
	}
	free(*lp);
	*lp = NULL;
}

/* storefrontAddress: addressLines, locality, postalCode as one line */
static char *
address_line(json_object *loc)
{
	json_object *a, *lines;
	rw_buf b;
	const char *v;
	size_t i;

	if (!json_object_object_get_ex(loc, "storefrontAddress", &a) || !json_object_is_type(a, json_type_object))
		return NULL;
	rw_buf_init(&b, 1024);
	if (json_object_object_get_ex(a, "addressLines", &lines) && json_object_is_type(lines, json_type_array))
		for (i = 0; i < json_object_array_length(lines); i++)
			if ((v = json_object_get_string(json_object_array_get_idx(lines, i))) && *v)
				rw_buf_printf(&b, "%s%s", b.len ? ", " : "", v);
	if ((v = str_of(a, "postalCode")))
		rw_buf_printf(&b, "%s%s", b.len ? ", " : "", v);
	if ((v = str_of(a, "locality")))
		rw_buf_printf(&b, "%s%s", b.len ? " " : "", v);
	if (!b.len) {
		rw_buf_free(&b);
		return NULL;
	}
	{
		char *out = clean(b.data);
		rw_buf_free(&b);
		return out;
	}
}

/* One location of account acc (display name accname) into *out. */
static int
add_location(json_object *l, const char *acc, const char *accname, rw_gbp_location **out, size_t *n,
             size_t *alloc)
{
	const char *ln = str_of(l, "name");
	rw_gbp_location *x;

	if (!ln || *n >= MAX_LOCATIONS)
		return 0;
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 8;
		rw_gbp_location *nl = realloc(*out, na * sizeof(*nl));
		if (!nl)
			return -1;
		*out = nl;
		*alloc = na;
	}
	x = &(*out)[(*n)++];
	memset(x, 0, sizeof(*x));
	/* the v1 name is "locations/L": the v4 reviews want it under its account */
	if (!strncmp(ln, "locations/", 10)) {
		if (asprintf(&x->name, "%s/%s", acc, ln) < 0)
			x->name = NULL;
	} else {
		x->name = strdup(ln);
	}
	x->title = clean(str_of(l, "title"));
	x->address = address_line(l);
	x->account = clean(accname ? accname : acc);
	return x->name ? 0 : -1;
}

struct found {
	rw_gbp_location *l;
	size_t n, alloc;
	const char *acc, *accname;   /* the account being read */
};

/* A page of an account's locations. */
static int
on_locations(struct session *s, json_object *page, void *data, rw_err *err)
{
	struct found *f = data;
	json_object *locs;
	size_t i;

	(void)s;
	if (json_object_object_get_ex(page, "locations", &locs) && json_object_is_type(locs, json_type_array))
		for (i = 0; i < json_object_array_length(locs); i++)
			if (add_location(json_object_array_get_idx(locs, i), f->acc, f->accname, &f->l, &f->n, &f->alloc) < 0)
				return rw_err_set(err, RW_E_NOMEM, "out of memory");
	return RW_OK;
}

/* A page of accounts: each account's locations. */
static int
on_accounts(struct session *s, json_object *page, void *data, rw_err *err)
{
	struct found *f = data;
	json_object *accs;
	size_t i;
	int rc = RW_OK;

	if (!json_object_object_get_ex(page, "accounts", &accs) || !json_object_is_type(accs, json_type_array))
		return RW_OK;
	for (i = 0; rc == RW_OK && i < json_object_array_length(accs); i++) {
		json_object *a = json_object_array_get_idx(accs, i);
		char *path;
		f->acc = str_of(a, "name");
		f->accname = str_of(a, "accountName");
		if (!f->acc || strncmp(f->acc, "accounts/", 9))
			continue;
		if (asprintf(&path, "v1/%s/locations", f->acc) < 0)
			return rw_err_set(err, RW_E_NOMEM, "out of memory");
		rc = each_page(s, s->g->api_base ? s->g->api_base : RW_GBP_INFO_BASE, path,
		               "readMask=name,title,storefrontAddress&pageSize=100", on_locations, f, err);
		free(path);
	}
	return rc;
}

int
rw_gbp_locations(const rw_gbp_conf *g, const rw_fetch_settings *fs, volatile sig_atomic_t *stop,
                 rw_gbp_location **out, size_t *n, rw_err *err)
{
	struct session s;
	struct found f = { 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = session_open(&s, g, fs, stop, NULL, 0, err)) == RW_OK)
		rc = each_page(&s, g->api_base ? g->api_base : RW_GBP_ACCOUNTS_BASE, "v1/accounts", "pageSize=20",
		               on_accounts, &f, err);
	session_close(&s);
	if (rc != RW_OK) {
		rw_gbp_locations_free(&f.l, f.n);
		return rc;
	}
	*out = f.l;
	*n = f.n;
	return RW_OK;
}

/* ---- reviews ---- */

static char *
reply_text(json_object *reply, int64_t *when)
{
	const char *c = str_of(reply, "comment");
	char *text = clean(c), *out = NULL, date[32] = "";

	*when = RW_NO_DATE;
	if (!text)
		return NULL;
	*when = date_of(reply, "updateTime");
	rw_date_format(*when, date, sizeof(date));
	/* both languages: the text is stored once and read by either */
	if (asprintf(&out, "[Réponse du propriétaire / Owner's reply%s%.10s]: %s", *date ? ", " : "", date, text) < 0)
		out = NULL;
	free(text);
	return out;
}

/* A review's title, in no language (items are stored, then read in
 * either): the reviewer's display name, or "Google" for an anonymous one,
 * then the stars as glyphs ("Camille Fictive ★★★★☆"). */
static char *
review_title(const char *who, int stars)
{
	char *out = NULL, glyphs[5 * 3 + 2] = "";
	int i;

	if (stars > 0) {
		strcpy(glyphs, " ");
		for (i = 1; i <= 5; i++)
			strcat(glyphs, i <= stars ? "\u2605" : "\u2606");
	}
	if (asprintf(&out, "%s%s", who && *who ? who : "Google", glyphs) < 0)
		out = NULL;
	return out;
}

/* A review's link: the listing on Google Maps (maps, its mapsUri), with the
 * review named in a query parameter Maps ignores.  The review has no public
 * address of its own, and the store finds a mention by its link when its id
 * is new (diff.h, the canonical link, fragment dropped): one shared link
 * would make every new review an old one. */
static char *
review_link(const char *maps, const char *id)
{
	char *out = NULL, *e;

	if (!maps || !(e = curl_easy_escape(NULL, id, 0)))
		return NULL;
	if (asprintf(&out, "%s%c" RW_GBP_REVIEW_PARAM "=%s", maps, strchr(maps, '?') ? '&' : '?', e) < 0)
		out = NULL;
	curl_free(e);
	return out;
}

/* The reviews of one page of reviews.list into feed; maps: the listing's
 * public Maps address, or NULL. */
static int
add_reviews(json_object *j, const char *maps, rw_feed *feed, rw_err *err)
{
	json_object *revs;
	size_t i;

	if (json_object_object_get_ex(j, "reviews", &revs) && json_object_is_type(revs, json_type_array)) {
		for (i = 0; i < json_object_array_length(revs); i++) {
			json_object *rv = json_object_array_get_idx(revs, i), *who = NULL, *reply = NULL;
			const char *id = str_of(rv, "name") ? str_of(rv, "name") : str_of(rv, "reviewId");
			int stars = rw_gbp_stars(str_of(rv, "starRating")), anonymous = 0;
			char *comment, *answer = NULL;
			int64_t answered;
			rw_item *it;
			if (!id)
				continue;
			if (!(it = rw_feed_add_item(feed, RW_GBP_MAX_REVIEWS)))
				break;
			json_object_object_get_ex(rv, "reviewer", &who);
			if (who && json_object_object_get_ex(who, "isAnonymous", &reply))
				anonymous = json_object_get_boolean(reply);
			reply = NULL;
			it->id = strdup(id);
			it->author = anonymous ? NULL : clean(str_of(who, "displayName"));
			comment = clean(str_of(rv, "comment"));
			if (json_object_object_get_ex(rv, "reviewReply", &reply) && json_object_is_type(reply, json_type_object))
				answer = reply_text(reply, &answered);
			it->summary = comment;
			if (answer) {
				if (asprintf(&it->content, "%s\n\n%s", comment ? comment : "", answer) < 0)
					it->content = NULL;
				free(answer);
			} else if (comment) {
				it->content = strdup(comment);
			}
			if (stars > 0) {
				it->rating = stars;
				it->rating_best = 5;
			}
			/* a review has no title of its own: who and how many stars */
			it->title = review_title(it->author, stars);
			it->link = review_link(maps, id);
			it->published = date_of(rv, "createTime");
			it->updated = date_of(rv, "updateTime");
			if (!it->id || !it->title || (maps && !it->link))
				return rw_err_set(err, RW_E_NOMEM, "out of memory");
		}
	}
	return RW_OK;
}

int
rw_gbp_parse_reviews(const char *json, const char *maps, rw_feed *feed, char **next, rw_err *err)
{
	json_object *j = json ? json_tokener_parse(json) : NULL;
	int rc;

	*next = NULL;
	if (!j || !json_object_is_type(j, json_type_object)) {
		json_object_put(j);
		return rw_err_set(err, RW_E_PARSE, "the reviews answer is not a JSON object");
	}
	rc = add_reviews(j, maps, feed, err);
	if (rc == RW_OK && str_of(j, "nextPageToken") && *str_of(j, "nextPageToken") &&
	    !(*next = strdup(str_of(j, "nextPageToken"))))
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
	json_object_put(j);
	return rc;
}

struct reviews {
	rw_feed *feed;
	const char *maps;
};

static int
on_reviews(struct session *s, json_object *page, void *data, rw_err *err)
{
	struct reviews *r = data;

	(void)s;
	return add_reviews(page, r->maps, r->feed, err);
}

/* The location's metadata: its public Maps address. */
static int
on_metadata(struct session *s, json_object *page, void *data, rw_err *err)
{
	json_object *m;
	const char *uri;
	char **maps = data;

	(void)s;
	if (!json_object_object_get_ex(page, "metadata", &m) || !(uri = str_of(m, "mapsUri")) ||
	    strncmp(uri, "https://", 8) || strpbrk(uri, " \t\r\n#"))
		return RW_OK;   /* none (an unverified listing has none): reviews without a link */
	if (!(*maps = strdup(uri)))
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	return RW_OK;
}

/* The listing's public Maps address into *maps (NULL when Google gives
 * none: the reviews are read all the same, without a link).  A refusal is
 * the source's failure, as for the reviews: the same token and project,
 * and a 429 is not to be asked twice. */
static int
maps_uri(struct session *s, char **maps, rw_err *err)
{
	const char *loc = strstr(s->g->location, "/locations/");
	char *path = NULL;
	int rc;

	*maps = NULL;
	/* the v1 name is "locations/L", without its account */
	if (asprintf(&path, "v1/%s", loc ? loc + 1 : s->g->location) < 0)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	rc = each_page(s, s->g->api_base ? s->g->api_base : RW_GBP_INFO_BASE, path, "readMask=metadata", on_metadata,
	               maps, err);
	free(path);
	return rc;
}

int
rw_gbp_reviews(const rw_gbp_conf *g, const rw_fetch_settings *fs, volatile sig_atomic_t *stop, rw_feed **out,
               rw_buf *record, char *reason, size_t reasonsize, rw_err *err)
{
	struct session s;
	rw_feed *feed;
	char *path = NULL, *maps = NULL;
	int rc;

	*out = NULL;
	if (!g->location)
		return gfail(reason, reasonsize, err, RW_E_USAGE, SRC W, SRC_WORD, g->name,
		             N_("no location = line (choose the listing: repwatch sources add --google-business)"));
	if (!(feed = calloc(1, sizeof(*feed))) || asprintf(&path, "v4/%s/reviews", g->location) < 0) {
		free(feed);
		return gfail(reason, reasonsize, err, RW_E_NOMEM, W, N_("out of memory"));
	}
	feed->format = "google-business";
	feed->wellformed = 1;
	if (g->subject && !(feed->subject = strdup(g->subject))) {
		rw_feed_free(feed);
		free(path);
		return gfail(reason, reasonsize, err, RW_E_NOMEM, W, N_("out of memory"));
	}
	if ((rc = session_open(&s, g, fs, stop, reason, reasonsize, err)) == RW_OK) {
		struct reviews r = { feed, NULL };
		s.record = record;
		if ((rc = maps_uri(&s, &maps, err)) == RW_OK) {
			r.maps = maps;
			rc = each_page(&s, g->api_base ? g->api_base : RW_GBP_REVIEWS_BASE, path, "pageSize=50", on_reviews,
			               &r, err);
		}
	}
	free(maps);
	free(path);
	session_close(&s);
	if (rc != RW_OK) {
		rw_feed_free(feed);
		return rc;
	}
	*out = feed;
	return RW_OK;
}

int
rw_gbp_authorise(rw_oauth_wait *w, const rw_gbp_conf *g, const rw_fetch_settings *fs, long timeout,
                 volatile sig_atomic_t *stop, char **path, rw_err *err)
{
	rw_oauth_tokens t = { 0 };
	char *p;
	int rc;

	*path = NULL;
	if ((rc = rw_oauth_wait_code(w, timeout, stop, err)) != RW_OK || (rc = rw_oauth_exchange(w, fs, &t, err)) != RW_OK)
		return rc;
	if (!(p = rw_oauth_token_path(g->name)))
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
	else if ((rc = rw_oauth_token_save(p, &t, err)) != RW_OK)
		free(p);
	else
		*path = p;
	rw_oauth_tokens_clear(&t);
	return rc;
}

int
rw_gbp_forget(const rw_gbp_conf *g, const rw_fetch_settings *fs, rw_err *err)
{
	rw_oauth_tokens t;
	rw_oauth_client c;
	char *path = rw_oauth_token_path(g->name);
	rw_err e = { 0 };
	int rc;

	if (!path)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	rc = rw_oauth_token_load(path, &t, &e);
	if (rc == RW_OK) {
		rw_gbp_client(g, &t, &c);
		rc = rw_oauth_revoke(&c, fs, t.refresh_token ? t.refresh_token : t.access_token, &e);
		if (rc == RW_OK)
			rc = rw_oauth_token_remove(path, &e);
		if (rc != RW_OK)
			rw_err_set(err, rc, "google-business source '%s': %s", g->name, e.msg);
	} else if (e.code == RW_E_USAGE) {
		rc = RW_OK;     /* nothing kept: nothing to revoke */
	} else {
		rw_err_set(err, rc, "google-business source '%s': %s", g->name, e.msg);
	}
	rw_oauth_tokens_clear(&t);
	free(path);
	return rc;
}

/* ---- the collected kind (collect.h) ---- */

void
rw_gbp_conf_of(const rw_source *src, rw_gbp_conf *g)
{
	memset(g, 0, sizeof(*g));
	g->name = src->name;
	g->location = rw_source_opt_get(src, "location");
	g->subject = rw_source_opt_get(src, "subject");
	g->api_base = rw_source_opt_get(src, "api_base");
	g->auth_url = rw_source_opt_get(src, "auth_url");
	g->token_url = rw_source_opt_get(src, "token_url");
	g->revoke_url = rw_source_opt_get(src, "revoke_url");
	g->fetch_flags = src->allow_private ? RW_FETCH_ALLOW_PRIVATE : 0;
}

char *
rw_gbp_reviews_url(const char *api_base, const char *location)
{
	char *url;

	if (asprintf(&url, "%s/v4/%s/reviews", api_base ? api_base : RW_GBP_REVIEWS_BASE, location) < 0)
		return NULL;
	return url;
}

int
rw_gbp_kind_check_key(const char *key, const char *value, char *why, size_t size)
{
	int rc = rw_gbp_check_key(key, value, why, size);

	if (rc == 0)
		snprintf(why, size, "unknown key (known for kind = google-business: %s)", RW_GBP_KEYS);
	return rc > 0 ? 0 : -1;
}

int
rw_gbp_check_source(const rw_source *src, char *why, size_t size)
{
	rw_gbp_conf g;
	char *url;
	int same;

	rw_gbp_conf_of(src, &g);
	if (!g.location) {
		snprintf(why, size, "kind = google-business needs location = accounts/ACCOUNT/locations/LOCATION "
		         "(repwatch sources add --google-business writes it)");
		return -1;
	}
	if (!(url = rw_gbp_reviews_url(g.api_base, g.location))) {
		snprintf(why, size, "out of memory");
		return -1;
	}
	same = !strcmp(url, src->url);
	if (!same)
		snprintf(why, size, "url = must be the location's reviews list, %s", url);
	free(url);
	return same ? 0 : -1;
}

int
rw_gbp_collect(const rw_collect_in *in, rw_collect_out *out)
{
	rw_gbp_conf g;
	rw_err err = { 0 };
	int rc;

	rw_buf record;

	rw_gbp_conf_of(in->src, &g);
	rw_buf_init(&record, in->fetch->max_size);
	rc = rw_gbp_reviews(&g, in->fetch, in->stop, &out->feed, &record, out->reason, sizeof(out->reason), &err);
	if (rc != RW_OK) {
		/* error: now, in the reader's words; reason: to store, read later
		 * in the reader's language ("" for a failure with no marked form:
		 * then error is stored) */
		rw_buf_free(&record);
		snprintf(out->error, sizeof(out->error), "%s", err.msg);
		return rc;
	}
	out->complete = 1;     /* reviews.list gives every review: one not listed is gone */
	out->evidence_len = record.len;
	out->evidence = record.len ? rw_buf_steal(&record) : NULL;
	rw_buf_free(&record);
	return RW_OK;
}
