"""Report builders: each takes a :class:`dbtool.reader.Reader` and returns a ``Report``.

Builders are portable SQL plus a little Python to shape rows; formatting
belongs to :mod:`dbtool.render`. They never import SQLAlchemy, so a report
on the SQLite default starts fast (see benchmarks/cli_latency.py).
"""

from __future__ import annotations

from typing import Any

from dbtool.db.reader import Reader


def source_line(reader: Reader) -> str:
    """The documents a report draws on, for its header."""
    rows = reader.rows(
        "SELECT slug, title, published_on, published_on_basis FROM documents ORDER BY slug"
    )
    if not rows:
        return "no documents loaded"
    return "; ".join(
        f"{r['title']} ({r['slug']}, {iso_date(r['published_on'])}"
        f"{', date inferred' if r['published_on_basis'] == 'inferred' else ''})"
        for r in rows
    )


def iso_date(value: Any) -> str:
    """SQLite gives dates as ISO text, PostgreSQL as ``date``: one spelling for both."""
    return value if isinstance(value, str) else value.isoformat()


def flags(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Booleans as ``bool`` (SQLite stores 0/1), so every backend renders them alike."""
    return {**row, **{k: None if row[k] is None else bool(row[k]) for k in keys}}
