#!/bin/sh
# SPDX-License-Identifier: MIT
# The Google Business Profile source against a stand-in for Google's
# endpoints (tests/servers/gbp_server.py, HTTPS with a test CA): the
# consent caught on the loopback (the test plays the browser), the token
# kept 0600 and never in argv or logs, refreshed after a 401; a review
# added, edited, answered and deleted across scans reported as new,
# changed and gone; 403 and 429 named; `sources rm` revokes the token.
# Everyone here is fictional.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gbp-lib.sh"

cat > "$CONF" <<EOF
[practitioner]
name = Camille Fictive
specialty = médecine générale
city = Lyon
[fetch]
report_after = 1
ca_file = $T/cert.pem
EOF

# ---- the consent, caught on the loopback
"$REPWATCH" sources add --google-business --client-file "$T/client.json" --no-browser --allow-private \
	--api-base "$base" --auth-url "$base/o/oauth2/v2/auth" --token-url "$base/token" --revoke-url "$base/revoke" \
	--location 1 --timeout 120 >"$T/add.out" 2>"$T/add.err" &
addpid=$!
i=0
while ! grep -q "^  https://" "$T/add.out" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^  \(https:.*\)$/\1/p' "$T/add.out")
contains "$url" "code_challenge_method=S256" "the address to open asks for PKCE S256"
contains "$url" "scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fbusiness.manage" "and the business.manage scope"
lacks "$(tr '\0' ' ' < /proc/$addpid/cmdline)" "$SECRET" "the client secret is not in the command line"
# the browser: the consent screen redirects to the loopback
loc=$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{redirect_url}' "$url")
contains "$loc" "http://127.0.0.1:" "the consent answers with a redirect to the loopback"
loop=${loc%%\?*}
bad=$(curl -s -o /dev/null -w '%{http_code}' "${loop}?code=x&state=forged")
is "$bad" 400 "a redirect with another state is refused (and the wait goes on)"
page=$(curl -s "$loc")
contains "$page" "Autorisation reçue" "the browser is told, in French"
contains "$page" "Access granted" "and in English"
wait $addpid; rc=$?
is "$rc" 0 "sources add --google-business: $(cat "$T/add.err")"
contains "$(cat "$T/add.out")" "added source 'google-business'" "the source is added"
tok="$XDG_DATA_HOME/repwatch/secrets/google-business.json"
is "$(stat -c %a "$tok" 2>/dev/null)" 600 "the token file is 0600"
is "$(stat -c %a "$(dirname "$tok")" 2>/dev/null)" 700 "its folder 0700"
rt=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["refresh_token"])' "$tok")
contains "$rt" "1//rt-" "it holds the refresh token"
lacks "$(cat "$CONF")" "$SECRET" "the configuration holds no secret"
lacks "$(cat "$CONF")" "$rt" "nor the token"
contains "$(cat "$CONF")" "location = accounts/111/locations/222" "the chosen listing is written"
contains "$(cat "$CONF")" "subject = Dr Camille Fictive - Médecin généraliste" "with its title as whom it is about"
is "$(grep -c '^POST /token authorization_code' "$S/requests.log")" 1 "one code exchanged"

# ---- first scan: two reviews (three pages of at most two: paging)
reviews "a|5|Très à l'écoute, je recommande.|2026-11-01T10:00:00Z" \
	"b|2|Attente très longue au cabinet.|2026-11-02T10:00:00Z" \
	"c|4|Consultation rapide et claire.|2026-11-03T10:00:00Z"
out=$("$REPWATCH" --debug=all scan --summary 2>"$T/scan1.err"); rc=$?
is "$rc" 0 "first scan: $(grep -v debug "$T/scan1.err" | tail -1)"
contains "$out" "3 new" "three new reviews"
is "$(grep -c '^GET /v4/accounts/111/locations/222/reviews' "$S/requests.log")" 2 "read in two pages"
is "$(mentions 'm["author"], m["rating"], sep="|"' --type review | sort | tr '\n' ';')" \
	"Patient A|5.0;Patient B|2.0;Patient C|4.0;" "each review stored with its reviewer and its stars"
maps='https://maps.google.com/maps?cid=2222222222222222222&repwatch_review=accounts%2F111%2Flocations%2F222%2Freviews%2F'
is "$(mentions 'm["title"], m["link"], sep="|"' --type review | sort | tr '\n' ';')" \
	"Patient A ★★★★★|${maps}a;Patient B ★★☆☆☆|${maps}b;Patient C ★★★★☆|${maps}c;" \
	"each titled with its reviewer and stars, linked to the listing on Maps (its metadata.mapsUri)"
is "$(grep -c '^GET /v1/locations/222 ' "$S/requests.log")" 1 "the listing's Maps address asked once a scan"

# sources test NAME collects the listing as a scan would, and stores nothing
before=$(sqlite3 "$DB" 'SELECT count(*) FROM mentions')
out=$("$REPWATCH" sources test google-business 2>"$T/test.err"); rc=$?
is "$rc" 0 "sources test on the google-business source: $(cat "$T/test.err")"
contains "$out" "$base/v4/accounts/111/locations/222/reviews: collected as kind = google-business: 3 items" \
	"it reads the chosen listing's reviews through the API"
is "$(printf '%s\n' "$out" | grep -c '^+ review ')" 3 "each review judged a review"
contains "$out" 'on a page about "dr camille fictive"' "the listing's title is whom its reviews are about"
contains "$out" "3 of 3 items mention Camille Fictive" "all three are hers"
contains "$out" "Patient B ★★☆☆☆" "each review shown by its title"
lacks "$out" "(no title)" "none untitled"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM mentions')" "$before" "and nothing is stored"
ida=$(mentions 'm["id"] if m["author"] == "Patient A" else ""' | grep .)
"$REPWATCH" evidence "$ida" --out "$T/ev" >/dev/null 2>"$T/ev.err"; rc=$?
is "$rc" 0 "evidence of a review: $(cat "$T/ev.err")"
contains "$(cat "$T"/ev/snapshot-* 2>/dev/null)" '"name": "accounts/111/locations/222/reviews/a"' \
	"the evidence is Google's answer as it came"
lacks "$(cat "$T"/ev/* 2>/dev/null)" "ya29." "and holds no token"

# ---- the access token refused: refreshed, then the scan goes on
echo '{"expire": 1}' > "$S/control.json"
reviews "a|5|Très à l'écoute, je recommande.|2026-11-01T10:00:00Z" \
	"b|2|Attente très longue au cabinet.|2026-11-02T10:00:00Z|Nous sommes désolés pour l'attente." \
	"c|3|Consultation rapide, mais trop chère.|2026-11-05T10:00:00Z" \
	"d|1|Accueil désagréable.|2026-11-06T10:00:00Z"
before=$(grep -c '^POST /token refresh_token' "$S/requests.log")
out=$("$REPWATCH" --debug=all scan --summary 2>"$T/scan2.err"); rc=$?
is "$rc" 0 "second scan after a 401: $(grep -v debug "$T/scan2.err" | tail -1)"
is "$(grep -c '^POST /token refresh_token' "$S/requests.log")" $((before + 1)) "the token was refreshed once"
contains "$out" "1 new, 2 changed, 0 gone" "one added; one edited and one answered are changes"
contains "$(mentions 'm["author"], m["body"], sep="|"' --changed)" "Owner's reply" "the answer is part of the review shown"
echo '{}' > "$S/control.json"

# ---- a deletion
reviews "a|5|Très à l'écoute, je recommande.|2026-11-01T10:00:00Z" \
	"c|3|Consultation rapide, mais trop chère.|2026-11-05T10:00:00Z" \
	"d|1|Accueil désagréable.|2026-11-06T10:00:00Z"
out=$("$REPWATCH" scan --summary 2>"$T/scan3.err"); rc=$?
is "$rc" 0 "third scan: $(tail -1 "$T/scan3.err")"
contains "$out" "0 new, 0 changed, 1 gone" "the deleted review is gone"
is "$(mentions 'm["author"], m["gone_reason"], sep="|"' --gone)" "Patient B|unlisted" "and it is Patient B's"
id=$(mentions 'm["id"] if m["author"] == "Patient B" else ""' --gone | grep .)
contains "$("$REPWATCH" show "$id" 2>&1)" "Nous sommes désolés pour l'attente." "show gives the owner's reply"

# ---- refusals, named for the source
echo '{"status": 403}' > "$S/control.json"
"$REPWATCH" scan 2>"$T/scan403.err"; rc=$?
is "$rc" 1 "API not enabled: the source fails"
contains "$(cat "$T/scan403.err")" "google-business source 'google-business': the Business Profile APIs are not enabled" \
	"and says the APIs are not enabled, and how to enable them"
is "$(mentions 'm["state"]' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 3 active; 1 gone;" "a refusal makes nothing gone"
sed -i 's/^report_after = 1$/&\nbackoff_base = 0/' "$CONF"
LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" scan -v >/dev/null 2>"$T/scan403fr.err"; rc=$?
is "$rc" 1 "in French, the same refusal"
contains "$(cat "$T/scan403fr.err")" \
	"source google-business « google-business » : les API Business Profile ne sont pas activées pour le projet" \
	"said in French, its phrases translated (kept as a reason, reason.h)"
echo '{"status": 503}' > "$S/control.json"
"$REPWATCH" scan -v >/dev/null 2>"$T/scan503.err"; rc=$?
is "$rc" 1 "Google down: the source fails"
contains "$(cat "$T/scan503.err")" "a problem on Google's side (HTTP 503" "and says it is on Google's side"
echo '{"status": 429, "retry_after": "120"}' > "$S/control.json"
"$REPWATCH" scan -v >/dev/null 2>"$T/scan429.err"; rc=$?
is "$rc" 1 "quota used up: the source fails"
contains "$(cat "$T/scan429.err")" "Google's request quota is used up (HTTP 429" "and says the quota is used up"
contains "$(cat "$T/scan429.err")" "next try after" "and when to try again (Retry-After)"
echo '{}' > "$S/control.json"
asked=$(grep -c '^GET /v4/' "$S/requests.log")
"$REPWATCH" scan -v >/dev/null 2>"$T/scanheld.err"; rc=$?
is "$rc" 1 "the next scan, before Retry-After has passed: not read"
contains "$(cat "$T/scanheld.err")" "Google asked to wait (HTTP 429, Retry-After) until" "and says why"
is "$(grep -c '^GET /v4/' "$S/requests.log")" "$asked" "Google is not asked before then"

# ---- never in logs or messages
for f in "$T"/*.err "$T"/*.out; do
	at=$(grep -l "ya29\.\|1//rt-\|$SECRET" "$f")
	is "$at" "" "no token nor secret in $(basename "$f")"
done

# ---- sources rm revokes the token
out=$("$REPWATCH" sources rm google-business 2>"$T/rm.err"); rc=$?
is "$rc" 0 "sources rm: $(cat "$T/rm.err")"
is "$(grep -c '^POST /revoke' "$S/requests.log")" 1 "the token is revoked at the provider"
[ -e "$tok" ]; ok $((! $?)) "the token file is removed"
done_testing
