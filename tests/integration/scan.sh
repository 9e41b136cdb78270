#!/bin/sh
# SPDX-License-Identifier: MIT
# The walking skeleton end to end: repwatch scan against a real nginx on
# 127.0.0.1 serving the demo feeds; first scan, a scan after the sources
# change (new / changed / gone), an unchanged scan (all conditional), and
# broken sources named while the others are stored.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/www"
cp "$SRCDIR"/feeds/demo/round1/* "$T/www/"
printf '<!DOCTYPE html><html><body><h1>Access denied</h1></body></html>\n' > "$T/www/blocked.rss"
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"

cat > "$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
specialty = dermatology
city = Lyon

[fetch]
# name every failing source at once (the threshold has its own test: polite.sh)
report_after = 1

[source Lyon Santé]
url = $base/lyon-sante.rss
allow_private = yes
category = news

[source Avis patients]
url = $base/avis-patients.atom
allow_private = yes
category = review

[source Forum santé]
url = $base/forum-sante.rdf
allow_private = yes
category = social

[source Moved away]
url = $base/missing.rss
allow_private = yes

[source Blocked]
url = $base/blocked.rss
allow_private = yes
CONF

out=$("$REPWATCH" scan 2>"$T/err"); rc=$?
err=$(cat "$T/err")
is "$rc" 1 "first scan: exit 1 because two sources failed"
is "$out" "" "quiet on stdout when not on a terminal"
contains "$err" "source 'Moved away' failed: '$base/missing.rss': HTTP 404" "the 404 source is named with its URL and status"
contains "$err" "source 'Blocked' failed: cannot read '$base/blocked.rss': the server sent an HTML page, not a feed" "the HTML-instead-of-feed source is named"
is "$(printf '%s\n' "$err" | grep -c .)" 2 "exactly one line per failed source"

tsv=$("$REPWATCH" list --format=tsv)
is "$(printf '%s\n' "$tsv" | grep -c .)" 5 "five mentions stored"
titles=$(printf '%s\n' "$tsv" | cut -f13 | sort)
expected=$(printf '%s\n' "Attente interminable" "Consultation rapide" "Le Dr Jeanne Dupont rejoint la clinique du Parc" \
	"Quelqu'un connaît le Docteur Dupont à Lyon ?" "Très bonne dermatologue" | sort)
is "$titles" "$expected" "the expected mentions, and no decoy (Dupontel, Dupond, Dr Martin)"
is "$(printf '%s\n' "$tsv" | cut -f2 | sort -u)" "new" "all of them new"
is "$(printf '%s\n' "$tsv" | awk -F'\t' '$13 == "Attente interminable" {print $4, $5 "/" $6}')" "review 2/5" "review with its rating"
is "$(printf '%s\n' "$tsv" | awk -F'\t' '$13 ~ /clinique/ {print $4, $12}')" \
	"news https://lyon-sante.example/2026/10/dupont-clinique-du-parc?utm_source=rss" "news item with its link"
is "$(printf '%s\n' "$tsv" | awk -F'\t' '$13 ~ /Docteur Dupont/ {print $4}')" "social" "forum thread is social"
is "$(printf '%s\n' "$tsv" | awk -F'\t' '$13 == "Consultation rapide" {print $5 "/" $6}')" "4/5" "stars read as a rating"

json=$("$REPWATCH" list --format=json)
is "$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), sorted(set(m["practitioner"] for m in d)))')" \
	"5 ['default']" "JSON listing parses and agrees"

# a month later: one new news item, one review edited, one deleted, one new
sleep 1
cp "$SRCDIR"/feeds/demo/round2/lyon-sante.rss "$SRCDIR"/feeds/demo/round2/avis-patients.atom "$T/www/"
touch "$T/www/lyon-sante.rss" "$T/www/avis-patients.atom"
rm "$T/www/blocked.rss"
: > "$T/nginx/access.log"
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 1 "second scan: exit 1 (two sources still fail)"
contains "$out" "5 sources: 2 read, 1 unchanged, 2 failed; 2 new, 1 changed, 1 gone" "summary counts"
contains "$out" "Coups de soleil d'automne : les conseils de Jeanne Dupont" "new news item reported"
contains "$out" "Excellente prise en charge" "new review reported"
contains "$out" "Attente interminable" "edited review reported"
contains "$out" "Consultation rapide" "deleted review reported"
grep -q 'If-None-Match\|304' "$T/nginx/access.log" 2>/dev/null
is "$(grep -c '"GET /forum-sante.rdf HTTP/[0-9.]*" 304' "$T/nginx/access.log")" 1 "unchanged source answered 304 to a conditional GET"

is "$("$REPWATCH" list --gone --format=tsv | cut -f13)" "Consultation rapide" "list --gone: the deleted review"
is "$("$REPWATCH" list --changed --format=tsv | awk -F'\t' '{print $13, $5 "/" $6}')" "Attente interminable 3/5" "list --changed: the edited review with its new rating"
is "$("$REPWATCH" list --new --since 1d --format=tsv | cut -f13 | sort | tr '\n' '|')" \
	"Coups de soleil d'automne : les conseils de Jeanne Dupont|Excellente prise en charge|Le Dr Jeanne Dupont rejoint la clinique du Parc|Quelqu'un connaît le Docteur Dupont à Lyon ?|Très bonne dermatologue|" \
	"list --new"
is "$("$REPWATCH" list --format=tsv | awk -F'\t' '$13 ~ /clinique/ {print $3}')" "active" "an item that scrolled out of the feed is not gone"
is "$(sqlite3 "$DB" "SELECT count(*) FROM versions v JOIN mentions m ON m.id = v.mention_id WHERE m.title = 'Attente interminable'")" 2 "both versions of the edited review kept"

# nothing changed: every good source answers 304, nothing is parsed
: > "$T/nginx/access.log"
cat > "$CONF.new" <<CONF
[practitioner]
name = Jeanne Dupont
[source Lyon Santé]
url = $base/lyon-sante.rss
allow_private = yes
[source Avis patients]
url = $base/avis-patients.atom
allow_private = yes
[source Forum santé]
url = $base/forum-sante.rdf
allow_private = yes
CONF
mv "$CONF.new" "$CONF"
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 0 "third scan: exit 0 when every source is fine"
contains "$out" "3 sources: 0 read, 3 unchanged, 0 failed; 0 new, 0 changed, 0 gone" "nothing new"
is "$(grep -c '" 304 ' "$T/nginx/access.log")" 3 "three conditional GETs answered 304"
is "$(cat "$T/err")" "" "nothing on stderr"

# the store survived everything
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok" "database integrity"
is "$(sqlite3 "$DB" 'PRAGMA journal_mode')" "wal" "WAL mode"
is "$(sqlite3 "$DB" 'PRAGMA user_version')" "$(sed -n 's/^#define RW_STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$SRCDIR/src/core/store.h")" \
	"schema version recorded"
done_testing
