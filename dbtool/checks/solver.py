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

import math
from collections import deque
from collections.abc import Callable, Iterator

from dbtool.checks import Finding
from dbtool.checks.citing import (
    Words,
    as_reported,
    cite,
    cite_statements,
    unit_of,
)
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.judging import (
    check_relation,
    contested_relation,
    derive,
    same_period,
    stated_interval,
)
from dbtool.checks.pointchanges import (
    POINTS_RANGE,
    point_relations,
    point_variables,
    share_pair,
    states_points,
)
from dbtool.checks.readings import Reading, Readings
from dbtool.checks.solverrules import NOTHING, SOLVER_RULES
from dbtool.checks.variables import (
    PeriodIndex,
    Relation,
    Solution,
    Span,
    Value,
    Var,
    finding_key,
    identity,
    joint,
    natural,
    period_words,
    remainder,
    var_key,
)
from dbtool.core.intervals import Interval
from dbtool.core.periods import Period
from dbtool.core.units import declared_dimension, kind

NOT_NEGATIVE = Interval(0, math.inf, True, False)
FRACTION = Interval(0, 1, True, True)
NO_PERIODS = PeriodIndex()  # of a reading with no stated period: never added to


def solve(facts: Facts) -> Solution:
    """Solve the figures of ``facts`` once; each rule reads its share of the findings."""
    cached = facts.__dict__.get("_solution")
    if cached is None:
        cached = _Solver(facts).run()
        facts.__dict__["_solution"] = cached
    return cached


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
        self.periods: dict[Reading, PeriodIndex] = {}  # flow reading -> its known periods
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
        # reading -> the periods stated of it (and not contested): see _periods
        self.stated_periods: dict[Reading, PeriodIndex] = {}
        self.words = Words(facts, self.readings, self.by_key)
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
        # A change in points relates the shares of its part in its whole, as a share does.
        stated_pairs = {pair for f in self.facts.figures if (pair := share_pair(f))}
        pairs |= stated_pairs
        for part, whole in pairs:
            pair = (root(part), root(whole))
            if pair[0] != pair[1]:
                self.pairs.setdefault(pair[0], set()).add(pair)
                self.pairs.setdefault(pair[1], set()).add(pair)
        self.stated_pairs = {(root(part), root(whole)) for part, whole in stated_pairs}

    def _vars_of(self, figure: Fact) -> list[Var]:
        """The variables a figure states (none for a rank, a year, a figure of nothing); a
        share of unspecified measure of a value-and-volume whole states one per reading,
        each marked assumed."""
        if figure.quantity is None:
            return []
        readings = self.readings
        if states_points(figure):
            found, assumed = point_variables(figure, readings, self._span)
            if assumed:
                self.assumed.update(found)
            return found
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

    def _stated(self) -> None:
        """Intersect the figures that state one variable; report when they cannot all hold."""
        groups: dict[Var, list[Fact]] = {}
        for figure in self.facts.figures:
            for var in self._vars_of(figure):
                groups.setdefault(var, []).append(figure)
        for var, figures in groups.items():
            figures = self._revised(var, figures)
            intervals = [stated_interval(f) for f in figures]
            common: Interval | None = intervals[0]
            for other in intervals[1:]:
                common = common.intersection(other) if common else None
            unit = unit_of(var, figures[0])
            if len(figures) > 1:
                self._emit_same_period(
                    same_period(self.words, var, figures, intervals, common, unit)
                )
            if common is None:
                self.contested[var] = figures
                continue
            if var[0] == "amount" and var[2] is not None:
                self.stated_periods.setdefault(var[1], PeriodIndex()).add(var[2])  # type: ignore[arg-type]
            words = cite_statements(figures)
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
                    finding_key("same-period", [var], [old.document, new.document], "revision"),
                    "info",
                    f"{self.words.describe(var)}: {cite(new)} revises {cite(old)}",
                    (old.key, new.key),
                    *as_reported(stated_interval(new), unit_of(var, new)),
                )
            )
        return kept or figures

    def _changes(self) -> None:
        """Each stated change ties the later period to its base; changes compose in ratios."""
        changes: dict[str, list[tuple[Fact, Var]]] = {}
        for figure in self.facts.figures:
            found = self._vars_of(figure) if figure.is_change else []
            if states_points(figure):
                self._point_changes(found)
                continue
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
                    f"{self.words.name(reading)}: {period_words(span)} against {period_words(base)}"  # type: ignore[arg-type]
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
                        f"{ratio.name}: the changes from {period_words(base)} "  # type: ignore[attr-defined]
                        f"to {period_words(span)} compose"
                    ),
                )

    def _point_changes(self, found: list[Var]) -> None:
        """A change of a share in points: the later share is the base share plus the points
        (:mod:`dbtool.checks.pointchanges`)."""
        for points in found:
            for target, terms in point_relations(points):
                self._relate(
                    "change",
                    "linear",
                    target,
                    terms,
                    lambda points=points: self.words.describe(points),
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
        same = identity(shape, target, terms)
        if same in self.relations:
            return
        relation = Relation(rule, shape, target, terms, words)
        self.relations.add(same)
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
                lambda target=target: f"{self.words.name(target)}, by part, {period_words(span)}",
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
                lambda ratio=ratio: f"{ratio.name}, {period_words(span)}",  # type: ignore[attr-defined]
            )

    def _shares(self, reading: Reading, span: Span | None) -> None:
        """part = whole × share, for each part–whole pair this reading is an end of, where a
        share is stated for the pair or both ends are counted."""
        dimension = reading.dimension
        # sorted: a set of strings iterates in a per-process hash order, and the findings'
        # order (their stored positions) must not depend on it
        for part_root, whole_root in sorted(self.pairs.get(reading.root, ())):
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
            lambda: (
                f"{self.words.name(part)} within {self.words.name(whole)}, {period_words(span)}"
            ),
        )

    def _chain(self, share: Var) -> None:
        """A share of a share: (a in b) × (b in c) = (a in c), within one dimension, in one
        period (a share with no period joins any)."""
        _, part, whole, dimension, span = share
        self.shares.setdefault(("part", part, dimension), set()).add(share)
        self.shares.setdefault(("whole", whole, dimension), set()).add(share)
        self._share_relation(part, whole, dimension, span)  # type: ignore[arg-type]
        for outer in sorted(self.shares.get(("part", whole, dimension), ()), key=var_key):
            top, at = outer[2], joint(span, outer[4])
            if top != part and at is not False:
                self._chain_relation(share, outer, ("share", part, top, dimension, at))
        for inner in sorted(self.shares.get(("whole", part, dimension), ()), key=var_key):
            bottom, at = inner[1], joint(span, inner[4])
            if bottom != whole and at is not False:
                self._chain_relation(inner, share, ("share", bottom, whole, dimension, at))

    def _chain_relation(self, inner: Var, outer: Var, target: Var) -> None:
        self._relate(
            "chained-share",
            "product",
            target,
            ((inner, 1), (outer, 1)),
            lambda: f"{self.words.describe(target)}, as a share of a share",
        )

    def _periods(self, reading: Reading, span: Span) -> None:
        known = self.periods.setdefault(reading, PeriodIndex())
        stated = self.values[("amount", reading, span)].depth == 0
        between = self.stated_periods.get(reading, NO_PERIODS)
        # Only a period that shares its first or its last day with this one can leave a
        # remainder of one piece (see remainder); in date order, as a scan of all would.
        # A whole is split by a part with a stated period between them only where what
        # is left is a period of its own (a month, a quarter, a half, a year, a year to
        # date: what a report shows): with the year to date stated every month,
        # January–December is January–November and December, and July–December and
        # October–December, not also January and February–December and seven more.
        # Each stated figure still meets its neighbours on both ends, so every error those
        # pairs could show is still shown, by relations linear in a history's length; and
        # which pairs are related does not depend on the order periods are reached in.
        for other in known.sharing_an_end(span):
            # Splitting derived periods by derived periods says little and never ends.
            other_value = self.values.get(("amount", reading, other))
            if not stated and (other_value is None or other_value.depth > 0):
                continue
            for whole, part in ((span, other), (other, span)):
                rest = self._span(remainder(whole, part))
                if rest is not None and (natural(rest) or not between.splits(whole, part)):
                    self._relate(
                        "periods",
                        "linear",
                        ("amount", reading, whole),
                        ((("amount", reading, part), 1), (("amount", reading, rest), 1)),
                        lambda whole=whole, part=part, rest=rest: (
                            f"{self.words.name(reading)}: {period_words(whole)} is "
                            f"{period_words(part)} and {period_words(rest)}"
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
                found = contested_relation(
                    relation,
                    contested[0],
                    self.values,
                    self.contested[contested[0]],
                    self.words,
                )
                if found is not None:
                    self._emit(relation, found)
            return  # nothing is derived into or through a contradiction
        if not unknown:
            relation.done = True
            found = check_relation(relation, self.values, self.assumed)
            if found is not None:
                self._emit(relation, found)
        elif len(unknown) == 1:
            relation.done = True
            self._derive(relation, unknown[0])

    # -- deriving and checking -----------------------------------------------------

    def _derive(self, relation: Relation, var: Var) -> None:
        """Give ``var`` the interval the relation's other, known variables allow."""
        known = {v: self.values[v] for v in relation.variables if v != var}
        derived = derive(relation, var, known, self._floor(var), self.assumed, self.words)
        if derived is None:
            return
        finding, value = derived
        self._emit(relation, finding)
        if value is not None:
            self._know(var, value)

    def _emit_same_period(self, finding: Finding) -> None:
        self.solution.findings["same-period"].append(finding)

    def _emit(self, relation: Relation, finding: Finding) -> None:
        self.solution.findings[relation.rule].append(finding)

    def _floor(self, var: Var) -> Interval | None:
        """What a variable can never be outside: amounts of unsigned quantities and factors
        are never negative, a share lies in 0–100 %."""
        if var[0] == "factor":
            return NOT_NEGATIVE
        if var[0] == "share":
            return FRACTION
        if var[0] == "points":
            return POINTS_RANGE
        reading = var[1]
        assert isinstance(reading, Reading)
        if reading.root in self.signed:  # a group with a signed (net) quantity in it
            return None
        return NOT_NEGATIVE


def solver_findings(facts: Facts, rule: str) -> Iterator[Finding]:
    """The findings of one solver rule, or one line saying it found nothing to check."""
    found = solve(facts).findings[rule]
    yield from found
    if not found:
        yield Finding("none", "info", NOTHING[rule], ())
