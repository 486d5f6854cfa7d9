"""Rank claims: against each other, against a ranked share, and against the values ranked.

"The world's largest diamond miner" in two documents must name one subject
(or one inside the other: Antwerp and Belgium); "third, with 40 %" leaves no
room for two ranks above it each holding more; and when a ranking lists the
quantities it ranks (its members), "second by volume with 14.2 million
carats" is held against every member's value in the same period, stated or
derived: it fails when more than one member is surely above it, or none can
be, and a tie within rounding is reported as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import combinations

from dbtool.checks import Derived, Finding, show
from dbtool.checks.facts import Fact, Facts, RankingInfo
from dbtool.checks.readings import Reading
from dbtool.checks.solver import solve
from dbtool.checks.variables import Span, Value, span_of
from dbtool.core.intervals import Interval
from dbtool.display import format_period, mid_sentence


def rank_claims(facts: Facts) -> Iterator[Finding]:
    """Every rank claim: checked against the others of its rank, ranking and period, a share
    it is stated with, and the values of its ranking's members."""
    ranked = [f for f in facts.figures if f.unit == "rank" and f.ranking]
    groups: dict[tuple[str, float, object], list[Fact]] = {}
    for claim in ranked:
        groups.setdefault((claim.ranking or "", claim.value, span_of(claim.period)), []).append(
            claim
        )
    lone = []
    for (ranking, rank, _span), claims in groups.items():
        if len(claims) == 1:
            lone.append(claims[0].key)
            continue
        yield _same_rank(facts, ranking, int(rank), claims)
    for claim in ranked:
        info = facts.rankings[claim.ranking or ""]
        if info.share_whole and claim.quantity:
            for share in facts.shares_of(claim.quantity, info.share_whole):
                if span_of(share.period) == span_of(claim.period):
                    yield _rank_room(facts, claim, share)
        for ranking in _rankings_of(facts, claim, info):
            found = _against_values(facts, claim, ranking)
            if found is not None:
                yield found
    if lone:
        yield lone_claims(lone)


def lone_claims(lone: list[str]) -> Finding:
    """The one finding of the rank claims that stand alone: their keys, ``lone``."""
    return Finding(
        "lone",
        "pass",
        f"{len(lone)} other rank claims stand alone in their rankings; none contradicts another.",
        tuple(sorted(lone)),
    )


def _rankings_of(facts: Facts, claim: Fact, own: RankingInfo) -> list[RankingInfo]:
    """The rankings a claim is held against: its own when it lists members, and every other
    that ranks the claim's quantity (a table's ranking of producers), by the same measure
    and from the same end. "Russia remained the largest producer" in a release is then
    held against the statistics' ranking as well as against the release's own figures."""
    if claim.quantity is None:
        return []
    readings = solve(facts).readings
    assert readings is not None
    index = facts.__dict__.get("_rankings_by_member")
    if index is None:
        index = {}
        for ranking in facts.rankings.values():
            for member in ranking.members if ranking.within is None else ():
                index.setdefault(readings.root(member), []).append(ranking)
        facts.__dict__["_rankings_by_member"] = index
    found = [own] if own.members else []
    for other in index.get(readings.root(claim.quantity), []):
        same_way = other.ascending == own.ascending
        measure = own.measure in ("unspecified", other.measure)
        if other.key != own.key and same_way and measure:
            found.append(other)
    return found


def _same_rank(facts: Facts, ranking: str, rank: int, claims: list[Fact]) -> Finding:
    """Whether several claims of one rank in one ranking can all hold.

    They can when they name one subject, or subjects that lie one inside the
    other (Antwerp and Belgium); two unrelated subjects cannot share a rank.
    """
    name = mid_sentence(facts.rankings[ranking].name, facts.proper_words)
    subjects = list(dict.fromkeys(c.subject for c in claims))
    keys = tuple(c.key for c in claims)
    cited = ", ".join(c.cite for c in claims)
    when = claims[0].period
    at = f"{ranking}:{rank}" + (f"@{when.label()}" if when else "")
    clash = [
        (a, b)
        for a, b in combinations(subjects, 2)
        if not (facts.inside(a, b) or facts.inside(b, a))
    ]
    if clash:
        first, second = clash[0]
        return Finding(
            at,
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
        at,
        "pass",
        f"{len(claims)} claims of rank {rank} among {name} agree ({why}): {cited}",
        keys,
    )


def _rank_room(facts: Facts, claim: Fact, share: Fact) -> Finding:
    """Whether a share stated with a rank leaves room for the ranks above it.

    The subject ranked ``rank`` holds at least ``share``'s lower end, so each of
    the ranks above holds at least as much: they must all fit in 100 %. When
    they do, the leader's share is bounded from both sides.
    """
    rank = int(claim.value)
    name = mid_sentence(facts.rankings[claim.ranking or ""].name, facts.proper_words)
    floor = share.interval.low
    if rank * floor > 100:
        return Finding(
            f"{claim.key}:{share.key}",
            "violation",
            f"{claim.cite} with {share.cite}: {rank} items of at least {floor:g} % each exceed "
            "100 %",
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


def _against_values(facts: Facts, claim: Fact, ranking: RankingInfo) -> Finding | None:
    """A rank claim against the values its ranking ranks, in the claim's period: members'
    values, or (a ranking ``within`` a period) the sub-periods of its one member."""
    solution = solve(facts)
    readings = solution.readings
    assert readings is not None
    own = readings.resolve(claim.quantity or "", ranking.measure)
    if own is None:
        return None
    span = span_of(claim.period)
    if ranking.within is not None and ranking.step is not None:
        contenders = {
            format_period(s.start, s.end): solution.values.get(("amount", own, s))
            for s in _steps(span_of(ranking.within), ranking.step)  # type: ignore[arg-type]
            if s != span
        }
    else:
        contenders = {}
        for member in ranking.members:
            reading = readings.resolve(member, ranking.measure)
            if reading is None or reading.root == own.root:
                continue
            contenders[_member_name(facts, member)] = solution.values.get(("amount", reading, span))
    value = solution.values.get(("amount", own, span))
    if value is None or not contenders:
        return None
    return _rank_finding(facts, claim, ranking, own, value, contenders)


def _rank_finding(
    facts: Facts,
    claim: Fact,
    ranking: RankingInfo,
    own: Reading,
    value: Value,
    contenders: dict[str, Value | None],
) -> Finding:
    """Where the claimed member can rank among the contenders, and whether the claim fits."""
    mine = value.interval
    sure, maybe, unknown, tied = [], [], 0, []
    for name, other in contenders.items():
        if other is None:
            unknown += 1
            continue
        theirs = other.interval
        surely_above = theirs.low > mine.high if not ranking.ascending else theirs.high < mine.low
        maybe_above = theirs.high >= mine.low if not ranking.ascending else theirs.low <= mine.high
        if surely_above:
            sure.append((name, other))
        elif maybe_above:
            maybe.append((name, other))
            if theirs.overlaps(mine):
                tied.append(name)
    best, worst = 1 + len(sure), 1 + len(sure) + len(maybe) + unknown
    rank = int(claim.value)
    figures = tuple(
        sorted({claim.key, *value.figures, *(f for _, v in sure + maybe for f in v.figures)})
    )
    where = _ordinal(best) if best == worst else f"{_ordinal(best)} to {_ordinal(worst)}"
    above = "; ".join(f"{name} ({show(v.interval, v.unit)})" for name, v in sure)
    shown = show(mine, value.unit)
    at = f"{ranking.key}:{own.root}@{claim.period.label() if claim.period else 'any'}:values"
    complete = _complete(ranking, claim)
    if best <= rank <= worst or (rank > worst and not complete):
        tie = f"; a tie within rounding with {', '.join(tied)}" if tied else ""
        unlisted = (
            ""
            if complete
            else f"; {name_of(facts, ranking)} lists only some, so others may rank above it"
        )
        return Finding(
            at,
            "pass",
            f"{claim.cite} ({shown}) can rank {where} among {len(contenders) + 1} "
            f"{'(counting from the smallest) ' if ranking.ascending else ''}by the values "
            f"stated{tie}{unlisted}",
            figures,
        )
    why = (
        f"{above} {'is' if len(sure) == 1 else 'are'} surely above it"
        if rank < best
        else f"no more than {worst - 1} of the others can be above it"
    )
    return Finding(
        at,
        "violation",
        f"{claim.cite} ({shown}) cannot rank {_ordinal(rank)}: {why}, so it ranks {where}",
        figures,
    )


def _complete(ranking: RankingInfo, claim: Fact) -> bool:
    """Whether a ranking's members are all that can rank above its last in the claim's
    period: always, unless it is partial; a partial one only within ``complete``."""
    if not ranking.partial:
        return True
    period, complete = claim.period, ranking.complete
    return bool(
        period and complete and complete.start <= period.start <= period.end <= complete.end
    )


def name_of(facts: Facts, ranking: RankingInfo) -> str:
    """A ranking's name mid-sentence ("the world's rough diamond producers, by value")."""
    return mid_sentence(ranking.name, facts.proper_words)


def _member_name(facts: Facts, member: str) -> str:
    info = facts.quantities.get(member)
    return info.name if info is not None else member


def _steps(within: Span | None, step: str) -> list[Span]:
    """The months, quarters or years within a period, as spans."""
    if within is None:
        return []
    months = {"month": 1, "quarter": 3, "year": 12}[step]
    spans, start = [], within.start
    while start <= within.end:
        index = start.year * 12 + start.month - 1 + months
        following = dt.date(index // 12, index % 12 + 1, 1)
        spans.append(Span(start, following - dt.timedelta(days=1)))
        start = following
    return spans


def _ordinal(rank: int) -> str:
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"
