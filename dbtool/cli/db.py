"""``dbtool db …``: the schema's migrations, in Alembic's own verbs."""

from typing import Annotated

import typer

from dbtool.cli.options import DatabaseUrl, Db, NewDb, database_from

app = typer.Typer(
    help="Migrate the schema (upgrade, downgrade, current, history), copy, prune check runs.",
    no_args_is_help=True,
)


def _moved(before: str | None, after: str | None) -> str:
    return f"{before or 'base'} -> {after or 'base'}"


@app.command()
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    db: NewDb = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Upgrade the schema to REVISION (default: the newest), creating the database if new.

    Example: dbtool db upgrade head
    """
    from dbtool import api

    before, after = api.upgrade(database_from(db, database_url), revision)
    typer.echo(f"Upgraded: {_moved(before, after)}")


# "-1" is a relative revision, not an option: unknown options are taken as arguments.
@app.command(context_settings={"ignore_unknown_options": True})
def downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. base or -1.")],
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Downgrade the schema to REVISION ('base' removes every table and view, -1 undoes
    the newest migration).

    Example: dbtool db downgrade -1
    """
    from dbtool import api

    before, after = api.downgrade(database_from(db, database_url), revision)
    typer.echo(f"Downgraded: {_moved(before, after)}")


@app.command()
def current(db: Db = None, database_url: DatabaseUrl = None) -> None:
    """Show the database's revision and whether it is the newest.

    Example: dbtool db current
    """
    from dbtool import api

    revision, head = api.current(database_from(db, database_url))
    state = "head" if revision == head else f"behind head {head}"
    typer.echo(f"{revision or 'base'} ({state})")


@app.command()
def history() -> None:
    """List the migrations from oldest to newest.

    Example: dbtool db history
    """
    from dbtool import api

    for revision, down, message in api.history():
        typer.echo(f"{down or 'base'} -> {revision}: {message.splitlines()[0]}")


@app.command()
def copy(
    to: Annotated[str, typer.Option("--to", help="URL of an empty target database.")],
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Copy this database, schema and rows, into an empty one: the way to PostgreSQL.

    The target is migrated to the same revision, then every row is copied in
    one transaction; a failure leaves the target empty.

    Example: dbtool db copy --db dbtool.sqlite --to postgresql+psycopg://localhost/dbtool
    """
    from dbtool import api

    report = api.copy(database_from(db, database_url), to)
    rows = sum(report.rows.values())
    typer.echo(
        f"Copied {rows} rows in {len(report.rows)} tables at revision "
        f"{report.source_revision} to {report.target_url}"
    )


@app.command("prune-runs")
def prune_runs(
    keep: Annotated[int, typer.Option("--keep", help="How many of the newest runs to keep.")],
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Remove all but the newest check runs, with their results: for cron, after report all.

    Example: dbtool db prune-runs --keep 30
    """
    from dbtool import api

    removed = api.prune_runs(database_from(db, database_url), keep)
    typer.echo(f"Removed {removed} check run{'s' if removed != 1 else ''}; kept the newest {keep}")
