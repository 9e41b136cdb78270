/* SPDX-License-Identifier: MIT */
/* mythof.h - the myth a stored mention spreads.
 *
 * Owns: which myth of the catalogue a stored mention carries, the same
 * answer for `repwatch digest`, `repwatch rebut` and the tray's
 * Correction...: the id the scan stored with its analysis when the
 * catalogue has it, else the catalogue's match on the mention's title and
 * text now.
 * Must not: print, or load the catalogue (the caller loads it once).
 */
#ifndef RW_MYTHOF_H
#define RW_MYTHOF_H

#include <stdint.h>

#include "myths.h"
#include "store.h"

/* The myth of stored mention id, whose title and body are given (either
 * may be NULL); NULL when none.  *stored (if non-NULL) is 1 when the scan
 * stored a myth id for it (even one the catalogue no longer has). */
const rw_myth *rw_mythof_mention(const rw_myths *cat, rw_store *s, int64_t id, const char *title, const char *body,
                                 int *stored);

#endif
