"""Decoding TopoJSON (the format Natural Earth's ``world-atlas`` ships) into shapely geometries.

Owns: arc decoding (quantised, delta-encoded), polygons from arc rings, and the
arcs two objects share (a land border is exactly the arcs two countries share).
Coordinates come out in (lon, lat) order, WGS84 degrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True, slots=True)
class TopoFeature:
    """One geometry object of a TopoJSON topology, decoded."""

    id: str
    properties: dict[str, Any]
    geometry: BaseGeometry
    arc_ids: frozenset[int]


def decode_arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """Every arc as an (n, 2) float array of (lon, lat)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        a = np.asarray(arc, dtype=float)[:, :2]
        if transform:
            a = np.cumsum(a, axis=0) * transform["scale"] + transform["translate"]
        arcs.append(a)
    return arcs


def _arc(arcs: list[np.ndarray], index: int) -> np.ndarray:
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def _line(arcs: list[np.ndarray], indexes: Iterable[int]) -> np.ndarray:
    parts = [_arc(arcs, i) for i in indexes]
    return np.concatenate([parts[0]] + [p[1:] for p in parts[1:]]) if parts else np.empty((0, 2))


def _flat_arc_ids(nested: Any) -> Iterator[int]:
    if isinstance(nested, int):
        yield nested if nested >= 0 else ~nested
    else:
        for item in nested:
            yield from _flat_arc_ids(item)


def _polygon(rings_arcs: list[list[int]], arcs: list[np.ndarray]) -> BaseGeometry | None:
    """A polygon from arc rings; rings that quantisation collapsed (< 4 points) are dropped."""
    rings = [r for r in (_line(arcs, ring) for ring in rings_arcs) if len(r) >= 4]
    if not rings or len(_line(arcs, rings_arcs[0])) < 4:
        return None
    return shapely.Polygon(rings[0], rings[1:])


def _geometry(obj: dict[str, Any], arcs: list[np.ndarray]) -> BaseGeometry:
    kind = obj.get("type")
    if kind == "Polygon":
        return _polygon(obj["arcs"], arcs) or shapely.Polygon()
    if kind == "MultiPolygon":
        return shapely.MultiPolygon([p for p in (_polygon(r, arcs) for r in obj["arcs"]) if p is not None])
    if kind == "LineString":
        return shapely.LineString(_line(arcs, obj["arcs"]))
    if kind == "MultiLineString":
        return shapely.MultiLineString([_line(arcs, part) for part in obj["arcs"]])
    if kind == "GeometryCollection":
        return shapely.GeometryCollection([_geometry(g, arcs) for g in obj["geometries"]])
    return shapely.GeometryCollection()


def features(topology: dict[str, Any], object_name: str, arcs: list[np.ndarray] | None = None
             ) -> list[TopoFeature]:
    """The decoded members of ``topology['objects'][object_name]`` (``arcs``: already decoded ones)."""
    arcs = decode_arcs(topology) if arcs is None else arcs
    obj = topology["objects"][object_name]
    members = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    return [
        TopoFeature(
            id=str(g.get("id", "")),
            properties=dict(g.get("properties") or {}),
            geometry=_geometry(g, arcs),
            arc_ids=frozenset(_flat_arc_ids(g.get("arcs", []))),
        )
        for g in members
    ]


def shared_lines(arcs: list[np.ndarray], a: TopoFeature, b: TopoFeature) -> BaseGeometry:
    """The arcs ``a`` and ``b`` both use, merged into (Multi)LineString: their common border.

    ``arcs`` are the topology's decoded arcs (:func:`decode_arcs`, decoded once by the caller).
    """
    common = sorted(a.arc_ids & b.arc_ids)
    if not common:
        return shapely.MultiLineString()
    return shapely.line_merge(shapely.MultiLineString([arcs[i] for i in common]))
