"""The verification report: a Markdown document and its JSON twin, built from verdicts.

Owns the report's layout: a summary table (claims by verdict, by source) that
pastes well into a document, then one section per claim with the quote, the
verdict, the numbers, and the reference with its date and source. Article text
is untrusted: quotes are escaped so that they cannot inject HTML or Markdown.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from geomap.verify import Tolerances, Verdict

VERDICTS = ("supported", "overstated", "understated", "indeterminate", "contradicted", "unverifiable")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def md_escape(text: str) -> str:
    """Text safe to put in Markdown: HTML-escaped, Markdown punctuation backslashed, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def _source_of(v: Verdict, outlets: dict[str, str]) -> str:
    return v.claim.article_outlet or outlets.get(v.claim.article_id) or v.claim.article_id


_URL_UNSAFE = {ord(c): f"%{ord(c):02X}" for c in " ()<>[]`\"\\"}


def md_link(text: str, url: str) -> str:
    """A Markdown link when ``url`` is http(s) (percent-encoded so it cannot break out), else the escaped text."""
    if not url.lower().startswith(("http://", "https://")) or any(ord(ch) < 32 for ch in url):
        return md_escape(text)
    return f"[{md_escape(text)}]({url.translate(_URL_UNSAFE)})"


def summary(verdicts: Sequence[Verdict], outlets: dict[str, str] | None = None) -> dict[str, Any]:
    """Counts by verdict and, per source (outlet, else article), by verdict."""
    outlets = outlets or {}
    by_verdict = Counter(v.verdict for v in verdicts)
    by_source: dict[str, Counter[str]] = {}
    for v in verdicts:
        by_source.setdefault(_source_of(v, outlets), Counter())[v.verdict] += 1
    return {
        "claims": len(verdicts),
        "by_verdict": {k: by_verdict.get(k, 0) for k in VERDICTS},
        "by_kind": dict(sorted(Counter(v.claim.claim_kind for v in verdicts).items())),
        "by_source": {s: {k: c.get(k, 0) for k in VERDICTS} for s, c in sorted(by_source.items())},
    }


def to_json(verdicts: Sequence[Verdict], tolerances: Tolerances, outlets: dict[str, str] | None = None
            ) -> dict[str, Any]:
    return {
        "summary": summary(verdicts, outlets),
        "tolerances": asdict(tolerances),
        "claims": [v.to_row() for v in verdicts],
    }


def _km(x: float | None) -> str:
    return "" if x is None else f"{x:,.1f} km"


def fmt(x: float | None, spec: str, suffix: str = "") -> str:
    """``x`` formatted with ``spec`` and ``suffix``, or "n/a" when there is no value (never raises)."""
    return "n/a" if x is None or x != x else f"{x:{spec}}{suffix}"


def to_markdown(verdicts: Sequence[Verdict], tolerances: Tolerances, outlets: dict[str, str] | None = None,
                title: str = "geomap verification report") -> str:
    """The report as Markdown (deterministic: no timestamps)."""
    outlets = outlets or {}
    s = summary(verdicts, outlets)
    lines = [f"# {title}", ""]
    n_articles = len({v.claim.article_id for v in verdicts})
    lines.append(f"{s['claims']} claims from {n_articles} article(s). Tolerances: approximate figures "
                 f"±{tolerances.approx_pct:g} %, bounds {tolerances.bound_pct:g} % slack, unit pairs "
                 f"{tolerances.pair_pct:g} %. Distances are WGS84 geodesics; see each claim for its reference.")
    lines += ["", "## Summary", "", "| verdict | claims |", "| --- | ---: |"]
    lines += [f"| {k} | {n} |" for k, n in s["by_verdict"].items() if n]
    lines += ["", "| source | " + " | ".join(VERDICTS) + " |", "| --- |" + " ---: |" * len(VERDICTS)]
    for source, counts in s["by_source"].items():
        lines.append(f"| {md_escape(source)} | " + " | ".join(str(counts[k]) for k in VERDICTS) + " |")
    lines += ["", "## Claims", ""]
    for n, v in enumerate(verdicts, start=1):
        c = v.claim
        lines.append(f"### {n}. {md_escape(c.subject or '(unknown place)')}: {md_escape(c.quote)} — **{v.verdict}**")
        lines += ["", f"> {md_escape(c.sentence)}", "", "| | |", "| --- | --- |"]
        rows: list[tuple[str, str]] = [("claim", f"{c.claim_kind}, {v.test or 'n/a'}")]
        if c.claim_kind == "distance":
            claimed = f"{c.qualifier + ' ' if c.qualifier else ''}{fmt(c.claimed_value, ',g')} {c.claimed_unit}"
            if c.second_value is not None:
                claimed += f" ({fmt(c.second_value, ',g')} {c.second_unit})"
            rows.append(("claimed", f"{claimed} = {_km(c.claimed_km)}"))
            if v.measured_km is not None:
                rows.append(("measured", f"{_km(v.measured_km)} to {fmt(v.nearest_lat, '.4f')}, "
                                         f"{fmt(v.nearest_lon, '.4f')}"))
                rows.append(("error", f"{fmt(v.error_km, '+,.1f', ' km')} ({fmt(v.error_pct, '+.1f', ' %')}), "
                                      f"tolerance {fmt(v.tolerance_pct, 'g', ' %')}"))
        elif c.claim_kind == "population":
            rows.append(("claimed", f"{c.qualifier + ' ' if c.qualifier else ''}{fmt(c.claimed_value, ',.0f')} people"))
            if v.measured_value is not None:
                rows.append(("measured", f"{v.measured_value:,.0f} people (GeoNames)"))
                rows.append(("error", f"{fmt(v.error_pct, '+.1f', ' %')}, tolerance {fmt(v.tolerance_pct, 'g', ' %')}"))
        else:
            rows.append(("claimed", f"{c.direction} part of {c.reference.split(':')[-1]}"))
            if v.bearing_deg is not None:
                rows.append(("measured", f"bearing {v.bearing_deg:.0f}° from the country's centre"))
        if c.subject:
            rows.append(("subject", f"{md_escape(c.subject)} ({c.subject_source}), found: {c.subject_how}"))
        ref = v.reference_label or c.reference or c.reference_text
        if ref:
            when = f", {v.reference_date_used}" if v.reference_date_used else ""
            plus = f", ±{v.uncertainty_km:g} km" if v.uncertainty_km else ""
            rows.append(("reference", f"{md_escape(ref)}{when}{plus}"))
        if v.reference_source:
            rows.append(("source of reference", md_escape(v.reference_source)))
        title = f", \u201c{md_escape(c.article_title)}\u201d" if c.article_title else ""
        rows.append(("article", f"{md_link(_source_of(v, outlets), c.article_url)} ({md_escape(c.article_id)})"
                                f"{title}, published {c.article_date or c.reference_date or 'unknown'}, "
                                f"claim {md_escape(c.claim_id)}"))
        lines += [f"| {k} | {val} |" for k, val in rows]
        notes = [x for x in (v.verdict_note, v.event_note, v.pair_note, v.rounding_note, v.direction_note,
                             c.reference_note) if x]
        if notes:
            lines.append("")
            lines += [f"- {md_escape(x)}" for x in notes]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
