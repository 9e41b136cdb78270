/* SPDX-License-Identifier: MIT */
/* words.c - the English words the store and the core keep as values
 * ("new", "review", "positive"...), shown to people in their language. */
#include "cli.h"
#include "i18n.h"

#include <string.h>

/* Every value cli_word() translates.  N_() only marks them, so that
 * xgettext extracts them; the translation happens in cli_word(). */
static const char *const words[] = {
	/* TRANSLATORS: what the last scan did to a mention: it is new, changed or gone (8 columns in 'repwatch list') */
	N_("new"),
	N_("changed"),
	N_("gone"),
	/* TRANSLATORS: the category of a mention or of a source (14 columns in 'repwatch list') */
	N_("review"),
	N_("misinformation"),
	N_("news"),
	N_("social"),
	N_("publication"),
	N_("other"),
	/* TRANSLATORS: the sentiment of a text: it is positive, negative or neutral */
	N_("positive"),
	N_("negative"),
	N_("neutral"),
	/* TRANSLATORS: the confidence of a match: it is low, medium or high */
	N_("low"),
	N_("medium"),
	N_("high"),
};

const char *
cli_word(const char *value)
{
	size_t i;

	/* Only the listed values: gettext("") would return the catalogue's
	 * header, and a value from a newer store should show as it is. */
	for (i = 0; value && i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(value, words[i]))
			return _(words[i]);
	return value ? value : "";
}

int
cli_cols(const char *s, int width)
{
	/* printf pads by bytes; a UTF-8 continuation byte takes no column. */
	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) == 0x80)
			width++;
	return width;
}
