"""check results shared between runs: a run stores only what is new or changed

A run used to store every finding anew, and compact the run before it to
each finding's key, rule and status: at 100,000 figures that is some 770,000
rows written and 150,000 rewritten for every run, even after loading one
release. Now a finding is stored once and belongs to every run from
``run_id`` up to ``ended_by`` (excluded; NULL: up to the latest). A run
stores the findings it found anew, and ends the ones it no longer finds,
which then keep their key, rule and status only, as compacted runs did.

``check_results`` gains ``ended_by`` and ``component`` (the part of the
facts a finding is about); ``check_runs`` gains ``basis`` (what a run's
findings depend on besides the documents) and ``tally`` (its findings
counted by rule and status). ``check_nodes`` and
``check_documents`` hold what the latest run knows of the facts' parts, for
the next run to re-check only those a changed document touches.
v_check_results, v_derived, v_check_runs and v_documents read a run's
findings by their span; their columns are unchanged (``run_id`` is the run
shown). Existing runs keep their rows: each compacted run's rows end with the
run after it. Downgrade gives every run back its own rows (compacted ones for
all but the latest) and puts back 0008's views.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ("v_check_results", "v_derived", "v_check_runs", "v_documents")
LATEST = "(SELECT max(id) FROM check_runs)"


def _group_concat(expression: str, dialect: str) -> str:
    """Comma-joined aggregate, spelled out here as in 0002: a revision never imports dbtool."""
    if dialect == "postgresql":
        return f"string_agg(CAST({expression} AS TEXT), ',' ORDER BY {expression})"
    return f"group_concat({expression}, ',')"


def _views(dialect: str) -> dict[str, str]:
    """The views at this revision (0003's, 0007's and 0008's), reading findings by span."""
    figures = _group_concat("f.figure_key", dialect)
    return {
        "v_check_results": f"""
CREATE VIEW v_check_results AS
SELECT {LATEST} AS run_id,
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
WHERE r.ended_by IS NULL
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
       {LATEST} AS run_id,
       d.low_inclusive,
       d.high_inclusive
FROM derived_quantities d
JOIN check_results r ON r.id = d.result_id
WHERE r.ended_by IS NULL
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
LEFT JOIN check_results r
       ON r.run_id <= c.id AND (r.ended_by IS NULL OR r.ended_by > c.id)
GROUP BY c.id, c.started_at, c.finished_at, c.revision, c.rules
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
       v.verdict,
       (SELECT count(*) FROM figures f JOIN quotes q ON q.id = f.quote_id
        WHERE q.document_id = d.id AND NOT f.reviewed) AS unreviewed,
       d.kind
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
        WHERE r.ended_by IS NULL
    ) rd
    GROUP BY rd.document_id
) v ON v.document_id = d.id
""",
    }


def _views_0008(dialect: str) -> dict[str, str]:
    """The views as 0003, 0007 and 0008 created them, frozen: put back by downgrade."""
    figures = _group_concat("f.figure_key", dialect)
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
WHERE r.run_id = {LATEST}
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
WHERE d.run_id = {LATEST}
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
       v.verdict,
       (SELECT count(*) FROM figures f JOIN quotes q ON q.id = f.quote_id
        WHERE q.document_id = d.id AND NOT f.reviewed) AS unreviewed,
       d.kind
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
""",
    }


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")
    with op.batch_alter_table("check_runs") as batch:
        batch.add_column(sa.Column("basis", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("tally", sa.Text(), nullable=True))
    with op.batch_alter_table("check_results") as batch:
        batch.add_column(sa.Column("ended_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("component", sa.String(length=110), nullable=True))
        batch.create_index(batch.f("ix_check_results_component"), ["component"], unique=False)
        batch.create_index("ix_check_results_ended_by", ["ended_by", "key"], unique=False)
        batch.create_index("ix_check_results_status", ["status"], unique=False)
    op.create_table(
        "check_nodes",
        sa.Column("node", sa.String(length=110), nullable=False),
        sa.Column("component", sa.String(length=110), nullable=False),
        sa.PrimaryKeyConstraint("node", name=op.f("pk_check_nodes")),
    )
    op.create_table(
        "check_documents",
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("seed_sha256", sa.String(length=64), nullable=True),
        sa.Column("components", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_check_documents")),
    )
    # Every run's rows so far were its own: each ends with the run after it.
    op.execute(
        "UPDATE check_results SET ended_by = "
        "(SELECT min(c.id) FROM check_runs c WHERE c.id > check_results.run_id)"
    )
    for view, sql in _views(dialect).items():
        op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")
    # Each run gets its own rows back: the latest its findings whole, the others their
    # key, rule and status (a row is ended, and compacted, when a run no longer finds it;
    # a row still found goes to the latest run and leaves a compacted copy in each run it
    # spans before). Until the column goes, ended_by marks a moved row with minus the run
    # it was stored in, and a copy with 0, so no later run copies it.
    op.execute(
        f"UPDATE check_results SET ended_by = -run_id, run_id = {LATEST} "
        f"WHERE ended_by IS NULL AND run_id < {LATEST}"
    )
    runs = [row[0] for row in op.get_bind().execute(sa.text("SELECT id FROM check_runs"))]
    for run in sorted(runs)[:-1]:
        op.execute(
            "INSERT INTO check_results (run_id, position, key, rule, status, message, "
            f"ended_by) SELECT {run}, position, key, rule, status, '', 0 FROM check_results "
            f"WHERE (ended_by < 0 AND -ended_by <= {run}) "
            f"OR (ended_by > {run} AND run_id < {run})"
        )
    op.drop_table("check_documents")
    op.drop_table("check_nodes")
    with op.batch_alter_table("check_results") as batch:
        batch.drop_index("ix_check_results_status")
        batch.drop_index("ix_check_results_ended_by")
        batch.drop_index(batch.f("ix_check_results_component"))
        batch.drop_column("component")
        batch.drop_column("ended_by")
    with op.batch_alter_table("check_runs") as batch:
        batch.drop_column("tally")
        batch.drop_column("basis")
    for view, sql in _views_0008(dialect).items():
        op.execute(sql)
