"""The Python API that the CLI mirrors: one function per command.

Owns wiring the layers together (gazetteer -> geoparse -> resolve); each
function takes plain values, returns records or DataFrames, and raises
:class:`~geomap.errors.GeomapError` subclasses on failure. Nothing here prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.errors import NotFoundError
from geomap.gazetteer import Gazetteer, default_gazetteer
from geomap.geoparse import article_context, context_for, locate
from geomap.models import Article, Resolution
from geomap.resolve import rank

if TYPE_CHECKING:
    import pandas as pd


def resolve(name: str, context: str | None = None, *, country: str | None = None,
            gazetteer: Gazetteer | None = None) -> Resolution:
    """Rank the places ``name`` may mean, using ``context`` (text around it) as evidence.

    Raises :class:`NotFoundError` (with suggestions) when no place is known by ``name``.
    >>> resolve("Kazan").pick.place.country
    'RU'
    """
    gaz = gazetteer or default_gazetteer()
    matches = gaz.lookup(name)
    if country:
        in_country = [m for m in matches if m.place.country == country.upper()]
        if not in_country and matches:
            raise NotFoundError(f"no place called {name!r} in {country.upper()}",
                                tuple(sorted({m.place.country for m in matches})))
    if not matches:
        raise NotFoundError(f"no place called {name!r} in the gazetteer", gaz.suggest(name))
    ctx = None
    if context:
        actx = article_context(context, gaz)
        ctx = context_for(actx, locate(name, actx), country=country)
    elif country:
        from geomap.resolve import Context

        ctx = Context(country=country)
    return rank(name, matches, ctx, gaz)


MENTION_COLUMNS = ["article_id", "start", "end", "text", "sentence", "name", "lat", "lon", "country", "admin1",
                   "kind", "source", "score"]


def read(inputs: list[str], *, date: str | None = None, stdin_text: str | None = None):
    """Articles from files/folders/globs/``-``; returns ``(articles, problems)`` (see :mod:`geomap.reading`)."""
    from geomap.reading import read_articles

    return read_articles(inputs, default_date=date, stdin_text=stdin_text)


def mentions(articles: list[Article], *, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """The resolved place mentions of ``articles`` as a DataFrame with :data:`MENTION_COLUMNS`."""
    import pandas as pd

    from geomap.geoparse import mentions as find_mentions

    gaz = gazetteer or default_gazetteer()
    rows = [m.to_row() for a in articles for m in find_mentions(a, gaz)]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)
