"""Run the rules, store the run, and compare it with the one before.

Each run is a row of ``check_runs`` with its results and derived
quantities, so scheduled runs build a history and a report can say what
changed since the previous run.

A full run is about as large as the data it checks, yet only
the latest is ever shown in full (``v_check_results``, ``v_derived``, the
reports); of the runs before it, what is read is each finding's key, rule
and status (``report checks`` compares them, ``v_check_runs`` counts them).
So storing a run compacts the runs before it to exactly that, and
``keep`` (``dbtool check --keep N``, ``dbtool db prune-runs``) removes all
but the newest N.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from dbtool.checks import Derived, Finding
from dbtool.checks.contradictions import fold
from dbtool.checks.facts import Facts, load_facts
from dbtool.checks.rules import RULES
from dbtool.core.intervals import Interval
from dbtool.db import models as m
from dbtool.db.bulk import Pending, collector_paused
from dbtool.db.database import Database
from dbtool.db.reader import require_schema
from dbtool.db.vocabulary import STATUSES
from dbtool.errors import UsageError


@dataclass(frozen=True, slots=True)
class RuleInfo:
    name: str
    description: str
    severity: str


@dataclass(frozen=True, slots=True)
class Result:
    key: str
    rule: str
    status: str
    message: str
    figures: tuple[str, ...]
    interval: Interval | None
    unit: str | None
    derived: tuple[Derived, ...]

    def as_dict(self) -> dict[str, Any]:
        low, high = self.interval.bounds() if self.interval else (None, None)
        return {
            "key": self.key,
            "rule": self.rule,
            "status": self.status,
            "message": self.message,
            "figures": list(self.figures),
            "low": low,
            "high": high,
            "unit": self.unit,
            "derived": [_derived_dict(d) for d in self.derived],
        }


def _derived_dict(derived: Derived) -> dict[str, Any]:
    low, high = derived.interval.bounds()
    return {
        "key": derived.key,
        "description": derived.description,
        "low": low,
        "high": high,
        "low_inclusive": derived.interval.low_inclusive,
        "high_inclusive": derived.interval.high_inclusive,
        "unit": derived.unit,
        "formula": derived.formula,
    }


@dataclass
class FinishedRun:
    """A finished run: what the library returns and ``dbtool check --format json`` prints."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime
    revision: str
    rules: list[str]
    results: list[Result] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    def failed(self, fail_on: str = "fail") -> bool:
        bad = {"fail"} if fail_on == "fail" else {"fail", "warn"}
        return any(r.status in bad for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "revision": self.revision,
            "rules": self.rules,
            "counts": self.counts(),
            "results": [r.as_dict() for r in self.results],
        }


def sync_rules(connection: Connection) -> None:
    """Make ``check_rules`` hold every rule the code declares, in the declared order.

    A rule new to the database is added with its declared severity; for a rule
    already there, the description and position follow the code and the
    severity is the team's (a stored ``UPDATE``). Rows of rules the code no longer
    has stay, for the runs that name them, and are never run.
    """
    table = m.CheckRule.__table__
    stored = {row.name: row for row in connection.execute(select(table))}
    for position, spec in enumerate(RULES.values(), 1):
        row = stored.get(spec.name)
        if row is None:
            values = {"name": spec.name, "position": position, "severity": spec.severity}
            connection.execute(insert(table).values(description=spec.description, **values))
        elif (row.position, row.description) != (position, spec.description):
            connection.execute(
                update(table)
                .where(table.c.name == spec.name)
                .values(position=position, description=spec.description)
            )


def rule_table(connection: Connection) -> list[RuleInfo]:
    """The configured rules in order; only those that have code can run."""
    table = m.CheckRule.__table__
    rows = connection.execute(
        select(table.c.name, table.c.description, table.c.severity).order_by(table.c.position)
    )
    return [RuleInfo(*row) for row in rows if row[0] in RULES]


def _select(configured: list[RuleInfo], names: list[str] | None) -> list[RuleInfo]:
    if not names:
        return configured
    known = {r.name: r for r in configured}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(
            f"unknown rule {unknown[0]!r}; choose from {', '.join(known)} (dbtool check --list)"
        )
    return [known[n] for n in dict.fromkeys(names)]


def _status(finding: Finding, severity: str) -> str:
    return severity if finding.outcome == "violation" else finding.outcome


def check_database(
    database: Database,
    names: Sequence[str] | None = None,
    keep: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FinishedRun:
    """Run the selected rules (default all) and store the run, in one transaction.

    ``keep``: afterwards, remove all but the ``keep`` newest runs. ``progress``
    is told ``(steps done, steps)``: the facts read, each rule, the run stored.
    """
    if keep is not None:
        _check_keep(keep)
    with database.connect() as connection:
        revision = require_schema(connection)
        run = run_checks(connection, revision, list(names) if names else None, progress)
        if keep is not None:
            prune_runs(connection, keep)
        return run


def prune_database(database: Database, keep: int) -> int:
    """Remove all but the ``keep`` newest check runs; how many went."""
    _check_keep(keep)
    with database.connect() as connection:
        require_schema(connection)
        return prune_runs(connection, keep)


def _check_keep(keep: int) -> None:
    if keep < 1:
        raise UsageError(f"--keep must be 1 or more (the runs to keep), not {keep}")


def prune_runs(connection: Connection, keep: int) -> int:
    """Remove all but the ``keep`` newest runs, with their results; how many runs went."""
    runs = m.CheckRun.__table__
    oldest_kept = connection.execute(
        select(runs.c.id).order_by(runs.c.id.desc()).offset(keep - 1).limit(1)
    ).scalar()
    if oldest_kept is None:
        return 0
    # Results, their figures and derived quantities go with their run (ON DELETE CASCADE).
    return int(connection.execute(delete(runs).where(runs.c.id < oldest_kept)).rowcount)


def _compact_before(connection: Connection, run_id: int) -> None:
    """Reduce the runs before ``run_id`` to each finding's key, rule and status.

    Runs are compacted as soon as a newer one is stored, so going back from
    the newest, the first run found compacted ends the walk.
    """
    runs, results = m.CheckRun.__table__, m.CheckResult.__table__
    figures, derived = m.CheckResultFigure.__table__, m.DerivedQuantity.__table__
    earlier = connection.execute(
        select(runs.c.id).where(runs.c.id < run_id).order_by(runs.c.id.desc())
    ).scalars()
    for old in list(earlier):
        first = connection.execute(
            select(results.c.message)
            .where(results.c.run_id == old)
            .order_by(results.c.position)
            .limit(1)
        ).scalar()
        if first == "":
            break
        in_run = select(results.c.id).where(results.c.run_id == old)
        connection.execute(delete(figures).where(figures.c.result_id.in_(in_run)))
        connection.execute(delete(derived).where(derived.c.run_id == old))
        connection.execute(
            update(results)
            .where(results.c.run_id == old)
            .values(
                message="",
                low=None,
                high=None,
                low_inclusive=None,
                high_inclusive=None,
                unit=None,
            )
        )


def configured_rules(database: Database) -> list[RuleInfo]:
    """The rules the database is configured with, in order."""
    with database.connect() as connection:
        require_schema(connection)
        sync_rules(connection)
        return rule_table(connection)


def run_checks(
    connection: Connection,
    revision: str,
    names: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FinishedRun:
    """Run the selected rules (default all) over the database and store the run."""
    with collector_paused():
        started = dt.datetime.now(dt.UTC)
        sync_rules(connection)
        selected = _select(rule_table(connection), names)
        steps = len(selected) + 2
        tell = progress or (lambda _done, _total: None)
        results = _results(connection, selected, lambda done: tell(done, steps))
        run = FinishedRun(
            0, started, dt.datetime.now(dt.UTC), revision, [r.name for r in selected], results
        )
        run.id = _store(connection, run)
        _compact_before(connection, run.id)
        tell(steps, steps)
        return run


def _results(
    connection: Connection, selected: list[RuleInfo], tell: Callable[[int], None]
) -> list[Result]:
    """Read the facts and run the selected rules over them, telling each step done.

    The facts, and what the rules cached on them, go when this returns: before
    the run is stored, which can then reuse their memory.
    """
    facts = load_facts(connection)
    tell(1)
    if not facts.figures:
        raise UsageError("nothing to check: the database has no figures (run `dbtool seed`)")
    return evaluate(facts, selected, lambda done: tell(done + 1))


def evaluate(
    facts: Facts, selected: list[RuleInfo], tell: Callable[[int], None] = lambda _: None
) -> list[Result]:
    """Every selected rule over ``facts``, each contradiction reported once (see
    :mod:`dbtool.checks.contradictions`); ``tell`` is told each rule done (1, 2, …)."""
    results: list[Result] = []
    for done, rule in enumerate(selected, 1):
        results += [
            Result(
                f"{rule.name}:{f.key}",
                rule.name,
                _status(f, rule.severity),
                f.message,
                f.figures,
                f.interval,
                f.unit,
                f.derived,
            )
            for f in RULES[rule.name].run(facts)
        ]
        tell(done)
    return _unique_keys(_folded(results, [rule.name for rule in selected]))


def _folded(results: list[Result], order: list[str]) -> list[Result]:
    """Violations that rest on the same stated figures reported once (see
    :mod:`dbtool.checks.contradictions`): the others become information naming it."""
    folded = fold(results, order)
    if not folded:
        return results
    count: dict[int, int] = {}
    for head in folded.values():
        count[head] = count.get(head, 0) + 1
    out = list(results)
    for index, head in folded.items():
        under = results[head]
        out[index] = replace(
            results[index],
            status="info",
            message=f"Rests on the inconsistency reported under {under.rule} "
            f"({_short(under.key)}): {results[index].message}",
        )
    for head, more in count.items():
        out[head] = replace(
            results[head],
            message=f"{results[head].message} [{more} more finding{'s' if more > 1 else ''} "
            "rest on the same figures]",
        )
    return out


def _short(key: str) -> str:
    return key if len(key) <= 80 else key[:77] + "…"


def _unique_keys(results: list[Result]) -> list[Result]:
    """Keys are unique within a run: a repeated one (two findings of one rule about the
    same variables) gets a number."""
    seen: dict[str, int] = {}
    out = []
    for result in results:
        count = seen.get(result.key, 0)
        seen[result.key] = count + 1
        out.append(result if not count else replace(result, key=f"{result.key}~{count + 1}"))
    return out


def _store(connection: Connection, run: FinishedRun) -> int:
    """Write the run, its results, their figures and derived quantities, in bulk."""
    runs, results = m.CheckRun.__table__, m.CheckResult.__table__
    figures, derived = m.CheckResultFigure.__table__, m.DerivedQuantity.__table__
    # Rows of a run are many and have nothing to wait for: written 10,000 at a time, they
    # take a few MiB while they wait instead of the tens a load's batches may.
    pending = Pending(connection, [runs, results, figures, derived], flush_at=10_000)
    run_id = pending.add(
        runs,
        {
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "revision": run.revision,
            "rules": ",".join(run.rules),
        },
    )["id"]
    for position, result in enumerate(run.results, 1):
        low, high = result.interval.bounds() if result.interval else (None, None)
        result_id = pending.add(
            results,
            {
                "run_id": run_id,
                "position": position,
                "key": result.key,
                "rule": result.rule,
                "status": result.status,
                "message": _transient(result.message),
                "low": low,
                "high": high,
                "unit": result.unit,
                "low_inclusive": result.interval.low_inclusive if result.interval else None,
                "high_inclusive": result.interval.high_inclusive if result.interval else None,
            },
        )["id"]
        for key in sorted(set(result.figures)):
            pending.add(figures, {"result_id": result_id, "figure_key": key})
        for quantity in result.derived:
            pending.add(
                derived,
                {
                    "run_id": run_id,
                    "result_id": result_id,
                    "key": quantity.key,
                    "description": _transient(quantity.description),
                    "low": quantity.interval.bounds()[0],
                    "high": quantity.interval.bounds()[1],
                    "low_inclusive": quantity.interval.low_inclusive,
                    "high_inclusive": quantity.interval.high_inclusive,
                    "unit": quantity.unit,
                    "formula": quantity.formula,
                },
            )
    pending.finish()
    return int(run_id)


def _transient(text: str) -> str:
    """``text``, as a copy of its own when it is not ASCII, to hand to the driver.

    Binding a str, the SQLite driver asks CPython for its UTF-8, which CPython
    keeps inside the str for as long as the str lives. The run returned keeps
    its messages, so each would carry a second, UTF-8 copy for as long as the
    run is kept. A copy takes the UTF-8 with it when its row is written.
    """
    return text if text.isascii() else text.encode().decode()
