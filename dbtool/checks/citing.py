"""How the solver's findings read: what they name (readings, variables, figures), the
figures they rest on with their documents, changes as the factors they multiply by, the
relation solved in words, intervals as reports show them."""

from __future__ import annotations

import math

from dbtool.checks import show
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.pointchanges import levels_in_points
from dbtool.checks.readings import Reading, Readings
from dbtool.checks.variables import Relation, Value, Var, period_words
from dbtool.core.intervals import Interval
from dbtool.core.units import kind
from dbtool.display import mid_sentence

BY = {"money": "value", "volume": "volume", "price": "price", "count": "count"}
_UNITS_OF = {"volume:carat": "carat", "volume:tonne": "tonne", "count": "count"}


def as_reported(interval: Interval, unit: str) -> tuple[Interval, str]:
    """A finding's interval as reports show it: a share, held as a fraction, in percent."""
    if unit == "fraction":
        return interval * 100, "percent"
    if unit == "points":
        return interval * 100, "percentage_point"
    return interval, unit


def unit_of(var: Var, figure: Fact) -> str:
    if var[0] == "factor":
        return "factor"
    if var[0] == "share":
        return "fraction"
    if var[0] == "points":
        return "points"
    return figure.unit


def stating(value: Value) -> str:
    """A value's words with its interval, unless a derived value's words already carry it."""
    return value.words if value.depth else f"{value.words} ({show(value.interval, value.unit)})"


def cite(figure: Fact) -> str:
    return f"{figure.cite} ({figure.document})" if figure.document else figure.cite


def cite_stated(figure: Fact) -> str:
    """A stated figure as a relation's words cite it: a change as the factor it multiplies
    by, (1 + “9%”), or “more than doubled”; a share as itself."""
    if not figure.is_change or figure.unit == "factor":
        return cite(figure)
    if figure.unit == "percentage_point":  # added to a share: ± “2.1 percentage points”
        return f"({'−' if figure.value < 0 else '+'}“{figure.written}” in {cite(figure)})"
    sign = "−" if figure.value < 0 else "+"
    return f"(1 {sign} “{figure.written}” in {cite(figure)})"


def cite_statements(figures: list[Fact], between: str = " and ", cite_one=cite_stated) -> str:
    """Figures as a message quotes them, ``between`` each. Three or more stating one thing
    alike (the same quantity, period and interval: a table restated by notes, a
    compendium repeating a release) are one statement repeated: the first is quoted and
    the others counted, so a message does not grow with each restatement (they stay
    linked to the finding, and the same-period check quotes them all)."""
    groups: dict[tuple[object, ...], list[Fact]] = {}
    for figure in figures:
        alike = (figure.quantity, figure.whole, figure.period, figure.base_period)
        groups.setdefault((*alike, figure.interval, figure.unit), []).append(figure)
    cited: list[str] = []
    for group in groups.values():
        if len(group) > 2:
            cited.append(f"{cite_one(group[0])} and {len(group) - 1} more statements of it")
        else:
            cited += [cite_one(figure) for figure in group]
    return between.join(cited)


def signed_percent(factor_change: Interval) -> str:
    """A change in percent, signed: "+7.2 % to +7.9 %", "−3.1 %"."""

    def signed(value: float) -> str:
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        return f"{'+' if value >= 0 else '−'}{abs(value):.3g} %"

    low, high = factor_change.low, factor_change.high
    if abs(high - low) < 1e-9 * max(1.0, abs(low)):
        return signed(low)
    return f"{signed(low)} to {signed(high)}"


def documents_words(documents: frozenset[str]) -> str:
    return "from " + ", ".join(sorted(documents)) if documents else "derived"


class Words:
    """How the solver's messages name what they speak of: readings, variables, figures."""

    def __init__(self, facts: Facts, readings: Readings, by_key: dict[str, Fact]) -> None:
        self.facts, self.readings, self.by_key = facts, readings, by_key
        self.names: dict[str, str] = {}  # a root quantity's name mid-sentence, once made

    def name(self, reading: Reading) -> str:
        """A reading's name mid-sentence: its root quantity's, "by value" when it has two."""
        name = self.names.get(reading.root)
        if name is None:
            info = self.facts.quantities.get(reading.root)
            base = info.name if info is not None else reading.root
            name = mid_sentence(base, self.facts.proper_words)
            self.names[reading.root] = name
        by = BY.get(kind(reading.dimension), kind(reading.dimension))
        if self.readings.several(reading.root) and by not in name.lower():
            return f"{name}, by {by}"
        return name

    def describe(self, var: Var) -> str:
        if var[0] == "factor":
            return (
                f"the change in {self.name(var[1])} from {period_words(var[3])} to "  # type: ignore[arg-type]
                f"{period_words(var[2])}"  # type: ignore[arg-type]
            )
        if var[0] == "share":
            part = self.root_name(str(var[1]))
            whole = self.root_name(str(var[2]))
            return f"the share of {whole} that is {part} in {period_words(var[4])}"  # type: ignore[arg-type]
        if var[0] == "points":
            part, whole = self.root_name(str(var[1])), self.root_name(str(var[2]))
            return (
                f"the change in the share of {whole} that is {part} from "
                f"{period_words(var[5])} to {period_words(var[4])}, in percentage points"  # type: ignore[arg-type]
            )
        return f"{self.name(var[1])} in {period_words(var[2])}"  # type: ignore[arg-type]

    def root_name(self, root: str) -> str:
        info = self.facts.quantities.get(root)
        return mid_sentence(info.name if info else root, self.facts.proper_words)

    def cite_key(self, key: str) -> str:
        figure = self.by_key.get(key)
        return f"“{figure.written}”" if figure is not None else key


def claim_of(relation: Relation, values: dict[Var, Value]) -> Var:
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


def what_the_levels_give(relation: Relation, values: dict[Var, Value]) -> str:
    """A failed change in the claim's own terms: "; the levels give +7.2 % to +7.9 %,
    the text says +9 %" (in points for a change in percentage points)."""
    if relation.shape == "linear":
        return _points_the_levels_give(relation, values)
    (base, _), (factor, _) = relation.terms
    if values[factor].depth or base not in values:
        return ""
    if values[base].interval.contains(0):
        return ""
    given = (values[relation.target].interval / values[base].interval - 1) * 100
    stated = (values[factor].interval - 1) * 100
    return f"; the levels give {signed_percent(given)}, the text says {signed_percent(stated)}"


def _points_the_levels_give(relation: Relation, values: dict[Var, Value]) -> str:
    (base, _), (points, _) = relation.terms
    if values[points].depth or base not in values:
        return ""
    given = levels_in_points(values[relation.target].interval, values[base].interval)
    stated = values[points].interval * 100
    return f"; the levels give {signed_points(given)}, the text says {signed_points(stated)}"


def signed_points(points: Interval) -> str:
    """A change in points, signed: "+1.0 to +1.2 points", "−3 points"."""
    return signed_percent(points).replace(" %", "") + " points"


def unit_for(var: Var, known: dict[Var, Value]) -> str:
    if var[0] == "factor":
        return "factor"
    if var[0] == "share":
        return "fraction"
    if var[0] == "points":
        return "points"
    # An amount's unit: a known amount of the same reading's dimension, else any amount.
    same = [k.unit for v, k in known.items() if v[0] == "amount" and v[1] == var[1]]
    if same:
        return same[0]
    dimension = var[1].dimension  # type: ignore[attr-defined]
    return _UNITS_OF.get(
        dimension, next((k.unit for v, k in known.items() if v[0] == "amount"), "")
    )


def formula_words(relation: Relation, var: Var, known: dict[Var, Value]) -> str:
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
