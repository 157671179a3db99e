"""Claim extraction: distance, population and direction claims an article makes, ready to check.

Owns reading a claim's parts out of a sentence (value, unit, qualifier, the pair
in parentheses, direction word, reference phrase) and finding its subject even
when it is not in the clause, saying how it was found. Checking claims is
:mod:`geomap.verify`'s job.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from geomap.events import EVENT_RE, TextCoordinate, event_family, find_coordinates
from geomap.gazetteer import land_neighbours
from geomap.geoparse import ArticleContext, MentionIndex
from geomap.models import Article, Mention
from geomap.numbers import NUMBER, NUMBER_RE, decimals, parse_number, starts_with

KM_PER_UNIT = {"km": 1.0, "mi": 1.609344, "nmi": 1.852}
_UNIT_WORDS = {
    "km": "km", "kms": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "mi": "mi", "mile": "mi", "miles": "mi", "nautical mile": "nmi", "nautical miles": "nmi", "nm": "nmi",
    "nmi": "nmi",
}
QUALIFIERS = ("more than", "just over", "just under", "over", "at least", "less than", "fewer than", "under",
              "within", "up to", "about", "some", "roughly", "around", "approximately", "nearly", "almost",
              "as far as", "as much as", "only", "barely", "just")
_QUAL = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_UNIT = r"nautical\s+miles?|kilomet(?:er|re)s?|kms?|miles?|mi|nmi"
_DIRS = r"north|south|east|west|north-?east|north-?west|south-?east|south-?west|northeast|northwest|southeast|southwest"
_CLAIM_START = starts_with(QUALIFIERS)
DISTANCE_RE = re.compile(
    rf"{_CLAIM_START}(?:\b(?P<qual>{_QUAL})\s+)?(?P<num>{NUMBER})[\s-]*(?P<unit>{_UNIT})\b"
    rf"(?:\s*\(\s*(?:(?P<qual2>{_QUAL})\s+)?(?P<num2>{NUMBER})[\s-]*(?P<unit2>{_UNIT})\s*\))?"
    rf"(?:\s+(?:away\s+)?(?:(?P<dir>{_DIRS})(?:ern)?\s+of|from|away\s+from|of)\s+(?P<ref>(?:(?!\s+(?:and|but|while)\s|,\s)[^.;:!?—–()]){{1,80}}))?",
    re.IGNORECASE,
)
POPULATION_RE = re.compile(
    rf"\b(?:home\s+to|population\s+of|(?:a\s+)?(?:city|town|village|capital)\s+of|inhabited\s+by|with)\s+"
    rf"(?:(?P<qual>{_QUAL})\s+)?(?P<num>{NUMBER})\s+(?P<what>people|residents|inhabitants)\b",
    re.IGNORECASE,
)
DIRECTION_RE = re.compile(
    rf"\b(?P<dir>{_DIRS}|central)(?:ern)?\s+(?:(?P<demonym>[A-Z][a-z]+(?:ian|ish|ese|an|i))\s+)?"
    rf"(?:(?P<feature>city|town|village|port|region|oblast|province|republic)\s+of\s+)?$",
    re.IGNORECASE,
)
PART_OF_REGION_NOTE = ("no determiner before the compass word: it may name the region's own part, not where the "
                       "region lies; a direction that does not fit is indeterminate")
"""``reference_note`` of a direction claim about a region read from "in southern Idlib province"."""
_THE_BEFORE = re.compile(r"(?:\b(?:the|its)|\w[’']s)\s+$", re.IGNORECASE)
"""A determiner before a compass word: "the northeastern Kharkiv region", "Russia's western Kursk region"."""
_FRONT = re.compile(r"^(?:the\s+)?(?:front[\s-]?lines?|front|frontline|line\s+of\s+contact|contact\s+line)\b",
                    re.IGNORECASE)
_BORDER_WITH = re.compile(
    r"^(?:the\s+|its\s+)?(?:(?:state|international|shared)\s+)?(?P<word>border|frontier)s?\s+with\s+(?:the\s+)?(?P<c>[A-Z][\w’'\-]+)")
_BORDER_ALONE = re.compile(r"^(?:the\s+|its\s+)?(?:(?:state|international|national|nearest)\s+)?"
                           r"(?P<word>border|frontier)s?\b(?!\s+(?:with|of|between)\b)", re.IGNORECASE)
IMPLIED_BORDER = "border:implied"
"""A claim's reference before its subject is known: "the border" alone (resolved by :func:`_implied_border`)."""
_BORDER_ADJ = re.compile(
    rf"^(?:the\s+)?(?:(?i:{_DIRS}|central)(?:ern)?\s+)?(?P<a>[A-Z][\w’'\-]+?)(?:[\s-]+(?P<b>[A-Z][\w’'\-]+?))?(?:’s|'s)?\s+(?P<word>border|frontier)s?\b")
_CAPITAL = re.compile(
    r"^(?:the\s+|its\s+)?(?:(?P<scope>(?:country|nation|state|region|province|oblast)['’]s|national|state|regional|"
    r"provincial|oblast|district)\s+)?capital\b(?!\s+(?:of|city\s+of)\b)", re.IGNORECASE)
IMPLIED_CAPITAL = "capital:country"
"""A claim's reference before its subject is known: "the capital" (the capital of the subject's country)."""
IMPLIED_REGION_CAPITAL = "capital:region"
"""A claim's reference before its subject is known: "the state capital" (the seat of the subject's region)."""
RESPECTIVELY_RE = re.compile(
    rf"{_CLAIM_START}(?:\b(?P<qual>{_QUAL})\s+)?(?P<nums>{NUMBER}(?:\s*(?:,\s*and|,\s*or|,|and|or)\s*{NUMBER})+)[\s-]*"
    rf"(?P<unit>{_UNIT})\b\s+(?:away\s+)?(?:(?P<dir>{_DIRS})(?:ern)?\s+of|from|away\s+from|of)\s+"
    rf"(?P<ref>[^.;:!?()]{{1,80}}?),?\s+respectively\b",
    re.IGNORECASE,
)
DISTANCE_SUBJECT_RE = re.compile(
    rf"\b(?:the\s+)?distance\s+(?:from|between)\s+(?P<a>[^.;:!?]{{1,80}}?)\s+(?:to|and)\s+(?P<b>[^.;:!?]{{1,80}}?)"
    rf",?\s+(?:is|was|stands\s+at|measures|amounts\s+to|comes\s+to|would\s+be|totals|of)\s+"
    rf"(?:(?P<qual>{_QUAL})\s+)?(?P<num>{NUMBER})[\s-]*(?P<unit>{_UNIT})\b",
    re.IGNORECASE,
)
_UNIT_WORD = re.compile(rf"(?:{_UNIT})\b", re.IGNORECASE)
"""A sentence without a unit word holds no distance claim (a cheap scan before the costly patterns)."""
_POPULATION_WORD = re.compile(r"\b(?:people|residents|inhabitants)\b", re.IGNORECASE)
_DIRECTION_WORD = re.compile(r"north|south|east|west|central", re.IGNORECASE)
SETTLEMENTS = frozenset({"city", "town", "village"})
DEMONYMS = {
    "ukrainian": "UA", "ukraine": "UA", "russian": "RU", "russia": "RU", "belarusian": "BY", "belarus": "BY",
    "polish": "PL", "poland": "PL", "syrian": "SY", "syria": "SY", "israeli": "IL", "israel": "IL",
    "lebanese": "LB", "lebanon": "LB", "iranian": "IR", "iran": "IR", "turkish": "TR", "turkey": "TR",
    "georgian": "GE", "georgia": "GE", "moldovan": "MD", "moldova": "MD", "finnish": "FI", "finland": "FI",
    "estonian": "EE", "estonia": "EE", "latvian": "LV", "latvia": "LV", "lithuanian": "LT", "lithuania": "LT",
    "romanian": "RO", "romania": "RO", "hungarian": "HU", "hungary": "HU", "slovak": "SK", "slovakia": "SK",
    "chinese": "CN", "china": "CN", "kazakh": "KZ", "kazakhstan": "KZ", "lebanon's": "LB",
}
_ANAPHOR = re.compile(
    r"\b(?:(?i:the)\s+(?:(?P<region>[A-Z][\w’'\-]+)\s+)?(?:(?i:frontline|front-line|border|besieged|embattled|"
    r"industrial|coastal|northern|southern|eastern|western|military|army|air|refugee|displacement)\s+)?"
    r"(?P<noun>(?i:city|town|village|capital|port|settlement|air\s?base|airbase|airfield|airport|base|camp|plant|"
    r"refinery|depot))|(?P<it>(?i:it)))\b")
# What a place must be to be the one an anaphor means ("the base" is an air base or an airfield, "the town" a
# settlement). A camp, a depot, a plant: the gazetteer rarely holds them, and then the claim has no subject.
_ANAPHOR_KINDS = {
    "city": SETTLEMENTS, "town": SETTLEMENTS, "village": SETTLEMENTS, "settlement": SETTLEMENTS,
    "capital": SETTLEMENTS, "port": frozenset({"port", "city", "town"}),
    "base": frozenset({"air base", "airfield", "airport"}), "air base": frozenset({"air base", "airfield"}),
    "airbase": frozenset({"air base", "airfield"}), "airfield": frozenset({"airfield", "air base", "airport"}),
    "airport": frozenset({"airport", "airfield", "air base"}), "camp": frozenset({"camp"}),
    "plant": frozenset({"power plant"}), "refinery": frozenset({"refinery"}), "depot": frozenset({"depot"}),
}
_NOT_SUBJECT_BEFORE = re.compile(r"\b(?:according\s+to|blamed|accused)\s+$", re.IGNORECASE)
_NAMED_SUBJECT = re.compile(r"(?<![\w’'-])(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
                            r"(?:\s*,\s*|\s+(?:is|lies|sits|was|stands|located|situated)\s+)(?:[\w-]+\s+){0,2}$")
"""A name right before a claim, in apposition or as the subject of "lies" ("Tawila, about 60 km west of")."""
_NOT_A_NAME = frozenset("it its this that these those there here he she they we the a an".split())
_PLACE_KINDS = frozenset({"city", "town", "village", "airport", "air base", "airfield", "port", "point", "place",
                          "power plant", "refinery"})


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable claim. Distances in km (``claimed_km``) with the value and unit as written.

    ``subject_how`` says how the subject was found: "same clause", "apposition",
    "previous sentence", "next sentence", "anaphora (the city)". ``reference`` is a
    name :func:`geomap.references.reference` understands (``border:UA``, ``front``,
    a place) or "" when the text gives none; ``reference_note`` says which reading of
    an ambiguous phrase was taken ("frontier" read as the shared border, front line also measured).
    """

    claim_id: str
    article_id: str
    sentence: str
    start: int
    end: int
    claim_kind: str
    subject: str
    subject_lat: float | None
    subject_lon: float | None
    subject_source: str
    subject_how: str
    reference_kind: str
    reference: str
    reference_text: str
    reference_date: str | None
    claimed_value: float
    claimed_unit: str
    claimed_km: float | None
    second_value: float | None
    second_unit: str
    qualifier: str
    direction: str
    precision: int
    reference_note: str = ""
    quote: str = ""
    article_date: str | None = None
    article_outlet: str = ""
    article_title: str = ""
    article_url: str = ""
    reference_place: str = ""
    """For a place reference, the gazetteer entry the text means (resolved in context, like every mention:
    "Jasper, Alberta" is in Canada); used while ``reference`` still names that place."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CLAIM_COLUMNS = [f for f in Claim.__dataclass_fields__]


def _unit(text: str | None) -> str:
    return _UNIT_WORDS.get(" ".join((text or "").lower().split()), "")


def _reference(ref_text: str, mentions_after: list[Mention], ref_start: int
               ) -> tuple[str, str, str, str, Mention | None]:
    """(reference_kind, reference, note, display, mention) for the phrase after "from"/"of"."""
    text = ref_text.strip()
    at = ref_start + len(ref_text) - len(ref_text.lstrip())  # where ``text`` starts in the article

    def country_at(m: re.Match[str], group: str) -> tuple[str | None, int]:
        """The country a word of ``m`` names, by :data:`DEMONYMS`, else the country the geoparser read there ("the
        border with Kenya", "the border with the Republic of Congo"); and where that name ends in ``text``."""
        word = m.group(group)
        if not word:
            return None, m.end()
        cc = DEMONYMS.get(word.lower().rstrip("’'s"))
        if cc is not None:
            return cc, m.end()
        start = at + m.start(group)
        found = next((x for x in mentions_after if x.start == start
                      and x.candidate is not None and x.candidate.place.kind == "country"), None)
        if found is None or found.candidate is None:
            return None, m.end()
        return found.candidate.place.country, max(m.end(), found.end - at)

    if _FRONT.match(text):
        return "front", "front", "", _FRONT.match(text).group(0), None
    m = _BORDER_WITH.match(text)
    if m:
        cc, end = country_at(m, "c")
        if cc:
            note = ("'frontier' read as the border; the front line is measured too"
                    if m.group("word").lower() == "frontier" else "")
            return "border", f"border:{cc}", note, text[:end], None
    m = _BORDER_ADJ.match(text)
    if m:
        a, b = country_at(m, "a")[0], country_at(m, "b")[0]
        frontier = m.group("word").lower() == "frontier"
        if a and b and a != b:
            note = "a frontier between two countries read as their shared land border"
            if frontier:
                note += "; the front line is measured too"
            pair = "-".join(sorted((a, b)))
            return "border", f"border:{pair}", note, m.group(0), None
        if a and not m.group("b"):
            note = "'frontier' read as the border; the front line is measured too" if frontier else ""
            return "border", f"border:{a}", note, m.group(0), None
    m = _BORDER_ALONE.match(text)
    if m:
        return "border", IMPLIED_BORDER, m.group("word").lower(), m.group(0), None
    for mention in mentions_after:
        if mention.start - ref_start <= 30 and mention.candidate is not None:
            gap = text[: max(0, mention.start - ref_start)]
            if re.fullmatch(r"\s*(?:the\s+)?(?:(?:besieged|frontline|front-line|embattled|capital|southern|northern|"
                            r"eastern|western|central|\w+ern)\s+)*(?:(?:city|town|village|port|capital)\s+of\s+(?:the\s+)?)?",
                            gap, re.IGNORECASE):
                p = mention.candidate.place
                if p.kind == "country" and re.search(r"capital", gap, re.IGNORECASE):
                    return "place", f"{IMPLIED_CAPITAL}:{p.country}", "", text[: mention.end - ref_start], mention
                kind = "country" if p.kind == "country" else "place"
                ref = f"border:{p.country}" if kind == "country" else p.name
                note = "a country named after 'from' read as its border" if kind == "country" else ""
                return ("border" if kind == "country" else "place"), ref, note, mention.text, mention
    m = _CAPITAL.match(text)
    if m:
        scope = (m.group("scope") or "").lower()
        regional = scope.startswith(("state", "region", "province", "provincial", "oblast", "district"))
        return "place", IMPLIED_REGION_CAPITAL if regional else IMPLIED_CAPITAL, "", m.group(0), None
    return "other", "", "", text[:40].strip(), None


def _implied_capital(ref: str, written: str, subject: Mention | None, gazetteer: Any) -> tuple[str, str, str]:
    """(reference, reference_place, note) for "the capital" / "the state capital": the capital of the subject's
    country, or the seat of the subject's first-level region, as GeoNames marks them (PPLC, PPLA)."""
    regional = ref == IMPLIED_REGION_CAPITAL
    named = ref.removeprefix(f"{IMPLIED_CAPITAL}:") if ref.startswith(f"{IMPLIED_CAPITAL}:") else ""
    written = " ".join(written.split())
    if not named and (subject is None or subject.candidate is None):
        return "", "", f"'{written}' of an unknown place: no country or region to take it from"
    place = subject.candidate.place if subject is not None and subject.candidate is not None else None
    country = named or place.country
    if regional:
        cap = gazetteer.capital(country, place.admin1_code) if place.admin1_code else None
        whose = f"the seat of {place.admin1 or country + '.' + place.admin1_code} (the subject's region)"
    else:
        cap = gazetteer.capital(country)
        whose = f"the capital of {country}" + ("" if named else " (the subject's country)")
    if cap is None:
        return "", "", f"'{written}': GeoNames marks no {'regional seat' if regional else 'capital'} for {country}"
    return cap.name, cap.source, f"'{written}' read as {cap.name}, {whose}; GeoNames {'PPLA' if regional else 'PPLC'}"


def _implied_border(word: str, subject: Mention | None, mentions: list[Mention], text: str) -> tuple[str, str]:
    """(reference, note) for "the border" / "the frontier" with no country named: the border between the
    subject's country and the other country the article names most (places in it, the country itself, its
    demonym), else the subject country's own border. Without a subject: no reference."""
    if subject is None or subject.candidate is None:
        return "", f"'the {word}' of an unknown place: no country to take it from"
    own = subject.candidate.place.country
    tally: dict[str, int] = {}
    for m in mentions:
        cc = m.candidate.place.country if m.candidate else ""
        if cc and cc != own:
            tally[cc] = tally.get(cc, 0) + 1
    for w in re.findall(r"[A-Z][a-z]+", text):
        cc = DEMONYMS.get(w.lower(), "")
        if cc and cc != own:
            tally[cc] = tally.get(cc, 0) + 1
    also = "; the front line is measured too" if word == "frontier" else ""
    if tally:
        other = min(tally, key=lambda cc: (-tally[cc], cc))
        pair = "-".join(sorted((own, other)))
        times = "once" if tally[other] == 1 else f"{tally[other]} times"
        return f"border:{pair}", (f"'the {word}' read as the land border {own}-{other}: {other} is the other "
                                  f"country the article names most ({times}){also}")
    p = subject.candidate.place
    nearest = nearest_land_border(own, p.lat, p.lon)
    if nearest:
        pair = "-".join(sorted((own, nearest)))
        return f"border:{pair}", (f"'the {word}' read as the nearest international border, {own}-{nearest} (the "
                                  f"article names no other country; GeoNames lists {own}'s land neighbours){also}")
    return f"border:{own}", (f"'the {word}' read as {own}'s border, coast included (the article names no other "
                             f"country and {own} has no land neighbour){also}")


def nearest_land_border(iso: str, lat: float, lon: float) -> str:
    """The land neighbour of country ``iso`` (GeoNames' list) whose shared Natural Earth border is nearest to
    (lat, lon); "" when it has none. Chooses by planar distance with longitude scaled by cos(lat), a choice
    only: the claim is then measured along the geodesic."""
    import shapely

    from geomap.errors import GeomapError
    from geomap.references import shared_border

    best, best_d = "", math.inf
    scale = max(0.05, math.cos(math.radians(lat)))
    here = shapely.Point(lon * scale, lat)
    for other in land_neighbours(iso):
        try:
            line = shared_border(iso, other)
        except GeomapError:
            continue
        d = shapely.distance(here, shapely.transform(line, lambda xy: xy * (scale, 1.0)))
        if d < best_d:
            best, best_d = other, d
    return best


def _is_place(m: Mention) -> bool:
    return m.candidate is not None and m.candidate.place.kind in _PLACE_KINDS


def _find_subject(text: str, claim_start: int, claim_end: int, sentence_index: int, actx: ArticleContext,
                  index: MentionIndex, excluded: set[tuple[int, int]], reference_span: tuple[int, int] | None,
                  reference_source: str = "") -> tuple[Mention | None, str]:
    """The place a claim is about, and how it was found. Mentions in ``excluded`` are never subjects, and
    neither is the claim's own reference place (``reference_source``), wherever the text names it: a place
    is never measured from itself."""
    sents = actx.sentences
    sent = sents[sentence_index]

    def mentions_in(start: int, end: int) -> list[Mention]:
        return [m for m in index.between(start, end) if (m.start, m.end) not in excluded
                and not (reference_source and m.candidate is not None
                         and m.candidate.place.source == reference_source)]

    in_sentence = [m for m in mentions_in(sent.start, sent.end) if _is_place(m)
                   and not (reference_span and reference_span[0] <= m.start < reference_span[1])
                   and not _NOT_SUBJECT_BEFORE.search(text[max(0, m.start - 20):m.start])]
    before = [m for m in in_sentence if m.end <= claim_start]
    if before:
        subject = before[-1]
        gap = text[subject.end:claim_start]
        anaphor = _ANAPHOR.search(gap)
        if anaphor is None:
            how = "same clause" if not re.search(r"[,—–(]", gap) else "apposition"
            return subject, how
    # an anaphor ("the city", "the Tatarstan capital", "it") before the claim: look back
    head = text[sent.start:claim_start]
    found = list(_ANAPHOR.finditer(head))
    anaphor = found[-1] if found else None
    if anaphor is not None:
        region = anaphor.group("region")
        noun = " ".join((anaphor.group("noun") or "").lower().split())
        kinds = _ANAPHOR_KINDS.get(noun)
        earlier = [m for m in mentions_in(sents[max(0, sentence_index - 3)].start, sent.start + anaphor.start())
                   if m.end <= sent.start + anaphor.start() and _is_place(m)
                   and (kinds is None or m.candidate.place.kind in kinds)
                   and not _NOT_SUBJECT_BEFORE.search(text[max(0, m.start - 20):m.start])]
        if region:
            in_region = [m for m in earlier if m.candidate.place.admin1.lower().startswith(region.lower()[:5])]
            earlier = in_region or earlier
        if earlier:
            return earlier[-1], f"anaphora ({anaphor.group(0)})"
        if kinds is not None:  # "the camp": no camp named before; never measured from some other place
            return None, f"anaphora ({anaphor.group(0)}): no {noun} named before it"
    named = _NAMED_SUBJECT.search(text, sent.start, claim_start)
    if named and named.group("name").split()[0].lower() not in _NOT_A_NAME \
            and not index.between(named.start(), named.end()):
        # "Tawila, about 60 km west of El Fasher": the subject is named, but no gazetteer entry has that name (or
        # the text gives too little to read it as one); never measure some other place of the article instead
        name = named.group("name")
        if actx.gazetteer.known(name):
            return None, f"'{name}' is named, but the text gives too little to read it as a place"
        return None, f"'{name}' is named, but the gazetteer has no such place"
    after = [m for m in in_sentence if m.start >= claim_end]
    if after and not reference_span:
        return after[0], "same sentence, after the claim"
    if sentence_index > 0:
        prev = sents[sentence_index - 1]
        preceding = [m for m in mentions_in(prev.start, prev.end) if _is_place(m)
                     and not _NOT_SUBJECT_BEFORE.search(text[max(0, m.start - 20):m.start])]
        if preceding:
            return preceding[-1], "previous sentence"
    if sentence_index + 1 < len(sents):
        nxt = sents[sentence_index + 1]
        following = [m for m in mentions_in(nxt.start, nxt.end) if _is_place(m)]
        if following and _tells_on(text[sent.start:sent.end], text[nxt.start:nxt.end]):
            return following[0], "next sentence"
    return None, "not found"


def _tells_on(sentence: str, following: str) -> bool:
    """Whether ``following`` goes on with an event ``sentence`` tells of (a category of
    :func:`geomap.incidents.categories_in` both hold): "drones struck deep into Russia, over 600 miles from the
    front. Eight drones hit Kazan" places the first in Kazan; "a tanker was hit 40 km from the coast. In the
    Middle East, talks resumed in Doha" does not place it in Doha."""
    from geomap.incidents import categories_in  # incidents imports this module

    return not set(categories_in(sentence)).isdisjoint(categories_in(following))


def _subject_fields(subject: Mention | None) -> dict[str, Any]:
    if subject is None or subject.candidate is None:
        return {"subject": "", "subject_lat": None, "subject_lon": None, "subject_source": ""}
    p = subject.candidate.place
    return {"subject": p.name, "subject_lat": p.lat, "subject_lon": p.lon, "subject_source": p.source}


def _event_subject(text: str, sent_start: int, claim_start: int, index: MentionIndex,
                   excluded: set[tuple[int, int]]) -> re.Match[str] | None:
    """The event noun a claim is about ("The epicentre was 16 km northwest of Sagaing"): the last one before the
    claim in its sentence, with no place named between them (that place would be the subject) and none right
    before it ("Kazan's refinery blast" happened at Kazan)."""
    found = list(EVENT_RE.finditer(text, sent_start, claim_start))
    if not found:
        return None
    ev = found[-1]
    for m in index.between(max(sent_start, ev.start() - 30), claim_start):
        if not _is_place(m) or (m.start, m.end) in excluded:
            continue
        if m.start >= ev.end():
            return None
        if m.end <= ev.start() and re.fullmatch(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}", text[m.end:ev.start()]):
            return None
    return ev


def _earlier_event(text: str, sent_start: int, claim_start: int, k: int, actx: ArticleContext,
                   claims: list[Claim]) -> Claim | None:
    """The event an "it" before the claim stands for: the last event claim of this or the previous two
    sentences, when no place is named between "it" and the claim ("It was 17 km from Mandalay")."""
    if not claims or not claims[-1].subject_source.startswith("event:"):
        return None
    last = claims[-1]
    if actx.sentence_index(last.start) < k - 2:
        return None
    it = re.search(r"\b(?i:it|its)\b(?!.*\b(?i:it|its)\b)", text[sent_start:claim_start])
    if it is None or re.search(r"[A-Z]\w+", text[sent_start + it.end():claim_start]):
        return None
    return last


def _new_claim(article: Article, claims: list[Claim], actx: ArticleContext, k: int, start: int, end: int,
               subject: Mention | None, how: str, **fields: Any) -> Claim:
    claim = Claim(claim_id=f"{article.id}:c{len(claims) + 1}", article_id=article.id, **_article_fields(article),
                  sentence=actx.excerpt(k, start, end), start=start, end=end, claim_kind="distance",
                  **_subject_fields(subject), subject_how=how, reference_date=article.date,
                  quote=article.text[start:end], **fields)
    claims.append(claim)
    return claim


def _reference_at(phrase: str, start: int, index: MentionIndex, references: set[tuple[int, int]]
                  ) -> tuple[str, str, str, str, Mention | None, str]:
    """:func:`_reference` of the phrase at ``start``, plus the reference place's source ("" for none); a
    reference mention joins ``references`` (never a subject)."""
    kind, ref, note, display, mention = _reference(phrase, index.between(start, start + 200), start)
    if mention is not None:
        references.add((mention.start, mention.end))
    own = mention.candidate.place.source if mention is not None and mention.candidate else ""
    return kind, ref, note, display, mention, own


def _resolve_implied(ref: str, ref_place: str, note: str, display: str, subject: Mention | None,
                     mentions: list[Mention], text: str, gazetteer: Any) -> tuple[str, str, str]:
    """(reference, reference_place, note) once the subject is known: "the border", "the capital" are read from
    it; any other reference comes back as it is."""
    if ref == IMPLIED_BORDER:
        ref, note = _implied_border(note, subject, mentions, text)
        return ref, "", note
    if ref.startswith("capital:"):
        return _implied_capital(ref, display, subject, gazetteer)
    return ref, ref_place, note


def extract_claims(article: Article, actx: ArticleContext, mentions: list[Mention]) -> list[Claim]:
    """Every distance, population and direction claim of one article."""
    text = article.text
    claims: list[Claim] = []
    references: set[tuple[int, int]] = set()  # mentions that are a claim's reference are never a subject
    index = MentionIndex(mentions)
    gazetteer = actx.gazetteer
    for k, sent in enumerate(actx.sentences):
        handled: list[tuple[int, int]] = []  # spans read as "respectively" lists or "the distance from X to Y"
        units = _UNIT_WORD.search(text, sent.start, sent.end) is not None
        for m in RESPECTIVELY_RE.finditer(text, sent.start, sent.end) if units else ():
            _respectively(article, actx, k, m, index, references, mentions, claims)
            handled.append((m.start(), m.end()))
        for m in DISTANCE_SUBJECT_RE.finditer(text, sent.start, sent.end) if units else ():
            if any(a <= m.start() < b for a, b in handled):
                continue
            _distance_subject(article, actx, k, m, index, references, mentions, claims)
            handled.append((m.start(), m.end()))
        for m in DISTANCE_RE.finditer(text, sent.start, sent.end) if units else ():
            if any(a <= m.start() < b for a, b in handled):
                continue
            value = parse_number(m.group("num"))
            unit = _unit(m.group("unit"))
            if value is None or not unit or not math.isfinite(value * KM_PER_UNIT[unit]):
                continue
            if re.match(r"\s*(?:range|radius|long|wide|deep|high|per\s+hour|an\s+hour|/h)", text[m.end():m.end() + 12],
                        re.IGNORECASE) and not m.group("ref"):
                continue
            ref_kind, ref, note, ref_display, ref_mention, own = "other", "", "", "", None, ""
            ref_span = None
            end = m.end("unit")
            if m.group("ref"):
                ref_start = m.start("ref")
                ref_kind, ref, note, ref_display, ref_mention, own = _reference_at(m.group("ref"), ref_start, index,
                                                                                   references)
                if ref_mention is not None:
                    ref_span = (ref_mention.start, ref_mention.end)
                    end = ref_mention.end
                elif ref_kind != "other":
                    end = ref_start + len(ref_display)
            if m.group("unit2"):
                end = max(end, m.end("unit2") + 1)
            event = _event_subject(text, sent.start, m.start(), index, references)
            earlier = _earlier_event(text, sent.start, m.start(), k, actx, claims) if event is None else None
            if event is not None:
                subject, how = None, f"event ({' '.join(event.group(0).split())})"
            elif earlier is not None:
                subject, how = None, f"anaphora (it): {earlier.subject}, as in {earlier.claim_id}"
            else:
                subject, how = _find_subject(text, m.start(), end, k, actx, index, references, ref_span, own)
            ref, ref_place, note = _resolve_implied(ref, own if ref_kind == "place" else "", note, ref_display,
                                                    subject, mentions, text, gazetteer)
            second = parse_number(m.group("num2")) if m.group("num2") else None
            claim = _new_claim(
                article, claims, actx, k, m.start(), end, subject, how,
                reference_kind=ref_kind, reference=ref, reference_text=ref_display,
                claimed_value=value, claimed_unit=unit,
                claimed_km=round(value * KM_PER_UNIT[unit], 3), second_value=second,
                second_unit=_unit(m.group("unit2")) if second is not None else "",
                qualifier=(m.group("qual") or "").lower(), direction=(m.group("dir") or "").lower().replace("-", ""),
                precision=decimals(m.group("num")), reference_note=note, reference_place=ref_place,
            )
            if event is not None:
                claims[-1] = _as_event(claim, event, article.id)
            elif earlier is not None:
                claims[-1] = replace(claim, subject=earlier.subject, subject_source=earlier.subject_source)
        people = _POPULATION_WORD.search(text, sent.start, sent.end) is not None
        for m in POPULATION_RE.finditer(text, sent.start, sent.end) if people else ():
            value = parse_number(m.group("num"))
            if value is None:
                continue
            subject, how = _find_subject(text, m.start(), m.end(), k, actx, index, references, None)
            claims.append(Claim(
                claim_id=f"{article.id}:c{len(claims) + 1}", article_id=article.id,
                **_article_fields(article),
                sentence=actx.excerpt(k, m.start(), m.end()), start=m.start(), end=m.end(), claim_kind="population",
                **_subject_fields(subject), subject_how=how,
                reference_kind="other", reference="population", reference_text="gazetteer population",
                reference_date=article.date, claimed_value=value, claimed_unit="people", claimed_km=None,
                second_value=None, second_unit="", qualifier=(m.group("qual") or "").lower(), direction="",
                precision=_population_precision(m.group("num")), quote=text[m.start():m.end()],
            ))
        for mention in index.between(sent.start, sent.end):
            if mention.candidate is None:
                continue
            window = text[max(sent.start, mention.start - 60):mention.start]
            m = DIRECTION_RE.search(window) if _DIRECTION_WORD.search(window) else None
            if not m:
                continue
            place = mention.candidate.place
            # "the southern city of Kherson", "the northeastern Kharkiv region"; not "central Kyiv" (its centre)
            if place.kind == "country" or (not m.group("feature") and place.kind != "region"):
                continue
            # "in southern Idlib province": without a determiner the compass word may name the region's own part
            part = not m.group("feature") and not _THE_BEFORE.search(window, 0, m.start())
            demonym = (m.group("demonym") or "").lower()
            country = DEMONYMS.get(demonym, place.country)
            start = mention.start - (len(text[max(sent.start, mention.start - 60):mention.start]) - m.start())
            claims.append(Claim(
                claim_id=f"{article.id}:c{len(claims) + 1}", article_id=article.id,
                **_article_fields(article),
                sentence=actx.excerpt(k, start, mention.end), start=start, end=mention.end, claim_kind="direction",
                subject=place.name, subject_lat=place.lat,
                subject_lon=place.lon, subject_source=place.source, subject_how="same clause",
                reference_kind="country", reference=f"country:{country}",
                reference_text=f"{m.group('dir')} part of {country}", reference_date=article.date,
                claimed_value=0.0, claimed_unit="", claimed_km=None, second_value=None, second_unit="",
                qualifier="", direction=m.group("dir").lower().replace("-", ""), precision=0,
                quote=text[start:mention.end], reference_note=PART_OF_REGION_NOTE if part else "",
            ))
    return _place_events(claims, text, actx)


def _as_event(claim: Claim, event: re.Match[str], article_id: str) -> Claim:
    """The claim with an event as its subject: no gazetteer point; ``subject_source`` ``event:<article>:<kind>``
    groups the claims about one event (placed by :mod:`geomap.verify` from them, or from coordinates)."""
    written = " ".join(event.group(0).split())
    written = written[0].lower() + written[1:] if written[:4] in ("The ", "An ", "Its ") or written[:2] == "A " \
        else written
    return replace(claim, subject=written, subject_lat=None, subject_lon=None,
                   subject_source=f"event:{article_id}:{event_family(event.group('event'))}")


def _place_events(claims: list[Claim], text: str, actx: ArticleContext) -> list[Claim]:
    """Event claims take the coordinates the article writes for that event: the first pair in a sentence that
    names the same kind of event, else the article's only pair when it tells of one kind of event."""
    groups = {c.subject_source for c in claims if c.subject_source.startswith("event:")}
    if not groups or not re.search(r"\d\s*(?:°|º|˚|degrees?|deg\b)|\blat", text, re.IGNORECASE):
        return claims
    coords = find_coordinates(text)
    if not coords:
        return claims
    where: dict[str, TextCoordinate] = {}
    for c in coords:
        k = actx.sentence_index(c.start)
        if k < 0:
            continue
        sent = actx.sentences[k]
        for ev in EVENT_RE.finditer(text, sent.start, sent.end):
            where.setdefault(f"event:{claims[0].article_id}:{event_family(ev.group('event'))}", c)
    if len(coords) == 1 and len(groups) == 1:
        where.setdefault(next(iter(groups)), coords[0])
    out = []
    for c in claims:
        coord = where.get(c.subject_source)
        if coord is not None:
            c = replace(c, subject_lat=coord.lat, subject_lon=coord.lon, subject_source=coord.source,
                        subject_how=f"{c.subject_how}: coordinates given in the text")
        out.append(c)
    return out


def _respectively(article: Article, actx: ArticleContext, k: int, m: re.Match[str], index: MentionIndex,
                  references: set[tuple[int, int]], mentions: list[Mention], claims: list[Claim]) -> None:
    """Claims of "the bases at A and B, 500 and 750 km from the border respectively": the n figures go to the
    last n places named before them, in order."""
    text = article.text
    values = [parse_number(x.group(0)) for x in NUMBER_RE.finditer(m.group("nums"))]
    unit = _unit(m.group("unit"))
    if not unit or any(v is None or not math.isfinite(v * KM_PER_UNIT[unit]) for v in values):
        return
    ref_kind, ref, note, display, _, own = _reference_at(m.group("ref"), m.start("ref"), index, references)
    sent = actx.sentences[k]
    places = [x for x in index.between(sent.start, m.start()) if _is_place(x) and (x.start, x.end) not in references
              and x.candidate.place.source != own]
    subjects: list[Mention | None] = list(places[-len(values):]) if len(places) >= len(values) else []
    for i, value in enumerate(values):
        subject = subjects[i] if subjects else None
        how = (f"respectively ({i + 1} of {len(values)})" if subjects else
               f"respectively: {len(values)} figures but {len(places)} places named before them")
        ref_i, ref_place, note_i = _resolve_implied(ref, own if ref_kind == "place" else "", note, display, subject,
                                                    mentions, text, actx.gazetteer)
        _new_claim(article, claims, actx, k, m.start(), m.end(), subject, how,
                   reference_kind=ref_kind, reference=ref_i, reference_text=display, claimed_value=value,
                   claimed_unit=unit, claimed_km=round(value * KM_PER_UNIT[unit], 3), second_value=None,
                   second_unit="", qualifier=(m.group("qual") or "").lower(),
                   direction=(m.group("dir") or "").lower().replace("-", ""), precision=0,
                   reference_note=note_i, reference_place=ref_place)


def _distance_subject(article: Article, actx: ArticleContext, k: int, m: re.Match[str], index: MentionIndex,
                      references: set[tuple[int, int]], mentions: list[Mention], claims: list[Claim]) -> None:
    """The claim of "the distance from Ryazan to the border is about 700 km": subject after "from", reference
    after "to"."""
    text = article.text
    value = parse_number(m.group("num"))
    unit = _unit(m.group("unit"))
    if value is None or not unit or not math.isfinite(value * KM_PER_UNIT[unit]):
        return
    a_start, a_end = m.span("a")
    named = [x for x in index.between(a_start, a_end) if x.candidate is not None and x.end <= a_end]
    subject = next((x for x in named if _is_place(x)), None)
    ref_kind, ref, note, display, _, own = _reference_at(m.group("b"), m.start("b"), index, references)
    ref, ref_place, note = _resolve_implied(ref, own if ref_kind == "place" else "", note, display, subject,
                                            mentions, text, actx.gazetteer)
    how = "the distance from ... to ..." + ("" if subject is not None else ": no place after 'from'")
    _new_claim(article, claims, actx, k, m.start(), m.end(), subject, how,
               reference_kind=ref_kind, reference=ref, reference_text=display, claimed_value=value,
               claimed_unit=unit, claimed_km=round(value * KM_PER_UNIT[unit], 3), second_value=None, second_unit="",
               qualifier=(m.group("qual") or "").lower(), direction="", precision=decimals(m.group("num")),
               reference_note=note, reference_place=ref_place)


def _article_fields(article: Article) -> dict[str, Any]:
    return {"article_date": article.date, "article_outlet": article.outlet, "article_title": article.title,
            "article_url": article.url}


def _population_precision(num: str) -> int:
    """Rounding of a population figure: "1.3 million" -> to 100,000 (returns -5)."""
    t = num.lower()
    for word, exp in (("million", 6), ("thousand", 3), ("billion", 9)):
        if word in t:
            digits = t.split()[0]
            dec = len(digits.split(".")[1]) if "." in digits else 0
            return -(exp - dec)
    return decimals(num)
