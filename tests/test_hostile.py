"""Hostile and broken input (issue 9): article text never runs, no input crashes a run, no output
folder is left half-written. Each test here failed before the fix it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assets_or_skip
from typer.testing import CliRunner

from geomap import api
from geomap.cli import app
from geomap.models import Article

runner = CliRunner()

# Jinja2 payloads: the first ran `id` on the analyst's machine when an article carried it.
SSTI = "{{ cycler.__init__.__globals__.os.popen(dict(id=1)|first).read() }}"
PAYLOADS = (SSTI, "{{7*7}}", "{% raw %}", "{{", "{#", "{%- for x in range(3) %}x{% endfor %}",
            "</script><script>window.pwned=1</script>", "<img src=x onerror=window.pwned=2>", "@@geomap:js:x:data@@")


def _hostile_run(tmp_path: Path) -> Path:
    """A run whose article text, outlet, URL, title and front-line file carry every payload."""
    assets_or_skip()
    folder = tmp_path / "in"
    folder.mkdir()
    body = " ".join(PAYLOADS)
    (folder / "a.txt").write_text(
        f"title: T {SSTI}\ndate: 2024-12-21\noutlet: Out {{{{7*7}}}}\nurl: https://example.org/?q={{{{7*7}}}}\n\n"
        f"Drones struck Kazan on Saturday, {body} officials said. Kazan is about 1,000 km from the front line.\n",
        encoding="utf-8")
    front = tmp_path / "front {{7*7}}.geojson"
    front.write_text(json.dumps({"type": "Feature", "properties": {"date": "2024-12-01", "source": f"src {SSTI}"},
                                 "geometry": {"type": "LineString", "coordinates": [[37.5, 47.5], [38.0, 48.5],
                                                                                    [37.8, 49.5]]}}))
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(folder), "-o", str(out), "--front", str(front),
                                 "--title", f"Report {{{{7*7}}}} {SSTI} </title><script>window.pwned=5</script>"])
    assert result.exit_code == 0, result.output
    return out / "map.html"


def test_template_syntax_in_any_user_string_is_shown_never_run(tmp_path: Path) -> None:
    page = _hostile_run(tmp_path).read_text(encoding="utf-8")
    assert "uid=" not in page and "Report 49" not in page and "Out 49" not in page
    assert "@@geomap:" not in page.replace("@@geomap:js:x:data@@", "")  # every token was filled in
    # each payload is in the page as inert data, exactly as written
    assert "{{ cycler.__init__.__globals__.os.popen(dict(id=1)|first).read() }}" in page
    assert "{% raw %}" in page and "front {{7*7}}.geojson" in page
    assert "<title>Report {{7*7}}" in page and "&lt;/title&gt;&lt;script&gt;" in page
    assert "<script>window.pwned" not in page and "<img src=x" not in page


@pytest.mark.browser
def test_hostile_page_runs_nothing_in_a_browser(tmp_path: Path) -> None:
    from test_map import _browser

    path = _hostile_run(tmp_path)
    problems, dialogs = load_in_browser(_browser(), [path])
    assert problems == [] and dialogs == []


def load_in_browser(browser: tuple, paths: list[Path]) -> tuple[list[str], list[str]]:
    """Open each page offline in Chromium; return script errors and dialogs, and check nothing ran."""
    sync_playwright, chromium = browser
    problems: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for path in paths:
            page = b.new_page()
            page.on("pageerror", lambda e, name=path.name: problems.append(f"{name}: {e}"))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                       else r.abort())
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.geomapStats !== undefined || document.readyState === 'complete'")
            page.wait_for_timeout(200)
            assert page.evaluate("window.pwned") is None, path
            title = page.title()
            assert "49" not in title, title
            page.close()
        b.close()
    return problems, dialogs


# --------------------------------------------------------------------------- item 2: pandas 3


def test_dated_and_undated_articles_in_one_run(tmp_path: Path) -> None:
    """pandas 3 reads a missing string as NaN: the ACLED writer died on ``NaN[:4]``."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date: 2024-12-21\n\nDrones struck Kazan on Saturday, injuring two people.\n")
    (folder / "b.txt").write_text("Shelling hit Kharkiv, killing three people.\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--format", "acled"])
    assert result.exit_code == 0, result.output
    import csv

    acled = list(csv.DictReader((out / "incidents_acled.csv").open(encoding="utf-8")))
    assert sorted(r["event_date"] for r in acled) == ["", "2024-12-21"]
    assert {r["year"] for r in acled} == {"", "2024"}
    geo = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    counts = [f["properties"]["fatalities"] for f in geo["features"]] + \
             [f["properties"]["injured"] for f in geo["features"]]
    assert 3 in counts and 2 in counts and all(c is None or isinstance(c, int) for c in counts)
    assert ",3," in (out / "incidents.csv").read_text() and ",3.0," not in (out / "incidents.csv").read_text()


# --------------------------------------------------------------------------- item 3: size and repetition


def test_repeated_names_cost_linear_output(gaz) -> None:
    """'Kazan ' * 8000 wrote 385 MB of mentions.csv: every row repeated the whole (one) sentence."""
    sizes = {}
    for n in (2000, 4000):
        ex = api.extract([Article("x", "Kazan " * n, "2024-12-21")], gazetteer=gaz)
        assert len(ex.mention_records) == n
        assert max(len(m.sentence) for m in ex.mention_records) <= 602
        sizes[n] = len(ex.mentions.to_csv(index=False))
    assert 1.8 < sizes[4000] / sizes[2000] < 2.2


def test_long_run_of_capitalised_words_and_many_sentences(gaz) -> None:
    words = ["Alpha", "Boston", "Paris", "Moscow", "Kazan", "Center", "Court", "River", "Green", "Smith"]
    text = " ".join(words[(i * 7) % len(words)] for i in range(20_000))
    ex = api.extract([Article("caps", text, "2024-12-21"),
                      Article("many", "Drones hit Kazan, 5 km from Moscow. " * 3000, "2024-12-21")], gazetteer=gaz)
    assert len(ex.mention_records) > 5000
    assert sum(c.article_id == "many" for c in ex.claim_records) == 3000
    assert all(len(c.sentence) <= 602 for c in ex.claim_records)


def test_article_size_limit_is_applied_and_reported(tmp_path: Path) -> None:
    from geomap.cli import DEFAULT_MAX_CHARS
    from geomap.reading import MAX_ARTICLE_CHARS

    assert DEFAULT_MAX_CHARS == MAX_ARTICLE_CHARS
    (tmp_path / "big.txt").write_text("Drones hit Kazan. " * 1000)
    (tmp_path / "small.txt").write_text("Drones hit Kyiv.")
    arts, problems = api.read([str(tmp_path)], max_chars=5000)
    big = next(a for a in arts if a.id == "big")
    assert len(big.text) <= 5000 and big.text.endswith("Kazan.")
    [p] = problems
    assert p.action == "truncated" and "17,999 characters" in p.reason and "big.txt" in p.path
    assert len(api.read([str(tmp_path)], max_chars=0)[0][0].text) == 17999
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(tmp_path / "out"), "--max-chars", "5000",
                                 "--strict"])
    assert result.exit_code == 0 and "geomap: truncated" in result.output


# --------------------------------------------------------------------------- items 4 and 10: files


def test_csv_cell_over_131072_characters(tmp_path: Path) -> None:
    """A cell over the csv module's default limit aborted the whole run; other files were never read."""
    (tmp_path / "big.csv").write_text('id,text\nbig,"' + "Kazan was hit again. " * 10_000 + '"\n')
    (tmp_path / "z.txt").write_text("Drones hit Kyiv.")
    arts, problems = api.read([str(tmp_path)])
    assert sorted(a.id for a in arts) == ["big", "z"] and problems == []
    (tmp_path / "bad.csv").write_text('id,text\na,"Kyiv"\nb,"unclosed\x00"x\n')
    arts, problems = api.read([str(tmp_path / "bad.csv"), str(tmp_path / "z.txt")])
    assert "z" in [a.id for a in arts]


def test_jsonl_line_separators_inside_strings_keep_the_article(tmp_path: Path) -> None:
    """U+2028 / U+0085 inside a JSON string: str.splitlines cut the line and the article vanished."""
    rows = ['{"id": "a", "text": "Drones hit Kazan.\u2028Then Kyiv."}',
            '{"id": "b", "text": "Odd\u0085break in Kharkiv."}',
            '{"id": "c", "text": "Form\x0cfeed in Lviv."}', "{broken"]
    (tmp_path / "x.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    arts, problems = api.read([str(tmp_path / "x.jsonl")])
    assert [a.id for a in arts] == ["a", "b", "c"]
    assert [p.path.rsplit(":", 1)[1] for p in problems] == ["4"]


# --------------------------------------------------------------------------- items 9 and 11: numbers, report


@pytest.mark.parametrize(("text", "value", "verdict"), [
    ("Kazan is 1e9 km from Moscow.", 1e9, "overstated"),
    ("Kazan is -500 km from Moscow.", -500, "unverifiable"),
    ("Kazan is 0 miles from Moscow.", 0, "understated"),
    ("Kazan is 2.5e2 km from Moscow.", 250, "understated"),
    ("Kazan is 700-720 km from Moscow.", 720, "supported"),
])
def test_check_reads_numbers_as_written(gaz, text: str, value: float, verdict: str) -> None:
    [v] = api.check(text, gazetteer=gaz)
    assert v.claim.claimed_value == value and v.verdict == verdict


def test_verify_writes_report_with_unverifiable_and_zero_claims(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "date: 2024-12-21\n\nKazan lies 0 km (0 miles) from Kazan. Drones flew 500 km from somewhere unknown. "
        "Kazan is home to 0 people. Kazan is -3 km from Moscow.\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["verify", str(tmp_path / "a.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "unverifiable" in report and "n/a" in report
    result = runner.invoke(app, ["check", "Kazan lies 0 km from Kazan."])  # a place is never its own reference
    assert result.exit_code == 0 and result.output.startswith("UNVERIFIABLE")
    # a measurement of 0 km (no error percentage to give): an analyst put the subject on its reference
    import pandas as pd

    table = pd.read_csv(out / "claims.csv")
    table = table[table["claim_kind"] == "distance"].head(1).copy()
    from geomap import resolve

    moscow = resolve("Moscow").pick.place
    table[["subject", "subject_lat", "subject_lon", "reference", "reference_kind"]] = \
        ["Moscow", moscow.lat, moscow.lon, "Moscow", "place"]
    table.to_csv(tmp_path / "edited.csv", index=False)
    result = runner.invoke(app, ["verify", str(tmp_path / "edited.csv"), "-o", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert "n/a" in (tmp_path / "again" / "report.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- item 5: a damaged index


def test_damaged_index_is_detected_rebuilt_and_said(tmp_path: Path) -> None:
    import shutil

    from geomap.gazetteer import Gazetteer, index_problem

    good = Gazetteer.open().index_path  # the session's index: copy it rather than build one per case
    version = good.stem.split("-")[1]
    assert index_problem(good, version) is None
    cache = tmp_path / "cache"
    cache.mkdir()
    copy = cache / good.name
    shutil.copyfile(good, copy)
    with copy.open("r+b") as fh:
        fh.truncate(copy.stat().st_size // 3)
    assert "truncated" in index_problem(copy, version)
    (cache / "junk.sqlite").write_bytes(b"not a database at all\n" * 10)
    assert index_problem(cache / "junk.sqlite", version) == "not an SQLite file"
    (cache / "empty.sqlite").write_bytes(b"")
    assert index_problem(cache / "empty.sqlite", version) == "not an SQLite file"
    assert index_problem(good, "0000") == "built for other data"
    (cache / "gazetteer-0000000000000000.sqlite").write_bytes(b"an older index")
    notices: list[str] = []
    gaz = Gazetteer.open(cache=cache, notice=notices.append)
    assert gaz.lookup("Kazan")[0].place.source == "geonames:551487"
    [notice] = notices
    assert "damaged" in notice and "truncated" in notice and "rebuilding" in notice
    assert Gazetteer.open(cache=cache, notice=notices.append).index_path == copy and len(notices) == 1
    assert [p.name for p in cache.glob("gazetteer-*")] == [copy.name]  # the older index is gone


# --------------------------------------------------------------------------- item 6: one-line errors


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines and lines[-1].startswith("geomap: error:") and "Traceback" not in result.output, result.output
    for n in needles:
        assert n in lines[-1], lines[-1]


def test_unwritable_output_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Drones hit Kyiv.")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(blocker / "out")])
    _one_line_error(result, str(blocker / "out"), "nothing was written")


def test_unwritable_cache_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("GEOMAP_CACHE", str(blocker / "cache"))
    _one_line_error(runner.invoke(app, ["resolve", "Kazan"]), "cannot write the gazetteer index", "GEOMAP_CACHE")


def test_non_numeric_population_in_gazetteer_add(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,alt_names,kind,lat,lon,country,admin1_code,population,source,note\n"
                   "Testville,,village,48.1,37.2,UA,,lots,a survey,\n")
    _one_line_error(runner.invoke(app, ["gazetteer", "add", str(bad)]), "bad.csv:2", "population 'lots'")


def test_symlink_loops_and_broken_links_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Drones hit Kyiv.")
    (tmp_path / "x1.txt").symlink_to(tmp_path / "x2.txt")
    (tmp_path / "x2.txt").symlink_to(tmp_path / "x1.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder link is not followed: no endless walk
    arts, problems = api.read([str(tmp_path)])
    assert [a.id for a in arts] == ["a"]
    reasons = {Path(p.path).name: p.reason for p in problems}
    assert reasons == {"x1.txt": "symbolic link loop", "x2.txt": "symbolic link loop",
                       "gone.txt": f"broken symbolic link (to {tmp_path / 'nowhere.txt'})"}


# --------------------------------------------------------------------------- item 7: output folders


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_failed_map_step_leaves_the_previous_run_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assets_or_skip()
    (tmp_path / "a.txt").write_text("date: 2024-12-21\n\nDrones hit Kazan on Saturday.")
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(out)]).exit_code == 0
    before = _files(out)
    assert "map.html" in before
    (tmp_path / "a.txt").write_text("date: 2024-12-22\n\nShelling hit Kharkiv on Sunday.")
    from geomap import render
    from geomap.errors import DataError

    def broken(*a, **k):
        raise DataError("leaflet@1.9.3 is not available")

    monkeypatch.setattr(render, "write_map_files", broken)
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(out)])
    _one_line_error(result, "leaflet", "nothing was written")
    assert _files(out) == before and not list(out.glob(".geomap-staging-*"))


def test_extract_into_a_run_folder_removes_the_stale_map(tmp_path: Path) -> None:
    assets_or_skip()
    (tmp_path / "a.txt").write_text("Drones hit Kazan.")
    out = tmp_path / "out"
    (out).mkdir()
    (out / "notes.txt").write_text("mine")
    assert runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(out)]).exit_code == 0
    assert runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(out)]).exit_code == 0
    assert sorted(_files(out)) == ["claims.csv", "incidents.csv", "incidents.geojson", "mentions.csv", "notes.txt"]


def test_a_second_run_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    from geomap.io import OutputError, OutputFolder

    with OutputFolder(tmp_path / "out") as first:
        (first.dir / "map.html").write_text("first")
        with pytest.raises(OutputError, match="being written by another geomap run"), \
                OutputFolder(tmp_path / "out"):
            pass
    assert (tmp_path / "out" / "map.html").read_text() == "first" and first.written == [tmp_path / "out" / "map.html"]


def test_a_killed_run_is_finished_or_cleaned_by_the_next(tmp_path: Path) -> None:
    from geomap.io import OutputFolder

    out = tmp_path / "out"
    with OutputFolder(out) as run:
        (run.dir / "map.html").write_text("old map")
        (run.dir / "incidents.csv").write_text("old")
    # killed while staging: no journal -> thrown away
    dead = out / ".geomap-staging-1-aaa"
    dead.mkdir()
    (dead / "map.html").write_text("half")
    (out / ".incidents.csv.x.tmp").write_text("half")
    # killed while committing: journal written, one file moved -> finished
    done = out / ".geomap-staging-2-bbb"
    done.mkdir()
    (done / "incidents.csv").write_text("new")
    (done / "COMMIT").write_text('["incidents.csv", "map.html"]')
    (out / "map.html").write_text("new map")  # the part the dead run had already moved
    with OutputFolder(out) as run:
        assert not list(out.glob(".geomap-staging-[12]-*")) and not list(out.glob(".*.tmp"))
        assert _files(out) == {"map.html": b"new map", "incidents.csv": b"new"}
        (run.dir / "map.html").write_text("newer")
    assert _files(out) == {"map.html": b"newer"}


def test_concurrent_cli_runs_never_mix(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("date: 2024-12-21\n\nDrones hit Kazan on Saturday. Shelling hit Kharkiv.")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "geomap", "extract", str(tmp_path / "a.txt"), "-o", str(out)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert any(code == 0 for code, _ in results)
    for code, err in results:
        assert code == 0 or "being written by another geomap run" in err, err
    manifest = json.loads((out / ".geomap-run.json").read_text())
    assert sorted(_files(out)) == sorted(manifest) and not list(out.glob(".geomap-staging-*"))


# --------------------------------------------------------------------------- item 8: gazetteer add


def test_gazetteer_add_refuses_silent_changes(tmp_path: Path, gaz) -> None:
    from geomap.errors import InputError
    from geomap.gazetteer import Gazetteer, add_user_file, check_user_file

    row = ["551487", "Kazan", "Kazan", "", "10.0", "10.0", "P", "PPLA", "RU", "", "73", "", "", "", "1243500", "",
           "", "Europe/Moscow", "2024-01-01"]
    moved = tmp_path / "moved.txt"
    moved.write_text("\t".join(row) + "\n")
    [r] = check_user_file(moved, gazetteer=gaz)
    assert r.source == "geonames:551487" and r.km > 5000
    user = tmp_path / "user"
    with pytest.raises(InputError, match=r"would change places already in the gazetteer.*--replace"):
        add_user_file(moved, user=user, gazetteer=gaz)
    twice = tmp_path / "twice.txt"
    twice.write_text("\t".join(row) + "\n" + "\t".join(row) + "\n")
    with pytest.raises(InputError, match=r"given more than once \(geonames:551487\)"):
        add_user_file(twice, user=user, gazetteer=gaz)
    # a file put in the user folder by hand (no --replace) cannot move a bundled place either
    user.mkdir()
    (user / "moved.txt").write_text(moved.read_text())
    cache = tmp_path / "cache"
    kept = Gazetteer.open(user=user, cache=cache, notice=lambda m: None)
    assert kept.get("geonames:551487").lat == pytest.approx(55.78874)
    add_user_file(moved, user=user, gazetteer=gaz, replace=True)
    replaced = Gazetteer.open(user=user, cache=cache, notice=lambda m: None)
    assert replaced.get("geonames:551487").lat == 10.0
    assert len(list(cache.glob("gazetteer-*.sqlite"))) == 1


def test_long_runs_of_capitals_and_joining_words_stay_linear(gaz) -> None:
    """Names joined by lowercase words ("Rio de Janeiro") are matched with bounded runs: a run of capitals 16 times
    longer costs about 16 times more, never 256 (a hostile text must not stall the geoparser)."""
    import time

    from geomap.geoparse import _JOINED_NAME

    def cost(n: int) -> float:
        text = " ".join(["Alpha"] * n) + " de Beta " + " and ".join(["Gamma"] * n)
        t = time.perf_counter()
        found = [m.group(0) for m in _JOINED_NAME.finditer(text)]
        assert found and found[0].startswith("Alpha Alpha Alpha Alpha Alpha de Beta")
        return time.perf_counter() - t

    small, large = min(cost(1_000) for _ in range(3)), min(cost(16_000) for _ in range(3))
    assert large < 64 * max(small, 1e-4), (small, large)
