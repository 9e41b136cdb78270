#!/bin/sh
# SPDX-License-Identifier: MIT
# A mention's history as a doctor reads it, against nginx and the hostile
# server on 127.0.0.1: the demo's edited review 502 shown with both versions
# and their word diff; one story from Google News, Bing News and an alert is
# one mention; a review whose page answers 404 or 410 is gone, with the
# answer kept as evidence; marks; export; evidence written out and checked
# with sha256sum; retention.
. "$(dirname "$0")/lib.sh"

command -v sha256sum >/dev/null || { echo "1..0 # SKIP sha256sum missing"; exit 0; }
mkdir -p "$T/www/avis"
cp "$SRCDIR"/feeds/demo/round1/avis-patients.atom "$SRCDIR"/feeds/demo/round1/lyon-sante.rss "$T/www/"
cp "$SRCDIR"/feeds/demo/round1/avis-patients.atom "$T/avis-round1.atom"
start_nginx "$T/www"
start_hostile
base="http://127.0.0.1:$HTTP_PORT"
gone410="http://127.0.0.1:$HOSTILE_PORT/status/410"
story=https://www.journal-lyon.example/sante/2026/11/dr-dupont-prix

# one story, three wrappers; a practice's own review page with reviews that
# each have a page (fictional people and sites)
enc=$(printf '%s' "$story" | sed 's/:/%3a/g; s,/,%2f,g')
cat > "$T/www/gnews.rss" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>"Jeanne Dupont" - Google Actualités</title>
<item><title>Le Dr Jeanne Dupont reçoit le prix de la prévention - Journal de Lyon</title>
<link>https://news.google.com/news/url?sa=t&amp;fd=R&amp;url=$story?utm_source=gn&amp;usg=AFQj</link>
<guid isPermaLink="false">tag:news.google.com,2026:CBMiQ2h0</guid>
<pubDate>Mon, 16 Nov 2026 08:00:00 GMT</pubDate>
<description>Le Dr Jeanne Dupont, dermatologue à Lyon, reçoit le prix régional de la prévention.</description></item>
</channel></rss>
EOF
cat > "$T/www/bing.rss" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Jeanne Dupont - Bing Actualités</title>
<item><title>Prix de la prévention pour le Dr Jeanne Dupont</title>
<link>http://www.bing.com/news/apiclick.aspx?ref=FexRss&amp;aid=&amp;tid=A1B2&amp;url=$enc&amp;c=123&amp;mkt=fr-fr</link>
<pubDate>Mon, 16 Nov 2026 09:10:00 GMT</pubDate>
<description>La dermatologue lyonnaise Jeanne Dupont distinguée pour son travail de prévention.</description></item>
</channel></rss>
EOF
cat > "$T/www/alerte.rss" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Alerte Google - Jeanne Dupont</title>
<item><title>Le Dr Jeanne Dupont reçoit le prix de la prévention</title>
<link>https://www.google.com/url?rct=j&amp;sa=t&amp;url=$story&amp;ct=ga&amp;cd=CAEYACoU&amp;usg=AOvVaw0</link>
<guid>tag:google.com,2013:googlealerts/feed:1234</guid>
<pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate>
<description>... le Dr Jeanne Dupont reçoit le prix ...</description></item>
</channel></rss>
EOF
cat > "$T/www/cabinet.atom" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Avis du cabinet (démo)</title><id>urn:cabinet</id>
<updated>2026-11-10T10:00:00Z</updated>
<entry><id>urn:cabinet:601</id><title>Dr Dupont, toujours à l'écoute</title><link href="$base/avis/601.html"/>
<published>2026-11-01T10:00:00Z</published><content>Le Dr Jeanne Dupont prend le temps. 5/5</content></entry>
<entry><id>urn:cabinet:602</id><title>Rendez-vous annulé</title><link href="$base/avis/602.html"/>
<published>2026-11-02T10:00:00Z</published><content>Rendez-vous avec le Dr Jeanne Dupont annulé sans prévenir. 1/5</content></entry>
<entry><id>urn:cabinet:603</id><title>Avis retiré</title><link href="$gone410"/>
<published>2026-11-03T10:00:00Z</published><content>Le Dr Jeanne Dupont m'a bien soigné. 4/5</content></entry>
</feed>
EOF
for n in 601 602; do printf '<html><body><p>Avis %s</p></body></html>\n' $n > "$T/www/avis/$n.html"; done

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
category = news
[source Google Actualités]
url = $base/gnews.rss
allow_private = yes
category = news
[source Bing Actualités]
url = $base/bing.rss
allow_private = yes
category = news
[source Alerte]
url = $base/alerte.rss
allow_private = yes
category = news
[source Cabinet]
url = $base/cabinet.atom
allow_private = yes
category = review
[store]
link_recheck = 0
CONF

"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "first scan"
is "$(cat "$T/err")" "" "nothing on stderr"
id_of() { "$REPWATCH" list --all --format=tsv | awk -F'\t' -v t="$1" '$13 == t {print $1}'; }

# one story, three sources
tsv=$("$REPWATCH" list --format=tsv)
is "$(printf '%s\n' "$tsv" | grep -c 'prix de la prévention\|Prix de la prévention')" 1 "the story from three wrappers is one mention"
prize=$(printf '%s\n' "$tsv" | awk -F'\t' '/prix de la prévention|Prix de la prévention/ {print $1}')
is "$(printf '%s\n' "$tsv" | awk -F'\t' -v i="$prize" '$1 == i {print $12}')" "$story?utm_source=gn" \
	"its link is the story's own, not the redirect"
out=$("$REPWATCH" show "$prize")
is "$(printf '%s\n' "$out" | grep -c '^  [A-Z].* <http://127.0.0.1')" 3 "show: three sightings"
contains "$out" "Google Actualités <$base/gnews.rss>" "seen in Google News"
contains "$out" "Bing Actualités <$base/bing.rss>" "seen in Bing News"
contains "$out" "Alerte <$base/alerte.rss>" "seen in the alert"
contains "$out" "its link: http://www.bing.com/news/apiclick.aspx" "each sighting keeps the link its source gave"

# a month later: 502 edited, 503 deleted; one review page 404, one 410
sleep 1
cp "$SRCDIR"/feeds/demo/round2/avis-patients.atom "$SRCDIR"/feeds/demo/round2/lyon-sante.rss "$T/www/"
touch "$T/www/avis-patients.atom" "$T/www/lyon-sante.rss"
rm "$T/www/avis/602.html"
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 0 "second scan"
is "$(cat "$T/err")" "" "nothing on stderr"
contains "$out" "2 new, 1 changed, 3 gone" "summary: the deleted review and the two dead review pages are gone"
r602=$(id_of "Rendez-vous annulé")
r603=$(id_of "Avis retiré")
r601=$(id_of "Dr Dupont, toujours à l'écoute")
out=$("$REPWATCH" show "$r602")
contains "$out" "state:        gone: its page answered HTTP 404 (not found)" "404: gone, and show says why"
contains "$out" "HTTP 404  $base/avis/602.html  (gone, v1)" "the 404 answer kept as evidence"
contains "$("$REPWATCH" show "$r603")" "gone: its page answered HTTP 410 (deleted)" "410: gone"
contains "$("$REPWATCH" show "$r601")" "state:        active" "a review whose page answers 200 stays"
contains "$("$REPWATCH" show "$(id_of "Consultation rapide")")" "gone: no source lists it any more" \
	"the review the feed stopped listing: gone, and why"
grep -q 'GET /avis/601.html' "$T/nginx/access.log"; ok $? "the review pages were fetched"

# repwatch show on the edited review: both versions and their difference
r502=$(id_of "Attente interminable")
out=$("$REPWATCH" show "$r502"); rc=$?
is "$rc" 0 "show exits 0"
contains "$out" "mention #$r502: Attente interminable" "show: the mention"
contains "$out" "versions (2):" "two versions"
contains "$out" "      text:   Deux heures d'attente chez le docteur DUPONT Jeanne, consultation expédiée. 2/5" "version 1's text"
contains "$out" "      text:   Mise à jour : deux heures d'attente chez le docteur DUPONT Jeanne, mais elle s'est excusée et le diagnostic était juste. 3/5" \
	"version 2's text"
contains "$out" "      changes from v1:" "their difference"
contains "$out" "text:   [-Deux-] {+Mise à jour : deux+} heures d'attente chez le docteur DUPONT Jeanne, [-consultation expédiée. 2/5-] {+mais elle s'est excusée et le diagnostic était juste. 3/5+}" \
	"word diff in plain notation"
contains "$out" "rating: 2/5 -> 3/5" "rating change"
lacks "$out" "$(printf '\033')" "no colours when not on a terminal"
contains "$("$REPWATCH" show --color=always "$r502")" "$(printf '\033[31m[-Deux-]\033[m')" "--color=always: deletions in red"
"$REPWATCH" show 99999 2>"$T/err"; is "$?" 2 "show of an unknown id exits 2"
contains "$(cat "$T/err")" "no mention #99999" "and says so"
"$REPWATCH" show abc 2>/dev/null; is "$?" 2 "show of a non-id exits 2"

# marks
"$REPWATCH" mark "$r601" "$r603" read; is "$?" 0 "mark read"
is "$("$REPWATCH" list --format=json | /usr/bin/python3 -c "import json,sys; print(sorted(m['id'] for m in json.load(sys.stdin) if m['read']))")" \
	"$(printf '%s\n' "$r601" "$r603" | sort -n | tr '\n' ',' | sed 's/,$//; s/,/, /g; s/^/[/; s/$/]/')" "both read"
"$REPWATCH" mark "$r601" irrelevant; is "$?" 0 "mark irrelevant"
lacks "$("$REPWATCH" list --format=tsv | cut -f1 | tr '\n' ' ')" " $r601 " "irrelevant mentions left out of list"
contains "$("$REPWATCH" list --all --format=tsv | cut -f1 | tr '\n' ' ')" "$r601" "list --all shows them"
"$REPWATCH" mark "$r601" nonsense 2>"$T/err"; is "$?" 2 "unknown mark exits 2"
"$REPWATCH" mark 99999 read 2>"$T/err"; is "$?" 2 "marking an unknown id exits 2"

# export: everything, versions included
"$REPWATCH" export --out "$T/export.jsonl"; is "$?" 0 "export --out"
is "$(/usr/bin/python3 - "$T/export.jsonl" "$r502" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
head, rest = lines[0], lines[1:]
ms = {m["id"]: m for m in rest if m["type"] == "mention"}
m = ms[int(sys.argv[2])]
print(head["format"], len([l for l in rest if l["type"] == "source"]), len(ms),
      [v["rating"] for v in m["versions"]], m["versions"][0]["body"][:10], len(m["evidence"]))
PY
)" "repwatch-export 1 6 10 [2.0, 3.0] Deux heure 2" "export: header, 6 sources, 10 mentions, 502 with both versions and its evidence"
"$REPWATCH" export | head -1 | grep -q '"type":"export"'; ok $? "export to standard output"

# evidence
"$REPWATCH" evidence "$r502" --out "$T/ev502" 2>"$T/err"; is "$?" 0 "evidence --out"
contains "$(cat "$T/err")" "sha256sum -c SHA256SUMS" "says how to check it"
(cd "$T/ev502" && sha256sum -c --quiet SHA256SUMS); is "$?" 0 "every file matches its SHA-256"
snaps=$(cd "$T/ev502" && ls snapshot-*.xml | sort -t- -k2 -n)
is "$(printf '%s\n' "$snaps" | wc -l | tr -d ' ')" 2 "two snapshots: when it was new, when it changed"
cmp -s "$T/ev502/$(printf '%s\n' "$snaps" | head -1)" "$T/avis-round1.atom"; ok $? "the first is byte for byte what the server sent then"
cmp -s "$T/ev502/$(printf '%s\n' "$snaps" | tail -1)" "$SRCDIR/feeds/demo/round2/avis-patients.atom"; ok $? "the second what it sent after the edit"
contains "$(cat "$T/ev502/mention-$r502.txt")" "{+Mise à jour : deux+}" "the readable record has the versions and their difference"
is "$(/usr/bin/python3 -c "
import json,sys; m=json.load(open('$T/ev502/manifest.json'))
s=[f for f in m['files'] if f['role']=='snapshot']
print(m['mention'], [f['http_status'] for f in s], [f['change'] for f in s], all(f['fetched_at'].endswith('Z') for f in s), s[0]['url'])")" \
	"$r502 [200, 200] ['new', 'changed'] True $base/avis-patients.atom" "manifest: statuses, changes, UTC times, URL"
head -1 "$T/ev502/$(printf '%s\n' "$snaps" | head -1 | sed 's/\.xml$/.headers.txt/')" | grep -q '^HTTP/1.1 200'; ok $? "the response headers as received"
"$REPWATCH" evidence "$r502" --out "$T/ev502" 2>"$T/err"; is "$?" 2 "never into a folder that is not empty"
"$REPWATCH" evidence "$r602" --out "$T/ev602" 2>/dev/null
contains "$(cat "$T/ev602/manifest.json")" '"http_status":404' "the 404 kept as evidence of the deletion"

# retention: 1K leaves no room for the old snapshots
printf '[store]\nevidence_max = 1K\nlink_checks = 0\n' >> "$CONF"
sed -i '/^link_recheck = 0$/d' "$CONF"
"$REPWATCH" scan 2>"$T/err"; is "$?" 0 "scan with evidence_max = 1K"
"$REPWATCH" evidence "$r502" --out "$T/ev502b" 2>/dev/null
is "$(/usr/bin/python3 -c "
import json; m=json.load(open('$T/ev502b/manifest.json'))
print(len([f for f in m['files'] if f['role']=='snapshot']), len(m['dropped_snapshots']), all(len(d['body_sha256']) == 64 for d in m['dropped_snapshots']))")" \
	"0 2 True" "old snapshot bodies dropped; their URL, time and SHA-256 remain"
contains "$("$REPWATCH" show "$r502")" "versions (2):" "the versions themselves are never dropped"
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok" "database integrity"
done_testing
