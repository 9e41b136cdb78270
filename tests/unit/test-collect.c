/* SPDX-License-Identifier: MIT */
/* A collected source that fails (collect.h, imap.c): its error is said in
 * the reader's words now (out.error) and kept as a reason to store
 * (out.reason: reason.h), with the same English; a password file others
 * may read is refused before any connection, naming the file only. */
#include "collect.h"
#include "err.h"
#include "fetch.h"
#include "reason.h"
#include "tap.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* A port of 127.0.0.1 that nobody listens on (bound, then closed). */
static int
closed_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && !bind(fd, (struct sockaddr *)&a, sizeof(a)) && !getsockname(fd, (struct sockaddr *)&a, &len))
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* A translator that puts every phrase in brackets: what was translated shows. */
static const char *
brackets(const char *msgid)
{
	static char buf[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "[%s]", msgid);
	return buf[i];
}

static int
collect(const char *url, const char *pwfile, rw_collect_out *out)
{
	struct rw_source_opt opts[] = { { "user", "jd" }, { "password_file", (char *)pwfile } };
	rw_source src;
	rw_fetch_settings fs;
	rw_collect_in in;

	memset(&src, 0, sizeof(src));
	src.name = "Boîte";
	src.url = (char *)url;
	src.kind = "imap";
	src.opts = opts;
	src.nopts = 2;
	rw_fetch_settings_default(&fs);
	fs.connect_timeout = 5;
	fs.timeout = 5;
	memset(&in, 0, sizeof(in));
	in.src = &src;
	in.fetch = &fs;
	in.config_path = "/nonexistent/repwatch.conf";
	return rw_collect_run(&in, out);
}

int
main(void)
{
	char dir[] = "/tmp/rw-test-collect-XXXXXX", pw[300], url[100], shown[1200];
	rw_collect_out out;
	FILE *fp;
	int port = closed_port(), rc;

	if (!mkdtemp(dir) || !port)
		return tap_ok(0, "a temporary folder and a closed port"), tap_done();
	snprintf(pw, sizeof(pw), "%s/pw", dir);
	if ((fp = fopen(pw, "w"))) {
		fputs("s3cret-value\n", fp);
		fclose(fp);
	}
	snprintf(url, sizeof(url), "imap://127.0.0.1:%d/INBOX", port);

	/* a refused connection */
	chmod(pw, 0600);
	rc = collect(url, pw, &out);
	is_int(rc, RW_E_NET, "a closed port: a network error");
	ok(out.feed == NULL, "...and no items");
	ok(strchr(out.reason, RW_REASON_OPEN[0]) != NULL, "the reason to store marks its phrases: %s", out.error);
	rw_reason_render(out.reason, 0, shown, sizeof(shown));
	is_str(shown, out.error, "...and reads in English as the error (no translator)");
	ok(strstr(out.error, "cannot read the mailbox: the server refused the connection (curl 7)") != NULL,
	   "curl's code in words, the code kept: %s", out.error);
	ok(!strncmp(out.error, "'imap://127.0.0.1:", 18), "the source's address first");
	rw_collect_out_clear(&out);

	/* the same through a translator: error translated, reason unchanged */
	rw_err_set_translator(brackets);
	rc = collect(url, pw, &out);
	ok(strstr(out.error, "[cannot read the mailbox]") && strstr(out.error, "[the server refused the connection]"),
	   "translated where it is said: %s", out.error);
	ok(!strstr(out.reason, "[cannot read"), "...not in the reason to store");
	rw_collect_out_clear(&out);
	rw_err_set_translator(NULL);

	/* a password file others may read */
	chmod(pw, 0644);
	rc = collect(url, pw, &out);
	is_int(rc, RW_E_USAGE, "a password file others may read: refused");
	ok(strstr(out.error, "readable by other users: run chmod 600") != NULL, "and says what to do: %s", out.error);
	ok(!strstr(out.error, "s3cret") && !strstr(out.reason, "s3cret"), "the password is in no message");
	rw_collect_out_clear(&out);

	unlink(pw);
	rmdir(dir);
	return tap_done();
}
