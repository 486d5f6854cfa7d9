"""`dbtool sql` on PostgreSQL: COMMIT tricks, several statements, server powers, time limits.

Each case runs the real CLI, as the superuser the suite connects with and as
the read-only role of scripts/pg-readonly-role.sql (DBTOOL_TEST_POSTGRES_READONLY_URL;
those cases skip without it), and asserts exit 2, one ``Error:`` line,
nothing on stdout, and the database unchanged (every table and view, row by
row), no file created and no program run.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dbtool.cli import app
from tests.helpers import (
    PG_READONLY_ENV,
    create_postgres_database,
    drop_postgres_database,
    postgres_fingerprint,
    psycopg_connect,
    readonly_url_for,
)

pytestmark = pytest.mark.postgres
runner = CliRunner()
ROLES = ["superuser", "reader"]
URL_FORMS = ["postgresql+psycopg://", "postgresql://", "DBTOOL_DATABASE_URL"]

# name -> (statement, what the one error line must match). {target} is a file the
# statement would create, {pid} the backend of a superuser's session.
TRICKS = {
    "commit; drop": ("COMMIT; DROP TABLE quotes CASCADE", "COMMIT is refused"),
    "commit": ("COMMIT", "COMMIT is refused"),
    "commented commit": (
        "/* a /* nested */ comment */ -- and a line\n commit; DROP TABLE quotes CASCADE",
        "COMMIT is refused",
    ),
    "empty statement first": (";COMMIT; DROP TABLE quotes CASCADE", "COMMIT is refused"),
    "end": ("END; DROP TABLE quotes CASCADE", "END is refused"),
    "rollback": ("ROLLBACK; DROP TABLE quotes CASCADE", "ROLLBACK is refused"),
    "abort": ("ABORT", "ABORT is refused"),
    "begin": ("BEGIN READ WRITE", "BEGIN is refused"),
    "start transaction": ("START TRANSACTION READ WRITE", "START is refused"),
    "savepoint": ("SAVEPOINT s", "SAVEPOINT is refused"),
    "prepare transaction": ("PREPARE TRANSACTION 'x'", "PREPARE is refused"),
    "set transaction": ("SET TRANSACTION READ WRITE", "SET is refused"),
    "set session characteristics": (
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        "SET is refused",
    ),
    "set role": ("SET ROLE postgres", "SET is refused"),
    "reset": ("RESET ALL", "RESET is refused"),
    "discard": ("DISCARD ALL", "DISCARD is refused"),
    "set_config read write": (
        "SELECT set_config('transaction_read_only', 'off', true)",
        "read-write mode must be set before any query",
    ),
    "two statements": ("SELECT 1; DROP TABLE quotes CASCADE", "more than one statement"),
    "drop table": ("DROP TABLE quotes CASCADE", "read-only transaction"),
    "temp table": ("CREATE TEMP TABLE t (x int)", "read-only transaction"),
    "delete": ("DELETE FROM quotes", "read-only transaction|permission denied"),
    "nextval": ("SELECT nextval('quotes_id_seq')", "read-only transaction|permission denied"),
    "do commit": ("DO $$BEGIN COMMIT; END$$", "invalid transaction termination"),
    "do drop": (
        "DO $$BEGIN EXECUTE 'DROP TABLE quotes CASCADE'; END$$",
        "read-only transaction",
    ),
    "copy to program": ("COPY (SELECT 1) TO PROGRAM 'touch {target}'", "COPY is refused"),
}
# What only the server can refuse, by the role's privileges: a superuser may do these.
SERVER_POWERS = {
    "pg_read_file": (
        "SELECT pg_read_file('/etc/passwd')",
        "permission denied for function pg_read_file",
    ),
    "pg_terminate_backend": (
        "SELECT pg_terminate_backend({pid})",
        "superuser process|permission denied to terminate",
    ),
    "lo_import": ("SELECT lo_import('/etc/passwd')", "permission denied for function lo_import"),
    "lo_export": (
        "SELECT lo_export(0, '{target}')",
        "permission denied for function lo_export",
    ),
}
# The cases that run on every spelling of the URL; the rest on the first one.
EVERY_FORM = ("commit; drop", "commit", "two statements")


@pytest.fixture(scope="module")
def database(postgres_templates: dict[str, str]) -> Iterator[dict[str, Any]]:
    """One seeded database for the module, with the read-only role granted on it, and a
    superuser session whose backend the queries try to terminate. Every case must leave
    it as it was, so sharing it makes each case check the ones before it too."""
    server = postgres_templates["server"]
    url = create_postgres_database(server, template=postgres_templates["seeded"])
    try:
        with psycopg_connect(url) as session:
            yield {
                "superuser": url,
                "reader": readonly_url_for(url),
                "fingerprint": postgres_fingerprint(url),
                "session": session,
                "pid": session.info.backend_pid,
            }
    finally:
        drop_postgres_database(server, url)


def _url(database: dict[str, Any], role: str) -> str:
    if database[role] is None:
        pytest.skip(f"{PG_READONLY_ENV} is not set")
    return str(database[role])


def _invoke(url: str, form: str, sql: str, *options: str) -> tuple[int, str, str]:
    if form == "DBTOOL_DATABASE_URL":
        arguments, env = [], {"DBTOOL_DATABASE_URL": url}
    else:
        arguments, env = ["--database-url", url.replace("postgresql+psycopg://", form)], {}
    result = runner.invoke(app, ["sql", sql, *arguments, *options], env=env)
    return result.exit_code, result.stdout, result.stderr


def _assert_refused_and_unchanged(
    database: dict[str, Any], role: str, form: str, statement: str, words: str
) -> None:
    target = Path(f"/tmp/dbtool-hostile-{uuid.uuid4().hex}")  # where the server could write
    sql = statement.format(target=target, pid=database["pid"])
    try:
        code, stdout, stderr = _invoke(_url(database, role), form, sql)
        assert code == 2, stderr
        assert stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
        assert re.search(words, stderr), stderr
        assert stdout == ""
        assert not target.exists(), "the server ran the program or wrote the file"
    finally:
        target.unlink(missing_ok=True)
    assert database["session"].execute("SELECT 1").fetchone() == (1,), "session terminated"
    assert postgres_fingerprint(database["superuser"]) == database["fingerprint"]


@pytest.mark.parametrize("case", TRICKS)
@pytest.mark.parametrize("role", ROLES)
def test_tricks_are_refused_and_change_nothing(
    database: dict[str, Any], role: str, case: str
) -> None:
    _assert_refused_and_unchanged(database, role, URL_FORMS[0], *TRICKS[case])


@pytest.mark.parametrize("case", EVERY_FORM)
@pytest.mark.parametrize("form", URL_FORMS[1:])
@pytest.mark.parametrize("role", ROLES)
def test_every_url_form_is_guarded(
    database: dict[str, Any], role: str, form: str, case: str
) -> None:
    _assert_refused_and_unchanged(database, role, form, *TRICKS[case])


@pytest.mark.parametrize("case", SERVER_POWERS)
def test_the_read_only_role_cannot_reach_the_server(database: dict[str, Any], case: str) -> None:
    _assert_refused_and_unchanged(database, "reader", URL_FORMS[0], *SERVER_POWERS[case])


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (SELECT 1) TO PROGRAM 'touch {target}'",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT pg_terminate_backend({pid})",
        "SELECT pg_cancel_backend({pid})",
        "SELECT lo_import('/etc/passwd')",
        "SELECT lo_export(0, '{target}')",
        "CREATE TABLE t (x int)",
        "DROP TABLE quotes CASCADE",
        "DELETE FROM quotes",
    ],
)
def test_the_role_alone_holds_without_dbtool(database: dict[str, Any], statement: str) -> None:
    """The server refuses the role, even on a plain read-write session dbtool never guarded."""
    import psycopg

    target = Path(f"/tmp/dbtool-hostile-{uuid.uuid4().hex}")
    with psycopg_connect(_url(database, "reader")) as connection:
        connection.execute("SET default_transaction_read_only = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement.format(target=target, pid=database["pid"]))
    assert not target.exists()
    assert postgres_fingerprint(database["superuser"]) == database["fingerprint"]


@pytest.mark.parametrize("role", ROLES)
def test_the_role_reads_what_a_user_may_read(database: dict[str, Any], role: str) -> None:
    url = _url(database, role)
    assert _invoke(url, URL_FORMS[0], "SELECT count(*) AS n FROM v_figures", "-f", "csv") == (
        0,
        "n\n112\n",
        "",
    )
    result = runner.invoke(app, ["report", "summary", "--database-url", url, "-f", "csv"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("role", ROLES)
def test_a_slow_query_stops_at_the_timeout(database: dict[str, Any], role: str) -> None:
    start = time.monotonic()
    result = _invoke(_url(database, role), URL_FORMS[0], "SELECT pg_sleep(30)", "--timeout", "0.5")
    elapsed = time.monotonic() - start
    assert result == (2, "", "Error: query stopped after 0.5 s (--timeout)\n")
    assert 0.5 <= elapsed < 5


@pytest.mark.parametrize(("timeout", "setting"), [("2", "2s"), ("0.25", "250ms"), ("0", "0")])
def test_the_timeout_is_the_statement_timeout(
    database: dict[str, Any], timeout: str, setting: str
) -> None:
    """--timeout 0 leaves the server's own statement_timeout alone (0 here: none)."""
    query = "SELECT current_setting('statement_timeout') AS t"
    result = _invoke(database["superuser"], URL_FORMS[0], query, "--timeout", timeout, "-f", "csv")
    assert result == (0, f"t\n{setting}\n", "")


def test_a_writing_command_as_the_role_is_one_line(database: dict[str, Any]) -> None:
    """`dbtool check` stores its run: as the read-only role that is a user's error, exit 2."""
    result = runner.invoke(app, ["check", "--database-url", _url(database, "reader")])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1
    # The server refuses the first write, whichever it is: an INSERT in the read-only
    # transaction, or a table the role may not write (pruning old runs reads and deletes).
    assert result.stderr.endswith("; this command writes, so it needs a role that may write\n")
    assert ("read-only transaction" in result.stderr) or ("permission denied" in result.stderr)
    assert postgres_fingerprint(database["superuser"]) == database["fingerprint"]
