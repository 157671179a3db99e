"""The command line: output, JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from geomap import __version__
from geomap.cli import app

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"geomap {__version__}"


def test_python_dash_m() -> None:
    out = subprocess.run([sys.executable, "-m", "geomap", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and __version__ in out.stdout


def test_resolve_human_and_all() -> None:
    result = invoke("resolve", "Kazan", "--all")
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert first.startswith(
        "Kazan -> Kazan, Tatarstan, RU (city, pop. 1,243,500)  55.78874, 49.12214  [geonames:551487]")
    assert "Ankara" in result.output and "population 1,243,500" in result.output


def test_resolve_json_shape() -> None:
    result = invoke("resolve", "Kazan", "--json")
    data = json.loads(result.output)
    assert data["query"] == "Kazan"
    pick = data["pick"]
    for key in ("name", "lat", "lon", "country", "admin1", "kind", "population", "source", "score", "reasons"):
        assert key in pick
    assert (pick["lat"], pick["lon"], pick["source"]) == (55.78874, 49.12214, "geonames:551487")
    assert len(data["candidates"]) >= 2


def test_resolve_with_context() -> None:
    result = invoke("resolve", "Krasnoye", "--context",
                    "Krasnoye, known as Sontsivka in Ukraine, lies beside Kurakhove.", "--json")
    assert json.loads(result.output)["pick"]["source"] == "geonames:704288"


def test_unknown_name_exits_1_with_suggestions() -> None:
    result = invoke("resolve", "Kharkif")
    assert result.exit_code == 1
    assert "no place called 'Kharkif'" in result.output
    assert "did you mean" in result.output and "Kharkiv" in result.output


def test_bad_usage_exits_2() -> None:
    assert invoke("resolve").exit_code == 2


def test_gazetteer_info() -> None:
    result = invoke("gazetteer", "info", "--json")
    info = json.loads(result.output)
    assert info["places"] > 250_000
    assert any(s["licence"] == "CC BY 4.0" for s in info["sources"])


def test_gazetteer_add_bad_file_is_one_line_exit_2() -> None:
    result = invoke("gazetteer", "add", str(FIXTURES / "overlay_bad.csv"))
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "overlay_bad.csv:2" in lines[0]


def test_extract_reads_files_and_skips_bad_ones(tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("date: 2024-12-21\n\nDrones struck Kazan on Saturday.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "out"
    result = invoke("extract", str(good), str(empty), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "empty.txt: empty file" in result.output
    assert "Kazan" in (out / "mentions.csv").read_text()
    strict = invoke("extract", str(good), str(empty), "-o", str(out), "--strict")
    assert strict.exit_code == 2


def test_nothing_readable_exits_2(tmp_path) -> None:
    result = invoke("extract", str(tmp_path / "missing.txt"), "-o", str(tmp_path))
    assert result.exit_code == 2 and "missing.txt: no such file or folder" in result.output


@pytest.mark.slow
def test_wheel_installs_outside_checkout(tmp_path) -> None:
    """pip install of the built wheel works from another folder and finds the bundled data."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels),
                    str(ROOT)], check=True)
    wheel = next(wheels.glob("geomap-*.whl"))
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True)
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-m", "geomap", "resolve", "Kostiantynopolske", "--json"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["pick"]["lat"] == 47.924
    where = subprocess.run([sys.executable, "-c", "import geomap.gazetteer as g; print(g.bundled_data_dir())"],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert where.stdout.startswith(str(site)) and "_gazetteer" in where.stdout
