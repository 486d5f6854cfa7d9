"""The checks on the real press release give what a careful analyst concludes by hand.

Each test writes down one conclusion and its arithmetic. Intervals follow the
wording: "33%" is [32.5, 33.5]; "21%"/"31%" are ± 0.5; "Nearly 85%" is
[76.5, 85); "over USD 2 billion" is (2e9, ∞); counts are exact.
"""

from __future__ import annotations

import pytest

from dbtool import api
from dbtool.checks.engine import FinishedRun, Result


@pytest.fixture
def run(seeded_url: str) -> FinishedRun:
    return api.check(seeded_url)


def _one(run: FinishedRun, rule: str, *words: str) -> Result:
    """The one result of ``rule`` whose key holds every one of ``words``."""
    [result] = [r for r in run.results if r.rule == rule and all(word in r.key for word in words)]
    return result


def _bounds(result: Result) -> tuple[float, float]:
    assert result.interval is not None
    return result.interval.low, result.interval.high


def test_nothing_in_the_release_is_inconsistent(run: FinishedRun) -> None:
    assert run.counts()["fail"] == 0 and run.counts()["warn"] == 0
    assert not run.failed("warn")
    assert {r.rule for r in run.results} == set(run.rules)  # every rule reports


def test_21_of_55_clients_is_38_percent(run: FinishedRun) -> None:
    # 21 Belgian clients ⊂ 55 long-term clients: 21 ≤ 55, and 21 / 55 = 38.18 %.
    within = _one(run, "part-within-whole", "alrosa-belgian-clients/alrosa-long-term-clients")
    assert within.status == "pass"
    share = _one(run, "count-share", "alrosa-belgian-clients/alrosa-long-term-clients")
    assert share.status == "info"
    assert _bounds(share) == pytest.approx((38.1818, 38.1818), abs=1e-4)


def test_34_clients_are_outside_belgium(run: FinishedRun) -> None:
    rest = _one(run, "shares-of-whole", "alrosa-long-term-clients-by-country:count")
    assert _bounds(rest) == (34, 34)


def test_other_products_hold_two_thirds_of_russian_imports(run: FinishedRun) -> None:
    # Rough diamonds are 33 % ± 0.5 of imports from Russia: the rest is 100 − 33 = 66.5–67.5 %.
    rest = _one(run, "shares-of-whole", "belgian-imports-from-russia-by-product:shares")
    assert rest.status == "pass"
    assert _bounds(rest) == pytest.approx((66.5, 67.5))


def test_the_leading_import_from_russia_holds_a_third_to_two_thirds(run: FinishedRun) -> None:
    # Rough diamonds rank second at ≥ 32.5 %, so the first product holds ≥ 32.5 % and
    # leaves ≥ 32.5 % for rough diamonds: 32.5 % ≤ leader ≤ 100 − 32.5 = 67.5 %.
    leader = _one(run, "rank-claims", "rough-import-rank:rough-share-of-russian-imports")
    assert leader.status == "pass"
    assert _bounds(leader) == (32.5, 67.5)


def test_antwerp_trade_is_worth_over_9_3_billion(run: FinishedRun) -> None:
    # ALROSA's > USD 2 bn is 21 % (≤ 21.5 %) of Antwerp's rough trade by value, so the
    # trade exceeds 2e9 / 0.215 = USD 9.302 bn, with no upper bound ("over").
    total = _one(run, "implied-quantity", "antwerp-rough-trade-value[money:USD]@2017:derived")
    low, high = _bounds(total)
    assert low == pytest.approx(2e9 / 0.215)
    assert high == float("inf")
    assert total.interval is not None and not total.interval.low_inclusive


def test_world_rough_output_is_worth_over_10_9_billion(run: FinishedRun) -> None:
    # Antwerp trades nearly 85 % (< 85 %) of rough mined worldwide: > 9.302 bn / 0.85 = 10.94 bn.
    world = _one(run, "implied-quantity", "world-rough-mined[money:USD]@2017:derived")
    assert _bounds(world)[0] == pytest.approx(2e9 / 0.215 / 0.85)


def test_alrosa_share_of_world_rough_through_antwerp(run: FinishedRun) -> None:
    # By volume 31 % × nearly 85 %: [30.5 × 0.765, 31.5 × 0.85) = [23.33, 26.78) %.
    volume = _one(run, "chained-share", "/world-rough-mined[volume:carat]", ":derived")
    assert _bounds(volume) == pytest.approx((30.5 * 0.765, 31.5 * 0.85))
    # By value 21 % × nearly 85 %: [20.5 × 0.765, 21.5 × 0.85) = [15.68, 18.28) %.
    value = _one(run, "chained-share", "/world-rough-mined[money:USD]", ":derived")
    assert _bounds(value) == pytest.approx((20.5 * 0.765, 21.5 * 0.85))
    assert "an assumption" in value.message  # the 85 % does not say value or volume


def test_alrosa_rough_is_cheaper_than_antwerp_average(run: FinishedRun) -> None:
    # 21 % of value for 31 % of volume: price ratio [20.5 / 31.5, 21.5 / 30.5] = [0.651, 0.705].
    price = _one(
        run, "value-vs-volume", "alrosa-share-antwerp-rough-value/alrosa-share-antwerp-rough-volume"
    )
    assert _bounds(price) == pytest.approx((20.5 / 31.5, 21.5 / 30.5))
    assert price.interval is not None and price.interval.high < 1


def test_antwerp_and_belgium_both_lead_the_trade(run: FinishedRun) -> None:
    # Antwerp is "the leading trade hub" and Belgium "the world's largest diamond trading
    # center": no contradiction, because Antwerp lies in Belgium.
    claims = _one(run, "rank-claims", "diamond-trade-centres:1")
    assert claims.status == "pass"
    assert "Antwerp lies in Belgium" in claims.message


def test_no_grim_test_applies(run: FinishedRun) -> None:
    # No percentage in the release is a share of an exactly counted whole.
    assert _one(run, "granularity", "none").status == "info"
