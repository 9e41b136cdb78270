#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The core's files call each other one way: no cycle among them.

Reads the core library's objects with nm: a file calls another when it
needs a symbol the other defines.  Prints TAP: one line for the library
read, one for the cycles found (none expected), naming each call of a
cycle so that it can be cut.  Skips (77) when nm is missing."""
import shutil
import subprocess
import sys


def main():
    if len(sys.argv) != 2:
        print("usage: layers.py LIBREPWATCH-CORE.a", file=sys.stderr)
        return 2
    if not shutil.which("nm"):
        print("1..0 # SKIP nm is not installed (binutils)")
        return 77
    out = subprocess.run(["nm", "-A", sys.argv[1]], capture_output=True, text=True)
    defs, uses = {}, {}
    for line in out.stdout.splitlines():
        where, _, rest = line.rpartition(":")
        member = where.rsplit(":", 1)[-1]
        parts = rest.split()
        if len(parts) == 3 and parts[1] in "TDRB":
            defs.setdefault(member, set()).add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            uses.setdefault(member, set()).add(parts[1])
    files = sorted(set(defs) | set(uses))
    print("1..2")
    print("%s 1 - %d objects read from the core library" % ("ok" if out.returncode == 0 and len(files) > 20 else "not ok", len(files)))
    calls = {a: {b for b in files if b != a and uses.get(a, set()) & defs.get(b, set())} for a in files}

    def reaches(start, goal):
        seen, todo = set(), [start]
        while todo:
            for n in calls[todo.pop()]:
                if n == goal:
                    return True
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return False

    cyclic = [f for f in files if reaches(f, f)]
    for a in cyclic:
        for b in sorted(calls[a]):
            if b in cyclic and reaches(b, a):
                print("# %s -> %s: %s" % (a, b, " ".join(sorted(uses[a] & defs[b])[:5])))
    print("%s 2 - no cycle among the core's files%s" % ("not ok" if cyclic else "ok",
                                                        ": " + " ".join(cyclic) if cyclic else ""))
    return 1 if cyclic else 0


sys.exit(main())
