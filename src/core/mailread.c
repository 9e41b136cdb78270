/* SPDX-License-Identifier: MIT */
#include "mailread.h"
#include "buf.h"
#include "datadir.h"
#include "date.h"
#include "diff.h"
#include "inifile.h"
#include "log.h"
#include "paths.h"
#include "text.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#define TEMPLATE_MAX_SIZE (256u << 10)
#define PART_MAX (8u << 20)      /* text of one part read by the rules */

typedef struct rw_mail_template {
	char *path;
	rw_ini ini;
	const char *id, *from, *list_id, *subject, *category, *item_id, *verified, *part;
	rw_page_rules rules;
} rw_mail_template;

struct rw_mail_templates {
	rw_mail_template *t;
	size_t n;
};

static const char *const mail_keys[] = { "id", "name", "from", "list_id", "subject", "category", "item_id",
	                                     "verified", "verified_note", "source", "description",
	                                     "description_fr", NULL };
static const char *const extract_keys[] = { "part", "items", "title", "link", "date", "text", "rating",
	                                        "rating_best", "rating_worst", "author", NULL };

static int
in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return 1;
	return 0;
}

static void
template_clear(rw_mail_template *t)
{
	free(t->path);
	rw_ini_clear(&t->ini);
	memset(t, 0, sizeof(*t));
}

/* Read one template file; RW_E_USAGE naming path:line on a bad key or value. */
static int
template_read(const char *path, rw_mail_template *t, rw_err *err)
{
	static const char *const cats[] = { "news", "social", "review", "publication", "other", NULL };
	char *text = NULL;
	size_t len = 0, i;
	const char *v;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = rw_ini_read_file(path, TEMPLATE_MAX_SIZE, &text, &len, err)))
		return rc;
	rc = rw_ini_parse(path, text, len, 16384, &t->ini, err);
	free(text);
	if (rc)
		return rc;
	if (!(t->path = strdup(path)))
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	for (i = 0; i < t->ini.n; i++) {
		const rw_ini_entry *e = &t->ini.entries[i];
		int known = !strcmp(e->section, "mail") ? in_list(mail_keys, e->key)
		            : !strcmp(e->section, "extract") ? in_list(extract_keys, e->key) : -1;
		if (known < 0)
			return rw_err_set(err, RW_E_USAGE, "%s:%d: unknown section [%s] (known: [mail], [extract])", path,
			                  e->line, e->section);
		if (!known)
			return rw_err_set(err, RW_E_USAGE, "%s:%d: [%s] unknown key '%s'", path, e->line, e->section, e->key);
	}
	t->id = rw_ini_get(&t->ini, "mail", "id");
	t->from = rw_ini_get(&t->ini, "mail", "from");
	t->list_id = rw_ini_get(&t->ini, "mail", "list_id");
	t->subject = rw_ini_get(&t->ini, "mail", "subject");
	t->category = rw_ini_get(&t->ini, "mail", "category");
	t->item_id = rw_ini_get(&t->ini, "mail", "item_id");
	t->verified = rw_ini_get(&t->ini, "mail", "verified");
	t->part = rw_ini_get(&t->ini, "extract", "part");
	if (!t->id || !*t->id)
		return rw_err_set(err, RW_E_USAGE, "%s: [mail] has no id", path);
	if (!t->from && !t->list_id)
		return rw_err_set(err, RW_E_USAGE, "%s: [mail] says neither from = nor list_id = (who sends it)", path);
	for (i = 0; t->category && cats[i] && strcmp(cats[i], t->category); i++)
		;
	if (t->category && !cats[i])
		return rw_err_set(err, RW_E_USAGE, "%s: [mail] category: %s: expected news, social, review, publication "
		                  "or other", path, t->category);
	if (t->item_id && strcmp(t->item_id, "link") && strcmp(t->item_id, "message"))
		return rw_err_set(err, RW_E_USAGE, "%s: [mail] item_id: %s: expected link or message", path, t->item_id);
	if (!t->verified || (strcmp(t->verified, "yes") && strcmp(t->verified, "no")))
		return rw_err_set(err, RW_E_USAGE, "%s: [mail] verified: expected yes or no", path);
	if (t->part && strcmp(t->part, "html") && strcmp(t->part, "text"))
		return rw_err_set(err, RW_E_USAGE, "%s: [extract] part: %s: expected html or text", path, t->part);
	t->rules.items = rw_ini_get(&t->ini, "extract", "items");
	t->rules.title = rw_ini_get(&t->ini, "extract", "title");
	t->rules.link = rw_ini_get(&t->ini, "extract", "link");
	t->rules.date = rw_ini_get(&t->ini, "extract", "date");
	t->rules.text = rw_ini_get(&t->ini, "extract", "text");
	t->rules.rating = rw_ini_get(&t->ini, "extract", "rating");
	t->rules.author = rw_ini_get(&t->ini, "extract", "author");
	t->rules.rating_best = (v = rw_ini_get(&t->ini, "extract", "rating_best")) ? rw_text_strtod(v, NULL) : 0;
	t->rules.rating_worst = (v = rw_ini_get(&t->ini, "extract", "rating_worst")) ? rw_text_strtod(v, NULL) : -1;
	if (!t->rules.items)
		t->rules.items = "/html/body";   /* the whole mail is one item */
	return RW_OK;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every *.ini of dir, in name order, into ts; a template whose id is
 * already there replaces it.  A missing dir is no error when optional. */
static int
load_dir(rw_mail_templates *ts, const char *dir, int optional, rw_err *err)
{
	struct dirent **names = NULL;
	int n = dir ? scandir(dir, &names, NULL, by_name) : -1, i, rc = RW_OK;

	if (n < 0)
		return optional ? RW_OK : rw_err_set(err, RW_E_IO, "cannot read the mail templates folder '%s'", dir);
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name), j;
		rw_mail_template t, *nt;
		char *path = NULL;

		if (rc || len < 5 || strcmp(names[i]->d_name + len - 4, ".ini") || names[i]->d_name[0] == '.')
			goto next;
		if (asprintf(&path, "%s/%s", dir, names[i]->d_name) < 0) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			goto next;
		}
		if ((rc = template_read(path, &t, err))) {
			template_clear(&t);
			goto next;
		}
		for (j = 0; j < ts->n && strcmp(ts->t[j].id, t.id); j++)
			;
		if (j < ts->n) {
			template_clear(&ts->t[j]);
			ts->t[j] = t;
		} else if (!(nt = realloc(ts->t, (ts->n + 1) * sizeof(*nt)))) {
			template_clear(&t);
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		} else {
			ts->t = nt;
			ts->t[ts->n++] = t;
		}
next:
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

rw_mail_templates *
rw_mail_templates_load(const char *data_dir, const char *user_dir, rw_err *err)
{
	rw_mail_templates *ts = calloc(1, sizeof(*ts));

	if (!ts) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (load_dir(ts, data_dir, 0, err) || load_dir(ts, user_dir, 1, err))
		rw_mail_templates_free(&ts);
	return ts;
}

rw_mail_templates *
rw_mail_templates_default(rw_err *err)
{
	char data[4096], *user;
	rw_mail_templates *ts;

	if (!rw_data_path("mail", data, sizeof(data))) {
		rw_err_set(err, RW_E_IO, "the data folder's path is too long");
		return NULL;
	}
	/* the user's own templates, when there is a home to find them in */
	user = rw_paths_user_optional(RW_DIR_CONFIG, "mail", err);
	if (!user && err && err->code)
		return NULL;
	ts = rw_mail_templates_load(data, user, err);
	free(user);
	return ts;
}

void
rw_mail_templates_free(rw_mail_templates **tsp)
{
	size_t i;

	if (!tsp || !*tsp)
		return;
	for (i = 0; i < (*tsp)->n; i++)
		template_clear(&(*tsp)->t[i]);
	free((*tsp)->t);
	free(*tsp);
	*tsp = NULL;
}

size_t
rw_mail_templates_count(const rw_mail_templates *ts)
{
	return ts ? ts->n : 0;
}

/* ---- matching a sender ---- */

/* One of the " | "-separated alternatives of list found in s (case
 * folded: a subject's "Nouvel avis" as "nouvel avis"). */
static int
any_in(const char *list, const char *s)
{
	char *hay = rw_text_fold(s ? s : ""), *alts = list ? strdup(list) : NULL, *save = NULL, *a;
	int found = 0;

	for (a = alts ? strtok_r(alts, "|", &save) : NULL; a && hay && !found; a = strtok_r(NULL, "|", &save)) {
		char *t, *f;
		while (*a == ' ')
			a++;
		t = a + strlen(a);
		while (t > a && t[-1] == ' ')
			*--t = '\0';
		f = rw_text_fold(a);
		found = f && *f && strstr(hay, f) != NULL;
		free(f);
	}
	free(alts);
	free(hay);
	return found;
}

/* The address matches one of the comma-separated from = entries: a whole
 * address, or "@domain" (that domain or one under it). */
static int
from_matches(const char *list, const char *addr)
{
	const char *p = list, *at = strrchr(addr, '@');

	while (p && *p) {
		size_t n = strcspn(p, ",");
		const char *e = p + n;
		while (*p == ' ' && p < e)
			p++;
		while (e > p && e[-1] == ' ')
			e--;
		n = (size_t)(e - p);
		if (n && *p == '@' && at) {
			size_t dl = strlen(at + 1);
			/* "@google.com": x@google.com, x@alerts.google.com */
			if ((dl == n - 1 && !strncasecmp(at + 1, p + 1, n - 1)) ||
			    (dl > n && at[1 + dl - n] == '.' && !strncasecmp(at + 1 + dl - n + 1, p + 1, n - 1)))
				return 1;
		} else if (n && strlen(addr) == n && !strncasecmp(addr, p, n)) {
			return 1;
		}
		p += strcspn(p, ",");
		if (*p)
			p++;
	}
	return 0;
}

static const rw_mail_template *
find_template(const rw_mail_templates *ts, const char *from, const char *list_id, const char *subject)
{
	size_t i;

	for (i = 0; ts && i < ts->n; i++) {
		const rw_mail_template *t = &ts->t[i];
		if (t->from && !from_matches(t->from, from))
			continue;
		if (t->list_id && !any_in(t->list_id, list_id))
			continue;
		if (t->subject && !any_in(t->subject, subject))
			continue;
		return t;
	}
	return NULL;
}

/* ---- GMime ---- */

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void
gmime_start(void)
{
	g_mime_init();
}

struct warnings {
	int truncated_ok;
	char first[300];
};

/* The issues that mean the structure cannot be trusted (GMime's CRIT_*
 * ones, and a multipart without parts); a cut mail's end is expected. */
static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
	struct warnings *w = data;
	const char *what = NULL;

	switch (code) {
	case GMIME_CRIT_INVALID_HEADER_NAME: what = "an invalid header name"; break;
	case GMIME_CRIT_CONFLICTING_HEADER: what = "conflicting headers"; break;
	case GMIME_CRIT_CONFLICTING_PARAMETER: what = "conflicting header parameters"; break;
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: what = "a multipart without its boundary"; break;
	case GMIME_CRIT_NESTING_OVERFLOW: what = "parts nested too deep"; break;
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: what = "a part without headers or content"; break;
	case GMIME_WARN_MALFORMED_MULTIPART: what = w->truncated_ok ? NULL : "a multipart without parts"; break;
	case GMIME_WARN_MALFORMED_MESSAGE: what = w->truncated_ok ? NULL : "a malformed message"; break;
	default: break;
	}
	if (what && !w->first[0])
		snprintf(w->first, sizeof(w->first), "%s (at byte %lld%s%.80s)", what, (long long)offset,
		         item ? ": " : "", item ? item : "");
}

/* The first text/html or text/plain part that is not an attachment. */
struct find_part { const char *subtype; GMimeObject *found; };

static void
find_part_cb(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	struct find_part *fp = data;
	GMimeContentType *ct = g_mime_object_get_content_type(part);

	(void)parent;
	if (fp->found || !GMIME_IS_TEXT_PART(part) || !ct || !g_mime_content_type_is_type(ct, "text", fp->subtype))
		return;
	if (g_mime_part_is_attachment(GMIME_PART(part)))
		return;
	fp->found = part;
}

static char *
part_text(GMimeMessage *m, const char *subtype)
{
	struct find_part fp = { subtype, NULL };
	char *text, *out;

	if (m->mime_part && GMIME_IS_TEXT_PART(m->mime_part))
		find_part_cb(NULL, m->mime_part, &fp);
	else
		g_mime_message_foreach(m, find_part_cb, &fp);
	if (!fp.found)
		return NULL;
	/* decoded from its transfer encoding and converted from its charset */
	if (!(text = g_mime_text_part_get_text(GMIME_TEXT_PART(fp.found))))
		return NULL;
	out = rw_text_valid_utf8(text, strnlen(text, PART_MAX));
	g_free(text);
	return out;
}

/* A text part as HTML: one <p> a line, so the same XPath rules read it. */
static char *
text_as_html(const char *text)
{
	rw_buf b;
	const char *p;

	rw_buf_init(&b, 4 * PART_MAX);
	if (rw_buf_addstr(&b, "<html><body>\n<p>") < 0)
		goto oom;
	for (p = text; *p; p++) {
		int rc = 0;
		switch (*p) {
		case '<': rc = rw_buf_addstr(&b, "&lt;"); break;
		case '>': rc = rw_buf_addstr(&b, "&gt;"); break;
		case '&': rc = rw_buf_addstr(&b, "&amp;"); break;
		case '\r': break;
		case '\n': rc = rw_buf_addstr(&b, "</p>\n<p>"); break;
		default: rc = rw_buf_addc(&b, *p); break;
		}
		if (rc < 0)
			goto oom;
	}
	if (rw_buf_addstr(&b, "</p>\n</body></html>\n") < 0)
		goto oom;
	return rw_buf_steal(&b);
oom:
	rw_buf_free(&b);
	return NULL;
}

static void
copy_cut(char *dst, size_t size, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= size) {
		n = size - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;   /* not in the middle of a character */
	}
	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
}

/* Move what the rules found into feed, with the mail's facts where they
 * say nothing.  Returns the items moved, or -1 when memory ran out. */
static long
take_items(const rw_mail_template *t, rw_feed *from, rw_feed *feed, size_t max, const char *message_id,
           const char *subject, int64_t date)
{
	size_t i;
	long moved = 0;

	for (i = 0; i < from->nitems; i++) {
		rw_item *src = &from->items[i], *dst;
		char *unwrapped;

		if (!src->title && !src->summary && !src->content && !src->link)
			continue;
		if (!(dst = rw_feed_add_item(feed, max)))
			break;   /* the cap: the rest is dropped */
		*dst = *src;
		rw_item_init(src);
		if (dst->link) {
			if (!(unwrapped = rw_diff_unwrap_link(dst->link)))
				return -1;
			free(dst->link);
			dst->link = unwrapped;
		}
		if (!dst->title && subject && !(dst->title = strdup(subject)))
			return -1;
		if (dst->published == RW_NO_DATE && dst->updated == RW_NO_DATE)
			dst->published = date;
		free(dst->id);
		dst->id = NULL;
		if (t->item_id && !strcmp(t->item_id, "link") && dst->link) {
			if (!(dst->id = strdup(dst->link)))
				return -1;
		} else if (message_id && asprintf(&dst->id, "mail:%s#%zu", message_id, i + 1) < 0) {
			dst->id = NULL;
			return -1;
		}
		if (t->category && !(dst->category = strdup(t->category)))
			return -1;
		moved++;
	}
	return moved;
}

int
rw_mail_read(const rw_mail_templates *ts, const char *raw, size_t len, int truncated, rw_feed *feed,
             size_t max, rw_mail_seen *seen, rw_err *err)
{
	struct warnings w;
	GMimeParserOptions *opts = NULL;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *m = NULL;
	InternetAddressList *froms;
	GDateTime *gdate;
	const rw_mail_template *t;
	const char *list_id, *subject, *message_id;
	char *part = NULL, *html = NULL;
	rw_parse_opts po;
	rw_feed *found = NULL;
	rw_err pe = { 0 };
	int64_t date = RW_NO_DATE;
	long moved;
	int rc = RW_OK;

	memset(seen, 0, sizeof(*seen));
	memset(&w, 0, sizeof(w));
	w.truncated_ok = truncated;
	pthread_once(&gmime_once, gmime_start);
	if (!(opts = g_mime_parser_options_new()) ||
	    !(stream = g_mime_stream_mem_new_with_buffer(raw ? raw : "", raw ? len : 0)) ||
	    !(parser = g_mime_parser_new_with_stream(stream))) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	g_mime_parser_options_set_warning_callback(opts, on_warning, &w);
	if (!(m = g_mime_parser_construct_message(parser, opts))) {
		rc = rw_err_set(err, RW_E_PARSE, "not readable MIME: %s", w.first[0] ? w.first : "no message found");
		goto out;
	}
	froms = g_mime_message_get_from(m);
	if (froms && internet_address_list_length(froms) > 0) {
		InternetAddress *a = internet_address_list_get_address(froms, 0);
		if (INTERNET_ADDRESS_IS_MAILBOX(a))
			copy_cut(seen->from, sizeof(seen->from), internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
	}
	subject = g_mime_message_get_subject(m);
	copy_cut(seen->subject, sizeof(seen->subject), subject);
	list_id = g_mime_object_get_header(GMIME_OBJECT(m), "List-Id");
	message_id = g_mime_message_get_message_id(m);
	if ((gdate = g_mime_message_get_date(m)))
		date = (int64_t)g_date_time_to_unix(gdate);
	if (!truncated && w.first[0]) {
		rc = rw_err_set(err, RW_E_PARSE, "not readable MIME: %s", w.first);
		goto out;
	}
	if (!(t = find_template(ts, seen->from, list_id, subject)))
		goto out;   /* no template knows this sender: skipped */
	seen->template_id = t->id;
	seen->verified = t->verified;
	if (!t->part || !strcmp(t->part, "html")) {
		if (!(html = part_text(m, "html"))) {
			rc = rw_err_set(err, RW_E_PARSE, "template '%s' (%s) reads the HTML part, and the mail has none",
			                t->id, t->path);
			goto out;
		}
	} else if (!(part = part_text(m, "plain")) || !(html = text_as_html(part))) {
		rc = part ? rw_err_set(err, RW_E_NOMEM, "out of memory")
		          : rw_err_set(err, RW_E_PARSE, "template '%s' (%s) reads the text part, and the mail has none",
		                       t->id, t->path);
		goto out;
	}
	memset(&po, 0, sizeof(po));
	po.content_type = "text/html; charset=utf-8";
	po.text_only = 1;
	if (!(found = rw_parse_page(html, strlen(html), &po, &t->rules, &pe))) {
		rc = rw_err_set(err, pe.code ? pe.code : RW_E_PARSE, "template '%s' (%s): %s", t->id, t->path, pe.msg);
		goto out;
	}
	if ((moved = take_items(t, found, feed, max, message_id, subject, date)) < 0) {
		rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
		goto out;
	}
	seen->items = (size_t)moved;
out:
	rw_feed_free(found);
	free(part);
	free(html);
	if (m)
		g_object_unref(m);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	if (opts)
		g_mime_parser_options_free(opts);
	return rc;
}
