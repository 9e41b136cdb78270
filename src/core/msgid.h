/* SPDX-License-Identifier: MIT */
/* msgid.h - N_() for the core's .c files (never included by a header).
 *
 * Owns: the mark xgettext looks for on the core's English message
 * templates and reason phrases; the core never translates them itself
 * (err.h: rw_tr, reason.h: rw_reason_render do, with the front-end's
 * translator).  The same definition as GLib's gi18n.h and front/i18n.h.
 */
#ifndef RW_MSGID_H
#define RW_MSGID_H

#ifndef N_
#define N_(String) (String)
#endif

#endif
