"""``dbtool sql``: run one query read-only and return its rows as a report.

Read-only is enforced by the database and the driver, not by parsing SQL:
see :mod:`dbtool.db.reader` (``query_only`` and an authorizer on SQLite; a
READ ONLY transaction, always rolled back, and one statement sent with the
extended protocol on PostgreSQL). Only the first keyword is looked at, to
refuse statements that would end that transaction
(:mod:`dbtool.db.statements`). Both backends get a time limit.
"""

from __future__ import annotations

from dbtool.db.database import DEFAULT_TIMEOUT, Database
from dbtool.db.reader import open_reader
from dbtool.errors import UsageError
from dbtool.reports.model import Column, Report, Section

# The backends on which dbtool can make an arbitrary query read-only.
GUARDED = ("sqlite", "postgresql")


def run_query(
    database: Database,
    sql: str,
    params: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Report:
    """Rows of one read-only query, as a one-section report; ``timeout`` 0 means no limit."""
    if timeout < 0:
        raise UsageError(f"--timeout must be 0 (no limit) or more seconds, got {timeout:g}")
    dialect = database.dialect
    if dialect not in GUARDED:
        raise UsageError(
            f"dbtool sql can only guarantee a read-only query on SQLite and PostgreSQL, "
            f"not {dialect}"
        )
    with open_reader(database, require_schema=False, timeout=timeout or None) as reader:
        rows = reader.rows(sql, params)
    keys = list(rows[0]) if rows else []
    return Report(
        name="sql",
        title="Query",
        source=" ".join(sql.split()),
        sections=[Section("Rows", [Column(key, key) for key in keys], rows)],
    )
