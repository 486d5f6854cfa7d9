"""The documents report: every loaded document, what it holds, and its latest verdict."""

from __future__ import annotations

from collections.abc import Iterator

from dbtool.db.reader import Reader, Row
from dbtool.reports.builders import in_document, published, scope, source_line
from dbtool.reports.model import Column, Report, Section

# v_documents is the documented view; the verdict is that of the latest check run.
DOCUMENTS_SQL = f"""
SELECT document, published_on, published_on_basis, title, entities, figures, verdict,
       unreviewed, kind
FROM v_documents
WHERE {in_document("document")}
ORDER BY published_on, document
"""


def document_rows(reader: Reader, document: str | None = None) -> Iterator[Row]:
    return (
        {
            **r,
            "published_on": published(r["published_on"], r["published_on_basis"]),
            "verdict": r["verdict"] or "not checked",
        }
        for r in reader.stream(DOCUMENTS_SQL, scope(document))
    )


def build(reader: Reader, document: str | None = None) -> Report:
    return Report(
        name="documents",
        title="Documents",
        source=source_line(reader, document),
        sections=[
            Section(
                "Documents",
                [
                    Column("document", "Document"),
                    Column("kind", "Kind"),
                    Column("published_on", "Published", "date"),
                    Column("published_on_basis", "Date is", wide=True),
                    Column("title", "Title", width=50),
                    Column("entities", "Entities", "int"),
                    Column("figures", "Figures", "int"),
                    Column("unreviewed", "Review", "int"),
                    Column("verdict", "Verdict"),
                ],
                document_rows(reader, document),
                intro="A document is a text (a release) or a table (statistics, each cell a "
                "figure). The verdict is the worst status of the latest check run's findings on "
                "the document's figures; a failure or warning across documents counts against "
                "the latest-published of them, the release that brought it. “Review” counts "
                "the figures `dbtool draft` wrote that no person has reviewed yet.",
            )
        ],
    )
