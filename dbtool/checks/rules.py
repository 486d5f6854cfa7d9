"""The rules, in the order reports list them, each declared where it is written.

Rules of one figure or one whole's parts are here (bounds, a part within its
whole, the GRIM test, shares of one whole, value against volume); the rules
the solver reports are declared in order between them
(:mod:`dbtool.checks.solver`), as are ranks (:mod:`dbtool.checks.ranks`) and
comparisons (:mod:`dbtool.checks.claims`). Every rule combines only figures
of one period and one dimension: a part with its whole in the same month, a
share with the shares of the other parts stated for the same year. Importing
this module registers every rule; ``RULES`` holds them, in order.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from dbtool.checks import Derived, Finding, show
from dbtool.checks.alternatives import reading_verdicts
from dbtool.checks.citing import cite, cite_statements
from dbtool.checks.claims import comparisons
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.ranks import rank_claims
from dbtool.checks.readings import Reading, Readings
from dbtool.checks.registry import RULES, RuleFunction, declare, rule
from dbtool.checks.solver import solve, solver_findings
from dbtool.checks.solverrules import SOLVER_RULES
from dbtool.checks.variables import Value, Var, span_of
from dbtool.core.findingkeys import variable_key
from dbtool.core.intervals import Interval
from dbtool.core.units import dimension, kind
from dbtool.display import format_period, mid_sentence

__all__ = ["RULES"]


def _solved(name: str) -> RuleFunction:
    def run(facts: Facts) -> Iterator[Finding]:
        return solver_findings(facts, name)

    run.__name__ = name.replace("-", "_")
    run.__doc__ = f"The {name} findings of the solver."
    return run


def _declare_solved(name: str) -> None:
    severity, description = SOLVER_RULES[name]
    declare(name, severity, description, _solved(name))


def _stated(facts: Facts) -> dict[Var, Value]:
    """The variables figures state (and agree on), with what they state."""
    return {var: value for var, value in solve(facts).values.items() if value.depth == 0}


def _stated_amounts(facts: Facts) -> dict[str, list[tuple[int, Var, Value]]]:
    """The stated amounts by the root of their group, each with its place among the stated
    values: a rule looks up the parts and wholes it has, and walks them in that order."""

    def build() -> dict[str, list[tuple[int, Var, Value]]]:
        index: dict[str, list[tuple[int, Var, Value]]] = {}
        for position, (var, value) in enumerate(_stated(facts).items()):
            if var[0] == "amount":
                index.setdefault(var[1].root, []).append((position, var, value))  # type: ignore[attr-defined]
        return index

    return facts._index("_stated_amounts", build)


def _can_be_at_most(left: Interval, right: Interval) -> bool:
    """Whether some member of ``left`` is ≤ some member of ``right``."""
    if left.low < right.high:
        return True
    return left.low == right.high and left.low_inclusive and right.high_inclusive


def _name(facts: Facts, quantity: str) -> str:
    """A quantity's name as it reads mid-sentence."""
    info = facts.quantities.get(quantity)
    return mid_sentence(info.name if info else quantity, facts.proper_words)


def _when(span: object) -> str:
    return format_period(span.start, span.end) if span is not None else "no stated period"  # type: ignore[attr-defined]


def _pairs(facts: Facts) -> list[tuple[str, str]]:
    """(part, whole) for every declared subset: part_of links and partition members."""
    pairs = [(k.part, k.whole) for k in facts.links if k.relation == "part_of"]
    pairs += [(part, p.whole) for p in facts.partitions for part in p.parts]
    return list(dict.fromkeys(pairs))


# -- one figure ------------------------------------------------------------------


@rule(
    "bounds",
    severity="fail",
    description=(
        "A percentage lies in 0–100, a count or amount is not negative, a rank is 1 or more."
    ),
)
def bounds(facts: Facts) -> Iterator[Finding]:
    """Every figure lies where its unit allows: shares in 0–100 %, sizes not negative
    (unless the quantity is a net, signed one), a fall of at most 100 %, ranks ≥ 1."""
    bad = 0
    for figure in facts.figures:
        low, high = _allowed(facts, figure)
        allowed = Interval(low, high, math.isfinite(low), math.isfinite(high))
        if not allowed.contains(figure.value) or not figure.interval.overlaps(allowed):
            bad += 1
            yield Finding(
                f"figure:{figure.key}",
                "violation",
                f"{figure.cite} states {figure.value:g} {figure.unit}, "
                f"outside {show(allowed, figure.unit)}",
                (figure.key,),
                figure.interval,
                figure.unit,
            )
    if not bad:
        yield bounds_summary(len(facts.figures))


def bounds_summary(figures: int) -> Finding:
    """The finding of ``bounds`` when none of the ``figures`` figures is out of bounds."""
    return Finding(
        "all",
        "pass",
        f"All {figures} figures lie within their unit's bounds "
        "(shares 0–100 %, counts and amounts ≥ 0 unless net, ranks ≥ 1).",
        (),
    )


def _allowed(facts: Facts, figure: Fact) -> tuple[float, float]:
    """Where a figure's value may lie: a change may fall by 100 % at most; a net may be < 0."""
    if figure.unit == "percent":
        return (-100.0, math.inf) if figure.is_change else (0.0, 100.0)
    if figure.unit == "percentage_point":  # a share moves within 0–100 %
        return -100.0, 100.0
    if figure.unit == "rank":
        return 1.0, math.inf
    if figure.unit == "year":
        return -math.inf, math.inf
    info = facts.quantities.get(figure.quantity or "")
    if info is not None and info.signed and kind(dimension(figure.unit)) == "money":
        return -math.inf, math.inf
    return 0.0, math.inf


# -- a part and its whole ----------------------------------------------------------


@rule(
    "part-within-whole",
    severity="fail",
    description=(
        "A part is never larger than its whole (21 Belgian clients of 55), period by period "
        "and in one dimension, stated or derived in any documents (a share stated in one "
        "times a whole stated in another must fit in the container a third states)."
    ),
)
def part_within_whole(facts: Facts) -> Iterator[Finding]:
    """Each declared part's size against its whole's, in each period and dimension both are
    known in: stated, or derived by the solver from figures of any documents ("X supplies
    40% of Y's trade" times Y's trade of 10 bn gives 4 bn, which X's sales of 3 bn, its
    container, cannot hold)."""
    solution = solve(facts)
    readings = solution.readings
    assert readings is not None
    checked = 0
    by_root: dict[str, list[tuple[Var, Value]]] = {}
    for var, value in solution.values.items():
        if var[0] == "amount" and var not in solution.assumed:
            by_root.setdefault(var[1].root, []).append((var, value))  # type: ignore[attr-defined]
    for part, whole in _pairs(facts):
        for var, part_size in by_root.get(readings.root(part), []):
            reading, span = var[1], var[2]
            assert isinstance(reading, Reading)
            whole_reading = readings.reading(whole, reading.dimension)
            whole_var = ("amount", whole_reading, span)
            whole_size = solution.values.get(whole_var) if whole_reading else None
            if whole_size is None or whole_var in solution.assumed:
                continue
            derived = part_size.depth or whole_size.depth
            if derived and _signed(facts, part, whole):
                continue
            if part_size.depth and _scaled_whole(
                facts, readings, readings.root(whole), part_size, whole_size
            ):
                continue
            checked += 1
            yield _containment(facts, part, whole, reading, span, part_size, whole_size)
    if not checked:
        yield Finding(
            "none", "info", "No part and its whole are both sized; nothing to compare.", ()
        )


def _scaled_whole(
    facts: Facts, readings: Readings, whole_root: str, part_size: Value, whole_size: Value
) -> bool:
    """Whether a part's derived size rests only on its whole's figures and on shares of
    that whole: then it is the whole times shares, and fits in it whenever the shares lie
    in 0–100 %, which ``bounds`` and ``shares-of-whole`` check. Compared, it could not
    fail, and "USD 2 m ≤ USD 48 m" for every destination share of a long history buries
    the comparisons that can."""
    by_key = _by_key(facts)
    wholes = set(whole_size.figures)
    for key in part_size.figures:
        if key in wholes:
            continue
        figure = by_key.get(key)
        if figure is None or not figure.is_share or figure.whole is None:
            return False
        if readings.root(figure.whole) != whole_root:
            return False
    return True


def _signed(facts: Facts, *quantities: str) -> bool:
    return any(q in facts.quantities and facts.quantities[q].signed for q in quantities)


def _containment(
    facts: Facts,
    part: str,
    whole: str,
    reading: Reading,
    span: object,
    part_size: Value,
    whole_size: Value,
) -> Finding:
    """Whether a part's size (stated or derived) fits in its whole's, in one period."""
    fits = _can_be_at_most(part_size.interval, whole_size.interval)
    documents = sorted({*part_size.documents, *whole_size.documents})
    quote = bool(part_size.depth or whole_size.depth)
    return Finding(
        variable_key(part, reading.dimension, _period_text(span), whole=whole)
        + f"#{'+'.join(documents)}",
        "pass" if fits else "violation",
        f"{facts.quantities[part].name}{_at(span)}: {_sized(facts, part_size, quote)} "
        f"{'≤' if fits else 'exceeds'} {_sized(facts, whole_size, quote)}, {_name(facts, whole)}",
        (*part_size.figures, *whole_size.figures),
        part_size.interval,
        part_size.unit,
    )


def _sized(facts: Facts, value: Value, quote: bool) -> str:
    """A size as a message states it: its interval, and with ``quote`` (a comparison resting
    on a derived size) its words, or every figure a derived size rests on with its
    document, so a failure across documents quotes them all (three or more alike
    counted: :func:`~dbtool.checks.citing.cite_statements`)."""
    shown = show(value.interval, value.unit)
    if not value.depth:
        return f"{value.words} ({shown})" if quote else shown
    by_key = _by_key(facts)
    known = [by_key[k] for k in sorted(value.figures) if k in by_key]
    cited = cite_statements(known, ", ", cite)
    unknown = [k for k in sorted(value.figures) if k not in by_key]
    cited = ", ".join([cited, *unknown]) if unknown else cited
    return f"{shown} (derived from {cited})"


def _by_key(facts: Facts) -> dict[str, Fact]:
    """The figures by key, made once per ``Facts``."""
    by_key = facts.__dict__.get("_facts_by_key")
    if by_key is None:
        by_key = facts.__dict__["_facts_by_key"] = {f.key: f for f in facts.figures}
    return by_key


def _at(span: object) -> str:
    """ ", September 2018" after a name, nothing when the figures give no period."""
    return f", {_when(span)}" if span is not None else ""


def _period_text(span: object) -> str | None:
    return span.label() if span is not None else None  # type: ignore[attr-defined]


def _label(span: object) -> str:
    return span.label() if span is not None else "any"  # type: ignore[attr-defined]


_declare_solved("count-share")


@rule(
    "granularity",
    severity="fail",
    description=(
        "A percentage of a known whole count must be k/n for a whole number k (the GRIM "
        "test: 38% of 55 is possible, 37% is not), in the period it is stated for."
    ),
)
def granularity(facts: Facts) -> Iterator[Finding]:
    """A percentage of an exactly counted whole must be k/n for a whole number k.

    This is the GRIM test: with a whole of n, only n + 1 percentages are
    possible, so a stated share that none of them fits (within its rounding)
    cannot be right. A pass names the fractions that fit; a violation the
    nearest two. The whole is counted in the share's own period.
    """
    stated = _stated(facts)
    readings = solve(facts).readings
    assert readings is not None
    found = False
    for share in facts.shares():
        reading = readings.reading(share.whole or "", "count")
        whole_size = stated.get(("amount", reading, span_of(share.period))) if reading else None
        if whole_size is None or not whole_size.interval.is_point or whole_size.interval.low < 1:
            continue
        found = True
        yield _grim(share, int(whole_size.interval.low), tuple(whole_size.figures))
    if not found:
        yield Finding(
            "none",
            "info",
            "No percentage is stated of an exactly counted whole; nothing to test.",
            (),
        )


def _grim(share: Fact, whole_count: int, whole_figures: tuple[str, ...]) -> Finding:
    """The GRIM test of one share of a whole of ``whole_count``."""
    reachable = _reachable(share.interval, whole_count, 3)
    figures = (share.key, *whole_figures)
    if reachable:
        shown = ", ".join(
            f"{k}/{whole_count} = {100 * k / whole_count:.4g} %" for k in reachable[:3]
        )
        return Finding(
            f"{share.key}",
            "pass",
            f"{share.cite} is reachable as {shown}",
            figures,
            share.interval,
            "percent",
        )
    below = math.floor(share.value * whole_count / 100)
    near = ", ".join(
        f"{k}/{whole_count} = {100 * k / whole_count:.4g} %"
        for k in (below, below + 1)
        if 0 <= k <= whole_count
    )
    return Finding(
        f"{share.key}",
        "violation",
        f"{share.cite} cannot be a whole number of {whole_count}: the nearest are {near}",
        figures,
        share.interval,
        "percent",
    )


def _reachable(share: Interval, whole: int, most: int) -> list[int]:
    """The first ``most`` whole numbers ``part`` ≤ ``whole`` with part/whole in ``share`` (%).

    100 part / whole grows with ``part``, so the parts that fit are consecutive:
    start just below the share's lower end instead of trying every part from 0
    to ``whole``.
    """
    low = share.low if math.isfinite(share.low) else 0.0
    part = max(0, math.floor(low * whole / 100) - 2)
    found: list[int] = []
    while part <= whole and len(found) < most:
        percent = 100 * part / whole
        if percent > share.high:
            break
        if share.contains(percent):
            found.append(part)
        part += 1
    return found


# -- the parts of one whole ----------------------------------------------------------


@rule(
    "shares-of-whole",
    severity="fail",
    description=(
        "Shares of disjoint parts of one whole, stated for one period, add up to at most "
        "100% (exactly 100% when the parts are exhaustive); so do their sizes."
    ),
)
def shares_of_whole(facts: Facts) -> Iterator[Finding]:
    """For each partition, in each period: the parts' stated shares fit in 100 %, and their
    stated sizes in the whole's."""
    stated = _stated(facts)
    readings = solve(facts).readings
    assert readings is not None
    amounts = _stated_amounts(facts)
    found = False
    for partition in facts.partitions:
        by_period: dict[object, list[Fact]] = {}
        for share in _shares_of_parts(facts, partition.parts):
            if readings.joined(share.whole or "", partition.whole):
                by_period.setdefault(span_of(share.period), []).append(share)
        for span, shares in by_period.items():
            found = True
            yield _share_sum(facts, partition, span, shares)
        parts = {readings.root(p) for p in partition.parts}
        whole_root = readings.root(partition.whole)
        sized: dict[tuple[object, str], list[Value]] = {}
        roots: dict[tuple[object, str], set[object]] = {}
        for _position, var, value in sorted(
            (entry for root in parts for entry in amounts.get(root, ())), key=_first
        ):
            sized.setdefault((var[2], var[1].dimension), []).append(value)  # type: ignore[attr-defined]
            roots.setdefault((var[2], var[1].dimension), set()).add(var[1].root)  # type: ignore[attr-defined]
        for (span, dimension_name), values in sized.items():
            whole = stated.get(("amount", Reading(whole_root, dimension_name), span))
            if whole is not None:
                found = True
                every = len(roots[span, dimension_name]) == len(parts)  # else the rest is unsized
                yield _size_sum(facts, partition, span, values, whole, every)
    if not found:
        yield Finding("none", "info", "No whole is declared split into disjoint parts.", ())


def _shares_of_parts(facts: Facts, parts: tuple[str, ...]) -> list[Fact]:
    """The shares stated of any of ``parts`` (of any whole), in figure order."""

    def build() -> dict[str | None, list[tuple[int, Fact]]]:
        index: dict[str | None, list[tuple[int, Fact]]] = {}
        for position, share in enumerate(facts.shares()):
            index.setdefault(share.quantity, []).append((position, share))
        return index

    by_part = facts._index("_shares_by_part", build)
    found = [entry for part in set(parts) for entry in by_part.get(part, ())]
    return [share for _position, share in sorted(found, key=_first)]


def _first(entry: tuple[int, object, object] | tuple[int, object]) -> int:
    return entry[0]


def _share_sum(facts: Facts, partition: object, span: object, shares: list[Fact]) -> Finding:
    """Whether the shares stated of a partition's parts for one period fit in 100 %.

    Exhaustive parts must add up to exactly 100 %, others to at most 100 %.
    When they fit, what they leave for the parts not stated is derived.
    """
    key, name, exhaustive = partition.key, partition.name, partition.exhaustive  # type: ignore[attr-defined]
    parts: dict[str | None, list[Fact]] = {}
    for share in shares:
        parts.setdefault(share.quantity, []).append(share)
    total = Interval.point(0)
    for restated in parts.values():
        total = total + _one_share(restated)
    figures = tuple(s.key for s in shares)
    cited = " + ".join(" = ".join(s.cite for s in restated) for restated in parts.values())
    when = f", {_when(span)}" if span is not None else ""
    at = f"{key}:shares@{_label(span)}"
    fits = total.contains(100) if exhaustive else _can_be_at_most(total, Interval.point(100))
    if not fits:
        need = "= 100 %" if exhaustive else "≤ 100 %"
        return Finding(
            at,
            "violation",
            f"{name}{when}: {cited} add up to {show(total, 'percent')}, not {need}",
            figures,
            total,
            "percent",
        )
    rest = (100 - total).clip(0, 100)
    assert rest is not None
    derived = Derived(
        f"rest:{key}@{_label(span)}",
        f"{name}{when}: the parts not stated",
        rest,
        "percent",
        f"100 − ({' + '.join(restated[0].key for restated in parts.values())})",
    )
    stated = (
        f"{cited} leaves"
        if len(shares) == 1
        else f"{cited} add up to {show(total, 'percent')}, leaving"
    )
    whole = _name(facts, partition.whole)  # type: ignore[attr-defined]
    return Finding(
        at,
        "pass",
        f"{name}{when}: {stated} {show(rest, 'percent')} for the rest of {whole}",
        figures,
        rest,
        "percent",
        (derived,),
    )


def _one_share(restated: list[Fact]) -> Interval:
    """What the shares stated of one part in one period (in several documents) leave it: their
    intersection, or, when they disagree (``same-period`` reports that), their hull."""
    common: Interval | None = restated[0].interval
    hull = restated[0].interval
    for share in restated[1:]:
        common = common.intersection(share.interval) if common is not None else None
        hull = hull.hull(share.interval)
    return common if common is not None else hull


def _size_sum(
    facts: Facts,
    partition: object,
    span: object,
    parts: list[Value],
    whole: Value,
    every: bool = True,
) -> Finding:
    """Whether the sizes of a partition's parts in one period fit in the size of its whole.

    Exhaustive parts must be able to add up to the whole, others to at most
    the whole. When they fit, the size of what no stated part covers is derived.
    """
    key, name, exhaustive = partition.key, partition.name, partition.exhaustive  # type: ignore[attr-defined]
    unit = whole.unit
    total = parts[0].interval
    for value in parts[1:]:
        total = total + value.interval
    figures = (*(f for v in parts for f in v.figures), *whole.figures)
    when = f", {_when(span)}" if span is not None else ""
    at = f"{key}:{unit}@{_label(span)}"
    exhaustive = exhaustive and every  # a part of no stated size may be the rest
    fits = total.overlaps(whole.interval) if exhaustive else _can_be_at_most(total, whole.interval)
    if not fits:
        return Finding(
            at,
            "violation",
            f"{name}{when}: the parts add up to {show(total, unit)}, more than the whole "
            f"{show(whole.interval, unit)}",
            figures,
            total,
            unit,
        )
    rest = whole.interval - total
    derived = Derived(
        f"rest:{key}:{unit}@{_label(span)}",
        f"{name}{when}: those not in a stated part",
        rest,
        unit,
        f"{whole.figures[0]} − ({' + '.join(f for v in parts for f in v.figures)})",
    )
    return Finding(
        at,
        "pass",
        f"{name}{when}: the parts add up to {show(total, unit)} of "
        f"{show(whole.interval, unit)}, leaving {show(rest, unit)}",
        figures,
        rest,
        unit,
        (derived,),
    )


_declare_solved("implied-quantity")
_declare_solved("chained-share")


# -- value against volume ---------------------------------------------------------------


@rule(
    "value-vs-volume",
    severity="warn",
    description=(
        "One party's value and volume shares of the same market, in one period, give its "
        "relative price per unit."
    ),
)
def value_vs_volume(facts: Facts) -> Iterator[Finding]:
    """One party's value and volume shares of one market give its relative price per unit.

    A value share divided by the volume share of the same subject in the same
    whole (or one ``same_as`` it), in the same period, is the subject's price
    relative to the market average; it is reported as information.
    """
    readings = solve(facts).readings
    assert readings is not None
    found = False
    volumes: dict[tuple[str, str, object], list[Fact]] = {}
    for share in facts.shares():
        if share.measure == "volume":
            at = (readings.root(share.whole or ""), share.subject, span_of(share.period))
            volumes.setdefault(at, []).append(share)
    for value_share in facts.shares():
        if value_share.measure != "value":
            continue
        at = (
            readings.root(value_share.whole or ""),
            value_share.subject,
            span_of(value_share.period),
        )
        for volume_share in volumes.get(at, []):
            found = True
            yield _relative_price(value_share, volume_share)
    if not found:
        yield Finding(
            "none", "info", "No party has both a value share and a volume share of one market.", ()
        )


def _relative_price(value_share: Fact, volume_share: Fact) -> Finding:
    price = value_share.interval / volume_share.interval
    basis = (
        ""
        if volume_share.measure_basis == "stated"
        else f" (that {volume_share.written} is by volume is {volume_share.measure_basis})"
    )
    derived = Derived(
        f"price:{value_share.key}/{volume_share.key}",
        f"{value_share.subject_name}'s price per unit relative to the market average",
        price,
        "ratio",
        f"{value_share.key} / {volume_share.key}",
    )
    return Finding(
        f"{value_share.key}/{volume_share.key}",
        "info",
        f"{value_share.subject_name}: {value_share.cite} of value over "
        f"{volume_share.cite} of volume gives a "
        f"relative price of {show(price, 'ratio')} × the market average{basis}",
        (value_share.key, volume_share.key),
        price,
        "ratio",
        (derived,),
    )


# -- ranks, the solver's rules over time, comparisons --------------------------------------

declare(
    "rank-claims",
    "fail",
    "Claims of one rank in one ranking and period name the same subject (or one inside the "
    "other); a ranked share leaves room for the ranks above it; a rank agrees with the "
    "values of every ranking of its quantity in its period (a statistics table's included), "
    "ties within rounding allowed.",
    rank_claims,
)
for _rule_name in ("change", "sum-of-parts", "difference", "ratio", "periods", "same-period"):
    _declare_solved(_rule_name)
declare(
    "comparison",
    "fail",
    "A claim of order without a number (eased, climbed, below last year's level, ahead of "
    "Angola, overtook Canada) agrees with the stated or derived values of both sides.",
    comparisons,
)
declare(
    "readings",
    "fail",
    "Every rule is run under each reading of an ambiguous quantity (Antwerp's rough trade as "
    "imports + exports, or imports only); the finding says which readings agree with "
    "everything stated, and fails only when none does.",
    reading_verdicts,
)
