#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""myth-sources.py - the myth catalogue's source URLs, checked offline.

    myth-sources.py MYTHS-DIR RULES-FILE

Every source URL of MYTHS-DIR/*.json must be well-formed https (a host,
no user, no port, no space or control character), on a host of the
[hosts] list of RULES-FILE (tests/data/myths/reputable-hosts.txt) or under
one; each myth needs at least one source that is a specific page (a path
beyond "/"); and a source whose name announces one document ([document-
words]) must link to it, not to the site's landing page.  The [to-fix]
pairs (myth id, URL; "*" for the whole myth) are reported as TODO; any other breach fails.  The
URLs are not fetched (the catalogue was written without network access).
TAP output.
"""
import glob
import json
import os
import re
import sys
import urllib.parse


def read_rules(path):
    rules = {"hosts": [], "document-words": [], "to-fix": []}
    section = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.fullmatch(r"\[([a-z-]+)\]", line)
            if m:
                section = m.group(1)
                if section not in rules:
                    sys.exit("%s:%d: unknown section [%s]" % (path, n, section))
                continue
            if section is None:
                sys.exit("%s:%d: an entry before any [section]" % (path, n))
            rules[section].append(line.lower() if section != "to-fix" else tuple(line.split(None, 1)))
    return rules


def host_ok(host, hosts):
    return any(host == h or host.endswith("." + h) for h in hosts)


def url_problem(url, hosts):
    """Why url is not a well-formed https URL on a listed host, or None."""
    if re.search(r"[\s\x00-\x1f\x7f]", url):
        return "holds a space or a control character"
    try:
        u = urllib.parse.urlsplit(url)
        port = u.port
    except ValueError as e:
        return "does not parse (%s)" % e
    if u.scheme != "https":
        return "is not https"
    if not u.hostname or u.username is not None or port is not None:
        return "needs a host, and no user or port"
    if u.hostname != u.hostname.lower() or u.hostname.endswith("."):
        return "spells its host oddly"
    if not host_ok(u.hostname, hosts):
        return "is on %s, not a host of the reputable list" % u.hostname
    return None


def bare(url):
    return urllib.parse.urlsplit(url).path in ("", "/") and not urllib.parse.urlsplit(url).query


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: myth-sources.py MYTHS-DIR RULES-FILE")
    rules = read_rules(sys.argv[2])
    to_fix = set(rules["to-fix"])
    results = []   # (ok, description, todo)
    seen_fix = set()
    files = sorted(glob.glob(os.path.join(sys.argv[1], "*.json")))
    nurls = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            myths = json.load(f)["myths"]
        for m in myths:
            problems = []
            specific = False
            for s in m.get("sources", []):
                url, name = s.get("url", ""), s.get("name", "")
                nurls += 1
                why = url_problem(url, rules["hosts"])
                if why:
                    problems.append((url, "'%s' %s" % (url, why)))
                    continue
                if not bare(url):
                    specific = True
                elif any(re.search(r"\b%s\b" % re.escape(w), name.lower()) for w in rules["document-words"]):
                    problems.append((url, "'%s' is a landing page, but the source's name announces one document "
                                          "(\"%s\")" % (url, name)))
            if not specific and not problems:
                problems.append(("*", "no source is a specific page (only landing pages)"))
            for url, why in problems:
                todo = (m["id"], url) in to_fix
                if todo:
                    seen_fix.add((m["id"], url))
                results.append((False, "%s (%s): %s" % (m["id"], os.path.basename(path), why), todo))
    ok_count = 0
    n = 0
    for ok, desc, todo in results:
        n += 1
        print("not ok %d - %s%s" % (n, desc, " # TODO replace with the specific page" if todo else ""))
    for pair in sorted(to_fix - seen_fix):
        n += 1
        print("not ok %d - [to-fix] %s %s breaks no rule any more: take it off the list" % (n, pair[0], pair[1]))
    n += 1
    print("ok %d - %d source URLs in %d files checked offline" % (n, nurls, len(files)))
    ok_count += 1
    if nurls == 0:
        n += 1
        print("not ok %d - no source URL found under %s" % (n, sys.argv[1]))
    print("1..%d" % n)
    failed = sum(1 for ok, d, todo in results if not todo) + len(to_fix - seen_fix) + (nurls == 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
