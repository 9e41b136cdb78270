/* SPDX-License-Identifier: MIT */
/* cmd-scan.c - `repwatch scan`: one scan, quiet for cron, a summary for people. */
#include "cli.h"
#include "i18n.h"
#include "scan.h"
#include "date.h"
#include "notify.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct scan_ui {
	struct cli *c;
	int progress;          /* draw a progress line on stderr */
	int failures_shown;
	int every_failure;     /* a person is watching (terminal or -v): name every
	                          failure and postponement, not only the ones that
	                          reached [fetch] report_after */
};

static void
clear_progress(struct scan_ui *ui)
{
	if (ui->progress)
		fputs("\r\033[K", stderr);
}

static void
on_event(const rw_scan_event *ev, void *data)
{
	struct scan_ui *ui = data;

	const char *name = ev->source_name ? ev->source_name : ev->source_url;
	char why[1536];

	rw_reason_render(ev->error, 1, why, sizeof(why));   /* fetch.c marks its phrases */

	if (ev->type == RW_EV_SOURCE_FAILED && (ev->report || ui->every_failure)) {
		clear_progress(ui);
		if (ev->report && ev->failures > 1)
			cli_warn(_("source '%s' has failed %d scans in a row: %s"), name, ev->failures, why);
		else if (ev->failures > 1)
			cli_warn(_("source '%s' failed (%d scans in a row): %s"), name, ev->failures, why);
		else
			cli_warn(_("source '%s' failed: %s"), name, why);
		ui->failures_shown++;
	}
	if (ev->type == RW_EV_SOURCE_POSTPONED && ui->every_failure) {
		char until[64];
		clear_progress(ui);
		cli_warn(_("source '%s' postponed until %s: %s"), name,
		         rw_when_format(ev->until, RW_WHEN_TIME, until, sizeof(until)), why);
	}
	if (ui->progress && ev->type != RW_EV_MENTION) {
		fputc('\r', stderr);
		fprintf(stderr, _("[%zu/%zu] scanning... %.50s"), ev->done, ev->total,
		        cli_safe(ev->source_name ? ev->source_name : ev->source_url));
		fputs("\033[K", stderr);
		fflush(stderr);
	}
}

/* On a terminal the summary names at most this many mentions; the rest
 * are one 'repwatch list' away.  Redirected, it names every one. */
#define TTY_SUMMARY_CAP 20

struct summary_list {
	FILE *out;
	size_t printed, more, cap;   /* cap 0: no cap */
};

static int
print_change(const rw_mention *m, void *data)
{
	char date[64];
	struct summary_list *sl = data;
	FILE *out = sl->out;
	const char *change = cli_word(m->last_change), *category = cli_word(m->category);

	if (sl->cap && sl->printed >= sl->cap) {
		sl->more++;
		return 0;
	}
	sl->printed++;
	fprintf(out, "  %-*s #%-5lld %-*s", cli_cols(change, 8), change, (long long)m->id,
	        cli_cols(category, 14), category);
	if (m->rating >= 0)
		fprintf(out, " %g/%g", m->rating, m->rating_best > 0 ? m->rating_best : 5);
	fprintf(out, " %s", m->title && *m->title ? cli_safe(m->title) : _("(no title)"));
	if (m->published != INT64_MIN)
		fprintf(out, " (%s)", rw_when_format(m->published, 0, date, sizeof(date)));
	fputc('\n', out);
	if (m->link)
		fprintf(out, "           %s\n", cli_safe(m->link));
	return 0;
}

/* --notify: one desktop notification for what this scan found.  Whatever
 * happens here, the scan's exit code stays what the scan made it. */
static void
notify_after_scan(const rw_config *cfg, rw_store *store, int64_t scan_id)
{
	rw_notifier *n = rw_notifier_new(&cfg->notify, cfg->notify.wait > 0, "repwatch");
	rw_notify_outcome o;
	rw_err err = { 0 }, problem = { 0 };
	rw_myths *myths;

	if (!n)
		return;
	/* a myth is shown by its claim (the notifier borrows the catalogue) */
	myths = rw_myths_load_default(&problem);
	if (problem.code)
		cli_warn(_("notifications: %s"), problem.msg);
	rw_notifier_set_myths(n, myths);
	if (rw_notifier_queue_scan(n, store, scan_id, (int64_t)time(NULL), &err) ||
	    rw_notifier_flush(n, store, (int64_t)time(NULL), &o, &err))
		cli_warn(_("notifications: %s"), err.msg);
	else if (o.shown)
		rw_notifier_wait(n, (int)cfg->notify.wait);
	rw_notifier_free(&n);
	rw_myths_free(&myths);
}

static void
scan_usage(FILE *fp)
{
	fputs(_("usage: repwatch scan [-v|--verbose] [-s|--summary] [--force] [--wait SECONDS] [--notify]\n\n"
	        "Fetch every source of the configuration, find mentions of the practitioner,\n"
	        "store them and report what is new, changed or gone since the last scan.\n\n"
	        "For cron, quiet unless something needs attention: a source that failed\n"
	        "fewer than [fetch] report_after scans in a row (default 3) is retried\n"
	        "silently; when it reaches that many it is named on stderr, once.  On a\n"
	        "terminal or with -v every failure and postponement is named.\n"
	        "A site that answered 429 or 503 with Retry-After gets no request before\n"
	        "the time it gave; a source that keeps failing waits longer between tries\n"
	        "(15 min after the 2nd failure in a row, doubling, at most 1 day).\n\n"
	        "A configuration with no source is an error (exit 2), also with -q.\n\n"
	        "  -v, --verbose     the summary, and every failure and postponement named\n"
	        "  -s, --summary     print the summary even when not on a terminal (on a\n"
	        "                    terminal it names at most 20 mentions: repwatch list)\n"
	        "      --force       also try sources that are waiting after failures\n"
	        "                    (a site's Retry-After is still honoured)\n"
	        "      --wait SECS   wait this long for another running scan (default 30)\n"
	        "  -n, --notify      show a desktop notification of what is new ([notify] in\n"
	        "                    the configuration: news, quiet_hours, wait, titles)\n\n"
	        "Exit codes: 0 fine (failures below the threshold and postponed sources\n"
	        "included); 1 a source failed in this scan and has now failed report_after\n"
	        "scans in a row or more; 3 the database refused; 4 another scan is running;\n"
	        "130 interrupted by a signal (what completed is stored).\n"), fp);
}

static void
on_signal(int sig)
{
	(void)sig;
	cli_stop = 1;
}

int
cmd_scan(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "summary", no_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "wait", required_argument, NULL, 'w' },
		{ "force", no_argument, NULL, 'f' },
		{ "notify", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_ui ui;
	struct sigaction sa;
	rw_scan_opts so;
	rw_scan_report rep;
	rw_err err = { 0 };
	rw_config *cfg;
	rw_store *store;
	int opt, rc, summary = c->verbose > 0 || c->tty, notify = 0;

	optind = 0;
	memset(&so, 0, sizeof(so));
	while ((opt = getopt_long(argc, argv, "svnh", opts, NULL)) != -1) {
		switch (opt) {
		case 's': summary = 1; break;
		case 'v': c->verbose++; summary = 1; break;
		case 'n': notify = 1; break;
		case 'w': so.lock_wait = atoi(optarg); break;
		case 'f': so.ignore_backoff = 1; break;
		case 'h': scan_usage(stdout); return EXIT_FINE;
		default: scan_usage(stderr); return EXIT_USAGE;
		}
	}
	if (c->quiet)
		summary = 0;
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	if (!cfg->nsources) {
		/* said even with -q: under cron, a scan of nothing is not success */
		cli_error(_("'%s' names no source: add [source NAME] sections with url = ..."), cfg->path);
		rw_config_free(&cfg);
		return EXIT_USAGE;
	}
	if (!(store = cli_open_store(c))) {
		rw_config_free(&cfg);
		return EXIT_STORE;
	}
	memset(&ui, 0, sizeof(ui));
	ui.c = c;
	ui.progress = c->tty && !c->quiet;
	ui.every_failure = (c->tty || c->verbose > 0) && !c->quiet;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	so.stop = &cli_stop;
	so.on_event = on_event;
	so.data = &ui;
	rc = rw_scan_run(cfg, store, &so, &rep, &err);
	clear_progress(&ui);
	if (rc == RW_E_INTR) {
		cli_error(_("scan interrupted by a signal; transfers stopped, %zu of %zu sources were read and stored"),
		          rep.sources_ok, rep.sources);
	} else if (rc) {
		cli_error("%s", err.msg);
	}
	if (summary && rep.scan_id) {
		rw_mention_filter f;
		struct summary_list sl = { stdout, 0, 0, isatty(STDOUT_FILENO) ? TTY_SUMMARY_CAP : 0 };
		if (rep.sources_postponed)
			printf(_("%zu sources: %zu read, %zu unchanged, %zu failed, %zu postponed; %zu new, %zu changed, %zu gone\n"),
			       rep.sources, rep.sources_ok - rep.not_modified, rep.not_modified, rep.sources_failed,
			       rep.sources_postponed, rep.mentions_new, rep.mentions_changed, rep.mentions_gone);
		else
			printf(_("%zu sources: %zu read, %zu unchanged, %zu failed; %zu new, %zu changed, %zu gone\n"),
			       rep.sources, rep.sources_ok - rep.not_modified, rep.not_modified, rep.sources_failed,
			       rep.mentions_new, rep.mentions_changed, rep.mentions_gone);
		memset(&f, 0, sizeof(f));
		f.scan_id = rep.scan_id;
		rw_store_each_mention(store, &f, print_change, &sl, NULL);
		if (sl.more)
			printf(ngettext("  ... and %zu more: repwatch list\n",
			                 "  ... and %zu more: repwatch list\n", sl.more), sl.more);
	}
	if (notify && rc == RW_OK && rep.scan_id)
		notify_after_scan(cfg, store, rep.scan_id);
	rw_store_close(&store);
	rw_config_free(&cfg);
	if (rc)
		return cli_exit_for(rc);
	/* Exit 1 only for failures that reached the threshold: a blip below it
	 * is retried next scan and says nothing to cron, and a postponed source
	 * is not a failure. */
	return rep.sources_failing ? EXIT_SOURCES : EXIT_FINE;
}
