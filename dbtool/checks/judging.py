"""How the solver judges and derives: a relation whose variables are all known, one
through a contested variable, a variable several figures state, and what a relation with
one unknown variable gives it.

Each is a function of what is known, returning its finding; the work list that
finds them their moment is :mod:`dbtool.checks.solver`.
"""

from __future__ import annotations

import itertools

from dbtool.checks import Derived, Finding, show
from dbtool.checks.citing import (
    BY,
    Words,
    as_reported,
    cite,
    claim_of,
    documents_words,
    formula_words,
    stating,
    unit_for,
    unit_of,
    what_the_levels_give,
)
from dbtool.checks.facts import Fact
from dbtool.checks.pointchanges import stated_points, states_points
from dbtool.checks.variables import (
    MAX_DEPTH,
    Relation,
    Value,
    Var,
    digest,
    finding_key,
    formula_for,
    solve_for,
    var_key,
)
from dbtool.core.intervals import Interval
from dbtool.core.units import kind

# What a variable can never be, as a failed derivation says it.
NEVER = {"share": "outside 0–100 %", "points": "beyond ±100 points"}


def stated_interval(figure: Fact) -> Interval:
    """A change's factor ("rose 9%" is × [1.085, 1.095]); a share's fraction of its whole, and
    a change of one in points as that fraction's difference ("up 2.1 points" is +0.021)."""
    if states_points(figure):
        return stated_points(figure)
    if figure.is_change:
        return figure.interval if figure.unit == "factor" else figure.interval / 100 + 1
    if figure.is_share:
        clipped = figure.interval.clip(0, 100)
        return (clipped or figure.interval) / 100
    return figure.interval


def check_relation(
    relation: Relation, known: dict[Var, Value], assumed: set[Var]
) -> Finding | None:
    """Whether a relation whose variables are all ``known`` can hold: its finding (None where
    dividing is unsafe). A change that fails says what its levels give; a failure through a
    variable read by assumption (``assumed``) is information only."""
    values = {v: known[v] for v in relation.variables}
    claim = claim_of(relation, values)
    target = values[claim]
    others = {v: k.interval for v, k in values.items() if v != claim}
    implied = solve_for(relation, claim, others)
    if implied is None and claim != relation.target:
        claim, target = relation.target, values[relation.target]
        others = {v: k.interval for v, k in values.items() if v != claim}
        implied = solve_for(relation, claim, others)
    if implied is None:
        return None
    figures = frozenset().union(*(k.figures for k in values.values()))
    documents = frozenset().union(*(k.documents for k in values.values()))
    agree = target.interval.overlaps(implied)
    words = formula_words(relation, claim, {v: k for v, k in values.items() if v != claim})
    verdict = "agree" if agree else "cannot both hold"
    message = (
        f"{relation.words()}: {stating(target)} and {words} "
        f"({show(implied, target.unit)}) {verdict} ({documents_words(documents)})"
    )
    if relation.rule == "change" and not agree:
        message += what_the_levels_give(relation, values)
    outcome = "pass" if agree else "violation"
    if not agree and any(v in assumed for v in relation.variables):
        # A share whose text leaves value or volume open, read as one of them: no
        # failure on a guess; the other reading may hold.
        outcome = "info"
        message += "; this reading of a share of unspecified measure is an assumption"
    shown, shown_unit = as_reported(implied, target.unit)
    return Finding(
        finding_key(relation.rule, relation.variables, documents),
        outcome,
        message,
        tuple(sorted(figures)),
        shown,
        shown_unit,
    )


def contested_relation(
    relation: Relation,
    contested: Var,
    known: dict[Var, Value],
    figures: list[Fact],
    names: Words,
) -> Finding | None:
    """A relation through a contested variable: which of its stated figures the rest of
    the relation agrees with, as information, never a failure."""
    others = {v: known[v] for v in relation.variables if v != contested}
    implied = solve_for(relation, contested, {v: k.interval for v, k in others.items()})
    if implied is None:
        return None
    fits = [f for f in figures if stated_interval(f).overlaps(implied)]
    misses = [f for f in figures if f not in fits]
    documents = frozenset().union(*(k.documents for k in others.values()))
    words = formula_words(relation, contested, others)
    parts = []
    if fits:
        parts.append(f"agrees with {' and '.join(cite(f) for f in fits)}")
    if misses:
        parts.append(f"not with {' and '.join(cite(f) for f in misses)}")
    figure_keys = frozenset().union(*(k.figures for k in others.values()))
    return Finding(
        finding_key(relation.rule, relation.variables, documents | {f.document for f in figures}),
        "info",
        f"{relation.words()}: {words} ({show(implied, unit_of(contested, figures[0]))}) "
        f"{', '.join(parts)}; {names.describe(contested)} is contested (same-period)",
        tuple(sorted(figure_keys | {f.key for f in figures})),
        *as_reported(implied, unit_of(contested, figures[0])),
    )


def same_period(
    names: Words,
    var: Var,
    figures: list[Fact],
    intervals: list[Interval],
    common: Interval | None,
    unit: str,
) -> Finding:
    """One variable stated by several figures: they agree, or the pair that cannot hold."""
    what = names.describe(var)
    documents = frozenset(f.document for f in figures)
    cited = " and ".join(
        f"{cite(f)} ({show(i, unit)})" for f, i in zip(figures, intervals, strict=True)
    )
    key = finding_key("same-period", (var,), documents)
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
        message = f"{what}: {cited} cannot all hold ({documents_words(documents)})"
        finding = Finding(key, "violation", message, tuple(sorted(clashing)))
    else:
        message = f"{what}: {cited} agree ({documents_words(documents)})"
        keys = tuple(f.key for f in figures)
        finding = Finding(key, "pass", message, keys, *as_reported(common, unit))
    return finding


def derive(
    relation: Relation,
    var: Var,
    known: dict[Var, Value],
    floor: Interval | None,
    assumed: set[Var],
    names: Words,
) -> tuple[Finding, Value | None] | None:
    """What the relation's ``known`` variables allow of ``var``: the finding that says so,
    and the value (None when it would lie outside ``floor``: then the finding fails).

    None when nothing sound can be said (too deep a derivation, a divisor that may be
    zero). A value derived through a variable read by assumption is one too: ``var`` is
    added to ``assumed``."""
    depth = 1 + max(v.depth for v in known.values())
    if depth > MAX_DEPTH:
        return None
    interval = solve_for(relation, var, {v: k.interval for v, k in known.items()})
    if interval is None:
        return None  # a divisor that may be zero: nothing sound to say
    unit = unit_for(var, known)
    figures = frozenset().union(*(k.figures for k in known.values()))
    documents = frozenset().union(*(k.documents for k in known.values()))
    what = names.describe(var)
    words = formula_words(relation, var, known)
    allowed = interval.intersection(floor) if floor is not None else interval
    cited = tuple(sorted(figures))
    if allowed is None:
        return (
            Finding(
                finding_key(relation.rule, relation.variables, documents),
                "violation",
                f"{words} puts {what} at {show(interval, unit)}, which cannot be: it is "
                f"never {NEVER.get(str(var[0]), 'negative')} "
                f"({documents_words(documents)})",
                cited,
                interval,
                unit,
            ),
            None,
        )
    guesses = [v for v in known if v in assumed]
    note = ""
    if guesses:
        assumed.add(var)
        by = BY.get(kind(str(guesses[0][3])), "") if guesses[0][0] == "share" else ""
        note = (
            f"; it reads a share of unspecified measure by {by}, an assumption"
            if by
            else "; it rests on a share read in a dimension its text leaves open"
        )
    shown, shown_unit = as_reported(allowed, unit)
    derived = Derived(
        f"{relation.rule}:{var_key(var)}#{digest(documents)}",
        what[:1].upper() + what[1:],
        shown,
        shown_unit,
        formula_for(relation, var),
    )
    finding = Finding(
        finding_key(relation.rule, (var,), documents, "derived"),
        "info",
        f"{words} puts {what} at {show(allowed, unit)} ({documents_words(documents)}){note}",
        cited,
        shown,
        shown_unit,
        (derived,),
    )
    sources = ", ".join(names.cite_key(k) for k in cited[:3])
    sources += ", …" if len(cited) > 3 else ""
    return finding, Value(
        allowed,
        unit,
        cited,
        tuple(documents),
        f"{what} (derived from {sources}: {show(allowed, unit)})",
        depth,
    )
