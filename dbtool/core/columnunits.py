"""The unit a table column's header names: "USD million", "thousand carats", "US$/ct".

Read alike by table seeds (:mod:`dbtool.seedformat.tablespec`) and by the tables a
release sets out in its text (:mod:`dbtool.draft.texttables`); kept apart from
both so the draft, which must not import pydantic, can use it.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import NamedTuple

from dbtool.core.numberwords import GLUED_SCALES, SCALES, UNIT_SCALES
from dbtool.core.units import CURRENCIES


class ColumnUnit(NamedTuple):
    """What a column's unit says: a figure's unit, the unit its quantity declares, and
    the scale a cell is multiplied by ("USD million": USD, "USD", 10⁶)."""

    unit: str
    declared: str
    scale: Decimal


_WORD = re.compile(r"[A-Za-z]+|%")
_CARATS = {"carat", "carats", "ct", "cts"}
_TONNES = {"tonne", "tonnes", "ton", "tons", "t"}
_PER = {"per", "a"}


@functools.lru_cache(maxsize=256)
def column_unit(text: str) -> ColumnUnit | None:
    """The unit a table column is written in, or None when the words say no unit.

    "USD million" is USD × 10⁶, "thousand carats" carats × 10³, "USD per carat" a
    price, "USD/ct" too, "mines" a count. Scale words are the loader's own
    (:mod:`dbtool.core.numberwords`), so "bn" and "billion" agree everywhere.
    """
    spelled = re.sub(r"US\$|\$", " USD ", text).replace("/", " per ")
    words = [w.lower() for w in _WORD.findall(spelled)]
    if not words:
        return None
    scale, rest = Decimal(1), []
    for word in words:
        if word in ("millions", "billions", "thousands") and word[:-1] in SCALES:
            word = word[:-1]  # "US$ millions"
        if word in SCALES and not (word in GLUED_SCALES and len(words) == 1):
            scale *= Decimal(10) ** SCALES[word]
            if word in UNIT_SCALES:  # "Mcts": million carats
                rest.append("carats")
        else:
            rest.append(word)
    currency = next((w.upper() for w in rest if w.upper() in CURRENCIES), None)
    per = next((i for i, w in enumerate(rest) if w in _PER), None)
    after = set(rest[per + 1 :]) if per is not None else set()
    if currency and after & _CARATS:
        return ColumnUnit(f"{currency}_per_carat", f"{currency} per carat", scale)
    if currency and after & {"share"}:
        return ColumnUnit(f"{currency}_per_share", f"{currency} per share", scale)
    if currency and per is None:
        return ColumnUnit(currency, currency, scale)
    if per is None and set(rest) & _CARATS:
        return ColumnUnit("carat", "carats", scale)
    if per is None and set(rest) & _TONNES:
        return ColumnUnit("tonne", "tonnes", scale)
    if per is None and rest and not currency and "%" not in rest:
        return ColumnUnit("count", " ".join(rest), scale)
    return None
