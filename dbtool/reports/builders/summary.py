"""The summary report: the documents, what was loaded, and the latest check run."""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.db.vocabulary import STATUSES
from dbtool.reports.builders import in_document, published, scope, source_line
from dbtool.reports.builders.checks import run_tally
from dbtool.reports.model import Column, Report, Section

# (label, table, SQL that keeps one document's rows) in the order people read the schema.
COUNTED = [
    (
        "Quotes (verbatim spans)",
        "quotes",
        "document_id IN (SELECT d.id FROM documents d WHERE {doc})",
    ),
    (
        "Entities",
        "entities",
        "id IN (SELECT m.entity_id FROM mentions m JOIN documents d "
        "ON d.id = m.document_id WHERE {doc})",
    ),
    (
        "Mentions of entities",
        "mentions",
        "document_id IN (SELECT d.id FROM documents d WHERE {doc})",
    ),
    (
        "Organisations",
        "organisations",
        "entity_id IN (SELECT m.entity_id FROM mentions m "
        "JOIN documents d ON d.id = m.document_id WHERE {doc})",
    ),
    (
        "People",
        "people",
        "entity_id IN (SELECT m.entity_id FROM mentions m "
        "JOIN documents d ON d.id = m.document_id WHERE {doc})",
    ),
    (
        "Places",
        "places",
        "entity_id IN (SELECT m.entity_id FROM mentions m "
        "JOIN documents d ON d.id = m.document_id WHERE {doc})",
    ),
    ("Roles", "roles", "document_id IN (SELECT d.id FROM documents d WHERE {doc})"),
    (
        "Events",
        "events",
        "date_quote_id IN (SELECT q.id FROM quotes q JOIN documents d "
        "ON d.id = q.document_id WHERE {doc})",
    ),
    (
        "Agreements",
        "agreements",
        "entity_id IN (SELECT m.entity_id FROM mentions m "
        "JOIN documents d ON d.id = m.document_id WHERE {doc})",
    ),
    (
        "Agreement commitments",
        "commitments",
        "quote_id IN (SELECT q.id FROM quotes q "
        "JOIN documents d ON d.id = q.document_id "
        "WHERE {doc})",
    ),
    (
        "Quantities",
        "quantities",
        "id IN (SELECT s.quantity_id FROM quantity_sources s "
        "JOIN documents d ON d.id = s.document_id WHERE {doc})",
    ),
    (
        "Sums (totals and parts)",
        "sums",
        "document_id IN (SELECT d.id FROM documents d WHERE {doc})",
    ),
    ("Ratios", "ratios", "document_id IN (SELECT d.id FROM documents d WHERE {doc})"),
    ("Rankings", "rankings", "document_id IN (SELECT d.id FROM documents d WHERE {doc})"),
    (
        "Figures",
        "figures",
        "quote_id IN (SELECT q.id FROM quotes q JOIN documents d "
        "ON d.id = q.document_id WHERE {doc})",
    ),
]
FIGURES_BY_UNIT = f"""
SELECT f.unit, count(*) AS n
FROM figures f JOIN quotes q ON q.id = f.quote_id JOIN documents d ON d.id = q.document_id
WHERE {in_document("d.slug")}
GROUP BY f.unit ORDER BY f.unit
"""


def document_rows(reader: Reader, document: str | None = None) -> Iterator[Row]:
    rows = reader.stream(
        "SELECT slug, title, published_on, published_on_basis, length(text) AS characters, "
        f"sha256 FROM documents WHERE {in_document('slug')} ORDER BY published_on, slug",
        scope(document),
    )
    return (
        {
            **r,
            "published_on": published(r["published_on"], r["published_on_basis"]),
            "sha256": r["sha256"][:12],
        }
        for r in rows
    )


def count_rows(reader: Reader, document: str | None = None) -> list[Row]:
    counts = reader.rows(
        " UNION ALL ".join(
            f"SELECT '{table}' AS name, count(*) AS n FROM {table} "
            f"WHERE {where.format(doc=in_document('d.slug'))}"
            for _, table, where in COUNTED
        ),
        scope(document),
    )
    by_table = {r["name"]: r["n"] for r in counts}
    rows: list[Row] = [
        {"what": label, "table": table, "rows": by_table[table]} for label, table, _ in COUNTED
    ]
    rows += [
        {"what": f"Figures in {r['unit']}", "table": "figures", "rows": r["n"]}
        for r in reader.rows(FIGURES_BY_UNIT, scope(document))
    ]
    return rows


def check_rows(reader: Reader) -> tuple[list[Row], int | None]:
    latest = reader.rows("SELECT max(id) AS id FROM check_runs")[0]["id"]
    if latest is None:
        return [], None
    [run] = reader.rows("SELECT tally FROM check_runs WHERE id = :run", {"run": latest})
    counts: dict[str, int] = {}
    for row in run_tally(reader, latest, run["tally"]):
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
    return [{"status": s, "results": counts.get(s, 0)} for s in STATUSES], latest


def build(reader: Reader, document: str | None = None) -> Report:
    """The summary report: the documents loaded, how many rows of each kind, the latest run.

    A first look at a database: what was loaded from where, and how the most
    recent check run came out (or that none is stored yet).
    """
    checks, run_id = check_rows(reader)
    return Report(
        name="summary",
        title="dbtool summary",
        source=source_line(reader, document),
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
                document_rows(reader, document),
            ),
            Section(
                "What was loaded",
                [
                    Column("what", "What"),
                    Column("table", "Table"),
                    Column("rows", "Rows", "int"),
                ],
                count_rows(reader, document),
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
