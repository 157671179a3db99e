"""The ``geomap`` command line: a thin typer layer over :mod:`geomap.api`.

Owns argument parsing, progress bars, human/JSON formatting and exit codes:
0 ok, 1 not found or a domain failure, 2 bad usage or bad input.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from geomap import __version__

app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="geomap: resolve places in news, measure distance claims, map incidents. Offline.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="Inspect and extend the bundled gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")

F = TypeVar("F", bound=Callable[..., Any])

# Options that extract, verify and run share.
Articles = Annotated[list[str], typer.Argument(help="Article files, folders, globs, or - for stdin.")]
Out = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
PubDate = Annotated[str | None, typer.Option("--date", help="Publication date for articles without one.")]
Front = Annotated[Path | None, typer.Option("--front", help="Your own front line file or folder.")]
Strict = Annotated[bool, typer.Option("--strict", help="Fail on any unreadable file.")]
Json = Annotated[bool, typer.Option("--json", help="Print a JSON summary on stdout instead of the lines.")]
Chunk = Annotated[int, typer.Option("--chunk-size", min=1, help="Articles read, processed and written per chunk.")]
Workers = Annotated[int | None, typer.Option("--workers", min=1, help="Worker processes (default: one per CPU).")]
Dask = Annotated[str | None, typer.Option("--dask", help="Process on a Dask cluster: a scheduler address "
                                                         "(tcp://host:8786) or 'local' for a local cluster.")]
TableFormat = Annotated[str, typer.Option("--format", help="Table format: csv or parquet (needs pyarrow); for "
                                                           "extract also 'acled': csv plus incidents_acled.csv.")]
MaxChars = Annotated[int, typer.Option("--max-chars", min=0, help="Size limit of one article in characters; "
                                       "longer ones are truncated and reported (0: no limit).")]
DEFAULT_MAX_CHARS = 1_000_000  # geomap.reading.MAX_ARTICLE_CHARS (not imported here: start-up time)


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 article", "2 articles", "1,200 place mentions"."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _fail(message: str, code: int) -> None:
    typer.echo(f"geomap: error: {message}", err=True)
    raise typer.Exit(code)


def handles_errors(fn: F) -> F:
    """Turn :class:`GeomapError` into a one-line message on stderr and its exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from geomap.errors import GeomapError, NotFoundError

        try:
            return fn(*args, **kwargs)
        except NotFoundError as exc:
            hint = f" (did you mean: {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            _fail(f"{exc}{hint}", exc.exit_code)
        except GeomapError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except typer.Exit:
            raise
        except OSError as exc:  # a file system failure no library call anticipated: still one line
            if os.environ.get("GEOMAP_DEBUG"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", 1)
        except Exception as exc:  # a bug: one line, and the way to the traceback
            if os.environ.get("GEOMAP_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); rerun with GEOMAP_DEBUG=1 for the traceback "
                  "and please report it", 70)

    return wrapper  # type: ignore[return-value]


@contextmanager
def _progress(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback drawing a bar on stderr (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        yield lambda stage, done, total: None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=None) as bar:
        task = bar.add_task(label, total=1)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, total=total, completed=done, description=f"{label}: {stage}")

        yield update


def _gazetteer():
    from geomap.gazetteer import Gazetteer

    with _progress("building the gazetteer index (first use only)") as progress:
        return Gazetteer.open(progress=progress, notice=lambda msg: typer.echo(f"geomap: {msg}", err=True))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"geomap {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """geomap: resolve places in news, measure distance claims, map incidents. Offline."""


def _echo_json(obj: Any) -> None:
    from geomap.io import dumps_json

    typer.echo(dumps_json(obj), nl=False)


def _place_line(c: Any) -> str:
    p = c.place
    region = f", {p.admin1}" if p.admin1 and p.admin1 != p.name else ""
    pop = f", pop. {p.population:,}" if p.population else ""
    return (f"{p.name}{region}, {p.country} ({p.kind}{pop})  {p.lat:.5f}, {p.lon:.5f}  "
            f"[{p.source}]  score {c.score:.2f}")


@app.command()
@handles_errors
def resolve(
    name: Annotated[str, typer.Argument(help="Place name as the text spells it.")],
    context: Annotated[str | None, typer.Option("--context", "-c",
                                                help="Text around the name, used as evidence.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Only places in this country (ISO code).")] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Show every candidate with its reasons.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Resolve a place name to the gazetteer entry it most likely means."""
    from geomap.api import resolve as resolve_name

    result = resolve_name(name, context, country=country, gazetteer=_gazetteer())
    if json_:
        _echo_json(result.to_dict())
        return
    typer.echo(f"{name} -> {_place_line(result.pick)}")
    if all_:
        for k, c in enumerate(result.candidates, start=1):
            typer.echo(f"{k:>3}. {_place_line(c)}")
            for reason in c.reasons:
                typer.echo(f"       - {reason}")


@gazetteer_app.command("info")
@handles_errors
def gazetteer_info(json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts, sources, versions and licences of the gazetteer."""
    info = _gazetteer().info()
    if json_:
        _echo_json(info)
        return
    typer.echo(f"index    {info['index']}  (version {info['version']})")
    typer.echo(f"places   {info['places']:,}   names {info['names']:,}")
    typer.echo("by kind  " + ", ".join(f"{k} {n:,}" for k, n in info["by_kind"].items()))
    for s in info["sources"]:
        version = f" {s['version']}" if s.get("version") else ""
        typer.echo(f"source   {s['name']}{version} — {s['licence']}")
    for f in info["user_files"]:
        typer.echo(f"user     {f['file']} ({f['format']}, {int(f['places']):,} places)")


@gazetteer_app.command("add")
@handles_errors
def gazetteer_add(
    file: Annotated[Path, typer.Argument(help="An overlay CSV or a GeoNames dump (e.g. UA.txt).")],
    replace: Annotated[bool, typer.Option("--replace", help="Let rows replace places with the same id "
                                                            "(otherwise such a file is refused).")] = False,
) -> None:
    """Add places to the gazetteer (copied into the user folder; the index is rebuilt on next use)."""
    from geomap.gazetteer import add_user_file, check_user_file

    current = _gazetteer()
    replaced = check_user_file(file, gazetteer=current)
    dest = add_user_file(file, replace=replace, gazetteer=current)
    for r in replaced:
        typer.echo(f"geomap: replaces {r}", err=True)
    gaz = _gazetteer()
    typer.echo(f"added {file} -> {dest}; index now has {int(gaz.meta['places']):,} places")


@app.command()
@handles_errors
def extract(
    articles: Articles,
    out: Out = Path("output"),
    date: PubDate = None,
    format_: TableFormat = "csv",
    strict: Strict = False,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    chunk_size: Chunk = 1000,
    workers: Workers = None,
    dask: Dask = None,
    json_: Json = False,
) -> None:
    """Place mentions, incidents and claims of articles -> OUT/mentions.csv, incidents.csv/.geojson, claims.csv."""
    _check_format(format_, ("csv", "parquet", "acled"))
    with _outputs(out) as run:  # taken first: a second run on the same folder is refused at once
        result = _stream(articles, run.dir, date=date, strict=strict, max_chars=max_chars, chunk_size=chunk_size,
                         workers=workers, dask=dask, fmt="parquet" if format_ == "parquet" else "csv",
                         acled=format_ == "acled")
    paths = run.written
    if json_:
        _echo_json(_summary(result, paths))
        return
    typer.echo(f"{plural(result.articles, 'article')}: {plural(result.mentions, 'place mention')}, "
               f"{plural(result.incidents, 'incident')}, {plural(result.claims, 'claim')} -> "
               f"{', '.join(str(p) for p in paths)}")


def _check_format(value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        _fail(f"--format must be {' or '.join(allowed)}, not {value!r}", 2)


def _summary(result: Any, paths: list[Path], *, verified: bool = False) -> dict[str, Any]:
    """The ``--json`` summary of extract, verify and run (``problems``: files skipped or truncated, articles
    that failed)."""
    out: dict[str, Any] = {"articles": result.articles, "mentions": result.mentions,
                           "incidents": result.incidents, "claims": result.claims}
    if verified:
        out["verdicts"] = dict(sorted(result.verdicts.items()))
    out["problems"] = [{"path": p.path, "action": p.action, "reason": p.reason} for p in result.problems]
    out["files"] = [str(p) for p in sorted(paths)]
    return out


def _stream(inputs: list[str], out: Path, *, date: str | None, strict: bool, max_chars: int, chunk_size: int,
            workers: int | None, dask: str | None, fmt: str = "csv", acled: bool = False, verify: bool = False,
            tolerances: Any = None, front: Path | None = None) -> Any:
    """Read the articles chunk by chunk and write the tables into ``out`` (:func:`geomap.stream.stream`),
    problems reported on stderr as they are met; fails (nothing is committed) under --strict or when no
    article could be read."""
    from geomap.reading import iter_articles
    from geomap.stream import connect, stream

    stdin_text = sys.stdin.read() if "-" in inputs else None
    try:
        items = iter_articles(inputs, default_date=date, stdin_text=stdin_text, max_chars=max_chars)
    except ValueError as exc:
        _fail(str(exc), 2)

    def problem(p: Any) -> None:
        typer.echo(f"geomap: {p.action} {p}", err=True)
        if strict and p.action == "skipped":
            _fail(f"unreadable input {p.path} and --strict", 2)

    client = connect(dask) if dask else None
    try:
        with _count("reading articles") as tick:
            result = stream(items, out, gazetteer=_gazetteer(), verify=verify, tolerances=tolerances, front=front,
                            fmt=fmt, acled=acled, chunk_articles=chunk_size, workers=workers, client=client,
                            progress=tick, on_problem=problem)
    finally:
        if client is not None:
            cluster = getattr(client, "cluster", None)
            client.close()
            if dask == "local" and cluster is not None:
                cluster.close()
    if not result.articles:
        _fail("no article could be read", 2)
    return result


@contextmanager
def _count(label: str) -> Iterator[Callable[[int], None]]:
    """A running count on stderr for long streamed runs (terminal only)."""
    if not sys.stderr.isatty():
        yield lambda done: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done: bar.update(task, completed=done)


@contextmanager
def _outputs(out: Path) -> Iterator[Any]:
    """The run's output folder (:class:`geomap.io.OutputFolder`): all files appear together or none does."""
    from geomap.errors import GeomapError
    from geomap.io import OutputFolder

    try:
        with OutputFolder(out) as run:
            yield run
    except GeomapError as exc:
        raise type(exc)(f"{exc}; nothing was written to {out} (what it held is unchanged)") from None


assets_app = typer.Typer(no_args_is_help=True, help="The Leaflet scripts an offline map inlines.")
app.add_typer(assets_app, name="assets")


@assets_app.command("fetch")
@handles_errors
def assets_fetch() -> None:
    """Fetch (once) the npm packages an offline map inlines, verified against pinned hashes."""
    from geomap import assets

    for p in assets.PACKAGES:  # the verified tarballs stay in the cache too: a wheel build takes them from there
        assets.fetch(p)
        typer.echo(f"{p.name}@{p.version}: {assets.package_dir(p)}")


def examples_dir() -> Path:
    """The bundled example articles (checkout's ``examples/`` or the copy inside the wheel)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_examples", here.parent / "examples"):
        if candidate.is_dir():
            return candidate
    return here.parent / "examples"


def _tolerances(tolerance: float, slack: float):
    from geomap.verify import Tolerances

    if not (0 <= tolerance < 100 and 0 <= slack < 100):
        _fail("--tolerance and --slack are percentages between 0 and 100", 2)
    return Tolerances(approx_pct=tolerance, bound_pct=slack, pair_pct=tolerance)


TOLERANCE = typer.Option("--tolerance", help="Tolerance for approximate figures, in percent.")
SLACK = typer.Option("--slack", help="Slack on bounds ('more than', 'under'), in percent.")


@app.command()
@handles_errors
def check(
    text: Annotated[str, typer.Argument(help="A sentence with a claim, e.g. 'Kazan is 1,000 km from Ukraine'.")],
    date: Annotated[str | None, typer.Option("--date", help="Date of the claim (for the front line).")] = None,
    tolerance: Annotated[float, TOLERANCE] = 10.0,
    slack: Annotated[float, SLACK] = 2.0,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the claims in one sentence: a verdict, explained, with the numbers behind it."""
    from geomap import api

    verdicts = api.check(text, date=date, tolerances=_tolerances(tolerance, slack), gazetteer=_gazetteer())
    if json_:
        _echo_json([v.to_row() for v in verdicts])
        return
    from geomap.report import fmt

    for v in verdicts:
        c = v.claim
        typer.echo(f"{v.verdict.upper()}: {v.verdict_note}")
        missing = "not found" if c.subject_how in ("", "not found") else f"not found: {c.subject_how}"
        rows = [("subject", f"{c.subject} ({c.subject_source}), {c.subject_how}" if c.subject else missing)]
        if c.claimed_km is not None:
            rows.append(("claimed", f"{c.qualifier + ' ' if c.qualifier else ''}{fmt(c.claimed_value, ',g')} "
                                    f"{c.claimed_unit} = {fmt(c.claimed_km, ',.1f')} km"))
        if v.measured_km is not None:
            rows += [("measured", f"{v.measured_km:,.1f} km to {fmt(v.nearest_lat, '.4f')}, "
                                  f"{fmt(v.nearest_lon, '.4f')}"),
                     ("error", f"{fmt(v.error_km, '+,.1f', ' km')} ({fmt(v.error_pct, '+.1f', ' %')}), "
                               f"tolerance {fmt(v.tolerance_pct, 'g', ' %')}")]
        if v.reference_label:
            when = f", {v.reference_date_used}" if v.reference_date_used else ""
            rows.append(("reference", f"{v.reference_label}{when} — {v.reference_source}"))
        if v.event_note:
            rows.append(("event", v.event_note))
        for note in (c.reference_note, v.pair_note, v.rounding_note, v.direction_note):
            if note:
                rows.append(("note", note))
        for k, val in rows:
            typer.echo(f"  {k:<10} {val}")


@app.command()
@handles_errors
def verify(
    articles: Articles,
    out: Out = Path("output"),
    date: PubDate = None,
    front: Front = None,
    tolerance: Annotated[float, TOLERANCE] = 10.0,
    slack: Annotated[float, SLACK] = 2.0,
    strict: Strict = False,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    format_: TableFormat = "csv",
    chunk_size: Chunk = 1000,
    workers: Workers = None,
    dask: Dask = None,
    json_: Json = False,
) -> None:
    """Check every claim of the articles -> OUT/claims.csv (with verdicts), report.md, report.json.

    Given one claims.csv (as extract or verify wrote it, perhaps edited), measure its claims again."""
    from geomap import api
    from geomap.io import write_report

    tol = _tolerances(tolerance, slack)
    _check_format(format_, ("csv", "parquet"))
    if len(articles) == 1 and api.is_claims_table(articles[0]):  # an edited claims.csv: measure it again
        with _outputs(out) as run:
            gaz = _gazetteer()
            verdicts = api.verify_table(articles[0], tolerances=tol, front=front, gazetteer=gaz)
            write_report(verdicts, tol, run.dir, {})
        counts = ", ".join(f"{n} {k}" for k, n in sorted(Counter(v.verdict for v in verdicts).items()))
        if json_:
            _echo_json({"claims": len(verdicts), "verdicts": dict(sorted(Counter(v.verdict for v in verdicts)
                                                                          .items())),
                        "files": [str(p) for p in sorted(run.written)]})
            return
        typer.echo(f"{articles[0]}: {plural(len(verdicts), 'claim')} measured again ({counts or 'none'}) -> "
                   f"{', '.join(str(p) for p in run.written)}")
        return
    with _outputs(out) as run:
        result = _stream(articles, run.dir, date=date, strict=strict, max_chars=max_chars, chunk_size=chunk_size,
                         workers=workers, dask=dask, fmt=format_, verify=True, tolerances=tol, front=front)
        _report_files(result, tol, run.dir)
    paths = run.written
    if json_:
        _echo_json(_summary(result, paths, verified=True))
        return
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result.verdicts.items()))
    typer.echo(f"{plural(result.articles, 'article')}, {plural(result.claims, 'claim')} ({counts or 'none'}) -> "
               f"{', '.join(str(p) for p in paths)}")


def _report_files(result: Any, tol: Any, out: Path) -> bool:
    """report.md and report.json, when the run kept its verdicts (see :data:`geomap.stream.KEEP_FOR_MAP`)."""
    from geomap.io import write_report_files
    from geomap.stream import KEEP_FOR_MAP

    if result.verdict_records is None:
        typer.echo(f"geomap: more than {KEEP_FOR_MAP:,} claims: report.md and report.json are not written "
                   "(claims.csv holds every verdict)", err=True)
        return False
    write_report_files(result.verdict_records, tol, out, result.outlets)
    return True


@app.command()
@handles_errors
def run(
    articles: Annotated[list[str] | None, typer.Argument(help="Articles (default: the bundled examples).")] = None,
    out: Out = Path("output"),
    date: PubDate = None,
    front: Front = None,
    strict: Strict = False,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    online: Annotated[bool, typer.Option("--online", help="Link scripts from CDNs and add OpenStreetMap tiles "
                                                          "instead of one self-contained offline file.")] = False,
    embed: Annotated[bool, typer.Option("--embed", help="Also write map_embed.html, an iframe for reports.")] = False,
    png: Annotated[bool, typer.Option("--png", help="Also write map.png (needs Chromium).")] = False,
    embed_height: Annotated[str, typer.Option("--embed-height", help="Height of the --embed iframe, a CSS length "
                                                                      "(600px, 70vh).")] = "600px",
    tiles: Annotated[str | None, typer.Option("--tiles", help="A tile server URL template for the basemap, e.g. "
                                                              "https://tiles.intranet/{z}/{x}/{y}.png")] = None,
    tiles_attribution: Annotated[str | None, typer.Option("--tiles-attribution",
                                                          help="Attribution text for --tiles.")] = None,
    title: Annotated[str, typer.Option("--title", help="Title shown on the map.")] = "geomap",
    tolerance: Annotated[float, TOLERANCE] = 10.0,
    slack: Annotated[float, SLACK] = 2.0,
    format_: TableFormat = "csv",
    chunk_size: Chunk = 1000,
    workers: Workers = None,
    dask: Dask = None,
    json_: Json = False,
) -> None:
    """The main job: read, resolve, extract, verify; write the map, every table and the report into OUT."""
    from geomap.render import render_map, write_map_files
    from geomap.stream import KEEP_FOR_MAP

    _check_format(format_, ("csv", "parquet"))

    tol = _tolerances(tolerance, slack)
    if not re.fullmatch(r"\d+(?:\.\d+)?(?:px|vh|em|rem|%)", embed_height):
        _fail(f"--embed-height {embed_height!r}: expected a CSS length such as 600px or 70vh", 2)
    if tiles is not None and not (tiles.startswith(("http://", "https://")) and "{z}" in tiles):
        _fail(f"--tiles {tiles!r}: expected an http(s) URL template with {{z}}, {{x}} and {{y}}", 2)
    with _outputs(out) as run:
        result = _stream(articles or [str(examples_dir())], run.dir, date=date, strict=strict, max_chars=max_chars,
                         chunk_size=chunk_size, workers=workers, dask=dask, fmt=format_, acled=True, verify=True,
                         tolerances=tol, front=front)
        reported = _report_files(result, tol, run.dir)
        if not reported or result.incident_records is None:
            typer.echo(f"geomap: more than {KEEP_FOR_MAP:,} incidents or claims: the map is not drawn (the tables "
                       "hold them all)", err=True)
        else:
            m = render_map(result.incident_records, result.verdict_records, title=title, front_source=front,
                           tiles=tiles or ("OpenStreetMap" if online else None), tiles_attribution=tiles_attribution)
            write_map_files(m, run.dir, offline=not online, embed=embed, png=png, embed_height=embed_height)
    paths = run.written
    if json_:
        _echo_json(_summary(result, paths, verified=True))
        return
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result.verdicts.items()))
    typer.echo(f"{plural(result.articles, 'article')}: {plural(result.mentions, 'place mention')}, "
               f"{plural(result.incidents, 'incident')}, {plural(result.claims, 'claim')} "
               f"({counts or 'none'})")
    for p in sorted(paths):
        typer.echo(f"wrote {p}")


@app.command()
@handles_errors
def distance(
    subjects: Annotated[list[str], typer.Argument(help="Places (or 'lat,lon'); with no --to, exactly two: A B.")],
    to: Annotated[str | None, typer.Option(
        "--to", help="border:UA, border:RU-UA, country:RU, front, front:DATE, or a place.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Date for the front line (YYYY-MM-DD).")] = None,
    front: Annotated[Path | None, typer.Option(
        "--front", help="Your own front: GeoJSON/KML line or occupied-area polygon, or a folder of dated files.",
    )] = None,
    context: Annotated[str | None, typer.Option("--context", "-c", help="Text to resolve the names with.")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON rows.")] = False,
) -> None:
    """Geodesic distance, bearing and nearest point from places to a place, border or front line."""
    from geomap import api

    rows = api.distance(subjects, to, date=date, front=front, context=context, gazetteer=_gazetteer())
    if json_:
        _echo_json([r.to_dict() for r in rows])
        return
    ref = rows[0]
    when = f", {ref.reference_date}" if ref.reference_date and ref.reference_date not in ref.reference_label else ""
    plus = f", ±{ref.uncertainty_km:g} km" if ref.uncertainty_km else ""
    typer.echo(f"reference: {ref.reference_label}{when}{plus} — {ref.reference_source}")
    if ref.note:
        typer.echo(f"note: {ref.note}")
    for r in rows:
        where = "" if r.reference_kind == "place" else \
            f" to {abs(r.nearest_lat):.3f} {'N' if r.nearest_lat >= 0 else 'S'}, " \
            f"{abs(r.nearest_lon):.3f} {'E' if r.nearest_lon >= 0 else 'W'} {r.nearest_place}"
        side = f"; {r.subject} is {r.compass} ({r.bearing_deg:.0f}°) of it" if r.compass else " (inside)"
        typer.echo(f"{r.subject} -> {r.reference}: {r.km:,.1f} km ({r.mi:,.1f} mi, {r.nmi:,.1f} nmi){where}{side}")


if __name__ == "__main__":  # pragma: no cover
    app()
