"""Units a figure can be stated in, and the dimension each measures.

No rule compares intervals of different dimensions: USD 4.2 billion and 14.2
million carats are two readings of "ALROSA's sales", never one number, and
roubles are not dollars unless a text states the rate. A unit's dimension is
what can be added, compared or divided with what:

* ``money:USD`` (and every other currency, each its own), ``volume:carat``,
  ``volume:tonne`` (ore processed: tonnes are not converted to carats),
  ``price:USD/carat``, ``price:USD/share``, ``count``: sizes of a quantity;
* ``share`` (a percentage of a whole), ``factor`` (a change), ``points`` (a
  change of a share in percentage points: 34.5% − 32.4% is 2.1 points),
  ``rank``, ``year``: no size of their own.
"""

from __future__ import annotations

import functools
import re

# ISO codes of the currencies trade bulletins state amounts in.
CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "RUB",
    "INR",
    "CAD",
    "AUD",
    "HKD",
    "CNY",
    "JPY",
    "CHF",
    "ZAR",
    "BWP",
    "NAD",
    "AED",
    "ILS",
)
PLAIN_UNITS = (
    "percent",
    "count",
    "rank",
    "year",
    "factor",
    "carat",
    "tonne",
    "percentage_point",
)
UNITS = (
    *PLAIN_UNITS,
    *CURRENCIES,
    *(f"{currency}_per_carat" for currency in CURRENCIES),
    *(f"{currency}_per_share" for currency in CURRENCIES),
)
# Dimensions whose figures state the size of a quantity.
SIZE_KINDS = ("money", "volume", "price", "count")

_NAMED = {
    "percent": "share",
    "count": "count",
    "rank": "rank",
    "year": "year",
    "factor": "factor",
    "carat": "volume:carat",
    "tonne": "volume:tonne",
    "percentage_point": "points",
}


def dimension(unit: str) -> str:
    """What ``unit`` measures: ``money:USD``, ``price:EUR/carat``, ``volume:carat``, …"""
    named = _NAMED.get(unit)
    if named is not None:
        return named
    currency, _, per = unit.partition("_per_")
    return f"price:{currency}/{per}" if per else f"money:{currency}"


def is_size(unit: str) -> bool:
    """Whether a figure in ``unit`` states the size of its quantity (money, volume, a price,
    a count), rather than a share, a change, a rank or a year."""
    return dimension(unit).split(":")[0] in SIZE_KINDS


def kind(dimension_name: str) -> str:
    """``money:USD`` -> ``money``: what a reading of a quantity is, whatever its unit."""
    return dimension_name.split(":")[0]


# How a quantity's declared ``unit`` (free text: "USD", "carats", "USD per carat",
# "clients") reads as a dimension; a noun that names things counted is a count.
_DECLARED = [
    (re.compile(rf"^(?:{'|'.join(CURRENCIES)})\s*(?:million|billion|thousand)?$", re.I), "money"),
    (re.compile(r"^(?:carats?|cts?|million carats|thousand carats|mcts?)$", re.I), "volume:carat"),
    (re.compile(r"^(?:tonnes?|tons?|metric tonnes?)$", re.I), "volume:tonne"),
    (re.compile(rf"^(?:{'|'.join(CURRENCIES)})\s*(?:per|/)\s*carats?$", re.I), "price/carat"),
    (re.compile(rf"^(?:{'|'.join(CURRENCIES)})\s*(?:per|/)\s*share$", re.I), "price/share"),
    (re.compile(r"^(?:%|percent|per cent|percentage)$", re.I), "share"),
]


# Asked of every quantity each time the solver reads it, of a few dozen distinct texts.
@functools.lru_cache(maxsize=1024)
def declared_dimension(unit_text: str | None) -> str | None:
    """The dimension a quantity's declared ``unit`` names, or None when it names none.

    "USD" is ``money:USD``, "carats" ``volume:carat``, "USD per carat"
    ``price:USD/carat``, "clients" ``count``; no unit says nothing (the
    quantity's figures tell: it may have a value and a volume reading).
    """
    if unit_text is None or not unit_text.strip():
        return None
    text = " ".join(unit_text.split())
    for pattern, found in _DECLARED:
        if pattern.match(text):
            currency = text[:3].upper()
            if found == "money":
                return f"money:{currency}"
            if found.startswith("price/"):
                return f"price:{currency}/{found.split('/')[1]}"
            return found
    return "count"
