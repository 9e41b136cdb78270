/* SPDX-License-Identifier: MIT */
#include "datadir.h"
#include "rw-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *
data_dir(void)
{
	const char *env = getenv("REPWATCH_DATADIR");
	struct stat st;

	if (env && *env)
		return env;
	if (stat(RW_PKGDATADIR "/lexicons", &st) == 0 && S_ISDIR(st.st_mode))
		return RW_PKGDATADIR;
	return RW_SRCDATADIR;
}

char *
rw_data_path(const char *leaf, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", data_dir(), leaf);

	return n < 0 || (size_t)n >= size ? NULL : buf;
}
