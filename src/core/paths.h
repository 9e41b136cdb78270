/* SPDX-License-Identifier: MIT */
/* paths.h - where repwatch keeps a user's files (the XDG base directories).
 *
 * Owns: the one rule for the user's folders, as the XDG Base Directory
 * specification states it: $XDG_CONFIG_HOME, $XDG_DATA_HOME, $XDG_STATE_HOME
 * and $XDG_CACHE_HOME when set to an absolute path; otherwise (unset, empty
 * or relative: the spec says to ignore a relative one) $HOME/.config,
 * $HOME/.local/share, $HOME/.local/state and $HOME/.cache.  Every file of
 * repwatch's lives in a "repwatch" folder below that base.
 * Must not: create, read or write the folders (callers do), nor guess a
 * home: with no usable $HOME and no usable XDG variable it returns an error
 * value, not a path relative to wherever the program was started.
 * The shipped data (feeds/) is datadir.h's, not this module's.
 */
#ifndef RW_PATHS_H
#define RW_PATHS_H

#include "err.h"

typedef enum rw_user_dir {
	RW_DIR_CONFIG,   /* $XDG_CONFIG_HOME, default ~/.config */
	RW_DIR_DATA,     /* $XDG_DATA_HOME, default ~/.local/share */
	RW_DIR_STATE,    /* $XDG_STATE_HOME, default ~/.local/state */
	RW_DIR_CACHE     /* $XDG_CACHE_HOME, default ~/.cache */
} rw_user_dir;

/* The environment variable that names the base of kind ("XDG_CONFIG_HOME"...). */
const char *rw_paths_env(rw_user_dir kind);

/* A newly allocated "<base>/repwatch/<leaf>" (leaf NULL or "": the
 * "<base>/repwatch" folder itself); the caller frees it.  NULL with err set
 * (RW_E_USAGE) when neither the XDG variable nor $HOME is an absolute path,
 * or RW_E_NOMEM. */
char *rw_paths_user(rw_user_dir kind, const char *leaf, rw_err *err);

/* The same below the base itself, for another program's files that
 * repwatch reads ("<base>/<leaf>": the user's systemd units). */
char *rw_paths_base(rw_user_dir kind, const char *leaf, rw_err *err);

/* The same for a folder of additions that is read only when it exists
 * (the user's templates, myths, reply rules): with no home to find it in
 * there is nothing to add, so NULL with err left untouched; NULL with err
 * set (RW_E_NOMEM) only when memory ran out. */
char *rw_paths_user_optional(rw_user_dir kind, const char *leaf, rw_err *err);

#endif
