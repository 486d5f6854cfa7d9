"""``dbtool report all``: every report into a folder, safely, for cron and systemd timers.

Checks run first, so the reports and the exit code agree. Every file is
written to a temporary name and renamed, so a reader never sees half a
report; a lock file keeps two overlapping runs from interleaving; and the
output is deterministic: only each Markdown header line carries the time.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dbtool.errors import DbtoolError, OutputError, UsageError

EXTENSIONS = {"md": "markdown", "csv": "csv", "json": "json"}
LOCK_NAME = ".dbtool-report.lock"


class ReportsLocked(DbtoolError):
    """Another ``dbtool report all`` holds the output folder's lock."""


@dataclass
class Publication:
    folder: Path
    generated_at: str
    check_run: int
    revision: str
    failed: bool
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256


def parse_formats(text: str) -> list[str]:
    """``"md,csv"`` -> ``["md", "csv"]``; Markdown is always written."""
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in EXTENSIONS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} in --formats; use md, csv, json")
    return list(dict.fromkeys(["md", *formats]))


@contextmanager
def folder_lock(folder: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on ``folder``; wait up to ``timeout`` seconds for it."""
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise ReportsLocked(
                        f"{folder}: another `dbtool report all` is writing here "
                        f"(lock {path}); gave up after {timeout:g} s"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_atomic(path: Path, text: str) -> str:
    """Write ``text`` to ``path`` via a temporary file and a rename; returns its sha256."""
    data = text.encode("utf-8")
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


def _index(publication: Publication, formats: list[str], counts: dict[str, int]) -> str:
    from dbtool.reports.registry import REPORTS

    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    lines = [
        "# dbtool reports",
        "",
        f"Generated {publication.generated_at} by dbtool · check run {publication.check_run}, "
        f"database revision {publication.revision}",
        "",
        f"Cross-checks: {summary}.",
        "",
        "| Report | What it shows | Formats |",
        "| --- | --- | --- |",
    ]
    for name, description in REPORTS.items():
        links = " · ".join(f"[{ext}]({name}.{ext})" for ext in formats)
        lines.append(f"| [{name}]({name}.md) | {description} | {links} |")
    return "\n".join(lines) + "\n"


def publish(
    url: str,
    folder: Path,
    formats: list[str],
    lock_timeout: float = 60.0,
    log: Callable[[str], None] = lambda _: None,
) -> Publication:
    """Run the checks, then write every report, ``index.md`` and ``manifest.json``."""
    from dbtool.db.engine import require_file

    require_file(url)  # before the folder is made: a missing database leaves nothing behind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _publish(url, folder, formats, lock_timeout, log)
    except OSError as exc:
        raise OutputError(exc.filename or folder, exc) from None


def _publish(
    url: str, folder: Path, formats: list[str], lock_timeout: float, log: Callable[[str], None]
) -> Publication:
    from dbtool.checks.engine import check_database
    from dbtool.db.reader import open_reader
    from dbtool.reports.registry import REPORTS, build_with
    from dbtool.reports.render import render

    with folder_lock(folder, lock_timeout):
        run = check_database(url)
        stamp = run.finished_at.replace(microsecond=0).isoformat()
        publication = Publication(folder, stamp, run.id, run.revision, run.failed())
        with open_reader(url) as reader:
            for name in REPORTS:
                report = build_with(reader, name)
                for ext in formats:
                    text = render(report, EXTENSIONS[ext], generated_at=stamp)
                    file = f"{name}.{ext}"
                    publication.files[file] = write_atomic(folder / file, text)
                    log(f"wrote {folder / file}")
        index = _index(publication, formats, run.counts())
        publication.files["index.md"] = write_atomic(folder / "index.md", index)
        manifest = {
            "generated_at": stamp,
            "check_run": run.id,
            "database_revision": run.revision,
            "checks_failed": run.failed(),
            "files": dict(sorted(publication.files.items())),
        }
        write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2) + "\n")
        log(f"wrote {folder / 'index.md'} and {folder / 'manifest.json'}")
    return publication
