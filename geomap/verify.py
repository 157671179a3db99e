"""Verdicts: measure every claim and say whether it holds, by how much it is off, on what evidence.

Owns the verdict rules (:data:`RULES`, one table, configurable through
:class:`Tolerances`) and applying them. A claim says the true value lies in an
*acceptance interval* set by its qualifier:

==================  ================================  =========================================
qualifier           test                              acceptance interval for the true value
==================  ================================  =========================================
more than, over,    lower bound                       [c x (1 - slack), inf)
at least, just over
less than, under,   upper bound                       [0, c x (1 + slack)]
within, up to
about, some, around, approximate (also a bare number)  [c x (1 - tolerance), c x (1 + tolerance)]
roughly, approx.
nearly, almost      at or a little under               [c x (1 - tolerance), c x (1 + slack)]
==================  ================================  =========================================

The measurement is an interval too: [m - u, m + u], u the reference's own
uncertainty (a front line known to +-20 km). Inside the acceptance interval:
**supported**; outside it: **overstated** (the claim says farther or more than
measured) or **understated**; straddling its edge: **indeterminate**. A claim
whose place, reference or date cannot be resolved is **unverifiable**, and the
note says which. Direction claims ("the southern city of Kherson") are
**supported** or **contradicted**.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from geomap.claims import KM_PER_UNIT, Claim
from geomap.errors import GeomapError
from geomap.geodesy import compass, geodesic

UNIT_NAMES = {"km": "km", "mi": "miles", "nmi": "nautical miles", "people": "people"}


@dataclass(frozen=True, slots=True)
class Tolerances:
    """The numbers behind the rules, in percent."""

    approx_pct: float = 10.0
    """How far an approximate figure ("about 1,000 km") may be from the measurement."""
    bound_pct: float = 2.0
    """Slack on a bound ("more than 1,000 km" still holds at 985 km)."""
    pair_pct: float = 10.0
    """How far the two figures of a pair ("1,000 km (600 miles)") may disagree with each other."""
    direction_half_width_deg: float = 67.5
    """Half-width of the sector a compass word covers ("east" = 22.5..157.5 degrees)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """How a qualifier tests a claimed value c: the acceptance interval (low, high) as factors of c."""

    test: str
    low: Callable[[Tolerances], float]
    high: Callable[[Tolerances], float]
    describe: str


_LOWER = Rule("lower bound", lambda t: 1 - t.bound_pct / 100, lambda t: math.inf, "at least c (less {bound} %)")
_UPPER = Rule("upper bound", lambda t: 0.0, lambda t: 1 + t.bound_pct / 100, "at most c (plus {bound} %)")
_APPROX = Rule("approximate", lambda t: 1 - t.approx_pct / 100, lambda t: 1 + t.approx_pct / 100, "c ± {approx} %")
_NEARLY = Rule("at or a little under", lambda t: 1 - t.approx_pct / 100, lambda t: 1 + t.bound_pct / 100,
               "c less up to {approx} %, plus {bound} %")
RULES: dict[str, Rule] = {
    **dict.fromkeys(("more than", "over", "at least", "just over", "as far as", "as much as"), _LOWER),
    **dict.fromkeys(("less than", "under", "within", "up to", "fewer than", "just under", "only", "barely"), _UPPER),
    **dict.fromkeys(("about", "some", "roughly", "around", "approximately", "just", ""), _APPROX),
    **dict.fromkeys(("nearly", "almost"), _NEARLY),
}


@dataclass(frozen=True)
class Verdict:
    """A claim, measured. Distances in km; ``error_pct`` is (claimed - measured) / measured."""

    claim: Claim
    verdict: str
    verdict_note: str
    measured_km: float | None = None
    measured_value: float | None = None
    error_km: float | None = None
    error_pct: float | None = None
    tolerance_pct: float | None = None
    test: str = ""
    nearest_lat: float | None = None
    nearest_lon: float | None = None
    reference_label: str = ""
    reference_date_used: str | None = None
    reference_source: str = ""
    uncertainty_km: float = 0.0
    second_verdict: str = ""
    pair_note: str = ""
    rounding_note: str = ""
    bearing_deg: float | None = None
    direction_note: str = ""
    alt_reference: str = ""
    alt_measured_km: float | None = None
    alt_verdict: str = ""
    estimate_lat: float | None = None
    """For a claim about an event (an epicentre, a blast): where the claims about it place it (WGS84 degrees)."""
    estimate_lon: float | None = None
    estimate_km: float | None = None
    """How far the event may lie from the estimate (km): the radius of the region every claim allows."""
    event_note: str = ""
    """Whether the claims about the event agree with each other, and how the estimate was made."""

    def to_row(self) -> dict[str, Any]:
        row = self.claim.to_dict()
        row.update({k: v for k, v in asdict(self).items() if k != "claim"})
        return row


VERDICT_COLUMNS = [*Claim.__dataclass_fields__,
                   *(f for f in Verdict.__dataclass_fields__ if f != "claim")]


def judge(claimed: float, measured: float, uncertainty: float, rule: Rule, tol: Tolerances) -> str:
    """The verdict for one claimed value against a measurement known to +-``uncertainty``."""
    low, high = claimed * rule.low(tol), claimed * rule.high(tol)
    m_low, m_high = measured - uncertainty, measured + uncertainty
    if low <= m_low and m_high <= high:
        return "supported"
    if m_high < low:
        return "overstated"
    if m_low > high:
        return "understated"
    return "indeterminate"


def _rounded(value: float, precision: int) -> float:
    return round(value, precision) if precision < 0 else value


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:,.1f}"


def rounding_note(claimed: float, measured_in_unit: float, precision: int, unit: str) -> str:
    """Whether the claimed figure is the measurement rounded to the claim's own precision."""
    if precision >= 0:
        return ""
    step = 10 ** (-precision)
    r = _rounded(measured_in_unit, precision)
    unit_name = UNIT_NAMES.get(unit, unit)
    if r == claimed:
        return (f"the measurement, {_fmt(measured_in_unit)} {unit_name}, rounds to {_fmt(claimed)} at the claim's own "
                f"precision (nearest {step:,} {unit_name})")
    return (f"at the claim's own precision (nearest {step:,} {unit_name}) the measurement reads {_fmt(r)}, "
            f"not {_fmt(claimed)}")


class Verifier:
    """Measures claims against the gazetteer and the references; caches references by name and date."""

    def __init__(self, *, gazetteer: Any = None, tolerances: Tolerances | None = None, front_source: Any = None
                 ) -> None:
        from geomap.gazetteer import default_gazetteer

        self.gazetteer = gazetteer or default_gazetteer()
        self.tol = tolerances or Tolerances()
        self.front_source = front_source
        self._refs: dict[tuple[str, str | None], Any] = {}

    def _reference(self, name: str, date: str | None):
        """The reference by name (and date, for front lines), built once: its geometry is prepared on first
        use and kept. A name that fails is remembered with its error, which is raised again."""
        from geomap.references import reference

        key = (name, date if name.startswith("front") else None)
        if key not in self._refs:
            try:
                self._refs[key] = reference(name, date=date, front_source=self.front_source,
                                            gazetteer=self.gazetteer)
            except GeomapError as exc:
                self._refs[key] = exc
        found = self._refs[key]
        if isinstance(found, GeomapError):
            raise found
        return found

    def _place_in_context(self, claim: Claim) -> Any:
        """The reference place the text meant (``reference_place``), while ``reference`` still names it (an
        analyst who types another name gets that name resolved)."""
        if claim.reference_kind != "place" or not claim.reference_place:
            return None
        from geomap.gazetteer import normalize_name
        from geomap.references import place_reference

        try:
            place = self.gazetteer.get(claim.reference_place)
        except GeomapError:
            return None
        if normalize_name(place.name) != normalize_name(claim.reference):
            return None
        return place_reference(place)

    def verify_all(self, claims: Sequence[Claim], progress: Callable[[int, int], None] | None = None
                   ) -> list[Verdict]:
        """Verdicts for many claims, in order. Claims about one event (``subject_source`` ``event:...``) are
        checked together: see :meth:`verify_event`."""
        out: list[Verdict | None] = [None] * len(claims)
        events: dict[str, list[int]] = {}
        total = len(claims)
        for n, c in enumerate(claims, start=1):
            if c.claim_kind == "distance" and c.subject_source.startswith("event:"):
                events.setdefault(c.subject_source, []).append(n - 1)
            else:
                out[n - 1] = self.verify(c)
            if progress and (n % 50 == 0 or n == total):
                progress(n, total)
        for idx in events.values():
            for i, v in zip(idx, self.verify_event([claims[i] for i in idx]), strict=True):
                out[i] = v
        return out  # type: ignore[return-value]

    def verify_event(self, claims: Sequence[Claim]) -> list[Verdict]:
        """Verdicts for the claims about one event, which has no gazetteer point.

        A point given for the event (an analyst's ``subject_lat``/``subject_lon`` in an edited table) is used
        for every claim. Otherwise each claim with a place reference is a constraint
        (:class:`geomap.events.Constraint`: its acceptance interval around the place, within the compass sector
        of its direction word) and the event lies in the region all of them allow. Each claim is judged against
        the region the *other* claims allow (the nearest and farthest km from its reference: the measurement is
        their midpoint, the uncertainty half their spread), so no claim vouches for itself; a claim the others
        cannot place is unverifiable. Claims to a border or front line are measured from the estimate.
        """
        from geomap.events import MAX_PLACING_CLAIMS, feasible_region

        given = next((c for c in claims if c.subject_lat is not None and c.subject_lon is not None), None)
        if given is not None:
            note = f"the event's point is given in claim {given.claim_id} ({given.subject_lat}, {given.subject_lon})"
            out = []
            for c in claims:
                v = self.verify(replace(c, subject_lat=given.subject_lat, subject_lon=given.subject_lon))
                out.append(replace(v, claim=c, event_note=note))
            return out
        what = claims[0].subject or "the event"
        constraints: dict[int, Any] = {}
        problems: dict[int, str] = {}
        for i, c in enumerate(claims):
            try:
                constraints[i] = self._constraint(c)
            except GeomapError as exc:
                problems[i] = str(exc)
        # the first claims place the event (each judged by the others); later ones are judged by all of those
        placing = dict(list(constraints.items())[:MAX_PLACING_CLAIMS])
        regions: dict[tuple[int, ...], Any] = {}

        def region_of(keys: tuple[int, ...]) -> Any:
            if keys not in regions:
                regions[keys] = feasible_region([constraints[k] for k in keys])
            return regions[keys]

        whole = region_of(tuple(placing))
        est_lat = est_lon = est_km = None
        if whole is None:
            summary = f"{what}: the claims reach too far to place it on a local grid"
        elif whole.empty:
            summary = (f"{what}: the {len(placing)} claims that place it cannot all hold (no point satisfies "
                       f"them together){self._odd_one_out(placing, claims, region_of)}")
        elif not whole.compact():
            summary = (f"{what}: the {_count(len(placing), 'claim')} that place it agree, but leave its point "
                       "undetermined (the points they allow do not form one area: a ring, or two areas)")
        else:
            est_lat, est_lon = whole.centre()
            est_km = round(whole.radius_km(), 1)
            est_lat, est_lon = round(est_lat, 5), round(est_lon, 5)
            agree = "agree" if len(placing) > 1 else "is the only one that places it"
            summary = (f"{what}: estimated at ({est_lat}, {est_lon}) ± {est_km:g} km from "
                       f"{_count(len(placing), 'claim')} ({', '.join(claims[i].claim_id for i in placing)}), "
                       f"which {agree}")
        out = []
        for i, c in enumerate(claims):
            extra = {"estimate_lat": est_lat, "estimate_lon": est_lon, "estimate_km": est_km, "event_note": summary}
            if i in problems:
                out.append(Verdict(c, "unverifiable", f"reference {c.reference!r}: {problems[i]}", **extra))
            elif i in constraints:
                others = tuple(k for k in placing if k != i)
                out.append(self._against_others(c, constraints[i], region_of(others) if others else None,
                                                [claims[k].claim_id for k in others], extra))
            elif est_lat is None:
                out.append(Verdict(c, "unverifiable", f"{summary}; nothing to measure this claim from", **extra))
            else:
                v = self.verify(replace(c, subject_lat=est_lat, subject_lon=est_lon))
                u = max(v.uncertainty_km, 0.0) + est_km
                if v.measured_km is not None:
                    rule = RULES.get(c.qualifier, _APPROX)
                    verdict = judge(c.claimed_km or 0.0, v.measured_km, u, rule, self.tol)
                    v = replace(v, verdict=verdict, uncertainty_km=round(u, 1),
                                verdict_note=f"Measured from the estimated point of {what} (± {est_km:g} km): "
                                             f"{v.verdict_note}")
                out.append(replace(v, claim=c, **extra))
        return out

    def _constraint(self, claim: Claim) -> Any:
        """What a claim about an event says of its point, as a :class:`geomap.events.Constraint`; raises
        :class:`GeomapError` when its reference is not a place (borders and front lines do not place events)."""
        from geomap.events import Constraint
        from geomap.resolve import COMPASS_SECTORS

        if claim.reference_kind != "place" or not claim.reference:
            raise GeomapError("only a place reference places an event")
        ref = self._place_in_context(claim) or self._reference(claim.reference, claim.reference_date)
        if ref.kind != "place":
            raise GeomapError("only a place reference places an event")
        rule = RULES.get(claim.qualifier, _APPROX)
        km = claim.claimed_km or 0.0
        return Constraint(lat=ref.geometry.y, lon=ref.geometry.x, low_km=km * rule.low(self.tol),
                          high_km=km * rule.high(self.tol), bearing_deg=COMPASS_SECTORS.get(claim.direction))

    def _odd_one_out(self, constraints: dict[int, Any], claims: Sequence[Claim],
                     region_of: Callable[[tuple[int, ...]], Any]) -> str:
        if len(constraints) < 3:
            return ""
        odd = []
        for i in constraints:
            region = region_of(tuple(k for k in constraints if k != i))
            if region is not None and not region.empty:
                odd.append(claims[i].claim_id)
        return f"; without {' or '.join(odd)} the others agree" if odd else ""

    def _against_others(self, claim: Claim, mine: Any, region: Any, other_ids: list[str],
                        extra: dict[str, Any]) -> Verdict:
        """A claim about an event judged against ``region``, where the other claims (``other_ids``) put it."""
        what = claim.subject or "the event"
        if not other_ids:
            return Verdict(claim, "unverifiable", f"the only claim that places {what}: the estimate rests on it "
                                                  "alone, so nothing independent checks it", **extra)
        if region is None or region.empty:
            return Verdict(claim, "unverifiable", f"the other claims about {what} cannot all hold, so they cannot "
                                                  "check this one", **extra)
        near, far = region.distance_range(mine.lat, mine.lon)
        near, far = max(0.0, near - region.step_km), far + region.step_km
        measured, u = (near + far) / 2, (far - near) / 2
        rule = RULES.get(claim.qualifier, _APPROX)
        claimed_km = claim.claimed_km or 0.0
        verdict = judge(claimed_km, measured, u, rule, self.tol)
        note = (f"Measured from where the other claims put {what} ({', '.join(other_ids)}): "
                f"{_fmt(near)}-{_fmt(far)} km from {claim.reference}; the claim says "
                f"{(claim.qualifier + ' ') if claim.qualifier else ''}{_fmt(claimed_km)} km: {verdict} "
                f"({rule.test}).")
        if verdict == "indeterminate":
            note += " The other claims place it too loosely to decide."
        tol_pct = self.tol.approx_pct if rule in (_APPROX, _NEARLY) else self.tol.bound_pct
        return Verdict(claim, verdict, note, measured_km=round(measured, 1),
                       measured_value=round(measured / KM_PER_UNIT.get(claim.claimed_unit, 1.0), 1),
                       error_km=round(claimed_km - measured, 1),
                       error_pct=round((claimed_km - measured) / measured * 100, 1) if measured else None,
                       tolerance_pct=tol_pct, test=rule.test, nearest_lat=round(mine.lat, 5),
                       nearest_lon=round(mine.lon, 5), reference_label=claim.reference,
                       reference_source=claim.reference_place or claim.reference, uncertainty_km=round(u, 1),
                       **extra)

    def verify(self, claim: Claim) -> Verdict:
        if claim.claim_kind == "population":
            return self._population(claim)
        if claim.claim_kind == "direction":
            return self._direction(claim)
        return self._distance(claim)

    # -- distance

    def _distance(self, claim: Claim) -> Verdict:
        if claim.subject_lat is None or claim.subject_lon is None:
            return Verdict(claim, "unverifiable", "the place the claim is about could not be found or resolved")
        if not claim.reference:
            return Verdict(claim, "unverifiable",
                           f"the reference '{claim.reference_text}' is not a place, border or front line geomap knows")
        if (claim.claimed_km or 0.0) < 0:
            return Verdict(claim, "unverifiable", f"a distance cannot be negative ({claim.claimed_value:,g} "
                                                  f"{UNIT_NAMES.get(claim.claimed_unit, claim.claimed_unit)})")
        try:
            ref = self._place_in_context(claim) or self._reference(claim.reference, claim.reference_date)
        except GeomapError as exc:
            return Verdict(claim, "unverifiable", f"reference {claim.reference!r}: {exc}")
        rule = RULES.get(claim.qualifier, _APPROX)
        if ref.kind == "place":
            pt = ref.geometry
            near_lat, near_lon = pt.y, pt.x
            measured = geodesic(claim.subject_lat, claim.subject_lon, near_lat, near_lon).km
        else:
            n = ref.index.nearest(claim.subject_lat, claim.subject_lon)
            near_lat, near_lon, measured = n.lat, n.lon, n.km
        u = ref.uncertainty_km
        claimed_km = claim.claimed_km or 0.0
        verdict = judge(claimed_km, measured, u, rule, self.tol)
        err = claimed_km - measured
        tol_pct = self.tol.approx_pct if rule in (_APPROX, _NEARLY) else self.tol.bound_pct
        unit = claim.claimed_unit
        measured_in_unit = measured / KM_PER_UNIT[unit]
        notes = [_sentence(claim, verdict, measured, measured_in_unit, rule, u)]
        if verdict == "supported" and rule is _APPROX and measured and abs(err) > measured * tol_pct / 200:
            notes.append(f"Within tolerance, but {'high' if err > 0 else 'low'} ({err / measured * 100:+.1f} %).")
        if ref.kind == "front" and ("snapshot" in ref.note):
            notes.append(ref.note.split(";")[0] + ".")
        second_verdict = pair_note = ""
        if claim.second_value is not None and claim.second_unit in KM_PER_UNIT:
            second_km = claim.second_value * KM_PER_UNIT[claim.second_unit]
            second_verdict = judge(second_km, measured, u, rule, self.tol)
            gap = abs(second_km - claimed_km) / max(claimed_km, second_km, 1e-9) * 100
            as_second = claimed_km / KM_PER_UNIT[claim.second_unit]
            pair_note = (f"{_fmt(claim.claimed_value)} {UNIT_NAMES[unit]} is {_fmt(as_second)} "
                         f"{UNIT_NAMES[claim.second_unit]}; the pair gives {_fmt(claim.second_value)} "
                         f"({gap:.1f} % apart)")
            if gap > self.tol.pair_pct:
                pair_note += f": the two figures disagree by more than {self.tol.pair_pct:g} %"
            else:
                pair_note += ": two roundings of the same distance"
            pair_note += f"; the second figure alone is {second_verdict}"
        bearing = direction_note = None
        if claim.direction:
            from geomap.resolve import COMPASS_SECTORS, in_compass_sector

            bearing = geodesic(near_lat, near_lon, claim.subject_lat, claim.subject_lon).bearing_deg
            word = claim.direction
            ok = word in COMPASS_SECTORS and in_compass_sector(bearing, word, self.tol.direction_half_width_deg)
            direction_note = (f"direction {'right' if ok else 'wrong'}: {claim.subject} lies {compass(bearing)} "
                              f"({bearing:.0f}°) of {ref.label.split(',')[0]}, the claim says {word}")
        alt_ref = alt_verdict = ""
        alt_km = None
        if "front line is measured too" in (claim.reference_note or ""):
            try:
                alt = self._reference("front", claim.reference_date)
                alt_km = alt.index.nearest(claim.subject_lat, claim.subject_lon).km
                alt_ref = alt.name
                alt_verdict = judge(claimed_km, alt_km, alt.uncertainty_km, rule, self.tol)
                notes.append(f"read as the front line instead ({alt.label}, ±{alt.uncertainty_km:g} km): "
                             f"{_fmt(alt_km)} km, {alt_verdict}")
            except GeomapError as exc:
                notes.append(f"the front-line reading could not be measured: {exc}")
        return Verdict(
            claim, verdict, " ".join(notes), measured_km=round(measured, 1), measured_value=round(measured_in_unit, 1),
            error_km=round(err, 1), error_pct=round(err / measured * 100, 1) if measured else None,
            tolerance_pct=tol_pct, test=rule.test, nearest_lat=round(near_lat, 5), nearest_lon=round(near_lon, 5),
            reference_label=ref.label, reference_date_used=ref.date, reference_source=ref.source,
            uncertainty_km=u, second_verdict=second_verdict, pair_note=pair_note,
            rounding_note=rounding_note(claim.claimed_value, measured_in_unit, claim.precision, unit),
            bearing_deg=None if bearing is None else round(bearing, 1), direction_note=direction_note or "",
            alt_reference=alt_ref, alt_measured_km=None if alt_km is None else round(alt_km, 1),
            alt_verdict=alt_verdict,
        )

    # -- population

    def _population(self, claim: Claim) -> Verdict:
        if not claim.subject_source:
            return Verdict(claim, "unverifiable", "the place the claim is about could not be found or resolved")
        place = self.gazetteer.get(claim.subject_source)
        if not place.population:
            return Verdict(claim, "unverifiable", f"the gazetteer has no population for {place.name}")
        rule = RULES.get(claim.qualifier, _APPROX)
        half_step = 0.5 * 10 ** (-claim.precision) if claim.precision < 0 else 0.0
        tol_pct = max(self.tol.approx_pct, half_step / max(claim.claimed_value, 1) * 100) if rule is _APPROX \
            else self.tol.bound_pct
        tol = Tolerances(approx_pct=tol_pct, bound_pct=self.tol.bound_pct)
        verdict = judge(claim.claimed_value, place.population, 0.0, rule, tol)
        err = claim.claimed_value - place.population
        note = (f"{place.name} has {place.population:,} people in GeoNames ({place.source}); the claim says "
                f"{(claim.qualifier + ' ') if claim.qualifier else ''}{claim.claimed_value:,.0f}, "
                f"{err / place.population * 100:+.1f} %: {verdict} ({rule.test}, tolerance {tol_pct:.1f} %).")
        return Verdict(claim, verdict, note, measured_value=float(place.population), error_pct=round(
            err / place.population * 100, 1), tolerance_pct=round(tol_pct, 1), test=rule.test,
            reference_label="GeoNames population", reference_source=place.source,
            rounding_note=rounding_note(claim.claimed_value, place.population, claim.precision, "people"))

    # -- direction within a country

    def _direction(self, claim: Claim) -> Verdict:
        from geomap.references import country_geometry

        if claim.subject_lat is None or claim.subject_lon is None:
            return Verdict(claim, "unverifiable", "the place could not be resolved")
        iso = claim.reference.split(":", 1)[1]
        try:
            poly = country_geometry(iso)
        except GeomapError as exc:
            return Verdict(claim, "unverifiable", str(exc))
        centre = country_centre(poly)
        leg = geodesic(centre.y, centre.x, claim.subject_lat, claim.subject_lon)
        if claim.direction == "central":
            import numpy as np
            import shapely
            from pyproj import Geod

            xy = shapely.get_coordinates(poly.boundary)[::10]
            _, _, dist = Geod(ellps="WGS84").inv(np.full(len(xy), centre.x), np.full(len(xy), centre.y), xy[:, 0],
                                                 xy[:, 1])
            radius = float(np.max(dist)) / 1000
            share = leg.km / radius
            verdict = "supported" if share <= 1 / 3 else ("contradicted" if share > 2 / 3 else "indeterminate")
            note = (f"{claim.subject} is {_fmt(leg.km)} km from the centre of {iso} ({centre.y:.2f}, {centre.x:.2f}), "
                    f"{share:.0%} of the way to its farthest edge ({_fmt(radius)} km): 'central' holds within a third, "
                    "fails beyond two thirds, and is indeterminate between. 'Central' is loose in news usage.")
        else:
            from geomap.claims import PART_OF_REGION_NOTE
            from geomap.resolve import in_compass_sector

            ok = in_compass_sector(leg.bearing_deg, claim.direction, self.tol.direction_half_width_deg)
            part = claim.reference_note == PART_OF_REGION_NOTE  # "in southern Idlib province": maybe its south
            verdict = "supported" if ok else ("indeterminate" if part else "contradicted")
            note = (f"{claim.subject} lies {compass(leg.bearing_deg)} ({leg.bearing_deg:.0f}°) of the centre of {iso}, "
                    f"{_fmt(leg.km)} km away; '{claim.direction}' covers ±{self.tol.direction_half_width_deg:g}°."
                    + (" With no determiner the text may mean the region's own part." if part and not ok else ""))
        return Verdict(claim, verdict, note, bearing_deg=round(leg.bearing_deg, 1), test="direction",
                       reference_label=f"centre of {iso} (Natural Earth polygon)",
                       reference_source="Natural Earth 1:10m admin-0 countries (world-atlas 2.0.2), public domain")


def country_centre(poly: Any) -> Any:
    """The area centroid of a country (lon/lat point), computed in a Lambert azimuthal equal-area
    projection centred on the country, so that it is right for large and antimeridian-crossing
    countries (Russia) where a centroid of raw degrees is not."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    xyz = np.array([[np.cos(np.radians(y)) * np.cos(np.radians(x)), np.cos(np.radians(y)) * np.sin(np.radians(x)),
                     np.sin(np.radians(y))] for x, y in shapely.get_coordinates(poly)[::50]]).mean(axis=0)
    lat0 = float(np.degrees(np.arctan2(xyz[2], np.hypot(xyz[0], xyz[1]))))
    lon0 = float(np.degrees(np.arctan2(xyz[1], xyz[0])))
    laea = f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m"
    forward = Transformer.from_crs("EPSG:4326", laea, always_xy=True)
    back = Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    projected = shapely.transform(poly, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))
    c = projected.centroid
    if not projected.contains(c):
        c = projected.representative_point()
    lon, lat = back.transform(c.x, c.y)
    return shapely.Point(lon, lat)


def _sentence(claim: Claim, verdict: str, measured: float, measured_in_unit: float, rule: Rule, u: float) -> str:
    unit = UNIT_NAMES[claim.claimed_unit]
    said = f"{claim.qualifier + ' ' if claim.qualifier else ''}{_fmt(claim.claimed_value)} {unit}"
    got = f"{_fmt(measured_in_unit)} {unit}" + (f" ({_fmt(measured)} km)" if claim.claimed_unit != "km" else "")
    band = f" ± {u:g} km" if u else ""
    return (f"{claim.subject} to {claim.reference}: the claim says {said}, geomap measures {got}{band}: "
            f"{verdict} ({rule.test}).")


def verdict_table(verdicts: Sequence[Verdict]) -> Any:
    """Claims with their verdict columns, as a DataFrame (the layout of claims.csv after verification)."""
    import pandas as pd

    from geomap.io import column_dtypes, typed

    return typed(pd.DataFrame([v.to_row() for v in verdicts], columns=VERDICT_COLUMNS), column_dtypes(Claim, Verdict))


def _typed(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    """``row``'s values for the fields of dataclass ``cls``, typed as the fields say (a CSV or a DataFrame
    gives NaN for empty cells and floats for whole numbers)."""
    import typing

    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for name in cls.__dataclass_fields__:  # type: ignore[attr-defined]
        if name not in row or name == "claim":
            continue
        v = row[name]
        missing = v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and v == "" and
                                                                      hints[name] is not str)
        hint = hints[name]
        args = typing.get_args(hint)
        base = next((a for a in args if a is not type(None)), hint) if args else hint
        if missing:
            out[name] = "" if hint is str else None
        elif base is str:
            out[name] = str(v)
        elif base is float:
            out[name] = float(v)
        elif base is int:
            out[name] = int(float(v))
        else:
            out[name] = v
    return out


def claims_from_table(rows: Any) -> list[Claim]:
    """Claim records from a claims table (a DataFrame, or dict rows, with the claims.csv columns)."""
    records = rows.to_dict("records") if hasattr(rows, "to_dict") else list(rows)
    return [Claim(**_typed(Claim, r)) for r in records]


def verdicts_from_table(rows: Any) -> list[Verdict]:
    """Verdict records from a verified claims table (claims.csv as ``geomap verify`` writes it)."""
    records = rows.to_dict("records") if hasattr(rows, "to_dict") else list(rows)
    if records and "verdict" not in records[0]:
        raise ValueError("the table has no verdict columns: verify the claims first (api.verify / geomap verify)")
    return [Verdict(Claim(**_typed(Claim, r)), **{k: v for k, v in _typed(Verdict, r).items()}) for r in records]


def verify_claims(claims: Sequence[Claim], **kw: Any) -> list[Verdict]:
    """Verdicts for claims, in order (see :class:`Verifier` for the options)."""
    return Verifier(**kw).verify_all(claims)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
