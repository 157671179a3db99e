"""The gazetteer: normalisation, lookups, sources, user additions, bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from geomap.errors import InputError
from geomap.gazetteer import Gazetteer, add_user_file, normalize_name, transliteration_key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kyiv", "kyiv"), ("KYIV", "kyiv"), ("kyiv", "kyiv"), ("Ryl’sk", "rylsk"), ("Ryl'sk", "rylsk"),
        ("Rylʼsk", "rylsk"), ("Zaporizhzhia", "zaporizhzhia"), ("Kostiantynopil's'ke", "kostiantynopilske"),
        ("Engels-2", "engels 2"), ("Chasiv  Yar", "chasiv yar"), ("Chasiv-Yar", "chasiv yar"),
        ("Łódź", "łodz"), ("Mar’yinka", "maryinka"), ("St. Petersburg", "st petersburg"),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_namesakes_are_kept(gaz: Gazetteer) -> None:
    countries = {m.place.country for m in gaz.lookup("Kazan") if m.place.kind in ("city", "town", "village")}
    assert {"RU", "TR"} <= countries
    assert len([m for m in gaz.lookup("Lozova") if m.place.country == "UA" and m.primary]) == 3


@pytest.mark.parametrize(("variant", "place"), [
    ("Hulyaipole", "geonames:707898"), ("Gulyaipole", "geonames:707898"), ("Huliaipole", "geonames:707898"),
    ("Chasiv Iar", "geonames:710915"), ("Eysk", "geonames:466885"), ("Kyyiv", "geonames:703448"),
    ("Velikaya Novosyolka", "geonames:690237"), ("Zaporizhia", "geonames:687700"),
])
def test_transliteration_variants_find_the_place(gaz: Gazetteer, variant: str, place: str) -> None:
    """Issue 10: Cyrillic names reach English news in several romanisations; each finds the place."""
    from geomap import resolve

    assert resolve(variant, gazetteer=gaz).pick.place.source == place


def test_transliteration_never_adds_namesakes_to_names_known_elsewhere(gaz: Gazetteer) -> None:
    assert transliteration_key("Paris") == transliteration_key("Peres")
    assert gaz.lookup("Paris") == gaz.lookup_exact("Paris")  # Paris is known outside those countries
    assert transliteration_key("Gulyaipole") == transliteration_key("Hulyaipole") == "halapala"


def test_regions_countries_airports_overlay(gaz: Gazetteer) -> None:
    kinds = {m.place.kind for m in gaz.lookup("Kharkiv region")}
    assert kinds == {"region"}
    for name in ("Tatarstan", "Donetsk oblast", "Kursk region", "Crimea", "Kharkov region", "Zaporizhzhia oblast"):
        assert any(m.place.kind == "region" for m in gaz.lookup(name)), name
    russia = [m.place for m in gaz.lookup("Russia") if m.place.kind == "country"]
    assert russia and russia[0].source == "geonames:2017370"  # GeoNames id of the country
    airport = gaz.lookup("Kazan International Airport")[0].place
    assert airport.kind == "airport" and airport.source == "airportsdata:UWKD"
    engels2 = gaz.lookup("Engels-2 air base")[0].place
    assert (engels2.lat, engels2.lon) == (51.4811, 46.2106)
    assert "issue #2" in engels2.note


def test_place_records_their_source(gaz: Gazetteer) -> None:
    kazan = gaz.get("geonames:551487")
    assert kazan.name == "Kazan" and kazan.admin1 == "Tatarstan" and kazan.population > 1_000_000
    for m in gaz.lookup("Kostiantynopolske"):
        assert m.place.source.startswith("overlay:") and m.place.note


def test_lookup_many_matches_lookup(gaz: Gazetteer) -> None:
    names = ["Kazan", "kyiv", "Nowhere-at-all-xyz", "Kharkov"]
    many = gaz.lookup_many(names)
    for name in names:
        assert many[name] == gaz.lookup(name)
    assert many["Nowhere-at-all-xyz"] == ()


def test_nearest_named_place(gaz: Gazetteer) -> None:
    place, km = gaz.nearest(49.59, 40.12)
    assert place.country in ("UA", "RU") and km < 30


def test_user_files_extend_the_index(tmp_path) -> None:
    overlay = FIXTURES / "overlay_extra.csv"
    dump = FIXTURES / "XX_geonames.txt"
    gaz = Gazetteer.open(extra=[overlay, dump], cache=tmp_path / "cache", user=tmp_path / "nouser")
    airfield = gaz.get("geonames:9900001")
    assert airfield.kind == "air base" and airfield.admin1 == "Saratov"
    assert gaz.lookup("Fixture Airfield")[0].place.source == "geonames:9900001"
    assert not gaz.known("Fixture Mountain")
    sea = gaz.lookup("Fixture Gulf of Tests")[0].place  # a sea (feature class H) from a dump, by another name
    assert (sea.kind, sea.country, sea.source) == ("sea", "", "geonames:9900003")
    assert gaz.lookup("Khmeimim Fixture Airfield")[0].place.source.startswith("user:overlay_extra.csv")
    info = gaz.info()
    assert {f["format"] for f in info["user_files"]} == {"overlay", "geonames"}


def test_add_user_file_copies_and_validates(tmp_path) -> None:
    dest = add_user_file(FIXTURES / "overlay_extra.csv", user=tmp_path / "user")
    assert dest.read_text() == (FIXTURES / "overlay_extra.csv").read_text()
    with pytest.raises(InputError, match=r"overlay_bad.csv:2: lat 137.8 is outside"):
        add_user_file(FIXTURES / "overlay_bad.csv", user=tmp_path / "user")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match=r"empty\.csv: empty file"):
        add_user_file(empty, user=tmp_path / "user")
    junk = tmp_path / "junk.csv"
    shutil.copy(FIXTURES / "README.md", junk)
    with pytest.raises(InputError, match="missing columns"):
        add_user_file(junk, user=tmp_path / "user")


def _no_country_script():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "gazetteer" / "build_no_country.py"
    spec = importlib.util.spec_from_file_location("build_no_country", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dump_row(gid: str, name: str, alts: str, fclass: str, fcode: str, cc2: str = "") -> list[str]:
    """A row in the GeoNames dump layout (19 columns)."""
    return [gid, name, name, alts, "10", "20", fclass, fcode, "", cc2, "", "", "", "", "0", "", "", "", "2024-01-01"]


def test_no_country_selection_rules() -> None:
    """``gazetteer/build_no_country.py`` keeps water bodies and areas by feature code, one entry per name (the
    lowest id), and only the other names English news writes; names geomap indexes otherwise are left out."""
    script = _no_country_script()
    taken = script.taken_names(Path(__file__).resolve().parents[1] / "gazetteer")
    rows = script.select([
        _dump_row("7577043", "Red Sea", "", "H", "SEA"),
        _dump_row("350155", "Red Sea", "Erythraean Sea,Mer Rouge", "H", "SEA"),
        _dump_row("12276954", "Argentine Sea", "Argentine Sea,Mer d'Argentine,Spain", "H", "SEA"),
        _dump_row("1281789", "Bay of Bengal", "Bengal,Golfe du Bengale", "H", "BAY"),
        _dump_row("3373405", "Atlantic Ocean", "Atlantti", "H", "OCN"),
        _dump_row("1545739", "Indian Ocean", "", "H", "OCN"),
        _dump_row("12232278", "Bransfield Strait", "", "H", "CHNM"),  # a channel: not kept
        _dump_row("7729887", "Northern Africa", "", "L", "RGN"),  # kept: the index gives its id to the M49 region
        _dump_row("10861432", "America", "Americas", "L", "RGN"),  # a country's name
        _dump_row("3125609", "Catalunya", "Catalonia", "L", "RGN", "ES,FR"),  # a Spanish region's wider extent
        _dump_row("2425938", "Sahel", "Sahelzone", "L", "RGN", "BF,ER,GM,ML,MR,SD,SN,TD"),
    ], taken)
    got = {r[0]: (r[1], r[3]) for r in rows}
    assert got == {
        "350155": ("Red Sea", "Erythraean Sea"),  # the lower id; "Mer Rouge" names no feature in English
        "12276954": ("Argentine Sea", ""),  # "Spain" is a country
        "1281789": ("Bay of Bengal", ""),  # "Bengal" alone names the land
        "3373405": ("Atlantic Ocean", "Atlantic,Atlantti"),  # the short form news writes
        "1545739": ("Indian Ocean", ""),  # "Indian" is a country's adjective
        "2425938": ("Sahel", "Sahelzone"),  # eight countries: no province of Burkina Faso
        "7729887": ("Northern Africa", ""),
    }
    assert [r[0] for r in rows] == sorted(got, key=int) and all(len(r) == 19 for r in rows)


def test_bundled_no_country_file_is_a_dump_with_its_provenance() -> None:
    from geomap.gazetteer import read_geonames_dump

    path = Path(__file__).resolve().parents[1] / "gazetteer" / "no_country.txt"
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("CC BY 4.0" in line for line in header) and any("sha256" in line for line in header)
    places = [row.place for row in read_geonames_dump(path)]
    assert len(places) > 150 and all(p.country == "" and p.source.startswith("geonames:") for p in places)
    assert {p.kind for p in places} <= {"ocean", "sea", "gulf", "strait", "bay", "peninsula", "desert", "area",
                                       "island group"}
