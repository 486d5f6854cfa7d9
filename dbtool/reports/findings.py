"""A finding's key in words, for people: what a report shows instead of an internal key.

A check stores each finding under a stable key made of the rule, the keys of
what it compares and ISO periods
(``periods:alrosa-diamond-sales:2018-01/2018-11=2018-01/2018-09+2018-10``). The
key is how runs are compared; people read it with every key replaced by the name
the seeds give it and every period written out: "ALROSA Group's sales of rough and
polished diamonds, January–November 2018 = January–September 2018 + October 2018".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dbtool.core.findingkeys import Variable, variables
from dbtool.core.periods import PeriodError, parse_period
from dbtool.db.reader import Reader
from dbtool.display import format_period

# Every table whose rows a finding's key may name, by their key, with the name to show.
NAMED = ("quantities", "sums", "ratios", "partitions", "rankings")
PERIOD = re.compile(r"\d{4}(?:-(?:\d{2}|Q[1-4]|H[12]))?(?:-\d{2})?(?:/\d{4}(?:-\d{2}){0,2})?")
SEPARATORS = {":": ", ", "=": " = ", "+": " + ", "*": " × ", "->": " to ", "@": " in "}
TOKEN = re.compile(r"(->|[:=+*@])")
# Words some keys use on their own (``bounds:all``, ``rank-claims:lone``).
WORDS = {"all": "every figure", "lone": "claims alone in their rankings", "none": "no candidate"}


def key_names(reader: Reader) -> dict[str, str]:
    """Every key a finding may name -> its name (quantities first, where keys repeat)."""
    names: dict[str, str] = {}
    for table in reversed(NAMED):
        names.update({r["key"]: r["name"] for r in reader.rows(f"SELECT key, name FROM {table}")})
    return names


def _period(text: str) -> str | None:
    if not PERIOD.fullmatch(text):
        return None
    try:
        period = parse_period(text)
    except PeriodError:
        return None
    return format_period(period.start, period.end)


def _word(token: str, names: Mapping[str, str]) -> str:
    """One part of a key: a name, a period in words, "A of B" for a part of a whole."""
    if token in names:
        return names[token]
    period = _period(token)
    if period is not None:
        return period
    if "/" in token:
        part, _, whole = token.partition("/")
        if part in names or whole in names:
            return f"{_word(part, names)} of {_word(whole, names)}"
    return WORDS.get(token, token)


def _variable(variable: Variable, names: Mapping[str, str]) -> str:
    """One variable in words: a quantity (or a part of a whole) and its period."""
    what = _word(variable.quantity, names)
    if variable.whole is not None:
        what = f"{what} of {_word(variable.whole, names)}"
    if variable.period is None:
        return what
    when = _word(variable.period, names)
    if variable.base is not None:
        return f"{what}, {when} against {_word(variable.base, names)}"
    return f"{what}, {when}"


def _phrase(text: str, names: Mapping[str, str]) -> str:
    return "".join(SEPARATORS.get(part) or _word(part, names) for part in TOKEN.split(text) if part)


def describe(key: str, names: Mapping[str, str]) -> str:
    """``key`` without its rule, in words (see the module's docstring); a key of variables
    (:mod:`dbtool.core.findingkeys`) names each of them: "ALROSA's sales, September 2018
    against September 2017"."""
    found = variables(key)
    if found:
        return " + ".join(_variable(variable, names) for variable in found)
    _, _, rest = key.partition(":")
    head, sep, last = rest.rpartition(":")
    if sep and "@" in last and "@" not in head:
        return f"{_phrase(head, names)}; gives {_phrase(last, names)}"
    return _phrase(rest, names)
