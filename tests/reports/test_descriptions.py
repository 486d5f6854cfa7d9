"""Every view, table and column is described, in the one place the manual and Datasette read."""

from __future__ import annotations

from pathlib import Path

from dbtool.db.reader import inspect_schema
from dbtool.reports.descriptions import VIEWS, column_description, describe


def test_every_view_table_and_column_is_described(db_file: Path) -> None:
    missing = []
    with inspect_schema(f"sqlite:///{db_file}") as inspector:
        names = [*inspector.get_table_names(), *inspector.get_view_names()]
        for name in names:
            if not describe(name):
                missing.append(name)
            missing += [
                f"{name}.{c['name']}"
                for c in inspector.get_columns(name)
                if not column_description(name, c["name"])
            ]
        views = set(inspector.get_view_names())
    assert missing == []
    assert set(VIEWS) == views  # and no description of a view that is gone


def test_the_sql_pages_of_the_manual_are_generated_from_the_descriptions(db_file: Path) -> None:
    from dbtool import api
    from dbtool.reports.descriptions import tables_page, views_page
    from tests.helpers import ROOT, assert_golden

    assert_golden(ROOT / "docs" / "sql-views.md", views_page())
    with inspect_schema(f"sqlite:///{db_file}") as inspector:
        tables = {
            name: [c["name"] for c in inspector.get_columns(name)]
            for name in sorted(inspector.get_table_names())
            if name != "alembic_version"
        }
    diagram = api.schema_diagram(f"sqlite:///{db_file}")
    assert_golden(ROOT / "docs" / "schema.md", tables_page(tables, diagram))
