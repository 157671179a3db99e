"""Runs that do not fit in memory, and runs on more than one machine.

Owns: processing articles in chunks (:class:`ChunkReader`: in this process, a process pool kept for the
whole run, or a Dask cluster), appending tables as chunks finish (:class:`TableOut`: CSV or Parquet;
:class:`FeaturesOut`: GeoJSON), spilling incidents to disk and merging them in date order
(:class:`IncidentSpill`), and the Dask path (:func:`dask_extract`): articles processed per partition on
the workers, incidents merged after a shuffle keyed by (date, place cell) in which neighbouring cells and
days meet. Every path writes the same bytes as :func:`geomap.api.extract` on the same input.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import InputError
from geomap.models import Article

if TYPE_CHECKING:
    import pandas as pd

    from geomap.gazetteer import Gazetteer
    from geomap.incidents import Incident
    from geomap.reading import ReadProblem

CHUNK_ARTICLES = 1000
"""Articles read, processed and written per chunk by a streamed run."""
PART_ARTICLES = 64
"""Articles per task sent to a worker process or a Dask worker."""
KEEP_FOR_MAP = 50_000
"""A streamed ``run`` draws the map and writes report.md/report.json when it has at most this many incidents
and claims; above it the tables are written and the map and report are left out (they would not open)."""

FORMATS = ("csv", "parquet")
START_METHOD = "forkserver" if sys.platform.startswith("linux") else "spawn"
"""How worker processes start: clean, never forked from a process that has run OpenMP code (pykdtree's
queries), which hangs the forked child in libgomp. As with any multiprocessing code, a script that asks for
several workers keeps its top level under ``if __name__ == "__main__":``."""


# --------------------------------------------------------------------------- processing chunks


class ChunkReader:
    """Reads chunks of articles (mentions, claims, incidents of each): in this process (``workers=1``), in a
    pool of worker processes kept for the whole run (each opens the gazetteer index once), or on a Dask
    cluster (``client``). Results come back in input order."""

    def __init__(self, gazetteer: Gazetteer, *, workers: int | None = None, client: Any = None) -> None:
        self.gazetteer = gazetteer
        self.client = client
        self.workers = 1 if client is not None else (workers if workers is not None else (os.cpu_count() or 1))
        self._pool: Any = None
        self._reader: Any = None

    def read(self, chunk: Sequence[Article]) -> list[Any]:
        from geomap.api import _worker_read

        parts = [chunk[i:i + PART_ARTICLES] for i in range(0, len(chunk), PART_ARTICLES)]
        index = str(self.gazetteer.index_path)
        if self.client is not None:
            futures = self.client.map(_worker_read, [index] * len(parts), parts, pure=False)
            return [r for part in self.client.gather(futures) for r in part]
        if self.workers > 1 and (self._pool is not None or len(chunk) > PART_ARTICLES):  # a pool, once started
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                ctx = multiprocessing.get_context(START_METHOD)
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
            return [r for part in self._pool.map(_worker_read, [index] * len(parts), parts) for r in part]
        if self._reader is None:
            from geomap.api import _Reader

            self._reader = _Reader(self.gazetteer, bulk=True)
        return [self._reader.read(a) for a in chunk]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> ChunkReader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# --------------------------------------------------------------------------- writing as we go


class TableOut:
    """One table appended chunk by chunk: CSV (the header once, the bytes :func:`geomap.io.write_csv` writes for
    the whole table) or Parquet (one row group per chunk; needs pyarrow: ``pip install 'geomap[parquet]'``)."""

    def __init__(self, path: Path, columns: Sequence[str], fmt: str = "csv") -> None:
        if fmt not in FORMATS:
            raise InputError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        self.path = path.with_suffix(f".{fmt}")
        self.columns = list(columns)
        self.fmt = fmt
        self.rows = 0
        self._fh: Any = None
        self._writer: Any = None
        self._schema: Any = None

    def write(self, df: pd.DataFrame) -> None:
        if self.fmt == "csv":
            if self._fh is None:
                self._fh = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in close)
            self._fh.write(df.to_csv(index=False, header=self._fh.tell() == 0, lineterminator="\n"))
        else:
            if df.empty and self._writer is not None:
                return
            table = _arrow_table(df, self.columns)
            if self._writer is None:
                import pyarrow.parquet as pq

                self._schema = table.schema
                self._writer = pq.ParquetWriter(self.path, self._schema)
            self._writer.write_table(table.cast(self._schema))
        self.rows += len(df)

    def close(self) -> Path:
        """Finish the file (an empty table still gets its header or schema); returns its path."""
        if self.fmt == "csv":
            if self._fh is None:
                import pandas as pd

                self.write(pd.DataFrame(columns=self.columns))
            self._fh.close()
        else:
            if self._writer is None:
                import pandas as pd

                self.write(pd.DataFrame(columns=self.columns))
            self._writer.close()
        return self.path


def _arrow_table(df: pd.DataFrame, columns: Sequence[str]) -> Any:
    """The chunk as an Arrow table whose column types do not depend on the chunk: text columns are strings
    (an all-empty column of a chunk would otherwise be typed null), numbers as pandas typed them."""
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise InputError(f"--format parquet needs pyarrow: pip install 'geomap[parquet]' ({exc})") from None
    arrays = []
    for name in columns:
        col = df[name]
        if col.dtype == object or str(col.dtype) in ("str", "string"):
            arrays.append(pa.array([None if v is None or v != v else str(v) for v in col], type=pa.string()))
        else:
            arrays.append(pa.Array.from_pandas(col))
    return pa.Table.from_arrays(arrays, names=list(columns))


class FeaturesOut:
    """A GeoJSON FeatureCollection written feature by feature: the bytes :func:`geomap.io.write_json` writes for
    the whole collection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in close)
        self._fh.write('{\n  "type": "FeatureCollection",\n  "features": [')

    def write(self, features: Iterable[dict[str, Any]]) -> None:
        from geomap.io import _default

        for f in features:
            text = json.dumps(f, ensure_ascii=False, indent=2, allow_nan=False, default=_default)
            self._fh.write(("\n" if self.count == 0 else ",\n") + textwrap.indent(text, "    "))
            self.count += 1

    def close(self) -> Path:
        self._fh.write("\n  ]\n}\n" if self.count else "]\n}\n")
        self._fh.close()
        return self.path


# --------------------------------------------------------------------------- incidents on disk


class IncidentSpill:
    """Every article's incidents, kept on disk (SQLite) until all articles are read, then merged in date order
    (:class:`geomap.incidents.IncidentMerger`), holding only the incidents a later report can still join."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(path)
        self._con.execute("PRAGMA journal_mode=OFF")
        self._con.execute("PRAGMA synchronous=OFF")
        self._con.execute("CREATE TABLE spill (date TEXT NOT NULL, seq INTEGER NOT NULL, blob BLOB NOT NULL)")
        self.count = 0

    def add(self, incidents: Iterable[Incident]) -> None:
        from geomap.incidents import date_key

        rows = []
        for inc in incidents:
            rows.append((date_key(inc), self.count, pickle.dumps(inc, protocol=pickle.HIGHEST_PROTOCOL)))
            self.count += 1
        self._con.executemany("INSERT INTO spill VALUES (?, ?, ?)", rows)

    def merged(self) -> Iterator[list[Incident]]:
        """Batches of merged incidents, in the order of the incidents table (:func:`geomap.incidents.row_key`)."""
        from geomap.incidents import IncidentMerger

        self._con.commit()
        self._con.execute("CREATE INDEX spill_order ON spill (date, seq)")
        merger = IncidentMerger()
        for (blob,) in self._con.execute("SELECT blob FROM spill ORDER BY date, seq"):
            closed = merger.add(pickle.loads(blob))
            if closed:
                yield closed
        yield merger.finish()

    def close(self) -> None:
        self._con.close()
        self.path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- a streamed run


@dataclass
class StreamResult:
    """What a streamed run read and wrote."""

    articles: int = 0
    mentions: int = 0
    incidents: int = 0
    claims: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    problems: list[ReadProblem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    outlets: dict[str, str] = field(default_factory=dict)
    incident_records: list[Incident] | None = field(default_factory=list)
    """The merged incidents, while there are at most :data:`KEEP_FOR_MAP` (None beyond: not kept)."""
    verdict_records: list[Any] | None = field(default_factory=list)
    """The verdicts, while there are at most :data:`KEEP_FOR_MAP` (None beyond: not kept)."""


def _keep(kept: list[Any] | None, items: Sequence[Any]) -> list[Any] | None:
    if kept is None or len(kept) + len(items) > KEEP_FOR_MAP:
        return None
    kept.extend(items)
    return kept


def stream(items: Iterable[Article | ReadProblem], out: Path, *, gazetteer: Gazetteer | None = None,
           verify: bool = False, tolerances: Any = None, front: Any = None, fmt: str = "csv", acled: bool = False,
           chunk_articles: int = CHUNK_ARTICLES, workers: int | None = None, client: Any = None,
           progress: Callable[[int], None] | None = None,
           on_problem: Callable[[ReadProblem], None] | None = None) -> StreamResult:
    """Read ``items`` (articles, or problems met reading them: see :func:`geomap.reading.iter_articles`) chunk by
    chunk and write mentions, claims (with verdicts when ``verify``), incidents (merged across all articles at
    the end, from disk), incidents.geojson, claims.geojson (``verify``) and incidents_acled.csv (``acled``)
    into the folder ``out``. Memory holds one chunk and the incidents of about two days, not the run.

    ``progress(n)`` is called with the number of articles read so far; ``on_problem`` with each problem.
    """

    from geomap.api import MENTION_COLUMNS, claim_table, mention_table
    from geomap.claims import CLAIM_COLUMNS
    from geomap.gazetteer import default_gazetteer
    from geomap.io import claim_lines
    from geomap.verify import VERDICT_COLUMNS, verdict_table

    gaz = gazetteer or default_gazetteer()
    out = Path(out)
    result = StreamResult()
    mentions_out = TableOut(out / "mentions.csv", MENTION_COLUMNS, fmt)
    claims_out = TableOut(out / "claims.csv", VERDICT_COLUMNS if verify else CLAIM_COLUMNS, fmt)
    lines_out = FeaturesOut(out / "claims.geojson") if verify else None
    spill = IncidentSpill(out / ".incidents.spill.sqlite")
    verifier = None
    if verify:
        from geomap.verify import Verifier

        verifier = Verifier(gazetteer=gaz, tolerances=tolerances, front_source=front)

    def problem(p: ReadProblem) -> None:
        result.problems.append(p)
        if on_problem is not None:
            on_problem(p)

    def flush(chunk: list[Article]) -> None:
        found: list[Any] = []
        claims: list[Any] = []
        for found_one, claims_one, incidents, bad in reader.read(chunk):
            if bad is not None:
                problem(bad)
            found.extend(found_one)
            claims.extend(claims_one)
            spill.add(incidents)
        result.mentions += len(found)
        result.claims += len(claims)
        if found:  # one table per chunk: a DataFrame per article cost more than reading the article
            mentions_out.write(mention_table(found))
        if claims and verifier is None:
            claims_out.write(claim_table(claims))
        elif claims:
            assert verifier is not None and lines_out is not None
            verdicts = verifier.verify_all(claims)
            result.verdicts.update(v.verdict for v in verdicts)
            claims_out.write(verdict_table(verdicts))
            lines_out.write(claim_lines(verdicts)["features"])
            result.verdict_records = _keep(result.verdict_records, verdicts)
        result.articles += len(chunk)
        if progress is not None:
            progress(result.articles)

    chunk: list[Article] = []
    with ChunkReader(gaz, workers=workers, client=client) as reader:
        try:
            for item in items:
                if not isinstance(item, Article):
                    problem(item)
                    continue
                chunk.append(item)
                if item.outlet and verify and result.verdict_records is not None:  # for the report only
                    result.outlets[item.id] = item.outlet
                if len(chunk) >= chunk_articles:
                    flush(chunk)
                    chunk = []
            if chunk:
                flush(chunk)
            result.files += [mentions_out.close(), claims_out.close()]
            if lines_out is not None:
                result.files.append(lines_out.close())
            result.files += _write_incidents(spill, out, fmt, acled, result)
        finally:
            spill.close()
    return result


def _write_incidents(spill: IncidentSpill, out: Path, fmt: str, acled: bool, result: StreamResult,
                     chunk_incidents: int = CHUNK_ARTICLES) -> list[Path]:
    from geomap.incidents import INCIDENT_COLUMNS, incident_rows, incident_table
    from geomap.io import ACLED_COLUMNS, acled_context, acled_rows, feature_collection

    table = TableOut(out / "incidents.csv", INCIDENT_COLUMNS, fmt)
    points = FeaturesOut(out / "incidents.geojson")
    acled_out = TableOut(out / "incidents_acled.csv", ACLED_COLUMNS, "csv") if acled else None
    context = acled_context() if acled else None
    def write(batch: list[Incident]) -> None:
        rows = incident_rows(batch, first_id=result.incidents + 1)
        result.incidents += len(rows)
        table.write(incident_table(rows))
        points.write(feature_collection(rows)["features"])
        if acled_out is not None:
            import pandas as pd

            acled_out.write(pd.DataFrame(acled_rows(rows, *context), columns=ACLED_COLUMNS))
        result.incident_records = _keep(result.incident_records, batch)

    pending: list[Incident] = []
    for batch in spill.merged():  # a day at a time, written a chunk at a time (a table per day cost more)
        pending.extend(batch)
        if len(pending) >= chunk_incidents:
            write(pending)
            pending = []
    if pending:
        write(pending)
    files = [table.close(), points.close()]
    if acled_out is not None:
        files.append(acled_out.close())
    return files


# --------------------------------------------------------------------------- Dask


MergeKey = tuple[int, int, int]
"""(day, cell row, cell column): where a report can meet others (days as ordinals; undated reports on a day
of their own, far from every date)."""
_UNDATED_DAY = -(10**9)


def merge_key(inc: Incident) -> MergeKey:
    from geomap.incidents import _CELL_DEG, _ordinal, date_key

    day = _ordinal(date_key(inc))
    return (_UNDATED_DAY if day is None else day, int(inc.lat // _CELL_DEG), int(inc.lon // _CELL_DEG))


def components(keys: Iterable[MergeKey], max_days: int = 1) -> dict[MergeKey, int]:
    """Group (day, cell) keys whose reports can end up in one incident: keys up to ``max_days + 1`` days and
    one cell apart (a report is compared with the incidents of its cell and the eight around it, and an
    incident's date moves at most once, by up to ``max_days``), joined transitively. Returns each key's
    group number (the rank of the group's smallest key: deterministic)."""
    keys = sorted(set(keys))
    parent = {k: k for k in keys}

    def root(k: MergeKey) -> MergeKey:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    reach = max_days + 1
    for k in keys:
        day, ci, cj = k
        for dd in range(0, reach + 1):
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    other = (day + dd, ci + di, cj + dj)
                    if other != k and other in parent:
                        a, b = root(k), root(other)
                        if a != b:
                            parent[max(a, b)] = min(a, b)
    roots = sorted({root(k) for k in keys})
    number = {r: n for n, r in enumerate(roots)}
    return {k: number[root(k)] for k in keys}


def _dask_part(index_path: str, part: Sequence[Article], first: int) -> dict[str, Any]:
    """One partition read on a worker: its mentions, claims, problems, and its incidents with their places in the
    input order ((article number, position)), which the merge follows."""
    from geomap.api import _worker_read
    from geomap.incidents import date_key

    results = _worker_read(index_path, part)
    incidents = [(date_key(inc), (first + a, k), inc) for a, r in enumerate(results) for k, inc in enumerate(r[2])]
    return {"head": [(r[0], r[1], r[3]) for r in results], "incidents": incidents}


def _part_head(part: dict[str, Any]) -> list[Any]:
    return part["head"]


def _part_keys(part: dict[str, Any]) -> set[MergeKey]:
    return {merge_key(inc) for _, _, inc in part["incidents"]}


def _split(part: dict[str, Any], groups: dict[MergeKey, int], buckets: int) -> list[list[Any]]:
    """The partition's incidents shuffled into ``buckets`` by the group of their (date, cell) key."""
    out: list[list[Any]] = [[] for _ in range(buckets)]
    for item in part["incidents"]:
        out[groups[merge_key(item[2])] % buckets].append(item)
    return out


def _merge_bucket(bucket: int, *splits: list[list[Any]]) -> list[Incident]:
    """Merge one bucket's incidents (whole groups only, so nothing outside it could join them), in date order
    and input order within a date, as :func:`geomap.incidents.merge` does."""
    from geomap.incidents import IncidentMerger

    items = sorted((item for s in splits for item in s[bucket]), key=lambda x: (x[0], x[1]))
    merger = IncidentMerger()
    out: list[Incident] = []
    for _, _, inc in items:
        out.extend(merger.add(inc))
    return out + merger.finish()


def dask_extract(articles: Sequence[Article], client: Any, gazetteer: Gazetteer,
                 progress: Callable[[int, int], None] | None = None, *, buckets: int | None = None) -> Any:
    """:func:`geomap.api.extract` on a Dask cluster: partitions of :data:`PART_ARTICLES` articles are read on the
    workers (each opens the gazetteer index once, at ``gazetteer.index_path``: a path every worker must see);
    incidents stay on the workers and are shuffled into ``buckets`` (default two per worker) by their group of
    neighbouring (date, place cell) keys (:func:`components`), merged there, and gathered in table order."""
    from geomap.api import Extraction
    from geomap.incidents import row_key

    index = str(gazetteer.index_path)
    parts = [list(articles[i:i + PART_ARTICLES]) for i in range(0, len(articles), PART_ARTICLES)]
    firsts = list(range(0, len(articles), PART_ARTICLES))
    part_f = client.map(_dask_part, [index] * len(parts), parts, firsts, pure=False)
    heads: list[Any] = []
    for n, head in enumerate(client.gather(client.map(_part_head, part_f)), start=1):
        heads.extend(head)
        if progress:
            progress(min(n * PART_ARTICLES, len(articles)), len(articles))
    keys: set[MergeKey] = set()
    for k in client.gather(client.map(_part_keys, part_f)):
        keys |= k
    groups = components(keys)
    n_buckets = buckets or max(1, 2 * len(client.scheduler_info().get("workers", {})))
    groups_f = client.scatter(groups, broadcast=True)
    split_f = client.map(_split, part_f, [groups_f] * len(parts), [n_buckets] * len(parts))
    merged_f = [client.submit(_merge_bucket, b, *split_f, pure=False) for b in range(n_buckets)]
    merged = sorted((inc for lst in client.gather(merged_f) for inc in lst), key=row_key)
    mentions = [m for h in heads for m in h[0]]
    claims = [c for h in heads for c in h[1]]
    problems = tuple(h[2] for h in heads if h[2] is not None)
    return Extraction(tuple(articles), tuple(mentions), tuple(merged), tuple(claims), problems)


def connect(address: str) -> Any:
    """A Dask client: ``"local"`` starts a LocalCluster of worker processes on this machine (one per CPU), any
    other value is a scheduler address (``tcp://host:8786``). Needs ``pip install 'geomap[dask]'``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--dask needs Dask: pip install 'geomap[dask]'") from None
    if address == "local":
        return Client(LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True))
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise InputError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from None
