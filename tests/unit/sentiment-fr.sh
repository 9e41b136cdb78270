#!/bin/sh
# SPDX-License-Identifier: MIT
# sentiment-fr.sh - accuracy of the French sentiment score on the Amazon.fr
# book reviews of Debian's python3-pattern (polarity-fr-amazon.csv).
#
# That file may not be redistributed (tests/data/sentiment/SOURCES.md), so
# it is never copied into the repository: it is read where python3-pattern
# installed it, or taken from the package's .deb (apt-get download, no
# installation) into the build directory, and turned into a TSV there.
# Skips (plan "1..0 # SKIP") when neither is possible (no apt, no network, no python3).
#
#   sentiment-fr.sh EVAL-SENTIMENT LEXICON-DIR MAKE-EVAL-SETS FLOOR-ALL FLOOR-HELD-OUT
set -u
eval=$1 lexicons=$2 make=$3 floor_all=$4 floor_even=$5
work=${BUILDDIR:-.}/sentiment-fr
csv_rel=usr/share/doc/python3-pattern/test/corpora/polarity-fr-amazon.csv
tsv=$work/fr-pattern-amazon.tsv

skip() { echo "1..0 # SKIP $*"; exit 0; }

[ -x /usr/bin/python3 ] || skip "/usr/bin/python3 is missing"
mkdir -p "$work" || skip "cannot create $work"
if [ ! -s "$tsv" ]; then
	csv=/$csv_rel
	if [ ! -f "$csv" ]; then
		csv=$work/pattern/$csv_rel
		if [ ! -f "$csv" ]; then
			command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 ||
				skip "no apt-get/dpkg-deb to fetch python3-pattern"
			(cd "$work" && timeout 300 apt-get download -q python3-pattern >/dev/null 2>&1) ||
				skip "cannot download python3-pattern (apt-get download failed: offline?)"
			dpkg-deb -x "$work"/python3-pattern_*_all.deb "$work/pattern" ||
				skip "cannot unpack python3-pattern"
			rm -f "$work"/python3-pattern_*_all.deb
		fi
	fi
	[ -f "$csv" ] || skip "polarity-fr-amazon.csv is not in python3-pattern"
	/usr/bin/python3 "$make" pattern-csv "$csv" "$tsv.tmp" >/dev/null && mv "$tsv.tmp" "$tsv" ||
		skip "cannot convert $csv"
	rm -rf "$work/pattern"
fi

# TAP: two plans merged into one
out_all=$("$eval" "$lexicons" "$tsv" --lang fr --floor "$floor_all")
rc_all=$?
out_even=$("$eval" "$lexicons" "$tsv" --lang fr --part even --floor "$floor_even")
rc_even=$?
out_detect=$("$eval" "$lexicons" "$tsv" --floor "$floor_all")
rc_detect=$?
printf '%s\n' "$out_all" | grep '^#'
printf '%s\n' "$out_even" | grep '^#'
printf '%s\n' "$out_detect" | grep '^#'
n=0
for pair in "$rc_all:all lines, lang fr" "$rc_even:held-out even lines, lang fr" "$rc_detect:all lines, language detected"; do
	n=$((n + 1))
	if [ "${pair%%:*}" -eq 0 ]; then echo "ok $n - French accuracy floor: ${pair#*:}"
	else echo "not ok $n - French accuracy floor: ${pair#*:}"; fi
done
echo "1..3"
[ "$rc_all" -eq 0 ] && [ "$rc_even" -eq 0 ] && [ "$rc_detect" -eq 0 ]
