"""percentage points: a change of a share stated in points

"Its share rose 2.1 percentage points to 34.5%" states the difference of two
levels of a share, not a relative change. Figures may now be in the unit
``percentage_point``: like a percentage change such a figure has a base
period and a direction, and like a share a whole (its quantity is the
share's part). The unit joins the CHECKs on ``figures.unit`` and
``precision_rules.unit`` with its precision rule (half the last written
digit); ``share_has_whole``, ``change_has_base``,
``percent_change_has_direction`` and ``share_range`` admit it (a fall in
points is stored negative, as a fall in percent is).

Views and data are untouched. On SQLite the batch copy of ``figures`` needs
the views that read it out of the way: each view is dropped and created
again from the very SQL the database holds, so whatever revision wrote it
stays its author. Downgrade refuses a database that holds a figure in
percentage points, before it changes anything.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-11 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen as of this revision.
CURRENCIES = ("USD", "EUR", "GBP", "RUB", "INR", "CAD", "AUD", "HKD", "CNY", "JPY", "CHF",
              "ZAR", "BWP", "NAD", "AED", "ILS")
OLD_UNITS = ("percent", "count", "rank", "year", "factor", "carat", "tonne", *CURRENCIES,
             *(f"{c}_per_carat" for c in CURRENCIES), *(f"{c}_per_share" for c in CURRENCIES))
UNITS = ("percent", "count", "rank", "year", "factor", "carat", "tonne", "percentage_point",
         *CURRENCIES, *(f"{c}_per_carat" for c in CURRENCIES),
         *(f"{c}_per_share" for c in CURRENCIES))

# name -> (this revision's condition, 0009's)
CHECKS = {
    "share_has_whole": (
        "(whole_id IS NOT NULL) = ((unit = 'percent' AND base_period_start IS NULL) "
        "OR unit = 'percentage_point')",
        "(whole_id IS NOT NULL) = (unit = 'percent' AND base_period_start IS NULL)",
    ),
    "change_has_base": (
        "(base_period_start IS NOT NULL) = (unit IN ('factor', 'percentage_point') "
        "OR (unit = 'percent' AND whole_id IS NULL))",
        "(base_period_start IS NOT NULL) = "
        "(unit = 'factor' OR (unit = 'percent' AND whole_id IS NULL))",
    ),
    "percent_change_has_direction": (
        "(direction IS NOT NULL) = "
        "(unit IN ('percent', 'percentage_point') AND base_period_start IS NOT NULL)",
        "(direction IS NOT NULL) = (unit = 'percent' AND base_period_start IS NOT NULL)",
    ),
    "share_range": (
        "whole_id IS NULL OR unit = 'percentage_point' OR (value >= 0 AND value <= 100)",
        "whole_id IS NULL OR (value >= 0 AND value <= 100)",
    ),
}
PRECISION = {
    "unit": "percentage_point",
    "rule": "half_last_digit",
    "description": "A change in percentage points is rounded to its last written digit: "
    "'up 2.1 percentage points' means 2.05 to 2.15 points.",
}


def upgrade() -> None:
    views = _set_views_aside()
    _units(UNITS)
    _checks(0)
    precision = sa.table("precision_rules", *(sa.column(c) for c in PRECISION))
    op.bulk_insert(precision, [PRECISION])
    _restore_views(views)


def refuse_downgrade(bind: sa.engine.Connection) -> None:
    """Refuse what revision 0009 cannot store; dbtool calls this before the first step of a
    downgrade that includes this one."""
    found = bind.execute(
        sa.text("SELECT count(*) FROM figures WHERE unit = 'percentage_point'")
    ).scalar()
    if found:
        raise RuntimeError(
            f"cannot downgrade below 0010: the database holds {found} figures in percentage "
            "points; `dbtool forget` the documents that state them first"
        )


def downgrade() -> None:
    refuse_downgrade(op.get_bind())
    views = _set_views_aside()
    precision = sa.table("precision_rules", sa.column("unit"))
    op.execute(precision.delete().where(precision.c.unit == PRECISION["unit"]))
    _checks(1)
    _units(OLD_UNITS)
    _restore_views(views)


def _units(units: tuple[str, ...]) -> None:
    for table in ("figures", "precision_rules"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_unit"), type_="check")
            batch.create_check_constraint("unit", f"unit IN {units}")


def _checks(which: int) -> None:
    """Each of ``CHECKS`` as this revision (0) or 0009 (1) has it."""
    with op.batch_alter_table("figures") as batch:
        for name, conditions in CHECKS.items():
            batch.drop_constraint(op.f(f"ck_figures_{name}"), type_="check")
            batch.create_check_constraint(name, conditions[which])


def _set_views_aside() -> list[tuple[str, str]]:
    """On SQLite, drop every view (the batch copy of a table fails on a view that reads it)
    and return them, name and SQL, in the order they were created; elsewhere none."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return []
    views = [
        (str(name), str(sql))
        for name, sql in bind.execute(
            sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid")
        )
    ]
    for name, _sql in reversed(views):
        op.execute(f"DROP VIEW {name}")
    return views


def _restore_views(views: list[tuple[str, str]]) -> None:
    for _name, sql in views:
        op.execute(sql)
