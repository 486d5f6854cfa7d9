"""reviewed: a figure drafted by `dbtool draft` and not yet reviewed says so

`dbtool draft` writes seeds whose figures carry `reviewed = false` until a
person has checked them. The flag is stored on the figure, so reports and
SQL users see which figures rest on a machine's reading alone: figures gain
`reviewed` (true for every figure loaded before this revision: they were
written by hand), v_figures gains it as its last column, and v_documents
gains `unreviewed`, the number of a document's figures still to review.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ORG_TYPES = ("trade_body", "mining_company", "city_government", "port_authority", "state",
             "industry_council", "certification_scheme", "company")
OLD_ORG_TYPES = ORG_TYPES[:-1]


def upgrade() -> None:
    _drop_views()
    with op.batch_alter_table("figures") as batch:
        batch.add_column(
            sa.Column("reviewed", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    _org_types(ORG_TYPES)
    for sql in (*VIEWS.values(), V_ENTITIES):
        op.execute(sql)


def refuse_downgrade(bind: sa.engine.Connection) -> None:
    """Refuse what revision 0003 cannot store; dbtool calls this before the first step of a
    downgrade that includes this one."""
    found = bind.execute(
        sa.text("SELECT count(*) FROM organisations WHERE org_type = 'company'")
    ).scalar()
    if found:
        raise RuntimeError(
            f"cannot downgrade below 0004: the database holds {found} organisations of type "
            "'company', which revision 0003 cannot store; `dbtool forget` them first"
        )


def downgrade() -> None:
    refuse_downgrade(op.get_bind())
    _drop_views()
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("reviewed")
    _org_types(OLD_ORG_TYPES)
    for sql in (*OLD_VIEWS.values(), V_ENTITIES):
        op.execute(sql)


def _org_types(types: tuple[str, ...]) -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint(op.f("ck_organisations_org_type"), type_="check")
        batch.create_check_constraint("org_type", f"org_type IN {types}")


def _drop_views() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    # v_entities reads organisations, whose CHECK is rewritten by recreating the table.
    op.execute("DROP VIEW IF EXISTS v_entities")


# The two views at this revision: 0003's, with one column added at the end.
VIEWS = {
    "v_figures": """
CREATE VIEW v_figures AS
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
       f.reviewed
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
LEFT JOIN quantities qt ON qt.id = f.quantity_id
""",
    "v_documents": """
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
""",
}

# The same views as revision 0003 left them, frozen: put back by the downgrade.
OLD_VIEWS = {
    "v_figures": """
CREATE VIEW v_figures AS
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
       f.base_period_end
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
LEFT JOIN quantities qt ON qt.id = f.quantity_id
""",
    "v_documents": """
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
        WHERE r.run_id = (SELECT max(id) FROM check_runs) AND q.document_id = d.id) AS verdict
FROM documents d
""",
}

# v_entities as 0003 made it, unchanged: dropped and put back around the organisations table.
V_ENTITIES = """
CREATE VIEW v_entities AS
SELECT e.key AS entity_id,
       e.kind,
       e.name,
       COALESCE(o.org_type, pl.place_type, ev.event_type,
                CASE e.kind WHEN 'person' THEN 'person' WHEN 'agreement' THEN 'agreement' END)
           AS type,
       d.slug AS document,
       q.text AS quote,
       q.char_start,
       q.char_end,
       (SELECT count(DISTINCT m2.document_id) FROM mentions m2 WHERE m2.entity_id = e.id)
           AS documents
FROM entities e
JOIN mentions m ON m.id = (SELECT min(m1.id) FROM mentions m1 WHERE m1.entity_id = e.id)
JOIN quotes q ON q.id = m.quote_id
JOIN documents d ON d.id = m.document_id
LEFT JOIN organisations o ON o.entity_id = e.id
LEFT JOIN places pl ON pl.entity_id = e.id
LEFT JOIN events ev ON ev.entity_id = e.id
"""
