#!/bin/sh
# SPDX-License-Identifier: MIT
# deb.sh - the Debian packages as a user gets them: tools/build-deb builds
# repwatch, repwatch-tray and repwatch-data; each is unpacked with dpkg -x
# into a throw-away root, and the packaged repwatch runs from there
# (--version, init, a scan of the demo, the man pages); lintian reports no
# error and no warning; the CLI package needs no GTK, the data package
# ships no build script, and the user timers are not enabled by the
# package.
#
# Only in the normal build: under the sanitizers the packages are built
# the same way (dpkg-buildpackage does not take the sanitizer options), so
# a second run would rebuild identical packages for nothing.
. "$(dirname "$0")/lib.sh"

if [ "${RW_SANITIZE:-none}" != none ]; then
	echo "1..0 # SKIP the packages do not depend on the sanitizer build; checked in the normal build"
	exit 0
fi
for tool in dpkg-buildpackage dh dpkg-deb lintian man; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (tools/install-deps --package)"
		exit 0
	fi
done

"$SRCDIR/tools/build-deb" "$T/dist" >"$T/build.log" 2>&1
ok $? "tools/build-deb builds the packages"
[ $? -eq 0 ] || sed 's/^/#   /' "$T/build.log"
for p in repwatch repwatch-tray repwatch-data; do
	set -- "$T"/dist/${p}_*.deb
	[ -e "$1" ]
	ok $? "$p: a .deb"
done
is "$(dpkg-deb -f "$T"/dist/repwatch-data_*.deb Architecture)" "all" "repwatch-data is arch: all"

# lintian at its default level: no error, no warning
lintian --no-cfg "$T"/dist/*.changes >"$T/lintian.log" 2>&1
tags=$(grep -E '^[EW]: ' "$T/lintian.log")
is "$tags" "" "lintian: no error and no warning"

# what is where
root="$T/root"
mkdir -p "$root"
for p in repwatch repwatch-tray repwatch-data; do
	dpkg -x "$T"/dist/${p}_*.deb "$root"
done
cli_deps=$(dpkg-deb -f "$T"/dist/repwatch_*.deb Depends)
lacks "$cli_deps" "gtk" "repwatch (the CLI) depends on no GTK"
lacks "$cli_deps" "libnotify" "nor on libnotify"
libs=$(ldd "$root/usr/bin/repwatch" 2>&1)
lacks "$libs" "libgtk" "ldd of the packaged repwatch: no GTK"
lacks "$libs" "gdk" "no GDK or gdk-pixbuf"
lacks "$libs" "libnotify" "no libnotify"
is "$(dpkg-deb -c "$T"/dist/repwatch-data_*.deb | grep -c '\.py$')" 0 "repwatch-data ships no Python build script"
dpkg-deb -c "$T"/dist/repwatch_*.deb >"$T/cli.list"
for f in usr/bin/repwatch usr/lib/systemd/user/repwatch-scan.timer usr/share/man/man5/repwatch.conf.5.gz \
	usr/share/bash-completion/completions/repwatch usr/share/zsh/vendor-completions/_repwatch; do
	grep -q " \./$f\$" "$T/cli.list"
	ok $? "repwatch holds /$f"
done
for f in usr/share/applications/org.repwatch.Tray.desktop etc/xdg/autostart/org.repwatch.Tray.desktop \
	usr/share/metainfo/org.repwatch.Tray.metainfo.xml usr/share/icons/hicolor/48x48/apps/repwatch.png \
	usr/share/icons/hicolor/scalable/apps/repwatch.svg; do
	[ -f "$root/$f" ]
	ok $? "repwatch-tray holds /$f"
done
if command -v appstreamcli >/dev/null 2>&1; then
	out=$(appstreamcli validate --no-net "$root/usr/share/metainfo/org.repwatch.Tray.metainfo.xml" 2>&1)
	ok $? "appstreamcli validate: the metainfo is valid"
	lacks "$out" "W:" "with no warning"
fi
# the timers are installed, not enabled for every account: the maintainer
# script only keeps an enablement the administrator made (was-enabled)
mkdir -p "$T/ctl"
dpkg-deb -e "$T"/dist/repwatch_*.deb "$T/ctl"
is "$(grep -c 'user enable' "$T/ctl/postinst" 2>/dev/null)" "$(grep -c 'was-enabled' "$T/ctl/postinst" 2>/dev/null)" \
	"postinst enables a timer only where it was enabled before (dh_installsystemduser --no-enable)"
lacks "$(cat "$T/ctl/postinst" 2>/dev/null)" "systemctl --global enable" "and never for every account"

# run the packaged program from the throw-away root
export REPWATCH_DATADIR="$root/usr/share/repwatch" REPWATCH_LOCALEDIR="$root/usr/share/locale"
rw="$root/usr/bin/repwatch"
out=$("$rw" --version); rc=$?
is "$rc" 0 "packaged repwatch --version"
contains "$out" "repwatch 0." "prints the version"
"$rw" init "Dr Jeanne Dupont" --specialty dermatologue --city Lyon >"$T/init.out" 2>&1
ok $? "packaged repwatch init writes a configuration"
[ -s "$CONF" ]
ok $? "at the XDG place"
mkdir -p "$T/demo"
cp "$SRCDIR"/feeds/demo/round1/* "$T/demo/"
{
	printf '[practitioner]\nname = Dr Jeanne Dupont\nspecialty = dermatology\ncity = Lyon\n\n'
	demo_sources "file://$T/demo"
} >"$CONF"
"$rw" scan -s >"$T/scan.out" 2>"$T/scan.err"; rc=$?
is "$rc" 0 "packaged repwatch scans the demo"
contains "$(cat "$T/scan.out")" "3 sources: 3 read" "reading its three sources"
n=$("$rw" list --format=tsv | grep -c .)
[ "$n" -gt 0 ]
ok $? "and stores mentions ($n)"
out=$(LC_ALL=fr_FR.UTF-8 LANGUAGE=fr "$rw" --help 2>&1)
contains "$out" "Commandes" "the packaged French translation is used"

# the man pages, as man reads them
for page in "$root"/usr/share/man/man*/*.gz; do
	out=$(MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$page" 2>"$T/man.err")
	rc=$?
	if [ $rc -eq 0 ] && [ -n "$out" ] && [ ! -s "$T/man.err" ]; then ok 0 "man -l $(basename "$page")"
	else ok 1 "man -l $(basename "$page"): $(head -c 300 "$T/man.err")"; fi
done
done_testing
