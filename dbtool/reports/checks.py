"""The checks report: a run's results, failures first, and what changed since the last run."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from dbtool.checks.engine import CheckRun, Result, previous_statuses
from dbtool.report import Column, Report, Section

ORDER = {"fail": 0, "warn": 1, "pass": 2, "info": 3}
COLUMNS = [
    Column("status", "Status"),
    Column("rule", "Rule"),
    Column("message", "Finding", width=70),
    Column("interval", "Interval", width=20),
    Column("figures", "Figures", width=34),
]


def result_row(r: Result) -> dict[str, object]:
    from dbtool.checks.rules import show

    return {
        "status": r.status,
        "rule": r.rule,
        "message": r.message,
        "interval": show(r.interval, r.unit) if r.interval else "",
        "figures": ", ".join(r.figures),
        "key": r.key,
    }


def results_section(run: CheckRun) -> Section:
    ordered = sorted(run.results, key=lambda r: ORDER[r.status])
    return Section("Results", COLUMNS, [result_row(r) for r in ordered])


def counts_line(run: CheckRun) -> str:
    counts = run.counts()
    return ", ".join(f"{n} {status}" for status, n in counts.items())


def changes_section(run: CheckRun, previous: dict[str, str] | None) -> Section:
    columns = [Column("key", "Finding"), Column("before", "Before"), Column("now", "Now")]
    if previous is None:
        return Section("Changes since the previous run", columns, [],
                       intro="This is the first stored run.")
    now = {r.key: r.status for r in run.results}
    rows = [
        {"key": key, "before": previous.get(key, "—"), "now": now.get(key, "—")}
        for key in sorted(set(now) | set(previous))
        if previous.get(key) != now.get(key)
    ]
    return Section("Changes since the previous run", columns, rows,
                   intro=None if rows else "No finding changed status.")


def from_run(run: CheckRun, connection: Connection | None = None) -> Report:
    sections = [results_section(run)]
    if connection is not None:
        sections.append(changes_section(run, previous_statuses(connection, run.id)))
    return Report(
        name="checks",
        title=f"Check run {run.id}: {counts_line(run)}",
        source=f"database revision {run.revision}, rules: {', '.join(run.rules)}",
        sections=sections,
    )
