"""Renderers: turn a :class:`Report` into text. The only place that formats numbers.

Table and Markdown are for people (``33 %``, ``USD 2.0 bn``); CSV and JSON are
for programs and carry the raw values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from typing import Any

from dbtool.report import Column, Report, Section

FORMATS = ("table", "markdown", "csv", "json")


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _usd(value: float) -> str:
    for scale, suffix in ((1e9, "bn"), (1e6, "m")):
        if abs(value) >= scale:
            return f"USD {value / scale:,.1f} {suffix}"
    return f"USD {value:,.0f}"


def format_value(value: Any, kind: str) -> str:
    """A cell for people; ``None`` is an empty cell, never the word None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "int":
        return f"{int(value):,}"
    if kind in ("number", "percent", "usd") and isinstance(value, int | float):
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        if kind == "percent":
            return f"{_number(value)} %"
        if kind == "usd":
            return _usd(value)
        return _number(value)
    return str(value)


def _cells(section: Section) -> list[list[str]]:
    return [[format_value(row.get(c.key), c.kind) for c in section.columns] for row in section.rows]


def _align(columns: list[Column]) -> list[str]:
    return ["right" if c.kind in ("int", "number", "percent", "usd") else "left" for c in columns]


def render_table(report: Report, tablefmt: str = "simple") -> str:
    from tabulate import tabulate

    parts = [report.title, f"Source: {report.source}", ""]
    for section in report.sections:
        parts.append(f"{section.title}")
        parts.append("")
        if section.intro:
            parts += [section.intro, ""]
        if section.rows:
            parts.append(
                tabulate(
                    _cells(section),
                    headers=[c.label for c in section.columns],
                    tablefmt=tablefmt,
                    colalign=_align(section.columns),
                    maxcolwidths=[c.width for c in section.columns],
                    disable_numparse=True,
                )
            )
        elif not section.intro:
            parts.append("(none)")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, generated_at: str) -> str:
    """A Markdown document: title, one header line, sections with GitHub tables, footnotes."""
    lines = [
        f"# {report.title}",
        "",
        f"Source: {report.source} · generated {generated_at} by dbtool",
        "",
    ]
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        if section.intro:
            lines += [section.intro, ""]
        if not section.rows:
            lines += ["_None._", ""]
            continue
        aligns = ["---:" if a == "right" else "---" for a in _align(section.columns)]
        lines.append("| " + " | ".join(_md_escape(c.label) for c in section.columns) + " |")
        lines.append("| " + " | ".join(aligns) + " |")
        for cells in _cells(section):
            lines.append("| " + " | ".join(_md_escape(c) for c in cells) + " |")
        lines.append("")
    if report.footnotes:
        lines += [f"[^{i}]: {_md_escape(note)}" for i, note in enumerate(report.footnotes, 1)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _raw(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def report_data(report: Report) -> dict[str, Any]:
    """The JSON shape: ``{"report", "title", "source", "sections": {name: [rows]}}``."""
    return {
        "report": report.name,
        "title": report.title,
        "source": report.source,
        "sections": {
            section.title: [
                {c.key: _raw(row.get(c.key)) for c in section.columns} for row in section.rows
            ]
            for section in report.sections
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"


def render_csv(report: Report) -> str:
    """One CSV table; a report with several sections gets a leading ``section`` column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    several = len(report.sections) > 1
    if not several:
        section = report.sections[0]
        writer.writerow([c.key for c in section.columns])
        writer.writerows([[_raw(r.get(c.key)) for c in section.columns] for r in section.rows])
        return out.getvalue()
    keys: list[str] = []
    for section in report.sections:
        keys += [c.key for c in section.columns if c.key not in keys]
    writer.writerow(["section", *keys])
    for section in report.sections:
        for row in section.rows:
            writer.writerow([section.title, *(_raw(row.get(k)) for k in keys)])
    return out.getvalue()


def check_format(fmt: str) -> str:
    """The format name, lower-cased, or a ``UsageError`` naming the choices."""
    from dbtool.errors import UsageError

    if fmt.lower() not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt.lower()


def render(report: Report, fmt: str, *, tablefmt: str = "simple", generated_at: str = "") -> str:
    if fmt == "table":
        return render_table(report, tablefmt)
    if fmt == "markdown":
        return render_markdown(report, generated_at)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
