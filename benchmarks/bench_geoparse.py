"""Geoparsing speed: mentions + resolution on a generated corpus, against geotext (finding only).

Run: ``python benchmarks/bench_geoparse.py [--articles 10000]``. Prints articles per
second (median of 3 passes over the corpus, after a warm-up pass that fills the caches),
the one-time start-up (loading the name index), and peak memory (tracemalloc and RSS).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_corpus

from geomap.gazetteer import Gazetteer
from geomap.geoparse import Geoparser


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    gaz = Gazetteer.open()
    corpus = make_corpus(args.articles, gazetteer=gaz)
    chars = sum(len(a.text) for a in corpus) / len(corpus)
    print(f"corpus: {len(corpus):,} articles, {chars:,.0f} characters each on average")

    tracemalloc.start()
    t0 = time.perf_counter()
    gp = Geoparser(Gazetteer(gaz.index_path))
    startup = time.perf_counter() - t0
    print(f"start-up (name index into memory): {startup:.2f} s")

    def one_pass(fn) -> float:
        t = time.perf_counter()
        for a in corpus:
            fn(a)
        return time.perf_counter() - t

    warm = one_pass(gp.mentions)
    n_mentions = sum(len(gp.mentions(a)) for a in corpus[:200]) / 200
    times = [one_pass(gp.mentions) for _ in range(3)]
    rate = len(corpus) / statistics.median(times)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"geomap mentions+resolution: {rate:10,.0f} articles/s (median of 3; first, cold-cache pass "
          f"{len(corpus) / warm:,.0f}/s); {n_mentions:.1f} mentions per article")
    spans_rate = len(corpus) / statistics.median([one_pass(lambda a: gp.spans(a.text)) for _ in range(3)])
    print(f"geomap spans only:          {spans_rate:10,.0f} articles/s")
    print(f"peak memory: {peak / 1e6:,.0f} MB traced (Python objects), "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:,.0f} MB RSS for the whole process")
    try:
        from geotext import GeoText
    except ImportError:
        print("geotext not installed (pip install geotext) - no side-by-side figure")
        return
    GeoText("warm up Paris")
    gt = len(corpus) / statistics.median([one_pass(lambda a: GeoText(a.text).cities) for _ in range(3)])
    print(f"geotext (finding only, no resolution): {gt:10,.0f} articles/s; geomap/geotext = {rate / gt:.2f}")


if __name__ == "__main__":
    main()
