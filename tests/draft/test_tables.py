"""`dbtool draft FILE.csv`: the mapping of a table, drafted to load after a look at its units
and period; and a table read from XLSX as from CSV."""

from __future__ import annotations

import csv
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.errors import SeedError
from tests.helpers import SEEDS

runner = CliRunner()
KP_CSV = SEEDS / "kp-production-2016-top10.csv"


def _without_the_table(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    api.init(url)
    api.forget(url, "kp-production-2016")
    return url


def test_the_kp_table_is_drafted_and_loads_as_drafted(tmp_path: Path) -> None:
    url = _without_the_table(tmp_path)
    shutil.copy(KP_CSV, tmp_path / KP_CSV.name)
    out = tmp_path / "kp.toml"
    result = runner.invoke(app, ["draft", str(tmp_path / KP_CSV.name), "--out", str(out),
                                 "--db", str(tmp_path / "db.sqlite")])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "10 rows, 3 columns of quantities" in result.stderr
    seed = tomllib.loads(out.read_text(encoding="utf-8"))
    table = seed["table"]
    assert (table["entity_column"], table["period"]) == ("country", "2016")
    assert [(c["column"], c["unit"], c["measure"]) for c in table["columns"]] == [
        ("value_usd_million", "USD million", "value"),
        ("volume_thousand_carats", "thousand carats", "volume"),
        ("average_price_usd_per_carat", "USD per carat", "value"),
    ]
    assert table["ratios"] == [
        {
            "result": "average_price_usd_per_carat",
            "numerator": "value_usd_million",
            "denominator": "volume_thousand_carats",
        }
    ]
    # Russia is known to the database; the nine others are drafted as places to review.
    assert len(seed["places"]) == 9 and "russia" not in {p["key"] for p in seed["places"]}
    text = out.read_text(encoding="utf-8")
    assert text.count("  # check:") == 4  # three units and the period
    [report] = api.seed(url, [out])
    assert report.status == "added"
    run = api.check(url)
    assert not run.failed()
    ratios = [r for r in run.results if r.rule == "ratio" and "Lesotho" in r.message]
    assert [r.status for r in ratios] == ["pass"]


def test_a_drafted_period_and_unit_are_the_lines_to_review(tmp_path: Path) -> None:
    """With no year in the file's name, the period line is a placeholder that will not load
    until a person writes the period: the one line to review, with the units."""
    url = _without_the_table(tmp_path)
    table = tmp_path / "producers.csv"
    shutil.copy(KP_CSV, table)
    draft = api.draft_table(url, table, tmp_path / "producers.toml")
    assert 'period = "YYYY"  # check:' in draft.toml
    with pytest.raises(SeedError, match="period"):
        api.seed(url, [tmp_path / "producers.toml"])
    fixed = draft.toml.replace('period = "YYYY"', 'period = "2016"')
    (tmp_path / "producers.toml").write_text(fixed, encoding="utf-8")
    assert [r.status for r in api.seed(url, [tmp_path / "producers.toml"])] == ["added"]


def test_a_file_with_no_numbers_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "names.csv").write_text("country,capital\nRussia,Moscow\n", encoding="utf-8")
    api.init(tmp_path / "db.sqlite")
    result = runner.invoke(app, ["draft", str(tmp_path / "names.csv"),
                                 "--db", str(tmp_path / "db.sqlite")])  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'names.csv'}: needs a column of names and at least one column of "
        "numbers\n"
    )


def test_an_xlsx_table_loads_as_its_csv_does(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Production"
    for number, line in enumerate(KP_CSV.read_text(encoding="utf-8").splitlines()):
        cells = next(csv.reader([line]))
        if number:
            cells = [cells[0], *(int(c.replace(",", "")) for c in cells[1:])]
        sheet.append(cells)
    for row in sheet.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = "#,##0"
    book.save(tmp_path / "kp-production-2016-top10.xlsx")
    seed = (SEEDS / "kp-production-2016.toml").read_text(encoding="utf-8")
    seed = seed.replace(
        'file = "kp-production-2016-top10.csv"', 'file = "kp-production-2016-top10.xlsx"'
    )
    seed = seed.replace('period = "2016"\n', 'period = "2016"\nsheet = "Production"\n', 1)
    seed = seed.replace("top10.csv, row", "top10.xlsx, row")
    (tmp_path / "kp.toml").write_text(seed, encoding="utf-8")
    url = _without_the_table(tmp_path)
    api.seed(url, [tmp_path / "kp.toml"])
    report = api.report(url, "sources", id_="lesotho-diamond-production-price-2016")
    [row] = report.sections[0].rows
    assert row["sentence"] == (
        "kp-production-2016-top10.xlsx, row Lesotho, column average_price_usd_per_carat: 1,066"
    )
    assert not api.check(url).failed()
