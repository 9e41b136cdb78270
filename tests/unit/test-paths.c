/* SPDX-License-Identifier: MIT */
/* paths.c: the XDG base directories as the specification states them. */
#include "paths.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static void
check(rw_user_dir kind, const char *leaf, const char *want, const char *what)
{
	rw_err err = { 0 };
	char *got = rw_paths_user(kind, leaf, &err);

	if (want)
		is_str(got, want, "%s", what);
	else
		ok(!got && err.code == RW_E_USAGE && strstr(err.msg, "HOME") &&
		   strstr(err.msg, rw_paths_env(kind)), "%s: %s", what, err.msg);
	free(got);
}

int
main(void)
{
	static const char *const vars[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" };
	rw_err err = { 0 };
	char *p;
	size_t i;

	for (i = 0; i < 4; i++)
		unsetenv(vars[i]);
	for (i = 0; i < 4; i++)
		is_str(rw_paths_env((rw_user_dir)i), vars[i], "kind %zu reads %s", i, vars[i]);
	ok(rw_paths_env((rw_user_dir)9) == NULL, "an unknown kind has no variable");

	/* the defaults below $HOME */
	setenv("HOME", "/home/jeanne", 1);
	check(RW_DIR_CONFIG, "repwatch.conf", "/home/jeanne/.config/repwatch/repwatch.conf", "config default");
	check(RW_DIR_DATA, "repwatch.db", "/home/jeanne/.local/share/repwatch/repwatch.db", "data default");
	check(RW_DIR_STATE, "view.ini", "/home/jeanne/.local/state/repwatch/view.ini", "state default");
	check(RW_DIR_CACHE, "x", "/home/jeanne/.cache/repwatch/x", "cache default");
	check(RW_DIR_CONFIG, NULL, "/home/jeanne/.config/repwatch", "no leaf: the folder itself");
	check(RW_DIR_CONFIG, "", "/home/jeanne/.config/repwatch", "an empty leaf: the folder itself");

	/* an absolute variable wins; empty or relative ones are ignored */
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("XDG_DATA_HOME", "/x/data", 1);
	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	check(RW_DIR_CONFIG, "repwatch.conf", "/x/conf/repwatch/repwatch.conf", "XDG_CONFIG_HOME");
	check(RW_DIR_DATA, "repwatch.db", "/x/data/repwatch/repwatch.db", "XDG_DATA_HOME");
	check(RW_DIR_STATE, "view.ini", "/x/state/repwatch/view.ini", "XDG_STATE_HOME");
	check(RW_DIR_CACHE, "x", "/x/cache/repwatch/x", "XDG_CACHE_HOME");
	setenv("XDG_CONFIG_HOME", "", 1);
	check(RW_DIR_CONFIG, "a", "/home/jeanne/.config/repwatch/a", "an empty XDG_CONFIG_HOME is unset");
	setenv("XDG_DATA_HOME", "rel/data", 1);
	check(RW_DIR_DATA, "a", "/home/jeanne/.local/share/repwatch/a", "a relative XDG_DATA_HOME is ignored");

	/* no home: an error value, never a path relative to the current folder */
	unsetenv("HOME");
	check(RW_DIR_STATE, "v", "/x/state/repwatch/v", "no HOME, XDG_STATE_HOME set: still found");
	check(RW_DIR_CONFIG, "repwatch.conf", NULL, "no HOME, no XDG_CONFIG_HOME: error");
	check(RW_DIR_DATA, "repwatch.db", NULL, "no HOME, relative XDG_DATA_HOME: error");
	setenv("HOME", "", 1);
	check(RW_DIR_CONFIG, "a", NULL, "an empty HOME: error");
	setenv("HOME", "home/rel", 1);
	check(RW_DIR_CONFIG, "a", NULL, "a relative HOME: error");

	/* an optional folder: no home is no folder and no error */
	p = rw_paths_user_optional(RW_DIR_CONFIG, "myths", &err);
	ok(!p && err.code == RW_OK, "optional folder without a home: none, no error");
	setenv("HOME", "/home/jeanne", 1);
	p = rw_paths_user_optional(RW_DIR_CONFIG, "myths", &err);
	is_str(p, "/home/jeanne/.config/repwatch/myths", "optional folder with a home");
	free(p);

	/* another program's folder below the base itself (the user's systemd units) */
	p = rw_paths_base(RW_DIR_CONFIG, "systemd/user", &err);
	is_str(p, "/home/jeanne/.config/systemd/user", "the base folder, below $HOME");
	free(p);
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	p = rw_paths_base(RW_DIR_CONFIG, "systemd/user", &err);
	is_str(p, "/x/conf/systemd/user", "the base folder, from XDG_CONFIG_HOME");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	p = rw_paths_base(RW_DIR_CONFIG, "systemd/user", &err);
	ok(!p && err.code == RW_E_USAGE, "the base folder without a home: an error value");
	return tap_done();
}
