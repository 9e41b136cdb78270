#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""schema.org Review / AggregateRating extraction of `repwatch parse` on HTML pages.

Pages: CORPORA/extruct-samples/tests/**/X.html whose answer X.json (extruct's
microdata: {type, properties}) or X.jsonld (JSON-LD) holds a Review or an
AggregateRating, and CORPORA/schemaorg-examples/ (the microdata page, answered
by the .jsonld file; the same JSON-LD is also wrapped in a generated page).
Each is run as `repwatch parse FILE --content-type 'text/html; charset=utf-8'
--format=json` and every ratingValue, bestRating, reviewCount / ratingCount and
reviewBody of the answer must appear in "reviews" / "aggregate_rating".
Exit 1 on a miss, or when the corpora are absent.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True

import argparse
import glob
import json
import os
import tempfile

import conformance_common as cc

CONTENT_TYPE = "text/html; charset=utf-8"


# --------------------------------------------------------------------------
# reading the answers
# --------------------------------------------------------------------------

def type_names(node) -> list:
    t = node.get("@type", node.get("type"))
    if t is None:
        return []
    if not isinstance(t, list):
        t = [t]
    return [str(x).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] for x in t]


def props(node) -> dict:
    p = node.get("properties")
    return p if isinstance(p, dict) else node


def scalars(value) -> list:
    """A property value as a list of scalars (extruct's w3c answers wrap values in lists)."""
    if value is None:
        return []
    if isinstance(value, list):
        out = []
        for v in value:
            out += scalars(v)
        return out
    if isinstance(value, dict):
        if "@value" in value:
            return scalars(value["@value"])
        if "value" in value and "properties" not in value:
            return scalars(value["value"])
        return []
    return [value]


def nodes(value) -> list:
    if isinstance(value, list):
        out = []
        for v in value:
            out += nodes(v)
        return out
    return [value] if isinstance(value, dict) else []


def collect_checks(answer, source: str, body_required: bool = True) -> list:
    """[{kind, field, value, where, required}] for every rating fact in an answer."""
    checks, seen = [], set()

    def add(kind, field, value, where, required=True):
        checks.append({"kind": kind, "field": field, "value": value, "where": where,
                       "required": required, "source": source})

    def aggregate(node, where):
        p = props(node)
        for v in scalars(p.get("ratingValue")):
            add("aggregate", "value", v, where)
        for v in scalars(p.get("bestRating")):
            add("aggregate", "best", v, where)
        counts = scalars(p.get("reviewCount")) or scalars(p.get("ratingCount"))
        alt = scalars(p.get("ratingCount")) if scalars(p.get("reviewCount")) else []
        for v in counts:
            add("aggregate", "count", v if not alt else (v, *alt), where)

    def review(node, where):
        p = props(node)
        for v in scalars(p.get("reviewBody")):
            add("review", "body", v, where, body_required)
        rr = p.get("reviewRating")
        for r in nodes(rr):
            rp = props(r)
            for v in scalars(rp.get("ratingValue")):
                add("review", "rating", v, where)
            for v in scalars(rp.get("bestRating")):
                add("review", "best", v, where)
        if not isinstance(rr, dict):
            for v in scalars(rr):  # "reviewRating": "4"
                add("review", "rating", v, where)

    def walk(value, where, hint=None):
        for node in nodes(value):
            if id(node) in seen:
                continue
            seen.add(id(node))
            names = type_names(node) or ([hint] if hint else [])
            if "AggregateRating" in names:
                aggregate(node, where)
            if any(n in ("Review", "UserReview", "CriticReview", "EmployerReview") for n in names):
                review(node, where)
            for key, sub in props(node).items():
                if key.startswith("@") and key != "@graph":
                    continue
                sub_hint = {"aggregateRating": "AggregateRating", "review": "Review",
                            "reviews": "Review"}.get(key)
                walk(sub, f"{where}.{key}", sub_hint)

    walk(answer, "$")
    return checks


# --------------------------------------------------------------------------
# checking repwatch's output
# --------------------------------------------------------------------------

def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_one(out, check) -> tuple:
    """(ok, detail)"""
    if check["kind"] == "aggregate":
        aggs = [a for a in as_list(out.get("aggregate_rating")) if isinstance(a, dict)]
        wanted = check["value"] if isinstance(check["value"], tuple) else (check["value"],)
        got = [a.get(check["field"]) for a in aggs]
        if any(cc.same_number(g, w) for g in got for w in wanted):
            return True, ""
        return False, f"aggregate_rating.{check['field']}: want {wanted[0]!r}, got {got if got else 'no aggregate_rating'}"
    reviews = [r for r in as_list(out.get("reviews")) if isinstance(r, dict)]
    got = [r.get(check["field"]) for r in reviews]
    if check["field"] == "body":
        want = cc.html_to_text(check["value"])
        if any(cc.normalize_ws(g) == want or cc.html_to_text(g) == want for g in got if g is not None):
            return True, ""
        shown = [cc.short(g, 60) for g in got]
        return False, f"reviews[].body: want {cc.short(want, 70)}, got {shown or 'no reviews'}"
    if any(cc.same_number(g, check["value"]) for g in got):
        return True, ""
    return False, f"reviews[].{check['field']}: want {check['value']!r}, got {got or 'no reviews'}"


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def load_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def gather_pages(corpora: str, tmpdir: str):
    """[(label, html path, checks)] and notes."""
    pages, notes = [], []
    extruct = os.path.join(corpora, "extruct-samples", "tests")
    for html_path in sorted(glob.glob(os.path.join(extruct, "**", "*.html"), recursive=True)):
        stem = html_path[: -len(".html")]
        checks = []
        for ext in (".json", ".jsonld"):
            answer = stem + ext
            if not os.path.exists(answer):
                continue
            try:
                checks += collect_checks(load_json(answer), os.path.basename(answer))
            except ValueError as exc:
                notes.append(f"{os.path.relpath(answer, corpora)}: answer is not JSON ({exc}), ignored")
        if checks:
            pages.append((os.path.relpath(html_path, corpora), html_path, checks))

    sdir = os.path.join(corpora, "schemaorg-examples")
    for answer_path in sorted(glob.glob(os.path.join(sdir, "*.jsonld"))):
        stem = answer_path[: -len(".jsonld")]
        try:
            answer = load_json(answer_path)
        except ValueError as exc:
            notes.append(f"{os.path.relpath(answer_path, corpora)}: answer is not JSON ({exc}), ignored")
            continue
        # NOTES.txt: the encodings disagree on price; compare rating fields
        # (review bodies are checked but only reported)
        checks = collect_checks(answer, os.path.basename(answer_path), body_required=False)
        if not checks:
            continue
        for html_path in sorted(glob.glob(stem + "*.html")):
            pages.append((os.path.relpath(html_path, corpora), html_path, checks))
        # the same JSON-LD embedded in a page, to exercise the JSON-LD path too
        wrapped = os.path.join(tmpdir, os.path.basename(stem) + ".jsonld-wrapped.html")
        with open(answer_path, encoding="utf-8") as fh:
            block = fh.read().replace("</", "<\\/")
        with open(wrapped, "w", encoding="utf-8") as fh:
            fh.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>JSON-LD example</title>\n"
                     f"<script type=\"application/ld+json\">\n{block}\n</script>\n</head><body></body></html>\n")
        pages.append((os.path.relpath(answer_path, corpora) + " (wrapped in a generated page)", wrapped, checks))
    return pages, notes


def main(argv=None) -> int:
    cc.stdout_line_buffered()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repwatch", required=True)
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)

    if cc.corpora_missing(args.corpora, "extruct-samples", "schemaorg-examples"):
        return cc.NO_CORPORA
    args.repwatch = cc.absolute_program(args.repwatch)
    problem = cc.check_executable(args.repwatch)
    if problem:
        print(f"ERROR: {problem}", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="repwatch-schemaorg-") as tmpdir:
        pages, notes = gather_pages(args.corpora, tmpdir)
        if not pages:
            print(f"ERROR: no page with a Review / AggregateRating answer; {cc.CORPORA_HINT}")
            return cc.NO_CORPORA

        def work(page):
            label, path, checks = page
            res = cc.run([args.repwatch, "parse", path, "--content-type", CONTENT_TYPE, "--format=json"])
            return page, cc.parse_json_output(res)

        results = cc.parallel_map(work, pages, max(1, args.jobs))

    for note in notes:
        print(f"note: {note}")
    n_req = n_req_pass = n_bonus = n_bonus_pass = 0
    pages_ok = 0
    for (label, _path, checks), (out, problem) in results:
        lines, page_ok = [], True
        for check in checks:
            ok, detail = (False, problem) if out is None else check_one(out, check)
            if check["required"]:
                n_req += 1
                n_req_pass += ok
                page_ok &= ok
            else:
                n_bonus += 1
                n_bonus_pass += ok
            if not ok:
                tag = "FAIL" if check["required"] else "miss"
                lines.append(f"    {tag} {check['kind']}.{check['field']} ({check['source']} {check['where']}): {detail}")
        pages_ok += page_ok
        n_page_req = sum(c["required"] for c in checks)
        n_page_pass = n_page_req - sum(1 for ln in lines if ln.lstrip().startswith("FAIL"))
        print(f"{'ok  ' if page_ok else 'FAIL'} {label}: {n_page_pass}/{n_page_req} checks")
        if out is None:
            print(f"    FAIL no usable output: {problem}")
        else:
            for ln in lines:
                print(ln)
    print(f"pages: {pages_ok}/{len(results)} fully right; checks: {n_req_pass}/{n_req} required"
          + (f", {n_bonus_pass}/{n_bonus} reported-only (review bodies of schemaorg-examples)" if n_bonus else ""))
    print(f"schemaorg: {n_req_pass} passed, {n_req - n_req_pass} failed")
    return 0 if n_req_pass == n_req else 1


if __name__ == "__main__":
    sys.exit(main())
