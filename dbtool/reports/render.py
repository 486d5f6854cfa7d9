"""Renderers: turn a :class:`Report` into a table, Markdown, CSV or JSON.

Table and Markdown are for people (``33 %``, ``USD 2.0 bn``, ``[32.5, 33.5] %``,
spelled by :mod:`dbtool.display`); CSV and JSON are for programs and carry the
raw values (numbers as numbers, ISO dates, NULL as empty / null).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import itertools
import json
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dbtool import display
from dbtool.reports.model import Column, Report, Row, Section

FORMATS = ("table", "markdown", "csv", "json", "jsonl")
# Other names a format answers to: ``md`` wherever ``markdown`` is accepted.
ALIASES = {"md": "markdown"}
NUMERIC = ("int", "value", "interval")


def check_format(fmt: str) -> str:
    """The format's name, lower-cased (``md`` is ``markdown``), or a ``UsageError`` naming
    the choices."""
    from dbtool.errors import UsageError

    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)} (or md)")
    return name


def check_tablefmt(tablefmt: str) -> str:
    """A tabulate table format, or a ``UsageError`` listing every one tabulate knows."""
    from tabulate import tabulate_formats

    from dbtool.errors import UsageError

    if tablefmt not in tabulate_formats:
        raise UsageError(
            f"unknown --tablefmt {tablefmt!r}; choose one of {', '.join(sorted(tabulate_formats))}"
        )
    return tablefmt


def format_interval(row: dict[str, Any], prefix: str = "") -> str:
    """A row's ``low``/``high`` interval in its ``unit``, for people (see :mod:`dbtool.display`);
    with a ``prefix``, the fields so named (``before_low``, …; the unit falls back to ``unit``)."""
    return display.format_interval(
        row.get(prefix + "low"),
        row.get(prefix + "high"),
        row.get(prefix + "low_inclusive"),
        row.get(prefix + "high_inclusive"),
        row.get(prefix + "unit", row.get("unit")),
    )


def format_cell(row: dict[str, Any], column: Column, markdown: bool = False) -> str:
    """A cell for people; ``None`` is an empty cell, never the word None."""
    if column.kind == "interval":
        return format_interval(row, column.prefix)
    if column.kind == "highlight":
        text, quote_start, quote_end = row["sentence"], row["quote_start"], row["quote_end"]
        left, right = ("**", "**") if markdown else ("«", "»")
        return f"{text[:quote_start]}{left}{text[quote_start:quote_end]}{right}{text[quote_end:]}"
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


def _markdown_cell(column: Column) -> Callable[[Row], str]:
    """``format_cell(row, column, markdown=True)`` for one column, the common case first: a
    text cell holding a string is that string, and a large report has millions of them."""
    if column.kind not in ("text", "key", "quote", "date"):
        return lambda row: format_cell(row, column, markdown=True)
    key = column.key

    def cell(row: Row) -> str:
        value = row.get(key)
        if value.__class__ is str:
            return value  # type: ignore[no-any-return]
        return format_cell(row, column, markdown=True)

    return cell


def _align(columns: list[Column]) -> list[str]:
    return ["right" if c.kind in NUMERIC else "left" for c in columns]


def _wrap(text: str, width: int | None, lines: int | None = None, interval: bool = False) -> str:
    """Wrap a cell at ``width`` and keep at most ``lines`` lines, the last ending in "…";
    an ``interval`` breaks only after its comma.

    Wrapped here, not by tabulate, whose ``maxcolwidths`` re-parses "1,600" as a number.
    """
    if width is None or (len(text) <= width and "\n" not in text):
        return text
    if interval:
        return text.replace(", ", ",\n", 1)
    wrapped = [part for line in text.splitlines() for part in _wrap_line(line, width) or [""]]
    if lines is not None and len(wrapped) > lines:
        last = wrapped[lines - 1]
        wrapped = [*wrapped[: lines - 1], (last[: width - 1].rstrip() + "…")]
    return "\n".join(wrapped)


_NOT_A_SPACE = re.compile(r"[^\S ]|  ")  # white space other than one space at a time


def _wrap_line(line: str, width: int) -> list[str]:
    """``textwrap.wrap(line, width, break_on_hyphens=False)``, word by word where the line is
    words between single spaces that each fit (a message, a name): as textwrap would lay
    them out, several times faster."""
    words = line.split(" ")
    if not words[0] or not words[-1] or _NOT_A_SPACE.search(line) or max(map(len, words)) > width:
        return textwrap.wrap(line, width, break_on_hyphens=False)
    lines, current = [], words[0]
    for word in words[1:]:
        if len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _longest_word(text: str) -> int:
    """The longest run a column should not break: a word (a key, a slug), or, in a word
    longer than ``LONG_WORD``, a piece joined by hyphens, underscores or slashes (a table
    cell's provenance, "kp-production-2016-top10.csv, … average_price_usd_per_carat")."""
    words = text.split()
    longest = max(map(len, words), default=0)
    if longest <= LONG_WORD:  # most text: no word to look inside
        return longest
    return max(_unbroken(word) for word in words)


LONG_WORD = 24
_JOINS = re.compile(r"(?<=[-_/])")


def _unbroken(word: str) -> int:
    if len(word) <= LONG_WORD:
        return len(word)
    return max(len(piece) for piece in _JOINS.split(word))


def _narrowest(column: Column, cells: list[str]) -> int:
    """How narrow a column may wrap: a number never breaks, an interval only after its
    comma, text between words (or after a hyphen)."""
    if column.kind == "interval":
        widest = max((len(part) for cell in cells for part in cell.split(", ")), default=0)
        return max(len(column.label), widest + 1)
    if column.kind in NUMERIC or column.kind in ("date", "key"):
        return max(len(column.label), *(len(cell) for cell in cells))
    return max(len(column.label), *(_longest_word(cell) for cell in cells), 6)


@functools.lru_cache(maxsize=64)
def _overhead(tablefmt: str, count: int) -> int:
    """The characters a tabulate format adds around ``count`` columns (separators, borders)."""
    from tabulate import tabulate

    cell = "x" * 8  # wider than a one-letter label and its padding
    lines = tabulate([[cell] * count], headers=["x"] * count, tablefmt=tablefmt).splitlines()
    return max(len(text) for text in lines) - len(cell) * count


@functools.lru_cache(maxsize=64)
def _label_padding(tablefmt: str) -> int:
    """How much wider than its label tabulate makes a column of narrower cells."""
    from tabulate import tabulate

    lines = tabulate([["x"]], headers=["xxxx"], tablefmt=tablefmt).splitlines()
    return max(len(text) for text in lines) - 4 - _overhead(tablefmt, 1)


def fit_widths(
    columns: list[Column], cells: list[list[str]], room: int, padding: int = 0
) -> list[int | None]:
    """Each column's wrapping width (None: as wide as it is) so that the columns fit
    ``room`` characters: the widest text column that can still give gives one
    character, until they fit; then intervals break after their comma. A column
    never wraps below its label or its longest word, nor widens past its ``width``
    (unless its longest word is wider)."""
    natural = [
        max([len(c.label) + padding, *(len(line) for row in cells for line in row[i].splitlines())])
        for i, c in enumerate(columns)
    ]
    # tabulate pads a column to its label, so no column is narrower than that either.
    least = [
        min(natural[i], max(_narrowest(c, [row[i] for row in cells]), len(c.label) + padding))
        for i, c in enumerate(columns)
    ]
    widths = [
        max(low, min(n, c.width or n)) for n, c, low in zip(natural, columns, least, strict=True)
    ]
    excess = sum(widths) - room
    # Text gives first; an interval breaks in two only when text can give no more.
    for kinds in (("text", "quote", "highlight"), ("interval",)):
        while excess > 0:
            giving = [i for i, w in enumerate(widths) if w > least[i] and columns[i].kind in kinds]
            if not giving:
                break
            widest = max(giving, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
    return [w if w < n else None for w, n in zip(widths, natural, strict=True)]


def render_table(report: Report, tablefmt: str = "simple", width: int | None = None) -> str:
    """Terminal tables, one per section, under the title and the source line.

    With a ``width`` (the default 100 of the CLI) every line fits it where the
    columns allow: ``wide`` columns are left out, cells wrapped and long ones cut.
    Without one (``--wide``) every column is shown whole.
    """
    from tabulate import tabulate

    def fill(text: str) -> list[str]:
        return textwrap.wrap(text, width) if width else [text]

    parts = [report.title, *fill(f"Source: {report.source}"), ""]
    for section in report.sections:
        parts += [section.title, ""]
        if section.intro:
            parts += [*fill(section.intro), ""]
        columns = [c for c in section.columns if width is None or not c.wide]
        rows = list(section.rows)
        if rows:
            cells = [[format_cell(row, c) for c in columns] for row in rows]
            if width is not None:
                cells = [
                    [
                        f"{text}\n{row[c.below]}" if c.below else text
                        for text, c in zip(line, columns, strict=True)
                    ]
                    for line, row in zip(cells, rows, strict=True)
                ]
                room = width - _overhead(tablefmt, len(columns))
                widths = fit_widths(columns, cells, room, _label_padding(tablefmt))
                cells = [
                    [
                        _wrap(
                            text,
                            w,
                            None if row.get("shown_whole") else c.most_lines,
                            c.kind == "interval",
                        )
                        for text, w, c in zip(line, widths, columns, strict=True)
                    ]
                    for line, row in zip(cells, rows, strict=True)
                ]
            parts.append(
                tabulate(
                    cells,
                    headers=[c.label for c in columns],
                    tablefmt=tablefmt,
                    colalign=_align(columns),
                    disable_numparse=True,
                )
            )
        elif not section.intro:
            parts.append("(none)")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def _md(text: str) -> str:
    if "|" not in text and "\n" not in text:
        return text  # most cells: two scans, no calls
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, generated_at: str) -> str:
    """The Markdown document of :func:`markdown_chunks`, as one string."""
    return "".join(markdown_chunks(report, generated_at))


def markdown_chunks(report: Report, generated_at: str) -> Iterator[str]:
    """A Markdown document: a title, one header line, sections, GitHub tables, footnotes.

    Every time-dependent fact is on the header line, so two renderings of the
    same data differ in that line only. Quote columns become footnotes. Yielded
    line by line as the rows arrive, so ``report all`` never holds a whole
    document, however many rows a report has.
    """
    stamp = f" · {report.stamp}" if report.stamp else ""
    yield from _rstripped(_markdown_lines(report, generated_at, stamp))


def _markdown_lines(report: Report, generated_at: str, stamp: str) -> Iterator[str]:
    """The lines of :func:`markdown_chunks`, before trailing white space is stripped.

    Each section is its title, its intro, and a GitHub table (numeric columns
    aligned right) followed by the section's own Markdown (a chart), or
    "_None._" when it has neither rows nor intro. A quote cell becomes a
    footnote mark, one footnote per distinct quote, all listed at the end.
    """
    yield f"# {report.title}\n\n"
    yield f"Source: {report.source} · generated {generated_at} by dbtool{stamp}\n\n"
    notes: dict[str, int] = {}
    for section in report.sections:
        yield f"## {section.title}\n\n"
        if section.intro:
            yield f"{section.intro}\n\n"
        rows = iter(section.rows)
        first = next(rows, None)
        if first is None:
            if not section.intro:
                yield "_None._\n\n"
            continue
        aligns = ["---:" if a == "right" else "---" for a in _align(section.columns)]
        yield "| " + " | ".join(_md(c.label) for c in section.columns) + " |\n"
        yield "| " + " | ".join(aligns) + " |\n"
        cells_of = [(_markdown_cell(c), c.kind == "quote") for c in section.columns]
        for row in itertools.chain((first,), rows):
            cells = []
            for cell, quote in cells_of:
                text = cell(row)
                if quote and text:
                    text = f"[^{notes.setdefault(text, len(notes) + 1)}]"
                cells.append(_md(text))
            if section.anchor and row.get(section.anchor):
                cells[0] = f'<a id="{row[section.anchor]}"></a>{cells[0]}'
            yield "| " + " | ".join(cells) + " |\n"
        yield "\n"
        if section.markdown:
            yield f"{section.markdown}\n\n"
    for note, number in notes.items():
        yield f"[^{number}]: “{_md(note)}”\n"


def _rstripped(chunks: Iterable[str]) -> Iterator[str]:
    """``"".join(chunks).rstrip() + "\\n"``, yielded as it comes: trailing white space is
    held back until text follows it, so only the document's very end is stripped."""
    pending = ""
    for chunk in chunks:
        text = chunk.rstrip()
        if text:
            yield pending + text if pending else text
            pending = chunk[len(text) :]
        else:
            pending += chunk
    yield "\n"


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
    """The JSON document of :func:`json_chunks`, as one string."""
    return "".join(json_chunks(report))


def json_chunks(report: Report) -> Iterator[str]:
    """``json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\\n"``, to the byte.

    With ``indent`` the standard library encodes in pure Python, which is slow
    for a large report. So the layout is written here and
    each scalar is encoded by the C encoder; anything else nests as the
    standard library would lay it out. Rows are encoded as they arrive, so no
    whole document is held. Sections that share a name are one key, as in a
    dict: the last one's rows, at the first one's place.
    """
    head = {"report": report.name, "title": report.title, "source": report.source}
    yield "{"
    for key, value in head.items():
        yield "\n  " + _SCALAR(key) + ": " + _SCALAR(value) + ","
    yield '\n  "sections": '
    if isinstance(report.sections, list):
        last = {section.name: section for section in report.sections}
        arrays: Iterable[tuple[str, Iterable[str]]] = (
            (name, _json_array(section)) for name, section in last.items()
        )
    else:
        arrays = _spooled_arrays(report.sections)
    opened = False
    for name, array in arrays:
        yield ("{\n" if not opened else ",\n") + "    " + _SCALAR(name) + ": "
        yield from array
        opened = True
    yield "\n  }\n}\n" if opened else "{}\n}\n"


def _json_array(section: Section) -> Iterator[str]:
    """A section's rows as the JSON array of :func:`json_chunks`, as they arrive."""
    keys = section.export_fields()
    rows = iter(section.rows)
    first = next(rows, None)
    if first is None:
        yield "[]"
        return
    yield "["
    for row_index, row in enumerate(itertools.chain((first,), rows)):
        yield "\n      " if row_index == 0 else ",\n      "
        yield from _indented({key: _raw(row.get(key)) for key in keys}, "      ")
    yield "\n    ]"


def _spooled_arrays(sections: Iterator[Section]) -> Iterator[tuple[str, list[str]]]:
    """Each section name and its array, for sections that are built as they are read.

    Which section of a name comes last is known only at the end, and a report that
    builds its sections one by one (a timeline titles one per quantity by its name,
    and names repeat) cannot be read twice. So each array is written to a temporary
    file as it is built, and read back, section by section, once all are known.
    """
    import tempfile

    with tempfile.TemporaryFile() as spool:
        where: dict[str, tuple[int, int]] = {}  # a name's first place, its last array's bytes
        for section in sections:
            start = spool.tell()
            for text in batched_text(_json_array(section)):
                spool.write(text.encode("utf-8"))
            where[section.name] = (start, spool.tell() - start)
        for name, (start, size) in where.items():
            spool.seek(start)
            yield name, [spool.read(size).decode("utf-8")]


def batched_text(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """The pieces joined about ``size`` characters at a time, for fewer, larger writes."""
    parts: list[str] = []
    length = 0
    for piece in pieces:
        parts.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(parts)
            parts, length = [], 0
    yield "".join(parts)


_SCALAR = json.JSONEncoder(ensure_ascii=False).encode


def _indented(value: Any, indent: str) -> Iterator[str]:
    if isinstance(value, dict) and value and not all(isinstance(k, str) for k in value):
        # Keys the encoder converts (numbers, booleans): let it lay the whole object out.
        yield json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
    elif isinstance(value, dict) and value:
        inner = indent + "  "
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield ("\n" if index == 0 else ",\n") + inner + _SCALAR(str(key)) + ": "
            yield from _indented(item, inner)
        yield "\n" + indent + "}"
    elif isinstance(value, list) and value:
        inner = indent + "  "
        yield "["
        for index, item in enumerate(value):
            yield ("\n" if index == 0 else ",\n") + inner
            yield from _indented(item, inner)
        yield "\n" + indent + "]"
    else:
        yield _SCALAR(value)


def render_csv(report: Report) -> str:
    """The CSV table of :func:`csv_chunks`, as one string."""
    return "".join(csv_chunks(report))


def _batched(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    """``itertools.batched`` (Python 3.12) as lists."""
    rows = iter(rows)
    while batch := list(itertools.islice(rows, size)):
        yield batch


class _Parts(list[str]):
    """What ``csv.writer`` writes to: the pieces, for the caller to yield and clear."""

    write = list.append


def csv_chunks(report: Report, rows_per_chunk: int = 1000) -> Iterator[str]:
    """One CSV table; a report of several sections gets a leading ``section`` column.

    Yielded every ``rows_per_chunk`` rows, as they arrive.
    """
    out = _Parts()
    writer = csv.writer(out, lineterminator="\n")
    count, sections = _counted(report)
    if count == 1:
        section = next(sections)
        keys = section.export_fields()
        writer.writerow(keys)
        for batch in _batched(section.rows, rows_per_chunk):
            writer.writerows([[_raw(r.get(k)) for k in keys] for r in batch])
            yield "".join(out)
            out.clear()
        yield "".join(out)
        return
    if report.fields is not None:
        keys = report.fields
    else:
        listed = list(sections)
        sections = iter(listed)
        keys = list(dict.fromkeys(k for s in listed for k in s.export_fields()))
    writer.writerow(["section", *keys])
    for section in sections:
        for batch in _batched(section.rows, rows_per_chunk):
            writer.writerows([[section.name, *(_raw(r.get(k)) for k in keys)] for r in batch])
            yield "".join(out)
            out.clear()
    yield "".join(out)


def _counted(report: Report) -> tuple[int, Iterator[Section]]:
    """How many sections a report has, up to two (CSV and JSON lines give a lone section no
    ``section`` field), and its sections, of which at most two are built ahead when they
    are built as they are read."""
    sections = iter(report.sections)
    ahead = list(itertools.islice(sections, 2))
    return len(ahead), itertools.chain(ahead, sections)


def records(report: Report) -> Iterator[Row]:
    """Every row of a report as a plain object of its export fields; a report of several
    sections gives each object a leading ``section`` (as its CSV does)."""
    count, sections = _counted(report)
    for section in sections:
        keys = section.export_fields()
        lead = {"section": section.name} if count > 1 else {}
        for row in section.rows:
            yield {**lead, **{key: _raw(row.get(key)) for key in keys}}


def render_jsonl(report: Report) -> str:
    """One JSON object a line: :func:`records`."""
    return "".join(_SCALAR(record) + "\n" for record in records(report))


def render_records(report: Report) -> str:
    """A plain JSON array of :func:`records` (``dbtool sql --format json``)."""
    return json.dumps(list(records(report)), indent=2, ensure_ascii=False) + "\n"


def render(
    report: Report,
    fmt: str,
    *,
    tablefmt: str = "simple",
    generated_at: str = "",
    width: int | None = None,
) -> str:
    """``report`` in a format of :data:`FORMATS`; ``width``: the columns a table must fit
    (None: every column, nothing cut)."""
    if fmt == "table":
        return render_table(report, tablefmt, width)
    if fmt == "markdown":
        return render_markdown(report, generated_at)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "jsonl":
        return render_jsonl(report)
    return render_json(report)


STREAMED = ("markdown", "csv", "json")  # the formats :func:`chunks` renders piece by piece


def chunks(report: Report, fmt: str, *, generated_at: str = "") -> Iterator[str]:
    """A file format (markdown, csv, json) of ``report``, piece by piece, for writing as it
    is rendered: the pieces joined are what :func:`render` returns."""
    if fmt == "markdown":
        return markdown_chunks(report, generated_at)
    if fmt == "csv":
        return csv_chunks(report)
    if fmt == "json":
        return json_chunks(report)
    raise ValueError(f"no streamed rendering for {fmt!r}")
