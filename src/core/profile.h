/* SPDX-License-Identifier: MIT */
/* profile.h - whom repwatch watches: the practitioner profiles.
 *
 * Owns: rw_practitioner (names, title, specialty, cities, practices,
 * RPPS/ADELI, languages, homonyms to exclude, the watch_myths switch) and
 * the keys of a [practitioner] / [practitioner ID] section of repwatch.conf
 * (the specialties themselves are professions.h's).  config.c hands every
 * key of such a section to rw_profile_set(); nothing else reads them.
 * Must not: match text (match.h does), read files or touch the database.
 *
 * Keys (repwatch.conf(5) documents them):
 *   name = Dr Jeanne Dupont           the name in use (titles and credentials
 *                                     such as ", MD" are dropped)
 *   usage_name = Jeanne Martin        another name she is known by; a
 *   maiden_name = Dupont              surname alone takes name's first names
 *   variants = J. Dupont, ...         spellings searched as typed
 *   title = Dr                        a title she uses (Dr, Dr., Docteur,
 *                                     Doctor, Pr, Pr., Professeur, Prof. are
 *                                     always recognised)
 *   specialty = dermatology           English or French, see rw_specialty
 *   city = Lyon, Villeurbanne
 *   practice = Clinique du Parc, Centre Dermatologique Bellecour
 *   rpps = 10001234567   adeli = 691234567
 *   phone = 04 78 00 00 00, ...       her practices' numbers
 *   postcode = 69002, ...             her practices' postcodes
 *                                     (a page that shows one of these keys
 *                                     settles whose page it is: read.h)
 *   languages = fr, en                two-letter codes; fr and en are read
 *   context = laser, mélanome         more words that count for her
 *   homonym = lawyer in Paris: avocate, barreau, Paris
 *                                     (one line per homonym; the words after
 *                                     ':' tell the other person apart)
 *   watch_myths = yes|no              store myths of her specialty found in
 *                                     watched sources even when they do not
 *                                     name her (default yes)
 */
#ifndef RW_PROFILE_H
#define RW_PROFILE_H

#include <stddef.h>

#include "professions.h"

/* Caps on what a profile may hold (a typo must not make a scan crawl). */
#define RW_PROFILE_MAX_LIST 64      /* entries in any list key */
#define RW_PROFILE_MAX_VALUE 256    /* bytes in one entry */

typedef struct rw_homonym {
	char *label;         /* what the user wrote before ':', or NULL */
	char **words;        /* what tells the other person apart */
	size_t nwords;
} rw_homonym;

typedef struct rw_practitioner {
	char *id;            /* section suffix, or "default" */
	char *name;          /* "Jeanne Dupont" (title words such as Dr are dropped) */
	char **names;        /* usage and maiden names, as full names */
	size_t nnames;
	char **variants;     /* extra spellings the user typed */
	size_t nvariants;
	char *title;         /* NULL: none given */
	char *specialty;
	char **cities;
	size_t ncities;
	char *city;          /* the first of cities (not owned), NULL when none; a
	                        profile built by hand may set only this */
	char **practices;
	size_t npractices;
	char *rpps, *adeli;
	char **phones;       /* as typed; compared on their digits */
	size_t nphones;
	char **postcodes;    /* as typed; compared without spaces or case */
	size_t npostcodes;
	char **languages;    /* "fr", "en" */
	size_t nlanguages;
	char **context;      /* more words that count for her */
	size_t ncontext;
	rw_homonym *homonyms;
	size_t nhomonyms;
	int watch_myths;     /* 1 unless watch_myths = no */
} rw_practitioner;

/* Set key of profile p from its value.  Returns 0, or -1 with a message for
 * the user in why ("expected 11 digits", "unknown key (known: ...)"). */
int rw_profile_set(rw_practitioner *p, const char *key, const char *value, char *why, size_t whysize);

/* Check a finished profile; -1 with a message in why when it cannot be used
 * (no name).  An unknown specialty is only logged as a warning. */
int rw_profile_check(const rw_practitioner *p, char *why, size_t whysize);

/* Free what p holds (not p itself) and zero it. */
void rw_profile_clear(rw_practitioner *p);

/* Drop leading title and civility words ("Dr", "Pr.", "Mme", "Dr. med.",
 * "Prof. Dr.") and trailing credentials and degree letters (", M.A.",
 * "MD, FRCPC", ", Ph. D.", "MSc"; words that are also names, such as "Ma",
 * only with dots or in capitals) from name; malloc'd result or NULL when
 * memory ran out. */
char *rw_profile_strip_title(const char *name);

#endif
