# SPDX-License-Identifier: MIT
"""Helpers shared by the conformance runners (Python 3.11 standard library only).

Nothing here knows about a particular corpus: running the program under test
with a time limit, reducing HTML to clean text, normalising dates and numbers,
and a small thread pool.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as _dt
import email.utils
import html
import html.parser
import json
import os
import re
import signal
import subprocess
import sys
import unicodedata

NO_CORPORA = 1  # the corpora ship with the repository: their absence is a failure, not a skip
CORPORA_HINT = ("the copy in tests/data/corpora belongs to the repository: restore it "
                "(git checkout -- tests/data/corpora) or run tools/refresh-corpora")
PER_RUN_TIMEOUT = 20.0  # seconds, per invocation of the program under test


# --------------------------------------------------------------------------
# running the program under test
# --------------------------------------------------------------------------

@dataclasses.dataclass
class RunResult:
    argv: list
    returncode: int | None = None
    stdout: bytes = b""
    stderr: bytes = b""
    timed_out: bool = False
    error: str | None = None  # could not start it at all

    def problem(self) -> str | None:
        """A one-line reason when the run itself went wrong, else None."""
        if self.error:
            return self.error
        if self.timed_out:
            return f"timed out after {PER_RUN_TIMEOUT:g} s"
        if self.returncode is not None and self.returncode < 0:
            try:
                name = signal.Signals(-self.returncode).name
            except ValueError:
                name = str(-self.returncode)
            return f"crashed (killed by signal {name}){self.stderr_tail()}"
        return None

    def stderr_tail(self) -> str:
        text = self.stderr.decode("utf-8", "replace").strip()
        if not text:
            return ""
        text = " ".join(text.split())
        if len(text) > 240:
            text = text[:100] + " ... " + text[-130:]
        return ": " + text


def run(argv: list, timeout: float = PER_RUN_TIMEOUT) -> RunResult:
    """Run argv with no stdin, capture output, kill its process group on timeout."""
    res = RunResult(argv=list(argv))
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # own process group, so a timeout kills children too
        )
    except OSError as exc:
        res.error = f"could not run {argv[0]}: {exc.strerror or exc}"
        return res
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        res.timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        out, err = proc.communicate()
    res.returncode = proc.returncode
    res.stdout, res.stderr = out or b"", err or b""
    return res


def parse_json_output(res: RunResult):
    """(object, None) from a `repwatch parse --format=json` run, or (None, reason)."""
    problem = res.problem()
    if problem:
        return None, problem
    if res.returncode != 0:
        return None, f"exit status {res.returncode}{res.stderr_tail()}"
    try:
        text = res.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"stdout is not valid UTF-8 ({exc.reason} at byte {exc.start})"
    try:
        obj = json.loads(text)
    except ValueError as exc:
        snippet = " ".join(text.split())[:80]
        return None, f"stdout is not JSON ({exc}): {snippet!r}"
    if not isinstance(obj, dict):
        return None, f"stdout JSON is a {type(obj).__name__}, not an object"
    return obj, None


def parallel_map(func, items, jobs: int):
    """func over items with a thread pool; results in input order."""
    items = list(items)
    if jobs <= 1 or len(items) <= 1:
        return [func(i) for i in items]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(func, items))


def absolute_program(path: str) -> str:
    """A relative path with a slash (meson passes ./repwatch) made absolute."""
    return os.path.abspath(path) if os.sep in path else path


def check_executable(path: str) -> str | None:
    if not os.path.exists(path):
        return f"--repwatch {path}: no such file"
    if not os.access(path, os.X_OK):
        return f"--repwatch {path}: not executable"
    return None


def corpora_missing(corpora: str, *subdirs: str) -> bool:
    """True (and an error printed) when the corpora folder or all the named sub-folders are absent."""
    if not corpora or not os.path.isdir(corpora):
        print(f"ERROR: corpora folder {corpora!r} is absent; {CORPORA_HINT}")
        return True
    if subdirs and not any(os.path.isdir(os.path.join(corpora, s)) for s in subdirs):
        print(f"ERROR: none of {', '.join(subdirs)} is in {corpora}; {CORPORA_HINT}")
        return True
    return False


# --------------------------------------------------------------------------
# clean text
# --------------------------------------------------------------------------

_WS = re.compile(r"\s+")

# elements whose boundaries separate words when the page is read as text
_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table "
    "tbody td tfoot th thead tr ul".split()
)
_HIDDEN = frozenset({"script", "style", "template"})


class _TextExtractor(html.parser.HTMLParser):
    def __init__(self, block_space: bool):
        super().__init__(convert_charrefs=True)
        self.block_space = block_space
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK and self.block_space:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK and self.block_space:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK and self.block_space:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def normalize_ws(text) -> str:
    """Collapse whitespace, trim, NFC; None becomes the empty string."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = text.replace("\u00a0", " ")
    return unicodedata.normalize("NFC", _WS.sub(" ", text).strip())


def html_to_text(fragment, block_space: bool = True) -> str:
    """Tags removed, entities decoded, whitespace collapsed and trimmed."""
    if fragment is None:
        return ""
    if not isinstance(fragment, str):
        fragment = str(fragment)
    parser = _TextExtractor(block_space)
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:  # HTMLParser is lenient, but be safe
        return normalize_ws(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    return normalize_ws("".join(parser.parts))


def text_variants(fragment) -> set:
    """The clean-text readings of an HTML fragment (block elements as spaces or not)."""
    return {html_to_text(fragment, True), html_to_text(fragment, False)}


# --------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def iso_utc(dt: _dt.datetime) -> str:
    dt = dt.astimezone(_dt.timezone.utc) if dt.tzinfo else dt
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)


def iso_from_tuple(t) -> str:
    """(Y, M, D, h, m, s, ...) in UTC to YYYY-MM-DDTHH:MM:SSZ."""
    y, mo, d, h, mi, s = (int(x) for x in t[:6])
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, mo, d, h, mi, s)


def iso_from_unix(ts: int) -> str:
    return iso_utc(_dt.datetime.fromtimestamp(int(ts), _dt.timezone.utc))


_W3C = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d\d:?\d\d)?)?$"
)


def reference_date_to_iso(raw: str) -> str | None:
    """Our own reading of the simple dates found in feedparser expectations
    (RFC 822 with a numeric or named zone, W3CDTF). None when not understood."""
    if raw is None:
        return None
    raw = raw.strip()
    m = _W3C.match(raw)
    if m:
        y, mo, d, h, mi, s, tz = m.groups()
        dt = _dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        offset = 0
        if tz and tz != "Z":
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
        return iso_utc(dt - _dt.timedelta(minutes=offset))
    parsed = email.utils.parsedate_tz(raw)
    if parsed:
        ts = email.utils.mktime_tz(parsed)
        return iso_from_unix(ts)
    return None


# --------------------------------------------------------------------------
# numbers
# --------------------------------------------------------------------------

def same_number(a, b) -> bool:
    """3.5 == "3.5" == "3.50"; 89 == "89 "; otherwise string equality after trimming."""
    if a is None or b is None:
        return False
    try:
        return abs(float(str(a).strip()) - float(str(b).strip())) < 1e-9
    except ValueError:
        return normalize_ws(a) == normalize_ws(b)


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------

def short(value, limit: int = 90) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:.1f}%" if d else "n/a"


def stdout_line_buffered():
    try:
        sys.stdout.reconfigure(line_buffering=True, errors="backslashreplace")
    except (AttributeError, ValueError):
        pass
