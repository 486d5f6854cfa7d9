"""The normalised schema as SQLAlchemy ORM models.

The Alembic migrations under ``alembic/versions`` create this schema; the
models mirror them so the loader and the reports can use typed objects, and a
drift test (``alembic check``) keeps the two in step.

Every fact row carries a ``quote_id``: the verbatim span of a source document
it was read from. That is the product's promise of provenance.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dbtool.db.vocabulary import (
    BASES,
    BOUND_MODES,
    COMMITMENT_KINDS,
    COMPARISON_RELATIONS,
    DATE_BASES,
    DIRECTIONS,
    DOCUMENT_DATE_BASES,
    DOCUMENT_KINDS,
    ENTITY_KINDS,
    EVENT_TYPES,
    LINK_RELATIONS,
    MEASURES,
    ORGANISATION_TYPES,
    PARTS,
    PLACE_TYPES,
    PRECISION_RULES,
    RANKING_STEPS,
    SEVERITIES,
    STATUSES,
    TABLE_FORMATS,
    UNITS,
)

# Exactly the convention from Alembic's "The Importance of Naming Constraints",
# so every constraint has a predictable name that batch migrations can address.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL for ``column IN (...)``: enumerations live in CHECKs, portable to PostgreSQL."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """A source text, stored byte-for-byte so every quote span can be re-read.

    A ``table`` document (statistics read from a CSV or XLSX file) stores its cells as
    its text, one a line ("FILE, row LABEL, column NAME: CELL"): see :class:`SourceTable`.
    """

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(_in("published_on_basis", DOCUMENT_DATE_BASES), name="published_on_basis"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint(_in("kind", DOCUMENT_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    published_on: Mapped[dt.date] = mapped_column(Date)
    published_on_basis: Mapped[str] = mapped_column(String(20))
    date_note: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    # The seed file and the text together: loading them again unchanged is a no-op.
    seed_sha256: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10), server_default="text")

    quotes: Mapped[list[Quote]] = relationship(
        back_populates="document", foreign_keys="Quote.document_id"
    )


def _document_ref(**options: Any) -> Any:
    """A column holding a document's id: the row goes with its document (ON DELETE CASCADE)."""
    return mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), **options)


def _quantity_ref(cascade: bool = False, **options: Any) -> Any:
    """A column holding a quantity's id; with ``cascade`` the row goes with the quantity."""
    target = ForeignKey("quantities.id", ondelete="CASCADE" if cascade else None)
    return mapped_column(target, **options)


class Dateline(Base):
    """Where a document says it was written ("Moscow:"); kept apart to avoid a key cycle."""

    __tablename__ = "datelines"

    document_id: Mapped[int] = _document_ref(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.entity_id"), index=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)


class Quote(Base):
    """A verbatim span ``text[char_start:char_end]`` of a document (code points)."""

    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("document_id", "char_start", "char_end"),
        CheckConstraint("char_start >= 0", name="char_start_not_negative"),
        CheckConstraint("char_start < char_end", name="span_not_empty"),
        CheckConstraint("length(text) = char_end - char_start", name="text_matches_span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref()
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="quotes", foreign_keys=[document_id])


class Entity(Base):
    """Anything with a name that documents talk about; subtype tables add detail.

    Entities are global: one ALROSA for every document. Where each document
    names it is a :class:`Mention`.
    """

    __tablename__ = "entities"
    __table_args__ = (CheckConstraint(_in("kind", ENTITY_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))


class Mention(Base):
    """Where a document names an entity; ``declares`` when it also states what the entity is."""

    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("entity_id", "quote_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = _document_ref(index=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    declares: Mapped[bool] = mapped_column(Boolean)


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (
        CheckConstraint(_in("place_type", PLACE_TYPES), name="place_type"),
        CheckConstraint("place_type <> 'city' OR country_id IS NOT NULL", name="city_has_country"),
    )

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    place_type: Mapped[str] = mapped_column(String(20))
    country_id: Mapped[int | None] = mapped_column(ForeignKey("places.entity_id"), index=True)

    entity: Mapped[Entity] = relationship()


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(_in("org_type", ORGANISATION_TYPES), name="org_type"),)

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    org_type: Mapped[str] = mapped_column(String(40))
    short_name: Mapped[str | None] = mapped_column(String(50))
    based_in_id: Mapped[int | None] = mapped_column(ForeignKey("places.entity_id"), index=True)

    entity: Mapped[Entity] = relationship()


class Person(Base):
    __tablename__ = "people"

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )

    entity: Mapped[Entity] = relationship()


class Role(Base):
    """A person's title at an organisation as one document states it, dated by that document."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("document_id", "person_id", "organisation_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref()
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.entity_id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.entity_id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("event_type", EVENT_TYPES), name="event_type"),
        CheckConstraint(_in("date_basis", DATE_BASES), name="date_basis"),
    )

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    event_type: Mapped[str] = mapped_column(String(20))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.entity_id"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    date_basis: Mapped[str] = mapped_column(String(20))
    date_note: Mapped[str | None] = mapped_column(Text)
    date_quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("events.entity_id"), index=True)


class EventParticipant(Base):
    __tablename__ = "event_participants"
    __table_args__ = (
        UniqueConstraint("event_id", "entity_id", "part"),
        CheckConstraint(_in("part", PARTS), name="part"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.entity_id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[str] = mapped_column(String(40))
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)


class Agreement(Base):
    __tablename__ = "agreements"
    __table_args__ = (CheckConstraint(_in("date_basis", DATE_BASES), name="date_basis"),)

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    signed_at_id: Mapped[int | None] = mapped_column(ForeignKey("events.entity_id"), index=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    date_basis: Mapped[str] = mapped_column(String(20))
    date_note: Mapped[str | None] = mapped_column(Text)


class AgreementParty(Base):
    __tablename__ = "agreement_parties"

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.entity_id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.entity_id", ondelete="CASCADE"), primary_key=True, index=True
    )
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)


class AgreementSignatory(Base):
    __tablename__ = "agreement_signatories"

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.entity_id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.entity_id", ondelete="CASCADE"), primary_key=True, index=True
    )
    on_behalf_of_id: Mapped[int] = mapped_column(ForeignKey("organisations.entity_id"), index=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)


class Commitment(Base):
    """One thing the agreement commits its parties to, with the words that say so."""

    __tablename__ = "commitments"
    __table_args__ = (
        UniqueConstraint("agreement_id", "key"),
        CheckConstraint(_in("kind", COMMITMENT_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.entity_id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text)
    concerns_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)


class Qualifier(Base):
    """How a word such as "nearly" or "over" turns a stated number into an interval.

    Each bound is ``precision`` (value ± the stated precision), ``value`` (the
    number itself), ``factor`` (value × factor) or ``unbounded``.
    """

    __tablename__ = "qualifiers"
    __table_args__ = (
        CheckConstraint(_in("low_mode", BOUND_MODES), name="low_mode"),
        CheckConstraint(_in("high_mode", BOUND_MODES), name="high_mode"),
        CheckConstraint(
            "(low_mode = 'factor') = (low_factor IS NOT NULL)", name="low_factor_given"
        ),
        CheckConstraint(
            "(high_mode = 'factor') = (high_factor IS NOT NULL)", name="high_factor_given"
        ),
    )

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    low_mode: Mapped[str] = mapped_column(String(20))
    low_factor: Mapped[float | None] = mapped_column(Float)
    low_inclusive: Mapped[bool] = mapped_column(Boolean)
    high_mode: Mapped[str] = mapped_column(String(20))
    high_factor: Mapped[float | None] = mapped_column(Float)
    high_inclusive: Mapped[bool] = mapped_column(Boolean)
    description: Mapped[str] = mapped_column(Text)


class PrecisionRule(Base):
    """How precise a bare number of a unit is taken to be ("33%" means 32.5–33.5)."""

    __tablename__ = "precision_rules"
    __table_args__ = (
        CheckConstraint(_in("unit", UNITS), name="unit"),
        CheckConstraint(_in("rule", PRECISION_RULES), name="rule"),
    )

    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    rule: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text)


class Quantity(Base):
    """Something figures measure: a total, a part of a total, a number of clients.

    Global, like entities: a sales release in October may state the quantity
    another release defined in August. ``flow`` quantities (sales, exports)
    add up over time; ``signed`` ones (net exports) may be negative.
    """

    __tablename__ = "quantities"
    __table_args__ = (CheckConstraint(_in("measure", MEASURES), name="measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(20))
    period: Mapped[str | None] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)
    flow: Mapped[bool] = mapped_column(Boolean, server_default=sa_false())
    signed: Mapped[bool] = mapped_column(Boolean, server_default=sa_false())


class QuantitySource(Base):
    """A document that declares a quantity: it lives while one does, or a figure uses it."""

    __tablename__ = "quantity_sources"

    quantity_id: Mapped[int] = _quantity_ref(cascade=True, primary_key=True)
    document_id: Mapped[int] = _document_ref(primary_key=True, index=True)


class Partition(Base):
    """Disjoint parts of one whole: their shares add up to at most 100%."""

    __tablename__ = "partitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref(index=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    whole_id: Mapped[int] = _quantity_ref(index=True)
    exhaustive: Mapped[bool] = mapped_column(Boolean)


class PartitionMember(Base):
    __tablename__ = "partition_members"

    partition_id: Mapped[int] = mapped_column(
        ForeignKey("partitions.id", ondelete="CASCADE"), primary_key=True
    )
    quantity_id: Mapped[int] = _quantity_ref(cascade=True, primary_key=True, index=True)


class QuantityLink(Base):
    """``part_of`` (a subset) or ``same_as`` (two descriptions of one quantity)."""

    __tablename__ = "quantity_links"
    __table_args__ = (
        UniqueConstraint("document_id", "from_id", "to_id", "relation"),
        CheckConstraint(_in("relation", LINK_RELATIONS), name="relation"),
        CheckConstraint(_in("basis", BASES), name="basis"),
        CheckConstraint("from_id <> to_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref()
    from_id: Mapped[int] = _quantity_ref(cascade=True, index=True)
    to_id: Mapped[int] = _quantity_ref(cascade=True, index=True)
    relation: Mapped[str] = mapped_column(String(20))
    basis: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"), index=True)


class Ranking(Base):
    """A ranking that rank claims place their subject in, e.g. diamond trade centres.

    With ``members`` (quantities, one a subject) a rank claim is held against their
    stated values in its period; ``ascending`` counts from the smallest ("the
    weakest"); ``within`` and ``step`` rank the sub-periods of one member instead
    ("March was the quarter's strongest month").
    """

    __tablename__ = "rankings"
    __table_args__ = (
        CheckConstraint(_in("measure", MEASURES), name="measure"),
        CheckConstraint(_in("step", RANKING_STEPS), name="step"),
        CheckConstraint("(within IS NULL) = (step IS NULL)", name="series_has_step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref(index=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(20))
    share_whole_id: Mapped[int | None] = _quantity_ref(index=True)
    ascending: Mapped[bool] = mapped_column(Boolean, server_default=sa_false())
    within: Mapped[str | None] = mapped_column(String(50))
    within_start: Mapped[dt.date | None] = mapped_column(Date)
    within_end: Mapped[dt.date | None] = mapped_column(Date)
    step: Mapped[str | None] = mapped_column(String(10))
    # Members that are some of what is ranked (a table of the ten largest producers ranks
    # them by volume too): a claim fails only when too many are surely above it, except in
    # the period ``complete_start``–``complete_end``, where they are all that can be.
    partial: Mapped[bool] = mapped_column(Boolean, server_default=sa_false())
    complete_start: Mapped[dt.date | None] = mapped_column(Date)
    complete_end: Mapped[dt.date | None] = mapped_column(Date)


class RankingMember(Base):
    """A quantity a ranking ranks: one subject's value, compared with the others'."""

    __tablename__ = "ranking_members"

    ranking_id: Mapped[int] = mapped_column(
        ForeignKey("rankings.id", ondelete="CASCADE"), primary_key=True
    )
    quantity_id: Mapped[int] = _quantity_ref(cascade=True, primary_key=True, index=True)


class Comparison(Base):
    """A claim of order without a number: a quantity in a period is higher, lower or
    unchanged against another period ("exports eased", "below last year's level") or
    another quantity ("Russia ahead of Angola")."""

    __tablename__ = "comparisons"
    __table_args__ = (
        CheckConstraint(_in("relation", COMPARISON_RELATIONS), name="relation"),
        CheckConstraint("period_start <= period_end", name="period_ordered"),
        CheckConstraint("other_start <= other_end", name="other_ordered"),
        CheckConstraint(
            "quantity_id <> other_id OR period_start <> other_start OR period_end <> other_end",
            name="two_sides",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref(index=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    quantity_id: Mapped[int] = _quantity_ref(index=True)
    period: Mapped[str] = mapped_column(String(50))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    relation: Mapped[str] = mapped_column(String(10))
    other_id: Mapped[int] = _quantity_ref(index=True)
    other_period: Mapped[str] = mapped_column(String(50))
    other_start: Mapped[dt.date] = mapped_column(Date)
    other_end: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed: Mapped[bool] = mapped_column(Boolean, server_default=sa_true())


class Figure(Base):
    """A number stated in a document, with the interval its wording implies.

    ``written`` is the number exactly as printed (``"Nearly 85%"``), at
    ``written_start:written_end`` inside the quote. ``low``/``high`` are
    computed on load from the qualifier and precision tables; NULL means
    unbounded. ``reviewed`` is false for a drafted figure no person has checked.
    """

    __tablename__ = "figures"
    __table_args__ = (
        CheckConstraint(_in("unit", UNITS), name="unit"),
        CheckConstraint(_in("measure", MEASURES), name="measure"),
        CheckConstraint(_in("measure_basis", BASES), name="measure_basis"),
        CheckConstraint("written_start < written_end", name="written_span"),
        CheckConstraint("precision >= 0", name="precision_not_negative"),
        CheckConstraint("low IS NULL OR high IS NULL OR low <= high", name="interval_ordered"),
        CheckConstraint(
            "whole_id IS NULL OR unit = 'percentage_point' OR (value >= 0 AND value <= 100)",
            name="share_range",
        ),
        CheckConstraint("unit <> 'count' OR value >= 0", name="count_not_negative"),
        CheckConstraint("unit <> 'rank' OR value >= 1", name="rank_positive"),
        # A percentage is a share of a whole or a change since a base period; a factor
        # ("more than doubled") is always a change, and so are percentage points, of a
        # share: their whole is the share's.
        CheckConstraint(
            "(whole_id IS NOT NULL) = ((unit = 'percent' AND base_period_start IS NULL) "
            "OR unit = 'percentage_point')",
            name="share_has_whole",
        ),
        CheckConstraint(
            "(base_period_start IS NOT NULL) = (unit IN ('factor', 'percentage_point') "
            "OR (unit = 'percent' AND whole_id IS NULL))",
            name="change_has_base",
        ),
        CheckConstraint(
            "(direction IS NOT NULL) = "
            "(unit IN ('percent', 'percentage_point') AND base_period_start IS NOT NULL)",
            name="percent_change_has_direction",
        ),
        CheckConstraint(_in("direction", DIRECTIONS), name="direction"),
        CheckConstraint("period_start <= period_end", name="period_ordered"),
        CheckConstraint("base_period_start <= base_period_end", name="base_period_ordered"),
        CheckConstraint("(unit = 'rank') = (ranking_id IS NOT NULL)", name="rank_has_ranking"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    written: Mapped[str] = mapped_column(String(200))
    written_start: Mapped[int] = mapped_column(Integer)
    written_end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str] = mapped_column(ForeignKey("qualifiers.name"), index=True)
    precision: Mapped[float] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    low_inclusive: Mapped[bool] = mapped_column(Boolean)
    high_inclusive: Mapped[bool] = mapped_column(Boolean)
    subject_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    metric: Mapped[str] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(String(50))
    measure: Mapped[str] = mapped_column(String(20))
    measure_basis: Mapped[str] = mapped_column(String(20))
    quantity_id: Mapped[int | None] = _quantity_ref(index=True)
    whole_id: Mapped[int | None] = _quantity_ref(index=True)
    ranking_id: Mapped[int | None] = mapped_column(ForeignKey("rankings.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    base_period: Mapped[str | None] = mapped_column(String(50))
    base_period_start: Mapped[dt.date | None] = mapped_column(Date)
    base_period_end: Mapped[dt.date | None] = mapped_column(Date)
    direction: Mapped[str | None] = mapped_column(String(10))
    # False while a figure drafted by `dbtool draft` awaits a person's review.
    reviewed: Mapped[bool] = mapped_column(Boolean, server_default=sa_true())
    # The key of an earlier document's figure this one revises (preliminary -> final).
    revises: Mapped[str | None] = mapped_column(String(100))


class Sum(Base):
    """A total and its signed terms: ``total = Σ parts − Σ minus``, in every period.

    "USD 237.8 million, of which rough USD 228.3 million and polished USD 9.5
    million" is a sum of two parts; "net rough imports, imports minus
    exports" a part and a subtracted term.
    """

    __tablename__ = "sums"
    __table_args__ = (CheckConstraint(_in("basis", BASES), name="basis"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref(index=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    total_id: Mapped[int] = _quantity_ref(index=True)
    basis: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"), index=True)


class SumTerm(Base):
    """One term of a sum: a quantity added (sign 1) or subtracted (sign -1)."""

    __tablename__ = "sum_terms"
    __table_args__ = (CheckConstraint("sign IN (1, -1)", name="sign"),)

    sum_id: Mapped[int] = mapped_column(ForeignKey("sums.id", ondelete="CASCADE"), primary_key=True)
    quantity_id: Mapped[int] = _quantity_ref(primary_key=True, index=True)
    sign: Mapped[int] = mapped_column(Integer)


class Ratio(Base):
    """``result = numerator / denominator`` in every period: a price per carat."""

    __tablename__ = "ratios"
    __table_args__ = (CheckConstraint(_in("basis", BASES), name="basis"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref(index=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    result_id: Mapped[int] = _quantity_ref(index=True)
    numerator_id: Mapped[int] = _quantity_ref(index=True)
    denominator_id: Mapped[int] = _quantity_ref(index=True)
    basis: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"), index=True)


# -- tables and readings (revision 0008) ---------------------------------------------


class SourceTable(Base):
    """A document that is a table of statistics: the file it was read from and who
    published it. Each of its cells is a figure (:class:`TableCell` says where)."""

    __tablename__ = "source_tables"
    __table_args__ = (CheckConstraint(_in("format", TABLE_FORMATS), name="format"),)

    document_id: Mapped[int] = _document_ref(primary_key=True)
    file: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(10))
    sheet: Mapped[str | None] = mapped_column(String(100))
    publisher: Mapped[str] = mapped_column(String(300))
    citation: Mapped[str] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(String(50))
    rows: Mapped[int] = mapped_column(Integer)


class TableCell(Base):
    """Where a figure of a table document stands: its row (number in the file, and the
    label people know it by) and its column."""

    __tablename__ = "table_cells"
    __table_args__ = (CheckConstraint("row_number >= 1", name="row_number_positive"),)

    figure_id: Mapped[int] = mapped_column(
        ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True
    )
    row_number: Mapped[int] = mapped_column(Integer)
    row_label: Mapped[str] = mapped_column(String(300))
    column_name: Mapped[str] = mapped_column(String(300))


class QuantityReading(Base):
    """One possible meaning of an ambiguous quantity: the sum (or difference) of others
    it may stand for ("Antwerp's rough trade": imports plus exports, or imports only).
    The checks are run under each, and report which are consistent with everything."""

    __tablename__ = "quantity_readings"
    __table_args__ = (CheckConstraint(_in("basis", BASES), name="basis"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_ref(index=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    quantity_id: Mapped[int] = _quantity_ref(index=True)
    basis: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"), index=True)


class QuantityReadingTerm(Base):
    """One term of a reading: a quantity added (sign 1) or subtracted (sign -1)."""

    __tablename__ = "quantity_reading_terms"
    __table_args__ = (CheckConstraint("sign IN (1, -1)", name="sign"),)

    reading_id: Mapped[int] = mapped_column(
        ForeignKey("quantity_readings.id", ondelete="CASCADE"), primary_key=True
    )
    quantity_id: Mapped[int] = _quantity_ref(primary_key=True, index=True)
    sign: Mapped[int] = mapped_column(Integer)


# -- check runs (revision 0002) --------------------------------------------------


class CheckRule(Base):
    """A rule's configuration: what it checks and how bad a violation is.

    The code of each rule lives in :mod:`dbtool.checks`; its severity is data,
    so a team can downgrade a rule to ``warn`` with one UPDATE.
    """

    __tablename__ = "check_rules"
    __table_args__ = (CheckConstraint(_in("severity", SEVERITIES), name="severity"),)

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10))


class CheckRun(Base):
    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revision: Mapped[str] = mapped_column(String(50))
    rules: Mapped[str] = mapped_column(Text)
    # A digest of what a run's findings depend on besides the documents (the rules and
    # their severities, the engine's code, the entities): a run may reuse the findings of
    # the one before only when it is the same (dbtool.checks.reuse).
    basis: Mapped[str | None] = mapped_column(String(64))
    # How many findings of each rule and status the run holds, as JSON ({rule: {status: n}}):
    # a run that reuses most of the one before counts its own from the one before's.
    tally: Mapped[str | None] = mapped_column(Text)


class CheckResult(Base):
    """One finding of one rule, in the runs from ``run_id`` up to ``ended_by`` (excluded; NULL:
    up to the latest); ``key`` identifies it across runs.

    A run stores only the findings that are new or changed; the others stay, shared with
    the runs before (dbtool.checks.reuse). A finding no longer found is ended, and keeps
    its key, rule and status only.
    """

    __tablename__ = "check_results"
    __table_args__ = (
        UniqueConstraint("run_id", "key"),
        # What a run ended, by key: what changed since the run before (report checks).
        Index("ix_check_results_ended_by", "ended_by", "key"),
        # A run's failures and warnings, which reports list, among all its findings.
        Index("ix_check_results_status", "status"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint("low IS NULL OR high IS NULL OR low <= high", name="interval_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(300))
    rule: Mapped[str] = mapped_column(ForeignKey("check_rules.name"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    low_inclusive: Mapped[bool | None] = mapped_column(Boolean)
    high_inclusive: Mapped[bool | None] = mapped_column(Boolean)
    unit: Mapped[str | None] = mapped_column(String(20))
    ended_by: Mapped[int | None] = mapped_column(Integer)
    # The part of the facts it is about (dbtool.checks.components); NULL for a finding
    # about the whole run ("no part and whole are both counted").
    component: Mapped[str | None] = mapped_column(String(110), index=True)


class CheckResultFigure(Base):
    """The figures a result rests on, by key: history outlives a reseed."""

    __tablename__ = "check_result_figures"

    result_id: Mapped[int] = mapped_column(
        ForeignKey("check_results.id", ondelete="CASCADE"), primary_key=True
    )
    figure_key: Mapped[str] = mapped_column(String(100), primary_key=True)


class DerivedQuantity(Base):
    """A quantity the engine computed from stated figures, with its formula."""

    __tablename__ = "derived_quantities"
    __table_args__ = (
        UniqueConstraint("run_id", "key"),
        CheckConstraint("low IS NULL OR high IS NULL OR low <= high", name="interval_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id", ondelete="CASCADE"))
    result_id: Mapped[int] = mapped_column(
        ForeignKey("check_results.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    low_inclusive: Mapped[bool] = mapped_column(Boolean)
    high_inclusive: Mapped[bool] = mapped_column(Boolean)
    unit: Mapped[str] = mapped_column(String(20))
    formula: Mapped[str] = mapped_column(Text)


class CheckNode(Base):
    """What the latest run knows of a quantity, ranking or document's own figures: the
    component it was in ("q:key", "r:key", "d:slug"; see dbtool.checks.components)."""

    __tablename__ = "check_nodes"

    node: Mapped[str] = mapped_column(String(110), primary_key=True)
    component: Mapped[str] = mapped_column(String(110))


class CheckDocument(Base):
    """What the latest run knows of a document: the digest it was checked at, and the
    components it touched (one a line)."""

    __tablename__ = "check_documents"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    seed_sha256: Mapped[str | None] = mapped_column(String(64))
    components: Mapped[str] = mapped_column(Text)
