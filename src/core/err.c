/* SPDX-License-Identifier: MIT */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

static rw_translate_fn translator;

void
rw_err_set_translator(rw_translate_fn fn)
{
	translator = fn;
}

const char *
rw_tr(const char *msgid)
{
	const char *t;

	if (!translator || !msgid || !*msgid)
		return msgid;
	t = translator(msgid);
	return t ? t : msgid;
}

int
rw_err_set(rw_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->code != RW_OK)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), rw_tr(fmt), ap);
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
