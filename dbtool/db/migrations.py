"""Alembic, driven from code: the CLI and the tests build the ``Config`` here.

The migration scripts live in the top-level ``alembic/`` folder of a source
checkout and inside the wheel as ``dbtool/_alembic`` (see pyproject.toml), so
an installed ``dbtool`` can create its schema without the repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dbtool.errors import DatabaseError, UsageError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # dbtool/


def script_location() -> Path:
    """The migration scripts: bundled in the wheel, else the checkout's ``alembic/``."""
    for candidate in (PACKAGE_DIR / "_alembic", PACKAGE_DIR.parent / "alembic"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("dbtool's migration scripts are missing from this installation")


def make_config(connection: Connection | None = None) -> Config:
    """An Alembic config; ``connection`` is reused by env.py instead of opening its own."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(connection: Connection, verb: str, revision: str) -> None:
    """Run Alembic's ``upgrade`` or ``downgrade`` to ``revision`` on ``connection``.

    On SQLite, batch migrations copy a table and drop the old one; with
    foreign keys on, that drop would cascade-delete every row that refers to
    it. So foreign keys are off while the revisions run (the pragma only
    takes effect outside a transaction, hence before the first write) and
    every key is checked before they are turned on again.
    """
    from alembic.util import CommandError

    from alembic import command

    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        getattr(command, verb)(make_config(connection), revision)
    except CommandError as exc:  # an unknown or unreachable revision
        raise UsageError(f"cannot {verb} to {revision!r}: {exc}") from None
    except RuntimeError as exc:  # a revision that refuses to lose data says why
        raise DatabaseError(str(exc)) from None
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise DatabaseError(f"migration left {len(broken)} broken foreign keys: {broken[:3]}")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def upgrade(connection: Connection, revision: str = "head") -> None:
    migrate(connection, "upgrade", revision)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None for a database dbtool never touched."""
    from dbtool.db.reader import ConnectionReader, revision_of

    return revision_of(ConnectionReader(connection))


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(make_config()).get_current_head()
    assert head is not None, "the migration scripts have no head"
    return head


def history() -> list[tuple[str, str | None, str]]:
    """(revision, down_revision, message) from base to head."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(make_config())
    rows = [
        (s.revision, s.down_revision, s.doc or "")  # type: ignore[misc]
        for s in scripts.walk_revisions("base", "heads")
    ]
    return list(reversed(rows))
