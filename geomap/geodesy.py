"""WGS84 geodesy: point-to-point geodesics, bearings, compass words, point-to-geometry distances.

Owns every distance number geomap reports. Units: kilometres, degrees clockwise
from north; inputs and outputs are (lat, lon) in named arguments, while
geometries are shapely objects in (lon, lat) order as GeoJSON has them.

* Point to point: Karney's geodesic on the WGS84 ellipsoid (``geographiclib``,
  the engine behind ``geopy.distance.geodesic``), accurate to nanometres.
* Point to line/polygon: each edge is taken as the geodesic (shortest path)
  between its vertices. The nearest point is found on the sphere (exact
  projection onto great-circle arcs, candidates from a KD-tree over edges split
  to at most :data:`SEGMENT_KM`), and the reported distance is the WGS84
  geodesic to that point (``pyproj.Geod``, also Karney's algorithm). Agreement
  with a brute-force geodesic search over the geometry densified to 100 m is
  tested to 0.1 % / 0.5 km; in practice it is within metres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import numpy as np
import shapely
from geographiclib.geodesic import Geodesic
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG), only for the sphere used to search
KM_PER_MILE = 1.609344
KM_PER_NAUTICAL_MILE = 1.852
SEGMENT_KM = 2.0
"""Edges longer than this are split (along the great circle) before the nearest-edge search."""

COMPASS_16 = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
_WGS84 = Geodesic.WGS84
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True, slots=True)
class Leg:
    """A geodesic between two points: length (km) and the initial bearing at the start (degrees)."""

    km: float
    bearing_deg: float

    @property
    def mi(self) -> float:
        return self.km / KM_PER_MILE

    @property
    def nmi(self) -> float:
        return self.km / KM_PER_NAUTICAL_MILE

    @property
    def compass(self) -> str:
        return compass(self.bearing_deg)


@dataclass(frozen=True, slots=True)
class Nearest:
    """The distance (km) from a point to a geometry and the geometry's nearest point (lat, lon).

    ``inside`` is True when the point lies inside a polygon (then ``km`` is 0 unless the
    boundary was asked for).
    """

    km: float
    lat: float
    lon: float
    inside: bool = False


@dataclass(frozen=True, slots=True)
class NearestArrays:
    """:class:`Nearest` for many points at once (numpy arrays of equal length)."""

    km: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    inside: np.ndarray


def geodesic(lat1: float, lon1: float, lat2: float, lon2: float) -> Leg:
    """The WGS84 geodesic from point 1 to point 2: length in km and initial bearing at point 1."""
    g = _WGS84.Inverse(lat1, lon1, lat2, lon2)
    return Leg(km=g["s12"] / 1000.0, bearing_deg=g["azi1"] % 360.0)


def compass(bearing_deg: float) -> str:
    """The 16-point compass word for a bearing: 0 -> "N", 85 -> "E", 67.5 -> "ENE"."""
    return COMPASS_16[int((bearing_deg % 360.0) / 22.5 + 0.5) % 16]


def check_lonlat(geometry: BaseGeometry, what: str = "geometry") -> None:
    """Raise :class:`~geomap.errors.GeometryError` for an empty geometry or coordinates out of range."""
    from geomap.errors import GeometryError

    if geometry is None or geometry.is_empty:
        raise GeometryError(f"{what}: empty geometry")
    coords = shapely.get_coordinates(geometry)
    if not np.isfinite(coords).all():
        raise GeometryError(f"{what}: coordinates that are not numbers")
    if (np.abs(coords[:, 1]) > 90).any():
        bad = coords[np.abs(coords[:, 1]) > 90][0]
        raise GeometryError(f"{what}: latitude {bad[1]:g} is over 90 (coordinates must be [lon, lat])")
    if (np.abs(coords[:, 0]) > 180).any():
        bad = coords[np.abs(coords[:, 0]) > 180][0]
        raise GeometryError(f"{what}: longitude {bad[0]:g} is outside -180..180")


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    c = np.cos(la)
    return np.stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)], axis=-1)


def _latlon(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat = np.degrees(np.arctan2(v[..., 2], np.hypot(v[..., 0], v[..., 1])))
    lon = np.degrees(np.arctan2(v[..., 1], v[..., 0]))
    return lat, lon


def _lines(geometry: BaseGeometry) -> list[np.ndarray]:
    """Every vertex chain (line or ring) of a geometry, as (n, 2) lon/lat arrays."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = geometry.boundary
    parts = getattr(geometry, "geoms", [geometry])
    out = []
    for part in parts:
        if part.geom_type in ("LineString", "LinearRing"):
            out.append(np.asarray(part.coords)[:, :2])
        elif part.geom_type == "Point":
            xy = np.asarray(part.coords)[:, :2]
            out.append(np.vstack([xy, xy]))
        elif hasattr(part, "geoms") or part.geom_type in ("Polygon",):
            out.extend(_lines(part))
    return out


def _split_long_edges(a: np.ndarray, b: np.ndarray, max_rad: float) -> tuple[np.ndarray, np.ndarray]:
    """Split great-circle edges a->b (unit vectors) into pieces no longer than ``max_rad``."""
    angle = np.arctan2(np.linalg.norm(np.cross(a, b), axis=1), np.einsum("ij,ij->i", a, b))
    pieces = np.maximum(1, np.ceil(angle / max_rad).astype(int))
    if (pieces == 1).all():
        return a, b
    idx = np.repeat(np.arange(len(a)), pieces)
    step = np.concatenate([np.arange(n) for n in pieces])
    n = pieces[idx]
    t0, t1 = step / n, (step + 1) / n
    return _slerp(a[idx], b[idx], angle[idx], t0), _slerp(a[idx], b[idx], angle[idx], t1)


def _slerp(a: np.ndarray, b: np.ndarray, angle: np.ndarray, t: np.ndarray) -> np.ndarray:
    s = np.sin(angle)
    safe = s > 1e-12
    w_a = np.where(safe, np.sin((1 - t) * angle) / np.where(safe, s, 1), 1 - t)
    w_b = np.where(safe, np.sin(t * angle) / np.where(safe, s, 1), t)
    v = w_a[:, None] * a + w_b[:, None] * b
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@dataclass(frozen=True, slots=True)
class _Arcs:
    """Great-circle arcs a->b (unit vectors) with what the nearest-point test needs, precomputed.

    ``n`` is the unit normal of the arc's plane; a point p projects inside the arc
    exactly when p.(n x a) >= 0 and p.(b x n) >= 0.
    """

    a: np.ndarray
    b: np.ndarray
    n: np.ndarray
    na: np.ndarray
    bn: np.ndarray
    ok: np.ndarray

    @classmethod
    def of(cls, a: np.ndarray, b: np.ndarray) -> _Arcs:
        n = np.cross(a, b)
        norm = np.linalg.norm(n, axis=1, keepdims=True)
        ok = norm[:, 0] > 1e-15
        n = n / np.where(ok[:, None], norm, 1.0)
        return cls(a, b, n, np.cross(n, a), np.cross(b, n), ok)

    def angles(self, p: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """Angular distance (radians) from each point p[i] to each arc idx[i, j]."""
        dot = lambda x: np.einsum("ij,ikj->ik", p, x[idx])  # noqa: E731
        pn = dot(self.n)
        within = self.ok[idx] & (dot(self.na) >= 0) & (dot(self.bn) >= 0)
        cos_end = np.maximum(dot(self.a), dot(self.b))
        return np.where(within, np.arcsin(np.clip(np.abs(pn), 0.0, 1.0)), np.arccos(np.clip(cos_end, -1.0, 1.0)))

    def closest(self, p: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The closest point (unit vector) of arc j[i] to point p[i]."""
        n, a, b = self.n[j], self.a[j], self.b[j]
        pn = np.sum(p * n, axis=1, keepdims=True)
        proj = p - pn * n
        norm = np.linalg.norm(proj, axis=1, keepdims=True)
        c = proj / np.where(norm > 1e-15, norm, 1.0)
        within = self.ok[j] & (np.sum(p * self.na[j], axis=1) >= 0) & (np.sum(p * self.bn[j], axis=1) >= 0)
        end = np.where((np.sum(p * a, axis=1) >= np.sum(p * b, axis=1))[:, None], a, b)
        return np.where(within[:, None] & (norm > 1e-15), c, end)


PARALLEL_QUERY_POINTS = 256
"""A KD-tree query of fewer points than this runs on one OpenMP thread (see :class:`_KDTree`)."""


@cache
def _openmp() -> Any:
    """threadpoolctl's handle on the OpenMP runtimes loaded so far (pykdtree's among them)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController().select(user_api="openmp")


class _KDTree:
    """k-nearest neighbours among 3-D unit vectors (pykdtree: a 0.5 MB wheel, where scipy's cKDTree, the same
    answers, weighs 143 MB; measured 1.2-2.6x faster on bulk queries and 3x on builds, see
    ``benchmarks/bench_geodesy.py``).

    pykdtree opens an OpenMP parallel region on every query, one thread per core. For the one-point queries
    of ranking and verifying, waking those threads costs more than the search, and when another process
    holds a core a query waits for it: a scheduler slice, milliseconds, where the search takes microseconds
    (``api.extract`` ran 5x slower with a second job on a 2-core machine). So small queries run on one
    thread (threadpoolctl, scoped to the call); bulk queries keep every core.
    """

    def __init__(self, points: np.ndarray) -> None:
        from pykdtree.kdtree import KDTree

        self._tree = KDTree(np.ascontiguousarray(points, dtype=np.float64))

    def query(self, p: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Euclidean distances and indexes of the ``k`` nearest points to each row of ``p``, as (n, k) arrays."""
        p = np.ascontiguousarray(p, dtype=np.float64)
        if len(p) < PARALLEL_QUERY_POINTS:
            with _openmp().limit(limits=1):
                dist, idx = self._tree.query(p, k=k)
        else:
            dist, idx = self._tree.query(p, k=k)
        return np.asarray(dist).reshape(len(p), k), np.asarray(idx, dtype=np.intp).reshape(len(p), k)


class GeometryIndex:
    """A line, polygon or point set prepared for many point-to-geometry distance queries.

    >>> import shapely
    >>> index = GeometryIndex(shapely.LineString([(30, 50), (31, 50)]))
    >>> round(index.nearest(51.0, 30.5).km, 1)
    111.2
    """

    def __init__(self, geometry: BaseGeometry, *, segment_km: float = SEGMENT_KM) -> None:
        check_lonlat(geometry)
        self.geometry = geometry
        self.polygonal = geometry.geom_type in ("Polygon", "MultiPolygon")
        starts, ends = [], []
        for line in _lines(geometry):
            v = _unit(line[:, 1], line[:, 0])
            starts.append(v[:-1])
            ends.append(v[1:])
        a, b = np.concatenate(starts), np.concatenate(ends)
        self._max_rad = segment_km / EARTH_RADIUS_KM
        a, b = _split_long_edges(a, b, self._max_rad)
        self._arcs = _Arcs.of(a, b)
        mid = a + b
        norm = np.linalg.norm(mid, axis=1, keepdims=True)
        self._mid = np.where(norm > 1e-12, mid / np.where(norm == 0, 1, norm), a)
        if self.polygonal:
            shapely.prepare(geometry)

    @cached_property
    def _tree(self) -> _KDTree:
        return _KDTree(self._mid)

    @property
    def n_segments(self) -> int:
        return len(self._mid)

    def nearest(self, lat: float, lon: float, *, boundary: bool = False) -> Nearest:
        """Distance (km) from one point to the geometry and the nearest point; see :meth:`nearest_many`."""
        r = self.nearest_many(np.array([lat]), np.array([lon]), boundary=boundary)
        return Nearest(float(r.km[0]), float(r.lat[0]), float(r.lon[0]), bool(r.inside[0]))

    def approx_km(self, lat: float, lon: float, *, beyond_km: float | None = None) -> float:
        """Distance (km) from one point to the geometry's lines on a sphere (±0.5 %), ~20x faster than
        :meth:`nearest`; for ranking signals, never for reported measurements. With ``beyond_km``, a point
        certainly farther than that gets a lower bound of its distance (at least ``beyond_km``) without the
        exact search: every point of a segment lies within half a segment of the segment's midpoint."""
        p = _unit(np.array([lat]), np.array([lon]))
        k = min(8, self.n_segments)
        dist, idx = self._tree.query(p, k=k)
        if beyond_km is not None:
            floor = (2 * math.asin(min(1.0, float(dist[0, 0]) / 2)) - self._max_rad / 2) * EARTH_RADIUS_KM
            if floor >= beyond_km:
                return floor
        ang = self._arcs.angles(p, np.asarray(idx).reshape(1, k))
        best = float(ang.min())
        kth = 2 * np.arcsin(min(1.0, float(np.max(dist)) / 2))
        if best + self._max_rad / 2 > kth and k < self.n_segments:
            return self.nearest(lat, lon, boundary=True).km
        return best * EARTH_RADIUS_KM

    def nearest_many(self, lats: np.ndarray, lons: np.ndarray, *, boundary: bool = False,
                     k: int = 8, chunk: int = 200_000) -> NearestArrays:
        """Distances (km) from many points to the geometry, vectorised.

        Inside a polygon the distance is 0 and the nearest point is the point itself,
        unless ``boundary`` is True (then it is the distance to the polygon's edge).
        """
        lats = np.asarray(lats, dtype=float)
        lons = np.asarray(lons, dtype=float)
        out_lat = np.empty(len(lats))
        out_lon = np.empty(len(lats))
        for s in range(0, len(lats), chunk):
            sl = slice(s, s + chunk)
            best = self._search(_unit(lats[sl], lons[sl]), k)
            out_lat[sl], out_lon[sl] = _latlon(best)
        _, _, dist_m = _GEOD.inv(lons, lats, out_lon, out_lat)
        km = np.asarray(dist_m) / 1000.0
        inside = np.zeros(len(lats), dtype=bool)
        if self.polygonal:
            inside = shapely.contains_xy(self.geometry, lons, lats)
            if not boundary:
                km = np.where(inside, 0.0, km)
                out_lat = np.where(inside, lats, out_lat)
                out_lon = np.where(inside, lons, out_lon)
        return NearestArrays(km, out_lat, out_lon, inside)

    def _search(self, p: np.ndarray, k: int) -> np.ndarray:
        """Nearest points on the geometry (unit vectors) for points ``p``.

        Takes the k edges with the nearest midpoints. An edge outside those can only be
        closer if the k-th midpoint lies within (found + half an edge): such points are
        searched again with 8x more edges, and the last few exhaustively.
        """
        result = np.empty_like(p)
        todo = np.arange(len(p))
        half = self._max_rad / 2
        while len(todo):
            kk = min(k, self.n_segments)
            q = p[todo]
            _, idx = self._tree.query(q, k=kk)
            idx = idx.reshape(len(q), kk)
            ang = self._arcs.angles(q, idx)
            pick = np.argmin(ang, axis=1)
            rows = np.arange(len(q))
            result[todo] = self._arcs.closest(q, idx[rows, pick])
            if kk == self.n_segments:
                break
            kth_mid = np.arccos(np.clip(np.sum(q * self._mid[idx[:, -1]], axis=1), -1, 1))
            todo = todo[ang[rows, pick] + half > kth_mid]
            k *= 8
        return result


def distance_to(lat: float, lon: float, geometry: BaseGeometry, *, boundary: bool = False) -> Nearest:
    """Geodesic distance (km) from a point to a shapely geometry in lon/lat, and the nearest point.

    For repeated queries against the same geometry build a :class:`GeometryIndex` once.
    """
    if geometry.geom_type == "Point":
        leg = geodesic(lat, lon, geometry.y, geometry.x)
        return Nearest(leg.km, geometry.y, geometry.x)
    return GeometryIndex(geometry).nearest(lat, lon, boundary=boundary)


def geodesic_path(lat1: float, lon1: float, lat2: float, lon2: float, *,
                  step_km: float = 10.0) -> list[tuple[float, float]]:
    """Points (lat, lon) along the geodesic from point 1 to point 2, at most ``step_km`` apart, for drawing."""
    line = _WGS84.InverseLine(lat1, lon1, lat2, lon2)
    n = max(1, int(np.ceil(line.s13 / 1000.0 / step_km)))
    out = []
    for i in range(n + 1):
        g = line.Position(line.s13 * i / n)
        out.append((g["lat2"], g["lon2"]))
    return out
