"""Hostile and broken input (issue 9): article text never runs, no input crashes a run, no output
folder is left half-written. Each test here failed before the fix it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app

runner = CliRunner()

# Jinja2 payloads: the first ran `id` on the analyst's machine when an article carried it.
SSTI = "{{ cycler.__init__.__globals__.os.popen(dict(id=1)|first).read() }}"
PAYLOADS = (SSTI, "{{7*7}}", "{% raw %}", "{{", "{#", "{%- for x in range(3) %}x{% endfor %}",
            "</script><script>window.pwned=1</script>", "<img src=x onerror=window.pwned=2>", "@@geomap:js:x:data@@")


def _assets_or_skip() -> None:
    from geomap import assets
    from geomap.errors import DataError

    try:
        assets.ensure()
    except DataError as exc:
        pytest.skip(f"map assets unavailable offline ({exc})")


def _hostile_run(tmp_path: Path) -> Path:
    """A run whose article text, outlet, URL, title and front-line file carry every payload."""
    _assets_or_skip()
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
