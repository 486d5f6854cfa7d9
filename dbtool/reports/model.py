"""The shape every report has: data first, the format is chosen at the edge.

A builder returns a ``Report`` of ``Section``s of plain rows (raw values:
numbers as numbers, dates as dates); the renderers in :mod:`dbtool.reports.render`
turn it into a table, Markdown, CSV or JSON.

A section's rows may be a one-pass iterator that reads the database as it
is rendered: ``report all`` writes reports of any size without holding
them. A report's sections may be one too, when there is a section per quantity
(``timeline``, ``compare``): each is built as the one before has been written,
so a report holds one section, not the database.
:func:`dbtool.reports.registry.build_report` makes both lists, for callers that
keep a report after its reader is closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

Row = dict[str, Any]

# How a column is shown to people; CSV and JSON always carry the raw value.
#   value:    a figure's value, formatted by the row's "unit" (33 %, USD 2.0 bn)
#   interval: the row's low/high/low_inclusive/high_inclusive, in the row's unit
#   quote:    verbatim words; Markdown moves them into footnotes
#   highlight: the row's "sentence" with quote_start:quote_end marked (bold in Markdown)
#   key:      a key people copy (never wrapped)
Kind = Literal["text", "key", "int", "value", "interval", "quote", "highlight", "date"]


@dataclass(frozen=True)
class Column:
    """A column: ``key`` in each row, a ``label`` for people, and how to format it.

    A terminal table fits a width (100 columns) unless ``--wide``: it leaves out
    the ``wide`` columns, wraps a column at ``width`` characters at most (or
    fewer, to fit), and cuts a cell to ``cut`` lines ending in "…" (a quote to
    two: ``report sources`` has every quote whole) unless its row says
    ``"shown_whole": True``. ``--wide`` shows every column, nothing wrapped or cut.
    """

    key: str
    label: str
    kind: Kind = "text"
    width: int | None = None
    wide: bool = False
    cut: int | None = None
    below: str | None = None  # in a fitted table, this row key's value on a line of its own
    prefix: str = ""  # an interval read from the row's PREFIXlow, PREFIXhigh, …, PREFIXunit

    @property
    def most_lines(self) -> int | None:
        """How many lines a cell of this column may take in a fitted table."""
        return self.cut if self.cut is not None else 2 if self.kind == "quote" else None


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: Iterable[Row]  # a list, or a one-pass iterator (see the module's docstring)
    intro: str | None = None
    # The keys CSV and JSON export, in order; default: the columns' keys. An
    # "interval" column is exported as its raw low/high fields.
    fields: list[str] | None = None
    # Markdown shown after the table, in Markdown output only (a Mermaid chart).
    markdown: str | None = None
    # The key of a row's HTML anchor in Markdown (a row without one has none), so that
    # another page can link to the row.
    anchor: str | None = None

    @property
    def name(self) -> str:
        """A stable machine name for the section: "What was loaded" -> "what_was_loaded"."""
        return re.sub(r"[^a-z0-9]+", "_", self.title.lower()).strip("_")

    def export_fields(self) -> list[str]:
        if self.fields is not None:
            return self.fields
        keys: list[str] = []
        for column in self.columns:
            if column.kind == "interval":
                keys += [
                    column.prefix + k for k in ("low", "high", "low_inclusive", "high_inclusive")
                ]
            else:
                keys.append(column.key)
        return list(dict.fromkeys(keys))


@dataclass
class Report:
    name: str
    title: str
    source: str
    sections: list[Section] | Iterator[Section]  # a list, or a one-pass iterator
    # Facts of this generation only (e.g. the check run id); shown on the one
    # header line that also carries the time, so the rest stays deterministic.
    stamp: str = ""
    # What CSV's header needs before the first row, when the sections are an iterator:
    # every field their ``export_fields`` give, in order (a list's are read from it).
    fields: list[str] | None = None
