/* SPDX-License-Identifier: MIT */
#include "sentiment.h"
#include "buf.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define LEX_FILE_MAX (8u << 20)    /* a lexicon file larger than this is refused */
#define LEX_LINE_MAX 1024
#define TEXT_MAX_BYTES (256u << 10) /* only the first 256 KiB of a text are scored */
#define MAX_TOKENS 40000
#define PHRASE_MAX_TOKENS 6
#define WORD_MAX 128

/* Tuning.  From the lexicons' README, VADER (Hutto & Gilbert, ICWSM 2014)
 * and SO-CAL (Taboada et al., Computational Linguistics 37(2), 2011); the
 * two marked "dev" were chosen on the development sets only (UCI Amazon and
 * IMDb sentences, odd lines of the French set), never on the sets README.md
 * reports (UCI Yelp, even lines of the French set). */
#define NEGATION_SCOPE 3           /* tokens before a unit where a negator counts */
#define NEGATION_FACTOR (-0.74)    /* VADER's N_SCALAR */
#define NEGATIVE_WEIGHT 1.5        /* SO-CAL's negative weighting */
#define BARE_NEGATION (-0.3)       /* dev: a negation that flips no word ("doesn't work") */
#define CONTRAST_BEFORE 0.5        /* VADER's "but" rule */
#define CONTRAST_AFTER 1.5
#define EXCLAMATION_BOOST 0.073    /* VADER's 0.292 per '!' on its -4..4 scale */
#define EXCLAMATION_MAX 4
#define NORMALISE_ALPHA 1.0        /* VADER's alpha 15 on a -4..4 scale, here -1..1 */
#define RATING_WEIGHT 0.7
#define LABEL_THRESHOLD 0.05

enum { LANG_FR, LANG_EN, NLANG };

struct entry {
	char *key;
	double value;
};

struct table {
	struct entry *e;
	size_t n, alloc;
};

struct lang_data {
	struct table general, general_folded;   /* en.tsv / fr.tsv */
	struct table domain, domain_folded;     /* single words of domain.tsv */
	struct table phrases;                   /* folded tokens joined by ' ' */
	struct table negators, intensifiers;    /* folded */
	size_t phrase_max;                      /* most tokens in a phrase */
};

#define NTABLES 7

static size_t
tables_of(struct lang_data *d, struct table *out[NTABLES])
{
	out[0] = &d->general;
	out[1] = &d->general_folded;
	out[2] = &d->domain;
	out[3] = &d->domain_folded;
	out[4] = &d->phrases;
	out[5] = &d->negators;
	out[6] = &d->intensifiers;
	return NTABLES;
}

struct rw_lexicon {
	struct lang_data lang[NLANG];
};

const char *
rw_lang_name(rw_lang l)
{
	return l == RW_LANG_FR ? "fr" : l == RW_LANG_EN ? "en" : NULL;
}

rw_lang
rw_lang_from_name(const char *name)
{
	if (name && !strcmp(name, "fr"))
		return RW_LANG_FR;
	if (name && !strcmp(name, "en"))
		return RW_LANG_EN;
	return RW_LANG_UNKNOWN;
}

const char *
rw_polarity_name(rw_polarity p)
{
	return p == RW_POSITIVE ? "positive" : p == RW_NEGATIVE ? "negative" : "neutral";
}

/* ---- language ---- */

/* Frequent function words, folded, split as text.h's token form splits
 * them ("c'est" -> "c" "est").  Sorted for bsearch. */
static const char *const stop_fr[] = {
	"a", "au", "aux", "avec", "avez", "avons", "bonjour", "ce", "ces", "cette", "d", "dans", "de",
	"des", "du", "elle", "en", "est", "et", "etait", "ete", "etes", "etre", "il", "ils", "j", "je",
	"l", "la", "le", "les", "leur", "lui", "m", "ma", "mais", "me", "merci", "mes", "moi", "mon",
	"n", "ne", "nous", "on", "ou", "par", "pas", "peu", "plus", "pour", "qu", "que", "qui", "sa",
	"sans", "se", "ses", "sommes", "son", "sont", "sur", "tres", "tu", "un", "une", "vos", "votre",
	"vous",
};
static const char *const stop_en[] = {
	"about", "all", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "did",
	"do", "does", "don", "for", "from", "had", "has", "have", "he", "hello", "her", "his", "i",
	"if", "in", "is", "it", "its", "just", "me", "my", "not", "of", "on", "or", "our", "she", "so",
	"thank", "thanks", "that", "the", "their", "there", "they", "this", "to", "very", "was", "we",
	"were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
};

/* The stop words as 64-bit keys (up to 8 bytes, big-endian, so that the
 * keys sort as the words), each with the languages it belongs to: a word
 * of the text is looked up with integer compares. */
#define STOP_KEY_MAX 8
struct stop_key { uint64_t key; unsigned char langs; };   /* 1 French, 2 English */
static struct stop_key stop_keys[sizeof(stop_fr) / sizeof(stop_fr[0]) + sizeof(stop_en) / sizeof(stop_en[0])];
static size_t nstop_keys;
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static uint64_t
word_key(const char *w, size_t len)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < STOP_KEY_MAX; i++)
		k = (k << 8) | (i < len ? (unsigned char)w[i] : 0);
	return k;
}

static int
cmp_stop_key(const void *a, const void *b)
{
	uint64_t x = ((const struct stop_key *)a)->key, y = ((const struct stop_key *)b)->key;

	return x < y ? -1 : x > y;
}

static void
add_stop_words(const char *const *w, size_t n, unsigned char lang)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		uint64_t k = word_key(w[i], strlen(w[i]));
		for (j = 0; j < nstop_keys && stop_keys[j].key != k; j++)
			;
		if (j == nstop_keys) {
			stop_keys[nstop_keys].key = k;
			stop_keys[nstop_keys++].langs = 0;
		}
		stop_keys[j].langs |= lang;
	}
}

static void
make_stop_keys(void)
{
	add_stop_words(stop_fr, sizeof(stop_fr) / sizeof(stop_fr[0]), 1);
	add_stop_words(stop_en, sizeof(stop_en) / sizeof(stop_en[0]), 2);
	qsort(stop_keys, nstop_keys, sizeof(stop_keys[0]), cmp_stop_key);
}

rw_lang
rw_lang_detect_tokens(const char *tok)
{
	const char *p = tok, *start = tok;
	size_t fr = 0, en = 0, seen = 0;

	if (!tok)
		return RW_LANG_UNKNOWN;
	pthread_once(&stop_once, make_stop_keys);
	while (seen < 3000 && (size_t)(p - start) < 16384) {
		const char *w, *e;
		struct stop_key want, *found;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (w = e = p; *e && *e != ' '; e++)
			;
		p = e;
		seen++;
		/* "a" is French ("il a") and English ("a doctor"): it counts for neither */
		if ((size_t)(e - w) > STOP_KEY_MAX || (e - w == 1 && *w == 'a'))
			continue;
		want.key = word_key(w, (size_t)(e - w));
		found = bsearch(&want, stop_keys, nstop_keys, sizeof(stop_keys[0]), cmp_stop_key);
		if (found) {
			fr += (found->langs & 1) != 0;
			en += (found->langs & 2) != 0;
		}
	}
	if (fr > en)
		return RW_LANG_FR;
	if (en > fr)
		return RW_LANG_EN;
	return RW_LANG_UNKNOWN;
}

const char *
rw_lang_detect_name(const char *text, const char *fallback)
{
	const char *name = rw_lang_name(rw_lang_detect(text));

	return name ? name : fallback;
}

rw_lang
rw_lang_detect(const char *text)
{
	char *tok, *head;
	size_t n;
	rw_lang l;

	if (!text)
		return RW_LANG_UNKNOWN;
	/* the first few thousand words are plenty */
	n = strlen(text);
	if (!(head = strndup(text, n > 16384 ? 16384 : n)))
		return RW_LANG_UNKNOWN;
	tok = rw_text_tokens(head, NULL);
	free(head);
	l = rw_lang_detect_tokens(tok);
	free(tok);
	return l;
}

/* ---- tables ---- */

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static int
table_add(struct table *t, const char *key, double value)
{
	if (t->n == t->alloc) {
		size_t na = t->alloc ? t->alloc * 2 : 256;
		struct entry *ne = realloc(t->e, na * sizeof(*ne));
		if (!ne)
			return -1;
		t->e = ne;
		t->alloc = na;
	}
	if (!(t->e[t->n].key = strdup(key)))
		return -1;
	t->e[t->n].value = value;
	t->n++;
	return 0;
}

/* Sort, then merge equal keys into their mean (accent folding makes
 * "aime" and "aimé" one key). */
static void
table_finish(struct table *t)
{
	size_t i, o = 0;

	if (!t->n)
		return;
	qsort(t->e, t->n, sizeof(t->e[0]), cmp_entry);
	for (i = 0; i < t->n; ) {
		size_t j = i + 1;
		double sum = t->e[i].value;
		while (j < t->n && !strcmp(t->e[j].key, t->e[i].key)) {
			sum += t->e[j].value;
			free(t->e[j].key);
			j++;
		}
		t->e[o].key = t->e[i].key;
		t->e[o].value = sum / (double)(j - i);
		o++;
		i = j;
	}
	t->n = o;
}

static const struct entry *
table_get(const struct table *t, const char *key)
{
	struct entry k = { (char *)key, 0 };

	if (!t->n)
		return NULL;
	return bsearch(&k, t->e, t->n, sizeof(t->e[0]), cmp_entry);
}

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->e[i].key);
	free(t->e);
	memset(t, 0, sizeof(*t));
}

/* ---- tokens ---- */

struct token {
	char *low;           /* lowercase, accents kept */
	char *fold;          /* lowercase, accents dropped */
	unsigned brk : 1;    /* a clause ends before this token (, ; : . ( ...) */
	unsigned sentence : 1; /* a sentence ends before this token (. ! ?) */
};

struct tokens {
	struct token *t;
	size_t n, alloc;
	int exclamations;
};

static int
is_word_cp(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
		return 1;
	default:
		return 0;
	}
}

static int
is_joiner(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static void
tokens_free(struct tokens *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		free(ts->t[i].low);
		free(ts->t[i].fold);
	}
	free(ts->t);
	memset(ts, 0, sizeof(*ts));
}

static int
push_token(struct tokens *ts, const char *low, size_t len, int brk, int sentence)
{
	struct token *t;

	if (ts->n >= MAX_TOKENS)
		return 0;
	/* one zeroed token always follows the last, so t[1] can be looked at */
	if (ts->n + 1 >= ts->alloc) {
		size_t na = ts->alloc ? ts->alloc * 2 : 64;
		struct token *nt = realloc(ts->t, na * sizeof(*nt));
		if (!nt)
			return -1;
		ts->t = nt;
		ts->alloc = na;
	}
	t = &ts->t[ts->n];
	memset(t, 0, sizeof(*t));
	if (!(t->low = strndup(low, len)) || !(t->fold = rw_text_fold(t->low))) {
		free(t->low);
		return -1;
	}
	t->brk = brk ? 1 : 0;
	t->sentence = sentence ? 1 : 0;
	ts->n++;
	memset(&ts->t[ts->n], 0, sizeof(ts->t[0]));
	return 0;
}

/* French elided words split off a token: "l'écoute" -> "l'" "écoute". */
static size_t
elision(const char *low)
{
	static const char *const elided[] = {
		"c'", "d'", "j'", "jusqu'", "l'", "lorsqu'", "m'", "n'", "puisqu'", "qu'", "s'", "t'",
	};
	size_t i;

	for (i = 0; i < sizeof(elided) / sizeof(elided[0]); i++) {
		size_t n = strlen(elided[i]);
		if (!strncmp(low, elided[i], n) && low[n])
			return n;
	}
	return 0;
}

static int
tokenize(const char *text, int french, struct tokens *ts)
{
	size_t len = strlen(text), i = 0;
	char word[WORD_MAX * 4 + 8];
	size_t wl = 0;
	int brk = 0, sentence = 0, rc = 0;
	utf8proc_int32_t prev = 0;

	if (len > TEXT_MAX_BYTES)
		len = TEXT_MAX_BYTES;
	memset(ts, 0, sizeof(*ts));
	while (i <= len && rc == 0) {
		utf8proc_int32_t cp = 0, next = 0;
		utf8proc_ssize_t n = 1;

		if (i < len) {
			n = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
			if (n <= 0) {
				cp = ' ';
				n = 1;
			}
		}
		if (i < len && is_word_cp(cp)) {
			if (wl < WORD_MAX * 4) {
				utf8proc_int32_t lc = utf8proc_tolower(cp);
				wl += (size_t)utf8proc_encode_char(lc, (utf8proc_uint8_t *)word + wl);
			}
			prev = cp;
			i += (size_t)n;
			continue;
		}
		if (i < len && is_joiner(cp) && wl && wl < WORD_MAX * 4 && is_word_cp(prev) && i + (size_t)n < len) {
			utf8proc_iterate((const utf8proc_uint8_t *)text + i + n, (utf8proc_ssize_t)(len - i - (size_t)n), &next);
			if (is_word_cp(next)) {
				word[wl++] = cp == '-' || cp == 0x2010 || cp == 0x2011 ? '-' : '\'';
				prev = cp;
				i += (size_t)n;
				continue;
			}
		}
		/* the end of a word */
		if (wl) {
			size_t cut;
			word[wl] = '\0';
			cut = french ? elision(word) : 0;
			if (cut) {
				rc = push_token(ts, word, cut, brk, sentence);
				if (!rc)
					rc = push_token(ts, word + cut, wl - cut, 0, 0);
			} else {
				rc = push_token(ts, word, wl, brk, sentence);
			}
			brk = sentence = 0;
			wl = 0;
		}
		if (i >= len)
			break;
		if (cp == '!') {
			ts->exclamations++;
			sentence = 1;
		}
		if (cp == '.' || cp == '?' || cp == 0x2026)
			sentence = 1;
		if (sentence || cp == ',' || cp == ';' || cp == ':' || cp == '(' || cp == ')' ||
		    cp == 0x2013 || cp == 0x2014 || cp == '"' || cp == 0xAB || cp == 0xBB)
			brk = 1;
		prev = cp;
		i += (size_t)n;
	}
	if (rc) {
		tokens_free(ts);
		return -1;
	}
	return 0;
}

/* ---- loading ---- */

/* A decimal number in the C locale, whatever LC_NUMERIC says. */
static int
parse_number(const char *s, double *out)
{
	double v = 0, scale = 1;
	int sign = 1, digits = 0;

	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++)
			v += (*s - '0') * (scale /= 10);
	if (!digits || (*s && *s != '\r'))
		return -1;
	*out = sign * v;
	return 0;
}

static int
lang_index(const char *name)
{
	return !strcmp(name, "fr") ? LANG_FR : !strcmp(name, "en") ? LANG_EN : -1;
}

/* Add a word or phrase of lang l to the tables: exact form, folded form;
 * phrases go to phrases as folded tokens. */
static int
add_word(struct lang_data *d, struct table *exact, struct table *folded, const char *word,
         double value, int l, int phrases_ok)
{
	struct tokens ts;
	int rc = 0;

	if (tokenize(word, l == LANG_FR, &ts) < 0)
		return -1;
	if (ts.n > 1 && phrases_ok) {
		char key[WORD_MAX * PHRASE_MAX_TOKENS];
		size_t i;
		key[0] = '\0';
		for (i = 0; i < ts.n && i < PHRASE_MAX_TOKENS; i++) {
			if (i)
				strncat(key, " ", sizeof(key) - strlen(key) - 1);
			strncat(key, ts.t[i].fold, sizeof(key) - strlen(key) - 1);
		}
		if (ts.n <= PHRASE_MAX_TOKENS) {
			rc = table_add(&d->phrases, key, value);
			if (ts.n > d->phrase_max)
				d->phrase_max = ts.n;
		}
	} else if (ts.n >= 1) {
		rc = table_add(exact, ts.n == 1 ? ts.t[0].low : word, value);
		if (!rc && folded)
			rc = table_add(folded, ts.n == 1 ? ts.t[0].fold : word, value);
	}
	tokens_free(&ts);
	return rc;
}

enum file_kind { F_GENERAL, F_DOMAIN, F_NEGATORS, F_INTENSIFIERS };

static int
load_file(rw_lexicon *lx, const char *dir, const char *name, enum file_kind kind, int fixed_lang, rw_err *err)
{
	char *path = NULL, line[LEX_LINE_MAX + 2];
	FILE *fp;
	long lineno = 0;
	size_t total = 0;
	int rc = RW_OK;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return rw_err_set(err, RW_E_NOMEM, "out of memory");
	fp = fopen(path, "r");
	if (!fp) {
		rc = rw_err_set(err, RW_E_IO, "cannot read the lexicon '%s': %s (reinstall repwatch, or set "
		                "REPWATCH_DATADIR to the folder holding lexicons/)", path, strerror(errno));
		free(path);
		return rc;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *cols[3] = { NULL, NULL, NULL }, *p = line, *save = NULL;
		size_t nc = 0, len = strlen(line);
		double value = 1;
		int l = fixed_lang;
		struct lang_data *d;

		lineno++;
		total += len;
		if (total > LEX_FILE_MAX || (len == sizeof(line) - 1 && line[len - 1] != '\n')) {
			rc = rw_err_set(err, RW_E_PARSE, "%s:%ld: line too long or file too large", path, lineno);
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		for (p = strtok_r(line, "\t", &save); p && nc < 3; p = strtok_r(NULL, "\t", &save))
			cols[nc++] = p;
		if (kind != F_GENERAL) {
			if (nc < 2 || (l = lang_index(cols[0])) < 0) {
				rc = rw_err_set(err, RW_E_PARSE, "%s:%ld: expected lang<TAB>word..., lang fr or en", path, lineno);
				break;
			}
			memmove(cols, cols + 1, 2 * sizeof(cols[0]));
			nc--;
		}
		if ((kind != F_NEGATORS && (nc < 2 || parse_number(cols[1], &value) < 0)) || nc < 1) {
			rc = rw_err_set(err, RW_E_PARSE, "%s:%ld: expected word<TAB>number", path, lineno);
			break;
		}
		d = &lx->lang[l];
		switch (kind) {
		case F_GENERAL:
			rc = add_word(d, &d->general, &d->general_folded, cols[0], value, l, 0);
			break;
		case F_DOMAIN:
			rc = add_word(d, &d->domain, &d->domain_folded, cols[0], value, l, 1);
			break;
		case F_NEGATORS:
			/* kept whole: "n'" is what the tokenizer splits off "n'est" */
			rc = table_add(&d->negators, cols[0], 1);
			break;
		case F_INTENSIFIERS:
			rc = table_add(&d->intensifiers, cols[0], value);
			break;
		}
		if (rc) {
			rc = rw_err_set(err, RW_E_NOMEM, "out of memory");
			break;
		}
	}
	if (!rc && ferror(fp))
		rc = rw_err_set(err, RW_E_IO, "cannot read the lexicon '%s': %s", path, strerror(errno));
	fclose(fp);
	free(path);
	return rc;
}

rw_lexicon *
rw_lexicon_load(const char *dir, rw_err *err)
{
	rw_lexicon *lx = calloc(1, sizeof(*lx));
	int l;

	if (!lx) {
		rw_err_set(err, RW_E_NOMEM, "out of memory");
		return NULL;
	}
	if (load_file(lx, dir, "en.tsv", F_GENERAL, LANG_EN, err) ||
	    load_file(lx, dir, "fr.tsv", F_GENERAL, LANG_FR, err) ||
	    load_file(lx, dir, "domain.tsv", F_DOMAIN, -1, err) ||
	    load_file(lx, dir, "negators.txt", F_NEGATORS, -1, err) ||
	    load_file(lx, dir, "intensifiers.tsv", F_INTENSIFIERS, -1, err)) {
		rw_lexicon_free(&lx);
		return NULL;
	}
	for (l = 0; l < NLANG; l++) {
		struct lang_data *d = &lx->lang[l];
		struct table *all[NTABLES];
		size_t k;
		for (k = 0; k < tables_of(d, all); k++)
			table_finish(all[k]);
		/* negators and intensifiers are looked up folded: "tres" is "très" */
		{
			struct table *t[2] = { &d->negators, &d->intensifiers };
			for (k = 0; k < 2; k++) {
				size_t i, n = t[k]->n;
				for (i = 0; i < n; i++) {
					char *f = rw_text_fold(t[k]->e[i].key);
					if (!f || (strcmp(f, t[k]->e[i].key) && table_add(t[k], f, t[k]->e[i].value) < 0)) {
						free(f);
						rw_err_set(err, RW_E_NOMEM, "out of memory");
						rw_lexicon_free(&lx);
						return NULL;
					}
					free(f);
				}
				table_finish(t[k]);
			}
		}
	}
	return lx;
}

void
rw_lexicon_free(rw_lexicon **lxp)
{
	int l;

	if (!lxp || !*lxp)
		return;
	for (l = 0; l < NLANG; l++) {
		struct table *all[NTABLES];
		size_t k;
		for (k = 0; k < tables_of(&(*lxp)->lang[l], all); k++)
			table_free(all[k]);
	}
	free(*lxp);
	*lxp = NULL;
}

/* ---- scoring ---- */

static int
is_negator(const struct lang_data *d, const struct token *t, int l)
{
	size_t n = strlen(t->fold);

	/* "not only ... but", "non seulement ... mais" negate nothing */
	if (t[1].fold && (!strcmp(t[1].fold, "only") || !strcmp(t[1].fold, "seulement")) &&
	    (!strcmp(t->fold, "not") || !strcmp(t->fold, "non")))
		return 0;
	if (table_get(&d->negators, t->fold))
		return 1;
	/* "didn't", "wasn't": the README's rule for English */
	return l == LANG_EN && n > 3 && !strcmp(t->fold + n - 3, "n't");
}

/* A word's score with its endings taken off, for words the lists lack:
 * "recommended" -> "recommend", "désagréables" -> "désagréable". */
static const struct entry *
lookup_stem(const struct lang_data *d, const char *fold, int l)
{
	static const struct { const char *end, *repl; int lang; } rules[] = {
		{ "'s", "", LANG_EN }, { "ies", "y", LANG_EN }, { "ied", "y", LANG_EN },
		{ "iest", "y", LANG_EN }, { "ier", "y", LANG_EN }, { "ing", "", LANG_EN },
		{ "ing", "e", LANG_EN }, { "ed", "", LANG_EN }, { "ed", "e", LANG_EN }, { "ly", "", LANG_EN },
		{ "es", "", LANG_EN }, { "s", "", LANG_EN },
		{ "euses", "eux", LANG_FR }, { "euse", "eux", LANG_FR }, { "ives", "if", LANG_FR },
		{ "ive", "if", LANG_FR }, { "ement", "e", LANG_FR }, { "ees", "e", LANG_FR },
		{ "es", "", LANG_FR }, { "es", "e", LANG_FR }, { "e", "", LANG_FR }, { "s", "", LANG_FR },
		{ "x", "", LANG_FR },
	};
	char buf[WORD_MAX * 4 + 8];
	size_t n = strlen(fold), i;

	if (n < 4 || n >= sizeof(buf))
		return NULL;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		size_t el = strlen(rules[i].end);
		const struct entry *e;
		if (rules[i].lang != l || n <= el + 2 || strcmp(fold + n - el, rules[i].end))
			continue;
		snprintf(buf, sizeof(buf), "%.*s%s", (int)(n - el), fold, rules[i].repl);
		if ((e = table_get(&d->domain_folded, buf)) || (e = table_get(&d->general_folded, buf)))
			return e;
	}
	return NULL;
}

static const struct entry *
lookup(const struct lang_data *d, const struct token *t, int l)
{
	const struct entry *e;

	if ((e = table_get(&d->domain, t->low)) || (e = table_get(&d->domain_folded, t->fold)) ||
	    (e = table_get(&d->general, t->low)) || (e = table_get(&d->general_folded, t->fold)))
		return e;
	return lookup_stem(d, t->fold, l);
}

static int
is_contrast(const struct token *t, int l)
{
	static const char *const en[] = { "but", "however", "yet" };
	static const char *const fr[] = { "cependant", "mais", "neanmoins", "pourtant", "toutefois" };
	const char *const *list = l == LANG_FR ? fr : en;
	size_t i, n = l == LANG_FR ? sizeof(fr) / sizeof(fr[0]) : sizeof(en) / sizeof(en[0]);

	for (i = 0; i < n; i++)
		if (!strcmp(t->fold, list[i]))
			return 1;
	return 0;
}

struct result {
	double sum;
	size_t units;
};

static void
score_tokens(const struct lang_data *d, const struct tokens *ts, int l, struct result *r)
{
	size_t i, sentence_start = 0, contrast_at = (size_t)-1;
	double *unit_value;
	size_t *unit_pos, nunits = 0;

	r->sum = 0;
	r->units = 0;
	if (!ts->n)
		return;
	unit_value = malloc(ts->n * sizeof(*unit_value));
	unit_pos = malloc(ts->n * sizeof(*unit_pos));
	if (!unit_value || !unit_pos) {
		free(unit_value);
		free(unit_pos);
		return;
	}
	for (i = 0; i <= ts->n; i++) {
		const struct entry *e = NULL;
		size_t k, len = 1, j;
		double v, mult = 1;
		int negated = 0;

		/* a sentence ends: weigh its units by the contrast rule */
		if (i == ts->n || (i > 0 && ts->t[i].sentence)) {
			for (k = 0; k < nunits; k++) {
				double w = 1;
				if (contrast_at != (size_t)-1)
					w = unit_pos[k] < contrast_at ? CONTRAST_BEFORE : CONTRAST_AFTER;
				r->sum += unit_value[k] * w;
			}
			r->units += nunits;
			nunits = 0;
			contrast_at = (size_t)-1;
			sentence_start = i;
			if (i == ts->n)
				break;
		}
		if (is_contrast(&ts->t[i], l)) {
			contrast_at = i;
			continue;
		}
		/* the longest domain phrase starting here */
		for (k = d->phrase_max; k >= 2 && !e; k--) {
			char key[WORD_MAX * PHRASE_MAX_TOKENS];
			if (i + k > ts->n)
				continue;
			key[0] = '\0';
			for (j = 0; j < k; j++) {
				if (j)
					strncat(key, " ", sizeof(key) - strlen(key) - 1);
				strncat(key, ts->t[i + j].fold, sizeof(key) - strlen(key) - 1);
			}
			if ((e = table_get(&d->phrases, key)))
				len = k;
		}
		if (!e) {
			if (is_negator(d, &ts->t[i], l)) {
				/* a negation that flips no scored word: "doesn't work", "ne
				 * marche pas" - mildly negative on its own */
				size_t q;
				int flips = 0;
				for (q = i + 1; q < ts->n && q <= i + NEGATION_SCOPE && !flips; q++) {
					if (ts->t[q].brk)
						break;
					if (!is_negator(d, &ts->t[q], l) && !table_get(&d->intensifiers, ts->t[q].fold)) {
						const struct entry *x = lookup(d, &ts->t[q], l);
						flips = x && x->value != 0;
					}
				}
				/* "ne ... pas" is one negation */
				for (q = i; q > sentence_start && i - q < NEGATION_SCOPE && !flips; q--) {
					if (ts->t[q].brk)
						break;
					flips = is_negator(d, &ts->t[q - 1], l);
				}
				if (!flips) {
					unit_value[nunits] = BARE_NEGATION;
					unit_pos[nunits] = i;
					nunits++;
				}
				continue;
			}
			if (table_get(&d->intensifiers, ts->t[i].fold))
				continue;
			e = lookup(d, &ts->t[i], l);
		}
		if (!e || e->value == 0) {
			i += len - 1;
			continue;
		}
		v = e->value;
		/* intensifiers right before: "very very good" */
		for (j = i; j > sentence_start; j--) {
			const struct entry *in = table_get(&d->intensifiers, ts->t[j - 1].fold);
			if (!in || ts->t[j].brk)
				break;
			mult *= in->value;
		}
		/* a negator among the tokens before, in the same clause */
		for (j = i; j > sentence_start && i - j < NEGATION_SCOPE; j--) {
			if (ts->t[j].brk)
				break;
			if (is_negator(d, &ts->t[j - 1], l)) {
				negated = 1;
				break;
			}
		}
		v *= mult * (negated ? NEGATION_FACTOR : 1);
		/* SO-CAL's negative weighting: people write more positive words than
		 * they mean, so a negative unit weighs more */
		unit_value[nunits] = v < 0 ? v * NEGATIVE_WEIGHT : v;
		unit_pos[nunits] = i;
		nunits++;
		i += len - 1;
	}
	free(unit_value);
	free(unit_pos);
}

static void
score_lang(const rw_lexicon *lx, const char *text, int l, struct result *r, int *exclamations)
{
	struct tokens ts;

	r->sum = 0;
	r->units = 0;
	*exclamations = 0;
	if (tokenize(text, l == LANG_FR, &ts) < 0)
		return;
	score_tokens(&lx->lang[l], &ts, l, r);
	*exclamations = ts.exclamations;
	tokens_free(&ts);
}

void
rw_sentiment_score(const rw_lexicon *lx, const char *text, rw_lang lang, double rating, double best,
                   rw_sentiment *out)
{
	struct result r = { 0, 0 };
	int excl = 0;
	double s;

	memset(out, 0, sizeof(*out));
	if (!text)
		text = "";
	if (lang == RW_LANG_UNKNOWN)
		lang = rw_lang_detect(text);
	out->lang = lang;
	if (lx) {
		if (lang != RW_LANG_UNKNOWN) {
			score_lang(lx, text, lang == RW_LANG_FR ? LANG_FR : LANG_EN, &r, &excl);
		} else {
			struct result rf, re;
			int ef, ee;
			score_lang(lx, text, LANG_FR, &rf, &ef);
			score_lang(lx, text, LANG_EN, &re, &ee);
			r = re.units > rf.units ? re : rf;
			excl = re.units > rf.units ? ee : ef;
		}
	}
	s = r.sum;
	if (s != 0 && excl)
		s += (s > 0 ? 1 : -1) * EXCLAMATION_BOOST * (excl > EXCLAMATION_MAX ? EXCLAMATION_MAX : excl);
	out->text_sum = s;
	out->units = r.units;
	s = s / sqrt(s * s + NORMALISE_ALPHA);
	if (rating >= 0 && best > 0) {
		double rr = rating > best ? 1 : 2 * rating / best - 1;
		s = RATING_WEIGHT * rr + (1 - RATING_WEIGHT) * s;
		out->from_rating = 1;
	}
	if (s > 1)
		s = 1;
	if (s < -1)
		s = -1;
	out->score = s;
	out->label = s > LABEL_THRESHOLD ? RW_POSITIVE : s < -LABEL_THRESHOLD ? RW_NEGATIVE : RW_NEUTRAL;
}
