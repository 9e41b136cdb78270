#!/bin/sh
# SPDX-License-Identifier: MIT
# Set-up in one line: `repwatch init` on an empty XDG directory, the config
# it writes accepted by `repwatch scan` against a real nginx (the templates'
# hosts pointed at 127.0.0.1), refusing to overwrite, placeholders encoded;
# `repwatch sources` ls, suggest (every route, English and French), add and
# rm (comments kept), test against nginx, OPML import and export round trip.
. "$(dirname "$0")/lib.sh"

export REPWATCH_DATADIR="$SRCDIR/feeds"
py=/usr/bin/python3
[ -x "$py" ] || { echo "1..0 # SKIP /usr/bin/python3 is missing"; exit 0; }

# ---- help
out=$("$REPWATCH" init --help); is "$?" 0 "init --help exits 0"
contains "$out" "usage: repwatch init" "init --help says how"
out=$("$REPWATCH" sources --help); is "$?" 0 "sources --help exits 0"
contains "$out" "repwatch sources suggest" "sources --help lists the subcommands"
"$REPWATCH" init 2>/dev/null; is "$?" 2 "init without a name exits 2"
"$REPWATCH" sources frob 2>"$T/err"; is "$?" 2 "unknown sources subcommand exits 2"
contains "$(cat "$T/err")" "'frob' is not a 'sources' command" "and says so"

# ---- init on an empty XDG directory
rm -rf "$XDG_CONFIG_HOME"
out=$("$REPWATCH" init "Dr Jeanne Dupont" --specialty dermatologue --city Lyon 2>"$T/err"); rc=$?
is "$rc" 0 "init on an empty XDG directory: $(cat "$T/err")"
contains "$out" "wrote '$CONF' for Jeanne Dupont: 7 sources" "it says what it wrote"
is "$(stat -c %a "$CONF")" 600 "the configuration is mode 0600"
is "$(stat -c %a "$XDG_CONFIG_HOME/repwatch")" 700 "its folder is created mode 0700"
ls=$("$REPWATCH" sources ls --format=tsv 2>"$T/err"); rc=$?
is "$rc" 0 "the written configuration loads: $(cat "$T/err")"
is "$(printf '%s\n' "$ls" | cut -f1 | tr '\n' ' ')" \
	"bing-news-en bing-news-fr google-news-en google-news-fr hal-search pubmed-esearch reddit-search " \
	"the default feed and page templates for fr,en, one source each"
is "$(printf '%s\n' "$ls" | awk -F'\t' '$1 == "google-news-fr" {print $2, $3, $4}')" \
	"https://news.google.com/rss/search?q=%22Jeanne%20Dupont%22&hl=fr&gl=FR&ceid=FR:fr news google-news-fr" \
	"google-news-fr: the name quoted and percent-encoded, its category and template"
conf=$(cat "$CONF")
contains "$conf" "#[source google-alerts]" "the Google Alerts slot is there, commented out"
contains "$conf" "# 2) Type the query: \"Jeanne Dupont\"" "with its instructions, the name filled in"
contains "$conf" "# - site:doctissimo.fr \"Dr Dupont\" Lyon" "and the alert queries the routes suggest"
contains "$conf" "
[source pubmed-esearch]
url = https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed&term=%22Jeanne%20Dupont%22%5Bau%5D&sort=pub_date&retmax=20&tool=repwatch
category = publication
template = pubmed-esearch" "the PubMed page source is active, its query encoded"
lacks "$conf" "#[source pubmed-esearch]" "not commented out: pages are read"
contains "$conf" "specialty = dermatologue" "the profile: specialty"
contains "$conf" "languages = fr, en" "the profile: languages"
awk 'length($0) > 198 { bad = 1 } END { exit bad }' "$CONF"; ok $? "no line longer than libinih reads"
grep -v '^[#;]' "$CONF" | grep -q ' ;'; ok $((! $?)) "no ' ;' that libinih would take for a comment"

# ---- refusing to overwrite
sum=$(md5sum < "$CONF")
"$REPWATCH" init "Dr Paul Martin" 2>"$T/err"; rc=$?
is "$rc" 2 "a second init exits 2"
contains "$(cat "$T/err")" "already exists" "and says why"
is "$(md5sum < "$CONF")" "$sum" "the configuration is untouched"
out=$("$REPWATCH" init "Dr Hélène-Marie Vautrin" --city "Lyon 3e" --specialty dermatologist --lang fr --force 2>"$T/err"); rc=$?
is "$rc" 0 "--force replaces it: $(cat "$T/err")"
ls=$("$REPWATCH" sources ls --format=tsv)
is "$(printf '%s\n' "$ls" | cut -f1 | tr '\n' ' ')" "bing-news-fr google-news-fr hal-search pubmed-esearch reddit-search " \
	"--lang fr: no English editions"
is "$(printf '%s\n' "$ls" | awk -F'\t' '$1 == "google-news-fr" {print $2}')" \
	"https://news.google.com/rss/search?q=%22H%C3%A9l%C3%A8ne-Marie%20Vautrin%22&hl=fr&gl=FR&ceid=FR:fr" \
	"accents and hyphen of the name encoded as UTF-8 percent-encoding"
"$REPWATCH" init "Dr X Y" --rpps 12 --force 2>"$T/err"; is "$?" 2 "a bad RPPS number exits 2"
"$REPWATCH" init "Dr" --force 2>"$T/err"; is "$?" 2 "a title without a name exits 2"
"$REPWATCH" init "Dr Dupont" --force 2>"$T/err"; is "$?" 2 "a surname alone exits 2"
contains "$(cat "$T/err")" "first name and the surname" "saying what is needed"
"$REPWATCH" init "Dr X; Y" --force 2>"$T/err"; is "$?" 2 "a name with ';' is refused"
contains "$(cat "$T/err")" "';'" "saying why"

# ---- French comments and messages
rm -f "$CONF"
out=$(LANGUAGE=fr "$REPWATCH" init "Dr Jeanne Dupont" --city Lyon --specialty dermatologist 2>"$T/err"); rc=$?
is "$rc" 0 "init in French"
conf=$(cat "$CONF")
contains "$conf" "# 2) Saisissez la requête : \"Jeanne Dupont\"" "the alert instructions in French"
contains "$conf" "# Google News (français) - Flux RSS de recherche Google News" "template descriptions in French"
contains "$conf" "# Autres orthographes du nom" "the comments in French"
contains "$out" "écrit pour Jeanne Dupont" "init's summary in French"

# ---- the written configuration scanned against nginx: every default
#      template's host pointed at 127.0.0.1, paths and queries kept
mkdir -p "$T/www" "$T/data"
cp "$SRCDIR/feeds/demo/round1/lyon-sante.rss" "$T/www/search.rss"
cp "$SRCDIR/feeds/demo/round1/avis-patients.atom" "$SRCDIR/feeds/demo/round1/forum-sante.rdf" "$T/www/"
printf '<!DOCTYPE html><html><body><p>Not a feed</p></body></html>\n' > "$T/www/page.html"
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
cp -R "$SRCDIR/feeds/templates" "$SRCDIR/feeds/routes" "$SRCDIR/feeds/specialties.tsv" "$T/data/"
for f in "$T"/data/templates/*.ini; do
	sed -i "s#^url = https://[^?]*#url = $base/search.rss#" "$f"
done
rm -f "$CONF"
REPWATCH_DATADIR="$T/data" "$REPWATCH" init "Dr Jeanne Dupont" --city Lyon --specialty dermatologist >/dev/null 2>"$T/err"
is "$?" 0 "init with the templates pointed at the local server: $(cat "$T/err")"
sed -i '/^\[source /a allow_private = yes' "$CONF"   # the test server is on 127.0.0.1
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "repwatch scan accepts the written configuration and reads every source: $(cat "$T/err")"
is "$(cat "$T/err")" "" "nothing on stderr"
contains "$("$REPWATCH" list --format=tsv | cut -f13 | sort -u)" "Le Dr Jeanne Dupont rejoint la clinique du Parc" \
	"the mention in the served feed is stored"
grep -q 'GET /search.rss?q=%22Jeanne%20Dupont%22&hl=fr&gl=FR&ceid=FR:fr ' "$T/nginx/access.log"
ok $? "the server got google-news-fr's query, encoded"
is "$(grep -c 'GET /search.rss' "$T/nginx/access.log")" 7 "one request per source (the PubMed page, served a feed, lists no PMID)"
st=$("$REPWATCH" sources); rc=$?
is "$rc" 0 "bare 'sources' still shows the fetch state"
contains "$st" "google-news-fr" "with the sources by name"
contains "$st" "HTTP 200" "and their status"
is "$("$REPWATCH" sources status)" "$st" "'sources status' is the same"

# ---- sources test against nginx
out=$("$REPWATCH" sources test "$base/avis-patients.atom" 2>"$T/err"); rc=$?
is "$rc" 0 "sources test exits 0: $(cat "$T/err")"
contains "$out" "$base/avis-patients.atom: HTTP 200" "it says what it fetched"
contains "$out" "read as atom10 (utf-8): 4 items" "what parse made of it"
contains "$out" "+ review       2/5 Attente interminable" "a mention, classified as a review with its rating"
contains "$out" "matched \"docteur dupont jeanne\"" "the spelling that matched"
contains "$out" "3 of 4 items mention Jeanne Dupont" "how many items mention the practitioner"
lacks "$out" "no mention" "items without a mention are not listed without --all"
out=$("$REPWATCH" sources test --all --category social "$base/forum-sante.rdf")
contains "$out" "- no mention" "--all lists the others"
contains "$out" "social" "--category is the classifier's hint"
"$REPWATCH" sources add "$base/forum-sante.rdf" --name "Forum santé" --category social >/dev/null
sed -i '/^\[source Forum santé\]/a allow_private = yes' "$CONF"
out=$("$REPWATCH" sources test "Forum santé")
contains "$out" "read as rss10" "a configured source is tested by name"
"$REPWATCH" sources test "$base/missing.rss" 2>"$T/err"; rc=$?
is "$rc" 1 "a 404 exits 1"
contains "$(cat "$T/err")" "HTTP 404" "and says so"
"$REPWATCH" sources test "$base/page.html" >/dev/null 2>"$T/err"; rc=$?
is "$rc" 1 "an HTML page where a feed is expected exits 1"
contains "$(cat "$T/err")" "HTML page" "and says so"
out=$("$REPWATCH" sources test --name "Dr Paul Durand" "$base/avis-patients.atom")
contains "$out" "0 of 4 items mention Paul Durand" "--name tests another practitioner"
cmp -s "$T/www/avis-patients.atom" "$SRCDIR/feeds/demo/round1/avis-patients.atom"; ok $? "test stored nothing and changed nothing"

# ---- add and rm keep the rest of the file
cp "$CONF" "$T/before.conf"
out=$("$REPWATCH" sources add "$base/avis-patients.atom" --category review 2>"$T/err"); rc=$?
is "$rc" 0 "sources add: $(cat "$T/err")"
contains "$out" "added source '127.0.0.1'" "named after the host"
"$REPWATCH" sources add "$base/avis-patients.atom" 2>"$T/err"; rc=$?
is "$rc" 2 "the same url twice is refused"
head -c "$(wc -c < "$T/before.conf")" "$CONF" | cmp -s - "$T/before.conf"; ok $? "add leaves every line before it as it was"
"$REPWATCH" sources rm 127.0.0.1 >/dev/null; is "$?" 0 "sources rm NAME"
cmp -s "$CONF" "$T/before.conf"; ok $? "add then rm gives back the file byte for byte"
"$REPWATCH" sources rm "$(awk -F'\t' '$1 == "reddit-search" {print $2}' <<EOF
$("$REPWATCH" sources ls --format=tsv)
EOF
)" >/dev/null; is "$?" 0 "sources rm URL"
conf=$(cat "$CONF")
lacks "$conf" "[source reddit-search]" "the section is gone"
lacks "$conf" "Reddit site-wide search" "with its comment"
contains "$conf" "# 1) Sign in to a Google account" "other comments are kept"
"$REPWATCH" sources rm reddit-search 2>"$T/err"; is "$?" 2 "removing it again exits 2"
out=$("$REPWATCH" sources add --template mastodon-tag 2>"$T/err"); is "$?" 0 "add --template: $(cat "$T/err")"
contains "$("$REPWATCH" sources ls --format=tsv)" "mastodon-tag	https://mastodon.social/tags/jeannedupont.rss	social	mastodon-tag" \
	"added from the template, {tag} made from the name, with its category"
"$REPWATCH" sources add --template google-alerts "https://www.google.com/alerts/feeds/0123/4567" >/dev/null
is "$?" 0 "an alert slot is filled with the pasted address"
contains "$("$REPWATCH" sources ls --format=tsv)" "google-alerts	https://www.google.com/alerts/feeds/0123/4567	other	google-alerts" \
	"with the slot's category and template"
"$REPWATCH" sources ls >/dev/null; is "$?" 0 "the edited configuration still loads"

# ---- sources suggest: every route, in English and in French
out=$("$REPWATCH" sources suggest 2>"$T/err"); rc=$?
is "$rc" 0 "sources suggest: $(cat "$T/err")"
missing=""
for name in $(sed -n 's/^name = //p' "$SRCDIR/feeds/routes/routes.ini" | tr ' ' '_'); do
	name=$(printf '%s' "$name" | tr '_' ' ')
	case $out in *"$name ["*) ;; *) missing="$missing|$name" ;; esac
done
is "$missing" "" "every place of routes.ini is listed"
is "$(printf '%s\n' "$out" | grep -c '^  Why: ')" "$(grep -c '^\[' "$SRCDIR/feeds/routes/routes.ini")" "each with why"
contains "$out" "Doctolib [none]: no automatic route" "routes say when there is none"
contains "$out" "Doctolib does not publish patient reviews" "and why"
contains "$out" "Alert query: site:x.com \"Jeanne Dupont\"" "alert queries for the profile"
contains "$out" "google-alerts (Google Alerts (RSS)): in your configuration as [source google-alerts]" \
	"templates already in the configuration are said so"
contains "$out" "repwatch sources add --template youtube-channel YOUTUBE_CHANNEL_ID" "and the others how to add them"
contains "$out" "for the name and for \"dermatologist Lyon\"" "{specialty} in English in the English text"
out=$(LANGUAGE=fr "$REPWATCH" sources suggest)
contains "$out" "Doctolib ne publie ni avis ni notes de patients" "in French: the routes' why_fr"
contains "$out" "Pourquoi" "in French: the headings"
contains "$out" "site:doctissimo.fr \"Dr Dupont\" Lyon" "placeholders filled in the French text"
contains "$out" "« Dr Dupont », dermatologue à Lyon" "{specialty} in French in the French text"

# ---- OPML: import then export gives the same names and addresses
printf '[practitioner]\nname = Jeanne Dupont\n' > "$T/opml.conf"
cat > "$T/in.opml" <<'OPML'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Mes flux</title></head><body>
<outline text="Presse">
  <outline text="Le Progrès - Santé" type="rss" xmlUrl="https://www.leprogres.example/sante/rss"/>
  <outline text="Lyon Capitale" title="Lyon Capitale" xmlUrl="https://lyoncapitale.example/feed/" category="/news"/>
</outline>
<outline text="Forum &amp; &quot;avis&quot;" xmlUrl="http://forum.example/t/123.rss?x=1&amp;y=%20z"/>
<outline text="Blog de Hélène" xmlUrl="https://helene.example/feed.atom"/>
<outline text="twice" xmlUrl="https://lyoncapitale.example/feed/"/>
<outline text="gopher" xmlUrl="gopher://old.example/"/>
</body></opml>
OPML
out=$("$REPWATCH" -c "$T/opml.conf" sources import "$T/in.opml" 2>"$T/err"); rc=$?
is "$rc" 0 "import: $(cat "$T/err")"
contains "$out" "4 sources imported, 1 already watched, 1 skipped" "it counts what it did"
"$REPWATCH" -c "$T/opml.conf" sources export > "$T/out.opml"; is "$?" 0 "export"
pairs() { $py -c '
import sys, xml.etree.ElementTree as ET
seen = set()
for o in ET.parse(sys.argv[1]).iter("outline"):
    u = o.get("xmlUrl")
    if u and u.startswith("http") and u not in seen:
        seen.add(u)
        print(o.get("title") or o.get("text"), u, sep="\t")
' "$1"; }
is "$(pairs "$T/out.opml")" "$(pairs "$T/in.opml")" "export gives back the same names and addresses"
contains "$(cat "$T/out.opml")" '<opml version="2.0">' "as OPML 2.0"
contains "$(cat "$T/out.opml")" 'category="news"' "with the category"
out=$("$REPWATCH" -c "$T/opml.conf" sources import "$T/out.opml")
contains "$out" "0 sources imported, 4 already watched" "importing the export again adds nothing"
"$REPWATCH" -c "$T/opml.conf" sources import "$T/www/forum-sante.rdf" 2>"$T/err"; is "$?" 2 "a feed is not an OPML file"
contains "$(cat "$T/err")" "not an OPML file" "and says so"

done_testing
