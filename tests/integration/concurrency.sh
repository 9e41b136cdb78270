#!/bin/sh
# SPDX-License-Identifier: MIT
# One scan at a time, readers any time: while a scan is slowed down by a
# source that sends one byte a second (the hostile server's /trickle), a
# second scan waits its bounded time and exits 4 with a clear message, a
# third one that may wait long enough runs after it, and `repwatch list`
# reads at once - also while another process holds a write transaction.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 missing"; exit 0; }
command -v flock >/dev/null || { echo "1..0 # SKIP flock (util-linux) missing"; exit 0; }
mkdir -p "$T/www"
cp "$SRCDIR"/feeds/demo/round1/* "$T/www/"
start_nginx "$T/www"
start_hostile
base="http://127.0.0.1:$HTTP_PORT"
cat > "$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
[fetch]
timeout = 8
report_after = 1
backoff_base = 0
low_speed_time = 8
[source Avis patients]
url = $base/avis-patients.atom
allow_private = yes
[source Lyon Santé]
url = $base/lyon-sante.rss
allow_private = yes
[source Slow]
url = http://127.0.0.1:$HOSTILE_PORT/trickle
allow_private = yes
CONF
sed '/^\[source Slow\]/,$d' "$CONF" > "$T/fast.conf"

"$REPWATCH" scan >"$T/out1" 2>"$T/err1" &
scan1=$!
on_exit "kill $scan1"
# wait until it holds the scan lock (the file and its folder appear first)
i=0
while { [ ! -e "$DB.lock" ] || flock -n "$DB.lock" true 2>/dev/null; } && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
flock -n "$DB.lock" true 2>/dev/null; ok $((! $?)) "the first scan holds the lock"
sleep 1   # the fast sources are stored by now; /trickle is still dripping

start=$(date +%s)
"$REPWATCH" scan --wait 2 >"$T/out2" 2>"$T/err2"; rc=$?
elapsed=$(( $(date +%s) - start ))
is "$rc" 4 "a second scan exits 4"
contains "$(cat "$T/err2")" "another scan is running (it holds '$DB.lock'); waited 2 s, giving up" "and says why"
ok $([ "$elapsed" -ge 2 ] && [ "$elapsed" -le 5 ] && echo 0 || echo 1) "after waiting its bounded time (${elapsed}s)"
kill -0 $scan1 2>/dev/null; ok $? "the first scan is still running"

out=$("$REPWATCH" list --format=tsv 2>"$T/err3"); rc=$?
is "$rc" 0 "list during the scan: exit 0"
is "$(printf '%s\n' "$out" | grep -c .)" 4 "and it sees what the scan already stored"
flock -n "$DB.lock" true 2>/dev/null; ok $((! $?)) "without waiting for the scan (it still holds the lock)"

# a reader while another process holds a write transaction open
(printf "BEGIN IMMEDIATE;\nUPDATE mentions SET title = 'PAS ENCORE VALIDÉ';\n"; sleep 4; printf 'ROLLBACK;\n') | sqlite3 "$DB" &
writer=$!
on_exit "kill $writer"
sleep 0.5
out=$("$REPWATCH" list --format=tsv 2>"$T/err4"); rc=$?
is "$rc" 0 "list while a write transaction is open: exit 0"
lacks "$out" "PAS ENCORE VALIDÉ" "it reads the last committed state"
is "$(printf '%s\n' "$out" | grep -c .)" 4 "all of it"
wait $writer

# a scan allowed to wait long enough runs once the first is done.  Which
# came first is read from the scans table, not from `kill -0`: the first
# process may still be exiting (a sanitizer's leak check) after it let go
# of the lock, and a zombie answers `kill -0` too.
flock -n "$DB.lock" true 2>/dev/null; ok $((! $?)) "the first scan still holds the lock when the third starts"
"$REPWATCH" -c "$T/fast.conf" scan --wait 30 >"$T/out5" 2>"$T/err5"; rc=$?
is "$rc" 0 "a scan that may wait 30 s runs after the first"
wait $scan1; rc1=$?
is "$(sqlite3 "$DB" 'SELECT count(*) FROM scans')" 2 "two scans ran (the one that gave up left no row)"
is "$(sqlite3 "$DB" 'SELECT (SELECT finished FROM scans ORDER BY id DESC LIMIT 1) >= (SELECT finished FROM scans ORDER BY id LIMIT 1)')" 1 \
	"the third finished after the first"
is "$rc1" 1 "the first scan: exit 1, the slow source failed"
contains "$(cat "$T/err1")" "source 'Slow' failed" "naming it"
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok" "database integrity"
done_testing
