"""`dbtool sql` is read-only by construction; `dbtool schema` lists and draws the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.db.database import connect
from dbtool.db.reader import ReadOnlyViolation
from dbtool.errors import StatementRefused
from tests.helpers import ROOT, file_digest

runner = CliRunner()


def test_select_with_a_parameter(db_file: Path) -> None:
    result = runner.invoke(
        app,
        [
            "sql",
            "select figure_id, low, high from v_figures where unit = :u "
            "and document = 'awdc-alrosa-2018' and quantity is not null order by char_start",
            "-p",
            "u=percent",
            "--db",
            str(db_file),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)  # a plain array of objects
    assert rows[0] == {"figure_id": "rough-share-of-russian-imports", "low": 32.5, "high": 33.5}
    assert len(rows) == 4


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO qualifiers VALUES ('x', 'value', NULL, 1, 'value', NULL, 1, 'x')",
        "UPDATE figures SET value = 1",
        "DELETE FROM figures",
        "DROP TABLE figures",
        "DROP VIEW v_figures",
        "CREATE TABLE t (x)",
        "ATTACH DATABASE ':memory:' AS other",
        "PRAGMA user_version = 7",
        "PRAGMA journal_mode = DELETE",
    ],
)
def test_writes_are_refused_and_change_nothing(db_file: Path, statement: str) -> None:
    before = file_digest(db_file)
    result = runner.invoke(app, ["sql", statement, "--db", str(db_file)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: {db_file} is opened read-only; the query tried to write: "
    )
    assert result.stderr.count("\n") == 1
    assert file_digest(db_file) == before


def test_a_bad_query_is_one_error_line(db_file: Path) -> None:
    result = runner.invoke(app, ["sql", "selec 1", "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (
        2,
        f'Error: {db_file}: near "selec": syntax error\n',
    )
    result = runner.invoke(app, ["sql", "select 1", "-p", "oops", "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (2, "Error: --param takes name=value, got 'oops'\n")


def test_reads_work_on_every_backend(seeded_url: str) -> None:
    # The suite's PostgreSQL role is a superuser: allowed here, refused by default.
    report = api.sql(seeded_url, "SELECT count(*) AS n FROM v_entities", allow_privileged=True)
    assert report.sections[0].rows == [{"n": 30}]
    with pytest.raises((ReadOnlyViolation, StatementRefused), match=r"read-only|DELETE is refused"):
        api.sql(seeded_url, "DELETE FROM figures", allow_privileged=True)
    with connect(seeded_url) as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM figures").scalar() == 112


def test_schema_lists_tables_and_views(db_file: Path) -> None:
    result = runner.invoke(app, ["schema", "--db", str(db_file), "-f", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "object,kind,column,type,nullable,primary_key,references"
    assert "figures,table,whole_id,integer,True,False,quantities.id" in lines
    assert "v_figures,view,figure_id,varchar(100),True,False," in lines


def test_the_manual_embeds_the_current_mermaid_diagram(db_file: Path) -> None:
    diagram = api.schema_diagram(f"{db_file}")
    schema = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    embedded = re.search(r"```mermaid\n(.*?)```", schema, re.DOTALL)
    assert embedded is not None, "docs/schema.md has no mermaid block"
    assert embedded.group(1) == diagram, "regenerate: see the comment at the top of docs/schema.md"
