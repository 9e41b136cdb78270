#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""w3c.py - robustness of `repwatch parse` on the W3C feed validator corpus.

Every *.xml file under CORPORA/w3c-feedvalidator-testcases/testcases/
(1,378 valid and invalid RSS / Atom / XML documents) is run as
`repwatch parse FILE --url http://example.org/feed --format=json`, with
--preload's library in LD_PRELOAD (nonet.c: any Internet socket ends the
process with status 99). A run passes when it ends by itself within the
time limit with status 0 (stdout: a JSON object) or 1 (the document is not
a feed; a message on stderr), and stderr carries no sanitizer report
(AddressSanitizer, LeakSanitizer, UBSan "runtime error") and no network
attempt. The summary says how many files were read as feeds, how many of
those were ill-formed ("wellformed": false), how many were not feeds (read
as pages) and how many were refused.

Exit 0 when every file passes, 1 otherwise (the corpora absent included).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conformance_common as cc  # noqa: E402

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "repwatch-nonet:")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repwatch", required=True)
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--preload", help="shared library to LD_PRELOAD (the no-network shim)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)

    top = os.path.join(args.corpora, "w3c-feedvalidator-testcases", "testcases")
    if cc.corpora_missing(args.corpora, "w3c-feedvalidator-testcases"):
        return cc.NO_CORPORA
    if not os.path.isdir(top):
        print(f"ERROR: {top} is absent; {cc.CORPORA_HINT}")
        return cc.NO_CORPORA
    program = cc.absolute_program(args.repwatch)
    bad = cc.check_executable(program)
    if bad:
        print(bad)
        return 1
    if args.preload:
        if not os.path.exists(args.preload):
            print(f"--preload {args.preload}: no such file")
            return 1
        os.environ["LD_PRELOAD"] = os.path.abspath(args.preload)
        # the ASan runtime wants to come first; the shim only adds socket()
        opts = os.environ.get("ASAN_OPTIONS", "")
        os.environ["ASAN_OPTIONS"] = (opts + ":" if opts else "") + "verify_asan_link_order=0"

    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs if f.endswith(".xml"))
    if not files:
        print(f"ERROR: no .xml file under {top}; {cc.CORPORA_HINT}")
        return cc.NO_CORPORA

    def work(path):
        res = cc.run([program, "parse", path, "--url", "http://example.org/feed", "--format=json"])
        err = res.stderr.decode("utf-8", "replace")
        problem = res.problem()
        if not problem:
            for mark in SANITIZER_MARKS:
                if mark in err:
                    problem = f"{mark.strip(':')} report{res.stderr_tail()}"
                    break
        if problem:
            return path, "fail", problem
        if res.returncode == 1:
            return path, "refused", " ".join(err.split())[:160]
        obj, reason = cc.parse_json_output(res)
        if obj is None:
            return path, "fail", reason
        if obj.get("format") in ("html", "xml"):
            return path, "page", obj.get("format")
        return path, "wellformed" if obj.get("wellformed") else "illformed", obj.get("format")

    results = cc.parallel_map(work, files, args.jobs)
    counts = {"wellformed": 0, "illformed": 0, "page": 0, "refused": 0, "fail": 0}
    for path, kind, detail in results:
        counts[kind] += 1
        rel = os.path.relpath(path, top)
        if kind == "fail":
            print(f"FAIL {rel}: {detail}")
        elif args.verbose:
            print(f"ok   {rel}: {kind} {detail}")
    total = len(results)
    print(f"files: {total}; read as feeds: {counts['wellformed'] + counts['illformed']} "
          f"({counts['illformed']} ill-formed, read in recover mode); "
          f"not a feed, read as a page: {counts['page']}; refused (empty, unreadable): {counts['refused']}")
    print(f"w3c: {total - counts['fail']} passed, {counts['fail']} failed")
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
