/* diff.h - what is the same mention, and what is a change.
 *
 * Owns: the identity rules (a canonical form of links: redirect wrappers of
 * news aggregators and alert services unwrapped, tracking parameters such as
 * utm_* removed, fragment dropped, host lowercased), the change rule (a
 * fingerprint of the clean text and the rating, so whitespace, entities and
 * markup alone never make a new version) and the word-level difference
 * between two versions of a text.  Pure functions: no I/O, no database.
 */
#ifndef RW_DIFF_H
#define RW_DIFF_H

#include <stddef.h>

/* Canonical form of url, malloc'd; NULL when url is NULL or not http(s).
 * Redirect wrappers are unwrapped first (see rw_diff_unwrap_link), so a
 * story linked through Google News, Bing News or Google Alerts has the same
 * canonical link as the story itself.  Then rw_url_normalise (url.h) with
 * every rule: scheme https (http is the same page), host lowercased without
 * "www." nor a trailing dot, default ports (:80, :443) dropped, path and
 * query percent-encoding in normal form (%7E is ~, hex upper case),
 * tracking parameters (utm_*, fbclid, gclid, ... rw_url_is_tracking) and
 * the fragment dropped.  Everything else (path case, other parameters and
 * their order) is kept: two such addresses may be two pages. */
char *rw_diff_canonical_link(const char *url);

/* The address a redirect wrapper points at, malloc'd: Google's and Google
 * Alerts' "https://www.google.com/url?...&url=REAL" (or q=REAL), Google
 * News' "/news/url?url=REAL", Bing News' "apiclick.aspx?...&url=REAL",
 * Bing's "/ck/a?...&u=a1BASE64", Facebook's "l.php?u=REAL"; nested wrappers
 * are unwrapped too (at most 4 levels).  A url that is no wrapper, or whose
 * target is not http(s), comes back unchanged (copied).  NULL when url is
 * NULL or memory ran out.  Opaque links that only the aggregator can
 * resolve (news.google.com/rss/articles/...) are not wrappers here. */
char *rw_diff_unwrap_link(const char *url);

/* Fingerprint of a mention's content, 16 hex digits + NUL into out[17]. */
void rw_diff_fingerprint(const char *title, const char *body, double rating, char out[17]);

/* ---- word-level difference ---- */

typedef enum rw_diff_op { RW_DIFF_SAME, RW_DIFF_DELETE, RW_DIFF_INSERT } rw_diff_op;

/* Texts longer than this many words, or further apart than this many word
 * edits, are reported as one deletion of the old and one insertion of the
 * new text: the diff stays bounded in time and memory (Myers' algorithm
 * keeps O(edits^2) integers). */
#define RW_DIFF_MAX_WORDS 20000
#define RW_DIFF_MAX_EDITS 1000

/* Compare a and b word by word (a word is a run of bytes that are not ASCII
 * white space; NULL is the empty text) and call fn once per run, in reading
 * order: text[0..len) is the run's words joined by single spaces (not
 * NUL-terminated; valid during the call only).  Between two unchanged runs
 * the deleted words come before the inserted ones.  fn returns non-zero to
 * stop.  Returns 0, or -1 when memory ran out. */
int rw_diff_words(const char *a, const char *b,
                  int (*fn)(rw_diff_op op, const char *text, size_t len, void *data), void *data);

/* The word diff as one malloc'd string in git's --word-diff=plain notation:
 * unchanged words as they are, "[-deleted words-]", "{+inserted words+}".
 * NULL when memory ran out. */
char *rw_diff_words_plain(const char *a, const char *b);

#endif
