"""Dates, periods, times, list markers and references in a text: what dates figures or
numbers something, read before any amount so a number inside a date is never read twice.

A date or a date range is one number of unit "date": its value is the first day as
YYYYMMDD and its ``period`` the first and last days; "Q3 2018", "the first nine
months of 2018" and "2017/18" are periods too. See :mod:`dbtool.draft.numbers`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dbtool.core.numberwords import NUMBER_WORDS, ORDINALS
from dbtool.draft.found import Claimed, FoundNumber, exact_number, overlaps
from dbtool.draft.vocabulary import MONTH_ABBREVIATIONS, MONTH_NAMES

_MONTH = rf"(?:{'|'.join(MONTH_NAMES)}|(?:{'|'.join(MONTH_ABBREVIATIONS)})\.?)(?![A-Za-z])"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d(?!\d)"


def _date_pattern(pattern: str) -> re.Pattern[str]:
    """Name the parts of a date pattern: ``{m1}`` -> a month group ``m1``, and so on."""
    parts = {"m": _MONTH, "d": _DAY, "y": _YEAR}
    return re.compile(
        re.sub(r"\{([mdy])(\d?)\}", lambda g: f"(?P<{g[1]}{g[2]}>{parts[g[1]]})", pattern)
    )


# "from … to …", "between … and …" ("and" only after "between"), "…–…"
_FROM = r"(?:(?:(?P<between>[Bb]etween)|[Ff]rom)\s+)?"
_TO = r"(?:\s*[–—-]\s*|\s+(?:to|through|until|till)\s+|(?(between)\s+and\s+|(?!)))"
# (pattern, kind): ranges before single dates, so the longer reading wins.
_DATE_PATTERNS = [
    (_date_pattern(_FROM + r"{m1}(?:,?\s+{y1})?" + _TO + r"{m2},?\s+{y2}"), "range"),
    (_date_pattern(_FROM + r"{d1}" + _TO + r"{d2}\s+{m2},?\s+{y2}"), "range"),
    (
        _date_pattern(
            r"(?i:first|the)\s+(?P<n>\d{1,2}|[a-z]+)\s+(?i:months)\s+(?i:of)\s+(?:the\s+year\s+)?{y2}"
        ),
        "range",
    ),
    (  # "the six months to December 2018", "12 months ended June 2019"
        _date_pattern(
            r"(?P<back>\d{1,2}|[a-z]+)\s+(?i:months)\s+(?i:to|ended|ending|through)\s+{m2},?\s+{y2}"
        ),
        "range",
    ),
    (
        _date_pattern(
            _FROM + r"{y1}(?:\s*[–—/-]\s*(?P<yy>(?:19|20)?\d\d)|" + _TO + r"{y2})"
            r"(?![\d%]|[.,/-]\d|\s?(?:%|per\b|carats?\b))"
        ),
        "range",
    ),
    (
        _date_pattern(
            r"(?i:(?P<ordinal>first|second|third|fourth)\s+(?P<part>half|quarter)\s+of)\s+{y2}"
        ),
        "date",
    ),
    # "Q3 2018", and the analysts' "3Q19", "1H19", "9M 2019" (the first nine months)
    (_date_pattern(r"\b(?P<part>Q[1-4]|H[12]|[1-4]Q|[12]H)(?:\s?{y2}|(?P<ys>\d\d))\b"), "date"),
    (_date_pattern(r"\b(?P<n>[1-9]|1[01])M(?:\s?{y2}|(?P<ys>\d\d))\b"), "range"),
    (_date_pattern(r"\b{d2}\s+(?:of\s+)?{m2},?\s+{y2}"), "date"),
    (_date_pattern(r"{m2}\s+{d2},?\s+{y2}"), "date"),
    (_date_pattern(r"\b{y2}-(?P<mm>0[1-9]|1[0-2])(?:-(?P<dd>[0-3]\d))?\b(?!-)"), "date"),
    (_date_pattern(r"{m2},?\s+{y2}"), "date"),
    (_date_pattern(r"{m2}\s+{d2}(?![\d%]|[.,]\d|\s+(?:per|million|billion|carats?)\b)"), "date"),
    (_date_pattern(r"\b{d2}\s+{m2}"), "date"),
]
# "10:30", "10:30 a.m.", "3 p.m."
_TIME = re.compile(
    r"(?<![\d:.,])(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d)(?!\d))?"
    r"(?(min)(?:\s?(?P<ap>[ap])\.?m\b\.?)?|\s?(?P<ap2>[ap])\.?m\b\.?)",
    re.IGNORECASE,
)
# "1." or "2)" opening a line, "(3)" anywhere.
_LIST_MARKER = re.compile(
    r"(?m)^[ \t]*(?P<marker>\(?(?P<n>\d{1,2})[.)])(?=[ \t]+\S)"
    r"|(?<![\w(])(?P<paren>\((?P<p>\d{1,2})\))(?=\s)"
)
# "page 5", "Article 3": numbers that name a place in a document, not a figure. Only the
# singular of "figure", "note", "table", "item": "sales figures 12% higher" is no reference.
_REFERENCE = re.compile(
    r"\b(?:pages?|p\.|pp\.|articles?|sections?|chapters?|paragraphs?|clauses?|annex|appendix"
    r"|exhibit|note|table|figure|fig\.|item)\s+(?P<n>\d{1,3})(?![\d%]|[.,]\d)",
    re.IGNORECASE,
)

_FISCAL = re.compile(r"(?:\bFY\s?|\b(?:fiscal|financial)(?:\s+year)?\s+)$", re.IGNORECASE)


def _full_year(first: int, short: int) -> int:
    """The year "18" stands for after 2017 in "2017/18" ("00" after 1999); ValueError if none."""
    year = first - first % 100 + short
    year = year if year > first else year + 100
    if year - first > 10:  # "2018-01" is a month, not the years 2018 to 2101
        raise ValueError(f"{short:02d} does not end a span of years from {first}")
    return year


def _month(name: str) -> int:
    return [m[:3] for m in MONTH_NAMES].index(name[:3].title()) + 1


def _last_day(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _day_number(day: date) -> float:
    return float(day.year * 10000 + day.month * 100 + day.day)


# --------------------------------------------------------------------- dates


def _period(match: re.Match[str]) -> tuple[date, date] | None:
    """First and last day a date pattern's match names, or None if it names no real day."""
    groups = match.groupdict()
    if groups.get("yy"):  # "2017/18": the second year may be written short
        year = (
            int(groups["yy"])
            if len(groups["yy"]) == 4
            else _full_year(int(groups["y1"]), int(groups["yy"]))
        )
    elif groups.get("y2") or groups.get("ys"):
        year = int(groups["y2"] or f"20{groups['ys']}")
    else:
        return None
    if groups.get("back"):  # N months to M Y
        months = (
            int(groups["back"])
            if groups["back"].isdigit()
            else NUMBER_WORDS.get(groups["back"].lower(), 0)
        )
        last = _month(groups["m2"])
        first = year * 12 + last - months  # months since year 0, zero-based
        return (
            (date(first // 12, first % 12 + 1, 1), _last_day(year, last)) if months >= 1 else None
        )
    if groups.get("n"):  # first N months of Y
        months = (
            int(groups["n"]) if groups["n"].isdigit() else NUMBER_WORDS.get(groups["n"].lower(), 0)
        )
        return (date(year, 1, 1), _last_day(year, months)) if 1 <= months <= 12 else None
    if groups.get("part"):
        part = groups["part"].lower()
        size = 6 if part == "half" or "h" in part else 3
        index = (
            ORDINALS[groups["ordinal"].lower()]
            if groups.get("ordinal")
            else int(re.sub(r"\D", "", part))
        )
        if index * size > 12:
            return None
        return date(year, (index - 1) * size + 1, 1), _last_day(year, index * size)
    if groups.get("mm"):  # "2018-01-11", "2018-01"
        if not groups.get("dd"):
            return date(year, int(groups["mm"]), 1), _last_day(year, int(groups["mm"]))
        day = date(year, int(groups["mm"]), int(groups["dd"]))
        return day, day
    if groups.get("m2"):
        month = _month(groups["m2"])
        if groups.get("d2"):
            day = date(year, month, int(re.sub(r"\D", "", groups["d2"])))
            first = (
                day
                if not groups.get("d1")
                else date(year, month, int(re.sub(r"\D", "", groups["d1"])))
            )
            return first, day
        first_month = _month(groups["m1"]) if groups.get("m1") else month
        first_year = int(groups["y1"]) if groups.get("y1") else year
        return date(first_year, first_month, 1), _last_day(year, month)
    first_year = int(groups["y1"]) if groups.get("y1") else year
    return date(first_year, 1, 1), date(year, 12, 31)


def read_dates(text: str, claimed: Claimed) -> list[FoundNumber]:
    found: list[FoundNumber] = []
    for pattern, kind in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if overlaps(claimed, match.start(), match.end()):
                continue
            try:
                period = _period(match)
            except ValueError:  # 31 February, month 13
                continue
            number = _date_number(text, match, kind, period)
            if number is None:
                continue
            found.append(number)
            claimed.append((match.start(), match.end()))
    return found


def _date_number(
    text: str, match: re.Match[str], kind: str, period: tuple[date, date] | None
) -> FoundNumber | None:
    """The found number a date pattern's ``match`` stands for, or None if it is no date.

    A match that names a period is a year (only years written: its value is
    the year, with a note when it is a fiscal year) or a date (its first day as
    YYYYMMDD). One without a year is kept only when its day and month can
    exist in some year (29 February can), valued MMDD.
    """
    groups = match.groupdict()
    if period is not None:
        if period[0] > period[1]:
            return None
        only_years = not any(groups.get(k) for k in ("m1", "m2", "d2", "mm", "n", "back", "part"))
        unit, value = ("year", float(period[0].year)) if only_years else ("date", None)
        return FoundNumber(
            start=match.start(),
            end=match.end(),
            written=match.group(),
            value=value if value is not None else _day_number(period[0]),
            unit=unit,
            precision=0.0,
            qualifier=None,
            kind=kind,
            note=fiscal_note(text, match.start()) if only_years else None,
            period=period,
        )
    if not (groups.get("m2") and groups.get("d2")):
        return None
    month, day = _month(groups["m2"]), int(re.sub(r"\D", "", groups["d2"]))
    try:
        date(2000, month, day)  # a leap year, so 29 February stands
    except ValueError:
        return None
    return FoundNumber(
        start=match.start(),
        end=match.end(),
        written=match.group(),
        value=float(month * 100 + day),
        unit="date",
        precision=0.0,
        qualifier=None,
        kind="date",
        note="no year stated; value is MMDD",
    )


def read_times_and_markers(text: str, claimed: Claimed) -> list[FoundNumber]:
    found: list[FoundNumber] = []
    for match in _TIME.finditer(text):
        if overlaps(claimed, match.start(), match.end()):
            continue
        half = (match["ap"] or match["ap2"] or "").lower()
        hour = int(match["h"]) % 12 + (12 if half == "p" else 0) if half else int(match["h"])
        value = float(hour * 100 + int(match["min"] or 0))
        found.append(exact_number(text, match.start(), match.end(), value, "time", "time"))
        claimed.append((match.start(), match.end()))
    for match in _LIST_MARKER.finditer(text):
        group = "marker" if match["marker"] else "paren"
        start, end = match.span(group)
        if overlaps(claimed, start, end):
            continue
        value = float(match["n"] or match["p"])
        found.append(exact_number(text, start, end, value, "number", "list_marker"))
        claimed.append((start, end))
    for match in _REFERENCE.finditer(text):
        start, end = match.span("n")
        if not overlaps(claimed, start, end):
            found.append(exact_number(text, start, end, float(match["n"]), "number", "reference"))
            claimed.append((start, end))
    return found


def fiscal_note(text: str, start: int) -> str | None:
    """A note for a year written as a fiscal year ("FY2018", "fiscal 2018"), else None."""
    if _FISCAL.search(text, max(0, start - 20), start):
        return "a fiscal year: its calendar months depend on who reports"
    return None
