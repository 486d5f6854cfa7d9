"""The number grammar: the corpus, the hand-written seed, texts it has never seen, invariants.

A row is (written, value, unit, precision, qualifier, kind, direction), compared exactly:
values and precisions are computed from the written digits, so "USD 4.267 billion" must
be exactly 4.267e9 with precision 0.0005e9, not merely close.
"""

from __future__ import annotations

import ast
import itertools
import math
import statistics
import time
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dbtool.draft import numbers
from dbtool.draft.numbers import QUALIFIERS, FoundNumber, find_numbers, is_date_or_marker

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "seeds"
SEED = CORPUS / "awdc-alrosa-2018.toml"
SEED_TEXT = CORPUS / "awdc-alrosa-2018.txt"

Row = tuple[str, float, str, float, str | None, str, str | None]


def rows(text: str) -> list[Row]:
    return [
        (f.written, f.value, f.unit, f.precision, f.qualifier, f.kind, f.direction)
        for f in find_numbers(text)
    ]


def document(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ (a) the corpus

CORPUS_ROWS: dict[str, list[Row]] = {
    "awdc-alrosa-2018.txt": [
        ("April 24", 424, "date", 0, None, "date", None),
        ("leading", 1, "rank", 0, None, "rank", None),
        ("leading", 1, "rank", 0, None, "rank", None),
        ("April 24", 424, "date", 0, None, "date", None),
        ("leading", 1, "rank", 0, None, "rank", None),
        ("leading", 1, "rank", 0, None, "rank", None),
        ("1,600", 1600, "count", 0, None, "amount", None),
        ("second leading", 2, "rank", 0, None, "rank", None),
        ("33%", 33, "percent", 0.5, None, "percent", None),
        ("31%", 31, "percent", 0.5, "alone", "percent", None),
        ("21%", 21, "percent", 0.5, "alone", "percent", None),
        ("largest", 1, "rank", 0, None, "rank", None),
        ("largest", 1, "rank", 0, None, "rank", None),
        ("2017", 2017, "year", 0, "alone", "year", None),
        ("over USD 2 billion", 2e9, "USD", 0.5e9, "over", "amount", None),
        ("55", 55, "count", 0, None, "amount", None),
        ("21", 21, "count", 0, None, "amount", None),
        ("largest", 1, "rank", 0, None, "rank", None),
        ("Nearly 85%", 85, "percent", 0.5, "nearly", "percent", None),
        ("most important", 1, "rank", 0, None, "rank", None),
        ("unparalleled", 1, "rank", 0, None, "rank", None),
        ("most competitive", 1, "rank", 0, None, "rank", None),
    ],
    "alrosa-sales-2017.txt": [
        ("2017", 2017, "year", 0, None, "year", None),
        ("11 January 2018", 20180111, "date", 0, None, "date", None),
        ("leader", 1, "rank", 0, None, "rank", None),
        ("2017", 2017, "year", 0, None, "year", None),
        ("December 2017", 20171201, "date", 0, None, "date", None),
        ("USD 237.8 million", 237.8e6, "USD", 0.05e6, None, "amount", None),
        ("USD 228.3 million", 228.3e6, "USD", 0.05e6, None, "amount", None),
        ("USD 9.5 million", 9.5e6, "USD", 0.05e6, None, "amount", None),
        ("2017", 2017, "year", 0, None, "year", None),
        ("USD 4.267 billion", 4.267e9, "USD", 0.0005e9, None, "amount", None),
        ("USD 4.17 billion", 4.17e9, "USD", 0.005e9, None, "amount", None),
        ("USD 96.9 million", 96.9e6, "USD", 0.05e6, None, "amount", None),
        ("2017", 2017, "year", 0, None, "year", None),
        ("2018", 2018, "year", 0, None, "year", None),
    ],
    "alrosa-sales-2018-07.txt": [
        ("July 2018", 20180701, "date", 0, None, "date", None),
        ("USD 339 million", 339e6, "USD", 0.5e6, None, "amount", None),
        ("August 2018", 20180801, "date", 0, None, "date", None),
        ("largest", 1, "rank", 0, None, "rank", None),
        ("first seven months of 2018", 20180101, "date", 0, None, "range", None),
        ("July 2018", 20180701, "date", 0, None, "date", None),
        ("USD 339.1 million", 339.1e6, "USD", 0.05e6, None, "amount", None),
        ("16%", 16, "percent", 0.5, None, "change", "up"),
        ("July 2017", 20170701, "date", 0, None, "date", None),
        ("USD 333.8 million", 333.8e6, "USD", 0.05e6, None, "amount", None),
        ("USD 5.3 million", 5.3e6, "USD", 0.05e6, None, "amount", None),
        ("From January to July 2018", 20180101, "date", 0, None, "range", None),
        ("9%", 9, "percent", 0.5, None, "change", "up"),
        ("USD 3.029 billion", 3.029e9, "USD", 0.0005e9, None, "amount", None),
        ("USD 2.973 billion", 2.973e9, "USD", 0.0005e9, None, "amount", None),
        ("USD 55.3 million", 55.3e6, "USD", 0.05e6, None, "amount", None),
        ("2017", 2017, "year", 0, None, "year", None),
        ("seven months", 7, "months", 0, None, "period_reference", None),
    ],
    "alrosa-sales-2018-09.txt": [
        ("9%", 9, "percent", 0.5, None, "change", "up"),
        ("USD 338.7 million", 338.7e6, "USD", 0.05e6, None, "amount", None),
        ("10 October 2018", 20181010, "date", 0, None, "date", None),
        ("largest", 1, "rank", 0, None, "rank", None),
        ("first nine months of 2018", 20180101, "date", 0, None, "range", None),
        ("9%", 9, "percent", 0.5, None, "change", "up"),
        ("USD 338.7 million", 338.7e6, "USD", 0.05e6, None, "amount", None),
        ("USD 331.6 million", 331.6e6, "USD", 0.05e6, None, "amount", None),
        ("USD 7.1 million", 7.1e6, "USD", 0.05e6, None, "amount", None),
        ("January–September 2018", 20180101, "date", 0, None, "range", None),
        ("USD 3.662 billion", 3.662e9, "USD", 0.0005e9, None, "amount", None),
        ("9%", 9, "percent", 0.5, None, "change", "up"),
        ("nine months", 9, "months", 0, None, "period_reference", None),
        ("USD 3.588 billion", 3.588e9, "USD", 0.0005e9, None, "amount", None),
        ("USD 74.1 million", 74.1e6, "USD", 0.05e6, None, "amount", None),
        ("2017", 2017, "year", 0, None, "year", None),
        ("more than 10.8 carats", 10.8, "carat", 0.05, "more than", "amount", None),
        ("2", 2, "carat", 0.5, "at least", "range", None),
        ("10.8 carats", 10.8, "carat", 0.05, "up to", "range", None),
    ],
    "antwerp-trade-2017.txt": [
        ("2017", 2017, "year", 0, None, "year", None),
        ("5 February 2018", 20180205, "date", 0, None, "date", None),
        ("3.4%", 3.4, "percent", 0.05, None, "change", "down"),
        ("USD 11.4 billion", 11.4e9, "USD", 0.05e9, None, "amount", None),
        ("2017", 2017, "year", 0, None, "year", None),
        ("8%", 8, "percent", 0.5, None, "change", "down"),
        ("5 million carats", 5e6, "carat", 0.5e6, None, "amount", None),
        ("4.6%", 4.6, "percent", 0.05, None, "change", "up"),
        ("USD 2,276 per carat", 2276, "USD_per_carat", 0.5, None, "amount", None),
        ("34%", 34, "percent", 0.5, None, "change", "down"),
        ("USD 269.2 million", 269.2e6, "USD", 0.05e6, None, "amount", None),
        ("11%", 11, "percent", 0.5, None, "change", "down"),
        ("USD 10.73 billion", 10.73e9, "USD", 0.005e9, None, "amount", None),
        ("6%", 6, "percent", 0.5, None, "change", "up"),
        ("95.3 million carats", 95.3e6, "carat", 0.05e6, None, "amount", None),
        ("16%", 16, "percent", 0.5, None, "change", "down"),
        ("USD 113 per carat", 113, "USD_per_carat", 0.5, None, "amount", None),
        ("0.9%", 0.9, "percent", 0.05, None, "change", "down"),
        ("USD 12.61 billion", 12.61e9, "USD", 0.005e9, None, "amount", None),
        ("minus USD 1.88 billion", -1.88e9, "USD", 0.005e9, None, "amount", None),
        ("minus USD 638.4 million", -638.4e6, "USD", 0.05e6, None, "amount", None),
        ("2016", 2016, "year", 0, None, "year", None),
        ("more than doubled", 2, "factor", 0, "more than", "factor", "up"),
        ("USD 2.15 billion", 2.15e9, "USD", 0.005e9, None, "amount", None),
        ("USD 1.05 billion", 1.05e9, "USD", 0.005e9, None, "amount", None),
    ],
}


@pytest.mark.parametrize("name", sorted(CORPUS_ROWS))
def test_every_number_of_a_corpus_text_is_found_as_written(name: str) -> None:
    assert rows(document(name)) == CORPUS_ROWS[name]


def test_every_text_of_the_bundled_corpus_is_read() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.txt")) == sorted(CORPUS_ROWS)


def test_dates_carry_their_periods_and_a_date_without_year_says_so() -> None:
    found = {f.written: f for f in find_numbers(document("alrosa-sales-2018-07.txt"))}
    assert found["From January to July 2018"].period == (date(2018, 1, 1), date(2018, 7, 31))
    assert found["first seven months of 2018"].period == (date(2018, 1, 1), date(2018, 7, 31))
    assert found["August 2018"].period == (date(2018, 8, 1), date(2018, 8, 31))
    nine = {f.written: f for f in find_numbers(document("alrosa-sales-2018-09.txt"))}
    assert nine["January–September 2018"].period == (date(2018, 1, 1), date(2018, 9, 30))
    assert nine["10 October 2018"].period == (date(2018, 10, 10), date(2018, 10, 10))
    april = find_numbers(document("awdc-alrosa-2018.txt"))[0]
    assert (april.written, april.period, april.note) == (
        "April 24",
        None,
        "no year stated; value is MMDD",
    )


def test_changes_sign_their_value_by_direction() -> None:
    found = find_numbers(document("antwerp-trade-2017.txt"))
    changes = [(f.written, f.signed_value) for f in found if f.kind == "change"]
    assert changes == [
        ("3.4%", -3.4),
        ("8%", -8),
        ("4.6%", 4.6),
        ("34%", -34),
        ("11%", -11),
        ("6%", 6),
        ("16%", -16),
        ("0.9%", -0.9),
    ]
    minus = next(f for f in found if f.written == "minus USD 1.88 billion")
    assert minus.signed_value == minus.value == -1.88e9


def test_unsure_readings_say_why() -> None:
    notes = {
        (f.written, f.note) for name in CORPUS_ROWS for f in find_numbers(document(name)) if f.note
    }
    assert notes == {
        ("April 24", "no year stated; value is MMDD"),
        ("leading", "'leading' read as rank 1; it can also mean one of the leaders"),
        ("1,600", "a round count: it may be rounded"),
        ("31%", "'alone' earlier in the sentence narrows its subject"),
        ("21%", "'alone' earlier in the sentence narrows its subject"),
        ("unparalleled", "'unparalleled' read as rank 1: nothing equals it"),
        ("2", "lower bound of a range; unit from '10.8 carats'"),
    }


# ------------------------------------------------- (a) the hand-written AWDC seed


def _seed_figures() -> list[tuple[dict, int]]:
    """Each seed figure with where its ``written`` starts, found inside its ``quote``."""
    seed = tomllib.loads(SEED.read_text(encoding="utf-8"))
    text = SEED_TEXT.read_text(encoding="utf-8")
    located = []
    for figure in seed["figures"]:
        at = -1
        for _ in range(figure.get("occurrence", 1)):
            at = text.index(figure["quote"], at + 1)
        start = text.index(figure["written"], at)
        assert start + len(figure["written"]) <= at + len(figure["quote"])
        located.append((figure, start))
    return located


SEED_FIGURES = [pytest.param(f, start, id=f["key"]) for f, start in _seed_figures()]


@pytest.mark.parametrize(("figure", "start"), SEED_FIGURES)
def test_every_seed_figure_is_found_with_its_span(figure: dict, start: int) -> None:
    found = {(f.start, f.end): f for f in find_numbers(SEED_TEXT.read_text(encoding="utf-8"))}
    number = found.get((start, start + len(figure["written"])))
    assert number is not None, f"{figure['written']!r} at {start} not found"
    assert (number.written, number.value, number.unit, number.qualifier) == (
        figure["written"],
        figure["value"],
        figure["unit"],
        figure.get("qualifier"),
    )


@pytest.mark.parametrize(("figure", "start"), SEED_FIGURES)
def test_seed_figures_get_the_precision_their_unit_rule_gives(figure: dict, start: int) -> None:
    """Rules from the ``precision_rules`` table: counts, ranks and years are exact; the
    rest is half a unit of the last written digit. A seed may set its own (1,600 ± 50)."""
    found = {f.start: f for f in find_numbers(SEED_TEXT.read_text(encoding="utf-8"))}
    number = found[start]
    if "precision" in figure:  # the seed's own judgement; we flag the round number
        assert (number.precision, number.note) == (0, "a round count: it may be rounded")
    elif figure["unit"] in ("count", "rank", "year"):
        assert number.precision == 0
    else:
        half_last_digit = {"USD": 0.5e9, "percent": 0.5}[figure["unit"]]
        assert number.precision == half_last_digit


def test_the_seed_text_has_no_figure_the_seed_lacks_but_dates() -> None:
    spans = {(start, start + len(f["written"])) for f, start in _seed_figures()}
    text = SEED_TEXT.read_text(encoding="utf-8")
    extra = [f.written for f in find_numbers(text) if (f.start, f.end) not in spans]
    assert extra == ["April 24", "April 24"]
    assert all(is_date_or_marker(f) for f in find_numbers(text) if f.written == "April 24")


# ------------------------------------------------------ (b) texts never seen before

UNSEEN = {
    "india-rupees": (
        "Mumbai, 3 May 2019 – India's exports of cut and polished diamonds fell 15,4 per cent"
        " year on year to Rs 1,23,456 crore, while imports of rough rose 2.5% to USD 14.3bn;"
        " the council counted 6,500 exporters and Rs. 500 crore of credit."
    ),
    "eu-ranges": (
        "Antwerp, 10 March 2019 – Between 30 and 40% of the stones came from Russia, 30–40"
        " percent by value; dealers paid USD 1–2 billion for 2 to 3 million carats. Prices"
        " ranged from USD 100 to 200 per carat, and the share rose from 30% to 40%."
    ),
    "negative-changes": (
        "Net exports came to minus 5% and -USD 0.4 bn; a decline of 12% in volume, a 7% drop"
        " in value, -3.4% y/y and +2% m/m. Imports were down 8% and stocks dropped by a further"
        " EUR 3 million."
    ),
    "words": (
        "Twenty-one producers and three mines sold to a dozen buyers, but one of the largest"
        " miners kept all three. Seven companies bid; one new client signed."
    ),
    "ranks": (
        "Botswana is the second largest producer by value and the world’s second-biggest by"
        " volume; De Beers, the world's leading miner, is one of the largest employers. Leading"
        " analysts agree that Canada ranked third and that these leading countries matter."
    ),
    "factors": (
        "Sales nearly tripled, margins halved, volumes rose threefold and prices were 2.5 times"
        " higher than in 2016, when output had more than doubled."
    ),
    "dates-and-times": (
        "The tender runs 10–12 October 2018 and closes at 10:30 a.m. on 12 October; results for"
        " Q3 2018, the first half of 2019 and 2017/18 follow on 2019-01-15."
    ),
    "other-units": (
        "The mine produced 1.2 tonnes of gold, 38,600 troy ounces, and 12 kg of rough; rates"
        " rose 250 basis points and the share 2 percentage points over 10-year contracts."
    ),
    "list-markers": "1. Rough sales rose 5% in 2018.\n2. Polished sales fell 3%.\n(3) See page 5.",
    "qualifiers": (
        "Some 1,600 companies, about 500 firms, around USD 3 billion, approximately 45%, up to"
        " 40%, at least 12 clients, less than 2%, under USD 1 million and almost USD 5 bn."
    ),
    "names-not-numbers": (
        "COVID-19 hit G7 countries; the 10-K form was filed in the 2nd quarter, and 3D"
        " scanning grew from mid-2018."
    ),
    "currencies": (
        "Sales were $2,163.6 million, $0.75 billion, US$9.5 million, £4.5bn, €3m, 3 mn USD,"
        " 5 million euros and USD 113/ct."
    ),
}


UNSEEN_ROWS: dict[str, list[Row]] = {
    "india-rupees": [
        ("3 May 2019", 20190503, "date", 0, None, "date", None),
        ("15,4 per cent", 15.4, "percent", 0.05, None, "change", "down"),
        ("Rs 1,23,456 crore", 123456e7, "INR", 0.5e7, None, "amount", None),
        ("2.5%", 2.5, "percent", 0.05, None, "change", "up"),
        ("USD 14.3bn", 14.3e9, "USD", 0.05e9, None, "amount", None),
        ("6,500", 6500, "count", 0, None, "amount", None),
        ("Rs. 500 crore", 500e7, "INR", 0.5e7, None, "amount", None),
    ],
    "eu-ranges": [
        ("10 March 2019", 20190310, "date", 0, None, "date", None),
        ("30", 30, "percent", 0.5, "at least", "range", None),
        ("40%", 40, "percent", 0.5, "up to", "range", None),
        ("30", 30, "percent", 0.5, "at least", "range", None),
        ("40 percent", 40, "percent", 0.5, "up to", "range", None),
        ("USD 1", 1e9, "USD", 5e8, "at least", "range", None),
        ("2 billion", 2e9, "USD", 0.5e9, "up to", "range", None),
        ("2", 2e6, "carat", 500000, "at least", "range", None),
        ("3 million carats", 3e6, "carat", 0.5e6, "up to", "range", None),
        ("USD 100", 100, "USD_per_carat", 0.5, "at least", "range", None),
        ("200 per carat", 200, "USD_per_carat", 0.5, "up to", "range", None),
        ("30%", 30, "percent", 0.5, None, "percent", None),
        ("40%", 40, "percent", 0.5, None, "percent", None),
    ],
    "negative-changes": [
        ("minus 5%", -5, "percent", 0.5, None, "change", "down"),
        ("-USD 0.4 bn", -0.4e9, "USD", 0.05e9, None, "amount", None),
        ("12%", 12, "percent", 0.5, None, "change", "down"),
        ("7%", 7, "percent", 0.5, None, "change", "down"),
        ("-3.4%", -3.4, "percent", 0.05, None, "change", "down"),
        ("+2%", 2, "percent", 0.5, None, "change", "up"),
        ("8%", 8, "percent", 0.5, None, "change", "down"),
        ("EUR 3 million", 3e6, "EUR", 0.5e6, None, "change", "down"),
    ],
    "words": [
        ("Twenty-one", 21, "count", 0, None, "amount", None),
        ("three", 3, "count", 0, None, "amount", None),
        ("a dozen", 12, "count", 0, None, "amount", None),
        ("Seven", 7, "count", 0, None, "amount", None),
    ],
    "ranks": [
        ("second largest", 2, "rank", 0, None, "rank", None),
        ("second-biggest", 2, "rank", 0, None, "rank", None),
        ("leading", 1, "rank", 0, None, "rank", None),
        ("third", 3, "rank", 0, None, "rank", None),
    ],
    "factors": [
        ("nearly tripled", 3, "factor", 0, "nearly", "factor", "up"),
        ("halved", 0.5, "factor", 0, None, "factor", "down"),
        ("threefold", 3, "factor", 0, None, "factor", "up"),
        ("2.5 times", 2.5, "factor", 0.05, None, "factor", "up"),
        ("2016", 2016, "year", 0, None, "year", None),
        ("more than doubled", 2, "factor", 0, "more than", "factor", "up"),
    ],
    "dates-and-times": [
        ("10–12 October 2018", 20181010, "date", 0, None, "range", None),
        ("10:30 a.m.", 1030, "time", 0, None, "time", None),
        ("12 October", 1012, "date", 0, None, "date", None),
        ("Q3 2018", 20180701, "date", 0, None, "date", None),
        ("first half of 2019", 20190101, "date", 0, None, "date", None),
        ("2017/18", 2017, "year", 0, None, "range", None),
        ("2019-01-15", 20190115, "date", 0, None, "date", None),
    ],
    "other-units": [
        ("1.2 tonnes", 1.2, "tonne", 0.05, None, "amount", None),
        ("38,600 troy ounces", 38600, "ounce", 0.5, None, "amount", None),
        ("12 kg", 12, "kilogram", 0.5, None, "amount", None),
        ("250 basis points", 250, "basis_point", 0.5, None, "change", "up"),
        ("2 percentage points", 2, "percentage_point", 0.5, None, "amount", None),
        ("10-year", 10, "years", 0, None, "duration", None),
    ],
    "list-markers": [
        ("1.", 1, "number", 0, None, "list_marker", None),
        ("5%", 5, "percent", 0.5, None, "change", "up"),
        ("2018", 2018, "year", 0, None, "year", None),
        ("2.", 2, "number", 0, None, "list_marker", None),
        ("3%", 3, "percent", 0.5, None, "change", "down"),
        ("(3)", 3, "number", 0, None, "list_marker", None),
        ("5", 5, "number", 0, None, "reference", None),
    ],
    "qualifiers": [
        ("Some 1,600", 1600, "count", 0, "some", "amount", None),
        ("about 500", 500, "count", 0, "about", "amount", None),
        ("around USD 3 billion", 3e9, "USD", 0.5e9, "around", "amount", None),
        ("approximately 45%", 45, "percent", 0.5, "approximately", "percent", None),
        ("up to 40%", 40, "percent", 0.5, "up to", "percent", None),
        ("at least 12", 12, "count", 0, "at least", "amount", None),
        ("less than 2%", 2, "percent", 0.5, "less than", "percent", None),
        ("under USD 1 million", 1e6, "USD", 0.5e6, "under", "amount", None),
        ("almost USD 5 bn", 5e9, "USD", 0.5e9, "almost", "amount", None),
    ],
    "names-not-numbers": [
        ("2018", 2018, "year", 0, None, "year", None),
    ],
    "currencies": [
        ("$2,163.6 million", 2163.6e6, "USD", 0.05e6, None, "amount", None),
        ("$0.75 billion", 0.75e9, "USD", 0.005e9, None, "amount", None),
        ("US$9.5 million", 9.5e6, "USD", 0.05e6, None, "amount", None),
        ("£4.5bn", 4.5e9, "GBP", 0.05e9, None, "amount", None),
        ("€3m", 3e6, "EUR", 0.5e6, None, "amount", None),
        ("3 mn USD", 3e6, "USD", 0.5e6, None, "amount", None),
        ("5 million euros", 5e6, "EUR", 0.5e6, None, "amount", None),
        ("USD 113/ct", 113, "USD_per_carat", 0.5, None, "amount", None),
    ],
}


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_numbers_of_an_unseen_text(name: str) -> None:
    assert rows(UNSEEN[name]) == UNSEEN_ROWS[name]


NOT_NUMBERS = [
    # "leading" without "the" or a possessive is a role or an adjective, not a rank
    ("leading partner Antwerp World Diamond Centre (AWDC) signed", "leading"),
    ("Leading this mission emphasizes AWDC’s commitment", "Leading"),
    ("the relationship between these leading organizations", "leading"),
    ("we embrace our leading roles in the industry", "leading"),
    # one of several is no rank 1
    ("one of the largest miners", "one of the largest"),
    ("a world leader in cutting", "world leader"),
    ("the most recent figures", "most recent"),
    ("the top 10 producers", "top"),
    ("the top ten producers", "top"),
    # ordinals that are not ranks, periods without a year, fractions
    ("in the first half of the year", "first half"),
    ("sales in July and August", "July and August"),
    ("demand was lower than a year earlier", "a year"),
    ("nearly a third of sales", "a third"),
    # a word is a number only with a unit or a noun to count
    ("one of the companies", "one"),
    ("ALROSA kept all three.", "three"),
    ("one new client", "one"),
    # digits glued to letters are names
    ("COVID-19 hit G7 countries", "COVID-19 hit G7"),
    ("the 10-K form and 3D scanning", "the 10-K form and 3D"),
    ("in the 2nd quarter", "2nd"),
]


@pytest.mark.parametrize(("text", "phrase"), NOT_NUMBERS)
def test_what_is_deliberately_not_a_number(text: str, phrase: str) -> None:
    start = text.index(phrase)
    end = start + len(phrase)
    assert [f.written for f in find_numbers(text) if f.start < end and start < f.end] == []


def test_a_sign_makes_a_percentage_a_change_but_plus_between_amounts_is_a_conjunction() -> None:
    found = find_numbers("USD 5 million plus USD 3 million; plus 5%, +2% and −1.5%.")
    assert [(f.written, f.value, f.kind, f.direction) for f in found] == [
        ("USD 5 million", 5e6, "amount", None),
        ("USD 3 million", 3e6, "amount", None),
        ("plus 5%", 5, "change", "up"),
        ("+2%", 2, "change", "up"),
        ("−1.5%", -1.5, "change", "down"),
    ]


def test_references_take_the_singular_of_common_words() -> None:
    found = find_numbers("See Figure 3 and pages 4; sales figures 12% higher.")
    assert [(f.written, f.kind) for f in found] == [
        ("3", "reference"),
        ("4", "reference"),
        ("12%", "change"),
    ]


def test_fiscal_years_are_flagged_and_megacarats_are_carats() -> None:
    found = find_numbers("In FY2018-19 and fiscal 2018, Petra produced 3.9 Mcts; in 2018, 2 Mct.")
    fiscal = "a fiscal year: its calendar months depend on who reports"
    assert [(f.written, f.value, f.unit, f.precision, f.note) for f in found] == [
        ("2018-19", 2018, "year", 0, fiscal),
        ("2018", 2018, "year", 0, fiscal),
        ("3.9 Mcts", 3.9e6, "carat", 0.05e6, None),
        ("2018", 2018, "year", 0, None),
        ("2 Mct", 2e6, "carat", 0.5e6, None),
    ]


def test_made_up_is_a_part_not_a_rise() -> None:
    [number] = find_numbers("Rough diamonds made up USD 333.8 million of the total.")
    assert (number.kind, number.direction) == ("amount", None)


def test_more_than_after_a_number_is_a_direction_not_a_qualifier() -> None:
    [share, month] = find_numbers("Sales were 16% more than in July 2017.")
    assert (share.written, share.qualifier, share.kind, share.direction) == (
        "16%",
        None,
        "change",
        "up",
    )
    assert month.written == "July 2017"


def test_a_four_digit_count_is_flagged_and_a_year_before_a_noun_is_a_year() -> None:
    found = find_numbers("The 2017 figures show 2000 companies; ALROSA’s 2018 sales rose.")
    assert [(f.written, f.unit, f.note) for f in found] == [
        ("2017", "year", None),
        ("2000", "count", "a four-digit count; it could be a year"),
        ("2018", "year", None),
    ]


def test_dates_times_markers_and_references_are_the_incidental_numbers() -> None:
    text = UNSEEN["list-markers"] + " " + UNSEEN["dates-and-times"]
    incidental = [f.written for f in find_numbers(text) if is_date_or_marker(f)]
    assert incidental == [
        "1.",
        "2.",
        "(3)",
        "5",
        "10–12 October 2018",
        "10:30 a.m.",
        "12 October",
        "Q3 2018",
        "first half of 2019",
        "2019-01-15",
    ]


def test_a_period_named_again_dates_and_a_duration_is_stated() -> None:
    text = "Sales in the 12 months to June rose 4%; it signed 12-month contracts for six months."
    found = {f.written: f for f in find_numbers(text)}
    assert found["12 months"].kind == "period_reference"
    assert is_date_or_marker(found["12 months"])
    assert [found[w].kind for w in ("12-month", "six months")] == ["duration", "duration"]


def test_months_to_a_month_are_a_period_ending_that_month() -> None:
    found = find_numbers(
        "Revenue in the six months to December 2018 and the 12 months ended June 2019."
    )
    assert [(f.written, f.period) for f in found] == [
        ("six months to December 2018", (date(2018, 7, 1), date(2018, 12, 31))),
        ("12 months ended June 2019", (date(2018, 7, 1), date(2019, 6, 30))),
    ]


def test_a_leader_is_written_as_the_word_leader() -> None:
    [found] = find_numbers("Acme, the market leader in sorting, grew.")
    assert (found.written, found.value, found.unit) == ("leader", 1, "rank")


def test_number_words_and_decimal_commas() -> None:
    found = {f.written: f for f in find_numbers(UNSEEN["words"] + " " + UNSEEN["india-rupees"])}
    assert found["Twenty-one"].value == 21
    assert found["a dozen"].note == "'a dozen' may be approximate"
    assert (found["15,4 per cent"].value, found["15,4 per cent"].precision) == (15.4, 0.05)
    assert found["15,4 per cent"].note == "',' read as a decimal comma"
    assert found["Rs 1,23,456 crore"].value == 1_23_456 * 10**7


# ---------------------------------------------------------- (c) properties

CURRENCIES = ["USD ", "US$", "$", "EUR ", "€", "Rs ", "£", "INR "]
SCALE_EXPONENTS = {"": 0, " thousand": 3, " million": 6, " mn": 6, "m": 6, " billion": 9, "bn": 9}
digits = st.text(alphabet="0123456789", max_size=3)


def _decimal(whole: int, decimals: str) -> Fraction:
    return whole + Fraction(int(decimals or "0"), 10 ** len(decimals))


@given(
    currency=st.sampled_from(CURRENCIES),
    whole=st.integers(0, 9_999_999),
    decimals=digits,
    scale=st.sampled_from(sorted(SCALE_EXPONENTS)),
    grouped=st.booleans(),
)
def test_an_amount_is_read_exactly_as_written(
    currency: str, whole: int, decimals: str, scale: str, grouped: bool
) -> None:
    number = (f"{whole:,}" if grouped else str(whole)) + (f".{decimals}" if decimals else "")
    written = f"{currency}{number}{scale}"
    [found] = find_numbers(f"Sales came to {written} last year.")
    exponent = SCALE_EXPONENTS[scale]
    assert found.written == written
    assert found.unit == numbers.CURRENCIES[currency.strip()]
    assert found.value == float(_decimal(whole, decimals) * 10**exponent)
    assert found.precision == float(Fraction(1, 2) * Fraction(10) ** (exponent - len(decimals)))


@given(
    whole=st.integers(0, 999),
    decimals=digits,
    sign=st.sampled_from(["%", " %", " percent", " per cent", " pct"]),
)
def test_a_percentage_keeps_its_written_precision(whole: int, decimals: str, sign: str) -> None:
    written = f"{whole}{'.' + decimals if decimals else ''}{sign}"
    [found] = find_numbers(f"Its share was {written} of the market.")
    assert (found.written, found.unit, found.kind) == (written, "percent", "percent")
    assert found.value == float(_decimal(whole, decimals))
    assert found.precision == 0.5 / 10 ** len(decimals) > 0


@given(qualifier=st.sampled_from(QUALIFIERS), whole=st.integers(1, 999))
def test_a_qualifier_opens_the_written_span(qualifier: str, whole: int) -> None:
    text = f"ALROSA sold {qualifier} USD {whole} million of rough."
    [found] = find_numbers(text)
    assert found.qualifier == qualifier
    assert found.written == f"{qualifier} USD {whole} million"


@given(
    verb=st.sampled_from(
        [
            "rose",
            "grew",
            "increased",
            "jumped",
            "climbed",
            "gained",
            "fell",
            "declined",
            "dropped",
            "slipped",
            "decreased",
            "contracted",
        ]
    ),
    by=st.sampled_from(["", "by ", "by a further "]),
    whole=st.integers(0, 99),
    decimals=digits,
)
def test_a_verb_of_change_gives_the_direction(
    verb: str, by: str, whole: int, decimals: str
) -> None:
    written = f"{whole}{'.' + decimals if decimals else ''}%"
    [found] = find_numbers(f"Polished exports {verb} {by}{written} in value.")
    up = verb in numbers.UP_WORDS
    assert (found.written, found.kind, found.direction) == (
        written,
        "change",
        "up" if up else "down",
    )
    assert found.signed_value == (found.value if up else -found.value)


TOKENS = [
    "USD",
    "US$",
    "$",
    "€",
    "Rs",
    "1,600",
    "2017",
    "15,4",
    "0.75",
    "10.8",
    "2",
    "24",
    "per",
    "cent",
    "%",
    "-",
    "–",
    "/",
    "minus",
    "nearly",
    "over",
    "more",
    "than",
    "doubled",
    "the",
    "world's",
    "largest",
    "leading",
    "second",
    "April",
    "January",
    "September",
    "to",
    "from",
    "between",
    "and",
    "million",
    "bn",
    "m",
    "carats",
    "carat",
    "(3)",
    "1.",
    "\n",
    ",",
    ".",
    "10:30",
    "a.m.",
    "alone",
    "rose",
    "fell",
    "Q3",
    "first",
    "nine",
    "months",
    "of",
    "twenty-one",
    "a dozen",
    "page",
    "5",
    "times",
    "higher",
    "fold",
    "year",
]


@given(
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=40), st.sampled_from(["", " "])
)
def test_any_text_gives_exact_disjoint_spans(words: list[str], glue: str) -> None:
    text = glue.join(words)
    found = find_numbers(text)
    for number in found:
        assert text[number.start : number.end] == number.written
        assert number.written.strip() == number.written != ""
        assert math.isfinite(number.value) and number.precision >= 0
        assert number.qualifier in (None, "alone", "at least", "up to", *QUALIFIERS)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start


# --------------------------------------------------------------- speed and imports


def test_a_four_kilobyte_text_is_read_well_under_fifty_milliseconds() -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert len(text) >= 3900
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        find_numbers(text)
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 0.05


def test_the_grammar_imports_only_the_standard_library() -> None:
    from dbtool.draft import dates, fiscal, found, pointwords, vocabulary

    # The grammar's own modules, the month names and the number words import nothing either.
    own = {
        "dbtool.display",
        "dbtool.core.numberwords",
        "dbtool.draft.dates",
        "dbtool.draft.fiscal",
        "dbtool.draft.found",
        "dbtool.draft.pointwords",
        "dbtool.draft.vocabulary",
    }
    for module in (numbers, dates, fiscal, found, pointwords, vocabulary):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert {name.split(".")[0] for name in imported - own} <= {
            "__future__",
            "bisect",
            "collections",
            "dataclasses",
            "datetime",
            "itertools",
            "typing",
            "re",
        }, module.__name__


def test_found_numbers_are_frozen_data() -> None:
    number = find_numbers("Sales rose 9%.")[0]
    assert isinstance(number, FoundNumber)
    with pytest.raises(AttributeError):
        number.value = 10  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "Carats recovered in the first nine months of 2019 totalled 14,590.",
        "Carats sold during the quarter were 14,590, a record.",
        "carats produced at Lulo for the year reached 14,590",
    ],
)
def test_carats_named_before_a_period_are_the_unit_of_the_number_after(text: str) -> None:
    found = [f for f in find_numbers(text) if f.unit not in ("year", "date")]
    assert [(f.written, f.value, f.unit) for f in found] == [("14,590", 14590, "carat")]


def test_a_number_after_carats_in_another_clause_is_no_volume() -> None:
    found = find_numbers("Of the carats sold, the company said 12 were blue.")
    assert [(f.written, f.unit) for f in found] == [("12", "number")]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("lifting the average value by 13.3% from a year earlier", "up"),
        ("cutting output by 10% in 2019", "down"),
        ("raised by 5%", "up"),
    ],
)
def test_a_verb_its_object_and_by_make_a_change(text: str, direction: str) -> None:
    [change] = [n for n in find_numbers(text) if n.unit == "percent"]
    assert (change.kind, change.direction) == ("change", direction)


def test_by_after_another_verb_makes_no_change() -> None:
    [share] = [
        n for n in find_numbers("the price was set by 5% of the index") if n.unit == "percent"
    ]
    assert share.kind != "change"
