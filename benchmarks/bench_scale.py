"""Scale: api.extract against geotext, verify's claims/s, merging, streamed memory, 1 vs 2 Dask workers.

Run: ``python benchmarks/bench_scale.py [--articles 1000] [--stream 20000] [--dask]``. Every figure is
measured in this run on the same generated corpus (``corpus.py``: sentences written for geomap, places
drawn from the gazetteer); speeds are medians of 3 passes, and the speed target is a ratio to geotext
(which finds city names and resolves nothing), so the machine's speed cancels out.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import iter_corpus, make_corpus

from geomap import api
from geomap.gazetteer import Gazetteer


def _median_rate(n: int, fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return n / statistics.median(times)


def speed(n: int, gaz: Gazetteer) -> None:
    corpus = make_corpus(n, gazetteer=gaz)
    try:
        from geotext import GeoText
    except ImportError:
        sys.exit("pip install geotext (the figure is a ratio to it)")
    GeoText("warm up Paris")
    gt = _median_rate(n, lambda: [GeoText(a.text).cities for a in corpus])
    api.extract(corpus[:50], gazetteer=gaz, workers=1)  # references and front lines loaded once
    ex_rate = _median_rate(n, lambda: api.extract(corpus, gazetteer=gaz, workers=1))
    print(f"geotext (finds names, resolves nothing): {gt:9,.0f} articles/s")
    print(f"api.extract, 1 process:                  {ex_rate:9,.1f} articles/s   ratio to geotext {ex_rate / gt:.4f}")
    ex = api.extract(corpus, gazetteer=gaz, workers=1)
    claims = ex.claim_records
    api.verify(ex, gazetteer=gaz)  # the first call loads the borders
    v_rate = _median_rate(len(claims), lambda: api.verify(ex, gazetteer=gaz))
    print(f"api.verify:                              {v_rate:9,.0f} claims/s ({len(claims):,} claims)")
    from dataclasses import replace

    from geomap.incidents import merge

    few = ex.incident_records[:5]
    reports = [replace(inc, reports=tuple(replace(r, article_id=f"copy{n}") for r in inc.reports))
               for n in range(2_000) for inc in few]
    t = time.perf_counter()
    out = merge(reports)
    print(f"merge of {len(reports):,} reports of {len(few)} incidents, each told 2,000 times: "
          f"{time.perf_counter() - t:.2f} s -> {len(out):,} incidents")
    many = list(ex.incident_records) * 2
    t = time.perf_counter()
    merge(many)
    print(f"merge of {len(many):,} reports of varied news: {time.perf_counter() - t:.2f} s")


def streamed_memory(n: int, days: int, chars: int) -> None:
    """Peak RSS of `geomap extract` (one process) on n generated articles of about ``chars`` characters in a
    JSON Lines file."""
    tmp = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    src = tmp / "corpus.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for a in iter_corpus(n, days=days, chars=chars):
            fh.write(json.dumps({"id": a.id, "text": a.text, "date": a.date}) + "\n")
    code = ("import resource, sys\nfrom geomap.cli import app\n"
            "try:\n    app([\"extract\", sys.argv[1], \"--out\", sys.argv[2], \"--workers\", \"1\"])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(src), str(tmp / "out")], capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)
    dt = time.perf_counter() - t
    peak = int(done.stdout.strip().splitlines()[-1]) / 1024
    print(f"geomap extract (streamed, 1 process), {n:,} articles of ~{chars:,} characters over {days} days: "
          f"peak RSS {peak:,.0f} MB, {n / dt:,.0f} articles/s")
    shutil.rmtree(tmp, ignore_errors=True)


def dask_workers(n: int, gaz: Gazetteer) -> None:
    from dask.distributed import Client, LocalCluster

    corpus = make_corpus(n, gazetteer=gaz)
    rates = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
                Client(c) as client:
            api.extract(corpus[:100], gazetteer=gaz, client=client)  # each worker opens the index once
            rates[workers] = _median_rate(n, lambda client=client: api.extract(corpus, gazetteer=gaz, client=client),
                                          repeat=2)
        print(f"api.extract on a LocalCluster of {workers} worker(s): {rates[workers]:7,.1f} articles/s")
    print(f"1 -> 2 workers: {rates[2] / rates[1]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--stream", type=int, default=0, help="also measure a streamed run of this many articles")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--chars", type=int, default=3000, help="characters per article in the streamed run")
    parser.add_argument("--dask", action="store_true", help="also compare 1 and 2 Dask workers")
    args = parser.parse_args()
    gaz = Gazetteer.open()
    if args.articles:
        speed(args.articles, gaz)
    if args.stream:
        streamed_memory(args.stream, args.days, args.chars)
    if args.dask:
        dask_workers(args.articles, gaz)


if __name__ == "__main__":
    main()
