"""Tests for dbtool.intervals.

The property tests check soundness exactly, with ``Fraction``: the implementation rounds
outward, so no tolerance is needed, and any tolerance here would hide a real bug.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dbtool.core.intervals import Interval, exact_add, exact_div, exact_mul

INF = math.inf
OPS: dict[str, Callable[[Any, Any], Any]] = dict(
    zip("+-*/", [operator.add, operator.sub, operator.mul, operator.truediv], strict=True)
)

FINITE = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 1.0, -1.0, 0.1]),
)
PAD = st.one_of(st.none(), st.just(0.0), st.floats(0, 1e6, allow_nan=False))


@st.composite
def with_members(draw: st.DrawFn) -> tuple[Interval, list[float]]:
    """An interval (maybe open, maybe unbounded) and a few floats that are truly inside it."""
    members = draw(st.lists(FINITE, min_size=1, max_size=3))
    lo_pad, hi_pad = draw(PAD), draw(PAD)
    low = -INF if lo_pad is None else min(members) - lo_pad
    high = INF if hi_pad is None else max(members) + hi_pad
    low_inc = low == min(members) or draw(st.booleans())
    high_inc = high == max(members) or draw(st.booleans())
    return Interval(low, high, low_inc, high_inc), members


def holds(iv: Interval, q: Fraction) -> bool:
    """Exact membership of a rational, which ``Interval.contains`` cannot express."""
    above = q > iv.low or (iv.low_inclusive and q == iv.low)
    below = q < iv.high or (iv.high_inclusive and q == iv.high)
    return above and below


@pytest.mark.parametrize(
    "args",
    [(2, 1), (math.nan, 1), (0, math.nan), (1, 1, False, True), (1, 1, True, False), (INF, INF)],
)
def test_rejects_empty_or_nan(args: tuple[Any, ...]) -> None:
    with pytest.raises(ValueError):
        Interval(*args)


def test_infinite_bounds_are_normalised_open() -> None:
    iv = Interval(-INF, 5)
    assert not iv.low_inclusive and iv.high_inclusive
    assert iv == Interval(-INF, 5, False, True)
    assert Interval.everything() == Interval(-INF, INF)
    assert Interval(-0.0, 1) == Interval(0, 1)


def test_bounds_round_trip_through_sql_nulls() -> None:
    assert Interval.from_bounds(None, 5).bounds() == (None, 5.0)
    assert Interval.everything().bounds() == (None, None)
    assert Interval.from_bounds(2e9, None, low_inclusive=False) == Interval(2e9, INF, False)


def test_properties() -> None:
    assert Interval(32.5, 33.5).is_bounded and not Interval.from_bounds(0, None).is_bounded
    assert Interval.point(3).is_point and not Interval(3, 4).is_point
    assert Interval(32.5, 33.5).midpoint == 33
    assert Interval.from_bounds(None, 1).midpoint is None
    assert Interval(-sys.float_info.max, sys.float_info.max).midpoint == 0
    assert Interval(sys.float_info.max, sys.float_info.max).midpoint == sys.float_info.max


def test_stated_figures() -> None:
    thirty_three = Interval.point(33) + Interval(-0.5, 0.5)
    assert thirty_three == Interval(32.5, 33.5)
    assert str(thirty_three) == "[32.5, 33.5]"
    assert str(Interval(76.5, 85, high_inclusive=False)) == "[76.5, 85)"  # "nearly 85%"
    over_2bn = Interval.from_bounds(2e9, None, low_inclusive=False)
    assert str(over_2bn) == "(2e+09, ∞)"
    assert over_2bn.format(scale=1e9) == "(2, ∞)"


def test_implied_whole_from_share() -> None:
    whole = Interval.from_bounds(2e9, None, low_inclusive=False) / Interval(0.205, 0.215)
    assert not whole.low_inclusive and whole.high == INF
    assert math.nextafter(2e9 / 0.215, -INF) <= whole.low <= Fraction(2e9) / Fraction(0.215)


def test_ratio_of_two_stated_figures() -> None:
    ratio = Interval(20.5, 21.5) / Interval(30.5, 31.5)
    assert ratio.low_inclusive and ratio.high_inclusive
    assert ratio.low == pytest.approx(20.5 / 31.5, rel=1e-15) and ratio.low <= 20.5 / 31.5
    assert ratio.high == pytest.approx(21.5 / 30.5, rel=1e-15) and ratio.high >= 21.5 / 30.5
    assert ratio.contains(21 / 31)


def test_share_of_counts() -> None:
    share = Interval.point(21) / 55
    assert share.contains(21 / 55) and holds(share, Fraction(21, 55))
    assert share.high <= math.nextafter(share.low, INF)  # tight: at most one ulp wide
    assert (share * 100).overlaps(Interval(37.5, 38.5))  # "38%" agrees
    assert not (share * 100).overlaps(Interval(39.5, 40.5))  # "40%" does not


def test_overlap_respects_open_bounds() -> None:
    assert not Interval(1, 2, True, False).overlaps(Interval(2, 3))
    assert Interval(1, 2).overlaps(Interval(2, 3))
    assert Interval(1, 2).intersection(Interval(2, 3)) == Interval.point(2)
    assert Interval(1, 2, True, False).intersection(Interval(2, 3)) is None
    assert Interval(0, 2).intersection(Interval(1, 3, False)) == Interval(1, 2, False)
    assert Interval(0, 2).intersection(Interval(0, 2, False, False)) == Interval(0, 2, False, False)


def test_containment_hull_and_clip() -> None:
    half_open = Interval(1, 2, False, True)
    assert not half_open.contains(1) and half_open.contains(2) and not half_open.contains(math.nan)
    assert Interval(1, 2).contains_interval(half_open)
    assert not half_open.contains_interval(Interval(1, 2))
    assert Interval.everything().contains_interval(Interval.from_bounds(0, None))
    assert Interval(1, 2, False).hull(Interval(1, 3, True, False)) == Interval(1, 3, True, False)
    assert Interval(0, 1).hull(Interval(5, 6)) == Interval(0, 6)
    assert Interval.from_bounds(90, None).clip(0, 100) == Interval(90, 100)
    assert Interval(-5, -1).clip(0, 100) is None


def test_format() -> None:
    assert str(Interval.everything()) == "(−∞, ∞)"
    assert Interval(1 / 3, 2 / 3).format(digits=2) == "[0.33, 0.67]"
    assert Interval(0.325, 0.335).format(scale=0.01) == "[32.5, 33.5]"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Interval(0, 1), Interval.from_bounds(1, None), Interval.from_bounds(0, None)),
        (Interval(0, 1, False), Interval.from_bounds(1, None), Interval(0, INF, False)),
        (Interval.point(0), Interval.everything(), Interval.point(0)),
        (Interval(0, 1), Interval(1, 2, False, False), Interval(0, 2, True, False)),
        (Interval(-2, -1), Interval(3, 4, True, False), Interval(-8, -3, False, True)),
        (Interval(-1, 2), Interval(-3, 1), Interval(-6, 3)),
    ],
)
def test_multiplication(a: Interval, b: Interval, expected: Interval) -> None:
    assert a * b == expected
    assert b * a == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Interval(1, 2), Interval(0, 2, False), Interval.from_bounds(0.5, None)),
        (Interval(1, 2), Interval(0, 2), Interval.from_bounds(0.5, None)),
        (Interval(-1, 2), Interval(0, 2), Interval.everything()),
        (Interval(1, 2), Interval(-1, 1), Interval.everything()),
        (Interval(1, 2), Interval(-2, 0), Interval.from_bounds(None, -0.5)),
        (Interval(0, 1), Interval(0, 2, False), Interval.from_bounds(0, None)),
        (Interval.point(0), Interval(0, 2), Interval.point(0)),
        (Interval.point(1), Interval.from_bounds(2, None), Interval(0, 0.5, False)),
        (Interval.from_bounds(1, None), Interval.from_bounds(1, None), Interval(0, INF, False)),
        (Interval.point(6), Interval(2, 3), Interval(2, 3)),
    ],
)
def test_division(a: Interval, b: Interval, expected: Interval) -> None:
    assert a / b == expected


def test_division_by_exact_zero() -> None:
    with pytest.raises(ZeroDivisionError):
        Interval(1, 2) / Interval.point(0)
    with pytest.raises(ZeroDivisionError):
        1 / Interval.point(0)


def test_scalars_and_negation() -> None:
    iv = Interval(1, 2, False, True)
    assert 1 + iv == iv + 1 == Interval(2, 3, False, True)
    assert iv - 1 == Interval(0, 1, False, True)
    assert 3 - iv == -iv + 3 == Interval(1, 2, True, False)
    assert 2 * iv == iv * 2 == Interval(2, 4, False, True)
    assert iv / 2 == Interval(0.5, 1, False, True)
    assert 2 / iv == Interval(1, 2, True, False)
    with pytest.raises(TypeError):
        iv + "1"  # type: ignore[operator]


def test_rounding_is_outward_and_tight() -> None:
    s = Interval.point(0.1) + 0.2
    assert holds(s, Fraction(0.1) + Fraction(0.2)) and s.contains(0.1 + 0.2)
    assert s.high == math.nextafter(s.low, INF)
    huge = Interval.point(1e308) + 1e308
    assert huge == Interval(sys.float_info.max, INF)
    tiny = Interval.point(1e-300) * 1e-300
    assert tiny.low == 0 and tiny.high == math.nextafter(0, 1)


@given(with_members(), with_members(), st.sampled_from(sorted(OPS)))
def test_arithmetic_is_sound(a_m: Any, b_m: Any, op: str) -> None:
    (a, xs), (b, ys) = a_m, b_m
    if op == "/" and b == Interval.point(0):
        with pytest.raises(ZeroDivisionError):
            a / b
        return
    result = OPS[op](a, b)
    for x in xs:
        for y in ys:
            if op == "/" and y == 0:
                continue
            assert holds(result, OPS[op](Fraction(x), Fraction(y))), (a, b, x, y, result)


@given(with_members(), FINITE, st.sampled_from(sorted(OPS)))
def test_arithmetic_with_scalars_is_sound(a_m: Any, y: float, op: str) -> None:
    a, xs = a_m
    for x in xs:
        if not (op == "/" and y == 0):
            assert holds(OPS[op](a, y), OPS[op](Fraction(x), Fraction(y)))
        if not (op == "/" and a == Interval.point(0)) and not (op == "/" and x == 0):
            assert holds(OPS[op](y, a), OPS[op](Fraction(y), Fraction(x)))


# Most drawn pairs include an unbounded interval and are assumed away; that is the point.
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(with_members(), with_members(), st.sampled_from(sorted(OPS)))
def test_bounded_arithmetic_is_tight(a_m: Any, b_m: Any, op: str) -> None:
    """Bounds are within one rounding step of the best float bounds."""
    (a, _), (b, _) = a_m, b_m
    assume(a.is_bounded and b.is_bounded)
    assume(op != "/" or b.low > 0 or b.high < 0)
    corners = [OPS[op](x, y) for x in (a.low, a.high) for y in (b.low, b.high)]
    result = OPS[op](a, b)
    assert result.low >= math.nextafter(min(corners), -INF)
    assert result.high <= math.nextafter(max(corners), INF)


@given(with_members(), with_members())
def test_set_operations_agree_with_members(a_m: Any, b_m: Any) -> None:
    (a, xs), (b, ys) = a_m, b_m
    assert all(a.contains(x) for x in xs)
    hull = a.hull(b)
    assert hull.contains_interval(a) and hull.contains_interval(b)
    common = a.intersection(b)
    assert a.overlaps(b) == b.overlaps(a) == (common is not None)
    if common is not None:
        assert a.contains_interval(common) and b.contains_interval(common)
    for y in ys:
        assert a.contains(y) == (common is not None and common.contains(y))
    assert Interval.from_bounds(*a.bounds(), a.low_inclusive, a.high_inclusive) == a


# -- the fast arithmetic equals the exact one ---------------------------------------------
# Each operation computes with floats and their exact errors, and falls back to Fraction
# where that cannot decide; its result must be bit for bit the exact one, flags included.

ENDS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),  # the whole range: tiny, huge, subnormal
    st.floats(-1e13, 1e13, allow_nan=False, allow_infinity=False),
    st.integers(-(10**9), 10**9).map(float),
    st.integers(-(10**6), 10**6).map(lambda n: n / 10),  # "33.5", "338.7": written decimals
    st.integers(-(10**6), 10**6).map(lambda n: n / 1000),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 100.0, 0.01, 1e-300, 5e-324, 1.7e308]),
)


@st.composite
def any_interval(draw: st.DrawFn) -> Interval:
    """Any interval: points, open or closed ends, unbounded sides, zero ends, extreme ends."""
    a, b = sorted([draw(ENDS), draw(ENDS)])
    if draw(st.integers(0, 5)) == 0:
        b = a  # a point
    low = -INF if draw(st.integers(0, 7)) == 0 else a
    high = INF if draw(st.integers(0, 7)) == 0 else b
    low_inc, high_inc = draw(st.booleans()), draw(st.booleans())
    if low == high:
        low_inc = high_inc = True
    return Interval(low, high, low_inc, high_inc)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(any_interval(), any_interval())
def test_fast_arithmetic_equals_exact_fractions(a: Interval, b: Interval) -> None:
    assert a + b == exact_add(a, b)
    assert a - b == exact_add(a, -b)
    assert a * b == exact_mul(a, b)
    if not (b.is_point and b.low == 0) and not (b.low < 0 < b.high):
        assert a / b == exact_div(a, b)


@settings(max_examples=800, deadline=None)
@given(
    with_members().map(lambda found: found[0]),
    st.one_of(
        st.sampled_from([100.0, 1e6, 3.0, 0.1, 1e-300, 1e300]),
        st.floats(1e-6, 1e6, allow_nan=False),
    ),
)
def test_division_by_a_positive_number_equals_exact_fractions(a: Interval, d: float) -> None:
    assert a / d == exact_div(a, Interval.point(d))


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(st.integers(-(10**7), 10**7), st.integers(-(10**7), 10**7), st.integers(1, 10**4))
def test_fast_quotients_that_round_alike_equal_exact(n: int, m: int, d: int) -> None:
    """Corners whose quotients round to one float are ordered exactly (by Fraction)."""
    a = Interval(min(n, m) / 10, max(n, m) / 10)
    b = Interval(d / 7, d / 7 * 2)
    assert a / b == exact_div(a, b)
    assert a / Interval.point(d) == exact_div(a, Interval.point(d))
