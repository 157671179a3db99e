"""Outputs that carry what analysts cite, an API that fits its neighbours, and the CLI conventions (issue 12)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from geomap import api
from geomap.cli import app
from geomap.models import Article

runner = CliRunner()

WIRE = Article("wire", "Eight drones struck apartment towers in Kazan on December 21, injuring two people. "
                       "Kazan is more than 1,000 km from the border with Ukraine.", "2024-12-22",
               title="Drones reach Kazan", url="https://example.org/news/kazan?id=1", outlet="Example Wire")
DAILY = Article("daily", "Russian shelling hit Kharkiv two days ago, killing three civilians. Troops captured the "
                         "village of Kostiantynopolske last week.", "2024-12-22",
                title="Kharkiv shelled", url="javascript:alert(1)", outlet="Daily")


@pytest.fixture(scope="module")
def ex(gaz):
    return api.extract([WIRE, DAILY], gazetteer=gaz)


@pytest.fixture(scope="module")
def written(ex, gaz, tmp_path_factory) -> Path:
    from geomap.io import OutputFolder, write_extraction, write_report
    from geomap.verify import Tolerances

    out = tmp_path_factory.mktemp("out")
    with OutputFolder(out) as run:
        write_extraction(ex, run.dir, acled=True)
        write_report(api.verify(ex, gazetteer=gaz), Tolerances(), run.dir, {})
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_article_url_title_outlet_and_date_reach_every_table(written: Path) -> None:
    kazan = next(r for r in _rows(written / "incidents.csv") if r["place"] == "Kazan")
    assert (kazan["urls"], kazan["titles"], kazan["published"], kazan["outlets"]) == (
        "https://example.org/news/kazan?id=1", "Drones reach Kazan", "2024-12-22", "Example Wire")
    claim = next(r for r in _rows(written / "claims.csv") if r["claim_kind"] == "distance")
    assert (claim["article_url"], claim["article_title"], claim["article_outlet"], claim["article_date"]) == (
        "https://example.org/news/kazan?id=1", "Drones reach Kazan", "Example Wire", "2024-12-22")
    geo = json.loads((written / "incidents.geojson").read_text())
    f = next(f for f in geo["features"] if f["properties"]["place"] == "Kazan")
    assert f["id"] == f["properties"]["incident_id"] and f["properties"]["urls"].startswith("https://example.org")
    assert f["properties"]["injured"] == 2 and isinstance(f["properties"]["drones"], int)
    report = (written / "report.md").read_text()
    assert "[Example Wire](https://example.org/news/kazan?id=1)" in report and "Drones reach Kazan" in report
    assert "javascript:" not in report


def test_acled_columns_are_derived(written: Path) -> None:
    rows = {r["location"]: r for r in _rows(written / "incidents_acled.csv")}
    kharkiv = rows["Kharkiv"]
    assert kharkiv["actor1"] == "Military Forces of Russia (2000-)" and kharkiv["actor2"].startswith("Civilians")
    assert (kharkiv["inter1"], kharkiv["inter2"], kharkiv["interaction"]) == ("1", "7", "17")
    assert kharkiv["region"] == "Europe" and kharkiv["iso"] == "804" and kharkiv["fatalities"] == "3"
    assert kharkiv["timestamp"] == "1734825600"  # 2024-12-22 00:00 UTC, when it was reported
    kazan = rows["Kazan"]
    assert kazan["iso"] == "643" and kazan["source"] == "Example Wire"
    assert "https://example.org/news/kazan?id=1" in kazan["notes"]


def test_explicit_and_relative_dates(ex) -> None:
    by_place = {i.place: i for i in ex.incident_records}
    assert (by_place["Kazan"].event_date, by_place["Kazan"].date_precision) == ("2024-12-21", "day")
    assert (by_place["Kharkiv"].event_date, by_place["Kharkiv"].date_precision) == ("2024-12-20", "day")
    assert (by_place["Kostiantynopolske"].event_date, by_place["Kostiantynopolske"].date_precision) == \
        ("2024-12-15", "week")


@pytest.mark.parametrize(("sentence", "date"), [
    ("On December 19 drones hit the town.", "2024-12-19"), ("Strikes on 18 December hit it.", "2024-12-18"),
    ("The Dec. 30 attack hit it.", "2024-12-30"), ("A blast on March 5, 2023 hit it.", "2023-03-05"),
    ("It may be hit.", "2025-01-02"), ("On 31 February it was hit.", "2025-01-02"),
])
def test_dates_relative_to_the_article(sentence: str, date: str) -> None:
    from geomap.incidents import _date_of

    assert _date_of(sentence, "2025-01-02")[0] == date


def test_claims_geojson_lines(written: Path) -> None:
    lines = json.loads((written / "claims.geojson").read_text())
    [f] = lines["features"]
    assert f["geometry"]["type"] == "LineString" and len(f["geometry"]["coordinates"]) > 10
    assert f["id"].endswith(":c1") and f["properties"]["verdict"] == "overstated"
    start = f["geometry"]["coordinates"][0]
    assert start == pytest.approx([49.12214, 55.78874], abs=1e-4)  # from Kazan (lon, lat)


def test_geodataframes(ex, gaz) -> None:
    gpd = pytest.importorskip("geopandas")
    inc = ex.to_geodataframe()
    assert isinstance(inc, gpd.GeoDataFrame) and inc.crs.to_epsg() == 4326
    assert "Kazan" in set(inc["place"]) and inc.geometry.geom_type.unique().tolist() == ["Point"]
    assert len(ex.to_geodataframe("mentions")) == len(ex.mention_records)
    assert len(ex.to_geodataframe("claims")) >= 1
    lines = api.verify(ex, gazetteer=gaz).to_geodataframe()
    assert lines.geometry.geom_type.tolist() == ["LineString"] and lines["verdict"].tolist() == ["overstated"]
    with pytest.raises(ValueError, match="incidents"):
        ex.to_geodataframe("roads")


def test_distance_takes_a_plain_string(gaz) -> None:
    [row] = api.distance("Kazan", "Moscow", gazetteer=gaz)
    assert row.subject == "Kazan" and round(row.km, 1) == 721.2


def test_verify_gives_a_dataframe_and_progress(ex, gaz) -> None:
    seen: list[tuple[int, int]] = []
    verdicts = api.verify(ex, gazetteer=gaz, progress=lambda d, t: seen.append((d, t)))
    table = verdicts.to_dataframe()
    assert list(table["verdict"]) == [v.verdict for v in verdicts] and "article_url" in table.columns
    assert seen[-1] == (len(verdicts), len(verdicts))


def test_render_map_takes_what_users_have(ex, gaz, written: Path) -> None:
    import pandas as pd

    from geomap.render import render_map, to_html

    verdicts = api.verify(ex, gazetteer=gaz)
    from_records = to_html(render_map(ex.incident_records, verdicts, basemap_layer=False), offline=False)
    assert to_html(render_map(ex, verdicts, basemap_layer=False), offline=False) == from_records
    tables = render_map(pd.read_csv(written / "incidents.csv"), pd.read_csv(written / "claims.csv"),
                        basemap_layer=False)
    page = to_html(tables, offline=False)
    assert "Kazan" in page and "overstated" in page
    with pytest.raises(ValueError, match="no verdict columns"):
        render_map((), ex.claims)


def test_popups_carry_the_sources_links(ex, gaz) -> None:
    from geomap.render import claim_features, incident_columns

    cols = incident_columns(ex.incident_records)
    assert ["https://example.org/news/kazan?id=1", "Drones reach Kazan", "2024-12-22"] in cols["smeta"]
    assert all(not m[0].startswith("javascript") for m in cols["smeta"])  # not a link, never
    [claim] = claim_features(api.verify(ex, gazetteer=gaz))["features"][0]["properties"]["claims"]
    assert claim["url"] == "https://example.org/news/kazan?id=1" and "Drones reach Kazan" in claim["article"]


# --------------------------------------------------------------------------- the CLI


def test_json_summaries_and_run_tolerances(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("date: 2024-12-21\n\nKazan is about 800 km from Moscow. Drones hit Kazan.\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(out), "--json", "--tolerance", "5"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles"] == 1 and summary["verdicts"] == {"overstated": 1}
    assert str(out / "map.html") in summary["files"]
    again = json.loads(runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(out), "--json",
                                           "--tolerance", "15"]).stdout)
    assert again["verdicts"] == {"supported": 1}
    for cmd in ("extract", "verify"):
        res = runner.invoke(app, [cmd, str(tmp_path / "a.txt"), "-o", str(tmp_path / cmd), "--json"])
        data = json.loads(res.stdout)
        assert data["claims"] == 1 and data["problems"] == [] and ("verdicts" in data) == (cmd == "verify")


def test_jsonl_on_stdin(tmp_path: Path) -> None:
    lines = [{"id": "s1", "text": "Drones hit Kazan.", "date": "2024-12-21", "url": "https://example.org/1"},
             {"id": "s2", "text": "Shelling hit Kharkiv."}]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n{broken\n"
    result = runner.invoke(app, ["extract", "-", "-o", str(tmp_path / "o"), "--json"], input=stdin)
    data = json.loads(result.stdout)
    assert data["articles"] == 2 and data["problems"][0]["path"] == "-:3"
    assert {r["article_id"] for r in _rows(tmp_path / "o" / "mentions.csv")} == {"s1", "s2"}


def test_every_command_runs_as_python_dash_m_and_completion_is_offered() -> None:
    help_text = subprocess.run([sys.executable, "-m", "geomap", "--help"], capture_output=True, text=True,
                               cwd=ROOT).stdout
    assert "--install-completion" in help_text
    for cmd in ("resolve", "distance", "check", "extract", "verify", "run", "gazetteer", "assets"):
        done = subprocess.run([sys.executable, "-m", "geomap", cmd, "--help"], capture_output=True, text=True,
                              cwd=ROOT)
        assert done.returncode == 0 and "Usage" in done.stdout, (cmd, done.stderr)


def test_one_article_is_singular(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Drones hit Kyiv.")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o")])
    assert result.output.startswith("1 article: 1 place mention, 1 incident, 0 claims")
