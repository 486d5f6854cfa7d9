"""What replacing a document would take from the others: named before anything is written.

A document owns its rankings, partitions, sums and ratios, and the entities
and quantities only it declares. A new version of it that no longer defines
one of them would delete it, and with it the foothold of every row another
document points at it with: the database refuses the write ("FOREIGN KEY
constraint failed", with no place). So the rows the replacement would remove
are looked up in every table that refers to them, and each one another
document uses is named with those documents, one line each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Table, and_, select

from dbtool.db import models as m
from dbtool.errors import SeedError
from dbtool.seedformat.model import SeedFile

# The seed's group -> the table its rows are, for what a document owns outright.
OWNED = {"rankings": "rankings", "partitions": "partitions", "sums": "sums", "ratios": "ratios"}
SINGULAR = {
    "rankings": "ranking",
    "partitions": "partition",
    "sums": "sum",
    "ratios": "ratio",
    "quantities": "quantity",
    "entities": "entity",
}


def removed_keys(
    seed: SeedFile,
    slug: str,
    document_id: int,
    owners: Mapping[str, Mapping[str, int]],
    sources: Mapping[str, set[str]],
    declarers: Mapping[str, set[str]],
) -> dict[str, set[str]]:
    """Table -> the keys the loaded version of ``slug`` holds alone and ``seed`` drops."""
    removed = {
        table: {key for key, owner in owners.get(group, {}).items() if owner == document_id}
        - {row.key for row in getattr(seed, group)}
        for group, table in OWNED.items()
    }
    removed["quantities"] = {k for k, s in sources.items() if s == {slug}} - {
        q.key for q in seed.quantities
    }
    entities = [*seed.places, *seed.organisations, *seed.people, *seed.events, *seed.agreements]
    removed["entities"] = {k for k, s in declarers.items() if s == {slug}} - {
        e.key for e in entities
    }
    return {table: keys for table, keys in removed.items() if keys}


def orphan_problems(
    execute: Callable[[Any], Any],
    path: Path,
    slug: str,
    document_id: int,
    removed: Mapping[str, Iterable[str]],
) -> list[SeedError]:
    """One problem per removed row another document refers to, naming those documents."""
    users: dict[tuple[str, str], set[str]] = {}
    for table_name, keys in removed.items():
        target = m.Base.metadata.tables[table_name]
        for referrer, column in _referrers(target):
            query = _users(referrer, column, target, list(keys), document_id)
            if query is None:
                continue
            for row in execute(query):
                users.setdefault((table_name, row.key), set()).add(row.slug)
    return [
        SeedError(
            path,
            f"{table}[key={key}]",
            f"{SINGULAR[table]} {key} is used by {', '.join(sorted(slugs))}; replacing {slug} "
            "without it would leave them pointing at nothing: keep it in this file, or "
            "`dbtool forget` those documents first",
        )
        for (table, key), slugs in sorted(users.items())
    ]


def _referrers(target: Table) -> list[tuple[Table, Any]]:
    """(table, column) of every foreign key to ``target``'s id."""
    return [
        (table, fk.parent)
        for table in m.Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table is target
    ]


def _users(referrer: Table, column: Any, target: Table, keys: list[str], document_id: int) -> Any:
    """The query of (key, slug) for rows of ``referrer`` in other documents that point at
    ``target`` rows with ``keys``, through the document of the row or of its parent."""
    documents = m.Base.metadata.tables["documents"].alias("owner_document")
    owner, joined = _document_column(referrer, target)
    if owner is None:
        return None
    pointed = target.alias("pointed")  # the referrer's parent may be the target itself
    return (
        select(pointed.c.key, documents.c.slug)
        .select_from(joined)
        .join(pointed, pointed.c.id == column)
        .join(documents, documents.c.id == owner)
        .where(and_(pointed.c.key.in_(keys), owner != document_id))
        .distinct()
    )


def _document_column(table: Table, target: Table) -> tuple[Any, Any]:
    """The column naming a row's document, and the join that reaches it: its own, or its
    owner's (a sum's terms belong to the sum's document, a figure to its quote's). The
    owner is a parent the row is deleted with, else its quote; never ``target``, whose
    document is the one being replaced."""
    if "document_id" in table.c:
        return table.c.document_id, table
    owners = sorted(
        (fk for fk in table.foreign_keys if fk.column.table is not target),
        key=lambda fk: (fk.ondelete != "CASCADE", fk.column.table.name != "quotes", fk.parent.name),
    )
    for fk in owners:
        parent = fk.column.table
        if "document_id" in parent.c and parent.name != "documents":
            return parent.c.document_id, table.join(parent, fk.parent == fk.column)
    return None, None
