#!/bin/sh
# SPDX-License-Identifier: MIT
# edges.sh - the CLI's edges of an installed program: what schedules scans
# (`repwatch schedule`, as the tray sees it), configuration section errors
# at their line, and a mistyped --db on a command that only reads.
. "$SRCDIR/tests/integration/lib.sh"

# ---- one scheduler at a time.  `crontab -l` is the user's program: a
# stand-in on PATH prints the crontab this test writes.
mkdir -p "$T/bin"
cat >"$T/bin/crontab" <<'SH'
#!/bin/sh
[ "$1" = -l ] || exit 9
[ -f "$CRONTAB" ] || { echo "no crontab for $(id -un)" >&2; exit 1; }
cat "$CRONTAB"
SH
chmod +x "$T/bin/crontab"
export PATH="$T/bin:$PATH" CRONTAB="$T/crontab"
out=$("$REPWATCH" schedule 2>"$T/err"); rc=$?
is "$rc" 0 "schedule exits 0"
contains "$out" "no timer and no crontab line: the tray schedules scans while it runs" "nothing enabled: the tray schedules"
contains "$out" "systemctl --user enable --now repwatch-scan.timer" "...and how to enable the timer"
units="$XDG_CONFIG_HOME/systemd/user"
mkdir -p "$units/timers.target.wants"
cp "$SRCDIR/desktop/repwatch-scan.timer" "$units/"
ln -s "$units/repwatch-scan.timer" "$units/timers.target.wants/repwatch-scan.timer"
out=$("$REPWATCH" schedule 2>"$T/err")
contains "$out" "systemd: the user timer repwatch-scan.timer is enabled ($units/timers.target.wants/repwatch-scan.timer)" \
	"an enabled user timer (its symlink) is seen"
contains "$out" "the tray schedules no scan of its own" "...and the tray leaves scheduling to it"
is "$(cat "$T/err")" "" "...no warning"
out=$(LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" schedule 2>&1)
contains "$out" "l'icône d'état ne programme aucune analyse" "...in French too"
printf 'MAILTO=j@example.org\n5 * * * * /usr/local/bin/repwatch --quiet digest --send --if-due\n' >"$CRONTAB"
lacks "$("$REPWATCH" schedule)" "cron:" "a crontab with the digest only does not scan"
printf '17 */6 * * * /usr/local/bin/repwatch --quiet scan\n' >>"$CRONTAB"
out=$("$REPWATCH" schedule 2>"$T/err"); rc=$?
contains "$out" "cron: 17 */6 * * * /usr/local/bin/repwatch --quiet scan" "a crontab line running repwatch scan is seen"
contains "$(cat "$T/err")" "scans are scheduled twice (timer and crontab): keep one" "timer and crontab: warned"
is "$rc" 0 "...exit 0 all the same"
rm "$units/timers.target.wants/repwatch-scan.timer"
out=$("$REPWATCH" schedule 2>&1)
lacks "$out" "systemd:" "the timer disabled is no longer named"
contains "$out" "cron:" "...the crontab line still is"
rm "$CRONTAB"

# ---- section errors at their line, for scan and sources ls
mkdir -p "$T/demo"
cp "$SRCDIR"/feeds/demo/round1/* "$T/demo/"
section_error() {   # section_error SECOND-HEADER MESSAGE WHAT: a configuration whose line 7 is SECOND-HEADER
	printf '[practitioner]\nname = Dr Jeanne Dupont\n\n[source A]\nurl = file://%s/demo/lyon-sante.rss\n\n%s\nurl = file://%s/demo/forum-sante.rdf\n' \
		"$T" "$1" "$T" >"$CONF"
	for cmd in scan "sources ls"; do
		# shellcheck disable=SC2086
		"$REPWATCH" $cmd >/dev/null 2>"$T/err"; rc=$?
		is "$rc" 2 "$cmd: $3 is a configuration error (exit 2)"
		contains "$(cat "$T/err")" "$CONF:7: $2" "...at its line"
	done
}
section_error "[source A]" "[source A] appears twice (first at line 4)" "a section given twice"
section_error "[source B" "section header '[source B' is not closed (add ']' at its end)" "an unclosed section header"
[ ! -e "$DB" ]
ok $? "no scan ran on either"
printf '[practitioner]\nname = Dr Jeanne Dupont\n[fetch]\ntimeout = 20\n[source A]\nurl = file://%s/demo/lyon-sante.rss\n[fetch]\nper_host = 1\n' \
	"$T" >"$CONF"
"$REPWATCH" sources ls >/dev/null 2>"$T/err"
is "$?" 0 "a settings section given twice is fine: its keys add up"

# ---- a mistyped --db on a command that only reads creates nothing
{
	printf '[practitioner]\nname = Dr Jeanne Dupont\n'
	demo_sources "file://$T/demo"
} >"$CONF"
"$REPWATCH" --db "$T/real.db" scan >/dev/null 2>&1
is "$?" 0 "a scan creates the database --db names"
is "$("$REPWATCH" --db "$T/real.db" list --format=tsv >/dev/null 2>&1; echo $?)" 0 "and list reads it"
typo="$T/typo/reel.db"
for cmd in list "show 1" export "evidence 1 --out $T/ev" "reply-draft 1" "sources" "sources status" \
	"db backup $T/bk.db" "digest --print"; do
	# shellcheck disable=SC2086
	"$REPWATCH" --db "$typo" $cmd >"$T/out" 2>"$T/err"; rc=$?
	is "$rc" 2 "--db with a mistyped path, $cmd: exit 2"
	contains "$(cat "$T/err")" "no database at '$typo' (--db): check the path" "...and says so"
	[ ! -e "$T/typo" ] && [ ! -e "$T/bk.db" ] && [ ! -e "$T/ev" ]
	ok $? "...creating nothing"
done
out=$(LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" --db "$typo" list 2>&1)
contains "$out" "pas de base de données" "...in French too"
is "$("$REPWATCH" --db "$typo" list --help >/dev/null 2>&1; echo $?)" 0 "--help needs no database"
"$REPWATCH" --db "$T/new.db" scan >/dev/null 2>&1
[ -f "$T/new.db" ]
ok $? "a scan still creates a new database where --db says"
done_testing
