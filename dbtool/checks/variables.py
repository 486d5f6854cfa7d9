"""The solver's variables and relations: what they are, how they are named and keyed,
and the algebra that solves one relation for one of its variables.

The work list that uses them is :mod:`dbtool.checks.solver`; these are plain values
and functions, testable without any facts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from dbtool.checks import Finding
from dbtool.checks.facts import Fact
from dbtool.checks.readings import Reading, Readings
from dbtool.core.findingkeys import variable_key
from dbtool.core.intervals import Interval
from dbtool.core.periods import Period, series_of
from dbtool.core.periods import label as period_label
from dbtool.display import format_period


class Span(NamedTuple):
    """A period as variables are keyed by: the days ``start`` to ``end`` (a tuple, so it
    hashes and compares in C: variables are looked up millions of times at scale)."""

    start: dt.date
    end: dt.date

    def label(self) -> str:
        return period_label(self.start, self.end)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


# ("amount", reading, span) · ("factor", reading, span, base span)
# · ("share", part root, whole root, dimension, span)
# · ("points", part root, whole root, dimension, span, base span): a share's change in points
Var = tuple[object, ...]
MAX_DEPTH = 4  # derivations of derivations; keeps the period algebra finite


@dataclass(frozen=True, slots=True)
class Value:
    """What is known of a variable: an interval, and what it rests on."""

    interval: Interval
    unit: str
    figures: tuple[str, ...] | frozenset[str]
    documents: tuple[str, ...] | frozenset[str]
    words: str  # how a message cites it
    depth: int  # 0 when stated


@dataclass(slots=True)
class Relation:
    """``target = Σ sign × term`` (linear) or ``target = a × b`` (product)."""

    rule: str
    shape: str  # "linear" or "product"
    target: Var
    terms: tuple[tuple[Var, int], ...]
    # Its name for messages, written only when the relation is reported.
    words: Callable[[], str]
    variables: tuple[Var, ...] = ()  # target and terms, looked up on every wake
    done: bool = False

    def __post_init__(self) -> None:
        self.variables = (self.target, *(v for v, _ in self.terms))


@dataclass
class Solution:
    """What solving found: the findings of every solver rule, and every variable's value."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    values: dict[Var, Value] = field(default_factory=dict)
    contested: dict[Var, list[Fact]] = field(default_factory=dict)
    readings: Readings | None = None
    # Variables read, or derived through a share read, in a dimension its text leaves open.
    assumed: set[Var] = field(default_factory=set)


@functools.lru_cache(maxsize=1 << 12)
def period_words(period: Span | None) -> str:
    """A period as messages name it; cached, as every relation of a period names it."""
    return format_period(period.start, period.end) if period else "no stated period"


def span_of(period: Period | Span | None) -> Span | None:
    return None if period is None else Span(period.start, period.end)


class PeriodIndex:
    """The periods known of one flow reading, found by their first and by their last day."""

    def __init__(self) -> None:
        self.by_start: dict[object, list[Span]] = {}
        self.by_end: dict[object, list[Span]] = {}

    def add(self, period: Span) -> None:
        self.by_start.setdefault(period.start, []).append(period)
        self.by_end.setdefault(period.end, []).append(period)

    def sharing_an_end(self, period: Span) -> list[Span]:
        same = self.by_start.get(period.start, []) + self.by_end.get(period.end, [])
        return sorted(set(same))

    def splits(self, whole: Span, part: Span) -> bool:
        """Whether a period of this index lies strictly between ``part`` and the
        ``whole`` it shares an end with."""
        if part.start == whole.start:
            return any(part.end < p.end < whole.end for p in self.by_start.get(part.start, ()))
        return any(whole.start < p.start < part.start for p in self.by_end.get(part.end, ()))


def identity(shape: str, target: Var, terms: tuple[tuple[Var, int], ...]) -> tuple[object, ...]:
    """What makes two relations one: shape, target and terms, a linear relation's in any order.

    Flat, with a linear relation's terms in a fixed order instead of a frozenset:
    every relation ever proposed keeps its identity to the end, at a third of the size.
    """
    if shape == "linear":
        return (shape, target, *itertools.chain.from_iterable(sorted(set(terms), key=term_order)))
    return (shape, target, *itertools.chain.from_iterable(terms))


def term_order(term: tuple[Var, int]) -> tuple[str, int]:
    """A total order of terms: by their variable's key, then sign."""
    return var_key(term[0]), term[1]


def solve_for(relation: Relation, var: Var, known: dict[Var, Interval]) -> Interval | None:
    """The interval ``var`` must lie in, given the others; None where division is unsafe.

    Only the interval: a check and a relation through a contested variable never show
    the formula, so it is written apart (:func:`formula_for`), for derivations only."""
    if relation.shape == "linear":
        if var == relation.target:
            # From the first term, not from 0: 0 + x is x, bit for bit (no -0.0 in an Interval).
            total: Interval | None = None
            for term, sign in relation.terms:
                signed = known[term] if sign > 0 else -known[term]
                total = signed if total is None else total + signed
            return Interval.point(0) if total is None else total
        sign = dict(relation.terms)[var]
        rest = known[relation.target]
        for term, term_sign in relation.terms:
            if term != var:
                rest = rest - (known[term] if term_sign > 0 else -known[term])
        return rest if sign > 0 else -rest
    left, right = (v for v, _ in relation.terms)
    if var == relation.target:
        return known[left] * known[right]
    other = right if var == left else left
    divisor = known[other]
    if divisor.contains(0):
        return None
    return known[relation.target] / divisor


def formula_for(relation: Relation, var: Var) -> str:
    """How :func:`solve_for` solves the relation for ``var``, in variables' keys."""
    if relation.shape == "linear":
        if var == relation.target:
            return " + ".join(var_key(term) for term, _ in relation.terms)
        return f"{var_key(relation.target)} − others"
    left, right = (v for v, _ in relation.terms)
    if var == relation.target:
        return f"{var_key(left)} × {var_key(right)}"
    other = right if var == left else left
    return f"{var_key(relation.target)} ÷ {var_key(other)}"


def joint(first: object, second: object) -> object:
    """The period two shares combine in: the same, or the dated one where one has none;
    False when they are of different periods."""
    if first is None:
        return second
    if second is None or first == second:
        return first
    return False


def remainder(whole: Span, part: Span) -> Span | None:
    """What is left of ``whole`` without ``part``, when that is one contiguous period."""
    if part == whole or not whole.contains(part):
        return None
    if part.start == whole.start:
        return Span(part.end + DAY, whole.end)
    if part.end == whole.end:
        return Span(whole.start, part.start - DAY)
    return None


DAY = dt.timedelta(days=1)


@functools.lru_cache(maxsize=1 << 14)
def natural(span: Span) -> bool:
    """Whether a period is one a report shows as a series of its own (a month, a quarter,
    a half, a year, a year to date), not a span such as February–December."""
    return series_of(span.start, span.end) != "other span"


@functools.lru_cache(maxsize=1 << 16)
def var_key(var: Var) -> str:
    """A variable's stable name (:mod:`dbtool.core.findingkeys`): its group's root key,
    dimension and periods."""
    if var[0] == "share":
        _, part, whole, dimension, span = var
        return variable_key(str(part), str(dimension), period_text(span), whole=str(whole))
    if var[0] == "points":
        _, part, whole, dimension, span, base = var
        return variable_key(
            str(part), str(dimension), period_text(span), period_text(base), whole=str(whole)
        )
    reading = var[1]
    assert isinstance(reading, Reading)
    base = period_text(var[3]) if var[0] == "factor" else None
    return variable_key(reading.root, reading.dimension, period_text(var[2]), base)


def period_text(span: object) -> str | None:
    return span.label() if isinstance(span, Span) else None


def digest(documents: frozenset[str] | tuple[str, ...] | set[str]) -> str:
    """Six hex digits standing for a set of documents, whatever their order."""
    return hashlib.sha1("\n".join(sorted(documents)).encode()).hexdigest()[:6]


def finding_key(
    rule: str, variables: tuple[Var, ...] | list[Var], documents: object, tag: str = ""
) -> str:
    """A finding's key from what it checks: the rule, the variables (groups, dimensions,
    periods) and the documents; never from the order anything was declared in."""
    names = "+".join(sorted(var_key(v) for v in variables))
    suffix = f":{tag}" if tag else ""
    return f"{names}{suffix}#{digest(frozenset(documents))}"  # type: ignore[arg-type]
