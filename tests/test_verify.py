"""Verdicts: each qualifier, each reference kind, unit pairs, the uncertainty band, unresolvable
places, unknown dates, population and direction claims, the report and the commands."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from geomap import api
from geomap.cli import app
from geomap.errors import NotFoundError
from geomap.report import md_escape
from geomap.verify import RULES, Tolerances, judge

runner = CliRunner()


def check(gaz, text: str, date: str | None = "2024-12-21", **kw):
    verdicts = api.check(text, date=date, gazetteer=gaz, **kw)
    return verdicts[0] if len(verdicts) == 1 else verdicts


@pytest.mark.parametrize(
    ("qualifier", "claimed", "measured", "verdict"),
    [
        ("more than", 1000, 918.6, "overstated"), ("more than", 900, 918.6, "supported"),
        ("over", 930, 918.6, "supported"),  # within the 2 % slack
        ("at least", 950, 918.6, "overstated"),
        ("less than", 1000, 918.6, "supported"), ("under", 800, 918.6, "understated"),
        ("within", 905, 918.6, "supported"), ("up to", 850, 918.6, "understated"),
        ("about", 1000, 918.6, "supported"), ("", 1000, 918.6, "supported"), ("roughly", 1100, 918.6, "overstated"),
        ("around", 700, 918.6, "understated"), ("some", 950, 918.6, "supported"),
        ("nearly", 950, 918.6, "supported"), ("almost", 1100, 918.6, "overstated"), ("nearly", 800, 918.6,
                                                                                   "understated"),
    ],
)
def test_rule_table(qualifier: str, claimed: float, measured: float, verdict: str) -> None:
    assert judge(claimed, measured, 0.0, RULES[qualifier], Tolerances()) == verdict


def test_uncertainty_band_makes_it_indeterminate() -> None:
    rule = RULES["more than"]
    assert judge(100, 102, 0, rule, Tolerances()) == "supported"
    assert judge(100, 102, 15, rule, Tolerances()) == "indeterminate"  # a front known to ±15 km
    assert judge(10, 3, 15, RULES["about"], Tolerances()) == "indeterminate"  # can't call a 10-km claim false
    assert judge(100, 60, 15, rule, Tolerances()) == "overstated"


def test_tolerance_is_configurable(gaz) -> None:
    text = "Kazan is about 1,000 km from the Ukrainian border."
    assert check(gaz, text).verdict == "supported"
    assert check(gaz, text, tolerances=Tolerances(approx_pct=5)).verdict == "overstated"


def test_seed_like_border_claim_with_unit_pair(gaz) -> None:
    v = check(gaz, "Kazan is more than 1,000 km (600 miles) from the border with Ukraine.")
    assert v.verdict == "overstated" and v.measured_km == pytest.approx(918.6, abs=0.2)
    assert v.error_km == pytest.approx(81.4, abs=0.3) and v.tolerance_pct == 2.0
    assert v.second_verdict == "overstated" and "two roundings" in v.pair_note and "621 miles" in v.pair_note
    assert "rounds to 1,000" in v.rounding_note
    assert v.reference_source.startswith("Natural Earth") and (v.nearest_lat, v.nearest_lon) == pytest.approx(
        (49.59, 40.12), abs=0.01)


def test_pair_that_disagrees_is_flagged(gaz) -> None:
    v = check(gaz, "Kazan is about 1,000 kilometers (400 miles) from the border with Ukraine.")
    assert "disagree by more than 10 %" in v.pair_note and v.second_verdict == "understated"


def test_about_1000_km_supported_but_high(gaz) -> None:
    v = check(gaz, "The blast hit Kazan, about 1,000 km away from the Ukrainian border.")
    assert v.verdict == "supported" and "but high" in v.verdict_note


def test_front_line_claim_on_date(gaz) -> None:
    v = check(gaz, "Drones hit Kazan, over 600 miles from the front lines.")
    assert v.verdict == "supported" and v.reference_date_used == "2024-12-21" and v.uncertainty_km == 20
    later = check(gaz, "Drones hit Kazan, over 600 miles from the front lines.", date="2025-01-10")
    assert later.reference_date_used == "2024-12-21" and "latest on or before 2025-01-10" in later.verdict_note


def test_unknown_date_uses_latest_snapshot_and_says_so(gaz) -> None:
    v = check(gaz, "Drones hit Kazan, over 600 miles from the front lines.", date=None)
    assert v.reference_date_used == "2025-06-01"


def test_date_before_first_snapshot_is_unverifiable(gaz) -> None:
    v = check(gaz, "Drones hit Kazan, over 600 miles from the front lines.", date="2022-03-01")
    assert v.verdict == "unverifiable" and "no front-line snapshot on or before 2022-03-01" in v.verdict_note


def test_place_reference_with_direction(gaz) -> None:
    v = check(gaz, "Kazan lies 400 miles east of Moscow.")
    assert v.verdict == "understated" and v.measured_value == pytest.approx(448.1, abs=0.2)
    assert v.error_pct == pytest.approx(-10.7, abs=0.2)
    assert "direction right" in v.direction_note and "rounds to 400" in v.rounding_note
    wrong = check(gaz, "Kazan lies about 450 miles west of Moscow.")
    assert wrong.verdict == "supported" and "direction wrong" in wrong.direction_note


def test_frontier_measured_both_ways(gaz) -> None:
    v = check(gaz, "Kazan lies about 1,000 km (620 miles) from the Ukraine-Russia frontier.")
    assert v.claim.reference == "border:RU-UA" and v.verdict == "supported"
    assert v.alt_reference == "front:2024-12-21" and v.alt_measured_km == pytest.approx(988.6, abs=1)
    assert v.alt_verdict == "supported" and "read as the front line instead" in v.verdict_note


def test_unresolvable_reference_and_subject(gaz) -> None:
    v = check(gaz, "Kazan is about 30 km from the nearest base.")
    assert v.verdict == "unverifiable" and "is not a place, border or front line" in v.verdict_note
    w = check(gaz, "The drones flew about 300 km before they fell.")
    assert w.verdict == "unverifiable" and "could not be found" in w.verdict_note


def test_population_claim(gaz) -> None:
    v = check(gaz, "The attack hit Kazan, a city home to 1.3 million people.")
    assert v.verdict == "supported" and v.measured_value == 1_243_500
    assert "1,200,000" in v.rounding_note
    assert check(gaz, "The attack hit Kazan, a city home to 3 million people.").verdict == "overstated"


def test_direction_claims(gaz) -> None:
    assert check(gaz, "A missile hit the southern city of Kherson.").verdict == "supported"
    assert check(gaz, "A missile hit the northern city of Kherson.").verdict == "contradicted"
    central = check(gaz, "Drones struck the central Russian city of Kazan.")
    assert central.verdict == "indeterminate" and "farthest edge" in central.verdict_note


def test_no_claim_is_not_found(gaz) -> None:
    with pytest.raises(NotFoundError):
        api.check("Nothing measurable here.", gazetteer=gaz)


def test_md_escape_neutralises_markup() -> None:
    assert md_escape("<script>alert(1)</script> *bold* [x](javascript:y)") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[x\\](javascript:y)")


def test_cli_check_and_json() -> None:
    out = runner.invoke(app, ["check", "Kazan is more than 1,000 kilometers from the border with Ukraine",
                              "--date", "2024-12-21"])
    assert out.exit_code == 0 and out.output.startswith("OVERSTATED: Kazan to border:UA")
    assert "measured   918.6 km" in out.output
    rows = json.loads(runner.invoke(app, ["check", "Kazan lies 400 miles east of Moscow", "--json"]).output)
    assert rows[0]["verdict"] == "understated" and rows[0]["measured_km"] == pytest.approx(721.2, abs=0.1)
    assert runner.invoke(app, ["check", "No claim"]).exit_code == 1
    assert runner.invoke(app, ["check", "Kazan is 10 km from Moscow", "--tolerance", "150"]).exit_code == 2


def test_cli_verify_writes_report(tmp_path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("date: 2024-12-21\noutlet: Wire <b>\n\nKazan is more than 1,000 km from the border with Ukraine. "
                 "Kazan lies 400 miles east of Moscow.", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["verify", str(a), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "2 claims (1 overstated, 1 understated)" in res.output
    report = (out / "report.md").read_text()
    assert report.startswith("# geomap verification report")
    assert "| overstated | 1 |" in report and "| Wire &lt;b&gt; | 0 | 1 | 1 | 0 | 0 | 0 |" in report
    data = json.loads((out / "report.json").read_text())
    assert data["summary"]["by_verdict"]["understated"] == 1 and len(data["claims"]) == 2
    header = (out / "claims.csv").read_text().splitlines()[0].split(",")
    assert header[:3] == ["claim_id", "article_id", "sentence"] and "verdict" in header and "measured_km" in header
    first = (out / "report.md").read_bytes()
    runner.invoke(app, ["verify", str(a), "-o", str(out)])
    assert (out / "report.md").read_bytes() == first
