#!/bin/sh
# po.sh - the translations are complete and switch with the locale.
# Fails when a user-facing string of the source has no French translation
# (or only a fuzzy one), when a source file with _() strings is missing
# from po/POTFILES, or when LANG=fr_FR.UTF-8 does not switch repwatch to
# French.  To fix: tools/update-po, translate what it lists, run it again.
. "$SRCDIR/tests/integration/lib.sh"

for tool in xgettext msgmerge msgattrib msgfmt; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool missing (gettext)"; exit 0   # the plan "1..0 # SKIP" tells meson it skipped; }
done

cd "$SRCDIR"
# every front-end file with translatable strings is listed in POTFILES
for f in $(grep -l -E '\b(N?_|C_|g_dngettext)\("' src/cli/*.c src/tray/*.c src/notify/*.c 2>/dev/null); do
	grep -qx "$f" po/POTFILES
	ok $? "$f is in po/POTFILES"
done

# the same keywords as po/meson.build and tools/update-po
xgettext --package-name=repwatch --msgid-bugs-address=nobody@invalid --from-code=UTF-8 \
	--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
	--files-from=po/POTFILES --directory="$SRCDIR" -o "$T/fresh.pot" 2>"$T/xgettext.log"
ok $? "xgettext extracts the strings of po/POTFILES"
total=$(grep -c '^msgid "..*"$\|^msgid ""$' "$T/fresh.pot")
[ "$total" -gt 100 ]
ok $? "the template has the strings of the CLI and the tray ($total msgids)"

for lang in $(cat po/LINGUAS); do
	msgmerge --quiet --no-fuzzy-matching -o "$T/$lang.po" "po/$lang.po" "$T/fresh.pot" 2>"$T/merge.log"
	ok $? "$lang.po merges with a freshly extracted template"
	missing=$(msgattrib --untranslated --no-wrap --no-location --no-obsolete "$T/$lang.po" | sed -n 's/^msgid "\(..*\)"$/\1/p')
	is "$missing" "" "$lang: no string of the source is left untranslated (run tools/update-po)"
	fuzzy=$(msgattrib --only-fuzzy --no-wrap --no-location --no-obsolete "po/$lang.po" | sed -n 's/^msgid "\(..*\)"$/\1/p')
	is "$fuzzy" "" "$lang: no fuzzy translation"
	msgfmt --check --output-file=/dev/null "po/$lang.po" 2>"$T/msgfmt.log"
	rc=$?
	ok $rc "$lang: msgfmt --check (format strings agree)"
	[ $rc -eq 0 ] || sed 's/^/#   /' "$T/msgfmt.log"
done

# the check can fail: a string nobody translated is found
printf '#include <libintl.h>\nconst char *probe(void) { return gettext("A string nobody translated"); }\n' >"$T/probe.c"
xgettext --keyword=_ --from-code=UTF-8 -o "$T/probe.pot" "$T/probe.c" 2>/dev/null
msgcat --use-first "$T/fresh.pot" "$T/probe.pot" -o "$T/probe-all.pot" 2>/dev/null
msgmerge --quiet -o "$T/probe-fr.po" po/fr.po "$T/probe-all.pot" 2>/dev/null
contains "$(msgattrib --untranslated --no-location "$T/probe-fr.po")" "A string nobody translated" \
	"an untranslated string is detected"

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

done_testing
