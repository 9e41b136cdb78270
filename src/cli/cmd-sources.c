/* SPDX-License-Identifier: MIT */
/* cmd-sources.c - `repwatch sources`: what is watched, and how to watch more.
 *
 *   sources [status]        each source's fetch state, from the database
 *   sources ls              what the configuration declares (--format=tsv:
 *                           name, url, category, template, origin)
 *   sources suggest         every place where people talk, and its route
 *   sources add | rm        edit the configuration (comments kept)
 *   sources test URL|NAME   fetch once; what the scan's read-and-judge step
 *                           (read.h: a feed, or a page with its template's rules) makes of it
 *   sources import | export OPML in and out
 */
#include "cli.h"
#include "record.h"
#include "classify.h"
#include "collect.h"
#include "conffile.h"
#include "date.h"
#include "fetch.h"
#include "i18n.h"
#include "match.h"
#include "opml.h"
#include "paging.h"
#include "parse.h"
#include "read.h"
#include "reason.h"
#include "text.h"
#include "url.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>


const char *
cli_lang(void)
{
	const char *msg = setlocale(LC_MESSAGES, NULL), *language = getenv("LANGUAGE");
	const char *use = msg;

	/* gettext's order: LANGUAGE wins unless the locale is "C" */
	if (msg && strcmp(msg, "C") && strcmp(msg, "POSIX") && language && *language)
		use = language;
	return use && !strncmp(use, "fr", 2) ? "fr" : "en";
}

rw_sources *
cli_load_templates(void)
{
	rw_err err = { 0 };
	rw_sources *s = rw_read_templates(&err);

	if (!s)
		cli_error("%s", err.msg[0] ? err.msg : _("out of memory"));
	return s;
}

static const rw_practitioner *
find_practitioner(const rw_config *cfg, const char *id)
{
	size_t i;

	if (!id)
		return cfg->npractitioners ? &cfg->practitioners[0] : NULL;
	for (i = 0; i < cfg->npractitioners; i++)
		if (!strcmp(cfg->practitioners[i].id, id))
			return &cfg->practitioners[i];
	cli_error(_("no [practitioner %s] in '%s'"), id, cfg->path);
	return NULL;
}

static const rw_source *find_url(const rw_config *cfg, const char *url);

/* The configured source named key, else the one whose url is key. */
static const rw_source *
find_source(const rw_config *cfg, const char *key)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++)
		if (cfg->sources[i].name && !strcmp(cfg->sources[i].name, key))
			return &cfg->sources[i];
	return find_url(cfg, key);
}

static const rw_source *
find_url(const rw_config *cfg, const char *url)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++)
		if (!strcmp(cfg->sources[i].url, url))
			return &cfg->sources[i];
	return NULL;
}

static const rw_source *
source_with_template(const rw_config *cfg, const char *id)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++)
		if (cfg->sources[i].template_id && !strcmp(cfg->sources[i].template_id, id))
			return &cfg->sources[i];
	return NULL;
}

/* ---------------------------------------------------------------- status */

/* `sources status` is cmd_sources_status() in cmd-list.c, which shares that
 * file's record formats. */

/* ---------------------------------------------------------------- ls */

static void
tsv(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int
sources_ls(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "plain";
	rw_config *cfg;
	size_t i;
	int opt;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'f')
			return EXIT_USAGE;
		format = optarg;
	}
	if ((strcmp(format, "plain") && strcmp(format, "tsv")) || optind != argc) {
		cli_error(_("usage: repwatch sources ls [--format plain|tsv]"));
		return EXIT_USAGE;
	}
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	for (i = 0; i < cfg->nsources; i++) {
		const rw_source *s = &cfg->sources[i];
		if (!strcmp(format, "tsv")) {
			tsv(s->name);
			putchar('\t');
			tsv(s->url);
			putchar('\t');
			tsv(s->category);
			putchar('\t');
			tsv(s->template_id);
			putchar('\t');
			tsv(s->origin ? s->origin : cfg->path);
			putchar('\n');
			continue;
		}
		printf("%s", s->name ? s->name : s->url);
		if (s->category)
			printf("  (%s)", _(s->category));
		if (s->template_id)
			printf(_("  template %s"), s->template_id);
		if (s->origin)
			printf(_("  from %s"), s->origin);
		printf("\n  %s\n", s->url);
	}
	if (!cfg->nsources && !strcmp(format, "plain"))
		cli_warn(_("'%s' names no source: 'repwatch sources suggest' says what to add"), cfg->path);
	rw_config_free(&cfg);
	return EXIT_FINE;
}

/* ---------------------------------------------------------------- suggest */

static const char *
route_label(const char *route)
{
	if (!strcmp(route, "feed"))
		return _("a feed");
	if (!strcmp(route, "page"))
		return _("a page read with extraction rules");
	if (!strcmp(route, "alert"))
		return _("only through an alert service (Google Alerts, Talkwalker Alerts)");
	if (!strcmp(route, "mailbox"))
		return _("through the notification e-mails, read in an alert mailbox (kind = imap)");
	if (!strcmp(route, "owner"))
		return _("through the owner's own access (the platform's API for its owner)");
	return _("no automatic route");
}

/* Print text indented, its own newlines kept. */
static void
print_indented(const char *label, const char *text)
{
	const char *p = text;

	printf("  %s ", label);
	for (; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			fputs("    ", stdout);
	}
	putchar('\n');
}

/* What the user can do about template t, on one line. */
static void
print_template_status(const rw_config *cfg, const rw_sources *s, const rw_template *t,
                      const rw_practitioner *p)
{
	const rw_source *have = source_with_template(cfg, t->id);
	const char *user = rw_template_user_placeholder(t), *missing = NULL;
	rw_vars *v = rw_sources_vars(s, p, t->lang);

	printf("    %s (%s): ", t->id, t->name);
	if (have) {
		printf(_("in your configuration as [source %s]"), have->name);
	} else if (t->kind == RW_KIND_ALERT_SLOT) {
		char *q = t->query ? rw_sources_expand_text(t->query, v) : NULL;
		if (q)
			printf(_("create it on the service with the query %s, then: "
			         "repwatch sources add --template %s RSS-ADDRESS"), q, t->id);
		else
			printf(_("create it on the service, then: repwatch sources add --template %s RSS-ADDRESS"), t->id);
		free(q);
	} else if (user) {
		char up[64];
		size_t i;
		for (i = 0; user[i] && i < sizeof(up) - 1; i++)
			up[i] = (char)toupper((unsigned char)user[i]);
		up[i] = '\0';
		if (t->kind == RW_KIND_PAGE)
			printf(_("see what its rules find with: repwatch sources test --template %s %s, "
			         "then add it with: repwatch sources add --template %s %s"), t->id, up, t->id, up);
		else
			printf(_("add it with: repwatch sources add --template %s %s"), t->id, up);
	} else if (v && !rw_sources_usable(t, v, &missing)) {
		printf(_("needs %s in your profile: add '%s = ...' under [practitioner], then: "
		         "repwatch sources add --template %s"), missing, missing, t->id);
	} else {
		printf(_("add it with: repwatch sources add --template %s"), t->id);
	}
	if (!t->verified)
		fputs(_(" (address not verified: see the template's verified_note)"), stdout);
	putchar('\n');
	rw_vars_free(&v);
}

static int
sources_suggest(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "practitioner", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pid = NULL, *lang = cli_lang();
	const rw_practitioner *p;
	rw_config *cfg = NULL;
	rw_sources *s = NULL;
	rw_vars *en = NULL, *fr = NULL;
	int opt, rc = EXIT_FINE, fr_text = !strcmp(lang, "fr");
	size_t i, j;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'p')
			return EXIT_USAGE;
		pid = optarg;
	}
	if (optind != argc) {
		cli_error(_("usage: repwatch sources suggest [--practitioner ID]"));
		return EXIT_USAGE;
	}
	if (!(cfg = cli_load_config(c)) || !(s = cli_load_templates())) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (!(p = find_practitioner(cfg, pid))) {
		rc = EXIT_USAGE;
		goto out;
	}
	/* {specialty} in English for alert_query and instead, in French for instead_fr */
	en = rw_sources_vars(s, p, "en");
	fr = rw_sources_vars(s, p, "fr");
	if (!en || !fr) {
		cli_error(_("out of memory"));
		rc = EXIT_STORE;
		goto out;
	}
	printf(_("Where patients and doctors may talk about %s, and how repwatch can follow each place.\n"), p->name);
	for (i = 0; i < rw_sources_nroutes(s); i++) {
		const rw_route *r = rw_sources_route(s, i);
		char *instead = rw_sources_expand_text(fr_text ? r->instead_fr : r->instead, fr_text ? fr : en);
		char *query = rw_sources_expand_text(r->alert_query, en);
		printf("\n%s [%s]: %s\n", r->name, r->route, route_label(r->route));
		print_indented(_("Why:"), fr_text ? r->why_fr : r->why);
		print_indented(_("What to do:"), instead ? instead : "");
		if (query)
			printf(_("  Alert query: %s\n"), query);
		if (r->ntemplates)
			printf(_("  Templates:\n"));
		for (j = 0; j < r->ntemplates; j++) {
			const rw_template *t = rw_sources_find(s, r->templates[j]);
			if (t)
				print_template_status(cfg, s, t, p);
		}
		free(instead);
		free(query);
	}
	{
		int header = 0;
		for (i = 0; i < rw_sources_ntemplates(s); i++) {
			const rw_template *t = rw_sources_template(s, i);
			int named = 0;
			for (j = 0; j < rw_sources_nroutes(s) && !named; j++) {
				const rw_route *r = rw_sources_route(s, j);
				size_t k;
				for (k = 0; k < r->ntemplates && !named; k++)
					named = !strcmp(r->templates[k], t->id);
			}
			if (named)
				continue;
			if (!header)
				printf(_("\nOther templates:\n"));
			header = 1;
			print_template_status(cfg, s, t, p);
			printf("      %s\n", fr_text ? t->description_fr : t->description);
		}
	}
out:
	rw_vars_free(&en);
	rw_vars_free(&fr);
	rw_sources_free(&s);
	rw_config_free(&cfg);
	return rc;
}

/* ---------------------------------------------------------------- add, rm, import */

/* A name no source of cfg (nor one added in this run, in taken) has: want,
 * else want-2, want-3... */
/* base-n, base cut (at a character) so that it fits RW_SOURCE_NAME_MAX;
 * NULL when memory ran out. */
static char *
numbered_name(const char *base, int n)
{
	char suffix[16], *name;
	int sl = snprintf(suffix, sizeof(suffix), "-%d", n);
	size_t keep = strlen(base);

	if (keep + (size_t)sl > RW_SOURCE_NAME_MAX)
		keep = RW_SOURCE_NAME_MAX - (size_t)sl;
	while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
		keep--;
	return asprintf(&name, "%.*s%s", (int)keep, base, suffix) < 0 ? NULL : name;
}

static char *
unique_name(const rw_config *cfg, const char *want, char **taken, size_t ntaken)
{
	char *base = rw_conffile_safe_name(want), *name;
	int n;

	if (!base)
		return NULL;
	name = strdup(base);
	for (n = 2; name && n < 10000; n++) {
		size_t i;
		int clash = find_source(cfg, name) != NULL;
		for (i = 0; i < ntaken && !clash; i++)
			clash = !strcmp(taken[i], name);
		if (!clash)
			break;
		free(name);
		name = numbered_name(base, n);
	}
	free(base);
	return name;
}

static void
add_usage(FILE *fp)
{
	fputs(_("usage: repwatch sources add URL [--name NAME] [--category CATEGORY]\n"
	        "       repwatch sources add --template ID [VALUE] [--name NAME] [--category CATEGORY]\n\n"
	        "Add a source to the configuration (its comments are kept).  With --template,\n"
	        "the address is made from a template and the practitioner's profile; VALUE is\n"
	        "what the template needs from you: the RSS address an alert service gave you,\n"
	        "a feed or page URL, a Bluesky handle, a YouTube channel id.\n"
	        "CATEGORY: news, social, review, publication or other.\n"
	        "--allow-private: the address is inside this machine or network (an\n"
	        "intranet page); without it such addresses are never fetched.\n"), fp);
	fputs(_("\nrepwatch sources add --google-business --client-file FILE: the reviews of your own\n"
	        "Google Business Profile listing (repwatch sources add --google-business --help).\n"), fp);
}

/* allow_private = yes in [source NAME]: its own host may be inside */
static int
set_allow_private(rw_conffile *f, const char *name, rw_err *err)
{
	char section[RW_SOURCE_NAME_MAX + 16];

	snprintf(section, sizeof(section), "source %s", name);
	return rw_conffile_set(f, section, "allow_private", "yes", err);
}

static int
sources_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "category", required_argument, NULL, 'C' },
		{ "template", required_argument, NULL, 't' },
		{ "practitioner", required_argument, NULL, 'p' },
		{ "allow-private", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *want_name = NULL, *category = NULL, *tid = NULL, *pid = NULL, *value = NULL;
	const rw_template *t = NULL;
	const rw_source *dup;
	rw_config *cfg = NULL;
	rw_sources *s = NULL;
	rw_conffile *f = NULL;
	rw_err err = { 0 };
	char *url = NULL, *name = NULL, *comment = NULL;
	int opt, rc = EXIT_USAGE, allow_private = 0;

	for (opt = 1; opt < argc; opt++)
		if (!strcmp(argv[opt], "--google-business"))
			return cli_sources_add_gbp(c, argc, argv);
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': want_name = optarg; break;
		case 'C': category = optarg; break;
		case 't': tid = optarg; break;
		case 'p': pid = optarg; break;
		case 'P': allow_private = 1; break;
		case 'h': add_usage(stdout); return EXIT_FINE;
		default: add_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		value = argv[optind++];
	if (optind != argc || (!tid && !value)) {
		add_usage(stderr);
		return EXIT_USAGE;
	}
	if (category && !rw_category_source_ok(category)) {
		cli_error(_("unknown category '%s' (news, social, review, publication, other)"), category);
		return EXIT_USAGE;
	}
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	if (tid) {
		const rw_practitioner *p;
		const char *user;
		rw_vars *v;
		if (!(s = cli_load_templates()) || !(p = find_practitioner(cfg, pid)))
			goto out;
		if (!(t = rw_sources_find(s, tid))) {
			cli_error(_("no template '%s': 'repwatch sources suggest' lists them"), tid);
			goto out;
		}
		user = rw_template_user_placeholder(t);
		if (t->kind == RW_KIND_ALERT_SLOT) {
			if (!value) {
				cli_error(_("'%s' is an alert slot: create the alert first (see 'repwatch sources suggest'), "
				            "then give its RSS address: repwatch sources add --template %s RSS-ADDRESS"), tid, tid);
				goto out;
			}
			url = strdup(value);
		} else {
			if (value && !user) {
				cli_error(_("template '%s' takes no value: its address comes from your profile"), tid);
				goto out;
			}
			if (!value && user) {
				cli_error(_("template '%s' needs a value for {%s}: repwatch sources add --template %s VALUE"), tid,
				          user, tid);
				goto out;
			}
			if (!(v = rw_sources_vars(s, p, t->lang)) || (user && rw_vars_set(v, user, value) < 0)) {
				rw_vars_free(&v);
				cli_error(_("out of memory"));
				goto out;
			}
			url = rw_sources_expand_url(t, v, &err);
			rw_vars_free(&v);
			if (!url) {
				cli_error("%s", err.msg);
				goto out;
			}
		}
		if (asprintf(&comment, "%s: %s", t->name, !strcmp(cli_lang(), "fr") ? t->description_fr
		                                                                    : t->description) < 0)
			comment = NULL;
		if (!category)
			category = t->category;
	} else {
		url = strdup(value);
	}
	if (!url) {
		cli_error(_("out of memory"));
		goto out;
	}
	if ((dup = find_url(cfg, url))) {
		cli_error(_("'%s' is already watched, as source '%s'"), url, dup->name);
		goto out;
	}
	if (want_name) {
		if (rw_conffile_check_name(want_name, &err)) {
			cli_error("%s", err.msg);
			goto out;
		}
		if (find_source(cfg, want_name)) {
			cli_error(_("there is already a source named '%s': choose another --name"), want_name);
			goto out;
		}
		name = strdup(want_name);
	} else {
		/* "blog.example" from "https://www.blog.example/feed" */
		char *host = tid ? NULL : rw_url_host(url, 1);
		name = unique_name(cfg, tid ? tid : host ? host : "source", NULL, 0);
		free(host);
	}
	if (!name) {
		cli_error(_("out of memory"));
		goto out;
	}
	if (!(f = rw_conffile_open(c->config_path, &err)) ||
	    rw_conffile_add_source(f, comment, name, url, category, tid, &err) ||
	    (allow_private && set_allow_private(f, name, &err)) || rw_conffile_save(f, &err)) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	if (!c->quiet)
		printf(_("added source '%s': %s\n"), name, url);
	rc = EXIT_FINE;
out:
	rw_conffile_free(&f);
	free(url);
	free(name);
	free(comment);
	rw_sources_free(&s);
	rw_config_free(&cfg);
	return rc;
}

/* For a subcommand that takes exactly want - 1 arguments, none an option:
 * prints usage (on stdout for --help) and returns the exit code when argv
 * is not that; -1 when it is. */
static int
wrong_args(int argc, char **argv, int want, const char *usage)
{
	int help = argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));

	if (!help && argc == want && (want < 2 || argv[1][0] != '-'))
		return -1;
	fputs(usage, help ? stdout : stderr);
	return help ? EXIT_FINE : EXIT_USAGE;
}

static int
sources_rm(struct cli *c, int argc, char **argv)
{
	const rw_source *src;
	rw_config *cfg;
	rw_conffile *f = NULL;
	rw_err err = { 0 };
	char *removed = NULL;
	int rc = EXIT_USAGE;

	if ((rc = wrong_args(argc, argv, 2, _("usage: repwatch sources rm NAME|URL\n\n"
	                                      "Remove a source from the configuration, with the comment lines just "
	                                      "above it.\n"))) >= 0)
		return rc;
	rc = EXIT_USAGE;
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	src = find_source(cfg, argv[1]);
	if (!src) {
		cli_error(_("no source named '%s' and none with that address: see 'repwatch sources ls'"), argv[1]);
		goto out;
	}
	if (src->origin) {
		cli_error(_("source '%s' comes from the OPML file %s (named by [sources] opml =): remove it there"),
		          src->name, src->origin);
		goto out;
	}
	if (src->kind && !strcmp(src->kind, "google-business"))
		cli_gbp_forget(cfg, src);   /* the token revoked at Google, its file removed */
	if (!(f = rw_conffile_open(c->config_path, &err)) ||
	    rw_conffile_remove_source(f, src->name, &removed, &err) || rw_conffile_save(f, &err)) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	if (!c->quiet)
		printf(_("removed source '%s'\n"), removed);
	rc = EXIT_FINE;
out:
	free(removed);
	rw_conffile_free(&f);
	rw_config_free(&cfg);
	return rc;
}

/* A set of strings (borrowed), each with a number: the names and
 * addresses an import has seen, so that 10,000 outlines cost 10,000 steps,
 * not 10,000 x 10,000 x 10,000. */
struct strset {
	const char **keys;
	int *vals;
	size_t n, alloc;     /* alloc: a power of 2, at most half full */
};

static size_t
strset_slot(const struct strset *s, const char *key)
{
	size_t i = (size_t)rw_text_hash(key) & (s->alloc - 1);

	while (s->keys[i] && strcmp(s->keys[i], key))
		i = (i + 1) & (s->alloc - 1);
	return i;
}

/* The number kept for key, or -1 when it is not in the set. */
static int
strset_get(const struct strset *s, const char *key)
{
	size_t i;

	if (!s->alloc)
		return -1;
	i = strset_slot(s, key);
	return s->keys[i] ? s->vals[i] : -1;
}

static int
strset_put(struct strset *s, const char *key, int val)
{
	size_t i;

	if (2 * (s->n + 1) > s->alloc) {
		struct strset bigger = { NULL, NULL, 0, s->alloc ? 2 * s->alloc : 64 };
		size_t k;
		bigger.keys = calloc(bigger.alloc, sizeof(*bigger.keys));
		bigger.vals = calloc(bigger.alloc, sizeof(*bigger.vals));
		if (!bigger.keys || !bigger.vals) {
			free(bigger.keys);
			free(bigger.vals);
			return -1;
		}
		for (k = 0; k < s->alloc; k++)
			if (s->keys[k]) {
				i = strset_slot(&bigger, s->keys[k]);
				bigger.keys[i] = s->keys[k];
				bigger.vals[i] = s->vals[k];
				bigger.n++;
			}
		free(s->keys);
		free(s->vals);
		*s = bigger;
	}
	i = strset_slot(s, key);
	if (!s->keys[i]) {
		s->keys[i] = key;
		s->n++;
	}
	s->vals[i] = val;
	return 0;
}

static void
strset_free(struct strset *s)
{
	free(s->keys);
	free(s->vals);
	memset(s, 0, sizeof(*s));
}

/* A name for an imported feed titled want that no source has (nor any
 * address: find_source() takes either): want, else want-2, want-3...
 * bases remembers, per title, the next number to try. */
static char *
import_name(struct strset *taken, struct strset *bases, const char *want)
{
	char *base = rw_conffile_safe_name(want), *name = NULL;
	int n;

	if (!base)
		return NULL;
	n = strset_get(bases, base);
	if (n < 0 && strset_get(taken, base) < 0)
		name = strdup(base);
	for (n = n < 2 ? 2 : n; !name; n++) {
		if (!(name = numbered_name(base, n))) {
			free(base);
			return NULL;
		}
		if (strset_get(taken, name) >= 0) {
			free(name);
			name = NULL;
		}
	}
	/* base is kept by bases (freed with the import) */
	if (strset_get(bases, base) < 0) {
		if (strset_put(bases, base, n) < 0) {
			free(base);
			free(name);
			return NULL;
		}
	} else {
		strset_put(bases, base, n);
		free(base);
	}
	return name;
}

static int
sources_import(struct cli *c, int argc, char **argv)
{
	rw_config *cfg;
	rw_conffile *f = NULL;
	rw_opml o;
	rw_err err = { 0 };
	char **taken = NULL;
	struct strset names = { 0 }, urls = { 0 }, bases = { 0 };
	size_t i, nadded = 0, already = 0, files = 0;
	int rc = EXIT_USAGE, allow_file = 0;

	memset(&o, 0, sizeof(o));
	/* --allow-file, anywhere: an OPML from someone else may name local files */
	for (i = 1; i < (size_t)argc; i++)
		if (!strcmp(argv[i], "--allow-file")) {
			allow_file = 1;
			memmove(&argv[i], &argv[i + 1], (size_t)(argc - (int)i) * sizeof(*argv));
			argc--;
			break;
		}
	if ((rc = wrong_args(argc, argv, 2, _("usage: repwatch sources import [--allow-file] FILE.opml\n\n"
	                                      "Add every feed of an OPML subscription list to the configuration, as\n"
	                                      "[source NAME] sections (names from the outlines' titles); feeds already\n"
	                                      "watched are skipped.  file:// addresses are skipped unless --allow-file\n"
	                                      "says the list is yours (they read files on this computer).\n"))) >= 0)
		return rc;
	rc = EXIT_USAGE;
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	if (rw_opml_read(argv[1], &o, &err)) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (!(f = rw_conffile_open(c->config_path, &err))) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	if (!(taken = calloc(o.n + 1, sizeof(*taken))))
		goto nomem;
	for (i = 0; i < cfg->nsources; i++)
		if ((cfg->sources[i].name && strset_put(&names, cfg->sources[i].name, 1) < 0) ||
		    strset_put(&names, cfg->sources[i].url, 1) < 0 || strset_put(&urls, cfg->sources[i].url, 1) < 0)
			goto nomem;
	for (i = 0; i < o.n; i++) {
		const rw_opml_feed *fd = &o.feeds[i];
		if (!allow_file && !strncasecmp(fd->url, "file:", 5)) {
			files++;
			continue;
		}
		if (strset_get(&urls, fd->url) >= 0) {
			already++;
			continue;
		}
		if (!(taken[nadded] = import_name(&names, &bases, fd->title)))
			goto nomem;
		if (strset_put(&names, taken[nadded], 1) < 0 || strset_put(&urls, fd->url, 1) < 0) {
			nadded++;
			goto nomem;
		}
		if (rw_conffile_add_source(f, NULL, taken[nadded], fd->url, fd->category, NULL, &err)) {
			cli_error("%s:%d: %s", argv[1], fd->line, err.msg);
			nadded++;
			goto out;
		}
		nadded++;
	}
	if (nadded && rw_conffile_save(f, &err)) {
		cli_error("%s", err.msg);
		rc = cli_exit_for(err.code);
		goto out;
	}
	if (files)
		cli_warn(_("%zu file:// addresses skipped: they would read files on this computer (if the list is "
		           "yours, import it with --allow-file)"), files);
	if (!c->quiet) {
		for (i = 0; i < nadded; i++)
			printf(_("added source '%s'\n"), taken[i]);
		printf(_("%zu sources imported, %zu already watched, %zu skipped (not http, https or file addresses)\n"),
		       nadded, already, o.skipped);
	}
	rc = EXIT_FINE;
	goto out;
nomem:
	cli_error(_("out of memory"));
out:
	for (i = 0; taken && i < nadded; i++)
		free(taken[i]);
	free(taken);
	for (i = 0; i < bases.alloc; i++)
		free((char *)bases.keys[i]);
	strset_free(&bases);
	strset_free(&names);
	strset_free(&urls);
	rw_opml_clear(&o);
	rw_conffile_free(&f);
	rw_config_free(&cfg);
	return rc;
}

static int
sources_export(struct cli *c, int argc, char **argv)
{
	rw_config *cfg;
	rw_err err = { 0 };
	char *doc;
	int rc;

	if ((rc = wrong_args(argc, argv, 1, _("usage: repwatch sources export > FILE.opml\n\n"
	                                      "Print every source of the configuration as an OPML 2.0 subscription "
	                                      "list.\n"))) >= 0)
		return rc;
	if (!(cfg = cli_load_config(c)))
		return EXIT_USAGE;
	doc = rw_opml_write(cfg->sources, cfg->nsources, "repwatch sources", (long long)time(NULL), &err);
	rw_config_free(&cfg);
	if (!doc) {
		cli_error("%s", err.msg);
		return EXIT_STORE;
	}
	fputs(doc, stdout);
	free(doc);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(_("cannot write the OPML: %s"), strerror(errno));
		return EXIT_STORE;
	}
	return EXIT_FINE;
}

/* ---------------------------------------------------------------- test */

/* How many pages of a list were read and why it ended (paging.h), in words. */
static void
test_pages(const rw_paging *p)
{
	char count[96], why[1400];

	snprintf(count, sizeof(count), ngettext("%zu page of the list read", "%zu pages of the list read", p->pages),
	         p->pages);
	switch (p->end) {
	case RW_PAGING_MORE:
	case RW_PAGING_LAST:
		snprintf(why, sizeof(why), "%s",
		         _("the last names no next page; a review no longer listed would be judged deleted"));
		break;
	case RW_PAGING_CAP:
		/* TRANSLATORS: %s is the address of the next page */
		snprintf(why, sizeof(why), _("the most a scan reads ([fetch] max_pages); the next page, %s, is not read, "
		                             "and no review is judged deleted"), p->link);
		break;
	case RW_PAGING_ELSEWHERE:
		snprintf(why, sizeof(why), _("the next page, %s, is on another site: not followed, and no review is judged "
		                             "deleted (check the next rule of the template)"), p->link);
		break;
	case RW_PAGING_LOOP:
		snprintf(why, sizeof(why), _("the next page, %s, was read already (the pages loop): stopped there, and no "
		                             "review is judged deleted"), p->link);
		break;
	case RW_PAGING_BAD_LINK:
		snprintf(why, sizeof(why), _("the next page's link, \"%.300s\", is not a web address: no review is judged "
		                             "deleted (check the next rule of the template)"), p->link);
		break;
	case RW_PAGING_FAILED:
	default:
		snprintf(why, sizeof(why), "%s", _("the next one could not be read (see below)"));
		break;
	}
	/* TRANSLATORS: how many pages were read, then why no more */
	printf(_("%s: %s\n"), count, why);
}

static void
test_usage(FILE *fp)
{
	fputs(_("usage: repwatch sources test URL|NAME [--template ID] [--category CATEGORY] [--all]\n"
	        "                             [--name \"Jeanne Dupont\"]\n\n"
	        "Fetch a source once and show what repwatch makes of it: the items it reads,\n"
	        "which of them are about the practitioner and how each would be classified.\n"
	        "Nothing is stored.  NAME is a source of the configuration, read as its\n"
	        "template says (a feed, or a page with extraction rules); --template reads\n"
	        "URL with a page template's rules before you add it; --name tests for\n"
	        "another practitioner without a configuration.  --all also lists the items\n"
	        "that are not about the practitioner.\n"), fp);
}

/* What read.c made of item i for practitioner p, in words. */
static void
test_analysis(const rw_config *cfg, const rw_analysis *an, size_t p)
{
	const char *cat = _(rw_category_name(an->cl.category));
	char why[sizeof(an->cl.reason) * 2];

	rw_reason_render(an->cl.reason, 1, why, sizeof(why));

	if (cfg->npractitioners > 1)
		printf("    %s:\n", cfg->practitioners[p].name);
	if (an->named) {
		size_t vl = strlen(an->match.variant);
		while (vl && an->match.variant[vl - 1] == ' ')
			vl--;
		if (an->by_page)
			printf(_("    on a page about \"%.*s\"; %s: %s\n"), (int)vl, an->match.variant, cat, why);
		else
			printf(_("    matched \"%.*s\"; %s: %s\n"), (int)vl, an->match.variant, cat, why);
	} else {
		printf(_("    names no one, but carries the myth '%s' that the specialty watches; %s: %s\n"),
		       an->cl.myth ? an->cl.myth->id : "", cat, why);
	}
	/* TRANSLATORS: confidence of the match, language of the text, its sentiment (label and score) */
	printf(_("    confidence: %s; language: %s; sentiment: %s %.2f\n"),
	       an->named ? cli_word(rw_confidence_name(an->match.confidence)) : "-",
	       rw_lang_name(an->cl.sentiment.lang), cli_word(rw_polarity_name(an->cl.sentiment.label)),
	       an->cl.sentiment.score);
	if (an->cl.myth && an->named)
		printf(_("    carries the myth '%s'\n"), an->cl.myth->id);
}

/* Print item i as rw_read() judged it, for every practitioner it is kept
 * for (the scan stores exactly those); returns 1 when it is kept. */
static int
test_item(const rw_config *cfg, const rw_read_result *rd, size_t i, int all)
{
	const rw_item *it = &rd->feed->items[i];
	const rw_analysis *first = NULL;
	char d[64];
	size_t p;

	for (p = 0; p < rd->np && !first; p++)
		if (rw_read_analysis(rd, i, p)->store)
			first = rw_read_analysis(rd, i, p);
	if (!first && !all)
		return 0;
	if (first) {
		printf("+ %-*s", cli_cols(_(rw_category_name(first->cl.category)), 12), _(rw_category_name(first->cl.category)));
		if (first->cl.rating >= 0)
			printf(" %g/%g", first->cl.rating, first->cl.rating_best > 0 ? first->cl.rating_best : 5);
	} else {
		printf("- %-*s", cli_cols(_("no mention"), 12), _("no mention"));
	}
	printf(" %s", it->title && *it->title ? it->title : _("(no title)"));
	if (it->published != RW_NO_DATE)
		printf(" (%s)", rw_when_format(it->published, RW_WHEN_TIME, d, sizeof(d)));
	putchar('\n');
	if (it->link)
		printf("    %s\n", it->link);
	for (p = 0; p < rd->np; p++)
		if (rw_read_analysis(rd, i, p)->store)
			test_analysis(cfg, rw_read_analysis(rd, i, p), p);
	return first != NULL;
}

/* The templates for `sources test` when tid names one (--template, or the
 * configured source's): 0, or -1 when they cannot be read or an explicit
 * tid names none (said).  An unknown template of a configured source is
 * read as the scan reads it (as a feed, saying so if it fails). */
static int
test_templates(const char *tid, int explicit, rw_sources **templates)
{
	if (!tid)
		return 0;
	if (!(*templates = cli_load_templates()))
		return -1;
	if (explicit && !rw_sources_find(*templates, tid)) {
		cli_error(_("no template '%s': 'repwatch sources suggest' lists them"), tid);
		return -1;
	}
	return 0;
}

/* The not-me rules the database holds, as the scan applies them; nothing
 * is created when there is no database yet.  0, or -1 (said). */
static int
test_learn(struct cli *c, rw_analyser *a)
{
	rw_store *store;
	rw_err err = { 0 };
	int rc = 0;

	if (access(c->db_path, F_OK) != 0)
		return 0;
	if (!(store = cli_open_store(c)))
		return -1;
	if (rw_analyser_learn(a, store, &err)) {
		cli_error("%s", err.msg);
		rc = -1;
	}
	rw_store_close(&store);
	return rc;
}

static int test_collected(struct cli *c, const rw_config *cfg, const rw_source *src, const char *hint, int all);

static int
sources_test(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "category", required_argument, NULL, 'C' },
		{ "all", no_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ "template", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *hint = NULL, *name = NULL, *target, *tid = NULL, *category = NULL;
	rw_practitioner one;
	rw_config one_cfg;
	const rw_config *who;
	rw_fetch_settings defaults;
	const rw_fetch_settings *settings = &defaults;
	rw_config *cfg = NULL;
	const rw_source *src;
	int allow_private = 1;   /* an address typed here is the person's own choice; a
	                            source of the config says so with allow_private = yes */
	rw_sources *templates = NULL;
	rw_analyser *analyser = NULL;
	rw_read_source how;
	rw_read_result rd;
	rw_paging_test pt;
	rw_err err = { 0 }, problem = { 0 };
	size_t i, found = 0;
	int opt, all = 0, rc = EXIT_USAGE, explicit = 0;

	memset(&pt, 0, sizeof(pt));
	memset(&one, 0, sizeof(one));
	memset(&one_cfg, 0, sizeof(one_cfg));
	memset(&rd, 0, sizeof(rd));
	rw_fetch_settings_default(&defaults);
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'C': hint = optarg; break;
		case 'a': all = 1; break;
		case 'n': name = optarg; break;
		case 't': tid = optarg; explicit = 1; break;
		case 'h': test_usage(stdout); return EXIT_FINE;
		default: test_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		test_usage(stderr);
		return EXIT_USAGE;
	}
	target = argv[optind];
	if (hint && !rw_category_source_ok(hint)) {
		cli_error(_("unknown category '%s' (news, social, review, publication, other)"), hint);
		return EXIT_USAGE;
	}
	if (name) {
		/* one practitioner, as a [practitioner] section with only a name reads */
		one.id = (char *)"default";
		one.name = rw_config_strip_title(name);
		one.watch_myths = 1;
		if (!one.name || !*one.name) {
			free(one.name);
			cli_error(_("--name needs a name, e.g. --name \"Jeanne Dupont\""));
			return EXIT_USAGE;
		}
		one_cfg.practitioners = &one;
		one_cfg.npractitioners = 1;
		who = &one_cfg;
	} else {
		if (!(cfg = cli_load_config(c)))
			return EXIT_USAGE;
		who = cfg;
		settings = &cfg->fetch;
		if ((src = find_source(cfg, target)) && rw_collect_of(src)) {
			rc = test_collected(c, cfg, src, hint, all);
			goto out;
		}
		if (src) {
			allow_private = src->allow_private;
			target = src->url;
			category = src->category;
			if (!tid)
				tid = src->template_id;
		}
	}
	if (!rw_url_is_source(target)) {
		cli_error(_("'%s' is not an http://, https:// or file:// address, nor the name of a source"), target);
		goto out;
	}
	if (test_templates(tid, explicit, &templates) < 0)
		goto out;
	rw_read_source_init(&how, target, hint ? hint : category, tid, templates, NULL);
	if (!(analyser = rw_analyser_new(who, &problem))) {
		cli_error(_("out of memory"));
		goto out;
	}
	if (!name && test_learn(c, analyser) < 0) {
		rc = EXIT_STORE;
		goto out;
	}
	/* fetched and read as the scan does, its next pages too (paging.h) */
	if (rw_paging_test_source(analyser, &how, settings, target,
	                          RW_FETCH_ALLOW_FILE | (allow_private ? RW_FETCH_ALLOW_PRIVATE : 0), &cli_stop, &pt,
	                          &err)) {
		cli_error("%s", err.msg[0] ? err.msg : _("out of memory"));
		rc = err.code == RW_E_NOMEM ? EXIT_STORE : EXIT_SOURCES;
		goto out;
	}
	if (!pt.fetched) {
		char why[1536];
		cli_error("%s", rw_reason_render(pt.error, 1, why, sizeof(why)));   /* shown, not stored */
		rc = EXIT_SOURCES;
		goto out;
	}
	printf(_("%s: HTTP %ld, %zu bytes, %s, %.2f s\n"), pt.effective_url ? pt.effective_url : target, pt.status,
	       pt.len, pt.content_type ? pt.content_type : _("no content type"), pt.seconds);
	rd = pt.read;
	memset(&pt.read, 0, sizeof(pt.read));
	if (!rd.feed) {
		cli_error("%s", rd.error);
		if (!how.page && pt.content_type && strstr(pt.content_type, "html"))
			cli_warn(_("hint: a page of reviews is read with the rules of a page template, e.g. "
			           "repwatch sources test --template review-page-schema %s"), target);
		rc = EXIT_SOURCES;
		goto out;
	}
	if (how.page)
		printf(_("read as a page (%s, %s) with the rules of template '%s': %zu items, title \"%s\"\n"),
		       rd.feed->format, rd.feed->encoding ? rd.feed->encoding : "?", how.page->id, rd.feed->nitems,
		       rd.feed->title ? rd.feed->title : "");
	else
		printf(_("read as %s (%s)%s: %zu items, title \"%s\"\n"), rd.feed->format,
		       rd.feed->encoding ? rd.feed->encoding : "?",
		       rd.feed->wellformed ? "" : _(", ill-formed XML read in recover mode"), rd.feed->nitems,
		       rd.feed->title ? rd.feed->title : "");
	if (how.page && how.rules.next && !rd.failed)
		test_pages(&pt.paging);
	if (rd.page.subject) {
		fputs(_("the page is about: "), stdout);
		for (i = 0; rd.page.subject[i]; i++) {
			if (rd.page.subject[i] == '\n')
				fputs(" | ", stdout);
			else
				putchar(rd.page.subject[i]);
		}
		putchar('\n');
	}
	if (rd.page.about)
		rw_record_page_verdict(stdout, who, rd.page.about, rd.page.doubt);
	for (i = 0; i < rd.feed->nitems; i++)
		found += (size_t)test_item(who, &rd, i, all);
	if (how.page)
		printf(_("%zu of %zu items are about %s%s (named in them, or by the page)\n"), found, rd.feed->nitems,
		       who->practitioners[0].name, who->npractitioners > 1 ? _(" or another practitioner") : "");
	else
		printf(_("%zu of %zu items mention %s%s\n"), found, rd.feed->nitems, who->practitioners[0].name,
		       who->npractitioners > 1 ? _(" or another practitioner") : "");
	if (!all && found < rd.feed->nitems)
		printf(_("(--all lists the items without a mention)\n"));
	rc = EXIT_FINE;
	/* the scan's verdict on the page (read.h): the source fails */
	if (rd.page.whose == RW_PAGE_EMPTY) {
		cli_error(_("the page lists no review that the rules of template '%s' find (an error page, or the site "
		            "changed its layout? open it in a browser, then check the [extract] rules in %s)"),
		          how.page->id, how.page->path);
		rc = EXIT_SOURCES;
	} else if (rd.page.whose == RW_PAGE_NOT_THEIRS) {
		cli_error(_("neither the reviews nor the page name %s: if it is her page, a subject rule in template '%s' "
		            "(%s) can point at where it names her"), who->practitioners[0].name, how.page->id,
		          how.page->path);
		rc = EXIT_SOURCES;
	} else if (rd.failed) {
		cli_error("%s", rd.error);
		rc = EXIT_SOURCES;
	} else if (pt.paging.end == RW_PAGING_FAILED) {
		char why[1536];
		/* TRANSLATORS: the number of a page of a review list, its address, what went wrong */
		cli_error(_("page %zu of the list, %s, could not be read: %s (the scan stores the pages before it and "
		            "judges no review deleted)"), pt.paging.pages + 1, pt.paging.link,
		          rw_reason_render(pt.paging.error, 1, why, sizeof(why)));
		rc = EXIT_SOURCES;
	}
out:
	rw_read_result_clear(&rd);
	rw_paging_test_clear(&pt);
	rw_analyser_free(&analyser);
	free(one.name);
	rw_sources_free(&templates);
	rw_config_free(&cfg);
	return rc;
}

/* `sources test NAME` of a collected source (collect.h: an alert
 * mailbox): collected as a first scan would (nothing remembered), judged
 * by the same step (rw_read_feed), nothing stored; what was skipped and
 * why (mails of unknown senders, malformed ones, capped ones) is said. */
static int
test_collected(struct cli *c, const rw_config *cfg, const rw_source *src, const char *hint, int all)
{
	rw_collect_in in = { src, &cfg->fetch, cfg->path, cfg->digest.password_private, NULL, &cli_stop };
	rw_collect_out out;
	rw_analyser *analyser = NULL;
	rw_read_source how;
	rw_read_result rd;
	rw_err problem = { 0 };
	size_t i, found = 0;
	int rc = EXIT_SOURCES;

	memset(&rd, 0, sizeof(rd));
	if (rw_collect_run(&in, &out)) {
		cli_error("%s", out.error);
		goto out;
	}
	/* TRANSLATORS: a mailbox source (kind = imap): what it collected */
	printf(_("%s: collected as kind = %s: %zu items, %zu skipped\n"), src->url, src->kind, out.feed->nitems,
	       out.skipped);
	if (out.notes)
		fputs(out.notes, stdout);
	rw_read_source_init(&how, src->url, hint ? hint : src->category, NULL, NULL, NULL);
	if (!(analyser = rw_analyser_new(cfg, &problem))) {
		cli_error(_("out of memory"));
		goto out;
	}
	if (test_learn(c, analyser) < 0) {
		rc = EXIT_STORE;
		goto out;
	}
	if (rw_read_feed(analyser, &how, out.feed, &rd)) {
		out.feed = NULL;
		cli_error("%s", rd.error);
		rc = EXIT_STORE;
		goto out;
	}
	out.feed = NULL;   /* taken over by rd */
	for (i = 0; i < rd.feed->nitems; i++)
		found += (size_t)test_item(cfg, &rd, i, all);
	printf(_("%zu of %zu items mention %s%s\n"), found, rd.feed->nitems, cfg->practitioners[0].name,
	       cfg->npractitioners > 1 ? _(" or another practitioner") : "");
	if (!all && found < rd.feed->nitems)
		printf(_("(--all lists the items without a mention)\n"));
	if (out.skipped)
		printf(_("%zu mails were not read: no mail template knows their sender, or they could not be read "
		         "(see above); the templates are in feeds/mail/ and ~/.config/repwatch/mail/\n"), out.skipped);
	rc = rd.failed ? EXIT_SOURCES : EXIT_FINE;
	if (rd.failed)
		cli_error("%s", rd.error);
out:
	rw_read_result_clear(&rd);
	rw_analyser_free(&analyser);
	rw_collect_out_clear(&out);
	return rc;
}

/* ---------------------------------------------------------------- dispatch */

static void
sources_usage(FILE *fp)
{
	fputs(_("usage: repwatch sources [status] [--format plain|tsv|json]\n"
	        "       repwatch sources ls [--format plain|tsv]\n"
	        "       repwatch sources suggest [--practitioner ID]\n"
	        "       repwatch sources add URL [--name NAME] [--category CATEGORY]\n"
	        "       repwatch sources add --template ID [VALUE] [--name NAME] [--category CATEGORY]\n"
	        "       repwatch sources rm NAME|URL\n"
	        "       repwatch sources test URL|NAME [--template ID] [--category CATEGORY] [--all] [--name NAME]\n"
	        "       repwatch sources import FILE.opml\n"
	        "       repwatch sources export > FILE.opml\n\n"
	        "  status   each source's state: last attempt, last success, HTTP status, errors\n"
	        "           (from the database; the default)\n"
	        "  ls       the sources the configuration declares\n"
	        "  suggest  every place where patients and doctors talk, and how repwatch can\n"
	        "           follow it (a feed, a page rule, an alert, or why not and what to do)\n"
	        "  add, rm  edit the configuration; its comments are kept\n"
	        "  test     fetch once and show what repwatch would find (nothing is stored)\n"
	        "  import, export  OPML subscription lists\n"), fp);
}

int
cmd_sources(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *, int, char **);
	} subs[] = {
		{ "status", cmd_sources_status }, { "ls", sources_ls }, { "suggest", sources_suggest },
		{ "add", sources_add }, { "rm", sources_rm }, { "test", sources_test },
		{ "import", sources_import }, { "export", sources_export },
	};
	size_t i;

	if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") && strcmp(argv[1], "-h")))
		return cmd_sources_status(c, argc, argv);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		sources_usage(stdout);
		return EXIT_FINE;
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name)) {
			/* the commands without a usage of their own */
			if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) &&
			    (subs[i].fn == sources_ls || subs[i].fn == sources_suggest)) {
				sources_usage(stdout);
				return EXIT_FINE;
			}
			return subs[i].fn(c, argc - 1, argv + 1);
		}
	cli_error(_("'%s' is not a 'sources' command; see 'repwatch sources --help'"), argv[1]);
	return EXIT_USAGE;
}
