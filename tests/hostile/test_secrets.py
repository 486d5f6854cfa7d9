"""A password in a database URL is never printed, wherever the URL holds it.

One case per spelling, through ``mask_url`` (the one function every message,
log and report header uses) and through the CLI, whose every error path must
show the URL masked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.cli import app
from dbtool.db.database import Database, mask_url
from tests.helpers import PG_ENV

runner = CliRunner()
SECRET = "S3cret"
SPELLINGS = {
    "user info": (
        "postgresql+psycopg://dbtool:S3cret@db.example.org/dbtool",
        "postgresql+psycopg://dbtool:***@db.example.org/dbtool",
    ),
    "user info without a user": (
        "postgresql://:S3cret@db.example.org/dbtool",
        "postgresql://:***@db.example.org/dbtool",
    ),
    "an @ in the password": (
        "postgresql://dbtool:S3c@ret@db.example.org/dbtool",
        "postgresql://dbtool:***@db.example.org/dbtool",
    ),
    "a ? and / in the password": (
        "postgresql://dbtool:S3c?r/et@db.example.org/dbtool?sslmode=require",
        "postgresql://dbtool:***@db.example.org/dbtool?sslmode=require",
    ),
    "password parameter": (
        "postgresql+psycopg://dbtool@/dbtool?host=/run/postgresql&password=S3cret",
        "postgresql+psycopg://dbtool@/dbtool?host=/run/postgresql&password=***",
    ),
    "password parameter first": (
        "postgresql://db.example.org/dbtool?password=S3cret&user=dbtool",
        "postgresql://db.example.org/dbtool?password=***&user=dbtool",
    ),
    "upper-case parameter": (
        "postgresql://db.example.org/dbtool?PASSWORD=S3cret",
        "postgresql://db.example.org/dbtool?PASSWORD=***",
    ),
    "percent-encoded parameter name": (
        "postgresql://db.example.org/dbtool?pass%77ord=S3cret",
        "postgresql://db.example.org/dbtool?pass%77ord=***",
    ),
    "sslpassword": (
        "postgresql://dbtool@db.example.org/dbtool?sslpassword=S3cret",
        "postgresql://dbtool@db.example.org/dbtool?sslpassword=***",
    ),
    "passfile": (
        "postgresql://dbtool@db.example.org/dbtool?passfile=/home/S3cret/.pgpass",
        "postgresql://dbtool@db.example.org/dbtool?passfile=***",
    ),
    "sslkey": (
        "postgresql://dbtool@db.example.org/dbtool?sslkey=/keys/S3cret.key",
        "postgresql://dbtool@db.example.org/dbtool?sslkey=***",
    ),
    "semicolon separator": (
        "postgresql://db.example.org/dbtool?sslmode=require;password=S3cret",
        "postgresql://db.example.org/dbtool?sslmode=require;password=***",
    ),
    "both places": (
        "postgresql://dbtool:S3cret@db.example.org/dbtool?password=S3cret",
        "postgresql://dbtool:***@db.example.org/dbtool?password=***",
    ),
    "an unknown dialect": (
        "nosuchdb://dbtool:S3cret@db.example.org/dbtool",
        "nosuchdb://dbtool:***@db.example.org/dbtool",
    ),
}


@pytest.mark.parametrize("case", SPELLINGS)
def test_every_spelling_is_masked(case: str) -> None:
    url, shown = SPELLINGS[case]
    assert mask_url(url) == shown
    assert SECRET not in Database(url).describe()


def test_a_url_without_a_secret_is_shown_as_it_is() -> None:
    url = "postgresql+psycopg://dbtool@db.example.org:5432/dbtool?sslmode=require"
    assert mask_url(url) == url


@pytest.mark.parametrize("case", SPELLINGS)
@pytest.mark.parametrize(
    "command", [["sql", "SELECT 1"], ["report", "summary"], ["check"], ["db", "current"]]
)
def test_no_error_prints_the_password(case: str, command: list[str]) -> None:
    """Nothing listens on port 1: every command fails to connect, in one masked line."""
    url = SPELLINGS[case][0].replace("db.example.org", "127.0.0.1:1")
    result = runner.invoke(app, [*command, "--database-url", url])
    assert result.exit_code == 2, result.output
    assert SECRET not in result.output
    assert result.stderr.count("\n") == 1


@pytest.mark.postgres
def test_a_failing_query_prints_the_url_masked() -> None:
    """The issue's case: a password in the query string and a query that fails."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} is not set")
    url = f"{server}?password={SECRET}"
    result = runner.invoke(
        app,
        [
            "sql",
            "SELECT no_such_column FROM documents",
            "--database-url",
            url,
            "--allow-privileged",
        ],
    )
    assert result.exit_code == 2, result.output
    assert SECRET not in result.output and "password=***" in result.stderr


def test_db_copy_names_its_target_masked(db_file: Path) -> None:
    target = f"postgresql+psycopg://dbtool:{SECRET}@127.0.0.1:1/dbtool?password={SECRET}"
    result = runner.invoke(app, ["db", "copy", "--db", str(db_file), "--to", target])
    assert result.exit_code == 2, result.output
    assert SECRET not in result.output
