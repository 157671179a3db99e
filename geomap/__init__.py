"""geomap: an offline geospatial incident mapper for news about wars and disasters.

Resolve place names against a bundled GeoNames-derived gazetteer, measure
geodesic distances to places, borders and front lines, and check the distance
claims articles make.

>>> from geomap import resolve
>>> resolve("Kazan").pick.place.admin1
'Tatarstan'
"""

from __future__ import annotations

from geomap.api import resolve
from geomap.errors import DataError, GeomapError, GeometryError, InputError, NotFoundError
from geomap.gazetteer import Gazetteer, default_gazetteer, normalize_name
from geomap.models import Article, Candidate, Place, Resolution

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Candidate",
    "DataError",
    "Gazetteer",
    "GeomapError",
    "GeometryError",
    "InputError",
    "NotFoundError",
    "Place",
    "Resolution",
    "__version__",
    "default_gazetteer",
    "normalize_name",
    "resolve",
]
