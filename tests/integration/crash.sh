#!/bin/sh
# SPDX-License-Identifier: MIT
# Crash: `repwatch scan` killed with SIGKILL at random moments, 100 times in a
# row (20 under the sanitizers: RW_SANITIZE), against nginx serving 40 feeds
# that change every round (texts edited, the newest items withdrawn and put
# back).  After every kill: PRAGMA integrity_check is ok, every mention stored
# before is still there at its version or later, and no source is
# half-written: each source's listed items all come from one scan of one
# round, as many as that round listed, with that scan's fetch state and
# evidence - one transaction per source.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 missing"; exit 0; }
iterations=${RW_CRASH_ITERATIONS:-100}
case ${RW_SANITIZE:-none} in none|'') ;; *) iterations=20 ;; esac
nfeeds=40
nitems=100
mkdir -p "$T/www"

# Round R of the corpus: feed i lists items j = R%6 .. nitems-1 (item j is j hours
# old; the R%6 newest are withdrawn, so the feed rule makes them gone), each
# text starting with "R<round>".  Distinct mtimes give distinct ETags.
gen() {
	/usr/bin/python3 - "$T/www" "$1" "$nfeeds" "$nitems" <<'PY'
import email.utils, os, sys
out, r, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
base = 1790000000
filler = ("Consultation de dermatologie, accueil, attente, explications, ordonnance, suivi. " * 4).strip()
for i in range(n):
    items = []
    for j in range(r % 6, k):
        t = base - j * 3600
        items.append(
            "<item><title>Avis %d sur le Dr Jeanne Dupont (flux %d)</title>"
            "<link>http://avis-%d.example/avis/%d</link><guid>f%d-%d</guid>"
            "<pubDate>%s</pubDate><description>R%04d Le Dr Jeanne Dupont, version %d. %s</description></item>"
            % (j, i, i, j, i, j, email.utils.formatdate(t, usegmt=True), r, r, filler))
    path = os.path.join(out, "f%03d.rss" % i)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Flux %d</title>%s</channel></rss>\n'
                % (i, "".join(items)))
    os.utime(path + ".tmp", (base + r, base + r))
    os.rename(path + ".tmp", path)
PY
}

gen 0
start_nginx "$T/www"
{
	printf '[practitioner]\nname = Dr Jeanne Dupont\n[store]\nlink_checks = 0\n[fetch]\nper_host = 16\n'
	i=0
	while [ $i -lt $nfeeds ]; do
		printf '[source flux %03d]\nurl = http://127.0.0.1:%s/f%03d.rss\nallow_private = yes\n' $i "$HTTP_PORT" $i
		i=$((i + 1))
	done
} > "$CONF"

ms() { date +%s%N | cut -c1-13; }
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "a first scan of $nfeeds feeds"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM mentions')" $((nfeeds * nitems)) "every item stored"
# how long a scan of a changed round takes: kills are spread over it
gen 1
t0=$(ms)
"$REPWATCH" scan 2>"$T/err"; rc=$?
full=$(( $(ms) - t0 ))
is "$rc" 0 "a scan of the next round (${full} ms)"

# the checks after each kill; prints one line per failed check
check() {
	sqlite3 "$DB" 'PRAGMA integrity_check' > "$T/ic" 2>&1
	[ "$(cat "$T/ic")" = ok ] || echo "integrity_check: $(head -3 "$T/ic" | tr '\n' ' ')"
	sqlite3 "$DB" 'SELECT id, version FROM mentions' > "$T/after" 2>&1
	awk 'NR == FNR { split($0, a, "|"); v[a[1]] = a[2]; next }
	     { split($0, b, "|"); if (!(b[1] in v)) { print "mention #" b[1] " lost"; exit }
	       if (v[b[1]] + 0 < b[2] + 0) { print "mention #" b[1] " went back to version " v[b[1]]; exit } }' \
		"$T/after" "$T/before"
	sqlite3 "$DB" "
	  WITH last AS (
	    SELECT si.source_id AS src, count(*) AS n, count(DISTINCT si.last_scan) AS scans,
	           max(si.last_scan) AS scan, count(DISTINCT substr(m.body, 1, 5)) AS rounds,
	           CAST(substr(max(m.body), 2, 4) AS INTEGER) AS round, max(si.last_seen) AS seen
	    FROM sightings si JOIN mentions m ON m.id = si.mention_id
	    WHERE si.state = 'active' GROUP BY si.source_id)
	  SELECT 'source ' || src || ' half-written: ' || n || ' items listed, from ' || scans || ' scan(s) and '
	         || rounds || ' round(s); round ' || round || ' lists ' || ($nitems - round % 6)
	  FROM last WHERE scans <> 1 OR rounds <> 1 OR n <> $nitems - round % 6
	  UNION ALL
	  SELECT 'source ' || src || ': its fetch state is not from the scan that stored its items'
	  FROM last JOIN sources s ON s.id = src WHERE s.last_success <> seen
	  UNION ALL
	  SELECT 'source ' || src || ': no evidence from the scan that stored its items'
	  FROM last WHERE NOT EXISTS (SELECT 1 FROM snapshots WHERE source_id = src AND scan_id = scan)
	  UNION ALL
	  SELECT 'mention #' || m.id || ': its text is not its last version''s'
	  FROM mentions m WHERE m.hash <> (SELECT hash FROM versions v WHERE v.mention_id = m.id AND v.version = m.version)
	     OR m.version <> (SELECT count(*) FROM versions v WHERE v.mention_id = m.id);" 2>&1
}

failures=0
busy=0
killed=0
r=2
while [ $r -le $((iterations + 1)) ]; do
	gen $r
	sqlite3 "$DB" 'SELECT id, version FROM mentions' > "$T/before"
	delay=$(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % (full + 1) ))
	"$REPWATCH" scan >/dev/null 2>"$T/err" &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL $pid 2>/dev/null && killed=$((killed + 1))
	{ wait $pid; rc=$?; } 2>/dev/null   # no "Killed" from the shell
	[ $rc -eq 4 ] && busy=$((busy + 1))
	problems=$(check)
	if [ -n "$problems" ]; then
		failures=$((failures + 1))
		printf '# round %d, killed after %d ms:\n' $r $delay
		printf '%s\n' "$problems" | head -5 | sed 's/^/#   /'
	fi
	r=$((r + 1))
done
is "$failures" 0 "$iterations kills at random moments: integrity ok, nothing lost, no source half-written"
ok $([ $killed -ge $((iterations / 3)) ] && echo 0 || echo 1) "many scans were killed mid-way ($killed of $iterations)"
is "$busy" 0 "a killed scan never leaves the lock behind"

# and afterwards a scan completes and brings every source to the last round
gen $((iterations + 2))
sqlite3 "$DB" 'SELECT id, version FROM mentions' > "$T/before"
"$REPWATCH" scan 2>"$T/err"; rc=$?
is "$rc" 0 "the next scan completes"
is "$(check)" "" "consistent"
is "$(sqlite3 "$DB" "SELECT count(DISTINCT source_id) FROM sightings WHERE state = 'active' AND last_scan = (SELECT max(id) FROM scans)")" \
	$nfeeds "every source stored by it"
done_testing
