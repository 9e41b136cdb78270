#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Conformance of `repwatch parse` against Python feedparser's test expectations.

Reads CORPORA/feedparser-tests/expect_simple.json (1,101 cases, one per feed
file: {file, bozo, path, expected, http_header}), keeps the cases whose `path`
names a field repwatch models, runs `repwatch parse FILE ... --format=json`
once per file, and compares the two values after reducing them to clean text.

Exit status: 0 all good (or every failure is listed in --expected-failures and
nothing listed passes), 1 failures / stale list / corpora absent, 2 usage.
See README.md in this folder.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import argparse
import collections
import json
import os
import re
import urllib.parse

import conformance_common as cc

# The feedparser test harness serves the files from this address; expectations
# for documents fetched over HTTP (file names containing "http") are resolved
# against it, e.g. 'http://127.0.0.1:8097/relative/link'.
FEEDPARSER_HARNESS_URL = "http://127.0.0.1:8097/"

DEFAULT_HEADER = """\
# Known failures of `repwatch parse` against feedparser's expect_simple.json.
# One line per case: file<TAB>path<TAB>reason, sorted. Lines starting with # are comments.
# Maintained by: tests/conformance/feedparser.py --update-expected-failures
# A reason starting with "TODO:" was added automatically: replace it with a human explanation.
"""

# --------------------------------------------------------------------------
# classification
# --------------------------------------------------------------------------

# (key path under feed / entries[i]) -> repwatch field
FEED_FIELDS = {
    ("title",): "title",
    ("title_detail", "value"): "title",
    ("link",): "link",
    ("subtitle",): "subtitle",
    ("subtitle_detail", "value"): "subtitle",
    ("description",): "subtitle",
    ("description_detail", "value"): "subtitle",
    ("tagline",): "subtitle",
    ("tagline_detail", "value"): "subtitle",
    ("author",): "author",
    ("author_detail", "name"): "author",
}

ENTRY_FIELDS = {
    ("title",): "title",
    ("title_detail", "value"): "title",
    ("link",): "link",
    ("id",): "id",
    ("guid",): "id",
    ("summary",): "summary",
    ("summary_detail", "value"): "summary",
    ("description",): "summary",
    ("description_detail", "value"): "summary",
    ("content", 0, "value"): "content",
    ("author",): "author",
    ("author_detail", "name"): "author",
    ("published",): "published",
    ("issued",): "published",
    ("published_parsed",): "published",
    ("issued_parsed",): "published",
    ("updated",): "updated",
    ("modified",): "updated",
    ("date",): "updated",
    ("updated_parsed",): "updated",
    ("modified_parsed",): "updated",
    ("date_parsed",): "updated",
}

DATE_FIELDS = {"published", "updated"}

# first key -> reason, for what repwatch does not model
SKIP_BY_KEY = [
    (("info", "info_detail"), "Atom 0.3 <info> / feedburner:browserFriendly is not the subtitle: not modelled"),
    (("copyright", "copyright_detail", "rights", "rights_detail", "license"), "rights / copyright / licence not modelled"),
    (("author_detail",), "author e-mail / URL not modelled (repwatch keeps one author string)"),
    (("contributors",), "contributors not modelled"),
    (("publisher", "publisher_detail"), "publisher / webMaster not modelled"),
    (("links",), "links[] list not modelled (repwatch keeps only the main link)"),
    (("source",), "entry <source> feed not modelled"),
    (("tags", "category"), "categories not modelled"),
    (("generator", "generator_detail"), "generator not modelled"),
    (("image", "icon", "logo"), "images / icons not modelled"),
    (("language",), "language not modelled"),
    (("enclosures",), "enclosures not modelled"),
    (("comments", "wfw_comment", "wfw_commentrss"), "comment links not modelled"),
    (("textinput", "cloud", "ttl", "docs"), "RSS channel housekeeping (textInput, cloud, ttl, docs) not modelled"),
]


def parse_path(path: str):
    """"entries[0]['content'][0]['value']" -> ('entries', 0, ('content', 0, 'value'))."""
    m = re.fullmatch(r"(feed|entries\[(\d+)\])((?:\[(?:'[^']*'|\d+)\])*)", path.strip())
    if not m:
        return None
    root = "feed" if m.group(1) == "feed" else "entries"
    index = int(m.group(2)) if m.group(2) is not None else None
    keys = []
    for name, num in re.findall(r"\['([^']*)'\]|\[(\d+)\]", m.group(3)):
        keys.append(int(num) if num else name)
    return root, index, tuple(keys)


def classify(path: str):
    """(field, None) for a modelled case, (None, reason) for a skipped one.

    field is 'feed.title', 'item.summary', ..."""
    parsed = parse_path(path)
    if parsed is None:
        return None, "path not understood"
    root, _index, keys = parsed
    table = FEED_FIELDS if root == "feed" else ENTRY_FIELDS
    prefix = "feed" if root == "feed" else "item"
    if keys in table:
        return f"{prefix}.{table[keys]}", None
    if not keys:
        return None, "path not understood"
    first, last = keys[0], keys[-1]
    if len(keys) >= 2 and last in ("type", "language", "base", "src"):
        return None, f"content metadata ['{last}'] (of *_detail / content) not modelled"
    if isinstance(first, str) and (first.startswith("itunes_") or first.startswith("media_")):
        return None, "iTunes / Media RSS extensions not modelled"
    if root == "feed" and first in ("updated", "published", "created", "modified", "issued", "date",
                                    "updated_parsed", "published_parsed", "created_parsed"):
        return None, "feed-level dates not modelled (repwatch has item dates only)"
    if root == "entries" and first in ("created", "expired", "created_parsed", "expired_parsed"):
        return None, "item created / expired dates not modelled (only published / updated)"
    if root == "feed" and first in ("id", "guid"):
        return None, "feed id not modelled (repwatch has item ids only)"
    if root == "entries" and first == "subtitle":
        return None, "item subtitle (itunes:subtitle) not modelled"
    if first == "content":
        return None, "content other than content[0]['value'] not modelled"
    for names, reason in SKIP_BY_KEY:
        if first in names:
            return None, reason
    return None, f"{'feed' if root == 'feed' else 'entries[i]'}['{first}'] not modelled"


def source_shape(path: str) -> str:
    """entries[0]['title_detail']['value'] -> entries[i]['title_detail']['value']."""
    return re.sub(r"^entries\[\d+\]", "entries[i]", path)


# --------------------------------------------------------------------------
# running
# --------------------------------------------------------------------------

def invocation_args(case) -> list:
    """Extra `repwatch parse` options that reproduce feedparser's test harness."""
    args = []
    file = case["file"]
    header = case.get("http_header") or ""
    name, _, value = header.partition(":")
    name, value = name.strip().lower(), value.strip()
    if name == "content-type" and value:
        args += ["--content-type", value]
    doc_url = None
    if "http" in os.path.basename(file) or "/http/" in file:
        # the harness fetched these over HTTP: relative references resolve
        # against the document's own URL
        doc_url = FEEDPARSER_HARNESS_URL + file
    if name == "content-location" and value:
        base = urllib.parse.urljoin(doc_url or FEEDPARSER_HARNESS_URL + file, value)
        if urllib.parse.urlsplit(base).scheme in ("http", "https"):
            doc_url = base
    if doc_url:
        args += ["--url", doc_url]
    return args


def actual_value(out: dict, path: str, field: str):
    """The repwatch value a modelled case looks at, or (None, reason)."""
    root, index, _keys = parse_path(path)
    name = field.split(".", 1)[1]
    if root == "feed":
        return out.get(name), None
    items = out.get("items")
    if not isinstance(items, list):
        return None, "output has no \"items\" list"
    if index >= len(items):
        return None, f"output has {len(items)} item(s), no items[{index}]"
    item = items[index]
    if not isinstance(item, dict):
        return None, f"items[{index}] is not an object"
    return item.get(name), None


def expected_date(expected):
    if isinstance(expected, (list, tuple)) and len(expected) >= 6:
        return cc.iso_from_tuple(expected)
    if isinstance(expected, str):
        return cc.reference_date_to_iso(expected)
    return None


def author_alternatives(expected: str) -> set:
    """feedparser writes 'Name (e-mail)'; repwatch may keep just the name."""
    alts = cc.text_variants(expected) | {cc.normalize_ws(expected)}
    m = re.fullmatch(r"\s*(.*?)\s*\(\s*([^()\s]+@[^()\s]+)\s*\)\s*", expected or "")
    if m and m.group(1):
        alts.add(cc.normalize_ws(m.group(1)))
    return alts


def compare(case, field: str, actual):
    """('pass' | 'lenient' | 'fail', detail)."""
    expected = case["expected"]
    name = field.split(".", 1)[1]
    if name in DATE_FIELDS:
        want = expected_date(expected)
        if want is None:
            return "fail", f"runner cannot read the expected date {expected!r}"
        got = cc.normalize_ws(actual)
        if got == want:
            return "pass", ""
        if got and not cc.ISO_UTC.match(got):
            return "fail", f"expected {want} (from {expected!r}), got {got!r}: not YYYY-MM-DDTHH:MM:SSZ"
        return "fail", f"expected {want} (from {expected!r}), got {actual!r}"

    if expected is not None and not isinstance(expected, str):
        expected = str(expected)
    got_plain = cc.normalize_ws(actual)
    if name == "author":
        wanted = author_alternatives(expected or "")
    else:
        wanted = cc.text_variants(expected)
    if got_plain in wanted:
        return "pass", ""
    literal = cc.normalize_ws(expected)
    if got_plain == literal:
        # feedparser's value taken literally. Right for plain text that merely
        # looks like markup ('History of the <blink> tag'), wrong if repwatch
        # kept HTML tags: counted as a pass, but reported as lenient.
        if literal in cc.text_variants(literal):
            return "pass", ""
        return "lenient", "matched feedparser's value literally, markup included"
    # both sides reduced as HTML: tolerates markup or entities left in repwatch's text
    if cc.text_variants(actual) & wanted:
        return "lenient", "passed only once repwatch's own text was read as HTML"
    clean = cc.html_to_text(expected)
    return "fail", f"expected {cc.short(clean)} (feedparser: {cc.short(expected)}), got {cc.short(actual)}"


# --------------------------------------------------------------------------
# expected failures file
# --------------------------------------------------------------------------

def read_expected_failures(path: str):
    """(header comment lines, {(file, path): reason}). Missing file -> empty."""
    header, entries = [], {}
    if not os.path.exists(path):
        return header, entries
    with open(path, encoding="utf-8") as fh:
        seen_entry = False
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            if line.startswith("#"):
                if not seen_entry:
                    header.append(line)
                continue
            seen_entry = True
            parts = line.split("\t", 2)
            if len(parts) < 2:
                raise SystemExit(f"{path}:{lineno}: expected file<TAB>path<TAB>reason, got {line!r}")
            reason = parts[2].strip() if len(parts) > 2 else ""
            entries[(parts[0].strip(), parts[1].strip())] = reason
    return header, entries


def write_expected_failures(path: str, header: list, entries: dict):
    text = "\n".join(header) + "\n" if header else DEFAULT_HEADER
    lines = []
    for (file, case_path) in sorted(entries):
        reason = " ".join(str(entries[(file, case_path)]).split()) or "TODO: reason"
        lines.append(f"{file}\t{case_path}\t{reason}")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        if lines:
            fh.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------

def md_escape(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_report(path, summary, by_field, by_shape, skip_reasons, results, bozo_rows, known):
    out = []
    out.append("# repwatch vs feedparser expect_simple.json\n")
    out.append("| | count |\n|---|---|")
    for key, value in summary:
        out.append(f"| {md_escape(key)} | {md_escape(value)} |")
    out.append("\n## Modelled cases by repwatch field\n")
    out.append("| field | modelled | passed | failed | pass % |\n|---|---|---|---|---|")
    for field in sorted(by_field):
        c = by_field[field]
        out.append(f"| {field} | {c['total']} | {c['pass']} | {c['fail']} | {cc.pct(c['pass'], c['total'])} |")
    out.append("\n## Modelled cases by feedparser path\n")
    out.append("| feedparser path | repwatch field | cases | passed |\n|---|---|---|---|")
    for (shape, field), c in sorted(by_shape.items(), key=lambda kv: (-kv[1]["total"], kv[0])):
        out.append(f"| `{md_escape(shape)}` | {field} | {c['total']} | {c['pass']} |")
    out.append("\n## Skipped cases\n")
    out.append("| reason | cases |\n|---|---|")
    for reason, n in skip_reasons.most_common():
        out.append(f"| {md_escape(reason)} | {n} |")
    failures = [r for r in results if r["status"] == "fail"]
    out.append(f"\n## Failures ({len(failures)})\n")
    if failures:
        out.append("| file | path | listed | detail |\n|---|---|---|---|")
        for r in failures:
            listed = "yes" if (r["file"], r["path"]) in known else "**no**"
            out.append(f"| `{md_escape(r['file'])}` | `{md_escape(r['path'])}` | {listed} | {md_escape(r['detail'])} |")
    lenient = [r for r in results if r["status"] == "lenient"]
    if lenient:
        out.append(f"\n## Passed only by a lenient reading ({len(lenient)})\n")
        out.append("Either repwatch's text had to be read as HTML (markup or entities left in it), or it "
                   "equals feedparser's value taken literally, markup included (right for plain text that "
                   "merely looks like markup, wrong if repwatch kept tags).\n")
        for r in lenient:
            out.append(f"- `{md_escape(r['file'])}` `{md_escape(r['path'])}`: {md_escape(r['detail'])}")
    if bozo_rows:
        out.append(f"\n## Well-formedness disagreements ({len(bozo_rows)})\n")
        out.append("| file | feedparser bozo | repwatch wellformed |\n|---|---|---|")
        for file, bozo, wf in bozo_rows:
            out.append(f"| `{md_escape(file)}` | {bozo} | {wf} |")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main(argv=None) -> int:
    cc.stdout_line_buffered()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repwatch", required=True, help="the repwatch executable")
    ap.add_argument("--corpora", required=True, help="the corpora folder (holds feedparser-tests/; tests/data/corpora)")
    ap.add_argument("--expected-failures", metavar="FILE", help="TSV of known failing cases")
    ap.add_argument("--update-expected-failures", action="store_true",
                    help="rewrite --expected-failures FILE from this run (keeps existing reasons)")
    ap.add_argument("--report", metavar="FILE", help="write a markdown summary here")
    ap.add_argument("--jobs", type=int, default=2, help="parallel repwatch runs (default 2)")
    ap.add_argument("--list-cases", action="store_true",
                    help="print every case's classification (TSV: file, path, field or SKIP, reason) and exit")
    ap.add_argument("--verbose", action="store_true", help="print every failure, listed or not")
    args = ap.parse_args(argv)

    if args.update_expected_failures and not args.expected_failures:
        ap.error("--update-expected-failures needs --expected-failures FILE")

    expect_path = os.path.join(args.corpora, "feedparser-tests", "expect_simple.json")
    if cc.corpora_missing(args.corpora, "feedparser-tests"):
        return cc.NO_CORPORA
    if not os.path.exists(expect_path):
        print(f"ERROR: {expect_path} is absent; {cc.CORPORA_HINT}")
        return cc.NO_CORPORA
    base_dir = os.path.dirname(expect_path)
    with open(expect_path, encoding="utf-8") as fh:
        cases = json.load(fh)

    # ---- classify every case
    modelled, skip_reasons = [], collections.Counter()
    classification = []
    for case in cases:
        field, reason = classify(case["path"])
        classification.append((case, field, reason))
        if field:
            modelled.append((case, field))
        else:
            skip_reasons[reason] += 1

    if args.list_cases:
        for case, field, reason in classification:
            print(f"{case['file']}\t{case['path']}\t{field or 'SKIP'}\t{reason or ''}")
        return 0

    args.repwatch = cc.absolute_program(args.repwatch)
    problem = cc.check_executable(args.repwatch)
    if problem:
        print(f"ERROR: {problem}", file=sys.stderr)
        return 1

    print(f"feedparser expect_simple.json: {len(cases)} cases, "
          f"{len(modelled)} modelled, {len(cases) - len(modelled)} skipped")
    field_totals = collections.Counter(f for _c, f in modelled)
    print("modelled by field: " + ", ".join(f"{f} {n}" for f, n in sorted(field_totals.items())))

    # ---- one run per (file, options)
    runs = {}
    for case, _field in modelled:
        key = (case["file"], tuple(invocation_args(case)))
        runs.setdefault(key, None)

    def do_run(key):
        file, extra = key
        argv = [args.repwatch, "parse", os.path.join(base_dir, file), *extra, "--format=json"]
        return key, cc.parse_json_output(cc.run(argv))

    for key, result in cc.parallel_map(do_run, list(runs), max(1, args.jobs)):
        runs[key] = result

    # ---- compare
    results = []
    by_field = collections.defaultdict(collections.Counter)
    by_shape = collections.defaultdict(collections.Counter)
    bozo_known = bozo_agree = bozo_no_output = 0
    bozo_rows = []
    for case, field in modelled:
        key = (case["file"], tuple(invocation_args(case)))
        out, run_problem = runs[key]
        if out is None:
            status, detail = "fail", run_problem
        else:
            actual, missing = actual_value(out, case["path"], field)
            if missing:
                status, detail = "fail", missing
            else:
                status, detail = compare(case, field, actual)
        results.append({"file": case["file"], "path": case["path"], "field": field,
                        "status": status, "detail": detail})
        for counter in (by_field[field], by_shape[(source_shape(case["path"]), field)]):
            counter["total"] += 1
            counter["pass" if status != "fail" else "fail"] += 1
        if case.get("bozo") is not None:
            bozo_known += 1
            if out is None:
                bozo_no_output += 1
            else:
                wf = out.get("wellformed")
                if isinstance(wf, bool) and wf == (not case["bozo"]):
                    bozo_agree += 1
                else:
                    bozo_rows.append((case["file"], case["bozo"], wf))

    n_pass = sum(r["status"] != "fail" for r in results)
    n_fail = len(results) - n_pass
    n_lenient = sum(r["status"] == "lenient" for r in results)
    # cases whose expected value is markup with no text at all (e.g. an <img>
    # or an <svg> drawing): in plain text they only check that repwatch emits none
    n_textless = sum(1 for case, _f in modelled
                     if not isinstance(case["expected"], (list, tuple))
                     and cc.html_to_text(case["expected"]) == "")
    crashes = collections.Counter()
    for out, run_problem in runs.values():
        if out is None:
            crashes[re.sub(r"[:(].*", "", run_problem).strip()] += 1

    print(f"modelled: {len(results)}")
    print(f"passed:   {n_pass}" + (f" ({n_lenient} only by a lenient reading, see the report)" if n_lenient else ""))
    print(f"failed:   {n_fail}")
    print(f"pass %:   {cc.pct(n_pass, len(results))}")
    if n_textless:
        print(f"({n_textless} modelled case(s) expect markup with no text: they only check that repwatch emits none)")
    print(f"bozo agreement (feedparser bozo == not wellformed): {bozo_agree}/{bozo_known}"
          + (f" ({bozo_no_output} without output)" if bozo_no_output else "")
          + " [reported, not failed on]")
    if crashes:
        print("runs without usable output: " + ", ".join(f"{k} {v}" for k, v in crashes.most_common()))
    print("by field:")
    for field in sorted(by_field):
        c = by_field[field]
        print(f"  {field:15} {c['pass']:4}/{c['total']:<4} {cc.pct(c['pass'], c['total']):>6}")

    failing = {(r["file"], r["path"]): r["detail"] for r in results if r["status"] == "fail"}
    header, known = ([], {})
    if args.expected_failures:
        header, known = read_expected_failures(args.expected_failures)

    if args.report:
        summary = [
            ("cases in expect_simple.json", len(cases)),
            ("modelled", len(results)),
            ("skipped", len(cases) - len(results)),
            ("passed", n_pass),
            ("  of which only by a lenient reading (see below)", n_lenient),
            ("failed", n_fail),
            ("pass %", cc.pct(n_pass, len(results))),
            ("modelled cases whose expected markup has no text", n_textless),
            ("bozo agreement", f"{bozo_agree}/{bozo_known}"),
        ]
        write_report(args.report, summary, by_field, by_shape, skip_reasons, results, bozo_rows, known)
        print(f"report written to {args.report}")

    if args.verbose or not args.expected_failures:
        for r in results:
            if r["status"] == "fail":
                print(f"FAIL {r['file']}\t{r['path']}\t{r['detail']}")

    if not args.expected_failures:
        print(f"feedparser: {n_pass} passed, {n_fail} failed")
        return 0 if n_fail == 0 else 1

    if args.update_expected_failures:
        new_entries = {}
        for k, detail in failing.items():
            new_entries[k] = known.get(k) or f"TODO: {detail}"[:300]
        added = sorted(set(new_entries) - set(known))
        removed = sorted(set(known) - set(new_entries))
        write_expected_failures(args.expected_failures, header, new_entries)
        print(f"updated {args.expected_failures}: {len(new_entries)} entries "
              f"({len(added)} added, {len(removed)} removed)")
        for k in added:
            print(f"  + {k[0]}\t{k[1]}")
        for k in removed:
            print(f"  - {k[0]}\t{k[1]}")
        print(f"feedparser: {n_pass} passed, {n_fail} failed")
        return 0

    modelled_keys = {(r["file"], r["path"]) for r in results}
    unexpected = sorted(set(failing) - set(known))
    now_passing = sorted(k for k in known if k in modelled_keys and k not in failing)
    not_a_case = sorted(k for k in known if k not in modelled_keys)
    status = 0
    if unexpected:
        status = 1
        print(f"\n{len(unexpected)} failing case(s) not in {args.expected_failures}:")
        for k in unexpected:
            print(f"  NEW FAIL {k[0]}\t{k[1]}\t{failing[k]}")
    if now_passing or not_a_case:
        status = 1
        if now_passing:
            print(f"\n{len(now_passing)} case(s) listed in {args.expected_failures} now pass:")
            for k in now_passing:
                print(f"  NOW PASSES {k[0]}\t{k[1]}")
        if not_a_case:
            print(f"\n{len(not_a_case)} listed case(s) are not modelled cases of expect_simple.json:")
            for k in not_a_case:
                print(f"  STALE {k[0]}\t{k[1]}")
        print("The expected-failures list should be updated: run this command again with "
              "--update-expected-failures, then review the diff.")
    if unexpected:
        print("If these failures are accepted, record them with --update-expected-failures "
              "and replace each TODO with a reason.")
    print(f"expected failures: {len(known)} listed, {len(set(failing) & set(known))} still failing")
    print(f"feedparser: {n_pass} passed, {n_fail} failed")
    return status


if __name__ == "__main__":
    sys.exit(main())
