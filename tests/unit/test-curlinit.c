/* SPDX-License-Identifier: MIT */
/* curlinit.c: libcurl initialised once, whichever thread asks first, and
 * no other module calls curl_global_init itself. */
#include "curlinit.h"
#include "tap.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#define NTHREADS 8

static int results[NTHREADS];

static void *
ask(void *arg)
{
	int i = (int)(long)arg;
	rw_err err = { 0 };
	CURL *e;

	results[i] = rw_curlinit(&err);
	/* a handle made right after, in this thread, works */
	if (results[i] == RW_OK && !(e = curl_easy_init()))
		results[i] = -1;
	else if (results[i] == RW_OK)
		curl_easy_cleanup(e);
	return NULL;
}

/* The files of dir (a source folder) whose text names curl_global_init. */
static int
callers(const char *dir, char *names, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	names[0] = '\0';
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[4096], *text = NULL;
		size_t len = 0;
		FILE *fp;
		if (!strstr(de->d_name, ".c") || snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (!(fp = fopen(path, "r")))
			continue;
		if (getdelim(&text, &len, '\0', fp) > 0 && strstr(text, "curl_global_init(")) {
			n++;
			strncat(names, de->d_name, size - strlen(names) - 2);
			strncat(names, " ", size - strlen(names) - 1);
		}
		free(text);
		fclose(fp);
	}
	closedir(d);
	return n;
}

int
main(void)
{
	pthread_t th[NTHREADS];
	rw_err err = { 0 };
	char names[512];
	int i, started = 0;

	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, ask, (void *)(long)i) == 0)
			started++;
		else
			results[i] = -2;
	for (i = 0; i < NTHREADS; i++)
		if (results[i] != -2)
			pthread_join(th[i], NULL);
	is_int(started, NTHREADS, "%d threads ask at once", NTHREADS);
	for (i = 0; i < NTHREADS; i++)
		is_int(results[i], RW_OK, "thread %d: libcurl ready and a handle made", i);
	is_int(rw_curlinit(&err), RW_OK, "a later call: still ready");
	ok(err.code == RW_OK && !err.msg[0], "no error set");
	is_int(callers(SRC_CORE, names, sizeof(names)), 1, "one file of the core calls curl_global_init: %s", names);
	is_str(names, "curlinit.c ", "and it is curlinit.c");
	return tap_done();
}
