/* SPDX-License-Identifier: MIT */
/* datadir.h - where repwatch's shipped data lives (feeds/: lexicons,
 * myths, templates).
 *
 * Owns: the one rule for finding it: $REPWATCH_DATADIR when set (the tests
 * and `meson devenv` point it at the source tree's feeds/); else the
 * installed folder (RW_PKGDATADIR).  No build path is compiled in.
 * Must not: read the files.
 */
#ifndef RW_DATADIR_H
#define RW_DATADIR_H

#include <stddef.h>

/* The data folder; *from_env (when non-NULL) is 1 when REPWATCH_DATADIR
 * named it, so a message can say which to fix. */
const char *rw_data_dir(int *from_env);

/* Write "<data folder>/<leaf>" into buf; returns buf, or NULL when it does
 * not fit. */
char *rw_data_path(const char *leaf, char *buf, size_t size);

#endif
