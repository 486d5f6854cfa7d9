"""A number as the draft's grammar finds it in a text, and the spans already read.

Shared by the parts of the grammar (:mod:`dbtool.draft.numbers`, :mod:`dbtool.draft.dates`):
each claims the spans it reads, so that a number inside a date is never read twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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


def overlaps(claimed: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in claimed)
