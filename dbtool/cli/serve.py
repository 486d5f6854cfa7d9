"""``dbtool serve``: browse the database in Datasette."""

from typing import Annotated

import typer

from dbtool.cli.options import DatabaseUrl, Db, database_from


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8001,
    db: Db = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Browse the SQLite database in Datasette, read-only, every view and column explained.

    Canned queries answer an analyst's questions (failing findings with their
    quotes, a document's figures, an entity's timeline, derived quantities, a
    search). Needs the web extra: pip install 'dbtool[web]'.

    Example: dbtool serve --port 8001
    """
    from dbtool import api

    api.serve(database_from(db, database_url), host, port)
