"""The map: safe with hostile article text, self-contained offline, deterministic, and working in a
real browser (headless Chromium with every network request blocked)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import assets_or_skip

from geomap import api
from geomap.models import Article
from geomap.render import embed_snippet, render_map, to_html, write_map_files

HOSTILE = ("Drones hit Kazan on Saturday <script>window.pwned=1;alert(1)</script> and "
           "<img src=x onerror=\"window.pwned=2\"> `${window.pwned=3}` 'quotes' \"double\" \\1 \\2 "
           "</script><script>window.pwned=4</script>, officials said.")
ARTICLES = [
    Article("hostile", HOSTILE, "2024-12-21", outlet="Evil <b>Outlet</b>"),
    Article("wire", "Eight drones struck apartment towers in Kazan early on Saturday. Kazan is more than 1,000 km "
                    "from the border with Ukraine. Seven people were injured in Zaporizhzhia and six in Kharkiv.",
            "2024-12-21", outlet="Wire"),
    Article("daily", "Russian troops captured Kostiantynopolske, a Donetsk village about six miles southwest of "
                     "Kurakhove, on Friday. Drones flew over 600 miles from the front lines to hit Kazan.",
            "2024-12-22", outlet="Daily"),
]


@pytest.fixture(scope="module")
def built(gaz, tmp_path_factory):
    assets_or_skip()
    ex = api.extract(ARTICLES, gazetteer=gaz)
    verdicts = api.verify(ex, gazetteer=gaz)
    out = tmp_path_factory.mktemp("map")
    m = render_map(ex.incident_records, verdicts, title="test <map>")
    paths = write_map_files(m, out, embed=True)
    return ex, verdicts, m, out / "map.html", paths


def test_html_is_self_contained_and_escaped(built) -> None:
    _, _, _, path, _ = built
    page = path.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ewindow.pwned=1" in page  # the payload is there, as inert JSON text
    external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', page)
    assert external == []
    assert "GeoNames" in page and "CC BY 4.0" in page and "Natural Earth" in page
    assert path.stat().st_size < 4_000_000


def test_deterministic(built, gaz, tmp_path) -> None:
    ex, verdicts, _, path, _ = built
    again = to_html(render_map(ex.incident_records, verdicts, title="test <map>"))
    assert again == path.read_text(encoding="utf-8")


def test_embed_snippet_is_an_iframe(built) -> None:
    path = built[3]
    snippet = (path.parent / "map_embed.html").read_text(encoding="utf-8")
    assert snippet.startswith('<iframe title="geomap map"') and 'sandbox="allow-scripts allow-popups"' in snippet
    assert "<script" not in snippet  # all of the page sits escaped inside srcdoc
    assert embed_snippet("<p>\"x\"</p>").count("&quot;") == 2


def test_render_map_returns_a_folium_map(built) -> None:
    import folium

    assert isinstance(built[2], folium.Map)


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright): browser test skipped")
    chromium = os.environ.get("GEOMAP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("no Chromium on this machine (apt-get install chromium): browser test skipped")
    return sync_playwright, chromium


@pytest.mark.browser
def test_map_in_a_real_browser_offline(built, tmp_path) -> None:
    sync_playwright, chromium = _browser()
    ex, _, _, path, _ = built
    kazan = next(i for i in ex.incident_records if i.place == "Kazan")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                    "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        problems: list[str] = []
        blocked: list[str] = []
        dialogs: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                return r.continue_()
            blocked.append(r.request.url)
            return r.abort()

        page.route("**/*", route)
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.geomapStats && window.geomapStats.incidents !== undefined")
        stats = page.evaluate("window.geomapStats")
        assert stats["incidents"] == len(ex.incident_records) and stats["claims"] >= 2
        # zoom onto the Kazan incident and click its marker: the popup shows the quotes as text
        map_name = page.evaluate("Object.keys(window).find(k => /^map_\\d+$/.test(k))")
        page.evaluate(f"{map_name}.setView([{kazan.lat}, {kazan.lon}], 14, {{animate: false}})")
        page.wait_for_timeout(500)
        xy = page.evaluate(f"(() => {{ const p = {map_name}.latLngToContainerPoint([{kazan.lat}, {kazan.lon}]);"
                           f" const r = document.getElementById('{map_name}').getBoundingClientRect();"
                           " return [r.left + p.x, r.top + p.y]; })()")
        page.mouse.click(xy[0], xy[1])
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        text = popup.inner_text()
        assert "drone strike" in text and "Kazan" in text
        assert "<script>window.pwned=1;alert(1)</script>" in text  # shown as text, not run
        assert "${window.pwned=3}" in text and "\\1" in text
        assert page.evaluate("window.pwned") is None and dialogs == []
        shot = Path(os.environ.get("GEOMAP_SCREENSHOTS", tmp_path)) / "map-popup.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        browser.close()
    assert problems == [] and blocked == []


@pytest.mark.browser
def test_png_export(built, tmp_path) -> None:
    _browser()
    from geomap.render import save_png

    png = save_png(built[3], tmp_path / "map.png", width=800, height=500)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
