"""Point-to-line speed: 1,000,000 points against a 1,000-vertex line, and the naive baseline.

Run: ``python benchmarks/bench_geodesy.py``. Reports points per second for
:meth:`geomap.geodesy.GeometryIndex.nearest_many` (medians of 3), and the ratio to a
plain Python loop over geopy's geodesic (each point against every vertex) on a sample.
Also the per-query cost of the real references (border:UA, front line).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import shapely
from geopy.distance import geodesic as geopy_geodesic

from geomap.geodesy import GeometryIndex


def main() -> None:
    rng = np.random.default_rng(42)
    xy = np.cumsum(rng.normal(0, 0.02, (1000, 2)), axis=0) + np.array([35.0, 48.0])
    line = shapely.LineString(xy)
    n = 1_000_000
    lats, lons = rng.uniform(44, 53, n), rng.uniform(28, 42, n)

    t0 = time.perf_counter()
    index = GeometryIndex(line)
    index.nearest(48.0, 35.0)  # builds the KD-tree
    build = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        index.nearest_many(lats, lons)
        times.append(time.perf_counter() - t0)
    vec = n / statistics.median(times)
    print(f"line: 1,000 vertices, {index.n_segments:,} edges after splitting to <= 2 km; index built in {build:.2f} s")
    print(f"geomap nearest_many:   {vec:12,.0f} points/s  (1,000,000 points, median of 3: "
          f"{statistics.median(times):.2f} s)")

    sample = 20
    vertices = [(y, x) for x, y in xy]
    t0 = time.perf_counter()
    for i in range(sample):
        p = (lats[i], lons[i])
        min(geopy_geodesic(p, v).km for v in vertices)
    loop = sample / (time.perf_counter() - t0)
    print(f"geopy loop (vertices): {loop:12,.1f} points/s  ({sample} points x 1,000 vertices)")
    print(f"ratio:                 {vec / loop:12,.0f} x")

    from geomap.references import reference

    for name in ("border:UA", "front:2024-12-21"):
        ref = reference(name)
        t0 = time.perf_counter()
        idx = ref.index
        idx.nearest(48.0, 35.0)
        built = time.perf_counter() - t0
        pts = 100_000
        t0 = time.perf_counter()
        idx.nearest_many(lats[:pts], lons[:pts])
        rate = pts / (time.perf_counter() - t0)
        print(f"{name:18s} {idx.n_segments:7,} edges, index {built:.2f} s, {rate:10,.0f} points/s")


if __name__ == "__main__":
    main()
