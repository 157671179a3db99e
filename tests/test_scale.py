"""Streaming, worker processes and Dask give the bytes the in-memory path gives (issue 14)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap import api
from geomap.cli import app
from geomap.incidents import Incident, IncidentMerger, Report, merge
from geomap.io import write_extraction, write_report
from geomap.stream import components, merge_key, stream
from geomap.verify import Tolerances

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _articles() -> list:
    """The bundled examples, told again on other days by other outlets: reports that merge across articles and
    dates, and some that do not."""
    base, _ = api.read([str(ROOT / "examples")])
    out = []
    for n in range(6):
        for a in base:
            day = dt.date.fromisoformat(a.date or "2024-12-21") + dt.timedelta(days=n // 2)
            out.append(replace(a, id=f"{a.id}-{n}", date=day.isoformat()))
    return out


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def articles() -> list:
    return _articles()


@pytest.fixture(scope="module")
def in_memory(articles, gaz, tmp_path_factory) -> dict[str, str]:
    """The tables api.extract + api.verify write, in one piece."""
    out = tmp_path_factory.mktemp("memory")
    ex = api.extract(articles, gazetteer=gaz, workers=1)
    write_extraction(ex, out, acled=True)
    write_report(api.verify(ex, gazetteer=gaz), Tolerances(), out, {})
    (out / "report.md").unlink()
    (out / "report.json").unlink()
    return _digests(out)


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_streamed_tables_are_the_in_memory_bytes(articles, gaz, in_memory, tmp_path, chunk) -> None:
    result = stream(iter(articles), tmp_path, gazetteer=gaz, verify=True, acled=True, chunk_articles=chunk,
                    workers=1)
    assert _digests(tmp_path) == in_memory
    assert result.articles == len(articles) and result.incidents > 0 and result.claims > 0
    assert not (tmp_path / ".incidents.spill.sqlite").exists()


def test_bounded_name_caches_give_the_same_bytes(articles, gaz, in_memory, tmp_path, monkeypatch) -> None:
    # a long run starts its name caches again when they fill: what they hold depends only on the name
    from geomap import geoparse

    monkeypatch.setattr(geoparse, "PARSER_CACHE_NAMES", 3)
    stream(iter(articles), tmp_path, gazetteer=gaz, verify=True, acled=True, chunk_articles=50, workers=1)
    assert _digests(tmp_path) == in_memory


def test_worker_processes_give_the_same_bytes(articles, gaz, in_memory, tmp_path) -> None:
    stream(iter(articles), tmp_path, gazetteer=gaz, verify=True, acled=True, chunk_articles=40, workers=2)
    assert _digests(tmp_path) == in_memory


def test_api_extract_with_two_processes_matches_one(articles, gaz) -> None:
    many = [replace(a, id=f"{a.id}-r{n}") for n in range(-(-api.BULK_ARTICLES // len(articles))) for a in articles]
    one, two = (api.extract(many, gazetteer=gaz, workers=w) for w in (1, 2))
    for table in ("mentions", "incidents", "claims"):
        assert getattr(one, table).to_csv() == getattr(two, table).to_csv()


def test_cli_chunks_and_parquet(tmp_path) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow does not import here (pyarrow 22+ needs NumPy 2)")
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, extra in ((a, []), (b, ["--chunk-size", "1", "--workers", "1"]), (c, ["--format", "parquet"])):
        r = runner.invoke(app, ["extract", str(ROOT / "examples"), "--out", str(out), *extra])
        assert r.exit_code == 0, r.output
    assert _digests(a) == _digests(b)
    import pandas as pd

    for name in ("mentions", "incidents", "claims"):
        csv = pd.read_csv(a / f"{name}.csv", keep_default_na=False, dtype=str)
        parquet = pd.read_parquet(c / f"{name}.parquet")
        assert list(parquet.columns) == list(csv.columns) and len(parquet) == len(csv)
    assert not (c / "mentions.csv").exists()
    kazan = pd.read_parquet(c / "incidents.parquet").query("place == 'Kazan'")
    assert kazan["lat"].dtype == "float64" and abs(kazan["lat"].iloc[0] - 55.79) < 0.01


def test_cli_strict_stops_a_streamed_run_and_writes_nothing(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not text")
    out = tmp_path / "out"
    r = runner.invoke(app, ["extract", str(ROOT / "examples"), str(bad), "--out", str(out), "--strict"])
    assert r.exit_code == 2 and "bad.txt" in r.output
    assert not (out / "mentions.csv").exists()


def test_jsonl_is_read_line_by_line_with_line_numbers(tmp_path) -> None:
    from geomap.reading import iter_articles

    f = tmp_path / "feed.jsonl"
    f.write_bytes(b'{"id": "a", "text": "Drones hit Kazan."}\n\xff\n{"id": "b", "text": "Shelling in Kherson."}\n'
                  b'[1]\n')
    items = list(iter_articles([str(f)]))
    ids = [getattr(i, "id", None) for i in items]
    problems = {i.path: i.reason for i in items if not hasattr(i, "id")}
    assert ids.count("a") == 1 and ids.count("b") == 1
    assert problems == {f"{f}:2": "not UTF-8 text", f"{f}:4": "not a JSON object"}


def _report(article: str, date: str, lat: float, lon: float, source: str, precision: str = "day") -> Incident:
    return Incident("drone strike", date, precision, "P", "", "UA", lat, lon, source, "city", 1, "", "",
                    (Report(article, "", f"{article} says"),))


def test_thousands_of_reports_join_one_incident() -> None:
    reports = [_report(f"a{n}", "2024-12-21", 50.45, 30.52, "geonames:703448") for n in range(5000)]
    (one,) = merge(reports)
    assert len(one.reports) == 5000 and one.merge_note.startswith("5000 source(s) joined")


def test_merger_closes_incidents_no_later_report_can_join() -> None:
    merger = IncidentMerger()
    assert merger.add(_report("a", "2024-12-20", 50.0, 30.0, "x")) == []
    assert merger.add(_report("b", "2024-12-21", 50.0, 30.0, "x")) == []  # a day later: joins
    closed = merger.add(_report("c", "2024-12-25", 50.0, 30.0, "x"))
    assert [len(i.reports) for i in closed] == [2]
    with pytest.raises(ValueError, match="date order"):
        merger.add(_report("d", "2024-12-01", 50.0, 30.0, "x"))


def test_neighbouring_cells_and_days_meet_in_one_group() -> None:
    near_edge = _report("a", "2024-12-21", 50.199, 30.0, "x")   # just south of a 0.2-degree cell edge
    across = _report("b", "2024-12-22", 50.201, 30.0, "y")      # just north of it, a day later
    far = _report("c", "2024-12-21", 48.0, 35.0, "z")
    later = _report("d", "2024-12-29", 50.2, 30.0, "w")
    groups = components(merge_key(i) for i in (near_edge, across, far, later))
    g = {k: v for k, v in groups.items()}
    assert g[merge_key(near_edge)] == g[merge_key(across)]
    assert len({g[merge_key(near_edge)], g[merge_key(far)], g[merge_key(later)]}) == 3


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_bytes(articles, gaz, in_memory, tmp_path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        ex = api.extract(articles, gazetteer=gaz, client=client)
        a = tmp_path / "api"
        a.mkdir()
        write_extraction(ex, a, acled=True)
        write_report(api.verify(ex, gazetteer=gaz), Tolerances(), a, {})
        (a / "report.md").unlink()
        (a / "report.json").unlink()
        assert _digests(a) == in_memory
        # the command line on the same cluster (tables streamed back chunk by chunk)
        src = tmp_path / "articles.jsonl"
        src.write_text("".join(json.dumps({"id": x.id, "text": x.text, "date": x.date, "title": x.title,
                                           "url": x.url, "outlet": x.outlet}) + "\n" for x in articles))
        local, remote = tmp_path / "local", tmp_path / "remote"
        for out, extra in ((local, ["--workers", "1"]), (remote, ["--dask", cluster.scheduler_address])):
            r = runner.invoke(app, ["verify", str(src), "--out", str(out), "--chunk-size", "10", *extra])
            assert r.exit_code == 0, r.output
        assert _digests(local) == _digests(remote)
