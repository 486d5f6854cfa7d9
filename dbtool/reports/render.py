"""Renderers: turn a :class:`Report` into a table, Markdown, CSV or JSON.

Table and Markdown are for people (``33 %``, ``USD 2.0 bn``, ``[32.5, 33.5] %``,
spelled by :mod:`dbtool.display`); CSV and JSON are for programs and carry the
raw values (numbers as numbers, ISO dates, NULL as empty / null).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import textwrap
from collections.abc import Iterator
from typing import Any

from dbtool import display
from dbtool.reports.model import Column, Report, Section

FORMATS = ("table", "markdown", "csv", "json")
NUMERIC = ("int", "value", "interval")


def check_format(fmt: str) -> str:
    """The format name, lower-cased, or a ``UsageError`` naming the choices."""
    from dbtool.errors import UsageError

    if fmt.lower() not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt.lower()


def format_interval(row: dict[str, Any]) -> str:
    """A row's ``low``/``high`` interval in its unit, for people (see :mod:`dbtool.display`)."""
    return display.format_interval(
        row.get("low"),
        row.get("high"),
        row.get("low_inclusive"),
        row.get("high_inclusive"),
        row.get("unit"),
    )


def format_cell(row: dict[str, Any], column: Column, markdown: bool = False) -> str:
    """A cell for people; ``None`` is an empty cell, never the word None."""
    if column.kind == "interval":
        return format_interval(row)
    if column.kind == "highlight":
        text, a, b = row["sentence"], row["quote_start"], row["quote_end"]
        left, right = ("**", "**") if markdown else ("«", "»")
        return f"{text[:a]}{left}{text[a:b]}{right}{text[b:]}"
    value = row.get(column.key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if column.kind == "value" and isinstance(value, int | float):
        return display.format_amount(value, row.get("unit"))
    if column.kind == "int" and isinstance(value, int | float):
        return f"{int(value):,}"
    return str(value)


def _align(columns: list[Column]) -> list[str]:
    return ["right" if c.kind in NUMERIC else "left" for c in columns]


def _wrap(text: str, width: int | None) -> str:
    """Wrap long cells ourselves: tabulate's maxcolwidths re-parses "1,600" as a number."""
    if width is None or len(text) <= width:
        return text
    return "\n".join(textwrap.fill(line, width) for line in text.splitlines())


def render_table(report: Report, tablefmt: str = "simple") -> str:
    from tabulate import tabulate

    parts = [report.title, f"Source: {report.source}", ""]
    for section in report.sections:
        parts += [section.title, ""]
        if section.intro:
            parts += [section.intro, ""]
        if section.rows:
            cells = [
                [_wrap(format_cell(row, c), c.width) for c in section.columns]
                for row in section.rows
            ]
            parts.append(
                tabulate(
                    cells,
                    headers=[c.label for c in section.columns],
                    tablefmt=tablefmt,
                    colalign=_align(section.columns),
                    disable_numparse=True,
                )
            )
        elif not section.intro:
            parts.append("(none)")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, generated_at: str) -> str:
    """A Markdown document: a title, one header line, sections, GitHub tables, footnotes.

    Every time-dependent fact is on the header line, so two renderings of the
    same data differ in that line only. Quote columns become footnotes.
    """
    stamp = f" · {report.stamp}" if report.stamp else ""
    lines = [
        f"# {report.title}",
        "",
        f"Source: {report.source} · generated {generated_at} by dbtool{stamp}",
        "",
    ]
    notes: dict[str, int] = {}
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        if section.intro:
            lines += [section.intro, ""]
        if not section.rows:
            if not section.intro:
                lines += ["_None._", ""]
            continue
        aligns = ["---:" if a == "right" else "---" for a in _align(section.columns)]
        lines.append("| " + " | ".join(_md(c.label) for c in section.columns) + " |")
        lines.append("| " + " | ".join(aligns) + " |")
        for row in section.rows:
            cells = []
            for c in section.columns:
                text = format_cell(row, c, markdown=True)
                if c.kind == "quote" and text:
                    text = f"[^{notes.setdefault(text, len(notes) + 1)}]"
                cells.append(_md(text))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        if section.markdown:
            lines += [section.markdown, ""]
    lines += [f"[^{i}]: “{_md(note)}”" for note, i in notes.items()]
    return "\n".join(lines).rstrip() + "\n"


def _raw(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def report_data(report: Report) -> dict[str, Any]:
    """The JSON shape: ``{"report", "title", "source", "sections": {name: [objects]}}``."""
    return {
        "report": report.name,
        "title": report.title,
        "source": report.source,
        "sections": {
            section.name: [
                {key: _raw(row.get(key)) for key in section.export_fields()} for row in section.rows
            ]
            for section in report.sections
        },
    }


def render_json(report: Report) -> str:
    """``json.dumps(report_data(report), indent=2, ensure_ascii=False)``, to the byte.

    With ``indent`` the standard library encodes in pure Python; a report of
    100,000 rows took seconds (issue 11). So the layout is written here and
    each scalar is encoded by the C encoder; anything else nests as the
    standard library would lay it out.
    """
    return "".join(_indented(report_data(report), "")) + "\n"


_SCALAR = json.JSONEncoder(ensure_ascii=False).encode


def _indented(value: Any, indent: str) -> Iterator[str]:
    if isinstance(value, dict) and value and not all(isinstance(k, str) for k in value):
        # Keys the encoder converts (numbers, booleans): let it lay the whole object out.
        yield json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
    elif isinstance(value, dict) and value:
        inner = indent + "  "
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("\n" if i == 0 else ",\n") + inner + _SCALAR(str(key)) + ": "
            yield from _indented(item, inner)
        yield "\n" + indent + "}"
    elif isinstance(value, list) and value:
        inner = indent + "  "
        yield "["
        for i, item in enumerate(value):
            yield ("\n" if i == 0 else ",\n") + inner
            yield from _indented(item, inner)
        yield "\n" + indent + "]"
    else:
        yield _SCALAR(value)


def render_csv(report: Report) -> str:
    """One CSV table; a report of several sections gets a leading ``section`` column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    sections: list[Section] = report.sections
    if len(sections) == 1:
        keys = sections[0].export_fields()
        writer.writerow(keys)
        writer.writerows([[_raw(r.get(k)) for k in keys] for r in sections[0].rows])
        return out.getvalue()
    keys = list(dict.fromkeys(k for s in sections for k in s.export_fields()))
    writer.writerow(["section", *keys])
    for section in sections:
        for row in section.rows:
            writer.writerow([section.name, *(_raw(row.get(k)) for k in keys)])
    return out.getvalue()


def render(report: Report, fmt: str, *, tablefmt: str = "simple", generated_at: str = "") -> str:
    if fmt == "table":
        return render_table(report, tablefmt)
    if fmt == "markdown":
        return render_markdown(report, generated_at)
    if fmt == "csv":
        return render_csv(report)
    return render_json(report)
