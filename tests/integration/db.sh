#!/bin/sh
# SPDX-License-Identifier: MIT
# repwatch db check|backup|vacuum|salvage, a database from a newer repwatch,
# and a damaged database file: detected, named, never written to, and the
# message says what to do - which is then done, and works.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 missing"; exit 0; }
command -v sha256sum >/dev/null || { echo "1..0 # SKIP sha256sum missing"; exit 0; }
mkdir -p "$T/www"
cp "$SRCDIR"/feeds/demo/round1/* "$T/www/"
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
cat > "$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
[source Avis patients]
url = $base/avis-patients.atom
allow_private = yes
category = review
[source Lyon Santé]
url = $base/lyon-sante.rss
allow_private = yes
[source Forum santé]
url = $base/forum-sante.rdf
allow_private = yes
CONF
"$REPWATCH" scan; is "$?" 0 "a scan fills the database"
mentions=$(sqlite3 "$DB" 'SELECT count(*) FROM mentions')

out=$("$REPWATCH" db check); rc=$?
is "$rc" 0 "db check: exit 0"
contains "$out" "integrity:  ok" "integrity ok"
contains "$out" "schema:     version $(sqlite3 "$DB" 'PRAGMA user_version')" "schema version reported"
contains "$out" "holds:      $mentions mentions" "what it holds"
"$REPWATCH" db --help | grep -q "usage: repwatch db check"; ok $? "db --help"
"$REPWATCH" db frobnicate 2>/dev/null; is "$?" 2 "unknown db subcommand exits 2"

# backup while another process holds a write transaction open
(printf 'BEGIN IMMEDIATE;\nINSERT INTO scans(started) VALUES (1);\n'; sleep 3; printf 'COMMIT;\n') | sqlite3 "$DB" &
writer=$!
on_exit "kill $writer"
sleep 0.5
scans_before=$(sqlite3 "$DB" 'SELECT count(*) FROM scans')
"$REPWATCH" db backup "$T/backup.db" 2>"$T/err"; rc=$?
is "$rc" 0 "db backup while another process writes"
contains "$(cat "$T/err")" "backup written to '$T/backup.db'" "says where"
is "$(sqlite3 "$T/backup.db" 'SELECT count(*) FROM mentions')" "$mentions" "the backup holds every mention"
is "$(sqlite3 "$T/backup.db" 'SELECT count(*) FROM scans')" "$scans_before" "as committed: not the other process's open transaction"
is "$(sqlite3 "$T/backup.db" 'PRAGMA integrity_check')" "ok" "the backup checks out"
is "$(sqlite3 "$T/backup.db" 'PRAGMA journal_mode')" "delete" "one file"
ls "$T"/backup.db.partial* >/dev/null 2>&1; ok $((! $?)) "no partial file left behind"
wait $writer
"$REPWATCH" db backup "$T/backup.db" 2>"$T/err"; is "$?" 2 "never over an existing file"
contains "$(cat "$T/err")" "already exists" "and says so"
"$REPWATCH" db vacuum 2>"$T/err"; is "$?" 0 "db vacuum"
contains "$(cat "$T/err")" "before," "reports the size before and after"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM mentions')" "$mentions" "vacuum lost nothing"

# a database from a newer repwatch
cp "$T/backup.db" "$T/newer.db"
sqlite3 "$T/newer.db" 'PRAGMA user_version = 99'
"$REPWATCH" --db "$T/newer.db" list 2>"$T/err"; is "$?" 3 "a newer database is refused (exit 3)"
contains "$(cat "$T/err")" "'$T/newer.db' was written by a newer repwatch (schema 99" "and the message says so"
contains "$("$REPWATCH" --db "$T/newer.db" db check 2>&1)" "written by a newer repwatch" "db check says so too"

# a damaged file: the b-tree page of the mentions table overwritten
cp "$T/backup.db" "$T/damaged.db"
root=$(sqlite3 "$T/damaged.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'mentions'")
psize=$(sqlite3 "$T/damaged.db" 'PRAGMA page_size')
printf '\356\356\356\356\356\356\356\356\356\356\356\356\356\356\356\356' |
	dd of="$T/damaged.db" bs=1 seek=$(( (root - 1) * psize )) conv=notrunc 2>/dev/null
sum=$(sha256sum < "$T/damaged.db")
out=$("$REPWATCH" --db "$T/damaged.db" db check 2>"$T/err"); rc=$?
is "$rc" 3 "db check on a damaged file: exit 3"
contains "$out" "integrity:  DAMAGED" "reports the damage"
err=$(cat "$T/err")
contains "$err" "database '$T/damaged.db' is damaged" "names the file"
contains "$err" "cp BACKUP '$T/damaged.db'" "says how to put back a backup"
contains "$err" "repwatch db salvage '$T/damaged.db.salvaged'" "or how to salvage it"
is "$(sha256sum < "$T/damaged.db")" "$sum" "the check did not change the file"
printf '[practitioner]\nname = Dr Jeanne Dupont\n[source Avis patients]\nurl = %s/avis-patients.atom\nallow_private = yes\n' "$base" > "$T/damaged.conf"
"$REPWATCH" -c "$T/damaged.conf" --db "$T/damaged.db" scan 2>"$T/err"; rc=$?
is "$rc" 3 "scan on a damaged file: exit 3"
contains "$(cat "$T/err")" "database '$T/damaged.db' is damaged" "names it"
contains "$(cat "$T/err")" "nothing was written to it" "says nothing was written"
contains "$(cat "$T/err")" "repwatch db check" "says what to do next"
is "$(sha256sum < "$T/damaged.db")" "$sum" "the scan did not write to it"
"$REPWATCH" --db "$T/damaged.db" list >/dev/null 2>&1; is "$?" 3 "list on it: exit 3"
is "$(sha256sum < "$T/damaged.db")" "$sum" "still unchanged"

# doing what the message says
out=$("$REPWATCH" --db "$T/damaged.db" db salvage "$T/damaged.db.salvaged" 2>"$T/err"); rc=$?
is "$rc" 0 "db salvage"
contains "$out" "(damaged: rows on damaged pages are lost)" "says which table was damaged"
is "$(printf '%s\n' "$out" | awk '$1 == "versions" {print $2}')" "$(sqlite3 "$T/backup.db" 'SELECT count(*) FROM versions')" \
	"every version's text was saved"
"$REPWATCH" --db "$T/damaged.db.salvaged" db check >/dev/null; is "$?" 0 "the salvaged database checks out"
is "$(sha256sum < "$T/damaged.db")" "$sum" "salvage only read the damaged file"
cp "$T/backup.db" "$T/restored.db"
"$REPWATCH" -c "$T/damaged.conf" --db "$T/restored.db" scan; is "$?" 0 "a restored backup scans again"

# ---- salvage of a truncated and of a byte-flipped database: every row
# that can be read (counted independently, one rowid at a time) is copied
mkdir -p "$T/big"
/usr/bin/python3 - "$T/big" <<'PY'
import sys
for f in range(2):
    with open("%s/f%d.rss" % (sys.argv[1], f), "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Avis %d</title>\n' % f)
        for i in range(1000):
            out.write('<item><title>Avis %d-%d sur Dr Jeanne Dupont</title><link>https://avis.example.org/%d/%d</link>'
                      '<guid>g-%d-%d</guid><description>Le Dr Jeanne Dupont, dermatologue, patiente %d : '
                      'consultation %d, très bien reçue.</description></item>\n' % (f, i, f, i, f, i, i, i))
        out.write('</channel></rss>\n')
PY
printf '[practitioner]\nname = Dr Jeanne Dupont\n[source a]\nurl = file://%s/big/f0.rss\n[source b]\nurl = file://%s/big/f1.rss\n' "$T" "$T" > "$T/big.conf"
"$REPWATCH" -c "$T/big.conf" --db "$T/big.db" scan >/dev/null 2>&1
"$REPWATCH" --db "$T/big.db" db backup "$T/whole.db" >/dev/null 2>&1
total=$(sqlite3 "$T/whole.db" "SELECT count(*) FROM mentions")
ok $([ "$total" -ge 1800 ] && echo 0 || echo 1) "a database of $total mentions to damage"
readable() {   # readable DB TABLE: rows that a lookup by rowid can read
	/usr/bin/python3 - "$1" "$2" "$(sqlite3 "$T/whole.db" "SELECT max(rowid) FROM $2")" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
db.execute("PRAGMA writable_schema = ON")   # a file cut short: its pages that remain
n = 0
for rowid in range(1, int(sys.argv[3] or 0) + 1):
    try:
        if db.execute("SELECT * FROM %s WHERE rowid = ?" % sys.argv[2], (rowid,)).fetchone():
            n += 1
    except sqlite3.DatabaseError:
        pass
print(n)
PY
}
salvage_counts() {   # salvage_counts NAME: salvage $T/NAME.db, compare with what was readable
	rm -f "$T/$1.salvaged"
	out=$("$REPWATCH" --db "$T/$1.db" db salvage "$T/$1.salvaged" 2>"$T/err"); rc=$?
	for table in mentions versions sightings; do
		r=$(readable "$T/$1.db" $table)
		got=$(printf '%s\n' "$out" | awk -v t=$table '$1 == t {print $2}')
		ok $([ "${got:-0}" -ge "$r" ] && echo 0 || echo 1) "$1: $table: ${got:-0} rows salvaged, $r readable one by one (of $(sqlite3 "$T/whole.db" "SELECT count(*) FROM $table"))"
	done
	copied=$(printf '%s\n' "$out" | awk '$4 == "copied" {c += $2; r += $6} END {print c == r}')
	if [ "$copied" = 1 ]; then
		is "$rc" 0 "$1: everything read was written: exit 0"
	else
		is "$rc" 3 "$1: less written than read: not called a success"
	fi
}
cp "$T/whole.db" "$T/truncated.db"
truncate -s $(( $(stat -c %s "$T/whole.db") * 6 / 10 )) "$T/truncated.db"
salvage_counts truncated
ok $([ "$(printf '%s\n' "$out" | awk '$1 == "mentions" {print $2}')" -gt 0 ] && echo 0 || echo 1) \
	"truncated: mentions still readable were recovered (was: 0 rows and exit 0)"
cp "$T/whole.db" "$T/flipped.db"
/usr/bin/python3 - "$T/flipped.db" <<'PY'
import random, sys
random.seed(17)
with open(sys.argv[1], "r+b") as f:
    size = f.seek(0, 2)
    for _ in range(40):
        pos = random.randrange(4096, size)
        f.seek(pos)
        b = f.read(1)
        f.seek(pos)
        f.write(bytes([b[0] ^ 0xFF]))
PY
salvage_counts flipped

# ---- db check on a read-only mount: not "damaged"
mkdir -p "$T/ro"
"$REPWATCH" --db "$T/ro/ro.db" db vacuum >/dev/null 2>&1   # makes it (list would refuse a missing --db)
rm -f "$T/ro/ro.db-wal" "$T/ro/ro.db-shm"
if unshare -m sh -c "mount --bind '$T/ro' '$T/ro' && mount -o remount,bind,ro '$T/ro'" 2>/dev/null; then
	out=$(unshare -m sh -c "mount --bind '$T/ro' '$T/ro' && mount -o remount,bind,ro '$T/ro' &&
		'$REPWATCH' --db '$T/ro/ro.db' db check" 2>"$T/err"); rc=$?
	is "$rc" 0 "db check on a read-only mount: exit 0: $(cat "$T/err")"
	contains "$out" "read-only place" "says the place is read-only"
	lacks "$out" "DAMAGED" "and does not call the database damaged"
else
	skip "db check on a read-only mount" "no mount namespace here (unshare -m)"
fi

# a file that is not a database at all
printf 'Liste de courses: pain, lait, beurre. Ceci n est pas une base de donnees SQLite.\n' > "$T/notadb.db"
sum=$(sha256sum < "$T/notadb.db")
"$REPWATCH" --db "$T/notadb.db" list 2>"$T/err"; is "$?" 3 "not a database: exit 3"
contains "$(cat "$T/err")" "database '$T/notadb.db'" "named"
contains "$(cat "$T/err")" "not a database" "and why"
"$REPWATCH" --db "$T/notadb.db" db check >/dev/null 2>&1; is "$?" 3 "db check: exit 3"
is "$(sha256sum < "$T/notadb.db")" "$sum" "the file is untouched"
"$REPWATCH" --db "$T/nothing-here.db" db check 2>"$T/err"; is "$?" 3 "db check of a missing file: exit 3"
contains "$(cat "$T/err")" "'repwatch scan' creates it" "and says what creates it"
done_testing
