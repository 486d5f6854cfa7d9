"""v_documents: a failure counts against the document that brought it

A failing finding rests on figures of several documents when it compares
periods across releases, or derives a level from two of them. v_documents
marked each of those documents `fail`, so one bad release turned every
release that shares a quantity with it to `fail`. Now a failure or a warning
counts against the latest-published of the documents its figures come from
(the release that brought it; several when they share that date); the others
keep the verdict of their own findings (`pass` when the failure is their only
one). Columns and rows are unchanged; so is the data, both ways. Downgrade
puts back 0005's view.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
    SELECT rd.document_id,
           CASE max(CASE WHEN rd.status IN ('fail', 'warn') AND rd.published_on < rd.newest
                         THEN 1
                         WHEN rd.status = 'fail' THEN 3
                         WHEN rd.status = 'warn' THEN 2
                         ELSE 1 END)
               WHEN 3 THEN 'fail' WHEN 2 THEN 'warn' ELSE 'pass' END AS verdict
    FROM (
        SELECT r.status, q.document_id, dd.published_on,
               max(dd.published_on) OVER (PARTITION BY r.id) AS newest
        FROM check_results r
        JOIN check_result_figures rf ON rf.result_id = r.id
        JOIN figures f ON f.key = rf.figure_key
        JOIN quotes q ON q.id = f.quote_id
        JOIN documents dd ON dd.id = q.document_id
        WHERE r.run_id = (SELECT max(id) FROM check_runs)
    ) rd
    GROUP BY rd.document_id
) v ON v.document_id = d.id
"""

# The view as 0005 created it, frozen: put back by downgrade.
DOCUMENTS_0005 = """
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


def upgrade() -> None:
    op.execute("DROP VIEW v_documents")
    op.execute(DOCUMENTS)


def downgrade() -> None:
    op.execute("DROP VIEW v_documents")
    op.execute(DOCUMENTS_0005)
