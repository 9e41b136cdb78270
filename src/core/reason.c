/* SPDX-License-Identifier: MIT */
#include "reason.h"
#include "err.h"

#include <string.h>

char *
rw_reason_render(const char *stored, int translate, char *buf, size_t size)
{
	const char *p = stored ? stored : "";
	size_t n = 0;

	if (!size)
		return buf;
	while (*p && n + 1 < size) {
		const char *open = strchr(p, RW_REASON_OPEN[0]), *close, *piece;
		size_t len;
		char msgid[256];

		if (!open)
			open = p + strlen(p);
		/* the literal part up to the next phrase */
		len = (size_t)(open - p);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(buf + n, p, len);
		n += len;
		if (!*open)
			break;
		close = strchr(open + 1, RW_REASON_CLOSE[0]);
		if (!close) {            /* not our mark: drop it, keep the rest */
			p = open + 1;
			continue;
		}
		len = (size_t)(close - open - 1);
		if (len >= sizeof(msgid))
			len = sizeof(msgid) - 1;
		memcpy(msgid, open + 1, len);
		msgid[len] = '\0';
		piece = translate ? rw_tr(msgid) : msgid;
		len = strlen(piece);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(buf + n, piece, len);
		n += len;
		p = close + 1;
	}
	buf[n] = '\0';
	return buf;
}
