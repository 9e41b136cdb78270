/* SPDX-License-Identifier: MIT */
/* myths.h - the catalogue of health myths to rebut.
 *
 * Owns: reading feeds/myths/ (every .json file) and the user's
 * $XDG_CONFIG_HOME/repwatch/myths/ (format and matching rules:
 * feeds/myths/README.md), compiling the POSIX ERE patterns, and telling
 * which myth a text carries, for a language and a practitioner's
 * specialty.  A user myth with the id of a shipped one replaces it whole.
 * Must not: fetch, store, print; a broken file or pattern never stops the
 * others from loading (the first problem is handed back in words).
 */
#ifndef RW_MYTHS_H
#define RW_MYTHS_H

#include <stddef.h>

#include "err.h"
#include "profile.h"
#include "sentiment.h"

/* Caps: a catalogue is data people write by hand. */
#define RW_MYTHS_FILE_MAX (4u << 20)    /* bytes in one file */
#define RW_MYTHS_MAX 2000               /* myths in all */
#define RW_MYTH_MAX_PATTERNS 32         /* per language */
#define RW_MYTH_PATTERN_MAX 1024        /* bytes in one pattern */
#define RW_MYTH_NEAR_GROUPS 3           /* word groups in one "near" rule */

typedef struct rw_myth_source {
	const char *name, *url, *lang;
} rw_myth_source;

/* A myth as read; strings are owned by the catalogue, NULL when absent. */
typedef struct rw_myth {
	const char *id, *topic, *file;
	const char *const *specialties;      /* NULL-terminated */
	const char *claim_fr, *claim_en, *correction_fr, *correction_en;
	const rw_myth_source *sources;
	size_t nsources;
	const char *example_fr, *example_en, *example_fr_negative, *example_en_negative;
	size_t npatterns_fr, npatterns_en;     /* "near" rules included */
	int claim_negative;                   /* the claim itself is negative ("you can't get
	                                         pregnant on your period"): a negation inside
	                                         a match is part of it, not a denial */
} rw_myth;

typedef struct rw_myths rw_myths;

rw_myths *rw_myths_new(void);
void rw_myths_free(rw_myths **c);

/* Add the myths of one file.  strict: every field of the README is
 * required (the shipped catalogue's tests); otherwise only id and
 * patterns are.  Returns the number of myths added or replaced; a myth or
 * file that cannot be used is skipped, and the first such problem goes to
 * problem ("file: myth 'id': what is wrong").  -1 only when memory ran out. */
int rw_myths_load_file(rw_myths *c, const char *path, int strict, rw_err *problem);

/* Every *.json of dir, in name order.  A missing dir adds nothing and is
 * not a problem.  Returns the number of myths added, or -1 (memory). */
int rw_myths_load_dir(rw_myths *c, const char *dir, int strict, rw_err *problem);

/* The shipped catalogue (data folder's myths/) then the user's
 * ($XDG_CONFIG_HOME/repwatch/myths/, or ~/.config/...).  NULL when memory
 * ran out; problems go to problem. */
rw_myths *rw_myths_load_default(rw_err *problem);

size_t rw_myths_count(const rw_myths *c);
const rw_myth *rw_myths_get(const rw_myths *c, size_t i);
const rw_myth *rw_myths_find(const rw_myths *c, const char *id);

/* The text as patterns see it: case-folded, accents dropped, ligatures
 * spelled out, white space runs collapsed to one space
 * (rw_text_fold_squeezed, which rw_text_tokens_fold also gives beside the
 * token form).  malloc'd, NULL when memory ran out. */
char *rw_myths_prepare(const char *text);

/* Does myth m carry in prepared text (rw_myths_prepare) for lang?
 * RW_LANG_UNKNOWN tries both lists. */
int rw_myth_matches(const rw_myth *m, const char *prepared, rw_lang lang);

/* Pattern k (0 .. npatterns_fr/en - 1) of lang (FR or EN) as it runs: a
 * "near" rule written out as its ERE.  NULL when out of range. */
const char *rw_myth_pattern(const rw_myth *m, rw_lang lang, size_t k);

/* Where in prepared text myth m matches (the first pattern of lang that
 * does, RW_LANG_UNKNOWN: either): 1 with [*start, *end) set, 0 when none
 * does, -1 when memory ran out.  Slower than rw_myth_matches (compiles
 * each pattern for positions): ask it once a text is known to match. */
int rw_myth_locate(const rw_myth *m, const char *prepared, rw_lang lang, size_t *start, size_t *end);

/* Can any myth of the catalogue match prepared text, whatever its
 * language?  0 only when the literal filter rules every pattern out: the
 * cheap question to ask before the language of a text is worked out. */
int rw_myths_may_match(const rw_myths *c, const char *prepared);

/* Is myth m one a practitioner of specialty spec watches?  "general" myths
 * concern everyone; spec NULL (unknown specialty) watches every myth. */
int rw_myth_concerns(const rw_myth *m, const rw_specialty *spec);

/* What the literal filter says of one prepared text: which patterns are
 * worth running.  One pass over the text that serves every question asked
 * of it next (may it carry a myth; which myths, for each practitioner). */
typedef struct rw_myths_hits rw_myths_hits;

/* The filter's answer on prepared text (rw_myths_prepare); NULL when memory
 * ran out.  Free with rw_myths_hits_free (NULL accepted). */
rw_myths_hits *rw_myths_hits_new(const rw_myths *c, const char *prepared);
void rw_myths_hits_free(rw_myths_hits **h);

/* 0 only when the filter rules every pattern out (rw_myths_may_match). */
int rw_myths_hits_any(const rw_myths_hits *h);

/* rw_myths_match_all on the text hits were made of (same c, same
 * prepared), without reading it again for the filter. */
size_t rw_myths_match_hits(const rw_myths *c, const char *prepared, const rw_myths_hits *h, rw_lang lang,
                           const rw_specialty *spec, int all, const rw_myth **out, size_t max);

/* The first myth (catalogue order) text carries for lang, among those spec
 * watches (pass all = 1 to ignore spec).  NULL when none. */
const rw_myth *rw_myths_match(const rw_myths *c, const char *text, rw_lang lang,
                              const rw_specialty *spec, int all);

/* Every myth (up to max, catalogue order) that prepared text carries, as
 * rw_myths_match_prepared would find them, into out; returns how many.
 * For a reader that judges each one (stance.h) before keeping any. */
size_t rw_myths_match_all(const rw_myths *c, const char *prepared, rw_lang lang, const rw_specialty *spec, int all,
                          const rw_myth **out, size_t max);

/* The same on a text already prepared (rw_myths_prepare). */
const rw_myth *rw_myths_match_prepared(const rw_myths *c, const char *prepared, rw_lang lang,
                                       const rw_specialty *spec, int all);

/* The claim, correction in lang (falling back to the other language). */
const char *rw_myth_claim(const rw_myth *m, rw_lang lang);
const char *rw_myth_correction(const rw_myth *m, rw_lang lang);

#endif
