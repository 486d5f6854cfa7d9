"""Figures over time and across documents, solved together.

Every figure that states a size is the value of a variable ``(reading,
period)`` (a reading is a group of ``same_as`` quantities in one dimension,
:mod:`dbtool.checks.readings`); every stated change is the factor between two
periods of one reading; every stated share is the fraction of a whole that a
part is, in one period. Relations tie the variables together, in two shapes:

* linear, ``target = Σ sign × term``: a total and its parts ("of which"), a
  difference ("imports minus exports"), a flow over a period and its two
  sub-periods (January–September = January–July + August–September);
* product, ``target = a × b``: a change (this year = last year × factor), a
  ratio (value = price × volume), a share (part = whole × share), a share of
  a share (ALROSA's share of world rough = its share of Antwerp's × Antwerp's
  share of the world), and the composition of changes (value factor = volume
  factor × price factor).

The solver is a work list: a variable that becomes known wakes the relations
it takes part in, found through indexes (never by pairing figures); a
relation with one unknown variable derives it, one with none checks that its
intervals can meet. Everything is interval arithmetic from
:mod:`dbtool.core.intervals`, so a derived interval holds every value the
stated figures allow, and a check fails only when no values can satisfy it.

A contradiction is not allowed to spread. When the figures stating one
variable cannot all hold (7.3 and 7.6 billion for one year), that is one
``same-period`` failure, and the variable stays *contested*: nothing is
derived into it or through it, and a relation that takes part in it is told,
as information, which of the stated figures it agrees with. A figure that
declares it revises another (``revises``) replaces it: the two are reported
as a revision, not a disagreement.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import math
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from dbtool.checks import Derived, Finding, show
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.readings import Reading, Readings
from dbtool.checks.registry import Severity
from dbtool.core.findingkeys import variable_key
from dbtool.core.intervals import Interval
from dbtool.core.periods import Period
from dbtool.core.periods import label as period_label
from dbtool.core.units import declared_dimension, kind
from dbtool.display import format_period, mid_sentence


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
Var = tuple[object, ...]
MAX_DEPTH = 4  # derivations of derivations; keeps the period algebra finite
# Each rule the solver reports for: its severity and description (see dbtool.checks.registry).
SOLVER_RULES: dict[str, tuple[Severity, str]] = {
    "count-share": (
        "fail",
        "Where a part and its whole are both counted, derive the share and check any stated "
        "share against it.",
    ),
    "implied-quantity": (
        "fail",
        "An amount and the share it is of imply the whole (and vice versa), period by period "
        "and in one dimension; what different claims imply of one quantity must agree.",
    ),
    "chained-share": (
        "fail",
        "A share of a share implies a share of the larger whole, in one period; a stated one "
        "must agree.",
    ),
    "change": (
        "fail",
        "A stated change agrees with the figures at both ends (in any document); with one "
        "end missing, it gives that end.",
    ),
    "sum-of-parts": (
        "fail",
        "A total agrees with the sum of its stated parts (USD 237.8 million, of which 228.3 "
        "rough and 9.5 polished).",
    ),
    "difference": (
        "fail",
        "A net figure agrees with the difference it is defined as (net rough imports = "
        "imports − exports).",
    ),
    "ratio": (
        "fail",
        "A price per unit agrees with value over volume, and changes compose: (1 + value "
        "change) = (1 + volume change) × (1 + price change).",
    ),
    "periods": (
        "fail",
        "Flow quantities add up over time: January–September − January–July = August + "
        "September; a month fits in its year-to-date total.",
    ),
    "same-period": (
        "fail",
        "Figures for the same quantity and period, in any documents, agree; a figure that "
        "declares it revises another is reported as a revision.",
    ),
}


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


def solve(facts: Facts) -> Solution:
    """Solve the figures of ``facts`` once; each rule reads its share of the findings."""
    cached = facts.__dict__.get("_solution")
    if cached is None:
        cached = _Solver(facts).run()
        facts.__dict__["_solution"] = cached
    return cached


@functools.lru_cache(maxsize=1 << 12)
def _label(period: Span | None) -> str:
    """A period as messages name it; cached, as every relation of a period names it."""
    return format_period(period.start, period.end) if period else "no stated period"


def span_of(period: Period | Span | None) -> Span | None:
    return None if period is None else Span(period.start, period.end)


class _Solver:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.readings = Readings(facts)
        self.by_key = {figure.key: figure for figure in facts.figures}
        self.values: dict[Var, Value] = {}
        self.contested: dict[Var, list[Fact]] = {}
        self.assumed: set[Var] = set()  # shares read in a dimension their text leaves open
        self.relations: set[tuple[object, ...]] = set()  # each relation's identity
        # var -> the relations it takes part in, until it wakes them (a variable wakes once).
        self.by_var: dict[Var, list[Relation]] = {}
        self.woken: set[Var] = set()
        self.queue: deque[Var] = deque()
        self.periods: dict[Reading, _Periods] = {}  # flow reading -> its known periods
        self.sums: dict[str, list[tuple[str, tuple[tuple[str, int], ...], str]]] = {}
        self.ratios: dict[str, list[object]] = {}
        self.pairs: dict[str, set[tuple[str, str]]] = {}  # root -> (part, whole) it is in
        self.shares: dict[tuple[object, ...], set[Var]] = {}  # (end, root, dim, span) -> shares
        # A price never adds up over time, whatever its quantity says.
        self.flows = {
            self.readings.root(k)
            for k, q in facts.quantities.items()
            if q.flow and (declared_dimension(q.unit) or "").split(":")[0] != "price"
        }
        self.signed = {self.readings.root(k) for k, q in facts.quantities.items() if q.signed}
        self.spans: dict[Span, Span] = {}
        self.names: dict[str, str] = {}
        self.solution = Solution({rule: [] for rule in SOLVER_RULES}, self.values)
        self.solution.contested, self.solution.readings = self.contested, self.readings
        self.solution.assumed = self.assumed

    # -- setting up ---------------------------------------------------------------

    def run(self) -> Solution:
        self._index()
        self._stated()
        self._changes()
        while self.queue:
            self._wake(self.queue.popleft())
        # The relations still open refer back to the solver (their words name quantities
        # through it): let them go now rather than leave a cycle for the collector.
        self.by_var.clear()
        return self.solution

    def _index(self) -> None:
        """Sums, ratios and part–whole pairs by the roots of the quantities they touch."""
        root = self.readings.root
        seen: set[object] = set()
        for sum_info in self.facts.sums:
            terms = tuple(sorted((root(q), sign) for q, sign in sum_info.terms))
            shape = (root(sum_info.total), terms)
            if shape in seen:  # several documents may state one identity: check it once
                continue
            seen.add(shape)
            rule = "difference" if any(sign < 0 for _q, sign in terms) else "sum-of-parts"
            entry = (rule, terms, root(sum_info.total))
            for quantity in {root(sum_info.total), *(q for q, _ in terms)}:
                self.sums.setdefault(quantity, []).append(entry)
        for ratio in self.facts.ratios:
            for quantity in (ratio.result, ratio.numerator, ratio.denominator):
                self.ratios.setdefault(root(quantity), []).append(ratio)
        pairs = {(k.part, k.whole) for k in self.facts.links if k.relation == "part_of"}
        pairs |= {(part, p.whole) for p in self.facts.partitions for part in p.parts}
        pairs |= {(f.quantity, f.whole) for f in self.facts.figures if f.is_share and f.quantity}
        for part, whole in pairs:
            pair = (root(part), root(whole))
            if pair[0] != pair[1]:
                self.pairs.setdefault(pair[0], set()).add(pair)
                self.pairs.setdefault(pair[1], set()).add(pair)
        self.stated_pairs = {
            (root(f.quantity), root(f.whole))
            for f in self.facts.figures
            if f.is_share and f.quantity and f.whole
        }

    def _vars_of(self, figure: Fact) -> list[Var]:
        """The variables a figure states (none for a rank, a year, a figure of nothing); a
        share of unspecified measure of a value-and-volume whole states one per reading,
        each marked assumed."""
        if figure.quantity is None:
            return []
        readings = self.readings
        if figure.is_change:
            reading = readings.resolve(figure.quantity, figure.measure)
            if reading is None or figure.period is None:
                return []
            span, base = self._span(figure.period), self._span(figure.base_period)
            return [("factor", reading, span, base)]
        if figure.is_share and figure.whole is not None:
            part, whole = readings.root(figure.quantity), readings.root(figure.whole)
            if part == whole:
                return []
            dimensions, assumed = readings.share_dimensions(
                figure.quantity, figure.whole, figure.measure
            )
            found = [("share", part, whole, d, self._span(figure.period)) for d in dimensions]
            if assumed:
                self.assumed.update(found)
            return found
        reading = readings.of_size(figure)
        return [] if reading is None else [("amount", reading, self._span(figure.period))]

    def _span(self, period: Period | Span | None) -> Span | None:
        """``period`` as the one ``Span`` object that stands for it."""
        if period is None:
            return None
        span = Span(period.start, period.end)
        return self.spans.setdefault(span, span)

    @staticmethod
    def _stated_interval(figure: Fact) -> Interval:
        """A change's factor ("rose 9%" is × [1.085, 1.095]); a share's fraction of its whole."""
        if figure.is_change:
            return figure.interval if figure.unit == "factor" else figure.interval / 100 + 1
        if figure.is_share:
            clipped = figure.interval.clip(0, 100)
            return (clipped or figure.interval) / 100
        return figure.interval

    def _stated(self) -> None:
        """Intersect the figures that state one variable; report when they cannot all hold."""
        groups: dict[Var, list[Fact]] = {}
        for figure in self.facts.figures:
            for var in self._vars_of(figure):
                groups.setdefault(var, []).append(figure)
        for var, figures in groups.items():
            figures = self._revised(var, figures)
            intervals = [self._stated_interval(f) for f in figures]
            common: Interval | None = intervals[0]
            for other in intervals[1:]:
                common = common.intersection(other) if common else None
            unit = _unit_of(var, figures[0])
            if len(figures) > 1:
                self._same_period(var, figures, intervals, common, unit)
            if common is None:
                self.contested[var] = figures
                continue
            words = " and ".join(_cite_stated(f) for f in figures)
            keys = tuple(f.key for f in figures)
            self._know(var, Value(common, unit, keys, tuple(f.document for f in figures), words, 0))

    def _revised(self, var: Var, figures: list[Fact]) -> list[Fact]:
        """``figures`` without those another one of them declares it revises; each revision
        reported, as information, with both figures quoted."""
        replaced = {f.revises: f for f in figures if f.revises}
        kept = [f for f in figures if f.key not in replaced]
        for old in (f for f in figures if f.key in replaced):
            new = replaced[old.key]
            self._emit_same_period(
                Finding(
                    _key("same-period", [var], [old.document, new.document], "revision"),
                    "info",
                    f"{self._describe(var)}: {_cite(new)} revises {_cite(old)}",
                    (old.key, new.key),
                    *_as_reported(self._stated_interval(new), _unit_of(var, new)),
                )
            )
        return kept or figures

    def _changes(self) -> None:
        """Each stated change ties the later period to its base; changes compose in ratios."""
        changes: dict[str, list[tuple[Fact, Var]]] = {}
        for figure in self.facts.figures:
            found = self._vars_of(figure) if figure.is_change else []
            if not found:
                continue
            var = found[0]
            _, reading, span, base = var
            assert isinstance(reading, Reading)
            changes.setdefault(reading.root, []).append((figure, var))
            later, earlier = ("amount", reading, span), ("amount", reading, base)
            self._relate(
                "change",
                "product",
                later,
                ((earlier, 1), (var, 1)),
                lambda reading=reading, span=span, base=base: (
                    f"{self._name(reading)}: {_label(span)} against {_label(base)}"  # type: ignore[arg-type]
                ),
            )
        for ratio in self.facts.ratios:
            dimensions = self._ratio_readings(ratio)
            if dimensions is None:
                continue
            numerator, denominator, result = dimensions
            for _figure, var in changes.get(numerator.root, []):
                span, base = var[2], var[3]
                self._relate(
                    "ratio",
                    "product",
                    ("factor", numerator, span, base),
                    ((("factor", denominator, span, base), 1), (("factor", result, span, base), 1)),
                    lambda ratio=ratio, span=span, base=base: (
                        f"{ratio.name}: the changes from {_label(base)} to {_label(span)} "  # type: ignore[attr-defined]
                        "compose"
                    ),
                )

    def _ratio_readings(self, ratio: object) -> tuple[Reading, Reading, Reading] | None:
        """The readings of a ratio's numerator, denominator and result: each quantity's one
        size dimension (a value, a volume, a price), or None when one has several."""
        found = []
        for name, kinds in (
            ("numerator", ("money", "count")),
            ("denominator", ("volume", "count")),
            ("result", ("price",)),
        ):
            quantity = getattr(ratio, name)
            dimensions = [
                d for d in self.readings.dimensions(quantity) if kind(d) in kinds
            ] or list(self.readings.dimensions(quantity))
            if len(dimensions) != 1:
                return None
            reading = self.readings.reading(quantity, dimensions[0])
            if reading is None:
                return None
            found.append(reading)
        return found[0], found[1], found[2]

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
        words: Callable[[], str],
    ) -> None:
        """Add a relation unless an identical one holds; ``words`` names it for messages."""
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
            self._instantiate(var[1], var[2])  # type: ignore[arg-type]
        elif var[0] == "share":
            self._chain(var)
        self.woken.add(var)
        for relation in self.by_var.pop(var, []):
            self._evaluate(relation)

    def _instantiate(self, reading: Reading, span: Span | None) -> None:
        """The relations that hold in every period, for this reading's new period."""
        self._sums(reading, span)
        self._ratios(reading, span)
        self._shares(reading, span)
        if span is not None and reading.root in self.flows:
            self._periods(reading, span)

    def _sums(self, reading: Reading, span: Span | None) -> None:
        for rule, terms, total in self.sums.get(reading.root, []):
            target = self.readings.reading(total, reading.dimension)
            readings = [self.readings.reading(q, reading.dimension) for q, _ in terms]
            if target is None or any(r is None for r in readings):
                continue
            self._relate(
                rule,
                "linear",
                ("amount", target, span),
                tuple(
                    (("amount", r, span), sign)
                    for r, (_q, sign) in zip(readings, terms, strict=True)
                ),
                lambda target=target: f"{self._name(target)}, by part, {_label(span)}",
            )

    def _ratios(self, reading: Reading, span: Span | None) -> None:
        for ratio in self.ratios.get(reading.root, []):
            found = self._ratio_readings(ratio)
            if found is None or reading not in found:
                continue
            numerator, denominator, result = found
            self._relate(
                "ratio",
                "product",
                ("amount", numerator, span),
                ((("amount", result, span), 1), (("amount", denominator, span), 1)),
                lambda ratio=ratio: f"{ratio.name}, {_label(span)}",  # type: ignore[attr-defined]
            )

    def _shares(self, reading: Reading, span: Span | None) -> None:
        """part = whole × share, for each part–whole pair this reading is an end of, where a
        share is stated for the pair or both ends are counted."""
        dimension = reading.dimension
        for part_root, whole_root in self.pairs.get(reading.root, ()):
            counted = kind(dimension) == "count"
            if not counted and (part_root, whole_root) not in self.stated_pairs:
                continue
            self._share_relation(part_root, whole_root, dimension, span)

    def _share_relation(
        self, part_root: str, whole_root: str, dimension: str, span: Span | None
    ) -> None:
        """part = whole × share in one period; a share stated with no period stands for every
        period it has no stated value of its own in."""
        part = self.readings.reading(part_root, dimension)
        whole = self.readings.reading(whole_root, dimension)
        if part is None or whole is None:
            return
        share: Var = ("share", part_root, whole_root, dimension, span)
        timeless: Var = ("share", part_root, whole_root, dimension, None)
        if share not in self.values and share not in self.contested and timeless in self.values:
            share = timeless
        rule = "count-share" if kind(dimension) == "count" else "implied-quantity"
        self._relate(
            rule,
            "product",
            ("amount", part, span),
            ((("amount", whole, span), 1), (share, 1)),
            lambda: f"{self._name(part)} within {self._name(whole)}, {_label(span)}",
        )

    def _chain(self, share: Var) -> None:
        """A share of a share: (a in b) × (b in c) = (a in c), within one dimension, in one
        period (a share with no period joins any)."""
        _, part, whole, dimension, span = share
        self.shares.setdefault(("part", part, dimension), set()).add(share)
        self.shares.setdefault(("whole", whole, dimension), set()).add(share)
        self._share_relation(part, whole, dimension, span)  # type: ignore[arg-type]
        for outer in sorted(self.shares.get(("part", whole, dimension), ()), key=_var_key):
            top, at = outer[2], _joint(span, outer[4])
            if top != part and at is not False:
                self._chain_relation(share, outer, ("share", part, top, dimension, at))
        for inner in sorted(self.shares.get(("whole", part, dimension), ()), key=_var_key):
            bottom, at = inner[1], _joint(span, inner[4])
            if bottom != whole and at is not False:
                self._chain_relation(inner, share, ("share", bottom, whole, dimension, at))

    def _chain_relation(self, inner: Var, outer: Var, target: Var) -> None:
        self._relate(
            "chained-share",
            "product",
            target,
            ((inner, 1), (outer, 1)),
            lambda: f"{self._describe(target)}, as a share of a share",
        )

    def _periods(self, reading: Reading, span: Span) -> None:
        known = self.periods.setdefault(reading, _Periods())
        stated = self.values[("amount", reading, span)].depth == 0
        # Only a period that shares its first or its last day with this one can leave a
        # remainder of one piece (see _remainder); in date order, as a scan of all would.
        for other in known.sharing_an_end(span):
            # Splitting derived periods by derived periods says little and never ends.
            other_value = self.values.get(("amount", reading, other))
            if not stated and (other_value is None or other_value.depth > 0):
                continue
            for whole, part in ((span, other), (other, span)):
                rest = self._span(_remainder(whole, part))
                if rest is not None:
                    self._relate(
                        "periods",
                        "linear",
                        ("amount", reading, whole),
                        ((("amount", reading, part), 1), (("amount", reading, rest), 1)),
                        lambda whole=whole, part=part, rest=rest: (
                            f"{self._name(reading)}: {_label(whole)} is {_label(part)} and "
                            f"{_label(rest)}"
                        ),
                    )
        known.add(span)

    def _evaluate(self, relation: Relation) -> None:
        if relation.done:
            return
        contested = [v for v in relation.variables if v in self.contested]
        unknown = [
            v for v in relation.variables if v not in self.values and v not in self.contested
        ]
        if contested:
            if not unknown and len(contested) == 1:
                relation.done = True
                self._check_readings(relation, contested[0])
            return  # nothing is derived into or through a contradiction
        if not unknown:
            relation.done = True
            self._check(relation)
        elif len(unknown) == 1:
            relation.done = True
            self._derive(relation, unknown[0])

    # -- deriving and checking -----------------------------------------------------

    def _derive(self, relation: Relation, var: Var) -> None:
        """Give ``var`` the interval the relation's other, known variables allow."""
        known = {v: self.values[v] for v in relation.variables if v != var}
        depth = 1 + max(v.depth for v in known.values())
        if depth > MAX_DEPTH:
            return
        interval, formula = _solve_for(relation, var, {v: k.interval for v, k in known.items()})
        if interval is None:
            return  # a divisor that may be zero: nothing sound to say
        unit = self._unit_for(var, known)
        figures = frozenset().union(*(k.figures for k in known.values()))
        documents = frozenset().union(*(k.documents for k in known.values()))
        what = self._describe(var)
        words = self._formula_words(relation, var, known)
        floor = self._floor(var)
        allowed = interval.intersection(floor) if floor is not None else interval
        cited = tuple(sorted(figures))
        if allowed is None:
            self._emit(
                relation,
                Finding(
                    _key(relation.rule, relation.variables, documents),
                    "violation",
                    f"{words} puts {what} at {show(interval, unit)}, which cannot be: it is "
                    f"never {'negative' if var[0] != 'share' else 'outside 0–100 %'} "
                    f"({_documents(documents)})",
                    cited,
                    interval,
                    unit,
                ),
            )
            return
        assumed = [v for v in known if v in self.assumed]
        note = ""
        if assumed:
            self.assumed.add(var)
            by = _BY.get(kind(str(assumed[0][3])), "") if assumed[0][0] == "share" else ""
            note = (
                f"; it reads a share of unspecified measure by {by}, an assumption"
                if by
                else "; it rests on a share read in a dimension its text leaves open"
            )
        shown, shown_unit = _as_reported(allowed, unit)
        derived = Derived(
            f"{relation.rule}:{_var_key(var)}#{_digest(documents)}",
            what[:1].upper() + what[1:],
            shown,
            shown_unit,
            formula,
        )
        self._emit(
            relation,
            Finding(
                _key(relation.rule, (var,), documents, "derived"),
                "info",
                f"{words} puts {what} at {show(allowed, unit)} ({_documents(documents)}){note}",
                cited,
                shown,
                shown_unit,
                (derived,),
            ),
        )
        sources = ", ".join(self._cite_key(k) for k in cited[:3])
        sources += ", …" if len(cited) > 3 else ""
        self._know(
            var,
            Value(
                allowed,
                unit,
                cited,
                tuple(documents),
                f"{what} (derived from {sources}: {show(allowed, unit)})",
                depth,
            ),
        )

    def _check(self, relation: Relation) -> None:
        """Whether the relation's known intervals can meet; a change says what the levels give."""
        values = {v: self.values[v] for v in relation.variables}
        claim = self._claim_of(relation, values)
        target = values[claim]
        others = {v: k.interval for v, k in values.items() if v != claim}
        implied, _formula = _solve_for(relation, claim, others)
        if implied is None and claim != relation.target:
            claim, target = relation.target, values[relation.target]
            others = {v: k.interval for v, k in values.items() if v != claim}
            implied, _formula = _solve_for(relation, claim, others)
        if implied is None:
            return
        figures = frozenset().union(*(k.figures for k in values.values()))
        documents = frozenset().union(*(k.documents for k in values.values()))
        agree = target.interval.overlaps(implied)
        words = self._formula_words(
            relation, claim, {v: k for v, k in values.items() if v != claim}
        )
        verdict = "agree" if agree else "cannot both hold"
        message = (
            f"{relation.words()}: {_stating(target)} and {words} "
            f"({show(implied, target.unit)}) {verdict} ({_documents(documents)})"
        )
        if relation.rule == "change" and not agree:
            message += self._what_the_levels_give(relation, values)
        outcome = "pass" if agree else "violation"
        if not agree and any(v in self.assumed for v in relation.variables):
            # A share whose text leaves value or volume open, read as one of them: no
            # failure on a guess; the other reading may hold.
            outcome = "info"
            message += "; this reading of a share of unspecified measure is an assumption"
        shown, shown_unit = _as_reported(implied, target.unit)
        self._emit(
            relation,
            Finding(
                _key(relation.rule, relation.variables, documents),
                outcome,
                message,
                tuple(sorted(figures)),
                shown,
                shown_unit,
            ),
        )

    @staticmethod
    def _claim_of(relation: Relation, values: dict[Var, Value]) -> Var:
        """The variable a check is told in terms of: a stated share (21 of 55 against
        "38%"), else the relation's target (the total a sum adds up to, the later level
        a change reaches)."""
        if relation.rule in ("count-share", "implied-quantity", "chained-share"):
            shares = [v for v, _ in relation.terms if v[0] == "share" and values[v].depth == 0]
            if relation.target[0] == "share" and values[relation.target].depth == 0:
                return relation.target
            if shares:
                return shares[0]
        return relation.target

    def _what_the_levels_give(self, relation: Relation, values: dict[Var, Value]) -> str:
        """A failed change in the claim's own terms: "; the levels give +7.2 % to +7.9 %,
        the text says +9 %"."""
        (base, _), (factor, _) = relation.terms
        if values[factor].depth or base not in values:
            return ""
        if values[base].interval.contains(0):
            return ""
        given = (values[relation.target].interval / values[base].interval - 1) * 100
        stated = (values[factor].interval - 1) * 100
        return (
            f"; the levels give {_signed_percent(given)}, the text says {_signed_percent(stated)}"
        )

    def _check_readings(self, relation: Relation, contested: Var) -> None:
        """A relation through a contested variable: which of its stated figures the rest of
        the relation agrees with, as information, never a failure."""
        others = {v: self.values[v] for v in relation.variables if v != contested}
        implied, _ = _solve_for(relation, contested, {v: k.interval for v, k in others.items()})
        if implied is None:
            return
        figures = self.contested[contested]
        fits = [f for f in figures if self._stated_interval(f).overlaps(implied)]
        misses = [f for f in figures if f not in fits]
        documents = frozenset().union(*(k.documents for k in others.values()))
        words = self._formula_words(relation, contested, others)
        parts = []
        if fits:
            parts.append(f"agrees with {' and '.join(_cite(f) for f in fits)}")
        if misses:
            parts.append(f"not with {' and '.join(_cite(f) for f in misses)}")
        figure_keys = frozenset().union(*(k.figures for k in others.values()))
        self._emit(
            relation,
            Finding(
                _key(relation.rule, relation.variables, documents | {f.document for f in figures}),
                "info",
                f"{relation.words()}: {words} ({show(implied, _unit_of(contested, figures[0]))}) "
                f"{', '.join(parts)}; {self._describe(contested)} is contested (same-period)",
                tuple(sorted(figure_keys | {f.key for f in figures})),
                *_as_reported(implied, _unit_of(contested, figures[0])),
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
        key = _key("same-period", (var,), documents)
        if common is None:
            # The figures that disagree with another: a minimal set, by Helly's theorem a
            # pair in one dimension (pairwise-overlapping intervals share a point).
            clashing = {
                figure.key
                for (figure, interval), (other, other_interval) in itertools.combinations(
                    zip(figures, intervals, strict=True), 2
                )
                if not interval.overlaps(other_interval)
                for figure in (figure, other)
            }
            message = f"{what}: {cited} cannot all hold ({_documents(documents)})"
            finding = Finding(key, "violation", message, tuple(sorted(clashing)))
        else:
            message = f"{what}: {cited} agree ({_documents(documents)})"
            keys = tuple(f.key for f in figures)
            finding = Finding(key, "pass", message, keys, *_as_reported(common, unit))
        self._emit_same_period(finding)

    def _emit_same_period(self, finding: Finding) -> None:
        self.solution.findings["same-period"].append(finding)

    def _emit(self, relation: Relation, finding: Finding) -> None:
        self.solution.findings[relation.rule].append(finding)

    # -- words ---------------------------------------------------------------------

    def _name(self, reading: Reading) -> str:
        """A reading's name mid-sentence: its root quantity's, "by value" when it has two."""
        name = self.names.get(reading.root)
        if name is None:
            info = self.facts.quantities.get(reading.root)
            base = info.name if info is not None else reading.root
            name = mid_sentence(base, self.facts.proper_words)
            self.names[reading.root] = name
        by = _BY.get(kind(reading.dimension), kind(reading.dimension))
        if self.readings.several(reading.root) and by not in name.lower():
            return f"{name}, by {by}"
        return name

    def _describe(self, var: Var) -> str:
        if var[0] == "factor":
            return (
                f"the change in {self._name(var[1])} from {_label(var[3])} to "  # type: ignore[arg-type]
                f"{_label(var[2])}"  # type: ignore[arg-type]
            )
        if var[0] == "share":
            part = self._root_name(str(var[1]))
            whole = self._root_name(str(var[2]))
            return f"the share of {whole} that is {part} in {_label(var[4])}"  # type: ignore[arg-type]
        return f"{self._name(var[1])} in {_label(var[2])}"  # type: ignore[arg-type]

    def _root_name(self, root: str) -> str:
        info = self.facts.quantities.get(root)
        return mid_sentence(info.name if info else root, self.facts.proper_words)

    def _cite_key(self, key: str) -> str:
        figure = self.by_key.get(key)
        return f"“{figure.written}”" if figure is not None else key

    def _unit_for(self, var: Var, known: dict[Var, Value]) -> str:
        if var[0] == "factor":
            return "factor"
        if var[0] == "share":
            return "fraction"
        # An amount's unit: a known amount of the same reading's dimension, else any amount.
        same = [k.unit for v, k in known.items() if v[0] == "amount" and v[1] == var[1]]
        if same:
            return same[0]
        dimension = var[1].dimension  # type: ignore[attr-defined]
        return _UNITS_OF.get(
            dimension, next((k.unit for v, k in known.items() if v[0] == "amount"), "")
        )

    def _floor(self, var: Var) -> Interval | None:
        """What a variable can never be outside: amounts of unsigned quantities and factors
        are never negative, a share lies in 0–100 %."""
        if var[0] == "factor":
            return Interval(0, math.inf, True, False)
        if var[0] == "share":
            return Interval(0, 1, True, True)
        reading = var[1]
        assert isinstance(reading, Reading)
        if reading.root in self.signed:  # a group with a signed (net) quantity in it
            return None
        return Interval(0, math.inf, True, False)

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


_BY = {"money": "value", "volume": "volume", "price": "price", "count": "count"}
_UNITS_OF = {"volume:carat": "carat", "volume:tonne": "tonne", "count": "count"}


class _Periods:
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


def _identity(shape: str, target: Var, terms: tuple[tuple[Var, int], ...]) -> tuple[object, ...]:
    """What makes two relations one: shape, target and terms, a linear relation's in any order.

    Flat, with a linear relation's terms in a fixed order instead of a frozenset:
    every relation ever proposed keeps its identity to the end, at a third of the size.
    """
    if shape == "linear":
        return (shape, target, *itertools.chain.from_iterable(sorted(set(terms), key=_term_order)))
    return (shape, target, *itertools.chain.from_iterable(terms))


def _term_order(term: tuple[Var, int]) -> str:
    """A total order of terms: by their variable's key, then sign."""
    var, sign = term
    return f"{_var_key(var)}:{sign}"


def _solve_for(
    relation: Relation, var: Var, known: dict[Var, Interval]
) -> tuple[Interval | None, str]:
    """The interval ``var`` must lie in, given the others; None where division is unsafe."""
    if relation.shape == "linear":
        if var == relation.target:
            total = Interval.point(0)
            for term, sign in relation.terms:
                total = total + (known[term] if sign > 0 else -known[term])
            return total, " + ".join(_var_key(term) for term, _ in relation.terms)
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


def _joint(first: object, second: object) -> object:
    """The period two shares combine in: the same, or the dated one where one has none;
    False when they are of different periods."""
    if first is None:
        return second
    if second is None or first == second:
        return first
    return False


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
    """A variable's stable name (:mod:`dbtool.core.findingkeys`): its group's root key,
    dimension and periods."""
    if var[0] == "share":
        _, part, whole, dimension, span = var
        return variable_key(str(part), str(dimension), _period_text(span), whole=str(whole))
    reading = var[1]
    assert isinstance(reading, Reading)
    base = _period_text(var[3]) if var[0] == "factor" else None
    return variable_key(reading.root, reading.dimension, _period_text(var[2]), base)


def _period_text(span: object) -> str | None:
    return span.label() if isinstance(span, Span) else None


def _digest(documents: frozenset[str] | tuple[str, ...] | set[str]) -> str:
    """Six hex digits standing for a set of documents, whatever their order."""
    return hashlib.sha1("\n".join(sorted(documents)).encode()).hexdigest()[:6]


def _key(
    rule: str, variables: tuple[Var, ...] | list[Var], documents: object, tag: str = ""
) -> str:
    """A finding's key from what it checks: the rule, the variables (groups, dimensions,
    periods) and the documents; never from the order anything was declared in."""
    names = "+".join(sorted(_var_key(v) for v in variables))
    suffix = f":{tag}" if tag else ""
    return f"{names}{suffix}#{_digest(frozenset(documents))}"  # type: ignore[arg-type]


def _as_reported(interval: Interval, unit: str) -> tuple[Interval, str]:
    """A finding's interval as reports show it: a share, held as a fraction, in percent."""
    if unit == "fraction":
        return interval * 100, "percent"
    return interval, unit


def _unit_of(var: Var, figure: Fact) -> str:
    if var[0] == "factor":
        return "factor"
    if var[0] == "share":
        return "fraction"
    return figure.unit


def _stating(value: Value) -> str:
    """A value's words with its interval, unless a derived value's words already carry it."""
    return value.words if value.depth else f"{value.words} ({show(value.interval, value.unit)})"


def _cite(figure: Fact) -> str:
    return f"{figure.cite} ({figure.document})" if figure.document else figure.cite


def _cite_stated(figure: Fact) -> str:
    """A stated figure as a relation's words cite it: a change as the factor it multiplies
    by, (1 + “9%”), or “more than doubled”; a share as itself."""
    if not figure.is_change or figure.unit == "factor":
        return _cite(figure)
    sign = "−" if figure.value < 0 else "+"
    return f"(1 {sign} “{figure.written}” in {_cite(figure)})"


def _signed_percent(factor_change: Interval) -> str:
    """A change in percent, signed: "+7.2 % to +7.9 %", "−3.1 %"."""

    def signed(value: float) -> str:
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        return f"{'+' if value >= 0 else '−'}{abs(value):.3g} %"

    low, high = factor_change.low, factor_change.high
    if abs(high - low) < 1e-9 * max(1.0, abs(low)):
        return signed(low)
    return f"{signed(low)} to {signed(high)}"


def _documents(documents: frozenset[str]) -> str:
    return "from " + ", ".join(sorted(documents)) if documents else "derived"


def solver_findings(facts: Facts, rule: str) -> Iterator[Finding]:
    """The findings of one solver rule, or one line saying it found nothing to check."""
    found = solve(facts).findings[rule]
    yield from found
    if not found:
        yield Finding("none", "info", NOTHING[rule], ())


NOTHING = {
    "count-share": "No part and whole are both counted; no share to derive.",
    "implied-quantity": "No amount and share combine to imply another quantity.",
    "chained-share": "No share is stated of a whole that is itself a share.",
    "change": "No stated change has a stated or derivable end to compare with.",
    "sum-of-parts": "No total is stated together with its parts.",
    "difference": "No net figure is stated with what it is the difference of.",
    "ratio": "No ratio (a price per unit) is stated with its value and volume.",
    "periods": "No flow quantity is stated for a period and a part of it.",
    "same-period": "No quantity is stated twice for the same period.",
}
