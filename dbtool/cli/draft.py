"""``dbtool draft``: a seed drafted from a press release's text, for review."""

from pathlib import Path
from typing import Annotated

import typer

from dbtool.cli.options import (
    DatabaseUrl,
    Db,
    database_from,
    emit,
)


def draft(
    text: Annotated[
        Path,
        typer.Argument(
            help="The press release, as a UTF-8 text file; or a table (.csv, .xlsx).",
            dir_okay=False,
        ),
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
    A table (.csv, .xlsx) gets its mapping drafted: the first column of text
    names the entities, each column of numbers a quantity with its unit and
    scale read from the header; check the unit and period lines first.

    Example: dbtool draft seeds/alrosa-sales-2018-10.txt --out seeds/alrosa-sales-2018-10.toml
    """
    from dbtool import api

    database = database_from(db, database_url)
    if text.suffix.lower() in (".csv", ".xlsx"):  # a table: its mapping
        result = api.draft_table(database, text, out, force)
    else:
        result = api.draft(database, text, out, force)
    if out is None:
        emit(result.toml, "-")
    typer.echo(result.summary(), err=True)
