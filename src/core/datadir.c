/* SPDX-License-Identifier: MIT */
#include "datadir.h"
#include "rw-config.h"

#include <stdio.h>
#include <stdlib.h>

const char *
rw_data_dir(int *from_env)
{
	const char *env = getenv("REPWATCH_DATADIR");

	if (from_env)
		*from_env = env && *env;
	if (env && *env)
		return env;
	/* an uninstalled build has no data here: its files fail to open with a
	 * message naming REPWATCH_DATADIR (meson devenv and the tests set it) */
	return RW_PKGDATADIR;
}

char *
rw_data_path(const char *leaf, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", rw_data_dir(NULL), leaf);

	return n < 0 || (size_t)n >= size ? NULL : buf;
}
