"""Figures over time: changes, sums, differences, ratios and periods, solved together.

Every amount a document states is the size of a quantity in a period: a
variable ``(quantity, period)``. Every stated change is the factor between
two periods of one quantity: a variable ``(quantity, period, base)``.
Relations tie the variables together, and each has one of two shapes:

* linear, ``target = Σ sign × term``: a total and its parts ("of which"), a
  difference ("imports minus exports"), and a flow over a period and its two
  sub-periods (January–September = January–July + August–September);
* product, ``target = a × b``: a change (this year = last year × factor), a
  ratio (value = price × volume), and the composition of changes (value
  factor = volume factor × price factor).

The solver is a work list: a variable that becomes known wakes the relations
it takes part in, found through an index by quantity (never by scanning
pairs of figures); a relation with one unknown variable derives it, one
with none checks that its intervals can meet. Derived values feed the other
relations until nothing changes. Everything is interval arithmetic from
:mod:`dbtool.core.intervals`, so a derived interval holds every value the
stated figures allow, and a check fails only when no values can satisfy it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from dbtool.checks import Derived, Finding, show
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.registry import Severity
from dbtool.core.intervals import Interval
from dbtool.core.periods import Period
from dbtool.core.periods import label as period_label
from dbtool.display import format_period, mid_sentence


class Span(NamedTuple):
    """A period as the solver keys its variables by: the days ``start`` to ``end``.

    Every variable holds one or two periods and is looked up in a dict millions
    of times at scale. A ``Period`` hashes and compares in Python;
    a tuple of dates does both in C, with the same order and equality.
    """

    start: dt.date
    end: dt.date

    def label(self) -> str:
        return period_label(self.start, self.end)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


# ("amount", quantity, span) or ("factor", quantity, span, base span)
Var = tuple[object, ...]
MAX_DEPTH = 4  # derivations of derivations; keeps the period algebra finite
# Each rule the solver reports for: its severity and description (see dbtool.checks.registry).
SERIES_RULES: dict[str, tuple[Severity, str]] = {
    "change": (
        "fail",
        (
            "A stated change agrees with the figures at both ends (in any document); with one "
            "end missing, it gives that end."
        ),
    ),
    "sum-of-parts": (
        "fail",
        (
            "A total agrees with the sum of its stated parts (USD 237.8 million, of which "
            "228.3 rough and 9.5 polished)."
        ),
    ),
    "difference": (
        "fail",
        (
            "A net figure agrees with the difference it is defined as (net rough imports = "
            "imports − exports)."
        ),
    ),
    "ratio": (
        "fail",
        (
            "A price per unit agrees with value over volume, and changes compose: (1 + value "
            "change) = (1 + volume change) × (1 + price change)."
        ),
    ),
    "periods": (
        "fail",
        (
            "Flow quantities add up over time: January–September − January–July = August + "
            "September; a month fits in its year-to-date total."
        ),
    ),
    "same-period": (
        "fail",
        ("Figures for the same quantity and period, in any documents, agree."),
    ),
}


@dataclass(frozen=True, slots=True)
class Value:
    """What is known of a variable: an interval, and what it rests on."""

    interval: Interval
    unit: str
    # Only ever unioned: a value's few keys as a tuple, much smaller than a frozenset.
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
    # Its key and what it says, for messages: written only when the relation is reported,
    # as most are never reported or are reported once.
    words: Callable[[], tuple[str, str]]
    variables: tuple[Var, ...] = ()  # target and terms, looked up on every wake
    done: bool = False

    def __post_init__(self) -> None:
        self.variables = (self.target, *(v for v, _ in self.terms))


@dataclass
class Solution:
    """The findings of every series rule, computed once per set of facts."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)


def solve(facts: Facts) -> Solution:
    """Solve the figures of ``facts`` once; each series rule reads its share of the findings."""
    cached = facts.__dict__.get("_series")
    if cached is None:
        cached = _Solver(facts).run()
        facts.__dict__["_series"] = cached
    return cached


@functools.lru_cache(maxsize=1 << 12)
def _label(period: Span | None) -> str:
    """A period as messages name it; cached, as every relation of a period names it."""
    return format_period(period.start, period.end) if period else "no stated period"


class _Solver:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.values: dict[Var, Value] = {}
        self.relations: set[tuple[object, ...]] = set()  # each relation's identity
        # var -> the relations it takes part in, until it wakes them. A variable wakes once
        # (when it becomes known), so its list then goes, and with it every relation that
        # no variable still has to wake: memory for the relations still open.
        self.by_var: dict[Var, list[Relation]] = {}
        self.woken: set[Var] = set()
        self.periods: dict[str, _Periods] = {}  # flow quantity -> known periods
        self.sums_by_quantity: dict[str, list[tuple[str, str, str, tuple]]] = {}
        self.ratios_by_quantity: dict[str, list[object]] = {}
        self.queue: deque[Var] = deque()
        self.names: dict[str, str] = {}  # quantity -> its name mid-sentence
        self.spans: dict[Span, Span] = {}  # one object per period, shared by its variables
        self.solution = Solution({rule: [] for rule in SERIES_RULES})

    # -- setting up ---------------------------------------------------------------

    def run(self) -> Solution:
        self._index_relations()
        self._stated()
        self._changes()
        while self.queue:
            var = self.queue.popleft()
            self._wake(var)
        # The relations still open refer back to the solver (their words name quantities
        # through it): let them go now rather than leave a cycle for the collector, which
        # a check run holds off until it ends (see engine).
        self.by_var.clear()
        return self.solution

    def _index_relations(self) -> None:
        seen: set[tuple[object, ...]] = set()
        for sum_info in self.facts.sums:
            # Several documents may state one identity ("of which"): check it once.
            shape = (sum_info.total, frozenset(sum_info.terms))
            if shape in seen:
                continue
            seen.add(shape)
            rule = "difference" if any(sign < 0 for _q, sign in sum_info.terms) else "sum-of-parts"
            entry = (rule, sum_info.key, sum_info.name, sum_info.terms, sum_info.total)
            for quantity in {sum_info.total, *(q for q, _ in sum_info.terms)}:
                self.sums_by_quantity.setdefault(quantity, []).append(entry)  # type: ignore[arg-type]
        for ratio in self.facts.ratios:
            for quantity in (ratio.result, ratio.numerator, ratio.denominator):
                self.ratios_by_quantity.setdefault(quantity, []).append(ratio)

    def _stated(self) -> None:
        """Intersect the figures that state one variable; report when they cannot all hold."""
        groups: dict[Var, list[Fact]] = {}
        for figure in self.facts.figures:
            var = self._var_of(figure)
            if var is not None:
                groups.setdefault(var, []).append(figure)
        for var, figures in groups.items():
            intervals = [self._stated_interval(f) for f in figures]
            interval: Interval | None = intervals[0]
            for other in intervals[1:]:
                interval = interval.intersection(other) if interval else None
            unit = "factor" if var[0] == "factor" else figures[0].unit
            if len(figures) > 1:
                self._same_period(var, figures, intervals, interval, unit)
            if interval is None:
                continue
            self._know(
                var,
                Value(
                    interval,
                    unit,
                    tuple(f.key for f in figures),
                    tuple(f.document for f in figures),
                    " and ".join(_cite_factor(f) if f.is_change else _cite(f) for f in figures),
                    0,
                ),
            )

    def _var_of(self, figure: Fact) -> Var | None:
        if figure.quantity is None:
            return None
        if figure.is_change and figure.period is not None:
            return (
                "factor",
                figure.quantity,
                self._span(figure.period),
                self._span(figure.base_period),
            )
        if figure.is_amount:
            return ("amount", figure.quantity, self._span(figure.period))
        return None

    def _span(self, period: Period | Span | None) -> Span | None:
        """``period`` as the one ``Span`` object that stands for it."""
        if period is None:
            return None
        span = Span(period.start, period.end)
        return self.spans.setdefault(span, span)

    @staticmethod
    def _stated_interval(figure: Fact) -> Interval:
        """A change's factor: "rose 9%" is × [1.085, 1.095]; "more than doubled" × (2, ∞)."""
        if not figure.is_change:
            return figure.interval
        if figure.unit == "factor":
            return figure.interval
        return figure.interval / 100 + 1

    def _changes(self) -> None:
        """Each stated change ties the later period to its base; changes compose in ratios."""
        changes: dict[str, list[Fact]] = {}
        for figure in self.facts.figures:
            if not (figure.is_change and figure.quantity and figure.period and figure.base_period):
                continue
            changes.setdefault(figure.quantity, []).append(figure)
            period, base_period = self._span(figure.period), self._span(figure.base_period)
            later = ("amount", figure.quantity, period)
            base = ("amount", figure.quantity, base_period)
            factor = ("factor", figure.quantity, period, base_period)
            self._relate(
                "change",
                "product",
                later,
                ((base, 1), (factor, 1)),
                lambda figure=figure: (
                    f"{figure.quantity}:{figure.base_period.label()}->{figure.period.label()}",
                    f"{self._name(figure.quantity)}: {_label(figure.period)} "
                    f"against {_label(figure.base_period)}",
                ),
            )
        for ratio in self.facts.ratios:
            for figure in changes.get(ratio.numerator, []):
                spans = (self._span(figure.period), self._span(figure.base_period))
                factor = lambda q, spans=spans: ("factor", q, *spans)  # noqa: E731
                self._relate(
                    "ratio",
                    "product",
                    factor(ratio.numerator),
                    ((factor(ratio.denominator), 1), (factor(ratio.result), 1)),
                    lambda figure=figure, ratio=ratio: (
                        f"{ratio.key}:changes:{figure.period.label()}",
                        f"{ratio.name}: the changes from {_label(figure.base_period)} to "
                        f"{_label(figure.period)} compose",
                    ),
                )

    # -- the work list -----------------------------------------------------------

    def _know(self, var: Var, value: Value) -> None:
        self.values[var] = value
        self.queue.append(var)

    def _relate(
        self,
        rule: str,
        shape: str,
        target: Var,
        terms: tuple[tuple[Var, int], ...],
        words: Callable[[], tuple[str, str]],
    ) -> None:
        """Add a relation unless an identical one holds; ``words`` gives its key and name.

        The same relation is proposed many times (each period wakes its
        neighbours), so its words are written only when it is reported.
        """
        identity = _identity(shape, target, terms)
        if identity in self.relations:
            return
        relation = Relation(rule, shape, target, terms, words)
        self.relations.add(identity)
        for var in relation.variables:
            if var not in self.woken:
                self.by_var.setdefault(var, []).append(relation)
        self._evaluate(relation)

    def _wake(self, var: Var) -> None:
        if var[0] == "amount":
            quantity, period = str(var[1]), var[2]
            self._instantiate(quantity, period)  # type: ignore[arg-type]
        self.woken.add(var)
        for relation in self.by_var.pop(var, []):
            self._evaluate(relation)

    def _instantiate(self, quantity: str, period: Span | None) -> None:
        """The relations that hold in every period, for this quantity's new period."""
        label = period.label() if period else "any"
        for rule, key, name, terms, total in self.sums_by_quantity.get(quantity, []):
            self._relate(
                rule,
                "linear",
                ("amount", total, period),
                tuple((("amount", q, period), s) for q, s in terms),
                lambda key=key, name=name: (f"{key}:{label}", f"{name}, {_label(period)}"),
            )
        for ratio in self.ratios_by_quantity.get(quantity, []):
            self._relate(
                "ratio",
                "product",
                ("amount", ratio.numerator, period),  # type: ignore[attr-defined]
                ((("amount", ratio.result, period), 1), (("amount", ratio.denominator, period), 1)),  # type: ignore[attr-defined]
                lambda ratio=ratio: (f"{ratio.key}:{label}", f"{ratio.name}, {_label(period)}"),  # type: ignore[attr-defined]
            )
        info = self.facts.quantities.get(quantity)
        if period is None or info is None or not info.flow:
            return
        known = self.periods.setdefault(quantity, _Periods())
        stated = self.values[("amount", quantity, period)].depth == 0
        # Only a period that shares its first or its last day with this one can leave a
        # remainder of one piece (see _remainder); in date order, as a scan of all would.
        for other in known.sharing_an_end(period):
            # Splitting derived periods by derived periods says little and never ends.
            if not stated and self.values[("amount", quantity, other)].depth > 0:
                continue
            for whole, part in ((period, other), (other, period)):
                rest = self._span(_remainder(whole, part))
                if rest is not None:
                    self._relate(
                        "periods",
                        "linear",
                        ("amount", quantity, whole),
                        ((("amount", quantity, part), 1), (("amount", quantity, rest), 1)),
                        lambda whole=whole, part=part, rest=rest: (
                            f"{quantity}:{whole.label()}={part.label()}+{rest.label()}",
                            f"{self._name(quantity)}: {_label(whole)} is {_label(part)} and "
                            f"{_label(rest)}",
                        ),
                    )
        known.add(period)

    def _evaluate(self, relation: Relation) -> None:
        if relation.done:
            return
        unknown = [v for v in relation.variables if v not in self.values]
        if not unknown:
            relation.done = True
            self._check(relation)
        elif len(unknown) == 1:
            relation.done = True
            self._derive(relation, unknown[0])

    # -- deriving and checking -----------------------------------------------------

    def _derive(self, relation: Relation, var: Var) -> None:
        """Solve ``relation`` for its one unknown ``var`` and make the result known.

        The derived interval is cut to what ``var`` can be (never negative
        where it is unsigned); if nothing is left, the figures it rests on
        cannot all hold and that is the finding. Otherwise the derivation is
        reported and ``var`` joins the work list, unless it is already
        ``MAX_DEPTH`` derivations away from any stated figure.
        """
        known = {v: self.values[v] for v in relation.variables if v != var}
        depth = 1 + max(v.depth for v in known.values())
        if depth > MAX_DEPTH:
            return
        interval, formula = _solve_for(relation, var, {v: k.interval for v, k in known.items()})
        if interval is None:
            return  # a divisor that may be zero: nothing sound to say
        unit = (
            "factor"
            if var[0] == "factor"
            else next((k.unit for v, k in known.items() if v[0] == "amount"), "")
        )
        figures = frozenset().union(*(k.figures for k in known.values()))
        documents = frozenset().union(*(k.documents for k in known.values()))
        what = self._describe(var)
        words = self._formula_words(relation, var, known)
        key, _name = relation.words()
        floor = self._floor(var)
        allowed = interval.intersection(floor) if floor is not None else interval
        if allowed is None:
            self._emit(
                relation,
                Finding(
                    key,
                    "violation",
                    f"{words} puts {what} at {show(interval, unit)}, which cannot be: it is never "
                    f"negative ({_documents(documents)})",
                    tuple(sorted(figures)),
                    interval,
                    unit,
                ),
            )
            return
        cited = tuple(sorted(figures))  # the finding's and, as a tuple, the value's
        derived = Derived(
            f"{relation.rule}:{key}:{_var_key(var)}",
            what[:1].upper() + what[1:],
            allowed,
            unit,
            formula,
        )
        self._emit(
            relation,
            Finding(
                f"{key}:{_var_key(var)}",
                "info",
                f"{words} puts {what} at {show(allowed, unit)} ({_documents(documents)})",
                cited,
                allowed,
                unit,
                (derived,),
            ),
        )
        self._know(
            var,
            Value(
                allowed,
                unit,
                cited,
                tuple(documents),
                f"{what} (derived: {show(allowed, unit)})",
                depth,
            ),
        )

    def _check(self, relation: Relation) -> None:
        """Check a relation whose variables are all known: can its intervals meet?

        The target as known is compared with what the terms imply for it;
        overlapping intervals pass, disjoint ones are a violation. A divisor
        that may be zero implies nothing, so nothing is reported.
        """
        values = {v: self.values[v] for v in relation.variables}
        target = values[relation.target]
        implied, _formula = _solve_for(
            relation,
            relation.target,
            {v: k.interval for v, k in values.items() if v != relation.target},
        )
        figures = frozenset().union(*(k.figures for k in values.values()))
        documents = frozenset().union(*(k.documents for k in values.values()))
        unit = target.unit
        if implied is None:
            return
        agree = target.interval.overlaps(implied)
        words = self._formula_words(
            relation, relation.target, {v: k for v, k in values.items() if v != relation.target}
        )
        verdict = "agree" if agree else "cannot both hold"
        key, name = relation.words()
        self._emit(
            relation,
            Finding(
                key,
                "pass" if agree else "violation",
                f"{name}: {_stating(target)} and {words} "
                f"({show(implied, unit)}) {verdict} ({_documents(documents)})",
                tuple(sorted(figures)),
                implied,
                unit,
            ),
        )

    def _same_period(
        self,
        var: Var,
        figures: list[Fact],
        intervals: list[Interval],
        common: Interval | None,
        unit: str,
    ) -> None:
        what = self._describe(var)
        documents = frozenset(f.document for f in figures)
        cited = " and ".join(
            f"{_cite(f)} ({show(i, unit)})" for f, i in zip(figures, intervals, strict=True)
        )
        key = f"{_var_key(var)}"
        if common is None:
            message = f"{what}: {cited} cannot all hold ({_documents(documents)})"
            finding = Finding(key, "violation", message, tuple(f.key for f in figures))
        else:
            message = f"{what}: {cited} agree ({_documents(documents)})"
            finding = Finding(key, "pass", message, tuple(f.key for f in figures), common, unit)
        self.solution.findings["same-period"].append(finding)

    def _emit(self, relation: Relation, finding: Finding) -> None:
        self.solution.findings[relation.rule].append(finding)

    # -- words ---------------------------------------------------------------------

    def _name(self, quantity: str) -> str:
        name = self.names.get(quantity)
        if name is None:
            name = mid_sentence(self.facts.quantities[quantity].name, self.facts.proper_words)
            self.names[quantity] = name
        return name

    def _describe(self, var: Var) -> str:
        quantity = str(var[1])
        if var[0] == "factor":
            return (
                f"the change in {self._name(quantity)} from {_label(var[3])} to "  # type: ignore[arg-type]
                f"{_label(var[2])}"
            )  # type: ignore[arg-type]
        return f"{self._name(quantity)} in {_label(var[2])}"  # type: ignore[arg-type]

    def _floor(self, var: Var) -> Interval | None:
        """What a variable can never be below: amounts of unsigned quantities, factors: 0."""
        if var[0] == "factor":
            return Interval(0, math.inf, True, False)
        info = self.facts.quantities.get(str(var[1]))
        if info is not None and not info.signed:
            return Interval(0, math.inf, True, False)
        return None

    def _formula_words(self, relation: Relation, var: Var, known: dict[Var, Value]) -> str:
        """The known side of a relation solved for ``var``, in the words that state it."""
        word = {v: k.words for v, k in known.items()}
        if relation.shape == "linear":
            if var == relation.target:
                parts = [("+" if s > 0 else "−", word[v]) for v, s in relation.terms]
            else:
                sign = dict(relation.terms)[var]
                parts = [("+" if sign > 0 else "−", word[relation.target])]
                parts += [
                    ("−" if s * sign > 0 else "+", word[v]) for v, s in relation.terms if v != var
                ]
            text = " ".join(f"{op} {w}" for op, w in parts)
            return text[2:] if text.startswith("+ ") else text
        left, right = (v for v, _ in relation.terms)
        if var == relation.target:
            return f"{word[left]} × {word[right]}"
        other = right if var == left else left
        return f"{word[relation.target]} ÷ {word[other]}"


class _Periods:
    """The periods known of one flow quantity, found by their first and by their last day."""

    def __init__(self) -> None:
        self.by_start: dict[object, list[Span]] = {}
        self.by_end: dict[object, list[Span]] = {}

    def add(self, period: Span) -> None:
        self.by_start.setdefault(period.start, []).append(period)
        self.by_end.setdefault(period.end, []).append(period)

    def sharing_an_end(self, period: Span) -> list[Span]:
        same = self.by_start.get(period.start, []) + self.by_end.get(period.end, [])
        return sorted(set(same))


def _identity(shape: str, target: Var, terms: tuple[tuple[Var, int], ...]) -> tuple[object, ...]:
    """What makes two relations one: shape, target and terms, a linear relation's in any order.

    Flat, with a linear relation's terms in a fixed order instead of a frozenset:
    every relation ever proposed keeps its identity to the end, and this is
    much smaller.
    """
    if shape == "linear":
        return (shape, target, *itertools.chain.from_iterable(sorted(set(terms), key=_term_order)))
    return (shape, target, *itertools.chain.from_iterable(terms))


def _term_order(term: tuple[Var, int]) -> tuple[object, ...]:
    """A total order of terms: kind, quantity, periods (none first), sign."""
    var, sign = term
    return (var[0], var[1], *(() if p is None else p for p in var[2:]), sign)


def _solve_for(
    relation: Relation, var: Var, known: dict[Var, Interval]
) -> tuple[Interval | None, str]:
    """The interval ``var`` must lie in, given the others; None where division is unsafe."""
    if relation.shape == "linear":
        if var == relation.target:
            total = Interval.point(0)
            for term, sign in relation.terms:
                total = total + (known[term] if sign > 0 else -known[term])
            return total, " + ".join(_var_key(v) for v, _ in relation.terms)
        sign = dict(relation.terms)[var]
        rest = known[relation.target]
        for term, term_sign in relation.terms:
            if term != var:
                rest = rest - (known[term] if term_sign > 0 else -known[term])
        return (rest if sign > 0 else -rest), f"{_var_key(relation.target)} − others"
    left, right = (v for v, _ in relation.terms)
    if var == relation.target:
        return known[left] * known[right], f"{_var_key(left)} × {_var_key(right)}"
    other = right if var == left else left
    divisor = known[other]
    if divisor.contains(0):
        return None, ""
    return known[relation.target] / divisor, f"{_var_key(relation.target)} ÷ {_var_key(other)}"


def _remainder(whole: Span, part: Span) -> Span | None:
    """What is left of ``whole`` without ``part``, when that is one contiguous period."""
    if part == whole or not whole.contains(part):
        return None
    if part.start == whole.start:
        return Span(part.end + _DAY, whole.end)
    if part.end == whole.end:
        return Span(whole.start, part.start - _DAY)
    return None


_DAY = dt.timedelta(days=1)


@functools.lru_cache(maxsize=1 << 16)
def _var_key(var: Var) -> str:
    if var[0] == "factor":
        return f"{var[1]}@{var[2].label()}/{var[3].label()}"  # type: ignore[union-attr]
    return f"{var[1]}@{var[2].label() if var[2] else 'any'}"  # type: ignore[union-attr]


def _stating(value: Value) -> str:
    """A value's words with its interval, unless a derived value's words already carry it."""
    return value.words if value.depth else f"{value.words} ({show(value.interval, value.unit)})"


def _cite(figure: Fact) -> str:
    return f"{figure.cite} ({figure.document})" if figure.document else figure.cite


def _cite_factor(figure: Fact) -> str:
    """A change as the factor it multiplies by: (1 + “9%”), or “more than doubled”."""
    if figure.unit == "factor":
        return _cite(figure)
    sign = "−" if figure.value < 0 else "+"
    return f"(1 {sign} “{figure.written}” in {_cite(figure)})"


def _documents(documents: frozenset[str]) -> str:
    return "from " + ", ".join(sorted(documents)) if documents else "derived"


def series_findings(facts: Facts, rule: str) -> Iterator[Finding]:
    """The findings of one series rule, or one line saying it found nothing to check."""
    found = solve(facts).findings[rule]
    yield from found
    if not found:
        yield Finding("none", "info", NOTHING[rule], ())


NOTHING = {
    "change": "No stated change has a stated or derivable end to compare with.",
    "sum-of-parts": "No total is stated together with its parts.",
    "difference": "No net figure is stated with what it is the difference of.",
    "ratio": "No ratio (a price per unit) is stated with its value and volume.",
    "periods": "No flow quantity is stated for a period and a part of it.",
    "same-period": "No quantity is stated twice for the same period.",
}
