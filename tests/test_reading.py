"""Reading articles: formats, front matter, encodings, bad files, sentences."""

from __future__ import annotations

import json

import pytest

from geomap.reading import read_articles, read_file, sentences


def test_front_matter_fenced_and_plain(tmp_path) -> None:
    a = tmp_path / "fenced.txt"
    a.write_text("---\ntitle: Test\ndate: 2024-12-21\noutlet: Wire\nurl: https://example.org/a\n---\nBody text here.\n")
    b = tmp_path / "plain.txt"
    b.write_text("date: 2024-12-22\ntitle: Plain\n\nAnother body.")
    arts, problems = read_articles([str(tmp_path)])
    assert not problems
    by_id = {x.id: x for x in arts}
    assert by_id["fenced"].date == "2024-12-21" and by_id["fenced"].outlet == "Wire"
    assert by_id["fenced"].text == "Body text here."
    assert by_id["plain"].date == "2024-12-22" and by_id["plain"].title == "Plain"


def test_encodings_bom_crlf_nbsp_smart_quotes(tmp_path) -> None:
    f = tmp_path / "odd.txt"
    raw = "\ufeffdate: 2024-12-21\r\n\r\nDrones hit Kazan\u00a0on Saturday \u2014 \u201cmassive\u201d.\r\n"
    f.write_bytes(raw.encode())
    [art], problems = read_file(f)
    assert not problems
    assert art.date == "2024-12-21" and "\r" not in art.text and "\u00a0" not in art.text
    assert art.text == "Drones hit Kazan on Saturday \u2014 \u201cmassive\u201d."


def test_bad_files_are_reported_and_skipped(tmp_path) -> None:
    (tmp_path / "good.txt").write_text("Kyiv was quiet.")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 in Kyiv".encode("latin-1"))
    (tmp_path / "nobody.txt").write_text("---\ntitle: only a title\n---\n")
    (tmp_path / "baddate.txt").write_text("date: 21/12/2024\n\nText.")
    arts, problems = read_articles([str(tmp_path)])
    assert [a.id for a in arts] == ["good"]
    reasons = {p.path.split("/")[-1]: p.reason for p in problems}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["latin1.txt"] == "not UTF-8 text"
    assert reasons["nobody.txt"] == "no text"
    assert "not ISO 8601" in reasons["baddate.txt"]


def test_jsonl_and_csv(tmp_path) -> None:
    rows = [{"id": "x1", "text": "Kazan was hit.", "date": "2024-12-21", "outlet": "A"}, {"text": ""}, "not a dict"]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n")
    (tmp_path / "b.csv").write_text("id,text,date\ny1,\"Moscow, then Kazan.\",2023-05-30\ny2,,\n")
    arts, problems = read_articles([str(tmp_path / "a.jsonl"), str(tmp_path / "b.csv")])
    assert [a.id for a in arts] == ["x1", "y1"]
    assert arts[1].text == "Moscow, then Kazan." and arts[1].date == "2023-05-30"
    assert len(problems) == 4 and all(":" in p.path for p in problems)


def test_csv_without_text_column(tmp_path) -> None:
    (tmp_path / "c.csv").write_text("id,body\n1,hello\n")
    arts, problems = read_articles([str(tmp_path / "c.csv")])
    assert not arts and problems[0].reason == "CSV has no 'text' column"


def test_stdin_glob_default_date_and_duplicate_ids(tmp_path) -> None:
    (tmp_path / "one.txt").write_text("A text.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("Another text.")
    arts, problems = read_articles([str(tmp_path / "**" / "*.txt"), "-"], default_date="2024-12-21",
                                   stdin_text="From stdin.")
    assert not problems
    assert sorted(a.id for a in arts) == ["one", "one-2", "stdin"]
    assert all(a.date == "2024-12-21" for a in arts)
    with pytest.raises(ValueError, match="not ISO 8601"):
        read_articles([], default_date="yesterday")


def test_sentences_keep_abbreviations_and_offsets() -> None:
    text = "U.S. President-elect Trump spoke. Gov. Smith said it. Kyiv was hit!\nNew para here."
    sents = sentences(text)
    assert [s.text for s in sents] == ["U.S. President-elect Trump spoke.", "Gov. Smith said it.", "Kyiv was hit!",
                                       "New para here."]
    assert all(text[s.start:s.end] == s.text for s in sents)
