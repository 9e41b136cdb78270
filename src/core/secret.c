/* SPDX-License-Identifier: MIT */
#include "secret.h"
#include "msgid.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
rw_secret_read_file(const char *path, char **out, rw_err *err)
{
	char buf[1024];
	struct stat sb;
	ssize_t n;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		rw_err_set(err, RW_E_IO, N_("cannot read the password file '%s': %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return RW_E_IO;
	}
	if (sb.st_mode & 077) {
		close(fd);
		return rw_err_set(err, RW_E_USAGE, N_("the password file '%s' is readable by other users: run chmod 600 '%s'"),
		                  path, path);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return rw_err_set(err, RW_E_IO, N_("cannot read the password file '%s': %s"), path, strerror(errno));
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	*out = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return *out ? RW_OK : rw_err_set(err, RW_E_NOMEM, N_("out of memory"));
}
