"""Map scale: 100,000 generated incidents rendered to one offline HTML file, against the naive map.

Run: ``python benchmarks/bench_map.py [--n 100000] [--naive-n 100000]``. Prints seconds to build and
render, file size (MB), and, when Chromium and playwright are present, the seconds until the page
has loaded all incidents, for geomap's single clustered GeoJSON layer and for a folium map with one
``Marker`` + ``Popup`` per incident.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import folium

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


def browser_seconds(path: Path, expect: str) -> float | None:
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = b.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        t0 = time.perf_counter()
        page.goto(path.as_uri(), timeout=600_000)
        page.wait_for_function(expect, timeout=600_000)
        dt = time.perf_counter() - t0
        b.close()
    return dt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--naive-n", type=int, default=100_000)
    args = parser.parse_args()
    gaz = Gazetteer.open()
    tmp = Path(tempfile.mkdtemp())
    incidents = make_incidents(args.n, gaz)

    t0 = time.perf_counter()
    page = to_html(render_map(incidents, title="benchmark"))
    dt = time.perf_counter() - t0
    ours = tmp / "geomap.html"
    ours.write_text(page, encoding="utf-8")
    load = browser_seconds(ours, "window.geomapStats && window.geomapStats.incidents > 0")
    print(f"geomap, {args.n:,} incidents: render {dt:6.1f} s, {ours.stat().st_size / 1e6:6.1f} MB"
          + (f", browser load {load:5.1f} s" if load is not None else ""))

    naive_inc = incidents[: args.naive_n]
    t0 = time.perf_counter()
    m = folium.Map(location=[49, 32], zoom_start=5)
    for inc in naive_inc:
        folium.Marker([inc.lat, inc.lon], popup=folium.Popup(inc.reports[0].sentence),
                      tooltip=f"{inc.category} at {inc.place}").add_to(m)
    naive_page = m.get_root().render()
    dt_naive = time.perf_counter() - t0
    naive = tmp / "naive.html"
    naive.write_text(naive_page, encoding="utf-8")
    print(f"naive folium, one Marker+Popup each, {len(naive_inc):,}: render {dt_naive:6.1f} s, "
          f"{naive.stat().st_size / 1e6:6.1f} MB, and it needs 10 CDN files to draw anything (not timed in the "
          "browser: offline it shows nothing)")
    print(f"ratio render time naive/geomap at equal n: {dt_naive / dt * args.n / len(naive_inc):.1f}x")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
