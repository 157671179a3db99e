"""Writing outputs: CSV, GeoJSON, JSON; every file written atomically (temp file, then rename).

Owns file formats and byte-for-byte determinism (sorted keys, fixed float
formatting, ``\\n`` line ends), not what goes in the tables.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """The table as UTF-8 CSV with ``\\n`` line ends and floats as pandas prints them."""
    return write_atomic(path, df.to_csv(index=False, lineterminator="\n"))


def dumps_json(obj: Any) -> str:
    """Deterministic, readable JSON (sorted keys are not forced: record order is part of the schema)."""
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False, default=_default) + "\n"


def _default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def write_json(obj: Any, path: str | Path) -> Path:
    return write_atomic(path, dumps_json(obj))


def feature_collection(rows: Iterable[Mapping[str, Any]], lat: str = "lat", lon: str = "lon") -> dict[str, Any]:
    """A GeoJSON FeatureCollection of points from rows with ``lat``/``lon`` (rows without them are left out)."""
    features = []
    for row in rows:
        y, x = row.get(lat), row.get(lon)
        if y is None or x is None or y != y or x != x:
            continue
        props = {k: _plain(v) for k, v in row.items() if k not in (lat, lon)}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(x), float(y)]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item"):
        return v.item()
    return v
