/* SPDX-License-Identifier: MIT */
/* fuzz-mail.c - libFuzzer target for the mail reader: rw_mail_read() with
 * the shipped templates (feeds/mail/, found as the core finds its data:
 * $REPWATCH_DATADIR), whole and as the start of a mail cut by the size cap
 * (truncated).  Built with -Dfuzz=true (clang); replayed over corpus/mail/
 * by replay.c in the normal suite. */
#include "mailread.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rw_mail_templates *templates;

static void
drop_templates(void)
{
	rw_mail_templates_free(&templates);
}

static void
read_once(const uint8_t *data, size_t size, int truncated)
{
	rw_feed *f = calloc(1, sizeof(*f));
	rw_mail_seen seen;
	rw_err err = { 0 };

	if (!f)
		return;
	rw_mail_read(templates, (const char *)data, size, truncated, f, 100, &seen, &err);
	rw_feed_free(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!templates) {
		rw_err err = { 0 };
		if (!(templates = rw_mail_templates_default(&err)))
			abort();   /* no templates: the harness would test nothing */
		atexit(drop_templates);
	}
	read_once(data, size, 0);
	read_once(data, size / 2, 1);
	return 0;
}
