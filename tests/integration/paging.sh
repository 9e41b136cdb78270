#!/bin/sh
# SPDX-License-Identifier: MIT
# Review pages that list nothing, against nginx on 127.0.0.1: her new
# profile (the page names her, no review yet) is a healthy, empty source,
# scan after scan; its first review is new; a page that lists nothing and
# names no one (an error page) still fails, saying why, and makes nothing
# gone.  Then a review list on several pages (tests/data/paging): its next
# rule is followed page after page and every page is one reading; reviews
# that move from page to page are neither gone nor new again; a deletion on
# page 3 is gone; the cap, a next link to another host, a loop and a page 2
# that fails end the list, are said, and make nothing gone.
. "$(dirname "$0")/lib.sh"

export REPWATCH_DATADIR="$SRCDIR/feeds"

mkdir -p "$T/www"
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

# page FILE MTIME [REVIEW-HTML]: her profile page, with the reviews given
page() {
	cat > "$T/www/$1" <<EOF
<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Avis patients - Dr Jeanne Dupont, dermatologue à Lyon</title></head>
<body><h1>Dr Jeanne Dupont</h1><p>Dermatologue à Lyon.</p>
<section>${3:-<p>Aucun avis pour le moment.</p>}</section>
</body></html>
EOF
	touch -d "$2" "$T/www/$1"
}

page profil.html '2030-01-01 00:00:00'
out=$("$REPWATCH" sources add --allow-private --template example-review-page "$base/profil.html" --name "Profil Dupont" 2>"$T/err"); rc=$?
is "$rc" 0 "sources add: $(cat "$T/err")"
out=$("$REPWATCH" sources test "Profil Dupont" 2>"$T/err"); rc=$?
is "$rc" 0 "sources test on her new profile: exit 0 ($(cat "$T/err"))"
contains "$out" "0 of 0 items are about Jeanne Dupont" "it lists no review yet"
for i in 1 2 3; do
	"$REPWATCH" scan --force >/dev/null 2>"$T/err"; rc=$?
	is "$rc" 0 "scan $i of her new profile: exit 0 ($(cat "$T/err"))"
	is "$(cat "$T/err")" "" "scan $i: not a failing source"
done
is "$(sqlite3 "$DB" "SELECT failures FROM sources WHERE url = '$base/profil.html'")" 0 "the store counts no failure"

# ---- her first review: new
page profil.html '2030-01-02 00:00:00' '<div class="review" id="avis-1"><h3><a href="#avis-1">Très à l écoute</a></h3>
<span class="stars" data-rating="5" title="5 sur 5">★★★★★</span><span class="author">Camille R.</span>,
<time datetime="2029-12-30">30 décembre 2029</time><p class="body">Explications claires.</p></div>'
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 0 "scan with her first review: $(cat "$T/err")"
contains "$out" "1 new, 0 changed, 0 gone" "the first review is new"

# ---- an error page that names no one: fails, nothing gone
cat > "$T/www/profil.html" <<'EOF'
<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Service momentanément indisponible</title></head>
<body><h1>Oups</h1><p>Le service est en maintenance.</p></body></html>
EOF
touch -d '2030-01-03 00:00:00' "$T/www/profil.html"
"$REPWATCH" scan >/dev/null 2>"$T/err"; rc=$?
is "$rc" 1 "an error page: the scan exits 1"
contains "$(cat "$T/err")" "the page lists no review that the rules of template 'example-review-page' find, and it does not name Jeanne Dupont" \
	"named, and why"
is "$(sqlite3 "$DB" "SELECT state FROM mentions")" "active" "the review is not made gone by the error page"

"$REPWATCH" sources rm "Profil Dupont" >/dev/null 2>&1

# ---------------------------------------------------------------- a list on several pages
FIX="$SRCDIR/tests/data/paging"
mkdir -p "$XDG_CONFIG_HOME/repwatch/templates" "$T/www/dr-jeanne-dupont" "$T/www/dr-paul-arnaud"
cp "$FIX/paged-review-test.ini" "$XDG_CONFIG_HOME/repwatch/templates/"
D="$T/www/dr-jeanne-dupont"
list="$base/dr-jeanne-dupont/avis.html"

# listpage FILE MTIME NEXT-HREF REVIEW...: one page of her list; the
# "similar doctors" box and its next links come before the pagination
listpage() {
	_f=$1 _m=$2 _next=$3
	shift 3
	{
		printf '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">\n'
		printf '<title>Dr Jeanne Dupont, dermatologue à Lyon : avis patients</title></head>\n'
		printf '<body><header><a href="/">Accueil</a> › Dermatologues › Lyon</header>\n'
		printf '<h1>Dr Jeanne Dupont</h1><p class="adresse">Dermatologue, 3 rue Fictive, Lyon</p>\n'
		cat "$FIX/similar.html"
		printf '<section id="avis"><h2>Avis des patients</h2>\n'
		for _r; do cat "$FIX/$_r.html"; done
		printf '</section>\n<footer><nav class="pagination"><a class="page" href="avis.html">1</a>\n'
		[ -n "$_next" ] && printf '<a class="suivant" rel="nofollow next" href="%s">Page suivante ›</a>\n' "$_next"
		printf '</nav><p>© 2030 annuaire fictif</p></footer></body></html>\n'
	} > "$D/$_f"
	touch -d "$_m" "$D/$_f"
}
# the trap the "similar doctors" box points at: never to be read
cat > "$T/www/dr-paul-arnaud/avis-p2.html" <<'EOF'
<!DOCTYPE html><html><head><title>Dr Paul Arnaud</title></head><body><h1>Dr Paul Arnaud</h1>
<div class="avis"><span itemprop="author"><span itemprop="name">Piège P.</span></span>
<p itemprop="reviewBody">Avis de la page d'un autre médecin.</p></div></body></html>
EOF

scan_summary() {   # the scan's summary line; stderr in $T/err
	"$REPWATCH" scan --summary 2>"$T/err" | grep -o '[0-9]* new, [0-9]* changed, [0-9]* gone'
}
gone_authors() {
	sqlite3 "$DB" "SELECT author FROM mentions WHERE state = 'gone' ORDER BY author" | tr '\n' ',' | sed 's/,$//'
}

# ---- three pages, nine reviews
listpage avis.html '2030-02-01 00:00:00' avis-p2.html r02 r03 r04
listpage avis-p2.html '2030-02-01 00:00:00' /dr-jeanne-dupont/avis-p3.html r05 r06 r07
listpage avis-p3.html '2030-02-01 00:00:00' '' r08 r09 r10
"$REPWATCH" sources add --allow-private --template paged-review-test "$list" --name "Avis Dupont" >/dev/null 2>"$T/err"; rc=$?
is "$rc" 0 "sources add with the paged template: $(cat "$T/err")"
out=$("$REPWATCH" sources test "Avis Dupont" 2>"$T/err"); rc=$?
is "$rc" 0 "sources test on her list: exit 0 ($(cat "$T/err"))"
contains "$out" "3 pages of the list read: the last names no next page" "sources test follows the three pages"
contains "$out" "9 of 9 items are about Jeanne Dupont" "the reviews of every page, judged as one"
lacks "$out" "Piège" "the similar doctors' box is not followed"
out=$(LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 REPWATCH_LOCALEDIR="$BUILDDIR/po" "$REPWATCH" sources test "Avis Dupont" 2>&1)
contains "$out" "3 pages de la liste lues : la dernière n'indique pas de page suivante" "said in French too"
is "$(scan_summary)" "9 new, 0 changed, 0 gone" "first scan: every page's reviews are new ($(cat "$T/err"))"
is "$(sqlite3 "$DB" "SELECT count(*) FROM mentions WHERE author = 'Paul V.' AND published IS NOT NULL")" 1 \
	"a review's date is read from its itemprop token list"
is "$(sqlite3 "$DB" "SELECT group_concat(substr(url, length('$base/dr-jeanne-dupont/') + 1), ' ') FROM snapshots
	WHERE source_id = (SELECT id FROM sources WHERE url = '$list') ORDER BY id")" "avis.html avis-p2.html avis-p3.html" \
	"the evidence of the new reviews: the three pages read"

# ---- a new review on page 1: the others move down a page, none is gone or new again
listpage avis.html '2030-02-02 00:00:00' avis-p2.html r01 r02 r03
listpage avis-p2.html '2030-02-02 00:00:00' /dr-jeanne-dupont/avis-p3.html r04 r05 r06
listpage avis-p3.html '2030-02-02 00:00:00' '' r07 r08 r09 r10
is "$(scan_summary)" "1 new, 0 changed, 0 gone" "reviews moved from page 1 to 2 and 2 to 3: only the new one ($(cat "$T/err"))"
is "$(sqlite3 "$DB" "SELECT author FROM mentions ORDER BY id DESC LIMIT 1")" "Clément R." "the new one is the new review"

# ---- a review deleted on page 3; page 1 unchanged answers 304: nothing changed (documented)
listpage avis-p3.html '2030-02-03 00:00:00' '' r07 r08 r10
is "$(scan_summary)" "0 new, 0 changed, 0 gone" "page 1 not modified (304): the list is not read again"
touch -d '2030-02-03 00:00:00' "$D/avis.html"
is "$(scan_summary)" "0 new, 0 changed, 1 gone" "page 1 changed: the review deleted on page 3 is gone ($(cat "$T/err"))"
is "$(gone_authors)" "Sophie T." "the one deleted"

# ---- the cap: two pages read, a deletion on page 3 is not judged
sed -i 's/^report_after = 1$/report_after = 1\nmax_pages = 2/' "$CONF"
listpage avis-p3.html '2030-02-04 00:00:00' '' r07 r08
touch -d '2030-02-04 00:00:00' "$D/avis.html"
out=$("$REPWATCH" sources test "Avis Dupont" 2>"$T/err")
contains "$out" "2 pages of the list read: the most a scan reads ([fetch] max_pages); the next page, $base/dr-jeanne-dupont/avis-p3.html, is not read" \
	"sources test says the cap stopped it"
is "$(scan_summary)" "0 new, 0 changed, 0 gone" "the cap: nothing judged gone ($(cat "$T/err"))"
is "$(gone_authors)" "Sophie T." "no review on an unread page made gone"
sed -i '/^max_pages = 2$/d' "$CONF"
touch -d '2030-02-05 00:00:00' "$D/avis.html"
is "$(scan_summary)" "0 new, 0 changed, 1 gone" "the cap lifted: the deletion is seen"
is "$(gone_authors)" "Sophie T.,Yanis F." "the one deleted while the cap held"

# ---- a next link to another host: not followed, said, nothing gone
listpage avis-p2.html '2030-02-06 00:00:00' "http://localhost:$HTTP_PORT/dr-jeanne-dupont/avis-p3.html" r04 r05 r06
listpage avis-p3.html '2030-02-06 00:00:00' '' r07
touch -d '2030-02-06 00:00:00' "$D/avis.html"
out=$("$REPWATCH" sources test "Avis Dupont" 2>"$T/err")
contains "$out" "the next page, http://localhost:$HTTP_PORT/dr-jeanne-dupont/avis-p3.html, is on another site: not followed" \
	"sources test: another host is not followed, and says so"
is "$(scan_summary)" "0 new, 0 changed, 0 gone" "another host: nothing judged gone"
contains "$(cat "$T/err")" "is on another site and is not followed" "the scan says it"

# ---- a loop (page 3's next is page 2, spelt with a fragment): stopped, said, nothing gone
listpage avis-p2.html '2030-02-07 00:00:00' /dr-jeanne-dupont/avis-p3.html r04 r05 r06
listpage avis-p3.html '2030-02-07 00:00:00' 'avis-p2.html#haut' r07
touch -d '2030-02-07 00:00:00' "$D/avis.html"
out=$("$REPWATCH" sources test "Avis Dupont" 2>"$T/err")
contains "$out" "3 pages of the list read: the next page, $base/dr-jeanne-dupont/avis-p2.html#haut, was read already (the pages loop)" \
	"sources test: the loop is stopped, and said"
is "$(scan_summary)" "0 new, 0 changed, 0 gone" "a loop: nothing judged gone"
contains "$(cat "$T/err")" "was read already (the pages loop)" "the scan says it"
listpage avis-p3.html '2030-02-08 00:00:00' '' r07
touch -d '2030-02-08 00:00:00' "$D/avis.html"
is "$(scan_summary)" "0 new, 0 changed, 1 gone" "the list whole again: the deletion is seen"
is "$(gone_authors)" "Marc D.,Sophie T.,Yanis F." "the one deleted meanwhile"

# ---- page 2 fails: page 1 is stored, the page is named, nothing gone
rm "$D/avis-p2.html"
listpage avis.html '2030-02-09 00:00:00' avis-p2.html r11 r01 r02
out=$("$REPWATCH" scan --summary 2>"$T/err"); rc=$?
is "$rc" 1 "a failing page 2: the scan exits 1 (report_after = 1)"
contains "$(cat "$T/err")" "page 2 of the list, '$base/dr-jeanne-dupont/avis-p2.html', could not be read" "the page is named"
contains "$(cat "$T/err")" "404" "with what happened"
contains "$out" "1 new, 0 changed, 0 gone" "page 1's new review is stored, nothing judged gone"
is "$(gone_authors)" "Marc D.,Sophie T.,Yanis F." "no review of the unread pages made gone"
is "$(sqlite3 "$DB" "SELECT s.url FROM evidence e JOIN snapshots s ON s.id = e.snapshot_id
	JOIN mentions m ON m.id = e.mention_id WHERE m.author = 'Zoé A.'")" "$list" "its evidence: page 1, not the page that failed"
contains "$(sqlite3 "$DB" "SELECT last_error FROM sources WHERE url = '$list'" | tr -d '\036\037')" "page 2 of the list" \
	"the source's error names the page"
out=$("$REPWATCH" sources test "Avis Dupont" 2>"$T/err"); rc=$?
is "$rc" 1 "sources test: a failing page 2 fails the test"
contains "$(cat "$T/err")" "page 2 of the list, $base/dr-jeanne-dupont/avis-p2.html, could not be read" "and names it"

# ---- every review once; the box's links never requested
is "$(sqlite3 "$DB" "SELECT count(*) FROM sightings WHERE source_id = (SELECT id FROM sources WHERE url = '$list')")" 11 \
	"eleven reviews, each stored once"
is "$(grep -c 'dr-paul-arnaud' "$T/nginx/access.log")" 0 "no request for the similar doctors' next links"

done_testing
