"""``dbtool sql``: run one query read-only and return its rows as a report.

Read-only is enforced by the database, not by parsing SQL: see
:mod:`dbtool.reader` (``query_only`` and an authorizer on SQLite, a READ ONLY
transaction on PostgreSQL, always rolled back).
"""

from __future__ import annotations

from dbtool.db.reader import open_reader
from dbtool.reports.model import Column, Report, Section


def run_query(url: str, sql: str, params: dict[str, str] | None = None) -> Report:
    """Rows of one read-only query, as a one-section report."""
    with open_reader(url, require_schema=False) as reader:
        rows = reader.rows(sql, params)
    keys = list(rows[0]) if rows else []
    return Report(
        name="sql",
        title="Query",
        source=" ".join(sql.split()),
        sections=[Section("Rows", [Column(key, key) for key in keys], rows)],
    )
