"""check runs: rules, runs, results, derived quantities

Stores every `dbtool check` run with its results and the quantities it
derived, so scheduled runs build a history. The rules themselves are rows
(name, description, severity); their code is in dbtool/checks. Views
v_check_results, v_derived (latest run) and v_check_runs (every run with
counts by status) are the SQL contract.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:12:39.587860
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('check_rules',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.CheckConstraint("severity IN ('warn', 'fail')", name=op.f('ck_check_rules_severity')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_check_rules'))
    )
    op.create_table('check_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.String(length=50), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_runs'))
    )
    op.create_table('check_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('rule', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('low_inclusive', sa.Boolean(), nullable=True),
    sa.Column('high_inclusive', sa.Boolean(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.CheckConstraint("status IN ('pass', 'warn', 'fail', 'info')", name=op.f('ck_check_results_status')),
    sa.CheckConstraint('low IS NULL OR high IS NULL OR low <= high', name=op.f('ck_check_results_interval_ordered')),
    sa.ForeignKeyConstraint(['rule'], ['check_rules.name'], name=op.f('fk_check_results_rule_check_rules')),
    sa.ForeignKeyConstraint(['run_id'], ['check_runs.id'], name=op.f('fk_check_results_run_id_check_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_results')),
    sa.UniqueConstraint('run_id', 'key', name=op.f('uq_check_results_run_id'))
    )
    op.create_table('check_result_figures',
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('figure_key', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['result_id'], ['check_results.id'], name=op.f('fk_check_result_figures_result_id_check_results'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('result_id', 'figure_key', name=op.f('pk_check_result_figures'))
    )
    op.create_table('derived_quantities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('low_inclusive', sa.Boolean(), nullable=False),
    sa.Column('high_inclusive', sa.Boolean(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('formula', sa.Text(), nullable=False),
    sa.CheckConstraint('low IS NULL OR high IS NULL OR low <= high', name=op.f('ck_derived_quantities_interval_ordered')),
    sa.ForeignKeyConstraint(['result_id'], ['check_results.id'], name=op.f('fk_derived_quantities_result_id_check_results'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['check_runs.id'], name=op.f('fk_derived_quantities_run_id_check_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_derived_quantities')),
    sa.UniqueConstraint('run_id', 'key', name=op.f('uq_derived_quantities_run_id'))
    )
    op.bulk_insert(
        sa.table("check_rules", sa.column("name"), sa.column("position"),
                 sa.column("description"), sa.column("severity")),
        [{"name": n, "position": i, "description": d, "severity": s}
         for i, (n, d, s) in enumerate(RULES, 1)],
    )
    for sql in _views(op.get_bind().dialect.name).values():
        op.execute(sql)


# Reference rows, frozen as of this revision: the rules dbtool had when it was
# written, with their default severity. A team's later UPDATE of a severity is
# its configuration and is kept by `db copy`; a new rule arrives with the
# revision that adds its code, never by editing this list.
RULES = [
    ("bounds", "A percentage lies in 0-100, a count or amount is not negative, a rank is 1 or "
     "more.", "fail"),
    ("part-within-whole", "A part is never larger than its whole (21 Belgian clients of 55).",
     "fail"),
    ("count-share", "Where a part and its whole are both counted, derive the share and check "
     "any stated share against it.", "fail"),
    ("granularity", "A percentage of a known whole count must be k/n for a whole number k "
     "(the GRIM test).", "fail"),
    ("shares-of-whole", "Shares of disjoint parts of one whole add up to at most 100% (exactly "
     "100% when the parts are exhaustive).", "fail"),
    ("implied-quantity", "An amount and the share it is of imply the whole (and a whole and a "
     "share the part); claims implying the same quantity must agree.", "fail"),
    ("chained-share", "A share of a share implies a share of the larger whole; a stated one must "
     "agree.", "fail"),
    ("value-vs-volume", "One party's value and volume shares of the same market give its "
     "relative price per unit.", "warn"),
    ("rank-claims", "Claims of one rank in one ranking name the same subject (or one inside the "
     "other), and a ranked share leaves room for the ranks above it.", "fail"),
]


def group_concat(expression: str, dialect: str) -> str:
    """Comma-joined aggregate: the one SQL function the dialects spell apart.

    Spelled out here rather than imported: a revision must keep creating the
    same views whatever later versions of dbtool's code look like.
    """
    if dialect == "postgresql":
        return f"string_agg(CAST({expression} AS TEXT), ',' ORDER BY {expression})"
    return f"group_concat({expression}, ',')"


def _views(dialect: str) -> dict[str, str]:
    figures = group_concat("f.figure_key", dialect)
    latest = "(SELECT max(id) FROM check_runs)"
    return {
        "v_check_results": f"""
CREATE VIEW v_check_results AS
SELECT r.run_id,
       r.rule,
       r.status,
       r.message,
       (SELECT {figures} FROM check_result_figures f WHERE f.result_id = r.id) AS figures,
       r.low,
       r.high,
       r.key,
       r.unit,
       r.low_inclusive,
       r.high_inclusive,
       r.position
FROM check_results r
WHERE r.run_id = {latest}
""",
        "v_derived": f"""
CREATE VIEW v_derived AS
SELECT d.key AS derived_id,
       d.description,
       d.low,
       d.high,
       d.unit,
       d.formula,
       (SELECT {figures} FROM check_result_figures f WHERE f.result_id = d.result_id)
           AS figures,
       d.run_id,
       d.low_inclusive,
       d.high_inclusive
FROM derived_quantities d
WHERE d.run_id = {latest}
""",
        "v_check_runs": """
CREATE VIEW v_check_runs AS
SELECT c.id AS run_id,
       c.started_at,
       c.finished_at,
       c.revision,
       c.rules,
       SUM(CASE WHEN r.status = 'pass' THEN 1 ELSE 0 END) AS n_pass,
       SUM(CASE WHEN r.status = 'warn' THEN 1 ELSE 0 END) AS n_warn,
       SUM(CASE WHEN r.status = 'fail' THEN 1 ELSE 0 END) AS n_fail,
       SUM(CASE WHEN r.status = 'info' THEN 1 ELSE 0 END) AS n_info
FROM check_runs c
LEFT JOIN check_results r ON r.run_id = c.id
GROUP BY c.id, c.started_at, c.finished_at, c.revision, c.rules
""",
    }


def downgrade() -> None:
    for view in _views(op.get_bind().dialect.name):
        op.execute(f"DROP VIEW {view}")
    op.drop_table('derived_quantities')
    op.drop_table('check_result_figures')
    op.drop_table('check_results')
    op.drop_table('check_runs')
    op.drop_table('check_rules')
