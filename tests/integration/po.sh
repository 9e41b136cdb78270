#!/bin/sh
# SPDX-License-Identifier: MIT
# po.sh - the translations are complete and switch with the locale.
# Fails when a user-facing string of the source has no French translation
# (or only a fuzzy one), when a source file with _() strings is missing
# from po/POTFILES, or when LANG=fr_FR.UTF-8 does not switch repwatch to
# French.  To fix: tools/update-po, translate what it lists, run it again.
. "$SRCDIR/tests/integration/lib.sh"

for tool in xgettext msgmerge msgattrib msgfmt; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool missing (gettext)"; exit 0; }
done

cd "$SRCDIR"
# every front-end file with translatable strings is listed in POTFILES
for f in $(grep -l -E '\b(N?_|C_|g_dngettext)\("' src/cli/*.c src/tray/*.c src/notify/*.c 2>/dev/null); do
	grep -qx "$f" po/POTFILES
	ok $? "$f is in po/POTFILES"
done

# the same keywords as po/meson.build and tools/update-po
xgettext --package-name=repwatch --msgid-bugs-address=nobody@invalid --from-code=UTF-8 \
	--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=rw_err_set:3 --keyword=fail:5 --keyword=db_fail:3 \
	--files-from=po/POTFILES --directory="$SRCDIR" -o "$T/fresh.pot" 2>"$T/xgettext.log"
ok $? "xgettext extracts the strings of po/POTFILES"
total=$(grep -c '^msgid "..*"$\|^msgid ""$' "$T/fresh.pot")
[ "$total" -gt 100 ]
ok $? "the template has the strings of the CLI and the tray ($total msgids)"

for lang in $(cat po/LINGUAS); do
	msgmerge --quiet --no-fuzzy-matching -o "$T/$lang.po" "po/$lang.po" "$T/fresh.pot" 2>"$T/merge.log"
	ok $? "$lang.po merges with a freshly extracted template"
	# tools/update-po --left: what is left (untranslated or fuzzy), with
	# msgids of several lines (the --help texts) and plural forms too
	left=$("$SRCDIR/tools/update-po" --left "$T/$lang.po")
	is "$(printf '%s\n' "$left" | grep '^  untranslated')" "" \
		"$lang: no string of the source is left untranslated (run tools/update-po)"
	is "$(printf '%s\n' "$left" | grep '^  fuzzy')" "" "$lang: no fuzzy translation"
	msgfmt --check --output-file=/dev/null "po/$lang.po" 2>"$T/msgfmt.log"
	rc=$?
	ok $rc "$lang: msgfmt --check (format strings agree)"
	[ $rc -eq 0 ] || sed 's/^/#   /' "$T/msgfmt.log"
done

# the check can fail: strings nobody translated are found, a --help text
# of several lines and a plural too, and a fuzzy guess
cat >"$T/probe.c" <<'EOF'
#include <libintl.h>
const char *probe(void) { return gettext("A string nobody translated"); }
const char *probe_usage(void) { return gettext("usage: nobody translated\n\nthis help either\n"); }
const char *probe_plural(unsigned long n) { return ngettext("%lu probe", "%lu probes", n); }
const char *probe_fuzzy(void) { return gettext("cannot read '%s': %s!"); }
EOF
xgettext --keyword=_ --from-code=UTF-8 -o "$T/probe.pot" "$T/probe.c" 2>/dev/null
msgcat --use-first "$T/fresh.pot" "$T/probe.pot" -o "$T/probe-all.pot" 2>/dev/null
msgmerge --quiet -o "$T/probe-fr.po" po/fr.po "$T/probe-all.pot" 2>/dev/null
left=$("$SRCDIR/tools/update-po" --left "$T/probe-fr.po")
is "$?" 1 "tools/update-po --left fails when something is left"
contains "$left" "untranslated  $T/probe.c:2: A string nobody translated" "an untranslated string is detected"
contains "$left" "untranslated  $T/probe.c:3: usage: nobody translated" "...and a --help text of several lines"
contains "$left" "untranslated  $T/probe.c:4: %lu probe" "...and a plural"
contains "$left" "fuzzy         $T/probe.c:5: cannot read '%s': %s!" "...and a fuzzy guess"

# LANG switches the language (the built catalogue, not an installed one)
locale -a 2>/dev/null | grep -qix 'fr_FR.utf-\{0,1\}8'
ok $? "the fr_FR.UTF-8 locale exists (tools/install-deps --tests generates it)"
export REPWATCH_LOCALEDIR="$BUILDDIR/po"
out=$(LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" --help 2>&1)
contains "$out" "Commandes :" "LANG=fr_FR.UTF-8: repwatch --help is in French"
contains "$out" "Codes de sortie :" "LANG=fr_FR.UTF-8: the exit codes too"
out=$(LC_ALL= LANGUAGE= LANG=C.UTF-8 "$REPWATCH" --help 2>&1)
contains "$out" "Commands:" "LANG=C.UTF-8: repwatch --help is in English"
out=$(LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" frobnicate 2>&1)
contains "$out" "« frobnicate » n'est pas une commande de repwatch" "errors are in French too"

# the words the store keeps in English (new, changed, gone, review, news),
# in French in 'repwatch scan' and 'repwatch list', and the columns still
# line up when a word has accents ("modifiée" is 8 columns but 9 bytes)
fr() { LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$REPWATCH" "$@"; }
mkdir -p "$T/feeds"
cp "$SRCDIR"/feeds/demo/round1/* "$T/feeds/"
{
	printf '[practitioner]\nname = Dr Jeanne Dupont\nspecialty = dermatology\ncity = Lyon\n'
	printf '[source Avis patients]\nurl = file://%s/feeds/avis-patients.atom\ncategory = review\n' "$T"
	printf '[source Lyon Santé]\nurl = file://%s/feeds/lyon-sante.rss\ncategory = news\n' "$T"
} >"$CONF"
out=$(fr scan --summary 2>&1)
printf '%s\n' "$out" | grep -q '^  nouvelle #[0-9] *presse         Le Dr Jeanne Dupont rejoint'
ok $? "scan: a new mention of the press, in French"
contains "$out" "mentions nouvelles : 4" "scan: the summary in French"
cp "$SRCDIR"/feeds/demo/round2/* "$T/feeds/"
out=$(fr scan --summary 2>&1)
printf '%s\n' "$out" | grep -q '^  modifiée #[0-9] *avis           3/5 Attente interminable'
ok $? "scan: a changed review, in French"
printf '%s\n' "$out" | grep -q '^  disparue #[0-9] *avis           4/5 Consultation rapide'
ok $? "scan: a gone one"
out=$(fr list)
printf '%s\n' "$out" | grep -q '^#[0-9] *modifiée avis           3/5 Attente interminable'
ok $? "list: change and category in French"
starts=$(printf '%s\n' "$out" | grep '^#' | sed 's/ \(avis\|presse\) .*//' |
	while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m; done | sort -u)
is "$starts" 15 "list: the category starts in the same column on every line"
lacks "$(LC_ALL= LANGUAGE= LANG=C.UTF-8 "$REPWATCH" list)" "modifiée" "list: in English under LANG=C.UTF-8"

done_testing
