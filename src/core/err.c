/* SPDX-License-Identifier: MIT */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int
rw_err_set(rw_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->code != RW_OK)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
rw_err_clear(rw_err *e)
{
	if (!e)
		return;
	e->code = RW_OK;
	e->msg[0] = '\0';
}
