"""A number as the draft's grammar finds it in a text, and the spans already read.

Shared by the parts of the grammar (:mod:`dbtool.draft.numbers`, :mod:`dbtool.draft.dates`):
each claims the spans it reads, so that a number inside a date is never read twice.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

# How far from a number its reading looks, at most, for its quote's start and for the
# words that date it: a sentence is usually a line, but may be a whole text, and reading
# all of it for each of its numbers would make the draft quadratic.
NEAR = 400

T = TypeVar("T")


@dataclass(frozen=True)
class FoundNumber:
    """One number as a text states it: where, what, how precisely, and how qualified."""

    start: int
    end: int
    written: str
    value: float
    unit: str
    precision: float
    qualifier: str | None
    kind: str
    direction: str | None = None
    note: str | None = None
    period: tuple[date, date] | None = None
    scale: float | None = None  # a scale word left out: "and Sable 0.43" (million)

    @property
    def signed_value(self) -> float:
        """The value with its direction applied: "fell 3.4%" -> -3.4."""
        if self.kind == "change" and self.direction is not None:
            return -abs(self.value) if self.direction == "down" else abs(self.value)
        return self.value


def is_date_or_marker(number: FoundNumber) -> bool:
    """Whether a number only dates, times or numbers something, so a list of figures can skip it.

    Dates, date ranges and times are; so are list markers ("1.", "(2)"), references
    ("page 5", "Article 3") and a period named again ("in the nine months", kind
    "period_reference": it dates other figures). A year on its own ("In 2017 alone")
    is not: a seed records it as a figure.
    """
    return number.unit in ("date", "time") or number.kind in (
        "list_marker",
        "reference",
        "period_reference",
    )


def exact_number(
    text: str, start: int, end: int, value: float, unit: str, kind: str, **extra: object
) -> FoundNumber:
    return FoundNumber(
        start=start,
        end=end,
        written=text[start:end],
        value=value,
        unit=unit,
        precision=0.0,
        qualifier=None,
        kind=kind,
        **extra,  # type: ignore[arg-type]
    )


class Claimed:
    """Spans of a text already read, answering "does this span overlap one?" in time
    proportional to the span, not to how many are claimed: a mark per character.

    A list of spans asked with ``any`` made the grammar quadratic in the numbers of a
    text (200,000 repeated numbers never finished). ``append`` keeps the list's face,
    so the grammar's parts claim spans as they did.
    """

    def __init__(self, length: int) -> None:
        self.marks = bytearray(length + 1)

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        self.marks[start:end] = b"\1" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return start < end and self.marks.find(1, start, end) != -1

    def holds(self, at: int) -> bool:
        """Whether position ``at`` lies in a claimed span."""
        return bool(self.marks[at])


def overlaps(claimed: Claimed, start: int, end: int) -> bool:
    return claimed.overlaps(start, end)


class NumberIndex:
    """Numbers in reading order (they never overlap, so their ends are in order too),
    asked by where they start or end: each question a bisection rather than a pass over
    every number of the text, which made drafting a long text quadratic."""

    def __init__(self, numbers: list[FoundNumber]) -> None:
        self.numbers = sorted(numbers, key=lambda n: (n.start, n.end))
        self.starts = [n.start for n in self.numbers]
        self.ends = [n.end for n in self.numbers]

    def starting_in(self, low: int, high: int) -> list[FoundNumber]:
        """The numbers with ``low <= start < high``, in order."""
        first = bisect.bisect_left(self.starts, low)
        return self.numbers[first : bisect.bisect_left(self.starts, high, first)]

    def ending_in(self, low: int, high: int) -> list[FoundNumber]:
        """The numbers with ``low <= end <= high``, in order."""
        first = bisect.bisect_left(self.ends, low)
        return self.numbers[first : bisect.bisect_right(self.ends, high, first)]


class ByStart(Generic[T]):
    """Things of a text (names, drafted figures) in reading order, asked by where they
    start: each question a bisection, so that reading a long text stays linear."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int]) -> None:
        self.items = sorted(items, key=start)
        self.starts = [start(item) for item in self.items]

    def within(self, low: int, high: int) -> list[T]:
        """The things with ``low <= start < high``, in order."""
        first = bisect.bisect_left(self.starts, low)
        return self.items[first : bisect.bisect_left(self.starts, high, first)]

    def last_before(self, at: int, count: int = 1) -> list[T]:
        """The ``count`` things starting last before ``at``, nearest first."""
        index = bisect.bisect_left(self.starts, at)
        return self.items[max(0, index - count) : index][::-1]
