"""A map that reads at every zoom, prints and embeds cleanly, and stays fast at scale (issue 13).

Browser tests open the real page in headless Chromium with every network request blocked and fail
on any script error. With ``GEOMAP_SCREENSHOTS=docs`` they write the README's screenshots.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import assets_or_skip

from geomap import api
from geomap.models import Article
from geomap.render import claim_features, embed_snippet, label_columns, render_map, to_html, write_map_files

ARTICLES = [
    Article("wire", "Eight drones struck apartment towers in Kazan on Saturday, injuring two people. Kazan is "
                    "more than 1,000 km from the border with Ukraine.", "2024-12-21", outlet="Wire",
            url="https://example.org/wire"),
    Article("daily", "Kazan lies about 1,000 km from the Ukrainian border. Shelling hit Kharkiv on Friday, "
                     "killing three people.", "2024-12-21", outlet="Daily"),
]


def _shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("GEOMAP_SCREENSHOTS", tmp_path))


@pytest.fixture(scope="module")
def built(gaz, tmp_path_factory):
    assets_or_skip()
    ex = api.extract(ARTICLES, gazetteer=gaz)
    verdicts = api.verify(ex, gazetteer=gaz)
    out = tmp_path_factory.mktemp("map")
    m = render_map(ex, verdicts, title="Strikes, December 2024")
    write_map_files(m, out, embed=True, embed_height="70vh")
    return ex, verdicts, out


def test_identical_claim_lines_are_grouped_with_a_count(built) -> None:
    _, verdicts, _ = built
    lines = [f for f in claim_features(verdicts)["features"] if f["geometry"]["type"] == "LineString"]
    grouped = [f for f in lines if f["properties"]["count"] == 2]
    assert len(grouped) == 1 and sum(f["properties"]["count"] for f in lines) == 2
    p = grouped[0]["properties"]
    assert p["short"] == "Kazan: 2 claims · measured 919 km · overstated / supported"
    assert sorted(c["verdict"] for c in p["claims"]) == ["overstated", "supported"]


def test_labels_come_from_the_gazetteer_by_zoom(gaz) -> None:
    cols = label_columns(gaz, [[55.7, 49.0], [55.9, 49.2]])
    by_name = dict(zip(cols["name"], zip(cols["z"], cols["k"], strict=True), strict=True))
    assert by_name["Moscow"][0] <= 3 and by_name["Kazan"][0] == 4 and by_name["Russia"] == (3, 1)
    assert by_name.get("Zelenodolsk", (99,))[0] <= 7  # a town near the data shows from zoom 7 on
    world = label_columns(gaz, None)
    assert "Zelenodolsk" not in world["name"] and "Tokyo" in world["name"]


def test_embed_allows_fullscreen_and_takes_a_height(built) -> None:
    snippet = (built[2] / "map_embed.html").read_text(encoding="utf-8")
    assert 'allow="fullscreen"' in snippet and "height:70vh" in snippet and snippet.isascii()
    with pytest.raises(ValueError, match="CSS length"):
        embed_snippet("<p></p>", height="1px;background:url(x)")


def test_page_has_a_title_and_the_legend_uses_the_line_dashes(built) -> None:
    page = (built[2] / "map.html").read_text(encoding="utf-8")
    assert "<title>Strikes, December 2024</title>" in page
    assert 'stroke-dasharray=\\"6 4\\"' in page and 'stroke-dasharray=\\"8 5\\"' not in page  # no front here


def test_own_tiles_with_attribution(gaz) -> None:
    page = to_html(render_map((), tiles="https://tiles.example.org/{z}/{x}/{y}.png",
                              tiles_attribution="Our <tiles>", basemap_layer=False, labels=False), offline=False)
    assert '"url":"https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert '"attribution":"Our \\u0026lt;tiles\\u0026gt;"' in page  # escaped HTML, then HTML-safe JSON


def _open(p, path: str, viewport: dict[str, int] | None = None):
    chromium = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
    page = chromium.new_page(viewport=viewport or {"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(path)
    page.wait_for_function("window.geomapStats && window.geomapStats.incidents !== undefined")
    page.wait_for_timeout(300)
    return chromium, page, errors


def _chromium() -> str:
    from test_map import _browser

    return _browser()[1]


def _map_name(page) -> str:
    return page.evaluate("Object.keys(window).find(k => /^map_\\d+$/.test(k))")


@pytest.mark.browser
def test_labels_search_and_claim_labels_in_a_browser(built, tmp_path: Path) -> None:
    from test_map import _browser

    sync_playwright, _ = _browser()
    out = built[2]
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        browser, page, errors = _open(p, (out / "map.html").resolve().as_uri())
        labels = page.locator(".geomap-claim-label").all_inner_texts()
        assert "Kazan: 2 claims · measured 919 km · overstated / supported" in labels
        assert page.evaluate("window.geomapStats.claims") == 2 and page.evaluate("window.geomapStats.claimLines") == 1
        page.screenshot(path=str(shots / "map-overview.png"))
        # city zoom: place names around Kazan, in the reader's script
        page.evaluate(f"{_map_name(page)}.setView([55.79, 49.12], 11, {{animate: false}})")
        page.wait_for_timeout(500)
        names = page.locator(".geomap-place").all_inner_texts()
        assert "Kazan" in names and len(names) >= 3
        page.screenshot(path=str(shots / "map-city-zoom.png"))
        # search: type, pick, and the map goes there
        page.evaluate(f"{_map_name(page)}.setView([48, 30], 4, {{animate: false}})")
        page.fill(".geomap-search input", "khark")
        page.locator(".geomap-search li", has_text="Kharkiv").first.click()
        page.wait_for_timeout(500)
        centre = page.evaluate(f"{_map_name(page)}.getCenter()")
        assert abs(centre["lat"] - 49.98) < 0.2 and abs(centre["lng"] - 36.25) < 0.2
        # a popup of the incident at Kharkiv: every source with its quote
        page.evaluate(f"{_map_name(page)}.setView([49.98177, 36.25475], 14, {{animate: false}})")
        page.wait_for_timeout(500)
        box = page.evaluate(f"(() => {{ const m = {_map_name(page)}; const pt = m.latLngToContainerPoint("
                            "[49.98177, 36.25475]); const r = m.getContainer().getBoundingClientRect(); "
                            "return [r.left + pt.x, r.top + pt.y]; })()")
        page.mouse.click(box[0], box[1])
        page.locator(".leaflet-popup-content").wait_for(timeout=5000)
        assert "killed 3" in page.locator(".leaflet-popup-content").inner_text()
        page.fill(".geomap-search input", "")
        page.wait_for_timeout(600)  # the popup's fade-in
        page.screenshot(path=str(shots / "map-popup.png"))
        browser.close()
    assert errors == []


@pytest.mark.browser
def test_print_mode_and_small_screens(built, tmp_path: Path) -> None:
    from test_map import _browser

    sync_playwright, _ = _browser()
    out = built[2]
    with sync_playwright() as p:
        browser, page, errors = _open(p, (out / "map.html").resolve().as_uri() + "#print")
        hidden = page.evaluate("['.leaflet-control-zoom', '.leaflet-control-layers', '.geomap-search', "
                               "'.leaflet-control-measure'].map(s => getComputedStyle(document.querySelector(s))"
                               ".display)")
        assert hidden == ["none"] * 4
        shown = page.evaluate("['.geomap-legend', '.leaflet-control-scale', '.leaflet-control-attribution']"
                              ".map(s => getComputedStyle(document.querySelector(s)).display)")
        assert "none" not in shown and page.evaluate("document.querySelector('.geomap-legend').open")
        scale = page.evaluate("document.querySelector('.leaflet-control-scale').getBoundingClientRect().toJSON()")
        attrib = page.evaluate("document.querySelector('.leaflet-control-attribution').getBoundingClientRect()"
                               ".toJSON()")
        assert scale["right"] <= attrib["left"] or scale["bottom"] <= attrib["top"]  # no overlap
        browser.close()
        browser, page, errors2 = _open(p, (out / "map.html").resolve().as_uri(), {"width": 420, "height": 700})
        assert page.evaluate("document.querySelector('.geomap-legend').open") is False  # folded on a phone
        browser.close()
    assert errors == [] and errors2 == []


@pytest.mark.browser
def test_png_keeps_legend_and_labels(built, tmp_path: Path) -> None:
    from geomap.render import save_png

    png = save_png(built[2] / "map.html", _shots(tmp_path) / "map-png-export.png", width=1100, height=700)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 30_000


@pytest.mark.browser
def test_embed_in_a_host_page(built, tmp_path: Path) -> None:
    from test_map import _browser

    sync_playwright, _ = _browser()
    host = tmp_path / "report.html"
    host.write_text("<!doctype html><title>report</title><h1>Report</h1>"
                    + (built[2] / "map_embed.html").read_text(encoding="utf-8"), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:"))
                   else r.abort())
        page.goto(host.resolve().as_uri())
        frame = page.frame_locator("iframe")
        frame.locator(".geomap-legend").wait_for(timeout=10_000)
        assert frame.locator(".leaflet-control-zoom-fullscreen, .fullscreen-icon").count() >= 1
        assert page.evaluate("document.querySelector('iframe').allow") == "fullscreen"
        browser.close()
    assert errors == []


@pytest.mark.browser
def test_compressed_incident_data_loads_every_incident(gaz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large maps store their columns gzip-compressed; the browser unpacks them, popups intact."""
    from test_map import _browser

    from geomap import render

    sync_playwright, _ = _browser()
    monkeypatch.setattr(render, "COMPRESS_OVER", 10)
    ex = api.extract(ARTICLES, gazetteer=gaz)
    page_html = to_html(render_map(ex, basemap_layer=False, labels=False))
    assert re.search(r'var raw = "H4sI[A-Za-z0-9+/=]+";', page_html)  # gzip magic, base64
    path = tmp_path / "packed.html"
    path.write_text(page_html, encoding="utf-8")
    with sync_playwright() as p:
        browser, page, errors = _open(p, path.resolve().as_uri())
        assert page.evaluate("window.geomapStats.incidents") == len(ex.incident_records)
        browser.close()
    assert errors == []


@pytest.mark.browser
def test_an_events_estimate_is_drawn_in_a_browser(gaz, tmp_path: Path) -> None:
    """Issue 11: the point an event's claims give, and its uncertainty, show on the map."""
    from test_map import _browser

    assets_or_skip()
    sync_playwright, _ = _browser()
    ex = api.extract([Article("quake", "A strong earthquake hit central Myanmar. The epicentre was about 16 km "
                                       "northwest of Sagaing and about 20 km from Mandalay.", "2025-03-28")],
                     gazetteer=gaz)
    verdicts = api.verify(ex, gazetteer=gaz)
    write_map_files(render_map(ex, verdicts, title="Quake"), tmp_path)
    with sync_playwright() as p:
        browser, page, errors = _open(p, (tmp_path / "map.html").resolve().as_uri())
        assert "event placed by its claims" in page.locator(".geomap-legend").inner_text()
        name = _map_name(page)
        page.evaluate(f"{name}.setView([{verdicts[0].estimate_lat}, {verdicts[0].estimate_lon}], 11, "
                      "{animate: false})")
        page.wait_for_timeout(400)
        # the estimate circle and its centre: dashed paths drawn in the overlay pane, clickable to its claims
        paths = page.locator(".leaflet-overlay-pane path[stroke-dasharray='2 4']")
        assert paths.count() == 2
        paths.first.click(force=True)
        page.locator(".leaflet-popup-content").wait_for(timeout=5000)
        text = page.locator(".leaflet-popup-content").inner_text()
        assert "estimated the epicentre" in text and "which agree" in text
        browser.close()
    assert errors == []
