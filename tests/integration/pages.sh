#!/bin/sh
# SPDX-License-Identifier: MIT
# Page sources against nginx on 127.0.0.1: the fictional review page of
# feeds/templates/examples read with the rules of example-review-page
# (added with `sources add --template`, tried with `sources test`); its
# four reviews stored with their ratings as reviews although none names the
# doctor (the page does); an edited review is changed, with its word diff,
# and a review the page no longer lists is gone ("unlisted"); an HTML error
# page and a 404 are named failures that make nothing gone.  A PubMed
# esearch answer read with pubmed-esearch (XML rules, the subject from
# QueryTranslation, a sliding window); a user's own page template.
. "$(dirname "$0")/lib.sh"

export REPWATCH_DATADIR="$SRCDIR/feeds"
py=/usr/bin/python3
[ -x "$py" ] || { echo "1..0 # SKIP /usr/bin/python3 is missing"; exit 77; }

mkdir -p "$T/www"
cp "$SRCDIR/feeds/templates/examples/review-page.html" "$T/www/avis.html"
cp "$T/www/avis.html" "$T/www/copie.html"
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
cat > "$CONF" <<EOF
[practitioner]
name = Jeanne Dupont
specialty = dermatologue
city = Lyon
[fetch]
report_after = 1
EOF


# ---- add and test before scanning
out=$("$REPWATCH" sources add --template example-review-page "$base/avis.html" --name "Avis Dupont" 2>"$T/err"); rc=$?
is "$rc" 0 "sources add --template with a page template: $(cat "$T/err")"
sed -i '/^\[source Avis Dupont\]/a allow_private = yes' "$CONF"   # the test server is on 127.0.0.1
is "$(cat "$T/err")" "" "no warning: pages are read"
contains "$(cat "$CONF")" "template = example-review-page" "the source names its template"
out=$("$REPWATCH" sources test "Avis Dupont" 2>"$T/err"); rc=$?
is "$rc" 0 "sources test on the page source: $(cat "$T/err")"
contains "$out" "read as a page (html, utf-8) with the rules of template 'example-review-page': 4 items" \
	"read as a page with its template's rules"
contains "$out" "the page is about: Avis patients - Dr Jeanne Dupont, dermatologue à Lyon" "what the page is about"
contains "$out" "+ review       5/5 Très à l'écoute (2025-03-14T00:00:00Z)" "a review with its rating and date"
contains "$out" "on a page about \"dr jeanne dupont\"" "found through the page"
contains "$out" "4 of 4 items are about Jeanne Dupont" "every review is hers"
out=$("$REPWATCH" sources test --template example-review-page "$base/avis.html" 2>"$T/err"); rc=$?
is "$rc" 0 "sources test --template URL, before adding"
contains "$out" "4 of 4 items are about Jeanne Dupont" "the same reading"
out=$("$REPWATCH" sources test --template review-page-schema "$base/copie.html" 2>"$T/err"); rc=$?
is "$rc" 0 "the same page read with review-page-schema (JSON-LD): $(cat "$T/err")"
contains "$out" "the page is about: Avis patients - Dr Jeanne Dupont, dermatologue à Lyon (page de démonstration) | Dr Jeanne Dupont" \
	"its title and the Physician its schema.org data reviews"
contains "$out" "+ review       1/5 Déçu" "the JSON-LD reviews with their ratings"
contains "$out" "4 of 4 items are about Jeanne Dupont" "all four"
"$REPWATCH" sources test --template nope "$base/avis.html" 2>"$T/err"; is "$?" 2 "an unknown --template exits 2"
contains "$(cat "$T/err")" "no template 'nope'" "and says so"
"$REPWATCH" sources test "$base/copie.html" >/dev/null 2>"$T/err"; rc=$?
is "$rc" 1 "a page that is no source, tested without --template, is read as a feed: exit 1"
contains "$(cat "$T/err")" "hint: a page of reviews is read with the rules of a page template" "with a hint"
out=$("$REPWATCH" sources suggest)
contains "$out" "repwatch sources test --template review-page-schema URL, then add it with: repwatch sources add --template review-page-schema URL" \
	"suggest says how to try a page template, then add it"
lacks "$out" "does not read yet" "and no longer that pages are not read"

# ---- first scan: the four reviews, with their ratings, as reviews
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "first scan: $(cat "$T/err")"
is "$(cat "$T/err")" "" "quiet"
is "$(mentions 'm["category"], m["rating"], m["best"], m["change"], m["title"], sep="|"')" \
"review|5.0|5.0|new|Très à l'écoute
review|4.0|5.0|new|Bon suivi, attente un peu longue
review|2.0|5.0|new|Rendez-vous expédié
review|1.0|5.0|new|Déçu" "four reviews, each with its rating out of 5"
is "$(mentions 'm["source"], m["author"], m["link"], sep="|"' | sed -n 1p)" \
	"Avis Dupont|Camille R.|$base/avis.html#avis-1" "source, author, link to its anchor"
contains "$(mentions 'm["match_reason"]' | sed -n 1p)" "listed on a page about you, which names you: title and full name" \
	"stored for her because the page names her"
contains "$(mentions 'm["body"]' | sed -n 3p)" "Consultation de cinq minutes" "the review's text"
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "the same page again"
is "$("$REPWATCH" list --new --format=tsv | wc -l)" 4 "nothing new or changed: still the four of the first scan"

# ---- the page edited: review 2 reworded, review 3 removed
$py - "$T/www/avis.html" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = "Quarante minutes d'attente malgré le rendez-vous, mais le suivi est de qualité."
assert s.count(old) == 2   # the review and its JSON-LD twin
s = s.replace(old, "Une heure d'attente malgré le rendez-vous, et le suivi laisse à désirer.")
s, n = re.subn(r'    <div class="review" id="avis-3">.*?</div>\n', "", s, flags=re.S)
assert n == 1
open(p, "w", encoding="utf-8").write(s)
EOF
touch -d '2030-01-02 03:04:05' "$T/www/avis.html"
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 0 "scan of the edited page: $(cat "$T/err")"
contains "$out" "0 new, 1 changed, 1 gone" "one changed, one gone"
is "$(mentions 'm["title"]' --changed)" "Bon suivi, attente un peu longue" "list --changed: the edited review"
id2=$(mentions 'm["id"]' --changed)
show=$("$REPWATCH" show "$id2")
contains "$show" "versions (2):" "show: both versions"
contains "$show" "[-Quarante minutes-] {+Une heure+} d'attente" "show: the word diff"
contains "$show" "[-mais-] {+et+} le suivi [-est de qualité.-] {+laisse à désirer.+}" "show: the whole change"
is "$(mentions 'm["title"], m["state"], m["gone_reason"], sep="|"' --gone)" "Rendez-vous expédié|gone|unlisted" \
	"list --gone: the review the page no longer lists, gone_reason unlisted"
is "$(mentions 'm["state"]' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 3 active; 1 gone;" \
	"the other three stay active"
is "$("$REPWATCH" list --format=tsv | wc -l)" 4 "one mention each: no review taken for another"

# ---- an HTML error page, then a 404: named failures, nothing gone
cat > "$T/www/avis.html" <<'EOF'
<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Service momentanément indisponible</title></head>
<body><h1>Oups</h1><p>Le service est en maintenance, revenez plus tard.</p></body></html>
EOF
touch -d '2030-01-03 03:04:05' "$T/www/avis.html"
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 1 "an HTML error page where the reviews were: the scan exits 1"
contains "$(cat "$T/err")" "source 'Avis Dupont' failed: cannot read '$base/avis.html': the page lists no review that the rules of template 'example-review-page' find" \
	"the source is named, and why"
contains "$(cat "$T/err")" "example-review-page.ini" "with the template file to check"
is "$(mentions 'm["state"]' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 3 active; 1 gone;" \
	"nothing made gone by the error page"
"$REPWATCH" sources test "Avis Dupont" >/dev/null 2>"$T/err"; rc=$?
is "$rc" 1 "sources test says the same: exit 1"
contains "$(cat "$T/err")" "the page lists no review" "and why"
rm "$T/www/avis.html"
"$REPWATCH" -v scan --force >/dev/null 2>"$T/err"; rc=$?
is "$rc" 1 "the page answers 404: exit 1"
contains "$(cat "$T/err")" "source 'Avis Dupont' failed (2 scans in a row)" "named, counting the failures"
contains "$(cat "$T/err")" "HTTP 404" "with the status"
is "$(mentions 'm["state"]' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 3 active; 1 gone;" \
	"a page that answers 404 makes no review gone"
contains "$("$REPWATCH" sources)" "HTTP 404" "sources status shows it"

# ---- PubMed esearch: XML read with pubmed-esearch's rules; a sliding window
esearch() {   # esearch PMID...: an eSearchResult answer for "Jeanne Dupont"[au]
	{
		printf '<?xml version="1.0" encoding="UTF-8" ?>\n'
		printf '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
		printf '<eSearchResult><Count>%s</Count><RetMax>%s</RetMax><RetStart>0</RetStart><IdList>\n' $# $#
		for id in "$@"; do printf '<Id>%s</Id>\n' "$id"; done
		printf '</IdList><TranslationSet/><QueryTranslation>"dupont jeanne"[Author]</QueryTranslation></eSearchResult>\n'
	} > "$T/www/esearch.xml"
}
esearch 39000002 39000001
printf '[source PubMed]\nurl = %s/esearch.xml\nallow_private = yes\ncategory = publication\ntemplate = pubmed-esearch\n' "$base" >> "$CONF"
"$REPWATCH" scan 2>"$T/err"; rc=$?
lacks "$(cat "$T/err")" "PubMed" "the PubMed source is read without complaint"
is "$(mentions 'm["category"], m["title"], m["link"], m["confidence"], sep="|"' --type publication)" \
"publication|PubMed PMID 39000002|https://pubmed.ncbi.nlm.nih.gov/39000002/|medium
publication|PubMed PMID 39000001|https://pubmed.ncbi.nlm.nih.gov/39000001/|medium" \
	"each PMID stored as a publication: the search PubMed read names her"
esearch 39000003 39000002
touch -d '2030-01-04 03:04:05' "$T/www/esearch.xml"
"$REPWATCH" scan 2>/dev/null
is "$(mentions 'm["title"], m["state"], sep="|"' --type publication)" \
"PubMed PMID 39000002|active
PubMed PMID 39000001|active
PubMed PMID 39000003|active" "a PMID that slid out of the newest 20 is not gone (a search, not a review page)"
printf '<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>\n' > "$T/www/esearch.xml"
touch -d '2030-01-05 03:04:05' "$T/www/esearch.xml"
"$REPWATCH" scan --force 2>"$T/err"
contains "$(cat "$T/err")" "source 'PubMed' failed: cannot read '$base/esearch.xml': the server sent an HTML page, not the XML the extraction rules read" \
	"an HTML error page where the rules read XML is a named failure"

# ---- a user's own page template: a page whose title does not name her
mkdir -p "$XDG_CONFIG_HOME/repwatch/templates"
cat > "$XDG_CONFIG_HOME/repwatch/templates/annuaire-local.ini" <<'EOF'
[template]
id = annuaire-local
name = Annuaire local (test)
kind = page
url = {url}
lang = fr
category = review
requires = url
default = no
verified = yes
description = A fictional local directory page.
description_fr = Une page d'annuaire local fictive.

[extract]
items = //li[@class='avis']
text = .
subject = //h1
EOF
cat > "$T/www/annuaire.html" <<'EOF'
<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Annuaire santé - fiche 1234</title></head>
<body><h1>Dr Jeanne Dupont, dermatologue, Lyon</h1><ul>
<li class="avis">Accueil chaleureux, délai raisonnable.</li>
<li class="avis">Cabinet difficile à trouver.</li>
</ul></body></html>
EOF
"$REPWATCH" sources add --template annuaire-local "$base/annuaire.html" --name Annuaire >/dev/null 2>"$T/err"
is "$?" 0 "a user's page template is added like a shipped one: $(cat "$T/err")"
sed -i '/^\[source Annuaire\]/a allow_private = yes' "$CONF"   # the test server is on 127.0.0.1
"$REPWATCH" scan 2>/dev/null
is "$(mentions 'm["body"]' --type review --new | grep -c 'Accueil chaleureux\|Cabinet difficile')" 2 \
	"its entries are stored: its subject rule (the heading) names her"

# the page now says it is someone else's: a named failure, nothing gone
sed -i 's|<h1>Dr Jeanne Dupont, dermatologue, Lyon</h1>|<h1>Dr Paul Martin, cardiologue, Lyon</h1>|' "$T/www/annuaire.html"
touch -d '2030-01-06 03:04:05' "$T/www/annuaire.html"
"$REPWATCH" -v scan >/dev/null 2>"$T/err"
contains "$(cat "$T/err")" "source 'Annuaire' failed: cannot read '$base/annuaire.html': the page lists 2 reviews, but neither they nor the page name Jeanne Dupont (the page says it is about: \"Dr Paul Martin, cardiologue, Lyon\")" \
	"a review page that no longer names her is a named failure"
is "$(mentions 'm["state"]' --type review | grep -c gone)" 1 "and makes none of its reviews gone"
"$REPWATCH" sources test Annuaire >/dev/null 2>"$T/err"; rc=$?
is "$rc" 1 "sources test on it exits 1"
contains "$(cat "$T/err")" "neither the reviews nor the page name Jeanne Dupont" "saying why"

# ---- a broken template file: said on every scan; feeds are still read
atom_feed "$T/www/presse.atom" '<entry><id>urn:presse:1</id><title>Le Dr Jeanne Dupont ouvre un cabinet à Lyon</title><updated>2026-11-09T10:00:00Z</updated></entry>'
printf '[source Presse]\nurl = %s/presse.atom\nallow_private = yes\ntemplate = google-news-fr\n' "$base" >> "$CONF"
printf '[template]\nid = casse\nname = Cassé\n' > "$XDG_CONFIG_HOME/repwatch/templates/casse.ini"
"$REPWATCH" -v scan --force >/dev/null 2>"$T/err"
contains "$(cat "$T/err")" "cannot load the source templates (page sources will fail)" "the scan says the templates cannot be loaded"
contains "$(cat "$T/err")" "casse.ini" "naming the file"
contains "$(cat "$T/err")" "if it is a page, its template 'pubmed-esearch' could not be loaded" \
	"a page source fails, saying why"
contains "$(mentions 'm["title"], m["source"], sep="|"')" "Le Dr Jeanne Dupont ouvre un cabinet à Lyon|Presse" "a feed source is still read"

done_testing
