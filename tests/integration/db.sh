#!/bin/sh
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
