"""The corpus rules: changes, sums of parts, differences, ratios, periods, the same period.

Each rule is made to pass and to fail on a small document whose arithmetic is
written next to it; property tests show the rules never raise a false alarm
on figures that are consistent up to their rounding.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dbtool.checks.engine import FinishedRun
from dbtool.checks.facts import Fact, Facts, QuantityInfo, RatioInfo, SumInfo
from dbtool.checks.solver import solve
from tests.checks import factkit
from tests.checks.factkit import Wording
from tests.seedkit import figure, quantity


def _run(wording: Wording, rules: list[str], **sections: Any) -> FinishedRun:
    return factkit.check(wording, rules, **sections)


def _statuses(run: FinishedRun, rule: str) -> list[str]:
    return [r.status for r in run.results if r.rule == rule]


SALES = [quantity("sales", "value", "USD") | {"flow": True}]


def amount(key: str, written: str, value: float, period: str, **extra: Any) -> dict[str, Any]:
    return figure(key, written, value, "USD", period=period, **({"quantity": "sales"} | extra))


def change(
    key: str, written: str, value: float, direction: str, period: str, base: str, **extra: Any
) -> dict[str, Any]:
    return figure(
        key,
        written,
        value,
        "percent",
        direction=direction,
        period=period,
        base_period=base,
        **({"quantity": "sales"} | extra),
    )


@pytest.mark.parametrize(("written", "value", "status"), [("12%", 12, "fail"), ("25%", 25, "pass")])
def test_a_change_against_both_ends(
    wording: Wording, written: str, value: float, status: str
) -> None:
    # "sales rose 12% to USD 250 million from USD 200 million": 250 / 200 = 1.25, that is 25 %.
    run = _run(
        wording,
        ["change"],
        quantities=SALES,
        figures=[
            amount("now", "USD 250 million", 250e6, "2018"),
            amount("before", "USD 200 million", 200e6, "2017"),
            change("rise", written, value, "up", "2018", "2017"),
        ],
    )
    assert _statuses(run, "change") == [status]
    assert run.failed() == (status == "fail")
    [result] = run.results
    assert set(result.figures) == {"now", "before", "rise"}
    assert "(from tiny)" in result.message


def test_a_change_with_one_end_missing_derives_it(wording: Wording) -> None:
    # USD 338.7 million (±0.05) after a 9 % (±0.5) rise: the base is 338.65/1.095 … 338.75/1.085.
    run = _run(
        wording,
        ["change"],
        quantities=SALES,
        figures=[
            amount("sep", "USD 338.7 million", 338.7e6, "2018-09"),
            change("yoy", "9%", 9, "up", "2018-09", "2017-09"),
        ],
    )
    [result] = run.results
    assert result.status == "info"
    assert result.interval is not None
    assert (result.interval.low, result.interval.high) == pytest.approx(
        (338.65e6 / 1.095, 338.75e6 / 1.085)
    )
    assert "in September 2017" in result.message
    [derived] = result.derived
    assert derived.unit == "USD"


@pytest.mark.parametrize(("total", "status"), [("1,322.9", "pass"), ("1,330.0", "fail")])
def test_parts_add_up_to_the_total_over_intervals(
    wording: Wording, total: str, status: str
) -> None:
    # 1,303.8 + 19.2 = 1,323.0 exactly, but each is ± 0.05: [1,322.9, 1,323.1] meets
    # 1,322.9 ± 0.05. Comparing rounded numbers would raise a false alarm here.
    parts = [quantity("rough", "value", "USD"), quantity("polished", "value", "USD")]
    run = _run(
        wording,
        ["sum-of-parts"],
        quantities=SALES + parts,
        sums=[
            {
                "key": "by-product",
                "name": "Sales by product",
                "total": "sales",
                "parts": ["rough", "polished"],
            }
        ],
        figures=[
            amount("total", f"USD {total} million", float(total.replace(",", "")) * 1e6, "2017"),
            amount("rough", "USD 1,303.8 million", 1303.8e6, "2017", quantity="rough"),
            amount("polished", "USD 19.2 million", 19.2e6, "2017", quantity="polished"),
        ],
    )
    assert _statuses(run, "sum-of-parts") == [status]


@pytest.mark.parametrize(
    ("net", "value", "status"),
    [
        ("minus USD 1.88 billion", -1.88e9, "pass"),
        ("minus USD 2.5 billion", -2.5e9, "fail"),
    ],
)
def test_a_net_figure_is_the_difference(
    wording: Wording, net: str, value: float, status: str
) -> None:
    # 10.73 − 12.61 = −1.88 (billion): "minus USD 2.5 billion" cannot be that difference.
    trade = [
        quantity("imports", "value", "USD"),
        quantity("exports", "value", "USD"),
        quantity("net", "value", "USD") | {"signed": True},
    ]
    run = _run(
        wording,
        ["difference"],
        quantities=trade,
        sums=[
            {
                "key": "net-imports",
                "name": "Net imports",
                "total": "net",
                "parts": ["imports"],
                "minus": ["exports"],
            }
        ],
        figures=[
            amount("imports", "USD 10.73 billion", 10.73e9, "2017", quantity="imports"),
            amount("exports", "USD 12.61 billion", 12.61e9, "2017", quantity="exports"),
            amount("net", net, value, "2017", quantity="net"),
        ],
    )
    assert _statuses(run, "difference") == [status]


PRICES = [
    quantity("value", "value", "USD") | {"flow": True},
    quantity("volume", "volume", "carats") | {"flow": True},
    quantity("price", "value", "USD per carat"),
]
RATIO = [
    {
        "key": "price",
        "name": "Price per carat",
        "result": "price",
        "numerator": "value",
        "denominator": "volume",
    }
]


@pytest.mark.parametrize(
    ("written", "value", "status"),
    [("USD 113 per carat", 113, "pass"), ("USD 150 per carat", 150, "fail")],
)
def test_a_price_is_value_over_volume(
    wording: Wording, written: str, value: float, status: str
) -> None:
    # 10.73 bn / 95.3 m carats = 112.6 per carat: [112.48, 112.70] meets 113 ± 0.5, not 150.
    run = _run(
        wording,
        ["ratio"],
        quantities=PRICES,
        ratios=RATIO,
        figures=[
            amount("v", "USD 10.73 billion", 10.73e9, "2017", quantity="value"),
            figure(
                "q",
                "95.3 million carats",
                95.3e6,
                "carat",
                quantity="volume",
                period="2017",
                measure="volume",
            ),
            figure("p", written, value, "USD_per_carat", quantity="price", period="2017"),
        ],
    )
    assert _statuses(run, "ratio") == [status]


@pytest.mark.parametrize(("price", "status"), [(16, "pass"), (5, "fail")])
def test_changes_compose(wording: Wording, price: float, status: str) -> None:
    # Value −11 %, volume +6 %: the price factor is 0.89 / 1.06 = 0.84, a fall of 16 %, not 5 %.
    run = _run(
        wording,
        ["ratio"],
        quantities=PRICES,
        ratios=RATIO,
        figures=[
            change("dv", "11%", 11, "down", "2017", "2016", quantity="value"),
            change("dq", "6%", 6, "up", "2017", "2016", quantity="volume", measure="volume"),
            change("dp", f"{price:g}%", price, "down", "2017", "2016", quantity="price"),
        ],
    )
    assert _statuses(run, "ratio") == [status]


@pytest.mark.parametrize(("september", "status"), [(338.7, "info"), (700.0, "fail")])
def test_periods_add_up(wording: Wording, september: float, status: str) -> None:
    # January–September 3.662 bn − January–July 3.029 bn = 633 m for August and September:
    # September at 338.7 m leaves 294.3 m for August; at 700 m, August would be negative.
    run = _run(
        wording,
        ["periods"],
        quantities=SALES,
        figures=[
            amount("ytd9", "USD 3.662 billion", 3.662e9, "2018-01/2018-09"),
            amount("ytd7", "USD 3.029 billion", 3.029e9, "2018-01/2018-07"),
            amount("sep", f"USD {september} million", september * 1e6, "2018-09"),
        ],
    )
    statuses = _statuses(run, "periods")
    assert (status in statuses) and ("fail" in statuses) == (status == "fail")
    august = [r for r in run.results if "in August 2018 at" in r.message]
    if status == "info":
        [result] = august
        assert result.interval is not None
        assert result.interval.low == pytest.approx(3.6615e9 - 3.0295e9 - 338.75e6)


def _history(wrong_month: int | None = None) -> list[dict[str, Any]]:
    """A year stated every month, each month and its year to date: month m sold m × 10
    million, so January–m is 5 m (m + 1) million; ``wrong_month``'s year to date is
    stated 100 million too high."""
    found = []
    for month in range(1, 13):
        ytd = 5 * month * (month + 1) + (100 if month == wrong_month else 0)
        found += [
            amount(f"m{month}", f"USD {10 * month} million", 10e6 * month, f"2018-{month:02d}"),
            amount(f"y{month}", f"USD {ytd} million", ytd * 1e6, f"2018-01/2018-{month:02d}"),
        ]
    return found


def test_a_history_is_split_by_its_neighbours_not_by_every_pair(wording: Wording) -> None:
    # Twelve years to date and twelve months: January–m is January–(m−1) and m, and the
    # quarters and the second half are left over where what is left is one; not
    # January–December minus each of the other ten years to date (66 relations a year).
    run = _run(wording, ["periods"], quantities=SALES, figures=_history())
    periods = [r for r in run.results if r.rule == "periods"]
    assert {r.status for r in periods} == {"pass", "info"}
    assert len(periods) < 66  # 166 when every pair sharing an end was split
    shown = " ".join(r.message for r in periods)
    assert "February–December 2018" not in shown  # a rest of no report's series
    assert "July–December 2018 at" in shown  # the second half, December less June
    assert "April–June 2018" in shown  # the second quarter


def test_a_wrong_year_to_date_in_a_history_is_one_failure(wording: Wording) -> None:
    # January–July stated 100 million too high breaks January–July = January–June + July
    # and January–August = January–July + August: one figure, one failure.
    run = _run(wording, ["periods"], quantities=SALES, figures=_history(wrong_month=7))
    [failure] = [r for r in run.results if r.status == "fail"]
    assert "y7" in failure.figures
    assert run.failed()


def test_the_same_period_stated_twice_must_agree(wording: Wording) -> None:
    run = _run(
        wording,
        ["same-period"],
        quantities=SALES,
        figures=[
            amount("title", "USD 339 million", 339e6, "2018-07"),
            amount("body", "USD 345.1 million", 345.1e6, "2018-07"),
        ],
    )
    [result] = run.results
    assert result.status == "fail"
    assert "cannot all hold" in result.message and "in July 2018" in result.message


# -- properties: consistent figures never fail, whatever their rounding ---------------


def _facts(figures: list[Fact], **extra: Any) -> Facts:
    quantities = {
        q: QuantityInfo(q, q, "value", "USD", flow=True, signed=True)
        for q in ("total", "a", "b", "value", "volume", "price")
    }
    return Facts(figures=figures, quantities=quantities, **extra)


def _rounded(x: Fraction, decimals: int) -> tuple[float, float]:
    """A number as a release prints it, and half a unit of its last digit."""
    return round(float(x), decimals), 0.5 * 10.0**-decimals


amounts = st.fractions(min_value=Fraction(1), max_value=Fraction(10**6), max_denominator=1000)


@settings(max_examples=60, deadline=None)
@given(a=amounts, b=amounts, decimals=st.integers(0, 3), minus=st.booleans())
def test_a_consistent_sum_never_fails(a: Fraction, b: Fraction, decimals: int, minus: bool) -> None:
    total = a - b if minus else a + b
    figures = [
        factkit.fact(k, k, "2017", *_rounded(v, decimals))
        for k, v in (("total", total), ("a", a), ("b", b))
    ]
    terms = (("a", 1), ("b", -1 if minus else 1))
    solution = solve(_facts(figures, sums=[SumInfo("s", "S", "total", terms, "doc")]))
    rule = "difference" if minus else "sum-of-parts"
    assert [f.outcome for f in solution.findings[rule]] == ["pass"]


@settings(max_examples=60, deadline=None)
@given(volume=amounts, price=amounts, decimals=st.integers(0, 2))
def test_a_consistent_ratio_never_fails(volume: Fraction, price: Fraction, decimals: int) -> None:
    value = volume * price
    figures = [
        factkit.fact(k, k, "2017", *_rounded(v, decimals))
        for k, v in (("value", value), ("volume", volume), ("price", price))
    ]
    solution = solve(
        _facts(figures, ratios=[RatioInfo("r", "R", "price", "value", "volume", "doc")])
    )
    assert [f.outcome for f in solution.findings["ratio"]] == ["pass"]


@settings(max_examples=60, deadline=None)
@given(
    before=amounts,
    percent=st.fractions(min_value=-90, max_value=300, max_denominator=100),
    decimals=st.integers(0, 2),
)
def test_a_consistent_change_never_fails_and_its_base_is_derived_soundly(
    before: Fraction, percent: Fraction, decimals: int
) -> None:
    after = before * (1 + percent / 100)
    later, half = _rounded(after, decimals)
    size, size_half = _rounded(abs(percent), 1)
    change_fact = factkit.fact(
        "c",
        "total",
        "2018",
        size,
        size_half,
        "percent",
        base="2017",
        sign=1 if percent >= 0 else -1,
    )
    stated_before = factkit.fact("b", "total", "2017", *_rounded(before, decimals))
    stated_after = factkit.fact("a", "total", "2018", later, half)
    solution = solve(_facts([stated_after, stated_before, change_fact]))
    assert [f.outcome for f in solution.findings["change"]] == ["pass"]
    derived = solve(_facts([stated_after, change_fact]))
    [finding] = derived.findings["change"]
    assert finding.interval is not None
    assert Fraction(finding.interval.low) <= before <= Fraction(finding.interval.high)


@pytest.mark.parametrize(
    ("written", "value", "status"), [("USD 2 billion", 2e9, "pass"), ("USD 5 billion", 5e9, "fail")]
)
def test_a_part_of_a_series_fits_in_its_period(
    wording: Wording, written: str, value: float, status: str
) -> None:
    # Sales to Belgium in 2017 are part of 2017 sales (USD 4.17 billion), whatever other
    # periods the sales series has; USD 5 billion cannot be.
    quantities = [*SALES, quantity("to-belgium", "value", "USD")]
    link = [{"part": "to-belgium", "whole": "sales", "relation": "part_of", "basis": "stated"}]
    run = _run(
        wording,
        ["part-within-whole"],
        quantities=quantities,
        links=link,
        figures=[
            amount("year", "USD 4.17 billion", 4.17e9, "2017"),
            amount("december", "USD 237.8 million", 237.8e6, "2017-12"),
            amount("belgium", written, value, "2017", quantity="to-belgium"),
        ],
    )
    assert _statuses(run, "part-within-whole") == [status]
    assert run.results[0].message.startswith("To belgium, 2017: ")
