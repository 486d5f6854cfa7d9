"""Periods: the date range a figure covers, written in a seed as ISO 8601 allows.

"2017" is the year, "2018-Q3" a quarter, "2018-H1" a half, "2018-09" a month,
"2018-09-10" a day, and "2018-01/2018-09" the range from the start of the
first to the end of the second ("January–September 2018"). A figure's period
is read from the text by whoever writes the seed; this module only turns the
notation into the first and last day, so periods can be compared, subtracted
and shifted by a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_PART = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<quarter>Q[1-4])|(?P<half>H[12])|(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2}))?))?$"
)


class PeriodError(ValueError):
    """A period that is not in the notation above, or that ends before it starts."""


@dataclass(frozen=True, order=True)
class Period:
    """The days ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def shifted(self, years: int) -> Period:
        """The same span ``years`` later (earlier when negative): a year-on-year base."""
        return Period(_shift(self.start, years, first=True), _shift(self.end, years, first=False))

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def label(self) -> str:
        """The shortest notation for the span: ``2018``, ``2018-09``, ``2018-01/2018-09``."""
        return label(self.start, self.end)


def _shift(day: dt.date, years: int, first: bool) -> dt.date:
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    if not first and day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, day.month, last)  # the end of February stays the end
    return dt.date(year, day.month, min(day.day, last))


def _bounds(part: str) -> tuple[dt.date, dt.date]:
    match = _PART.match(part.strip())
    if match is None:
        raise PeriodError(
            f"period {part!r} is not YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM, YYYY-MM-DD or A/B"
        )
    year = int(match["year"])
    try:
        if match["quarter"]:
            first = 3 * int(match["quarter"][1]) - 2
            return dt.date(year, first, 1), _month_end(year, first + 2)
        if match["half"]:
            first = 6 * int(match["half"][1]) - 5
            return dt.date(year, first, 1), _month_end(year, first + 5)
        if match["month"]:
            month = int(match["month"])
            if match["day"]:
                day = dt.date(year, month, int(match["day"]))
                return day, day
            return dt.date(year, month, 1), _month_end(year, month)
    except ValueError as exc:
        raise PeriodError(f"period {part!r}: {exc}") from None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@functools.lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """``"2018-01/2018-09"`` -> 1 January to 30 September 2018.

    Cached: a corpus names few periods many times, and a ``Period`` never changes.
    """
    first, sep, last = text.partition("/")
    start, end = _bounds(first)
    if sep:
        end = _bounds(last)[1]
    if end < start:
        raise PeriodError(f"period {text!r} ends before it starts")
    return Period(start, end)


@functools.lru_cache(maxsize=4096)
def label(start: dt.date, end: dt.date) -> str:
    """Notation for a span of whole days, months or years (the inverse of ``parse_period``)."""
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if start == end:
        return start.isoformat()
    if not whole_months:
        return f"{start.isoformat()}/{end.isoformat()}"
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return f"{start.year}"
    first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
    return first if first == last else f"{first}/{last}"


SERIES = ("month", "quarter", "half-year", "year", "year to date", "other span")


def series_of(start: dt.date, end: dt.date) -> str:
    """The series a period belongs to: its length, or "year to date" for January to a
    month; "other span" for any other (February–December, a day, two years)."""
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if not whole_months:
        return "other span"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    aligned = (start.month - 1) % months == 0 if months <= 12 else False
    if months == 1:
        return "month"
    if months == 3 and aligned:
        return "quarter"
    if months == 6 and aligned:
        return "half-year"
    if months == 12 and start.month == 1:
        return "year"
    if start.month == 1 and start.year == end.year:
        return "year to date"
    return "other span"
