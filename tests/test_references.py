"""References: borders (Crimea counted as Ukraine), shared borders, front snapshots, user lines."""

from __future__ import annotations

import json
import re

import pytest
import shapely
from typer.testing import CliRunner

from geomap import api
from geomap.cli import app
from geomap.errors import GeometryError, InputError, NotFoundError
from geomap.geodesy import GeometryIndex
from geomap.references import country_geometry, reference, snapshots

KAZAN = (55.78874, 49.12214)


def near(row, lat: float, lon: float, km: float) -> bool:
    from geomap.geodesy import geodesic

    return geodesic(row.nearest_lat, row.nearest_lon, lat, lon).km <= km


def test_kazan_to_ukraine_border(gaz) -> None:
    row = api.distance(["Kazan"], "border:UA", gazetteer=gaz)[0]
    assert row.km == pytest.approx(918.6, abs=0.3)
    assert near(row, 49.59, 40.12, 2)
    assert "Milove" in row.nearest_place
    assert row.reference_source.startswith("Natural Earth 1:10m")


def test_kazan_to_ukraine_border_at_50m() -> None:
    index = GeometryIndex(country_geometry("UA", scale="50m").boundary)
    assert index.nearest(*KAZAN).km == pytest.approx(921.3, abs=0.5)


def test_moscow_and_novorossiysk(gaz) -> None:
    assert api.distance(["Moscow"], "border:UA", gazetteer=gaz)[0].km == pytest.approx(453, abs=1)
    recognised = api.distance(["Novorossiysk"], "border:UA", gazetteer=gaz)[0]
    land = api.distance(["Novorossiysk"], "border:RU-UA", gazetteer=gaz)[0]
    assert recognised.km == pytest.approx(110, abs=3)
    assert 44.9 < recognised.nearest_lat < 45.6 and 35.3 < recognised.nearest_lon < 36.7  # Kerch peninsula
    assert land.km == pytest.approx(266, abs=1)


def test_crimea_is_ukraine_unless_de_facto(gaz) -> None:
    sevastopol = api.subject_place("Sevastopol", gazetteer=gaz)
    assert reference("country:UA").index.nearest(sevastopol.lat, sevastopol.lon).inside
    assert not reference("country:RU").index.nearest(sevastopol.lat, sevastopol.lon).inside
    assert reference("country:RU-defacto").index.nearest(sevastopol.lat, sevastopol.lon).inside
    assert not reference("country:UA-defacto").index.nearest(sevastopol.lat, sevastopol.lon).inside
    # the RU-UA land border does not run across the Perekop isthmus
    border = reference("border:RU-UA").geometry
    assert not border.intersects(shapely.box(33.0, 45.5, 35.5, 46.3))


def test_front_line_on_date(gaz) -> None:
    row = api.distance(["Kazan"], "front", date="2024-12-21", gazetteer=gaz)[0]
    assert row.km == pytest.approx(992, abs=20)
    assert row.uncertainty_km == 20 and row.reference_date == "2024-12-21"
    assert near(row, 49.99, 37.89, 20)
    assert "compiled from public front-line maps" in row.reference_source


def test_front_snapshot_selection() -> None:
    assert [s.date for s in snapshots()] == ["2023-05-30", "2024-12-21", "2025-06-01"]
    later = reference("front:2025-01-15")
    assert later.date == "2024-12-21" and "latest on or before 2025-01-15" in later.note
    assert reference("front").date == "2025-06-01" and "no date given" in reference("front").note
    assert reference("front:2023-06-01").date == "2023-05-30"
    with pytest.raises(NotFoundError, match="no front-line snapshot on or before 2022-02-24"):
        reference("front:2022-02-24")
    with pytest.raises(InputError, match="not ISO 8601"):
        reference("front:yesterday")


def test_kostiantynopolske_to_kurakhove(gaz) -> None:
    row = api.distance(["Kostiantynopolske", "Kurakhove"], gazetteer=gaz)[0]
    assert row.km == pytest.approx(9.8, abs=0.1) and row.mi == pytest.approx(6.1, abs=0.05)
    assert row.compass == "SW"


def test_latlon_subjects_and_place_reference(gaz) -> None:
    row = api.distance(["55.78874,49.12214"], "Moscow", gazetteer=gaz)[0]
    assert row.km == pytest.approx(721.2, abs=0.1) and row.reference_source == "geonames:524901"
    with pytest.raises(InputError):
        api.distance(["95,10"], "Moscow", gazetteer=gaz)


def _write(path, geometry: dict, props: dict | None = None) -> str:
    path.write_text(json.dumps({"type": "Feature", "properties": props or {}, "geometry": geometry}))
    return str(path)


def test_user_front_line_file(tmp_path, gaz) -> None:
    kurakhove = gaz.get("geonames:695357")
    pokrovsk = gaz.get("geonames:704422")
    line = {"type": "LineString", "coordinates": [[kurakhove.lon, kurakhove.lat], [pokrovsk.lon, pokrovsk.lat]]}
    f = _write(tmp_path / "mine.geojson", line, {"date": "2024-11-01", "source": "my notes", "uncertainty_km": 5})
    row = api.distance(["Kurakhove"], "front", front=f, gazetteer=gaz)[0]
    assert row.km == pytest.approx(0, abs=0.01) and row.reference_source == "my notes" and row.uncertainty_km == 5


def test_user_front_kml(tmp_path, gaz) -> None:
    kml = tmp_path / "front.kml"
    kml.write_text(
        '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
        "<TimeStamp><when>2024-12-01</when></TimeStamp>"
        "<LineString><coordinates>37.28069,47.9847,0 37.17706,48.28014,0</coordinates></LineString>"
        "</Placemark></kml>")
    ref = reference("front", front_source=kml)
    assert ref.date == "2024-12-01"
    assert ref.index.nearest(47.9847, 37.28069).km == pytest.approx(0, abs=0.01)


def test_occupied_area_polygon_front(tmp_path) -> None:
    box = {"type": "Polygon", "coordinates": [[[37.0, 47.5], [41.0, 47.5], [41.0, 48.5], [37.0, 48.5], [37.0, 47.5]]]}
    ref = reference("front", front_source=_write(tmp_path / "occupied.geojson", box))
    # the west edge (lon 37) is front; the east edge lies in Russia and is not
    assert ref.index.nearest(48.0, 36.5).km == pytest.approx(37.3, abs=0.5)
    assert ref.index.nearest(48.0, 41.5).km > 100
    assert not ref.geometry.intersects(shapely.LineString([(41.0, 47.6), (41.0, 48.4)]))


def test_snapshot_folder(tmp_path) -> None:
    a = {"type": "LineString", "coordinates": [[37.0, 47.0], [37.5, 48.0]]}
    b = {"type": "LineString", "coordinates": [[38.0, 47.0], [38.5, 48.0]]}
    _write(tmp_path / "front-2024-01-01.geojson", a)
    _write(tmp_path / "later.geojson", b, {"date": "2024-06-01"})
    assert reference("front:2024-03-01", front_source=tmp_path).date == "2024-01-01"
    assert reference("front:2024-07-01", front_source=tmp_path).date == "2024-06-01"
    with pytest.raises(NotFoundError):
        reference("front:2023-12-31", front_source=tmp_path)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "LineString", "coordinates": []}, "empty geometry"),
        ({"type": "LineString", "coordinates": [[47.9, 37.2], [48.3, 37.1]]}, None),
        ({"type": "LineString", "coordinates": [[37.2, 147.9], [37.1, 48.3]]},
         r"latitude 147.9 is over 90 \(coordinates must be \[lon, lat\]\)"),
        ({"type": "LineString", "coordinates": [[37, 47], [38, 48], [38, 47], [37, 48]]}, "crosses itself"),
        ({"type": "Polygon", "coordinates": [[[37, 47], [38, 48], [38, 47], [37, 48], [37, 47]]]}, "invalid polygon"),
        ({"type": "Point", "coordinates": [37, 47]}, "not a Point"),
    ],
)
def test_bad_front_files(tmp_path, geometry: dict, message: str | None) -> None:
    path = _write(tmp_path / "bad.geojson", geometry)
    if message is None:
        reference("front", front_source=path)  # valid, if oddly placed
        return
    with pytest.raises(GeometryError, match=message) as err:
        reference("front", front_source=path)
    assert "bad.geojson" in str(err.value)


def test_not_json(tmp_path) -> None:
    bad = tmp_path / "broken.geojson"
    bad.write_text("{not json")
    with pytest.raises(InputError, match=r"broken\.geojson: not valid GeoJSON"):
        reference("front", front_source=bad)


runner = CliRunner()


def test_cli_distance_table_and_json() -> None:
    out = runner.invoke(app, ["distance", "Kazan", "Engels", "Yelabuga", "--to", "border:UA"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].startswith("reference: Ukraine's border")
    assert any(ln.startswith("Kazan -> border:UA: 918.6 km (570.8 mi, 496.0 nmi)") for ln in lines)
    assert sum(ln.startswith(("Kazan", "Engels", "Yelabuga")) for ln in lines) == 3
    rows = json.loads(runner.invoke(app, ["distance", "Kazan", "Moscow", "--json"]).output)
    keys = {"subject", "subject_lat", "subject_lon", "reference", "reference_kind", "reference_date",
            "reference_source", "uncertainty_km", "km", "mi", "nmi", "bearing_deg", "compass", "nearest_lat",
            "nearest_lon", "nearest_place"}
    assert keys <= set(rows[0]) and rows[0]["compass"] == "E"


def test_cli_distance_errors(tmp_path) -> None:
    assert runner.invoke(app, ["distance", "Kazan"]).exit_code == 2
    early = runner.invoke(app, ["distance", "Kazan", "--to", "front", "--date", "2020-01-01"])
    assert early.exit_code == 1 and "no front-line snapshot on or before 2020-01-01" in early.output
    bad = tmp_path / "swapped.geojson"
    bad.write_text(json.dumps({"type": "LineString", "coordinates": [[37.2, 147.9], [37.1, 48.3]]}))
    res = runner.invoke(app, ["distance", "Kazan", "--to", "front", "--front", str(bad)])
    assert res.exit_code == 2 and "swapped.geojson: latitude 147.9 is over 90" in res.output


@pytest.mark.parametrize(("date", "expected_km"), [("2024-12-21", 605.0), ("2025-06-01", 537.0)])
def test_the_whole_front_has_its_northern_segments(gaz, date: str, expected_km: float) -> None:
    """Moscow to the front: about 605 km (2024-12-21) and 537 km (2025-06-01) once the separate northern
    segments (Vovchansk, Lyptsi, the Sumy border area) are in; the main front alone gave 639 km."""
    from geomap.api import distance

    [row] = distance(["Moscow"], "front", date=date, gazetteer=gaz)
    assert abs(row.km - expected_km) <= 20
    assert row.reference_source.startswith("settlements along the front on that date, compiled from public "
                                           "front-line maps, ±20 km")
    assert "issue" not in row.reference_source


def test_a_country_typed_as_a_reference_is_its_outline(gaz) -> None:
    """"Ukraine" measures to Ukraine's polygon (as ``country:UA``), not to the one point that stands for it on a
    map (1,452 km from Kazan, against 918.6 km to its nearest edge)."""
    row = api.distance("Kazan", "Ukraine", gazetteer=gaz)[0]
    assert row.reference == "country:UA" and row.km == pytest.approx(918.6, abs=0.3)


@pytest.mark.parametrize(("subjects", "to", "message"), [
    ("Kazan", "Black Sea", "Black Sea is a sea (geonames:630673): geomap knows it by one representative point"),
    ("Kazan", "Donetsk Oblast", "is a region (geonames:"),
    (["Black Sea", "Moscow"], None, "a distance from it cannot be measured"),
    (["Ukraine", "Moscow"], None, "measure to it instead (--to country:UA)"),
])
def test_an_area_is_no_point_to_measure_to_or_from(gaz, subjects, to, message: str) -> None:
    with pytest.raises(GeometryError, match=re.escape(message)):
        api.distance(subjects, to, gazetteer=gaz)


def test_cli_distance_to_a_sea_is_a_one_line_error() -> None:
    result = CliRunner().invoke(app, ["distance", "Kazan", "--to", "Black Sea"])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "Black Sea is a sea" in result.output
