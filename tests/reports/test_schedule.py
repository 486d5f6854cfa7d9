"""The scheduling recipes of docs/scheduling.md, run as written: cron mails what a job
prints, systemd marks a unit failed by its exit status, so the job must print exactly
when a check fails, and fail then."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.checks.rules import RULES
from dbtool.cli import app
from dbtool.reports.registry import REPORTS
from tests.helpers import ROOT, failing_db

runner = CliRunner()
DOC = ROOT / "docs" / "scheduling.md"
SERVER = "/srv/dbtool"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d "


def _block(language: str, containing: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if containing in b)


def cron_command() -> str:
    """The crontab line's command: what follows its five time fields."""
    line = next(line for line in _block("cron", "MAILTO").splitlines() if re.match(r"[\d*]", line))
    return line.split(None, 5)[5]


def _server(tmp_path: Path, database: Path) -> Path:
    """A folder laid out as the recipes expect /srv/dbtool: the database, and a
    .venv/bin/dbtool that runs this checkout's dbtool."""
    home = tmp_path / "srv"
    (home / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(database, home / "dbtool.sqlite")
    wrapper = home / ".venv" / "bin" / "dbtool"
    wrapper.write_text(
        f'#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m dbtool "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    return home


def _run(
    command: str, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", "-c", command.replace(SERVER, str(home))],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture
def failing_file(tmp_path: Path) -> Path:
    return Path(failing_db(tmp_path))


def test_the_cron_line_prints_nothing_when_every_check_passes(
    tmp_path: Path, db_file: Path
) -> None:
    home = _server(tmp_path, db_file)
    result = _run(cron_command(), home)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (home / "reports" / "index.md").is_file()


def test_the_cron_line_fails_with_one_line_when_a_check_fails(
    tmp_path: Path, failing_file: Path
) -> None:
    home = _server(tmp_path, failing_file)
    result = _run(cron_command(), home)
    assert result.returncode == 1
    assert result.stdout == ""
    assert re.fullmatch(
        STAMP + rf"check run 1 FAILED: 1 fail \(part-within-whole\), .* from {len(RULES)} rules on "
        rf"1 documents; {3 * len(REPORTS) + 1} files in reports\n",
        result.stderr,
    ), result.stderr


def test_the_systemd_service_fails_the_unit_when_a_check_fails(
    tmp_path: Path, failing_file: Path, db_file: Path
) -> None:
    service = _block("ini", "ExecStart")
    env = dict(re.findall(r"^Environment=(\w+)=(.*)$", service, re.M))
    [command] = re.findall(r"^ExecStart=(.*)$", service, re.M)
    for database, code in ((db_file, 0), (failing_file, 1)):
        home = _server(tmp_path / str(code), database)
        values = {k: v.replace(SERVER, str(home)) for k, v in env.items()}
        result = _run(command, home, values)
        assert (result.returncode, result.stdout) == (code, "")
        assert len(result.stderr.splitlines()) == code


def test_report_all_prints_one_summary_line_by_default(db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "all", "--db", str(db_file), "--output-dir", str(out)])
    assert result.exit_code == 0
    assert re.fullmatch(
        STAMP + rf"check run 1 passed: 0 fail, 59 pass, 0 warn, 47 info from {len(RULES)} rules on "
        rf"6 documents; {len(REPORTS) + 1} files in {out}\n",
        result.stderr,
    ), result.stderr
    verbose = runner.invoke(
        app, ["report", "all", "--db", str(db_file), "--output-dir", str(out), "--verbose"]
    )
    # a line per report, one for the index and manifest, the summary
    assert len(verbose.stderr.splitlines()) == len(REPORTS) + 2
    quiet = runner.invoke(
        app, ["report", "all", "--db", str(db_file), "--output-dir", str(out), "--quiet"]
    )
    assert (quiet.exit_code, quiet.stderr) == (0, "")


def test_keep_bounds_the_history(db_file: Path, tmp_path: Path) -> None:
    for _ in range(3):
        runner.invoke(
            app, ["report", "all", "--db", str(db_file), "--output-dir", str(tmp_path), "-q"]
        )
    result = runner.invoke(
        app,
        ["report", "all", "--db", str(db_file), "--output-dir", str(tmp_path), "-q", "--keep", "2"],
    )
    assert result.exit_code == 0
    runs = runner.invoke(app, ["sql", "select count(*) as n from check_runs", "--db", str(db_file)])
    assert runs.stdout.split()[-1] == "2"


def test_index_names_each_failing_finding_and_links_to_it(
    tmp_path: Path, failing_file: Path
) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["report", "all", "--db", str(failing_file), "--output-dir", str(out)])
    index = (out / "index.md").read_text(encoding="utf-8")
    [link] = re.findall(
        r"^- \*\*fail\*\* `part-within-whole`: \[(.+)\]\(checks\.md#(.+)\)$", index, re.M
    )
    words, anchor = link
    assert words == "Some of All"  # the two quantities by name
    assert f'<a id="{anchor}"></a>fail' in (out / "checks.md").read_text(encoding="utf-8")
