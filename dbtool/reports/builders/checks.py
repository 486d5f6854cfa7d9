"""The checks report: a stored run's failures and warnings, the rest counted by rule, and what
changed since the run before.

A large run holds a result for nearly every figure, most of them passes and
information; a person reads the failures and warnings, and how many of the
rest each rule found. So the report shows those in full and counts the
others; ``every`` (``dbtool check -v``, ``report checks --verbose``, and the
CSV and JSON of the report) lists every result and every change of status.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from dbtool.db.reader import Reader, Row, in_run
from dbtool.errors import UsageError
from dbtool.reports.builders import in_document, scope, source_line
from dbtool.reports.model import Column, Report, Section

ORDER = {"fail": 0, "warn": 1, "pass": 2, "info": 3}
SHOWN = ("fail", "warn")  # listed in full; the other statuses are counted by rule
SHOWN_SQL = "status IN ('fail', 'warn')"
# The run's results failures first, then by position: the order of ORDER, in SQL. It is
# sorted on these narrow rows, which are then joined to the wide ones (the messages): on
# SQLite that is much faster for a large run than sorting the wide rows.
# The id makes the order total, so the two streams below agree whatever the positions.
RUN_ORDER = f"""(SELECT id, position, key,
        CASE status WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 WHEN 'pass' THEN 2 ELSE 3 END AS grade
      FROM check_results c WHERE {in_run("c")} AND ({{among}})) o"""
RESULTS_SQL = f"""
SELECT r.id, r.key, r.rule, r.status, r.message, r.low, r.high, r.unit, r.low_inclusive,
       r.high_inclusive
FROM {RUN_ORDER} JOIN check_results r ON r.id = o.id
ORDER BY o.grade, o.position, o.key
"""
FIGURES_SQL = f"""
SELECT f.result_id, f.figure_key
FROM {RUN_ORDER} JOIN check_result_figures f ON f.result_id = o.id
ORDER BY o.grade, o.position, o.key, f.figure_key
"""
STATUSES_SQL = f"SELECT key, status FROM check_results r WHERE {in_run()}"
RULE_COUNTS_SQL = f"""SELECT rule, status, count(*) AS n FROM check_results r WHERE {in_run()}
GROUP BY rule, status"""


def latest_run_id(reader: Reader) -> int | None:
    run = reader.rows("SELECT max(id) AS id FROM check_runs")[0]["id"]
    return None if run is None else int(run)


def result_rows(
    reader: Reader, run_id: int, among: str = "1 = 1", params: dict[str, Any] | None = None
) -> Iterator[Row]:
    """A run's results, failures first, each with its figures' keys; ``among``: an SQL
    condition on ``check_results`` (its ``id``, ``status``) that keeps some, with its
    ``params``.

    Two streams in the same order, merged as they are read, so a large run's
    results and their figure links are never all held at once.
    """
    values = {**(params or {}), "run": run_id}
    figures = reader.stream(FIGURES_SQL.format(among=among), values)
    link = next(figures, None)
    for row in reader.stream(RESULTS_SQL.format(among=among), values):
        keys: list[str] = []
        while link is not None and link["result_id"] == row["id"]:
            keys.append(link["figure_key"])
            link = next(figures, None)
        for flag in ("low_inclusive", "high_inclusive"):  # in place: the row is ours
            if row[flag] is not None:
                row[flag] = bool(row[flag])
        row["figure_keys"], row["figures"] = keys, ", ".join(keys)
        row["shown_whole"] = row["status"] in ("fail", "warn")
        row["anchor"] = anchor(row["key"]) if row["shown_whole"] else None
        yield row


def anchor(key: str) -> str:
    """The Markdown anchor of a failing or warning finding in ``checks.md``, which
    ``index.md`` links to."""
    return "finding-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def previous_run(reader: Reader, run_id: int) -> int | None:
    """The run before ``run_id``, if there is one."""
    sql = "SELECT max(id) AS id FROM check_runs WHERE id < :run"
    previous = reader.rows(sql, {"run": run_id})[0]["id"]
    return None if previous is None else int(previous)


# The findings whose status changed since the run before, found by the database: a
# finding both runs hold is one row, so only those this run stored or ended can differ.
CHANGED_SQL = """
SELECT n.key, b.status AS before, n.status AS now
FROM check_results n LEFT JOIN check_results b ON b.ended_by = :run AND b.key = n.key
WHERE n.run_id = :run AND (b.status IS NULL OR b.status <> n.status)
UNION ALL
SELECT b.key, b.status AS before, NULL AS now
FROM check_results b
WHERE b.ended_by = :run
  AND NOT EXISTS (SELECT 1 FROM check_results n WHERE n.run_id = :run AND n.key = b.key)
"""


def changes(
    reader: Reader, run_id: int, now: dict[str, str] | None = None, every: bool = True
) -> Section:
    """What changed status since the run before, in words; ``now``: key -> status of the
    results shown, or None for every result of the run. Unless ``every``, only the changes
    to or from a failure or a warning are listed, and the others counted."""
    columns = [
        Column("rule", "Rule"),
        Column("finding", "Finding"),
        Column("change", "Change"),
        Column("key", "Key", wide=True),
    ]
    fields = ["key", "rule", "finding", "before", "now"]
    title = "Changes since the previous run"
    previous = previous_run(reader, run_id)
    if previous is None:
        return Section(title, columns, [], intro="No earlier run to compare with.", fields=fields)
    found: list[tuple[str, str | None, str | None]]
    if now is None:
        runs = {"run": run_id}
        found = [(r["key"], r["before"], r["now"]) for r in reader.stream(CHANGED_SQL, runs)]
    else:
        before = {r["key"]: r["status"] for r in reader.stream(STATUSES_SQL, {"run": previous})}
        found = [
            (key, before.get(key), now.get(key))
            for key in set(now) | set(before)
            if before.get(key) != now.get(key)
        ]
    others = 0
    if not every:
        listed = [f for f in found if f[1] in SHOWN or f[2] in SHOWN]
        others = len(found) - len(listed)
        found = listed
    # Findings in words only here: summary and documents, which read the tallies, start
    # without what reading them costs.
    from dbtool.reports.findings import describe, key_names

    names = key_names(reader) if found else {}
    rows = [
        {
            "key": key,
            "rule": key.partition(":")[0],
            "finding": describe(key, names),
            "before": before or "—",
            "now": now or "—",
            "change": _change(before, now),
        }
        for key, before, now in sorted(found, key=lambda f: (ORDER.get(f[2] or "", 4), f[0]))
    ]
    intro = None if rows or others else "No finding changed status."
    if others:
        intro = (
            f"{others} other finding{'s' if others > 1 else ''} changed between pass, info and "
            "none, listed with --verbose and in the CSV and JSON."
        )
    return Section(title, columns, rows, intro=intro, fields=fields)


def _change(before: str | None, now: str | None) -> str:
    """A change of status in words: new: fail, was pass, now fail, gone (was info)."""
    if before is None:
        return f"new: {now}"
    if now is None:
        return f"gone (was {before})"
    return f"was {before}, now {now}"


DOCUMENT_FIGURES_SQL = f"""
SELECT f.key FROM figures f JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id WHERE {in_document("d.slug")}
"""


def in_scope(reader: Reader, rows: Iterable[Row], document: str | None) -> list[Row]:
    """The results that rest on a figure of ``document``."""
    keys = {r["key"] for r in reader.rows(DOCUMENT_FIGURES_SQL, scope(document))}
    return [r for r in rows if keys & set(r["figure_keys"])]


def build(
    reader: Reader, run_id: int | None = None, document: str | None = None, every: bool = False
) -> Report:
    """The checks report of one stored run (default the latest): counts, results, changes.

    For the whole run the database counts the statuses and finds what changed,
    and the results stream as they are read. For one ``document`` only the
    results resting on its figures are kept, and they are counted and
    compared with the run before here. Unless ``every``, only failures and
    warnings are listed, and the other results counted by rule.
    """
    run_id = run_id if run_id is not None else latest_run_id(reader)
    if run_id is None:
        raise UsageError("no check run is stored yet; run `dbtool check` first")
    [run] = reader.rows(
        "SELECT revision, rules, tally FROM check_runs WHERE id = :run", {"run": run_id}
    )
    rows: Iterable[Row]
    if document is None:
        # The whole run: counted when it was stored (or now, by the database), its results
        # read as they are written.
        by_rule = run_tally(reader, run_id, run["tally"])
        counts = {status: sum(r["n"] for r in by_rule if r["status"] == status) for status in ORDER}
        changed = changes(reader, run_id, every=every)
        rows = result_rows(reader, run_id) if every else result_rows(reader, run_id, SHOWN_SQL)
    else:
        rows = in_scope(reader, result_rows(reader, run_id), document)
        counts = {status: sum(r["status"] == status for r in rows) for status in ORDER}
        changed = changes(reader, run_id, {r["key"]: r["status"] for r in rows}, every)
        tally: dict[tuple[str, str], int] = {}
        for row in rows:
            tally[row["rule"], row["status"]] = tally.get((row["rule"], row["status"]), 0) + 1
        by_rule = [{"rule": r, "status": s, "n": n} for (r, s), n in tally.items()]
        if not every:
            rows = [r for r in rows if r["status"] in SHOWN]
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    sections = [_results(rows, every)]
    if not every:
        sections.append(_by_rule(run["rules"].split(","), by_rule))
    return Report(
        name="checks",
        title=f"Cross-checks: {summary}",
        source=source_line(reader, document),
        stamp=f"check run {run_id}, database revision {run['revision']}",
        sections=[*sections, changed],
    )


def run_tally(reader: Reader, run_id: int, tally: str | None = None) -> list[Row]:
    """A run's findings counted by rule and status: ``{rule, status, n}`` rows, from the
    run's ``tally`` when it has one."""
    if tally is None:
        return reader.rows(RULE_COUNTS_SQL, {"run": run_id})
    counted = json.loads(tally)
    return [
        {"rule": rule, "status": status, "n": n}
        for rule, statuses in counted.items()
        for status, n in statuses.items()
    ]


def _results(rows: Iterable[Row], every: bool) -> Section:
    """The results listed: every one, or the failures and warnings."""
    return Section(
        "Results" if every else "Failures and warnings",
        [
            Column("status", "Status"),
            Column("rule", "Rule"),
            # A failure or warning is shown whole; a pass or an info in two lines.
            Column("message", "Finding", cut=2),
            Column("interval", "Interval", "interval", wide=True),
            Column("figures", "Figures", wide=True),
        ],
        rows,
        anchor="anchor",
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
    )


def _by_rule(rules: list[str], counted: Iterable[Row]) -> Section:
    """How many results of each status each rule of the run found."""
    tally = {rule: dict.fromkeys(ORDER, 0) for rule in rules}
    for row in counted:
        tally.setdefault(row["rule"], dict.fromkeys(ORDER, 0))[row["status"]] = row["n"]
    return Section(
        "Findings by rule",
        [Column("rule", "Rule"), *(Column(status, status.title(), "int") for status in ORDER)],
        [{"rule": rule, **found} for rule, found in tally.items()],
        intro="Every finding: dbtool check --verbose, dbtool report checks --verbose, or the "
        "CSV and JSON of this report.",
    )
