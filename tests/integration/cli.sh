#!/bin/sh
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
is "$rc" 0 "a config with no source scans nothing and succeeds"
contains "$(cat "$T/err")" "names no source" "but warns"

"$REPWATCH" list --format=xml 2>"$T/err"; is "$?" 2 "unknown list format exits 2"
"$REPWATCH" list --since yesterday 2>"$T/err"; is "$?" 2 "bad --since exits 2"

json=$("$REPWATCH" parse "$SRCDIR/feeds/demo/round1/avis-patients.atom" --format=json)
is "$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["format"], len(d["items"]), d["items"][0]["link"], d["items"][0]["published"])')" \
	"atom10 4 https://avis-patients.example/avis/501 2026-09-20T16:12:00Z" "parse --format=json on an Atom feed"
out=$("$REPWATCH" parse "$SRCDIR/feeds/demo/round1/forum-sante.rdf")
contains "$out" "format: rss10" "parse (plain) names the format"
is "$("$REPWATCH" parse-date 'Mon, 06 Jan 2025 08:00:00 +0100')" "2025-01-06T07:00:00Z" "parse-date"
"$REPWATCH" parse-date 'someday' >/dev/null; is "$?" 1 "parse-date on a non-date exits 1"
done_testing
