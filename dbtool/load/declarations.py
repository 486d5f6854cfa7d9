"""Entities and quantities a document declares: new, identical to an earlier declaration,
or in conflict with one.

Entities and quantities are global: a document may refer to what an earlier
document declared and may declare it again identically (that adds a
mention). A different name, type or country is an error naming both
documents and the field, unless only this document declares it, which then
updates it in place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from dbtool.db import models as m
from dbtool.db.bulk import Pending
from dbtool.errors import SeedError
from dbtool.load.catalog import Catalog
from dbtool.load.rows import stored_fields, subtype_row
from dbtool.load.sync import Sync, TableChanges, table_of
from dbtool.seedformat.model import QuantitySpec

# Fields of a declaration that must agree with an earlier document's (None: not stated).
ENTITY_FIELDS = {
    "place": ("name", "type", "country"),
    "organisation": ("name", "type", "short_name", "based_in"),
    "person": ("name",),
    "event": ("name",),
    "agreement": ("name",),
}
QUANTITY_FIELDS = ("name", "measure", "unit", "flow", "signed")
GROUPS = {
    "place": "places",
    "organisation": "organisations",
    "person": "people",
    "event": "events",
    "agreement": "agreements",
}
SUBTYPES = {"place": m.Place, "organisation": m.Organisation, "person": m.Person}


class Declarations:
    """One document's declarations, written through its sync, checked against the catalog."""

    def __init__(self, db: Pending, catalog: Catalog, sync: Sync, path: Path, slug: str) -> None:
        self.db, self.catalog, self.sync, self.path, self.slug = db, catalog, sync, path, slug

    # -- entities ------------------------------------------------------------------

    def entities(self, declared: list[tuple[str, Any]], ids: dict[str, int]) -> None:
        """Insert each entity new to the database, check or update those it knows; ``ids``
        (key -> id, of every entity the document names) gains the new ones."""
        entities = table_of(m.Entity)
        changes = self.sync.report.changes.setdefault("entities", TableChanges())
        for kind, item in declared:
            if item.key in ids:
                self._redeclare(kind, item, ids)
                continue
            row = self.db.add(entities, {"key": item.key, "kind": kind, "name": item.name})
            ids[item.key] = row["id"]
            changes.inserted += 1
            self._insert_subtype(kind, item, ids)
            self.catalog.add_entity(item.key, {"id": row["id"], **stored_fields(kind, item)})
        for _kind, item in declared:
            self.catalog.declarers.setdefault(item.key, set()).add(self.slug)

    def _insert_subtype(self, kind: str, item: Any, ids: dict[str, int]) -> None:
        row = subtype_row(kind, item, ids)
        if row is None:
            return
        table = table_of(SUBTYPES[kind])
        self.db.add(table, {"entity_id": ids[item.key], **row})
        self.sync.report.changes.setdefault(table.name, TableChanges()).inserted += 1

    def _redeclare(self, kind: str, item: Any, ids: dict[str, int]) -> None:
        """An entity an earlier load declared: it must agree, unless only this document says."""
        stored = self.catalog.entities[item.key]
        others = self._others(self.catalog.declarers, item.key)
        group = GROUPS[kind]
        if kind in ("event", "agreement") and others:
            raise SeedError(
                self.path,
                f"{group}[key={item.key}].key",
                f"{kind} {item.key!r} belongs to document {others[0]!r}; "
                "an event or agreement is declared by one document",
            )
        wanted = {"kind": kind, **{f: getattr(item, f, None) for f in ENTITY_FIELDS[kind]}}
        for field_name, value in wanted.items():
            if value is None or stored.get(field_name) == value:
                continue
            if others:
                raise SeedError(
                    self.path,
                    f"{group}[key={item.key}].{field_name}",
                    f"{item.key!r} is declared by {', '.join(repr(o) for o in others)} with "
                    f"{field_name} {stored.get(field_name)!r}, here {value!r} "
                    "(for another name of the same entity, add a [[mentions]] row)",
                )
            self._update_entity(kind, item, ids)
            return

    def _update_entity(self, kind: str, item: Any, ids: dict[str, int]) -> None:
        entity_id = ids[item.key]
        entities = table_of(m.Entity)
        self.db.execute(
            update(entities).where(entities.c.id == entity_id).values(kind=kind, name=item.name)
        )
        row = subtype_row(kind, item, ids)
        if row is not None:
            table = table_of(SUBTYPES[kind])
            self.db.execute(update(table).where(table.c.entity_id == entity_id).values(**row))
        self.sync.report.changes.setdefault("entities", TableChanges()).updated += 1
        self.catalog.add_entity(item.key, {"id": entity_id, **_entity_fields(self.db, entity_id)})

    def _others(self, by_key: dict[str, set[str]], key: str) -> list[str]:
        """The other documents that declare ``key``, sorted."""
        return sorted(d for d in by_key.get(key, ()) if d != self.slug)

    # -- quantities ------------------------------------------------------------------

    def quantities(self, specs: list[QuantitySpec], ids: dict[str, int]) -> None:
        """Insert each quantity new to the database, check or update those it knows."""
        quantities = table_of(m.Quantity)
        known = self.catalog.quantities
        changes = self.sync.report.changes.setdefault("quantities", TableChanges())
        for spec in specs:
            row = spec.model_dump(exclude={"reviewed"})  # a review marker, not stored
            if spec.key not in ids:
                written = self.db.add(quantities, row)
                ids[spec.key] = written["id"]
                self.catalog.add_quantity(written)
                changes.inserted += 1
                continue
            stored = known[spec.key]
            differ = [f for f in ("note", "period", *QUANTITY_FIELDS) if stored[f] != row[f]]
            if not differ:
                continue
            others = self._others(self.catalog.sources, spec.key)
            conflict = [f for f in differ if f in QUANTITY_FIELDS]
            if others and conflict:
                name = conflict[0]
                raise SeedError(
                    self.path,
                    f"quantities[key={spec.key}].{name}",
                    f"quantity {spec.key!r} is declared by "
                    f"{', '.join(repr(o) for o in others)} with {name} {stored[name]!r}, "
                    f"here {row[name]!r}",
                )
            if not others:
                self.db.execute(
                    update(quantities).where(quantities.c.key == spec.key).values(**row)
                )
                self.catalog.add_quantity({"id": stored["id"], **row})
                changes.updated += 1


def _entity_fields(db: Pending, entity_id: int) -> dict[str, Any]:
    """An entity's declared fields as stored, in the seed's terms (keys for references)."""
    entities, places, organisations = (
        table_of(m.Entity),
        table_of(m.Place),
        table_of(m.Organisation),
    )
    country, based = entities.alias("country"), entities.alias("based")
    row = (
        db.execute(
            select(
                entities.c.kind,
                entities.c.name,
                places.c.place_type,
                country.c.key.label("country"),
                organisations.c.org_type,
                organisations.c.short_name,
                based.c.key.label("based_in"),
            )
            .outerjoin(places, places.c.entity_id == entities.c.id)
            .outerjoin(country, country.c.id == places.c.country_id)
            .outerjoin(organisations, organisations.c.entity_id == entities.c.id)
            .outerjoin(based, based.c.id == organisations.c.based_in_id)
            .where(entities.c.id == entity_id)
        )
        .mappings()
        .one()
    )
    return {
        "kind": row["kind"],
        "name": row["name"],
        "type": row["place_type"] or row["org_type"],
        "country": row["country"],
        "short_name": row["short_name"],
        "based_in": row["based_in"],
    }
