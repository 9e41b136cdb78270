/* SPDX-License-Identifier: MIT */
/* cli.h - what the subcommands of `repwatch` share.
 *
 * Owns: the default config and database paths (from paths.h), the output helpers (stderr messages in git's style:
 * "repwatch: problem: subject"), exit codes.  Each subcommand lives in its
 * own cmd-*.c and returns an exit code; none calls exit().
 */
#ifndef RW_CLI_H
#define RW_CLI_H

#include <signal.h>
#include <stdio.h>

#include "config.h"
#include "err.h"
#include "sources.h"
#include "store.h"
#include "record.h"   /* cli_safe: rw_safe */
#include "when.h"     /* dates in words: rw_when_format */
#include "userlang.h" /* the reader's language: rw_user_lang */
#include "reason.h"   /* stored reasons in words: rw_reason_render */

/* Exit codes, documented in --help and repwatch(1). */
enum {
	EXIT_FINE = 0,        /* everything worked */
	EXIT_SOURCES = 1,     /* some sources failed; the rest was stored */
	EXIT_USAGE = 2,       /* bad arguments or configuration */
	EXIT_STORE = 3,       /* the database or the disk refused */
	EXIT_BUSY = 4,        /* another scan is running */
	EXIT_FOUND = 5,       /* (reserved for checks that find something) */
	EXIT_INTR = 130       /* interrupted by a signal */
};

struct cli {
	const char *config_path;   /* -c, or the XDG default */
	const char *db_path;       /* --db, or the XDG default */
	int db_given;              /* --db was given */
	int verbose, quiet;
	int tty;                   /* stderr is a terminal */
	char *owned_config, *owned_db;
};

extern volatile sig_atomic_t cli_stop;

int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define cli_safe rw_safe
/* The exit code for a core status. */
int cli_exit_for(int status);

/* Load the config, reporting errors; NULL on failure. */
rw_config *cli_load_config(struct cli *c);
/* Open the database (creating its folder), reporting errors. */
rw_store *cli_open_store(struct cli *c);

/* The whole of path ("-": standard input), NUL-terminated, at most max
 * bytes; NULL with errno set (EFBIG past max). */
char *cli_read_file(const char *path, size_t max, size_t *len);

int cmd_scan(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_sources(struct cli *c, int argc, char **argv);
int cmd_sources_status(struct cli *c, int argc, char **argv);
int cmd_parse(struct cli *c, int argc, char **argv);
int cmd_parse_date(struct cli *c, int argc, char **argv);
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_schedule(struct cli *c, int argc, char **argv);

/* "fr" when messages are shown in French (LANGUAGE, then the LC_MESSAGES
 * locale, as gettext decides), else "en": picks the _fr texts of the data. */
const char *cli_lang(void);
/* The source templates, routes and specialties (the user's templates on
 * top of the shipped ones), reporting errors; NULL on failure. */
rw_sources *cli_load_templates(void);
/* finding and classifying a text given on the command line */
int cmd_match(struct cli *c, int argc, char **argv);
int cmd_classify(struct cli *c, int argc, char **argv);
/* `repwatch not-me ID ...`; also the hook for `repwatch mark ID not-me ...`:
 * call it with argv[0] = "not-me", argv[1] = ID, then the options. */
int cmd_not_me(struct cli *c, int argc, char **argv);
/* `repwatch is-me ID`: an uncertain (or not-me) mention is hers; its page too. */
int cmd_is_me(struct cli *c, int argc, char **argv);
int cmd_reply_check(struct cli *c, int argc, char **argv);
int cmd_reply_draft(struct cli *c, int argc, char **argv);
int cmd_rebut(struct cli *c, int argc, char **argv);
int cmd_digest(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_mark(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_evidence(struct cli *c, int argc, char **argv);
int cmd_db(struct cli *c, int argc, char **argv);

/* cmd-gbp.c: `sources add --google-business ...` (argv as sources add got
 * it); and, for `sources rm`, the revocation of a google-business source's
 * token and the removal of its token file (-1, after a warning, when the
 * revocation failed: the file is removed all the same). */
int cli_sources_add_gbp(struct cli *c, int argc, char **argv);
int cli_gbp_forget(const rw_config *cfg, const rw_source *src);

/* cmd-list.c: a mention as a JSON object (list --format=json, export);
 * strings and dates as JSON, NULL (no value) for absent ones. */
struct json_object;
struct json_object *cli_mention_json(const rw_mention *m);
/* Add to j why mention id matched and what it says: confidence,
 * match_reason, lang, sentiment, label, myth, not_me (false, "marked" or
 * "excluded"); nothing when the store has no analysis of it. */
void cli_mention_analysis_json(rw_store *store, int64_t id, struct json_object *j);
struct json_object *cli_jstr(const char *s);
struct json_object *cli_jdate(int64_t t);     /* 0 and RW_NO_DATE: no value */

/* A mention id ("12" or "#12"); -1 with a message when it is not one. */
int cli_parse_id(const char *arg, int64_t *id);

/* words.c: a stored value ("new", "review", "positive"...) in the user's
 * language; a value it does not know as it is, NULL as "". */
const char *cli_word(const char *value);
/* The printf width ("%-*s") that pads UTF-8 s to width terminal columns. */
int cli_cols(const char *s, int width);

#endif
