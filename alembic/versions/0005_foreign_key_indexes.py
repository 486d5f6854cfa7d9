"""foreign-key indexes, and v_documents computes its verdicts in one pass

Loading a document and forgetting one look rows up by the ids that point at
them: the figures of a quote, the uses of an entity or a quantity before it
is removed as unused, the results of a check run being pruned. Without an
index each such lookup scanned a whole table, which made loading N documents
cost O(N²) (issue 11). PostgreSQL and SQLite index primary keys and unique
constraints, not foreign keys, so each foreign-key column that does not
already lead an index, a primary key or a unique constraint gets one, named
by the convention (ix_<table>_<column>).

v_documents found each document's verdict by scanning every result of the
latest run once per document: O(documents × results), 29 s of `report all`
at 10,000 figures. It now groups the latest run's results by document once
and joins that; its columns and rows are unchanged. Data is untouched both
ways; downgrade puts back the indexes-free schema and 0004's view.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column) of every foreign key that no index led at 0004; frozen here.
INDEXED = [
    ("check_results", "rule"),
    ("partitions", "document_id"),
    ("partitions", "whole_id"),
    ("places", "country_id"),
    ("rankings", "document_id"),
    ("rankings", "share_whole_id"),
    ("datelines", "place_id"),
    ("datelines", "quote_id"),
    ("derived_quantities", "result_id"),
    ("events", "date_quote_id"),
    ("events", "part_of_id"),
    ("events", "place_id"),
    ("figures", "qualifier"),
    ("figures", "quantity_id"),
    ("figures", "quote_id"),
    ("figures", "ranking_id"),
    ("figures", "subject_id"),
    ("figures", "whole_id"),
    ("organisations", "based_in_id"),
    ("partition_members", "quantity_id"),
    ("quantity_links", "from_id"),
    ("quantity_links", "quote_id"),
    ("quantity_links", "to_id"),
    ("ratios", "denominator_id"),
    ("ratios", "numerator_id"),
    ("ratios", "quote_id"),
    ("ratios", "result_id"),
    ("sums", "quote_id"),
    ("sums", "total_id"),
    ("agreements", "signed_at_id"),
    ("event_participants", "entity_id"),
    ("event_participants", "quote_id"),
    ("roles", "organisation_id"),
    ("roles", "person_id"),
    ("roles", "quote_id"),
    ("sum_terms", "quantity_id"),
    ("agreement_parties", "organisation_id"),
    ("agreement_parties", "quote_id"),
    ("agreement_signatories", "on_behalf_of_id"),
    ("agreement_signatories", "person_id"),
    ("agreement_signatories", "quote_id"),
    ("commitments", "concerns_id"),
    ("commitments", "quote_id"),
]


DOCUMENTS = """
CREATE VIEW v_documents AS
SELECT d.slug AS document,
       d.published_on,
       d.published_on_basis,
       d.title,
       (SELECT count(DISTINCT m.entity_id) FROM mentions m WHERE m.document_id = d.id)
           AS entities,
       (SELECT count(*) FROM figures f JOIN quotes q ON q.id = f.quote_id
        WHERE q.document_id = d.id) AS figures,
       v.verdict,
       (SELECT count(*) FROM figures f JOIN quotes q ON q.id = f.quote_id
        WHERE q.document_id = d.id AND NOT f.reviewed) AS unreviewed
FROM documents d
LEFT JOIN (
    SELECT q.document_id,
           CASE max(CASE r.status WHEN 'fail' THEN 3 WHEN 'warn' THEN 2 ELSE 1 END)
               WHEN 3 THEN 'fail' WHEN 2 THEN 'warn' ELSE 'pass' END AS verdict
    FROM check_results r
    JOIN check_result_figures rf ON rf.result_id = r.id
    JOIN figures f ON f.key = rf.figure_key
    JOIN quotes q ON q.id = f.quote_id
    WHERE r.run_id = (SELECT max(id) FROM check_runs)
    GROUP BY q.document_id
) v ON v.document_id = d.id
"""

# The view as 0004 created it, frozen: put back by downgrade.
DOCUMENTS_0004 = """
CREATE VIEW v_documents AS
SELECT d.slug AS document,
       d.published_on,
       d.published_on_basis,
       d.title,
       (SELECT count(DISTINCT m.entity_id) FROM mentions m WHERE m.document_id = d.id)
           AS entities,
       (SELECT count(*) FROM figures f JOIN quotes q ON q.id = f.quote_id
        WHERE q.document_id = d.id) AS figures,
       (SELECT CASE WHEN max(CASE r.status WHEN 'fail' THEN 3 WHEN 'warn' THEN 2
                                        ELSE 1 END) = 3 THEN 'fail'
                    WHEN max(CASE r.status WHEN 'fail' THEN 3 WHEN 'warn' THEN 2
                                        ELSE 1 END) = 2 THEN 'warn'
                    WHEN count(*) > 0 THEN 'pass' END
        FROM check_results r
        JOIN check_result_figures rf ON rf.result_id = r.id
        JOIN figures f ON f.key = rf.figure_key
        JOIN quotes q ON q.id = f.quote_id
        WHERE r.run_id = (SELECT max(id) FROM check_runs) AND q.document_id = d.id) AS verdict,
       (SELECT count(*) FROM figures f JOIN quotes q ON q.id = f.quote_id
        WHERE q.document_id = d.id AND NOT f.reviewed) AS unreviewed
FROM documents d
"""


def upgrade() -> None:
    for table, column in INDEXED:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])
    op.execute("DROP VIEW v_documents")
    op.execute(DOCUMENTS)


def downgrade() -> None:
    op.execute("DROP VIEW v_documents")
    op.execute(DOCUMENTS_0004)
    for table, column in reversed(INDEXED):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
