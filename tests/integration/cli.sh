#!/bin/sh
# SPDX-License-Identifier: MIT
# The command line as a user meets it: help, exit codes, configuration errors
# that point at file:line, the parse and parse-date commands.
. "$(dirname "$0")/lib.sh"

out=$("$REPWATCH" --help); rc=$?
is "$rc" 0 "--help exits 0"
contains "$out" "Exit codes:" "--help documents exit codes"
contains "$out" "130  interrupted" "--help lists the interrupted code"
out=$("$REPWATCH" scan --help); is "$?" 0 "scan --help"
contains "$out" "usage: repwatch scan" "scan --help says how"
out=$("$REPWATCH" --version); contains "$out" "repwatch " "--version"

"$REPWATCH" frobnicate 2>"$T/err"; rc=$?
is "$rc" 2 "unknown command exits 2"
contains "$(cat "$T/err")" "'frobnicate' is not a repwatch command" "and says so"
"$REPWATCH" 2>/dev/null; is "$?" 2 "no command exits 2"

"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 2 "missing configuration exits 2"
contains "$(cat "$T/err")" "repwatch init" "and says how to create one"

printf '[practitioner]\nname = Jeanne Dupont\n[fetch]\ntimeout = soon\n' > "$CONF"
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 2 "bad value exits 2"
is "$(cat "$T/err")" "repwatch: $CONF:4: [fetch].timeout: soon: expected seconds, from 1 to 3600" "error points at file:line, section, key and value"

printf '[practitioner]\nname = Jeanne Dupont\n' > "$CONF"
"$REPWATCH" -c "$CONF" scan 2>"$T/err"; rc=$?
is "$rc" 2 "a config with no source: scan exits 2"
contains "$(cat "$T/err")" "names no source" "and says so on stderr"
"$REPWATCH" -q -c "$CONF" scan >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 2 "also under cron (-q): exit 2"
contains "$(cat "$T/err")" "names no source" "and the warning is not silenced by -q"
is "$(cat "$T/out")" "" "nothing on stdout"

"$REPWATCH" list --format=xml 2>"$T/err"; is "$?" 2 "unknown list format exits 2"
"$REPWATCH" list --since yesterday 2>"$T/err"; is "$?" 2 "bad --since exits 2"

json=$("$REPWATCH" parse "$SRCDIR/feeds/demo/round1/avis-patients.atom" --format=json)
is "$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["format"], len(d["items"]), d["items"][0]["link"], d["items"][0]["published"])')" \
	"atom10 4 https://avis-patients.example/avis/501 2026-09-20T16:12:00Z" "parse --format=json on an Atom feed"
out=$("$REPWATCH" parse "$SRCDIR/feeds/demo/round1/forum-sante.rdf")
contains "$out" "format: rss10" "parse (plain) names the format"
is "$("$REPWATCH" parse-date 'Mon, 06 Jan 2025 08:00:00 +0100')" "2025-01-06T07:00:00Z" "parse-date"
"$REPWATCH" parse-date 'someday' >/dev/null; is "$?" 1 "parse-date on a non-date exits 1"
out=$("$REPWATCH" parse-date --help); rc=$?
is "$rc" 0 "parse-date --help exits 0"
contains "$out" "usage: repwatch parse-date" "and prints its usage on stdout"

# repwatch help CMD is repwatch CMD --help, for every command
for cmd in $("$REPWATCH" __complete ''); do
	[ "$cmd" = help ] && continue
	a=$("$REPWATCH" help "$cmd" 2>&1); ra=$?
	b=$("$REPWATCH" "$cmd" --help 2>&1); rb=$?
	if [ "$a" = "$b" ] && [ "$ra" = "$rb" ] && [ -n "$a" ]; then ok 0 "help $cmd = $cmd --help"
	else ok 1 "help $cmd = $cmd --help (exit $ra vs $rb)"; fi
done
"$REPWATCH" help frobnicate 2>"$T/err"; is "$?" 2 "help of an unknown command exits 2"
out=$("$REPWATCH" help); is "$?" 0 "help alone: the global help"
contains "$out" "Commands:" "listing the commands"

# output errors: a full disk is not success (exit 3, as --help says)
"$REPWATCH" --help >/dev/full 2>"$T/err"; rc=$?
is "$rc" 3 "--help > /dev/full exits 3"
contains "$(cat "$T/err")" "cannot write the output" "and says why"

# scan -v as the usage says; the summary on a terminal names at most 20
entries=""
i=1
while [ $i -le 25 ]; do
	entries="$entries
  <entry><id>urn:rw-test:cap$i</id><title>Avis $i sur le Dr Jeanne Dupont</title><link href=\"https://avis.example/cap/$i\"/>
    <updated>2026-11-09T10:00:00Z</updated><content type=\"text\">Le Dr Jeanne Dupont, avis $i. 4/5</content></entry>"
	i=$((i + 1))
done
atom_feed "$T/cap.atom" "$entries"
printf '[practitioner]\nname = Dr Jeanne Dupont\ncity = Lyon\n\n[source Avis]\nurl = file://%s/cap.atom\ncategory = review\n' "$T" >"$CONF"
"$REPWATCH" scan -v >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "scan -v is accepted"
contains "$(cat "$T/out")" "1 sources: 1 read" "and prints the summary when not on a terminal"
is "$(grep -c 'https://avis.example/cap/' "$T/out")" 25 "redirected, the summary names every mention"
if command -v script >/dev/null 2>&1; then
	script -qec "\"$REPWATCH\" --db \"$T/tty.db\" scan" /dev/null >"$T/tty.out" 2>&1 </dev/null
	is "$(grep -c 'https://avis.example/cap/' "$T/tty.out")" 20 "on a terminal the summary names 20 mentions"
	contains "$(cat "$T/tty.out")" "and 5 more: repwatch list" "then says how many more and where"
else
	skip "the summary cap on a terminal" "script (bsdutils) is missing"
fi
"$REPWATCH" list >/dev/full 2>"$T/err"; rc=$?
is "$rc" 3 "list > /dev/full exits 3 (25 mentions to print)"
contains "$(cat "$T/err")" "cannot write the output" "and says why"
"$REPWATCH" list --format=tsv >/dev/full 2>/dev/null; is "$?" 3 "list --format=tsv > /dev/full exits 3"
done_testing
