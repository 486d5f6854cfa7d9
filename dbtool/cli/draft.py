"""``dbtool draft`` and ``dbtool lint``: from a press release's text to a finished seed."""

from pathlib import Path
from typing import Annotated

import typer

from dbtool.cli.options import (
    DatabaseUrl,
    Db,
    Format,
    Output,
    OutputFile,
    TableFmt,
    emit,
    url_from,
)


def draft(
    text: Annotated[
        Path, typer.Argument(help="The press release, as a UTF-8 text file.", dir_okay=False)
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the seed here [default: stdout].", dir_okay=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Draft a seed file from a press release: every number a figure, ready to load.

    The draft quotes the text exactly, reads each number's value, unit,
    precision, qualifier and period, refers to the entities the database
    already knows, and proposes candidate entities and relations. Every
    drafted row says reviewed = false; comments mark what the draft guessed.
    Review it, run dbtool lint, then dbtool seed. Paths in the seed are
    relative to --out's folder (without --out, to the text's: save it there).

    Example: dbtool draft seeds/alrosa-sales-2018-10.txt --out seeds/alrosa-sales-2018-10.toml
    """
    from dbtool import api

    result, toml = api.draft(url_from(db, database_url), text, out, force)
    if out is None:
        emit(toml, "-")
    typer.echo(result.summary(), err=True)


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
    from dbtool.reports.lint import lint_report

    out = Output(db=None, database_url=None, fmt=fmt, output=output, tablefmt=tablefmt)
    findings = api.lint(seed)
    out.show(lint_report(seed, findings))
    if findings:
        raise typer.Exit(1)
