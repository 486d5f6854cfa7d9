"""Report builders: each takes a connection and returns a :class:`dbtool.report.Report`.

Builders return raw rows; formatting belongs to :mod:`dbtool.render`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dbtool import models as m


def source_line(connection: Connection) -> str:
    """The documents a report draws on, for its header."""
    d = m.Document.__table__
    rows = connection.execute(
        select(d.c.slug, d.c.title, d.c.published_on, d.c.published_on_basis).order_by(d.c.slug)
    ).all()
    if not rows:
        return "no documents loaded"
    return "; ".join(
        f"{r.title} ({r.slug}, {r.published_on.isoformat()}"
        f"{', date inferred' if r.published_on_basis == 'inferred' else ''})"
        for r in rows
    )
