/* SPDX-License-Identifier: MIT */
/* i18n.h - gettext for the front-ends. */
#ifndef RW_I18N_H
#define RW_I18N_H

#include <libintl.h>
#include <locale.h>

#define _(s) gettext(s)
#ifndef N_
#define N_(String) (String)
#endif

#endif
