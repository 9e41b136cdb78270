/* SPDX-License-Identifier: MIT */
/* cmd-digest.c - `repwatch digest`: print or send the summary e-mail. */
#include "cli.h"
#include "date.h"
#include "digest.h"
#include "digestrun.h"
#include "i18n.h"
#include "log.h"
#include "mail.h"
#include "schedule.h"
#include "secret.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CATCH_UP_MAX (31 * 86400)   /* --send after a long pause covers at most this */

static void
digest_usage(FILE *fp)
{
	fputs(_("usage: repwatch digest --print [--format text|html|mime] [--since 7d] [--if-due]\n"
	        "       repwatch digest --send [--since 7d] [--if-due]\n\n"
	        "Summarise what changed: new, edited and deleted reviews, misinformation with\n"
	        "its correction, news and social media, sources that keep failing.\n\n"
	        "  -p, --print         print the digest on stdout (text by default)\n"
	        "      --format FMT    text, html, or mime (the whole e-mail message)\n"
	        "  -S, --send          send it by e-mail as set in [digest] of the configuration\n"
	        "      --since AGE     the period: 7d (default), 36h, 2w; --send without --since\n"
	        "                      starts where the last sent digest ended\n"
	        "      --if-due        only when the configured slot ([digest] day, hour) has passed\n"
	        "                      and no digest was sent since; for a daily cron job\n\n"
	        "A digest is marked sent only once the server accepted it; a failed send\n"
	        "exits with 1 and is tried again by the next call.\n"), fp);
}

/* "7d", "36h", "2w", "90m", "45s", "7" (days), "2 semaines" (date.h) ->
 * seconds; -1 when malformed, zero or over ten years. */
static int64_t
parse_age(const char *s)
{
	int64_t n;

	if (rw_duration_parse(s, 86400, &n) < 0 || n <= 0 || n > 3650L * 86400)
		return -1;
	return n;
}

/* The password: from password_file when set (it must not be readable by
 * others), else from the configuration when that file is private.  NULL
 * with a message on stderr when it must not be used. */
static int
read_password(const rw_config *cfg, char **out)
{
	const rw_digest_settings *d = &cfg->digest;

	rw_err e = { 0 };

	*out = NULL;
	if (d->password_file) {
		if (rw_secret_read_file(d->password_file, out, &e)) {
			cli_error("%s", e.msg);
			return -1;
		}
		return 0;
	}
	if (d->password) {
		if (!d->password_private) {
			cli_error(_("'%s' is readable by other users, so its [digest] password is not used: "
			            "run chmod 600 '%s', or put the password in a file named by password_file"),
			          cfg->path, cfg->path);
			return -1;
		}
		*out = strdup(d->password);
		return *out ? 0 : -1;
	}
	return 0;
}

static void
first_address_cb(const char *addr, void *data)
{
	char **out = data;

	if (!*out)
		*out = strdup(addr);
}

static int
send_digest(struct cli *c, const rw_config *cfg, rw_store *store, const rw_digest *d,
            int64_t since, int64_t now)
{
	const rw_digest_settings *ds = &cfg->digest;
	char *from = NULL, *subject = NULL, *text = NULL, *html = NULL, *msg = NULL, *mid = NULL,
	     *password = NULL;
	rw_mail_headers h;
	rw_smtp smtp;
	rw_err err = { 0 };
	int rc = EXIT_USAGE, st;

	if (!ds->to) {
		cli_error(_("no recipient: add to = ADDRESS to the [digest] section of '%s'"), cfg->path);
		return EXIT_USAGE;
	}
	if (!ds->server) {
		cli_error(_("no mail server: add server = smtp://HOST:587 to the [digest] section of '%s'"), cfg->path);
		return EXIT_USAGE;
	}
	if (ds->from)
		rw_mail_each_address(ds->from, first_address_cb, &from);
	else
		rw_mail_each_address(ds->to, first_address_cb, &from);
	if (!from || read_password(cfg, &password) < 0)
		goto out;
	subject = rw_digest_subject(d);
	text = rw_digest_text(d);
	html = rw_digest_html(d);
	mid = rw_mail_message_id(from, now);
	if (!subject || !text || !html || !mid) {
		cli_error(_("cannot build the digest: out of memory"));
		rc = EXIT_STORE;
		goto out;
	}
	memset(&h, 0, sizeof(h));
	h.from = from;
	h.from_name = "repwatch";
	h.to = ds->to;
	h.subject = subject;
	h.message_id = mid;
	h.date = now;
	if (!(msg = rw_mail_build_alternative(&h, text, html, &err))) {
		cli_error("%s", err.msg);
		rc = EXIT_STORE;
		goto out;
	}
	memset(&smtp, 0, sizeof(smtp));
	smtp.server = ds->server;
	smtp.user = ds->user;
	smtp.password = password;
	smtp.from = from;
	smtp.to = ds->to;
	st = rw_mail_send(&smtp, msg, strlen(msg), &err);
	if (st != RW_OK) {
		rw_err rec = { 0 };
		cli_error(_("the digest was not sent: %s; the next 'repwatch digest --send' tries again"), err.msg);
		rw_store_digest_record(store, now, since, now, 0, mid, ds->to, err.msg, &rec);
		rc = st == RW_E_USAGE ? EXIT_USAGE : EXIT_SOURCES;
		goto out;
	}
	/* the server has it: from here on it counts as sent */
	if (rw_store_digest_record(store, now, since, now, 1, mid, ds->to, NULL, &err)) {
		cli_error(_("the digest was sent but could not be recorded: %s"), err.msg);
		rc = EXIT_STORE;
		goto out;
	}
	if (c->verbose)
		fprintf(stderr, _("repwatch: digest sent to %s\n"), ds->to);
	rc = EXIT_FINE;
out:
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	free(from);
	free(subject);
	free(text);
	free(html);
	free(msg);
	free(mid);
	return rc;
}

int
cmd_digest(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "print", no_argument, NULL, 'p' },
		{ "send", no_argument, NULL, 'S' },
		{ "since", required_argument, NULL, 's' },
		{ "if-due", no_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text";
	int opt, print = 0, send = 0, if_due = 0, rc = EXIT_FINE;
	int64_t age = -1, now = (int64_t)time(NULL), since, sent_at = 0, until = 0;
	rw_err err = { 0 }, problem = { 0 };
	rw_digest *d = NULL;
	rw_config *cfg;
	rw_store *store;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "pSh", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': print = 1; break;
		case 'S': send = 1; break;
		case 'i': if_due = 1; break;
		case 'f': format = optarg; break;
		case 's':
			if ((age = parse_age(optarg)) < 0) {
				cli_error(_("--since: '%s' is not an age such as 7d, 36h or 2w"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': digest_usage(stdout); return EXIT_FINE;
		default: digest_usage(stderr); return EXIT_USAGE;
		}
	}
	if (print == send || optind < argc) {
		digest_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(format, "text") && strcmp(format, "html") && strcmp(format, "mime")) {
		cli_error(_("--format: '%s' is not text, html or mime"), format);
		return EXIT_USAGE;
	}
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	if (!(store = cli_open_store(c))) {
		rw_config_free(&cfg);
		return EXIT_STORE;
	}
	if (rw_store_digest_last_sent(store, &sent_at, &until, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_STORE;
		goto out;
	}
	if (if_due) {
		int64_t slot = rw_schedule_last_slot(cfg->digest.day, cfg->digest.hour, now);
		if (sent_at >= slot) {
			if (c->verbose)
				fprintf(stderr, _("repwatch: no digest due: the last one was sent after the last slot\n"));
			goto out;
		}
	}
	if (age > 0)
		since = now - age;
	else if (send && until > 0 && now - until <= CATCH_UP_MAX)
		since = until;
	else
		since = now - 7 * 86400;
	d = rw_digestrun_collect(cfg, store, since, now, cli_lang(), &problem, &err);
	if (problem.code)
		cli_warn("%s", problem.msg);
	if (!d) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	if (send) {
		rc = send_digest(c, cfg, store, d, since, now);
	} else {
		char *out = NULL;
		if (!strcmp(format, "html")) {
			out = rw_digest_html(d);
		} else if (!strcmp(format, "text")) {
			out = rw_digest_text(d);
		} else {
			char *subject = rw_digest_subject(d), *text = rw_digest_text(d), *html = rw_digest_html(d);
			const char *to = cfg->digest.to ? cfg->digest.to : "nobody@example.invalid";
			char *from = NULL, *mid;
			rw_mail_headers h;
			rw_mail_each_address(cfg->digest.from ? cfg->digest.from : to, first_address_cb, &from);
			mid = rw_mail_message_id(from, now);
			memset(&h, 0, sizeof(h));
			h.from = from ? from : to;
			h.from_name = "repwatch";
			h.to = to;
			h.subject = subject;
			h.message_id = mid;
			h.date = now;
			if (subject && text && html && mid)
				out = rw_mail_build_alternative(&h, text, html, &err);
			free(subject);
			free(text);
			free(html);
			free(from);
			free(mid);
		}
		if (!out) {
			cli_error(_("cannot build the digest: %s"), err.msg[0] ? err.msg : _("out of memory"));
			rc = EXIT_STORE;
		} else {
			fputs(out, stdout);
			if (fflush(stdout) || ferror(stdout)) {
				cli_error(_("cannot write the digest: %s"), strerror(errno));
				rc = EXIT_STORE;
			}
			free(out);
		}
	}
out:
	rw_digest_free(&d);
	rw_store_close(&store);
	rw_config_free(&cfg);
	return rc;
}
