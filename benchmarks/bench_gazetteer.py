"""Gazetteer speed: index build, cold ``geomap resolve``, bulk lookups per second.

Run: ``python benchmarks/bench_gazetteer.py [--build]``. Prints medians; the
machine is shared and noisy, so compare medians and ratios, not single runs.
Targets (issue #2): a cold ``geomap resolve Kazan`` well under 1 s; bulk lookups
at 100,000+ names per second.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geomap.gazetteer import Gazetteer


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also time a full index build in a temp folder")
    parser.add_argument("--names", type=int, default=200_000)
    args = parser.parse_args()

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            t = median_time(lambda: Gazetteer.open(cache=Path(tmp) / "c"), 1)
            print(f"index build (first use):         {t:6.1f} s")

    gaz = Gazetteer.open()
    print(f"index: {gaz.index_path.stat().st_size / 1e6:.0f} MB, {int(gaz.meta['places']):,} places, "
          f"{int(gaz.meta['names']):,} names")
    cold = median_time(lambda: subprocess.run([sys.executable, "-m", "geomap", "resolve", "Kazan"],
                                              check=True, capture_output=True), 7)
    print(f"cold `geomap resolve Kazan`:      {cold * 1000:6.0f} ms (median of 7, whole process)")

    rng = random.Random(42)
    keys = [k for (k,) in gaz._con.execute("SELECT key FROM names")]
    uniform = rng.sample(keys, min(args.names, len(keys)))
    uniform += [f"{k}zz" for k in uniform[: len(uniform) // 10]]  # 10 % misses
    # news-like: names drawn with weight ~ population (big places named often), as typed
    named = [(p.name, max(p.population, 500)) for p in gaz.places[1:] if p is not None]
    news = rng.choices([n for n, _ in named], weights=[w for _, w in named], k=args.names)

    fresh = Gazetteer(gaz.index_path)
    t0 = time.perf_counter()
    fresh.lookup_many(uniform)
    first = time.perf_counter() - t0
    print(f"first bulk call (loads the in-memory index): {first:5.2f} s for {len(uniform):,} names "
          f"= {len(uniform) / first:9,.0f} names/s")
    for label, names in (("uniform over all 1.28M keys", uniform), ("news-like (population-weighted)", news)):
        t = median_time(lambda names=names: fresh.lookup_many(names), 5)
        print(f"warm lookup_many, {label:32s} {len(names) / t:10,.0f} names/s (median of 5)")

    def one_by_one() -> None:
        g = Gazetteer(gaz.index_path)
        for name in uniform[:50_000]:
            g.lookup(name)

    t = median_time(one_by_one, 3)
    print(f"lookup() one at a time (SQLite, uncached):      {50_000 / t:10,.0f} names/s (median of 3)")


if __name__ == "__main__":
    main()
