#!/bin/sh
# The benchmark still works (a smoke run at N=20): it generates the workload,
# serves it with nginx, runs the baselines and repwatch cold and warm, and
# reports.  It measures; this test only checks that it ran and what it saw.
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?BUILDDIR must name the meson build directory}"
[ -f "$SRCDIR/../shared/bench/gen-feeds" ] || [ -f "$SRCDIR/bench/gen-feeds" ] || { echo "1..0 # SKIP no gen-feeds"; exit 0; }
command -v /usr/bin/time >/dev/null || { echo "1..0 # SKIP no /usr/bin/time"; exit 0; }

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BENCH_PORT=$port "$SRCDIR/bench/run" --smoke --build "$BUILDDIR" --out "$T/bench" --corpus "$T/corpus" 2>"$T/err"
is "$?" 0 "bench/run --smoke exits 0"
is "$(grep -c . "$T/bench/runs.jsonl")" 6 "six measurements: curl cold/warm, xmlreader, sqlite, repwatch cold/warm"
res=$(cat "$T/bench/results.md")
contains "$res" "| repwatch | 20 | cold |" "results name the cold scan"
contains "$res" "| warm: every request conditional and 304 | 20 | 20 cond/20 304 | all 20 | yes |" "the warm scan was all conditional 304s"
contains "$res" "| 20 | 1 | 23 |" "recall measured against the manifest's 23 mentions"
contains "$res" "| max RSS (cold) | 20 |" "memory recorded"
done_testing
