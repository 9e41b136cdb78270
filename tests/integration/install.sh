#!/bin/sh
# SPDX-License-Identifier: MIT
# install.sh - what `meson install` puts in place holds no path of the
# source or build tree: the data is found at the installed prefix (or
# through REPWATCH_DATADIR, which the tests and `meson devenv` set), never
# at the tree the binaries were built in.  Installed stripped, as a
# distribution ships them: debug information names the compile folder by
# design, and goes to a -dbgsym package.
. "$SRCDIR/tests/integration/lib.sh"

for tool in meson strings file; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool missing (tools/install-deps --tests)"
		exit 0
	fi
done
dest="$T/dest"
meson install -C "$BUILDDIR" --no-rebuild --strip --quiet --destdir "$dest" >"$T/install.log" 2>&1
rc=$?
is "$rc" 0 "meson install --destdir installs"
[ $rc -eq 0 ] || sed 's/^/#   /' "$T/install.log" | tail -n 20
n=0
for f in $(find "$dest" -type f); do
	case $(file -b "$f") in
	ELF*) ;;
	*) continue ;;
	esac
	n=$((n + 1))
	hits=$(strings -a "$f" | grep -F -e "$SRCDIR" -e "$BUILDDIR" | head -n 3)
	is "$hits" "" "${f#"$dest"} holds no path of the source or build tree"
done
[ "$n" -ge 2 ]
ok $? "the installed programs were looked at ($n)"

# the source tree's data reaches the tests only through the environment
# (meson's test setup): unset, the built repwatch does not find it there
cat >"$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
CONF
out=$(env -u REPWATCH_DATADIR "$REPWATCH" sources suggest 2>&1)
rc=$?
if [ -d "$(sed -n 's/^#define RW_PKGDATADIR "\(.*\)"$/\1/p' "$BUILDDIR/rw-config.h")/templates" ]; then
	skip "without REPWATCH_DATADIR, no data" "repwatch is installed at this build's prefix"
else
	[ $rc -ne 0 ]
	ok $? "without REPWATCH_DATADIR an uninstalled repwatch has no templates (rc $rc)"
	contains "$out" "REPWATCH_DATADIR" "and says to set REPWATCH_DATADIR"
fi
done_testing
