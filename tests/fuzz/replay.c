/* SPDX-License-Identifier: MIT */
/* replay.c - runs a libFuzzer target over every file of the directories
 * given (its corpus and every crash once found), as an ordinary test
 * (SQLite's fuzzcheck idea).  TAP output: one line per file.  A crash,
 * leak or sanitizer report fails the test like any other; so does an
 * input that takes longer than -timeout=SECONDS (libFuzzer's option, here
 * too: no input may hold a source longer than its budget). */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *current;   /* the input being run, for the alarm */

static void
on_alarm(int sig)
{
	static const char msg[] = "not ok - an input ran past the -timeout limit: ";
	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0 || write(STDOUT_FILENO, current, strlen(current)) < 0 ||
	    write(STDOUT_FILENO, "\n", 1) < 0)
		_exit(1);
	_exit(1);
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, alloc = 0, n;

	if (!fp)
		return -1;
	for (;;) {
		if (len + 65536 > alloc) {
			uint8_t *nb = realloc(buf, alloc = alloc ? alloc * 2 : 65536);
			if (!nb) {
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, alloc - len, fp);
		len += n;
		if (!n)
			break;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, t = 0, failed = 0;
	unsigned timeout = 0;

	signal(SIGALRM, on_alarm);
	for (i = 1; i < argc; i++) {
		DIR *d;
		if (!strncmp(argv[i], "-timeout=", 9)) {
			timeout = (unsigned)atoi(argv[i] + 9);
			continue;
		}
		d = opendir(argv[i]);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0, k;

		if (!d) {
			printf("not ok %d - cannot open %s\n", ++t, argv[i]);
			failed = 1;
			continue;
		}
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				char **nn = realloc(names, (n + 1) * sizeof(*names));
				if (!nn)
					break;
				names = nn;
				names[n++] = strdup(e->d_name);
			}
		closedir(d);
		qsort(names, n, sizeof(*names), cmp);
		for (k = 0; k < n; k++) {
			char path[4096];
			double start = now(), took;
			int rc;
			snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]);
			current = names[k];
			alarm(timeout ? 2 * timeout : 0);   /* the hard stop of one that never ends */
			rc = run_file(path);
			alarm(0);
			took = now() - start;
			if (rc < 0) {
				printf("not ok %d - %s: unreadable\n", ++t, names[k]);
				failed = 1;
			} else if (timeout && took > timeout) {
				printf("not ok %d - %s: %.1f s, more than the %u s limit\n", ++t, names[k], took, timeout);
				failed = 1;
			} else {
				printf("ok %d - %s (%.2f s)\n", ++t, names[k], took);
			}
			fflush(stdout);
			free(names[k]);
		}
		free(names);
	}
	if (!t) {
		printf("not ok 1 - no corpus file found\n");
		t = failed = 1;
	}
	printf("1..%d\n", t);
	return failed;
}
