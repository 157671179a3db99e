"""Geoparsing speed: mentions + resolution on a generated corpus, against geotext (finding only).

Run: ``python benchmarks/bench_geoparse.py [--articles 10000]``. Prints articles per
second (median of 3 passes over the corpus, after a warm-up pass that fills the caches),
the one-time start-up (loading the name index), and peak memory (tracemalloc and RSS).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_corpus

from geomap.gazetteer import Gazetteer
from geomap.geoparse import Geoparser


def _peak_rss_mb(n: int) -> float:
    """Peak resident memory of a child process that builds the parser and reads ``n`` articles."""
    code = (
        f"import resource, sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from corpus import make_corpus\nfrom geomap.gazetteer import Gazetteer\n"
        "from geomap.geoparse import Geoparser\n"
        f"g = Gazetteer.open(); c = make_corpus({n}, gazetteer=g); p = Geoparser(g)\n"
        "[p.mentions(a) for a in c]\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    gaz = Gazetteer.open()
    corpus = make_corpus(args.articles, gazetteer=gaz)
    chars = sum(len(a.text) for a in corpus) / len(corpus)
    print(f"corpus: {len(corpus):,} articles, {chars:,.0f} characters each on average")

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
    peak_mb = _peak_rss_mb(len(corpus))
    print(f"geomap mentions+resolution: {rate:10,.0f} articles/s (median of 3; first, cold-cache pass "
          f"{len(corpus) / warm:,.0f}/s); {n_mentions:.1f} mentions per article")
    from geomap import api

    for workers in (1, 2):
        t0 = time.perf_counter()
        api.extract(corpus, gazetteer=gaz, workers=workers)
        dt = time.perf_counter() - t0
        print(f"api.extract (mentions, claims, incidents), {workers} process(es): {len(corpus) / dt:8,.0f} articles/s "
              f"including start-up")
    spans_rate = len(corpus) / statistics.median([one_pass(lambda a: gp.spans(a.text)) for _ in range(3)])
    print(f"geomap spans only:          {spans_rate:10,.0f} articles/s")
    print(f"peak memory (RSS of a fresh process that reads the {len(corpus):,} articles): {peak_mb:,.0f} MB")
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
