"""What the figures say about the size of each quantity, stated or implied.

A quantity's size is stated by a count or an amount, carried across a
``same_as`` link, or implied through a share: a part and its share imply the
whole, a whole and a share imply the part. Propagation runs to a fixed point
and never uses one figure or link twice in one chain, so it terminates.
"""

from __future__ import annotations

from dataclasses import dataclass

from dbtool.checks.facts import Facts
from dbtool.checks.intervals import Interval
from dbtool.display import mid_sentence

MAX_STEPS = 4


@dataclass(frozen=True)
class Estimate:
    quantity: str
    interval: Interval
    unit: str
    figures: tuple[str, ...]
    formula: str
    words: str
    assumptions: tuple[str, ...] = ()
    used: frozenset[str] = frozenset()
    via_link: bool = False

    @property
    def stated(self) -> bool:
        return self.formula == "stated"


def _units_agree(unit: str, target: str | None) -> bool:
    return target is None or target == unit


def stated_estimates(facts: Facts) -> dict[str, list[Estimate]]:
    """One estimate per quantity whose size a figure states (all its figures intersected)."""
    out: dict[str, list[Estimate]] = {}
    for key in facts.quantities:
        figures = facts.amounts(key)
        if not figures or len({f.period for f in figures}) > 1:
            continue  # a time series is sized period by period (dbtool.checks.series)
        interval: Interval | None = figures[0].interval
        for f in figures[1:]:
            interval = interval.intersection(f.interval) if interval else None
        if interval is None:
            continue  # contradicting statements: the implied-quantity rule reports them
        keys = tuple(f.key for f in figures)
        words = " and ".join(f"“{f.written}”" for f in figures)
        out[key] = [
            Estimate(key, interval, figures[0].unit, keys, "stated", words, (), frozenset(keys))
        ]
    return out


def _steps(facts: Facts, e: Estimate) -> list[Estimate]:
    """Every estimate one link or one share away from ``e``."""
    found = []
    for link in facts.links:
        if link.relation != "same_as" or link.part == link.whole:
            continue
        tag = f"link:{link.part}~{link.whole}"
        for a, b in ((link.part, link.whole), (link.whole, link.part)):
            if a == e.quantity and tag not in e.used:
                target = facts.quantities[b]
                if _units_agree(e.unit, target.unit):
                    source = facts.quantities[a].name
                    proper = facts.proper_words
                    note = (
                        f"{mid_sentence(source, proper)} as "
                        f"{mid_sentence(target.name, proper)} ({link.basis})"
                    )
                    found.append(
                        Estimate(
                            b,
                            e.interval,
                            e.unit,
                            e.figures,
                            e.formula,
                            e.words,
                            (*e.assumptions, note),
                            e.used | {tag},
                            True,
                        )
                    )
    for s in facts.shares():
        if s.key in e.used or s.quantity is None or s.whole is None:
            continue
        share = s.interval.clip(0, 100)
        if share is None:
            continue
        fraction = share / 100
        if e.quantity == s.quantity and fraction.high > 0:
            target, interval, op = s.whole, e.interval / fraction, "÷"
        elif e.quantity == s.whole:
            target, interval, op = s.quantity, e.interval * fraction, "×"
        else:
            continue
        if not _units_agree(e.unit, facts.quantities[target].unit):
            continue
        formula = f"{e.formula if not e.stated else ' + '.join(e.figures)} {op} {s.key}"
        words = f"{e.words} {op} “{s.written}”"
        found.append(
            Estimate(
                target,
                interval,
                e.unit,
                (*e.figures, s.key),
                formula,
                words,
                e.assumptions,
                e.used | {s.key},
            )
        )
    return found


def all_estimates(facts: Facts) -> dict[str, list[Estimate]]:
    """Stated estimates and everything they imply, by quantity."""
    estimates = stated_estimates(facts)
    frontier = [e for group in estimates.values() for e in group]
    for _ in range(MAX_STEPS):
        new = []
        for e in frontier:
            for step in _steps(facts, e):
                known = estimates.setdefault(step.quantity, [])
                if all(k.used != step.used for k in known):
                    known.append(step)
                    new.append(step)
        frontier = new
    return estimates
