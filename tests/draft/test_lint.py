"""dbtool lint: clean on every bundled seed; uncovered numbers, quote problems and
unreviewed rows found, located, in every report format; exit codes 0, 1 and 2."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.draft.lint import LintFinding, lint_seed
from tests.helpers import SEEDS

runner = CliRunner()


@pytest.mark.parametrize("seed", api.bundled_seed_files(), ids=lambda p: p.name)
def test_every_bundled_seed_is_clean(seed: Path) -> None:
    assert lint_seed(seed) == []
    result = runner.invoke(app, ["lint", str(seed)])
    assert result.exit_code == 0, result.output
    assert "Clean: every number is a figure" in result.stdout


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The July 2018 seed with a figure removed, a quote changed, a quote made ambiguous and a
    figure marked unreviewed."""
    shutil.copy(SEEDS / "alrosa-sales-2018-07.txt", tmp_path)
    text = (SEEDS / "alrosa-sales-2018-07.toml").read_text(encoding="utf-8")
    start = text.index('[[figures]]\nkey = "alrosa-sales-2018-07-july-polished"')
    end = text.index("[[figures]]", start + 1)
    text = text[:start] + text[end:]
    text = text.replace('quote = "Deputy CEO Yury Okoemov"', 'quote = "Deputy CEO Yuri Okoemov"')
    text = text.replace(
        'entity = "moscow"\nquote = "Moscow"',
        'entity = "moscow"\nquote = "Moscow"\nreviewed = false',
    )
    text = text.replace('quote = "ALROSA July 2018 sales"', 'quote = "ALROSA"')
    seed = tmp_path / "alrosa-sales-2018-07.toml"
    seed.write_text(text, encoding="utf-8")
    return seed


def test_findings_are_located(broken: Path) -> None:
    assert lint_seed(broken, verbose=True) == [
        LintFinding(
            "uncovered-number",
            "line 5, column 182",
            "USD 5.3 million",
            "no figure covers it (read as 5.3e+06 USD)",
            5,
            182,
        ),
        LintFinding(
            "quote",
            "mentions[2].quote",
            "ALROSA",
            "quote occurs 2 times in alrosa-sales-2018-07.txt; say which with occurrence = 1..2: "
            "'ALROSA'",
        ),
        LintFinding(
            "quote",
            "roles[1].quote",
            "Deputy CEO Yuri Okoemov",
            "quote not found in alrosa-sales-2018-07.txt: 'Deputy CEO Yuri Okoemov'",
        ),
        LintFinding(
            "not-reviewed",
            "mentions[1]",
            "reviewed = false",
            "drafted; a person has not reviewed it",
        ),
    ]


def test_lint_exits_1_and_renders_every_format(broken: Path) -> None:
    findings = [asdict(f) for f in lint_seed(broken)]
    table = runner.invoke(app, ["lint", str(broken)])
    assert table.exit_code == 1
    assert "4 findings (1 uncovered-number, 2 quote, 1 not-reviewed)." in table.stdout
    data = runner.invoke(app, ["lint", str(broken), "--format", "json"])
    assert data.exit_code == 1
    assert json.loads(data.stdout)["sections"]["findings"] == findings
    rows = runner.invoke(app, ["lint", str(broken), "--format", "csv"])
    assert [r["place"] for r in csv.DictReader(io.StringIO(rows.stdout))] == [
        f["place"] for f in findings
    ]
    markdown = runner.invoke(app, ["lint", str(broken), "--format", "markdown"])
    assert markdown.stdout.startswith("# Lint: alrosa-sales-2018-07.toml\n")


def test_a_file_that_is_no_seed_is_every_problem_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[document]\nslug = "Bad Slug"\ntitle = "t"\nfile = "t.txt"\n'
        'published_on = 2018-01-01\npublished_on_basis = "someday"\n'
        'dateline = { place = "x", quote = "x" }\n'
        '[[places]]\nkey = "x"\nname = "X"\ntype = "town"\nquote = "x"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["lint", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert [line.split(": ")[2] for line in result.stderr.splitlines()] == [
        "document.slug",
        "document.published_on_basis",
        "places[key=x].type",
    ]


def test_a_year_is_covered_by_a_figure_or_by_the_quote_of_a_dated_figure(
    tmp_path: Path,
) -> None:
    """'USD 11.4 billion in 2017': the year is that figure's period (the bundled seed is clean
    with it); the title's '2017' is a figure of its own, and without it lint says so."""
    shutil.copy(SEEDS / "antwerp-trade-2017.txt", tmp_path)
    text = (SEEDS / "antwerp-trade-2017.toml").read_text(encoding="utf-8")
    start = text.index('[[figures]]\nkey = "antwerp-trade-2017-title-year"')
    end = text.index("[[figures]]", start + 1)
    seed = tmp_path / "antwerp-trade-2017.toml"
    seed.write_text(text[:start] + text[end:], encoding="utf-8")
    [finding] = lint_seed(seed)
    assert (finding.kind, finding.text, finding.place) == (
        "uncovered-number",
        "2017",
        "line 1, column 34",
    )


def test_a_draft_lints_to_what_needs_a_person(tmp_path: Path) -> None:
    """A fresh draft has reviewed = false on every row: lint counts them in one line and
    lists the rows the draft was unsure of, each with why; -v lists every row."""
    from dbtool.draft.drafter import draft_seed
    from dbtool.draft.lint import lint_seed

    text = tmp_path / "release.txt"
    text.write_text(
        "Sales in September\n\nMoscow, 10 October 2018 – ALROSA's diamond sales rose 9% to "
        "USD 338.7 million in September. Sales grew 4%.\n",
        encoding="utf-8",
    )
    seed = tmp_path / "release.toml"
    seed.write_text(draft_seed(text.read_text(encoding="utf-8"), "release.txt").toml)
    findings = lint_seed(seed)
    [reviewed] = [f for f in findings if f.kind == "not-reviewed"]
    assert reviewed.message.startswith("drafted and not yet reviewed (")
    unsure = [f for f in findings if f.kind == "unsure"]
    assert any("names no base" in f.message for f in unsure)
    assert all(
        f.place.startswith(("figures[", "organisations[", "places[", "document", "mentions["))
        for f in unsure
    )
    every = lint_seed(seed, verbose=True)
    assert len([f for f in every if f.kind == "not-reviewed"]) > 1
