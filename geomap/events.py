"""Events as claim subjects: an epicentre, a blast, a strike site, which no gazetteer holds.

Owns three things:

* reading coordinates written in text ("23.84 degrees north latitude and 94.67
  degrees east longitude", "48.5°N 37.9°E", "48°30′N 37°54′E"): :func:`find_coordinates`;
* the event nouns a claim's subject can be (:data:`EVENT_RE`, :func:`event_family`);
* placing an event from the distance claims made about it (:func:`feasible_region`):
  each claim ("16 km northwest of Sagaing") is a constraint, an annulus around its
  reference place (the claim's acceptance interval, see :mod:`geomap.verify`)
  narrowed to a compass sector when it names a direction. The points of a WGS84
  lon/lat grid that satisfy every constraint form the *feasible region*: its
  centre is the estimated point, the farthest feasible point from the centre its
  uncertainty (km). No feasible point means the claims cannot all hold.

Distances are WGS84 geodesics (pyproj's ``Geod.inv``, Karney's algorithm), in km.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

SECTOR_HALF_WIDTH_DEG = 22.5
"""Half-width of the sector a compass word covers when placing an event: one point of an 8-wind rose."""

MAX_PLACING_CLAIMS = 8
"""At most this many claims (the first in the text) place one event; later claims about it are checked against
the region those allow. Each placing claim is judged by the others, so the work grows with its square."""

GRID = 241
"""Grid points per axis when sampling a feasible region (then once more, finer, around what is found)."""

_EVENT_FAMILIES = {
    "epicentre": "earthquake", "epicenter": "earthquake", "epicentres": "earthquake", "epicenters": "earthquake",
    "hypocentre": "earthquake", "hypocenter": "earthquake", "earthquake": "earthquake", "quake": "earthquake",
    "tremor": "earthquake", "temblor": "earthquake", "aftershock": "aftershock",
    "blast": "explosion", "explosion": "explosion", "detonation": "explosion",
    "crash": "crash", "crash site": "crash", "impact": "strike", "strike": "strike", "airstrike": "strike",
    "landslide": "landslide", "mudslide": "landslide", "eruption": "eruption", "wildfire": "fire", "blaze": "fire",
}
EVENT_RE = re.compile(
    r"\b(?:(?:the|its|an?|this)\s+)?(?:(?:quake|earthquake)(?:['’]s)?\s+)?"
    r"(?P<event>epicent(?:re|er)s?|hypocent(?:re|er)|earthquake|quake|tremor|temblor|aftershock|blast|explosion|"
    r"detonation|crash\s+site|crash|impact|airstrike|strike|landslide|mudslide|eruption|wildfire|blaze)\b",
    re.IGNORECASE)


def event_family(word: str) -> str:
    """The event an event noun names: "epicentre", "quake", "tremor" -> "earthquake"; "blast" -> "explosion"."""
    return _EVENT_FAMILIES.get(" ".join(word.lower().split()), word.lower())


# --------------------------------------------------------------------------- coordinates in text

_NUM = r"\d{1,3}(?:[.,]\d+)?"


def _part(p: str) -> str:
    """One coordinate as written: degrees, optional minutes and seconds, a hemisphere (group names prefixed ``p``)."""
    return (rf"(?P<{p}d>{_NUM})\s*(?:°|º|˚|\s+degrees?|\s*deg\b\.?)\s*"
            rf"(?:(?P<{p}m>\d{{1,2}}(?:\.\d+)?)\s*(?:′|'|’|\s+minutes?|\s*min\b\.?)\s*)?"
            rf"(?:(?P<{p}s>\d{{1,2}}(?:\.\d+)?)\s*(?:″|\"|”|''|’’|\s+seconds?|\s*sec\b\.?)\s*)?"
            rf"(?P<{p}h>north|south|east|west|[NSEW])\b(?:\s+(?:latitude|longitude))?")


_PAIR_RE = re.compile(_part("a") + r"\s*(?:,|;|/|\s)\s*(?:and\s+)?" + _part("b"), re.IGNORECASE)
_LABELLED_RE = re.compile(
    r"\blat(?:itude|\.)?\s*(?:of\s+)?(?P<lat>[-−]?\d{1,2}(?:\.\d+)?)\s*(?:°|\s*degrees?)?\s*(?P<ns>[NS])?\b"
    r"\s*(?:,|;|and)?\s*lon(?:gitude|g\.|\.)?\s*(?:of\s+)?(?P<lon>[-−]?\d{1,3}(?:\.\d+)?)\s*(?:°|\s*degrees?)?"
    r"\s*(?P<ew>[EW])?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TextCoordinate:
    """A coordinate pair written in a text: WGS84 degrees, offsets ``[start, end)``, and the text as written."""

    start: int
    end: int
    lat: float
    lon: float
    written: str

    @property
    def source(self) -> str:
        """How a record cites it: ``text: 48.5°N 37.9°E``."""
        return f"text: {self.written}"


def _degrees(d: str | None, m: str | None, s: str | None) -> float | None:
    try:
        deg = float((d or "").replace(",", "."))
        mins = float(m) if m else 0.0
        secs = float(s) if s else 0.0
    except ValueError:
        return None
    if mins >= 60 or secs >= 60:
        return None
    return deg + mins / 60 + secs / 3600


def find_coordinates(text: str) -> list[TextCoordinate]:
    """Coordinate pairs written in ``text`` (latitude first or longitude first), in text order.

    Hemisphere words or letters are required (a bare "48.5, 37.9" is too often something
    else); out-of-range values are not coordinates.
    """
    found: list[TextCoordinate] = []
    for m in _PAIR_RE.finditer(text):
        a = _degrees(m.group("ad"), m.group("am"), m.group("as"))
        b = _degrees(m.group("bd"), m.group("bm"), m.group("bs"))
        ha, hb = m.group("ah")[0].upper(), m.group("bh")[0].upper()
        if a is None or b is None:
            continue
        if ha in "NS" and hb in "EW":
            lat, lon = (a if ha == "N" else -a), (b if hb == "E" else -b)
        elif ha in "EW" and hb in "NS":
            lat, lon = (b if hb == "N" else -b), (a if ha == "E" else -a)
        else:
            continue
        if abs(lat) <= 90 and abs(lon) <= 180:
            found.append(TextCoordinate(m.start(), m.end(), round(lat, 6), round(lon, 6), " ".join(m.group(0).split())))
    for m in _LABELLED_RE.finditer(text):
        if any(c.start <= m.start() < c.end for c in found):
            continue
        lat = float(m.group("lat").replace("−", "-"))
        lon = float(m.group("lon").replace("−", "-"))
        if (m.group("ns") or "").upper() == "S":
            lat = -abs(lat)
        if (m.group("ew") or "").upper() == "W":
            lon = -abs(lon)
        if abs(lat) <= 90 and abs(lon) <= 180:
            found.append(TextCoordinate(m.start(), m.end(), lat, lon, " ".join(m.group(0).split())))
    return sorted(found, key=lambda c: c.start)


# --------------------------------------------------------------------------- placing an event from claims


@dataclass(frozen=True, slots=True)
class Constraint:
    """What one claim says of an event's point: ``low_km <= distance from (lat, lon) <= high_km`` and, with a
    ``bearing_deg``, the event lies in that direction from the reference (within ``half_width_deg``)."""

    lat: float
    lon: float
    low_km: float
    high_km: float
    bearing_deg: float | None = None
    half_width_deg: float = SECTOR_HALF_WIDTH_DEG


@dataclass(frozen=True, slots=True)
class Region:
    """The grid points (WGS84 degrees) that satisfy a set of constraints; empty when none does."""

    lats: np.ndarray
    lons: np.ndarray
    step_km: float
    """Grid spacing: the region is known to about this many km."""

    @property
    def empty(self) -> bool:
        return len(self.lats) == 0

    def centre(self) -> tuple[float, float]:
        """The region's centre (mean of its points: it spans tens of km, not continents)."""
        return float(np.mean(self.lats)), float(np.mean(self.lons))

    def radius_km(self) -> float:
        """How far the farthest point of the region lies from its centre, plus one grid step."""
        lat, lon = self.centre()
        return float(np.max(_inv(lat, lon, self.lats, self.lons)[1])) + self.step_km

    def compact(self) -> bool:
        """Whether the centre is itself (nearly) in the region: one blob, not a ring or two separate areas."""
        lat, lon = self.centre()
        return float(np.min(_inv(lat, lon, self.lats, self.lons)[1])) <= 2 * self.step_km

    def distance_range(self, lat: float, lon: float) -> tuple[float, float]:
        """Nearest and farthest km from (lat, lon) to the region."""
        d = _inv(lat, lon, self.lats, self.lons)[1]
        return float(np.min(d)), float(np.max(d))


@functools.lru_cache(maxsize=1)
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _inv(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bearings (degrees from north at (lat, lon)) and geodesic km from one point to many."""
    n = len(lats)
    az, _, dist = _geod().inv(np.full(n, lon), np.full(n, lat), lons, lats)
    return np.mod(az, 360.0), dist / 1000.0


def _satisfied(constraints: list[Constraint], lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    ok = np.ones(len(lats), dtype=bool)
    for c in constraints:
        az, km = _inv(c.lat, c.lon, lats, lons)
        ok &= (km >= c.low_km) & (km <= c.high_km)
        if c.bearing_deg is not None:
            ok &= np.abs(np.mod(az - c.bearing_deg + 180.0, 360.0) - 180.0) <= c.half_width_deg
    return ok


def _grid(lat0: float, lon0: float, half_km: float, n: int) -> tuple[np.ndarray, np.ndarray, float]:
    dlat = half_km / 111.32
    dlon = min(180.0, half_km / (111.32 * max(0.05, math.cos(math.radians(lat0)))))
    lats = np.linspace(max(-90.0, lat0 - dlat), min(90.0, lat0 + dlat), n)
    lons = np.linspace(lon0 - dlon, lon0 + dlon, n)
    glat, glon = np.meshgrid(lats, lons, indexing="ij")
    lons_wrapped = (glon.ravel() + 180.0) % 360.0 - 180.0
    return glat.ravel(), lons_wrapped, 2 * half_km / (n - 1)


MAX_EXTENT_KM = 3000.0
"""Events are placed only from claims within this many km of their references (the grid is local)."""


def feasible_region(constraints: list[Constraint]) -> Region | None:
    """The points satisfying every constraint, sampled on a grid and refined once; None when the claims
    reach farther than :data:`MAX_EXTENT_KM` (too far to place on a local grid)."""
    if not constraints:
        return None
    lat0 = float(np.mean([c.lat for c in constraints]))
    lon0 = float(np.degrees(np.arctan2(np.mean(np.sin(np.radians([c.lon for c in constraints]))),
                                       np.mean(np.cos(np.radians([c.lon for c in constraints]))))))
    spread = max(float(_inv(lat0, lon0, np.array([c.lat]), np.array([c.lon]))[1][0]) for c in constraints)
    reach = max(c.high_km if math.isfinite(c.high_km) else 1.5 * c.low_km for c in constraints)
    half = spread + reach * 1.05 + 1.0
    if half > MAX_EXTENT_KM:
        return None
    lats, lons, step = _grid(lat0, lon0, half, GRID)
    ok = _satisfied(constraints, lats, lons)
    if ok.any():  # once more, finer, around what was found
        sel_lat, sel_lon = lats[ok], lons[ok]
        c_lat, c_lon = float(np.mean(sel_lat)), float(np.mean(sel_lon))
        far = float(np.max(_inv(c_lat, c_lon, sel_lat, sel_lon)[1])) + 2 * step
        if far < half / 2:
            lats, lons, step = _grid(c_lat, c_lon, far, GRID)
            ok = _satisfied(constraints, lats, lons)
    return Region(lats[ok], lons[ok], step)
