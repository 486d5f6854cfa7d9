"""A figure as the loader writes it, built where its file is read (issue 11).

Figures are most of what a read-ahead worker hands the loader: a dozen
pydantic models a document, each rebuilt from its pickle by a Python call
and then read field by field, with where its words stand and the number they
state beside them in two dicts. ``FigureRow`` holds what the loader and the
reference checks need of one figure, a plain tuple that unpickles in C. A
read sent to the loader carries these rows in place of the figure models
(``CheckedSeed.for_loader``); the loader makes them itself from a seed it
read (``figure_rows``). Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dbtool.ingest.quotes import Span
from dbtool.ingest.seedfile import FigureSpec
from dbtool.ingest.wording import WrittenNumber


class FigureRow(NamedTuple):
    """A figure's fields, where its ``written`` words stand in the text, and how they
    were written (the size of their last digit, a scale word): what its precision is
    worked out from, once the database's rule for its unit is known."""

    key: str
    written: str
    written_start: int
    written_end: int
    value: float
    unit: str
    qualifier: str
    precision: float | None
    last_digit: float
    scaled: bool
    subject: str
    metric: str
    period: str | None
    base_period: str | None
    direction: str | None
    measure: str
    measure_basis: str
    quantity: str | None
    whole: str | None
    ranking: str | None
    note: str | None
    reviewed: bool


def figure_rows(
    figures: Iterable[FigureSpec], written: Mapping[str, Span], numbers: Mapping[str, WrittenNumber]
) -> list[FigureRow]:
    """The rows of a seed's figures, whose words validation found (``written``) and read
    (``numbers``): a seed reaches the loader only with both."""
    rows = []
    for f in figures:
        (start, end), number = written[f.key], numbers[f.key]
        rows.append(
            FigureRow(
                f.key,
                f.written,
                start,
                end,
                f.value,
                f.unit,
                f.qualifier,
                f.precision,
                number.last_digit,
                number.scaled,
                f.subject,
                f.metric,
                f.period,
                f.base_period,
                f.direction,
                f.measure,
                f.measure_basis,
                f.quantity,
                f.whole,
                f.ranking,
                f.note,
                f.reviewed,
            )
        )
    return rows
