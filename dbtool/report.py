"""The shape every report has: data first, the format is chosen at the edge.

A builder returns a ``Report`` of ``Section``s of plain rows; the renderers
in :mod:`dbtool.render` turn it into a table, Markdown, CSV or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "int", "number", "percent", "usd", "interval", "date"]


@dataclass(frozen=True)
class Column:
    """A column: ``key`` in each row, a ``label`` for people, and how to format it."""

    key: str
    label: str
    kind: Kind = "text"
    width: int | None = None  # wrap at this many characters in terminal tables


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    intro: str | None = None


@dataclass
class Report:
    name: str
    title: str
    source: str
    sections: list[Section]
    footnotes: list[str] = field(default_factory=list)
