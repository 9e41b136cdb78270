# SPDX-License-Identifier: MIT
# gbp-lib.sh - the stand-in for Google's Business Profile endpoints
# (tests/servers/gbp_server.py, HTTPS with a test certificate), started for
# a test (sourced after lib.sh): $base its address, $S its state folder
# (reviews.json, control.json, requests.log), $T/cert.pem what trusts it,
# $T/client.json a fictional OAuth client whose secret is $SECRET.
export REPWATCH_DATADIR="$SRCDIR/feeds"
py=/usr/bin/python3
[ -x "$py" ] || { echo "1..0 # SKIP /usr/bin/python3 is missing"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "1..0 # SKIP openssl is missing"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "1..0 # SKIP curl is missing"; exit 77; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
S="$T/gbp"
mkdir -p "$S"
echo '[]' > "$S/reviews.json"
echo '{}' > "$S/control.json"
"$py" "$SRCDIR/tests/servers/gbp_server.py" --cert "$T/cert.pem" --key "$T/key.pem" --state-dir "$S" \
	--port-file "$T/gbp.port" --pid-file "$T/gbp.pid" >"$T/gbp-server.log" 2>&1 &
on_exit "[ -s '$T/gbp.pid' ] && kill \$(cat '$T/gbp.pid'); kill $! 2>/dev/null"
i=0
while [ ! -s "$T/gbp.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
base="https://127.0.0.1:$(cat "$T/gbp.port")"

SECRET=GOCSPX-fictive-secret
cat > "$T/client.json" <<EOF
{"installed": {"client_id": "123-fictive.apps.googleusercontent.com", "project_id": "fictive",
 "auth_uri": "$base/o/oauth2/v2/auth", "token_uri": "$base/token", "client_secret": "$SECRET",
 "redirect_uris": ["http://localhost"]}}
EOF

# reviews ID|STARS|COMMENT|UPDATED[|REPLY]...: STATE/reviews.json
reviews() {
	"$py" - "$S/reviews.json" "$@" <<'EOF'
import json, sys
out = []
for r in sys.argv[2:]:
    f = r.split("|")
    rv = {"name": "accounts/111/locations/222/reviews/" + f[0], "reviewId": f[0],
          "reviewer": {"displayName": "Patient " + f[0].upper(), "isAnonymous": False},
          "starRating": ["ONE", "TWO", "THREE", "FOUR", "FIVE"][int(f[1]) - 1],
          "createTime": "2026-11-01T10:00:00Z", "updateTime": f[3]}
    if f[2]:
        rv["comment"] = f[2]
    if len(f) > 4:
        rv["reviewReply"] = {"comment": f[4], "updateTime": "2026-11-20T09:00:00Z"}
    out.append(rv)
json.dump(out, open(sys.argv[1], "w"))
EOF
}
