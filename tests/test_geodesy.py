"""Geodesy: geodesics, compass words, point-to-geometry distances against a brute-force reference."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from geopy.distance import geodesic as geopy_geodesic

from geomap.errors import GeometryError
from geomap.geodesy import COMPASS_16, GeometryIndex, compass, distance_to, geodesic, geodesic_path

KAZAN = (55.78874, 49.12214)
MOSCOW = (55.75204, 37.61781)


def brute_force_km(lat: float, lon: float, geometry: shapely.Geometry, step_m: float = 100.0) -> float:
    """Densify every edge along its geodesic to < step_m and take the smallest WGS84 geodesic distance."""
    g = Geodesic.WGS84
    best = np.inf
    parts = shapely.get_parts(geometry.boundary if geometry.geom_type.endswith("Polygon") else geometry)
    for part in parts:
        coords = np.asarray(part.coords)
        for (x1, y1), (x2, y2) in itertools.pairwise(coords):
            line = g.InverseLine(y1, x1, y2, x2)
            n = max(1, int(np.ceil(line.s13 / step_m)))
            for i in range(n + 1):
                p = line.Position(line.s13 * i / n)
                best = min(best, g.Inverse(lat, lon, p["lat2"], p["lon2"])["s12"])
    return best / 1000.0


def test_kazan_moscow() -> None:
    leg = geodesic(*MOSCOW, *KAZAN)
    assert leg.km == pytest.approx(721.2, abs=0.05)
    assert leg.km == pytest.approx(geopy_geodesic(MOSCOW, KAZAN).km, abs=1e-6)
    assert leg.bearing_deg == pytest.approx(85, abs=0.5) and leg.compass == "E"
    assert leg.mi == pytest.approx(448.1, abs=0.1) and leg.nmi == pytest.approx(389.4, abs=0.1)


@pytest.mark.parametrize(("deg", "word"), [(0, "N"), (11.2, "N"), (11.3, "NNE"), (45, "NE"), (67.5, "ENE"),
                                           (84.9, "E"), (180, "S"), (202.5, "SSW"), (337.5, "NNW"), (359, "N")])
def test_compass(deg: float, word: str) -> None:
    assert compass(deg) == word


def test_compass_has_16_points() -> None:
    assert [compass(i * 22.5) for i in range(16)] == list(COMPASS_16)


CASES = [
    ("line", shapely.LineString([(30.0, 50.0), (31.0, 50.2), (32.5, 49.8), (33.0, 51.0)]), (51.3, 31.4)),
    ("line far", shapely.LineString([(37.0, 47.0), (38.0, 48.5), (38.2, 50.0)]), (55.78874, 49.12214)),
    ("long edges", shapely.LineString([(-10.0, 40.0), (20.0, 60.0)]), (45.0, 10.0)),
    ("antimeridian", shapely.LineString([(179.0, 60.0), (-179.0, 60.5), (-177.0, 61.0)]), (62.0, 179.9)),
    ("antimeridian west side", shapely.LineString([(179.0, 60.0), (-179.0, 60.5)]), (59.0, -179.5)),
    ("polygon outside", shapely.Polygon([(30, 50), (32, 50), (32, 52), (30, 52)]), (49.0, 33.0)),
    ("vertex nearest", shapely.LineString([(30, 50), (31, 51), (32, 50)]), (52.0, 31.0)),
]


@pytest.mark.parametrize(("label", "geometry", "point"), CASES, ids=[c[0] for c in CASES])
def test_matches_brute_force(label: str, geometry: shapely.Geometry, point: tuple[float, float]) -> None:
    got = distance_to(*point, geometry)
    want = brute_force_km(*point, geometry)
    assert abs(got.km - want) <= max(0.5, want * 0.001), (got.km, want)
    # the nearest point reported is really that far away
    assert geodesic(*point, got.lat, got.lon).km == pytest.approx(got.km, abs=1e-6)


def test_point_inside_polygon() -> None:
    square = shapely.Polygon([(30, 50), (32, 50), (32, 52), (30, 52)])
    inside = distance_to(51.0, 31.0, square)
    assert inside.km == 0 and inside.inside and (inside.lat, inside.lon) == (51.0, 31.0)
    edge = distance_to(51.0, 31.0, square, boundary=True)
    assert edge.inside and edge.km == pytest.approx(brute_force_km(51.0, 31.0, square), abs=0.5)
    assert edge.lon == pytest.approx(30.0, abs=1e-6)


def test_approx_km_is_close() -> None:
    rng = np.random.default_rng(3)
    index = GeometryIndex(shapely.LineString(np.cumsum(rng.normal(0, 0.2, (100, 2)), axis=0) + np.array([35, 48])))
    for lat, lon in zip(rng.uniform(44, 52, 40), rng.uniform(28, 42, 40), strict=True):
        exact = index.nearest(lat, lon).km
        assert index.approx_km(lat, lon) == pytest.approx(exact, rel=0.006, abs=0.05)


def test_approx_km_beyond_a_bound_is_a_lower_bound() -> None:
    """With ``beyond_km``, a point nearer than the bound gets its distance, a farther one a lower bound of it that
    is itself past the bound (ranking only needs to know the front is far)."""
    rng = np.random.default_rng(5)
    index = GeometryIndex(shapely.LineString(np.cumsum(rng.normal(0, 0.2, (100, 2)), axis=0) + np.array([35, 48])))
    for lat, lon in zip(rng.uniform(40, 56, 200), rng.uniform(24, 46, 200), strict=True):
        d, bound = index.approx_km(lat, lon), index.approx_km(lat, lon, beyond_km=40.0)
        assert bound == d if d < 40.0 else 40.0 <= bound <= d + 1e-9


def test_vectorised_equals_scalar() -> None:
    rng = np.random.default_rng(7)
    xy = np.cumsum(rng.normal(0, 0.2, (200, 2)), axis=0) + np.array([35, 48])
    index = GeometryIndex(shapely.LineString(xy))
    lats, lons = rng.uniform(44, 52, 300), rng.uniform(28, 42, 300)
    many = index.nearest_many(lats, lons)
    for i in range(0, 300, 37):
        one = index.nearest(lats[i], lons[i])
        assert many.km[i] == pytest.approx(one.km, abs=1e-9)
    for i in range(0, 300, 60):
        assert many.km[i] == pytest.approx(brute_force_km(lats[i], lons[i], index.geometry), abs=0.5)


def test_small_queries_run_on_one_openmp_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-point query must not wake an OpenMP thread per core (it then waits on busy cores); bulk queries may."""
    from geomap import geodesy

    index = GeometryIndex(shapely.LineString([(30, 50), (31, 50), (32, 51)]))
    index.nearest(50.5, 30.5)  # builds the tree: pykdtree (and its OpenMP runtime) are loaded
    seen: list[list[int]] = []
    tree = index._tree._tree

    class Spy:
        def query(self, p: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
            seen.append([lib["num_threads"] for lib in geodesy._openmp().info()])
            return tree.query(p, k=k)

    monkeypatch.setattr(index._tree, "_tree", Spy())
    before = [lib["num_threads"] for lib in geodesy._openmp().info()]
    one = index.approx_km(50.5, 30.5)
    assert seen and all(n == 1 for n in seen[-1])
    assert [lib["num_threads"] for lib in geodesy._openmp().info()] == before  # scoped to the call
    lats = np.full(geodesy.PARALLEL_QUERY_POINTS, 50.5)
    bulk = index.nearest_many(lats, np.full(len(lats), 30.5))
    assert seen[-1] == before
    assert bulk.km[0] == pytest.approx(one, rel=0.006)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (shapely.LineString(), "empty geometry"),
        (shapely.LineString([(37.0, 48.0), (38.0, 120.0)]), "latitude 120 is over 90"),
        (shapely.LineString([(200.0, 37.0), (10.0, 38.0)]), "longitude 200 is outside"),
    ],
)
def test_bad_geometry(geometry: shapely.Geometry, message: str) -> None:
    with pytest.raises(GeometryError, match=message):
        GeometryIndex(geometry)


def test_geodesic_path_is_dense_and_ends_right() -> None:
    path = geodesic_path(*MOSCOW, *KAZAN, step_km=10)
    assert len(path) >= 73
    assert path[0] == pytest.approx(MOSCOW) and path[-1] == pytest.approx(KAZAN)
