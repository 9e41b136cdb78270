/* conffile.c - see conffile.h.  The INI dialect is libinih's as the core
 * uses it: [section], key = value or key: value, ';' and '#' comments,
 * indented lines continue the previous value. */
#include "conffile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tray_conffile {
	GPtrArray *lines;      /* char *, without the newline */
};

enum line_kind { L_OTHER, L_SECTION, L_KEY, L_CONT };

/* The kind of line i; for sections *name gets the section, for keys the key
 * (both g_free'd by the caller). */
static enum line_kind
classify(const char *line, char **name)
{
	const char *p = line;
	const char *end;

	*name = NULL;
	if (*p == ' ' || *p == '\t') {
		while (*p == ' ' || *p == '\t')
			p++;
		return *p && *p != ';' && *p != '#' ? L_CONT : L_OTHER;
	}
	if (*p == '[') {
		end = strchr(p, ']');
		if (!end)
			return L_OTHER;
		*name = g_strstrip(g_strndup(p + 1, end - p - 1));
		return L_SECTION;
	}
	if (!*p || *p == ';' || *p == '#')
		return L_OTHER;
	end = p + strcspn(p, "=:");
	if (!*end)
		return L_OTHER;
	*name = g_strstrip(g_strndup(p, end - p));
	return L_KEY;
}

tray_conffile *
tray_conffile_parse(const char *text)
{
	tray_conffile *f = g_new0(tray_conffile, 1);
	char **lines, **l;

	f->lines = g_ptr_array_new_with_free_func(g_free);
	lines = g_strsplit(text ? text : "", "\n", -1);
	for (l = lines; *l; l++) {
		size_t n = strlen(*l);
		if (n && (*l)[n - 1] == '\r')
			(*l)[n - 1] = '\0';
		g_ptr_array_add(f->lines, g_strdup(*l));
	}
	g_strfreev(lines);
	/* "a\n" splits into "a", "": the last empty piece is the final newline */
	if (f->lines->len && !*(char *)g_ptr_array_index(f->lines, f->lines->len - 1))
		g_ptr_array_remove_index(f->lines, f->lines->len - 1);
	return f;
}

tray_conffile *
tray_conffile_read(const char *path, GError **error)
{
	char *text = NULL;
	gsize len = 0;
	tray_conffile *f;
	GError *e = NULL;

	if (!g_file_get_contents(path, &text, &len, &e)) {
		if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_error_free(e);
			return tray_conffile_parse("");
		}
		g_propagate_error(error, e);
		return NULL;
	}
	if (len > TRAY_CONFFILE_MAX || memchr(text, '\0', len)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("'%s' is not a configuration file the tray can edit (binary, or larger than 1 MiB)"),
		            path);
		g_free(text);
		return NULL;
	}
	f = tray_conffile_parse(text);
	g_free(text);
	return f;
}

void
tray_conffile_free(tray_conffile *f)
{
	if (!f)
		return;
	g_ptr_array_free(f->lines, TRUE);
	g_free(f);
}

#define LINE(f, i) ((char *)g_ptr_array_index((f)->lines, (i)))

/* Index of the [section] line (the last one of that name), or -1. */
static int
find_section(const tray_conffile *f, const char *section)
{
	int found = -1;
	guint i;

	for (i = 0; i < f->lines->len; i++) {
		char *name;
		if (classify(LINE(f, i), &name) == L_SECTION && !strcmp(name, section))
			found = (int)i;
		g_free(name);
	}
	return found;
}

/* First line after the section that starts at sec (the next [..] or EOF). */
static guint
section_end(const tray_conffile *f, int sec)
{
	guint i;

	for (i = (guint)sec + 1; i < f->lines->len; i++) {
		char *name;
		enum line_kind k = classify(LINE(f, i), &name);
		g_free(name);
		if (k == L_SECTION)
			break;
	}
	return i;
}

/* Index of key's last line inside the section at sec, or -1. */
static int
find_key(const tray_conffile *f, int sec, const char *key)
{
	guint i, end = section_end(f, sec);
	int found = -1;

	for (i = (guint)sec + 1; i < end; i++) {
		char *name;
		if (classify(LINE(f, i), &name) == L_KEY && !strcmp(name, key))
			found = (int)i;
		g_free(name);
	}
	return found;
}

char *
tray_conffile_get(const tray_conffile *f, const char *section, const char *key)
{
	int sec = find_section(f, section), k;
	const char *line, *v;
	GString *out;
	guint i;

	if (sec < 0 || (k = find_key(f, sec, key)) < 0)
		return NULL;
	line = LINE(f, k);
	v = line + strcspn(line, "=:") + 1;
	out = g_string_new(v);
	/* libinih: continuation lines join with a newline; we give them a space */
	for (i = (guint)k + 1; i < f->lines->len; i++) {
		char *name;
		enum line_kind kind = classify(LINE(f, i), &name);
		g_free(name);
		if (kind != L_CONT)
			break;
		g_string_append_c(out, ' ');
		g_string_append(out, LINE(f, i));
	}
	g_strstrip(out->str);
	out->len = strlen(out->str);
	return g_string_free(out, FALSE);
}

const char *
tray_conffile_check(const char *s, gboolean is_section)
{
	const char *p;

	if (strpbrk(s, "\n\r"))
		return N_("a line break cannot be saved in the configuration");
	if (is_section && strchr(s, ']'))
		return N_("a name cannot contain ']'");
	if (is_section && !*s)
		return N_("a name is needed");
	/* libinih cuts a value at " ;" (an inline comment) */
	for (p = s; (p = strchr(p, ';')); p++)
		if (p > s && (p[-1] == ' ' || p[-1] == '\t'))
			return N_("a ';' after a space would start a comment: remove the space before it");
	if (!is_section && (*s == ' ' || *s == '\t'))
		return NULL;   /* leading blanks are trimmed by the reader, harmless */
	return NULL;
}

/* Remove continuation lines after line i. */
static void
drop_continuations(tray_conffile *f, guint i)
{
	while (i + 1 < f->lines->len) {
		char *name;
		enum line_kind k = classify(LINE(f, i + 1), &name);
		g_free(name);
		if (k != L_CONT)
			break;
		g_ptr_array_remove_index(f->lines, i + 1);
	}
}

gboolean
tray_conffile_set(tray_conffile *f, const char *section, const char *key, const char *value)
{
	int sec, k;
	char *line;
	guint at, i;

	if (tray_conffile_check(section, TRUE) || tray_conffile_check(key, TRUE) || strpbrk(key, "=:") ||
	    (value && tray_conffile_check(value, FALSE)))
		return FALSE;
	sec = find_section(f, section);
	k = sec >= 0 ? find_key(f, sec, key) : -1;
	if (!value || !*value) {
		if (k >= 0) {
			drop_continuations(f, (guint)k);
			g_ptr_array_remove_index(f->lines, (guint)k);
		}
		return TRUE;
	}
	line = g_strdup_printf("%s = %s", key, value);
	if (k >= 0) {
		drop_continuations(f, (guint)k);
		g_free(f->lines->pdata[k]);
		f->lines->pdata[k] = line;
		return TRUE;
	}
	if (sec < 0) {
		if (f->lines->len && *LINE(f, f->lines->len - 1))
			g_ptr_array_add(f->lines, g_strdup(""));
		g_ptr_array_add(f->lines, g_strdup_printf("[%s]", section));
		g_ptr_array_add(f->lines, line);
		return TRUE;
	}
	/* after the section's last key line (and its continuations), so that
	 * blank lines and comments introducing the next section stay with it */
	at = (guint)sec + 1;
	for (i = (guint)sec + 1; i < section_end(f, sec); i++) {
		char *name;
		enum line_kind kind = classify(LINE(f, i), &name);
		g_free(name);
		if (kind == L_KEY || kind == L_CONT)
			at = i + 1;
	}
	g_ptr_array_insert(f->lines, (gint)at, line);
	return TRUE;
}

void
tray_conffile_remove_section(tray_conffile *f, const char *section)
{
	int sec = find_section(f, section);
	guint end, start;

	if (sec < 0)
		return;
	end = section_end(f, sec);
	start = (guint)sec;
	/* the comment block directly above belongs to the section */
	while (start > 0) {
		const char *prev = LINE(f, start - 1);
		if (*prev != ';' && *prev != '#')
			break;
		start--;
	}
	/* keep one blank line between what was before and what follows */
	while (end > start && end <= f->lines->len && end - 1 > (guint)sec && !*LINE(f, end - 1))
		end--;
	g_ptr_array_remove_range(f->lines, start, end - start);
	while (start > 0 && start < f->lines->len && !*LINE(f, start - 1) && !*LINE(f, start))
		g_ptr_array_remove_index(f->lines, start);
	while (f->lines->len && !*LINE(f, f->lines->len - 1))
		g_ptr_array_remove_index(f->lines, f->lines->len - 1);
}

char **
tray_conffile_sections(const tray_conffile *f, const char *prefix)
{
	GPtrArray *out = g_ptr_array_new();
	size_t n = strlen(prefix);
	guint i;

	for (i = 0; i < f->lines->len; i++) {
		char *name;
		if (classify(LINE(f, i), &name) == L_SECTION && !strncmp(name, prefix, n)) {
			guint j;
			for (j = 0; j < out->len && strcmp(out->pdata[j], name); j++)
				;
			if (j == out->len) {
				g_ptr_array_add(out, name);
				continue;
			}
		}
		g_free(name);
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

char *
tray_conffile_text(const tray_conffile *f)
{
	GString *s = g_string_new(NULL);
	guint i;

	for (i = 0; i < f->lines->len; i++) {
		g_string_append(s, LINE(f, i));
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

static gboolean
write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		data += n;
		len -= (size_t)n;
	}
	return TRUE;
}

gboolean
tray_conffile_save(const tray_conffile *f, const char *path, tray_conffile_validate_fn validate, void *data,
                   GError **error)
{
	char *text = tray_conffile_text(f), *tmp = g_strdup_printf("%s.XXXXXX", path), *why = NULL;
	char *bak = NULL, *old = NULL, *dir = g_path_get_dirname(path);
	struct stat sb;
	gsize oldlen;
	int fd, saved;

	if (g_mkdir_with_parents(dir, 0700) < 0 || (fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600)) < 0) {
		saved = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		            _("cannot write next to '%s': %s"), path, g_strerror(saved));
		goto fail;
	}
	/* the new file keeps the old one's permissions (it may hold a password) */
	if (stat(path, &sb) == 0)
		fchmod(fd, sb.st_mode & 07777);
	if (!write_all(fd, text, strlen(text)) || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		g_unlink(tmp);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		            _("cannot write '%s': %s (nothing was changed)"), tmp, g_strerror(saved));
		goto fail;
	}
	close(fd);
	if (validate && !validate(tmp, data, &why)) {
		g_unlink(tmp);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", why ? why : _("the configuration was refused"));
		goto fail;
	}
	if (g_file_get_contents(path, &old, &oldlen, NULL)) {
		GError *e = NULL;
		bak = g_strconcat(path, ".bak", NULL);
		if (!g_file_set_contents_full(bak, old, (gssize)oldlen, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &e)) {
			g_unlink(tmp);
			g_set_error(error, G_FILE_ERROR, e->code, _("cannot keep a copy of '%s': %s (nothing was changed)"),
			            path, e->message);
			g_error_free(e);
			goto fail;
		}
	}
	if (g_rename(tmp, path) < 0) {
		saved = errno;
		g_unlink(tmp);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), _("cannot replace '%s': %s"), path,
		            g_strerror(saved));
		goto fail;
	}
	g_free(text);
	g_free(tmp);
	g_free(bak);
	g_free(old);
	g_free(dir);
	return TRUE;
fail:
	g_free(why);
	g_free(text);
	g_free(tmp);
	g_free(bak);
	g_free(old);
	g_free(dir);
	return FALSE;
}
