/* SPDX-License-Identifier: MIT */
/* conffile.h - writing and editing the configuration file.
 *
 * Owns: the one editor of repwatch.conf, used by `repwatch init`, `sources
 * add|rm|import` and the tray's Preferences: reading keys as libinih reads
 * them, setting and removing keys, adding and removing sections (a
 * [source NAME] with its comment) while every other line (comments,
 * unknown keys, order) stays as it was; writing names, values and comments
 * within libinih's limits (lines of at most 198 bytes, section names of at
 * most 49, no inline " ;"), refusing what libinih would cut or misread
 * rather than storing it cut; the atomic write (a temporary file in the
 * same folder, mode 0600, fsync, rename) after checking that the new text
 * loads with rw_config_load(), the file it replaces kept as FILE.bak.
 * Must not: print, fetch, or decide which sources a user wants.
 */
#ifndef RW_CONFFILE_H
#define RW_CONFFILE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

#define RW_CONFFILE_MAX (1u << 20)   /* bytes of configuration we edit */
/* "[source " + NAME + "]" must fit libinih's 49-byte section name */
#define RW_SOURCE_NAME_MAX 42

typedef struct rw_conffile rw_conffile;

/* Read path for editing.  RW_E_IO (with the errno text) when it cannot be
 * read; RW_E_USAGE when it is too large or not text. */
rw_conffile *rw_conffile_open(const char *path, rw_err *err);
/* The same, but a file that does not exist opens as an empty text (saved,
 * it is created). */
rw_conffile *rw_conffile_open_or_empty(const char *path, rw_err *err);
void rw_conffile_free(rw_conffile **f);
const char *rw_conffile_text(const rw_conffile *f);

/* Append a [source NAME] section at the end, preceded by comment (may be
 * NULL; wrapped, each line "# ").  category and template_id may be NULL.
 * RW_E_USAGE when name is not a valid section name (rw_conffile_check_name)
 * or url is not an http(s):// or file:// address without spaces. */
int rw_conffile_add_source(rw_conffile *f, const char *comment, const char *name, const char *url,
                           const char *category, const char *template_id, rw_err *err);

/* Remove every [source NAME] section whose name or url is key, with the
 * comment lines directly above it (no blank line between); comments after
 * its last key stay (they introduce what follows).  *removed (if non-NULL)
 * receives the name, malloc'd.  RW_E_USAGE when no section matches. */
int rw_conffile_remove_source(rw_conffile *f, const char *key, char **removed, rw_err *err);

/* The value of key in the last [section] of that name, as the configuration
 * reader sees it: trimmed, continuation lines joined (a url without a
 * separator, other values with a space).  malloc'd; NULL when absent. */
char *rw_conffile_get(const rw_conffile *f, const char *section, const char *key);

/* Set key in the last [section] of that name to value: its line (and its
 * continuation lines) replaced in place, or a new line after the section's
 * last key, or the section appended at the end.  value NULL or "" removes
 * the key.  RW_E_USAGE, with nothing changed, when the section, the key or
 * the value cannot be written so that libinih reads it back the same
 * (rw_conffile_check_value; a [source NAME] is checked with
 * rw_conffile_check_name). */
int rw_conffile_set(rw_conffile *f, const char *section, const char *key, const char *value, rw_err *err);

/* Remove every [section] of that name with the comment lines directly above
 * it.  RW_E_USAGE when there is none. */
int rw_conffile_remove_section(rw_conffile *f, const char *section, rw_err *err);

/* The names of the sections that begin with prefix, in file order, each
 * once, as a NULL-terminated array (rw_conffile_names_free); NULL when
 * memory ran out. */
char **rw_conffile_sections(const rw_conffile *f, const char *prefix);
void rw_conffile_names_free(char ***names);

/* Write the edited text back, atomically, after checking that it loads;
 * the file it replaces is kept as FILE.bak. */
int rw_conffile_save(rw_conffile *f, rw_err *err);

/* Write a new configuration text to path atomically, after checking that it
 * loads.  Refuses (RW_E_USAGE) when path exists, unless overwrite (then the
 * file it replaces is kept as FILE.bak); the
 * refusal is atomic (link(2)), so two runs cannot both create it.  Missing
 * folders are created with mode 0700. */
int rw_conffile_write_new(const char *path, const char *text, int overwrite, rw_err *err);

/* 0 when name can be a [source NAME]: 1 to RW_SOURCE_NAME_MAX bytes of
 * valid UTF-8, no control character, no '[', ']', ';', no space at either
 * end.  Otherwise RW_E_USAGE with what is wrong. */
int rw_conffile_check_name(const char *name, rw_err *err);

/* 0 when value can follow "key = " and be read back as it is: valid UTF-8,
 * no control character (a line break included), no ';' or '#' after a
 * blank or at its start (libinih would read a comment), at most
 * RW_INI_MAX_LINE bytes on the line (a url may be longer: it is split into
 * continuation lines).  Otherwise RW_E_USAGE with what is wrong. */
int rw_conffile_check_value(const char *key, const char *value, rw_err *err);

/* 0 when url can be a source's url: http://, https:// or file://, no space
 * or control character.  Otherwise RW_E_USAGE with what is wrong. */
int rw_conffile_check_url(const char *url, rw_err *err);

/* wanted turned into a valid name: forbidden characters replaced by '-',
 * spaces squeezed, cut to RW_SOURCE_NAME_MAX bytes at a character boundary;
 * "source" when nothing is left.  malloc'd; NULL when memory ran out. */
char *rw_conffile_safe_name(const char *wanted);

/* Append text to b as comment lines: prefix ("# ") then words wrapped at 78
 * columns; a '\n' in text starts a new line; a word too long for a line is
 * cut.  -1 when the buffer cap was reached. */
int rw_conffile_comment(rw_buf *b, const char *prefix, const char *text);

/* Append "prefix" "key = value" to b; a value that would make the line
 * longer than libinih reads is cut into indented continuation lines, at
 * places where config.c joins them back without a separator (url).  -1 when
 * the buffer cap was reached. */
int rw_conffile_key(rw_buf *b, const char *prefix, const char *key, const char *value);

#endif
