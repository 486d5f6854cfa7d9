"""The questions an analyst asks: search, the keys to reuse, names for keys, derived levels
in the timeline, year on year and the mix, and which document a failure belongs to."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.reports.render import render

runner = CliRunner()

OCTOBER_TEXT = """ALROSA October sales at USD 400 million

Moscow, 9 November 2018 – ALROSA today announced its diamond sales for October and for the \
first ten months of 2018.

In October the Group’s sales of rough and polished diamonds were USD 400 million. Total \
diamond sales for January–October 2018 were USD 3.9 billion.
"""
# USD 3.9 billion less January–September's USD 3.662 billion leaves about 238 million for
# October, not 400: the release contradicts itself through the September release's total.
OCTOBER_SEED = """
[document]
slug = "alrosa-sales-2018-10"
title = "ALROSA October sales at USD 400 million"
file = "alrosa-sales-2018-10.txt"
published_on = 2018-11-09
published_on_basis = "stated"
dateline = { place = "moscow", quote = "Moscow, 9 November 2018" }

[[mentions]]
entity = "alrosa"
quote = "ALROSA today"

[[figures]]
key = "alrosa-sales-2018-10-october"
quote = "In October the Group’s sales of rough and polished diamonds were USD 400 million"
written = "USD 400 million"
value = 400_000_000
unit = "USD"
subject = "alrosa"
metric = "ALROSA's sales, October 2018"
period = "2018-10"
measure = "value"
quantity = "alrosa-diamond-sales"

[[figures]]
key = "alrosa-sales-2018-10-ytd"
quote = "Total diamond sales for January–October 2018 were USD 3.9 billion"
written = "USD 3.9 billion"
value = 3_900_000_000
unit = "USD"
subject = "alrosa"
metric = "ALROSA's sales, January–October 2018"
period = "2018-01/2018-10"
measure = "value"
quantity = "alrosa-diamond-sales"
"""


@pytest.fixture
def checked(seeded_url: str) -> str:
    api.check(seeded_url)
    return seeded_url


def test_search_finds_the_diwali_sentence(seeded_url: str) -> None:
    report = api.search(seeded_url, "alrosa india")
    rows = report.sections[0].rows
    assert {r["document"] for r in rows} == {"alrosa-sales-2018-09"}  # the only one with both
    [diwali] = [r for r in rows if "Diwali" in r["sentence"]]
    assert diwali["sentence"] == (
        "Buying of inexpensive stones slowed further ahead of the Diwali holidays in India, "
        "as is usual for the season."
    )
    assert diwali["published_on"] == "2018-10-10"
    assert "«India»" in diwali["marked"]


def test_search_on_the_command_line(db_file: Path) -> None:
    result = runner.invoke(app, ["search", "alrosa", "india", "--db", str(db_file)])
    assert result.exit_code == 0
    assert "alrosa-sales-2018-09  2018-10-10" in result.stdout
    assert "holidays in «India», as is usual for the season." in result.stdout
    stems = runner.invoke(app, ["search", "import", "--db", str(db_file), "-f", "csv"])
    assert "Rough imports declined 11% in value" in stems.stdout  # "import" finds "imports"
    none = runner.invoke(app, ["search", "zircon", "--db", str(db_file)])
    assert none.exit_code == 0 and "No document holds every word" in none.stdout


def test_the_keys_a_seed_can_reuse(db_file: Path) -> None:
    result = runner.invoke(app, ["quantities", "--db", str(db_file), "-f", "csv"])
    assert result.exit_code == 0
    assert (
        "alrosa-diamond-sales,ALROSA Group's sales of rough and polished diamonds,USD,value,"
        in result.stdout
    )
    assert '"alrosa-sales-2017, alrosa-sales-2018-07, alrosa-sales-2018-09"' in result.stdout
    rankings = runner.invoke(app, ["rankings", "--db", str(db_file), "-f", "csv"]).stdout
    assert "diamond-mining-companies," in rankings
    entities = runner.invoke(app, ["entities", "--db", str(db_file), "-f", "csv"]).stdout
    assert "alrosa,organisation,ALROSA,ALROSA," in entities


@pytest.mark.parametrize("name", ["alrosa", "ALROSA", "Alrosa"])
def test_an_entity_by_key_name_or_alias(db_file: Path, name: str) -> None:
    result = runner.invoke(app, ["report", "timeline", "--entity", name, "--db", str(db_file)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Timeline: alrosa\n")


def test_a_misspelt_name_gets_suggestions(db_file: Path) -> None:
    result = runner.invoke(app, ["report", "timeline", "--entity", "alrossa", "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: no entity 'alrossa'; did you mean 'ALROSA' or 'Russia'? "
        "(`dbtool entities` lists them)\n",
    )
    result = runner.invoke(
        app, ["report", "compare", "--quantity", "alrosa-sales", "--db", str(db_file)]
    )
    assert result.exit_code == 2
    assert "did you mean 'alrosa-rough-sales' or 'alrosa-diamond-sales'" in result.stderr


def test_the_timeline_shows_derived_levels_in_series_of_one_length(checked: str) -> None:
    report = api.report(
        checked, "timeline", quantity="ALROSA Group's sales of rough and polished diamonds"
    )
    titles = [s.title for s in report.sections]
    name = "ALROSA Group's sales of rough and polished diamonds"
    assert titles == [
        f"{name}: by month",
        f"{name}: by quarter",
        f"{name}: by half-year",
        f"{name}: by year",
        f"{name}: by year to date, 2017",
        f"{name}: by year to date, 2018",
    ]
    months = {r["period"]: r for r in report.sections[0].rows}
    august = months["August 2018"]
    assert (august["written"], august["derived"]) == ("derived", True)
    assert (august["low"], august["high"]) == pytest.approx((293.25e6, 295.35e6))
    assert months["September 2018"]["derived"] is False


def test_the_timeline_chart_is_spaced_by_date(checked: str) -> None:
    text = render(api.report(checked, "timeline", quantity="alrosa-diamond-sales"), "markdown")
    chart = re.search(r"title \"[^\"]*by month\"\n\s+x-axis \[(.*)\]", text)
    assert chart is not None
    labels = chart.group(1).split(", ")
    # Every month from the first to the last has its place, the ones no figure gives too.
    assert labels[:3] == ['"July 2017"', '"August 2017"', '"September 2017"']
    assert len(labels) == 15 and labels[-1] == '"September 2018"'


def test_compare_year_on_year_and_the_mix(checked: str) -> None:
    report = api.report(checked, "compare", entity="alrosa")
    name = "ALROSA Group's sales of rough and polished diamonds"
    by_title = {s.title: list(s.rows) for s in report.sections}
    september = next(
        r for r in by_title[f"Year on year: {name}"] if r["period"] == "September 2018"
    )
    assert 8.4 < september["low"] < 9 < september["high"] < 9.6  # the change the levels allow
    assert (september["stated_low"], september["stated_high"]) == (8.5, 9.5)  # "grew 9%"
    august = next(r for r in by_title[f"Month on month: {name}"] if r["period"] == "August 2018")
    assert august["high"] < 0  # August (derived) fell from July
    mix = by_title[f"Mix: {name}"]
    rough = next(r for r in mix if r["period"] == "2017" and r["part"] == "alrosa-rough-sales")
    assert 97.5 < rough["low"] < rough["high"] < 98


def test_a_bad_release_fails_itself_not_the_releases_it_contradicts(
    db_file: Path, tmp_path: Path
) -> None:
    """One release contradicting the September one turned every ALROSA release to fail."""
    folder = tmp_path / "october"
    folder.mkdir()
    (folder / "alrosa-sales-2018-10.txt").write_text(OCTOBER_TEXT, encoding="utf-8")
    (folder / "alrosa-sales-2018-10.toml").write_text(OCTOBER_SEED, encoding="utf-8")
    url = f"sqlite:///{db_file}"
    api.seed(url, [folder / "alrosa-sales-2018-10.toml"])
    run = api.check(url)
    failing = [r for r in run.results if r.status == "fail"]
    assert failing and any("alrosa-sales-2018-09-ytd-total" in r.figures for r in failing)
    verdicts = {
        r["document"]: r["verdict"]
        for r in api.sql(url, "select document, verdict from v_documents").sections[0].rows
    }
    assert verdicts == {
        "alrosa-sales-2017": "pass",
        "antwerp-trade-2017": "pass",
        "awdc-alrosa-2018": "pass",
        "alrosa-sales-2018-07": "pass",
        "alrosa-sales-2018-09": "pass",
        "alrosa-sales-2018-10": "fail",
        "kp-production-2016": "pass",
    }
    shutil.rmtree(folder)
