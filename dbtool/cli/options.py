"""Options shared by every command, defined once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dbtool.database import ENV_URL, resolve_url

Db = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite file to use [default: ./dbtool.sqlite].", dir_okay=False),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=ENV_URL,
        help="Any SQLAlchemy URL, e.g. postgresql+psycopg://host/db.",
        show_envvar=True,
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format", "-f", help="Output format: table, markdown, csv or json.", case_sensitive=False
    ),
]
Output = Annotated[
    str,
    typer.Option("--output", "-o", help="Write to this file instead of stdout ('-' is stdout)."),
]

TableFmt = Annotated[
    str, typer.Option("--tablefmt", help="Any tabulate format for --format table, e.g. github.")
]


def url_from(db: Path | None, database_url: str | None) -> str:
    return resolve_url(db, database_url)


def emit(text: str, output: str) -> None:
    """Write to stdout, or to a file when ``--output FILE`` is given."""
    if output == "-":
        sys.stdout.write(text)
        return
    Path(output).write_text(text, encoding="utf-8")
