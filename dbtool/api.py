"""The library API: one function per verb, each taking the database URL first.

The CLI is a thin layer over these; notebooks and schedulers can call them
directly. Each function opens its own connection and runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dbtool.database import connect

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from dbtool.checks.engine import CheckRun, RuleInfo
    from dbtool.loader import LoadReport
    from dbtool.transfer import CopyReport

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_seed_files() -> list[Path]:
    """The seed files shipped with dbtool: the wheel's copy, else the checkout's ``seeds/``."""
    for folder in (PACKAGE_DIR / "_seeds", PACKAGE_DIR.parent / "seeds"):
        files = sorted(folder.glob("*.toml"))
        if files:
            return files
    raise FileNotFoundError("dbtool's bundled seed files are missing from this installation")


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate to ``revision``; returns the revisions before and after."""
    from dbtool import migrations

    with connect(url) as connection:
        before = migrations.current_revision(connection)
        migrations.upgrade(connection, revision)
        return before, migrations.current_revision(connection)


def downgrade(url: str, revision: str) -> tuple[str | None, str | None]:
    from dbtool import migrations

    with connect(url) as connection:
        before = migrations.current_revision(connection)
        migrations.downgrade(connection, revision)
        return before, migrations.current_revision(connection)


def current(url: str) -> tuple[str | None, str]:
    """(the database's revision, the newest revision this dbtool knows)."""
    from dbtool import migrations

    with connect(url) as connection:
        return migrations.current_revision(connection), migrations.head_revision()


def history() -> list[tuple[str, str | None, str]]:
    from dbtool import migrations

    return migrations.history()


def require_schema(connection: Connection) -> str:
    """The current revision, or ``NotInitialised`` for a database without dbtool's tables."""
    from dbtool.reader import ConnectionReader, schema_revision

    return schema_revision(ConnectionReader(connection))


def seed(url: str, files: Sequence[Path] | None = None) -> list[LoadReport]:
    """Load seed files (default: the bundled ones) in one transaction: all or nothing."""
    from dbtool.loader import load_seed

    paths = list(files) if files else bundled_seed_files()
    with connect(url) as connection:
        require_schema(connection)
        return [load_seed(connection, path) for path in paths]


def init(url: str) -> tuple[tuple[str | None, str | None], list[LoadReport]]:
    """Create or upgrade the schema, then load the bundled seeds."""
    revisions = upgrade(url)
    return revisions, seed(url)


def check(url: str, rules: Sequence[str] | None = None) -> CheckRun:
    """Run the cross-check rules (default all), store the run and return it."""
    from dbtool.checks.engine import run_checks

    with connect(url) as connection:
        revision = require_schema(connection)
        return run_checks(connection, revision, list(rules) if rules else None)


def check_rules(url: str) -> list[RuleInfo]:
    """The rules this database is configured with: name, description, severity."""
    from dbtool.checks.engine import rule_table

    with connect(url) as connection:
        require_schema(connection)
        return rule_table(connection)


def copy(source_url: str, target_url: str) -> CopyReport:
    """Copy a dbtool database (e.g. the SQLite file) into an empty one (e.g. PostgreSQL)."""
    from dbtool.transfer import copy_database

    return copy_database(source_url, target_url)
