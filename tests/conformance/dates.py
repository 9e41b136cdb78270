#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Conformance of `repwatch parse-date STRING` against feedparser's and Miniflux's date cases.

Contract assumed of the program under test: `repwatch parse-date STRING`
prints the UTC time as YYYY-MM-DDTHH:MM:SSZ and exits 0, or prints an empty
line and exits 1 when STRING is not a date.

Cases are grouped into RFC 822, W3CDTF, ISO 8601 and other. A failure in the
first three fails the run (exit 1); "other" (asctime, Greek, Hungarian, Korean,
Perforce, IANA zone names...) is reported only. Exit 1 as well when the corpora are absent.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True

import argparse
import ast
import collections
import os
import re

import conformance_common as cc

STRICT_CLASSES = ("RFC 822", "W3CDTF", "ISO 8601")

# feedparser's date_cases.tsv names the feedparser function that owns each case
FEEDPARSER_CLASSES = {
    "_parse_date_rfc822": "RFC 822",
    "_parse_date_w3dtf": "W3CDTF",
    "_parse_date_iso8601": "ISO 8601",
}


def load_feedparser(path: str):
    """Rows: parser<TAB>python-literal input<TAB>(Y,M,D,h,m,s,wday,yday,isdst) or None."""
    cases = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if lineno == 1 and line.startswith("parser\t"):
                continue
            if not line.strip():
                continue
            parser, raw_input, raw_expected = line.split("\t")
            text = ast.literal_eval(raw_input)
            expected = ast.literal_eval(raw_expected)
            klass = FEEDPARSER_CLASSES.get(parser, "other")
            detail = parser.replace("_parse_date_", "")
            cases.append({
                "source": f"feedparser:{lineno}",
                "group": detail,
                "class": klass,
                "input": text,
                "expected": None if expected is None else cc.iso_from_tuple(expected),
            })
    return cases


_RFC822_ZONE = r"(?:[+-]\d{4}|UT|UTC|GMT|Z|[ECMP][SD]T|[A-IK-Za-ik-z])"
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d\d:\d\d(?::\d\d)?\s+" + _RFC822_ZONE + r"$"
)
_W3CDTF = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d))?)?)?$")


def classify_string(text: str):
    """Class of a date string by its shape (used for Miniflux's cases, which are not grouped)."""
    if _W3CDTF.match(text):
        return "W3CDTF", "w3dtf"
    if _RFC822.match(text):
        return "RFC 822", "rfc822"
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d\d:\d\d", text):
        return "other", "rfc822 with a non-RFC zone"
    return "other", "unknown shape"


def load_miniflux(path: str):
    """Rows: input<TAB>unix timestamp (or Go time.Date(...) arguments)."""
    cases = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if lineno == 1 and line.startswith("input\t"):
                continue
            if not line.strip():
                continue
            text, raw_expected = line.split("\t", 1)
            raw_expected = raw_expected.strip()
            if re.fullmatch(r"-?\d+", raw_expected):
                expected = cc.iso_from_unix(int(raw_expected))
            elif raw_expected in ("", "None", "nil", "error"):
                expected = None
            else:  # time.Date(2018, 10, 28, 12, 48, 0, 0, time.UTC)
                nums = re.findall(r"-?\d+", raw_expected)
                if len(nums) < 6 or "UTC" not in raw_expected:
                    print(f"WARNING: {path}:{lineno}: cannot read expected value {raw_expected!r}, case ignored")
                    continue
                expected = cc.iso_from_tuple([int(n) for n in nums[:6]])
            klass, group = classify_string(text)
            cases.append({"source": f"miniflux:{lineno}", "group": group, "class": klass,
                          "input": text, "expected": expected})
    return cases


def check(repwatch: str, case):
    res = cc.run([repwatch, "parse-date", case["input"]])
    problem = res.problem()
    if problem:
        return False, problem
    try:
        out = res.stdout.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False, "stdout is not valid UTF-8"
    if case["expected"] is None:
        if res.returncode == 1 and out == "":
            return True, ""
        if res.returncode == 0:
            return False, f"accepted a non-date as {out!r}"
        return False, f"exit status {res.returncode} (want 1) with stdout {out!r}"
    if res.returncode != 0:
        return False, f"exit status {res.returncode}, want {case['expected']}{res.stderr_tail()}"
    if out == case["expected"]:
        return True, ""
    return False, f"got {out!r}, want {case['expected']}"


def main(argv=None) -> int:
    cc.stdout_line_buffered()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repwatch", required=True)
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)

    fp_path = os.path.join(args.corpora, "feedparser-tests", "date_cases.tsv")
    mf_path = os.path.join(args.corpora, "miniflux-encoding-dates", "date_cases.tsv")
    if cc.corpora_missing(args.corpora):
        return cc.NO_CORPORA
    absent = [p for p in (fp_path, mf_path) if not os.path.exists(p)]
    if absent:
        print(f"ERROR: {', '.join(absent)} absent; {cc.CORPORA_HINT}")
        return cc.NO_CORPORA
    cases = load_feedparser(fp_path) + load_miniflux(mf_path)
    args.repwatch = cc.absolute_program(args.repwatch)
    problem = cc.check_executable(args.repwatch)
    if problem:
        print(f"ERROR: {problem}", file=sys.stderr)
        return 1

    results = cc.parallel_map(lambda c: (c, *check(args.repwatch, c)), cases, max(1, args.jobs))

    per_class = collections.defaultdict(collections.Counter)
    per_group = collections.defaultdict(collections.Counter)
    for case, ok, _detail in results:
        key = "pass" if ok else "fail"
        per_class[case["class"]][key] += 1
        per_group[(case["class"], case["source"].split(":")[0], case["group"])][key] += 1

    print(f"date cases: {len(results)}")
    order = list(STRICT_CLASSES) + sorted(k for k in per_class if k not in STRICT_CLASSES)
    for klass in order:
        c = per_class.get(klass)
        if not c:
            continue
        total = c["pass"] + c["fail"]
        tag = "required" if klass in STRICT_CLASSES else "bonus, reported only"
        print(f"  {klass:9} {c['pass']:3}/{total:<3} {cc.pct(c['pass'], total):>6}  ({tag})")
        for (k2, src, group), g in sorted(per_group.items()):
            if k2 == klass:
                print(f"      {src}/{group}: {g['pass']}/{g['pass'] + g['fail']}")

    strict_fail = 0
    for case, ok, detail in results:
        if ok:
            continue
        required = case["class"] in STRICT_CLASSES
        strict_fail += required
        print(f"{'FAIL' if required else 'miss'} [{case['class']}] {case['source']} "
              f"{case['input']!r}: {detail}")

    n_pass = sum(1 for _c, ok, _d in results if ok)
    print(f"dates: {n_pass} passed, {len(results) - n_pass} failed"
          f" ({strict_fail} in RFC 822 / W3CDTF / ISO 8601)")
    return 1 if strict_fail else 0


if __name__ == "__main__":
    sys.exit(main())
