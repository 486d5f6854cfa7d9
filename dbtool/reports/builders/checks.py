"""The checks report: a stored run, failures first, and what changed since the run before."""

from __future__ import annotations

import weakref
from typing import Any

from dbtool.db.reader import Reader, Row
from dbtool.errors import UsageError
from dbtool.reports.builders import flags, in_document, scope, source_line
from dbtool.reports.model import Column, Report, Section

ORDER = {"fail": 0, "warn": 1, "pass": 2, "info": 3}
RESULTS_SQL = """
SELECT id, key, rule, status, message, low, high, unit, low_inclusive, high_inclusive
FROM check_results WHERE run_id = :run ORDER BY position
"""
FIGURES_SQL = """
SELECT f.result_id, f.figure_key
FROM check_result_figures f JOIN check_results r ON r.id = f.result_id
WHERE r.run_id = :run
ORDER BY f.result_id, f.figure_key
"""


def latest_run_id(reader: Reader) -> int | None:
    run = reader.rows("SELECT max(id) AS id FROM check_runs")[0]["id"]
    return None if run is None else int(run)


# The percentages and checks reports both show a run's results; `report all` builds both
# from one reader, so the rows are read once per reader and run (issue 11). Callers only
# read them.
_RESULTS: weakref.WeakKeyDictionary[Any, tuple[int, list[Row]]] = weakref.WeakKeyDictionary()


def result_rows(reader: Reader, run_id: int) -> list[Row]:
    """A run's results, failures first, each with its figures' keys."""
    cached = _RESULTS.get(reader)
    if cached is not None and cached[0] == run_id:
        return cached[1]
    rows = _result_rows(reader, run_id)
    _RESULTS[reader] = (run_id, rows)
    return rows


def _result_rows(reader: Reader, run_id: int) -> list[Row]:
    figures: dict[int, list[str]] = {}
    for row in reader.rows(FIGURES_SQL, {"run": run_id}):
        figures.setdefault(row["result_id"], []).append(row["figure_key"])
    rows = [
        {
            **flags(r, "low_inclusive", "high_inclusive"),
            "figure_keys": figures.get(r["id"], []),
            "figures": ", ".join(figures.get(r["id"], [])),
        }
        for r in reader.rows(RESULTS_SQL, {"run": run_id})
    ]
    return sorted(rows, key=lambda r: ORDER[r["status"]])


def previous_statuses(reader: Reader, run_id: int) -> dict[str, str] | None:
    """key -> status in the run before ``run_id``, or None if there is none."""
    previous = reader.rows("SELECT max(id) AS id FROM check_runs WHERE id < :run", {"run": run_id})[
        0
    ]["id"]
    if previous is None:
        return None
    rows = reader.rows(
        "SELECT key, status FROM check_results WHERE run_id = :run", {"run": previous}
    )
    return {r["key"]: r["status"] for r in rows}


def changes(reader: Reader, run_id: int, now: list[dict[str, Any]]) -> Section:
    columns = [Column("key", "Finding"), Column("before", "Before"), Column("now", "Now")]
    title = "Changes since the previous run"
    before = previous_statuses(reader, run_id)
    if before is None:
        return Section(title, columns, [], intro="No earlier run to compare with.")
    statuses = {r["key"]: r["status"] for r in now}
    rows = [
        {"key": key, "before": before.get(key, "—"), "now": statuses.get(key, "—")}
        for key in sorted(set(statuses) | set(before))
        if before.get(key) != statuses.get(key)
    ]
    return Section(title, columns, rows, intro=None if rows else "No finding changed status.")


DOCUMENT_FIGURES_SQL = f"""
SELECT f.key FROM figures f JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id WHERE {in_document("d.slug")}
"""


def in_scope(reader: Reader, rows: list[Row], document: str | None) -> list[Row]:
    """The results that rest on a figure of ``document`` (all results when it is None)."""
    if document is None:
        return rows
    keys = {r["key"] for r in reader.rows(DOCUMENT_FIGURES_SQL, scope(document))}
    return [r for r in rows if keys & set(r["figure_keys"])]


def build(reader: Reader, run_id: int | None = None, document: str | None = None) -> Report:
    run_id = run_id if run_id is not None else latest_run_id(reader)
    if run_id is None:
        raise UsageError("no check run is stored yet; run `dbtool check` first")
    [run] = reader.rows("SELECT revision FROM check_runs WHERE id = :run", {"run": run_id})
    rows = in_scope(reader, result_rows(reader, run_id), document)
    counts = {status: sum(r["status"] == status for r in rows) for status in ORDER}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    return Report(
        name="checks",
        title=f"Cross-checks: {summary}",
        source=source_line(reader, document),
        stamp=f"check run {run_id}, database revision {run['revision']}",
        sections=[
            Section(
                "Results",
                [
                    Column("status", "Status"),
                    Column("rule", "Rule"),
                    Column("message", "Finding", width=70),
                    Column("interval", "Interval", "interval", width=22),
                    Column("figures", "Figures", width=34),
                ],
                rows,
                fields=[
                    "key",
                    "rule",
                    "status",
                    "message",
                    "low",
                    "high",
                    "low_inclusive",
                    "high_inclusive",
                    "unit",
                    "figures",
                ],
            ),
            changes(reader, run_id, rows),
        ],
    )
