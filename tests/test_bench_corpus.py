"""The corpus benchmark reads both XML formats that public geoparsing corpora come in (texts written here;
coordinates are the bundled gazetteer's for those GeoNames ids)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_corpus import read_corpus

GWN_STYLE = """<?xml version="1.0"?>
<articles><article file="7"><text>Rain fell on Lyon.</text>
<toponym><start>13</start><end>17</end><extractedName>Lyon</extractedName><type>Literal</type>
<geonamesID>2996944</geonamesID><latitude>45.74906</latitude><longitude>4.84789</longitude></toponym>
</article></articles>"""

LGL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="42"><text><![CDATA[Crews cleared Elm Street in Topeka.]]></text>
<toponyms count="2">
<toponym><start>14</start><end>24</end><phrase>Elm Street</phrase></toponym>
<toponym><start>28</start><end>34</end><phrase>Topeka</phrase>
<gaztag geonameid="4280539"><name>Topeka</name><fclass>P</fclass><fcode>PPLA</fcode><lat>39.04833</lat>
<lon>-95.67804</lon></gaztag></toponym>
</toponyms></article></articles>"""


def test_reads_geowebnews_and_lgl_formats(tmp_path: Path) -> None:
    gwn, lgl = tmp_path / "gwn.xml", tmp_path / "lgl.xml"
    gwn.write_text(GWN_STYLE, encoding="utf-8")
    lgl.write_text(LGL_STYLE, encoding="utf-8")
    [(aid, text, golds)] = read_corpus(gwn)
    assert (aid, golds[0].name, golds[0].kind, golds[0].geonames_id) == ("7", "Lyon", "Literal", "2996944")
    assert text[golds[0].start:golds[0].end] == "Lyon"
    [(aid, text, golds)] = read_corpus(lgl)
    street, town = golds
    assert aid == "42" and (street.name, street.lat, street.geonames_id) == ("Elm Street", None, "")
    assert (town.name, town.kind, town.geonames_id, town.lat, town.lon) == ("Topeka", "PPLA", "4280539", 39.04833,
                                                                             -95.67804)
    assert text[town.start:town.end] == "Topeka"
