"""``dbtool report …``: every report, in any format, to stdout or a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from dbtool.cli.options import DatabaseUrl, Db, Format, Output, emit, url_from

app = typer.Typer(help="Generate reports as tables, Markdown, CSV or JSON.",
                  no_args_is_help=True)


def _show(name: str, db: Path | None, database_url: str | None, fmt: str, output: str,
          tablefmt: str) -> None:
    from dbtool import render, reporting

    fmt = render.check_format(fmt)
    report = reporting.build_report(url_from(db, database_url), name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    emit(render.render(report, fmt, tablefmt=tablefmt, generated_at=stamp), output)


@app.command()
def summary(
    db: Db = None,
    database_url: DatabaseUrl = None,
    fmt: Format = "table",
    output: Output = "-",
    tablefmt: str = typer.Option("simple", help="Any tabulate format for --format table."),
) -> None:
    """The documents loaded and counts of what was loaded from them.

    Example: dbtool report summary --format markdown
    """
    _show("summary", db, database_url, fmt, output, tablefmt)
