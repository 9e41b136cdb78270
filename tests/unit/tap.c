/* SPDX-License-Identifier: MIT */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int count, failed;

static void
line(int pass, const char *fmt, va_list ap)
{
	count++;
	if (!pass)
		failed++;
	char msg[2048], *p;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (p = msg; *p; p++)       /* one TAP line per test, whatever the message */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	printf("%s %d - %s\n", pass ? "ok" : "not ok", count, msg);
}

int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int
tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	int pass = (!got && !want) || (got && want && !strcmp(got, want));
	va_list ap;
	va_start(ap, fmt);
	line(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
	return pass;
}

int
tap_is_int(long long got, long long want, const char *fmt, ...)
{
	int pass = got == want;
	va_list ap;
	va_start(ap, fmt);
	line(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return pass;
}

int
tap_done(void)
{
	printf("1..%d\n", count);
	if (failed)
		printf("# %d of %d failed\n", failed, count);
	return failed ? 1 : 0;
}
