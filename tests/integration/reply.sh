#!/bin/sh
# SPDX-License-Identifier: MIT
# Answering without breaking medical secrecy, as a user meets it: reply-check
# on drafts (exit codes, plain and JSON output, the reviewer's name, the
# user's own rules), reply-draft on a review stored by a real scan against
# nginx on 127.0.0.1, and rebut on a stored misinformation mention.
. "$(dirname "$0")/lib.sh"

# ---- reply-check ----
out=$("$REPWATCH" reply-check --help); rc=$?
is "$rc" 0 "reply-check --help exits 0"
contains "$out" "1  something was flagged" "--help documents the command's own exit codes"

out=$(printf 'Merci pour votre retour, nous prenons tous les avis en compte.' | "$REPWATCH" reply-check); rc=$?
is "$rc" 0 "a generic thank-you passes: exit 0"
is "$out" "nothing flagged (checked as fr)" "and says so"
printf 'Thank you for your feedback. Please call the practice so that we can talk privately.\n' > "$T/clean-en.txt"
"$REPWATCH" reply-check "$T/clean-en.txt" >/dev/null; is "$?" 0 "an invitation to call the practice passes (file argument)"

printf 'Bonjour Camille, lors de votre consultation du 12 mars, votre mère était là.\n' > "$T/bad.txt"
out=$("$REPWATCH" reply-check --reviewer 'Camille R.' "$T/bad.txt"); rc=$?
is "$rc" 1 "a draft that breaches secrecy: exit 1"
is "$(printf '%s\n' "$out" | head -1)" \
	"Bonjour [[Camille]]1, [[lors de votre consultation]]2 du [[12 mars]]3, [[votre mère]]4 était là." \
	"the draft comes back with the flagged parts marked"
contains "$out" "2. care relationship (17-43) \"lors de votre consultation\": Confirme que l'auteur" \
	"one line per flag: kind, byte span, text, French reason"
contains "$out" "1. reviewer's name (8-15) \"Camille\"" "the reviewer's name is flagged"

json=$("$REPWATCH" reply-check --format json --lang en - < "$T/bad.txt"); rc=$?
is "$rc" 0 "--lang en on a French draft: nothing flagged, exit 0"
is "$(printf '%s' "$json" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["lang"], d["clean"], [f["kind"] for f in d["flags"]])')" "en True []" \
	"the French rules do not apply to a check in English"
json=$("$REPWATCH" reply-check --format=json < "$T/bad.txt"); rc=$?
is "$rc" 1 "JSON format keeps the exit code"
is "$(printf '%s' "$json" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
text = open(sys.argv[1], "rb").read()
print(d["lang"], [f["kind"] for f in d["flags"]],
      all(text[f["start"]:f["end"]].decode() == f["text"] for f in d["flags"]),
      d["flags"][0]["rule"].endswith("30-care.tsv:4"))' "$T/bad.txt")" \
	"fr ['care', 'date', 'relative'] True True" "JSON: kinds, byte spans that slice the draft, the rule's file:line"

"$REPWATCH" reply-check --format xml < "$T/bad.txt" 2>"$T/err"; is "$?" 2 "unknown format: exit 2"
"$REPWATCH" reply-check --lang de < "$T/bad.txt" 2>"$T/err"; is "$?" 2 "unknown language: exit 2"
"$REPWATCH" reply-check "$T/missing.txt" 2>"$T/err"; rc=$?
is "$rc" 2 "unreadable draft: exit 2"
contains "$(cat "$T/err")" "repwatch: cannot read '$T/missing.txt': No such file or directory" "and names it"

# the user's own rules: exempt the practice's name, add a term; an error points at file:line
mkdir -p "$XDG_CONFIG_HOME/repwatch/replycheck"
printf 'Le Centre Laser Bellecour vous répond : la dermaxil est disponible.\n' > "$T/practice.txt"
out=$("$REPWATCH" reply-check "$T/practice.txt"); is "$?" 1 "before the user's rules: 'Laser' is a treatment"
printf 'fr\tok\tcentre laser bellecour\nfr\tmedical/drug\tdermaxil\n' > "$XDG_CONFIG_HOME/repwatch/replycheck/mine.tsv"
out=$("$REPWATCH" reply-check --format json "$T/practice.txt"); rc=$?
is "$(printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
print([(f["text"], f["detail"]) for f in json.load(sys.stdin)["flags"]])')" "[('dermaxil', 'drug')]" \
	"the user's file exempts the practice's name and adds a drug"
printf 'fr\tadvert\tsoldes\n' > "$XDG_CONFIG_HOME/repwatch/replycheck/zz-broken.tsv"
"$REPWATCH" reply-check "$T/practice.txt" 2>"$T/err"; rc=$?
is "$rc" 2 "a broken user rule file: exit 2"
contains "$(cat "$T/err")" "zz-broken.tsv:1: unknown kind 'advert'" "with file:line"
rm "$XDG_CONFIG_HOME/repwatch/replycheck/zz-broken.tsv"
REPWATCH_DATADIR="$T/nowhere" "$REPWATCH" reply-check "$T/practice.txt" 2>"$T/err"; rc=$?
is "$rc" 2 "no shipped rules: exit 2"
contains "$(cat "$T/err")" "cannot open the reply rules folder '$T/nowhere/replycheck'" "and says where it looked"

# ---- a stored review and a stored myth, from a real scan ----
mkdir -p "$T/www"
cp "$SRCDIR/feeds/demo/round1/avis-patients.atom" "$T/www/"
cat > "$T/www/rumeurs.rss" <<'RSS'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Forum rumeurs (démo)</title><link>https://rumeurs.example/</link>
<item><title>Vaccin et autisme</title><link>https://rumeurs.example/t/1</link>
<description>Chez le Dr Jeanne Dupont on me dit le contraire, mais le vaccin ROR a provoqué l’autisme de mon fils, personne ne veut l’admettre.</description>
<pubDate>Mon, 12 Oct 2026 10:00:00 +0200</pubDate></item>
</channel></rss>
RSS
start_nginx "$T/www"
base="http://127.0.0.1:$HTTP_PORT"
cat > "$CONF" <<CONF
[practitioner]
name = Dr Jeanne Dupont
specialty = dermatology
city = Lyon

[source Avis patients]
url = $base/avis-patients.atom
allow_private = yes
category = review

[source Rumeurs]
url = $base/rumeurs.rss
allow_private = yes
category = social
CONF
# (until the myth catalogue classifies mentions, the rumour is stored as social)
"$REPWATCH" scan 2>"$T/err"; is "$?" 0 "scan stores the review and the rumour"
tsv=$("$REPWATCH" list --format=tsv)
review=$(printf '%s\n' "$tsv" | awk -F'\t' '$13 == "Attente interminable" {print $1}')
rumour=$(printf '%s\n' "$tsv" | awk -F'\t' '$13 == "Vaccin et autisme" {print $1}')
ok "$([ -n "$review" ] && [ -n "$rumour" ]; echo $?)" "both are stored (review #$review, rumour #$rumour)"

out=$("$REPWATCH" reply-draft "$review"); rc=$?
is "$rc" 0 "reply-draft: exit 0 when every draft passes reply-check"
contains "$out" "Mention #$review (review) 2/5 by Alex T.: Attente interminable" "names the review"
contains "$out" "1. Ne pas répondre" "French, like the review: first choice is not answering"
contains "$out" "Demander à la plateforme de retirer un avis illicite" "the removal request"
contains "$out" "Prévenir votre assureur (RCP)" "the insurer"
contains "$out" "Voies judiciaires" "the legal route"
is "$(printf '%s\n' "$out" | grep -c 'reply-check: nothing flagged')" 2 "both public drafts checked and clean"
contains "$out" "contacter directement le secrétariat" "the invitation to contact the practice"
out=$("$REPWATCH" reply-draft --lang en "#$review"); rc=$?
is "$rc" 0 "reply-draft --lang en"
contains "$out" "1. Do not answer" "English choices"
json=$("$REPWATCH" reply-draft --format=json "$review"); rc=$?
is "$rc" 0 "reply-draft --format=json"
is "$(printf '%s' "$json" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["id"], d["lang"], d["author"], [c["id"] for c in d["choices"]],
      [c["check"]["clean"] for c in d["choices"] if c["public"]],
      [c["check"] for c in d["choices"] if not c["public"]])')" \
	"$review fr Alex T. ['silence', 'generic', 'private', 'removal', 'insurer', 'legal'] [True, True] [None, None, None, None]" \
	"JSON: the review, the six choices, the public drafts checked clean"
"$REPWATCH" reply-draft 999 2>"$T/err"; rc=$?
is "$rc" 2 "reply-draft on an unknown id: exit 2"
contains "$(cat "$T/err")" "no mention #999 is stored" "and says so"
"$REPWATCH" reply-draft 2>/dev/null; is "$?" 2 "reply-draft without an id: exit 2"

# an edited choices.ini whose draft breaches secrecy is caught
cat > "$XDG_CONFIG_HOME/repwatch/replycheck/choices.ini" <<'INI'
[generic]
public = yes
title.fr = Ma réponse
draft.fr = Merci Alex, lors de votre consultation nous avons fait au mieux.
INI
out=$("$REPWATCH" reply-draft "$review"); rc=$?
is "$rc" 1 "reply-draft: exit 1 when an edited draft is flagged"
contains "$out" "2. Ma réponse [public reply]" "the user's section replaces the shipped one in place"
contains "$out" "1. reviewer's name" "the review's author is checked as the reviewer's name"
contains "$out" "2. care relationship" "and the care relationship"
rm "$XDG_CONFIG_HOME/repwatch/replycheck/choices.ini"

# ---- rebut ----
mkdir -p "$XDG_CONFIG_HOME/repwatch/myths"
cp "$SRCDIR/tests/data/replycheck/myths/vaccines.json" "$XDG_CONFIG_HOME/repwatch/myths/"
out=$("$REPWATCH" rebut "$rumour" 2>"$T/err"); rc=$?
is "$rc" 0 "rebut: exit 0"
contains "$out" "Mention #$rumour (misinformation): Vaccin et autisme" "names the mention, classified as misinformation by the scan"
is "$(cat "$T/err")" "" "no warning: the scan classified it as misinformation"
contains "$out" "Myth: vaccines-autism" "the myth the text carries"
contains "$out" "Note to adapt" "a note to adapt"
contains "$out" "https://vaccination-info-service.fr/" "with the catalogue's sources"
correction=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["myths"][0]["correction"]["fr"][:40])' \
	"$XDG_CONFIG_HOME/repwatch/myths/vaccines.json")
contains "$out" "$correction" "the French correction, like the mention"
out=$("$REPWATCH" rebut --myth vaccines-autism --lang en); rc=$?
is "$rc" 0 "rebut --myth without a mention"
correction=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["myths"][0]["correction"]["en"][:40])' \
	"$XDG_CONFIG_HOME/repwatch/myths/vaccines.json")
contains "$out" "$correction" "the English correction"
"$REPWATCH" rebut "$review" 2>"$T/err"; rc=$?
is "$rc" 2 "rebut on a review that carries no myth: exit 2"
contains "$(cat "$T/err")" "no myth of the catalogue matches mention #$review" "and says what to do"
"$REPWATCH" rebut --myth no-such-myth 2>"$T/err"; is "$?" 2 "an unknown myth id: exit 2"
done_testing
