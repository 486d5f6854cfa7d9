"""Changes of a share in percentage points: level(t) − level(base) = ±points, over intervals.

"De Beers' share rose 2.1 percentage points to 34.5%, from 32.4%": 34.5 − 32.4 is 2.1,
so the check passes; 3.1 points cannot be (34.45 − 32.45 = 2.0 to 34.55 − 32.35 = 2.2). Read as a
relative change it would be 6.5 %, and a text that says 2.1 would be a false alarm.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dbtool.checks.engine import FinishedRun
from dbtool.checks.facts import Fact, Facts, QuantityInfo
from dbtool.checks.solver import solve
from tests.checks import factkit
from tests.checks.factkit import Wording
from tests.seedkit import figure, quantity

QUANTITIES = [
    quantity("acme-sales", "value", "USD") | {"flow": True},
    quantity("world-sales", "value", "USD") | {"flow": True},
]


def share(key: str, written: str, value: float, period: str, **extra: Any) -> dict[str, Any]:
    return figure(
        key,
        written,
        value,
        "percent",
        period=period,
        quantity="acme-sales",
        whole="world-sales",
        **extra,
    )


def points(
    key: str, written: str, value: float, direction: str, period: str, base: str, **extra: Any
) -> dict[str, Any]:
    return figure(
        key,
        written,
        value,
        "percentage_point",
        direction=direction,
        period=period,
        base_period=base,
        quantity="acme-sales",
        whole="world-sales",
        **extra,
    )


def _run(wording: Wording, *figures: dict[str, Any]) -> FinishedRun:
    return factkit.check(
        wording, ["change", "bounds"], quantities=QUANTITIES, figures=list(figures)
    )


def _change(run: FinishedRun) -> list[Any]:
    return [r for r in run.results if r.rule == "change"]


@pytest.mark.parametrize(
    ("written", "value", "direction", "status"),
    [
        ("2.1 percentage points", 2.1, "up", "pass"),
        ("2.2 pp", 2.2, "up", "pass"),  # 34.55 − 32.35 = 2.2: rounding allows it
        ("3.1 percentage points", 3.1, "up", "fail"),
        ("2.1 percentage points", 2.1, "down", "fail"),
    ],
)
def test_a_change_in_points_against_both_shares(
    wording: Wording, written: str, value: float, direction: str, status: str
) -> None:
    run = _run(
        wording,
        share("now", "34.5%", 34.5, "2018"),
        share("before", "32.4%", 32.4, "2017"),
        points("rise", written, value, direction, "2018", "2017"),
    )
    [result] = _change(run)
    assert result.status == status
    assert set(result.figures) == {"now", "before", "rise"}
    assert f"“{written}”" in result.message
    assert [r.status for r in run.results if r.rule == "bounds"] == ["pass"]
    if status == "fail":
        assert "the levels give +2 to +2.2 points" in result.message


def test_a_fall_in_points_that_the_shares_show_passes(wording: Wording) -> None:
    # "down 1.2 points from 36.0%" to 34.8 %
    run = _run(
        wording,
        share("now", "34.8%", 34.8, "2018"),
        share("before", "36.0%", 36.0, "2017"),
        points("fall", "1.2 points", 1.2, "down", "2018", "2017"),
    )
    assert [r.status for r in _change(run)] == ["pass"]


def test_a_change_in_points_is_not_read_as_a_relative_change(wording: Wording) -> None:
    # 40 % to 44 %: up 4 points (and 10 % relative); "up 10 percentage points" is wrong.
    right = _run(
        wording,
        share("now", "44%", 44, "2018"),
        share("before", "40%", 40, "2017"),
        points("rise", "4 percentage points", 4, "up", "2018", "2017"),
    )
    wrong = _run(
        wording,
        share("now", "44%", 44, "2018"),
        share("before", "40%", 40, "2017"),
        points("rise", "10 percentage points", 10, "up", "2018", "2017"),
    )
    assert [r.status for r in _change(right)] == ["pass"]
    assert [r.status for r in _change(wrong)] == ["fail"]


@pytest.mark.parametrize(
    ("written", "qualifier", "status"),
    [
        # nearly 3 points: [2.7, 3); the shares allow 2.9 to 3.1
        ("nearly 3 percentage points", "nearly", "pass"),
        # over 3.2 points: the shares allow at most 3.1
        ("over 3.2 percentage points", "over", "fail"),
        ("over 2 percentage points", "over", "pass"),
    ],
)
def test_a_qualified_change_in_points(
    wording: Wording, written: str, qualifier: str, status: str
) -> None:
    value = float(written.split()[1])
    run = _run(
        wording,
        share("now", "35%", 35.0, "2018", precision=0.05),
        share("before", "32%", 32.0, "2017", precision=0.05),
        points("rise", written, value, "up", "2018", "2017", qualifier=qualifier),
    )
    assert [r.status for r in _change(run)] == [status]


def test_a_change_in_points_with_one_share_gives_the_other(wording: Wording) -> None:
    # "up 2.1 points to 34.5%": the 2017 share is 34.45 − 2.15 … 34.55 − 2.05 %.
    run = _run(
        wording,
        share("now", "34.5%", 34.5, "2018"),
        points("rise", "2.1 percentage points", 2.1, "up", "2018", "2017"),
    )
    [result] = _change(run)
    assert result.status == "info"
    assert result.interval is not None
    assert (result.interval.low, result.interval.high) == pytest.approx((32.3, 32.5))
    assert result.unit == "percent"


def test_a_change_in_points_against_shares_derived_from_amounts(wording: Wording) -> None:
    # 40 of 100 in 2017 and 45 of 100 in 2018: up 5 points, not 12.5.
    def amount(key: str, written: str, value: float, period: str, whole: bool) -> dict:
        return figure(
            key,
            written,
            value * 1e6,
            "USD",
            period=period,
            quantity="world-sales" if whole else "acme-sales",
        )

    sizes = [
        amount("a18", "USD 45 million", 45, "2018", False),
        amount("w18", "USD 100 million", 100, "2018", True),
        amount("a17", "USD 40 million", 40, "2017", False),
        amount("w17", "USD 100 million", 100, "2017", True),
    ]
    right = _run(wording, *sizes, points("p", "5 pp", 5, "up", "2018", "2017"))
    wrong = _run(wording, *sizes, points("p", "12.5 pp", 12.5, "up", "2018", "2017"))
    assert "fail" not in [r.status for r in _change(right)]
    assert "fail" in [r.status for r in _change(wrong)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"whole": None}, "percentage points change a share: give 'whole'"),
        ({"base_period": None}, "is a change: give 'base_period'"),
        ({"direction": None}, "needs 'direction'"),
    ],
)
def test_points_of_anything_but_a_share_change_are_refused(
    wording: Wording, extra: dict[str, Any], message: str
) -> None:
    row = points("rise", "2.1 pp", 2.1, "up", "2018", "2017")
    row = {k: v for k, v in (row | extra).items() if v is not None}
    with pytest.raises(ValidationError, match=message):
        factkit.facts(wording, quantities=QUANTITIES, figures=[row])


def _facts(figures: list[Fact]) -> Facts:
    quantities = {q: QuantityInfo(q, q, "value", "USD", flow=True) for q in ("part", "whole")}
    return Facts(figures=figures, quantities=quantities)


shares = st.fractions(min_value=0, max_value=100, max_denominator=1000)


@settings(max_examples=80, deadline=None)
@given(before=shares, after=shares, decimals=st.integers(0, 2), points_decimals=st.integers(0, 2))
def test_consistent_shares_and_points_never_fail_and_derive_soundly(
    before: Fraction, after: Fraction, decimals: int, points_decimals: int
) -> None:
    def rounded(x: Fraction, places: int) -> tuple[float, float]:
        return round(float(x), places), 0.5 * 10.0**-places

    change = after - before
    size, size_half = rounded(abs(change), points_decimals)
    sign = 1 if change >= 0 else -1
    stated = factkit.fact(
        "p", "part", "2018", size, size_half, "percentage_point", "whole", "2017", sign
    )
    later = factkit.fact("a", "part", "2018", *rounded(after, decimals), "percent", "whole")
    earlier = factkit.fact("b", "part", "2017", *rounded(before, decimals), "percent", "whole")
    solution = solve(_facts([later, earlier, stated]))
    assert [f.outcome for f in solution.findings["change"]] == ["pass"]
    derived = solve(_facts([later, stated]))
    [finding] = derived.findings["change"]
    if finding.outcome == "info" and finding.interval is not None:
        assert Fraction(finding.interval.low) <= before <= Fraction(finding.interval.high)


@pytest.mark.parametrize(
    ("written", "status"), [("over 1 point", "pass"), ("over 1.5 points", "fail")]
)
def test_a_fall_of_over_some_points_is_a_fall_larger_than_them(
    wording: Wording, written: str, status: str
) -> None:
    # 36.0 % to 34.8 %: a fall of 1.1 to 1.3 points, more than 1 and less than 1.5
    run = _run(
        wording,
        share("now", "34.8%", 34.8, "2018"),
        share("before", "36.0%", 36.0, "2017"),
        points(
            "fall", written, float(written.split()[1]), "down", "2018", "2017", qualifier="over"
        ),
    )
    assert [r.status for r in _change(run)] == [status]
