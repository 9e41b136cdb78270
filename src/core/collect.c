/* SPDX-License-Identifier: MIT */
#include "collect.h"
#include "gbp.h"
#include "imap.h"
#include "msgid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The collected kinds: one entry each, its code in its own module. */
static const rw_collect_kind kinds[] = {
	{ "imap", RW_IMAP_KEYS, "imap", rw_imap_check_key, rw_imap_check_source, rw_imap_collect },
	{ RW_GBP_KIND, RW_GBP_KEYS, NULL, rw_gbp_kind_check_key, rw_gbp_check_source, rw_gbp_collect },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

const rw_collect_kind *
rw_collect_find(const char *name)
{
	const rw_collect_kind *k;

	for (k = kinds; name && k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

const rw_collect_kind *
rw_collect_for_url(const char *url)
{
	const rw_collect_kind *k;
	size_t n = url ? strcspn(url, ":") : 0;

	if (!url || url[n] != ':' || strncmp(url + n, "://", 3))
		return NULL;
	for (k = kinds; k->name; k++) {
		size_t sl = k->scheme ? strlen(k->scheme) : 0;
		/* the scheme, or its TLS form ("imaps" for "imap") */
		if (sl && !strncasecmp(url, k->scheme, sl) && (n == sl || (n == sl + 1 && (url[sl] | 0x20) == 's')))
			return k;
	}
	return NULL;
}

const rw_collect_kind *
rw_collect_of(const rw_source *src)
{
	return src->kind ? rw_collect_find(src->kind) : NULL;
}

void
rw_collect_kind_names(char *buf, size_t size)
{
	const rw_collect_kind *k;
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (k = kinds; k->name && len + strlen(k->name) + 3 < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", k->name);
}

int
rw_collect_run(const rw_collect_in *in, rw_collect_out *out)
{
	const rw_collect_kind *k = rw_collect_of(in->src);

	memset(out, 0, sizeof(*out));
	if (!k) {
		snprintf(out->error, sizeof(out->error), rw_tr(N_("'%s': not a collected source (kind = %s)")), in->src->url,
		         in->src->kind ? in->src->kind : "feed");
		return RW_E_USAGE;
	}
	return k->collect(in, out);
}

void
rw_collect_out_clear(rw_collect_out *out)
{
	if (!out)
		return;
	rw_feed_free(out->feed);
	free(out->state);
	free(out->evidence);
	free(out->notes);
	memset(out, 0, sizeof(*out));
}
