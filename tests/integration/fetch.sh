#!/bin/sh
# Fetching against a hostile server on 127.0.0.1: every misbehaving source
# ends within its limits with an error that names it and says what happened,
# and the good sources of the same scan are stored.
. "$(dirname "$0")/lib.sh"

start_hostile
h="http://127.0.0.1:$HOSTILE_PORT"
{
	printf '[practitioner]\nname = Jeanne Dupont\n'
	printf '[fetch]\ntimeout = 6\nconnect_timeout = 3\nlow_speed_time = 3\nmax_size = 1M\nmax_redirects = 5\n'
	printf '[source good]\nurl = %s/ok.rss\n' "$h"
	printf '[source good via redirect]\nurl = %s/redirect-ok\n' "$h"
	for p in silent trickle endless-chunked length-longer gzip-bomb redirect-loop redirect-file \
	         429 503 huge-header reset html-200 status/500; do
		printf '[source %s]\nurl = %s/%s\n' "$p" "$h" "$p"
	done
} > "$CONF"

start=$(date +%s)
"$REPWATCH" scan >"$T/out" 2>"$T/err"; rc=$?
elapsed=$(( $(date +%s) - start ))
err=$(cat "$T/err")
is "$rc" 1 "scan exits 1: some sources failed"
ok $([ "$elapsed" -le 30 ] && echo 0 || echo 1) "scan ended within its limits (${elapsed}s)"
contains "$err" "source 'silent' failed: '$h/silent': the server was too slow" "no answer: too slow"
contains "$err" "source 'trickle' failed: '$h/trickle': the server was too slow" "a byte per second: too slow"
contains "$err" "source 'endless-chunked' failed: '$h/endless-chunked': the document is larger than the 1024 KiB limit" "endless body: size cap"
contains "$err" "source 'gzip-bomb' failed: '$h/gzip-bomb': the document is larger than the 1024 KiB limit" "gzip bomb: stopped by the cap after decompression"
contains "$err" "source 'length-longer' failed: '$h/length-longer': the connection closed before the whole document arrived" "short body"
contains "$err" "source 'redirect-loop' failed: '$h/redirect-loop': too many redirects" "redirect loop"
contains "$err" "source 'redirect-file' failed: '$h/redirect-file': refused to follow a redirect to a non-web address" "redirect to file:// refused"
contains "$err" "source '429' failed: '$h/429': HTTP 429 Too Many Requests" "429"
contains "$err" "(Retry-After: 120)" "Retry-After reported"
contains "$err" "source '503' failed: '$h/503': HTTP 503 Service Unavailable" "503"
contains "$err" "source 'huge-header' failed: '$h/huge-header'" "1 MiB header line"
contains "$err" "source 'reset' failed: '$h/reset'" "connection reset"
contains "$err" "source 'html-200' failed: cannot read '$h/html-200': the server sent an HTML page, not a feed" "HTML page served as 200"
contains "$err" "source 'status/500' failed: '$h/status/500': HTTP 500 Internal Server Error" "500"
lacks "$err" "source 'good" "the good sources did not fail"
is "$("$REPWATCH" list --format=tsv | cut -f13 | sort -u)" "Excellent suivi par Dr Jeanne Dupont" "the good feed's mention was stored" 
ua=$(curl -s "$h/_log" | grep -m1 'GET /ok.rss')
contains "$ua" "user-agent=repwatch/" "User-Agent names repwatch"
contains "$ua" "accept-encoding=" "Accept-Encoding sent"
lacks "$ua" "accept-encoding=-" "Accept-Encoding not empty"

# second scan: the good source is asked conditionally
curl -s "$h/_log/reset" >/dev/null
"$REPWATCH" scan >/dev/null 2>&1
log=$(curl -s "$h/_log" | grep 'GET /ok.rss')
lacks "$log" "if-none-match=-" "second request carries If-None-Match"
lacks "$log" "if-modified-since=-" "second request carries If-Modified-Since"
done_testing
