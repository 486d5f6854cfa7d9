"""``dbtool init`` and ``dbtool seed``: create the schema and load seed files."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dbtool.cli.options import DatabaseUrl, Db, NewDb, database_from
from dbtool.cli.progress import ProgressBar
from dbtool.seedformat.limits import MAX_SEED_BYTES, MAX_TEXT_BYTES, SeedLimits

if TYPE_CHECKING:
    from dbtool.load.sync import LoadReport


def _describe(report: "LoadReport") -> str:
    changed = {name: c for name, c in report.changes.items() if c.total}
    if report.status == "unchanged" or not changed:
        return f"{report.document}: unchanged ({report.path.name})"
    parts = [
        f"{name} +{c.inserted} ~{c.updated} -{c.deleted}" for name, c in sorted(changed.items())
    ]
    return f"{report.document}: {report.status}, {report.total} row changes ({', '.join(parts)})"


def init(db: NewDb = None, database_url: DatabaseUrl = None) -> None:
    """Create or upgrade the database and load the bundled seeds.

    Example: dbtool init --db diamonds.sqlite
    """
    from dbtool import api

    (before, after), reports = api.init(database_from(db, database_url))
    typer.echo(f"Schema: {before or 'base'} -> {after}")
    for report in reports:
        typer.echo(_describe(report))


def seed(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Seed files (TOML) to load [default: the bundled ones].", dir_okay=False
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Swap in a document that is loaded and changed.")
    ] = False,
    allow_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-dir",
            help="Also read texts from this folder (repeatable); by default a seed reads only "
            "texts in its own folder.",
            file_okay=False,
        ),
    ] = None,
    max_text_bytes: Annotated[
        int, typer.Option("--max-text-bytes", help="Refuse texts larger than this.", min=1)
    ] = MAX_TEXT_BYTES,
    max_seed_bytes: Annotated[
        int,
        typer.Option(
            "--max-seed-bytes",
            help="Refuse seed files larger than this (5 MB is about 10,000 figures).",
            min=1,
        ),
    ] = MAX_SEED_BYTES,
    schema: Annotated[
        bool,
        typer.Option(
            "--schema", help="Print the seed format as a JSON Schema (for editors) and exit."
        ),
    ] = False,
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Load documents from seed files, in one transaction, without touching the others.

    A document loaded again unchanged is left as it is; a changed one is
    refused unless --replace, which swaps it atomically. Every problem of a
    file is reported at once, one located line each (exit 2), and nothing
    is loaded. The format: docs/seed-format.md, or --schema.

    Example: dbtool seed seeds/alrosa-sales-2018-09.toml
    """
    from dbtool import api

    if schema:
        typer.echo(api.seed_schema(), nl=False)
        return
    with ProgressBar("Loading documents") as bar:
        limits = SeedLimits(tuple(allow_dir or ()), max_text_bytes, max_seed_bytes)
        reports = api.seed(database_from(db, database_url), files, replace, limits, progress=bar)
    for report in reports:
        typer.echo(_describe(report))


def forget(
    slug: Annotated[str, typer.Argument(help="The document's slug (see dbtool documents).")],
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Remove a document, its mentions, figures and relations, and the entities and
    quantities no other document uses, in one transaction.

    Example: dbtool forget alrosa-sales-2018-07
    """
    from dbtool import api

    typer.echo(_describe(api.forget(database_from(db, database_url), slug)))
