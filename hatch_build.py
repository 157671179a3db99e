"""Hatch build hook: put the pinned Leaflet packages that an offline map inlines into the wheel.

An installed wheel must never need the network (an air-gapped analyst's machine), so the
files listed in ``geomap/assets.py`` go inside it as ``geomap/_assets``. They are taken from
the verified tarballs in the asset cache (``$GEOMAP_ASSETS/tarballs``, filled by
``geomap assets fetch``) or fetched from the npm registry, and checked against their pinned
sha512 integrity either way. Nothing is committed to the repository. Editable installs skip
this: a checkout fetches on first use.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


@contextmanager
def _source_package(root: Path) -> Iterator[Any]:
    """``geomap.assets`` from the source tree, without running ``geomap/__init__.py`` (whose imports need
    the runtime dependencies, which a build environment does not have). The stand-in package stays in
    place while the block runs: ``geomap.assets`` imports ``geomap.gazetteer`` lazily."""
    saved = {k: v for k, v in sys.modules.items() if k == "geomap" or k.startswith("geomap.")}
    for k in saved:
        del sys.modules[k]
    pkg = types.ModuleType("geomap")
    pkg.__path__ = [str(root / "geomap")]
    sys.modules["geomap"] = pkg
    try:
        yield importlib.import_module("geomap.assets")
    finally:
        for k in [k for k in sys.modules if k == "geomap" or k.startswith("geomap.")]:
            del sys.modules[k]
        sys.modules.update(saved)


class MapAssetsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        out = root / "build" / "geomap-assets"
        shutil.rmtree(out, ignore_errors=True)
        with _source_package(root) as assets:
            for pkg in assets.PACKAGES:
                try:
                    data = assets.tarball(pkg)
                except assets.DataError as exc:
                    raise RuntimeError(
                        f"geomap: cannot build the wheel without the map's scripts: {exc}. The wheel carries "
                        f"{pkg.name}@{pkg.version} and the other pinned packages so that it never needs the "
                        "network; build where the npm registry is reachable, or put their verified tarballs in "
                        "$GEOMAP_ASSETS/tarballs first (`geomap assets fetch` on a connected machine)") from None
                assets.unpack(pkg, data, out)
        build_data["force_include"][str(out)] = "geomap/_assets"
