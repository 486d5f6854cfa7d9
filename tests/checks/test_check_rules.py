"""Each rule on a small hand-made database whose right answer is known."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from dbtool import api
from dbtool.checks.engine import FinishedRun
from dbtool.checks.facts import Fact, Facts
from dbtool.checks.rules import bounds
from dbtool.core.intervals import Interval
from dbtool.db.database import connect
from tests.checks import factkit
from tests.checks.factkit import Wording
from tests.seedkit import figure, make_seed, quantity


def _run(wording: Wording, rule: str, **sections: list[dict]) -> FinishedRun:
    return factkit.check(wording, [rule], **sections)


def _statuses(run: FinishedRun) -> list[str]:
    return [r.status for r in run.results]


CLIENTS = [quantity("all-clients"), quantity("local-clients")]
SUBSET = [
    {"part": "local-clients", "whole": "all-clients", "relation": "part_of", "basis": "stated"}
]


def test_part_larger_than_whole_fails(wording: Wording) -> None:
    run = _run(
        wording,
        "part-within-whole",
        quantities=CLIENTS,
        links=SUBSET,
        figures=[
            figure("all", "55", 55, "count", quantity="all-clients"),
            figure("local", "60", 60, "count", quantity="local-clients"),
        ],
    )
    assert _statuses(run) == ["fail"]
    assert run.results[0].message == "Local clients: 60 exceeds 55, all clients"
    assert run.failed()


def test_part_within_whole_passes(wording: Wording) -> None:
    run = _run(
        wording,
        "part-within-whole",
        quantities=CLIENTS,
        links=SUBSET,
        figures=[
            figure("all", "55", 55, "count", quantity="all-clients"),
            figure("local", "21", 21, "count", quantity="local-clients"),
        ],
    )
    assert _statuses(run) == ["pass"]


@pytest.mark.parametrize(("written", "value", "status"), [("38%", 38, "pass"), ("50%", 50, "fail")])
def test_stated_share_against_counts(
    wording: Wording, written: str, value: float, status: str
) -> None:
    run = _run(
        wording,
        "count-share",
        quantities=CLIENTS,
        links=SUBSET,
        figures=[
            figure("all", "55", 55, "count", quantity="all-clients"),
            figure("local", "21", 21, "count", quantity="local-clients"),
            figure(
                "share",
                written,
                value,
                "percent",
                quantity="local-clients",
                whole="all-clients",
                measure="count",
            ),
        ],
    )
    # 21 / 55 = 38.18 %: within 38 % ± 0.5, far from 50 %.
    [result] = run.results
    assert result.status == status
    assert result.interval is not None
    assert result.interval.low == pytest.approx(100 * 21 / 55)
    assert f"“share says {written}”" in result.message


@pytest.mark.parametrize(("written", "value", "status"), [("38%", 38, "pass"), ("37%", 37, "fail")])
def test_granularity_of_a_share_of_55(
    wording: Wording, written: str, value: float, status: str
) -> None:
    # k/55 for k = 20, 21 gives 36.36 % and 38.18 %: 37 % ± 0.5 holds neither.
    run = _run(
        wording,
        "granularity",
        quantities=CLIENTS,
        figures=[
            figure("all", "55", 55, "count", quantity="all-clients"),
            figure(
                "share",
                written,
                value,
                "percent",
                quantity="local-clients",
                whole="all-clients",
                measure="count",
            ),
        ],
    )
    assert _statuses(run) == [status]
    if status == "fail":
        assert run.results[0].message.endswith(
            "cannot be a whole number of 55: the nearest are 20/55 = 36.36 %, 21/55 = 38.18 %"
        )


MARKET = [
    quantity("market", "value", "USD"),
    quantity("part-a", "value", "USD"),
    quantity("part-b", "value", "USD"),
]


def test_shares_of_one_whole_over_100_fail(wording: Wording) -> None:
    run = _run(
        wording,
        "shares-of-whole",
        quantities=MARKET,
        partitions=[
            {
                "key": "by-part",
                "name": "Market by part",
                "whole": "market",
                "parts": ["part-a", "part-b"],
            }
        ],
        figures=[
            figure("a", "70%", 70, "percent", quantity="part-a", whole="market"),
            figure("b", "50%", 50, "percent", quantity="part-b", whole="market"),
        ],
    )
    assert _statuses(run) == ["fail"]
    assert "add up to [119, 121] %, not ≤ 100 %" in run.results[0].message


# A and B make the market: their shares must make 100 %.
EXHAUSTIVE = [
    {
        "key": "by-part",
        "name": "Market by part",
        "whole": "market",
        "parts": ["part-a", "part-b"],
        "exhaustive": True,
    }
]


def test_exhaustive_shares_must_make_100(wording: Wording) -> None:
    run = _run(
        wording,
        "shares-of-whole",
        quantities=MARKET,
        partitions=EXHAUSTIVE,
        figures=[
            figure("a", "60%", 60, "percent", quantity="part-a", whole="market"),
            figure("b", "30%", 30, "percent", quantity="part-b", whole="market"),
        ],
    )
    assert _statuses(run) == ["fail"]
    assert "add up to [89, 91] %, not = 100 %" in run.results[0].message


@pytest.mark.parametrize(("size_b", "status"), [(None, "pass"), ("USD 1.0 million", "fail")])
def test_exhaustive_parts_of_no_stated_size_leave_room_for_the_rest(
    wording: Wording, size_b: str | None, status: str
) -> None:
    # "A took USD 3 million (75 %) and the rest 25 %": the rest's size is not stated, so
    # A's size need only fit in the whole; with both sizes stated they must make it.
    sizes = [figure("size-a", "USD 3.0 million", 3e6, "USD", quantity="part-a")]
    if size_b:
        sizes.append(figure("size-b", size_b, 1e6, "USD", quantity="part-b"))
    run = _run(
        wording,
        "shares-of-whole",
        quantities=MARKET,
        partitions=EXHAUSTIVE,
        figures=[figure("whole", "USD 5.0 million", 5e6, "USD", quantity="market"), *sizes],
    )
    assert _statuses(run) == [status]


def test_a_share_stated_twice_counts_once_in_its_whole(wording: Wording) -> None:
    # 60 % of part a, stated in two places, and 30 % of part b make 90 %, not 150 %.
    run = _run(
        wording,
        "shares-of-whole",
        quantities=MARKET,
        partitions=[
            {
                "key": "by-part",
                "name": "Market by part",
                "whole": "market",
                "parts": ["part-a", "part-b"],
            }
        ],
        figures=[
            figure("a", "60%", 60, "percent", quantity="part-a", whole="market"),
            figure("a-again", "60%", 60, "percent", quantity="part-a", whole="market"),
            figure("b", "30%", 30, "percent", quantity="part-b", whole="market"),
        ],
    )
    assert _statuses(run) == ["pass"]
    assert "add up to [89, 91] %, leaving [9, 11] %" in run.results[0].message
    assert set(run.results[0].figures) == {"a", "a-again", "b"}


def test_two_claims_implying_disjoint_totals_fail(wording: Wording) -> None:
    # USD 10 million is 50 % of the market: 19.8–20.2 m. USD 30 million is 10 %: 285.7–315.8 m.
    run = _run(
        wording,
        "implied-quantity",
        quantities=MARKET,
        figures=[
            figure("a-size", "USD 10 million", 10e6, "USD", quantity="part-a", precision=0),
            figure("a-share", "50%", 50, "percent", quantity="part-a", whole="market"),
            figure("b-size", "USD 30 million", 30e6, "USD", quantity="part-b", precision=0),
            figure("b-share", "10%", 10, "percent", quantity="part-b", whole="market"),
        ],
    )
    [fail] = [r for r in run.results if r.status == "fail"]
    # One claim puts the market at [USD 19.8 m, USD 20.2 m]; with the other's share it
    # makes part b [USD 1.881 m, USD 2.121 m], not the stated USD 30 million.
    assert "[USD 19.8 m, USD 20.2 m]" in fail.message
    assert "cannot both hold" in fail.message
    assert set(fail.figures) == {"a-size", "a-share", "b-size", "b-share"}


def test_two_claims_implying_overlapping_totals_pass(wording: Wording) -> None:
    run = _run(
        wording,
        "implied-quantity",
        quantities=MARKET,
        figures=[
            figure("a-size", "USD 10 million", 10e6, "USD", quantity="part-a", precision=0),
            figure("a-share", "50%", 50, "percent", quantity="part-a", whole="market"),
            figure("b-size", "USD 2 million", 2e6, "USD", quantity="part-b", precision=0),
            figure("b-share", "10%", 10, "percent", quantity="part-b", whole="market"),
        ],
    )
    assert "pass" in _statuses(run) and "fail" not in _statuses(run)


CHAIN = [
    quantity("a", "value", "USD"),
    quantity("b", "value", "USD"),
    quantity("c", "value", "USD"),
]


@pytest.mark.parametrize(("written", "value", "status"), [("25%", 25, "pass"), ("40%", 40, "fail")])
def test_chained_share_against_a_stated_one(
    wording: Wording, written: str, value: float, status: str
) -> None:
    # 50 % of 50 %: [49.5, 50.5] × [49.5, 50.5] / 100 = [24.5, 25.5] %.
    run = _run(
        wording,
        "chained-share",
        quantities=CHAIN,
        figures=[
            figure("a-of-b", "50%", 50, "percent", quantity="a", whole="b"),
            figure("b-of-c", "half, 50%", 50, "percent", quantity="b", whole="c"),
            figure("a-of-c", written, value, "percent", quantity="a", whole="c"),
        ],
    )
    [result] = run.results
    assert result.status == status
    chained = result.interval
    assert chained is not None
    assert (chained.low, chained.high) == pytest.approx((24.5025, 25.5025))


RANKED = [{"key": "hubs", "name": "Trade hubs", "measure": "unspecified"}]


def test_two_unrelated_places_both_first_fail(wording: Wording) -> None:
    run = _run(
        wording,
        "rank-claims",
        rankings=RANKED,
        figures=[
            figure("f", "the largest", 1, "rank", subject="freedonia", ranking="hubs"),
            figure("s", "the leading", 1, "rank", subject="sylvania", ranking="hubs"),
        ],
    )
    assert _statuses(run) == ["fail"]
    assert run.results[0].message.startswith("Freedonia and Sylvania both claim rank 1")


def test_a_city_and_its_country_both_first_pass(wording: Wording) -> None:
    run = _run(
        wording,
        "rank-claims",
        rankings=RANKED,
        figures=[
            figure("f", "the largest", 1, "rank", subject="freedonia", ranking="hubs"),
            figure("c", "the leading", 1, "rank", subject="fredville", ranking="hubs"),
        ],
    )
    assert _statuses(run) == ["pass"]
    assert "(Fredville lies in Freedonia)" in run.results[0].message


def test_a_third_place_share_that_leaves_no_room_fails(wording: Wording) -> None:
    # Third with 40 %: the two above hold at least 39.5 % each, 3 × 39.5 = 118.5 > 100.
    run = _run(
        wording,
        "rank-claims",
        quantities=MARKET,
        rankings=[{"key": "parts", "name": "Parts", "measure": "value", "share_whole": "market"}],
        figures=[
            figure("rank", "third", 3, "rank", quantity="part-a", ranking="parts"),
            figure("share", "40%", 40, "percent", quantity="part-a", whole="market"),
        ],
    )
    assert "fail" in _statuses(run)


def test_over_100_percent_fails_bounds(wording: Wording) -> None:
    """'over 100%' passes the schema's CHECK (value 100) but no share can be above 100."""
    run = _run(
        wording,
        "bounds",
        quantities=MARKET,
        figures=[
            figure(
                "a",
                "over 100%",
                100,
                "percent",
                qualifier="over",
                quantity="part-a",
                whole="market",
            ),
        ],
    )
    assert _statuses(run) == ["fail"]


def test_a_share_of_110_percent_fails_bounds() -> None:
    """The schema refuses 110 % (next test), so the rule is shown it directly."""
    share = Fact(
        "x",
        "110%",
        "110%",
        110,
        "percent",
        Interval(109.5, 110.5),
        "acme",
        "Acme",
        "m",
        "value",
        "stated",
        "a",
        "b",
        None,
    )
    [finding] = bounds(Facts(figures=[share]))
    assert finding.outcome == "violation"
    assert finding.message == "“110%” states 110 percent, outside [0, 100] %"


def test_the_schema_refuses_a_share_of_110_percent(seeded_url: str) -> None:
    with pytest.raises(IntegrityError), connect(seeded_url) as connection:
        connection.execute(text("UPDATE figures SET value = 110 WHERE unit = 'percent'"))


def test_value_and_volume_give_a_relative_price(wording: Wording) -> None:
    run = _run(
        wording,
        "value-vs-volume",
        quantities=[
            quantity("mkt-value", "value", "USD"),
            quantity("mkt-volume", "volume", "carats"),
            quantity("acme-value", "value", "USD"),
            quantity("acme-volume", "volume", "carats"),
            quantity("market", "unspecified", None),
        ],
        links=[
            {"part": "mkt-value", "whole": "market", "relation": "same_as", "basis": "stated"},
            {"part": "mkt-volume", "whole": "market", "relation": "same_as", "basis": "stated"},
        ],
        figures=[
            figure("v", "20%", 20, "percent", quantity="acme-value", whole="mkt-value"),
            figure(
                "q",
                "40%",
                40,
                "percent",
                quantity="acme-volume",
                whole="mkt-volume",
                measure="volume",
            ),
        ],
    )
    [result] = run.results
    assert result.status == "info"
    assert result.interval is not None
    # [19.5, 20.5] / [39.5, 40.5]
    assert (result.interval.low, result.interval.high) == pytest.approx((19.5 / 40.5, 20.5 / 39.5))
    assert not math.isinf(result.interval.high)


def test_a_seed_can_add_a_qualifier(tmp_path: Path) -> None:
    """Qualifiers are data: a seed adds "roughly" (±20 %) and a figure uses it at once."""
    url = f"sqlite:///{tmp_path / 'q.sqlite'}"
    api.upgrade(url)
    api.seed(
        url,
        [
            make_seed(
                tmp_path / "seed",
                qualifiers=[
                    {
                        "name": "give or take",
                        "low_mode": "factor",
                        "low_factor": 0.8,
                        "high_mode": "factor",
                        "high_factor": 1.2,
                        "description": "Within a fifth either side.",
                    }
                ],
                quantities=MARKET,
                figures=[
                    figure(
                        "a",
                        "give or take 50%",
                        50,
                        "percent",
                        qualifier="give or take",
                        quantity="part-a",
                        whole="market",
                    )
                ],
            )
        ],
    )
    with connect(url) as connection:
        row = connection.execute(text("SELECT qualifier, low, high FROM v_figures")).one()
    assert tuple(row) == ("give or take", 40.0, 60.0)
