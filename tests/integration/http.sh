#!/bin/sh
# SPDX-License-Identifier: MIT
# The normal cases against a real nginx on 127.0.0.1: connection reuse, a
# pre-compressed (gzip) feed, and a second scan of unchanged sources that
# asks every source conditionally and parses nothing; the proxy settings of
# the environment (through the hostile server, which answers absolute-form
# requests as a proxy would); HTTPS with HTTP/2 through a test CA.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/www"
cp "$SRCDIR"/feeds/demo/round1/* "$T/www/"
for i in 1 2 3; do cp "$T/www/lyon-sante.rss" "$T/www/copy$i.rss"; done
# a feed stored pre-compressed, as sites do with gzip_static
gzip -9 -k "$T/www/forum-sante.rdf"
start_nginx "$T/www"
n="http://127.0.0.1:$HTTP_PORT"
LOG="$T/nginx/access.log"

{
	printf '[practitioner]\nname = Jeanne Dupont\n'
	demo_sources "$n"
	for i in 1 2 3; do printf '[source copy %s]\nurl = %s/copy%s.rss\nallow_private = yes\n' $i "$n" $i; done
} > "$CONF"

# ---- first scan: everything read; six requests on at most two connections
: > "$LOG"
"$REPWATCH" --debug=parse,net scan >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "first scan: exit 0"
is "$(grep -c '" 200 ' "$LOG")" 6 "six requests answered 200"
is "$(grep -c ': parsing ' "$T/err")" 6 "six documents parsed (debug=parse)"
conns=$(sed -n 's/.* conn=\([0-9]*\) .*/\1/p' "$LOG" | sort -u | wc -l)
ok $([ "$conns" -ge 1 ] && [ "$conns" -le 2 ] && echo 0 || echo 1) \
	"six requests to one host went over $conns connection(s) (per_host = 2): connections are reused"
ok $(grep -q ' reqs=[2-9] ' "$LOG" && echo 0 || echo 1) "nginx saw a second request on one connection (keep-alive)"
ok $(grep -q 'reused connection' "$T/err" && echo 0 || echo 1) "libcurl says it reused a connection (debug=net)"
gz=$(wc -c < "$T/www/forum-sante.rdf.gz")
is "$(awk '/GET \/forum-sante.rdf / {print $10}' "$LOG")" "$gz" "the gzip sibling was sent ($gz bytes): Accept-Encoding offers gzip"
contains "$(grep 'GET /forum-sante.rdf ' "$LOG")" 'ae="deflate, gzip' "Accept-Encoding lists what libcurl decodes"
is "$("$REPWATCH" list --format=tsv | awk -F'\t' '$11 == "Forum santé"' | grep -c .)" 1 \
	"and the compressed feed was decoded and read"

# ---- per_host = 1: every request on the one connection
printf '[fetch]\nper_host = 1\n' >> "$CONF"
: > "$LOG"
"$REPWATCH" --debug=parse scan >"$T/out" 2>"$T/err"; rc=$?
is "$(sed -n 's/.* conn=\([0-9]*\) .*/\1/p' "$LOG" | sort -u | wc -l | tr -d ' ')" 1 \
	"per_host = 1: six requests, one connection"

# ---- nothing changed: every source asked conditionally, nothing parsed
# (the scan just above already was such a second scan; check it)
is "$(grep -c '" 304 ' "$LOG")" 6 "second scan: all six answered 304"
is "$(grep -c 'inm="\\x22' "$LOG")" 6 "every request carried If-None-Match"
is "$(grep -c 'ims="[A-Z][a-z][a-z], ' "$LOG")" 6 "every request carried If-Modified-Since"
is "$(grep -c ': parsing ' "$T/err")" 0 "nothing was parsed"
is "$(grep -c 'not modified (HTTP 304), nothing to parse' "$T/err")" 6 "six sources said not modified"
is "$rc" 0 "exit 0"
"$REPWATCH" scan --summary >"$T/out" 2>/dev/null
contains "$(cat "$T/out")" "6 sources: 0 read, 6 unchanged, 0 failed; 0 new, 0 changed, 0 gone" "the summary agrees"

# ---- proxy settings of the environment
start_hostile proxy; p="http://127.0.0.1:$HOSTILE_PORT"
cat > "$CONF" <<CONF
[practitioner]
name = Jeanne Dupont
[source through the proxy]
url = http://feeds.repwatch-test.invalid/ok.rss
[source direct]
url = $n/lyon-sante.rss
allow_private = yes
CONF
: > "$LOG"
http_proxy=$p no_proxy=127.0.0.1 "$REPWATCH" scan >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "with http_proxy and no_proxy set: exit 0"
contains "$(curl -s "$p/_log")" "GET http://feeds.repwatch-test.invalid/ok.rss " "http_proxy: the request went to the proxy, in absolute form"
is "$("$REPWATCH" list --format=tsv | awk -F'\t' '$11 == "through the proxy" {print $13}')" "Excellent suivi par Dr Jeanne Dupont" \
	"the answer through the proxy was stored"
is "$(grep -c 'GET /lyon-sante.rss ' "$LOG")" 1 "no_proxy: the 127.0.0.1 source went direct"

# ---- HTTPS and HTTP/2, with a test certificate authority
if ! command -v openssl >/dev/null 2>&1; then
	skip "HTTPS and HTTP/2" "openssl is missing (tools/install-deps --tests installs it)"
	done_testing
	exit
fi
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
chmod 644 "$T/key.pem"
# /moved.rss redirects to the plain-http server: a downgrade
NGINX_SERVER_EXTRA="location = /moved.rss { return 301 $n/copy1.rss; }" \
	NGINX_TLS_CERT="$T/cert.pem" NGINX_TLS_KEY="$T/key.pem" start_nginx "$T/www" nginx-tls
s="https://127.0.0.1:$HTTP_PORT"
# (a database of its own: the same items were already stored from http://)
cat > "$CONF" <<CONF
[practitioner]
name = Jeanne Dupont
[fetch]
report_after = 1
[source secure]
url = $s/lyon-sante.rss
allow_private = yes
CONF
"$REPWATCH" --db "$T/tls.db" scan >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 1 "a certificate nobody vouches for: the source fails"
contains "$(cat "$T/err")" "source 'secure' failed: '$s/lyon-sante.rss': secure connection failed (certificate or TLS problem)" \
	"and says it was the certificate"
sed -i "s|^report_after = 1\$|&\nca_file = $T/cert.pem|" "$CONF"
: > "$T/nginx-tls/access.log"
"$REPWATCH" --db "$T/tls.db" scan >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "with [fetch] ca_file naming the test CA: exit 0"
contains "$(cat "$T/nginx-tls/access.log")" "proto=HTTP/2.0" "HTTP/2 is used where the server offers it"
is "$("$REPWATCH" --db "$T/tls.db" list --format=tsv | awk -F'\t' '$11 == "secure" {print $13}')" "Le Dr Jeanne Dupont rejoint la clinique du Parc" \
	"the feed read over HTTP/2 was stored"

# ---- https -> http: a redirect that would downgrade is refused, and named
sed -i "s|^url = $s/lyon-sante.rss\$|url = $s/moved.rss|" "$CONF"
: > "$LOG"
: > "$T/nginx-tls/access.log"
"$REPWATCH" --db "$T/tls.db" scan >"$T/out" 2>"$T/err"; rc=$?
contains "$(cat "$T/nginx-tls/access.log")" '"GET /moved.rss HTTP/2.0" 301' "the https source answered with a redirect to http://"
is "$rc" 1 "a redirect from https to http: the source fails"
contains "$(cat "$T/err")" "source 'secure' failed: '$s/moved.rss': refused to follow a redirect away from https" \
	"and says the redirect away from https was refused"
is "$(grep -c 'copy1.rss' "$LOG")" 0 "the plain-http address was never asked"
done_testing
