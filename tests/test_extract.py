"""Reading the news: mentions (precision), claims with their subjects, incidents merged across articles.

The texts here are written for these tests; they state the kinds of facts news reports give.
"""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from geomap import api
from geomap.cli import app
from geomap.geoparse import Geoparser
from geomap.models import Article

WIRE = Article("wire", (
    "Ukrainian drones hit apartment towers in Kazan early on Saturday, officials in Russia's Tatarstan region said. "
    "Eight drones reached the city and nobody was killed. "
    "Kazan is more than 1,000 km (600 miles) from the border with Ukraine and about 450 miles east of Moscow. "
    "The city, home to 1.3 million people, closed Kazan International Airport for hours. "
    "Seven people were injured in Zaporizhzhia and six in Kharkiv, regional governors reported. "
    "Russian troops captured Kostiantynopolske, a Donetsk village about six miles southwest of Kurakhove."),
    date="2024-12-21", outlet="Wire")
DAILY = Article("daily", (
    "Vladimir Putin said on Sunday that the attack would be punished. "
    "According to Moscow, six drones struck residential blocks in the city of Kazan on Saturday. "
    "Ukraine launched its drones deep into Russia — over 600 miles from the front lines — hitting homes. "
    "The defence ministry said its forces had taken the villages of Lozova in northeastern Kharkiv region "
    "and Krasnoye, which Kyiv knows as Sontsivka, close to Kurakhove."),
    date="2024-12-22", outlet="Daily")


@pytest.fixture(scope="module")
def ex(gaz):
    return api.extract([WIRE, DAILY], gazetteer=gaz)


def names(gaz, text: str) -> list[str]:
    return [s.name for s in Geoparser(gaz, bulk=False).spans(text)]


def test_precision_people_weekdays_demonyms_common_words(gaz) -> None:
    text = ("Vladimir Putin met Donald Trump on Monday. Ukrainian drones flew. Police said Most of it. "
            "The Moscow Times and the Kyiv Independent reported it. Split decision. May is a month. Post it.")
    # "Ukrainian" is found as an adjective (see below): whose, not where; a city standing in an outlet's name is a
    # mention, as annotated news corpora count it (GeoWebNews's embedded toponyms), never an event's place
    assert names(gaz, text) == ["Ukrainian", "Moscow", "Kyiv"]


def test_common_word_place_after_locative(gaz) -> None:
    assert names(gaz, "The ferry docked in Split at noon.") == ["Split"]


def test_all_caps_lowercase_possessive_and_region(gaz) -> None:
    text = "DRONES HIT KAZAN. Strikes on kyiv continued. Russia's Kursk border region was shelled."
    assert names(gaz, text) == ["KAZAN", "kyiv", "Russia", "Kursk region"]


def test_region_adjective_and_region_of(gaz) -> None:
    found = names(gaz, "Troops entered the Donetsk village of Kostiantynopolske in the region of Kharkiv.")
    assert found == ["Donetsk region", "Kostiantynopolske", "Kharkiv region"]


def test_mentions_table(ex) -> None:
    df = ex.mentions
    assert list(df.columns) == ["article_id", "start", "end", "text", "sentence", "name", "lat", "lon", "country",
                                "admin1", "kind", "source", "score", "adjective"]
    kazan = df[(df.text == "Kazan") & (df.article_id == "wire")].iloc[0]
    assert kazan.source == "geonames:551487"
    assert WIRE.text[kazan.start:kazan.end] == "Kazan"
    krasnoye = df[df.text == "Krasnoye"].iloc[0]
    assert krasnoye.source == "geonames:704288"
    lozova = df[df.text == "Lozova"].iloc[0]
    assert (lozova.lat, lozova.lon) == (49.4668, 37.8036)


def claim(ex, quote_part: str):
    return next(c for c in ex.claim_records if quote_part in c.quote)


def test_distance_claims(ex) -> None:
    c = claim(ex, "1,000 km")
    assert (c.subject, c.subject_how, c.qualifier, c.claimed_value, c.claimed_unit) == (
        "Kazan", "same clause", "more than", 1000.0, "km")
    assert (c.second_value, c.second_unit, c.reference, c.reference_kind) == (600.0, "mi", "border:UA", "border")
    m = claim(ex, "450 miles")
    assert (m.subject, m.direction, m.reference, m.qualifier, m.claimed_km) == (
        "Kazan", "east", "Moscow", "about", pytest.approx(724.2, abs=0.1))
    k = claim(ex, "six miles")
    assert (k.subject, k.subject_how, k.reference, k.direction) == ("Kostiantynopolske", "apposition", "Kurakhove",
                                                                    "southwest")
    f = claim(ex, "600 miles from the front")
    assert (f.subject, f.subject_how, f.reference_kind, f.qualifier) == ("Kazan", "previous sentence", "front",
                                                                          "over")


def test_population_and_direction_claims(ex) -> None:
    p = claim(ex, "1.3 million")
    assert (p.claim_kind, p.subject, p.claimed_value, p.subject_how) == ("population", "Kazan", 1_300_000.0,
                                                                        "anaphora (The city)")
    d = claim(ex, "northeastern Kharkiv region")
    assert (d.claim_kind, d.direction, d.reference) == ("direction", "northeast", "country:UA")


def test_frontier_reads_as_shared_border_and_says_so(gaz) -> None:
    art = Article("f", "Kazan lies about 1,000 km (620 miles) from the Ukraine-Russia frontier.", "2024-12-21")
    c = api.extract([art], gazetteer=gaz).claim_records[0]
    assert c.reference == "border:RU-UA" and "front line is measured too" in c.reference_note


def incident(ex, place: str, category: str | None = None):
    return next(i for i in ex.incident_records if i.place == place and (category is None or i.category == category))


def test_kazan_strike_merged_across_sources(ex) -> None:
    kazan = incident(ex, "Kazan", "drone strike")
    assert kazan.event_date == "2024-12-21" and kazan.date_precision == "day"
    assert {r.article_id for r in kazan.reports} == {"wire", "daily"}
    assert kazan.count("drones") == (8, "drones: 6 per daily, 8 per wire")
    assert kazan.count("fatalities")[0] == 0
    assert kazan.actor1 == "Military Forces of Ukraine" and "same gazetteer entry" in kazan.merge_note


def test_counts_split_per_place(ex) -> None:
    assert incident(ex, "Zaporizhzhya").count("injured")[0] == 7
    assert incident(ex, "Kharkiv").count("injured")[0] == 6


def test_captures_airport_and_dates(ex) -> None:
    kost = incident(ex, "Kostiantynopolske")
    assert kost.category == "territory captured" and kost.event_date == "2024-12-21"
    lozova = incident(ex, "Lozova")
    assert lozova.category == "territory captured" and lozova.place_source == "overlay:1"
    assert incident(ex, "Sontsivka").category == "territory captured"
    assert incident(ex, "Kazan International Airport").category == "infrastructure disruption"
    places = {i.place for i in ex.incident_records}
    assert "Moscow" not in places and "Kurakhove" not in places  # a claim's reference and a source, not events


def test_incidents_table_and_determinism(ex, gaz) -> None:
    df = ex.incidents
    assert df.columns[:6].tolist() == ["incident_id", "event_date", "date_precision", "category", "event_type",
                                       "sub_event_type"]
    row = df[df.place == "Kazan"].iloc[0]
    assert row.n_sources == 2 and row.article_ids == "daily;wire" and row.drones == 8
    again = api.extract([WIRE, DAILY], gazetteer=gaz).incidents
    assert again.equals(df)


def test_extract_cli_writes_tables_and_acled(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for a in (WIRE, DAILY):
        (folder / f"{a.id}.txt").write_text(f"date: {a.date}\noutlet: {a.outlet}\n\n{a.text}", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--format", "acled"])
    assert result.exit_code == 0, result.output
    assert "2 articles:" in result.output
    for name in ("mentions.csv", "incidents.csv", "incidents.geojson", "claims.csv", "incidents_acled.csv"):
        assert (out / name).is_file(), name
    gj = json.loads((out / "incidents.geojson").read_text())
    kazan = next(f for f in gj["features"] if f["properties"]["place"] == "Kazan")
    assert kazan["geometry"]["coordinates"] == [49.12214, 55.78874]
    acled = list(csv.DictReader((out / "incidents_acled.csv").open()))
    row = next(r for r in acled if r["location"] == "Kazan")
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Air/drone strike"
    assert row["country"] == "Russia" and row["event_id_cnty"].startswith("RUS") and row["time_precision"] == "1"
    first = (out / "incidents.csv").read_bytes()
    CliRunner().invoke(app, ["extract", str(folder), "-o", str(out)])
    assert (out / "incidents.csv").read_bytes() == first


def test_adjectives_name_their_country_but_never_an_incident_place(gaz) -> None:
    """Issue 10: "Ukrainian", "Russian" link to their country, marked as adjectives, and an incident they
    qualify is not placed at the country."""
    ex = api.extract([Article("adj", "Ukrainian drones hit a fuel depot overnight, injuring two people, "
                                     "Russian officials said. European leaders met later.", "2024-12-21")],
                     gazetteer=gaz)
    m = ex.mentions
    assert m[["text", "name", "kind", "adjective"]].values.tolist() == [
        ["Ukrainian", "Ukraine", "country", True], ["Russian", "Russia", "country", True],
        ["European", "Europe", "continent", True]]
    assert all(inc.place_kind != "country" for inc in ex.incident_records)


def test_spelling_variants_are_found_in_an_article_about_ukraine(gaz) -> None:
    """Issue 10: in an article whose places lie in Ukraine, a romanisation the gazetteer lacks is still found."""
    ex = api.extract([Article("v", "Russian forces shelled Gulyaipole and Chasiv Iar in Ukraine on Tuesday.",
                              "2025-03-01")], gazetteer=gaz)
    found = dict(zip(ex.mentions.text, ex.mentions.source, strict=True))
    assert found["Gulyaipole"] == "geonames:707898" and found["Chasiv Iar"] == "geonames:710915"
    # the same words in an article about nowhere in those countries are not names
    ex = api.extract([Article("w", "Gulyaipole said hello to Paris.", "2025-03-01")], gazetteer=gaz)
    assert "Gulyaipole" not in set(ex.mentions.text)


def test_english_words_that_name_places_need_evidence(gaz) -> None:
    """Issue 10, by a word list rather than a list of names: a one-word name that is also an English word
    (``gazetteer/common_words.txt``, SCOWL) is a place only after a locative other than a bare "of", or with
    support in the article, unless it reads as a country or a city of a million people. (The text is about the US,
    "Commerce, Texas": Reading is Reading, Pennsylvania there, not the bigger English town.)"""
    words = Article("words", "The Ministry of Commerce said on Monday that Time was short and that the Centre had "
                    "failed to act. A Police union agreed.", "2025-03-01")
    places = Article("places", "Later the team drove to Commerce, Texas, and then flew on to Reading. "
                     "Turkey and Chad signed the deal.", "2025-03-01")
    rows = api.extract([words, places], gazetteer=gaz).mentions
    assert rows[rows.article_id == "words"].empty
    found = rows[rows.article_id == "places"]
    assert list(found.text) == ["Commerce", "Texas", "Reading", "Turkey", "Chad"]
    assert list(found.country) == ["US", "US", "US", "TR", "TD"]


def test_an_english_word_needs_local_evidence_not_its_country_or_a_region_named_elsewhere(gaz) -> None:
    """In US news naming a state, "Congress" and "Agency" are villages of that state, and "U.S." in the same
    sentence: evidence that weak (under 1.0) does not make a common word a place; a region in the same sentence
    or "X, State" does."""
    text = ("The governor of Arizona spoke in Phoenix on Monday. The U.S. Environmental Protection Agency and "
            "Congress must act, she said.")
    rows = api.extract([Article("t", text, "2025-03-01")], gazetteer=gaz).mentions
    assert list(rows.text) == ["Arizona", "Phoenix", "U.S."], list(rows.text)
    text = "The bus reached Congress, Arizona, at noon."
    rows = api.extract([Article("t", text, "2025-03-01")], gazetteer=gaz).mentions
    assert list(rows.text) == ["Congress", "Arizona"] and rows.admin1[0] == "Arizona"


def test_words_and_surnames_that_are_also_small_villages_are_not_places(gaz) -> None:
    """Issue 10, by principle rather than a list: a one-word name whose best reading is a small settlement is
    a place only with a locative before it or support in the article; one letter never is."""
    text = ("I think the Center met on Monday. Court records show Smith works for the Council in Springfield, "
            "Illinois. Later she drove to Smith, a village near Springfield.")
    found = list(api.extract([Article("us", text, "2025-03-01")], gazetteer=gaz).mentions.text)
    assert "I" not in found and "Center" not in found and "Court" not in found
    assert found.count("Springfield") == 2 and "Illinois" in found
    assert found.count("Smith") <= 1  # the surname is not a place


@pytest.mark.parametrize(("text", "category", "place"), [
    ("A strong earthquake struck near Mandalay on Friday, killing 40 people.", "earthquake", "Mandalay"),
    ("Floods killed 300 people in Derna on Sunday.", "flood", "Darnah"),
    ("Floods swept through Derna on Sunday, killing 300 people.", "flood", "Darnah"),  # "through" is locative
    ("A wildfire tore across Lahaina on Tuesday.", "wildfire", "Lahaina"),
    ("Drones struck Kazan on Saturday, injuring two people.", "drone strike", "Kazan"),
])
def test_hazards_are_their_own_events_not_strikes(gaz, text: str, category: str, place: str) -> None:
    """An earthquake "struck" a city: a natural disaster (no ACLED type covers it), not a military strike."""
    rows = api.extract([Article("t", text, "2025-01-10")], gazetteer=gaz).incidents
    assert list(zip(rows.category, rows.place, strict=True)) == [(category, place)]
    assert (rows.event_type[0] == "Natural disaster") == (category != "drone strike")


def test_a_qualified_count_after_killing_is_counted(gaz) -> None:
    """"killing more than 2,000 people", "injuring over 30": the figure written is the count."""
    text = ("A strong earthquake struck near Marrakesh on Friday, killing more than 2,000 people and injuring "
            "over 30 people.")
    rows = api.extract([Article("t", text, "2025-01-10")], gazetteer=gaz).incidents
    assert (rows.fatalities[0], rows.injured[0]) == (2000, 30)


def test_a_number_word_inside_a_word_is_no_count(gaz) -> None:
    """"anyone was killed" holds "one was killed", "everyone was hurt" "one was hurt": a number word counts only
    as a word of its own."""
    for text in ("A drone hit a house in Kharkiv on Monday. Nobody knows if anyone was killed.",
                 "A drone hit a house in Kharkiv on Monday; the family said everyone was hurt."):
        rows = api.extract([Article("t", text, "2025-01-10")], gazetteer=gaz).incidents
        assert rows.place.tolist() == ["Kharkiv"]
        assert rows.fatalities.isna().all() and rows.injured.isna().all(), text
    text = "Shelling hit Kharkiv on Monday, killing ten people and wounding two children."
    rows = api.extract([Article("t", text, "2025-01-10")], gazetteer=gaz).incidents
    assert (rows.fatalities[0], rows.injured[0]) == (10, 2)


def test_months_and_acronyms_in_mixed_case_are_not_places(gaz) -> None:
    """"In March", "on Nov. 2" are dates (March is a town in Cambridgeshire, Nov one in Tajikistan) unless the text
    places them; "MoD" and "PoP" are acronyms, not Maud or Pop."""
    text = ("In March the council met in Leeds. On Wednesday, Nov. 2, the MoD said the PoP data were late. "
            "May was wet.")
    rows = api.extract([Article("t", text, "2025-03-01")], gazetteer=gaz).mentions
    assert list(rows.text) == ["Leeds"], list(rows.text)
    rows = api.extract([Article("t", "The fair moved to March, Cambridgeshire.", "2025-03-01")], gazetteer=gaz).mentions
    assert list(rows.text) == ["March", "Cambridgeshire"] and rows.country[0] == "GB"


@pytest.mark.parametrize(("text", "captured"), [
    ("Russian troops took Avdiivka on Saturday after months of fighting.", True),
    ("She took the blame after the mission in Washington objected to the request.", False),
    ("Residents took shelter in Kharkiv metro stations on Monday.", False),
    ("The minister took questions from reporters in Kyiv on Monday.", False),
])
def test_took_is_a_capture_only_when_a_place_is_taken(gaz, text: str, captured: bool) -> None:
    """"took" + a place is a capture; "took the blame", "took shelter", "took questions" are idioms."""
    rows = api.extract([Article("t", text, "2025-01-10")], gazetteer=gaz).incidents
    assert ("territory captured" in set(rows.category)) == captured, rows.category.tolist()


def test_an_incident_at_an_area_is_placed_at_region_precision(gaz) -> None:
    """ACLED's geo_precision 3 for an incident placed only at an area: a county or a sea is no place itself."""
    text = ("An airstrike hit a market in Avoyelles Parish on Sunday, killing three. "
            "A drone was shot down over the Black Sea on Monday, the navy said.")
    ex = api.extract([Article("t", text, "2025-03-01")], gazetteer=gaz)
    got = {(i.place, i.place_kind, i.geo_precision) for i in ex.incident_records}
    assert got == {("Avoyelles Parish", "district", 3), ("Black Sea", "sea", 3)}
