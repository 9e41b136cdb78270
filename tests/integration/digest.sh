#!/bin/sh
# SPDX-License-Identifier: MIT
# repwatch digest against a real SMTP server (aiosmtpd on 127.0.0.1): the
# French digest arrives, Python's email package reads both parts, the
# Subject decodes, fetched <script> and javascript: links are inert, the
# HTML part renders in headless Chromium (the PNG is kept in the build
# directory); a refusing or absent server leaves the digest unsent and the
# next call sends it; --if-due sends once per slot; the password never
# shows in logs and is refused from a file others can read.
. "$(dirname "$0")/lib.sh"

/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || {
	echo "1..0 # SKIP python3-aiosmtpd is not installed (tools/install-deps --tests)"
	exit 0
}
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 is not installed"; exit 0; }
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "1..0 # SKIP chromium is not installed (tools/install-deps --tests)"; exit 0; }

PASSWORD='s3cret-Pa55-for-tests'
smtp_n=0
start_smtp() {   # start_smtp -> sets SMTP_PORT; SPOOL is where messages land
	smtp_n=$((smtp_n + 1))
	rm -f "$T/smtp.port" "$T/smtp.pid"
	/usr/bin/python3 "$SRCDIR/tests/servers/smtp_server.py" --spool "$SPOOL" --port-file "$T/smtp.port" \
		--pid-file "$T/smtp.pid" --auth "jeanne:$PASSWORD" --lifetime 300 >"$T/smtp$smtp_n.log" 2>&1 &
	smtp_pid=$!
	on_exit "kill $smtp_pid 2>/dev/null"
	i=0
	while [ ! -s "$T/smtp.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	SMTP_PORT=$(cat "$T/smtp.port")
}
stop_smtp() { kill "$smtp_pid"; wait "$smtp_pid" 2>/dev/null; }
SPOOL="$T/spool"
mkdir -p "$SPOOL"

# ---- a month of mentions: round 1, then round 2 edits, deletes, adds ----
entry() {   # entry ID TITLE(xml) LINK CONTENT(xml)
	printf '  <entry><id>urn:rw-digest:%s</id><title type="text">%s</title><link href="%s"/>\n' "$1" "$2" "$3"
	printf '    <published>2026-10-1%sT10:00:00+02:00</published>\n' "$1"
	printf '    <content type="text">%s</content></entry>\n' "$4"
}
feed() { atom_feed "$@"; }
mkdir -p "$T/feeds"
e1=$(entry 1 'Très bonne dermatologue' 'https://avis.example/a/1' 'Le Dr Jeanne Dupont explique bien. 5/5')
e2=$(entry 2 'Attente interminable' 'https://avis.example/a/2' 'Deux heures chez le Dr Jeanne Dupont. 2/5')
e3=$(entry 3 'Consultation rapide' 'https://avis.example/a/3' 'Dr Jeanne Dupont m a reçue le jour même. 4/5')
e4=$(entry 4 'Cabinet bien tenu' 'https://avis.example/a/4' 'Le cabinet du Dr Jeanne Dupont est propre. 4/5')
feed "$T/feeds/avis.atom" "$e1" "$e2" "$e3" "$e4"
feed "$T/feeds/news.atom"
cat > "$CONF" <<EOF
[practitioner]
name = Dr Jeanne Dupont
city = Lyon

[source Avis patients]
url = file://$T/feeds/avis.atom
category = review

[source Lyon Santé]
url = file://$T/feeds/news.atom
category = news

[source Moved away]
url = file://$T/feeds/missing.atom

[digest]
lang = fr
to = jeanne.dupont@example.org
from = repwatch@example.org
user = jeanne
password_file = smtp-password
day = $(date +%A | tr 'A-Z' 'a-z')
hour = 0
failing_after = 2
EOF
chmod 600 "$CONF"
"$REPWATCH" scan 2>/dev/null
sleep 1.2
t1=$(date +%s)
sleep 1
# the edited review, the deleted one (its date is inside what the feed
# still lists), a new hostile one, news, a post and a myth
e2b=$(entry 2 'Attente interminable' 'https://avis.example/a/2' 'Mise à jour : le Dr Jeanne Dupont s est excusée, diagnostic juste. 4/5')
e5=$(entry 5 '&lt;script&gt;alert(1)&lt;/script&gt; Horrible' 'javascript:alert(document.cookie)' \
	'Le Dr Jeanne Dupont &lt;img src=x onerror=alert(2)&gt; ne rappelle jamais. 1/5')
feed "$T/feeds/avis.atom" "$e1" "$e2b" "$e3" "$e5"
feed "$T/feeds/news.atom" \
	"$(entry 6 'Le Dr Jeanne Dupont rejoint la clinique du Parc' 'https://lyon-sante.example/n/6' 'La dermatologue Jeanne Dupont.')" \
	"$(entry 7 'Le Dr Jeanne Dupont dit que la crème solaire donne le cancer' 'https://rumeurs.example/p/7' 'Selon un post, le Dr Jeanne Dupont affirme que la crème solaire est dangereuse.')" \
	"$(entry 8 'Crème solaire : le Dr Jeanne Dupont rectifie' 'https://lyon-sante.example/n/8' "Le Dr Jeanne Dupont rappelle qu'il est faux de dire que la crème solaire donne le cancer.")"
"$REPWATCH" scan 2>/dev/null
is "$(sqlite3 "$DB" "SELECT category || ' ' || myth FROM mentions WHERE link = 'https://rumeurs.example/p/7'")" \
	"misinformation $(sqlite3 "$DB" "SELECT myth FROM mentions WHERE link = 'https://rumeurs.example/p/7'")" \
	"the scan classified the rumour as misinformation, with its myth"
myth=$(sqlite3 "$DB" "SELECT myth FROM mentions WHERE link = 'https://rumeurs.example/p/7'")
ok $([ -n "$myth" ] && echo 0 || echo 1) "the rumour carries a myth id ($myth)"
since() { echo "$(($(date +%s) - t1))s"; }

# ---- --print ----
out=$("$REPWATCH" digest --print --since "$(since)"); rc=$?
is "$rc" 0 "digest --print works without any mail setting"
contains "$out" "Résumé repwatch pour Dr Jeanne Dupont" "French title ([digest] lang = fr)"
contains "$out" "== Nouveaux avis (1) ==" "one new review"
contains "$out" "== Avis modifiés (1) ==" "one edited review"
nbsp=$(printf '\302\240')   # French puts a no-break space before the colon
contains "$out" "Avant$nbsp: ★★☆☆☆ 2/5
    « Deux heures chez le Dr Jeanne Dupont. 2/5 »" "edited: the text before, with its stars"
contains "$out" "Après$nbsp: ★★★★☆ 4/5
    « Mise à jour : le Dr Jeanne Dupont s est excusée, diagnostic juste.
      4/5 »" "edited: the text after, wrapped at 72 columns"
long=$(printf '%s\n' "$out" | /usr/bin/python3 -c '
import sys
for l in sys.stdin.read().split("\n"):
    if len(l) > 78 and not (l.strip().startswith(("http://", "https://")) and " " not in l.strip()):
        print(repr(l))')
is "$long" "" "the text part: no line over 78 columns but a link alone"
contains "$out" "== Avis supprimés (1) ==" "one deleted review"
contains "$out" "Le cabinet du Dr Jeanne Dupont est propre" "deleted: its last text"
contains "$out" "== Fausses informations à corriger (1) ==" "misinformation section"
lacks "$out" "Pas encore de correction enregistrée" "the catalogue gave a correction"
contains "$out" "$(/usr/bin/python3 -c '
import json, glob, sys
for f in glob.glob(sys.argv[1] + "/feeds/myths/*.json"):
    for m in json.load(open(f))["myths"]:
        if m["id"] == sys.argv[2]:
            print(m["sources"][0]["url"])' "$SRCDIR" "$myth")" "and the first of its reputable sources"
contains "$out" "== Presse et réseaux sociaux (2) ==" "news section: the news and her rebuttal"
contains "$out" "- Crème solaire : le Dr Jeanne Dupont rectifie
  Lyon Santé" "her rebuttal of a myth is listed under news"
contains "$out" "  Une réfutation qui vous nomme, de l'idée reçue$nbsp: Les crèmes" "...saying it rebuts a myth, and which"
contains "$out" "  Le texte vous nomme.
  Affirmation$nbsp: " "the misinformation says it names her, and which myth it spreads"
contains "$out" "== Sources en échec répété (1) ==" "the source failing two scans in a row"
lacks "$out" "javascript:" "no javascript: link even in the text part"

# ---- refused from a config file others can read, or from a readable password file ----
printf '%s\n' "$PASSWORD" > "$XDG_CONFIG_HOME/repwatch/smtp-password"
chmod 644 "$XDG_CONFIG_HOME/repwatch/smtp-password"
start_smtp
sed -i "s|^from = .*|&\nserver = smtp://127.0.0.1:$SMTP_PORT|" "$CONF"
"$REPWATCH" digest --send --since "$(since)" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 2 "a password file readable by others: refused (usage error)"
contains "$(cat "$T/err")" "is readable by other users: run chmod 600" "the message says what to do"
chmod 600 "$XDG_CONFIG_HOME/repwatch/smtp-password"
sed -i "s|^password_file = .*|password = $PASSWORD|" "$CONF"
chmod 644 "$CONF"
"$REPWATCH" digest --send --since "$(since)" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 2 "a password in a config file others can read: refused"
contains "$(cat "$T/err")" "so its [digest] password is not used" "the message says why"
lacks "$(cat "$T/err")" "$PASSWORD" "the password is not in the message"
chmod 600 "$CONF"
sed -i "s|^password = .*|password_file = smtp-password|" "$CONF"
is "$(ls "$SPOOL" | grep -c eml)" 0 "nothing was sent"

# ---- the server refuses, then is down: not sent, tried again next time ----
touch "$SPOOL/refuse"
"$REPWATCH" digest --send --if-due --since "$(since)" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "server answers 554: exit 1"
contains "$(cat "$T/err")" "554" "the server's answer is in the message"
contains "$(cat "$T/err")" "the next 'repwatch digest --send' tries again" "and it says a retry will come"
is "$(sqlite3 "$DB" 'select count(*) from digests where sent_at is not null')" 0 "not marked sent"
rm "$SPOOL/refuse"
stop_smtp
"$REPWATCH" digest --send --if-due --since "$(since)" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "server down: exit 1"
is "$(sqlite3 "$DB" 'select count(*) from digests where sent_at is null')" 2 "both failed attempts recorded, unsent"

start_smtp
# a server reached by name (not the loopback address) must do STARTTLS;
# aiosmtpd offers none, so nothing may go out in clear
host=$(hostname)
addr=$(getent hosts "$host" | awk '{ print $1; exit }')
case $host:$addr in
localhost:*|*:) echo "ok $((_n + 1)) - # SKIP the host name does not resolve here"; _n=$((_n + 1)) ;;
*:127.*)
	sed -i "s|^server = .*|server = smtp://$host:$SMTP_PORT|" "$CONF"
	"$REPWATCH" digest --send --if-due --since "$(since)" >"$T/out" 2>"$T/err"; rc=$?
	is "$rc" 1 "a server by name that offers no STARTTLS: not sent"
	contains "$(cat "$T/err")" "offers no STARTTLS" "the message says TLS is required"
	is "$(ls "$SPOOL" | grep -c '\.eml$')" 0 "nothing went out in clear"
	;;
*) echo "ok $((_n + 1)) - # SKIP the host name does not resolve to the loopback"; _n=$((_n + 1)) ;;
esac
sed -i "s|^server = .*|server = smtp://127.0.0.1:$SMTP_PORT|" "$CONF"
"$REPWATCH" --debug=mail digest --send --if-due --since "$(since)" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "the next --if-due call sends it"
is "$(ls "$SPOOL" | grep -c '\.eml$')" 1 "one message arrived"
is "$(sqlite3 "$DB" 'select count(*) from digests where sent_at is not null')" 1 "marked sent once accepted"
contains "$(cat "$SPOOL/auth.log")" "jeanne ok" "authenticated with the password from the password file"
b64=$(printf '\0jeanne\0%s' "$PASSWORD" | base64 -w0)
b64p=$(printf '%s' "$PASSWORD" | base64 -w0)
lacks "$(cat "$T/err")" "$PASSWORD" "--debug=mail never shows the password"
lacks "$(cat "$T/err")" "$b64" "nor its AUTH PLAIN form"
lacks "$(cat "$T/err")" "$b64p" "nor its AUTH LOGIN form"
contains "$(cat "$T/err")" "Message accepted" "--debug=mail shows the server's answers"

"$REPWATCH" digest --send --if-due --since "$(since)" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "--if-due again: nothing to do, exit 0"
is "$(ls "$SPOOL" | grep -c '\.eml$')" 1 "no second message in the same period"

# ---- the message, read by Python's email package ----
mkdir -p "$BUILDDIR/test-artifacts"
msg="$SPOOL/1.eml"
report=$(/usr/bin/python3 - "$msg" "$BUILDDIR/test-artifacts/digest.html" <<'EOF'
import email, email.policy, email.utils, html.parser, json, re, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
out = []
out.append("crlf=%s" % (raw.count(b"\n") == raw.count(b"\r\n")))
out.append("longest=%d" % max(len(l) for l in raw.split(b"\r\n")))
out.append("8bit=%s" % any(b > 127 for b in raw))
out.append("subject=%s" % m["subject"])
out.append("raw_subject_ascii=%s" % all(ord(c) < 128 for c in raw.split(b"\r\n\r\n")[0].decode("ascii", "replace")))
out.append("date_ok=%s" % (email.utils.parsedate_to_datetime(m["date"]) is not None))
out.append("message_id=%s" % bool(re.fullmatch(r"<repwatch\.\d+\.[0-9a-f]+@example\.org>", m["message-id"])))
out.append("type=%s" % m.get_content_type())
parts = [p for p in m.iter_parts()]
out.append("parts=%s" % ",".join(p.get_content_type() for p in parts))
out.append("charsets=%s" % ",".join(p.get_content_charset() for p in parts))
text = parts[0].get_content()
page = parts[1].get_content()
open(sys.argv[2], "w", encoding="utf-8").write(page)
out.append("text_has_avant=%s" % ("Avant" in text))

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.hrefs, self.attrs_js, self.data = [], [], [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k == "href":
                self.hrefs.append(v)
            if k.startswith("on") or (v and "javascript:" in v.lower()):
                self.attrs_js.append("%s=%s" % (k, v))
    def handle_data(self, d):
        self.data.append(d)
p = P()
p.feed(page)
out.append("script_tags=%d" % p.tags.count("script"))
out.append("img_tags=%d" % p.tags.count("img"))
out.append("bad_hrefs=%d" % len([h for h in p.hrefs if not re.match(r"https?://", h)]))
out.append("js_attrs=%d" % len(p.attrs_js))
data = "".join(p.data)
out.append("script_as_text=%s" % ("<script>alert(1)</script> Horrible" in data))
out.append("img_as_text=%s" % ("<img src=x onerror=alert(2)>" in data))
out.append("hrefs=%s" % " ".join(sorted(p.hrefs)))
print("\n".join(out))
EOF
)
printf '%s\n' "$report" | sed 's/^/# /'
contains "$report" "crlf=True" "every line of the message ends with CRLF"
longest=$(printf '%s\n' "$report" | sed -n 's/^longest=//p')
ok "$([ "${longest:-999}" -le 78 ] && echo 0 || echo 1)" "no line longer than 78 characters ($longest)"
contains "$report" "8bit=False" "7-bit clean: UTF-8 travels as quoted-printable and RFC 2047"
contains "$report" "subject=Résumé repwatch pour Dr Jeanne Dupont : 1 nouvel avis, 1 avis modifié, 1 avis supprimé, 1 fausse information, 2 mentions presse ou réseaux" \
	"the Subject decodes to the French text, each kind of change counted apart"
contains "$report" "raw_subject_ascii=True" "the raw headers are ASCII (RFC 2047)"
contains "$report" "date_ok=True" "a Date header that parses"
contains "$report" "message_id=True" "a Message-ID in the sender's domain"
contains "$report" "type=multipart/alternative" "multipart/alternative"
contains "$report" "parts=text/plain,text/html" "a plain-text part, then an HTML part"
contains "$report" "charsets=utf-8,utf-8" "both UTF-8"
contains "$report" "text_has_avant=True" "the text part reads"
contains "$report" "script_tags=0" "the fetched <script> is not a tag"
contains "$report" "img_tags=0" "nor the fetched <img onerror>"
contains "$report" "script_as_text=True" "it shows as text"
contains "$report" "img_as_text=True" "so does the <img>"
contains "$report" "bad_hrefs=0" "only http(s) links"
contains "$report" "js_attrs=0" "no javascript: anywhere in an attribute, no on* handlers"
contains "$report" "https://avis.example/a/2" "the edited review is linked"
is "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rcpt_tos"])' "$SPOOL/1.json")" \
	"['jeanne.dupont@example.org']" "delivered to the configured recipient"

# ---- the HTML part in a real browser, at a desktop client's and a phone's width ----
for width in 900 600 375; do
	png="$BUILDDIR/test-artifacts/digest-$width.png"
	[ "$width" = 900 ] && png="$BUILDDIR/test-artifacts/digest.png"
	rm -f "$png"
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$T/chromium" --screenshot="$png" --window-size=$width,1600 \
		"file://$BUILDDIR/test-artifacts/digest.html" >"$T/chromium.log" 2>&1
	stats=$(/usr/bin/python3 "$SRCDIR/tests/integration/pngcheck.py" "$png" 2>&1)
	echo "# chromium screenshot $png: $stats (size, colours, % not background)"
	set -- $stats
	is "${1:-}" "${width}x1600" "Chromium rendered the HTML part to a PNG $width px wide"
	ok "$([ "${2:-0}" -ge 20 ] && echo 0 || echo 1)" "the rendering has text and colour (${2:-0} colours)"
	inked=${3%.*}
	ok "$([ "${inked:-0}" -ge 5 ] && echo 0 || echo 1)" "it is not blank (${3:-0}% of pixels are not background)"
done
lacks "$(cat "$BUILDDIR/test-artifacts/digest.html")" "<div" "no div layout (Outlook desktop)"
lacks "$(cat "$BUILDDIR/test-artifacts/digest.html")" "<style" "inline styles only"

done_testing
