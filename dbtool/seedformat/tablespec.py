"""The mapping of a table seed: how a CSV or XLSX file of statistics becomes figures.

A table seed is a seed whose ``[document]`` names a table file and whose
``[table]`` maps it: the column that names each row's entity, the period, and
the columns that hold quantities with their unit and scale ("USD million",
"thousand carats", "USD per carat"). Each row's cell in a quantity column is a
figure of that row's quantity (``{entity}-{quantity}``: ``russia`` and
``diamond-production-value`` make ``russia-diamond-production-value``), so a
text that states Russia's production later compares with it. Nothing here
reads a file (:mod:`dbtool.seedformat.tables` does).
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from dbtool.core.columnunits import ColumnUnit, column_unit
from dbtool.core.periods import parse_period
from dbtool.db import vocabulary as v
from dbtool.seedformat.basics import KEY_PATTERN, Key, Name, Strict, literal, once

ENTITY = "{entity}"  # in a column's name: the row's entity, as the table writes it


class TableColumnSpec(Strict):
    """A column of the table that holds a quantity: each row's cell is a figure of it."""

    column: str = Field(min_length=1)
    quantity: Key = Field(pattern=KEY_PATTERN)
    name: Name = Field(min_length=1)
    unit: str = Field(min_length=1)
    measure: literal(v.MEASURES)  # type: ignore[valid-type]
    flow: bool = Field(default=False, description="adds up over time (production, sales)")
    signed: bool = Field(default=False, description="may be negative (a net figure)")

    @field_validator("unit")
    @classmethod
    def _unit_known(cls, text: str) -> str:
        if column_unit(text) is None:
            raise ValueError(
                f"cannot read {text!r} as a unit: write a currency, a scale and a unit, e.g. "
                "'USD million', 'thousand carats', 'USD per carat', 'tonnes', 'mines'"
            )
        return text

    @property
    def unit_of_cells(self) -> ColumnUnit:
        found = column_unit(self.unit)
        assert found is not None  # the validator saw to it
        return found


class TableRatioSpec(Strict):
    """In every row, ``result = numerator / denominator``: each a quantity column
    (the average price per carat is value over volume)."""

    result: str = Field(min_length=1)
    numerator: str = Field(min_length=1)
    denominator: str = Field(min_length=1)
    basis: literal(v.BASES) = "inferred"  # type: ignore[valid-type]
    note: str | None = None


class TableRankingSpec(Strict):
    """A ranking of one quantity column's rows, per period: rank claims of any document
    about a row's quantity are held against the others' values."""

    key: Key = Field(pattern=KEY_PATTERN)
    name: Name
    column: str = Field(min_length=1)
    ascending: bool = Field(default=False, description="rank 1 is the smallest")
    complete: bool = Field(
        default=False,
        description="the rows are every item that can rank above the last of them, in the "
        "table's period (a table of the ten largest producers by value is complete by value)",
    )


class TableSpec(Strict):
    """How a table file maps to figures: rows, periods and quantity columns."""

    publisher: Name = Field(min_length=1)
    citation: Name = Field(min_length=1)
    entity_column: str = Field(min_length=1)
    period: str | None = None
    period_column: str | None = None
    sheet: str | None = Field(default=None, description="for an XLSX file: the sheet to read")
    aliases: dict[str, Key] = Field(default_factory=dict)
    columns: list[TableColumnSpec] = Field(min_length=1)
    ratios: list[TableRatioSpec] = Field(default_factory=list)
    rankings: list[TableRankingSpec] = Field(default_factory=list)

    @field_validator("period")
    @classmethod
    def _period_notation(cls, text: str | None) -> str | None:
        if text is not None:
            parse_period(text)
        return text

    @field_validator("aliases")
    @classmethod
    def _alias_keys(cls, aliases: dict[str, str]) -> dict[str, str]:
        for label, key in aliases.items():
            if not re.match(KEY_PATTERN, key):
                raise ValueError(f"alias {label!r} names {key!r}, which is not a key")
        return aliases

    @model_validator(mode="after")
    def _columns_agree(self) -> TableSpec:
        if (self.period is None) == (self.period_column is None):
            raise ValueError("give the table's 'period' or its 'period_column', one of them")
        names = [c.column for c in self.columns]
        once([self.entity_column, self.period_column, *names], "column")
        once([c.quantity for c in self.columns], "quantity")
        once([r.key for r in self.rankings], "ranking")
        for ratio in self.ratios:
            for column in (ratio.result, ratio.numerator, ratio.denominator):
                if column not in names:
                    raise ValueError(f"ratio column {column!r} is not one of the table's columns")
        for ranking in self.rankings:
            if ranking.column not in names:
                raise ValueError(f"ranking column {ranking.column!r} is not one of its columns")
            if ranking.complete and self.period is None:
                raise ValueError(
                    f"ranking {ranking.key!r} is complete in the table's period: give 'period'"
                )
        return self

    def column(self, name: str) -> TableColumnSpec:
        return next(c for c in self.columns if c.column == name)
