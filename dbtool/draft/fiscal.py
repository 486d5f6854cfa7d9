"""Parts of a fiscal year as analysts write them: "Q3 FY2019", "3Q FY19", "H1 FY2020",
"9M FY2019", "FY19 Q3", "FY19", "the third quarter of fiscal 2019".

They are read whole, in the dates phase, so that no part of one becomes a figure of its
own (the "19" of "3Q FY19" is no count, the "2019" of "fiscal 2019" no year) and no part
a period of its own (the "Q3" of "Q3 FY2018" is not the calendar's third quarter). Their
months depend on where the fiscal year ends, which only the whole text says ("whose
financial year ends on 30 June"): :mod:`dbtool.draft.timewords` places them with the
text's calendar, and leaves them unnamed where the text never says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dbtool.core.numberwords import NUMBER_WORDS, ORDINALS
from dbtool.draft.found import Claimed, FoundNumber, overlaps

_YEAR = r"(?P<fy>(?:19|20)\d\d|['’]?\d\d)(?![\d%]|[.,]\d)"
_CODE = r"(?P<code>Q[1-4]|H[12]|[1-4]Q|[12]H|(?:[1-9]|1[01])M)"
_FY = r"FY\s?"
_PATTERNS = [
    re.compile(rf"\b{_CODE}\s?{_FY}{_YEAR}"),  # "Q3 FY2019", "3Q FY19", "9M FY2019"
    re.compile(rf"\bFY\s?{_YEAR}\s+{_CODE}\b"),  # "FY2019 Q3", "FY19 H1"
    re.compile(  # "the third quarter of fiscal 2019", "the first half of FY2020"
        r"\b(?:(?i:the)\s+)?(?P<ordinal>(?i:first|second|third|fourth))[\s-]"
        r"(?P<part>(?i:half|quarter))(?:[\s-](?i:year))?\s+(?i:of)\s+(?:(?i:the|its)\s+)?"
        rf"(?:(?i:fiscal|financial)\s+(?:(?i:year)\s+)?|FY\s?){_YEAR}"
    ),
    re.compile(  # "the first nine months of fiscal 2019"
        r"\b(?:(?i:the)\s+)?(?i:first)\s+(?P<months>\d{1,2}|[a-z]+)\s+(?i:months)\s+(?i:of)\s+"
        rf"(?:(?i:the|its)\s+)?(?:(?i:fiscal|financial)\s+(?:(?i:year)\s+)?|FY\s?){_YEAR}"
    ),
    re.compile(r"\bFY\s?(?P<fy>['’]?\d\d)(?![\d%/–-]|[.,]\d)"),  # "FY19": the whole year
]


@dataclass(frozen=True)
class FiscalPart:
    """Months of the fiscal year that ends in ``year``: ``size`` of them, the ``index``-th
    such run from its start ("Q3 FY2019": year 2019, size 3, index 3)."""

    year: int
    size: int
    index: int = 1


def read_fiscal_parts(text: str, claimed: Claimed) -> list[FoundNumber]:
    """Every part of a fiscal year the text names, as a number of unit "date" and kind
    "fiscal" with no calendar period (its months need the text's fiscal year end)."""
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if overlaps(claimed, match.start(), match.end()) or fiscal_part(match) is None:
                continue
            found.append(
                FoundNumber(
                    start=match.start(),
                    end=match.end(),
                    written=match.group(),
                    value=0.0,
                    unit="date",
                    precision=0.0,
                    qualifier=None,
                    kind="fiscal",
                    note="a part of a fiscal year: its months depend on where the year ends",
                )
            )
            claimed.append((match.start(), match.end()))
    return found


def read_fiscal_part(written: str) -> FiscalPart | None:
    """The part of a fiscal year ``written`` names (a number :func:`read_fiscal_parts` found)."""
    for pattern in _PATTERNS:
        match = pattern.fullmatch(written)
        if match is not None:
            return fiscal_part(match)
    return None


def fiscal_part(match: re.Match[str]) -> FiscalPart | None:
    groups = match.groupdict()
    short = re.sub(r"\D", "", groups["fy"])
    year = int(short) if len(short) == 4 else 2000 + int(short)
    if groups.get("code"):
        code = groups["code"].upper()
        number = int(re.sub(r"\D", "", code))
        if "M" in code:
            return FiscalPart(year, number)
        size = 6 if "H" in code else 3
        return FiscalPart(year, size, number) if number * size <= 12 else None
    if groups.get("ordinal"):
        size = 6 if groups["part"].lower() == "half" else 3
        index = ORDINALS[groups["ordinal"].lower()]
        return FiscalPart(year, size, index) if index * size <= 12 else None
    if groups.get("months"):
        months = groups["months"]
        size = int(months) if months.isdigit() else NUMBER_WORDS.get(months.lower(), 0)
        return FiscalPart(year, size) if 1 <= size <= 12 else None
    return FiscalPart(year, 12)
