"""The percentage cross-check engine.

Every stated figure is an interval, so every rule computes with intervals and
reports a violation only when the intervals cannot agree. A rule is a pure
function from :class:`Facts` to :class:`Finding`s; its name, description and
severity are rows in ``check_rules`` (configuration, not code).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

from dbtool.core.intervals import Interval
from dbtool.display import format_interval

# What a rule says; the engine turns "violation" into the rule's severity.
Outcome = Literal["pass", "info", "violation"]


@dataclass(frozen=True, slots=True)
class Derived:
    """A quantity computed from stated figures: what, how much, and how."""

    key: str
    description: str
    interval: Interval
    unit: str
    formula: str


@dataclass(frozen=True, slots=True)
class Finding:
    key: str
    outcome: Outcome
    message: str
    figures: tuple[str, ...]
    interval: Interval | None = None
    unit: str | None = None
    derived: tuple[Derived, ...] = field(default_factory=tuple)


@functools.lru_cache(maxsize=1 << 16)
def show(interval: Interval, unit: str | None) -> str:
    """An interval as a message states it: ``[32.5, 33.5] %``, ``(USD 9.302 bn, ∞)``, ``21``."""
    return format_interval(
        interval.low,
        interval.high,
        interval.low_inclusive,
        interval.high_inclusive,
        unit,
        precise=True,
    )
