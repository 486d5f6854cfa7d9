"""``dbtool lint``: what a seed still lacks before it is loaded."""

from pathlib import Path
from typing import Annotated

import typer

from dbtool.cli.options import DatabaseUrl, Db, Format, Output, OutputFile, TableFmt


def lint(
    seed: Annotated[Path, typer.Argument(help="The seed file (TOML) to lint.", dir_okay=False)],
    fmt: Format = "table",
    output: OutputFile = "-",
    tablefmt: TableFmt = "simple",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every unreviewed row, not a count.")
    ] = False,
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """List what a seed still needs a person for: numbers no figure covers, quotes amiss,
    what the draft was unsure of, and how many rows are unreviewed.

    Numbers are given with their line and column in the text; dates, list
    markers and periods are set aside. Each "# unsure:" comment of a draft is
    listed with its row (an ambiguous period, a subject it could not name);
    rows still marked reviewed = false are counted (-v lists each). Every check dbtool seed
    makes runs first, against the database (--db, --database-url, else the
    default one when it exists: keys other documents define, qualifiers,
    cycles across documents). Exit code 0 when clean, 1 when anything is
    found, 2 when the file would not load (every problem on stderr, one line each).

    Example: dbtool lint seeds/alrosa-sales-2018-10.toml --format markdown
    """
    from dbtool import api
    from dbtool.cli.options import database_from

    out = Output(db=db, database_url=database_url, fmt=fmt, output=output, tablefmt=tablefmt)
    database = database_from(db, database_url)
    given = db is not None or database_url is not None
    if not given and database.path is not None and not database.path.exists():
        database = None  # no database here: the checks of the file alone
    report = api.lint(seed, database, verbose)
    out.show(report)
    if report.sections[0].rows:
        raise typer.Exit(1)
