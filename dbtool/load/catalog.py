"""What the database already holds that loading a document must know, read once per session.

Loading a document asks: is this slug loaded, and from which file? Which
keys do other documents define (for cross-references), with which ids and
declared fields, declared by whom? Who owns this partition, sum, ranking or
figure key? Asking the database per document, some of these questions read
whole tables, so loading N documents would cost O(N²). The catalog
reads the answers once and the loader keeps it current as it adds rows. A
replaced or forgotten document changes too much to track, so the session
forgets the catalog then and it is read again when next asked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from sqlalchemy import select

from dbtool.core.wording import QualifierRule
from dbtool.db import models as m
from dbtool.db.bulk import Pending

# Globally keyed rows owned by one document, by the name the seed file gives the group.
OWNED = {
    "partitions": m.Partition,
    "sums": m.Sum,
    "ratios": m.Ratio,
    "rankings": m.Ranking,
    "comparisons": m.Comparison,
    "readings": m.QuantityReading,
}


class Catalog:
    """Keys, ids, declared fields and owners, as the database holds them."""

    def __init__(self, pending: Pending) -> None:
        self.pending = pending
        self.forget()

    def forget(self) -> None:
        """Drop everything; the next question reads the database again."""
        self.loaded = False
        # slug -> (document id, seed digest)
        self.documents: dict[str, tuple[int, str | None]] = {}
        # entity key -> its declared fields in the seed's terms, and "id"
        self.entities: dict[str, dict[str, Any]] = {}
        self.declarers: dict[str, set[str]] = {}  # entity key -> slugs that declare it
        self.quantities: dict[str, dict[str, Any]] = {}  # key -> the row as stored
        self.sources: dict[str, set[str]] = {}  # quantity key -> slugs that declare it
        self.owners: dict[str, dict[str, int]] = {}  # group -> key -> owning document id
        self.ranking_ids: dict[str, int] = {}
        self.qualifiers: dict[str, dict[str, Any]] = {}
        self.precision_rules: dict[str, str] = {}
        # For check_references: namespace -> key -> kind.
        self.namespaces: dict[str, dict[str, str]] = {}
        self._rules: dict[str, QualifierRule] | None = None

    def ensure(self) -> Catalog:
        if not self.loaded:
            self._read()
            self.loaded = True
        return self

    def _rows(self, statement: Any) -> list[Any]:
        return list(self.pending.execute(statement))

    def _read(self) -> None:
        """Fill the catalog from the database: one query per table, whatever the documents.

        Documents with their seed digests; entities with their declared fields
        (place and organisation details joined in, references as keys) and the
        documents that declare them; quantities as stored and their sources;
        the owner of every globally keyed row and figure; qualifiers and
        precision rules; and the namespaces references are checked against.
        """
        documents, entities, places, organisations = (
            m.Document.__table__,
            m.Entity.__table__,
            m.Place.__table__,
            m.Organisation.__table__,
        )
        slugs: dict[int, str] = {}
        for row in self._rows(select(documents.c.id, documents.c.slug, documents.c.seed_sha256)):
            self.documents[row.slug] = (row.id, row.seed_sha256)
            slugs[row.id] = row.slug
        keys = {row.id: row.key for row in self._rows(select(entities.c.id, entities.c.key))}
        for row in self._rows(
            select(
                entities,
                places.c.place_type,
                places.c.country_id,
                organisations.c.org_type,
                organisations.c.short_name,
                organisations.c.based_in_id,
            )
            .outerjoin(places, places.c.entity_id == entities.c.id)
            .outerjoin(organisations, organisations.c.entity_id == entities.c.id)
        ):
            self.entities[row.key] = {
                "id": row.id,
                "kind": row.kind,
                "name": row.name,
                "type": row.place_type or row.org_type,
                "country": keys.get(row.country_id),
                "short_name": row.short_name,
                "based_in": keys.get(row.based_in_id),
            }
        mentions = m.Mention.__table__
        for row in self._rows(
            select(mentions.c.entity_id, mentions.c.document_id).where(mentions.c.declares)
        ):
            self.declarers.setdefault(keys[row.entity_id], set()).add(slugs[row.document_id])
        quantities, quantity_sources = m.Quantity.__table__, m.QuantitySource.__table__
        quantity_keys: dict[int, str] = {}
        for row in self._rows(select(quantities)):
            self.quantities[row.key] = dict(row._mapping)
            quantity_keys[row.id] = row.key
        for row in self._rows(select(quantity_sources)):
            self.sources.setdefault(quantity_keys[row.quantity_id], set()).add(
                slugs[row.document_id]
            )
        for group, model in OWNED.items():
            table = model.__table__
            owned = self.owners.setdefault(group, {})
            for row in self._rows(select(table.c.key, table.c.id, table.c.document_id)):
                owned[row.key] = row.document_id
                if group == "rankings":
                    self.ranking_ids[row.key] = row.id
        figures, quotes = m.Figure.__table__, m.Quote.__table__
        figure_owners = self.owners.setdefault("figures", {})
        for row in self._rows(
            select(figures.c.key, quotes.c.document_id).join(
                quotes, quotes.c.id == figures.c.quote_id
            )
        ):
            figure_owners[row.key] = row.document_id
        qualifiers, precision_rules = m.Qualifier.__table__, m.PrecisionRule.__table__
        self.qualifiers = {row.name: dict(row._mapping) for row in self._rows(select(qualifiers))}
        self.precision_rules = {row.unit: row.rule for row in self._rows(select(precision_rules))}
        self.namespaces = {
            "entity": {key: fields["kind"] for key, fields in self.entities.items()},
            "quantity": dict.fromkeys(self.quantities, "quantity"),
            "ranking": dict.fromkeys(self.ranking_ids, "ranking"),
            # A view of the figures' owners, not a copy: a figure may revise any of them.
            "figure": KeysAs(figure_owners, "figure"),
        }

    # -- kept current by the loader ----------------------------------------------------

    def add_entity(self, key: str, fields: Mapping[str, Any]) -> None:
        self.entities[key] = dict(fields)
        self.namespaces["entity"][key] = fields["kind"]

    def add_quantity(self, row: Mapping[str, Any]) -> None:
        self.quantities[row["key"]] = dict(row)
        self.namespaces["quantity"][row["key"]] = "quantity"

    def signed_quantities(self) -> SignedQuantities:
        """The keys of the quantities declared signed (net figures), as a set."""
        return SignedQuantities(self.quantities)

    def qualifier_rules(self) -> dict[str, QualifierRule]:
        """The qualifiers as rules for ``stated_interval``, built once until one changes."""
        if self._rules is None:
            fields = QualifierRule.__dataclass_fields__
            self._rules = {
                name: QualifierRule(**{f: row[f] for f in fields})
                for name, row in self.qualifiers.items()
            }
        return self._rules

    def set_qualifier(self, row: Mapping[str, Any]) -> None:
        self.qualifiers[row["name"]] = dict(row)
        self._rules = None

    def add_owned(self, group: str, key: str, document_id: int, row_id: int | None) -> None:
        self.owners.setdefault(group, {})[key] = document_id
        if group == "rankings" and row_id is not None:
            self.ranking_ids[key] = row_id
            self.namespaces["ranking"][key] = "ranking"


class SignedQuantities(AbstractSet[str]):
    """The signed quantities' keys, read from the catalog's rows when asked: a set view,
    so that a load of thousands of documents never copies the catalog's quantities."""

    def __init__(self, quantities: Mapping[str, Mapping[str, Any]]) -> None:
        self.quantities = quantities

    def __contains__(self, key: object) -> bool:
        row = self.quantities.get(key)  # type: ignore[call-overload]
        return bool(row and row["signed"])

    def __iter__(self) -> Iterator[str]:
        return (key for key, row in self.quantities.items() if row["signed"])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class KeysAs(Mapping[str, str]):
    """``key -> kind`` for every key of a dict, as a view: what a namespace of
    references needs of a large table the catalog already holds by key."""

    def __init__(self, keys: Mapping[str, Any], kind: str) -> None:
        self.keys_of, self.kind = keys, kind

    def __getitem__(self, key: str) -> str:
        if key not in self.keys_of:
            raise KeyError(key)
        return self.kind

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_of)

    def __len__(self) -> int:
        return len(self.keys_of)
