/* SPDX-License-Identifier: MIT */
/* analyse.h - one item, every practitioner: is it about them, what is it.
 *
 * Owns: who an item is about: a matcher per practitioner (with the rules
 * learned by `repwatch not-me`, read from the store), the myth catalogue
 * and the lexicons, loaded once per scan; whom a page's subject names
 * (rw_analyse_page); the decision to keep an item for a practitioner (she
 * is named with some confidence, or the page it is listed on names her,
 * or - her profile's watch_myths - it asserts a myth of her specialty
 * without naming her: a rebuttal that does not name her is not kept); and the record of why, for the store.  The item's
 * category, myth, rating, language and sentiment are classify.c's
 * (rw_classify_ex, asked once per practitioner it is kept for).
 * Must not: fetch, write to the store, print; decide or overwrite a
 * category (classify.c is the one place).
 */
#ifndef RW_ANALYSE_H
#define RW_ANALYSE_H

#include <stddef.h>

#include "classify.h"
#include "config.h"
#include "match.h"
#include "store.h"

typedef struct rw_analyser rw_analyser;

/* A matcher per practitioner of cfg (cfg must outlive it), the shipped and
 * user myth catalogues, the stance cue lists and the lexicons of the data
 * folder.  A catalogue, cue list or lexicon that cannot be read is not
 * fatal (no myths, every myth taken as asserted, or neutral sentiment): the first such problem goes to problem.  NULL only when
 * memory ran out. */
rw_analyser *rw_analyser_new(const rw_config *cfg, rw_err *problem);
void rw_analyser_free(rw_analyser **a);

/* Teach practitioner (id) a not-me rule; 0, or -1 when memory ran out or
 * kind is unknown.  An unknown practitioner id is ignored (0). */
int rw_analyser_add_rule(rw_analyser *a, const char *practitioner, const char *kind, const char *value);

/* Every not-me rule the store holds (`repwatch not-me`), taught to a.
 * RW_OK, or the store's error (RW_E_DB) or RW_E_NOMEM. */
int rw_analyser_learn(rw_analyser *a, rw_store *store, rw_err *err);

/* The configuration a was made for. */
const rw_config *rw_analyser_config(const rw_analyser *a);

/* Whom a page is about, for one practitioner: the page's subject
 * (rw_feed.subject: its title, its heading, what a subject rule points
 * at) names her, with that match's confidence and reason. */
typedef struct rw_page_about {
	int named;               /* 1: the subject names her (match filled) */
	int someone_else;        /* 1: the subject names her name but is not her
	                            (another city or specialty: match.reason says
	                            why); the page's items are not hers */
	rw_match match;
} rw_page_about;

/* Whom subject names: about has cfg->npractitioners entries, in the
 * config's order.  A page is about one person, decided once: an item it
 * lists is hers when the subject names her (with at least the subject's
 * confidence, whatever its own text says), and never hers when the subject
 * names a homonym (someone_else), even if its text names her.  source_url: the page's address (source rules).
 * Returns how many it names, or -1 when memory ran out. */
int rw_analyse_page(const rw_analyser *a, const char *subject, const char *source_url, rw_page_about *about);

/* The item as the scan read it (clean text); any field may be NULL. */
typedef struct rw_item_view {
	const char *title, *summary, *content;
	const char *link;
	const char *source_url;   /* for source rules */
	const char *hint;         /* the source's category from the config */
	double rating, rating_best; /* < 0 when none */
	const rw_page_about *page; /* an item listed on a page (a page source):
	                              whom the page is about (rw_analyse_page),
	                              cfg->npractitioners entries; NULL for feed items */
} rw_item_view;

typedef struct rw_analysis {
	int store;               /* 1: store the item for this practitioner */
	int named;               /* 1: she is named (match filled); 0: stored for its myth */
	int by_page;             /* named: by the page it is listed on, not by its own text */
	rw_match match;
	rw_classification cl;
	char why[400];           /* the match's reason, or why the myth made it stored */
} rw_analysis;

/* Analyse it for every practitioner: out has cfg->npractitioners entries,
 * in the config's order.  An item that does not name a practitioner but is
 * listed on a page whose subject names her (a review on her page, a
 * publication in a search for her name) is hers, with the confidence of
 * the subject's match: a review seldom repeats the name of the doctor it
 * is about.  An item that names nobody is hers when classify finds in it
 * a myth her specialty watches (and her profile's watch_myths is on); its
 * category is then classify's, in classify.h's order (a review that
 * carries a myth stays a review, with the myth).  The catalogue's literal
 * filter is asked once per item.  Returns how many say store, or -1 when
 * memory ran out. */
int rw_analyse_item(const rw_analyser *a, const rw_item_view *it, rw_analysis *out);

/* The store's record of an analysis; its strings point into an. */
void rw_analysis_record(const rw_analysis *an, rw_mention_analysis *rec);

#endif
