/* SPDX-License-Identifier: MIT */
/* inifile.h - the one INI reader: libinih's dialect, any line length.
 *
 * Owns: reading a whole INI file under a size cap; walking its lines and
 * telling, for each, what libinih's dialect makes of it (blank, comment,
 * [section], key = value, continuation of the previous key); calling a
 * handler for each key as ini_parse() would (rw_ini_walk: the
 * configuration and the data files are both read through it, so a line
 * means the same everywhere); the dialect's limits (lines of at most
 * RW_INI_READ_MAX_LINE bytes, section and key names cut at 49 bytes, " ;"
 * starting an inline comment); parsing into entries with continuation
 * lines joined.  Used to read the data files in feeds/ and the
 * configuration, and to edit the configuration in place.  Must not: know
 * what the sections mean.
 */
#ifndef RW_INIFILE_H
#define RW_INIFILE_H

#include <stddef.h>

#include "err.h"

/* The longest line written back (rw_conffile wraps at it): libinih's
 * INI_MAX_LINE, 200 bytes with the newline and the NUL, so that a file
 * repwatch writes also reads with libinih itself. */
#define RW_INI_MAX_LINE 198
/* The longest line read (documented in repwatch.conf(5)); a longer one is
 * an error at its line, never cut. */
#define RW_INI_READ_MAX_LINE 8192
/* libinih's section buffer: names longer than this are cut. */
#define RW_INI_MAX_SECTION 49

typedef enum rw_ini_line_type {
	RW_INI_BLANK, RW_INI_COMMENT, RW_INI_SECTION, RW_INI_KEY, RW_INI_CONTINUATION,
	RW_INI_JUNK          /* libinih would call this a syntax error */
} rw_ini_line_type;

typedef struct rw_ini_line {
	rw_ini_line_type type;
	int lineno;          /* from 1 */
	size_t start, len;   /* byte span of the line, end of line excluded */
	size_t end;          /* offset of the next line */
	char section[64];    /* the section this line is in (for SECTION: the new one) */
	char key[64];        /* KEY, CONTINUATION: the key */
	size_t value, value_len; /* KEY, CONTINUATION: span of the value as libinih passes it */
	size_t key_at, key_len;  /* KEY: span of the whole key name */
} rw_ini_line;

typedef struct rw_ini_scan {
	const char *text;
	size_t len, pos;
	int lineno;
	char section[64], key[64];
} rw_ini_scan;

void rw_ini_scan_init(rw_ini_scan *s, const char *text, size_t len);
/* Fill *line with the next line; 0 at the end of the text. */
int rw_ini_scan_next(rw_ini_scan *s, rw_ini_line *line);

/* Read path whole (at most max bytes), NUL-terminated, into *out (free it).
 * RW_E_IO when it cannot be read, RW_E_USAGE when it is larger than max or
 * holds a NUL byte. */
int rw_ini_read_file(const char *path, size_t max, char **out, size_t *len, rw_err *err);

/* The dialect's limits, checked on text read from path: every line at most
 * RW_INI_READ_MAX_LINE bytes, no " ;" in a value line, no junk line.
 * RW_E_USAGE with "path:line: ..." on the first breach. */
int rw_ini_check_limits(const char *path, const char *text, size_t len, rw_err *err);

/* Called for each key = value and each continuation line (with the
 * same section and key again), as libinih's ini_handler: non-zero to go
 * on, 0 to stop at this line. */
typedef int (*rw_ini_handler)(void *user, const char *section, const char *key, const char *value);

/* Why rw_ini_walk stopped. */
typedef enum rw_ini_stop {
	RW_INI_DONE, RW_INI_HANDLER, RW_INI_SYNTAX, RW_INI_TOO_LONG
} rw_ini_stop;

/* Walk text (len bytes) calling fn for each value, stopping at the first
 * line that fn refuses, that is neither blank, comment, [section] nor
 * key = value, or that is longer than RW_INI_READ_MAX_LINE bytes.  Returns
 * that line's number (from 1) with *why saying which, or 0 (RW_INI_DONE)
 * at the end; -1 when memory ran out. */
int rw_ini_walk(const char *text, size_t len, rw_ini_handler fn, void *user, rw_ini_stop *why);

/* One key's value; continuation lines joined with '\n'. */
typedef struct rw_ini_entry {
	char *section, *key, *value;
	int line;            /* of the key line */
} rw_ini_entry;

typedef struct rw_ini {
	rw_ini_entry *entries;
	size_t n;
	char **sections;     /* section names in file order, each once */
	size_t nsections;
} rw_ini;

/* Parse text with rw_ini_walk into *out.  A repeated key in a section is a
 * continuation (joined with '\n', the whole value capped at max_value bytes).
 * RW_E_USAGE with "path:line: ..." on a syntax error or an over-long value. */
int rw_ini_parse(const char *path, const char *text, size_t len, size_t max_value,
                 rw_ini *out, rw_err *err);
/* The value of [section] key, or NULL. */
const char *rw_ini_get(const rw_ini *ini, const char *section, const char *key);
void rw_ini_clear(rw_ini *ini);

#endif
