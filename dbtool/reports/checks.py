"""The checks report: a stored run, failures first, and what changed since the run before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dbtool import models as m
from dbtool.checks.engine import previous_statuses
from dbtool.errors import UsageError
from dbtool.report import Column, Report, Section
from dbtool.reports import source_line

ORDER = {"fail": 0, "warn": 1, "pass": 2, "info": 3}
R, RF, RUNS = m.CheckResult.__table__, m.CheckResultFigure.__table__, m.CheckRun.__table__


def latest_run_id(connection: Connection) -> int | None:
    return connection.execute(select(func.max(RUNS.c.id))).scalar()


def result_rows(connection: Connection, run_id: int) -> list[dict[str, Any]]:
    """A run's results, failures first, each with its figures' keys."""
    figures: dict[int, list[str]] = {}
    for result_id, key in connection.execute(
        select(RF.c.result_id, RF.c.figure_key)
        .join(R, R.c.id == RF.c.result_id)
        .where(R.c.run_id == run_id)
        .order_by(RF.c.result_id, RF.c.figure_key)
    ):
        figures.setdefault(result_id, []).append(key)
    rows = connection.execute(
        select(R).where(R.c.run_id == run_id).order_by(R.c.position)
    ).mappings()
    out = [
        {"key": r["key"], "rule": r["rule"], "status": r["status"], "message": r["message"],
         "low": r["low"], "high": r["high"], "unit": r["unit"],
         "low_inclusive": r["low_inclusive"], "high_inclusive": r["high_inclusive"],
         "figure_keys": figures.get(r["id"], []),
         "figures": ", ".join(figures.get(r["id"], []))}
        for r in rows
    ]
    return sorted(out, key=lambda r: ORDER[r["status"]])


def changes(connection: Connection, run_id: int, now: list[dict[str, Any]]) -> Section:
    columns = [Column("key", "Finding"), Column("before", "Before"), Column("now", "Now")]
    title = "Changes since the previous run"
    before = previous_statuses(connection, run_id)
    if before is None:
        return Section(title, columns, [], intro="No earlier run to compare with.")
    statuses = {r["key"]: r["status"] for r in now}
    rows = [
        {"key": key, "before": before.get(key, "—"), "now": statuses.get(key, "—")}
        for key in sorted(set(statuses) | set(before))
        if before.get(key) != statuses.get(key)
    ]
    return Section(title, columns, rows, intro=None if rows else "No finding changed status.")


def build(connection: Connection, run_id: int | None = None) -> Report:
    run_id = run_id if run_id is not None else latest_run_id(connection)
    if run_id is None:
        raise UsageError("no check run is stored yet; run `dbtool check` first")
    run = connection.execute(select(RUNS).where(RUNS.c.id == run_id)).mappings().one()
    rows = result_rows(connection, run_id)
    counts = {status: sum(r["status"] == status for r in rows) for status in ORDER}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    return Report(
        name="checks",
        title=f"Cross-checks: {summary}",
        source=source_line(connection),
        stamp=f"check run {run_id}, database revision {run['revision']}",
        sections=[
            Section("Results", [
                Column("status", "Status"), Column("rule", "Rule"),
                Column("message", "Finding", width=70),
                Column("interval", "Interval", "interval", width=22),
                Column("figures", "Figures", width=34),
            ], rows, fields=["key", "rule", "status", "message", "low", "high",
                             "low_inclusive", "high_inclusive", "unit", "figures"]),
            changes(connection, run_id, rows),
        ],
    )
