"""Check runs in the database: a finding stored once, shared by the runs that find it.

A finding (a row of ``check_results``) belongs to every run from its
``run_id`` up to its ``ended_by`` (excluded; NULL: up to the latest run). A
run ends the findings it checks again, or all of them when it checks
everything, and stores what it finds; the findings of the components it did
not check stay as they are, in it and in the runs before
(:mod:`dbtool.checks.reuse`). An ended finding keeps its key, rule and
status, which is all that is read of an earlier run (``report checks``
compares, ``v_check_runs`` counts); its message, interval, figures and
derived quantities go.

Within a run, findings are ordered by their rule's place in the run and then
by key (``position`` is the rule's place), so a run that reuses findings
lists them as a run that found them all again would.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection

from dbtool.checks import Derived
from dbtool.core.intervals import Interval
from dbtool.db import models as m
from dbtool.db.bulk import Pending

RESULTS, FIGURES = m.CheckResult.__table__, m.CheckResultFigure.__table__
DERIVED, RUNS = m.DerivedQuantity.__table__, m.CheckRun.__table__
# The columns of the rows RunWriter queues as tuples, in that order: the schema's
# (``ended_by`` is set later, when a later run ends the result).
RESULT_COLUMNS = tuple(c.name for c in RESULTS.columns if c.name != "ended_by")
FIGURE_COLUMNS = tuple(c.name for c in FIGURES.columns)
DERIVED_COLUMNS = tuple(c.name for c in DERIVED.columns)


def in_run(run_id: int) -> Any:
    """The condition that a row of ``check_results`` belongs to run ``run_id``."""
    return (RESULTS.c.run_id <= run_id) & (
        RESULTS.c.ended_by.is_(None) | (RESULTS.c.ended_by > run_id)
    )


class RunWriter:
    """The rows of one run, written in bulk as they come."""

    def __init__(self, connection: Connection, rules: Sequence[str], started: dt.datetime) -> None:
        self.connection = connection
        # The run's findings counted by rule and status: the run before's, less what this
        # one ends, and what it stores (see end() and add()).
        self.tally: dict[str, dict[str, int]] = _latest_tally(connection)
        self.place = {rule: index for index, rule in enumerate(rules, 1)}
        # Rows of a run are many and have nothing to wait for: written 10,000 at a time,
        # they take a few MiB while they wait instead of the tens a load's batches may.
        self.pending = Pending(connection, [RUNS, RESULTS, FIGURES, DERIVED], flush_at=10_000)
        row = {"started_at": started, "finished_at": started, "revision": "", "rules": ""}
        self.run_id = int(self.pending.add(RUNS, row | {"rules": ",".join(rules)})["id"])
        self.pending.flush()

    def end(self, components: set[str] | None) -> None:
        """End the open findings of ``components`` (None: every open finding), keeping their
        key, rule and status."""
        condition = RESULTS.c.ended_by.is_(None)
        params: dict[str, Any] = {}
        if components is None:
            self.tally = {}
        else:
            # Open as coalesce(ended_by, 0) = 0, which no index serves: by the component's
            # index, not by ended_by's, which holds every open finding of the database.
            condition = (func.coalesce(RESULTS.c.ended_by, 0) == 0) & RESULTS.c.component.in_(
                bindparam("ended", expanding=True)
            )
            params["ended"] = sorted(components) or [""]
        self._end(condition, params, count=components is not None)

    def end_ids(self, ids: list[int]) -> None:
        """End the open findings of these ids."""
        if ids:
            self._end(RESULTS.c.id.in_(bindparam("ids", expanding=True)), {"ids": ids})

    def _end(self, condition: Any, params: dict[str, Any], count: bool = True) -> None:
        self.pending.flush()
        if count:
            ending = self.connection.execute(
                select(RESULTS.c.rule, RESULTS.c.status, func.count())
                .where(condition)
                .group_by(RESULTS.c.rule, RESULTS.c.status),
                params,
            )
            for rule, status, number in ending:
                self._count(rule, status, -int(number))
        self.connection.execute(
            update(RESULTS)
            .where(condition)
            .values(
                ended_by=self.run_id,
                message="",
                low=None,
                high=None,
                low_inclusive=None,
                high_inclusive=None,
                unit=None,
            ),
            params,
        )
        ended = select(RESULTS.c.id).where(RESULTS.c.ended_by == self.run_id)
        self.pending.execute(delete(FIGURES).where(FIGURES.c.result_id.in_(ended)))
        self.pending.execute(delete(DERIVED).where(DERIVED.c.result_id.in_(ended)))

    def _count(self, rule: str, status: str, number: int) -> None:
        statuses = self.tally.setdefault(rule, {})
        statuses[status] = statuses.get(status, 0) + number
        if not statuses[status]:
            del statuses[status]

    def add(self, result: Any, component: str | None) -> None:
        """Queue one result (an ``engine.Result``) of ``component`` (None: the whole run's)."""
        self.add_found([found_row(result, component)])

    def add_found(self, found: Sequence[tuple[Any, ...]]) -> None:
        """Queue findings given as plain values, as a batch's check gives them
        (:func:`found_row`): their rows built as tuples, their ids taken as one block, with
        no object made for each."""
        if not found:
            return
        run_id, place, count = self.run_id, self.place, self._count
        results: list[tuple[Any, ...]] = []
        figures: list[tuple[Any, ...]] = []
        derived: list[tuple[Any, ...]] = []
        result_id = self.pending.take_ids(RESULTS, len(found))
        for row in found:
            key, rule, status, message, keys, low, high, low_inclusive, high_inclusive = row[:9]
            unit, quantities, component = row[9:]
            count(rule, status, 1)
            results.append(
                (
                    result_id,
                    run_id,
                    place[rule],
                    key,
                    rule,
                    status,
                    _transient(message),
                    low,
                    high,
                    low_inclusive,
                    high_inclusive,
                    unit,
                    component,
                )
            )
            figures += [(result_id, figure) for figure in sorted(set(keys))]
            if quantities:
                derived += [(run_id, result_id, *quantity) for quantity in quantities]
            result_id += 1
        self.pending.add_values(RESULTS, RESULT_COLUMNS, results)
        self.pending.add_values(FIGURES, FIGURE_COLUMNS, figures)
        if derived:
            first = self.pending.take_ids(DERIVED, len(derived))
            derived = [(first + index, *row) for index, row in enumerate(derived)]
            self.pending.add_values(DERIVED, DERIVED_COLUMNS, derived)

    def finish(self, finished: dt.datetime, revision: str, basis: str | None) -> None:
        self.pending.finish()
        tally = {rule: dict(sorted(found.items())) for rule, found in self.tally.items() if found}
        self.connection.execute(
            update(RUNS)
            .where(RUNS.c.id == self.run_id)
            .values(
                finished_at=finished,
                revision=revision,
                basis=basis,
                tally=json.dumps(dict(sorted(tally.items())), separators=(",", ":")),
            )
        )

    def counts(self) -> dict[str, int]:
        """How many findings of each status the run holds."""
        found: dict[str, int] = {}
        for statuses in self.tally.values():
            for status, number in statuses.items():
                found[status] = found.get(status, 0) + number
        return found


def found_row(result: Any, component: str | None) -> tuple[Any, ...]:
    """A finding (an ``engine.Result``) as the plain values :meth:`RunWriter.add_found`
    takes: key, rule, status, message, figures, low, high, whether each is included, unit,
    derived quantities, component. Plain, so a worker's findings pickle as built-in values,
    not as Interval and Derived objects (a tenth of a check run's time went to that)."""
    interval = result.interval
    if interval is None:
        bounds: tuple[Any, ...] = (None, None, None, None)
    else:
        bounds = (*interval.bounds(), interval.low_inclusive, interval.high_inclusive)
    return (
        result.key,
        result.rule,
        result.status,
        result.message,
        result.figures,
        *bounds,
        result.unit,
        tuple(_derived_values(quantity) for quantity in result.derived),
        component,
    )


def _derived_values(quantity: Derived) -> tuple[Any, ...]:
    """A row of ``derived_quantities`` in ``DERIVED_COLUMNS`` order, but for its id, run and
    result (taken for all of a batch's at once)."""
    low, high = quantity.interval.bounds()
    return (
        quantity.key,
        _transient(quantity.description),
        low,
        high,
        quantity.interval.low_inclusive,
        quantity.interval.high_inclusive,
        quantity.unit,
        quantity.formula,
    )


def _latest_tally(connection: Connection) -> dict[str, dict[str, int]]:
    """The latest run's findings counted by rule and status (counted now if it has no tally)."""
    latest = connection.execute(
        select(RUNS.c.id, RUNS.c.tally).order_by(RUNS.c.id.desc()).limit(1)
    ).first()
    if latest is None:
        return {}
    if latest.tally is not None:
        return {rule: dict(found) for rule, found in json.loads(latest.tally).items()}
    tally: dict[str, dict[str, int]] = {}
    for rule, status, number in connection.execute(
        select(RESULTS.c.rule, RESULTS.c.status, func.count())
        .where(in_run(latest.id))
        .group_by(RESULTS.c.rule, RESULTS.c.status)
    ):
        tally.setdefault(rule, {})[status] = int(number)
    return tally


def _transient(text: str) -> str:
    """``text``, as a copy of its own when it is not ASCII, to hand to the driver.

    Binding a str, the SQLite driver asks CPython for its UTF-8, which CPython
    keeps inside the str for as long as the str lives. The run returned keeps
    its messages, so each would carry a second, UTF-8 copy for as long as the
    run is kept. A copy takes the UTF-8 with it when its row is written.
    """
    return text if text.isascii() else text.encode().decode()


def whole_run_findings(connection: Connection) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """The latest run's findings about the whole run (of no component): key -> (id, what
    makes two alike: status, message, figures)."""
    figures: dict[int, list[str]] = {}
    open_ = select(RESULTS.c.id).where(RESULTS.c.ended_by.is_(None) & RESULTS.c.component.is_(None))
    for result_id, key in connection.execute(
        select(FIGURES.c.result_id, FIGURES.c.figure_key)
        .where(FIGURES.c.result_id.in_(open_))
        .order_by(FIGURES.c.result_id, FIGURES.c.figure_key)
    ):
        figures.setdefault(result_id, []).append(key)
    rows = connection.execute(
        select(RESULTS.c.id, RESULTS.c.key, RESULTS.c.status, RESULTS.c.message).where(
            RESULTS.c.ended_by.is_(None) & RESULTS.c.component.is_(None)
        )
    )
    return {
        row.key: (row.id, (row.status, row.message, tuple(figures.get(row.id, ())))) for row in rows
    }


def stored_findings(
    connection: Connection, run_id: int
) -> Iterator[tuple[Any, tuple[str, ...], Interval | None, tuple[Derived, ...]]]:
    """Every finding of run ``run_id`` in run order: its row, figures, interval, derived."""
    figures: dict[int, list[str]] = {}
    run_ids = select(RESULTS.c.id).where(in_run(run_id))
    for result_id, key in connection.execute(
        select(FIGURES.c.result_id, FIGURES.c.figure_key)
        .where(FIGURES.c.result_id.in_(run_ids))
        .order_by(FIGURES.c.result_id, FIGURES.c.figure_key)
    ):
        figures.setdefault(result_id, []).append(key)
    derived: dict[int, list[Derived]] = {}
    for row in connection.execute(
        select(DERIVED).where(DERIVED.c.result_id.in_(run_ids)).order_by(DERIVED.c.id)
    ):
        interval = Interval.from_bounds(row.low, row.high, row.low_inclusive, row.high_inclusive)
        derived.setdefault(row.result_id, []).append(
            Derived(row.key, row.description, interval, row.unit, row.formula)
        )
    for row in connection.execute(
        select(RESULTS).where(in_run(run_id)).order_by(RESULTS.c.position, RESULTS.c.key)
    ):
        interval = (
            None
            if row.low_inclusive is None
            else Interval.from_bounds(row.low, row.high, row.low_inclusive, row.high_inclusive)
        )
        yield row, tuple(figures.get(row.id, ())), interval, tuple(derived.get(row.id, ()))
