"""Reading articles: input formats, sentences, dates.

Owns turning files (``.txt`` with front matter, ``.jsonl``, ``.csv``) into
:class:`~geomap.models.Article` records, and splitting text into sentences with
character offsets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geomap.models import Article

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9А-ЯІЇЄ])|\n\s*\n|\n(?=\S)")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:U|S|Gov|Mr|Mrs|Ms|Dr|Gen|Lt|Col|St|No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"|\b[A-Z])\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text and its character offsets ``[start, end)``."""

    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets; abbreviations like "U.S." and "Gov." do not end one."""
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group(0) and _ABBREVIATIONS.search(text[start:m.start()]):
            continue
        _append(out, text, start, m.start())
        start = m.end()
    _append(out, text, start, len(text))
    return out


EXCERPT_CHARS = 600
"""Longest sentence a table row carries whole; a longer one is cut to this many characters around the
words the row is about (mention, claim, clause), marked with an ellipsis where cut."""


def excerpt_window(sent: Sentence, start: int, end: int, limit: int = EXCERPT_CHARS) -> tuple[int, int]:
    """The part ``[lo, hi)`` of ``sent.text`` a row about ``[start, end)`` (article offsets) carries: all of it
    when it is at most ``limit`` long, else a window of ``limit`` characters on a grid of ``limit // 2``,
    with at least ``limit // 4`` before the words, so that neighbouring rows share one window."""
    n = len(sent.text)
    if n <= limit:
        return 0, n
    half = limit // 2
    lo = min(max(0, (start - sent.start - limit // 4) // half * half), n - limit)
    return lo, max(min(n, lo + limit), min(n, end - sent.start))


def excerpt(sent: Sentence, start: int, end: int, limit: int = EXCERPT_CHARS,
            cache: dict[tuple[int, int, int], str] | None = None) -> str:
    """``sent.text``, or for a long sentence the window of about ``limit`` characters around ``[start, end)``
    (offsets into the article text) marked with an ellipsis where cut, so that no row copies a huge
    sentence whole. With a ``cache`` (one per article), rows in the same window share one string."""
    lo, hi = excerpt_window(sent, start, end, limit)
    if lo == 0 and hi == len(sent.text):
        return sent.text
    key = (sent.start, lo, hi)
    if cache is not None and key in cache:
        return cache[key]
    text = ("…" if lo > 0 else "") + sent.text[lo:hi] + ("…" if hi < len(sent.text) else "")
    if cache is not None:
        cache[key] = text
    return text


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(start + lead, start + lead + len(stripped), stripped))


# --------------------------------------------------------------------------- articles

ARTICLE_SUFFIXES = (".txt", ".md", ".jsonl", ".csv")
FRONT_MATTER_FIELDS = ("title", "date", "url", "outlet", "lang", "id")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s|\n")
MAX_ARTICLE_CHARS = 1_000_000
"""Default size limit of one article, in characters (about 1 MB of English; news articles are rarely
over 100,000). A longer article is cut at a sentence end (or white space) before the limit and reported as
truncated; ``max_chars`` (``--max-chars``) changes it, 0 lifts it. Time and memory grow linearly with
what is kept (``benchmarks/bench_size.py``)."""


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file (or row) that could not be read, and why, in one line. ``action`` is what geomap did:
    ``skipped`` (nothing of it was read) or ``truncated`` (read up to the size limit)."""

    path: str
    reason: str
    action: str = "skipped"

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _clean(text: str) -> str:
    """Normalise line ends, drop a BOM, turn non-breaking and thin spaces into spaces."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.translate({0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x200B: None})


def _clean_lines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def _check_date(value: str | None, where: str) -> str | None:
    if value in (None, ""):
        return None
    value = str(value).strip()[:10]
    if not _ISO_DATE.match(value):
        raise ValueError(f"{where}: date {value!r} is not ISO 8601 (YYYY-MM-DD)")
    import datetime as _dt

    _dt.date.fromisoformat(value)
    return value


def parse_text_article(raw: str, article_id: str, path: str = "", default_date: str | None = None) -> Article:
    """An article from ``.txt`` content with an optional front-matter block.

    Front matter is either a ``---`` fenced block of ``key: value`` lines or
    leading ``key: value`` lines followed by a blank line, with keys among
    title, date, url, outlet, lang, id.
    """
    text = _clean(raw)
    meta: dict[str, str] = {}
    lines = text.split("\n")
    body_start = 0
    if lines and lines[0].strip() == "---":
        for k, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                body_start = k + 1
                break
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip('"')
        else:
            meta, body_start = {}, 0
    else:
        k = 0
        while k < len(lines) and re.match(rf"^({'|'.join(FRONT_MATTER_FIELDS)})\s*:", lines[k], re.IGNORECASE):
            key, _, value = lines[k].partition(":")
            meta[key.strip().lower()] = value.strip()
            k += 1
        if meta and (k == len(lines) or not lines[k].strip()):
            body_start = k
        else:
            meta = {}
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise ValueError("no text")
    return Article(
        id=meta.get("id") or article_id, text=body,
        date=_check_date(meta.get("date"), "front matter") or default_date,
        title=meta.get("title", ""), url=meta.get("url", ""), outlet=meta.get("outlet", ""),
        lang=meta.get("lang", "en") or "en", path=path,
    )


def _row_article(row: dict[str, object], fallback_id: str, path: str, default_date: str | None) -> Article:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' field")
    return Article(
        id=str(row.get("id") or fallback_id), text=_clean(text).strip(),
        date=_check_date(row.get("date"), "date field") or default_date,  # type: ignore[arg-type]
        title=str(row.get("title") or ""), url=str(row.get("url") or ""), outlet=str(row.get("outlet") or ""),
        lang=str(row.get("lang") or "en"), path=path,
    )


def read_file(path: Path, default_date: str | None = None) -> tuple[list[Article], list[ReadProblem]]:
    """Every article in one file, and the problems met; never raises for bad content."""
    import csv

    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        return [], [ReadProblem(str(path), reason)]
    if not raw.strip():
        return [], [ReadProblem(str(path), "empty file")]
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _read_jsonl(raw, path.stem, str(path), default_date)
    elif suffix == ".csv":
        import io

        limit = csv.field_size_limit()
        csv.field_size_limit(2**31 - 1)  # the article size limit applies later, to the text; not to cells
        try:
            reader = csv.DictReader(io.StringIO(_clean(raw)))
            if not reader.fieldnames or "text" not in reader.fieldnames:
                return [], [ReadProblem(str(path), "CSV has no 'text' column")]
            for n, row in enumerate(reader, start=2):
                try:
                    articles.append(_row_article(row, f"{path.stem}-{n - 1}", f"{path}:{n}", default_date))
                except ValueError as exc:
                    problems.append(ReadProblem(f"{path}:{n}", str(exc)))
        except csv.Error as exc:
            problems.append(ReadProblem(f"{path}:{reader.line_num}", f"malformed CSV ({exc}); rows after it not read"))
        finally:
            csv.field_size_limit(limit)
    else:
        try:
            articles.append(parse_text_article(raw, path.stem, str(path), default_date))
        except ValueError as exc:
            problems.append(ReadProblem(str(path), str(exc)))
    return articles, problems


def _read_jsonl(raw: str, stem: str, where: str, default_date: str | None, first: int = 1
                ) -> tuple[list[Article], list[ReadProblem]]:
    """Articles of JSON Lines text, one object per line; every line that fails is reported with its number
    (``first``: the number of the text's first line)."""
    import json

    articles: list[Article] = []
    problems: list[ReadProblem] = []
    # "\n" only: U+2028, U+0085 and friends are legal inside a JSON string, and str.splitlines
    # would cut an article in two there
    for n, line in enumerate(raw.split("\n"), start=first):
        if not line.strip():
            continue
        try:
            row = json.loads(line, strict=False)  # control characters inside strings: keep the article
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            articles.append(_row_article(row, f"{stem}-{n}", f"{where}:{n}", default_date))
        except ValueError as exc:
            problems.append(ReadProblem(f"{where}:{n}", str(exc).split("\n")[0]))
    return articles, problems


def looks_like_jsonl(text: str) -> bool:
    """Whether text (piped on stdin) is JSON Lines: its first non-blank line is a JSON object."""
    import json

    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json.loads(first, strict=False), dict)
    except ValueError:
        return False


def expand_inputs(inputs: list[str]) -> tuple[list[Path], list[ReadProblem]]:
    """Files named by ``inputs``: files, folders (their article files, sorted) and glob patterns."""
    import glob

    files: list[Path] = []
    problems: list[ReadProblem] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):  # symbolic links to folders are not followed (no loops)
                if f.name.startswith(".") or f.name.lower() == "readme.md":
                    continue
                if f.is_file():
                    if f.suffix.lower() in ARTICLE_SUFFIXES:
                        files.append(f)
                elif (bad := _link_problem(f)) is not None:
                    problems.append(ReadProblem(str(f), bad))
        elif (bad := _link_problem(p)) is not None:
            problems.append(ReadProblem(item, bad))
        elif p.is_file():
            files.append(p)
        elif any(c in item for c in "*?["):
            matched = sorted(Path(m) for m in glob.glob(item, recursive=True) if Path(m).is_file())
            if not matched:
                problems.append(ReadProblem(item, "pattern matches no file"))
            files.extend(matched)
        else:
            problems.append(ReadProblem(item, "no such file or folder"))
    return files, problems


def truncate(article: Article, max_chars: int) -> tuple[Article, ReadProblem | None]:
    """The article cut to at most ``max_chars`` characters (at the last sentence end in the limit's last tenth,
    else the last white space),
    and the problem that reports it; unchanged when it fits or ``max_chars`` is 0."""
    if not max_chars or len(article.text) <= max_chars:
        return article, None
    text = article.text
    ends = [m.end() - 1 for m in _SENTENCE_BREAK.finditer(text, max_chars - max_chars // 10, max_chars + 1)]
    cut = ends[-1] if ends else text.rfind(" ", max_chars // 2, max_chars + 1)
    cut = cut if cut > 0 else max_chars
    from dataclasses import replace

    where = article.path or article.id
    note = (f"article {article.id!r} has {len(article.text):,} characters; read the first {cut:,} "
            f"(size limit {max_chars:,}: --max-chars)")
    return replace(article, text=text[:cut].rstrip()), ReadProblem(where, note, "truncated")


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link cannot be read ("symbolic link loop", "broken symbolic link"), or None."""
    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except (RuntimeError, OSError) as exc:  # RuntimeError: Python < 3.13 on a loop
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:
            return "symbolic link loop"
        return f"broken symbolic link (to {os.readlink(path)})"
    return None


def read_articles(inputs: list[str], *, default_date: str | None = None, stdin_text: str | None = None,
                  max_chars: int = MAX_ARTICLE_CHARS) -> tuple[list[Article], list[ReadProblem]]:
    """Articles from files, folders, globs, or ``-`` (``stdin_text``); problems are returned, not raised.

    Articles over ``max_chars`` characters are truncated (see :data:`MAX_ARTICLE_CHARS`) and reported
    among the problems with ``action="truncated"``.
    """
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    for item in iter_articles(inputs, default_date=default_date, stdin_text=stdin_text, max_chars=max_chars):
        (problems if isinstance(item, ReadProblem) else articles).append(item)
    return articles, problems


def iter_articles(inputs: list[str], *, default_date: str | None = None, stdin_text: str | None = None,
                  max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article | ReadProblem]:
    """What :func:`read_articles` reads, one article (or problem) at a time: a JSON Lines file is read line by
    line, so a stream of a million articles never holds more than one in memory. Raises ``ValueError`` for a
    bad ``default_date`` before anything is read."""
    if default_date is not None:
        _check_date(default_date, "--date")
    return _iter_articles(inputs, default_date, stdin_text, max_chars)


def _iter_articles(inputs: list[str], default_date: str | None, stdin_text: str | None,
                   max_chars: int) -> Iterator[Article | ReadProblem]:
    paths, missing = expand_inputs([i for i in inputs if i != "-"])
    yield from missing
    seen: dict[str, int] = {}

    def unique(items: Iterable[Article | ReadProblem]) -> Iterator[Article | ReadProblem]:
        for a in items:
            if isinstance(a, ReadProblem):
                yield a
                continue
            a, cut = truncate(a, max_chars)
            if cut:
                yield cut
            if a.id in seen:
                seen[a.id] += 1
                from dataclasses import replace

                a = replace(a, id=f"{a.id}-{seen[a.id]}")
            else:
                seen[a.id] = 1
            yield a

    if "-" in inputs:
        if looks_like_jsonl(stdin_text or ""):
            got, bad = _read_jsonl(_clean_lines(stdin_text or ""), "stdin", "-", default_date)
            yield from unique([*got, *bad])
        else:
            try:
                yield from unique([parse_text_article(stdin_text or "", "stdin", "-", default_date)])
            except ValueError as exc:
                yield ReadProblem("-", str(exc))
    for path in paths:
        if path.suffix.lower() == ".jsonl":
            yield from unique(_iter_jsonl_file(path, default_date))
        else:
            got, bad = read_file(path, default_date)
            yield from unique([*got, *bad])


def _iter_jsonl_file(path: Path, default_date: str | None) -> Iterator[Article | ReadProblem]:
    """The articles of a JSON Lines file, line by line (``\\n`` ends a line, as in :func:`_read_jsonl`)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below; a generator)
    except OSError as exc:
        yield ReadProblem(str(path), exc.strerror or str(exc))
        return
    with fh:
        any_line = False
        for n, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                yield ReadProblem(f"{path}:{n}", "not UTF-8 text")
                continue
            if not line.strip():
                continue
            any_line = True
            got, bad = _read_jsonl(_clean_lines(line.rstrip("\n")), path.stem, str(path), default_date, first=n)
            yield from bad
            yield from got
        if not any_line:
            yield ReadProblem(str(path), "empty file")
