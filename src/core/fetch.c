/* SPDX-License-Identifier: MIT */
#include "fetch.h"
#include "buf.h"
#include "curlinit.h"
#include "date.h"
#include "log.h"
#include "msgid.h"
#include "reason.h"
#include "rw-config.h"
#include "url.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define URL_OPEN RW_FETCH_URL_OPEN
#define URL_CLOSE RW_FETCH_URL_CLOSE
#define COLON RW_FETCH_COLON
/* fetch.h's punctuation, where xgettext sees its msgids */
static const char *const punctuation[] __attribute__((unused)) = {
	/* TRANSLATORS: opens the quotes around an address at the start of a
	 * source's error ('https://...': cannot connect) */
	N_("'"),
	/* TRANSLATORS: closes the quotes around that address, then the colon */
	N_("': "),
	/* TRANSLATORS: a colon between a problem and its detail */
	N_(": "),
};

struct transfer {
	char *url;
	char *host;              /* "host:port", lowercase: the per-host limit's key */
	char *etag, *last_modified;
	rw_fetcher *fetcher;
	unsigned flags;          /* RW_FETCH_ALLOW_FILE, RW_FETCH_ALLOW_PRIVATE */
	char *own_host;          /* url's host name, lowercase: the one allow_private vouches for */
	char refused_ip[64];     /* the address policy refused this one ... */
	char *refused_url;       /* ... on the way to this address */
	void *user;
	CURL *easy;
	struct curl_slist *req_headers;
	struct curl_slist *extra_headers; /* rw_fetcher_add_request: the caller's, Accept included */
	char *post;              /* rw_fetcher_add_request: a form body, sent with POST */
	rw_buf body, headers;
	int too_big, headers_too_big;
	char errbuf[CURL_ERROR_SIZE];
	char *content_type, *etag_in, *lm_in, *retry_after;
	struct transfer *next;
	struct transfer *prev_active, *next_active;
};

struct hold {                /* a host that asked us to wait (Retry-After) */
	char *host, *why;
	int64_t until;
};

struct proxy_addr { char ip[INET6_ADDRSTRLEN]; int port; };

struct rw_fetcher {
	rw_fetch_settings s;
	struct proxy_addr *proxies;   /* the environment's proxies, resolved: the
	                                 user's own choice, reachable wherever they are */
	size_t nproxies;
	char *user_agent;
	char *ca_file;
	struct hold *holds;
	size_t nholds;
	CURLM *multi;
	struct transfer *queue, *queue_tail;   /* not yet started */
	struct transfer *active;               /* added to the multi handle */
	size_t running;
	rw_fetch_idle_fn idle;
	void *idle_data;
};

const char *
rw_fetch_default_user_agent(void)
{
	return "repwatch/" RW_VERSION " (reputation monitor for practitioners; +https://repwatch.invalid/bot)";
}

/* The proxies libcurl takes from the environment (http_proxy,
 * https_proxy, all_proxy and their upper-case forms but HTTP_PROXY),
 * resolved now: a connection to one is the user's choice, and through one
 * the address policy judges the URL's host as written (the proxy
 * resolves it). */
static void
find_proxies(rw_fetcher *f)
{
	static const char *const vars[] = { "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };
	size_t v;

	for (v = 0; v < sizeof(vars) / sizeof(vars[0]); v++) {
		const char *val = getenv(vars[v]);
		CURLU *u;
		char *host = NULL, *port = NULL;
		struct addrinfo hints, *res = NULL, *a;
		if (!val || !*val || !(u = curl_url()))
			continue;
		if (!curl_url_set(u, CURLUPART_URL, val, CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) &&
		    !curl_url_get(u, CURLUPART_HOST, &host, 0)) {
			if (curl_url_get(u, CURLUPART_PORT, &port, 0))
				port = NULL;
			memset(&hints, 0, sizeof(hints));
			hints.ai_socktype = SOCK_STREAM;
			if (host[0] == '[') {   /* an IPv6 literal as libcurl writes it */
				memmove(host, host + 1, strlen(host));
				host[strcspn(host, "]")] = '\0';
			}
			if (!getaddrinfo(host, NULL, &hints, &res))
				for (a = res; a; a = a->ai_next) {
					struct proxy_addr *np = realloc(f->proxies, (f->nproxies + 1) * sizeof(*np));
					const void *in = a->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)a->ai_addr)->sin_addr
					                 : (const void *)&((struct sockaddr_in6 *)a->ai_addr)->sin6_addr;
					if (!np)
						break;
					f->proxies = np;
					if (!inet_ntop(a->ai_family, in, np[f->nproxies].ip, sizeof(np[f->nproxies].ip)))
						continue;
					np[f->nproxies++].port = port ? atoi(port) : 1080;
				}
			if (res)
				freeaddrinfo(res);
		}
		curl_free(host);
		curl_free(port);
		curl_url_cleanup(u);
	}
}

static int
is_proxy(const rw_fetcher *f, const char *ip, int port)
{
	size_t i;

	for (i = 0; ip && i < f->nproxies; i++)
		if (f->proxies[i].port == port && !strcmp(f->proxies[i].ip, ip))
			return 1;
	return 0;
}

/* The host of url when it names an address as written (an IP literal,
 * which libcurl has normalised, or localhost): is it an inside one? */
static int
host_is_inside(const char *host)
{
	char lit[INET6_ADDRSTRLEN + 2];

	if (!host)
		return 0;
	if (!strcmp(host, "localhost") || (strlen(host) > 10 && !strcmp(host + strlen(host) - 10, ".localhost")))
		return 1;
	snprintf(lit, sizeof(lit), "%s", host[0] == '[' ? host + 1 : host);
	lit[strcspn(lit, "]%")] = '\0';
	{
		struct in_addr a4;
		struct in6_addr a6;
		if (inet_pton(AF_INET, lit, &a4) != 1 && inet_pton(AF_INET6, lit, &a6) != 1)
			return 0;
	}
	return rw_fetch_ip_is_inside(lit);
}

void
rw_fetch_settings_default(rw_fetch_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->concurrency = 16;
	s->per_host = 2;
	s->connect_timeout = 15;
	s->timeout = 60;
	s->low_speed_time = 20;
	s->max_redirects = 5;
	s->max_size = 8u << 20;
	s->low_speed_limit = 100;
	s->max_header_size = 64u << 10;
	s->report_after = 3;
	s->backoff_base = 15 * 60;
	s->backoff_max = 24 * 3600;
	s->max_retry_after = 24 * 3600;
	s->max_pages = 10;
}

rw_fetcher *
rw_fetcher_new(const rw_fetch_settings *s, rw_err *err)
{
	rw_fetcher *f;

	if (rw_curlinit(err))
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (s)
		f->s = *s;
	else
		rw_fetch_settings_default(&f->s);
	f->s.user_agent = NULL;
	f->s.ca_file = NULL;
	if (!f->s.max_header_size)
		f->s.max_header_size = 64u << 10;
	if (!f->s.low_speed_limit)
		f->s.low_speed_limit = 100;
	if (f->s.max_retry_after <= 0)
		f->s.max_retry_after = 24 * 3600;
	f->user_agent = strdup(s && s->user_agent ? s->user_agent : rw_fetch_default_user_agent());
	f->ca_file = s && s->ca_file ? strdup(s->ca_file) : NULL;
	f->multi = curl_multi_init();
	if (!f->multi || !f->user_agent || (s && s->ca_file && !f->ca_file)) {
		rw_err_set(err, RW_E_NOMEM, "cannot initialise libcurl's multi interface");
		rw_fetcher_free(&f);
		return NULL;
	}
	find_proxies(f);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, f->s.per_host);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, f->s.concurrency);
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	return f;
}

static void
transfer_free(struct transfer *t)
{
	if (!t)
		return;
	free(t->url);
	free(t->host);
	free(t->etag);
	free(t->last_modified);
	free(t->own_host);
	free(t->refused_url);
	if (t->easy)
		curl_easy_cleanup(t->easy);
	curl_slist_free_all(t->req_headers);
	curl_slist_free_all(t->extra_headers);
	if (t->post)
		explicit_bzero(t->post, strlen(t->post));   /* it may hold a secret */
	free(t->post);
	rw_buf_free(&t->body);
	rw_buf_free(&t->headers);
	free(t->content_type);
	free(t->etag_in);
	free(t->lm_in);
	free(t->retry_after);
	free(t);
}

static size_t
active_on_host(const rw_fetcher *f, const char *host)
{
	const struct transfer *t;
	size_t n = 0;

	for (t = f->active; t; t = t->next_active)
		if (!strcmp(t->host, host))
			n++;
	return n;
}

int
rw_fetcher_hold_host(rw_fetcher *f, const char *host, int64_t until, const char *why)
{
	struct hold *h, *nh;
	size_t i;

	for (i = 0; i < f->nholds; i++)
		if (!strcmp(f->holds[i].host, host)) {
			if (until > f->holds[i].until)
				f->holds[i].until = until;
			return 0;
		}
	nh = realloc(f->holds, (f->nholds + 1) * sizeof(*nh));
	if (!nh)
		return -1;
	f->holds = nh;
	h = &f->holds[f->nholds];
	h->host = strdup(host);
	h->why = strdup(why ? why : "Retry-After");
	h->until = until;
	if (!h->host || !h->why) {
		free(h->host);
		free(h->why);
		return -1;
	}
	f->nholds++;
	return 0;
}

/* The hold on host still in force, or NULL. */
static const struct hold *
held(const rw_fetcher *f, const char *host)
{
	int64_t now = (int64_t)time(NULL);
	size_t i;

	for (i = 0; i < f->nholds; i++)
		if (!strcmp(f->holds[i].host, host) && f->holds[i].until > now)
			return &f->holds[i];
	return NULL;
}

int64_t
rw_fetch_retry_after(const char *value, int64_t now, long max_wait)
{
	const char *p = value;
	int64_t until;

	if (!value)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p >= '0' && *p <= '9') {
		const char *q = p;
		long long secs = 0;
		while (*q >= '0' && *q <= '9') {
			if (secs < 100000000)
				secs = secs * 10 + (*q - '0');
			q++;
		}
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q)
			return 0;     /* "120abc": not a delay */
		if (secs <= 0)
			return 0;
		until = now + (secs < max_wait ? secs : max_wait);
	} else {
		/* an HTTP-date in any of the three forms RFC 9110 allows */
		time_t t = curl_getdate(p, NULL);
		if (t == (time_t)-1 || (int64_t)t <= now)
			return 0;
		until = (int64_t)t - now < max_wait ? (int64_t)t : now + max_wait;
	}
	return until;
}

long
rw_fetch_backoff(const rw_fetch_settings *s, int failures)
{
	long wait;
	int i;

	if (failures < 2 || s->backoff_base <= 0)
		return 0;
	wait = s->backoff_base;
	for (i = 2; i < failures && wait < s->backoff_max; i++)
		wait = wait > s->backoff_max / 2 ? s->backoff_max : wait * 2;
	return wait < s->backoff_max ? wait : s->backoff_max;
}

int64_t
rw_fetch_next_attempt(const rw_fetch_settings *s, int failures, int64_t last_attempt)
{
	long wait = rw_fetch_backoff(s, failures);

	return wait ? last_attempt + wait - wait / 10 : 0;
}

/* ---- the address policy ---- */

static int
v4_is_inside(uint32_t a)   /* host byte order */
{
	return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
	       (a & 0xffc00000u) == 0x64400000u ||   /* 100.64/10, shared (carrier NAT) */
	       (a >> 16) == 0xa9feu ||               /* 169.254/16, link-local (cloud metadata) */
	       (a & 0xfff00000u) == 0xac100000u ||   /* 172.16/12 */
	       (a >> 16) == 0xc0a8u ||               /* 192.168/16 */
	       (a & 0xffffff00u) == 0xc0000000u ||   /* 192.0.0/24, IETF protocol assignments */
	       (a & 0xfffe0000u) == 0xc6120000u ||   /* 198.18/15, benchmarking */
	       a >= 0xe0000000u;                     /* multicast, reserved, broadcast */
}

static int
v6_is_inside(const unsigned char *b)
{
	static const unsigned char zero[12], mapped[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff },
	                           nat64[12] = { 0,0x64,0xff,0x9b,0,0,0,0,0,0,0,0 };
	if (!memcmp(b, zero, 12) || !memcmp(b, mapped, 12) || !memcmp(b, nat64, 12))
		return v4_is_inside((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]);
	return (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||   /* fe80::/10 link-local */
	       (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) ||   /* fec0::/10 old site-local */
	       (b[0] & 0xfe) == 0xfc ||                     /* fc00::/7 unique local */
	       b[0] == 0xff;                                /* multicast */
}

int
rw_fetch_addr_is_inside(const void *sockaddr)
{
	const struct sockaddr *sa = sockaddr;

	if (sa->sa_family == AF_INET)
		return v4_is_inside(ntohl(((const struct sockaddr_in *)sockaddr)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6)
		return v6_is_inside(((const struct sockaddr_in6 *)sockaddr)->sin6_addr.s6_addr);
	return 1;
}

int
rw_fetch_ip_is_inside(const char *ip)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (ip && inet_pton(AF_INET, ip, &a4) == 1)
		return v4_is_inside(ntohl(a4.s_addr));
	if (ip && inet_pton(AF_INET6, ip, &a6) == 1)
		return v6_is_inside(a6.s6_addr);
	return 1;
}

static void
refuse(struct transfer *t, const char *ip)
{
	char *where = NULL;

	if (t->refused_ip[0])
		return;
	snprintf(t->refused_ip, sizeof(t->refused_ip), "%s", ip && *ip ? ip : "?");
	if (t->easy)
		curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &where);
	t->refused_url = where ? strdup(where) : NULL;
}

/* May t reach an inside address on the host it is at now?  Only its own
 * host, and only when it was added with RW_FETCH_ALLOW_PRIVATE. */
static int
at_own_host(struct transfer *t)
{
	char *url = NULL, *host;
	int own;

	if (!(t->flags & RW_FETCH_ALLOW_PRIVATE))
		return 0;
	curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
	host = rw_url_host(url, 0);
	own = host && t->own_host && !strcmp(host, t->own_host);
	free(host);
	return own;
}

/* CURLOPT_OPENSOCKETFUNCTION: no socket to an inside address but a
 * proxy's or the own host's of a transfer that may reach one. */
static curl_socket_t
open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct transfer *t = clientp;

	if (purpose == CURLSOCKTYPE_IPCXN && rw_fetch_addr_is_inside(&a->addr)) {
		char ip[INET6_ADDRSTRLEN] = "";
		int port = 0;
		if (a->family == AF_INET) {
			inet_ntop(AF_INET, &((struct sockaddr_in *)&a->addr)->sin_addr, ip, sizeof(ip));
			port = ntohs(((struct sockaddr_in *)&a->addr)->sin_port);
		} else if (a->family == AF_INET6) {
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a->addr)->sin6_addr, ip, sizeof(ip));
			port = ntohs(((struct sockaddr_in6 *)&a->addr)->sin6_port);
		}
		if (!is_proxy(t->fetcher, ip, port) && !at_own_host(t)) {
			refuse(t, ip);
			return CURL_SOCKET_BAD;
		}
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* CURLOPT_PREREQFUNCTION, before every request, on a new or a reused
 * connection: an inside address only for the transfer's own host, and
 * only when it may reach one. */
static int
before_request(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
	struct transfer *t = clientp;
	char *url = NULL, *host;
	int inside;

	(void)local_ip; (void)local_port;
	curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
	host = rw_url_host(url, 0);
	/* through a proxy, the host as written; else the address reached */
	inside = is_proxy(t->fetcher, primary_ip, primary_port) ? host_is_inside(host) : rw_fetch_ip_is_inside(primary_ip);
	free(host);
	if (!inside || at_own_host(t))
		return CURL_PREREQFUNC_OK;
	refuse(t, primary_ip);
	return CURL_PREREQFUNC_ABORT;
}

int
rw_fetcher_add(rw_fetcher *f, const char *url, const char *etag, const char *lm,
               unsigned flags, void *user)
{
	struct transfer *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	t->url = strdup(url);
	t->host = rw_url_host_key(url);
	t->etag = etag && *etag ? strdup(etag) : NULL;
	t->last_modified = lm && *lm ? strdup(lm) : NULL;
	t->flags = flags;
	t->fetcher = f;
	t->own_host = rw_url_host(url, 0);
	t->user = user;
	if (!t->url || !t->host) {
		transfer_free(t);
		return -1;
	}
	if (f->queue_tail)
		f->queue_tail->next = t;
	else
		f->queue = t;
	f->queue_tail = t;
	return 0;
}

int
rw_fetcher_add_request(rw_fetcher *f, const char *url, const char *const *headers, const char *post,
                       unsigned flags, void *user)
{
	struct transfer *t;
	size_t i;

	if (rw_fetcher_add(f, url, NULL, NULL, flags & ~(unsigned)RW_FETCH_ALLOW_FILE, user) < 0)
		return -1;
	t = f->queue_tail;
	for (i = 0; headers && headers[i]; i++) {
		struct curl_slist *h = curl_slist_append(t->extra_headers, headers[i]);
		if (!h)
			return -1;   /* the transfer stays queued and is freed with f */
		t->extra_headers = h;
	}
	if (post && !(t->post = strdup(post)))
		return -1;
	return 0;
}

static size_t
on_body(char *p, size_t size, size_t n, void *data)
{
	struct transfer *t = data;

	if (rw_buf_add(&t->body, p, size * n) < 0) {
		t->too_big = 1;
		return 0;      /* abort: CURLE_WRITE_ERROR */
	}
	return size * n;
}

static char *
header_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *v, *end = line + len;

	if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	v = line + n + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	return strndup(v, (size_t)(end - v));
}

#define TAKE(field, name) do { \
		char *v_ = header_value(p, len, name); \
		if (v_) { free(t->field); t->field = v_; } \
	} while (0)

static size_t
on_header(char *p, size_t size, size_t n, void *data)
{
	struct transfer *t = data;
	size_t len = size * n;

	if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		/* a new response (after a redirect or a 100): forget the last one */
		rw_buf_reset(&t->headers);
		free(t->content_type);
		free(t->etag_in);
		free(t->lm_in);
		free(t->retry_after);
		t->content_type = t->etag_in = t->lm_in = t->retry_after = NULL;
	}
	if (rw_buf_add(&t->headers, p, len) < 0) {
		t->headers_too_big = 1;
		return 0;
	}
	TAKE(content_type, "Content-Type");
	TAKE(etag_in, "ETag");
	TAKE(lm_in, "Last-Modified");
	TAKE(retry_after, "Retry-After");
	return len;
}

static int
start(rw_fetcher *f, struct transfer *t)
{
	CURL *e = curl_easy_init();

	if (!e)
		return -1;
	t->easy = e;
	rw_buf_init(&t->body, f->s.max_size);
	rw_buf_init(&t->headers, f->s.max_header_size);
	curl_easy_setopt(e, CURLOPT_URL, t->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->user_agent);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, f->s.max_redirects);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	/* no downgrade: what began on https stays on https */
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, !strncasecmp(t->url, "https:", 6) ? "https" : "http,https");
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
	curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, before_request);
	curl_easy_setopt(e, CURLOPT_PREREQDATA, t);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, f->s.connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, f->s.timeout);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, f->s.low_speed_limit);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->s.low_speed_time);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->s.max_size);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	if (f->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, f->ca_file);
	if (t->post) {
		/* a form (an OAuth token request): POST, never re-sent elsewhere */
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->post);
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	}
	{
		struct curl_slist *h;
		for (h = t->extra_headers; h; h = h->next)
			t->req_headers = curl_slist_append(t->req_headers, h->data);
	}
	if (!t->extra_headers)
		t->req_headers = curl_slist_append(t->req_headers, "Accept: application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1");
	if (t->etag) {
		char *h;
		if (asprintf(&h, "If-None-Match: %s", t->etag) >= 0) {
			t->req_headers = curl_slist_append(t->req_headers, h);
			free(h);
		}
	}
	if (t->last_modified) {
		char *h;
		if (asprintf(&h, "If-Modified-Since: %s", t->last_modified) >= 0) {
			t->req_headers = curl_slist_append(t->req_headers, h);
			free(h);
		}
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->req_headers);
	if (curl_multi_add_handle(f->multi, e) != CURLM_OK)
		return -1;
	t->next_active = f->active;
	if (f->active)
		f->active->prev_active = t;
	f->active = t;
	f->running++;
	return 0;
}

/* Each status a feed reader meets, in words (msgids, stored marked). */
static const char *
status_words(long status)
{
	switch (status) {
	case 400: return N_("Bad Request");
	case 401: return N_("Unauthorized (the page needs a login)");
	case 403: return N_("Forbidden: the site may be blocking automated readers");
	case 404: return N_("Not Found: the feed moved or was removed? check the address");
	case 405: return N_("Method Not Allowed");
	case 406: return N_("Not Acceptable");
	case 407: return N_("Proxy Authentication Required");
	case 408: return N_("Request Timeout");
	case 410: return N_("Gone: the feed was removed");
	case 429: return N_("Too Many Requests: the site asks us to slow down");
	case 451: return N_("Unavailable For Legal Reasons");
	case 500: return N_("Internal Server Error: a problem on the site's side");
	case 502: return N_("Bad Gateway: a problem on the site's side");
	case 503: return N_("Service Unavailable: the site is down or overloaded");
	case 504: return N_("Gateway Timeout: the site is too slow");
	default: return status >= 500 ? N_("server error") : N_("the server refused the request");
	}
}

/* libcurl's own words for the codes a feed reader meets, as msgids:
 * curl's text is English, so it is kept for the debug log only. */
static const struct {
	CURLcode code;
	const char *words;
} curl_words[] = {
	{ CURLE_UNSUPPORTED_PROTOCOL, N_("this kind of address is not supported") },
	{ CURLE_URL_MALFORMAT, N_("the address is not a valid URL") },
	{ CURLE_COULDNT_RESOLVE_PROXY, N_("unknown proxy host name") },
	{ CURLE_COULDNT_RESOLVE_HOST, N_("unknown host name") },
	{ CURLE_COULDNT_CONNECT, N_("no connection to the server") },
	{ CURLE_REMOTE_ACCESS_DENIED, N_("the server denied access") },
	{ CURLE_PARTIAL_FILE, N_("the transfer ended early") },
	{ CURLE_WRITE_ERROR, N_("the received data could not be kept") },
	{ CURLE_OUT_OF_MEMORY, N_("out of memory") },
	{ CURLE_OPERATION_TIMEDOUT, N_("timed out") },
	{ CURLE_SSL_CONNECT_ERROR, N_("the secure (TLS) handshake failed") },
	{ CURLE_TOO_MANY_REDIRECTS, N_("too many redirects") },
	{ CURLE_GOT_NOTHING, N_("the server sent nothing") },
	{ CURLE_SEND_ERROR, N_("sending to the server failed") },
	{ CURLE_RECV_ERROR, N_("receiving from the server failed") },
	{ CURLE_PEER_FAILED_VERIFICATION, N_("the server's certificate could not be verified") },
	{ CURLE_BAD_CONTENT_ENCODING, N_("unknown or broken content encoding") },
	{ CURLE_LOGIN_DENIED, N_("the server refused the login") },
	{ CURLE_SSL_CACERT_BADFILE, N_("the CA certificate file cannot be read") },
};

const char *
rw_fetch_curl_words(int curl_code, long os_errno)
{
	size_t i;

	if (curl_code == CURLE_COULDNT_CONNECT) {
		if (os_errno == ECONNREFUSED)
			return N_("the server refused the connection");
		if (os_errno == ETIMEDOUT)
			return N_("the server did not answer");
		if (os_errno == EHOSTUNREACH || os_errno == ENETUNREACH)
			return N_("the server cannot be reached from this network");
	}
	for (i = 0; i < sizeof(curl_words) / sizeof(curl_words[0]); i++)
		if ((int)curl_words[i].code == curl_code)
			return curl_words[i].words;
	return NULL;
}

char *
rw_fetch_curl_detail(int curl_code, long os_errno, const char *curl_text, int marked, char *buf, size_t size)
{
	const char *words = rw_fetch_curl_words(curl_code, os_errno);

	if (!words)
		snprintf(buf, size, "%s (curl %d)", curl_text, curl_code);
	else if (marked)
		snprintf(buf, size, RW_REASON_WORD " (curl %d)", words, curl_code);
	else
		snprintf(buf, size, "%s (curl %d)", rw_tr(words), curl_code);
	if (words)
		rw_log(RW_LOG_DEBUG, "net", "curl %d: %s", curl_code, curl_text);
	return buf;
}

/* What went wrong below HTTP, for the stored message. */
static const char *
curl_detail(const struct transfer *t, CURLcode rc, char *buf, size_t size)
{
	long oserr = 0;

	if (t->easy)
		curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &oserr);
	return rw_fetch_curl_detail(rc, oserr, t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc), 1, buf, size);
}

static void
describe(rw_fetcher *f, struct transfer *t, CURLcode rc, long status, rw_fetch_result *r)
{
	char dbuf[CURL_ERROR_SIZE + 128];
	const char *detail = curl_detail(t, rc, dbuf, sizeof(dbuf));
	size_t n;

	if (t->refused_ip[0]) {
		int redirected = t->refused_url && strcmp(t->refused_url, t->url);
		snprintf(r->error, sizeof(r->error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %s%s" RW_REASON_WORD "%s%s%s, " RW_REASON_WORD
		         "; " RW_REASON_WORD, t->url, N_("refused to connect to"), t->refused_ip,
		         redirected ? " (" : "", redirected ? N_("a redirect to") : "", redirected ? " '" : "",
		         redirected ? t->refused_url : "", redirected ? "')" : "",
		         N_("an address inside this computer or its network (a feed may not make repwatch reach there)"),
		         t->flags & RW_FETCH_ALLOW_PRIVATE ? N_("allow_private = yes vouches for the source's own host only")
		         : N_("if this source is on your own network on purpose, add allow_private = yes to its [source] section"));
		return;
	}
	switch (rc) {
	case CURLE_OK:
		if (status >= 400) {
			n = (size_t)snprintf(r->error, sizeof(r->error), URL_OPEN "%s" URL_CLOSE "HTTP %ld " RW_REASON_WORD, t->url, status,
			                     status_words(status));
			if (t->retry_after && n < sizeof(r->error))
				snprintf(r->error + n, sizeof(r->error) - n, " (Retry-After: %s)", t->retry_after);
		} else {
			snprintf(r->error, sizeof(r->error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %ld", t->url, N_("unexpected HTTP status"),
			         status);
		}
		break;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED)
			snprintf(r->error, sizeof(r->error),
			         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %zu KiB " RW_REASON_WORD,
			         t->url, N_("the document is larger than the"), f->s.max_size >> 10,
			         N_("limit and was abandoned (raise [fetch] max_size if the source is genuine)"));
		else
			snprintf(r->error, sizeof(r->error), URL_OPEN "%s" URL_CLOSE "%s", t->url, detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " (%s)", t->url, N_("the server was too slow and the transfer was abandoned"),
		         detail);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD, t->url, N_("unknown host name (check the address, or the Internet connection)"));
		break;
	case CURLE_COULDNT_CONNECT:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("cannot connect (the site may be down, or the network unreachable)"), detail);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %ld; " RW_REASON_WORD ")", t->url, N_("too many redirects (more than"),
		         f->s.max_redirects, N_("a redirect loop?"));
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		if (!strncasecmp(t->url, "https:", 6)) {
			snprintf(r->error, sizeof(r->error),
			         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s",
			         t->url, N_("refused to follow a redirect away from https (only https is followed from a secure address)"), detail);
			break;
		}
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s",
		         t->url, N_("refused to follow a redirect to a non-web address (only http and https are followed)"), detail);
		break;
	case CURLE_PARTIAL_FILE:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("the connection closed before the whole document arrived"), detail);
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("the connection broke during the transfer"), detail);
		break;
	case CURLE_OUT_OF_MEMORY:
		/* libcurl also says this when one header line passes its own
		 * 100 KiB limit; a status line having arrived tells the two apart */
		if (status > 0)
			snprintf(r->error, sizeof(r->error),
			         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD, t->url,
			         N_("the server sent a header line longer than 100 KiB (a broken or hostile server); abandoned"));
		else
			snprintf(r->error, sizeof(r->error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("out of memory"), detail);
		break;
	case CURLE_BAD_CONTENT_ENCODING:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("the server sent a broken compressed body"), detail);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("secure connection failed (certificate or TLS problem)"), detail);
		break;
	default:
		if (t->headers_too_big)
			snprintf(r->error, sizeof(r->error),
			         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %zu KiB " RW_REASON_WORD,
			         t->url, N_("the server sent more than"), f->s.max_header_size >> 10,
			         N_("of headers; abandoned (raise [fetch] max_header_size if the source is genuine)"));
		else
			snprintf(r->error, sizeof(r->error), URL_OPEN "%s" URL_CLOSE "%s", t->url, detail);
		break;
	}
	if (rc == CURLE_WRITE_ERROR && t->headers_too_big)
		snprintf(r->error, sizeof(r->error),
		         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %zu KiB " RW_REASON_WORD,
		         t->url, N_("the server sent more than"), f->s.max_header_size >> 10,
		         N_("of headers; abandoned (raise [fetch] max_header_size if the source is genuine)"));
}

static void
unlink_active(rw_fetcher *f, struct transfer *t)
{
	if (t->prev_active)
		t->prev_active->next_active = t->next_active;
	else
		f->active = t->next_active;
	if (t->next_active)
		t->next_active->prev_active = t->prev_active;
	t->prev_active = t->next_active = NULL;
}

static void
finish(rw_fetcher *f, struct transfer *t, CURLcode rc, rw_fetch_done_fn done, void *data)
{
	rw_fetch_result r;
	long status = 0, connects = 0;
	char *eff = NULL;
	double secs = 0;

	memset(&r, 0, sizeof(r));
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &secs);
	r.url = t->url;
	r.user = t->user;
	r.status = status;
	r.seconds = secs;
	r.effective_url = eff;
	r.content_type = t->content_type;
	r.etag = t->etag_in;
	r.last_modified = t->lm_in;
	r.retry_after = t->retry_after;
	r.headers = t->headers.data;
	if (rc == CURLE_OK && status == 304) {
		r.ok = 1;
		r.not_modified = 1;
	} else if (rc == CURLE_OK && status >= 200 && status < 300) {
		r.ok = 1;
	}
	if (r.ok && !r.not_modified) {
		r.len = t->body.len;
		r.body = rw_buf_steal(&t->body);
	}
	if (rc == CURLE_OK && (status == 429 || status == 503) && t->retry_after) {
		r.retry_until = rw_fetch_retry_after(t->retry_after, (int64_t)time(NULL), f->s.max_retry_after);
		if (r.retry_until) {
			char why[64];
			snprintf(why, sizeof(why), "HTTP %ld", status);
			rw_fetcher_hold_host(f, t->host, r.retry_until, why);
		}
	}
	if (!r.ok)
		describe(f, t, rc, status, &r);
	if (!r.ok && rc == CURLE_OK && status >= 400)
		r.error_body = t->body.data;
	curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
	rw_log(RW_LOG_DEBUG, "net", "%s: curl %d, HTTP %ld, %zu bytes, %.3f s, %s connection%s%s", t->url,
	       (int)rc, status, r.len, secs, connects ? "new" : "reused", r.ok ? "" : ": ", r.ok ? "" : r.error);
	done(&r, data);
	free(r.body);
}

/* The path of a file:// url, decoded; NULL when it names another host. */
static char *
file_path(const char *url)
{
	CURLU *u = curl_url();
	char *p = NULL, *h = NULL, *out = NULL;

	if (u && !curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) &&
	    !curl_url_get(u, CURLUPART_PATH, &p, CURLU_URLDECODE) && p && p[0] == '/') {
		if (curl_url_get(u, CURLUPART_HOST, &h, 0) || !h || !*h || !strcasecmp(h, "localhost"))
			out = strdup(p);
	}
	curl_free(p);
	curl_free(h);
	curl_url_cleanup(u);
	return out;
}

/* A file:// source, read here rather than by libcurl: opened without
 * blocking (a FIFO would hold the scan), and only when it is a regular
 * file, at most max_size bytes. */
static void
read_local(rw_fetcher *f, struct transfer *t, rw_fetch_done_fn done, void *data)
{
	rw_fetch_result r;
	char *path = file_path(t->url);
	struct stat sb;
	rw_buf b;
	int fd = -1;

	memset(&r, 0, sizeof(r));
	r.url = t->url;
	r.user = t->user;
	r.effective_url = t->url;
	rw_buf_init(&b, f->s.max_size);
	if (!path) {
		snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD, t->url,
		         N_("not a local file address (file:///absolute/path)"));
	} else if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0) {
		snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("cannot open the file"),
		         strerror(errno));
	} else if (fstat(fd, &sb) < 0) {
		snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("cannot read the file"),
			         strerror(errno));
	} else if (!S_ISREG(sb.st_mode)) {
		snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " " RW_REASON_WORD "); " RW_REASON_WORD, t->url,
		         N_("not a regular file (a"),
		         S_ISDIR(sb.st_mode) ? N_("folder") : S_ISFIFO(sb.st_mode) ? N_("named pipe") : N_("device or socket"),
		         N_("a file:// source must be a file"));
	} else {
		char chunk[65536];
		ssize_t n;
		int too_big = 0;
		while ((n = read(fd, chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR))
			if (n > 0 && rw_buf_add(&b, chunk, (size_t)n) < 0) {
				too_big = 1;
				break;
			}
		if (too_big)
			snprintf(r.error, sizeof(r.error),
			         URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %zu KiB " RW_REASON_WORD,
			         t->url, N_("the document is larger than the"), f->s.max_size >> 10,
			         N_("limit and was abandoned (raise [fetch] max_size if the source is genuine)"));
		else if (n < 0)
			snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD COLON "%s", t->url, N_("cannot read the file"),
			         strerror(errno));
		else
			r.ok = 1;
	}
	if (fd >= 0)
		close(fd);
	free(path);
	if (r.ok) {
		r.status = 200;
		r.len = b.len;
		r.body = rw_buf_steal(&b);
		if (!r.body && (r.body = strdup("")) == NULL) {
			r.ok = 0;
			snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD, t->url, N_("out of memory"));
		}
	}
	rw_buf_free(&b);
	{
		char why[1536];
		rw_log(RW_LOG_DEBUG, "net", "%s: %s", t->url, r.ok ? "read" : rw_reason_render(r.error, 1, why, sizeof(why)));
	}
	done(&r, data);
	free(r.body);
}

/* t is not requested: its host asked to wait (h). */
static void
postpone(struct transfer *t, const struct hold *h, rw_fetch_done_fn done, void *data)
{
	rw_fetch_result r;
	char when[32];

	memset(&r, 0, sizeof(r));
	r.url = t->url;
	r.user = t->user;
	r.postponed = 1;
	r.retry_until = h->until;
	snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD " %s " RW_REASON_WORD " %s (Retry-After)", t->url,
	         N_("not requested: the site answered"), h->why, N_("and asked for no request before"),
	         rw_date_format(h->until, when, sizeof(when)));
	{
		char why[1536];
		rw_log(RW_LOG_DEBUG, "net", "%s", rw_reason_render(r.error, 1, why, sizeof(why)));
	}
	done(&r, data);
}

int
rw_fetcher_run(rw_fetcher *f, rw_fetch_done_fn done, void *data,
               volatile sig_atomic_t *stop, rw_err *err)
{
	int still = 0, finished;

	for (;;) {
		CURLMsg *m;
		int left;
		CURLMcode mc;

		/* Start what the limits allow.  The per-host limit is kept here,
		 * not left to libcurl's queue, because a transfer's timeout runs
		 * from the moment it is handed to libcurl. */
		{
			struct transfer *t = f->queue, *prev = NULL;
			while (t && f->running < (size_t)f->s.concurrency) {
				struct transfer *next = t->next;
				const struct hold *h = held(f, t->host);
				if (!h && active_on_host(f, t->host) >= (size_t)f->s.per_host) {
					prev = t;
					t = next;
					continue;
				}
				if (prev)
					prev->next = next;
				else
					f->queue = next;
				if (f->queue_tail == t)
					f->queue_tail = prev;
				t->next = NULL;
				if (h) {
					postpone(t, h, done, data);
					transfer_free(t);
				} else if ((t->flags & RW_FETCH_ALLOW_FILE) && !strncasecmp(t->url, "file:", 5)) {
					read_local(f, t, done, data);
					transfer_free(t);
				} else if (start(f, t) < 0) {
					rw_fetch_result r;
					memset(&r, 0, sizeof(r));
					r.url = t->url;
					r.user = t->user;
					snprintf(r.error, sizeof(r.error), URL_OPEN "%s" URL_CLOSE RW_REASON_WORD, t->url,
					         N_("cannot start the transfer (out of memory?)"));
					done(&r, data);
					transfer_free(t);
				}
				t = next;
			}
		}
		if (stop && *stop)
			return rw_err_set(err, RW_E_INTR, "interrupted");
		mc = curl_multi_perform(f->multi, &still);
		if (mc != CURLM_OK)
			return rw_err_set(err, RW_E_NET, "libcurl: %s", curl_multi_strerror(mc));
		finished = 0;
		while ((m = curl_multi_info_read(f->multi, &left))) {
			struct transfer *t = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			finished++;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
			curl_multi_remove_handle(f->multi, m->easy_handle);
			unlink_active(f, t);
			f->running--;
			finish(f, t, m->data.result, done, data);
			transfer_free(t);
		}
		if (!f->running && !f->queue)
			break;
		if (stop && *stop)
			return rw_err_set(err, RW_E_INTR, "interrupted");
		/* slots were freed: start the queued transfers now, not after a poll
		 * that has nothing to wait for */
		if (finished && f->queue && f->running < (size_t)f->s.concurrency)
			continue;
		mc = curl_multi_poll(f->multi, NULL, 0, 200, NULL);
		if (mc != CURLM_OK)
			return rw_err_set(err, RW_E_NET, "libcurl: %s", curl_multi_strerror(mc));
		if (f->idle)
			f->idle(f->idle_data);
	}
	return RW_OK;
}

void
rw_fetcher_set_idle(rw_fetcher *f, rw_fetch_idle_fn fn, void *data)
{
	f->idle = fn;
	f->idle_data = data;
}

void
rw_fetcher_wakeup(rw_fetcher *f)
{
	if (f && f->multi)
		curl_multi_wakeup(f->multi);
}

void
rw_fetcher_free(rw_fetcher **fp)
{
	rw_fetcher *f;

	if (!fp || !*fp)
		return;
	f = *fp;
	while (f->active) {          /* transfers abandoned by an interruption */
		struct transfer *t = f->active;
		curl_multi_remove_handle(f->multi, t->easy);
		unlink_active(f, t);
		transfer_free(t);
	}
	if (f->multi)
		curl_multi_cleanup(f->multi);
	while (f->queue) {
		struct transfer *t = f->queue;
		f->queue = t->next;
		transfer_free(t);
	}
	while (f->nholds--) {
		free(f->holds[f->nholds].host);
		free(f->holds[f->nholds].why);
	}
	free(f->holds);
	free(f->proxies);
	free(f->ca_file);
	free(f->user_agent);
	free(f);
	*fp = NULL;
}

static void
take_reply(rw_fetch_result *r, void *data)
{
	rw_fetch_reply *out = data;

	out->ok = r->ok && !r->not_modified;
	out->status = r->status;
	out->retry_until = r->retry_until;
	snprintf(out->error, sizeof(out->error), "%s", r->error);
	out->retry_after = r->retry_after ? strdup(r->retry_after) : NULL;
	if (r->body) {
		out->body = r->body;
		out->len = r->len;
		r->body = NULL;
	} else if (r->error_body) {
		out->body = strdup(r->error_body);
		out->len = out->body ? strlen(out->body) : 0;
	}
}

int
rw_fetch_once(const rw_fetch_settings *s, const char *url, const char *const *headers, const char *post,
              unsigned flags, volatile sig_atomic_t *stop, rw_fetch_reply *out, rw_err *err)
{
	rw_fetcher *f;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(f = rw_fetcher_new(s, err)))
		return err ? err->code : RW_E_INTERNAL;
	if (rw_fetcher_add_request(f, url, headers, post, flags, NULL) < 0) {
		rw_fetcher_free(&f);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	rc = rw_fetcher_run(f, take_reply, out, stop, err);
	rw_fetcher_free(&f);
	return rc;
}

void
rw_fetch_reply_clear(rw_fetch_reply *r)
{
	if (!r)
		return;
	if (r->body)
		explicit_bzero(r->body, r->len);   /* a token endpoint's answer holds secrets */
	free(r->body);
	free(r->retry_after);
	memset(r, 0, sizeof(*r));
}
