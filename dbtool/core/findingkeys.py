"""How a finding's key names what it checks: one grammar, written by the checks, read by
the reports.

A key is made of the variables a finding is about, never of the order anything
was declared in, so it is the same run after run and a new, unrelated document
moves no key. A variable is a group of quantities (its first key, see
``dbtool.checks.readings``) read in one dimension, in one period:

* an amount: ``alrosa-diamond-sales[money:USD]@2018-09``;
* a change: ``alrosa-diamond-sales[money:USD]@2018-09|2017-09`` (period, then base);
* a share: ``alrosa-belgian-clients/alrosa-long-term-clients[count]@any``;
* a share's change in percentage points: ``part/whole[money:USD]@2018|2017``.

A finding's key joins its variables with ``+``, may add ``:tag`` and ends in
``#digest`` (six hex digits for the documents it rests on); a derived quantity's
key is ``rule:variable#digest``. ``any`` stands for no stated period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NO_PERIOD = "any"
_VARIABLE = re.compile(
    r"(?P<part>[a-z0-9][a-z0-9-]*)(?:/(?P<whole>[a-z0-9][a-z0-9-]*))?"
    r"\[(?P<dimension>[^\]]+)\]@(?P<period>[^|+#:\]]+)(?:\|(?P<base>[^+#:\]]+))?"
)


@dataclass(frozen=True)
class Variable:
    """A variable a key names: an amount, a change (``base``) or a share (``whole``)."""

    quantity: str
    dimension: str
    period: str | None
    base: str | None = None
    whole: str | None = None


def variable_key(
    quantity: str,
    dimension: str,
    period: str | None,
    base: str | None = None,
    whole: str | None = None,
) -> str:
    """The key of one variable (see the module's docstring)."""
    ends = f"{quantity}/{whole}" if whole else quantity
    changed = f"|{base}" if base else ""
    return f"{ends}[{dimension}]@{period or NO_PERIOD}{changed}"


def variables(key: str) -> list[Variable]:
    """The variables a finding's or a derived quantity's key names, in order."""
    found = []
    for match in _VARIABLE.finditer(key):
        period = match["period"]
        found.append(
            Variable(
                match["part"],
                match["dimension"],
                None if period == NO_PERIOD else period,
                match["base"],
                match["whole"],
            )
        )
    return found
