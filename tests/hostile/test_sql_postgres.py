"""`dbtool sql` on PostgreSQL: COMMIT tricks, DO blocks, server powers, time limits.

Each case runs the real CLI as three roles: a superuser (with
``--allow-privileged``: dbtool's own layers must refuse every trick, since the
server would not), the owner of the tables (a role that may write, but is no
superuser; DBTOOL_TEST_POSTGRES_OWNER_URL) and the read-only role of
scripts/pg-readonly-role.sql (DBTOOL_TEST_POSTGRES_READONLY_URL); the cases
of a role skip without its URL. Each asserts exit 2, one ``Error:`` line,
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
    PG_OWNER_ENV,
    PG_READONLY_ENV,
    drop_postgres_database,
    owned_database,
    postgres_fingerprint,
    psycopg_connect,
    readonly_url_for,
)

pytestmark = pytest.mark.postgres
runner = CliRunner()
ROLES = ["superuser", "owner", "reader"]
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
        r"function set_config\(\) is refused",
    ),
    "two statements": ("SELECT 1; DROP TABLE quotes CASCADE", "more than one statement"),
    "drop table": ("DROP TABLE quotes CASCADE", "DROP is refused"),
    "temp table": ("CREATE TEMP TABLE t (x int)", "CREATE is refused"),
    "delete": ("DELETE FROM quotes", "DELETE is refused"),
    "nextval": ("SELECT nextval('quotes_id_seq')", "function nextval"),
    "do commit": ("DO $$BEGIN COMMIT; END$$", "DO is refused"),
    "do drop": ("DO $$BEGIN EXECUTE 'DROP TABLE quotes CASCADE'; END$$", "DO is refused"),
    "copy to program": ("COPY (SELECT 1) TO PROGRAM 'touch {target}'", "COPY is refused"),
    # A DO block runs COPY … TO PROGRAM or TO a file inside it: no first keyword shows it.
    "do copy to program": (
        "DO $q$BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ''touch {target}'''; END$q$",
        "DO is refused",
    ),
    "do copy to file": (
        "DO $q$BEGIN EXECUTE 'COPY (SELECT 1) TO ''{target}'''; END$q$",
        "DO is refused",
    ),
    "commented do": ("/* x */ -- y\n do $$BEGIN PERFORM 1; END$$", "DO is refused"),
    "pg_read_file": ("SELECT pg_read_file('/etc/passwd')", "function pg_read_file"),
    "qualified pg_read_file": (
        "SELECT pg_catalog.pg_read_file('/etc/passwd')",
        "function pg_catalog.pg_read_file",
    ),
    "quoted pg_read_file": ("SELECT \"pg_read_file\"('/etc/passwd')", "function pg_read_file"),
    "unicode-escaped name": (
        "SELECT U&\"pg\\005fread\\005ffile\"('/etc/passwd')",
        "function pg_read_file",
    ),
    "pg_read_binary_file in from": (
        "SELECT * FROM pg_read_binary_file('/etc/passwd') AS f(x)",
        "function pg_read_binary_file",
    ),
    "pg_ls_dir in a subquery": (
        "SELECT (SELECT count(*) FROM pg_ls_dir('/')) AS n",
        "function pg_ls_dir",
    ),
    "lo_import": ("SELECT lo_import('/etc/passwd')", "function lo_import"),
    "lo_export": ("SELECT lo_export(0, '{target}')", "function lo_export"),
    "lo_from_bytea": ("SELECT lo_from_bytea(0, 'x')", "function lo_from_bytea"),
    "pg_terminate_backend": ("SELECT pg_terminate_backend({pid})", "function pg_terminate"),
    "pg_cancel_backend": ("SELECT pg_cancel_backend({pid})", "function pg_cancel"),
    "advisory lock": ("SELECT pg_advisory_lock(1)", "function pg_advisory_lock"),
    "dblink": ("SELECT * FROM dblink('dbname=x', 'select 1') AS t(x int)", "function dblink"),
    "query_to_xml": (
        "SELECT query_to_xml('DELETE FROM quotes RETURNING 1', true, true, '')",
        "function query_to_xml",
    ),
    "pg_notify": ("SELECT pg_notify('c', 'x')", "function pg_notify"),
    "pg_reload_conf": ("SELECT pg_reload_conf()", "function pg_reload_conf"),
    "setval in order by": (
        "SELECT 1 AS x ORDER BY setval('quotes_id_seq', 1)",
        "function setval",
    ),
    "function in a cte": (
        "WITH f AS (SELECT pg_read_file('/etc/passwd') AS t) SELECT * FROM f",
        "function pg_read_file",
    ),
    "function in a lateral join": (
        "SELECT * FROM documents d, LATERAL (SELECT pg_stat_file('/etc/passwd')) s",
        "function pg_stat_file",
    ),
    "function in values": ("VALUES (pg_read_file('/etc/passwd'))", "function pg_read_file"),
    "explain analyze of a function": (
        "EXPLAIN ANALYZE SELECT pg_read_file('/etc/passwd')",
        "function pg_read_file",
    ),
    "explain delete": ("EXPLAIN ANALYZE DELETE FROM quotes", "EXPLAIN of anything"),
    "writing cte": (
        "WITH d AS (DELETE FROM quotes RETURNING 1) SELECT count(*) FROM d",
        "DELETE inside the query is refused",
    ),
    "select into": ("SELECT * INTO t_copy FROM quotes", "SELECT … INTO"),
    "for update": ("SELECT * FROM quotes FOR UPDATE", "FOR UPDATE"),
    "call": ("CALL p()", "CALL is refused"),
    "notify": ("NOTIFY c", "NOTIFY is refused"),
    "listen": ("LISTEN c", "LISTEN is refused"),
    "lock": ("LOCK TABLE quotes", "LOCK is refused"),
    "show": ("SHOW data_directory", "SHOW is refused"),
    "prepare": ("PREPARE p AS SELECT 1", "PREPARE is refused"),
    "declare cursor": ("DECLARE c CURSOR FOR SELECT 1", "DECLARE CURSOR is refused"),
    "user function": ("SELECT public.anything(1)", "function public.anything"),
    "not sql": ("SELEC 1", "not valid SQL"),
    "empty": ("-- nothing", "no statement"),
}
# What the server refuses the read-only role by its privileges alone (dbtool refuses
# the functions first; test_the_role_alone_holds_without_dbtool shows the server would).
SERVER_POWERS = {
    "pg_read_file": (
        "SELECT pg_read_file('/etc/passwd')",
        "function pg_read_file|permission denied for function pg_read_file",
    ),
    "pg_terminate_backend": (
        "SELECT pg_terminate_backend({pid})",
        "function pg_terminate_backend|superuser process|permission denied to terminate",
    ),
    "lo_import": (
        "SELECT lo_import('/etc/passwd')",
        "function lo_import|permission denied for function lo_import",
    ),
    "lo_export": (
        "SELECT lo_export(0, '{target}')",
        "function lo_export|permission denied for function lo_export",
    ),
}
# The cases that run on every spelling of the URL; the rest on the first one.
EVERY_FORM = ("commit; drop", "commit", "two statements", "do copy to program")


@pytest.fixture(scope="module")
def database(postgres_templates: dict[str, str]) -> Iterator[dict[str, Any]]:
    """One seeded database for the module, its tables owned by the owner role when there
    is one (migrated and seeded as that role), with the read-only role granted on it, and
    a superuser session whose backend the queries try to terminate. Every case must
    leave it as it was, so sharing it makes each case check the ones before it too."""
    server = postgres_templates["server"]
    url, owner = owned_database(server, template=postgres_templates["seeded"])
    try:
        with psycopg_connect(url) as session:
            yield {
                "superuser": url,
                "owner": owner,
                "reader": readonly_url_for(url),
                "fingerprint": postgres_fingerprint(url),
                "session": session,
                "pid": session.info.backend_pid,
            }
    finally:
        drop_postgres_database(server, url)


def _url(database: dict[str, Any], role: str) -> str:
    if database[role] is None:
        env = PG_READONLY_ENV if role == "reader" else PG_OWNER_ENV
        pytest.skip(f"{env} is not set")
    return str(database[role])


def _invoke(url: str, form: str, sql: str, *options: str) -> tuple[int, str, str]:
    """``dbtool sql`` as the URL's role; as the superuser with --allow-privileged, so that
    what refuses a statement is dbtool's reading of it, not the role check."""
    if "://postgres@" in url:
        options = ("--allow-privileged", *options)
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


@pytest.mark.parametrize("form", URL_FORMS)
def test_a_superuser_is_refused_without_allow_privileged(
    database: dict[str, Any], form: str
) -> None:
    url = database["superuser"]
    if form == "DBTOOL_DATABASE_URL":
        arguments, env = [], {"DBTOOL_DATABASE_URL": url}
    else:
        arguments, env = ["--database-url", url.replace("postgresql+psycopg://", form)], {}
    result = runner.invoke(app, ["sql", "SELECT 1 AS x", *arguments], env=env)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "connected as 'postgres', which is a superuser" in result.stderr
    assert "scripts/pg-readonly-role.sql" in result.stderr
    assert "--allow-privileged" in result.stderr


@pytest.mark.parametrize(
    "power", ["pg_execute_server_program", "pg_read_server_files", "pg_write_server_files"]
)
def test_a_member_of_a_server_files_role_is_refused(database: dict[str, Any], power: str) -> None:
    """Not a superuser, but a member (here through another role) of one that reaches the
    server's files or programs: refused too, and named."""
    from sqlalchemy.engine import make_url

    role, group = f"dbtool_powers_{uuid.uuid4().hex[:8]}", f"dbtool_group_{uuid.uuid4().hex[:8]}"
    with psycopg_connect(database["superuser"]) as admin:
        admin.execute(f'CREATE ROLE "{group}" NOLOGIN')
        admin.execute(f'GRANT {power} TO "{group}"')
        admin.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE "{group}"')
        try:
            url = make_url(database["superuser"]).set(username=role)
            result = runner.invoke(
                app, ["sql", "SELECT 1 AS x", "--database-url", url.render_as_string(False)]
            )
        finally:
            admin.execute(f'DROP ROLE "{role}"')
            admin.execute(f'DROP ROLE "{group}"')
    assert result.exit_code == 2, result.output
    assert f"which is a member of {power}" in result.stderr
    assert result.stderr.count("\n") == 1


def test_allow_privileged_runs_a_plain_query_as_the_superuser(database: dict[str, Any]) -> None:
    assert _invoke(database["superuser"], URL_FORMS[0], "SELECT 1 AS x", "-f", "csv") == (
        0,
        "x\n1\n",
        "",
    )
