"""One formatter: report cells and check messages spell numbers and intervals alike."""

from __future__ import annotations

import math

import pytest

from dbtool.checks import show
from dbtool.core.intervals import Interval
from dbtool.display import format_amount, format_interval, format_number, mid_sentence
from dbtool.reports.model import Column
from dbtool.reports.render import format_cell


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (33, "percent", "33 %"),
        (38.1818, "percent", "38.18 %"),
        (2e9, "USD", "USD 2 bn"),
        (4.267e9, "USD", "USD 4.267 bn"),
        (338.7e6, "USD", "USD 338.7 m"),
        (9500, "USD", "USD 9,500"),
        (1600, "count", "1,600"),
        (2, "rank", "#2"),
        (2017, "year", "2017"),
        (math.inf, "count", "∞"),
    ],
)
def test_amounts(value: float, unit: str, text: str) -> None:
    assert format_amount(value, unit) == text


def test_intervals_in_cells_and_messages_share_one_spelling() -> None:
    assert format_interval(32.5, 33.5, True, True, "percent") == "[32.5, 33.5] %"
    assert format_interval(2e9, None, False, False, "USD") == "(USD 2 bn, ∞)"
    assert format_interval(None, None, False, False, "USD") == ""
    assert format_interval(21.0, 21.0 + 1e-12, True, True, "count") == "21"
    # A message is precise to four digits; a cell too, here, rounding outward.
    over = Interval(2e9 / 0.215, math.inf, False, False)
    assert show(over, "USD") == "(USD 9.302 bn, ∞)"
    row = {
        "low": over.low,
        "high": None,
        "low_inclusive": False,
        "high_inclusive": False,
        "unit": "USD",
    }
    assert format_cell(row, Column("i", "I", "interval")) == "(USD 9.302 bn, ∞)"
    assert format_number(-math.inf) == "−∞"


def test_cells_for_people() -> None:
    assert format_cell({"x": None}, Column("x", "X")) == ""
    assert format_cell({"x": True}, Column("x", "X")) == "yes"
    assert format_cell({"x": 1600}, Column("x", "X", "int")) == "1,600"
    assert format_cell({"x": 33, "unit": "percent"}, Column("x", "X", "value")) == "33 %"
    row = {"sentence": "Nearly 85% of all", "quote_start": 0, "quote_end": 10}
    assert format_cell(row, Column("s", "S", "highlight"), markdown=True) == "**Nearly 85%** of all"


def test_names_mid_sentence() -> None:
    assert mid_sentence("Total value of Antwerp's trade") == "total value of Antwerp's trade"
    assert mid_sentence("ALROSA's production") == "ALROSA's production"
    assert mid_sentence("Belgium's imports", {"Belgium"}) == "Belgium's imports"
    assert mid_sentence("Belgium's imports") == "belgium's imports"


@pytest.mark.parametrize(
    ("written", "low", "high", "unit", "cell"),
    [
        ("USD 228.3 million", 228.25e6, 228.35e6, "USD", "[USD 228.25 m, USD 228.35 m]"),
        ("USD 11.4 billion", 11.35e9, 11.45e9, "USD", "[USD 11.35 bn, USD 11.45 bn]"),
        ("USD 4.267 billion", 4.2665e9, 4.2675e9, "USD", "[USD 4.2665 bn, USD 4.2675 bn]"),
        ("nearly 85%", 76.5, 85, "percent", "[76.5, 85) %"),
        ("95.3 million carats", 95.25e6, 95.35e6, "carat", "[95.25 m carats, 95.35 m carats]"),
        ("1,600 companies", 1550, 1650, "count", "[1,550, 1,650]"),
    ],
)
def test_a_cell_writes_bounds_with_the_digits_they_have(
    written: str, low: float, high: float, unit: str, cell: str
) -> None:
    """A stated figure never looks wrong: "USD 228.3 million" once read [228.2 m, 228.3 m]."""
    assert format_interval(low, high, True, unit != "percent", unit) == cell


def test_a_cell_rounds_only_past_its_digits_and_then_outward() -> None:
    assert format_interval(1 / 3, 2 / 3, True, True, "factor") == "[0.3333, 0.6667]"
    assert format_interval(2e9 / 0.215, 2e9 / 0.205, True, True, "USD") == (
        "[USD 9.302 bn, USD 9.757 bn]"
    )
