/* SPDX-License-Identifier: MIT */
/* test-charset.c - the charset decision and conversion (charset.h):
 * table-driven, one document and HTTP header per case. */
#include "charset.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

struct cs_case {
	const char *what;
	int html;
	const char *data;
	size_t len;          /* 0: strlen(data) */
	const char *content_type;
	const char *want_encoding;
	const char *want_text;   /* must appear in the UTF-8 output */
	int overridden;
};

#define DECL(enc) "<?xml version='1.0' encoding='" enc "'?>"

static const struct cs_case cases[] = {
	{ "no declaration: UTF-8", 0, "<r>\xC3\xA9</r>", 0, NULL, "utf-8", "é", 0 },
	{ "UTF-8 BOM dropped", 0, "\xEF\xBB\xBF<r>x</r>", 0, NULL, "utf-8", "<r>x", 0 },
	{ "BOM wins over HTTP", 0, "\xEF\xBB\xBF<r>\xC3\xA9</r>", 0, "text/xml; charset=koi8-r", "utf-8", "é", 0 },
	{ "UTF-16BE BOM", 0, "\xFE\xFF\0<\0r\0>\0\xE9\0<\0/\0r\0>", 18, NULL, "utf-16be", "<r>é</r>", 0 },
	{ "UTF-32LE BOM", 0, "\xFF\xFE\0\0<\0\0\0", 8, NULL, "utf-32le", "<", 0 },
	{ "UTF-16LE sniffed without BOM", 0, "<\0?\0x\0m\0l\0 \0?\0>\0", 16, NULL, "utf-16le", "<?xml ?>", 0 },
	{ "declaration", 0, DECL("koi8-r") "<r>\xE9</r>", 0, NULL, "koi8-r", "И", 0 },
	{ "HTTP charset wins", 0, DECL("utf-8") "<r>\xE9</r>", 0, "application/xml; charset=\"ISO-8859-1\"",
	  "windows-1252", "é", 0 },
	{ "Latin-1 declared, windows-1252 bytes", 0, DECL("ISO-8859-1") "<r>\x80</r>", 0, NULL, "windows-1252", "€", 0 },
	{ "lying declaration, UTF-8 bytes", 0, DECL("windows-1252") "<r>\xE2\x82\xAC</r>", 0, NULL, "utf-8", "€", 0 },
	{ "lying declaration, HTTP says so too", 0, DECL("windows-1252") "<r>\xE2\x82\xAC</r>", 0,
	  "text/xml; charset=windows-1252", "windows-1252", "â‚¬", 0 },
	{ "unknown declared name", 0, DECL("invalid") "<r>\xC3\xA9</r>", 0, NULL, "utf-8", "é", 0 },
	{ "bytes not in the declared charset", 0, DECL("utf-8") "<r>don\x92t</r>", 0, NULL, "windows-1252", "don’t", 1 },
	{ "bytes not in the HTTP charset", 0, "<r>\xFF\xFE\xFD</r>", 0, "text/xml; charset=utf-8", "windows-1252", "ÿþý", 1 },
	{ "controls dropped", 0, "<r>a\x01" "b\x1F" "c\xEF\xBF\xBF" "d</r>", 0, NULL, "utf-8", "abcd", 0 },
	{ "html: meta charset", 1, "<meta charset=\"koi8-r\"><p>\xE9", 0, "text/html", "koi8-r", "И", 0 },
	{ "html: http-equiv", 1, "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>\xE9", 0, NULL,
	  "windows-1252", "é", 0 },
	{ "html: no label, not UTF-8", 1, "<p>caf\xE9</p>", 0, NULL, "windows-1252", "café", 0 },
	{ "html: HTTP wins over meta", 1, "<meta charset='utf-8'>\xE9", 0, "text/html;charset=windows-1252",
	  "windows-1252", "é", 0 },
};

int
main(void)
{
	size_t i;
	char *ct;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cs_case *c = &cases[i];
		rw_decoded d;
		size_t len = c->len ? c->len : strlen(c->data);
		int r = c->html ? rw_charset_decode_html(c->data, len, c->content_type, &d)
		                : rw_charset_decode_xml(c->data, len, c->content_type, &d);
		if (r < 0) {
			ok(0, "%s: decoded", c->what);
			continue;
		}
		is_str(d.encoding, c->want_encoding, "%s: encoding", c->what);
		ok(d.data && strstr(d.data, c->want_text) != NULL, "%s: text '%s' in '%s'", c->what, c->want_text,
		   d.data ? d.data : "");
		is_int(d.overridden, c->overridden, "%s: overridden%s%s", c->what, d.note[0] ? ": " : "", d.note);
		rw_decoded_free(&d);
	}
	ct = rw_charset_from_content_type("text/xml; foo=bar; charset = 'UTF-8'");
	is_str(ct, "utf-8", "charset parameter among others");
	free(ct);
	ct = rw_charset_from_content_type("text/xml; xcharset=utf-8");
	ok(ct == NULL, "a parameter merely ending in 'charset' is not it");
	free(ct);
	return tap_done();
}
