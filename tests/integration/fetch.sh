#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetching against hostile servers on 127.0.0.1: every misbehaving source
# ends within its limits with an error that names it and says what happened,
# memory stays bounded, the good sources of the same scan are stored, the
# HTTP charset reaches the parser, and a site's Retry-After (seconds or
# HTTP-date) keeps the next scan away from that host.
. "$(dirname "$0")/lib.sh"

# One server for the misbehaving paths, one per Retry-After flavour: a hold
# is per host, and would otherwise keep the next scan away from all of them.
start_hostile hostile; h="http://127.0.0.1:$HOSTILE_PORT"
start_hostile busy429; h429="http://127.0.0.1:$HOSTILE_PORT"
start_hostile busy503; h503="http://127.0.0.1:$HOSTILE_PORT"
{
	printf '[practitioner]\nname = Jeanne Dupont\n'
	printf '[fetch]\ntimeout = 6\nconnect_timeout = 3\nlow_speed_time = 3\nmax_size = 1M\nmax_redirects = 5\n'
	printf 'report_after = 1\n'
	printf '[source good]\nurl = %s/ok.rss\nallow_private = yes\n' "$h"
	printf '[source good via redirect]\nurl = %s/redirect-ok\nallow_private = yes\n' "$h"
	printf '[source latin1]\nurl = %s/latin1.rss\nallow_private = yes\n' "$h"
	printf '[source latin1 undeclared]\nurl = %s/latin1-undeclared.rss\nallow_private = yes\n' "$h"
	printf '[source koi8r]\nurl = %s/koi8r.rss\nallow_private = yes\n' "$h"
	printf '[source koi8r undeclared]\nurl = %s/koi8r-undeclared.rss\nallow_private = yes\n' "$h"
	for p in silent trickle endless-chunked length-longer gzip-bomb redirect-loop redirect-file \
	         huge-header many-headers reset html-200 status/500; do
		printf '[source %s]\nurl = %s/%s\nallow_private = yes\n' "$p" "$h" "$p"
	done
	printf '[source 429]\nurl = %s/429\nallow_private = yes\n' "$h429"
	printf '[source 503]\nurl = %s/503\nallow_private = yes\n' "$h503"
} > "$CONF"

start=$(date +%s)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$T/rss" "$REPWATCH" scan >"$T/out" 2>"$T/err"; rc=$?
else
	"$REPWATCH" scan >"$T/out" 2>"$T/err"; rc=$?
fi
elapsed=$(( $(date +%s) - start ))
err=$(cat "$T/err")
is "$rc" 1 "scan exits 1: some sources failed (report_after = 1)"
ok $([ "$elapsed" -le 30 ] && echo 0 || echo 1) "scan ended within its limits (${elapsed}s)"
contains "$err" "source 'silent' failed: '$h/silent': the server was too slow" "no answer: too slow"
contains "$err" "source 'trickle' failed: '$h/trickle': the server was too slow" "a byte per second: too slow"
contains "$err" "source 'endless-chunked' failed: '$h/endless-chunked': the document is larger than the 1024 KiB limit" "endless body: size cap"
contains "$err" "source 'gzip-bomb' failed: '$h/gzip-bomb': the document is larger than the 1024 KiB limit" "gzip bomb: stopped by the cap after decompression"
contains "$err" "source 'length-longer' failed: '$h/length-longer': the connection closed before the whole document arrived" "short body"
contains "$err" "source 'redirect-loop' failed: '$h/redirect-loop': too many redirects" "redirect loop"
contains "$err" "source 'redirect-file' failed: '$h/redirect-file': refused to follow a redirect to a non-web address" "redirect to file:// refused"
contains "$err" "source '429' failed: '$h429/429': HTTP 429 Too Many Requests" "429"
contains "$err" "(Retry-After: 120)" "Retry-After reported"
contains "$err" "source '503' failed: '$h503/503': HTTP 503 Service Unavailable" "503"
contains "$err" "source 'huge-header' failed: '$h/huge-header': the server sent a header line longer than 100 KiB" "1 MiB header line"
contains "$err" "source 'many-headers' failed: '$h/many-headers': the server sent more than 64 KiB of headers" "400 KiB of headers: the cap on all headers"
contains "$err" "source 'reset' failed: '$h/reset'" "connection reset"
contains "$err" "source 'html-200' failed: cannot read '$h/html-200': the server sent an HTML page, not a feed" "HTML page served as 200"
contains "$err" "source 'status/500' failed: '$h/status/500': HTTP 500 Internal Server Error" "500"
lacks "$err" "source 'good" "the good sources did not fail"
lacks "$err" "source 'latin1" "the ISO-8859-1 sources did not fail"

# memory: the caps (1 MiB body, 64 KiB headers) bound what a hostile set
# can make the scan hold; 64 MB is generous for that.  Under AddressSanitizer
# the shadow memory and the quarantine of freed blocks count too, so the
# bound there is twice as large (still far below what a gzip bomb or an
# endless body would take uncapped: 1 GiB and more).
if [ -s "$T/rss" ]; then
	rss=$(tail -n 1 "$T/rss")
	bound=65536
	# under ASan the quarantine of freed blocks grows with everything the
	# scan ever allocated, so a fixed bound measures ASan, not repwatch:
	# there, only the uncapped cases (1 GiB and more) are ruled out
	ldd "$REPWATCH" 2>/dev/null | grep -q libasan && bound=524288
	ok $([ "$rss" -le "$bound" ] && echo 0 || echo 1) "max RSS of the scan ${rss} KiB <= ${bound} KiB"
else
	skip "max RSS of the scan" "/usr/bin/time is missing (tools/install-deps --tests installs it)"
fi

tsv=$("$REPWATCH" list --format=tsv)
is "$(printf '%s\n' "$tsv" | awk -F'\t' '$11 == "good" {print $13}')" "Excellent suivi par Dr Jeanne Dupont" "the good feed's mention was stored"
# the HTTP charset reaches the parser: the ISO-8859-1 feed has no XML
# declaration, only "charset=ISO-8859-1" in Content-Type says how to read it
is "$(printf '%s\n' "$tsv" | awk -F'\t' '$11 == "latin1" {print $13}')" "Très bonne dermatologue : Dr Jeanne Dupont" \
	"ISO-8859-1 feed decoded by the Content-Type charset"
is "$("$REPWATCH" list --format=json | /usr/bin/python3 -c '
import json, sys
print([m["body"] for m in json.load(sys.stdin) if m["source"] == "latin1"][0])')" \
	"Accès facile, médecin à l'écoute." "and its description too"
# with no charset, the parser's own guess (UTF-8, else windows-1252) reads
# Latin-1 right; KOI8-R shows the header is what counts
undeclared=$(printf '%s\n' "$tsv" | awk -F'\t' '$11 == "latin1 undeclared" {print $13}')
is "$undeclared" "Très bonne dermatologue : Dr Jeanne Dupont" "undeclared ISO-8859-1 read by the windows-1252 fallback"
is "$(printf '%s\n' "$tsv" | awk -F'\t' '$11 == "koi8r" {print $13}')" "Отличный врач: Dr Jeanne Dupont" \
	"KOI8-R feed decoded by the Content-Type charset"
lacks "$(printf '%s\n' "$tsv" | awk -F'\t' '$11 == "koi8r undeclared" {print $13}')" "Отличный" \
	"control: the same KOI8-R bytes without a charset are not read as Cyrillic (so the header is what counted)"

ua=$(curl -s "$h/_log" | grep -m1 'GET /ok.rss')
contains "$ua" "user-agent=repwatch/" "User-Agent names repwatch"
contains "$ua" "accept-encoding=" "Accept-Encoding sent"
lacks "$ua" "accept-encoding=-" "Accept-Encoding not empty"

# Retry-After is stored per host: 120 s for /429, an HTTP-date 120 s ahead
# for /503
now=$(date +%s)
src=$("$REPWATCH" sources --format=tsv)
for s in 429 503; do
	line=$(printf '%s\n' "$src" | awk -F'\t' -v s="$s" '$1 == s')
	is "$(printf '%s\n' "$line" | cut -f3)" "postponed" "sources: '$s' is postponed"
	until=$(printf '%s\n' "$line" | cut -f8)
	until_s=$(date -d "$until" +%s 2>/dev/null || echo 0)
	ok $([ "$until_s" -ge $((now + 90)) ] && [ "$until_s" -le $((now + 125)) ] && echo 0 || echo 1) \
		"sources: '$s' waits until about now + 120 s ($until)"
done
is "$(printf '%s\n' "$src" | awk -F'\t' '$1 == "good" {print $3, $6, $7}')" "ok 200 0" "sources: the good source is ok"
is "$(printf '%s\n' "$src" | awk -F'\t' '$1 == "silent" {print $3, $7}')" "failing 1" "sources: a failed source is failing, once"
is "$(sqlite3 "$DB" "SELECT count(*) FROM hosts")" 2 "two hosts hold a Retry-After"

# second scan: the good source is asked conditionally; the held hosts get
# no request at all, and their sources are postponed, not failed
curl -s "$h/_log/reset" "$h429/_log/reset" "$h503/_log/reset" >/dev/null
"$REPWATCH" -v scan >"$T/out" 2>"$T/err"; rc=$?
err=$(cat "$T/err")
log=$(curl -s "$h/_log" | grep 'GET /ok.rss')
lacks "$log" "if-none-match=-" "second request carries If-None-Match"
lacks "$log" "if-modified-since=-" "second request carries If-Modified-Since"
# (curl -f: an empty log from a live server, not from a dead one)
is "$(curl -sf "$h429/_log"; echo "rc=$?")" "rc=0" "no request to the host that answered 429 before its Retry-After"
is "$(curl -sf "$h503/_log"; echo "rc=$?")" "rc=0" "no request to the host that answered 503 before its Retry-After date"
contains "$err" "source '429' postponed until " "the 429 source is reported as postponed (with -v)"
contains "$err" "'$h503/503': not requested: the site answered HTTP 503 and asked for no request before" "the 503 source says why"
lacks "$err" "source '429' failed" "a postponed source is not reported as failed"
contains "$(cat "$T/out")" ", 2 postponed;" "the summary counts postponed sources"
is "$("$REPWATCH" sources --format=tsv | awk -F'\t' '$1 == "429" {print $7}')" 1 "postponing did not count as a failure"

# ---- the address policy (SSRF): a feed's redirect to an address inside the
# machine is refused, whatever its spelling, even from a source that may
# itself be inside (allow_private = yes vouches for its own host only: the
# source is named "localhost", the redirect names another host; for the
# localhost spelling, the source is named 127.0.0.1)
start_hostile inside; hi=$HOSTILE_PORT
{
	printf '[practitioner]\nname = Jeanne Dupont\n[fetch]\ntimeout = 6\nconnect_timeout = 3\nreport_after = 1\n'
	for sp in 127.0.0.1 hex decimal octal ipv6-loopback localhost unspecified metadata; do
		host=localhost
		[ "$sp" = localhost ] && host=127.0.0.1
		printf '[source to %s]\nurl = http://%s:%s/redirect-inside/%s\nallow_private = yes\n' "$sp" "$host" "$hi" "$sp"
	done
	printf '[source not vouched]\nurl = http://127.0.0.1:%s/ok.rss\n' "$hi"
	printf '[source own host]\nurl = http://127.0.0.1:%s/redirect-ok\nallow_private = yes\n' "$hi"
} > "$T/inside.conf"
"$REPWATCH" -c "$T/inside.conf" --db "$T/inside.db" scan >"$T/out" 2>"$T/err"; rc=$?
err=$(cat "$T/err")
is "$rc" 1 "inside redirects: the scan says sources failed"
for sp in 127.0.0.1 hex decimal octal ipv6-loopback localhost unspecified metadata; do
	contains "$err" "source 'to $sp' failed: " "redirect to the $sp spelling: the source failed"
	contains "$(printf '%s\n' "$err" | grep "source 'to $sp' failed")" "an address inside this computer or its network" \
		"redirect to the $sp spelling: refused by the address policy"
done
contains "$err" "source 'not vouched' failed: 'http://127.0.0.1:$hi/ok.rss': refused to connect to 127.0.0.1" \
	"a source on 127.0.0.1 without allow_private = yes is refused"
contains "$err" "add allow_private = yes to its [source] section" "and the message says how to allow it"
lacks "$err" "source 'own host' failed" "allow_private = yes: a redirect within the source's own host is followed"
log=$(curl -s "http://127.0.0.1:$hi/_log")
lacks "$log" "via=" "no request reached a redirect target inside"
lacks "$log" "GET /ok.rss -" "no request from the source that was not vouched for"

# review links are checked on the host that listed them only: a feed may
# not send the gone-check to another host of its choosing (here localhost,
# another name than the source's 127.0.0.1)
mkdir -p "$T/lc"
start_hostile linkcheck --feed-dir "$T/lc"; hl=$HOSTILE_PORT
cat > "$T/lc/avis.atom" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Avis</title><id>urn:lc</id><updated>2026-11-10T10:00:00Z</updated>
<entry><id>urn:lc:1</id><title>Avis du même site</title><link href="http://127.0.0.1:$hl/status/404?same"/>
<published>2026-11-01T10:00:00Z</published><content>Le Dr Jeanne Dupont prend le temps. 5/5</content></entry>
<entry><id>urn:lc:2</id><title>Avis ailleurs</title><link href="http://localhost:$hl/status/404?other"/>
<published>2026-11-02T10:00:00Z</published><content>Le Dr Jeanne Dupont, très bien. 5/5</content></entry>
</feed>
EOF
printf '[practitioner]\nname = Dr Jeanne Dupont\n[source Avis]\nurl = http://127.0.0.1:%s/files/avis.atom\nallow_private = yes\ncategory = review\n[store]\nlink_recheck = 0\n' "$hl" > "$T/lc.conf"
"$REPWATCH" -c "$T/lc.conf" --db "$T/lc.db" scan >/dev/null 2>&1
sleep 1.1
"$REPWATCH" -c "$T/lc.conf" --db "$T/lc.db" scan >/dev/null 2>&1
log=$(curl -s "http://127.0.0.1:$hl/_log")
contains "$log" "GET /status/404?same" "a review link on the listing host is checked"
lacks "$log" "?other" "a review link on another host is not requested"
is "$(sqlite3 "$T/lc.db" "SELECT title || ':' || state FROM mentions ORDER BY title" | tr '\n' ' ')" \
	"Avis ailleurs:active Avis du même site:gone " "only the checked one can be gone"

# a file:// source that is a named pipe fails at once (it would block)
mkfifo "$T/pipe.rss"
printf '[practitioner]\nname = Jeanne Dupont\n[fetch]\nreport_after = 1\n[source pipe]\nurl = file://%s/pipe.rss\n' "$T" > "$T/fifo.conf"
start=$(date +%s)
"$REPWATCH" -c "$T/fifo.conf" --db "$T/fifo.db" scan >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "a FIFO source: the scan ends and says it failed"
ok $([ $(( $(date +%s) - start )) -le 5 ] && echo 0 || echo 1) "a FIFO source does not hold the scan"
contains "$(cat "$T/err")" "not a regular file (a named pipe)" "a FIFO source: the message says it is no file"
done_testing
