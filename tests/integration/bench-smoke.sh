#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmark still works (a smoke run at N=20): it generates the workload
# with the project's own bench/gen-feeds, serves it with nginx, runs the
# baselines and repwatch cold and warm, and reports.  It measures speed
# without judging it; what it checks is that it ran, that the workload is the
# seeded one, and that repwatch found every mention of the manifest and no decoy.
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?BUILDDIR must name the meson build directory}"
command -v /usr/bin/time >/dev/null || { echo "1..0 # SKIP no /usr/bin/time (Debian package time)"; exit 0; }

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BENCH_PORT=$port "$SRCDIR/bench/run" --smoke --build "$BUILDDIR" --out "$T/bench" --corpus "$T/corpus" 2>"$T/err"
is "$?" 0 "bench/run --smoke exits 0"
is "$(grep -c . "$T/bench/runs.jsonl")" 6 "six measurements: curl cold/warm, xmlreader, sqlite, repwatch cold/warm"
res=$(cat "$T/bench/results.md")
contains "$res" "| repwatch | 20 | cold |" "results name the cold scan"
contains "$res" "| warm: every request conditional and 304 | 20 | 20 cond/20 304 | all 20 | yes |" "the warm scan was all conditional 304s"
contains "$res" "| max RSS (cold) | 20 |" "memory recorded"

# the workload: bench/gen-feeds with its default seed, the same on every machine
man=$T/bench/manifest-20.json
summary=$(/usr/bin/python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(s["generator"], s["seed"], s["mentions"], s["decoys"], len(s["formats"]), len(s["encodings"]), len(s["desc_modes"]))' "$man")
is "$summary" "repwatch bench/gen-feeds 20240601 34 7 3 2 3" \
	"the seeded workload: 34 mentions, 7 decoys, three formats, two encodings, three description kinds"
again=$(/usr/bin/python3 "$SRCDIR/bench/gen-feeds" -n 20 --out "$T/again" --base-url "http://127.0.0.1:$port" --subsets 20 2>&1 >/dev/null; cmp "$T/again/manifest.json" "$man" && echo same)
is "$again" "same" "gen-feeds is deterministic: a second run writes the same manifest"
contains "$res" "| 20 | 1 | 34 | 34 | 100.0 % | 0 | 0 |" "every mention of the manifest found, no decoy reported, no mojibake"
done_testing
