/* SPDX-License-Identifier: MIT */
/* number.h - whole numbers written by a person (a configuration value).
 *
 * Owns: the one reading of a decimal number with bounds, for every key
 * that takes one ([fetch] concurrency, a mailbox source's max_mails...).
 * Must not: say why a value is refused (the caller names the key and its
 * range in its own message).
 */
#ifndef RW_NUMBER_H
#define RW_NUMBER_H

/* v as a decimal number from min to max (spaces after it allowed) into
 * *out: 0; -1 (and *out unchanged) when it is not one, or out of range. */
int rw_number_parse_long(const char *v, long min, long max, long *out);

#endif
