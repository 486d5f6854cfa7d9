"""`dbtool report all` killed with SIGKILL at random moments and after N files.

After every kill the output folder must hold one whole set, matching its
manifest (the sha256 of every file, and no file it does not list): the set
before the run, or the run's new one. The next complete run removes what the
killed runs left. DBTOOL_HOSTILE_TRIALS sets the number of random kills
(default 10; 100 for a long soak, which also kills after every N);
DBTOOL_HOSTILE_SEED replays a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dbtool.reports.registry import REPORTS

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("DBTOOL_HOSTILE_TRIALS") or 10)
FORMATS = "md,csv,json"  # a "wrote" line per report and format, then index and manifest
FILES = 3 * len(REPORTS)
STAMP = re.compile(r"^\S+T\S+ ")  # the ISO time stamp on a line when stderr is not a terminal


def _wrote(line: str) -> bool:
    return STAMP.sub("", line, count=1).startswith("wrote ")


# A second process writes half the reports from WORKER_FROM check results on; the
# small test database needs it forced to kill runs that have one.
WITH_WORKER = (
    "import dbtool.reports.publish as p; p.WORKER_FROM = 0; from dbtool.cli import main; main()"
)


def _command(db: Path, out: Path, worker: bool = False) -> list[str]:
    return [
        sys.executable,
        *(["-c", WITH_WORKER] if worker else ["-m", "dbtool"]),
        "report",
        "all",
        "--db",
        str(db),
        "--output-dir",
        str(out),
        "--formats",
        FORMATS,
        "--verbose",
    ]


def _whole_set(out: Path) -> dict[str, Any]:
    """The folder's manifest, after checking the folder is exactly the set it describes."""
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible == {*manifest["files"], "manifest.json"}, "files of two runs are mixed"
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    assert (out / ".dbtool-report.lock").is_file()
    return manifest


def _leftovers(out: Path) -> list[str]:
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    inside = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    return beside + inside


def _complete_run(db: Path, out: Path, worker: bool = False) -> tuple[float, float]:
    """Run to the end; when (seconds after start) it wrote its first file, and when it ended."""
    start = time.monotonic()
    process = subprocess.Popen(_command(db, out, worker), stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    first_write = None
    for line in process.stderr:
        if first_write is None and _wrote(line):
            first_write = time.monotonic() - start
    assert process.wait(timeout=60) == 0
    assert first_write is not None
    return first_write, time.monotonic() - start


def _after_kill(out: Path, previous: dict[str, Any], context: str) -> dict[str, Any]:
    current = _whole_set(out)
    # old or new: the set before the run, or a set a later check run made
    assert current == previous or current["check_run"] > previous["check_run"], context
    return current


@pytest.mark.parametrize("worker", [False, True], ids=["one-process", "with-worker"])
def test_a_kill_at_a_random_moment_leaves_the_old_set_or_the_new_one(
    db_file: Path, tmp_path: Path, worker: bool
) -> None:
    out = tmp_path / "out"
    first_write, end = _complete_run(db_file, out, worker)
    previous = _whole_set(out)
    seed = int(os.environ.get("DBTOOL_HOSTILE_SEED") or time.time_ns() % 2**32)
    rng = random.Random(seed)
    for trial in range(TRIALS):
        # Half the kills fall anywhere in a run; half while it writes files and swaps folders.
        low = 0.0 if trial % 2 else max(0.0, first_write - 0.02)
        delay = rng.uniform(low, end + 0.02)
        process = subprocess.Popen(
            _command(db_file, out, worker), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        process.kill()
        process.wait(timeout=60)
        context = f"DBTOOL_HOSTILE_SEED={seed}, trial {trial}, killed after {delay:.3f} s"
        previous = _after_kill(out, previous, context)
    _complete_run(db_file, out, worker)
    assert _whole_set(out)["check_run"] > previous["check_run"]
    assert _leftovers(out) == []


def test_a_kill_after_n_files_leaves_the_old_set_and_the_next_run_cleans_up(
    db_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _complete_run(db_file, out)
    previous = _whole_set(out)
    # A "wrote" line per file, then one for index.md and manifest.json just before the swap.
    counts = range(1, FILES + 2) if TRIALS >= FILES + 1 else (1, FILES // 2, FILES, FILES + 1)
    left: list[str] = []
    for n in counts:
        process = subprocess.Popen(
            _command(db_file, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        assert process.stderr is not None
        written = 0
        for line in process.stderr:
            written += _wrote(line)
            if written == n:
                process.kill()
                break
        process.wait(timeout=60)
        process.stderr.close()
        previous = _after_kill(out, previous, f"killed after {n} files")
        left += _leftovers(out)
    assert left, "no kill left a half-written set behind: the cleanup was not exercised"
    _complete_run(db_file, out)
    assert _whole_set(out)["check_run"] > previous["check_run"]
    assert _leftovers(out) == []
