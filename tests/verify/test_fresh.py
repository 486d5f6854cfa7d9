"""The fresh releases (tests/data/fresh, written by someone who had not seen the code),
verified as drafted against `dbtool init`'s database: every consistent text and twin
raises no failure, and the planted errors found so far stay found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.cli import app

FRESH = Path(__file__).parents[1] / "data" / "fresh"
UNPLANTED = ("62", "65", "68", "71", "82", "85", "89")
FOUND = (
    "61",
    "63",
    "64",
    "67",
    "69",
    "70",
    "72",
    "81",
    "86",
    "87",
    "88",
    "90",
    "91",
    "92",
    "93",
    "94",
    "95",
    "96",
    *(str(n) for n in range(101, 109)),
    *(str(n) for n in range(111, 119)),
    "121",
    "122",
    "123",
    "125",
    "126",
    "127",
    "128",
    "131",
    "132",
    "133",
    "134",
    "135",
    "137",
    "138",
    "141",
    "143",
    "145",
    "146",
    *(str(n) for n in range(151, 155)),
    *(str(n) for n in range(161, 165)),
    "172",
    "173",
    "174",
    *(str(n) for n in range(181, 185)),
    *(str(n) for n in range(191, 195)),
    *(str(n) for n in range(201, 204)),
    "212",
    "213",
    "214",
    "221",
    "223",
    "224",
    "232",
    "233",
    "241",
    "242",
    "243",
)
CONSISTENT = sorted(
    p.name
    for p in FRESH.glob("*.txt")
    if p.name.endswith(".ok.txt") or p.name.split("-")[0] in UNPLANTED
)
PLANTED = sorted(
    p.name
    for p in FRESH.glob("*.txt")
    if p.name.split("-")[0] in FOUND and not p.name.endswith(".ok.txt")
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fresh") / "corpus.sqlite"
    assert CliRunner().invoke(app, ["init", "--db", str(db)]).exit_code == 0
    return db


def _failures(corpus: Path, name: str) -> list[str]:
    result = CliRunner().invoke(
        app, ["verify", str(FRESH / name), "--db", str(corpus), "--format", "json"]
    )
    rows = json.loads(result.stdout)["sections"]["findings"]
    return [r["rule"] for r in rows if r["status"] == "fail"]


def test_the_fresh_sets_are_all_here() -> None:
    assert (len(CONSISTENT), len(PLANTED)) == (100, 85)


# A false alarm still raised, kept in sight until it is fixed (strict: a fix makes it fail)
KNOWN_FALSE_ALARMS: dict[str, str] = {
    "231-alrosa-q1-2019.ok.txt": (
        "'Against the fourth quarter of 2018, when sales came to USD 958.3 million' is read as "
        "this quarter's; 'Gem-quality rough made up about two-thirds of that, at … USD 982.4 "
        "million' is read as all rough"
    ),
    "232-ekati-q3-fy2019.ok.txt": (
        "'855 thousand carats sold in the third quarter of the prior year for $160.7 million, "
        "at an average of $188 per carat': the price after the comma is read as this quarter's"
    ),
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FALSE_ALARMS[n]))
        if n in KNOWN_FALSE_ALARMS
        else n
        for n in CONSISTENT
    ],
)
def test_a_consistent_fresh_release_raises_no_alarm(corpus: Path, name: str) -> None:
    assert _failures(corpus, name) == []


@pytest.mark.parametrize("name", PLANTED)
def test_a_planted_error_found_in_a_fresh_release_stays_found(corpus: Path, name: str) -> None:
    assert _failures(corpus, name)
