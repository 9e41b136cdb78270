/* SPDX-License-Identifier: MIT */
/* gbp.h - the owner's Google Business Profile: her listing's reviews.
 *
 * Owns: the source kind "google-business": its [source] keys (location,
 * api_base, auth_url, token_url, revoke_url); the Business Profile APIs
 * it calls (accounts: mybusinessaccountmanagement v1, locations:
 * mybusinessbusinessinformation v1, reviews: mybusiness v4
 * accounts.locations.reviews.list with paging) with the token kept by
 * oauth.h, refreshed when it has expired and once on a 401; each review
 * mapped to an rw_item (identity: the review's resource name; rating ONE..
 * FIVE on a 5 scale; the owner's reply kept after the text); the API's
 * refusals named for this source (401, 403 with how to enable the API,
 * 429 with Retry-After, 5xx), each also kept as a reason to store
 * (reason.h: rw_collect_out.reason, read later in the reader's language).
 * The listing is complete: a review it no longer lists is gone.
 * Must not: print, store, judge, or read a token anywhere but oauth.h.
 */
#ifndef RW_GBP_H
#define RW_GBP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "oauth.h"
#include "parse.h"

#define RW_GBP_KIND "google-business"
#define RW_GBP_SCOPE "https://www.googleapis.com/auth/business.manage"
#define RW_GBP_AUTH_URL "https://accounts.google.com/o/oauth2/v2/auth"
#define RW_GBP_TOKEN_URL "https://oauth2.googleapis.com/token"
#define RW_GBP_REVOKE_URL "https://oauth2.googleapis.com/revoke"
#define RW_GBP_REVIEWS_BASE "https://mybusiness.googleapis.com"
#define RW_GBP_ACCOUNTS_BASE "https://mybusinessaccountmanagement.googleapis.com"
#define RW_GBP_INFO_BASE "https://mybusinessbusinessinformation.googleapis.com"
#define RW_GBP_KEYS "location, subject, api_base, auth_url, token_url, revoke_url"
#define RW_GBP_MAX_PAGES 100          /* pages of reviews read per scan (50 each) */
#define RW_GBP_MAX_REVIEWS 5000

/* One google-business source as its [source] section says.  Strings
 * borrowed; NULL endpoints are Google's. */
typedef struct rw_gbp_conf {
	const char *name;        /* the source's name: its token file (oauth.h) */
	const char *location;    /* "accounts/A/locations/L" */
	const char *subject;     /* text naming whom the listing is about (its
	                            title, or her name): the feed's subject, so
	                            each review on it is hers (read.h); may be NULL */
	const char *api_base;    /* one base for the three APIs (a stand-in
	                            server in tests); NULL: Google's three hosts */
	const char *auth_url, *token_url, *revoke_url;
	unsigned fetch_flags;    /* RW_FETCH_ALLOW_PRIVATE (allow_private = yes) */
} rw_gbp_conf;

/* Is key one of this kind's [source] keys, and value good for it?  1 when
 * it is and value is good; 0 when the key is not one of them; -1 with why
 * filled when value is wrong. */
int rw_gbp_check_key(const char *key, const char *value, char *why, size_t size);

/* The OAuth client of g, its client id and secret from t (may be NULL). */
void rw_gbp_client(const rw_gbp_conf *g, const rw_oauth_tokens *t, rw_oauth_client *out);

/* A location the owner may read. */
typedef struct rw_gbp_location {
	char *name;              /* "accounts/A/locations/L" */
	char *title;             /* the listing's name, NULL when none */
	char *address;           /* one line, NULL when none */
	char *account;           /* the account's display name */
} rw_gbp_location;

/* Every location of every account the token in g's token file can see
 * (at most 1000).  *out malloc'd (rw_gbp_locations_free).  0, or an
 * rw_status with err naming the source's trouble. */
int rw_gbp_locations(const rw_gbp_conf *g, const rw_fetch_settings *fs, volatile sig_atomic_t *stop,
                     rw_gbp_location **out, size_t *n, rw_err *err);
void rw_gbp_locations_free(rw_gbp_location **l, size_t n);

/* Every review of g->location, all pages (the listing is complete; more
 * than RW_GBP_MAX_PAGES pages is an error, not a partial list), each
 * linked to the listing's public Maps address (asked first of the
 * Business Information API, locations.get readMask=metadata; a listing
 * with none, e.g. unverified, gives reviews without links).  *out is a
 * feed of format "google-business" (rw_feed_free).  record, when non-NULL
 * (rw_buf_init'd by the caller, with its cap), receives the answers as
 * Google sent them, one JSON text a line, for the evidence; past its cap
 * it is emptied, and the reviews are read all the same.  0, or an
 * rw_status with err in the reader's words and, when reason is non-NULL,
 * the same as a reason to store into reason (reasonsize bytes; reason.h:
 * its phrases marked, read later in the reader's language; "" when the
 * failure has no such form, out of memory inside a page). */
int rw_gbp_reviews(const rw_gbp_conf *g, const rw_fetch_settings *fs, volatile sig_atomic_t *stop,
                   rw_feed **out, rw_buf *record, char *reason, size_t reasonsize, rw_err *err);

/* Append the reviews of one reviews.list answer (JSON text) to feed, and
 * set *next (malloc'd, NULL when this was the last page).  Reviews beyond
 * RW_GBP_MAX_REVIEWS are not added.  Each review is an item keyed by its
 * resource name (else its reviewId), titled in no language with the
 * reviewer's display name ("Google" when anonymous) and the stars as
 * glyphs, and linked, when maps (the location's metadata.mapsUri) is
 * non-NULL, to maps with RW_GBP_REVIEW_PARAM=the review's id added (unique
 * per review: the store also finds a mention by its link).  0, or
 * RW_E_PARSE / RW_E_NOMEM. */
int rw_gbp_parse_reviews(const char *json, const char *maps, rw_feed *feed, char **next, rw_err *err);
#define RW_GBP_REVIEW_PARAM "repwatch_review"

/* ONE..FIVE as 1..5; -1 for anything else (STAR_RATING_UNSPECIFIED). */
int rw_gbp_stars(const char *rating);

/* ---- adding a source (the CLI's sources add --google-business, the tray's
 * Preferences: the same steps, here and in gbpadd.h) ---- */

/* Wait for the owner's consent on w (rw_oauth_wait_code: timeout seconds,
 * *stop), exchange the code and keep the tokens in g->name's token file
 * (oauth.h).  *path (malloc'd) is that file once written, so that a caller
 * who gives up later removes it (rw_oauth_token_remove); NULL otherwise.
 * 0, or an rw_status. */
int rw_gbp_authorise(rw_oauth_wait *w, const rw_gbp_conf *g, const rw_fetch_settings *fs, long timeout,
                     volatile sig_atomic_t *stop, char **path, rw_err *err);

/* Revoke the refresh token kept for g and remove its token file.  A file
 * already gone is no error. */
int rw_gbp_forget(const rw_gbp_conf *g, const rw_fetch_settings *fs, rw_err *err);

/* ---- the collected kind (collect.h) ---- */

struct rw_collect_in;
struct rw_collect_out;

/* g from src's [source] keys (strings borrowed from src). */
void rw_gbp_conf_of(const rw_source *src, rw_gbp_conf *g);

/* The reviews list of location: api_base (NULL: Google's) +
 * "/v4/" + location + "/reviews", which is the source's url = .
 * malloc'd; NULL when memory ran out. */
char *rw_gbp_reviews_url(const char *api_base, const char *location);

/* collect.h's checks and collection for kind = google-business. */
int rw_gbp_kind_check_key(const char *key, const char *value, char *why, size_t size);
int rw_gbp_check_source(const rw_source *src, char *why, size_t size);
int rw_gbp_collect(const struct rw_collect_in *in, struct rw_collect_out *out);

#endif
