"""tables and readings: statistics tables as documents, cells as figures, readings

A document may be a table of statistics (a CSV or XLSX file, such as the
Kimberley Process production tables) instead of a text: documents gain
``kind`` (text or table); ``source_tables`` holds a table document's file,
format, sheet, publisher, citation and period; ``table_cells`` says where
each of its figures stands (row number, row label, column). A ranking may be
``partial`` (its members are some of what is ranked), complete only from
``complete_start`` to ``complete_end`` (a table of the ten largest producers
of 2016, by value). ``quantity_readings`` and ``quantity_reading_terms``
hold the readings an ambiguous quantity may have ("Antwerp's rough trade":
imports plus exports, or imports only), each a sum of other quantities.

v_figures gains ``table_row`` and ``table_column`` (NULL for a text's
figures) and v_documents ``kind``, each at the end. Every existing document
is a text; data is untouched. Columns are added with plain ALTER TABLE (no
batch copy: the views that read documents stay valid). Downgrade refuses a
database holding a table document or a reading, before changing anything.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen as of this revision.
KINDS = ("text", "table")
FORMATS = ("csv", "xlsx")
BASES = ("stated", "inferred", "assumed")
DOCUMENT_KIND = (
    "ALTER TABLE documents ADD COLUMN kind VARCHAR(10) DEFAULT 'text' NOT NULL "
    f"CONSTRAINT ck_documents_kind CHECK (kind IN {KINDS})"
)


def upgrade() -> None:
    op.execute("DROP VIEW v_figures")
    op.execute("DROP VIEW v_documents")
    op.execute(DOCUMENT_KIND)
    op.add_column(
        "rankings", sa.Column("partial", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("rankings", sa.Column("complete_start", sa.Date(), nullable=True))
    op.add_column("rankings", sa.Column("complete_end", sa.Date(), nullable=True))
    _create_tables()
    op.execute(V_FIGURES)
    op.execute(V_DOCUMENTS)


def _create_tables() -> None:
    op.create_table(
        "source_tables",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("sheet", sa.String(length=100), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("period", sa.String(length=50), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"format IN {FORMATS}", name=op.f("ck_source_tables_format")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_source_tables_document_id_documents")),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_source_tables")),
    )
    op.create_table(
        "table_cells",
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("row_label", sa.String(length=300), nullable=False),
        sa.Column("column_name", sa.String(length=300), nullable=False),
        sa.CheckConstraint("row_number >= 1", name=op.f("ck_table_cells_row_number_positive")),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"], ondelete="CASCADE",
                                name=op.f("fk_table_cells_figure_id_figures")),
        sa.PrimaryKeyConstraint("figure_id", name=op.f("pk_table_cells")),
    )
    op.create_table(
        "quantity_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("quantity_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("quote_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(f"basis IN {BASES}", name=op.f("ck_quantity_readings_basis")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_quantity_readings_document_id_documents")),
        sa.ForeignKeyConstraint(["quantity_id"], ["quantities.id"],
                                name=op.f("fk_quantity_readings_quantity_id_quantities")),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"],
                                name=op.f("fk_quantity_readings_quote_id_quotes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantity_readings")),
        sa.UniqueConstraint("key", name=op.f("uq_quantity_readings_key")),
    )
    for column in ("document_id", "quantity_id", "quote_id"):
        op.create_index(op.f(f"ix_quantity_readings_{column}"), "quantity_readings", [column])
    op.create_table(
        "quantity_reading_terms",
        sa.Column("reading_id", sa.Integer(), nullable=False),
        sa.Column("quantity_id", sa.Integer(), nullable=False),
        sa.Column("sign", sa.Integer(), nullable=False),
        sa.CheckConstraint("sign IN (1, -1)", name=op.f("ck_quantity_reading_terms_sign")),
        sa.ForeignKeyConstraint(["reading_id"], ["quantity_readings.id"], ondelete="CASCADE",
                                name=op.f("fk_quantity_reading_terms_reading_id_quantity_readings")),
        sa.ForeignKeyConstraint(["quantity_id"], ["quantities.id"],
                                name=op.f("fk_quantity_reading_terms_quantity_id_quantities")),
        sa.PrimaryKeyConstraint("reading_id", "quantity_id",
                                name=op.f("pk_quantity_reading_terms")),
    )
    op.create_index(op.f("ix_quantity_reading_terms_quantity_id"), "quantity_reading_terms",
                    ["quantity_id"])


def refuse_downgrade(bind: sa.engine.Connection) -> None:
    """Refuse what revision 0007 cannot store; dbtool calls this before the first step of a
    downgrade that includes this one."""
    refusals = [
        ("table document", "table documents", "SELECT count(*) FROM documents WHERE kind <> 'text'"),
        ("reading of an ambiguous quantity", "readings of ambiguous quantities",
         "SELECT count(*) FROM quantity_readings"),
        ("partial ranking", "partial rankings", "SELECT count(*) FROM rankings WHERE partial"),
    ]
    for one, many, sql in refusals:
        found = bind.execute(sa.text(sql)).scalar()
        if found:
            raise RuntimeError(
                f"cannot downgrade below 0008: the database holds {found} "
                f"{one if found == 1 else many}; `dbtool forget` the documents that state them "
                "first"
            )


def downgrade() -> None:
    refuse_downgrade(op.get_bind())
    op.execute("DROP VIEW v_figures")
    op.execute("DROP VIEW v_documents")
    op.drop_table("quantity_reading_terms")
    op.drop_table("quantity_readings")
    op.drop_table("table_cells")
    op.drop_table("source_tables")
    for column in ("complete_end", "complete_start", "partial", "kind"):
        table = "documents" if column == "kind" else "rankings"
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.execute(V_FIGURES_0006)
    op.execute(V_DOCUMENTS_0007)


# v_figures as 0006 made it, frozen; this revision's adds two columns at the end.
V_FIGURES_COLUMNS = """
SELECT f.key AS figure_id,
       d.slug AS document,
       e.name AS subject,
       f.metric,
       f.value,
       f.unit,
       CASE WHEN f.qualifier = 'none' THEN NULL ELSE f.qualifier END AS qualifier,
       f.low,
       f.high,
       f.period,
       q.text AS quote,
       q.char_start,
       q.char_end,
       f.written,
       f.low_inclusive,
       f.high_inclusive,
       f.measure,
       f.period_start,
       f.period_end,
       qt.key AS quantity,
       f.base_period_start,
       f.base_period_end,
       f.reviewed,
       f.revises"""
V_FIGURES_FROM = """
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
LEFT JOIN quantities qt ON qt.id = f.quantity_id
"""
V_FIGURES = (
    f"CREATE VIEW v_figures AS{V_FIGURES_COLUMNS},\n       c.row_label AS table_row,\n"
    f"       c.column_name AS table_column{V_FIGURES_FROM}"
    "LEFT JOIN table_cells c ON c.figure_id = f.id\n"
)
V_FIGURES_0006 = f"CREATE VIEW v_figures AS{V_FIGURES_COLUMNS}{V_FIGURES_FROM}"

# v_documents as 0007 made it, frozen; this revision's adds ``kind`` at the end.
V_DOCUMENTS_SELECT = """
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
        WHERE q.document_id = d.id AND NOT f.reviewed) AS unreviewed"""
V_DOCUMENTS_FROM = """
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
V_DOCUMENTS = f"{V_DOCUMENTS_SELECT},\n       d.kind{V_DOCUMENTS_FROM}"
V_DOCUMENTS_0007 = f"{V_DOCUMENTS_SELECT}{V_DOCUMENTS_FROM}"
