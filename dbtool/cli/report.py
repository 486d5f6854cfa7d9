"""``dbtool report …``: every report, in any format, to stdout or a file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer

from dbtool.cli.options import DatabaseUrl, Db, Format, Output, url_from
from dbtool.errors import UsageError

app = typer.Typer(help="Generate reports as tables, Markdown, CSV or JSON.",
                  no_args_is_help=True)


def _emit(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        return
    Path(output).write_text(text, encoding="utf-8")


def _show(name: str, db: Path | None, database_url: str | None, fmt: str, output: str,
          tablefmt: str) -> None:
    from dbtool import render, reporting

    fmt = fmt.lower()
    if fmt not in render.FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(render.FORMATS)}")
    report = reporting.build_report(url_from(db, database_url), name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    _emit(render.render(report, fmt, tablefmt=tablefmt, generated_at=stamp), output)


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
