"""The facts a small hand-made seed states, built in memory: rule tests without a database.

A rule is a function of ``Facts``; loading a seed into a database to get them
costs a migration per test. ``facts(wording, **sections)`` takes the sections
of a ``tests.seedkit`` seed, validates them with the seed format's model, and
builds the ``Facts`` the loader and ``load_facts`` would: the same intervals
(from the database's own qualifier and precision rules, read once per
session), the same order of figures, the same names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dbtool.checks.engine import FinishedRun, RuleInfo, evaluate
from dbtool.checks.facts import (
    ComparisonInfo,
    Fact,
    Facts,
    Link,
    PartitionInfo,
    QuantityInfo,
    RankingInfo,
    RatioInfo,
    ReadingInfo,
    SumInfo,
    snippet,
)
from dbtool.core.intervals import Interval
from dbtool.core.periods import parse_period
from dbtool.core.wording import QualifierRule, directed_interval, precision_for, stated_value
from dbtool.seedformat.model import SeedFile
from tests.seedkit import ENTITIES

DOCUMENT = {
    "slug": "tiny",
    "title": "Tiny",
    "file": "tiny.txt",
    "published_on": "2020-01-01",
    "published_on_basis": "stated",
    "dateline": {"place": "fredville", "quote": "Fredville"},
}


@dataclass(frozen=True)
class Wording:
    """What a migrated database says about wording and rules: read once per session."""

    qualifiers: dict[str, QualifierRule]
    precision: dict[str, str]
    severity: dict[str, str]


def facts(wording: Wording, **sections: list[dict[str, Any]]) -> Facts:
    """The facts of a seed with these sections (and ``tests.seedkit``'s entities)."""
    seed = SeedFile.model_validate({"document": DOCUMENT, **ENTITIES, **sections})
    names = {e.key: e.name for group in (seed.places, seed.organisations) for e in group}
    order = {q.key: i for i, q in enumerate(seed.quantities)}
    built = Facts(
        quantities={
            q.key: QuantityInfo(q.key, q.name, q.measure, q.unit, q.flow, q.signed)
            for q in seed.quantities
        },
        links=[Link(k.part, k.whole, k.relation, k.basis) for k in seed.links],
        partitions=sorted(
            (
                PartitionInfo(p.key, p.name, p.whole, p.exhaustive, tuple(sorted(p.parts)))
                for p in seed.partitions
            ),
            key=lambda p: p.key,
        ),
        rankings={
            r.key: RankingInfo(
                r.key,
                r.name,
                r.measure,
                r.share_whole,
                tuple(sorted(r.members)),
                r.ascending,
                parse_period(r.within) if r.within else None,
                r.step,
                r.partial,
                parse_period(r.complete_in) if r.complete_in else None,
            )
            for r in sorted(seed.rankings, key=lambda r: r.key)
        },
        comparisons=[
            ComparisonInfo(
                c.key,
                c.quote,
                c.subject,
                c.quantity,
                parse_period(c.period),
                c.relation,
                c.other or c.quantity,
                parse_period(c.other_period or c.period),
                "tiny",
            )
            for c in sorted(seed.comparisons, key=lambda c: c.key)
        ],
        place_parent={p.key: p.country for p in seed.places if p.country},
        entity_names=names,
        sums=sorted(
            (
                SumInfo(
                    x.key,
                    x.name,
                    x.total,
                    tuple(
                        sorted(
                            [(q, 1) for q in x.parts] + [(q, -1) for q in x.minus],
                            key=lambda term: (-term[1], order.get(term[0], 0)),
                        )
                    ),
                    "tiny",
                )
                for x in seed.sums
            ),
            key=lambda x: x.key,
        ),
        readings=sorted(
            (
                ReadingInfo(
                    r.key,
                    r.name,
                    r.quantity,
                    tuple(
                        sorted(
                            [(q, 1) for q in r.parts] + [(q, -1) for q in r.minus],
                            key=lambda term: (-term[1], order.get(term[0], 0)),
                        )
                    ),
                    "tiny",
                )
                for r in seed.readings
            ),
            key=lambda r: r.key,
        ),
        ratios=sorted(
            (
                RatioInfo(r.key, r.name, r.result, r.numerator, r.denominator, "tiny")
                for r in seed.ratios
            ),
            key=lambda r: r.key,
        ),
    )
    for f in seed.figures:
        number = stated_value(f.written, f.unit)
        precision = f.precision
        if precision is None:
            precision = precision_for(number.last_digit, number.scaled, wording.precision[f.unit])
        value = -f.value if f.direction == "down" else f.value
        rule = wording.qualifiers[f.qualifier]
        low, high, low_inclusive, high_inclusive = directed_interval(
            f.value, precision, rule, f.direction
        )
        start = f.quote.find(f.written)
        built.figures.append(
            Fact(
                key=f.key,
                written=f.written,
                snippet=snippet(f.quote, start, start + len(f.written)),
                value=value,
                unit=f.unit,
                interval=Interval.from_bounds(low, high, low_inclusive, high_inclusive),
                subject=f.subject,
                subject_name=names[f.subject],
                metric=f.metric,
                measure=f.measure,
                measure_basis=f.measure_basis,
                quantity=f.quantity,
                whole=f.whole,
                ranking=f.ranking,
                document="tiny",
                period=parse_period(f.period) if f.period else None,
                base_period=parse_period(f.base_period) if f.base_period else None,
                revises=f.revises,
            )
        )
    return built


def check(wording: Wording, rules: list[str], **sections: list[dict[str, Any]]) -> FinishedRun:
    """The run the engine would store for these rules over these sections."""
    selected = [RuleInfo(name, "", wording.severity[name]) for name in rules]
    results = evaluate(facts(wording, **sections), selected)
    now = dt.datetime.now(dt.UTC)
    return FinishedRun(0, now, now, "memory", rules, results)


def fact(
    key: str,
    quantity: str,
    period: str,
    value: float,
    half: float,
    unit: str = "USD",
    whole: str | None = None,
    base: str | None = None,
    sign: int = 1,
) -> Fact:
    """A stated figure made directly (no seed, no database), ``value ± half`` (a fall,
    ``sign`` -1, its negation): for property tests that solve thousands of fact sets."""
    interval = Interval(value - half, value + half)
    return Fact(
        key,
        key,
        key,
        sign * value,
        unit,
        -interval if sign < 0 else interval,
        "acme",
        "Acme",
        key,
        "value",
        "stated",
        quantity,
        whole,
        None,
        "doc",
        parse_period(period),
        parse_period(base) if base else None,
    )
