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

The structured data itself ("structured" in the same output) is checked
against every answer that describes it: extruct's microdata items (type and
every property, nested items and itemref included) must be among
"microdata"; its JSON-LD values among "json-ld" (@graph and @id as
written); its RDFa typed nodes (@type and @id, with xmlns: prefixes and
typed <img src>) among "rdfa" nodes; its Open Graph og: properties on the
page's RDFa node.  Where extruct departs from the specifications, the
check is listed in SPEC_DIFFERS with the reason, and reported, not
required.
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
# structured data: answers of extruct's other extractors
# --------------------------------------------------------------------------

# (page, check path) -> why extruct's answer is not what the specification says
SPEC_DIFFERS = {
    ("schema.org/product-ref.html", "microdata[0].prop3"):
        "itemref names an element with itemscope: HTML's microdata algorithm reads no property under it",
    ("schema.org/product-ref.html", "microdata[0].image"):
        "itemref names an element with itemscope: its img-2.jpg is no property of the product",
    ("schema.org/SearchAction.001.html", "microdata[0].potentialAction"):
        "an <input>'s microdata value is its text (\"\"); extruct reads schema.org's query-input annotation",
}


def norm(value) -> str:
    return cc.normalize_ws(str(value)).strip()


def md_props_ok(ans, mine) -> bool:
    """Does repwatch's microdata item mine hold everything of extruct's item ans?"""
    if not isinstance(mine, dict):
        return False
    want_types = ans.get("type")
    if want_types:
        want_types = want_types if isinstance(want_types, list) else [want_types]
        got = mine.get("@type") or []
        if sorted(want_types) != sorted(got if isinstance(got, list) else [got]):
            return False
    for key, value in (ans.get("properties") or {}).items():
        if not md_value_ok(value, mine.get(key)):
            return False
    return True


def md_value_ok(want, got) -> bool:
    gots = got if isinstance(got, list) else ([] if got is None else [got])
    for w in (want if isinstance(want, list) else [want]):
        if isinstance(w, dict):
            if not any(md_props_ok(w, g) for g in gots):
                return False
        elif not any(not isinstance(g, dict) and same_value(g, w) for g in gots):
            return False
    return True


def same_value(got, want) -> bool:
    """Equal, or one URL as written (\"?comments=0\", \"foo\") and the same
    resolved against a base URL extruct's test was given."""
    g, w = norm(got), norm(want)
    if g == w:
        return True
    absolute = lambda v: v.startswith(("http://", "https://"))
    return bool(g) and absolute(w) != absolute(g) and (w.endswith(g) if absolute(w) else g.endswith(w))


def squeezed(value):
    """A JSON value with white space in strings squeezed: a raw newline in a
    string is not JSON, and repwatch reads it as a space."""
    if isinstance(value, str):
        return norm(value)
    if isinstance(value, list):
        return [squeezed(v) for v in value]
    if isinstance(value, dict):
        return {k: squeezed(v) for k, v in value.items()}
    return value


def rdfa_nodes(value) -> list:
    out = []
    for node in nodes(value):
        out.append(node)
        for k, v in node.items():
            out += rdfa_nodes(v)
    return out


def structured_checks(answer, ext: str, source: str) -> list:
    checks = []
    if not isinstance(answer, list):
        return checks

    def add(kind, where, want):
        checks.append({"kind": kind, "field": where, "value": want, "where": where, "required": True,
                       "source": source})

    if "microformat" in source:
        return checks   # microformats2 (h-entry...), not microdata
    if ext == ".jsonld":
        for i, value in enumerate(answer):
            add("jsonld", f"json-ld[{i}]", value)
        return checks
    for i, item in enumerate(answer):
        if not isinstance(item, dict):
            continue
        if "properties" in item and isinstance(item["properties"], dict):
            for key in item["properties"]:
                add("microdata", f"microdata[{i}].{key}",
                    {"type": item.get("type"), "properties": {key: item["properties"][key]}})
            if not item["properties"]:
                add("microdata", f"microdata[{i}]", {"type": item.get("type"), "properties": {}})
        elif "namespace" in item and isinstance(item.get("properties"), list):
            for pair in item["properties"]:
                if isinstance(pair, list) and len(pair) == 2 and str(pair[0]).startswith("og:"):
                    add("og", f"og {pair[0]}", pair)
        elif "@type" in item:
            add("rdfa", f"rdfa node {item.get('@id', i)}", item)
    return checks


def check_structured(out, check) -> tuple:
    st = out.get("structured")
    if not isinstance(st, dict):
        return False, "no \"structured\" in the output"
    kind, want = check["kind"], check["value"]
    if kind == "microdata":
        if any(md_props_ok(want, m) for m in st.get("microdata") or []):
            return True, ""
        return False, f"no microdata item with {cc.short(json.dumps(want, ensure_ascii=False), 120)}"
    if kind == "jsonld":
        if any(squeezed(g) == squeezed(want) for g in st.get("json-ld") or []):
            return True, ""
        return False, f"JSON-LD value not read as written: {cc.short(json.dumps(want, ensure_ascii=False), 100)}"
    if kind == "rdfa":
        types = want["@type"] if isinstance(want["@type"], list) else [want["@type"]]
        for node in rdfa_nodes(st.get("rdfa") or []):
            got = node.get("@type")
            got = got if isinstance(got, list) else [got]
            if same_value(node.get("@id") or "", want.get("@id") or "") and all(t in got for t in types):
                return True, ""
        return False, f"no RDFa node {want.get('@id')} typed {types}"
    curie, value = want
    local = curie.split(":", 1)[1]
    for node in st.get("rdfa") or []:
        if not isinstance(node, dict):
            continue
        for key, got in node.items():
            if "ogp.me/ns#" in key and key.endswith("#" + local):
                gots = got if isinstance(got, list) else [got]
                if any(norm(g) == norm(value) for g in gots):
                    return True, ""
    return False, f"Open Graph {curie} = {cc.short(value, 60)} not on the page's RDFa node"


# --------------------------------------------------------------------------
# checking repwatch's output
# --------------------------------------------------------------------------

def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_one(out, check) -> tuple:
    """(ok, detail)"""
    if check["kind"] in ("microdata", "jsonld", "rdfa", "og"):
        return check_structured(out, check)
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
                loaded = load_json(answer)
                checks += collect_checks(loaded, os.path.basename(answer))
                rel = os.path.relpath(html_path, os.path.join(extruct, "samples"))
                for c in structured_checks(loaded, ext, os.path.basename(answer)):
                    if (rel, c["where"]) in SPEC_DIFFERS:
                        c["required"] = False
                        c["why_not"] = SPEC_DIFFERS[(rel, c["where"])]
                    checks.append(c)
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
                why = f" [{check['why_not']}]" if check.get("why_not") else ""
                lines.append(f"    {tag} {check['kind']}.{check['field']} ({check['source']} {check['where']}): {detail}{why}")
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
          + (f", {n_bonus_pass}/{n_bonus} reported-only (review bodies of schemaorg-examples, "
             f"answers that depart from the specifications)" if n_bonus else ""))
    print(f"schemaorg: {n_req_pass} passed, {n_req - n_req_pass} failed")
    return 0 if n_req_pass == n_req else 1


if __name__ == "__main__":
    sys.exit(main())
