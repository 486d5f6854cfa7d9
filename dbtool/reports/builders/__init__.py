"""Report builders: each takes a :class:`dbtool.db.reader.Reader` and returns a ``Report``.

Builders are portable SQL plus a little Python to shape rows; formatting
belongs to :mod:`dbtool.reports.render`. They never import SQLAlchemy, so a report
on the SQLite default starts fast (see benchmarks/cli_latency.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dbtool.db.reader import Reader


def first_mention(entity: str) -> str:
    """SQL for the quote that introduces an entity: its declaring mention, else its first."""
    return (
        f"(SELECT mn.quote_id FROM mentions mn WHERE mn.entity_id = {entity}.id "
        "ORDER BY mn.declares DESC, mn.id LIMIT 1)"
    )


def in_document(column: str) -> str:
    """SQL keeping the rows of the report's document (``:document``), or all when it is NULL.

    The CAST lets PostgreSQL type a parameter that may be NULL.
    """
    return f"(CAST(:document AS VARCHAR(100)) IS NULL OR {column} = :document)"


def mentioned_in_document(entity: str) -> str:
    """SQL keeping entities the report's document mentions (all entities when it is NULL)."""
    return (
        "(CAST(:document AS VARCHAR(100)) IS NULL OR EXISTS (SELECT 1 FROM mentions md "
        f"JOIN documents dd ON dd.id = md.document_id WHERE md.entity_id = {entity}.id "
        "AND dd.slug = :document))"
    )


def scope(document: str | None) -> dict[str, Any]:
    """The parameters every scoped query takes."""
    return {"document": document}


def placeholders(values: Sequence[Any], name: str = "k") -> tuple[str, dict[str, Any]]:
    """``:k0, :k1, …`` for ``values`` in an ``IN (…)``, and the parameters they take."""
    marks = ", ".join(f":{name}{i}" for i in range(len(values)))
    return marks, {f"{name}{i}": value for i, value in enumerate(values)}


DATE_IS = {"inferred": "date inferred", "month": "month only"}


# A header names its documents when they fit one line of this many characters (one
# document always); past it, it counts them and gives their dates.
SOURCE_WIDTH = 100


def source_line(reader: Reader, document: str | None = None) -> str:
    """The documents a report draws on, for its header: named while they fit one short
    line, otherwise counted with their first and last dates, so that a header stays
    one readable line however large the corpus grows."""
    (span,) = reader.rows(
        "SELECT COUNT(*) AS n, MIN(published_on) AS first, MAX(published_on) AS last "
        f"FROM documents WHERE {in_document('slug')}",
        scope(document),
    )
    if span["n"] == 0:
        return "no documents loaded"
    counted = (
        f"{span['n']:,} documents published {iso_date(span['first'])} to "
        f"{iso_date(span['last'])} (`dbtool report documents` lists them)"
    )
    if span["n"] > 3:
        return counted
    rows = reader.rows(
        "SELECT slug, title, published_on, published_on_basis FROM documents "
        f"WHERE {in_document('slug')} ORDER BY published_on, slug",
        scope(document),
    )
    named = "; ".join(
        f"{r['title']} ({r['slug']}, {published(r['published_on'], r['published_on_basis'])}"
        f"{', ' + DATE_IS[r['published_on_basis']] if r['published_on_basis'] in DATE_IS else ''})"
        for r in rows
    )
    return named if len(rows) == 1 or len(f"Source: {named}") <= SOURCE_WIDTH else counted


def published(value: Any, basis: str) -> str:
    """A document's date; one known to the month only is written as the month (2018-08)."""
    text = iso_date(value)
    return text[:7] if basis == "month" else text


def iso_date(value: Any) -> str:
    """SQLite gives dates as ISO text, PostgreSQL as ``date``: one spelling for both."""
    return value if isinstance(value, str) else value.isoformat()


def flags(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Booleans as ``bool`` (SQLite stores 0/1), so every backend renders them alike."""
    return {**row, **{k: None if row[k] is None else bool(row[k]) for k in keys}}
