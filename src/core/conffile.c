#include "conffile.h"
#include "config.h"
#include "inifile.h"

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

static int
url_start(const char *v)
{
	return !strncasecmp(v, "http://", 7) || !strncasecmp(v, "https://", 8) || !strncasecmp(v, "file://", 7);
}

rw_conffile *
rw_conffile_open(const char *path, rw_err *err)
{
	rw_conffile *f = calloc(1, sizeof(*f));
	char *text;
	size_t len;

	if (!f) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	rw_buf_init(&f->text, RW_CONFFILE_MAX + 64 * 1024);
	if (!(f->path = strdup(path))) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		rw_conffile_free(&f);
		return NULL;
	}
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
			while (n > 1 && (url_start(value + pos + n) || value[pos + n] == ';' || value[pos + n] == '#' ||
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

static int
check_url(const char *url, rw_err *err)
{
	const unsigned char *p;

	if (!url_start(url))
		return rw_err_set(err, RW_E_USAGE, "'%s' is not an http://, https:// or file:// address", url);
	for (p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return rw_err_set(err, RW_E_USAGE, "'%s' holds a space or a control character: "
			                  "write a space as %%20", url);
	return RW_OK;
}

int
rw_conffile_add_source(rw_conffile *f, const char *comment, const char *name, const char *url,
                       const char *category, const char *template_id, rw_err *err)
{
	rw_buf *b = &f->text;
	size_t before = b->len;
	int rc;

	if ((rc = rw_conffile_check_name(name, err)) || (rc = check_url(url, err)))
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

/* The name libinih gives [source NAME] when the file says name. */
static void
ini_name(const char *name, char *out, size_t size)
{
	snprintf(out, size, "%.*s", RW_INI_MAX_SECTION - 7, name);
}

struct span {
	size_t from, to;     /* byte range to delete */
};

int
rw_conffile_remove_source(rw_conffile *f, const char *key, char **removed, rw_err *err)
{
	const char *t = rw_conffile_text(f);
	size_t len = f->text.len, nspans = 0, i;
	struct span *spans = NULL;
	char want[64], url[4096], name[64] = "";
	rw_ini_scan s;
	rw_ini_line l;
	/* the section being walked */
	int in_source = 0;
	size_t block_start = 0, last_key_end = 0, comment_start = 0;
	int comment_run = 0;
	rw_buf out;

	if (removed)
		*removed = NULL;
	ini_name(key, want, sizeof(want));
	url[0] = '\0';
	rw_ini_scan_init(&s, t, len);
	for (;;) {
		int more = rw_ini_scan_next(&s, &l);
		if (!more || l.type == RW_INI_SECTION) {
			/* close the section being walked */
			if (in_source && (!strcmp(name, want) || !strcmp(url, key))) {
				struct span *ns = realloc(spans, (nspans + 1) * sizeof(*ns));
				if (!ns) {
					free(spans);
					return rw_err_set(err, RW_E_NOMEM, "out of memory");
				}
				spans = ns;
				spans[nspans].from = block_start;
				spans[nspans].to = last_key_end;
				nspans++;
				if (removed && !*removed)
					*removed = strdup(name);
			}
			if (!more)
				break;
			in_source = !strncmp(l.section, "source ", 7);
			snprintf(name, sizeof(name), "%.56s", in_source ? l.section + 7 : "");
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
			if (in_source && !strcmp(l.key, "url")) {
				char v[sizeof(url)];
				snprintf(v, sizeof(v), "%.*s", (int)l.value_len, t + l.value);
				if (l.type == RW_INI_KEY || url_start(v) || !*url)
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
		return rw_err_set(err, RW_E_USAGE, "'%s' declares no [source %s] and no source with that url", f->path,
		                  key);
	if (removed && !*removed) {
		free(spans);
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	}
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
	return RW_OK;
nomem:
	free(spans);
	rw_buf_free(&out);
	return rw_err_set(err, RW_E_NOMEM, "out of memory");
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
 * relative opml = path resolves as it will in place. */
static int
check_loads(const char *tmp, const char *path, rw_err *err)
{
	rw_err e = { 0 };
	rw_config *cfg = rw_config_load(tmp, &e);

	if (!cfg)
		return rw_err_set(err, RW_E_USAGE, "the new '%s' would not load, so it was not written: %s", path, e.msg);
	rw_config_free(&cfg);
	return RW_OK;
}

/* path itself, or the file a symbolic link at path points to (a dotfile
 * manager's link stays a link). */
static char *
real_target(const char *path)
{
	char *r = realpath(path, NULL);

	return r ? r : strdup(path);
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
