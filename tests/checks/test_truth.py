"""What a careful analyst concludes of several documents, and only that.

Each test is one thing seen on releases the project had never seen: a
contradiction that spread into failures of innocent claims, dollars compared
with carats, quantities named differently never compared, claims that could
not be written (directions, orders, ranks against values), keys that moved
when a document was added, rules that paired figures of different periods,
revisions reported as failures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dbtool import api
from dbtool.checks.engine import FinishedRun
from dbtool.errors import SeedError
from tests.seedkit import figure, make_seed, quantity


def _run(tmp_path: Path, *documents: dict[str, Any], rules: list[str] | None = None) -> FinishedRun:
    """Load the documents in order (the first declares the shared entities) and check."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{tmp_path / 'truth.sqlite'}"
    api.upgrade(url)
    paths = [
        make_seed(tmp_path / "seeds", slug, declare=index == 0, **sections)
        for index, (slug, sections) in enumerate(
            (d.pop("slug"), d) for d in [dict(d) for d in documents]
        )
    ]
    api.seed(url, paths)
    return api.check(url, rules)


def _failures(run: FinishedRun) -> list[Any]:
    return [r for r in run.results if r.status in ("fail", "warn")]


def usd(key: str, written: str, value: float, of: str, period: str, **extra: Any) -> dict:
    return figure(key, written, value, "USD", quantity=of, period=period, **extra)


SALES = [
    quantity("rough", "value", "USD") | {"flow": True},
    quantity("polished", "value", "USD") | {"flow": True},
    quantity("total", "value", "USD") | {"flow": True},
    quantity("carats", "volume", "carats"),
    quantity("price", "value", "USD per carat"),
]


def test_one_disagreement_is_one_failure(tmp_path: Path) -> None:
    """Two documents disagree on 2017 rough sales (3.9 vs 4.1 billion); the first also
    states rough + polished = total and a price per carat consistent with its own figure:
    one failure, the disagreement, quoting both; none on the sum or the price."""
    first = {
        "slug": "first",
        "quantities": SALES,
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
        "figures": [
            usd("a-rough", "USD 3.9 billion", 3.9e9, "rough", "2017"),
            usd("a-polished", "USD 0.1 billion", 0.1e9, "polished", "2017"),
            usd("a-total", "USD 4.0 billion", 4.0e9, "total", "2017"),
            figure(
                "a-carats",
                "39 million carats",
                39e6,
                "carat",
                quantity="carats",
                period="2017",
                measure="volume",
            ),
            figure(
                "a-price",
                "USD 100 per carat",
                100,
                "USD_per_carat",
                quantity="price",
                period="2017",
            ),
        ],
    }
    second = {
        "slug": "second",
        "figures": [usd("b-rough", "USD 4.1 billion", 4.1e9, "rough", "2017")],
    }
    run = _run(tmp_path, first, second)
    [failure] = _failures(run)
    assert failure.rule == "same-period"
    assert "“a-rough says USD 3.9 billion” (first)" in failure.message
    assert "“b-rough says USD 4.1 billion” (second)" in failure.message
    assert set(failure.figures) == {"a-rough", "b-rough"}
    # The sum and the price are told which figure they agree with, as information.
    sums = [r for r in run.results if r.rule == "sum-of-parts"]
    assert [r.status for r in sums] == ["info"]
    assert "agrees with “a-rough says USD 3.9 billion”" in sums[0].message
    assert "not with “b-rough says USD 4.1 billion”" in sums[0].message


def test_dollars_are_never_compared_with_carats(tmp_path: Path) -> None:
    """A quantity with no unit linked to a value and to a volume has two readings."""
    market = {
        "slug": "market",
        "quantities": [
            quantity("trade", "unspecified", None),
            quantity("trade-value", "value", "USD"),
            quantity("trade-volume", "volume", "carats"),
            quantity("acme-trade", "unspecified", None),
        ],
        "links": [
            {"part": "trade-value", "whole": "trade", "relation": "same_as", "basis": "stated"},
            {"part": "trade-volume", "whole": "trade", "relation": "same_as", "basis": "stated"},
        ],
        "figures": [
            usd("value", "USD 10 billion", 10e9, "trade-value", "2017"),
            figure(
                "volume",
                "100 million carats",
                100e6,
                "carat",
                quantity="trade-volume",
                period="2017",
                measure="volume",
            ),
            figure(
                "share",
                "21%",
                21,
                "percent",
                quantity="acme-trade",
                whole="trade",
                period="2017",
                measure="value",
            ),
            usd("acme", "USD 2.1 billion", 2.1e9, "acme-trade", "2017"),
        ],
    }
    run = _run(tmp_path, market)
    assert _failures(run) == []
    implied = [r for r in run.results if r.rule == "implied-quantity" and r.status != "info"]
    assert [r.status for r in implied] == ["pass"]
    assert all(r.unit in (None, "USD", "percent", "carat") for r in run.results)
    for result in run.results:  # carats are never shown in dollars, nor dollars in carats
        if result.unit == "carat":
            assert "USD" not in (result.message.split(":")[-1])


def test_a_same_as_link_compares_what_two_documents_name_differently(tmp_path: Path) -> None:
    first = {
        "slug": "first",
        "quantities": [quantity("sales", "value", "USD") | {"flow": True}],
        "figures": [usd("sales-2017", "USD 4.0 billion", 4.0e9, "sales", "2017")],
    }
    second = {
        "slug": "second",
        "quantities": [quantity("group-sales", "value", "USD") | {"flow": True}],
        "links": [
            {"part": "group-sales", "whole": "sales", "relation": "same_as", "basis": "stated"}
        ],
        "figures": [
            usd("group-2018", "USD 4.84 billion", 4.84e9, "group-sales", "2018"),
            figure(
                "group-change",
                "21%",
                21,
                "percent",
                quantity="group-sales",
                period="2018",
                base_period="2017",
                direction="up",
            ),
            usd("group-2017", "USD 4.4 billion", 4.4e9, "group-sales", "2017"),
        ],
    }
    run = _run(tmp_path, first, second)
    [failure] = _failures(run)  # 4.0 against 4.4 for 2017; 4.84 / 1.21 = 4.0 folds into it
    assert failure.rule == "same-period"
    assert {"sales-2017", "group-2017"} <= set(failure.figures)
    folded = [r for r in run.results if r.message.startswith("Rests on the inconsistency")]
    assert all(r.status == "info" for r in folded)


DIRECTIONS = [quantity("exports", "value", "USD") | {"flow": True}]


@pytest.mark.parametrize(("relation", "status"), [("lower", "pass"), ("higher", "fail")])
def test_a_direction_without_a_number(tmp_path: Path, relation: str, status: str) -> None:
    """ "Exports eased in 2017": lower than 2016, against the two levels stated."""
    document = {
        "slug": "trade",
        "quantities": DIRECTIONS,
        "comparisons": [
            {
                "key": "eased",
                "quote": "exports eased",
                "quantity": "exports",
                "period": "2017",
                "relation": relation,
                "other_period": "2016",
            }
        ],
        "figures": [
            usd("x-2017", "USD 9.8 billion", 9.8e9, "exports", "2017"),
            usd("x-2016", "USD 10.1 billion", 10.1e9, "exports", "2016"),
        ],
    }
    run = _run(tmp_path, document, rules=["comparison"])
    [result] = run.results
    assert result.status == status
    assert set(result.figures) == {"x-2016", "x-2017"}


def test_a_direction_read_through_a_stated_change(tmp_path: Path) -> None:
    """ "Kept falling": two steps down; the stated "fell 3%" settles the first exactly."""
    document = {
        "slug": "trade",
        "quantities": DIRECTIONS,
        "comparisons": [
            {
                "key": "fell-2017",
                "quote": "kept falling",
                "quantity": "exports",
                "period": "2017",
                "relation": "lower",
                "other_period": "2016",
            },
            {
                "key": "fell-2016",
                "quote": "kept falling",
                "quantity": "exports",
                "period": "2016",
                "relation": "lower",
                "other_period": "2015",
                "occurrence": None,
            },
        ],
        "figures": [
            figure(
                "change",
                "3%",
                3,
                "percent",
                quantity="exports",
                period="2017",
                base_period="2016",
                direction="down",
            ),
            usd("x-2016", "USD 10.1 billion", 10.1e9, "exports", "2016"),
            usd("x-2015", "USD 9.9 billion", 9.9e9, "exports", "2015"),
        ],
    }
    for comparison in document["comparisons"]:
        comparison.pop("occurrence", None)
    run = _run(tmp_path, document, rules=["comparison"])
    status = {r.key.split("@")[1].split(":")[0]: r for r in run.results}
    assert (status["2017"].status, status["2016"].status) == ("pass", "fail")
    assert "a change of" in status["2017"].message


PRODUCERS = [
    quantity("russia-value", "value", "USD"),
    quantity("botswana-value", "value", "USD"),
    quantity("canada-value", "value", "USD"),
]


@pytest.mark.parametrize(("relation", "status"), [("higher", "pass"), ("lower", "fail")])
def test_one_producer_ahead_of_another(tmp_path: Path, relation: str, status: str) -> None:
    document = {
        "slug": "kp",
        "quantities": PRODUCERS,
        "comparisons": [
            {
                "key": "ahead",
                "quote": "ahead of Botswana",
                "quantity": "russia-value",
                "other": "botswana-value",
                "period": "2016",
                "relation": relation,
            }
        ],
        "figures": [
            usd("russia", "USD 3,579 million", 3579e6, "russia-value", "2016"),
            usd("botswana", "USD 2,846 million", 2846e6, "botswana-value", "2016"),
        ],
    }
    [result] = _run(tmp_path, document, rules=["comparison"]).results
    assert result.status == status


def _ranked(rank: int, written: str, value: float, ascending: bool = False) -> dict:
    return {
        "slug": "kp",
        "quantities": PRODUCERS,
        "rankings": [
            {
                "key": "by-value",
                "name": "Producers by value",
                "measure": "value",
                "members": ["russia-value", "botswana-value", "canada-value"],
                "ascending": ascending,
            }
        ],
        "figures": [
            figure(
                "claim",
                written,
                rank,
                "rank",
                subject="sylvania",
                ranking="by-value",
                quantity="botswana-value",
                period="2016",
            ),
            usd("russia", "USD 3,579 million", 3579e6, "russia-value", "2016"),
            usd("botswana", "USD 1,397 million", 1397e6, "botswana-value", "2016")
            if value is None
            else usd(
                "botswana", f"USD {value:,.0f} million", value * 1e6, "botswana-value", "2016"
            ),
            usd("canada", "USD 1,397 million", 1397e6, "canada-value", "2016"),
        ],
    }


@pytest.mark.parametrize(
    ("rank", "written", "value", "status"),
    [
        (2, "second", 2846, "pass"),  # Russia above, Canada below
        (1, "largest", 2846, "fail"),  # Russia is surely above
        (3, "third", 2846, "fail"),  # only Russia can be above
        (2, "second", 1397, "pass"),  # a tie with Canada within rounding
    ],
)
def test_a_rank_against_the_values_it_ranks(
    tmp_path: Path, rank: int, written: str, value: float, status: str
) -> None:
    run = _run(tmp_path, _ranked(rank, written, value), rules=["rank-claims"])
    [result] = [r for r in run.results if r.key.endswith(":values")]
    assert result.status == status
    if value == 1397:
        assert "a tie within rounding with Canada-value" in result.message.replace(
            "Canada value", "Canada-value"
        )


def test_the_weakest_counts_from_the_bottom(tmp_path: Path) -> None:
    run = _run(tmp_path, _ranked(1, "smallest", 1000, ascending=True), rules=["rank-claims"])
    [result] = [r for r in run.results if r.key.endswith(":values")]
    assert result.status == "pass"


def test_keys_do_not_move_when_an_unrelated_document_arrives(tmp_path: Path) -> None:
    sums = {"key": "by-product", "name": "Sales", "total": "total", "parts": ["rough", "polished"]}
    first = {
        "slug": "zzz-first",
        "quantities": SALES,
        "sums": [sums],
        "figures": [
            usd("rough-17", "USD 3.9 billion", 3.9e9, "rough", "2017"),
            usd("polished-17", "USD 0.1 billion", 0.1e9, "polished", "2017"),
            usd("total-17", "USD 4.0 billion", 4.0e9, "total", "2017"),
        ],
    }
    before = {r.key for r in _run(tmp_path / "one", first).results}
    unrelated = {
        "slug": "aaa-unrelated",
        "quantities": [quantity("other", "count", "clients")],
        "sums": [sums | {"key": "aaa-by-product"}],  # the same identity, keyed to sort first
        "figures": [figure("clients", "55", 55, "count", quantity="other")],
    }
    after = {r.key for r in _run(tmp_path / "two", first, unrelated).results}
    sum_keys = {k for k in before if k.startswith("sum-of-parts:")}
    assert sum_keys and sum_keys <= after


def test_a_hundred_monthly_breakdowns_are_a_hundred_findings(tmp_path: Path) -> None:
    """Shares of one whole, every month: each month's shares add up on their own."""
    parts = [quantity(f"to-{c}", "value", None) for c in "abc"]
    figures = []
    for month in range(100):
        period = f"{2010 + month // 12}-{month % 12 + 1:02d}"
        for part, share in zip("abc", (40, 35, 25), strict=True):
            figures.append(
                figure(
                    f"s-{part}-{month}",
                    f"{share}% ({period})",
                    share,
                    "percent",
                    quantity=f"to-{part}",
                    whole="exports",
                    period=period,
                )
            )
    document = {
        "slug": "hub",
        "quantities": [quantity("exports", "value", None), *parts],
        "partitions": [
            {
                "key": "by-destination",
                "name": "Exports by destination",
                "whole": "exports",
                "parts": ["to-a", "to-b", "to-c"],
                "exhaustive": True,
            }
        ],
        "figures": figures,
    }
    run = _run(tmp_path, document, rules=["shares-of-whole", "chained-share", "value-vs-volume"])
    shares = [r for r in run.results if r.rule == "shares-of-whole"]
    assert len(shares) == 100
    assert _failures(run) == []


def test_a_revision_is_reported_as_one(tmp_path: Path) -> None:
    first = {
        "slug": "preliminary",
        "quantities": [quantity("sales", "value", "USD") | {"flow": True}],
        "figures": [usd("sales-prelim", "USD 4.267 billion", 4.267e9, "sales", "2017")],
    }
    second = {
        "slug": "final",
        "figures": [
            usd("sales-final", "USD 4.29 billion", 4.29e9, "sales", "2017", revises="sales-prelim")
        ],
    }
    run = _run(tmp_path, first, second)
    assert _failures(run) == []
    [revision] = [r for r in run.results if "revises" in r.message]
    assert revision.status == "info"
    assert set(revision.figures) == {"sales-prelim", "sales-final"}


def test_euros_and_tonnes_are_units_of_their_own(tmp_path: Path) -> None:
    document = {
        "slug": "miner",
        "quantities": [
            quantity("revenue", "value", "EUR"),
            quantity("rough-revenue", "value", "EUR"),
            quantity("other-revenue", "value", "EUR"),
            quantity("ore", "volume", "tonnes"),
        ],
        "sums": [
            {
                "key": "revenue-by-product",
                "name": "Revenue",
                "total": "revenue",
                "parts": ["rough-revenue", "other-revenue"],
            }
        ],
        "figures": [
            figure("rev", "EUR 120.5 million", 120.5e6, "EUR", quantity="revenue", period="2018"),
            figure(
                "rough",
                "EUR 110.2 million",
                110.2e6,
                "EUR",
                quantity="rough-revenue",
                period="2018",
            ),
            figure(
                "other", "EUR 12.3 million", 12.3e6, "EUR", quantity="other-revenue", period="2018"
            ),
            figure(
                "ore",
                "4.6 million tonnes",
                4.6e6,
                "tonne",
                quantity="ore",
                period="2018",
                measure="volume",
            ),
        ],
    }
    run = _run(tmp_path, document)
    [failure] = _failures(run)  # 110.2 + 12.3 = 122.5, not 120.5
    assert failure.rule == "sum-of-parts"
    assert "EUR 120.5 m" in failure.message


def test_a_link_between_dollars_and_carats_is_refused(tmp_path: Path) -> None:
    document = {
        "slug": "bad",
        "quantities": [quantity("value", "value", "USD"), quantity("volume", "volume", "carats")],
        "links": [{"part": "value", "whole": "volume", "relation": "same_as", "basis": "stated"}],
        "figures": [usd("v", "USD 1 billion", 1e9, "volume", "2017")],
    }
    with pytest.raises(SeedError) as refused:
        _run(tmp_path, document)
    lines = refused.value.lines()
    assert any("figures[key=v].unit: USD measures money:USD" in line for line in lines)
    assert any(
        "links[1]: 'value' (money:USD) and 'volume' (volume:carat)" in line for line in lines
    )


def test_a_document_without_a_dateline_loads(tmp_path: Path) -> None:
    path = make_seed(tmp_path, "nodate", figures=[figure("n", "55", 55, "count")])
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("dateline")),
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'nodate.sqlite'}"
    api.upgrade(url)
    [report] = api.seed(url, [path])
    assert report.status == "added"
