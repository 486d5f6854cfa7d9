"""Rules across sources: a text against a table, a containment across three documents, an
ambiguous quantity read each way. Real SQLite files; the KP table is the bundled one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dbtool import api
from dbtool.checks.engine import FinishedRun
from tests.helpers import SEEDS
from tests.seedkit import figure, make_seed, quantity

KP_SEED = SEEDS / "kp-production-2016.toml"
AWDC_SEED = SEEDS / "awdc-alrosa-2018.toml"  # declares Russia, which the table names


def _run(tmp_path: Path, *documents: dict[str, Any], table: bool = False) -> FinishedRun:
    """Load the documents in order (the first declares the shared entities), after the KP
    table when ``table``, and check."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{tmp_path / 'sources.sqlite'}"
    api.upgrade(url)
    if table:
        api.seed(url, [AWDC_SEED, KP_SEED])
    paths = [
        make_seed(tmp_path / "seeds", d["slug"], declare=i == 0, **_sections(d))
        for i, d in enumerate(documents)
    ]
    api.seed(url, paths)
    return api.check(url)


def _sections(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "slug"}


def _failures(run: FinishedRun) -> list[Any]:
    return [r for r in run.results if r.status in ("fail", "warn")]


def usd(key: str, written: str, value: float, of: str, period: str, **extra: Any) -> dict:
    return figure(key, written, value, "USD", quantity=of, period=period, **extra)


# -- containment across three documents ---------------------------------------------------


def _containment(sales: str, value: float) -> list[dict[str, Any]]:
    return [
        {
            "slug": "doc-a",
            "quantities": [
                quantity("x-supply-to-y", "value", "USD") | {"flow": True},
                quantity("y-trade", "value", "USD") | {"flow": True},
                quantity("x-sales", "value", "USD") | {"flow": True},
            ],
            "links": [
                {
                    "part": "x-supply-to-y",
                    "whole": "x-sales",
                    "relation": "part_of",
                    "basis": "stated",
                }
            ],
            "figures": [
                figure(
                    "x-share",
                    "40%",
                    40,
                    "percent",
                    quantity="x-supply-to-y",
                    whole="y-trade",
                    period="2017",
                )
            ],
        },
        {"slug": "doc-b", "figures": [usd("y-trade", "USD 10 billion", 10e9, "y-trade", "2017")]},
        {"slug": "doc-c", "figures": [usd("x-sales", sales, value, "x-sales", "2017")]},
    ]


def test_a_share_times_a_whole_beyond_its_container_fails_quoting_three_documents(
    tmp_path: Path,
) -> None:
    run = _run(tmp_path, *_containment("USD 3 billion", 3e9))
    [failure] = _failures(run)
    assert failure.rule == "part-within-whole"
    for words in ("“x-share says 40%” (doc-a)", "“y-trade says USD 10 billion” (doc-b)"):
        assert words in failure.message
    assert "exceeds “x-sales says USD 3 billion” (doc-c) ([USD 2.5 bn, USD 3.5 bn])" in (
        failure.message
    )
    assert set(failure.figures) == {"x-share", "y-trade", "x-sales"}


def test_a_share_times_a_whole_within_its_container_passes(tmp_path: Path) -> None:
    run = _run(tmp_path, *_containment("USD 5 billion", 5e9))
    assert _failures(run) == []
    [found] = [r for r in run.results if r.rule == "part-within-whole" and "x-sales" in r.figures]
    assert found.status == "pass"


def test_a_part_that_is_only_a_share_of_its_whole_is_not_compared_with_it(
    tmp_path: Path,
) -> None:
    # 40 % of Y's trade sits inside Y's trade whatever the trade is: a comparison that
    # could not fail. Against X's sales (another container) it still can, and is made.
    documents = _containment("USD 5 billion", 5e9)
    documents[0]["links"].append(
        {"part": "x-supply-to-y", "whole": "y-trade", "relation": "part_of", "basis": "stated"}
    )
    run = _run(tmp_path, *documents)
    compared = [r for r in run.results if r.rule == "part-within-whole"]
    assert [set(r.figures) for r in compared] == [{"x-share", "y-trade", "x-sales"}]
    assert compared[0].status == "pass"


def test_a_whole_stated_alike_by_three_documents_is_quoted_once_and_counted(
    tmp_path: Path,
) -> None:
    documents = _containment("USD 3 billion", 3e9)
    for slug in ("doc-d", "doc-e"):
        restated = usd(f"{slug}-trade", "USD 10 billion", 10e9, "y-trade", "2017")
        documents.append({"slug": slug, "figures": [restated]})
    [failure] = _failures(run := _run(tmp_path, *documents))
    assert "says USD 10 billion” (doc-d) and 2 more statements of it" in failure.message
    assert failure.message.count("says USD 10 billion") == 1
    assert {"y-trade", "doc-d-trade", "doc-e-trade"} <= set(failure.figures)
    [same] = [r for r in run.results if r.rule == "same-period" and "y-trade" in r.figures]
    assert "doc-d-trade says" in same.message and "doc-e-trade says" in same.message


# -- readings of an ambiguous quantity ---------------------------------------------------------


def _trade(imports: str, value: float) -> dict[str, Any]:
    return {
        "slug": "hub",
        "quantities": [
            quantity("imports", "value", "USD") | {"flow": True},
            quantity("exports", "value", "USD") | {"flow": True},
            quantity("trade", "value", "USD") | {"flow": True},
            quantity("acme-in-trade", "value", "USD") | {"flow": True},
        ],
        "readings": [
            {"key": "trade-both", "name": "imports + exports", "quantity": "trade",
             "parts": ["imports", "exports"]},
            {"key": "trade-in", "name": "imports", "quantity": "trade", "parts": ["imports"]},
        ],
        "figures": [
            usd("imports", imports, value, "imports", "2017"),
            usd("exports", "USD 12.6 billion", 12.6e9, "exports", "2017"),
            usd("acme", "USD 2.4 billion", 2.4e9, "acme-in-trade", "2017"),
            figure("acme-share", "21%", 21, "percent", quantity="acme-in-trade", whole="trade",
                   period="2017"),
        ],
    }  # fmt: skip


def test_the_reading_that_agrees_is_reported_consistent_and_the_other_not(tmp_path: Path) -> None:
    run = _run(tmp_path, _trade("USD 11.4 billion", 11.4e9))
    assert _failures(run) == []
    [verdict] = [r for r in run.results if r.rule == "readings"]
    assert verdict.status == "pass"
    assert "Trade: consistent if it means imports (" in verdict.message
    assert "; inconsistent if it means imports + exports: " in verdict.message


def test_when_no_reading_agrees_the_readings_fail(tmp_path: Path) -> None:
    run = _run(tmp_path, _trade("USD 3.4 billion", 3.4e9))
    [failure] = _failures(run)
    assert failure.rule == "readings"
    assert "inconsistent if it means imports:" in failure.message
    assert "inconsistent if it means imports + exports:" in failure.message


# -- a text against the table --------------------------------------------------------------


def _claim(key: str, written: str, rank: int, country: str, by: str, period: str = "2016") -> dict:
    return figure(
        key, written, rank, "rank", subject=country, period=period,
        quantity=f"{country}-diamond-production-{by}", ranking=f"world-producers-by-{by}",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        (_claim("canada-third", "third", 3, "canada", "value"), "pass"),
        (_claim("canada-second", "second", 2, "canada", "value"), "fail"),  # Russia, Botswana
        # By value the table lists every producer above its tenth: Lesotho is seventh.
        (_claim("lesotho-eighth", "eighth", 8, "lesotho", "value"), "fail"),
        # By volume it lists only some: Namibia is eighth of these ten, and may be ninth.
        (_claim("namibia-ninth", "ninth", 9, "namibia", "volume"), "pass"),
        (_claim("namibia-seventh", "seventh", 7, "namibia", "volume"), "fail"),
    ],
    ids=lambda v: v["key"] if isinstance(v, dict) else v,
)
def test_a_rank_claim_in_a_text_is_held_against_the_table(
    tmp_path: Path, claim: dict, status: str
) -> None:
    run = _run(tmp_path, {"slug": "release", "figures": [claim]}, table=True)
    [found] = [
        r
        for r in run.results
        if r.rule == "rank-claims" and claim["key"] in r.figures and r.key.endswith(":values")
    ]
    assert found.status == status, found.message
    assert len(_failures(run)) == (status == "fail")


def test_a_change_in_a_text_is_held_against_the_tables_year_before(tmp_path: Path) -> None:
    def release(percent: int) -> dict:
        return {
            "slug": "release",
            "figures": [
                figure("bw-carats", "23.0 million carats", 23e6, "carat", subject="botswana",
                       quantity="botswana-diamond-production-volume", period="2017",
                       measure="volume"),
                figure("bw-rise", f"{percent}%", percent, "percent", subject="botswana",
                       quantity="botswana-diamond-production-volume", period="2017",
                       base_period="2016", direction="up", measure="volume"),
            ],
        }  # fmt: skip

    assert _failures(_run(tmp_path / "right", release(12), table=True)) == []
    [failure] = _failures(_run(tmp_path / "wrong", release(18), table=True))
    assert failure.rule == "change"
    assert "(from kp-production-2016, release)" in failure.message and "20,501" in failure.message


def test_ahead_of_and_behind_are_held_against_the_table(tmp_path: Path) -> None:
    def comparison(key: str, first: str, relation: str, other: str) -> dict:
        return {
            "key": key, "quote": f"{key} is said", "quantity": f"{first}-diamond-production-value",
            "other": f"{other}-diamond-production-value", "period": "2016", "relation": relation,
        }  # fmt: skip

    release = {
        "slug": "release",
        "comparisons": [
            comparison("sa-ahead-of-angola", "south-africa", "higher", "angola"),
            comparison("sa-behind-botswana", "south-africa", "lower", "botswana"),
            comparison("sa-behind-canada", "south-africa", "lower", "canada"),
            comparison("namibia-ahead-of-angola", "namibia", "higher", "angola"),
        ],
    }
    run = _run(tmp_path, release, table=True)
    verdicts = {r.key.split("#")[0]: r.status for r in run.results if r.rule == "comparison"}
    assert sorted(verdicts.values()) == ["fail", "pass", "pass", "pass"]
    [failure] = _failures(run)
    assert "Namibia" in failure.message
