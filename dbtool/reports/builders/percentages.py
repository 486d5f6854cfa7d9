"""The percentages report: each share with its part and whole, each change with its base,
what the checks derived from them, and every check that rests on them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dbtool.db.reader import Reader, Row, in_run
from dbtool.reports.builders import flags, in_document, scope, source_line
from dbtool.reports.builders.checks import latest_run_id, result_rows
from dbtool.reports.model import Column, Report, Section

SHARES_FROM = f"""
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN quantities part ON part.id = f.quantity_id
JOIN quantities whole ON whole.id = f.whole_id
WHERE f.unit = 'percent' AND {in_document("d.slug")}
"""
SHARES_SQL = f"""
SELECT f.key, f.written, f.value, f.unit, f.low, f.high, f.low_inclusive, f.high_inclusive,
       f.measure, f.measure_basis, f.period, part.name AS part, whole.name AS whole,
       q.text AS quote, d.slug AS document
{SHARES_FROM}
ORDER BY d.published_on, d.slug, f.written_start
"""
CHANGES_FROM = f"""
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN quantities qt ON qt.id = f.quantity_id
WHERE f.base_period IS NOT NULL AND {in_document("d.slug")}
"""
CHANGES_SQL = f"""
SELECT f.key, f.written, f.value, f.unit, f.low, f.high, f.low_inclusive, f.high_inclusive,
       f.direction, f.period, f.base_period, qt.name AS quantity, q.text AS quote,
       d.slug AS document
{CHANGES_FROM}
ORDER BY d.published_on, d.slug, f.written_start
"""
# The run's results that rest on a stated share or change: chosen by the database, not
# by reading every result of the run.
ON_STATED = f"""id IN (SELECT l.result_id FROM check_result_figures l WHERE l.figure_key IN (
    SELECT f.key {SHARES_FROM} UNION SELECT f.key {CHANGES_FROM}))"""
DERIVED_SQL = f"""
SELECT d.key, d.description, d.low, d.high, d.low_inclusive, d.high_inclusive, d.unit,
       d.formula, r.id AS result_id
FROM derived_quantities d JOIN check_results r ON r.id = d.result_id
WHERE {in_run()} AND d.unit IN ('percent', 'ratio', 'factor', 'percentage_point')
ORDER BY r.position, r.key, d.id
"""


def share_rows(reader: Reader, document: str | None = None) -> Iterator[Row]:
    return (
        {
            **flags(r, "low_inclusive", "high_inclusive"),
            "measure": r["measure"]
            if r["measure_basis"] == "stated"
            else f"{r['measure']} ({r['measure_basis']})",
        }
        for r in reader.stream(SHARES_SQL, scope(document))
    )


def change_rows(reader: Reader, document: str | None = None) -> Iterator[Row]:
    """Stated changes; a factor ("more than doubled") keeps its unit, a percentage its sign."""
    return (
        {
            **flags(r, "low_inclusive", "high_inclusive"),
            "unit": r["unit"] if r["unit"] in ("percent", "percentage_point") else "ratio",
            "between": f"{r['base_period']} → {r['period']}",
        }
        for r in reader.stream(CHANGES_SQL, scope(document))
    )


def build(reader: Reader, document: str | None = None) -> Report:
    """The percentages report: stated shares and changes, and what the checks made of them.

    The stated sections need only the loaded figures. The derived shares and
    ratios, and the findings that rest on a stated share or change, come from
    the latest check run (a note says to run one when there is none); for one
    ``document`` they are cut to the results that rest on its figures.
    """
    shares = share_rows(reader, document)
    changes = change_rows(reader, document)
    run_id = latest_run_id(reader)
    sections = [
        Section(
            "Stated shares",
            [
                Column("written", "As written"),
                Column("interval", "Interval", "interval"),
                Column("part", "Part (and the figure's id)", width=42, below="key"),
                Column("whole", "Whole", width=30),
                Column("measure", "Measure", wide=True),
                Column("quote", "Source", "quote", width=40, wide=True),
                Column("key", "Id", wide=True),
            ],
            shares,
            fields=[
                "key",
                "written",
                "value",
                "low",
                "high",
                "low_inclusive",
                "high_inclusive",
                "part",
                "whole",
                "measure",
                "period",
                "quote",
                "document",
            ],
        ),
        Section(
            "Stated changes",
            [
                Column("written", "As written"),
                Column("interval", "Change", "interval"),
                Column("quantity", "Quantity (and the figure's id)", width=42, below="key"),
                Column("between", "From → to"),
                Column("quote", "Source", "quote", width=40, wide=True),
                Column("document", "Document", wide=True),
                Column("key", "Id", wide=True),
            ],
            changes,
            fields=[
                "key",
                "written",
                "value",
                "unit",
                "direction",
                "low",
                "high",
                "low_inclusive",
                "high_inclusive",
                "quantity",
                "base_period",
                "period",
                "quote",
                "document",
            ],
        ),
    ]
    if run_id is None:
        sections.append(
            Section(
                "Derived shares and checks",
                [],
                [],
                intro="No check run is stored yet: run `dbtool check`.",
            )
        )
    else:
        checks: Iterable[Row] = result_rows(reader, run_id, ON_STATED, scope(document))
        derived: Iterable[Row] = (
            flags(r, "low_inclusive", "high_inclusive")
            for r in reader.stream(DERIVED_SQL, {"run": run_id})
        )
        if document is not None:
            checks = list(checks)
            in_scope = {r["id"] for r in checks}
            derived = [r for r in derived if r["result_id"] in in_scope]
        sections += [
            Section(
                "Derived shares and ratios",
                [
                    Column("description", "Quantity", width=40),
                    Column("interval", "Interval", "interval"),
                    Column("formula", "Formula", width=40),
                    Column("key", "Id", wide=True),
                ],
                derived,
                fields=[
                    "key",
                    "description",
                    "low",
                    "high",
                    "low_inclusive",
                    "high_inclusive",
                    "unit",
                    "formula",
                ],
            ),
            Section(
                "Checks on these figures",
                [
                    Column("status", "Status"),
                    Column("rule", "Rule"),
                    Column("message", "Finding", cut=2),
                ],
                checks,
                fields=["key", "rule", "status", "message", "figures"],
            ),
        ]
    return Report(
        name="percentages",
        title="Percentages",
        source=source_line(reader, document),
        sections=sections,
        stamp=f"check run {run_id}" if run_id else "",
    )
