"""A table is a document: each cell a figure quoting its file, row and column; a bad table
refused whole, with the file, the row and the column named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.db.database import connect
from dbtool.errors import SeedProblems
from tests.helpers import SEEDS, file_digest

runner = CliRunner()
KP = "kp-production-2016"
KP_FILE = "kp-production-2016-top10"  # the table; its seed is KP.toml


def kp_copy(
    folder: Path, csv_text: str | None = None, seed_edit: tuple[str, str] = ("", "")
) -> Path:
    """The bundled KP table and its seed in ``folder``, the CSV or the seed edited."""
    folder.mkdir(exist_ok=True)
    csv_path = folder / f"{KP_FILE}.csv"
    if csv_text is None:
        shutil.copy(SEEDS / f"{KP_FILE}.csv", csv_path)
    else:
        csv_path.write_text(csv_text, encoding="utf-8")
    seed = (SEEDS / f"{KP}.toml").read_text(encoding="utf-8")
    old, new = seed_edit
    assert old in seed
    seed_path = folder / f"{KP}.toml"
    seed_path.write_text(seed.replace(old, new), encoding="utf-8")
    return seed_path


def _kp_rows() -> list[str]:
    return (SEEDS / f"{KP_FILE}.csv").read_text(encoding="utf-8").splitlines()


def test_the_bundled_table_is_a_document_of_kind_table(seeded_url: str) -> None:
    with connect(seeded_url) as connection:
        kind = connection.execute(
            text("SELECT kind FROM v_documents WHERE document = :d"), {"d": KP}
        ).scalar()
        cells = connection.execute(
            text(
                "SELECT figure_id, written, value, low, high, table_row, table_column, quote "
                "FROM v_figures WHERE document = :d ORDER BY char_start"
            ),
            {"d": KP},
        ).all()
    assert kind == "table"
    assert len(cells) == 30
    lesotho = next(c for c in cells if c.table_row == "Lesotho" and c.written == "1,066")
    assert lesotho.table_column == "average_price_usd_per_carat"
    assert lesotho.quote == f"{KP_FILE}.csv, row Lesotho, column average_price_usd_per_carat: 1,066"
    assert (lesotho.value, lesotho.low, lesotho.high) == (1066, 1065.5, 1066.5)
    russia = cells[0]
    assert russia.figure_id == "russia-diamond-production-value-2016"
    assert (russia.value, russia.low, russia.high) == (3579e6, 3578.5e6, 3579.5e6)


def test_report_sources_names_the_file_row_column_and_cell(seeded_url: str) -> None:
    report = api.report(seeded_url, "sources", id_="lesotho-diamond-production-price-2016")
    [row] = list(report.sections[0].rows)
    assert (
        row["sentence"] == f"{KP_FILE}.csv, row Lesotho, column average_price_usd_per_carat: 1,066"
    )


def test_a_table_forgotten_and_loaded_again(seeded_url: str, tmp_path: Path) -> None:
    forgotten = api.forget(seeded_url, KP)
    assert forgotten.status == "forgotten"
    with connect(seeded_url) as connection:
        for table in ("source_tables", "table_cells"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    seed = kp_copy(tmp_path / "kp")
    assert [r.status for r in api.seed(seeded_url, [seed])] == ["added"]
    assert [r.status for r in api.seed(seeded_url, [seed])] == ["unchanged"]


def _replace_row(country: str, new: str) -> str:
    return "\n".join(new if r.startswith(country + ",") else r for r in _kp_rows()) + "\n"


BAD_TABLES = {
    "missing column": (
        "\n".join(
            r.rsplit(",", 1)[0] if not r.endswith('"1,066"') else r.rsplit(",", 2)[0]
            for r in _kp_rows()
        )
        + "\n",
        ("", ""),
        "row 1 (the header), column average_price_usd_per_carat: no such column (the header "
        "has country, value_usd_million, volume_thousand_carats)",
    ),
    "unparsable cell": (
        _replace_row("Lesotho", 'Lesotho,365,342,"1,06x"'),
        ("", ""),
        "row 8 (Lesotho), column average_price_usd_per_carat: cannot read '1,06x' as a number",
    ),
    "unknown country": (
        _replace_row("Lesotho", 'Narnia,365,342,"1,066"'),
        ("", ""),
        "row 8 (Narnia), column country: unknown entity 'Narnia': no document declares "
        "'narnia'; declare it in [[places]] or [[organisations]], or map it in [table.aliases]",
    ),
    "duplicate row": (
        _replace_row("Lesotho", 'Russia,365,342,"1,066"'),
        ("", ""),
        "row 8 (Russia), column country: 'Russia' is in row 2 already",
    ),
}


@pytest.mark.parametrize("kind", BAD_TABLES)
def test_a_bad_table_is_refused_naming_file_row_and_column(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "db.sqlite"
    assert runner.invoke(app, ["init", "--db", str(db)]).exit_code == 0
    before = file_digest(db)
    csv_text, edit, problem = BAD_TABLES[kind]
    seed = kp_copy(tmp_path / "kp", csv_text, edit)
    result = runner.invoke(app, ["seed", str(seed), "--db", str(db)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"Error: {tmp_path / 'kp' / (KP_FILE + '.csv')}: {problem}" in lines
    assert "Traceback" not in result.stderr
    assert file_digest(db) == before


def test_every_problem_of_a_table_is_named_in_one_run(tmp_path: Path) -> None:
    rows = _kp_rows()
    rows[3] = rows[3].replace("1,397", "n.d.")  # Canada's value
    rows[5] = rows[5].replace("1,079", "1.079.0")  # Angola's value
    seed = kp_copy(tmp_path / "kp", "\n".join(rows) + "\n")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    api.init(url)
    with pytest.raises(SeedProblems) as raised:
        api.seed(url, [seed])
    places = [p.place for p in raised.value.problems]
    assert places == [
        "row 4 (Canada), column value_usd_million",
        "row 6 (Angola), column value_usd_million",
    ]


def test_a_table_without_a_mapping_is_refused(tmp_path: Path) -> None:
    seed = kp_copy(tmp_path / "kp")
    content = seed.read_text(encoding="utf-8")
    start, end = content.index("[table]"), content.index("[[places]]")
    seed.write_text(content[:start] + content[end:], encoding="utf-8")
    db = tmp_path / "db.sqlite"
    assert runner.invoke(app, ["init", "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["seed", str(seed), "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {seed}: table: '{KP_FILE}.csv' is a table: map it")
