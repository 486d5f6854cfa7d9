"""Interval arithmetic for cross-checking the figures stated in press releases.

A stated figure ("33%", "nearly 85%", "over USD 2 billion") is not one number but the set
of numbers it could honestly stand for. Checks combine these sets and fail only when they
cannot agree, so arithmetic must never cause a failure: every operation is *sound* (the
exact result for any members of the operands lies in the result) and as tight as we can
make it, so that real disagreements still show.

* Open/closed flags exist because wording is often strict ("over", "nearly"); a flag says
  whether the exact bound is attained by members of the operands.
* Results are the exact result with each bound rounded outward to a float
  (``math.nextafter`` when round-to-nearest went inward), so no tolerance is ever needed.
  Rounding keeps the exact bound's flag, so ``Interval.point(21) / 55`` still contains
  the float ``21 / 55``.
* Exact does not mean slow. Float arithmetic plus the exact error of each operation
  (TwoSum, Dekker's TwoProduct, the exact remainder of a division) tells on which side of
  the float the exact result lies, which is all outward rounding needs; so each operation
  gives, bit for bit, what exact ``Fraction`` arithmetic gives, at a fraction of its cost.
  Where those tricks do not hold (magnitudes near the float range's ends, or two corners
  of a division that round alike) the ``Fraction`` code, kept as ``exact_add``,
  ``exact_mul`` and ``exact_div``, decides; the tests hold the two equal.
* ``0 * ∞`` counts as 0, the usual interval convention: the other end of the interval that
  reaches infinity already supplies the unbounded direction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

# An exact endpoint: a Fraction when finite, or a float infinity.
_Ext = Fraction | float
_Corner = tuple[_Ext, bool]


def _exact(value: float) -> _Ext:
    return value if math.isinf(value) else Fraction(value)


def _nearest(fraction: Fraction) -> float:
    try:
        return float(fraction)
    except OverflowError:
        return math.inf if fraction > 0 else -math.inf


def _down(value: _Ext) -> float:
    """Largest float not above ``value``, so a rounded lower bound never cuts off a member."""
    if isinstance(value, float):
        return value
    nearest = _nearest(value)
    return math.nextafter(nearest, -math.inf) if nearest > value else nearest


def _up(value: _Ext) -> float:
    """Smallest float not below ``value``, so a rounded upper bound never cuts off a member."""
    if isinstance(value, float):
        return value
    nearest = _nearest(value)
    return math.nextafter(nearest, math.inf) if nearest < value else nearest


def _times(left: _Ext, left_inc: bool, right: _Ext, right_inc: bool) -> _Corner:
    """Product of two endpoints, and whether members of the operands attain it."""
    # A closed 0 makes the product 0 whatever the other factor is, even an open end.
    if (left == 0 and left_inc) or (right == 0 and right_inc):
        return Fraction(0), True
    if left == 0 or right == 0:
        return Fraction(0), False
    if isinstance(left, float) or isinstance(right, float):
        return (math.inf if (left > 0) == (right > 0) else -math.inf), False
    return left * right, left_inc and right_inc


def _hull_of(candidates: Iterable[_Corner]) -> Interval:
    """Bilinear maps reach their extremes at corners, so the corners' hull is exact."""
    corners = list(candidates)
    lo = min(v for v, _ in corners)
    hi = max(v for v, _ in corners)
    lo_inc = any(inc for v, inc in corners if v == lo)
    hi_inc = any(inc for v, inc in corners if v == hi)
    return Interval(_down(lo), _up(hi), lo_inc, hi_inc)


# Within these magnitudes no error-free transformation below overflows or underflows.
_SAFE_LOW, _SAFE_HIGH = 1e-140, 1e140
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's constant for splitting a double in halves


def _safe(value: float) -> bool:
    return _SAFE_LOW < abs(value) < _SAFE_HIGH


def _two_product(left: float, right: float) -> tuple[float, float]:
    """``(product, error)``: ``product = fl(left × right)``, ``product + error`` its exact value.

    Dekker's TwoProduct (1971): each factor is split into halves whose products
    are exact, so the rounding error of the float product is found exactly.
    """
    product = left * right
    split = _SPLIT * left
    left_hi = split - (split - left)
    left_lo = left - left_hi
    split = _SPLIT * right
    right_hi = split - (split - right)
    right_lo = right - right_hi
    error = (left_hi * right_hi - product) + left_hi * right_lo + left_lo * right_hi
    error += left_lo * right_lo
    return product, error


def _outward(value: float, error: float, up: bool) -> float:
    """The float bound for the exact ``value + error`` (``value`` its rounding): a step out
    when rounding went inward."""
    if up:
        return math.nextafter(value, math.inf) if error > 0 else value
    return math.nextafter(value, -math.inf) if error < 0 else value


def _sum_bound(left: float, right: float, up: bool) -> float | None:
    """The outward-rounded float bound of ``left + right``; None when only ``Fraction`` can say."""
    if math.isinf(left) or math.isinf(right):
        return left + right  # lows are never +inf and highs never -inf: no inf - inf
    total = left + right
    if math.isinf(total):
        return None
    right_kept = total - left  # the part of ``right`` the rounded total kept
    error = (left - (total - right_kept)) + (right - right_kept)  # Knuth's TwoSum: exact
    return _outward(total, error, up)


# A corner of a product or quotient: its float (rounded) value, the exact value's side of
# it (an error term for products, a sign for quotients), whether members attain it, and
# for a quotient the (dividend, divisor) it is exactly.
_FastCorner = tuple[float, float, bool, tuple[float, float] | None]


def _times_fast(left: float, left_inc: bool, right: float, right_inc: bool) -> _FastCorner | None:
    """``_times`` for floats, the exact product as ``product + error``; None outside safe
    magnitudes."""
    if (left == 0 and left_inc) or (right == 0 and right_inc):
        return 0.0, 0.0, True, None
    if left == 0 or right == 0:
        return 0.0, 0.0, False, None
    if math.isinf(left) or math.isinf(right):
        return (math.inf if (left > 0) == (right > 0) else -math.inf), 0.0, False, None
    if not (_safe(left) and _safe(right)):
        return None
    product, error = _two_product(left, right)
    return product, error, left_inc and right_inc, None


def _quotient_fast(
    dividend: float, dividend_inc: bool, divisor: float, divisor_inc: bool
) -> _FastCorner | None:
    """``dividend × (1 / divisor)`` for a finite non-zero divisor end, as ``_times`` would."""
    if dividend == 0:
        return 0.0, 0.0, dividend_inc, None
    if math.isinf(dividend):
        return (math.inf if (dividend > 0) == (divisor > 0) else -math.inf), 0.0, False, None
    if not (_safe(dividend) and _safe(divisor)):
        return None
    quotient = dividend / divisor
    product, error = _two_product(quotient, divisor)
    # dividend - quotient·divisor is exact: dividend - product by Sterbenz's lemma (product
    # is within a rounding of dividend), and the remainder of a correctly rounded division
    # is a float. The exact dividend / divisor lies on the side of quotient that
    # remainder / divisor points to.
    remainder = (dividend - product) - error
    side = 0.0 if remainder == 0 else math.copysign(1.0, remainder) * math.copysign(1.0, divisor)
    return quotient, side, dividend_inc and divisor_inc, (dividend, divisor)


def _hull_fast(corners: list[_FastCorner | None]) -> Interval | None:
    """``_hull_of`` for fast corners; None when one needs ``Fraction`` (see ``_FastCorner``)."""
    if any(c is None for c in corners):
        return None
    known = [c for c in corners if c is not None]
    quotients: dict[float, tuple[float, float]] = {}
    for value, _side, _inc, exact in known:
        if exact is not None and quotients.setdefault(value, exact) != exact:
            return None  # two different quotients that round alike: only Fraction can order them
    low = min(known, key=lambda c: (c[0], c[1]))
    high = max(known, key=lambda c: (c[0], c[1]))
    low_inc = any(c[2] for c in known if c[:2] == low[:2])
    high_inc = any(c[2] for c in known if c[:2] == high[:2])
    return _trusted(
        _outward(low[0], low[1], up=False), _outward(high[0], high[1], up=True), low_inc, high_inc
    )


def exact_add(left: Interval, right: Interval) -> Interval:
    """``left + right`` in exact ``Fraction`` arithmetic: the reference the fast code must equal."""
    lo, hi = _exact(left.low) + _exact(right.low), _exact(left.high) + _exact(right.high)
    return Interval(
        _down(lo),
        _up(hi),
        left.low_inclusive and right.low_inclusive,
        left.high_inclusive and right.high_inclusive,
    )


def exact_mul(left: Interval, right: Interval) -> Interval:
    """``left × right`` in exact ``Fraction`` arithmetic."""
    return _hull_of(_times(x, xi, y, yi) for x, xi in left._ends() for y, yi in right._ends())


def exact_div(dividend: Interval, divisor: Interval) -> Interval:
    """``dividend ÷ divisor`` in exact ``Fraction`` arithmetic, for a divisor of one sign."""
    # Divide by multiplying with exact reciprocals of the divisor's ends. A zero end
    # stands for divisors tending to 0 (0 itself is excluded: x / 0 is undefined), so
    # its reciprocal is an unattained infinity on the divisor's side of 0.
    recips: list[_Corner] = []
    for end, end_inc, side in (
        (divisor.low, divisor.low_inclusive, 1.0),
        (divisor.high, divisor.high_inclusive, -1.0),
    ):
        if end == 0:
            recips.append((math.copysign(math.inf, side), False))
        elif math.isinf(end):
            recips.append((Fraction(0), False))
        else:
            recips.append((1 / Fraction(end), end_inc))
    return _hull_of(_times(x, xi, r, ri) for x, xi in dividend._ends() for r, ri in recips)


def _div_fast(dividend: Interval, divisor: Interval) -> Interval | None:
    corners: list[_FastCorner | None] = []
    for dividend_end, dividend_inc in (
        (dividend.low, dividend.low_inclusive),
        (dividend.high, dividend.high_inclusive),
    ):
        for divisor_end, divisor_inc, side in (
            (divisor.low, divisor.low_inclusive, 1.0),
            (divisor.high, divisor.high_inclusive, -1.0),
        ):
            if divisor_end == 0:  # the reciprocal is an unattained infinity on the divisor's side
                corners.append(
                    _times_fast(dividend_end, dividend_inc, math.copysign(math.inf, side), False)
                )
            elif math.isinf(divisor_end):  # the reciprocal is an unattained 0
                corners.append(_times_fast(dividend_end, dividend_inc, 0.0, False))
            else:
                corners.append(_quotient_fast(dividend_end, dividend_inc, divisor_end, divisor_inc))
    return _hull_fast(corners)


def _div_by_positive(dividend: Interval, divisor: float) -> Interval | None:
    """``dividend ÷ divisor`` for a positive finite number (a percentage ÷ 100): each end
    divided and rounded outward on its own, as the two corners of ``_div_fast`` would
    be, without ordering four (a share or a change is divided so for every figure)."""
    low = _quotient_fast(dividend.low, dividend.low_inclusive, divisor, True)
    high = _quotient_fast(dividend.high, dividend.high_inclusive, divisor, True)
    if low is None or high is None:
        return None
    return _trusted(
        _outward(low[0], low[1], up=False), _outward(high[0], high[1], up=True), low[2], high[2]
    )


def _coerce(other: object) -> Interval | None:
    if isinstance(other, Interval):
        return other
    if isinstance(other, int | float):
        return Interval.point(other)
    return None


@dataclass(frozen=True, slots=True)
class Interval:
    """A non-empty set of reals with open or closed, possibly infinite, ends."""

    low: float
    high: float
    low_inclusive: bool = True
    high_inclusive: bool = True

    def __post_init__(self) -> None:
        # Normalise so that equal sets compare equal (-0.0 + 0.0 is 0.0). Intervals are made
        # by the million at scale, so a field is only rewritten when it changes.
        low, high = float(self.low) + 0.0, float(self.high) + 0.0
        if low != low or high != high:
            raise ValueError("interval bounds must not be NaN")
        low_inc = bool(self.low_inclusive) and -math.inf < low < math.inf
        high_inc = bool(self.high_inclusive) and -math.inf < high < math.inf
        if low > high or (low == high and not (low_inc and high_inc)):
            raise ValueError(f"empty interval: low={low!r}, high={high!r}")
        set_field = object.__setattr__
        if self.low.__class__ is not float or low == 0:
            set_field(self, "low", low)
        if self.high.__class__ is not float or high == 0:
            set_field(self, "high", high)
        if self.low_inclusive is not low_inc:
            set_field(self, "low_inclusive", low_inc)
        if self.high_inclusive is not high_inc:
            set_field(self, "high_inclusive", high_inc)

    @classmethod
    def point(cls, value: float) -> Interval:
        """An exactly known number, e.g. a count or a previously computed total."""
        return cls(value, value)

    @classmethod
    def everything(cls) -> Interval:
        """What we know when nothing constrains the value."""
        return cls(-math.inf, math.inf, False, False)

    @classmethod
    def from_bounds(
        cls,
        low: float | None,
        high: float | None,
        low_inclusive: bool = True,
        high_inclusive: bool = True,
    ) -> Interval:
        """Build from SQL-style bounds, where NULL (None) means unbounded."""
        lo = -math.inf if low is None else low
        hi = math.inf if high is None else high
        return cls(lo, hi, low_inclusive, high_inclusive)

    def bounds(self) -> tuple[float | None, float | None]:
        """Bounds for storing in SQL, which has no portable infinity: None means unbounded."""
        return (
            None if math.isinf(self.low) else self.low,
            None if math.isinf(self.high) else self.high,
        )

    @property
    def is_bounded(self) -> bool:
        return not (math.isinf(self.low) or math.isinf(self.high))

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    @property
    def midpoint(self) -> float | None:
        """A single representative value, when one exists, for display and ranking."""
        if not self.is_bounded:
            return None
        mid = (self.low + self.high) / 2
        return self.low / 2 + self.high / 2 if math.isinf(mid) else mid

    def contains(self, value: float) -> bool:
        above = self.low < value or (self.low_inclusive and self.low == value)
        below = value < self.high or (self.high_inclusive and value == self.high)
        return above and below

    def contains_interval(self, other: Interval) -> bool:
        low_ok = self.low < other.low or (
            self.low == other.low and (self.low_inclusive or not other.low_inclusive)
        )
        high_ok = other.high < self.high or (
            other.high == self.high and (self.high_inclusive or not other.high_inclusive)
        )
        return low_ok and high_ok

    def overlaps(self, other: Interval) -> bool:
        """Whether two figures can both be true: touching open ends do not count."""
        return self.intersection(other) is not None

    def intersection(self, other: Interval) -> Interval | None:
        """Values allowed by both figures; None because the empty set is not an Interval."""
        # Of two equal bounds the open one is tighter, hence the flag in the sort key.
        low, low_inc = max((self.low, not self.low_inclusive), (other.low, not other.low_inclusive))
        high, high_inc = min((self.high, self.high_inclusive), (other.high, other.high_inclusive))
        low_inc = not low_inc
        if low > high or (low == high and not (low_inc and high_inc)):
            return None
        return _trusted(low, high, low_inc, high_inc)

    def hull(self, other: Interval) -> Interval:
        """Smallest interval covering both, e.g. to merge figures from several sources."""
        low = min(self.low, other.low)
        high = max(self.high, other.high)
        low_inc = any(i.low_inclusive for i in (self, other) if i.low == low)
        high_inc = any(i.high_inclusive for i in (self, other) if i.high == high)
        return Interval(low, high, low_inc, high_inc)

    def clip(self, low: float, high: float) -> Interval | None:
        """Restrict to a known domain, such as 0-100 for a percentage."""
        return self.intersection(Interval(low, high))

    def __neg__(self) -> Interval:
        # + 0.0: the negation of 0.0 is -0.0, which the constructor would make 0.0.
        return _trusted(-self.high + 0.0, -self.low + 0.0, self.high_inclusive, self.low_inclusive)

    def __add__(self, other: Interval | float) -> Interval:
        operand = _coerce(other)
        if operand is None:
            return NotImplemented
        low = _sum_bound(self.low, operand.low, up=False)
        high = _sum_bound(self.high, operand.high, up=True)
        if low is None or high is None:
            return exact_add(self, operand)
        # A bound rounded outward past the largest float is infinite, and open.
        lo_inc = self.low_inclusive and operand.low_inclusive and low != -math.inf
        hi_inc = self.high_inclusive and operand.high_inclusive and high != math.inf
        return _trusted(low, high, lo_inc, hi_inc)

    def __radd__(self, other: float) -> Interval:
        return self.__add__(other)

    def __sub__(self, other: Interval | float) -> Interval:
        operand = _coerce(other)
        return NotImplemented if operand is None else self + (-operand)

    def __rsub__(self, other: float) -> Interval:
        operand = _coerce(other)
        return NotImplemented if operand is None else operand + (-self)

    def __mul__(self, other: Interval | float) -> Interval:
        operand = _coerce(other)
        if operand is None:
            return NotImplemented
        ends = ((self.low, self.low_inclusive), (self.high, self.high_inclusive))
        others = ((operand.low, operand.low_inclusive), (operand.high, operand.high_inclusive))
        fast = _hull_fast([_times_fast(x, xi, y, yi) for x, xi in ends for y, yi in others])
        return fast if fast is not None else exact_mul(self, operand)

    def __rmul__(self, other: float) -> Interval:
        return self.__mul__(other)

    def __truediv__(self, other: Interval | float) -> Interval:
        operand = _coerce(other)
        if operand is None:
            return NotImplemented
        if operand.is_point and operand.low == 0:
            raise ZeroDivisionError("division by an interval that is exactly zero")
        if operand.low < 0 < operand.high:
            return Interval.everything()
        if operand.low == operand.high and 0 < operand.low < math.inf:
            fast = _div_by_positive(self, operand.low)
            if fast is not None:
                return fast
        fast = _div_fast(self, operand)
        return fast if fast is not None else exact_div(self, operand)

    def __rtruediv__(self, other: float) -> Interval:
        operand = _coerce(other)
        return NotImplemented if operand is None else operand / self

    def _ends(self) -> tuple[_Corner, _Corner]:
        return (_exact(self.low), self.low_inclusive), (_exact(self.high), self.high_inclusive)

    def format(self, scale: float = 1.0, digits: int = 4) -> str:
        """Human-readable form for reports, e.g. ``[76.5, 85)``; ``scale`` > 0 sets units."""

        def number(value: float) -> str:
            if math.isinf(value):
                return "∞" if value > 0 else "−∞"
            return format(value / scale, f".{digits}g")

        left = "[" if self.low_inclusive else "("
        right = "]" if self.high_inclusive else ")"
        return f"{left}{number(self.low)}, {number(self.high)}{right}"

    def __str__(self) -> str:
        return self.format()


_new_object, _set_field = object.__new__, object.__setattr__


def _trusted(low: float, high: float, low_inclusive: bool, high_inclusive: bool) -> Interval:
    """An ``Interval`` of ends already as its constructor would leave them (floats, no -0.0,
    a non-empty set, no closed infinite end), made without checking them again.

    For the arithmetic above, whose results are sound by construction from normalised
    operands: intervals are made by the million in a check run, and the checks were a
    third of the cost of making one."""
    interval = _new_object(Interval)
    _set_field(interval, "low", low)
    _set_field(interval, "high", high)
    _set_field(interval, "low_inclusive", low_inclusive)
    _set_field(interval, "high_inclusive", high_inclusive)
    return interval
