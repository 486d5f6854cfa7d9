"""Soundness across sources: figures true up to their rounding never fail, whatever the values.

A statistics table's cells are rounded at their last digit (USD million,
thousand carats, a whole price per carat); a table's ranking lists only some
of what is ranked; a containment may rest on derived sizes; a reading of an
ambiguous quantity may be the true one. For random true values written as a
table or a release rounds them, no check may fail.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks import factkit
from tests.checks.factkit import Wording
from tests.seedkit import figure, quantity

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _rounded(value: float, places: int = 0) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)


def _failures(run: Any) -> list[str]:
    return [r.message for r in run.results if r.status in ("fail", "warn")]


@SETTINGS
@given(st.floats(1e6, 1e10), st.floats(1e5, 1e8))
def test_a_rows_price_rounded_as_a_table_rounds_it_never_fails(
    wording: Wording, value: float, volume: float
) -> None:
    """Value in USD million, volume in thousand carats, price per carat: each cell rounded
    to its last digit, as the KP table is; price = value / volume must hold."""
    millions, thousands = _rounded(value / 1e6), _rounded(volume / 1e3)
    if millions == 0 or thousands == 0:
        return
    price = _rounded(value / volume)
    if price == 0:
        return
    cells = [
        figure("v", f"USD {millions:,} million", float(millions) * 1e6, "USD", quantity="value",
               period="2016"),
        figure("w", f"{thousands:,} thousand carats", float(thousands) * 1e3, "carat",
               quantity="volume", period="2016", measure="volume"),
        figure("p", f"USD {price:,} per carat", float(price), "USD_per_carat", quantity="price",
               period="2016"),
    ]  # fmt: skip
    run = factkit.check(
        wording,
        ["ratio"],
        quantities=[
            quantity("value", "value", "USD") | {"flow": True},
            quantity("volume", "volume", "carats") | {"flow": True},
            quantity("price", "value", "USD per carat"),
        ],
        ratios=[
            {"key": "r", "name": "Price", "result": "price", "numerator": "value",
             "denominator": "volume"}
        ],
        figures=cells,
    )  # fmt: skip
    assert _failures(run) == []


@SETTINGS
@given(st.lists(st.floats(1e6, 1e9), min_size=6, max_size=6, unique=True), st.integers(3, 5))
def test_a_true_rank_against_a_partial_ranking_never_fails(
    wording: Wording, values: list[float], listed: int
) -> None:
    """Six producers; the table lists ``listed`` of them (the claimant among them). A claim
    of the claimant's true rank among all six holds against the listed ones' values."""
    keys = [f"p-{i}" for i in range(6)]
    rank = 1 + sum(v > values[0] for v in values[1:])
    words = ["first", "second", "third", "fourth", "fifth", "sixth"]
    shown = [_rounded(v / 1e6) for v in values]
    figures = [
        figure(f"v-{i}", f"USD {shown[i]:,} million", float(shown[i]) * 1e6, "USD",
               quantity=keys[i], period="2016")
        for i in range(listed)
    ]  # fmt: skip
    figures.append(
        figure("claim", words[rank - 1], rank, "rank", quantity=keys[0], ranking="by-value",
               period="2016")
    )  # fmt: skip
    run = factkit.check(
        wording,
        ["rank-claims"],
        quantities=[quantity(k, "value", "USD") for k in keys],
        rankings=[
            {"key": "by-value", "name": "Producers by value", "measure": "value",
             "members": keys[:listed], "partial": True}
        ],
        figures=figures,
    )  # fmt: skip
    assert _failures(run) == []


@SETTINGS
@given(st.floats(0.05, 0.95), st.floats(1e9, 5e10), st.floats(1.0, 3.0))
def test_a_true_containment_across_documents_never_fails(
    wording: Wording, share: float, whole: float, room: float
) -> None:
    """A share of a whole, and a container at least the part: stated rounded, never a fail."""
    part = share * whole
    container = part * room
    percent, whole_bn, container_bn = _rounded(share * 100), _rounded(whole / 1e9, 2), None
    container_bn = _rounded(container / 1e9, 2)
    run = factkit.check(
        wording,
        ["part-within-whole", "implied-quantity"],
        quantities=[
            quantity("supply", "value", "USD") | {"flow": True},
            quantity("trade", "value", "USD") | {"flow": True},
            quantity("sales", "value", "USD") | {"flow": True},
        ],
        links=[{"part": "supply", "whole": "sales", "relation": "part_of", "basis": "stated"}],
        figures=[
            figure("s", f"{percent}%", float(percent), "percent", quantity="supply",
                   whole="trade", period="2017"),
            figure("t", f"USD {whole_bn} billion", float(whole_bn) * 1e9, "USD",
                   quantity="trade", period="2017"),
            figure("c", f"USD {container_bn} billion", float(container_bn) * 1e9, "USD",
                   quantity="sales", period="2017"),
        ],
    )  # fmt: skip
    assert _failures(run) == []


@SETTINGS
@given(st.floats(1e9, 2e10), st.floats(1e9, 2e10), st.floats(0.05, 0.5), st.booleans())
def test_the_true_reading_keeps_the_readings_from_failing(
    wording: Wording, imports: float, exports: float, share: float, both: bool
) -> None:
    """Trade is imports (+ exports when ``both``); a share of it is stated with its amount.
    With the true reading among those declared, the readings rule never fails."""
    trade = imports + (exports if both else 0)
    amount = _rounded(share * trade / 1e9, 3)
    percent = _rounded(share * 100, 1)
    run = factkit.check(
        wording,
        ["readings"],
        quantities=[
            quantity(k, "value", "USD") | {"flow": True}
            for k in ("imports", "exports", "trade", "x-in-trade")
        ],
        readings=[
            {"key": "both", "name": "imports + exports", "quantity": "trade",
             "parts": ["imports", "exports"]},
            {"key": "in", "name": "imports", "quantity": "trade", "parts": ["imports"]},
        ],
        figures=[
            figure("i", f"USD {_rounded(imports / 1e9, 2)} billion",
                   float(_rounded(imports / 1e9, 2)) * 1e9, "USD", quantity="imports",
                   period="2017"),
            figure("e", f"USD {_rounded(exports / 1e9, 2)} billion",
                   float(_rounded(exports / 1e9, 2)) * 1e9, "USD", quantity="exports",
                   period="2017"),
            figure("x", f"USD {amount} billion", float(amount) * 1e9, "USD",
                   quantity="x-in-trade", period="2017"),
            figure("x-share", f"{percent}%", float(percent), "percent", quantity="x-in-trade",
                   whole="trade", period="2017"),
        ],
    )  # fmt: skip
    assert _failures(run) == []
