/* SPDX-License-Identifier: MIT */
/* oauth.c - OAuth 2.0 for an installed application (see oauth.h). */
#include "oauth.h"
#include "paths.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <openssl/evp.h>

#include "buf.h"
#include "fetch.h"
#include "msgid.h"

#define REQUEST_MAX 8192   /* bytes of one redirect request read */
#define TOKEN_FILE_MAX (64u << 10)

struct rw_oauth_wait {
	char *client_id, *client_secret, *auth_url, *token_url;
	unsigned fetch_flags;
	int fd;
	char redirect_uri[64];
	char verifier[65];
	char state[33];
	char *url;
	char *code;
};

void
rw_oauth_tokens_clear(rw_oauth_tokens *t)
{
	char **f[4];
	size_t i;

	if (!t)
		return;
	f[0] = &t->client_id; f[1] = &t->client_secret; f[2] = &t->access_token; f[3] = &t->refresh_token;
	for (i = 0; i < 4; i++) {
		if (*f[i])
			explicit_bzero(*f[i], strlen(*f[i]));
		free(*f[i]);
		*f[i] = NULL;
	}
	t->expires_at = t->hold_until = 0;
}

/* ---- PKCE ---- */

int
rw_oauth_pkce_challenge(const char *verifier, char out[44])
{
	static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char md[32];
	unsigned int mdlen = 0;
	size_t i, o = 0;

	if (!EVP_Digest(verifier, strlen(verifier), md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		return -1;
	for (i = 0; i + 3 <= 30; i += 3) {       /* 30 bytes: 40 characters */
		uint32_t v = (uint32_t)md[i] << 16 | (uint32_t)md[i + 1] << 8 | md[i + 2];
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
		out[o++] = b64url[v & 63];
	}
	{                                         /* the last 2 bytes: 3 characters */
		uint32_t v = (uint32_t)md[30] << 16 | (uint32_t)md[31] << 8;
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
	}
	out[o] = '\0';
	return 0;
}

int
rw_oauth_random(char *out, size_t n)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
	size_t i = 0;

	while (i < n) {
		unsigned char b[64];
		ssize_t got = getrandom(b, sizeof(b), 0), k;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* 66 symbols: bytes >= 198 are dropped so that each is equally likely */
		for (k = 0; k < got && i < n; k++)
			if (b[k] < 198)
				out[i++] = set[b[k] % 66];
	}
	out[n] = '\0';
	return 0;
}

/* ---- the loopback redirect ---- */

static char *
escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0), *out;

	if (!e)
		return NULL;
	out = strdup(e);
	curl_free(e);
	return out;
}

rw_oauth_wait *
rw_oauth_listen(const rw_oauth_client *c, rw_err *err)
{
	rw_oauth_wait *w = calloc(1, sizeof(*w));
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	char challenge[44];
	char *id = NULL, *scope = NULL, *redir = NULL;
	const char *sep;

	if (!w) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	w->fd = -1;
	if (!c->client_id || !*c->client_id || !c->auth_url || !c->token_url) {
		rw_err_set(err, RW_E_USAGE, "an OAuth client id and the provider's addresses are needed");
		goto fail;
	}
	w->client_id = strdup(c->client_id);
	w->client_secret = c->client_secret ? strdup(c->client_secret) : NULL;
	w->auth_url = strdup(c->auth_url);
	w->token_url = strdup(c->token_url);
	w->fetch_flags = c->fetch_flags;
	if (!w->client_id || !w->auth_url || !w->token_url || (c->client_secret && !w->client_secret)) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto fail;
	}
	if (rw_oauth_random(w->verifier, 64) < 0 || rw_oauth_random(w->state, 32) < 0 ||
	    rw_oauth_pkce_challenge(w->verifier, challenge) < 0) {
		rw_err_set(err, RW_E_INTERNAL, "cannot draw random numbers for the authorisation: %s", strerror(errno));
		goto fail;
	}
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	if ((w->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0 ||
	    bind(w->fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(w->fd, 4) < 0 ||
	    getsockname(w->fd, (struct sockaddr *)&a, &alen) < 0) {
		rw_err_set(err, RW_E_IO, "cannot listen on 127.0.0.1 for the browser's answer: %s", strerror(errno));
		goto fail;
	}
	snprintf(w->redirect_uri, sizeof(w->redirect_uri), "http://127.0.0.1:%u/", ntohs(a.sin_port));
	id = escape(c->client_id);
	scope = escape(c->scope ? c->scope : "");
	redir = escape(w->redirect_uri);
	sep = strchr(c->auth_url, '?') ? "&" : "?";
	if (!id || !scope || !redir ||
	    asprintf(&w->url, "%s%sresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s"
	             "&code_challenge=%s&code_challenge_method=S256&access_type=offline&prompt=consent",
	             c->auth_url, sep, id, redir, scope, w->state, challenge) < 0) {
		w->url = NULL;
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto fail;
	}
	free(id);
	free(scope);
	free(redir);
	return w;
fail:
	free(id);
	free(scope);
	free(redir);
	rw_oauth_wait_free(&w);
	return NULL;
}

const char *
rw_oauth_wait_url(const rw_oauth_wait *w)
{
	return w->url;
}

/* The decoded value of name in the query string q (up to a space or the
 * end), malloc'd; NULL when absent. */
static char *
query_value(const char *q, const char *name)
{
	size_t n = strlen(name);
	const char *p = q;

	while (p && *p && *p != ' ') {
		const char *end = p + strcspn(p, "& ");
		if ((size_t)(end - p) > n && !strncmp(p, name, n) && p[n] == '=') {
			int outlen = 0;
			char *d = curl_easy_unescape(NULL, p + n + 1, (int)(end - p - n - 1), &outlen), *out;
			if (!d)
				return NULL;
			out = strndup(d, (size_t)outlen);
			curl_free(d);
			return out;
		}
		p = *end == '&' ? end + 1 : NULL;
	}
	return NULL;
}

static void
answer(int fd, int status, const char *title_fr, const char *text_fr, const char *title_en, const char *text_en)
{
	char page[2048];
	int n = snprintf(page, sizeof(page),
	                 "HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
	                 "Connection: close\r\n\r\n"
	                 "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>repwatch</title></head><body>"
	                 "<h1 lang=\"fr\">%s</h1><p lang=\"fr\">%s</p><h1 lang=\"en\">%s</h1><p lang=\"en\">%s</p>"
	                 "</body></html>\n",
	                 status, status == 200 ? "OK" : "Bad Request", title_fr, text_fr, title_en, text_en);
	size_t off = 0;

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(page))
		n = sizeof(page) - 1;
	while (off < (size_t)n) {
		ssize_t k = send(fd, page + off, (size_t)n - off, MSG_NOSIGNAL);
		if (k <= 0)
			break;
		off += (size_t)k;
	}
}

/* Read one request's head from a new connection, within a few seconds. */
static int
read_request(int fd, char *buf, size_t size, volatile sig_atomic_t *stop)
{
	size_t len = 0;
	int rounds = 0;

	while (len + 1 < size && rounds < 50) {      /* 50 x 100 ms */
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t k;
		if (stop && *stop)
			return -1;
		if (poll(&p, 1, 100) <= 0) {
			rounds++;
			continue;
		}
		k = recv(fd, buf + len, size - 1 - len, 0);
		if (k <= 0)
			return -1;
		len += (size_t)k;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return 0;
	}
	return len ? 0 : -1;
}

int
rw_oauth_wait_code(rw_oauth_wait *w, long timeout, volatile sig_atomic_t *stop, rw_err *err)
{
	time_t deadline = time(NULL) + (timeout > 0 ? timeout : 300);
	char req[REQUEST_MAX];

	while (!w->code) {
		struct pollfd p = { w->fd, POLLIN, 0 };
		char *state = NULL, *code = NULL, *error = NULL;
		const char *q;
		int c;

		if (stop && *stop)
			return rw_err_set(err, RW_E_INTR, "interrupted");
		if (time(NULL) >= deadline)
			return rw_err_set(err, RW_E_NET,
			                  "no answer from the browser within %ld seconds (open the address shown, "
			                  "sign in with the account that owns the listing, and allow access)",
			                  timeout > 0 ? timeout : 300);
		if (poll(&p, 1, 200) <= 0)
			continue;
		if ((c = accept4(w->fd, NULL, NULL, SOCK_CLOEXEC)) < 0)
			continue;
		if (read_request(c, req, sizeof(req), stop) < 0 || strncmp(req, "GET /", 5)) {
			close(c);
			continue;
		}
		{
			/* only the request's target is read, not its headers */
			size_t tlen = strcspn(req + 4, " \r\n");
			q = memchr(req + 4, '?', tlen);
			if (q) {
				char *target = strndup(q + 1, tlen - (size_t)(q + 1 - (req + 4)));
				if (target) {
					state = query_value(target, "state");
					code = query_value(target, "code");
					error = query_value(target, "error");
					free(target);
				}
			}
		}
		if (!state || strcmp(state, w->state)) {
			answer(c, 400, "Adresse inattendue", "Cette page n'attendait pas cette requête.",
			       "Unexpected address", "This page was not expecting this request.");
		} else if (error) {
			answer(c, 200, "Accès refusé", "repwatch n'a pas reçu l'autorisation. Vous pouvez fermer cet onglet.",
			       "Access refused", "repwatch was not given access. You may close this tab.");
			close(c);
			rw_err_set(err, RW_E_USAGE, "the authorisation was refused at the provider (%.64s)", error);
			free(state);
			free(code);
			free(error);
			return RW_E_USAGE;
		} else if (code && *code) {
			answer(c, 200, "Autorisation reçue",
			       "repwatch peut maintenant lire les avis de votre fiche. Vous pouvez fermer cet onglet.",
			       "Access granted", "repwatch can now read your listing's reviews. You may close this tab.");
			w->code = code;
			code = NULL;
		} else {
			answer(c, 400, "Réponse incomplète", "La réponse ne contenait pas de code d'autorisation.",
			       "Incomplete answer", "The answer carried no authorisation code.");
		}
		close(c);
		free(state);
		free(code);
		free(error);
	}
	return RW_OK;
}

/* The provider's explanation in an OAuth error body, into why. */
static void
oauth_error(const char *body, char *why, size_t size, char *code, size_t codesize)
{
	json_object *j = body ? json_tokener_parse(body) : NULL, *v;

	why[0] = code[0] = '\0';
	if (j && json_object_object_get_ex(j, "error", &v) && json_object_is_type(v, json_type_string))
		snprintf(code, codesize, "%s", json_object_get_string(v));
	if (j && json_object_object_get_ex(j, "error_description", &v) && json_object_is_type(v, json_type_string))
		snprintf(why, size, ": %.200s", json_object_get_string(v));
	json_object_put(j);
}

/* Read a token endpoint's 2xx answer into t. */
static int
take_tokens(const char *url, const char *body, rw_oauth_tokens *t, rw_err *err)
{
	json_object *j = body ? json_tokener_parse(body) : NULL, *v;
	char *access = NULL, *refresh = NULL;

	if (!j || !json_object_is_type(j, json_type_object) || !json_object_object_get_ex(j, "access_token", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		json_object_put(j);
		return rw_err_set(err, RW_E_PARSE, "'%s': the answer carries no access token (is this a token endpoint?)",
		                  url);
	}
	access = strdup(json_object_get_string(v));
	if (json_object_object_get_ex(j, "refresh_token", &v) && json_object_is_type(v, json_type_string) &&
	    !(refresh = strdup(json_object_get_string(v)))) {
		free(access);
		access = NULL;
	}
	if (!access) {
		json_object_put(j);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	if (t->access_token)
		explicit_bzero(t->access_token, strlen(t->access_token));
	free(t->access_token);
	t->access_token = access;
	if (refresh) {
		if (t->refresh_token)
			explicit_bzero(t->refresh_token, strlen(t->refresh_token));
		free(t->refresh_token);
		t->refresh_token = refresh;
	}
	t->expires_at = 0;
	if (json_object_object_get_ex(j, "expires_in", &v) && json_object_get_int64(v) > 0)
		/* a minute early: a token that expires in flight is not used */
		t->expires_at = (int64_t)time(NULL) + json_object_get_int64(v) - 60;
	json_object_put(j);
	return RW_OK;
}

/* POST form to url; a 2xx answer goes into *reply. */
static int
post_form(const rw_fetch_settings *fs, const char *url, const char *form, unsigned flags, rw_fetch_reply *reply,
          rw_err *err)
{
	static const char *const headers[] = { "Accept: application/json", NULL };
	int rc = rw_fetch_once(fs, url, headers, form, flags, NULL, reply, err);

	return rc;
}

/* name=escaped(value)&... for the pairs of kv (NULL-terminated pairs;
 * a NULL value skips its pair).  malloc'd; NULL when memory ran out. */
static char *
form(const char *const *kv, size_t npairs)
{
	rw_buf b;
	size_t i;

	rw_buf_init(&b, 1u << 20);
	for (i = 0; i < npairs; i++) {
		char *e;
		if (!kv[2 * i + 1])
			continue;
		if (!(e = escape(kv[2 * i + 1])) || rw_buf_printf(&b, "%s%s=%s", b.len ? "&" : "", kv[2 * i], e) < 0) {
			if (e)
				explicit_bzero(e, strlen(e));
			free(e);
			if (b.data)
				explicit_bzero(b.data, b.len);
			rw_buf_free(&b);
			return NULL;
		}
		explicit_bzero(e, strlen(e));
		free(e);
	}
	return rw_buf_steal(&b);
}

static void
wipe_free(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

/* What a token endpoint's refusal means, as a message. */
static int
token_refused(const char *url, const rw_fetch_reply *r, int refreshing, rw_err *err)
{
	char why[256], code[64];

	if (!r->status)
		return rw_err_set(err, RW_E_NET, "%s", r->error);
	oauth_error(r->body, why, sizeof(why), code, sizeof(code));
	if (!strcmp(code, "invalid_grant"))
		return rw_err_set(err, RW_E_USAGE,
		                  "'%s': the authorisation was withdrawn or has expired%s (authorise again: "
		                  "repwatch sources add --google-business)", url, why);
	if (!strcmp(code, "invalid_client") || !strcmp(code, "unauthorized_client"))
		return rw_err_set(err, RW_E_USAGE,
		                  "'%s': the OAuth client was refused%s (check the client id and secret of your "
		                  "Google Cloud project)", url, why);
	return rw_err_set(err, RW_E_NET,
	                  refreshing ? N_("'%s': the refresh token was refused: HTTP %ld%s%s%s")
	                             : N_("'%s': the authorisation code was refused: HTTP %ld%s%s%s"),
	                  url, r->status, *code ? " " : "", code, why);
}

int
rw_oauth_exchange(rw_oauth_wait *w, const rw_fetch_settings *fs, rw_oauth_tokens *out, rw_err *err)
{
	const char *kv[] = {
		"grant_type", "authorization_code", "code", w->code, "redirect_uri", w->redirect_uri,
		"client_id", w->client_id, "client_secret", w->client_secret, "code_verifier", w->verifier,
	};
	rw_fetch_reply r;
	char *body;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!w->code)
		return rw_err_set(err, RW_E_INTERNAL, "no authorisation code to exchange");
	if (!(body = form(kv, 6)))
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	rc = post_form(fs, w->token_url, body, w->fetch_flags, &r, err);
	wipe_free(body);
	if (rc == RW_OK && !r.ok)
		rc = token_refused(w->token_url, &r, 0, err);
	if (rc == RW_OK)
		rc = take_tokens(w->token_url, r.body, out, err);
	rw_fetch_reply_clear(&r);
	if (rc == RW_OK && !out->refresh_token)
		rc = rw_err_set(err, RW_E_PARSE, "'%s': the answer carries no refresh token (authorise again)",
		                w->token_url);
	if (rc == RW_OK && (!(out->client_id = strdup(w->client_id)) ||
	                    (w->client_secret && !(out->client_secret = strdup(w->client_secret)))))
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
	if (rc != RW_OK)
		rw_oauth_tokens_clear(out);
	return rc;
}

void
rw_oauth_wait_free(rw_oauth_wait **wp)
{
	rw_oauth_wait *w;

	if (!wp || !*wp)
		return;
	w = *wp;
	if (w->fd >= 0)
		close(w->fd);
	free(w->client_id);
	wipe_free(w->client_secret);
	free(w->auth_url);
	free(w->token_url);
	free(w->url);
	wipe_free(w->code);
	explicit_bzero(w->verifier, sizeof(w->verifier));
	free(w);
	*wp = NULL;
}

/* ---- tokens ---- */

int
rw_oauth_refresh(const rw_oauth_client *c, const rw_fetch_settings *fs, rw_oauth_tokens *t, rw_err *err)
{
	const char *kv[] = {
		"grant_type", "refresh_token", "refresh_token", t->refresh_token,
		"client_id", t->client_id ? t->client_id : c->client_id,
		"client_secret", t->client_secret ? t->client_secret : c->client_secret,
	};
	rw_fetch_reply r;
	char *body;
	int rc;

	if (!t->refresh_token)
		return rw_err_set(err, RW_E_USAGE, "no refresh token kept (authorise again: repwatch sources add "
		                  "--google-business)");
	if (!(body = form(kv, 4)))
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	rc = post_form(fs, c->token_url, body, c->fetch_flags, &r, err);
	wipe_free(body);
	if (rc == RW_OK && !r.ok)
		rc = token_refused(c->token_url, &r, 1, err);
	if (rc == RW_OK)
		rc = take_tokens(c->token_url, r.body, t, err);
	rw_fetch_reply_clear(&r);
	return rc;
}

int
rw_oauth_revoke(const rw_oauth_client *c, const rw_fetch_settings *fs, const char *token, rw_err *err)
{
	const char *kv[] = { "token", token };
	rw_fetch_reply r;
	char *body, why[256], code[64];
	int rc;

	if (!token || !c->revoke_url)
		return RW_OK;
	if (!(body = form(kv, 1)))
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	rc = post_form(fs, c->revoke_url, body, c->fetch_flags, &r, err);
	wipe_free(body);
	if (rc == RW_OK && !r.ok) {
		oauth_error(r.body, why, sizeof(why), code, sizeof(code));
		if (r.status == 400 && !strcmp(code, "invalid_token"))
			rc = RW_OK;     /* already unknown there */
		else if (!r.status)
			rc = rw_err_set(err, RW_E_NET, "%s", r.error);
		else
			rc = rw_err_set(err, RW_E_NET, "'%s': the token was not revoked: HTTP %ld%s", c->revoke_url,
			                r.status, why);
	}
	rw_fetch_reply_clear(&r);
	return rc;
}

/* ---- the token file ---- */

char *
rw_oauth_token_path(const char *name)
{
	rw_err ignored = { 0 };
	char *leaf, *out;
	size_t i;

	if (!name || !*name || name[0] == '.')
		return NULL;
	for (i = 0; name[i]; i++)
		if (name[i] == '/' || (unsigned char)name[i] < 0x20)
			return NULL;
	if (asprintf(&leaf, "secrets/%s.json", name) < 0)
		return NULL;
	out = rw_paths_user(RW_DIR_DATA, leaf, &ignored);   /* NULL: no home to keep it in */
	free(leaf);
	return out;
}

/* mkdir -p the folder of path; the last level (secrets/) 0700. */
static int
make_folder(const char *path, rw_err *err)
{
	char *d = strdup(path), *p;

	if (!d)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	if ((p = strrchr(d, '/')))
		*p = '\0';
	for (p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0700) < 0 && errno != EEXIST) {
			rw_err_set(err, RW_E_IO, "cannot create '%s': %s", d, strerror(errno));
			free(d);
			return RW_E_IO;
		}
		*p = '/';
	}
	if (mkdir(d, 0700) < 0 && errno != EEXIST) {
		rw_err_set(err, RW_E_IO, "cannot create '%s': %s", d, strerror(errno));
		free(d);
		return RW_E_IO;
	}
	chmod(d, 0700);
	free(d);
	return RW_OK;
}

static int
add_string(json_object *j, const char *key, const char *v)
{
	json_object *s;

	if (!v)
		return 0;
	if (!(s = json_object_new_string(v)))
		return -1;
	return json_object_object_add(j, key, s);
}

int
rw_oauth_token_save(const char *path, const rw_oauth_tokens *t, rw_err *err)
{
	json_object *j = json_object_new_object();
	const char *text;
	char *tmp = NULL;
	size_t len, off = 0;
	int fd = -1, rc;

	if (!j || add_string(j, "client_id", t->client_id) < 0 || add_string(j, "client_secret", t->client_secret) < 0 ||
	    add_string(j, "refresh_token", t->refresh_token) < 0 || add_string(j, "access_token", t->access_token) < 0 ||
	    json_object_object_add(j, "expires_at", json_object_new_int64(t->expires_at)) < 0 ||
	    (t->hold_until && json_object_object_add(j, "hold_until", json_object_new_int64(t->hold_until)) < 0) ||
	    !(text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN)) || asprintf(&tmp, "%s.new", path) < 0) {
		json_object_put(j);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	if ((rc = make_folder(path, err)) != RW_OK)
		goto out;
	len = strlen(text);
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0 || fchmod(fd, 0600) < 0) {
		rc = rw_err_set(err, RW_E_IO, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	while (off < len) {
		ssize_t k = write(fd, text + off, len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			rc = rw_err_set(err, RW_E_IO, "cannot write '%s': %s", tmp, k < 0 ? strerror(errno) : "short write");
			goto out;
		}
		off += (size_t)k;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		rc = rw_err_set(err, RW_E_IO, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		rc = rw_err_set(err, RW_E_IO, "cannot replace '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = RW_OK;
out:
	if (fd >= 0)
		close(fd);
	if (rc != RW_OK && tmp)
		unlink(tmp);
	free(tmp);
	explicit_bzero((char *)text, strlen(text));
	json_object_put(j);
	return rc;
}

static char *
get_string(json_object *j, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(j, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return strdup(json_object_get_string(v));
}

int
rw_oauth_token_load(const char *path, rw_oauth_tokens *out, rw_err *err)
{
	char buf[TOKEN_FILE_MAX];
	struct stat st;
	json_object *j, *v;
	ssize_t n;
	size_t len = 0;
	int fd;

	memset(out, 0, sizeof(*out));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		if (errno == ENOENT)
			return rw_err_set(err, RW_E_USAGE, "no authorisation kept in '%s' (authorise: repwatch sources add "
			                  "--google-business)", path);
		return rw_err_set(err, RW_E_IO, "cannot read '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077)) {
		close(fd);
		return rw_err_set(err, RW_E_IO, "'%s' may be read by others: not used (chmod 600 '%s', or authorise "
		                  "again)", path, path);
	}
	while (len + 1 < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	j = json_tokener_parse(buf);
	explicit_bzero(buf, len);
	if (!j || !json_object_is_type(j, json_type_object)) {
		json_object_put(j);
		return rw_err_set(err, RW_E_PARSE, "'%s' is damaged (authorise again: repwatch sources add "
		                  "--google-business)", path);
	}
	out->client_id = get_string(j, "client_id");
	out->client_secret = get_string(j, "client_secret");
	out->refresh_token = get_string(j, "refresh_token");
	out->access_token = get_string(j, "access_token");
	if (json_object_object_get_ex(j, "expires_at", &v))
		out->expires_at = json_object_get_int64(v);
	if (json_object_object_get_ex(j, "hold_until", &v))
		out->hold_until = json_object_get_int64(v);
	json_object_put(j);
	return RW_OK;
}

int
rw_oauth_token_remove(const char *path, rw_err *err)
{
	if (unlink(path) < 0 && errno != ENOENT)
		return rw_err_set(err, RW_E_IO, "cannot remove '%s': %s", path, strerror(errno));
	return RW_OK;
}

int
rw_oauth_client_file(const char *path, rw_oauth_tokens *out, rw_err *err)
{
	json_object *j, *app = NULL;
	int rc = RW_OK;

	memset(out, 0, sizeof(*out));
	if (!(j = json_object_from_file(path)))
		return rw_err_set(err, RW_E_IO, "cannot read the OAuth client file '%s': %s", path,
		                  json_util_get_last_err() ? json_util_get_last_err() : "not JSON");
	if (!json_object_object_get_ex(j, "installed", &app) && !json_object_object_get_ex(j, "web", &app))
		app = j;
	out->client_id = get_string(app, "client_id");
	out->client_secret = get_string(app, "client_secret");
	if (!out->client_id || !*out->client_id) {
		rw_oauth_tokens_clear(out);
		rc = rw_err_set(err, RW_E_USAGE, "'%s' holds no client_id (download the JSON of an OAuth client of type "
		                "\"Desktop app\" from the Google Cloud console)", path);
	}
	json_object_put(j);
	return rc;
}
