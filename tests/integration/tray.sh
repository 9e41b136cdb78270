#!/bin/sh
# SPDX-License-Identifier: MIT
# tray.sh - repwatch-tray under Xvfb on a private D-Bus session, on a
# database made by the built `repwatch scan` from the demo feeds.
#
# What the windows show is read with GTK's own introspection: the tray
# writes it to a file (--self-test-dump) once its windows are drawn and no
# scan runs; fields are typed and buttons clicked through the same
# handlers a person uses (--self-test-set, --self-test-click), sent to the
# running instance by a second launch.  Screenshots are kept in
# $BUILDDIR/test-artifacts/.  The outer run re-executes this script inside
# dbus-run-session.
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/tray-lib.sh"

# ---- 0. the tray is a front-end of the core: it never runs the CLI
# (no process is started from src/tray, and nothing there names the
# installed `repwatch`); the actions below are checked in the database.
spawns=$(grep -n -E 'g_spawn|g_subprocess|GSubprocess|fork *\(|exec[lv]p? *\(|posix_spawn|popen *\(|system *\(|RW_BINDIR|REPWATCH_CLI|find_program_in_path' \
	"$SRCDIR"/src/tray/*.c "$SRCDIR"/src/tray/*.h)
is "$spawns" "" "nothing in src/tray starts a process or names the repwatch CLI"
unset REPWATCH_CLI

# ---- the database: two rounds of the demo feeds, as tools/demo does
mkdir -p "$T/sources"
cp "$SRCDIR"/feeds/demo/round1/* "$T/sources/"
cat >"$CONF" <<CONF
# Demo configuration: a fictional practitioner, local demo sources.
[practitioner]
name = Dr Jeanne Dupont
specialty = dermatology
city = Lyon

# the local paper
[source Lyon Santé (demo news)]
url = file://$T/sources/lyon-sante.rss
category = news

[source Avis patients (demo reviews)]
url = file://$T/sources/avis-patients.atom
category = review

[source Forum santé (demo forum)]
url = file://$T/sources/forum-sante.rdf
category = social
CONF
"$REPWATCH" scan >/dev/null 2>&1
cp "$SRCDIR"/feeds/demo/round2/* "$T/sources/"
"$REPWATCH" scan >/dev/null 2>&1
is "$(sqlite3 "$DB" 'SELECT count(*) FROM mentions')" "7" "the demo database holds 7 mentions"
scans() { sqlite3 "$DB" 'SELECT count(*) FROM scans'; }

# The tray never scanned on its own yet would scan a minute after start:
# it is told it just did, so the test decides when scans happen.
now=$(date +%s)
printf '[tray]\ninterval_hours=6\npaused=false\n[state]\nlast_viewed=0\nlast_scan=%s\n' "$now" \
	>"$XDG_CONFIG_HOME/repwatch/tray.ini"


rows() {    # the Recent mentions rows of $DUMP
	grep '^row	' "$DUMP" | cut -f 2-
}

locdate() { # locdate YYYY-MM-DD [LANG]: the date as rw_when_format writes it
	case ${2:-C} in
	fr_*) LC_ALL=$2 date -d "$1 12:00" '+%-d %b %Y' ;;   # po/fr.po's format
	*) LC_ALL=C date -d "$1 12:00" '+%b %-d, %Y' ;;     # the msgid's format
	esac
}


# ---- 1. first instance: the status at a glance
start_tray "$T/tray1.log" --self-test-dump="$T/dump0"
wait_for_file "$T/dump0"
ok $? "repwatch-tray starts and draws its window"
DUMP="$T/dump0"
is "$(field state)" "new	repwatch-new" "state: new mentions, with the new-mentions icon"
is "$(field new)" "7" "seven changes not yet seen"
is "$(field status)" "7 new or changed mentions" "the status says how many"
is "$(field tray-host)" "0" "no StatusNotifierWatcher on this bus: no tray host"
contains "$(cat "$DUMP")" "window	repwatch (7 new)" "so the plain status window is shown, with the count in its title"
contains "$(grep '^label' "$DUMP")" "label	Scan now" "the window has the menu's commands"
contains "$(grep '^label' "$DUMP")" "label	Pause monitoring" "... Pause monitoring"
pid=$(field pid)
is "$pid" "$TRAY_PID" "the dump comes from the tray just started"

# ---- 2. a second launch opens Recent mentions in the first instance
dump --show-recent
ok $? "a second launch with --show-recent is answered"
is "$LAUNCH_RC" "0" "the second launch exits 0"
is "$(field pid)" "$TRAY_PID" "...and was handled by the first instance"
is "$(field command-lines)" "2" "the first instance received the second command line"
owner=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
	--method org.freedesktop.DBus.GetConnectionUnixProcessID org.repwatch.Tray 2>&1)
is "$owner" "(uint32 $TRAY_PID,)" "org.repwatch.Tray on the session bus belongs to the first instance"
kill -0 "$TRAY_PID" 2>/dev/null
ok $? "the first instance still runs"
is "$(ps -o pid= --ppid $$ | while read -r p; do [ "$(cat /proc/$p/comm 2>/dev/null)" = repwatch-tray ] && echo "$p"; done | wc -l)" \
	"1" "only one repwatch-tray process runs"

contains "$(cat "$DUMP")" "window	Recent mentions - repwatch" "the Recent mentions window is open"
is "$(grep '^columns' "$DUMP")" "columns	Change	Category	Stars	Sentiment	Source	Date	Title" "its columns"
is "$(rows | wc -l | tr -d ' ')" "7" "seven rows"
contains "$(rows)" "New	Review	★★★★★	positive	Avis patients (demo reviews)	$(locdate 2026-11-18)	Excellente prise en charge" "a new 5-star review (date as the locale writes it)"
contains "$(rows)" "Changed	Review	★★★☆☆	neutral	Avis patients (demo reviews)	$(locdate 2026-10-02)	Attente interminable" "the edited review (2 then 3 stars)"
contains "$(rows)" "Gone	Review	★★★★☆	positive	Avis patients (demo reviews)	$(locdate 2026-10-12)	Consultation rapide" "the deleted review"
contains "$(rows)" "New	News		neutral	Lyon Santé (demo news)	$(locdate 2026-11-20)	Coups de soleil d'automne" "a news item without stars"
contains "$(rows)" "New	Social		positive	Forum santé (demo forum)	$(locdate 2026-10-08)	Quelqu'un connaît le Docteur Dupont à Lyon ?" "a forum post"
is "$(rows | head -n 1 | cut -f 7)" "Excellente prise en charge" "the newest change first"
lacks "$(rows | cut -f 6)" "2026-" "no ISO date in the list"
# the sentiment column is what the scan stored, row by row: the label in
# words (the score is only in the tooltip)
want=$(sqlite3 -separator '	' "$DB" "SELECT title, sentiment_label FROM mentions ORDER BY title")
is "$(rows | awk -F '\t' '{ print $7 "\t" $4 }' | sort)" "$(printf '%s\n' "$want" | sort)" \
	"each row's sentiment is the stored label, in words"
is "$(rows | cut -f 2,4 | cut -d ' ' -f 1 | sort | uniq -c | tr -s ' ' | tr '\n' '|')" \
	" 2 News	neutral| 1 Review	neutral| 3 Review	positive| 1 Social	positive|" \
	"the demo: news neutral, the 5- and 4-star reviews positive, the 3-star one neutral"
is "$(field new)" "0" "once listed, the changes count as seen"
is "$(field state)" "quiet	repwatch-quiet" "and the icon goes quiet"
# the newest row is selected and its detail shown
contains "$(cat "$DUMP")" "label	Excellente prise en charge" "the detail pane shows the selected mention's title"
contains "$(field 'text	detail-text')" "Dr Dupont" "...and its text"
contains "$(grep '^label' "$DUMP")" "Review  ·  ★★★★★ (5/5)  ·  Avis patients (demo reviews)" "...its category, stars and source"
contains "$(grep '^label' "$DUMP")" "label	Sentiment: positive  ·  match confidence: low" "...its sentiment in words and match confidence"
# stored with its phrases marked for translation (src/core/reason.h), read without the marks
reason=$(sqlite3 "$DB" "SELECT match_reason FROM mentions WHERE title = 'Excellente prise en charge'" | tr -d '\036\037')
contains "$reason" "dr dupont" "(the scan stored why it matched)"
contains "$(grep '^label' "$DUMP")" "label	Why it matched: $reason" "...and why it matched"
shot tray-recent-en

# ---- 3. filters and the detail pane
dump --filter-change=gone
is "$(rows | cut -f 7)" "Consultation rapide" "filter: gone shows the deleted review only"
dump --filter-change= --filter-category=news
is "$(rows | cut -f 7 | sort | tr '\n' '|')" "Coups de soleil d'automne : les conseils de Jeanne Dupont|Le Dr Jeanne Dupont rejoint la clinique du Parc|" \
	"filter: category news shows the two articles"
contains "$(cat "$DUMP")" "label	2 of 7 mentions shown" "the window says how many are shown"
dump --filter-change=changed --filter-category=review --self-test-set='mentions=Attente interminable'
is "$(rows | cut -f 7)" "Attente interminable" "both filters at once"
contains "$(grep '^label' "$DUMP")" "★★★☆☆ (3/5)" "the detail of the edited review shows its current rating"
contains "$(grep '^label' "$DUMP")" "last change: Changed, version 2" "...and that it changed (version 2)"
contains "$(grep '^label' "$DUMP")" "label	Sentiment: neutral  ·  match confidence: high" "...its own sentiment and confidence"
dump --filter-change= --filter-category=

# ---- 3a. the list as a reader: sort, several selected, mark all, search,
# filters by source and practitioner, double-click; checked in the database
NEWS_TITLE="Le Dr Jeanne Dupont rejoint la clinique du Parc"
FORUM_TITLE="Quelqu'un connaît le Docteur Dupont à Lyon ?"
unread() { sqlite3 "$DB" "SELECT count(*) FROM mentions WHERE read = 0 AND not_me = 0"; }
contains "$(cat "$DUMP")" "label	7 of 7 mentions shown, $(unread) unread" "the unread count of what is shown"
dump --self-test-click=sort-title
is "$(rows | cut -f 7 | tr '\n' '|')" "$(rows | cut -f 7 | LC_ALL=C.UTF-8 sort | tr '\n' '|')" "a click on Title sorts by title"
dump --self-test-click=sort-title
is "$(rows | cut -f 7 | tr '\n' '|')" "$(rows | cut -f 7 | LC_ALL=C.UTF-8 sort -r | tr '\n' '|')" "a second click sorts the other way"
dump --self-test-click=sort-date
is "$(rows | head -n 1 | cut -f 7)" "Très bonne dermatologue" "by date: the oldest (20 September) first"
is "$(rows | tail -n 1 | cut -f 7)" "Coups de soleil d'automne : les conseils de Jeanne Dupont" "...the newest last"
dump --self-test-click=sort-stars
is "$(rows | tail -n 1 | cut -f 3)" "★★★★★" "by stars: five stars last"
VIEW="$HOME/.local/state/repwatch/view.ini"
contains "$(cat "$VIEW" 2>/dev/null)" "sort_column=" "the sort is saved in $VIEW"
dump --self-test-click=sort-title

REVIEWS="Très bonne dermatologue|Consultation rapide"
dump --self-test-set="mentions=Très bonne dermatologue" --self-test-set="mentions+=Consultation rapide" \
	--self-test-set="mentions+=$NEWS_TITLE"
contains "$(grep '^label' "$DUMP")" "label	3 mentions selected" "three rows selected at once"
dump --self-test-click=mark-read
is "$(sqlite3 "$DB" "SELECT group_concat(read, '') FROM (SELECT read FROM mentions WHERE title IN ('Très bonne dermatologue', 'Consultation rapide', '$NEWS_TITLE'))")" \
	"111" "Mark as read marks the three in the database"
is "$(sqlite3 "$DB" "SELECT count(*) FROM mentions WHERE read = 1")" "3" "...and no other"
contains "$(cat "$DUMP")" "label	7 of 7 mentions shown, $(unread) unread" "the unread count follows"
dump --self-test-click=mark-read
is "$(sqlite3 "$DB" "SELECT count(*) FROM mentions WHERE read = 1")" "0" "clicked again (Mark as unread), the three are unread again"

dump --filter-category=review --self-test-click=mark-all-read
is "$(sqlite3 "$DB" "SELECT group_concat(DISTINCT read) FROM mentions WHERE category = 'review'")" "1" "Mark all as read marks every review shown"
is "$(sqlite3 "$DB" "SELECT count(*) FROM mentions WHERE category <> 'review' AND read = 1")" "0" "...and nothing the filter hides"
contains "$(cat "$DUMP")" "4 of 7 mentions shown, 0 unread" "the count per filter: no unread review left"
sqlite3 "$DB" "UPDATE mentions SET read = 0"
dump --filter-category=

dump --self-test-set=search=clinique
is "$(rows | cut -f 7)" "$NEWS_TITLE" "search: a word of the title"
dump --self-test-set=search=arrondissement
is "$(rows | cut -f 7)" "$NEWS_TITLE" "search: a word of the text only"
author=$(sqlite3 "$DB" "SELECT author FROM mentions WHERE title = 'Attente interminable'")
dump --self-test-set="search=$author"
contains "$(rows | cut -f 7)" "Attente interminable" "search: the author ($author)"
dump --self-test-set="search=FORUM santé"
is "$(rows | cut -f 7)" "$FORUM_TITLE" "search: the source, whatever the case"
dump --self-test-set="search=nowhere-to-be-found"
is "$(rows | wc -l | tr -d ' ')" "0" "search: nothing matches, nothing shown"
dump --self-test-set=search=

dump --self-test-set="filter-source=Lyon Santé (demo news)"
is "$(rows | cut -f 5 | sort -u)" "Lyon Santé (demo news)" "filter by source: that source only"
is "$(rows | wc -l | tr -d ' ')" "$(sqlite3 "$DB" "SELECT count(DISTINCT mention_id) FROM sightings JOIN sources ON sources.id = source_id WHERE sources.name = 'Lyon Santé (demo news)'")" \
	"...as many rows as the source has mentions"
dump --self-test-set=filter-source=

# a group practice: one mention is her associate's
lacks "$(cat "$DUMP")" "combo	filter-practitioner" "one practitioner: no practitioner filter"
sqlite3 "$DB" "UPDATE mentions SET practitioner = 'associate' WHERE title = 'Attente interminable'"
dump --show-recent --self-test-set=filter-practitioner=associate
is "$(rows | cut -f 7)" "Attente interminable" "filter by practitioner: the associate's mention only"
dump --self-test-set=filter-practitioner=default
lacks "$(rows | cut -f 7)" "Attente interminable" "...and hers without it"
dump --self-test-set=filter-practitioner=
sqlite3 "$DB" "UPDATE mentions SET practitioner = 'default' WHERE title = 'Attente interminable'"

# double-click (or Enter) opens the link, through the http(s)-only filter:
# a browser of the test's own, the default handler for https
mkdir -p "$XDG_DATA_HOME/applications"
cat >"$T/browser.sh" <<EOS
#!/bin/sh
printf '%s\n' "\$1" >>"$T/opened"
EOS
chmod +x "$T/browser.sh"
printf '[Desktop Entry]\nType=Application\nName=Test browser\nExec=%s %%u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n' \
	"$T/browser.sh" >"$XDG_DATA_HOME/applications/rw-test-browser.desktop"
printf '[Default Applications]\nx-scheme-handler/https=rw-test-browser.desktop\nx-scheme-handler/http=rw-test-browser.desktop\n' \
	>"$XDG_CONFIG_HOME/mimeapps.list"
link=$(sqlite3 "$DB" "SELECT link FROM mentions WHERE title = '$NEWS_TITLE'")
dump --self-test-set="mentions=$NEWS_TITLE" --self-test-click=mentions
i=0
while [ ! -s "$T/opened" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
is "$(cat "$T/opened" 2>/dev/null)" "$link" "a double-click opens the mention's link in the browser"
old_link=$(sqlite3 "$DB" "SELECT link FROM mentions WHERE title = 'Consultation rapide'")
sqlite3 "$DB" "UPDATE mentions SET link = 'file:///etc/passwd' WHERE title = 'Consultation rapide'"
dump --show-recent --self-test-set="mentions=Consultation rapide" --self-test-click=mentions
contains "$(grep '^label' "$DUMP")" "only http:// and https:// links are opened" "a link that is not http(s) is refused"
is "$(wc -l <"$T/opened" | tr -d ' ')" "1" "...and nothing is launched"
shot tray-recent-refused-en
sqlite3 "$DB" "UPDATE mentions SET link = '$old_link' WHERE title = 'Consultation rapide'"
dump --self-test-click=message-close
lacks "$(grep '^label' "$DUMP")" "only http:// and https:// links are opened" "(the message is closed)"

# ---- 3a. It's me: an uncertain mention settled hers, its page for good
dump --self-test-set="mentions=Consultation rapide" --self-test-click=is-me
is "$LAUNCH_RC" "1" "It's me cannot be clicked on a mention that nothing doubts"
sqlite3 "$DB" "UPDATE mentions SET uncertain = 'a namesake' WHERE title = 'Consultation rapide'"
dump --show-recent
dump --self-test-set="mentions=Consultation rapide" --self-test-click=is-me
is "$LAUNCH_RC" "0" "It's me is clicked on an uncertain mention"
is "$(sqlite3 "$DB" "SELECT count(*) FROM mentions WHERE title = 'Consultation rapide' AND uncertain IS NULL")" "1" \
	"...which is no longer uncertain"
is "$(sqlite3 "$DB" "SELECT count(*) FROM page_owner o JOIN mentions m ON m.id = o.mention_id WHERE m.title = 'Consultation rapide' AND o.mine = 1")" "1" \
	"...and its page is settled hers (as repwatch is-me does)"

# ---- 3b. the reply editor: the core's reply-check as the doctor types
REVIEW=$(sqlite3 "$DB" "SELECT id FROM mentions WHERE title = 'Excellente prise en charge'")
reply_flags() {   # the editor's flags in $DUMP: KIND START END TEXT (byte offsets)
	grep '^reply-flag	' "$DUMP" | cut -f 2-5
}
reply_tags() {    # the tagged ranges of the draft in $DUMP: TAG START END TEXT (characters)
	grep '^reply-tag	' "$DUMP" | cut -f 2- | sort
}
cli_flags() {     # cli_flags DRAFT: what `repwatch reply-check` flags, as reply_flags prints it
	printf '%s' "$1" | "$REPWATCH" reply-check --reviewer "Lou M." --format json |
		/usr/bin/python3 -c 'import json, sys
for f in json.load(sys.stdin)["flags"]:
    print("%s\t%d\t%d\t%s" % (f["kind"], f["start"], f["end"], f["text"]))'
}
want_tags() {     # want_tags DRAFT TAG WORDS...: where WORDS are in DRAFT, in characters, as reply_tags prints
	/usr/bin/python3 -c 'import sys
draft, tag = sys.argv[1], sys.argv[2]
for w in sys.argv[3:]:
    i = draft.index(w)
    print("%s\t%d\t%d\t%s" % (tag, i, i + len(w), w))' "$@"
}

dump --self-test-set="mentions=Consultation rapide"
dump --self-test-set="mentions=Coups de soleil d'automne : les conseils de Jeanne Dupont" --self-test-click=reply
is "$LAUNCH_RC" "1" "Reply... cannot be clicked for a news article (it is for reviews)"
lacks "$(grep '^window' "$DUMP")" "Reply to a review" "...and no editor opens"
dump --self-test-set="mentions=Excellente prise en charge" --self-test-click=reply
is "$LAUNCH_RC" "0" "Reply... on a review is clicked"
contains "$(grep '^window' "$DUMP")" "window	Reply to a review - repwatch" "the reply editor opens"
is "$(grep '^reply	' "$DUMP" | cut -f 2-)" "$REVIEW	checked	fr	0" "it starts from the generic draft, in the review's language, checked clean"
generic=$("$REPWATCH" reply-draft "$REVIEW" --format json | /usr/bin/python3 -c 'import json, sys
print([c["draft"] for c in json.load(sys.stdin)["choices"] if c["id"] == "generic"][0])')
contains "$generic" "Merci d'avoir pris le temps" "(reply-draft's generic draft, for comparison)"
is "$(field 'text	reply-draft')" "$(printf '%s' "$generic" | tr '\n\t' '  ')" "the editor holds reply-draft's generic draft"
contains "$(grep '^label' "$DUMP")" "label	A review by Lou M." "the editor names the review's author"
contains "$(grep '^label' "$DUMP")" "label	Nothing flagged (checked as French).  That is not a guarantee" \
	"a clean result says it is not a guarantee"
contains "$(grep '^label' "$DUMP")" "Not answering publicly is often the best answer" "the editor says not answering is often best"
contains "$(grep '^label' "$DUMP")" "repwatch posts nothing" "...and that nothing is posted"

FLAGGED="Merci pour votre message. Lors de votre consultation du 12 mars, votre eczéma a bien évolué."
dump --self-test-set="reply-draft=$FLAGGED"
is "$(field 'text	reply-draft')" "$FLAGGED" "a draft is typed into the editor"
is "$(grep '^reply	' "$DUMP" | cut -f 2-)" "$REVIEW	checked	fr	4" "it is checked again: 4 flags, in French"
is "$(reply_flags | cut -f 1 | sort -u | tr '\n' ' ')" "care date medical " "the flags are of kinds care, date and medical"
is "$(reply_flags)" "$(cli_flags "$FLAGGED")" "the same flags, at the same byte offsets, as repwatch reply-check"
is "$(reply_tags)" "$( (want_tags "$FLAGGED" flag-care "Lors de votre consultation" "votre eczéma"
	want_tags "$FLAGGED" flag-date "12 mars"; want_tags "$FLAGGED" flag-medical "eczéma") | sort)" \
	"the highlight tags cover exactly the flagged words"
contains "$(grep '^label' "$DUMP")" "label	4 passages would breach medical secrecy or advertise (checked as French):" "the editor counts them"
contains "$(grep '^label' "$DUMP")" "label	Confirms a care relationship  “Lors de votre consultation”" "...lists each with its kind"
contains "$(grep '^label' "$DUMP")" "label	Dates the visit  “12 mars”" "...the date"
contains "$(grep '^label' "$DUMP")" "label	Names a condition, treatment or drug  “eczéma”" "...the condition"
contains "$(grep '^label' "$DUMP")" "label	Date ou heure qui situe une consultation" "...and the reasons in the draft's language"
shot tray-reply-flags

dump --self-test-click=reply-copy
contains "$(grep '^label' "$DUMP")" "label	Copied, with 4 flagged passages: change them before you publish." "Copy warns that flags remain"
if /usr/bin/python3 -c 'import gi; gi.require_version("Gtk", "3.0"); from gi.repository import Gtk' 2>/dev/null; then
	clip=$(timeout 20 /usr/bin/python3 -c 'import gi; gi.require_version("Gtk", "3.0"); from gi.repository import Gtk, Gdk
print(Gtk.Clipboard.get(Gdk.SELECTION_CLIPBOARD).wait_for_text() or "")' 2>"$T/clip.log")
	is "$clip" "$FLAGGED" "Copy put the draft on the X clipboard (read by another client)"
else
	skip "Copy put the draft on the X clipboard" "GTK's introspection data for python3 missing"
fi

CLEAN="Merci pour votre retour, n'hésitez pas à contacter le cabinet."
dump --self-test-set="reply-draft=$CLEAN"
is "$(grep '^reply	' "$DUMP" | cut -f 2-)" "$REVIEW	checked	fr	0" "a clean draft: nothing flagged"
is "$(reply_flags)" "" "...no flag listed"
is "$(reply_tags)" "" "...no highlight left from the previous draft"
contains "$(grep '^label' "$DUMP")" "label	Nothing flagged (checked as French).  That is not a guarantee" "...and it is not called a guarantee"

ENGLISH="Thank you Lou, during your appointment on 12 March your eczema improved."
dump --self-test-set="reply-draft=$FLAGGED" --self-test-set="reply-draft=$ENGLISH"
is "$(grep '^reply	' "$DUMP" | cut -f 2-)" "$REVIEW	checked	en	5" "two quick changes: the last text is the one checked (English)"
is "$(reply_flags)" "$(cli_flags "$ENGLISH")" "...with reply-check's flags, the reviewer's first name included"
contains "$(grep '^reply-flag	name' "$DUMP")" "Names the reviewer" "...and reasons in English"
dump --self-test-click=reply-close
lacks "$(grep '^window' "$DUMP")" "Reply to a review" "Close closes the editor"

# ---- 3c. the detail pane's actions: core calls, checked in the database
NEWS=$(sqlite3 "$DB" "SELECT id FROM mentions WHERE title = '$NEWS_TITLE'")
read_flag() { sqlite3 "$DB" "SELECT read FROM mentions WHERE id = $1"; }
is "$(read_flag "$NEWS")" "0" "(the news article is unread)"
dump --self-test-set="mentions=$NEWS_TITLE" --self-test-click=mark-read
is "$LAUNCH_RC" "0" "Mark as read is clicked"
is "$(read_flag "$NEWS")" "1" "the mention is marked read in the database"
contains "$(grep '^label' "$DUMP")" "label	Mark as unread" "the button now marks it unread"
dump --self-test-set="mentions=$NEWS_TITLE" --self-test-click=mark-read
is "$(read_flag "$NEWS")" "0" "clicked again, it is unread again"

dump --self-test-set="mentions=$NEWS_TITLE" --self-test-click=history
is "$LAUNCH_RC" "0" "History... is clicked"
contains "$(grep '^window' "$DUMP")" "window	History of mention #$NEWS" "the history window opens"
text=$(field 'text	history-text')
contains "$text" "Version 1, seen " "it lists the version with the date it was seen"
contains "$text" "$NEWS_TITLE" "...its title"
contains "$text" "$(sqlite3 "$DB" "SELECT body FROM versions WHERE mention_id = $NEWS")" "...and its text"
is "$(grep -c '^tag	history-text' "$DUMP")" "0" "a single version has nothing highlighted"
dump --self-test-click=history-close
lacks "$(grep '^window' "$DUMP")" "History of mention" "Close closes it"

# the edited review: two versions, the changes in colour (the core's word diff)
EDITED=$(sqlite3 "$DB" "SELECT id FROM mentions WHERE title = 'Attente interminable'")
dump --self-test-set="mentions=Attente interminable" --self-test-click=history
contains "$(grep '^window' "$DUMP")" "window	History of mention #$EDITED" "the edited review's history opens"
text=$(field 'text	history-text')
contains "$text" "Version 2, seen " "...with its second version"
contains "$text" "Rating: 3 (was 2)" "...the rating and what it was"
v1=$(sqlite3 "$DB" "SELECT body FROM versions WHERE mention_id = $EDITED AND version = 1")
v2=$(sqlite3 "$DB" "SELECT body FROM versions WHERE mention_id = $EDITED AND version = 2")
added=$(grep '^tag	history-text	added	' "$DUMP" | cut -f 4-)
removed=$(grep '^tag	history-text	removed	' "$DUMP" | cut -f 4-)
ok "$([ -n "$added" ] && [ -n "$removed" ] && echo 0 || echo 1)" "words added and removed are highlighted"
# each highlighted run is in the version it belongs to, and not in the other
bad=0
for w in $added; do case " $v2 " in *"$w"*) ;; *) echo "# added '$w' not in v2"; bad=1 ;; esac; done
ok "$bad" "every added word is in version 2"
first_added=$(printf '%s\n' "$added" | head -n 1)
first_removed=$(printf '%s\n' "$removed" | head -n 1)
lacks "$v1" "$first_added" "the first added run ('$first_added') was not in version 1"
contains "$v1" "$first_removed" "the first removed run ('$first_removed') was in version 1"
lacks "$v2" "$first_removed" "...and is not in version 2"
shot tray-history-en
dump --self-test-click=history-close

FORUM_TITLE="Quelqu'un connaît le Docteur Dupont à Lyon ?"
FORUM=$(sqlite3 "$DB" "SELECT id FROM mentions WHERE title = '$(printf '%s' "$FORUM_TITLE" | sed "s/'/''/g")'")
would=$("$REPWATCH" not-me --dry-run "$FORUM" | sed -n "s/^would learn: the word '\(.*\)' counts against .*/\1/p" | sort)
dump --self-test-set="mentions=$FORUM_TITLE" --self-test-click=not-me
is "$LAUNCH_RC" "0" "Not about me is clicked"
is "$(sqlite3 "$DB" "SELECT not_me FROM mentions WHERE id = $FORUM")" "1" "the mention is marked not about her in the database"
is "$(sqlite3 "$DB" "SELECT value FROM not_me_rules WHERE mention_id = $FORUM AND kind = 'word'" | sort)" "$would" \
	"it learned the words 'repwatch not-me --dry-run' names ($(echo $would))"
lacks "$(rows)" "$FORUM_TITLE" "it leaves the list"
contains "$(field detail)" "Mention #$FORUM is not about" "the status line says so"
if [ -n "$would" ]; then
	contains "$(field detail)" "learned the word" "...and names the words learned"
else
	contains "$(field detail)" "nothing in it tells the other person apart" "...and that no word was learned"
fi
"$REPWATCH" not-me --undo "$FORUM" >/dev/null
dump --show-recent
contains "$(rows)" "$FORUM_TITLE" "('repwatch not-me --undo' shows it again)"

dump --self-test-click=digest-preview
is "$LAUNCH_RC" "0" "Digest preview is clicked"
contains "$(grep '^window' "$DUMP")" "window	Digest preview" "the digest preview opens"
want=$("$REPWATCH" digest --print | tr '\n\t' '  ')
contains "$want" "Excellente prise en charge" "(the digest lists the new review)"
is "$(field 'text	output-text')" "$want" "it holds what 'repwatch digest --print' prints"
dump --self-test-click=output-close
lacks "$(grep '^window' "$DUMP")" "Digest preview" "Close closes it"

# ---- 4. Scan now while another scan holds the lock, then after it ends
# as `repwatch scan` from cron would: flock on <db>.lock; the holder is
# the sleep itself (the subshell execs it), so killing it frees the lock
( exec 9>"$DB.lock" && flock 9 && exec sleep 60 ) &
LOCK_PID=$!
on_exit "kill $LOCK_PID"
sleep 0.3
before=$(scans)
dump --scan-now
is "$(field state)" "scanning	repwatch-scanning" "while a cron scan holds the lock the tray shows a scan in progress"
contains "$(field detail)" "Another scan is in progress" "...and says so"
is "$(scans)" "$before" "no scan ran meanwhile"
kill "$LOCK_PID"
wait "$LOCK_PID" 2>/dev/null
i=0
while [ "$(scans)" = "$before" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
is "$(scans)" "$((before + 1))" "once the lock is free the tray tries again and scans"
dump
contains "$(field detail)" "Scan finished: 0 new, 0 changed, 0 gone; 0 of 3 sources failed." "the tray reports the scan"
is "$(field state)" "quiet	repwatch-quiet" "all quiet again"

# ---- 5. Preferences: saved atomically, comments kept, applied without restart
sum_before=$(md5sum <"$CONF")
dump --preferences --self-test-set=quiet-hours=25:99-nonsense --self-test-click=save
contains "$(cat "$DUMP")" "window	Preferences - repwatch" "the Preferences window opens"
err=$(sed -n 's/^label	\(Not saved: .*\)/\1/p' "$DUMP")
contains "$err" "Not saved:" "a value the core refuses is not saved, and the window says why"
contains "$err" "$CONF" "...naming the real file, not the temporary one"
is "$(md5sum <"$CONF")" "$sum_before" "repwatch.conf is unchanged"
is "$(ls "$XDG_CONFIG_HOME/repwatch" | grep -c 'repwatch.conf.')" "0" "no temporary file is left"
# the core's editor judges names as `repwatch sources add` does: no silent cut
LONG="Annuaire des praticiens de la métropole de Lyon (démo)"
dump --self-test-set="new-source-name=$LONG" --self-test-set=new-source-url=file://$T/sources/other.rss \
	--self-test-click=add-source
err=$(sed -n 's/^label	\(This cannot be saved in the configuration: .*\)/\1/p' "$DUMP")
contains "$err" "longer than 42 bytes" "a source name libinih would cut is refused, with the reason"
"$REPWATCH" sources add --name "$LONG" "file://$T/sources/other.rss" >"$T/long.out" 2>&1
is "$?" "2" "...as 'repwatch sources add' refuses it"
contains "$(cat "$T/long.out")" "longer than 42 bytes" "...with the same reason"
dump --self-test-set=quiet-hours= --self-test-set=city=Villeurbanne \
	--self-test-set='new-source-name=Annuaire (broken)' --self-test-set=new-source-url=file://$T/sources/missing.rss \
	--self-test-click=add-source --self-test-set=interval=3 --self-test-click=save
lacks "$(cat "$DUMP")" "window	Preferences - repwatch" "a valid change is saved and the window closes"
contains "$(cat "$CONF")" "city = Villeurbanne" "the new city is in repwatch.conf"
contains "$(cat "$CONF")" "# the local paper
[source Lyon Santé (demo news)]" "comments are kept"
contains "$(cat "$CONF")" "[source Annuaire (broken)]
url = file://$T/sources/missing.rss" "the new source is added"
lacks "$(cat "$CONF")" "[notify]" "an empty optional field adds no section"
[ -f "$CONF.bak" ] && [ "$(md5sum <"$CONF.bak")" = "$sum_before" ]
ok $? "the previous file is kept as repwatch.conf.bak"
contains "$(cat "$XDG_CONFIG_HOME/repwatch/tray.ini")" "interval_hours=3" "the scan interval is saved in tray.ini"
contains "$(field detail)" "Preferences saved." "the status says so"
before=$(scans)
dump --scan-now
is "$(scans)" "$((before + 1))" "Scan now runs a scan"
is "$(field state)" "failing	repwatch-failing" "the new source is used without a restart, and its failure shows"
is "$(field failing)" "1" "one source failing"
contains "$(field status)" "1 source failing" "the status says so"
contains "$(grep '^label' "$DUMP")" "1 of 4 sources failed" "the scan counted 4 sources"
shot tray-status-failing

# ---- 6. Quit, then the French interface with a scheduled scan
timeout 30 "$REPWATCH_TRAY" --quit >/dev/null 2>&1
i=0
while kill -0 "$TRAY_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$TRAY_PID" 2>/dev/null
[ $? -ne 0 ]
ok $? "--quit ends the running instance"
grep -i 'critical\|warning' "$T/tray1.log" | sed 's/^/#   /'
is "$(grep -c -i 'critical' "$T/tray1.log")" "0" "no GLib/GTK critical message in the first run"

# an "hour" of 2 seconds and a scan due one "hour" after the last one
export REPWATCH_TRAY_HOUR_SECONDS=2
printf '[tray]\ninterval_hours=1\npaused=false\n[state]\nlast_viewed=%s\nlast_scan=%s\n' "$(date +%s)" "$(date +%s)" \
	>"$XDG_CONFIG_HOME/repwatch/tray.ini"
before=$(scans)
LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH_TRAY" --show-recent --self-test-dump="$T/dump-fr" >"$T/tray2.log" 2>&1 &
TRAY_PID=$!
on_exit "kill $TRAY_PID"
wait_for_file "$T/dump-fr"
ok $? "the tray starts in French"
DUMP="$T/dump-fr"
contains "$(cat "$DUMP")" "window	Mentions récentes - repwatch" "French window title"
is "$(grep '^columns' "$DUMP")" "columns	Changement	Catégorie	Étoiles	Tonalité	Source	Date	Titre" "French column titles"
contains "$(rows)" "Nouveau	Avis	★★★★★	positif	Avis patients (demo reviews)	$(locdate 2026-11-18 fr_FR.UTF-8)	Excellente prise en charge" "French change, category, sentiment and date"
contains "$(rows)" "neutre	Avis patients (demo reviews)	$(locdate 2026-10-02 fr_FR.UTF-8)	Attente interminable" "...neutre"
is "$(locdate 2026-10-02 fr_FR.UTF-8)" "2 oct. 2026" "(the French date is day first, month in words)"
# the sort chosen before the restart (by title) is kept: the first row is
# the first title, and the detail pane shows it
is "$(rows | head -n 1 | cut -f 7)" "Attente interminable" "after a restart the list is still sorted by title"
contains "$(grep '^label' "$DUMP")" "label	Tonalité : neutre  ·  confiance de l'identification : élevée" "French sentiment and confidence in the detail pane"
contains "$(grep '^label' "$DUMP")" "label	Pourquoi elle a été retenue : " "...and why it matched"
contains "$(rows)" "Disparu	Avis" "...gone is Disparu"
contains "$(grep '^label' "$DUMP")" "label	Analyser maintenant" "French commands in the status window"
contains "$(grep '^label' "$DUMP")" "label	Suspendre la surveillance" "...Suspendre la surveillance"
contains "$(grep '^label' "$DUMP")" "Afficher :" "French filter label"
shot tray-recent-fr
# History in French: the window's words and the dates as the French write them
dump --self-test-set="mentions=Attente interminable" --self-test-click=history
contains "$(grep '^window' "$DUMP")" "window	Historique de la mention n° $EDITED" "History in French"
text=$(field 'text	history-text')
seen2=$(sqlite3 "$DB" "SELECT seen_at FROM versions WHERE mention_id = $EDITED AND version = 2")
contains "$text" "Version 2, vue le $(LC_ALL=fr_FR.UTF-8 date -d "@$seen2" '+%-d %b %Y à %H:%M')" \
	"...each version with the date it was seen, in French words"
contains "$text" "Note : 3" "...its rating in French"
lacks "$text" "seen " "...and no English"
shot tray-history-fr
dump --self-test-click=history-close

i=0
while [ "$(scans)" = "$before" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(scans)" -gt "$before" ]
ok $? "a scheduled scan runs when it is due, in the worker thread"
dump --self-test-click=pause
contains "$(cat "$XDG_CONFIG_HOME/repwatch/tray.ini")" "paused=true" "Pause monitoring is saved"
contains "$(field status)" "surveillance suspendue" "the status says monitoring is paused (in French)"
contains "$(field detail)" "Analyse terminée" "the French scan report"
paused_at=$(scans)
sleep 5
is "$(scans)" "$paused_at" "no scheduled scan while paused (5 s = 2.5 of its hours)"
dump --self-test-set="mentions=Excellente prise en charge" --self-test-click=reply
contains "$(grep '^window' "$DUMP")" "window	Répondre à un avis - repwatch" "the reply editor in French"
dump --self-test-set="reply-draft=$FLAGGED"
contains "$(grep '^label' "$DUMP")" "label	Votre réponse :" "...its labels"
contains "$(grep '^label' "$DUMP")" "label	4 passages violeraient le secret médical ou feraient de la publicité (vérification en français) :" "...its count"
contains "$(grep '^label' "$DUMP")" "label	Confirme une relation de soin  « Lors de votre consultation »" "...its kinds"
contains "$(grep '^label' "$DUMP")" "Ne pas répondre publiquement est souvent la meilleure réponse" "...its advice"
shot tray-reply-fr
timeout 30 "$REPWATCH_TRAY" --quit >/dev/null 2>&1
i=0
while kill -0 "$TRAY_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(grep -c -i 'critical' "$T/tray2.log")" "0" "no GLib/GTK critical message in the second run"

# ---- 7. with a tray host: the icon goes to the tray, no window
if /usr/bin/python3 -c 'from gi.repository import Gio' 2>/dev/null; then
	/usr/bin/python3 "$SRCDIR/tests/servers/sni_watcher.py" --log "$T/watcher.log" --lifetime 120 &
	WATCHER_PID=$!
	on_exit "kill $WATCHER_PID"
	i=0
	while ! grep -q '^owned' "$T/watcher.log" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	contains "$(cat "$T/watcher.log" 2>/dev/null)" "owned org.kde.StatusNotifierWatcher" "a tray host (StatusNotifierWatcher) is on the bus"
	"$REPWATCH_TRAY" --self-test-dump="$T/dump-host" >"$T/tray3.log" 2>&1 &
	TRAY_PID=$!
	on_exit "kill $TRAY_PID"
	wait_for_file "$T/dump-host"
	DUMP="$T/dump-host"
	is "$(field tray-host)" "1" "the tray sees the host"
	lacks "$(grep '^window' "$DUMP")" "window	repwatch" "so no status window is shown"
	i=0
	while ! grep -q '^item' "$T/watcher.log" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	contains "$(cat "$T/watcher.log")" "item :" "the AppIndicator registered its item with the host"
	timeout 30 "$REPWATCH_TRAY" --quit >/dev/null 2>&1
	i=0
	while kill -0 "$TRAY_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	is "$(grep -c -i 'critical' "$T/tray3.log")" "0" "no GLib/GTK critical message with a tray host"
else
	echo "# python3-gi missing: the tray-host case is not checked"
fi

# ---- 8. one verdict: scan, `sources test` and the tray's Test judge the same
# items alike (read.h), on a feed, a myth that names no one and a review page
cp "$SRCDIR"/tests/data/read/feed.rss "$SRCDIR"/tests/data/read/myth.atom "$SRCDIR"/tests/data/read/page.html "$T/sources/"
cat >>"$CONF" <<CONF

[source Read feed]
url = file://$T/sources/feed.rss
category = news

[source Read myth]
url = file://$T/sources/myth.atom

[source Read page]
url = file://$T/sources/page.html
template = review-page-schema
category = review
CONF
"$REPWATCH" scan >/dev/null 2>&1
stored() { sqlite3 "$DB" "SELECT category FROM mentions WHERE title = '$1'"; }
is "$(stored 'Le Dr Jeanne Dupont, dermatologue à Lyon')" "review" "scan: her mention in a feed is a review"
is "$(stored 'Plage : le ciel est couvert ce week-end')" "misinformation" "scan: a myth naming no one is misinformation"
is "$(stored 'Weekend at the beach')" "misinformation" "scan: the English myth-only item too"
is "$(stored 'Rendez-vous expédié')" "review" "scan: a review of her page"
tray_word() {
	case $1 in
	review) echo Review ;; misinformation) echo Misinformation ;; news) echo News ;;
	social) echo Social ;; publication) echo Publication ;; *) echo Other ;;
	esac
}
# an alert mailbox (kind = imap) on a real Dovecot: the Test collects it
# (collect.h) as `sources test` does, it does not fetch its url
MAILBOX=
if { command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ]; } && command -v openssl >/dev/null; then
	mkdir -p "$T/Maildir/cur" "$T/Maildir/new" "$T/Maildir/tmp" "$T/dovecot"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
		-subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
	cp "$SRCDIR/tests/data/mail/gbp-review.eml" "$T/Maildir/cur/1700000001.M1P1.test:2,"
	printf 'imap-Pa55-for-tests\n' >"$T/imap-password"
	chmod 600 "$T/imap-password"
	if ports=$("$SRCDIR/tests/servers/dovecot.sh" start "$T/dovecot" "$T/Maildir" jeanne imap-Pa55-for-tests \
		"$T/cert.pem" "$T/key.pem"); then
		on_exit "'$SRCDIR/tests/servers/dovecot.sh' stop '$T/dovecot'"
		MAILBOX=yes
		cat >>"$CONF" <<CONF

[source Avis Google]
url = imap://127.0.0.1:${ports% *}/INBOX
kind = imap
user = jeanne
password_file = $T/imap-password

[fetch]
ca_file = $T/cert.pem
CONF
	fi
fi
start_tray "$T/tray4.log" --self-test-dump="$T/dump-read"
wait_for_file "$T/dump-read"
for case in "Read feed|Le Dr Jeanne Dupont, dermatologue à Lyon" "Read feed|Plage : le ciel est couvert ce week-end" \
	"Read myth|Weekend at the beach" "Read page|Rendez-vous expédié"; do
	src=${case%%|*}
	title=${case#*|}
	want=$(stored "$title")
	got=$("$REPWATCH" sources test "$src" 2>"$T/err" | sed -n "s/^+ \([a-z]*\) .*$title.*/\1/p")
	is "$got" "$want" "sources test '$src' judges '$title' as the scan stored it ($want)"
	dump --preferences --self-test-set="sources=$src" --self-test-click=test-source
	result=$(sed -n 's/^label	\(Works: .*\)/\1/p' "$DUMP")
	contains "$result" "$(tray_word "$want"): $title" "the tray's Test on '$src' says the same"
done
contains "$result" "Works: 3 items (html). 3 are about you:" "the tray's Test reads a page source with its template"
if [ -n "$MAILBOX" ]; then
	got=$("$REPWATCH" sources test "Avis Google" 2>"$T/err" | sed -n "s/^+ \([a-z]*\) .*Nouvel avis sur.*/\1/p")
	is "$got" "review" "sources test 'Avis Google' reads the mailbox's review"
	dump --preferences --self-test-set="sources=Avis Google" --self-test-click=test-source
	result=$(sed -n 's/^label	\(Works: .*\)/\1/p' "$DUMP")
	contains "$result" "Works: 1 item" "the tray's Test on a mailbox collects it: $(grep '^label	Failed' "$DUMP" | head -n 1)"
	contains "$result" "Review: Nouvel avis sur" "...and judges its mail as sources test does"
else
	echo "# dovecot or openssl missing: the tray's Test on a mailbox is not checked"
fi
timeout 30 "$REPWATCH_TRAY" --quit >/dev/null 2>&1
i=0
while kill -0 "$TRAY_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(grep -c -i 'critical' "$T/tray4.log")" "0" "no GLib/GTK critical message while testing sources"

# ---- 8. first run: no repwatch.conf yet
first_run() {   # first_run DIR LANG: a tray on a configuration that does not exist
	mkdir -p "$1"
	LC_ALL= LANGUAGE= LANG=$2 "$REPWATCH_TRAY" --window --config="$1/repwatch.conf" --db="$1/repwatch.db" \
		--self-test-dump="$1/dump0" >"$T/tray-first-$2.log" 2>&1 &
	TRAY_PID=$!
	on_exit "kill $TRAY_PID"
	wait_for_file "$1/dump0"
	DUMP="$1/dump0"
}
quit_tray() {
	timeout 30 "$REPWATCH_TRAY" --quit >/dev/null 2>&1
	i=0
	while kill -0 "$TRAY_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
FIRST="$T/first"
first_run "$FIRST" C.UTF-8
contains "$(grep '^window' "$DUMP")" "window	Set up repwatch" "with no configuration, the set-up dialog opens"
is "$(field 'entry	setup-languages')" "fr,en" "the languages default to fr,en"
lacks "$(field status)" "All quiet" "the tray does not say All quiet"
shot tray-firstrun-en
dump --self-test-set=setup-name=Jeanne --self-test-click=setup-save
contains "$(grep '^label' "$DUMP")" "give the first name and the surname" "a name without a first name is refused, in the dialog"
[ ! -e "$FIRST/repwatch.conf" ]
ok $? "...and nothing is written"
dump --self-test-set="setup-name=Dr Hélène Martin" --self-test-set=setup-specialty=dermatologue \
	--self-test-set=setup-city=Lyon --self-test-set=setup-languages=fr --self-test-click=setup-save
[ -f "$FIRST/repwatch.conf" ]
ok $? "Set up writes the configuration"
is "$(stat -c %a "$FIRST/repwatch.conf" 2>/dev/null)" "600" "...mode 0600"
"$REPWATCH" --config "$T/first-cli.conf" init "Dr Hélène Martin" --specialty dermatologue --city Lyon --lang fr >/dev/null 2>&1
is "$(cat "$FIRST/repwatch.conf")" "$(cat "$T/first-cli.conf")" "...the text 'repwatch init' writes for the same answers (one place)"
"$REPWATCH" --config "$FIRST/repwatch.conf" sources ls >/dev/null 2>&1
ok $? "...a configuration repwatch loads"
summary=$(field 'text	setup-summary')
contains "$summary" "Wrote '$FIRST/repwatch.conf' for Hélène Martin." "the dialog says what it wrote"
contains "$summary" "sources are watched:" "...which sources are watched"
contains "$summary" "Other places where patients talk, and how to follow them" "...and offers the routes"
route=$(sed -n 's/^name *= *//p' "$SRCDIR/feeds/routes/routes.ini" | head -n 1)
contains "$summary" "$route" "...from the routes data ($route)"
contains "$(grep '^label' "$DUMP")" "label	Scan now" "...and a first scan"
lacks "$(cat "$DUMP")" "setup-name" "the form is gone"
shot tray-firstrun-done-en
dump --self-test-click=setup-close
lacks "$(grep '^window' "$DUMP")" "repwatch is set up" "Close closes it"
# a launch with nothing to do raises the tray's own window (no tray host here)
timeout 30 "$REPWATCH_TRAY" >/dev/null 2>&1
dump
contains "$(grep '^window' "$DUMP")" "window	repwatch" "the tray's own window says where things stand"
lacks "$(field status)" "Set up" "...the set-up is done"
shot tray-after-firstrun-en
quit_tray
# zero sources: never "All quiet", and how to add one
printf '[practitioner]\nname = Dr Hélène Martin\n' >"$FIRST/repwatch.conf"
LC_ALL= LANGUAGE= LANG=C.UTF-8 "$REPWATCH_TRAY" --config="$FIRST/repwatch.conf" --db="$FIRST/repwatch.db" \
	--self-test-dump="$FIRST/dump-zero" >"$T/tray-zero.log" 2>&1 &
TRAY_PID=$!
on_exit "kill $TRAY_PID"
wait_for_file "$FIRST/dump-zero"
DUMP="$FIRST/dump-zero"
lacks "$(field status)" "All quiet" "zero sources: the tray never says All quiet"
contains "$(field status)" "Nothing to watch yet" "...it says there is nothing to watch"
contains "$(field status)" "Preferences (Sources)" "...and how to add a source"
lacks "$(grep '^window' "$DUMP")" "Set up repwatch" "a configuration exists: no set-up dialog"
quit_tray

# one scheduler at a time: an enabled systemd user timer (its unit file
# state: the enabling symlink, no systemd needed) scans, so the tray does
# not schedule its own and says so, in the status and in Preferences
launch_dump() {   # launch_dump NAME ARGS...: a new instance that writes its own dump (DUMP)
	name=$1
	shift
	"$REPWATCH_TRAY" "$@" --self-test-dump="$T/dump-$name" >"$T/tray-$name.log" 2>&1 &
	TRAY_PID=$!
	on_exit "kill $TRAY_PID"
	wait_for_file "$T/dump-$name"
	DUMP="$T/dump-$name"
}
printf '[tray]\ninterval_hours=168\npaused=false\n[state]\nlast_viewed=0\nlast_scan=%s\n' "$(date +%s)" \
	>"$XDG_CONFIG_HOME/repwatch/tray.ini"
TIMER_SAYS="Scans run from the systemd user timer (repwatch-scan.timer): the tray does not schedule scans of its own."
units="$XDG_CONFIG_HOME/systemd/user"
mkdir -p "$units/timers.target.wants"
cp "$SRCDIR/desktop/repwatch-scan.timer" "$units/"
ln -s "$units/repwatch-scan.timer" "$units/timers.target.wants/repwatch-scan.timer"
launch_dump timer --window --config="$FIRST/repwatch.conf" --db="$FIRST/repwatch.db"
is "$(grep -c -F "$TIMER_SAYS" "$DUMP")" 1 "an enabled timer: the tray's window says it scans"
lacks "$(grep '^label' "$DUMP")" "Next scan at" "...and the tray schedules no scan of its own"
dump --preferences
is "$(grep -c -F "$TIMER_SAYS" "$DUMP")" 2 "...Preferences say so too"
quit_tray
LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 launch_dump timer-fr --window --config="$FIRST/repwatch.conf" \
	--db="$FIRST/repwatch.db" --preferences
contains "$(grep '^label' "$DUMP")" "Les analyses sont lancées par le minuteur systemd de l'utilisateur (repwatch-scan.timer)" \
	"...in French too"
quit_tray
rm "$units/timers.target.wants/repwatch-scan.timer"
launch_dump notimer --window --config="$FIRST/repwatch.conf" --db="$FIRST/repwatch.db"
contains "$(grep '^label' "$DUMP")" "Next scan at" "the timer disabled: the tray schedules again"
lacks "$(cat "$DUMP")" "systemd user timer" "...and no longer names the timer"
quit_tray
# a configuration that does not load: Preferences say where, file:line
printf '[practitioner]\nname = Dr Hélène Martin\n\n[source A]\nurl = file:///a\n\n[source A]\nurl = file:///b\n' >"$T/dup.conf"
launch_dump dup --window --config="$T/dup.conf" --db="$FIRST/repwatch.db" --preferences
contains "$(grep '^label' "$DUMP")" "The configuration does not load: $T/dup.conf:7: [source A] appears twice (first at line 4)" \
	"a section given twice: Preferences name the file and line"
quit_tray
printf '[practitioner]\nname = Dr Hélène Martin\n\n[source B\nurl = file:///b\n' >"$T/open.conf"
launch_dump open --window --config="$T/open.conf" --db="$FIRST/repwatch.db" --preferences
contains "$(grep '^label' "$DUMP")" "The configuration does not load: $T/open.conf:4: section header '[source B' is not closed" \
	"an unclosed section header: Preferences name the file and line"
quit_tray

# the detail pane's link, clicked with the pointer (xdotool): the click goes
# through Open's filter (http and https only) to the user's default web
# handler, here a desktop entry of the user's that records its argument and
# also claims javascript: and files, so that GTK's own handler would show
if ! command -v xdotool >/dev/null 2>&1; then
	skip "a click on the detail pane's link" "xdotool missing (tools/install-deps --tests)"
else
	mkdir -p "$T/bin" "$XDG_DATA_HOME/applications"
	printf '#!/bin/sh\nprintf "%%s\\n" "$1" >>"%s/clicked"\n' "$T" >"$T/bin/opener"
	chmod +x "$T/bin/opener"
	printf '[Desktop Entry]\nType=Application\nName=Opener (test)\nExec=%s/bin/opener %%u\nNoDisplay=true\nMimeType=%s\n' \
		"$T" "x-scheme-handler/http;x-scheme-handler/https;x-scheme-handler/javascript;text/plain;" \
		>"$XDG_DATA_HOME/applications/rw-test-opener.desktop"
	{
		echo '[Default Applications]'
		for m in x-scheme-handler/http x-scheme-handler/https x-scheme-handler/javascript text/plain; do
			echo "$m=rw-test-opener.desktop"
		done
	} >"$XDG_CONFIG_HOME/mimeapps.list"
	news_link=$(sqlite3 "$DB" "SELECT link FROM mentions WHERE title = '$(echo "$NEWS_TITLE" | sed "s/'/''/g")'")
	click_link() {   # click_link NAME: a new tray shows the news mention; the pointer clicks its link
		launch_dump "$1" --show-recent
		dump --self-test-set="mentions=$NEWS_TITLE"
		at=$(sed -n 's/^link	\([0-9]*\)	\([0-9]*\)	.*/\1 \2/p' "$DUMP" | head -n 1)
		# shellcheck disable=SC2086
		[ -n "$at" ] && xdotool mousemove $at click 1
	}
	click_link link-https
	contains "$(grep '^link' "$DUMP")" "$news_link" "the detail pane shows the mention's link"
	wait_for_file "$T/clicked"
	is "$(cat "$T/clicked" 2>/dev/null)" "$news_link" "a click on an https link hands it to the user's web handler"
	quit_tray
	for bad in 'javascript:alert(document.cookie)' 'file:///etc/passwd'; do
		sqlite3 "$DB" "UPDATE mentions SET link = '$bad' WHERE link = '$news_link'"
		news_link=$bad
		click_link "link-$(echo "$bad" | cut -d: -f1)"
		contains "$(grep '^link' "$DUMP")" "$bad" "a $bad link is shown"
		dump
		contains "$(grep '^label' "$DUMP")" "only http:// and https:// links are opened" "...a click on it is refused, and says why"
		is "$(grep -c . "$T/clicked")" 1 "...and nothing is opened"
		dump --self-test-click=message-close
		quit_tray
	done
	sqlite3 "$DB" "UPDATE mentions SET link = '$(sed -n 1p "$T/clicked")' WHERE link = '$news_link'"
fi

FIRST_FR="$T/first-fr"
first_run "$FIRST_FR" fr_FR.UTF-8
contains "$(grep '^window' "$DUMP")" "window	Configurer repwatch" "the set-up dialog in French"
lacks "$(field status)" "All quiet" "the status is French too"
shot tray-firstrun-fr
dump --self-test-set="setup-name=Dr Hélène Martin" --self-test-set=setup-city=Lyon --self-test-click=setup-save
contains "$(field 'text	setup-summary')" "Autres endroits où les patients parlent" "the summary in French"
grep -q "^# " "$FIRST_FR/repwatch.conf" && LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" --config "$T/first-cli-fr.conf" \
	init "Dr Hélène Martin" --city Lyon >/dev/null 2>&1
is "$(cat "$FIRST_FR/repwatch.conf")" "$(cat "$T/first-cli-fr.conf")" "...and the configuration's comments in French, as 'repwatch init' writes them"
shot tray-firstrun-done-fr
dump --self-test-click=setup-close
timeout 30 "$REPWATCH_TRAY" >/dev/null 2>&1
dump
shot tray-after-firstrun-fr
quit_tray
is "$(cat "$T"/tray-first-*.log "$T/tray-zero.log" | grep -c -i 'critical')" "0" "no GLib/GTK critical message in the first runs"

if [ "$_failed" -gt 0 ]; then
	for f in "$T"/tray*.log "$T"/launch*.log; do
		echo "# --- $f"
		sed 's/^/#   /' "$f"
	done
fi
done_testing
