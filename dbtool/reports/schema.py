"""``dbtool schema``: the live database's tables and views, and a Mermaid ER diagram.

Read through SQLAlchemy's inspector on a read-only connection
(:func:`dbtool.db.reader.inspect_schema`), so listing the schema never
writes and never creates a database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dbtool.reports.model import Column, Report, Section

if TYPE_CHECKING:
    from dbtool.db.database import Database

SKIPPED = {"alembic_version"}
Row = dict[str, object]


def schema_rows(database: Database) -> list[Row]:
    """One row per column of every table and view, tables first."""
    from dbtool.db.reader import inspect_schema

    rows: list[Row] = []
    with inspect_schema(database) as inspector:
        for kind, names in (
            ("table", inspector.get_table_names()),
            ("view", inspector.get_view_names()),
        ):
            for name in sorted(set(names) - SKIPPED):
                primary = set(inspector.get_pk_constraint(name).get("constrained_columns") or [])
                foreign = (
                    {
                        column: f"{fk['referred_table']}.{fk['referred_columns'][i]}"
                        for fk in inspector.get_foreign_keys(name)
                        for i, column in enumerate(fk["constrained_columns"])
                    }
                    if kind == "table"
                    else {}
                )
                for column in inspector.get_columns(name):
                    rows.append(
                        {
                            "object": name,
                            "kind": kind,
                            "column": column["name"],
                            "type": str(column["type"]).lower(),
                            "nullable": bool(column["nullable"]),
                            "primary_key": column["name"] in primary,
                            "references": foreign.get(column["name"]),
                        }
                    )
    return rows


def schema_report(database: Database) -> Report:
    return Report(
        name="schema",
        title="Schema",
        source=database.describe(),
        sections=[
            Section(
                "Columns",
                [
                    Column("object", "Table or view"),
                    Column("kind", "Kind"),
                    Column("column", "Column"),
                    Column("type", "Type"),
                    Column("nullable", "Null?"),
                    Column("primary_key", "Key?"),
                    Column("references", "References"),
                ],
                schema_rows(database),
            )
        ],
    )


def _mermaid_type(sql_type: str) -> str:
    word = sql_type.split("(")[0].replace(" ", "_")
    return {
        "varchar": "string",
        "text": "text",
        "integer": "int",
        "float": "float",
        "double_precision": "float",
        "boolean": "bool",
        "date": "date",
        "datetime": "datetime",
        "timestamp": "datetime",
    }.get(word, word)


def mermaid(database: Database) -> str:
    """A Mermaid ``erDiagram`` of the tables, their columns and foreign keys."""
    rows = [r for r in schema_rows(database) if r["kind"] == "table"]
    lines = ["erDiagram"]
    tables = sorted({str(r["object"]) for r in rows})
    relations = set()
    for table in tables:
        lines.append(f"    {table} {{")
        for row in (r for r in rows if r["object"] == table):
            marks = [m for m, on in (("PK", row["primary_key"]), ("FK", row["references"])) if on]
            suffix = f" {','.join(marks)}" if marks else ""
            lines.append(f"        {_mermaid_type(str(row['type']))} {row['column']}{suffix}")
            if row["references"]:
                target = str(row["references"]).split(".")[0]
                relations.add(f'    {target} ||--o{{ {table} : "{row["column"]}"')
        lines.append("    }")
    return "\n".join([*lines, *sorted(relations)]) + "\n"
