/* SPDX-License-Identifier: MIT */
/* input.c - reading a file or standard input whole, with a cap. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *
cli_read_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *data = NULL;
	size_t alloc = 0, n;

	*len = 0;
	if (!fp)
		return NULL;
	for (;;) {
		if (*len + 65536 + 1 > alloc) {
			char *nd;
			alloc = alloc ? alloc * 2 : 131072;
			if (alloc > max + 65536 + 1) {
				errno = EFBIG;
				free(data);
				data = NULL;
				break;
			}
			nd = realloc(data, alloc);
			if (!nd) {
				free(data);
				data = NULL;
				break;
			}
			data = nd;
		}
		n = fread(data + *len, 1, 65536, fp);
		*len += n;
		if (n < 65536)
			break;
	}
	if (data)
		data[*len] = '\0';
	if (fp != stdin)
		fclose(fp);
	return data;
}
