"""`dbtool report all`: for cron. An atomic set, a lock, deterministic output, exit codes."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.errors import DbtoolError
from dbtool.reports.publish import folder_lock
from dbtool.reports.registry import REPORTS
from tests.helpers import ROOT, TIME_LINE, assert_golden, failing_db, report_files

runner = CliRunner()


def test_writes_every_report_index_and_manifest(db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "report",
            "all",
            "--db",
            str(db_file),
            "--output-dir",
            str(out),
            "--formats",
            "md,csv,json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # logs go to stderr, for cron
    expected = {f"{name}.{ext}" for name in REPORTS for ext in ("md", "csv", "json")}
    assert set(report_files(out)) == expected | {"index.md", "manifest.json"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["check_run"] == 1 and manifest["checks_failed"] is False
    assert set(manifest["files"]) == expected | {"index.md"}
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "| [figures](figures.md) |" in index and "[json](figures.json)" in index


def test_twice_gives_identical_files_but_the_time_line(db_file: Path, tmp_path: Path) -> None:
    api.check(f"sqlite:///{db_file}")  # history exists, as it does for a scheduled job
    first, second = tmp_path / "a", tmp_path / "b"
    url = f"sqlite:///{db_file}"
    api.publish(url, first, ["md", "csv", "json"])
    api.publish(url, second, ["md", "csv", "json"])
    for name, text in report_files(first).items():
        if name != "manifest.json":
            assert TIME_LINE.sub("", text) == TIME_LINE.sub("", (second / name).read_text("utf-8"))


def test_a_failed_check_still_writes_and_exits_1(tmp_path: Path) -> None:
    db = failing_db(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "all", "--db", db, "--output-dir", str(out)])
    assert result.exit_code == 1
    assert "check run 1 FAILED: 1 fail (part-within-whole), " in result.stderr
    checks = (out / "checks.md").read_text(encoding="utf-8")
    assert checks.startswith("# Cross-checks: 1 fail, 0 warn")


def test_two_concurrent_runs_both_finish_with_intact_files(db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "dbtool",
        "report",
        "all",
        "--db",
        str(db_file),
        "--output-dir",
        str(out),
        "--formats",
        "md,json",
    ]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outcomes
    for name in REPORTS:
        json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert (out / f"{name}.md").read_text(encoding="utf-8").endswith("\n")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dbtool.sqlite", "out"]  # no set left


def test_a_held_lock_times_out_with_a_clear_message(db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with folder_lock(out, 1):
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "dbtool",
                "report",
                "all",
                "--db",
                str(db_file),
                "--output-dir",
                str(out),
                "--lock-timeout",
                "0.2",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert child.returncode == 2
    assert child.stderr == (
        f"Error: {out}: another `dbtool report all` is writing here "
        f"(lock {out}/.dbtool-report.lock); gave up after 0.2 s\n"
    )


def test_unknown_format_is_a_usage_error(db_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "report",
            "all",
            "--db",
            str(db_file),
            "--output-dir",
            str(tmp_path),
            "--formats",
            "md,pdf",
        ],
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: unknown format 'pdf' in --formats; use md, csv, json\n",
    )


def test_committed_reports_are_fresh(tmp_path: Path) -> None:
    """reports/ in the repository is what `dbtool init && dbtool report all` writes today.

    Regenerate with: rm -f dbtool.sqlite && dbtool init && dbtool report all --formats md,csv,json
    (or DBTOOL_UPDATE_GOLDEN=1, see tests.helpers.assert_golden).
    """
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    api.init(url)
    out = tmp_path / "reports"
    api.publish(url, out, ["md", "csv", "json"])
    committed = ROOT / "reports"
    written = report_files(out)
    for name, text in written.items():
        if name != "manifest.json":  # it holds each file's hash, which covers the time line
            assert_golden(committed / name, text)
    assert set(report_files(committed)) == set(written)


def test_an_invalid_database_creates_no_output_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.sqlite").write_bytes(b"")  # exists, but has no schema
    with pytest.raises(DbtoolError, match="no dbtool schema"):
        api.publish(f"sqlite:///{tmp_path / 'empty.sqlite'}", tmp_path / "out", ["md"])
    assert not (tmp_path / "out").exists()  # refused before anything was created


def test_an_unwritable_output_is_one_error_line(db_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(
        app, ["report", "all", "--db", str(db_file), "--output-dir", str(blocker / "reports")]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: cannot write {blocker / 'reports'}: Not a directory\n",
    )
    result = runner.invoke(
        app,
        [
            "report",
            "summary",
            "--db",
            str(db_file),
            "--output",
            str(tmp_path / "missing" / "summary.txt"),
        ],
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: cannot write {tmp_path / 'missing' / 'summary.txt'}: No such file or directory\n",
    )


def _matches_manifest(folder: Path) -> dict[str, str]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    return dict(manifest["files"])


def test_a_folder_from_before_the_atomic_set_is_taken_over_without_loss(
    db_file: Path, tmp_path: Path
) -> None:
    """Reports of an older run, an orphan .tmp of the old per-file writer, and files that
    are not dbtool's: the reports are replaced, the orphan goes, the rest stays."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "figures.md").write_text("old\n", encoding="utf-8")
    (out / "figures.csv").write_text("old\n", encoding="utf-8")  # a format no longer asked for
    (out / ".figures.md.k2j4h5g6.tmp").write_text("half", encoding="utf-8")
    (out / "README.txt").write_text("ours, not dbtool's\n", encoding="utf-8")
    (out / "img").mkdir()
    (out / "img" / "logo.svg").write_text("<svg/>\n", encoding="utf-8")
    messages: list[str] = []
    api.publish(
        f"sqlite:///{db_file}", out, ["md"], log=lambda line, verbose=False: messages.append(line)
    )
    files = _matches_manifest(out)
    assert set(report_files(out)) == {*files, "manifest.json", "README.txt"}
    assert (out / "README.txt").read_text(encoding="utf-8") == "ours, not dbtool's\n"
    assert (out / "img" / "logo.svg").read_text(encoding="utf-8") == "<svg/>\n"
    assert not (out / ".figures.md.k2j4h5g6.tmp").exists()
    assert f"removed {out / '.figures.md.k2j4h5g6.tmp'}, left by an interrupted run" in messages
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dbtool.sqlite", "out"]


def test_the_lock_file_keeps_its_inode_across_sets(db_file: Path, tmp_path: Path) -> None:
    """A run waiting on the old set's lock and one opening the new set's wait on one file."""
    out = tmp_path / "out"
    api.publish(f"sqlite:///{db_file}", out, ["md"])
    lock = (out / ".dbtool-report.lock").stat()
    api.publish(f"sqlite:///{db_file}", out, ["md"])
    after = (out / ".dbtool-report.lock").stat()
    assert (after.st_ino, after.st_nlink) == (lock.st_ino, 1)


def test_a_symlinked_output_folder_stays_a_symlink(db_file: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to("real")
    api.publish(f"sqlite:///{db_file}", tmp_path / "link", ["md"])
    assert (tmp_path / "link").is_symlink()
    _matches_manifest(real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dbtool.sqlite", "link", "real"]


def test_where_folders_cannot_be_swapped_files_are_replaced_one_by_one(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """renameat2 is Linux's; elsewhere (or on NFS) each file is still replaced atomically."""
    from dbtool.reports import publish as publishing

    def cannot(a: Path, b: Path) -> None:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(a))

    out = tmp_path / "out"
    api.publish(f"sqlite:///{db_file}", out, ["md", "csv"])
    monkeypatch.setattr(publishing, "exchange", cannot)
    messages: list[str] = []
    api.publish(
        f"sqlite:///{db_file}", out, ["md"], log=lambda line, verbose=False: messages.append(line)
    )
    files = _matches_manifest(out)
    assert set(report_files(out)) == {*files, "manifest.json"}  # the CSV files went
    assert f"{out}: cannot swap folders (Invalid argument); replacing file by file" in messages
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dbtool.sqlite", "out"]


@pytest.mark.parametrize("worker", ["python", "/bin/false"])
def test_a_second_process_writes_the_same_set(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker: str
) -> None:
    """On a large database a worker writes half the reports; the set is the same,
    and so it is when the worker fails and its share is written here."""
    from dbtool.reports import publish as module

    url = f"sqlite:///{db_file}"
    api.check(url)  # history exists, so both sets compare a run with the one before
    by_one = api.publish(url, tmp_path / "one", ["md", "csv", "json"])
    monkeypatch.setattr(module, "WORKER_FROM", 0)
    monkeypatch.setattr(module.os, "cpu_count", lambda: 2)
    if worker != "python":
        monkeypatch.setattr(sys, "executable", worker)
    written_here: list[str] = []
    write_reports = module.write_reports

    def recording(*args: object, **kwargs: object) -> dict[str, str]:
        written_here.extend(args[2])  # type: ignore[arg-type]
        return write_reports(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "write_reports", recording)
    by_two = api.publish(url, tmp_path / "two", ["md", "csv", "json"])
    handed = set(module.HANDED_OFF)
    if worker == "python":
        assert set(written_here) == set(REPORTS) - handed  # the worker wrote the rest
    else:
        assert sorted(written_here) == sorted(REPORTS)  # its share was written here
    assert list(by_two.files) == list(by_one.files)
    one, two = report_files(tmp_path / "one"), report_files(tmp_path / "two")
    assert one.keys() == two.keys() and len(one) == 3 * len(REPORTS) + 2
    for name, text in one.items():
        if name != "manifest.json":
            assert TIME_LINE.sub("", two[name]) == TIME_LINE.sub("", text), name
