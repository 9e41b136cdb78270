/* SPDX-License-Identifier: MIT */
#include "userlang.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

const char *
rw_user_lang(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL), *first = getenv("LANGUAGE");

	if (!l || !strcmp(l, "C") || !strcmp(l, "POSIX") || !strncmp(l, "C.", 2))
		return NULL;   /* gettext ignores LANGUAGE in the C locale too */
	if (first && *first)
		l = first;     /* "fr:en": the first one wins, as for the messages */
	return !strncmp(l, "fr", 2) ? "fr" : "en";
}

const char *
rw_user_gettext(const char *msgid)
{
	return gettext(msgid);
}
