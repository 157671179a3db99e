"""Map scale: 100,000 generated incidents in one offline HTML file, side by side with folium's FastMarkerCluster.

Run: ``python benchmarks/bench_map.py [--n 100000] [--repeat 3]``. For geomap's map (every popup's
sources, quotes and figures, the date filter, the legend, the basemap) and for a FastMarkerCluster map
of the same points (bare markers, no popups, no basemap), both inlined to work offline, prints the
render time, the file size, and the median seconds until the clusters are drawn in headless Chromium
(network blocked), and the ratio of the two. Targets: <= 12 MB, interactive <= 1.5x FastMarkerCluster.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import folium
from folium.plugins import FastMarkerCluster

from geomap.gazetteer import Gazetteer
from geomap.incidents import TAXONOMY, Incident, Report
from geomap.render import render_map, to_html


def make_incidents(n: int, gaz: Gazetteer, seed: int = 7) -> list[Incident]:
    rng = random.Random(seed)
    pool = [p for p in gaz.places[1:80_000] if p is not None and p.country in ("UA", "RU", "BY", "MD", "PL")]
    cats = list(TAXONOMY)
    out = []
    for i in range(n):
        p = rng.choice(pool)
        day = f"2024-12-{rng.randint(1, 28):02d}"
        cat = rng.choice(cats)
        out.append(Incident(
            category=cat, event_date=day, date_precision="day", place=p.name, admin1=p.admin1, country=p.country,
            lat=p.lat, lon=p.lon, place_source=p.source, place_kind=p.kind, geo_precision=1, actor1="", actor2="",
            reports=(Report(f"a{i}", "Bench Wire", f"Report {i}: {cat} near {p.name} on {day}.",
                            injured=rng.choice((None, 0, 1, 3))),)))
    return out


READY = "document.querySelectorAll('.marker-cluster').length > 0"


def browser_seconds(path: Path, repeat: int) -> float | None:
    """Median seconds from navigation until clusters are on screen (page errors fail the run)."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    times = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(repeat):
            page = b.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                       else r.abort())
            t0 = time.perf_counter()
            page.goto(path.as_uri(), timeout=600_000)
            page.wait_for_function(READY, timeout=600_000)
            times.append(time.perf_counter() - t0)
            if errors:
                raise SystemExit(f"{path.name}: page error: {errors[0]}")
            page.close()
        b.close()
    return statistics.median(times)


def fast_marker_cluster_page(incidents: list[Incident]) -> str:
    from geomap.render import LEAFLET_CSS, LEAFLET_JS, _Zoom

    m = folium.Map(location=[49, 32], zoom_start=5, tiles=None)
    m.add_child(_Zoom())  # markercluster needs the map's maxZoom, which a map without tiles does not set
    m.default_js = [("leaflet", LEAFLET_JS)]  # folium's other defaults (jQuery, Bootstrap) have no offline copy
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    # plain markers: folium's default callback needs the Awesome Markers plugin, which has no offline copy
    FastMarkerCluster([[i.lat, i.lon] for i in incidents],
                      callback="function (row) { return L.marker(new L.LatLng(row[0], row[1])); }").add_to(m)
    return to_html(m)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gaz = Gazetteer.open()
    tmp = Path(tempfile.mkdtemp())
    incidents = make_incidents(args.n, gaz)
    rows = []
    for name, build in (("geomap", lambda: to_html(render_map(incidents, title="benchmark"))),
                        ("FastMarkerCluster", lambda: fast_marker_cluster_page(incidents))):
        t0 = time.perf_counter()
        page = build()
        dt = time.perf_counter() - t0
        path = tmp / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        load = browser_seconds(path, args.repeat)
        rows.append((name, dt, path.stat().st_size / 1e6, load))
        print(f"{name:<18} {args.n:,} incidents: render {dt:5.1f} s, {rows[-1][2]:5.1f} MB"
              + (f", clusters drawn after {load:5.2f} s (median of {args.repeat})" if load is not None else ""),
              flush=True)
    if rows[0][3] and rows[1][3]:
        print(f"geomap / FastMarkerCluster: size {rows[0][2] / rows[1][2]:.2f}x, "
              f"interactive {rows[0][3] / rows[1][3]:.2f}x")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
