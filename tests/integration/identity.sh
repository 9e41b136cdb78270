#!/bin/sh
# SPDX-License-Identifier: MIT
# What counts as the same mention and as a change, on a review page served
# by nginx and scanned twice: reviews with neither id nor link, found by
# author and date; two identical texts by two authors kept apart; an edit
# reported as changed (never gone + new), a deletion as gone, a re-ordering
# as nothing.  Four spellings of one story's address are one mention.
# A homonym excluded by `not-me --word` after the fact leaves the lists
# as "not about me", never as gone.  A schema.org page (microdata with
# itemref and itemprop token lists) scanned twice: each review keeps its
# date, an anchored review is known by its anchor, undated reviews by
# author and rank (two by "Anonyme" stay two; a new one on top moves
# neither).  Everyone here is fictional.
. "$(dirname "$0")/lib.sh"

export REPWATCH_DATADIR="$SRCDIR/feeds"
py=/usr/bin/python3
[ -x "$py" ] || { echo "1..0 # SKIP /usr/bin/python3 is missing"; exit 77; }

mkdir -p "$T/www"
# page FILE REVIEW...: a review page about Dr Claire Fontaine; each review
# "author|date|stars|text", in page order, without title, id or link
page() {
	_f=$1
	shift
	{
		echo '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
		echo '<title>Avis patients - Dr Claire Fontaine, médecin généraliste à Nantes</title></head><body>'
		echo '<h1>Dr Claire Fontaine</h1>'
		for r in "$@"; do
			a=${r%%|*}; r=${r#*|}; d=${r%%|*}; r=${r#*|}; s=${r%%|*}; t=${r#*|}
			echo "<div class=\"review\"><span class=\"author\">$a</span> <time datetime=\"$d\">$d</time>"
			echo "<span class=\"stars\" data-rating=\"$s\"></span><p class=\"body\">$t</p></div>"
		done
		echo '</body></html>'
	} > "$T/www/$_f"
}
# rss FILE ITEMS...: "guid|link|title|description"
rss() {
	_f=$1
	shift
	{
		echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link>'
		for it in "$@"; do
			g=${it%%|*}; it=${it#*|}; l=${it%%|*}; it=${it#*|}; ti=${it%%|*}; de=${it#*|}
			echo "<item><guid isPermaLink=\"false\">$g</guid><link>$l</link><title>$ti</title><description>$de</description><pubDate>Thu, 01 Oct 2026 08:30:00 +0200</pubDate></item>"
		done
		echo '</channel></rss>'
	} > "$T/www/$_f"
}

page avis.html \
	"Lucie V.|2026-03-01|5|Excellent médecin." \
	"Hugo T.|2026-03-01|5|Excellent médecin." \
	"Paul G.|2026-02-10|4|Cabinet bien tenu, médecin ponctuel." \
	"Inès K.|2026-01-05|2|Très déçue par l'accueil au téléphone."
rss a.rss "a1|https://www.journal-nantes.example/sante/fontaine?utm_source=rss|Le Dr Claire Fontaine installée à Nantes|La généraliste Claire Fontaine ouvre son cabinet."
rss b.rss "b1|HTTPS://journal-nantes.example:443/sante/fontaine|Le Dr Claire Fontaine à Nantes|Claire Fontaine, médecin généraliste."
rss c.rss "c1|https://journal-nantes.example./sante/%66ontaine#haut|Dr Claire Fontaine|Le cabinet du Dr Claire Fontaine ouvre à Nantes."
rss d.rss "d1|https://journal-nantes.example/sante/fontaine?fbclid=XYZ|Claire Fontaine, généraliste|Claire Fontaine, médecin à Nantes."
rss sport.rss \
	"h1|https://sport.example/h1|Claire Fontaine qualifiée|La cavalière Claire Fontaine remporte le concours hippique de Nantes." \
	"h2|https://sport.example/h2|Claire Fontaine en tête|Au concours hippique, Claire Fontaine et son cheval mènent."
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
cat > "$CONF" <<EOF
[practitioner]
name = Claire Fontaine
specialty = médecine générale
city = Nantes
[fetch]
report_after = 1
[source Avis]
url = $base/avis.html
allow_private = yes
template = example-review-page
[source A]
url = $base/a.rss
allow_private = yes
[source B]
url = $base/b.rss
allow_private = yes
[source C]
url = $base/c.rss
allow_private = yes
[source D]
url = $base/d.rss
allow_private = yes
[source Sport]
url = $base/sport.rss
allow_private = yes
EOF


"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "first scan: $(cat "$T/err")"
is "$(mentions 'm["author"], m["change"], m["body"], sep="|"' --type review)" \
"Lucie V.|new|Excellent médecin.
Hugo T.|new|Excellent médecin.
Paul G.|new|Cabinet bien tenu, médecin ponctuel.
Inès K.|new|Très déçue par l'accueil au téléphone." \
	"four reviews: the two identical texts by two authors are two reviews"
is "$(mentions 'm["source"]' | grep -c '^[ABCD]$')" 1 \
	"one story under four spellings of its address (www, :443, trailing dot, %66, tracking, fragment) is one mention"
is "$(mentions 'm["title"]' | grep -c 'Claire Fontaine \(qualifiée\|en tête\)')" 2 "both of the rider's items are stored at first"

h1=$(mentions 'm["id"] if (m["link"] or "").endswith("/h1") else ""' | grep .)

# the user says the rider is not her, teaching a word
out=$("$REPWATCH" not-me "$h1" --word "concours hippique" 2>"$T/err"); rc=$?
is "$rc" 0 "not-me --word: $(cat "$T/err")"

# second round: Paul's review edited, Inès' deleted, the order changed
page avis.html \
	"Paul G.|2026-02-10|3|Cabinet bien tenu, mais une heure de retard ce jour-là." \
	"Hugo T.|2026-03-01|5|Excellent médecin." \
	"Lucie V.|2026-03-01|5|Excellent médecin."
touch -d '2030-01-02 03:04:05' "$T/www/avis.html" "$T/www/sport.rss"
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 0 "second scan: $(cat "$T/err")"
contains "$out" "0 new, 1 changed, 1 gone" "one edit, one deletion, nothing else"
is "$(mentions 'm["author"], m["rating"], sep="|"' --changed)" "Paul G.|3.0" "the edit is a change of Paul's review (text and rating)"
is "$(mentions 'm["author"], m["gone_reason"], sep="|"' --gone)" "Inès K.|unlisted" \
	"the deleted review is gone; the re-ordered ones are not; the rider's other item is not gone"
is "$(mentions 'm["author"]' --type review | tr '\n' ' ')" "Lucie V. Hugo T. Paul G. Inès K. " \
	"still four reviews: no edit taken for gone + new"
is "$(mentions 'm["title"]' | grep -c 'Claire Fontaine en tête')" 0 "the rider's other item leaves the list"
is "$(sqlite3 "$DB" "SELECT not_me FROM mentions WHERE link LIKE '%/h2'")" 2 "stored as not about me"
is "$(sqlite3 "$DB" "SELECT state FROM mentions WHERE link LIKE '%/h2'")" active "and still active: it is still online"
# JSON says which kind of not-me each one is
is "$("$REPWATCH" export | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("type") == "mention" and (m["link"] or "").startswith("https://sport.example/"):
        print(m["link"].rsplit("/", 1)[1], json.dumps(m["not_me"]))' | sort)" \
"h1 \"marked\"
h2 \"excluded\"" "export: the one marked not-me is \"marked\", the one a learned rule hides \"excluded\""
is "$(mentions 'json.dumps(m["not_me"])' | sort -u)" "false" "list: the mentions about her say false"

# A schema.org page read through review-page-schema: microdata with
# itemref, itemprop="dateCreated datePublished", a review with an anchor
# (its element id) and undated reviews, two of them by "Anonyme".
# fiche REVIEW...: "anchor|author|date|stars|text" (anchor, date may be empty)
fiche() {
	{
		echo '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
		echo '<title>Dr Claire Fontaine, médecin généraliste à Nantes - avis | notes-sante.example</title></head><body>'
		echo '<nav class="breadcrumb"><a href="/">Accueil</a> › <a href="/generalistes/nantes">Généralistes à Nantes</a></nav>'
		echo '<section itemscope itemtype="https://schema.org/Physician" itemref="avis">'
		echo '<h1 itemprop="name">Dr Claire Fontaine</h1> <span itemprop="medicalSpecialty">Médecin généraliste</span>, <span itemprop="address">Nantes</span></section>'
		echo '<aside class="pub">Publicité : tensiomètre connecté, -20 %</aside>'
		echo '<aside class="similaires">Praticiens similaires : Dr Bastien Morvellec, généraliste, Nantes</aside>'
		echo '<div id="avis">'
		for r in "$@"; do
			an=${r%%|*}; r=${r#*|}; a=${r%%|*}; r=${r#*|}; d=${r%%|*}; r=${r#*|}; s=${r%%|*}; t=${r#*|}
			echo "<article itemprop=\"review\" itemscope itemtype=\"https://schema.org/Review\"${an:+ id=\"$an\"}>"
			echo "<span itemprop=\"author\">$a</span>${d:+<meta itemprop=\"dateCreated datePublished\" content=\"$d\">}"
			echo "<span itemprop=\"reviewRating\" itemscope itemtype=\"https://schema.org/Rating\"><meta itemprop=\"ratingValue\" content=\"$s\"></span>"
			echo "<p itemprop=\"reviewBody\">$t</p></article>"
		done
		echo '</div></body></html>'
	} > "$T/www/fiche.html"
}
fiche \
	"avis-9|Rose M.|2026-04-02|4|Très bien reçue." \
	"|Anonyme||5|Médecin ponctuel." \
	"|Léon B.||4|Bon contact." \
	"|Anonyme||3|Excellent médecin."
cat >> "$CONF" <<EOF
[source Fiche]
url = $base/fiche.html
allow_private = yes
template = review-page-schema
EOF
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 0 "third scan, with the schema.org page: $(cat "$T/err")"
contains "$out" "4 new, 0 changed, 0 gone" "four reviews, the two undated ones by Anonyme apart"
is "$(mentions '"|".join(str(x) for x in (m["author"], m["published"], m["link"])) if m["source"] == "Fiche" else ""' | grep . | sed 's|http://127.0.0.1:[0-9]*||')" \
"Rose M.|2026-04-02T00:00:00Z|/fiche.html#avis-9
Anonyme|None|None
Léon B.|None|None
Anonyme|None|None" "each review once, with its date (dateCreated datePublished) and its anchor"

# a new undated review by Anonyme on top, the older Anonyme one edited, the
# anchored one edited (text, date, stars)
fiche \
	"|Anonyme||5|Nouvelle patiente, ravie." \
	"avis-9|Rose M.|2026-04-03|5|Très bien reçue, merci." \
	"|Anonyme||2|Médecin ponctuel, mais une heure de retard." \
	"|Léon B.||4|Bon contact." \
	"|Anonyme||3|Excellent médecin."
touch -d '2030-01-03 03:04:05' "$T/www/fiche.html"
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 0 "fourth scan: $(cat "$T/err")"
contains "$out" "1 new, 2 changed, 0 gone" "the new one is new, both edits are changes, nothing is gone"
is "$(mentions 'm["author"] + "|" + m["body"] if m["source"] == "Fiche" else ""' --changed | grep .)" \
"Rose M.|Très bien reçue, merci.
Anonyme|Médecin ponctuel, mais une heure de retard." "the edits, known by anchor and by author and rank"
done_testing
