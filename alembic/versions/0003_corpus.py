"""corpus: many documents, global entities and quantities, periods, sums and ratios

One database of many press releases. Entities and quantities become global
(one ALROSA for every document): where each document names an entity is a
row of `mentions` (entities.quote_id moves there), which documents declare a
quantity is `quantity_sources` (quantities.document_id moves there). Roles
and quantity links belong to the document that states them. Figures gain a
period (a date range), a base period and a direction for changes ("rose 9%
year on year"); new units carat, USD_per_carat and factor; amounts may be
negative (net figures), counts may not. `sums` (total = parts − minus) and
`ratios` (price = value / volume) relate quantities in every period. A
document may be dated to the month only. Six new check rules; views gain
period columns, document and date of roles; new views v_mentions and
v_documents.

Downgrade refuses a database holding more than one document, or any fact
the old schema cannot hold, rather than lose it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 21:30:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Reference rows added by this revision, frozen here like those of 0001 and 0002.
NEW_RULES = [
    ("change", "A stated change agrees with the figures at both ends (in any document); with one "
     "end missing, it gives that end.", "fail"),
    ("sum-of-parts", "A total agrees with the sum of its stated parts (USD 237.8 million, of "
     "which 228.3 rough and 9.5 polished).", "fail"),
    ("difference", "A net figure agrees with the difference it is defined as (net rough imports "
     "= imports − exports).", "fail"),
    ("ratio", "A price per unit agrees with value over volume, and changes compose: (1 + value "
     "change) = (1 + volume change) × (1 + price change).", "fail"),
    ("periods", "Flow quantities add up over time: January–September − January–July = "
     "August + September; a month fits in its year-to-date total.", "fail"),
    ("same-period", "Figures for the same quantity and period, in any documents, agree.", "fail"),
]
NEW_PRECISION_RULES = [
    ("carat", "half_last_digit", "A volume is rounded to its last written digit: '95.3 million "
     "carats' means 95.25 to 95.35 million."),
    ("USD_per_carat", "half_last_digit", "A price is rounded to its last written digit: 'USD 113 "
     "per carat' means 112.5 to 113.5."),
    ("factor", "exact", "A multiple ('doubled', 'tripled') is the word's number; its qualifier "
     "('more than', 'nearly') gives the interval."),
]
COUNT_RULE = ("exact_unless_scaled", "A count of whole things is exact ('55 clients') unless "
              "written with a scale word ('5.2 million' means 5.15 to 5.25 million); a seed "
              "gives a round count such as '1,600 companies' its own precision.")
OLD_COUNT_RULE = ("exact", "A count of whole things is exact ('55 clients'); a seed gives a "
                  "round count such as '1,600 companies' its own precision.")

UNITS = "('percent', 'count', 'USD', 'rank', 'year', 'carat', 'USD_per_carat', 'factor')"
OLD_UNITS = "('percent', 'count', 'USD', 'rank', 'year')"
PRECISION = "('half_last_digit', 'exact', 'exact_unless_scaled')"
OLD_PRECISION = "('half_last_digit', 'exact')"
PLACE_TYPES = "('city', 'country', 'region', 'continent', 'world')"

FIGURE_CHECKS = {
    "share_range": "whole_id IS NULL OR (value >= 0 AND value <= 100)",
    "count_not_negative": "unit <> 'count' OR value >= 0",
    "share_has_whole":
        "(whole_id IS NOT NULL) = (unit = 'percent' AND base_period_start IS NULL)",
    "change_has_base": "(base_period_start IS NOT NULL) = "
                       "(unit = 'factor' OR (unit = 'percent' AND whole_id IS NULL))",
    "percent_change_has_direction":
        "(direction IS NOT NULL) = (unit = 'percent' AND base_period_start IS NOT NULL)",
    "direction": "direction IN ('up', 'down')",
    "period_ordered": "period_start <= period_end",
    "base_period_ordered": "base_period_start <= base_period_end",
}
OLD_FIGURE_CHECKS = {
    "percent_range": "unit <> 'percent' OR (value >= 0 AND value <= 100)",
    "amount_not_negative": "unit NOT IN ('count', 'USD') OR value >= 0",
    "percent_has_whole": "(unit = 'percent') = (whole_id IS NOT NULL)",
}


def upgrade() -> None:
    bind = op.get_bind()
    _drop_views(OLD_VIEWS)

    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("seed_sha256", sa.String(length=64), nullable=True))
        batch.drop_constraint(op.f("ck_documents_published_on_basis"), type_="check")
        batch.create_check_constraint(
            "published_on_basis", "published_on_basis IN ('stated', 'inferred', 'month')")

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("declares", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_mentions_document_id_documents")),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE",
                                name=op.f("fk_mentions_entity_id_entities")),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"],
                                name=op.f("fk_mentions_quote_id_quotes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
        sa.UniqueConstraint("entity_id", "quote_id", name=op.f("uq_mentions_entity_id")),
    )
    for column in ("entity_id", "document_id", "quote_id"):
        op.create_index(op.f(f"ix_mentions_{column}"), "mentions", [column])
    op.execute(
        "INSERT INTO mentions (entity_id, document_id, quote_id, declares) "
        "SELECT e.id, q.document_id, e.quote_id, TRUE FROM entities e "
        "JOIN quotes q ON q.id = e.quote_id"
    )
    with op.batch_alter_table("entities") as batch:
        batch.drop_constraint(op.f("fk_entities_quote_id_quotes"), type_="foreignkey")
        batch.drop_column("quote_id")

    with op.batch_alter_table("places") as batch:
        batch.drop_constraint(op.f("ck_places_place_type"), type_="check")
        batch.drop_constraint(op.f("ck_places_city_has_country"), type_="check")
        batch.create_check_constraint("place_type", f"place_type IN {PLACE_TYPES}")
        batch.create_check_constraint("city_has_country",
                                      "place_type <> 'city' OR country_id IS NOT NULL")

    with op.batch_alter_table("roles") as batch:
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
    op.execute("UPDATE roles SET document_id = "
               "(SELECT q.document_id FROM quotes q WHERE q.id = roles.quote_id)")
    with op.batch_alter_table("roles") as batch:
        batch.alter_column("document_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_roles_document_id_documents"), "documents",
                                 ["document_id"], ["id"], ondelete="CASCADE")
        batch.drop_constraint(op.f("uq_roles_person_id"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_roles_document_id"), ["document_id", "person_id", "organisation_id", "title"])

    with op.batch_alter_table("quantity_links") as batch:
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
    op.execute("UPDATE quantity_links SET document_id = (SELECT q.document_id "
               "FROM quantities q WHERE q.id = quantity_links.from_id)")
    with op.batch_alter_table("quantity_links") as batch:
        batch.alter_column("document_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_quantity_links_document_id_documents"), "documents",
                                 ["document_id"], ["id"], ondelete="CASCADE")
        batch.drop_constraint(op.f("uq_quantity_links_from_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_quantity_links_document_id"),
                                       ["document_id", "from_id", "to_id", "relation"])

    op.create_table(
        "quantity_sources",
        sa.Column("quantity_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_quantity_sources_document_id_documents")),
        sa.ForeignKeyConstraint(["quantity_id"], ["quantities.id"], ondelete="CASCADE",
                                name=op.f("fk_quantity_sources_quantity_id_quantities")),
        sa.PrimaryKeyConstraint("quantity_id", "document_id", name=op.f("pk_quantity_sources")),
    )
    op.create_index(op.f("ix_quantity_sources_document_id"), "quantity_sources", ["document_id"])
    op.execute("INSERT INTO quantity_sources (quantity_id, document_id) "
               "SELECT id, document_id FROM quantities")
    with op.batch_alter_table("quantities") as batch:
        batch.drop_constraint(op.f("fk_quantities_document_id_documents"), type_="foreignkey")
        batch.drop_column("document_id")
        batch.add_column(sa.Column("flow", sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
        batch.add_column(sa.Column("signed", sa.Boolean(), server_default=sa.false(),
                                   nullable=False))

    with op.batch_alter_table("figures") as batch:
        for name in ("period_start", "period_end", "base_period_start", "base_period_end"):
            batch.add_column(sa.Column(name, sa.Date(), nullable=True))
        batch.add_column(sa.Column("base_period", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("direction", sa.String(length=10), nullable=True))
        for name in (*OLD_FIGURE_CHECKS, "unit"):
            batch.drop_constraint(op.f(f"ck_figures_{name}"), type_="check")
        batch.create_check_constraint("unit", f"unit IN {UNITS}")
        for name, sql in FIGURE_CHECKS.items():
            batch.create_check_constraint(name, sql)
    _periods_from_years(bind)

    with op.batch_alter_table("precision_rules") as batch:
        batch.drop_constraint(op.f("ck_precision_rules_unit"), type_="check")
        batch.drop_constraint(op.f("ck_precision_rules_rule"), type_="check")
        batch.create_check_constraint("unit", f"unit IN {UNITS}")
        batch.create_check_constraint("rule", f"rule IN {PRECISION}")
    rules = sa.table("precision_rules", sa.column("unit"), sa.column("rule"),
                     sa.column("description"))
    op.execute(rules.update().where(rules.c.unit == "count")
               .values(rule=COUNT_RULE[0], description=COUNT_RULE[1]))
    op.bulk_insert(rules, [{"unit": u, "rule": r, "description": d}
                           for u, r, d in NEW_PRECISION_RULES])

    _create_relations()
    check_rules = sa.table("check_rules", sa.column("name"), sa.column("position"),
                           sa.column("description"), sa.column("severity"))
    op.bulk_insert(check_rules, [
        {"name": n, "position": 10 + i, "description": d, "severity": s}
        for i, (n, d, s) in enumerate(NEW_RULES)
    ])
    for sql in _views(bind.dialect.name).values():
        op.execute(sql)


def _periods_from_years(bind: sa.engine.Connection) -> None:
    """A figure's period written as a year ("2017") becomes that year's date range."""
    figures = sa.table("figures", sa.column("id"), sa.column("period"),
                       sa.column("period_start", sa.Date), sa.column("period_end", sa.Date))
    import datetime as dt

    for row in bind.execute(sa.select(figures.c.id, figures.c.period)):
        if row.period and re.fullmatch(r"\d{4}", row.period):
            year = int(row.period)
            bind.execute(figures.update().where(figures.c.id == row.id).values(
                period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)))


def _create_relations() -> None:
    op.create_table(
        "sums",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("total_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("quote_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("basis IN ('stated', 'inferred', 'assumed')",
                           name=op.f("ck_sums_basis")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_sums_document_id_documents")),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], name=op.f("fk_sums_quote_id_quotes")),
        sa.ForeignKeyConstraint(["total_id"], ["quantities.id"],
                                name=op.f("fk_sums_total_id_quantities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sums")),
        sa.UniqueConstraint("key", name=op.f("uq_sums_key")),
    )
    op.create_index(op.f("ix_sums_document_id"), "sums", ["document_id"])
    op.create_table(
        "sum_terms",
        sa.Column("sum_id", sa.Integer(), nullable=False),
        sa.Column("quantity_id", sa.Integer(), nullable=False),
        sa.Column("sign", sa.Integer(), nullable=False),
        sa.CheckConstraint("sign IN (1, -1)", name=op.f("ck_sum_terms_sign")),
        sa.ForeignKeyConstraint(["quantity_id"], ["quantities.id"],
                                name=op.f("fk_sum_terms_quantity_id_quantities")),
        sa.ForeignKeyConstraint(["sum_id"], ["sums.id"], ondelete="CASCADE",
                                name=op.f("fk_sum_terms_sum_id_sums")),
        sa.PrimaryKeyConstraint("sum_id", "quantity_id", name=op.f("pk_sum_terms")),
    )
    op.create_table(
        "ratios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("numerator_id", sa.Integer(), nullable=False),
        sa.Column("denominator_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("quote_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("basis IN ('stated', 'inferred', 'assumed')",
                           name=op.f("ck_ratios_basis")),
        sa.ForeignKeyConstraint(["denominator_id"], ["quantities.id"],
                                name=op.f("fk_ratios_denominator_id_quantities")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_ratios_document_id_documents")),
        sa.ForeignKeyConstraint(["numerator_id"], ["quantities.id"],
                                name=op.f("fk_ratios_numerator_id_quantities")),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"],
                                name=op.f("fk_ratios_quote_id_quotes")),
        sa.ForeignKeyConstraint(["result_id"], ["quantities.id"],
                                name=op.f("fk_ratios_result_id_quantities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratios")),
        sa.UniqueConstraint("key", name=op.f("uq_ratios_key")),
    )
    op.create_index(op.f("ix_ratios_document_id"), "ratios", ["document_id"])


def downgrade() -> None:
    bind = op.get_bind()
    refuse_downgrade(bind)
    _drop_views(_views(bind.dialect.name))
    op.drop_table("ratios")
    op.drop_table("sum_terms")
    op.drop_table("sums")
    # Findings of the rules this revision added cannot exist at 0002; their children first,
    # as SQLite runs migrations with foreign keys (and so cascades) off.
    new_rules = "(" + ", ".join(f"'{n}'" for n, _d, _s in NEW_RULES) + ")"
    results = f"(SELECT id FROM check_results WHERE rule IN {new_rules})"
    op.execute(f"DELETE FROM check_result_figures WHERE result_id IN {results}")
    op.execute(f"DELETE FROM derived_quantities WHERE result_id IN {results}")
    op.execute(f"DELETE FROM check_results WHERE rule IN {new_rules}")
    op.execute(f"DELETE FROM check_rules WHERE name IN {new_rules}")
    rules = sa.table("precision_rules", sa.column("unit"), sa.column("rule"),
                     sa.column("description"))
    op.execute(rules.delete().where(rules.c.unit.in_([u for u, _r, _d in NEW_PRECISION_RULES])))
    op.execute(rules.update().where(rules.c.unit == "count")
               .values(rule=OLD_COUNT_RULE[0], description=OLD_COUNT_RULE[1]))
    with op.batch_alter_table("precision_rules") as batch:
        batch.drop_constraint(op.f("ck_precision_rules_unit"), type_="check")
        batch.drop_constraint(op.f("ck_precision_rules_rule"), type_="check")
        batch.create_check_constraint("unit", f"unit IN {OLD_UNITS}")
        batch.create_check_constraint("rule", f"rule IN {OLD_PRECISION}")

    with op.batch_alter_table("figures") as batch:
        for name in (*FIGURE_CHECKS, "unit"):
            batch.drop_constraint(op.f(f"ck_figures_{name}"), type_="check")
        for name in ("period_start", "period_end", "base_period_start", "base_period_end",
                     "base_period", "direction"):
            batch.drop_column(name)
        batch.create_check_constraint("unit", f"unit IN {OLD_UNITS}")
        for name, sql in OLD_FIGURE_CHECKS.items():
            batch.create_check_constraint(name, sql)

    with op.batch_alter_table("quantities") as batch:
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch.drop_column("flow")
        batch.drop_column("signed")
    op.execute("UPDATE quantities SET document_id = (SELECT min(s.document_id) "
               "FROM quantity_sources s WHERE s.quantity_id = quantities.id)")
    op.execute("UPDATE quantities SET document_id = (SELECT min(id) FROM documents) "
               "WHERE document_id IS NULL")
    op.drop_index(op.f("ix_quantity_sources_document_id"), table_name="quantity_sources")
    op.drop_table("quantity_sources")
    with op.batch_alter_table("quantities") as batch:
        batch.alter_column("document_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_quantities_document_id_documents"), "documents",
                                 ["document_id"], ["id"], ondelete="CASCADE")

    with op.batch_alter_table("quantity_links") as batch:
        batch.drop_constraint(op.f("uq_quantity_links_document_id"), type_="unique")
        batch.drop_constraint(op.f("fk_quantity_links_document_id_documents"), type_="foreignkey")
        batch.drop_column("document_id")
        batch.create_unique_constraint(op.f("uq_quantity_links_from_id"),
                                       ["from_id", "to_id", "relation"])
    with op.batch_alter_table("roles") as batch:
        batch.drop_constraint(op.f("uq_roles_document_id"), type_="unique")
        batch.drop_constraint(op.f("fk_roles_document_id_documents"), type_="foreignkey")
        batch.drop_column("document_id")
        batch.create_unique_constraint(op.f("uq_roles_person_id"),
                                       ["person_id", "organisation_id", "title"])
    with op.batch_alter_table("places") as batch:
        batch.drop_constraint(op.f("ck_places_place_type"), type_="check")
        batch.drop_constraint(op.f("ck_places_city_has_country"), type_="check")
        batch.create_check_constraint("place_type", "place_type IN ('city', 'country')")
        batch.create_check_constraint("city_has_country",
                                      "(place_type = 'city') = (country_id IS NOT NULL)")

    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("quote_id", sa.Integer(), nullable=True))
    op.execute("UPDATE entities SET quote_id = (SELECT m.quote_id FROM mentions m "
               "WHERE m.entity_id = entities.id ORDER BY m.declares DESC, m.id LIMIT 1)")
    with op.batch_alter_table("entities") as batch:
        batch.alter_column("quote_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_entities_quote_id_quotes"), "quotes",
                                 ["quote_id"], ["id"])
    op.drop_table("mentions")
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint(op.f("ck_documents_published_on_basis"), type_="check")
        batch.create_check_constraint("published_on_basis",
                                      "published_on_basis IN ('stated', 'inferred')")
        batch.drop_column("seed_sha256")
    for sql in OLD_VIEWS.values():
        op.execute(sql.format(figures=_group_concat("f.figure_key", bind.dialect.name)))


def refuse_downgrade(bind: sa.engine.Connection) -> None:
    """Downgrade only what revision 0002 can hold; otherwise say what would be lost.

    dbtool calls this before the first step of a downgrade that includes this one."""
    checks = [
        ("SELECT count(*) FROM documents", 1, "documents"),
        ("SELECT count(*) FROM figures WHERE base_period_start IS NOT NULL "
         f"OR unit NOT IN {OLD_UNITS} OR (unit = 'USD' AND value < 0)", 0,
         "figures of the new kinds (changes, carats, prices, factors, negative amounts)"),
        ("SELECT count(*) FROM sums", 0, "sums"),
        ("SELECT count(*) FROM ratios", 0, "ratios"),
        ("SELECT count(*) FROM places WHERE place_type NOT IN ('city', 'country')", 0,
         "places other than cities and countries"),
        ("SELECT count(*) FROM documents WHERE published_on_basis = 'month'", 0,
         "documents dated to the month only"),
        ("SELECT count(*) FROM mentions WHERE NOT declares", 0, "mentions by alias"),
    ]
    for sql, allowed, what in checks:
        found = bind.execute(sa.text(sql)).scalar() or 0
        if found > allowed:
            raise RuntimeError(
                f"cannot downgrade below 0003: the database holds {found} {what}, which "
                f"revision 0002 cannot store (at most {allowed}); `dbtool forget` them first"
            )


def _drop_views(views: dict[str, str]) -> None:
    for name in views:
        op.execute(f"DROP VIEW IF EXISTS {name}")


def _group_concat(expression: str, dialect: str) -> str:
    """Comma-joined aggregate, spelled out here as in 0002: a revision never imports dbtool."""
    if dialect == "postgresql":
        return f"string_agg(CAST({expression} AS TEXT), ',' ORDER BY {expression})"
    return f"group_concat({expression}, ',')"


def _views(dialect: str) -> dict[str, str]:
    """The views at this revision: 0002's, with columns added at the end, and two new ones."""
    figures = _group_concat("f.figure_key", dialect)
    verdict_figures = "(SELECT max(id) FROM check_runs)"
    return {
        **{name: sql.format(figures=figures) for name, sql in OLD_VIEWS.items()
           if name in ("v_check_results", "v_derived", "v_check_runs")},
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
        "v_entities": """
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
""",
        "v_roles": """
CREATE VIEW v_roles AS
SELECT p.name AS person,
       r.title,
       o.name AS organisation,
       p.key AS person_id,
       o.key AS organisation_id,
       q.text AS quote,
       q.char_start,
       q.char_end,
       d.slug AS document,
       d.published_on AS as_of
FROM roles r
JOIN entities p ON p.id = r.person_id
JOIN entities o ON o.id = r.organisation_id
JOIN quotes q ON q.id = r.quote_id
JOIN documents d ON d.id = r.document_id
""",
        "v_mentions": """
CREATE VIEW v_mentions AS
SELECT d.slug AS document,
       e.key AS entity_id,
       e.kind AS entity_kind,
       e.name,
       q.text AS quote,
       q.char_start,
       q.char_end,
       m.declares
FROM mentions m
JOIN entities e ON e.id = m.entity_id
JOIN documents d ON d.id = m.document_id
JOIN quotes q ON q.id = m.quote_id
""",
        "v_documents": f"""
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
        WHERE r.run_id = {verdict_figures} AND q.document_id = d.id) AS verdict
FROM documents d
""",
    }


# The views as revision 0002 left them, frozen: dropped before this upgrade, and
# put back by its downgrade.
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
       f.measure
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
""",
    "v_entities": """
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
       q.char_end
FROM entities e
JOIN quotes q ON q.id = e.quote_id
JOIN documents d ON d.id = q.document_id
LEFT JOIN organisations o ON o.entity_id = e.id
LEFT JOIN places pl ON pl.entity_id = e.id
LEFT JOIN events ev ON ev.entity_id = e.id
""",
    "v_roles": """
CREATE VIEW v_roles AS
SELECT p.name AS person,
       r.title,
       o.name AS organisation,
       p.key AS person_id,
       o.key AS organisation_id,
       q.text AS quote,
       q.char_start,
       q.char_end
FROM roles r
JOIN entities p ON p.id = r.person_id
JOIN entities o ON o.id = r.organisation_id
JOIN quotes q ON q.id = r.quote_id
""",
    "v_check_results": """
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
WHERE r.run_id = (SELECT max(id) FROM check_runs)
""",
    "v_derived": """
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
WHERE d.run_id = (SELECT max(id) FROM check_runs)
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
