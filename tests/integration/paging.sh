#!/bin/sh
# SPDX-License-Identifier: MIT
# Review pages that list nothing, against nginx on 127.0.0.1: her new
# profile (the page names her, no review yet) is a healthy, empty source,
# scan after scan; its first review is new; a page that lists nothing and
# names no one (an error page) still fails, saying why, and makes nothing
# gone.  (Following a next-page rule is not implemented yet.)
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

done_testing
