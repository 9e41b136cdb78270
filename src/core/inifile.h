/* inifile.h - INI text as libinih sees it, line by line.
 *
 * Owns: reading a whole INI file under a size cap; walking its lines and
 * telling, for each, what Debian's libinih makes of it (blank, comment,
 * [section], key = value, continuation of the previous key); libinih's
 * limits (lines of at most RW_INI_MAX_LINE bytes, section names cut at 49
 * bytes, " ;" starting an inline comment); parsing into entries with
 * continuation lines joined.  Used to read the data files in feeds/ and to
 * edit the configuration in place.  Must not: know what the sections mean.
 */
#ifndef RW_INIFILE_H
#define RW_INIFILE_H

#include <stddef.h>

#include "err.h"

/* libinih's INI_MAX_LINE is 200 bytes with the newline and the NUL. */
#define RW_INI_MAX_LINE 198
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

/* libinih's limits, checked on text read from path: every line at most
 * RW_INI_MAX_LINE bytes, no " ;" in a value line, no junk line.
 * RW_E_USAGE with "path:line: ..." on the first breach. */
int rw_ini_check_limits(const char *path, const char *text, size_t len, rw_err *err);

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

/* Parse text with libinih into *out.  A repeated key in a section is a
 * continuation (joined with '\n', the whole value capped at max_value bytes).
 * RW_E_USAGE with "path:line: ..." on a syntax error or an over-long value. */
int rw_ini_parse(const char *path, const char *text, size_t len, size_t max_value,
                 rw_ini *out, rw_err *err);
/* The value of [section] key, or NULL. */
const char *rw_ini_get(const rw_ini *ini, const char *section, const char *key);
void rw_ini_clear(rw_ini *ini);

#endif
