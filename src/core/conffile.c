/* SPDX-License-Identifier: MIT */
#include "conffile.h"
#include "config.h"
#include "inifile.h"
#include "url.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define WRAP_COLUMNS 78

struct rw_conffile {
	char *path;
	rw_buf text;
};

static rw_conffile *
conffile_new(const char *path, rw_err *err)
{
	rw_conffile *f = calloc(1, sizeof(*f));

	if (!f || !(f->path = strdup(path))) {
		free(f);
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	rw_buf_init(&f->text, RW_CONFFILE_MAX + 64 * 1024);
	return f;
}

rw_conffile *
rw_conffile_open(const char *path, rw_err *err)
{
	rw_conffile *f = conffile_new(path, err);
	char *text;
	size_t len;

	if (!f)
		return NULL;
	if (rw_ini_read_file(path, RW_CONFFILE_MAX, &text, &len, err)) {
		rw_conffile_free(&f);
		return NULL;
	}
	if (rw_buf_add(&f->text, text, len) < 0) {
		free(text);
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		rw_conffile_free(&f);
		return NULL;
	}
	free(text);
	return f;
}

rw_conffile *
rw_conffile_open_or_empty(const char *path, rw_err *err)
{
	struct stat sb;

	if (stat(path, &sb) == 0 || errno != ENOENT)
		return rw_conffile_open(path, err);
	return conffile_new(path, err);
}

void
rw_conffile_free(rw_conffile **fp)
{
	if (!fp || !*fp)
		return;
	free((*fp)->path);
	rw_buf_free(&(*fp)->text);
	free(*fp);
	*fp = NULL;
}

const char *
rw_conffile_text(const rw_conffile *f)
{
	return f->text.data ? f->text.data : "";
}

/* ---------------------------------------------------------------- names */

static size_t
utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80 && p[0] >= 0xC2)
		return 2;
	if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
		return 3;
	if ((p[0] & 0xF8) == 0xF0 && p[0] <= 0xF4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80)
		return 4;
	return 0;
}

int
rw_conffile_check_name(const char *name, rw_err *err)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len = strlen(name);

	if (!len)
		return rw_err_set(err, RW_E_USAGE, "a source needs a name");
	if (len > RW_SOURCE_NAME_MAX)
		return rw_err_set(err, RW_E_USAGE, "source name '%s' is longer than %d bytes (libinih cuts section names): "
		                  "choose a shorter one", name, RW_SOURCE_NAME_MAX);
	if (name[0] == ' ' || name[len - 1] == ' ')
		return rw_err_set(err, RW_E_USAGE, "source name '%s' starts or ends with a space", name);
	while (*p) {
		size_t n = utf8_len(p);
		if (!n)
			return rw_err_set(err, RW_E_USAGE, "source name '%s' is not valid UTF-8", name);
		if (n == 1 && (*p < 0x20 || *p == 0x7f || *p == '[' || *p == ']' || *p == ';'))
			return rw_err_set(err, RW_E_USAGE, "source name '%s' holds '%c' or a control character: "
			                  "names cannot hold [ ] ; (the configuration's syntax)", name,
			                  *p >= 0x20 && *p != 0x7f ? *p : '?');
		p += n;
	}
	return RW_OK;
}

char *
rw_conffile_safe_name(const char *wanted)
{
	const unsigned char *p = (const unsigned char *)(wanted ? wanted : "");
	rw_buf b;
	int space = 0;

	rw_buf_init(&b, 4 * RW_SOURCE_NAME_MAX + 8);
	while (*p) {
		size_t n = utf8_len(p);
		if (!n) {                              /* a stray byte */
			p++;
			continue;
		}
		if (n == 1 && (*p <= ' ' || *p == 0x7f)) {
			space = b.len > 0;
			p++;
			continue;
		}
		if (b.len + (space ? 1 : 0) + n > RW_SOURCE_NAME_MAX)
			break;
		if (space && rw_buf_addc(&b, ' ') < 0)
			break;
		space = 0;
		if (n == 1 && (*p == '[' || *p == ']' || *p == ';')) {
			if (rw_buf_addc(&b, '-') < 0)
				break;
		} else if (rw_buf_add(&b, p, n) < 0) {
			break;
		}
		p += n;
	}
	if (!b.len && rw_buf_addstr(&b, "source") < 0) {
		rw_buf_free(&b);
		return NULL;
	}
	return rw_buf_steal(&b);
}

/* ---------------------------------------------------------------- writing lines */

/* Columns of n bytes of UTF-8 (code points that are not continuation bytes). */
static size_t
columns(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* The longest prefix of s[0..n) of at most max bytes that ends on a
 * character boundary. */
static size_t
cut_at_char(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

int
rw_conffile_comment(rw_buf *b, const char *prefix, const char *text)
{
	size_t plen = strlen(prefix), limit = RW_INI_MAX_LINE - 8;
	const char *line = text;

	while (line) {
		const char *nl = strchr(line, '\n');
		size_t llen = nl ? (size_t)(nl - line) : strlen(line), pos = 0;
		size_t cur_cols = 0, cur_bytes = 0;
		int started = 0;

		if (rw_buf_addstr(b, prefix) < 0)
			return -1;
		while (pos < llen) {
			size_t ws = pos, we;
			while (ws < llen && (line[ws] == ' ' || line[ws] == '\t'))
				ws++;
			if (ws >= llen)
				break;
			we = ws;
			while (we < llen && line[we] != ' ' && line[we] != '\t')
				we++;
			while (we > ws) {
				size_t wlen = we - ws, wcols = columns(line + ws, wlen);
				int fits = !started || (cur_cols + 1 + wcols <= WRAP_COLUMNS &&
				                        plen + cur_bytes + 1 + wlen <= limit);
				if (!fits) {
					if (rw_buf_addc(b, '\n') < 0 || rw_buf_addstr(b, prefix) < 0)
						return -1;
					cur_cols = cur_bytes = 0;
					started = 0;
					continue;
				}
				if (started && rw_buf_addc(b, ' ') < 0)
					return -1;
				if (plen + cur_bytes + wlen > limit)      /* a word longer than a line */
					wlen = cut_at_char(line + ws, wlen, limit - plen - cur_bytes);
				if (rw_buf_add(b, line + ws, wlen) < 0)
					return -1;
				cur_cols += (started ? 1 : 0) + columns(line + ws, wlen);
				cur_bytes += (started ? 1 : 0) + wlen;
				started = 1;
				ws += wlen;
				if (ws < we) {                           /* the rest of a cut word */
					if (rw_buf_addc(b, '\n') < 0 || rw_buf_addstr(b, prefix) < 0)
						return -1;
					cur_cols = cur_bytes = 0;
					started = 0;
				}
			}
			pos = we;
		}
		if (rw_buf_addc(b, '\n') < 0)
			return -1;
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

int
rw_conffile_key(rw_buf *b, const char *prefix, const char *key, const char *value)
{
	size_t head = strlen(prefix) + strlen(key) + 3, len = strlen(value), pos = 0;
	int first = 1;

	if (rw_buf_printf(b, "%s%s = ", prefix, key) < 0)
		return -1;
	if (head + len <= RW_INI_MAX_LINE)
		return rw_buf_printf(b, "%s\n", value);
	while (pos < len) {
		size_t room = RW_INI_MAX_LINE - (first ? head : strlen(prefix) + 2), n = len - pos;
		if (n > room) {
			/* a continuation must not look like a new url, a comment or an end of line */
			n = cut_at_char(value + pos, n, room);
			while (n > 1 && (rw_url_is_source(value + pos + n) || value[pos + n] == ';' || value[pos + n] == '#' ||
			                 value[pos + n] == ' '))
				n--;
		}
		if ((!first && rw_buf_printf(b, "%s  ", prefix) < 0) || rw_buf_add(b, value + pos, n) < 0 ||
		    rw_buf_addc(b, '\n') < 0)
			return -1;
		pos += n;
		first = 0;
	}
	return 0;
}

/* ---------------------------------------------------------------- editing */

int
rw_conffile_check_url(const char *url, rw_err *err)
{
	const unsigned char *p;

	if (!rw_url_is_source(url))
		return rw_err_set(err, RW_E_USAGE, "'%s' is not an http://, https:// or file:// address", url);
	for (p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return rw_err_set(err, RW_E_USAGE, "'%s' holds a space or a control character: "
			                  "write a space as %%20", url);
	return RW_OK;
}

int
rw_conffile_check_value(const char *key, const char *value, rw_err *err)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value);

	if (len && (value[0] == ' ' || value[0] == '\t' || value[len - 1] == ' ' || value[len - 1] == '\t'))
		return rw_err_set(err, RW_E_USAGE, "%s '%s' starts or ends with a space", key, value);
	if (value[0] == ';')
		return rw_err_set(err, RW_E_USAGE, "%s '%s' starts with ';', which the configuration reads as a comment",
		                  key, value);
	for (; *p; p++) {
		size_t n = utf8_len(p);
		if (!n)
			return rw_err_set(err, RW_E_USAGE, "%s '%s' is not valid UTF-8", key, value);
		if (n == 1 && (*p < 0x20 || *p == 0x7f))
			return rw_err_set(err, RW_E_USAGE, "%s cannot hold a line break or a control character", key);
		if (*p == ';' && (p[-1] == ' ' || p[-1] == '\t'))
			return rw_err_set(err, RW_E_USAGE, "%s '%s': a ';' after a space starts a comment in the "
			                  "configuration: remove the space before it", key, value);
		p += n - 1;
	}
	if (strcmp(key, "url") && strlen(key) + 3 + len > RW_INI_MAX_LINE)
		return rw_err_set(err, RW_E_USAGE, "%s is longer than the configuration reads (%zu bytes at most)", key,
		                  (size_t)RW_INI_MAX_LINE - strlen(key) - 3);
	return RW_OK;
}

int
rw_conffile_add_source(rw_conffile *f, const char *comment, const char *name, const char *url,
                       const char *category, const char *template_id, rw_err *err)
{
	rw_buf *b = &f->text;
	size_t before = b->len;
	int rc;

	if ((rc = rw_conffile_check_name(name, err)) || (rc = rw_conffile_check_url(url, err)))
		return rc;
	if (category && rw_conffile_check_name(category, NULL))
		return rw_err_set(err, RW_E_USAGE, "'%s' is not a category", category);
	if (template_id && rw_conffile_check_name(template_id, NULL))
		return rw_err_set(err, RW_E_USAGE, "'%s' is not a template id", template_id);
	/* one blank line between the last section and the new one */
	if (b->len && b->data[b->len - 1] != '\n' && rw_buf_addc(b, '\n') < 0)
		goto full;
	if (b->len && !(b->len >= 2 && b->data[b->len - 2] == '\n') && rw_buf_addc(b, '\n') < 0)
		goto full;
	if (comment && rw_conffile_comment(b, "# ", comment) < 0)
		goto full;
	if (rw_buf_printf(b, "[source %s]\n", name) < 0 || rw_conffile_key(b, "", "url", url) < 0 ||
	    (category && rw_conffile_key(b, "", "category", category) < 0) ||
	    (template_id && rw_conffile_key(b, "", "template", template_id) < 0))
		goto full;
	return RW_OK;
full:
	b->len = before;
	if (b->data)
		b->data[before] = '\0';
	return rw_err_set(err, RW_E_USAGE, "'%s' would grow past %u bytes", f->path, RW_CONFFILE_MAX);
}

/* The section name libinih sees when the file says [prefix name]. */
static void
ini_section(const char *prefix, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s%s", prefix, name);
	if (strlen(out) > RW_INI_MAX_SECTION)
		out[RW_INI_MAX_SECTION] = '\0';
}

struct span {
	size_t from, to;     /* byte range to delete */
};

/* Delete from f every section named want (or, when url_key is not NULL,
 * every [source ...] whose url is url_key), each with the comment lines
 * directly above it.  *nremoved gets how many; *removed (if non-NULL) the
 * first one's source name, malloc'd. */
static int
remove_where(rw_conffile *f, const char *want, const char *url_key, size_t *nremoved, char **removed, rw_err *err)
{
	const char *t = rw_conffile_text(f);
	size_t len = f->text.len, nspans = 0, i;
	struct span *spans = NULL;
	char url[4096], name[64] = "";
	rw_ini_scan s;
	rw_ini_line l;
	/* the section being walked */
	int in_section = 0;
	size_t block_start = 0, last_key_end = 0, comment_start = 0;
	int comment_run = 0;
	rw_buf out;

	*nremoved = 0;
	if (removed)
		*removed = NULL;
	url[0] = '\0';
	rw_ini_scan_init(&s, t, len);
	for (;;) {
		int more = rw_ini_scan_next(&s, &l);
		if (!more || l.type == RW_INI_SECTION) {
			/* close the section being walked */
			if (in_section &&
			    (!strcmp(name, want) || (url_key && !strncmp(name, "source ", 7) && !strcmp(url, url_key)))) {
				struct span *ns = realloc(spans, (nspans + 1) * sizeof(*ns));
				if (!ns) {
					free(spans);
					return rw_err_set(err, RW_E_NOMEM, "out of memory");
				}
				spans = ns;
				spans[nspans].from = block_start;
				spans[nspans].to = last_key_end;
				nspans++;
				if (removed && !*removed && !(*removed = strdup(name + (strncmp(name, "source ", 7) ? 0 : 7)))) {
					free(spans);
					return rw_err_set(err, RW_E_NOMEM, "out of memory");
				}
			}
			if (!more)
				break;
			in_section = 1;
			snprintf(name, sizeof(name), "%s", l.section);
			url[0] = '\0';
			block_start = comment_run ? comment_start : l.start;
			last_key_end = l.end;
			comment_run = 0;
			continue;
		}
		switch (l.type) {
		case RW_INI_COMMENT:
			if (!comment_run)
				comment_start = l.start;
			comment_run = 1;
			break;
		case RW_INI_BLANK:
			comment_run = 0;
			break;
		case RW_INI_KEY:
		case RW_INI_CONTINUATION:
			comment_run = 0;
			last_key_end = l.end;
			if (in_section && !strcmp(l.key, "url")) {
				char v[sizeof(url)];
				snprintf(v, sizeof(v), "%.*s", (int)l.value_len, t + l.value);
				if (l.type == RW_INI_KEY || rw_url_is_source(v) || !*url)
					snprintf(url, sizeof(url), "%s", v);
				else
					snprintf(url + strlen(url), sizeof(url) - strlen(url), "%s", v);
			}
			break;
		default:
			comment_run = 0;
			last_key_end = l.end;
			break;
		}
	}
	if (!nspans)
		return RW_OK;
	rw_buf_init(&out, f->text.max);
	{
		size_t pos = 0;
		for (i = 0; i < nspans; i++) {
			size_t from = spans[i].from, to = spans[i].to;
			/* no double blank line where the section was */
			int blank_before = from == 0 || (from >= 2 && t[from - 1] == '\n' && t[from - 2] == '\n');
			if (blank_before && to < len && t[to] == '\n')
				to++;
			else if (blank_before && to == len && from > 0)
				from--;      /* the blank line add_source put before a last section */
			if (rw_buf_add(&out, t + pos, from - pos) < 0)
				goto nomem;
			pos = to;
		}
		if (rw_buf_add(&out, t + pos, len - pos) < 0)
			goto nomem;
	}
	free(spans);
	rw_buf_free(&f->text);
	f->text = out;
	*nremoved = nspans;
	return RW_OK;
nomem:
	free(spans);
	rw_buf_free(&out);
	if (removed) {
		free(*removed);
		*removed = NULL;
	}
	return rw_err_set(err, RW_E_NOMEM, "out of memory");
}

int
rw_conffile_remove_source(rw_conffile *f, const char *key, char **removed, rw_err *err)
{
	char want[64];
	size_t n;
	int rc;

	ini_section("source ", key, want, sizeof(want));
	if ((rc = remove_where(f, want, key, &n, removed, err)))
		return rc;
	if (!n)
		return rw_err_set(err, RW_E_USAGE, "'%s' declares no [source %s] and no source with that url", f->path,
		                  key);
	return RW_OK;
}

int
rw_conffile_remove_section(rw_conffile *f, const char *section, rw_err *err)
{
	char want[64];
	size_t n;
	int rc;

	ini_section("", section, want, sizeof(want));
	if ((rc = remove_where(f, want, NULL, &n, NULL, err)))
		return rc;
	if (!n)
		return rw_err_set(err, RW_E_USAGE, "'%s' has no [%s]", f->path, section);
	return RW_OK;
}

/* ---------------------------------------------------------------- keys */

char *
rw_conffile_get(const rw_conffile *f, const char *section, const char *key)
{
	const char *t = rw_conffile_text(f);
	char want[64];
	rw_ini_scan s;
	rw_ini_line l;
	rw_buf v;
	int found = 0;

	ini_section("", section, want, sizeof(want));
	rw_buf_init(&v, RW_CONFFILE_MAX);
	rw_ini_scan_init(&s, t, f->text.len);
	while (rw_ini_scan_next(&s, &l)) {
		if ((l.type != RW_INI_KEY && l.type != RW_INI_CONTINUATION) || strcmp(l.section, want) ||
		    strcmp(l.key, key))
			continue;
		if (l.type == RW_INI_KEY) {
			rw_buf_reset(&v);
			found = 1;
		} else if (!found) {
			continue;
		} else if (v.len && strcmp(key, "url") && rw_buf_addc(&v, ' ') < 0) {
			break;
		}
		if (rw_buf_add(&v, t + l.value, l.value_len) < 0)
			break;
	}
	if (!found || (!v.data && rw_buf_addstr(&v, "") < 0)) {
		rw_buf_free(&v);
		return NULL;
	}
	return rw_buf_steal(&v);
}

/* section can be written as [section] and read back whole. */
static int
check_section(const char *section, rw_err *err)
{
	const unsigned char *p;

	if (!strncmp(section, "source ", 7))
		return rw_conffile_check_name(section + 7, err);
	if (!*section || strlen(section) > RW_INI_MAX_SECTION)
		return rw_err_set(err, RW_E_USAGE, "section name '%s' must have 1 to %d bytes", section,
		                  RW_INI_MAX_SECTION);
	for (p = (const unsigned char *)section; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '[' || *p == ']' || *p == ';')
			return rw_err_set(err, RW_E_USAGE, "section name '%s' holds [ ] ; or a control character",
			                  section);
	return RW_OK;
}

static int
check_key(const char *key, rw_err *err)
{
	const char *p;

	if (!*key || strlen(key) > RW_INI_MAX_SECTION)
		return rw_err_set(err, RW_E_USAGE, "key '%s' must have 1 to %d bytes", key, RW_INI_MAX_SECTION);
	for (p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-' || *p == '.'))
			return rw_err_set(err, RW_E_USAGE, "key '%s' may hold letters, digits, '_', '-' and '.' only", key);
	return RW_OK;
}

/* Replace text[from, to) with the n bytes at with. */
static int
text_splice(rw_conffile *f, size_t from, size_t to, const char *with, size_t n, rw_err *err)
{
	rw_buf out;

	rw_buf_init(&out, f->text.max);
	if (rw_buf_add(&out, rw_conffile_text(f), from) < 0 || rw_buf_add(&out, with, n) < 0 ||
	    rw_buf_add(&out, rw_conffile_text(f) + to, f->text.len - to) < 0 || (!out.data && rw_buf_addstr(&out, "") < 0)) {
		rw_buf_free(&out);
		return rw_err_set(err, RW_E_USAGE, "'%s' would grow past %u bytes", f->path, RW_CONFFILE_MAX);
	}
	rw_buf_free(&f->text);
	f->text = out;
	return RW_OK;
}

int
rw_conffile_set(rw_conffile *f, const char *section, const char *key, const char *value, rw_err *err)
{
	const char *t = rw_conffile_text(f);
	char want[64];
	rw_ini_scan s;
	rw_ini_line l;
	/* the key's last line (with its continuations); where a new key goes */
	int have_key = 0, have_section = 0, in_key = 0;
	size_t key_from = 0, key_to = 0, insert_at = 0;
	rw_buf line;
	int rc;

	if ((rc = check_section(section, err)) || (rc = check_key(key, err)) ||
	    (value && *value && (rc = rw_conffile_check_value(key, value, err))))
		return rc;
	ini_section("", section, want, sizeof(want));
	rw_ini_scan_init(&s, t, f->text.len);
	while (rw_ini_scan_next(&s, &l)) {
		int here = !strcmp(l.section, want);
		if (l.type == RW_INI_SECTION) {
			in_key = 0;
			if (here) {
				have_section = 1;
				insert_at = l.end;
			}
			continue;
		}
		if (!here)
			continue;
		if (l.type == RW_INI_KEY) {
			in_key = !strcmp(l.key, key);
			if (in_key) {
				have_key = 1;
				key_from = l.start;
				key_to = l.end;
			}
			insert_at = l.end;
		} else if (l.type == RW_INI_CONTINUATION) {
			if (in_key)
				key_to = l.end;
			insert_at = l.end;
		}
	}
	rw_buf_init(&line, 64 * 1024);
	if (value && *value && rw_conffile_key(&line, "", key, value) < 0) {
		rw_buf_free(&line);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	if (have_key) {
		/* a last line without its newline keeps none */
		if (line.len && key_to == f->text.len && t[key_to - 1] != '\n')
			line.len--;
		rc = text_splice(f, key_from, key_to, line.data ? line.data : "", line.len, err);
	} else if (!line.len) {
		rc = RW_OK;              /* nothing to remove */
	} else if (have_section) {
		rc = RW_OK;
		if (insert_at == f->text.len && insert_at && t[insert_at - 1] != '\n' &&
		    !(rc = text_splice(f, insert_at, insert_at, "\n", 1, err)))
			insert_at++;
		if (!rc)
			rc = text_splice(f, insert_at, insert_at, line.data, line.len, err);
	} else {
		rw_buf sec;
		rw_buf_init(&sec, 64 * 1024 + 128);
		if ((f->text.len && t[f->text.len - 1] != '\n' && rw_buf_addc(&sec, '\n') < 0) ||
		    (f->text.len && rw_buf_addc(&sec, '\n') < 0) || rw_buf_printf(&sec, "[%s]\n", section) < 0 ||
		    rw_buf_add(&sec, line.data, line.len) < 0)
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		else
			rc = text_splice(f, f->text.len, f->text.len, sec.data, sec.len, err);
		rw_buf_free(&sec);
	}
	rw_buf_free(&line);
	return rc;
}

char **
rw_conffile_sections(const rw_conffile *f, const char *prefix)
{
	size_t n = 0, i, plen = strlen(prefix);
	char **names = calloc(1, sizeof(*names));
	rw_ini_scan s;
	rw_ini_line l;

	if (!names)
		return NULL;
	rw_ini_scan_init(&s, rw_conffile_text(f), f->text.len);
	while (rw_ini_scan_next(&s, &l)) {
		char **nn;
		if (l.type != RW_INI_SECTION || strncmp(l.section, prefix, plen))
			continue;
		for (i = 0; i < n && strcmp(names[i], l.section); i++)
			;
		if (i < n)
			continue;
		if (!(nn = realloc(names, (n + 2) * sizeof(*nn))) || !(nn[n] = strdup(l.section))) {
			names = nn ? nn : names;
			names[n] = NULL;
			rw_conffile_names_free(&names);
			return NULL;
		}
		names = nn;
		names[++n] = NULL;
	}
	return names;
}

void
rw_conffile_names_free(char ***names)
{
	char **p;

	if (!names || !*names)
		return;
	for (p = *names; *p; p++)
		free(*p);
	free(*names);
	*names = NULL;
}

/* ---------------------------------------------------------------- atomic write */

static int
make_dirs(const char *path, rw_err *err)
{
	char *dir = strdup(path), *p;

	if (!dir)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			rw_err_set(err, RW_E_IO, "cannot create the folder '%s': %s", dir, strerror(e));
			free(dir);
			return RW_E_IO;
		}
		*p = '/';
	}
	free(dir);
	return RW_OK;
}

/* Write text to a new temporary file next to path; *tmp receives its name. */
static int
write_temp(const char *path, const char *text, size_t len, char **tmp, rw_err *err)
{
	const char *slash = strrchr(path, '/');
	size_t off = 0;
	int fd, e;

	if (asprintf(tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path, slash ? slash + 1 : path) < 0) {
		*tmp = NULL;
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	fd = mkstemp(*tmp);
	if (fd < 0) {
		e = errno;
		rw_err_set(err, RW_E_IO, "cannot write next to '%s': %s", path, strerror(e));
		free(*tmp);
		*tmp = NULL;
		return RW_E_IO;
	}
	if (fchmod(fd, 0600) < 0)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return RW_OK;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(*tmp);
	rw_err_set(err, RW_E_IO, "cannot write '%s': %s (the old file is unchanged)", path, strerror(e));
	free(*tmp);
	*tmp = NULL;
	return RW_E_IO;
}

static void
sync_dir(const char *path)
{
	char *dir = strdup(path), *slash;
	int fd;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* The text loads as a configuration: checked on the temporary file, so a
 * relative opml = path resolves as it will in place.  The loader's message
 * names the temporary file, which means nothing to the user: it names path
 * instead. */
static int
check_loads(const char *tmp, const char *path, rw_err *err)
{
	rw_err e = { 0 };
	rw_config *cfg = rw_config_load(tmp, &e);
	rw_buf msg;
	const char *p, *hit;
	size_t tlen = strlen(tmp);
	int rc;

	if (cfg) {
		rw_config_free(&cfg);
		return RW_OK;
	}
	rw_buf_init(&msg, sizeof(e.msg) * 4);
	for (p = e.msg; (hit = strstr(p, tmp)); p = hit + tlen)
		if (rw_buf_add(&msg, p, (size_t)(hit - p)) < 0 || rw_buf_addstr(&msg, path) < 0)
			break;
	rw_buf_addstr(&msg, p);
	rc = rw_err_set(err, RW_E_USAGE, "the new '%s' would not load, so it was not written: %s", path,
	                msg.data ? msg.data : e.msg);
	rw_buf_free(&msg);
	return rc;
}

/* path itself, or the file a symbolic link at path points to (a dotfile
 * manager's link stays a link). */
static char *
real_target(const char *path)
{
	char *r = realpath(path, NULL);

	return r ? r : strdup(path);
}

/* A copy of the file at path (when there is one) as path.bak, written as
 * atomically as the file itself, before it is replaced. */
static int
keep_backup(const char *path, const char *shown, rw_err *err)
{
	char *bak = NULL, *tmp = NULL, *old;
	size_t len;
	rw_err e = { 0 };
	int rc;

	if (access(path, F_OK) < 0 && errno == ENOENT)
		return RW_OK;
	/* the size cap of a configuration file we read, with room for what a
	 * hand-edited file may have grown to */
	if (rw_ini_read_file(path, 4 * RW_CONFFILE_MAX, &old, &len, &e) && e.code != RW_E_USAGE)
		return rw_err_set(err, RW_E_IO, "cannot keep a copy of '%s' (nothing was changed): %s", shown, e.msg);
	if (e.code == RW_E_USAGE)
		return rw_err_set(err, RW_E_USAGE, "'%s' is not a text configuration file; move it away first", shown);
	if (asprintf(&bak, "%s.bak", path) < 0) {
		free(old);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
	if (!(rc = write_temp(bak, old, len, &tmp, err)) && rename(tmp, bak) < 0) {
		int en = errno;
		unlink(tmp);
		rc = rw_err_set(err, RW_E_IO, "cannot keep a copy of '%s' as '%s.bak': %s (nothing was changed)", shown,
		                shown, strerror(en));
	}
	free(tmp);
	free(bak);
	free(old);
	return rc;
}

static int
commit(const char *text, size_t len, const char *path_in, int overwrite, rw_err *err)
{
	char *path = real_target(path_in), *tmp = NULL;
	int rc, e;

	if (!path)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	if ((rc = make_dirs(path, err)) || (rc = write_temp(path, text, len, &tmp, err)))
		goto out;
	if ((rc = check_loads(tmp, path_in, err))) {
		unlink(tmp);
		goto out;
	}
	if (overwrite) {
		if ((rc = keep_backup(path, path_in, err))) {
			unlink(tmp);
			goto out;
		}
		if (rename(tmp, path) < 0) {
			e = errno;
			unlink(tmp);
			rc = rw_err_set(err, RW_E_IO, "cannot replace '%s': %s (the old file is unchanged)", path_in,
			                strerror(e));
			goto out;
		}
	} else {
		if (link(tmp, path) < 0) {
			e = errno;
			unlink(tmp);
			if (e == EEXIST)
				rc = rw_err_set(err, RW_E_USAGE, "'%s' already exists", path_in);
			else
				rc = rw_err_set(err, RW_E_IO, "cannot create '%s': %s", path_in, strerror(e));
			goto out;
		}
		unlink(tmp);
	}
	sync_dir(path);
out:
	free(tmp);
	free(path);
	return rc;
}

int
rw_conffile_save(rw_conffile *f, rw_err *err)
{
	return commit(rw_conffile_text(f), f->text.len, f->path, 1, err);
}

int
rw_conffile_write_new(const char *path, const char *text, int overwrite, rw_err *err)
{
	return commit(text, strlen(text), path, overwrite, err);
}
