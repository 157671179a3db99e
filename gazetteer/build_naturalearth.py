"""Rebuild ``gazetteer/naturalearth/``: Natural Earth country polygons and land as TopoJSON.

Source: the npm package ``world-atlas`` 2.0.2 (Mike Bostock's packaging of Natural
Earth, public domain data; the package itself is ISC-licensed), whose files are
copied unchanged:

* ``countries-10m.json``: 1:10m admin-0 countries, used for measuring (not simplified);
* ``countries-50m.json``: 1:50m countries, for the gazetteer's country points and the
  map's basemap borders;
* ``land-50m.json``: 1:50m land, for the map's offline basemap.

The tarball is fetched from the npm registry and checked against the registry's
sha512 integrity before anything is written. Usage: ``python gazetteer/build_naturalearth.py``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "world-atlas"
VERSION = "2.0.2"
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
FILES = ("countries-10m.json", "countries-50m.json", "land-50m.json")
OUT = Path(__file__).resolve().parent / "naturalearth"


def main() -> None:
    url = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
    with urllib.request.urlopen(url, timeout=60) as resp:
        data = resp.read()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if f"sha512-{digest}" != INTEGRITY:
        raise SystemExit(f"{url}: integrity mismatch, refusing to write")
    OUT.mkdir(exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in FILES:
            content = tar.extractfile(f"package/{name}").read()  # type: ignore[union-attr]
            (OUT / name).write_bytes(content)
            print(f"wrote {OUT / name} ({len(content):,} bytes)")


if __name__ == "__main__":
    main()
