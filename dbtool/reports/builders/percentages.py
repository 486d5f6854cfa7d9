"""The percentages report: each share with its part and whole, derived shares, and checks."""

from __future__ import annotations

from dbtool.db.reader import Reader, Row
from dbtool.reports.builders import flags, source_line
from dbtool.reports.builders.checks import latest_run_id, result_rows
from dbtool.reports.model import Column, Report, Section

SHARES_SQL = """
SELECT f.key, f.written, f.value, f.unit, f.low, f.high, f.low_inclusive, f.high_inclusive,
       f.measure, f.measure_basis, f.period, part.name AS part, whole.name AS whole,
       q.text AS quote
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN quantities part ON part.id = f.quantity_id
JOIN quantities whole ON whole.id = f.whole_id
WHERE f.unit = 'percent'
ORDER BY f.written_start
"""
DERIVED_SQL = """
SELECT key, description, low, high, low_inclusive, high_inclusive, unit, formula
FROM derived_quantities
WHERE run_id = :run AND unit IN ('percent', 'ratio')
ORDER BY id
"""


def share_rows(reader: Reader) -> list[Row]:
    return [
        {
            **flags(r, "low_inclusive", "high_inclusive"),
            "measure": r["measure"]
            if r["measure_basis"] == "stated"
            else f"{r['measure']} ({r['measure_basis']})",
        }
        for r in reader.rows(SHARES_SQL)
    ]


def build(reader: Reader) -> Report:
    shares = share_rows(reader)
    run_id = latest_run_id(reader)
    sections = [
        Section(
            "Stated shares",
            [
                Column("written", "As written"),
                Column("interval", "Interval", "interval"),
                Column("part", "Part", width=30),
                Column("whole", "Whole", width=30),
                Column("measure", "Measure"),
                Column("quote", "Source", "quote", width=40),
                Column("key", "Id"),
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
            ],
        )
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
        keys = {s["key"] for s in shares}
        checks = [r for r in result_rows(reader, run_id) if keys & set(r["figure_keys"])]
        derived = [
            flags(r, "low_inclusive", "high_inclusive")
            for r in reader.rows(DERIVED_SQL, {"run": run_id})
        ]
        sections += [
            Section(
                "Derived shares",
                [
                    Column("description", "Quantity", width=40),
                    Column("interval", "Interval", "interval"),
                    Column("formula", "Formula", width=40),
                    Column("key", "Id"),
                ],
                derived,
            ),
            Section(
                "Checks on these shares",
                [
                    Column("status", "Status"),
                    Column("rule", "Rule"),
                    Column("message", "Finding", width=70),
                ],
                checks,
                fields=["key", "rule", "status", "message", "figures"],
            ),
        ]
    return Report(
        name="percentages",
        title="Percentages",
        source=source_line(reader),
        sections=sections,
        stamp=f"check run {run_id}" if run_id else "",
    )
