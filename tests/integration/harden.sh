#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 17, the hardening items seen from the command line: long config
# lines, OPML import (linear in the outlines; file:// only when asked),
# file modes of what repwatch creates, secrets in the SMTP address, db
# backup/salvage --help, a signal while a body is read.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/www"
cp "$SRCDIR"/feeds/demo/round1/* "$T/www/"
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"

# ---- config lines of any length up to 8 KiB; past it, an error at its line
long=$(head -c 3000 /dev/zero | tr '\0' 'a')
{
	printf '[practitioner]\nname = Jeanne Dupont\n'
	printf '[source long]\nurl = %s/lyon-sante.rss?pad=%s\nallow_private = yes\ncategory = news\n' "$base" "$long"
} > "$CONF"
out=$("$REPWATCH" sources 2>&1); rc=$?
is "$rc" 0 "a 3 KB url line is read: $(printf '%s' "$out" | head -c 200)"
"$REPWATCH" sources export > "$T/long.opml" 2>/dev/null
contains "$(cat "$T/long.opml")" "pad=$long\"" "the whole url was read, not cut at 198 bytes"
"$REPWATCH" scan >/dev/null 2>"$T/err"; rc=$?
is "$rc" 0 "and scanned: $(head -c 300 "$T/err")"
huge=$(head -c 9000 /dev/zero | tr '\0' 'b')
printf '[practitioner]\nname = Jeanne Dupont\n\n[source huge]\nurl = %s/x?%s\n' "$base" "$huge" > "$T/huge.conf"
"$REPWATCH" -c "$T/huge.conf" sources export >/dev/null 2>"$T/err"; rc=$?
is "$rc" 2 "a 9 KB line: refused (exit 2)"
contains "$(cat "$T/err")" "huge.conf:5: line longer than 8192 bytes" "at its own line, saying the limit"

# ---- OPML import: 10,000 outlines (the cap), 9,999 of one title, in linear time
/usr/bin/python3 - "$T/many.opml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?>\n<opml version="2.0"><body>\n')
    for i in range(9999):
        f.write('<outline type="rss" text="Le même flux" xmlUrl="https://feeds.example.org/%d.rss"/>\n' % i)
    f.write('<outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>\n')
    f.write('</body></opml>\n')
PY
printf '[practitioner]\nname = Jeanne Dupont\n' > "$T/import.conf"
start=$(date +%s)
"$REPWATCH" -c "$T/import.conf" sources import "$T/many.opml" >"$T/out" 2>"$T/err"; rc=$?
elapsed=$(( $(date +%s) - start ))
is "$rc" 0 "9,999 same-title outlines imported: $(head -c 300 "$T/err")"
ok $([ "$elapsed" -le 20 ] && echo 0 || echo 1) "in linear time (${elapsed} s; it took about 10 minutes)"
is "$(grep -c '^\[source ' "$T/import.conf")" 9999 "9,999 sources, each once"
is "$(grep '^\[source ' "$T/import.conf" | sort | uniq -d | wc -l)" 0 "with 9,999 different names"
contains "$(cat "$T/import.conf")" "[source Le même flux-9999]" "numbered from the title"
lacks "$(cat "$T/import.conf")" "file:///etc/passwd" "the file:// outline was not imported"
contains "$(cat "$T/err")" "1 file:// addresses skipped" "and the import says why"
printf '[practitioner]\nname = Jeanne Dupont\n' > "$T/import2.conf"
"$REPWATCH" -c "$T/import2.conf" sources import --allow-file "$T/many.opml" >/dev/null 2>&1
contains "$(cat "$T/import2.conf")" "url = file:///etc/passwd" "--allow-file imports it"

# ---- every file repwatch creates is 0600, every folder 0700, whatever exists around it
mode() { stat -c %a "$1"; }
mkdir -p "$T/open"; chmod 755 "$T/open"
printf '[practitioner]\nname = Jeanne Dupont\n' > "$T/m.conf"
demo_sources "$base" >> "$T/m.conf"
"$REPWATCH" -c "$T/m.conf" --db "$T/open/m.db" scan >/dev/null 2>&1
is "$(mode "$T/open/m.db")" 600 "the database in an existing 0755 folder (--db): 0600"
is "$(mode "$T/open/m.db-wal")" 600 "its -wal: 0600"
"$REPWATCH" -c "$T/m.conf" --db "$T/open/m.db" db backup "$T/open/backup.db" >/dev/null 2>&1
is "$(mode "$T/open/backup.db")" 600 "a backup: 0600"
"$REPWATCH" -c "$T/m.conf" --db "$T/open/m.db" db salvage "$T/open/salvaged.db" >/dev/null 2>&1
is "$(mode "$T/open/salvaged.db")" 600 "salvage output: 0600"
(umask 022; "$REPWATCH" -c "$T/m.conf" --db "$T/open/m.db" export --out "$T/open/export.jsonl" >/dev/null 2>&1)
is "$(mode "$T/open/export.jsonl")" 600 "an export, under umask 022: 0600"
id=$("$REPWATCH" -c "$T/m.conf" --db "$T/open/m.db" list --format=tsv | head -n 1 | cut -f1)
"$REPWATCH" -c "$T/m.conf" --db "$T/open/m.db" evidence "$id" --out "$T/open/ev" >/dev/null 2>&1
if [ -d "$T/open/ev" ]; then
	is "$(mode "$T/open/ev")" 700 "an evidence folder: 0700"
	is "$(find "$T/open/ev" -type f ! -perm 600 | wc -l)" 0 "its files: 0600"
else
	skip "evidence folder mode" "evidence export did not run here"
fi

# ---- a password in the SMTP address is refused and never printed
printf '[practitioner]\nname = Jeanne Dupont\n[digest]\nto = a@example.org\nserver = smtps://jeanne:s3cr3tpass@mail.example.org:465\n' > "$T/smtp.conf"
"$REPWATCH" -c "$T/smtp.conf" sources export >/dev/null 2>"$T/err"; rc=$?
is "$rc" 2 "a password in [digest] server: refused"
lacks "$(cat "$T/err")" "s3cr3tpass" "and never printed"
contains "$(cat "$T/err")" "password_file" "the message says where it goes"

# ---- a feed with 200,000 attributes on one element fails its source at
# once, with a named error; the other sources of the scan are read
/usr/bin/python3 -c '
import sys
sys.stdout.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item" +
                 "".join(" a%d=\"1\"" % i for i in range(200000)) +
                 "><title>Dr Jeanne Dupont</title></item></channel></rss>\n")' > "$T/attrs.rss"
printf '[practitioner]\nname = Jeanne Dupont\n[fetch]\nreport_after = 1\n[source attrs]\nurl = file://%s/attrs.rss\n' "$T" > "$T/attrs.conf"
demo_sources "$base" >> "$T/attrs.conf"
start=$(date +%s)
"$REPWATCH" -c "$T/attrs.conf" --db "$T/attrs.db" scan >/dev/null 2>"$T/err"; rc=$?
elapsed=$(( $(date +%s) - start ))
is "$rc" 1 "200,000 attributes: the scan ends, the source failed"
# the 5 s budget is CPU time; a loaded machine or a sanitizer build stretches the wall clock
limit=10
[ "${RW_SANITIZE:-none}" != none ] && limit=20
ok $([ "$elapsed" -le $limit ] && echo 0 || echo 1) "within the budget, not minutes (${elapsed} s; it took minutes)"
contains "$(cat "$T/err")" "too much work: too many attributes on one element" "with a named error"
is "$(sqlite3 "$T/attrs.db" "SELECT count(*) FROM sources WHERE last_success > 0")" 3 "the other sources were read"

# ---- a signal while a body is read (no transfer left): the scan stops
# within a second, exit 130, and the source is not counted as failed.  The
# page is read with a rule that looks through the whole page for each of
# its 2000 items: seconds of work, cut by the 5 s budget if no signal comes.
mkdir -p "$XDG_CONFIG_HOME/repwatch/templates"
cat > "$XDG_CONFIG_HOME/repwatch/templates/slow-page.ini" <<'EOF'
[template]
id = slow-page
name = Slow page (test)
kind = page
url = {url}
lang = fr
category = review
requires = url
default = no
verified = yes
description = A page whose rule reads the whole page for each item.
description_fr = Une page dont la règle relit toute la page pour chaque avis.

[extract]
items = //div[@class='avis']
text = count(//p[contains(., 'Dupont')])
EOF
/usr/bin/python3 -c '
import sys
sys.stdout.write("<html><head><title>Dr Jeanne Dupont</title></head><body>" +
                 "<div class=\"avis\">Dr Jeanne Dupont</div>" * 2000 +
                 "<p>Jeanne Dupont</p>" * 100000 + "</body></html>\n")' > "$T/slow.html"
printf '[practitioner]\nname = Jeanne Dupont\n[source slow]\nurl = file://%s/slow.html\ntemplate = slow-page\n' "$T" > "$T/slow.conf"
"$REPWATCH" -c "$T/slow.conf" --db "$T/slow.db" scan >/dev/null 2>"$T/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
sleep 2
if kill -0 $pid 2>/dev/null; then
	kill -INT $pid
	sent=$(date +%s%N)
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	took=$(( ($(date +%s%N) - sent) / 1000000 ))
	wait $pid; rc=$?
	is "$rc" 130 "SIGINT while a page is read: exit 130"
	# the check falls between two rule evaluations; a sanitizer build runs
	# several times slower
	limit=1000
	[ "${RW_SANITIZE:-none}" != none ] && limit=3000
	ok $([ "$took" -le $limit ] && echo 0 || echo 1) "within a second, or 3 s under the sanitizers (${took} ms)"
	is "$(sqlite3 "$T/slow.db" "SELECT failures FROM sources")" 0 "the source is not counted as failed"
else
	wait $pid
	skip "SIGINT while a page is read" "the page was read in less than 2 s here"
fi

# ---- ratings: numbers within their scale; parse --format json is JSON
cat > "$T/ratings.html" <<'EOF'
<html><head><title>Avis</title></head><body><script type="application/ld+json">
[{"@type":"Review","reviewBody":"a","reviewRating":{"ratingValue":NaN}},
 {"@type":"Review","reviewBody":"b","reviewRating":{"ratingValue":Infinity,"bestRating":5}},
 {"@type":"Review","reviewBody":"c","reviewRating":{"ratingValue":50,"bestRating":5}},
 {"@type":"Review","reviewBody":"d","reviewRating":{"ratingValue":"0x10","bestRating":5}},
 {"@type":"Review","reviewBody":"e","reviewRating":{"ratingValue":4,"bestRating":5}},
 {"@type":"AggregateRating","ratingValue":1e400,"reviewCount":3}]
</script></body></html>
EOF
"$REPWATCH" parse "$T/ratings.html" --format=json > "$T/ratings.json" 2>/dev/null
is "$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(str(r["rating"]) for r in d["reviews"]))' "$T/ratings.json" 2>&1)" "None None None None 4.0" \
	"parse --format json is valid JSON; NaN, Infinity, 50/5 and \"0x10\" are no ratings, 4/5 is"

# ---- db backup --help and db salvage --help print help, create nothing
cd "$T"
for sub in backup salvage; do
	out=$("$REPWATCH" -c "$T/m.conf" --db "$T/open/m.db" db $sub --help 2>&1); rc=$?
	is "$rc" 0 "db $sub --help: exit 0"
	contains "$out" "usage: repwatch db" "db $sub --help: the usage"
	ok $([ ! -e "$T/--help" ] && echo 0 || echo 1) "db $sub --help: no file named --help"
done
cd - >/dev/null
done_testing
