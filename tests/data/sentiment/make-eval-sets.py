#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write labelled evaluation sets as `label<TAB>text` lines (label pos|neg).

Python 3 standard library only; see SOURCES.md for where the inputs come from.

  make-eval-sets.py uci JSON OUT
      JSON is test/fixtures/yelp.json (or amazon.json, imdb.json) from the npm
      package sentiment@5.0.2: [{"text": ..., "class": 0|1}, ...]; class 1 ->
      pos, 0 -> neg; the empty trailing record is skipped. Used for en.tsv.

  make-eval-sets.py pattern-csv CSV OUT
      CSV is usr/share/doc/python3-pattern/test/corpora/polarity-fr-amazon.csv
      from Debian's python3-pattern: "review","1" or "-1". The reviews are
      for personal use only (upstream README): write OUT outside the
      repository (e.g. under the build directory), never commit it.

Text is put on one line: tabs, CR and newlines become spaces, runs of white
space collapse, ends are stripped. Order is the source order; exact duplicate
(label, text) pairs are kept once.
"""

import csv
import json
import re
import sys
import unicodedata


def clean(text):
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def write(rows, out):
    seen = set()
    n = {"pos": 0, "neg": 0}
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for label, text in rows:
            text = clean(text)
            if not text or (label, text) in seen:
                continue
            seen.add((label, text))
            n[label] += 1
            f.write("%s\t%s\n" % (label, text))
    print("%s: %d pos, %d neg" % (out, n["pos"], n["neg"]))


def uci(path):
    with open(path, encoding="utf-8") as f:
        for rec in json.load(f):
            if rec.get("class") == 1:
                yield "pos", rec.get("text", "")
            elif rec.get("class") == 0:
                yield "neg", rec.get("text", "")


def pattern_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 2:
                continue
            review, score = row[0], row[-1].strip()
            if score in ("1", "+1"):
                yield "pos", review
            elif score == "-1":
                yield "neg", review


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("uci", "pattern-csv"):
        sys.exit(__doc__)
    kind, src, out = sys.argv[1:]
    write(uci(src) if kind == "uci" else pattern_csv(src), out)


if __name__ == "__main__":
    main()
