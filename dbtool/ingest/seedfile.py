"""The declarative seed file format: one TOML file describes one source document.

Validation is pydantic's, so a bad file fails with the exact place
(``figures[3].unit``) and what is wrong with it, before anything touches the
database. Cross-references (an unknown entity key) and quotes that are not in
the text are checked by the loader, which knows the document.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from dbtool.db import vocabulary as v
from dbtool.errors import SeedError
from dbtool.ingest.periods import parse_period
from dbtool.ingest.tomlfile import load_toml

Key = str  # lower-case slug, validated by the pattern below
KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _literal(values: tuple[str, ...]) -> object:
    """A ``Literal`` type from the enumerations the schema's CHECKs use."""
    return Literal[values]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quoted(Strict):
    """Anything tied to the exact words it came from.

    ``occurrence`` picks among repeated phrases (1 = first); it is required
    when the quote appears more than once, so provenance is never a guess.
    """

    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)


class DatelineSpec(Quoted):
    place: Key


class DocumentSpec(Strict):
    slug: str = Field(pattern=KEY_PATTERN)
    title: str
    file: str
    published_on: dt.date
    published_on_basis: _literal(v.DOCUMENT_DATE_BASES)  # type: ignore[valid-type]
    date_note: str | None = None
    dateline: DatelineSpec

    @model_validator(mode="after")
    def _month_is_the_first(self) -> DocumentSpec:
        if self.published_on_basis == "month" and self.published_on.day != 1:
            raise ValueError("a date known to the month only is written as its first day")
        return self


class EntitySpec(Quoted):
    key: Key = Field(pattern=KEY_PATTERN)
    name: str


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


class MentionSpec(Quoted):
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
    title: str


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


class PartySpec(Quoted):
    organisation: Key


class SignatorySpec(Quoted):
    person: Key
    on_behalf_of: Key


class CommitmentSpec(Quoted):
    key: Key = Field(pattern=KEY_PATTERN)
    kind: _literal(v.COMMITMENT_KINDS)  # type: ignore[valid-type]
    description: str
    concerns: Key | None = None


class AgreementSpec(EntitySpec):
    signed_at: Key | None = None
    date: DateSpec
    parties: list[PartySpec] = Field(min_length=2)
    signatories: list[SignatorySpec] = Field(default_factory=list)
    commitments: list[CommitmentSpec] = Field(default_factory=list)


class QualifierSpec(Strict):
    name: str = Field(min_length=1)
    low_mode: _literal(v.BOUND_MODES)  # type: ignore[valid-type]
    low_factor: float | None = None
    low_inclusive: bool = True
    high_mode: _literal(v.BOUND_MODES)  # type: ignore[valid-type]
    high_factor: float | None = None
    high_inclusive: bool = True
    description: str


class QuantitySpec(Strict):
    key: Key = Field(pattern=KEY_PATTERN)
    name: str
    measure: _literal(v.MEASURES)  # type: ignore[valid-type]
    unit: str | None = None
    period: str | None = None
    note: str | None = None
    flow: bool = Field(default=False, description="adds up over time (sales, exports)")
    signed: bool = Field(default=False, description="may be negative (a net figure)")


class SumSpec(Strict):
    """``total = Σ parts − Σ minus`` in every period the figures state."""

    key: Key = Field(pattern=KEY_PATTERN)
    name: str
    total: Key
    parts: list[Key] = Field(min_length=1)
    minus: list[Key] = Field(default_factory=list)
    basis: _literal(v.BASES) = "stated"  # type: ignore[valid-type]
    note: str | None = None
    quote: str | None = None
    occurrence: int | None = Field(default=None, ge=1)


class RatioSpec(Strict):
    """``result = numerator / denominator`` in every period: a price per carat."""

    key: Key = Field(pattern=KEY_PATTERN)
    name: str
    result: Key
    numerator: Key
    denominator: Key
    basis: _literal(v.BASES) = "stated"  # type: ignore[valid-type]
    note: str | None = None
    quote: str | None = None
    occurrence: int | None = Field(default=None, ge=1)


class PartitionSpec(Strict):
    key: Key = Field(pattern=KEY_PATTERN)
    name: str
    whole: Key
    parts: list[Key] = Field(min_length=1)
    exhaustive: bool = False


class LinkSpec(Strict):
    part: Key = Field(description="the 'from' quantity")
    whole: Key = Field(description="the 'to' quantity")
    relation: _literal(v.LINK_RELATIONS)  # type: ignore[valid-type]
    basis: _literal(v.BASES)  # type: ignore[valid-type]
    note: str | None = None
    quote: str | None = None
    occurrence: int | None = Field(default=None, ge=1)


class RankingSpec(Strict):
    key: Key = Field(pattern=KEY_PATTERN)
    name: str
    measure: _literal(v.MEASURES)  # type: ignore[valid-type]
    share_whole: Key | None = None


class FigureSpec(Quoted):
    """A stated number. ``written`` is the number as printed, inside ``quote``."""

    key: Key = Field(pattern=KEY_PATTERN)
    written: str = Field(min_length=1)
    value: float
    unit: _literal(v.UNITS)  # type: ignore[valid-type]
    qualifier: str = "none"
    precision: float | None = Field(default=None, ge=0)
    subject: Key
    metric: str
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
        default=None, description="for a percentage change: up (rose) or down (fell)"
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
        if self.unit not in ("percent", "factor") and change:
            raise ValueError("only a percentage or a factor can be a change")
        if self.unit == "factor" and not change:
            raise ValueError("a factor ('doubled') is a change: give 'base_period'")
        if change and (self.period is None or self.quantity is None):
            raise ValueError("a change needs 'quantity' and 'period' as well as 'base_period'")
        if (self.direction is not None) != (change and self.unit == "percent"):
            raise ValueError(
                "a percentage change needs 'direction' (up or down); nothing else has one"
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
    rankings: list[RankingSpec] = Field(default_factory=list)
    figures: list[FigureSpec] = Field(default_factory=list)


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


def read_seed_file(path: Path) -> SeedFile:
    """Parse and validate a seed file, or raise one located ``SeedError``."""
    try:
        data = load_toml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(path, "", "no such file") from None
    except UnicodeDecodeError as exc:
        raise SeedError(path, f"byte {exc.start}", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(path, "", f"not valid TOML: {exc}") from None
    try:
        return SeedFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = exc.error_count() - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        message = first["msg"].removeprefix("Value error, ")
        raise SeedError(path, _location(first["loc"], data), message + tail) from None
