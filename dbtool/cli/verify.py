"""``dbtool verify``: a press release checked straight from its text."""

from pathlib import Path
from typing import Annotated

import typer

from dbtool.cli.options import DatabaseUrl, Db, Format, Output, OutputFile, TableFmt


def verify(
    texts: Annotated[
        list[Path],
        typer.Argument(help="The press releases, as UTF-8 text files.", dir_okay=False),
    ],
    keep: Annotated[
        bool,
        typer.Option(
            "--keep", help="Save each draft next to its text (NAME.toml) and load it too."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With --keep, overwrite a seed already there.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List the notes (info) as well.")
    ] = False,
    db: Db = None,
    database_url: DatabaseUrl = None,
    fmt: Format = "table",
    output: OutputFile = "-",
    tablefmt: TableFmt = "simple",
) -> None:
    """Check press releases straight from their text: draft, load unreviewed, check.

    Each text is drafted against what the database knows and loaded, as
    drafted, into a scratch copy of the database; every rule runs, and the
    findings that rest on the new texts are printed with the words they
    quote, marked "from an unreviewed draft". The database is unchanged
    unless --keep. Exit code 1 when a finding fails, 0 otherwise.

    Example: dbtool verify alrosa-sales-2018-10.txt
    """
    from dbtool.verify.verdict import verdict_report
    from dbtool.verify.verdict import verify as run

    out = Output(db=db, database_url=database_url, fmt=fmt, output=output, tablefmt=tablefmt)
    verdict = run(out.database, texts, keep=keep, force=force)
    out.show(verdict_report(verdict, verbose))
    if verdict.failed:
        raise typer.Exit(1)
