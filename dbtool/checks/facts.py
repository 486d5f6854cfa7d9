"""A snapshot of what the database states, in the form the rules reason over.

Rules never query the database: they get ``Facts``, read once here. That
keeps each rule a pure function from stated figures to findings, testable
on hand-made seeds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import and_, func, or_, select, true, union
from sqlalchemy.engine import Connection

from dbtool.core.intervals import Interval
from dbtool.core.periods import Period
from dbtool.core.units import dimension, is_size
from dbtool.db import models as m

IndexT = TypeVar("IndexT")
KeyT = TypeVar("KeyT")


@dataclass(frozen=True, slots=True)
class Fact:
    """One stated figure with its interval and what it measures."""

    key: str
    written: str
    snippet: str
    value: float
    unit: str
    interval: Interval
    subject: str
    subject_name: str
    metric: str
    measure: str
    measure_basis: str
    quantity: str | None
    whole: str | None
    ranking: str | None
    document: str = ""
    period: Period | None = None
    base_period: Period | None = None
    revises: str | None = None

    @property
    def cite(self) -> str:
        """How a message names a figure: its words in the text."""
        return f"“{self.snippet}”"

    @property
    def is_share(self) -> bool:
        return self.unit == "percent" and self.whole is not None

    @property
    def is_change(self) -> bool:
        return self.base_period is not None

    @property
    def is_amount(self) -> bool:
        """A figure that states the size of its quantity (a count, money, carats, a price)."""
        return is_size(self.unit) and self.quantity is not None and not self.is_change

    @property
    def dimension(self) -> str:
        """What its unit measures (:func:`dbtool.core.units.dimension`)."""
        return dimension(self.unit)


@dataclass(frozen=True, slots=True)
class QuantityInfo:
    key: str
    name: str
    measure: str
    unit: str | None
    flow: bool = False
    signed: bool = False


@dataclass(frozen=True, slots=True)
class SumInfo:
    """``total = Σ sign × term`` in every period."""

    key: str
    name: str
    total: str
    terms: tuple[tuple[str, int], ...]
    document: str


@dataclass(frozen=True, slots=True)
class RatioInfo:
    """``result = numerator / denominator`` in every period."""

    key: str
    name: str
    result: str
    numerator: str
    denominator: str
    document: str


@dataclass(frozen=True, slots=True)
class Link:
    part: str
    whole: str
    relation: str
    basis: str


@dataclass(frozen=True, slots=True)
class PartitionInfo:
    key: str
    name: str
    whole: str
    exhaustive: bool
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RankingInfo:
    """A ranking; with ``members``, the quantities it ranks (see ``RankingSpec``)."""

    key: str
    name: str
    measure: str
    share_whole: str | None
    members: tuple[str, ...] = ()
    ascending: bool = False
    within: Period | None = None
    step: str | None = None
    # Members that are only some of what is ranked; all that can rank above the last in
    # ``complete`` (a table's year), if given.
    partial: bool = False
    complete: Period | None = None


@dataclass(frozen=True, slots=True)
class ReadingInfo:
    """One thing an ambiguous quantity may mean: ``quantity = Σ sign × term``."""

    key: str
    name: str
    quantity: str
    terms: tuple[tuple[str, int], ...]
    document: str


@dataclass(frozen=True, slots=True)
class ComparisonInfo:
    """A claim that ``quantity`` in ``period`` is higher, lower or unchanged against
    ``other`` in ``other_period`` (see ``ComparisonSpec``)."""

    key: str
    snippet: str
    subject: str | None
    quantity: str
    period: Period
    relation: str
    other: str
    other_period: Period
    document: str

    @property
    def cite(self) -> str:
        return f"“{self.snippet}”"


@dataclass
class Facts:
    figures: list[Fact] = field(default_factory=list)
    quantities: dict[str, QuantityInfo] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    partitions: list[PartitionInfo] = field(default_factory=list)
    rankings: dict[str, RankingInfo] = field(default_factory=dict)
    # place key -> the place it lies in (city -> country)
    place_parent: dict[str, str] = field(default_factory=dict)
    entity_names: dict[str, str] = field(default_factory=dict)
    sums: list[SumInfo] = field(default_factory=list)
    ratios: list[RatioInfo] = field(default_factory=list)
    comparisons: list[ComparisonInfo] = field(default_factory=list)
    readings: list[ReadingInfo] = field(default_factory=list)

    # Rules never change the facts, so what they look things up by is built once, on first
    # use, and kept on the instance: each rule finds its candidates through an index
    # instead of pairing every figure with every other.

    def _index(self, name: str, build: Callable[[], IndexT]) -> IndexT:
        if name not in self.__dict__:
            self.__dict__[name] = build()
        return self.__dict__[name]  # type: ignore[no-any-return]

    @property
    def proper_words(self) -> frozenset[str]:
        """First words of entity names ("ALROSA", "Belgium"): kept capitalised mid-sentence."""
        return self._index(
            "_proper_words",
            lambda: frozenset(name.split(" ")[0] for name in self.entity_names.values()),
        )

    def shares(self) -> list[Fact]:
        return self._index("_shares", lambda: [f for f in self.figures if f.is_share])

    def shares_of(self, part: str | None, whole: str | None) -> list[Fact]:
        """The shares stated of ``part`` in ``whole``, in figure order."""
        return self._index("_shares_of", lambda: _group(self.shares(), _part_whole)).get(
            (part, whole), []
        )

    def shares_touching(self, quantity: str) -> list[Fact]:
        """The shares whose part or whole is ``quantity``, in figure order."""
        return self._index("_shares_touching", self._by_end).get(quantity, [])

    def _by_end(self) -> dict[str | None, list[Fact]]:
        index: dict[str | None, list[Fact]] = {}
        for share in self.shares():
            index.setdefault(share.quantity, []).append(share)
            if share.whole != share.quantity:
                index.setdefault(share.whole, []).append(share)
        return index

    def same_as_links(self, quantity: str) -> list[tuple[Link, str]]:
        """``same_as`` links from ``quantity`` to another, with that other, in link order."""
        return self._index("_same_as_links", self._links_by_end).get(quantity, [])

    def _links_by_end(self) -> dict[str, list[tuple[Link, str]]]:
        index: dict[str, list[tuple[Link, str]]] = {}
        for link in self.links:
            if link.relation == "same_as" and link.part != link.whole:
                index.setdefault(link.part, []).append((link, link.whole))
                index.setdefault(link.whole, []).append((link, link.part))
        return index

    def same(self, quantity: str, other: str) -> bool:
        """Whether two quantities are one, directly or through ``same_as`` links."""
        return quantity == other or self.same_as_group(quantity) == self.same_as_group(other)

    def same_as_group(self, quantity: str) -> str:
        """A name shared by every quantity ``same_as`` links join: a union-find's root."""
        return self._index("_same_as", self._union_find).get(quantity, quantity)

    def _union_find(self) -> dict[str, str]:
        parent: dict[str, str] = {}

        def root(quantity: str) -> str:
            while parent.get(quantity, quantity) != quantity:
                parent[quantity] = parent.get(parent[quantity], parent[quantity])  # path halving
                quantity = parent[quantity]
            return quantity

        for link in self.links:
            if link.relation == "same_as":
                part_root, whole_root = root(link.part), root(link.whole)
                if part_root != whole_root:
                    parent[max(part_root, whole_root)] = min(part_root, whole_root)
        return {q: root(q) for q in list(parent)}

    def amounts(self, quantity: str) -> list[Fact]:
        """Figures that state the size of ``quantity`` (counts, money, carats, prices)."""
        return self.amounts_by_quantity().get(quantity, [])

    def amounts_by_quantity(self) -> dict[str, list[Fact]]:
        """quantity -> the figures that state its size, indexed once."""
        index = self.__dict__.get("_amounts")
        if index is None:
            index = {}
            for figure in self.figures:
                if figure.is_amount:
                    index.setdefault(figure.quantity, []).append(figure)
            self.__dict__["_amounts"] = index
        return index

    def inside(self, inner: str, outer: str) -> bool:
        """Whether entity ``inner`` is ``outer`` or lies within it (Antwerp is in Belgium)."""
        seen = set()
        while inner not in seen:
            if inner == outer:
                return True
            seen.add(inner)
            inner = self.place_parent.get(inner, inner)
        return False


def _part_whole(fact: Fact) -> tuple[str | None, str | None]:
    return fact.quantity, fact.whole


def _group(facts: list[Fact], key: Callable[[Fact], KeyT]) -> dict[KeyT, list[Fact]]:
    """``facts`` grouped by ``key``, each group in the order of ``facts``."""
    groups: dict[KeyT, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(key(fact), []).append(fact)
    return groups


def snippet(quote: str, start: int, end: int, width: int = 70) -> str:
    """The quote, or a window of it around the written number when the quote is long."""
    if len(quote) <= width:
        return quote
    left = max(0, start - 25)
    right = min(len(quote), max(end + 35, left + width - 10))
    if left > 0:
        left = quote.rfind(" ", 0, left) + 1
    if right < len(quote):
        space = quote.find(" ", right)
        right = len(quote) if space == -1 else space
    return ("…" if left > 0 else "") + quote[left:right] + ("…" if right < len(quote) else "")


class Scope(Protocol):
    """Part of the facts, by the ids of its quantities and rankings and of the documents
    whose figures of no quantity or ranking it holds (:mod:`dbtool.checks.components`)."""

    quantities: set[int]
    rankings: set[int]
    documents: set[int]


def load_facts(connection: Connection, scope: Scope | None = None) -> Facts:
    """Read every figure, quantity, relation, ranking and place into ``Facts``; with a
    ``scope``, only those of its quantities and rankings (entities and places all)."""
    figures, quotes, entities, documents = (
        m.Figure.__table__,
        m.Quote.__table__,
        m.Entity.__table__,
        m.Document.__table__,
    )
    qt, rk = m.Quantity.__table__, m.Ranking.__table__
    quantity, whole = qt.alias("quantity"), qt.alias("whole")
    f = figures.c
    rows = connection.execute(
        select(
            f.key,
            f.written,
            quotes.c.text,
            f.written_start - quotes.c.char_start,
            f.value,
            f.unit,
            f.low,
            f.high,
            f.low_inclusive,
            f.high_inclusive,
            entities.c.key,
            entities.c.name,
            f.metric,
            f.measure,
            f.measure_basis,
            quantity.c.key,
            whole.c.key,
            rk.c.key,
            documents.c.slug,
            f.period_start,
            f.period_end,
            f.base_period_start,
            f.base_period_end,
            f.revises,
        )
        .join(quotes, quotes.c.id == f.quote_id)
        .join(documents, documents.c.id == quotes.c.document_id)
        .join(entities, entities.c.id == f.subject_id)
        .outerjoin(quantity, quantity.c.id == f.quantity_id)
        .outerjoin(whole, whole.c.id == f.whole_id)
        .outerjoin(rk, rk.c.id == f.ranking_id)
        .where(_figures_in(scope, figures, quotes))
        .order_by(documents.c.slug, quotes.c.char_start, f.key)
    )
    facts = Facts()
    # The driver makes a new string for every value of every row, though a corpus has few
    # units, measures, subjects, quantities and periods: keeping one object for each value
    # makes the facts of a large corpus far smaller. Rows are unpacked as tuples: by name,
    # reading 100,000 figures took a second more.
    one: dict[Any, Any] = {}
    same = one.setdefault
    periods: dict[tuple[Any, Any], Period | None] = {(None, None): None}
    add = facts.figures.append
    inf = math.inf
    for (
        key,
        written,
        quote,
        start,
        value,
        unit,
        low,
        high,
        low_inclusive,
        high_inclusive,
        subject,
        subject_name,
        metric,
        measure,
        basis,
        quantity_key,
        whole_key,
        ranking_key,
        document,
        period_start,
        period_end,
        base_start,
        base_end,
        revises,
    ) in rows:
        period = periods.get((period_start, period_end), _UNSEEN)
        if period is _UNSEEN:
            period = periods[period_start, period_end] = _period(period_start, period_end)
        base = periods.get((base_start, base_end), _UNSEEN)
        if base is _UNSEEN:
            base = periods[base_start, base_end] = _period(base_start, base_end)
        add(
            Fact(
                key,
                written,
                snippet(quote, start, start + len(written)),
                value,
                same(unit, unit),
                Interval(
                    -inf if low is None else low,
                    inf if high is None else high,
                    bool(low_inclusive),
                    bool(high_inclusive),
                ),
                same(subject, subject),
                same(subject_name, subject_name),
                same(metric, metric),
                same(measure, measure),
                same(basis, basis),
                same(quantity_key, quantity_key),
                same(whole_key, whole_key),
                same(ranking_key, ranking_key),
                same(document, document),
                period,
                base,
                revises,
            )
        )
    ids: dict[int, str] = {}
    in_scope = _in(scope, "quantities")
    for row in connection.execute(
        select(qt.c.id, qt.c.key, qt.c.name, qt.c.measure, qt.c.unit, qt.c.flow, qt.c.signed).where(
            in_scope(qt.c.id)
        )
    ):
        ids[row.id] = row.key
        facts.quantities[row.key] = QuantityInfo(
            row.key, row.name, row.measure, row.unit, bool(row.flow), bool(row.signed)
        )
    ql = m.QuantityLink.__table__
    for row in connection.execute(select(ql).where(in_scope(ql.c.from_id)).order_by(ql.c.id)):
        facts.links.append(Link(ids[row.from_id], ids[row.to_id], row.relation, row.basis))
    pt, pm = m.Partition.__table__, m.PartitionMember.__table__
    members: dict[int, list[str]] = {}
    for row in connection.execute(select(pm).where(in_scope(pm.c.quantity_id))):
        members.setdefault(row.partition_id, []).append(ids[row.quantity_id])
    for row in connection.execute(select(pt).where(in_scope(pt.c.whole_id)).order_by(pt.c.key)):
        facts.partitions.append(
            PartitionInfo(
                row.key,
                row.name,
                ids[row.whole_id],
                bool(row.exhaustive),
                tuple(sorted(members.get(row.id, []))),
            )
        )
    ranked: dict[int, list[str]] = {}
    rm = m.RankingMember.__table__
    ranking_in_scope = _in(scope, "rankings")
    for row in connection.execute(select(rm).where(ranking_in_scope(rm.c.ranking_id))):
        ranked.setdefault(row.ranking_id, []).append(ids[row.quantity_id])
    for row in connection.execute(select(rk).where(ranking_in_scope(rk.c.id)).order_by(rk.c.key)):
        facts.rankings[row.key] = RankingInfo(
            row.key,
            row.name,
            row.measure,
            ids.get(row.share_whole_id) if row.share_whole_id else None,
            tuple(sorted(ranked.get(row.id, []))),
            bool(row.ascending),
            _period(row.within_start, row.within_end),
            row.step,
            bool(row.partial),
            _period(row.complete_start, row.complete_end),
        )
    keys = {row.id: row.key for row in connection.execute(select(entities.c.id, entities.c.key))}
    facts.entity_names = {
        row.key: row.name for row in connection.execute(select(entities.c.key, entities.c.name))
    }
    pl = m.Place.__table__
    for row in connection.execute(select(pl.c.entity_id, pl.c.country_id)):
        if row.country_id is not None:
            facts.place_parent[keys[row.entity_id]] = keys[row.country_id]
    sm, st, rt = m.Sum.__table__, m.SumTerm.__table__, m.Ratio.__table__
    cm, rd = m.Comparison.__table__, m.QuantityReading.__table__
    slugs = dict(
        connection.execute(
            select(documents.c.id, documents.c.slug).where(
                true()
                if scope is None
                else documents.c.id.in_(
                    union(
                        select(sm.c.document_id).where(in_scope(sm.c.total_id)),
                        select(rt.c.document_id).where(in_scope(rt.c.result_id)),
                        select(cm.c.document_id).where(in_scope(cm.c.quantity_id)),
                        select(rd.c.document_id).where(in_scope(rd.c.quantity_id)),
                    )
                )
            )
        ).all()
    )
    terms: dict[int, list[tuple[str, int]]] = {}
    for row in connection.execute(
        select(st).where(in_scope(st.c.quantity_id)).order_by(st.c.sign.desc(), st.c.quantity_id)
    ):
        terms.setdefault(row.sum_id, []).append((ids[row.quantity_id], int(row.sign)))
    for row in connection.execute(select(sm).where(in_scope(sm.c.total_id)).order_by(sm.c.key)):
        facts.sums.append(
            SumInfo(
                row.key,
                row.name,
                ids[row.total_id],
                tuple(terms.get(row.id, [])),
                slugs[row.document_id],
            )
        )
    for row in connection.execute(select(rt).where(in_scope(rt.c.result_id)).order_by(rt.c.key)):
        facts.ratios.append(
            RatioInfo(
                row.key,
                row.name,
                ids[row.result_id],
                ids[row.numerator_id],
                ids[row.denominator_id],
                slugs[row.document_id],
            )
        )
    _load_comparisons(connection, facts, ids, slugs, in_scope)
    _load_readings(connection, facts, ids, slugs, in_scope)
    return facts


def _load_readings(
    connection: Connection,
    facts: Facts,
    ids: dict[int, str],
    slugs: dict[int, str],
    in_scope: Callable[[Any], Any],
) -> None:
    """The readings of ambiguous quantities, by key, each with its terms."""
    readings, terms = m.QuantityReading.__table__, m.QuantityReadingTerm.__table__
    found: dict[int, list[tuple[str, int]]] = {}
    for row in connection.execute(
        select(terms)
        .where(
            terms.c.reading_id.in_(select(readings.c.id).where(in_scope(readings.c.quantity_id)))
        )
        .order_by(terms.c.sign.desc(), terms.c.quantity_id)
    ):
        found.setdefault(row.reading_id, []).append((ids[row.quantity_id], int(row.sign)))
    for row in connection.execute(
        select(readings).where(in_scope(readings.c.quantity_id)).order_by(readings.c.key)
    ):
        facts.readings.append(
            ReadingInfo(
                row.key,
                row.name,
                ids[row.quantity_id],
                tuple(found.get(row.id, [])),
                slugs[row.document_id],
            )
        )


def _in(scope: Scope | None, kind: str) -> Callable[[Any], Any]:
    """A condition that a column holds an id of ``scope``'s ``kind`` (anything without one)."""
    if scope is None:
        return lambda _column: true()
    ids = sorted(getattr(scope, kind))
    return lambda column: column.in_(ids)


def _figures_in(scope: Scope | None, figures: Any, quotes: Any) -> Any:
    """The figures of a scope: of its quantities or rankings, or of no quantity or ranking
    and in one of its documents."""
    if scope is None:
        return true()
    quantities, rankings = _in(scope, "quantities"), _in(scope, "rankings")
    # Found by their documents' quotes (indexed), the emptiness of the three columns
    # tested in a form no index serves: "ranking_id IS NULL" by its index is nearly
    # every figure, read again for each batch of a run (quadratic in the database).
    loose = and_(
        figures.c.quote_id.in_(
            select(quotes.c.id).where(_in(scope, "documents")(quotes.c.document_id))
        ),
        func.coalesce(figures.c.quantity_id, 0) == 0,
        func.coalesce(figures.c.whole_id, 0) == 0,
        func.coalesce(figures.c.ranking_id, 0) == 0,
    )
    return or_(
        quantities(figures.c.quantity_id),
        quantities(figures.c.whole_id),
        rankings(figures.c.ranking_id),
        loose,
    )


def _load_comparisons(
    connection: Connection,
    facts: Facts,
    ids: dict[int, str],
    slugs: dict[int, str],
    in_scope: Callable[[Any], Any],
) -> None:
    """The comparisons, in document and text order, each citing its quote."""
    comparisons, quotes, entities = (
        m.Comparison.__table__,
        m.Quote.__table__,
        m.Entity.__table__,
    )
    rows = connection.execute(
        select(comparisons, quotes.c.text.label("quote"), entities.c.key.label("subject_key"))
        .join(quotes, quotes.c.id == comparisons.c.quote_id)
        .outerjoin(entities, entities.c.id == comparisons.c.subject_id)
        .where(in_scope(comparisons.c.quantity_id))
        .order_by(comparisons.c.document_id, quotes.c.char_start, comparisons.c.key)
    )
    for row in rows:
        period = _period(row.period_start, row.period_end)
        other_period = _period(row.other_start, row.other_end)
        assert period is not None and other_period is not None
        facts.comparisons.append(
            ComparisonInfo(
                row.key,
                snippet(row.quote, 0, len(row.quote)),
                row.subject_key,
                ids[row.quantity_id],
                period,
                row.relation,
                ids[row.other_id],
                other_period,
                slugs[row.document_id],
            )
        )


_UNSEEN: Any = object()  # a period not read yet (None is a period read as no period)


def _period(start: Any, end: Any) -> Period | None:
    """Dates as the driver returns them (SQLite: ISO text) as a ``Period``, or None."""
    if start is None or end is None:
        return None

    def as_date(value: Any) -> dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)

    return Period(as_date(start), as_date(end))
