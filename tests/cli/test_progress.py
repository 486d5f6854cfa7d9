"""Progress bars: drawn on a terminal once work runs a while; never on a pipe or in a log."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.cli.progress import ProgressBar
from tests.helpers import ROOT

runner = CliRunner()


def _terminal_output(delay: float) -> str:
    """What a bar writes to a real pseudo-terminal over three steps."""
    master, slave = pty.openpty()
    try:
        with os.fdopen(slave, "w", encoding="utf-8", closefd=False) as stream:
            with ProgressBar("Loading documents", stream=stream, delay=delay) as bar:
                for done in range(1, 4):
                    bar(done, 3)
            stream.flush()
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(master)


def test_a_terminal_gets_a_bar_once_work_takes_a_while() -> None:
    assert "Loading documents" in _terminal_output(delay=0)
    assert _terminal_output(delay=60) == ""  # quick work: nothing drawn


def test_a_pipe_never_gets_a_bar() -> None:
    stream = io.StringIO()
    with ProgressBar("Checking", stream=stream, delay=0) as bar:
        bar(1, 2)
        bar(2, 2)
    assert stream.getvalue() == ""


def test_seed_and_check_report_progress(migrated_url: str) -> None:
    seen: list[tuple[int, int]] = []
    api.seed(migrated_url, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 6) for n in range(1, 7)]
    seen.clear()
    api.check(migrated_url, progress=lambda done, total: seen.append((done, total)))
    steps = 3  # planning, the one batch of a small corpus, storing the run
    assert seen == [(n, steps) for n in range(1, steps + 1)]


def test_commands_on_a_pipe_print_no_bar(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    api.upgrade(f"sqlite:///{db}")
    result = runner.invoke(app, ["seed", "--db", str(db)])
    assert result.exit_code == 0 and result.stderr == ""
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 0 and result.stderr == ""


def test_rich_is_not_imported_to_start_the_cli() -> None:
    code = "import sys, dbtool.cli; print('rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
