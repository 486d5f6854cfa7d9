"""Load a seed file into the database: validated first, then synchronised in place.

Loading is a sync, not a reload: each table is compared with the file by
natural key, and only the differences are written. So loading the same file
twice changes nothing (not even surrogate ids), an edited file updates just
what changed, and rows the file no longer has are removed. The caller runs
the whole load in one transaction, so a bad file leaves the database as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, tuple_, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from dbtool.db import models as m
from dbtool.errors import SeedError
from dbtool.ingest.references import check_references
from dbtool.ingest.seedfile import FigureSpec, Quoted, SeedFile, read_seed_file
from dbtool.ingest.wording import (
    QualifierRule,
    WordingError,
    precision_for,
    stated_interval,
    stated_value,
)


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
    """What one load changed, table by table."""

    path: Path
    document: str
    changes: dict[str, TableChanges] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.changes.values())


def _table(model: type[m.Base]) -> Table:
    return model.__table__  # type: ignore[return-value]


class _Sync:
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


class _Quotes:
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


def load_seed(connection: Connection, path: Path) -> LoadReport:
    """Validate ``path`` and synchronise its document into the database."""
    seed = read_seed_file(path)
    check_references(seed, path)
    doc_path = path.parent / seed.document.file
    try:
        text = doc_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeedError(path, "document.file", f"no such file: {doc_path}") from None
    except UnicodeDecodeError:
        raise SeedError(path, "document.file", f"{doc_path} is not UTF-8 text") from None
    report = LoadReport(path=path, document=seed.document.slug)
    _Loader(connection, seed, path, text, report).run()
    return report


class _Loader:
    def __init__(
        self, connection: Connection, seed: SeedFile, path: Path, text: str, report: LoadReport
    ) -> None:
        self.c, self.seed, self.path, self.text = connection, seed, path, text
        self.sync = _Sync(connection, report)
        self.quotes = _Quotes(path, text, seed.document.file)
        self.entity_ids: dict[str, int] = {}
        self.quantity_ids: dict[str, int] = {}
        self.precision_rules: dict[str, str] = {}
        self.qualifier_rules: dict[str, QualifierRule] = {}
        self.spans: dict[str, tuple[int, int]] = {}

    def run(self) -> None:
        self.spans = spans = self._locate_all()
        doc_id = self._document()
        quote_ids = self._quotes(doc_id, spans)
        self._qualifiers()
        self._entities(doc_id, quote_ids)
        self._relations(doc_id, quote_ids)
        self._analysis(doc_id, quote_ids)
        self.sync.delete_stale()

    # -- quotes ---------------------------------------------------------------

    def _locate_all(self) -> dict[str, tuple[int, int]]:
        """Every quote's span by its place in the file, found before anything is written."""
        s, q = self.seed, self.quotes
        spans: dict[str, tuple[int, int]] = {"dateline": q.span(s.document.dateline, "dateline")}
        for group in ("places", "organisations", "people"):
            for item in getattr(s, group):
                spans[item.key] = q.span(item, f"{group}[key={item.key}].quote")
        for i, role in enumerate(s.roles, 1):
            spans[f"role:{i}"] = q.span(role, f"roles[{i}].quote")
        for e in s.events:
            spans[e.key] = q.span(e, f"events[key={e.key}].quote")
            spans[f"{e.key}:date"] = q.span(e.date, f"events[key={e.key}].date.quote")
            for i, p in enumerate(e.participants, 1):
                place = f"events[key={e.key}].participants[{i}].quote"
                spans[f"{e.key}:participant:{i}"] = q.span(p, place)
        for a in s.agreements:
            at = f"agreements[key={a.key}]"
            spans[a.key] = q.span(a, f"{at}.quote")
            spans[f"{a.key}:date"] = q.span(a.date, f"{at}.date.quote")
            for i, party in enumerate(a.parties, 1):
                spans[f"{a.key}:party:{i}"] = q.span(party, f"{at}.parties[{i}].quote")
            for i, sig in enumerate(a.signatories, 1):
                spans[f"{a.key}:signatory:{i}"] = q.span(sig, f"{at}.signatories[{i}].quote")
            for c in a.commitments:
                spans[f"{a.key}:{c.key}"] = q.span(c, f"{at}.commitments[key={c.key}].quote")
        for i, link in enumerate(s.links, 1):
            if link.quote is not None:
                spans[f"link:{i}"] = q.find(link.quote, link.occurrence, f"links[{i}].quote")
        for f in s.figures:
            spans[f.key] = q.span(f, f"figures[key={f.key}].quote")
        return spans

    def _document(self) -> int:
        d = self.seed.document
        row = {
            "slug": d.slug,
            "title": d.title,
            "published_on": d.published_on,
            "published_on_basis": d.published_on_basis,
            "date_note": d.date_note,
            "text": self.text,
            "sha256": hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
        }
        table = _table(m.Document)
        ids = self.sync.rows(table, ("slug",), [row], table.c.slug == d.slug)
        return ids[(d.slug,)]

    def _quotes(self, doc_id: int, spans: dict[str, tuple[int, int]]) -> dict[str, int]:
        table = _table(m.Quote)
        rows = [
            {"document_id": doc_id, "char_start": a, "char_end": b, "text": self.text[a:b]}
            for a, b in sorted(self.quotes.spans)
        ]
        ids = self.sync.rows(
            table, ("document_id", "char_start", "char_end"), rows, table.c.document_id == doc_id
        )
        return {place: ids[(doc_id, *span)] for place, span in spans.items()}

    def _qualifiers(self) -> None:
        """Seed-supplied qualifiers are upserted; the migration's own are never removed."""
        table = _table(m.Qualifier)
        for q in self.seed.qualifiers:
            names = {q.name}
            self.sync.rows(table, ("name",), [q.model_dump()], table.c.name.in_(names))

    # -- entities -------------------------------------------------------------

    def _doc_quotes(self, doc_id: int) -> Any:
        return select(_table(m.Quote).c.id).where(_table(m.Quote).c.document_id == doc_id)

    def _entities(self, doc_id: int, quote_ids: dict[str, int]) -> None:
        s = self.seed
        entities = _table(m.Entity)
        groups = [
            ("place", s.places),
            ("organisation", s.organisations),
            ("person", s.people),
            ("event", s.events),
            ("agreement", s.agreements),
        ]
        rows = [
            {"key": item.key, "kind": kind, "name": item.name, "quote_id": quote_ids[item.key]}
            for kind, items in groups
            for item in items
        ]
        in_doc = entities.c.quote_id.in_(self._doc_quotes(doc_id))
        self._refuse_foreign_keys(entities, [r["key"] for r in rows], in_doc, "entity")
        ids = self.sync.rows(entities, ("key",), rows, in_doc)
        self.entity_ids = {k[0]: v for k, v in ids.items()}
        scope_ids = select(entities.c.id).where(in_doc)
        e = self.entity_ids
        # Countries before cities, parent events before their parts: self-references.
        places = sorted(s.places, key=lambda p: p.country is not None)
        self._subtype(
            m.Place,
            scope_ids,
            [
                {"entity_id": e[p.key], "place_type": p.type, "country_id": e.get(p.country or "")}
                for p in places
            ],
        )
        self._subtype(
            m.Organisation,
            scope_ids,
            [
                {
                    "entity_id": e[o.key],
                    "org_type": o.type,
                    "short_name": o.short_name,
                    "based_in_id": e.get(o.based_in or ""),
                }
                for o in s.organisations
            ],
        )
        self._subtype(m.Person, scope_ids, [{"entity_id": e[p.key]} for p in s.people])
        events = sorted(s.events, key=lambda ev: self._event_depth(ev.key))
        self._subtype(
            m.Event,
            scope_ids,
            [
                {
                    "entity_id": e[ev.key],
                    "event_type": ev.type,
                    "place_id": e.get(ev.place or ""),
                    "occurred_on": ev.date.on,
                    "date_basis": ev.date.basis,
                    "date_note": ev.date.note,
                    "date_quote_id": quote_ids[f"{ev.key}:date"],
                    "part_of_id": e.get(ev.part_of or ""),
                }
                for ev in events
            ],
        )
        self._subtype(
            m.Agreement,
            scope_ids,
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
        )
        datelines = _table(m.Dateline)
        self.sync.rows(
            datelines,
            ("document_id",),
            [
                {
                    "document_id": doc_id,
                    "place_id": e[s.document.dateline.place],
                    "quote_id": quote_ids["dateline"],
                }
            ],
            datelines.c.document_id == doc_id,
        )

    def _event_depth(self, key: str) -> int:
        parents = {ev.key: ev.part_of for ev in self.seed.events}
        depth, seen = 0, {key}
        while (key := parents.get(key) or "") and key not in seen:
            depth, seen = depth + 1, seen | {key}
        return depth

    def _subtype(self, model: type[m.Base], scope_ids: Any, rows: list[dict[str, Any]]) -> None:
        table = _table(model)
        self.sync.rows(table, ("entity_id",), rows, table.c.entity_id.in_(scope_ids))

    def _refuse_foreign_keys(
        self, table: Table, keys: list[str], in_doc: ColumnElement[bool], what: str
    ) -> None:
        """A key another document defines cannot be taken over silently."""
        clash = self.c.execute(
            select(table.c.key).where(table.c.key.in_(keys), ~in_doc).limit(1)
        ).scalar()
        if clash is not None:
            raise SeedError(
                self.path, "", f"{what} key {clash!r} is already defined by another document"
            )

    # -- roles, events, agreements ---------------------------------------------

    def _relations(self, doc_id: int, quote_ids: dict[str, int]) -> None:
        s, e = self.seed, self.entity_ids
        in_doc = self._doc_quotes(doc_id)
        roles = _table(m.Role)
        self.sync.rows(
            roles,
            ("person_id", "organisation_id", "title"),
            [
                {
                    "person_id": e[r.person],
                    "organisation_id": e[r.organisation],
                    "title": r.title,
                    "quote_id": quote_ids[f"role:{i}"],
                }
                for i, r in enumerate(s.roles, 1)
            ],
            roles.c.quote_id.in_(in_doc),
        )
        doc_events = [e[ev.key] for ev in s.events]
        participants = _table(m.EventParticipant)
        self.sync.rows(
            participants,
            ("event_id", "entity_id", "part"),
            [
                {
                    "event_id": e[ev.key],
                    "entity_id": e[p.entity],
                    "part": p.part,
                    "quote_id": quote_ids[f"{ev.key}:participant:{i}"],
                }
                for ev in s.events
                for i, p in enumerate(ev.participants, 1)
            ],
            participants.c.quote_id.in_(in_doc) | participants.c.event_id.in_(doc_events),
        )
        parties, signatories, commitments = (
            _table(m.AgreementParty),
            _table(m.AgreementSignatory),
            _table(m.Commitment),
        )
        self.sync.rows(
            parties,
            ("agreement_id", "organisation_id"),
            [
                {
                    "agreement_id": e[a.key],
                    "organisation_id": e[p.organisation],
                    "quote_id": quote_ids[f"{a.key}:party:{i}"],
                }
                for a in s.agreements
                for i, p in enumerate(a.parties, 1)
            ],
            parties.c.quote_id.in_(in_doc),
        )
        self.sync.rows(
            signatories,
            ("agreement_id", "person_id"),
            [
                {
                    "agreement_id": e[a.key],
                    "person_id": e[g.person],
                    "on_behalf_of_id": e[g.on_behalf_of],
                    "quote_id": quote_ids[f"{a.key}:signatory:{i}"],
                }
                for a in s.agreements
                for i, g in enumerate(a.signatories, 1)
            ],
            signatories.c.quote_id.in_(in_doc),
        )
        self.sync.rows(
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
                    "quote_id": quote_ids[f"{a.key}:{c.key}"],
                }
                for a in s.agreements
                for i, c in enumerate(a.commitments, 1)
            ],
            commitments.c.quote_id.in_(in_doc),
        )

    # -- quantities, rankings, figures -------------------------------------------

    def _analysis(self, doc_id: int, quote_ids: dict[str, int]) -> None:
        s = self.seed
        quantities, rankings, partitions = (
            _table(m.Quantity),
            _table(m.Ranking),
            _table(m.Partition),
        )
        self._refuse_foreign_keys(
            quantities,
            [q.key for q in s.quantities],
            quantities.c.document_id == doc_id,
            "quantity",
        )
        ids = self.sync.rows(
            quantities,
            ("key",),
            [{"document_id": doc_id, **q.model_dump()} for q in s.quantities],
            quantities.c.document_id == doc_id,
        )
        qid = self.quantity_ids = {k[0]: v for k, v in ids.items()}
        ids = self.sync.rows(
            partitions,
            ("key",),
            [
                {
                    "document_id": doc_id,
                    "key": p.key,
                    "name": p.name,
                    "whole_id": qid[p.whole],
                    "exhaustive": p.exhaustive,
                }
                for p in s.partitions
            ],
            partitions.c.document_id == doc_id,
        )
        pid = {k[0]: v for k, v in ids.items()}
        members = _table(m.PartitionMember)
        self.sync.rows(
            members,
            ("partition_id", "quantity_id"),
            [
                {"partition_id": pid[(p.key)], "quantity_id": qid[part]}
                for p in s.partitions
                for part in p.parts
            ],
            members.c.partition_id.in_(
                select(partitions.c.id).where(partitions.c.document_id == doc_id)
            ),
        )
        links = _table(m.QuantityLink)
        self.sync.rows(
            links,
            ("from_id", "to_id", "relation"),
            [
                {
                    "from_id": qid[k.part],
                    "to_id": qid[k.whole],
                    "relation": k.relation,
                    "basis": k.basis,
                    "note": k.note,
                    "quote_id": quote_ids.get(f"link:{i}"),
                }
                for i, k in enumerate(s.links, 1)
            ],
            links.c.from_id.in_(select(quantities.c.id).where(quantities.c.document_id == doc_id)),
        )
        ids = self.sync.rows(
            rankings,
            ("key",),
            [
                {
                    "document_id": doc_id,
                    "key": r.key,
                    "name": r.name,
                    "measure": r.measure,
                    "share_whole_id": qid.get(r.share_whole or ""),
                }
                for r in s.rankings
            ],
            rankings.c.document_id == doc_id,
        )
        rid = {k[0]: v for k, v in ids.items()}
        figures = _table(m.Figure)
        in_doc = figures.c.quote_id.in_(self._doc_quotes(doc_id))
        self._refuse_foreign_keys(figures, [f.key for f in s.figures], in_doc, "figure")
        self.precision_rules = self._precision_rules()
        self.qualifier_rules = self._qualifier_rules()
        rows = [self._figure_row(f, quote_ids, rid) for f in s.figures]
        self.sync.rows(figures, ("key",), rows, in_doc)

    def _figure_row(
        self, f: FigureSpec, quote_ids: dict[str, int], ranking_ids: dict[str, int]
    ) -> dict[str, Any]:
        at = f"figures[key={f.key}]"
        start, end = self.spans[f.key]
        offset = self.text[start:end].find(f.written)
        if offset == -1:
            raise SeedError(self.path, f"{at}.written", f"{f.written!r} is not in the quote")
        try:
            number = stated_value(f.written, f.unit)
        except WordingError as exc:
            raise SeedError(self.path, f"{at}.written", str(exc)) from None
        if abs(number.value - f.value) > 1e-9 * max(1.0, abs(f.value)):
            raise SeedError(
                self.path,
                f"{at}.value",
                f"{f.value:g} does not match the written {f.written!r} ({number.value:g})",
            )
        rule = self.precision_rules[f.unit]
        precision = f.precision if f.precision is not None else precision_for(number, rule)
        qualifier = self.qualifier_rules.get(f.qualifier)
        if qualifier is None:
            known = ", ".join(sorted(self.qualifier_rules))
            raise SeedError(
                self.path, f"{at}.qualifier", f"unknown qualifier {f.qualifier!r} (known: {known})"
            )
        interval = stated_interval(f.value, precision, qualifier)
        return {
            "key": f.key,
            "quote_id": quote_ids[f.key],
            "written": f.written,
            "written_start": start + offset,
            "written_end": start + offset + len(f.written),
            "value": f.value,
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
            "measure": f.measure,
            "measure_basis": f.measure_basis,
            "quantity_id": self.quantity_ids.get(f.quantity or ""),
            "whole_id": self.quantity_ids.get(f.whole or ""),
            "ranking_id": ranking_ids.get(f.ranking or ""),
            "note": f.note,
        }

    def _precision_rules(self) -> dict[str, str]:
        table = _table(m.PrecisionRule)
        return {unit: rule for unit, rule in self.c.execute(select(table.c.unit, table.c.rule))}

    def _qualifier_rules(self) -> dict[str, QualifierRule]:
        table = _table(m.Qualifier)
        return {
            row.name: QualifierRule(
                row.name,
                row.low_mode,
                row.low_factor,
                row.low_inclusive,
                row.high_mode,
                row.high_factor,
                row.high_inclusive,
            )
            for row in self.c.execute(select(table))
        }
