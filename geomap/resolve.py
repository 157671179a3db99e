"""Ranking the places a name may mean, using what the text around it says; the reasons.

Owns the evidence weights and how they combine. Evidence is added on a log10
scale (a place ten times more populous starts 1.0 higher); the final ``score``
is each candidate's share of ``10 ** weight`` over all candidates. Every weight
that moves a candidate is written down as a reason an analyst can read.

Finding names in text and building the :class:`Context` is :mod:`geomap.geoparse`'s job.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from geomap.gazetteer import REGION_WORDS, WORLD_REGION, Gazetteer, NameMatch, normalize_name, seat_codes
from geomap.models import Candidate, Place, Resolution

SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
DISTRICT_WORDS = ("county", "parish", "district", "raion", "rayon", "borough", "municipality", "prefecture")
_REGION_OR_DISTRICT_WORDS = frozenset((*REGION_WORDS, *DISTRICT_WORDS))

# Starting weights (log10 people) for entries that carry no population.
KIND_PRIOR = {"village": 2.5, "town": 3.3, "city": 4.0, "region": 5.0, "airport": 4.5, "air base": 4.5,
              "ocean": 7.0, "sea": 6.0, "gulf": 5.0, "strait": 4.5, "bay": 4.5, "peninsula": 5.0, "desert": 5.0,
              "area": 4.5, "island group": 4.5}
"""Starting weights of places with no population on record, by kind. An ocean or a sea (GeoNames'
``no-country.txt``, bundled in part) outranks a town of its name ("the Atlantic" over Atlantic, Iowa)."""
COUNTRY_PRIOR = 7.0
REGION_PRIOR_MIDPOINT = 6.5  # log10 people: a region this populous starts at KIND_PRIOR["region"]
REGION_PRIOR_SPREAD = 0.5
ALTERNATE_NAME_PENALTY = 1.0
SEAT_BONUS = 0.5
"""How far above its population a country's capital or a first-level region's seat starts (log10 scale: as a
city three times its size), against namesakes elsewhere: news names seats of government more than their size
says ("Venice" the seat of Veneto, "Charleston, West Virginia's capital"). GeoNames PPLC / PPLA
(:func:`geomap.gazetteer.seat_codes`)."""
BARE_REGION_PENALTY = 1.5
BARE_NAME_MIN_POPULATION = 10_000
MAJOR_CITY_POPULATION = 500_000
"""A city this populous keeps its name against a same-named region elsewhere ("Washington" is the capital)."""
REGION_OVER_TOWN_MARGIN = 0.1
"""How far above a same-named smaller town a region starts (log10 scale): "Wyoming" is the state, not the Michigan
city of 75,000, unless the text says otherwise."""
ALIAS_BONUS = 2.0
CODE_BONUS = 2.0
COMPASS_BONUS = 0.7
ANCHOR_BONUS = 1.5
ANCHOR_SCALE_KM = 40.0
FRONT_WEIGHT_MAX = 1.2
FRONT_SCALE_KM = 40.0
FOCUS_COUNTRY_WEIGHT = 1.5
FOCUS_REGION_WEIGHT = 1.5
"""Evidence for a reading in the country / first-level region where the text's other places lie, times the share
of them there (see :func:`focus_of`)."""

# (feature word the text uses, kind of the candidate) -> weight.
FEATURE_FIT: Mapping[tuple[str, str], float] = {
    ("village", "village"): 0.6, ("village", "town"): -0.3, ("village", "city"): -2.5,
    ("town", "town"): 0.5, ("town", "village"): 0.0, ("town", "city"): -0.3,
    ("city", "city"): 0.5, ("city", "town"): -0.2, ("city", "village"): -1.5,
    ("air base", "air base"): 1.0, ("airport", "airport"): 1.0,
}
FEATURE_TARGET_MISMATCH = -0.8  # "air base"/"airport" said, candidate is something else


COMPASS_SECTORS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place confidently resolved elsewhere in the same text."""

    name: str
    lat: float
    lon: float
    source: str
    key: str = ""
    """The normalised name the text uses for it."""
    country: str = ""
    admin1: str = ""
    """Its country (ISO code) and first-level region code: where the text's focus lies (see :class:`Focus`)."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a text says around a name, as evidence for ranking.

    ``countries`` and ``regions`` map an ISO code / ``(country, admin1_code)``
    to ``(weight, label)``; ``feature`` is the feature word attached to the
    name ("village", "city", "air base"); ``compass`` a compass word that
    modifies the name itself ("the southern city of ..."); ``aliases`` other
    names the text gives the same place ("Krasnoye, known as Sontsivka");
    ``front_km`` measures a point's distance to the front line on the text's
    date and is used when ``capture`` says the sentence reports a capture.
    """

    countries: Mapping[str, tuple[float, str]] = field(default_factory=dict)
    regions: Mapping[tuple[str, str], tuple[float, str]] = field(default_factory=dict)
    anchors: tuple[Anchor, ...] = ()
    anchor_cells: Mapping[int, tuple[tuple[int, tuple[Anchor, ...]], ...]] | None = None
    """The anchors by cell (:func:`anchor_cells`); None: every anchor is looked at."""
    feature: str | None = None
    feature_weight: float = 1.0
    compass: str | None = None
    aliases: tuple[str, ...] = ()
    capture: bool = False
    front_km: Callable[[float, float], float] | None = None
    front_label: str = ""
    country: str | None = None
    codes: frozenset[str] = frozenset()
    """``source`` ids of the regions the name is a code of, when it is written right after a place and a comma
    ("Helena, Mont."): there it is that code."""
    focus: Focus | None = None
    """Where the text's other confidently placed names lie (:func:`focus_of`)."""
    holds: Mapping[tuple[str, str], tuple[float, str]] = field(default_factory=dict)
    """In a list of places ("Oslo, Copenhagen, |Hamburg"), the regions that hold the place named right before this
    name, as ``regions``: evidence for this name's region and district readings only, so that a town sharing a
    region with a namesake of the place before it gains nothing. (Outside a list, "Kelly, |Wyoming", they are
    among ``regions``.)"""
    contained: bool = False
    """Whether the text names a region or country right after the name ("Paris in Texas", "London, Ontario"):
    there the fame of a capital or seat elsewhere (:data:`SEAT_BONUS`) is no evidence."""
    listed_with: Mapping[str, str] = field(default_factory=dict)
    """The kinds ("region", "country") of the names listed right next to this one ("England and |Wales", "Texas,
    |Georgia and Alabama"), each with the name: a reading of the same kind gains :data:`LIST_KIND_WEIGHT`."""


LIST_KIND_WEIGHT = 1.5
"""Evidence for a region or country reading of a name listed next to a region or country: the items of a list are
mostly of one kind ("England and Wales" are two regions, not a region and the town of Wales in England)."""


@dataclass(frozen=True, slots=True)
class Focus:
    """The countries and first-level regions a text is about: how many of its confidently placed names (anchors)
    lie in each, out of ``total``."""

    total: int
    countries: Mapping[str, int]
    regions: Mapping[tuple[str, str], int]

    def share(self, n: int) -> float:
        """``n`` anchors out of the total, smoothed (one of one is 0.5, nine of nine 0.9): a focus needs places."""
        return n / (self.total + 1)


def focus_of(anchors: Sequence[Anchor], key: str = "") -> Focus | None:
    """The :class:`Focus` of ``anchors``, leaving out those the text names ``key`` (a name is no evidence for
    itself); None without any."""
    countries: dict[str, int] = {}
    regions: dict[tuple[str, str], int] = {}
    total = 0
    for a in anchors:
        if a.key == key or not a.country:
            continue
        total += 1
        countries[a.country] = countries.get(a.country, 0) + 1
        if a.admin1:
            regions[(a.country, a.admin1)] = regions.get((a.country, a.admin1), 0) + 1
    return Focus(total, countries, regions) if total else None


def focus_without(focus: Focus | None, left_out: Sequence[Anchor]) -> Focus | None:
    """``focus`` (of some anchors) with ``left_out`` (among those anchors) taken out: what :func:`focus_of` gives
    for the rest, without counting them all again."""
    if focus is None or not left_out:
        return focus
    countries, regions, total = dict(focus.countries), dict(focus.regions), focus.total
    for a in left_out:
        if not a.country:
            continue
        total -= 1
        countries[a.country] -= 1
        if not countries[a.country]:
            del countries[a.country]
        if a.admin1:
            regions[(a.country, a.admin1)] -= 1
            if not regions[(a.country, a.admin1)]:
                del regions[(a.country, a.admin1)]
    return Focus(total, countries, regions) if total else None


NAME_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}
"""Words a place's own name is often abbreviated to (normalised keys)."""


def _expanded(key: str) -> str:
    """``key`` with :data:`NAME_ABBREVIATIONS` written out."""
    words = key.split()
    return " ".join(NAME_ABBREVIATIONS.get(w, w) for w in words) if any(w in NAME_ABBREVIATIONS for w in words) \
        else key


def _prior_weight(place: Place, seat: bool = True) -> float:
    """The starting weight: log10 of the population, or a default by kind. A first-level region starts at the
    weight of a city of 100,000 (:data:`KIND_PRIOR`), moved at most :data:`REGION_PRIOR_SPREAD` by its
    population: it ranks among regions by size, but "Washington" and "New York" still mean the cities."""
    if place.kind == "country":
        return max(COUNTRY_PRIOR, math.log10(max(place.population, 1)))
    if place.kind == "region":
        if place.population <= 0:
            return KIND_PRIOR["region"]
        spread = (math.log10(place.population) - REGION_PRIOR_MIDPOINT) / 2
        return KIND_PRIOR["region"] + max(-REGION_PRIOR_SPREAD, min(REGION_PRIOR_SPREAD, spread))
    bonus = SEAT_BONUS if seat and place.kind in SETTLEMENT_KINDS and place.source in seat_codes() else 0.0
    if place.population > 0:
        return math.log10(place.population) + bonus
    return KIND_PRIOR.get(place.kind, 3.0) + bonus


def _prior_reason(place: Place, seat: bool = True) -> str:
    if place.kind == "country":
        return "country"
    if place.kind == "region":
        return f"region, {place.population:,} people in its places on record" if place.population else "region"
    code = seat_codes().get(place.source) if seat and place.kind in SETTLEMENT_KINDS else None
    if code is not None:
        what = "a capital" if code == "PPLC" else "a first-level region's seat"
        return f"population {place.population:,}, {what} (GeoNames {code}, +{SEAT_BONUS:.2f})"
    if place.population > 0:
        return f"population {place.population:,}"
    return f"{place.kind}, no population on record"


def _bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def sphere_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (km) on the mean sphere between two WGS84 points (degrees): evidence for ranking,
    never a reported measurement (those are geodesics, :mod:`geomap.geodesy`)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


ANCHOR_REACH_DEG = 1.5
"""Anchors farther than this (in latitude, or longitude scaled by latitude) add < 0.05 and are skipped."""


def anchor_cells(anchors: Sequence[Anchor]) -> dict[int, tuple[tuple[int, tuple[Anchor, ...]], ...]]:
    """Anchors bucketed by :data:`ANCHOR_REACH_DEG` cells, by row of latitude: ``{i: ((j, anchors), ...)}``, so a
    candidate only looks at its neighbourhood, and one far from every anchor is ruled out by three row lookups."""
    cells: dict[tuple[int, int], list[Anchor]] = {}
    for a in anchors:
        cells.setdefault((int(a.lat // ANCHOR_REACH_DEG), int(a.lon // ANCHOR_REACH_DEG)), []).append(a)
    rows: dict[int, list[tuple[int, tuple[Anchor, ...]]]] = {}
    for (i, j), found in sorted(cells.items()):
        rows.setdefault(i, []).append((j, tuple(found)))
    return {i: tuple(row) for i, row in rows.items()}


def _nearby(ctx: Context, place: Place) -> Sequence[Anchor]:
    """The anchors in the cells around ``place`` (3 rows of 3 cells, or of 5 past 45 degrees of latitude, where
    a cell spans fewer km); all of them past 60 degrees."""
    rows = ctx.anchor_cells
    if rows is None or abs(place.lat) > 60:
        return ctx.anchors
    i, j = int(place.lat // ANCHOR_REACH_DEG), int(place.lon // ANCHOR_REACH_DEG)
    span = 1 if abs(place.lat) <= 45 else 2
    out: list[Anchor] = []
    for row in (rows.get(i - 1), rows.get(i), rows.get(i + 1)):
        if row:
            for cj, found in row:
                if -span <= cj - j <= span:
                    out.extend(found)
    return out


def _nearest_anchor(anchors: Sequence[Anchor], place: Place, key: str = "") -> tuple[Anchor, float] | None:
    """The nearest anchor within reach of ``place``, leaving out the place itself and anchors named ``key`` (the
    name being ranked: "Alice Springs" the town is no evidence for Alice Springs the district)."""
    if not anchors:
        return None
    coslat = math.cos(math.radians(place.lat))
    best: tuple[Anchor, float] | None = None
    for a in anchors:
        if a.source == place.source or a.key == key or abs(a.lat - place.lat) > ANCHOR_REACH_DEG \
                or abs((a.lon - place.lon + 180) % 360 - 180) * coslat > ANCHOR_REACH_DEG:
            continue
        d = sphere_km(a.lat, a.lon, place.lat, place.lon)
        if best is None or (d, a.source) < (best[1], best[0].source):
            best = (a, d)
    if best is None or ANCHOR_BONUS * math.exp(-best[1] / ANCHOR_SCALE_KM) < 0.05:
        return None
    return best


def in_compass_sector(bearing: float, word: str, half_width: float = 67.5) -> bool:
    """Whether ``bearing`` (degrees from north) lies within ``half_width`` of the compass ``word``."""
    centre = COMPASS_SECTORS[word]
    return abs((bearing - centre + 180.0) % 360.0 - 180.0) <= half_width


FOCUS_REASON = " places the text names with confidence lie in its "
"""What the reasons of the focus evidence say (broad evidence: it places a name, it does not make a word a name)."""
REGION_OVER_TOWN_REASON = "a region before a same-named town of under "
"""What the reason of :data:`REGION_OVER_TOWN_MARGIN` says: a prior, no evidence from the text."""
ALTERNATE_REASON = " is an alternate or former name of "
"""What the reason of an alternate-name match says between the name and the place."""
_REASON_WEIGHT = re.compile(r"\(([+-]\d+\.\d+)\)$")


def reason_weight(reason: str) -> float | None:
    """The weight a reason added (its trailing ``(+0.48)``), None for a prior or a note without one."""
    m = _REASON_WEIGHT.search(reason)
    return float(m.group(1)) if m and "(prior " not in reason else None


class _Tally:
    """Running evidence for one candidate: the weight, and the reasons when they are asked for."""

    __slots__ = ("reasons", "weight")

    def __init__(self, weight: float, reasons: list[str] | None) -> None:
        self.weight = weight
        self.reasons = reasons

    def add(self, w: float, text: Callable[[], str]) -> None:
        """Add ``w``; ``text()`` (the reason, formatted only when reasons are kept) says why."""
        if w:
            self.weight += w
            if self.reasons is not None:
                self.reasons.append(f"{text()} ({w:+.2f})")


@dataclass(frozen=True, slots=True)
class _Query:
    """What :func:`rank` works out about the name once, for all of its candidates."""

    text: str
    key: str
    says_region: bool
    has_settlement: frozenset[tuple[str, str]]
    known_as: Mapping[tuple[str, str], int]
    """Per region, the most people of a settlement of 10,000 or more in it that bears the name only as another name
    ("Oklahoma" for Oklahoma City): the bare name means it only if it holds :data:`CITY_SHARE_OF_REGION` of the
    region's people ("New York" is the city; "Oklahoma" the state)."""
    adjective: bool
    alias_keys: frozenset[str]
    expanded: str
    """The key with its abbreviations written out ("st petersburg" -> "saint petersburg")."""
    regions: frozenset[tuple[str, str]]
    """The (country, admin1 code) of the first-level regions of this name, and (country, "") of its countries."""
    towns: tuple[Place, ...]
    """The settlements of this name under :data:`MAJOR_CITY_POPULATION` people: a region of the name (with none of
    them inside it) starts above those elsewhere."""


def _weigh(q: _Query, m: NameMatch, ctx: Context, gazetteer: Gazetteer | None, reasons: list[str] | None) -> float:
    """The evidence weight of one candidate (log10 scale); appends the reasons to ``reasons`` unless it is None."""
    place = m.place
    query = q.text
    region_key = (place.country, place.admin1_code)
    # a seat's fame counts against namesakes elsewhere, not against the region or country it is the seat of
    # ("Donetsk", "Singapore"), nor where the text says which region or country it means ("Paris in Texas")
    seat = m.primary and not ctx.contained and region_key not in q.regions and (place.country, "") not in q.regions
    prior = _prior_weight(place, seat=seat)
    own_size = place.kind == "region" and m.primary and place.population > 0 \
        and any(cc != place.country and not a1 for cc, a1 in q.regions) and math.log10(place.population) > prior
    if own_size:
        # against a same-named country, a region starts at its own size: "Georgia" the state (4.8 million people
        # in its places) is a country's equal, not a city's (the start a region gets against towns)
        prior = math.log10(place.population)
    tally = _Tally(prior, reasons)
    if reasons is not None:
        against = ", at its own size against a same-named country" if own_size else ""
        reasons.append(f"{_prior_reason(place, seat=seat)}{against} (prior {prior:+.2f})")
    add = tally.add
    if q.adjective and place.kind in ("country", "continent", WORLD_REGION, "region"):
        if reasons is not None:
            reasons.append(f"'{query}' is the adjective of {place.name}")
    elif not m.primary and not (q.expanded != q.key and _expanded(normalize_name(place.name)) == q.expanded):
        # "St. Petersburg" is Saint Petersburg's own name, abbreviated: no other name
        add(-ALTERNATE_NAME_PENALTY, lambda: f"'{query}'{ALTERNATE_REASON}{place.name}")
    if place.kind in ("region", "district") and not q.says_region and (
            region_key in q.has_settlement
            or q.known_as.get(region_key, 0) >= CITY_SHARE_OF_REGION * place.population > 0):
        add(-BARE_REGION_PENALTY, lambda: "a bare name usually means the settlement, not the region named after it")
    elif place.kind == "region" and m.primary and q.towns:
        town = max((_prior_weight(t) for t in q.towns if (t.country, t.admin1_code) != region_key), default=0.0)
        if town + REGION_OVER_TOWN_MARGIN > prior:
            add(town + REGION_OVER_TOWN_MARGIN - prior,
                lambda: f"{REGION_OVER_TOWN_REASON}{MAJOR_CITY_POPULATION:,} people elsewhere")
    if place.country in ctx.countries:
        w, label = ctx.countries[place.country]
        add(w, lambda: f"the text names {label}")
    if ctx.holds and region_key in ctx.holds and place.kind in ("region", "district"):
        w, hlabel = ctx.holds[region_key]
        add(w, lambda: f"holds a place named right before it, {hlabel}")
    elif region_key in ctx.regions:
        w, rlabel = ctx.regions[region_key]
        if place.kind != "region":
            add(w, lambda: f"lies in {rlabel}, which the text names")
        else:  # "HELENA, Mont. (AP) - Montana ...": the state, named again by its abbreviation
            add(w, lambda: f"the text names {rlabel}")
    if ctx.listed_with and place.kind in ctx.listed_with:
        add(LIST_KIND_WEIGHT, lambda: f"listed with {ctx.listed_with[place.kind]}, a {place.kind}")
    focus = ctx.focus
    if focus is not None:
        n = focus.countries.get(place.country, 0)
        if n:
            add(FOCUS_COUNTRY_WEIGHT * focus.share(n),
                lambda: f"{n} of the {focus.total}{FOCUS_REASON}country")
        r = focus.regions.get(region_key, 0) if place.admin1_code else 0
        if r and place.kind != "country":
            add(FOCUS_REGION_WEIGHT * focus.share(r),
                lambda: f"{r} of the {focus.total}{FOCUS_REASON}region")
    if ctx.codes and place.source in ctx.codes:
        add(CODE_BONUS, lambda: f"'{query}' is its code, written right after a place")
    if ctx.feature:
        fit = FEATURE_FIT.get((ctx.feature, place.kind))
        if fit is None and ctx.feature in ("air base", "airport") and place.kind != ctx.feature:
            fit = FEATURE_TARGET_MISMATCH
        if fit:
            add(fit * ctx.feature_weight, lambda: f"the text calls it a {ctx.feature}; this entry is a {place.kind}")
    if ctx.compass and gazetteer is not None and place.kind not in ("country",):
        home = gazetteer.country(place.country)
        if home is not None and sphere_km(home.lat, home.lon, place.lat, place.lon) > 50:
            b = _bearing_deg(home.lat, home.lon, place.lat, place.lon)
            ok = in_compass_sector(b, ctx.compass)
            verdict = "fits" if ok else "does not fit"
            add(COMPASS_BONUS if ok else -COMPASS_BONUS,
                lambda: f"'{ctx.compass}ern' {verdict}: bearing {b:.0f} deg from the centre of {home.name}")
    if q.alias_keys and gazetteer is not None:
        shared = sorted(a for a in q.alias_keys if gazetteer.is_known_as(place.source, a))
        if shared:
            add(ALIAS_BONUS, lambda: f"also known as '{shared[0]}', as the text says")
    near = _nearest_anchor(_nearby(ctx, place), place, q.key) if ctx.anchors else None
    if near is not None:
        anchor, d = near
        add(ANCHOR_BONUS * math.exp(-d / ANCHOR_SCALE_KM),
            lambda: f"{d:.0f} km from {anchor.name}, named in the same text")
    if ctx.capture and ctx.front_km is not None and place.kind in SETTLEMENT_KINDS:
        fd = ctx.front_km(place.lat, place.lon)
        # a place near the front gains; being far from it is no evidence against a place (most news of a
        # capture is about some other war, or none: "took", "fell", "entered")
        w = max(0.0, min(FRONT_WEIGHT_MAX, FRONT_WEIGHT_MAX - fd / FRONT_SCALE_KM * FRONT_WEIGHT_MAX))
        add(w, lambda: f"reported captured; {fd:.0f} km from the front line ({ctx.front_label})")
    return tally.weight


CITY_SHARE_OF_REGION = 0.4
"""The share of a region's people a city known by the region's name only as another name must hold for the bare
name to mean the city ("New York": 8.8 of 19.5 million; not "Oklahoma": 0.7 of 3.1 million)."""


def _known_as(matches: Sequence[NameMatch]) -> dict[tuple[str, str], int]:
    """Per region, the most people of a settlement of :data:`BARE_NAME_MIN_POPULATION` or more in it known by the
    name only as another name (see ``_Query.known_as``)."""
    out: dict[tuple[str, str], int] = {}
    for m in matches:
        p = m.place
        if p.kind in SETTLEMENT_KINDS and not m.primary and p.population >= BARE_NAME_MIN_POPULATION:
            key = (p.country, p.admin1_code)
            out[key] = max(out.get(key, 0), p.population)
    return out


def _rank_order(scored: tuple[float, Place, str, list[str] | None, NameMatch]) -> tuple[float, int, str]:
    """Highest weight first; then the most populous; then the source id (a total order: results are
    deterministic)."""
    return -scored[0], -scored[1].population, scored[1].source


def rank(query: str, matches: Sequence[NameMatch], context: Context | None = None,
         gazetteer: Gazetteer | None = None, *, explain: str = "all") -> Resolution:
    """Rank ``matches`` (the places known by ``query``) with ``context``; deterministic.

    ``explain`` says which candidates carry their reasons: ``"all"`` (the default), or ``"pick"``
    (the others get none: formatting every reason of every candidate was half the geoparser's time).
    ``"pick only"`` returns the pick alone, with its reasons (the geoparser's hot path, which reads
    nothing else). Weights and scores are the same in every mode.
    """
    return _rank(query, matches, context, gazetteer, explain)[0]


_Scored = tuple[float, Place, str, "list[str] | None", NameMatch]


def _rank(query: str, matches: Sequence[NameMatch], context: Context | None, gazetteer: Gazetteer | None,
          explain: str) -> tuple[Resolution, list[_Scored]]:
    """:func:`rank`, and the weight of every candidate."""
    if explain not in ("all", "pick", "pick only"):
        raise ValueError(f"explain must be 'all', 'pick' or 'pick only', not {explain!r}")
    ctx = context or Context()
    key = normalize_name(query)
    q = _Query(
        text=query,
        key=key,
        says_region=not _REGION_OR_DISTRICT_WORDS.isdisjoint(key.split()),
        # regions whose own settlement bears their name (Kharkiv in Kharkiv oblast): a bare name means the settlement
        # (by its own name; by another, a city of 10,000+ holding a large share of the region's people: "Montana
        # City", a town of 2,715 also called "Montana", does not make the state's name mean a town, nor does
        # Oklahoma City, also called "Oklahoma")
        has_settlement=frozenset((m.place.country, m.place.admin1_code) for m in matches
                                 if m.place.kind in SETTLEMENT_KINDS and m.primary),
        known_as=_known_as(matches),
        adjective=gazetteer is not None and key in gazetteer.adjective_keys,
        alias_keys=frozenset(normalize_name(a) for a in ctx.aliases) - {key},
        expanded=_expanded(key),
        regions=frozenset((m.place.country, m.place.admin1_code if m.place.kind == "region" else "")
                          for m in matches if m.place.kind in ("region", "country")),
        towns=tuple(m.place for m in matches
                    if m.primary and m.place.kind in SETTLEMENT_KINDS and m.place.population < MAJOR_CITY_POPULATION),
    )
    keep_all = explain == "all"
    only = ctx.country.upper() if ctx.country else None
    scored: list[tuple[float, Place, str, list[str] | None, NameMatch]] = []
    for m in matches:
        if only and m.place.country != only:
            continue
        reasons: list[str] | None = [] if keep_all else None
        scored.append((_weigh(q, m, ctx, gazetteer, reasons), m.place, query, reasons, m))
    if not scored:
        return Resolution(query=query), scored
    top = max(s[0] for s in scored)
    total = sum(10 ** (s[0] - top) for s in scored)
    ranked = [min(scored, key=_rank_order)] if explain == "pick only" else sorted(scored, key=_rank_order)
    if not keep_all:  # the pick's reasons only
        w0, p0, mt0, _, m0 = ranked[0]
        pick_reasons: list[str] = []
        _weigh(q, m0, ctx, gazetteer, pick_reasons)
        ranked[0] = (w0, p0, mt0, pick_reasons, m0)
    return Resolution(
        query=query,
        candidates=tuple(
            Candidate(place=p, score=round(10 ** (w - top) / total, 4), weight=round(w, 3), matched=mt,
                      reasons=tuple(r or ()))
            for w, p, mt, r, _ in ranked
        ),
    ), scored


AGREEMENT_SHARE = 0.9
"""The share of a name's context-free weight that must lie in one country (and, for its region, in one first-level
region) for the name to count towards a text's focus though no single reading is confident."""


def first_reading(query: str, matches: Sequence[NameMatch]) -> tuple[Resolution, tuple[str, str] | None]:
    """The ranking of ``matches`` with no context, its pick only (as ``rank(..., explain="pick only")``), and the
    country and region code (or "") that :data:`AGREEMENT_SHARE` of its settlement and district readings' weight
    lies in ("Johnson County" is in the US whichever of its twelve it is); None if they do not agree or there is
    one reading."""
    res, scored = _rank(query, matches, None, None, "pick only")
    if len(scored) < 2:
        return res, None
    top = max(w for w, *_ in scored)
    total = sum(10 ** (w - top) for w, *_ in scored)
    by_country: dict[str, float] = {}
    by_region: dict[tuple[str, str], float] = {}
    for w, p, *_ in scored:
        if p.kind not in (*SETTLEMENT_KINDS, "district"):
            continue
        share = 10 ** (w - top) / total
        by_country[p.country] = by_country.get(p.country, 0.0) + share
        if p.admin1_code:
            by_region[(p.country, p.admin1_code)] = by_region.get((p.country, p.admin1_code), 0.0) + share
    if not by_country:
        return res, None
    cc = max(sorted(by_country), key=by_country.__getitem__)
    if by_country[cc] < AGREEMENT_SHARE:
        return res, None
    region = max(sorted(by_region), key=by_region.__getitem__, default=None)
    return res, (cc, region[1] if region and region[0] == cc and by_region[region] >= AGREEMENT_SHARE else "")
