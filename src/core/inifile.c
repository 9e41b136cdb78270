/* SPDX-License-Identifier: MIT */
#include "inifile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
rw_ini_scan_init(rw_ini_scan *s, const char *text, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->text = text;
	s->len = len;
}

/* libinih's find_chars_or_comment(): the first of chars, or a ';' after
 * white space (an inline comment), or the end. */
static size_t
find_chars_or_comment(const char *t, size_t i, size_t end, const char *chars)
{
	int was_space = 0;

	while (i < end && (!chars || !strchr(chars, t[i])) && !(was_space && t[i] == ';')) {
		was_space = isspace((unsigned char)t[i]);
		i++;
	}
	return i;
}

static void
copy_cut(char *dst, size_t size, const char *src, size_t n)
{
	if (n > size - 1)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The walk mirrors libinih's ini_parse_stream() (r55, Debian's defaults):
 * comments first, then continuation (indented, after a key), then
 * [section], then key[=:]value.  Lines of any length are reported whole
 * here; rw_ini_walk() and rw_ini_check_limits() refuse the over-long. */
int
rw_ini_scan_next(rw_ini_scan *s, rw_ini_line *l)
{
	const char *t = s->text;
	size_t b, e, i, eol;

	if (s->pos >= s->len)
		return 0;
	memset(l, 0, sizeof(*l));
	l->lineno = ++s->lineno;
	l->start = s->pos;
	eol = s->pos;
	while (eol < s->len && t[eol] != '\n')
		eol++;
	l->end = eol < s->len ? eol + 1 : eol;
	l->len = eol - s->pos;
	if (l->len && t[eol - 1] == '\r')
		l->len--;
	s->pos = l->end;

	b = l->start;
	e = l->start + l->len;
	if (l->lineno == 1 && l->len >= 3 && !memcmp(t + b, "\xEF\xBB\xBF", 3))
		b += 3;
	while (e > b && isspace((unsigned char)t[e - 1]))
		e--;
	i = b;
	while (i < e && isspace((unsigned char)t[i]))
		i++;
	memcpy(l->section, s->section, sizeof(l->section));
	if (i == e) {
		l->type = RW_INI_BLANK;
	} else if (t[i] == ';' || t[i] == '#') {
		l->type = RW_INI_COMMENT;
	} else if (s->key[0] && i > b) {
		size_t ve = find_chars_or_comment(t, i, e, NULL);
		while (ve > i && isspace((unsigned char)t[ve - 1]))
			ve--;
		l->type = RW_INI_CONTINUATION;
		memcpy(l->key, s->key, sizeof(l->key));
		l->value = i;
		l->value_len = ve - i;
	} else if (t[i] == '[') {
		size_t c = find_chars_or_comment(t, i + 1, e, "]");
		if (c < e && t[c] == ']') {
			l->type = RW_INI_SECTION;
			copy_cut(s->section, RW_INI_MAX_SECTION + 1, t + i + 1, c - i - 1);
			memcpy(l->section, s->section, sizeof(l->section));
			s->key[0] = '\0';
		} else {
			l->type = RW_INI_JUNK;
		}
	} else {
		size_t c = find_chars_or_comment(t, i, e, "=:"), ke = c, vb, ve;
		if (c >= e || (t[c] != '=' && t[c] != ':')) {
			l->type = RW_INI_JUNK;
			return 1;
		}
		while (ke > i && isspace((unsigned char)t[ke - 1]))
			ke--;
		l->type = RW_INI_KEY;
		l->key_at = i;
		l->key_len = ke - i;
		copy_cut(s->key, RW_INI_MAX_SECTION + 1, t + i, ke - i);
		memcpy(l->key, s->key, sizeof(l->key));
		vb = c + 1;
		ve = find_chars_or_comment(t, vb, e, NULL);
		while (vb < ve && isspace((unsigned char)t[vb]))
			vb++;
		while (ve > vb && isspace((unsigned char)t[ve - 1]))
			ve--;
		l->value = vb;
		l->value_len = ve - vb;
	}
	return 1;
}

int
rw_ini_read_file(const char *path, size_t max, char **out, size_t *len, rw_err *err)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	size_t n;

	*out = NULL;
	*len = 0;
	if (!fp)
		return rw_err_set(err, RW_E_IO, "cannot read '%s': %s", path, strerror(errno));
	data = malloc(max + 2);
	if (!data) {
		fclose(fp);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	n = fread(data, 1, max + 1, fp);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		free(data);
		return rw_err_set(err, RW_E_IO, "cannot read '%s': %s", path, strerror(e));
	}
	fclose(fp);
	if (n > max) {
		free(data);
		return rw_err_set(err, RW_E_USAGE, "'%s' is larger than %zu bytes: not a repwatch file?", path, max);
	}
	data[n] = '\0';
	if (memchr(data, '\0', n)) {
		free(data);
		return rw_err_set(err, RW_E_USAGE, "'%s' holds a NUL byte: not a text file", path);
	}
	*out = data;
	*len = n;
	return RW_OK;
}

int
rw_ini_check_limits(const char *path, const char *text, size_t len, rw_err *err)
{
	rw_ini_scan s;
	rw_ini_line l;

	rw_ini_scan_init(&s, text, len);
	while (rw_ini_scan_next(&s, &l)) {
		const char *p = text + l.start;
		size_t i;
		if (l.len > RW_INI_READ_MAX_LINE)
			return rw_err_set(err, RW_E_USAGE,
			                  "%s:%d: line of %zu bytes: lines are read up to %d bytes (continue a long value on indented lines)",
			                  path, l.lineno, l.len, RW_INI_READ_MAX_LINE);
		if (l.type == RW_INI_JUNK)
			return rw_err_set(err, RW_E_USAGE, "%s:%d: expected [section], key = value, or a comment",
			                  path, l.lineno);
		if (l.type == RW_INI_COMMENT || l.type == RW_INI_BLANK)
			continue;
		for (i = 1; i < l.len; i++)
			if (p[i] == ';' && (p[i - 1] == ' ' || p[i - 1] == '\t'))
				return rw_err_set(err, RW_E_USAGE,
				                  "%s:%d: ' ;' in a value: libinih takes the rest of the line for a comment (rephrase)",
				                  path, l.lineno);
	}
	return RW_OK;
}

int
rw_ini_walk(const char *text, size_t len, rw_ini_handler fn, void *user, rw_ini_stop *why)
{
	rw_ini_scan s;
	rw_ini_line l;
	rw_ini_stop dummy;

	if (!why)
		why = &dummy;
	*why = RW_INI_DONE;
	rw_ini_scan_init(&s, text, len);
	while (rw_ini_scan_next(&s, &l)) {
		char *key, *value;
		int go;
		if (l.len > RW_INI_READ_MAX_LINE) {
			*why = RW_INI_TOO_LONG;
			return l.lineno;
		}
		if (l.type == RW_INI_JUNK) {
			*why = RW_INI_SYNTAX;
			return l.lineno;
		}
		if (l.type != RW_INI_KEY && l.type != RW_INI_CONTINUATION)
			continue;
		key = l.type == RW_INI_KEY ? strndup(text + l.key_at, l.key_len) : strdup(l.key);
		value = strndup(text + l.value, l.value_len);
		go = key && value && fn(user, l.section, key, value);
		free(key);
		free(value);
		if (!key || !value)
			return -1;
		if (!go) {
			*why = RW_INI_HANDLER;
			return l.lineno;
		}
	}
	return 0;
}

struct parse_ctx {
	rw_ini *ini;
	size_t alloc, max_value;
	rw_ini_scan scan;    /* walks in step with libinih, for line numbers */
	char prev_section[64], prev_key[64];
	char msg[300];
};

static int
add_section(rw_ini *ini, const char *section)
{
	char **ns;
	size_t i;

	for (i = 0; i < ini->nsections; i++)
		if (!strcmp(ini->sections[i], section))
			return 0;
	ns = realloc(ini->sections, (ini->nsections + 1) * sizeof(*ns));
	if (!ns)
		return -1;
	ini->sections = ns;
	if (!(ns[ini->nsections] = strdup(section)))
		return -1;
	ini->nsections++;
	return 0;
}

static int
on_entry(void *user, const char *section, const char *key, const char *value)
{
	struct parse_ctx *c = user;
	rw_ini *ini = c->ini;
	rw_ini_entry *e = NULL;
	size_t i;

	if (!strcmp(section, c->prev_section) && !strcmp(key, c->prev_key)) {
		for (i = ini->n; i-- > 0;)
			if (!strcmp(ini->entries[i].section, section) && !strcmp(ini->entries[i].key, key)) {
				e = &ini->entries[i];
				break;
			}
	}
	snprintf(c->prev_section, sizeof(c->prev_section), "%s", section);
	snprintf(c->prev_key, sizeof(c->prev_key), "%s", key);
	if (e) {
		size_t have = strlen(e->value), add = strlen(value);
		char *nv;
		if (have + 1 + add > c->max_value) {
			snprintf(c->msg, sizeof(c->msg), "[%s].%s: value longer than %zu bytes", section, key, c->max_value);
			return 0;
		}
		if (!(nv = realloc(e->value, have + add + 2)))
			goto nomem;
		nv[have] = '\n';
		memcpy(nv + have + 1, value, add + 1);
		e->value = nv;
		return 1;
	}
	if (strlen(value) > c->max_value) {
		snprintf(c->msg, sizeof(c->msg), "[%s].%s: value longer than %zu bytes", section, key, c->max_value);
		return 0;
	}
	if (ini->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 32;
		rw_ini_entry *ne = realloc(ini->entries, na * sizeof(*ne));
		if (!ne)
			goto nomem;
		ini->entries = ne;
		c->alloc = na;
	}
	e = &ini->entries[ini->n];
	memset(e, 0, sizeof(*e));
	e->section = strdup(section);
	e->key = strdup(key);
	e->value = strdup(value);
	ini->n++;
	if (!e->section || !e->key || !e->value || add_section(ini, section) < 0)
		goto nomem;
	{
		rw_ini_line l;
		while (rw_ini_scan_next(&c->scan, &l))
			if (l.type == RW_INI_KEY) {
				if (!strcmp(l.section, section) && !strcmp(l.key, key))
					e->line = l.lineno;
				break;
			}
	}
	return 1;
nomem:
	snprintf(c->msg, sizeof(c->msg), "out of memory");
	return 0;
}

int
rw_ini_parse(const char *path, const char *text, size_t len, size_t max_value, rw_ini *out, rw_err *err)
{
	struct parse_ctx c;
	rw_ini_stop why;
	int line, code = RW_E_USAGE;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.ini = out;
	c.max_value = max_value;
	rw_ini_scan_init(&c.scan, text, len);
	line = rw_ini_walk(text, len, on_entry, &c, &why);
	if (line) {
		if (line < 0 || !strcmp(c.msg, "out of memory"))
			code = rw_err_set(err, RW_E_NOMEM, "out of memory reading '%s'", path);
		else if (why == RW_INI_TOO_LONG)
			rw_err_set(err, RW_E_USAGE,
			           "%s:%d: line longer than %d bytes (continue a long value on indented lines)", path,
			           line, RW_INI_READ_MAX_LINE);
		else if (why == RW_INI_HANDLER && c.msg[0])
			rw_err_set(err, RW_E_USAGE, "%s:%d: %s", path, line, c.msg);
		else
			rw_err_set(err, RW_E_USAGE, "%s:%d: expected [section], key = value, or a comment", path, line);
		rw_ini_clear(out);
		return code;
	}
	return RW_OK;
}

const char *
rw_ini_get(const rw_ini *ini, const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < ini->n; i++)
		if (!strcmp(ini->entries[i].section, section) && !strcmp(ini->entries[i].key, key))
			return ini->entries[i].value;
	return NULL;
}

void
rw_ini_clear(rw_ini *ini)
{
	size_t i;

	if (!ini)
		return;
	for (i = 0; i < ini->n; i++) {
		free(ini->entries[i].section);
		free(ini->entries[i].key);
		free(ini->entries[i].value);
	}
	free(ini->entries);
	for (i = 0; i < ini->nsections; i++)
		free(ini->sections[i]);
	free(ini->sections);
	memset(ini, 0, sizeof(*ini));
}
