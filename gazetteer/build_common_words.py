"""Rebuild ``gazetteer/common_words.txt`` and ``gazetteer/plural_names.txt``: English words, so that "Commerce",
"Centre" and "Time" need evidence, and capitalised words English uses for kinds of people or things ("Arab").

Source: SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson; permissive licence, notice below) at size 50,
as Debian packages it: ``wamerican`` and ``wbritish`` 2020.12.07-2 (``/usr/share/dict/american-english`` and
``british-english``, 104,334 and 103,494 words). A word a line, lower case, sorted: every entry of either list
written in lower case and made of letters only (65,407 words). Proper nouns are capitalised in SCOWL ("Paris",
"Texas"), so they are not here; words that are also places ("commerce", "reading", "split") are. The geoparser
takes a one-word name that is such a word as a place only with evidence from the article (see
:func:`geomap.geoparse._small_place_word`).

``plural_names.txt``: the capitalised entries (letters only) whose plural is an entry too ("Arab" and "Arabs",
"Cherokee" and "Cherokees", "Apache" and "Apaches"), lower case, leaving out those already in
``common_words.txt``. A name that takes a plural names one of many: a people, a faith, a brand. Where such a word
reads only as a small settlement (Arab, Alabama) it is a word first (see :func:`geomap.geoparse._plural_name`).
Many places' names are here too ("Boston", "Lincoln": a family, a car); the rule applies to small settlements
alone.

Usage::

    python gazetteer/build_common_words.py              # apt-get download wamerican wbritish (Debian)
    python gazetteer/build_common_words.py --deb A.deb --deb B.deb

SCOWL's notice: Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell these
word lists, the associated scripts, the output created from the scripts, and its documentation for any purpose
is hereby granted without fee, provided that the above copyright notice appears in all copies and that both that
copyright notice and this permission notice appear in supporting documentation. Kevin Atkinson makes no
representations about the suitability of this array for any purpose. It is provided "as is" without express or
implied warranty.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import tempfile
from pathlib import Path

VERSION = "2020.12.07-2"
PACKAGES = ("wamerican", "wbritish")
LISTS = ("./usr/share/dict/american-english", "./usr/share/dict/british-english")
HERE = Path(__file__).resolve().parent
OUT = HERE / "common_words.txt"
OUT_PLURAL = HERE / "plural_names.txt"
_LOWER_WORD = re.compile(r"[a-z]+")
_TITLE_WORD = re.compile(r"[A-Z][a-z]+")


def _fetch(tmp: str) -> list[Path]:
    subprocess.run(["apt-get", "download", *(f"{p}={VERSION}" for p in PACKAGES)], cwd=tmp, check=True)
    return sorted(Path(tmp).glob("*.deb"))


def _members(deb: Path, tmp: str) -> list[str]:
    target = Path(tmp) / deb.stem
    subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    texts = []
    for member in LISTS:
        path = target / member
        if path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return texts


def build(debs: list[Path]) -> tuple[list[str], list[str], str]:
    """The lower-case words of the lists in ``debs``, their capitalised words that take a plural (lower case, not
    among the first), and a sha256 of the packages read."""
    entries: set[str] = set()
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory() as tmp:
        for deb in sorted(debs):
            digest.update(deb.read_bytes())
            for text in _members(deb, tmp):
                entries.update(text.split())
    words = {w for w in entries if _LOWER_WORD.fullmatch(w)}
    plural = {w.lower() for w in entries
              if _TITLE_WORD.fullmatch(w) and (w + "s" in entries or w + "es" in entries) and w.lower() not in words}
    return sorted(words), sorted(plural), digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deb", type=Path, action="append", help="an already downloaded wamerican/wbritish .deb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        debs = args.deb or _fetch(tmp)
        words, plural, sha = build(debs)
    header = (f"# SCOWL size 50 via Debian {' and '.join(PACKAGES)} {VERSION} (packages sha256 {sha[:16]}); "
              "rebuilt by gazetteer/build_common_words.py. SCOWL: Copyright 2000-2011 by Kevin Atkinson, "
              "permissive licence (see the script).\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(words):,} words)")
    OUT_PLURAL.write_text(header.replace("# SCOWL", "# Capitalised words with a plural, from SCOWL", 1)
                          + "\n".join(plural) + "\n", encoding="utf-8")
    print(f"wrote {OUT_PLURAL} ({len(plural):,} words)")


if __name__ == "__main__":
    main()
