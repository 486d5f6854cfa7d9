"""The conventions a command-line user expects: --version, stdin, JSON records, checked
options, the short name of a format, a relative revision."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import dbtool
from dbtool.cli import app
from dbtool.db.migrations import head_revision, history

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"dbtool {dbtool.__version__}\n")


def test_sql_reads_the_query_from_standard_input(db_file: Path) -> None:
    query = "select slug from documents where slug = 'alrosa-sales-2017'\n"
    result = runner.invoke(app, ["sql", "-", "--db", str(db_file), "-f", "csv"], input=query)
    assert (result.exit_code, result.stdout) == (0, "slug\nalrosa-sales-2017\n")


def test_sql_json_is_a_plain_array_and_jsonl_one_object_a_line(db_file: Path) -> None:
    query = (
        "select slug, published_on from documents where kind = 'text' order by published_on limit 2"
    )
    result = runner.invoke(app, ["sql", query, "--db", str(db_file), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"slug": "alrosa-sales-2017", "published_on": "2018-01-11"},
        {"slug": "antwerp-trade-2017", "published_on": "2018-02-05"},
    ]
    result = runner.invoke(app, ["sql", query, "--db", str(db_file), "--format", "jsonl"])
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"slug": "alrosa-sales-2017", "published_on": "2018-01-11"},
        {"slug": "antwerp-trade-2017", "published_on": "2018-02-05"},
    ]


def test_reports_keep_their_document_json(db_file: Path) -> None:
    result = runner.invoke(app, ["report", "documents", "--db", str(db_file), "-f", "json"])
    assert set(json.loads(result.stdout)) == {"report", "title", "source", "sections"}


def test_an_unknown_tablefmt_is_refused_with_the_choices(db_file: Path) -> None:
    result = runner.invoke(app, ["report", "summary", "--db", str(db_file), "--tablefmt", "nosuch"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown --tablefmt 'nosuch'; choose one of ")
    assert "github" in result.stderr and "psql" in result.stderr
    good = runner.invoke(app, ["report", "summary", "--db", str(db_file), "--tablefmt", "github"])
    assert good.exit_code == 0 and "| Table" in good.stdout


def test_md_is_markdown(db_file: Path) -> None:
    def run(fmt: str) -> str:
        result = runner.invoke(app, ["report", "documents", "--db", str(db_file), "-f", fmt])
        assert result.exit_code == 0, result.stderr
        return result.stdout.split("\n", 3)[3]  # past the header line with its time

    assert run("md") == run("markdown")
    result = runner.invoke(app, ["schema", "--db", str(db_file), "-f", "md"])
    assert result.exit_code == 0 and result.stdout.startswith("# Schema")


def test_downgrade_minus_one_undoes_the_newest_migration(tmp_path: Path) -> None:
    # On a database the revision before can hold (the bundled corpus has a table, which
    # 0008 refuses to lose: tests/cli/test_cli.py).
    db_file = tmp_path / "empty.sqlite"
    assert runner.invoke(app, ["db", "upgrade", "--db", str(db_file)]).exit_code == 0
    previous = {revision: down for revision, down, _ in history()}[head_revision()]
    result = runner.invoke(app, ["db", "downgrade", "-1", "--db", str(db_file)])
    assert (result.exit_code, result.stdout) == (
        0,
        f"Downgraded: {head_revision()} -> {previous}\n",
    )


def test_the_report_path_stays_light(db_file: Path) -> None:
    """--help and a report import none of the heavy libraries (benchmarks/cli_latency.py)."""
    import subprocess
    import sys

    heavy = "{'sqlalchemy', 'pydantic', 'alembic', 'datasette', 'uvicorn', 'playwright', 'mkdocs'}"
    for argv in (["--help"], ["report", "summary", "--db", str(db_file)]):
        code = (
            f"import sys, runpy; sys.argv = ['dbtool', *{argv!r}]\n"
            "try:\n    runpy.run_module('dbtool', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {heavy}))"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.stdout.splitlines()[-1] == "[]", (argv, result.stderr)
