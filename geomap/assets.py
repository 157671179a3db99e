"""The JavaScript and CSS an offline map inlines: Leaflet and the plugins, from their npm packages.

Owns which package versions a map uses, where their files come from, and turning
a rendered folium page into one self-contained file (scripts and stylesheets
inlined, images as data URIs). Nothing is copied into the repository.

Where the files come from, first found first: ``$GEOMAP_ASSETS``; the copy inside
an installed wheel (``geomap/_assets``, put there at build time by
``hatch_build.py``, so an installed wheel never needs the network); the cache
(``$GEOMAP_CACHE/assets``), filled from the npm registry on first use in a
checkout. Every tarball is verified against its pinned sha512 integrity before
anything is unpacked. ``geomap assets fetch`` fetches ahead of time;
``$GEOMAP_NPM_REGISTRY`` points at a mirror.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import DataError


@dataclass(frozen=True, slots=True)
class Package:
    """An npm package version and the files of it a map needs (paths inside the tarball's ``package/``)."""

    name: str
    version: str
    integrity: str
    files: tuple[str, ...]

    @property
    def tarball(self) -> str:
        base = os.environ.get("GEOMAP_NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")
        return f"{base}/{self.name}/-/{self.name.split('/')[-1]}-{self.version}.tgz"


PACKAGES = (
    Package("leaflet", "1.9.3",
            "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
            ("dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png", "dist/images/layers-2x.png",
             "dist/images/marker-icon.png", "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png")),
    Package("leaflet.markercluster", "1.1.0",
            "sha512-eI+XkCiLiHwCC3uZ4/n4+Vq3rXcqEHN2lhHRVG1WVziy/3Q0TTipWkzEa1zO0dKZI2AnI5ppFDWrOjnQ7MJLKQ==",
            ("dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css")),
    Package("leaflet-measure", "2.1.7",
            "sha512-IvoHIoVTIQSXUgaNnAMF17qXFB+dF5ICdwmY8BHyq/Hh33/xeGqQUUYlz0pRMzFN9NUcjsT6JBhCr1ia0CG5ug==",
            ("dist/leaflet-measure.min.js", "dist/leaflet-measure.css", "dist/images/rulers.png",
             "dist/images/rulers_@2X.png", "dist/images/cancel.png", "dist/images/cancel_@2X.png",
             "dist/images/check.png", "dist/images/check_@2X.png", "dist/images/focus.png",
             "dist/images/focus_@2X.png", "dist/images/start.png", "dist/images/start_@2X.png",
             "dist/images/trash.png", "dist/images/trash_@2X.png")),
    Package("leaflet.fullscreen", "3.0.0",
            "sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
            ("Control.FullScreen.js", "Control.FullScreen.css", "icon-fullscreen.svg")),
)
BY_NAME = {p.name: p for p in PACKAGES}

# The CDN addresses folium and its plugins write, and the package file that replaces each.
CDN_FILES: dict[str, tuple[str, str]] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": ("leaflet", "dist/leaflet.js"),
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": ("leaflet", "dist/leaflet.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js":
        ("leaflet.markercluster", "dist/leaflet.markercluster.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css":
        ("leaflet.markercluster", "dist/MarkerCluster.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        ("leaflet.markercluster", "dist/MarkerCluster.Default.css"),
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js":
        ("leaflet-measure", "dist/leaflet-measure.min.js"),
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css":
        ("leaflet-measure", "dist/leaflet-measure.css"),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js":
        ("leaflet.fullscreen", "Control.FullScreen.js"),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css":
        ("leaflet.fullscreen", "Control.FullScreen.css"),
}
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}


PACKAGED = Path(__file__).resolve().parent / "_assets"
"""Where a wheel carries the unpacked packages (written by ``hatch_build.py`` at build time)."""


def cache_assets_dir() -> Path:
    """``$GEOMAP_ASSETS`` or ``$GEOMAP_CACHE/assets``: where fetched packages are kept."""
    env = os.environ.get("GEOMAP_ASSETS")
    if env:
        return Path(env)
    from geomap.gazetteer import cache_dir

    return cache_dir() / "assets"


def assets_dir() -> Path:
    """Where the unpacked packages are read from: ``$GEOMAP_ASSETS``, else the wheel's own copy when it
    is complete, else the cache."""
    if not os.environ.get("GEOMAP_ASSETS") and all(_complete(PACKAGED, p) for p in PACKAGES):
        return PACKAGED
    return cache_assets_dir()


def _complete(root: Path, pkg: Package) -> bool:
    return all((root / f"{pkg.name}-{pkg.version}" / f).is_file() for f in pkg.files)


def package_dir(pkg: Package) -> Path:
    return assets_dir() / f"{pkg.name}-{pkg.version}"


def have(pkg: Package) -> bool:
    return _complete(assets_dir(), pkg)


def verified(pkg: Package, data: bytes) -> bytes:
    """``data`` if it is the package's tarball (pinned sha512 integrity); raises DataError otherwise."""
    algo, _, expected = pkg.integrity.partition("-")
    got = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if got != expected:
        raise DataError(f"{pkg.name}@{pkg.version}: tarball does not match its pinned {algo} integrity")
    return data


def tarball(pkg: Package, *, cache: Path | None = None, allow_fetch: bool = True, timeout: float = 60.0) -> bytes:
    """The package's verified tarball: from ``cache`` (``<cache>/tarballs``) when it is there, else from
    the npm registry (kept in the cache for next time)."""
    kept = (cache or cache_assets_dir()) / "tarballs" / f"{pkg.name}-{pkg.version}.tgz"
    if kept.is_file():
        try:
            return verified(pkg, kept.read_bytes())
        except DataError:
            kept.unlink(missing_ok=True)
    if not allow_fetch:
        raise DataError(f"{pkg.name}@{pkg.version} is not in {kept.parent}")
    try:
        with urllib.request.urlopen(pkg.tarball, timeout=timeout) as resp:
            data = verified(pkg, resp.read())
    except OSError as exc:
        raise DataError(f"cannot fetch {pkg.name}@{pkg.version} from the npm registry ({exc}); run "
                        "`geomap assets fetch` where the registry is reachable, or use --online") from None
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(kept)
    except OSError:
        pass  # a read-only cache only costs a download next time
    return data


def unpack(pkg: Package, data: bytes, root: Path) -> Path:
    """Write the files a map needs from a verified tarball into ``root/<name>-<version>/``."""
    dest = root / f"{pkg.name}-{pkg.version}"
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in pkg.files:
            member = tar.getmember(f"package/{name}")
            content = tar.extractfile(member).read()  # type: ignore[union-attr]
            path = dest / name
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(content)
            tmp.replace(path)
    return dest


def fetch(pkg: Package, *, timeout: float = 60.0) -> Path:
    """Download (or take from the cache), verify and unpack the files a map needs from one package."""
    return unpack(pkg, tarball(pkg, timeout=timeout), cache_assets_dir())


def ensure(*, allow_fetch: bool = True) -> None:
    """Make sure every package is unpacked in the cache (fetching what is missing)."""
    for pkg in PACKAGES:
        if not have(pkg):
            if not allow_fetch:
                raise DataError(f"{pkg.name}@{pkg.version} is not in {assets_dir()}: run `geomap assets fetch`")
            fetch(pkg)


def _read(pkg_name: str, file: str) -> str:
    return (package_dir(BY_NAME[pkg_name]) / file).read_text(encoding="utf-8")


def _css_with_data_uris(pkg_name: str, file: str) -> str:
    base = (package_dir(BY_NAME[pkg_name]) / file).parent

    def repl(m: re.Match[str]) -> str:
        ref = m.group(2)
        if ref.startswith(("data:", "#")):
            return m.group(0)
        path = (base / ref).resolve()
        if not path.is_file():
            return "url()"  # a missing optional image (a cursor, a sprite) must not make the page fetch
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        return f"url(data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()})"

    return re.sub(r"url\((['\"]?)([^'\")]+)\1\)", repl, _read(pkg_name, file))


_SCRIPT = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_LINK = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"/?>')


def inline(html: str) -> str:
    """The page with every known CDN script and stylesheet replaced by its content.

    Raises :class:`DataError` if the page still refers to another external script or
    stylesheet: an offline map must not fetch anything.
    """
    ensure()

    def inliner(tag: str, kind: str, read: Callable[[str, str], str]) -> Callable[[re.Match[str]], str]:
        def replace(m: re.Match[str]) -> str:
            url = m.group("url")
            if url not in CDN_FILES:
                raise DataError(f"the map refers to a {kind} geomap cannot inline: {url}")
            body = read(*CDN_FILES[url]).replace(f"</{tag}", f"<\\/{tag}")
            return f"<{tag}>/* {CDN_FILES[url][0]} (inlined) */\n{body}\n</{tag}>"

        return replace

    html = _SCRIPT.sub(inliner("script", "script", _read), html)
    return _LINK.sub(inliner("style", "stylesheet", _css_with_data_uris), html)
