"""One document's rows, table by table in dependency order; stale rows go last.

Each table is synchronised by natural key within the document's scope
(:class:`~dbtool.load.sync.Sync`): the rows a seed wants come from
:mod:`dbtool.load.rows`; a document that is new has nothing to compare with,
and one being forgotten wants nothing, so all of its rows go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.sql.elements import ColumnElement

from dbtool.db import models as m
from dbtool.db.bulk import Pending
from dbtool.errors import SeedError
from dbtool.load import rows
from dbtool.load.catalog import Catalog
from dbtool.load.declarations import Declarations
from dbtool.load.orphans import remove_orphans
from dbtool.load.sync import LoadReport, Quotes, Sync, TableChanges, table_of
from dbtool.seedformat.figurerows import FigureRow
from dbtool.seedformat.model import SeedFile
from dbtool.seedformat.rowquotes import row_quotes
from dbtool.seedformat.validate import CheckedSeed

Row = dict[str, Any]


class DocumentLoader:
    """Writes (or, with no seed, removes) the rows of one document in a load session."""

    def __init__(
        self,
        pending: Pending,
        catalog: Catalog,
        report: LoadReport,
        path: Path,
        slug: str,
        text: str,
        checked: CheckedSeed | None,
        fresh: bool,
    ) -> None:
        """``checked`` is the document's validated seed, None to forget the document;
        ``fresh`` says it has no rows yet (so none are read to compare with)."""
        self.path, self.slug, self.text, self.fresh = path, slug, text, fresh
        self.checked = checked
        self.seed: SeedFile | None = checked.seed if checked is not None else None
        self.figures: Sequence[FigureRow] = checked.rows_of_figures() if checked else []
        self.db = pending
        self.catalog = catalog.ensure()
        self.sync = Sync(pending, report)
        self.declarations = Declarations(self.db, self.catalog, self.sync, path, slug)
        self.entity_ids: dict[str, int] = {}
        self.quantity_ids: dict[str, int] = {}
        self.quote_ids: dict[str, int] = {}
        self.doc_id = 0

    def run(self) -> None:
        """Every table of the document, parents before children; then what went stale."""
        spans = self._locate_all()
        self.doc_id = self._document()
        self._source_table()
        self.quote_ids = self._quotes(spans)
        self._qualifiers()
        self._entities()
        self._relations()
        self._quantities()
        self._analysis()
        self._figures()
        self.sync.delete_stale()
        if self.seed is None:
            documents = table_of(m.Document)
            self.db.execute(delete(documents).where(documents.c.id == self.doc_id))
            self.sync.report.changes.setdefault("documents", TableChanges()).deleted += 1
        # Rows only added cannot leave an entity or quantity unused; anything
        # an earlier load left unused, that load removed.
        if any(c.updated or c.deleted for c in self.sync.report.changes.values()):
            remove_orphans(self.db, self.sync)

    def _want(self, build: Callable[[SeedFile], list[Row]]) -> list[Row]:
        """The rows ``build`` makes of the seed: none when the document is forgotten."""
        return [] if self.seed is None else build(self.seed)

    def _scoped(
        self,
        table: Table,
        key: tuple[str, ...],
        desired: list[Row],
        scope: Callable[[], ColumnElement[bool]],
    ) -> dict[tuple[Any, ...], Any]:
        """``Sync.rows`` for rows of this document; a new document has none to read.

        ``scope`` builds the query's condition, only when there is something to read.
        """
        if self.fresh:
            return self.sync.rows(table, key, desired, None, [])
        return self.sync.rows(table, key, desired, scope(), None)

    def _in_document(self) -> Any:
        """The ids of this document's quotes, as a subquery."""
        quotes = table_of(m.Quote)
        return select(quotes.c.id).where(quotes.c.document_id == self.doc_id)

    # -- the document and its quotes --------------------------------------------------

    def _locate_all(self) -> dict[str, tuple[int, int]]:
        """Every row's quote span by the row's name (``rowquotes``), known before anything
        is written: as validation found them, or found here."""
        self.quotes = Quotes(self.path, self.text, self.seed.document.file if self.seed else "")
        if self.seed is None or self.checked is None:
            return {}
        # A table's figures quote the lines of their cells, which the table's read found.
        spans = dict(self.checked.table.figure_spans) if self.checked.table else {}
        self.quotes.spans.update(spans.values())
        if self.checked.located is not None:
            self.quotes.spans.update(self.checked.located.values())
            return {**self.checked.located, **spans}
        found = {
            name: self.quotes.find(quote, occurrence, place)
            for name, place, quote, occurrence in row_quotes(self.seed)
        }
        return {**found, **spans}

    def _document(self) -> int:
        table = table_of(m.Document)
        if self.seed is None or self.checked is None:
            query = select(table.c.id).where(table.c.slug == self.slug)
            return int(self.db.execute(query).scalar_one())
        checked = self.checked
        kind = "text" if checked.table is None else "table"
        row = rows.document_row(
            self.seed.document, self.text, checked.text_sha256, checked.seed_sha256, kind
        )
        ids = self._scoped(table, ("slug",), [row], lambda: table.c.slug == self.slug)
        self.catalog.documents[self.slug] = (int(ids[(self.slug,)]), checked.seed_sha256)
        return int(ids[(self.slug,)])

    def _source_table(self) -> None:
        """A table document's own row (file, publisher, citation); none for a text."""
        tables, doc = table_of(m.SourceTable), self.doc_id
        read = self.checked.table if self.checked is not None else None
        self._scoped(
            tables,
            ("document_id",),
            rows.source_table_rows(doc, read),
            lambda: tables.c.document_id == doc,
        )

    def _quotes(self, spans: dict[str, tuple[int, int]]) -> dict[str, int]:
        table = table_of(m.Quote)
        ids = self._scoped(
            table,
            ("document_id", "char_start", "char_end"),
            rows.quote_rows(self.doc_id, list(self.quotes.spans), self.text),
            lambda: table.c.document_id == self.doc_id,
        )
        return {place: ids[(self.doc_id, *span)] for place, span in spans.items()}

    def _qualifiers(self) -> None:
        """Seed-supplied qualifiers are upserted; the migration's own are never removed."""
        table = table_of(m.Qualifier)
        for qualifier in self.seed.qualifiers if self.seed else []:
            row = qualifier.model_dump()
            stored = self.catalog.qualifiers.get(qualifier.name)
            self.sync.rows(table, ("name",), [row], None, [stored] if stored else [])
            self.catalog.set_qualifier(row)

    # -- entities, roles, events, agreements -------------------------------------------

    def _entities(self) -> None:
        """Declare this document's entities; its mentions, dateline, events and agreements."""
        seed = self.seed
        declared = rows.declared_entities(seed) if seed else []
        keys = [item.key for _kind, item in declared]
        if seed is not None:
            keys += [mention.entity for mention in seed.mentions]
            keys += rows.referenced_entities(seed, self.figures)
        known = self.catalog.entities
        self.entity_ids = {key: known[key]["id"] for key in keys if key in known}
        self.declarations.entities(declared, self.entity_ids)
        self._events()
        ids, quotes, doc = self.entity_ids, self.quote_ids, self.doc_id
        mentions, datelines = table_of(m.Mention), table_of(m.Dateline)
        self._scoped(
            mentions,
            ("entity_id", "quote_id"),
            self._want(lambda s: rows.mention_rows(doc, s, ids, quotes)),
            lambda: mentions.c.document_id == doc,
        )
        self._scoped(
            datelines,
            ("document_id",),
            self._want(lambda s: rows.dateline_rows(doc, s, ids, quotes)),
            lambda: datelines.c.document_id == doc,
        )

    def _events(self) -> None:
        """Events and agreements belong to the one document that declares them."""
        ids, quotes = self.entity_ids, self.quote_ids
        events, agreements = table_of(m.Event), table_of(m.Agreement)
        mentions = table_of(m.Mention)

        def declared_here() -> Any:  # built only for a document already loaded: see _scoped
            return select(mentions.c.entity_id).where(
                mentions.c.document_id == self.doc_id, mentions.c.declares
            )

        self._scoped(
            events,
            ("entity_id",),
            self._want(lambda s: rows.event_rows(s, ids, quotes)),
            lambda: events.c.entity_id.in_(declared_here()),
        )
        self._scoped(
            agreements,
            ("entity_id",),
            self._want(lambda s: rows.agreement_rows(s, ids)),
            lambda: agreements.c.entity_id.in_(declared_here()),
        )

    def _relations(self) -> None:
        """Roles, event participants, and agreements' parties, signatories, commitments."""
        ids, quotes, doc = self.entity_ids, self.quote_ids, self.doc_id
        in_document = self._in_document
        roles = table_of(m.Role)
        self._scoped(
            roles,
            ("person_id", "organisation_id", "title"),
            self._want(lambda s: rows.role_rows(doc, s, ids, quotes)),
            lambda: roles.c.document_id == doc,
        )
        for model, key, build in (
            (m.EventParticipant, ("event_id", "entity_id", "part"), rows.participant_rows),
            (m.AgreementParty, ("agreement_id", "organisation_id"), rows.party_rows),
            (m.AgreementSignatory, ("agreement_id", "person_id"), rows.signatory_rows),
            (m.Commitment, ("agreement_id", "key"), rows.commitment_rows),
        ):
            table = table_of(model)
            self._scoped(
                table,
                key,
                self._want(lambda s, build=build: build(s, ids, quotes)),
                lambda table=table: table.c.quote_id.in_(in_document()),
            )

    # -- quantities and what relates them ---------------------------------------------------

    def _quantities(self) -> None:
        """Declare this document's quantities; know the ids of every quantity it names."""
        seed = self.seed
        specs = list(seed.quantities) if seed else []
        names = {q.key for q in specs}
        if seed is not None:
            names |= rows.referenced_quantities(seed, self.figures)
        known = self.catalog.quantities
        self.quantity_ids = {key: known[key]["id"] for key in names if key in known}
        self.declarations.quantities(specs, self.quantity_ids)
        sources = table_of(m.QuantitySource)
        self._scoped(
            sources,
            ("quantity_id",),
            [{"quantity_id": self.quantity_ids[q.key], "document_id": self.doc_id} for q in specs],
            lambda: sources.c.document_id == self.doc_id,
        )
        for spec in specs:
            self.catalog.sources.setdefault(spec.key, set()).add(self.slug)

    def _analysis(self) -> None:
        """Partitions and their members, links, sums and their terms, ratios, rankings."""
        qids, quotes, doc = self.quantity_ids, self.quote_ids, self.doc_id
        partitions, members = table_of(m.Partition), table_of(m.PartitionMember)
        pids = self._owned(
            partitions, "partitions", self._want(lambda s: rows.partition_rows(doc, s, qids))
        )
        self._scoped(
            members,
            ("partition_id", "quantity_id"),
            self._want(lambda s: rows.member_rows(s, pids, qids)),
            lambda: members.c.partition_id.in_(
                select(partitions.c.id).where(partitions.c.document_id == doc)
            ),
        )
        links = table_of(m.QuantityLink)
        self._scoped(
            links,
            ("from_id", "to_id", "relation"),
            self._want(lambda s: rows.link_rows(doc, s, qids, quotes)),
            lambda: links.c.document_id == doc,
        )
        sums, terms = table_of(m.Sum), table_of(m.SumTerm)
        sids = self._owned(sums, "sums", self._want(lambda s: rows.sum_rows(doc, s, qids, quotes)))
        self._scoped(
            terms,
            ("sum_id", "quantity_id"),
            self._want(lambda s: rows.term_rows(s, sids, qids)),
            lambda: terms.c.sum_id.in_(select(sums.c.id).where(sums.c.document_id == doc)),
        )
        self._owned(
            table_of(m.Ratio), "ratios", self._want(lambda s: rows.ratio_rows(doc, s, qids, quotes))
        )
        readings, terms = table_of(m.QuantityReading), table_of(m.QuantityReadingTerm)
        reading_ids = self._owned(
            readings, "readings", self._want(lambda s: rows.reading_rows(doc, s, qids, quotes))
        )
        self._scoped(
            terms,
            ("reading_id", "quantity_id"),
            self._want(lambda s: rows.reading_term_rows(s, reading_ids, qids)),
            lambda: terms.c.reading_id.in_(
                select(readings.c.id).where(readings.c.document_id == doc)
            ),
        )
        rankings, members = table_of(m.Ranking), table_of(m.RankingMember)
        self.ranking_ids = rids = self._owned(
            rankings, "rankings", self._want(lambda s: rows.ranking_rows(doc, s, qids))
        )
        self._scoped(
            members,
            ("ranking_id", "quantity_id"),
            self._want(lambda s: rows.ranking_member_rows(s, rids, qids)),
            lambda: members.c.ranking_id.in_(
                select(rankings.c.id).where(rankings.c.document_id == doc)
            ),
        )
        ids = self.entity_ids
        self._owned(
            table_of(m.Comparison),
            "comparisons",
            self._want(lambda s: rows.comparison_rows(doc, s, ids, qids, quotes)),
        )

    def _figures(self) -> None:
        """The figures, with the intervals their wording implies."""
        known = self.catalog.ranking_ids
        referenced = {f.ranking for f in self.figures if f.ranking}
        self.ranking_ids |= {
            k: known[k] for k in referenced - self.ranking_ids.keys() if k in known
        }
        figures = table_of(m.Figure)
        self._refuse_taken("figures", [f.key for f in self.figures])
        ids = {
            "entities": self.entity_ids,
            "quantities": self.quantity_ids,
            "rankings": self.ranking_ids,
            "quotes": self.quote_ids,
        }
        maker = rows.FigureRows(
            ids.__getitem__, self.catalog.precision_rules, self.catalog.qualifier_rules()
        )
        figure_ids = self._scoped(
            figures,
            ("key",),
            [maker.row(f) for f in self.figures],
            lambda: figures.c.quote_id.in_(self._in_document()),
        )
        for figure in self.figures:
            self.catalog.add_owned("figures", figure.key, self.doc_id, None)
        cells = table_of(m.TableCell)
        read = self.checked.table if self.checked is not None else None
        self._scoped(
            cells,
            ("figure_id",),
            rows.cell_rows(read, {key: row_id for (key,), row_id in figure_ids.items()}),
            lambda: cells.c.figure_id.in_(
                select(figures.c.id).where(figures.c.quote_id.in_(self._in_document()))
            ),
        )

    def _owned(self, table: Table, group: str, desired: list[Row]) -> dict[str, int]:
        """Rows keyed globally but owned by one document (partitions, sums, rankings)."""
        self._refuse_taken(group, [r["key"] for r in desired])
        ids = self._scoped(table, ("key",), desired, lambda: table.c.document_id == self.doc_id)
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
