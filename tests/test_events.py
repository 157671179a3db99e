"""Events as claim subjects (issue 11): an epicentre or a blast has no gazetteer point. It is placed from
coordinates written in the text, or from the distance claims made about it, and those claims are checked
against each other. Sentences written for these tests; every true point comes from the gazetteer."""

from __future__ import annotations

import pytest
from pyproj import Geod

from geomap import api
from geomap.events import Constraint, feasible_region, find_coordinates
from geomap.geodesy import geodesic
from geomap.models import Article

GEOD = Geod(ellps="WGS84")


def _verdicts(gaz, text: str):
    ex = api.extract([Article("t", text, "2025-03-28")], gazetteer=gaz)
    return [v for v in api.verify(ex, gazetteer=gaz) if v.claim.claim_kind == "distance"]


def _place(gaz, name: str, country: str):
    return api.resolve(name, country=country, gazetteer=gaz).pick.place


@pytest.mark.parametrize(("written", "lat", "lon"), [
    ("23.84 degrees north latitude and 94.67 degrees east longitude", 23.84, 94.67),
    ("48.5°N 37.9°E", 48.5, 37.9),
    ("48°30′N, 37°54′E", 48.5, 37.9),
    ("48° 30' 36\" N 37° 54' 0\" E", 48.51, 37.9),
    ("33.45° S, 70.66° W", -33.45, -70.66),
    ("94.67°E 23.84°N", 23.84, 94.67),
    ("latitude 21.99, longitude 95.92", 21.99, 95.92),
])
def test_coordinates_written_in_text(written: str, lat: float, lon: float) -> None:
    [c] = find_coordinates(f"The epicentre lay at {written}, the survey said.")
    assert (c.lat, c.lon) == pytest.approx((lat, lon)) and c.source == f"text: {written}"


@pytest.mark.parametrize("text", ["It was 40°C in the shade at 3 N.", "Route 48 N then 37 E.", "91°N 10°E",
                                  "48°75′N 37°54′E"])
def test_what_is_not_a_coordinate(text: str) -> None:
    assert find_coordinates(text) == []


def test_an_event_with_coordinates_in_the_text_is_measured_from_them(gaz) -> None:
    mandalay = _place(gaz, "Mandalay", "MM")
    [v] = _verdicts(gaz, "A strong earthquake shook Myanmar. Its epicentre was at 23.84 degrees north latitude and "
                         "94.67 degrees east longitude, about 230 km from Mandalay.")
    c = v.claim
    assert (c.subject_lat, c.subject_lon) == (23.84, 94.67) and c.subject_source.startswith("text: 23.84 degrees")
    assert "coordinates given in the text" in c.subject_how
    assert v.measured_km == pytest.approx(geodesic(23.84, 94.67, mandalay.lat, mandalay.lon).km, abs=0.1)


def test_one_distance_and_direction_places_the_event_with_its_uncertainty(gaz) -> None:
    sagaing = _place(gaz, "Sagaing", "MM")
    lon, lat, _ = GEOD.fwd(sagaing.lon, sagaing.lat, 315.0, 16_000.0)
    [v] = _verdicts(gaz, "A powerful earthquake hit central Myanmar. The epicentre was about 16 km northwest of "
                         "Sagaing.")
    assert v.claim.subject == "the epicentre" and v.claim.subject_lat is None
    assert v.verdict == "unverifiable" and "only claim" in v.verdict_note  # it places the event; nothing checks it
    assert 2 < v.estimate_km < 10
    assert geodesic(v.estimate_lat, v.estimate_lon, lat, lon).km <= v.estimate_km
    assert "estimated at" in v.event_note


def test_another_claim_is_checked_against_the_estimate_never_from_the_reference_town(gaz) -> None:
    sagaing, mandalay = _place(gaz, "Sagaing", "MM"), _place(gaz, "Mandalay", "MM")
    lon, lat, _ = GEOD.fwd(sagaing.lon, sagaing.lat, 315.0, 16_000.0)
    true_km = geodesic(lat, lon, mandalay.lat, mandalay.lon).km
    text = ("A powerful earthquake hit central Myanmar. The epicentre was about 16 km northwest of Sagaing and "
            "about {:.0f} km from Mandalay.")
    a, b = _verdicts(gaz, text.format(true_km))
    assert b.claim.subject == "the epicentre" and b.verdict in ("supported", "indeterminate")
    assert "Measured from where the other claims put the epicentre" in b.verdict_note
    assert "which agree" in b.event_note and a.estimate_lat == b.estimate_lat
    # Sagaing to Mandalay is not what is measured
    assert b.measured_km != pytest.approx(geodesic(sagaing.lat, sagaing.lon, mandalay.lat, mandalay.lon).km, abs=1)
    a, b = _verdicts(gaz, text.format(3 * true_km))
    assert b.verdict == "overstated" and "cannot all hold" in b.event_note and b.estimate_lat is None


def test_three_distances_triangulate_the_event(gaz) -> None:
    """The true point is a gazetteer town the text never names; three distances to other towns find it."""
    truth = _place(gaz, "Kyaukse", "MM")
    refs = [_place(gaz, n, "MM") for n in ("Mandalay", "Meiktila", "Monywa")]
    km = [geodesic(truth.lat, truth.lon, r.lat, r.lon).km for r in refs]
    text = (f"A blast shook the region overnight. The explosion was about {km[0]:.0f} km from Mandalay, about "
            f"{km[1]:.0f} km from Meiktila and about {km[2]:.0f} km from Monywa.")
    vs = _verdicts(gaz, text)
    assert len(vs) == 3 and {v.claim.subject_source for v in vs} == {"event:t:explosion"}
    est = vs[0]
    assert est.estimate_km is not None and est.estimate_km < 25
    assert geodesic(est.estimate_lat, est.estimate_lon, truth.lat, truth.lon).km <= est.estimate_km
    assert all(v.verdict in ("supported", "indeterminate") for v in vs) and "which agree" in est.event_note


def test_it_refers_back_to_the_event(gaz) -> None:
    vs = _verdicts(gaz, "The epicentre was about 16 km northwest of Sagaing. It was about 30 km from Mandalay.")
    assert [v.claim.subject_source for v in vs] == ["event:t:earthquake", "event:t:earthquake"]
    assert vs[1].claim.subject_how.startswith("anaphora (it)")


def test_a_place_named_with_the_event_is_the_subject(gaz) -> None:
    [v] = _verdicts(gaz, "Kazan's refinery blast, some 1,000 km from the border with Ukraine, lit the sky.")
    assert v.claim.subject == "Kazan" and v.measured_km is not None


def test_the_analyst_fills_in_the_epicentre_and_verifies_again(gaz, tmp_path) -> None:
    import pandas as pd

    ex = api.extract([Article("t", "The epicentre was about 16 km northwest of Sagaing and about 20 km from "
                                   "Mandalay.", "2025-03-28")], gazetteer=gaz)
    table = api.verify(ex, gazetteer=gaz).to_dataframe()
    table["subject_lat"] = 22.0  # from a seismology bulletin, say
    table["subject_lon"] = 95.9
    again = api.verify_table(table, gazetteer=gaz)
    mandalay = _place(gaz, "Mandalay", "MM")
    assert again[1].measured_km == pytest.approx(geodesic(22.0, 95.9, mandalay.lat, mandalay.lon).km, abs=0.1)
    assert "given in claim" in again[1].event_note
    path = tmp_path / "claims.csv"
    table.to_csv(path, index=False)
    assert [v.verdict for v in api.verify_table(pd.read_csv(path), gazetteer=gaz)] == [v.verdict for v in again]


def test_the_estimate_is_drawn_on_the_map(gaz) -> None:
    from geomap.render import claim_features

    vs = _verdicts(gaz, "The epicentre was about 16 km northwest of Sagaing and about 20 km from Mandalay.")
    feats = claim_features(vs)["features"]
    circles = [f for f in feats if f["properties"].get("estimate") and f["geometry"]["type"] == "Polygon"]
    assert len(circles) == 1 and "± " in circles[0]["properties"]["label"]
    ring = circles[0]["geometry"]["coordinates"][0]
    lat, lon, r = vs[0].estimate_lat, vs[0].estimate_lon, vs[0].estimate_km
    assert all(geodesic(lat, lon, y, x).km == pytest.approx(r, abs=0.05) for x, y in ring)
    lines = [f for f in feats if f["geometry"]["type"] == "LineString"]
    assert lines and all(f["geometry"]["coordinates"][0] == [round(lon, 5), round(lat, 5)] for f in lines)


def test_feasible_region_of_two_disjoint_rings_is_empty() -> None:
    a = Constraint(48.0, 37.0, 9.0, 11.0)
    b = Constraint(48.0, 38.0, 9.0, 11.0)  # about 74 km apart: rings of 10 km cannot meet
    region = feasible_region([a, b])
    assert region is not None and region.empty


def test_many_claims_about_one_event_are_all_judged_by_the_first_few(gaz) -> None:
    """Hostile or repetitive text: the first MAX_PLACING_CLAIMS claims place the event, the rest are checked
    against them, so the work stays bounded."""
    from geomap.events import MAX_PLACING_CLAIMS

    text = "A blast shook the region. " + " ".join(
        f"The explosion was about {10 + i % 3} km from Kharkiv." for i in range(3 * MAX_PLACING_CLAIMS))
    vs = _verdicts(gaz, text)
    assert len(vs) == 3 * MAX_PLACING_CLAIMS and all(v.verdict != "unverifiable" for v in vs)
    assert f"the {MAX_PLACING_CLAIMS} claims that place it" in vs[-1].event_note
    assert "claim" in vs[-1].verdict_note and vs[-1].measured_km is not None
