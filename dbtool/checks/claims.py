"""Comparisons: claims of order without a number, held against the values of both sides.

"Exports eased in 2017" says exports were lower in 2017 than in 2016;
"Russia remained ahead of Angola" that Russia's production was higher than
Angola's. Each side is a variable of the solver, stated or derived; a claim
about one quantity in two periods is read through its change where one is
stated or derived (a stated "fell 3.4%" settles "eased" exactly), else
through the two levels. A claim fails only when no values the figures allow
can make it true; a quantity read both by value and by volume is checked in
each reading, and passes if one of them bears it out, saying which.
"""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.checks import Finding, show
from dbtool.checks.facts import ComparisonInfo, Facts
from dbtool.checks.readings import Reading, Readings
from dbtool.checks.solver import solve
from dbtool.checks.variables import Solution, Value, span_of
from dbtool.core.intervals import Interval
from dbtool.core.units import kind
from dbtool.display import format_period

WORDS = {"higher": "higher than", "lower": "lower than", "unchanged": "unchanged against"}


def comparisons(facts: Facts) -> Iterator[Finding]:
    """Every comparison, checked in each reading both sides have values in."""
    solution = solve(facts)
    readings = solution.readings
    assert readings is not None
    for claim in facts.comparisons:
        yield _check(facts, solution, readings, claim)
    if not facts.comparisons:
        yield Finding("none", "info", "No claim of order without a number is stated.", ())


def _check(facts: Facts, solution: Solution, readings: Readings, claim: ComparisonInfo) -> Finding:
    verdicts = []
    for dimension in readings.dimensions(claim.quantity) or ("unsized",):
        first = readings.reading(claim.quantity, dimension)
        second = readings.reading(claim.other, dimension)
        if first is None or second is None:
            continue
        found = _compare(solution, claim, first, second)
        if found is not None:
            verdicts.append((dimension, *found))
    at = (
        f"{readings.root(claim.quantity)}@{claim.period.label()}:{claim.relation}:"
        f"{readings.root(claim.other)}@{claim.other_period.label()}#{claim.document}"
    )
    sides = (
        f"{_side(facts, claim.quantity, claim.period)} {WORDS[claim.relation]} "
        f"{_side(facts, claim.other, claim.other_period)}"
    )
    if not verdicts:
        return Finding(
            at,
            "info",
            f"{claim.cite} ({claim.document}): not checked, as neither the figures nor what "
            f"they imply give both sides ({sides})",
            (),
        )
    holds = [v for v in verdicts if v[1]]
    figures = tuple(sorted({f for v in verdicts for f in v[3]}))
    several = len(verdicts) > 1
    if holds:
        which = f" by {_by(holds[0][0])}" if several else ""
        return Finding(
            at,
            "pass",
            f"{claim.cite} ({claim.document}): {sides}{which} agrees with {holds[0][2]}",
            figures,
        )
    said = "; ".join(f"{v[2]}" + (f" (by {_by(v[0])})" if several else "") for v in verdicts)
    return Finding(
        at,
        "violation",
        f"{claim.cite} ({claim.document}) says {sides}, but {said}",
        figures,
    )


def _compare(
    solution: Solution, claim: ComparisonInfo, first: Reading, second: Reading
) -> tuple[bool, str, tuple[str, ...]] | None:
    """(holds, the values' words, the figures they rest on), or None without values."""
    span, other_span = span_of(claim.period), span_of(claim.other_period)
    if first == second:
        factor = solution.values.get(("factor", first, span, other_span))
        if factor is not None:
            return _verdict(claim.relation, factor.interval - 1, factor)
        backwards = solution.values.get(("factor", first, other_span, span))
        if backwards is not None:  # "2016 was higher than 2017": the change from 2016 to 2017
            flipped = {"higher": "lower", "lower": "higher"}.get(claim.relation, claim.relation)
            return _verdict(flipped, backwards.interval - 1, backwards)
    mine = solution.values.get(("amount", first, span))
    theirs = solution.values.get(("amount", second, other_span))
    if mine is None or theirs is None:
        return None
    difference = mine.interval - theirs.interval
    holds = _holds(claim.relation, difference)
    words = (
        f"{mine.words} against {theirs.words}"
        if mine.depth or theirs.depth
        else f"{mine.words} ({show(mine.interval, mine.unit)}) against {theirs.words} "
        f"({show(theirs.interval, theirs.unit)})"
    )
    return holds, words, tuple(sorted({*mine.figures, *theirs.figures}))


def _verdict(relation: str, change: Interval, factor: Value) -> tuple[bool, str, tuple[str, ...]]:
    percent = change * 100
    return (
        _holds(relation, change),
        f"{factor.words}, a change of {show(percent, 'percent')}",
        tuple(sorted(factor.figures)),
    )


def _holds(relation: str, difference: Interval) -> bool:
    """Whether some values the intervals allow make the claim true: first − other > 0
    (higher), < 0 (lower) or = 0 (unchanged)."""
    if relation == "higher":
        return difference.high > 0
    if relation == "lower":
        return difference.low < 0
    return difference.contains(0)


def _side(facts: Facts, quantity: str, period: object) -> str:
    info = facts.quantities.get(quantity)
    name = info.name if info is not None else quantity
    return f"{name} in {format_period(period.start, period.end)}"  # type: ignore[attr-defined]


def _by(dimension: str) -> str:
    return {"money": "value", "volume": "volume", "price": "price"}.get(kind(dimension), dimension)
