/* SPDX-License-Identifier: MIT */
#include "profile.h"
#include "msgid.h"
#include "log.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- keys ---- */

static char *
trimdup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

/* Append the comma-separated entries of v to *list.  -1 with why on
 * failure (too many, too long, out of memory). */
static int
add_list(char ***list, size_t *n, const char *v, char *why, size_t whysize)
{
	const char *p = v;

	for (;;) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		char *t = trimdup(p, len), **na;

		if (!t) {
			snprintf(why, whysize, "%s", N_("out of memory"));
			return -1;
		}
		if (*t) {
			if (strlen(t) > RW_PROFILE_MAX_VALUE || *n >= RW_PROFILE_MAX_LIST) {
				free(t);
				snprintf(why, whysize, "too long (at most %d entries of %d bytes)",
				         RW_PROFILE_MAX_LIST, RW_PROFILE_MAX_VALUE);
				return -1;
			}
			na = realloc(*list, (*n + 1) * sizeof(**list));
			if (!na) {
				free(t);
				snprintf(why, whysize, "%s", N_("out of memory"));
				return -1;
			}
			*list = na;
			(*list)[(*n)++] = t;
		} else {
			free(t);
		}
		if (!q)
			return 0;
		p = q + 1;
	}
}

static void
free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* Degree letters and credentials people write after a name, folded, dots
 * and spaces removed ("M.A." -> "ma", "Ph. D." -> "phd").  Those marked
 * with a star are also words or names ("Ma", "Do"): they go only when
 * written with dots or in capitals. */
static const char *const credentials[] = {
	"bsc", "ccfp", "cnm", "dc", "dds", "dess", "dipl", "dmd", "dnp", "do*", "dpt", "facc", "facp",
	"facs", "fmh", "fracp", "frcpc", "frcp", "frcs", "frcsc", "lac", "ma*", "mba", "md", "mph",
	"mrcgp", "mrcp", "ms*", "msc", "nd", "np", "od", "phd", "pharmd", "psyd", "pt*", "rd", "rn",
};

/* Is the word (len bytes at w, as typed) a credential? */
static int
credential(const char *w, size_t len)
{
	char f[16];
	size_t n = 0, i, upper = 0, dots = 0, letters = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c == '.') {
			dots++;
			continue;
		}
		if (!isalpha(c) || n + 1 >= sizeof(f))
			return 0;
		upper += isupper(c) != 0;
		letters++;
		f[n++] = (char)tolower(c);
	}
	f[n] = '\0';
	if (!n)
		return 0;
	for (i = 0; i < sizeof(credentials) / sizeof(credentials[0]); i++) {
		size_t cl = strcspn(credentials[i], "*");
		if (cl != n || strncmp(credentials[i], f, n))
			continue;
		if (credentials[i][cl] == '*')
			return dots > 0 || upper == letters;
		/* "Md" is no one's given name, but "md" in a name is odd: take
		 * any case */
		return 1;
	}
	return 0;
}

/* The end of name without trailing credentials: ", M.A.", " MD, FRCPC",
 * ", Ph. D." (a run of credentials, with commas and spaces between, and
 * a comma or space before the first). */
static size_t
without_credentials(const char *name, size_t len)
{
	for (;;) {
		size_t end = len, start;
		while (end && (isspace((unsigned char)name[end - 1]) || name[end - 1] == ','))
			end--;
		start = end;
		while (start && !isspace((unsigned char)name[start - 1]) && name[start - 1] != ',')
			start--;
		/* "Ph. D.": two pieces that make one */
		if (start && end - start <= 3 && isspace((unsigned char)name[start - 1])) {
			size_t s2 = start - 1;
			while (s2 && !isspace((unsigned char)name[s2 - 1]) && name[s2 - 1] != ',')
				s2--;
			if (s2 < start - 1 && name[start - 2] == '.') {
				char joined[16];
				size_t a = start - 1 - s2, b = end - start;
				if (a + b < sizeof(joined) && s2 > 0) {
					memcpy(joined, name + s2, a);
					memcpy(joined + a, name + start, b);
					if (credential(joined, a + b)) {
						len = s2;
						continue;
					}
				}
			}
		}
		/* keep one word at least before it */
		if (start == 0 || start == end || !credential(name + start, end - start))
			return end;
		{
			size_t before = start;
			while (before && (isspace((unsigned char)name[before - 1]) || name[before - 1] == ','))
				before--;
			if (!before)
				return end;
		}
		len = start;
	}
}

char *
rw_profile_strip_title(const char *name)
{
	static const char *const titles[] = {
		"dr.", "dr", "dre", "dre.", "docteur", "docteure", "doctor", "doctoresse", "pr.", "pr", "prof.",
		"prof", "professeur", "professeure", "professor", "mme", "mme.", "m.", "mr", "mr.", "mrs",
		"mrs.", "ms", "ms.", "madame", "monsieur", "med.", "méd.", "med", "méd",
	};
	const char *p = name;
	size_t i;
	int again = 1;

	while (again) {
		again = 0;
		while (isspace((unsigned char)*p))
			p++;
		for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
			size_t n = strlen(titles[i]);
			/* "med." only after a doctor's title: "Dr. med. Paul" */
			if (!strncmp(titles[i], "med", 3) || !strncmp(titles[i], "méd", 4))
				if (p == name)
					continue;
			if (!strncasecmp(p, titles[i], n) && isspace((unsigned char)p[n])) {
				p += n;
				again = 1;
				break;
			}
		}
	}
	return trimdup(p, without_credentials(p, strlen(p)));
}

static int
digits_only(const char *v, size_t want)
{
	size_t n = 0;

	for (; *v; v++) {
		if (*v == ' ')
			continue;
		if (!isdigit((unsigned char)*v))
			return 0;
		n++;
	}
	return n == want;
}

/* "lawyer in Paris: avocate, barreau, Paris" or "avocate, barreau" */
static int
add_homonym(rw_practitioner *p, const char *v, char *why, size_t whysize)
{
	const char *colon = strchr(v, ':');
	rw_homonym *nh, *h;

	if (p->nhomonyms >= RW_PROFILE_MAX_LIST) {
		snprintf(why, whysize, "too many homonyms (at most %d)", RW_PROFILE_MAX_LIST);
		return -1;
	}
	nh = realloc(p->homonyms, (p->nhomonyms + 1) * sizeof(*nh));
	if (!nh) {
		snprintf(why, whysize, "%s", N_("out of memory"));
		return -1;
	}
	p->homonyms = nh;
	h = &nh[p->nhomonyms];
	memset(h, 0, sizeof(*h));
	if (colon && !(h->label = trimdup(v, (size_t)(colon - v)))) {
		snprintf(why, whysize, "%s", N_("out of memory"));
		return -1;
	}
	p->nhomonyms++;
	if (add_list(&h->words, &h->nwords, colon ? colon + 1 : v, why, whysize) < 0)
		return -1;
	if (!h->nwords) {
		snprintf(why, whysize, "say what tells the other person apart, e.g. "
		         "homonym = lawyer in Paris: avocate, barreau, Paris");
		return -1;
	}
	return 0;
}

static int
set_string(char **field, const char *v, char *why, size_t whysize)
{
	char *t = trimdup(v, strlen(v));

	if (!t) {
		snprintf(why, whysize, "%s", N_("out of memory"));
		return -1;
	}
	if (strlen(t) > RW_PROFILE_MAX_VALUE) {
		free(t);
		snprintf(why, whysize, "too long (at most %d bytes)", RW_PROFILE_MAX_VALUE);
		return -1;
	}
	free(*field);
	*field = t;
	return 0;
}

/* usage_name / maiden_name, kept as typed without titles (a surname alone
 * takes the first names of name: match.c does that, as name may come later
 * in the file). */
static int
add_other_name(rw_practitioner *p, const char *v, char *why, size_t whysize)
{
	char *n = rw_profile_strip_title(v);
	int rc;

	if (!n) {
		snprintf(why, whysize, "%s", N_("out of memory"));
		return -1;
	}
	if (!*n || strchr(n, ',')) {
		free(n);
		snprintf(why, whysize, "%s", N_("one name is needed, e.g. usage_name = Jeanne Martin"));
		return -1;
	}
	rc = add_list(&p->names, &p->nnames, n, why, whysize);
	free(n);
	return rc;
}

int
rw_profile_set(rw_practitioner *p, const char *key, const char *value, char *why, size_t whysize)
{
	if (!strcmp(key, "name")) {
		char *n = rw_profile_strip_title(value);
		if (!n) {
			snprintf(why, whysize, "%s", N_("out of memory"));
			return -1;
		}
		if (!*n || strlen(n) > RW_PROFILE_MAX_VALUE) {
			free(n);
			snprintf(why, whysize, "%s", N_("a name is needed, e.g. name = Jeanne Dupont"));
			return -1;
		}
		free(p->name);
		p->name = n;
		return 0;
	}
	if (!strcmp(key, "usage_name") || !strcmp(key, "maiden_name"))
		return add_other_name(p, value, why, whysize);
	if (!strcmp(key, "variants"))
		return add_list(&p->variants, &p->nvariants, value, why, whysize);
	if (!strcmp(key, "title"))
		return set_string(&p->title, value, why, whysize);
	if (!strcmp(key, "specialty")) {
		if (set_string(&p->specialty, value, why, whysize) < 0)
			return -1;
		return 0;
	}
	if (!strcmp(key, "city") || !strcmp(key, "cities")) {
		int rc = add_list(&p->cities, &p->ncities, value, why, whysize);
		p->city = p->ncities ? p->cities[0] : NULL;
		return rc;
	}
	if (!strcmp(key, "practice") || !strcmp(key, "hospital"))
		return add_list(&p->practices, &p->npractices, value, why, whysize);
	if (!strcmp(key, "context"))
		return add_list(&p->context, &p->ncontext, value, why, whysize);
	if (!strcmp(key, "languages")) {
		size_t i, before = p->nlanguages;
		if (add_list(&p->languages, &p->nlanguages, value, why, whysize) < 0)
			return -1;
		for (i = before; i < p->nlanguages; i++) {
			char *l = p->languages[i];
			if (strlen(l) != 2 || !isalpha((unsigned char)l[0]) || !isalpha((unsigned char)l[1])) {
				snprintf(why, whysize, "%s", N_("expected two-letter language codes, e.g. fr, en"));
				return -1;
			}
			l[0] = (char)tolower((unsigned char)l[0]);
			l[1] = (char)tolower((unsigned char)l[1]);
		}
		return 0;
	}
	if (!strcmp(key, "rpps")) {
		if (!digits_only(value, 11)) {
			snprintf(why, whysize, "%s", N_("an RPPS number has 11 digits"));
			return -1;
		}
		return set_string(&p->rpps, value, why, whysize);
	}
	if (!strcmp(key, "adeli")) {
		if (!digits_only(value, 9)) {
			snprintf(why, whysize, "%s", N_("an ADELI number has 9 digits"));
			return -1;
		}
		return set_string(&p->adeli, value, why, whysize);
	}
	if (!strcmp(key, "phone") || !strcmp(key, "phones"))
		return add_list(&p->phones, &p->nphones, value, why, whysize);
	if (!strcmp(key, "postcode") || !strcmp(key, "postcodes"))
		return add_list(&p->postcodes, &p->npostcodes, value, why, whysize);
	if (!strcmp(key, "homonym"))
		return add_homonym(p, value, why, whysize);
	if (!strcmp(key, "watch_myths")) {
		if (!strcasecmp(value, "yes") || !strcasecmp(value, "true") || !strcmp(value, "1"))
			p->watch_myths = 1;
		else if (!strcasecmp(value, "no") || !strcasecmp(value, "false") || !strcmp(value, "0"))
			p->watch_myths = 0;
		else {
			snprintf(why, whysize, "%s", N_("expected yes or no"));
			return -1;
		}
		return 0;
	}
	snprintf(why, whysize, "%s", N_("unknown key (known: name, usage_name, maiden_name, variants, title, "
	                                "specialty, city, practice, rpps, adeli, phone, postcode, languages, context, homonym, "
	                                "watch_myths)"));
	return -1;
}

int
rw_profile_check(const rw_practitioner *p, char *why, size_t whysize)
{
	if (!p->name) {
		snprintf(why, whysize, "%s", N_("has no name = line"));
		return -1;
	}
	if (p->specialty && !rw_specialty_find(p->specialty))
		rw_log(RW_LOG_WARN, "match", "[practitioner %s] specialty '%s' is not one repwatch knows: "
		       "its words will not count as context, and myths of every topic are watched "
		       "(see repwatch.conf(5) for the known ones)", p->id ? p->id : "default", p->specialty);
	return 0;
}

void
rw_profile_clear(rw_practitioner *p)
{
	size_t i;

	if (!p)
		return;
	free(p->id);
	free(p->name);
	free_list(p->names, p->nnames);
	free_list(p->variants, p->nvariants);
	free(p->title);
	free(p->specialty);
	free_list(p->cities, p->ncities);
	free_list(p->practices, p->npractices);
	free(p->rpps);
	free(p->adeli);
	free_list(p->phones, p->nphones);
	free_list(p->postcodes, p->npostcodes);
	free_list(p->languages, p->nlanguages);
	free_list(p->context, p->ncontext);
	for (i = 0; i < p->nhomonyms; i++) {
		free(p->homonyms[i].label);
		free_list(p->homonyms[i].words, p->homonyms[i].nwords);
	}
	free(p->homonyms);
	memset(p, 0, sizeof(*p));
}
