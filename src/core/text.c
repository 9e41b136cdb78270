/* SPDX-License-Identifier: MIT */
#include "text.h"
#include "buf.h"
#include "dom.h"

#include <ctype.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <utf8proc.h>

#define TEXT_MAX (16u << 20)   /* no single text field may grow past 16 MiB */

/* What C1 code points mean when a document holds windows-1252 bytes
 * labelled Latin-1; 0 where windows-1252 has no character either. */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178 };

static int
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) { out[0] = (char)cp; return 1; }
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

char *
rw_text_valid_utf8(const char *s, size_t len)
{
	rw_buf b;
	size_t i = 0;

	rw_buf_init(&b, TEXT_MAX);
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;
		size_t run = i;

		/* ASCII other than NUL is valid as it is: copied a run at a time */
		while (run < len && (unsigned char)s[run] - 1u < 0x7Fu)
			run++;
		if (run > i) {
			if (rw_buf_add(&b, s + i, run - i) < 0)
				break;
			i = run;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			if (rw_buf_add(&b, "\xEF\xBF\xBD", 3) < 0)
				break;
			i++;
			continue;
		}
		if (cp != 0 && rw_buf_add(&b, s + i, (size_t)n) < 0)
			break;
		i += (size_t)n;
	}
	return rw_buf_steal(&b);
}

char *
rw_text_printable(const char *s, int multiline)
{
	rw_buf b;
	size_t i = 0, len;

	if (!s)
		s = "";
	len = strlen(s);
	rw_buf_init(&b, TEXT_MAX);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;
		char esc[12];

		if (c >= 0x20 && c < 0x7F) {
			size_t run = i;
			while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
				run++;
			if (rw_buf_add(&b, s + i, run - i) < 0)
				break;
			i = run;
			continue;
		}
		if (c < 0x80) {
			if (multiline && (c == '\n' || c == '\t'))
				snprintf(esc, sizeof(esc), "%c", c);
			else if (c == '\n' || c == '\r' || c == '\t')
				snprintf(esc, sizeof(esc), "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
			else
				snprintf(esc, sizeof(esc), "\\x%02x", c);
			if (rw_buf_addstr(&b, esc) < 0)
				break;
			i++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			if (rw_buf_addstr(&b, esc) < 0)
				break;
			i++;
			continue;
		}
		if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
		    cp == 0x200E || cp == 0x200F || cp == 0x061C) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
			if (rw_buf_addstr(&b, esc) < 0)
				break;
		} else if (rw_buf_add(&b, s + i, (size_t)n) < 0) {
			break;
		}
		i += (size_t)n;
	}
	return rw_buf_steal(&b);
}

/* The entities feeds write most, with the code points libxml2's table
 * gives them (looked up once): htmlEntityLookup reads its table of 253
 * names one by one. */
static const char *const common_names[] = {
	"amp", "lt", "gt", "quot", "nbsp", "eacute", "egrave", "ecirc", "agrave", "acirc", "ccedil", "ocirc",
	"ucirc", "ugrave", "icirc", "iuml", "euml", "Eacute", "rsquo", "lsquo", "ldquo", "rdquo", "laquo",
	"raquo", "hellip", "mdash", "ndash", "oelig", "euro", "copy",
};
static uint32_t common_values[sizeof(common_names) / sizeof(common_names[0])];
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static void
common_fill(void)
{
	size_t i;

	for (i = 0; i < sizeof(common_names) / sizeof(common_names[0]); i++) {
		const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)common_names[i]);
		common_values[i] = d ? d->value : 0;
	}
}

/* The code point of entity name when it is one of common_names, else 0. */
static uint32_t
common_entity(const char *name)
{
	size_t i;

	pthread_once(&common_once, common_fill);
	for (i = 0; i < sizeof(common_names) / sizeof(common_names[0]); i++)
		if (common_names[i][0] == name[0] && !strcmp(common_names[i], name))
			return common_values[i];
	return 0;
}

/* Decode one entity starting at s (s[0] == '&').  On success writes UTF-8 to
 * out, sets *used to the bytes consumed, returns the UTF-8 length. */
static int
decode_entity(const char *s, char *out, size_t *used)
{
	char name[40];
	size_t n = 0;
	uint32_t cp = 0;
	const char *p = s + 1;

	if (*p == '#') {
		int hex = (p[1] == 'x' || p[1] == 'X');
		const char *q = p + 1 + hex;
		int digits = 0;
		while (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q)) {
			cp = cp * (hex ? 16 : 10) + (uint32_t)(isdigit((unsigned char)*q) ? *q - '0'
			                                     : (tolower((unsigned char)*q) - 'a' + 10));
			if (cp > 0x10FFFF)
				return 0;
			q++;
			digits++;
		}
		if (!digits)
			return 0;
		if (*q == ';')
			q++;
		/* windows-1252 code points smuggled in as numeric references */
		if (cp >= 0x80 && cp <= 0x9F && cp1252[cp - 0x80])
			cp = cp1252[cp - 0x80];
		if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		*used = (size_t)(q - s);
		return utf8_encode(cp, out);
	}
	while (n < sizeof(name) - 1 && isalnum((unsigned char)p[n])) {
		name[n] = p[n];
		n++;
	}
	name[n] = '\0';
	if (!n || p[n] != ';')
		return 0;
	if (!strcmp(name, "apos"))
		cp = '\'';
	else if (!(cp = common_entity(name))) {
		const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
		if (!d)
			return 0;
		cp = d->value;
	}
	*used = n + 2;
	return utf8_encode(cp, out);
}

/* Decode entities in s; with keep_markup, &lt; &gt; &amp; &quot; and
 * numeric references without their ';' stay as written. */
static char *
decode_entities(const char *s, int keep_markup)
{
	rw_buf b;

	rw_buf_init(&b, TEXT_MAX);
	while (*s) {
		if (*s == '&' && !(keep_markup && (!strncmp(s, "&lt;", 4) || !strncmp(s, "&gt;", 4) ||
		                                   !strncmp(s, "&amp;", 5) || !strncmp(s, "&quot;", 6)))) {
			char u[4];
			size_t used;
			int n = decode_entity(s, u, &used);
			if (n > 0 && !(keep_markup && s[1] == '#' && s[used - 1] != ';')) {
				if (rw_buf_add(&b, u, (size_t)n) < 0)
					break;
				s += used;
				continue;
			}
		}
		if (rw_buf_addc(&b, *s) < 0)
			break;
		s++;
	}
	return rw_buf_steal(&b);
}

char *
rw_text_decode_entities(const char *s)
{
	return decode_entities(s, 0);
}

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
	"figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
	"header", "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section",
	"table", "td", "th", "tr", "ul",
};

static int
cmp_tag(const void *a, const void *b)
{
	return strcasecmp((const char *)a, *(const char *const *)b);
}

/* Remove markup: returns text with tags removed.  Comments, script and
 * style content dropped. */
static char *
strip_tags(const char *s)
{
	rw_buf b;

	rw_buf_init(&b, TEXT_MAX);
	while (*s) {
		if (*s == '<' && (isalpha((unsigned char)s[1]) || s[1] == '/' || s[1] == '!' || s[1] == '?')) {
			char name[16];
			size_t n = 0;
			const char *p = s + 1, *end;

			if (!strncmp(s, "<!--", 4)) {
				end = strstr(s + 4, "-->");
				s = end ? end + 3 : s + strlen(s);
				continue;
			}
			if (*p == '/')
				p++;
			while (n < sizeof(name) - 1 && isalnum((unsigned char)p[n])) {
				name[n] = p[n];
				n++;
			}
			name[n] = '\0';
			end = strchr(s, '>');
			if (!end) {          /* a lone '<' that opens nothing */
				rw_buf_addc(&b, *s++);
				continue;
			}
			if (s[1] != '/' && (!strcasecmp(name, "script") || !strcasecmp(name, "style"))) {
				const char *close = strcasestr(end, !strcasecmp(name, "script") ? "</script" : "</style");
				end = close ? strchr(close, '>') : NULL;
				s = end ? end + 1 : s + strlen(s);
				rw_buf_addc(&b, ' ');
				continue;
			}
			if (bsearch(name, block_tags, sizeof(block_tags) / sizeof(block_tags[0]),
			            sizeof(block_tags[0]), cmp_tag))
				rw_buf_addc(&b, ' ');
			s = end + 1;
			continue;
		}
		if (rw_buf_addc(&b, *s++) < 0)
			break;
	}
	return rw_buf_steal(&b);
}

static int
is_space_cp(utf8proc_int32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
		return 1;
	if (cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
		return 1;
	return 0;
}

/* Collapse spaces, drop controls, trim; input must be valid UTF-8. */
static char *
squeeze(const char *s)
{
	rw_buf b;
	size_t len = strlen(s), i = 0;
	int pending = 0;

	rw_buf_init(&b, TEXT_MAX);
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80 && rw_buf_room(&b, len - i + 1) == 0) {
			/* a run of ASCII, written in place: at most its bytes and a
			 * pending space */
			char *o = b.data + b.len;
			for (; i < len && (c = (unsigned char)s[i]) < 0x80; i++) {
				if (c == ' ' || (c >= '\t' && c <= '\r')) {
					pending = o > b.data;
				} else if (c >= 0x20 && c != 0x7F) {
					if (pending)
						*o++ = ' ';
					pending = 0;
					*o++ = (char)c;
				}
			}
			b.len = (size_t)(o - b.data);
			b.data[b.len] = '\0';
			continue;
		}
		if (c < 0x80) {              /* near the cap: a byte at a time */
			if (c == ' ' || (c >= '\t' && c <= '\r')) {
				pending = b.len > 0;
			} else if (c >= 0x20 && c != 0x7F) {
				if (pending && rw_buf_addc(&b, ' ') < 0)
					break;
				pending = 0;
				if (rw_buf_addc(&b, (char)c) < 0)
					break;
			}
			i++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			i++;
			continue;
		}
		if (is_space_cp(cp)) {
			pending = b.len > 0;
		} else if (cp >= 0x80 && cp < 0xA0 && cp1252[cp - 0x80]) {
			/* windows-1252 bytes read as Latin-1 or smuggled in as &#146; */
			char u[4];
			if (pending)
				rw_buf_addc(&b, ' ');
			pending = 0;
			if (rw_buf_add(&b, u, (size_t)utf8_encode(cp1252[cp - 0x80], u)) < 0)
				break;
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			/* control characters carry no text */
		} else {
			if (pending)
				rw_buf_addc(&b, ' ');
			pending = 0;
			if (rw_buf_add(&b, s + i, (size_t)n) < 0)
				break;
		}
		i += (size_t)n;
	}
	return rw_buf_steal(&b);
}

char *
rw_text_squeeze(const char *s)
{
	char *valid, *out;

	if (!s)
		return NULL;
	valid = rw_text_valid_utf8(s, strlen(s));
	out = squeeze(valid ? valid : "");
	free(valid);
	return out;
}

/* Entities left in text after the HTML layer was decoded are double
 * escapes ("&amp;eacute;" in escaped HTML): decode letters and numbers once
 * more, but keep &lt; &gt; &amp; &quot; literal - text that shows them
 * meant to show markup. */
static char *
decode_double(const char *s)
{
	return decode_entities(s, 1);
}

/* s as valid UTF-8 into *valid, when it holds one of the bytes of
 * special (markup or entities left to read); otherwise it only needs
 * squeezing: *done is the finished text.  0, or -1 when memory ran out. */
static int
valid_or_done(const char *s, const char *special, char **valid, char **done)
{
	*done = NULL;
	if (!(*valid = rw_text_valid_utf8(s, strlen(s))))
		return -1;
	if (strpbrk(*valid, special))
		return 0;
	*done = squeeze(*valid);
	free(*valid);
	*valid = NULL;
	return *done ? 0 : -1;
}

char *
rw_text_plain(const char *s)
{
	char *valid, *dec, *out;

	if (!s || valid_or_done(s, "&", &valid, &out) < 0)
		return NULL;
	if (out)
		return out;
	dec = decode_double(valid);
	free(valid);
	out = dec ? squeeze(dec) : NULL;
	free(dec);
	return out;
}

/* The old road, for text libxml2's HTML parser gives up on. */
static char *
clean_by_hand(const char *valid)
{
	char *stripped = strip_tags(valid), *decoded;

	decoded = stripped ? rw_text_decode_entities(stripped) : NULL;
	free(stripped);
	return decoded;
}

/* "<!" that opens no comment, CDATA section or complete declaration is
 * text ("&lt;!'" in a description): libxml2's HTML parser would swallow
 * it, so it is escaped first. */
static char *
escape_bogus_decls(char *s)
{
	rw_buf b;
	const char *p = s, *q;

	if (!strstr(s, "<!"))
		return s;
	rw_buf_init(&b, TEXT_MAX);
	while ((q = strstr(p, "<!"))) {
		const char *gt = strchr(q + 2, '>'), *lt = strchr(q + 2, '<');
		int real = !strncmp(q + 2, "--", 2) || !strncmp(q + 2, "[CDATA[", 7) ||
		           (isalpha((unsigned char)q[2]) && gt && (!lt || gt < lt));
		rw_buf_add(&b, p, (size_t)(q - p));
		rw_buf_addstr(&b, real ? "<!" : "&lt;!");
		p = q + 2;
	}
	rw_buf_addstr(&b, p);
	free(s);
	return rw_buf_steal(&b);
}

/* Tags the shortcut below reads: block ones (a space, as rw_dom_text()
 * makes) and inline ones around which libxml2's HTML parser keeps white
 * space (its allowPCData list).  Sorted. */
static const char *const simple_tags[] = {
	"a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
	"i", "img", "li", "ol", "p", "pre", "small", "span", "strong", "u", "ul",
};

static int
cmp_simple(const void *a, const void *b)
{
	return strcmp((const char *)a, *(const char *const *)b);
}

/* HTML text read by hand as libxml2's HTML parser and rw_dom_text() read
 * it, when its markup is simple: only the tags above, properly nested, no
 * block opened inside a paragraph or an inline element (the parser closes
 * or moves things there), attributes without '<', complete entities that
 * decode to ordinary characters, no character the parser drops.  Most feed
 * descriptions are such ("<p>...</p>", "<a href=...>"), and the parser
 * built a document for each.  NULL when the markup is anything else: the
 * parser reads it.  tests/unit/test-text.c checks that both agree. */
static char *
clean_simple(const char *s)
{
	const char *open[32];   /* the tags open, innermost last (pointers into simple_tags) */
	size_t depth = 0;
	rw_buf b;

	rw_buf_init(&b, TEXT_MAX);
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == '<') {
			const char *p = s + 1, *const *tag;
			char name[12], quote = 0;
			size_t n = 0;
			int end = *p == '/', block, after_eq = 0;
			p += end;
			while (n < sizeof(name) - 1 && isascii((unsigned char)p[n]) && isalnum((unsigned char)p[n])) {
				name[n] = (char)tolower((unsigned char)p[n]);
				n++;
			}
			name[n] = '\0';
			if (!n || isalnum((unsigned char)p[n]) || strchr("-:_.", p[n]) ||
			    !(tag = bsearch(name, simple_tags, sizeof(simple_tags) / sizeof(simple_tags[0]),
			                    sizeof(simple_tags[0]), cmp_simple)))
				goto other;
			/* to the '>', quotes opened only by an attribute's value */
			for (p += n; *p && (quote || *p != '>'); p++) {
				if (*p == '<')
					goto other;
				if (quote) {
					if (*p == quote)
						quote = 0;
				} else if (*p == '=') {
					after_eq = 1;
				} else if (after_eq && (*p == '"' || *p == '\'')) {
					quote = *p;
				} else if (!isspace((unsigned char)*p)) {
					after_eq = 0;
				}
			}
			if (!*p)
				goto other;
			block = rw_dom_is_block(name);
			if (!strcmp(name, "br") || !strcmp(name, "img")) {
				if (end)
					goto other;
			} else if (end) {
				/* only the innermost open tag may close: the parser
				 * ignores or reorders the others */
				if (!depth || open[depth - 1] != *tag)
					goto other;
				depth--;
			} else if (p[-1] == '/') {
				goto other;   /* "<p/>": how the parser takes it is its business */
			} else {
				size_t k;
				if (depth == sizeof(open) / sizeof(open[0]))
					goto other;
				/* a block inside a paragraph or an inline element */
				for (k = 0; block && k < depth; k++)
					if (!rw_dom_is_block(open[k]) || !strcmp(open[k], "p") || !strcmp(open[k], "pre") ||
					    (!strcmp(name, "li") && !strcmp(open[k], "li")))
						goto other;
				open[depth++] = *tag;
			}
			if (block && rw_buf_addc(&b, ' ') < 0)
				goto other;
			s = p + 1;
			continue;
		}
		if (c == '&') {
			char u[4];
			size_t used = 0;
			int len = decode_entity(s, u, &used);
			uint32_t cp;
			if (len <= 0 || s[used - 1] != ';')
				goto other;
			/* only what both roads decode alike: no control, no C1,
			 * no non-character */
			cp = (unsigned char)u[0];
			if (len == 1 ? cp < 0x20 || cp == 0x7F : (len == 2 && (unsigned char)u[0] == 0xC2 &&
			                                          (unsigned char)u[1] < 0xA0))
				goto other;
			if (len == 3 && !memcmp(u, "\xEF\xBF", 2) && (unsigned char)u[2] >= 0xBD)
				goto other;
			if (rw_buf_add(&b, u, (size_t)len) < 0)
				goto other;
			s += used;
			continue;
		}
		/* characters the parser drops (not XML characters) */
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
		    (c == 0xEF && (unsigned char)s[1] == 0xBF && (unsigned char)s[2] >= 0xBE))
			goto other;
		if (rw_buf_addc(&b, *s++) < 0)
			goto other;
	}
	return rw_buf_steal(&b);
other:
	rw_buf_free(&b);
	return NULL;
}

static char *clean(const char *html, int shortcut);

char *
rw_text_clean(const char *html)
{
	return clean(html, 1);
}

char *
rw_text_clean_parsed(const char *html)
{
	return clean(html, 0);
}

static char *
clean(const char *html, int shortcut)
{
	char *valid, *text = NULL, *again, *out;

	if (!html || valid_or_done(html, "<&", &valid, &out) < 0)
		return NULL;
	if (out)
		return out;
	valid = escape_bogus_decls(valid);
	if (shortcut)
		text = clean_simple(valid);
	if (!text) {
		htmlDocPtr doc = htmlReadMemory(valid, (int)strlen(valid), NULL, "UTF-8",
		                                HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		                                HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC);
		if (doc)
			text = rw_dom_text((xmlNode *)doc, TEXT_MAX);
		xmlFreeDoc(doc);
	}
	if (!text)
		text = clean_by_hand(valid);
	free(valid);
	if (text && strchr(text, '&')) {
		again = decode_double(text);
		free(text);
		text = again;
	}
	out = squeeze(text ? text : "");
	free(text);
	return out;
}

static inline unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 'a' - 'A') : c;
}

/* Letters and digits: what folds to a word character in ASCII. */
static inline int
ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Fold one code point into out (case-folded, marks dropped); returns count. */
static utf8proc_ssize_t
fold_cp(utf8proc_int32_t cp, utf8proc_int32_t *out, utf8proc_ssize_t max)
{
	int last = 0;

	if (cp == 0x0153 || cp == 0x0152) { out[0] = 'o'; out[1] = 'e'; return 2; }
	if (cp == 0x00E6 || cp == 0x00C6) { out[0] = 'a'; out[1] = 'e'; return 2; }
	return utf8proc_decompose_char(cp, out, max,
	                               UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
	                               UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &last);
}

/* The character (not ASCII) at s[i] folded into out: returns how many
 * bytes it takes (1 for a byte that starts no character), and in *m how
 * many code points it folds to (0 for such a byte). */
static size_t
fold_next(const char *s, size_t len, size_t i, utf8proc_int32_t out[16], utf8proc_ssize_t *m)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);

	*m = 0;
	if (n <= 0)
		return 1;
	*m = fold_cp(cp, out, 16);
	if (*m < 0 || *m > 16)
		*m = 0;
	return (size_t)n;
}

char *
rw_text_fold(const char *s)
{
	rw_buf b;
	size_t len = strlen(s), i = 0;

	rw_buf_init(&b, TEXT_MAX);
	while (i < len) {
		utf8proc_int32_t out[16];
		utf8proc_ssize_t k, m;
		size_t run = i;

		/* ASCII folds to itself but for A-Z: a run at a time */
		while (run < len && (unsigned char)s[run] < 0x80)
			run++;
		if (run > i) {
			char *o;
			if (rw_buf_room(&b, run - i) < 0)
				break;
			for (o = b.data + b.len; i < run; i++)
				*o++ = (char)ascii_lower((unsigned char)s[i]);
			b.len = (size_t)(o - b.data);
			b.data[b.len] = '\0';
			continue;
		}
		i += fold_next(s, len, i, out, &m);
		for (k = 0; k < m; k++) {
			char u[4];
			rw_buf_add(&b, u, (size_t)utf8_encode((uint32_t)out[k], u));
		}
	}
	return rw_buf_steal(&b);
}

static int
is_word_cp(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* The folded text squeezed as it is written: rw_text_fold's output with
 * every run of white space one space, none at either end.  vlen counts the
 * bytes rw_text_fold would have written, for its cap (TEXT_MAX): a run
 * that would not fit ends it there, a character that would not fit is
 * left out, as rw_text_fold does. */
struct squeezed {
	rw_buf b;
	size_t vlen;
	int full, pending, any;
};

/* One byte of folded output.  0, or -1 when memory ran out. */
static inline int
squeeze_put(struct squeezed *q, unsigned char c)
{
	/* isspace() of the process's locale, as the byte-wise squeeze read it */
	if (c < 0x80 ? (c == ' ' || (c >= '\t' && c <= '\r')) : isspace(c)) {
		q->pending = 1;
		return 0;
	}
	if (q->pending && q->any && rw_buf_addc(&q->b, ' ') < 0)
		return -1;
	q->pending = 0;
	q->any = 1;
	return rw_buf_addc(&q->b, (char)c);
}

/* The token form of s, and when fold is not NULL, into it, s folded and
 * squeezed (struct squeezed): each character folded once for both. */
static char *
tokens_fold(const char *s, size_t **mapp, struct squeezed *fold)
{
	rw_buf b;
	size_t len = strlen(s), i = 0, *map = NULL, mapalloc = 0;
	int space = 1;

	rw_buf_init(&b, TEXT_MAX);
#define MAP_ROOM(n) do { \
		if (mapp && b.len + (n) + 2 > mapalloc) { \
			size_t na_ = (b.len + (n) + 2) * 2; \
			size_t *nm_ = realloc(map, na_ * sizeof(*map)); \
			if (!nm_) goto oom; \
			map = nm_; mapalloc = na_; \
		} \
	} while (0)
#define PUT(str, n, off) do { \
		size_t k_; \
		MAP_ROOM(n); \
		if (mapp) for (k_ = 0; k_ < (size_t)(n); k_++) map[b.len + k_] = (off); \
		if (rw_buf_add(&b, (str), (n)) < 0) goto oom; \
	} while (0)

	PUT(" ", 1, 0);
	while (i < len) {
		utf8proc_int32_t out[16];
		utf8proc_ssize_t k, m;
		size_t at;
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80 && rw_buf_room(&b, len - i) == 0 &&
		    (!fold || fold->full || rw_buf_room(&fold->b, len - i + 1) == 0)) {
			/* a run of ASCII, without utf8proc, read once for both forms
			 * and written in place: at most a byte of each per byte read
			 * (and the fold's pending space) */
			char *o = b.data + b.len, *f = fold && !fold->full ? fold->b.data + fold->b.len : NULL;
			int pending = f ? fold->pending : 0, any = f ? fold->any : 0;
			size_t j;
			unsigned char d;
			MAP_ROOM(len - i);
			for (j = i; j < len && (d = (unsigned char)s[j]) < 0x80; j++) {
				unsigned char low = ascii_lower(d);
				if (ascii_word(d)) {
					if (mapp)
						map[o - b.data] = j;
					*o++ = (char)low;
					space = 0;
				} else if (!space) {
					if (mapp)
						map[o - b.data] = j;
					*o++ = ' ';
					space = 1;
				}
				if (!f)
					continue;
				if (d == ' ' || (d >= '\t' && d <= '\r')) {   /* squeeze_put's white space */
					pending = 1;
					continue;
				}
				if (pending && any)
					*f++ = ' ';
				pending = 0;
				any = 1;
				*f++ = (char)low;
			}
			b.len = (size_t)(o - b.data);
			b.data[b.len] = '\0';
			/* rw_text_fold writes the run whole, or stops before it */
			if (f && (j - i > TEXT_MAX || fold->vlen > TEXT_MAX - (j - i))) {
				fold->b.data[fold->b.len] = '\0';
				fold->full = 1;
			} else if (f) {
				fold->vlen += j - i;
				fold->b.len = (size_t)(f - fold->b.data);
				fold->b.data[fold->b.len] = '\0';
				fold->pending = pending;
				fold->any = any;
			}
			i = j;
			continue;
		}
		if (c < 0x80) {
			/* near the caps: a run, then a byte at a time, to stop where
			 * rw_text_fold and rw_buf_add would */
			size_t end = i, j;
			while (end < len && (unsigned char)s[end] < 0x80)
				end++;
			if (fold && !fold->full) {
				if (end - i > TEXT_MAX || fold->vlen > TEXT_MAX - (end - i)) {
					fold->full = 1;
				} else {
					fold->vlen += end - i;
					for (j = i; j < end; j++)
						if (squeeze_put(fold, ascii_lower((unsigned char)s[j])) < 0)
							goto oom;
				}
			}
			for (; i < end; i++) {
				unsigned char d = (unsigned char)s[i];
				if (ascii_word(d)) {
					char low = (char)ascii_lower(d);
					PUT(&low, 1, i);
					space = 0;
				} else if (!space) {
					PUT(" ", 1, i);
					space = 1;
				}
			}
			continue;
		}
		at = i;
		i += fold_next(s, len, i, out, &m);
		for (k = 0; fold && !fold->full && k < m; k++) {
			char u[4];
			int ul = utf8_encode((uint32_t)out[k], u), e;
			if (fold->vlen > TEXT_MAX - (size_t)ul)
				continue;   /* rw_text_fold's add fails: the character is left out */
			fold->vlen += (size_t)ul;
			for (e = 0; e < ul; e++)
				if (squeeze_put(fold, (unsigned char)u[e]) < 0)
					goto oom;
		}
		for (k = 0; k < m; k++) {
			if (is_word_cp(out[k])) {
				char u[4];
				int ul = utf8_encode((uint32_t)out[k], u);
				PUT(u, (size_t)ul, at);
				space = 0;
			} else if (!space) {
				PUT(" ", 1, at);
				space = 1;
			}
		}
	}
	if (!space)
		PUT(" ", 1, len);
#undef PUT
#undef MAP_ROOM
	if (mapp)
		*mapp = map;
	return rw_buf_steal(&b);
oom:
	free(map);
	rw_buf_free(&b);
	if (mapp)
		*mapp = NULL;
	return NULL;
}

char *
rw_text_tokens(const char *s, size_t **mapp)
{
	return tokens_fold(s, mapp, NULL);
}

char *
rw_text_tokens_fold(const char *s, char **squeezed)
{
	struct squeezed q;
	char *tok;

	memset(&q, 0, sizeof(q));
	rw_buf_init(&q.b, TEXT_MAX);
	*squeezed = NULL;
	if (!(tok = tokens_fold(s, NULL, &q)) || !(*squeezed = rw_buf_steal(&q.b))) {
		free(tok);
		rw_buf_free(&q.b);
		return NULL;
	}
	return tok;
}

char *
rw_text_fold_squeezed(const char *s)
{
	char *squeezed, *tok = rw_text_tokens_fold(s ? s : "", &squeezed);

	free(tok);
	return tok ? squeezed : NULL;
}

uint64_t
rw_text_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static locale_t c_numeric;   /* for the life of the process */
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void
make_c_numeric(void)
{
	c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

double
rw_text_strtod(const char *s, char **end)
{
	pthread_once(&c_numeric_once, make_c_numeric);
	/* without memory for a locale object, the program's locale */
	return c_numeric ? strtod_l(s, end, c_numeric) : strtod(s, end);
}
