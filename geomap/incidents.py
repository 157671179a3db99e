"""Incidents: what happened where and when, to whom, how many, by which sources; merged across articles.

Owns the incident taxonomy (aligned with ACLED's sub-event types), reading one
incident per event sentence and place, dating it from the article date and
relative words ("on Saturday", "a day earlier", "yesterday"), counting drones,
interceptions, deaths and injuries (digits or words), and merging the same
incident told by several articles (same place, dates within a day, compatible
types), keeping every source and every differing figure.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from geomap.claims import DEMONYMS, Claim
from geomap.geodesy import geodesic
from geomap.geoparse import ArticleContext, MentionIndex
from geomap.models import AREA_KINDS, Article, Mention
from geomap.numbers import NUMBER, parse_number

# category -> (ACLED event_type, ACLED sub_event_type)
TAXONOMY: dict[str, tuple[str, str]] = {
    "drone strike": ("Explosions/Remote violence", "Air/drone strike"),
    "missile strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "air strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosion": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "interception": ("Strategic developments", "Disrupted weapons use"),
    "territory captured": ("Battles", "Armed clash"),
    "ground assault": ("Battles", "Armed clash"),
    "civilian harm": ("Violence against civilians", "Attack"),
    "infrastructure disruption": ("Strategic developments", "Other"),
    # hazards: no ACLED type covers them, so the event type says what they are
    "earthquake": ("Natural disaster", "Earthquake"),
    "flood": ("Natural disaster", "Flood"),
    "storm": ("Natural disaster", "Storm"),
    "wildfire": ("Natural disaster", "Wildfire"),
    "landslide": ("Natural disaster", "Landslide"),
    "volcanic eruption": ("Natural disaster", "Volcanic eruption"),
}
HAZARDS = ("earthquake", "flood", "storm", "wildfire", "landslide", "volcanic eruption")
MERGE_KM = 10.0
"""Reports of incidents at different gazetteer entries merge when their places are this close (km)."""
_CELL_DEG = 0.2
WITHIN_ARTICLE_REACH = 64
"""Within one article, an incident is folded into a region- or country-level one among the latest this many
incidents in the same country (an article tells a handful; the bound keeps a huge text linear)."""

# Types that say only that something hit; they merge into a specific type at the same place and day.
GENERIC = frozenset({"strike", "explosion", "interception", "civilian harm"})
_PRIORITY = ("drone strike", "missile strike", "air strike", "shelling", "territory captured", "ground assault",
             "infrastructure disruption", *HAZARDS, "strike", "explosion", "interception", "civilian harm")

CATEGORY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((c, re.compile(p, re.IGNORECASE)) for c, p in (
    ("infrastructure disruption", r"\b(?:flights?|airports?|air\s+traffic|trains?|power|electricity|water\s+supply|"
                                  r"departures|arrivals)\b[^.;]{0,160}?\b(?:halted|suspended|closed|stopped|"
                                  r"cancel+ed|restricted|cut|outages?|disrupted)\b|\b(?:halted|suspended|closed|"
                                  r"stopped)\b[^.;]{0,40}?\b(?:flights|departures|arrivals|airports?)\b"),
    ("territory captured", r"\b(?:liberat(?:ed|ing)|captur(?:ed|ing)|seiz(?:ed|ing)|occupying|took\s+control|"
                           r"taken\s+control|(?:(?:have|has|had)\s+taken|took)(?!\s+(?:shelter|part|place|"
                           r"responsibility|measures|steps|action|care|note|cover|refuge|office|power|(?:the\s+)?blame|"
                           r"credit|aim|advantage|questions|issue|pride|time|a\s+(?:break|look|stand|seat|step))\b))\b"),
    ("drone strike", r"\bdrones?\b[^.;]{0,80}?\b(?:attack\w*|struck|strik\w*|hit\w*|slammed|blasted|crashed|"
                     r"targeted|assault)\b|\b(?:drone|UAV)\s+(?:attack|strike|assault)s?\b|"
                     r"\b(?:launched|sent|fired)\s+(?:\S+\s+){0,3}drones\b"),
    ("missile strike", r"\b(?:ballistic|cruise|hypersonic)?\s*missiles?\b[^.;]{0,60}?\b(?:attack\w*|struck|strik\w*|"
                       r"hit\w*|targeted|fired|launched|damag\w*)\b|\b(?:targeted|struck|hit|launched)\b[^.;]{0,60}?"
                       r"\bmissiles?\b|\bmissile\s+(?:attack|strike)s?\b"),
    ("air strike", r"\b(?:air\s*strikes?|airstrikes?|bombard\w*|bombed|glide\s+bombs?|warplanes?)\b"),
    ("shelling", r"\b(?:shell(?:ing|ed)|artillery|rocket\s+fire|MLRS|mortar)\b"),
    ("interception", r"\b(?:shot\s+down|intercept(?:ed|ions?)|downed|jammed)\b"),
    ("explosion", r"\b(?:explosions?|blasts?|fireballs?)\b"),
    ("earthquake", r"\b(?:earthquakes?|quakes?|tremors?|temblors?|aftershocks?|seismic)\b"),
    ("flood", r"\b(?:floods?|flooding|flooded|flash\s+floods?)\b"),
    ("storm", r"\b(?:hurricanes?|typhoons?|cyclones?|tornado(?:e?s)?|tropical\s+storms?|storm\s+surges?|"
              r"blizzards?)\b"),
    ("wildfire", r"\b(?:wildfires?|bush\s*fires?|forest\s+fires?|brush\s+fires?)\b"),
    ("landslide", r"\b(?:landslides?|mudslides?|land\s+slides?)\b"),
    ("volcanic eruption", r"\b(?:volcan\w*\s+erupt\w*|erupt(?:ed|ion|ions)\b[^.;]{0,60}?\bvolcan\w*)"),
    ("strike", r"\b(?:strikes?|struck|hit|attack(?:ed|s)?|targeted|assault)\b"),
    ("civilian harm", r"\b(?:killed|killing|dead|died|injured|wounded|hurt|casualties)\b"),
))


CATEGORY_STEMS: dict[str, tuple[str, ...]] = {
    "infrastructure disruption": ("flight", "air", "train", "power", "electric", "water", "departure", "arrival"),
    "territory captured": ("liberat", "captur", "seiz", "occupying", "took", "taken"),
    "drone strike": ("drone", "uav"),
    "missile strike": ("missile",),
    "air strike": ("air", "bombard", "bombed", "glide", "warplane"),
    "shelling": ("shell", "artillery", "rocket", "mlrs", "mortar"),
    "interception": ("shot", "intercept", "downed", "jammed"),
    "explosion": ("explosion", "blast", "fireball"),
    "earthquake": ("quake", "tremor", "temblor", "aftershock", "seismic"),
    "flood": ("flood",),
    "storm": ("hurricane", "typhoon", "cyclone", "tornado", "storm", "blizzard"),
    "wildfire": ("fire",),
    "landslide": ("slide",),
    "volcanic eruption": ("volcan",),
    "strike": ("strike", "struck", "hit", "attack", "targeted", "assault"),
    "civilian harm": ("kill", "dead", "died", "injured", "wounded", "hurt", "casualties"),
}
"""Per category, words one of which every match of its pattern (:data:`CATEGORY_PATTERNS`) contains, in lower
case: a clause holding none of them is not searched (a substring test costs a fraction of a regex search)."""
_ALL_STEMS = tuple(sorted({stem for stems in CATEGORY_STEMS.values() for stem in stems}))
_IGNORECASE_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The non-ASCII letters that ``re.IGNORECASE`` matches to ASCII letters (İ, ı, ſ and the Kelvin sign), written as
those letters so that a lower-cased text holds a stem exactly when a case-blind pattern could match it."""


def folded(text: str) -> str:
    """``text`` in lower case as ``re.IGNORECASE`` sees ASCII letters (see :data:`_IGNORECASE_TO_ASCII`)."""
    return text.translate(_IGNORECASE_TO_ASCII).lower()


def categories_in(text: str) -> list[str]:
    """The event categories whose patterns match ``text``, in :data:`CATEGORY_PATTERNS` order."""
    has = folded(text).__contains__
    if not any(map(has, _ALL_STEMS)):
        return []
    return [c for c, pat in CATEGORY_PATTERNS if any(map(has, CATEGORY_STEMS[c])) and pat.search(text)]


_HABITUAL_OR_FUTURE = re.compile(
    r"\b(?:regularly|often|usually|repeatedly|routinely|in\s+the\s+past|has\s+threatened|threatened\s+to|"
    r"vow(?:s|ed)?\s+to|promis(?:es|ed)\s+to|would|could|might|plans?\s+to|will|has\s+come\s+under\s+attack\s+before|"
    r"preparing\s+for|so\s+far\s+from|this\s+year|in\s+recent\s+(?:weeks|months)|in\s+general|"
    r"do(?:es)?\s*n[o’']?t\s+(?:support|endorse)|throughout\s+the|ramped\s+up|"
    r"compar(?:ed|ing|es)\s+(?:\w+\s+){0,3}(?:with|to))\b", re.IGNORECASE)
# what follows these words is the cause or context of the event, not the event
_CAUSE_CLAUSE = re.compile(r"\b(?:in\s+response\s+to|in\s+retaliation\s+for|(?:as\s+)?a\s+reaction\s+to|"
                           r"retaliation\s+for|in\s+revenge\s+for)\b", re.IGNORECASE)
_LOCATIVE = re.compile(
    r"(?:\b(?:in|into|on|at|near|over|outside|around|of|across|through|toward|towards|against|hit|hitting|"
    r"struck|striking|"
    r"targeted|targeting|attacked|attacking|bombarded|shelled|liberated|captured|took|seized|occupying|occupied)"
    r"\s+)(?:(?:the|a|an)\s+)?(?:[\w’'\-]+\s+){0,3}$", re.IGNORECASE)
_LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:(?:the|a|an)\s+)?(?:[\w’'\-]+\s+){0,2}?$",
                        re.IGNORECASE)
_NOT_PLACE_AFTER = re.compile(r"^-(?:made|based|backed|supplied|built|style|led|controlled|owned|born)\b|^-\s|"
                              r"^(?:’s|'s)?\s+(?:said|says|blamed|accused|claimed|army|troops|forces|military|"
                              r"government|officials?|authorities|defen[cs]e|ministry|regime)\b", re.IGNORECASE)
_SOURCE_BEFORE = re.compile(r"\b(?:according\s+to|blamed|accused)\s+$", re.IGNORECASE)
_ANAPHOR_PLACE = re.compile(r"\b(?:in|on|at|into|over)\s+the\s+(?:city|town|village|capital|port)\b", re.IGNORECASE)
_NEAR_BEFORE = re.compile(r"\b(?:near|outside|around|close\s+to|on\s+the\s+outskirts\s+of)\s+(?:the\s+)?$",
                          re.IGNORECASE)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
_DAY_BEFORE_RE = re.compile(r"\b(?:yesterday|a\s+day\s+earlier|the\s+day\s+before|the\s+previous\s+day)\b",
                            re.IGNORECASE)
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
             "tenth": 10}
N = rf"(?P<n>{NUMBER})"
_DRONES = re.compile(rf"\b(?:(?:all|at\s+least|some|about|over|more\s+than)\s+)?{N}\s+(?:of\s+the\s+)?"
                     r"(?:[A-Z][\w-]*\s+)?(?:attack\s+|kamikaze\s+|combat\s+)?drones\b", re.IGNORECASE)
_DRONES_MORE = re.compile(r"\band\s+a\s+(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.IGNORECASE)
_INTERCEPTED = (
    re.compile(rf"{N}\s+of\s+(?:which|them)\s+were\s+(?:shot\s+down|intercepted|destroyed|downed)", re.IGNORECASE),
    re.compile(rf"\b(?:shot\s+down|intercepted|destroyed|downed)\s+(?:all\s+)?{N}\b", re.IGNORECASE),
    re.compile(rf"{N}\s+(?:\w+\s+){{0,2}}(?:were|was)\s+(?:shot\s+down|intercepted|downed)", re.IGNORECASE),
)
_PEOPLE = r"(?:people|persons?|civilians?|residents?|children|soldiers|men|women)"
_ABOUT = r"(?:(?:at\s+least|more\s+than|over|some|about|around|nearly|almost)\s+)?"
"""A count's qualifier after "killing" ("killing more than 2,000"): the figure is kept as the count written."""
_KILLED = (
    re.compile(rf"{N}\s+(?:{_PEOPLE}\s*)?(?:,?\s*(?:including|among\s+them)\b[^.;]{{0,30}}?,?\s+)?(?:were\s+|was\s+)?"
               r"(?:reportedly\s+|reported\s+)?(?:killed|dead|died)\b", re.IGNORECASE),
    re.compile(rf"\bkill(?:ing|ed)\s+{_ABOUT}{N}\b", re.IGNORECASE),
)
_INJURED = (
    re.compile(rf"{N}\s+(?:{_PEOPLE}\s+)?(?:were\s+|was\s+)?(?:reported(?:ly)?\s+|slightly\s+|seriously\s+)?"
               r"(?:injured|wounded|hurt)\b", re.IGNORECASE),
    re.compile(rf"\b(?:wound(?:ed|ing)|injur(?:ed|ing))\s+{_ABOUT}{N}\s+{_PEOPLE}", re.IGNORECASE),
)
_NONE = {
    "fatalities": re.compile(r"\bno\s+(?:deaths|fatalities|one\s+was\s+killed|casualties)\b|\bnobody\s+(?:was\s+)?"
                             r"(?:reported\s+)?killed\b", re.IGNORECASE),
    "injured": re.compile(r"\bno\s+(?:injuries|casualties|one\s+was\s+(?:injured|hurt))\b|\bwere\s+not\s+injured\b",
                          re.IGNORECASE),
}
_COUNT_WORD = re.compile(r"kill|dead|died|death|fatalit|casualt|injur|wound|hurt|shot\s+down|intercept|destroy|downed|"
                         r"drones", re.IGNORECASE)
"""Every count pattern above needs one of these words: a sentence without any holds no count (one cheap scan;
an alternation of the patterns themselves, each starting with a number, scanned slower than the patterns)."""
_SPLIT_IN = re.compile(r"^\s+in\s+")
_AND_MORE = re.compile(rf"\s*,?\s*and\s+{N}\s+in\s+", re.IGNORECASE)
_CIVILIAN_TARGET = re.compile(r"\b(?:residential|apartment|homes?|houses?|high-?rises?|civilians?|hospital|clinic|"
                              r"oncology|cancer|school|market|embassy)\b", re.IGNORECASE)
_ATTACKER = re.compile(r"\b(?P<who>Ukrainian|Russian|Ukraine|Russia|Kremlin|Moscow|Kyiv|Kiev)(?:’s|'s)?"
                       r"(?:\s*,\s*\w+\s*,)?\s+(?:also\s+)?(?:\w+\s+){0,2}?(?:drones?|missiles?|forces|troops|army|"
                       r"military|strikes?|launched|targeted|fired|sent|bombarded|shelling|units|"
                       r"defen[cs]e\s+ministry)\b")
_CAPITALS = {"kremlin": "RU", "moscow": "RU", "kyiv": "UA", "kiev": "UA"}
SETTLEMENT_LIKE = frozenset({"city", "town", "village", "airport", "air base", "airfield", "port", "point",
                             "power plant", "refinery", "place", "district", "hromada"})


@dataclass(frozen=True, slots=True)
class Report:
    """One source's account of an incident (an article and the sentence it came from)."""

    article_id: str
    outlet: str
    sentence: str
    drones: int | None = None
    intercepted: int | None = None
    fatalities: int | None = None
    injured: int | None = None
    url: str = ""
    title: str = ""
    published: str | None = None
    """The article's date (ISO), not the event's."""


def _report(article: Article, sentence: str, counts: dict[str, int | None]) -> Report:
    return Report(article.id, article.outlet, sentence, counts.get("drones"), counts.get("intercepted"),
                  counts.get("fatalities"), counts.get("injured"), article.url, article.title, article.date)


@dataclass(frozen=True)
class Incident:
    """Something that happened at a place. ``geo_precision`` as ACLED's: 1 the place itself, 2 near it,
    3 a region or country only. Counts are the figure most sources give (ties: the larger);
    ``notes`` keeps every differing figure with its source."""

    category: str
    event_date: str | None
    date_precision: str
    place: str
    admin1: str
    country: str
    lat: float
    lon: float
    place_source: str
    place_kind: str
    geo_precision: int
    actor1: str
    actor2: str
    reports: tuple[Report, ...]
    merge_note: str = ""
    categories: tuple[str, ...] = field(default=())

    @property
    def event_type(self) -> str:
        return TAXONOMY[self.category][0]

    @property
    def sub_event_type(self) -> str:
        return TAXONOMY[self.category][1]

    def count(self, what: str) -> tuple[int | None, str]:
        """The value of a count and, when sources differ, a note giving each source's figure."""
        values = [(getattr(r, what), r.article_id) for r in self.reports if getattr(r, what) is not None]
        if not values:
            return None, ""
        by_article: dict[str, int] = {}
        for v, a in values:
            by_article[a] = max(by_article.get(a, v), v)
        tally = Counter(by_article.values())
        best = max(tally, key=lambda v: (tally[v], v))
        if len(tally) == 1:
            return best, ""
        detail = ", ".join(f"{v} per {a}" for a, v in sorted(by_article.items(), key=lambda t: (t[1], t[0])))
        return best, f"{what}: {detail}"


_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_MONTH_RE = r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
            r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_EXPLICIT_DATE = re.compile(
    rf"\b(?:{_MONTH_RE.format(g='m1')}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE.format(g='m2')}(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b",
    re.IGNORECASE)
_DAYS_AGO = re.compile(rf"\b(?P<n>{NUMBER})\s+days?\s+(?:ago|earlier|before)\b", re.IGNORECASE)
_DATE_WORD = re.compile(r"day|week|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
_LAST_WEEK = re.compile(r"\b(?:last|past|previous)\s+week\b|\ba\s+week\s+(?:ago|earlier)\b", re.IGNORECASE)


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    return next(n for name, n in _MONTHS.items() if name.startswith(w[:3]))


def _explicit_date(m: re.Match[str], base: dt.date) -> dt.date | None:
    """The date a "December 19" / "19 December 2024" match names; without a year, the latest such date
    on or before the article date (a day later is allowed: time zones)."""
    month = _month(m.group("m1") or m.group("m2"))
    day = int(m.group("d1") or m.group("d2"))
    year = m.group("y1") or m.group("y2")
    try:
        if year:
            return dt.date(int(year), month, day)
        for y in (base.year, base.year - 1):
            d = dt.date(y, month, day)
            if d <= base + dt.timedelta(days=1):
                return d
    except ValueError:  # 31 February
        return None
    return None


def _date_of(sentence: str, article_date: str | None) -> tuple[str | None, str]:
    """The event date a sentence gives, relative to the article date, and its precision (day, week,
    article = the article's own date taken for want of another, unknown)."""
    if not _DATE_WORD.search(sentence):  # every date pattern below needs one of these words
        return (article_date, "article") if article_date else (None, "unknown")
    if not article_date:
        m = _EXPLICIT_DATE.search(sentence)
        if m and (m.group("y1") or m.group("y2")):
            d = _explicit_date(m, dt.date.max)
            if d:
                return d.isoformat(), "day"
        return None, "unknown"
    base = dt.date.fromisoformat(article_date)
    m = _EXPLICIT_DATE.search(sentence)
    if m:
        d = _explicit_date(m, base)
        if d is not None:
            return d.isoformat(), "day"
    m = _DAYS_AGO.search(sentence)
    if m:
        n = parse_number(m.group("n"))
        if n is not None and 0 <= n <= 366 and n == int(n):
            return (base - dt.timedelta(days=int(n))).isoformat(), "day"
    if _DAY_BEFORE_RE.search(sentence):
        return (base - dt.timedelta(days=1)).isoformat(), "day"
    m = _WEEKDAY_RE.search(sentence)
    if m:
        target = WEEKDAYS.index(m.group(1).lower())
        back = (base.weekday() - target) % 7
        return (base - dt.timedelta(days=back)).isoformat(), "day"
    if _LAST_WEEK.search(sentence):
        return (base - dt.timedelta(days=7)).isoformat(), "week"
    return article_date, "article"


MAX_COUNT = 2**53
"""Counts above this (not a number anyone reports, and past what a float holds exactly) are not read."""


def _int(text: str | None) -> int | None:
    v = parse_number(text or "")
    return int(v) if v is not None and 0 <= v <= MAX_COUNT else None


def _actor(sentence: str) -> str:
    m = _ATTACKER.search(sentence)
    if not m:
        return ""
    who = m.group("who").lower()
    cc = DEMONYMS.get(who) or _CAPITALS.get(who)
    return {"UA": "Military Forces of Ukraine", "RU": "Military Forces of Russia"}.get(cc or "", "")


def _event_places(text: str, in_sentence: list[Mention], excluded: set[tuple[int, int]]) -> list[Mention]:
    """Mentions that say where the event happened: after a locative ("in", "hit", "the city of"), or
    listed right after one ("in Kharkiv and Zaporizhzhia"); not sources ("according to Moscow") nor
    actors ("Moscow's troops")."""
    out: list[Mention] = []
    for m in in_sentence:
        if (m.start, m.end) in excluded or m.candidate is None or m.adjective:
            continue
        before = text[max(0, m.start - 60):m.start]
        if _SOURCE_BEFORE.search(before) or _NOT_PLACE_AFTER.match(text[m.end:m.end + 30]):
            continue
        listed = bool(out) and bool(_LIST_JOIN.match(text[out[-1].end:m.start]))
        if listed or _LOCATIVE.search(before):
            out.append(m)
    return out


def _nearest_category(s_text: str, offset: int, m: Mention, cats: list[str]) -> str:
    """The event type whose keyword stands nearest the place in the sentence (specific types first on ties)."""
    best, best_d = None, None
    for c, pat in CATEGORY_PATTERNS:
        if c not in cats:
            continue
        for k in pat.finditer(s_text):
            d = min(abs(k.start() + offset - m.start), abs(k.end() + offset - m.end))
            if best_d is None or d < best_d - 30 or (abs(d - best_d) <= 30 and c not in GENERIC and best in GENERIC):
                best, best_d = c, d
    return best or cats[0]


def _counts_for(sentence_text: str, offset: int, text: str, places: list[Mention]) -> dict[int, dict[str, int]]:
    """Counts found in a sentence, per place index (-1: the sentence as a whole)."""
    found: dict[int, dict[str, int]] = {}
    if not _COUNT_WORD.search(sentence_text):
        return found

    def bind(what: str, value: int | None, start: int, end: int) -> None:
        if value is None:
            return
        target = -1
        tail = text[offset + end:offset + end + 60]
        if _SPLIT_IN.match(tail):
            for i, p in enumerate(places):
                if p.start - (offset + end) <= 30 and p.start >= offset + end:
                    target = i
                    break
        elif len(places) > 1:  # no "in X": the place the count stands nearest to
            target = min(range(len(places)), key=lambda i: min(abs(places[i].end - offset - start),
                                                               abs(places[i].start - offset - end)))
        found.setdefault(target, {})[what] = value
        more = _AND_MORE.match(text, places[target].end) if target >= 0 else None
        if more:
            start2 = more.end()
            for i, p in enumerate(places):
                if p.start == start2 or (0 <= p.start - start2 <= 5):
                    found.setdefault(i, {})[what] = _int(more.group("n")) or 0
                    break

    for what, patterns in (("fatalities", _KILLED), ("injured", _INJURED)):
        for pat in patterns:
            for m in pat.finditer(sentence_text):
                bind(what, _int(m.group("n")), m.start(), m.end())
        if _NONE[what].search(sentence_text) and what not in found.get(-1, {}):
            found.setdefault(-1, {})[what] = 0
    for pat in _INTERCEPTED:
        m = pat.search(sentence_text)
        if m:
            found.setdefault(-1, {})["intercepted"] = _int(m.group("n")) or 0
            break
    m = _DRONES.search(sentence_text)
    if m:
        n = _int(m.group("n"))
        more = _DRONES_MORE.search(sentence_text, m.end(), m.end() + 120)
        if more and n is not None:
            n = max(n, _ORDINALS[more.group(1).lower()])
        if n is not None:
            found.setdefault(-1, {})["drones"] = n
    return found


def extract_incidents(article: Article, actx: ArticleContext, mentions: list[Mention],
                      claims: Sequence[Claim] = ()) -> list[Incident]:
    """One incident per event sentence and event place; counts without a place join the previous incident."""
    text = article.text
    index = MentionIndex(mentions)
    excluded = {(m.start, m.end) for c in claims if c.claim_kind == "distance"
                for m in index.between(c.start, c.end + 1) if m.text in c.quote and not c.quote.startswith(m.text)}
    out: list[Incident] = []
    last_at: int | None = None
    for k, sent in enumerate(actx.sentences):
        cause = _CAUSE_CLAUSE.search(text, sent.start, sent.end)
        s_end = cause.start() if cause else sent.end
        date, precision = _date_of(sent.text, article.date)
        for c_start, c_end in _clauses(text, sent.start, s_end):
            last_at = _clause_incidents(article, text, k, actx.excerpt(k, c_start, c_end), sent.start, c_start, c_end,
                                        date, precision,
                                        index, excluded, out, last_at)
    return merge(out, within_article=True)


_CLAUSE_BREAK = re.compile(r"\s+(?:after|following|before|while|whereas|but|although|though)\s+|\s*[;—–]\s*|"
                           r",\s+(?:which|who|where|while|as)\s+", re.IGNORECASE)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause offsets of ``text[start:end]``: events and their places are read clause by clause."""
    out, pos = [], start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return out


def _clause_incidents(article: Article, text: str, k: int, sentence: str, s_start: int, c_start: int, c_end: int,
                      date: str | None, precision: str, index: MentionIndex, excluded: set[tuple[int, int]],
                      out: list[Incident], last_at: int | None) -> int | None:
    """Add the incidents one clause reports to ``out``; returns the index of the last sentence that added one."""
    s_text = text[c_start:c_end]
    cats = categories_in(s_text)
    if not cats:
        # "eight drones reached the city": a count with no event word belongs to the incident just told
        extra = _counts_for(s_text, c_start, text, []).get(-1, {})
        if extra and last_at is not None and k - last_at <= 1 and out:
            rep = _report(article, sentence, extra)
            out[-1] = replace(out[-1], reports=(*out[-1].reports, rep))
        return last_at
    if _HABITUAL_OR_FUTURE.search(s_text):
        return last_at
    specific = [c for c in cats if c not in GENERIC]
    category = specific[0] if specific else cats[0]
    in_sent = index.between(c_start, c_end)
    places = _event_places(text, in_sent, excluded)
    if category == "infrastructure disruption":  # an airport named in the clause is the place, locative or not
        airports = [m for m in in_sent if m.candidate is not None and m.candidate.place.kind == "airport"]
        places = airports or places
    if not places and _ANAPHOR_PLACE.search(s_text):
        earlier = [m for m in index.between(s_start - 600, c_start) if m.end <= c_start and m.candidate is not None
                   and m.candidate.place.kind in SETTLEMENT_LIKE
                   and not _SOURCE_BEFORE.search(text[max(0, m.start - 20):m.start])]
        if earlier:
            places = [earlier[-1]]
    fine = [m for m in places if m.candidate.place.kind in SETTLEMENT_LIKE]
    places = fine or [m for m in places if m.candidate.place.kind == "region"] or places
    # one incident per distinct place
    seen: set[str] = set()
    places = [m for m in places if not (m.candidate.place.source in seen or seen.add(m.candidate.place.source))]
    counts = _counts_for(s_text, c_start, text, places)
    actor1 = _actor(text[max(s_start, c_start - 80):c_end])
    if not places:
        if last_at is not None and k - last_at <= 2 and (set(counts) or category in GENERIC):
            prev = out[-1]
            extra = counts.get(-1, {})
            rep = _report(article, sentence, extra)
            out[-1] = replace(prev, reports=(*prev.reports, rep), actor1=prev.actor1 or actor1,
                              categories=tuple(dict.fromkeys((*prev.categories, category))))
            return k
        return last_at
    shared = counts.get(-1, {})
    for i, m in enumerate(places):
        p = m.candidate.place
        own = {**shared, **counts.get(i, {})} if len(places) == 1 else {**counts.get(i, {})}
        if len(places) > 1:
            for key in ("drones", "intercepted"):
                if key in shared:
                    own.setdefault(key, shared[key])
        near = bool(_NEAR_BEFORE.search(text[max(0, m.start - 30):m.start]))
        geo = 3 if p.kind in AREA_KINDS else (2 if near else 1)  # a sea, a county, a region: not the place itself
        target_cc = p.country
        civilian = bool(_CIVILIAN_TARGET.search(s_text))
        actor2 = f"Civilians ({_country_name(target_cc)})" if civilian and category != "territory captured" else ""
        if category == "territory captured":
            actor1 = actor1 or "Military Forces of Russia" if p.country == "UA" else actor1
            actor2 = "Military Forces of Ukraine" if p.country == "UA" else ""
        place_category = _nearest_category(s_text, c_start, m, cats) if len(specific) > 1 else category
        out.append(Incident(
            category=place_category, event_date=date, date_precision=precision, place=p.name, admin1=p.admin1,
            country=p.country, lat=p.lat, lon=p.lon, place_source=p.source, place_kind=p.kind,
            geo_precision=geo, actor1=actor1, actor2=actor2,
            reports=(_report(article, sentence, own),),
            categories=tuple(dict.fromkeys(cats)),
        ))
    return k


def _country_name(cc: str) -> str:
    return {"UA": "Ukraine", "RU": "Russia", "SY": "Syria", "BY": "Belarus"}.get(cc, cc)


def _compatible(a: Incident, b: Incident) -> bool:
    if a.category == b.category:
        return True
    return a.category in GENERIC or b.category in GENERIC


def _same_place(a: Incident, b: Incident, within_article: bool = False) -> bool:
    if a.place_source == b.place_source:
        return True
    if (within_article and a.category == b.category and (a.place_kind == "country" or b.place_kind == "country")
            and a.country == b.country):
        return True  # "drones struck deep into Russia" ... "in Kazan": the same event, told twice
    if within_article and _compatible(a, b) and a.country == b.country and (
            (a.place_kind == "region" and b.admin1 == a.admin1) or (b.place_kind == "region" and a.admin1 == b.admin1)):
        return True  # a city and the region holding it, named in one report: the same event
    if a.geo_precision == 3 or b.geo_precision == 3:
        return False
    # 10 km is under 0.1 degree of latitude, and under 0.1 / cos(lat) degrees of longitude
    if abs(a.lat - b.lat) > 0.1 or abs(a.lon - b.lon) * math.cos(math.radians(a.lat)) > 0.1:
        return False
    return geodesic(a.lat, a.lon, b.lat, b.lon).km <= MERGE_KM


def _days_apart(a: Incident, b: Incident) -> int:
    if not a.event_date or not b.event_date:
        return 0 if a.event_date == b.event_date else 99
    return abs((dt.date.fromisoformat(a.event_date) - dt.date.fromisoformat(b.event_date)).days)


def merge(incidents: Sequence[Incident], *, within_article: bool = False, max_days: int = 1) -> list[Incident]:
    """Merge incidents at the same place (same entry or within 10 km), dates within ``max_days``, compatible types.

    A day-precise date wins over an article-date guess; the specific type wins over
    a generic one ("strike", "civilian harm"); every report is kept, and
    ``merge_note`` says why the reports were joined.

    Across articles the reports are taken in date order (undated first; input order within a date) and
    the result is sorted by :func:`row_key`: the same merge a stream makes (:class:`IncidentMerger`), one
    date at a time, and the one a Dask shuffle makes per (date, place cell) neighbourhood. Within one
    article (``within_article``) they are taken in the order told, and kept in it.
    """
    merger = IncidentMerger(within_article=within_article, max_days=max_days)
    if within_article:
        for inc in incidents:
            merger.add(inc)
        return merger.finish(sort=False)
    out: list[Incident] = []
    for inc in sorted(incidents, key=date_key):
        out.extend(merger.add(inc))
    return out + merger.finish()


def date_key(inc: Incident) -> str:
    """The order reports are merged in across articles: by event date, undated first."""
    return inc.event_date or ""


def row_key(inc: Incident) -> tuple[str, str, str, str, str]:
    """The order of the incidents table (ids are given in it): date, country, place, type, gazetteer entry."""
    return (inc.event_date or "", inc.country, inc.place, inc.category, inc.place_source)


def _ordinal(date: str) -> int | None:
    try:
        return dt.date.fromisoformat(date).toordinal() if date else None
    except ValueError:
        return None


class IncidentMerger:
    """Merges reports fed in date order (:func:`date_key`), holding only the incidents a later report can
    still join: those within ``max_days`` of the latest date (an incident's date moves at most once, to a
    day-precise report's date). :meth:`add` returns the incidents it closed (sorted by :func:`row_key`),
    :meth:`finish` the rest. Each report is compared with the incidents of its 0.2-degree cell and the
    eight around it, so merging n reports takes about n log n, however many join one incident.
    """

    def __init__(self, *, within_article: bool = False, max_days: int = 1) -> None:
        self.within_article = within_article
        self.max_days = max_days
        self._latest: str | None = None
        self._reset()

    def _reset(self) -> None:
        self._slots: list[Incident | None] = []
        self._reports: list[list[Report]] = []
        self._articles: list[set[str]] = []
        self._keys: list[tuple[str, tuple[int, int], str]] = []  # where a slot is indexed: its first report's
        self._by_source: dict[str, list[int]] = {}
        self._by_cell: dict[tuple[int, int], list[int]] = {}
        self._by_country: dict[str, list[int]] = {}

    def _open(self, inc: Incident, reports: list[Report], articles: set[str],
              keys: tuple[str, tuple[int, int], str]) -> None:
        n = len(self._slots)
        self._slots.append(inc)
        self._reports.append(reports)
        self._articles.append(articles)
        self._keys.append(keys)
        source, cell, country = keys
        self._by_source.setdefault(source, []).append(n)
        self._by_cell.setdefault(cell, []).append(n)
        self._by_country.setdefault(country, []).append(n)

    def add(self, inc: Incident) -> list[Incident]:
        """Take one report; returns the incidents no later report can join (none within one article)."""
        closed: list[Incident] = []
        if not self.within_article:
            key = date_key(inc)
            if self._latest is None or key > self._latest:
                closed = self._close_before(key)
                self._latest = key
            elif key < self._latest:
                raise ValueError(f"reports must come in date order: {key!r} after {self._latest!r}")
        ci, cj = int(inc.lat // _CELL_DEG), int(inc.lon // _CELL_DEG)
        near = {j for di in (-1, 0, 1) for dj in (-1, 0, 1) for j in self._by_cell.get((ci + di, cj + dj), ())}
        near.update(self._by_source.get(inc.place_source, ()))
        if self.within_article:
            near.update(self._by_country.get(inc.country, ())[-WITHIN_ARTICLE_REACH:])
        target = None
        for j in sorted(near):
            cur = self._slots[j]
            if cur is None:
                continue
            days = _days_apart(cur, inc)
            if self.within_article:
                days = 0 if cur.date_precision == "article" or inc.date_precision == "article" else days
            if days <= self.max_days and _compatible(cur, inc) and _same_place(cur, inc, self.within_article):
                target = j
                break
        if target is None:
            self._open(inc, list(inc.reports), {r.article_id for r in inc.reports},
                       (inc.place_source, (ci, cj), inc.country))
            return closed
        cur = self._slots[target]
        assert cur is not None
        category = min((cur.category, inc.category), key=_PRIORITY.index)
        if cur.date_precision == "day" or inc.date_precision != "day":
            date, prec = cur.event_date, cur.date_precision
        else:
            date, prec = inc.event_date, inc.date_precision
        sources = self._articles[target]
        sources.update(r.article_id for r in inc.reports)
        self._reports[target].extend(inc.reports)
        how = "same gazetteer entry" if cur.place_source == inc.place_source else "within 10 km"
        note = (f"{len(sources)} source(s) joined: {how} ({cur.place_source}), "
                f"dates {cur.event_date} / {inc.event_date}, types {cur.category} / {inc.category}")
        finer = inc if (inc.geo_precision, inc.place_kind == "country") < (cur.geo_precision,
                                                                            cur.place_kind == "country") else cur
        self._slots[target] = replace(
            cur, place=finer.place, admin1=finer.admin1, country=finer.country, lat=finer.lat, lon=finer.lon,
            place_source=finer.place_source, place_kind=finer.place_kind, category=category, event_date=date,
            date_precision=prec,
            geo_precision=min(cur.geo_precision, inc.geo_precision), actor1=cur.actor1 or inc.actor1,
            actor2=cur.actor2 or inc.actor2, reports=(),
            merge_note=note if len(sources) > 1 else cur.merge_note,
            categories=tuple(dict.fromkeys((*cur.categories, *inc.categories))),
        )
        return closed

    def _close_before(self, key: str) -> list[Incident]:
        """Close the incidents a report dated ``key`` or later cannot join; re-index the rest."""
        new = _ordinal(key)
        keep: list[int] = []
        done: list[int] = []
        for j, cur in enumerate(self._slots):
            if cur is None:
                continue
            old = _ordinal(date_key(cur))
            # undated reports come first and meet only undated ones; a date meets dates up to max_days later;
            # a date that does not parse is kept to the end
            still_open = date_key(cur) != "" if old is None else new is None or new - old <= self.max_days
            (keep if still_open else done).append(j)
        if not done:
            return []
        closed = [self._final(j) for j in done]
        kept = [(self._slots[j], self._reports[j], self._articles[j], self._keys[j]) for j in keep]
        self._reset()
        for cur, reports, articles, keys in kept:  # in creation order: candidates are tried in it
            assert cur is not None
            self._open(cur, reports, articles, keys)
        return sorted(closed, key=row_key)

    def _final(self, j: int) -> Incident:
        cur = self._slots[j]
        assert cur is not None
        reports = tuple(self._reports[j])
        # an incident nothing joined is returned as it came (copying a frozen record of 18 fields costs more
        # than the rest of its merge)
        return cur if cur.reports == reports else replace(cur, reports=reports)

    def finish(self, *, sort: bool = True) -> list[Incident]:
        """Every incident still open (sorted by :func:`row_key` unless ``sort`` is false: creation order)."""
        out = [self._final(j) for j, cur in enumerate(self._slots) if cur is not None]
        self._reset()
        return sorted(out, key=row_key) if sort else out


INCIDENT_COLUMNS = ["incident_id", "event_date", "date_precision", "category", "event_type", "sub_event_type",
                    "place", "admin1", "country", "lat", "lon", "geo_precision", "place_source", "actor1", "actor2",
                    "drones", "intercepted", "fatalities", "injured", "article_ids", "n_sources", "outlets",
                    "urls", "titles", "published", "summary", "quote", "notes", "merge_note"]
"""``urls``, ``titles`` and ``published`` (article dates) are ``;``-separated, one per article of ``article_ids``,
in the same order (empty where an article gave none)."""


def incident_rows(incidents: Sequence[Incident], *, first_id: int = 1) -> list[dict[str, Any]]:
    """Table rows (the columns of :data:`INCIDENT_COLUMNS`), sorted by :func:`row_key` (date, place, type); ids
    assigned here, from ``first_id`` (a stream numbers its batches on)."""
    ordered = sorted(incidents, key=row_key)
    rows = []
    for n, inc in enumerate(ordered, start=first_id):
        counts, notes = {}, []
        for what in ("drones", "intercepted", "fatalities", "injured"):
            value, note = inc.count(what)
            counts[what] = value
            if note:
                notes.append(note)
        first = {}
        for r in inc.reports:
            first.setdefault(r.article_id, r)
        articles = sorted(first)
        outlets = sorted({r.outlet for r in inc.reports if r.outlet})
        bits = [f"{k} {v}" for k, v in counts.items() if v is not None]
        summary = f"{inc.category} at {inc.place}" + (f", {inc.admin1}" if inc.admin1 and inc.admin1 != inc.place
                                                      else "") + f", {inc.country}"
        summary += f" on {inc.event_date}" if inc.event_date else ""
        summary += f" ({'; '.join(bits)})" if bits else ""
        rows.append({
            "incident_id": f"i{n:04d}", "event_date": inc.event_date, "date_precision": inc.date_precision,
            "category": inc.category, "event_type": inc.event_type, "sub_event_type": inc.sub_event_type,
            "place": inc.place, "admin1": inc.admin1, "country": inc.country, "lat": inc.lat, "lon": inc.lon,
            "geo_precision": inc.geo_precision, "place_source": inc.place_source, "actor1": inc.actor1,
            "actor2": inc.actor2, **counts, "article_ids": ";".join(articles), "n_sources": len(articles),
            "outlets": ";".join(outlets), "urls": ";".join(first[a].url.replace(";", "%3B") for a in articles),
            "titles": ";".join(first[a].title.replace(";", ",") for a in articles),
            "published": ";".join(first[a].published or "" for a in articles), "summary": summary,
            "quote": inc.reports[0].sentence[:400],
            "notes": "; ".join(notes), "merge_note": inc.merge_note,
        })
    return rows


INCIDENT_DTYPES = {"lat": "float64", "lon": "float64", **{k: "Int64" for k in (
    "drones", "intercepted", "fatalities", "injured", "geo_precision", "n_sources")}}


def incident_table(rows: Sequence[dict[str, Any]]) -> Any:
    """Rows of :func:`incident_rows` as a DataFrame with :data:`INCIDENT_COLUMNS` (counts as nullable integers)."""
    import pandas as pd

    return pd.DataFrame(rows, columns=INCIDENT_COLUMNS).astype(INCIDENT_DTYPES)


def incidents_from_table(rows: Any) -> list[Incident]:
    """Incident records from an incidents table (a DataFrame or dict rows with :data:`INCIDENT_COLUMNS`),
    for drawing a table someone has edited. Each article of ``article_ids`` becomes a report; the counts
    go on the first, the quote is the first report's sentence."""
    records = rows.to_dict("records") if hasattr(rows, "to_dict") else list(rows)

    def text(v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)

    def number(v: Any) -> int | None:
        return None if text(v) == "" else int(float(v))

    out = []
    for r in records:
        if text(r.get("lat")) == "" or text(r.get("lon")) == "":
            continue
        ids = [a for a in text(r.get("article_ids")).split(";") if a] or [text(r.get("incident_id")) or "table"]
        urls, titles, dates = (text(r.get(k)).split(";") for k in ("urls", "titles", "published"))
        outlets = [o for o in text(r.get("outlets")).split(";") if o]
        reports = []
        for n, a in enumerate(ids):
            first = n == 0
            reports.append(Report(
                a, outlets[0] if len(outlets) == 1 else "", text(r.get("quote")) if first else "",
                *(number(r.get(k)) if first else None for k in ("drones", "intercepted", "fatalities", "injured")),
                url=urls[n] if n < len(urls) else "", title=titles[n] if n < len(titles) else "",
                published=(dates[n] or None) if n < len(dates) else None))
        category = text(r.get("category")) or "strike"
        geo = number(r.get("geo_precision")) or 1
        out.append(Incident(
            category=category if category in TAXONOMY else "strike", event_date=text(r.get("event_date")) or None,
            date_precision=text(r.get("date_precision")) or "unknown", place=text(r.get("place")),
            admin1=text(r.get("admin1")), country=text(r.get("country")), lat=float(r["lat"]), lon=float(r["lon"]),
            place_source=text(r.get("place_source")), place_kind="region" if geo == 3 else "place",
            geo_precision=geo, actor1=text(r.get("actor1")), actor2=text(r.get("actor2")), reports=tuple(reports),
            merge_note=text(r.get("merge_note"))))
    return out
