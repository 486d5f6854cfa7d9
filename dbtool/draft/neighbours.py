"""What a found number's neighbours say of it, before any period is read.

The number grammar reads each number alone; a few things only its neighbours
tell: "rose 18% in volume and 13% in value" (the second is a change too),
"USD 51 and USD 145 per carat" (both prices), "43.2 million carats (42.6
million)" (the second in carats too), "restates 2017 sales" (a four-digit
count before a figure's noun is its year).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from dbtool.db.vocabulary import CHANGE_UNITS
from dbtool.draft.found import FoundNumber
from dbtool.draft.timewords import FISCAL_BEFORE


def is_level(number: FoundNumber) -> bool:
    """A size (money, carats, a count, a price), not a percentage, rank, year or date."""
    return number.unit not in (*CHANGE_UNITS, "rank", "year", "date")


def is_change(number: FoundNumber) -> bool:
    """A percentage, percentage points or a factor read as a change ("rose 9%", "up 2
    percentage points", "more than doubled")."""
    return number.kind in ("change", "factor") and number.unit in CHANGE_UNITS


_UNIT_CARRIED = re.compile(
    r",?\s*(?:(?:up|down)\s+)?(?:from|against|versus|vs\.?|compared\s+(?:with|to)|than|"
    r"and|or|\()\s*",
    re.I,
)
_COORDINATED = re.compile(
    r"^\s*(?:(?:in|by)\s+(?:value|volume|carats|dollar\s+terms)\s*)?(?:,\s*)?(?:and|while|but)"
    r"\s+(?:by\s+)?$",
    re.I,
)


def coordinate_changes(text: str, numbers: list[FoundNumber]) -> None:
    """ "rose 18% in volume and 13% in value": the second percentage is a change too, in the
    same direction (the grammar reads a change only right after its verb); "1,812,000 and
    1,049,600 carats": the first number is in carats too."""
    for index in range(1, len(numbers)):
        first, second = numbers[index - 1], numbers[index]
        per = first.unit.partition("_per_")
        later = second.unit.partition("_per_")
        if (
            later[1]
            and first.unit == later[0]
            and re.fullmatch(r"\s+(?:and|to|or)\s+", text[first.end : second.start])
            and not re.search(r"(?:million|billion|bn|mn|thousand)", first.written, re.I)
        ):  # "average prices of USD 51 and USD 145 per carat": both prices
            numbers[index - 1] = replace(first, unit=second.unit)
            continue
        if (
            per[1]
            and second.unit == per[0]
            and _UNIT_CARRIED.fullmatch(text[first.end : second.start])
            and not re.search(r"(?:million|billion|bn|mn|thousand)", second.written, re.I)
        ):  # "USD 107 per carat, up from USD 103": a price too
            numbers[index] = replace(second, unit=first.unit)
            continue
        if (
            first.unit == "carat"
            and second.unit in ("count", "number")
            and re.fullmatch(r"\s*\(\s*", text[first.end : second.start])
            and re.search(r"(?:million|thousand|billion)$", second.written)
        ):  # "43.2 million carats (42.6 million)"
            numbers[index] = replace(second, unit="carat", kind="amount", note=None)
            continue
        if (
            first.unit in ("count", "number")
            and second.unit == "carat"
            and re.fullmatch(r"\s+(?:and|to|or)\s+", text[first.end : second.start])
            and re.fullmatch(r"[\d,.]+", first.written)
        ):
            numbers[index - 1] = replace(first, unit="carat", kind="amount", note=None)
        if (
            is_change(first)
            and second.unit == "percent"
            and second.kind not in ("change", "factor")
            and _COORDINATED.match(text[first.end : second.start])
        ):
            numbers[index] = replace(second, kind="change", direction=first.direction)
            continue
        elided = _elided_change(text, numbers, index)
        if elided is not None:
            numbers[index] = replace(second, kind="change", direction=elided.direction)


# "volume grew by 12.5% and value by nearly 17%", "volume jumped 78% from 13,036 thousand
# carats and value 49% from US$1,397 million": the measure named, the verb left out
_ELIDED = re.compile(
    r"\s*,?\s*(?:and|while|but|with)\s+(?:(?:its\s+|the\s+)?(?:value|volume|revenues?|prices?|"
    r"carats|sales|output|exports|imports|earnings)\s+(?:by\s+)?|by\s+)",
    re.I,
)  # (or "fell by 6.8 percent q/q from P11,340.5 million, and by 19.9 percent y/y")


def _elided_change(text: str, numbers: list[FoundNumber], index: int) -> FoundNumber | None:
    """The change a percentage at ``index`` repeats with its verb left out, if any: the last
    change of its sentence, with only that change's levels between them."""
    second = numbers[index]
    if second.unit != "percent" or second.kind in ("change", "factor"):
        return None
    if not _ELIDED.fullmatch(text, numbers[index - 1].end, second.start):
        return None
    if re.match(r"\s+of\b", text[second.end : second.end + 5]):
        return None  # "… and value 27% of world value": a share
    for earlier in reversed(numbers[max(0, index - 3) : index]):
        if re.search(r"[.;!?]\s", text[earlier.end : second.start]):
            return None
        if is_change(earlier):
            return earlier
        if earlier.unit in ("year", "date"):
            continue  # "from P11,340.5 million in Q1 2019, and by 19.9 percent y/y"
        if not is_level(earlier):
            return None
    return None


_YEAR_NOUN = re.compile(
    r"\s+(?:(?:full[\s-]year|annual|first[\s-]half|fiscal|diamond|rough|polished|gross|net|"
    r"total|average|world|export|import)\s+){0,3}(?:sales|output|production|exports|imports|"
    r"revenues?|results|total|figures?|average|prices?|levels?|volumes?|values?|guidance|budget|"
    r"season|report|dividend|profit|earnings|trade|shipments|statistics|data)\b",
    re.I,
)


def read_years(text: str, numbers: list[FoundNumber]) -> None:
    """ "restates 2017 sales": a four-digit count before a figure's noun is its year."""
    for index, number in enumerate(numbers):
        if (
            number.unit == "count"
            and re.fullmatch(r"(?:19[5-9]|20[0-4])\d", number.written)
            and (
                _YEAR_NOUN.match(text, number.end)
                or FISCAL_BEFORE.search(text[max(0, number.start - 20) : number.start])
            )
        ):
            year = int(number.written)
            numbers[index] = replace(
                number,
                unit="year",
                kind="year",
                note=None,
                period=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            )
