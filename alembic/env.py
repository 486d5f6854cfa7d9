"""Alembic environment for dbtool.

Reuses ``config.attributes["connection"]`` when the caller passes one (the CLI
and the tests do), so migrations run inside the caller's transaction.
Otherwise it connects to the URL dbtool would use (``DBTOOL_DATABASE_URL``,
else ``./dbtool.sqlite``), which keeps the plain ``alembic`` command working
in a checkout for writing new revisions.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from alembic import context
from dbtool.db.database import Database
from dbtool.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite can't ALTER most things; batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=Database.resolve().url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if isinstance(connectable, Engine):  # pytest-alembic passes an engine
        with connectable.begin() as connection:
            run_migrations(connection)
        return
    if connectable is not None:
        run_migrations(connectable)
        return
    with Database.resolve().connect(create=True) as connection:
        run_migrations(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
