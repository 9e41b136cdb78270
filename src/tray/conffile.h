/* conffile.h - repwatch.conf as editable text.
 *
 * Owns: reading an INI file into lines, changing keys and sections in
 * place (comments, blank lines, unknown keys and the order of everything
 * else are kept), and saving it atomically: a temporary file next to the
 * original, checked by a caller's validator (the core's rw_config_load),
 * the old file kept as FILE.bak, then rename().  Must not: interpret
 * values (the core does), or touch any file but the one it edits and its
 * .bak.  No GTK: unit-tested on its own.
 */
#ifndef RW_TRAY_CONFFILE_H
#define RW_TRAY_CONFFILE_H

#include <glib.h>

typedef struct tray_conffile tray_conffile;

#define TRAY_CONFFILE_MAX (1u << 20)   /* a bigger repwatch.conf is refused */

/* Read path; a missing file gives an empty document.  NULL with *error on
 * an unreadable or oversized file. */
tray_conffile *tray_conffile_read(const char *path, GError **error);
tray_conffile *tray_conffile_parse(const char *text);
void tray_conffile_free(tray_conffile *f);

/* The value of key in [section] (the last one, as the core reads it), as a
 * new string, or NULL. */
char *tray_conffile_get(const tray_conffile *f, const char *section, const char *key);

/* Set key in [section] to value (replacing the existing line, or adding
 * one after the section's last key; the section is appended when absent).
 * value NULL or "" removes the key.  FALSE (nothing changed) when a name
 * or the value cannot be written to an INI line (see tray_conffile_check). */
gboolean tray_conffile_set(tray_conffile *f, const char *section, const char *key, const char *value);

/* Remove [section] with its keys and the comments directly above it. */
void tray_conffile_remove_section(tray_conffile *f, const char *section);

/* Names of the sections that begin with prefix, in file order (g_strfreev). */
char **tray_conffile_sections(const tray_conffile *f, const char *prefix);

/* NULL when s can be written as a value (or a section name when
 * is_section), else why not, untranslated (N_ strings). */
const char *tray_conffile_check(const char *s, gboolean is_section);

char *tray_conffile_text(const tray_conffile *f);

/* Check the text with validate(tmp_path, data, &why) on a temporary copy
 * next to path; when it passes, keep the current file as path.bak and put
 * the new one in place with rename().  On refusal nothing but the
 * temporary file (removed again) was written; *error holds the
 * validator's message. */
typedef gboolean (*tray_conffile_validate_fn)(const char *tmp_path, void *data, char **why);
gboolean tray_conffile_save(const tray_conffile *f, const char *path,
                            tray_conffile_validate_fn validate, void *data, GError **error);

#endif
