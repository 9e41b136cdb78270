#!/bin/sh
# SPDX-License-Identifier: MIT
# Same name, same city, same specialty: the "neither" groups of
# tests/data/homonyms served by nginx and scanned.  Nothing tells the two
# practitioners apart, so every mention is stored uncertain, and `list`
# (plain, tsv, json), `show` and the French list say so.  `is-me` settles
# one page hers and `not-me` the other page not hers, for good: two later
# scans follow both decisions.  A practitioner key the page shows (phone =)
# settles a page without asking.  Everyone here is fictional.
. "$(dirname "$0")/lib.sh"

export REPWATCH_DATADIR="$SRCDIR/feeds"
py=/usr/bin/python3
[ -x "$py" ] || { echo "1..0 # SKIP /usr/bin/python3 is missing"; exit 77; }
H="$SRCDIR/tests/data/homonyms"
mkdir -p "$T/www"
cp "$H/pages/g04-a.html" "$H/pages/g04-b.html" "$T/www/"
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
conf() {   # conf [MORE PRACTITIONER KEYS]
	{
		grep -v '^#' "$H/configs/g04.conf"
		[ $# -gt 0 ] && printf '%s\n' "$@"
		cat <<EOF
[fetch]
report_after = 1
[source A]
url = $base/g04-a.html
allow_private = yes
template = review-page-schema
[source B]
url = $base/g04-b.html
allow_private = yes
template = review-page-schema
EOF
	} > "$CONF"
}
conf

"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "scan of two pages of two Marc Brissonnade, both in Bordeaux, both GPs $(cat "$T/err")"
n=$("$REPWATCH" list --format=tsv | wc -l)
ok "$([ "$n" -ge 8 ]; echo $?)" "both pages' reviews reach her ($n mentions)"
is "$("$REPWATCH" list --format=tsv | awk -F'\t' '$14 != "uncertain"' | wc -l)" 0 \
	"tsv: every one is uncertain (14th field)"
is "$(mentions 'm["uncertain"] is not None' | sort -u)" "True" "json: every one has why it is uncertain"
contains "$(mentions 'm["uncertain"]' | sort -u)" "the page links to another practitioner of the same name" \
	"json: page A links to the namesake in its similar doctors box"
contains "$(mentions 'm["uncertain"]' | sort -u)" "another page names her as surely and describes someone else" \
	"json: page B describes someone else than page A does"
contains "$("$REPWATCH" list)" "UNCERTAIN, maybe a namesake's" "list: plain says so"
contains "$("$REPWATCH" sources)" "maybe a namesake's page: its mentions are stored uncertain" \
	"sources: the pages say so"
contains "$(LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 LANGUAGE=fr "$REPWATCH" list)" "INCERTAIN" "list: in French too"
a=$(mentions 'm["id"] if m["source"] == "A" else ""' | grep . | head -1)
b=$(mentions 'm["id"] if m["source"] == "B" else ""' | grep . | head -1)
na=$(mentions 'm["source"]' | grep -c '^A$')
nb=$(mentions 'm["source"]' | grep -c '^B$')
contains "$("$REPWATCH" show "$a")" "certainty:" "show: says it is uncertain"
contains "$("$REPWATCH" digest --print 2>&1)" "Uncertain: maybe another practitioner of the same name" \
	"digest: says so (English)"
printf '[digest]\nlang = fr\n' >> "$CONF"
contains "$("$REPWATCH" digest --print 2>&1)" "Incertain : peut-être un autre praticien du même nom" \
	"digest: says so (French)"
conf

out=$("$REPWATCH" is-me "$a" 2>"$T/err"); rc=$?
is "$rc" 0 "is-me $a $(cat "$T/err")"
contains "$out" "g04-a.html" "is-me names the page settled hers"
out=$("$REPWATCH" not-me "$b" 2>"$T/err"); rc=$?
is "$rc" 0 "not-me $b $(cat "$T/err")"
contains "$out" "nothing from $base/g04-b.html is about default" "not-me on an uncertain mention settles its page"
is "$(mentions 'm["source"] + " " + str(m["uncertain"] is None)' | sort | uniq -c | sed 's/^ *//')" \
	"$na A True" "at once: page A's mentions are hers, page B's are gone from the list"

for round in 1 2; do
	# a new Last-Modified: both pages are read again, not answered 304
	touch -d "@$(($(date +%s) + round * 60))" "$T/www/g04-a.html" "$T/www/g04-b.html"
	out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
	is "$rc" 0 "rescan $round $(cat "$T/err")"
	contains "$out" "2 read" "rescan $round read both pages again"
	is "$(mentions 'm["source"] + " " + str(m["uncertain"] is None)' | sort | uniq -c | sed 's/^ *//')" \
		"$na A True" "rescan $round: page A's $na mentions hers, not uncertain; page B's $nb not listed"
	is "$(mentions 'm["id"]' --all | wc -l)" "$na" "rescan $round: nothing new stored"
done
out=$("$REPWATCH" not-me --undo "$b" 2>&1)
is "$(mentions 'str(m["not_me"])' | sort -u | tr '\n' ' ')" "False " "not-me --undo lists $b again"

# is-me on B after all: its page is hers again, the not-me rule forgotten
"$REPWATCH" is-me "$b" >/dev/null 2>"$T/err"; rc=$?
is "$rc" 0 "is-me on the page settled not hers $(cat "$T/err")"
touch -d "@$(($(date +%s) + 300))" "$T/www/g04-a.html" "$T/www/g04-b.html"
"$REPWATCH" scan 2>"$T/err"
is "$(mentions 'str(m["uncertain"] is None)' | sort | uniq -c | sed 's/^ *//')" "$((na + nb)) True" \
	"after is-me on both pages: every mention hers, none uncertain"
is "$("$REPWATCH" not-me --list | grep -c source)" 0 "is-me forgot the not-me rule on page B"

# A key she gives settles it without asking: page A shows her phone
rm -f "$DB"
conf "phone = 04 89 10 53 61"
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "scan with phone = her practice's number $(cat "$T/err")"
is "$(mentions 'm["source"] + " " + str(m["uncertain"] is None)' | sort | uniq -c | sed 's/^ *//')" \
	"$na A True" "page A shows her phone: hers; page B shows another: not hers, not stored"
is "$("$REPWATCH" sources --format=json | $py -c '
import json, sys
print(" ".join("%s=%s" % (s["name"], s["verdict"]) for s in json.load(sys.stdin)))')" "A=None B=someone-else" \
	"sources: page B is someone else's, read, not failed (json verdict)"
contains "$("$REPWATCH" sources)" "someone else's page (a namesake's): read, its reviews are not stored" \
	"sources: plain says so"

# the page verdict and its evidence: sources test and match --page
out=$("$REPWATCH" sources test A 2>&1)
contains "$out" "page verdict for Marc Brissonnade: hers, settled by her details" "sources test: page A settled hers"
contains "$out" "the page gives her registry number, phone or postcode: 489105361" "...by her phone"
out=$("$REPWATCH" sources test B 2>&1)
contains "$out" "page verdict for Marc Brissonnade: someone else's page" "sources test: page B someone else's"
contains "$out" "the page gives another phone or postcode than hers" "...by another phone"
conf
out=$("$REPWATCH" match --page --source "$base/g04-a.html" < "$T/www/g04-a.html" 2>&1)
contains "$out" "page verdict for Marc Brissonnade: UNCERTAIN, maybe a namesake's" "match --page: uncertain"
contains "$out" "against: the page links to another practitioner of the same name" "...and why"
out=$(LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 LANGUAGE=fr "$REPWATCH" match --page < "$T/www/g04-a.html" 2>&1)
contains "$out" "verdict de la page pour Marc Brissonnade : INCERTAIN" "match --page: in French"
contains "$out" "la page renvoie à un autre praticien du même nom" "...with why in French"

# usage and the French command table
"$REPWATCH" is-me 2>"$T/err"; rc=$?
is "$rc" 2 "is-me without an id is a usage error"
"$REPWATCH" is-me 99999 2>"$T/err"; rc=$?
contains "$(cat "$T/err")" "no mention #99999" "is-me on an unknown mention says so"
done_testing
