/* analyse.h - one item, every practitioner: is it about them, what is it.
 *
 * Owns: the match -> classify step of a scan for one item: a matcher per
 * practitioner (with the rules learned by `repwatch not-me`), the myth
 * catalogue and the lexicons, loaded once per scan; the decision to store
 * an item for a practitioner (she is named with some confidence, or - her
 * profile's watch_myths - it carries a myth of her specialty without
 * naming her); and the record of why, for the store.  Must not: fetch,
 * store or print.
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
 * user myth catalogues and the lexicons of the data folder.  A catalogue
 * or lexicon that cannot be read is not fatal (no myths, or neutral
 * sentiment): the first such problem goes to problem.  NULL only when
 * memory ran out. */
rw_analyser *rw_analyser_new(const rw_config *cfg, rw_err *problem);
void rw_analyser_free(rw_analyser **a);

/* Teach practitioner (id) a not-me rule; 0, or -1 when memory ran out or
 * kind is unknown.  An unknown practitioner id is ignored (0). */
int rw_analyser_add_rule(rw_analyser *a, const char *practitioner, const char *kind, const char *value);

/* The item as the scan read it (clean text); any field may be NULL. */
typedef struct rw_item_view {
	const char *title, *summary, *content;
	const char *link;
	const char *source_url;   /* for source rules */
	const char *hint;         /* the source's category from the config */
	double rating, rating_best; /* < 0 when none */
	const char *page_subject; /* an item listed on a page (a page source):
	                             what names whom the page is about
	                             (rw_feed.subject); NULL for feed items */
} rw_item_view;

typedef struct rw_analysis {
	int store;               /* 1: store the item for this practitioner */
	int named;               /* 1: she is named (match filled); 0: stored for its myth */
	rw_match match;
	rw_classification cl;
	char why[400];           /* the match's reason, or why the myth made it stored */
} rw_analysis;

/* Analyse it for every practitioner: out has cfg->npractitioners entries,
 * in the config's order.  An item that does not name a practitioner but is
 * listed on a page whose subject names her (a review on her page, a
 * publication in a search for her name) is hers, with the confidence of
 * the subject's match: a review seldom repeats the name of the doctor it
 * is about.  Returns how many say store, or -1 when memory ran out. */
int rw_analyse_item(const rw_analyser *a, const rw_item_view *it, rw_analysis *out);

/* The store's record of an analysis; its strings point into an. */
void rw_analysis_record(const rw_analysis *an, rw_mention_analysis *rec);

#endif
