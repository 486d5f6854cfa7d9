"""Every report in every format: golden files, round trips through CSV and JSON, Markdown shape.

Markdown, CSV and JSON are compared with the committed ``reports/`` folder,
terminal tables with ``tests/reports/golden`` (see ``tests.helpers.assert_golden``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.db.database import connect
from dbtool.reports.registry import REPORTS
from tests.helpers import ROOT, assert_golden

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
TIME_LINE = re.compile(r"^Source: .* · generated \S+ by dbtool.*$", re.MULTILINE)
runner = CliRunner()


@pytest.fixture(scope="module")
def checked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite file with one stored check run, shared by the read-only tests here."""
    path = tmp_path_factory.mktemp("reports") / "dbtool.sqlite"
    api.init(f"sqlite:///{path}")
    api.check(f"sqlite:///{path}")
    return path


def _report(db: Path, name: str, fmt: str, *extra: str) -> str:
    result = runner.invoke(app, ["report", name, "--db", str(db), "--format", fmt, *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("name", list(REPORTS))
def test_golden(checked_db: Path, name: str, fmt: str) -> None:
    folder = GOLDEN if fmt == "table" else ROOT / "reports"
    assert_golden(folder / f"{name}.{EXTENSIONS[fmt]}", _report(checked_db, name, fmt))


def test_json_figures_equal_the_database(checked_db: Path) -> None:
    data = json.loads(_report(checked_db, "figures", "json"))
    with connect(f"sqlite:///{checked_db}") as connection:
        rows = connection.execute(
            text("SELECT figure_id, written, value, unit, low, high, quote FROM v_figures")
        ).all()
    by_key = {r["key"]: r for r in data["sections"]["figures"]}
    assert len(by_key) == len(rows) == 112
    for figure_id, written, value, unit, low, high, quote in rows:
        r = by_key[figure_id]
        assert (r["written"], r["value"], r["unit"], r["low"], r["high"], r["quote"]) == (
            written,
            value,
            unit,
            low,
            high,
            quote,
        )
        assert isinstance(r["value"], float)


def test_csv_percentages_equal_the_database(checked_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_report(checked_db, "percentages", "csv"))))
    stated = {r["key"]: r for r in rows if r["section"] in ("stated_shares", "stated_changes")}
    with connect(f"sqlite:///{checked_db}") as connection:
        expected = connection.execute(
            text(
                "SELECT figure_id, low, high FROM v_figures WHERE unit = 'percent' "
                "OR base_period_start IS NOT NULL"
            )
        ).all()

    def number(text: str) -> float | None:
        return float(text) if text else None

    assert {k: (number(r["low"]), number(r["high"])) for k, r in stated.items()} == {
        figure_id: (low, high) for figure_id, low, high in expected
    }
    derived = [r for r in rows if r["section"] == "derived_shares_and_ratios"]
    keys = {r["key"] for r in derived}
    assert "price:alrosa-share-antwerp-rough-value/alrosa-share-antwerp-rough-volume" in keys
    assert any(k.startswith("count-share:alrosa-belgian-clients/alrosa-long-") for k in keys)


def test_csv_checks_equal_the_stored_run(checked_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_report(checked_db, "checks", "csv"))))
    with connect(f"sqlite:///{checked_db}") as connection:
        stored = connection.execute(text("SELECT key, status FROM v_check_results")).all()
    results = {(r["key"], r["status"]) for r in rows if r["section"] == "results"}
    assert results == {tuple(s) for s in stored}


@pytest.mark.parametrize("name", list(REPORTS))
def test_markdown_is_a_document_with_valid_tables(checked_db: Path, name: str) -> None:
    lines = _report(checked_db, name, "markdown").splitlines()
    assert lines[0].startswith("# ") and TIME_LINE.match(lines[2])
    assert any(line.startswith("## ") for line in lines)
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("| ") and i + 1 < len(lines) and re.match(r"^\| -", lines[i + 1]):
            tables += 1
            width = len(re.findall(r"(?<!\\)\|", line))
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert len(re.findall(r"(?<!\\)\|", lines[j])) == width, lines[j]
                j += 1
    assert tables >= 1
    notes = set(re.findall(r"\[\^(\d+)\](?!:)", "\n".join(lines)))
    defined = set(re.findall(r"^\[\^(\d+)\]:", "\n".join(lines), re.MULTILINE))
    assert notes == defined


def test_people_see_formatted_numbers_programs_see_raw(checked_db: Path) -> None:
    table = _report(checked_db, "figures", "table", "--wide")
    assert "USD 2 bn" in table and "33 %" in table and "(USD 2 bn, ∞)" in table
    assert "USD 4.267 bn" in table and "[USD 228.25 m, USD 228.35 m]" in table
    data = json.loads(_report(checked_db, "figures", "json"))
    [usd] = [r for r in data["sections"]["figures"] if r["key"] == "alrosa-supply-to-belgium"]
    assert (usd["value"], usd["low"], usd["high"]) == (2e9, 2e9, None)
    [net] = [r for r in data["sections"]["figures"] if r["written"] == "minus USD 1.88 billion"]
    assert (net["value"], net["low"], net["high"]) == (-1.88e9, -1.885e9, -1.875e9)


def test_sources_highlights_one_quote(checked_db: Path) -> None:
    out = _report(checked_db, "sources", "markdown", "--id", "antwerp-share-world-rough")
    assert (
        "| antwerp-share-world-rough | figure | Nearly 85% | **Nearly 85% of all rough "
        "diamonds mined worldwide are traded in Antwerp**, making the city the most "
        "important gateway to the world for Russian diamonds. |"
    ) in out
    result = runner.invoke(app, ["report", "sources", "--db", str(checked_db), "--id", "nope"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: no figure or entity has the id 'nope' (see `dbtool report figures`)\n",
    )


def test_output_file_and_tablefmt(checked_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "summary.txt"
    assert (
        _report(checked_db, "summary", "table", "--output", str(target), "--tablefmt", "github")
        == ""
    )
    assert "| What" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json"])
def test_a_file_format_is_written_as_rendered_and_whole(
    checked_db: Path, tmp_path: Path, fmt: str
) -> None:
    """Markdown, CSV and JSON are streamed to stdout or a file: the same text as rendered
    whole, and a file appears only once complete (no temporary left beside it)."""
    shown = _report(checked_db, "figures", fmt)
    target = tmp_path / f"figures.{fmt}"
    assert _report(checked_db, "figures", fmt, "--output", str(target)) == ""
    written = target.read_text(encoding="utf-8")
    assert TIME_LINE.sub("", written) == TIME_LINE.sub("", shown)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    if fmt == "json":
        assert json.loads(written)["sections"]


def test_an_output_that_is_a_link_or_a_pipe_is_written_through_not_replaced(
    checked_db: Path, tmp_path: Path
) -> None:
    """A link stays a link (its target gets the report) and a pipe gets the text: moving a
    finished file into place would replace the link, or a device node such as /dev/null."""
    target = tmp_path / "target.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert _report(checked_db, "figures", "csv", "--output", str(link)) == ""
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("key,written")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert _report(checked_db, "figures", "csv", "--output", str(pipe)) == ""
    reader.join(10)
    assert received and received[0].decode("utf-8").startswith("key,written")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_checks_report_without_a_run_is_an_error(db_file: Path) -> None:
    result = runner.invoke(app, ["report", "checks", "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: no check run is stored yet; run `dbtool check` first\n",
    )


def test_a_header_counts_many_documents_instead_of_naming_each(tmp_path: Path) -> None:
    """Past a few documents the header counts them and gives their dates."""
    from benchmarks.corpus import generate

    url = f"sqlite:///{tmp_path / 'many.sqlite'}"
    api.upgrade(url)
    paths = generate(tmp_path / "corpus", 300, "docs", 3)
    api.seed(url, paths)
    with connect(url) as connection:
        count, first, last = connection.execute(
            text("SELECT COUNT(*), MIN(published_on), MAX(published_on) FROM documents")
        ).one()
    header = api.report(url, "summary").source
    assert header == (
        f"{count:,} documents published {first} to {last} (`dbtool report documents` lists them)"
    )
    one = api.report(url, "summary", document=_slug(paths[0])).source
    assert "documents published" not in one and one.count("; ") == 0


def test_the_header_names_the_documents_only_when_few(checked_db: Path) -> None:
    """The bundled corpus's five titles made a 448-character header; now one line."""
    header = api.report(f"sqlite:///{checked_db}", "figures").source
    assert header == (
        "6 documents published 2017-06-30 to 2018-10-10 (`dbtool report documents` lists them)"
    )
    one = api.report(f"sqlite:///{checked_db}", "figures", document="alrosa-sales-2017").source
    assert one == (
        "ALROSA reports December and full-year 2017 diamond sales (alrosa-sales-2017, 2018-01-11)"
    )


def _slug(seed: Path) -> str:
    import tomllib

    return str(tomllib.loads(seed.read_text("utf-8"))["document"]["slug"])


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_table_fits_a_hundred_columns(checked_db: Path, name: str) -> None:
    """`report figures` was 317 columns wide; every report now fits a terminal, and --wide
    still shows every column whole."""
    lines = _report(checked_db, name, "table").splitlines()
    assert max(len(line) for line in lines) <= 100, max(lines, key=len)
    if name == "figures":
        wide = _report(checked_db, name, "table", "--wide")
        assert max(len(line) for line in wide.splitlines()) > 100
        assert "Preliminary figures put ALROSA’s 2017 sales of rough and polished diamonds" in wide


def test_one_documents_checks_fit_too(checked_db: Path) -> None:
    text = _report(checked_db, "checks", "table", "--document", "alrosa-sales-2018-09")
    assert max(len(line) for line in text.splitlines()) <= 100
