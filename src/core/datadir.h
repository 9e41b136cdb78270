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

/* Write "<data folder>/<leaf>" into buf; returns buf, or NULL when it does
 * not fit. */
char *rw_data_path(const char *leaf, char *buf, size_t size);

#endif
