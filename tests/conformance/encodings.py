#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Charset handling of `repwatch parse` on Miniflux's encoding test data.

For every file under CORPORA/miniflux-encoding-dates/internal/**/testdata/,
runs `repwatch parse FILE [--content-type TYPE] --format=json` in the ways the
upstream Go tests read it (with no header, and with the Content-Type header the
file name implies), and checks that stdout is valid UTF-8 JSON whose text
contains the file's sample ("Café", "Euro €", "Frédéric", or the Cyrillic
sample of koi8r.xml). Exit 1 on any failure, or when the corpora are absent.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True

import argparse
import glob
import os
import unicodedata

import conformance_common as cc

CAFE = "Café"
EURO = "Euro €"
FREDERIC = "Frédéric"
CYRILLIC = ["Пример RSS ленты", "Первая новость", "Ёжик"]

# file -> (true charset, [(content type or None, why)], samples that must appear)
# The upstream tests (internal/reader/encoding/encoding_test.go) check that the
# decoded document contains the sample. XML files whose declaration lies
# ("incorrect-prolog", "invalid-prolog") hold UTF-8 bytes: bytes that are valid
# UTF-8 win over a wrong declaration. The "meta-after-1024" pages put their
# <meta charset> past the first 1024 bytes; upstream reads them with a bare
# "text/html" header.
KNOWN = {
    "utf8.xml": ("utf-8", [
        (None, "no header: XML declaration utf-8"),
        ("application/xml; charset=utf-8", "header charset"),
    ], [CAFE]),
    "iso-8859-1.xml": ("iso-8859-1", [
        (None, "no header: XML declaration ISO-8859-1"),
        ("application/xml; charset=ISO-8859-1", "header charset"),
    ], [CAFE]),
    "windows-1252.xml": ("windows-1252", [
        (None, "no header: XML declaration windows-1252"),
        ("application/xml; charset=windows-1252", "header charset"),
    ], [EURO]),
    "koi8r.xml": ("koi8-r", [
        (None, "no header: XML declaration KOI8-R"),
        ("application/rss+xml; charset=KOI8-R", "header charset"),
    ], CYRILLIC),
    "invalid-prolog.xml": ("utf-8", [
        (None, "no header: unknown encoding name in the declaration, bytes are UTF-8"),
    ], [CAFE]),
    "utf8-incorrect-prolog.xml": ("utf-8", [
        (None, "no header: declaration says ISO-8859-1, bytes are UTF-8"),
        ("application/xml; charset=utf-8", "header charset overrides the declaration"),
    ], [CAFE]),
    "windows-1252-incorrect-prolog.xml": ("utf-8", [
        (None, "no header: declaration says windows-1252, bytes are UTF-8"),
        ("application/xml; charset=utf-8", "header charset overrides the declaration"),
    ], [EURO]),
    "utf8.html": ("utf-8", [
        ("text/html; charset=utf-8", "header charset"),
        ("text/html", "header without charset: <meta charset>"),
        (None, "no header: <meta charset>"),
    ], [CAFE]),
    "iso-8859-1.html": ("iso-8859-1", [
        ("text/html; charset=iso-8859-1", "header charset"),
        ("text/html", "header without charset: <meta charset>"),
        (None, "no header: <meta charset>"),
    ], [FREDERIC]),
    "utf8-meta-after-1024.html": ("utf-8", [
        ("text/html", "header without charset: <meta charset> after byte 1024"),
        (None, "no header: <meta charset> after byte 1024"),
    ], [FREDERIC]),
    "iso-8859-1-meta-after-1024.html": ("iso-8859-1", [
        ("text/html", "header without charset: <meta charset> after byte 1024"),
        (None, "no header: <meta charset> after byte 1024"),
    ], [FREDERIC]),
}

# charset names that count as the same decoder for the informational encoding check
SAME_CHARSET = {
    "iso-8859-1": {"iso-8859-1", "windows-1252", "latin1", "iso8859-1", "cp1252"},
    "windows-1252": {"windows-1252", "cp1252"},
    "utf-8": {"utf-8", "utf8"},
    "koi8-r": {"koi8-r", "koi8r"},
}


def guess_for_unknown(name: str):
    """Runs for a test file this runner does not know yet: no header, UTF-8 validity only."""
    return (None, [(None, "no header (file unknown to this runner: UTF-8 validity only)")], [])


def all_strings(obj, acc):
    if isinstance(obj, str):
        acc.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            all_strings(v, acc)
    elif isinstance(obj, list):
        for v in obj:
            all_strings(v, acc)
    return acc


def check(repwatch: str, path: str, ctype, samples):
    argv = [repwatch, "parse", path]
    if ctype:
        argv += ["--content-type", ctype]
    argv.append("--format=json")
    res = cc.run(argv)
    out, problem = cc.parse_json_output(res)  # includes the strict UTF-8 check
    if out is None:
        return False, problem, None
    text = unicodedata.normalize("NFC", "\n".join(all_strings(out, [])))
    missing = [s for s in samples if unicodedata.normalize("NFC", s) not in text]
    encoding = out.get("encoding")
    if missing:
        title = out.get("title")
        return False, f"sample {missing[0]!r} not in the output (title {title!r}, encoding {encoding!r})", encoding
    if "\ufffd" in text and samples:
        return False, "output contains U+FFFD replacement characters", encoding
    return True, "", encoding


def main(argv=None) -> int:
    cc.stdout_line_buffered()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repwatch", required=True)
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)

    if cc.corpora_missing(args.corpora, "miniflux-encoding-dates"):
        return cc.NO_CORPORA
    root = os.path.join(args.corpora, "miniflux-encoding-dates")
    files = sorted(p for p in glob.glob(os.path.join(root, "internal", "**", "testdata", "**", "*"), recursive=True)
                   if os.path.isfile(p))
    if not files:
        print(f"ERROR: no testdata files under {root}/internal; {cc.CORPORA_HINT}")
        return cc.NO_CORPORA
    args.repwatch = cc.absolute_program(args.repwatch)
    problem = cc.check_executable(args.repwatch)
    if problem:
        print(f"ERROR: {problem}", file=sys.stderr)
        return 1

    checks = []
    for path in files:
        name = os.path.basename(path)
        true_charset, runs, samples = KNOWN.get(name) or guess_for_unknown(name)
        for ctype, why in runs:
            checks.append((path, name, true_charset, ctype, why, samples))
    missing_known = sorted(set(KNOWN) - {os.path.basename(p) for p in files})

    def work(item):
        path, _name, _cs, ctype, _why, samples = item
        return item, *check(args.repwatch, path, ctype, samples)

    results = cc.parallel_map(work, checks, max(1, args.jobs))
    n_pass = 0
    enc_agree = enc_known = 0
    for (path, name, true_charset, ctype, why, _samples), ok, detail, encoding in results:
        n_pass += ok
        label = f"{name} [{ctype or 'no Content-Type'}]"
        if ok:
            note = ""
            if true_charset and isinstance(encoding, str):
                enc_known += 1
                if encoding.lower() in SAME_CHARSET.get(true_charset, {true_charset}):
                    enc_agree += 1
                else:
                    note = f"  (reported encoding {encoding!r}, file is {true_charset})"
            print(f"ok   {label}{note}")
        else:
            print(f"FAIL {label}: {detail}  -- {why}")
    print(f"files: {len(files)}, checks: {len(results)}")
    if enc_known:
        print(f"\"encoding\" field names the file's charset: {enc_agree}/{enc_known} [reported only]")
    if missing_known:
        print("note: expected test files absent: " + ", ".join(missing_known))
    print(f"encodings: {n_pass} passed, {len(results) - n_pass} failed")
    return 0 if n_pass == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
