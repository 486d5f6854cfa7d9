"""Load a seed file into the database: one document, validated first, then synchronised.

Documents are loaded one at a time, each in the caller's transaction, without
touching the others. Entities (organisations, people, places) and quantities
are global: a document may refer to what an earlier document declared, and
may declare it again, identically (a conflicting declaration is an error that
names both documents). Each document keeps its own mentions, roles, figures
and relations.

Loading the same document again unchanged is a no-op; a changed one is
refused unless ``replace``, which synchronises it in place: each table is
compared with the file by natural key and only the differences are written.
``forget_document`` synchronises a document to nothing, then removes it and
every entity and quantity nothing refers to any more.

A ``LoadSession`` loads many documents in one transaction at bulk speed
(issue 11): what a document must know of the others comes from a catalog
read once, a new document's rows are known to be new without asking, and
rows wait in memory to be written table by table with one executemany each.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, exists, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from dbtool.core.periods import parse_period
from dbtool.core.wording import QualifierRule, precision_for, stated_interval
from dbtool.db import models as m
from dbtool.db.bulk import Pending
from dbtool.errors import SeedError, UsageError
from dbtool.load.catalog import Catalog
from dbtool.load.sync import LoadReport, Quotes, Sync, TableChanges, table_of
from dbtool.seedformat.figurerows import FigureRow
from dbtool.seedformat.model import (
    MAX_SEED_BYTES,
    DatelineSpec,
    DocumentSpec,
    SeedFile,
)
from dbtool.seedformat.rowquotes import row_quotes
from dbtool.seedformat.validate import MAX_TEXT_BYTES, CheckedSeed, check_against, read_seed

__all__ = ["LoadReport", "LoadSession", "TableChanges", "forget_document", "load_seed"]

# Fields of a declaration that must agree with an earlier document's (None: not stated).
ENTITY_FIELDS = {
    "place": ("name", "type", "country"),
    "organisation": ("name", "type", "short_name", "based_in"),
    "person": ("name",),
    "event": ("name",),
    "agreement": ("name",),
}
QUANTITY_FIELDS = ("name", "measure", "unit", "flow", "signed")


class LoadSession:
    """The loads of one transaction: the catalog, and the rows waiting to be written.

    Rows of many documents wait in memory (``Pending``) and are written table
    by table in bulk; what a document needs to know of the others is asked of
    the ``Catalog``, not of the database. ``finish`` writes what is left.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.pending = Pending(connection, m.Base.metadata.sorted_tables)
        self.catalog = Catalog(self.pending)
        self.paths: list[Path] = []

    def load(
        self,
        path: Path,
        replace: bool = False,
        allow_dirs: Sequence[Path] = (),
        max_text_bytes: int = MAX_TEXT_BYTES,
        max_seed_bytes: int = MAX_SEED_BYTES,
        read: CheckedSeed | SeedError | None = None,
    ) -> LoadReport:
        """Validate ``path`` and load its document: added, replaced, or unchanged.

        Every problem of the file is found before anything is written, and
        raised at once (see :mod:`dbtool.seedformat.validate`). ``read`` is the
        file's ``read_seed`` when it was read ahead (:mod:`dbtool.load.readahead`).
        """
        catalog = self.catalog.ensure()
        if isinstance(read, SeedError):
            raise read
        if read is None:
            read = read_seed(path, allow_dirs, max_text_bytes, max_seed_bytes)
        checked = check_against(read, catalog.namespaces, catalog.qualifiers.keys())
        checked.raise_problems()
        assert checked.seed is not None and checked.text is not None
        seed, text = checked.seed, checked.text
        digest = checked.seed_sha256
        report = LoadReport(path=path, document=seed.document.slug)
        loaded = catalog.documents.get(seed.document.slug)
        if loaded is not None:
            if loaded[1] == digest:
                report.status = "unchanged"
                return report
            if not replace:
                raise SeedError(
                    path,
                    "document.slug",
                    f"document {seed.document.slug!r} is already loaded and this file differs; "
                    "load it with --replace to swap it, or `dbtool forget` it first",
                )
            report.status = "replaced"
        _check_qualifiers(catalog.qualifiers, seed, path)
        self.paths.append(path)
        with _seed_problems(path):
            fresh = loaded is None
            _Loader(self, seed, path, text, report, digest, fresh, checked).run()
        if loaded is not None:
            self.catalog.forget()
        return report

    def forget(self, slug: str) -> LoadReport:
        """Remove a document with its mentions, figures and relations, and what only it used."""
        documents = table_of(m.Document)
        row = self.pending.execute(
            select(
                documents.c.title,
                documents.c.published_on,
                documents.c.published_on_basis,
                documents.c.text,
            ).where(documents.c.slug == slug)
        ).first()
        if row is None:
            known = self.pending.execute(select(documents.c.slug).order_by(documents.c.slug))
            raise UsageError(
                f"no document {slug!r} is loaded (loaded: {', '.join(known.scalars()) or 'none'})"
            )
        empty = SeedFile.model_construct(
            document=DocumentSpec.model_construct(
                slug=slug,
                title=row.title,
                file="",
                published_on=row.published_on,
                published_on_basis=row.published_on_basis,
                date_note=None,
                dateline=DatelineSpec.model_construct(place="", quote="", occurrence=None),
            ),
            **{name: [] for name in SeedFile.model_fields if name != "document"},
        )
        report = LoadReport(path=Path(slug), document=slug, status="forgotten")
        loader = _Loader(self, empty, Path(slug), row.text, report, "", fresh=False)
        loader.forgetting = True
        try:
            loader.run()
        except IntegrityError as exc:
            raise UsageError(
                f"cannot forget {slug!r}: another document refers to something only it defines "
                f"({str(exc.orig).splitlines()[0]})"
            ) from None
        self.catalog.forget()
        return report

    def write_waiting(self) -> None:
        """Write the rows waiting now, if there are enough to be worth it: called when the
        next file's read is not there yet, so that the writes take the time the loader
        would otherwise spend waiting for it (0.3-0.5 s of a 100,000-figure load)."""
        with _seed_problems(self._last_path()):
            self.pending.flush_if_many()

    def finish(self) -> None:
        """Write the rows still waiting; a session is over after this."""
        with _seed_problems(self._last_path()):
            self.pending.finish()

    def _last_path(self) -> Path:
        """The file a write of queued rows is blamed on, should the database refuse one:
        rows of several files wait together, and the last one loaded is the one named."""
        return self.paths[-1] if self.paths else Path("seed")


@contextmanager
def _seed_problems(path: Path) -> Iterator[None]:
    """A seed the validation let through but the database or the loader cannot take is
    still the seed's problem: one located line, exit 2, nothing written, never exit 3.
    DBTOOL_DEBUG keeps the traceback for whoever then fixes the validation."""
    try:
        yield
    except IntegrityError as exc:
        raise SeedError(
            path,
            "",
            f"the database refused a row, so nothing was loaded: {str(exc.orig).splitlines()[0]}",
        ) from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        if os.environ.get("DBTOOL_DEBUG"):
            raise
        raise SeedError(
            path, "", f"cannot load this seed, so nothing was loaded: {type(exc).__name__}: {exc}"
        ) from None


def load_seed(
    connection: Connection,
    path: Path,
    replace: bool = False,
    allow_dirs: Sequence[Path] = (),
    max_text_bytes: int = MAX_TEXT_BYTES,
    max_seed_bytes: int = MAX_SEED_BYTES,
) -> LoadReport:
    """Validate ``path`` and load its document: added, replaced, or unchanged."""
    session = LoadSession(connection)
    report = session.load(path, replace, allow_dirs, max_text_bytes, max_seed_bytes)
    session.finish()
    return report


def _check_qualifiers(
    existing: Mapping[str, Mapping[str, Any]], seed: SeedFile, path: Path
) -> None:
    """A seed may add a qualifier, never redefine one that exists (built in or another's).

    ``existing`` is the catalog's: asking the database would write every waiting row
    first, once per document, and undo the batching (issue 11)."""
    for q in seed.qualifiers:
        row = existing.get(q.name)
        if row is not None and any(row[k] != v for k, v in q.model_dump().items()):
            raise SeedError(
                path,
                f"qualifiers[{q.name}]",
                f"qualifier {q.name!r} is already "
                "defined (built in or by another document); give yours another name",
            )


def forget_document(connection: Connection, slug: str) -> LoadReport:
    """Remove a document with its mentions, figures and relations, and what only it used."""
    session = LoadSession(connection)
    report = session.forget(slug)
    session.finish()
    return report


class _Loader:
    """One document's rows, table by table, in dependency order; stale rows go last."""

    forgetting = False

    def __init__(
        self,
        session: LoadSession,
        seed: SeedFile,
        path: Path,
        text: str,
        report: LoadReport,
        digest: str,
        fresh: bool,
        checked: CheckedSeed | None = None,
    ) -> None:
        """``checked``: what validation found (quote and written spans, digests), so that
        the loader does not search or hash again; None when a document is forgotten."""
        self.seed, self.path, self.text, self.digest = seed, path, text, digest
        # A document that is new has no rows yet: every scope tied to it is empty.
        self.fresh = fresh
        self.db = session.pending
        self.catalog = session.catalog.ensure()
        self.sync = Sync(session.pending, report)
        self.quotes = Quotes(path, text, seed.document.file)
        self.text_sha256 = checked.text_sha256 if checked else ""
        self.located = checked.located if checked else None
        self.figures: Sequence[FigureRow] = checked.rows_of_figures() if checked else []
        self.entity_ids: dict[str, int] = {}
        self.quantity_ids: dict[str, int] = {}
        self.spans: dict[str, tuple[int, int]] = {}
        self.quote_ids: dict[str, int] = {}
        self.doc_id = 0

    def run(self) -> None:
        self.spans = self._locate_all()
        self.doc_id = self._document()
        self.quote_ids = self._quotes()
        self._qualifiers()
        self._entities()
        self._relations()
        self._quantities()
        self._analysis()
        self.sync.delete_stale()
        if self.forgetting:
            documents = table_of(m.Document)
            self.db.execute(delete(documents).where(documents.c.id == self.doc_id))
            self.sync.report.changes.setdefault("documents", TableChanges()).deleted += 1
        # Rows only added cannot leave an entity or quantity unused; anything
        # an earlier load left unused, that load removed.
        if any(c.updated or c.deleted for c in self.sync.report.changes.values()):
            _remove_orphans(self.db, self.sync)

    def _scoped(
        self,
        table: Table,
        key: tuple[str, ...],
        desired: list[dict[str, Any]],
        scope: Callable[[], ColumnElement[bool]],
    ) -> dict[tuple[Any, ...], Any]:
        """``Sync.rows`` for rows of this document; a new document has none to read.

        ``scope`` builds the query's condition, only when there is something to read.
        """
        if self.fresh:
            return self.sync.rows(table, key, desired, None, [])
        return self.sync.rows(table, key, desired, scope(), None)

    # -- quotes ---------------------------------------------------------------

    def _locate_all(self) -> dict[str, tuple[int, int]]:
        """Every row's quote span by the row's name (``rowquotes``), known before anything
        is written: as read ahead, or found here."""
        if self.forgetting:
            return {}
        if self.located is not None:
            self.quotes.spans.update(self.located.values())
            return dict(self.located)
        q = self.quotes
        return {
            name: q.find(quote, occurrence, place)
            for name, place, quote, occurrence in row_quotes(self.seed)
        }

    def _document(self) -> int:
        d = self.seed.document
        table = table_of(m.Document)
        if self.forgetting:
            return int(
                self.db.execute(select(table.c.id).where(table.c.slug == d.slug)).scalar_one()
            )
        row = {
            "slug": d.slug,
            "title": d.title,
            "published_on": d.published_on,
            "published_on_basis": d.published_on_basis,
            "date_note": d.date_note,
            "text": self.text,
            "sha256": self.text_sha256 or hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            "seed_sha256": self.digest,
        }
        ids = self._scoped(table, ("slug",), [row], lambda: table.c.slug == d.slug)
        self.catalog.documents[d.slug] = (int(ids[(d.slug,)]), self.digest)
        return int(ids[(d.slug,)])

    def _quotes(self) -> dict[str, int]:
        table = table_of(m.Quote)
        rows = [
            {"document_id": self.doc_id, "char_start": a, "char_end": b, "text": self.text[a:b]}
            for a, b in sorted(self.quotes.spans)
        ]
        ids = self._scoped(
            table,
            ("document_id", "char_start", "char_end"),
            rows,
            lambda: table.c.document_id == self.doc_id,
        )
        return {place: ids[(self.doc_id, *span)] for place, span in self.spans.items()}

    def _qualifiers(self) -> None:
        """Seed-supplied qualifiers are upserted; the migration's own are never removed."""
        table = table_of(m.Qualifier)
        for q in self.seed.qualifiers:
            row = q.model_dump()
            stored = self.catalog.qualifiers.get(q.name)
            self.sync.rows(table, ("name",), [row], None, [stored] if stored else [])
            self.catalog.set_qualifier(row)

    # -- entities -------------------------------------------------------------

    def _entities(self) -> None:
        """Declare this document's entities (new, or identical to earlier declarations)."""
        s = self.seed
        declared = [
            (kind, item)
            for kind, items in (
                ("place", _places_in_order(s.places)),
                ("organisation", s.organisations),
                ("person", s.people),
                ("event", s.events),
                ("agreement", s.agreements),
            )
            for item in items
        ]
        entities = table_of(m.Entity)
        keys = [item.key for _kind, item in declared] + [mm.entity for mm in s.mentions]
        keys += _referenced_entities(s, self.figures)
        known = self.catalog.entities
        self.entity_ids = {key: known[key]["id"] for key in keys if key in known}
        changes = self.sync.report.changes.setdefault("entities", TableChanges())
        for kind, item in declared:
            if item.key not in self.entity_ids:
                row = self.db.add(entities, {"key": item.key, "kind": kind, "name": item.name})
                self.entity_ids[item.key] = row["id"]
                changes.inserted += 1
                self._insert_subtype(kind, item)
                self.catalog.add_entity(item.key, {"id": row["id"], **_stored_fields(kind, item)})
            else:
                self._redeclare(kind, item)
        self._event_rows()
        self._mentions(declared)
        for _kind, item in declared:
            self.catalog.declarers.setdefault(item.key, set()).add(s.document.slug)
        datelines = table_of(m.Dateline)
        rows = (
            []
            if self.forgetting
            else [
                {
                    "document_id": self.doc_id,
                    "place_id": self.entity_ids[s.document.dateline.place],
                    "quote_id": self.quote_ids["dateline:"],
                }
            ]
        )
        self._scoped(
            datelines, ("document_id",), rows, lambda: datelines.c.document_id == self.doc_id
        )

    def _subtype_row(self, kind: str, item: Any) -> dict[str, Any] | None:
        e = self.entity_ids
        if kind == "place":
            return {"place_type": item.type, "country_id": e.get(item.country or "")}
        if kind == "organisation":
            return {
                "org_type": item.type,
                "short_name": item.short_name,
                "based_in_id": e.get(item.based_in or ""),
            }
        if kind == "person":
            return {}
        return None  # events and agreements: see _event_rows

    def _insert_subtype(self, kind: str, item: Any) -> None:
        row = self._subtype_row(kind, item)
        if row is None:
            return
        model = {"place": m.Place, "organisation": m.Organisation, "person": m.Person}[kind]
        table = table_of(model)
        self.db.add(table, {"entity_id": self.entity_ids[item.key], **row})
        self.sync.report.changes.setdefault(table.name, TableChanges()).inserted += 1

    def _redeclare(self, kind: str, item: Any) -> None:
        """An entity an earlier load declared: it must agree, unless only this document says."""
        stored = self.catalog.entities[item.key]
        others = self._other_declarers(item.key)
        group = {
            "place": "places",
            "organisation": "organisations",
            "person": "people",
            "event": "events",
            "agreement": "agreements",
        }[kind]
        if kind in ("event", "agreement") and others:
            raise SeedError(
                self.path,
                f"{group}[key={item.key}].key",
                f"{kind} {item.key!r} belongs to document {others[0]!r}; "
                "an event or agreement is declared by one document",
            )
        wanted = {"kind": kind, **{f: _spec_field(item, f) for f in ENTITY_FIELDS[kind]}}
        for field_name, value in wanted.items():
            if value is None or stored.get(field_name) == value:
                continue
            if others:
                where = "kind" if field_name == "kind" else field_name
                raise SeedError(
                    self.path,
                    f"{group}[key={item.key}].{where}",
                    f"{item.key!r} is declared by {', '.join(repr(o) for o in others)} with "
                    f"{field_name} {stored.get(field_name)!r}, here {value!r} "
                    "(for another name of the same entity, add a [[mentions]] row)",
                )
            self._update_entity(kind, item)
            return

    def _update_entity(self, kind: str, item: Any) -> None:
        entity_id = self.entity_ids[item.key]
        entities = table_of(m.Entity)
        self.db.execute(
            update(entities).where(entities.c.id == entity_id).values(kind=kind, name=item.name)
        )
        row = self._subtype_row(kind, item)
        if row is not None:
            model = {"place": m.Place, "organisation": m.Organisation, "person": m.Person}[kind]
            table = table_of(model)
            self.db.execute(update(table).where(table.c.entity_id == entity_id).values(**row))
        self.sync.report.changes.setdefault("entities", TableChanges()).updated += 1
        stored = {"id": entity_id, **_entity_fields(self.db, entity_id)}
        self.catalog.add_entity(item.key, stored)

    def _other_declarers(self, key: str) -> list[str]:
        slug = self.seed.document.slug
        return sorted(d for d in self.catalog.declarers.get(key, ()) if d != slug)

    def _event_rows(self) -> None:
        """Events and agreements belong to the one document that declares them."""
        s, e, q = self.seed, self.entity_ids, self.quote_ids
        events, agreements = table_of(m.Event), table_of(m.Agreement)
        mentions = table_of(m.Mention)

        def mine() -> Any:  # built only for a document already loaded: see _scoped
            return select(mentions.c.entity_id).where(
                mentions.c.document_id == self.doc_id, mentions.c.declares
            )

        ordered = sorted(s.events, key=lambda ev: _event_depth(s, ev.key))
        self._scoped(
            events,
            ("entity_id",),
            [
                {
                    "entity_id": e[ev.key],
                    "event_type": ev.type,
                    "place_id": e.get(ev.place or ""),
                    "occurred_on": ev.date.on,
                    "date_basis": ev.date.basis,
                    "date_note": ev.date.note,
                    "date_quote_id": q[f"{ev.key}:date"],
                    "part_of_id": e.get(ev.part_of or ""),
                }
                for ev in ordered
            ],
            lambda: events.c.entity_id.in_(mine()),
        )
        self._scoped(
            agreements,
            ("entity_id",),
            [
                {
                    "entity_id": e[a.key],
                    "signed_at_id": e.get(a.signed_at or ""),
                    "signed_on": a.date.on,
                    "date_basis": a.date.basis,
                    "date_note": a.date.note,
                }
                for a in s.agreements
            ],
            lambda: agreements.c.entity_id.in_(mine()),
        )

    def _mentions(self, declared: list[tuple[str, Any]]) -> None:
        rows: dict[tuple[int, int], dict[str, Any]] = {}
        for _kind, item in declared:
            entity, quote = self.entity_ids[item.key], self.quote_ids[item.key]
            rows[(entity, quote)] = {"entity_id": entity, "quote_id": quote, "declares": True}
        for i, mention in enumerate(self.seed.mentions, 1):
            entity, quote = self.entity_ids[mention.entity], self.quote_ids[f"mention:{i}"]
            rows.setdefault(
                (entity, quote), {"entity_id": entity, "quote_id": quote, "declares": False}
            )
        table = table_of(m.Mention)
        self._scoped(
            table,
            ("entity_id", "quote_id"),
            [{"document_id": self.doc_id, **r} for r in rows.values()],
            lambda: table.c.document_id == self.doc_id,
        )

    # -- roles, events, agreements ---------------------------------------------

    def _quotes_here(self) -> Any:
        """The ids of this document's quotes, as a subquery."""
        quotes = table_of(m.Quote)
        return select(quotes.c.id).where(quotes.c.document_id == self.doc_id)

    def _relations(self) -> None:
        s, e, q = self.seed, self.entity_ids, self.quote_ids
        in_doc = self._quotes_here
        roles = table_of(m.Role)
        self._scoped(
            roles,
            ("person_id", "organisation_id", "title"),
            [
                {
                    "document_id": self.doc_id,
                    "person_id": e[r.person],
                    "organisation_id": e[r.organisation],
                    "title": r.title,
                    "quote_id": q[f"role:{i}"],
                }
                for i, r in enumerate(s.roles, 1)
            ],
            lambda: roles.c.document_id == self.doc_id,
        )
        participants = table_of(m.EventParticipant)
        self._scoped(
            participants,
            ("event_id", "entity_id", "part"),
            [
                {
                    "event_id": e[ev.key],
                    "entity_id": e[p.entity],
                    "part": p.part,
                    "quote_id": q[f"{ev.key}:participant:{i}"],
                }
                for ev in s.events
                for i, p in enumerate(ev.participants, 1)
            ],
            lambda: participants.c.quote_id.in_(in_doc()),
        )
        parties, signatories, commitments = (
            table_of(m.AgreementParty),
            table_of(m.AgreementSignatory),
            table_of(m.Commitment),
        )
        self._scoped(
            parties,
            ("agreement_id", "organisation_id"),
            [
                {
                    "agreement_id": e[a.key],
                    "organisation_id": e[p.organisation],
                    "quote_id": q[f"{a.key}:party:{i}"],
                }
                for a in s.agreements
                for i, p in enumerate(a.parties, 1)
            ],
            lambda: parties.c.quote_id.in_(in_doc()),
        )
        self._scoped(
            signatories,
            ("agreement_id", "person_id"),
            [
                {
                    "agreement_id": e[a.key],
                    "person_id": e[g.person],
                    "on_behalf_of_id": e[g.on_behalf_of],
                    "quote_id": q[f"{a.key}:signatory:{i}"],
                }
                for a in s.agreements
                for i, g in enumerate(a.signatories, 1)
            ],
            lambda: signatories.c.quote_id.in_(in_doc()),
        )
        self._scoped(
            commitments,
            ("agreement_id", "key"),
            [
                {
                    "agreement_id": e[a.key],
                    "key": c.key,
                    "position": i,
                    "kind": c.kind,
                    "description": c.description,
                    "concerns_id": e.get(c.concerns or ""),
                    "quote_id": q[f"{a.key}:commitment:{c.key}"],
                }
                for a in s.agreements
                for i, c in enumerate(a.commitments, 1)
            ],
            lambda: commitments.c.quote_id.in_(in_doc()),
        )

    # -- quantities --------------------------------------------------------------

    def _quantities(self) -> None:
        """Declare this document's quantities; know the ids of every quantity it names."""
        s = self.seed
        quantities = table_of(m.Quantity)
        names = {q.key for q in s.quantities} | _referenced_quantities(s, self.figures)
        known = self.catalog.quantities
        self.quantity_ids = {key: known[key]["id"] for key in names if key in known}
        changes = self.sync.report.changes.setdefault("quantities", TableChanges())
        for spec in s.quantities:
            row = spec.model_dump(exclude={"reviewed"})  # a review marker, not stored
            if spec.key not in self.quantity_ids:
                written = self.db.add(quantities, row)
                self.quantity_ids[spec.key] = written["id"]
                self.catalog.add_quantity(written)
                changes.inserted += 1
                continue
            stored = known[spec.key]
            differ = [f for f in ("note", "period", *QUANTITY_FIELDS) if stored[f] != row[f]]
            if not differ:
                continue
            others = self._other_sources(spec.key)
            conflict = [f for f in differ if f in QUANTITY_FIELDS]
            if others and conflict:
                f = conflict[0]
                raise SeedError(
                    self.path,
                    f"quantities[key={spec.key}].{f}",
                    f"quantity {spec.key!r} is declared by "
                    f"{', '.join(repr(o) for o in others)} with {f} {stored[f]!r}, here {row[f]!r}",
                )
            if not others:
                self.db.execute(
                    update(quantities).where(quantities.c.key == spec.key).values(**row)
                )
                self.catalog.add_quantity({"id": stored["id"], **row})
                changes.updated += 1
        sources = table_of(m.QuantitySource)
        self._scoped(
            sources,
            ("quantity_id",),
            [
                {"quantity_id": self.quantity_ids[q.key], "document_id": self.doc_id}
                for q in s.quantities
            ],
            lambda: sources.c.document_id == self.doc_id,
        )
        for q in s.quantities:
            self.catalog.sources.setdefault(q.key, set()).add(s.document.slug)

    def _other_sources(self, key: str) -> list[str]:
        slug = self.seed.document.slug
        return sorted(d for d in self.catalog.sources.get(key, ()) if d != slug)

    # -- partitions, links, sums, ratios, rankings, figures ------------------------

    def _analysis(self) -> None:
        s, qid = self.seed, self.quantity_ids
        doc = self.doc_id
        partitions, members = table_of(m.Partition), table_of(m.PartitionMember)
        pid = self._owned(
            partitions,
            "partitions",
            [
                {
                    "document_id": doc,
                    "key": p.key,
                    "name": p.name,
                    "whole_id": qid[p.whole],
                    "exhaustive": p.exhaustive,
                }
                for p in s.partitions
            ],
        )
        self._scoped(
            members,
            ("partition_id", "quantity_id"),
            [
                {"partition_id": pid[p.key], "quantity_id": qid[part]}
                for p in s.partitions
                for part in p.parts
            ],
            lambda: members.c.partition_id.in_(
                select(partitions.c.id).where(partitions.c.document_id == doc)
            ),
        )
        links = table_of(m.QuantityLink)
        self._scoped(
            links,
            ("from_id", "to_id", "relation"),
            [
                {
                    "document_id": doc,
                    "from_id": qid[k.part],
                    "to_id": qid[k.whole],
                    "relation": k.relation,
                    "basis": k.basis,
                    "note": k.note,
                    "quote_id": self.quote_ids.get(f"link:{i}"),
                }
                for i, k in enumerate(s.links, 1)
            ],
            lambda: links.c.document_id == doc,
        )
        sums, terms = table_of(m.Sum), table_of(m.SumTerm)
        sid = self._owned(
            sums,
            "sums",
            [
                {
                    "document_id": doc,
                    "key": x.key,
                    "name": x.name,
                    "total_id": qid[x.total],
                    "basis": x.basis,
                    "note": x.note,
                    "quote_id": self.quote_ids.get(f"sums:{x.key}"),
                }
                for x in s.sums
            ],
        )
        self._scoped(
            terms,
            ("sum_id", "quantity_id"),
            [
                {"sum_id": sid[x.key], "quantity_id": qid[key], "sign": sign}
                for x in s.sums
                for sign, keys in ((1, x.parts), (-1, x.minus))
                for key in keys
            ],
            lambda: terms.c.sum_id.in_(select(sums.c.id).where(sums.c.document_id == doc)),
        )
        self._owned(
            table_of(m.Ratio),
            "ratios",
            [
                {
                    "document_id": doc,
                    "key": r.key,
                    "name": r.name,
                    "result_id": qid[r.result],
                    "numerator_id": qid[r.numerator],
                    "denominator_id": qid[r.denominator],
                    "basis": r.basis,
                    "note": r.note,
                    "quote_id": self.quote_ids.get(f"ratios:{r.key}"),
                }
                for r in s.ratios
            ],
        )
        rid = self._owned(
            table_of(m.Ranking),
            "rankings",
            [
                {
                    "document_id": doc,
                    "key": r.key,
                    "name": r.name,
                    "measure": r.measure,
                    "share_whole_id": qid.get(r.share_whole or ""),
                }
                for r in s.rankings
            ],
        )
        known = self.catalog.ranking_ids
        referenced = {f.ranking for f in self.figures if f.ranking and f.ranking not in rid}
        rid |= {key: known[key] for key in referenced if key in known}
        figures = table_of(m.Figure)
        self._refuse_taken("figures", [f.key for f in self.figures])
        rules = self.catalog.precision_rules
        qualifiers = self.catalog.qualifier_rules()
        quantities = self.catalog.quantities
        signed = {
            f.quantity for f in self.figures if f.quantity and quantities[f.quantity]["signed"]
        }
        rows = [self._figure_row(f, rid, rules, qualifiers, signed) for f in self.figures]
        self._scoped(figures, ("key",), rows, lambda: figures.c.quote_id.in_(self._quotes_here()))
        for f in self.figures:
            self.catalog.add_owned("figures", f.key, doc, None)

    def _owned(self, table: Table, group: str, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Rows keyed globally but owned by one document (partitions, sums, rankings)."""
        self._refuse_taken(group, [r["key"] for r in rows])
        ids = self._scoped(table, ("key",), rows, lambda: table.c.document_id == self.doc_id)
        for (key,), row_id in ids.items():
            self.catalog.add_owned(group, key, self.doc_id, row_id)
        return {k[0]: v for k, v in ids.items()}

    def _refuse_taken(self, group: str, keys: list[str]) -> None:
        """A key another document defines cannot be taken over silently."""
        owners = self.catalog.owners.get(group, {})
        if owners.keys().isdisjoint(keys):  # new keys, as a new document's are: no clash
            return
        clash = next((k for k in keys if owners.get(k, self.doc_id) != self.doc_id), None)
        if clash is not None:
            raise SeedError(
                self.path,
                f"{group}[key={clash}].key",
                f"key {clash!r} is already defined by another document",
            )

    def _figure_row(
        self,
        f: FigureRow,
        ranking_ids: dict[str, int],
        rules: dict[str, str],
        qualifiers: dict[str, QualifierRule],
        signed: set[str],
    ) -> dict[str, Any]:
        # Validation found each figure's words in its quote and read their number
        # (``validate._check_written``, which refuses a value they do not state): the row
        # carries where they stand and how they were written, taken, not worked out again.
        if f.value < 0 and f.unit != "year" and f.quantity not in signed:
            raise SeedError(
                self.path,
                f"figures[key={f.key}].value",
                f"{f.value:g} is negative, but quantity {f.quantity!r} is not "
                "signed (declare it with signed = true for a net figure)",
            )
        precision = f.precision
        if precision is None:
            precision = precision_for(f.last_digit, f.scaled, rules[f.unit])
        qualifier = qualifiers.get(f.qualifier)
        if qualifier is None:
            known = ", ".join(sorted(qualifiers))
            raise SeedError(
                self.path,
                f"figures[key={f.key}].qualifier",
                f"unknown qualifier {f.qualifier!r} (known: {known})",
            )
        value = -f.value if f.direction == "down" else f.value
        interval = stated_interval(value, precision, qualifier)
        period = parse_period(f.period) if f.period else None
        base = parse_period(f.base_period) if f.base_period else None
        return {
            "key": f.key,
            "quote_id": self.quote_ids[f"figure:{f.key}"],
            "written": f.written,
            "written_start": f.written_start,
            "written_end": f.written_end,
            "value": value,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "precision": precision,
            "low": interval.low,
            "high": interval.high,
            "low_inclusive": interval.low_inclusive,
            "high_inclusive": interval.high_inclusive,
            "subject_id": self.entity_ids[f.subject],
            "metric": f.metric,
            "period": f.period,
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
            "base_period": f.base_period,
            "base_period_start": base.start if base else None,
            "base_period_end": base.end if base else None,
            "direction": f.direction,
            "measure": f.measure,
            "measure_basis": f.measure_basis,
            "quantity_id": self.quantity_ids.get(f.quantity or ""),
            "whole_id": self.quantity_ids.get(f.whole or ""),
            "ranking_id": ranking_ids.get(f.ranking or ""),
            "note": f.note,
            "reviewed": f.reviewed,
        }


def _places_in_order(places: Sequence[Any]) -> list[Any]:
    """Countries before the cities in them: a place refers to its country by id."""
    return sorted(places, key=lambda p: p.country is not None)


def _event_depth(seed: SeedFile, key: str) -> int:
    parents = {ev.key: ev.part_of for ev in seed.events}
    depth, seen = 0, {key}
    while (key := parents.get(key) or "") and key not in seen:
        depth, seen = depth + 1, seen | {key}
    return depth


def _spec_field(item: Any, name: str) -> Any:
    return getattr(item, name, None)


def _stored_fields(kind: str, item: Any) -> dict[str, Any]:
    """A new entity's fields as ``_entity_fields`` would read them back."""
    place, organisation = kind == "place", kind == "organisation"
    return {
        "kind": kind,
        "name": item.name,
        "type": item.type if place or organisation else None,
        "country": item.country if place else None,
        "short_name": item.short_name if organisation else None,
        "based_in": item.based_in if organisation else None,
    }


def _entity_fields(db: Pending, entity_id: int) -> dict[str, Any]:
    """An entity's declared fields as stored, in the seed's terms (keys for references)."""
    e, pl, o = table_of(m.Entity), table_of(m.Place), table_of(m.Organisation)
    country, based = e.alias("country"), e.alias("based")
    row = (
        db.execute(
            select(
                e.c.kind,
                e.c.name,
                pl.c.place_type,
                country.c.key.label("country"),
                o.c.org_type,
                o.c.short_name,
                based.c.key.label("based_in"),
            )
            .outerjoin(pl, pl.c.entity_id == e.c.id)
            .outerjoin(country, country.c.id == pl.c.country_id)
            .outerjoin(o, o.c.entity_id == e.c.id)
            .outerjoin(based, based.c.id == o.c.based_in_id)
            .where(e.c.id == entity_id)
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


def _referenced_entities(seed: SeedFile, figures: Sequence[FigureRow]) -> list[str]:
    keys = [seed.document.dateline.place]
    keys += [r.person for r in seed.roles] + [r.organisation for r in seed.roles]
    keys += [f.subject for f in figures]
    keys += [p.country for p in seed.places if p.country]
    keys += [o.based_in for o in seed.organisations if o.based_in]
    for e in seed.events:
        keys += [p.entity for p in e.participants] + [e.place or "", e.part_of or ""]
    for a in seed.agreements:
        keys += [p.organisation for p in a.parties] + [a.signed_at or ""]
        keys += [s.person for s in a.signatories] + [s.on_behalf_of for s in a.signatories]
        keys += [c.concerns or "" for c in a.commitments]
    return [k for k in keys if k]


def _referenced_quantities(seed: SeedFile, figures: Sequence[FigureRow]) -> set[str]:
    keys: set[str] = set()
    for p in seed.partitions:
        keys |= {p.whole, *p.parts}
    for k in seed.links:
        keys |= {k.part, k.whole}
    for x in seed.sums:
        keys |= {x.total, *x.parts, *x.minus}
    for r in seed.ratios:
        keys |= {r.result, r.numerator, r.denominator}
    for r in seed.rankings:
        keys |= {r.share_whole} if r.share_whole else set()
    for f in figures:
        keys |= {k for k in (f.quantity, f.whole) if k}
    return keys


def _remove_orphans(db: Pending, sync: Sync) -> None:
    """Delete entities no document mentions and quantities none declares, once unused.

    "Unused" is read from the schema: every foreign key that points at the
    row (other than its own subtype rows) must find nothing. Removing a city
    can leave its country unused, hence the loop.
    """
    for model, keep in ((m.Entity, m.Mention), (m.Quantity, m.QuantitySource)):
        table, keeper = table_of(model), table_of(keep)
        while True:
            used = [exists().where(column == table.c.id) for column in _pointers(table)]
            query = delete(table).where(
                ~exists().where(keeper.c[_fk_column(keeper, table)] == table.c.id),
                *(~u for u in used),
            )
            removed = db.execute(query).rowcount
            if not removed:
                break
            sync.report.changes.setdefault(table.name, TableChanges()).deleted += removed


def _fk_column(table: Table, target: Table) -> str:
    [column] = [fk.parent.name for fk in table.foreign_keys if fk.column.table is target]
    return column


def _pointers(target: Table) -> list[Any]:
    """Columns that refer to ``target`` rows, directly or through a subtype table.

    A subtype row (``places.entity_id``) shares its entity's id, so a column
    referring to ``places.entity_id`` holds an entity id too. The subtype
    tables' own primary keys, and the keeper tables, are not uses.
    """
    own = {
        (t.name, fk.parent.name)
        for t in m.Base.metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column.table is target and [c.name for c in t.primary_key.columns] == [fk.parent.name]
    }
    subtypes = {target} | {t for t in m.Base.metadata.sorted_tables if (t.name, "entity_id") in own}
    return [
        fk.parent
        for table in m.Base.metadata.sorted_tables
        if table.name not in ("mentions", "quantity_sources")
        for fk in table.foreign_keys
        if fk.column.table in subtypes and (table.name, fk.parent.name) not in own
    ]
