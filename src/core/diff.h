/* SPDX-License-Identifier: MIT */
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
#include <stdint.h>

#include "parse.h"

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

/* ---- the same mention ---- */

/* One item as a source listed it, as far as identity goes. */
typedef struct rw_diff_entry {
	int64_t source_id;
	const char *guid;           /* the feed's id or the review's id/anchor; may be NULL */
	const char *link;           /* may be NULL */
	const char *title, *body, *author;
	int64_t published;          /* RW_NO_DATE when unknown */
	int listing_entry;          /* 1: one entry of a page that lists several */
	int rank;                   /* a listing entry's position among the entries
	                               of its listing by the same author on the same
	                               date (or both without date), counted from the
	                               last one listed (0); see rw_diff_listing_ranks */
} rw_diff_entry;

/* The keys a mention is known by (malloc'd, each may be NULL).  The store
 * finds a mention by guid_key first, then by link_key, and remembers both;
 * a mention with neither key cannot happen (see rw_diff_identity). */
typedef struct rw_diff_keys {
	char *guid_key;             /* per source: "SOURCE:GUID", or "h:HASH" */
	char *link_key;             /* across sources: the canonical link */
	char *old_key;              /* the guid_key an older repwatch gave the
	                               same entry, to look up only (NULL: same) */
} rw_diff_keys;

/* The identity rule, in order:
 * 1. the item's own id (a feed's guid, a review's id or anchor link): the
 *    same id in the same source is the same mention, whatever the text;
 * 2. its canonical link (rw_diff_canonical_link), shared across sources so
 *    one story from several feeds is one mention.  A link with a fragment
 *    in a listing entry (page#avis-2) is an anchor in a page all entries
 *    share: no link key;
 * 3. with neither: the source, title and date; for a listing entry the
 *    author and date (two patients' identical "Excellent médecin." stay two
 *    reviews, and an edit of the text or the title keeps the key), else
 *    the author and the entry's rank (two undated reviews by "Anonyme"
 *    stay two, and each keeps its key through an edit and through new
 *    reviews listed above it); the rank also parts two reviews by one
 *    author on one date.  Only an entry with no author falls back on its
 *    title and date, and one with no title, author or date on its text,
 *    the last resort (an edit of such an entry cannot be told from a
 *    deletion and a new entry).
 * Returns 0, or -1 when memory ran out (out cleared). */
int rw_diff_identity(const rw_diff_entry *e, rw_diff_keys *out);

/* The rank (rw_diff_entry.rank) of each of a listing's n items, in the
 * order listed: how many items after it have the same author and the same
 * date (published, else updated).  Counted from the end because review
 * pages list the newest first: a new review on top moves no older one.
 * malloc'd array of n; NULL when n is 0 or memory ran out (every rank 0). */
int *rw_diff_listing_ranks(const rw_item *items, size_t n);
void rw_diff_keys_clear(rw_diff_keys *k);

/* ---- a change ---- */

/* What the store knows of a mention, as seen from one source. */
typedef struct rw_diff_known {
	const char *hash;           /* the mention's current fingerprint */
	const char *source_hash;    /* what this source last said; NULL: it never listed it */
	int gone;                   /* the mention is gone */
	int gone_by_link;           /* its own page answered 404 or 410 */
} rw_diff_known;

typedef enum rw_diff_verdict {
	RW_DIFF_KEEP = 0,           /* nothing new: only the sighting is renewed */
	RW_DIFF_NEW_VERSION,        /* an edit: a new version (and back if it was gone) */
	RW_DIFF_BACK,               /* gone, listed again unedited: back, text kept */
} rw_diff_verdict;

/* The change rule, per source: a source that listed the mention before and
 * now says something else (other fingerprint) makes a new version, unless
 * that is what the mention already says.  A source that lists it for the
 * first time only adds a sighting: two aggregators with different snippets
 * of one story do not make a version on every scan.  A gone mention listed
 * again comes back, except one whose own page answers 404/410 while a feed
 * still lists it unedited (feeds lag). */
rw_diff_verdict rw_diff_judge(const rw_diff_known *k, const char *hash);

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
