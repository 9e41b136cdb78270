/* SPDX-License-Identifier: MIT */
/* sources.h - source templates, the routes to each platform, and the
 * placeholders that turn a practitioner's profile into source addresses.
 *
 * Owns: reading the shipped data (feeds/templates/<id>.ini,
 * feeds/routes/routes.ini, feeds/specialties.tsv; formats in
 * feeds/templates/README.md and feeds/routes/README.md) and the user's
 * template overrides; checking them (errors point at "path:line"); the
 * placeholders of a practitioner ({name}, {quoted_name}, {surname}, {city},
 * {specialty} in a template's language, {rpps}, {tag}, and user-supplied ones
 * such as {url}); expanding them into URLs with RFC 3986 percent-encoding or
 * into text; choosing the templates `repwatch init` writes.
 * Must not: print, fetch, write files or touch the database.
 *
 * Where the data is read from (rw_sources_data_dir): the data folder of
 * datadir.h (its one rule), which must hold templates/.  The user's templates in
 * $XDG_CONFIG_HOME/repwatch/templates/ come on top: a user file whose id is
 * a shipped id replaces that template as a whole.
 */
#ifndef RW_SOURCES_H
#define RW_SOURCES_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "parse.h"

/* Caps on what the data files can make us hold. */
#define RW_SOURCES_MAX_TEMPLATES 512
#define RW_SOURCES_MAX_ROUTES 256
#define RW_SOURCES_MAX_FILE (256u << 10)   /* bytes per data file */
#define RW_SOURCES_MAX_VALUE (16u << 10)   /* bytes per value, continuation lines joined */

typedef enum rw_template_kind {
	RW_KIND_FEED,        /* RSS or Atom */
	RW_KIND_PAGE,        /* HTML or XML read with the [extract] rules */
	RW_KIND_ALERT_SLOT   /* a feed URL the user creates on an alert service */
} rw_template_kind;

/* One [extract] rule of a page template, in file order. */
typedef struct rw_extract_rule {
	char *key;           /* items, title, link, date, text, rating, author, parser, ... */
	char *value;
} rw_extract_rule;

/* A template as read.  Fields are read-only for callers; optional keys are
 * NULL when absent.  Multi-line values are joined with '\n'. */
typedef struct rw_template {
	char *id, *name;
	rw_template_kind kind;
	char *url;           /* with placeholders; "" for alert slots */
	char *lang;          /* "fr", "en" or "any" */
	char *category;      /* news, social, review, publication, other */
	char **requires;     /* placeholder names that must be non-empty */
	size_t nrequires;
	int is_default;      /* default = yes */
	int verified;        /* verified = yes */
	char *verified_note, *description, *description_fr, *format_note, *note;
	char *query, *instructions, *instructions_fr;
	rw_extract_rule *extract;
	size_t nextract;
	char *path;          /* the file it came from */
	int user;            /* 1: from the user's template directory */
} rw_template;

/* One place where people talk, and how repwatch follows it. */
typedef struct rw_route {
	char *id;            /* the section name: "twitter-x", "doctolib" ... */
	char *name;
	char *route;         /* feed, page, alert or none */
	char **templates;    /* template ids, most useful first */
	size_t ntemplates;
	char *alert_query;   /* NULL when absent; placeholders not expanded */
	char *why, *why_fr, *instead, *instead_fr;
	char *origin;        /* "path:line" of the section */
} rw_route;

typedef struct rw_sources rw_sources;
typedef struct rw_vars rw_vars;

/* The data folder (datadir.h), malloc'd; NULL with err set (RW_E_IO,
 * saying whether REPWATCH_DATADIR or the installation is to blame) when it
 * holds no templates/. */
char *rw_sources_data_dir(rw_err *err);

/* $XDG_CONFIG_HOME/repwatch/templates (or ~/.config/...: paths.h), malloc'd.
 * NULL with err untouched when there is no home to find it in (no user
 * templates), NULL with err set when memory ran out. */
char *rw_sources_user_dir(rw_err *err);

/* Load data_dir/templates/ *.ini, then user_dir/ *.ini (may be NULL or
 * missing), data_dir/routes/routes.ini and data_dir/specialties.tsv (both
 * optional).  Every file is checked: required keys, known values, id equal
 * to the file name, placeholders known and covered by requires, lines of at
 * most 198 bytes (libinih's limit, inifile.h), no " ;" in a value (libinih would cut it
 * there), every template a route names exists.  Returns NULL and sets err
 * (RW_E_USAGE with "path:line: ..." for content, RW_E_IO, RW_E_NOMEM). */
rw_sources *rw_sources_load(const char *data_dir, const char *user_dir, rw_err *err);
void rw_sources_free(rw_sources **s);

/* Templates sorted by id. */
size_t rw_sources_ntemplates(const rw_sources *s);
const rw_template *rw_sources_template(const rw_sources *s, size_t i);
const rw_template *rw_sources_find(const rw_sources *s, const char *id);

/* Routes in file order. */
size_t rw_sources_nroutes(const rw_sources *s);
const rw_route *rw_sources_route(const rw_sources *s, size_t i);

/* The name of specialty (as the user typed it, in any language) in lang
 * ("fr", "en"), from specialties.tsv; the typed text itself when the table
 * does not know it or has no such language.  NULL only for NULL. */
const char *rw_sources_specialty(const rw_sources *s, const char *specialty, const char *lang);

/* ---- placeholders ---- */

rw_vars *rw_vars_new(void);
void rw_vars_free(rw_vars **v);
/* Set name to a copy of value (NULL or "" make it empty).  -1: out of memory. */
int rw_vars_set(rw_vars *v, const char *name, const char *value);
/* The value, or NULL when unset or empty. */
const char *rw_vars_get(const rw_vars *v, const char *name);

/* The placeholders of practitioner p for a text in language lang ("fr",
 * "en"; NULL or "any": p's first language, else "fr"): name, quoted_name,
 * surname, tag, city, specialty, rpps.  s may be NULL (specialty as typed).
 * NULL when memory ran out. */
rw_vars *rw_sources_vars(const rw_sources *s, const rw_practitioner *p, const char *lang);

/* The placeholders every known template may use, NULL-terminated. */
extern const char *const rw_sources_placeholders[];

/* Percent-encode UTF-8 text for a URL (RFC 3986): text is first put in
 * Unicode NFC, then every byte but A-Z a-z 0-9 - . _ ~ becomes %XX (upper
 * case); a space is %20.  malloc'd; NULL when memory ran out. */
char *rw_sources_percent_encode(const char *s);

/* {tag}: accents and marks dropped, ligatures spelled out, lower case, only
 * a-z 0-9 _ kept ("Anne-Sophie Lefèvre" -> "annesophielefevre"). */
char *rw_sources_tag(const char *name);

/* {surname}: the last word of name, with the particles just before it
 * ("de", "Le", "van"...: "Marie de La Tour" -> "de La Tour"). */
char *rw_sources_surname(const char *name);

/* 1 when every placeholder t requires has a value in v; otherwise 0 and
 * *missing (if non-NULL) names the first that has none. */
int rw_sources_usable(const rw_template *t, const rw_vars *v, const char **missing);

/* t's URL with its placeholders replaced by their percent-encoded values
 * ({url} verbatim).  NULL with err set when a placeholder t requires has no
 * value (RW_E_USAGE, naming it), when the result is not an http(s) address,
 * or when memory ran out.  Alert slots have no URL: RW_E_USAGE. */
char *rw_sources_expand_url(const rw_template *t, const rw_vars *v, rw_err *err);

/* text with every {placeholder} replaced verbatim (for people to read or
 * type); unknown or empty placeholders become "".  NULL text gives NULL;
 * NULL is also returned when memory ran out. */
char *rw_sources_expand_text(const char *text, const rw_vars *v);

/* The templates `repwatch init` writes for p: default = yes, lang any or
 * one of p's languages (fr and en when p names none), and every required
 * placeholder has a value.  Fills out (sorted by id) with at
 * most max entries and returns how many there are in all. */
size_t rw_sources_select_defaults(const rw_sources *s, const rw_practitioner *p,
                                  const rw_template **out, size_t max);

/* The placeholder t requires that the profile cannot give and the user
 * must supply (url, bsky_handle, youtube_channel_id), or NULL. */
const char *rw_template_user_placeholder(const rw_template *t);

/* The [extract] rules of page template t as the page reader takes them
 * (parse.h), its strings borrowed from t.  0, or -1 (out left zeroed) when t
 * is not kind = page. */
int rw_template_page_rules(const rw_template *t, rw_page_rules *out);

/* "feed", "page", "alert-slot" */
const char *rw_template_kind_name(rw_template_kind k);

#endif
