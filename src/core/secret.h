/* SPDX-License-Identifier: MIT */
/* secret.h - a password kept in a file of its own.
 *
 * Owns: reading a password file (password_file = of [digest] and of a
 * mailbox source): refused when others may read it (mode 0600 or
 * stricter), no link followed, its first line only.  The messages name
 * the file, never its content.
 * Must not: print, keep a copy of the secret it returns, or say where the
 * file is named (the caller's message says which setting it came from).
 */
#ifndef RW_SECRET_H
#define RW_SECRET_H

#include "err.h"

/* The first line of the file at path, in a new string (*out; the caller
 * wipes and frees it).  RW_E_USAGE when others may read the file, RW_E_IO
 * when it cannot be read, RW_E_NOMEM; *out is then NULL. */
int rw_secret_read_file(const char *path, char **out, rw_err *err);

#endif
