"""The time words of a text and the periods they name, each kind on sentences of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from dbtool.core.periods import parse_period
from dbtool.draft.numbers import find_numbers
from dbtool.draft.timewords import Calendar, back, find_timewords, read_calendar


def words(text: str, published: dt.date = dt.date(2019, 5, 2)) -> dict[str, object]:
    calendar = read_calendar(text, published)
    found = find_timewords(text, find_numbers(text), None, calendar)
    return {text[w.start : w.end]: w for w in found}


def test_a_fiscal_year_the_text_defines_gives_fy_and_two_year_spans_their_months() -> None:
    text = "Results for the financial year ended 31 March 2019 (FY 2019) beat FY 2018."
    calendar = read_calendar(text, dt.date(2019, 5, 2))
    assert calendar.fiscal_end == 3
    found = words(text)
    assert found["year ended 31 March 2019"].period == parse_period("2018-04/2019-03")
    assert found["2018"].period == parse_period("2017-04/2018-03")
    india = words("Exports for 2018-19 (April–March) fell.")
    assert india["2018-19"].period == parse_period("2018-04/2019-03")


def test_calendar_years_stay_calendar_years_without_a_fiscal_year() -> None:
    found = words("Output in calendar 2017 and in 2016 was steady.")
    assert found["2017"].period == parse_period("2017")
    assert found["2016"].period == parse_period("2016")


@pytest.mark.parametrize(
    ("text", "said", "context", "period"),
    [
        ("Sales in March were firm.", "March", "2019-04", "2019-03"),
        ("Sales in November were firm.", "November", "2019-04", "2018-11"),
        ("Output in the second quarter rose.", "second quarter", "2018", "2018-Q2"),
        ("Q4 was weak.", "Q4", "2018-Q3", "2018-Q4"),
        ("Q4 was weak.", "Q4", "2018-Q1", "2017-Q4"),
        ("Sales in January–April were up.", "January–April", "2019-04", "2019-01/2019-04"),
        (
            "In the first nine months sales grew.",
            "the first nine months",
            "2018-09",
            "2018-01/2018-09",
        ),
    ],
)
def test_a_partial_period_takes_the_year_nearest_the_context(
    text: str, said: str, context: str, period: str
) -> None:
    found = words(text)
    word = next(w for k, w in found.items() if said in k)
    assert word.resolve(parse_period(context), Calendar(dt.date(2019, 5, 2))) == parse_period(
        period
    )


def test_bases_move_the_period_they_compare_back() -> None:
    found = words("Sales rose 4% year on year, 2% month on month and 1% quarter on quarter.")
    june = parse_period("2019-06")
    calendar = Calendar(dt.date(2019, 7, 10))
    assert found["year on year"].resolve(june, calendar) == parse_period("2018-06")
    assert found["month on month"].resolve(june, calendar) == parse_period("2019-05")
    assert back(parse_period("2019-Q2"), "quarter") == parse_period("2019-Q1")


def test_a_date_after_announced_or_on_is_an_event_not_a_period() -> None:
    found = words("The figure announced in January was revised. On April 24 a deal was signed.")
    assert found["January"].kind == "event"
    assert found["April 24"].kind == "event"


def test_the_year_and_the_quarter_are_the_context_at_their_size() -> None:
    found = words("During the year, and in the quarter, sales held.")
    calendar = Calendar(dt.date(2019, 2, 1))
    context = parse_period("2018-07/2018-09")
    assert found["the year"].resolve(context, calendar) == parse_period("2018")
    assert found["the quarter"].resolve(context, calendar) == context
