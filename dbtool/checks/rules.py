"""The rules: each a function from ``Facts`` to findings, registered by name.

The name is the rule's stable id; its description and severity are rows of
``check_rules`` (migration 0002), and a test keeps the two lists equal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from itertools import combinations
from typing import Any

from dbtool.checks import Derived, Finding, show
from dbtool.checks.estimates import Estimate, all_estimates, stated_estimates
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.series import SERIES_RULES, series_findings
from dbtool.core.intervals import Interval
from dbtool.display import format_period, mid_sentence

Rule = Callable[[Facts], Iterator[Finding]]
RULES: dict[str, Rule] = {}

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


def _allowed(facts: Facts, f: Fact) -> tuple[float, float]:
    """Where a figure's value may lie: a change may fall by 100 % at most; a net may be < 0."""
    if f.unit == "percent" and f.is_change:
        return -100.0, math.inf
    info = facts.quantities.get(f.quantity or "")
    if f.unit == "USD" and info is not None and info.signed:
        return -math.inf, math.inf
    return UNIT_BOUNDS[f.unit]


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        RULES[name] = function
        return function

    return register


def _can_be_at_most(a: Interval, b: Interval) -> bool:
    """Whether some member of ``a`` is ≤ some member of ``b``."""
    if a.low < b.high:
        return True
    return a.low == b.high and a.low_inclusive and b.high_inclusive


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


@rule("bounds")
def bounds(facts: Facts) -> Iterator[Finding]:
    bad = 0
    for f in facts.figures:
        low, high = _allowed(facts, f)
        allowed = Interval(low, high, math.isfinite(low), math.isfinite(high))
        if not allowed.contains(f.value) or not f.interval.overlaps(allowed):
            bad += 1
            yield Finding(
                f"figure:{f.key}",
                "violation",
                f"{f.cite} states {f.value:g} {f.unit}, outside {show(allowed, f.unit)}",
                (f.key,),
                f.interval,
                f.unit,
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


@rule("part-within-whole")
def part_within_whole(facts: Facts) -> Iterator[Finding]:
    stated = stated_estimates(facts)
    checked = 0
    for part, whole in _pairs(facts):
        if part not in stated or whole not in stated:
            continue
        p, w = stated[part][0], stated[whole][0]
        checked += 1
        figures = (*p.figures, *w.figures)
        verdict = "≤" if _can_be_at_most(p.interval, w.interval) else "exceeds"
        outcome = "pass" if verdict == "≤" else "violation"
        yield Finding(
            f"{part}/{whole}",
            outcome,
            f"{facts.quantities[part].name}: {show(p.interval, p.unit)} {verdict} "
            f"{show(w.interval, w.unit)}, {_name(facts, whole)}",
            figures,
            p.interval,
            p.unit,
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
    for f in facts.amounts(quantity):
        known = out.get(f.period)
        if known is None:
            out[f.period] = (f.interval, (f.key,))
        else:
            meet = known[0].intersection(f.interval)
            if meet is not None:  # contradicting statements are the same-period rule's
                out[f.period] = (meet, (*known[1], f.key))
    return out


@rule("count-share")
def count_share(facts: Facts) -> Iterator[Finding]:
    stated = stated_estimates(facts)
    found = False
    for part, whole in _pairs(facts):
        p, w = stated.get(part, [None])[0], stated.get(whole, [None])[0]
        if p is None or w is None or p.unit != "count" or w.unit != "count" or w.interval.high <= 0:
            continue
        found = True
        # Not clipped to 100: a part larger than its whole shows as a share above 100 %.
        share = p.interval / w.interval.clip(1e-300, math.inf) * 100
        formula = f"{p.figures[0]} / {w.figures[0]} × 100"
        derived = Derived(
            f"share:{part}/{whole}",
            f"Share of {_name(facts, whole)} that is {_name(facts, part)}",
            share,
            "percent",
            formula,
        )
        figures = (*p.figures, *w.figures)
        yield Finding(
            f"{part}/{whole}",
            "info",
            f"{show(p.interval, 'count')} of {show(w.interval, 'count')} is "
            f"{show(share, 'percent')}: the share of {_name(facts, whole)} "
            f"that is {_name(facts, part)}",
            figures,
            share,
            "percent",
            (derived,),
        )
        for s in _stated_share(facts, part, whole):
            agree = s.interval.overlaps(share)
            yield Finding(
                f"{part}/{whole}:{s.key}",
                "pass" if agree else "violation",
                f"{s.cite} {'agrees' if agree else 'disagrees'} with "
                f"{show(p.interval, 'count')} of {show(w.interval, 'count')} = "
                f"{show(share, 'percent')}",
                (*figures, s.key),
                s.interval,
                "percent",
            )
    if not found:
        yield Finding("none", "info", "No part and whole are both counted; no share to derive.", ())


@rule("granularity")
def granularity(facts: Facts) -> Iterator[Finding]:
    stated = stated_estimates(facts)
    found = False
    for s in facts.shares():
        w = stated.get(s.whole or "", [None])[0]
        if w is None or w.unit != "count" or not w.interval.is_point or w.interval.low < 1:
            continue
        found = True
        n = int(w.interval.low)
        reachable = _reachable(s.interval, n, 3)
        figures = (s.key, *w.figures)
        if reachable:
            shown = ", ".join(f"{k}/{n} = {100 * k / n:.4g} %" for k in reachable[:3])
            yield Finding(
                f"{s.key}",
                "pass",
                f"{s.cite} is reachable as {shown}",
                figures,
                s.interval,
                "percent",
            )
            continue
        below = math.floor(s.value * n / 100)
        near = ", ".join(
            f"{k}/{n} = {100 * k / n:.4g} %" for k in (below, below + 1) if 0 <= k <= n
        )
        yield Finding(
            f"{s.key}",
            "violation",
            f"{s.cite} cannot be a whole number of {n}: the nearest are {near}",
            figures,
            s.interval,
            "percent",
        )
    if not found:
        yield Finding(
            "none",
            "info",
            "No percentage is stated of an exactly counted whole; nothing to test.",
            (),
        )


def _reachable(share: Interval, n: int, most: int) -> list[int]:
    """The first ``most`` whole numbers k ≤ n with k/n in ``share`` (as a percentage).

    100 k / n grows with k, so the k that fit are consecutive: start just
    below the share's lower end instead of trying every k from 0 to n.
    """
    low = share.low if math.isfinite(share.low) else 0.0
    k = max(0, math.floor(low * n / 100) - 2)
    found: list[int] = []
    while k <= n and len(found) < most:
        x = 100 * k / n
        if x > share.high:
            break
        if share.contains(x):
            found.append(k)
        k += 1
    return found


# -- 5 ----------------------------------------------------------------------------


@rule("shares-of-whole")
def shares_of_whole(facts: Facts) -> Iterator[Finding]:
    counts = stated_estimates(facts)
    for p in facts.partitions:
        shares = [s for part in p.parts for s in _stated_share(facts, part, p.whole)]
        if shares:
            yield _share_sum(facts, p.key, p.name, p.whole, p.exhaustive, shares)
        sized = [counts[part][0] for part in p.parts if part in counts]
        if sized and p.whole in counts:
            yield _count_sum(facts, p.key, p.name, p.exhaustive, sized, counts[p.whole][0])
    if not facts.partitions:
        yield Finding("none", "info", "No whole is declared split into disjoint parts.", ())


def _share_sum(
    facts: Facts, key: str, name: str, whole: str, exhaustive: bool, shares: list[Fact]
) -> Finding:
    total = shares[0].interval
    for s in shares[1:]:
        total = total + s.interval
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
    total = parts[0].interval
    for e in parts[1:]:
        total = total + e.interval
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


@rule("implied-quantity")
def implied_quantity(facts: Facts) -> Iterator[Finding]:
    estimates = all_estimates(facts)
    found = False
    for quantity, group in estimates.items():
        name = _name(facts, quantity)
        implied = [e for e in group if not e.stated and not e.via_link]
        for n, e in enumerate(implied, 1):
            found = True
            key = f"{quantity}#{n}" if len(implied) > 1 else quantity
            basis = f", taking {'; '.join(e.assumptions)}" if e.assumptions else ""
            derived = Derived(
                f"implied:{key}", facts.quantities[quantity].name, e.interval, e.unit, e.formula
            )
            yield Finding(
                key,
                "info",
                f"{e.words} puts {name} at {show(e.interval, e.unit)}{basis}",
                tuple(sorted(set(e.figures))),
                e.interval,
                e.unit,
                (derived,),
            )
    # One disagreement shows at every quantity its claims reach; report it once, where
    # the two chains are shortest.
    pairs: dict[frozenset[str], tuple[int, str, Estimate, Estimate]] = {}
    for quantity, group in estimates.items():
        for a, b in combinations(group, 2):
            if a.used <= b.used or b.used <= a.used:
                continue  # one rests on the other: no independent second claim
            length = max(len(a.used), len(b.used))
            known = pairs.get(a.used | b.used)
            if known is None or length < known[0]:
                pairs[a.used | b.used] = (length, quantity, a, b)
    for _, quantity, a, b in pairs.values():
        found = True
        agree = a.interval.overlaps(b.interval)
        yield Finding(
            f"{quantity}:agree:{'+'.join(sorted(a.used | b.used))}",
            "pass" if agree else "violation",
            f"{facts.quantities[quantity].name}: {show(a.interval, a.unit)} "
            f"from {a.words} "
            f"and {show(b.interval, b.unit)} from {b.words} "
            f"{'overlap' if agree else 'cannot both hold'}",
            tuple(sorted(set(a.figures) | set(b.figures))),
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
    for s in shares:
        group = facts.same_as_group(quantity(s))
        groups.setdefault(group if also is None else (group, also(s)), []).append(s)
    return groups


def _measures_fit(a: str, b: str) -> bool:
    return a == b or "unspecified" in (a, b)


@rule("chained-share")
def chained_share(facts: Facts) -> Iterator[Finding]:
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
            for s in _stated_share(facts, inner.quantity, outer.whole):
                agree = s.interval.overlaps(chained)
                yield Finding(
                    f"{inner.key}*{outer.key}:{s.key}",
                    "pass" if agree else "violation",
                    f"{s.cite} {'agrees' if agree else 'disagrees'} with the chained "
                    f"{show(chained, 'percent')}",
                    (inner.key, outer.key, s.key),
                    s.interval,
                    "percent",
                )
    if not found:
        yield Finding("none", "info", "No share is stated of a whole that is itself a share.", ())


# -- 8 ----------------------------------------------------------------------------


@rule("value-vs-volume")
def value_vs_volume(facts: Facts) -> Iterator[Finding]:
    found = False
    # Volume shares by subject and by what their whole is the same as.
    volumes = [s for s in facts.shares() if s.measure == "volume"]
    by_whole = _grouped(facts, volumes, lambda s: s.whole or "", lambda s: s.subject)
    for v in facts.shares():
        if v.measure != "value":
            continue
        for q in by_whole.get((facts.same_as_group(v.whole or ""), v.subject), []):
            found = True
            price = v.interval / q.interval
            basis = (
                ""
                if q.measure_basis == "stated"
                else f" (that {q.written} is by volume is {q.measure_basis})"
            )
            derived = Derived(
                f"price:{v.key}/{q.key}",
                f"{v.subject_name}'s price per unit relative to the market average",
                price,
                "ratio",
                f"{v.key} / {q.key}",
            )
            yield Finding(
                f"{v.key}/{q.key}",
                "info",
                f"{v.subject_name}: {v.cite} of value over {q.cite} of volume gives a "
                f"relative price of {show(price, 'ratio')} × the market average{basis}",
                (v.key, q.key),
                price,
                "ratio",
                (derived,),
            )
    if not found:
        yield Finding(
            "none", "info", "No party has both a value share and a volume share of one market.", ()
        )


# -- 9 ----------------------------------------------------------------------------


@rule("rank-claims")
def rank_claims(facts: Facts) -> Iterator[Finding]:
    ranked = [f for f in facts.figures if f.unit == "rank" and f.ranking]
    groups: dict[tuple[str, float], list[Fact]] = {}
    for f in ranked:
        groups.setdefault((f.ranking or "", f.value), []).append(f)
    lone = 0
    for (ranking, rank), claims in groups.items():
        if len(claims) == 1:
            lone += 1
            continue
        yield _same_rank(facts, ranking, int(rank), claims)
    for f in ranked:
        info = facts.rankings[f.ranking or ""]
        if info.share_whole and f.quantity:
            for s in _stated_share(facts, f.quantity, info.share_whole):
                yield _rank_room(facts, f, s)
    if lone:
        yield Finding(
            "lone",
            "pass",
            f"{lone} other rank claims stand alone in their rankings; none contradicts another.",
            tuple(sorted(c[0].key for c in groups.values() if len(c) == 1)),
        )


def _same_rank(facts: Facts, ranking: str, rank: int, claims: list[Fact]) -> Finding:
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
        a, b = clash[0]
        return Finding(
            f"{ranking}:{rank}",
            "violation",
            f"{facts.entity_names[a]} and {facts.entity_names[b]} both claim rank "
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


def _rank_room(facts: Facts, f: Fact, s: Fact) -> Finding:
    k = int(f.value)
    name = mid_sentence(facts.rankings[f.ranking or ""].name, facts.proper_words)
    floor = s.interval.low
    if k * floor > 100:
        return Finding(
            f"{f.key}:{s.key}",
            "violation",
            f"{f.cite} with {s.cite}: {k} items of at least {floor:g} % each exceed 100 %",
            (f.key, s.key),
            s.interval,
            "percent",
        )
    leader = Interval(floor, 100 - (k - 1) * floor) if k > 1 else s.interval
    derived = Derived(
        f"leader:{f.ranking}",
        f"Share of the first of {name}",
        leader,
        "percent",
        f"[{s.key}.low, 100 − ({k} − 1) × {s.key}.low]",
    )
    above = "the one ranked above it holds" if k == 2 else f"the {k - 1} ranked above it each hold"
    message = (
        f"{f.cite} at {s.cite}: {above} at least {floor:g} %, so the first of "
        f"{name} holds {show(leader, 'percent')}"
        if k > 1
        else f"{f.cite} at {s.cite}: the leader's share is stated"
    )
    return Finding(
        f"{f.key}:{s.key}",
        "pass",
        message,
        (f.key, s.key),
        leader,
        "percent",
        (derived,) if k > 1 else (),
    )


# -- figures over time (see dbtool.checks.series) ---------------------------------


def _series(name: str) -> Rule:
    def run(facts: Facts) -> Iterator[Finding]:
        return series_findings(facts, name)

    run.__name__ = name.replace("-", "_")
    run.__doc__ = f"The {name} findings of the series solver."
    return run


for _series_rule in SERIES_RULES:
    rule(_series_rule)(_series(_series_rule))
