#!/bin/sh
# SPDX-License-Identifier: MIT
# escapes.sh - text from the network never drives the terminal: control
# characters, CR/LF and bidi overrides in an item's title, link, author and
# text are shown as escapes by list, show and scan's summary (issue 17).
. "$SRCDIR/tests/integration/lib.sh"

esc=$(printf '\033')
cr=$(printf '\r')
/usr/bin/python3 - "$T/feed.xml" <<'PY'
import sys
feed = ("<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>Avis</title>"
        "<link>http://example.org/</link><item><title>Dr Jeanne Dupont rouge</title>"
        "<link>http://example.org/avis/1&#13;&#10;repwatch: error: fake line</link>"
        "<author>x\u202eevil</author>"
        "<description>Dr Jeanne Dupont, tr\u00e8s bien.</description></item></channel></rss>\n")
open(sys.argv[1], 'w', encoding='utf-8').write(feed)
PY
printf '[practitioner]\nname = Dr Jeanne Dupont\n[source Avis]\nurl = file://%s/feed.xml\n' "$T" > "$CONF"

out=$("$REPWATCH" scan --summary 2>&1)
ok $? "scan of a feed whose link carries CR/LF"
lacks "$out" "$cr" "scan's summary prints no carriage return"
contains "$out" 'avis/1\r\nrepwatch: error: fake line' "scan's summary shows CR/LF as escapes"

out=$("$REPWATCH" list 2>&1)
lacks "$out" "$cr" "list prints no carriage return"
lacks "$out" "$esc" "list prints no escape character"
is "$(printf '%s\n' "$out" | grep -c '^repwatch: error: fake line')" 0 "list: the link cannot fake a line of its own"
contains "$out" 'avis/1\r\nrepwatch: error: fake line' "list shows the link's CR/LF as escapes"

out=$("$REPWATCH" show 1 2>&1)
lacks "$out" "$cr" "show prints no carriage return"
contains "$out" 'x\u202eevil' "show: a bidi override in the author is shown as an escape"
lacks "$out" "$(printf '\342\200\256')" "show prints no bidi override"

done_testing
