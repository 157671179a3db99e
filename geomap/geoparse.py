"""Finding place names in text and resolving them with the article as context.

Owns: which stretches of text are place names (spans), the local cues around a
span (feature words, compass words, "known as" aliases, capture verbs), and the
article-level evidence (countries, regions and confidently placed settlements
the text names) that :func:`geomap.resolve.rank` weighs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geomap.gazetteer import REGION_WORDS, Gazetteer, normalize_name
from geomap.models import Article, Mention, Resolution
from geomap.reading import Sentence, iter_words, sentence_at, sentences
from geomap.resolve import SETTLEMENT_KINDS, Anchor, Context, rank

MAX_NGRAM = 5

# Words that are places somewhere but almost never in news prose unless context says so.
STOP_KEYS = frozenset(normalize_name(w) for w in """
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december the a an in on at of as by for to from with but and or if this that these
those it its he she they we you our their his her said says post police bar most split president minister
prime governor gov mayor army navy defense defence ministry kremlin pentagon white house state department
telegram twitter reuters afp ap tass dpa nato un eu putin trump zelensky zelenskyy biden lubinets podolyak
minnikhanov zarubin assad oreshnik russian russians ukrainian ukrainians american syrian western eastern
northern southern central north south east west republican democrat meanwhile however although since after
before earlier later today yesterday tomorrow tonight morning evening night videos video social media
anyone whoever latest advances patients seven six eight five four three two one ten more less some many
""".split())

# Capitalised words that may follow a place name without making it part of a person's or outlet's name.
_FUNCTION_KEYS = frozenset(normalize_name(w) for w in """
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december the a an in on at of as by for to from with but and or if on said
""".split())

REGION_WORD_RE = "|".join(REGION_WORDS)
_FEATURE_BEFORE = re.compile(
    r"\b(?P<word>villages?|towns?|cit(?:y|ies)|settlements?|hamlets?|air ?bases?|airports?|ports?)\s+of\s+"
    r"(?:the\s+)?$", re.IGNORECASE)
_FEATURE_ADJ_BEFORE = re.compile(
    r"\b(?P<word>village|town|city|settlement|hamlet)\s+$", re.IGNORECASE)
_FEATURE_AFTER = re.compile(r"^\s+(?P<word>air ?base|airbase|airport|village|town|city)\b", re.IGNORECASE)
_PLURAL_FEATURE = re.compile(r"\b(?P<word>villages|towns|cities|settlements)\s+of\b", re.IGNORECASE)
_COMPASS_BEFORE = re.compile(
    r"\b(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+"
    r"(?:(?:\w+\s+){0,2}(?:city|town|village|port|region)\s+of\s+)?$", re.IGNORECASE)
_ALIAS_AFTER = re.compile(
    r"^\s*(?:[,(—–-]\s*)?(?:(?:also|better|locally)\s+)?(?:known|called|named)\s+(?:as\s+)?"
    r"(?P<alias>[A-ZА-Я][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)|^-(?P<hyph>[A-Z][\w’']+)|^\s*\((?P<paren>[A-Z][\w’'\-]+)\)")
_CAPTURE = re.compile(
    r"\b(?:liberat\w*|captur\w*|took|taken|tak(?:e|es|ing)\s+(?:control|over)|seiz\w*|occup\w*|"
    r"overr?an|fell|control\s+of|entered|advanc\w*\s+(?:to|into|on))\b", re.IGNORECASE)
_REGION_OF_BEFORE = re.compile(rf"\b(?:{REGION_WORD_RE})\s+of\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text that names a place: offsets ``[start, end)``, its text, and the lookup name."""

    start: int
    end: int
    text: str
    name: str


def _is_candidate_token(word: str) -> bool:
    return word[0].isupper()


def _continues_proper_noun(text: str, end: int, gazetteer: Gazetteer) -> bool:
    """Whether the name ending at ``end`` runs on into a capitalised word that is no place and no
    stop word: "Vladimir Putin", "Moscow Times", "Kyiv Independent" are people and outlets."""
    m = re.match(r" ([A-Z][\w’'\-]*)", text[end:])
    if not m:
        return False
    nxt = normalize_name(m.group(1))
    return nxt not in _FUNCTION_KEYS and nxt not in REGION_WORDS and not gazetteer.known(m.group(1))


def find_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    """Place-name spans of ``text``, longest match first, left to right, non-overlapping.

    Capitalised word runs are tried as n-grams of up to five words against the
    gazetteer; a following "region"/"oblast" word joins the name ("Kharkiv
    region"), as does a preceding "region of". ALL-CAPS words are tried in title
    case; a lowercase word is taken only when it is the name of a city of a
    million people or more ("kyiv").
    """
    words = list(iter_words(text))
    spans: list[Span] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i].group(0)
        if not _is_candidate_token(w) and not _big_city_lowercase(w, gazetteer):
            i += 1
            continue
        best: Span | None = None
        best_j = i
        # the run of candidate tokens separated only by spaces
        j_max = i
        while (j_max + 1 < n and j_max - i + 1 < MAX_NGRAM
               and _is_candidate_token(words[j_max + 1].group(0))
               and text[words[j_max].end():words[j_max + 1].start()] in (" ", "-")):
            j_max += 1
        for j in range(j_max, i - 1, -1):
            start, end = words[i].start(), words[j].end()
            raw = text[start:end]
            raw_lookup = re.sub(r"[’']s$", "", raw)
            end_adj = start + len(raw_lookup)
            surface = raw_lookup.title() if raw_lookup.isupper() and len(raw_lookup) > 3 else raw_lookup
            key = normalize_name(surface)
            if not key or key in STOP_KEYS:
                continue
            follow = re.match(rf"\s+({REGION_WORD_RE})\b", text[end_adj:], re.IGNORECASE)
            if follow and gazetteer.known(f"{surface} {follow.group(1)}"):
                best = Span(start, end_adj + follow.end(), text[start:end_adj + follow.end()],
                            f"{surface} {follow.group(1)}")
                best_j = j
                break
            before = text[max(0, start - 20):start]
            region_of = _REGION_OF_BEFORE.search(before)
            if region_of and gazetteer.known(f"{surface} region"):
                best = Span(start, end_adj, text[start:end_adj], f"{surface} region")
                best_j = j
                break
            if gazetteer.known(surface) and not _continues_proper_noun(text, end_adj, gazetteer):
                best = Span(start, end_adj, text[start:end_adj], surface)
                best_j = j
                break
        if best is not None:
            spans.append(best)
            while best_j + 1 < n and words[best_j + 1].start() < best.end:
                best_j += 1
            i = best_j + 1
        else:
            i += 1
    return spans


def _big_city_lowercase(word: str, gazetteer: Gazetteer) -> bool:
    if not word.islower() or len(word) < 4 or word in STOP_KEYS:
        return False
    return any(m.primary and m.place.population >= 1_000_000 for m in gazetteer.lookup(word))


# --------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """Everything :func:`context_for` needs about one text: its spans, sentences and first-pass picks."""

    text: str
    spans: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    first_pass: dict[str, Resolution]
    gazetteer: Gazetteer
    front_km: Callable[[float, float], float] | None = None
    front_label: str = ""


def article_context(text: str, gazetteer: Gazetteer, *, front_km: Callable[[float, float], float] | None = None,
                    front_label: str = "") -> ArticleContext:
    """Find the spans of ``text`` and rank each by prior alone (the first pass)."""
    spans = tuple(find_spans(text, gazetteer))
    found = gazetteer.lookup_many({s.name for s in spans})
    first = {name: rank(name, matches) for name, matches in found.items()}
    return ArticleContext(text, spans, tuple(sentences(text)), first, gazetteer, front_km, front_label)


def _sentence_index(sents: Sequence[Sentence], offset: int) -> int:
    for k, s in enumerate(sents):
        if s.start <= offset < s.end:
            return k
    return -1


def context_for(actx: ArticleContext, span: Span | None, *, country: str | None = None) -> Context:
    """The evidence around ``span`` (or, with no span, the text as a whole) for ranking its candidates."""
    text = actx.text
    key = normalize_name(span.name) if span else ""
    here = _sentence_index(actx.sentences, span.start) if span else -1
    countries: dict[str, tuple[float, str]] = {}
    regions: dict[tuple[str, str], tuple[float, str]] = {}
    anchors: dict[str, Anchor] = {}
    for other in actx.spans:
        other_key = normalize_name(other.name)
        if other_key == key:
            continue
        res = actx.first_pass.get(other.name)
        pick = res.pick if res else None
        if pick is None:
            continue
        same = _sentence_index(actx.sentences, other.start) == here
        p = pick.place
        if p.kind == "country":
            w = 0.8 if same else 0.4
            if countries.get(p.country, (0.0, ""))[0] < w:
                countries[p.country] = (w, p.name)
        elif p.kind == "region":
            w = 1.5 if same else 0.8
            rkey = (p.country, p.admin1_code)
            if regions.get(rkey, (0.0, ""))[0] < w:
                regions[rkey] = (w, f"{p.name} region")
        elif pick.score >= 0.8 and p.kind in SETTLEMENT_KINDS:
            anchors.setdefault(p.source, Anchor(other.name, p.lat, p.lon, p.source))
    feature = compass = None
    feature_weight = 1.0
    aliases: list[str] = []
    capture = False
    if span is not None:
        before = text[max(0, span.start - 60):span.start]
        after = text[span.end:span.end + 60]
        m = _FEATURE_BEFORE.search(before) or _FEATURE_ADJ_BEFORE.search(before)
        if m or ((m := _FEATURE_AFTER.match(after)) and not normalize_name(span.name).endswith(("airport", "base"))):
            feature = _feature_word(m.group("word"))
        else:
            sent = sentence_at(list(actx.sentences), span.start)
            if sent is not None:
                plural = None
                for pm in _PLURAL_FEATURE.finditer(text, sent.start, span.start):
                    plural = pm
                if plural is not None:
                    feature, feature_weight = _feature_word(plural.group("word")), 0.6
        c = _COMPASS_BEFORE.search(before)
        if c:
            compass = c.group("dir").lower().replace("-", "")
        a = _ALIAS_AFTER.match(after)
        if a:
            aliases.append(a.group("alias") or a.group("hyph") or a.group("paren"))
        for prev in re.finditer(r"([A-Z][\w’'\-]+)\s*(?:[,(—–-]\s*)?(?:also\s+)?(?:known|called)\s+(?:as\s+)?$",
                                before):
            aliases.append(prev.group(1))
        sent = sentence_at(list(actx.sentences), span.start)
        if sent is not None:
            capture = bool(_CAPTURE.search(text, sent.start, sent.end))
    return Context(
        countries=countries, regions=regions, anchors=tuple(sorted(anchors.values(), key=lambda a: a.source)),
        feature=feature, feature_weight=feature_weight, compass=compass, aliases=tuple(aliases),
        capture=capture, front_km=actx.front_km, front_label=actx.front_label, country=country,
    )


def _feature_word(word: str) -> str:
    w = word.lower().replace("airbase", "air base")
    w = re.sub(r"\s+", " ", w)
    singular = {"villages": "village", "towns": "town", "cities": "city", "settlements": "village",
                "settlement": "village", "hamlet": "village", "hamlets": "village", "air bases": "air base",
                "airbases": "air base", "airports": "airport", "ports": "port"}
    return singular.get(w, w)


def locate(name: str, actx: ArticleContext) -> Span | None:
    """The first span of the text that names ``name`` (same normalised key), if any."""
    key = normalize_name(name)
    for s in actx.spans:
        if normalize_name(s.name) == key or normalize_name(s.text) == key:
            return s
    m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", actx.text, re.IGNORECASE)
    if m:
        return Span(m.start(), m.end(), m.group(0), name)
    return None


def mentions(article: Article, gazetteer: Gazetteer, *,
             front_km: Callable[[float, float], float] | None = None, front_label: str = "") -> list[Mention]:
    """Every place mention of ``article``, each resolved with the article as context."""
    actx = article_context(article.text, gazetteer, front_km=front_km, front_label=front_label)
    found = gazetteer.lookup_many({s.name for s in actx.spans})
    out: list[Mention] = []
    for span in actx.spans:
        res = rank(span.name, found[span.name], context_for(actx, span), gazetteer)
        sent = sentence_at(list(actx.sentences), span.start)
        out.append(Mention(article.id, span.start, span.end, span.text, sent.text if sent else "", span.name,
                           res.pick))
    return out
