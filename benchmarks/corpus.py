"""A reproducible synthetic news corpus for geoparsing benchmarks (sentences written for geomap).

``make_corpus(n, seed)`` returns ``n`` articles of about 3,000 characters built
from templates with places drawn from the gazetteer (weighted by population, as
news names big places more often), people, weekdays, numbers and distances.
"""

from __future__ import annotations

import itertools
import random

from geomap.models import Article

TEMPLATES = (
    "Officials in {p1} said on {day} that {n} drones had been shot down overnight.",
    "{person} told reporters in {p1} that the talks with {p2} would resume next week.",
    "A missile struck an apartment block in {p1}, killing {n} people and injuring {m}, the governor said.",
    "Troops were reported to have taken the village of {p2} after weeks of fighting.",
    "The strike on {p1} came a day after shelling hit a school in {p2}, local authorities said.",
    "{p1} lies some {k} kilometres ({mi} miles) from the border, far from the front lines.",
    "Residents of {p1} queued for water on {day} while repair crews worked on the power lines.",
    "The ministry said its air defences intercepted {n} drones over {p1} and {p2} region.",
    "Flights at the airport serving {p1} were suspended for several hours on {day}.",
    "{person} visited {p1} and promised to rebuild the hospital damaged in the attack.",
    "Analysts said the offensive near {p2} was meant to cut the road to {p1}.",
    "The governor of {p1} region said {m} people were hurt when debris fell on a market.",
    "Meanwhile, {person} met the mayor of {p2} to discuss the winter heating season.",
    "Prices in {p1} rose sharply after the bridge to {p2} was closed to lorries.",
)
PEOPLE = ("Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Emmanuel Macron", "the president", "The minister",
          "General Syrskyi", "Mayor Klitschko", "Governor Gladkov", "Olaf Scholz")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def make_corpus(n: int, seed: int = 42, gazetteer=None, days: int = 1, chars: int = 3000) -> list[Article]:
    """``n`` articles of about ``chars`` characters; with ``days`` > 1 their dates run over that many days from
    2024-12-21 (a stream's incidents are merged one day at a time)."""
    return list(iter_corpus(n, seed, gazetteer, days, chars))


def iter_corpus(n: int, seed: int = 42, gazetteer=None, days: int = 1, chars: int = 3000):
    """:func:`make_corpus`, one article at a time (a million articles need not sit in memory)."""
    import datetime as dt

    from geomap.gazetteer import default_gazetteer

    gaz = gazetteer or default_gazetteer()
    rng = random.Random(seed)
    pool = [p for p in gaz.places[1:60_000] if p is not None and p.kind in ("city", "town") and p.name.isascii()]
    cum_weights = list(itertools.accumulate(max(p.population, 1) ** 0.5 for p in pool))  # summed once, not per draw
    names = [p.name for p in pool]
    start = dt.date(2024, 12, 21)
    for i in range(n):
        parts: list[str] = []
        size = 0
        while size < chars:
            p1, p2 = rng.choices(names, cum_weights=cum_weights, k=2)
            s = rng.choice(TEMPLATES).format(
                p1=p1, p2=p2, day=rng.choice(DAYS), person=rng.choice(PEOPLE), n=rng.randint(2, 120),
                m=rng.randint(1, 30), k=rng.choice((50, 120, 400, 1000)), mi=rng.choice((30, 75, 250, 620)))
            parts.append(s)
            size += len(s) + 1
        day = start + dt.timedelta(days=i * days // max(n, 1)) if days > 1 else start
        yield Article(id=f"a{i:05d}", text=" ".join(parts), date=day.isoformat())
