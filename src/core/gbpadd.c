/* SPDX-License-Identifier: MIT */
#include "gbpadd.h"
#include "fetch.h"

#include <stdio.h>
#include <stdlib.h>

int
rw_gbpadd_source(rw_conffile *f, const rw_gbp_conf *g, const rw_gbp_location *loc, const char *comment, rw_err *err)
{
	const char *const keys[][2] = {
		{ "kind", RW_GBP_KIND }, { "location", loc->name }, { "subject", loc->title },
		{ "api_base", g->api_base }, { "auth_url", g->auth_url }, { "token_url", g->token_url },
		{ "revoke_url", g->revoke_url },
		{ "allow_private", (g->fetch_flags & RW_FETCH_ALLOW_PRIVATE) ? "yes" : NULL },
	};
	char section[RW_SOURCE_NAME_MAX + 16];
	char *url = rw_gbp_reviews_url(g->api_base, loc->name);
	size_t i;
	int rc;

	if (!url)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	rc = rw_conffile_add_source(f, comment, g->name, url, "review", NULL, err);
	free(url);
	snprintf(section, sizeof(section), "source %s", g->name);
	for (i = 0; rc == RW_OK && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i][1])
			rc = rw_conffile_set(f, section, keys[i][0], keys[i][1], err);
	return rc;
}
