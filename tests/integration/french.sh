#!/bin/sh
# SPDX-License-Identifier: MIT
# french.sh - LANG=fr_FR.UTF-8: every command of repwatch, given bad input,
# answers in French with its documented exit code.
#
# The commands are the CLI's own table (what `repwatch __complete` offers,
# src/cli/main.c commands[]), their options and values the words the table
# gives each one, so a new command or option is swept without editing this
# file.  For each: an unknown option, an option without its value, a bad
# value, a missing configuration, a database that is not one.  What a
# person reads on stderr must be French: no line may hold the English text
# of a msgid of po/fr.po (its literal parts) or English words of a list
# (for messages that never went through gettext).  Then the dates: show
# and parse in fr_FR and en_US.
. "$(dirname "$0")/lib.sh"

for l in fr_FR en_US; do
	if ! locale -a 2>/dev/null | grep -qix "$l.utf-\{0,1\}8"; then
		echo "1..0 # SKIP the $l.UTF-8 locale is missing (tools/install-deps --tests generates it)"
		exit 77
	fi
done
export REPWATCH_LOCALEDIR="$BUILDDIR/po"
fr() { LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" "$@" </dev/null; }

# english FILE: the lines of FILE that are English, one a line ("" when none)
english() {
	/usr/bin/python3 - "$SRCDIR/po/fr.po" "$1" <<'PY'
import re, sys
po, path = sys.argv[1], sys.argv[2]
# the literal parts of every translated msgid whose French differs
chunks, msgid, msgstr, part = set(), "", "", None
def flush():
    if msgid and msgstr and msgid != msgstr:
        for c in re.split(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[a-zA-Z%]|\\n", msgid):
            c = c.replace('\\"', '"').strip(" :;,.()'\"")
            # a part of three words or more is a sentence, not a name or a key
            # (and one the French keeps as it is: a synopsis, a list of keys)
            if len(c) >= 16 and len(c.split()) >= 3 and c not in msgstr.replace('\\"', '"'):
                chunks.add(c)
for line in open(po, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("msgid "):
        flush(); msgid, msgstr, part = line[7:-1], "", "id"
    elif line.startswith("msgstr"):
        msgstr, part = line.split('"', 1)[1][:-1], "str"
    elif line.startswith('"') and part == "id":
        msgid += line[1:-1]
    elif line.startswith('"') and part == "str":
        msgstr += line[1:-1]
    elif not line:
        flush(); part = None
flush()
# words no French sentence has (checked on what is left once quoted
# names, paths, options and addresses are removed)
words = re.compile(r"\b(the|cannot|can't|not|expected|unknown|missing|invalid|failed|must|is|are|with|"
                   r"without|and|of|this|there|should|please|found|requires|unrecognized|"
                   r"usage|such|file|database)\b", re.I)
for line in open(path, encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if any(c in line for c in chunks):
        print(line); continue
    rest = re.sub(r"«[^»]*»|'[^']*'|\"[^\"]*\"|\S*/\S*|--?[\w=-]+|\[[^]]*\]|\S+@\S+|\w+(?:-\w+)+", " ", line)
    rest = re.sub(r"^repwatch\s*:", " ", rest)
    # "usage : repwatch ..." is French (the word is the same)
    rest = re.sub(r"^usage :", " ", rest.strip())
    if words.search(rest):
        print(line)
PY
}

# check WHAT RC-ALLOWED ARGS...: run repwatch in French, check its exit
# code is one of RC-ALLOWED (a space-separated list) and that stderr, when
# there is some, is French
check() {
	what=$1 allowed=$2
	shift 2
	fr "$@" >"$T/out" 2>"$T/err"
	rc=$?
	case " $allowed " in
	*" $rc "*) ok 0 "$what: exit $rc" ;;
	*) ok 1 "$what: exit $rc (want one of: $allowed)"; sed 's/^/#   /' "$T/err" ;;
	esac
	bad=$(english "$T/err")
	is "$bad" "" "$what: stderr in French"
	[ -n "$bad" ] && sed 's/^/#   stderr: /' "$T/err"
	return 0
}

# a configuration that loads, and a database that is not one
mkdir -p "$T/feeds"
cp "$SRCDIR"/feeds/demo/round1/* "$T/feeds/"
{
	printf '[practitioner]\nname = Dr Jeanne Dupont\nspecialty = dermatology\ncity = Lyon\n'
	printf '[source Avis patients]\nurl = file://%s/feeds/avis-patients.atom\ncategory = review\n' "$T"
} >"$CONF"
head -c 4096 /dev/urandom >"$T/not-a.db"
printf '[practitioner]\nname = Dr Jeanne Dupont\nfrobnicate = 3\n' >"$T/bad-key.conf"
printf '[practitioner\n' >"$T/bad-syntax.conf"

# the check can fail: the same errors in English are caught
for args in "-c $T/none.conf scan" "--db $T/not-a.db list" "list --frobnicate"; do
	# shellcheck disable=SC2086
	LC_ALL=C.UTF-8 "$REPWATCH" $args 2>"$T/err-en" </dev/null
	[ -n "$(english "$T/err-en")" ]
	ok $? "(the check finds the English of LANG=C: repwatch $args)"
done

commands=$("$REPWATCH" __complete '')
ncmd=$(printf '%s\n' "$commands" | grep -c .)
[ "$ncmd" -ge 15 ]
ok $? "the command table lists $ncmd commands"

for cmd in $commands; do
	[ "$cmd" = help ] && continue
	check "$cmd --frobnicate" "2" "$cmd" --frobnicate
	# every option that takes a value: without it, then with a value it
	# cannot take (when the table knows its values)
	for opt in $("$REPWATCH" __complete "$cmd" --); do
		case $opt in
		*=)
			check "$cmd $opt (no value)" "2" "$cmd" "${opt%=}"
			values=$("$REPWATCH" __complete "$cmd" "$opt")
			if [ -n "$values" ]; then
				check "$cmd ${opt}frobnicate" "2" "$cmd" "${opt}frobnicate"
			fi
			;;
		esac
	done
	check "$cmd with a missing configuration" "0 1 2" -c "$T/none.conf" --db "$T/none.db" "$cmd"
	check "$cmd with an unknown key in the configuration" "0 1 2" -c "$T/bad-key.conf" --db "$T/none.db" "$cmd"
	check "$cmd with a syntax error in the configuration" "0 1 2" -c "$T/bad-syntax.conf" --db "$T/none.db" "$cmd"
	check "$cmd with a database that is not one" "0 1 2 3" --db "$T/not-a.db" "$cmd"
done
check "an unknown command" "2" frobnicate
check "an unknown global option" "2" --frobnicate list
check "show of a mention that does not exist" "2" show 99

# ---- dates in the reader's words; records keep ISO 8601 UTC
cat >"$T/one.atom" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Avis</title><id>urn:fr</id><updated>2026-12-07T14:05:00Z</updated>
<entry><id>urn:fr:1</id><title>Le Dr Jeanne Dupont prend le temps</title><link href="https://avis.example/1"/>
<published>2026-12-07T14:05:00Z</published><content>Le Dr Jeanne Dupont prend le temps. 5/5</content></entry></feed>
EOF
out=$(TZ=UTC fr parse "$T/one.atom")
contains "$out" "(7 déc. 2026 à 14:05)" "fr_FR: a date as the French write it"
out=$(TZ=UTC LC_ALL= LANGUAGE= LANG=en_US.UTF-8 "$REPWATCH" parse "$T/one.atom")
contains "$out" "(Dec 7, 2026, 2:05 PM)" "en_US: a date as Americans write it"
out=$(TZ=Europe/Paris fr parse "$T/one.atom")
contains "$out" "(7 déc. 2026 à 15:05)" "...in the local time zone"
out=$(TZ=UTC "$REPWATCH" parse "$T/one.atom")
contains "$out" "(2026-12-07T14:05:00Z)" "the C locale: ISO 8601 UTC"
out=$(TZ=UTC fr parse --format=json "$T/one.atom")
contains "$out" "2026-12-07T14:05:00Z" "records (json) keep ISO 8601 UTC in French too"

printf '[source Un avis]\nurl = file://%s/one.atom\ncategory = review\n' "$T" >>"$CONF"
TZ=UTC fr scan >/dev/null 2>"$T/err"
ok $? "scan"
id=$(sqlite3 "$DB" "SELECT id FROM mentions WHERE link = 'https://avis.example/1'")
out=$(TZ=UTC fr show "$id")
contains "$out" "7 déc. 2026 à 14:05" "show: the date of publication in French"
out=$(TZ=UTC LC_ALL= LANGUAGE= LANG=en_US.UTF-8 "$REPWATCH" show "$id")
contains "$out" "Dec 7, 2026, 2:05 PM" "show: in American English"
out=$(TZ=UTC fr list)
contains "$out" "(7 déc. 2026)" "list: the date alone, in French"
out=$(TZ=UTC fr list --format=tsv)
contains "$out" "2026-12-07T14:05:00Z" "list --format=tsv: ISO 8601 UTC"
out=$(TZ=UTC fr sources)
lacks "$out" "T14:" "sources: no ISO date in the French plain output"

# ---- a source's error, stored without a language, read in the reader's
printf '[source Disparue]\nurl = file://%s/gone.atom\ncategory = review\n' "$T" >>"$CONF"
fr scan -v >/dev/null 2>"$T/err"
contains "$(cat "$T/err")" "gone.atom » : impossible d'ouvrir le fichier" "scan: a source's error in French, its punctuation too"
is "$(english "$T/err")" "" "...and nothing of it in English"
out=$(fr sources)
contains "$out" "impossible d'ouvrir le fichier" "sources: the stored error read in French"
out=$(fr sources --format=tsv)
contains "$out" "gone.atom': cannot open the file: " "sources --format=tsv: in English, for programs"
lacks "$out" "$(printf '\036')" "...without the marks"
out=$(LC_ALL=C.UTF-8 "$REPWATCH" sources)
contains "$out" "gone.atom': cannot open the file: " "sources in the C locale: in English"

# another scan holds the lock (held here by flock(1) around the scan)
if command -v flock >/dev/null 2>&1; then
	touch "$DB.lock"
	flock "$DB.lock" env LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" scan --wait=1 >/dev/null 2>"$T/err"
	is "$?" 4 "scan while another holds the lock: exit 4"
	contains "$(cat "$T/err")" "une autre analyse est en cours" "...said in French"
	is "$(english "$T/err")" "" "...and not in English"
else
	skip "scan while another holds the lock" "no flock(1)"
fi

# ---- the reasons, stored without a language, read in the reader's
why=$(sqlite3 "$DB" "SELECT reason FROM mentions WHERE id = $id")
contains "$why" "$(printf '\036')" "the stored reason marks its phrases (src/core/reason.h)"
out=$(fr classify --rating=4 </dev/null 2>&1; printf 'Le Dr Jeanne Dupont, 4/5' | LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" classify 2>&1)
contains "$out" "le texte donne une note (4/5)" "classify: the reason in French"
out=$(printf 'Le Dr Jeanne Dupont, 4/5' | "$REPWATCH" classify --format=json 2>&1)
contains "$out" '"reason":"the text gives a rating (4/5)"' "classify --format=json: the reason in English, without marks"

# ---- the myth's note in the reader's language
out=$(fr rebut --myth vaccines-autism)
contains "$out" "Idée fausse : vaccines-autism" "rebut: French words"
out2=$(LC_ALL= LANGUAGE= LANG=en_US.UTF-8 "$REPWATCH" rebut --myth vaccines-autism)
contains "$out2" "Myth: vaccines-autism" "rebut in English"
[ "$(printf '%s\n' "$out" | sed -n 2p)" != "$(printf '%s\n' "$out2" | sed -n 2p)" ]
ok $? "the claim follows the reader's language: '$(printf '%s\n' "$out" | sed -n 2p)'"

# ---- the core's own errors, in French: each case is also run in the C
# locale, where the check must find its English (so a message that comes
# back English fails here)
# core_case WHAT RC-ALLOWED NEEDLE ARGS...: in French, stderr holds NEEDLE
# and no English; in the C locale, English is found
core_case() {
	what=$1 allowed=$2 needle=$3
	shift 3
	check "$what" "$allowed" "$@"
	contains "$(cat "$T/err")" "$needle" "$what: the message is there"
	LC_ALL=C.UTF-8 "$REPWATCH" "$@" </dev/null >/dev/null 2>"$T/err-en"
	[ -n "$(english "$T/err-en")" ]
	ok $? "$what: (the check finds the English of LANG=C)"
}
printf 'Le Dr Jeanne Dupont vous répond.\n' >"$T/reply.txt"
mkdir -p "$XDG_CONFIG_HOME/repwatch/replycheck"
for rule in 'fr\tadvert\tsoldes' 'fr\tcare' 'fr\tcare\t@nulle part' 'fr\tok\t!!!' 'de\tcare\tsoldes'; do
	printf "$rule\n" >"$XDG_CONFIG_HOME/repwatch/replycheck/zz-broken.tsv"
	core_case "reply-check with a broken rule ($rule)" "2" "zz-broken.tsv:1" reply-check "$T/reply.txt"
done
rm -f "$XDG_CONFIG_HOME/repwatch/replycheck/zz-broken.tsv"

mkdir -p "$XDG_CONFIG_HOME/repwatch/templates"
printf '[template]\nid = cassé\nname = Cassé\nkind = feed\nurl = ftp://x/{q}\n' >"$XDG_CONFIG_HOME/repwatch/templates/broken.ini"
core_case "a broken template" "1 2" "broken.ini" -c "$CONF" sources add --template broken "x"
rm -f "$XDG_CONFIG_HOME/repwatch/templates/broken.ini"

printf '[practitioner]\nname = Dr Jeanne Dupont\n[notify]\nquiet_hours = lundi\n' >"$T/quiet.conf"
core_case "quiet hours that are no span" "2" "quiet_hours" -c "$T/quiet.conf" --db "$T/none.db" scan

printf '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title><item><title>Dr Jeanne Dupont \351t\351</title><link>https://a.example/1</link></item></channel></rss>\n' >"$T/latin1.rss"
fr parse "$T/latin1.rss" >"$T/err" 2>&1
contains "$(cat "$T/err")" "comme déclaré ; lu comme windows-1252" "parse: the charset's note in French"
is "$(english "$T/err")" "" "...and nothing of it in English"
LC_ALL=C.UTF-8 "$REPWATCH" parse "$T/latin1.rss" >"$T/err-en" 2>&1
contains "$(cat "$T/err-en")" "the bytes are not valid utf-8 as declared" "...which the C locale says in English"

# sources that fail: HTTP 404 and 500, a refused connection, mailboxes
start_hostile french; hh="http://127.0.0.1:$HOSTILE_PORT"
closed=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
printf 'secret\n' >"$T/pw-open"; chmod 644 "$T/pw-open"
printf 'secret\n' >"$T/pw"; chmod 600 "$T/pw"
{
	printf '[practitioner]\nname = Dr Jeanne Dupont\n[fetch]\nreport_after = 1\n'
	printf '[source Introuvable]\nurl = %s/status/404\nallow_private = yes\n' "$hh"
	printf '[source En panne]\nurl = %s/status/500\nallow_private = yes\n' "$hh"
	printf '[source Fermée]\nurl = http://127.0.0.1:%s/feed\nallow_private = yes\n' "$closed"
	printf '[source Boîte ouverte]\nkind = imap\nurl = imaps://127.0.0.1:%s/INBOX\nuser = jd\npassword_file = %s\n' "$closed" "$T/pw-open"
	printf '[source Boîte fermée]\nkind = imap\nurl = imap://127.0.0.1:%s/INBOX\nuser = jd\npassword_file = %s\n' "$closed" "$T/pw"
} >"$T/net.conf"
fr -c "$T/net.conf" --db "$T/net.db" scan -v >/dev/null 2>"$T/err"
err=$(cat "$T/err")
contains "$err" "HTTP 404 introuvable" "scan: HTTP 404 in French"
contains "$err" "HTTP 500 erreur interne du serveur" "scan: HTTP 500 in French"
contains "$err" "le serveur a refusé la connexion (curl 7)" "scan: a refused connection in French, with curl's code"
contains "$err" "pw-open » est lisible par d'autres utilisateurs" "scan: a mailbox's open password file, in French"
contains "$err" "impossible de lire la boîte aux lettres" "scan: a mailbox that cannot be reached, in French"
is "$(english "$T/err")" "" "scan: none of these errors in English"
[ "$(english "$T/err")" = "" ] || sed 's/^/#   stderr: /' "$T/err"
out=$(fr -c "$T/net.conf" --db "$T/net.db" sources)
contains "$out" "HTTP 404 introuvable" "sources: the stored HTTP error read in French"
contains "$out" "le serveur a refusé la connexion" "sources: the stored refused connection read in French"
LC_ALL=C.UTF-8 "$REPWATCH" -c "$T/net.conf" --db "$T/net.db" scan -v >/dev/null 2>"$T/err-en"
[ -n "$(english "$T/err-en")" ]
ok $? "(the check finds the English of LANG=C: the same failing sources)"

done_testing
