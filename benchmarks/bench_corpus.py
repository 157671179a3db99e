"""Geoparsing measured on an annotated news corpus in the GeoWebNews (or LGL) XML format (issue 10).

    python benchmarks/bench_corpus.py ../shared/corpora/GWN.xml [--limit N]
    python benchmarks/bench_corpus.py lgl.xml         # LGL's format (local US news) is read too

The corpus is read from the path given; it is never copied into the project. Two measures, both
through the public contracts an outside evaluation uses:

* **Resolution, gold mentions given**: for every toponym with a GeoNames id and a coordinate,
  ``geomap.resolve(name, article_text)``. Acc@161 (the pick within 161 km of the gold point);
  the right-entity rate (the same GeoNames id, or within 161 km: a country or region picked for
  itself counts through its id); median and mean error (km); AUC of the log error curve (Gritta et
  al. 2019: 0 is perfect, 1 is as far as the Earth allows); by the corpus's type of toponym. A name
  geomap does not know counts as the largest error (20,039 km).
* **End to end**: ``geomap.api.extract`` finds and resolves mentions itself. A found mention that
  overlaps a gold toponym with a coordinate is a true positive; precision, recall and F1 by span
  overlap, and again requiring the pick within 161 km.

Throughput: toponyms resolved per second, articles extracted per second.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

MAX_KM = 20_039.0  # half the Earth's circumference: the largest possible error


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    name: str
    kind: str
    geonames_id: str
    lat: float | None
    lon: float | None


def read_corpus(path: Path) -> list[tuple[str, str, list[Gold]]]:
    """(article id, text, toponyms) for every article of an XML corpus in GeoWebNews's format (``extractedName``,
    ``type``, ``geonamesID``, ``latitude``, ``longitude``) or in LGL's (Lieberman et al.'s local news, as Gritta et
    al. publish it: ``phrase`` and a ``gaztag`` with its ``geonameid``, ``fcode``, ``lat``, ``lon``; the feature
    code stands for the type). A toponym without a coordinate is kept as unplaced."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            if tag is not None or t.find("phrase") is not None:  # LGL
                lat = tag.findtext("lat") if tag is not None else None
                lon = tag.findtext("lon") if tag is not None else None
                gid = (tag.get("geonameid") or "") if tag is not None else ""
                name, kind = t.findtext("phrase") or "", (tag.findtext("fcode") or "") if tag is not None else ""
            else:
                lat, lon = t.findtext("latitude"), t.findtext("longitude")
                gid, name, kind = t.findtext("geonamesID") or "", t.findtext("extractedName") or "", \
                    t.findtext("type") or ""
            golds.append(Gold(int(t.findtext("start") or 0), int(t.findtext("end") or 0), name, kind, gid.strip(),
                              float(lat) if lat else None, float(lon) if lon else None))
        out.append((art.get("file") or art.get("docid") or str(len(out)), text, golds))
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def auc(errors: list[float]) -> float:
    """Area under the curve of log(1 + error) / log(1 + max), errors sorted (Gritta et al.): 0 is perfect."""
    if not errors:
        return float("nan")
    scaled = sorted(math.log1p(e) / math.log1p(MAX_KM) for e in errors)
    return sum(scaled) / len(scaled)


def _resolve_all(corpus: list[tuple[str, str, list[Gold]]]) -> list[tuple[str, float, bool]]:
    """(type, error km, right entity) of every gold toponym with a GeoNames id."""
    import geomap
    from geomap.errors import NotFoundError

    rows: list[tuple[str, float, bool]] = []
    for _, text, golds in corpus:
        for g in golds:
            if not g.geonames_id or g.lat is None or g.lon is None:
                continue
            try:
                place = geomap.resolve(g.name, text).pick.place
            except NotFoundError:
                rows.append((g.kind, MAX_KM, False))
                continue
            err = km(place.lat, place.lon, g.lat, g.lon)
            rows.append((g.kind, err, place.source == f"geonames:{g.geonames_id}" or err <= 161))
    return rows


def resolution(corpus: list[tuple[str, str, list[Gold]]]) -> None:
    from geomap import api

    t0 = time.perf_counter()
    rows = _resolve_all(corpus)  # first pass: opens the index, reads its pages from disk
    cold = len(rows) / (time.perf_counter() - t0)
    api._article_context.cache_clear()  # warm: the index open, no text's context kept from the first pass
    api._text_mentions.cache_clear()
    t0 = time.perf_counter()
    _resolve_all(corpus)
    warm = len(rows) / (time.perf_counter() - t0)
    print(f"Resolution, gold mentions given: {len(rows):,} toponyms with a GeoNames id, "
          f"{warm:,.0f} toponyms/s warm ({cold:,.0f} on the first pass, which opens the index)")
    print(f"{'type':<22} {'n':>6} {'Acc@161':>8} {'right':>7} {'median km':>10} {'mean km':>9} {'AUC':>6}")
    by_type: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for kind, err, right in rows:
        by_type[kind].append((err, right))
        by_type["(all)"].append((err, right))
    for kind, vals in sorted(by_type.items(), key=lambda kv: (kv[0] != "(all)", -len(kv[1]))):
        errs = [e for e, _ in vals]
        print(f"{kind:<22} {len(vals):>6} {sum(e <= 161 for e in errs) / len(vals):>8.1%} "
              f"{sum(r for _, r in vals) / len(vals):>7.1%} {statistics.median(errs):>10,.0f} "
              f"{statistics.fmean(errs):>9,.0f} {auc(errs):>6.3f}")


def end_to_end(corpus: list[tuple[str, str, list[Gold]]]) -> None:
    from geomap import api
    from geomap.models import Article

    articles = [Article(aid, text) for aid, text, _ in corpus]
    t0 = time.perf_counter()
    ex = api.extract(articles, workers=1)
    dt = time.perf_counter() - t0
    found: dict[str, list] = defaultdict(list)
    for m in ex.mention_records:
        found[m.article_id].append(m)
    tp = tp_loc = n_found = n_gold = hit = hit_loc = 0
    for aid, _, golds in corpus:
        gold = [g for g in golds if g.lat is not None]
        ments = found.get(aid, [])
        n_found += len(ments)
        n_gold += len(gold)
        for m in ments:
            overlap = [g for g in gold if m.start < g.end and g.start < m.end]
            if overlap:
                tp += 1
                p = m.candidate.place if m.candidate else None
                if p is not None and any(km(p.lat, p.lon, g.lat, g.lon) <= 161 for g in overlap):
                    tp_loc += 1
        for g in gold:
            over = [m for m in ments if m.start < g.end and g.start < m.end]
            hit += bool(over)
            hit_loc += any(m.candidate and km(m.candidate.place.lat, m.candidate.place.lon, g.lat, g.lon) <= 161
                           for m in over)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    p, r = tp / max(n_found, 1), hit / max(n_gold, 1)
    pl, rl = tp_loc / max(n_found, 1), hit_loc / max(n_gold, 1)
    print(f"End to end: {len(articles)} articles, {n_found:,} mentions found, {n_gold:,} gold toponyms with a "
          f"coordinate, {len(articles) / dt:,.1f} articles/s")
    print(f"  recognition (span overlap):      precision {p:.3f}  recall {r:.3f}  F1 {f1(p, r):.3f}")
    print(f"  and placed within 161 km:        precision {pl:.3f}  recall {rl:.3f}  F1 {f1(pl, rl):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="an XML corpus in GeoWebNews's or LGL's format")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    corpus = read_corpus(args.corpus)
    if args.limit:
        corpus = corpus[: args.limit]
    resolution(corpus)
    end_to_end(corpus)


if __name__ == "__main__":
    main()
