"""Rebuild the bundled front-line snapshots ``gazetteer/frontlines/front-DATE.geojson``.

Each snapshot is a line (a MultiLineString when the front has separate
segments) through ordered lists of settlements the front ran through or beside
on that date (``frontlines/waypoints-DATE.csv``: segment, order, name, GeoNames
id): the main front from the Dnipro mouth in the south-west to the Russian
border north-east of Kupiansk, and the separate northern segments (Vovchansk,
Lyptsi, and in 2025 the Sumy border area). Coordinates are GeoNames' (through
the bundled gazetteer, by id); nothing is digitised by hand. The settlements
were compiled from public front-line maps of those dates; a line through them
stays within about 2 km of the mapped front at the median and within 20 km
everywhere, hence ``uncertainty_km`` = 20.

Usage: ``python gazetteer/build_frontlines.py`` (after ``pip install -e .``).
Add your own snapshot the same way: a waypoints CSV named with its date.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from geomap.gazetteer import Gazetteer

HERE = Path(__file__).resolve().parent / "frontlines"
SOURCE = ("settlements along the front on that date, compiled from public front-line maps, ±20 km; "
          "coordinates: GeoNames (CC BY 4.0) by id")
METHOD = ("lines through GeoNames settlement coordinates: the main front south-west to north-east, and its "
          "separate segments")
UNCERTAINTY_KM = 20.0


def build(waypoints: Path, gazetteer: Gazetteer) -> dict:
    date = waypoints.stem.removeprefix("waypoints-")
    points = []
    with waypoints.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            place = gazetteer.get(f"geonames:{row['geonameid']}")
            points.append({"segment": int(row.get("segment") or 1), "order": int(row["order"]), "name": row["name"],
                           "geonameid": int(row["geonameid"]), "lat": place.lat, "lon": place.lon})
    points.sort(key=lambda p: (p["segment"], p["order"]))
    segments = [[[p["lon"], p["lat"]] for p in points if p["segment"] == k]
                for k in sorted({p["segment"] for p in points})]
    geometry = ({"type": "LineString", "coordinates": segments[0]} if len(segments) == 1
                else {"type": "MultiLineString", "coordinates": segments})
    return {
        "type": "Feature",
        "properties": {"date": date, "source": SOURCE, "method": METHOD, "uncertainty_km": UNCERTAINTY_KM,
                       "waypoints": points},
        "geometry": geometry,
    }


def main() -> None:
    gazetteer = Gazetteer.open()
    for waypoints in sorted(HERE.glob("waypoints-*.csv")):
        feature = build(waypoints, gazetteer)
        out = HERE / f"front-{feature['properties']['date']}.geojson"
        out.write_text(json.dumps(feature, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out} ({len(feature['properties']['waypoints'])} waypoints)")


if __name__ == "__main__":
    main()
