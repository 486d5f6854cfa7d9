"""`dbtool sql --timeout` always fires: each query stops within the limit plus a second.

Each case runs the real CLI in its own process (a query past its limit is
abandoned in a thread the process ends on exit, so a test process must not
keep it) and measures the time beyond what the same process takes to run
``SELECT 1``: its start-up, which no limit can cover.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT

LIMIT = 2.0
QUERIES = {
    # One call that never returns to SQLite's progress handler (90 s before).
    "instr of a huge string": "SELECT instr(printf('%.*c', 100000000, 'a'), "
    "printf('%.*c', 50000, 'a') || 'b')",
    "instr of a string under the length limit": "SELECT instr(printf('%.*c', 50000000, 'a'), "
    "printf('%.*c', 50000, 'a') || 'b')",
    "a gigabyte printf": "SELECT length(printf('%.*c', 1000000000, 'a'))",
    "zeroblob": "SELECT length(zeroblob(2000000000))",
    "replace blow-up": "SELECT length(replace(printf('%.*c', 1000000, 'a'), 'a', "
    "printf('%.*c', 1000, 'b')))",
    "endless recursion": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
    "SELECT count(*) FROM r",
    "cross join": "SELECT count(*) FROM figures a, figures b, figures c, figures d, figures e",
    "glob backtracking": "SELECT printf('%.*c', 20000, 'a') GLOB "
    "'*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'",
}


def _run(*arguments: str, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    """``dbtool ARGUMENTS`` in a fresh process: exit code, stderr, seconds taken."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dbtool", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stderr, time.monotonic() - start


@pytest.fixture(scope="module")
def startup(tmp_path_factory: pytest.TempPathFactory) -> float:
    """What a run that does nothing takes: the allowance for start-up."""
    folder = tmp_path_factory.mktemp("startup")
    sqlite3.connect(folder / "s.sqlite").execute("CREATE TABLE t (x)").connection.close()
    return min(_run("sql", "SELECT 1", "--db", str(folder / "s.sqlite"))[2] for _ in range(2))


@pytest.mark.parametrize("case", QUERIES)
def test_a_sqlite_query_stops_within_the_limit(db_file: Path, startup: float, case: str) -> None:
    """Stopped at the limit, refused (a value over the length limit), or answered at once
    (SQLite's printf gives NULL for a result over that limit): never run on."""
    code, stderr, elapsed = _run("sql", QUERIES[case], "--db", str(db_file), "--timeout", "2")
    assert code in (0, 2), stderr
    if code == 2:
        assert stderr.count("\n") == 1 and stderr.startswith("Error: "), stderr
        assert "query stopped after 2 s" in stderr or "too big" in stderr, stderr
    assert elapsed - startup < LIMIT + 1, f"{case}: {elapsed - startup:.1f} s past start-up"


def test_a_locked_database_waits_no_longer_than_the_limit(db_file: Path, startup: float) -> None:
    """Another process holds the file locked: the busy timeout is the query's limit."""
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE documents SET title = title")
    try:
        code, stderr, elapsed = _run(
            "sql", "SELECT count(*) FROM documents", "--db", str(db_file), "--timeout", "1"
        )
    finally:
        holder.rollback()
        holder.close()
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and ("locked" in stderr or "stopped" in stderr), stderr
    assert elapsed - startup < 1 + 1


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        server.close()


def test_connecting_to_a_silent_server_stops_within_the_limit(
    silent_listener: int, startup: float
) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql+psycopg://dbtool:S3cret@127.0.0.1:{silent_listener}/dbtool"
    code, stderr, elapsed = _run("sql", "SELECT 1", "--database-url", url, "--timeout", "2")
    assert code == 2, stderr
    assert stderr.count("\n") == 1, stderr
    assert "S3cret" not in stderr
    assert elapsed - startup < LIMIT + 1


@pytest.mark.parametrize("command", [["check"], ["documents"], ["report", "summary"]])
def test_every_command_gives_up_on_a_silent_server(
    silent_listener: int, startup: float, command: list[str]
) -> None:
    """Commands without --timeout wait at most the connect timeout (5 s), then say so.

    Measured beyond what the same command takes against a port that refuses at once: its
    own start-up (psycopg's import included), which a busy machine stretches."""
    pytest.importorskip("psycopg")
    url = f"postgresql+psycopg://dbtool@127.0.0.1:{silent_listener}/dbtool?password=S3cret"
    code, stderr, elapsed = _run(*command, "--database-url", url)
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("Error: "), stderr
    assert "S3cret" not in stderr and "password=***" in stderr
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        refusing = closed.getsockname()[1]
    refused = url.replace(f":{silent_listener}/", f":{refusing}/")
    code, stderr, baseline = _run(*command, "--database-url", refused)
    assert code == 2, stderr
    assert elapsed - max(baseline, startup) < 5 + 1


def test_an_interrupt_after_the_query_stopped_itself_is_no_error(tmp_path: Path) -> None:
    """The time limit's thread may interrupt a reader whose query already stopped at the same
    deadline and whose connection is closed: nothing is left to stop, and nothing is raised
    (it was an internal error, "Cannot operate on a closed database", once in CI)."""
    from dbtool.db.reader import open_reader

    db = tmp_path / "t.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    with open_reader(str(db), False, 2, user_sql=True) as reader:
        assert reader.rows("SELECT 1 AS one") == [{"one": 1}]
    reader.interrupt()  # type: ignore[attr-defined]
