/* SPDX-License-Identifier: MIT */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>

static const struct {
	const char *env;
	const char *below_home;
} bases[] = {
	[RW_DIR_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
	[RW_DIR_DATA] = { "XDG_DATA_HOME", ".local/share" },
	[RW_DIR_STATE] = { "XDG_STATE_HOME", ".local/state" },
	[RW_DIR_CACHE] = { "XDG_CACHE_HOME", ".cache" },
};

const char *
rw_paths_env(rw_user_dir kind)
{
	return (unsigned)kind < sizeof(bases) / sizeof(bases[0]) ? bases[kind].env : NULL;
}

/* "<base>" "<app>" "/<leaf>" for kind; app is "/repwatch" or "". */
static char *
user_path(rw_user_dir kind, const char *app, const char *leaf, rw_err *err)
{
	const char *env = rw_paths_env(kind), *base, *home;
	const char *sep = leaf && *leaf ? "/" : "";
	char *out = NULL;
	int n;

	if (!env) {
		rw_err_set(err, RW_E_INTERNAL, "unknown kind of user folder (%d)", (int)kind);
		return NULL;
	}
	base = getenv(env);
	home = getenv("HOME");
	if (!leaf)
		leaf = "";
	if (base && *base == '/')
		n = asprintf(&out, "%s%s%s%s", base, app, sep, leaf);
	else if (home && *home == '/')
		n = asprintf(&out, "%s/%s%s%s%s", home, bases[kind].below_home, app, sep, leaf);
	else {
		rw_err_set(err, RW_E_USAGE,
		           "cannot tell where your repwatch files are: HOME is not set (or not an absolute path) "
		           "and neither is %s; set HOME, or give the file's path", env);
		return NULL;
	}
	if (n < 0) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	return out;
}

char *
rw_paths_user(rw_user_dir kind, const char *leaf, rw_err *err)
{
	return user_path(kind, "/repwatch", leaf, err);
}

char *
rw_paths_base(rw_user_dir kind, const char *leaf, rw_err *err)
{
	return user_path(kind, "", leaf, err);
}

char *
rw_paths_user_optional(rw_user_dir kind, const char *leaf, rw_err *err)
{
	rw_err local = { 0 };
	char *out = rw_paths_user(kind, leaf, &local);

	if (!out && local.code == RW_E_NOMEM)
		rw_err_set(err, local.code, "%s", local.msg);
	return out;
}
