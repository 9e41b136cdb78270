/* SPDX-License-Identifier: MIT */
/* datadir.h - where repwatch's shipped data lives (feeds/: lexicons,
 * myths, templates).
 *
 * Owns: the one rule for finding it: $REPWATCH_DATADIR when set; else the
 * installed folder (RW_PKGDATADIR) when it holds lexicons/; else the source
 * tree's feeds/ (RW_SRCDATADIR), so an uninstalled build finds its data.
 * Must not: read the files.
 */
#ifndef RW_DATADIR_H
#define RW_DATADIR_H

#include <stddef.h>

/* Write "<data folder>/<leaf>" into buf; returns buf, or NULL when it does
 * not fit. */
char *rw_data_path(const char *leaf, char *buf, size_t size);

#endif
