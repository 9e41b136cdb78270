/* SPDX-License-Identifier: MIT */
/* places.h - the gazetteer: is this a place, which one, is it inside hers.
 *
 * Owns: reading feeds/places/places.tsv (French communes, arrondissements,
 * delegated communes and postcodes from INSEE and La Poste; cities of
 * Belgium, Switzerland, Luxembourg, Canada, the UK, Ireland and the US from
 * GeoNames) and feeds/places/names.tsv (the same place's name in another
 * language) into sorted tables looked up with bsearch; the one way place
 * names are compared: case, accents, hyphens, apostrophes and dots ignored,
 * "St"/"Ste"/"Mt"/"Ft" read as Saint/Sainte/Mount/Fort, "Paris 11e",
 * "Lyon 3ème arrondissement", "Paris XIe" read as that arrondissement,
 * "69003 Lyon" as the commune (or arrondissement) of that postcode, a
 * French postcode alone as the places it serves, "Lyon Cedex 03" as Lyon,
 * "Genève, Suisse" / "Portland, OR" as the place of that country (by its
 * French or English name, or its code) or region.
 * Must not: match practitioners (match.h does), print or exit; grow past
 * its caps (file size, places).
 *
 * "Inside": a place is inside a city when it is that city (under any of
 * its names), one of its municipal arrondissements or delegated communes
 * (France, from INSEE's parent links), or - outside France, where the data
 * has no such links - a place of the same country within
 * RW_PLACES_INSIDE_KM of it (Ixelles in Brussels, Westmount in Montréal).
 */
#ifndef RW_PLACES_H
#define RW_PLACES_H

#include <stddef.h>

#include "err.h"

#define RW_PLACES_MAX_FILE (16u << 20)  /* bytes of places.tsv read, at most */
#define RW_PLACES_INSIDE_KM 4.0

typedef struct rw_gazetteer rw_gazetteer;

typedef struct rw_place {
	const char *country;     /* "FR", "BE", "CA"... */
	const char *code;        /* INSEE code (France), "" elsewhere */
	const char *name;        /* as the data writes it: "Saint-Étienne" */
	const char *admin1;      /* French region code, province ("QC"), state ("OR")... */
	const char *admin2;      /* French department ("42")... */
	const char *postcodes;   /* French postcodes, comma-separated, "" elsewhere */
	const struct rw_place *parent; /* the commune of an arrondissement, NULL */
	float lat, lon;          /* 999 when unknown */
} rw_place;

/* Read dir/places.tsv and dir/names.tsv (names.tsv may be absent).  NULL
 * with err set when places.tsv cannot be read or is too big. */
rw_gazetteer *rw_gazetteer_load(const char *dir, rw_err *err);
void rw_gazetteer_free(rw_gazetteer **g);

/* The data folder's gazetteer (datadir.h), read on first use, once per
 * process, safe from several threads; never freed.  NULL when it cannot be
 * read (the reason is logged once as a warning: places then count neither
 * for nor against anyone). */
const rw_gazetteer *rw_gazetteer_shared(void);

/* Number of places in g. */
size_t rw_gazetteer_size(const rw_gazetteer *g);

/* Places called name (see the header for how names compare): fills out
 * with at most max of them, and returns how many there are (possibly more
 * than max; 0 when name is no known place). */
size_t rw_places_find(const rw_gazetteer *g, const char *name, const rw_place **out, size_t max);

/* 1 when some place called place is inside some place called city, 0 when
 * not or when either is unknown. */
int rw_places_inside(const rw_gazetteer *g, const char *place, const char *city);

/* 1 when p is inside q (see the header). */
int rw_place_inside(const rw_place *p, const rw_place *q);

/* 1 when p and q are of one country and both have coordinates, at most
 * km apart (a neighbouring commune of the same town: Villeurbanne and
 * Lyon). */
int rw_place_near(const rw_place *p, const rw_place *q, double km);

/* The longest place name (at most 5 words) at the start of tok, a token
 * form as rw_text_tokens() writes it, starting at a word (no leading
 * space): its length in bytes in *len, and the first place so named; NULL
 * when no place name starts there. */
const rw_place *rw_places_at(const rw_gazetteer *g, const char *tok, size_t *len);

/* The comparison form of a place name ("st etienne" -> "saint etienne");
 * malloc'd, NULL when memory ran out. */
char *rw_places_norm(const char *name);

#endif
