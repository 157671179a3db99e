"""Rebuild ``gazetteer/first_names.txt``: given names, so that "John Kelly" and "Barry Smith" are read as people.

Source: the 1990 US Census name frequency lists (public domain), as shipped in the ``names`` 0.3.0 sdist on
PyPI (MIT): ``dist.male.first`` (1,219 names) and ``dist.female.first`` (4,275 names). One name a line, lower
case, sorted. The geoparser reads a capitalised word after one of these names as a surname (see
:mod:`geomap.geoparse`), never as a place on its own.

Usage::

    python gazetteer/build_first_names.py              # fetches names==0.3.0 with pip
    python gazetteer/build_first_names.py --sdist PATH  # an already downloaded sdist
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "0.3.0"
HERE = Path(__file__).resolve().parent


def _fetch(tmp: str) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", tmp,
                    f"names=={VERSION}"], check=True)
    return next(Path(tmp).glob("names-*.tar.gz"))


def build(sdist: Path) -> tuple[list[str], str]:
    names: set[str] = set()
    with tarfile.open(sdist) as tar:
        for member in tar.getmembers():
            if member.name.endswith(("dist.male.first", "dist.female.first")):
                text = tar.extractfile(member).read().decode("ascii")  # type: ignore[union-attr]
                names.update(line.split()[0].lower() for line in text.splitlines() if line.strip())
    return sorted(names), hashlib.sha256(sdist.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdist", type=Path, help="a downloaded names sdist (default: fetch with pip)")
    parser.add_argument("--out", type=Path, default=HERE / "first_names.txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        names, digest = build(args.sdist or _fetch(tmp))
    header = (f"# 1990 US Census given names (public domain) via names {VERSION} (MIT), sdist sha256:{digest[:16]}; "
              "rebuilt by gazetteer/build_first_names.py\n")
    args.out.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} given names to {args.out}")


if __name__ == "__main__":
    main()
