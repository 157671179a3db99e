"""Offline for real: an installed wheel makes a map with no network at all, and a notebook shows it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def _no_network_prefix() -> list[str]:
    """``unshare -n``: a network namespace with nothing in it (needs root or user namespaces)."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        pytest.skip("cannot make an empty network namespace here (unshare -n); offline test skipped")
    return ["unshare", "-n"]


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel (the build hook takes the pinned tarballs from the asset cache) and
    installed with --target."""
    from geomap import assets
    from geomap.errors import DataError

    try:
        for pkg in assets.PACKAGES:
            assets.tarball(pkg, allow_fetch=False)
    except DataError as exc:
        pytest.skip(f"the asset tarballs are not cached (run `geomap assets fetch`): {exc}")
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp / "dist"), str(ROOT)], check=True)
    wheel = next((tmp / "dist").glob("geomap-*.whl"))
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True)
    assert (site / "geomap" / "_assets" / "leaflet-1.9.3" / "dist" / "leaflet.js").is_file()
    return site


@pytest.mark.slow
@pytest.mark.browser
def test_installed_wheel_makes_a_map_with_no_network(wheel_site: Path, tmp_path: Path) -> None:
    prefix = _no_network_prefix()
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("GEOMAP_ASSETS", "XDG_CACHE_HOME", "XDG_DATA_HOME")}
    env.update(PYTHONPATH=str(wheel_site), HOME=str(home), GEOMAP_HOME=str(home / "geomap"))
    # GEOMAP_CACHE stays the test session's: its index is reused, and it holds no map assets
    out = tmp_path / "out"
    done = subprocess.run([*prefix, sys.executable, "-m", "geomap", "run", "-o", str(out)], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    used = subprocess.run([*prefix, sys.executable, "-c", "from geomap import assets; print(assets.assets_dir())"],
                          capture_output=True, text=True, cwd=tmp_path, env=env).stdout.strip()
    assert used == str(wheel_site / "geomap" / "_assets")  # the wheel's own copy, not a cache or the network
    from test_hostile import load_in_browser
    from test_map import _browser

    problems, dialogs = load_in_browser(_browser(), [out / "map.html"])
    assert problems == [] and dialogs == []


def test_build_without_the_registry_fails_clearly(tmp_path: Path) -> None:
    """No cached tarball and no registry: the wheel build stops with a message saying why and what to do."""
    prefix = _no_network_prefix()
    env = {**os.environ, "GEOMAP_ASSETS": str(tmp_path / "empty-assets"), "PIP_NO_INDEX": "1"}
    done = subprocess.run([*prefix, sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-w", str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode != 0
    text = done.stdout + done.stderr
    assert "cannot build the wheel without the map's scripts" in text and "geomap assets fetch" in text


@pytest.mark.slow
@pytest.mark.browser
def test_notebook_display_is_self_contained(tmp_path: Path) -> None:
    """Jupyter shows the map with everything inlined: no CDN link, so it draws offline."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from geomap import api\n"
        "from geomap.render import render_map\n"
        "from geomap.models import Article\n"
        "ex = api.extract([Article('n', 'Drones struck Kazan on Saturday, injuring two people.', '2024-12-21')])\n"
        "render_map(ex.incident_records, api.verify(ex), title='notebook')")]
    nbclient.NotebookClient(nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
                            ).execute()
    html = nb.cells[0].outputs[-1]["data"]["text/html"]
    assert html.startswith("<iframe") and "cdn.jsdelivr" not in html and "cdnjs" not in html
    page = tmp_path / "notebook.html"
    page.write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")
    from test_hostile import load_in_browser
    from test_map import _browser

    problems, dialogs = load_in_browser(_browser(), [page])
    assert problems == [] and dialogs == []
