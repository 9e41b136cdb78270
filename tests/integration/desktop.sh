#!/bin/sh
# SPDX-License-Identifier: MIT
# desktop.sh - the desktop files pass desktop-file-validate, the systemd
# user units pass systemd-analyze verify, cron.example runs the same
# commands as the units, and the man pages render without warnings.
. "$SRCDIR/tests/integration/lib.sh"

D="$BUILDDIR/desktop"

if command -v desktop-file-validate >/dev/null 2>&1; then
	for f in "$D/org.repwatch.Tray.desktop" "$D/repwatch-tray-autostart.desktop"; do
		if [ -f "$f" ]; then
			out=$(desktop-file-validate "$f" 2>&1)
			rc=$?
			ok $rc "desktop-file-validate $(basename "$f")"
			is "$out" "" "$(basename "$f"): no error, warning or hint"
		else
			ok 0 "$(basename "$f") # SKIP not built (the tray is disabled)"
		fi
	done
	# the check can fail
	printf '[Desktop Entry]\nType=Application\nExec=repwatch-tray\n' >"$T/bad.desktop"
	desktop-file-validate "$T/bad.desktop" >/dev/null 2>&1
	[ $? -ne 0 ]
	ok $? "desktop-file-validate refuses an entry without Name="
else
	echo "# desktop-file-validate missing (desktop-file-utils): not checked"
	skipped=1
fi

# AppStream: the metainfo validates and launches the desktop file that the
# notifications name (desktop-entry hint org.repwatch.Tray)
if command -v appstreamcli >/dev/null 2>&1; then
	out=$(appstreamcli validate --no-net "$SRCDIR/desktop/org.repwatch.Tray.metainfo.xml" 2>&1)
	ok $? "appstreamcli validate org.repwatch.Tray.metainfo.xml"
	lacks "$out" "W:" "no warning"
else
	skip "appstreamcli validate" "appstream is not installed (tools/install-deps --tests)"
fi
contains "$(cat "$SRCDIR/desktop/org.repwatch.Tray.metainfo.xml")" \
	'<launchable type="desktop-id">org.repwatch.Tray.desktop</launchable>' "the metainfo launches org.repwatch.Tray.desktop"
grep -q '"org.repwatch.Tray"' "$SRCDIR/src/notify/notify.c"
ok $? "the notifications' desktop-entry hint names it"
for u in repwatch-scan.service repwatch-digest.service; do
	lacks "$(cat "$D/$u")" "network-online.target" "$u: no network-online.target (it means nothing to a user manager)"
done

# systemd-analyze verify needs a runtime directory for --user; the units'
# ExecStart must name an executable file, so they are checked as built
# with the path of the built repwatch in place of the install path.
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$T/units" "$T/run"
	chmod 700 "$T/run"
	for u in repwatch-scan.service repwatch-digest.service; do
		sed "s|^ExecStart=[^ ]*/repwatch |ExecStart=$REPWATCH |" "$D/$u" >"$T/units/$u"
	done
	cp "$SRCDIR/desktop/repwatch-scan.timer" "$SRCDIR/desktop/repwatch-digest.timer" "$T/units/"
	grep -q "^ExecStart=$REPWATCH " "$T/units/repwatch-scan.service"
	ok $? "the scan unit runs repwatch"
	if (cd "$T/units" && XDG_RUNTIME_DIR="$T/run" systemd-analyze --user verify --man=no ./repwatch-scan.service >/dev/null 2>"$T/probe.log") ||
	   ! grep -q -i 'initialize manager\|RuntimeDirectory\|Failed to connect' "$T/probe.log"; then
		for u in repwatch-scan.service repwatch-scan.timer repwatch-digest.service repwatch-digest.timer; do
			out=$(cd "$T/units" && XDG_RUNTIME_DIR="$T/run" systemd-analyze --user verify --man=no "./$u" 2>&1)
			rc=$?
			ok $rc "systemd-analyze verify $u"
			[ $rc -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
		done
		sed 's|^ExecStart=.*|ExecStart=/nonexistent/repwatch scan|' "$T/units/repwatch-scan.service" >"$T/units/broken.service"
		(cd "$T/units" && XDG_RUNTIME_DIR="$T/run" systemd-analyze --user verify --man=no ./broken.service >/dev/null 2>&1)
		[ $? -ne 0 ]
		ok $? "systemd-analyze verify refuses a unit whose program does not exist"
		for t in repwatch-scan.timer repwatch-digest.timer; do
			cal=$(sed -n 's/^OnCalendar=//p' "$SRCDIR/desktop/$t")
			systemd-analyze calendar "$cal" >/dev/null 2>&1
			ok $? "$t: OnCalendar=$cal is a valid calendar"
		done
	else
		echo "# systemd-analyze cannot start a user manager here:"
		sed 's/^/#   /' "$T/probe.log"
		skipped=1
	fi
else
	echo "# systemd-analyze missing (systemd): not checked"
	skipped=1
fi

# cron.example: the same commands as the units, at the same times
scan_cmd=$(sed -n 's|^ExecStart=[^ ]*/repwatch ||p' "$D/repwatch-scan.service")
digest_cmd=$(sed -n 's|^ExecStart=[^ ]*/repwatch ||p' "$D/repwatch-digest.service")
cron_scan=$(grep -v '^#' "$SRCDIR/desktop/cron.example" | grep ' scan$')
cron_digest=$(grep -v '^#' "$SRCDIR/desktop/cron.example" | grep ' digest ')
contains "$cron_scan" "/repwatch $scan_cmd" "cron.example scans like repwatch-scan.service ($scan_cmd)"
contains "$cron_digest" "/repwatch $digest_cmd" "cron.example sends the digest like repwatch-digest.service"
is "$(echo "$cron_scan" | awk '{print $1, $2}')" "17 */6" "cron scans at minute 17 every 6 hours, as OnCalendar=00/6:17"
is "$(echo "$cron_digest" | awk '{print $2}')" "*" "cron asks for the digest hourly, as OnCalendar=hourly"
# the scan command exists in this repwatch and accepts the options
"$REPWATCH" $scan_cmd --help >/dev/null 2>&1
ok $? "repwatch $scan_cmd --help works"

# man pages: they render with no warning
if command -v groff >/dev/null 2>&1; then
	for m in "$SRCDIR"/doc/*.[0-9]; do
		out=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$m" 2>&1)
		is "$out" "" "$(basename "$m") renders without warnings"
	done
else
	echo "# groff missing: man pages not checked"
fi

if [ "${skipped:-0}" = 1 ] && [ "$_n" -eq 0 ]; then
	echo "1..0 # SKIP nothing could be checked"
	exit 0
fi
done_testing
