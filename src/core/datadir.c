/* SPDX-License-Identifier: MIT */
#include "datadir.h"
#include "rw-config.h"

#include <stdio.h>
#include <stdlib.h>

static const char *
data_dir(void)
{
	const char *env = getenv("REPWATCH_DATADIR");

	if (env && *env)
		return env;
	/* an uninstalled build has no data here: its files fail to open with a
	 * message naming REPWATCH_DATADIR (meson devenv and the tests set it) */
	return RW_PKGDATADIR;
}

char *
rw_data_path(const char *leaf, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", data_dir(), leaf);

	return n < 0 || (size_t)n >= size ? NULL : buf;
}
