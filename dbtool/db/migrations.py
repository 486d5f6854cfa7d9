"""Alembic, driven from code: the CLI and the tests build the ``Config`` here.

The migration scripts live in the top-level ``alembic/`` folder of a source
checkout and inside the wheel as ``dbtool/_alembic`` (see pyproject.toml), so
an installed ``dbtool`` can create its schema without the repository.
"""

from __future__ import annotations

import re
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
    """Run Alembic's ``upgrade`` or ``downgrade`` to ``revision`` on ``connection``: all of
    its steps or none.

    Every step's precondition (``refuse_upgrade`` or ``refuse_downgrade`` in its
    revision module: a downgrade that would lose data says so) is checked
    before the first step runs, and the steps run in the caller's one
    transaction, so a refusal or a failure at any step leaves schema, rows and
    revision as they were. Both backends run DDL in a transaction; on SQLite
    the ``sqlite3`` module would commit each CREATE or DROP on its own unless a
    transaction is opened explicitly first (``_begin_sqlite``).
    """
    from alembic.util import CommandError

    from alembic import command

    try:
        _check_preconditions(connection, verb, revision)
    except RuntimeError as exc:  # a revision that refuses to lose data says why
        raise DatabaseError(str(exc)) from None
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _begin_sqlite(connection)
    try:
        getattr(command, verb)(make_config(connection), revision)
    except CommandError as exc:  # an unknown or unreachable revision
        raise UsageError(f"cannot {verb} to {revision!r}: {exc}") from None
    except RuntimeError as exc:
        raise DatabaseError(str(exc)) from None
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise DatabaseError(f"migration left {len(broken)} broken foreign keys: {broken[:3]}")


def _begin_sqlite(connection: Connection) -> None:
    """Open the SQLite transaction the steps run in, with foreign keys off.

    Batch migrations copy a table and drop the old one; with foreign keys on,
    that drop would cascade-delete every row that refers to it. The pragma
    only takes effect outside a transaction, so it is set first, and every key
    is checked once the steps have run (``migrate``). The pool's connect
    event turns the keys on again for the next connection; a caller that
    opened the transaction itself (a copy into an empty database) keeps its
    keys on, which costs nothing where there are no rows yet.
    """
    driver = connection.connection.driver_connection
    if driver.in_transaction:  # type: ignore[union-attr]
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _check_preconditions(connection: Connection, verb: str, revision: str) -> None:
    """Raise the first step's refusal (``RuntimeError``) before any step has run."""
    for module in _step_modules(connection, verb, revision):
        refuse = getattr(module, f"refuse_{verb}", None)
        if refuse is not None:
            refuse(connection)


def _step_modules(connection: Connection, verb: str, revision: str) -> list[object]:
    """The revision modules ``verb`` to ``revision`` would run, in order (none when the
    target is not one this simple walk can name: Alembic then says why it is unknown)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(make_config())
    order = [script.revision for script in scripts.walk_revisions("base", "heads")][::-1]
    current = current_revision(connection)
    at = order.index(current) + 1 if current in order else 0
    target = _target_index(order, at, revision)
    if target is None:
        return []
    chosen = order[at:target] if verb == "upgrade" else order[target:at][::-1]
    return [scripts.get_revision(name).module for name in chosen]  # type: ignore[union-attr]


def _target_index(order: list[str], at: int, revision: str) -> int | None:
    """How many revisions of ``order`` are applied once at ``revision`` (``at``: now)."""
    if revision in ("head", "heads"):
        return len(order)
    if revision == "base":
        return 0
    if re.fullmatch(r"[+-]\d+", revision):
        moved = at + int(revision)
        return moved if 0 <= moved <= len(order) else None
    matches = [i for i, name in enumerate(order) if name.startswith(revision)]
    return matches[0] + 1 if len(matches) == 1 else None


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
