#!/bin/sh
# SPDX-License-Identifier: MIT
# tray-google.sh - the sources of repwatch-tray's Preferences that have
# keys of their own, under Xvfb (tray-lib.sh):
#  - Save keeps every key of a mailbox's and of a Google source's section
#    (folder, password_file, mark_seen, max_mail_size...; location,
#    subject, api_base...), though the dialog shows only name, address and
#    kind;
#  - her Google listing added through the picker, against the stand-in for
#    Google (gbp-lib.sh): the consent opened in "the browser" (the
#    desktop's https handler, a script that plays her: it follows the
#    consent's redirect to the loopback), the listings shown, one picked,
#    the source written as `sources add --google-business` writes it, a
#    scan reads its reviews; in English and in French, with screenshots.
# Everyone here is fictional.
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/tray-lib.sh"
. "$SRCDIR/tests/integration/gbp-lib.sh"

# the browser: the user's default https handler records the address and
# does what she does on Google's page (allow), i.e. follows its redirect
mkdir -p "$T/bin" "$XDG_DATA_HOME/applications"
cat >"$T/bin/browser" <<EOF
#!/bin/sh
printf '%s\n' "\$1" >>"$T/opened"
loc=\$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{redirect_url}' "\$1")
printf '%s\n' "\$loc" >>"$T/redirected"
curl -s "\$loc" >"$T/consent-page.html"
EOF
chmod +x "$T/bin/browser"
printf '[Desktop Entry]\nType=Application\nName=Browser (test)\nExec=%s/bin/browser %%u\nNoDisplay=true\nMimeType=x-scheme-handler/https;\n' \
	"$T" >"$XDG_DATA_HOME/applications/rw-test-browser.desktop"
printf '[Default Applications]\nx-scheme-handler/https=rw-test-browser.desktop\n' >"$XDG_CONFIG_HOME/mimeapps.list"

printf 'imap-Pa55-for-tests\n' >"$T/imap-password"
chmod 600 "$T/imap-password"
cat >"$CONF" <<EOF
[practitioner]
name = Camille Fictive
specialty = médecine générale
city = Lyon

[fetch]
ca_file = $T/cert.pem

# an alert mailbox, with the keys of its kind
[source Alertes]
url = imaps://127.0.0.1:9/INBOX
kind = imap
user = camille
folder = Alertes Google
password_file = $T/imap-password
mark_seen = yes
max_mail_size = 2000000
max_mails = 300
since_days = 30

# a Google listing written by hand, every key of its kind
[source Fiche Google]
url = $base/v4/accounts/111/locations/333/reviews
category = review
kind = google-business
location = accounts/111/locations/333
subject = Centre de Santé Imaginaire
api_base = $base
auth_url = $base/o/oauth2/v2/auth
token_url = $base/token
revoke_url = $base/revoke
allow_private = yes
EOF
now=$(date +%s)
printf '[tray]\ninterval_hours=6\npaused=false\n[state]\nlast_viewed=0\nlast_scan=%s\n' "$now" \
	>"$XDG_CONFIG_HOME/repwatch/tray.ini"
"$REPWATCH" sources ls >/dev/null 2>"$T/ls.err"
ok $? "the configuration loads: $(cat "$T/ls.err")"

# keys KEY...: "[section] key = value" of every source key of $CONF but url and category, sorted
keys() {
	awk '/^\[/ { s = $0 } /^[a-z_]+ *=/ && s ~ /^\[source / { k = $1; if (k != "url" && k != "category") print s, $0 }' \
		"$CONF" | sort
}
before=$(keys)
start_tray "$T/tray1.log" --self-test-dump="$T/dump0"
wait_for_file "$T/dump0"

# ---- 1. Save keeps what the dialog does not show
dump --preferences
contains "$(grep '^window' "$DUMP")" "window	Preferences - repwatch" "Preferences open"
dump --self-test-set=city=Villeurbanne --self-test-click=save
lacks "$(grep '^window' "$DUMP")" "Preferences - repwatch" "Save closes them"
grep -q '^city = Villeurbanne$' "$CONF"
ok $? "Save wrote the change"
is "$(keys)" "$before" "every key of the mailbox's and of the Google source's sections is still there, unchanged"
is "$(grep -c '^category = *$' "$CONF")" 0 "no empty key added"
"$REPWATCH" sources ls >/dev/null 2>"$T/ls2.err"
ok $? "the saved configuration loads: $(cat "$T/ls2.err")"

# ---- 2. her Google listing, through the picker
pick_start() {   # pick_start NAME: the picker, filled in, and Connect
	dump --preferences --self-test-click=add-google
	dump --self-test-set="gbp-client-file=$T/client.json" --self-test-set="gbp-name=$1" \
		--self-test-set="gbp-api-base=$base" --self-test-set="gbp-auth-url=$base/o/oauth2/v2/auth" \
		--self-test-set="gbp-token-url=$base/token" --self-test-set="gbp-revoke-url=$base/revoke" \
		--self-test-click=gbp-allow-private --self-test-click=gbp-connect
}
pick_start "Google (tray)"
contains "$(grep '^window' "$DUMP")" "window	Your Google listing - repwatch" "Add your Google listing opens the picker"
url=$(field 'entry	gbp-url')
contains "$url" "$base/o/oauth2/v2/auth?" "the consent's address is shown to copy"
contains "$url" "code_challenge_method=S256" "...with PKCE S256"
is "$(head -n 1 "$T/opened" 2>/dev/null)" "$url" "...and opened in the desktop's browser"
contains "$(cat "$T/redirected" 2>/dev/null)" "http://127.0.0.1:" "the consent redirected to the tray's loopback"
contains "$(cat "$T/consent-page.html" 2>/dev/null)" "Access granted" "...which caught it and told the browser"
is "$(grep -c '^POST /token authorization_code' "$S/requests.log")" 1 "the code was exchanged"
is "$(grep '^tree	gbp-listings' "$DUMP" | cut -f 3,5 | tr '\t\n' '|;')" \
	"Dr Camille Fictive - Médecin généraliste|accounts/111/locations/222;Centre de Santé Imaginaire|accounts/111/locations/333;" \
	"the listings the account can read are shown"
contains "$(grep '^label' "$DUMP")" "Access granted. Pick the listing to follow." "she is asked to pick one"
shot tray-google-picker-en
tok="$XDG_DATA_HOME/repwatch/secrets/Google (tray).json"
is "$(stat -c %a "$tok" 2>/dev/null)" 600 "the token file is kept 0600"
dump --self-test-set="gbp-listings=Dr Camille Fictive - Médecin généraliste" --self-test-click=gbp-pick
lacks "$(grep '^window' "$DUMP")" "Your Google listing" "Follow this listing closes the picker"
contains "$(grep '^label' "$DUMP")" "Added source 'Google (tray)': the Google reviews of Dr Camille Fictive - Médecin généraliste." \
	"Preferences say what was added"
section=$(awk '/^\[source Google \(tray\)\]/ { on = 1; next } /^\[/ { on = 0 } on && /=/' "$CONF")
for kv in "url = $base/v4/accounts/111/locations/222/reviews" "category = review" "kind = google-business" \
	"location = accounts/111/locations/222" "subject = Dr Camille Fictive - Médecin généraliste" \
	"api_base = $base" "token_url = $base/token" "revoke_url = $base/revoke" "allow_private = yes"; do
	contains "$section" "$kv" "the source is written: $kv"
done
lacks "$(cat "$CONF")" "$SECRET" "the configuration holds no secret"
reviews "a|5|Très à l'écoute, je recommande.|2026-11-01T10:00:00Z" "b|2|Attente très longue.|2026-11-02T10:00:00Z"
dump "--self-test-set=sources=Google (tray)" --self-test-click=test-source
contains "$(grep '^label	Works' "$DUMP")" "Works: 2 items (google-business). 2 are about you:" \
	"Test on the new source reads her listing's reviews: $(grep '^label	Failed' "$DUMP" | head -n 1)"
dump --self-test-click=save
is "$(awk '/^\[source Google \(tray\)\]/ { on = 1; next } /^\[/ { on = 0 } on && /=/' "$CONF")" "$section" \
	"a Save afterwards keeps the new source's keys"
"$REPWATCH" scan >/dev/null 2>"$T/scan.err"
rc=$?
[ $rc -le 1 ]
ok $? "a scan runs: $(grep -v "Alertes" "$T/scan.err" | tail -n 1)"
lacks "$(cat "$T/scan.err")" "Google (tray)" "...and the new source does not fail"
is "$(sqlite3 "$DB" "SELECT count(*) FROM mentions WHERE category = 'review' AND author LIKE 'Patient %'")" 2 \
	"...and reads the listing's reviews"
timeout 30 "$REPWATCH_TRAY" --quit >/dev/null 2>&1
i=0
while kill -0 "$TRAY_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

# ---- 3. in French; Cancel after the consent forgets the token
LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 start_tray "$T/tray2.log" --self-test-dump="$T/dump-fr0"
wait_for_file "$T/dump-fr0"
LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 pick_start "Google (fr)"
contains "$(grep '^window' "$DUMP")" "window	Votre fiche Google - repwatch" "the picker in French"
contains "$(grep '^label' "$DUMP")" "Choisissez la fiche à suivre." "...and its words"
is "$(grep -c '^tree	gbp-listings' "$DUMP")" 2 "...with the listings"
shot tray-google-picker-fr
[ -f "$XDG_DATA_HOME/repwatch/secrets/Google (fr).json" ]
ok $? "the consent kept a token"
dump --self-test-click=gbp-cancel
lacks "$(grep '^window' "$DUMP")" "Votre fiche Google" "Cancel closes the picker"
[ ! -e "$XDG_DATA_HOME/repwatch/secrets/Google (fr).json" ]
ok $? "...and forgets the token it had"
lacks "$(cat "$CONF")" "Google (fr)" "...and writes nothing"
timeout 30 "$REPWATCH_TRAY" --quit >/dev/null 2>&1
i=0
while kill -0 "$TRAY_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(cat "$T"/tray*.log | grep -c -i 'critical')" 0 "no GLib/GTK critical message"
if [ "$_failed" -gt 0 ]; then
	for f in "$T"/tray*.log "$T"/launch*.log "$T/gbp-server.log"; do
		echo "# --- $f"
		sed 's/^/#   /' "$f"
	done
fi
done_testing
