"""Finding place names in text and resolving them with the article as context (the hot path).

Owns which stretches of text are place names (spans), the local cues around a
span (feature words, compass words, "known as" aliases, capture verbs), and the
article-level evidence (countries, regions and confidently placed settlements
the text names) that :func:`geomap.resolve.rank` weighs.

How spans are found: one regular-expression pass collects runs of capitalised
words (and the lowercase spellings of very large cities, "kyiv"); each run is
tried as n-grams of up to five words, longest first, against the set of every
normalised gazetteer name held in memory. A name that runs on into another
capitalised word that is no place ("Vladimir Putin", "Moscow Times") is a
person or an outlet, not a place; common words that are also places ("Split",
"Police", "Most") count only after a locative ("in Split", "the town of Most").
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import itertools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from geomap.gazetteer import (
    REGION_WORDS,
    TRANSLITERATED_COUNTRIES,
    WORLD_REGION,
    Gazetteer,
    NameMatch,
    common_words,
    given_names,
    land_neighbours,
    normalize_name,
    plural_names,
    surnames,
)
from geomap.models import FEATURE_KINDS, WATER_KINDS, Article, Mention, Resolution
from geomap.reading import Sentence, excerpt, sentences
from geomap.resolve import (
    ALTERNATE_REASON,
    DISTRICT_WORDS,
    FOCUS_REASON,
    REGION_OVER_TOWN_REASON,
    SETTLEMENT_KINDS,
    Anchor,
    Context,
    Focus,
    anchor_cells,
    first_reading,
    focus_of,
    focus_without,
    rank,
    reason_weight,
    sphere_km,
)

MAX_NGRAM = 5
VARIANT_MIN_LETTERS = 6
VARIANT_MIN_POPULATION = 10_000

# Capitalised words that are never place mentions in news prose.
NEVER_PLACES = frozenset(normalize_name(w) for w in """
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december the a an in on at as by for to from with but and or if this that these
those it its he she they we you our their his her said says president minister prime governor gov mayor army
navy defense defence ministry kremlin pentagon white house state department telegram twitter reuters afp ap
tass dpa nato un russians ukrainians americans western eastern northern southern central north south
east west republican democrat meanwhile however although since after before earlier later today yesterday
tomorrow tonight morning evening night videos video social media anyone whoever latest advances patients
seven six eight five four three two one ten more less some many among there here while when where what who
officials authorities residents troops forces drones drone missile missiles ceasefire peace war western
international airport city region oblast province republic village town district capital agence presse
spokesperson general staff air force lieutenant colonel major sergeant mr mrs ms dr st may will can could
would should also just only even still yet again already then than both each every all any most none no
not nor so such very much too over under above below about around within without into onto upon
leave reply comment share read more advertisement photo image credit getty file be is are was were been
being have has had do does did done go goes went make made take took get got see saw say tell told come came
give gave find found think know knew show showed call called try use used want need look ask work seem feel
let put keep turn begin began help talk start run move live believe hold bring happen write provide sit
stand lose pay meet include continue set learn change lead understand watch follow stop create speak allow
add spend grow open walk win offer remember love consider appear buy wait serve die send expect build stay
fall cut reach kill remain suggest raise pass sell require report decide pull how why which whose whom
yes ok okay thanks thank please hello good new old great big small long high little large last first next
early young important few public bad same able free sure real full special clear whole true best better
sources source according reportedly reported officials official statement statements update updated
breaking live news opinion analysis editor editors staff writer writers contributor contributors
""".split())
# Words that are places but also common English words: taken only after a locative.
COMMON_WORD_PLACES = frozenset(normalize_name(w) for w in """
most split bar police post of along since gov western central mobile reading bath nice orange deal
hope independence liberty victory union march may eagle bath male split sale date
""".split())

REGION_WORD_RE = "|".join(REGION_WORDS)
_CAP = r"[A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽА-ЯЁІЇЄҐ]"
WHOLE_AREA_KINDS = ("country", "continent", WORLD_REGION)
"""Kinds of place that are no settlement's namesake's rival for a word: a country, a continent, a region of the
world (checks for a word, a person's name or a code that reads as a small place leave them alone)."""
HYPHEN_PREFIXES = ("anti", "pro", "ex", "non", "post", "pre", "neo", "pan")
"""Lowercase prefixes joined by a hyphen to a name that stays a name: "anti-Russian", "pro-Ukrainian", "ex-Soviet"."""
_AFTER_PREFIX = "|".join(rf"(?<=(?<![\w\-]){p}-)" for p in HYPHEN_PREFIXES)
_SAINT = "(?:St|Ste|Mt|Ft|ST|STE|MT|FT)"
_RUN = re.compile(rf"(?P<dotted>(?<![\w.])(?:[A-Z][a-z]{{0,3}}\.){{2,4}})"
                  rf"|(?:(?<![\w’'\-])|(?<=-)(?:{_AFTER_PREFIX}))"  # one test after a hyphen, not eight anywhere
                  rf"(?:{_SAINT}\. )?{_CAP}[\w’'\-]*(?: (?:{_SAINT}\. )?{_CAP}[\w’'\-]*(?!\.\w))*")
"""A run of capitalised words (any of which may follow "St. ", "Mt. ": "St. Louis", "ST. LOUIS", "Bay St. Louis",
or follow a prefix: "anti-Russian"), or a dotted abbreviation ("U.S.", "N.J.", "W.Va.") taken whole."""
_AFTER_PLACE = re.compile(r",\s*")
_AFTER_PLACE_BRACKET = re.compile(r",\s*| ?\(")
"""Between a place and its region's abbreviation with a full stop: also an opening bracket ("Walker County (Ga.)");
not before a code in capitals, which a bracket after a dateline holds as a wire's credit ("WASHINGTON (AP)")."""
_DATELINE_AFTER = re.compile(r",\s*((?:[A-Z][a-z]{0,3}\.){1,3}|[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?)")
_DATELINE_CREDIT = re.compile(r"[ \t]*(?:\([A-Za-z][\w .&’'-]{0,24}\)[ \t]*)?(?:--|[—–])")
"""After a dateline's name in capitals, a wire credit and a dash, or a dash: "MOUNT GILEAD (AP) --", "KYIV —"."""
_DATELINE_DATE = re.compile(r",\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b")
"""After a dateline's name in capitals, a comma and the date: "KABUL, April 5 (Reuters):", "QUETTA, Jan. 3 -"."""
_SUBTOKEN = re.compile(r"[^ \-]+")
_WORD = re.compile(r"[^ ]+")
_COMPASS_KEYS = frozenset("""
north south east west central northern southern eastern western northeast northwest southeast southwest
northeastern northwestern southeastern southwestern
""".split())
STREET_WORDS = frozenset("""
street st road rd avenue ave boulevard blvd lane highway hwy parkway pkwy expressway freeway turnpike
""".split())
"""Capitalised words that, after a name, make it a street's name ("Forsyth Road", "Pio Nono Avenue")."""
ADMIN_UNIT_WORDS = frozenset("county parish borough township district oblast province region state".split())
"""Last words of an administrative unit's name: such a name stays a place before an office's name ("Montgomery
County Commission", "Kharkiv Oblast Administration"), where one person's or team's name runs on."""
_FUNCTION_KEYS = frozenset(normalize_name(w) for w in """
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december the a an in on at of as by for to from with but and or if said
""".split())
_MIXED_ACRONYM = re.compile(r"(?:[A-Z][a-z]{1,2}){1,2}[A-Z]")
"""An acronym written in mixed case, ending in a capital ("MoD", "PoP", "BoJ"): no place's name ("McAllen",
"DeKalb", "SoHo" end in lowercase)."""
MONTH_KEYS = frozenset("""
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
"""Months and their abbreviations: "in March", "on Nov. 2" are dates, whatever town bears the name."""
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:(?i:in|at|near|outside|of|from|to|into|through|across)|towns?|city|village|port)\s+$")
"""A locative right before a name; the feature words in lowercase only ("at City Hall" is a building)."""


_DATELINE_NAME = re.compile(r"[ \t]*[A-Z][A-Z’'.\-]*(?: [A-Z][A-Z’'.\-]*){0,3},[ \t]*")
"""A dateline's place in capitals and its comma, from the start of a line: "CAMP MURRAY, " (then "Wash.")."""


def _after_dateline(text: str, start: int) -> bool:
    """Whether ``start`` follows a dateline's name in capitals and a comma at the start of a line ("CAMP MURRAY,
    |Wash. -"): a region's code there names the region even when the gazetteer lacks the place."""
    line = _line_start(text, start)
    return start - line <= 48 and _DATELINE_NAME.fullmatch(text, line, start) is not None


_COLON_AFTER = re.compile(r":[ \t]+[A-Z0-9“\"]")
DATELINE_MIN_POPULATION = 50_000
"""A name opening a line before a colon ("Muscat: A new plant ...") is a dateline's city from this many people
(or a country or region): smaller ones are more often a speaker's or a label's ("Smith: Well, ...")."""


def _colon_dateline(text: str, span: Span, pick: Any) -> bool:
    """Whether ``span`` opens a line and a colon follows it, as datelines do in much of the world's press ("Muscat:
    The 10th ...", "Islamabad: Officials said"), and reads as a country, a region or a city of
    :data:`DATELINE_MIN_POPULATION` people or more: the place the story was filed from, needing no other support."""
    p = pick.place
    return ((p.kind in ("country", "region") or p.population >= DATELINE_MIN_POPULATION)
            and not text[_line_start(text, span.start):span.start].strip()
            and _COLON_AFTER.match(text, span.end) is not None)


_STRONG_LOCATIVE_BEFORE = re.compile(
    r"\b(?:(?i:in|at|near|outside|into|through|across)|towns?|city|village|port)\s+$")
"""A locative that places a name whatever it is: not "of", "from" or "to", which people's names take as well
("the arrest of Henry", "property stolen from Welch", "led detectives to Henry")."""


def _strong_locative_before(text: str, start: int) -> bool:
    """Whether a locative of :data:`_STRONG_LOCATIVE_BEFORE` stands right before offset ``start``."""
    return _STRONG_LOCATIVE_BEFORE.search(text[max(0, start - 24):start]) is not None


def _locative_before(text: str, start: int) -> bool:
    """Whether a locative (:data:`_LOCATIVE_BEFORE`) stands right before offset ``start``."""
    return _LOCATIVE_BEFORE.search(text[max(0, start - 24):start]) is not None

_FEATURE_BEFORE = re.compile(
    r"\b(?P<word>villages?|towns?|cit(?:y|ies)|settlements?|hamlets?|air ?bases?|airports?|ports?)\s+of\s+"
    r"(?:the\s+)?$", re.IGNORECASE)
_FEATURE_ADJ_BEFORE = re.compile(r"\b(?P<word>village|town|city|settlement|hamlet)\s+$")
"""Lowercase only: "the city Hall" is rare, "City Hall" (a building) common."""
_FEATURE_AFTER = re.compile(r"^\s+(?P<word>air ?base|airbase|airport|village|town|city)\b", re.IGNORECASE)
_PLURAL_FEATURE = re.compile(r"\b(?P<word>villages|towns|cities|settlements)\s+of\b", re.IGNORECASE)
_COMPASS_BEFORE = re.compile(
    r"\b(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+"
    r"(?:(?:\w+\s+){0,2}(?:city|town|village|port|region)\s+of\s+)?$", re.IGNORECASE)
_ALIAS_AFTER = re.compile(
    r"^\s*(?:[,(—–-]\s*)?(?:(?:also|better|locally)\s+)?(?:known|called|named)\s+(?:as\s+)?"
    r"(?P<alias>[A-ZА-Я][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)|^-(?P<hyph>[A-Z][\w’']+)|^\s*\((?P<paren>[A-Z][\w’'\-]+)\)")
_ALIAS_BEFORE = re.compile(r"([A-Z][\w’'\-]+)\s*(?:[,(—–-]\s*)?(?:also\s+)?(?:known|called)\s+(?:as\s+)?$")
_CAPTURE = re.compile(
    r"\b(?:liberat\w*|captur\w*|took|taken|tak(?:e|es|ing)\s+(?:control|over)|seiz\w*|occup\w*|"
    r"overr?an|fell|control\s+of|entered)\b", re.IGNORECASE)
_REGION_OF_BEFORE = re.compile(rf"\b(?:{REGION_WORD_RE})\s+of\s+$", re.IGNORECASE)
_REGION_AFTER = re.compile(rf"\s+(?:border\s+)?({REGION_WORD_RE})\b", re.IGNORECASE)  # used with .match(text, pos)
_POSSESSIVE = re.compile(r"[’']s$")
def _plural(word: str) -> str:
    """The plural of a unit word ("county" -> "counties", "parish" -> "parishes", "kray" -> "krays")."""
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("sh", "s")) else "s")


PLURAL_UNITS = {_plural(w): w for w in (*REGION_WORDS, *DISTRICT_WORDS)}
"""Plural unit words (of :data:`REGION_WORDS` and :data:`DISTRICT_WORDS`) that follow a list of names, each to its
singular: each name is the unit ("Gregg and Harrison counties": Gregg County and Harrison County; "the Kherson and
Zaporizhzhia regions")."""
PLURAL_STREETS = frozenset({"streets", "roads", "avenues", "boulevards", "lanes", "highways", "drives"})
"""Plural street words, in lower case: the names listed before one are streets' ("the corner of Lakeview and Harrison
streets"), no place; capitalised, the word is part of a name ("Immokalee's Complete Streets project")."""
_PLURAL_UNIT = re.compile(rf"\s+({'|'.join(PLURAL_UNITS)}|{'|'.join(sorted(PLURAL_STREETS))})\b")
_NAME_BEFORE = re.compile(rf"(?<![\w’'\-])(?:{_CAP}[\w’'\-]* ){{0,2}}{_CAP}[\w’'\-]*\Z")
"""Up to three capitalised words ending where the search ends (used with ``search(text, pos, endpos)``)."""
_LIST_SEP_BEFORE = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)\Z")
MAX_LISTED_UNITS = 8
"""Names read back from a plural unit word: a list of counties or regions is short; the walk stays bounded."""
_ARABIC_ARTICLES = "al|el|ad|ed|an|en|ar|er|as|es|ash|esh|at|et|az|ez|ul|ud|us"
"""Arabic's article as romanised ("Deir ez-Zor", "Sharm el-Sheikh", "Dar es Salaam", "Bab al-Hawa")."""
_ARTICLE_JOIN = rf"(?:{_ARABIC_ARTICLES})-"
_CONNECTOR = (r"(?: (?:de|del|della|di|da|do|dos|das|du|des|la|le|les|los|las|y|e|and|of|upon|on|sur|am|im|der|den|"
              rf"van|von|bin|ibn|{_ARABIC_ARTICLES}) |[ -](?:{_ARTICLE_JOIN}|[a-z]{{1,3}}-))")
_CAPITALS = rf"{_CAP}[\w’']*(?: {_CAP}[\w’']*){{0,4}}"  # bounded: a long run of capitals stays linear
_JOINED_NAME = re.compile(rf"(?<![\w’'\-]){_CAPITALS}(?:{_CONNECTOR}{_CAPITALS})+")
"""Capitalised words joined by lowercase ones, as many places' names are ("Rio de Janeiro", "Dar es Salaam",
"Trinidad and Tobago", "Isle of Man", "Deir ez-Zor"): a run of capitals (:data:`_RUN`) stops at them."""
_CONNECTOR_IN = re.compile(_CONNECTOR)
_ARTICLE_JOINED = re.compile(rf"{_CAPITALS}(?:[ -]{_ARTICLE_JOIN}{_CAPITALS})+")
"""Capitalised words joined by a romanised Arabic article ("Bab al-Hawa", "Maarat al-Numan"): one name."""
_LOWER_WORD = re.compile(r"(?<![\w’'\-])[a-z]{4,}(?![\w’'\-])")
_FEW_BIG_CITIES = frozenset({"kyiv", "kiev", "moscow", "kharkiv", "odesa", "odessa", "dnipro", "donetsk"})
_ADJECTIVE_AS_NOUN = re.compile(
    r"\s*(?:[.;:!?\"”—–]|\s(?:is|was|are|were|has|had|in|to|will|would|can|could|should|must|might)\b)")
"""What follows a country's adjective used as a noun, a language or a people, not as a place's modifier:
"in English.", "English is", "English will remain", "the Irish —", "French to gain" (a bracketed "(Ukrainian)
base" still modifies)."""
_IN_BEFORE = re.compile(r"\bin\s+$")
_LANGUAGE_AFTER = re.compile(
    r"\s*(?:[),;.!?]|\s(?:after|before|with|from|for|on|at|by|about|during|while|because|when|that)\b)")
"""After "in" and an adjective, what makes the adjective a language: "explained in Italian before", "(Exit in English)";
not "and" or "or" ("in Russian and Ukrainian cities" modifies)."""
_PHYSICAL_FEATURE_AFTER = re.compile(
    r" (?:Ocean|Sea|Gulf|Bay|Straits?|Channel|Peninsula|Plains?|Plateau|Desert|Basin|Sound|Highlands|Lowlands)\b")
"""After an adjective, the rest of a physical feature's name: "Indian Ocean", "Arabian Sea", "Persian Gulf",
"Korean Peninsula", "English Channel" are neither India, Saudi Arabia, Iran, Korea nor England."""
_ADJECTIVE_AFTER = re.compile(r"\s+(?:villages?|towns?|cit(?:y|ies)|settlements?)\s+of\b", re.IGNORECASE)
_SINGULAR = {"villages": "village", "towns": "town", "cities": "city", "settlements": "village",
             "settlement": "village", "hamlet": "village", "hamlets": "village", "air bases": "air base",
             "airbase": "air base", "airbases": "air base", "airports": "airport", "ports": "port"}


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text that names a place: offsets ``[start, end)``, its text, and the name looked up."""

    start: int
    end: int
    text: str
    name: str

    @property
    def key(self) -> str:
        return normalize_name(self.name)


_SPEECH_VERB = (r"(?:said|says|told|tells|added|adds|tweeted|wrote|writes|explained|asked|recalled|noted|insisted|"
                r"argued|replied|admitted)")
_SPEAKER = re.compile(rf"\b{_SPEECH_VERB}\s+(?P<after>[A-Z][\w’'-]*[a-z])(?=\s*[.,;:!?]|\s*$)"
                      rf"|(?<![\w.’'-])(?P<before>[A-Z][\w’'-]*[a-z])\s+{_SPEECH_VERB}\b")
"""One capitalised word as the speaker of a speech verb: "Noma said", "..., said Noma." (a reported clause,
"said Bucha was hit", is not a speaker)."""


@dataclass(frozen=True, slots=True)
class People:
    """The names of people in one text: ``keys`` are the normalised words it uses as a given name or surname
    ("john", "kelly" from "John Kelly"), ``at`` the offsets where such a pair starts or continues."""

    keys: frozenset[str]
    at: frozenset[int]
    inside: frozenset[int] = frozenset()
    """Offsets of capitalised words that continue a longer proper name whose first word is no place ("Deutsche
    Bank", "Chrystia Freeland", "Phillips-Spencer"): there a small place's name may be part of that name."""
    in_names: frozenset[str] = frozenset()
    """The normalised words found at ``inside``: where the text uses one alone, it may still be that name's."""
    headlines: frozenset[int] = frozenset()
    """Start offsets of the lines written in title case (see :func:`_title_case_line`)."""
    paired: frozenset[str] = frozenset()
    """The ``keys`` found in a pair with a given name or a title ("Ashley Sutton"), not only as a speaker
    ("Liverpool said": a club or a city's council speaks too)."""
    surnames: Mapping[int, str] = field(default_factory=dict)
    """Offsets of the words right after a given name (a surname: "Andrew |Jordan"), each with that given name as
    written: a country's name there is the person's unless the given name reads as a country or region too
    ("India Pakistan")."""
    after_proper: frozenset[str] = frozenset()
    """The ``in_names`` words found after a word that is no English word either ("Chrystia |Freeland", "Dyfed-
    |Powys"; not "Courthouse |Ballyjamesduff", a building in the town): alone, they are that name's unless the
    text places them firmly."""


PERSON_TITLES = frozenset(normalize_name(w) for w in """
mr mrs ms miss dr sir dame lord lady president governor gov senator sen rep representative congressman
congresswoman mayor judge justice general gen colonel col captain capt lieutenant lt sergeant sgt officer
chief prof professor minister secretary chancellor premier king queen prince princess pope father rev
reverend bishop sheikh emir ambassador commissioner councillor councilor inspector detective
""".split())
"""Words that, capitalised before a capitalised word, make it a person's name ("Governor Allen")."""


NAME_PREFIX_WORDS = frozenset("""
lake lakes mount mt fort ft port pt cape camp point isle island islands bay gulf sea river valley upper lower
greater little great old new saint st ste san santa santo sao ciudad
""".split())
"""Capitalised words that open a place's own name ("Lake Manassas", "Fort Worth", "Greater Sudbury"): a name after
one is not thereby part of an organisation's or a person's name."""

_TITLE_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
TITLE_CASE_SHARE = 0.85
"""A line whose words (function words aside) are capitalised at least this often, two of them no place's name, is
a headline in title case ("Drones Hit Kazan Overnight"): capitals there say nothing of names. A list of places
("Kherson, Mykolaiv, Odesa") is not."""


def _line_start(text: str, pos: int) -> int:
    """The offset where the line holding ``pos`` starts."""
    return text.rfind("\n", 0, pos) + 1


def _title_case_line(text: str, start: int, lines: dict[int, bool], is_name: Callable[[str], bool]) -> bool:
    """Whether the line holding ``start`` is written in title case (cached per line start in ``lines``)."""
    first = _line_start(text, start)
    found = lines.get(first)
    if found is None:
        last = text.find("\n", start)
        words = [w for w in _TITLE_WORD.findall(text, first, len(text) if last < 0 else last)
                 if w.lower() not in _FUNCTION_KEYS]
        capitals = [w for w in words if w[0].isupper()]
        found = lines[first] = len(capitals) >= TITLE_CASE_SHARE * len(words) \
            and sum(not is_name(normalize_name(w)) for w in capitals) >= 2
    return found


def _opens_other_name(word: str, is_name: Callable[[str], bool]) -> bool:
    """Whether a capitalised ``word`` before another makes both one proper name that is no place's ("Deutsche
    Bank", "Dewly Nelson"): it is no place's name itself, no function or compass word, and opens no place's
    name ("Lake", "Fort", "Greater")."""
    key = normalize_name(_POSSESSIVE.sub("", word))
    return (len(key) > 1 and word[0].isupper() and word.isalpha() and key not in _FUNCTION_KEYS
            and key not in _COMPASS_KEYS and key not in NAME_PREFIX_WORDS
            and (key in REGION_WORDS or not is_name(key)))  # "Wright State University": "state" alone is no place


def people(text: str, given: frozenset[str], is_name: Callable[[str], bool]) -> People:
    """Who ``text`` names, by three cues. A given name (:func:`geomap.gazetteer.given_names`) or a title
    (:data:`PERSON_TITLES`) followed by a capitalised word, the two not a place's name together ("John Kelly",
    "Barry Smith", "Governor Allen"; not "Elizabeth City"): both words are then a person's, here and (for small
    places) wherever the text uses them alone ("Kelly said"). And any capitalised word that is no place's name
    (:func:`_opens_other_name`) followed by another in the same name, outside title-case headlines ("Chrystia
    Freeland", "Deutsche Bank", "Phillips-Spencer"): the second word may be part of that name there
    (``inside``) and wherever the text uses it alone (``in_names``), so a small place by that name needs support
    from the article (:func:`_in_other_name`). And a word that speaks ("Noma said", see :data:`_SPEAKER`) is
    a person's, as the first cue's words are, for small places."""
    keys: set[str] = set()
    at: set[int] = set()
    inside: set[int] = set()
    in_names: set[str] = set()
    after_proper: set[str] = set()
    title_lines: dict[int, bool] = {}
    surname_at: dict[int, str] = {}
    for run in _RUN.finditer(text):
        if run.group("dotted") or (" " not in run.group(0) and "-" not in run.group(0)):
            continue
        headline = _title_case_line(text, run.start(), title_lines, is_name)
        parts = [] if headline else list(_SUBTOKEN.finditer(run.group(0)))
        for a, b in itertools.pairwise(parts):
            if not b.group(0)[0].isupper() or not _opens_other_name(a.group(0), is_name):
                continue
            kb = normalize_name(_POSSESSIVE.sub("", b.group(0)))
            if not kb or kb in _FUNCTION_KEYS or is_name(normalize_name(run.group(0)[a.start():b.end()])):
                continue
            in_names.add(kb)
            inside.add(run.start() + b.start())
            if a.group(0).lower() not in common_words():
                after_proper.add(kb)
        if " " not in run.group(0):
            continue
        tokens = list(_WORD.finditer(run.group(0)))
        for i, (a, b) in enumerate(itertools.pairwise(tokens)):
            ka = normalize_name(_POSSESSIVE.sub("", a.group(0)))
            if (ka not in given and ka not in PERSON_TITLES) or ka in _FUNCTION_KEYS:  # "In" is a given name too
                continue
            kb = normalize_name(_POSSESSIVE.sub("", b.group(0)))
            if not kb or kb in _FUNCTION_KEYS or is_name(f"{ka} {kb}") or (kb in common_words()
                                                                         and kb not in surnames()):
                continue  # "Georgia National Guard", "Virginia State Police": no person ("Virginia Hall" is)
            if ka in given:
                keys.add(ka)
                at.add(run.start() + a.start())
                surname_at[run.start() + b.start()] = _POSSESSIVE.sub("", a.group(0))
            keys.add(kb)
            at.add(run.start() + b.start())
            if ka in given and i + 2 == len(tokens) - 1:  # "James Knight |Newman": a run of three ends the name
                c = tokens[i + 2]
                kc = normalize_name(_POSSESSIVE.sub("", c.group(0)))
                if kc and kc not in _FUNCTION_KEYS and not is_name(f"{kb} {kc}"):
                    keys.add(kc)
                    at.add(run.start() + c.start())
        if len(tokens) == 2 and len(tokens[1].group(0)) == 1:  # "Jon R. |Taylor": the surname after the initial
            first = normalize_name(tokens[0].group(0))
            after = _AFTER_INITIAL.match(text, run.end())
            if first in given and after is not None:
                key = normalize_name(_POSSESSIVE.sub("", after.group(1)))
                if key and key not in _FUNCTION_KEYS:
                    keys.add(key)
                    at.add(after.start(1))
    paired = frozenset(keys)
    for m in _SPEAKER.finditer(text):  # a small place's name as a speaker is a person's, there and alone elsewhere
        keys.add(normalize_name(m.group("after") or m.group("before")))
    return People(frozenset(keys), frozenset(at), frozenset(inside), frozenset(in_names),
                  frozenset(k for k, title in title_lines.items() if title), paired, surname_at,
                  frozenset(after_proper))


_AFTER_INITIAL = re.compile(r"\. ([A-Z][\w’'\-]+)")
"""After a given name and a middle initial, its full stop and the surname ("Jon R|. Taylor")."""


PERSON_NAME_MAX_POPULATION = 100_000
"""A place whose name the text uses as a person's elsewhere is read as the person, where it stands alone, only
when it is smaller than this ("Kelly said" after "John Kelly"; "Washington" stays the city after "George
Washington")."""


def _in_other_name(actx: ArticleContext, span: Span, pick: Any) -> bool:
    """Whether a name may be part of another proper name here (see :func:`people`): it continues such a name
    ("Deutsche Bank", "Chrystia Freeland", "Neches River Valley"), or, one word, opens an "X of Y" name
    ("University of California") or, with no locative before it, is a word the text uses so ("Freeland said") or
    stands in a title-case headline ("Drones Hit Kazan": "Hit" is Hīt in Iraq); and its reading is a settlement
    of fewer than :data:`COMPOUND_WORD_MAX_POPULATION` people ("Real Madrid" is Madrid's). Such a name is kept
    only with support from the article."""
    if actx.people is None or pick.place.kind not in (*SETTLEMENT_KINDS, "district") \
            or pick.place.population >= COMPOUND_WORD_MAX_POPULATION:
        return False
    if span.start in actx.people.inside:  # "Neches |River Valley" (a town in Singapore) as well
        return True
    if " " in span.text.strip():
        return False
    if _OF_NAME_AFTER.match(actx.text, span.end) is not None:
        return True
    if _locative_before(actx.text, span.start):
        return False
    return span.key in actx.people.in_names or _line_start(actx.text, span.start) in actx.people.headlines


_OF_NAME_AFTER = re.compile(r" of (?:the )?[A-Z]")
"""After a name, the rest of an "X of Y" name ("University of California", "Chamber of Commerce")."""


def _a_persons_name(actx: ArticleContext, span: Span, pick: Any) -> bool:
    """Whether a one-word name is a person's here (see :func:`people`): part of a name pair (any reading but a
    country's), or, for a small settlement, a word the text uses in such pairs and with no locative before it."""
    if actx.people is None or " " in span.text.strip():
        return False
    if pick.place.kind in WHOLE_AREA_KINDS:
        # "Andrew Jordan"; not "India Pakistan", "Star India" (a word), "SANA - Russian" (an adjective)
        given = actx.people.surnames.get(span.start)
        if given is None or normalize_name(given) in common_words() or span.key in actx.gazetteer.adjective_keys:
            return False
        first = actx.first_pass.get(given)
        return first is None or first.pick is None \
            or first.pick.place.kind not in (*WHOLE_AREA_KINDS, "region")
    if span.start in actx.people.at:  # "Paul Kent", "Virginia Hall": any place but a country ("Chad Smith"?)
        return True
    # a name seen with a given name ("Raquel Henry") is placed only by a strong locative ("to Henry" is the person);
    # one seen only speaking ("Dewsbury said") by any
    placed = _strong_locative_before if span.key in actx.people.paired else _locative_before
    return (pick.place.kind in SETTLEMENT_KINDS and span.key in actx.people.keys
            and pick.place.population < PERSON_NAME_MAX_POPULATION and not placed(actx.text, span.start))


def _a_surname(text: str, span: Span, pick: Any) -> bool:
    """Whether a one-word name is a common surname (:func:`geomap.gazetteer.surnames`: "Anderson", "Welch") whose
    reading is a settlement of under :data:`PERSON_NAME_MAX_POPULATION` people, or a common given name whose
    reading is a region or district that small ("Paul finished with 31 points" is no region of Cape Verde), with no
    locative that places it ("in", "near"; "from" and "to" take people too): in news such a word is far more often
    a person ("Anderson urged residents"), so it needs support (:func:`_unsupported`)."""
    p = pick.place
    if " " in span.text.strip() or p.population >= PERSON_NAME_MAX_POPULATION:
        return False
    if p.kind in SETTLEMENT_KINDS:
        person = span.key in surnames()
    else:  # a given name is many a town's ("Selma", "Eugene"), but few small regions' ("Paul", in Cape Verde)
        person = p.kind in ("district", "region") and span.key in given_names()
    return person and not _strong_locative_before(text, span.start)


def _a_persons_word(actx: ArticleContext, span: Span, pick: Any) -> bool:
    """Whether a one-word name the text uses in a person's name elsewhere ("Ashley Sutton ... Sutton won") reads as a
    settlement too big for :func:`_a_persons_name` to drop (under :data:`WORD_PLACE_MAX_POPULATION` people), or as a
    country by another of its names ("Greg Holland ... Holland praised"), with no locative before it: then it needs
    support."""
    p = pick.place
    return (actx.people is not None and span.key in actx.people.paired and " " not in span.text.strip()
            and ((p.kind in SETTLEMENT_KINDS and p.population < WORD_PLACE_MAX_POPULATION)
                 or (p.kind == "country" and _by_another_name(pick)))  # "Greg Holland ... Holland praised"
            and not _locative_before(actx.text, span.start))


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """One text, its spans and sentences, and the first-pass pick of every name in it."""

    text: str
    spans: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    first_pass: dict[str, Resolution]
    gazetteer: Gazetteer
    front_km: Callable[[float, float], float] | None = None
    front_label: str = ""
    signals: _Signals | None = None
    excerpts: dict[tuple[int, int, int], str] = field(default_factory=dict)
    """Shared excerpt strings of long sentences (see :func:`geomap.reading.excerpt`)."""
    variants: bool = False
    """Whether the text is about a country whose names are romanised from Cyrillic, so that spelling variants
    of names count (see :data:`geomap.gazetteer.TRANSLITERATED_COUNTRIES`)."""
    people: People | None = None
    """Who the text names: words it uses as given names and surnames (see :func:`people`)."""
    agreed: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Per name whose readings agree on a country (:func:`geomap.resolve.first_reading`),
    that country and, if they agree on one, the first-level region code ("" otherwise): "Johnson County" is
    in the US whichever of its twelve it is."""

    def excerpt(self, k: int, start: int, end: int) -> str:
        """What a row about ``[start, end)`` in sentence ``k`` carries of that sentence."""
        return excerpt(self.sentences[k], start, end, cache=self.excerpts)

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing ``offset`` (-1 if none)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return -1


PARSER_CACHE_NAMES = 100_000
"""Names a :class:`Geoparser` keeps each of its caches for; past that a cache starts again, so a run over millions
of articles (whose names never stop coming) holds bounded memory. Cached values depend only on the name, so
outputs do not change."""


def _bound(cache: dict[str, Any]) -> None:
    if len(cache) >= PARSER_CACHE_NAMES:
        cache.clear()


class Geoparser:
    """Finds and resolves place mentions; holds the caches a long job reuses.

    ``bulk=True`` loads every gazetteer name into memory once (a second or two) so
    that each article costs only dictionary look-ups; ``bulk=False`` asks SQLite
    per n-gram, which suits a single short text.
    """

    def __init__(self, gazetteer: Gazetteer, *, bulk: bool = True) -> None:
        self.gazetteer = gazetteer
        self._is_name: Callable[[str], bool] = gazetteer.keyset.__contains__ if bulk else self._known_sql
        self._is_name_variant: Callable[[str], bool] = self._known_bulk if bulk else self._known_sql_variant
        self._known: dict[str, bool] = {}
        self._matches: dict[str, tuple[NameMatch, ...]] = {}
        self._first: dict[str, Resolution] = {}
        self._agreed: dict[str, tuple[str, str] | None] = {}
        self._lowercase_big = self._big_city_keys() if bulk else None
        self._code_keys = gazetteer.code_keys
        self._adjectives = gazetteer.adjective_keys
        self._code_places = gazetteer.code_places
        self._acronyms = gazetteer.acronym_places

    def _known_sql(self, key: str) -> bool:
        hit = self._known.get(key)
        if hit is None:
            _bound(self._known)
            hit = self._known[key] = self.gazetteer.known(key)
        return hit

    def _known_sql_variant(self, key: str) -> bool:
        return self._known_sql(key) or self._variant_of_town(key)

    def _known_bulk(self, key: str) -> bool:
        return key in self.gazetteer.keyset or self._variant_of_town(key)

    def _variant_of_town(self, key: str) -> bool:
        """Whether ``key`` is a spelling variant of a town of :data:`VARIANT_MIN_POPULATION` people or more (a word
        of :data:`VARIANT_MIN_LETTERS` letters at least: shorter keys collide with names and words)."""
        if len(key) < VARIANT_MIN_LETTERS or not self.gazetteer.known_transliterated(key):
            return False
        return any(m.place.population >= VARIANT_MIN_POPULATION for m in self.matches(key))

    def _big_city_keys(self) -> frozenset[str]:
        """Lowercase spellings taken as places: names of cities of a million people or more among the 1,999 most
        populous entries of the index ("kyiv")."""
        return frozenset(normalize_name(p.name) for p in self.gazetteer.most_populous(1999)
                         if p.kind == "city" and p.population >= 1_000_000 and p.name.isascii()
                         and p.name.isalpha() and normalize_name(p.name) not in NEVER_PLACES)

    # -- spans

    def spans(self, text: str, *, variants: bool = False) -> list[Span]:
        """Place-name spans of ``text``, longest match first, left to right, non-overlapping. With ``variants``
        a word is also a name when it is a transliteration variant of a name (see
        :func:`geomap.gazetteer.transliteration_key`)."""
        return self._spans(text, self._is_name_variant if variants else self._is_name)

    def _spans(self, text: str, is_name: Callable[[str], bool]) -> list[Span]:
        """:meth:`spans`, with ``is_name`` saying which keys are names."""
        out: list[Span] = []
        codes = self._code_keys
        for run in _RUN.finditer(text):
            word = run.group(0)
            if run.group("dotted"):
                key = normalize_name(word)
                if is_name(key) and (key not in codes or self._after_place(out, text, run.start(), dotted=True)
                                     or word in self.gazetteer.dotted_codes):  # "moved to N.J.": see _codes_after_place
                    out.append(Span(run.start(), run.end(), word, word))
                continue
            if _LOWER_THE_BEFORE.search(text, max(0, run.start() - 5), run.start()) \
                    and self._article_names_more(normalize_name(word), is_name):
                out.append(Span(run.start() - 4, run.end(), text[run.start() - 4:run.end()], f"the {word}"))
                continue
            if word.isalpha():  # one plain word: the common case, without the n-gram machinery
                key = word.lower() if word.isascii() else normalize_name(word)
                if word.isupper() and key in self._code_places and (
                        self._after_place(out, text, run.start())
                        or codes_named_in_full(self.gazetteer, text, key)):
                    out.append(Span(run.start(), run.end(), word, word))  # "Portland, OR", "Gary, IN"
                    continue
                never = key in NEVER_PLACES and not (key in MONTH_KEYS and _locative_before(text, run.start()))
                if len(key) < 2 or never or _MIXED_ACRONYM.fullmatch(word) or not is_name(key):
                    # one letter ("I") is never a place, nor an acronym in mixed case ("MoD"); a month after a
                    # locative may be ("to March, Cambridgeshire"), with support (see mentions_in)
                    nxt = text[run.end():run.end() + 12]
                    if not _REGION_AFTER.match(nxt) and not _ADJECTIVE_AFTER.match(nxt):
                        continue
            self._spans_in_run(text, run.start(), word, out, is_name)
        out = self._joined_names(text, out, is_name)
        out = self._listed_units(text, out)
        lower = self._lowercase_big or _FEW_BIG_CITIES
        for m in _LOWER_WORD.finditer(text):
            if m.group(0) in lower:
                out.append(Span(m.start(), m.end(), m.group(0), m.group(0)))
        out.sort(key=lambda s: s.start)
        return out

    def _article_names_more(self, key: str, is_name: Callable[[str], bool]) -> bool:
        """Whether "the" and ``key`` are a place's own name ("the Hague", "the Bronx") or name a place ``key``
        alone does not ("the Gulf", the Persian Gulf's other name; "Gulf" alone is a province of Papua New
        Guinea); not "the Persian Gulf", whose own name lacks the article, nor a country ("the Netherlands" is
        read as "Netherlands", as before)."""
        if not is_name(f"the {key}"):
            return False
        with_article = self.gazetteer.lookup_exact(f"the {key}")
        if any(m.place.kind in WHOLE_AREA_KINDS for m in with_article):
            return False
        return any(m.primary for m in with_article) or not {m.place.source for m in with_article} <= {
            m.place.source for m in self.gazetteer.lookup_exact(key)}

    @staticmethod
    def _joined_names(text: str, out: list[Span], is_name: Callable[[str], bool]) -> list[Span]:
        """``out`` with the names joined by lowercase words (:data:`_JOINED_NAME`) put in place of the spans they
        overlap: the longest such name the gazetteer knows, from any of its capitalised words on. An Arabic name
        with its article ("Bab al-Hawa") that no place has is one name all the same: no span inside it."""
        joined: list[Span] = []
        covered: list[tuple[int, int]] = []
        for m in _JOINED_NAME.finditer(text):
            whole = m.group(0)
            words = [k.span() for k in _WORD.finditer(whole)]
            done = 0  # "Trinidad and Tobago and Dar es Salaam": one match, two names
            for i, (a, _) in enumerate(words):
                if a < done or not whole[a].isupper():
                    continue
                for _, b in reversed(words[i + 1:i + 2 * MAX_NGRAM]):  # a name has a few words, a text many
                    if not _CONNECTOR_IN.search(whole, a, b):
                        continue
                    surface = whole[a:b]
                    if is_name(normalize_name(surface)):
                        joined.append(Span(m.start() + a, m.start() + b, surface, surface))
                        covered.append((m.start() + a, m.start() + b))
                        done = b
                        break
            if not done:  # "Saraqib and Maarat al-Numan": the name with the article is one; Saraqib stays
                covered.extend((m.start() + a.start(), m.start() + a.end()) for a in _ARTICLE_JOINED.finditer(whole))
        if not covered:
            return out
        ends = [e for _, e in covered]  # in text order, none overlapping: the first ending after a span's start
        kept = [sp for sp in out if (k := bisect.bisect_right(ends, sp.start)) == len(covered)
                or covered[k][0] >= sp.end]
        return sorted([*kept, *joined], key=lambda sp: sp.start)

    def _listed_units(self, text: str, out: list[Span]) -> list[Span]:
        """``out`` with the names of a list before a plural unit word (:data:`PLURAL_UNITS`) made that unit, each
        in place of the spans it overlaps, where the gazetteer knows the unit by that name ("Dallas and Tarrant
        counties": Dallas County, Tarrant County), and without the names listed before a plural street word
        (:data:`PLURAL_STREETS`). The list is read back from the unit word, name by name."""
        units: list[Span] = []
        streets: list[tuple[int, int]] = []
        for m in _PLURAL_UNIT.finditer(text):
            if m.group(1) in PLURAL_STREETS:
                streets.extend(self._listed_names(text, m.start()))
                continue
            unit = PLURAL_UNITS[m.group(1)]
            names = self._listed_names(text, m.start())
            if len(names) < 2:
                continue  # one name before a plural is no list: "the Gulf states" are no "Gulf state"
            listed: list[tuple[Span, str, bool]] = []  # the unit span, its country, whether it agrees alone
            for start, end in names:
                words = text[start:end].split(" ")
                for k in range(len(words)):  # the longest that names a unit: "Los Angeles", not "In Dallas"
                    surface = " ".join(words[k:])
                    if self._is_name(f"{normalize_name(surface)} {unit}"):
                        country, agrees = self._unit_agrees(surface, f"{surface} {unit}")
                        listed.append((Span(end - len(surface), end, surface, f"{surface} {unit}"), country, agrees))
                        break
            # a unit that agrees with its name's own reading vouches for the list's other units in its country
            # ("Douglas and Wyandotte counties": Douglas alone reads as a town in Ireland)
            vouched = {country for _, country, agrees in listed if agrees}
            units.extend(span for span, country, agrees in listed if agrees or country in vouched)
        if not units and not streets:
            return out
        gone = [*((u.start, u.end) for u in units), *streets]
        kept = [sp for sp in out if not any(sp.start < b and a < sp.end for a, b in gone)]
        return sorted([*kept, *units], key=lambda sp: sp.start)

    @staticmethod
    def _listed_names(text: str, end: int) -> list[tuple[int, int]]:
        """The offsets of the capitalised names of a list ending at ``end`` (at most :data:`MAX_LISTED_UNITS`)."""
        out: list[tuple[int, int]] = []
        for _ in range(MAX_LISTED_UNITS):
            name = _NAME_BEFORE.search(text, max(0, end - 80), end)
            if name is None:
                break
            out.append((name.start(), end))
            sep = _LIST_SEP_BEFORE.search(text, max(0, name.start() - 12), name.start())
            if sep is None:
                break
            end = sep.start()
        return out

    def _unit_agrees(self, name: str, unit_name: str) -> tuple[str, bool]:
        """The country of the unit ``unit_name`` and whether it may stand for ``name`` in a list on its own: the
        name alone is no place, or reads in the same country ("Berea and Parker districts" in South Carolina are
        fire districts, not Berea District in Lesotho)."""
        unit = self.first_pass(unit_name).pick
        if unit is None:
            return "", False
        alone = self.first_pass(name).pick if self._is_name(normalize_name(name)) else None
        return unit.place.country, alone is None or alone.place.country == unit.place.country

    def _spans_in_run(self, text: str, run_start: int, run: str, out: list[Span],
                      is_name: Callable[[str], bool]) -> None:
        # sub-tokens split on spaces and hyphens: "Kamianka-Dniprovska" is tried whole, "Krasnoye-Sontsivka" in parts
        tokens = list(_SUBTOKEN.finditer(run))
        n = len(tokens)
        streets = [k for k in range(1, n) if tokens[k].group(0).lower() in STREET_WORDS]
        i = 0
        while i < n:
            found = None
            first = tokens[i].group(0)
            if not first[0].isupper() or i in streets or _MIXED_ACRONYM.fullmatch(first):
                # "Walnut Street": the street word is no place (Street, UK); "MoD" is an acronym
                i += 1
                continue
            street = next((k for k in streets if k > i), n)  # "Forsyth Road": the name of a street, not a place
            # right after a place in the same run, one word is part of a compound name, not another place:
            # "Washington University", "Central City Park"
            gap = run_start + tokens[i].start() - 1
            after_place = bool(out) and out[-1].end == gap and text[gap] == " "
            for j in range(min(n, i + MAX_NGRAM) - 1, i - 1, -1):
                if j < street < n:
                    if not _POSSESSIVE.search(first):
                        break  # "Forsyth Road": the name of a street, not a place
                    if j > i:
                        continue  # "Harare's Third Street" is a street in Harare: only "Harare" is tried
                start = run_start + tokens[i].start()
                surface = _POSSESSIVE.sub("", text[start:run_start + tokens[j].end()]).rstrip("’'")
                end = start + len(surface)
                key = normalize_name(surface)
                if len(key) < 2 or (key in NEVER_PLACES and key not in COMMON_WORD_PLACES):
                    continue
                region = _REGION_AFTER.match(text, end, end + 16)
                if region and self._is_name(f"{key} {region.group(1).lower()}"):
                    stop = region.end()
                    found = (j, Span(start, stop, text[start:stop], f"{surface} {region.group(1).lower()}"))
                    break
                before = text[max(0, start - 24):start]
                adjective = _ADJECTIVE_AFTER.match(text, end, end + 24)
                if (adjective or _REGION_OF_BEFORE.search(before)) and self._is_name(f"{key} region"):
                    found = (j, Span(start, end, surface, f"{surface} region"))
                    break
                if not is_name(key):
                    continue
                if after_place and j == i and not self._broad(surface):
                    break
                if key in COMMON_WORD_PLACES and not _LOCATIVE_BEFORE.search(before):
                    continue
                if key in _COMPASS_KEYS and j + 1 < n and run[tokens[j].end()] == " " \
                        and is_name(normalize_name(tokens[j + 1].group(0))):
                    continue  # "Central Georgia", "Western Ukraine": the compass word modifies the name after it
                if key in self._code_keys and not self._after_place(out, text, start,
                                                                    dotted=text.startswith(".", end)) \
                        and not (surface.isupper() and codes_named_in_full(self.gazetteer, text, key)):
                    continue  # "TX", "Calif": a region's code only right after a place ("Austin, TX")
                if surface.isupper() and len(surface) > 1 and not self._big_enough(surface) \
                        and not self._dateline(text, end):
                    continue  # ALL-CAPS headlines: only countries, regions and cities of 50,000+
                if key in self._code_places and surface.isupper() and not self._after_place(out, text, start) \
                        and not self._big_enough(surface, without=self._code_places[key]) \
                        and not codes_named_in_full(self.gazetteer, text, key):
                    continue  # "ME", "GA" read as Maine or Georgia only after a place ("Macon, GA")
                if j > i and j + 1 < n and tokens[j].group(0) == "City" and run[tokens[j].end()] == " " \
                        and (city := self.first_pass(surface).pick) is not None and _by_another_name(city):
                    continue  # "Springfield City Council": the city's council, not "Springfield City" by another name
                if j + 1 < n and run[tokens[j].end()] == " " and self._runs_on(tokens[j + 1].group(0), surface) \
                        and not self._a_country_before_a_name(key, before) \
                        and not _POSSESSIVE.search(tokens[j].group(0)) and key not in self._adjectives \
                        and (j == i or tokens[j].group(0).lower() not in ADMIN_UNIT_WORDS):
                    continue  # "Elizabeth Warren" runs on; "South Sudan's Upper Nile", "Bibb County Sheriff" do not
                found = (j, Span(start, end, surface, surface))
                break
            if found:
                out.append(found[1])
                i = found[0] + 1
            else:
                i += 1

    def _dateline(self, text: str, end: int) -> bool:
        """Whether a name in capitals ending at ``end`` opens a dateline: a comma and a region's code or a
        region or country follow ("HELENA, Mont. (AP)", "BISBEE, Arizona -"), or a wire credit and a dash, or a
        long dash ("MOUNT GILEAD (AP) --", "KHERSON —")."""
        if _DATELINE_CREDIT.match(text, end) or _DATELINE_DATE.match(text, end):
            return True
        m = _DATELINE_AFTER.match(text, end)
        if m is None:
            return False
        key = normalize_name(m.group(1))
        if key in self._code_places:
            return True
        pick = self.first_pass(m.group(1)).pick if self._is_name(key) else None
        return pick is not None and pick.place.kind in ("region", "country")

    @staticmethod
    def _after_place(out: list[Span], text: str, start: int, *, dotted: bool = False) -> bool:
        """Whether ``start`` comes right after the last span found and a comma ("Austin, |TX"), or a bracket
        before an abbreviation with a full stop (``dotted``: "Walker County (|Ga.)"), or after a dateline's name
        (:func:`_after_dateline`)."""
        after = _AFTER_PLACE_BRACKET if dotted else _AFTER_PLACE
        return (bool(out) and after.fullmatch(text, out[-1].end, start) is not None) \
            or _after_dateline(text, start)

    def _big_enough(self, name: str, without: frozenset[str] = frozenset()) -> bool:
        """Whether ``name``'s best reading (leaving out the places whose source is in ``without``) is a country, a
        region or a city of 50,000 people or more."""
        if without:
            matches = [m for m in self.matches(name) if m.place.source not in without]
            pick = rank(name, matches, explain="pick only").pick if matches else None
        else:
            pick = self.first_pass(name).pick
        return pick is not None and (pick.place.kind in ("country", "region") or pick.place.population >= 50_000)

    def _broad(self, name: str) -> bool:
        """Whether ``name`` reads first as a country, continent, region or city of 100,000 people or more ("Bank
        Malta", "Greece Italy"): a reading no compound name's last word is likely to have."""
        pick = self.first_pass(name).pick
        return pick is not None and (pick.place.kind in (*WHOLE_AREA_KINDS, "region")
                                     or pick.place.population >= COMPOUND_WORD_MAX_POPULATION)

    def _a_country_before_a_name(self, key: str, before: str) -> bool:
        """Whether a country's name after a preposition ends there though a name follows: "Ambassador to Ukraine
        Bridget Brink", "to the Holy See Mikayel Minasyan" (a title, then the person). Not a country's name that is
        also a given name ("to Jordan Peterson", "with Chad Smith")."""
        if not _PREPOSITION_BEFORE.search(before) or key in given_names():
            return False
        pick = self.first_pass(key).pick
        return pick is not None and pick.place.kind == "country"

    def _runs_on(self, word: str, name: str) -> bool:
        """Whether a following capitalised word makes ``name`` part of a person's, brand's or organisation's
        name ("Elizabeth Warren", "Cambridge Analytica"): a word that is no place's name and no function word.
        An English word after a country, region or city of 100,000 people or more (:meth:`_broad`) makes it a
        place standing in an organisation's or a title's name, which is still a mention ("Jamaica Cancer
        Society", "Pakistan Army", "US Ambassador", "New York Times"); after a smaller place's name it is most
        often no place ("Missouri Valley Blazers", "St. James United Methodist Church")."""
        key = normalize_name(_POSSESSIVE.sub("", word))
        if key in _FUNCTION_KEYS or key in REGION_WORDS or self._is_name(key):
            return False
        if word.isupper() and word.isalpha() and len(word) >= 2 and self._broad(name):
            return False  # an agency's acronym after a broad place ("New Brunswick RCMP", "Texas DPS")
        if not (word.isalpha() and key in common_words()) or not self._broad(name):
            return True
        # by its own name, or another of a country or a city of a million ("US", "New York"); "St. James" is
        # Vung Tau by another, "Springfield City" Springfield, Massachusetts
        pick = self.first_pass(name).pick
        return pick is None or (_by_another_name(pick)
                                and pick.place.kind not in (*WHOLE_AREA_KINDS, "region")
                                and pick.place.population < WORD_PLACE_MAX_POPULATION)

    # -- resolution

    def _cased_key(self, name: str) -> str:
        """The cache key of ``name``: its normalised key, marked when a name in capitals reads differently."""
        key = normalize_name(name)
        return key + "\x00" if not name.isupper() and key in self._acronyms else key

    def matches(self, name: str) -> tuple[NameMatch, ...]:
        """The places ``name`` may be, as the text writes it (see :meth:`Gazetteer.lookup_cased`)."""
        key = self._cased_key(name)
        found = self._matches.get(key)
        if found is None:
            _bound(self._matches)
            found = self._matches[key] = self.gazetteer.lookup_cased(name)
        return found

    def first_pass(self, name: str) -> Resolution:
        """The ranking of ``name`` by prior alone (cached for the parser's lifetime), its pick only."""
        key = self._cased_key(name)
        res = self._first.get(key)
        if res is None:
            _bound(self._first)
            _bound(self._agreed)
            res, self._agreed[key] = first_reading(name, self.matches(name))
            self._first[key] = res
        return res

    def agreed(self, name: str) -> tuple[str, str] | None:
        """The country and region code (or "") the readings of ``name`` agree on (see
        :attr:`ArticleContext.agreed`), None when they do not."""
        key = self._cased_key(name)
        if key not in self._agreed:
            self.first_pass(name)
        return self._agreed.get(key)

    def article_context(self, text: str, *, front_km: Callable[[float, float], float] | None = None,
                        front_label: str = "") -> ArticleContext:
        misses: list[str] = []  # the keys that were no name: only these can read differently with variants
        is_name = self._is_name

        def noting_misses(key: str) -> bool:
            if is_name(key):
                return True
            misses.append(key)
            return False

        spans = tuple(self._spans(text, noting_misses))
        first = {s.name: self.first_pass(s.name) for s in spans}
        # an article about a country whose names come transliterated from Cyrillic: spelling variants count too
        adjectives = self._adjectives  # "Russian forces" says whose, not where: no variants for it
        variants = any(r.pick is not None and r.pick.place.country in TRANSLITERATED_COUNTRIES
                       and normalize_name(name) not in adjectives for name, r in first.items())
        if variants and any(self._is_name_variant(k) for k in dict.fromkeys(misses)):
            # some word is a variant: the spans are found again (with no variant, they would come out the same)
            spans = tuple(self.spans(text, variants=True))
            first = {s.name: self.first_pass(s.name) for s in spans}
        who = people(text, given_names(), self._is_name)
        agreed = {name: found for name in first if (found := self.agreed(name)) is not None}
        actx = _with_signals(ArticleContext(text, spans, tuple(sentences(text)), first, self.gazetteer,
                                            front_km, front_label, variants=variants, people=who, agreed=agreed))
        return self._second_reading(actx)

    def _second_reading(self, actx: ArticleContext) -> ArticleContext:
        """``actx`` with its signals counted again where a name reads otherwise in context than alone: as a
        region ("Clark County, Washington": the state, not the capital), which is then named for the other names
        ("Vancouver" in it); or, with confidence, as another settlement or district ("Red Oak" beside Iowa and
        Des Moines: the Iowa town, not the Texas city), which then anchors the names near it ("Montgomery County"
        is Red Oak's). Only names read first with no confidence are read again as settlements (a confident first
        reading moves only to a region). One pass: the second reading's signals are not read again."""
        picks: dict[str, Resolution] | None = None
        seen: set[str] = set()
        for span in actx.spans:
            if span.name in seen:
                continue
            seen.add(span.name)
            first = actx.first_pass.get(span.name)
            if first is None or first.pick is None or first.pick.place.kind in ("region", "country"):
                continue
            matches = self.matches(span.name)
            if len(matches) < 2 or (first.pick.score >= ANCHOR_MIN_SCORE
                                    and not any(m.place.kind == "region" for m in matches)):
                continue  # a confident first reading moves only to a region
            res = self.resolve_span(actx, span, alone=False)
            pick = res.pick
            if pick is not None and (pick.place.kind == "region" or (
                    pick.place.kind in (*SETTLEMENT_KINDS, "district") and pick.score >= ANCHOR_MIN_SCORE
                    and pick.place.source != first.pick.place.source)):
                picks = dict(actx.first_pass) if picks is None else picks
                picks[span.name] = res
        return actx if picks is None else _with_signals(actx, picks)

    def resolve_span(self, actx: ArticleContext, span: Span, *, alone: bool = True) -> Resolution:
        """Rank the candidates of one span with its article as context (a lone candidate keeps its first-pass
        ranking unless ``alone`` is False)."""
        matches = self.matches(span.name)
        codes = self._code_places.get(span.key)
        if codes and not _codes_after_place(actx, span):  # "Wash." alone is no state: only "Seattle, Wash." is
            capitals = _a_code_in_capitals(span)  # "WA" is no Wa, Ghana; "US" is still the United States
            matches = tuple(m for m in matches if m.place.source not in codes
                            and not (capitals and m.primary and m.place.kind in (*SETTLEMENT_KINDS, "district")))
            if not matches:
                return Resolution(query=span.name)
        elif len(matches) == 1 and alone:
            return self.first_pass(span.name)
        return rank(span.name, matches, context_for(actx, span), self.gazetteer, explain="pick only")

    def mentions(self, article: Article, *, front_km: Callable[[float, float], float] | None = None,
                 front_label: str = "") -> list[Mention]:
        """Every place mention of ``article``, each resolved with the article as context."""
        return self.parse(article, front_km=front_km, front_label=front_label)[1]

    def parse(self, article: Article, *, front_km: Callable[[float, float], float] | None = None,
              front_label: str = "") -> tuple[ArticleContext, list[Mention]]:
        """The article's context (spans, sentences, signals) and its resolved mentions."""
        actx = self.article_context(article.text, front_km=front_km, front_label=front_label)
        return actx, self.mentions_in(actx, article.id)

    def mentions_in(self, actx: ArticleContext, article_id: str = "") -> list[Mention]:
        """The resolved mentions of a text whose context is already built."""
        out = []
        adjectives = self._adjectives
        for span in actx.spans:
            k = actx.sentence_index(span.start)
            sent = actx.excerpt(k, span.start, span.end) if k >= 0 else ""
            res = self.resolve_span(actx, span)
            pick = res.pick
            if pick is None:
                continue  # known only as a name in capitals ("DAY" is Dayton's airport code; "Day" is a word)
            if _a_persons_name(actx, span, pick):
                continue
            adjective = (pick.place.kind in (*WHOLE_AREA_KINDS, "region")
                         and normalize_name(span.text) in adjectives)
            if adjective and (_ADJECTIVE_AS_NOUN.match(actx.text, span.end)
                              or _PHYSICAL_FEATURE_AFTER.match(actx.text, span.end)
                              or (_LANGUAGE_AFTER.match(actx.text, span.end)
                                  and _IN_BEFORE.search(actx.text, max(0, span.start - 8), span.start))):
                continue
            if _water_by_its_adjective(actx.text, span, pick) or _a_country_in_waters_name(actx.text, span, pick) \
                    or _a_town_in_a_rivers_name(actx.text, span, pick) \
                    or _DISEASE_AFTER.match(actx.text, span.end) is not None:
                continue
            mention = Mention(article_id, span.start, span.end, span.text, sent, span.name, pick, adjective)
            # "the Pacific" is no adjective once read as the ocean (:func:`_water_by_its_adjective`)
            word = pick.place.kind not in WATER_KINDS and (_english_word(span, self.gazetteer)
                                                           or _plural_name(span, pick, self.gazetteer))
            month = span.key in MONTH_KEYS and _word_rule_applies(pick)
            translated = _translated_words(span, pick, adjective)
            airport = _airport_by_short_name(actx, span, pick)
            in_focus = _by_another_name(pick) and _in_focus_country(actx, span, pick)
            if _colon_dateline(actx.text, span, pick):
                pass  # "Muscat: ...": a dateline places it ("muscat" is also a grape)
            elif month or translated or airport or _a_word_with_its_article(span, pick, word) \
                    or _small_place_word(actx.text, span, pick, word, in_focus) \
                    or _in_other_name(actx, span, pick) or _street_like(span, pick) or _acronym_alias(span, pick) \
                    or _a_persons_word(actx, span, pick) or _a_surname(actx.text, span, pick) \
                    or _out_of_focus(actx, span, pick) or _the_before_a_town(actx.text, span, pick) \
                    or _bare_county_in_a_name(actx.text, span, pick) \
                    or _in_a_lake_or_mountains_name(actx.text, span, pick):
                # a lone candidate comes from the first pass, ranked without context: rank it with the article
                ranked = self.resolve_span(actx, span, alone=False).pick if res is self.first_pass(span.name) else pick
                strict = translated or airport or (
                    (word or month) and pick.place.kind not in WHOLE_AREA_KINDS
                    and pick.place.population < WORD_PLACE_MAX_POPULATION) or (
                    # a common surname the text writes after another name ("Tavion Clark") is that person's
                    # wherever it stands alone, unless the text places it firmly (a town 30 km away is not enough)
                    actx.people is not None and span.key in actx.people.in_names
                    and _a_surname(actx.text, span, pick)) or (
                    # so is a small place's name the text writes after a word that is no English word ("Chrystia
                    # Freeland ... Freeland, the trade envoy", "Dyfed-Powys Police")
                    actx.people is not None and span.key in actx.people.after_proper
                    and _in_other_name(actx, span, pick)) or (
                    # a word of two or three letters that is only another name of a small place ("El" for Yale,
                    # Michigan) is an article, an initial or a code far more often
                    len(span.key) <= 3 and _by_another_name(pick) and pick.place.kind in SETTLEMENT_KINDS
                    and pick.place.population < SMALL_PLACE_POPULATION)
                if _unsupported(ranked, WORD_SUPPORT_MIN_WEIGHT if strict else SUPPORT_MIN_WEIGHT):
                    continue
            out.append(mention)
        return out


# --------------------------------------------------------------------------- context


ANCHOR_MIN_SCORE = 0.8
"""The score a settlement's or district's reading needs to anchor the text's other names (see :class:`Anchor`)."""


@dataclass(frozen=True, slots=True)
class _Signals:
    """What the whole article says (countries, regions, confident places), computed once per article.

    Weights: a country named elsewhere 0.4, in the same sentence 0.8; a region 0.8 / 1.5.
    """

    countries: dict[str, tuple[float, str]]
    regions: dict[tuple[str, str], tuple[float, str]]
    anchors: tuple[Anchor, ...]
    cells: dict[int, tuple[tuple[int, tuple[Anchor, ...]], ...]]
    votes: tuple[Anchor, ...]
    """What the text's focus is counted over: the anchors, and for names placed with no confidence whose
    readings agree on a country (:attr:`ArticleContext.agreed`), that country (and region) without a point."""
    in_sentence: dict[int, tuple[dict[str, tuple[float, str]], dict[tuple[str, str], tuple[float, str]]]]
    sentence_cues: dict[int, _SentenceCues] = field(default_factory=dict)
    """Filled lazily, once per sentence: what every span in that sentence shares."""
    named_only_by: dict[str, tuple[frozenset[str], frozenset[tuple[str, str]]]] = field(default_factory=dict)
    """Per name, the countries and regions that no other name of the text names: no evidence for that name itself
    ("Georgia" read first as the country is no sign the text is about the country Georgia)."""
    focus: dict[str, Focus | None] = field(default_factory=dict)
    """Filled lazily, once per name: the text's focus leaving that name out (:func:`geomap.resolve.focus_of`)."""
    self_named: dict[tuple[int, str], frozenset[Any]] = field(default_factory=dict)
    """Per (sentence, name), the countries (ISO codes) and regions ((country, admin1 code)) that only that name
    names in that sentence: for that name they weigh as named elsewhere in the text ("Holland praised" does not
    name the Netherlands in its own sentence for itself)."""


@dataclass(frozen=True, slots=True)
class _SentenceCues:
    """What one sentence says for all its spans: the countries and regions in force there, whether it
    reports a capture, and where its plural feature words ("the villages of") stand."""

    countries: dict[str, tuple[float, str]]
    regions: dict[tuple[str, str], tuple[float, str]]
    capture: bool
    plural_at: tuple[int, ...]
    plural_word: tuple[str, ...]


def _cues(actx: ArticleContext, sig: _Signals, k: int) -> _SentenceCues:
    cues = sig.sentence_cues.get(k)
    if cues is None:
        countries, regions = sig.countries, sig.regions
        if k in sig.in_sentence:
            local_c, local_r = sig.in_sentence[k]
            countries = {**countries, **local_c}
            regions = {**regions, **local_r}
        capture = False
        plural: list[re.Match[str]] = []
        if k >= 0:
            sent = actx.sentences[k]
            capture = bool(_CAPTURE.search(actx.text, sent.start, sent.end))
            plural = list(_PLURAL_FEATURE.finditer(actx.text, sent.start, sent.end))
        cues = sig.sentence_cues[k] = _SentenceCues(countries, regions, capture, tuple(m.end() for m in plural),
                                                    tuple(m.group("word") for m in plural))
    return cues


def _with_signals(actx: ArticleContext, picks: dict[str, Resolution] | None = None) -> ArticleContext:
    countries: dict[str, tuple[float, str]] = {}
    by_region: dict[str, tuple[float, str]] = {}
    regions: dict[tuple[str, str], tuple[float, str]] = {}
    anchors: dict[str, Anchor] = {}
    agreeing: dict[str, Anchor] = {}
    in_sentence: dict[int, tuple[dict, dict]] = {}
    code_places = actx.gazetteer.code_places
    country_namers: dict[str, set[str]] = {}
    region_namers: dict[tuple[str, str], set[str]] = {}
    sentence_namers: dict[tuple[int, Any], set[str]] = {}
    picked = actx.first_pass if picks is None else picks
    for other in actx.spans:
        res = picked.get(other.name)
        pick = res.pick if res else None
        if pick is None:
            continue
        p = pick.place
        k = actx.sentence_index(other.start)
        codes = _codes_after_place(actx, other)
        if codes:
            # "Helena, Mont.": the regions that code stands for are named, whatever the word alone would be
            for source in sorted(codes):
                r = actx.gazetteer.get(source)
                regions.setdefault((r.country, r.admin1_code), (0.8, f"{r.name} region"))
                in_sentence.setdefault(k, ({}, {}))[1][(r.country, r.admin1_code)] = (1.5, f"{r.name} region")
                region_namers.setdefault((r.country, r.admin1_code), set()).add(other.key)
            continue
        if p.source in code_places.get(other.key, ()) or (
                other.key in code_places and _a_code_in_capitals(other) and p.kind in (*SETTLEMENT_KINDS, "district")
                and not _by_another_name(pick)):
            continue  # "Wash." alone: a code names its region only right after a place; "WA" is no Wa, Ghana
        if p.kind == "country":
            countries.setdefault(p.country, (0.4, p.name))
            in_sentence.setdefault(k, ({}, {}))[0][p.country] = (0.8, p.name)
            country_namers.setdefault(p.country, set()).add(other.key)
            sentence_namers.setdefault((k, p.country), set()).add(other.key)
        elif p.kind == "region":
            rkey = (p.country, p.admin1_code)
            regions.setdefault(rkey, (0.8, f"{p.name} region"))
            in_sentence.setdefault(k, ({}, {}))[1][rkey] = (1.5, f"{p.name} region")
            region_namers.setdefault(rkey, set()).add(other.key)
            sentence_namers.setdefault((k, rkey), set()).add(other.key)
            if p.country not in by_region:
                home = actx.gazetteer.country(p.country)
                by_region[p.country] = (0.4, f"{p.name}, in {home.name if home else p.country}")
            country_namers.setdefault(p.country, set()).add(other.key)
        elif p.kind in (*SETTLEMENT_KINDS, "district") and not _a_persons_name(actx, other, pick) \
                and other.key not in MONTH_KEYS \
                and not _small_place_word(actx.text, other, pick) \
                and not _a_surname(actx.text, other, pick) \
                and not _by_a_far_name(other, pick):
            # "Voters" (a hamlet) may be a word, "Welch" a person, "in March" a date; "Southold" only another
            # name of South Bend ("Khan Younis" is a spelling of Khān Yūnis)
            if pick.score >= ANCHOR_MIN_SCORE:
                anchors.setdefault(p.source, Anchor(other.name, p.lat, p.lon, p.source, other.key, p.country,
                                                    p.admin1_code))
            elif other.name in actx.agreed:
                cc, region = actx.agreed[other.name]
                agreeing.setdefault(other.key, Anchor(other.name, math.nan, math.nan, "", other.key, cc, region))
    for cc, named in by_region.items():  # "Alabama and Tennessee": the text is about the US too
        countries.setdefault(cc, named)
    ordered = tuple(sorted(anchors.values(), key=lambda a: a.source))
    anchored = {a.key for a in ordered}
    votes = ordered + tuple(a for k, a in sorted(agreeing.items()) if k not in anchored)
    alone: dict[str, tuple[set[str], set[tuple[str, str]]]] = {}
    for cc, keys in country_namers.items():
        if len(keys) == 1:
            alone.setdefault(next(iter(keys)), (set(), set()))[0].add(cc)
    for rkey, keys in region_namers.items():
        if len(keys) == 1:
            alone.setdefault(next(iter(keys)), (set(), set()))[1].add(rkey)
    # a country or region named in a sentence by one name only is no evidence of that sentence for that name itself
    self_named: dict[tuple[int, str], set[Any]] = {}
    for (k, what), keys in sentence_namers.items():
        if len(keys) == 1:
            self_named.setdefault((k, next(iter(keys))), set()).add(what)
    signals = _Signals(countries, regions, ordered, anchor_cells(ordered), votes, in_sentence,
                       named_only_by={k: (frozenset(c), frozenset(r)) for k, (c, r) in alone.items()},
                       self_named={k: frozenset(v) for k, v in self_named.items()})
    return dataclasses.replace(actx, signals=signals)


def context_for(actx: ArticleContext, span: Span | None, *, country: str | None = None) -> Context:
    """The evidence around ``span`` (or, with no span, the text as a whole) for ranking its candidates."""
    text = actx.text
    if actx.signals is None:
        actx = _with_signals(actx)
    sig = actx.signals
    assert sig is not None
    key = span.key if span else ""
    here = actx.sentence_index(span.start) if span else -1
    cues = _cues(actx, sig, here)
    countries, regions = cues.countries, cues.regions
    own = sig.named_only_by.get(key)
    if own is not None:  # what only this name names is no evidence for its own readings
        countries = {c: v for c, v in countries.items() if c not in own[0]}
        regions = {r: v for r, v in regions.items() if r not in own[1]}
    mine = sig.self_named.get((here, key)) if key else None
    if mine:  # named in this sentence by this name alone: weighs as named elsewhere, if it is
        countries = {c: sig.countries[c] if c in mine else v for c, v in countries.items()
                     if c not in mine or c in sig.countries}
        regions = {r: sig.regions[r] if r in mine else v for r, v in regions.items()
                   if r not in mine or r in sig.regions}
    anchors = sig.anchors
    feature = compass = None
    codes: frozenset[str] = frozenset()
    listed_with: dict[str, str] = {}
    feature_weight = 1.0
    aliases: list[str] = []
    capture = contained = False
    holds: dict[tuple[str, str], tuple[float, str]] = {}
    if span is not None:
        before = text[max(0, span.start - 60):span.start]
        after = text[span.end:span.end + 60]
        m = _FEATURE_BEFORE.search(before) or _FEATURE_ADJ_BEFORE.search(before)
        if m or ((m := _FEATURE_AFTER.match(after)) and not key.endswith(("airport", "base"))):
            feature = _feature_word(m.group("word"))
        else:
            n = bisect.bisect_right(cues.plural_at, span.start)  # the last "villages of" before the span
            if n:
                feature, feature_weight = _feature_word(cues.plural_word[n - 1]), 0.6
        c = _COMPASS_BEFORE.search(before)
        if c:
            compass = c.group("dir").lower().replace("-", "")
        a = _ALIAS_AFTER.match(after)
        if a:
            aliases.append(a.group("alias") or a.group("hyph") or a.group("paren"))
        aliases.extend(m.group(1) for m in _ALIAS_BEFORE.finditer(before))
        capture = cues.capture
        countries, regions, contained = _hierarchy(actx, span, countries, regions)
        codes = _codes_after_place(actx, span)
        before = _place_before(actx, span)
        if before is not None:  # "Kelly, Wyoming": the regions that hold a Kelly are its likely readings
            said = " ".join(text[before.start:span.end].split())
            held = {k: (HIERARCHY_WEIGHTS[","], f"'{said}'") for k in _regions_holding(actx, before)}
            if _in_list(actx, before, span):  # "Oslo, Copenhagen, Hamburg": only a region reading gains
                holds = held
            else:
                regions = {**regions, **held}
        listed_with = _listed_with(actx, span)
    return Context(
        countries=countries, regions=regions, anchors=anchors, anchor_cells=sig.cells, focus=_focus(sig, key),
        feature=feature, feature_weight=feature_weight, compass=compass, aliases=tuple(aliases),
        capture=capture, front_km=actx.front_km, front_label=actx.front_label, country=country, codes=codes,
        holds=holds, listed_with=listed_with, contained=contained,
    )


def _focus(sig: _Signals, key: str) -> Focus | None:
    """The text's focus leaving out the name ``key`` (the whole text's for ""), computed once per name."""
    if key not in sig.focus:
        if "" not in sig.focus:
            sig.focus[""] = focus_of(sig.votes)
        sig.focus[key] = focus_without(sig.focus[""], [a for a in sig.votes if a.key == key]) if key \
            else sig.focus[""]
    return sig.focus[key]


_LIST_GAP = re.compile(r",?\s+(?:and|or)\s+|,\s*")


def _listed_with(actx: ArticleContext, span: Span) -> dict[str, str]:
    """The kinds of the names listed right before and after ``span`` ("England and |Wales|", "Texas, |Georgia| and
    Alabama") that read first as a region or a country, each with the name (see :attr:`Context.listed_with`)."""
    spans = actx.spans
    n = bisect.bisect_right(spans, span.start - 1, key=lambda s: s.end)  # spans ending before it
    m = bisect.bisect_left(spans, span.end, key=lambda s: s.start)  # the first starting after it
    neighbours = ([(spans[n - 1], spans[n - 1].end, span.start)] if n else []) \
        + ([(spans[m], span.end, spans[m].start)] if m < len(spans) else [])
    out: dict[str, str] = {}
    for other, gap_start, gap_end in neighbours:
        if not _LIST_GAP.fullmatch(actx.text, gap_start, gap_end):
            continue
        first = actx.first_pass.get(other.name)
        kind = first.pick.place.kind if first is not None and first.pick is not None else ""
        if other.start >= span.end and _CONTAINER_GAP.fullmatch(actx.text, gap_start, gap_end) \
                and first is not None and first.pick is not None and _may_hold(actx, span, first.pick.place):
            return {}  # "Florida and Washington, D.C.": what follows a comma may hold it; the hierarchy decides
        if kind in ("region", "country"):
            out.setdefault(kind, f"'{other.text}'")
    return out


def _may_hold(actx: ArticleContext, span: Span, place: Any) -> bool:
    """Whether some reading of ``span`` lies in ``place``'s country (a country) or first-level region."""
    return any(m.place.country == place.country and (place.kind == "country"
                                                     or m.place.admin1_code == place.admin1_code)
               for m in actx.gazetteer.lookup_cased(span.name) if m.place.source != place.source)


_CONTAINER_GAP = re.compile(r",\s*| ?\(\s*")
"""Between a place and a name that may hold it: a comma or a bracket ("Walker County, Georgia", "Walker County
(Georgia)")."""


def _place_before(actx: ArticleContext, span: Span) -> Span | None:
    """The span right before ``span`` and a comma or a bracket ("Portland, |OR", "Walker County (|Georgia"), if
    there is one. (A code in brackets is no span: "KAZAN (AP)".)"""
    n = bisect.bisect_left(actx.spans, span.start, key=lambda s: s.start)
    before = actx.spans[n - 1] if n else None
    return before if before and _CONTAINER_GAP.fullmatch(actx.text, before.end, span.start) else None


_LIST_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_LIST_ITEM_NEXT = re.compile(r",\s*[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)?(?:\s*,|\s+(?:and|or)\s)")
"""A comma and a capitalised name (known as a place or not) followed by another comma or "and": a list goes on."""


def _in_list(actx: ArticleContext, first: Span, second: Span) -> bool:
    """Whether "first, second" is part of a list of places rather than a place and its container: a place and a
    comma come before ``first`` ("Oslo, Copenhagen, Hamburg"), or a comma or "and" and a place after ``second``
    ("Copenhagen, Hamburg and Berlin"), or a comma and a name followed by one of those ("Hamburg, Brasov and")."""
    if _place_before(actx, first) is not None:
        return True
    if _LIST_ITEM_NEXT.match(actx.text, second.end):
        return True
    n = bisect.bisect_right(actx.spans, second.start, key=lambda s: s.start)
    return n < len(actx.spans) and _LIST_NEXT.fullmatch(actx.text, second.end, actx.spans[n].start) is not None


def codes_named_in_full(gazetteer: Gazetteer, text: str, key: str) -> frozenset[str]:
    """The regions a code in capitals (``key``, normalised: "bc", "nsw") stands for that ``text`` also names in
    full ("British Columbia", "New South Wales"): there the code alone means that region, as an abbreviation
    the text has spelled out. A code that is an English word ("IN", "OR", "ME") never does."""
    if key in common_words():
        return frozenset()
    named = set()
    for source in gazetteer.code_places.get(key, ()):
        name = gazetteer.get(source).name
        if len(name) > len(key) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            named.add(source)
    return frozenset(named)


def _a_code_in_capitals(span: Span) -> bool:
    """Whether ``span`` (whose key is a region's code) is written as a code: two or three capital letters ("WA",
    "NSW"). Alone, not after a place, it stands for a region the text does not say ("wastewater in WA": Washington
    or Western Australia), and it is no town by that name ("Wa" in Ghana)."""
    word = span.text.strip()
    return 2 <= len(word) <= 3 and word.isalpha() and word.isupper()


def _codes_in_focus_country(actx: ArticleContext, codes: frozenset[str]) -> frozenset[str]:
    """The regions among ``codes`` in a country the text names, or where most of its confidently placed names lie:
    a dotted abbreviation standing alone ("moved to N.J.", "fires in B.C.") is its region in a story on that
    country, and no place elsewhere. Empty before the text's signals are known (a code alone is no evidence for
    other names)."""
    sig = actx.signals
    if sig is None:
        return frozenset()
    focus = _focus(sig, "")
    out = set()
    for source in codes:
        country = actx.gazetteer.get(source).country
        n = focus.countries.get(country, 0) if focus is not None else 0
        if country in sig.countries or (focus is not None and 2 * n > focus.total):
            out.add(source)
    return frozenset(out)


def _codes_after_place(actx: ArticleContext, span: Span) -> frozenset[str]:
    """The regions ``span`` is a code of when it comes right after another place and a comma ("Helena, Mont."):
    those that hold the most populous place of that name, when some hold one ("Portland, OR" is Oregon, not
    Oromiya)."""
    codes = actx.gazetteer.code_places.get(span.key)
    before = _place_before(actx, span) if codes else None
    after = _AFTER_PLACE_BRACKET if actx.text.startswith(".", span.end) else _AFTER_PLACE
    if before is not None and not after.fullmatch(actx.text, before.end, span.start):
        before = None  # a code follows a comma: "SEOUL, South Korea (CNN)" is a wire's credit
    if codes and before is None and _after_dateline(actx.text, span.start):
        return codes  # "CAMP MURRAY, Wash.": the dateline's place is unknown, its region's code is not
    if codes and before is None and span.text in actx.gazetteer.dotted_codes:
        return _codes_in_focus_country(actx, codes)  # "moved to N.J." in a story on the US
    if codes and before is None and span.text.isupper():
        named = codes_named_in_full(actx.gazetteer, actx.text, span.key)
        if named:
            return named  # "British Columbia ... the BC Wildfire Service": a code spelled out
    if not codes or before is None:
        return frozenset()
    # the regions holding the most populous namesake of the place before: "Washington, D.C." is the capital's
    # district, not Bogota's (which holds a small Washington too)
    holding = _regions_holding(actx, before)
    held = {c: holding[rk] for c in codes if (rk := _region_key(actx.gazetteer.get(c))) in holding}
    if not held:
        return codes
    top = max(held.values())
    return frozenset(c for c, pop in held.items() if pop == top)


def _region_key(place: Any) -> tuple[str, str]:
    return (place.country, place.admin1_code)


def _regions_holding(actx: ArticleContext, span: Span) -> dict[tuple[str, str], int]:
    """The (country, admin1 code) of every place ``span``'s name may be, with the population of the largest such
    place there."""
    largest: dict[tuple[str, str], int] = {}
    for m in actx.gazetteer.lookup_cased(span.name):
        if m.place.kind not in ("region", *WHOLE_AREA_KINDS):
            rk = _region_key(m.place)
            largest[rk] = max(largest.get(rk, 0), m.place.population)
    return largest


COMPOUND_WORD_MAX_POPULATION = 100_000
"""A word right after a place in one capitalised name is taken as a place of its own only when it reads as a
country, region or a city of this many people ("Washington University" is one name; "Kazan Kazan" two places)."""
TINY_PLACE_POPULATION = 1_000
"""A name of several words whose best reading is a settlement smaller than this needs support too."""
SMALL_PLACE_POPULATION = 10_000
"""A one-word name whose best reading is a settlement smaller than this needs support to be taken as a place."""
WORD_PLACE_MAX_POPULATION = 1_000_000
"""A name that is also an English word needs support unless it reads as a country or a settlement this populous."""
_OF_BEFORE = re.compile(r"\bof\s+$", re.IGNORECASE)


def _english_word(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a one-word name is also an English word (:func:`geomap.gazetteer.common_words`: "Commerce",
    "Centre", "Time"), not a region's code or an adjective ("Wash.", "French")."""
    word = span.text.strip().removeprefix("the ")  # "the Valley" (Anguilla's capital) is a word with its article
    return (word.isalpha() and word.istitle() and word.lower() in common_words()
            and span.key not in gazetteer.code_keys and span.key not in gazetteer.adjective_keys)


def _plural_name(span: Span, pick: Any, gazetteer: Gazetteer) -> bool:
    """Whether a one-word name is a capitalised English word that takes a plural (:func:`plural_names`: "Arab",
    "Cherokee", "Apache") read as a settlement of fewer than :data:`SMALL_PLACE_POPULATION` people: "Arab leaders"
    are no people of Arab, Alabama, and "Apache helicopters" come from no village; such a name needs the support an
    English word needs ("Arab, Alabama" has it)."""
    word = span.text.strip()
    p = pick.place
    return (word.isalpha() and word.istitle() and word.lower() in plural_names()
            and p.kind in SETTLEMENT_KINDS and p.population < SMALL_PLACE_POPULATION
            and span.key not in gazetteer.code_keys and span.key not in gazetteer.adjective_keys)


def _a_word_with_its_article(span: Span, pick: Any, word: bool) -> bool:
    """Whether "the" and an English word read as a place of under :data:`COMPOUND_WORD_MAX_POPULATION` people by a
    name with its article ("in the Valley" is Anguilla's capital by name): news means a valley far more often, so
    the reading needs support (so does "the Woodlands", 93,847 people by GeoNames' count); "the Hague" and "the
    Bronx", far bigger, need none."""
    return word and span.text.startswith("the ") and pick.place.population < COMPOUND_WORD_MAX_POPULATION


def _word_rule_applies(pick: Any) -> bool:
    """Whether an English word read as ``pick`` must show it is a place: no country, continent, or city of
    :data:`WORD_PLACE_MAX_POPULATION` people or more."""
    p = pick.place
    return p.kind not in WHOLE_AREA_KINDS and (p.kind not in SETTLEMENT_KINDS
                                               or p.population < WORD_PLACE_MAX_POPULATION)


SPELLING_MIN_SIMILARITY = 0.8
"""How alike (difflib's ratio of the letters) another name and a place's own must be for the other to be a
spelling of it ("Khan Younis" for Khān Yūnis, 0.95) rather than another name altogether ("Southold" for South
Bend, 0.63)."""


def _by_a_far_name(span: Span, pick: Any) -> bool:
    """Whether ``pick`` was read by another name of its place that is no spelling of its own
    (:data:`SPELLING_MIN_SIMILARITY`): such a reading anchors no other name."""
    if not _by_another_name(pick):
        return False
    own = normalize_name(pick.place.name).replace(" ", "")
    return difflib.SequenceMatcher(None, span.key.replace(" ", ""), own).ratio() < SPELLING_MIN_SIMILARITY


def _by_another_name(pick: Any) -> bool:
    """Whether ``pick`` was read by one of its place's alternate names, not its own (its reasons say so)."""
    return any(ALTERNATE_REASON in r for r in pick.reasons)


def _small_place_word(text: str, span: Span, pick: Any, word: bool = False, in_focus: bool = False) -> bool:
    """Whether a found name may be a word or a surname rather than a place: one word, its best reading a
    settlement of fewer than :data:`SMALL_PLACE_POPULATION` people or one known by this name only as an
    alternate name ("Chen" for Chenzhou, "Balart" for Ballarat; not a city of :data:`WORD_PLACE_MAX_POPULATION`
    people by a name that is no word or person's name: "Bombay", "Chittagong"), or (``word``) an English word
    whose best reading is no country and no city of :data:`WORD_PLACE_MAX_POPULATION` people ("Commerce",
    "Centre", "Time"); and no locative before it ("in", "near", "village of"). Such a name is kept only with
    support from the article (:func:`_unsupported`)."""
    p = pick.place
    if word and _word_rule_applies(pick):
        before = max(0, span.start - 24)  # "Ministry of Commerce": "of" alone is no locative here
        return not (_locative_before(text, span.start) and not _OF_BEFORE.search(text, before, span.start)) \
            and not _FEATURE_BEFORE.search(text, before, span.start)
    alternate = _by_another_name(pick)
    if p.kind not in (*SETTLEMENT_KINDS, "district") \
            and not (p.kind == "region" and alternate and p.population < WORD_PLACE_MAX_POPULATION
                     and " " not in span.name.strip()):  # "Kherson" in "the Kherson and Sumy regions"
        return False  # a small region only by another word is as weak a reading ("Les" for Lezhë county)
    if " " in span.text.strip() or "-" in span.text:  # "Red Cross", a village of 742: only the smallest
        return p.population < TINY_PLACE_POPULATION and not _locative_before(text, span.start)
    if p.population >= SMALL_PLACE_POPULATION and not alternate:
        return False
    if alternate and _a_lone_proper_word(text, span) and (
            p.population >= WORD_PLACE_MAX_POPULATION or (in_focus and p.population >= SMALL_PLACE_POPULATION)):
        # a city of millions by its former name ("Bombay", "Peking", "Chittagong") is that city, and so is a town
        # of 10,000 by another spelling in the country the text is about ("Zalingei" for Zalinjay in Sudan)
        return False
    return not _locative_before(text, span.start)


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w’'-]*\s+$")
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z]")


def _a_lone_proper_word(text: str, span: Span) -> bool:
    """Whether ``span`` is one capitalised word of letters, no code ("TNA", "P.A.") and no English word, given name
    or common surname ("Canton", "Madras", "Chen"), with no capitalised word right before or after it that would
    make it part of a person's name ("Tariq Riad")."""
    word = span.text.strip()
    key = word.lower()
    return (word.isalpha() and word.istitle() and len(word) >= 4
            and key not in common_words() and key not in surnames() and key not in given_names()
            and _CAPITALISED_BEFORE.search(text, max(0, span.start - 30), span.start) is None
            and _CAPITALISED_AFTER.match(text, span.end) is None)


SUPPORT_MIN_WEIGHT = 0.5
"""The least weight of one piece of evidence that supports a small place's reading (a place 45 km away adds 0.5)."""


_THE_BEFORE = re.compile(r"(?:^|\W)[Tt]he\s+$")
_LOWER_THE_BEFORE = re.compile(r"(?:^|\W)the $")
_PREPOSITION_BEFORE = re.compile(r"\b(?:to|of|in|for|from|with|at)\s+(?:the\s+)?$")
_ENDS_PHRASE = re.compile(
    r"\s*(?:[.,;:!?)\"”’—–]|$|\s(?:and|or|but|is|was|are|were|has|had|have|will|would|can|could|in|on|at|to|of|"
    r"for|from|with|as|by|that|which|where|since|after|before|until)\b)")


def _the_before_a_town(text: str, span: Span, pick: Any) -> bool:
    """Whether a name after "the" that ends its phrase reads as a settlement: news writes a town's or a city's
    name bare, so "across the Atlantic", "in the Middle East", "the Congress.", "across the Dnipro were told" are an
    ocean, a region, an assembly, a river (Atlantic, Iowa; Middle East, Baltimore; Congress, Arizona; the city of
    Dnipro, 300 km upstream of Kherson), and such a reading needs support. A town's name modifying a noun after
    it stays ("the Kupiansk direction"), as does a place whose own name has the article ("The Hague")."""
    p = pick.place
    return (p.kind in SETTLEMENT_KINDS
            and not p.name.casefold().startswith("the ")
            and _THE_BEFORE.search(text, max(0, span.start - 5), span.start) is not None
            and _ENDS_PHRASE.match(text, span.end) is not None)


_FEATURE_WORD = re.compile(r"\b(?:Sea|Ocean|Gulf|Bay|Straits?|Channel|Sound|Passage)\b")
_THE_WATERS_PART_BEFORE = re.compile(
    r"(?:^|\W)[Tt]he\s+(?:(?:(?:north|south)?(?:east|west)(?:ern)?|north(?:ern)?|south(?:ern)?|central|tropical|"
    r"subtropical|equatorial|open)\s+){0,3}$")
""""the", then words for a part of a sea, before its name: "the Atlantic", "the eastern tropical Atlantic"."""


def _water_by_its_adjective(text: str, span: Span, pick: Any) -> bool:
    """Whether a sea or an ocean is read by another name with no word saying it is water ("Atlantic", "Baltic",
    "Celtic", "Arabian") where that name is no noun: news writes "across the Atlantic", "in the Baltic", while
    "Celtic beat Rangers", "an Arabian horse", "the Atlantic Council" are a club, an adjective, a name. Without
    "the" before it (words for a part of the sea may stand between: "the eastern tropical Atlantic"), or with a
    capitalised word right after it, the reading is dropped."""
    return (pick.place.kind in WATER_KINDS and _by_another_name(pick) and _FEATURE_WORD.search(span.text) is None
            and (_THE_WATERS_PART_BEFORE.search(text, max(0, span.start - 50), span.start) is None
                 or _CAPITALISED_AFTER.match(text, span.end) is not None))


_WATER_OF_BEFORE = re.compile(r"\b(?:Gulf|Sea|Bay|Bight|Straits?) of (?:the )?$")
_WATER_AFTER = re.compile(r" (?:Sea|Ocean)\b")


def _a_country_in_waters_name(text: str, span: Span, pick: Any) -> bool:
    """Whether a country (or a continent, a region of the world) is read inside the name of a sea the gazetteer
    does not hold: "the Gulf of Mexico", "the East China Sea" are no mention of Mexico or China, whose points lie
    far inland. A city or region there stays ("the Gulf of Riga", "the Strait of Hormuz"): it lies on that water."""
    return (pick.place.kind in WHOLE_AREA_KINDS
            and (_WATER_OF_BEFORE.search(text, max(0, span.start - 20), span.start) is not None
                 or _WATER_AFTER.match(text, span.end) is not None))


_DISEASE_AFTER = re.compile(
    r"[\s-]+(?:(?:hemorrhagic|haemorrhagic|respiratory|spotted)\s+)?(?:virus|fever|disease|encephalitis|syndrome)\b")
"""After a name, a disease named after a place: "Lassa fever" in Nigeria is no mention of Lhasa, nor "Marburg
virus" in Rwanda of Marburg, "Lyme disease" of Lyme, Connecticut, "Japanese encephalitis" of Japan, or "Middle
East respiratory syndrome" of the Middle East. A generic word after a place stays its own ("Chicago flu cases")."""
_RIVER_BEFORE = re.compile(r"\bRiver\s+$")
_RIVER_AFTER = re.compile(r"\s+[Rr]iver\b")
_LAKE_OR_MOUNT_BEFORE = re.compile(r"\b(?:Lake|Mount|Mt\.?)\s+$")
_LAKE_OR_MOUNTAINS_AFTER = re.compile(r"\s+(?:Lake|Mountains?|Hills|Range)\b")


def _a_town_in_a_rivers_name(text: str, span: Span, pick: Any) -> bool:
    """Whether a settlement is read inside a river's name the gazetteer does not hold: "crossed the Dnipro River
    near Kherson" is no mention of the city of Dnipro, 300 km upstream, nor "the Hudson River" of Hudson, New
    York. A country or region there stays ("the Mississippi River" flows in Mississippi)."""
    return (pick.place.kind in SETTLEMENT_KINDS
            and (_RIVER_AFTER.match(text, span.end) is not None
                 or _RIVER_BEFORE.search(text, max(0, span.start - 8), span.start) is not None))


def _in_a_lake_or_mountains_name(text: str, span: Span, pick: Any) -> bool:
    """Whether a settlement, district or region is read inside a lake's or a mountain's name the gazetteer does not
    hold ("Lake Victoria", "Mount Kenya" aside, a country): such a reading needs support from the text, which "Lake
    Victoria near Kampala" does not give (the Victorias are in Canada, the Seychelles and Australia). A town that
    gives its lake its name keeps its reading where the text supports it."""
    return (pick.place.kind in (*SETTLEMENT_KINDS, "district", "region")
            and (_LAKE_OR_MOUNT_BEFORE.search(text, max(0, span.start - 8), span.start) is not None
                 or _LAKE_OR_MOUNTAINS_AFTER.match(text, span.end) is not None))


def _bare_county_in_a_name(text: str, span: Span, pick: Any) -> bool:
    """Whether a county or district is read by its bare name (no "County", "Parish") with a capitalised word right
    after it: that word most often goes on with another name ("at Glacier Ridge", a school), so the reading needs
    support, a locative before it notwithstanding."""
    return (pick.place.kind == "district" and _by_another_name(pick)
            and _CAPITALISED_AFTER.match(text, span.end) is not None)


FOCUS_COUNTRY_SHARE = 0.5
"""The share of a text's confidently placed names (two at least) that must lie in a country for the text to be
about it (:func:`_in_focus_country`)."""


def _in_focus_country(actx: ArticleContext, span: Span, pick: Any) -> bool:
    """Whether at least :data:`FOCUS_COUNTRY_SHARE` of the text's other confidently placed names, two or more, lie
    in ``pick``'s country."""
    sig = actx.signals
    if sig is None or not pick.place.country:
        return False
    focus = _focus(sig, span.key)
    if focus is None or focus.total < 2:
        return False
    return focus.countries.get(pick.place.country, 0) >= FOCUS_COUNTRY_SHARE * focus.total


def _translated_words(span: Span, pick: Any, adjective: bool = False) -> bool:
    """Whether a name of English words only is only an alternate name of its reading: several words and no
    country's ("White House" for Casablanca, a translation), or one word and a country's that is not its adjective
    ("Island" for Iceland, whose own name it is; "Upland Island Wilderness" is no Iceland). It then needs evidence
    of weight :data:`WORD_SUPPORT_MIN_WEIGHT`, after "at" too, however big the place."""
    words = span.text.split()
    kind = pick.place.kind
    if len(words) > 1:
        if kind in WHOLE_AREA_KINDS or kind in FEATURE_KINDS:  # "Ivory Coast"; "the Gulf" is English already
            return False
        if (words[-1].lower() in (*REGION_WORDS, *DISTRICT_WORDS)
                and normalize_name(" ".join(words[:-1])) == normalize_name(pick.place.name)):
            return False  # its own name and its unit: "the Red Sea state" of Sudan is no translation
    elif kind != "country" or adjective or span.text.isupper():  # "US" is no word
        return False
    return (all(w.isalpha() and w.lower() in common_words() for w in words)
            and _by_another_name(pick))


ACRONYM_ALIAS_MIN_POPULATION = WORD_PLACE_MAX_POPULATION
"""A place known by an acronym in capitals that is only an alternate name of it ("NYC", "LA") is taken for that
acronym without support only from this many people: smaller places' codes are mostly something else's acronym
("CNN" is Kannur's airport code)."""
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def _acronym_alias(span: Span, pick: Any) -> bool:
    """Whether a name in capitals of two to five letters reads as a place of under
    :data:`ACRONYM_ALIAS_MIN_POPULATION` people only by an alternate name (a code): it then needs support."""
    p = pick.place
    return (_ACRONYM.fullmatch(span.text) is not None and p.kind not in WHOLE_AREA_KINDS
            and p.population < ACRONYM_ALIAS_MIN_POPULATION and _by_another_name(pick))


def _street_like(span: Span, pick: Any) -> bool:
    """Whether a name ends in a street word ("Church Street", "Mill Road") and reads as a place of under a
    million people: a place by that name is rarer than a street, so it needs support (:func:`_unsupported`)."""
    last = span.text.rsplit(None, 1)[-1].lower().rstrip(".")
    return (last in STREET_WORDS and " " in span.text.strip()
            and pick.place.kind not in WHOLE_AREA_KINDS
            and pick.place.population < WORD_PLACE_MAX_POPULATION)


WORD_SUPPORT_MIN_WEIGHT = 1.0
"""The least weight of the evidence that supports an English word's reading as a place of under
:data:`WORD_PLACE_MAX_POPULATION` people: a region named in the same sentence, "Commerce, Texas", a place within
16 km; not its country named, nor its region named elsewhere (in US news naming a state, "Congress" and "Agency"
are villages of that state). A region of more people ("Wales") needs only :data:`SUPPORT_MIN_WEIGHT`."""


FOREIGN_PLACE_MAX_POPULATION = 100_000
"""A settlement smaller than this, in a country the text gives no sign of, needs support (:func:`_out_of_focus`)."""


def _out_of_focus(actx: ArticleContext, span: Span, pick: Any) -> bool:
    """Whether ``pick`` is a settlement of under :data:`FOREIGN_PLACE_MAX_POPULATION` people in a country the text
    gives no sign of (not named, none of its regions named, none of its other places there, no land neighbour
    named in the same sentence) while its other places point elsewhere, with no locative before it: news that
    names a small town abroad says where it is ("Zara" as a town in Turkey, in a story on a Spanish retailer, is
    the retailer). A locative does not spare a reading by another spelling ("a post at Bwera", in a story on
    Uganda, is no Bhera in Pakistan); a short form of the place's own name it does ("to Clacton"). Such a reading
    needs support."""
    sig = actx.signals
    p = pick.place
    if sig is None or p.kind not in SETTLEMENT_KINDS or p.population >= FOREIGN_PLACE_MAX_POPULATION \
            or (_locative_before(actx.text, span.start)
                and not (_by_another_name(pick) and not normalize_name(p.name).startswith(span.key))
                and _CAPITALISED_AFTER.match(actx.text, span.end) is None):
        # "at Bwera" (Uganda) is a place, but no Bhera in Pakistan; "to Clacton" is Clacton-on-Sea; "in Moss Side"
        # (Manchester) places the whole name, not Moss, Norway
        return False
    named = {*sig.countries, *(cc for cc, _ in sig.regions)}
    placed = {a.country for a in sig.votes if a.key != span.key}
    if p.country in named or p.country in placed or not (named or placed):
        return False
    # a country named in the same sentence is a sign for its neighbours' border towns ("Kleve, 6 km from the border
    # with the Netherlands")
    here = sig.in_sentence.get(actx.sentence_index(span.start), ({}, {}))[0]
    return not any(p.country in land_neighbours(cc) for cc in here)


AIRPORT_CITY_KM = 60.0
"""How near a place the text names with confidence must be to an airport read by its short name (km): the city
it serves ("Sheremetyevo" in a story about Moscow, 29 km away)."""


def _airport_by_short_name(actx: ArticleContext, span: Span, pick: Any) -> bool:
    """Whether an airport is read by an alternate name ("Heathrow", "Chopin": see
    :func:`geomap.gazetteer.airport_short_name`) with no locative before it and no place the text names with
    confidence within :data:`AIRPORT_CITY_KM`: many such names are people's ("Barkley said", "the Polish composer
    Chopin"), so it then needs evidence of weight :data:`WORD_SUPPORT_MIN_WEIGHT` (the word "airport")."""
    p = pick.place
    if p.kind != "airport" or _locative_before(actx.text, span.start) \
            or not _by_another_name(pick):
        return False
    anchors = actx.signals.anchors if actx.signals else ()
    return not any(sphere_km(a.lat, a.lon, p.lat, p.lon) <= AIRPORT_CITY_KM for a in anchors)


def _unsupported(pick: Any, min_weight: float = SUPPORT_MIN_WEIGHT) -> bool:
    """Whether nothing in the article points to this reading: no reason of :data:`SUPPORT_MIN_WEIGHT` or more
    beyond its prior and an alternate name (its country named in the same sentence, its region, a place
    nearby, an alias, a feature word, a capture each count; its country named elsewhere does not, nor the text's
    focus: most news names a country, so that says little of a village; nor a region's start above a same-named
    town, a prior). "Smith", "Center", "Court", "Kelly" in US news are dropped; "Kostiantynopolske, a Donetsk
    village" is kept."""
    return pick is None or not any((reason_weight(r) or 0.0) >= min_weight and FOCUS_REASON not in r
                                   and not r.startswith(REGION_OVER_TOWN_REASON) for r in pick.reasons)


HIERARCHY_WEIGHTS = {",": 2.5, "in": 2.0}
"""Evidence for a place inside the region or country named right after it: "London, Ontario" (comma),
"Paris in Texas" (in)."""
_HIERARCHY_GAP = re.compile(r"\s*(?:(?P<comma>,| ?\()|\s+in\s+(?:the\s+)?(?:state\s+of\s+|province\s+of\s+)?)\s*")


def _hierarchy(actx: ArticleContext, span: Span, countries: dict[str, tuple[float, str]],
               regions: dict[tuple[str, str], tuple[float, str]]
               ) -> tuple[dict[str, tuple[float, str]], dict[tuple[str, str], tuple[float, str]], bool]:
    """The countries and regions in force for ``span`` with the one named right after it ("X, Y", "X in Y")
    weighted as its container: every region or country the next name may be counts, and the region of every
    district it may be ("March, Cambridgeshire"); and whether the text names such a container."""
    n = bisect.bisect_right(actx.spans, span.start, key=lambda s: s.start)
    if n >= len(actx.spans):
        return countries, regions, False
    nxt = actx.spans[n]
    gap = _HIERARCHY_GAP.fullmatch(actx.text, span.end, nxt.start)
    if gap is None:
        return countries, regions, False
    w = HIERARCHY_WEIGHTS["," if gap.group("comma") else "in"]
    said = " ".join(actx.text[span.start:nxt.end].split())
    countries, regions = dict(countries), dict(regions)
    contained = False
    codes = actx.gazetteer.code_places.get(nxt.key, frozenset())
    for m in actx.gazetteer.lookup_cased(nxt.name):
        p = m.place
        if p.kind == "region" and (m.primary or p.source in codes):  # "Paris, TX" as well as "Paris, Texas"
            regions[(p.country, p.admin1_code)] = (w, f"'{said}' ({p.name})")
        elif p.kind == "country":
            countries[p.country] = (w, f"'{said}' ({p.name})")
        elif p.kind == "district" and m.primary and p.admin1_code:  # "March, Cambridgeshire": in its region
            regions.setdefault((p.country, p.admin1_code), (w, f"'{said}' ({p.name}, {p.admin1})"))
        else:
            continue
        contained = True
    return countries, regions, contained


class MentionIndex:
    """An article's mentions (in text order) looked up by offset, so that per-sentence and per-claim
    work costs the mentions nearby rather than all of them."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]

    def between(self, start: int, end: int) -> list[Mention]:
        """Mentions that start in ``[start, end)``, in text order."""
        lo = bisect.bisect_left(self._starts, start)
        return self.mentions[lo:bisect.bisect_left(self._starts, end, lo)]


def _feature_word(word: str) -> str:
    w = re.sub(r"\s+", " ", word.lower())
    return _SINGULAR.get(w, w)


def locate(name: str, actx: ArticleContext) -> Span | None:
    """The first span of the text that names ``name`` (same normalised key), if any."""
    key = normalize_name(name)
    for s in actx.spans:
        if s.key == key or normalize_name(s.text) == key:
            return s
    m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", actx.text, re.IGNORECASE)
    if m:
        return Span(m.start(), m.end(), m.group(0), name)
    return None


def find_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    """Place-name spans of one text (see :class:`Geoparser` for long jobs)."""
    return Geoparser(gazetteer, bulk=False).spans(text)


def mentions(article: Article, gazetteer: Gazetteer, **kw: object) -> list[Mention]:
    """Place mentions of one article (see :class:`Geoparser` for long jobs)."""
    return Geoparser(gazetteer, bulk=False).mentions(article, **kw)  # type: ignore[arg-type]


def article_context(text: str, gazetteer: Gazetteer, *, front_km: Callable[[float, float], float] | None = None,
                    front_label: str = "") -> ArticleContext:
    """Spans and first-pass picks of one text (see :class:`Geoparser` for long jobs)."""
    return Geoparser(gazetteer, bulk=False).article_context(text, front_km=front_km, front_label=front_label)
