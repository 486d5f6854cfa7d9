"""Options shared by every command, defined once."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dbtool.database import ENV_URL, resolve_url

if TYPE_CHECKING:
    from dbtool.report import Report

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


def show(report: Report, fmt: str, output: str, tablefmt: str = "simple",
         generated_at: dt.datetime | None = None) -> None:
    """Render a report in the chosen format and write it out: the one place commands print."""
    from dbtool.render import render

    stamp = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    emit(render(report, fmt, tablefmt=tablefmt, generated_at=stamp), output)


def output_format(fmt: str) -> str:
    """The ``--format`` value checked (a ``UsageError`` names the choices)."""
    from dbtool.render import check_format

    return check_format(fmt)


def emit(text: str, output: str) -> None:
    """Write to stdout, or to a file when ``--output FILE`` is given."""
    from dbtool.errors import OutputError

    if output == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(output, exc) from None
