"""`dbtool sql` on SQLite: every spelling of the URL, every way to write or escape, refused.

Each case runs the real CLI on a seeded file and asserts exit 2, one
``Error:`` line, nothing on stdout, the file's bytes unchanged, and no new
file anywhere (ATTACH and VACUUM INTO would create one).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.cli import app
from tests.helpers import file_digest

runner = CliRunner()

# How a user can name the same file: (arguments, environment), given the file's absolute path.
UrlForm = Callable[[Path], tuple[list[str], dict[str, str]]]
URL_FORMS: dict[str, UrlForm] = {
    "--db": lambda p: (["--db", str(p)], {}),
    "sqlite:///": lambda p: (["--database-url", f"sqlite:///{p}"], {}),
    "relative": lambda p: (["--database-url", f"sqlite:///{p.name}"], {}),
    "?timeout=5": lambda p: (["--database-url", f"sqlite:///{p}?timeout=5"], {}),
    "sqlite+pysqlite": lambda p: (["--database-url", f"sqlite+pysqlite:///{p}"], {}),
    "?mode=rw": lambda p: (["--database-url", f"sqlite:///{p}?mode=rw"], {}),
    "uri mode=rwc": lambda p: (["--database-url", f"sqlite:///file:{p}?mode=rwc&uri=true"], {}),
    "uri mode=ro": lambda p: (["--database-url", f"sqlite:///file:{p}?mode=ro&uri=true"], {}),
    "DBTOOL_DATABASE_URL": lambda p: ([], {"DBTOOL_DATABASE_URL": f"sqlite:///{p}"}),
}

# name -> (statement; {target} is a path that must never be created, the refusal's words)
FORBIDDEN = {
    "drop table": ("DROP TABLE figures", "DROP TABLE figures is not allowed"),
    "drop view": ("DROP VIEW v_figures", "DROP VIEW v_figures is not allowed"),
    "create table": ("CREATE TABLE t (x)", "CREATE TABLE t is not allowed"),
    "insert": ("INSERT INTO figures (id) VALUES (999)", "INSERT figures is not allowed"),
    "pragma user_version": ("PRAGMA user_version = 7", "PRAGMA user_version = 7 is not allowed"),
    "pragma query_only off": ("PRAGMA query_only = 0", "PRAGMA query_only = 0 is not allowed"),
    "pragma writable_schema": ("PRAGMA writable_schema = 1", "writable_schema = 1 is not allowed"),
    "attach": ("ATTACH DATABASE '{target}' AS other", "ATTACH is not allowed"),
    "vacuum into": ("VACUUM INTO '{target}'", "VACUUM is not allowed"),
    "vacuum": ("VACUUM", "VACUUM is not allowed"),
    "load_extension": ("SELECT load_extension('{target}')", "load_extension() is not allowed"),
    "temp table": ("CREATE TEMP TABLE t (x)", "CREATE TEMP TABLE t is not allowed"),
    "temp view": ("CREATE TEMP VIEW v AS SELECT 1", "CREATE TEMP VIEW v is not allowed"),
    "temp trigger": (
        "CREATE TEMP TRIGGER t AFTER INSERT ON figures BEGIN SELECT 1; END",
        "CREATE TEMP TRIGGER t is not allowed",
    ),
    "two statements": ("SELECT 1; DROP TABLE figures", "more than one statement"),
    "commit trick": ("COMMIT; DROP TABLE figures", "COMMIT is refused"),
    "begin": ("/* hidden */ BEGIN IMMEDIATE", "BEGIN is refused"),
}


def _invoke(db: Path, form: str, sql: str, *options: str) -> tuple[int, str, str]:
    arguments, env = URL_FORMS[form](db)
    result = runner.invoke(app, ["sql", sql, *arguments, *options], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", FORBIDDEN)
@pytest.mark.parametrize("form", URL_FORMS)
def test_forbidden_statement_is_refused_and_changes_nothing(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str, case: str
) -> None:
    monkeypatch.chdir(db_file.parent)  # for the relative URL
    target = tmp_path / "created-by-the-query.sqlite"
    statement, words = FORBIDDEN[case]
    before, files = file_digest(db_file), sorted(tmp_path.iterdir())
    code, stdout, stderr = _invoke(db_file, form, statement.format(target=target))
    assert code == 2, stderr
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
    assert words in stderr
    assert stdout == ""
    assert not target.exists()
    assert sorted(tmp_path.iterdir()) == files
    assert file_digest(db_file) == before


@pytest.mark.parametrize("form", URL_FORMS)
def test_every_form_reads_the_same_file(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(db_file.parent)
    query = "SELECT count(*) AS n FROM v_figures"
    assert _invoke(db_file, form, query, "-f", "csv") == (0, "n\n112\n", "")


@pytest.mark.parametrize("form", URL_FORMS)
def test_a_missing_file_is_never_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "missing.sqlite"
    code, _, stderr = _invoke(missing, form, "SELECT 1")
    assert code == 2 and stderr.count("\n") == 1 and "no such database file" in stderr, stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
@pytest.mark.parametrize("case", ["attach", "vacuum into", "load_extension", "temp table"])
def test_in_memory_urls_are_guarded_too(tmp_path: Path, url: str, case: str) -> None:
    target = tmp_path / "created-by-the-query.sqlite"
    statement, words = FORBIDDEN[case]
    result = runner.invoke(app, ["sql", statement.format(target=target), "--database-url", url])
    assert result.exit_code == 2 and words in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert not target.exists()
    result = runner.invoke(app, ["sql", "SELECT 1 AS one", "--database-url", url, "-f", "csv"])
    assert (result.exit_code, result.stdout) == (0, "one\n1\n")


INFINITE = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"


def test_a_runaway_query_stops_at_the_timeout(db_file: Path) -> None:
    before = file_digest(db_file)
    start = time.monotonic()
    result = runner.invoke(app, ["sql", INFINITE, "--db", str(db_file), "--timeout", "0.5"])
    elapsed = time.monotonic() - start
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: query stopped after 0.5 s (--timeout)\n",
    )
    assert 0.5 <= elapsed < 5
    assert file_digest(db_file) == before


def test_timeout_zero_means_no_limit_and_a_negative_one_is_refused(db_file: Path) -> None:
    finite = INFINITE.replace("FROM r)", "FROM r WHERE n < 200000)")
    result = runner.invoke(
        app, ["sql", finite, "--db", str(db_file), "--timeout", "0", "-f", "csv"]
    )
    assert (result.exit_code, result.stdout) == (0, "count(*)\n200000\n")
    result = runner.invoke(app, ["sql", "SELECT 1", "--db", str(db_file), "--timeout", "-1"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --timeout must be 0 (no limit) or a number of seconds up to 2,000,000, got -1\n",
    )
