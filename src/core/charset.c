/* SPDX-License-Identifier: MIT */
#include "charset.h"
#include "buf.h"
#include "err.h"
#include "msgid.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Decoded text may be up to 3 times its single-byte source; past this the
 * document is refused rather than grown without bound. */
#define DECODED_MAX (512u << 20)
/* How far into an HTML page a <meta charset> is looked for. */
#define META_SCAN_MAX (1u << 20)

static const uint16_t cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int
put_utf8(rw_buf *b, uint32_t cp)
{
	char u[4];
	int n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return rw_buf_add(b, u, (size_t)n);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* 1: all valid UTF-8; *nonascii says whether any byte was >= 0x80. */
static int
valid_utf8(const char *d, size_t len, int *nonascii)
{
	const unsigned char *s = (const unsigned char *)d;
	size_t i = 0, n;

	*nonascii = 0;
	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		*nonascii = 1;
		if (!(n = utf8_seq(s + i, len - i)))
			return 0;
		i += n;
	}
	return 1;
}

/* Canonical lowercase name; the Latin-1 family maps to windows-1252, which
 * is what documents labelled so really hold (WHATWG Encoding). */
static void
canonical_name(const char *in, char *out, size_t size)
{
	static const char *const latin1[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819",
		"ibm819", "us-ascii", "ascii", "ansi_x3.4-1968", "iso-ir-100", "csisolatin1",
		"iso_8859-1:1987", "cp1252", "x-cp1252", "windows-1252",
	};
	size_t i, n = 0;

	for (i = 0; in[i] && n + 1 < size; i++) {
		char c = (char)tolower((unsigned char)in[i]);
		if (c == '"' || c == '\'' || isspace((unsigned char)c))
			continue;
		out[n++] = c;
	}
	out[n] = '\0';
	for (i = 0; i < sizeof(latin1) / sizeof(latin1[0]); i++)
		if (!strcmp(out, latin1[i])) {
			snprintf(out, size, "windows-1252");
			return;
		}
	if (!strcmp(out, "utf8"))
		snprintf(out, size, "utf-8");
	else if (!strcmp(out, "gb2312") || !strcmp(out, "x-gbk"))
		snprintf(out, size, "gbk");
	else if (!strcmp(out, "ks_c_5601-1987") || !strcmp(out, "windows-949"))
		snprintf(out, size, "cp949");
}

static int
known_charset(const char *name)
{
	iconv_t cd;

	if (!strcmp(name, "utf-8") || !strcmp(name, "windows-1252"))
		return 1;
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* Append the bytes of valid UTF-8 text, dropping what XML cannot carry:
 * a leading BOM, C0 controls other than tab/LF/CR, U+FFFE and U+FFFF. */
static int
add_clean_utf8(rw_buf *b, const char *d, size_t len)
{
	const unsigned char *s = (const unsigned char *)d;
	size_t i = 0, start = 0;

	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = start = 3;
	while (i < len) {
		size_t drop = 0;
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			drop = 1;
		else if (s[i] == 0xEF && i + 2 < len && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF))
			drop = 3;
		if (drop) {
			if (rw_buf_add(b, d + start, i - start) < 0)
				return -1;
			i += drop;
			start = i;
		} else {
			i++;
		}
	}
	return rw_buf_add(b, d + start, i - start);
}

/* Convert into b; 1 done, 0 the bytes are not in that charset, -1 no memory. */
static int
convert(const char *d, size_t len, const char *name, rw_buf *b)
{
	iconv_t cd;
	char out[8192];
	char *in = (char *)d;
	size_t left = len;
	int nonascii;

	rw_buf_reset(b);
	if (!strcmp(name, "utf-8")) {
		if (!valid_utf8(d, len, &nonascii))
			return 0;
		return add_clean_utf8(b, d, len) < 0 ? -1 : 1;
	}
	if (!strcmp(name, "windows-1252")) {
		size_t i;
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)d[i];
			uint32_t cp = c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
			if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r'))
				continue;
			if (put_utf8(b, cp) < 0)
				return -1;
		}
		return 1;
	}
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return 0;
	{
		rw_buf raw;
		int ok = 1;
		rw_buf_init(&raw, DECODED_MAX);
		while (left > 0) {
			char *o = out;
			size_t oleft = sizeof(out);
			size_t r = iconv(cd, &in, &left, &o, &oleft);
			if (rw_buf_add(&raw, out, sizeof(out) - oleft) < 0) {
				ok = -1;
				break;
			}
			if (r == (size_t)-1 && errno != E2BIG) {
				ok = 0;
				break;
			}
		}
		iconv_close(cd);
		if (ok == 1 && add_clean_utf8(b, raw.data ? raw.data : "", raw.len) < 0)
			ok = -1;
		rw_buf_free(&raw);
		return ok;
	}
}

char *
rw_charset_from_content_type(const char *ct)
{
	const char *p;
	char *out;
	size_t n = 0;

	if (!ct)
		return NULL;
	for (p = strcasestr(ct, "charset"); p; p = strcasestr(p + 1, "charset")) {
		const char *q = p + 7;
		if (p != ct && p[-1] != ';' && p[-1] != ' ' && p[-1] != '\t')
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == '"' || *q == '\'' || *q == ' ')
			q++;
		while (q[n] && q[n] != '"' && q[n] != '\'' && q[n] != ';' && q[n] != ' ' && q[n] != ',')
			n++;
		if (!n || n > 64)
			return NULL;
		out = strndup(q, n);
		for (n = 0; out && out[n]; n++)
			out[n] = (char)tolower((unsigned char)out[n]);
		return out;
	}
	return NULL;
}

/* Charset named by a byte order mark; *skip gets the BOM's length. */
static const char *
bom_charset(const unsigned char *s, size_t len, size_t *skip)
{
	if (len >= 4 && !memcmp(s, "\x00\x00\xFE\xFF", 4))
		return *skip = 4, "utf-32be";
	if (len >= 4 && !memcmp(s, "\xFF\xFE\x00\x00", 4))
		return *skip = 4, "utf-32le";
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		return *skip = 3, "utf-8";
	if (len >= 2 && !memcmp(s, "\xFE\xFF", 2))
		return *skip = 2, "utf-16be";
	if (len >= 2 && !memcmp(s, "\xFF\xFE", 2))
		return *skip = 2, "utf-16le";
	return NULL;
}

/* UTF-16/32 without a BOM, known from how "<?" is laid out (XML 1.0 F.1). */
static const char *
sniff_wide(const unsigned char *s, size_t len)
{
	if (len < 4)
		return NULL;
	if (!memcmp(s, "\x00\x00\x00\x3C", 4))
		return "utf-32be";
	if (!memcmp(s, "\x3C\x00\x00\x00", 4))
		return "utf-32le";
	if (!memcmp(s, "\x00\x3C\x00\x3F", 4))
		return "utf-16be";
	if (!memcmp(s, "\x3C\x00\x3F\x00", 4))
		return "utf-16le";
	return NULL;
}

/* The encoding="..." of an XML declaration at the start, copied into out. */
static int
xml_decl_encoding(const char *d, size_t len, char *out, size_t size)
{
	size_t i = 0, end, n = 0;
	const char *p;
	char head[1024];

	while (i < len && isspace((unsigned char)d[i]))
		i++;
	if (len - i < 6 || memcmp(d + i, "<?xml", 5))
		return 0;
	end = len - i < sizeof(head) - 1 ? len - i : sizeof(head) - 1;
	memcpy(head, d + i, end);
	head[end] = '\0';
	p = strstr(head, "?>");
	if (p)
		head[p - head] = '\0';
	p = strstr(head, "encoding");
	if (!p)
		return 0;
	p += 8;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '=')
		return 0;
	p++;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '"' && *p != '\'')
		return 0;
	p++;
	while (p[n] && p[n] != '"' && p[n] != '\'' && n + 1 < size) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
	return n > 0;
}

/* charset= inside the first <meta> tag that names one. */
static int
html_meta_charset(const char *d, size_t len, char *out, size_t size)
{
	size_t lim = len < META_SCAN_MAX ? len : META_SCAN_MAX, i;

	for (i = 0; i + 5 < lim; i++) {
		size_t j, n = 0;
		if (d[i] != '<' || strncasecmp(d + i + 1, "meta", 4) ||
		    !(isspace((unsigned char)d[i + 5]) || d[i + 5] == '/'))
			continue;
		for (j = i + 5; j + 7 < lim && d[j] != '>'; j++) {
			size_t k;
			if (strncasecmp(d + j, "charset", 7))
				continue;
			k = j + 7;
			while (k < lim && isspace((unsigned char)d[k]))
				k++;
			if (k >= lim || d[k] != '=')
				continue;
			k++;
			while (k < lim && (isspace((unsigned char)d[k]) || d[k] == '"' || d[k] == '\''))
				k++;
			while (k + n < lim && n + 1 < size && (isalnum((unsigned char)d[k + n]) ||
			       d[k + n] == '-' || d[k + n] == '_' || d[k + n] == ':' || d[k + n] == '.'))
				n++;
			if (n) {
				memcpy(out, d + k, n);
				out[n] = '\0';
				return 1;
			}
		}
		i = j;
	}
	return 0;
}

/* Shared by the XML and HTML paths: try the declared (or sniffed)
 * candidates in order, NULL ones skipped, then UTF-8, then windows-1252,
 * which decodes any bytes.  A candidate that does not fit marks the result
 * overridden. */
static int
decode_with(const char *d, size_t len, const char *const *cand, size_t ncand, rw_decoded *out)
{
	static const char *const fallback[] = { "utf-8", "windows-1252" };
	rw_buf b;
	size_t i;

	rw_buf_init(&b, DECODED_MAX);
	for (i = 0; i < ncand + 2; i++) {
		const char *name = i < ncand ? cand[i] : fallback[i - ncand];
		int r;
		if (!name)
			continue;
		r = convert(d, len, name, &b);
		if (r < 0)
			break;
		if (r == 0) {
			if (!out->note[0] && i < ncand)
				snprintf(out->note, sizeof(out->note), rw_tr(N_("the bytes are not valid %s as declared")),
				         name);
			if (i < ncand)
				out->overridden = 1;
			continue;
		}
		if (out->overridden && out->note[0] && strlen(out->note) + 30 < sizeof(out->note)) {
			size_t l = strlen(out->note);
			snprintf(out->note + l, sizeof(out->note) - l, rw_tr(N_("; read as %s")), name);
		}
		out->encoding = strdup(name);
		out->len = b.len;
		out->data = rw_buf_steal(&b);
		if (!out->encoding || !out->data) {
			rw_decoded_free(out);
			return -1;
		}
		return 0;
	}
	rw_buf_free(&b);
	return -1;
}

/* A charset name from outside (HTTP or the document): canonical, or NULL
 * (with a note) when iconv does not know it. */
static const char *
usable(const char *raw, char *buf, size_t size, rw_decoded *out, const char *where)
{
	if (!raw || !*raw)
		return NULL;
	canonical_name(raw, buf, size);
	if (!strcmp(buf, "utf-16") || !strcmp(buf, "utf-32") || !strcmp(buf, "ucs-2") ||
	    !strcmp(buf, "ucs-4"))
		return NULL;   /* without a BOM or a "<" pattern the byte order is unknown */
	if (!known_charset(buf)) {
		if (!out->note[0])
			snprintf(out->note, sizeof(out->note), rw_tr(N_("unknown charset '%.60s' in %s")), raw, rw_tr(where));
		return NULL;
	}
	return buf;
}

/* The charset a document names for itself (no HTTP charset was given).
 * A declaration that lies is common: bytes that are valid UTF-8 (and not
 * plain ASCII) are UTF-8 whatever it says. */
static const char *
in_document(const char *data, size_t len, const char *raw, char *buf, size_t size, rw_decoded *out,
            const char *where)
{
	const char *named = usable(raw, buf, size, out, where);
	int nonascii;

	if (named && strcmp(named, "utf-8") && valid_utf8(data, len, &nonascii) && nonascii) {
		snprintf(out->note, sizeof(out->note), rw_tr(N_("%s says %s but the bytes are UTF-8")), rw_tr(where), named);
		named = "utf-8";
	}
	return named;
}

static void
start(rw_decoded *out)
{
	memset(out, 0, sizeof(*out));
}

/* What is known before reading the document (out started): a BOM's
 * charset, its bytes counted in *skip; else the HTTP header's when usable,
 * written into hbuf; NULL when neither.  *bom says which. */
static const char *
from_outside(const char *data, size_t len, const char *content_type, char *hbuf, size_t hsize, rw_decoded *out,
             size_t *skip, int *bom)
{
	const char *cs;
	char *http;

	start(out);
	*skip = 0;
	if ((cs = bom_charset((const unsigned char *)data, len, skip))) {
		*bom = 1;
		return cs;
	}
	*bom = 0;
	http = rw_charset_from_content_type(content_type);
	cs = usable(http, hbuf, hsize, out, N_("the HTTP Content-Type"));
	free(http);
	return cs;
}

int
rw_charset_decode_xml(const char *data, size_t len, const char *content_type, rw_decoded *out)
{
	const char *cand[3] = { NULL, NULL, NULL };
	char hbuf[72], dbuf[72], decl[64];
	size_t skip;
	int bom;

	cand[0] = from_outside(data, len, content_type, hbuf, sizeof(hbuf), out, &skip, &bom);
	if (!bom && !cand[0]) {
		const char *wide = sniff_wide((const unsigned char *)data, len);
		if (wide)
			cand[1] = wide;
		else if (xml_decl_encoding(data, len, decl, sizeof(decl)))
			cand[2] = in_document(data, len, decl, dbuf, sizeof(dbuf), out, N_("the XML declaration"));
	}
	return decode_with(data + skip, len - skip, cand, 3, out);
}

int
rw_charset_decode_html(const char *data, size_t len, const char *content_type, rw_decoded *out)
{
	const char *cand[2] = { NULL, NULL };
	char hbuf[72], mbuf[72], meta[64];
	size_t skip;
	int bom;

	cand[0] = from_outside(data, len, content_type, hbuf, sizeof(hbuf), out, &skip, &bom);
	if (!bom && !cand[0] && html_meta_charset(data, len, meta, sizeof(meta)))
		cand[1] = in_document(data, len, meta, mbuf, sizeof(mbuf), out, N_("the <meta> tag"));
	return decode_with(data + skip, len - skip, cand, 2, out);
}

void
rw_decoded_free(rw_decoded *d)
{
	if (!d)
		return;
	free(d->data);
	free(d->encoding);
	d->data = NULL;
	d->encoding = NULL;
	d->len = 0;
}
