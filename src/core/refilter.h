/* SPDX-License-Identifier: MIT */
/* refilter.h - which of many regular expressions can match a text, by
 * their literal strings, before any of them runs.
 *
 * Owns: reading a POSIX extended regular expression (as glibc's regcomp
 * takes it) for the strings any of its matches must contain - RE2's
 * "prefilter": "(le|un) cancer[ ,]{1,4}(nourri|booste)" cannot match a text
 * that holds neither "le cancer" nor "un cancer", nor one without "nourri"
 * or "booste" - and one Aho-Corasick
 * automaton over those strings of every pattern, which reads a text once
 * and tells which patterns are worth running.  A pattern it cannot reduce
 * (".*", a back-reference, syntax it does not model) is always worth
 * running, so the answer is never "no" when the regex would say "yes".
 * Must not: run the regexes (myths.c does), know about myths or languages.
 * The strings are compared byte for byte: give patterns and texts in the
 * same case (myths.c lowercases both).
 */
#ifndef RW_REFILTER_H
#define RW_REFILTER_H

#include <stddef.h>

typedef struct rw_refilter rw_refilter;

rw_refilter *rw_refilter_new(void);
void rw_refilter_free(rw_refilter **f);

/* Add pattern number id (ids are 0, 1, 2... in any order, each once).
 * Returns 1 when literals were found for it, 0 when it is always a
 * candidate, -1 when memory ran out.  Patterns added after
 * rw_refilter_build() need another build. */
int rw_refilter_add(rw_refilter *f, size_t id, const char *pattern);

/* Add pattern number id that matches only texts where every one of the
 * EREs part[0..nparts) matches (a "near" rule's groups, in any order):
 * the filter requires a string of each part (of the four most selective
 * parts), where rw_refilter_add on the rule written out as one ERE (every
 * order an alternative) keeps only one.  Returns as rw_refilter_add. */
int rw_refilter_add_all(rw_refilter *f, size_t id, const char *const *part, size_t nparts);

/* Build the automaton over every pattern added.  0, or -1 (memory: then
 * every pattern is a candidate, which is slower, never wrong). */
int rw_refilter_build(rw_refilter *f);

/* Number of ids: one past the largest added. */
size_t rw_refilter_size(const rw_refilter *f);

/* Mark in cand[0..rw_refilter_size()) with 1 every pattern that may match
 * text, 0 the others.  Reads text once. */
void rw_refilter_scan(const rw_refilter *f, const char *text, unsigned char *cand);

/* The strings pattern needs, for tests and `--debug`: at least one of the
 * *n strings returned must occur in any text it matches; NULL with *n = 0
 * when it cannot be reduced (always a candidate).  malloc'd array of
 * malloc'd strings; free with rw_refilter_strings_free. */
char **rw_refilter_literals(const char *pattern, size_t *n);
void rw_refilter_strings_free(char **s, size_t n);

/* How many such sets pattern needs a string of each (the filter requires
 * them all: "vaccin" and "caus|provoqu" and "autis"); 0 when none. */
size_t rw_refilter_conjuncts(const char *pattern);

#endif
