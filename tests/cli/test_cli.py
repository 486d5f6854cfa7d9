"""The CLI: every command documented, exact error lines, exit codes, a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dbtool.cli import COMMANDS, app
from dbtool.cli.lazy import LazyGroup
from dbtool.db.migrations import head_revision
from tests.helpers import ROOT, SEED_FILE, SEEDS, file_digest

runner = CliRunner()


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "dbtool")
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    assert command.help, path
    if not hasattr(command, "commands") or not path:
        assert "Example: dbtool" in command.help, path


LAZY = [p for p in ALL_COMMANDS if p and p[:-1] in ((), ("report",))]


@pytest.mark.parametrize("path", LAZY, ids=" ".join)
def test_each_summary_is_its_commands_first_paragraph(path: tuple[str, ...]) -> None:
    """The root and ``report`` list summaries without building commands: they must say
    what the help says."""
    group = typer.main.get_command(app)
    for name in path[:-1]:
        group = group.commands[name]
    assert isinstance(group, LazyGroup)
    command = group.commands[path[-1]]
    assert command.help is not None
    first = " ".join(command.help.split("\n\n")[0].split())
    assert group.entries[path[-1]].summary == first
    if not path[:-1]:
        assert COMMANDS[path[-1]] is group.entries[path[-1]]


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["--help"], set()),
        (["report", "--help"], {"report", "options"}),
        (["sql", "--help"], {"sql", "options"}),
    ],
)
def test_a_command_loads_only_its_own_module(argv: list[str], loaded: set[str]) -> None:
    """``dbtool --help`` imports no command module; a command, only its own and their helpers."""
    probe = (
        "import sys\n"
        f"sys.argv = ['dbtool', *{argv!r}]\n"
        "from dbtool.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('dbtool.cli.'))),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    modules = {name.removeprefix("dbtool.cli.") for name in done.stderr.split()}
    assert modules - {"progress", "lazy"} == loaded, done.stderr


@pytest.mark.parametrize("path", [p for p in ALL_COMMANDS if p], ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`dbtool {' '.join(path)}" in readme, f"README.md does not mention dbtool {path}"


CORPUS = [
    "awdc-alrosa-2018",
    "alrosa-sales-2017",
    "antwerp-trade-2017",
    "alrosa-sales-2018-07",
    "alrosa-sales-2018-09",
    "kp-production-2016",
]


def test_init_seed_report_db(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    result = runner.invoke(app, ["init", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Schema: base -> {head_revision()}"
    assert [line.split(":")[0] for line in lines[1:]] == CORPUS
    assert all(": added, " in line for line in lines[1:])
    result = runner.invoke(app, ["seed", "--db", db])
    assert (result.exit_code, result.stdout) == (
        0,
        "".join(f"{slug}: unchanged ({slug}.toml)\n" for slug in CORPUS),
    )
    result = runner.invoke(app, ["report", "summary", "--db", db, "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "# dbtool summary\n\nSource: 6 documents published 2017-06-30 to 2018-10-10 "
    )
    assert "| Figures | figures | 112 |" in result.stdout
    assert runner.invoke(app, ["db", "current", "--db", db]).stdout == f"{head_revision()} (head)\n"
    history = runner.invoke(app, ["db", "history"]).stdout
    assert history.startswith("base -> 0001: core schema")


def test_documents_add_replace_forget(tmp_path: Path, db_file: Path) -> None:
    db = str(db_file)
    result = runner.invoke(app, ["documents", "--db", db, "--format", "csv"])
    assert result.exit_code == 0
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == [
        "kp-production-2016",
        "alrosa-sales-2017",
        "antwerp-trade-2017",
        "awdc-alrosa-2018",
        "alrosa-sales-2018-07",
        "alrosa-sales-2018-09",
    ]
    result = runner.invoke(app, ["forget", "alrosa-sales-2018-09", "--db", db])
    assert result.exit_code == 0 and result.stdout.startswith("alrosa-sales-2018-09: forgotten")
    result = runner.invoke(app, ["forget", "alrosa-sales-2018-09", "--db", db])
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "Error: no document 'alrosa-sales-2018-09' is loaded (loaded: alrosa-sales-2017, "
            "alrosa-sales-2018-07, antwerp-trade-2017, awdc-alrosa-2018, kp-production-2016)\n"
        ),
    )
    result = runner.invoke(app, ["seed", str(SEEDS / "alrosa-sales-2018-09.toml"), "--db", db])
    assert result.exit_code == 0 and result.stdout.startswith("alrosa-sales-2018-09: added")


def test_downgrade_refuses_to_lose_documents(db_file: Path) -> None:
    result = runner.invoke(app, ["db", "downgrade", "base", "--db", str(db_file)])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot downgrade below 0008: the database holds 1 table document; "
        "`dbtool forget` the documents that state them first\n"
    )
    assert runner.invoke(app, ["db", "current", "--db", str(db_file)]).stdout == (
        f"{head_revision()} (head)\n"
    )


def test_downgrade_and_upgrade(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.sqlite")
    assert runner.invoke(app, ["db", "upgrade", "--db", db]).exit_code == 0
    result = runner.invoke(app, ["db", "downgrade", "base", "--db", db])
    assert (result.exit_code, result.stdout) == (0, f"Downgraded: {head_revision()} -> base\n")
    assert runner.invoke(app, ["db", "current", "--db", db]).stdout.startswith("base")
    result = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert (result.exit_code, result.stdout) == (0, f"Upgraded: base -> {head_revision()}\n")
    result = runner.invoke(app, ["db", "downgrade", "0001", "--db", db])
    assert result.stdout == f"Downgraded: {head_revision()} -> 0001\n"
    assert runner.invoke(app, ["db", "current", "--db", db]).stdout == (
        f"0001 (behind head {head_revision()})\n"
    )


def test_bad_seed_file_is_one_located_error_line_per_problem_and_exit_2(
    db_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[document]\nslug = "Not A Slug"\n', encoding="utf-8")
    before = file_digest(db_file)
    result = runner.invoke(app, ["seed", str(bad), "--db", str(db_file)])
    assert result.exit_code == 2
    missing = ("title", "file", "published_on", "published_on_basis")
    assert result.stderr == "".join(
        [
            f"Error: {bad}: document.slug: String should match pattern '^[a-z0-9][a-z0-9-]*$'\n",
            *(f"Error: {bad}: document.{name}: Field required\n" for name in missing),
        ]
    )
    assert file_digest(db_file) == before


def test_report_on_an_uninitialised_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    result = runner.invoke(app, ["report", "summary", "--db", str(db)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {db}: no such database file; run `dbtool init`\n",
    )
    assert not db.exists()  # a report never creates a database
    db.write_bytes(b"")
    result = runner.invoke(app, ["report", "summary", "--db", str(db)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {db} is an empty file: it has no dbtool schema; run `dbtool init --db {db}`\n",
    )
    assert db.stat().st_size == 0  # and never becomes a database


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["check", "--list"],
        ["schema"],
        ["report", "summary"],
        ["report", "all", "--output-dir", "OUT"],
        ["db", "current"],
        ["db", "downgrade", "base"],
        ["sql", "select 1"],
        ["seed"],
        ["draft", str(SEEDS / "awdc-alrosa-2018.txt")],
    ],
    ids=" ".join,
)
def test_reading_a_missing_database_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "missing.sqlite"
    command = [str(tmp_path / "out") if word == "OUT" else word for word in command]
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {missing}: no such database file; run `dbtool init`\n",
    )
    assert sorted(tmp_path.iterdir()) == []
    # The same through a URL, however it is spelled.
    for url in (f"sqlite:///{missing}", f"sqlite+pysqlite:///{missing}?timeout=5"):
        result = runner.invoke(app, [*command, "--database-url", url])
        assert result.exit_code == 2, (url, result.output)
        assert sorted(tmp_path.iterdir()) == []


def test_missing_folder_and_unknown_format(tmp_path: Path, db_file: Path) -> None:
    result = runner.invoke(app, ["init", "--db", str(tmp_path / "nope" / "x.sqlite")])
    assert result.exit_code == 2
    nope = tmp_path / "nope"
    assert result.stderr == f"Error: {nope}/x.sqlite: folder {nope} does not exist\n"
    result = runner.invoke(app, ["report", "summary", "--db", str(db_file), "-f", "xml"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown format 'xml'; choose one of table, markdown, csv, json, jsonl (or md)\n"
    )


def test_unknown_command_is_a_usage_error() -> None:
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.stderr


def test_real_subprocess(tmp_path: Path) -> None:
    """Once as users run it: a new process, the default ./dbtool.sqlite in the cwd."""
    env = {k: v for k, v in os.environ.items() if k != "DBTOOL_DATABASE_URL"}
    run = [sys.executable, "-m", "dbtool"]
    init = subprocess.run([*run, "init"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "dbtool.sqlite").is_file()
    seed = subprocess.run(
        [*run, "seed", str(SEED_FILE)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (seed.returncode, seed.stdout) == (
        0,
        "awdc-alrosa-2018: unchanged (awdc-alrosa-2018.toml)\n",
    )
    bad = subprocess.run(
        [*run, "seed", "missing.toml"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (bad.returncode, bad.stderr) == (2, "Error: missing.toml: no such file\n")
    assert "Traceback" not in bad.stderr
