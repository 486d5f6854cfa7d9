"""What the figures say about the size of each quantity, stated or implied.

A quantity's size is stated by a count or an amount, carried across a
``same_as`` link, or implied through a share: a part and its share imply the
whole, a whole and a share imply the part. Propagation runs to a fixed point
and never uses one figure or link twice in one chain, so it terminates.
"""

from __future__ import annotations

from dataclasses import dataclass

from dbtool.checks.facts import Fact, Facts
from dbtool.core.intervals import Interval
from dbtool.display import mid_sentence

MAX_STEPS = 4


@dataclass(frozen=True, slots=True)
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
    """One estimate per quantity whose size a figure states (all its figures intersected).

    Computed once per ``Facts``: several rules ask. Callers must not change it.
    """
    cached = facts.__dict__.get("_stated_estimates")
    if cached is None:
        cached = facts.__dict__["_stated_estimates"] = _stated(facts)
    return cached  # type: ignore[no-any-return]


def _stated(facts: Facts) -> dict[str, list[Estimate]]:
    out: dict[str, list[Estimate]] = {}
    for key in facts.quantities:
        figures = facts.amounts(key)
        if not figures or len({f.period for f in figures}) > 1:
            continue  # a time series is sized period by period (dbtool.checks.series)
        interval: Interval | None = figures[0].interval
        for figure in figures[1:]:
            interval = interval.intersection(figure.interval) if interval else None
        if interval is None:
            continue  # contradicting statements: the implied-quantity rule reports them
        keys = tuple(f.key for f in figures)
        words = " and ".join(f"“{f.written}”" for f in figures)
        out[key] = [
            Estimate(key, interval, figures[0].unit, keys, "stated", words, (), frozenset(keys))
        ]
    return out


def _fraction(facts: Facts, share: Fact) -> Interval | None:
    """A share as a fraction of its whole, clipped to 0–1; None when it cannot be one."""
    cache: dict[str, Interval | None] = facts.__dict__.setdefault("_fractions", {})
    if share.key not in cache:
        clipped = share.interval.clip(0, 100)
        cache[share.key] = None if clipped is None else clipped / 100
    return cache[share.key]


def _steps(facts: Facts, estimate: Estimate) -> list[Estimate]:
    """Every estimate one link or one share away from ``estimate``.

    Only the links and shares that touch ``estimate``'s quantity are looked at (an
    index on ``Facts``), and whether a step leads anywhere is settled before
    any arithmetic is done.
    """
    found = []
    for link, linked in facts.same_as_links(estimate.quantity):
        tag = f"link:{link.part}~{link.whole}"
        if tag in estimate.used:
            continue
        target = facts.quantities[linked]
        if _units_agree(estimate.unit, target.unit):
            source = facts.quantities[estimate.quantity].name
            proper = facts.proper_words
            note = (
                f"{mid_sentence(source, proper)} as "
                f"{mid_sentence(target.name, proper)} ({link.basis})"
            )
            found.append(
                Estimate(
                    linked,
                    estimate.interval,
                    estimate.unit,
                    estimate.figures,
                    estimate.formula,
                    estimate.words,
                    (*estimate.assumptions, note),
                    estimate.used | {tag},
                    True,
                )
            )
    for share in facts.shares_touching(estimate.quantity):
        if share.key in estimate.used or share.quantity is None or share.whole is None:
            continue
        fraction = _fraction(facts, share)
        if fraction is None:
            continue
        if estimate.quantity == share.quantity and fraction.high > 0:
            target, op = share.whole, "÷"
        elif estimate.quantity == share.whole:
            target, op = share.quantity, "×"
        else:
            continue
        if not _units_agree(estimate.unit, facts.quantities[target].unit):
            continue
        interval = estimate.interval / fraction if op == "÷" else estimate.interval * fraction
        base = estimate.formula if not estimate.stated else " + ".join(estimate.figures)
        formula = f"{base} {op} {share.key}"
        words = f"{estimate.words} {op} “{share.written}”"
        found.append(
            Estimate(
                target,
                interval,
                estimate.unit,
                (*estimate.figures, share.key),
                formula,
                words,
                estimate.assumptions,
                estimate.used | {share.key},
            )
        )
    return found


def all_estimates(facts: Facts) -> dict[str, list[Estimate]]:
    """Stated estimates and everything they imply, by quantity."""
    estimates = {key: list(group) for key, group in stated_estimates(facts).items()}
    seen = {key: {e.used for e in group} for key, group in estimates.items()}
    frontier = [e for group in estimates.values() for e in group]
    for _ in range(MAX_STEPS):
        new = []
        for estimate in frontier:
            for step in _steps(facts, estimate):
                known = seen.setdefault(step.quantity, set())
                if step.used not in known:
                    known.add(step.used)
                    estimates.setdefault(step.quantity, []).append(step)
                    new.append(step)
        frontier = new
    return estimates
