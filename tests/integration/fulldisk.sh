#!/bin/sh
# SPDX-License-Identifier: MIT
# A full disk: the database on a small tmpfs (as root; skipped otherwise, or
# where mounting is not permitted).  Completely full: the scan fails at once
# with a message naming the database and the cause, and `list` still reads.
# Nearly full: the small sources are stored, the big one fails and is named,
# nothing stored before is lost.  Space freed: the next scan completes.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root to mount a tmpfs"; exit 0; }
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 missing"; exit 0; }
mkdir -p "$T/disk" "$T/www"
if ! mount -t tmpfs -o size=3m,mode=0755 tmpfs "$T/disk" 2>"$T/mount.err"; then
	echo "1..0 # SKIP mount -t tmpfs is not permitted here: $(cat "$T/mount.err")"
	exit 0
fi
on_exit "umount '$T/disk'"
DB="$T/disk/repwatch.db"
rw() { "$REPWATCH" --db "$DB" "$@"; }

cp "$SRCDIR"/feeds/demo/round1/* "$T/www/"
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
cat > "$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
[store]
link_checks = 0
[fetch]
; every failure is reported and retried at once here
report_after = 1
backoff_base = 0
[source Avis patients]
url = $base/avis-patients.atom
allow_private = yes
[source Lyon Santé]
url = $base/lyon-sante.rss
allow_private = yes
[source Forum santé]
url = $base/forum-sante.rdf
allow_private = yes
[source Gros forum]
url = $base/gros-forum.rss
allow_private = yes
CONF
# a big source for later: 400 posts naming the practitioner (fictional)
/usr/bin/python3 - "$T/big.rss" <<'PY'
import sys
posts = "".join(
    "<item><title>Sujet %d : le Dr Jeanne Dupont</title><link>https://forum.example/t/%d</link>"
    "<guid>t%d</guid><description>Message %d sur le Dr Jeanne Dupont, dermatologue à Lyon. %s</description></item>"
    % (i, i, i, i, "Rendez-vous, attente, accueil, conseils, traitement. " * 20) for i in range(400))
open(sys.argv[1], "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Gros forum</title>%s</channel></rss>' % posts)
PY

rw scan 2>"$T/err"; rc=$?
is "$rc" 1 "first scan (the big source is not there yet)"
# (read through repwatch: the sqlite3 shell would delete the -shm file that
# readers need when the disk is full)
rows() {
	rw export | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] == "mention":
        print("%d|%d|%s" % (m["id"], m["version"], m["versions"][-1]["fingerprint"]))'
}
before=$(rows)
is "$(printf '%s\n' "$before" | grep -c .)" 5 "five mentions stored"

# completely full
dd if=/dev/zero of="$T/disk/filler" bs=64k 2>/dev/null
dd if=/dev/zero of="$T/disk/filler2" bs=1k 2>/dev/null
is "$(df -k --output=avail "$T/disk" | tail -1 | tr -d ' ')" 0 "the disk is full"
cp "$SRCDIR"/feeds/demo/round2/* "$T/www/"
cp "$T/big.rss" "$T/www/gros-forum.rss"
touch "$T/www"/*
rw scan 2>"$T/err"; rc=$?
is "$rc" 3 "scan on a full disk: exit 3"
contains "$(cat "$T/err")" "database '$DB'" "the message names the database"
contains "$(cat "$T/err")" "the disk holding it is full: free some space" "and the cause"
out=$(rw list --format=tsv 2>"$T/err"); rc=$?
is "$rc" 0 "list still reads on a full disk"
is "$(printf '%s\n' "$out" | grep -c .)" 5 "everything stored before"
rw db check >/dev/null 2>&1; is "$?" 0 "db check: ok"

# nearly full: room for the small changes, not for the big source
rm "$T/disk/filler" "$T/disk/filler2"
avail=$(df -k --output=avail "$T/disk" | tail -1 | tr -d ' ')
dd if=/dev/zero of="$T/disk/filler" bs=1k count=$((avail - 160)) 2>/dev/null
rw scan 2>"$T/err"; rc=$?
is "$rc" 3 "scan on a nearly full disk: exit 3"
contains "$(cat "$T/err")" "source 'Gros forum' " "the source that did not fit is named"
contains "$(cat "$T/err")" "'$base/gros-forum.rss': not stored: database '$DB'" "with its address and the database's path"
contains "$(cat "$T/err")" "the disk holding it is full" "with the cause"
lacks "$(cat "$T/err")" "source 'Avis patients' failed" "the small sources were stored"
is "$(rw list --changed --format=tsv | cut -f13)" "Attente interminable" "the edited review's new version is stored"
is "$(rw list --format=tsv | awk -F'\t' '$11 == "Gros forum"' | grep -c .)" 0 "nothing half-stored of the big source"

# space freed: the next scan completes
rm "$T/disk/filler"
rw scan 2>"$T/err"; rc=$?
is "$rc" 0 "after space is freed the next scan completes"
is "$(cat "$T/err")" "" "nothing on stderr"
is "$(rw list --format=tsv | awk -F'\t' '$11 == "Gros forum"' | grep -c .)" 400 "the big source is stored"
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok" "database integrity"
after=$(rows)
missing=$(printf '%s\n' "$before" | while IFS='|' read -r id version hash; do
	printf '%s\n' "$after" | awk -F'|' -v id="$id" -v v="$version" '$1 == id && $2 >= v {f = 1} END {exit !f}' || echo "$id"
done)
is "$missing" "" "every mention stored before the disk filled is still there"
done_testing
