"""``dbtool sql``: run one query read-only and return its rows as a report.

Read-only is enforced by the database and the driver (``query_only`` and an
authorizer on SQLite; a READ ONLY transaction, always rolled back, and one
statement sent with the extended protocol on PostgreSQL), and on PostgreSQL by
reading the statement with PostgreSQL's own parser first
(:mod:`dbtool.db.statements`). The time limit holds on both, connecting
included (:mod:`dbtool.db.userquery`).
"""

from __future__ import annotations

from dbtool.db.database import DEFAULT_TIMEOUT, Database
from dbtool.db.userquery import query_rows
from dbtool.errors import UsageError
from dbtool.reports.model import Column, Report, Section

# The backends on which dbtool can make an arbitrary query read-only.
GUARDED = ("sqlite", "postgresql")
MAX_TIMEOUT = 2_000_000  # seconds (23 days): PostgreSQL's statement_timeout holds no more


def run_query(
    database: Database,
    sql: str,
    params: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_privileged: bool = False,
) -> Report:
    """Rows of one read-only query, as a one-section report; ``timeout`` 0 means no limit.

    ``allow_privileged`` lets the query run as a PostgreSQL role with powers over the
    server (see ``dbtool.db.reader.PostgresReader``)."""
    if not 0 <= timeout <= MAX_TIMEOUT:  # also refuses nan
        raise UsageError(
            f"--timeout must be 0 (no limit) or a number of seconds up to {MAX_TIMEOUT:,}, "
            f"got {timeout:g}"
        )
    dialect = database.dialect
    if dialect not in GUARDED:
        raise UsageError(
            f"dbtool sql can only guarantee a read-only query on SQLite and PostgreSQL, "
            f"not {dialect}"
        )
    rows = query_rows(database, sql, params, timeout or None, allow_privileged)
    keys = list(rows[0]) if rows else []
    return Report(
        name="sql",
        title="Query",
        source=" ".join(sql.split()),
        sections=[Section("Rows", [Column(key, key) for key in keys], rows)],
    )
