"""The summary report: the documents, what was loaded, and the latest check run."""

from __future__ import annotations

from dbtool.db.reader import Reader, Row
from dbtool.db.vocabulary import STATUSES
from dbtool.reports.builders import iso_date, source_line
from dbtool.reports.model import Column, Report, Section

# (label, table) in the order people read the schema.
COUNTED = [
    ("Quotes (verbatim spans)", "quotes"),
    ("Entities", "entities"),
    ("Organisations", "organisations"),
    ("People", "people"),
    ("Places", "places"),
    ("Roles", "roles"),
    ("Events", "events"),
    ("Event participants", "event_participants"),
    ("Agreements", "agreements"),
    ("Agreement commitments", "commitments"),
    ("Quantities", "quantities"),
    ("Rankings", "rankings"),
    ("Figures", "figures"),
]


def document_rows(reader: Reader) -> list[Row]:
    rows = reader.rows(
        "SELECT slug, title, published_on, published_on_basis, length(text) AS characters, "
        "sha256 FROM documents ORDER BY slug"
    )
    return [
        {**r, "published_on": iso_date(r["published_on"]), "sha256": r["sha256"][:12]} for r in rows
    ]


def count_rows(reader: Reader) -> list[Row]:
    counts = reader.rows(
        " UNION ALL ".join(
            f"SELECT '{table}' AS name, count(*) AS n FROM {table}" for _, table in COUNTED
        )
    )
    by_table = {r["name"]: r["n"] for r in counts}
    rows: list[Row] = [
        {"what": label, "table": table, "rows": by_table[table]} for label, table in COUNTED
    ]
    by_unit = reader.rows("SELECT unit, count(*) AS n FROM figures GROUP BY unit ORDER BY unit")
    rows += [
        {"what": f"Figures in {r['unit']}", "table": "figures", "rows": r["n"]} for r in by_unit
    ]
    return rows


def check_rows(reader: Reader) -> tuple[list[Row], int | None]:
    latest = reader.rows("SELECT max(id) AS id FROM check_runs")[0]["id"]
    if latest is None:
        return [], None
    counts = {
        r["status"]: r["n"]
        for r in reader.rows(
            "SELECT status, count(*) AS n FROM check_results WHERE run_id = :run GROUP BY status",
            {"run": latest},
        )
    }
    return [{"status": s, "results": counts.get(s, 0)} for s in STATUSES], latest


def build(reader: Reader) -> Report:
    checks, run_id = check_rows(reader)
    return Report(
        name="summary",
        title="dbtool summary",
        source=source_line(reader),
        stamp=f"check run {run_id}" if run_id else "",
        sections=[
            Section(
                "Documents",
                [
                    Column("slug", "Document"),
                    Column("title", "Title"),
                    Column("published_on", "Published", "date"),
                    Column("published_on_basis", "Date is"),
                    Column("characters", "Characters", "int"),
                    Column("sha256", "SHA-256"),
                ],
                document_rows(reader),
            ),
            Section(
                "What was loaded",
                [
                    Column("what", "What"),
                    Column("table", "Table"),
                    Column("rows", "Rows", "int"),
                ],
                count_rows(reader),
            ),
            Section(
                "Latest check run",
                [
                    Column("status", "Status"),
                    Column("results", "Results", "int"),
                ],
                checks,
                intro=None if checks else "No check run is stored yet: run `dbtool check`.",
            ),
        ],
    )
