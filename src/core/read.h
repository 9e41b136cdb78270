/* SPDX-License-Identifier: MIT */
/* read.h - one fetched body, read and judged: the step between a fetch
 * and the store, the same for every front-end.
 *
 * Owns: which reader a source's bytes go to (a feed, or a page with its
 * template's [extract] rules: rw_read_source_init), the items read, their
 * analysis for every practitioner (analyse.h: who, with what confidence
 * and why; classify.h: category and why, myth, rating, language,
 * sentiment), and the page verdict: whom a page source is about and why,
 * and whether its reading counts (a review page that lists nothing and
 * does not name her, or lists nothing that is anyone's, fails: an error
 * page or a new layout, or not her page; her page with no review yet is
 * read, empty).  The scan's workers, `repwatch sources test` and the tray's
 * Test button call rw_read() (or rw_read_feed() for the items of a
 * collected source, collect.h) and only store or show its result, so the
 * same bytes get the same verdict everywhere.
 * Must not: fetch, write to the store, print; decide who is named
 * (analyse.c, match.c) or a category (classify.c) itself.  Safe to run on
 * several bodies at once with one analyser (it only reads it).
 */
#ifndef RW_READ_H
#define RW_READ_H

#include <signal.h>
#include <stddef.h>

#include "analyse.h"
#include "err.h"
#include "parse.h"
#include "sources.h"

/* How a source's bytes are read; made once per source. */
typedef struct rw_read_source {
	const char *url;              /* the source's address (source rules, messages) */
	const char *category;         /* its category: the config's, else its template's; NULL */
	const char *template_id;      /* the template it names, or NULL */
	const rw_template *page;      /* that template when it is kind = page: read as
	                                 a page with rules; NULL: read as a feed */
	rw_page_rules rules;          /* page's rules, strings borrowed from it */
	int complete;                 /* a review page: it lists every review (the
	                                 store's page rule of gone) and must be someone's */
	int template_unknown;         /* template_id is not among the templates */
	const char *templates_problem;/* why the templates could not be loaded, or NULL */
} rw_read_source;

/* The templates sources name, as every reader loads them: the shipped
 * ones (the data folder's templates/), then the user's, which override
 * them (sources.h).
 * NULL with err set when they cannot be read. */
rw_sources *rw_read_templates(rw_err *err);

/* Fill rs for a source at url with the config's category (NULL: its
 * template's) and template id (NULL: a feed).  templates: those loaded,
 * or NULL when they could not be (templates_problem says why).  Every
 * string is borrowed and must outlive rs. */
void rw_read_source_init(rw_read_source *rs, const char *url, const char *category, const char *template_id,
                         const rw_sources *templates, const char *templates_problem);

/* The bytes as fetched. */
typedef struct rw_read_body {
	const char *bytes;
	size_t len;
	const char *content_type;     /* the Content-Type header (with its charset), or NULL */
	const char *url;              /* where they came from, after redirects (the
	                                 base of relative links); NULL: the source's */
	volatile sig_atomic_t *stop;  /* may be NULL; set (by a signal): the parse
	                                 gives up within its next budget check */
	const char *subject;          /* a later page of a list (paging.h): whom its
	                                 first page says the list is about (that
	                                 page's page.subject); NULL: its own */
} rw_read_body;

/* Whose page a page source is. */
typedef enum rw_page_whose {
	RW_PAGE_FEED = 0,      /* not a page source: items are judged one by one */
	RW_PAGE_LISTING,       /* a page that is not a review page (search
	                          results): items are judged one by one */
	RW_PAGE_THEIRS,        /* a review page with reviews kept for someone, or
	                          one that lists no review yet and whose subject
	                          names a practitioner (a new profile) */
	RW_PAGE_EMPTY,         /* a review page that lists no review and does
	                          not name anyone (an error page, a new layout): fails */
	RW_PAGE_NOT_THEIRS,    /* a review page none of whose reviews is anyone's: fails */
	RW_PAGE_SOMEONE_ELSE   /* a review page whose subject gives her name but
	                          is someone else's (rw_page_about.someone_else:
	                          another city or specialty, a page she said is
	                          not hers), or that a key she gave settles so
	                          (rw_page_doubt.settled -1): read, nothing kept
	                          for her, not a failure */
} rw_page_whose;

/* Whether a page that names her is surely hers: the same name, city and
 * specialty may be two people.  Judged once per page, per practitioner
 * whose name the subject gives (rw_read_page_doubt):
 * - the keys she gave (rpps, adeli, phone, postcode: profile.h) against
 *   what the page's thing reviewed says of itself (rw_feed.card): a
 *   registry number that differs is someone else; otherwise a key that
 *   matches and none that differs settles it hers, a key that differs
 *   and none that matches settles it someone else's, both leave it
 *   uncertain;
 * - unless a key settled it: the page links to another page of a namesake
 *   that nothing tells apart (rw_feed.links: a "similar doctors" box
 *   listing the same name with her city and specialty, or without any):
 *   a homonym exists, and this page's name alone does not say which one
 *   it is: uncertain;
 * - across pages (the scan, with the store's record of the pages that
 *   claim her): two pages that each name her as surely but describe
 *   different people (rw_read_cards_differ) are both uncertain.
 * An uncertain page's items still reach her, marked uncertain, until
 * `repwatch is-me` or `not-me` settles the page for good. */
typedef struct rw_page_doubt {
	int uncertain;         /* 1: nothing tells her from a namesake */
	int settled;           /* 1: a key she gave settles it hers; -1: someone
	                          else's (its items are not kept for her); 0: no key */
	char why[512];         /* why (reason.h form), "" when neither */
} rw_page_doubt;

typedef struct rw_page_verdict {
	rw_page_whose whose;
	rw_page_doubt *doubt;  /* per practitioner (review pages only, else NULL) */
	const char *subject;   /* what the page says it is about (rw_feed.subject), or NULL */
	rw_page_about *about;  /* per practitioner: does the subject name her (NULL for a feed) */
	size_t named;          /* how many practitioners the subject names */
} rw_page_verdict;

typedef struct rw_read_result {
	rw_feed *feed;         /* the items read; NULL when the body could not be read */
	size_t np;             /* practitioners (the analyser's config) */
	rw_analysis *an;       /* feed->nitems x np: item i, practitioner p at an[i * np + p] */
	size_t kept;           /* items kept for at least one practitioner */
	rw_page_verdict page;
	int failed;            /* the reading does not count (error says why): the
	                          body cannot be read, or page.whose is EMPTY or NOT_THEIRS */
	char error[2600];
} rw_read_result;

/* Read body as src says and judge every item for every practitioner of
 * a's config.  Returns RW_OK with out filled, out->failed set when the
 * source's reading fails for its user to hear (what was read is kept, to
 * be shown); RW_E_NOMEM when memory ran out (out->error says so).  out is
 * cleared first; free it with rw_read_result_clear. */
int rw_read(const rw_analyser *a, const rw_read_source *src, const rw_read_body *body, rw_read_result *out);

/* The same judgement for items already read by another way than one
 * fetched body (a collected source: collect.h): feed is taken over (freed
 * with out, even on failure; NULL: nothing was collected, out->failed).
 * Returns and fills out as rw_read does. */
int rw_read_feed(const rw_analyser *a, const rw_read_source *src, rw_feed *feed, rw_read_result *out);

/* The pages of one list read as one (paging.h): more, a later page read
 * by rw_read() with its body's subject set to into's, is added to into,
 * which holds the pages before it; its items, analyses and next link
 * (rw_feed.next) move over and more is cleared.  The page verdict is judged again over every page read
 * (a last page that lists nothing does not make the list empty).  RW_OK,
 * or RW_E_NOMEM (into stays as it was, more is cleared). */
int rw_read_join(const rw_analyser *a, const rw_read_source *src, rw_read_result *into, rw_read_result *more);

/* Fill doubt (one per practitioner of a's config, cleared first) for a
 * review page feed read at url whose subject names them as about says
 * (rw_analyse_page); see rw_page_doubt.  0, or -1 when memory ran out. */
int rw_read_page_doubt(const rw_analyser *a, const rw_feed *feed, const char *url, const rw_page_about *about,
                       rw_page_doubt *doubt);

/* 1 when two pages' cards (rw_feed.card) describe different people: a
 * key both give (telephone, postcode, street, identifier) with values
 * that differ once spelling is set aside; 0 when they agree or share no
 * key (NULL cards share none). */
int rw_read_cards_differ(const char *card1, const char *card2);

/* Item i's analysis for practitioner p. */
const rw_analysis *rw_read_analysis(const rw_read_result *r, size_t i, size_t p);

/* 1 when item i is kept for at least one practitioner. */
int rw_read_item_kept(const rw_read_result *r, size_t i);

/* Frees what out holds and zeroes it; accepts NULL. */
void rw_read_result_clear(rw_read_result *out);

#endif
