# SPDX-License-Identifier: MIT
# tray-lib.sh - shared by the tests of repwatch-tray (sourced after lib.sh):
# skips when the tray or a tool is missing, re-runs the test inside its own
# D-Bus session, starts Xvfb, and the helpers that start the tray, ask a
# running one for a self-test dump (--self-test-dump, -set, -click: the
# handlers a person uses) and take screenshots into
# $BUILDDIR/test-artifacts/.
: "${REPWATCH_TRAY:=}"
if [ -z "$REPWATCH_TRAY" ] || [ ! -x "$REPWATCH_TRAY" ]; then
	echo "1..0 # SKIP repwatch-tray is not built (GTK 3 or Ayatana AppIndicator missing)"
	exit 0
fi
for tool in Xvfb dbus-run-session import gdbus sqlite3 flock; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool missing (tools/install-deps --tests)"
		exit 0
	fi
done

if [ -z "${TRAY_TEST_INNER:-}" ]; then
	TRAY_TEST_INNER=1 exec dbus-run-session -- sh "$0" "$@"
fi

ART="$BUILDDIR/test-artifacts"
mkdir -p "$ART"
# GTK, fontconfig and D-Bus keep caches until exit on purpose: leak
# reports of the sanitizer build would be theirs, not the tray's.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0"
export NO_AT_BRIDGE=1 GDK_BACKEND=x11 REPWATCH_LOCALEDIR="$BUILDDIR/po"
export REPWATCH_TRAY_ICON_DIR="$SRCDIR/desktop/icons" REPWATCH_TRAY_RETRY_SECONDS=2

# ---- the display
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$T/display" >"$T/xvfb.log" 2>&1 &
XVFB_PID=$!
on_exit "kill $XVFB_PID"
i=0
while [ ! -s "$T/display" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
export DISPLAY=":$(cat "$T/display")"
ok $? "Xvfb runs on $DISPLAY"

TRAY_PID=""
start_tray() {   # start_tray LOG ARGS... -> TRAY_PID
	log=$1
	shift
	"$REPWATCH_TRAY" "$@" >"$log" 2>&1 &
	TRAY_PID=$!
	on_exit "kill $TRAY_PID"
}

dump_n=0
# dump ARGS...: a second launch that asks the running tray for a dump
# (after doing ARGS); waits for the file; DUMP is its path.
dump() {
	dump_n=$((dump_n + 1))
	DUMP="$T/dump$dump_n"
	timeout 30 "$REPWATCH_TRAY" "$@" --self-test-dump="$DUMP" >"$T/launch$dump_n.log" 2>&1
	LAUNCH_RC=$?
	wait_for_file "$DUMP"
}

wait_for_file() {
	i=0
	while [ ! -f "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	[ -f "$1" ]
}

field() {   # field TAG: the rest of the first line of $DUMP tagged TAG
	sed -n "s/^$1	//p" "$DUMP" | head -n 1
}

shot() {    # shot NAME: a screenshot of the whole screen, kept
	import -window root "$ART/$1.png" 2>"$T/import.log"
	ok $? "screenshot $ART/$1.png"
	colours=$(convert "$ART/$1.png" -format '%k' info: 2>/dev/null)
	[ "${colours:-0}" -gt 16 ]
	ok $? "$1.png is not blank ($colours colours)"
}
