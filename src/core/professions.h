/* SPDX-License-Identifier: MIT */
/* professions.h - what people do: health specialties and other professions.
 *
 * Owns: reading feeds/specialties.tsv, the one vocabulary of specialties
 * and professions (English and French names, synonyms and abbreviations,
 * what their practitioners are called, words that point to them, the myth
 * topics their patients meet, health or not), folded once into tables
 * looked up with bsearch: a canonical specialty from any of its names, and
 * the practitioner word at a place in a text.  Must not: match
 * practitioners (match.h does), print or exit.
 */
#ifndef RW_PROFESSIONS_H
#define RW_PROFESSIONS_H

#include <stddef.h>

#include "err.h"

#define RW_PROFESSIONS_MAX_FILE (1u << 20)  /* bytes of the file read, at most */
#define RW_PROFESSIONS_MAX 512              /* rows, at most */

/* A specialty or profession.  Lists are NULL-terminated, in folded token
 * form without the outer spaces ("sage femme"). */
typedef struct rw_specialty {
	const char *id;              /* "dermatology" */
	const char *const *names;    /* every name "specialty =" may give: en, fr, aliases, id */
	const char *const *people;   /* what its practitioners are called: "dermatologue", "dermatologist" */
	const char *const *words;    /* more words that point to it: "peau", "skin" */
	const char *const *myths;    /* the myth catalogue's specialties it watches
	                                (feeds/myths/README.md); "*" for all; empty for none */
	int health;                  /* 1: a health profession; 0: another (lawyer, actor...) */
} rw_specialty;

typedef struct rw_professions rw_professions;

/* Read path (specialties.tsv).  NULL with err set when it cannot be read,
 * is too big, or has no "id" column. */
rw_professions *rw_professions_load(const char *path, rw_err *err);
void rw_professions_free(rw_professions **p);

/* The data folder's vocabulary (datadir.h), read on first use, once per
 * process, safe from several threads; never freed.  NULL when it cannot be
 * read (logged once as a warning). */
const rw_professions *rw_professions_shared(void);

/* The row named name (any of its names or practitioner words, English or
 * French, case, accents, hyphens and dots ignored), or NULL. */
const rw_specialty *rw_professions_find(const rw_professions *p, const char *name);

/* Every row, in the file's order. */
const rw_specialty *rw_professions_all(const rw_professions *p, size_t *n);

/* The longest practitioner word (a "people" entry, or the row's English or
 * French name; at most 5 words) at the start of tok, a token form as
 * rw_text_tokens() writes it, starting at a word: its row, and its length
 * in bytes in *len; NULL when none starts there. */
const rw_specialty *rw_professions_at(const rw_professions *p, const char *tok, size_t *len);

/* The form the lists hold: s folded to token form (rw_text_tokens())
 * without the outer spaces, "Sage-Femme" -> "sage femme"; malloc'd, NULL
 * when memory ran out. */
char *rw_professions_fold(const char *s);

/* The shared vocabulary's rw_professions_find() and rw_professions_all()
 * (NULL and 0 when it cannot be read). */
const rw_specialty *rw_specialty_find(const char *name);
const rw_specialty *rw_specialty_all(size_t *n);

#endif
