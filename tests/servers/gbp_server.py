#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A stand-in for Google's OAuth 2.0 and Business Profile endpoints, for the
tests only (tests/integration/gbp.sh).  It speaks what Google documents and
nothing more was checked against the real service (README.md, "Google
Business Profile").  HTTPS with the test's certificate, on 127.0.0.1.

  GET  /o/oauth2/v2/auth   the consent screen: answers 302 to redirect_uri
                           with code and state (the test plays the browser)
  POST /token              authorization_code (PKCE S256 verifier checked,
                           client id and secret, redirect_uri) and
                           refresh_token grants
  POST /revoke             token=...
  GET  /v1/accounts        mybusinessaccountmanagement
  GET  /v1/accounts/A/locations?readMask=...   mybusinessbusinessinformation
  GET  /v1/locations/L?readMask=metadata      its mapsUri (locations.get)
  GET  /v4/accounts/A/locations/L/reviews      mybusiness v4, paged

STATE_DIR/reviews.json holds the reviews listed (the test rewrites it
between scans); STATE_DIR/control.json, read on each request, may say
{"expire": N} (a new N: every access token given so far is refused: 401),
{"status": 403|429|500, "retry_after": "120"} (every API call answers that).
Each request is logged to STATE_DIR/requests.log as "METHOD PATH GRANT".
"""
import argparse
import base64
import hashlib
import json
import os
import secrets
import ssl
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_ID = "123-fictive.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-fictive-secret"
SCOPE = "https://www.googleapis.com/auth/business.manage"

codes = {}          # code -> (challenge, redirect_uri)
refresh_tokens = set()
access_tokens = set()
expired = [0]       # the last "expire" round applied


def state_file(name):
    return os.path.join(ARGS.state_dir, name)


def control():
    try:
        with open(state_file("control.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log(self, grant=""):
        with open(state_file("requests.log"), "a") as f:
            f.write("%s %s %s\n" % (self.command, urllib.parse.urlsplit(self.path).path, grant))

    def send_json(self, status, obj, headers=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def google_error(self, status, message, reason=None, headers=None):
        err = {"code": status, "message": message,
               "status": {401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED"}.get(status, "INTERNAL")}
        if reason:
            err["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                               "domain": "googleapis.com"}]
        self.send_json(status, {"error": err}, headers)

    # ---- OAuth

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        if u.path == "/o/oauth2/v2/auth":
            self.log()
            ok = (q.get("client_id") == CLIENT_ID and q.get("response_type") == "code" and
                  q.get("scope") == SCOPE and q.get("code_challenge_method") == "S256" and
                  len(q.get("code_challenge", "")) == 43 and q.get("state") and
                  q.get("redirect_uri", "").startswith("http://127.0.0.1:"))
            if not ok:
                self.send_json(400, {"error": "invalid_request", "query": q})
                return
            code = "code-" + secrets.token_urlsafe(16)
            codes[code] = (q["code_challenge"], q["redirect_uri"])
            loc = q["redirect_uri"] + "?" + urllib.parse.urlencode({"state": q["state"], "code": code, "scope": SCOPE})
            self.send_response(302)
            self.send_header("Location", loc)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.api(u, q)

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
        if u.path == "/token":
            self.log(form.get("grant_type", ""))
            self.token(form)
        elif u.path == "/revoke":
            self.log()
            t = form.get("token")
            if t in refresh_tokens:
                refresh_tokens.discard(t)
                self.send_json(200, {})
            else:
                self.send_json(400, {"error": "invalid_token", "error_description": "Token expired or revoked"})
        else:
            self.send_json(404, {"error": "not_found"})

    def token(self, form):
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            self.send_json(401, {"error": "invalid_client", "error_description": "The OAuth client was not found."})
            return
        grant = form.get("grant_type")
        if grant == "authorization_code":
            c = codes.pop(form.get("code", ""), None)
            if not c or c[1] != form.get("redirect_uri"):
                self.send_json(400, {"error": "invalid_grant", "error_description": "Malformed auth code."})
                return
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if digest != c[0]:
                self.send_json(400, {"error": "invalid_grant", "error_description": "Invalid code verifier."})
                return
            rt = "1//rt-" + secrets.token_urlsafe(24)
            refresh_tokens.add(rt)
            at = "ya29.at-" + secrets.token_urlsafe(24)
            access_tokens.add(at)
            self.send_json(200, {"access_token": at, "expires_in": 3599, "refresh_token": rt,
                                 "scope": SCOPE, "token_type": "Bearer"})
        elif grant == "refresh_token":
            if form.get("refresh_token") not in refresh_tokens:
                self.send_json(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
                return
            at = "ya29.at-" + secrets.token_urlsafe(24)
            access_tokens.add(at)
            self.send_json(200, {"access_token": at, "expires_in": 3599, "scope": SCOPE, "token_type": "Bearer"})
        else:
            self.send_json(400, {"error": "unsupported_grant_type"})

    # ---- the APIs

    def api(self, u, q):
        self.log()
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        ctl = control()
        if int(ctl.get("expire", 0)) > expired[0]:
            # a new round: every access token given so far is refused from now on
            expired[0] = int(ctl["expire"])
            access_tokens.clear()
        if token not in access_tokens:
            self.google_error(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                              "login cookie or other valid authentication credential.")
            return
        st = ctl.get("status")
        if st == 403:
            self.google_error(403, "My Business Account Management API has not been used in project 123 before or "
                              "it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/"
                              "mybusinessaccountmanagement.googleapis.com/overview?project=123 then retry.",
                              "SERVICE_DISABLED")
            return
        if st == 429:
            self.google_error(429, "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute'.",
                              "RATE_LIMIT_EXCEEDED", {"Retry-After": ctl.get("retry_after", "120")})
            return
        if st:
            self.google_error(int(st), "Internal error encountered.")
            return
        parts = u.path.strip("/").split("/")
        if u.path == "/v1/accounts":
            self.send_json(200, {"accounts": [{"name": "accounts/111", "accountName": "Cabinet Fictif",
                                               "type": "PERSONAL", "role": "PRIMARY_OWNER"}]})
        elif len(parts) == 4 and parts[:2] == ["v1", "accounts"] and parts[3] == "locations":
            if "readMask" not in q:
                self.google_error(400, "Request contains an invalid argument: read_mask is required.")
                return
            self.send_json(200, {"locations": [
                {"name": "locations/222", "title": "Dr Camille Fictive - Médecin généraliste",
                 "storefrontAddress": {"addressLines": ["12 rue des Tilleuls"], "postalCode": "69003",
                                       "locality": "Lyon", "regionCode": "FR"}},
                {"name": "locations/333", "title": "Centre de Santé Imaginaire"}]})
        elif u.path == "/v1/locations/222":
            # locations.get: the listing's metadata (mapsUri, newReviewUri)
            if q.get("readMask") != "metadata":
                self.google_error(400, "Request contains an invalid argument: read_mask is required.")
                return
            self.send_json(200, {"name": "locations/222", "metadata": {
                "placeId": "ChIJFictive222", "mapsUri": "https://maps.google.com/maps?cid=2222222222222222222",
                "newReviewUri": "https://search.google.com/local/writereview?placeid=ChIJFictive222"}})
        elif len(parts) == 6 and parts[:2] == ["v4", "accounts"] and parts[3] == "locations" and parts[5] == "reviews":
            if parts[2] != "111" or parts[4] != "222":
                self.google_error(404, "Requested entity was not found.")
                return
            with open(state_file("reviews.json")) as f:
                reviews = json.load(f)
            size = min(int(q.get("pageSize", "50")), ARGS.page_size)
            start = int(q.get("pageToken", "0") or 0)
            page = reviews[start:start + size]
            out = {"reviews": page, "totalReviewCount": len(reviews)}
            if reviews:
                stars = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
                out["averageRating"] = sum(stars.get(r.get("starRating"), 0) for r in reviews) / len(reviews)
            if start + size < len(reviews):
                out["nextPageToken"] = str(start + size)
            self.send_json(200, out)
        else:
            self.google_error(404, "Requested entity was not found.")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--state-dir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--pid-file", required=True)
    p.add_argument("--page-size", type=int, default=2)
    ARGS = p.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(ARGS.cert, ARGS.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(ARGS.pid_file, "w") as f:
        f.write(str(os.getpid()))
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(ARGS.port_file + ".tmp", ARGS.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
