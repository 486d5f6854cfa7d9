"""The machine's and the user's failures are one line and exit 2, on every command.

A file that is not a database, empty, truncated, corrupt or unreadable; a
full disk; a read-only mount; a PostgreSQL server that refuses, does not
know the database or the role, or does not resolve. Each gives one ``Error:``
line naming the file or the URL (never its password) with the likely fix,
exit 2 (never 3, with or without ``--debug``), and leaves nothing behind: the
file's bytes as they were, no new file, no output folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.cli import app
from tests.helpers import PG_ENV, ROOT, SEEDS

runner = CliRunner()
# Every command that opens the database, with what it needs besides --db.
COMMANDS = {
    "init": ["init"],
    "seed": ["seed", str(SEEDS / "alrosa-sales-2017.toml")],
    "check": ["check"],
    "forget": ["forget", "alrosa-sales-2017"],
    "documents": ["documents"],
    "report": ["report", "summary"],
    "report all": ["report", "all", "--output-dir", "{folder}/out"],
    "sql": ["sql", "SELECT count(*) FROM documents"],
    "schema": ["schema"],
    "draft": ["draft", str(SEEDS / "alrosa-sales-2017.txt"), "--out", "{folder}/draft.toml"],
    "db current": ["db", "current"],
    "db upgrade": ["db", "upgrade"],
    "db downgrade": ["db", "downgrade", "-1"],
    "db prune-runs": ["db", "prune-runs", "--keep", "1"],
    "db copy": ["db", "copy", "--to", "sqlite:///{folder}/copy.sqlite"],
}


def _not_a_database(path: Path, seeded: Path) -> None:
    path.write_text("name,value\nalrosa,1\n", encoding="utf-8")


def _empty(path: Path, seeded: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path, seeded: Path) -> None:
    path.write_bytes(seeded.read_bytes()[:8192])


def _corrupt_header(path: Path, seeded: Path) -> None:
    data = bytearray(seeded.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and format bytes
    path.write_bytes(bytes(data))


def _corrupt_schema(path: Path, seeded: Path) -> None:
    data = bytearray(seeded.read_bytes())
    data[100:4096] = b"\x07" * (4096 - 100)  # the first page: the schema's root
    path.write_bytes(bytes(data))


def _header_only(path: Path, seeded: Path) -> None:
    path.write_bytes(b"SQLite format 3\0" + b"\0" * 84)


BROKEN = {
    "not a database": _not_a_database,
    "empty": _empty,
    "truncated": _truncated,
    "corrupt header": _corrupt_header,
    "corrupt schema": _corrupt_schema,
    "header only": _header_only,
}


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _invoke(arguments: list[str], folder: Path, db: Path, *extra: str) -> tuple[int, str, str]:
    filled = [a.format(folder=folder) for a in arguments]
    result = runner.invoke(app, [*extra, *filled, "--db", str(db)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("state", BROKEN)
def test_a_broken_file_is_one_line_and_left_alone(
    tmp_path: Path, db_file: Path, state: str, command: str, debug: bool
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    db = folder / "broken.sqlite"
    BROKEN[state](db, db_file)
    before = _digest(folder)
    code, _stdout, stderr = _invoke(COMMANDS[command], folder, db, *(["--debug"] if debug else []))
    if state == "empty" and command in ("init", "db upgrade"):
        assert code == 0, stderr  # an empty file is where init may make a database
        return
    assert code == 2, stderr
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
    assert str(db) in stderr or db.name in stderr, stderr
    assert _digest(folder) == before, "the file changed, or a file was left behind"


@contextlib.contextmanager
def _mounted(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``folder`` (skips where mounting is not allowed: not root, a
    container without the capability)."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@pytest.mark.parametrize("command", ["init", "db upgrade", "draft", "report all"])
def test_a_full_disk_leaves_nothing_behind(
    tmp_path: Path, db_file: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    with _mounted(tmp_path / "full", "256k") as folder:
        _fill(folder / "filler", keep=0)
        database = db_file if command in ("draft", "report all") else folder / "new.sqlite"
        code, _stdout, stderr = _invoke(COMMANDS[command], folder, database)
        assert code == 2, stderr
        last = stderr.splitlines()[-1]  # report all logs each file it wrote before
        assert last.startswith("Error: ") and stderr.count("Error: ") == 1, stderr
        assert "full" in last or "space" in last, stderr
        assert sorted(p.name for p in folder.iterdir()) == ["filler"], "a file was left behind"


def _fill(path: Path, keep: int) -> None:
    """Fill the disk ``path`` is on, then free ``keep`` bytes: room to start, not to finish."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(descriptor, b"\0" * 4096)
        os.ftruncate(descriptor, max(0, os.fstat(descriptor).st_size - keep))
    finally:
        os.close(descriptor)


WRITERS = ("init", "seed", "check", "forget", "db upgrade", "db downgrade", "db prune-runs")
READERS = ("documents", "report", "sql", "schema", "db current")


@pytest.mark.parametrize("command", WRITERS + READERS)
def test_a_read_only_mount(tmp_path: Path, db_file: Path, command: str) -> None:
    """Reading works (the file is opened immutable, as nothing can write it); writing is
    refused in words that say why."""
    with _mounted(tmp_path / "ro", "4m") as folder:
        shutil.copy(db_file, folder / "db.sqlite")
        _remount_read_only(folder)
        before = _digest(folder)
        code, _stdout, stderr = _invoke(COMMANDS[command], tmp_path, folder / "db.sqlite")
        if command in READERS:
            assert code == 0, stderr
        else:
            assert code == 2, stderr
            assert stderr.count("\n") == 1 and "read-only" in stderr, stderr
        assert _digest(folder) == before


def _as_nobody() -> None:
    os.setgid(65534)
    os.setuid(65534)


def _nobody_can_run_python() -> bool:
    if os.geteuid() != 0:
        return False
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import dbtool"],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            preexec_fn=_as_nobody,
            cwd="/",
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return done.returncode == 0


@pytest.mark.parametrize("command", ["report", "sql", "check", "documents"])
def test_an_unreadable_file(tmp_path: Path, db_file: Path, command: str) -> None:
    """Root reads every file: the command runs as nobody (where root may start one)."""
    if not _nobody_can_run_python():
        pytest.skip("cannot run this Python and dbtool as another user here")
    folder = tmp_path / "private"
    folder.mkdir()
    folder.chmod(0o755)
    tmp_path.chmod(0o755)
    shutil.copy(db_file, folder / "db.sqlite")
    (folder / "db.sqlite").chmod(0o600)
    arguments = [a.format(folder=folder) for a in COMMANDS[command]]
    done = subprocess.run(
        [sys.executable, "-m", "dbtool", *arguments, "--db", str(folder / "db.sqlite")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=_as_nobody,
        cwd="/",
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "db.sqlite" in done.stderr, done.stderr
    assert "ermission" in done.stderr or "read-only" in done.stderr, done.stderr


POSTGRES_FAILURES = {
    "refused": "postgresql+psycopg://dbtool:S3cret@127.0.0.1:1/dbtool",
    "unknown host": "postgresql+psycopg://dbtool:S3cret@no-such-host.invalid/dbtool",
    "password in the query": "postgresql+psycopg://dbtool@127.0.0.1:1/dbtool?password=S3cret",
    "psycopg2 spelling": "postgresql://dbtool:S3cret@127.0.0.1:1/dbtool",
}


@pytest.mark.parametrize("command", ["sql", "report", "documents", "check", "seed", "init"])
@pytest.mark.parametrize("case", POSTGRES_FAILURES)
def test_a_postgresql_connection_failure(case: str, command: str) -> None:
    pytest.importorskip("psycopg")
    arguments = [a.format(folder="/nonexistent") for a in COMMANDS[command]]
    result = runner.invoke(app, [*arguments, "--database-url", POSTGRES_FAILURES[case]])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "S3cret" not in result.output
    assert "***" in result.stderr


@pytest.fixture
def server() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set")
    return url


@pytest.mark.postgres
@pytest.mark.parametrize("what", ["database", "role"])
@pytest.mark.parametrize("command", ["sql", "report", "documents", "check", "db current"])
def test_an_unknown_postgresql_database_or_role(server: str, what: str, command: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(server)
    url = url.set(database="no_such_db") if what == "database" else url.set(username="nobody_x")
    arguments = [a.format(folder="/nonexistent") for a in COMMANDS[command]]
    result = runner.invoke(app, [*arguments, "--database-url", url.render_as_string(False)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr, result.stderr
