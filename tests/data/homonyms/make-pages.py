#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write the homonym fixture set: review pages of same-name practitioners.

Every person here is fictional (invented surnames). The pages imitate what
doctor-review sites serve: schema.org microdata (multi-name itemprop values,
nested items), JSON-LD and RDFa; French and English; breadcrumbs, ads,
"similar doctors" boxes that list other names (sometimes the homonym's),
footer links. Deterministic: the same script writes the same files.

  /usr/bin/python3 make-pages.py      (from this folder)

Writes pages/*.html, configs/gNN.conf, pages.tsv, reviews.tsv.
The blind third is fixed by the rule in README.md (group number divisible
by 3), decided before any rule was tuned.
"""
import html
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

# specialty id -> (French display, English display)
SPEC = {
    "allergology": ("Allergologue", "Allergist"),
    "naturopathy": ("Naturopathe", "Naturopath"),
    "ent": ("ORL (oto-rhino-laryngologiste)", "ENT specialist (otolaryngologist)"),
    "physiatry": ("Médecin physique et de réadaptation", "Physiatrist"),
    "midwifery": ("Sage-femme", "Midwife"),
    "optometry": ("Optométriste", "Optometrist"),
    "nurse-practitioner": ("Infirmière praticienne spécialisée", "Nurse practitioner"),
    "physiotherapy": ("Kinésithérapeute", "Physiotherapist"),
    "dermatology": ("Dermatologue", "Dermatologist"),
    "cardiology": ("Cardiologue", "Cardiologist"),
    "general-practice": ("Médecin généraliste", "Family doctor"),
    "pediatrics": ("Pédiatre", "Pediatrician"),
    "psychology": ("Psychologue", "Psychologist"),
    "dentistry": ("Chirurgien-dentiste", "Dentist"),
    "ophthalmology": ("Ophtalmologue", "Ophthalmologist"),
    "gynecology": ("Gynécologue", "Gynecologist"),
    "osteopathy": ("Ostéopathe", "Osteopath"),
    "chiropractic": ("Chiropraticien", "Chiropractor"),
    "psychiatry": ("Psychiatre", "Psychiatrist"),
    "rheumatology": ("Rhumatologue", "Rheumatologist"),
}

# How users type their specialty in the config (any language they like).
CONF_SPEC = {
    "allergology": "allergist", "naturopathy": "naturopath", "ent": "ORL",
    "physiatry": "physiatrist", "midwifery": "sage-femme", "optometry": "optometrist",
    "nurse-practitioner": "nurse practitioner", "physiotherapy": "kiné",
    "dermatology": "dermatologue", "cardiology": "cardiologist",
    "general-practice": "médecin généraliste", "pediatrics": "pédiatre",
    "psychology": "psychologue", "dentistry": "dentist", "ophthalmology": "ophtalmologue",
    "gynecology": "gynécologue", "osteopathy": "ostéopathe", "chiropractic": "chiropractor",
    "psychiatry": "psychiatre", "rheumatology": "rhumatologue",
}

# Places: (city as the page writes it, postcode, region/country line, country code)
# A practitioner's "conf_city" is what she typed in her config.
GROUPS = [
    # (given, surname, differs, [practitioners: (spec, page city, postcode, region, cc, lang, conf city)])
    ("Paul", "Exemple", "both", [
        ("allergology", "Toronto", "M5V 2T6", "ON", "CA", "en", "Toronto"),
        ("naturopathy", "Oakville", "L6J 3K2", "ON", "CA", "en", None)]),
    ("Anne", "Fictif", "specialty", [
        ("psychology", "Montréal", "H2J 1X1", "QC", "CA", "fr", "Montréal"),
        ("dentistry", "Montréal", "H3B 4W8", "QC", "CA", "fr", None)]),
    ("Jeanne", "Quervallec", "city", [
        ("dermatology", "Lyon 3e", "69003", "Rhône", "FR", "fr", "Lyon"),
        ("dermatology", "Rennes", "35000", "Ille-et-Vilaine", "FR", "fr", None)]),
    ("Marc", "Brissonnade", "neither", [
        ("general-practice", "Bordeaux", "33000", "Gironde", "FR", "fr", "Bordeaux"),
        ("general-practice", "Bordeaux", "33800", "Gironde", "FR", "fr", None)]),
    ("Sophie", "Lanternier", "city", [
        ("ent", "Bruxelles", "1000", "Région de Bruxelles-Capitale", "BE", "fr", "Brussels"),
        ("ent", "Liège", "4000", "Province de Liège", "BE", "fr", None)]),
    ("Claire", "Ostervald", "specialty", [
        ("midwifery", "Genève", "1205", "GE", "CH", "fr", "Geneva"),
        ("gynecology", "Genève", "1206", "GE", "CH", "fr", None)]),
    ("Thomas", "Pellebrune", "both", [
        ("physiotherapy", "Saint-Étienne", "42000", "Loire", "FR", "fr", "St Etienne"),
        ("cardiology", "Grenoble", "38000", "Isère", "FR", "fr", None)]),
    ("Emily", "Thistlewaite", "city", [
        ("optometry", "Leeds", "LS1 4AP", "West Yorkshire", "GB", "en", "Leeds"),
        ("optometry", "Bristol", "BS1 5TR", "Bristol", "GB", "en", None)]),
    ("Rachel", "Vandermolk", "specialty", [
        ("nurse-practitioner", "Boston", "02115", "MA", "US", "en", "Boston"),
        ("pediatrics", "Boston", "02114", "MA", "US", "en", None)]),
    ("Luc", "Dambrevil", "both", [
        ("physiatry", "Québec", "G1R 2J6", "QC", "CA", "fr", "Québec"),
        ("chiropractic", "Laval", "H7N 5H9", "QC", "CA", "fr", None)]),
    ("Nathalie", "Corbeyrac", "city", [
        ("ophthalmology", "Paris 11e", "75011", "Paris", "FR", "fr", "Paris"),
        ("ophthalmology", "Marseille", "13008", "Bouches-du-Rhône", "FR", "fr", None)]),
    ("David", "Hollinsgrave", "neither", [
        ("general-practice", "Manchester", "M1 3BE", "Greater Manchester", "GB", "en", "Manchester"),
        ("general-practice", "Manchester", "M14 5RB", "Greater Manchester", "GB", "en", None)]),
    ("Isabelle", "Morvandel", "specialty", [
        ("osteopathy", "Lausanne", "1003", "VD", "CH", "fr", "Lausanne"),
        ("psychiatry", "Lausanne", "1004", "VD", "CH", "fr", None)]),
    ("Kevin", "Aldermoor", "city", [
        ("chiropractic", "Portland", "97205", "OR", "US", "en", "Portland, OR"),
        ("chiropractic", "Springfield", "62701", "IL", "US", "en", None)]),
    ("Hélène", "Barsacq", "both", [
        ("gynecology", "Nantes", "44000", "Loire-Atlantique", "FR", "fr", "Nantes"),
        ("rheumatology", "Lille", "59000", "Nord", "FR", "fr", None),
        ("midwifery", "Namur", "5000", "Province de Namur", "BE", "fr", None)]),
    ("Olivier", "Ferrandou", "specialty", [
        ("cardiology", "Marseille 8e", "13008", "Bouches-du-Rhône", "FR", "fr", "Marseille"),
        ("allergology", "Marseille", "13006", "Bouches-du-Rhône", "FR", "fr", None)]),
    ("Sarah", "Penhallow", "both", [
        ("midwifery", "London", "SE1 7EH", "Greater London", "GB", "en", "London"),
        ("dermatology", "St Albans", "AL1 3JB", "Hertfordshire", "GB", "en", None)]),
    ("Julien", "Tavernost", "city", [
        ("dentistry", "Villeurbanne", "69100", "Rhône", "FR", "fr", "Villeurbanne"),
        ("dentistry", "Toulouse", "31000", "Haute-Garonne", "FR", "fr", None)]),
    ("Martine", "Gelinotte", "neither", [
        ("psychology", "Sherbrooke", "J1H 4C4", "QC", "CA", "fr", "Sherbrooke"),
        ("psychology", "Sherbrooke", "J1J 2E6", "QC", "CA", "fr", None)]),
    ("Peter", "Quillfeather", "specialty", [
        ("ent", "Ottawa", "K1P 5G4", "ON", "CA", "en", "Ottawa"),
        ("naturopathy", "Ottawa", "K2P 1L4", "ON", "CA", "en", None)]),
    ("Camille", "Roussevaux", "city", [
        ("pediatrics", "Aix-en-Provence", "13100", "Bouches-du-Rhône", "FR", "fr", "Aix en Provence"),
        ("pediatrics", "Montpellier", "34000", "Hérault", "FR", "fr", None)]),
    ("François", "Lemarquis-Daube", "both", [
        ("general-practice", "Fribourg", "1700", "FR", "CH", "fr", "Fribourg"),
        ("ophthalmology", "Neuchâtel", "2000", "NE", "CH", "fr", None)]),
    ("Laura", "Brinkhurst", "city", [
        ("physiotherapy", "Mississauga", "L5B 3C2", "ON", "CA", "en", "Mississauga"),
        ("physiotherapy", "Gatineau", "J8X 3X7", "QC", "CA", "fr", None)]),
    ("Amélie", "Castagnol", "specialty", [
        ("rheumatology", "Charleroi", "6000", "Province de Hainaut", "BE", "fr", "Charleroi"),
        ("nurse-practitioner", "Charleroi", "6000", "Province de Hainaut", "BE", "fr", None)]),
    ("Michael", "Oakenshaw", "both", [
        ("psychiatry", "Edinburgh", "EH3 9HA", "Scotland", "GB", "en", "Edinburgh"),
        ("optometry", "Glasgow", "G2 4JR", "Scotland", "GB", "en", None)]),
    ("Pierre", "Vaudrémont", "city", [
        ("dermatology", "Luxembourg", "L-1660", "Luxembourg", "LU", "fr", "Luxembourg"),
        ("dermatology", "Metz", "57000", "Moselle", "FR", "fr", None)]),
    ("Jessica", "Wetherell", "specialty", [
        ("allergology", "Chicago", "60611", "IL", "US", "en", "Chicago"),
        ("ent", "Chicago", "60614", "IL", "US", "en", None)]),
    ("Guillaume", "Saint-Aubrac", "both", [
        ("osteopathy", "Paris 15e", "75015", "Paris", "FR", "fr", "Paris"),
        ("physiatry", "Boulogne-Billancourt", "92100", "Hauts-de-Seine", "FR", "fr", None)]),
    ("Valérie", "Ducorneau", "neither", [
        ("dermatology", "Genève", "1201", "GE", "CH", "fr", "Genève"),
        ("dermatology", "Genève", "1207", "GE", "CH", "fr", None)]),
    ("Nicolas", "Esquerdon", "city", [
        ("psychiatry", "Montréal", "H2X 3P2", "QC", "CA", "fr", "Montreal"),
        ("psychiatry", "Trois-Rivières", "G9A 5H7", "QC", "CA", "fr", None)]),
]

STREETS_FR = ["rue de la Paix", "avenue des Tilleuls", "boulevard Fictif", "rue du Moulin", "place de l'Église",
              "rue des Lilas", "chemin des Vignes", "avenue Imaginaire"]
STREETS_EN = ["King Street West", "High Street", "Maple Avenue", "Main Street", "Elm Road", "Church Lane",
              "Park Avenue", "Queen Street"]

OTHER_FIRST = ["Lucie", "Arnaud", "Chloé", "Bastien", "Margaux", "Hugo", "Elise", "Yann", "Grace", "Oliver",
               "Hannah", "Ethan", "Priya", "Noah", "Zoé", "Rémi"]
OTHER_LAST = ["Pommereuil", "Garnevaux", "Lisandrelle", "Tourmalin", "Bexleigh", "Crandwell", "Ashgrove",
              "Merriweather", "Fontvieille", "Quintalade", "Ravensholt", "Dumarest"]

CREDS_EN = ["", ", MD", ", MD, FRCPC", ", ND", ", MSc", ", PhD", ", M.A.", ", DO", ", RN, NP"]
CREDS_FR = ["", "", ", M.Sc.", ", Ph. D.", ", M.A."]

REV_FR_NAMED = [
    "Le Dr {surname} a pris le temps de tout m'expliquer. Je recommande vivement.",
    "{first} {surname} est très à l'écoute, cabinet bien tenu à {city}.",
    "Rendez-vous avec le docteur {surname} : ponctuel et rassurant.",
    "Déçue par Dr {first} {surname}, consultation expédiée en cinq minutes.",
    "Merci au Dr {surname}, {spec_lc} compétent(e) et humain(e).",
    "J'ai consulté {first} {surname} pour mon fils, très bonne expérience.",
]
REV_FR_PLAIN = [
    "Très professionnel, attente raisonnable.",
    "Secrétariat injoignable, mais la consultation était bien.",
    "Accueil froid, je ne reviendrai pas.",
    "Excellent suivi depuis deux ans, merci !",
    "Cabinet facile d'accès, parking à proximité.",
    "Explications claires, je me suis sentie écoutée.",
    "Trop cher pour ce que c'est.",
]
REV_EN_NAMED = [
    "Dr. {surname} took the time to explain everything. Highly recommend.",
    "{first} {surname} is a great {spec_lc}, very thorough.",
    "Saw Dr {first} {surname} in {city} last week, friendly staff.",
    "Would not go back to Dr. {surname}; rushed and dismissive.",
    "I have been seeing {first} {surname} for years and trust her/his judgement.",
    "Thanks to Dr {surname} my symptoms are finally under control.",
]
REV_EN_PLAIN = [
    "Very professional, reasonable wait.",
    "Front desk never answers the phone but the visit was fine.",
    "Cold welcome, will not return.",
    "Excellent follow-up for two years, thank you!",
    "Easy to get to, parking nearby.",
    "Clear explanations, I felt listened to.",
    "Too expensive for a ten-minute visit.",
]
REV_FR_REFERRAL = "Envoyée ensuite chez le Dr {other} à {ocity}, parfait aussi."
REV_EN_REFERRAL = "Referred me on to Dr {other} in {ocity}, who was also great."

DATES = ["2025-03-14", "2025-06-02", "2025-09-21", "2025-11-30", "2026-01-08", "2026-02-17",
         "2026-04-05", "2026-05-29", "2026-07-11", "2026-08-23", "2026-10-02"]

FORMATS = ["microdata", "jsonld", "rdfa"]


def esc(s):
    return html.escape(s, quote=True)


def person_page(rng, g, gi, pi, fmt, homonym_names):
    given, surname, differs, practs = g
    spec, city, postcode, region, cc, lang, _ = practs[pi]
    fr = lang == "fr"
    spec_disp = SPEC[spec][0 if fr else 1]
    creds = rng.choice(CREDS_FR if fr else CREDS_EN)
    if cc == "CH" and rng.random() < 0.5:
        title = rng.choice(["Dr méd.", "Dr. med.", "Prof. Dr."])
    elif fr:
        title = rng.choice(["Dr", "Dr.", "Docteur", "Pr"]) if spec not in ("psychology", "naturopathy", "osteopathy", "midwifery", "physiotherapy", "nurse-practitioner") else ""
    else:
        title = rng.choice(["Dr.", "Dr", ""]) if spec not in ("midwifery", "nurse-practitioner", "optometry", "physiotherapy") else ""
    display = ((title + " ") if title else "") + given + " " + surname + creds
    street = "%d %s" % (rng.randint(2, 240), rng.choice(STREETS_FR if fr else STREETS_EN))
    city_plain = city.split(" ")[0] if city[-1] == "e" and city.split(" ")[-1][:-1].isdigit() else city
    phone = {"FR": "04 %02d %02d %02d %02d", "BE": "+32 2 %02d%d %02d %02d", "CH": "+41 22 %02d%d %02d %02d",
             "LU": "+352 %02d %02d %02d %02d", "CA": "(%02d4) 555-%02d%02d", "GB": "0%02d1 %02d %02d %02d",
             "US": "(%02d7) 555-%02d%02d"}[cc]
    nfmt = phone.count("%")
    phone = phone % tuple(rng.randint(10, 99) if i else rng.randint(10, 99) for i in range(nfmt))
    nrev = rng.randint(3, 6)
    reviews = []
    for k in range(nrev):
        named = rng.random() < 0.45
        first = given
        if named:
            tpl = rng.choice(REV_FR_NAMED if fr else REV_EN_NAMED)
        else:
            tpl = rng.choice(REV_FR_PLAIN if fr else REV_EN_PLAIN)
        body = tpl.format(surname=surname, first=first, city=city_plain, spec_lc=spec_disp.lower())
        if rng.random() < 0.15:
            other = rng.choice(OTHER_FIRST) + " " + rng.choice(OTHER_LAST)
            ocity = rng.choice(["Lyon", "Paris", "Toronto", "London", "Namur", "Lausanne", "Laval"])
            body += " " + (REV_FR_REFERRAL if fr else REV_EN_REFERRAL).format(other=other, ocity=ocity)
        author = rng.choice(OTHER_FIRST) + " " + rng.choice(OTHER_LAST)[0] + "."
        reviews.append({"author": author, "date": rng.choice(DATES), "rating": rng.randint(1, 5),
                        "body": body, "title": "" if rng.random() < 0.6 else body.split(".")[0][:40]})
    similar = []
    for k in range(rng.randint(2, 4)):
        osp = rng.choice(list(SPEC))
        similar.append(("Dr " + rng.choice(OTHER_FIRST) + " " + rng.choice(OTHER_LAST), SPEC[osp][0 if fr else 1], city_plain))
    # the trap real sites set: the same name listed in the box, with its other city / specialty
    if homonym_names and rng.random() < 0.7:
        hn = rng.choice(homonym_names)
        similar.insert(rng.randint(0, len(similar)), hn)
    return {"display": display, "given": given, "surname": surname, "spec": spec, "spec_disp": spec_disp,
            "city": city, "city_plain": city_plain, "postcode": postcode, "region": region, "cc": cc,
            "lang": lang, "street": street, "phone": phone, "reviews": reviews, "similar": similar, "fmt": fmt,
            "rpps": ("10%09d" % rng.randint(0, 999999999)) if cc == "FR" and rng.random() < 0.5 else None}


def chrome_top(p, site):
    fr = p["lang"] == "fr"
    home = "Accueil" if fr else "Home"
    crumbs = [home, p["spec_disp"], p["city_plain"], p["display"]]
    crumb_html = " &rsaquo; ".join('<a href="/%s">%s</a>' % (i, esc(c)) for i, c in enumerate(crumbs[:-1]))
    crumb_html += " &rsaquo; <span>%s</span>" % esc(crumbs[-1])
    ad = ("Publicité — Mutuelle Santé Plus : -20 %% la première année. Devis gratuit !" if fr
          else "Advertisement — ComfyDent whitening kits, 2 for 1 this week only!")
    title = ("%s, %s à %s — avis patients | %s" if fr else "%s, %s in %s — patient reviews | %s") % (
        p["display"], p["spec_disp"].lower(), p["city_plain"], site)
    return (
        '<!DOCTYPE html>\n<html lang="%s">\n<head>\n<meta charset="utf-8">\n<title>%s</title>\n'
        '<meta name="description" content="%s">\n</head>\n<body>\n'
        '<header class="site"><a href="/" class="logo">%s</a>\n<nav><a href="/search">%s</a> '
        '<a href="/login">%s</a></nav></header>\n'
        '<nav class="breadcrumb" aria-label="breadcrumb">%s</nav>\n'
        '<aside class="ad"><a href="https://ads.example/click?id=%d">%s</a></aside>\n'
    ) % (p["lang"], esc(title), esc(title), site, "Trouver un praticien" if fr else "Find a doctor",
         "Connexion" if fr else "Sign in", crumb_html, len(p["display"]) * 37, esc(ad))


def chrome_bottom(p, site):
    fr = p["lang"] == "fr"
    box_title = "Praticiens similaires" if fr else "Similar doctors nearby"
    items = "\n".join('  <li><a href="/p/%d">%s</a> — %s, %s</li>' % (i, esc(n), esc(s), esc(c))
                      for i, (n, s, c) in enumerate(p["similar"]))
    foot = ("Mentions légales · CGU · Qui sommes-nous ? · Médecins par ville : Paris, Lyon, Marseille, Bruxelles, Genève, Montréal"
            if fr else "Terms · Privacy · About us · Doctors by city: London, Toronto, New York, Manchester, Vancouver, Boston")
    return (
        '<aside class="similar"><h3>%s</h3>\n<ul>\n%s\n</ul></aside>\n'
        '<aside class="ad">%s</aside>\n'
        '<footer><p>%s</p><p>&copy; 2026 %s</p></footer>\n</body>\n</html>\n'
    ) % (box_title, items, esc("Sponsorisé : Clinique Esthétique Lumière, Genève" if fr
                                  else "Sponsored: BrightSmile Dental Group, Toronto"), esc(foot), site)


def address_line(p):
    return "%s, %s %s" % (p["street"], p["postcode"], p["city_plain"]) if p["cc"] in ("FR", "BE", "CH", "LU") else \
        "%s, %s, %s %s" % (p["street"], p["city_plain"], p["region"], p["postcode"])


def microdata(p, site):
    fr = p["lang"] == "fr"
    out = [chrome_top(p, site)]
    out.append('<main itemscope itemtype="https://schema.org/Physician">\n')
    out.append('<h1 itemprop="name">%s</h1>\n' % esc(p["display"]))
    out.append('<p class="spec"><span itemprop="medicalSpecialty">%s</span></p>\n' % esc(p["spec_disp"]))
    out.append('<div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">'
               '<span itemprop="streetAddress">%s</span>, <span itemprop="postalCode">%s</span> '
               '<span itemprop="addressLocality">%s</span> <span itemprop="addressRegion">%s</span></div>\n'
               % (esc(p["street"]), esc(p["postcode"]), esc(p["city_plain"]), esc(p["region"])))
    out.append('<p>%s <a itemprop="telephone" href="tel:%s">%s</a></p>\n' % (
        "Tél. :" if fr else "Phone:", esc(p["phone"].replace(" ", "")), esc(p["phone"])))
    if p["rpps"]:
        out.append('<p class="ids">RPPS : <span itemprop="identifier">%s</span></p>\n' % p["rpps"])
    avg = sum(r["rating"] for r in p["reviews"]) / len(p["reviews"])
    out.append('<div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">'
               '<span itemprop="ratingValue">%.1f</span>/<span itemprop="bestRating">5</span> — '
               '<span itemprop="reviewCount">%d</span> %s</div>\n' % (avg, len(p["reviews"]), "avis" if fr else "reviews"))
    out.append('<section class="reviews"><h2>%s</h2>\n' % ("Avis des patients" if fr else "Patient reviews"))
    for r in p["reviews"]:
        out.append('<article itemprop="review" itemscope itemtype="https://schema.org/Review">\n')
        if r["title"]:
            out.append('  <h4 itemprop="name">%s</h4>\n' % esc(r["title"]))
        out.append('  <div itemprop="author" itemscope itemtype="https://schema.org/Person">'
                   '<span itemprop="name">%s</span></div>\n' % esc(r["author"]))
        out.append('  <time itemprop="dateCreated datePublished" datetime="%s">%s</time>\n' % (r["date"], r["date"]))
        out.append('  <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">'
                   '<meta itemprop="worstRating" content="1"><span itemprop="ratingValue">%d</span>/'
                   '<span itemprop="bestRating">5</span></div>\n' % r["rating"])
        out.append('  <p itemprop="reviewBody description">%s</p>\n' % esc(r["body"]))
        out.append('</article>\n')
    out.append('</section>\n</main>\n')
    out.append(chrome_bottom(p, site))
    return "".join(out)


def jsonld(p, site):
    fr = p["lang"] == "fr"
    doc = {
        "@context": "https://schema.org",
        "@type": "Physician" if p["spec"] not in ("naturopathy", "osteopathy", "chiropractic", "psychology",
                                                   "midwifery", "physiotherapy", "optometry") else "MedicalBusiness",
        "name": p["display"],
        "medicalSpecialty": p["spec_disp"],
        "telephone": p["phone"],
        "address": {"@type": "PostalAddress", "streetAddress": p["street"], "postalCode": p["postcode"],
                    "addressLocality": p["city_plain"], "addressRegion": p["region"], "addressCountry": p["cc"]},
        "aggregateRating": {"@type": "AggregateRating",
                            "ratingValue": round(sum(r["rating"] for r in p["reviews"]) / len(p["reviews"]), 1),
                            "reviewCount": len(p["reviews"]), "bestRating": 5},
        "review": [{"@type": "Review", "author": {"@type": "Person", "name": r["author"]},
                    "datePublished": r["date"], "reviewBody": r["body"],
                    **({"name": r["title"]} if r["title"] else {}),
                    "reviewRating": {"@type": "Rating", "ratingValue": r["rating"], "bestRating": 5}}
                   for r in p["reviews"]],
    }
    if p["rpps"]:
        doc["identifier"] = {"@type": "PropertyValue", "propertyID": "RPPS", "value": p["rpps"]}
    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i + 1, "name": n} for i, n in
        enumerate(["Accueil" if fr else "Home", p["spec_disp"], p["city_plain"]])]}
    out = [chrome_top(p, site)]
    out.append('<script type="application/ld+json">\n%s\n</script>\n' % json.dumps(crumbs, ensure_ascii=False))
    out.append('<script type="application/ld+json">\n%s\n</script>\n' % json.dumps(doc, ensure_ascii=False, indent=1))
    out.append('<main>\n<h1>%s</h1>\n<p>%s — %s</p>\n' % (esc(p["display"]), esc(p["spec_disp"]), esc(address_line(p))))
    out.append('<section class="reviews">\n')
    for r in p["reviews"]:
        out.append('<div class="review"><b>%s</b> <span class="stars">%s</span> <small>%s</small>\n<p>%s</p></div>\n'
                   % (esc(r["author"]), "★" * r["rating"], r["date"], esc(r["body"])))
    out.append('</section>\n</main>\n')
    out.append(chrome_bottom(p, site))
    return "".join(out)


def rdfa(p, site):
    fr = p["lang"] == "fr"
    out = [chrome_top(p, site)]
    out.append('<main vocab="https://schema.org/" typeof="Physician">\n')
    out.append('<h1 property="name">%s</h1>\n' % esc(p["display"]))
    out.append('<p property="medicalSpecialty">%s</p>\n' % esc(p["spec_disp"]))
    out.append('<div property="address" typeof="PostalAddress"><span property="streetAddress">%s</span>, '
               '<span property="postalCode">%s</span> <span property="addressLocality">%s</span></div>\n'
               % (esc(p["street"]), esc(p["postcode"]), esc(p["city_plain"])))
    for r in p["reviews"]:
        out.append('<div property="review" typeof="Review">\n')
        out.append('  <span property="author" typeof="Person"><span property="name">%s</span></span>\n' % esc(r["author"]))
        out.append('  <meta property="datePublished" content="%s">%s\n' % (r["date"], r["date"]))
        out.append('  <span property="reviewRating" typeof="Rating"><span property="ratingValue">%d</span>/'
                   '<span property="bestRating">5</span></span>\n' % r["rating"])
        out.append('  <p property="reviewBody">%s</p>\n</div>\n' % esc(r["body"]))
    out.append('</main>\n')
    out.append(chrome_bottom(p, site))
    return "".join(out)


def main():
    rng = random.Random(20261206)
    os.makedirs(os.path.join(HERE, "pages"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "configs"), exist_ok=True)
    pages_rows, review_rows = [], []
    for gi, g in enumerate(GROUPS, 1):
        given, surname, differs, practs = g
        split = "blind" if gi % 3 == 0 else "dev"
        gid = "g%02d" % gi
        # the watched practitioner is always the first; her config as a user types it
        spec, city, postcode, region, cc, lang, conf_city = practs[0]
        with open(os.path.join(HERE, "configs", gid + ".conf"), "w", encoding="utf-8") as f:
            f.write("# group %s (%s differ%s): the watched practitioner\n" % (
                gid, differs, "s" if differs != "both" else ""))
            f.write("[practitioner]\nname = %s%s %s\nspecialty = %s\ncity = %s\n" % (
                "Dr " if gi % 2 else "", given, surname, CONF_SPEC[spec], conf_city))
        homonym_names = []
        for pi, pr in enumerate(practs):
            sd = SPEC[pr[0]][0 if pr[5] == "fr" else 1]
            c = pr[1].split(" ")[0] if pr[1][-1] == "e" and pr[1].split(" ")[-1][:-1].isdigit() else pr[1]
            homonym_names.append((pi, ("Dr " if pi % 2 == 0 else "") + given + " " + surname, sd, c))
        for pi, pr in enumerate(practs):
            # the format must not follow the split rule (gi % 3): its own draw
            fmt = random.Random(gi * 10 + pi).choice(FORMATS)
            site = rng.choice(["avis-sante.example", "docnote.example", "medirate.example", "santeavis.example"]) \
                if pr[5] == "fr" else rng.choice(["ratemydoc.example", "healthreviews.example", "findadoc.example"])
            others = [(n, s, c) for (i, n, s, c) in homonym_names if i != pi]
            p = person_page(rng, g, gi, pi, fmt, others)
            page = "%s-%s.html" % (gid, "abc"[pi])
            text = {"microdata": microdata, "jsonld": jsonld, "rdfa": rdfa}[fmt](p, site)
            with open(os.path.join(HERE, "pages", page), "w", encoding="utf-8") as f:
                f.write(text)
            whose = "%s-%s" % (gid, "abc"[pi])
            pages_rows.append((page, gid, whose, "yes" if pi == 0 else "no", split, differs, fmt, pr[5], pr[4],
                               pr[0], p["city_plain"]))
            for k, r in enumerate(p["reviews"]):
                review_rows.append((page, str(k), whose, "yes" if pi == 0 else "no"))
    with open(os.path.join(HERE, "pages.tsv"), "w", encoding="utf-8") as f:
        f.write("# page\tgroup\tabout\twatched\tsplit\tdiffers\tformat\tlang\tcountry\tspecialty\tcity\n")
        for row in pages_rows:
            f.write("\t".join(row) + "\n")
    with open(os.path.join(HERE, "reviews.tsv"), "w", encoding="utf-8") as f:
        f.write("# page\treview (0-based, document order)\twhose\tis the watched practitioner\n")
        for row in review_rows:
            f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
