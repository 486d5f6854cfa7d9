"""The declarative seed file format: one TOML file describes one source document.

Validation is pydantic's, so a bad file fails with the exact place
(``figures[3].unit``) and what is wrong with it, before anything touches the
database. Cross-references (an unknown entity key) and quotes that are not in
the text are checked by the loader, which knows the document.
"""

from __future__ import annotations

import datetime as dt
import functools
import graphlib
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from dbtool.core.periods import parse_period
from dbtool.db import vocabulary as v
from dbtool.errors import SeedError
from dbtool.seedformat.basics import KEY_PATTERN, Key, Name, Strict, once
from dbtool.seedformat.basics import literal as _literal
from dbtool.seedformat.limits import MAX_SEED_BYTES
from dbtool.seedformat.tablespec import TableSpec
from dbtool.seedformat.tomlfile import TooDeep, load_toml

__all__ = ["KEY_PATTERN", "Key", "Name", "Strict", "TableSpec"]

# TOML a seed needs is four levels deep (figures -> table -> field -> value);
# anything much deeper is a mistake or an attack on the parser.
MAX_DEPTH = 8


class Quoted(Strict):
    """Anything tied to the exact words it came from.

    ``occurrence`` picks among repeated phrases (1 = first); it is required
    when the quote appears more than once, so provenance is never a guess.
    """

    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)


class Reviewable(Strict):
    """A row a person has checked, unless it says ``reviewed = false``.

    ``dbtool draft`` writes its figures, candidate entities, quantities and
    relations with ``reviewed = false``; ``dbtool lint`` lists those still
    unreviewed. Figures keep the flag in the database (reports show it); on
    other rows it only guides the review.
    """

    reviewed: bool = Field(
        default=True, description="false while a drafted row awaits a person's review"
    )


class DatelineSpec(Quoted):
    place: Key


class DocumentSpec(Strict):
    slug: str = Field(pattern=KEY_PATTERN)
    title: Name
    file: str
    published_on: dt.date
    published_on_basis: _literal(v.DOCUMENT_DATE_BASES)  # type: ignore[valid-type]
    date_note: str | None = None
    dateline: DatelineSpec | None = Field(
        default=None, description="where and when the text says it was issued, if it does"
    )

    @model_validator(mode="after")
    def _month_is_the_first(self) -> DocumentSpec:
        if self.published_on_basis == "month" and self.published_on.day != 1:
            raise ValueError("a date known to the month only is written as its first day")
        return self


class EntitySpec(Quoted, Reviewable):
    key: Key = Field(pattern=KEY_PATTERN)
    name: Name


class PlaceSpec(EntitySpec):
    type: _literal(v.PLACE_TYPES)  # type: ignore[valid-type]
    country: Key | None = None

    @model_validator(mode="after")
    def _city_has_country(self) -> PlaceSpec:
        if self.type == "city" and self.country is None:
            raise ValueError("a city needs a country")
        if self.type in ("country", "continent", "world") and self.country is not None:
            raise ValueError(f"a {self.type} lies in no country")
        return self


class MentionSpec(Quoted, Reviewable):
    """A document naming an entity it does not (re)declare, e.g. by an alias ("the Group")."""

    entity: Key


class OrganisationSpec(EntitySpec):
    type: _literal(v.ORGANISATION_TYPES)  # type: ignore[valid-type]
    short_name: str | None = None
    based_in: Key | None = None


class PersonSpec(EntitySpec):
    pass


class RoleSpec(Quoted):
    person: Key
    organisation: Key
    title: Name


class ParticipantSpec(Quoted):
    entity: Key
    part: _literal(v.PARTS)  # type: ignore[valid-type]


class DateSpec(Quoted):
    """A date with the words it rests on; ``basis`` says whether the text states it."""

    on: dt.date
    basis: _literal(v.DATE_BASES)  # type: ignore[valid-type]
    note: str | None = None


class EventSpec(EntitySpec):
    type: _literal(v.EVENT_TYPES)  # type: ignore[valid-type]
    place: Key | None = None
    date: DateSpec
    part_of: Key | None = None
    participants: list[ParticipantSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _participantsonce(self) -> EventSpec:
        once([(p.entity, p.part) for p in self.participants], "participant")
        return self


class PartySpec(Quoted):
    organisation: Key


class SignatorySpec(Quoted):
    person: Key
    on_behalf_of: Key


class CommitmentSpec(Quoted):
    key: Key = Field(pattern=KEY_PATTERN)
    kind: _literal(v.COMMITMENT_KINDS)  # type: ignore[valid-type]
    description: Name
    concerns: Key | None = None


class AgreementSpec(EntitySpec):
    signed_at: Key | None = None
    date: DateSpec
    parties: list[PartySpec] = Field(min_length=2)
    signatories: list[SignatorySpec] = Field(default_factory=list)
    commitments: list[CommitmentSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _partiesonce(self) -> AgreementSpec:
        once([p.organisation for p in self.parties], "party")
        once([g.person for g in self.signatories], "signatory")
        return self


class QualifierSpec(Strict):
    name: Name = Field(min_length=1)
    low_mode: _literal(v.BOUND_MODES)  # type: ignore[valid-type]
    low_factor: float | None = None
    low_inclusive: bool = True
    high_mode: _literal(v.BOUND_MODES)  # type: ignore[valid-type]
    high_factor: float | None = None
    high_inclusive: bool = True
    description: Name

    @model_validator(mode="after")
    def _bounds_in_order(self) -> QualifierSpec:
        """The bounds the rule gives must be in order for any positive value."""
        from dbtool.core.wording import QualifierRule

        for mode, factor in ((self.low_mode, self.low_factor), (self.high_mode, self.high_factor)):
            if (mode == "factor") != (factor is not None):
                raise ValueError("a bound of mode 'factor' needs its factor, and only it has one")
            if factor is not None and factor <= 0:
                raise ValueError(f"a factor must be positive, got {factor:g}")
        rule = QualifierRule(
            self.name,
            self.low_mode,
            self.low_factor,
            self.low_inclusive,
            self.high_mode,
            self.high_factor,
            self.high_inclusive,
        )
        for value in (1.0, 100.0):
            low, high = _raw_bounds(rule, value)
            if low is not None and high is not None and low > high:
                raise ValueError(
                    f"its bounds are inverted: low {low:g} above high {high:g} for {value:g}"
                )
        return self


class QuantitySpec(Reviewable):
    key: Key = Field(pattern=KEY_PATTERN)
    name: Name
    measure: _literal(v.MEASURES)  # type: ignore[valid-type]
    unit: str | None = None
    period: str | None = None
    note: str | None = None
    flow: bool = Field(default=False, description="adds up over time (sales, exports)")
    signed: bool = Field(default=False, description="may be negative (a net figure)")


class SumSpec(Reviewable):
    """``total = Σ parts − Σ minus`` in every period the figures state."""

    key: Key = Field(pattern=KEY_PATTERN)
    name: Name
    total: Key
    parts: list[Key] = Field(min_length=1)
    minus: list[Key] = Field(default_factory=list)
    basis: _literal(v.BASES) = "stated"  # type: ignore[valid-type]
    note: str | None = None
    quote: str | None = None
    occurrence: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _termsonce(self) -> SumSpec:
        once([self.total, *self.parts, *self.minus], "quantity")
        return self


class ReadingSpec(Reviewable):
    """One thing an ambiguous quantity may mean: ``quantity = Σ parts − Σ minus``.

    "Antwerp's rough diamond trade" may be imports plus exports, or imports only:
    two readings of one quantity. The checks are run under each reading, and report
    which are consistent with everything stated, rather than one verdict on a guess.
    """

    key: Key = Field(pattern=KEY_PATTERN)
    name: Name
    quantity: Key
    parts: list[Key] = Field(min_length=1)
    minus: list[Key] = Field(default_factory=list)
    basis: _literal(v.BASES) = "assumed"  # type: ignore[valid-type]
    note: str | None = None
    quote: str | None = None
    occurrence: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _terms_once(self) -> ReadingSpec:
        once([self.quantity, *self.parts, *self.minus], "quantity")
        return self


class RatioSpec(Strict):
    """``result = numerator / denominator`` in every period: a price per carat."""

    key: Key = Field(pattern=KEY_PATTERN)
    name: Name
    result: Key
    numerator: Key
    denominator: Key
    basis: _literal(v.BASES) = "stated"  # type: ignore[valid-type]
    note: str | None = None
    quote: str | None = None
    occurrence: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _three_quantities(self) -> RatioSpec:
        once([self.result, self.numerator, self.denominator], "quantity")
        return self


class PartitionSpec(Strict):
    key: Key = Field(pattern=KEY_PATTERN)
    name: Name
    whole: Key
    parts: list[Key] = Field(min_length=1)
    exhaustive: bool = False

    @model_validator(mode="after")
    def _partsonce(self) -> PartitionSpec:
        once([self.whole, *self.parts], "quantity")
        return self


class LinkSpec(Reviewable):
    part: Key = Field(description="the 'from' quantity")
    whole: Key = Field(description="the 'to' quantity")
    relation: _literal(v.LINK_RELATIONS)  # type: ignore[valid-type]
    basis: _literal(v.BASES)  # type: ignore[valid-type]
    note: str | None = None
    quote: str | None = None
    occurrence: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _not_itself(self) -> LinkSpec:
        if self.part == self.whole:
            raise ValueError(f"a quantity cannot be linked to itself ({self.part!r})")
        return self


class RankingSpec(Reviewable):
    """A ranking rank claims place their subject in ("the world's largest miner").

    ``members`` are the quantities it ranks (each one subject's: "Russia's diamond
    production, by value"): a rank claim naming one of them as its ``quantity`` is
    then held against the others' values in its period. ``ascending`` ranks from
    the smallest ("the weakest", "the smallest producer"). ``within`` and ``step``
    rank the months, quarters or years within a period of the one member instead
    ("March was the quarter's strongest month": within 2018-Q1, step month).
    """

    key: Key = Field(pattern=KEY_PATTERN)
    name: Name
    measure: _literal(v.MEASURES)  # type: ignore[valid-type]
    share_whole: Key | None = None
    members: list[Key] = Field(default_factory=list)
    ascending: bool = Field(default=False, description="rank 1 is the smallest")
    within: str | None = Field(default=None, description="rank the sub-periods of this period")
    step: _literal(v.RANKING_STEPS) | None = None  # type: ignore[valid-type]
    partial: bool = Field(
        default=False, description="the members are some of what is ranked, not all"
    )
    complete_in: str | None = Field(
        default=None, description="a partial ranking's members are all that rank above its last"
    )

    @field_validator("within", "complete_in")
    @classmethod
    def _within_notation(cls, text: str | None) -> str | None:
        if text is not None:
            parse_period(text)
        return text

    @model_validator(mode="after")
    def _series_ranks_one_member(self) -> RankingSpec:
        once(list(self.members), "member")
        if (self.within is None) != (self.step is None):
            raise ValueError("a ranking of periods needs both 'within' and 'step'")
        if self.within is not None and len(self.members) != 1:
            raise ValueError("a ranking of periods ranks the periods of one member quantity")
        if self.complete_in is not None and not self.partial:
            raise ValueError("only a partial ranking is complete in one period ('complete_in')")
        return self


class ComparisonSpec(Quoted, Reviewable):
    """A claim of order without a number: ``quantity`` in ``period`` is higher, lower or
    unchanged against ``other`` (default: the same quantity) in ``other_period``
    (default: the same period).

    "Exports eased in 2017" is exports 2017 lower than exports 2016; "Russia remained
    ahead of Angola" is Russia's production higher than Angola's, in one period;
    "kept falling" is two rows, one for each step.
    """

    key: Key = Field(pattern=KEY_PATTERN)
    subject: Key | None = None
    quantity: Key
    period: str
    relation: _literal(v.COMPARISON_RELATIONS)  # type: ignore[valid-type]
    other: Key | None = Field(default=None, description="default: the same quantity")
    other_period: str | None = Field(default=None, description="default: the same period")
    note: str | None = None

    @field_validator("period", "other_period")
    @classmethod
    def _period_notation(cls, text: str | None) -> str | None:
        if text is not None:
            parse_period(text)
        return text

    @model_validator(mode="after")
    def _two_sides(self) -> ComparisonSpec:
        other = self.other or self.quantity
        other_period = self.other_period or self.period
        if other == self.quantity and parse_period(other_period) == parse_period(self.period):
            raise ValueError("a comparison needs another quantity or another period")
        return self


class FigureSpec(Quoted, Reviewable):
    """A stated number. ``written`` is the number as printed, inside ``quote``."""

    key: Key = Field(pattern=KEY_PATTERN)
    written: str = Field(min_length=1)
    value: float
    unit: _literal(v.UNITS)  # type: ignore[valid-type]
    qualifier: str = "none"
    precision: float | None = Field(default=None, ge=0)
    scale: float | None = Field(
        default=None,
        gt=0,
        description="a scale word the text leaves out ('Sable 0.43' after '1.02 million "
        "carats'): the value is the written number times it",
    )
    subject: Key
    metric: Name
    period: str | None = None
    measure: _literal(v.MEASURES)  # type: ignore[valid-type]
    measure_basis: _literal(v.BASES) = "stated"  # type: ignore[valid-type]
    quantity: Key | None = None
    whole: Key | None = None
    ranking: Key | None = None
    note: str | None = None
    base_period: str | None = Field(
        default=None, description="for a change: the period it is measured from"
    )
    direction: _literal(v.DIRECTIONS) | None = Field(  # type: ignore[valid-type]
        default=None,
        description="for a percentage change or one in percentage points: up (rose) or down (fell)",
    )
    revises: Key | None = Field(
        default=None,
        description="the key of an earlier document's figure for the same quantity and "
        "period that this one revises (preliminary to final, restated)",
    )

    @field_validator("period", "base_period")
    @classmethod
    def _period_notation(cls, text: str | None) -> str | None:
        if text is not None:
            parse_period(text)  # PeriodError is a ValueError: pydantic locates it
        return text

    @model_validator(mode="after")
    def _unit_rules(self) -> FigureSpec:
        change = self.base_period is not None
        if self.whole is not None and not 0 <= self.value <= 100:
            raise ValueError(f"a percentage must lie in 0–100, got {self.value:g}")
        if self.unit == "count" and self.value < 0:
            raise ValueError(f"a count cannot be negative, got {self.value:g}")
        if self.unit == "rank" and self.value < 1:
            raise ValueError(f"a rank is 1 or more, got {self.value:g}")
        if self.unit == "percent" and change == (self.whole is not None):
            raise ValueError(
                "a percentage is a share (give 'whole') or a change (give "
                "'base_period', 'direction' and 'quantity'), not both"
            )
        if self.unit not in v.CHANGE_UNITS and change:
            raise ValueError("only a percentage, percentage points or a factor can be a change")
        if self.unit in ("factor", "percentage_point") and not change:
            raise ValueError(
                f"a {self.unit.replace('_', ' ')} ('doubled', 'up 2 percentage points') is a "
                "change: give 'base_period'"
            )
        if self.unit == "percentage_point" and self.whole is None:
            raise ValueError(
                "percentage points change a share: give 'whole' (the share's whole; "
                "'quantity' is its part)"
            )
        if change and (self.period is None or self.quantity is None):
            raise ValueError("a change needs 'quantity' and 'period' as well as 'base_period'")
        if (self.direction is not None) != (change and self.unit in v.SIGNED_CHANGE_UNITS):
            raise ValueError(
                "a change in percent or percentage points needs 'direction' (up or down); "
                "nothing else has one"
            )
        if change and self.value < 0:
            raise ValueError("a change is written as its size; 'direction' gives the sign")
        if (self.unit == "rank") != (self.ranking is not None):
            raise ValueError("a rank needs 'ranking', and only a rank has one")
        return self


class SeedFile(Strict):
    """The whole of one seed file; lists default to empty so small files stay small."""

    document: DocumentSpec
    qualifiers: list[QualifierSpec] = Field(default_factory=list)
    places: list[PlaceSpec] = Field(default_factory=list)
    organisations: list[OrganisationSpec] = Field(default_factory=list)
    people: list[PersonSpec] = Field(default_factory=list)
    mentions: list[MentionSpec] = Field(default_factory=list)
    roles: list[RoleSpec] = Field(default_factory=list)
    events: list[EventSpec] = Field(default_factory=list)
    agreements: list[AgreementSpec] = Field(default_factory=list)
    quantities: list[QuantitySpec] = Field(default_factory=list)
    partitions: list[PartitionSpec] = Field(default_factory=list)
    links: list[LinkSpec] = Field(default_factory=list)
    sums: list[SumSpec] = Field(default_factory=list)
    ratios: list[RatioSpec] = Field(default_factory=list)
    readings: list[ReadingSpec] = Field(default_factory=list)
    rankings: list[RankingSpec] = Field(default_factory=list)
    comparisons: list[ComparisonSpec] = Field(default_factory=list)
    figures: list[FigureSpec] = Field(default_factory=list)
    table: TableSpec | None = Field(
        default=None, description="for a table document: how its rows and columns map"
    )

    @model_validator(mode="after")
    def _no_cycles_or_repeats(self) -> SeedFile:
        once([(r.person, r.organisation, r.title) for r in self.roles], "role")
        _acyclic(
            {p.key: [p.country] for p in self.places if p.country},
            "places: a place lies in itself through 'country'",
        )
        parts: dict[str, list[str]] = {}
        for link in self.links:
            if link.relation == "part_of":
                parts.setdefault(link.part, []).append(link.whole)
        _acyclic(parts, "links: quantities are part of each other in a cycle")
        events = {e.key: [e.part_of] for e in self.events if e.part_of}
        _acyclic(events, "events: an event is part of itself through 'part_of'")
        if self.table is not None and self.figures:
            raise ValueError("a table document's figures are its cells: give no [[figures]]")
        return self


def _acyclic(graph: dict[str, list[str]], message: str) -> None:
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        raise ValueError(f"{message}: {' -> '.join(exc.args[1])}") from None


def _raw_bounds(rule: object, value: float) -> tuple[float | None, float | None]:
    """A qualifier's bounds for ``value`` (precision 1), before any reordering."""
    from dbtool.core.wording import bound

    return (
        bound(rule.low_mode, rule.low_factor, value, -1.0),  # type: ignore[attr-defined]
        bound(rule.high_mode, rule.high_factor, value, 1.0),
    )  # type: ignore[attr-defined]


def _depth(data: object) -> int:
    """How deep dicts and lists nest (dotted keys nest without brackets), level by level:
    a seed has hundreds of values, almost all scalars, and recursing into each cost more
    than parsing the file."""
    depth, level = 0, [data]
    while level:
        containers = [x for x in level if isinstance(x, dict | list)]
        if not containers:
            break
        depth += 1
        level = [v for x in containers for v in (x.values() if isinstance(x, dict) else x)]
    return depth


def _location(loc: tuple[int | str, ...], data: object) -> str:
    """``('figures', 3, 'unit')`` -> ``figures[key=nearly-85].unit``.

    TOML arrays of tables have no visible index, so an item is named by its
    ``key`` when it has one, else by its 1-based position.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and part < len(data) else None
            key = item.get("key") if isinstance(item, dict) else None
            out += f"[key={key}]" if isinstance(key, str) else f"[{part + 1}]"
            data = item
        elif not part.startswith(("function-after", "literal[")):
            out += f".{part}" if out else part
            data = data.get(part) if isinstance(data, dict) else None
    return out or "(top level)"


def read_toml(path: Path, max_bytes: int = MAX_SEED_BYTES) -> dict[str, Any]:
    """A seed file's TOML as data, or one located ``SeedError`` if it cannot be read."""
    return read_toml_bytes(path, max_bytes)[0]


def read_toml_bytes(path: Path, max_bytes: int = MAX_SEED_BYTES) -> tuple[dict[str, Any], bytes]:
    """``read_toml``, with the file's bytes as read: what the loader's digest is taken of,
    from the one read that was parsed."""
    try:
        if not path.is_file():
            raise SeedError(path, "", "no such file")
        if path.stat().st_size > max_bytes:
            raise SeedError(path, "", f"larger than {max_bytes:,} bytes (--max-seed-bytes)")
        raw = path.read_bytes()
        # utf-8-sig: a byte-order mark some editors write is not part of the TOML.
        text = raw.decode("utf-8-sig")
        data = load_toml(text, max_nesting=MAX_DEPTH * 4)
    except UnicodeDecodeError as exc:
        raise SeedError(path, f"byte {exc.start}", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(path, "", f"not valid TOML: {exc}") from None
    except (TooDeep, RecursionError):
        raise SeedError(path, "", f"nested deeper than a seed file can be ({MAX_DEPTH})") from None
    except OSError as exc:
        raise SeedError(path, "", f"cannot read: {exc.strerror or exc}") from None
    return data, raw


def refuse_too_deep(path: Path, data: object) -> None:
    """Raise the one problem of TOML nested deeper than ``MAX_DEPTH``, if it is.

    Asked only of data the model refused: data the model accepts nests no deeper
    than the model does (four levels), and the parser has already refused anything
    deep enough to trouble pydantic (``MAX_DEPTH * 4``), so walking every file
    would be work for nothing.
    """
    if _depth(data) > MAX_DEPTH:
        raise SeedError(path, "", f"nested deeper than a seed file can be ({MAX_DEPTH})")


def seed_rows(model: BaseModel, at: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every row of a seed in file order, with its place named as errors name it
    (``figures[key=x]``, ``roles[2]``, ``document.dateline``): the one walk that the
    quote checks and the lint share."""
    yield at, model
    for name in _nested_fields(type(model)):
        value = getattr(model, name)
        place = f"{at}.{name}" if at else name
        if isinstance(value, BaseModel):
            yield from seed_rows(value, place)
        elif isinstance(value, list):
            for number, item in enumerate(value, 1):
                if isinstance(item, BaseModel):
                    key = item.key if has_field(type(item), "key") else None
                    yield from seed_rows(item, place + (f"[key={key}]" if key else f"[{number}]"))


@functools.cache
def has_field(model: type[BaseModel], name: str) -> bool:
    """Whether rows of ``model`` have the field ``name``: asked of the class, once, since
    asking a pydantic row for a field it lacks raises and catches an AttributeError inside
    pydantic, which is slow when done for every row of every seed."""
    return name in model.model_fields


@functools.cache
def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold rows (models, lists of models): the rest are
    values, and walking them for every seed would cost as much as validating it."""
    return tuple(name for name, info in model.model_fields.items() if _holds_model(info.annotation))


def _holds_model(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


def validation_problems(path: Path, exc: ValidationError, data: object) -> list[SeedError]:
    """Every problem pydantic found, each located in the file's terms (not just the first)."""
    return [
        SeedError(path, _location(e["loc"], data), e["msg"].removeprefix("Value error, "))
        for e in exc.errors()
    ]


def read_seed_file(path: Path) -> SeedFile:
    """Parse and validate a seed file, or raise every problem it has, each located."""
    data = read_toml(path)
    try:
        return SeedFile.model_validate(data)
    except ValidationError as exc:
        refuse_too_deep(path, data)
        raise SeedError.of(validation_problems(path, exc, data)) from None
