"""A figure as the loader writes it, built where its file is read.

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

import operator
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dbtool.core.wording import WrittenNumber
from dbtool.seedformat.model import FigureSpec
from dbtool.seedformat.quotes import Span


class FigureRow(NamedTuple):
    """A figure's fields, where its ``written`` words stand in the text, and how they
    were written (the size of their last digit, a scale word): what its precision is
    worked out from, once the database's rule for its unit is known."""

    # As the model has them:
    key: str
    written: str
    value: float
    unit: str
    qualifier: str
    precision: float | None
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
    revises: str | None
    # As validation found them (``FROM_VALIDATION``, last):
    written_start: int
    written_end: int
    last_digit: float
    scaled: bool


# The fields validation gives, last in a row; the others are read from the model by name
# (tests/load/test_loader.py holds the two in step with ``FigureSpec``).
FROM_VALIDATION = ("written_start", "written_end", "last_digit", "scaled")
_from_model = operator.attrgetter(*FigureRow._fields[: -len(FROM_VALIDATION)])


def figure_rows(
    figures: Iterable[FigureSpec], written: Mapping[str, Span], numbers: Mapping[str, WrittenNumber]
) -> list[FigureRow]:
    """The rows of a seed's figures, whose words validation found (``written``) and read
    (``numbers``): a seed reaches the loader only with both. Every field but the quote
    (the loader ties a figure to its quote by span) is read from the model by name."""
    rows = []
    for figure in figures:
        (start, end), number = written[figure.key], numbers[figure.key]
        rows.append(FigureRow(*_from_model(figure), start, end, number.last_digit, number.scaled))
    return rows
