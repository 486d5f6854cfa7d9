"""The engine is sound and says each error once: properties over random documents.

A random family of true values (sales by product over two years, a change, a
volume and a price, a comparison, a ranking of three producers) is written
as a release would round it. Every stated interval then holds the truth, so
no check may fail. One figure moved beyond its rounding must give exactly
one failure, and that failure must name the moved figure.
"""

from __future__ import annotations

import itertools
import math
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbtool.checks.engine import FinishedRun
from tests.checks import factkit
from tests.checks.factkit import Wording
from tests.seedkit import figure, quantity

RULES = [
    "sum-of-parts",
    "change",
    "ratio",
    "same-period",
    "periods",
    "comparison",
    "rank-claims",
    "bounds",
]
QUANTITIES = [
    quantity("total", "value", "USD") | {"flow": True},
    quantity("rough", "value", "USD") | {"flow": True},
    quantity("polished", "value", "USD") | {"flow": True},
    quantity("carats", "volume", "carats"),
    quantity("price", "value", "USD per carat"),
    quantity("p-a", "value", "USD"),
    quantity("p-b", "value", "USD"),
    quantity("p-c", "value", "USD"),
]


def _millions(value: float, decimals: int) -> tuple[str, float]:
    """``value`` (USD) written in millions to ``decimals`` places, as a release rounds it."""
    shown = Decimal(value / 1e6).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_EVEN)
    return f"USD {shown:,} million", float(shown) * 1e6


@st.composite
def families(draw: st.DrawFn) -> dict[str, Any]:
    """True values, and how finely each figure is written."""
    rough = {year: draw(st.floats(100e6, 5000e6)) for year in (2016, 2017)}
    polished = {year: draw(st.floats(5e6, 300e6)) for year in (2016, 2017)}
    growth = draw(st.floats(0.03, 0.4)) * draw(st.sampled_from([1, -1]))
    polished[2017] = (rough[2016] + polished[2016]) * (1 + growth) - rough[2017]
    if polished[2017] <= 1e6:
        rough[2017] = (rough[2016] + polished[2016]) * (1 + growth) - 50e6
        polished[2017] = 50e6
    carats = draw(st.floats(1e6, 50e6))
    producers = sorted(draw(st.lists(st.floats(100e6, 4000e6), min_size=3, max_size=3)))
    spread = all(b > a * 1.15 for a, b in itertools.pairwise(producers))
    return {
        "rough": rough,
        "polished": polished,
        "growth": growth,
        "carats": carats,
        "producers": producers if spread else [500e6, 1000e6, 2000e6],
        "decimals": draw(st.integers(1, 2)),
    }


def _sections(family: dict[str, Any], moved: str | None = None) -> dict[str, list]:
    """The document stating a family; ``moved`` names the one figure written wrong."""
    decimals = family["decimals"]
    figures = []

    def amount(key: str, value: float, of: str, period: str) -> None:
        if key == moved:  # the lowest producer moved above the highest: "second" is wrong
            value *= 1.3 if key != "p-a" else 2 * family["producers"][2] / value
        written, shown = _millions(value, decimals)
        figures.append(figure(key, written, shown, "USD", quantity=of, period=period))

    for year in (2016, 2017):
        rough, polished = family["rough"][year], family["polished"][year]
        amount(f"rough-{year}", rough, "rough", str(year))
        amount(f"polished-{year}", polished, "polished", str(year))
        amount(f"total-{year}", rough + polished, "total", str(year))
    growth = family["growth"] * 100 + (25 if moved == "change" else 0)
    direction = "up" if growth >= 0 else "down"
    figures.append(
        figure(
            "change",
            f"{abs(round(growth))}%",
            abs(round(growth)),
            "percent",
            quantity="total",
            period="2017",
            base_period="2016",
            direction=direction,
        )
    )
    carats = family["carats"] * (1.3 if moved == "carats" else 1)
    figures.append(
        figure(
            "carats",
            f"{carats / 1e6:.2f} million carats",
            round(carats / 1e4) * 1e4,
            "carat",
            quantity="carats",
            period="2017",
            measure="volume",
        )
    )
    price = family["rough"][2017] / family["carats"] * (1.3 if moved == "price" else 1)
    figures.append(
        figure(
            "price",
            f"USD {price:,.1f} per carat",
            round(price, 1),
            "USD_per_carat",
            quantity="price",
            period="2017",
        )
    )
    low, middle, high = family["producers"]
    for key, value in (("p-a", low), ("p-b", middle), ("p-c", high)):
        amount(key, value, key, "2016")
    rank = 2 + (1 if moved == "rank" else 0)
    figures.append(
        figure(
            "rank",
            "second" if rank == 2 else "third",
            rank,
            "rank",
            quantity="p-b",
            ranking="producers",
            period="2016",
        )
    )
    rising = (family["growth"] > 0) != (moved == "comparison")
    return {
        "quantities": QUANTITIES,
        "sums": [
            {"key": "by-product", "name": "Sales", "total": "total", "parts": ["rough", "polished"]}
        ],
        "ratios": [
            {
                "key": "rough-price",
                "name": "Rough price",
                "result": "price",
                "numerator": "rough",
                "denominator": "carats",
            }
        ],
        "rankings": [
            {
                "key": "producers",
                "name": "Producers",
                "measure": "value",
                "members": ["p-a", "p-b", "p-c"],
            }
        ],
        "comparisons": [
            {
                "key": "direction",
                "quote": "sales moved",
                "quantity": "total",
                "period": "2017",
                "other_period": "2016",
                "relation": "higher" if rising else "lower",
            }
        ],
        "figures": figures,
    }


def _failures(run: FinishedRun) -> list[Any]:
    return [r for r in run.results if r.status in ("fail", "warn")]


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(families())
def test_consistent_figures_never_fail(wording: Wording, family: dict[str, Any]) -> None:
    run = factkit.check(wording, RULES, **_sections(family))
    assert _failures(run) == [], [r.message for r in _failures(run)]


MOVABLE = [
    "rough-2017",
    "total-2016",
    "polished-2016",
    "change",
    "carats",
    "price",
    "p-a",
    "rank",
    "comparison",
    "total-2017",
]


@SETTINGS
@given(families(), st.sampled_from(MOVABLE))
def test_one_wrong_figure_is_one_failure_naming_it(
    wording: Wording, family: dict[str, Any], moved: str
) -> None:
    run = factkit.check(wording, RULES, **_sections(family, moved))
    failures = _failures(run)
    assert len(failures) == 1, [r.message for r in failures]
    named = moved if moved not in ("comparison",) else None
    if named is not None:
        assert named in failures[0].figures or (
            moved == "rank" and "rank" in failures[0].figures
        ), failures[0]
    else:
        assert failures[0].rule == "comparison"
    assert not math.isnan(len(failures[0].message))
