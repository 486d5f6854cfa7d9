"""``dbtool sql`` and ``dbtool schema``: direct, read-only access for SQL users."""

from __future__ import annotations

from typing import Annotated

import typer

from dbtool.cli.options import (
    DatabaseUrl,
    Db,
    Format,
    Output,
    TableFmt,
    emit,
    output_format,
    show,
    url_from,
)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["u=percent"]`` -> ``{"u": "percent"}``."""
    from dbtool.errors import UsageError

    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes name=value, got {pair!r}")
        params[name] = value
    return params


def sql(
    query: Annotated[str, typer.Argument(help="One SQL statement; it runs read-only.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A named parameter, name=value (repeatable)."),
    ] = None,
    db: Db = None,
    database_url: DatabaseUrl = None,
    fmt: Format = "table",
    output: Output = "-",
    tablefmt: TableFmt = "simple",
) -> None:
    """Run a read-only SQL query and print its rows in any report format.

    Writes (INSERT, UPDATE, DELETE, DROP, ATTACH, writing PRAGMAs) are refused
    and change nothing.

    Example: dbtool sql "select figure_id, low, high from v_figures where unit = :u" -p u=percent
    """
    from dbtool.query import run_query

    fmt = output_format(fmt)
    show(run_query(url_from(db, database_url), query, parse_params(param or [])), fmt, output,
         tablefmt)


def schema(
    db: Db = None,
    database_url: DatabaseUrl = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f",
                          help="table, markdown, csv, json, or mermaid (an ER diagram).")
    ] = "table",
    output: Output = "-",
) -> None:
    """List the tables and views with their columns, or draw the schema in Mermaid.

    Example: dbtool schema --format mermaid
    """
    from dbtool import api
    from dbtool.database import connect
    from dbtool.schema_info import mermaid, schema_report

    with connect(url_from(db, database_url)) as connection:
        api.require_schema(connection)
        if fmt.lower() == "mermaid":
            emit(mermaid(connection), output)
            return
        report = schema_report(connection)
    show(report, output_format(fmt), output)
