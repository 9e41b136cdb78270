#!/bin/sh
# SPDX-License-Identifier: MIT
# repwatch scan --notify against a real notification daemon: dunst on a
# private D-Bus session bus (no service activation) under Xvfb.  dbus-monitor
# captures the Notify calls; the test checks summary, body, urgency and
# escaping, quiet hours (held in the database, shown merged afterwards), the
# "Open" and "Mark as read" actions through dunst, French by locale, and the
# cases with no daemon and with a daemon that never answers.
. "$(dirname "$0")/lib.sh"

for tool in Xvfb dunst dunstctl dbus-daemon dbus-monitor dbus-send localedef; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (tools/install-deps --tests)"
		exit 0
	fi
done

# ---- the desktop: Xvfb, a private session bus, dunst, dbus-monitor ----
Xvfb -displayfd 3 -nolisten tcp -screen 0 1024x768x24 3>"$T/display" >"$T/xvfb.log" 2>&1 &
xvfb_pid=$!
on_exit "kill $xvfb_pid"
i=0
while [ ! -s "$T/display" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
export DISPLAY=":$(cat "$T/display")"

# no <servicedir>: nothing is started on demand, so "no daemon" means none
cat > "$T/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$T</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$T/bus.conf" --fork --print-address=4 --print-pid=5 4>"$T/bus.addr" 5>"$T/bus.pid"
on_exit "kill \$(cat '$T/bus.pid')"
DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$T/bus.addr")
export DBUS_SESSION_BUS_ADDRESS
unset XDG_RUNTIME_DIR

# dunst's context menu ("dmenu") is a script that picks "Mark as read"
cat > "$T/dmenu.sh" <<'EOF'
#!/bin/sh
grep -m1 'Mark as read'
EOF
chmod +x "$T/dmenu.sh"
mkdir -p "$XDG_CONFIG_HOME/dunst"
cat > "$T/dunstrc" <<EOF
[global]
    markup = full
    dmenu = $T/dmenu.sh
    browser = /bin/false
    idle_threshold = 0
EOF

dunst_pid=
start_dunst() {
	dunst -config "$T/dunstrc" >>"$T/dunst.log" 2>&1 &
	dunst_pid=$!
	on_exit "kill -CONT $dunst_pid; kill $dunst_pid"
	i=0
	until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'true'; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "# dunst did not start:"; sed 's/^/#   /' "$T/dunst.log"; break; }
		sleep 0.1
	done
}
stop_dunst() {
	kill -CONT "$dunst_pid" 2>/dev/null
	kill "$dunst_pid" 2>/dev/null
	wait "$dunst_pid" 2>/dev/null
	i=0
	while dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'true' \
		&& [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
start_dunst

dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
	>"$T/monitor.log" 2>&1 &
on_exit "kill $!"
i=0
while [ ! -s "$T/monitor.log" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

# the Notify calls seen so far
notify_calls() { grep -c 'member=Notify' "$T/monitor.log"; }
# the last Notify call, one argument a line
last_notify() {
	/usr/bin/python3 - "$T/monitor.log" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
calls = text.split("method call")[1:]
calls = [c for c in calls if "member=Notify" in c]
if not calls:
    sys.exit(0)
c = calls[-1]
strings = re.findall(r'^\s+string "(.*?)"$', c, re.M | re.S)
# app_name, icon, summary, body come first; then actions and hint keys
print("summary=" + strings[2])
print("body=" + strings[3].replace("\n", "|"))
m = re.search(r'string "urgency"\s+variant\s+byte (\d+)', c)
print("urgency=" + (m.group(1) if m else "none"))
acts = re.search(r'array \[(.*?)\]', c, re.S)
print("actions=" + ",".join(re.findall(r'string "(.*?)"', acts.group(1))) if acts else "actions=")
EOF
}
wait_notify() {   # wait_notify COUNT: until COUNT Notify calls were seen
	i=0
	while [ "$(notify_calls)" -lt "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

# ---- feeds: one Atom file per source, written by the test ----
entry() {   # entry ID TITLE(xml-escaped) LINK CONTENT
	cat <<EOF
  <entry><id>urn:rw-test:$1</id><title type="text">$2</title><link href="$3"/>
    <published>2026-11-0${1}T10:00:00+01:00</published><updated>2026-11-0${1}T10:00:00+01:00</updated>
    <content type="text">$4</content></entry>
EOF
}
feed() { atom_feed "$@"; }
mkdir -p "$T/feeds"
feed "$T/feeds/avis.atom" \
	"$(entry 1 'Attente interminable' 'https://avis.example/a/1' 'Deux heures chez le Dr Jeanne Dupont. 2/5')" \
	"$(entry 2 'Tom &amp; Jerry &lt;3 &lt;b&gt;bold&lt;/b&gt;' 'https://avis.example/a/2' 'Le Dr Jeanne Dupont, vraiment pas. 1/5')" \
	"$(entry 3 'Très bonne dermatologue' 'https://avis.example/a/3' 'Le Dr Jeanne Dupont explique bien. 5/5')" \
	"$(entry 4 'Consultation rapide' 'https://avis.example/a/4' 'Dr Jeanne Dupont, reçue le jour même. 4/5')"
cat > "$T/feeds/news.rss" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lyon Santé (test)</title><link>https://lyon-sante.example/</link>
<item><guid>n1</guid><title>Le Dr Jeanne Dupont rejoint la clinique du Parc</title>
<link>https://lyon-sante.example/n1</link><pubDate>Mon, 02 Nov 2026 08:00:00 +0100</pubDate>
<description>La dermatologue lyonnaise Jeanne Dupont rejoint la clinique.</description></item>
</channel></rss>
EOF

conf() {   # conf [NOTIFY-LINES]: the configuration with these [notify] lines
	cat > "$CONF" <<EOF
[practitioner]
name = Dr Jeanne Dupont
city = Lyon

[source Avis]
url = file://$T/feeds/avis.atom
category = review

[source Lyon Santé]
url = file://$T/feeds/news.rss
category = news

[source Moved away]
url = file://$T/feeds/missing.atom

; every failure counts for the exit code here, and is retried at every scan
[fetch]
report_after = 1
backoff_base = 0
EOF
	for f in $extra_sources; do
		printf '\n[source %s]\nurl = file://%s/feeds/%s.atom\ncategory = review\n' "$f" "$T" "$f" >> "$CONF"
	done
	printf '\n[notify]\n' >> "$CONF"
	for line in "$@"; do printf '%s\n' "$line" >> "$CONF"; done
}
extra_sources=

# ---- 1. one merged notification, urgent, escaped; news left out ----
conf "titles = 2"
"$REPWATCH" scan --notify >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "scan --notify: exit 1 as without --notify (one source is missing)"
is "$(grep -c . "$T/err")" 1 "stderr: only the failing source"
wait_notify 1
is "$(notify_calls)" 1 "one Notify call for the whole scan"
got=$(last_notify)
contains "$got" "summary=repwatch: 4 new mentions" "summary counts the four reviews, not the news item (news = no)"
contains "$got" "urgency=2" "a review of 2 stars or fewer makes it critical"
contains "$got" "Review 1/5: Tom &amp; Jerry &lt;3 &lt;b&gt;bold&lt;/b&gt;" "the title is escaped for the body markup"
contains "$got" "Review 2/5: Attente interminable" "the other urgent review is named"
contains "$got" "|and 2 more" "then 'and 2 more'"
lacks "$got" "<b>bold" "no raw markup from a fetched title"
lacks "$got" "clinique du Parc" "news is not notified unless asked"
contains "$got" "actions=" "no actions when nobody waits for them ([notify] wait = 0)"
lacks "$got" "actions=default" "so no buttons are offered"
is "$(sqlite3 "$DB" 'select count(*) from notify_queue')" 0 "nothing stays queued once shown"
tr '\n' ' ' <"$T/monitor.log" | grep -q 'string "desktop-entry" *variant *string "org.repwatch.Tray"'
ok $? "the desktop-entry hint names org.repwatch.Tray (desktop/org.repwatch.Tray.desktop)"
tr '\n' ' ' <"$T/monitor.log" | grep -q 'member=Notify.*string "repwatch" *uint32 0'
ok $? "app name repwatch, replacing nothing"
# the headless CLI speaks D-Bus through GIO: no GTK stack
libs=$(ldd "$REPWATCH" 2>&1)
lacks "$libs" "libgtk" "ldd repwatch: no GTK"
lacks "$libs" "libgdk" "ldd repwatch: no GDK or gdk-pixbuf"
lacks "$libs" "libnotify" "ldd repwatch: no libnotify"

# ---- 2. quiet hours: held in the database, then shown merged, in French ----
feed "$T/feeds/avis.atom" \
	"$(entry 1 'Attente interminable' 'https://avis.example/a/1' 'Mise à jour : le Dr Jeanne Dupont s est excusée. 3/5')" \
	"$(entry 2 'Tom &amp; Jerry &lt;3 &lt;b&gt;bold&lt;/b&gt;' 'https://avis.example/a/2' 'Le Dr Jeanne Dupont, vraiment pas. 1/5')" \
	"$(entry 3 'Très bonne dermatologue' 'https://avis.example/a/3' 'Le Dr Jeanne Dupont explique bien. 5/5')" \
	"$(entry 4 'Consultation rapide' 'https://avis.example/a/4' 'Dr Jeanne Dupont, reçue le jour même. 4/5')" \
	"$(entry 5 'Excellente prise en charge' 'https://avis.example/a/5' 'Merci au Dr Jeanne Dupont. 5/5')"
conf "quiet_hours = Mon-Sun 00:00-24:00" "news = yes"
"$REPWATCH" scan --notify >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "scan during quiet hours: same exit code"
sleep 0.5
is "$(notify_calls)" 1 "quiet hours: no notification"
is "$(sqlite3 "$DB" 'select change from notify_queue order by change')" "$(printf 'changed\nnew')" \
	"the new and the edited review are held in the database"

conf "news = yes"
mkdir -p "$T/locale"
if localedef -i fr_FR -f UTF-8 "$T/locale/fr_FR.UTF-8" 2>"$T/localedef.log" || [ -d "$T/locale/fr_FR.UTF-8" ]; then
	LOCPATH="$T/locale" LC_ALL=fr_FR.UTF-8 REPWATCH_LOCALEDIR="$BUILDDIR/po" \
		"$REPWATCH" scan --notify >"$T/out" 2>"$T/err"; rc=$?
	is "$rc" 1 "scan after the quiet hours: same exit code"
	wait_notify 2
	is "$(notify_calls)" 2 "after the quiet hours: one notification for what was held"
	got=$(last_notify)
	contains "$got" "summary=repwatch : 2 nouvelles mentions" "in French by locale, merging the two held mentions"
	contains "$got" "Avis 5/5 : Excellente prise en charge" "the new review, in French"
	contains "$got" "Avis modifié 3/5 : Attente interminable" "the edited review, in French"
	contains "$got" "urgency=1" "no urgent item: normal urgency"
	is "$(sqlite3 "$DB" 'select count(*) from notify_queue')" 0 "the held mentions were released"
else
	ok 1 "localedef fr_FR.UTF-8 failed: $(cat "$T/localedef.log")"
fi

# ---- 3. actions: "Open" and "Mark as read" through dunst ----
dunstctl close-all
mkdir -p "$XDG_DATA_HOME/applications"
cat > "$T/open.sh" <<EOF
#!/bin/sh
printf '%s\n' "\$1" >> "$T/opened"
EOF
chmod +x "$T/open.sh"
cat > "$XDG_DATA_HOME/applications/rw-test-browser.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=repwatch test browser
Exec=$T/open.sh %u
MimeType=x-scheme-handler/http;x-scheme-handler/https;
EOF
printf '[Default Applications]\nx-scheme-handler/https=rw-test-browser.desktop\nx-scheme-handler/http=rw-test-browser.desktop\n' \
	> "$XDG_CONFIG_HOME/mimeapps.list"

# scan_waiting N EXTRA ENTRY: a scan with one more source, in the background,
# waiting for a click; returns once the daemon got the Nth notification
scan_waiting() {
	feed "$T/feeds/$2.atom" "$3"
	extra_sources="$extra_sources $2"
	conf "wait = 20"
	"$REPWATCH" scan --notify >"$T/out" 2>"$T/err" &
	scan_pid=$!
	wait_notify "$1"
}
scan_waiting 3 extra1 "$(entry 6 'Secrétariat injoignable' 'https://avis.example/a/6' 'Dr Jeanne Dupont, impossible à joindre. 1/5')"
got=$(last_notify)
contains "$got" "actions=default,Open,read,Mark as read" "dunst has actions: Open (default) and Mark as read offered"
dunstctl action 0 >/dev/null 2>&1
wait $scan_pid; rc=$?
is "$rc" 1 "scan --notify that waited for a click: same exit code"
i=0
while [ ! -s "$T/opened" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
is "$(cat "$T/opened" 2>/dev/null)" "https://avis.example/a/6" "Open: the link went to the desktop's default handler"

scan_waiting 4 extra2 "$(entry 7 'Très à l écoute' 'https://avis.example/a/7' 'Le Dr Jeanne Dupont, parfaite. 5/5')"
sleep 0.3
dunstctl context >/dev/null 2>&1
wait $scan_pid
is "$(sqlite3 "$DB" "select read from mentions where link = 'https://avis.example/a/7'")" 1 \
	"Mark as read (chosen from dunst's menu) marked the mention read"
is "$(sqlite3 "$DB" "select read from mentions where link = 'https://avis.example/a/6'")" 0 \
	"a mention of an earlier notification stays unread"

# ---- 4. a daemon that never answers, then none at all ----
kill -STOP "$dunst_pid"
feed "$T/feeds/extra3.atom" "$(entry 8 'Cabinet propre' 'https://avis.example/a/8' 'Dr Jeanne Dupont. 4/5')"
extra_sources="extra1 extra2 extra3"
conf
"$REPWATCH" scan --notify >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "daemon frozen: the scan completes with its own exit code"
is "$(grep -c 'notifications are unavailable' "$T/err")" 1 "one line says notifications are unavailable"
is "$(grep -c . "$T/err")" 1 "and nothing else (the failing source was named once, when it first failed)"
stop_dunst

feed "$T/feeds/extra4.atom" "$(entry 9 'Rendez-vous annulé' 'https://avis.example/a/9' 'Dr Jeanne Dupont. 2/5')"
extra_sources="extra1 extra2 extra3 extra4"
conf
"$REPWATCH" scan --notify >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "no daemon: the scan completes with its own exit code"
contains "$(cat "$T/err")" "repwatch: warning: notify: notifications are unavailable: no notification daemon answered" \
	"the line says why"
is "$(grep -c 'notifications are unavailable' "$T/err")" 1 "exactly one such line"
is "$("$REPWATCH" list --format=tsv | awk -F'\t' '$13 == "Rendez-vous annulé" {print $2}')" "new" \
	"the mention is stored all the same"
is "$(sqlite3 "$DB" 'select count(*) from notify_queue')" 0 "nothing piles up while no daemon runs"

# ---- 5. misinformation says which myth and whether it names her; her
# rebuttal of a myth is news, and says so ----
start_dunst
before=$(notify_calls)
feed "$T/feeds/extra5.atom" \
	"$(entry 10 'Le Dr Jeanne Dupont et la crème solaire' 'https://rumeurs.example/p/10' 'Selon le Dr Jeanne Dupont, la crème solaire donne le cancer.')" \
	"$(entry 11 'Crème solaire : le Dr Jeanne Dupont rectifie' 'https://lyon-sante.example/n/11' "Le Dr Jeanne Dupont rappelle qu'il est faux de dire que la crème solaire donne le cancer.")"
extra_sources="extra1 extra2 extra3 extra4 extra5"
conf "news = yes" "titles = 5"
"$REPWATCH" scan --notify >"$T/out" 2>"$T/err"
wait_notify $((before + 1))
got=$(last_notify)
myth=$(sqlite3 "$DB" "SELECT myth FROM mentions WHERE link = 'https://rumeurs.example/p/10'")
ok $([ -n "$myth" ] && echo 0 || echo 1) "the scan stored the myth the post spreads ($myth)"
# claim LANG: the catalogue's claim of that myth, without its final stop
claim() {
	/usr/bin/python3 - "$SRCDIR/feeds/myths" "$myth" "$1" <<'EOF'
import glob, json, sys
for f in glob.glob(sys.argv[1] + "/*.json"):
    d = json.load(open(f, encoding="utf-8"))
    for m in d if isinstance(d, list) else d.get("myths", []):
        if m.get("id") == sys.argv[2]:
            print(m["claim"][sys.argv[3]].rstrip(". "))
EOF
}
claim_en=$(claim en)
ok $([ -n "$claim_en" ] && echo 0 || echo 1) "the catalogue has its claim ($claim_en)"
contains "$got" "Misinformation naming you, claiming “$claim_en”: Le Dr Jeanne Dupont et la crème solaire" \
	"the notification says the myth by its claim, and that the post names her"
contains "$got" "News naming you, a rebuttal of the claim “$claim_en”: Crème solaire : le Dr Jeanne Dupont rectifie" \
	"her rebuttal is news, and the notification says it is one, of which claim"
lacks "$got" "$myth" "the catalogue's id is not what she reads"

# in French, the claim as the catalogue words it in French
if [ -d "$T/locale/fr_FR.UTF-8" ]; then
	before=$(notify_calls)
	feed "$T/feeds/extra6.atom" \
		"$(entry 12 'Crème solaire et cancer' 'https://rumeurs.example/p/12' 'Paraît que la crème solaire donne le cancer, tout le monde le sait.')"
	extra_sources="extra1 extra2 extra3 extra4 extra5 extra6"
	conf "news = yes" "titles = 5"
	LOCPATH="$T/locale" LC_ALL=fr_FR.UTF-8 REPWATCH_LOCALEDIR="$BUILDDIR/po" \
		"$REPWATCH" scan --notify >"$T/out" 2>"$T/err"
	wait_notify $((before + 1))
	got=$(last_notify)
	is "$(sqlite3 "$DB" "SELECT myth FROM mentions WHERE link = 'https://rumeurs.example/p/12'")" "$myth" \
		"the French post spreads the same myth"
	contains "$got" "Fausse information, sans vous nommer, affirmant « $(claim fr) » : Crème solaire et cancer" \
		"in French: the claim in French, and that the post does not name her"
else
	skip "the claim in French" "no fr_FR.UTF-8 locale"
fi

done_testing
