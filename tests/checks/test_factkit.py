"""The in-memory facts of rule tests are the facts a database gives for the same seed."""

from __future__ import annotations

from pathlib import Path

from dbtool import api
from dbtool.checks.facts import load_facts
from tests.checks import factkit
from tests.checks.factkit import Wording
from tests.seedkit import figure, make_seed, quantity

SECTIONS = {
    "quantities": [
        quantity("total", "value", "USD") | {"flow": True},
        quantity("rough", "value", "USD") | {"flow": True},
        quantity("polished", "value", "USD") | {"flow": True},
        quantity("volume", "volume", "carats"),
        quantity("price", "value", "USD per carat"),
        quantity("net", "value", "USD") | {"signed": True},
    ],
    "links": [{"part": "rough", "whole": "total", "relation": "part_of", "basis": "stated"}],
    "partitions": [
        {
            "key": "by-product",
            "name": "By product",
            "whole": "total",
            "parts": ["rough", "polished"],
        }
    ],
    "sums": [
        {"key": "s", "name": "Total", "total": "total", "parts": ["rough", "polished"]},
        {"key": "d", "name": "Net", "total": "net", "parts": ["rough"], "minus": ["polished"]},
    ],
    "ratios": [
        {
            "key": "r",
            "name": "Price",
            "result": "price",
            "numerator": "rough",
            "denominator": "volume",
        }
    ],
    "rankings": [{"key": "hubs", "name": "Hubs", "measure": "value", "share_whole": "total"}],
    "figures": [
        figure("t", "USD 4.267 billion", 4.267e9, "USD", quantity="total", period="2017"),
        figure("c", "9%", 9, "percent", quantity="total", period="2018", base_period="2017")
        | {"direction": "down"},
        figure(
            "p", "nearly 85%", 85, "percent", qualifier="nearly", quantity="rough", whole="total"
        ),
        figure("n", "minus USD 1.88 billion", -1.88e9, "USD", quantity="net", period="2017"),
        figure("v", "about 14 million carats", 14e6, "carat", quantity="volume", qualifier="about"),
        figure("k", "second", 2, "rank", ranking="hubs", subject="fredville"),
        figure("y", "2017", 2017, "year", measure="unspecified"),
    ],
}


def test_facts_in_memory_equal_the_facts_of_a_database(wording: Wording, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tiny.sqlite'}"
    api.upgrade(url)
    api.seed(url, [make_seed(tmp_path / "seed", **SECTIONS)])
    with api.Database.of(url).connect() as connection:
        loaded = load_facts(connection)
    assert factkit.facts(wording, **SECTIONS) == loaded
