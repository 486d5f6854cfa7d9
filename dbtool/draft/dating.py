"""The second phase of a draft: the period of every number, and the base of every change.

A figure's period is a date in its clause ("in July 2018", "January–September
2018"), a month the text names without a year ("In September": the
document's year, or the year before for a later month), "last year" or "this
month", or the period of the sentence before for an amount or a change. A
period written after "than", "from" or "compared with" is the base of a
change, not the period of a level.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from dbtool.core.periods import Period
from dbtool.display import MONTHS
from dbtool.draft.found import Claimed, FoundNumber, is_date_or_marker
from dbtool.draft.text import Span, TextMap

COMPARISON = re.compile(
    r"^(?:compared\s+(?:with|to)|against|versus|vs\.?|from|up\s+from|down\s+from|than)\b", re.I
)
_BASE_BEFORE = re.compile(
    r"(?:\bthan(?:\s+in)?|\bcompared\s+(?:with|to)|\bagainst|\bversus|\bfrom|\bon|\bover)\s+$",
    re.I,
)
_RELATIVE = re.compile(r"\b(?P<which>last|this|previous)\s+(?P<unit>year|month)\b", re.I)
_MONTH_NAME = re.compile(rf"\b(?P<month>{'|'.join(MONTHS)})\b")


@dataclass
class Dated:
    """A period the text names: where, and the days it covers."""

    start: int
    end: int
    period: Period
    base: bool  # "than in July 2017": the base of a change, not the period of a level
    comparison: bool  # in a clause that compares ("compared with … in 2016")
    number: FoundNumber | None = None


@dataclass
class Planned:
    """A number to draft as a figure, with the period and base the text gives it."""

    number: FoundNumber
    period: Period | None
    base: Dated | None
    source: str | None  # a comment on where the period came from, when it is a guess


@dataclass
class DatingPlan:
    """Every number to draft, dated; the periods named; which of them date a figure."""

    planned: list[Planned]
    dated: list[Dated]
    used: set[int]  # starts of the periods some figure takes as its own


def date_numbers(
    text: TextMap, numbers: list[FoundNumber], dateline: Span | None, published: dt.date
) -> DatingPlan:
    """Date every number that is a figure (not a date, marker, or the dateline's)."""
    dated = periods_named(text, numbers, dateline, published)
    used: set[int] = set()
    running: Period | None = None
    figures = [
        n
        for n in numbers
        if not is_date_or_marker(n) and not (dateline and dateline[0] <= n.start < dateline[1])
    ]
    by_clause: dict[Span, list[Dated]] = {}
    for named_period in dated:
        by_clause.setdefault(text.clause_of(named_period.start), []).append(named_period)
    planned: list[Planned] = []
    figures.sort(key=lambda n: n.start)  # each clause's figures found by bisection
    starts = [n.start for n in figures]
    for sentence in text.sentences:
        for clause in sentence.clauses:
            in_clause = by_clause.get(clause, [])
            own = next((d for d in in_clause if not d.base), None)
            base = next((d for d in in_clause if d.base), None)
            low = bisect.bisect_left(starts, clause[0])
            for number in figures[low : bisect.bisect_left(starts, clause[1], low)]:
                if number.kind == "year" or number.unit in ("rank", "year"):
                    planned.append(Planned(number, None, None, None))
                    continue
                period, source = None, None
                if own is not None and own.number is not number:
                    period = own.period
                    used.add(own.start)
                elif inherits(number) and running is not None:
                    period, source = running, "unsure: period from an earlier sentence"
                planned.append(Planned(number, period, base, source))
            if own is not None and not own.comparison:
                running = own.period
    return DatingPlan(planned, dated, {d.start for d in dated if d.start in used})


def inherits(number: FoundNumber) -> bool:
    """Amounts, volumes and changes carry the period of the sentences before them."""
    if number.kind in ("change", "factor"):
        return True
    if number.unit in ("USD", "USD_per_carat") or number.unit.isupper():
        return True
    return number.unit == "carat" and number.value >= 1000


def periods_named(
    text: TextMap, numbers: list[FoundNumber], dateline: Span | None, published: dt.date
) -> list[Dated]:
    """Every period the text names, in order: dates, years, months, 'last year'."""
    found: list[Dated] = []
    claimed = Claimed(len(text.text))
    for number in numbers:
        if number.period is None or number.unit not in ("date", "year"):
            continue
        if dateline and dateline[0] <= number.start < dateline[1]:
            continue
        found.append(_dated(text, (number.start, number.end), Period(*number.period), number))
        claimed.append((number.start, number.end))
    for match in _MONTH_NAME.finditer(text.text):
        if claimed.holds(match.start()):
            continue
        if dateline and dateline[0] <= match.start() < dateline[1]:
            continue
        month = MONTHS.index(match["month"]) + 1
        year = published.year if month <= published.month else published.year - 1
        period = Period(dt.date(year, month, 1), month_end(year, month))
        found.append(_dated(text, match.span(), period))
    for match in _RELATIVE.finditer(text.text):
        which, unit = match["which"].lower(), match["unit"].lower()
        if re.search(
            r"(?:than|on|from|of)\s+$", text.text[max(0, match.start() - 12) : match.start()]
        ):
            continue  # "than last year" is a base, read with the change
        back = 0 if which == "this" else 1
        if unit == "year":
            year = published.year - back
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        else:
            month = published.month - back or 12
            year = published.year - (1 if back and published.month == 1 else 0)
            period = Period(dt.date(year, month, 1), month_end(year, month))
        found.append(_dated(text, match.span(), period))
    return sorted(found, key=lambda d: d.start)


def _dated(text: TextMap, span: Span, period: Period, number: FoundNumber | None = None) -> Dated:
    start, end = span
    before = text.text[max(0, start - 30) : start]
    clause = text.clause_of(start)
    # "compared with … in 2016" (not "From January to July 2018", a date of its own)
    comparison = bool(COMPARISON.match(text.text[clause[0] : start]))
    return Dated(start, end, period, bool(_BASE_BEFORE.search(before)), comparison, number)


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
