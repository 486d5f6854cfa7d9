"""``dbtool init`` and ``dbtool seed``: create the schema and load seed files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dbtool import api
from dbtool.cli.options import DatabaseUrl, Db, NewDb, url_from

if TYPE_CHECKING:
    from dbtool.ingest.loader import LoadReport


def _describe(report: LoadReport) -> str:
    changed = {name: c for name, c in report.changes.items() if c.total}
    if not changed:
        return f"{report.document}: unchanged ({report.path.name})"
    parts = [
        f"{name} +{c.inserted} ~{c.updated} -{c.deleted}" for name, c in sorted(changed.items())
    ]
    return f"{report.document}: {report.total} row changes ({', '.join(parts)})"


def init(db: NewDb = None, database_url: DatabaseUrl = None) -> None:
    """Create or upgrade the database and load the bundled seeds.

    Example: dbtool init --db diamonds.sqlite
    """
    (before, after), reports = api.init(url_from(db, database_url))
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
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Load seed files in one transaction; loading the same file twice changes nothing.

    Example: dbtool seed seeds/awdc-alrosa-2018.toml
    """
    for report in api.seed(url_from(db, database_url), files):
        typer.echo(_describe(report))
