"""Record dataclasses passed between geomap's modules; no logic beyond trivial views.

Coordinates are WGS84 decimal degrees in named fields (``lat``, ``lon``);
distances are kilometres (``_km``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``source`` names where the entry and its coordinate come from:
    ``geonames:551487``, ``overlay:<row>`` (``gazetteer/overlay.csv``),
    ``admin1:RU.73`` (a region whose GeoNames id the bundled data lacks), ``airportsdata:UWKD``,
    ``m49:419`` (a UN M49 region of the world) or ``user:<file>:<id>``. Countries, continents,
    regions and districts carry their GeoNames id.
    ``kind`` is one of city, town, village, district (a second-level region: county, parish,
    raion), region (first level), country, continent, world region, airport, air base, or the feature the source
    states (port, power plant...). ``population`` of a region or district is the sum over its
    GeoNames cities500 places (a lower bound).
    """

    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    admin1_code: str
    kind: str
    population: int
    source: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


WATER_KINDS = frozenset({"ocean", "sea", "gulf", "strait", "bay"})
"""Kinds of the water bodies GeoNames keeps outside any country (``gazetteer/no_country.txt``)."""
FEATURE_KINDS = WATER_KINDS | {"peninsula", "desert", "area", "island group"}
"""Kinds of every feature GeoNames keeps outside any country, whose other names the bundle keeps only in English."""
AREA_KINDS = FEATURE_KINDS | {"country", "region", "district", "hromada", "continent", "world region"}
"""Kinds of place that are areas the gazetteer knows by one representative point, not by their outline (a country's
border is measured from Natural Earth's polygon, not from its point)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``id`` is the file stem or the row's ``id`` field; ``date`` is ISO 8601."""

    id: str
    text: str
    date: str | None = None
    title: str = ""
    url: str = ""
    outlet: str = ""
    lang: str = "en"
    path: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in an article, resolved: offsets ``[start, end)`` into ``Article.text``."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: str
    name: str
    candidate: Candidate | None
    adjective: bool = False
    """True when the text names the place as an adjective or demonym ("Russian drones", "European leaders"):
    it says whose, not where, so it never becomes an incident's place."""

    def to_row(self) -> dict[str, Any]:
        p = self.candidate.place if self.candidate else None
        return {
            "article_id": self.article_id, "start": self.start, "end": self.end, "text": self.text,
            "sentence": self.sentence, "name": p.name if p else "", "lat": p.lat if p else None,
            "lon": p.lon if p else None, "country": p.country if p else "", "admin1": p.admin1 if p else "",
            "kind": p.kind if p else "", "source": p.source if p else "",
            "score": self.candidate.score if self.candidate else None, "adjective": self.adjective,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a name may mean, with its score and the reasons behind it.

    ``score`` is the candidate's share of the evidence among all candidates
    (0..1, they sum to 1); ``weight`` is the raw log10-scale evidence it came from.
    """

    place: Place
    score: float
    weight: float
    matched: str
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        row = self.place.to_dict()
        row.update(score=self.score, matched=self.matched, reasons=list(self.reasons))
        return row


@dataclass(frozen=True, slots=True)
class Resolution:
    """The ranked candidates for one query; ``pick`` is the first."""

    query: str
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    @property
    def pick(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def to_dict(self) -> dict[str, Any]:
        pick = self.pick
        return {
            "query": self.query,
            "pick": pick.to_dict() if pick else None,
            "candidates": [c.to_dict() for c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class DistanceRow:
    """A measured distance from a subject place to a reference, with everything needed to trace it.

    ``bearing_deg`` is the initial bearing from the reference's nearest point to the subject
    ("Kazan is 721 km E of Moscow"); it is None when the subject lies inside the reference.
    """

    subject: str
    subject_lat: float
    subject_lon: float
    subject_source: str
    reference: str
    reference_kind: str
    reference_label: str
    reference_date: str | None
    reference_source: str
    uncertainty_km: float
    km: float
    mi: float
    nmi: float
    bearing_deg: float | None
    compass: str | None
    nearest_lat: float
    nearest_lon: float
    nearest_place: str
    inside: bool = False
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def distance(self) -> Any:
        """The measurement as a ``geopy.distance.Distance`` (``.km``, ``.miles``, ``.nautical``, arithmetic),
        the type geopy users already work with."""
        from geopy.distance import Distance

        return Distance(kilometers=self.km)
