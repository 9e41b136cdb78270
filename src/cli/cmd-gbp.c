/* SPDX-License-Identifier: MIT */
/* cmd-gbp.c - `repwatch sources add --google-business`: the owner's
 * consent in her browser, her choice of listing, the source written; and
 * the revocation `sources rm` asks for.  The protocol is in the core
 * (oauth.h, gbp.h); this file only talks to the person. */
#include "cli.h"
#include "conffile.h"
#include "fetch.h"
#include "gbp.h"
#include "gbpadd.h"
#include "i18n.h"
#include "oauth.h"

#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void
gbp_usage(FILE *fp)
{
	fputs(_("usage: repwatch sources add --google-business --client-file FILE [--location NAME]\n"
	        "                            [--name NAME] [--no-browser] [--timeout SECONDS]\n\n"
	        "Read the reviews of your own Google Business Profile listing through Google's API.\n"
	        "FILE is the JSON of an OAuth client of type \"Desktop app\" that you create in\n"
	        "your Google Cloud project (with the Business Profile APIs enabled).  repwatch\n"
	        "shows an address to open (and opens it when there is a display); you sign in\n"
	        "with the account that owns the listing and allow access; the browser comes back\n"
	        "to repwatch on 127.0.0.1.  The refresh token is kept in a file only you can read\n"
	        "($XDG_DATA_HOME/repwatch/secrets/).  --location: the listing\n"
	        "(accounts/A/locations/L, or its number or title in the list shown).\n"
	        "--timeout: seconds to wait for the browser (300).\n"
	        "--api-base, --auth-url, --token-url, --revoke-url: other addresses than Google's\n"
	        "(a stand-in server for tests; with --allow-private when on this machine).\n"), fp);
}

/* Open url in the desktop's browser, without waiting for it; 0 when started. */
static int
open_browser(const char *url)
{
	char *argv[] = { "xdg-open", (char *)url, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc;

	if (posix_spawn_file_actions_init(&fa))
		return -1;
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", 1, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", 1, 0);
	rc = posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return -1;
	waitpid(pid, &rc, WNOHANG);   /* xdg-open may keep running; reaped when it exits or at our exit */
	return 0;
}

/* The listing the owner chooses: --location (a resource name, a number
 * in the list, or a title), the only one, or a number typed in. */
static const rw_gbp_location *
choose(const rw_gbp_location *l, size_t n, const char *want)
{
	char line[64];
	size_t i;

	if (want) {
		char *end;
		unsigned long k = strtoul(want, &end, 10);
		if (!*end && k >= 1 && k <= n)
			return &l[k - 1];
		for (i = 0; i < n; i++)
			if (!strcmp(l[i].name, want) || (l[i].title && !strcmp(l[i].title, want)))
				return &l[i];
		cli_error(_("no listing '%s' among those this account can read"), want);
	}
	if (n == 1 && !want)
		return &l[0];
	printf(_("Listings this account can read:\n"));
	for (i = 0; i < n; i++) {
		printf("  %zu. %s%s%s  (%s)\n", i + 1, cli_safe(l[i].title ? l[i].title : l[i].name),
		       l[i].address ? ", " : "", l[i].address ? cli_safe(l[i].address) : "", cli_safe(l[i].name));
	}
	if (want)
		return NULL;
	printf(_("Number of the listing to follow: "));
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin)) {
		unsigned long k = strtoul(line, NULL, 10);
		if (k >= 1 && k <= n)
			return &l[k - 1];
	}
	cli_error(_("no listing chosen (give one with --location)"));
	return NULL;
}

int
cli_sources_add_gbp(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "google-business", no_argument, NULL, 'G' },
		{ "client-file", required_argument, NULL, 'f' },
		{ "location", required_argument, NULL, 'l' },
		{ "name", required_argument, NULL, 'n' },
		{ "no-browser", no_argument, NULL, 'B' },
		{ "allow-private", no_argument, NULL, 'P' },
		{ "api-base", required_argument, NULL, 'a' },
		{ "auth-url", required_argument, NULL, 'A' },
		{ "token-url", required_argument, NULL, 'T' },
		{ "revoke-url", required_argument, NULL, 'R' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *client_file = NULL, *want_loc = NULL, *name = "google-business";
	const char *keys[4] = { NULL, NULL, NULL, NULL };   /* api_base, auth_url, token_url, revoke_url */
	static const char *const key_names[4] = { "api_base", "auth_url", "token_url", "revoke_url" };
	int opt, rc = EXIT_USAGE, no_browser = 0, allow_private = 0, saved = 0;
	long timeout = 300;
	rw_config *cfg = NULL;
	rw_conffile *f = NULL;
	rw_oauth_tokens client = { 0 };
	rw_oauth_client oc;
	rw_oauth_wait *w = NULL;
	rw_gbp_conf g = { 0 };
	rw_gbp_location *locs = NULL;
	const rw_gbp_location *loc;
	size_t nlocs = 0, i;
	rw_err err = { 0 };
	char *path = NULL, *comment = NULL, why[512];

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'G': break;
		case 'f': client_file = optarg; break;
		case 'l': want_loc = optarg; break;
		case 'n': name = optarg; break;
		case 'B': no_browser = 1; break;
		case 'P': allow_private = 1; break;
		case 'a': keys[0] = optarg; break;
		case 'A': keys[1] = optarg; break;
		case 'T': keys[2] = optarg; break;
		case 'R': keys[3] = optarg; break;
		case 't': timeout = strtol(optarg, NULL, 10); break;
		case 'h': gbp_usage(stdout); return EXIT_FINE;
		default: gbp_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc || !client_file) {
		gbp_usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < 4; i++)
		if (keys[i] && rw_gbp_check_key(key_names[i], keys[i], why, sizeof(why)) < 0) {
			cli_error("--%s: %s", i == 0 ? "api-base" : i == 1 ? "auth-url" : i == 2 ? "token-url" : "revoke-url",
			          why);
			return EXIT_USAGE;
		}
	if (rw_conffile_check_name(name, &err)) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	for (i = 0; i < cfg->nsources; i++)
		if (!strcmp(cfg->sources[i].name, name)) {
			cli_error(_("there is already a source named '%s': choose another --name"), name);
			goto out;
		}
	if (rw_oauth_client_file(client_file, &client, &err) != RW_OK) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	g.name = name;
	g.api_base = keys[0];
	g.auth_url = keys[1];
	g.token_url = keys[2];
	g.revoke_url = keys[3];
	g.fetch_flags = allow_private ? RW_FETCH_ALLOW_PRIVATE : 0;
	rw_gbp_client(&g, &client, &oc);
	if (!(w = rw_oauth_listen(&oc, &err))) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	printf(_("Open this address in your browser, sign in with the Google account that owns the listing, "
	         "and allow access:\n\n  %s\n\n"), rw_oauth_wait_url(w));
	printf(_("Waiting for the browser (at most %ld seconds)...\n"), timeout);
	fflush(stdout);
	if (!no_browser && (getenv("DISPLAY") || getenv("WAYLAND_DISPLAY")) && open_browser(rw_oauth_wait_url(w)) < 0)
		cli_warn(_("could not start a browser (xdg-open): open the address yourself"));
	if (rw_gbp_authorise(w, &g, &cfg->fetch, timeout, &cli_stop, &path, &err) != RW_OK) {
		cli_error("%s", err.msg);
		rc = err.code == RW_E_IO ? EXIT_STORE : cli_exit_for(err.code);
		goto out;
	}
	saved = 1;
	if (rw_gbp_locations(&g, &cfg->fetch, &cli_stop, &locs, &nlocs, &err) != RW_OK) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	if (!nlocs) {
		cli_error(_("this Google account can read no Business Profile listing: sign in with the account that "
		            "owns or manages yours"));
		goto out;
	}
	if (!(loc = choose(locs, nlocs, want_loc)))
		goto out;
	if (asprintf(&comment, _("Google Business Profile: the reviews of %s"), loc->title ? loc->title : loc->name) < 0) {
		comment = NULL;
		cli_error(_("out of memory"));
		goto out;
	}
	if (!(f = rw_conffile_open(c->config_path, &err)) || rw_gbpadd_source(f, &g, loc, comment, &err) ||
	    rw_conffile_save(f, &err)) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	if (!c->quiet) {
		printf(_("added source '%s': the Google reviews of %s\n"), name,
		       cli_safe(loc->title ? loc->title : loc->name));
		if (!loc->title)
			printf(_("Write subject = and her name in [source %s] so that its reviews count as hers.\n"), name);
	}
	saved = 0;     /* kept: the source uses it */
	rc = EXIT_FINE;
out:
	if (saved && path)
		rw_oauth_token_remove(path, NULL);
	rw_gbp_locations_free(&locs, nlocs);
	rw_oauth_wait_free(&w);
	rw_oauth_tokens_clear(&client);
	rw_conffile_free(&f);
	rw_config_free(&cfg);
	free(path);
	free(comment);
	return rc;
}

int
cli_gbp_forget(const rw_config *cfg, const rw_source *src)
{
	rw_gbp_conf g;
	rw_err err = { 0 };
	char *path;

	rw_gbp_conf_of(src, &g);
	if (rw_gbp_forget(&g, &cfg->fetch, &err) == RW_OK)
		return 0;
	cli_warn(_("%s; the token file is removed anyway: withdraw repwatch's access at "
	           "https://myaccount.google.com/permissions"), err.msg);
	if ((path = rw_oauth_token_path(src->name)))
		rw_oauth_token_remove(path, NULL);
	free(path);
	return -1;
}
