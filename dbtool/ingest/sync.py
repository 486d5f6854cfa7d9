"""The two mechanisms a load is built from: a sync by natural key, and quote spans.

``Sync.rows`` makes the rows of one table within a scope (one document's
rows) equal to what the seed file says, writing only the differences, and
deletes stale rows last, children first. ``Quotes`` finds each quote in the
document's text and remembers its span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, tuple_, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from dbtool.db import models as m
from dbtool.errors import SeedError
from dbtool.ingest.seedfile import Quoted


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
    """Upserts rows by natural key within a scope; deletes stale rows last, children first."""

    def __init__(self, connection: Connection, report: LoadReport) -> None:
        self.connection = connection
        self.report = report
        self._stale: list[tuple[Table, list[tuple[Any, ...]]]] = []

    def rows(
        self,
        table: Table,
        key: tuple[str, ...],
        desired: Iterable[Mapping[str, Any]],
        scope: ColumnElement[bool],
    ) -> dict[tuple[Any, ...], Any]:
        """Make the rows of ``table`` within ``scope`` equal ``desired``; natural key -> id."""
        changes = self.report.changes.setdefault(table.name, TableChanges())
        pk = list(table.primary_key.columns)
        existing = {
            tuple(row[c] for c in key): row
            for row in self.connection.execute(select(table).where(scope)).mappings()
        }
        ids: dict[tuple[Any, ...], Any] = {}
        for values in desired:
            natural = tuple(values[c] for c in key)
            row = existing.pop(natural, None)
            if row is None:
                result = self.connection.execute(insert(table).values(**values))
                changes.inserted += 1
                ids[natural] = result.inserted_primary_key[0] if len(pk) == 1 else None
                continue
            if any(row[c] != v for c, v in values.items()):
                where = and_(*(col == row[col.name] for col in pk))
                self.connection.execute(update(table).where(where).values(**values))
                changes.updated += 1
            ids[natural] = row[pk[0].name] if len(pk) == 1 else None
        stale = [tuple(row[col.name] for col in pk) for row in existing.values()]
        if stale:
            self._stale.append((table, stale))
            changes.deleted += len(stale)
        return ids

    def delete_stale(self) -> None:
        for table, keys in reversed(self._stale):
            pk = list(table.primary_key.columns)
            self.connection.execute(delete(table).where(tuple_(*pk).in_(keys)))


class Quotes:
    """Finds quotes in the document text and remembers the span of each."""

    def __init__(self, path: Path, text: str, file_name: str) -> None:
        self.path, self.text, self.file_name = path, text, file_name
        self.spans: set[tuple[int, int]] = set()

    def span(self, quoted: Quoted | None, place: str) -> tuple[int, int]:
        assert quoted is not None
        return self.find(quoted.quote, quoted.occurrence, place)

    def find(self, quote: str, occurrence: int | None, place: str) -> tuple[int, int]:
        starts, at = [], self.text.find(quote)
        while at != -1:
            starts.append(at)
            at = self.text.find(quote, at + 1)
        shown = quote if len(quote) <= 60 else quote[:57] + "..."
        if not starts:
            raise SeedError(self.path, place, f"quote not found in {self.file_name}: {shown!r}")
        if occurrence is None and len(starts) > 1:
            raise SeedError(
                self.path,
                place,
                f"quote occurs {len(starts)} times in {self.file_name}; "
                f"say which with occurrence = 1..{len(starts)}: {shown!r}",
            )
        index = (occurrence or 1) - 1
        if index >= len(starts):
            raise SeedError(
                self.path,
                place,
                f"occurrence {occurrence} asked, but the quote occurs {len(starts)} time(s)",
            )
        span = (starts[index], starts[index] + len(quote))
        self.spans.add(span)
        return span
