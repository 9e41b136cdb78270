/* SPDX-License-Identifier: MIT */
/* oauth.h - OAuth 2.0 for an installed application, and where its tokens
 * are kept.
 *
 * Owns: the loopback redirect flow of RFC 8252 with PKCE (RFC 7636, S256):
 * the verifier and state drawn from the kernel's random source, the
 * address to open in a browser, a listener on 127.0.0.1 on a free port
 * that takes one redirect (state checked, a deadline, a short page in
 * French and English shown to the browser); the code exchanged for tokens,
 * the access token refreshed and a token revoked at the provider's
 * endpoints (every request through fetch.h, so ca_file, timeouts, caps and
 * the address policy hold); the token file: one JSON object per source in
 * $XDG_DATA_HOME/repwatch/secrets/ (folder 0700, file 0600, written
 * atomically), holding the user's client id and secret and the tokens.
 * Must not: print, open a browser (the front-end does), log or put in a
 * message a secret, a code or a token, or know what the token is for.
 */
#ifndef RW_OAUTH_H
#define RW_OAUTH_H

#include <signal.h>
#include <stdint.h>

#include "config.h"
#include "err.h"

/* A provider and the user's client at it.  Strings borrowed. */
typedef struct rw_oauth_client {
	const char *client_id, *client_secret;
	const char *auth_url, *token_url, *revoke_url;
	const char *scope;
	unsigned fetch_flags;   /* fetch.h RW_FETCH_ALLOW_PRIVATE for endpoints on
	                           this machine (tests) */
} rw_oauth_client;

/* What the token file holds.  Strings malloc'd, NULL when absent. */
typedef struct rw_oauth_tokens {
	char *client_id, *client_secret;
	char *access_token, *refresh_token;
	int64_t expires_at;     /* UTC seconds; 0: unknown (refresh before use) */
	int64_t hold_until;     /* the provider's API asked to wait (Retry-After)
	                           until then, UTC seconds; 0: no such request */
} rw_oauth_tokens;

/* Wipe and free the strings of t (not t).  Accepts NULL. */
void rw_oauth_tokens_clear(rw_oauth_tokens *t);

/* ---- PKCE ---- */

/* The S256 code challenge of verifier: BASE64URL(SHA256(verifier)) without
 * padding, 43 characters and a NUL into out.  0, or -1 when hashing failed. */
int rw_oauth_pkce_challenge(const char *verifier, char out[44]);

/* n characters (43..128) from the unreserved set A-Z a-z 0-9 - . _ ~ drawn
 * from getrandom(2), and a NUL, into out.  0, or -1. */
int rw_oauth_random(char *out, size_t n);

/* ---- the loopback redirect ---- */

typedef struct rw_oauth_wait rw_oauth_wait;

/* Listen on 127.0.0.1 on a free port and make the authorisation address
 * (rw_oauth_wait_url) with a fresh verifier and state.  c is copied.  NULL
 * with err set when no socket could be had. */
rw_oauth_wait *rw_oauth_listen(const rw_oauth_client *c, rw_err *err);

/* The address the user opens (borrowed from w). */
const char *rw_oauth_wait_url(const rw_oauth_wait *w);

/* Take redirects on the loopback until one carries this flow's state and a
 * code (answered with a page saying so), or an error from the provider
 * (the user refused: RW_E_USAGE), for at most timeout seconds (RW_E_NET
 * "no answer") or until *stop (RW_E_INTR).  A request without the state
 * (another program, a stale tab) is answered 400 and ignored. */
int rw_oauth_wait_code(rw_oauth_wait *w, long timeout, volatile sig_atomic_t *stop, rw_err *err);

/* Exchange the code taken by rw_oauth_wait_code for tokens (with the PKCE
 * verifier) at c->token_url.  out is filled (client id and secret
 * included); clear it with rw_oauth_tokens_clear.  0, or an rw_status. */
int rw_oauth_exchange(rw_oauth_wait *w, const rw_fetch_settings *fs, rw_oauth_tokens *out, rw_err *err);

void rw_oauth_wait_free(rw_oauth_wait **w);

/* ---- tokens ---- */

/* A new access token for t->refresh_token at c->token_url: t's access
 * token and expiry are replaced.  A refused refresh token (invalid_grant)
 * is RW_E_USAGE with a message that says to authorise again. */
int rw_oauth_refresh(const rw_oauth_client *c, const rw_fetch_settings *fs, rw_oauth_tokens *t, rw_err *err);

/* Revoke token at c->revoke_url.  A token the provider no longer knows
 * (HTTP 400 invalid_token) counts as revoked. */
int rw_oauth_revoke(const rw_oauth_client *c, const rw_fetch_settings *fs, const char *token, rw_err *err);

/* The client id and secret in the JSON file a provider gives for an
 * installed application ({"installed": {"client_id", "client_secret",
 * ...}}, Google Cloud's "Download JSON"; "web" is read too).  out's
 * client_id and client_secret are set (the rest cleared).  RW_E_IO when
 * the file cannot be read, RW_E_USAGE when it holds no client id. */
int rw_oauth_client_file(const char *path, rw_oauth_tokens *out, rw_err *err);

/* ---- the token file ---- */

/* $XDG_DATA_HOME/repwatch/secrets/<name>.json (or ~/.local/share/...),
 * malloc'd; NULL when name cannot be a file name or memory ran out. */
char *rw_oauth_token_path(const char *name);

/* Write t to path (its folder made 0700 if needed; the file 0600 whatever
 * the umask; replaced atomically).  0, or RW_E_IO / RW_E_NOMEM. */
int rw_oauth_token_save(const char *path, const rw_oauth_tokens *t, rw_err *err);

/* Read path into out (cleared first).  A file readable by group or others
 * is refused (RW_E_IO, saying to chmod 600).  A missing file is RW_E_USAGE
 * saying to authorise. */
int rw_oauth_token_load(const char *path, rw_oauth_tokens *out, rw_err *err);

/* Remove path; a missing file is no error. */
int rw_oauth_token_remove(const char *path, rw_err *err);

#endif
