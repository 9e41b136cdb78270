#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""report.py OUTDIR - turn bench/run's measurements into results.md (stdout).

Reads OUTDIR/runs.jsonl, OUTDIR/manifest-N.json, OUTDIR/mentions-N-REP.json
and OUTDIR/profile.txt.  Medians over repetitions; ratios to the baselines
computed within the same run, never against absolute times.
"""
import json
import os
import platform
import statistics
import subprocess
import sys


def median(rows, key):
    vals = [r[key] for r in rows]
    return statistics.median(vals) if vals else float("nan")


def main():
    out = sys.argv[1]
    runs = [json.loads(line) for line in open(os.path.join(out, "runs.jsonl")) if line.strip()]
    sizes = sorted({r["n"] for r in runs})
    by = {}
    for r in runs:
        by.setdefault((r["name"], r["n"], r["phase"]), []).append(r)

    def m(name, n, phase, key="wall"):
        return median(by.get((name, n, phase), []), key)

    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ver = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print("# repwatch benchmark results\n")
    print("Produced by `bench/run`; regenerate with it. Times are medians of %d repetition(s), "
          "in seconds; ratios are taken within this one run.\n" % max(r["rep"] for r in runs))
    print("Machine: %s, %d cores, %s; %s.\n" % (cpu, os.cpu_count(), platform.platform(), ver))
    print("## Measurements\n")
    print("| what | N | phase | wall s | user s | sys s | max RSS MB | HTTP 200 | HTTP 304 | conditional |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (name, n, phase), rows in sorted(by.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
        print("| %s | %d | %s | %.2f | %.2f | %.2f | %.1f | %d | %d | %d |" % (
            name, n, phase, median(rows, "wall"), median(rows, "user"), median(rows, "sys"),
            median(rows, "maxrss_kb") / 1024, median(rows, "http200"), median(rows, "http304"),
            median(rows, "conditional")))
    print("\n## Targets\n")
    print("| target | N | value | goal | met |")
    print("|---|---|---|---|---|")
    per_feed = {}
    for n in sizes:
        base = m("curl", n, "cold") + m("xmlreader", n, "cold") + m("sqlite", n, "cold")
        cold = m("repwatch", n, "cold")
        warm = m("repwatch", n, "warm")
        cwarm = m("curl", n, "warm")
        r1 = cold / base if base else float("nan")
        r2 = warm / cwarm if cwarm else float("nan")
        rss = m("repwatch", n, "cold", "maxrss_kb") / 1024
        per_feed[n] = cold / n
        print("| cold scan / (curl + xmlReader + sqlite) | %d | %.2f x | <= 2 x | %s |" % (n, r1, "yes" if r1 <= 2 else "no"))
        print("| warm scan / curl conditional | %d | %.2f x | <= 1.5 x | %s |" % (n, r2, "yes" if r2 <= 1.5 else "no"))
        w = by.get(("repwatch", n, "warm"), [])
        allcond = all(r["conditional"] >= n and r["http304"] >= n for r in w) if w else False
        print("| warm: every request conditional and 304 | %d | %s | all %d | %s |" % (
            n, ", ".join("%d cond/%d 304" % (r["conditional"], r["http304"]) for r in w), n, "yes" if allcond else "no"))
        print("| max RSS (cold) | %d | %.1f MB | <= 64 MB | %s |" % (n, rss, "yes" if rss <= 64 else "no"))
    if 200 in per_feed and 1000 in per_feed:
        d = per_feed[1000] / per_feed[200] - 1
        print("| time per feed, N=1000 vs N=200 | 1000 | %+.0f %% | within 10 %% | %s |" % (100 * d, "yes" if abs(d) <= 0.10 else "no"))
    if 5000 in per_feed and 1000 in per_feed:
        d = per_feed[5000] / per_feed[1000] - 1
        print("| time per feed, N=5000 vs N=1000 | 5000 | %+.0f %% | on the same line | %s |" % (100 * d, "yes" if abs(d) <= 0.10 else "no"))

    print("\n## Mentions against the manifest\n")
    print("Found and decoy hits count the items reported because they name her (a `variant` matched); "
          "items reported for another reason (a health myth, with no name) are counted apart.\n")
    print("| N | rep | expected | found | recall | decoy hits | mojibake | reported without her name |")
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        man = json.load(open(os.path.join(out, "manifest-%d.json" % n)))
        expected = {x["item_link"] for x in man["mentions"] if x["feed_index"] <= n}
        decoys = {x["item_link"] for x in man["decoys"] if x["feed_index"] <= n} - expected
        latin1 = {x["item_link"] for x in man["mentions"] if x["feed_index"] <= n and x["encoding"] != "UTF-8"}
        rep = 1
        while os.path.exists(os.path.join(out, "mentions-%d-%d.json" % (n, rep))):
            got = json.load(open(os.path.join(out, "mentions-%d-%d.json" % (n, rep))))
            links = {g["link"] for g in got if g.get("variant")}
            unnamed = sum(1 for g in got if not g.get("variant"))
            moj = sum(1 for g in got if g["link"] in latin1 and any(
                bad in (g.get("title") or "") + (g.get("body") or "") for bad in ("Ã", "\ufffd", "Â")))
            found = len(links & expected)
            print("| %d | %d | %d | %d | %.1f %% | %d | %d | %d |" % (
                n, rep, len(expected), found, 100.0 * found / max(1, len(expected)), len(links & decoys), moj,
                unnamed))
            missed = sorted(expected - links)
            if missed and rep == 1:
                variants = {}
                for x in man["mentions"]:
                    if x["item_link"] in missed:
                        variants[x["variant"] + "/" + x["style"]] = variants.get(x["variant"] + "/" + x["style"], 0) + 1
                print("\nMissed at N=%d by spelling/style: %s\n" % (n, ", ".join("%s: %d" % kv for kv in sorted(variants.items()))))
            rep += 1
    prof = os.path.join(out, "profile.txt")
    if os.path.exists(prof) and os.path.getsize(prof):
        print("\n## Where the time goes (perf, cpu-clock samples, cold scan)\n")
        print("```")
        print(open(prof).read().rstrip())
        print("```")


if __name__ == "__main__":
    main()
