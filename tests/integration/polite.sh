#!/bin/sh
# SPDX-License-Identifier: MIT
# Politeness and quiet cron output, against the hostile server on 127.0.0.1:
# the failure threshold ([fetch] report_after), exponential backoff of a
# source that keeps failing, and a Retry-After that holds a host within the
# scan that received it.  Time passing is simulated by moving the stored
# last attempt / hold back, never by sleeping.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/feeds"
start_hostile hostile --feed-dir "$T/feeds"; h="http://127.0.0.1:$HOSTILE_PORT"
start_hostile busy; b="http://127.0.0.1:$HOSTILE_PORT"

requests() {   # requests BASE PATH: how many requests BASE received for PATH
	curl -sf "$1/_log" | grep -c "^GET $2 "
}
col() {   # col NAME FIELD: a field of `repwatch sources --format=tsv`
	"$REPWATCH" sources --format=tsv | awk -F'\t' -v n="$1" -v f="$2" '$1 == n {print $f}'
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# ---- the threshold: quiet below report_after, named once when reached
cat > "$CONF" <<CONF
[practitioner]
name = Jeanne Dupont
[fetch]
backoff_base = 0
[source Blocked]
url = $h/status/403
allow_private = yes
[source Flaky]
url = $h/files/flaky.rss
allow_private = yes
[source good]
url = $h/ok.rss
allow_private = yes
CONF
for n in 1 2; do
	out=$("$REPWATCH" scan 2>"$T/err"); rc=$?
	is "$rc" 0 "scan $n: exit 0, failures below the threshold are not reported by the exit code"
	is "$(cat "$T/err")$out" "" "scan $n: nothing on stderr or stdout for cron"
done
is "$(col Blocked 7)" 2 "the failures are counted all the same"
out=$("$REPWATCH" scan 2>"$T/err"); rc=$?
is "$rc" 1 "scan 3: exit 1, the threshold is reached"
is "$(cat "$T/err")" \
	"repwatch: source 'Blocked' has failed 3 scans in a row: '$h/status/403': HTTP 403 Forbidden: the site may be blocking automated readers
repwatch: source 'Flaky' has failed 3 scans in a row: '$h/files/flaky.rss': HTTP 404 Not Found: the feed moved or was removed? check the address" \
	"scan 3: each failing source named once, clearly"
out=$("$REPWATCH" scan 2>"$T/err"); rc=$?
is "$rc" 1 "scan 4: still exit 1 while the sources keep failing"
is "$(cat "$T/err")" "" "scan 4: not named again for cron"
"$REPWATCH" -v scan >"$T/out" 2>"$T/err"; rc=$?
contains "$(cat "$T/err")" "source 'Blocked' failed (5 scans in a row): '$h/status/403': HTTP 403" "-v names every failure, with its count"
contains "$(cat "$T/out")" "3 sources: 0 read, 1 unchanged, 2 failed; 0 new" "-v prints the summary"
if command -v script >/dev/null 2>&1; then
	script -qec "'$REPWATCH' scan" /dev/null >"$T/tty" 2>&1; rc=$?
	contains "$(cat "$T/tty")" "source 'Flaky' failed (6 scans in a row)" "on a terminal every failure is named"
	is "$rc" 1 "on a terminal the exit code is the same"
else
	skip "on a terminal every failure is named" "script(1) is missing"
	skip "on a terminal the exit code is the same" "script(1) is missing"
fi
# the source comes back: its count starts again
curl -s "$h/ok.rss" > "$T/feeds/flaky.rss"
out=$("$REPWATCH" scan 2>"$T/err"); rc=$?
is "$(col Flaky 3):$(col Flaky 7)" "ok:0" "a source that answers again is ok, its count reset"
rm "$T/feeds/flaky.rss"
out=$("$REPWATCH" scan 2>"$T/err")
lacks "$(cat "$T/err")" "Flaky" "a new failure after a recovery is a blip again: not named"
is "$(col Flaky 3):$(col Flaky 7)" "failing:1" "and counted from 1"

# ---- backoff: from the 2nd failure in a row, wait base, doubling, capped
cat > "$CONF" <<CONF
[practitioner]
name = Jeanne Dupont
[fetch]
report_after = 1
backoff_base = 1h
backoff_max = 4h
[source Down]
url = $h/status/500
allow_private = yes
CONF
curl -s "$h/_log/reset" >/dev/null
"$REPWATCH" scan >/dev/null 2>&1
"$REPWATCH" scan >/dev/null 2>&1
is "$(requests "$h" /status/500)" 2 "after one failure the source is tried at the next scan"
la=$(sqlite3 "$DB" "SELECT last_attempt FROM sources WHERE name = 'Down'")
is "$(col Down 3):$(col Down 8)" "backoff:$(iso $((la + 3600 - 360)))" \
	"after 2 failures in a row: backing off 1 h (a tenth early is allowed)"
"$REPWATCH" -v scan >"$T/out" 2>"$T/err"; rc=$?
is "$(requests "$h" /status/500)" 2 "a scan during the backoff makes no request"
is "$rc" 0 "a source backing off is not a failure: exit 0"
contains "$(cat "$T/err")" "source 'Down' postponed until $(iso $((la + 3240))): failed 2 scans in a row, so it waits longer between tries (last error: '$h/status/500': HTTP 500" \
	"-v says it is postponed, until when and why"
contains "$(cat "$T/out")" "1 sources: 0 read, 0 unchanged, 0 failed, 1 postponed" "the summary counts it as postponed"
sqlite3 "$DB" "UPDATE sources SET last_attempt = last_attempt - 3600 WHERE name = 'Down'"
"$REPWATCH" scan >/dev/null 2>&1; rc=$?
is "$(requests "$h" /status/500)" 3 "an hour later it is tried again"
is "$rc" 1 "and its failure counts (report_after = 1)"
la=$(sqlite3 "$DB" "SELECT last_attempt FROM sources WHERE name = 'Down'")
is "$(col Down 8)" "$(iso $((la + 7200 - 720)))" "after 3 failures: the wait doubled to 2 h"
sqlite3 "$DB" "UPDATE sources SET last_attempt = last_attempt - 3600 WHERE name = 'Down'"
"$REPWATCH" scan >/dev/null 2>&1
is "$(requests "$h" /status/500)" 3 "one hour into the 2 h wait: still no request"
"$REPWATCH" scan --force >/dev/null 2>&1
is "$(requests "$h" /status/500)" 4 "scan --force tries it anyway"
"$REPWATCH" scan --force >/dev/null 2>&1
la=$(sqlite3 "$DB" "SELECT last_attempt FROM sources WHERE name = 'Down'")
is "$(col Down 7):$(col Down 8)" "5:$(iso $((la + 14400 - 1440)))" "after 5 failures: capped at backoff_max (4 h, not 8 h)"

# ---- Retry-After holds the host within the same scan
cat > "$CONF" <<CONF
[practitioner]
name = Jeanne Dupont
[fetch]
per_host = 1
[source busy first]
url = $b/429
allow_private = yes
[source busy feed]
url = $b/ok.rss
allow_private = yes
CONF
"$REPWATCH" -v scan >"$T/out" 2>"$T/err"; rc=$?
is "$(requests "$b" /429):$(requests "$b" /ok.rss)" "1:0" "after the 429, the same scan asks that host nothing more"
contains "$(cat "$T/err")" "source 'busy feed' postponed until " "the other source of that host is postponed"
contains "$(cat "$T/err")" "'$b/ok.rss': not requested: the site answered HTTP 429 and asked for no request before" "and says why"
is "$(col 'busy feed' 3):$(col 'busy feed' 7)" "postponed:0" "sources: postponed, and not counted as a failure"
is "$rc" 0 "a first 429 is below the threshold: exit 0"
sqlite3 "$DB" "UPDATE hosts SET not_before = 1"
"$REPWATCH" scan >/dev/null 2>&1
is "$(requests "$b" /429)" 2 "once the hold has passed the host is asked again"
is "$(col 'busy first' 7)" 2 "(and a second 429 counts as a second failure)"
done_testing
