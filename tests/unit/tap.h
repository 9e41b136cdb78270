/* SPDX-License-Identifier: MIT */
/* tap.h - the smallest TAP producer: meson reads it (protocol: 'tap'). */
#ifndef RW_TAP_H
#define RW_TAP_H

#include <stdint.h>

int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tap_is_str(const char *got, const char *want, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int tap_is_int(long long got, long long want, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Print the plan and return the exit status: 0 when every test passed. */
int tap_done(void);

#define ok tap_ok
#define is_str tap_is_str
#define is_int tap_is_int

#endif
