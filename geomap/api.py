"""The Python API that the CLI mirrors: one function per command.

Owns wiring the layers together (gazetteer -> geoparse -> resolve); each
function takes plain values, returns records or DataFrames, and raises
:class:`~geomap.errors.GeomapError` subclasses on failure. Nothing here prints.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import GeomapError, InputError, NotFoundError
from geomap.gazetteer import Gazetteer, common_words, default_gazetteer, normalize_name
from geomap.geoparse import (
    SMALL_PLACE_POPULATION,
    VARIANT_MIN_LETTERS,
    VARIANT_MIN_POPULATION,
    ArticleContext,
    _unsupported,
    article_context,
    context_for,
    locate,
)
from geomap.models import AREA_KINDS, Article, Candidate, DistanceRow, Mention, Place, Resolution
from geomap.resolve import COMPASS_SECTORS, FRONT_SCALE_KM, SETTLEMENT_KINDS, Context, rank

if TYPE_CHECKING:
    import pandas as pd

    from geomap.claims import Claim
    from geomap.incidents import Incident
    from geomap.reading import ReadProblem
    from geomap.references import Reference
    from geomap.verify import Tolerances, Verdict


def front_measure(date: str | None) -> tuple[Callable[[float, float], float], str]:
    """A function giving a point's distance (km) to the front line on ``date``, and a label for reasons.

    With no date the latest snapshot is used, and the label says so. The distance is exact (to ±0.5 %) up to
    :data:`geomap.resolve.FRONT_SCALE_KM`, past which the front gives a place no weight; farther points get a
    lower bound of theirs (see :meth:`geomap.geodesy.GeometryIndex.approx_km`).
    """
    from geomap.references import front

    return _measure(front(date), date)


def _measure(ref: Reference, date: str | None) -> tuple[Callable[[float, float], float], str]:
    """:func:`front_measure` for the snapshot ``ref`` that ``date`` falls on (memoised distances)."""
    label = ref.label if date else f"{ref.label}, the latest snapshot: no date given"
    memo: dict[tuple[float, float], float] = {}

    def km(lat: float, lon: float) -> float:
        d = memo.get((lat, lon))
        if d is None:
            d = memo[(lat, lon)] = ref.index.approx_km(lat, lon, beyond_km=FRONT_SCALE_KM)
        return d

    return km, label


def resolve(name: str, context: str | None = None, *, country: str | None = None, date: str | None = None,
            gazetteer: Gazetteer | None = None) -> Resolution:
    """Rank the places ``name`` may mean, using ``context`` (text around it) as evidence.

    ``date`` (ISO) is the date of the text: when the context reports a capture, the
    distance to the front line on that date counts. A name of several words that no
    place has, but that names a place inside it as the geoparser reads it ("Colorado
    State University", "the Bank of Mexico"), ranks that place, each candidate's
    reasons saying so. Raises :class:`NotFoundError` (with suggestions) when no place
    is known by ``name``.

    >>> resolve("Kazan").pick.place.country
    'RU'
    """
    gaz = gazetteer or default_gazetteer()
    actx = _article_context(context, date, gaz) if context else None
    written = _with_its_article(name, actx) if actx is not None else None
    if written is not None:  # "the Gulf" where the text writes it so: a name of its own (the Persian Gulf)
        res = resolve(written, context, country=country, date=date, gazetteer=gaz)
        why = f"the text writes it {written!r}"
        return Resolution(query=name, candidates=tuple(replace(c, reasons=(why, *c.reasons))
                                                       for c in res.candidates))
    # spelling variants ("Gulyaipole" for Hulyaipole) only in a text about a country whose names are romanised
    # from Cyrillic, as the geoparser does: in a text about elsewhere "Saudi" or "Oahu" is no Russian town
    variants = actx is None or actx.variants or not any(r.pick for r in actx.first_pass.values())
    matches = gaz.lookup_cased(name, variants=variants)
    if actx is not None and variants and matches and not gaz.lookup_cased(name, variants=False):
        # only spelling variants match: in a text, as the geoparser reads one, a variant is a town of
        # VARIANT_MIN_POPULATION people or more ("Ghouta" in a story on Syria is no Huta, a Ukrainian village)
        matches = tuple(m for m in matches if len(normalize_name(name)) >= VARIANT_MIN_LETTERS
                        and m.place.population >= VARIANT_MIN_POPULATION)
    if country:
        in_country = [m for m in matches if m.place.country == country.upper()]
        if not in_country and matches:
            raise NotFoundError(f"no place called {name!r} in {country.upper()}",
                                tuple(sorted({m.place.country for m in matches})))
    if not matches:
        inner, read = _place_inside(name, context, date, gaz)
        if inner is not None:
            try:
                res = resolve(inner, context, country=country, date=date, gazetteer=gaz)
            except NotFoundError:
                pass
            else:
                if not read and _unsupported_small_place(res.pick):
                    raise NotFoundError(f"no place called {name!r} in the gazetteer", lambda: gaz.suggest(name))
                why = f"named inside {name!r}"
                return Resolution(query=name, candidates=tuple(replace(c, reasons=(why, *c.reasons))
                                                               for c in res.candidates))
        raise NotFoundError(f"no place called {name!r} in the gazetteer", lambda: gaz.suggest(name))
    ctx = None
    if actx is not None:
        ctx = context_for(actx, locate(name, actx), country=country)
    elif country:
        ctx = Context(country=country)
    return rank(name, matches, ctx, gaz)


def _with_its_article(name: str, actx: ArticleContext) -> str | None:
    """The name as the text writes it with its article ("the Gulf" for "Gulf"), where the geoparser reads it so,
    with a pick, and the text never writes ``name`` alone as a name of its own; or, where the geoparser reads no
    name there ("at the Gulf Security Forum"), where the text writes it only after a lowercase "the"
    and the gazetteer knows it so. Else None."""
    key = normalize_name(name)
    if key.startswith("the "):
        return None
    written = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", actx.text)] \
        if f"the {name}" in actx.text else []  # (the test first: most names are never written so)
    if written and all(actx.text.endswith("the ", 0, at) for at in written) \
            and actx.gazetteer.lookup_cased(f"the {name}", variants=False):
        return f"the {name}"
    if any(s.key == key for s in actx.spans):
        return None
    for s in actx.spans:
        if s.key == "the " + key:
            res = actx.first_pass.get(s.name)
            return s.name if res is not None and res.pick is not None else None
    return None


def _place_inside(name: str, context: str | None, date: str | None, gaz: Gazetteer) -> tuple[str | None, bool]:
    """The first place name the geoparser finds inside ``name`` (a name of two words or more), read where
    ``name`` stands in ``context`` (else in ``name`` alone): "Colorado" in "Colorado State University". The
    geoparser's own rules apply, so "Bank" in "Bank of Mexico" is no place and "Mexico" is. Failing that, a
    place of the text's countries named inside it (:func:`_named_in_its_country`). The flag says whether the
    geoparser read it (False: the second way)."""
    if len(_WORDS.findall(name)) < 2:
        return None, False
    at = None
    if context:
        at = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", context) \
            or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", context, re.IGNORECASE)
    text, start, end = (context, at.start(), at.end()) if at else (name, 0, len(name))
    inside = [m for m in _text_mentions(text, date, gaz) if start <= m.start and m.end <= end]
    if inside:
        return inside[0].name, True
    return _named_in_its_country(name, _article_context(context, date, gaz) if context else None, gaz), False


def _unsupported_small_place(pick: Candidate | None) -> bool:
    """Whether ``pick`` is a settlement of under 10,000 people with nothing in the text beyond the text's focus
    pointing to it (the geoparser's small-place rule, :func:`geomap.geoparse._unsupported`): "Faubourg Marigny",
    in a story on New Orleans that writes "French", is no village in Normandy."""
    return pick is not None and pick.place.kind in SETTLEMENT_KINDS \
        and pick.place.population < SMALL_PLACE_POPULATION and _unsupported(pick)


def _named_in_its_country(name: str, actx: ArticleContext | None, gaz: Gazetteer) -> str | None:
    """The longest run of capitalised words inside ``name`` (not all of it) that is a place's own name in a
    country the text names or is about, leaving out compass and English words: "Nenagh" in "Nenagh Municipal
    District", "Kilburn" in "South Kilburn Estate". The caller says ``name`` is a place; inside it, a place the
    text's country holds is the nearest known (the text's countries: those it names, not by an adjective, and
    those its confidently placed names lie in). None with no context or none such ("Point Peron" holds Péron, a
    French village, in a story on Western Australia)."""
    if actx is None or actx.signals is None:
        return None
    sig = actx.signals
    adjectives = gaz.adjective_keys  # "the French Quarter" of New Orleans names no country
    countries = {a.country for a in sig.votes} | {
        res.pick.place.country for s in actx.spans if s.key not in adjectives
        and (res := actx.first_pass.get(s.name)) is not None and res.pick is not None
        and res.pick.place.kind == "country"}
    words = list(_WORDS.finditer(name))
    for i, first in enumerate(words):
        word = first.group(0)
        if not word[0].isupper() or word.lower() in common_words() or word.lower() in COMPASS_SECTORS:
            continue
        for last in reversed(words[i:]):
            inner = name[first.start():last.end()]
            if inner == name:
                continue
            if any(m.primary and m.place.country in countries and m.place.kind not in ("airport", "air base")
                   for m in gaz.lookup_cased(inner, variants=False)):
                return inner
    return None


_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=16)
def _text_mentions(text: str, date: str | None, gaz: Gazetteer) -> tuple[Mention, ...]:
    """The geoparser's mentions of one text (kept for the next names looked up in the same text)."""
    from geomap.geoparse import Geoparser

    return tuple(Geoparser(gaz, bulk=False).mentions_in(_article_context(text, date, gaz)))


@lru_cache(maxsize=16)
def _article_context(text: str, date: str | None, gaz: Gazetteer):
    """The context of one text (its spans, first-pass picks, signals), kept for the next ``resolve`` calls on
    the same text: resolving every name of an article rebuilt it once per name."""
    measure, label = _front_or_none(date) if date else front_measure(None)
    return article_context(text, gaz, front_km=measure, front_label=label)


MENTION_COLUMNS = ["article_id", "start", "end", "text", "sentence", "name", "lat", "lon", "country", "admin1",
                   "kind", "source", "score", "adjective"]


MENTION_DTYPES = {"start": "int64", "end": "int64", "lat": "float64", "lon": "float64", "score": "float64",
                  "adjective": "bool"}


def mention_table(records: Sequence[Mention]) -> pd.DataFrame:
    """Mentions as a DataFrame with :data:`MENTION_COLUMNS`, built column by column (a dict per row costs
    about a kilobyte: a million mentions would spend a gigabyte on them)."""
    import pandas as pd

    places = [m.candidate.place if m.candidate else None for m in records]
    cols: dict[str, list[Any]] = {
        "article_id": [m.article_id for m in records], "start": [m.start for m in records],
        "end": [m.end for m in records], "text": [m.text for m in records],
        "sentence": [m.sentence for m in records],
        "name": [p.name if p else "" for p in places], "lat": [p.lat if p else None for p in places],
        "lon": [p.lon if p else None for p in places], "country": [p.country if p else "" for p in places],
        "admin1": [p.admin1 if p else "" for p in places], "kind": [p.kind if p else "" for p in places],
        "source": [p.source if p else "" for p in places],
        "score": [m.candidate.score if m.candidate else None for m in records],
        "adjective": [m.adjective for m in records],
    }
    return pd.DataFrame(cols, columns=MENTION_COLUMNS).astype(MENTION_DTYPES)


def claim_table(records: Sequence[Claim]) -> pd.DataFrame:
    """Claims as a DataFrame with :data:`geomap.claims.CLAIM_COLUMNS`, typed by the record's fields."""
    import pandas as pd

    from geomap.claims import CLAIM_COLUMNS, Claim
    from geomap.io import column_dtypes, typed

    return typed(pd.DataFrame([c.to_dict() for c in records], columns=CLAIM_COLUMNS), column_dtypes(Claim))


def read(inputs: list[str] | str, *, date: str | None = None, stdin_text: str | None = None,
         max_chars: int | None = None):
    """Articles from files/folders/globs/``-``; returns ``(articles, problems)`` (see :mod:`geomap.reading`).

    ``max_chars`` is the size limit of one article (default :data:`geomap.reading.MAX_ARTICLE_CHARS`,
    0 for none); longer articles are truncated and reported among the problems.
    """
    from geomap.reading import MAX_ARTICLE_CHARS, read_articles

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [str(inputs)]
    return read_articles([str(i) for i in inputs], default_date=date, stdin_text=stdin_text,
                         max_chars=MAX_ARTICLE_CHARS if max_chars is None else max_chars)


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` read out of a set of articles: records and the tables built from them."""

    articles: tuple[Article, ...]
    mention_records: tuple[Mention, ...]
    incident_records: tuple[Incident, ...]
    claim_records: tuple[Claim, ...]
    problems: tuple[ReadProblem, ...] = ()
    """Articles that could not be read through (an internal error), each skipped with its reason."""

    @property
    def mentions(self) -> pd.DataFrame:
        return mention_table(self.mention_records)

    @property
    def incidents(self) -> pd.DataFrame:
        from geomap.incidents import incident_rows, incident_table

        return incident_table(incident_rows(self.incident_records))

    @property
    def claims(self) -> pd.DataFrame:
        return claim_table(self.claim_records)

    def to_geodataframe(self, table: str = "incidents") -> Any:
        """``incidents``, ``mentions`` or ``claims`` (at their subject) as a geopandas GeoDataFrame of points in
        EPSG:4326 with the table's columns; rows without coordinates are left out. Needs geopandas
        (``pip install 'geomap[geo]'``)."""
        from geomap.io import feature_collection

        if table == "incidents":
            from geomap.incidents import incident_rows

            rows, lat, lon, key = incident_rows(self.incident_records), "lat", "lon", "incident_id"
        elif table == "mentions":
            rows, lat, lon, key = [m.to_row() for m in self.mention_records], "lat", "lon", ""
        elif table == "claims":
            rows, lat, lon, key = [c.to_dict() for c in self.claim_records], "subject_lat", "subject_lon", "claim_id"
        else:
            raise ValueError(f"table must be 'incidents', 'mentions' or 'claims', not {table!r}")
        return _geodataframe(feature_collection(rows, lat=lat, lon=lon, id_field=key))


BULK_ARTICLES = 200
"""From this many articles on, the geoparser loads every gazetteer name into memory first and
the work is shared among worker processes."""


class _Reader:
    """Reads articles one by one: the geoparser and the front lines by date, reused across articles."""

    def __init__(self, gazetteer: Gazetteer, bulk: bool) -> None:
        from geomap.geoparse import Geoparser

        self.parser = Geoparser(gazetteer, bulk=bulk)
        self.fronts: dict[str | None, tuple[Callable[[float, float], float] | None, str]] = {}
        self._by_snapshot: dict[tuple[str, bool], tuple[Callable[[float, float], float], str]] = {}

    def front(self, date: str | None) -> tuple[Callable[[float, float], float] | None, str]:
        """The front-line measure for a date (none before the first snapshot): one per snapshot, shared with its
        memo of distances by the dates that fall on it."""
        if date not in self.fronts:
            from geomap.references import front

            try:
                ref = front(date)
            except NotFoundError:
                self.fronts[date] = (None, "")
            else:
                key = (ref.name, date is None)  # undated, the label says the latest snapshot was taken
                if key not in self._by_snapshot:
                    self._by_snapshot[key] = _measure(ref, date)
                self.fronts[date] = self._by_snapshot[key]
        return self.fronts[date]

    def read(self, article: Article) -> _Result:
        """Mentions, claims and incidents of one article; an article that fails is reported, never raised:
        one bad article must not lose the others."""
        from geomap.claims import extract_claims
        from geomap.incidents import extract_incidents
        from geomap.reading import ReadProblem

        try:
            measure, label = self.front(article.date)
            actx, found = self.parser.parse(article, front_km=measure, front_label=label)
            claims = extract_claims(article, actx, found)
            return found, claims, extract_incidents(article, actx, found, claims), None
        except GeomapError:
            raise
        except Exception as exc:  # a bug met on this text: report it with the article, go on with the rest
            where = article.path or article.id
            return [], [], [], ReadProblem(where, f"article {article.id!r} could not be read through "
                                                  f"({type(exc).__name__}: {exc}); please report it")


_Result = tuple[list[Mention], list["Claim"], list["Incident"], "ReadProblem | None"]


def _worker_read(index_path: str, chunk: Sequence[Article]) -> list[_Result]:
    reader = _worker_reader(index_path)
    return [reader.read(a) for a in chunk]


@lru_cache(maxsize=1)
def _worker_reader(index_path: str) -> _Reader:
    """One reader per worker process (built on its first chunk, kept for the next ones).

    A worker is one of several processes sharing the cores: OpenMP threads (pykdtree's queries) in each
    would oversubscribe them (a query took 25x longer), so the worker asks for one, unless the user set
    ``OMP_NUM_THREADS``. Set here, before pykdtree is first imported in the worker.
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return _Reader(Gazetteer(Path(index_path)), bulk=True)


def extract(articles: Sequence[Article], *, gazetteer: Gazetteer | None = None,
            progress: Callable[[int, int], None] | None = None, workers: int | None = None,
            client: Any = None) -> Extraction:
    """Mentions, incidents (merged across articles) and claims of ``articles``; deterministic.

    ``progress(done, total)`` is called as articles are read. From :data:`BULK_ARTICLES`
    articles on, ``workers`` processes (default: the number of CPUs) share the work;
    results are put back in input order, so the output does not depend on it. With ``client``
    (a ``dask.distributed.Client``) the work is done on its cluster (:func:`geomap.stream.dask_extract`),
    with the same result.
    """
    from geomap.incidents import merge

    articles, read_problems = _as_articles(articles)
    gaz = gazetteer or default_gazetteer()
    if client is not None:
        from geomap.stream import dask_extract

        done = dask_extract(articles, client, gaz, progress)
        return replace(done, problems=(*read_problems, *done.problems)) if read_problems else done
    total = len(articles)
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    results: list[_Result] = []
    if total >= BULK_ARTICLES and n_workers > 1:
        from geomap.stream import PART_ARTICLES, ChunkReader

        step = PART_ARTICLES * n_workers * 4  # a progress report every few parts per worker
        with ChunkReader(gaz, workers=n_workers) as pool:
            for i in range(0, total, step):
                results.extend(pool.read(articles[i:i + step]))
                if progress:
                    progress(len(results), total)
    else:
        reader = _Reader(gaz, bulk=total >= BULK_ARTICLES)
        for n, article in enumerate(articles, start=1):
            results.append(reader.read(article))
            if progress:
                progress(n, total)
    mentions_ = [m for r in results for m in r[0]]
    claims_ = [c for r in results for c in r[1]]
    incidents_ = [i for r in results for i in r[2]]
    problems = (*read_problems, *(r[3] for r in results if r[3] is not None))
    return Extraction(tuple(articles), tuple(mentions_), tuple(merge(incidents_)), tuple(claims_), problems)


def _as_articles(articles: Any) -> tuple[list[Article], tuple[ReadProblem, ...]]:
    """The articles given to :func:`extract`: a sequence of :class:`Article`, one article, or what :func:`read`
    returns (``(articles, problems)``, whose problems are kept). Anything else is a ``TypeError`` naming it."""
    from geomap.reading import ReadProblem

    if isinstance(articles, Article):
        return [articles], ()
    if (isinstance(articles, tuple) and len(articles) == 2 and isinstance(articles[0], (list, tuple))
            and isinstance(articles[1], (list, tuple)) and all(isinstance(a, Article) for a in articles[0])
            and all(isinstance(p, ReadProblem) for p in articles[1])):
        return list(articles[0]), tuple(articles[1])
    out = list(articles)
    for i, a in enumerate(out):
        if not isinstance(a, Article):
            raise TypeError(f"extract: item {i} is a {type(a).__name__}, not an Article: read files with "
                            "api.read(paths) and pass its articles, or build geomap.Article(id, text, date)")
    return out, ()


def _front_or_none(date: str | None) -> tuple[Callable[[float, float], float] | None, str]:
    """The front-line measure for a date, or none when the date is before the first snapshot."""
    try:
        return front_measure(date)
    except NotFoundError:
        return None, ""  # type: ignore[return-value]


def mentions(articles: list[Article], *, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """The resolved place mentions of ``articles`` as a DataFrame with :data:`MENTION_COLUMNS`
    (geoparsing only: no claims or incidents are extracted); takes what :func:`extract` takes."""
    articles, _ = _as_articles(articles)
    reader = _Reader(gazetteer or default_gazetteer(), bulk=len(articles) >= BULK_ARTICLES)
    found: list[Mention] = []
    for a in articles:
        measure, label = reader.front(a.date)
        found.extend(reader.parser.mentions(a, front_km=measure, front_label=label))
    return mention_table(found)


_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$")


def subject_place(spec: Any, *, context: str | None = None, date: str | None = None,
                  gazetteer: Gazetteer | None = None) -> Place:
    """A subject to measure from: a place name (resolved), ``"lat,lon"`` in decimal degrees, a
    ``(lat, lon)`` pair, or a ``geopy.point.Point``. A name read as an area (a country, region, sea: kinds in
    :data:`geomap.models.AREA_KINDS`) raises :class:`GeometryError`: its one point is no place to measure from."""
    if not isinstance(spec, str):
        try:
            lat, lon = float(spec[0]), float(spec[1])  # a (lat, lon) pair or a geopy Point (indexable)
        except (TypeError, ValueError, IndexError):
            raise InputError(f"{spec!r}: expected a place name, 'lat,lon', a (lat, lon) pair or a geopy "
                             "Point") from None
        spec = f"{lat},{lon}"
    m = _LATLON.match(spec)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"{spec!r}: expected 'lat,lon' with lat in -90..90 and lon in -180..180")
        return Place(spec, lat, lon, "", "", "", "point", 0, f"coordinates:{lat},{lon}")
    place = resolve(spec, context, date=date, gazetteer=gazetteer).pick.place
    if place.kind in AREA_KINDS:
        from geomap.references import area_error

        hint = f"; measure to it instead (--to country:{place.country})" if place.kind == "country" else ""
        raise area_error(place, f"a distance from it cannot be measured{hint}")
    return place


def nearest_place_label(lat: float, lon: float, gazetteer: Gazetteer, country: str = "") -> str:
    """"near Milove, Luhansk, UA (24 km)": the nearest settlement of 1,000+ people to a point,
    in ``country`` when one is given and has a settlement within 50 km."""
    found = gazetteer.nearest(lat, lon, country=country or None) if country else None
    if found is None or found[1] > 50:
        found = gazetteer.nearest(lat, lon)
    if found is None:
        return ""
    place, km = found
    region = f", {place.admin1}" if place.admin1 and place.admin1 != place.name else ""
    return f"near {place.name}{region}, {place.country} ({km:.0f} km)"


def measure(subject: Place, ref: Reference, *, gazetteer: Gazetteer | None = None) -> DistanceRow:
    """The geodesic distance from ``subject`` to the reference's nearest point, as a traceable row."""
    from geomap.geodesy import KM_PER_MILE, KM_PER_NAUTICAL_MILE, compass, geodesic

    gaz = gazetteer or default_gazetteer()
    if ref.kind == "place":
        pt = ref.geometry
        near_lat, near_lon, inside = pt.y, pt.x, False
        km = geodesic(subject.lat, subject.lon, near_lat, near_lon).km
        near_label = ref.label
    else:
        n = ref.index.nearest(subject.lat, subject.lon)
        near_lat, near_lon, inside, km = n.lat, n.lon, n.inside, n.km
        near_label = nearest_place_label(near_lat, near_lon, gaz, ref.country)
    bearing = None if km == 0 else geodesic(near_lat, near_lon, subject.lat, subject.lon).bearing_deg
    return DistanceRow(
        subject=subject.name, subject_lat=subject.lat, subject_lon=subject.lon, subject_source=subject.source,
        reference=ref.name, reference_kind=ref.kind, reference_label=ref.label, reference_date=ref.date,
        reference_source=ref.source, uncertainty_km=ref.uncertainty_km, km=round(km, 3),
        mi=round(km / KM_PER_MILE, 3), nmi=round(km / KM_PER_NAUTICAL_MILE, 3),
        bearing_deg=None if bearing is None else round(bearing, 1),
        compass=None if bearing is None else compass(bearing),
        nearest_lat=round(near_lat, 5), nearest_lon=round(near_lon, 5), nearest_place=near_label,
        inside=inside, note=ref.note,
    )


def distance(subjects: Any, to: str | None = None, *, date: str | None = None,
             front: str | Path | None = None, context: str | None = None,
             gazetteer: Gazetteer | None = None) -> list[DistanceRow]:
    """Distances from each subject (a place name or ``"lat,lon"``; one string or a list) to ``to`` (a
    reference name, see :func:`geomap.references.reference`).

    With no ``to``, exactly two subjects: the first measured from the second.

    >>> round(distance(["Kazan", "Moscow"])[0].km, 1)
    721.2
    >>> round(distance("Kazan", "Moscow")[0].km, 1)
    721.2
    """
    from geomap.references import reference

    gaz = gazetteer or default_gazetteer()
    if isinstance(subjects, str) or _is_point(subjects):  # distance("Kazan", "Moscow"): one subject, not its letters
        subjects = [subjects]
    if to is None:
        if len(subjects) != 2:
            raise InputError("give two places (A B), or subjects and --to REFERENCE")
        subjects, to = [subjects[0]], subjects[1]
    if not subjects:
        raise InputError("no subject to measure from")
    ref = reference(to, date=date, front_source=front, gazetteer=gaz, context=context)
    return [measure(subject_place(s, context=context, date=date, gazetteer=gaz), ref, gazetteer=gaz)
            for s in subjects]


class VerdictList(list):  # type: ignore[type-arg]
    """The verdicts of :func:`verify`: a list of :class:`~geomap.verify.Verdict`, with tables."""

    def to_dataframe(self) -> pd.DataFrame:
        """The verdict table: the claims.csv columns (claims with their verdict columns)."""
        return verdict_table(self)

    def to_geodataframe(self) -> Any:
        """Measured distance claims as geodesic lines (subject to the reference's nearest point), EPSG:4326;
        needs geopandas (``pip install 'geomap[geo]'``)."""
        from geomap.io import claim_lines

        return _geodataframe(claim_lines(self))


def _is_point(x: Any) -> bool:
    """A (lat, lon) pair of numbers or a geopy Point: one subject, not a list of them."""
    return type(x).__name__ == "Point" or (isinstance(x, tuple) and len(x) == 2
                                           and all(isinstance(v, (int, float)) for v in x))


def verify(extraction: Extraction, *, tolerances: Tolerances | None = None, front: str | Path | None = None,
           gazetteer: Gazetteer | None = None, progress: Callable[[int, int], None] | None = None) -> VerdictList:
    """Verdicts for every claim of an extraction, in order (a list; ``.to_dataframe()`` gives the table).

    ``progress(done, total)`` is called as claims are checked.
    """
    from geomap.verify import Verifier

    verifier = Verifier(gazetteer=gazetteer, tolerances=tolerances, front_source=front)
    return VerdictList(verifier.verify_all(extraction.claim_records, progress))


CLAIMS_TABLE_COLUMNS = frozenset({"claim_id", "claim_kind", "subject_lat", "subject_lon", "reference"})


def is_claims_table(path: str | Path) -> bool:
    """Whether ``path`` is a claims table (claims.csv as ``extract`` or ``verify`` writes it), not articles."""
    p = Path(path)
    if p.suffix.lower() != ".csv" or not p.is_file():
        return False
    with p.open(encoding="utf-8-sig") as fh:
        header = {h.strip() for h in fh.readline().split(",")}
    return header >= CLAIMS_TABLE_COLUMNS


def verify_table(table: Any, *, tolerances: Tolerances | None = None, front: str | Path | None = None,
                 gazetteer: Gazetteer | None = None, progress: Callable[[int, int], None] | None = None
                 ) -> VerdictList:
    """Verdicts for a claims table someone has edited: a claims.csv path or a DataFrame with its columns.

    The analyst's loop: geomap proposes (``extract``/``verify``), the analyst corrects the table (fills in
    ``subject_lat``/``subject_lon`` for an epicentre from a seismology bulletin, corrects ``reference`` or
    ``claimed_value``), geomap measures again with the same rules. The verdict columns of the table, if any,
    are ignored and recomputed. ``claimed_km`` follows an edited value and unit.
    """
    import pandas as pd

    from geomap.claims import KM_PER_UNIT
    from geomap.verify import Verifier, claims_from_table

    if isinstance(table, (str, Path)):
        try:
            table = pd.read_csv(table, dtype={"article_id": str, "claim_id": str}, keep_default_na=True)
        except (OSError, ValueError) as exc:
            raise InputError(f"{table}: cannot read the claims table ({exc})") from None
    missing = CLAIMS_TABLE_COLUMNS - set(table.columns)
    if missing:
        raise InputError(f"claims table lacks the columns {', '.join(sorted(missing))}")
    claims = claims_from_table(table)
    claims = [replace(c, claimed_km=round(c.claimed_value * KM_PER_UNIT[c.claimed_unit], 3))
              if c.claim_kind == "distance" and c.claimed_unit in KM_PER_UNIT and c.claimed_value is not None
              else c for c in claims]
    verifier = Verifier(gazetteer=gazetteer, tolerances=tolerances, front_source=front)
    return VerdictList(verifier.verify_all(claims, progress))


def _geodataframe(collection: dict[str, Any]) -> Any:
    try:
        import geopandas as gpd
    except ImportError:
        raise ImportError("to_geodataframe needs geopandas: pip install 'geomap[geo]'") from None
    import pandas as pd

    features = collection["features"]
    if not features:
        return gpd.GeoDataFrame(pd.DataFrame(), geometry=[], crs="EPSG:4326")
    gdf = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    gdf.index = pd.Index([f.get("id") for f in features], name="id")
    return gdf


def check(text: str, *, date: str | None = None, tolerances: Tolerances | None = None,
          gazetteer: Gazetteer | None = None) -> list[Verdict]:
    """Verdicts for the claims in one piece of text ("Kazan is more than 1,000 km from the border with Ukraine").

    Raises :class:`NotFoundError` when the text holds no claim geomap can read.
    """
    if date is not None:
        from geomap.reading import _check_date

        try:
            _check_date(date, "--date")
        except ValueError as exc:
            raise InputError(str(exc)) from None
    ex = extract([Article("check", text, date)], gazetteer=gazetteer)
    if not ex.claim_records:
        raise NotFoundError("no distance, population or direction claim found in the text")
    return verify(ex, tolerances=tolerances, gazetteer=gazetteer)


def verdict_table(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    """Claims with their verdict columns (the layout of claims.csv after verification)."""
    from geomap.verify import verdict_table as table

    return table(verdicts)
