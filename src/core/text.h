/* SPDX-License-Identifier: MIT */
/* text.h - turning fetched markup into text people and matchers can use.
 *
 * Owns: HTML-to-text cleaning (tags, entities, double-escaped entities,
 * Unicode spaces), Unicode folding for comparison (utf8proc: decompose, drop
 * marks, case-fold), and the token form the matcher searches, with a map back
 * to byte offsets of the original; numbers read as data writes them (a
 * dot, whatever the locale).  Must not: know about feeds or the network.
 * Every function returning a string returns a malloc'd one the caller
 * frees, or NULL when memory ran out.
 */
#ifndef RW_TEXT_H
#define RW_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Plain text from HTML or plain text: script/style removed, tags removed
 * (block tags become a space, inline tags nothing, so "Dr <b>X</b>" reads
 * "Dr X"), entities decoded (named, numeric, and double-escaped such as
 * "&amp;eacute;"), every Unicode space run collapsed to one ASCII space,
 * control characters dropped, invalid UTF-8 replaced by U+FFFD, trimmed. */
char *rw_text_clean(const char *html);

/* rw_text_clean() without its shortcut for simple markup (a few common
 * tags, complete entities, read by hand): always through libxml2's HTML
 * parser.  For the tests that check both give the same text. */
char *rw_text_clean_parsed(const char *html);

/* Plain text kept literally ("<" stays "<"): invalid UTF-8 replaced,
 * controls dropped, Unicode spaces collapsed, trimmed. */
char *rw_text_squeeze(const char *s);

/* Plain text (an Atom type="text" field, text from a DOM) for people:
 * like rw_text_squeeze, and double-escaped entities such as "&eacute;"
 * decoded once more (but &lt; &gt; &amp; &quot; kept as written). */
char *rw_text_plain(const char *s);

/* Replace invalid UTF-8 sequences in s[0..len) by U+FFFD; NUL bytes dropped. */
char *rw_text_valid_utf8(const char *s, size_t len);

/* Case- and accent-insensitive form of s: NFKD, marks dropped, case-folded,
 * oe/ae ligatures spelled out.  Punctuation and spaces are kept. */
char *rw_text_fold(const char *s);

/* Token form for whole-word matching: folded, every run of characters that
 * are not letters or digits turned into one space, with a leading and a
 * trailing space (" dr jeanne dupont ").  If map is non-NULL it receives a
 * malloc'd array: for each byte i of the result, the byte offset in s of the
 * character it came from. */
char *rw_text_tokens(const char *s, size_t **map);

/* rw_text_fold(s) with every run of white space (isspace) turned into one
 * space, and none at either end: the form text is compared in when its
 * punctuation counts ("n'est pas", "5/5"). */
char *rw_text_fold_squeezed(const char *s);

/* rw_text_tokens(s, NULL), and rw_text_fold_squeezed(s) into *squeezed,
 * in one pass over s (each character folded once for both).  NULL, with
 * *squeezed NULL, when memory ran out. */
char *rw_text_tokens_fold(const char *s, char **squeezed);

/* s as a terminal, a log or a notification may show it: every control
 * character (C0 but, with multiline, newline and tab; DEL; C1), the
 * Unicode bidirectional overrides and isolates, and bytes that are not
 * UTF-8 written out as visible escapes ("\x1b", "\r", "\u202e"), so
 * text from the network can neither move the cursor, recolour the screen
 * nor fake a line of its own.  NULL gives "". */
char *rw_text_printable(const char *s, int multiline);

/* 64-bit FNV-1a of s, for cheap "did this text change" checks. */
uint64_t rw_text_hash(const char *s);

/* Decode %XX-free HTML entities only (no tag stripping) into a new string. */
char *rw_text_decode_entities(const char *s);

/* strtod() in the C locale whatever locale the program set: numbers in
 * feeds, pages and configuration files are written with a dot, and under
 * LC_NUMERIC=fr_FR.UTF-8 strtod() would read "4.5" as 4. */
double rw_text_strtod(const char *s, char **end);

#endif
