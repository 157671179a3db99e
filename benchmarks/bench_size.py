"""Time and peak memory of one article as it grows from 10 KB to 10 MB: they must grow linearly.

Each size runs in a fresh process (``api.read`` with no size limit, then ``api.extract`` and
``api.verify``), so peak RSS is that size's own. Three kinds of text, each the worst of its kind:
news-like prose (``benchmarks/corpus.py`` sentences), one place name repeated with no sentence end
("Kazan Kazan ..."), and one unbroken run of capitalised words. Prints seconds, peak MB, and the
ratio of each step to the one before (time x10 for size x10 is linear; x100 would be quadratic).

    python benchmarks/bench_size.py              # 10 KB .. 10 MB, three kinds (a few minutes)
    python benchmarks/bench_size.py --max-mb 1   # quicker
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from geomap import api
from geomap.gazetteer import default_gazetteer

path, kind = sys.argv[1], sys.argv[2]
gaz = default_gazetteer()
gaz.lookup("Kazan")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
articles, _ = api.read([path], max_chars=0)
ex = api.extract(articles, gazetteer=gaz)
verdicts = api.verify(ex, gazetteer=gaz)
rows = len(ex.mentions) + len(ex.incidents) + len(verdicts)
dt = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": dt, "peak_mb": peak / 1024, "start_mb": base / 1024, "mentions": len(ex.mentions),
                  "rows": rows}))
"""


def make_text(kind: str, chars: int) -> str:
    if kind == "news":
        sys.path.insert(0, str(Path(__file__).parent))
        from corpus import make_corpus

        parts: list[str] = []
        total, seed = 0, 0
        while total < chars:
            for a in make_corpus(50, seed=seed):
                parts.append(a.text)
                total += len(a.text) + 2
            seed += 1
        return "\n\n".join(parts)[:chars]
    if kind == "repeated":
        return ("Kazan " * (chars // 6 + 1))[:chars]
    words = ("Alpha", "Boston", "Paris", "Moscow", "Kazan", "Center", "Court", "River", "Green", "Smith", "Lake")
    out, n = [], 0
    i = 0
    while n < chars:
        w = words[(i * 7 + i // 11) % len(words)]
        out.append(w)
        n += len(w) + 1
        i += 1
    return " ".join(out)[:chars]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-mb", type=float, default=10.0)
    ap.add_argument("--kinds", default="news,repeated,capitalised")
    args = ap.parse_args()
    sizes = [s for s in (10_000, 100_000, 1_000_000, 10_000_000) if s <= args.max_mb * 1_000_000]
    print(f"{'kind':<12} {'size':>10} {'seconds':>8} {'x time':>7} {'peak MB':>8} {'+MB':>7} {'x +MB':>6} "
          f"{'mentions':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            prev = None
            for size in sizes:
                path = Path(tmp) / f"{kind}-{size}.txt"
                path.write_text("date: 2024-12-21\n\n" + make_text(kind, size), encoding="utf-8")
                out = subprocess.run([sys.executable, "-c", CHILD, str(path), kind], capture_output=True, text=True,
                                     check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                grown = r["peak_mb"] - r["start_mb"]
                x_t = f"{r['seconds'] / prev[0]:.1f}" if prev else ""
                x_m = f"{grown / prev[1]:.1f}" if prev and prev[1] > 1 else ""
                print(f"{kind:<12} {size:>10,} {r['seconds']:>8.2f} {x_t:>7} {r['peak_mb']:>8.0f} {grown:>7.0f} "
                      f"{x_m:>6} {r['mentions']:>9,}", flush=True)
                prev = (r["seconds"], max(grown, 1.0))


if __name__ == "__main__":
    main()
