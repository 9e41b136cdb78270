/* SPDX-License-Identifier: MIT */
/* initconf.h - the configuration `repwatch init` writes, made in one place
 * for both front-ends: the CLI's `init` and the tray's first-run set-up.
 *
 * Owns: checking the profile as typed (name with a first name, specialty,
 * city, RPPS, languages), choosing the sources from the templates
 * (rw_sources_select_defaults: feeds and pages, alert slots written
 * commented out with what to do) and the commented text, its comments in
 * the user's language (gettext, like record.h).
 * Must not: print, exit, or write the file (rw_conffile_write_new does,
 * atomically, mode 0600, keeping a .bak).
 */
#ifndef RW_INITCONF_H
#define RW_INITCONF_H

#include <stddef.h>

#include "err.h"
#include "sources.h"

typedef struct rw_initconf_request {
	const char *name;        /* as typed: "Dr Jeanne Dupont" */
	const char *specialty, *city, *rpps;   /* NULL or "": none */
	const char *langs;       /* languages of the sources, "fr,en"; NULL: "fr,en" */
	const char *lang;        /* the comments' language: "fr" or "en" */
	/* how the caller names the fields in its messages (NULL: "the
	 * specialty", "the city"); the CLI says "--specialty", "--city" */
	const char *specialty_label, *city_label;
} rw_initconf_request;

typedef struct rw_initconf {
	char *text;              /* the file's content */
	char *name;              /* the name without its title ("Jeanne Dupont") */
	const rw_template **active, **slots;   /* the sources made, the alert slots to fill */
	size_t nactive, nslots;
	char **unserved;         /* asked-for languages no template is in */
	size_t nunserved;
	rw_sources *templates;   /* owns what active and slots point at */
} rw_initconf;

/* Check rq and make the configuration into *out (cleared first).  Returns
 * 0, or RW_E_USAGE (what is wrong with a field, in the user's language),
 * RW_E_IO (templates not found, or the text too large) or RW_E_NOMEM with
 * err filled.  *out is left cleared on error. */
int rw_initconf_make(const rw_initconf_request *rq, rw_initconf *out, rw_err *err);

/* Frees what rw_initconf_make made; accepts a cleared or NULL c. */
void rw_initconf_clear(rw_initconf *c);

#endif
