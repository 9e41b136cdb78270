# SPDX-License-Identifier: MIT
# lib.sh - shared by the integration tests (sourced).  TAP output; temporary
# XDG directories; servers started here are stopped by PID on exit, also
# when a test fails.
set -u

: "${REPWATCH:?REPWATCH must name the built repwatch}"
: "${SRCDIR:?SRCDIR must name the source tree}"

T=$(mktemp -d /tmp/rw-it.XXXXXX)
chmod 755 "$T"   # nginx workers run as an unprivileged user
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" XDG_CACHE_HOME="$T/cache"
export HOME="$T/home" LC_ALL=C.UTF-8 LANG=C.UTF-8
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
mkdir -p "$XDG_CONFIG_HOME/repwatch" "$XDG_DATA_HOME" "$HOME"
CONF="$XDG_CONFIG_HOME/repwatch/repwatch.conf"
DB="$XDG_DATA_HOME/repwatch/repwatch.db"

_n=0
_failed=0
_cleanups=""

ok() {   # ok COND-EXIT-STATUS DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

is() {   # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed 's/^\([^#]\)/#   \1/'
	fi
}

contains() {   # contains HAYSTACK NEEDLE DESCRIPTION
	case $1 in
	*"$2"*) ok 0 "$3" ;;
	*) ok 1 "$3"; printf '#   wanted "%s" in:\n' "$2"; printf '%s\n' "$1" | sed 's/^/#     /' ;;
	esac
}

lacks() {
	case $1 in
	*"$2"*) ok 1 "$3"; printf '#   did not want "%s" in:\n' "$2"; printf '%s\n' "$1" | sed 's/^/#     /' ;;
	*) ok 0 "$3" ;;
	esac
}

skip() {   # skip DESCRIPTION REASON: a check that cannot run here
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

on_exit() { _cleanups="$1; $_cleanups"; }

_finish() {
	eval "$_cleanups" 2>/dev/null
	rm -rf "$T"
}
trap _finish EXIT
trap 'exit 130' INT TERM

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}

demo_sources() {   # demo_sources BASE-URL: [source] sections for feeds/demo/round1
	printf '[source Lyon Santé]\nurl = %s/lyon-sante.rss\nallow_private = yes\n' "$1"
	printf '[source Avis patients]\nurl = %s/avis-patients.atom\nallow_private = yes\n' "$1"
	printf '[source Forum santé]\nurl = %s/forum-sante.rdf\nallow_private = yes\n' "$1"
}

start_nginx() {   # start_nginx ROOT [NAME] -> sets HTTP_PORT; logs in $T/NAME (nginx)
	_nn=${2:-nginx}
	HTTP_PORT=$("$SRCDIR/tests/servers/nginx.sh" start "$1" "$T/$_nn") || exit $?
	on_exit "'$SRCDIR/tests/servers/nginx.sh' stop '$T/$_nn'"
}

start_hostile() {   # start_hostile [NAME [SERVER-ARGS...]] -> sets HOSTILE_PORT
	_hn=${1:-hostile}
	[ $# -gt 0 ] && shift
	/usr/bin/python3 "$SRCDIR/tests/servers/hostile_http.py" --port 0 --port-file "$T/$_hn.port" \
		--pid-file "$T/$_hn.pid" --lifetime "${HOSTILE_LIFETIME:-300}" "$@" >"$T/$_hn.log" 2>&1 &
	on_exit "[ -s '$T/$_hn.pid' ] && kill \$(cat '$T/$_hn.pid'); kill $! 2>/dev/null"
	i=0
	while [ ! -s "$T/$_hn.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	HOSTILE_PORT=$(cat "$T/$_hn.port")
}

atom_feed() {   # atom_feed FILE ENTRY...: an Atom feed file of these <entry> lines
	_out=$1
	shift
	{
		printf '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
		printf '<title>test</title><id>urn:rw-test:%s</id><updated>2026-11-09T10:00:00Z</updated>\n' "$(basename "$_out")"
		printf '%s\n' "$@"
		printf '</feed>\n'
	} > "$_out"
}

# mentions EXPR [LIST-ARGS...]: the Python expression EXPR printed for each
# mention m of `repwatch list --format=json LIST-ARGS`, oldest first
mentions() {
	_e=$1
	shift
	"$REPWATCH" list --format=json "$@" | /usr/bin/python3 -c '
import json, sys
for m in sorted(json.load(sys.stdin), key=lambda m: m["id"]):
    print('"$_e"')'
}
