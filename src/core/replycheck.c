/* SPDX-License-Identifier: MIT */
/* replycheck.c - rules that catch a breach of medical secrecy or an advert
 * in a reply to a review.
 *
 * A rule is a sequence of elements matched against the draft's tokens (the
 * folded, whole-word form of text.h).  Rules whose first element is a plain
 * word are found through a sorted index of first words (bsearch, as sfeed's
 * tag tables); the few others are tried at every token.  Every string and
 * array of the rules lives in one arena freed at once.
 */
#include "replycheck.h"
#include "buf.h"
#include "datadir.h"
#include "msgid.h"
#include "paths.h"
#include "sentiment.h"
#include "text.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 4096   /* one rule line */
#define MAX_ELEMS      24     /* elements of one pattern */
#define MAX_ALTS       512    /* alternatives of one element or class */
#define GAP_TOKENS     3      /* ".." skips up to this many tokens */
#define MAX_CHOICES    32
#define CHOICE_TEXT    (16u << 10)

/* ---- arena: rules are loaded once and freed together ---- */
struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

static void *
arena_alloc(struct chunk **head, size_t n)
{
	struct chunk *c = *head;
	void *p;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!c || c->size - c->used < n) {
		size_t size = n > 60000 ? n : 60000;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->next = *head;
		c->used = 0;
		c->size = size;
		*head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static char *
arena_strndup(struct chunk **head, const char *s, size_t n)
{
	char *p = arena_alloc(head, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* ---- rules ---- */
enum special { SP_WORD = 0, SP_NUM, SP_DAY, SP_YEAR, SP_TIME, SP_ANY };
enum lang { LANG_ANY = 0, LANG_FR = 1, LANG_EN = 2 };
#define KIND_OK RW_REPLY_KINDS   /* "ok": a span no flag may touch */

struct alt {
	const char *word;      /* folded tokens, space-separated ("rendez vous"); for SP_WORD */
	const char *first;     /* its first token (the index key) */
	uint8_t ntok;          /* tokens in word */
	uint8_t prefix;        /* "word*": the last token may go on ("consult*") */
	uint8_t special;       /* enum special */
};

struct elem {
	const struct alt *alts;
	uint16_t nalt;
	uint8_t optional;      /* "x?" */
	uint8_t gap;           /* "..": 0 to GAP_TOKENS tokens */
};

struct rule {
	const struct elem *el;
	uint16_t nel;
	uint8_t kind;          /* rw_reply_kind or KIND_OK */
	uint8_t lang;
	uint8_t plural;        /* words may take a plural ending (medical terms) */
	const char *detail;    /* or NULL */
	const char *reason;    /* rule-specific reason or NULL */
	const char *origin;    /* "file:line" */
};

struct klass {
	const char *name;      /* without '@' */
	uint8_t lang;
	struct elem el;
};

struct reason {
	uint8_t lang, kind;
	const char *detail;    /* or NULL: the reason of the kind */
	const char *text;
};

struct first_word {
	const char *word;
	uint32_t rule;
};

struct choice {
	char *id;
	int is_public;
	char *text[2][3];      /* [fr, en][title, advice, draft] */
};

struct rw_replycheck {
	struct chunk *arena;
	struct rule *rules;
	size_t nrules, rules_alloc;
	struct klass *classes;
	size_t nclasses, classes_alloc;
	struct reason *reasons;
	size_t nreasons, reasons_alloc;
	struct first_word *index;     /* sorted by word */
	size_t nindex;
	uint32_t *general;            /* rules tried at every token */
	size_t ngeneral;
	struct choice choices[MAX_CHOICES];
	size_t nchoices;
};

static const char *const kind_names[] = { "care", "medical", "date", "relative", "name", "promo" };

const char *
rw_reply_kind_name(rw_reply_kind k)
{
	return (unsigned)k < RW_REPLY_KINDS ? kind_names[k] : NULL;
}

int
rw_reply_kind_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < RW_REPLY_KINDS; i++)
		if (!strcmp(name, kind_names[i]))
			return (int)i;
	return -1;
}

rw_replycheck *
rw_replycheck_new(void)
{
	return calloc(1, sizeof(rw_replycheck));
}

static void
choice_clear(struct choice *c)
{
	size_t l, f;

	free(c->id);
	for (l = 0; l < 2; l++)
		for (f = 0; f < 3; f++)
			free(c->text[l][f]);
	memset(c, 0, sizeof(*c));
}

void
rw_replycheck_free(rw_replycheck *rc)
{
	struct chunk *c, *next;
	size_t i;

	if (!rc)
		return;
	for (c = rc->arena; c; c = next) {
		next = c->next;
		free(c);
	}
	for (i = 0; i < rc->nchoices; i++)
		choice_clear(&rc->choices[i]);
	free(rc->rules);
	free(rc->classes);
	free(rc->reasons);
	free(rc->index);
	free(rc->general);
	free(rc);
}

size_t
rw_replycheck_rule_count(const rw_replycheck *rc)
{
	return rc ? rc->nrules : 0;
}

static int
grow(void **arr, size_t *alloc, size_t need, size_t size)
{
	size_t n;
	void *p;

	if (need <= *alloc)
		return 0;
	n = *alloc ? *alloc * 2 : 64;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * size);
	if (!p)
		return -1;
	*arr = p;
	*alloc = n;
	return 0;
}

/* ---- parsing one line ---- */
struct loader {
	rw_replycheck *rc;
	const char *file;
	unsigned line;
	rw_err *err;
	struct alt scratch[MAX_ALTS];
};

static int load_fail(struct loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
load_fail(struct loader *L, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), rw_tr(fmt), ap);
	va_end(ap);
	return rw_err_set(L->err, RW_E_USAGE, "%s:%u: %s", L->file, L->line, msg);
}

static const struct klass *
find_class(const rw_replycheck *rc, const char *name, size_t len, uint8_t lang)
{
	size_t i;

	/* the latest definition wins, so a user file can redefine a class */
	for (i = rc->nclasses; i-- > 0;)
		if (strlen(rc->classes[i].name) == len && !memcmp(rc->classes[i].name, name, len) &&
		    (rc->classes[i].lang == LANG_ANY || lang == LANG_ANY || rc->classes[i].lang == lang))
			return &rc->classes[i];
	return NULL;
}

/* Fold one word of a pattern into its token form.  Returns the number of
 * tokens it makes (0: none) and the folded tokens, space-separated, in *out
 * (malloc'd). */
static int
fold_word(const char *w, size_t len, char **out)
{
	char *tmp = strndup(w, len), *tok;
	int n = 0;
	const char *p;

	*out = NULL;
	if (!tmp)
		return -1;
	tok = rw_text_tokens(tmp, NULL);
	free(tmp);
	if (!tok)
		return -1;
	for (p = tok; *p; p++)
		if (*p != ' ' && (p == tok || p[-1] == ' '))
			n++;
	*out = tok;
	return n;
}

static int
special_of(const char *s, size_t len)
{
	static const struct { const char *name; int sp; } sp[] = {
		{ "<any>", SP_ANY }, { "<day>", SP_DAY }, { "<num>", SP_NUM },
		{ "<time>", SP_TIME }, { "<year>", SP_YEAR },
	};
	size_t i;

	for (i = 0; i < sizeof(sp) / sizeof(sp[0]); i++)
		if (strlen(sp[i].name) == len && !memcmp(sp[i].name, s, len))
			return sp[i].sp;
	return -1;
}

/* Parse the alternatives a|b*|@class|<num> of one element (or a class body,
 * where sep is ' ') into alts; returns the count or -1 (error set). */
static int
parse_alts(struct loader *L, const char *s, size_t len, char sep, uint8_t lang, struct alt *alts)
{
	size_t n = 0, i = 0;

	while (i < len) {
		size_t j = i, k;
		while (j < len && s[j] != sep)
			j++;
		if (j == i) {
			i++;
			continue;
		}
		if (s[i] == '@') {
			const struct klass *c = find_class(L->rc, s + i + 1, j - i - 1, lang);
			char name[80];
			if (!c) {
				snprintf(name, sizeof(name), "%.*s", (int)(j - i), s + i);
				return load_fail(L, N_("unknown class '%s' (define it on an earlier line: LANG<TAB>@name<TAB>words)"),
				            name), -1;
			}
			for (k = 0; k < c->el.nalt; k++) {
				if (n >= MAX_ALTS)
					return load_fail(L, N_("more than %s alternatives in one element"), "512"), -1;
				alts[n++] = c->el.alts[k];
			}
		} else if (s[i] == '<') {
			int sp = special_of(s + i, j - i);
			char name[80];
			if (sp < 0) {
				snprintf(name, sizeof(name), "%.*s", (int)(j - i), s + i);
				return load_fail(L, N_("unknown token class '%s' (<num>, <day>, <year>, <time>, <any>)"), name), -1;
			}
			if (n >= MAX_ALTS)
				return load_fail(L, N_("more than %s alternatives in one element"), "512"), -1;
			alts[n].word = alts[n].first = NULL;
			alts[n].ntok = 1;
			alts[n].prefix = 0;
			alts[n++].special = (uint8_t)sp;
		} else {
			size_t end = j;
			int prefix = 0, count;
			char *folded, *w;
			if (s[end - 1] == '*') {
				prefix = 1;
				end--;
			}
			count = fold_word(s + i, end - i, &folded);
			if (count < 0)
				return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file), -1;
			if (count < 1 || count > 8) {
				char name[200];
				free(folded);
				snprintf(name, sizeof(name), "%.*s", (int)(j - i), s + i);
				return load_fail(L, count ? N_("'%s' is more than 8 words") : N_("'%s' has no letter or digit"), name), -1;
			}
			if (n >= MAX_ALTS) {
				free(folded);
				return load_fail(L, N_("more than %s alternatives in one element"), "512"), -1;
			}
			w = folded + 1;                  /* " rendez vous " -> "rendez vous" */
			w[strlen(w) - 1] = '\0';
			alts[n].word = arena_strndup(&L->rc->arena, w, strlen(w));
			alts[n].first = arena_strndup(&L->rc->arena, w, strcspn(w, " "));
			free(folded);
			if (!alts[n].word || !alts[n].first)
				return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file), -1;
			alts[n].ntok = (uint8_t)count;
			alts[n].prefix = (uint8_t)prefix;
			alts[n++].special = SP_WORD;
		}
		i = j + 1;
	}
	return (int)n;
}

static int
store_elem(struct loader *L, struct elem *e, const struct alt *alts, size_t n)
{
	struct alt *a = arena_alloc(&L->rc->arena, n * sizeof(*a));

	if (!a)
		return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file);
	memcpy(a, alts, n * sizeof(*a));
	e->alts = a;
	e->nalt = (uint16_t)n;
	return RW_OK;
}

/* Parse a pattern into elements; returns the count or -1. */
static int
parse_pattern(struct loader *L, const char *pat, uint8_t lang, struct elem *el)
{
	struct alt *alts = L->scratch;
	size_t nel = 0;
	const char *p = pat;

	while (*p) {
		const char *end;
		size_t len;
		int optional = 0;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		end = p + strcspn(p, " ");
		len = (size_t)(end - p);
		if (len == 2 && !memcmp(p, "..", 2)) {
			if (nel >= MAX_ELEMS)
				return load_fail(L, N_("more than %s elements in one pattern"), "24"), -1;
			memset(&el[nel], 0, sizeof(el[nel]));
			el[nel++].gap = 1;
			p = end;
			continue;
		}
		if (len > 1 && p[len - 1] == '?') {
			optional = 1;
			len--;
		}
		if (!memchr(p, '|', len) && p[0] != '@' && p[0] != '<') {
			/* a literal word may fold into several tokens: "n'hésitez", "rendez-vous" */
			char *folded, *tok, *save = NULL;
			int prefix = p[len - 1] == '*', count = fold_word(p, len - (size_t)prefix, &folded);
			if (count < 0)
				return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file), -1;
			if (count == 0) {
				char name[200];
				free(folded);
				snprintf(name, sizeof(name), "%.*s", (int)len, p);
				return load_fail(L, N_("'%s' has no letter or digit"), name), -1;
			}
			if (count > 1 && optional) {
				char name[200];
				free(folded);
				snprintf(name, sizeof(name), "%.*s", (int)len, p);
				return load_fail(L, N_("'%s' is several words and cannot be optional"), name), -1;
			}
			for (tok = strtok_r(folded, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
				if (nel >= MAX_ELEMS) {
					free(folded);
					return load_fail(L, N_("more than %s elements in one pattern"), "24"), -1;
				}
				memset(&el[nel], 0, sizeof(el[nel]));
				alts[0].word = alts[0].first = arena_strndup(&L->rc->arena, tok, strlen(tok));
				alts[0].ntok = 1;
				alts[0].special = SP_WORD;
				/* the '*' belongs to the last token: "rendez-vous*" */
				alts[0].prefix = (uint8_t)(prefix && (!save || !*save));
				if (!alts[0].word || store_elem(L, &el[nel], alts, 1)) {
					free(folded);
					return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file), -1;
				}
				el[nel++].optional = (uint8_t)optional;
			}
			free(folded);
		} else {
			int n = parse_alts(L, p, len, '|', lang, alts);
			if (n < 0)
				return -1;
			if (n == 0)
				return load_fail(L, N_("empty element in '%s'"), pat), -1;
			if (nel >= MAX_ELEMS)
				return load_fail(L, N_("more than %s elements in one pattern"), "24"), -1;
			memset(&el[nel], 0, sizeof(el[nel]));
			if (store_elem(L, &el[nel], alts, (size_t)n))
				return -1;
			el[nel++].optional = (uint8_t)optional;
		}
		p = end;
	}
	return (int)nel;
}

static int
parse_lang(const char *s, uint8_t *out)
{
	if (!strcmp(s, "fr"))
		*out = LANG_FR;
	else if (!strcmp(s, "en"))
		*out = LANG_EN;
	else if (!strcmp(s, "*"))
		*out = LANG_ANY;
	else
		return -1;
	return 0;
}

/* "kind" or "kind/detail" -> kind (KIND_OK for "ok"), detail in arena */
static int
parse_kind(struct loader *L, const char *s, int allow_name, const char **detail)
{
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	char name[32];
	int k;

	*detail = NULL;
	snprintf(name, sizeof(name), "%.*s", (int)(len < sizeof(name) - 1 ? len : sizeof(name) - 1), s);
	if (!strcmp(name, "ok") && !slash)
		return KIND_OK;
	k = rw_reply_kind_from_name(name);
	if (k < 0 || (k == RW_REPLY_NAME && !allow_name))
		return load_fail(L, N_("unknown kind '%s' (care, medical, date, relative, promo, ok, "
		               "reason, or @class)"), s), -1;
	if (slash && slash[1]) {
		*detail = arena_strndup(&L->rc->arena, slash + 1, strlen(slash + 1));
		if (!*detail)
			return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file), -1;
	}
	return k;
}

static int
load_line(struct loader *L, char *line)
{
	rw_replycheck *rc = L->rc;
	char *col[5] = { 0 }, *p = line;
	size_t ncol = 0;
	uint8_t lang;

	while (ncol < 5) {
		col[ncol++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (ncol < 3 || ncol > 4 || !*col[2])
		return load_fail(L, N_("expected LANG<TAB>KIND<TAB>PATTERN[<TAB>REASON], got %s"),
		            rw_tr(ncol < 3 ? N_("fewer columns") : ncol > 4 ? N_("more columns") : N_("an empty pattern")));
	if (parse_lang(col[0], &lang) < 0)
		return load_fail(L, N_("unknown language '%s' (fr, en or *)"), col[0]);

	if (col[1][0] == '@') {
		struct klass *k;
		const char *n;
		int count;
		if (!col[1][1] || col[1][strspn(col[1] + 1, "abcdefghijklmnopqrstuvwxyz0123456789_-") + 1])
			return load_fail(L, N_("bad class name '%s' (lowercase letters, digits, '_' and '-')"), col[1]);
		if (ncol != 3)
			return load_fail(L, N_("a class line has three columns: LANG<TAB>%s<TAB>words"), col[1]);
		count = parse_alts(L, col[2], strlen(col[2]), ' ', lang, L->scratch);
		if (count < 0)
			return L->err ? L->err->code : RW_E_USAGE;
		if (rc->nrules + rc->nclasses + rc->nreasons >= RW_REPLY_MAX_RULES)
			return load_fail(L, N_("more than %d rules, classes and reasons in all"), RW_REPLY_MAX_RULES);
		if (grow((void **)&rc->classes, &rc->classes_alloc, rc->nclasses + 1, sizeof(*rc->classes)))
			return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file);
		k = &rc->classes[rc->nclasses];
		memset(k, 0, sizeof(*k));
		n = arena_strndup(&rc->arena, col[1] + 1, strlen(col[1] + 1));
		if (!n || store_elem(L, &k->el, L->scratch, (size_t)count))
			return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file);
		k->name = n;
		k->lang = lang;
		rc->nclasses++;
		return RW_OK;
	}

	if (!strcmp(col[1], "reason")) {
		struct reason *r;
		const char *detail, *text;
		int kind;
		if (ncol != 4 || !*col[3])
			return load_fail(L, N_("a reason line is LANG<TAB>reason<TAB>KIND[/DETAIL]<TAB>text%s"), "");
		kind = parse_kind(L, col[2], 1, &detail);
		if (kind < 0)
			return L->err ? L->err->code : RW_E_USAGE;
		if (kind == KIND_OK)
			return load_fail(L, N_("'ok' spans are never reported, so they take no reason%s"), "");
		if (rc->nrules + rc->nclasses + rc->nreasons >= RW_REPLY_MAX_RULES)
			return load_fail(L, N_("more than %d rules, classes and reasons in all"), RW_REPLY_MAX_RULES);
		text = arena_strndup(&rc->arena, col[3], strlen(col[3]));
		if (!text || grow((void **)&rc->reasons, &rc->reasons_alloc, rc->nreasons + 1, sizeof(*rc->reasons)))
			return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file);
		r = &rc->reasons[rc->nreasons++];
		r->lang = lang;
		r->kind = (uint8_t)kind;
		r->detail = detail;
		r->text = text;
		return RW_OK;
	}

	{
		struct elem el[MAX_ELEMS], *copy;
		struct rule *r;
		const char *detail;
		char origin[600];
		int kind = parse_kind(L, col[1], 0, &detail), nel;

		if (kind < 0)
			return L->err ? L->err->code : RW_E_USAGE;
		nel = parse_pattern(L, col[2], lang, el);
		if (nel < 0)
			return L->err ? L->err->code : RW_E_USAGE;
		if (nel == 0)
			return load_fail(L, N_("empty pattern%s"), "");
		if (rc->nrules + rc->nclasses + rc->nreasons >= RW_REPLY_MAX_RULES)
			return load_fail(L, N_("more than %d rules, classes and reasons in all"), RW_REPLY_MAX_RULES);
		if (grow((void **)&rc->rules, &rc->rules_alloc, rc->nrules + 1, sizeof(*rc->rules)))
			return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file);
		copy = arena_alloc(&rc->arena, (size_t)nel * sizeof(*copy));
		snprintf(origin, sizeof(origin), "%s:%u", L->file, L->line);
		r = &rc->rules[rc->nrules];
		memset(r, 0, sizeof(*r));
		r->origin = arena_strndup(&rc->arena, origin, strlen(origin));
		r->reason = ncol == 4 && *col[3] ? arena_strndup(&rc->arena, col[3], strlen(col[3])) : NULL;
		if (!copy || !r->origin || (ncol == 4 && *col[3] && !r->reason))
			return rw_err_set(L->err, RW_E_NOMEM, "out of memory loading '%s'", L->file);
		memcpy(copy, el, (size_t)nel * sizeof(*copy));
		r->el = copy;
		r->nel = (uint16_t)nel;
		r->kind = (uint8_t)kind;
		r->lang = lang;
		r->plural = kind == RW_REPLY_MEDICAL;
		r->detail = detail;
		rc->nrules++;
	}
	return RW_OK;
}

static int
cmp_first_word(const void *a, const void *b)
{
	const struct first_word *x = a, *y = b;
	int c = strcmp(x->word, y->word);

	return c ? c : (x->rule > y->rule) - (x->rule < y->rule);
}

/* Rebuild the first-word index after rules were added. */
static int
build_index(rw_replycheck *rc, rw_err *err)
{
	size_t i, k, n = 0, g = 0;
	struct first_word *idx;
	uint32_t *gen;

	for (i = 0; i < rc->nrules; i++)
		n += rc->rules[i].el[0].nalt;
	idx = malloc((n ? n : 1) * sizeof(*idx));
	gen = malloc((rc->nrules ? rc->nrules : 1) * sizeof(*gen));
	if (!idx || !gen) {
		free(idx);
		free(gen);
		return rw_err_set(err, RW_E_NOMEM, "out of memory indexing reply rules");
	}
	n = 0;
	for (i = 0; i < rc->nrules; i++) {
		const struct elem *e = &rc->rules[i].el[0];
		int plain = !e->optional && !e->gap;
		for (k = 0; plain && k < e->nalt; k++)
			if (e->alts[k].special != SP_WORD || e->alts[k].prefix)
				plain = 0;
		if (!plain) {
			gen[g++] = (uint32_t)i;
			continue;
		}
		for (k = 0; k < e->nalt; k++) {
			idx[n].word = e->alts[k].first;
			idx[n++].rule = (uint32_t)i;
		}
	}
	if (n)
		qsort(idx, n, sizeof(*idx), cmp_first_word);
	free(rc->index);
	free(rc->general);
	rc->index = idx;
	rc->nindex = n;
	rc->general = gen;
	rc->ngeneral = g;
	return RW_OK;
}

int
rw_replycheck_load_string(rw_replycheck *rc, const char *name, const char *text, rw_err *err)
{
	struct loader *L;
	const char *p = text;
	int rc_status = RW_OK;

	if (!rc || !text)
		return rw_err_set(err, RW_E_USAGE, "no reply rules to load");
	L = malloc(sizeof(*L));
	if (!L)
		return rw_err_set(err, RW_E_NOMEM, "out of memory loading '%s'", name);
	L->rc = rc;
	L->file = name;
	L->line = 0;
	L->err = err;
	while (*p && rc_status == RW_OK) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[LINE_MAX_BYTES];

		L->line++;
		if (len && p[len - 1] == '\r')
			len--;
		if (len >= sizeof(line)) {
			rc_status = load_fail(L, N_("line longer than %s bytes"), "4096");
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (L->line == 1 && !strncmp(line, "\xEF\xBB\xBF", 3))
			memmove(line, line + 3, len - 2);
		if (line[0] && line[0] != '#' && line[strspn(line, " \t")])
			rc_status = load_line(L, line);
		p = nl ? nl + 1 : p + len;
	}
	free(L);
	if (rc_status != RW_OK)
		return rc_status;
	return build_index(rc, err);
}

static char *
read_file(const char *path, size_t max, rw_err *err)
{
	FILE *fp = fopen(path, "rb");
	rw_buf b;
	char chunk[8192];
	size_t n;

	if (!fp) {
		rw_err_set(err, RW_E_IO, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	rw_buf_init(&b, max);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (rw_buf_add(&b, chunk, n) < 0) {
			rw_buf_free(&b);
			fclose(fp);
			rw_err_set(err, RW_E_USAGE, "'%s' is larger than %zu bytes: split it", path, max);
			return NULL;
		}
	if (ferror(fp)) {
		rw_err_set(err, RW_E_IO, "cannot read '%s': %s", path, strerror(errno));
		rw_buf_free(&b);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	if (!b.data && rw_buf_add(&b, "", 0) < 0) {
		rw_err_set(err, RW_E_NOMEM, "out of memory reading '%s'", path);
		return NULL;
	}
	return rw_buf_steal(&b);
}

int
rw_replycheck_load_file(rw_replycheck *rc, const char *path, rw_err *err)
{
	char *text = read_file(path, RW_REPLY_MAX_FILE, err);
	int status;

	if (!text)
		return err && err->code ? err->code : RW_E_IO;
	status = rw_replycheck_load_string(rc, path, text, err);
	free(text);
	return status;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rw_replycheck_load_dir(rw_replycheck *rc, const char *dir, int optional, rw_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, *path = NULL;
	size_t n = 0, alloc = 0, i;
	int status = RW_OK;
	FILE *fp;

	if (!d) {
		if (optional && errno == ENOENT)
			return RW_OK;
		return rw_err_set(err, RW_E_IO, "cannot open the reply rules folder '%s': %s", dir, strerror(errno));
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".tsv"))
			continue;
		if (n >= 1000 || grow((void **)&names, &alloc, n + 1, sizeof(*names)) ||
		    !(names[n] = strdup(de->d_name))) {
			status = rw_err_set(err, RW_E_NOMEM, "too many files or out of memory in '%s'", dir);
			break;
		}
		n++;
	}
	closedir(d);
	if (status == RW_OK && n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		if (status == RW_OK) {
			if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
				status = rw_err_set(err, RW_E_NOMEM, "out of memory");
			else
				status = rw_replycheck_load_file(rc, path, err);
			free(path);
			path = NULL;
		}
		free(names[i]);
	}
	free(names);
	if (status != RW_OK)
		return status;
	if (asprintf(&path, "%s/choices.ini", dir) < 0)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	if ((fp = fopen(path, "r"))) {
		fclose(fp);
		status = rw_replycheck_load_choices(rc, path, err);
	}
	free(path);
	return status;
}

rw_replycheck *
rw_replycheck_load_default(rw_err *err)
{
	rw_replycheck *rc = rw_replycheck_new();
	char dir[4096], *user_dir;
	rw_err uerr = { 0 };

	if (!rc) {
		rw_err_set(err, RW_E_NOMEM, "out of memory loading the reply rules");
		return NULL;
	}
	if (!rw_data_path("replycheck", dir, sizeof(dir))) {
		rw_err_set(err, RW_E_USAGE, "the data folder's path is too long (check REPWATCH_DATADIR)");
		goto fail;
	}
	if (rw_replycheck_load_dir(rc, dir, 0, err))
		goto fail;
	user_dir = rw_paths_user_optional(RW_DIR_CONFIG, "replycheck", &uerr);
	if (uerr.code) {
		rw_err_set(err, uerr.code, "%s", uerr.msg);
		goto fail;
	}
	if (user_dir && rw_replycheck_load_dir(rc, user_dir, 1, err)) {
		free(user_dir);
		goto fail;
	}
	free(user_dir);
	return rc;
fail:
	rw_replycheck_free(rc);
	return NULL;
}

/* ---- matching ---- */
struct tok {
	const char *s;          /* folded, NUL-terminated */
	size_t len;
	size_t bstart, bend;    /* byte span in the draft */
};

static int
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return len > 0;
}

static int
special_match(int sp, const char *s, size_t len)
{
	size_t d = 0;
	long v;

	while (d < len && isdigit((unsigned char)s[d]))
		d++;
	switch (sp) {
	case SP_ANY:
		return 1;
	case SP_NUM:
		return d == len && len > 0;
	case SP_YEAR:
		return len == 4 && d == 4 && (!strncmp(s, "19", 2) || !strncmp(s, "20", 2));
	case SP_DAY:
		if (d == 0 || d > 2)
			return 0;
		v = strtol(s, NULL, 10);
		if (v < 1 || v > 31)
			return 0;
		if (d == len)
			return 1;
		s += d;
		len -= d;
		return (len == 2 && (!strncmp(s, "er", 2) || !strncmp(s, "re", 2) || !strncmp(s, "st", 2) ||
		                     !strncmp(s, "nd", 2) || !strncmp(s, "rd", 2) || !strncmp(s, "th", 2))) ||
		       (len == 1 && *s == 'e') || (len == 3 && !strncmp(s, "eme", 3));
	case SP_TIME:
		if (d == 0 || d > 2)
			return 0;
		v = strtol(s, NULL, 10);
		if (v > 23)
			return 0;
		s += d;
		len -= d;
		if (len == 2 && (!strncmp(s, "am", 2) || !strncmp(s, "pm", 2)))
			return v >= 1 && v <= 12;
		return *s == 'h' && (len == 1 || (len == 3 && all_digits(s + 1, 2) && strtol(s + 1, NULL, 10) < 60));
	default:
		return 0;
	}
}

/* Does token t match the word w[0..wl)? */
static int
word_match(const char *w, size_t wl, int prefix, int plural, const struct tok *t)
{
	if (prefix)
		return t->len >= wl && !memcmp(t->s, w, wl);
	if (t->len == wl)
		return !memcmp(t->s, w, wl);
	if (!plural)
		return 0;
	/* plural forms of a term: -s, -x, and English -y -> -ies */
	if (t->len == wl + 1 && (t->s[wl] == 's' || t->s[wl] == 'x'))
		return !memcmp(t->s, w, wl);
	if (wl >= 2 && w[wl - 1] == 'y' && t->len == wl + 2)
		return !memcmp(t->s, w, wl - 1) && !strcmp(t->s + wl - 1, "ies");
	return 0;
}

/* Tokens alternative a matches from t[0] (nt left), or 0.  Every word of a
 * term may be plural ("dermatites atopiques"); '*' extends the last one. */
static size_t
alt_match(const struct alt *a, const struct tok *t, size_t nt, int plural)
{
	const char *w;
	size_t k;

	if (a->special != SP_WORD)
		return nt && special_match(a->special, t->s, t->len) ? 1 : 0;
	if (nt < a->ntok)
		return 0;
	for (w = a->word, k = 0; k < a->ntok; k++) {
		size_t wl = strcspn(w, " ");
		if (!word_match(w, wl, a->prefix && k + 1 == a->ntok, plural, &t[k]))
			return 0;
		w += wl + (w[wl] == ' ');
	}
	return a->ntok;
}

/* The most tokens any alternative of e matches from t[0], or 0. */
static size_t
elem_match(const struct elem *e, const struct tok *t, size_t nt, int plural)
{
	size_t i, best = 0;

	for (i = 0; i < e->nalt; i++) {
		size_t n = alt_match(&e->alts[i], t, nt, plural);
		if (n > best)
			best = n;
	}
	return best;
}

/* Do elements ei.. match from token ti?  *end: the token after the last
 * consumed one.  Optional elements are tried present first (longest), gaps
 * shortest first. */
static int
match_at(const struct rule *r, size_t ei, const struct tok *t, size_t nt, size_t ti, size_t *end,
         unsigned *budget)
{
	const struct elem *e;
	size_t k;

	/* gaps and optional elements branch: a rule full of them must not make
	 * one draft take forever, so each try has a budget of steps */
	if (*budget == 0)
		return 0;
	--*budget;
	if (ei == r->nel) {
		*end = ti;
		return 1;
	}
	e = &r->el[ei];
	if (e->gap) {
		for (k = 0; k <= GAP_TOKENS && ti + k <= nt; k++)
			if (match_at(r, ei + 1, t, nt, ti + k, end, budget))
				return 1;
		return 0;
	}
	if (ti < nt) {
		size_t used = elem_match(e, &t[ti], nt - ti, r->plural);
		if (used && match_at(r, ei + 1, t, nt, ti + used, end, budget))
			return 1;
	}
	return e->optional && match_at(r, ei + 1, t, nt, ti, end, budget);
}

struct cand {
	size_t start, end;
	int kind;              /* rw_reply_kind or KIND_OK */
	const struct rule *rule;
	const char *origin;    /* when rule is NULL */
};

struct found {
	struct cand *c;
	size_t n, alloc;
	int nomem;
};

static void
add_cand(struct found *f, size_t start, size_t end, int kind, const struct rule *rule, const char *origin)
{
	if (end <= start || f->nomem)
		return;
	/* input-bound cap: a pathological draft cannot grow this without limit */
	if (f->n >= 4 * RW_REPLY_MAX_FLAGS)
		return;
	if (grow((void **)&f->c, &f->alloc, f->n + 1, sizeof(*f->c))) {
		f->nomem = 1;
		return;
	}
	f->c[f->n].start = start;
	f->c[f->n].end = end;
	f->c[f->n].kind = kind;
	f->c[f->n].rule = rule;
	f->c[f->n++].origin = origin;
}

static int
lang_ok(uint8_t rule_lang, uint8_t lang)
{
	return rule_lang == LANG_ANY || rule_lang == lang;
}

static void
try_rule(const struct rule *r, uint8_t lang, const struct tok *t, size_t nt, size_t i, struct found *f)
{
	size_t end;
	unsigned budget = 4096;

	if (lang_ok(r->lang, lang) && match_at(r, 0, t, nt, i, &end, &budget) && end > i)
		add_cand(f, t[i].bstart, t[end - 1].bend, r->kind, r, NULL);
}

static void
lookup_first(const rw_replycheck *rc, const char *key, uint8_t lang, const struct tok *t, size_t nt,
             size_t i, struct found *f)
{
	size_t lo = 0, hi = rc->nindex;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(rc->index[mid].word, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rc->nindex && !strcmp(rc->index[lo].word, key); lo++)
		try_rule(&rc->rules[rc->index[lo].rule], lang, t, nt, i, f);
}

static void
match_rules(const rw_replycheck *rc, uint8_t lang, const struct tok *t, size_t nt, struct found *f)
{
	size_t i, g;
	char key[256];

	for (i = 0; i < nt; i++) {
		lookup_first(rc, t[i].s, lang, t, nt, i, f);
		/* a plural token also finds the rules of its singular */
		if (t[i].len > 2 && t[i].len < sizeof(key) && (t[i].s[t[i].len - 1] == 's' || t[i].s[t[i].len - 1] == 'x')) {
			memcpy(key, t[i].s, t[i].len - 1);
			key[t[i].len - 1] = '\0';
			lookup_first(rc, key, lang, t, nt, i, f);
			if (t[i].len > 4 && !strcmp(t[i].s + t[i].len - 3, "ies")) {
				memcpy(key, t[i].s, t[i].len - 3);
				strcpy(key + t[i].len - 3, "y");
				lookup_first(rc, key, lang, t, nt, i, f);
			}
		}
		for (g = 0; g < rc->ngeneral; g++)
			try_rule(&rc->rules[rc->general[g]], lang, t, nt, i, f);
	}
}

static int is_in(const char *w, const char *const *list, size_t n);

/* A possessive right before a medical term makes it the reader's own
 * condition or treatment ("vos migraines", "your eczema"): that confirms
 * care as well.  The possessives are the class @possessive of the draft's
 * language in the rule files. */
static void
match_possessive(const rw_replycheck *rc, uint8_t lang, const struct tok *t, size_t nt, struct found *f)
{
	const struct klass *poss = find_class(rc, "possessive", 10, lang);
	size_t i, n = f->n, lo, hi;

	if (!poss || (poss->lang != lang && poss->lang != LANG_ANY))
		return;
	for (i = 0; i < n; i++) {
		if (f->c[i].kind != RW_REPLY_MEDICAL)
			continue;
		lo = 0;
		hi = nt;
		while (lo < hi) {           /* the token the term starts at */
			size_t mid = (lo + hi) / 2;
			if (t[mid].bstart < f->c[i].start)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0 && lo < nt && t[lo].bstart == f->c[i].start && elem_match(&poss->el, &t[lo - 1], 1, 0))
			add_cand(f, t[lo - 1].bstart, f->c[i].end, RW_REPLY_CARE, NULL, "possessive before a medical term");
	}
}

/* Words of a reviewer's name that say nothing about who they are. */
static int
generic_name_word(const char *w)
{
	static const char *const words[] = {
		"anonyme", "anonymous", "client", "cliente", "de", "des", "dr", "du", "guest", "invite",
		"la", "le", "m", "madame", "miss", "mlle", "mme", "monsieur", "mr", "mrs", "ms", "patient",
		"patiente", "the", "un", "une", "user", "utilisateur", "utilisatrice", "van", "von",
	};

	return is_in(w, words, sizeof(words) / sizeof(words[0]));
}

static void
match_reviewer(const char *reviewer, const struct tok *t, size_t nt, struct found *f)
{
	char *name = rw_text_tokens(reviewer, NULL), *w, *save = NULL;
	size_t i, run_start = 0;
	int in_run = 0;
	unsigned char *hit;

	if (!name) {
		f->nomem = 1;
		return;
	}
	hit = calloc(nt ? nt : 1, 1);
	if (!hit) {
		free(name);
		f->nomem = 1;
		return;
	}
	for (w = strtok_r(name, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		/* initials ("Camille R.") and titles name nobody */
		if (strlen(w) < 2 || generic_name_word(w))
			continue;
		for (i = 0; i < nt; i++)
			if (!strcmp(t[i].s, w))
				hit[i] = 1;
	}
	/* consecutive name words make one flag: "Camille Rivière" */
	for (i = 0; i <= nt; i++) {
		if (i < nt && hit[i]) {
			if (!in_run)
				run_start = i;
			in_run = 1;
		} else if (in_run) {
			add_cand(f, t[run_start].bstart, t[i - 1].bend, RW_REPLY_NAME, NULL, "reviewer name");
			in_run = 0;
		}
	}
	free(hit);
	free(name);
}

/* Numeric dates and clock times, whose punctuation the token form loses:
 * 12/03, 12/03/2025, 12.03.25, 2025-03-12, 15:30, 15h30, 15h, 3pm, 3 p.m.
 * A run of more digit groups (a phone number) is not a date. */
static size_t
digits_at(const char *s, size_t i, size_t len, long *value)
{
	size_t d = 0;

	*value = 0;
	while (i + d < len && isdigit((unsigned char)s[i + d]) && d < 5) {
		*value = *value * 10 + (s[i + d] - '0');
		d++;
	}
	if (i + d < len && isdigit((unsigned char)s[i + d]))
		return 0;   /* too long to be part of a date */
	return d;
}

static void
match_shapes(const char *s, size_t len, struct found *f)
{
	size_t i = 0;

	while (i < len) {
		long a, b, c;
		size_t da, db, dc, j, end = 0;

		if (!isdigit((unsigned char)s[i]) ||
		    (i > 0 && (isalnum((unsigned char)s[i - 1]) ||
		               ((s[i - 1] == '/' || s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == ':') &&
		                i > 1 && isdigit((unsigned char)s[i - 2]))))) {
			i++;
			continue;
		}
		da = digits_at(s, i, len, &a);
		if (!da) {
			while (i < len && isdigit((unsigned char)s[i]))
				i++;
			continue;
		}
		j = i + da;
		if (j < len && (s[j] == '/' || s[j] == '.' || s[j] == '-') && j + 1 < len &&
		    isdigit((unsigned char)s[j + 1])) {
			char sep = s[j];
			db = digits_at(s, j + 1, len, &b);
			if (db) {
				size_t k = j + 1 + db;
				dc = 0;
				c = 0;
				if (k + 1 < len && s[k] == sep && isdigit((unsigned char)s[k + 1]))
					dc = digits_at(s, k + 1, len, &c);
				if (dc) {
					size_t e = k + 1 + dc;
					int chain = e + 1 < len && (s[e] == sep) && isdigit((unsigned char)s[e + 1]);
					if (!chain && da <= 2 && db <= 2 && (dc == 2 || dc == 4) && a >= 1 && a <= 31 &&
					    b >= 1 && b <= 12)
						end = e;
					else if (!chain && da == 4 && db <= 2 && dc <= 2 && sep == '-' && b >= 1 && b <= 12 &&
					         c >= 1 && c <= 31)
						end = e;
				} else if (!(k + 1 < len && s[k] == sep && isdigit((unsigned char)s[k + 1])) &&
				           sep != '.' && da <= 2 && db <= 2 && a >= 1 && a <= 31 && b >= 1 && b <= 12 &&
				           !(k < len && isalnum((unsigned char)s[k]))) {
					end = k;   /* 12/03 or 12-03, not 12.5 */
				}
			}
		} else if (da <= 2 && a <= 23 && j + 2 < len && (s[j] == ':' || s[j] == 'h' || s[j] == 'H') &&
		           isdigit((unsigned char)s[j + 1]) && isdigit((unsigned char)s[j + 2]) &&
		           (j + 3 >= len || !isalnum((unsigned char)s[j + 3])) && (s[j + 1] - '0') < 6) {
			end = j + 3;                                 /* 15:30, 15h30 */
		} else if (da <= 2 && a <= 23 && j < len && (s[j] == 'h' || s[j] == 'H') &&
		           (j + 1 >= len || !isalnum((unsigned char)s[j + 1]))) {
			end = j + 1;                                 /* 15h */
		} else if (da <= 2 && a >= 1 && a <= 12) {
			size_t k = j;
			if (k < len && s[k] == ' ')
				k++;
			if (k + 1 < len && strchr("aApP", s[k]) && (s[k + 1] == 'm' || s[k + 1] == 'M') &&
			    (k + 2 >= len || !isalnum((unsigned char)s[k + 2])))
				end = k + 2;                         /* 3pm, 3 PM */
			else if (k + 3 < len && strchr("aApP", s[k]) && s[k + 1] == '.' &&
			         (s[k + 2] == 'm' || s[k + 2] == 'M') && s[k + 3] == '.')
				end = k + 4;                         /* 3 p.m. */
		}
		if (end) {
			add_cand(f, i, end, RW_REPLY_DATE, NULL, "date or time shape");
			i = end;
		} else {
			i = j;
		}
	}
}

/* ---- resolving overlaps, reasons, the report ---- */

/* Which of two flags on the same words is reported: the most specific. */
static int
kind_priority(int kind)
{
	static const int prio[RW_REPLY_KINDS] = {
		[RW_REPLY_NAME] = 0, [RW_REPLY_RELATIVE] = 1, [RW_REPLY_CARE] = 2,
		[RW_REPLY_DATE] = 3, [RW_REPLY_MEDICAL] = 4, [RW_REPLY_PROMO] = 5,
	};
	return kind >= 0 && kind < RW_REPLY_KINDS ? prio[kind] : 9;
}

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return kind_priority(x->kind) - kind_priority(y->kind);
}

/* Drop what an "ok" span touches; merge overlapping flags of one kind; of
 * flags on the very same words keep the most specific kind.  A flag inside a
 * longer one of another kind stays: "la consultation de jeudi" both confirms
 * care and dates it, two things to fix.  Leaves the survivors sorted in f. */
static void
resolve(struct found *f)
{
	size_t i, j, n = 0, nok = 0;
	struct cand *ok = NULL;

	for (i = 0; i < f->n; i++)
		if (f->c[i].kind == KIND_OK)
			nok++;
	if (nok && !(ok = malloc(nok * sizeof(*ok)))) {
		f->nomem = 1;
		return;
	}
	nok = 0;
	for (i = 0; i < f->n; i++)
		if (f->c[i].kind == KIND_OK)
			ok[nok++] = f->c[i];
	for (i = 0; i < f->n; i++) {
		int keep = f->c[i].kind != KIND_OK;
		for (j = 0; keep && j < nok; j++)
			if (f->c[i].start < ok[j].end && ok[j].start < f->c[i].end)
				keep = 0;
		if (keep)
			f->c[n++] = f->c[i];
	}
	free(ok);
	f->n = n;
	if (f->n)
		qsort(f->c, f->n, sizeof(*f->c), cmp_cand);

	n = 0;
	for (i = 0; i < f->n; i++) {
		int merged = 0;
		for (j = n; j-- > 0;)
			if (f->c[j].kind == f->c[i].kind && f->c[i].start < f->c[j].end) {
				if (f->c[i].end > f->c[j].end)
					f->c[j].end = f->c[i].end;
				/* the merged flag speaks with the rule that has its own words */
				if (f->c[i].rule && f->c[i].rule->reason && !(f->c[j].rule && f->c[j].rule->reason))
					f->c[j].rule = f->c[i].rule;
				merged = 1;
				break;
			}
		if (!merged)
			f->c[n++] = f->c[i];
	}
	f->n = n;

	n = 0;
	for (i = 0; i < f->n; i++) {
		int inside = 0;
		for (j = 0; !inside && j < f->n; j++) {
			if (j == i || f->c[j].start > f->c[i].start || f->c[i].end > f->c[j].end)
				continue;
			if (f->c[j].start != f->c[i].start || f->c[j].end != f->c[i].end)
				inside = f->c[j].kind == f->c[i].kind;   /* each kind is its own problem */
			else
				inside = kind_priority(f->c[j].kind) < kind_priority(f->c[i].kind) ||
				         (kind_priority(f->c[j].kind) == kind_priority(f->c[i].kind) && j < i);
		}
		if (!inside)
			f->c[n++] = f->c[i];
	}
	f->n = n;
}

static const char *
reason_for(const rw_replycheck *rc, uint8_t lang, int kind, const char *detail, const struct rule *rule)
{
	size_t i;
	int pass;

	if (rule && rule->reason)
		return rule->reason;
	/* the latest line wins, so a user's file can reword a shipped reason */
	for (pass = detail ? 0 : 1; pass < 2; pass++)
		for (i = rc->nreasons; i-- > 0;) {
			const struct reason *r = &rc->reasons[i];
			if (r->kind != kind || !lang_ok(r->lang, lang))
				continue;
			if (pass == 0 ? (r->detail && !strcmp(r->detail, detail)) : !r->detail)
				return r->text;
		}
	return kind_names[kind];
}

static size_t
utf8_len_at(const char *s, size_t i, size_t len)
{
	unsigned char c = (unsigned char)s[i];
	size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;

	return i + n <= len ? n : len - i;
}

/* Split the token form into tokens with their byte spans in s. */
static struct tok *
tokenize(const char *s, size_t len, char **tokstr, size_t *nt)
{
	size_t *map = NULL, i, n = 0, alloc = 0;
	char *t = rw_text_tokens(s, &map);
	struct tok *toks = NULL;

	*tokstr = t;
	*nt = 0;
	if (!t) {
		free(map);
		return NULL;
	}
	for (i = 0; t[i];) {
		size_t a, b;
		if (t[i] == ' ') {
			t[i++] = '\0';
			continue;
		}
		a = i;
		while (t[i] && t[i] != ' ')
			i++;
		b = i;
		if (grow((void **)&toks, &alloc, n + 1, sizeof(*toks))) {
			free(toks);
			free(map);
			return NULL;
		}
		toks[n].s = t + a;
		toks[n].len = b - a;
		toks[n].bstart = map[a];
		toks[n].bend = map[b - 1] + utf8_len_at(s, map[b - 1], len);
		n++;
	}
	free(map);
	*nt = n;
	if (!toks)
		toks = malloc(sizeof(*toks));   /* an empty draft has no token, but is not out of memory */
	return toks;
}

static int
is_in(const char *w, const char *const *list, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, list[mid]);
		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

void
rw_reply_report_free(rw_reply_report *r)
{
	if (!r)
		return;
	free(r->flags);
	free(r);
}

int
rw_replycheck_run(const rw_replycheck *rc, const char *draft, const rw_replycheck_opts *o,
                  rw_reply_report **out, rw_err *err)
{
	const char *lang_name = o && o->lang ? o->lang : NULL;
	struct found f = { 0 };
	rw_reply_report *rep;
	struct tok *toks;
	char *tokstr;
	size_t len, nt, i;
	uint8_t lang;

	*out = NULL;
	if (!rc || !draft)
		return rw_err_set(err, RW_E_USAGE, "no draft to check");
	len = strlen(draft);
	if (len > RW_REPLY_MAX_DRAFT)
		return rw_err_set(err, RW_E_USAGE, "the draft is %zu bytes; a reply to a review is checked up to %u "
		                  "bytes: shorten it", len, RW_REPLY_MAX_DRAFT);
	if (!lang_name)
		lang_name = rw_lang_detect_name(draft, "fr");
	if (parse_lang(lang_name, &lang) < 0 || lang == LANG_ANY)
		return rw_err_set(err, RW_E_USAGE, "unknown language '%s' (fr or en)", lang_name);

	toks = tokenize(draft, len, &tokstr, &nt);
	if (!toks) {
		free(tokstr);
		return rw_err_set(err, RW_E_NOMEM, "out of memory checking a draft");
	}
	match_rules(rc, lang, toks, nt, &f);
	match_possessive(rc, lang, toks, nt, &f);
	if (o && o->reviewer && *o->reviewer)
		match_reviewer(o->reviewer, toks, nt, &f);
	match_shapes(draft, len, &f);
	resolve(&f);
	rep = calloc(1, sizeof(*rep));
	if (f.nomem || !rep || (f.n && !(rep->flags = calloc(f.n < RW_REPLY_MAX_FLAGS ? f.n : RW_REPLY_MAX_FLAGS,
	                                                      sizeof(*rep->flags))))) {
		free(rep);
		free(f.c);
		free(toks);
		free(tokstr);
		return rw_err_set(err, RW_E_NOMEM, "out of memory checking a draft");
	}
	memcpy(rep->lang, lang == LANG_EN ? "en" : "fr", 3);
	for (i = 0; i < f.n && i < RW_REPLY_MAX_FLAGS; i++) {
		const struct cand *c = &f.c[i];
		rw_reply_flag *fl = &rep->flags[i];
		fl->start = c->start;
		fl->end = c->end;
		fl->kind = (rw_reply_kind)c->kind;
		fl->detail = c->rule ? c->rule->detail : NULL;
		fl->reason = reason_for(rc, lang, c->kind, fl->detail, c->rule);
		fl->origin = c->rule ? c->rule->origin : c->origin;
	}
	rep->count = i;
	rep->truncated = f.n > RW_REPLY_MAX_FLAGS;
	free(f.c);
	free(toks);
	free(tokstr);
	*out = rep;
	return RW_OK;
}

/* ---- answer choices ---- */

/* "a\nb" written in the file becomes a line break */
static void
unescape_newlines(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*w++ = '\n';
			s++;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
rw_replycheck_load_choices(rw_replycheck *rc, const char *path, rw_err *err)
{
	char *text = read_file(path, 1u << 20, err), *line, **last = NULL;
	struct choice *cur = NULL;
	unsigned lineno = 0;
	int status = RW_OK;
	const char *p;

	if (!text)
		return err && err->code ? err->code : RW_E_IO;
	/* strtok_r would skip empty lines and break line numbers: walk by hand */
	for (p = line = text; status == RW_OK && *p; line = (char *)p) {
		char *nl = strchr(line, '\n'), *s;
		p = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		lineno++;
		if ((line[0] == ' ' || line[0] == '\t') && last && *last && *trim(line)) {
			/* continuation of the previous value */
			size_t a = strlen(*last), b = strlen(trim(line));
			char *grown;
			if (a + b + 2 > CHOICE_TEXT) {
				status = rw_err_set(err, RW_E_USAGE, "%s:%u: text longer than %u bytes", path, lineno, CHOICE_TEXT);
				break;
			}
			if (!(grown = realloc(*last, a + b + 2))) {
				status = rw_err_set(err, RW_E_NOMEM, "out of memory reading '%s'", path);
				break;
			}
			grown[a] = ' ';
			memcpy(grown + a + 1, trim(line), b + 1);
			unescape_newlines(grown + a + 1);
			*last = grown;
			continue;
		}
		s = trim(line);
		last = NULL;
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']');
			size_t i;
			if (!end || end[1] || end == s + 1) {
				status = rw_err_set(err, RW_E_USAGE, "%s:%u: expected [choice-id]", path, lineno);
				break;
			}
			*end = '\0';
			for (i = 0, cur = NULL; i < rc->nchoices; i++)
				if (!strcmp(rc->choices[i].id, s + 1)) {
					/* a later file's section replaces the earlier one in place */
					cur = &rc->choices[i];
					choice_clear(cur);
				}
			if (!cur) {
				if (rc->nchoices >= MAX_CHOICES) {
					status = rw_err_set(err, RW_E_USAGE, "%s:%u: more than %d choices", path, lineno, MAX_CHOICES);
					break;
				}
				cur = &rc->choices[rc->nchoices++];
			}
			if (!(cur->id = strdup(s + 1)))
				status = rw_err_set(err, RW_E_NOMEM, "out of memory reading '%s'", path);
			continue;
		}
		{
			char *eq = strchr(s, '='), *key, *val;
			int l = -1, fld = -1;
			if (!eq || !cur) {
				status = rw_err_set(err, RW_E_USAGE, !cur ? N_("%s:%u: a key before any [choice-id]")
				                                          : N_("%s:%u: expected key = value"), path, lineno);
				break;
			}
			*eq = '\0';
			key = trim(s);
			val = trim(eq + 1);
			if (!strcmp(key, "public")) {
				if (strcmp(val, "yes") && strcmp(val, "no")) {
					status = rw_err_set(err, RW_E_USAGE, "%s:%u: public: %s: expected yes or no", path, lineno, val);
					break;
				}
				cur->is_public = !strcmp(val, "yes");
				continue;
			}
			if (!strncmp(key, "title.", 6))
				fld = 0;
			else if (!strncmp(key, "advice.", 7))
				fld = 1;
			else if (!strncmp(key, "draft.", 6))
				fld = 2;
			if (fld >= 0) {
				const char *lg = strchr(key, '.') + 1;
				l = !strcmp(lg, "fr") ? 0 : !strcmp(lg, "en") ? 1 : -1;
			}
			if (fld < 0 || l < 0) {
				status = rw_err_set(err, RW_E_USAGE, "%s:%u: [%s].%s: unknown key (public, title.fr, title.en, "
				                    "advice.fr, advice.en, draft.fr, draft.en)", path, lineno, cur->id, key);
				break;
			}
			free(cur->text[l][fld]);
			unescape_newlines(val);
			if (!(cur->text[l][fld] = strdup(val))) {
				status = rw_err_set(err, RW_E_NOMEM, "out of memory reading '%s'", path);
				break;
			}
			last = &cur->text[l][fld];
		}
	}
	free(text);
	return status;
}

size_t
rw_replycheck_choice_count(const rw_replycheck *rc)
{
	return rc ? rc->nchoices : 0;
}

int
rw_replycheck_choice(const rw_replycheck *rc, size_t i, const char *lang, rw_reply_choice *out)
{
	const struct choice *c;
	int l = lang && !strcmp(lang, "en") ? 1 : 0;

	if (!rc || i >= rc->nchoices)
		return -1;
	c = &rc->choices[i];
	out->id = c->id;
	out->is_public = c->is_public;
	out->title = c->text[l][0] ? c->text[l][0] : c->text[!l][0] ? c->text[!l][0] : c->id;
	out->advice = c->text[l][1] ? c->text[l][1] : c->text[!l][1] ? c->text[!l][1] : "";
	out->draft = c->text[l][2] ? c->text[l][2] : c->text[!l][2];
	return 0;
}
