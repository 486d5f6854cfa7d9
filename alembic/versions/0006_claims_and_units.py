"""claims and units: more currencies and tonnes, revisions, comparisons, ranked members

A trade release states amounts in roubles and euros, ore in tonnes and
dividends per share: figures may now be in any of sixteen currencies, a
price per carat or per share in each, or tonnes, each with its precision
rule. A figure may say which earlier figure it revises (``revises``: a
preliminary figure restated). Comparisons are claims of order without a
number ("exports eased", "Russia ahead of Angola"). A ranking may list the
quantities it ranks (its members), count from the bottom (``ascending``),
or rank the months, quarters or years within a period of one member
(``within`` and ``step``). The qualifiers trade bulletins use and the
first revisions lacked (some, roughly, just over, …) are added.

v_figures gains ``revises`` as its last column; v_comparisons is new. Data
is untouched. Downgrade refuses a database that holds anything 0005 cannot
store, before it changes anything.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen as of this revision.
CURRENCIES = ("USD", "EUR", "GBP", "RUB", "INR", "CAD", "AUD", "HKD", "CNY", "JPY", "CHF",
              "ZAR", "BWP", "NAD", "AED", "ILS")
UNITS = ("percent", "count", "rank", "year", "factor", "carat", "tonne", *CURRENCIES,
         *(f"{c}_per_carat" for c in CURRENCIES), *(f"{c}_per_share" for c in CURRENCIES))
OLD_UNITS = ("percent", "count", "USD", "rank", "year", "carat", "USD_per_carat", "factor")
NEW_UNITS = tuple(u for u in UNITS if u not in OLD_UNITS)

# name, low mode, low factor, low incl., high mode, high factor, high incl., description
NEW_QUALIFIERS = [
    ("some", "precision", None, True, "precision", None, True,
     "A round number given as approximate ('some 14 million carats'): rounded at its last "
     "written digit, like a number with no qualifier; a writer who knows the figure is 15.2 "
     "million does not say 'some 14 million'."),
    ("roughly", "factor", 0.9, True, "factor", 1.1, True,
     "Roughly the number: within 10% either side, as 'about'."),
    ("close to", "factor", 0.9, True, "factor", 1.1, True,
     "Near the number, on either side: within 10%."),
    ("an estimated", "factor", 0.9, True, "factor", 1.1, True,
     "An estimate: within 10% either side."),
    ("just over", "value", None, False, "factor", 1.1, True,
     "Above the number, and within 10% of it."),
    ("just under", "factor", 0.9, True, "value", None, False,
     "Below the number, and within 10% of it."),
    ("well over", "value", None, False, "unbounded", None, False,
     "Above the number, with no stated ceiling."),
    ("in excess of", "value", None, False, "unbounded", None, False,
     "Above the number, with no stated ceiling."),
    ("upwards of", "value", None, False, "unbounded", None, False,
     "Above the number, with no stated ceiling."),
    ("above", "value", None, False, "unbounded", None, False,
     "Above the number, with no stated ceiling."),
    ("no less than", "value", None, True, "unbounded", None, False,
     "The number or more."),
    ("below", "unbounded", None, False, "value", None, False,
     "Below the number, with no stated floor."),
    ("fewer than", "unbounded", None, False, "value", None, False,
     "Below the number, with no stated floor."),
    ("no more than", "unbounded", None, False, "value", None, True,
     "The number or less."),
    ("as much as", "unbounded", None, False, "value", None, True,
     "The number or less: the most it reached."),
    ("as many as", "unbounded", None, False, "value", None, True,
     "The number or less: the most it reached."),
]
QUALIFIER_COLUMNS = ("name", "low_mode", "low_factor", "low_inclusive", "high_mode",
                     "high_factor", "high_inclusive", "description")


def _precision_rules() -> list[dict[str, str]]:
    rows = [{"unit": "tonne", "rule": "half_last_digit",
             "description": "Ore is rounded to its last written digit: '4.6 million tonnes' "
                            "means 4.55 to 4.65 million."}]
    for currency in CURRENCIES:
        if currency != "USD":
            rows.append({"unit": currency, "rule": "half_last_digit",
                         "description": f"An amount in {currency} is rounded to its last "
                                        "written digit at its written scale."})
            rows.append({"unit": f"{currency}_per_carat", "rule": "half_last_digit",
                         "description": f"A price in {currency} per carat is rounded to its "
                                        "last written digit."})
        rows.append({"unit": f"{currency}_per_share", "rule": "half_last_digit",
                     "description": f"An amount in {currency} per share is rounded to its last "
                                    "written digit."})
    return rows


def upgrade() -> None:
    _drop_views()
    _units(UNITS)
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("revises", sa.String(length=100), nullable=True))
    with op.batch_alter_table("rankings") as batch:
        batch.add_column(sa.Column("ascending", sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
        batch.add_column(sa.Column("within", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("within_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("within_end", sa.Date(), nullable=True))
        batch.add_column(sa.Column("step", sa.String(length=10), nullable=True))
        batch.create_check_constraint("step", "step IN ('month', 'quarter', 'year')")
        batch.create_check_constraint("series_has_step", "(within IS NULL) = (step IS NULL)")
    _create_tables()
    precision = sa.table("precision_rules", sa.column("unit"), sa.column("rule"),
                         sa.column("description"))
    op.bulk_insert(precision, _precision_rules())
    qualifiers = sa.table("qualifiers", *(sa.column(c) for c in QUALIFIER_COLUMNS))
    op.bulk_insert(qualifiers, [dict(zip(QUALIFIER_COLUMNS, row, strict=True))
                                for row in NEW_QUALIFIERS])
    for sql in (V_FIGURES, V_DOCUMENTS, V_COMPARISONS):
        op.execute(sql)


def _create_tables() -> None:
    op.create_table(
        "ranking_members",
        sa.Column("ranking_id", sa.Integer(), nullable=False),
        sa.Column("quantity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ranking_id"], ["rankings.id"], ondelete="CASCADE",
                                name=op.f("fk_ranking_members_ranking_id_rankings")),
        sa.ForeignKeyConstraint(["quantity_id"], ["quantities.id"], ondelete="CASCADE",
                                name=op.f("fk_ranking_members_quantity_id_quantities")),
        sa.PrimaryKeyConstraint("ranking_id", "quantity_id", name=op.f("pk_ranking_members")),
    )
    op.create_index(op.f("ix_ranking_members_quantity_id"), "ranking_members", ["quantity_id"])
    op.create_table(
        "comparisons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("quantity_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=50), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("relation", sa.String(length=10), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("other_period", sa.String(length=50), nullable=False),
        sa.Column("other_start", sa.Date(), nullable=False),
        sa.Column("other_end", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewed", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.CheckConstraint("relation IN ('higher', 'lower', 'unchanged')",
                           name=op.f("ck_comparisons_relation")),
        sa.CheckConstraint("period_start <= period_end", name=op.f("ck_comparisons_period_ordered")),
        sa.CheckConstraint("other_start <= other_end", name=op.f("ck_comparisons_other_ordered")),
        sa.CheckConstraint(
            "quantity_id <> other_id OR period_start <> other_start OR period_end <> other_end",
            name=op.f("ck_comparisons_two_sides"),
        ),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_comparisons_document_id_documents")),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"],
                                name=op.f("fk_comparisons_quote_id_quotes")),
        sa.ForeignKeyConstraint(["subject_id"], ["entities.id"],
                                name=op.f("fk_comparisons_subject_id_entities")),
        sa.ForeignKeyConstraint(["quantity_id"], ["quantities.id"],
                                name=op.f("fk_comparisons_quantity_id_quantities")),
        sa.ForeignKeyConstraint(["other_id"], ["quantities.id"],
                                name=op.f("fk_comparisons_other_id_quantities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparisons")),
        sa.UniqueConstraint("key", name=op.f("uq_comparisons_key")),
    )
    for column in ("document_id", "quote_id", "subject_id", "quantity_id", "other_id"):
        op.create_index(op.f(f"ix_comparisons_{column}"), "comparisons", [column])


def _units(units: tuple[str, ...]) -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_constraint(op.f("ck_figures_unit"), type_="check")
        batch.create_check_constraint("unit", f"unit IN {units}")
    with op.batch_alter_table("precision_rules") as batch:
        batch.drop_constraint(op.f("ck_precision_rules_unit"), type_="check")
        batch.create_check_constraint("unit", f"unit IN {units}")


def _drop_views() -> None:
    for name in ("v_figures", "v_documents", "v_comparisons"):
        op.execute(f"DROP VIEW IF EXISTS {name}")


def refuse_downgrade(bind: sa.engine.Connection) -> None:
    """Refuse what revision 0005 cannot store; dbtool calls this before the first step of a
    downgrade that includes this one."""
    refusals = [
        ("figures in a unit 0005 cannot store",
         f"SELECT count(*) FROM figures WHERE unit NOT IN {OLD_UNITS}"),
        ("figures that revise another", "SELECT count(*) FROM figures WHERE revises IS NOT NULL"),
        ("comparisons", "SELECT count(*) FROM comparisons"),
        ("ranking members", "SELECT count(*) FROM ranking_members"),
        ("series or ascending rankings",
         "SELECT count(*) FROM rankings WHERE within IS NOT NULL OR ascending"),
        ("figures with a qualifier 0005 does not know",
         "SELECT count(*) FROM figures WHERE qualifier IN "
         f"{tuple(q[0] for q in NEW_QUALIFIERS)}"),
    ]
    for what, sql in refusals:
        found = bind.execute(sa.text(sql)).scalar()
        if found:
            raise RuntimeError(
                f"cannot downgrade below 0006: the database holds {found} {what}; "
                "`dbtool forget` the documents that state them first"
            )


def downgrade() -> None:
    refuse_downgrade(op.get_bind())
    _drop_views()
    op.drop_table("comparisons")
    op.drop_table("ranking_members")
    qualifiers = sa.table("qualifiers", sa.column("name"))
    op.execute(qualifiers.delete().where(qualifiers.c.name.in_([q[0] for q in NEW_QUALIFIERS])))
    precision = sa.table("precision_rules", sa.column("unit"))
    op.execute(precision.delete().where(precision.c.unit.in_(NEW_UNITS)))
    with op.batch_alter_table("rankings") as batch:
        batch.drop_constraint(op.f("ck_rankings_series_has_step"), type_="check")
        batch.drop_constraint(op.f("ck_rankings_step"), type_="check")
        for column in ("step", "within_end", "within_start", "within", "ascending"):
            batch.drop_column(column)
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("revises")
    _units(OLD_UNITS)
    op.execute(V_FIGURES_0004)
    op.execute(V_DOCUMENTS)


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
       f.reviewed"""
V_FIGURES_FROM = """
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
LEFT JOIN quantities qt ON qt.id = f.quantity_id
"""
# 0004's view with one column added at the end; and 0004's, frozen, for downgrade.
V_FIGURES = f"CREATE VIEW v_figures AS{V_FIGURES_COLUMNS},\n       f.revises{V_FIGURES_FROM}"
V_FIGURES_0004 = f"CREATE VIEW v_figures AS{V_FIGURES_COLUMNS}{V_FIGURES_FROM}"
# 0005's, unchanged: dropped only because it reads figures, which batch mode rebuilds.
V_DOCUMENTS = """
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
V_COMPARISONS = """
CREATE VIEW v_comparisons AS
SELECT c.key AS comparison_id,
       d.slug AS document,
       e.name AS subject,
       qt.key AS quantity,
       c.period,
       c.relation,
       ot.key AS other,
       c.other_period,
       q.text AS quote,
       q.char_start,
       q.char_end,
       c.reviewed
FROM comparisons c
JOIN quotes q ON q.id = c.quote_id
JOIN documents d ON d.id = c.document_id
LEFT JOIN entities e ON e.id = c.subject_id
JOIN quantities qt ON qt.id = c.quantity_id
JOIN quantities ot ON ot.id = c.other_id
"""
