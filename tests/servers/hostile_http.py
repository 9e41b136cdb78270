#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""hostile_http.py - a deliberately misbehaving HTTP/1.1 server for repwatch tests.

Standard library only (Python >= 3.8; written for /usr/bin/python3 3.11).
Listens on 127.0.0.1 only and never opens any outgoing connection.

Usage:
    hostile_http.py --port 0 --port-file FILE --pid-file FILE \
                    [--lifetime SECONDS] [--feed-dir DIR] [--verbose]

See tests/servers/README.md for the list of paths (scenarios).

Every connection carries exactly one request; every response says
"Connection: close" (or has none of the headers at all, for the broken
scenarios) and the socket is closed afterwards.  Every loop ends when the
client goes away, when the server is asked to stop (SIGTERM/SIGINT), or at
the latest when --lifetime expires (a watchdog thread calls os._exit).
"""

import argparse
import email.utils
import hashlib
import http
import os
import select
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse
import zlib

LISTEN_HOST = "127.0.0.1"

MAX_REQUEST_HEAD = 64 * 1024      # bytes of request line + headers we accept
REQUEST_READ_TIMEOUT = 10.0       # seconds to receive a complete request head
SEND_TIMEOUT = 30.0               # a send blocked this long => give up on client
MAX_LOG_LINES = 100000            # bound on /_log memory

GZIP_BOMB_SIZE = 1 << 30          # 1 GiB of inflated zero bytes
GZIP_SEGMENT = 1 << 20            # built from 1024 identical 1 MiB segments

STOP = threading.Event()          # set on SIGTERM/SIGINT
SERVER_PORT = 0                   # filled in once bound

# ---------------------------------------------------------------------------
# Static content
# ---------------------------------------------------------------------------

OK_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Clinique Imaginaire - Avis patients (test feed)</title>
    <link>http://127.0.0.1/ok</link>
    <description>Fictional feed used by the repwatch test suite.</description>
    <language>fr-fr</language>
    <item>
      <title>Excellent suivi par Dr Jeanne Dupont</title>
      <link>http://127.0.0.1/ok/item/1</link>
      <guid isPermaLink="false">repwatch-test-item-1</guid>
      <pubDate>Mon, 06 Jan 2025 08:00:00 GMT</pubDate>
      <description>Une patiente fictive remercie le Dr Jeanne Dupont pour sa patience.</description>
    </item>
    <item>
      <title>Horaires du cabinet modifies</title>
      <link>http://127.0.0.1/ok/item/2</link>
      <guid isPermaLink="false">repwatch-test-item-2</guid>
      <pubDate>Sun, 05 Jan 2025 10:30:00 GMT</pubDate>
      <description>Information generale sans mention de praticien.</description>
    </item>
  </channel>
</rss>
"""
OK_RSS_ETAG = '"ok-%s"' % hashlib.sha256(OK_RSS).hexdigest()[:16]
OK_RSS_MTIME = 1736150400  # Mon, 06 Jan 2025 08:00:00 GMT
OK_RSS_LAST_MODIFIED = email.utils.formatdate(OK_RSS_MTIME, usegmt=True)


def make_rss(nbytes, title="Padded feed"):
    """A complete, well-formed RSS document padded with trailing whitespace
    (allowed after the root element) to exactly nbytes bytes."""
    head = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<rss version=\"2.0\"><channel><title>%s</title>"
            "<link>http://127.0.0.1/</link><description>test</description>\n" % title)
    tail = "</channel></rss>\n"
    items = []
    n = 0
    while True:
        item = ("<item><title>Item %d</title><guid>padded-%d</guid>"
                "<description>filler text</description></item>\n" % (n, n))
        if len(head) + len("".join(items)) + len(item) + len(tail) > nbytes:
            break
        items.append(item)
        n += 1
    doc = (head + "".join(items) + tail).encode("ascii")
    if len(doc) > nbytes:
        raise ValueError("nbytes too small for an RSS document")
    return doc + b" " * (nbytes - len(doc))


SHORTER_FEED = make_rss(2000, "Length shorter")   # served with Content-Length: 100
TRICKLE_BODY = make_rss(100000, "Trickle")         # 1 byte per second
SMALL_FEED = make_rss(600, "Small feed")

ENDLESS_HEAD = (b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                b"<rss version=\"2.0\"><channel><title>Endless</title>\n")
_endless_item = b"<item><title>again</title><description>and again</description></item>\n"
ENDLESS_CHUNK = (_endless_item * (65536 // len(_endless_item) + 1))[:65536]

# The same fictional review feed in ISO-8859-1, with no XML declaration:
# only the HTTP charset can tell a reader how to decode it.
def make_latin1(guid):
    return ("<rss version=\"2.0\"><channel><title>Sant\u00e9 Lyon (test feed)</title>"
            "<link>http://127.0.0.1/latin1</link><description>ISO-8859-1</description>"
            "<item><title>Tr\u00e8s bonne dermatologue : Dr Jeanne Dupont</title>"
            "<link>http://127.0.0.1/latin1/%s</link><guid isPermaLink=\"false\">%s</guid>"
            "<description>Acc\u00e8s facile, m\u00e9decin \u00e0 l'\u00e9coute.</description>"
            "</item></channel></rss>\n" % (guid, guid)).encode("iso-8859-1")


LATIN1_FEED = make_latin1("latin1-declared")
LATIN1_UNDECLARED = make_latin1("latin1-undeclared")


# A KOI8-R feed with no XML declaration: a reader that guesses (UTF-8, then
# windows-1252) gets Latin letters; only the HTTP charset gives Cyrillic.
def make_koi8r(guid):
    return ("<rss version=\"2.0\"><channel><title>\u0417\u0434\u043e\u0440\u043e\u0432\u044c\u0435 (test feed)</title>"
            "<link>http://127.0.0.1/koi8r</link><description>KOI8-R</description>"
            "<item><title>\u041e\u0442\u043b\u0438\u0447\u043d\u044b\u0439 \u0432\u0440\u0430\u0447: Dr Jeanne Dupont</title>"
            "<link>http://127.0.0.1/koi8r/%s</link><guid isPermaLink=\"false\">%s</guid>"
            "<description>\u0421\u043f\u0430\u0441\u0438\u0431\u043e.</description>"
            "</item></channel></rss>\n" % (guid, guid)).encode("koi8-r")


KOI8R_FEED = make_koi8r("koi8r-declared")
KOI8R_UNDECLARED = make_koi8r("koi8r-undeclared")

HTML_DENIED = b"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Access denied</title></head>
<body>
<h1>Access denied</h1>
<p>Please enable JavaScript and cookies to continue.</p>
<noscript>This site requires JavaScript.</noscript>
<script>window.location.reload();</script>
</body>
</html>
"""


def build_gzip_bomb(total=GZIP_BOMB_SIZE, segment=GZIP_SEGMENT):
    """Return a gzip member that inflates to `total` zero bytes.

    A fresh raw-deflate compressor encodes one segment of zeros followed by
    Z_FULL_FLUSH; the result is byte aligned and references nothing outside
    itself, so it can be repeated verbatim.  A final empty block, CRC32 and
    ISIZE complete the member.  ~1 MB for 1 GiB, built in ~0.2 s."""
    assert total % segment == 0
    zeros = bytes(segment)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    seg = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(total // segment):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x02\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, total & 0xFFFFFFFF)
    return header + seg * (total // segment) + final + trailer


GZIP_BOMB = b""  # built in main()

# ---------------------------------------------------------------------------
# Request log (/_log)
# ---------------------------------------------------------------------------

_log_lock = threading.Lock()
_log_lines = []


def _clean(value):
    if value is None:
        return "-"
    return "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in value) or "-"


def log_request(method, target, headers):
    line = "%s %s if-none-match=%s if-modified-since=%s user-agent=%s accept-encoding=%s" % (
        _clean(method), _clean(target),
        _clean(headers.get("if-none-match")),
        _clean(headers.get("if-modified-since")),
        _clean(headers.get("user-agent")),
        _clean(headers.get("accept-encoding")))
    with _log_lock:
        if len(_log_lines) < MAX_LOG_LINES:
            _log_lines.append(line)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

class ClientGone(Exception):
    pass


def reason_for(code):
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return "Unknown"


def http_date(ts=None):
    return email.utils.formatdate(time.time() if ts is None else ts, usegmt=True)


def etag_matches(header, etag):
    """RFC 7232 weak comparison of If-None-Match against our etag."""
    if header is None:
        return False
    header = header.strip()
    if header == "*":
        return True
    ours = etag[2:] if etag.startswith("W/") else etag
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == ours:
            return True
    return False


def not_modified(headers, etag, mtime):
    """True if a 304 should be sent (If-None-Match wins over If-Modified-Since)."""
    inm = headers.get("if-none-match")
    if inm is not None:
        return etag_matches(inm, etag)
    ims = headers.get("if-modified-since")
    if ims is not None:
        try:
            dt = email.utils.parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if dt is None:
            return False
        if dt.tzinfo is None:
            return False
        return int(mtime) <= int(dt.timestamp())
    return False


# ---------------------------------------------------------------------------
# Handler
# ---------------------------------------------------------------------------

class HostileHandler(socketserver.BaseRequestHandler):
    """One request per connection, bytes written by hand."""

    feed_dir = None
    verbose = False

    # -- low-level I/O ----------------------------------------------------

    def send(self, data):
        if not data:
            return
        try:
            self.request.sendall(data)
        except (OSError, socket.timeout) as e:
            raise ClientGone(str(e))

    def client_gone(self, wait):
        """Wait up to `wait` seconds; return True if the peer closed/reset.
        Any data the client sends meanwhile is discarded."""
        try:
            r, _, x = select.select([self.request], [], [self.request], wait)
        except (OSError, ValueError):
            return True
        if r or x:
            try:
                data = self.request.recv(65536)
            except socket.timeout:
                return False
            except OSError:
                return True
            return data == b""
        return False

    def read_head(self):
        buf = b""
        deadline = time.monotonic() + REQUEST_READ_TIMEOUT
        while b"\r\n\r\n" not in buf and b"\n\n" not in buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or STOP.is_set():
                return None, "timeout"
            self.request.settimeout(min(remaining, 1.0))
            try:
                chunk = self.request.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return None, "error"
            if not chunk:
                return None, "eof"
            buf += chunk
            if len(buf) > MAX_REQUEST_HEAD:
                return None, "too large"
        self.request.settimeout(SEND_TIMEOUT)
        return buf, None

    @staticmethod
    def parse_head(buf):
        text = buf.decode("iso-8859-1")
        sep = "\r\n\r\n" if "\r\n\r\n" in text else "\n\n"
        head = text.split(sep, 1)[0]
        lines = head.replace("\r\n", "\n").split("\n")
        parts = lines[0].split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return None
        method, target, _version = parts
        headers = {}
        for line in lines[1:]:
            if ":" not in line:
                continue
            name, value = line.split(":", 1)
            name = name.strip().lower()
            value = value.strip()
            if name in headers:
                headers[name] += ", " + value
            else:
                headers[name] = value
        return method, target, headers

    def start_response(self, code, headers=(), reason=None):
        """Send a status line and headers (always adds Date and Connection: close)."""
        lines = ["HTTP/1.1 %d %s" % (code, reason or reason_for(code)),
                 "Date: " + http_date(),
                 "Server: hostile_http/1.0",
                 "Connection: close"]
        for name, value in headers:
            lines.append("%s: %s" % (name, value))
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def simple(self, code, body=b"", ctype="text/plain; charset=utf-8", extra=()):
        headers = list(extra)
        no_body = code < 200 or code in (204, 304)
        if not no_body:
            headers = [("Content-Type", ctype), ("Content-Length", str(len(body)))] + headers
        self.start_response(code, headers)
        if not no_body and self.method != "HEAD":
            self.send(body)

    def html_status(self, code, message=None):
        phrase = reason_for(code)
        body = ("<!DOCTYPE html>\n<html><head><title>%d %s</title></head>"
                "<body><h1>%d %s</h1><p>%s</p></body></html>\n" % (
                    code, phrase, code, phrase, message or "hostile_http test server")
                ).encode("utf-8")
        self.simple(code, body, "text/html; charset=utf-8")

    def redirect(self, code, location):
        body = ("<html><body>Moved to <a href=\"%s\">%s</a></body></html>\n"
                % (location, location)).encode("utf-8")
        self.simple(code, body, "text/html; charset=utf-8", [("Location", location)])

    def local_url(self, path):
        return "http://%s:%d%s" % (LISTEN_HOST, SERVER_PORT, path)

    def reset_connection(self):
        try:
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.request.close()

    # -- dispatch -----------------------------------------------------------

    def handle(self):
        buf, err = self.read_head()
        if buf is None:
            if err == "too large":
                self.method = "GET"
                try:
                    self.html_status(431)
                except ClientGone:
                    pass
            return
        parsed = self.parse_head(buf)
        self.method = "GET"
        if parsed is None:
            try:
                self.html_status(400)
            except ClientGone:
                pass
            return
        method, target, headers = parsed
        self.method = method.upper()
        self.headers = headers
        path = target.split("?", 1)[0].split("#", 1)[0]
        # Absolute form ("GET http://name/path"), as clients send to a
        # proxy: route on the path; /_log keeps the raw target.
        if path.lower().startswith("http://"):
            path = "/" + path[len("http://"):].partition("/")[2]
        if not (path == "/_log" or path.startswith("/_log/")):
            log_request(method, target, headers)
        if self.verbose:
            sys.stderr.write("hostile_http: %s %s\n" % (method, target))
            sys.stderr.flush()
        try:
            self.route(path)
        except ClientGone:
            pass

    def route(self, path):
        simple_routes = {
            "/ok.rss": self.do_ok,
            "/silent": self.do_silent,
            "/trickle": self.do_trickle,
            "/endless-chunked": self.do_endless_chunked,
            "/length-longer": self.do_length_longer,
            "/length-shorter": self.do_length_shorter,
            "/gzip-bomb": self.do_gzip_bomb,
            "/redirect-loop": lambda: self.redirect(302, self.local_url("/redirect-loop2")),
            "/redirect-loop2": lambda: self.redirect(302, self.local_url("/redirect-loop")),
            "/redirect-file": lambda: self.redirect(302, "file:///etc/passwd"),
            "/redirect-ok": lambda: self.redirect(301, self.local_url("/ok.rss")),
            "/429": self.do_429,
            "/503": self.do_503,
            "/huge-header": self.do_huge_header,
            "/many-headers": self.do_many_headers,
            "/reset": self.do_reset,
            "/html-200": lambda: self.simple(200, HTML_DENIED, "text/html; charset=utf-8"),
            "/latin1.rss": lambda: self.simple(200, LATIN1_FEED,
                                               "application/rss+xml; charset=ISO-8859-1"),
            "/latin1-undeclared.rss": lambda: self.simple(200, LATIN1_UNDECLARED,
                                                          "application/rss+xml"),
            "/koi8r.rss": lambda: self.simple(200, KOI8R_FEED,
                                              "application/rss+xml; charset=KOI8-R"),
            "/koi8r-undeclared.rss": lambda: self.simple(200, KOI8R_UNDECLARED,
                                                         "application/rss+xml"),
            "/_log": self.do_log,
            "/_log/reset": self.do_log_reset,
        }
        fn = simple_routes.get(path)
        if fn is not None:
            fn()
        elif path.startswith("/status/"):
            self.do_status(path[len("/status/"):])
        elif path.startswith("/redirect-inside/"):
            self.do_redirect_inside(path[len("/redirect-inside/"):])
        elif path.startswith("/files/"):
            self.do_file(path[len("/files/"):])
        else:
            self.html_status(404, "No such scenario.")

    # -- scenarios ----------------------------------------------------------

    def do_ok(self):
        validators = [("ETag", OK_RSS_ETAG), ("Last-Modified", OK_RSS_LAST_MODIFIED)]
        if not_modified(self.headers, OK_RSS_ETAG, OK_RSS_MTIME):
            self.start_response(304, validators)
            return
        self.simple(200, OK_RSS, "application/rss+xml; charset=utf-8", validators)

    def do_silent(self):
        # Request has been read; say nothing until the client leaves.
        while not STOP.is_set():
            if self.client_gone(1.0):
                return

    def do_trickle(self):
        self.start_response(200, [("Content-Type", "application/rss+xml"),
                                  ("Content-Length", str(len(TRICKLE_BODY)))])
        if self.method == "HEAD":
            return
        for i in range(len(TRICKLE_BODY)):
            if STOP.is_set():
                return
            self.send(TRICKLE_BODY[i:i + 1])
            if self.client_gone(1.0):
                return

    def do_endless_chunked(self):
        self.start_response(200, [("Content-Type", "application/rss+xml"),
                                  ("Transfer-Encoding", "chunked")])
        if self.method == "HEAD":
            return
        self.send(b"%x\r\n%s\r\n" % (len(ENDLESS_HEAD), ENDLESS_HEAD))
        frame = b"%x\r\n%s\r\n" % (len(ENDLESS_CHUNK), ENDLESS_CHUNK)
        while not STOP.is_set():
            self.send(frame)   # raises ClientGone on EPIPE/ECONNRESET/timeout

    def do_length_longer(self):
        body = make_rss(5000, "Length longer")[:1000]
        self.start_response(200, [("Content-Type", "application/rss+xml"),
                                  ("Content-Length", "5000")])
        if self.method != "HEAD":
            self.send(body)

    def do_length_shorter(self):
        self.start_response(200, [("Content-Type", "application/rss+xml"),
                                  ("Content-Length", "100")])
        if self.method != "HEAD":
            self.send(SHORTER_FEED)

    def do_gzip_bomb(self):
        self.start_response(200, [("Content-Type", "application/rss+xml"),
                                  ("Content-Encoding", "gzip"),
                                  ("Content-Length", str(len(GZIP_BOMB)))])
        if self.method == "HEAD":
            return
        view = memoryview(GZIP_BOMB)
        for off in range(0, len(view), 65536):
            if STOP.is_set():
                return
            self.send(view[off:off + 65536])

    def do_429(self):
        self.simple(429, b"<html><body><h1>429 Too Many Requests</h1></body></html>\n",
                    "text/html; charset=utf-8", [("Retry-After", "120")])

    def do_503(self):
        self.simple(503, b"<html><body><h1>503 Service Unavailable</h1></body></html>\n",
                    "text/html; charset=utf-8",
                    [("Retry-After", http_date(time.time() + 120))])

    def ok_with_junk_headers(self, junk):
        """A 200 whose header block carries junk, then a small valid feed."""
        head = (b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
                b"Content-Type: application/rss+xml\r\n"
                b"Content-Length: " + str(len(SMALL_FEED)).encode() + b"\r\n")
        self.send(head + junk + b"\r\n")
        if self.method != "HEAD":
            self.send(SMALL_FEED)

    def do_huge_header(self):
        self.ok_with_junk_headers(b"X-Junk: " + b"a" * (1 << 20) + b"\r\n")

    def do_many_headers(self):
        # 4000 ordinary-sized lines: each passes libcurl's per-line limit,
        # together they are ~400 KiB, past any sane cap on all headers.
        self.ok_with_junk_headers(b"".join(b"X-Junk-%d: %s\r\n" % (i, b"b" * 80) for i in range(4000)))

    def do_reset(self):
        body = make_rss(50000, "Reset")
        self.start_response(200, [("Content-Type", "application/rss+xml"),
                                  ("Content-Length", "50000")])
        if self.method != "HEAD":
            self.send(body[:2000])
            time.sleep(0.2)  # let the client see the partial body first
        self.reset_connection()

    # Spellings of addresses inside the machine or its network; a feed that
    # redirects there must not make the client follow (SSRF).
    INSIDE = {
        "127.0.0.1": "127.0.0.1", "hex": "0x7f000001", "decimal": "2130706433",
        "octal": "0177.0.0.1", "ipv6-loopback": "[::1]", "localhost": "localhost",
        "unspecified": "0.0.0.0", "metadata": "169.254.169.254",
    }

    def do_redirect_inside(self, name):
        host = self.INSIDE.get(name)
        if host is None:
            self.html_status(404, "No such address spelling.")
            return
        # to this server's own port: were it followed, /_log would show it
        self.redirect(302, "http://%s:%d/ok.rss?via=%s" % (host, SERVER_PORT, name))

    def do_status(self, code_text):
        if not code_text.isdigit() or not 100 <= int(code_text) <= 599:
            self.html_status(400, "Use /status/NNN with 100 <= NNN <= 599.")
            return
        code = int(code_text)
        self.html_status(code, "Status %d requested." % code)

    def do_log(self):
        with _log_lock:
            text = "".join(line + "\n" for line in _log_lines)
        self.simple(200, text.encode("ascii", "replace"))

    def do_log_reset(self):
        with _log_lock:
            del _log_lines[:]
        self.simple(200, b"log cleared\n")

    def do_file(self, raw_name):
        if not self.feed_dir:
            self.html_status(404, "Server started without --feed-dir.")
            return
        name = urllib.parse.unquote(raw_name)
        if (not name or ".." in name or "/" in name or "\\" in name
                or "\x00" in name or name.startswith(".")):
            self.html_status(403, "Bad file name.")
            return
        base = os.path.realpath(self.feed_dir)
        full = os.path.realpath(os.path.join(base, name))
        if os.path.dirname(full) != base or not os.path.isfile(full):
            self.html_status(404, "No such file.")
            return
        try:
            with open(full, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read(64 * 1024 * 1024)
        except OSError:
            self.html_status(404, "Unreadable file.")
            return
        etag = '"%x-%x"' % (st.st_size, st.st_mtime_ns)
        validators = [("ETag", etag), ("Last-Modified", http_date(st.st_mtime))]
        if not_modified(self.headers, etag, st.st_mtime):
            self.start_response(304, validators)
            return
        self.simple(200, data, "application/xml", validators)


class HostileServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 64

    def shutdown_request(self, request):
        # Handlers may already have closed (e.g. /reset); never send a FIN
        # after an intentional RST.
        try:
            if request.fileno() != -1:
                request.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self.close_request(request)

    def handle_error(self, request, client_address):
        if HostileHandler.verbose:
            super().handle_error(request, client_address)


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def write_atomic(path, text):
    path = os.path.abspath(path)
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


_cleanup_paths = []


def cleanup_files():
    for p in _cleanup_paths:
        try:
            os.unlink(p)
        except OSError:
            pass


def main(argv=None):
    global GZIP_BOMB, SERVER_PORT
    ap = argparse.ArgumentParser(description="Misbehaving HTTP server for repwatch tests "
                                             "(listens on 127.0.0.1 only).")
    ap.add_argument("--port", type=int, default=0, help="TCP port, 0 = pick a free one")
    ap.add_argument("--port-file", help="write the bound port here (atomically) once listening")
    ap.add_argument("--pid-file", help="write our PID here")
    ap.add_argument("--lifetime", type=float, default=300.0,
                    help="exit unconditionally after this many seconds (default 300)")
    ap.add_argument("--feed-dir", help="serve DIR/NAME as /files/NAME")
    ap.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = ap.parse_args(argv)

    if args.lifetime <= 0:
        ap.error("--lifetime must be > 0")
    if args.feed_dir and not os.path.isdir(args.feed_dir):
        ap.error("--feed-dir %s is not a directory" % args.feed_dir)

    HostileHandler.feed_dir = args.feed_dir
    HostileHandler.verbose = args.verbose

    def watchdog():
        time.sleep(args.lifetime)
        sys.stderr.write("hostile_http: lifetime of %gs expired, exiting\n" % args.lifetime)
        sys.stderr.flush()
        cleanup_files()
        os._exit(0)

    threading.Thread(target=watchdog, name="watchdog", daemon=True).start()

    GZIP_BOMB = build_gzip_bomb()

    server = HostileServer((LISTEN_HOST, args.port), HostileHandler)
    SERVER_PORT = server.server_address[1]

    def on_signal(signum, frame):
        STOP.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if args.pid_file:
        write_atomic(args.pid_file, "%d\n" % os.getpid())
        _cleanup_paths.append(os.path.abspath(args.pid_file))
    if args.port_file:
        write_atomic(args.port_file, "%d\n" % SERVER_PORT)
        _cleanup_paths.append(os.path.abspath(args.port_file))
    if args.verbose:
        sys.stderr.write("hostile_http: listening on %s:%d\n" % (LISTEN_HOST, SERVER_PORT))
        sys.stderr.flush()

    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        STOP.set()
        server.server_close()
        cleanup_files()
    return 0


if __name__ == "__main__":
    sys.exit(main())
