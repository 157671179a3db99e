"""Claim extraction: distance, population and direction claims an article makes, ready to check.

Owns reading a claim's parts out of a sentence (value, unit, qualifier, the pair
in parentheses, direction word, reference phrase) and finding its subject even
when it is not in the clause, saying how it was found. Checking claims is
:mod:`geomap.verify`'s job.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from geomap.geoparse import ArticleContext, MentionIndex
from geomap.models import Article, Mention
from geomap.numbers import NUMBER, decimals, parse_number

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
DISTANCE_RE = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?P<num>{NUMBER})[\s-]*(?P<unit>{_UNIT})\b"
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
_FRONT = re.compile(r"^(?:the\s+)?(?:front[\s-]?lines?|front|frontline|line\s+of\s+contact|contact\s+line)\b",
                    re.IGNORECASE)
_BORDER_WITH = re.compile(
    r"^(?:the\s+|its\s+)?(?:(?:state|international|shared)\s+)?(?P<word>border|frontier)s?\s+with\s+(?P<c>[A-Z][\w’'\-]+)")
_BORDER_ALONE = re.compile(r"^(?:the\s+|its\s+)?(?:(?:state|international|national|nearest)\s+)?"
                           r"(?P<word>border|frontier)s?\b(?!\s+(?:with|of|between)\b)", re.IGNORECASE)
IMPLIED_BORDER = "border:implied"
"""A claim's reference before its subject is known: "the border" alone (resolved by :func:`_implied_border`)."""
_BORDER_ADJ = re.compile(
    r"^(?:the\s+)?(?P<a>[A-Z][\w’'\-]+?)(?:[\s-]+(?P<b>[A-Z][\w’'\-]+?))?(?:’s|'s)?\s+(?P<word>border|frontier)s?\b")
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
    if _FRONT.match(text):
        return "front", "front", "", _FRONT.match(text).group(0), None
    m = _BORDER_WITH.match(text)
    if m:
        cc = DEMONYMS.get(m.group("c").lower().rstrip("’'s"))
        if cc:
            note = ("'frontier' read as the border; the front line is measured too"
                    if m.group("word").lower() == "frontier" else "")
            return "border", f"border:{cc}", note, m.group(0), None
    m = _BORDER_ADJ.match(text)
    if m:
        a = DEMONYMS.get(m.group("a").lower().rstrip("’'s"))
        b = DEMONYMS.get((m.group("b") or "").lower().rstrip("’'s"))
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
                            r"eastern|western|central|\w+ern)\s+)*(?:(?:city|town|village|port|capital)\s+of\s+)?",
                            gap, re.IGNORECASE):
                p = mention.candidate.place
                kind = "country" if p.kind == "country" else "place"
                ref = f"border:{p.country}" if kind == "country" else p.name
                note = "a country named after 'from' read as its border" if kind == "country" else ""
                return ("border" if kind == "country" else "place"), ref, note, mention.text, mention
    return "other", "", "", text[:40].strip(), None


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
    return f"border:{own}", f"'the {word}' read as {own}'s border (the article names no other country){also}"


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
        if following:
            return following[0], "next sentence"
    return None, "not found"


def _subject_fields(subject: Mention | None) -> dict[str, Any]:
    if subject is None or subject.candidate is None:
        return {"subject": "", "subject_lat": None, "subject_lon": None, "subject_source": ""}
    p = subject.candidate.place
    return {"subject": p.name, "subject_lat": p.lat, "subject_lon": p.lon, "subject_source": p.source}


def extract_claims(article: Article, actx: ArticleContext, mentions: list[Mention]) -> list[Claim]:
    """Every distance, population and direction claim of one article."""
    text = article.text
    claims: list[Claim] = []
    references: set[tuple[int, int]] = set()  # mentions that are a claim's reference are never a subject
    index = MentionIndex(mentions)
    for k, sent in enumerate(actx.sentences):
        for m in DISTANCE_RE.finditer(text, sent.start, sent.end):
            value = parse_number(m.group("num"))
            unit = _unit(m.group("unit"))
            if value is None or not unit or not math.isfinite(value * KM_PER_UNIT[unit]):
                continue
            if re.match(r"\s*(?:range|radius|long|wide|deep|high|per\s+hour|an\s+hour|/h)", text[m.end():m.end() + 12],
                        re.IGNORECASE) and not m.group("ref"):
                continue
            ref_kind, ref, note, ref_display, ref_mention = "other", "", "", "", None
            ref_span = None
            end = m.end("unit")
            if m.group("ref"):
                ref_start = m.start("ref")
                later = index.between(ref_start, ref_start + 200)
                ref_kind, ref, note, ref_display, ref_mention = _reference(m.group("ref"), later, ref_start)
                if ref_mention is not None:
                    ref_span = (ref_mention.start, ref_mention.end)
                    end = ref_mention.end
                elif ref_kind != "other":
                    end = ref_start + len(ref_display)
            if m.group("unit2"):
                end = max(end, m.end("unit2") + 1)
            if ref_span:
                references.add(ref_span)
            own = ref_mention.candidate.place.source if ref_mention is not None and ref_mention.candidate else ""
            subject, how = _find_subject(text, m.start(), end, k, actx, index, references, ref_span, own)
            if ref == IMPLIED_BORDER:
                ref, note = _implied_border(note, subject, mentions, text)
            ref_place = own if ref_kind == "place" else ""
            second = parse_number(m.group("num2")) if m.group("num2") else None
            claims.append(Claim(
                claim_id=f"{article.id}:c{len(claims) + 1}", article_id=article.id,
                **_article_fields(article),
                sentence=actx.excerpt(k, m.start(), end), start=m.start(), end=end, claim_kind="distance",
                **_subject_fields(subject), subject_how=how,
                reference_kind=ref_kind, reference=ref, reference_text=ref_display,
                reference_date=article.date, claimed_value=value, claimed_unit=unit,
                claimed_km=round(value * KM_PER_UNIT[unit], 3), second_value=second,
                second_unit=_unit(m.group("unit2")) if second is not None else "",
                qualifier=(m.group("qual") or "").lower(), direction=(m.group("dir") or "").lower().replace("-", ""),
                precision=decimals(m.group("num")), reference_note=note, quote=text[m.start():end],
                reference_place=ref_place,
            ))
        for m in POPULATION_RE.finditer(text, sent.start, sent.end):
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
            m = DIRECTION_RE.search(text[max(sent.start, mention.start - 60):mention.start])
            if not m:
                continue
            place = mention.candidate.place
            # "the southern city of Kherson", "the northeastern Kharkiv region"; not "central Kyiv" (its centre)
            if place.kind == "country" or (not m.group("feature") and place.kind != "region"):
                continue
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
                quote=text[start:mention.end],
            ))
    return claims


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
