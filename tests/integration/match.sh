#!/bin/sh
# SPDX-License-Identifier: MIT
# Finding and classifying, as a user meets it: `repwatch match` and
# `repwatch classify` on texts, then scans against a real nginx on
# 127.0.0.1: a homonym left out, why each mention matched stored and
# listed, myths of her specialty stored without naming her (and not with
# watch_myths = no), `repwatch not-me` teaching rules that later scans
# apply, a myth asserted stored as misinformation and her rebuttal of it
# as news.  Everyone here is fictional.
. "$(dirname "$0")/lib.sh"

export REPWATCH_DATADIR="$SRCDIR/feeds"
py=/usr/bin/python3
jq_() {   # jq_ PYTHON-EXPRESSION-ON-d < JSON
	"$py" -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

cat > "$CONF" <<'CONF'
[practitioner]
name = Dr Jeanne Dupont
maiden_name = Morel
specialty = dermatologie
city = Lyon
practice = Clinique du Parc
rpps = 10001234567
languages = fr, en
homonym = lawyer in Paris: avocate, barreau

[practitioner jg]
name = Jean-Guy MARTIN
specialty = cardiology
city = Paris
watch_myths = no
CONF

# ---- match ----
out=$(printf 'Avis : le Dr <b>Dupont</b>, dermatologue à Lyon.\n' | "$REPWATCH" match); rc=$?
is "$rc" 0 "match exits 0"
contains "$out" "$(printf 'default\t10-19\thigh\tDr Dupont\ttitle and surname')" "plain: practitioner, span, confidence, text, reason"
out=$(printf 'Le Dr J.-G. Martin, cardiologue à Paris.\n' | "$REPWATCH" match)
contains "$out" "$(printf 'jg\t3-18\thigh\tDr J.-G. Martin')" "the second practitioner, by his initials"
json=$(printf 'Jeanne Dupont, avocate au barreau de Paris.\n' | "$REPWATCH" match --format=json --all)
is "$(printf '%s' "$json" | jq_ '" | ".join("%s %s %s %s" % (m["practitioner"], m["text"], m["confidence"], m["kind"]) for m in d)')" \
	"default Jeanne Dupont none full name" "json --all: the homonym rejected"
contains "$(printf '%s' "$json" | jq_ 'd[0]["reason"]')" "lawyer in Paris 'avocate'" "the reason names the homonym's word"
is "$(printf 'Dr Jeanne Morel, dermatologue.\n' | "$REPWATCH" match --format=json | jq_ 'd[0]["confidence"] + " " + d[0]["variant"]')" \
	"high dr jeanne morel" "the maiden name is found, with her first name"
printf 'Jeanne Dupont, avocate.\n' > "$T/text.txt"
is "$("$REPWATCH" match --practitioner default --format=json "$T/text.txt" | jq_ 'len(d)')" "0" "a file argument; rejected hits hidden without --all"
"$REPWATCH" match --practitioner nobody "$T/text.txt" 2>"$T/err"; is "$?" 2 "unknown practitioner exits 2"
contains "$(cat "$T/err")" "no practitioner 'nobody'" "and says so"
"$REPWATCH" match "$T/missing.txt" 2>"$T/err"; is "$?" 2 "missing text file exits 2"
out=$("$REPWATCH" match --variants --practitioner jg)
contains "$out" "$(printf 'jg\tj g martin\tinitials and surname')" "--variants lists J.-G. initials"
contains "$out" "$(printf 'jg\tjg martin\t')" "and JG"
out=$("$REPWATCH" match --help); contains "$out" "usage: repwatch match" "match --help"
printf '[practitioner]\nname = Jeanne Dupont\nrpps = 123\n' > "$T/bad.conf"
"$REPWATCH" match --config "$T/bad.conf" "$T/text.txt" 2>"$T/err"; is "$?" 2 "a bad profile key exits 2"
is "$(cat "$T/err")" "repwatch: $T/bad.conf:3: [practitioner].rpps: 123: an RPPS number has 11 digits" "and points at file:line"

# ---- classify ----
myth_fr=$("$py" -c "import json; d=json.load(open('$SRCDIR/feeds/myths/dermatology.json')); print(d['myths'][0]['examples']['fr'])")
myth_en=$("$py" -c "import json; d=json.load(open('$SRCDIR/feeds/myths/dermatology.json')); print(d['myths'][0]['examples']['en'])")
myth_id=$("$py" -c "import json; d=json.load(open('$SRCDIR/feeds/myths/dermatology.json')); print(d['myths'][0]['id'])")
json=$(printf '%s\n' "$myth_fr" | "$REPWATCH" classify --format=json); rc=$?
is "$rc" 0 "classify exits 0"
is "$(printf '%s' "$json" | jq_ 'sorted(k for k in ("lang","sentiment","label","category","myth","sources") if k in d) == ["category","label","lang","myth","sentiment","sources"]')" \
	"True" "classify --format=json has lang, sentiment, label, category, myth, sources"
is "$(printf '%s' "$json" | jq_ '"%s %s %s %d" % (d["lang"], d["category"], d["myth"], len(d["sources"]))' | cut -d' ' -f1-3)" \
	"fr misinformation $myth_id" "a French myth"
ok "$(printf '%s' "$json" | jq_ 'int(len(d["sources"]) >= 2 and all(s["url"].startswith("https://") for s in d["sources"]) and bool(d["correction"]))' | grep -q 1; echo $?)" \
	"with a correction and its sources"
is "$(printf '%s\n' "$myth_en" | "$REPWATCH" classify --format=json | jq_ '"%s %s" % (d["lang"], d["myth"])')" "en $myth_id" "the same myth in English"
json=$(printf 'Médecin très à l\x27écoute, je recommande ! 5/5\n' | "$REPWATCH" classify --format=json)
is "$(printf '%s' "$json" | jq_ '"%s %s %s %s %s" % (d["lang"], d["label"], d["category"], d["rating"], d["myth"])')" \
	"fr positive review 5.0 None" "a positive French review"
json=$(printf 'Rude and dismissive, never again.\n' | "$REPWATCH" classify --format=json --link https://www.reddit.com/r/x)
is "$(printf '%s' "$json" | jq_ '"%s %s %s" % (d["lang"], d["label"], d["category"])')" "en negative social" "a negative English post"
out=$(printf 'Pas terrible.\n' | "$REPWATCH" classify --rating 1/5)
contains "$out" "category: review" "plain output, --rating"
contains "$out" "sentiment: -" "negative with one star"
printf 'x' | "$REPWATCH" classify --rating 9/5 2>/dev/null; is "$?" 2 "a rating above its scale exits 2"
printf 'x' | "$REPWATCH" classify --hint gossip 2>/dev/null; is "$?" 2 "an unknown hint exits 2"
# a myth no dermatologist watches (the catalogue marks most myths "general")
onc_fr=$("$py" -c "import json; d=json.load(open('$SRCDIR/feeds/myths/cancer.json')); print([m for m in d['myths'] if 'general' not in m['specialties']][0]['examples']['fr'])")
dent_fr=$("$py" -c "import json; d=json.load(open('$SRCDIR/feeds/myths/dentistry.json')); print([m for m in d['myths'] if 'general' not in m['specialties']][0]['examples']['fr'])")
is "$(printf '%s\n' "$onc_fr" | "$REPWATCH" classify --specialty dermatologie --format=json | jq_ 'd["myth"]')" "None" \
	"--specialty: a dermatologist is not shown an oncology myth"
is "$(printf '%s\n' "$onc_fr" | "$REPWATCH" classify --specialty oncologue --format=json | jq_ 'd["category"]')" "misinformation" \
	"an oncologist is"

# ---- scans ----
mkdir -p "$T/www"
write_feed() {   # write_feed FILE ITEMS...: "guid|title|description"
	f=$1; shift
	{
		echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link>'
		for it in "$@"; do
			g=${it%%|*}; rest=${it#*|}; ti=${rest%%|*}; de=${rest#*|}
			echo "<item><guid isPermaLink=\"false\">$g</guid><link>https://x.example/$g</link><title>$ti</title><description>$de</description><pubDate>Thu, 01 Oct 2026 08:30:00 +0200</pubDate></item>"
		done
		echo '</channel></rss>'
	} > "$T/www/$f"
}
write_feed news.rss \
	"n1|Le Dr Jeanne Dupont rejoint la Clinique du Parc|La dermatologue consultera à Lyon." \
	"n2|Jeanne Dupont, avocate au barreau de Paris|Elle plaide demain." \
	"n3|Jeanne Dupont marque trois buts|Victoire au handball pour Jeanne Dupont." \
	"n4|Santé : ce qu'il faut savoir|$myth_fr" \
	"n5|Rien à voir|Une pharmacie de garde ouvre." \
	"n8|Dents|$dent_fr"
write_feed sport.rss \
	"s1|Jeanne Dupont en finale|Le club de volley de Jeanne Dupont gagne."
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
cat >> "$CONF" <<CONF

[source news]
url = $base/news.rss
allow_private = yes
category = news

[source sport]
url = $base/sport.rss
allow_private = yes
CONF

"$REPWATCH" scan 2>"$T/err"; is "$?" 0 "first scan"
json=$("$REPWATCH" list --format=json)
is "$(printf '%s' "$json" | jq_ '" | ".join(sorted("%s %s %s %s" % (m["practitioner"], m["link"].rsplit("/", 1)[1], m["category"], m["confidence"]) for m in d))')" \
	"default n1 news high | default n3 news medium | default n4 misinformation None | default s1 other medium" \
	"stored: her news (high), the handball and volley homonyms (medium), the myth; not the lawyer, the pharmacy, the dentists' myth"
is "$(printf '%s' "$json" | jq_ '[m for m in d if m["link"].endswith("/n4")][0]["myth"]')" "$myth_id" "the myth's id is stored"
contains "$(printf '%s' "$json" | jq_ '[m for m in d if m["link"].endswith("/n4")][0]["match_reason"]')" "does not name you" \
	"and why an item that does not name her is there"
is "$(printf '%s' "$json" | jq_ '[m for m in d if m["link"].endswith("/n1")][0]["lang"] + " " + [m for m in d if m["link"].endswith("/n1")][0]["label"]')" \
	"fr neutral" "language and sentiment label stored"
contains "$(printf '%s' "$json" | jq_ '[m for m in d if m["link"].endswith("/n1")][0]["match_reason"]')" "practice 'clinique du parc'" \
	"the match reason names the context"
ok "$(printf '%s' "$json" | jq_ 'int(all(-1 <= m["sentiment"] <= 1 and m["not_me"] is False for m in d))' | grep -q 1; echo $?)" \
	"sentiment in [-1, 1], none marked not-me"
is "$(printf '%s' "$json" | jq_ 'len([m for m in d if m["practitioner"] == "jg"])')" "0" "watch_myths = no: nothing for jg"

n3=$(printf '%s' "$json" | jq_ '[m["id"] for m in d if m["link"].endswith("/n3")][0]')
s1=$(printf '%s' "$json" | jq_ '[m["id"] for m in d if m["link"].endswith("/s1")][0]')
out=$("$REPWATCH" not-me "$n3" 2>"$T/err"); rc=$?
is "$rc" 0 "not-me without a word exits 0"
contains "$(cat "$T/err")" "no rule learned" "but says nothing told the homonym apart"
"$REPWATCH" not-me "$n3" --undo >/dev/null; is "$?" 0 "--undo"
out=$("$REPWATCH" not-me "$n3" --word handball); rc=$?
is "$rc" 0 "not-me --word"
contains "$out" "the word 'handball' counts against default" "says what it learned"
out=$("$REPWATCH" not-me "$s1" --source)
contains "$out" "nothing from $base/sport.rss is about default" "not-me --source"
"$REPWATCH" not-me 9999 --word x 2>"$T/err"; is "$?" 2 "an unknown mention exits 2"
rules=$("$REPWATCH" not-me --list)
is "$(printf '%s\n' "$rules" | cut -f2-4 | tr '\t' ' ')" "$(printf 'default word handball\ndefault source %s' "$base/sport.rss")" "--list shows both rules"
is "$("$REPWATCH" list --format=tsv | cut -f12 | sed 's|.*/||' | sort | tr '\n' ' ')" "n1 n4 " "not-me mentions leave the listing"
is "$("$REPWATCH" list --format=json | jq_ 'len(d)')" "2" "in JSON too"

# the rules apply to later scans
write_feed news.rss \
	"n1|Le Dr Jeanne Dupont rejoint la Clinique du Parc|La dermatologue consultera à Lyon." \
	"n3|Jeanne Dupont marque trois buts|Victoire au handball pour Jeanne Dupont." \
	"n6|Jeanne Dupont, nouvelle recrue|Le handball lyonnais accueille Jeanne Dupont." \
	"n7|Le Dr Jeanne Dupont ouvre un cabinet à Lyon|La dermatologue Jeanne Dupont s'installe, même si elle aimait le handball."
write_feed sport.rss \
	"s1|Jeanne Dupont en finale|Le club de volley de Jeanne Dupont gagne." \
	"s2|Dr Jeanne Dupont, dermatologue|Elle parraine le club."
touch "$T/www/news.rss" "$T/www/sport.rss"
out=$("$REPWATCH" scan --summary 2>"$T/err"); is "$?" 0 "second scan"
contains "$out" "1 new" "one new mention only"
tsv=$("$REPWATCH" list --format=tsv)
is "$(printf '%s\n' "$tsv" | cut -f12 | sed 's|.*/||' | sort | tr '\n' ' ')" "n1 n4 n7 " \
	"the handball word keeps n6 out, lowers n7 but keeps it; the sport source is ignored"
is "$("$REPWATCH" list --gone --format=tsv | cut -f12 | sed 's|.*/||' | tr '\n' ' ')" "n4 " \
	"the not-me mentions do not become gone (only the dropped myth item does)"
rule=$(printf '%s\n' "$rules" | sed -n 2p | cut -f1)
out=$("$REPWATCH" not-me --forget "$rule"); contains "$out" "rule $rule forgotten" "--forget"
"$REPWATCH" not-me --forget "$rule" 2>/dev/null; is "$?" 2 "forgetting it twice exits 2"
out=$("$REPWATCH" not-me --help); contains "$out" "usage: repwatch not-me" "not-me --help"

# ---- stance: a myth asserted is misinformation, refuted it is not ----
refute_fr="Il est faux de dire que les vaccins provoquent l'autisme."
json=$(printf '%s\n' "$refute_fr" | "$REPWATCH" classify --format=json)
is "$(printf '%s' "$json" | jq_ '"%s %s %s %s" % (d["category"], d["myth"], d["stance"], d["stance_reason"])')" \
	"other vaccines-autism refute denied-before" "classify --format=json: a refutation is no misinformation, and says why"
contains "$(printf '%s\n' "$refute_fr" | "$REPWATCH" classify)" "stance: refutes it (denied-before)" "plain output shows the stance"
export XDG_DATA_HOME="$T/data-stance"   # a new store
write_feed stance.rss \
	"a1|Vaccins et autisme|Les vaccins provoquent l'autisme, c'est prouvé." \
	"a2|La dermatologue répond|Le Dr Jeanne Dupont rappelle qu'il est faux de dire que les vaccins provoquent l'autisme." \
	"a3|Idée reçue|$refute_fr"
cat > "$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
specialty = dermatologie
city = Lyon

[source stance]
url = $base/stance.rss
allow_private = yes
CONF
"$REPWATCH" scan 2>"$T/err"; is "$?" 0 "scan of an asserting and two refuting items"
json=$("$REPWATCH" list --format=json)
is "$(printf '%s' "$json" | jq_ '" | ".join(sorted("%s %s %s" % (m["link"].rsplit("/", 1)[1], m["category"], m["myth"]) for m in d))')" \
	"a1 misinformation vaccines-autism | a2 news vaccines-autism" \
	"stored: the assertion as misinformation, her rebuttal as news; not the rebuttal that does not name her"
contains "$(printf '%s' "$json" | jq_ '[m for m in d if m["link"].endswith("/a2")][0]["reason"]')" \
	"a rebuttal naming you: myth 'vaccines-autism', refuted" "the stored reason says it was a rebuttal"
done_testing
