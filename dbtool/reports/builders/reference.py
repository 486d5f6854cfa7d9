"""The reference report: every claim of a text that was checked against a table, with
both sources side by side.

An analyst holds a release's figures against the official statistics: this is
the page that shows it. Each finding of the latest check run that rests on a
figure of a text and on a cell of a table document is one row: the text's
words (quoted, with the document), the table's cells (file, row, column and
the cell as written), and what the check found, failures first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.errors import UsageError
from dbtool.reports.builders import in_document, scope, source_line
from dbtool.reports.builders.checks import ORDER, latest_run_id
from dbtool.reports.model import Column, Report, Section

# Each figure of each result of the run that rests on a table's cell, with where it comes
# from: its quote and document, and for a cell its row and column.
SIDES_SQL = """
SELECT r.id, r.position, r.rule, r.status, r.message, f.key, f.written, q.text AS quote,
       d.slug AS document, d.kind, c.row_label, c.column_name, t.file
FROM check_results r
JOIN check_result_figures rf ON rf.result_id = r.id
JOIN figures f ON f.key = rf.figure_key
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
LEFT JOIN table_cells c ON c.figure_id = f.id
LEFT JOIN source_tables t ON t.document_id = d.id
WHERE r.run_id = :run AND r.id IN (
    SELECT tf.result_id FROM check_result_figures tf
    JOIN figures tfig ON tfig.key = tf.figure_key
    JOIN table_cells tc ON tc.figure_id = tfig.id
)
ORDER BY r.position, r.id, d.kind DESC, q.char_start, f.key
"""


# A comparison's finding opens with the claim's words and its document.
CLAIM = re.compile(r"^(“[^”]*” \(([^)]+)\))")


def _pairs(rows: list[Row], document: str | None) -> Iterator[Row]:
    """One row per finding with a text side and a table side, failures first."""
    findings: dict[int, Row] = {}
    for row in rows:
        found = findings.setdefault(
            row["id"],
            {
                "status": row["status"],
                "rule": row["rule"],
                "message": row["message"],
                "position": row["position"],
                "texts": [],
                "tables": [],
                "documents": set(),
            },
        )
        found["documents"].add(row["document"])
        if row["kind"] == "table":
            found["tables"].append(
                f"{row['file']}, row {row['row_label']}, column {row['column_name']}: "
                f"{row['written']}"
            )
        else:
            found["texts"].append(f"“{row['quote']}” ({row['document']})")
    for found in findings.values():
        claim = CLAIM.match(found["message"]) if found["rule"] == "comparison" else None
        if claim and not found["texts"]:  # a claim of order states no figure: its words
            found["texts"].append(claim.group(1))
            found["documents"].add(claim.group(2))
    kept = [
        f
        for f in findings.values()
        if f["texts"] and f["tables"] and (document is None or document in f["documents"])
    ]
    kept.sort(key=lambda f: (ORDER.get(f["status"], 9), f["position"]))
    for found in kept:
        yield {
            "status": found["status"],
            "rule": found["rule"],
            "text": "\n".join(dict.fromkeys(found["texts"])),
            "table": "\n".join(dict.fromkeys(found["tables"])),
            "message": found["message"],
        }


TABLES_SQL = f"""
SELECT d.slug AS document, t.file, t.publisher, t.period, t.rows, t.citation,
       (SELECT count(*) FROM figures f JOIN quotes q ON q.id = f.quote_id
        WHERE q.document_id = d.id) AS figures
FROM source_tables t JOIN documents d ON d.id = t.document_id
WHERE {in_document("d.slug")}
ORDER BY d.published_on, d.slug
"""


def build(reader: Reader, document: str | None = None) -> Report:
    run_id = latest_run_id(reader)
    if run_id is None:
        raise UsageError("no check run is stored yet; run `dbtool check` first")
    rows = reader.rows(SIDES_SQL, {"run": run_id, **scope(document)})
    return Report(
        name="reference",
        title="Claims checked against official statistics",
        source=source_line(reader, document),
        stamp=f"check run {run_id}",
        sections=[
            Section(
                "Text against table",
                [
                    Column("status", "Status"),
                    Column("rule", "Rule", wide=True),
                    Column("text", "The text says", cut=4),
                    Column("table", "The table says", cut=4),
                    Column("message", "Finding", wide=True),
                ],
                list(_pairs(rows, document)),
                intro="Each finding of the latest check run that holds a figure of a text "
                "against a cell of a table document (statistics), failures first: the text's "
                "words beside the table's cells. `--wide` adds the rule and the finding.",
            ),
            Section(
                "Tables",
                [
                    Column("document", "Document"),
                    Column("file", "File"),
                    Column("publisher", "Publisher"),
                    Column("period", "Period"),
                    Column("figures", "Cells", "int"),
                    Column("citation", "Citation", wide=True),
                ],
                reader.rows(TABLES_SQL, scope(document)),
                intro="The table documents loaded: the statistics claims are held against.",
            ),
        ],
    )
