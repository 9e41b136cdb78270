/* replay.c - runs a libFuzzer target over every file of the directories
 * given (its corpus and every crash once found), as an ordinary test
 * (SQLite's fuzzcheck idea).  TAP output: one line per file.  A crash,
 * leak or sanitizer report fails the test like any other. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

	for (i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
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
			snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]);
			if (run_file(path) < 0) {
				printf("not ok %d - %s: unreadable\n", ++t, names[k]);
				failed = 1;
			} else {
				printf("ok %d - %s\n", ++t, names[k]);
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
