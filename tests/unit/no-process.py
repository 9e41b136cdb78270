#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The core library starts no process (src/core/ has no UI and runs no
program: what must run one, such as `crontab -l`, lives in src/front/).

Reads the library's undefined symbols with nm and fails on any call that
starts a process, naming the object that makes it.  Prints TAP; skips (77)
when nm is missing."""
import re
import shutil
import subprocess
import sys

STARTS = re.compile(r"^(popen|fork|vfork|system|execl|execlp|execle|execv|execvp|execvpe|execve|fexecve|"
                    r"posix_spawn|posix_spawnp|g_spawn_\w+|clone|clone3)$")


def main():
    if len(sys.argv) != 2:
        print("usage: no-process.py LIBREPWATCH-CORE.a", file=sys.stderr)
        return 2
    if not shutil.which("nm"):
        print("1..0 # SKIP nm is not installed (binutils)")
        return 77
    out = subprocess.run(["nm", "-A", sys.argv[1]], capture_output=True, text=True)
    undefined = 0
    found = []
    for line in out.stdout.splitlines():
        where, _, rest = line.rpartition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined += 1
            if STARTS.match(parts[1]):
                found.append("%s calls %s" % (where.rsplit(":", 1)[-1], parts[1]))
    print("1..2")
    print("%s 1 - %d calls read from the core library" % ("ok" if out.returncode == 0 and undefined > 100 else "not ok",
                                                        undefined))
    print("%s 2 - no call that starts a process%s" % ("not ok" if found else "ok",
                                                     ": " + "; ".join(found) if found else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
