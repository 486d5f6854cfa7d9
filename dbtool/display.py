"""How numbers, intervals and names read to people: the one place that formats them.

Report cells (``33 %``, ``USD 4.267 bn``, ``[USD 228.25 m, USD 228.35 m]``)
and the messages the checks store (``(USD 9.302 bn, ∞)``) are spelled by the
same functions. A cell writes a number with the digits it has (a figure's
value as written, its bounds exactly) and rounds only what has more, and then
outward, so an interval shown always holds the one it stands for; ``precise``
asks for the messages' spelling, four significant digits or as many as two
bounds need to read apart. Imports nothing, so every layer may use it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Collection

SCALES = ((1e9, "bn"), (1e6, "m"))
# A cell writes a number exactly when this many decimals do (a stated figure's bounds
# need one more than its own); past them it rounds to SIGNIFICANT digits.
MOST_DECIMALS = 4
# Changes in percentage points (``points``: held as a fraction, as the shares they separate).
POINTS_SUFFIX = {"points": " pp", "percentage_point": " pp"}
SIGNIFICANT = 4


def exact_decimals(value: float, most: int = MOST_DECIMALS) -> int | None:
    """The fewest decimals that write ``value`` exactly (up to float noise), if ``most`` do:
    228.25 -> 2, 4.2665 -> 4, 2.0 -> 0, 1/3 -> None."""
    for places in range(most + 1):
        if abs(round(value, places) - value) <= 1e-12 * max(1.0, abs(value)):
            return places
    return None


def written(value: float, direction: int = 0) -> str:
    """A number with the digits it has: ``228.25``, ``4,267``, ``38.18``.

    One with more than :data:`MOST_DECIMALS` decimals is rounded to
    :data:`SIGNIFICANT` digits (whole numbers kept): to the nearest, or
    outward for a bound (``direction`` −1 down for a low bound, +1 up for a
    high one), so the interval written holds the exact one.
    """
    places = exact_decimals(value)
    if places is None:
        magnitude = math.floor(math.log10(abs(value))) if value else 0
        places = max(0, SIGNIFICANT - 1 - magnitude)
        if direction:
            step = 10.0**places
            outward = math.floor if direction < 0 else math.ceil
            value = outward(value * step - direction * 1e-9) / step
    return f"{value:,.{places}f}"


def _scale(magnitude: float) -> tuple[float, str]:
    """The scale a USD or carat amount of this size is written in: (1e9, "bn"), …, (1, "")."""
    return next(((scale, suffix) for scale, suffix in SCALES if magnitude >= scale), (1.0, ""))


def _cell(value: float, unit: str | None, scale: tuple[float, str], direction: int = 0) -> str:
    """A cell's number in its unit, at ``scale``: ``USD 228.25 m``, ``95.3 m carats``."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    factor, suffix = scale
    number = written(value / factor, direction)
    if unit == "USD":
        return f"USD {number} {suffix}" if suffix else f"USD {number}"
    if unit == "USD_per_carat":
        return f"USD {number}/carat"
    if unit == "carat":
        return f"{number} {suffix} carats" if suffix else f"{number} carats"
    if unit == "rank":
        return f"#{number}"
    if unit == "year":
        return f"{value:.0f}"
    return number


def format_number(value: float) -> str:
    """``1,600``, ``38.18``, ``∞``: whole numbers with separators, others to 4 digits."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def format_usd(value: float, precise: bool = False, digits: int = 4, currency: str = "USD") -> str:
    """``USD 2.0 bn`` (``USD 9.302 bn`` when precise), ``USD 338.7 m``, ``EUR 9,500``."""
    if math.isinf(value):
        return format_number(value)
    for scale, suffix in SCALES:
        if abs(value) >= scale:
            scaled = value / scale
            shown = f"{scaled:.{digits}g}" if precise else f"{scaled:,.1f}"
            return f"{currency} {shown} {suffix}"
    return f"{currency} {value:,.0f}" if not precise else f"{currency} {value:,.{digits}g}"


def _carats(value: float, digits: int = 4, noun: str = "carats") -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:.{digits}g} m {noun}"
    return f"{format_number(value)} {noun}"


def format_amount(value: float, unit: str | None, precise: bool = False, digits: int = 4) -> str:
    """A value for people, by its unit: 33 %, USD 2.0 bn, 1,600, #2, 2017.

    Cached: a report of a large run spells the same figures' bounds over and over,
    and a spelling never changes. Zero is
    not, as 0.0 and -0.0 are one key but spelled apart."""
    if value == 0:
        return _spell_amount(value, unit, precise, digits)
    return _cached_amount(value, unit, precise, digits)


def _spell_amount(value: float, unit: str | None, precise: bool, digits: int) -> str:
    if not precise and unit in ("USD", "USD_per_carat", "carat", "rank", "count", None):
        scaled = unit in ("USD", "carat")
        return _cell(value, unit, _scale(abs(value)) if scaled else (1.0, ""))
    if unit == "percent":
        return f"{format_number(value)} %"
    if unit == "fraction":  # a share held as a fraction of its whole: 0.21 is 21 %
        return f"{format_number(value * 100)} %"
    if unit in POINTS_SUFFIX:  # a change of a share in points, held as a fraction or not
        return f"{format_number(value * 100 if unit == 'points' else value)} pp"
    if unit is not None and len(unit) == 3 and unit.isupper():  # a currency: USD, EUR, RUB
        return format_usd(value, precise, digits, unit)
    if unit is not None and unit[:3].isupper() and "_per_" in unit:  # USD_per_carat
        currency, _, per = unit.partition("_per_")
        shown = f"{value:,.{digits}g}" if precise else f"{value:,.0f}"
        return f"{currency} {shown}/{per}"
    if unit == "carat":
        return _carats(value, digits)
    if unit == "tonne":
        return _carats(value, digits, "tonnes")
    if unit == "rank":
        return f"#{value:.0f}"
    if unit == "year":
        return f"{value:.0f}"
    return format_number(value)


def format_interval(
    low: float | None,
    high: float | None,
    low_inclusive: bool | None,
    high_inclusive: bool | None,
    unit: str | None,
    precise: bool = False,
) -> str:
    """``[32.5, 33.5] %``, ``(USD 2.0 bn, ∞)``; one number when the bounds meet; "" for none.

    ``None`` is an unbounded side, as in SQL; so is an infinite float. Cached as
    ``format_amount`` is.
    """
    if low == 0 or high == 0:
        return _spell_interval(low, high, low_inclusive, high_inclusive, unit, precise)
    return _cached_interval(low, high, low_inclusive, high_inclusive, unit, precise)


def _spell_interval(
    low: float | None,
    high: float | None,
    low_inclusive: bool | None,
    high_inclusive: bool | None,
    unit: str | None,
    precise: bool,
) -> str:
    """``format_interval`` uncached: spell each bound in the unit, with enough digits.

    Infinite bounds become ``None`` (unbounded); bounds that meet are one
    number. A cell whose two bounds would read alike, or any ``precise`` cell,
    gets significant digits until its bounds read apart (up to 9), so the
    width of an interval is never hidden by rounding.
    """
    low = None if low is None or math.isinf(low) else low
    high = None if high is None or math.isinf(high) else high
    if low is None and high is None:
        return ""
    if low is not None and high is not None and abs(high - low) <= 1e-9 * abs(low):
        return format_amount(low, unit, precise)  # one number, widened only by outward rounding
    if not precise:
        return _cell_interval(low, high, low_inclusive, high_inclusive, unit)
    digits = 4
    if (
        not precise
        and low is not None
        and high is not None
        and format_amount(low, unit) == format_amount(high, unit)
    ):
        precise = True  # a cell rounded too far to show its width: [USD 4.2665 bn, …]
    if precise and low is not None and high is not None:
        # Enough significant digits that the two bounds read apart: [USD 339.05 m, USD 339.15 m].
        while digits < 9 and format_amount(low, unit, True, digits) == format_amount(
            high, unit, True, digits
        ):
            digits += 1

    def bound(value: float | None, sign: int) -> str:
        if value is None:
            return "∞" if sign > 0 else "−∞"
        if unit in ("percent", "ratio", "factor", "percentage_point", None):
            return f"{value:.{digits}g}" if precise else format_number(value)
        if unit in ("fraction", "points"):
            return f"{value * 100:.{digits}g}" if precise else format_number(value * 100)
        return format_amount(value, unit, precise, digits)

    left = "[" if low_inclusive and low is not None else "("
    right = "]" if high_inclusive and high is not None else ")"
    suffix = " %" if unit in ("percent", "fraction") else POINTS_SUFFIX.get(unit or "", "")
    return f"{left}{bound(low, -1)}, {bound(high, 1)}{right}{suffix}"


def _cell_interval(
    low: float | None,
    high: float | None,
    low_inclusive: bool | None,
    high_inclusive: bool | None,
    unit: str | None,
) -> str:
    """An interval in a cell: each bound with the digits it has, rounded outward only past
    :data:`MOST_DECIMALS`, both at one scale: ``[USD 228.25 m, USD 228.35 m]``."""
    top = max(abs(v) for v in (low, high) if v is not None)
    scale = _scale(top) if unit in ("USD", "carat") else (1.0, "")
    shown = "number" if unit in ("percent", "ratio", "factor", "percentage_point") else unit
    left = "[" if low_inclusive and low is not None else "("
    right = "]" if high_inclusive and high is not None else ")"
    low_text = "−∞" if low is None else _cell(low, shown, scale, -1)
    high_text = "∞" if high is None else _cell(high, shown, scale, 1)
    suffix = " %" if unit == "percent" else POINTS_SUFFIX.get(unit or "", "")
    return f"{left}{low_text}, {high_text}{right}{suffix}"


_cached_amount = functools.lru_cache(maxsize=1 << 16)(_spell_amount)
_cached_interval = functools.lru_cache(maxsize=1 << 16)(_spell_interval)


def mid_sentence(name: str, proper: Collection[str] = ()) -> str:
    """A name as it reads inside a sentence: "Total value of …" -> "total value of …".

    Kept as written when it starts with a proper name ("ALROSA's …",
    "Belgium's …": its first word, less "'s", is one of ``proper``) or an
    acronym (its second letter is not lower case).
    """
    first = name.split(" ")[0].removesuffix("'s").removesuffix("’s")
    if first in proper or not name[1:2].islower():
        return name
    return name[:1].lower() + name[1:]


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@functools.lru_cache(maxsize=4096)
def format_period(start: dt.date, end: dt.date) -> str:
    """A period as people write it: 2017, September 2018, January–July 2018, 10 October 2018."""
    last_of_month = (end + dt.timedelta(days=1)).day == 1
    if start == end:
        return f"{start.day} {MONTHS[start.month - 1]} {start.year}"
    if start.day != 1 or not last_of_month:
        return f"{start.isoformat()} to {end.isoformat()}"
    if (start.month, end.month) == (1, 12) and start.year == end.year:
        return str(start.year)
    first, last = MONTHS[start.month - 1], MONTHS[end.month - 1]
    if start.year != end.year:
        return f"{first} {start.year}–{last} {end.year}"
    if start.month == end.month:
        return f"{first} {start.year}"
    return f"{first}–{last} {start.year}"
