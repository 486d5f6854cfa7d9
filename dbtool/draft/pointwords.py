"""Percentage points written as bare "points": "down 1.2 points from 36.0%".

The grammar reads "percentage points", "pp" and "ppt" as the unit
``percentage_point`` wherever they stand (:mod:`dbtool.draft.vocabulary`). A
bare "points" is read so only where nothing else fits: after a word of change
("down 1.2 points", "gained 3 points"), in a sentence that states a percentage,
whose share the points move. "The index rose 12 points" (no percentage) and
"12 points of sale" (no change) are left as they were.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dbtool.draft.found import FoundNumber
from dbtool.draft.vocabulary import scaled_value

_POINTS = re.compile(r"\s+points?\b", re.I)
_PERCENT = re.compile(r"\d\s?(?:%|per[\s-]?cent\b|percent\b)", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")


def read_bare_points(text: str, found: list[FoundNumber]) -> list[FoundNumber]:
    """``found`` with each change followed by a bare "points" read in percentage points."""
    return [_in_points(text, number) or number for number in found]


def _in_points(text: str, number: FoundNumber) -> FoundNumber | None:
    if number.kind != "change" or number.unit not in ("number", "count"):
        return None
    after = _POINTS.match(text, number.end)
    if after is None or not _states_a_percentage(text, number.start):
        return None
    digits = re.sub(r"[^\d.]", "", number.written.split()[-1])
    decimals = len(digits.partition(".")[2])
    return replace(
        number,
        end=after.end(),
        written=text[number.start : after.end()],
        unit="percentage_point",
        precision=scaled_value(5, -(decimals + 1)),
    )


def _states_a_percentage(text: str, at: int) -> bool:
    """Whether the sentence around ``at`` writes a percentage."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 400), at)]
    start = starts[-1] if starts else max(0, at - 400)
    stop = _SENTENCE_END.search(text, at)
    end = stop.start() if stop else min(len(text), at + 400)
    return _PERCENT.search(text, start, end) is not None
