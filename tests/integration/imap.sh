#!/bin/sh
# SPDX-License-Identifier: MIT
# An alert mailbox (kind = imap) against a real Dovecot on 127.0.0.1
# (tests/servers/dovecot.sh), STARTTLS and IMAPS with a test certificate:
# the notification e-mails of tests/data/mail/ are read into mentions; a
# re-scan reads nothing twice; a new mail is read; a renumbered folder
# (new UIDVALIDITY) is read again without duplicates; a malformed MIME mail
# is named and the others read; a 50 MB mail is capped and named; the
# folder's flags are unchanged (EXAMINE, BODY.PEEK); a wrong password is a
# clear error of that source; mark_seen = yes marks what was read.
. "$(dirname "$0")/lib.sh"

command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || {
	echo "1..0 # SKIP dovecot is not installed (tools/install-deps --tests: dovecot-imapd)"
	exit 0
}
command -v openssl >/dev/null || { echo "1..0 # SKIP openssl is not installed"; exit 0; }
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 is not installed"; exit 0; }

PASSWORD='imap-Pa55-for-tests'
MD="$T/Maildir"
mkdir -p "$MD/cur" "$MD/new" "$MD/tmp" "$T/dovecot"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
	-subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
n=0
put() {   # put FILE [FLAGS]: a mail into the Maildir, in order
	n=$((n + 1))
	cp "$1" "$MD/cur/17000000$(printf %02d $n).M${n}P1.test:2,${2:-}"
}
for m in google-alert-fr gbp-review unknown-sender malformed pagesjaunes-review; do
	put "$SRCDIR/tests/data/mail/$m.eml"
done
# one already seen by the doctor: it must stay seen, the others unseen
put "$SRCDIR/tests/data/mail/facebook-recommendation.eml" S

start_dovecot() {
	ports=$("$SRCDIR/tests/servers/dovecot.sh" start "$T/dovecot" "$MD" jeanne "$PASSWORD" "$T/cert.pem" "$T/key.pem") ||
		{ echo "Bail out! dovecot did not start"; exit 1; }
	IMAP_PORT=${ports% *}
	IMAPS_PORT=${ports#* }
}
stop_dovecot() { "$SRCDIR/tests/servers/dovecot.sh" stop "$T/dovecot"; }
on_exit "'$SRCDIR/tests/servers/dovecot.sh' stop '$T/dovecot'"
start_dovecot

printf '%s\n' "$PASSWORD" > "$T/imap-password"
chmod 600 "$T/imap-password"
write_conf() {   # write_conf URL [EXTRA-KEY-LINES]
	cat > "$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
specialty = dermatologie
city = Lyon

[fetch]
ca_file = $T/cert.pem
report_after = 1
backoff_base = 0

[source Alertes]
url = $1
kind = imap
user = jeanne
password_file = $T/imap-password
${2:-}
CONF
	chmod 600 "$CONF"
}
flags() { (cd "$MD/cur" && ls | sort); }
count() { sqlite3 "$DB" "select count(*) from mentions"; }
write_conf "imap://127.0.0.1:$IMAP_PORT/INBOX"
before=$(flags)

# ---- first scan: every known notification read ----
"$REPWATCH" -v scan >"$T/out1" 2>"$T/err1"
ok $? "first scan succeeds: $(head -c 600 "$T/err1" | tr "\n" " ")"
m1=$(count)
ok "$([ "$m1" -ge 5 ] && echo 0 || echo 1)" "mentions from the alert and the notifications ($m1)"
"$REPWATCH" list --all --format tsv >"$T/list1"
contains "$(cat "$T/list1")" "https://www.leprogres-lyon.example/sante/2026/12/06/la-dermatologue-jeanne-dupont-ouvre-un-second-cabinet" \
	"the alert's result, its link unwrapped from google.com/url"
lacks "$(cat "$T/list1")" "google.com/url" "no wrapped link stored"
lacks "$(cat "$T/list1")" "annonces-immo" "the result that is not hers is not kept"
contains "$(cat "$T/list1")" "Nouvel avis sur" "the Google Business Profile review"
contains "$(cat "$T/list1")" "Vous avez reçu un nouvel avis" "the PagesJaunes review (latin-1)"
contains "$(cat "$T/list1")" "Lucie Moreau recommande" "the Facebook recommendation"
contains "$(cat "$T/err1")" "not readable MIME: a multipart without its boundary" "the malformed mail is named"
contains "$(cat "$T/err1")" "mail 4 (from googlealerts-noreply@google.com" "...by its number and sender"
grep -q "Login: user=<jeanne>.*TLS" "$T/dovecot/dovecot.log"
ok $? "the login went over STARTTLS"
is "$(flags)" "$before" "the folder's flags are unchanged (EXAMINE, BODY.PEEK)"
state=$(sqlite3 "$DB" "select etag from sources where name = 'Alertes'")
contains "$state" "imap " "the mailbox's UIDVALIDITY and last UID kept: $state"

# ---- sources test: what each mail gave, the skipped ones said ----
"$REPWATCH" sources test Alertes >"$T/test1" 2>&1
ok $? "sources test of the mailbox: $(tail -n 3 "$T/test1" | tr "\n" " ")"
contains "$(cat "$T/test1")" "read by template 'google-alerts' (verified = no): 3 items" "the alert's three results"
contains "$(cat "$T/test1")" "(from newsletter@labo-exemple.example, \"Nouveautés de la gamme solaire 2027\"): no mail template knows this sender: skipped" \
	"an unknown sender is said and skipped"
contains "$(cat "$T/test1")" "2 mails were not read" "the skipped mails are counted"
contains "$(cat "$T/test1")" "+ review       2/5 Nouvel avis sur" "the review is shown as the scan judges it"
is "$(flags)" "$before" "sources test changes no flag either"
LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 REPWATCH_LOCALEDIR="$REPWATCH_LOCALEDIR" "$REPWATCH" sources test Alertes >"$T/test1fr" 2>&1
contains "$(cat "$T/test1fr")" "mails n'ont pas été lus" "...in French too"

# ---- sources suggest: the Google listing's route is the owner's API, or the alert mailbox ----
"$REPWATCH" sources suggest >"$T/suggest" 2>&1
contains "$(cat "$T/suggest")" "Google reviews (Google Business Profile, Maps) [owner]" \
	"suggest: Google reviews through the owner's access"
contains "$(cat "$T/suggest")" "imaps://YOUR-MAIL-SERVER/Avis" "...or the alert mailbox, with the steps"
LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$REPWATCH" sources suggest >"$T/suggest-fr" 2>&1
contains "$(cat "$T/suggest-fr")" "activez les notifications" "...in French too"

# ---- a re-scan reads nothing twice ----
"$REPWATCH" -vv scan >"$T/out2" 2>"$T/err2"
ok $? "second scan succeeds"
contains "$(cat "$T/err2")" "0 mails read" "nothing read again"
is "$(count)" "$m1" "no new mention"

# ---- a new mail ----
put "$SRCDIR/tests/data/mail/trustpilot-review.eml"
"$REPWATCH" -vv scan >"$T/out3" 2>"$T/err3"
ok $? "scan after a new mail"
contains "$(cat "$T/err3")" "1 mails read" "only the new mail read"
m3=$(count)
is "$m3" "$((m1 + 1))" "its review is one new mention"

# ---- UIDVALIDITY changes: read again, no duplicate ----
stop_dovecot
rm -f "$MD"/dovecot-uidlist "$MD"/dovecot-uidvalidity* "$MD"/dovecot.index* "$MD"/dovecot.list.index*
DOVECOT_PORTS="$IMAP_PORT $IMAPS_PORT" start_dovecot
"$REPWATCH" -vv scan >"$T/out4" 2>"$T/err4"
ok $? "scan after the folder was renumbered"
contains "$(cat "$T/err4")" "renumbered" "the new UIDVALIDITY is noticed"
contains "$(cat "$T/err4")" "7 mails read" "every mail read again"
is "$(count)" "$m3" "no duplicate mention"
is "$(sqlite3 "$DB" "select count(*) from mentions where last_change = 'new' and last_change_scan = (select max(id) from scans)")" "0" "none reported new"

# ---- a 50 MB mail: capped and named ----
/usr/bin/python3 - "$SRCDIR/tests/data/mail/gbp-review.eml" "$T/big.eml" <<'PY'
import sys, base64, os
head = open(sys.argv[1], 'rb').read().replace(b'gbp-review-7f3a9c', b'gbp-review-big')
head = head.replace(b'Camille Martin', b'Paul Leroy').replace(b'--gbp-b1--', b'')
with open(sys.argv[2], 'wb') as f:
    f.write(head)
    f.write(b'--gbp-b1\r\nContent-Type: application/pdf; name="scan.pdf"\r\n'
            b'Content-Disposition: attachment; filename="scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n')
    line = base64.b64encode(os.urandom(57)) + b'\r\n'
    for _ in range(50 * 1024 * 1024 // len(line) + 1):
        f.write(line)
    f.write(b'--gbp-b1--\r\n')
PY
put "$T/big.eml"
"$REPWATCH" -vv scan >"$T/out5" 2>"$T/err5"
ok $? "scan with a 50 MB mail"
contains "$(cat "$T/err5")" "only its first 4194304 are read (max_mail_size)" "the 50 MB mail is capped and named"
is "$(count)" "$((m3 + 1))" "its review, in the part before the cap, is read"
rm -f "$T/big.eml"

# ---- IMAPS, mark_seen = yes ----
write_conf "imaps://127.0.0.1:$IMAPS_PORT/INBOX" "mark_seen = yes"
sqlite3 "$DB" "update sources set etag = NULL where name = 'Alertes'"
"$REPWATCH" -vv scan >"$T/out6" 2>"$T/err6"
ok $? "imaps:// with mark_seen = yes"
seen=$(flags | grep -c ':2,S$')
ok "$([ "$seen" -ge 6 ] && echo 0 || echo 1)" "the mails read are marked seen ($seen)"
lacks "$(flags | grep 17000003)" ":2,S" "the mail of an unknown sender is left unseen"

# ---- a wrong password: a clear error of this source ----
printf 'wrong\n' > "$T/imap-password"
"$REPWATCH" scan >"$T/out7" 2>"$T/err7"
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "a wrong password fails the scan"
contains "$(cat "$T/err7")" "source 'Alertes' failed" "the source is named"
contains "$(cat "$T/err7")" "the server refused the login" "the reason is plain"
lacks "$(cat "$T/err7" "$T"/err?)" "$PASSWORD" "the password is never printed"
grep -q "$PASSWORD" "$T/dovecot/dovecot.log"
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "nor logged by the server"

# ---- a password file others can read is refused ----
printf '%s\n' "$PASSWORD" > "$T/imap-password"
chmod 644 "$T/imap-password"
# (the source failed at the last scan already: this second failure is kept
# quiet by the scan, as every repeated failure is, and shown by sources status)
"$REPWATCH" scan >"$T/out8" 2>"$T/err8"
is "$?" 1 "a password file others can read fails the scan"
status=$("$REPWATCH" sources status 2>&1)
contains "$status" "is readable by other users" "a password file others can read is refused"
lacks "$status" "HTTP 0" "sources status names no HTTP status for a mailbox"

# ---- plain IMAP: only to the loopback ----
# Two Dovecots that offer no TLS at all (no STARTTLS, no IMAPS): one on
# the loopback, one on this machine's own non-loopback address (bound
# here, no network needed).  The same source, the same password: read on
# the loopback; refused on the other before any login (CURLUSESSL_ALL), so
# the password never travels in clear.
printf '%s\n' "$PASSWORD" > "$T/imap-password"
chmod 600 "$T/imap-password"
ports=$(DOVECOT_SSL=no "$SRCDIR/tests/servers/dovecot.sh" start "$T/dovecot-plain" "$MD" jeanne "$PASSWORD" \
	"$T/cert.pem" "$T/key.pem")
on_exit "'$SRCDIR/tests/servers/dovecot.sh' stop '$T/dovecot-plain'"
write_conf "imap://127.0.0.1:${ports% *}/INBOX"
"$REPWATCH" sources test Alertes >"$T/test-plain" 2>&1
ok $? "plain IMAP to the loopback is allowed: $(tail -n 2 "$T/test-plain" | tr "\n" " ")"
grep -q "Login: user=<jeanne>" "$T/dovecot-plain/dovecot.log"
ok $? "...and the login went in clear, on the loopback"
lacks "$(grep 'Login: user=<jeanne>' "$T/dovecot-plain/dovecot.log")" "TLS" "...without TLS, since none is offered"
"$SRCDIR/tests/servers/dovecot.sh" stop "$T/dovecot-plain"
other=$(ip -4 -o addr show scope global 2>/dev/null | awk '{ sub("/.*", "", $4); print $4; exit }')
case $other in
127.*|"") other= ;;
esac
if [ -z "$other" ]; then
	skip "plain IMAP to an address other than the loopback is refused" "this machine has no non-loopback IPv4 address"
elif ! ports=$(DOVECOT_SSL=no DOVECOT_LISTEN=$other "$SRCDIR/tests/servers/dovecot.sh" start "$T/dovecot-far" "$MD" \
	jeanne "$PASSWORD" "$T/cert.pem" "$T/key.pem"); then
	skip "plain IMAP to an address other than the loopback is refused" "dovecot would not listen on $other"
else
	on_exit "'$SRCDIR/tests/servers/dovecot.sh' stop '$T/dovecot-far'"
	write_conf "imap://$other:${ports% *}/INBOX" "allow_private = yes"
	"$REPWATCH" sources test Alertes >"$T/test-far" 2>&1
	is "$?" 1 "plain IMAP to $other (not the loopback) is refused"
	contains "$(cat "$T/test-far")" "(the server offers no STARTTLS: use imaps://)" \
		"...and says why: $(tail -n 1 "$T/test-far")"
	grep -q "Login: user=" "$T/dovecot-far/dovecot.log"
	ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "...before any login: no password went in clear"
	grep -q "Disconnected.*user=<>," "$T/dovecot-far/dovecot.log"
	ok $? "...though the server was reached: the client left without trying (the refusal is its own)"
	"$SRCDIR/tests/servers/dovecot.sh" stop "$T/dovecot-far"
fi

done_testing
