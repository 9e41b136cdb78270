/* diff.h - what is the same mention, and what is a change.
 *
 * Owns: the identity rules (a canonical form of links: tracking parameters
 * such as utm_* removed, fragment dropped, host lowercased) and the change
 * rule (a fingerprint of the clean text and the rating, so whitespace,
 * entities and markup alone never make a new version).  Pure functions: no
 * I/O, no database.
 */
#ifndef RW_DIFF_H
#define RW_DIFF_H

#include <stddef.h>

/* Canonical form of url, malloc'd; NULL when url is NULL or not http(s). */
char *rw_diff_canonical_link(const char *url);

/* Fingerprint of a mention's content, 16 hex digits + NUL into out[17]. */
void rw_diff_fingerprint(const char *title, const char *body, double rating, char out[17]);

#endif
