"""What the database already holds that loading a document must know, read once per session.

Loading a document asks: is this slug loaded, and from which file? Which
keys do other documents define (for cross-references), with which ids and
declared fields, declared by whom? Who owns this partition, sum, ranking or
figure key? Asking the database per document, some of these questions read
whole tables, so loading N documents would cost O(N²). The catalog
reads the answers once and the loader keeps it current as it adds rows; the
tables that grow with every document (documents, quantities, their sources,
figures) it asks key by key until a load has asked enough to read them whole
(:class:`ByKey`), so one release costs what it names, not what the database
holds. A replaced or forgotten document changes too much to track, so the
session forgets the catalog then and it is read again when next asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
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

    def __init__(self, pending: Pending, documents: int = 1) -> None:
        self.pending = pending
        # A load of many documents asks about too many keys for lookups to pay.
        self.by_key = documents <= ByKey.DOCUMENTS
        self.forget()

    def forget(self) -> None:
        """Drop everything; the next question reads the database again."""
        self.loaded = False
        # slug -> (document id, seed digest); these three and the figures' owners ByKey
        self.documents: MutableMapping[str, tuple[int, str | None]] = {}
        # entity key -> its declared fields in the seed's terms, and "id"
        self.entities: dict[str, dict[str, Any]] = {}
        self.declarers: dict[str, set[str]] = {}  # entity key -> slugs that declare it
        self.quantities: MutableMapping[str, dict[str, Any]] = {}  # key -> the row as stored
        self.sources: MutableMapping[str, set[str]] = {}  # quantity key -> declaring slugs
        # group -> key -> owning document id
        self.owners: dict[str, MutableMapping[str, int]] = {}
        self.ranking_ids: dict[str, int] = {}
        self.qualifiers: dict[str, dict[str, Any]] = {}
        self.precision_rules: dict[str, str] = {}
        # For check_references: namespace -> key -> kind.
        self.namespaces: dict[str, Any] = {}
        self._rules: dict[str, QualifierRule] | None = None

    def ensure(self) -> Catalog:
        if not self.loaded:
            self._read()
            self.loaded = True
        return self

    def _rows(self, statement: Any) -> list[Any]:
        return self.pending.execute(statement).all()  # fetchall: one call, not one a row

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
        self.documents = ByKey(
            self.pending,
            self.by_key,
            select(documents.c.slug.label("key"), documents.c.id, documents.c.seed_sha256),
            documents.c.slug,
            lambda row: (row.id, row.seed_sha256),
        )
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
            select(mentions.c.entity_id, documents.c.slug)
            .join(documents, documents.c.id == mentions.c.document_id)
            .where(mentions.c.declares)
        ):
            self.declarers.setdefault(keys[row.entity_id], set()).add(row.slug)
        quantities, quantity_sources = m.Quantity.__table__, m.QuantitySource.__table__
        self.quantities = ByKey(
            self.pending, self.by_key, select(quantities), quantities.c.key, _as_dict
        )
        self.sources = ByKey(
            self.pending,
            self.by_key,
            select(quantities.c.key, documents.c.slug)
            .join(quantity_sources, quantity_sources.c.quantity_id == quantities.c.id)
            .join(documents, documents.c.id == quantity_sources.c.document_id),
            quantities.c.key,
            lambda row: row.slug,
            many=True,
        )
        for group, model in OWNED.items():
            table = model.__table__
            owned = self.owners.setdefault(group, {})
            for row in self._rows(select(table.c.key, table.c.id, table.c.document_id)):
                owned[row.key] = row.document_id
                if group == "rankings":
                    self.ranking_ids[row.key] = row.id
        figures, quotes = m.Figure.__table__, m.Quote.__table__
        figure_owners = ByKey(
            self.pending,
            self.by_key,
            select(figures.c.key, quotes.c.document_id).join(
                quotes, quotes.c.id == figures.c.quote_id
            ),
            figures.c.key,
            lambda row: row.document_id,
        )
        self.owners["figures"] = figure_owners
        qualifiers, precision_rules = m.Qualifier.__table__, m.PrecisionRule.__table__
        self.qualifiers = {row.name: dict(row._mapping) for row in self._rows(select(qualifiers))}
        self.precision_rules = {row.unit: row.rule for row in self._rows(select(precision_rules))}
        self.namespaces = {
            "entity": {key: fields["kind"] for key, fields in self.entities.items()},
            "quantity": KeysAs(self.quantities, "quantity"),
            "ranking": dict.fromkeys(self.ranking_ids, "ranking"),
            # A view of the figures' owners, not a copy: a figure may revise any of them.
            "figure": KeysAs(figure_owners, "figure"),
        }

    # -- kept current by the loader ----------------------------------------------------

    def add_entity(self, key: str, fields: Mapping[str, Any]) -> None:
        self.entities[key] = dict(fields)
        self.namespaces["entity"][key] = fields["kind"]

    def add_quantity(self, row: Mapping[str, Any]) -> None:
        self.quantities[row["key"]] = dict(row)  # the namespace is a view of these

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
        owners = self.owners.get(group)
        if owners is None:
            owners = self.owners[group] = {}
        owners[key] = document_id
        if group == "rankings" and row_id is not None:
            self.ranking_ids[key] = row_id
            self.namespaces["ranking"][key] = "ranking"


class ByKey(MutableMapping[str, Any]):
    """key -> what the database holds for it, asked per key, kept once asked.

    For the catalog's tables that grow with every document (documents, quantities
    and their sources, figures): read whole, they would make loading one release
    into a database of a million figures read a million rows first. A key is looked
    up when asked (a new release's few dozen), the answer kept; past
    ``WHOLE_AFTER`` lookups, as a load of thousands of documents makes, the table
    is read once instead. What the session writes is set here as it is written, so a
    lookup reads through the connection without flushing the session's pending rows.

    ``statement`` selects a column labelled ``key`` and what ``value`` makes of a
    row; with ``many``, a key's value is the set of its rows' values. A load of more
    than ``DOCUMENTS`` documents reads whole at once (``by_key`` False).
    """

    WHOLE_AFTER = 2_000
    DOCUMENTS = 50

    def __init__(
        self,
        pending: Pending,
        by_key: bool,
        statement: Any,
        key: Any,
        value: Callable[[Any], Any],
        many: bool = False,
    ) -> None:
        self.pending, self.statement, self.key, self.value, self.many = (
            pending,
            statement,
            key,
            value,
            many,
        )
        self.known: dict[str, Any] = {}
        self.absent: set[str] = set()
        self.lookups = 0 if by_key else self.WHOLE_AFTER
        self.whole = False

    def _gather(self, rows: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for row in rows:
            if self.many:
                found.setdefault(row.key, set()).add(self.value(row))
            else:
                found[row.key] = self.value(row)
        return found

    def _look_up(self, key: str) -> None:
        self.lookups += 1
        if self.lookups > self.WHOLE_AFTER:
            self._read_whole()
            return
        statement = self.statement.where(self.key == key)
        found = self._gather(self.pending.connection.execute(statement))
        if key in found:
            self.known[key] = found[key]
        else:
            self.absent.add(key)

    def _read_whole(self) -> None:
        if not self.whole:
            stored = self._gather(self.pending.execute(self.statement))
            self.known = stored | self.known  # what this session set wins
            self.absent.clear()
            self.whole = True

    def __getitem__(self, key: str) -> Any:
        if not (self.whole or key in self.known or key in self.absent):
            self._look_up(key)
        if key in self.known:
            return self.known[key]
        raise KeyError(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.known[key] = value
        self.absent.discard(key)

    def __delitem__(self, key: str) -> None:
        self._read_whole()
        del self.known[key]

    def __iter__(self) -> Iterator[str]:
        self._read_whole()
        return iter(self.known)

    def __len__(self) -> int:
        self._read_whole()
        return len(self.known)


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


def _as_dict(row: Any) -> dict[str, Any]:
    return dict(row._mapping)


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
