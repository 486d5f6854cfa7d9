"""The rules of shares, counts and ranks: each a function from ``Facts`` to findings.

Each is declared where it is written, with its stable name, its severity and
its description (:mod:`dbtool.checks.registry`); the series rules are declared
in :mod:`dbtool.checks.series`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from itertools import combinations
from typing import Any

from dbtool.checks import Derived, Finding, show
from dbtool.checks.estimates import Estimate, all_estimates, stated_estimates
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.registry import RULES, RuleFunction, declare, rule
from dbtool.checks.series import SERIES_RULES, series_findings
from dbtool.core.intervals import Interval
from dbtool.display import format_period, mid_sentence

# Importing this module registers every rule; RULES holds them, in order.
__all__ = ["RULES"]

UNIT_BOUNDS = {
    "percent": (0.0, 100.0),
    "count": (0.0, math.inf),
    "USD": (0.0, math.inf),
    "carat": (0.0, math.inf),
    "USD_per_carat": (0.0, math.inf),
    "factor": (0.0, math.inf),
    "rank": (1.0, math.inf),
    "year": (-math.inf, math.inf),
}


def _allowed(facts: Facts, figure: Fact) -> tuple[float, float]:
    """Where a figure's value may lie: a change may fall by 100 % at most; a net may be < 0."""
    if figure.unit == "percent" and figure.is_change:
        return -100.0, math.inf
    info = facts.quantities.get(figure.quantity or "")
    if figure.unit == "USD" and info is not None and info.signed:
        return -math.inf, math.inf
    return UNIT_BOUNDS[figure.unit]


def _can_be_at_most(left: Interval, right: Interval) -> bool:
    """Whether some member of ``left`` is ≤ some member of ``right``."""
    if left.low < right.high:
        return True
    return left.low == right.high and left.low_inclusive and right.high_inclusive


def _name(facts: Facts, quantity: str) -> str:
    """A quantity's name as it reads mid-sentence."""
    return mid_sentence(facts.quantities[quantity].name, facts.proper_words)


def _stated_share(facts: Facts, part: str, whole: str) -> list[Fact]:
    return facts.shares_of(part, whole)


def _pairs(facts: Facts) -> list[tuple[str, str]]:
    """(part, whole) for every declared subset: part_of links and partition members."""
    pairs = [(k.part, k.whole) for k in facts.links if k.relation == "part_of"]
    pairs += [(part, p.whole) for p in facts.partitions for part in p.parts]
    return list(dict.fromkeys(pairs))


# -- 1 ---------------------------------------------------------------------------


@rule(
    "bounds",
    severity="fail",
    description=(
        "A percentage lies in 0–100, a count or amount is not negative, a rank is 1 or more."
    ),
)
def bounds(facts: Facts) -> Iterator[Finding]:
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
        yield Finding(
            "all",
            "pass",
            f"All {len(facts.figures)} figures lie within their unit's bounds "
            "(shares 0–100 %, counts and amounts ≥ 0 unless net, ranks ≥ 1).",
            (),
        )


# -- 2, 3, 4 ---------------------------------------------------------------------


@rule(
    "part-within-whole",
    severity="fail",
    description=(
        "A part is never larger than its whole (21 Belgian clients of 55); in a time "
        "series, period by period (ALROSA's 2017 supply to Belgium within its 2017 rough "
        "sales, from two documents)."
    ),
)
def part_within_whole(facts: Facts) -> Iterator[Finding]:
    """A part is never larger than its whole: compare every declared part with its whole.

    Quantities sized once are compared directly; a time series (sales,
    exports) is compared period by period, since only figures of one period
    bound each other.
    """
    stated = stated_estimates(facts)
    checked = 0
    for part, whole in _pairs(facts):
        if part not in stated or whole not in stated:
            continue
        part_size, whole_size = stated[part][0], stated[whole][0]
        checked += 1
        figures = (*part_size.figures, *whole_size.figures)
        verdict = "≤" if _can_be_at_most(part_size.interval, whole_size.interval) else "exceeds"
        outcome = "pass" if verdict == "≤" else "violation"
        yield Finding(
            f"{part}/{whole}",
            outcome,
            f"{facts.quantities[part].name}: {show(part_size.interval, part_size.unit)} {verdict} "
            f"{show(whole_size.interval, whole_size.unit)}, {_name(facts, whole)}",
            figures,
            part_size.interval,
            part_size.unit,
        )
    for part, whole in _pairs(facts):
        if part in stated and whole in stated:
            continue
        # A time series (sales, exports) is compared period by period.
        wholes = _sized_by_period(facts, whole)
        for period, (p_interval, p_figures) in _sized_by_period(facts, part).items():
            if period is None or period not in wholes:
                continue
            w_interval, w_figures = wholes[period]
            checked += 1
            unit = facts.amounts(part)[0].unit
            fits = _can_be_at_most(p_interval, w_interval)
            yield Finding(
                f"{part}/{whole}@{period.label()}",
                "pass" if fits else "violation",
                f"{facts.quantities[part].name}, {format_period(period.start, period.end)}: "
                f"{show(p_interval, unit)} {'≤' if fits else 'exceeds'} "
                f"{show(w_interval, unit)}, {_name(facts, whole)}",
                (*p_figures, *w_figures),
                p_interval,
                unit,
            )
    if not checked:
        yield Finding(
            "none", "info", "No part and its whole are both sized; nothing to compare.", ()
        )


def _sized_by_period(facts: Facts, quantity: str) -> dict[Any, tuple[Interval, tuple[str, ...]]]:
    """period -> what the figures stating ``quantity`` in that period allow (all intersected)."""
    out: dict[Any, tuple[Interval, tuple[str, ...]]] = {}
    for figure in facts.amounts(quantity):
        known = out.get(figure.period)
        if known is None:
            out[figure.period] = (figure.interval, (figure.key,))
        else:
            meet = known[0].intersection(figure.interval)
            if meet is not None:  # contradicting statements are the same-period rule's
                out[figure.period] = (meet, (*known[1], figure.key))
    return out


@rule(
    "count-share",
    severity="fail",
    description=(
        "Where a part and its whole are both counted, derive the share and check any "
        "stated share against it."
    ),
)
def count_share(facts: Facts) -> Iterator[Finding]:
    """Where a part and its whole are both counted, derive the share the part is.

    The derived share is reported as information, and every share stated of the
    same part in the same whole is checked against it.
    """
    stated = stated_estimates(facts)
    found = False
    for part, whole in _pairs(facts):
        part_size, whole_size = stated.get(part, [None])[0], stated.get(whole, [None])[0]
        if (
            part_size is None
            or whole_size is None
            or part_size.unit != "count"
            or whole_size.unit != "count"
            or whole_size.interval.high <= 0
        ):
            continue
        found = True
        # Not clipped to 100: a part larger than its whole shows as a share above 100 %.
        share = part_size.interval / whole_size.interval.clip(1e-300, math.inf) * 100
        formula = f"{part_size.figures[0]} / {whole_size.figures[0]} × 100"
        derived = Derived(
            f"share:{part}/{whole}",
            f"Share of {_name(facts, whole)} that is {_name(facts, part)}",
            share,
            "percent",
            formula,
        )
        figures = (*part_size.figures, *whole_size.figures)
        yield Finding(
            f"{part}/{whole}",
            "info",
            f"{show(part_size.interval, 'count')} of {show(whole_size.interval, 'count')} is "
            f"{show(share, 'percent')}: the share of {_name(facts, whole)} "
            f"that is {_name(facts, part)}",
            figures,
            share,
            "percent",
            (derived,),
        )
        for stated_share in _stated_share(facts, part, whole):
            agree = stated_share.interval.overlaps(share)
            yield Finding(
                f"{part}/{whole}:{stated_share.key}",
                "pass" if agree else "violation",
                f"{stated_share.cite} {'agrees' if agree else 'disagrees'} with "
                f"{show(part_size.interval, 'count')} of {show(whole_size.interval, 'count')} = "
                f"{show(share, 'percent')}",
                (*figures, stated_share.key),
                stated_share.interval,
                "percent",
            )
    if not found:
        yield Finding("none", "info", "No part and whole are both counted; no share to derive.", ())


@rule(
    "granularity",
    severity="fail",
    description=(
        "A percentage of a known whole count must be k/n for a whole number k (the GRIM "
        "test: 38% of 55 is possible, 37% is not)."
    ),
)
def granularity(facts: Facts) -> Iterator[Finding]:
    """A percentage of an exactly counted whole must be k/n for a whole number k.

    This is the GRIM test: with a whole of n, only n + 1 percentages are
    possible, so a stated share that none of them fits (within its rounding)
    cannot be right. A pass names the fractions that fit; a violation the
    nearest two.
    """
    stated = stated_estimates(facts)
    found = False
    for share in facts.shares():
        whole_size = stated.get(share.whole or "", [None])[0]
        if (
            whole_size is None
            or whole_size.unit != "count"
            or not whole_size.interval.is_point
            or whole_size.interval.low < 1
        ):
            continue
        found = True
        whole_count = int(whole_size.interval.low)
        reachable = _reachable(share.interval, whole_count, 3)
        figures = (share.key, *whole_size.figures)
        if reachable:
            shown = ", ".join(
                f"{k}/{whole_count} = {100 * k / whole_count:.4g} %" for k in reachable[:3]
            )
            yield Finding(
                f"{share.key}",
                "pass",
                f"{share.cite} is reachable as {shown}",
                figures,
                share.interval,
                "percent",
            )
            continue
        below = math.floor(share.value * whole_count / 100)
        near = ", ".join(
            f"{k}/{whole_count} = {100 * k / whole_count:.4g} %"
            for k in (below, below + 1)
            if 0 <= k <= whole_count
        )
        yield Finding(
            f"{share.key}",
            "violation",
            f"{share.cite} cannot be a whole number of {whole_count}: the nearest are {near}",
            figures,
            share.interval,
            "percent",
        )
    if not found:
        yield Finding(
            "none",
            "info",
            "No percentage is stated of an exactly counted whole; nothing to test.",
            (),
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


# -- 5 ----------------------------------------------------------------------------


@rule(
    "shares-of-whole",
    severity="fail",
    description=(
        "Shares of disjoint parts of one whole add up to at most 100% (exactly 100% when "
        "the parts are exhaustive)."
    ),
)
def shares_of_whole(facts: Facts) -> Iterator[Finding]:
    counts = stated_estimates(facts)
    for partition in facts.partitions:
        shares = [
            s for part in partition.parts for s in _stated_share(facts, part, partition.whole)
        ]
        if shares:
            yield _share_sum(
                facts, partition.key, partition.name, partition.whole, partition.exhaustive, shares
            )
        sized = [counts[part][0] for part in partition.parts if part in counts]
        if sized and partition.whole in counts:
            yield _count_sum(
                facts,
                partition.key,
                partition.name,
                partition.exhaustive,
                sized,
                counts[partition.whole][0],
            )
    if not facts.partitions:
        yield Finding("none", "info", "No whole is declared split into disjoint parts.", ())


def _share_sum(
    facts: Facts, key: str, name: str, whole: str, exhaustive: bool, shares: list[Fact]
) -> Finding:
    """Whether the shares stated of a partition's parts fit in 100 % of the whole.

    Exhaustive parts must add up to exactly 100 %, others to at most 100 %.
    When they fit, what they leave for the parts not stated is derived.
    """
    total = shares[0].interval
    for share in shares[1:]:
        total = total + share.interval
    figures = tuple(s.key for s in shares)
    cited = " + ".join(s.cite for s in shares)
    fits = total.contains(100) if exhaustive else _can_be_at_most(total, Interval.point(100))
    if not fits:
        need = "= 100 %" if exhaustive else "≤ 100 %"
        return Finding(
            f"{key}:shares",
            "violation",
            f"{name}: {cited} add up to {show(total, 'percent')}, not {need}",
            figures,
            total,
            "percent",
        )
    rest = (100 - total).clip(0, 100)
    assert rest is not None
    derived = Derived(
        f"rest:{key}",
        f"{name}: the parts not stated",
        rest,
        "percent",
        f"100 − ({' + '.join(figures)})",
    )
    stated = (
        f"{cited} leaves"
        if len(shares) == 1
        else f"{cited} add up to {show(total, 'percent')}, leaving"
    )
    return Finding(
        f"{key}:shares",
        "pass",
        f"{name}: {stated} {show(rest, 'percent')} for the rest of {_name(facts, whole)}",
        figures,
        rest,
        "percent",
        (derived,),
    )


def _count_sum(
    facts: Facts, key: str, name: str, exhaustive: bool, parts: list[Estimate], whole: Estimate
) -> Finding:
    """Whether the sizes of a partition's parts fit in the size of its whole.

    Exhaustive parts must be able to add up to the whole, others to at most
    the whole. When they fit, the size of what no stated part covers is derived.
    """
    total = parts[0].interval
    for estimate in parts[1:]:
        total = total + estimate.interval
    figures = (*(f for e in parts for f in e.figures), *whole.figures)
    fits = total.overlaps(whole.interval) if exhaustive else _can_be_at_most(total, whole.interval)
    if not fits:
        return Finding(
            f"{key}:counts",
            "violation",
            f"{name}: the parts add up to {show(total, 'count')}, more than the whole "
            f"{show(whole.interval, 'count')}",
            figures,
            total,
            "count",
        )
    rest = whole.interval - total
    derived = Derived(
        f"rest:{key}:count",
        f"{name}: those not in a stated part",
        rest,
        "count",
        f"{whole.figures[0]} − ({' + '.join(f for e in parts for f in e.figures)})",
    )
    return Finding(
        f"{key}:counts",
        "pass",
        f"{name}: the parts add up to {show(total, 'count')} of "
        f"{show(whole.interval, 'count')}, leaving {show(rest, 'count')}",
        figures,
        rest,
        "count",
        (derived,),
    )


# -- 6 ----------------------------------------------------------------------------


@rule(
    "implied-quantity",
    severity="fail",
    description=(
        "An amount and the share it is of imply the whole (and vice versa); claims "
        "implying the same quantity must agree."
    ),
)
def implied_quantity(facts: Facts) -> Iterator[Finding]:
    """What amounts and shares imply about other quantities, and whether the claims agree.

    Every size implied through a share is reported as information. Two
    independent claims about one quantity (neither resting on the other's
    figures) must overlap; each such pair is reported once, at the quantity
    where its chains are shortest.
    """
    estimates = all_estimates(facts)
    found = False
    for quantity, group in estimates.items():
        name = _name(facts, quantity)
        implied = [e for e in group if not e.stated and not e.via_link]
        for number, estimate in enumerate(implied, 1):
            found = True
            key = f"{quantity}#{number}" if len(implied) > 1 else quantity
            basis = f", taking {'; '.join(estimate.assumptions)}" if estimate.assumptions else ""
            derived = Derived(
                f"implied:{key}",
                facts.quantities[quantity].name,
                estimate.interval,
                estimate.unit,
                estimate.formula,
            )
            yield Finding(
                key,
                "info",
                f"{estimate.words} puts {name} at {show(estimate.interval, estimate.unit)}{basis}",
                tuple(sorted(set(estimate.figures))),
                estimate.interval,
                estimate.unit,
                (derived,),
            )
    # One disagreement shows at every quantity its claims reach; report it once, where
    # the two chains are shortest.
    pairs: dict[frozenset[str], tuple[int, str, Estimate, Estimate]] = {}
    for quantity, group in estimates.items():
        for first, second in combinations(group, 2):
            if first.used <= second.used or second.used <= first.used:
                continue  # one rests on the other: no independent second claim
            length = max(len(first.used), len(second.used))
            known = pairs.get(first.used | second.used)
            if known is None or length < known[0]:
                pairs[first.used | second.used] = (length, quantity, first, second)
    for _, quantity, first, second in pairs.values():
        found = True
        agree = first.interval.overlaps(second.interval)
        yield Finding(
            f"{quantity}:agree:{'+'.join(sorted(first.used | second.used))}",
            "pass" if agree else "violation",
            f"{facts.quantities[quantity].name}: {show(first.interval, first.unit)} "
            f"from {first.words} "
            f"and {show(second.interval, second.unit)} from {second.words} "
            f"{'overlap' if agree else 'cannot both hold'}",
            tuple(sorted(set(first.figures) | set(second.figures))),
        )
    # Two stated sizes of one quantity in one period are the same-period rule's.
    if not found:
        yield Finding("none", "info", "No amount and share combine to imply another quantity.", ())


# -- 7 ----------------------------------------------------------------------------


def _grouped(
    facts: Facts,
    shares: list[Fact],
    quantity: Callable[[Fact], str],
    also: Callable[[Fact], str] | None = None,
) -> dict[Any, list[Fact]]:
    """Shares by the ``same_as`` group of a quantity of theirs (and ``also``), in order."""
    groups: dict[Any, list[Fact]] = {}
    for share in shares:
        group = facts.same_as_group(quantity(share))
        groups.setdefault(group if also is None else (group, also(share)), []).append(share)
    return groups


def _measures_fit(left: str, right: str) -> bool:
    return left == right or "unspecified" in (left, right)


@rule(
    "chained-share",
    severity="fail",
    description=(
        "A share of a share implies a share of the larger whole; a stated one must agree."
    ),
)
def chained_share(facts: Facts) -> Iterator[Finding]:
    """A share of a share implies a share of the larger whole; a stated one must agree.

    The inner share's whole must be the outer share's part (directly or
    through ``same_as`` links) and the two must measure alike, or one of them
    must leave its measure unspecified (then the finding names the assumption).
    """
    found = False
    # Outer shares by what their part is the same as: a share of a share pairs within a group.
    by_part = _grouped(facts, facts.shares(), lambda s: s.quantity or "")
    for inner in facts.shares():
        for outer in by_part.get(facts.same_as_group(inner.whole or ""), []):
            if inner is outer:
                continue
            if not _measures_fit(inner.measure, outer.measure):
                continue
            found = True
            chained = (inner.interval * outer.interval / 100).clip(0, 100)
            if chained is None or not (inner.quantity and outer.whole):
                continue
            part, whole = _name(facts, inner.quantity), _name(facts, outer.whole)
            caveat = (
                ""
                if inner.measure == outer.measure
                else (f" (assuming {outer.cite} counts {inner.measure} too)")
            )
            derived = Derived(
                f"chain:{inner.key}*{outer.key}",
                f"Share of {whole}: {part}",
                chained,
                "percent",
                f"{inner.key} × {outer.key} / 100",
            )
            yield Finding(
                f"{inner.key}*{outer.key}",
                "info",
                f"{inner.cite} of {outer.cite} puts {part} at "
                f"{show(chained, 'percent')} of {whole}{caveat}",
                (inner.key, outer.key),
                chained,
                "percent",
                (derived,),
            )
            for stated_share in _stated_share(facts, inner.quantity, outer.whole):
                agree = stated_share.interval.overlaps(chained)
                yield Finding(
                    f"{inner.key}*{outer.key}:{stated_share.key}",
                    "pass" if agree else "violation",
                    f"{stated_share.cite} {'agrees' if agree else 'disagrees'} with the chained "
                    f"{show(chained, 'percent')}",
                    (inner.key, outer.key, stated_share.key),
                    stated_share.interval,
                    "percent",
                )
    if not found:
        yield Finding("none", "info", "No share is stated of a whole that is itself a share.", ())


# -- 8 ----------------------------------------------------------------------------


@rule(
    "value-vs-volume",
    severity="warn",
    description=(
        "One party's value and volume shares of the same market give its relative price per unit."
    ),
)
def value_vs_volume(facts: Facts) -> Iterator[Finding]:
    """One party's value and volume shares of one market give its relative price per unit.

    A value share divided by the volume share of the same subject in the same
    whole is the subject's price relative to the market average; it is
    reported as information.
    """
    found = False
    # Volume shares by subject and by what their whole is the same as.
    volumes = [s for s in facts.shares() if s.measure == "volume"]
    by_whole = _grouped(facts, volumes, lambda s: s.whole or "", lambda s: s.subject)
    for value_share in facts.shares():
        if value_share.measure != "value":
            continue
        for volume_share in by_whole.get(
            (facts.same_as_group(value_share.whole or ""), value_share.subject), []
        ):
            found = True
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
            yield Finding(
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
    if not found:
        yield Finding(
            "none", "info", "No party has both a value share and a volume share of one market.", ()
        )


# -- 9 ----------------------------------------------------------------------------


@rule(
    "rank-claims",
    severity="fail",
    description=(
        "Claims of one rank in one ranking name the same subject (or one inside the "
        "other), and a ranked share leaves room for the ranks above it."
    ),
)
def rank_claims(facts: Facts) -> Iterator[Finding]:
    ranked = [f for f in facts.figures if f.unit == "rank" and f.ranking]
    groups: dict[tuple[str, float], list[Fact]] = {}
    for claim in ranked:
        groups.setdefault((claim.ranking or "", claim.value), []).append(claim)
    lone = 0
    for (ranking, rank), claims in groups.items():
        if len(claims) == 1:
            lone += 1
            continue
        yield _same_rank(facts, ranking, int(rank), claims)
    for claim in ranked:
        info = facts.rankings[claim.ranking or ""]
        if info.share_whole and claim.quantity:
            for share in _stated_share(facts, claim.quantity, info.share_whole):
                yield _rank_room(facts, claim, share)
    if lone:
        yield Finding(
            "lone",
            "pass",
            f"{lone} other rank claims stand alone in their rankings; none contradicts another.",
            tuple(sorted(c[0].key for c in groups.values() if len(c) == 1)),
        )


def _same_rank(facts: Facts, ranking: str, rank: int, claims: list[Fact]) -> Finding:
    """Whether several claims of one rank in one ranking can all hold.

    They can when they name one subject, or subjects that lie one inside the
    other (Antwerp and Belgium); two unrelated subjects cannot share a rank.
    """
    name = mid_sentence(facts.rankings[ranking].name, facts.proper_words)
    subjects = list(dict.fromkeys(c.subject for c in claims))
    keys = tuple(c.key for c in claims)
    cited = ", ".join(c.cite for c in claims)
    clash = [
        (a, b)
        for a, b in combinations(subjects, 2)
        if not (facts.inside(a, b) or facts.inside(b, a))
    ]
    if clash:
        first, second = clash[0]
        return Finding(
            f"{ranking}:{rank}",
            "violation",
            f"{facts.entity_names[first]} and {facts.entity_names[second]} both claim rank "
            f"{rank} among {name}: {cited}",
            keys,
        )
    if len(subjects) == 1:
        why = f"all name {facts.entity_names[subjects[0]]}"
    else:
        pairs = [(a, b) if facts.inside(a, b) else (b, a) for a, b in combinations(subjects, 2)]
        why = "; ".join(
            f"{facts.entity_names[a]} lies in {facts.entity_names[b]}" for a, b in pairs
        )
    return Finding(
        f"{ranking}:{rank}",
        "pass",
        f"{len(claims)} claims of rank {rank} among {name} agree ({why}): {cited}",
        keys,
    )


def _rank_room(facts: Facts, claim: Fact, share: Fact) -> Finding:
    """Whether a share stated with a rank leaves room for the ranks above it.

    The subject ranked ``rank`` holds at least ``share``'s lower end, so each of
    the ``rank`` - 1 above it holds as much: together they must fit in 100 %,
    and what is left bounds the share of the first.
    """
    rank = int(claim.value)
    name = mid_sentence(facts.rankings[claim.ranking or ""].name, facts.proper_words)
    floor = share.interval.low
    if rank * floor > 100:
        return Finding(
            f"{claim.key}:{share.key}",
            "violation",
            f"{claim.cite} with {share.cite}: "
            f"{rank} items of at least {floor:g} % each exceed 100 %",
            (claim.key, share.key),
            share.interval,
            "percent",
        )
    leader = Interval(floor, 100 - (rank - 1) * floor) if rank > 1 else share.interval
    derived = Derived(
        f"leader:{claim.ranking}",
        f"Share of the first of {name}",
        leader,
        "percent",
        f"[{share.key}.low, 100 − ({rank} − 1) × {share.key}.low]",
    )
    above = (
        "the one ranked above it holds"
        if rank == 2
        else f"the {rank - 1} ranked above it each hold"
    )
    message = (
        f"{claim.cite} at {share.cite}: {above} at least {floor:g} %, so the first of "
        f"{name} holds {show(leader, 'percent')}"
        if rank > 1
        else f"{claim.cite} at {share.cite}: the leader's share is stated"
    )
    return Finding(
        f"{claim.key}:{share.key}",
        "pass",
        message,
        (claim.key, share.key),
        leader,
        "percent",
        (derived,) if rank > 1 else (),
    )


# -- figures over time (see dbtool.checks.series) ---------------------------------


def _series(name: str) -> RuleFunction:
    def run(facts: Facts) -> Iterator[Finding]:
        return series_findings(facts, name)

    run.__name__ = name.replace("-", "_")
    run.__doc__ = f"The {name} findings of the series solver."
    return run


for _rule_name, (_severity, _description) in SERIES_RULES.items():
    declare(_rule_name, _severity, _description, _series(_rule_name))
