"""The two mechanisms a load is built from: a sync by natural key, and quote spans.

``Sync.rows`` makes the rows of one table within a scope (one document's
rows) equal to what the seed file says, writing only the differences, and
deletes stale rows last, children first. ``Quotes`` remembers the span of
every quote a document's rows are tied to: as validation found them (by row,
``dbtool.seedformat.rowquotes``), or found here (:mod:`dbtool.seedformat.quotes`).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, and_, delete, select, tuple_, update
from sqlalchemy.sql.elements import ColumnElement

from dbtool.db import models as m
from dbtool.db.bulk import Pending
from dbtool.errors import SeedError
from dbtool.seedformat.quotes import QuoteFinder, Span


@dataclass
class TableChanges:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.deleted


@dataclass
class LoadReport:
    """What one load changed, table by table; ``status`` is added, replaced, unchanged or
    forgotten."""

    path: Path
    document: str
    changes: dict[str, TableChanges] = field(default_factory=dict)
    status: str = "added"

    @property
    def total(self) -> int:
        return sum(c.total for c in self.changes.values())


def table_of(model: type[m.Base]) -> Table:
    return model.__table__  # type: ignore[return-value]


class Sync:
    """Upserts rows by natural key within a scope; deletes stale rows last, children first.

    New rows are queued on ``pending`` and written in bulk; everything else
    (the query for the rows in scope, updates, deletes) goes through
    ``pending.execute``, which writes the queue first.
    """

    def __init__(self, pending: Pending, report: LoadReport) -> None:
        self.pending = pending
        self.report = report
        self._stale: list[tuple[Table, list[tuple[Any, ...]]]] = []

    def rows(
        self,
        table: Table,
        key: tuple[str, ...],
        desired: Sequence[dict[str, Any]],
        scope: ColumnElement[bool] | None,
        existing: Iterable[Mapping[str, Any]] | None = None,
    ) -> dict[tuple[Any, ...], Any]:
        """Make the rows of ``table`` within ``scope`` equal ``desired``; natural key -> id.

        ``existing`` gives the rows in scope when the caller knows them (none,
        for a document that is new), instead of asking the database. The
        ``desired`` dicts become the queue's (new ones are given their ids).
        """
        if existing is not None and not existing:
            if not desired:  # most tables of a new document: nothing to do or to report
                return {}
            changes = self.report.changes.setdefault(table.name, TableChanges())
            return self._insert_all(table, key, desired, changes)
        changes = self.report.changes.setdefault(table.name, TableChanges())
        pk = list(table.primary_key.columns)
        if existing is None:
            existing = self.pending.execute(select(table).where(scope)).mappings()
        found = {tuple(row[c] for c in key): row for row in existing}
        ids: dict[tuple[Any, ...], Any] = {}
        updates = []
        for values in desired:
            natural = tuple(values[c] for c in key)
            row = found.pop(natural, None)
            if row is None:
                written = self.pending.add(table, values)
                changes.inserted += 1
                ids[natural] = written[pk[0].name] if len(pk) == 1 else None
                continue
            if any(row[c] != v for c, v in values.items()):
                updates.append((and_(*(col == row[col.name] for col in pk)), values))
                changes.updated += 1
            ids[natural] = row[pk[0].name] if len(pk) == 1 else None
        for where, values in updates:
            self.pending.execute(update(table).where(where).values(**values))
        stale = [tuple(row[col.name] for col in pk) for row in found.values()]
        if stale:
            self._stale.append((table, stale))
            changes.deleted += len(stale)
        return ids

    def _insert_all(
        self,
        table: Table,
        key: tuple[str, ...],
        desired: Sequence[dict[str, Any]],
        changes: TableChanges,
    ) -> dict[tuple[Any, ...], Any]:
        """Nothing in scope (a new document): every row is new, nothing to compare."""
        written = self.pending.add_many(table, list(desired))
        changes.inserted += len(written)
        natural = operator.itemgetter(*key)
        if len(key) == 1:
            naturals = [(value,) for value in map(natural, written)]
        else:
            naturals = list(map(natural, written))
        id_name = _single_key(table)
        if id_name is None:
            return dict.fromkeys(naturals)
        return dict(zip(naturals, map(operator.itemgetter(id_name), written), strict=True))

    def delete_stale(self) -> None:
        for table, keys in reversed(self._stale):
            pk = list(table.primary_key.columns)
            self.pending.execute(delete(table).where(tuple_(*pk).in_(keys)))


@functools.lru_cache(maxsize=128)
def _single_key(table: Table) -> str | None:
    """The name of a table's primary key column, if it has one column."""
    pk = list(table.primary_key.columns)
    return pk[0].name if len(pk) == 1 else None


class Quotes:
    """Finds quotes in the document text and remembers the span of each."""

    def __init__(self, path: Path, text: str, file_name: str) -> None:
        self.path, self.text, self.file_name = path, text, file_name
        self.spans: set[tuple[int, int]] = set()
        self.finder = QuoteFinder(text)

    def find(self, quote: str, occurrence: int | None, place: str) -> Span:
        span, problem = self.finder.locate(quote, occurrence, self.file_name)
        if span is None:
            raise SeedError(self.path, place, problem or "quote not found")
        self.spans.add(span)
        return span
