/* SPDX-License-Identifier: MIT */
#include "digestrun.h"
#include "myths.h"
#include "mythof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Dr Jeanne Dupont, Dr Paul Martin" from the configuration. */
static char *
whom(const rw_config *cfg)
{
	char *out = NULL, *next;
	size_t i;

	for (i = 0; i < cfg->npractitioners; i++) {
		if (asprintf(&next, "%s%sDr %s", out ? out : "", out ? ", " : "", cfg->practitioners[i].name) < 0) {
			free(out);
			return NULL;
		}
		free(out);
		out = next;
	}
	return out;
}

struct myth_lookup {
	rw_store *store;
	rw_myths *catalogue;
};

static int
digest_myth(const rw_mention *m, const char *lang, rw_digest_myth *out, void *data)
{
	struct myth_lookup *ml = data;
	const rw_myth *my = rw_mythof_mention(ml->catalogue, ml->store, m->id, m->title, m->body, NULL);
	rw_lang l = !strcmp(lang, "fr") ? RW_LANG_FR : RW_LANG_EN;
	size_t i;

	if (!my || !rw_myth_correction(my, l))
		return 0;
	out->claim = rw_myth_claim(my, l);
	out->correction = rw_myth_correction(my, l);
	for (i = 0; i < my->nsources && out->nsources < RW_DIGEST_MYTH_SOURCES; i++) {
		out->sources[out->nsources].title = my->sources[i].name;
		out->sources[out->nsources].url = my->sources[i].url;
		out->nsources++;
	}
	return 1;
}

rw_digest *
rw_digestrun_collect(const rw_config *cfg, rw_store *s, int64_t since, int64_t until, const char *lang,
                     rw_err *problem, rw_err *err)
{
	struct myth_lookup lookup = { s, NULL };
	rw_digest_opts o;
	rw_digest *d;
	char *names = whom(cfg);
	struct rw_digest_who *who = calloc(cfg->npractitioners ? cfg->npractitioners : 1, sizeof(*who));
	size_t i;

	if (!names && cfg->npractitioners) {
		free(who);
		who = NULL;
	}
	if (!who) {
		free(names);
		rw_err_set(err, RW_E_NOMEM, "cannot make the digest: out of memory");
		return NULL;
	}
	for (i = 0; i < cfg->npractitioners; i++) {
		who[i].id = cfg->practitioners[i].id;
		who[i].name = cfg->practitioners[i].name;
	}

	memset(&o, 0, sizeof(o));
	o.since = since;
	o.until = until;
	o.lang = cfg->digest.lang ? cfg->digest.lang : lang;
	o.whom = names;
	o.failing_after = cfg->digest.failing_after;
	o.max_items = cfg->digest.max_items;
	o.practitioners = who;
	o.npractitioners = cfg->npractitioners;
	/* the myth catalogue gives misinformation its correction and sources;
	 * without it, misinformation is listed with a note */
	lookup.catalogue = rw_myths_load_default(problem);
	o.myth = digest_myth;
	o.myth_data = &lookup;
	d = rw_digest_collect(s, &o, err);
	rw_myths_free(&lookup.catalogue);
	free(names);
	free(who);
	return d;
}
