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
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from dbtool.checks import Derived, Finding, reuse
from dbtool.checks.components import QUANTITY, Batch, Components, figure_component
from dbtool.checks.contradictions import fold
from dbtool.checks.facts import Facts, load_facts
from dbtool.checks.parallel import Found, Helper, helper_for, processes
from dbtool.checks.rules import RULES
from dbtool.checks.store import RunWriter, found_row, stored_findings, whole_run_findings
from dbtool.core.intervals import Interval
from dbtool.db import models as m
from dbtool.db.bulk import collector_paused
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


class FinishedRun:
    """A finished run: what the library returns and ``dbtool check --format json`` prints.

    A stored run's findings are read back from the database when first asked for
    (``results``): a large run's are many, and the command that prints a report of the
    run never needs them all in memory.
    """

    def __init__(
        self,
        id: int,
        started_at: dt.datetime,
        finished_at: dt.datetime,
        revision: str,
        rules: list[str],
        results: list[Result] | None = None,
        tally: dict[str, int] | None = None,
        load: Callable[[], list[Result]] | None = None,
    ) -> None:
        self.id, self.started_at, self.finished_at = id, started_at, finished_at
        self.revision, self.rules = revision, rules
        self._results, self._tally, self._load = results, tally, load

    @property
    def results(self) -> list[Result]:
        if self._results is None:
            self._results = self._load() if self._load is not None else []
        return self._results

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        if self._tally is not None and self._results is None:
            counts.update(self._tally)
            return counts
        for result in self.results:
            counts[result.status] += 1
        return counts

    def failed(self, fail_on: str = "fail") -> bool:
        bad = ("fail",) if fail_on == "fail" else ("fail", "warn")
        return any(self.counts()[status] for status in bad)

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
    full: bool = False,
) -> FinishedRun:
    """Run the selected rules (default all) and store the run, in one transaction.

    Only the parts of the facts that documents changed since the latest run
    touch are checked again, unless ``full`` (:mod:`dbtool.checks.reuse`).
    ``keep``: afterwards, remove all but the ``keep`` newest runs. ``progress``
    is told ``(steps done, steps)``: the plan made, each batch checked, the run
    stored. The run's findings are read back when asked for.
    """
    if keep is not None:
        _check_keep(keep)
    with database.connect() as connection:
        revision = require_schema(connection)
        run = run_checks(connection, revision, list(names) if names else None, progress, full)
        if keep is not None:
            prune_runs(connection, keep)
    run._load = lambda: read_stored(database, run.id)
    return run


def read_results(connection: Connection, run_id: int) -> list[Result]:
    """Every finding of a stored run, in run order."""
    return [
        Result(row.key, row.rule, row.status, row.message, figures, interval, row.unit, derived)
        for row, figures, interval, derived in stored_findings(connection, run_id)
    ]


def read_stored(database: Database, run_id: int) -> list[Result]:
    """Every finding of a stored run, in run order."""
    with database.connect() as connection:
        return read_results(connection, run_id)


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
    """Remove all but the ``keep`` newest runs, with the findings only they hold; how many
    runs went."""
    runs, results = m.CheckRun.__table__, m.CheckResult.__table__
    derived = m.DerivedQuantity.__table__
    oldest_kept = connection.execute(
        select(runs.c.id).order_by(runs.c.id.desc()).offset(keep - 1).limit(1)
    ).scalar()
    if oldest_kept is None:
        return 0
    # A finding stored before the oldest run kept and still held by it moves to that run;
    # the others go with their run (ON DELETE CASCADE), with their figures and derived.
    held = results.c.ended_by.is_(None) | (results.c.ended_by > oldest_kept)
    moved = select(results.c.id).where((results.c.run_id < oldest_kept) & held)
    connection.execute(
        update(derived).where(derived.c.result_id.in_(moved)).values(run_id=oldest_kept)
    )
    connection.execute(
        update(results).where((results.c.run_id < oldest_kept) & held).values(run_id=oldest_kept)
    )
    return int(connection.execute(delete(runs).where(runs.c.id < oldest_kept)).rowcount)


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
    full: bool = False,
) -> FinishedRun:
    """Run the selected rules (default all) over the database and store the run.

    The facts are read and checked a batch of components at a time, each batch's
    findings stored before the next is read (:mod:`dbtool.checks.components`); only
    the components that changed documents touch, unless ``full`` or the run before
    cannot be built on (:mod:`dbtool.checks.reuse`).
    """
    with collector_paused():
        started = dt.datetime.now(dt.UTC)
        sync_rules(connection)
        selected = _select(rule_table(connection), names)
        tell = progress or (lambda _done, _total: None)
        figures = _figures(connection)
        if not figures:
            raise UsageError("nothing to check: the database has no figures (run `dbtool seed`)")
        plan, components = reuse.plan(connection, selected, full)
        share = processes(components.size(plan.recheck))
        batches = list(components.batches(plan.recheck, share))
        steps = len(batches) + 2
        tell(1, steps)
        # The worker, when one pays, starts first: it starts up and checks its first batch
        # while this process prepares the run and remembers its components for the next.
        helper = _helper(connection, selected, batches, components.members())
        try:
            lone = _lone_kept(connection, components, plan)
            writer = RunWriter(connection, [r.name for r in selected], started)
            writer.end(plan.ended)
            reuse.remember(connection, components, plan)
            attributed = True
            done = 1

            def store(found: Found) -> None:
                nonlocal attributed, done
                writer.add_found(found[0])
                lone.extend(found[1])
                attributed = attributed and found[2]
                done += 1
                tell(done, steps)

            _check_batches(connection, components, selected, batches, helper, store)
        finally:
            if helper is not None:
                helper.close()  # already, unless this run failed
        basis = plan.basis if attributed else None
        _store_summaries(connection, writer, selected, figures, lone)
        finished = dt.datetime.now(dt.UTC)
        writer.finish(finished, revision, basis)
        tell(steps, steps)
        return FinishedRun(
            writer.run_id,
            started,
            finished,
            revision,
            [r.name for r in selected],
            tally=writer.counts(),
            load=lambda: read_results(connection, writer.run_id),
        )


def _check_batches(
    connection: Connection,
    components: Components,
    selected: list[RuleInfo],
    batches: list[Batch],
    helper: Helper | None,
    store: Callable[[Found], None],
) -> None:
    """Check every batch and ``store`` its findings: with the ``helper`` worker when there
    is one, the two taking the next batch as they are free, this process between storing
    what the worker sends (:mod:`dbtool.checks.parallel`). Whichever is the faster checks
    more, so neither waits long for the other."""
    if helper is None:
        for batch in batches:
            store(check_batch(connection, batch, selected, components.component))
        return
    while True:
        found = helper.take()
        if found is None and (batch := helper.claim()) is not None:
            found = check_batch(connection, batch, selected, components.component)
        elif found is None and (found := helper.take(wait=True)) is None:
            break  # nothing waiting, nothing due (or the worker is gone)
        store(found)
    helper.close()
    for batch in helper.left():  # what a failed worker did not send back
        store(check_batch(connection, batch, selected, components.component))


def _components_of(batch: Batch, members: Mapping[str, list[str]]) -> dict[str, str]:
    """Node -> component, for the nodes of a batch's components (what its check needs)."""
    return {node: name for name in batch.components for node in members[name]}


def _helper(
    connection: Connection,
    selected: list[RuleInfo],
    batches: list[Batch],
    members: Mapping[str, list[str]],
) -> Helper | None:
    """A worker to check batches beside this process, when it pays; None otherwise."""
    if not helper_for(batches):
        return None
    job = {
        "url": connection.engine.url.render_as_string(hide_password=False),
        "parent": os.getpid(),
        "rules": [(r.name, r.description, r.severity) for r in selected],
    }
    helper = Helper(job, batches, lambda batch: (batch, _components_of(batch, members)))
    return helper if helper.alive else None


def check_batch(
    connection: Connection,
    batch: Batch,
    selected: list[RuleInfo],
    component_of: Mapping[str, str],
) -> Found:
    """Check one batch of components: each finding of a component as plain values with its
    component (:func:`dbtool.checks.store.found_row`), the rank claims that stand alone
    (the findings about the whole run are made from the whole run's), and whether every
    finding's component was told (if not, its batch's first stands in, and the run cannot be
    built on)."""
    facts = load_facts(connection, batch)
    found, lone, attributed = [], [], True
    for result in evaluate(facts, selected):
        name = result.key[len(result.rule) + 1 :]
        if reuse.is_summary(result.rule, name):
            lone += result.figures if name == "lone" else ()
            continue
        component = _component(result, facts, component_of, batch.components)
        attributed = attributed and component is not None
        found.append(found_row(result, component or batch.components[0]))
    # What the rules cached on the facts (the solution, whose readings refer back to the
    # facts) is a cycle, which the paused collector would keep for the whole run.
    facts.__dict__.clear()
    return found, lone, attributed


def _store_summaries(
    connection: Connection,
    writer: RunWriter,
    selected: list[RuleInfo],
    figures: int,
    lone: list[str],
) -> None:
    """Store the findings about the whole run (:func:`reuse.summaries`): those the run before
    has alike are kept, the others it has end."""
    writer.pending.flush()
    stored = whole_run_findings(connection)
    # How many findings each rule has in its components: all it has, less those about
    # the whole run.
    found = {rule: sum(statuses.values()) for rule, statuses in writer.tally.items()}
    for key in stored:
        rule = key.partition(":")[0]
        found[rule] = found.get(rule, 0) - 1
    kept = set()
    for rule, finding in reuse.summaries(selected, found, figures, lone):
        result = _result(rule, finding)
        before = stored.get(result.key)
        alike = (result.status, result.message, tuple(sorted(set(result.figures))))
        if before is not None and before[1] == alike:
            kept.add(result.key)
        else:
            writer.add(result, None)
    writer.end_ids([found_id for key, (found_id, _) in stored.items() if key not in kept])


def _figures(connection: Connection) -> int:
    table = m.Figure.__table__
    return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def _lone_kept(connection: Connection, components: Components, plan: reuse.Plan) -> list[str]:
    """The rank claims that stood alone in the latest run, in components not checked again
    (read before that run's findings about the whole run end)."""
    if plan.recheck is None:
        return []
    results, links = m.CheckResult.__table__, m.CheckResultFigure.__table__
    figures, quotes, documents = m.Figure.__table__, m.Quote.__table__, m.Document.__table__
    quantity, whole = m.Quantity.__table__.alias("quantity"), m.Quantity.__table__.alias("whole")
    ranking = m.Ranking.__table__
    rows = connection.execute(
        select(links.c.figure_key, quantity.c.key, whole.c.key, ranking.c.key, documents.c.slug)
        .join(results, results.c.id == links.c.result_id)
        .join(figures, figures.c.key == links.c.figure_key)
        .join(quotes, quotes.c.id == figures.c.quote_id)
        .join(documents, documents.c.id == quotes.c.document_id)
        .outerjoin(quantity, quantity.c.id == figures.c.quantity_id)
        .outerjoin(whole, whole.c.id == figures.c.whole_id)
        .outerjoin(ranking, ranking.c.id == figures.c.ranking_id)
        .where(results.c.key == "rank-claims:lone", results.c.ended_by.is_(None))
    )
    # A figure of a component checked again is in this run's map of them; any other is kept.
    return [key for key, *nodes in rows if _checked(components.component, *nodes) is None]


def _checked(component: Mapping[str, str], *nodes: Any) -> str | None:
    """The component checked again that a figure (its quantity, whole, ranking and document)
    is in, or None."""
    try:
        return figure_component(component, *nodes)
    except KeyError:
        return None


def _component(
    result: Result, facts: Facts, component_of: Mapping[str, str], batch: list[str]
) -> str | None:
    """The component a result is about: its figures', or (a finding of no figure, a
    comparison not checked) the one its key names; None when neither tells."""
    if len(batch) == 1:
        return batch[0]
    index = facts.__dict__.get("_components")
    if index is None:
        index = facts.__dict__["_components"] = {
            f.key: figure_component(component_of, f.quantity, f.whole, f.ranking, f.document)
            for f in facts.figures
        }
    for key in result.figures:
        if key in index:
            return index[key]  # type: ignore[no-any-return]
    named = result.key[len(result.rule) + 1 :].split("@", 1)[0]
    return component_of.get(QUANTITY + named)


def _result(rule: RuleInfo, finding: Finding) -> Result:
    return Result(
        f"{rule.name}:{finding.key}",
        rule.name,
        _status(finding, rule.severity),
        finding.message,
        finding.figures,
        finding.interval,
        finding.unit,
        finding.derived,
    )


def evaluate(
    facts: Facts, selected: list[RuleInfo], tell: Callable[[int], None] = lambda _: None
) -> list[Result]:
    """Every selected rule over ``facts``, each contradiction reported once (see
    :mod:`dbtool.checks.contradictions`); ``tell`` is told each rule done (1, 2, …)."""
    results: list[Result] = []
    for done, rule in enumerate(selected, 1):
        results += [_result(rule, f) for f in RULES[rule.name].run(facts)]
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
