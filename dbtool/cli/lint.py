"""``dbtool lint``: what a seed still lacks before it is loaded."""

from pathlib import Path
from typing import Annotated

import typer

from dbtool.cli.options import Format, Output, OutputFile, TableFmt


def lint(
    seed: Annotated[Path, typer.Argument(help="The seed file (TOML) to lint.", dir_okay=False)],
    fmt: Format = "table",
    output: OutputFile = "-",
    tablefmt: TableFmt = "simple",
) -> None:
    """List what a seed still lacks: numbers no figure covers, quotes amiss, unreviewed rows.

    Numbers are given with their line and column in the text; dates, list
    markers and periods named again are set aside. Reads the seed and its
    text only. Exit code 0 when clean, 1 when anything is found, 2 when the
    file is not a valid seed (every problem on stderr, one line each).

    Example: dbtool lint seeds/alrosa-sales-2018-10.toml --format markdown
    """
    from dbtool import api

    out = Output(db=None, database_url=None, fmt=fmt, output=output, tablefmt=tablefmt)
    report = api.lint(seed)
    out.show(report)
    if report.sections[0].rows:
        raise typer.Exit(1)
