#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""build-vocabulary.py - make the 50-medical-*.tsv reply-check vocabularies.

English: words of OpenMedSpel (Debian package hunspell-en-med,
/usr/share/hunspell/en_med_glut.dic, GPL-3+) that end in a suffix that names a
condition (-itis, -osis, -oma, -emia, -pathy...), a symptom (-algia, -rrhea,
-uria...), a procedure (-ectomy, -otomy, -plasty, -scopy...) or a drug stem
(-cillin, -mycin, -azole, -olol, -pril, -statin, -mab...), kept when the word
is also in a general English dictionary (wamerican-large), has a French
cognate in the French word list, or is a drug: about two thousand terms.
French: words of the French word list (Debian package wfrench,
/usr/share/dict/french, GPL-2+) whose regular English cognate (-ite/-itis,
-ose/-osis, -ectomie/-ectomy, -cilline/-cillin...) is an OpenMedSpel word.
The lists are used as filters; no definition or other text is copied.

Run:  apt-get install hunspell-en-med wamerican-large wfrench
      ./build-vocabulary.py            (writes the two files next to it)
Or point at unpacked packages: --en-med DIC --english LIST --french LIST.
"""
import argparse
import collections
import os
import unicodedata

# (English suffix, folded French suffix, detail)
RULES = [
    ('itis', 'ite', 'condition'), ('osis', 'ose', 'condition'), ('oma', 'ome', 'condition'),
    ('emia', 'emie', 'condition'), ('aemia', 'emie', 'condition'), ('pathy', 'pathie', 'condition'),
    ('plasia', 'plasie', 'condition'), ('trophy', 'trophie', 'condition'), ('penia', 'penie', 'condition'),
    ('iasis', 'iase', 'condition'), ('cele', 'cele', 'condition'),
    ('algia', 'algie', 'symptom'), ('rrhea', 'rrhee', 'symptom'), ('rrhoea', 'rrhee', 'symptom'),
    ('rrhage', 'rragie', 'symptom'), ('uria', 'urie', 'symptom'),
    ('ectomy', 'ectomie', 'procedure'), ('otomy', 'otomie', 'procedure'), ('ostomy', 'ostomie', 'procedure'),
    ('plasty', 'plastie', 'procedure'), ('scopy', 'scopie', 'procedure'), ('pexy', 'pexie', 'procedure'),
    ('cillin', 'cilline', 'drug'), ('mycin', 'mycine', 'drug'), ('cycline', 'cycline', 'drug'),
    ('floxacin', 'floxacine', 'drug'), ('azole', 'azole', 'drug'), ('olol', 'olol', 'drug'),
    ('pril', 'pril', 'drug'), ('sartan', 'sartan', 'drug'), ('statin', 'statine', 'drug'),
    ('mab', 'mab', 'drug'), ('tinib', 'tinib', 'drug'), ('dipine', 'dipine', 'drug'),
    ('caine', 'caine', 'drug'), ('profen', 'profene', 'drug'), ('azepam', 'azepam', 'drug'),
    ('oxetine', 'oxetine', 'drug'), ('triptan', 'triptan', 'drug'), ('gliptin', 'gliptine', 'drug'),
    ('parin', 'parine', 'drug'), ('dronate', 'dronate', 'drug'), ('setron', 'setron', 'drug'),
    ('formin', 'formine', 'drug'), ('vir', 'vir', 'drug'), ('tidine', 'tidine', 'drug'),
    ('sone', 'sone', 'drug'), ('olone', 'olone', 'drug'), ('zolam', 'zolam', 'drug'),
    ('triptyline', 'triptyline', 'drug'),
]

# Words the suffixes catch that say nothing about anyone's health, reviewed by
# hand (English and French).  "sympathie" and "empathie" above all: a kind
# reply uses them.
STOP = set("""
sympathy empathy telepathy antipathy apathy dichotomy diploma academia nostalgia metamorphosis
symbiosis osmosis apotheosis kurtosis hypnosis mitosis meiosis anamorphosis exosmosis endosmosis
parabiosis logorrhea logorrhoea spectroscopy microscopy macroscopy stereoscopy photomicroscopy
autotomy anatomy phototropism theosophy philosophy idiopathy
sympathie empathie telepathie antipathie apathie dichotomie diplome academie nostalgie metamorphose
symbiose osmose apotheose hypnose mitose meiose anamorphose exosmose endosmose parabiose logorrhee
spectroscopie microscopie stereoscopie autotomie cavite capite
""".split())

ORIGIN = '# Made by build-vocabulary.py from Debian packages; licence GPL-3+ (see SOURCES.md).\n'


def fold(s):
    s = s.lower().replace('œ', 'oe').replace('æ', 'ae')
    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')


def rule_for(word, col):
    for r in RULES:
        suf = r[col]
        if word.endswith(suf) and len(word) > len(suf) + 2:
            return r
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--en-med', default='/usr/share/hunspell/en_med_glut.dic')
    ap.add_argument('--english', default='/usr/share/dict/american-english-large')
    ap.add_argument('--french', default='/usr/share/dict/french')
    ap.add_argument('--out', default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()

    med = set()
    with open(a.en_med, encoding='utf-8', errors='replace') as f:
        next(f)                                  # the word count
        for line in f:
            w = line.split('/')[0].strip()
            # lowercase entries only: capitalised ones mix brand names with
            # eponyms (people's names), which would flag a reviewer's surname
            if w.isalpha() and w.islower() and w.isascii():
                med.add(w)
    with open(a.english, encoding='utf-8', errors='replace') as f:
        english = {w.strip().lower() for w in f}
    with open(a.french, encoding='utf-8') as f:
        french = [w.strip() for w in f if w.strip()]

    fr, cognate = {}, set()
    for w in french:
        fw = fold(w)
        if not fw.isalpha() or w != w.lower() or fw in STOP:
            continue
        r = rule_for(fw, 1)
        if r and fw[:-len(r[1])] + r[0] in med and fw[:-len(r[1])] + r[0] not in STOP:
            fr[w] = r[2]
            cognate.add(fw[:-len(r[1])] + r[0])

    en = {}
    for w in sorted(med):
        r = rule_for(w, 0)
        if not r or w in STOP:
            continue
        if w in english or w in cognate or r[2] == 'drug':
            en[w] = r[2]

    for lang, terms in (('en', en), ('fr', fr)):
        path = os.path.join(a.out, '50-medical-openmedspel-%s.tsv' % lang)
        with open(path, 'w', encoding='utf-8') as f:
            f.write('# Medical terms (%s) for repwatch reply-check: LANG<TAB>medical/DETAIL<TAB>term.\n' % lang)
            f.write(ORIGIN)
            for w in sorted(terms):
                f.write('%s\tmedical/%s\t%s\n' % (lang, terms[w], w))
        print(path, len(terms), dict(collections.Counter(terms.values())))


if __name__ == '__main__':
    main()
