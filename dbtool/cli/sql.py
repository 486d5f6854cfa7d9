"""``dbtool sql`` and ``dbtool schema``: direct, read-only access for SQL users."""

from typing import Annotated

import typer

from dbtool.cli.options import DatabaseUrl, Db, Output, OutputFile, database_from, emit, with_output
from dbtool.db.database import DEFAULT_TIMEOUT


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


@with_output
def sql(
    out: Output,
    query: Annotated[
        str, typer.Argument(help="One SQL statement, or - to read it from standard input.")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A named parameter, name=value (repeatable)."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="Stop the query after this many seconds (0: no limit)."),
    ] = DEFAULT_TIMEOUT,
    allow_privileged: Annotated[
        bool,
        typer.Option(
            "--allow-privileged",
            help="Run even as a PostgreSQL superuser or a role that reaches server files and "
            "programs (refused by default: see docs/security.md).",
        ),
    ] = False,
) -> None:
    """Run one read-only SQL statement and print its rows in any report format.

    Writes (INSERT, UPDATE, DELETE, DROP, CREATE, even TEMP), ATTACH, VACUUM,
    writing PRAGMAs, load_extension, transaction control (COMMIT, BEGIN, SET …),
    COPY, DO and more than one statement are refused and change nothing (exit 2);
    on PostgreSQL the query must be one SELECT calling only allowed functions, and
    a superuser is refused unless --allow-privileged. See docs/security.md.
    --format json prints a plain array of objects, jsonl one object a line.

    Example: dbtool sql "select figure_id, low, high from v_figures where unit = :u" -p u=percent
    """
    import sys

    from dbtool import api

    if query == "-":
        query = sys.stdin.read()
    result = api.sql(out.database, query, parse_params(param or []), timeout, allow_privileged)
    if out.fmt == "json":
        from dbtool.reports.render import render_records

        out.emit(render_records(result))
        return
    out.show(result)


def schema(
    db: Db = None,
    database_url: DatabaseUrl = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="table, markdown, csv, json, or mermaid (an ER diagram)."
        ),
    ] = "table",
    output: OutputFile = "-",
) -> None:
    """List the tables and views with their columns, or draw the schema in Mermaid.

    Example: dbtool schema --format mermaid
    """
    from dbtool import api

    database = database_from(db, database_url)
    if fmt.lower() == "mermaid":
        emit(api.schema_diagram(database), output)
        return
    Output(db, database_url, fmt, output, "simple").show(api.schema(database))
