/* SPDX-License-Identifier: MIT */
/* baseline.c - the physical-limit baselines of the benchmark.
 *
 *   baseline extract OUT.tsv FILE...   one libxml2 xmlReader pass over every
 *                                      file; writes title/link/text of each
 *                                      item (the same fields repwatch reads)
 *   baseline insert DB IN.tsv          a SQLite bulk insert of those items,
 *                                      WAL, one transaction per feed, as
 *                                      repwatch does
 *
 * These are what any feed reader must at least pay: reading the bytes once
 * as XML, and writing rows.  repwatch's time is compared with their sum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <sqlite3.h>

static void
put_field(FILE *out, const xmlChar *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static int
extract(const char *outpath, int nfiles, char **files)
{
	FILE *out = fopen(outpath, "w");
	long items = 0, nodes = 0;
	int i;

	if (!out)
		return perror(outpath), 1;
	for (i = 0; i < nfiles; i++) {
		xmlTextReaderPtr r = xmlReaderForFile(files[i], NULL, XML_PARSE_NONET | XML_PARSE_RECOVER |
		                                      XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		int in_item = 0, want = 0;
		xmlChar *title = NULL, *link = NULL, *text = NULL;

		if (!r)
			continue;
		while (xmlTextReaderRead(r) == 1) {
			int type = xmlTextReaderNodeType(r);
			const xmlChar *name = xmlTextReaderConstLocalName(r);
			nodes++;
			if (type == XML_READER_TYPE_ELEMENT) {
				if (!strcmp((const char *)name, "item") || !strcmp((const char *)name, "entry"))
					in_item = 1;
				else if (in_item && !strcmp((const char *)name, "link")) {
					xmlChar *href = xmlTextReaderGetAttribute(r, (const xmlChar *)"href");
					if (href) {
						xmlFree(link);
						link = href;
					} else
						want = 2;
				} else if (in_item && !strcmp((const char *)name, "title"))
					want = 1;
				else if (in_item && (!strcmp((const char *)name, "description") ||
				                     !strcmp((const char *)name, "summary") ||
				                     !strcmp((const char *)name, "content") ||
				                     !strcmp((const char *)name, "encoded")))
					want = 3;
			} else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) && want) {
				xmlChar *v = xmlTextReaderValue(r);
				xmlChar **dst = want == 1 ? &title : want == 2 ? &link : &text;
				xmlFree(*dst);
				*dst = v;
			} else if (type == XML_READER_TYPE_END_ELEMENT) {
				want = 0;
				if (!strcmp((const char *)name, "item") || !strcmp((const char *)name, "entry")) {
					fprintf(out, "%d\t", i);
					put_field(out, title);
					fputc('\t', out);
					put_field(out, link);
					fputc('\t', out);
					put_field(out, text);
					fputc('\n', out);
					xmlFree(title);
					xmlFree(link);
					xmlFree(text);
					title = link = text = NULL;
					in_item = 0;
					items++;
				}
			}
		}
		xmlFree(title);
		xmlFree(link);
		xmlFree(text);
		xmlFreeTextReader(r);
	}
	fclose(out);
	fprintf(stderr, "baseline extract: %d files, %ld items, %ld nodes\n", nfiles, items, nodes);
	return 0;
}

static int
insert(const char *dbpath, const char *inpath)
{
	FILE *in = fopen(inpath, "r");
	sqlite3 *db;
	sqlite3_stmt *st;
	char *line = NULL;
	size_t cap = 0;
	long rows = 0;
	int feed = -1;

	if (!in)
		return perror(inpath), 1;
	if (sqlite3_open(dbpath, &db) != SQLITE_OK)
		return fprintf(stderr, "%s: %s\n", dbpath, sqlite3_errmsg(db)), 1;
	sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	                 "CREATE TABLE items(id INTEGER PRIMARY KEY, feed INTEGER, title TEXT, link TEXT, body TEXT)",
	             NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO items(feed, title, link, body) VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL);
	while (getline(&line, &cap, in) > 0) {
		char *f[4] = { line, NULL, NULL, NULL };
		int k, n;
		for (k = 1; k < 4; k++) {
			f[k] = strchr(f[k - 1], '\t');
			if (!f[k])
				break;
			*f[k]++ = '\0';
		}
		if (k < 4)
			continue;
		f[3][strcspn(f[3], "\n")] = '\0';
		n = atoi(f[0]);
		if (n != feed) {
			if (feed >= 0)
				sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
			feed = n;
		}
		sqlite3_bind_int(st, 1, n);
		for (k = 1; k < 4; k++)
			sqlite3_bind_text(st, k + 1, f[k], -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
		rows++;
	}
	if (feed >= 0)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(line);
	fclose(in);
	fprintf(stderr, "baseline insert: %ld rows\n", rows);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "extract"))
		return extract(argv[2], argc - 3, argv + 3);
	if (argc == 4 && !strcmp(argv[1], "insert"))
		return insert(argv[2], argv[3]);
	fprintf(stderr, "usage: baseline extract OUT.tsv FILE... | baseline insert DB IN.tsv\n");
	return 2;
}
