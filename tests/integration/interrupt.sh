#!/bin/sh
# SPDX-License-Identifier: MIT
# SIGTERM and SIGINT during a scan: the slow transfers stop at once, what
# completed (the fast sources) is stored, the exit code is 130 and the
# message says so.  Fast sources come from nginx, slow ones from the hostile
# server (no answer; a byte per second), with limits far longer than the test.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/www"
cp "$SRCDIR"/feeds/demo/round1/* "$T/www/"
start_nginx "$T/www"
n="http://127.0.0.1:$HTTP_PORT"
start_hostile; h="http://127.0.0.1:$HOSTILE_PORT"

{
	printf '[practitioner]\nname = Jeanne Dupont\n[fetch]\ntimeout = 120\nlow_speed_time = 120\n'
	demo_sources "$n"
	printf '[source silent]\nurl = %s/silent\nallow_private = yes\n[source trickle]\nurl = %s/trickle\nallow_private = yes\n' "$h" "$h"
} > "$CONF"

stored() {
	[ -s "$DB" ] || { echo 0; return; }
	sqlite3 "$DB" "SELECT count(*) FROM sources WHERE last_success > 0" 2>/dev/null || echo 0
}

interrupt() {   # interrupt SIGNAL
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$REPWATCH" scan >"$T/out" 2>"$T/err" &
	pid=$!
	on_exit "kill $pid 2>/dev/null"
	i=0
	while [ "$(stored)" -lt 3 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	is "$(stored)" 3 "$1: the fast sources are stored while the slow ones still run"
	ok $(kill -0 $pid 2>/dev/null && echo 0 || echo 1) "$1: the scan is still running (the slow sources keep it busy)"
	kill "-$1" $pid
	sent=$(date +%s)
	# the slow transfers would run for 120 s; allow 15 s to stop
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 $pid 2>/dev/null; then
		ok 1 "$1: the scan stopped (still running after 15 s; killing it)"
		kill -KILL $pid
	else
		ok 0 "$1: the scan stopped within $(( $(date +%s) - sent )) s, not at its 120 s limit"
	fi
	wait $pid; rc=$?
	is "$rc" 130 "$1: exit code 130 (interrupted)"
	is "$(cat "$T/err")" "repwatch: scan interrupted by a signal; transfers stopped, 3 of 5 sources were read and stored" \
		"$1: the message says the scan was interrupted and what was kept"
	is "$("$REPWATCH" list --format=tsv | cut -f11,13 | sort)" "$want" \
		"$1: the fast sources' mentions are stored, as an uninterrupted scan of them stores them"
	is "$(sqlite3 "$DB" "SELECT name, last_attempt, failures FROM sources WHERE last_success = 0 ORDER BY name" | tr '\n' '|')" \
		"silent|0|0|trickle|0|0|" "$1: the abandoned sources are neither stored nor counted as failed"
	is "$(sqlite3 "$DB" "SELECT finished IS NOT NULL FROM scans")" 1 "$1: the scan's end is recorded"
}

# what the fast sources give when nothing interrupts (another database)
sed '/^\[source silent\]/,$d' "$CONF" > "$T/fast.conf"
"$REPWATCH" -c "$T/fast.conf" --db "$T/ref.db" scan >/dev/null 2>&1
want=$("$REPWATCH" --db "$T/ref.db" list --format=tsv | cut -f11,13 | sort)
is "$(printf '%s\n' "$want" | cut -f1 | sort -u | tr '\n' '|')" "Avis patients|Forum santé|Lyon Santé|" \
	"reference: each fast source has mentions"

interrupt TERM
interrupt INT

# nothing was left locked: the next scan runs (without the slow sources)
"$REPWATCH" -c "$T/fast.conf" scan >/dev/null 2>"$T/err"; rc=$?
is "$rc" 0 "a scan after the interruption runs normally"
done_testing
