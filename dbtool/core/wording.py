"""How a figure's wording becomes a number, a precision and an interval.

"33%" is 33 give or take 0.5; "over USD 2 billion" is anything above 2e9;
"second leading" is rank 2. The rules are data (the ``qualifiers`` and
``precision_rules`` tables); this module only applies them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from dbtool.core.numberwords import FACTOR_VERBS, GLUED_SCALES, RANK_WORDS, SCALES

_NUMBER = re.compile(
    r"(?P<minus>\bminus\s+(?:USD\s*|US\$\s*|\$\s*)?|[-−]\s*)?"
    # "1 814": a space (plain, no-break or thin) groups thousands too, before three digits
    r"(?P<digits>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d\-–])(?:\.(?P<decimals2>\d+))?"
    r"|\d[\d,]*(?:\.(?P<decimals>\d+))?)(?:\s*(?P<scale>"
    + "|".join(sorted(set(SCALES) - GLUED_SCALES, key=len, reverse=True))
    + r")|(?P<glued>"
    + "|".join(sorted(GLUED_SCALES))
    + r"))?\b",
    re.IGNORECASE,
)


class WordingError(ValueError):
    """The written words do not say the number the seed claims."""


@dataclass(frozen=True)
class WrittenNumber:
    """A number as printed: its value and the size of one unit of its last digit."""

    value: float
    last_digit: float
    scaled: bool = False  # written with a scale word: "5.2 million"


@dataclass(frozen=True)
class QualifierRule:
    """One row of the ``qualifiers`` table."""

    name: str
    low_mode: str
    low_factor: float | None
    low_inclusive: bool
    high_mode: str
    high_factor: float | None
    high_inclusive: bool


class StatedInterval(NamedTuple):
    """The interval a figure's wording implies; ``None`` is an unbounded side. A tuple:
    the loader makes one per figure, and a frozen dataclass cost three times as much."""

    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool


def read_number(written: str) -> WrittenNumber | None:
    """The first number in ``written`` ("over USD 2 billion" -> 2e9), or None if none."""
    match = _NUMBER.search(written)
    if match is None:
        return None
    word = match["scale"] or match["glued"]
    scale = 10 ** SCALES[word.lower()] if word else 1
    decimals = len(match["decimals"] or match["decimals2"] or "")
    # Decimal, so "USD 4.267 billion" is 4267000000 exactly, not 4267000000.0000005.
    value = float(Decimal(re.sub(r"[, \u00a0\u202f]", "", match["digits"])) * Decimal(scale))
    if match["minus"]:
        value = -value
    return WrittenNumber(
        value=value,
        last_digit=float(Decimal(10) ** -decimals * Decimal(scale)),
        scaled=word is not None,
    )


def read_rank(written: str) -> int | None:
    """The rank a phrase states ("second leading" -> 2), the first rank word winning."""
    for word in re.findall(r"[a-z]+", written.lower()):
        if word in RANK_WORDS:
            return RANK_WORDS[word]
    return None


def read_factor(written: str) -> float | None:
    """The multiple a change word states ("more than doubled" -> 2), the first winning."""
    for word in re.findall(r"[a-z]+", written.lower()):
        if word in FACTOR_VERBS:  # how many times the base: "doubled" is 2
            return FACTOR_VERBS[word]
    return None


@functools.lru_cache(maxsize=4096)
def stated_value(written: str, unit: str) -> WrittenNumber:
    """The number ``written`` states for ``unit``, or ``WordingError`` if it states none.

    Cached: validation and the loader both read each figure's words, and a
    ``WrittenNumber`` never changes (an error is raised anew each time)."""
    if unit == "rank":
        rank = read_rank(written)
        number = WrittenNumber(float(rank), 1.0) if rank is not None else read_number(written)
    elif unit == "factor":
        factor = read_factor(written)
        number = WrittenNumber(factor, 1.0) if factor is not None else read_number(written)
    else:
        number = read_number(written)
    if number is None:
        raise WordingError(f"{written!r} states no number")
    return number


def precision_for(last_digit: float, scaled: bool, rule: str) -> float:
    """Half a unit of the last written digit (``WrittenNumber.last_digit``), or 0 for
    exact quantities.

    ``exact_unless_scaled`` is for counts: "55 clients" is exact, "5.2 million
    carats" (``scaled``) was rounded to the hundred thousand.
    """
    if rule == "exact" or (rule == "exact_unless_scaled" and not scaled):
        return 0.0
    if rule in ("exact_unless_scaled", "half_last_digit"):
        return last_digit / 2
    raise WordingError(f"unknown precision rule {rule!r}")


def bound(mode: str, factor: float | None, value: float, offset: float) -> float | None:
    if mode == "precision":
        return value + offset
    if mode == "value":
        return value
    if mode == "factor":
        assert factor is not None
        return value * factor
    return None


def stated_interval(value: float, precision: float, rule: QualifierRule) -> StatedInterval:
    """Apply a qualifier to a value and its precision; unbounded sides are never inclusive."""
    low = bound(rule.low_mode, rule.low_factor, value, -precision)
    high = bound(rule.high_mode, rule.high_factor, value, precision)
    if low is not None and high is not None and low > high and value < 0:
        low, high = high, low  # a factor below 1 applied to a negative value
    low_inclusive = rule.low_inclusive and low is not None
    return StatedInterval(low, high, low_inclusive, rule.high_inclusive and high is not None)


def directed_interval(
    size: float, precision: float, rule: QualifierRule, direction: str | None
) -> StatedInterval:
    """The interval of a figure written as a size and a direction ("fell over 16%", "down
    nearly 3 points"): the qualifier bounds the size, so a fall is its size's interval
    negated: "fell over 16%" lies below −16 %, "down nearly 3 points" in (−3, −2.7]."""
    if direction != "down":
        return stated_interval(size, precision, rule)
    low, high, low_inclusive, high_inclusive = stated_interval(size, precision, rule)
    # + 0.0: a bound of 0 negated is 0, not -0.0
    return StatedInterval(
        None if high is None else -high + 0.0,
        None if low is None else -low + 0.0,
        high_inclusive,
        low_inclusive,
    )
