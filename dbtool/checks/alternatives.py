"""The readings of an ambiguous quantity, each checked against everything stated.

"Antwerp's rough diamond trade" may count imports and exports, or imports
only; a seed that cannot tell declares both (``[[readings]]``: each a sum of
other quantities). Taking one would be a verdict on a guess. Instead every
rule is run again with each reading added as one more sum — the solver
(:mod:`dbtool.checks.solver`) then derives through it as through any sum, in
the dimensions :mod:`dbtool.checks.readings` gives each quantity — and what
the reading changes is compared with the run without it: a violation it
brings means the reading contradicts something stated; checks it brings
that pass mean the figures bear it out. The report says which readings are
consistent ("consistent if 'trade' means imports; inconsistent if imports +
exports: …"); the rule fails only when every reading contradicts something,
for then the figures cannot all hold whatever the quantity means.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator

from dbtool.checks import Finding
from dbtool.checks.facts import Facts, ReadingInfo, SumInfo
from dbtool.checks.registry import RULES
from dbtool.display import mid_sentence

NAME = "readings"
Found = tuple[str, Finding]  # (rule, finding)


def reading_verdicts(facts: Facts) -> Iterator[Finding]:
    """For each ambiguous quantity, which of its readings agree with every figure."""
    groups: dict[str, list[ReadingInfo]] = {}
    for reading in facts.readings:
        groups.setdefault(reading.quantity, []).append(reading)
    if not groups:
        yield Finding("none", "info", "No quantity is declared with several readings.", ())
        return
    base = {(rule, f.key, f.outcome) for rule, f in _findings(facts)}
    for quantity, readings in groups.items():
        verdicts = [(reading, _brought(facts, reading, base)) for reading in readings]
        yield _verdict(facts, quantity, verdicts)


def _findings(facts: Facts) -> Iterator[Found]:
    """Every finding of every fail-severity rule but this one, over ``facts``."""
    for spec in RULES.values():
        if spec.name != NAME and spec.severity == "fail":
            for finding in spec.run(facts):
                yield spec.name, finding


def _brought(facts: Facts, reading: ReadingInfo, base: set[tuple[str, str, str]]) -> list[Found]:
    """The findings ``reading`` brings: those of a run with it that the run without lacks."""
    as_sum = SumInfo(
        f"reading:{reading.key}", reading.name, reading.quantity, reading.terms, reading.document
    )
    variant = dataclasses.replace(facts, sums=[*facts.sums, as_sum])
    return [
        (rule, f)
        for rule, f in _findings(variant)
        if f.outcome != "info" and (rule, f.key, f.outcome) not in base
    ]


def _verdict(
    facts: Facts, quantity: str, verdicts: list[tuple[ReadingInfo, list[Found]]]
) -> Finding:
    info = facts.quantities.get(quantity)
    name = mid_sentence(info.name if info else quantity, facts.proper_words)
    consistent, inconsistent, untested = [], [], []
    figures: set[str] = set()
    for reading, brought in verdicts:
        broken = [(rule, f) for rule, f in brought if f.outcome == "violation"]
        if broken:
            _rule, first = broken[0]
            more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
            inconsistent.append(f"inconsistent if it means {reading.name}: {first.message}{more}")
            figures |= {k for _, f in broken for k in f.figures}
        elif brought:
            count = len(brought)
            checks = f"{count} checks agree" if count > 1 else "1 check agrees"
            consistent.append(f"consistent if it means {reading.name} ({checks})")
            figures |= {k for _, f in brought for k in f.figures}
        else:
            untested.append(f"untested if it means {reading.name} (no figure bears on it)")
    keys = "+".join(sorted(r.key for r, _ in verdicts))
    key = f"{quantity}:{hashlib.sha1(keys.encode()).hexdigest()[:6]}"
    outcome = "violation" if inconsistent and not consistent and not untested else "pass"
    if not inconsistent and not consistent:
        outcome = "info"
    parts = [*consistent, *inconsistent, *untested]
    return Finding(
        key, outcome, f"{name[:1].upper()}{name[1:]}: {'; '.join(parts)}", tuple(sorted(figures))
    )
