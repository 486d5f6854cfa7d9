"""Wording: how a written number, its precision and its qualifier become an interval."""

from __future__ import annotations

import pytest

from dbtool.core.wording import (
    QualifierRule,
    StatedInterval,
    WordingError,
    directed_interval,
    precision_for,
    read_number,
    read_rank,
    stated_interval,
    stated_value,
)

NEARLY = QualifierRule("nearly", "factor", 0.9, True, "value", None, False)
OVER = QualifierRule("over", "value", None, False, "unbounded", None, False)
NONE = QualifierRule("none", "precision", None, True, "precision", None, True)


@pytest.mark.parametrize(
    ("written", "value", "last_digit"),
    [
        ("33%", 33, 1),
        ("1,600", 1600, 1),
        ("over USD 2 billion", 2e9, 1e9),
        ("USD 4.267 billion", 4.267e9, 1e6),
        ("USD 338.7 million", 338.7e6, 1e5),
        ("95.3 million carats", 95.3e6, 1e5),
    ],
)
def test_read_number(written: str, value: float, last_digit: float) -> None:
    number = read_number(written)
    assert number is not None
    assert number.value == pytest.approx(value)
    assert number.last_digit == pytest.approx(last_digit)


def test_no_number_is_none_and_a_rank_word_is_read() -> None:
    assert read_number("the leading hub") is None
    assert read_rank("the second leading import") == 2
    assert read_rank("the world's largest") == 1
    assert stated_value("second leading", "rank").value == 2
    with pytest.raises(WordingError, match="states no number"):
        stated_value("some", "count")


def test_precision_is_half_the_last_digit_or_exact() -> None:
    number = stated_value("USD 4.267 billion", "USD")
    digit, scaled = number.last_digit, number.scaled
    assert precision_for(digit, scaled, "half_last_digit") == pytest.approx(0.5e6)
    assert precision_for(digit, scaled, "exact") == 0
    assert precision_for(digit, scaled, "exact_unless_scaled") == pytest.approx(0.5e6)
    clients = stated_value("55 clients", "count")
    assert precision_for(clients.last_digit, clients.scaled, "exact_unless_scaled") == 0
    with pytest.raises(WordingError):
        precision_for(digit, scaled, "guess")


def test_qualifiers_shape_the_interval() -> None:
    assert stated_interval(33, 0.5, NONE) == StatedInterval(32.5, 33.5, True, True)
    nearly = stated_interval(85, 0.5, NEARLY)
    assert (nearly.low, nearly.high) == pytest.approx((76.5, 85))
    assert (nearly.low_inclusive, nearly.high_inclusive) == (True, False)
    over = stated_interval(2e9, 0.5e9, OVER)
    assert (over.low, over.high, over.low_inclusive) == (2e9, None, False)


def test_a_fall_bounds_its_size_and_lies_below_zero() -> None:
    # "fell over 16%": a fall of more than 16 %, below −16 %; "down nearly 3 points": (−3, −2.7]
    assert directed_interval(16, 0.5, OVER, "down") == StatedInterval(None, -16, False, False)
    nearly = directed_interval(3, 0.5, NEARLY, "down")
    assert (nearly.low, nearly.high) == pytest.approx((-3, -2.7))
    assert (nearly.low_inclusive, nearly.high_inclusive) == (False, True)
    assert directed_interval(9, 0.5, NONE, "up") == stated_interval(9, 0.5, NONE)
    assert directed_interval(0, 0.5, OVER, "down").high == 0.0
