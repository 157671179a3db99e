"""Property-based: any text goes through read -> extract -> verify -> render without an exception
escaping, without anything in it being evaluated, and the page loads in Chromium without a script error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assets_or_skip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap import api
from geomap.render import render_map, to_html

FRAGMENTS = [
    "99999999999999999999 drones", "killing 1e30 people", "injuring -5 people",
    # template delimiters and payloads (Jinja, JS template literals)
    "{{7*7}}", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "{% raw %}", "{%", "%}", "{#", "#}",
    "{{", "}}", "${7*7}", "`", "@@geomap:js:x:data@@",
    # HTML and script breakers
    "<script>window.pwned=1</script>", "</script>", "<!--", "-->", "<img src=x onerror=window.pwned=2>",
    "<b>bold</b>", "&amp;", "&lt;", "'", '"', "\\", "\\u2028", "\u2028", "\u2029", "\u0085", "\x00", "\x0b",
    # numbers and claims, sane and absurd
    "1e308 km", "1e999 km", "-500 km", "0 miles", "99999999999999999999 miles", "NaN km", "inf km",
    "Kazan is about 1,000 km from the border with Ukraine.", "Drones flew 600 miles from the front lines.",
    "the town, 15 km south of Kharkiv,", "home to 1.3 million people", "the southern city of Kherson",
    # places, repeated, mixed scripts, events
    "Kazan", "Kazan Kazan Kazan Kazan", "Kyiv", "kyiv", "KHARKIV", "Москва", "Київ", "Zaporizhzhia",
    "Drones struck", "killing 3 people", "injuring 12", "on Saturday", "yesterday", "shelling hit",
    "troops captured the village of", ".", ",", "\n", "\n\n", " ",
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), min_size=1, max_size=40).map(
    lambda parts: " ".join(parts))
meta = st.one_of(st.just(""), st.sampled_from(FRAGMENTS), st.text(max_size=20))


def _pipeline(tmp: Path, text: str, title: str, outlet: str, url: str, gaz) -> str:
    """Write an article file as a user would, read it back, extract, verify, render; return the page."""
    (tmp / "in.jsonl").write_text(json.dumps({"id": "p", "text": text, "title": title, "outlet": outlet,
                                              "url": url, "date": "2024-12-21"}) + "\n", encoding="utf-8")
    articles, problems = api.read([str(tmp / "in.jsonl")])
    assert all(p.action in ("skipped", "truncated") for p in problems)
    ex = api.extract(articles, gazetteer=gaz)
    assert ex.problems == ()  # no article hit an internal error
    verdicts = api.verify(ex, gazetteer=gaz)
    ex.mentions.to_csv(), ex.incidents.to_csv(), api.verdict_table(verdicts).to_csv()
    m = render_map(ex.incident_records, verdicts, title=title or "t", basemap_layer=False)
    page = to_html(m, offline=False)
    assert "@@geomap:" not in page.replace("@@geomap:js:x:data@@", "")
    assert "<script>window.pwned" not in page and "<img src=x" not in page and "49" not in page.split("<title>")[1][:80]
    return page


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=texts, title=meta, outlet=meta, url=meta)
def test_any_text_goes_through_the_whole_pipeline(tmp_path: Path, gaz, text: str, title: str, outlet: str,
                                                  url: str) -> None:
    _pipeline(tmp_path, text, title, outlet, url, gaz)


@pytest.mark.browser
def test_generated_pages_load_in_chromium_without_errors(tmp_path: Path, gaz) -> None:
    from test_hostile import load_in_browser
    from test_map import _browser

    browser = _browser()
    assets_or_skip()
    pages: list[Path] = []

    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(text=texts, title=meta, outlet=meta)
    def collect(text: str, title: str, outlet: str) -> None:
        import tempfile

        work = Path(tempfile.mkdtemp(dir=tmp_path))
        _pipeline(work, text + " Drones struck Kazan on Saturday, killing 3 people. Kazan is about 1,000 km "
                  "from the border with Ukraine.", title, outlet, "", gaz)
        ex = api.extract(api.read([str(work / "in.jsonl")])[0], gazetteer=gaz)
        m = render_map(ex.incident_records, api.verify(ex, gazetteer=gaz), title=title or "t", basemap_layer=False)
        path = work / "map.html"
        path.write_text(to_html(m), encoding="utf-8")
        pages.append(path)

    collect()
    problems, dialogs = load_in_browser(browser, pages)
    assert problems == [] and dialogs == []


CATEGORY_WORDS = ["drones struck", "missile", "shelling", "airstrike", "air strike", "bombed", "took control",
                  "shot down", "explosions", "earthquake", "flash floods", "tornado", "bushfire", "forest fires",
                  "mudslide", "volcano erupted", "eruption of the volcano", "attacked", "killed", "casualties",
                  "flights were suspended", "power was cut", "İ", "ı", "ſ", "\u212a", "MİSSİLE", "ſhelling",
                  "\u212aILLED", "Dı", "SHOT", "DOWN"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CATEGORY_WORDS), st.text(max_size=12)), min_size=1, max_size=12).map(
    " ".join))
def test_category_stems_never_hide_a_match(text: str) -> None:
    """The substring test before the event patterns (``CATEGORY_STEMS``) is only a shortcut: the categories found
    are exactly those whose patterns match, case-blind letters (İ, ı, ſ, the Kelvin sign) included."""
    from geomap.incidents import CATEGORY_PATTERNS, categories_in

    assert categories_in(text) == [c for c, pat in CATEGORY_PATTERNS if pat.search(text)]
