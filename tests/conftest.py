"""Shared fixtures: one gazetteer index per test session, in a temp cache (never ~/.cache)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from geomap.gazetteer import Gazetteer

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Build the gazetteer index once, before pytest-xdist starts its workers (they inherit the cache folder).

    Without ``GEOMAP_TEST_CACHE`` the index goes to a temp folder removed at the end of the run."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if not os.environ.get("GEOMAP_TEST_CACHE"):
        folder = tempfile.mkdtemp(prefix="geomap-test-cache-")
        os.environ["GEOMAP_TEST_CACHE"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    with tempfile.TemporaryDirectory(prefix="geomap-test-home-") as no_user_files:
        Gazetteer.open(cache=Path(os.environ["GEOMAP_TEST_CACHE"]), user=Path(no_user_files),
                       notice=lambda message: None).close()


@pytest.fixture(scope="session", autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point the cache and the user folder at temp dirs for the whole session (shared by subprocesses)."""
    from geomap.assets import cache_assets_dir

    # the pinned npm packages a map inlines are immutable: share the normal cache (where `geomap assets
    # fetch` keeps them and their verified tarballs, which the wheel test builds from) instead of a temp one
    os.environ.setdefault("GEOMAP_ASSETS", str(cache_assets_dir()))
    cache = os.environ.get("GEOMAP_TEST_CACHE") or str(tmp_path_factory.mktemp("cache"))
    os.environ["GEOMAP_CACHE"] = cache
    os.environ["GEOMAP_HOME"] = str(tmp_path_factory.mktemp("home"))
    # build the index now, once and quietly: a test of a command's output must not meet the first-use notice
    Gazetteer.open(notice=lambda message: None)


@pytest.fixture(scope="session")
def gaz(_isolated_dirs: None) -> Gazetteer:
    return Gazetteer.open()


def assets_or_skip() -> None:
    """The pinned map scripts must be at hand (`geomap assets fetch`); a test of the page is skipped otherwise."""
    from geomap import assets
    from geomap.errors import DataError

    try:
        assets.ensure()
    except DataError as exc:
        pytest.skip(f"map assets unavailable offline ({exc})")
